/* tests/demos/test_autoanswer.c - the docs/examples/autoanswer program against the
 * real sipserver, called by a real sipua: three processes on loopback.
 *
 * The example is what students copy first (the twin of the pjsua2 sample); this
 * proves it works against the programs of the demo, not only against the library's
 * server in-process (tests/sip/test_app_loopback.c does that).  The autoanswer prints
 * "Call connected" at the ACK; sipua prints "sipua: call confirmed" and exits 0.
 *
 * The example sends no RTP (it answers and swallows what it receives), so sipua calls
 * for half a second: a call shorter than SIPUA_RTP_GRACE_US is not judged on media.
 */
#include "tests/demos/uaproc.h"
#include "tests/support/harness.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define WAIT (20 * UAPROC_SEC)

static struct uaproc server, answerer, caller;
static char users_path[64], server_addr[64];

static void setup(void)
{
	FILE *f;

	uaproc_init(&server);
	uaproc_init(&answerer);
	uaproc_init(&caller);
	server_addr[0] = '\0';
	uaproc_loop_open();
	snprintf(users_path, sizeof(users_path), "/tmp/autoanswer_users_%d", (int)getpid());
	f = fopen(users_path, "w");
	CU_ASSERT_PTR_NOT_NULL(f);
	if (f != NULL) {
		fputs("# the demo's users\nalice:wonderland\nbob:zanzibar\n", f);
		fclose(f);
	}
}

static void teardown(void)
{
	uaproc_kill(&caller);
	uaproc_kill(&answerer);
	uaproc_kill(&server);
	uaproc_loop_close();
	unlink(users_path);
}

/* Starts sipserver on a free port and reads the address it prints. */
static bool start_server(void)
{
	const char *args[] = { "sipserver", "--listen", "127.0.0.1:0", "--users", users_path,
			       "--quiet", NULL };
	const char *at;

	if (uaproc_spawn(&server, "sipserver", args, false) != 0 ||
	    !uaproc_wait_out(&server, "sipserver: listening on ", WAIT))
		return false;
	at = strstr(server.out, "sipserver: listening on ") + strlen("sipserver: listening on ");
	snprintf(server_addr, sizeof(server_addr), "%.*s", (int)strcspn(at, " \n"), at);
	return server_addr[0] != '\0';
}

/* Starts the example as bob with `password` at the server and waits for the line
 * that says how its registration went. */
static void start_answerer(const char *password, const char *registration)
{
	const char *aa[] = { "autoanswer", server_addr, "bob", password, server_addr, "127.0.0.1:0",
			     NULL };

	CU_ASSERT_EQUAL(uaproc_spawn(&answerer, "examples/autoanswer", aa, false), 0);
	CU_ASSERT_TRUE(uaproc_wait_out(&answerer, registration, WAIT));
}

/* Runs sipua as alice calling bob through the server (for `duration` seconds when not
 * NULL) until it exits. */
static void run_caller(const char *duration)
{
	const char *ua[16] = { "sipua", "--user", "alice", "--password", "wonderland", "--server",
			       server_addr, "--call", "bob", "--quiet", NULL };

	if (duration != NULL) {
		ua[10] = "--duration";
		ua[11] = duration;
		ua[12] = NULL;
	}
	CU_ASSERT_EQUAL(uaproc_spawn(&caller, "sipua", ua, false), 0);
	CU_ASSERT_TRUE(uaproc_wait_exit(&caller, WAIT));
}

/* RFC3261 10.2, 13.3.1.4: the example registers bob at sipserver, a sipua (alice)
 * calls it through the server, the example answers ("Call connected"), the caller's
 * call is confirmed and ends with its BYE; on SIGTERM the example unregisters. */
static void test_rfc3261_13_3_1_4_autoanswer_answers_sipua_through_sipserver(void)
{
	CU_ASSERT_TRUE(start_server());
	if (server_addr[0] == '\0')
		return;
	start_answerer("zanzibar", "Registration Registered 200");
	run_caller("0.5");
	CU_ASSERT_EQUAL(caller.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(caller.out, "sipua: call confirmed\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(caller.out, "sipua: call ended: 200 OK\n"));
	CU_ASSERT_TRUE(uaproc_wait_out(&answerer, "Call disconnected: 200", WAIT));
	CU_ASSERT_PTR_NOT_NULL(strstr(answerer.out, "Incoming call from <sip:alice@"));
	CU_ASSERT_PTR_NOT_NULL(strstr(answerer.out, "Call connected\n"));
	uaproc_signal(&answerer, SIGTERM);
	CU_ASSERT_TRUE(uaproc_wait_exit(&answerer, WAIT));
	CU_ASSERT_EQUAL(answerer.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(answerer.out, "Registration None"));
	uaproc_signal(&server, SIGTERM);
	CU_ASSERT_TRUE(uaproc_wait_exit(&server, WAIT));
	CU_ASSERT_EQUAL(server.status, 0);
}

/* RFC3261 22.4: the example with a wrong password is refused by sipserver; a call to
 * bob then finds nobody registered (480). */
static void test_rfc3261_22_4_autoanswer_with_a_wrong_password_is_not_reachable(void)
{
	CU_ASSERT_TRUE(start_server());
	if (server_addr[0] == '\0')
		return;
	start_answerer("tweedledum", "Registration Failed 401");
	run_caller(NULL);
	CU_ASSERT_EQUAL(caller.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(caller.err, "sipua: call failed: 480 Temporarily Unavailable\n"));
	CU_ASSERT_PTR_NULL(strstr(answerer.out, "Incoming call"));
}

/* The example answers but sends no RTP although its SDP says sendrecv: a sipua call
 * longer than SIPUA_RTP_GRACE_US fails with the one line that says so. */
static void test_rfc3264_6_1_sipua_notices_a_silent_peer(void)
{
	CU_ASSERT_TRUE(start_server());
	if (server_addr[0] == '\0')
		return;
	start_answerer("zanzibar", "Registration Registered 200");
	run_caller("1.2");
	CU_ASSERT_EQUAL(caller.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(caller.err, "sipua: no RTP received from 127.0.0.1:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(caller.out, "sipua: call confirmed\n"));
}

static const struct th_test tests[] = {
	TH_TEST(test_rfc3261_13_3_1_4_autoanswer_answers_sipua_through_sipserver),
	TH_TEST(test_rfc3261_22_4_autoanswer_with_a_wrong_password_is_not_reachable),
	TH_TEST(test_rfc3264_6_1_sipua_notices_a_silent_peer),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 13 autoanswer example, sipserver and sipua on loopback", tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
