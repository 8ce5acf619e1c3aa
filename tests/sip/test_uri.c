/* tests/sip/test_uri.c - SIP, SIPS, tel and absolute URIs (RFC 3261 §19.1, §25). */
#include "sip/uri.h"
#include "tests/sip/msgtest_util.h"
#include "tests/support/guard.h"
#include "tests/support/harness.h"

#include <stdlib.h>
#include <string.h>

static int parse(struct sip_uri *u, const char *text)
{
	return sip_uri_parse(u, text, strlen(text), NULL);
}

static int rejects(const char *text)
{
	struct sip_uri u;
	const char *reason = NULL;
	int rc = sip_uri_parse(&u, text, strlen(text), &reason);

	return rc == EBADMSG && reason != NULL;
}

static int equal(const char *a, const char *b)
{
	struct sip_uri ua, ub;

	if (parse(&ua, a) != 0 || parse(&ub, b) != 0)
		return -1;
	return sip_uri_equal(&ua, &ub) && sip_uri_equal(&ub, &ua);
}

/* RFC3261 19.1.1: "Its general form, in the case of a SIP URI, is:
 * sip:user:password@host:port;uri-parameters?headers" */
static void test_rfc3261_19_1_1_general_form_all_components(void)
{
	struct sip_uri u;
	const char *text = "sip:user:password@host.example.com:5070;transport=tcp;lr?subject=hi&x=y";

	CU_ASSERT_EQUAL_FATAL(parse(&u, text), 0);
	CU_ASSERT_EQUAL(u.scheme, SIP_URI_SIP);
	CU_ASSERT_TRUE(msgtest_is(u.scheme_name, "sip"));
	CU_ASSERT_TRUE(msgtest_is(u.user, "user"));
	CU_ASSERT_TRUE(u.has_password);
	CU_ASSERT_TRUE(msgtest_is(u.password, "password"));
	CU_ASSERT_TRUE(msgtest_is(u.host, "host.example.com"));
	CU_ASSERT_EQUAL(u.host_type, SIP_HOST_NAME);
	CU_ASSERT_EQUAL(u.port, 5070);
	CU_ASSERT_TRUE(msgtest_is(u.params, "transport=tcp;lr"));
	CU_ASSERT_TRUE(msgtest_is(u.transport, "tcp"));
	CU_ASSERT_TRUE(u.lr);
	CU_ASSERT_TRUE(msgtest_is(u.headers, "subject=hi&x=y"));
	CU_ASSERT_EQUAL(u.text.len, strlen(text));
	/* the views point into the caller's text, not into a copy */
	CU_ASSERT_PTR_EQUAL(u.host.p, text + 18);
}

/* RFC3261 19.1.3: the example SIP and SIPS URIs. */
static void test_rfc3261_19_1_3_example_uris_parse(void)
{
	struct sip_uri u;
	struct sip_str v;

	CU_ASSERT_EQUAL(parse(&u, "sip:alice@atlanta.com"), 0);
	CU_ASSERT_EQUAL(u.port, -1);
	CU_ASSERT_EQUAL(parse(&u, "sip:alice:secretword@atlanta.com;transport=tcp"), 0);
	CU_ASSERT_TRUE(msgtest_is(u.password, "secretword"));
	CU_ASSERT_EQUAL(parse(&u, "sips:alice@atlanta.com?subject=project%20x&priority=urgent"), 0);
	CU_ASSERT_EQUAL(u.scheme, SIP_URI_SIPS);
	CU_ASSERT_TRUE(sip_uri_header(&u, "priority", &v) && msgtest_is(v, "urgent"));
	CU_ASSERT_TRUE(sip_uri_header(&u, "Subject", &v) && msgtest_is(v, "project%20x"));
	CU_ASSERT_EQUAL(parse(&u, "sip:+1-212-555-1212:1234@gateway.com;user=phone"), 0);
	CU_ASSERT_TRUE(msgtest_is(u.user, "+1-212-555-1212"));
	CU_ASSERT_TRUE(msgtest_is(u.password, "1234"));
	CU_ASSERT_TRUE(msgtest_is(u.user_param, "phone"));
	CU_ASSERT_EQUAL(parse(&u, "sips:1212@gateway.com"), 0);
	CU_ASSERT_EQUAL(parse(&u, "sip:alice@192.0.2.4"), 0);
	CU_ASSERT_EQUAL(u.host_type, SIP_HOST_IPV4);
	CU_ASSERT_EQUAL(parse(&u, "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com"), 0);
	CU_ASSERT_PTR_NULL(u.user.p);
	CU_ASSERT_TRUE(msgtest_is(u.method, "REGISTER"));
	/* "The last sample URI above has a user field value of "alice;day=tuesday"." */
	CU_ASSERT_EQUAL(parse(&u, "sip:alice;day=tuesday@atlanta.com"), 0);
	CU_ASSERT_TRUE(msgtest_is(u.user, "alice;day=tuesday"));
	CU_ASSERT_EQUAL(u.params.len, 0);
}

