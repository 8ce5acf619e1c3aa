/* tests/net/test_tcp.c - TCP endpoints and connection reuse over real loopback
 * sockets (net/tcp.h).
 *
 * Both endpoints share one loop on a fake clock: the idle timeout is driven by moving
 * that clock, never by waiting.  Every wait is nt_pump (bounded turns that return on
 * readiness).
 */
#include "net/tcp.h"
#include "tests/net/nettest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#define TURNS 1000
#define SEC 1000000ULL

enum mode {
	CONSUME_ALL,     /* every byte is consumed and kept */
	CONSUME_LINES,   /* only whole lines ending in '\n': a stand-in for SIP framing */
	CONSUME_NONE,    /* never consumes: the receive limit is reached */
	CLOSE_ON_BAD,    /* closes the connection when "BAD" arrives (a framing error) */
	COUNT_PATTERN    /* large transfers: checks the byte pattern, keeps only a count */
};

/* One endpoint and what its callbacks saw. */
struct side {
	struct net_tcp *t;
	enum mode mode;
	char rx[4096];            /* consumed bytes, in order */
	size_t rx_len;
	size_t total;             /* bytes consumed */
	bool pattern_ok;
	unsigned data_calls;
	unsigned opens;
	uint64_t open_id;         /* id of the last connection opened */
	unsigned closes;
	int close_err;            /* err of the last on_close */
	uint64_t close_id;
};

static struct net_loop loop;
static struct nt_clock clk;
static struct nt_log logrec;
static struct side srv, cli, cli2;

static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 31 + 7);
}

static void setup(void)
{
	struct net_log hook;

	memset(&srv, 0, sizeof(srv));
	memset(&cli, 0, sizeof(cli));
	memset(&cli2, 0, sizeof(cli2));
	srv.pattern_ok = cli.pattern_ok = true;
	clk.now = 0;
	clk.step = 0;
	net_loop_init(&loop, nt_clock_read, &clk);
	nt_log_init(&logrec, &hook);
	net_loop_set_log(&loop, &hook);
}

static void teardown(void)
{
	net_tcp_close(srv.t);
	net_tcp_close(cli.t);
	net_tcp_close(cli2.t);
	net_loop_fini(&loop);
}

static void on_open(void *arg, struct net_tcp_conn *c)
{
	struct side *s = arg;

	s->opens++;
	s->open_id = net_tcp_conn_id(c);
}

static size_t keep(struct side *s, const uint8_t *data, size_t len)
{
	size_t room = sizeof(s->rx) - s->rx_len;
	size_t n = len < room ? len : room;

	memcpy(s->rx + s->rx_len, data, n);
	s->rx_len += n;
	s->total += len;
	return len;
}

static size_t on_data(void *arg, struct net_tcp_conn *c, const uint8_t *data, size_t len)
{
	struct side *s = arg;
	size_t used = len;

	s->data_calls++;
	switch (s->mode) {
	case CONSUME_ALL:
		return keep(s, data, len);
	case CONSUME_LINES:
		while (used > 0 && data[used - 1] != '\n')
			used--;
		return keep(s, data, used);
	case CONSUME_NONE:
		return 0;
	case CLOSE_ON_BAD:
		if (len >= 3 && memcmp(data, "BAD", 3) == 0) {
			net_tcp_conn_close(c);
			return 0;
		}
		return keep(s, data, len);
	case COUNT_PATTERN:
		for (size_t i = 0; i < len; i++)
			if (data[i] != pattern(s->total + i))
				s->pattern_ok = false;
		s->total += len;
		return len;
	}
	return len;
}

static void on_close(void *arg, struct net_tcp_conn *c, int err)
{
	struct side *s = arg;

	s->closes++;
	s->close_err = err;
	s->close_id = net_tcp_conn_id(c);
}

static int open_side(struct side *s, const char *listen, const struct net_tcp_config *cfg)
{
	struct net_tcp_handler h = { on_open, on_data, on_close, s };
	struct net_addr addr;

	if (listen == NULL)
		return net_tcp_open(&s->t, &loop, NULL, cfg, &h);
	if (net_addr_parse(&addr, listen, 0) != 0)
		return EINVAL;
	return net_tcp_open(&s->t, &loop, &addr, cfg, &h);
}

