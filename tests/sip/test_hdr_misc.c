/* tests/sip/test_hdr_misc.c - the small typed headers and header names (RFC 3261
 * §7.3.1, §7.3.3, §20: Call-ID, CSeq, Max-Forwards, Content-Length, Expires,
 * Content-Type, Allow, Supported, Require, Proxy-Require, Unsupported, unknown). */
#include "sip/msg.h"
#include "tests/sip/msgtest_util.h"
#include "tests/support/harness.h"

#include <string.h>

static int rejected(const char *rows)
{
	struct sip_error err;
	struct sip_msg *m = msgtest_with_rows(rows, &err);

	sip_msg_destroy(m);
	return m == NULL && err.status == 400 && err.reason != NULL;
}

/* RFC3261 7.3.3: "Implementations MUST accept both the long and short forms of each
 * header name." */
static void test_rfc3261_7_3_3_compact_forms(void)
{
	static const struct { const char *name; enum sip_hdr_id id; } forms[] = {
		{ "i", SIP_HDR_CALL_ID }, { "m", SIP_HDR_CONTACT }, { "e", SIP_HDR_CONTENT_ENCODING },
		{ "l", SIP_HDR_CONTENT_LENGTH }, { "c", SIP_HDR_CONTENT_TYPE }, { "f", SIP_HDR_FROM },
		{ "s", SIP_HDR_SUBJECT }, { "k", SIP_HDR_SUPPORTED }, { "t", SIP_HDR_TO },
		{ "v", SIP_HDR_VIA }, { "R", SIP_HDR_REFER_TO }, { "V", SIP_HDR_VIA },
	};

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		CU_ASSERT_EQUAL(sip_hdr_lookup(forms[i].name, 1), forms[i].id);
	CU_ASSERT_EQUAL(sip_hdr_lookup("x", 1), SIP_HDR_OTHER);
	CU_ASSERT_EQUAL(sip_hdr_lookup("1", 1), SIP_HDR_OTHER);
}

/* RFC3261 7.3.1: "When comparing header fields, field names are always
 * case-insensitive."  Every §20 name, written in three cases, finds its id; near
 * misses do not. */
