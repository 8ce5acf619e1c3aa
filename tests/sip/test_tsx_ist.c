/* tests/sip/test_tsx_ist.c - the INVITE server transaction, arrow by arrow (RFC 3261
 * §17.2.1, Figure 7 as RFC 6026 §8.6 redraws it; RFC 6026 §7.1), on the virtual clock
 * with exact microseconds.
 */
#include "sip/tsx.h"
#include "tests/sip/tsxtest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BRANCH "z9hG4bKpeer1"

static struct tsxtest T;

static void setup(void)
{
	CU_ASSERT_EQUAL(tsxtest_init(&T, NULL, NULL), 0);
}

static void teardown(void)
{
	tsxtest_fini(&T);
}

/* The peer sends (or resends) its INVITE, or an ACK, over `proto`. */
static void peer_sends(const char *method, enum sip_proto proto, const char *to_tag)
{
	char *text = tsxtest_peer_request(method, proto, BRANCH, 1, method, to_tag);

	CU_ASSERT_EQUAL(tsxtest_recv(&T, proto, TSXTEST_PEER, 3, text), 0);
	free(text);
}

/* The TU answers the INVITE with `status` (To tag "srv1"); returns sip_tsx_respond's. */
static int tu_answers(int status)
{
	struct sip_msg *resp = NULL;
	int rc;

	CU_ASSERT_PTR_NOT_NULL(T.server);
	if (T.server == NULL)
		return EINVAL;
	CU_ASSERT_EQUAL(sip_msg_create_response(sip_tsx_request_msg(T.server), status, NULL,
						status > 100 ? "srv1" : NULL, &resp), 0);
	rc = sip_tsx_respond(T.server, resp);
	sip_msg_destroy(resp);
	return rc;
}

/* RFC3261 17.2.1: "The server transaction MUST generate a 100 (Trying) response unless
 * it knows that the TU will generate a provisional or final response within 200 ms,
 * in which case it MAY generate a 100 (Trying) response." ... "The request MUST be
 * passed to the TU."  RFC3261 8.2.6.1: "When a 100 (Trying) response is generated,
 * any Timestamp header field present in the request MUST be copied into this 100
 * (Trying) response." */
static void test_rfc3261_17_2_1_100_trying_after_200_ms_of_silence(void)
{
	char *text = tsxtest_peer_request("INVITE", SIP_PROTO_UDP, BRANCH, 1, "INVITE", NULL);
	char *with_ts = malloc(strlen(text) + 32);
	struct sip_msg *trying;
	struct net_addr peer = tsxtest_addr(TSXTEST_PEER);
	/* "Timestamp: 54" goes in before the Content-Length row */
	const char *cl = strstr(text, "Content-Length");
	size_t head = (size_t)(cl - text);

	memcpy(with_ts, text, head);
	memcpy(with_ts + head, "Timestamp: 54\r\n", 15);
	memcpy(with_ts + head + 15, cl, strlen(cl) + 1);
	CU_ASSERT_EQUAL(tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0, with_ts), 0);
	free(text);
	free(with_ts);
	CU_ASSERT_EQUAL(T.nev, 1);
	CU_ASSERT_EQUAL(T.ev[0].what, TSXTEST_REQUEST);
	CU_ASSERT_EQUAL(T.ev[0].time_us, 0);
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_PROCEEDING);
	tsxtest_advance(&T, 199999);
	CU_ASSERT_EQUAL(T.nsent, 0);
	tsxtest_advance(&T, 200000);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_STRING_EQUAL(T.sent[0].line, "SIP/2.0 100 Trying");
	CU_ASSERT_EQUAL(T.sent[0].time_us, 200000);
	CU_ASSERT_TRUE(net_addr_equal(&T.sent[0].dst.addr, &peer));
	trying = tsxtest_sent_msg(&T, 0);
	if (trying != NULL) {
		/* "the insertion of tags in the To header field of the response (when none was
		 * present in the request) is downgraded from MAY to SHOULD NOT." */
		CU_ASSERT_PTR_NULL(trying->to->tag.p);
		CU_ASSERT_PTR_NOT_NULL(sip_msg_hdr_get(trying, "Timestamp"));
		sip_msg_destroy(trying);
	}
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "[IST z9hG4bKpeer1 RFC3261 17.2.1] Init -(INVITE)-> "
					   "Proceeding, 100 Trying in 200 ms unless the TU answers, "
					   "INVITE passed to TU"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(200 ms without TU response)-> Proceeding, "
					   "100 sent"));
}

