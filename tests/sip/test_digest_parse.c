/* tests/sip/test_digest_parse.c - reading challenge and credentials values
 * (sip_digest_param_next, sip_digest_challenge_parse, sip_digest_credentials_parse).
 *
 * Grammar from RFC 3261 §25.1 (challenge, credentials, auth-param, LWS, quoted-string)
 * and RFC 2617 §3.2.1-§3.2.2.  Every parser input in the robustness tests sits right
 * before a PROT_NONE page (tests/support/guard.h), so a read past the end faults.
 */
#include "sip/digest.h"
#include "net/rand.h"
#include "tests/support/guard.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <string.h>

static int parse_ch(const char *s, struct sip_digest_challenge *ch)
{
	return sip_digest_challenge_parse(s, strlen(s), ch);
}

static int parse_cr(const char *s, struct sip_digest_credentials *cr)
{
	return sip_digest_credentials_parse(s, strlen(s), cr);
}

/* RFC3261 22.2: "An example of the WWW-Authenticate header field in a 401 challenge is:
 *    WWW-Authenticate: Digest
 *            realm="biloxi.com",
 *            qop="auth,auth-int",
 *            nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",
 *            opaque="5ccc069c403ebaf9f0171e9517f40e41""
 * (folded over lines, as printed). */
static void test_rfc3261_22_2_example_challenge_parses(void)
{
	static const char v[] = "Digest\r\n        realm=\"biloxi.com\",\r\n"
				"        qop=\"auth,auth-int\",\r\n"
				"        nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n"
				"        opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
	struct sip_digest_challenge ch;

	CU_ASSERT_EQUAL_FATAL(parse_ch(v, &ch), 0);
	CU_ASSERT_STRING_EQUAL(ch.realm, "biloxi.com");
	CU_ASSERT_STRING_EQUAL(ch.nonce, "dcd98b7102dd2f0e8b11d0f600bfb0c093");
	CU_ASSERT_STRING_EQUAL(ch.opaque, "5ccc069c403ebaf9f0171e9517f40e41");
	CU_ASSERT(ch.has_opaque);
	CU_ASSERT(ch.has_qop);
	CU_ASSERT_EQUAL(ch.qop_offered, SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH) |
					SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH_INT));
	CU_ASSERT_EQUAL(ch.alg, SIP_DIGEST_MD5);  /* absent: "assumed to be "MD5"" */
	CU_ASSERT_STRING_EQUAL(ch.algorithm, "");
	CU_ASSERT_FALSE(ch.stale);
}

/* RFC3261 22.2: "An example of the Authorization header field is: Authorization: Digest
 * username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",
 * uri="sip:bob@biloxi.com", qop=auth, nc=00000001, cnonce="0a4f113b",
 * response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"" */
static void test_rfc3261_22_2_example_credentials_parse(void)
{
	static const char v[] = "Digest username=\"bob\",\r\n realm=\"biloxi.com\",\r\n"
				" nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n"
				" uri=\"sip:bob@biloxi.com\",\r\n qop=auth,\r\n nc=00000001,\r\n"
				" cnonce=\"0a4f113b\",\r\n"
				" response=\"6629fae49393a05397450978507c4ef1\",\r\n"
				" opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
	struct sip_digest_credentials cr;

	CU_ASSERT_EQUAL_FATAL(parse_cr(v, &cr), 0);
	CU_ASSERT_STRING_EQUAL(cr.username, "bob");
	CU_ASSERT_STRING_EQUAL(cr.realm, "biloxi.com");
	CU_ASSERT_STRING_EQUAL(cr.uri, "sip:bob@biloxi.com");
	CU_ASSERT_STRING_EQUAL(cr.cnonce, "0a4f113b");
	CU_ASSERT_STRING_EQUAL(cr.response, "6629fae49393a05397450978507c4ef1");
	CU_ASSERT_EQUAL(cr.qop, SIP_DIGEST_QOP_AUTH);
	CU_ASSERT_EQUAL(cr.nc, 1);
	CU_ASSERT_EQUAL(cr.alg, SIP_DIGEST_MD5);
	CU_ASSERT(cr.has_opaque);
}

