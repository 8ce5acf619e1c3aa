/* tests/sip/test_tsx_match.c - which transaction a message belongs to: responses to
 * client transactions (RFC 3261 §17.1.3), requests, ACKs and CANCELs to server
 * transactions (§17.2.3 with the RFC 2543 fallback, §9.1, §9.2), stray responses
 * (§18.1.2, RFC 6026), branches (§8.1.1.7) and the transaction limit (§21.5.4).
 */
#include "sip/tsx.h"
#include "tests/sip/tsxtest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
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

static struct sip_tsx *start(const char *method)
{
	struct sip_msg *req = tsxtest_our_request(method);
	struct sip_dest dst = tsxtest_dest(SIP_PROTO_UDP, TSXTEST_PEER);
	struct sip_tsx_handler h = tsxtest_handler(&T);
	struct sip_tsx *tsx = NULL;

	CU_ASSERT_EQUAL(sip_tsx_request(T.layer, req, &dst, &h, &tsx), 0);
	sip_msg_destroy(req);
	return tsx;
}

/* Feeds a response to sent message i, its CSeq method replaced by `cseq_method`. */
static void respond_to(size_t i, int status, const char *cseq_method)
{
	char *text = tsxtest_response_to(&T, i, status, "t9");
	char *cseq = text != NULL ? strstr(text, "CSeq: ") : NULL;
	char buf[2048];

	if (cseq == NULL) {
		free(text);
		return;
	}
	if (cseq_method != NULL) {
		const char *sp = strchr(cseq + 6, ' ');
		const char *eol = strstr(cseq, "\r\n");

		snprintf(buf, sizeof(buf), "%.*s %s%s", (int)(sp - text), text, cseq_method, eol);
	} else {
		snprintf(buf, sizeof(buf), "%s", text);
	}
	CU_ASSERT_EQUAL(tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0, buf), 0);
	free(text);
}

/* A request from the peer; branch NULL for an RFC 2543 peer. */
static void peer(const char *method, const char *branch, unsigned cseq, const char *cseq_method,
		 const char *to_tag)
{
	char *text = tsxtest_peer_request(method, SIP_PROTO_UDP, branch, cseq, cseq_method, to_tag);

	CU_ASSERT_EQUAL(tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0, text), 0);
	free(text);
}

static int tu_answers(struct sip_tsx *tsx, int status, const char *to_tag)
{
	struct sip_msg *resp = NULL;
	int rc;

	CU_ASSERT_EQUAL(sip_msg_create_response(sip_tsx_request_msg(tsx), status, NULL, to_tag,
						&resp), 0);
	rc = sip_tsx_respond(tsx, resp);
	sip_msg_destroy(resp);
	return rc;
}

/* ---- §17.1.3 responses ---------------------------------------------------------------- */

/* RFC3261 17.1.3: "2.  If the method parameter in the CSeq header field matches the
 * method of the request that created the transaction.  The method is needed since a
 * CANCEL request constitutes a different transaction, but shares the same value of the
 * branch parameter." */
static void test_rfc3261_17_1_3_same_branch_other_method_does_not_match(void)
{
	struct sip_tsx *tsx = start("INVITE");

	respond_to(0, 200, "CANCEL");
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_CALLING);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_RESPONSE), 0);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_STRAY), 1);
	respond_to(0, 180, NULL);
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_PROCEEDING);
}

/* RFC3261 17.1.3: "1.  If the response has the same value of the branch parameter in
 * the top Via header field as the branch parameter in the top Via header field of the
 * request that created the transaction." */
static void test_rfc3261_17_1_3_other_branch_does_not_match(void)
{
	struct sip_tsx *tsx = start("OPTIONS");
	char *text = tsxtest_response_to(&T, 0, 200, NULL);
	char *b = text != NULL ? strstr(text, "branch=z9hG4bK") : NULL;

	if (b != NULL) {
		b[14] = b[14] == 'x' ? 'y' : 'x';  /* one character off */
		CU_ASSERT_EQUAL(tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0, text), 0);
	}
	free(text);
	CU_ASSERT_EQUAL(sip_tsx_state(tsx), SIP_TSX_TRYING);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_STRAY), 1);
}

