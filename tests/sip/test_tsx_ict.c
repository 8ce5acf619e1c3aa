/* tests/sip/test_tsx_ict.c - the INVITE client transaction, arrow by arrow (RFC 3261
 * §17.1.1, Figure 5 as RFC 6026 §8.4 redraws it; §17.1.1.3 the ACK; §17.1.4).
 *
 * Every test runs on the virtual clock with the capture environment of tsxtest.h
 * and asserts exact microseconds.
 */
#include "sip/tsx.h"
#include "tests/sip/tsxtest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct tsxtest T;

static void setup(void)
{
	CU_ASSERT_EQUAL(tsxtest_init(&T, NULL, NULL), 0);
}

static void teardown(void)
{
	tsxtest_fini(&T);
}

/* Starts an INVITE client transaction toward the peer at time now. */
static struct sip_tsx *start_invite(enum sip_proto proto)
{
	struct sip_msg *inv = tsxtest_our_request("INVITE");
	struct sip_dest dst = tsxtest_dest(proto, TSXTEST_PEER);
	struct sip_tsx_handler h = tsxtest_handler(&T);
	struct sip_tsx *tsx = NULL;

	CU_ASSERT_EQUAL(sip_tsx_request(T.layer, inv, &dst, &h, &tsx), 0);
	sip_msg_destroy(inv);
	return tsx;
}

/* The peer answers the INVITE (sent message 0) with `status`. */
static void answer(int status)
{
	char *text = tsxtest_response_to(&T, 0, status, status > 100 ? "99sa0xk" : NULL);

	if (text != NULL)
		CU_ASSERT_EQUAL(tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0, text), 0);
	free(text);
}

/* ---- Calling ------------------------------------------------------------------------- */

/* RFC3261 17.1.1.2: "If an unreliable transport is being used, the client transaction
 * MUST start timer A with a value of T1." ... "This process MUST continue so that the
 * request is retransmitted with intervals that double after each transmission." ...
 * "The value of 64*T1 is equal to the amount of time required to send seven requests
 * in the case of an unreliable transport." */
static void test_rfc3261_17_1_1_2_unanswered_invite_schedule_over_udp(void)
{
	static const uint64_t at[] = { 0, 500000, 1500000, 3500000, 7500000, 15500000, 31500000 };
	struct sip_tsx *tsx = start_invite(SIP_PROTO_UDP);

	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_CALLING);
	tsxtest_advance(&T, 40000000);
	CU_ASSERT_EQUAL(T.nsent, 7);
	for (size_t i = 0; i < 7 && i < T.nsent; i++) {
		CU_ASSERT_EQUAL(T.sent[i].time_us, at[i]);
		CU_ASSERT_EQUAL(T.sent[i].len, T.sent[0].len);
		CU_ASSERT_EQUAL(memcmp(T.sent[i].data, T.sent[0].data, T.sent[0].len), 0);
		CU_ASSERT_TRUE(net_addr_equal(&T.sent[i].dst.addr, &T.sent[0].dst.addr));
	}
	/* "If the client transaction is still in the "Calling" state when timer B fires,
	 * the client transaction SHOULD inform the TU that a timeout has occurred." */
	CU_ASSERT_EQUAL(T.nev, 2);
	CU_ASSERT_EQUAL(T.ev[0].what, TSXTEST_TIMEOUT);
	CU_ASSERT_EQUAL(T.ev[0].time_us, 32000000);
	CU_ASSERT_EQUAL(T.ev[1].what, TSXTEST_TERMINATED);
	CU_ASSERT_EQUAL(T.ev[1].time_us, 32000000);
	CU_ASSERT_EQUAL(sip_tsx_layer_count(T.layer), 0);
}

/* RFC3261 17.1.1.2: "When timer A fires, the client transaction MUST retransmit the
 * request by passing it to the transport layer, and MUST reset the timer with a value
 * of 2*T1." */
static void test_rfc3261_17_1_1_2_timer_a_transition_logged(void)
{
	(void)start_invite(SIP_PROTO_UDP);
	tsxtest_advance(&T, 500000);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC3261 17.1.1.2] Init -(INVITE from TU)-> Calling, "
					   "INVITE sent, Timer A in 500 ms, Timer B in 32000 ms"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC3261 17.1.1.2] Calling -(Timer A)-> Calling, "
					   "retransmit #2 in 1000 ms"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "tsx: [ICT z9hG4bK"));
}