/* "unless it knows that the TU will generate a provisional or final response within
 * 200 ms": a TU that answers in time spares the 100. */
static void test_rfc3261_17_2_1_no_100_when_the_tu_answers_in_time(void)
{
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	tsxtest_advance(&T, 150000);
	CU_ASSERT_EQUAL(tu_answers(180), 0);
	tsxtest_advance(&T, 1000000);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_STRING_EQUAL(T.sent[0].line, "SIP/2.0 180 Ringing");
	CU_ASSERT_EQUAL(T.sent[0].time_us, 150000);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(1xx from TU)-> Proceeding, 180 sent"));
}

/* With trying_at_once the 100 leaves with the INVITE's arrival (many stacks do this). */
static void test_rfc3261_17_2_1_100_trying_at_once_when_configured(void)
{
	struct sip_tsx_config cfg;

	tsxtest_fini(&T);
	sip_tsx_config_default(&cfg);
	cfg.trying_at_once = true;
	CU_ASSERT_EQUAL(tsxtest_init(&T, NULL, &cfg), 0);
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_STRING_EQUAL(T.sent[0].line, "SIP/2.0 100 Trying");
	CU_ASSERT_EQUAL(T.sent[0].time_us, 0);
}

/* RFC3261 17.2.1: "If a request retransmission is received while in the "Proceeding"
 * state, the most recent provisional response that was received from the TU MUST be
 * passed to the transport layer for retransmission." */
static void test_rfc3261_17_2_1_retransmitted_invite_gets_last_provisional(void)
{
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(tu_answers(100), 0);
	CU_ASSERT_EQUAL(tu_answers(183), 0);
	tsxtest_advance(&T, 500000);
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(T.nsent, 3);
	CU_ASSERT_STRING_EQUAL(T.sent[2].line, "SIP/2.0 183 Session Progress");
	CU_ASSERT_EQUAL(T.sent[2].time_us, 500000);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 1);  /* not passed up again */
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(INVITE)-> Proceeding, 183 resent"));
}

/* RFC3261 17.2.1: "For unreliable transports, timer G is set to fire in T1 seconds" ...
 * "If timer G fires, the response is passed to the transport layer once more for
 * retransmission, and timer G is set to fire in MIN(2*T1, T2) seconds." ... "If an
 * ACK is received while the server transaction is in the "Completed" state, the server
 * transaction MUST transition to the "Confirmed" state.  As Timer G is ignored in this
 * state, any retransmissions of the response will cease." ... "timer I is set to fire
 * in T4 seconds for unreliable transports" */
static void test_rfc3261_17_2_1_final_retransmitted_until_ack_then_timer_i(void)
{
	static const uint64_t at[] = { 0, 500000, 1500000, 3500000, 7500000 };

	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(tu_answers(486), 0);
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_COMPLETED);
	tsxtest_advance(&T, 8000000);
	CU_ASSERT_EQUAL(T.nsent, 5);
	for (size_t i = 0; i < 5 && i < T.nsent; i++) {
		CU_ASSERT_EQUAL(T.sent[i].time_us, at[i]);
		CU_ASSERT_STRING_EQUAL(T.sent[i].line, "SIP/2.0 486 Busy Here");
	}
	peer_sends("ACK", SIP_PROTO_UDP, "srv1");
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_CONFIRMED);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_ACK), 0);  /* absorbed */
	tsxtest_advance(&T, 12999999);
	CU_ASSERT_EQUAL(T.nsent, 5);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 0);
	tsxtest_advance(&T, 13000000);  /* 8 s + T4 */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Completed -(Timer G)-> Completed, retransmit #2 in 1000 ms"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Completed -(ACK)-> Confirmed, Timer I in 5000 ms"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Confirmed -(Timer I)-> Terminated"));
}