/* RFC6026 8.9: "If there is a match, the response MUST be passed to that transaction.
 * Otherwise, any element other than a stateless proxy MUST silently discard the
 * response."  Without a core that wants stray responses they are logged and dropped. */
static void test_rfc6026_8_9_stray_response_dropped_without_core(void)
{
	struct sip_tsx_layer *bare;

	(void)start("OPTIONS");
	CU_ASSERT_EQUAL(sip_tsx_layer_create(&bare, T.tp, NULL, NULL), 0);
	respond_to(0, 200, NULL);  /* the new layer has no transaction: stray */
	CU_ASSERT_EQUAL(T.nev, 0);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "[tsx z9hG4bK"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC6026 8.9] 200 response (CSeq 1 OPTIONS) matches no "
					   "transaction: dropped"));
	sip_tsx_layer_destroy(bare);
	sip_tsx_layer_destroy(T.layer);  /* the transport now has no user */
	T.layer = NULL;
	respond_to(0, 200, NULL);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "no transaction layer: dropped"));
}

/* RFC3261 18.1.2: "Otherwise, the response MUST be passed to the core" - a UA core
 * sees the 2xx retransmissions of an INVITE whose transaction is gone. */
static void test_rfc3261_18_1_2_stray_2xx_to_the_core(void)
{
	(void)start("INVITE");
	respond_to(0, 200, NULL);
	tsxtest_advance(&T, 40000000);  /* Timer M ends the transaction */
	respond_to(0, 200, NULL);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_RESPONSE), 1);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_STRAY), 1);
	CU_ASSERT_EQUAL(T.ev[T.nev - 1].status, 200);
}

/* ---- §9.1 CANCEL from the client ----------------------------------------------------- */

/* RFC3261 9.1: "The Request-URI, Call-ID, To, the numeric part of CSeq, and From header
 * fields in the CANCEL request MUST be identical to those in the request being
 * cancelled, including tags.  A CANCEL constructed by a client MUST have only a single
 * Via header field value matching the top Via value in the request being cancelled."
 * ... "If no provisional response has been received, the CANCEL request MUST NOT be
 * sent" */
static void test_rfc3261_9_1_cancel_built_from_the_invite(void)
{
	struct sip_tsx *ict = start("INVITE"), *cancel = NULL;
	struct sip_msg *inv = NULL, *c = NULL;

	CU_ASSERT_EQUAL(sip_tsx_cancel(ict, NULL, &cancel), EAGAIN);
	respond_to(0, 180, NULL);
	CU_ASSERT_EQUAL(sip_tsx_cancel(ict, NULL, &cancel), 0);
	CU_ASSERT_PTR_NOT_NULL(cancel);
	CU_ASSERT_EQUAL(sip_tsx_kind(cancel), SIP_TSX_NICT);
	CU_ASSERT_EQUAL(T.nsent, 2);
	inv = tsxtest_sent_msg(&T, 0);
	c = tsxtest_sent_msg(&T, 1);
	if (inv != NULL && c != NULL) {
		CU_ASSERT_EQUAL(c->method, SIP_METHOD_CANCEL);
		CU_ASSERT_TRUE(sip_uri_equal(&c->ruri, &inv->ruri));
		CU_ASSERT_TRUE(sip_str_eq(c->call_id, inv->call_id));
		CU_ASSERT_TRUE(sip_str_eq(c->to->text, inv->to->text));
		CU_ASSERT_TRUE(sip_str_eq(c->from->text, inv->from->text));
		CU_ASSERT_EQUAL(c->cseq->seq, inv->cseq->seq);
		CU_ASSERT_EQUAL(c->cseq->method, SIP_METHOD_CANCEL);
		CU_ASSERT_EQUAL(c->rows[SIP_HDR_VIA], 1);
		CU_ASSERT_TRUE(sip_str_eq(c->via->text, inv->via->text));
	}
	sip_msg_destroy(inv);
	sip_msg_destroy(c);
	/* The 200 for the CANCEL reaches the CANCEL's transaction only. */
	respond_to(1, 200, NULL);
	CU_ASSERT_EQUAL(sip_tsx_state(cancel), SIP_TSX_COMPLETED);
	CU_ASSERT_EQUAL(sip_tsx_state(ict), SIP_TSX_PROCEEDING);
	respond_to(0, 487, NULL);
	CU_ASSERT_EQUAL(sip_tsx_state(ict), SIP_TSX_COMPLETED);
	CU_ASSERT_EQUAL(sip_tsx_cancel(ict, NULL, NULL), EALREADY);
	CU_ASSERT_EQUAL(sip_tsx_cancel(cancel, NULL, NULL), EINVAL);
}