/* RFC3261 19.1.1: "If the @ sign is present in a SIP or SIPS URI, the user field
 * MUST NOT be empty." */
static void test_rfc3261_19_1_1_empty_user_with_at_rejected(void)
{
	CU_ASSERT_TRUE(rejects("sip:@example.com"));
	CU_ASSERT_TRUE(rejects("sip::pw@example.com"));
}

/* RFC3261 25.1: hostname = *( domainlabel "." ) toplabel [ "." ], labels of
 * alphanum and inner "-", the top label starting with ALPHA. */
static void test_rfc3261_25_1_hostname_labels(void)
{
	struct sip_uri u;

	CU_ASSERT_EQUAL(parse(&u, "sip:a@sub-1.example.com"), 0);
	CU_ASSERT_EQUAL(parse(&u, "sip:a@example.com."), 0);
	CU_ASSERT_TRUE(msgtest_is(u.host, "example.com."));
	CU_ASSERT_EQUAL(parse(&u, "sip:a@x"), 0);
	CU_ASSERT_TRUE(rejects("sip:a@-bad.example.com"));
	CU_ASSERT_TRUE(rejects("sip:a@bad-.example.com"));
	CU_ASSERT_TRUE(rejects("sip:a@a..example.com"));
	CU_ASSERT_TRUE(rejects("sip:a@.example.com"));
	CU_ASSERT_TRUE(rejects("sip:a@example.1com"));
	CU_ASSERT_TRUE(rejects("sip:a@host_name.com"));
	CU_ASSERT_TRUE(rejects("sip:a@"));
}

/* RFC3261 25.1: IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT */
static void test_rfc3261_25_1_ipv4_address(void)
{
	struct sip_uri u;

	CU_ASSERT_EQUAL(parse(&u, "sip:a@192.0.2.1:5060"), 0);
	CU_ASSERT_EQUAL(u.host_type, SIP_HOST_IPV4);
	CU_ASSERT_EQUAL(u.port, 5060);
	CU_ASSERT_TRUE(rejects("sip:a@192.0.2"));      /* three groups: the top label is digits */
	CU_ASSERT_TRUE(rejects("sip:a@192.0.2.1.7"));
	CU_ASSERT_TRUE(rejects("sip:a@1920.0.2.1"));
	CU_ASSERT_TRUE(rejects("sip:a@192..2.1"));
}

/* RFC3261 25.1: IPv6reference = "[" IPv6address "]"; hexpart = hexseq / hexseq "::"
 * [ hexseq ] / "::" [ hexseq ]; hex4 = 1*4HEXDIG. */
static void test_rfc3261_25_1_ipv6_reference(void)
{
	static const char *const good[] = {
		"sip:a@[::1]", "sip:a@[::]", "sip:a@[2001:db8::1]", "sip:a@[2001:DB8:0:0:8:800:200C:417A]",
		"sip:a@[::ffff:192.0.2.1]", "sip:a@[1::]", "sip:a@[2001:db8::192.0.2.1]:5061",
	};
	static const char *const bad[] = {
		"sip:a@[2001:db8::1", "sip:a@[1::2::3]", "sip:a@[12345::1]", "sip:a@[:::]",
		"sip:a@[1:2:3:4:5:6:7:8:9]", "sip:a@[1:2:3:4:5:6:7]", "sip:a@[g::1]", "sip:a@[]",
		"sip:a@[::1]x", "sip:a@[::256.1.1.1.1]",
	};
	struct sip_uri u;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		CU_ASSERT_EQUAL(parse(&u, good[i]), 0);
		CU_ASSERT_EQUAL(u.host_type, SIP_HOST_IPV6);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_TRUE(rejects(bad[i]));
	CU_ASSERT_EQUAL(parse(&u, "sip:a@[2001:db8::192.0.2.1]:5061"), 0);
	CU_ASSERT_EQUAL(u.port, 5061);
}