/* RFC3261 17.1.1.2: "Whatever the value of T1, the exponential backoffs on
 * retransmissions described in this section MUST be used."  (T1 = 100 ms.) */
static void test_rfc3261_17_1_1_2_t1_configurable(void)
{
	static const uint64_t at[] = { 0, 100000, 300000, 700000, 1500000, 3100000 };
	struct sip_tsx_config cfg;

	tsxtest_fini(&T);
	sip_tsx_config_default(&cfg);
	cfg.t1_us = 100000;
	CU_ASSERT_EQUAL(tsxtest_init(&T, NULL, &cfg), 0);
	(void)start_invite(SIP_PROTO_UDP);
	tsxtest_advance(&T, 10000000);
	CU_ASSERT_EQUAL(T.nsent, 7);
	for (size_t i = 0; i < 6 && i < T.nsent; i++)
		CU_ASSERT_EQUAL(T.sent[i].time_us, at[i]);
	CU_ASSERT_EQUAL(T.sent[6].time_us, 6300000);
	CU_ASSERT_EQUAL(T.ev[0].what, TSXTEST_TIMEOUT);
	CU_ASSERT_EQUAL(T.ev[0].time_us, 6400000);  /* Timer B = 64*T1 */
}

/* RFC3261 17.1.1.2: "If a reliable transport is being used, the client transaction
 * SHOULD NOT start timer A (Timer A controls request retransmissions).  For any
 * transport, the client transaction MUST start timer B with a value of 64*T1
 * seconds" */
static void test_rfc3261_17_1_1_2_no_timer_a_over_reliable_transport(void)
{
	struct sip_tsx *tsx = start_invite(SIP_PROTO_TCP);

	CU_ASSERT_PTR_NOT_NULL(tsx);
	tsxtest_advance(&T, 40000000);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_EQUAL(T.sent[0].dst.proto, SIP_PROTO_TCP);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TIMEOUT), 1);
	CU_ASSERT_EQUAL(T.ev[0].time_us, 32000000);
	CU_ASSERT_FALSE(tsxtest_log_has(&T, "Timer A"));
}

/* RFC3261 17.1.1.2: "If the client transaction receives a provisional response while
 * in the "Calling" state, it transitions to the "Proceeding" state. In the
 * "Proceeding" state, the client transaction SHOULD NOT retransmit the request any
 * longer. Furthermore, the provisional response MUST be passed to the TU." */
static void test_rfc3261_17_1_1_2_provisional_stops_retransmission(void)
{
	struct sip_tsx *tsx = start_invite(SIP_PROTO_UDP);

	tsxtest_advance(&T, 1000000);
	CU_ASSERT_EQUAL(T.nsent, 2);  /* 0 and 0.5 s */
	answer(180);
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_PROCEEDING);
	CU_ASSERT_EQUAL(T.nev, 1);
	CU_ASSERT_EQUAL(T.ev[0].what, TSXTEST_RESPONSE);
	CU_ASSERT_EQUAL(T.ev[0].status, 180);
	CU_ASSERT_EQUAL(T.ev[0].time_us, 1000000);
	tsxtest_advance(&T, 100000000);  /* 100 s: no retransmission, no Timer B */
	CU_ASSERT_EQUAL(T.nsent, 2);
	CU_ASSERT_EQUAL(T.nev, 1);
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_PROCEEDING);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Calling -(1xx)-> Proceeding, 180 to TU"));
}

/* RFC3261 17.1.1.2: "Any further provisional responses MUST be passed up to the TU
 * while in the "Proceeding" state." */
static void test_rfc3261_17_1_1_2_every_provisional_to_tu(void)
{
	struct sip_tsx *tsx = start_invite(SIP_PROTO_UDP);

	answer(100);
	answer(180);
	answer(180);
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_PROCEEDING);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_RESPONSE), 3);
	CU_ASSERT_EQUAL(T.ev[0].status, 100);
	CU_ASSERT_EQUAL(T.ev[1].status, 180);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(1xx)-> Proceeding, 180 to TU"));
}

/* ---- Completed and the ACK ------------------------------------------------------------ */

/* RFC3261 17.1.1.2: "reception of a response with status code from 300-699 MUST cause
 * the client transaction to transition to "Completed".  The client transaction MUST
 * pass the received response up to the TU, and the client transaction MUST generate
 * an ACK request" ... "The ACK MUST be sent to the same address, port, and transport
 * to which the original request was sent."  RFC6026 8.4: Timer D "with a value of at
 * least 32 seconds for unreliable transports". */
