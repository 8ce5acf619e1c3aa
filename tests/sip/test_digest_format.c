/* tests/sip/test_digest_format.c - writing challenge and credentials values
 * (sip_digest_challenge_format, sip_digest_credentials_format).
 *
 * What is quoted and what is not is fixed by RFC 7616 §3.3/§3.4 (restating RFC 2617
 * §3.2.1/§3.2.2) and RFC 3261 §22.4 item 2; escaping by RFC 3261 §25.1.  Expected
 * strings are written out in full: the order of directives is ours, every byte checked.
 */
#include "sip/digest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <string.h>

#define NONCE_3_5 "dcd98b7102dd2f0e8b11d0f600bfb0c093"
#define OPAQUE_3_5 "5ccc069c403ebaf9f0171e9517f40e41"

/* RFC2617 3.2.2 / RFC7616 3.4: "a sender MUST only generate the quoted string syntax
 * for the following parameters: username, realm, nonce, uri, response, cnonce, and
 * opaque" and "MUST NOT generate the quoted string syntax for the following
 * parameters: algorithm, qop, and nc." */
static void test_rfc7616_3_4_credentials_quoting(void)
{
	const struct sip_digest_client_request req = {
		.username = "Mufasa", .password = "Circle Of Life", .method = "GET",
		.uri = "/dir/index.html", .nc = 1, .cnonce = "0a4f113b",
	};
	struct sip_digest_challenge ch = { .realm = "testrealm@host.com", .nonce = NONCE_3_5,
					   .opaque = OPAQUE_3_5, .has_opaque = true,
					   .alg = SIP_DIGEST_MD5, .has_qop = true,
					   .qop_offered = SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH) };
	struct sip_digest_credentials cr;
	char out[512];

	CU_ASSERT_EQUAL_FATAL(sip_digest_client_respond(&ch, &req, &cr), 0);
	CU_ASSERT_EQUAL(sip_digest_credentials_format(&cr, out, sizeof out), 0);
	CU_ASSERT_STRING_EQUAL(out,
		"Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"" NONCE_3_5
		"\", uri=\"/dir/index.html\", response=\"6629fae49393a05397450978507c4ef1\", "
		"algorithm=MD5, cnonce=\"0a4f113b\", opaque=\"" OPAQUE_3_5 "\", qop=auth, "
		"nc=00000001");
}

/* RFC2617 3.2.2 cnonce and nonce-count: "MUST NOT be specified if the server did not
 * send a qop directive in the WWW-Authenticate header field." */
static void test_rfc2617_3_2_2_no_qop_no_cnonce_no_nc(void)
{
	const struct sip_digest_client_request req = {
		.username = "Mufasa", .password = "Circle Of Life", .method = "GET",
		.uri = "/dir/index.html", .nc = 1, .cnonce = "0a4f113b",
	};
	struct sip_digest_challenge ch = { .realm = "testrealm@host.com", .nonce = NONCE_3_5,
					   .alg = SIP_DIGEST_MD5 };
	struct sip_digest_credentials cr;
	char out[512];

	CU_ASSERT_EQUAL_FATAL(sip_digest_client_respond(&ch, &req, &cr), 0);
	CU_ASSERT_STRING_EQUAL(cr.response, "670fd8c2df070c60b045671b8b24ff02");
	CU_ASSERT_EQUAL(sip_digest_credentials_format(&cr, out, sizeof out), 0);
	CU_ASSERT_STRING_EQUAL(out,
		"Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"" NONCE_3_5
		"\", uri=\"/dir/index.html\", response=\"670fd8c2df070c60b045671b8b24ff02\", "
		"algorithm=MD5");
}

/* RFC7616 3.3: "a sender MUST only generate the quoted string syntax values for the
 * following parameters: realm, domain, nonce, opaque, and qop" and "MUST NOT generate
 * the quoted string syntax values for the following parameters: stale and algorithm." */
static void test_rfc7616_3_3_challenge_quoting(void)
{
	struct sip_digest_challenge ch = { .realm = "biloxi.com", .nonce = NONCE_3_5,
					   .opaque = OPAQUE_3_5, .has_opaque = true,
					   .alg = SIP_DIGEST_MD5, .has_qop = true,
					   .qop_offered = SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH) };
	char out[256];

	CU_ASSERT_EQUAL(sip_digest_challenge_format(&ch, out, sizeof out), 0);
	CU_ASSERT_STRING_EQUAL(out, "Digest realm=\"biloxi.com\", nonce=\"" NONCE_3_5
				    "\", opaque=\"" OPAQUE_3_5 "\", algorithm=MD5, qop=\"auth\"");
	ch.stale = true;
	ch.has_opaque = false;
	ch.alg = SIP_DIGEST_SHA256;
	ch.qop_offered |= SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH_INT);
	CU_ASSERT_EQUAL(sip_digest_challenge_format(&ch, out, sizeof out), 0);
	CU_ASSERT_STRING_EQUAL(out, "Digest realm=\"biloxi.com\", nonce=\"" NONCE_3_5
				    "\", algorithm=SHA-256, qop=\"auth,auth-int\", stale=TRUE");
}