/* RFC3261 22: "Servers MUST NOT accept credentials using the "Basic" authorization
 * scheme, and servers also MUST NOT challenge with "Basic"." */
static void test_rfc3261_22_basic_scheme_is_refused(void)
{
	struct sip_digest_challenge ch;
	struct sip_digest_credentials cr;

	CU_ASSERT_EQUAL(parse_ch("Basic realm=\"biloxi.com\"", &ch), ENOTSUP);
	CU_ASSERT_EQUAL(parse_cr("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", &cr), ENOTSUP);
	/* auth-scheme is a case-insensitive token */
	CU_ASSERT_EQUAL(parse_ch("digest realm=\"x\", nonce=\"n\"", &ch), 0);
	CU_ASSERT_EQUAL(parse_ch("", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest,realm=\"x\"", &ch), EBADMSG);  /* "Digest" LWS */
}

/* RFC2617 3.2.1: "If stale is TRUE (case-insensitive) ... If stale is FALSE, or
 * anything other than TRUE, or the stale directive is not present, the username
 * and/or password are invalid" */
static void test_rfc2617_3_2_1_stale_is_true_case_insensitively(void)
{
	struct sip_digest_challenge ch;

	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", nonce=\"n\", stale=TRUE", &ch), 0);
	CU_ASSERT_TRUE(ch.stale);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", nonce=\"n\", stale=true", &ch), 0);
	CU_ASSERT_TRUE(ch.stale);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", nonce=\"n\", stale=FALSE", &ch), 0);
	CU_ASSERT_FALSE(ch.stale);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", nonce=\"n\", stale=yes", &ch), 0);
	CU_ASSERT_FALSE(ch.stale);
}

/* RFC2617 3.2.1: "Unrecognized options MUST be ignored." and "Any unrecognized
 * directive MUST be ignored." - domain, future auth-params and unknown qop tokens. */
static void test_rfc2617_3_2_1_unrecognized_directives_and_options_ignored(void)
{
	struct sip_digest_challenge ch;

	CU_ASSERT_EQUAL_FATAL(parse_ch("Digest realm=\"x\", domain=\"sip:a sip:b\", nonce=\"n\", "
				       "foo=bar, qop=\"auth-conf , auth\"", &ch), 0);
	CU_ASSERT_EQUAL(ch.qop_offered, SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH));
	CU_ASSERT_EQUAL_FATAL(parse_ch("Digest realm=\"x\", nonce=\"n\", qop=\"auth-conf\"", &ch), 0);
	CU_ASSERT(ch.has_qop);
	CU_ASSERT_EQUAL(ch.qop_offered, 0);
	CU_ASSERT_EQUAL_FATAL(parse_ch("Digest realm=\"x\", nonce=\"n\", qop=\",,\"", &ch), 0);
	CU_ASSERT_EQUAL(ch.qop_offered, 0);
}

/* RFC2617 3.2.1: digest-challenge = 1#( realm | [ domain ] | nonce | [ opaque ] ...):
 * realm and nonce are required. */
static void test_rfc2617_3_2_1_realm_and_nonce_are_required(void)
{
	struct sip_digest_challenge ch;

	CU_ASSERT_EQUAL(parse_ch("Digest nonce=\"n\", qop=\"auth\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", qop=\"auth\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest ", &ch), EBADMSG);
}

/* RFC2617 3.2.2 ("If a directive or its value is improper, or required directives are
 * missing, the proper response is 400 Bad Request"): each of username, realm, nonce,
 * uri and response missing is malformed. */