/* Pump conditions */
static size_t want_bytes;
static bool srv_has_bytes(void *arg) { (void)arg; return srv.total >= want_bytes; }
static bool cli_has_bytes(void *arg) { (void)arg; return cli.total >= want_bytes; }
static bool closed_once(void *arg) { return ((struct side *)arg)->closes >= 1; }
static bool opened_once(void *arg) { return ((struct side *)arg)->opens >= 1; }

static void test_impl_tcp_listen_on_port_zero(void)
{
	struct side dup;
	struct net_tcp_handler h = { NULL, on_data, NULL, &dup };

	CU_ASSERT_EQUAL_FATAL(open_side(&srv, "127.0.0.1:0", NULL), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(net_tcp_local(srv.t));
	CU_ASSERT_NOT_EQUAL(net_addr_port(net_tcp_local(srv.t)), 0);
	CU_ASSERT_TRUE(net_addr_is_loopback(net_tcp_local(srv.t)));
	CU_ASSERT_EQUAL(net_tcp_open(&dup.t, &loop, net_tcp_local(srv.t), NULL, &h), EADDRINUSE);
	CU_ASSERT_PTR_NULL(dup.t);
	CU_ASSERT_EQUAL_FATAL(open_side(&cli, NULL, NULL), 0);
	CU_ASSERT_PTR_NULL(net_tcp_local(cli.t));
	CU_ASSERT_EQUAL(net_tcp_count(cli.t), 0);
}

/* Client and server with one request already through: returns the client connection. */
static struct net_tcp_conn *request_through(const char *request)
{
	struct net_tcp_conn *c = NULL;

	if (open_side(&srv, "127.0.0.1:0", NULL) != 0 || open_side(&cli, NULL, NULL) != 0)
		return NULL;
	if (net_tcp_send_to(cli.t, net_tcp_local(srv.t), request, strlen(request), &c) != 0)
		return NULL;
	want_bytes = strlen(request);
	if (!nt_pump(&loop, srv_has_bytes, NULL, TURNS))
		return NULL;
	return c;
}

/* RFC3261 18.2.2: "If the "sent-protocol" is a reliable transport protocol such as
 * TCP or SCTP, or TLS over those, the response MUST be sent using the existing
 * connection to the source of the original request that created the transaction, if
 * that connection is still open."  And RFC3261 18.1.1: "the client transport MUST be
 * prepared to receive the response on the same connection used to send the request." */
static void test_rfc3261_18_2_2_response_uses_the_request_connection(void)
{
	struct net_tcp_conn *cc = request_through("INVITE\n");
	struct net_tcp_conn *sc, *used = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cc);
	CU_ASSERT_EQUAL(srv.opens, 1);
	sc = net_tcp_find_id(srv.t, srv.open_id);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	CU_ASSERT_TRUE(net_tcp_conn_is_inbound(sc));
	/* the server transport finds the connection by the request's source address */
	CU_ASSERT_PTR_EQUAL(net_tcp_find(srv.t, net_tcp_conn_remote(sc)), sc);
	CU_ASSERT_EQUAL(net_tcp_send_to(srv.t, net_tcp_conn_remote(sc), "200\n", 4, &used), 0);
	CU_ASSERT_PTR_EQUAL(used, sc);
	want_bytes = 4;
	CU_ASSERT_TRUE(nt_pump(&loop, cli_has_bytes, NULL, TURNS));
	CU_ASSERT_EQUAL(memcmp(cli.rx, "200\n", 4), 0);
	CU_ASSERT_EQUAL(net_tcp_count(srv.t), 1);  /* no second connection either way */
	CU_ASSERT_EQUAL(net_tcp_count(cli.t), 1);
	CU_ASSERT_EQUAL(srv.opens, 1);
	CU_ASSERT_PTR_EQUAL(net_tcp_find_id(cli.t, net_tcp_conn_id(cc)), cc);
}