/* RFC3261 17.2.1: "If timer H fires while in the "Completed" state, it implies that the
 * ACK was never received.  In this case, the server transaction MUST transition to the
 * "Terminated" state, and MUST indicate to the TU that a transaction failure has
 * occurred."  Timer G doubles "unless that value exceeds T2". */
static void test_rfc3261_17_2_1_timer_h_without_ack(void)
{
	static const uint64_t at[] = { 0, 500000, 1500000, 3500000, 7500000, 11500000,
				       15500000, 19500000, 23500000, 27500000, 31500000 };

	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(tu_answers(603), 0);
	tsxtest_advance(&T, 40000000);
	CU_ASSERT_EQUAL(T.nsent, 11);
	for (size_t i = 0; i < 11 && i < T.nsent; i++)
		CU_ASSERT_EQUAL(T.sent[i].time_us, at[i]);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TIMEOUT), 1);
	CU_ASSERT_EQUAL(T.ev[1].what, TSXTEST_TIMEOUT);
	CU_ASSERT_EQUAL(T.ev[1].time_us, 32000000);
	CU_ASSERT_EQUAL(T.ev[2].what, TSXTEST_TERMINATED);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Completed -(Timer H)-> Terminated, timeout reported to the TU"));
}

/* RFC3261 17.2.1: "while in the "Completed" state, if a request retransmission is
 * received, the server SHOULD pass the response to the transport for
 * retransmission." */
static void test_rfc3261_17_2_1_completed_resends_on_invite(void)
{
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(tu_answers(404), 0);
	tsxtest_advance(&T, 300000);
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(T.nsent, 2);
	CU_ASSERT_EQUAL(T.sent[1].time_us, 300000);
	CU_ASSERT_STRING_EQUAL(T.sent[1].line, "SIP/2.0 404 Not Found");
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 1);
}

/* RFC3261 17.2.1: "The purpose of the "Confirmed" state is to absorb any additional
 * ACK messages that arrive, triggered from retransmissions of the final response." */
static void test_rfc3261_17_2_1_confirmed_absorbs_acks(void)
{
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(tu_answers(480), 0);
	peer_sends("ACK", SIP_PROTO_UDP, "srv1");
	peer_sends("ACK", SIP_PROTO_UDP, "srv1");
	peer_sends("ACK", SIP_PROTO_UDP, "srv1");
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_CONFIRMED);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_ACK), 0);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Confirmed -(ACK)-> Confirmed, ACK absorbed"));
}

/* RFC3261 17.2.1: "timer G is set to fire in T1 seconds, and is not set to fire for
 * reliable transports." ... "timer I is set to fire in T4 seconds for unreliable
 * transports, and zero seconds for reliable transports."  And §18.2.2: the response
 * goes back on the request's connection. */
static void test_rfc3261_17_2_1_reliable_no_timer_g_timer_i_zero(void)
{
	peer_sends("INVITE", SIP_PROTO_TCP, NULL);
	CU_ASSERT_EQUAL(tu_answers(486), 0);
	tsxtest_advance(&T, 10000000);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_EQUAL(T.sent[0].dst.proto, SIP_PROTO_TCP);
	CU_ASSERT_EQUAL(T.sent[0].dst.conn_id, 3);
	peer_sends("ACK", SIP_PROTO_TCP, "srv1");
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 0);
	tsxtest_advance(&T, 10000000);  /* the same instant */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_EQUAL(T.ev[1].time_us, 10000000);
	CU_ASSERT_FALSE(tsxtest_log_has(&T, "Timer G"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Timer I in 0 ms"));
}

/* Timer H runs "for all transports": over TCP without an ACK it still fires at 64*T1. */
static void test_rfc3261_17_2_1_timer_h_over_reliable_transport(void)
{
	peer_sends("INVITE", SIP_PROTO_TCP, NULL);
	CU_ASSERT_EQUAL(tu_answers(500), 0);
	tsxtest_advance(&T, 40000000);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TIMEOUT), 1);
	CU_ASSERT_EQUAL(T.ev[1].time_us, 32000000);
}

/* ---- RFC 6026: Accepted ------------------------------------------------------------------ */