static void test_rfc3261_17_1_1_2_final_response_acked_and_timer_d(void)
{
	struct sip_tsx *tsx = start_invite(SIP_PROTO_UDP);

	tsxtest_advance(&T, 2000000);  /* sent at 0, 0.5, 1.5 */
	answer(486);
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_COMPLETED);
	CU_ASSERT_EQUAL(T.nsent, 4);
	CU_ASSERT_STRING_EQUAL(T.sent[3].line, "ACK sip:bob@192.0.2.9 SIP/2.0");
	CU_ASSERT_EQUAL(T.sent[3].time_us, 2000000);
	CU_ASSERT_EQUAL(T.sent[3].dst.proto, T.sent[0].dst.proto);
	CU_ASSERT_TRUE(net_addr_equal(&T.sent[3].dst.addr, &T.sent[0].dst.addr));
	CU_ASSERT_EQUAL(T.ev[0].what, TSXTEST_RESPONSE);
	CU_ASSERT_EQUAL(T.ev[0].status, 486);
	tsxtest_advance(&T, 33999999);
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_COMPLETED);
	CU_ASSERT_EQUAL(T.nsent, 4);  /* no INVITE retransmission in Completed */
	tsxtest_advance(&T, 34000000);  /* Timer D: 2 s + 32 s */
	CU_ASSERT_EQUAL(T.nev, 2);
	CU_ASSERT_EQUAL(T.ev[1].what, TSXTEST_TERMINATED);
	CU_ASSERT_EQUAL(T.ev[1].time_us, 34000000);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Completed -(Timer D)-> Terminated"));
}

/* RFC3261 17.1.1.2: "When in either the "Calling" or "Proceeding" states, reception of
 * a response with status code from 300-699 MUST cause the client transaction to
 * transition to "Completed"." (from Proceeding) */
static void test_rfc3261_17_1_1_2_final_response_in_proceeding(void)
{
	struct sip_tsx *tsx = start_invite(SIP_PROTO_UDP);

	answer(183);
	tsxtest_advance(&T, 9000000);
	answer(480);
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_COMPLETED);
	CU_ASSERT_EQUAL(T.nsent, 2);
	CU_ASSERT_STRING_EQUAL(T.sent[1].line, "ACK sip:bob@192.0.2.9 SIP/2.0");
	CU_ASSERT_EQUAL(T.sent[1].time_us, 9000000);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_RESPONSE), 2);
	CU_ASSERT_EQUAL(T.ev[1].status, 480);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(300-699)-> Completed, ACK sent, Timer D in "
					   "32000 ms, 480 to TU"));
	tsxtest_advance(&T, 41000000);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_EQUAL(T.ev[2].time_us, 41000000);
}

/* RFC6026 8.4: "Any retransmissions of a response with status code 300-699 that are
 * received while in the "Completed" state MUST cause the ACK to be re-passed to the
 * transport layer for retransmission, but the newly received response MUST NOT be
 * passed up to the TU." */
static void test_rfc6026_8_4_retransmitted_final_response_acked_again(void)
{
	(void)start_invite(SIP_PROTO_UDP);
	answer(486);
	tsxtest_advance(&T, 1000000);
	answer(486);
	tsxtest_advance(&T, 3000000);
	answer(486);
	CU_ASSERT_EQUAL(tsxtest_count_sent(&T, "ACK "), 3);
	CU_ASSERT_EQUAL(T.sent[2].time_us, 1000000);
	CU_ASSERT_EQUAL(T.sent[2].len, T.sent[1].len);
	CU_ASSERT_EQUAL(memcmp(T.sent[2].data, T.sent[1].data, T.sent[1].len), 0);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_RESPONSE), 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Completed -(300-699)-> Completed, ACK retransmitted"));
}

/* RFC3261 17.1.1.2: "The client transaction SHOULD start timer D when it enters the
 * "Completed" state, with a value of at least 32 seconds for unreliable transports,
 * and a value of zero seconds for reliable transports."  Zero: it fires at the same
 * instant, and the ACK is sent "even if the transport is reliable". */