/* ---- §17.2.3 requests ------------------------------------------------------------------- */

/* RFC3261 17.2.3: "3. the method of the request matches the one that created the
 * transaction, except for ACK" - a CANCEL with the INVITE's branch is its own (non-
 * INVITE) transaction; RFC3261 9.2: the TU finds the INVITE "assuming that the request
 * method is anything but CANCEL or ACK and applying the transaction matching procedures
 * of Section 17.2.3." */
static void test_rfc3261_17_2_3_cancel_is_its_own_transaction(void)
{
	struct sip_tsx *ist, *nist;
	struct sip_msg *cancel;
	char *text = tsxtest_peer_request("CANCEL", SIP_PROTO_UDP, "z9hG4bKinv", 1, "CANCEL", NULL);

	peer("INVITE", "z9hG4bKinv", 1, "INVITE", NULL);
	ist = T.server;
	CU_ASSERT_EQUAL(tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0, text), 0);
	nist = T.server;
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 2);
	CU_ASSERT_PTR_NOT_EQUAL(ist, nist);
	CU_ASSERT_EQUAL(sip_tsx_kind(nist), SIP_TSX_NIST);
	CU_ASSERT_EQUAL(sip_tsx_layer_count(T.layer), 2);
	cancel = NULL;
	CU_ASSERT_EQUAL(sip_msg_parse(text, strlen(text), &cancel, NULL), 0);
	CU_ASSERT_PTR_EQUAL(sip_tsx_find_cancelled(T.layer, cancel), ist);
	CU_ASSERT_PTR_EQUAL(sip_tsx_find_cancelled(T.layer, sip_tsx_request_msg(nist)), ist);
	sip_msg_destroy(cancel);
	free(text);
	/* A CANCEL for nothing finds nothing (the TU answers 481, §9.2). */
	text = tsxtest_peer_request("CANCEL", SIP_PROTO_UDP, "z9hG4bKother", 1, "CANCEL", NULL);
	CU_ASSERT_EQUAL(sip_msg_parse(text, strlen(text), &cancel, NULL), 0);
	CU_ASSERT_PTR_NULL(sip_tsx_find_cancelled(T.layer, cancel));
	sip_msg_destroy(cancel);
	free(text);
}

/* RFC3261 17.2.3: "the method of the request matches the one that created the
 * transaction, except for ACK, where the method of the request that created the
 * transaction is INVITE."  The ACK for a non-2xx carries the INVITE's branch. */
static void test_rfc3261_17_2_3_ack_for_non_2xx_matches_the_invite(void)
{
	peer("INVITE", "z9hG4bKinv", 1, "INVITE", NULL);
	CU_ASSERT_EQUAL(tu_answers(T.server, 486, "srv1"), 0);
	peer("ACK", "z9hG4bKinv", 1, "ACK", "srv1");
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_CONFIRMED);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_ACK), 0);
}

