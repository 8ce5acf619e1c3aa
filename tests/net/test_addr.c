/* tests/net/test_addr.c - IPv4/IPv6 transport addresses (net/addr.h). */
#include "net/addr.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>

/* Parses `s` and formats it back; returns the formatted text in a static buffer, or
 * "ERR" if parsing failed. */
static const char *roundtrip(const char *s, uint16_t default_port)
{
	static char out[NET_ADDR_STRLEN];
	struct net_addr a;

	if (net_addr_parse(&a, s, default_port) != 0)
		return "ERR";
	if (net_addr_format(&a, out, sizeof(out)) != 0)
		return "FMT";
	return out;
}

/* RFC3261 25.1: "hostport = host [ ":" port ]" with "IPv4address = 1*3DIGIT "."
 * 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT" and "port = 1*DIGIT". */
static void test_rfc3261_25_1_ipv4_hostport(void)
{
	struct net_addr a;

	CU_ASSERT_EQUAL(net_addr_parse(&a, "192.0.2.4:5070", 5060), 0);
	CU_ASSERT_EQUAL(net_addr_family(&a), AF_INET);
	CU_ASSERT_EQUAL(net_addr_port(&a), 5070);
	CU_ASSERT_EQUAL(a.ip[0], 192);
	CU_ASSERT_EQUAL(a.ip[1], 0);
	CU_ASSERT_EQUAL(a.ip[2], 2);
	CU_ASSERT_EQUAL(a.ip[3], 4);
	CU_ASSERT_STRING_EQUAL(roundtrip("192.0.2.4:5070", 5060), "192.0.2.4:5070");
	CU_ASSERT_STRING_EQUAL(roundtrip("10.0.0.1:0", 5060), "10.0.0.1:0");
	CU_ASSERT_STRING_EQUAL(roundtrip("255.255.255.255:65535", 5060), "255.255.255.255:65535");
}

/* RFC3261 25.1: "IPv6reference = "[" IPv6address "]"" - the brackets keep the
 * address's colons apart from the port's (RFC 5118 section 4.1 examples). */
static void test_rfc3261_25_1_ipv6_reference_in_brackets(void)
{
	struct net_addr a;

	CU_ASSERT_EQUAL(net_addr_parse(&a, "[2001:db8::10]:5070", 5060), 0);
	CU_ASSERT_EQUAL(net_addr_family(&a), AF_INET6);
	CU_ASSERT_EQUAL(net_addr_port(&a), 5070);
	CU_ASSERT_EQUAL(a.ip[0], 0x20);
	CU_ASSERT_EQUAL(a.ip[1], 0x01);
	CU_ASSERT_EQUAL(a.ip[2], 0x0d);
	CU_ASSERT_EQUAL(a.ip[3], 0xb8);
	CU_ASSERT_EQUAL(a.ip[15], 0x10);
	CU_ASSERT_STRING_EQUAL(roundtrip("[2001:db8::10]:5070", 5060), "[2001:db8::10]:5070");
	CU_ASSERT_STRING_EQUAL(roundtrip("[2001:db8::10]", 5060), "[2001:db8::10]:5060");
	CU_ASSERT_STRING_EQUAL(roundtrip("[::1]:0", 5060), "[::1]:0");
	/* inet_pton accepts the long and the mixed forms; the printer writes RFC 5952 text */
	CU_ASSERT_STRING_EQUAL(roundtrip("[2001:0db8:0000:0000:0000:0000:0000:0010]:1", 5),
			       "[2001:db8::10]:1");
	CU_ASSERT_STRING_EQUAL(roundtrip("[::ffff:192.0.2.4]:7", 5), "[::ffff:192.0.2.4]:7");
}

/* RFC3261 18.1.1: "If the port is absent, the default value depends on the transport.
 * It is 5060 for UDP, TCP and SCTP, 5061 for TLS."  The caller knows the transport,
 * so the caller passes the default. */