/* RFC3261 25.1: port = 1*DIGIT (a 16-bit port here). */
static void test_rfc3261_25_1_port_digits(void)
{
	struct sip_uri u;

	CU_ASSERT_EQUAL(parse(&u, "sip:h.example.com:0"), 0);
	CU_ASSERT_EQUAL(u.port, 0);
	CU_ASSERT_EQUAL(parse(&u, "sip:h.example.com:65535"), 0);
	CU_ASSERT_EQUAL(u.port, 65535);
	CU_ASSERT_TRUE(rejects("sip:h.example.com:65536"));
	CU_ASSERT_TRUE(rejects("sip:h.example.com:"));
	CU_ASSERT_TRUE(rejects("sip:h.example.com:50a"));
}

/* RFC3261 19.1.2: "For each component, the set of valid BNF expansions defines
 * exactly which characters may appear unescaped.  All other characters MUST be
 * escaped." */
static void test_rfc3261_19_1_2_escapes_checked_not_decoded(void)
{
	struct sip_uri u;

	CU_ASSERT_EQUAL(parse(&u, "sip:j%40s0n@example.com"), 0);
	CU_ASSERT_TRUE(msgtest_is(u.user, "j%40s0n"));
	CU_ASSERT_TRUE(rejects("sip:j%4@example.com"));
	CU_ASSERT_TRUE(rejects("sip:j%zz@example.com"));
	CU_ASSERT_TRUE(rejects("sip:j s@example.com"));
	CU_ASSERT_TRUE(rejects("sip:j\"s@example.com"));
	/* "Note that character escaping is not allowed in the host component" */
	CU_ASSERT_TRUE(rejects("sip:user@ex%61mple.com"));
}

/* RFC3261 19.1.1: the transport, maddr, ttl, user, method and lr parameters. */
static void test_rfc3261_19_1_1_known_uri_parameters(void)
{
	struct sip_uri u;
	struct sip_str v;

	CU_ASSERT_EQUAL(parse(&u, "sip:alice@atlanta.com;maddr=239.255.255.1;ttl=15"), 0);
	CU_ASSERT_TRUE(msgtest_is(u.maddr, "239.255.255.1"));
	CU_ASSERT_EQUAL(u.ttl, 15);
	CU_ASSERT_FALSE(u.lr);
	CU_ASSERT_TRUE(sip_uri_param(&u, "TTL", &v) && msgtest_is(v, "15"));
	CU_ASSERT_FALSE(sip_uri_param(&u, "lr", NULL));
	CU_ASSERT_TRUE(rejects("sip:a@b.com;ttl=256"));
	CU_ASSERT_TRUE(rejects("sip:a@b.com;ttl=x"));
	CU_ASSERT_TRUE(rejects("sip:a@b.com;maddr=-x"));
	CU_ASSERT_TRUE(rejects("sip:a@b.com;;lr"));
	CU_ASSERT_TRUE(rejects("sip:a@b.com;lr="));
	CU_ASSERT_TRUE(rejects("sip:a@b.com?"));
	CU_ASSERT_TRUE(rejects("sip:a@b.com?x"));
	CU_ASSERT_EQUAL(parse(&u, "sip:a@b.com;LR;Transport=TLS"), 0);
	CU_ASSERT_TRUE(u.lr);
	CU_ASSERT_TRUE(msgtest_is(u.transport, "TLS"));
}

/* RFC3261 19.1.1 Table 1 note (1): "The default is 5060 for sip: using UDP, TCP, or
 * SCTP.  The default is 5061 for sip: using TLS over TCP and sips: over TCP." */
static void test_rfc3261_19_1_1_default_ports(void)
{
	struct sip_uri u;

	CU_ASSERT_EQUAL(parse(&u, "sip:a@b.com"), 0);
	CU_ASSERT_EQUAL(sip_uri_port_or_default(&u), 5060);
	CU_ASSERT_EQUAL(parse(&u, "sips:a@b.com"), 0);
	CU_ASSERT_EQUAL(sip_uri_port_or_default(&u), 5061);
	CU_ASSERT_EQUAL(parse(&u, "sips:a@b.com:7000"), 0);
	CU_ASSERT_EQUAL(sip_uri_port_or_default(&u), 7000);
}

