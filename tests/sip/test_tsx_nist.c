/* tests/sip/test_tsx_nist.c - the non-INVITE server transaction, arrow by arrow (RFC
 * 3261 §17.2.2, Figure 8; §17.2.4), on the virtual clock with exact microseconds.
 */
#include "sip/tsx.h"
#include "tests/sip/tsxtest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BRANCH "z9hG4bKpeer2"

static struct tsxtest T;

static void setup(void)
{
	CU_ASSERT_EQUAL(tsxtest_init(&T, NULL, NULL), 0);
}

static void teardown(void)
{
	tsxtest_fini(&T);
}

static void peer_sends(enum sip_proto proto)
{
	char *text = tsxtest_peer_request("OPTIONS", proto, BRANCH, 5, "OPTIONS", NULL);

	CU_ASSERT_EQUAL(tsxtest_recv(&T, proto, TSXTEST_PEER, 4, text), 0);
	free(text);
}

static int tu_answers(int status)
{
	struct sip_msg *resp = NULL;
	int rc;

	CU_ASSERT_PTR_NOT_NULL(T.server);
	if (T.server == NULL)
		return EINVAL;
	CU_ASSERT_EQUAL(sip_msg_create_response(sip_tsx_request_msg(T.server), status, NULL, "s2",
						&resp), 0);
	rc = sip_tsx_respond(T.server, resp);
	sip_msg_destroy(resp);
	return rc;
}

/* RFC3261 17.2.2: "The state machine is initialized in the "Trying" state and is
 * passed a request other than INVITE or ACK when initialized.  This request is passed
 * up to the TU.  Once in the "Trying" state, any further request retransmissions are
 * discarded." */
static void test_rfc3261_17_2_2_trying_passes_up_and_discards_retransmissions(void)
{
	peer_sends(SIP_PROTO_UDP);
	CU_ASSERT_EQUAL(T.nev, 1);
	CU_ASSERT_EQUAL(T.ev[0].what, TSXTEST_REQUEST);
	CU_ASSERT_STRING_EQUAL(T.ev[0].line, "OPTIONS sip:bob@192.0.2.1 SIP/2.0");
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_TRYING);
	tsxtest_advance(&T, 500000);
	peer_sends(SIP_PROTO_UDP);
	CU_ASSERT_EQUAL(T.nev, 1);
	CU_ASSERT_EQUAL(T.nsent, 0);  /* no 100 Trying for a non-INVITE */
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "[NIST z9hG4bKpeer2 RFC3261 17.2.2] Init -(Request)-> Trying, "
					   "request passed to TU"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Trying -(Request)-> Trying, retransmission discarded"));
}

/* RFC3261 17.2.2: "While in the "Trying" state, if the TU passes a provisional response
 * to the server transaction, the server transaction MUST enter the "Proceeding" state.
 * The response MUST be passed to the transport layer for transmission.  Any further
 * provisional responses that are received from the TU while in the "Proceeding" state
 * MUST be passed to the transport layer for transmission.  If a retransmission of the
 * request is received while in the "Proceeding" state, the most recently sent
 * provisional response MUST be passed to the transport layer for retransmission." */
static void test_rfc3261_17_2_2_proceeding_resends_last_provisional(void)
{
	peer_sends(SIP_PROTO_UDP);
	CU_ASSERT_EQUAL(tu_answers(100), 0);
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_PROCEEDING);
	CU_ASSERT_EQUAL(tu_answers(182), 0);
	tsxtest_advance(&T, 500000);
	peer_sends(SIP_PROTO_UDP);
	CU_ASSERT_EQUAL(T.nsent, 3);
	CU_ASSERT_STRING_EQUAL(T.sent[2].line, "SIP/2.0 182 Queued");
	CU_ASSERT_EQUAL(T.sent[2].time_us, 500000);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Trying -(1xx from TU)-> Proceeding, 100 sent"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(1xx from TU)-> Proceeding, 182 sent"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(Request)-> Proceeding, 182 resent"));
}

/* RFC3261 17.2.2: "When the server transaction enters the "Completed" state, it MUST
 * set Timer J to fire in 64*T1 seconds for unreliable transports" ... "While in the
 * "Completed" state, the server transaction MUST pass the final response to the
 * transport layer for retransmission whenever a retransmission of the request is
 * received." */
static void test_rfc3261_17_2_2_completed_resends_final_until_timer_j(void)
{
	peer_sends(SIP_PROTO_UDP);
	tsxtest_advance(&T, 100000);
	CU_ASSERT_EQUAL(tu_answers(200), 0);
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_COMPLETED);
	tsxtest_advance(&T, 4000000);
	peer_sends(SIP_PROTO_UDP);
	CU_ASSERT_EQUAL(T.nsent, 2);
	CU_ASSERT_EQUAL(T.sent[1].time_us, 4000000);
	CU_ASSERT_STRING_EQUAL(T.sent[1].line, "SIP/2.0 200 OK");
	tsxtest_advance(&T, 32099999);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 0);
	tsxtest_advance(&T, 32100000);  /* 0.1 s + 64*T1 */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_EQUAL(T.nsent, 2);  /* a server never retransmits on its own */
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Trying -(200-699 from TU)-> Completed, 200 sent, "
					   "Timer J in 32000 ms"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Completed -(Request)-> Completed, 200 resent"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Completed -(Timer J)-> Terminated"));
}

