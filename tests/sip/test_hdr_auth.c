/* tests/sip/test_hdr_auth.c - WWW-Authenticate, Proxy-Authenticate, Authorization,
 * Proxy-Authorization with their digest parameters (RFC 3261 §20.7, §20.27, §20.28,
 * §20.44, §25; RFC 2617 §3.2). */
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

/* RFC3261 20.44: "WWW-Authenticate: Digest realm="atlanta.com",
 * domain="sip:boxesbybob.com", qop="auth", nonce="f84f1cec41e6cbe5aea9c8e88d359",
 * opaque="", stale=FALSE, algorithm=MD5" */
static void test_rfc3261_20_44_www_authenticate_digest_challenge(void)
{
	struct sip_msg *m = msgtest_with_rows(
		"WWW-Authenticate: Digest realm=\"atlanta.com\",\r\n"
		"  domain=\"sip:boxesbybob.com\", qop=\"auth\",\r\n"
		"  nonce=\"f84f1cec41e6cbe5aea9c8e88d359\",\r\n"
		"  opaque=\"\", stale=FALSE, algorithm=MD5\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const struct sip_auth *a = m->www_authenticate;

	CU_ASSERT_TRUE(msgtest_is(a->scheme, "Digest"));
	CU_ASSERT_TRUE(msgtest_is(a->realm, "atlanta.com"));
	CU_ASSERT_TRUE(msgtest_is(a->domain, "sip:boxesbybob.com"));
	CU_ASSERT_TRUE(msgtest_is(a->qop, "auth"));
	CU_ASSERT_TRUE(sip_auth_has_qop(a, "auth"));
	CU_ASSERT_FALSE(sip_auth_has_qop(a, "auth-int"));
	CU_ASSERT_TRUE(msgtest_is(a->nonce, "f84f1cec41e6cbe5aea9c8e88d359"));
	CU_ASSERT_TRUE(msgtest_is(a->opaque, ""));
	CU_ASSERT_PTR_NOT_NULL(a->opaque.p);
	CU_ASSERT_FALSE(a->stale);
	CU_ASSERT_TRUE(msgtest_is(a->algorithm, "MD5"));
	CU_ASSERT_PTR_NULL(a->next);
	sip_msg_destroy(m);
}

/* RFC3261 25: qop-options = "qop" EQUAL LDQUOT qop-value *("," qop-value) RDQUOT;
 * stale = "stale" EQUAL ( "true" / "false" ). */
static void test_rfc3261_25_qop_options_list_and_stale(void)
{
	struct sip_msg *m = msgtest_with_rows(
		"Proxy-Authenticate: Digest realm=\"a\", nonce=\"n\", qop=\"auth, auth-int\", stale=TRUE\r\n"
		"Proxy-Authenticate: Digest realm=\"b\", nonce=\"m\", algorithm=SHA-256\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const struct sip_auth *a = m->proxy_authenticate;

	CU_ASSERT_TRUE(sip_auth_has_qop(a, "auth"));
	CU_ASSERT_TRUE(sip_auth_has_qop(a, "AUTH-INT"));
	CU_ASSERT_FALSE(sip_auth_has_qop(a, "auth-conf"));
	CU_ASSERT_TRUE(a->stale);
	/* RFC3261 7.3.1: these rows "MUST NOT be combined into a single header field
	 * row": each row is one challenge */
	CU_ASSERT_PTR_NOT_NULL(a->next);
	if (a->next != NULL) {
		CU_ASSERT_TRUE(msgtest_is(a->next->realm, "b"));
		CU_ASSERT_TRUE(msgtest_is(a->next->algorithm, "SHA-256"));
		CU_ASSERT_FALSE(sip_auth_has_qop(a->next, "auth"));
	}
	sip_msg_destroy(m);
}

/* RFC2617 3.2.2: the credentials with qop: "username", "realm", "nonce", "uri",
 * "qop", "nc", "cnonce", "response", "opaque". */
static void test_rfc2617_3_2_2_authorization_credentials(void)
{
	struct sip_msg *m = msgtest_with_rows(
		"Authorization: Digest username=\"bob\", realm=\"biloxi.com\",\r\n"
		" nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"sip:bob@biloxi.com\",\r\n"
		" qop=auth, nc=00000001, cnonce=\"0a4f113b\",\r\n"
		" response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"\r\n",
		NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const struct sip_auth *a = m->authorization;

	CU_ASSERT_TRUE(msgtest_is(a->username, "bob"));
	CU_ASSERT_TRUE(msgtest_is(a->realm, "biloxi.com"));
	CU_ASSERT_TRUE(msgtest_is(a->uri, "sip:bob@biloxi.com"));
	CU_ASSERT_TRUE(msgtest_is(a->qop, "auth"));
	CU_ASSERT_TRUE(msgtest_is(a->nc, "00000001"));
	CU_ASSERT_TRUE(msgtest_is(a->cnonce, "0a4f113b"));
	CU_ASSERT_TRUE(msgtest_is(a->response, "6629fae49393a05397450978507c4ef1"));
	CU_ASSERT_TRUE(msgtest_is(a->opaque, "5ccc069c403ebaf9f0171e9517f40e41"));
	sip_msg_destroy(m);
}

/* RFC3261 20.7: "Although not a comma-separated list, this header field name may be
 * present multiple times, and MUST NOT be combined into a single header line" ... "In
 * the example below, there are no quotes around the Digest parameter:
 *    Authorization: Digest username="Alice", realm="atlanta.com",
 *     nonce="84a4cc6f3082121f32b42a2187831a9e",
 *     response="7587245234b3434cc3412213e5f113a5432""
 * The example is one credential (its commas separate parameters), and a second row
 * for another realm is a second credential, not merged into the first. */
static void test_rfc3261_20_7_authorization_example_and_one_credential_per_row(void)
{
	struct sip_msg *m = msgtest_with_rows(
		"Authorization: Digest username=\"Alice\", realm=\"atlanta.com\",\r\n"
		" nonce=\"84a4cc6f3082121f32b42a2187831a9e\",\r\n"
		" response=\"7587245234b3434cc3412213e5f113a5432\"\r\n"
		"Authorization: Digest username=\"Alice\", realm=\"biloxi.com\", nonce=\"n2\",\r\n"
		" response=\"r2\"\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const struct sip_auth *a = m->authorization;

	CU_ASSERT_TRUE(msgtest_is(a->scheme, "Digest"));
	CU_ASSERT_TRUE(msgtest_is(a->username, "Alice"));
	CU_ASSERT_TRUE(msgtest_is(a->realm, "atlanta.com"));
	CU_ASSERT_TRUE(msgtest_is(a->nonce, "84a4cc6f3082121f32b42a2187831a9e"));
	CU_ASSERT_TRUE(msgtest_is(a->response, "7587245234b3434cc3412213e5f113a5432"));
	CU_ASSERT_EQUAL(a->uri.len, 0);
	CU_ASSERT_EQUAL(m->rows[SIP_HDR_AUTHORIZATION], 2);
	CU_ASSERT_TRUE(a->next != NULL && msgtest_is(a->next->realm, "biloxi.com") &&
		       msgtest_is(a->next->response, "r2") && a->next->next == NULL);
	sip_msg_destroy(m);
}

/* RFC3261 20.28: "Proxy-Authorization: Digest username="Alice", realm="atlanta.com",
 * nonce="c60f3082ee1212b402a21831ae", response="245f23415f11432b3434341c022"" */
static void test_rfc3261_20_28_proxy_authorization(void)
{
	struct sip_msg *m = msgtest_with_rows(
		"Proxy-Authorization: Digest username=\"Alice\", realm=\"atlanta.com\",\r\n"
		" nonce=\"c60f3082ee1212b402a21831ae\", response=\"245f23415f11432b3434341c022\"\r\n", NULL);
	struct sip_str v;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->proxy_authorization->username, "Alice"));
	CU_ASSERT_TRUE(msgtest_is(m->proxy_authorization->response, "245f23415f11432b3434341c022"));
	CU_ASSERT_TRUE(sip_auth_param(m->proxy_authorization, "NONCE", &v));
	CU_ASSERT_TRUE(msgtest_is(v, "c60f3082ee1212b402a21831ae"));
	CU_ASSERT_FALSE(sip_auth_param(m->proxy_authorization, "cnonce", NULL));
	sip_msg_destroy(m);
}

/* RFC3261 25: auth-param = auth-param-name EQUAL ( token / quoted-string ); a Digest
 * value with an escaped quote, and other schemes kept verbatim (RFC 4475 3.3.7: "A
 * parser must not fail when receiving it."). */
static void test_rfc3261_25_auth_params_other_schemes(void)
{
	struct sip_msg *m = msgtest_with_rows(
		"WWW-Authenticate: Digest realm=\"a \\\"b\\\"\", nonce=x\r\n"
		"Authorization: Bearer mF_9.B5f-4.1JqM\r\n"
		"Proxy-Authorization: Basic\r\n", NULL);
	struct sip_str v;
	char buf[16];
	size_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->www_authenticate->realm, "a \\\"b\\\""));
	CU_ASSERT_EQUAL(sip_str_unquote(m->www_authenticate->realm, buf, sizeof(buf), &n), 0);
	CU_ASSERT_STRING_EQUAL(buf, "a \"b\"");
	CU_ASSERT_TRUE(msgtest_is(m->www_authenticate->nonce, "x"));
	CU_ASSERT_TRUE(msgtest_is(m->authorization->scheme, "Bearer"));
	CU_ASSERT_TRUE(msgtest_is(m->authorization->params, "mF_9.B5f-4.1JqM"));
	CU_ASSERT_FALSE(sip_auth_param(m->authorization, "realm", &v));
	CU_ASSERT_TRUE(msgtest_is(m->proxy_authorization->scheme, "Basic"));
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("Authorization: Digest\r\n"));
	CU_ASSERT_TRUE(rejected("Authorization: Digestusername=\"a\"\r\n"));
	CU_ASSERT_TRUE(rejected("Authorization: Digest username\r\n"));
	CU_ASSERT_TRUE(rejected("Authorization: Digest username=\"a\" realm=\"b\"\r\n"));
	CU_ASSERT_TRUE(rejected("Authorization: Digest username=\"a\r\n"));
	CU_ASSERT_TRUE(rejected("Authorization: Digest username=\r\n"));
	CU_ASSERT_TRUE(rejected("Authorization: \"x\"\r\n"));
}

static const struct th_test auth_tests[] = {
	TH_TEST(test_rfc3261_20_44_www_authenticate_digest_challenge),
	TH_TEST(test_rfc3261_25_qop_options_list_and_stale),
	TH_TEST(test_rfc2617_3_2_2_authorization_credentials),
	TH_TEST(test_rfc3261_20_7_authorization_example_and_one_credential_per_row),
	TH_TEST(test_rfc3261_20_28_proxy_authorization),
	TH_TEST(test_rfc3261_25_auth_params_other_schemes),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 20.44 WWW-Authenticate / 20.7 Authorization (digest parameters)", auth_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