static void test_rfc2617_3_2_2_required_directives(void)
{
	static const char *const missing[] = {
		"Digest realm=\"r\", nonce=\"n\", uri=\"sip:x\", response=\"0\"",
		"Digest username=\"u\", nonce=\"n\", uri=\"sip:x\", response=\"0\"",
		"Digest username=\"u\", realm=\"r\", uri=\"sip:x\", response=\"0\"",
		"Digest username=\"u\", realm=\"r\", nonce=\"n\", response=\"0\"",
		"Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x\"",
	};
	struct sip_digest_credentials cr;

	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++)
		CU_ASSERT_EQUAL(parse_cr(missing[i], &cr), EBADMSG);
	CU_ASSERT_EQUAL(parse_cr("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", "
				 "response=\"0\"", &cr), 0);
	CU_ASSERT_EQUAL(cr.qop, SIP_DIGEST_QOP_NONE);
	CU_ASSERT_FALSE(cr.has_opaque);
}

/* RFC2617 3.2.2 cnonce and nonce-count: "This MUST be specified if a qop directive is
 * sent (see above), and MUST NOT be specified if the server did not send a qop
 * directive". */
static void test_rfc2617_3_2_2_cnonce_and_nc_travel_with_qop(void)
{
	static const char base[] = "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", "
				   "response=\"0\"";
	char v[256];
	struct sip_digest_credentials cr;

	snprintf(v, sizeof v, "%s, qop=auth, cnonce=\"c\"", base);
	CU_ASSERT_EQUAL(parse_cr(v, &cr), EBADMSG);  /* nc missing */
	snprintf(v, sizeof v, "%s, qop=auth, nc=00000001", base);
	CU_ASSERT_EQUAL(parse_cr(v, &cr), EBADMSG);  /* cnonce missing */
	snprintf(v, sizeof v, "%s, cnonce=\"c\", nc=00000001", base);
	CU_ASSERT_EQUAL(parse_cr(v, &cr), EBADMSG);  /* without qop */
	snprintf(v, sizeof v, "%s, qop=auth-int, cnonce=\"c\", nc=0000000A", base);
	CU_ASSERT_EQUAL(parse_cr(v, &cr), 0);
	CU_ASSERT_EQUAL(cr.qop, SIP_DIGEST_QOP_AUTH_INT);
	CU_ASSERT_EQUAL(cr.nc, 10);
	snprintf(v, sizeof v, "%s, qop=auth-conf, cnonce=\"c\", nc=00000001", base);
	CU_ASSERT_EQUAL(parse_cr(v, &cr), EBADMSG);  /* a qop we cannot verify */
}

/* RFC3261 25.1: "nc-value = 8LHEX" - exactly eight hex digits. */
static void test_rfc3261_25_1_nc_value_is_8lhex(void)
{
	static const char base[] = "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", "
				   "response=\"0\", qop=auth, cnonce=\"c\", nc=";
	static const char *const bad[] = { "1", "000000001", "0000000g", "0000001 " };
	char v[256];
	struct sip_digest_credentials cr;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(v, sizeof v, "%s%s", base, bad[i]);
		CU_ASSERT_EQUAL(parse_cr(v, &cr), EBADMSG);
	}
	snprintf(v, sizeof v, "%sffffffff", base);
	CU_ASSERT_EQUAL(parse_cr(v, &cr), 0);
	CU_ASSERT_EQUAL(cr.nc, 0xffffffffu);
	snprintf(v, sizeof v, "%s\"00000002\"", base);  /* quoted: tolerated on receipt */
	CU_ASSERT_EQUAL(parse_cr(v, &cr), 0);
	CU_ASSERT_EQUAL(cr.nc, 2);
}

/* RFC3261 25.1: "COMMA = SWS "," SWS", "EQUAL = SWS "=" SWS", "LWS = [*WSP CRLF] 1*WSP":
 * white space and line folds are allowed around separators. */