static void test_impl_hdr_lookup_finds_every_name(void)
{
	for (int id = 1; id < SIP_HDR_ID_COUNT; id++) {
		const char *name = sip_hdr_name((enum sip_hdr_id)id);
		char up[32], low[32];
		size_t n = strlen(name);

		for (size_t i = 0; i <= n; i++) {
			up[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
			low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
		}
		CU_ASSERT_EQUAL(sip_hdr_lookup(name, n), (enum sip_hdr_id)id);
		CU_ASSERT_EQUAL(sip_hdr_lookup(up, n), (enum sip_hdr_id)id);
		CU_ASSERT_EQUAL(sip_hdr_lookup(low, n), (enum sip_hdr_id)id);
		if (n - 1 > 1)  /* "T" is the compact To */
			CU_ASSERT_EQUAL(sip_hdr_lookup(name, n - 1), SIP_HDR_OTHER);
		low[n - 1] = '_';
		CU_ASSERT_EQUAL(sip_hdr_lookup(low, n), SIP_HDR_OTHER);
	}
	CU_ASSERT_EQUAL(sip_hdr_lookup("X-Unknown-Header", 16), SIP_HDR_OTHER);
	CU_ASSERT_EQUAL(sip_hdr_lookup("Content-Lengthy", 15), SIP_HDR_OTHER);
	CU_ASSERT_EQUAL(sip_hdr_lookup("A-very-long-header-name-indeed", 30), SIP_HDR_OTHER);
	CU_ASSERT_PTR_NULL(sip_hdr_name(SIP_HDR_OTHER));
	CU_ASSERT_STRING_EQUAL(sip_hdr_name(SIP_HDR_CALL_ID), "Call-ID");
	CU_ASSERT_STRING_EQUAL(sip_hdr_name(SIP_HDR_WWW_AUTHENTICATE), "WWW-Authenticate");
}

/* RFC3261 7.3.1: "Subject: lunch / Subject : lunch / Subject :lunch ... the above
 * are all valid and equivalent"; unknown headers are kept verbatim. */
static void test_rfc3261_7_3_1_hcolon_spacing_and_unknown_headers(void)
{
	struct sip_msg *m = msgtest_with_rows("Subject:            lunch\r\nsubject      :      lunch\r\n"
					      "SUBJECT            :lunch\r\nX-Custom: a, b;c=\"d\" \r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	for (size_t i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(m->hdrs[i].id, SIP_HDR_SUBJECT);
		CU_ASSERT_TRUE(msgtest_is(m->hdrs[i].value, "lunch"));
	}
	CU_ASSERT_TRUE(msgtest_is(m->hdrs[1].name, "subject"));
	CU_ASSERT_EQUAL(m->rows[SIP_HDR_SUBJECT], 3);
	CU_ASSERT_EQUAL(sip_msg_hdr_find_name(m, "s", 0), 0u);
	CU_ASSERT_EQUAL(sip_msg_hdr_find_name(m, "Subject", 1), 1u);
	CU_ASSERT_TRUE(msgtest_is(sip_msg_hdr_get(m, "x-custom")->value, "a, b;c=\"d\""));
	CU_ASSERT_PTR_NULL(sip_msg_hdr_get(m, "X-Absent"));
	CU_ASSERT_EQUAL(sip_msg_hdr_find(m, SIP_HDR_VIA, 0), SIP_HDR_NONE);
	sip_msg_destroy(m);
}

/* RFC3261 25: header-value = *(TEXT-UTF8char / UTF8-CONT / LWS): no control
 * characters in a value, even one nobody types. */
static void test_rfc3261_25_control_characters_rejected_in_values(void)
{
	CU_ASSERT_TRUE(rejected("X-Custom: a\001b\r\n"));
	CU_ASSERT_TRUE(rejected("X-Custom: a\rb\r\n"));
	CU_ASSERT_TRUE(rejected("Subject: a\177\r\n"));
	/* and a NUL inside a value (not expressible in a C string) */
	static const char nul[] = "OPTIONS sip:b@example.com SIP/2.0\r\nX-Null: a\0b\r\n\r\n";
	struct sip_msg *m = NULL;
	struct sip_error err;

	CU_ASSERT_EQUAL(msgtest_parse_guarded(nul, sizeof(nul) - 1, &m, &err), EBADMSG);
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_EQUAL(err.col, 10);
}

/* RFC3261 20.8: "Call-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6@biloxi.com"; callid =
 * word [ "@" word ]. */
static void test_rfc3261_20_8_call_id_word_at_word(void)
{
	struct sip_msg *m = msgtest_with_rows("i: f81d4fae-7dec-11d0-a765-00a0c91e6bf6@biloxi.com\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->call_id, "f81d4fae-7dec-11d0-a765-00a0c91e6bf6@biloxi.com"));
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("Call-ID: a@b@c\r\n"));
	CU_ASSERT_TRUE(rejected("Call-ID: a b\r\n"));
	CU_ASSERT_TRUE(rejected("Call-ID: a@\r\n"));
	CU_ASSERT_TRUE(rejected("Call-ID: \r\n"));
}

/* RFC3261 20.16: "CSeq: 4711 INVITE"; CSeq = "CSeq" HCOLON 1*DIGIT LWS Method. */
static void test_rfc3261_20_16_cseq_number_and_method(void)
{
	struct sip_msg *m = msgtest_with_rows("CSeq: 4711 INVITE\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->cseq->seq, 4711);
	CU_ASSERT_EQUAL(m->cseq->method, SIP_METHOD_INVITE);
	CU_ASSERT_FALSE(m->cseq->seq_too_large);
	sip_msg_destroy(m);
	m = msgtest_with_rows("CSeq: 4294967295 FOO\r\n", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->cseq->seq, 4294967295u);
	CU_ASSERT_FALSE(m->cseq->seq_too_large);
	CU_ASSERT_EQUAL(m->cseq->method, SIP_METHOD_OTHER);
	sip_msg_destroy(m);
	m = msgtest_with_rows("CSeq: 4294967296 ACK\r\n", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(m->cseq->seq_too_large);
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("CSeq: INVITE\r\n"));
	CU_ASSERT_TRUE(rejected("CSeq: 1INVITE\r\n"));
	CU_ASSERT_TRUE(rejected("CSeq: 1\r\n"));
	CU_ASSERT_TRUE(rejected("CSeq: 1 INVITE x\r\n"));
	CU_ASSERT_TRUE(rejected("CSeq: -1 INVITE\r\n"));
}

/* RFC3261 25: Method = INVITEm / ACKm / ... / extension-method, the known ones in
 * caps: methods are case-sensitive. */
static void test_rfc3261_25_methods_case_sensitive(void)
{
	static const char *const known[] = { "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER",
					     "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO",
					     "REFER", "MESSAGE", "UPDATE" };

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		enum sip_method m = sip_method_lookup(sip_str_from_c(known[i]));

		CU_ASSERT_NOT_EQUAL(m, SIP_METHOD_OTHER);
		CU_ASSERT_STRING_EQUAL(sip_method_name(m), known[i]);
	}
	CU_ASSERT_EQUAL(sip_method_lookup(SIP_STR_LIT("invite")), SIP_METHOD_OTHER);
	CU_ASSERT_EQUAL(sip_method_lookup(SIP_STR_LIT("INVITES")), SIP_METHOD_OTHER);
	CU_ASSERT_EQUAL(sip_method_lookup(SIP_STR_LIT("IN")), SIP_METHOD_OTHER);
	CU_ASSERT_EQUAL(sip_method_lookup(SIP_STR_LIT("INFX")), SIP_METHOD_OTHER);
	CU_ASSERT_EQUAL(sip_method_lookup(SIP_STR_LIT("XYZZY")), SIP_METHOD_OTHER);
	CU_ASSERT_PTR_NULL(sip_method_name(SIP_METHOD_OTHER));
}

/* RFC3261 20.22: "The Max-Forwards value is an integer in the range 0-255"; 20.14
 * Content-Length and 20.19 Expires are 1*DIGIT. */
static void test_rfc3261_20_22_scalar_headers(void)
{
	struct sip_msg *m = msgtest_with_rows("Max-Forwards: 0070\r\nExpires: 99999999999\r\nl: 0\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->max_forwards, 70);
	/* RFC3261 20.19: "between 0 and (2**32)-1"; larger reads as the maximum */
	CU_ASSERT_EQUAL(m->expires, 4294967295LL);
	CU_ASSERT_EQUAL(m->content_length, 0);
	sip_msg_destroy(m);
	m = msgtest_with_rows("Max-Forwards: 99999999\r\n", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->max_forwards, 65535);
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("Max-Forwards: seventy\r\n"));
	CU_ASSERT_TRUE(rejected("Max-Forwards: 7 0\r\n"));
	CU_ASSERT_TRUE(rejected("Expires: Thu, 01 Dec 1994 16:00:00 GMT\r\n"));
	CU_ASSERT_TRUE(rejected("Content-Length: +5\r\n"));
	CU_ASSERT_TRUE(rejected("Content-Length:\r\n"));
}

/* RFC3261 20.15: "Content-Type: application/sdp" and "c: text/html;
 * charset=ISO-8859-4"; media-type = m-type SLASH m-subtype *(SEMI m-parameter). */
static void test_rfc3261_20_15_content_type(void)
{
	struct sip_msg *m = msgtest_with_rows("c: text / html; charset=ISO-8859-4 ;x=\"y z\"\r\n", NULL);
	struct sip_param prm;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->content_type->type, "text"));
	CU_ASSERT_TRUE(msgtest_is(m->content_type->subtype, "html"));
	CU_ASSERT_TRUE(sip_param_find(m->content_type->params, "CHARSET", &prm));
	CU_ASSERT_TRUE(msgtest_is(prm.value, "ISO-8859-4"));
	CU_ASSERT_TRUE(sip_param_find(m->content_type->params, "x", &prm));
	CU_ASSERT_TRUE(msgtest_is(prm.value, "\"y z\""));
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("Content-Type: application\r\n"));
	CU_ASSERT_TRUE(rejected("Content-Type: application/\r\n"));
	CU_ASSERT_TRUE(rejected("Content-Type: application/sdp;charset\r\n"));
	CU_ASSERT_TRUE(rejected("Content-Type: application/sdp x\r\n"));
}