static void test_rfc3261_18_1_1_absent_port_takes_transport_default(void)
{
	struct net_addr a;

	CU_ASSERT_EQUAL(net_addr_parse(&a, "192.0.2.4", 5060), 0);
	CU_ASSERT_EQUAL(net_addr_port(&a), 5060);
	CU_ASSERT_EQUAL(net_addr_parse(&a, "192.0.2.4", 5061), 0);
	CU_ASSERT_EQUAL(net_addr_port(&a), 5061);
	CU_ASSERT_EQUAL(net_addr_parse(&a, "[2001:db8::1]", 5061), 0);
	CU_ASSERT_EQUAL(net_addr_port(&a), 5061);
	/* a bare IPv6 address has no port: its last group is not one */
	CU_ASSERT_EQUAL(net_addr_parse(&a, "2001:db8::1:5070", 5060), 0);
	CU_ASSERT_EQUAL(net_addr_family(&a), AF_INET6);
	CU_ASSERT_EQUAL(net_addr_port(&a), 5060);
	CU_ASSERT_EQUAL(a.ip[14], 0x50);
	CU_ASSERT_EQUAL(a.ip[15], 0x70);
	CU_ASSERT_STRING_EQUAL(roundtrip("::1", 5060), "[::1]:5060");
}

/* RFC5118 4.1: "An IPv6 reference appears in the Request-URI (R-URI), Via header
 * field, and Contact header field." - the three hosts of message ipv6-good. */
static void test_rfc5118_4_1_ipv6_references_of_valid_message(void)
{
	CU_ASSERT_STRING_EQUAL(roundtrip("[2001:db8::10]", 5060), "[2001:db8::10]:5060");
	CU_ASSERT_STRING_EQUAL(roundtrip("[2001:db8::9:1]", 5060), "[2001:db8::9:1]:5060");
	CU_ASSERT_STRING_EQUAL(roundtrip("[2001:db8::1]", 5060), "[2001:db8::1]:5060");
}

/* RFC5118 4.3: "From a parsing perspective, the request below is well-formed.
 * However, from a semantic point of view, it will not yield the desired result."
 * A port written inside the brackets is the address's last group. */
static void test_rfc5118_4_3_port_inside_brackets_belongs_to_address(void)
{
	struct net_addr a;

	CU_ASSERT_EQUAL(net_addr_parse(&a, "[2001:db8::10:5070]", 5060), 0);
	CU_ASSERT_EQUAL(net_addr_port(&a), 5060);
	CU_ASSERT_EQUAL(a.ip[12], 0x00);
	CU_ASSERT_EQUAL(a.ip[13], 0x10);
	CU_ASSERT_EQUAL(a.ip[14], 0x50);
	CU_ASSERT_EQUAL(a.ip[15], 0x70);
}

/* RFC5118 4.4: "the following REGISTER request leaves no ambiguity whatsoever on where
 * the IPv6 address ends and the port number begins." (sip:[2001:db8::10]:5070), and
 * RFC5118 4.7's Via "[2001:db8::9:1]:6050". */
static void test_rfc5118_4_4_port_after_brackets(void)
{
	CU_ASSERT_STRING_EQUAL(roundtrip("[2001:db8::10]:5070", 5060), "[2001:db8::10]:5070");
	CU_ASSERT_STRING_EQUAL(roundtrip("[2001:db8::9:1]:6050", 5060), "[2001:db8::9:1]:6050");
}

/* RFC5118 4.5: "implementations must follow the Robustness Principle [RFC1122] and be
 * liberal in accepting a "received" parameter with or without the delimiting "[" and
 * "]" tokens.  When sending a request, implementations must not put the delimiting
 * "[" and "]" tokens." */
