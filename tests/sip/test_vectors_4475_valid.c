/* tests/sip/test_vectors_4475_valid.c - RFC 4475 §3.1.1, the valid torture messages.
 *
 * Each vector is the exact archive file (tests/vectors/rfc4475/), parsed with its
 * last byte before a PROT_NONE page.  Each must parse, pass sip_msg_validate,
 * survive print → parse with an equal model, and expose the fields the RFC names.
 */
#include "sip/msg.h"
#include "tests/sip/msgtest_util.h"
#include "tests/support/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses, validates and round-trips a valid vector; NULL (and a failed assert) if
 * any step fails. */
static struct sip_msg *valid(const char *name)
{
	size_t len;
	char *data = msgtest_load_4475(name, &len);
	struct sip_msg *m = NULL;
	struct sip_error err;

	CU_ASSERT_PTR_NOT_NULL(data);
	if (data == NULL)
		return NULL;
	int rc = msgtest_parse_guarded(data, len, &m, &err);

	free(data);
	CU_ASSERT_EQUAL(rc, 0);
	if (rc != 0) {
		printf("\n  %s: %u:%u %s\n", name, err.line, err.col, err.reason);
		return NULL;
	}
	rc = sip_msg_validate(m, &err);
	CU_ASSERT_EQUAL(rc, 0);
	if (rc != 0)
		printf("\n  %s: validate: %s\n", name, err.reason);
	const char *diff = msgtest_roundtrip(m);

	CU_ASSERT_PTR_NULL(diff);
	if (diff != NULL)
		printf("\n  %s: round trip: %s\n", name, diff);
	return m;
}

/* RFC4475 3.1.1.1: "This short, relatively human-readable message contains: line
 * folding all over ... All elements should treat this as a well-formed request." */
static void test_rfc4475_3_1_1_1_wsinv_tortuous_invite_is_well_formed(void)
{
	struct sip_msg *m = valid("wsinv.dat");

	if (m == NULL)
		return;
	CU_ASSERT_EQUAL(m->method, SIP_METHOD_INVITE);
	CU_ASSERT_TRUE(msgtest_is(m->ruri.params, "unknownparam"));
	/* "integer fields (Max-Forwards and CSeq) with leading zeros" */
	CU_ASSERT_EQUAL(m->max_forwards, 68);
	CU_ASSERT_EQUAL(m->cseq->seq, 9);
	CU_ASSERT_EQUAL(m->cseq->method, SIP_METHOD_INVITE);
	/* "LWS between colons, semicolons, header field values, and other fields" */
	CU_ASSERT_TRUE(msgtest_is(m->to->tag, "1918181833n"));
	CU_ASSERT_TRUE(msgtest_is(m->from->tag, "98asjd8"));
	/* "escaped characters within quotes" */
	CU_ASSERT_TRUE(msgtest_is(m->from->display, "J Rosenberg \\\\\\\""));
	/* "both comma separated and separately listed header field values":
	 * one Via row, then a compact row holding two values */
	CU_ASSERT_TRUE(msgtest_is(m->via->transport, "UDP"));
	CU_ASSERT_TRUE(msgtest_is(m->via->host, "192.0.2.2"));
	CU_ASSERT_TRUE(msgtest_is(m->via->branch, "390skdjuw"));
	CU_ASSERT_TRUE(msgtest_is(m->via->next->host, "spindle.example.com"));
	CU_ASSERT_TRUE(msgtest_is(m->via->next->branch, "z9hG4bK9ikj8"));
	CU_ASSERT_TRUE(msgtest_is(m->via->next->next->host, "192.168.255.111"));
	CU_ASSERT_TRUE(msgtest_is(m->via->next->next->branch, "z9hG4bK30239"));
	CU_ASSERT_PTR_NULL(m->via->next->next->next);
	/* "an empty subject" and "unknown header fields" kept verbatim */
	CU_ASSERT_TRUE(msgtest_is(sip_msg_hdr_get(m, "Subject")->value, ""));
	CU_ASSERT_TRUE(msgtest_is(sip_msg_hdr_get(m, "NewFangledHeader")->value,
				  "newfangled value   continued newfangled value"));
	CU_ASSERT_TRUE(msgtest_is(sip_msg_hdr_get(m, "UnknownHeaderWithUnusualValue")->value,
				  ";;,,;;,;"));
	/* "a uri parameter with no value" and "a header parameter with no value" */
	CU_ASSERT_TRUE(m->route->uri.lr);
	CU_ASSERT_TRUE(msgtest_is(m->contact->display, "Quoted string \\\"\\\""));
	CU_ASSERT_EQUAL(m->contact->q, 330);
	CU_ASSERT_TRUE(sip_param_find(m->contact->params, "secondparam", NULL));
	CU_ASSERT_EQUAL(m->body.len, 150);
	sip_msg_destroy(m);
}

