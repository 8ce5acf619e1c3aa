/* tests/net/test_udp.c - UDP sockets on the loop, over real loopback sockets
 * (net/udp.h).  Each wait is nt_pump: bounded turns that return on readiness. */
#include "net/udp.h"
#include "tests/net/nettest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TURNS 500

/* What one socket's callbacks saw. */
struct peer {
	struct net_udp *u;
	uint8_t *data;              /* last datagram (malloc'd copy) */
	size_t len;
	size_t count;               /* datagrams received */
	struct net_addr from;       /* source of the last one */
	int err;                    /* last ICMP error */
	struct net_addr err_dest;
	bool close_on_recv;
};

static struct net_loop loop;
static struct nt_clock clk;
static struct nt_log logrec;
static struct peer a, b;

static void setup(void)
{
	struct net_log hook;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	clk.now = 1000000;
	clk.step = 0;
	net_loop_init(&loop, nt_clock_read, &clk);
	nt_log_init(&logrec, &hook);
	net_loop_set_log(&loop, &hook);
}

static void teardown(void)
{
	net_udp_close(a.u);
	net_udp_close(b.u);
	free(a.data);
	free(b.data);
	net_loop_fini(&loop);
}

static void on_recv(void *arg, struct net_udp *u, const uint8_t *data, size_t len,
		    const struct net_addr *from)
{
	struct peer *p = arg;

	free(p->data);
	p->data = malloc(len != 0 ? len : 1);
	if (p->data != NULL)
		memcpy(p->data, data, len);
	p->len = len;
	p->from = *from;
	p->count++;
	if (p->close_on_recv) {
		net_udp_close(u);
		p->u = NULL;
	}
}

static void on_error(void *arg, struct net_udp *u, int err, const struct net_addr *dest)
{
	struct peer *p = arg;

	(void)u;
	p->err = err;
	p->err_dest = *dest;
}

static int open_peer(struct peer *p, const char *local)
{
	struct net_udp_handler h = { on_recv, on_error, p };
	struct net_addr addr;

	if (net_addr_parse(&addr, local, 0) != 0)
		return EINVAL;
	return net_udp_open(&p->u, &loop, &addr, &h);
}

static bool got_one(void *arg)
{
	return ((struct peer *)arg)->count >= 1;
}

static bool got_error(void *arg)
{
	return ((struct peer *)arg)->err != 0;
}

/* Demos put the real port into Contact and SDP, so port 0 must be resolvable. */
static void test_impl_udp_port_zero_binds_a_free_port(void)
{
	struct net_udp *again = NULL;

	CU_ASSERT_EQUAL_FATAL(open_peer(&a, "127.0.0.1:0"), 0);
	const struct net_addr *local = net_udp_local(a.u);

	CU_ASSERT_NOT_EQUAL(net_addr_port(local), 0);
	CU_ASSERT_TRUE(net_addr_is_loopback(local));
	CU_ASSERT_EQUAL(net_addr_family(local), AF_INET);
	CU_ASSERT_TRUE(net_udp_fd(a.u) >= 0);
	struct net_udp_handler h = { on_recv, NULL, &b };

	CU_ASSERT_EQUAL(net_udp_open(&again, &loop, local, &h), EADDRINUSE);
	CU_ASSERT_PTR_NULL(again);
}

/* RFC3261 18.1.1: "For unreliable unicast transports, the client transport MUST be
 * prepared to receive responses on the source IP address from which the request is
 * sent (as responses are sent back to the source address) and the port number in the
 * "sent-by" field."  The server sees the client socket's address as the source, and
 * a reply sent there arrives on the very socket that sent the request. */
static void test_rfc3261_18_1_1_unreliable_response_returns_to_request_source(void)
{
	CU_ASSERT_EQUAL_FATAL(open_peer(&a, "127.0.0.1:0"), 0);
	CU_ASSERT_EQUAL_FATAL(open_peer(&b, "127.0.0.1:0"), 0);
	CU_ASSERT_EQUAL(net_udp_send(a.u, net_udp_local(b.u), "OPTIONS", 7), 0);
	CU_ASSERT_TRUE_FATAL(nt_pump(&loop, got_one, &b, TURNS));
	CU_ASSERT_EQUAL(b.len, 7);
	CU_ASSERT_EQUAL(memcmp(b.data, "OPTIONS", 7), 0);
	CU_ASSERT_TRUE(net_addr_equal(&b.from, net_udp_local(a.u)));
	CU_ASSERT_EQUAL(net_udp_send(b.u, &b.from, "SIP/2.0 200 OK", 14), 0);
	CU_ASSERT_TRUE_FATAL(nt_pump(&loop, got_one, &a, TURNS));
	CU_ASSERT_EQUAL(a.len, 14);
	CU_ASSERT_TRUE(net_addr_equal(&a.from, net_udp_local(b.u)));
	CU_ASSERT_EQUAL(b.count, 1);
}

/* RFC3261 18.1.1: "implementations MUST be able to handle messages up to the maximum
 * datagram packet size.  For UDP, this size is 65,535 bytes, including IP and UDP
 * headers."  65,535 - 20 (IPv4) - 8 (UDP) = 65,507 bytes of payload arrive whole. */
