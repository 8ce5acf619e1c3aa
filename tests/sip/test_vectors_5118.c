/* tests/sip/test_vectors_5118.c - RFC 5118 §4, the IPv6 torture messages.
 *
 * The archive files (tests/vectors/rfc5118/) use bare LF line ends and two of them
 * declare a wrong Content-Length (see INDEX.md there).  These tests check IPv6
 * references, so msgtest_load_5118 gives CRLF line ends and the true body length;
 * two tests at the end feed the raw files to pin down what the parser does with
 * them as they are: LF is tolerated, a Content-Length longer than the datagram is
 * refused as RFC 3261 §18.3 says.
 */
#include "sip/msg.h"
#include "tests/sip/msgtest_util.h"
#include "tests/support/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses (guarded), validates and round-trips a 5118 vector. */
static struct sip_msg *ok(const char *name)
{
	size_t len;
	char *data = msgtest_load_5118(name, &len);
	struct sip_msg *m = NULL;
	struct sip_error err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	int rc = msgtest_parse_guarded(data, len, &m, &err);

	free(data);
	CU_ASSERT_EQUAL(rc, 0);
	if (rc != 0) {
		printf("\n  %s: %u:%u %s\n", name, err.line, err.col, err.reason);
		return NULL;
	}
	CU_ASSERT_EQUAL(sip_msg_validate(m, NULL), 0);
	CU_ASSERT_PTR_NULL(msgtest_roundtrip(m));
	return m;
}

/* RFC5118 4.1: "An IPv6 reference appears in the Request-URI (R-URI), Via header
 * field, and Contact header field." (well-formatted) */
static void test_rfc5118_4_1_ipv6_good_references_parse(void)
{
	struct sip_msg *m = ok("ipv6-good");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->ruri.host, "[2001:db8::10]"));
	CU_ASSERT_EQUAL(m->ruri.host_type, SIP_HOST_IPV6);
	CU_ASSERT_TRUE(msgtest_is(m->via->host, "[2001:db8::9:1]"));
	CU_ASSERT_EQUAL(m->via->host_type, SIP_HOST_IPV6);
	CU_ASSERT_TRUE(msgtest_is(m->contact->uri.host, "[2001:db8::1]"));
	sip_msg_destroy(m);
}

/* RFC5118 4.2: "The IPv6 reference in the R-URI does not contain the mandated
 * delimiters ... A SIP implementation receiving this request should respond with a
 * 400 Bad Request error." */
static void test_rfc5118_4_2_ipv6_bad_undelimited_reference_400(void)
{
	size_t len;
	char *data = msgtest_load_5118("ipv6-bad", &len);
	struct sip_msg *m = NULL;
	struct sip_error err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	CU_ASSERT_EQUAL(msgtest_parse_guarded(data, len, &m, &err), EBADMSG);
	free(data);
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_EQUAL(err.status, 400);
	CU_ASSERT_EQUAL(err.line, 1);
	CU_ASSERT_EQUAL(err.col, 14);  /* at "2001:db8::10" */
}

/* RFC5118 4.3: "From a parsing perspective, the request below is well-formed.
 * However, from a semantic point of view, it will not yield the desired result." */
static void test_rfc5118_4_3_port_ambiguous_port_inside_brackets(void)
{
	struct sip_msg *m = ok("port-ambiguous");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->ruri.host, "[2001:db8::10:5070]"));
	CU_ASSERT_EQUAL(m->ruri.port, -1);
	CU_ASSERT_EQUAL(sip_uri_port_or_default(&m->ruri), 5060);
	sip_msg_destroy(m);
}

/* RFC5118 4.4: "the following REGISTER request leaves no ambiguity whatsoever on
 * where the IPv6 address ends and the port number begins." */
static void test_rfc5118_4_4_port_unambiguous_port_after_bracket(void)
{
	struct sip_msg *m = ok("port-unambiguous");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->ruri.host, "[2001:db8::10]"));
	CU_ASSERT_EQUAL(m->ruri.port, 5070);
	sip_msg_destroy(m);
}