/* RFC4475 3.1.1.2: "This message exercises a wider range of characters in several
 * key syntactic elements than implementations usually see." */
static void test_rfc4475_3_1_1_2_intmeth_wide_range_of_characters(void)
{
	struct sip_msg *m = valid("intmeth.dat");

	if (m == NULL)
		return;
	/* "A method of IN%56ITE is an unknown method." */
	CU_ASSERT_EQUAL(m->method, SIP_METHOD_OTHER);
	CU_ASSERT_TRUE(msgtest_is(m->method_name, "!interesting-Method0123456789_*+`.%indeed'~"));
	CU_ASSERT_TRUE(msgtest_is(m->ruri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*"));
	CU_ASSERT_TRUE(msgtest_is(m->ruri.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)"));
	CU_ASSERT_TRUE(msgtest_is(m->via->branch, "z9hG4bK-.!%66*_+`'~"));
	/* "The To header field value's quoted string contains quoted-pair expansions,
	 * including a quoted NULL character." */
	CU_ASSERT_EQUAL(m->to->display.len, 20);
	CU_ASSERT_EQUAL(memcmp(m->to->display.p, "BEL:\\\a NUL:\\\0 DEL:\\\x7f", 20), 0);
	/* "multiple tokens (instead of a quoted string)" as display name */
	CU_ASSERT_TRUE(msgtest_is(m->from->display, "token1~` token2'+_ token3*%!.-"));
	CU_ASSERT_TRUE(msgtest_is(m->from->tag, "_token~1'+`*%!-."));
	/* "% is not an escape character" and "None of ',` or " imply that there will be
	 * a matching symbol later in the string" */
	CU_ASSERT_TRUE(msgtest_is(m->call_id, "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{"));
	CU_ASSERT_EQUAL(m->cseq->method, SIP_METHOD_OTHER);
	CU_ASSERT_EQUAL(m->max_forwards, 255);
	CU_ASSERT_EQUAL(sip_msg_hdr_get(m, "extensionHeader-!.%*+_`'~")->value.len, 12);
	sip_msg_destroy(m);
}

/* RFC4475 3.1.1.3: "The application using the message must treat the % HEX HEX
 * expansions as equivalent to the character being encoded." */
static void test_rfc4475_3_1_1_3_esc01_escapes_kept_and_decodable(void)
{
	struct sip_msg *m = valid("esc01.dat");
	char buf[64];
	size_t n;

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->ruri.user, "sips%3Auser%40example.com"));
	CU_ASSERT_EQUAL(sip_str_unescape(m->ruri.user, buf, sizeof(buf), &n), 0);
	CU_ASSERT_STRING_EQUAL(buf, "sips:user@example.com");
	CU_ASSERT_EQUAL(sip_str_unescape(m->to->uri.user, buf, sizeof(buf), &n), 0);
	CU_ASSERT_STRING_EQUAL(buf, "user");
	CU_ASSERT_EQUAL(sip_str_unescape(m->from->uri.user, buf, sizeof(buf), &n), 0);
	CU_ASSERT_STRING_EQUAL(buf, "I have spaces");
	/* ";%6C%72" is the lr parameter; "the "name" uri-parameter has a value of
	 * "value%41", which is NOT equivalent to "valueA"" */
	CU_ASSERT_TRUE(m->contact->uri.lr);
	struct sip_str v;

	CU_ASSERT_TRUE(sip_uri_param(&m->contact->uri, "name", &v));
	CU_ASSERT_EQUAL(sip_str_unescape(v, buf, sizeof(buf), &n), 0);
	CU_ASSERT_STRING_EQUAL(buf, "value%41");
	sip_msg_destroy(m);
}

/* RFC4475 3.1.1.4: "Implementations must take special care when unescaping the
 * Address-of-Record (AOR) in this request so as to not prematurely shorten the
 * username.  This request registers two distinct contact URIs." */
static void test_rfc4475_3_1_1_4_escnull_escaped_nulls_not_cut_short(void)
{
	struct sip_msg *m = valid("escnull.dat");
	char buf[32];
	size_t n;

	if (m == NULL)
		return;
	CU_ASSERT_EQUAL(sip_str_unescape(m->to->uri.user, buf, sizeof(buf), &n), 0);
	CU_ASSERT_EQUAL(n, 11);
	CU_ASSERT_EQUAL(memcmp(buf, "null-\0-null", 11), 0);
	CU_ASSERT(m->contact != NULL && m->contact->next != NULL);
	if (m->contact != NULL && m->contact->next != NULL) {
		CU_ASSERT_FALSE(sip_uri_equal(&m->contact->uri, &m->contact->next->uri));
		CU_ASSERT_PTR_NULL(m->contact->next->next);
	}
	CU_ASSERT_EQUAL(m->content_length, 0);
	sip_msg_destroy(m);
}

/* RFC4475 3.1.1.5: "This message has two Contact header field values, not three.
 * <sip:alias2@host2.example.com> is a C%6Fntact header field value." */
static void test_rfc4475_3_1_1_5_esc02_percent_is_not_an_escape_everywhere(void)
{
	struct sip_msg *m = valid("esc02.dat");

	if (m == NULL)
		return;
	/* "The request method is unknown.  It is NOT equivalent to REGISTER." */
	CU_ASSERT_EQUAL(m->method, SIP_METHOD_OTHER);
	CU_ASSERT_TRUE(msgtest_is(m->to->display, "%Z%45"));
	CU_ASSERT(m->contact != NULL && m->contact->next != NULL);
	if (m->contact != NULL && m->contact->next != NULL) {
		CU_ASSERT_TRUE(msgtest_is(m->contact->uri.host, "host1.example.com"));
		CU_ASSERT_TRUE(msgtest_is(m->contact->next->uri.host, "host3.example.com"));
		CU_ASSERT_PTR_NULL(m->contact->next->next);
	}
	CU_ASSERT_TRUE(msgtest_is(sip_msg_hdr_get(m, "C%6Fntact")->value,
				  "<sip:alias2@host2.example.com>"));
	sip_msg_destroy(m);
}

/* RFC4475 3.1.1.6: "This has been identified as a specification bug that will be
 * removed when RFC 3261 is revised.  Elements should accept this request as well
 * formed." */
static void test_rfc4475_3_1_1_6_lwsdisp_no_lws_before_laquot(void)
{
	struct sip_msg *m = valid("lwsdisp.dat");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->from->display, "caller"));
	CU_ASSERT_TRUE(msgtest_is(m->from->uri.user, "caller"));
	sip_msg_destroy(m);
}

