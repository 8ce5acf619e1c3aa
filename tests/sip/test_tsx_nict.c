/* tests/sip/test_tsx_nict.c - the non-INVITE client transaction, arrow by arrow (RFC
 * 3261 §17.1.2, Figure 6; §17.1.4), on the virtual clock with exact microseconds.
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

static struct sip_tsx *start(const char *method, enum sip_proto proto)
{
	struct sip_msg *req = tsxtest_our_request(method);
	struct sip_dest dst = tsxtest_dest(proto, TSXTEST_PEER);
	struct sip_tsx_handler h = tsxtest_handler(&T);
	struct sip_tsx *tsx = NULL;

	CU_ASSERT_EQUAL(sip_tsx_request(T.layer, req, &dst, &h, &tsx), 0);
	sip_msg_destroy(req);
	return tsx;
}

static void answer(enum sip_proto proto, int status)
{
	char *text = tsxtest_response_to(&T, 0, status, "b1");

	if (text != NULL)
		CU_ASSERT_EQUAL(tsxtest_recv(&T, proto, TSXTEST_PEER, 7, text), 0);
	free(text);
}

/* RFC3261 17.1.2.2: "If timer E fires while still in this state, the timer is reset,
 * but this time with a value of MIN(2*T1, T2).  When the timer fires again, it is
 * reset to a MIN(4*T1, T2).  This process continues so that retransmissions occur
 * with an exponentially increasing interval that caps at T2." ... "For the default
 * values of T1 and T2, this results in intervals of 500 ms, 1 s, 2 s, 4 s, 4 s, 4 s,
 * etc."  "If Timer F fires while the client transaction is still in the "Trying"
 * state, the client transaction SHOULD inform the TU about the timeout, and then it
 * SHOULD enter the "Terminated" state." */
static void test_rfc3261_17_1_2_2_unanswered_request_schedule_over_udp(void)
{
	static const uint64_t at[] = { 0, 500000, 1500000, 3500000, 7500000, 11500000,
				       15500000, 19500000, 23500000, 27500000, 31500000 };
	struct sip_tsx *tsx = start("REGISTER", SIP_PROTO_UDP);

	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_TRYING);
	tsxtest_advance(&T, 40000000);
	CU_ASSERT_EQUAL(T.nsent, 11);
	for (size_t i = 0; i < 11 && i < T.nsent; i++) {
		CU_ASSERT_EQUAL(T.sent[i].time_us, at[i]);
		CU_ASSERT_STRING_EQUAL(T.sent[i].line, "REGISTER sip:bob@192.0.2.9 SIP/2.0");
	}
	CU_ASSERT_EQUAL(T.nev, 2);
	CU_ASSERT_EQUAL(T.ev[0].what, TSXTEST_TIMEOUT);
	CU_ASSERT_EQUAL(T.ev[0].time_us, 32000000);
	CU_ASSERT_EQUAL(T.ev[1].what, TSXTEST_TERMINATED);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "[NICT z9hG4bK"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Trying -(Timer E)-> Trying, retransmit #2 in 1000 ms"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Trying -(Timer E)-> Trying, retransmit #5 in 4000 ms"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Trying -(Timer F)-> Terminated, timeout reported to the TU"));
}

/* The cap follows a configured T2 (T1 = 500 ms, T2 = 1 s): 0.5, 1, 1, 1 ... */
static void test_rfc3261_17_1_2_2_timer_e_capped_at_configured_t2(void)
{
	struct sip_tsx_config cfg;

	tsxtest_fini(&T);
	sip_tsx_config_default(&cfg);
	cfg.t2_us = 1000000;
	CU_ASSERT_EQUAL(tsxtest_init(&T, NULL, &cfg), 0);
	(void)start("OPTIONS", SIP_PROTO_UDP);
	tsxtest_advance(&T, 4000000);
	CU_ASSERT_EQUAL(T.nsent, 5);
	CU_ASSERT_EQUAL(T.sent[1].time_us, 500000);
	CU_ASSERT_EQUAL(T.sent[2].time_us, 1500000);
	CU_ASSERT_EQUAL(T.sent[3].time_us, 2500000);
	CU_ASSERT_EQUAL(T.sent[4].time_us, 3500000);
}

/* RFC3261 17.1.2.2: "If an unreliable transport is in use, the client transaction
 * MUST set timer E to fire in T1 seconds."  Over TCP: no Timer E, Timer F still. */
