/* tests/demos/test_sipserver.c - sipserver run as a program: its command line, its
 * users file, and the registrar / proxy / redirect behaviour it wires, poked with
 * hand-written SIP over UDP on loopback.
 *
 * Every test starts its own server on a free port (--listen 127.0.0.1:0) and waits for
 * the readiness line; no sleeping, bounded waits.  The protocol itself is tested in
 * tests/sip/; these tests prove the program wires it: the options reach the library
 * and the answers leave through real sockets.
 */
#include "tests/demos/demoproc.h"
#include "tests/support/harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WAIT_MS 5000

static char tmpdir[64];

static void setup(void)
{
	dp_tmpdir_make(tmpdir, sizeof(tmpdir), "siplab_srv_");
}

static void teardown(void)
{
	dp_tmpdir_remove(tmpdir);
}

/* Runs sipserver to completion; returns its exit status, *out its output. */
static int run_server(const char *const *args, char **out)
{
	return dp_run("sipserver", args, out, WAIT_MS);
}

/* ---- Command line ------------------------------------------------------------------ */

/* Shared rules: "Command-line errors: one line `sipua: unknown option --foo (try
 * --help)` style and exit 2". */
static void test_impl_sipserver_unknown_option(void)
{
	const char *args[] = { "--foo", NULL };
	char *out;

	CU_ASSERT_EQUAL(run_server(args, &out), 2);
	CU_ASSERT_STRING_EQUAL(out, "sipserver: unknown option --foo (try --help)\n");
	free(out);
}

static void test_impl_sipserver_help(void)
{
	const char *args[] = { "--help", NULL };
	char *out;

	CU_ASSERT_EQUAL(run_server(args, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: sipserver [--listen ADDR:PORT]..."));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--mode MODE"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--pcap FILE"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--loss PCT[:SEED]"));
	free(out);
}

static void test_impl_sipserver_bad_values(void)
{
	static const struct {
		const char *args[4];
		const char *line;
	} cases[] = {
		{ { "--mode", "b2bua", NULL }, "sipserver: --mode is proxy or redirect, not b2bua (try --help)\n" },
		{ { "--listen", "localhost:5060", NULL }, "sipserver: --listen localhost:5060: not an IP address and port (try --help)\n" },
		{ { "--listen", NULL }, "sipserver: --listen needs a value (try --help)\n" },
		{ { "--drop", "0", NULL }, "sipserver: --drop needs a message number N >= 1 (try --help)\n" },
		{ { "--loss", "101", NULL }, "sipserver: --loss needs PCT[:SEED] with PCT in 0..100 (try --help)\n" },
		{ { "--t1", "x", NULL }, "sipserver: --t1 needs milliseconds (1..3600000) (try --help)\n" },
		{ { "--min-expires", "0", NULL }, "sipserver: --min-expires needs seconds (1..86400), not 0 (try --help)\n" },
		{ { "extra", NULL }, "sipserver: unexpected argument extra (try --help)\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out;

		CU_ASSERT_EQUAL(run_server(cases[i].args, &out), 2);
		CU_ASSERT_STRING_EQUAL(out, cases[i].line);
		free(out);
	}
}

/* The users file: errors name the file and the line. */
static void test_impl_sipserver_users_file_errors(void)
{
	static const struct {
		const char *text;
		const char *reason;
	} cases[] = {
		{ "alice:wonderland\n# comment\nbob\n", "users.txt:3: expected user:password\n" },
		{ "alice:\n", "users.txt:1: expected user:password\n" },
		{ ":pw\n", "users.txt:1: expected user:password\n" },
		{ "al ice:pw\n", "users.txt:1: the user name may not contain '@', spaces or control characters\n" },
		{ "alice:a\n\n  alice:b\n", "users.txt:3: user listed twice\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *path = dp_write_file(tmpdir, "users.txt", cases[i].text);
		const char *args[] = { "--users", path, NULL };
		char want[256], *out;

		snprintf(want, sizeof(want), "sipserver: %s/%s", tmpdir, cases[i].reason);
		CU_ASSERT_EQUAL(run_server(args, &out), 2);
		CU_ASSERT_STRING_EQUAL(out, want);
		free(out);
	}
	const char *args[] = { "--users", "/nonexistent/users.txt", NULL };
	char *out;

	CU_ASSERT_EQUAL(run_server(args, &out), 2);
	CU_ASSERT_STRING_EQUAL(out, "sipserver: /nonexistent/users.txt: No such file or directory\n");
	free(out);
}

/* Starts a server with extra args on a free port; returns the port or 0. */
static unsigned start_server(struct dp_proc *p, const char *const *extra)
{
	const char *args[24] = { "--listen", "127.0.0.1:0", NULL };
	size_t n = 2;

	for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 22; i++)
		args[n++] = extra[i];
	args[n] = NULL;
	if (dp_start(p, "sipserver", args) != 0 || !dp_wait_for(p, "(udp, tcp)\n", WAIT_MS))
		return 0;
	return dp_listen_port(p);
}

/* A port already taken: one line, exit 1. */
static void test_impl_sipserver_port_in_use(void)
{
	struct dp_proc a;
	unsigned port = start_server(&a, NULL);
	char listen[32], want[96], *out;
	const char *args[] = { "--listen", listen, NULL };

	CU_ASSERT_NOT_EQUAL_FATAL(port, 0);
	snprintf(listen, sizeof(listen), "127.0.0.1:%u", port);
	CU_ASSERT_EQUAL(run_server(args, &out), 1);
	snprintf(want, sizeof(want), "sipserver: cannot listen on %s: Address already in use\n", listen);
	CU_ASSERT_STRING_EQUAL(out, want);
	free(out);
	dp_free(&a);
}

/* SIGTERM stops the server cleanly: exit 0 and a last line. */
static void test_impl_sipserver_sigterm_exits_zero(void)
{
	struct dp_proc p;
	const char *extra[] = { "--domain", "biloxi.example.com", NULL };
	unsigned port = start_server(&p, extra);

	CU_ASSERT_NOT_EQUAL(port, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.out, "sipserver: domain biloxi.example.com, proxy mode, "
					     "digest authentication on, 0 users\n"));
	dp_signal(&p, SIGTERM);
	CU_ASSERT_EQUAL(dp_wait_exit(&p, WAIT_MS), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.out, "sipserver: stopping (0 calls drawn)\n"));
	dp_free(&p);
}