static void test_rfc5118_4_5_received_with_or_without_brackets(void)
{
	struct net_addr with, without;
	char out[NET_ADDR_STRLEN];

	CU_ASSERT_EQUAL(net_addr_parse(&with, "[2001:db8::9:255]", 5060), 0);
	CU_ASSERT_EQUAL(net_addr_parse(&without, "2001:db8::9:255", 5060), 0);
	CU_ASSERT_TRUE(net_addr_equal(&with, &without));
	CU_ASSERT_EQUAL(net_addr_format_ip(&with, out, sizeof(out)), 0);
	CU_ASSERT_STRING_EQUAL(out, "2001:db8::9:255");
}

/* RFC5118 4.10: "following the Robustness Principle [RFC1122], an implementation must
 * tolerate both of the above constructs." ([2001:db8:::192.0.2.1] and
 * [2001:db8::192.0.2.1]).  The extra colon is tolerated only in that IPv4-tail form. */
static void test_rfc5118_4_10_extra_colon_before_ipv4_tolerated(void)
{
	struct net_addr bug, good;

	CU_ASSERT_EQUAL(net_addr_parse(&bug, "[2001:db8:::192.0.2.1]", 5060), 0);
	CU_ASSERT_EQUAL(net_addr_parse(&good, "[2001:db8::192.0.2.1]", 5060), 0);
	CU_ASSERT_TRUE(net_addr_equal(&bug, &good));
	CU_ASSERT_EQUAL(good.ip[12], 192);
	CU_ASSERT_EQUAL(good.ip[15], 1);
	CU_ASSERT_STRING_EQUAL(roundtrip("[2001:db8:::192.0.2.1]:5070", 0),
			       "[2001:db8::c000:201]:5070");
	CU_ASSERT_EQUAL(net_addr_parse(&bug, "2001:db8:::192.0.2.1", 5060), 0);
	CU_ASSERT_EQUAL(net_addr_parse(&bug, "[2001:db8:::1]", 5060), EINVAL);
	CU_ASSERT_EQUAL(net_addr_parse(&bug, "[2001:db8::::192.0.2.1]", 5060), EINVAL);
}

/* RFC3261 18.2.1: "If the host portion of the "sent-by" parameter contains a domain
 * name, or if it contains an IP address that differs from the packet source address,
 * the server MUST add a "received" parameter to that Via header field value."  The
 * comparison is of addresses only: the source port is not part of it. */
static void test_rfc3261_18_2_1_sent_by_compared_with_source_ip_only(void)
{
	struct net_addr sent_by, source;

	net_addr_parse(&sent_by, "192.0.2.4", 5060);
	net_addr_parse(&source, "192.0.2.4:38412", 0);
	CU_ASSERT_TRUE(net_addr_same_ip(&sent_by, &source));    /* no received= needed */
	net_addr_parse(&source, "192.0.2.5:5060", 0);
	CU_ASSERT_FALSE(net_addr_same_ip(&sent_by, &source));   /* received=192.0.2.5 */
	net_addr_parse(&sent_by, "[2001:db8::9:1]:5060", 0);
	net_addr_parse(&source, "[2001:db8::9:1]:1024", 0);
	CU_ASSERT_TRUE(net_addr_same_ip(&sent_by, &source));
}

/* Numeric zones survive parse -> print -> parse (link-local peers need them). */
static void test_impl_addr_ipv6_numeric_zone(void)
{
	struct net_addr a;
	char ip[NET_ADDR_STRLEN];

	CU_ASSERT_EQUAL(net_addr_parse(&a, "[fe80::1%3]:5060", 1), 0);
	CU_ASSERT_EQUAL(a.scope_id, 3);
	CU_ASSERT_STRING_EQUAL(roundtrip("[fe80::1%3]:5060", 1), "[fe80::1%3]:5060");
	CU_ASSERT_STRING_EQUAL(roundtrip("fe80::1%4294967295", 9), "[fe80::1%4294967295]:9");
	CU_ASSERT_EQUAL(net_addr_format_ip(&a, ip, sizeof(ip)), 0);
	CU_ASSERT_STRING_EQUAL(ip, "fe80::1%3");
	CU_ASSERT_EQUAL(net_addr_parse(&a, "[fe80::1%eth0]:5060", 1), EINVAL);
	CU_ASSERT_EQUAL(net_addr_parse(&a, "[fe80::1%]:5060", 1), EINVAL);
	CU_ASSERT_EQUAL(net_addr_parse(&a, "[fe80::1%4294967296]", 1), EINVAL);
}