/* RFC6026 7.1: "If the SIP element's TU (Transaction User) issues a 2xx response for
 * this transaction while the state machine is in the "Proceeding" state, the state
 * machine MUST transition to the "Accepted" state and set Timer L to 64*T1" ... "The
 * server transaction MUST NOT generate 2xx retransmissions on its own." */
static void test_rfc6026_7_1_2xx_moves_to_accepted_and_timer_l(void)
{
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	tsxtest_advance(&T, 1000000);  /* 100 Trying went out at 0.2 s */
	CU_ASSERT_EQUAL(tu_answers(200), 0);
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_ACCEPTED);
	CU_ASSERT_EQUAL(T.nsent, 2);
	CU_ASSERT_STRING_EQUAL(T.sent[1].line, "SIP/2.0 200 OK");
	tsxtest_advance(&T, 32999999);
	CU_ASSERT_EQUAL(T.nsent, 2);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 0);
	tsxtest_advance(&T, 33000000);  /* 1 s + 64*T1 */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC6026 8.5] Proceeding -(2xx from TU)-> Accepted, 200 sent, "
					   "Timer L in 32000 ms"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC6026 8.7] Accepted -(Timer L)-> Terminated"));
}

/* RFC6026 7.1: "While in the "Accepted" state, any retransmissions of the INVITE
 * received will match this transaction state machine and will be absorbed by the
 * machine without changing its state.  These retransmissions are not passed onto the
 * TU." */
static void test_rfc6026_7_1_accepted_absorbs_invite_retransmissions(void)
{
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(tu_answers(200), 0);
	tsxtest_advance(&T, 500000);
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 1);
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_ACCEPTED);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Accepted -(INVITE)-> Accepted, INVITE retransmission absorbed"));
}

/* RFC6026 7.1: "Any retransmission of the 2xx response passed from the TU to the
 * transaction while in the "Accepted" state MUST be passed to the transport layer for
 * transmission.  Any ACKs received from the network while in the "Accepted" state
 * MUST be passed directly to the TU and not absorbed." */
static void test_rfc6026_7_1_accepted_sends_tu_2xx_and_passes_acks(void)
{
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(tu_answers(200), 0);
	tsxtest_advance(&T, 500000);
	CU_ASSERT_EQUAL(tu_answers(200), 0);  /* the TU's §13.3.1.4 retransmission */
	CU_ASSERT_EQUAL(T.nsent, 2);
	CU_ASSERT_EQUAL(T.sent[1].time_us, 500000);
	peer_sends("ACK", SIP_PROTO_UDP, "srv1");  /* an ACK that reuses the INVITE's branch */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_ACK), 1);
	CU_ASSERT_PTR_NOT_NULL(T.ev[1].tsx);
	CU_ASSERT_EQUAL(T.ev[1].what, TSXTEST_ACK);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Accepted -(2xx from TU)-> Accepted, 200 sent"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Accepted -(ACK)-> Accepted, ACK passed to TU"));
}

/* RFC6026 8.5: "If, while in the "Proceeding" state, the TU passes a 2xx response to the
 * server transaction, the server transaction MUST pass this response to the transport
 * layer for transmission.  It is not retransmitted by the server transaction;
 * retransmissions of 2xx responses are handled by the TU.  The server transaction MUST
 * then transition to the "Accepted" state."  Over TCP as over UDP: the 200 goes out at
 * the instant the TU passes it, after the 180, and never again from the transaction. */
static void test_rfc6026_8_5_2xx_in_proceeding_sent_once_then_accepted(void)
{
	static const enum sip_proto protos[] = { SIP_PROTO_UDP, SIP_PROTO_TCP };

	for (size_t i = 0; i < 2; i++) {
		uint64_t t0 = i * 100000000ull;  /* each run 100 s after the last */
		size_t base = T.nsent;

		tsxtest_advance(&T, t0);
		peer_sends("INVITE", protos[i], NULL);
		CU_ASSERT_EQUAL(tu_answers(180), 0);
		tsxtest_advance(&T, t0 + 300000);
		CU_ASSERT_EQUAL(tu_answers(200), 0);
		CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_ACCEPTED);
		CU_ASSERT_EQUAL_FATAL(T.nsent, base + 2);
		CU_ASSERT_STRING_EQUAL(T.sent[base + 1].line, "SIP/2.0 200 OK");
		CU_ASSERT_EQUAL(T.sent[base + 1].time_us, t0 + 300000);
		tsxtest_advance(&T, t0 + 300000 + 64 * 500000 - 1);
		CU_ASSERT_EQUAL(T.nsent, base + 2);
		CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_ACCEPTED);
		tsxtest_advance(&T, t0 + 300000 + 64 * 500000);
	}
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 2);
}