/* RFC4475 3.1.1.7: "This well-formed request contains header fields with many
 * values and values that are very long." */
static void test_rfc4475_3_1_1_7_longreq_long_values(void)
{
	struct sip_msg *m = valid("longreq.dat");
	int vias = 0;

	if (m == NULL)
		return;
	for (const struct sip_via *v = m->via; v != NULL; v = v->next)
		vias++;
	CU_ASSERT_EQUAL(vias, 34);
	CU_ASSERT_EQUAL(m->from->tag.len, 155);
	CU_ASSERT_EQUAL(m->to->uri.port, 6000);
	/* the last Via: branch=very<repeat count=50>long</repeat>branchvalue */
	const struct sip_via *last = m->via;
	char branch[300] = "very";

	while (last->next != NULL)
		last = last->next;
	for (int i = 0; i < 50; i++)
		strcat(branch, "long");
	strcat(branch, "branchvalue");
	CU_ASSERT_TRUE(msgtest_is(last->branch, branch));
	CU_ASSERT_TRUE(msgtest_is(last->received, "192.0.2.5"));
	CU_ASSERT_TRUE(msgtest_is(m->call_id, "longreq.onereallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallylongcallid"));
	sip_msg_destroy(m);
}

/* RFC4475 3.1.1.8: "The packet contains extra octets after the body (which in this
 * case has zero length) ... they are just spurious noise that must be ignored." */
static void test_rfc4475_3_1_1_8_dblreq_extra_octets_ignored(void)
{
	struct sip_msg *m = valid("dblreq.dat");

	if (m == NULL)
		return;
	CU_ASSERT_EQUAL(m->method, SIP_METHOD_REGISTER);
	CU_ASSERT_EQUAL(m->body.len, 0);
	CU_ASSERT_EQUAL(m->hdr_count, 8);
	CU_ASSERT_TRUE(msgtest_is(m->call_id, "dblreq.0ha0isndaksdj99sdfafnl3lk233412"));
	sip_msg_destroy(m);
}

/* RFC4475 3.1.1.9: "The Request-URI will parse so that the user part is
 * "user;par=u@example.net"." */
static void test_rfc4475_3_1_1_9_semiuri_semicolon_in_user_part(void)
{
	struct sip_msg *m = valid("semiuri.dat");
	char buf[64];
	size_t n;

	if (m == NULL)
		return;
	CU_ASSERT_EQUAL(sip_str_unescape(m->ruri.user, buf, sizeof(buf), &n), 0);
	CU_ASSERT_STRING_EQUAL(buf, "user;par=u@example.net");
	CU_ASSERT_TRUE(msgtest_is(m->ruri.host, "example.com"));
	CU_ASSERT_EQUAL(m->ruri.params.len, 0);
	sip_msg_destroy(m);
}

/* RFC4475 3.1.1.10: "Parsers must accept this message as well formed." (Via values
 * with all known transport types and an unknown one) */
