/* tests/sip/test_tsx_scenario.c - two stacks on the in-memory network (simnet.h):
 * transactions complete through loss (RFC 3261 §17.1.2.1, §17.1.1.1: retransmissions
 * over unreliable transports), whole ladders asserted to the microsecond; and the
 * lossy send wrapper of labs (sip/lossy.h).
 */
#include "sip/lossy.h"
#include "sip/transport.h"
#include "sip/tsx.h"
#include "tests/sip/simnet.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One SIP stack on a simnet node, with a TU that answers at once. */
struct stack {
	struct simnet_node *node;
	struct sip_env env;
	struct sip_lossy lossy;
	struct sip_transport *tp;
	struct sip_tsx_layer *layer;
	int answer;            /* status the TU answers requests with */
	int last_status;       /* client: last response passed up */
	uint64_t last_us;      /* its time */
	unsigned responses;    /* responses passed up */
	unsigned acks;         /* ACKs passed up (for 2xx) */
	bool send_ack;         /* client: ACK a 2xx (the UA core's job, §13.2.2.4) */
};

static struct simnet *net;
static struct stack alice, bob;

static void ack_2xx(struct stack *s, struct sip_tsx *tsx, const struct sip_msg *resp);

static void on_response(void *arg, struct sip_tsx *tsx, const struct sip_msg *resp)
{
	struct stack *s = arg;

	s->responses++;
	s->last_status = resp->status;
	s->last_us = simnet_now(net);
	if (s->send_ack && resp->status >= 200 && resp->status < 300 &&
	    sip_tsx_kind(tsx) == SIP_TSX_ICT)
		ack_2xx(s, tsx, resp);
}

static void on_request(void *arg, struct sip_tsx *tsx, const struct sip_msg *req)
{
	struct stack *s = arg;
	struct sip_msg *resp;

	if (s->answer != 0 && sip_msg_create_response(req, s->answer, NULL, "b0b", &resp) == 0) {
		CU_ASSERT_EQUAL(sip_tsx_respond(tsx, resp), 0);
		sip_msg_destroy(resp);
	}
}

static void on_ack(void *arg, struct sip_tsx *tsx, const struct sip_msg *ack,
		   const struct sip_recv_info *from)
{
	struct stack *s = arg;

	(void)tsx;
	(void)ack;
	(void)from;
	s->acks++;
}

static void stack_up(struct stack *s, const char *name, const char *addr,
		     const struct sip_lossy_config *lossy)
{
	struct sip_transport_config cfg;
	struct sip_tu tu;

	memset(s, 0, sizeof(*s));
	s->node = simnet_node_add(net, name, addr);
	CU_ASSERT_PTR_NOT_NULL(s->node);
	if (s->node == NULL)
		return;
	simnet_node_env(s->node, &s->env);
	if (lossy != NULL)
		sip_lossy_wrap(&s->lossy, &s->env, lossy);
	memset(&cfg, 0, sizeof(cfg));
	cfg.udp = *simnet_node_addr(s->node);
	cfg.tcp = cfg.udp;
	CU_ASSERT_EQUAL(sip_transport_create(&s->tp, &s->env, &cfg), 0);
	memset(&tu, 0, sizeof(tu));
	tu.on_request = on_request;
	tu.on_ack = on_ack;
	tu.arg = s;
	CU_ASSERT_EQUAL(sip_tsx_layer_create(&s->layer, s->tp, NULL, &tu), 0);
	simnet_node_attach(s->node, s->tp);
}

static void stack_down(struct stack *s)
{
	sip_tsx_layer_destroy(s->layer);
	sip_transport_destroy(s->tp);
}

static void setup(void)
{
	CU_ASSERT_EQUAL(simnet_create(&net, 7), 0);
	stack_up(&alice, "alice", "192.0.2.1:5060", NULL);
	stack_up(&bob, "bob", "192.0.2.2:5060", NULL);
	simnet_latency(net, NULL, NULL, 10000);  /* 10 ms each way */
}

static void teardown(void)
{
	stack_down(&alice);
	stack_down(&bob);
	simnet_destroy(net);
}

/* Alice starts a transaction for `method` toward Bob over `proto`. */
static void alice_sends(const char *method, enum sip_proto proto)
{
	struct sip_msg *m = NULL;
	struct sip_dest dst;
	struct sip_tsx_handler h = { on_response, NULL, NULL, NULL, &alice };
	char cseq[32];

	CU_ASSERT_EQUAL(sip_msg_create_request(method, "sip:bob@192.0.2.2", &m), 0);
	if (m == NULL)
		return;
	snprintf(cseq, sizeof(cseq), "1 %s", method);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_MAX_FORWARDS, "70"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_TO, "<sip:bob@192.0.2.2>"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_FROM, "<sip:alice@192.0.2.1>;tag=a1"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_CALL_ID, "call-1@192.0.2.1"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_CSEQ, cseq), 0);
	memset(&dst, 0, sizeof(dst));
	dst.proto = proto;
	dst.addr = *simnet_node_addr(bob.node);
	CU_ASSERT_EQUAL(sip_tsx_request(alice.layer, m, &dst, &h, NULL), 0);
	sip_msg_destroy(m);
}