static void test_rfc3261_17_1_1_2_timer_d_zero_over_reliable_transport(void)
{
	char *text;

	(void)start_invite(SIP_PROTO_TCP);
	tsxtest_advance(&T, 700000);
	text = tsxtest_response_to(&T, 0, 603, "x1");
	CU_ASSERT_EQUAL(tsxtest_recv(&T, SIP_PROTO_TCP, TSXTEST_PEER, 7, text), 0);
	free(text);
	CU_ASSERT_EQUAL(T.nsent, 2);
	CU_ASSERT_STRING_EQUAL(T.sent[1].line, "ACK sip:bob@192.0.2.9 SIP/2.0");
	CU_ASSERT_EQUAL(T.sent[1].dst.proto, SIP_PROTO_TCP);
	CU_ASSERT_EQUAL(T.sent[1].dst.conn_id, 7);  /* the INVITE's connection */
	tsxtest_advance(&T, 700000);  /* the same instant */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_EQUAL(T.ev[1].time_us, 700000);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Timer D in 0 ms"));
}

/* Timer D "at least 32 seconds" and equal to the server's Timer H (64*T1) when T1 is
 * slow: RFC6026 8.4 "This is equal to Timer H in the INVITE server transaction, whose
 * default is 64*T1". */
static void test_rfc6026_8_4_timer_d_follows_a_slow_t1(void)
{
	struct sip_tsx_config cfg;

	tsxtest_fini(&T);
	sip_tsx_config_default(&cfg);
	cfg.t1_us = 1000000;
	cfg.t2_us = 8000000;
	CU_ASSERT_EQUAL(tsxtest_init(&T, NULL, &cfg), 0);
	(void)start_invite(SIP_PROTO_UDP);
	answer(404);
	tsxtest_advance(&T, 63999999);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 0);
	tsxtest_advance(&T, 64000000);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
}

/* RFC3261 17.1.1.3: "The ACK request constructed by the client transaction MUST
 * contain values for the Call-ID, From, and Request-URI that are equal to the values
 * of those header fields in the request passed to the transport by the client
 * transaction (call this the "original request").  The To header field in the ACK
 * MUST equal the To header field in the response being acknowledged" ... "The ACK
 * MUST contain a single Via header field, and this MUST be equal to the top Via
 * header field of the original request.  The CSeq header field in the ACK MUST contain
 * the same value for the sequence number as was present in the original request, but
 * the method parameter MUST be equal to "ACK"." ... "If the INVITE request whose
 * response is being acknowledged had Route header fields, those header fields MUST
 * appear in the ACK." */
static void test_rfc3261_17_1_1_3_ack_construction(void)
{
	struct sip_msg *inv = tsxtest_our_request("INVITE");
	struct sip_dest dst = tsxtest_dest(SIP_PROTO_UDP, TSXTEST_PEER);
	struct sip_msg *sent_inv, *ack;

	CU_ASSERT_EQUAL(sip_msg_hdr_add(inv, SIP_HDR_ROUTE, "<sip:p1@192.0.2.9;lr>"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(inv, SIP_HDR_ROUTE, "<sip:p2@192.0.2.10;lr>"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(inv, SIP_HDR_CONTACT, "<sip:alice@192.0.2.1>"), 0);
	CU_ASSERT_EQUAL(sip_tsx_request(T.layer, inv, &dst, NULL, NULL), 0);
	sip_msg_destroy(inv);
	answer(486);
	sent_inv = tsxtest_sent_msg(&T, 0);
	ack = tsxtest_sent_msg(&T, 1);
	if (sent_inv == NULL || ack == NULL)
		goto out;
	CU_ASSERT_TRUE(ack->is_request && ack->method == SIP_METHOD_ACK);
	CU_ASSERT_TRUE(sip_uri_equal(&ack->ruri, &sent_inv->ruri));
	CU_ASSERT_TRUE(sip_str_eq(ack->call_id, sent_inv->call_id));
	CU_ASSERT_TRUE(sip_str_eq(ack->from->text, sent_inv->from->text));
	CU_ASSERT_TRUE(sip_str_eq_c(ack->to->tag, "99sa0xk"));
	CU_ASSERT_TRUE(sip_str_eq(ack->to->uri.text, sent_inv->to->uri.text));
	CU_ASSERT_EQUAL(ack->rows[SIP_HDR_VIA], 1);
	CU_ASSERT_PTR_NULL(ack->via->next);
	CU_ASSERT_TRUE(sip_str_eq(ack->via->text, sent_inv->via->text));
	CU_ASSERT_EQUAL(ack->cseq->seq, sent_inv->cseq->seq);
	CU_ASSERT_EQUAL(ack->cseq->method, SIP_METHOD_ACK);
	CU_ASSERT_PTR_NOT_NULL(ack->route);
	CU_ASSERT_PTR_NOT_NULL(ack->route != NULL ? ack->route->next : NULL);
	CU_ASSERT_TRUE(ack->route != NULL && sip_str_eq_c(ack->route->uri.text, "sip:p1@192.0.2.9;lr"));
	CU_ASSERT_PTR_NULL(ack->contact);
	CU_ASSERT_EQUAL(ack->max_forwards, 70);
	CU_ASSERT_EQUAL(ack->content_length, 0);
out:
	sip_msg_destroy(sent_inv);
	sip_msg_destroy(ack);
}

/* ---- Accepted (RFC 6026) --------------------------------------------------------------- */

/* RFC6026 8.4: "When a 2xx response is received while in either the "Calling" or
 * "Proceeding" states, the client transaction MUST transition to the "Accepted"
 * state, and Timer M MUST be started with a value of 64*T1.  The 2xx response MUST be
 * passed up to the TU.  The client transaction MUST NOT generate an ACK to the 2xx
 * response" */
static void test_rfc6026_8_4_2xx_in_calling_goes_to_accepted(void)
{
	struct sip_tsx *tsx = start_invite(SIP_PROTO_UDP);

	tsxtest_advance(&T, 200000);
	answer(200);
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_ACCEPTED);
	CU_ASSERT_EQUAL(T.nsent, 1);  /* no ACK, no retransmission */
	CU_ASSERT_EQUAL(T.ev[0].what, TSXTEST_RESPONSE);
	CU_ASSERT_EQUAL(T.ev[0].status, 200);
	tsxtest_advance(&T, 32199999);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 0);
	tsxtest_advance(&T, 32200000);  /* Timer M: 0.2 s + 64*T1 */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC6026 8.4] Calling -(2xx)-> Accepted, Timer M in "
					   "32000 ms, 200 to TU"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Accepted -(Timer M)-> Terminated"));
}