/* Everything that is not an IP literal with an optional port is EINVAL, and leaves
 * the address unset. */
static void test_impl_addr_bad_input_is_einval(void)
{
	static const char *const bad[] = {
		"", ":5060", "192.0.2.4:", "192.0.2.4:65536", "192.0.2.4:99999",
		"192.0.2.4:123456", "192.0.2.4:x", "192.0.2.4:+5", "192.0.2.4:-1",
		"192.0.2.4:5060 ", " 192.0.2.4", "192.0.2.4 :5060", "192.0.2", "256.0.0.1",
		"192.0.2.4.5", "localhost", "localhost:5060", "example.com", "[::1", "::1]",
		"[::1]x", "[::1]:", "[::1]5060", "[::1]:5060:5060", "[]", "[]:5060",
		"[192.0.2.4]:5060", "[::1]:70000", "2001:db8:::1", "1:2:3:4:5:6:7:8:9",
		"[2001:db8::1]]", "192.0.2.4:5060:5060",
	};
	struct net_addr a;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&a, 0xa5, sizeof(a));
		CU_ASSERT_EQUAL(net_addr_parse(&a, bad[i], 5060), EINVAL);
		CU_ASSERT_EQUAL(net_addr_family(&a), AF_UNSPEC);
	}
	CU_ASSERT_EQUAL(net_addr_parse(&a, NULL, 5060), EINVAL);
	CU_ASSERT_EQUAL(net_addr_parse_n(&a, "192.0.2.4\0:5", 12, 5060), EINVAL);
	/* a long input must not overrun the copy made for inet_pton */
	char longv6[200];

	memset(longv6, '1', sizeof(longv6));
	longv6[0] = '[';
	longv6[198] = ']';
	longv6[199] = '\0';
	CU_ASSERT_EQUAL(net_addr_parse(&a, longv6, 5060), EINVAL);
}

/* Header values are views: parse_n must read exactly `len` bytes. */
static void test_impl_addr_parse_n_reads_only_len_bytes(void)
{
	const char *via = "192.0.2.4:5070;branch=z9hG4bK";
	struct net_addr a;

	CU_ASSERT_EQUAL(net_addr_parse_n(&a, via, 14, 5060), 0);
	CU_ASSERT_EQUAL(net_addr_port(&a), 5070);
	CU_ASSERT_EQUAL(net_addr_parse_n(&a, via, 9, 5060), 0);
	CU_ASSERT_EQUAL(net_addr_port(&a), 5060);
	CU_ASSERT_EQUAL(net_addr_parse_n(&a, via, 15, 5060), EINVAL);
	CU_ASSERT_EQUAL(net_addr_parse_n(&a, via, 0, 5060), EINVAL);
}

static void test_impl_addr_format_reports_short_buffer(void)
{
	struct net_addr a;
	char buf[NET_ADDR_STRLEN];

	CU_ASSERT_EQUAL(net_addr_parse(&a, "192.0.2.4:5060", 0), 0);
	CU_ASSERT_EQUAL(net_addr_format(&a, buf, 14), ENOBUFS);  /* needs 14 + NUL */
	CU_ASSERT_EQUAL(net_addr_format(&a, buf, 15), 0);
	CU_ASSERT_STRING_EQUAL(buf, "192.0.2.4:5060");
	CU_ASSERT_EQUAL(net_addr_format_ip(&a, buf, 9), ENOBUFS);
	CU_ASSERT_EQUAL(net_addr_format_ip(&a, buf, 10), 0);
	CU_ASSERT_STRING_EQUAL(buf, "192.0.2.4");
	memset(&a, 0, sizeof(a));
	CU_ASSERT_EQUAL(net_addr_format(&a, buf, sizeof(buf)), EINVAL);
	CU_ASSERT_EQUAL(net_addr_format_ip(&a, buf, sizeof(buf)), EINVAL);
}