static void test_rfc3261_17_1_2_2_no_timer_e_over_reliable_transport(void)
{
	(void)start("BYE", SIP_PROTO_TCP);
	tsxtest_advance(&T, 40000000);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TIMEOUT), 1);
	CU_ASSERT_EQUAL(T.ev[0].time_us, 32000000);
	CU_ASSERT_FALSE(tsxtest_log_has(&T, "Timer E"));
}

/* RFC3261 17.1.2.2: "If a provisional response is received while in the "Trying"
 * state, the response MUST be passed to the TU, and then the client transaction
 * SHOULD move to the "Proceeding" state." ... "If Timer E fires while in the
 * "Proceeding" state, the request MUST be passed to the transport layer for
 * retransmission, and Timer E MUST be reset with a value of T2 seconds." */
static void test_rfc3261_17_1_2_2_proceeding_retransmits_every_t2(void)
{
	struct sip_tsx *tsx = start("OPTIONS", SIP_PROTO_UDP);

	tsxtest_advance(&T, 600000);  /* sent at 0, 0.5; E due at 1.5 */
	answer(SIP_PROTO_UDP, 100);
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_PROCEEDING);
	CU_ASSERT_EQUAL(T.ev[0].what, TSXTEST_RESPONSE);
	CU_ASSERT_EQUAL(T.ev[0].status, 100);
	tsxtest_advance(&T, 14000000);
	CU_ASSERT_EQUAL(T.nsent, 6);
	CU_ASSERT_EQUAL(T.sent[2].time_us, 1500000);
	CU_ASSERT_EQUAL(T.sent[3].time_us, 5500000);
	CU_ASSERT_EQUAL(T.sent[4].time_us, 9500000);
	CU_ASSERT_EQUAL(T.sent[5].time_us, 13500000);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(Timer E)-> Proceeding, retransmit #3 in 4000 ms"));
	answer(SIP_PROTO_UDP, 180);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_RESPONSE), 2);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(1xx)-> Proceeding, 180 to TU"));
}

/* RFC3261 17.1.2.2: "If timer F fires while in the "Proceeding" state, the TU MUST be
 * informed of a timeout, and the client transaction MUST transition to the
 * terminated state." */
static void test_rfc3261_17_1_2_2_timer_f_in_proceeding(void)
{
	(void)start("OPTIONS", SIP_PROTO_UDP);
	answer(SIP_PROTO_UDP, 100);
	tsxtest_advance(&T, 31999999);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TIMEOUT), 0);
	tsxtest_advance(&T, 32000000);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TIMEOUT), 1);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(Timer F)-> Terminated"));
}

/* RFC3261 17.1.2.2: "If a final response (status codes 200-699) is received while in
 * the "Trying" state, the response MUST be passed to the TU, and the client
 * transaction MUST transition to the "Completed" state." ... "it MUST set Timer K to
 * fire in T4 seconds for unreliable transports" */
static void test_rfc3261_17_1_2_2_final_in_trying_then_timer_k(void)
{
	struct sip_tsx *tsx = start("REGISTER", SIP_PROTO_UDP);

	tsxtest_advance(&T, 700000);
	answer(SIP_PROTO_UDP, 401);
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_COMPLETED);
	CU_ASSERT_EQUAL(T.ev[0].status, 401);
	tsxtest_advance(&T, 5699999);
	CU_ASSERT_EQUAL(T.nsent, 2);  /* no retransmission in Completed */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 0);
	tsxtest_advance(&T, 5700000);  /* 0.7 s + T4 */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Trying -(200-699)-> Completed, Timer K in 5000 ms, 401 to TU"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Completed -(Timer K)-> Terminated"));
}

/* RFC3261 17.1.2.2: "If a final response (status codes 200-699) is received while in
 * the "Proceeding" state, the response MUST be passed to the TU, and the client
 * transaction MUST transition to the "Completed" state." */
static void test_rfc3261_17_1_2_2_final_in_proceeding(void)
{
	struct sip_tsx *tsx = start("BYE", SIP_PROTO_UDP);

	answer(SIP_PROTO_UDP, 100);
	answer(SIP_PROTO_UDP, 200);
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_COMPLETED);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_RESPONSE), 2);
	CU_ASSERT_EQUAL(T.ev[1].status, 200);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(200-699)-> Completed"));
}