/* RFC6026 8.4: "Any 2xx responses that match this client transaction and that are
 * received while in the "Accepted" state MUST be passed up to the TU.  The client
 * transaction MUST NOT generate an ACK to the 2xx response." */
static void test_rfc6026_8_4_further_2xx_passed_to_tu(void)
{
	struct sip_tsx *tsx = start_invite(SIP_PROTO_UDP);

	answer(180);
	answer(200);
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_ACCEPTED);
	tsxtest_advance(&T, 500000);
	answer(200);
	tsxtest_advance(&T, 1500000);
	answer(200);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_RESPONSE), 4);
	CU_ASSERT_EQUAL(T.ev[3].status, 200);
	CU_ASSERT_EQUAL(T.ev[3].time_us, 1500000);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(2xx)-> Accepted"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Accepted -(2xx)-> Accepted, 200 to TU"));
}

/* A 1xx or a 300-699 after a 2xx has no arrow in Figure 5: logged, not passed up. */
static void test_rfc6026_8_4_no_arrow_for_1xx_in_accepted(void)
{
	(void)start_invite(SIP_PROTO_UDP);
	answer(200);
	answer(180);
	answer(486);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_RESPONSE), 1);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Accepted: 1xx has no arrow here, ignored"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Accepted: 300-699 has no arrow here, ignored"));
}

/* ---- Transport errors (§17.1.4) -------------------------------------------------------- */

/* RFC3261 17.1.4: "The client transaction SHOULD inform the TU that a transport
 * failure has occurred, and the client transaction SHOULD transition directly to the
 * "Terminated" state." (a retransmission fails) */
static void test_rfc3261_17_1_4_retransmission_failure_informs_tu(void)
{
	(void)start_invite(SIP_PROTO_UDP);
	T.send_error = EHOSTUNREACH;
	tsxtest_advance(&T, 500000);
	CU_ASSERT_EQUAL(T.nev, 2);
	CU_ASSERT_EQUAL(T.ev[0].what, TSXTEST_TRANSPORT_ERROR);
	CU_ASSERT_EQUAL(T.ev[0].err, EHOSTUNREACH);
	CU_ASSERT_EQUAL(T.ev[0].time_us, 500000);
	CU_ASSERT_EQUAL(T.ev[1].what, TSXTEST_TERMINATED);
	CU_ASSERT_EQUAL(sip_tsx_layer_count(T.layer), 0);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC3261 17.1.4] Calling -(Transport Err.)-> Terminated"));
}

/* The same failure reported later by the network (a TCP connection refused, an ICMP
 * error, §18.4) reaches the transaction that sent to that address. */