/* RFC3261 25.1: "In quoted strings, quotation marks (") and backslashes (\) need to be
 * escaped." - and the escaped value parses back to the original. */
static void test_rfc3261_25_1_quotes_and_backslashes_are_escaped(void)
{
	struct sip_digest_credentials cr = { .username = "a\"b\\c", .realm = "r", .nonce = "n",
					     .uri = "sip:x", .response = "00",
					     .alg = SIP_DIGEST_MD5 };
	struct sip_digest_credentials back;
	char out[256];

	CU_ASSERT_EQUAL_FATAL(sip_digest_credentials_format(&cr, out, sizeof out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "username=\"a\\\"b\\\\c\""));
	CU_ASSERT_EQUAL_FATAL(sip_digest_credentials_parse(out, strlen(out), &back), 0);
	CU_ASSERT_STRING_EQUAL(back.username, "a\"b\\c");
}

/* RFC3261 25.1: quoted-pair excludes CR and LF ("the characters CR and LF cannot be
 * escaped").  A username carrying CRLF would inject a header line: refused. */
static void test_rfc3261_25_1_control_characters_cannot_be_quoted(void)
{
	struct sip_digest_credentials cr = { .username = "bob\r\nVia: evil", .realm = "r",
					     .nonce = "n", .uri = "sip:x", .response = "00",
					     .alg = SIP_DIGEST_MD5 };
	struct sip_digest_challenge ch = { .realm = "r\x7f", .nonce = "n", .alg = SIP_DIGEST_MD5 };
	char out[256];

	CU_ASSERT_EQUAL(sip_digest_credentials_format(&cr, out, sizeof out), EINVAL);
	CU_ASSERT_EQUAL(sip_digest_challenge_format(&ch, out, sizeof out), EINVAL);
	ch.realm[1] = '\0';
	ch.alg = SIP_DIGEST_ALG_UNKNOWN;  /* no name to write */
	CU_ASSERT_EQUAL(sip_digest_challenge_format(&ch, out, sizeof out), EINVAL);
	cr.alg = SIP_DIGEST_ALG_UNKNOWN;
	CU_ASSERT_EQUAL(sip_digest_credentials_format(&cr, out, sizeof out), EINVAL);
}

/* DESIGN.md "Output is written into caller-owned buffers with an overflow flag checked
 * once at the end": every buffer shorter than the value gets ENOBUFS, a NUL inside the
 * buffer and not one byte written past it. */
static void test_impl_digest_format_overflow_never_writes_past_buffer(void)
{
	struct sip_digest_challenge ch = { .realm = "biloxi.com", .nonce = NONCE_3_5,
					   .alg = SIP_DIGEST_MD5, .has_qop = true,
					   .qop_offered = SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH),
					   .stale = true };
	char full[256], buf[256];

	CU_ASSERT_EQUAL_FATAL(sip_digest_challenge_format(&ch, full, sizeof full), 0);
	size_t need = strlen(full) + 1;

	for (size_t size = 0; size < need; size++) {
		memset(buf, '#', sizeof buf);
		CU_ASSERT_EQUAL(sip_digest_challenge_format(&ch, buf, size), ENOBUFS);
		CU_ASSERT_EQUAL(buf[size], '#');
		if (size > 0)
			CU_ASSERT_EQUAL(strlen(buf), size - 1);
	}
	CU_ASSERT_EQUAL(sip_digest_challenge_format(&ch, buf, need), 0);
	CU_ASSERT_STRING_EQUAL(buf, full);
}

static const struct th_test format_tests[] = {
	TH_TEST(test_rfc7616_3_4_credentials_quoting),
	TH_TEST(test_rfc2617_3_2_2_no_qop_no_cnonce_no_nc),
	TH_TEST(test_rfc7616_3_3_challenge_quoting),
	TH_TEST(test_rfc3261_25_1_quotes_and_backslashes_are_escaped),
	TH_TEST(test_rfc3261_25_1_control_characters_cannot_be_quoted),
	TH_TEST(test_impl_digest_format_overflow_never_writes_past_buffer),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC7616 3.3 / 3.4 Digest header field values written", format_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