/* RFC3261 17.1.2.2: "The "Completed" state exists to buffer any additional response
 * retransmissions that may be received" - they do not reach the TU again. */
static void test_rfc3261_17_1_2_2_completed_absorbs_retransmissions(void)
{
	(void)start("OPTIONS", SIP_PROTO_UDP);
	answer(SIP_PROTO_UDP, 200);
	answer(SIP_PROTO_UDP, 200);
	answer(SIP_PROTO_UDP, 200);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_RESPONSE), 1);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Completed -(200-699)-> Completed, retransmitted 200 absorbed"));
}

/* RFC3261 17.1.2.2: "it MUST set Timer K to fire in T4 seconds for unreliable
 * transports, and zero seconds for reliable transports." */
static void test_rfc3261_17_1_2_2_timer_k_zero_over_reliable_transport(void)
{
	(void)start("OPTIONS", SIP_PROTO_TCP);
	tsxtest_advance(&T, 1200000);
	answer(SIP_PROTO_TCP, 200);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 0);
	tsxtest_advance(&T, 1200000);  /* the same instant */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TERMINATED), 1);
	CU_ASSERT_EQUAL(T.ev[1].time_us, 1200000);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Timer K in 0 ms"));
}

/* RFC3261 17.1.4: "The client transaction SHOULD inform the TU that a transport
 * failure has occurred, and the client transaction SHOULD transition directly to the
 * "Terminated" state." (reported by the network while in Trying) */
static void test_rfc3261_17_1_4_transport_error_in_trying(void)
{
	struct sip_dest where = tsxtest_dest(SIP_PROTO_UDP, TSXTEST_PEER);

	(void)start("OPTIONS", SIP_PROTO_UDP);
	sip_transport_report_error(T.tp, &where, ECONNREFUSED);
	CU_ASSERT_EQUAL(T.ev[0].what, TSXTEST_TRANSPORT_ERROR);
	CU_ASSERT_EQUAL(T.ev[0].err, ECONNREFUSED);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC3261 17.1.4] Trying -(Transport Err.)-> Terminated"));
	CU_ASSERT_EQUAL(sip_tsx_layer_count(T.layer), 0);
}

/* The same, with a provisional response first: Proceeding -(Transport Err.)->. */
static void test_rfc3261_17_1_4_transport_error_in_proceeding(void)
{
	(void)start("OPTIONS", SIP_PROTO_UDP);
	answer(SIP_PROTO_UDP, 100);
	T.send_error = EHOSTUNREACH;
	tsxtest_advance(&T, 500000);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_TRANSPORT_ERROR), 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Proceeding -(Transport Err.)-> Terminated"));
}

/* A 1xx after the final response has no arrow in Figure 6: logged, not to the TU. */
static void test_rfc3261_17_1_2_2_no_arrow_for_1xx_in_completed(void)
{
	(void)start("OPTIONS", SIP_PROTO_UDP);
	answer(SIP_PROTO_UDP, 404);
	answer(SIP_PROTO_UDP, 180);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_RESPONSE), 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Completed: 1xx has no arrow here, ignored"));
}

static const struct th_test nict_tests[] = {
	TH_TEST(test_rfc3261_17_1_2_2_unanswered_request_schedule_over_udp),
	TH_TEST(test_rfc3261_17_1_2_2_timer_e_capped_at_configured_t2),
	TH_TEST(test_rfc3261_17_1_2_2_no_timer_e_over_reliable_transport),
	TH_TEST(test_rfc3261_17_1_2_2_proceeding_retransmits_every_t2),
	TH_TEST(test_rfc3261_17_1_2_2_timer_f_in_proceeding),
	TH_TEST(test_rfc3261_17_1_2_2_final_in_trying_then_timer_k),
	TH_TEST(test_rfc3261_17_1_2_2_final_in_proceeding),
	TH_TEST(test_rfc3261_17_1_2_2_completed_absorbs_retransmissions),
	TH_TEST(test_rfc3261_17_1_2_2_timer_k_zero_over_reliable_transport),
	TH_TEST(test_rfc3261_17_1_4_transport_error_in_trying),
	TH_TEST(test_rfc3261_17_1_4_transport_error_in_proceeding),
	TH_TEST(test_rfc3261_17_1_2_2_no_arrow_for_1xx_in_completed),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 17.1.2 Non-INVITE client transaction (Figure 6)", nict_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