static void test_rfc3261_25_1_lws_around_separators(void)
{
	static const char v[] = "Digest  realm\t=\r\n \"x\"\r\n\t,nonce = n1 ,\tqop=\"auth\"";
	struct sip_digest_challenge ch;

	CU_ASSERT_EQUAL_FATAL(parse_ch(v, &ch), 0);
	CU_ASSERT_STRING_EQUAL(ch.realm, "x");
	CU_ASSERT_STRING_EQUAL(ch.nonce, "n1");  /* a token value, unquoted */
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\",\r\nnonce=\"n\"", &ch), EBADMSG);  /* no WSP */
}

/* RFC3261 25.1: "quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)" and "Unlike HTTP/1.1,
 * the characters CR and LF cannot be escaped by this mechanism". */
static void test_rfc3261_25_1_quoted_pair(void)
{
	struct sip_digest_challenge ch;

	CU_ASSERT_EQUAL_FATAL(parse_ch("Digest realm=\"a\\\"b\\\\c\\d\", nonce=\"n\"", &ch), 0);
	CU_ASSERT_STRING_EQUAL(ch.realm, "a\"b\\cd");
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"a\\\r\n b\", nonce=\"n\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"a\\\n\", nonce=\"n\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"a\\\xc3\xa9\", nonce=\"n\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"a\\", &ch), EBADMSG);
}

/* RFC3261 25.1: "qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII": control
 * characters are not text; a fold inside the string is white space. */
static void test_rfc3261_25_1_qdtext(void)
{
	struct sip_digest_challenge ch;

	CU_ASSERT_EQUAL_FATAL(parse_ch("Digest realm=\"caf\xc3\xa9 bar\r\n baz\", nonce=\"n\"", &ch), 0);
	CU_ASSERT_STRING_EQUAL(ch.realm, "caf\xc3\xa9 bar baz");
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"a\x01\", nonce=\"n\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"a\x7f\", nonce=\"n\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"a\r\nb\", nonce=\"n\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"unterminated, nonce=\"n", &ch), EBADMSG);
}

/* RFC3261 25.1: "challenge = ("Digest" LWS digest-cln *(COMMA digest-cln))" - one COMMA
 * between elements, never a missing or trailing one. */
static void test_rfc3261_25_1_commas_between_directives(void)
{
	struct sip_digest_challenge ch;

	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\" nonce=\"n\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", nonce=\"n\",", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\",, nonce=\"n\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=, nonce=\"n\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm \"x\", nonce=\"n\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", nonce=\"n\", =v", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", nonce=\"n\", a=", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", nonce=\"n\", a", &ch), EBADMSG);
}

/* RFC3665 2.1 F2: "WWW-Authenticate: Digest realm="atlanta.example.com", qop="auth",
 * nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="", stale=FALSE, algorithm=MD5" -
 * an empty opaque is still an opaque to echo. */
static void test_rfc3665_2_1_example_challenge_parses(void)
{
	static const char v[] = "Digest realm=\"atlanta.example.com\", qop=\"auth\",\r\n"
				" nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\",\r\n"
				" opaque=\"\", stale=FALSE, algorithm=MD5";
	struct sip_digest_challenge ch;

	CU_ASSERT_EQUAL_FATAL(parse_ch(v, &ch), 0);
	CU_ASSERT_STRING_EQUAL(ch.realm, "atlanta.example.com");
	CU_ASSERT(ch.has_opaque);
	CU_ASSERT_STRING_EQUAL(ch.opaque, "");
	CU_ASSERT_FALSE(ch.stale);
	CU_ASSERT_EQUAL(ch.alg, SIP_DIGEST_MD5);
	CU_ASSERT_EQUAL(ch.qop_offered, SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH));
}

/* RFC3665 2.1 F3 prints "Authorization: Digest username="bob", realm="atlanta.example.com"
 * / nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="", ..." with no comma after the
 * realm.  Copied literally by an implementer, it is malformed: the parser says so
 * instead of guessing. */