/* RFC3261 17.2.2: "If the TU passes a final response (status codes 200-699) to the
 * server while in the "Proceeding" state, the transaction MUST enter the "Completed"
 * state, and the response MUST be passed to the transport layer for transmission." */
static void test_rfc3261_17_2_2_final_from_proceeding(void)
{
	peer_sends(SIP_PROTO_UDP);
	CU_ASSERT_EQUAL(tu_answers(100), 0);
	CU_ASSERT_EQUAL(tu_answers(404), 0);
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_COMPLETED);
	CU_ASSERT_EQUAL(T.nsent, 2);
	CU_ASSERT_STRING_EQUAL(T.sent[1].line, "SIP/2.0 404 Not Found");
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(200-699 from TU)-> Completed"));
}

/* RFC3261 17.2.2: "Any other final responses passed by the TU to the server
 * transaction MUST be discarded while in the "Completed" state." */
static void test_rfc3261_17_2_2_completed_discards_other_finals(void)
{
	peer_sends(SIP_PROTO_UDP);
	CU_ASSERT_EQUAL(tu_answers(200), 0);
	CU_ASSERT_EQUAL(tu_answers(500), 0);
	CU_ASSERT_EQUAL(T.nsent, 1);
	peer_sends(SIP_PROTO_UDP);
	CU_ASSERT_STRING_EQUAL(T.sent[1].line, "SIP/2.0 200 OK");  /* still the first */
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Completed -(200-699 from TU)-> Completed, response discarded"));
	CU_ASSERT_EQUAL(tu_answers(180), EPROTO);  /* no arrow at all for a 1xx */
}

/* RFC3261 17.2.2: "it MUST set Timer J to fire in 64*T1 seconds for unreliable
 * transports, and zero seconds for reliable transports." */
static void test_rfc3261_17_2_2_timer_j_zero_over_reliable_transport(void)
{
	peer_sends(SIP_PROTO_TCP);
	tsxtest_advance(&T, 300000);
	CU_ASSERT_EQUAL(tu_answers(200), 0);
	CU_ASSERT_EQUAL(T.sent[0].dst.conn_id, 4);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 0);
	tsxtest_advance(&T, 300000);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Timer J in 0 ms"));
}

/* RFC3261 17.2.4: "the server transaction SHOULD inform the TU that a failure has
 * occurred, and SHOULD transition to the terminated state." (Figure 8: from Proceeding
 * and from Completed) */
static void test_rfc3261_17_2_4_transport_error_terminates(void)
{
	peer_sends(SIP_PROTO_UDP);
	T.send_error = EHOSTUNREACH;
	CU_ASSERT_EQUAL(tu_answers(100), 0);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TRANSPORT_ERROR), 1);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC3261 17.2.4] Proceeding -(Transport Err.)-> Terminated"));
	CU_ASSERT_PTR_NULL(T.server);
	T.send_error = 0;
	peer_sends(SIP_PROTO_UDP);  /* now a new transaction */
	T.send_error = ECONNRESET;
	CU_ASSERT_EQUAL(tu_answers(200), 0);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TRANSPORT_ERROR), 2);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC3261 17.2.4] Completed -(Transport Err.)-> Terminated"));
	CU_ASSERT_EQUAL(sip_tsx_layer_count(T.layer), 0);
}

/* Without a TU that takes requests, the layer answers 501 itself (§21.5.2). */
static void test_rfc3261_21_5_2_no_tu_answers_501(void)
{
	struct sip_tsx_layer *bare;
	char *text = tsxtest_peer_request("OPTIONS", SIP_PROTO_UDP, BRANCH, 5, "OPTIONS", NULL);

	sip_tsx_layer_destroy(T.layer);
	CU_ASSERT_EQUAL(sip_tsx_layer_create(&bare, T.tp, NULL, NULL), 0);
	T.layer = bare;
	CU_ASSERT_EQUAL(tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0, text), 0);
	free(text);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_STRING_EQUAL(T.sent[0].line, "SIP/2.0 501 Not Implemented");
}

static const struct th_test nist_tests[] = {
	TH_TEST(test_rfc3261_17_2_2_trying_passes_up_and_discards_retransmissions),
	TH_TEST(test_rfc3261_17_2_2_proceeding_resends_last_provisional),
	TH_TEST(test_rfc3261_17_2_2_completed_resends_final_until_timer_j),
	TH_TEST(test_rfc3261_17_2_2_final_from_proceeding),
	TH_TEST(test_rfc3261_17_2_2_completed_discards_other_finals),
	TH_TEST(test_rfc3261_17_2_2_timer_j_zero_over_reliable_transport),
	TH_TEST(test_rfc3261_17_2_4_transport_error_terminates),
	TH_TEST(test_rfc3261_21_5_2_no_tu_answers_501),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 17.2.2 Non-INVITE server transaction (Figure 8)", nist_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