/* RFC6026 8.6: "Replace Figure 7 with:" the INVITE server transaction with "Accepted".
 * Its arrows out of Proceeding and Accepted, one by one: "101-199 from TU / send
 * response", "INVITE / send response", "2xx from TU / send response" to Accepted;
 * there "INVITE / -", "ACK / to TU", "2xx from TU / send response", and "Timer L fires
 * / -" to Terminated. */
static void test_rfc6026_8_6_figure_7_through_accepted(void)
{
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_PROCEEDING);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 1);
	CU_ASSERT_EQUAL(tu_answers(180), 0);                   /* 101-199 from TU */
	CU_ASSERT_EQUAL(T.nsent, 1);
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);             /* INVITE: send response */
	CU_ASSERT_EQUAL(T.nsent, 2);
	CU_ASSERT_STRING_EQUAL(T.sent[1].line, "SIP/2.0 180 Ringing");
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_PROCEEDING);
	CU_ASSERT_EQUAL(tu_answers(200), 0);                   /* 2xx from TU */
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_ACCEPTED);
	CU_ASSERT_EQUAL(T.nsent, 3);
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);             /* INVITE: - */
	CU_ASSERT_EQUAL(T.nsent, 3);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 1);
	peer_sends("ACK", SIP_PROTO_UDP, "srv1");              /* ACK: to TU */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_ACK), 1);
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_ACCEPTED);
	CU_ASSERT_EQUAL(tu_answers(200), 0);                   /* 2xx from TU: send */
	CU_ASSERT_EQUAL(T.nsent, 4);
	CU_ASSERT_STRING_EQUAL(T.sent[3].line, "SIP/2.0 200 OK");
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 0);
	tsxtest_advance(&T, 64 * 500000);                      /* Timer L fires */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_EQUAL(T.nsent, 4);
}

/* RFC6026 7.1: "A server transaction MUST NOT discard transaction state based only on
 * encountering a non-recoverable transport error when sending a response.  Instead,
 * the associated INVITE server transaction state machine MUST remain in its current
 * state." (Proceeding, Completed and Accepted) */
static void test_rfc6026_7_1_transport_error_keeps_the_state(void)
{
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	T.send_error = EHOSTUNREACH;
	CU_ASSERT_EQUAL(tu_answers(180), 0);
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_PROCEEDING);
	CU_ASSERT_EQUAL(tu_answers(486), 0);
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_COMPLETED);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TRANSPORT_ERROR), 2);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 0);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC6026 7.1] Proceeding -(Transport Err.)-> Proceeding, "
					   "No route to host reported to the TU"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC6026 7.1] Completed -(Transport Err.)-> Completed"));
	T.send_error = 0;
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);  /* still absorbed as a retransmission */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 1);
}

/* The same in Accepted. */
static void test_rfc6026_7_1_transport_error_in_accepted(void)
{
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	T.send_error = ECONNREFUSED;
	CU_ASSERT_EQUAL(tu_answers(200), 0);
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_ACCEPTED);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TRANSPORT_ERROR), 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Accepted -(Transport Err.)-> Accepted"));
}

/* A second final response has no arrow: refused (EPROTO) and logged. */
static void test_rfc3261_17_2_1_no_second_final_response(void)
{
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(tu_answers(486), 0);
	CU_ASSERT_EQUAL(tu_answers(200), EPROTO);
	CU_ASSERT_EQUAL(tu_answers(180), EPROTO);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Completed: 2xx from TU (200) has no arrow here, refused"));
}

/* The TU may answer from inside on_request: the answer waits until the first arrow is
 * done, then takes its own (Init -> Proceeding, then Proceeding -> Accepted). */
