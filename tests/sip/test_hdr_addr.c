/* tests/sip/test_hdr_addr.c - From, To, Contact, Route, Record-Route (RFC 3261 §20.10,
 * §20.20, §20.30, §20.34, §20.39, §25: name-addr, addr-spec, display-name). */
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

/* RFC3261 20.20: "From: "A. G. Bell" <sip:agb@bell-telephone.com> ;tag=a48s" and
 * "From: sip:+12125551212@server.phone2net.com;tag=887s" */
static void test_rfc3261_20_20_from_name_addr_and_addr_spec(void)
{
	struct sip_msg *m = msgtest_with_rows("From: \"A. G. Bell\" <sip:agb@bell-telephone.com> ;tag=a48s\r\n"
					      "To: sip:+12125551212@server.phone2net.com;tag=887s\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->from->display, "A. G. Bell"));
	CU_ASSERT_TRUE(m->from->display_quoted);
	CU_ASSERT_TRUE(msgtest_is(m->from->uri.user, "agb"));
	CU_ASSERT_TRUE(msgtest_is(m->from->tag, "a48s"));
	CU_ASSERT_TRUE(msgtest_is(m->from->text, "\"A. G. Bell\" <sip:agb@bell-telephone.com> ;tag=a48s"));
	CU_ASSERT_PTR_NULL(m->to->display.p);
	CU_ASSERT_TRUE(msgtest_is(m->to->uri.user, "+12125551212"));
	CU_ASSERT_TRUE(msgtest_is(m->to->tag, "887s"));
	sip_msg_destroy(m);
}

/* RFC3261 20: "If the URI is not enclosed in angle brackets, any semicolon-delimited
 * parameters are header-parameters, not URI parameters." */
static void test_rfc3261_20_unbracketed_params_belong_to_header(void)
{
	struct sip_msg *m = msgtest_with_rows("To: sip:bob@biloxi.com;tag=1;user=phone\r\n"
					      "From: <sip:alice@atlanta.com;user=phone>;tag=2\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->to->uri.params.len, 0);
	CU_ASSERT_PTR_NULL(m->to->uri.user_param.p);
	CU_ASSERT_TRUE(msgtest_is(m->to->params, "tag=1;user=phone"));
	CU_ASSERT_TRUE(msgtest_is(m->from->uri.user_param, "phone"));
	CU_ASSERT_TRUE(msgtest_is(m->from->tag, "2"));
	sip_msg_destroy(m);
}

/* RFC3261 20: "Even if the "display-name" is empty, the "name-addr" form MUST be used
 * if the "addr-spec" contains a comma, semicolon, or question mark." */
static void test_rfc3261_20_addr_spec_with_headers_must_be_bracketed(void)
{
	CU_ASSERT_TRUE(rejected("To: sip:bob@biloxi.com?subject=x\r\n"));
	CU_ASSERT_TRUE(rejected("Contact: http://www.example.com/a?b\r\n"));
	/* a ';' in the user part outside <> starts a parameter: "tag" is left with
	 * "@host" after it, not a token */
	CU_ASSERT_TRUE(rejected("To: sip:a;b=c@biloxi.com\r\n"));
}

/* RFC3261 25: display-name = *(token LWS) / quoted-string; quoted-pair escapes.
 * RFC4475 3.1.1.6 tolerates no LWS before "<". */
static void test_rfc3261_25_display_names(void)
{
	struct sip_msg *m = msgtest_with_rows("From: Bob  Smith <sip:bob@biloxi.com>;tag=1\r\n"
					      "To: \"\\\"Q\\\" \\\\ x\"<sip:q@biloxi.com>\r\n"
					      "Contact: caller<sip:c@h.example.com>, \"\" <sip:d@h.example.com>\r\n", NULL);
	char buf[32];
	size_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->from->display, "Bob  Smith"));
	CU_ASSERT_FALSE(m->from->display_quoted);
	CU_ASSERT_TRUE(msgtest_is(m->to->display, "\\\"Q\\\" \\\\ x"));
	CU_ASSERT_EQUAL(sip_str_unquote(m->to->display, buf, sizeof(buf), &n), 0);
	CU_ASSERT_STRING_EQUAL(buf, "\"Q\" \\ x");
	CU_ASSERT_TRUE(msgtest_is(m->contact->display, "caller"));
	CU_ASSERT_TRUE(m->contact->next->display_quoted);
	CU_ASSERT_EQUAL(m->contact->next->display.len, 0);
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("To: Watson, Thomas <sip:t@example.org>\r\n"));
	CU_ASSERT_TRUE(rejected("To: \"Unterminated <sip:t@example.org>\r\n"));
	CU_ASSERT_TRUE(rejected("To: \"a\" sip:t@example.org\r\n"));
	CU_ASSERT_TRUE(rejected("To: <sip:t@example.org\r\n"));
	CU_ASSERT_TRUE(rejected("To: < sip:t@example.org>\r\n"));
	CU_ASSERT_TRUE(rejected("To: <sip:t@example.org >\r\n"));
	CU_ASSERT_TRUE(rejected("To: <sip:t@example.org>x\r\n"));
	CU_ASSERT_TRUE(rejected("To: \r\n"));
}