/* RFC3261 18.2.1: "when a UAS core sends a 2xx response to INVITE, the server
 * transaction is destroyed.  This means that when the ACK arrives, there will be no
 * matching server transaction, and based on this rule, the ACK is passed to the UAS
 * core" - the ACK for a 2xx has a branch of its own. */
static void test_rfc3261_18_2_1_ack_for_2xx_goes_to_the_core(void)
{
	peer("INVITE", "z9hG4bKinv", 1, "INVITE", NULL);
	CU_ASSERT_EQUAL(tu_answers(T.server, 200, "srv1"), 0);
	peer("ACK", "z9hG4bKack", 1, "ACK", "srv1");
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_ACK), 1);
	CU_ASSERT_PTR_NULL(T.ev[T.nev - 1].tsx);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 1);  /* no transaction for it */
}

/* RFC3261 17.2.3: "2. the sent-by value in the top Via of the request is equal to the
 * one in the request that created the transaction" ... "there could be accidental or
 * malicious duplication of branch parameters from different clients." */
static void test_rfc3261_17_2_3_same_branch_other_sent_by_is_new(void)
{
	char *text = tsxtest_peer_request("OPTIONS", SIP_PROTO_UDP, "z9hG4bKdup", 1, "OPTIONS", NULL);
	char *at = strstr(text, "192.0.2.9:5060");

	peer("OPTIONS", "z9hG4bKdup", 1, "OPTIONS", NULL);
	memcpy(at, "192.0.2.8", 9);
	CU_ASSERT_EQUAL(tsxtest_recv(&T, SIP_PROTO_UDP, "192.0.2.8:5060", 0, text), 0);
	free(text);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 2);
	CU_ASSERT_EQUAL(sip_tsx_layer_count(T.layer), 2);
}

/* The same branch with another method (not ACK, not a CANCEL) is another transaction. */
static void test_rfc3261_17_2_3_same_branch_other_method_is_new(void)
{
	peer("OPTIONS", "z9hG4bKm", 1, "OPTIONS", NULL);
	peer("INFO", "z9hG4bKm", 1, "INFO", NULL);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 2);
	peer("INFO", "z9hG4bKm", 1, "INFO", NULL);  /* this one is a retransmission */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 2);
}

/* RFC3261 7.3.1: "Unless otherwise stated in the definition of the particular header
 * field, field values, parameter names, and parameter values are case-insensitive." -
 * the branch included. */
static void test_rfc3261_7_3_1_branch_compared_case_insensitively(void)
{
	peer("OPTIONS", "z9hG4bKAbC", 1, "OPTIONS", NULL);
	peer("OPTIONS", "z9hG4bKaBc", 1, "OPTIONS", NULL);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 1);
}

/* ---- The RFC 2543 fallback ------------------------------------------------------------ */

/* RFC3261 17.2.3: "If the branch parameter in the top Via header field is not present,
 * or does not contain the magic cookie, the following procedures are used." ... "The
 * INVITE request matches a transaction if the Request-URI, To tag, From tag, Call-ID,
 * CSeq, and top Via header field match those of the INVITE request which created the
 * transaction." */
static void test_rfc3261_17_2_3_rfc2543_invite_retransmission(void)
{
	peer("INVITE", NULL, 1, "INVITE", NULL);
	peer("INVITE", NULL, 1, "INVITE", NULL);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 1);
	peer("INVITE", "1234", 1, "INVITE", NULL);  /* a branch without the cookie: compared too */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 2);
	peer("INVITE", NULL, 2, "INVITE", NULL);    /* another CSeq: a new INVITE */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 3);
	peer("INVITE", NULL, 1, "INVITE", "x");     /* another To tag */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 4);
}

/* RFC3261 17.2.3: "The ACK request matches a transaction if the Request-URI, From tag,
 * Call-ID, CSeq number (not the method), and top Via header field match those of the
 * INVITE request which created the transaction, and the To tag of the ACK matches the
 * To tag of the response sent by the server transaction." */
