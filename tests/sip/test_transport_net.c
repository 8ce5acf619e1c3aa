/* tests/sip/test_transport_net.c - two SIP stacks on real loopback sockets through
 * sip/transport_net.h (RFC 3261 §18): UDP and TCP exchanges, the response on the
 * request's connection, the §18.1.1 switch to TCP end to end, a stream that cannot be
 * framed closing its connection (§18.3), ICMP port unreachable reaching the
 * transaction (§18.4, Linux).
 *
 * No sleeping: the loop runs on a clock that stands still (transaction timers never
 * fire by themselves) and each turn returns as soon as a socket is ready; the pump
 * gives up after a bounded number of turns.
 */
#include "net/loop.h"
#include "net/rand.h"
#include "net/tcp.h"
#include "net/udp.h"
#include "sip/transport.h"
#include "sip/transport_net.h"
#include "sip/tsx.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TURNS 500  /* at most 500 turns of at most 10 ms each */

struct node {
	struct sip_transport_net *sn;
	struct sip_transport *t;
	struct sip_tsx_layer *l;
	struct net_rand rand;
	int answer;                 /* TU: status for requests */
	unsigned requests;
	struct sip_recv_info last_from;
	struct sip_via_copy {
		char received[64];
		int rport;
	} via;
	unsigned responses;
	int last_status;
	int error;                  /* transport error reported */
};

static struct net_loop loop;
static uint64_t fake_now;
static struct node a, b;

static uint64_t fake_clock(void *arg)
{
	(void)arg;
	return fake_now;
}

static void log_cb(void *arg, enum net_log_level level, const char *layer, const char *line)
{
	(void)level;
	if (getenv("TSXTEST_VERBOSE") != NULL)
		printf("  %s %s: %s\n", (const char *)arg, layer, line);
}

static void on_request(void *arg, struct sip_tsx *tsx, const struct sip_msg *req)
{
	struct node *n = arg;
	struct sip_msg *resp;

	n->requests++;
	n->last_from = *sip_tsx_source(tsx);
	(void)sip_str_copy(req->via->received, n->via.received, sizeof(n->via.received));
	n->via.rport = req->via->rport;
	if (n->answer != 0 && sip_msg_create_response(req, n->answer, NULL, "x1", &resp) == 0) {
		CU_ASSERT_EQUAL(sip_tsx_respond(tsx, resp), 0);
		sip_msg_destroy(resp);
	}
}

static void on_response(void *arg, struct sip_tsx *tsx, const struct sip_msg *resp)
{
	struct node *n = arg;

	(void)tsx;
	n->responses++;
	n->last_status = resp->status;
}

static void on_error(void *arg, struct sip_tsx *tsx, int err)
{
	struct node *n = arg;

	(void)tsx;
	n->error = err;
}

static void on_timeout(void *arg, struct sip_tsx *tsx)
{
	struct node *n = arg;

	(void)tsx;
	n->error = ETIMEDOUT;
}

static int node_up(struct node *n, const char *name, int family)
{
	struct net_addr any;
	struct sip_env env;
	struct sip_transport_config cfg;
	struct sip_tu tu;
	int rc;

	memset(n, 0, sizeof(*n));
	net_rand_seed(&n->rand, (uint64_t)name[0]);
	if (net_addr_loopback(&any, family, 0) != 0)
		return EINVAL;
	rc = sip_transport_net_open(&n->sn, &loop, &any, NULL);
	if (rc != 0)
		return rc;
	memset(&env, 0, sizeof(env));
	sip_transport_net_env(n->sn, &env);
	env.log.cb = log_cb;
	env.log.arg = (void *)name;
	env.rand = &n->rand;
	memset(&cfg, 0, sizeof(cfg));
	cfg.udp = *sip_transport_net_local(n->sn);
	cfg.tcp = cfg.udp;
	rc = sip_transport_create(&n->t, &env, &cfg);
	if (rc != 0)
		return rc;
	memset(&tu, 0, sizeof(tu));
	tu.on_request = on_request;
	tu.arg = n;
	rc = sip_tsx_layer_create(&n->l, n->t, NULL, &tu);
	sip_transport_net_attach(n->sn, n->t);
	return rc;
}

static void node_down(struct node *n)
{
	sip_tsx_layer_destroy(n->l);
	sip_transport_destroy(n->t);
	sip_transport_net_close(n->sn);
	memset(n, 0, sizeof(*n));
}