/* RFC3261 19.1.4: "SIP and SIPS URIs are compared for equality according to the
 * following rules" - the sets the RFC lists as equivalent. */
static void test_rfc3261_19_1_4_equivalent_uris(void)
{
	CU_ASSERT_EQUAL(equal("sip:%61lice@atlanta.com;transport=TCP",
			      "sip:alice@AtLanTa.CoM;Transport=tcp"), 1);
	CU_ASSERT_EQUAL(equal("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"), 1);
	CU_ASSERT_EQUAL(equal("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"), 1);
	CU_ASSERT_EQUAL(equal("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
			      "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"), 1);
	CU_ASSERT_EQUAL(equal("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
			      "sip:alice@atlanta.com?priority=urgent&subject=project%20x"), 1);
}

/* RFC3261 19.1.4: "The URIs within each of the following sets are not
 * equivalent". */
static void test_rfc3261_19_1_4_non_equivalent_uris(void)
{
	CU_ASSERT_EQUAL(equal("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"), 0);
	CU_ASSERT_EQUAL(equal("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"), 0);
	CU_ASSERT_EQUAL(equal("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"), 0);
	CU_ASSERT_EQUAL(equal("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"), 0);
	CU_ASSERT_EQUAL(equal("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"), 0);
	CU_ASSERT_EQUAL(equal("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"), 0);
	/* "A SIP and SIPS URI are never equivalent." */
	CU_ASSERT_EQUAL(equal("sip:bob@biloxi.com", "sips:bob@biloxi.com"), 0);
	/* a user, ttl, method or maddr in one URI only */
	CU_ASSERT_EQUAL(equal("sip:bob@biloxi.com", "sip:bob@biloxi.com;user=phone"), 0);
	CU_ASSERT_EQUAL(equal("sip:bob@biloxi.com", "sip:bob@biloxi.com;maddr=192.0.2.1"), 0);
	CU_ASSERT_EQUAL(equal("sip:biloxi.com", "sip:bob@biloxi.com"), 0);
	CU_ASSERT_EQUAL(equal("sip:bob:x@biloxi.com", "sip:bob@biloxi.com"), 0);
	/* "Characters other than those in the "reserved" set" only: %40 is not "@" */
	CU_ASSERT_EQUAL(equal("sip:a%3Bb@biloxi.com", "sip:a;b@biloxi.com"), 0);
}

/* RFC3261 19.1.4: "Note that equality is not transitive". */
static void test_rfc3261_19_1_4_equality_not_transitive(void)
{
	CU_ASSERT_EQUAL(equal("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"), 1);
	CU_ASSERT_EQUAL(equal("sip:carol@chicago.com", "sip:carol@chicago.com;security=off"), 1);
	CU_ASSERT_EQUAL(equal("sip:carol@chicago.com;security=on",
			      "sip:carol@chicago.com;security=off"), 0);
}

/* RFC3261 19.1.1: "any given parameter-name MUST NOT appear more than once."  When
 * a peer repeats one anyway, comparison still treats a URI as equal to itself (the
 * first occurrence of a name counts; found by fuzzing). */
static void test_rfc3261_19_1_1_repeated_parameter_compares_reflexively(void)
{
	const char *text = "sip:s164;rport=5060;x;rport=5061;maddr=192.0.2.1;maddr=192.0.2.2";

	CU_ASSERT_EQUAL(equal(text, text), 1);
	CU_ASSERT_EQUAL(equal(text, "sip:s164;rport=5060;maddr=192.0.2.1"), 1);
	CU_ASSERT_EQUAL(equal(text, "sip:s164;rport=5061;maddr=192.0.2.1"), 0);
}

/* RFC3261 25.1: Request-URI = SIP-URI / SIPS-URI / absoluteURI; tel (RFC 3966) and
 * other schemes keep their opaque part. */