static void test_rfc3261_17_2_3_rfc2543_ack_matches_by_to_tag(void)
{
	peer("INVITE", NULL, 1, "INVITE", NULL);
	CU_ASSERT_EQUAL(tu_answers(T.server, 404, "srv1"), 0);
	peer("ACK", NULL, 1, "ACK", "other");  /* not for our response */
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_COMPLETED);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_ACK), 1);
	peer("ACK", NULL, 1, "ACK", "srv1");
	CU_ASSERT_EQUAL(sip_tsx_state(T.server), SIP_TSX_CONFIRMED);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_ACK), 1);
}

/* RFC6026 6: "When receiving an ACK that matches an existing INVITE server transaction
 * and that does not contain a branch parameter containing the magic cookie defined in
 * RFC 3261, the matching transaction MUST be checked to see if it is in the "Accepted"
 * state.  If it is, then the ACK must be passed directly to the transaction user
 * instead of being absorbed by the transaction state machine." */
static void test_rfc6026_6_rfc2543_ack_in_accepted_to_tu(void)
{
	struct sip_tsx *ist;

	peer("INVITE", NULL, 1, "INVITE", NULL);
	ist = T.server;
	CU_ASSERT_EQUAL(tu_answers(ist, 200, "srv1"), 0);
	peer("ACK", NULL, 1, "ACK", "srv1");
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_ACK), 1);
	CU_ASSERT_PTR_EQUAL(T.ev[T.nev - 1].tsx, ist);
	CU_ASSERT_EQUAL(sip_tsx_state(ist), SIP_TSX_ACCEPTED);
}

/* RFC3261 17.2.3: "For all other request methods, a request is matched to a
 * transaction if the Request-URI, To tag, From tag, Call-ID, CSeq (including the
 * method), and top Via header field match those of the request that created the
 * transaction." */
static void test_rfc3261_17_2_3_rfc2543_non_invite(void)
{
	peer("OPTIONS", NULL, 7, "OPTIONS", NULL);
	peer("OPTIONS", NULL, 7, "OPTIONS", NULL);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 1);
	peer("INFO", NULL, 7, "INFO", NULL);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 2);
}

/* RFC 9.2 for an RFC 2543 peer: the CANCEL (no branch) finds its INVITE by the same
 * fields, the method aside. */
static void test_rfc3261_9_2_rfc2543_cancel_finds_its_invite(void)
{
	struct sip_tsx *ist;
	struct sip_msg *cancel = NULL;
	char *text = tsxtest_peer_request("CANCEL", SIP_PROTO_UDP, NULL, 1, "CANCEL", NULL);

	peer("INVITE", NULL, 1, "INVITE", NULL);
	ist = T.server;
	CU_ASSERT_EQUAL(sip_msg_parse(text, strlen(text), &cancel, NULL), 0);
	CU_ASSERT_PTR_EQUAL(sip_tsx_find_cancelled(T.layer, cancel), ist);
	sip_msg_destroy(cancel);
	free(text);
}

/* ---- Branches and limits ------------------------------------------------------------- */

/* RFC3261 8.1.1.7: "The branch ID inserted by an element compliant with this
 * specification MUST always begin with the characters "z9hG4bK"." ... "the branch
 * parameter value MUST be unique across space and time for all requests sent by the
 * UA."  With the same seed, the same branches (reproducible ladders). */