static void test_rfc3665_2_1_example_missing_comma_is_rejected(void)
{
	static const char v[] = "Digest username=\"bob\", realm=\"atlanta.example.com\"\r\n"
				" nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", opaque=\"\",\r\n"
				" uri=\"sips:ss2.biloxi.example.com\",\r\n"
				" response=\"dfe56131d1958046689d83306477ecc\"";
	struct sip_digest_credentials cr;

	CU_ASSERT_EQUAL(parse_cr(v, &cr), EBADMSG);
}

/* RFC3665 2.2 F1 sends 'qop="auth"' in credentials, where RFC 2617 §3.2.2 wants a bare
 * token ("Note that this is a single token, not a quoted list").  Real peers do the
 * same: accepted on receipt, never sent that way. */
static void test_rfc3665_2_2_quoted_qop_is_tolerated(void)
{
	static const char v[] = "Digest username=\"bob\", realm=\"atlanta.example.com\",\r\n"
				" qop=\"auth\", nonce=\"1cec4341ae6cbe5a359ea9c8e88df84f\", opaque=\"\",\r\n"
				" uri=\"sips:ss2.biloxi.example.com\", cnonce=\"c\", nc=00000001,\r\n"
				" response=\"71ba27c64bd01de719686aa4590d5824\"";
	struct sip_digest_credentials cr;

	CU_ASSERT_EQUAL_FATAL(parse_cr(v, &cr), 0);
	CU_ASSERT_EQUAL(cr.qop, SIP_DIGEST_QOP_AUTH);
	CU_ASSERT(cr.has_opaque);
	CU_ASSERT_STRING_EQUAL(cr.opaque, "");
}

/* A directive given twice is malformed: which nonce would the answer be for? */
static void test_impl_digest_parse_duplicate_directive_rejected(void)
{
	struct sip_digest_challenge ch;
	struct sip_digest_credentials cr;

	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", nonce=\"a\", nonce=\"b\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", nonce=\"a\", REALM=\"y\"", &ch), EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", nonce=\"a\", stale=true, stale=false", &ch),
			EBADMSG);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", nonce=\"a\", qop=\"auth\", qop=\"auth\"", &ch),
			EBADMSG);
	CU_ASSERT_EQUAL(parse_cr("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", "
				 "response=\"0\", algorithm=MD5, algorithm=MD5", &cr), EBADMSG);
	CU_ASSERT_EQUAL(parse_cr("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", "
				 "response=\"0\", qop=auth, qop=auth, cnonce=\"c\", nc=00000001", &cr),
			EBADMSG);
	CU_ASSERT_EQUAL(parse_cr("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", "
				 "response=\"0\", qop=auth, cnonce=\"c\", nc=00000001, nc=00000002",
				 &cr), EBADMSG);
}

/* Values longer than their field are refused with ENOBUFS, never truncated. */
static void test_impl_digest_parse_overlong_value_is_enobufs(void)
{
	char v[SIP_DIGEST_VALUE_SIZE + 64];
	struct sip_digest_challenge ch;
	struct sip_digest_credentials cr;

	int n = snprintf(v, sizeof v, "Digest realm=\"x\", nonce=\"");

	memset(v + n, 'n', SIP_DIGEST_VALUE_SIZE);
	v[n + SIP_DIGEST_VALUE_SIZE] = '"';
	v[n + SIP_DIGEST_VALUE_SIZE + 1] = '\0';
	CU_ASSERT_EQUAL(parse_ch(v, &ch), ENOBUFS);
	v[n + SIP_DIGEST_VALUE_SIZE - 2] = '"';  /* 254 bytes: fits with its NUL */
	v[n + SIP_DIGEST_VALUE_SIZE - 1] = '\0';
	CU_ASSERT_EQUAL(parse_ch(v, &ch), 0);
	CU_ASSERT_EQUAL(parse_ch("Digest realm=\"x\", nonce=\"n\", "
				 "algorithm=a-very-long-algorithm-name-beyond-32", &ch), ENOBUFS);
	CU_ASSERT_EQUAL(parse_cr("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", "
				 "response=\"6629fae49393a05397450978507c4ef16629fae49393a05397450978"
				 "507c4ef1ff\"", &cr), ENOBUFS);
}

