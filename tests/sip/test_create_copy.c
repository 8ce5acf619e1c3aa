/* tests/sip/test_create_copy.c - rows copied from one message into another keep every
 * byte, NUL included: responses (RFC 3261 §8.2.6.2), sip_msg_hdr_copy, clones, and the
 * ACK and CANCEL the INVITE client transaction builds (§17.1.1.3, §9.1).
 *
 * RFC 4475 §3.1.1.2 (intmeth.dat) puts a raw 0x00 byte inside a quoted-pair of the To
 * display name.  Copying such a row through "%.*s" stops at the NUL, and the copy no
 * longer parses (its closing quote is escaped away).  These tests compare the copies
 * with the originals byte for byte.
 */
#include "sip/msg.h"
#include "sip/tsx.h"
#include "tests/sip/msgtest_util.h"
#include "tests/sip/tsxtest.h"
#include "tests/support/harness.h"

#include <stdlib.h>
#include <string.h>

/* The To of intmeth.dat as the RFC writes it: BEL, NUL and DEL, each after a '\'. */
static const char INTMETH_TO[] = "\"BEL:\\\x07 NUL:\\\0 DEL:\\\x7f\" "
				 "<sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>";
#define INTMETH_TO_LEN (sizeof(INTMETH_TO) - 1)

/* A display name with a NUL for the transaction tests' From and To. */
static const char NUL_TO[] = "\"b\\\0b\" <sip:bob@192.0.2.9>";
static const char NUL_FROM[] = "\"a\\\0a\" <sip:alice@192.0.2.1>;tag=88sja8x";

static struct sip_msg *intmeth(void)
{
	size_t len;
	char *data = msgtest_load_4475("intmeth.dat", &len);
	struct sip_msg *m = NULL;

	CU_ASSERT_PTR_NOT_NULL(data);
	if (data != NULL)
		CU_ASSERT_EQUAL(sip_msg_parse(data, len, &m, NULL), 0);
	free(data);
	return m;
}

/* True when row `id` of `m` (the first) is exactly the `len` bytes at `want`. */
static bool row_is(const struct sip_msg *m, enum sip_hdr_id id, const char *want, size_t len)
{
	size_t i = sip_msg_hdr_find(m, id, 0);

	return i != SIP_HDR_NONE && m->hdrs[i].value.len == len &&
	       memcmp(m->hdrs[i].value.p, want, len) == 0;
}

/* True when the first rows of `id` in a and b hold the same bytes. */
static bool same_row(const struct sip_msg *a, const struct sip_msg *b, enum sip_hdr_id id)
{
	size_t i = sip_msg_hdr_find(b, id, 0);

	return i != SIP_HDR_NONE && row_is(a, id, b->hdrs[i].value.p, b->hdrs[i].value.len);
}

/* ---- Responses, hdr_copy, clones ------------------------------------------------------ */

/* RFC3261 8.2.6.2: "The From field of the response MUST equal the From header field of
 * the request." ... "if the To header field in the request did not contain a tag, the
 * URI in the To header field in the response MUST equal the URI in the To header field;
 * additionally, the UAS MUST add a tag to the To header field in the response".
 * RFC 4475 3.1.1.2: "The To header field value's quoted string contains quoted-pair
 * expansions, including a quoted NULL character." */
static void test_rfc4475_3_1_1_2_response_keeps_the_nul_byte(void)
{
	static const char tag[] = ";tag=8321234356";
	struct sip_msg *req = intmeth(), *resp = NULL;
	char want[INTMETH_TO_LEN + sizeof(tag) - 1];

	memcpy(want, INTMETH_TO, INTMETH_TO_LEN);
	memcpy(want + INTMETH_TO_LEN, tag, sizeof(tag) - 1);
	CU_ASSERT_TRUE(req != NULL && row_is(req, SIP_HDR_TO, INTMETH_TO, INTMETH_TO_LEN));
	if (req != NULL)
		CU_ASSERT_EQUAL(sip_msg_create_response(req, 501, NULL, "8321234356", &resp), 0);
	if (resp != NULL) {
		CU_ASSERT_TRUE(row_is(resp, SIP_HDR_TO, want, sizeof(want)));
		CU_ASSERT_TRUE(sip_str_eq_c(resp->to->tag, "8321234356"));
		CU_ASSERT_TRUE(same_row(resp, req, SIP_HDR_FROM));
		CU_ASSERT_TRUE(same_row(resp, req, SIP_HDR_VIA));
		CU_ASSERT_TRUE(same_row(resp, req, SIP_HDR_CALL_ID));
		CU_ASSERT_TRUE(same_row(resp, req, SIP_HDR_CSEQ));
		CU_ASSERT_EQUAL(resp->status, 501);
	}
	sip_msg_destroy(resp);
	sip_msg_destroy(req);
}