/* RFC3261 18.1.1: "If a request is destined to an IP address, port, and transport to
 * which an existing connection is open, it is RECOMMENDED that this connection be
 * used to send the request, but another connection MAY be opened and used." */
static void test_rfc3261_18_1_1_later_request_reuses_open_connection(void)
{
	struct net_tcp_conn *first = request_through("REGISTER\n");
	struct net_tcp_conn *second = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(first);
	CU_ASSERT_EQUAL(net_tcp_send_to(cli.t, net_tcp_local(srv.t), "OPTIONS\n", 8, &second), 0);
	CU_ASSERT_PTR_EQUAL(second, first);
	want_bytes = 9 + 8;
	CU_ASSERT_TRUE(nt_pump(&loop, srv_has_bytes, NULL, TURNS));
	CU_ASSERT_EQUAL(memcmp(srv.rx, "REGISTER\nOPTIONS\n", 17), 0);
	CU_ASSERT_EQUAL(srv.opens, 1);
	CU_ASSERT_EQUAL(cli.opens, 1);
	CU_ASSERT_EQUAL(net_tcp_count(cli.t), 1);
}

/* RFC3261 18: "When a connection is opened by the transport layer, this index is set
 * to the destination IP, port and transport.  When the connection is accepted by the
 * transport layer, this index is set to the source IP address, port number, and
 * transport." */
static void test_rfc3261_18_connections_indexed_by_far_end(void)
{
	struct net_tcp_conn *cc = request_through("x\n");
	struct net_tcp_conn *sc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cc);
	sc = net_tcp_find_id(srv.t, srv.open_id);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	CU_ASSERT_TRUE(net_addr_equal(net_tcp_conn_remote(cc), net_tcp_local(srv.t)));
	CU_ASSERT_TRUE(net_addr_equal(net_tcp_conn_remote(sc), net_tcp_conn_local(cc)));
	CU_ASSERT_TRUE(net_addr_equal(net_tcp_conn_local(sc), net_tcp_local(srv.t)));
	CU_ASSERT_FALSE(net_tcp_conn_is_inbound(cc));
	CU_ASSERT_TRUE(net_tcp_conn_is_connected(cc));
	/* the listening address is not the index of the accepted connection */
	CU_ASSERT_PTR_NULL(net_tcp_find(srv.t, net_tcp_local(srv.t)));
}