static void test_rfc3261_8_1_1_7_branches_cookie_unique_reproducible(void)
{
	static char branch[50][SIP_BRANCH_LEN + 1];

	for (int i = 0; i < 50; i++)
		(void)start("OPTIONS");
	CU_ASSERT_EQUAL(T.nsent, 50);
	for (size_t i = 0; i < T.nsent && i < 50; i++) {
		struct sip_msg *m = tsxtest_sent_msg(&T, i);

		branch[i][0] = '\0';
		if (m == NULL)
			continue;
		CU_ASSERT_EQUAL(m->via->branch.len, SIP_BRANCH_LEN);
		CU_ASSERT_EQUAL(memcmp(m->via->branch.p, "z9hG4bK", 7), 0);
		(void)sip_str_copy(m->via->branch, branch[i], sizeof(branch[i]));
		for (size_t j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(branch[i], branch[j]);
		sip_msg_destroy(m);
	}
	tsxtest_fini(&T);
	CU_ASSERT_EQUAL(tsxtest_init(&T, NULL, NULL), 0);
	(void)start("OPTIONS");
	CU_ASSERT_PTR_NOT_NULL(T.nsent == 1 ? strstr(T.sent[0].data, branch[0]) : NULL);
}

/* RFC3261 21.5.4: "The server is temporarily unable to process the request due to a
 * temporary overloading or maintenance of the server.  The server MAY indicate when
 * the client should retry the request in a Retry-After header field." - beyond the
 * transaction limit, statelessly; a new client transaction fails with ENOBUFS. */
static void test_rfc3261_21_5_4_beyond_the_limit_503_retry_after(void)
{
	struct sip_tsx_config cfg;
	struct sip_msg *resp;
	struct sip_msg *req = tsxtest_our_request("OPTIONS");
	struct sip_dest dst = tsxtest_dest(SIP_PROTO_UDP, TSXTEST_PEER);

	tsxtest_fini(&T);
	sip_tsx_config_default(&cfg);
	cfg.max = 2;
	CU_ASSERT_EQUAL(tsxtest_init(&T, NULL, &cfg), 0);
	peer("OPTIONS", "z9hG4bK1", 1, "OPTIONS", NULL);
	peer("OPTIONS", "z9hG4bK2", 1, "OPTIONS", NULL);
	peer("OPTIONS", "z9hG4bK3", 1, "OPTIONS", NULL);
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_REQUEST), 2);
	CU_ASSERT_EQUAL(T.nsent, 1);
	resp = tsxtest_sent_msg(&T, 0);
	if (resp != NULL) {
		CU_ASSERT_EQUAL(resp->status, 503);
		CU_ASSERT_TRUE(sip_str_eq_c(resp->via->branch, "z9hG4bK3"));
		CU_ASSERT_PTR_NOT_NULL(sip_msg_hdr_get(resp, "Retry-After"));
		CU_ASSERT_TRUE(sip_str_eq_c(sip_msg_hdr_get(resp, "Retry-After")->value, "5"));
		sip_msg_destroy(resp);
	}
	CU_ASSERT_EQUAL(sip_tsx_request(T.layer, req, &dst, NULL, NULL), ENOBUFS);
	sip_msg_destroy(req);
	peer("OPTIONS", "z9hG4bK1", 1, "OPTIONS", NULL);  /* retransmissions still match */
	CU_ASSERT_EQUAL(T.nsent, 1);
}