/* RFC3261 20.10: "Contact: "Mr. Watson" <sip:watson@worcester.bell-telephone.com>
 * ;q=0.7; expires=3600, "Mr. Watson" <mailto:watson@bell-telephone.com> ;q=0.1" */
static void test_rfc3261_20_10_contact_list_q_expires(void)
{
	struct sip_msg *m = msgtest_with_rows(
		"Contact: \"Mr. Watson\" <sip:watson@worcester.bell-telephone.com>\r\n"
		"  ;q=0.7; expires=3600,\r\n"
		"  \"Mr. Watson\" <mailto:watson@bell-telephone.com> ;q=0.1\r\n"
		"m: <sips:w@h.example.com>;q=1;expires=x\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const struct sip_addr *c = m->contact;

	CU_ASSERT_EQUAL(c->q, 700);
	CU_ASSERT_EQUAL(c->expires, 3600);
	CU_ASSERT_EQUAL(c->next->q, 100);
	CU_ASSERT_EQUAL(c->next->expires, -1);
	CU_ASSERT_EQUAL(c->next->uri.scheme, SIP_URI_OTHER);
	CU_ASSERT_TRUE(msgtest_is(c->next->uri.scheme_name, "mailto"));
	CU_ASSERT_EQUAL(c->next->next->q, 1000);
	/* RFC3261 10.2.1.1: "Malformed values SHOULD be treated as equivalent to 3600." */
	CU_ASSERT_EQUAL(c->next->next->expires, 3600);
	CU_ASSERT_PTR_NULL(c->next->next->next);
	sip_msg_destroy(m);
}

/* RFC3261 25: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) */
static void test_rfc3261_25_qvalue_grammar(void)
{
	struct sip_msg *m = msgtest_with_rows("Contact: <sip:a@b.com>;q=0, <sip:c@b.com>;q=0.001, "
					      "<sip:d@b.com>;q=1.000, <sip:e@b.com>;q=0.\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->contact->q, 0);
	CU_ASSERT_EQUAL(m->contact->next->q, 1);
	CU_ASSERT_EQUAL(m->contact->next->next->q, 1000);
	CU_ASSERT_EQUAL(m->contact->next->next->next->q, 0);
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("Contact: <sip:a@b.com>;q=1.5\r\n"));
	CU_ASSERT_TRUE(rejected("Contact: <sip:a@b.com>;q=2\r\n"));
	CU_ASSERT_TRUE(rejected("Contact: <sip:a@b.com>;q=0.1234\r\n"));
	CU_ASSERT_TRUE(rejected("Contact: <sip:a@b.com>;q=.5\r\n"));
	CU_ASSERT_TRUE(rejected("Contact: <sip:a@b.com>;q\r\n"));
}

/* RFC3261 10.2.2: "Contact: *" removes all bindings; the STAR is allowed only alone
 * (§20.10: ( STAR / (contact-param *(COMMA contact-param)))). */
static void test_rfc3261_10_2_2_contact_star(void)
{
	struct sip_msg *m = msgtest_with_rows("Contact: *\r\nExpires: 0\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(m->contact->star);
	CU_ASSERT_PTR_NULL(m->contact->next);
	CU_ASSERT_EQUAL(m->expires, 0);
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("Contact: *, <sip:a@b.com>\r\n"));
	CU_ASSERT_TRUE(rejected("Contact: <sip:a@b.com>, *\r\n"));
}

/* RFC3261 20.30 / 20.34: "Record-Route: <sip:server10.biloxi.com;lr>,
 * <sip:bigbox3.site3.atlanta.com;lr>"; route-param = name-addr *( SEMI rr-param ):
 * the brackets are required. */
static void test_rfc3261_20_34_route_and_record_route(void)
{
	struct sip_msg *m = msgtest_with_rows(
		"Record-Route: <sip:server10.biloxi.com;lr>,\r\n <sip:bigbox3.site3.atlanta.com;lr>\r\n"
		"Route: <sip:p1.example.com;lr>;x=1\r\nRoute: <sip:p2.example.com>\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->record_route->uri.host, "server10.biloxi.com"));
	CU_ASSERT_TRUE(m->record_route->uri.lr);
	CU_ASSERT_TRUE(msgtest_is(m->record_route->next->uri.host, "bigbox3.site3.atlanta.com"));
	CU_ASSERT_TRUE(msgtest_is(m->route->uri.host, "p1.example.com"));
	CU_ASSERT_TRUE(msgtest_is(m->route->params, "x=1"));
	CU_ASSERT_TRUE(msgtest_is(m->route->next->uri.host, "p2.example.com"));
	CU_ASSERT_FALSE(m->route->next->uri.lr);
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("Route: sip:p1.example.com;lr\r\n"));
	CU_ASSERT_TRUE(rejected("Record-Route: <sip:a.example.com>,\r\n"));
}

/* RFC3261 20.39: "To: The Operator <sip:operator@cs.columbia.edu>;tag=287447"; tag-param
 * = "tag" EQUAL token. */
static void test_rfc3261_20_39_to_tag_is_a_token(void)
{
	struct sip_msg *m = msgtest_with_rows("t: The Operator <sip:operator@cs.columbia.edu>;TAG=287447\r\n",
					      NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->to->display, "The Operator"));
	CU_ASSERT_TRUE(msgtest_is(m->to->tag, "287447"));
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("To: <sip:a@b.com>;tag=\"x\"\r\n"));
	CU_ASSERT_TRUE(rejected("To: <sip:a@b.com>;tag\r\n"));
	CU_ASSERT_TRUE(rejected("To: <sip:a@b.com>;tag=\r\n"));
	CU_ASSERT_TRUE(rejected("To: <sip:a@b.com>, <sip:c@b.com>\r\n"));
}

static const struct th_test addr_tests[] = {
	TH_TEST(test_rfc3261_20_20_from_name_addr_and_addr_spec),
	TH_TEST(test_rfc3261_20_39_to_tag_is_a_token),
	TH_TEST(test_rfc3261_20_unbracketed_params_belong_to_header),
	TH_TEST(test_rfc3261_20_addr_spec_with_headers_must_be_bracketed),
	TH_TEST(test_rfc3261_25_display_names),
	TH_END
};

static const struct th_test contact_tests[] = {
	TH_TEST(test_rfc3261_20_10_contact_list_q_expires),
	TH_TEST(test_rfc3261_25_qvalue_grammar),
	TH_TEST(test_rfc3261_10_2_2_contact_star),
	TH_END
};

static const struct th_test route_tests[] = {
	TH_TEST(test_rfc3261_20_34_route_and_record_route),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 20.20 From / 20.39 To (name-addr, addr-spec)", addr_tests, NULL, NULL },
	{ "RFC3261 20.10 Contact", contact_tests, NULL, NULL },
	{ "RFC3261 20.34 Route / 20.30 Record-Route", route_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