/* RFC3261 8.2.6.2: "The From field of the response MUST equal the From header field of
 * the request."  The response leaves the UAS as bytes: printed and parsed again, its
 * To still holds the NUL. */
static void test_rfc4475_3_1_1_2_response_parses_after_printing(void)
{
	struct sip_msg *req = intmeth(), *resp = NULL, *back = NULL;
	char *text = NULL;
	size_t len = 0;

	if (req != NULL)
		CU_ASSERT_EQUAL(sip_msg_create_response(req, 501, NULL, NULL, &resp), 0);
	if (resp != NULL)
		CU_ASSERT_EQUAL(sip_msg_print_alloc(resp, &text, &len), 0);
	if (text != NULL)
		CU_ASSERT_EQUAL(sip_msg_parse(text, len, &back, NULL), 0);
	if (back != NULL) {
		CU_ASSERT_FALSE(back->is_request);
		CU_ASSERT_EQUAL(back->status, 501);
		CU_ASSERT_TRUE(row_is(back, SIP_HDR_TO, INTMETH_TO, INTMETH_TO_LEN));
		CU_ASSERT_TRUE(same_row(back, req, SIP_HDR_FROM));
		CU_ASSERT_PTR_NULL(msgtest_diff(back, resp));
	}
	free(text);
	sip_msg_destroy(back);
	sip_msg_destroy(resp);
	sip_msg_destroy(req);
}

/* RFC 4475 3.1.1.2: "The To header field value's quoted string contains quoted-pair
 * expansions, including a quoted NULL character." - sip_msg_hdr_copy (how the dialog
 * layer copies Record-Route into a 2xx, RFC3261 12.1.1) keeps that To whole. */
static void test_rfc4475_3_1_1_2_hdr_copy_keeps_the_nul_byte(void)
{
	struct sip_msg *req = intmeth(), *dst = NULL;

	CU_ASSERT_EQUAL(sip_msg_create_request("OPTIONS", "sip:a@example.com", &dst), 0);
	if (req != NULL && dst != NULL) {
		CU_ASSERT_EQUAL(sip_msg_hdr_copy(dst, req, SIP_HDR_TO), 0);
		CU_ASSERT_TRUE(row_is(dst, SIP_HDR_TO, INTMETH_TO, INTMETH_TO_LEN));
		CU_ASSERT_TRUE(dst->to != NULL && sip_str_eq(dst->to->display, req->to->display));
	}
	sip_msg_destroy(dst);
	sip_msg_destroy(req);
}

/* RFC 4475 3.1.1.2: "This message exercises a wider range of characters in several key
 * syntactic elements than implementations usually see." - a clone keeps all of them. */
static void test_rfc4475_3_1_1_2_clone_keeps_every_row(void)
{
	struct sip_msg *req = intmeth(), *copy = NULL;

	if (req != NULL)
		CU_ASSERT_EQUAL(sip_msg_clone(req, &copy), 0);
	if (copy != NULL) {
		CU_ASSERT_PTR_NULL(msgtest_diff(copy, req));
		CU_ASSERT_TRUE(row_is(copy, SIP_HDR_TO, INTMETH_TO, INTMETH_TO_LEN));
	}
	sip_msg_destroy(copy);
	sip_msg_destroy(req);
}

/* sip_msg_hdr_add_len: every byte of `len` is the value; a value that does not parse
 * for its header is refused and the message is left as it was. */
static void test_impl_hdr_add_len_takes_bytes_not_a_string(void)
{
	struct sip_msg *m = NULL;

	CU_ASSERT_EQUAL_FATAL(sip_msg_create_request("OPTIONS", "sip:a@example.com", &m), 0);
	/* the first 6 bytes only: "\"b\\\0b\"" is a whole quoted display name */
	CU_ASSERT_EQUAL(sip_msg_hdr_add_len(m, SIP_HDR_TO, NUL_TO, 5), EBADMSG);
	CU_ASSERT_EQUAL(m->rows[SIP_HDR_TO], 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add_len(m, SIP_HDR_TO, NUL_TO, sizeof(NUL_TO) - 1), 0);
	CU_ASSERT_TRUE(row_is(m, SIP_HDR_TO, NUL_TO, sizeof(NUL_TO) - 1));
	CU_ASSERT_TRUE(m->to != NULL && m->to->display.len == 4);
	CU_ASSERT_EQUAL(sip_msg_hdr_add_len(m, SIP_HDR_OTHER, "x", 1), EINVAL);
	CU_ASSERT_EQUAL(sip_msg_hdr_add_len(m, SIP_HDR_CALL_ID, NULL, 0), EINVAL);
	sip_msg_destroy(m);
}