/* The accessors, and arguments the layer refuses. */
static void test_impl_tsx_accessors_and_refusals(void)
{
	struct sip_tsx *tsx = start("INVITE");
	struct sip_msg *resp = NULL;
	struct sip_tsx_handler h = tsxtest_handler(&T);
	struct sip_tsx_config bad;
	struct sip_tsx_layer *other = (struct sip_tsx_layer *)&bad;
	char branch[SIP_BRANCH_LEN + 1];

	CU_ASSERT_PTR_EQUAL(sip_tsx_layer_transport(T.layer), T.tp);
	CU_ASSERT_EQUAL(sip_tsx_layer_config(T.layer)->t1_us, 500000);
	CU_ASSERT_EQUAL(sip_tsx_layer_config(T.layer)->t2_us, 4000000);
	CU_ASSERT_EQUAL(sip_tsx_layer_config(T.layer)->t4_us, 5000000);
	CU_ASSERT_STRING_EQUAL(sip_tsx_kind_name(sip_tsx_kind(tsx)), "ICT");
	CU_ASSERT_STRING_EQUAL(sip_tsx_kind_name(SIP_TSX_NIST), "NIST");
	CU_ASSERT_STRING_EQUAL(sip_tsx_state_name(sip_tsx_state(tsx)), "Calling");
	CU_ASSERT_STRING_EQUAL(sip_tsx_state_name(SIP_TSX_CONFIRMED), "Confirmed");
	CU_ASSERT_EQUAL(sip_tsx_branch(tsx).len, SIP_BRANCH_LEN);
	CU_ASSERT_EQUAL(sip_str_copy(sip_tsx_branch(tsx), branch, sizeof(branch)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(T.sent[0].data, branch));
	sip_tsx_set_handler(tsx, &h);
	/* a client transaction is not answered */
	CU_ASSERT_EQUAL(sip_msg_create_response(sip_tsx_request_msg(tsx), 200, NULL, NULL, &resp), 0);
	CU_ASSERT_EQUAL(sip_tsx_respond(tsx, resp), EINVAL);
	CU_ASSERT_EQUAL(sip_tsx_respond(tsx, NULL), EINVAL);
	sip_msg_destroy(resp);
	CU_ASSERT_PTR_NULL(sip_tsx_find_cancelled(T.layer, NULL));
	sip_tsx_config_default(&bad);
	bad.t1_us = 0;
	CU_ASSERT_EQUAL(sip_tsx_layer_create(&other, T.tp, &bad, NULL), EINVAL);
	CU_ASSERT_PTR_NULL(other);
}

static const struct th_test client_tests[] = {
	TH_TEST(test_rfc3261_17_1_3_same_branch_other_method_does_not_match),
	TH_TEST(test_rfc3261_17_1_3_other_branch_does_not_match),
	TH_TEST(test_rfc6026_8_9_stray_response_dropped_without_core),
	TH_TEST(test_rfc3261_18_1_2_stray_2xx_to_the_core),
	TH_TEST(test_rfc3261_9_1_cancel_built_from_the_invite),
	TH_END
};

static const struct th_test server_tests[] = {
	TH_TEST(test_rfc3261_17_2_3_cancel_is_its_own_transaction),
	TH_TEST(test_rfc3261_17_2_3_ack_for_non_2xx_matches_the_invite),
	TH_TEST(test_rfc3261_18_2_1_ack_for_2xx_goes_to_the_core),
	TH_TEST(test_rfc3261_17_2_3_same_branch_other_sent_by_is_new),
	TH_TEST(test_rfc3261_17_2_3_same_branch_other_method_is_new),
	TH_TEST(test_rfc3261_7_3_1_branch_compared_case_insensitively),
	TH_TEST(test_rfc3261_17_2_3_rfc2543_invite_retransmission),
	TH_TEST(test_rfc3261_17_2_3_rfc2543_ack_matches_by_to_tag),
	TH_TEST(test_rfc6026_6_rfc2543_ack_in_accepted_to_tu),
	TH_TEST(test_rfc3261_17_2_3_rfc2543_non_invite),
	TH_TEST(test_rfc3261_9_2_rfc2543_cancel_finds_its_invite),
	TH_END
};

static const struct th_test other_tests[] = {
	TH_TEST(test_rfc3261_8_1_1_7_branches_cookie_unique_reproducible),
	TH_TEST(test_rfc3261_21_5_4_beyond_the_limit_503_retry_after),
	TH_TEST(test_impl_tsx_accessors_and_refusals),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 17.1.3 Matching responses to client transactions", client_tests, setup, teardown },
	{ "RFC3261 17.2.3 Matching requests to server transactions", server_tests, setup, teardown },
	{ "RFC3261 8.1.1.7 Branches, 21.5.4 transaction limit", other_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