/* RFC5118 4.5: "implementations must follow the Robustness Principle [RFC1122] and
 * be liberal in accepting a "received" parameter with or without the delimiting "["
 * and "]" tokens." */
static void test_rfc5118_4_5_received_with_brackets_accepted(void)
{
	struct sip_msg *m = ok("via-received-param-with-delim");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->via->received, "2001:db8::9:255"));
	CU_ASSERT_TRUE(msgtest_is(m->via->branch, "z9hG4bKas3-111"));
	sip_msg_destroy(m);
}

/* RFC5118 4.5: "This request is valid according to the grammar in [RFC3261]." (a
 * received parameter without brackets) */
static void test_rfc5118_4_5_received_without_brackets_accepted(void)
{
	struct sip_msg *m = ok("via-received-param-no-delim");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->via->received, "2001:db8::9:255"));
	CU_ASSERT_TRUE(msgtest_is(m->via->branch, "z9hG4bKas3"));
	sip_msg_destroy(m);
}

/* RFC5118 4.6: "This request below is valid and well-formed according to the
 * grammar in [RFC3261].  Note that the IPv6 addresses in the SDP [RFC4566] body do
 * not have the delimiting "[" and "]"." */
static void test_rfc5118_4_6_ipv6_in_sdp_body_untouched(void)
{
	struct sip_msg *m = ok("ipv6-in-sdp");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->via->host, "[2001:db8::20]"));
	CU_ASSERT_EQUAL((size_t)m->content_length, m->body.len);
	CU_ASSERT_EQUAL(memcmp(m->body.p, "v=0\r\n", 5), 0);
	sip_msg_destroy(m);
}

/* RFC5118 4.7: "The Via list contains a mix of IPv4 addresses and IPv6
 * references." */
static void test_rfc5118_4_7_mult_ip_in_header_mixed_via_list(void)
{
	struct sip_msg *m = ok("mult-ip-in-header");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->via->host, "[2001:db8::9:1]"));
	CU_ASSERT_EQUAL(m->via->port, 6050);
	CU_ASSERT_TRUE(msgtest_is(m->via->next->host, "192.0.2.1"));
	CU_ASSERT_EQUAL(m->via->next->host_type, SIP_HOST_IPV4);
	CU_ASSERT_TRUE(msgtest_is(m->via->next->next->host, "[2001:db8::9:255]"));
	CU_ASSERT_TRUE(msgtest_is(m->via->next->next->transport, "TCP"));
	CU_ASSERT_TRUE(msgtest_is(m->via->next->next->received, "192.0.2.200"));
	sip_msg_destroy(m);
}

/* RFC5118 4.8: "The SDP contains multiple media lines, and each media line is
 * identified by a different network connection address." (valid) */
static void test_rfc5118_4_8_mult_ip_in_sdp_parses(void)
{
	struct sip_msg *m = ok("mult-ip-in-sdp");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->contact->uri.host, "[2001:db8::9:1]"));
	CU_ASSERT_EQUAL((size_t)m->content_length, m->body.len);
	sip_msg_destroy(m);
}

/* RFC5118 4.9: "A SIP implementation receiving a message that contains such a mapped
 * address must be prepared to parse it successfully." */
static void test_rfc5118_4_9_ipv4_mapped_ipv6_addresses(void)
{
	struct sip_msg *m = ok("ipv4-mapped-ipv6");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->via->host, "[::ffff:192.0.2.10]"));
	CU_ASSERT_EQUAL(m->via->port, 19823);
	CU_ASSERT_TRUE(msgtest_is(m->via->next->host, "[::ffff:192.0.2.2]"));
	CU_ASSERT_EQUAL(m->via->next->port, -1);
	CU_ASSERT_TRUE(msgtest_is(m->contact->uri.host, "[::ffff:192.0.2.2]"));
	CU_ASSERT_TRUE(msgtest_is(m->contact->display, "T. desk phone"));
	sip_msg_destroy(m);
}

/* RFC5118 4.10: "following the Robustness Principle [RFC1122], an implementation
 * must tolerate both of the above constructs." */