static void test_rfc4475_3_1_1_10_transports_unknown_transport_accepted(void)
{
	static const char *const want[] = { "UDP", "SCTP", "TLS", "UNKNOWN", "TCP" };
	struct sip_msg *m = valid("transports.dat");
	const struct sip_via *v;
	int i = 0;

	if (m == NULL)
		return;
	for (v = m->via; v != NULL && i < 5; v = v->next, i++)
		CU_ASSERT_TRUE(msgtest_is(v->transport, want[i]));
	CU_ASSERT_EQUAL(i, 5);
	CU_ASSERT_PTR_NULL(v);
	sip_msg_destroy(m);
}

/* RFC4475 3.1.1.11: "The second part is binary encoded and contains null (0x00)
 * characters.  Receivers must take care to frame the received message properly." */
static void test_rfc4475_3_1_1_11_mpart01_binary_body_framed_by_length(void)
{
	struct sip_msg *m = valid("mpart01.dat");

	if (m == NULL)
		return;
	CU_ASSERT_EQUAL(m->body.len, 553);
	CU_ASSERT_PTR_NOT_NULL(memchr(m->body.p, '\0', m->body.len));
	CU_ASSERT_TRUE(msgtest_is(m->content_type->type, "multipart"));
	CU_ASSERT_TRUE(msgtest_is(m->content_type->params, "boundary=7a9cbec02ceef655"));
	CU_ASSERT_EQUAL(m->via->rport, 0);
	CU_ASSERT_EQUAL(memcmp(m->body.p + m->body.len - 22, "--7a9cbec02ceef655--\r\n", 22), 0);
	sip_msg_destroy(m);
}

/* RFC4475 3.1.1.12: "This response is well formed.  A parser must accept this
 * message." (a Reason-Phrase with UTF-8) */
static void test_rfc4475_3_1_1_12_unreason_utf8_reason_phrase(void)
{
	struct sip_msg *m = valid("unreason.dat");

	if (m == NULL)
		return;
	CU_ASSERT_FALSE(m->is_request);
	CU_ASSERT_EQUAL(m->status, 200);
	/* the phrase as the RFC prints it: "= 2**3 * 5**2 " then the <hex> octets */
	static const char hex[] = "D0BDD0BE20D181D182D0BE20D0B4D0B5D0B2D18FD0BDD0BED181D182D0BE20"
				  "D0B4D0B5D0B2D18FD182D18C202D20D0BFD180D0BED181D182D0BED0B5";
	char want[128] = "= 2**3 * 5**2 ";
	size_t n = strlen(want);

	for (size_t i = 0; i + 1 < sizeof(hex); i += 2) {
		unsigned byte;

		sscanf(hex + i, "%2x", &byte);
		want[n++] = (char)byte;
	}
	CU_ASSERT_EQUAL(m->reason.len, n);
	CU_ASSERT_EQUAL(memcmp(m->reason.p, want, n), 0);
	sip_msg_destroy(m);
}

/* RFC4475 3.1.1.13: "This well-formed response contains no reason phrase.  A parser
 * must accept this message." */
static void test_rfc4475_3_1_1_13_noreason_empty_reason_phrase(void)
{
	struct sip_msg *m = valid("noreason.dat");

	if (m == NULL)
		return;
	CU_ASSERT_EQUAL(m->status, 100);
	CU_ASSERT_EQUAL(m->reason.len, 0);
	sip_msg_destroy(m);
}

static const struct th_test valid_tests[] = {
	TH_TEST(test_rfc4475_3_1_1_1_wsinv_tortuous_invite_is_well_formed),
	TH_TEST(test_rfc4475_3_1_1_2_intmeth_wide_range_of_characters),
	TH_TEST(test_rfc4475_3_1_1_3_esc01_escapes_kept_and_decodable),
	TH_TEST(test_rfc4475_3_1_1_4_escnull_escaped_nulls_not_cut_short),
	TH_TEST(test_rfc4475_3_1_1_5_esc02_percent_is_not_an_escape_everywhere),
	TH_TEST(test_rfc4475_3_1_1_6_lwsdisp_no_lws_before_laquot),
	TH_TEST(test_rfc4475_3_1_1_7_longreq_long_values),
	TH_TEST(test_rfc4475_3_1_1_8_dblreq_extra_octets_ignored),
	TH_TEST(test_rfc4475_3_1_1_9_semiuri_semicolon_in_user_part),
	TH_TEST(test_rfc4475_3_1_1_10_transports_unknown_transport_accepted),
	TH_TEST(test_rfc4475_3_1_1_11_mpart01_binary_body_framed_by_length),
	TH_TEST(test_rfc4475_3_1_1_12_unreason_utf8_reason_phrase),
	TH_TEST(test_rfc4475_3_1_1_13_noreason_empty_reason_phrase),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC4475 3.1.1 Valid Messages", valid_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