/* Two --listen addresses: UDP and TCP on each, one readiness line naming both. */
static void test_rfc3261_18_2_1_sipserver_listens_udp_and_tcp_on_each_address(void)
{
	struct dp_proc p;
	const char *args[] = { "--listen", "127.0.0.1:0", "--listen", "127.0.0.2:0", "--quiet", NULL };

	CU_ASSERT_EQUAL(dp_start(&p, "sipserver", args), 0);
	CU_ASSERT(dp_wait_for(&p, "(udp, tcp)\n", WAIT_MS));
	CU_ASSERT_PTR_NOT_NULL(strstr(p.out, "(udp, tcp), 127.0.0.2:"));
	dp_free(&p);
}

/* ---- Registrar, proxy, redirect through the program ---------------------------------- */

#define REGISTER_BOB(branch, expires)                                                  \
	"REGISTER sip:127.0.0.1 SIP/2.0\r\n"                                           \
	"Via: SIP/2.0/UDP 127.0.0.1:%PORT%;branch=z9hG4bK" branch "\r\n"                \
	"Max-Forwards: 70\r\n"                                                         \
	"From: <sip:bob@127.0.0.1>;tag=reg1\r\n"                                        \
	"To: <sip:bob@127.0.0.1>\r\n"                                                   \
	"Call-ID: reg-" branch "@test\r\n"                                              \
	"CSeq: 1 REGISTER\r\n"                                                          \
	"Contact: <sip:bob@127.0.0.1:%PORT%>\r\n"                                       \
	"Expires: " expires "\r\n"                                                      \
	"Content-Length: 0\r\n\r\n"

#define INVITE_TO(user, branch)                                                        \
	"INVITE sip:" user "@127.0.0.1 SIP/2.0\r\n"                                     \
	"Via: SIP/2.0/UDP 127.0.0.1:%PORT%;branch=z9hG4bK" branch "\r\n"                \
	"Max-Forwards: 70\r\n"                                                         \
	"From: <sip:alice@127.0.0.1>;tag=inv1\r\n"                                      \
	"To: <sip:" user "@127.0.0.1>\r\n"                                              \
	"Call-ID: inv-" branch "@test\r\n"                                              \
	"CSeq: 1 INVITE\r\n"                                                            \
	"Contact: <sip:alice@127.0.0.1:%PORT%>\r\n"                                     \
	"Content-Length: 0\r\n\r\n"