static void test_rfc3261_25_1_tel_and_absolute_uris(void)
{
	struct sip_uri u, v;

	CU_ASSERT_EQUAL(parse(&u, "tel:+1-201-555-0123;phone-context=example.com"), 0);
	CU_ASSERT_EQUAL(u.scheme, SIP_URI_TEL);
	CU_ASSERT_TRUE(msgtest_is(u.user, "+1-201-555-0123"));
	CU_ASSERT_TRUE(msgtest_is(u.params, "phone-context=example.com"));
	CU_ASSERT_EQUAL(u.host_type, SIP_HOST_NONE);
	CU_ASSERT_EQUAL(parse(&u, "http://www.example.com/a?b=c"), 0);
	CU_ASSERT_EQUAL(u.scheme, SIP_URI_OTHER);
	CU_ASSERT_TRUE(msgtest_is(u.opaque, "//www.example.com/a?b=c"));
	CU_ASSERT_EQUAL(parse(&v, "HTTP://www.example.com/a?b=c"), 0);
	CU_ASSERT_TRUE(sip_uri_equal(&u, &v));
	CU_ASSERT_TRUE(rejects("1sip:a@b"));
	CU_ASSERT_TRUE(rejects("sip"));
	CU_ASSERT_TRUE(rejects("<sip:a@b.com>"));
	CU_ASSERT_TRUE(rejects("urn:"));
	CU_ASSERT_TRUE(rejects("tel:"));
	CU_ASSERT_TRUE(rejects("urn:a b"));
}

/* A URI longer than the parser's stack buffer, and one placed right before a guard
 * page: no read past the caller's bytes. */
static void test_impl_uri_parse_long_and_guarded(void)
{
	char text[1200] = "sip:";
	struct sip_uri u;
	struct th_guard g;

	memset(text + 4, 'a', 1000);
	memcpy(text + 1004, "@example.com;lr", 16);
	CU_ASSERT_EQUAL(sip_uri_parse(&u, text, strlen(text), NULL), 0);
	CU_ASSERT_EQUAL(u.user.len, 1000);
	CU_ASSERT_PTR_EQUAL(u.user.p, text + 4);
	CU_ASSERT_TRUE(u.lr);
	CU_ASSERT_EQUAL_FATAL(th_guard_init(&g, "sip:bob@biloxi.com:5060", 23), 0);
	CU_ASSERT_EQUAL(sip_uri_parse(&u, g.data, g.len, NULL), 0);
	CU_ASSERT_EQUAL(u.port, 5060);
	CU_ASSERT_EQUAL(sip_uri_parse(&u, g.data, g.len - 1, NULL), 0);
	CU_ASSERT_EQUAL(u.port, 506);
	th_guard_fini(&g);
}

static const struct th_test uri_tests[] = {
	TH_TEST(test_rfc3261_19_1_1_general_form_all_components),
	TH_TEST(test_rfc3261_19_1_3_example_uris_parse),
	TH_TEST(test_rfc3261_19_1_1_empty_user_with_at_rejected),
	TH_TEST(test_rfc3261_19_1_1_known_uri_parameters),
	TH_TEST(test_rfc3261_19_1_1_default_ports),
	TH_TEST(test_rfc3261_19_1_2_escapes_checked_not_decoded),
	TH_TEST(test_impl_uri_parse_long_and_guarded),
	TH_END
};

static const struct th_test abnf_tests[] = {
	TH_TEST(test_rfc3261_25_1_hostname_labels),
	TH_TEST(test_rfc3261_25_1_ipv4_address),
	TH_TEST(test_rfc3261_25_1_ipv6_reference),
	TH_TEST(test_rfc3261_25_1_port_digits),
	TH_TEST(test_rfc3261_25_1_tel_and_absolute_uris),
	TH_END
};

static const struct th_test compare_tests[] = {
	TH_TEST(test_rfc3261_19_1_4_equivalent_uris),
	TH_TEST(test_rfc3261_19_1_4_non_equivalent_uris),
	TH_TEST(test_rfc3261_19_1_4_equality_not_transitive),
	TH_TEST(test_rfc3261_19_1_1_repeated_parameter_compares_reflexively),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 19.1 SIP and SIPS URIs", uri_tests, NULL, NULL },
	{ "RFC3261 25.1 URI grammar (host, IPv4, IPv6, port)", abnf_tests, NULL, NULL },
	{ "RFC3261 19.1.4 URI Comparison", compare_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