static void test_impl_tcp_peer_close_is_reported_with_zero(void)
{
	struct net_tcp_conn *cc = request_through("x\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(cc);
	net_tcp_conn_close(cc);  /* cc is freed: the upper layer forgets it */
	CU_ASSERT_EQUAL(net_tcp_count(cli.t), 0);
	CU_ASSERT_TRUE(nt_pump(&loop, closed_once, &srv, TURNS));
	CU_ASSERT_EQUAL(srv.close_err, 0);
	CU_ASSERT_EQUAL(srv.close_id, srv.open_id);
	CU_ASSERT_EQUAL(net_tcp_count(srv.t), 0);
	CU_ASSERT_PTR_NULL(net_tcp_find_id(srv.t, srv.open_id));
	CU_ASSERT_EQUAL(cli.closes, 0);  /* the upper layer chose to close: no callback */
	CU_ASSERT_TRUE(nt_log_contains(&logrec, "closed by peer"));
}

/* RFC3261 18: "It is RECOMMENDED that connections be kept open for some
 * implementation-defined duration after the last message was sent or received over
 * that connection. [...] This usually means at least 64*T1".  With T1 = 500 ms the
 * server keeps an idle connection 32 s after its last byte, and not a microsecond
 * less; traffic in between pushes the deadline back. */
static void test_rfc3261_18_idle_connection_closed_after_configured_time(void)
{
	struct net_tcp_config cfg = { .idle_us = 64 * 500000 };
	struct net_tcp_handler h = { on_open, on_data, on_close, &srv };
	struct net_addr any;
	struct net_tcp_conn *cc = NULL;

	net_addr_parse(&any, "127.0.0.1:0", 0);
	CU_ASSERT_EQUAL_FATAL(net_tcp_open(&srv.t, &loop, &any, &cfg, &h), 0);
	CU_ASSERT_EQUAL_FATAL(open_side(&cli, NULL, NULL), 0);
	CU_ASSERT_EQUAL(net_tcp_send_to(cli.t, net_tcp_local(srv.t), "a\n", 2, &cc), 0);
	want_bytes = 2;
	CU_ASSERT_TRUE_FATAL(nt_pump(&loop, srv_has_bytes, NULL, TURNS));  /* at t = 0 */
	clk.now = 20 * SEC;
	CU_ASSERT_EQUAL(net_tcp_conn_send(cc, "b\n", 2), 0);
	want_bytes = 4;
	CU_ASSERT_TRUE_FATAL(nt_pump(&loop, srv_has_bytes, NULL, TURNS));  /* at t = 20 s */
	clk.now = 32 * SEC;  /* first check: only 12 s quiet, re-armed for 20 s more */
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(net_tcp_count(srv.t), 1);
	clk.now = 52 * SEC - 1;
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(net_tcp_count(srv.t), 1);
	CU_ASSERT_EQUAL(srv.closes, 0);
	clk.now = 52 * SEC;
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(srv.closes, 1);
	CU_ASSERT_EQUAL(srv.close_err, ETIMEDOUT);
	CU_ASSERT_EQUAL(net_tcp_count(srv.t), 0);
	CU_ASSERT_TRUE(nt_pump(&loop, closed_once, &cli, TURNS));  /* the client sees EOF */
	CU_ASSERT_EQUAL(cli.close_err, 0);
}

/* A listener that existed a moment ago: connecting there is refused. */
static int closed_tcp_port(struct net_addr *out, const char *listen)
{
	struct net_tcp *tmp = NULL;
	struct net_tcp_handler h = { NULL, on_data, NULL, NULL };
	struct net_addr addr;
	int err;

	net_addr_parse(&addr, listen, 0);
	err = net_tcp_open(&tmp, &loop, &addr, NULL, &h);
	if (err != 0)
		return err;
	*out = *net_tcp_local(tmp);
	net_tcp_close(tmp);
	return 0;
}

/* RFC3261 18.4: "If the transport user asks for a request to be sent over a reliable
 * transport, and the result is a connection failure, the transport layer SHOULD inform
 * the transport user of a failure in sending." */
static void test_rfc3261_18_4_connection_refused_is_reported(void)
{
	struct net_addr dead;
	struct net_tcp_conn *c = NULL;

	CU_ASSERT_EQUAL_FATAL(closed_tcp_port(&dead, "127.0.0.1:0"), 0);
	CU_ASSERT_EQUAL_FATAL(open_side(&cli, NULL, NULL), 0);
	CU_ASSERT_EQUAL(net_tcp_send_to(cli.t, &dead, "INVITE\n", 7, &c), 0);  /* queued */
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	uint64_t id = net_tcp_conn_id(c);

	CU_ASSERT_FALSE(net_tcp_conn_is_connected(c));
	CU_ASSERT_EQUAL(net_tcp_conn_pending(c), 7);
	CU_ASSERT_TRUE(nt_pump(&loop, closed_once, &cli, TURNS));
	CU_ASSERT_EQUAL(cli.close_err, ECONNREFUSED);
	CU_ASSERT_EQUAL(cli.close_id, id);
	CU_ASSERT_EQUAL(cli.opens, 0);
	CU_ASSERT_PTR_NULL(net_tcp_find_id(cli.t, id));
	CU_ASSERT_PTR_NULL(net_tcp_find(cli.t, &dead));
}

/* The peer vanished without our reading its FIN: a write fails, the caller gets the
 * errno at once, and on_close reports the same errno at the next turn. */
static void test_rfc3261_18_4_write_failure_is_reported(void)
{
	struct net_tcp_conn *cc = request_through("x\n");
	int err = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cc);
	net_tcp_conn_close(net_tcp_find_id(srv.t, srv.open_id));  /* the server goes away */
	for (int i = 0; i < 100 && err == 0; i++)  /* the first write draws the RST */
		err = net_tcp_conn_send(cc, "data\n", 5);
	CU_ASSERT_TRUE(err == EPIPE || err == ECONNRESET);
	CU_ASSERT_EQUAL(net_tcp_conn_send(cc, "more\n", 5), err);  /* failing already */
	CU_ASSERT_PTR_NULL(net_tcp_find(cli.t, net_tcp_local(srv.t)));  /* not reusable */
	CU_ASSERT_TRUE(nt_pump(&loop, closed_once, &cli, TURNS));
	CU_ASSERT_EQUAL(cli.close_err, err);
	CU_ASSERT_EQUAL(cli.closes, 1);
}