static void setup(void)
{
	fake_now = 1000000;
	net_loop_init(&loop, fake_clock, NULL);
	CU_ASSERT_EQUAL(node_up(&a, "a", AF_INET), 0);
	CU_ASSERT_EQUAL(node_up(&b, "b", AF_INET), 0);
}

static void teardown(void)
{
	node_down(&a);
	node_down(&b);
	net_loop_fini(&loop);
}

/* Turns the loop until *flag becomes non-zero (or TURNS turns went by). */
static bool pump_until(const unsigned *flag)
{
	for (int i = 0; i < TURNS && *flag == 0; i++)
		(void)net_loop_run_once(&loop, 10000);
	return *flag != 0;
}

/* A sends `method` to B over `proto` (with a body of `body_len` bytes). */
static void a_sends(const char *method, enum sip_proto proto, size_t body_len)
{
	struct sip_msg *m = NULL;
	struct sip_dest dst;
	struct sip_tsx_handler h = { on_response, on_timeout, on_error, NULL, &a };
	char uri[96], host[NET_ADDR_STRLEN], cseq[32];
	char *body = calloc(1, body_len + 1);

	(void)net_addr_format(sip_transport_net_local(b.sn), host, sizeof(host));
	snprintf(uri, sizeof(uri), "sip:b@%s", host);
	snprintf(cseq, sizeof(cseq), "1 %s", method);
	CU_ASSERT_EQUAL(sip_msg_create_request(method, uri, &m), 0);
	if (m != NULL) {
		CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_TO, "<sip:b@example.com>"), 0);
		CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_FROM, "<sip:a@example.com>;tag=1"), 0);
		CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_CALL_ID, "loop-1"), 0);
		CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_CSEQ, cseq), 0);
		CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_MAX_FORWARDS, "70"), 0);
		if (body_len > 0) {
			memset(body, 'x', body_len);
			CU_ASSERT_EQUAL(sip_msg_set_body(m, "text/plain", body, body_len), 0);
		}
		CU_ASSERT_EQUAL(sip_transport_next_hop(m, &dst), 0);
		dst.proto = proto;
		CU_ASSERT_EQUAL(sip_tsx_request(a.l, m, &dst, &h, NULL), 0);
	}
	sip_msg_destroy(m);
	free(body);
}

/* RFC3261 18.1.1: "For unreliable unicast transports, the client transport MUST be
 * prepared to receive responses on the source IP address from which the request is
 * sent (as responses are sent back to the source address) and the port number in the
 * "sent-by" field." - one UDP socket per stack, bound on the sent-by port. */
static void test_rfc3261_18_1_1_udp_request_and_response_on_loopback(void)
{
	b.answer = 200;
	a_sends("OPTIONS", SIP_PROTO_UDP, 0);
	CU_ASSERT_TRUE(pump_until(&a.responses));
	CU_ASSERT_EQUAL(a.last_status, 200);
	CU_ASSERT_EQUAL(b.requests, 1);
	CU_ASSERT_EQUAL(b.last_from.proto, SIP_PROTO_UDP);
	CU_ASSERT_TRUE(net_addr_equal(&b.last_from.src, sip_transport_net_local(a.sn)));
	CU_ASSERT_STRING_EQUAL(b.via.received, "");  /* sent-by is the source: no received */
}

/* RFC3261 18.2.2: "If the "sent-protocol" is a reliable transport protocol such as TCP
 * ... the response MUST be sent using the existing connection to the source of the
 * original request that created the transaction, if that connection is still open." -
 * one connection carries request and response. */
static void test_rfc3261_18_2_2_tcp_response_on_the_request_connection(void)
{
	b.answer = 486;
	a_sends("INVITE", SIP_PROTO_TCP, 0);
	CU_ASSERT_TRUE(pump_until(&a.responses));
	CU_ASSERT_EQUAL(a.last_status, 486);
	CU_ASSERT_EQUAL(b.last_from.proto, SIP_PROTO_TCP);
	CU_ASSERT_NOT_EQUAL(b.last_from.conn_id, 0);
	CU_ASSERT_EQUAL(net_tcp_count(sip_transport_net_tcp(a.sn)), 1);
	CU_ASSERT_EQUAL(net_tcp_count(sip_transport_net_tcp(b.sn)), 1);
	/* the ACK for the 486 (§17.1.1.3) reuses it too, and a second request as well */
	a_sends("OPTIONS", SIP_PROTO_TCP, 0);
	b.answer = 200;
	for (int i = 0; i < TURNS && a.responses < 2; i++)
		(void)net_loop_run_once(&loop, 10000);
	CU_ASSERT_EQUAL(a.responses, 2);
	CU_ASSERT_EQUAL(net_tcp_count(sip_transport_net_tcp(a.sn)), 1);
	CU_ASSERT_EQUAL(net_tcp_count(sip_transport_net_tcp(b.sn)), 1);
}

