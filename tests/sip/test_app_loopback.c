/* tests/sip/test_app_loopback.c - the built docs/examples/autoanswer against the
 * library's registrar + proxy (sip/proxy.h) over real loopback sockets.
 *
 * This process runs the server (127.0.0.1, a free port, digest on, realm example.com)
 * and a caller (sip/app.h, alice) on one net/loop with the real clock, and starts
 * $SIPLAB_BIN/examples/autoanswer as bob with its stdout on a pipe.  The test follows
 * the example's printed lines: it registers, alice's call is answered ("Call
 * connected"), alice hangs up ("Call disconnected: 200 OK"), SIGTERM makes it
 * unregister ("Registration None") and exit 0.
 *
 * Real time bounds each wait (a few seconds) only so that a broken build fails
 * instead of hanging; nothing is asserted about how long anything took.
 */
#include "net/addr.h"
#include "net/clock.h"
#include "net/loop.h"
#include "net/rand.h"
#include "sip/app.h"
#include "sip/proxy.h"
#include "sip/transport_net.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SEC 1000000ull
#define WAIT_US (10 * SEC)  /* the longest any step may take before the test gives up */

static const char *const users[] = { "alice:wonderland", "bob:zanzibar", NULL };
static const char *const aliases[] = { "127.0.0.1", NULL };

/* One node on the real loop: sockets, transport. */
struct node {
	struct sip_transport_net *net;
	struct sip_transport *tp;
	struct net_rand rand;
};

static struct net_loop loop;
static struct node server, caller;
static struct sip_proxy *proxy;
static struct sip_app *alice;
static struct sip_app_call *call;
static enum sip_call_state alice_state;
static char out[8192];   /* everything the example printed */
static size_t out_len;
static int out_fd = -1;
static pid_t child = -1;

static int node_open(struct node *n)
{
	struct net_addr a;
	struct sip_env env;
	struct sip_transport_config cfg;
	int rc = net_addr_parse(&a, "127.0.0.1:0", 0);

	memset(n, 0, sizeof(*n));
	net_rand_seed(&n->rand, (uint64_t)getpid());
	if (rc == 0)
		rc = sip_transport_net_open(&n->net, &loop, &a, NULL);
	if (rc != 0)
		return rc;
	memset(&env, 0, sizeof(env));
	sip_transport_net_env(n->net, &env);
	env.rand = &n->rand;
	memset(&cfg, 0, sizeof(cfg));
	cfg.udp = *sip_transport_net_local(n->net);
	cfg.tcp = cfg.udp;
	rc = sip_transport_create(&n->tp, &env, &cfg);
	if (rc == 0)
		sip_transport_net_attach(n->net, n->tp);
	return rc;
}

static void node_close(struct node *n)
{
	if (n->net != NULL)
		sip_transport_net_attach(n->net, NULL);
	sip_transport_destroy(n->tp);
	sip_transport_net_close(n->net);
	memset(n, 0, sizeof(*n));
}

static void on_output(void *arg, int fd, unsigned events)
{
	ssize_t got;

	(void)arg;
	(void)events;
	got = read(fd, out + out_len, sizeof(out) - 1 - out_len);
	if (got > 0)
		out_len += (size_t)got;
	else
		net_loop_unwatch(&loop, fd);
	out[out_len] = '\0';
}

static void on_state(void *arg, struct sip_app_call *c, enum sip_call_state state, int status,
		     const char *reason)
{
	(void)arg;
	(void)c;
	(void)status;
	(void)reason;
	alice_state = state;
	if (state == SIP_CALL_DISCONNECTED)
		call = NULL;
}

/* Runs the loop until `done()` or WAIT_US of real time. */
static bool run_until(bool (*done)(void))
{
	uint64_t end = net_clock_monotonic_us() + WAIT_US;

	while (!done() && net_clock_monotonic_us() < end)
		(void)net_loop_run_once(&loop, 50000);
	return done();
}

static bool registered(void)
{
	return strstr(out, "Registration Registered 200") != NULL &&
	       sip_app_reg_state(alice) == SIP_REG_REGISTERED;
}

static bool connected(void)
{
	return alice_state == SIP_CALL_CONFIRMED && strstr(out, "Call connected\n") != NULL;
}

static bool disconnected(void)
{
	return alice_state == SIP_CALL_DISCONNECTED && strstr(out, "Call disconnected: 200 OK\n") != NULL;
}