/* The tokenizer alone: views into the input, quoted flag, the cursor left on the bad
 * byte, unquote into a buffer that is too small. */
static void test_impl_digest_param_tokenizer(void)
{
	static const char list[] = "a=b, c=\"d\\\"e\" ,f=g h";
	struct sip_digest_cursor c;
	struct sip_digest_param p;
	char buf[4];

	sip_digest_cursor_init(&c, list, strlen(list));
	CU_ASSERT_EQUAL_FATAL(sip_digest_param_next(&c, &p), 0);
	CU_ASSERT_EQUAL(p.name_len, 1);
	CU_ASSERT_EQUAL(p.name, list);
	CU_ASSERT_FALSE(p.quoted);
	CU_ASSERT_EQUAL_FATAL(sip_digest_param_next(&c, &p), 0);
	CU_ASSERT(p.quoted);
	CU_ASSERT_EQUAL(p.value_len, 4);  /* d \ " e: escapes kept in the view */
	CU_ASSERT_EQUAL(sip_digest_unquote(&p, buf, sizeof buf), 0);
	CU_ASSERT_STRING_EQUAL(buf, "d\"e");
	CU_ASSERT_EQUAL(sip_digest_unquote(&p, buf, 3), ENOBUFS);
	CU_ASSERT_EQUAL(sip_digest_unquote(&p, buf, 0), ENOBUFS);
	CU_ASSERT_EQUAL_FATAL(sip_digest_param_next(&c, &p), 0);
	CU_ASSERT_EQUAL(sip_digest_param_next(&c, &p), EBADMSG);  /* "h" without a comma */
	CU_ASSERT_EQUAL(*c.p, 'h');
	sip_digest_cursor_init(&c, "  ", 2);
	CU_ASSERT_EQUAL(sip_digest_param_next(&c, &p), ENOENT);
}

/* STYLE.md §2: input placed just before a PROT_NONE page.  Every prefix of a valid
 * challenge and credentials is parsed; whatever the result, nothing reads past it. */
static void test_impl_digest_parse_every_prefix_before_guard_page(void)
{
	static const char *const vals[] = {
		"Digest realm=\"biloxi.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd\", "
		"opaque=\"5ccc\", algorithm=MD5-sess, stale=TRUE",
		"Digest username=\"b\\\"ob\",\r\n realm=\"biloxi.com\", nonce=\"dcd98b7102dd\", "
		"uri=\"sip:bob@biloxi.com\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
		"response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc\"",
	};
	struct sip_digest_challenge ch;
	struct sip_digest_credentials cr;
	struct th_guard g;

	for (size_t v = 0; v < 2; v++) {
		size_t n = strlen(vals[v]);

		for (size_t len = 0; len <= n; len++) {
			CU_ASSERT_EQUAL_FATAL(th_guard_init(&g, vals[v], len), 0);
			int e1 = sip_digest_challenge_parse(g.data, g.len, &ch);
			int e2 = sip_digest_credentials_parse(g.data, g.len, &cr);

			th_guard_fini(&g);
			CU_ASSERT(e1 == 0 || e1 == EBADMSG || e1 == ENOTSUP);
			CU_ASSERT(e2 == 0 || e2 == EBADMSG || e2 == ENOTSUP);
			if (len == n)
				CU_ASSERT_EQUAL(v == 0 ? e1 : e2, 0);
		}
	}
}

/* Hostile input: seeded random mutations of a valid value (bytes replaced with
 * separators, quotes, backslashes, CR, LF, NUL and random bytes), each placed before a
 * guard page.  The parser returns a code from its contract and never faults. */