/* Bytes the upper layer leaves unconsumed come back, followed by the next bytes, so
 * it can frame messages that arrive split across segments (RFC 3261 18.3 framing is
 * the SIP transport's job; this is the mechanism it relies on). */
static void test_impl_tcp_unconsumed_bytes_are_presented_again(void)
{
	struct net_tcp_conn *c = NULL;
	static const char *const parts[] = { "IN", "VITE\nA", "C", "K\nBYE", "\n" };

	CU_ASSERT_EQUAL_FATAL(open_side(&srv, "127.0.0.1:0", NULL), 0);
	CU_ASSERT_EQUAL_FATAL(open_side(&cli, NULL, NULL), 0);
	srv.mode = CONSUME_LINES;
	for (size_t i = 0; i < 5; i++) {
		CU_ASSERT_EQUAL(net_tcp_send_to(cli.t, net_tcp_local(srv.t), parts[i],
						strlen(parts[i]), &c), 0);
		for (int k = 0; k < 20; k++)  /* let each part arrive on its own, if it will */
			net_loop_run_once(&loop, 0);
	}
	want_bytes = 15;
	CU_ASSERT_TRUE(nt_pump(&loop, srv_has_bytes, NULL, TURNS));
	CU_ASSERT_EQUAL(srv.rx_len, 15);
	CU_ASSERT_EQUAL(memcmp(srv.rx, "INVITE\nACK\nBYE\n", 15), 0);
}

/* The SIP transport closes a connection on a framing error, from inside on_data. */
static void test_impl_tcp_close_inside_on_data(void)
{
	struct net_tcp_conn *c = NULL;

	CU_ASSERT_EQUAL_FATAL(open_side(&srv, "127.0.0.1:0", NULL), 0);
	CU_ASSERT_EQUAL_FATAL(open_side(&cli, NULL, NULL), 0);
	srv.mode = CLOSE_ON_BAD;
	CU_ASSERT_EQUAL(net_tcp_send_to(cli.t, net_tcp_local(srv.t), "BAD", 3, &c), 0);
	CU_ASSERT_TRUE(nt_pump(&loop, closed_once, &cli, TURNS));
	CU_ASSERT_EQUAL(cli.close_err, 0);
	CU_ASSERT_EQUAL(srv.opens, 1);
	CU_ASSERT_EQUAL(srv.closes, 0);
	CU_ASSERT_EQUAL(srv.rx_len, 0);
	CU_ASSERT_EQUAL(net_tcp_count(srv.t), 0);
}

/* An upper layer that never finds a message end cannot make us buffer without end. */
static void test_impl_tcp_receive_limit_closes_with_enobufs(void)
{
	size_t n = NET_TCP_RX_MAX + 1;
	uint8_t *junk = calloc(1, n);
	struct net_tcp_conn *c = NULL;

	if (junk == NULL) {
		CU_FAIL("out of memory");
		return;
	}
	memset(junk, 'x', n);
	if (open_side(&srv, "127.0.0.1:0", NULL) == 0 && open_side(&cli, NULL, NULL) == 0) {
		srv.mode = CONSUME_NONE;
		CU_ASSERT_EQUAL(net_tcp_send_to(cli.t, net_tcp_local(srv.t), junk, n, &c), 0);
		CU_ASSERT_TRUE(nt_pump(&loop, closed_once, &srv, TURNS));
		CU_ASSERT_EQUAL(srv.close_err, ENOBUFS);
		CU_ASSERT_TRUE(srv.data_calls > 0);
	} else {
		CU_FAIL("could not open the endpoints");
	}
	free(junk);
}