/* RFC3261 22.1: "a registrar ... MAY make use of 401 (Unauthorized)" - with a users
 * file the server challenges a REGISTER with a digest WWW-Authenticate. */
static void test_rfc3261_22_1_sipserver_challenges_register(void)
{
	const char *path = dp_write_file(tmpdir, "users.txt", "bob:zanzibar\n");
	const char *extra[] = { "--users", path, NULL };
	struct dp_proc p;
	struct dp_udp u;
	unsigned port = start_server(&p, extra);
	char *r;

	CU_ASSERT_EQUAL(dp_udp_open(&u), 0);
	r = dp_udp_ask(&u, port, REGISTER_BOB("c1", "600"), 200, WAIT_MS);
	CU_ASSERT_PTR_NOT_NULL(r);
	CU_ASSERT(r != NULL && strncmp(r, "SIP/2.0 401 ", 12) == 0);
	CU_ASSERT(r != NULL && strstr(r, "WWW-Authenticate: Digest realm=\"127.0.0.1\"") != NULL);
	free(r);
	dp_udp_close(&u);
	dp_free(&p);
}

/* RFC3261 10.3 step 8: "The registrar returns a 200 (OK) response. The response MUST
 * contain Contact header field values enumerating all current bindings." */
static void test_rfc3261_10_3_sipserver_no_auth_registers(void)
{
	const char *extra[] = { "--no-auth", NULL };
	struct dp_proc p;
	struct dp_udp u;
	unsigned port = start_server(&p, extra);
	char *r, want[96];

	CU_ASSERT_EQUAL(dp_udp_open(&u), 0);
	r = dp_udp_ask(&u, port, REGISTER_BOB("n1", "600"), 200, WAIT_MS);
	snprintf(want, sizeof(want), "Contact: <sip:bob@127.0.0.1:%u>;expires=600\r\n", u.port);
	CU_ASSERT(r != NULL && strncmp(r, "SIP/2.0 200 ", 12) == 0);
	CU_ASSERT(r != NULL && strstr(r, want) != NULL);
	free(r);
	CU_ASSERT(dp_wait_for(&p, "sipserver: sip:bob@127.0.0.1 registered at sip:bob@127.0.0.1:", WAIT_MS));
	dp_udp_close(&u);
	dp_free(&p);
}

/* RFC3261 10.3 step 7: the registrar "MAY" reject an interval shorter than its
 * minimum with 423; --min-expires lowers that minimum to 1 s, so a lab can watch a
 * binding expire.  RFC3261 10.2.1.1: "the binding will expire" after the interval -
 * before, an INVITE for the AOR is forwarded to the contact; after, it gets 480. */
static void test_rfc3261_10_3_sipserver_min_expires_and_expiry(void)
{
	const char *extra[] = { "--no-auth", "--min-expires", "1", NULL };
	struct dp_proc p;
	struct dp_udp u;
	unsigned port = start_server(&p, extra);
	char *r;
	int tries = 0;
	bool got_480 = false;

	CU_ASSERT_EQUAL(dp_udp_open(&u), 0);
	r = dp_udp_ask(&u, port, REGISTER_BOB("e1", "1"), 200, WAIT_MS);
	CU_ASSERT(r != NULL && strncmp(r, "SIP/2.0 200 ", 12) == 0);
	CU_ASSERT(r != NULL && strstr(r, ";expires=1\r\n") != NULL);
	free(r);
	/* Right after, the INVITE is forwarded to us (the contact): no 480. */
	r = dp_udp_ask(&u, port, INVITE_TO("bob", "x0"), 400, 300);
	CU_ASSERT_PTR_NULL(r);
	free(r);
	/* Within a few seconds the binding is gone. */
	while (!got_480 && tries++ < 20) {
		char msg[] = INVITE_TO("bob", "xNN");

		/* A new transaction (branch) and call each time. */
		for (char *n = strstr(msg, "xNN"); n != NULL; n = strstr(n, "xNN")) {
			n[1] = (char)('0' + tries / 10);
			n[2] = (char)('0' + tries % 10);
		}
		r = dp_udp_ask(&u, port, msg, 400, 300);
		got_480 = r != NULL && strncmp(r, "SIP/2.0 480 ", 12) == 0;
		free(r);
	}
	CU_ASSERT(got_480);
	dp_udp_close(&u);
	dp_free(&p);
}