/* RFC3261 12.2.1.1: "If the value of the remote or local tags is null, the tag parameter
 * MUST be omitted from the To or From header fields, respectively."
 * sip_msg_hdr_add_tagged writes the name-addr by length (its NUL kept), then ";tag=" and
 * the tag, or no tag parameter at all for a null or empty tag. */
static void test_rfc3261_12_2_1_1_tagged_row_omits_a_null_tag(void)
{
	static const char tagged[] = "\"b\\\0b\" <sip:bob@192.0.2.9>;tag=7x";
	struct sip_msg *m = NULL;

	CU_ASSERT_EQUAL_FATAL(sip_msg_create_request("OPTIONS", "sip:a@example.com", &m), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add_tagged(m, SIP_HDR_TO, NUL_TO, sizeof(NUL_TO) - 1, "7x"), 0);
	CU_ASSERT_TRUE(row_is(m, SIP_HDR_TO, tagged, sizeof(tagged) - 1));
	CU_ASSERT_TRUE(m->to != NULL && msgtest_is(m->to->tag, "7x"));
	CU_ASSERT_EQUAL(sip_msg_hdr_add_tagged(m, SIP_HDR_FROM, NUL_TO, sizeof(NUL_TO) - 1, ""), 0);
	CU_ASSERT_TRUE(row_is(m, SIP_HDR_FROM, NUL_TO, sizeof(NUL_TO) - 1));
	CU_ASSERT_TRUE(m->from != NULL && m->from->tag.p == NULL);
	CU_ASSERT_EQUAL(sip_msg_hdr_add_tagged(m, SIP_HDR_OTHER, "x", 1, "7x"), EINVAL);
	CU_ASSERT_EQUAL(sip_msg_hdr_add_tagged(m, SIP_HDR_TO, NULL, 0, "7x"), EINVAL);
	sip_msg_destroy(m);
}

/* ---- ACK and CANCEL of the INVITE client transaction ---------------------------------- */

static struct tsxtest T;

static void setup(void)
{
	CU_ASSERT_EQUAL(tsxtest_init(&T, NULL, NULL), 0);
}

static void teardown(void)
{
	tsxtest_fini(&T);
}

/* Sends an INVITE whose To and From display names hold a NUL; returns its ICT. */
static struct sip_tsx *start_invite(void)
{
	struct sip_msg *inv = NULL;
	struct sip_dest dst = tsxtest_dest(SIP_PROTO_UDP, TSXTEST_PEER);
	struct sip_tsx_handler h = tsxtest_handler(&T);
	struct sip_tsx *tsx = NULL;