/* More than the kernel takes at once is queued and drained in order, whole. */
static void test_impl_tcp_large_send_is_queued_and_drained(void)
{
	size_t n = NET_TCP_TX_MAX;
	uint8_t *big = malloc(n + 1);
	struct net_tcp_conn *c = NULL;

	if (big == NULL) {
		CU_FAIL("out of memory");
		return;
	}
	for (size_t i = 0; i <= n; i++)
		big[i] = pattern(i);
	if (request_through("hello\n") != NULL) {
		srv.mode = COUNT_PATTERN;
		srv.total = 0;
		c = net_tcp_find(cli.t, net_tcp_local(srv.t));
		CU_ASSERT_PTR_NOT_NULL(c);
		if (c != NULL) {
			CU_ASSERT_EQUAL(net_tcp_conn_send(c, big, n + 1), ENOBUFS);  /* all or nothing */
			CU_ASSERT_EQUAL(net_tcp_conn_send(c, big, n), 0);
			want_bytes = n;
			CU_ASSERT_TRUE(nt_pump(&loop, srv_has_bytes, NULL, 20 * TURNS));
			CU_ASSERT_EQUAL(srv.total, n);
			CU_ASSERT_TRUE(srv.pattern_ok);
			CU_ASSERT_EQUAL(net_tcp_conn_pending(c), 0);
		}
	} else {
		CU_FAIL("no connection");
	}
	free(big);
}

/* Writes that outrun the kernel's socket buffer wait in the send queue (their tail
 * is sent when the socket becomes writable), in order and without loss. */
static void test_impl_tcp_writes_beyond_socket_buffer_are_queued(void)
{
	enum { CHUNK = 256 * 1024, MAX_CHUNKS = 64 };
	uint8_t *chunk = malloc(CHUNK);
	struct net_tcp_conn *c;

	if (chunk == NULL) {
		CU_FAIL("out of memory");
		return;
	}
	if (request_through("hello\n") != NULL &&
	    (c = net_tcp_find(cli.t, net_tcp_local(srv.t))) != NULL) {
		size_t sent = 0;

		srv.mode = COUNT_PATTERN;
		srv.total = 0;
		/* no turn of the loop in between: the server reads nothing meanwhile */
		for (int k = 0; k < MAX_CHUNKS && net_tcp_conn_pending(c) == 0; k++) {
			for (size_t i = 0; i < CHUNK; i++)
				chunk[i] = pattern(sent + i);
			CU_ASSERT_EQUAL(net_tcp_conn_send(c, chunk, CHUNK), 0);
			sent += CHUNK;
		}
		CU_ASSERT_TRUE(net_tcp_conn_pending(c) > 0);
		for (size_t i = 0; i < CHUNK; i++)  /* queued behind the rest, not sent now */
			chunk[i] = pattern(sent + i);
		CU_ASSERT_EQUAL(net_tcp_conn_send(c, chunk, CHUNK), 0);
		sent += CHUNK;
		want_bytes = sent;
		CU_ASSERT_TRUE(nt_pump(&loop, srv_has_bytes, NULL, 100 * TURNS));
		CU_ASSERT_EQUAL(srv.total, sent);
		CU_ASSERT_TRUE(srv.pattern_ok);
		CU_ASSERT_EQUAL(net_tcp_conn_pending(c), 0);
	} else {
		CU_FAIL("no connection");
	}
	free(chunk);
}