/* §13.2.2.4 in miniature: the UA core's ACK for a 2xx, sent outside any transaction
 * with a branch of its own, straight to the transport. */
static void ack_2xx(struct stack *s, struct sip_tsx *tsx, const struct sip_msg *resp)
{
	const struct sip_msg *inv = sip_tsx_request_msg(tsx);
	struct sip_dest dst = *sip_tsx_dest(tsx);
	struct sip_msg *ack = NULL;
	char cseq[32];

	CU_ASSERT_EQUAL(sip_msg_create_request("ACK", "sip:bob@192.0.2.2", &ack), 0);
	if (ack == NULL)
		return;
	snprintf(cseq, sizeof(cseq), "%lu ACK", (unsigned long)inv->cseq->seq);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(ack, SIP_HDR_MAX_FORWARDS, "70"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_copy(ack, resp, SIP_HDR_TO), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_copy(ack, inv, SIP_HDR_FROM), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_copy(ack, inv, SIP_HDR_CALL_ID), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(ack, SIP_HDR_CSEQ, cseq), 0);
	CU_ASSERT_EQUAL(sip_transport_via_push(s->tp, ack, dst.proto, NULL), 0);
	CU_ASSERT_EQUAL(sip_transport_send_request(s->tp, ack, &dst), 0);
	sip_msg_destroy(ack);
}

/* RFC3261 17.1.2.1: "For unreliable transports, requests are retransmitted at an
 * interval which starts at T1 and doubles until it hits T2." ... "The server
 * transaction retransmits the last response it sent, which can be a provisional or
 * final response, only when a retransmission of the request is received."  Losing the
 * first request and the first response costs two retransmissions, nothing more. */
static void test_rfc3261_17_1_2_1_request_completes_despite_loss(void)
{
	static const char *const ladder[] = {
		"0.000000 alice -> bob UDP OPTIONS sip:bob@192.0.2.2 SIP/2.0 (dropped)",
		"0.500000 alice -> bob UDP OPTIONS sip:bob@192.0.2.2 SIP/2.0",
		"0.510000 bob -> alice UDP SIP/2.0 200 OK (dropped)",
		"1.500000 alice -> bob UDP OPTIONS sip:bob@192.0.2.2 SIP/2.0",
		"1.510000 bob -> alice UDP SIP/2.0 200 OK",
		NULL
	};

	bob.answer = 200;
	CU_ASSERT_EQUAL(simnet_drop(net, "alice", "bob", "OPTIONS", 1), 0);
	CU_ASSERT_EQUAL(simnet_drop(net, "bob", "alice", "SIP/2.0 200", 1), 0);
	alice_sends("OPTIONS", SIP_PROTO_UDP);
	simnet_run(net, 40000000);
	CU_ASSERT_TRUE(simnet_ladder_expect(net, ladder));
	CU_ASSERT_EQUAL(alice.responses, 1);
	CU_ASSERT_EQUAL(alice.last_status, 200);
	CU_ASSERT_EQUAL(alice.last_us, 1520000);
	CU_ASSERT_EQUAL(sip_tsx_layer_count(alice.layer), 0);  /* Timer K: 6.52 s */
	CU_ASSERT_EQUAL(sip_tsx_layer_count(bob.layer), 0);    /* Timer J: 32.51 s */
	CU_ASSERT_TRUE(simnet_log_has(net, "bob tsx: [NIST"));
	CU_ASSERT_TRUE(simnet_log_has(net, "Completed -(Request)-> Completed, 200 resent"));
}

/* RFC3261 17.1.1.1: "For unreliable transports, that response is retransmitted
 * periodically" ... "For each final response that is received at the client
 * transaction, the client transaction sends an ACK, the purpose of which is to quench
 * retransmissions of the response."  The INVITE and the 486 are each lost once. */