static void test_impl_digest_parse_mutations_are_safe(void)
{
	static const char seed[] =
		"Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b\", "
		"uri=\"sip:bob@biloxi.com\", qop=auth, nc=00000001, cnonce=\"0a4f\", "
		"response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5c\"";
	static const char nasty[] = "\"\\,= \t\r\n\0";
	struct sip_digest_challenge ch;
	struct sip_digest_credentials cr;
	struct net_rand r;
	char buf[sizeof seed];
	struct th_guard g;

	net_rand_seed(&r, 2617);
	for (int iter = 0; iter < 3000; iter++) {
		size_t len = sizeof seed - 1 - net_rand_below(&r, 8);

		memcpy(buf, seed, sizeof seed);
		for (uint32_t k = net_rand_below(&r, 4) + 1; k > 0; k--) {
			uint32_t at = net_rand_below(&r, (uint32_t)len);

			buf[at] = net_rand_below(&r, 2) ? nasty[net_rand_below(&r, sizeof nasty)]
							: (char)net_rand_u32(&r);
		}
		CU_ASSERT_EQUAL_FATAL(th_guard_init(&g, buf, len), 0);
		int e1 = sip_digest_credentials_parse(g.data, g.len, &cr);
		int e2 = sip_digest_challenge_parse(g.data, g.len, &ch);

		th_guard_fini(&g);
		CU_ASSERT(e1 == 0 || e1 == EBADMSG || e1 == ENOTSUP || e1 == ENOBUFS);
		CU_ASSERT(e2 == 0 || e2 == EBADMSG || e2 == ENOTSUP || e2 == ENOBUFS);
	}
}

static const struct th_test example_tests[] = {
	TH_TEST(test_rfc3261_22_2_example_challenge_parses),
	TH_TEST(test_rfc3261_22_2_example_credentials_parse),
	TH_TEST(test_rfc3261_22_basic_scheme_is_refused),
	TH_TEST(test_rfc3665_2_1_example_challenge_parses),
	TH_TEST(test_rfc3665_2_1_example_missing_comma_is_rejected),
	TH_TEST(test_rfc3665_2_2_quoted_qop_is_tolerated),
	TH_END
};

static const struct th_test directive_tests[] = {
	TH_TEST(test_rfc2617_3_2_1_stale_is_true_case_insensitively),
	TH_TEST(test_rfc2617_3_2_1_unrecognized_directives_and_options_ignored),
	TH_TEST(test_rfc2617_3_2_1_realm_and_nonce_are_required),
	TH_TEST(test_rfc2617_3_2_2_required_directives),
	TH_TEST(test_rfc2617_3_2_2_cnonce_and_nc_travel_with_qop),
	TH_TEST(test_impl_digest_parse_duplicate_directive_rejected),
	TH_TEST(test_impl_digest_parse_overlong_value_is_enobufs),
	TH_END
};

static const struct th_test syntax_tests[] = {
	TH_TEST(test_rfc3261_25_1_nc_value_is_8lhex),
	TH_TEST(test_rfc3261_25_1_lws_around_separators),
	TH_TEST(test_rfc3261_25_1_quoted_pair),
	TH_TEST(test_rfc3261_25_1_qdtext),
	TH_TEST(test_rfc3261_25_1_commas_between_directives),
	TH_TEST(test_impl_digest_param_tokenizer),
	TH_TEST(test_impl_digest_parse_every_prefix_before_guard_page),
	TH_TEST(test_impl_digest_parse_mutations_are_safe),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 22.2 Example challenge and credentials", example_tests, NULL, NULL },
	{ "RFC2617 3.2.1 / 3.2.2 Digest directives", directive_tests, NULL, NULL },
	{ "RFC3261 25.1 auth-param syntax (LWS, quoted-string)", syntax_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