/* Bytes sent while the handshake is under way wait for it. */
static void test_impl_tcp_send_before_connected_is_queued(void)
{
	struct net_tcp_conn *c = NULL;

	CU_ASSERT_EQUAL_FATAL(open_side(&srv, "127.0.0.1:0", NULL), 0);
	CU_ASSERT_EQUAL_FATAL(open_side(&cli, NULL, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(net_tcp_connect(cli.t, net_tcp_local(srv.t), &c), 0);
	CU_ASSERT_FALSE(net_tcp_conn_is_connected(c));
	CU_ASSERT_EQUAL(net_tcp_conn_send(c, "ACK\n", 4), 0);
	CU_ASSERT_EQUAL(net_tcp_conn_pending(c), 4);
	CU_ASSERT_EQUAL(net_tcp_conn_send(c, "", 0), 0);
	CU_ASSERT_TRUE(nt_pump(&loop, opened_once, &cli, TURNS));
	want_bytes = 4;
	CU_ASSERT_TRUE(nt_pump(&loop, srv_has_bytes, NULL, TURNS));
	CU_ASSERT_EQUAL(memcmp(srv.rx, "ACK\n", 4), 0);
	CU_ASSERT_EQUAL(cli.opens, 1);
	CU_ASSERT_EQUAL(cli.open_id, net_tcp_conn_id(c));
}

static void test_impl_tcp_ipv6_loopback(void)
{
	struct net_tcp_conn *c = NULL, *sc;

	if (!nt_have_ipv6_loopback("test_impl_tcp_ipv6_loopback"))
		return;
	CU_ASSERT_EQUAL_FATAL(open_side(&srv, "[::1]:0", NULL), 0);
	CU_ASSERT_EQUAL_FATAL(open_side(&cli, "[::1]:0", NULL), 0);
	CU_ASSERT_EQUAL(net_addr_family(net_tcp_local(srv.t)), AF_INET6);
	CU_ASSERT_EQUAL(net_tcp_send_to(cli.t, net_tcp_local(srv.t), "MESSAGE\n", 8, &c), 0);
	want_bytes = 8;
	CU_ASSERT_TRUE_FATAL(nt_pump(&loop, srv_has_bytes, NULL, TURNS));
	sc = net_tcp_find_id(srv.t, srv.open_id);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	/* the client's listener had a specific IP, so the connection left from it */
	CU_ASSERT_TRUE(net_addr_same_ip(net_tcp_conn_remote(sc), net_tcp_local(cli.t)));
	CU_ASSERT_EQUAL(net_tcp_send_to(srv.t, net_tcp_conn_remote(sc), "200\n", 4, NULL), 0);
	want_bytes = 4;
	CU_ASSERT_TRUE(nt_pump(&loop, cli_has_bytes, NULL, TURNS));
	CU_ASSERT_EQUAL(net_tcp_count(srv.t), 1);
}

static void test_impl_tcp_connection_limit(void)
{
	struct net_tcp_config one = { .max_conns = 1 };
	struct net_tcp_conn *c1 = NULL, *c2 = NULL;

	CU_ASSERT_EQUAL_FATAL(open_side(&srv, "127.0.0.1:0", &one), 0);
	CU_ASSERT_EQUAL_FATAL(open_side(&cli, NULL, &one), 0);
	CU_ASSERT_EQUAL_FATAL(open_side(&cli2, NULL, NULL), 0);
	CU_ASSERT_EQUAL(net_tcp_connect(cli.t, net_tcp_local(srv.t), &c1), 0);
	CU_ASSERT_EQUAL(net_tcp_connect(cli.t, net_tcp_local(srv.t), &c2), ENOBUFS);
	CU_ASSERT_PTR_NULL(c2);
	CU_ASSERT_TRUE(nt_pump(&loop, opened_once, &srv, TURNS));
	CU_ASSERT_EQUAL(net_tcp_connect(cli2.t, net_tcp_local(srv.t), &c2), 0);
	CU_ASSERT_TRUE(nt_pump(&loop, closed_once, &cli2, TURNS));  /* accepted, then shut */
	CU_ASSERT_EQUAL(net_tcp_count(srv.t), 1);
	CU_ASSERT_EQUAL(srv.opens, 1);
	CU_ASSERT_TRUE(nt_log_contains(&logrec, "limit of 1 reached"));
}

static void test_impl_tcp_ids_and_user_pointer(void)
{
	struct net_tcp_conn *a = NULL, *b = NULL;
	int tag;

	CU_ASSERT_EQUAL_FATAL(open_side(&srv, "127.0.0.1:0", NULL), 0);
	CU_ASSERT_EQUAL_FATAL(open_side(&cli, NULL, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(net_tcp_connect(cli.t, net_tcp_local(srv.t), &a), 0);
	CU_ASSERT_EQUAL_FATAL(net_tcp_connect(cli.t, net_tcp_local(srv.t), &b), 0);
	CU_ASSERT_EQUAL(net_tcp_conn_id(a), 1);
	CU_ASSERT_EQUAL(net_tcp_conn_id(b), 2);
	CU_ASSERT_PTR_EQUAL(net_tcp_find(cli.t, net_tcp_local(srv.t)), b);  /* newest */
	CU_ASSERT_PTR_NULL(net_tcp_conn_user(a));
	net_tcp_conn_set_user(a, &tag);
	CU_ASSERT_PTR_EQUAL(net_tcp_conn_user(a), &tag);
	net_tcp_conn_close(b);
	CU_ASSERT_PTR_EQUAL(net_tcp_find(cli.t, net_tcp_local(srv.t)), a);
	CU_ASSERT_PTR_NULL(net_tcp_find_id(cli.t, 2));
	CU_ASSERT_EQUAL(net_tcp_count(cli.t), 1);
}

static void test_impl_tcp_rejects_bad_arguments(void)
{
	struct net_tcp_handler no_data = { on_open, NULL, on_close, &srv };
	struct net_tcp *t = NULL;
	struct net_tcp_conn *c = NULL;
	struct net_addr unset;

	memset(&unset, 0, sizeof(unset));
	CU_ASSERT_EQUAL(net_tcp_open(&t, &loop, NULL, NULL, NULL), EINVAL);
	CU_ASSERT_EQUAL(net_tcp_open(&t, &loop, NULL, NULL, &no_data), EINVAL);
	CU_ASSERT_EQUAL(net_tcp_open(&t, NULL, NULL, NULL, &no_data), EINVAL);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_EQUAL_FATAL(open_side(&cli, NULL, NULL), 0);
	CU_ASSERT_EQUAL(net_tcp_connect(cli.t, &unset, &c), EINVAL);
	CU_ASSERT_EQUAL(net_tcp_send_to(cli.t, &unset, "x", 1, &c), EINVAL);
	CU_ASSERT_PTR_NULL(c);
	CU_ASSERT_EQUAL(open_side(&srv, NULL, NULL), 0);
	net_tcp_close(NULL);  /* ignored */
}

static const struct th_test rfc_tests[] = {
	TH_TEST(test_rfc3261_18_2_2_response_uses_the_request_connection),
	TH_TEST(test_rfc3261_18_1_1_later_request_reuses_open_connection),
	TH_TEST(test_rfc3261_18_connections_indexed_by_far_end),
	TH_TEST(test_rfc3261_18_idle_connection_closed_after_configured_time),
	TH_TEST(test_rfc3261_18_4_connection_refused_is_reported),
	TH_TEST(test_rfc3261_18_4_write_failure_is_reported),
	TH_END
};

static const struct th_test impl_tests[] = {
	TH_TEST(test_impl_tcp_listen_on_port_zero),
	TH_TEST(test_impl_tcp_peer_close_is_reported_with_zero),
	TH_TEST(test_impl_tcp_unconsumed_bytes_are_presented_again),
	TH_TEST(test_impl_tcp_close_inside_on_data),
	TH_TEST(test_impl_tcp_receive_limit_closes_with_enobufs),
	TH_TEST(test_impl_tcp_large_send_is_queued_and_drained),
	TH_TEST(test_impl_tcp_writes_beyond_socket_buffer_are_queued),
	TH_TEST(test_impl_tcp_send_before_connected_is_queued),
	TH_TEST(test_impl_tcp_ipv6_loopback),
	TH_TEST(test_impl_tcp_connection_limit),
	TH_TEST(test_impl_tcp_ids_and_user_pointer),
	TH_TEST(test_impl_tcp_rejects_bad_arguments),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 18 Transport: TCP connections on loopback", rfc_tests, setup, teardown },
	{ "net/tcp: framing hand-off, limits, IPv6, errors", impl_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