static void test_rfc3261_17_1_1_1_invite_rejected_despite_loss(void)
{
	static const char *const ladder[] = {
		"0.000000 alice -> bob UDP INVITE sip:bob@192.0.2.2 SIP/2.0 (dropped)",
		"0.500000 alice -> bob UDP INVITE sip:bob@192.0.2.2 SIP/2.0",
		"0.510000 bob -> alice UDP SIP/2.0 486 Busy Here (dropped)",
		"1.010000 bob -> alice UDP SIP/2.0 486 Busy Here",
		"1.020000 alice -> bob UDP ACK sip:bob@192.0.2.2 SIP/2.0",
		NULL
	};

	bob.answer = 486;
	CU_ASSERT_EQUAL(simnet_drop(net, "alice", "bob", "INVITE", 1), 0);
	CU_ASSERT_EQUAL(simnet_drop(net, "bob", "alice", NULL, 1), 0);
	alice_sends("INVITE", SIP_PROTO_UDP);
	simnet_run(net, 60000000);
	CU_ASSERT_TRUE(simnet_ladder_expect(net, ladder));
	CU_ASSERT_EQUAL(alice.responses, 1);
	CU_ASSERT_EQUAL(alice.last_status, 486);
	CU_ASSERT_EQUAL(sip_tsx_layer_count(alice.layer), 0);
	CU_ASSERT_EQUAL(sip_tsx_layer_count(bob.layer), 0);
	CU_ASSERT_TRUE(simnet_log_has(net, "bob tsx: [IST"));
	CU_ASSERT_TRUE(simnet_log_has(net, "Completed -(ACK)-> Confirmed"));
}

/* RFC3261 17.1.1.2: "If a reliable transport is being used, the client transaction
 * SHOULD NOT start timer A"; the 2xx's ACK belongs to the UA core (§17: "If the TU
 * wishes to send an ACK, it passes one directly to the transport layer"), which the
 * far side's transactions pass up as an ACK matching no transaction. */
static void test_rfc3261_17_1_1_2_invite_accepted_over_tcp(void)
{
	static const char *const ladder[] = {
		"0.000000 alice -> bob TCP INVITE sip:bob@192.0.2.2 SIP/2.0",
		"0.010000 bob -> alice TCP SIP/2.0 200 OK",
		"0.020000 alice -> bob TCP ACK sip:bob@192.0.2.2 SIP/2.0",
		NULL
	};

	bob.answer = 200;
	alice.send_ack = true;
	alice_sends("INVITE", SIP_PROTO_TCP);
	simnet_run(net, 60000000);
	CU_ASSERT_TRUE(simnet_ladder_expect(net, ladder));
	CU_ASSERT_EQUAL(alice.last_status, 200);
	CU_ASSERT_EQUAL(bob.acks, 1);
	CU_ASSERT_EQUAL(sip_tsx_layer_count(alice.layer), 0);
	CU_ASSERT_EQUAL(sip_tsx_layer_count(bob.layer), 0);
}

/* A seeded random loss of 30%: ten requests in a row all complete, and the same seed
 * gives the very same ladder (reproducible labs). */
static void test_rfc3261_17_1_2_1_requests_complete_through_random_loss(void)
{
	size_t first_len;

	bob.answer = 200;
	simnet_loss(net, 30);
	for (int i = 0; i < 10; i++) {
		alice_sends("OPTIONS", SIP_PROTO_UDP);
		simnet_run(net, simnet_now(net) + 40000000);
	}
	CU_ASSERT_EQUAL(alice.responses, 10);
	CU_ASSERT_TRUE(simnet_ladder_len(net) > 20);  /* losses were made up for */
	first_len = simnet_ladder_len(net);
	teardown();
	setup();
	bob.answer = 200;
	simnet_loss(net, 30);
	for (int i = 0; i < 10; i++) {
		alice_sends("OPTIONS", SIP_PROTO_UDP);
		simnet_run(net, simnet_now(net) + 40000000);
	}
	CU_ASSERT_EQUAL(simnet_ladder_len(net), first_len);
}

/* A message to an address nobody listens on: over UDP it is lost (Timer F ends the
 * transaction); over TCP the connection is refused at once (§17.1.4). */
static void test_rfc3261_17_1_4_nobody_at_the_address(void)
{
	struct sip_msg *m = NULL;
	struct sip_dest dst;

	CU_ASSERT_EQUAL(sip_msg_create_request("OPTIONS", "sip:x@192.0.2.99", &m), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_TO, "<sip:x@192.0.2.99>"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_FROM, "<sip:alice@192.0.2.1>;tag=a1"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_CALL_ID, "c@x"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_CSEQ, "1 OPTIONS"), 0);
	CU_ASSERT_EQUAL(sip_transport_next_hop(m, &dst), 0);
	CU_ASSERT_EQUAL(sip_tsx_request(alice.layer, m, &dst, NULL, NULL), 0);
	dst.proto = SIP_PROTO_TCP;
	CU_ASSERT_EQUAL(sip_tsx_request(alice.layer, m, &dst, NULL, NULL), ECONNREFUSED);
	simnet_run(net, 1000000);
	CU_ASSERT_EQUAL(simnet_ladder_len(net), 2);
	CU_ASSERT_TRUE(simnet_ladder(net, 0)->nobody);
	sip_msg_destroy(m);
}