static void test_rfc3261_18_1_1_receives_largest_datagram(void)
{
	enum { MAX_V4_PAYLOAD = 65535 - 20 - 8 };
	uint8_t *big = malloc(MAX_V4_PAYLOAD + 1);

	if (big == NULL) {
		CU_FAIL("out of memory");
		return;
	}
	for (size_t i = 0; i <= MAX_V4_PAYLOAD; i++)
		big[i] = (uint8_t)(i * 7 + 3);
	CU_ASSERT_EQUAL(open_peer(&a, "127.0.0.1:0"), 0);
	CU_ASSERT_EQUAL(open_peer(&b, "127.0.0.1:0"), 0);
	if (a.u != NULL && b.u != NULL) {
		CU_ASSERT_EQUAL(net_udp_send(a.u, net_udp_local(b.u), big, MAX_V4_PAYLOAD), 0);
		CU_ASSERT_TRUE(nt_pump(&loop, got_one, &b, TURNS));
		CU_ASSERT_EQUAL(b.len, MAX_V4_PAYLOAD);
		CU_ASSERT_TRUE(b.data != NULL && memcmp(b.data, big, MAX_V4_PAYLOAD) == 0);
		/* one byte more cannot be a single IPv4 datagram */
		CU_ASSERT_EQUAL(net_udp_send(a.u, net_udp_local(b.u), big, MAX_V4_PAYLOAD + 1),
				EMSGSIZE);
	}
	free(big);
}

/* A port that was bound a moment ago and is closed now: nothing listens there. */
static int closed_port(struct net_addr *out, const char *local)
{
	struct net_udp *tmp = NULL;
	struct net_addr addr;
	int err;

	net_addr_parse(&addr, local, 0);
	err = net_udp_open(&tmp, NULL, &addr, NULL);
	if (err != 0)
		return err;
	*out = *net_udp_local(tmp);
	net_udp_close(tmp);
	return 0;
}

/* RFC3261 18.4: "Host, network, port or protocol unreachable errors, or parameter
 * problem errors SHOULD cause the transport layer to inform the transport user of a
 * failure in sending."  Loopback answers a datagram to a closed port with ICMP port
 * unreachable, which reaches on_error as ECONNREFUSED naming the destination. */
static void test_rfc3261_18_4_port_unreachable_informs_the_user(void)
{
#if defined(__linux__)
	struct net_addr dead;

	CU_ASSERT_EQUAL_FATAL(closed_port(&dead, "127.0.0.1:0"), 0);
	CU_ASSERT_EQUAL_FATAL(open_peer(&a, "127.0.0.1:0"), 0);
	CU_ASSERT_EQUAL(net_udp_send(a.u, &dead, "INVITE", 6), 0);
	CU_ASSERT_TRUE(nt_pump(&loop, got_error, &a, TURNS));
	CU_ASSERT_EQUAL(a.err, ECONNREFUSED);
	CU_ASSERT_TRUE(net_addr_equal(&a.err_dest, &dead));
	CU_ASSERT_TRUE(nt_log_contains(&logrec, "ICMP error"));
	/* the socket still works afterwards */
	CU_ASSERT_EQUAL(open_peer(&b, "127.0.0.1:0"), 0);
	CU_ASSERT_EQUAL(net_udp_send(a.u, net_udp_local(b.u), "x", 1), 0);
	CU_ASSERT_TRUE(nt_pump(&loop, got_one, &b, TURNS));
#else
	printf("\n  SKIP: ICMP errors are only reported on Linux (IP_RECVERR)\n");
#endif
}

static void test_impl_udp_ipv6_loopback(void)
{
	if (!nt_have_ipv6_loopback("test_impl_udp_ipv6_loopback"))
		return;
	CU_ASSERT_EQUAL_FATAL(open_peer(&a, "[::1]:0"), 0);
	CU_ASSERT_EQUAL_FATAL(open_peer(&b, "[::1]:0"), 0);
	CU_ASSERT_EQUAL(net_addr_family(net_udp_local(a.u)), AF_INET6);
	CU_ASSERT_TRUE(net_addr_is_loopback(net_udp_local(a.u)));
	CU_ASSERT_EQUAL(net_udp_send(a.u, net_udp_local(b.u), "REGISTER", 8), 0);
	CU_ASSERT_TRUE_FATAL(nt_pump(&loop, got_one, &b, TURNS));
	CU_ASSERT_EQUAL(b.len, 8);
	CU_ASSERT_TRUE(net_addr_equal(&b.from, net_udp_local(a.u)));
#if defined(__linux__)
	struct net_addr dead;

	CU_ASSERT_EQUAL(closed_port(&dead, "[::1]:0"), 0);
	CU_ASSERT_EQUAL(net_udp_send(a.u, &dead, "x", 1), 0);
	CU_ASSERT_TRUE(nt_pump(&loop, got_error, &a, TURNS));
	CU_ASSERT_EQUAL(a.err, ECONNREFUSED);
	CU_ASSERT_TRUE(net_addr_equal(&a.err_dest, &dead));
#endif
}