/* RFC3261 18: "These connections are indexed by the tuple formed from the address,
 * port, and transport protocol at the far end of the connection."  The address part of
 * that index is net_addr_equal: family, IP and port must all match. */
static void test_rfc3261_18_connection_index_compares_address_and_port(void)
{
	struct net_addr a, b, c, v6, mapped;

	net_addr_parse(&a, "192.0.2.4:5060", 0);
	net_addr_parse(&b, "192.0.2.4", 5060);
	net_addr_parse(&c, "192.0.2.4:5061", 0);
	net_addr_parse(&v6, "[::ffff:192.0.2.4]:5060", 0);
	net_addr_parse(&mapped, "[::ffff:192.0.2.4]:5061", 0);
	CU_ASSERT_TRUE(net_addr_equal(&a, &b));
	CU_ASSERT_FALSE(net_addr_equal(&a, &c));       /* port differs */
	CU_ASSERT_TRUE(net_addr_same_ip(&a, &c));
	CU_ASSERT_FALSE(net_addr_equal(&a, &v6));      /* family differs, same bits */
	CU_ASSERT_FALSE(net_addr_same_ip(&a, &v6));
	CU_ASSERT_TRUE(net_addr_same_ip(&v6, &mapped));
	net_addr_parse(&b, "192.0.2.5:5060", 0);
	CU_ASSERT_FALSE(net_addr_equal(&a, &b));       /* IP differs */
	net_addr_set_port(&c, 5060);
	CU_ASSERT_TRUE(net_addr_equal(&a, &c));
	net_addr_parse(&a, "[fe80::1%1]:5060", 0);
	net_addr_parse(&b, "[fe80::1%2]:5060", 0);
	CU_ASSERT_FALSE(net_addr_equal(&a, &b));       /* zone differs */
}

static void test_impl_addr_loopback_and_any(void)
{
	struct net_addr a;

	CU_ASSERT_EQUAL(net_addr_loopback(&a, AF_INET, 7), 0);
	CU_ASSERT_STRING_EQUAL(roundtrip("127.0.0.1:7", 0), "127.0.0.1:7");
	CU_ASSERT_TRUE(net_addr_is_loopback(&a));
	CU_ASSERT_FALSE(net_addr_is_any(&a));
	CU_ASSERT_EQUAL(net_addr_loopback(&a, AF_INET6, 7), 0);
	CU_ASSERT_TRUE(net_addr_is_loopback(&a));
	CU_ASSERT_EQUAL(a.ip[15], 1);
	CU_ASSERT_EQUAL(net_addr_any(&a, AF_INET6, 9), 0);
	CU_ASSERT_TRUE(net_addr_is_any(&a));
	CU_ASSERT_FALSE(net_addr_is_loopback(&a));
	CU_ASSERT_EQUAL(net_addr_port(&a), 9);
	CU_ASSERT_EQUAL(net_addr_any(&a, AF_INET, 0), 0);
	CU_ASSERT_TRUE(net_addr_is_any(&a));
	CU_ASSERT_EQUAL(net_addr_any(&a, AF_UNIX, 0), EINVAL);
	CU_ASSERT_EQUAL(net_addr_loopback(&a, 12345, 0), EINVAL);
	CU_ASSERT_FALSE(net_addr_is_any(&a));          /* unset is neither */
	CU_ASSERT_FALSE(net_addr_is_loopback(&a));

	net_addr_parse(&a, "127.255.0.9", 0);
	CU_ASSERT_TRUE(net_addr_is_loopback(&a));
	net_addr_parse(&a, "128.0.0.1", 0);
	CU_ASSERT_FALSE(net_addr_is_loopback(&a));
	net_addr_parse(&a, "::ffff:127.0.0.1", 0);
	CU_ASSERT_TRUE(net_addr_is_loopback(&a));
	net_addr_parse(&a, "::2", 0);
	CU_ASSERT_FALSE(net_addr_is_loopback(&a));
}