/* ---- sip/lossy.h -------------------------------------------------------------------------- */

/* The lab knob: "drop the Nth message" on Alice's side - the network never sees it, the
 * log says why, the transaction retransmits. */
static void test_impl_lossy_drops_the_nth_and_logs_it(void)
{
	static const char *const ladder[] = {
		"0.500000 alice -> bob UDP OPTIONS sip:bob@192.0.2.2 SIP/2.0",
		"0.510000 bob -> alice UDP SIP/2.0 200 OK",
		NULL
	};
	struct sip_lossy_config lc = { 1, 0, 0, 0 };

	stack_down(&alice);
	simnet_destroy(net);
	CU_ASSERT_EQUAL(simnet_create(&net, 7), 0);
	stack_up(&alice, "alice", "192.0.2.1:5060", &lc);
	stack_down(&bob);
	stack_up(&bob, "bob", "192.0.2.2:5060", NULL);
	simnet_latency(net, NULL, NULL, 10000);
	bob.answer = 200;
	alice_sends("OPTIONS", SIP_PROTO_UDP);
	simnet_run(net, 10000000);
	CU_ASSERT_TRUE(simnet_ladder_expect(net, ladder));
	CU_ASSERT_EQUAL(alice.lossy.count, 2);
	CU_ASSERT_EQUAL(alice.lossy.dropped, 1);
	CU_ASSERT_TRUE(simnet_log_has(net, "alice lossy: [lossy] dropped #1 (the Nth): OPTIONS "
					   "sip:bob@192.0.2.2 SIP/2.0 to 192.0.2.2:5060"));
}

static int counting_send(void *arg, const struct sip_dest *dst, const char *data, size_t len,
			 struct sip_sent *sent)
{
	(void)dst;
	(void)data;
	(void)len;
	(void)sent;
	(*(unsigned *)arg)++;
	return 0;
}

/* "drop every Nth message, or a seeded percentage"; TCP is never dropped. */
static void test_impl_lossy_every_nth_percent_and_tcp(void)
{
	struct sip_env env;
	struct sip_lossy l, l2;
	struct sip_lossy_config every = { 0, 3, 0, 0 }, half = { 0, 0, 50, 99 };
	struct sip_dest udp, tcp;
	struct sip_sent sent;
	unsigned passed = 0, passed2 = 0;

	memset(&env, 0, sizeof(env));
	memset(&udp, 0, sizeof(udp));
	tcp = udp;
	tcp.proto = SIP_PROTO_TCP;
	env.send = counting_send;
	env.send_arg = &passed;
	sip_lossy_wrap(&l, &env, &every);
	CU_ASSERT_PTR_EQUAL(env.send_arg, &l);
	for (int i = 0; i < 9; i++)
		CU_ASSERT_EQUAL(env.send(env.send_arg, &udp, "x", 1, &sent), 0);
	CU_ASSERT_EQUAL(passed, 6);  /* 3, 6 and 9 went */
	for (int i = 0; i < 9; i++)
		(void)env.send(env.send_arg, &tcp, "x", 1, &sent);
	CU_ASSERT_EQUAL(passed, 15);
	CU_ASSERT_EQUAL(l.dropped, 3);
	env.send = counting_send;
	env.send_arg = &passed2;
	sip_lossy_wrap(&l2, &env, &half);
	for (int i = 0; i < 1000; i++)
		(void)env.send(env.send_arg, &udp, "x", 1, &sent);
	CU_ASSERT_TRUE(passed2 > 430 && passed2 < 570);
	CU_ASSERT_EQUAL(l2.dropped + passed2, 1000);
}

static const struct th_test scenario_tests[] = {
	TH_TEST(test_rfc3261_17_1_2_1_request_completes_despite_loss),
	TH_TEST(test_rfc3261_17_1_1_1_invite_rejected_despite_loss),
	TH_TEST(test_rfc3261_17_1_1_2_invite_accepted_over_tcp),
	TH_TEST(test_rfc3261_17_1_2_1_requests_complete_through_random_loss),
	TH_TEST(test_rfc3261_17_1_4_nobody_at_the_address),
	TH_END
};

static const struct th_test lossy_tests[] = {
	TH_TEST(test_impl_lossy_drops_the_nth_and_logs_it),
	TH_TEST(test_impl_lossy_every_nth_percent_and_tcp),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 17 Two stacks on a lossy network (simnet)", scenario_tests, setup, teardown },
	{ "sip/lossy.h Lossy transport wrapper", lossy_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