static void test_rfc5118_4_10_three_colons_tolerated(void)
{
	struct sip_msg *m = ok("ipv6-bug-abnf-3-colons");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->ruri.host, "[2001:db8:::192.0.2.1]"));
	CU_ASSERT_EQUAL(m->ruri.host_type, SIP_HOST_IPV6);
	CU_ASSERT_TRUE(msgtest_is(m->to->uri.host, "[2001:db8:::192.0.2.1]"));
	sip_msg_destroy(m);
}

/* RFC5118 4.10: "The next message has the correct syntax for the IPv6 reference in
 * the R-URI." */
static void test_rfc5118_4_10_two_colons_correct(void)
{
	struct sip_msg *m = ok("ipv6-correct-abnf-2-colons");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->ruri.host, "[2001:db8::192.0.2.1]"));
	sip_msg_destroy(m);
}

/* RFC3261 7: "the start-line, each message-header line, and the empty line MUST be
 * terminated by a carriage-return line-feed sequence (CRLF)."  DEVIATION: the
 * parser also accepts a bare LF, so RFC 5118's own LF files parse as they are. */
static void test_impl_bare_lf_line_ends_tolerated(void)
{
	static const char *const files[] = { "ipv6-good", "port-unambiguous", "ipv4-mapped-ipv6",
					     "mult-ip-in-header", "ipv6-bug-abnf-3-colons" };

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t len;
		char *data = msgtest_load_5118_raw(files[i], &len);
		struct sip_msg *m = NULL;

		CU_ASSERT_PTR_NOT_NULL_FATAL(data);
		CU_ASSERT_EQUAL(msgtest_parse_guarded(data, len, &m, NULL), 0);
		free(data);
		if (m != NULL) {
			CU_ASSERT_PTR_NOT_NULL(m->via);
			CU_ASSERT_EQUAL(sip_msg_validate(m, NULL), 0);
			sip_msg_destroy(m);
		}
	}
}

/* RFC3261 18.3: "If the transport packet ends before the end of the message body,
 * this is considered an error."  ipv6-in-sdp as archived declares 268 bytes and
 * carries 242: refused, which is why the tests above fix its length. */
static void test_rfc3261_18_3_raw_ipv6_in_sdp_length_too_large_400(void)
{
	size_t len;
	char *data = msgtest_load_5118_raw("ipv6-in-sdp", &len);
	struct sip_msg *m = NULL;
	struct sip_error err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	CU_ASSERT_EQUAL(msgtest_parse_guarded(data, len, &m, &err), EBADMSG);
	free(data);
	CU_ASSERT_EQUAL(err.status, 400);
	CU_ASSERT_EQUAL(err.line, 10);
}

static const struct th_test ipv6_tests[] = {
	TH_TEST(test_rfc5118_4_1_ipv6_good_references_parse),
	TH_TEST(test_rfc5118_4_2_ipv6_bad_undelimited_reference_400),
	TH_TEST(test_rfc5118_4_3_port_ambiguous_port_inside_brackets),
	TH_TEST(test_rfc5118_4_4_port_unambiguous_port_after_bracket),
	TH_TEST(test_rfc5118_4_5_received_with_brackets_accepted),
	TH_TEST(test_rfc5118_4_5_received_without_brackets_accepted),
	TH_TEST(test_rfc5118_4_6_ipv6_in_sdp_body_untouched),
	TH_TEST(test_rfc5118_4_7_mult_ip_in_header_mixed_via_list),
	TH_TEST(test_rfc5118_4_8_mult_ip_in_sdp_parses),
	TH_TEST(test_rfc5118_4_9_ipv4_mapped_ipv6_addresses),
	TH_TEST(test_rfc5118_4_10_three_colons_tolerated),
	TH_TEST(test_rfc5118_4_10_two_colons_correct),
	TH_END
};

static const struct th_test raw_tests[] = {
	TH_TEST(test_impl_bare_lf_line_ends_tolerated),
	TH_TEST(test_rfc3261_18_3_raw_ipv6_in_sdp_length_too_large_400),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC5118 4 Parser Torture Tests (IPv6)", ipv6_tests, NULL, NULL },
	{ "RFC5118 archive as is: LF line ends, declared lengths", raw_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