static bool unregistered(void)
{
	return strstr(out, "Registration None") != NULL;
}

/* Starts the example as bob, registering through our server. */
static int start_example(void)
{
	const char *bin_dir = getenv("SIPLAB_BIN");
	char bin[512], server_addr[NET_ADDR_STRLEN];
	int fds[2];

	snprintf(bin, sizeof(bin), "%s/examples/autoanswer",
		 bin_dir != NULL && *bin_dir ? bin_dir : "build/bin");
	if (access(bin, X_OK) != 0 || pipe(fds) != 0) {
		printf("\n  %s not built (make %s)\n", bin, bin);
		return ENOENT;
	}
	(void)net_addr_format(sip_transport_net_local(server.net), server_addr, sizeof(server_addr));
	child = fork();
	if (child == 0) {
		char *const args[] = { bin, server_addr, "bob", "zanzibar", "example.com", "127.0.0.1:0", NULL };

		dup2(fds[1], 1);
		close(fds[0]);
		execv(bin, args);
		_exit(127);
	}
	close(fds[1]);
	out_fd = fds[0];
	return child > 0 ? net_loop_watch(&loop, out_fd, NET_LOOP_READ, on_output, NULL) : errno;
}

static void setup(void)
{
	struct sip_proxy_config cfg;
	const struct sip_app_config ac = { .media_addr = "127.0.0.1", .media_port = 40000,
					   .h = { NULL, NULL, on_state, NULL, NULL, NULL } };
	struct sip_app_account acc = { .id = "sip:alice@example.com", .registrar = "sip:example.com",
				       .username = "alice", .password = "wonderland" };
	char proxy_uri[80], addr[NET_ADDR_STRLEN];

	net_loop_init(&loop, NULL, NULL);
	out_len = 0;
	out[0] = '\0';
	alice_state = SIP_CALL_NULL;
	sip_proxy_config_default(&cfg);
	cfg.domain = "example.com";
	cfg.aliases = aliases;
	cfg.users = users;
	CU_ASSERT_EQUAL(node_open(&server), 0);
	CU_ASSERT_EQUAL(sip_proxy_create(&proxy, server.tp, &cfg), 0);
	CU_ASSERT_EQUAL(node_open(&caller), 0);
	(void)net_addr_format(sip_transport_net_local(server.net), addr, sizeof(addr));
	snprintf(proxy_uri, sizeof(proxy_uri), "sip:%s", addr);
	acc.proxy = proxy_uri;
	CU_ASSERT_EQUAL(sip_app_create(&alice, caller.tp, &ac, &acc), 0);
}

static void teardown(void)
{
	int st;

	if (child > 0) {
		kill(child, SIGKILL);
		(void)waitpid(child, &st, 0);
		child = -1;
	}
	if (out_fd >= 0) {
		net_loop_unwatch(&loop, out_fd);
		close(out_fd);
		out_fd = -1;
	}
	sip_app_destroy(alice);
	alice = NULL;
	sip_proxy_destroy(proxy);
	proxy = NULL;
	node_close(&caller);
	node_close(&server);
	net_loop_fini(&loop);
}

/* RFC3261 10.2, 22.2, 13.3.1.4, 15.1: the example program registers with digest through
 * the proxy, answers a call with 200 ("Call connected"), sees the caller's BYE, and on
 * SIGTERM removes its binding before it exits. */
static void test_rfc3261_13_3_1_4_autoanswer_binary_through_the_proxy(void)
{
	int st = -1;

	CU_ASSERT_EQUAL(start_example(), 0);
	CU_ASSERT_TRUE(run_until(registered));
	if (!registered())
		return;
	CU_ASSERT_EQUAL(sip_app_call(alice, "sip:bob@example.com", NULL, &call), 0);
	CU_ASSERT_TRUE(run_until(connected));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Incoming call from <sip:alice@example.com>;tag="));
	if (call != NULL)
		CU_ASSERT_EQUAL(sip_app_hangup(call), 0);
	CU_ASSERT_TRUE(run_until(disconnected));
	CU_ASSERT_EQUAL(kill(child, SIGTERM), 0);
	CU_ASSERT_TRUE(run_until(unregistered));
	CU_ASSERT_EQUAL(waitpid(child, &st, 0), child);
	child = -1;
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static const struct th_test loop_tests[] = {
	TH_TEST(test_rfc3261_13_3_1_4_autoanswer_binary_through_the_proxy),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 13 autoanswer example on loopback", loop_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