static void test_rfc3261_17_1_4_network_error_reaches_transaction(void)
{
	struct sip_dest where = tsxtest_dest(SIP_PROTO_TCP, TSXTEST_PEER);

	(void)start_invite(SIP_PROTO_TCP);
	where.conn_id = 7;
	sip_transport_report_error(T.tp, &where, ECONNREFUSED);
	CU_ASSERT_EQUAL(T.ev[0].what, TSXTEST_TRANSPORT_ERROR);
	CU_ASSERT_EQUAL(T.ev[0].err, ECONNREFUSED);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
}

/* A first send that fails at once is returned to the caller, without callbacks. */
static void test_rfc3261_17_1_4_first_send_failure_returned(void)
{
	struct sip_msg *inv = tsxtest_our_request("INVITE");
	struct sip_dest dst = tsxtest_dest(SIP_PROTO_UDP, TSXTEST_PEER);
	struct sip_tsx_handler h = tsxtest_handler(&T);
	struct sip_tsx *tsx = (struct sip_tsx *)&T;

	T.send_error = ENETUNREACH;
	CU_ASSERT_EQUAL(sip_tsx_request(T.layer, inv, &dst, &h, &tsx), ENETUNREACH);
	sip_msg_destroy(inv);
	CU_ASSERT_PTR_NULL(tsx);
	CU_ASSERT_EQUAL(T.nev, 0);
	CU_ASSERT_EQUAL(sip_tsx_layer_count(T.layer), 0);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Calling -(Transport Err.)-> Terminated"));
}

/* RFC 6026's Figure 5: "Transport Err. / Inform TU" from Completed (the ACK failed). */
static void test_rfc6026_8_4_ack_failure_in_completed_informs_tu(void)
{
	(void)start_invite(SIP_PROTO_UDP);
	answer(486);
	T.send_error = ECONNREFUSED;
	answer(486);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TRANSPORT_ERROR), 1);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC6026 8.4] Completed -(Transport Err.)-> Terminated"));
}

/* RFC3261 17.1: "There is no client transaction for ACK." */
static void test_rfc3261_17_1_no_client_transaction_for_ack(void)
{
	struct sip_msg *ack = tsxtest_our_request("ACK");
	struct sip_dest dst = tsxtest_dest(SIP_PROTO_UDP, TSXTEST_PEER);

	CU_ASSERT_EQUAL(sip_tsx_request(T.layer, ack, &dst, NULL, NULL), EINVAL);
	CU_ASSERT_EQUAL(T.nsent, 0);
	sip_msg_destroy(ack);
}

static const struct th_test ict_tests[] = {
	TH_TEST(test_rfc3261_17_1_1_2_unanswered_invite_schedule_over_udp),
	TH_TEST(test_rfc3261_17_1_1_2_timer_a_transition_logged),
	TH_TEST(test_rfc3261_17_1_1_2_t1_configurable),
	TH_TEST(test_rfc3261_17_1_1_2_no_timer_a_over_reliable_transport),
	TH_TEST(test_rfc3261_17_1_1_2_provisional_stops_retransmission),
	TH_TEST(test_rfc3261_17_1_1_2_every_provisional_to_tu),
	TH_TEST(test_rfc3261_17_1_1_2_final_response_acked_and_timer_d),
	TH_TEST(test_rfc3261_17_1_1_2_final_response_in_proceeding),
	TH_TEST(test_rfc6026_8_4_retransmitted_final_response_acked_again),
	TH_TEST(test_rfc3261_17_1_1_2_timer_d_zero_over_reliable_transport),
	TH_TEST(test_rfc6026_8_4_timer_d_follows_a_slow_t1),
	TH_TEST(test_rfc3261_17_1_1_3_ack_construction),
	TH_TEST(test_rfc6026_8_4_2xx_in_calling_goes_to_accepted),
	TH_TEST(test_rfc6026_8_4_further_2xx_passed_to_tu),
	TH_TEST(test_rfc6026_8_4_no_arrow_for_1xx_in_accepted),
	TH_TEST(test_rfc3261_17_1_4_retransmission_failure_informs_tu),
	TH_TEST(test_rfc3261_17_1_4_network_error_reaches_transaction),
	TH_TEST(test_rfc3261_17_1_4_first_send_failure_returned),
	TH_TEST(test_rfc6026_8_4_ack_failure_in_completed_informs_tu),
	TH_TEST(test_rfc3261_17_1_no_client_transaction_for_ack),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 17.1.1 INVITE client transaction (Figure 5, RFC 6026)", ict_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