static void test_impl_ist_answer_from_inside_on_request(void)
{
	T.answer = 200;
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_STRING_EQUAL(T.sent[0].line, "SIP/2.0 200 OK");
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_ACCEPTED);
	tsxtest_advance(&T, 1000000);
	CU_ASSERT_EQUAL(T.nsent, 1);  /* no 100 Trying: the TU answered in time */
	CU_ASSERT_TRUE(strstr(T.log, "Init -(INVITE)-> Proceeding") <
		       strstr(T.log, "Proceeding -(2xx from TU)-> Accepted"));
}

static void answer_twice(void *arg, struct sip_tsx *tsx, const struct sip_msg *req)
{
	struct sip_msg *r180 = NULL, *r200 = NULL;

	(void)arg;
	T.server = tsx;
	CU_ASSERT_EQUAL(sip_msg_create_response(req, 180, NULL, "srv1", &r180), 0);
	CU_ASSERT_EQUAL(sip_msg_create_response(req, 200, NULL, "srv1", &r200), 0);
	CU_ASSERT_EQUAL(sip_tsx_respond(tsx, r180), 0);
	CU_ASSERT_EQUAL(sip_tsx_respond(tsx, r200), 0);
	sip_msg_destroy(r180);
	sip_msg_destroy(r200);
}

/* Several answers from inside on_request queue up and run in order, each on its own
 * arrow. */
static void test_impl_ist_answers_queue_in_order(void)
{
	struct sip_tu tu;
	struct sip_tsx_layer *l;

	memset(&tu, 0, sizeof(tu));
	tu.on_request = answer_twice;
	sip_tsx_layer_destroy(T.layer);
	CU_ASSERT_EQUAL(sip_tsx_layer_create(&l, T.tp, NULL, &tu), 0);
	T.layer = l;
	peer_sends("INVITE", SIP_PROTO_UDP, NULL);
	CU_ASSERT_EQUAL(T.nsent, 2);
	CU_ASSERT_STRING_EQUAL(T.sent[0].line, "SIP/2.0 180 Ringing");
	CU_ASSERT_STRING_EQUAL(T.sent[1].line, "SIP/2.0 200 OK");
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_ACCEPTED);
}

static const struct th_test ist_tests[] = {
	TH_TEST(test_rfc3261_17_2_1_100_trying_after_200_ms_of_silence),
	TH_TEST(test_rfc3261_17_2_1_no_100_when_the_tu_answers_in_time),
	TH_TEST(test_rfc3261_17_2_1_100_trying_at_once_when_configured),
	TH_TEST(test_rfc3261_17_2_1_retransmitted_invite_gets_last_provisional),
	TH_TEST(test_rfc3261_17_2_1_final_retransmitted_until_ack_then_timer_i),
	TH_TEST(test_rfc3261_17_2_1_timer_h_without_ack),
	TH_TEST(test_rfc3261_17_2_1_completed_resends_on_invite),
	TH_TEST(test_rfc3261_17_2_1_confirmed_absorbs_acks),
	TH_TEST(test_rfc3261_17_2_1_reliable_no_timer_g_timer_i_zero),
	TH_TEST(test_rfc3261_17_2_1_timer_h_over_reliable_transport),
	TH_TEST(test_rfc6026_7_1_2xx_moves_to_accepted_and_timer_l),
	TH_TEST(test_rfc6026_7_1_accepted_absorbs_invite_retransmissions),
	TH_TEST(test_rfc6026_7_1_accepted_sends_tu_2xx_and_passes_acks),
	TH_TEST(test_rfc6026_7_1_transport_error_keeps_the_state),
	TH_TEST(test_rfc6026_7_1_transport_error_in_accepted),
	TH_TEST(test_rfc6026_8_5_2xx_in_proceeding_sent_once_then_accepted),
	TH_TEST(test_rfc6026_8_6_figure_7_through_accepted),
	TH_TEST(test_rfc3261_17_2_1_no_second_final_response),
	TH_TEST(test_impl_ist_answer_from_inside_on_request),
	TH_TEST(test_impl_ist_answers_queue_in_order),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 17.2.1 INVITE server transaction (Figure 7, RFC 6026)", ist_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