/* RFC3261 18.1.1: "If a request is within 200 bytes of the path MTU ... the request
 * MUST be sent using an RFC 2914 [43] congestion controlled transport protocol, such
 * as TCP." ... 18.2.1: "a message may need to be sent using TCP, rather than UDP, if
 * it is too large" - and the server listens for TCP on its UDP port. */
static void test_rfc3261_18_1_1_large_request_arrives_over_tcp(void)
{
	b.answer = 200;
	a_sends("MESSAGE", SIP_PROTO_UDP, 3000);
	CU_ASSERT_TRUE(pump_until(&a.responses));
	CU_ASSERT_EQUAL(a.last_status, 200);
	CU_ASSERT_EQUAL(b.last_from.proto, SIP_PROTO_TCP);
}

struct raw {
	unsigned closed;
	int err;
};

static size_t raw_data(void *arg, struct net_tcp_conn *c, const uint8_t *data, size_t len)
{
	(void)arg;
	(void)c;
	(void)data;
	return len;
}

static void raw_close(void *arg, struct net_tcp_conn *c, int err)
{
	struct raw *r = arg;

	(void)c;
	r->closed = 1;
	r->err = err;
}

/* RFC3261 18.3: "The Content-Length header field MUST be used with stream oriented
 * transports." - B frames by it; a stream without one cannot be framed and B closes
 * the connection (RFC 4475 §3.1.2.3). */
static void test_rfc3261_18_3_framing_error_closes_the_connection(void)
{
	static const char bad[] = "OPTIONS sip:b@127.0.0.1 SIP/2.0\r\n"
				  "Via: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKraw\r\n"
				  "To: <sip:b@x>\r\nFrom: <sip:a@x>;tag=1\r\nCall-ID: r\r\n"
				  "CSeq: 1 OPTIONS\r\n\r\n";
	struct raw r = { 0, -1 };
	struct net_tcp_handler h = { NULL, raw_data, raw_close, &r };
	struct net_tcp *raw = NULL;
	struct net_tcp_conn *c = NULL;

	CU_ASSERT_EQUAL(net_tcp_open(&raw, &loop, NULL, NULL, &h), 0);
	if (raw == NULL)
		return;
	CU_ASSERT_EQUAL(net_tcp_connect(raw, sip_transport_net_local(b.sn), &c), 0);
	CU_ASSERT_EQUAL(net_tcp_conn_send(c, bad, sizeof(bad) - 1), 0);
	CU_ASSERT_TRUE(pump_until(&r.closed));
	CU_ASSERT_EQUAL(r.err, 0);  /* B closed it */
	CU_ASSERT_EQUAL(net_tcp_count(sip_transport_net_tcp(b.sn)), 0);
	CU_ASSERT_EQUAL(b.requests, 0);
	net_tcp_close(raw);
}

/* Sends a minimal `method` request (Call-ID `call_id`) to `dst` through a client
 * transaction of a.l, reporting to on_response / on_timeout / on_error. */
static void request_through_tsx(const char *method, const char *call_id,
				const struct sip_dest *dst)
{
	struct sip_tsx_handler h = { on_response, on_timeout, on_error, NULL, &a };
	struct sip_msg *m = NULL;
	char cseq[32];

	snprintf(cseq, sizeof(cseq), "1 %s", method);
	CU_ASSERT_EQUAL(sip_msg_create_request(method, "sip:x@127.0.0.1", &m), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_TO, "<sip:x@127.0.0.1>"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_FROM, "<sip:a@127.0.0.1>;tag=1"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_CALL_ID, call_id), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_CSEQ, cseq), 0);
	CU_ASSERT_EQUAL(sip_tsx_request(a.l, m, dst, &h, NULL), 0);
	sip_msg_destroy(m);
}

/* RFC3261 18.4: "Host, network, port or protocol unreachable errors, or parameter
 * problem errors SHOULD cause the transport layer to inform the transport user of a
 * failure in sending." - the ICMP port unreachable reaches the transaction (§17.1.4).
 * Linux reports ICMP errors on UDP sockets; elsewhere the test only checks nothing
 * breaks. */