	CU_ASSERT_EQUAL(sip_msg_create_request("INVITE", "sip:bob@192.0.2.9", &inv), 0);
	if (inv == NULL)
		return NULL;
	CU_ASSERT_EQUAL(sip_msg_hdr_add(inv, SIP_HDR_MAX_FORWARDS, "70"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add_len(inv, SIP_HDR_TO, NUL_TO, sizeof(NUL_TO) - 1), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add_len(inv, SIP_HDR_FROM, NUL_FROM, sizeof(NUL_FROM) - 1), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(inv, SIP_HDR_CALL_ID, "nul-1@192.0.2.1"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(inv, SIP_HDR_CSEQ, "1 INVITE"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(inv, SIP_HDR_CONTACT, "<sip:alice@192.0.2.1>"), 0);
	CU_ASSERT_EQUAL(sip_tsx_request(T.layer, inv, &dst, &h, &tsx), 0);
	sip_msg_destroy(inv);
	return tsx;
}

/* The peer answers the INVITE (sent message 0) with `status`, To tag "99sa0xk". */
static void answer(int status)
{
	struct sip_msg *inv = tsxtest_sent_msg(&T, 0), *resp = NULL;
	char *text = NULL;
	size_t len = 0, used = 0;

	if (inv != NULL)
		CU_ASSERT_EQUAL(sip_msg_create_response(inv, status, NULL, "99sa0xk", &resp), 0);
	if (resp != NULL)
		CU_ASSERT_EQUAL(sip_msg_print_alloc(resp, &text, &len), 0);
	if (text != NULL)
		CU_ASSERT_EQUAL(tsxtest_recv_bytes(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0, text, len,
						   &used), 0);
	free(text);
	sip_msg_destroy(resp);
	sip_msg_destroy(inv);
}

/* RFC3261 17.1.1.3: "The ACK request constructed by the client transaction MUST contain
 * values for the Call-ID, From, and Request-URI that are equal to the values of those
 * header fields in the request passed to the transport by the client transaction" ...
 * "The To header field in the ACK MUST equal the To header field in the response being
 * acknowledged" */
static void test_rfc3261_17_1_1_3_ack_keeps_nul_bytes_of_to_and_from(void)
{
	struct sip_msg *inv, *ack;

	CU_ASSERT_PTR_NOT_NULL(start_invite());
	answer(486);
	CU_ASSERT_EQUAL(T.nsent, 2);
	inv = tsxtest_sent_msg(&T, 0);
	ack = T.nsent == 2 ? tsxtest_sent_msg(&T, 1) : NULL;
	if (inv != NULL && ack != NULL) {
		CU_ASSERT_EQUAL(ack->method, SIP_METHOD_ACK);
		CU_ASSERT_TRUE(same_row(ack, inv, SIP_HDR_FROM));
		CU_ASSERT_TRUE(row_is(ack, SIP_HDR_FROM, NUL_FROM, sizeof(NUL_FROM) - 1));
		CU_ASSERT_TRUE(sip_str_eq(ack->to->display, inv->to->display));
		CU_ASSERT_TRUE(sip_str_eq_c(ack->to->tag, "99sa0xk"));
		CU_ASSERT_TRUE(same_row(ack, inv, SIP_HDR_VIA));
	}
	sip_msg_destroy(ack);
	sip_msg_destroy(inv);
}

/* RFC3261 9.1: "The Request-URI, Call-ID, To, the numeric part of CSeq, and From header
 * fields in the CANCEL request MUST be identical to those in the request being
 * cancelled, including tags." */
static void test_rfc3261_9_1_cancel_keeps_nul_bytes_of_to_and_from(void)
{
	struct sip_tsx *ict = start_invite();
	struct sip_msg *inv, *cancel;

	answer(180);
	CU_ASSERT_EQUAL(ict != NULL ? sip_tsx_cancel(ict, NULL, NULL) : -1, 0);
	CU_ASSERT_EQUAL(T.nsent, 2);
	inv = tsxtest_sent_msg(&T, 0);
	cancel = T.nsent == 2 ? tsxtest_sent_msg(&T, 1) : NULL;
	if (inv != NULL && cancel != NULL) {
		CU_ASSERT_EQUAL(cancel->method, SIP_METHOD_CANCEL);
		CU_ASSERT_TRUE(row_is(cancel, SIP_HDR_TO, NUL_TO, sizeof(NUL_TO) - 1));
		CU_ASSERT_TRUE(row_is(cancel, SIP_HDR_FROM, NUL_FROM, sizeof(NUL_FROM) - 1));
		CU_ASSERT_TRUE(same_row(cancel, inv, SIP_HDR_VIA));
		CU_ASSERT_TRUE(same_row(cancel, inv, SIP_HDR_CALL_ID));
	}
	sip_msg_destroy(cancel);
	sip_msg_destroy(inv);
}

static const struct th_test copy_tests[] = {
	TH_TEST(test_rfc4475_3_1_1_2_response_keeps_the_nul_byte),
	TH_TEST(test_rfc4475_3_1_1_2_response_parses_after_printing),
	TH_TEST(test_rfc4475_3_1_1_2_hdr_copy_keeps_the_nul_byte),
	TH_TEST(test_rfc4475_3_1_1_2_clone_keeps_every_row),
	TH_TEST(test_impl_hdr_add_len_takes_bytes_not_a_string),
	TH_TEST(test_rfc3261_12_2_1_1_tagged_row_omits_a_null_tag),
	TH_END
};

static const struct th_test tsx_tests[] = {
	TH_TEST(test_rfc3261_17_1_1_3_ack_keeps_nul_bytes_of_to_and_from),
	TH_TEST(test_rfc3261_9_1_cancel_keeps_nul_bytes_of_to_and_from),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 8.2.6.2 Responses and copies keep every byte (RFC 4475 3.1.1.2)", copy_tests,
	  NULL, NULL },
	{ "RFC3261 17.1.1.3 / 9.1 ACK and CANCEL keep every byte", tsx_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