static void test_impl_addr_sockaddr_roundtrip(void)
{
	struct net_addr a, b;
	struct sockaddr_storage ss;
	socklen_t len;

	net_addr_parse(&a, "192.0.2.4:5060", 0);
	CU_ASSERT_EQUAL(net_addr_to_sockaddr(&a, &ss, &len), 0);
	CU_ASSERT_EQUAL(len, sizeof(struct sockaddr_in));
	CU_ASSERT_EQUAL(((struct sockaddr_in *)&ss)->sin_port, htons(5060));
	CU_ASSERT_EQUAL(((struct sockaddr_in *)&ss)->sin_addr.s_addr, htonl(0xc0000204));
	CU_ASSERT_EQUAL(net_addr_from_sockaddr(&b, &ss, len), 0);
	CU_ASSERT_TRUE(net_addr_equal(&a, &b));
	CU_ASSERT_EQUAL(net_addr_from_sockaddr(&b, &ss, len - 1), EINVAL);

	net_addr_parse(&a, "[fe80::2%5]:5062", 0);
	CU_ASSERT_EQUAL(net_addr_to_sockaddr(&a, &ss, &len), 0);
	CU_ASSERT_EQUAL(len, sizeof(struct sockaddr_in6));
	CU_ASSERT_EQUAL(((struct sockaddr_in6 *)&ss)->sin6_scope_id, 5);
	CU_ASSERT_EQUAL(((struct sockaddr_in6 *)&ss)->sin6_port, htons(5062));
	CU_ASSERT_EQUAL(net_addr_from_sockaddr(&b, &ss, len), 0);
	CU_ASSERT_TRUE(net_addr_equal(&a, &b));

	memset(&a, 0, sizeof(a));
	CU_ASSERT_EQUAL(net_addr_to_sockaddr(&a, &ss, &len), EINVAL);
	ss.ss_family = AF_UNIX;
	CU_ASSERT_EQUAL(net_addr_from_sockaddr(&b, &ss, sizeof(ss)), EINVAL);
	CU_ASSERT_EQUAL(net_addr_family(&b), AF_UNSPEC);
}

static const struct th_test rfc_tests[] = {
	TH_TEST(test_rfc3261_25_1_ipv4_hostport),
	TH_TEST(test_rfc3261_25_1_ipv6_reference_in_brackets),
	TH_TEST(test_rfc3261_18_1_1_absent_port_takes_transport_default),
	TH_TEST(test_rfc3261_18_connection_index_compares_address_and_port),
	TH_TEST(test_rfc3261_18_2_1_sent_by_compared_with_source_ip_only),
	TH_END
};

static const struct th_test rfc5118_tests[] = {
	TH_TEST(test_rfc5118_4_1_ipv6_references_of_valid_message),
	TH_TEST(test_rfc5118_4_3_port_inside_brackets_belongs_to_address),
	TH_TEST(test_rfc5118_4_4_port_after_brackets),
	TH_TEST(test_rfc5118_4_5_received_with_or_without_brackets),
	TH_TEST(test_rfc5118_4_10_extra_colon_before_ipv4_tolerated),
	TH_END
};

static const struct th_test impl_tests[] = {
	TH_TEST(test_impl_addr_ipv6_numeric_zone),
	TH_TEST(test_impl_addr_bad_input_is_einval),
	TH_TEST(test_impl_addr_parse_n_reads_only_len_bytes),
	TH_TEST(test_impl_addr_format_reports_short_buffer),
	TH_TEST(test_impl_addr_loopback_and_any),
	TH_TEST(test_impl_addr_sockaddr_roundtrip),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 25.1 / 18 hostport and transport addresses", rfc_tests, NULL, NULL },
	{ "RFC5118 4 IPv6 references (torture tests)", rfc5118_tests, NULL, NULL },
	{ "net/addr: zones, errors, conversions", impl_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