static void test_impl_udp_rejects_bad_arguments(void)
{
	struct net_addr v6, v4, unset;
	struct net_udp *u = NULL;
	struct net_udp_handler no_cb = { NULL, NULL, NULL };

	memset(&unset, 0, sizeof(unset));
	net_addr_parse(&v4, "127.0.0.1:0", 0);
	net_addr_parse(&v6, "[::1]:5060", 0);
	CU_ASSERT_EQUAL(net_udp_open(&u, &loop, NULL, &no_cb), EINVAL);
	CU_ASSERT_EQUAL(net_udp_open(&u, &loop, &v4, NULL), EINVAL);
	CU_ASSERT_EQUAL(net_udp_open(&u, &loop, &v4, &no_cb), EINVAL);
	CU_ASSERT_EQUAL(net_udp_open(&u, NULL, &unset, NULL), EAFNOSUPPORT);
	CU_ASSERT_PTR_NULL(u);
	CU_ASSERT_EQUAL_FATAL(open_peer(&a, "127.0.0.1:0"), 0);
	CU_ASSERT_EQUAL(net_udp_send(a.u, &v6, "x", 1), EAFNOSUPPORT);
	CU_ASSERT_EQUAL(net_udp_send(a.u, &unset, "x", 1), EAFNOSUPPORT);
	net_udp_close(NULL);  /* ignored */
}

/* Without a loop the owner polls and reads; nothing is lost, nothing blocks. */
static void test_impl_udp_recv_without_a_loop(void)
{
	struct net_udp *u = NULL;
	struct net_addr local, from;
	uint8_t buf[16];
	size_t len = 0;

	net_addr_parse(&local, "127.0.0.1:0", 0);
	CU_ASSERT_EQUAL_FATAL(net_udp_open(&u, NULL, &local, NULL), 0);
	CU_ASSERT_EQUAL(net_udp_recv(u, buf, sizeof(buf), &len, &from), EAGAIN);
	CU_ASSERT_EQUAL(open_peer(&a, "127.0.0.1:0"), 0);
	if (a.u != NULL) {
		struct pollfd pfd = { net_udp_fd(u), POLLIN, 0 };

		CU_ASSERT_EQUAL(net_udp_send(a.u, net_udp_local(u), "0123456789", 10), 0);
		CU_ASSERT_EQUAL(poll(&pfd, 1, 5000), 1);  /* returns as soon as it is readable */
		CU_ASSERT_EQUAL(net_udp_recv(u, buf, sizeof(buf), &len, &from), 0);
		CU_ASSERT_EQUAL(len, 10);
		CU_ASSERT_EQUAL(memcmp(buf, "0123456789", 10), 0);
		CU_ASSERT_TRUE(net_addr_equal(&from, net_udp_local(a.u)));
		CU_ASSERT_EQUAL(net_udp_send(a.u, net_udp_local(u), "0123456789", 10), 0);
		CU_ASSERT_EQUAL(poll(&pfd, 1, 5000), 1);
		CU_ASSERT_EQUAL(net_udp_recv(u, buf, 4, &len, &from), EMSGSIZE);
		CU_ASSERT_EQUAL(net_udp_recv(u, buf, sizeof(buf), &len, &from), EAGAIN);
	}
	net_udp_close(u);
}

/* The RTP session may end (and close its socket) on the very packet it receives. */
static void test_impl_udp_close_inside_own_callback(void)
{
	CU_ASSERT_EQUAL_FATAL(open_peer(&a, "127.0.0.1:0"), 0);
	CU_ASSERT_EQUAL_FATAL(open_peer(&b, "127.0.0.1:0"), 0);
	b.close_on_recv = true;
	CU_ASSERT_EQUAL(net_udp_send(a.u, net_udp_local(b.u), "one", 3), 0);
	CU_ASSERT_EQUAL(net_udp_send(a.u, net_udp_local(b.u), "two", 3), 0);
	CU_ASSERT_TRUE(nt_pump(&loop, got_one, &b, TURNS));
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(b.count, 1);
	CU_ASSERT_PTR_NULL(b.u);
	CU_ASSERT_EQUAL(loop.len, 1);  /* only a's socket is still watched */
}

static const struct th_test rfc_tests[] = {
	TH_TEST(test_rfc3261_18_1_1_unreliable_response_returns_to_request_source),
	TH_TEST(test_rfc3261_18_1_1_receives_largest_datagram),
	TH_TEST(test_rfc3261_18_4_port_unreachable_informs_the_user),
	TH_END
};

static const struct th_test impl_tests[] = {
	TH_TEST(test_impl_udp_port_zero_binds_a_free_port),
	TH_TEST(test_impl_udp_ipv6_loopback),
	TH_TEST(test_impl_udp_rejects_bad_arguments),
	TH_TEST(test_impl_udp_recv_without_a_loop),
	TH_TEST(test_impl_udp_close_inside_own_callback),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 18 Transport: UDP on loopback", rfc_tests, setup, teardown },
	{ "net/udp: ports, IPv6, errors, callbacks", impl_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