static void test_rfc3261_18_4_port_unreachable_reaches_the_transaction(void)
{
	struct net_udp *gone = NULL;
	struct net_addr lo;
	struct sip_dest dst;
	unsigned err = 0;

	CU_ASSERT_EQUAL(net_addr_loopback(&lo, AF_INET, 0), 0);
	CU_ASSERT_EQUAL(net_udp_open(&gone, NULL, &lo, NULL), 0);
	if (gone == NULL)
		return;
	memset(&dst, 0, sizeof(dst));
	dst.proto = SIP_PROTO_UDP;
	dst.addr = *net_udp_local(gone);
	net_udp_close(gone);  /* nobody listens there now */
	request_through_tsx("OPTIONS", "icmp", &dst);
#ifdef __linux__
	for (int i = 0; i < TURNS && a.error == 0; i++)
		(void)net_loop_run_once(&loop, 10000);
	err = (unsigned)a.error;
	CU_ASSERT_EQUAL(err, ECONNREFUSED);
	CU_ASSERT_EQUAL(sip_tsx_layer_count(a.l), 0);
#else
	(void)err;
#endif
}

/* RFC3261 18.4: "If the transport user asks for a request to be sent over a reliable
 * transport, and the result is a connection failure, the transport layer SHOULD inform
 * the transport user of a failure in sending." - a refused connect reaches the INVITE
 * client transaction (§17.1.4). */
static void test_rfc3261_18_4_refused_connection_reaches_the_transaction(void)
{
	struct net_tcp *gone = NULL;
	struct net_tcp_handler h0 = { NULL, raw_data, NULL, NULL };
	struct net_addr lo;
	struct sip_dest dst;
	unsigned err = 0;

	CU_ASSERT_EQUAL(net_addr_loopback(&lo, AF_INET, 0), 0);
	CU_ASSERT_EQUAL(net_tcp_open(&gone, &loop, &lo, NULL, &h0), 0);
	if (gone == NULL)
		return;
	memset(&dst, 0, sizeof(dst));
	dst.proto = SIP_PROTO_TCP;
	dst.addr = *net_tcp_local(gone);
	net_tcp_close(gone);  /* nobody listens there now */
	request_through_tsx("INVITE", "refused", &dst);
	for (int i = 0; i < TURNS && a.error == 0; i++)
		(void)net_loop_run_once(&loop, 10000);
	err = (unsigned)a.error;
	CU_ASSERT_EQUAL(err, ECONNREFUSED);
	CU_ASSERT_EQUAL(sip_tsx_layer_count(a.l), 0);
}

/* The same exchange over IPv6 loopback (::1), when the machine has it. */
static void test_rfc3261_18_1_1_udp_and_tcp_over_ipv6_loopback(void)
{
	node_down(&a);
	node_down(&b);
	if (node_up(&a, "a", AF_INET6) != 0 || node_up(&b, "b", AF_INET6) != 0) {
		printf("SKIP test_rfc3261_18_1_1_udp_and_tcp_over_ipv6_loopback: no ::1 ");
		return;
	}
	b.answer = 200;
	a_sends("OPTIONS", SIP_PROTO_UDP, 0);
	CU_ASSERT_TRUE(pump_until(&a.responses));
	a_sends("INFO", SIP_PROTO_TCP, 0);
	for (int i = 0; i < TURNS && a.responses < 2; i++)
		(void)net_loop_run_once(&loop, 10000);
	CU_ASSERT_EQUAL(a.responses, 2);
	CU_ASSERT_EQUAL(b.last_from.proto, SIP_PROTO_TCP);
}

static const struct th_test net_tests[] = {
	TH_TEST(test_rfc3261_18_1_1_udp_request_and_response_on_loopback),
	TH_TEST(test_rfc3261_18_2_2_tcp_response_on_the_request_connection),
	TH_TEST(test_rfc3261_18_1_1_large_request_arrives_over_tcp),
	TH_TEST(test_rfc3261_18_3_framing_error_closes_the_connection),
	TH_TEST(test_rfc3261_18_4_port_unreachable_reaches_the_transaction),
	TH_TEST(test_rfc3261_18_4_refused_connection_reaches_the_transaction),
	TH_TEST(test_rfc3261_18_1_1_udp_and_tcp_over_ipv6_loopback),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 18 Transport on loopback sockets", net_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