/* RFC3261 20.5 / 20.37 / 20.32: "Allow: INVITE, ACK, OPTIONS, CANCEL, BYE",
 * "Supported: 100rel", "Require: 100rel"; Allow and Supported may be empty. */
static void test_rfc3261_20_37_option_tag_and_method_lists(void)
{
	struct sip_msg *m = msgtest_with_rows("Allow: INVITE, ACK,OPTIONS ,CANCEL, BYE\r\nk: 100rel\r\n"
					      "Supported: timer, path\r\nRequire: 100rel\r\n"
					      "Proxy-Require: foo\r\nUnsupported: bar, baz\r\n", NULL);
	int n = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	for (const struct sip_token *t = m->allow; t != NULL; t = t->next)
		n++;
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_TRUE(sip_token_list_has(m->allow, "OPTIONS"));
	CU_ASSERT_FALSE(sip_token_list_has(m->allow, "options"));
	CU_ASSERT_TRUE(sip_token_list_has(m->supported, "100rel"));
	CU_ASSERT_TRUE(sip_token_list_has(m->supported, "path"));
	CU_ASSERT_TRUE(sip_token_list_has(m->require, "100rel"));
	CU_ASSERT_TRUE(sip_token_list_has(m->proxy_require, "foo"));
	CU_ASSERT_TRUE(sip_token_list_has(m->unsupported, "baz"));
	sip_msg_destroy(m);
	m = msgtest_with_rows("Allow:\r\nSupported: \r\n", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_PTR_NULL(m->allow);
	CU_ASSERT_EQUAL(m->rows[SIP_HDR_ALLOW], 1);
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("Require:\r\n"));
	CU_ASSERT_TRUE(rejected("Allow: INVITE,, ACK\r\n"));
	CU_ASSERT_TRUE(rejected("Supported: a b\r\n"));
}

static const struct th_test name_tests[] = {
	TH_TEST(test_rfc3261_7_3_3_compact_forms),
	TH_TEST(test_impl_hdr_lookup_finds_every_name),
	TH_TEST(test_rfc3261_7_3_1_hcolon_spacing_and_unknown_headers),
	TH_TEST(test_rfc3261_25_control_characters_rejected_in_values),
	TH_END
};

static const struct th_test typed_tests[] = {
	TH_TEST(test_rfc3261_20_8_call_id_word_at_word),
	TH_TEST(test_rfc3261_20_16_cseq_number_and_method),
	TH_TEST(test_rfc3261_25_methods_case_sensitive),
	TH_TEST(test_rfc3261_20_22_scalar_headers),
	TH_TEST(test_rfc3261_20_15_content_type),
	TH_TEST(test_rfc3261_20_37_option_tag_and_method_lists),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 7.3 Header Fields (names, compact forms, values)", name_tests, NULL, NULL },
	{ "RFC3261 20 Header Fields (Call-ID, CSeq, scalars, Content-Type, lists)", typed_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