/* RFC3261 16.5: "If the target set remains empty after applying all of the above,
 * the proxy MUST return an error response, which SHOULD be the 480 (Temporarily
 * Unavailable) response." - and 404 for a user the server does not know. */
static void test_rfc3261_16_5_sipserver_404_and_480(void)
{
	const char *path = dp_write_file(tmpdir, "users.txt", "alice:a\nbob:b\n");
	const char *extra[] = { "--no-auth", "--users", path, NULL };
	struct dp_proc p;
	struct dp_udp u;
	unsigned port = start_server(&p, extra);
	char *r;

	CU_ASSERT_EQUAL(dp_udp_open(&u), 0);
	r = dp_udp_ask(&u, port, INVITE_TO("carol", "u1"), 200, WAIT_MS);
	CU_ASSERT(r != NULL && strncmp(r, "SIP/2.0 404 ", 12) == 0);
	free(r);
	r = dp_udp_ask(&u, port, INVITE_TO("bob", "u2"), 200, WAIT_MS);
	CU_ASSERT(r != NULL && strncmp(r, "SIP/2.0 480 ", 12) == 0);
	free(r);
	/* A failed call ends: the server draws its ladder. */
	CU_ASSERT(dp_wait_for(&p, "==== end of ladder ====", WAIT_MS));
	CU_ASSERT_PTR_NOT_NULL(strstr(p.out, "==== ladder of call inv-u1@test ===="));
	dp_udp_close(&u);
	dp_free(&p);
}

/* RFC3261 8.3: "Redirect servers ... MUST NOT redirect a request to a URI equal to
 * the one in the Request-URI" - in redirect mode the INVITE gets a 302 listing the
 * registered contact. */
static void test_rfc3261_8_3_sipserver_redirect_mode(void)
{
	const char *extra[] = { "--no-auth", "--mode", "redirect", NULL };
	struct dp_proc p;
	struct dp_udp u;
	unsigned port = start_server(&p, extra);
	char *r, want[64];

	CU_ASSERT_PTR_NOT_NULL(strstr(p.out, "redirect mode"));
	CU_ASSERT_EQUAL(dp_udp_open(&u), 0);
	r = dp_udp_ask(&u, port, REGISTER_BOB("r1", "600"), 200, WAIT_MS);
	CU_ASSERT(r != NULL && strncmp(r, "SIP/2.0 200 ", 12) == 0);
	free(r);
	r = dp_udp_ask(&u, port, INVITE_TO("bob", "r2"), 200, WAIT_MS);
	snprintf(want, sizeof(want), "<sip:bob@127.0.0.1:%u>", u.port);
	CU_ASSERT(r != NULL && strncmp(r, "SIP/2.0 302 ", 12) == 0);
	CU_ASSERT(r != NULL && strstr(r, want) != NULL);
	free(r);
	dp_udp_close(&u);
	dp_free(&p);
}

static const struct th_test cli_tests[] = {
	TH_TEST(test_impl_sipserver_unknown_option),
	TH_TEST(test_impl_sipserver_help),
	TH_TEST(test_impl_sipserver_bad_values),
	TH_TEST(test_impl_sipserver_users_file_errors),
	TH_TEST(test_impl_sipserver_port_in_use),
	TH_TEST(test_impl_sipserver_sigterm_exits_zero),
	TH_END
};

static const struct th_test transport_tests[] = {
	TH_TEST(test_rfc3261_18_2_1_sipserver_listens_udp_and_tcp_on_each_address),
	TH_END
};

static const struct th_test server_tests[] = {
	TH_TEST(test_rfc3261_22_1_sipserver_challenges_register),
	TH_TEST(test_rfc3261_10_3_sipserver_no_auth_registers),
	TH_TEST(test_rfc3261_10_3_sipserver_min_expires_and_expiry),
	TH_TEST(test_rfc3261_16_5_sipserver_404_and_480),
	TH_TEST(test_rfc3261_8_3_sipserver_redirect_mode),
	TH_END
};

static const struct th_suite suites[] = {
	{ "sipserver command line and users file", cli_tests, setup, teardown },
	{ "RFC3261 18.2.1 sipserver listening addresses", transport_tests, setup, teardown },
	{ "RFC3261 10.3 16.5 8.3 sipserver registrar, proxy, redirect", server_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
