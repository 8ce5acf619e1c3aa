/* tests/sip/test_validate.c - what a UAS or proxy refuses after parsing (RFC 3261
 * §8.1.1, §8.1.1.5, §8.2, §7.3.1, §19.1.1, §20.22; RFC 4475). */
#include "sip/msg.h"
#include "tests/sip/msgtest_util.h"
#include "tests/support/harness.h"

#include <string.h>

#define VIA "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"
#define TO "To: Bob <sip:bob@biloxi.com>\r\n"
#define FROM "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
#define CALLID "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
#define CSEQ "CSeq: 314159 OPTIONS\r\n"

/* Validation status for OPTIONS (or the given start line) with these rows; -1 when
 * the text does not even parse.  *line gets the reported line. */
static int status_of(const char *start, const char *rows, unsigned *line)
{
	char text[1024];
	struct sip_msg *m = NULL;
	struct sip_error err;

	snprintf(text, sizeof(text), "%s\r\n%s\r\n", start != NULL ? start : "OPTIONS sip:bob@biloxi.com SIP/2.0",
		 rows);
	if (sip_msg_parse(text, strlen(text), &m, NULL) != 0)
		return -1;
	int rc = sip_msg_validate(m, &err);

	sip_msg_destroy(m);
	if (rc == 0)
		return 200;
	CU_ASSERT_EQUAL(rc, EPROTO);
	CU_ASSERT_PTR_NOT_NULL(err.reason);
	if (line != NULL)
		*line = err.line;
	return err.status;
}

/* RFC3261 8.1.1: "A valid SIP request formulated by a UAC MUST, at a minimum, contain
 * the following header fields: To, From, CSeq, Call-ID, Max-Forwards, and Via"; a
 * UAS answers 400 when one is missing (Max-Forwards excepted: RFC 4475 3.4.1). */
static void test_rfc3261_8_1_1_required_headers(void)
{
	unsigned line = 0;

	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CALLID CSEQ, NULL), 200);
	CU_ASSERT_EQUAL(status_of(NULL, VIA FROM CALLID CSEQ, &line), 400);
	CU_ASSERT_EQUAL(line, 1);
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO CALLID CSEQ, NULL), 400);
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CSEQ, NULL), 400);
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CALLID, NULL), 400);
	CU_ASSERT_EQUAL(status_of(NULL, TO FROM CALLID CSEQ, NULL), 400);
}

/* RFC3261 7.3.1: "Multiple header field rows with the same field-name MAY be present
 * in a message if and only if the entire field-value for that header field is
 * defined as a comma-separated list". */
static void test_rfc3261_7_3_1_single_value_headers_once(void)
{
	unsigned line = 0;

	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CALLID CSEQ "Call-ID: other@x\r\n", &line), 400);
	CU_ASSERT_EQUAL(line, 7);
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO TO FROM CALLID CSEQ, NULL), 400);
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM FROM CALLID CSEQ, NULL), 400);
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CALLID CSEQ CSEQ, NULL), 400);
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CALLID CSEQ "Max-Forwards: 1\r\nMax-Forwards: 2\r\n", NULL), 400);
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CALLID CSEQ "Expires: 1\r\nExpires: 1\r\n", NULL), 400);
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CALLID CSEQ "c: a/b\r\nc: a/b\r\n", NULL), 400);
	/* lists may repeat */
	CU_ASSERT_EQUAL(status_of(NULL, VIA VIA TO FROM CALLID CSEQ "Route: <sip:a@b.com>\r\n"
			"Route: <sip:c@b.com>\r\nSupported: a\r\nSupported: b\r\n", NULL), 200);
}

/* RFC3261 8.1.1.5: "The sequence number value MUST be expressible as a 32-bit
 * unsigned integer"; 20.22: Max-Forwards "is an integer in the range 0-255". */
static void test_rfc3261_8_1_1_5_overlarge_scalars_400(void)
{
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CALLID "CSeq: 4294967295 OPTIONS\r\n", NULL), 200);
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CALLID "CSeq: 4294967296 OPTIONS\r\n", NULL), 400);
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CALLID CSEQ "Max-Forwards: 255\r\n", NULL), 200);
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CALLID CSEQ "Max-Forwards: 256\r\n", NULL), 400);
}

/* RFC3261 8.1.1.5: "The method MUST match that of the request."  RFC4475 3.1.2.18:
 * for an unknown method "choosing a 501 ... has better future-proof
 * characteristics". */
static void test_rfc3261_8_1_1_5_cseq_method_matches_request(void)
{
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CALLID "CSeq: 1 INVITE\r\n", NULL), 400);
	CU_ASSERT_EQUAL(status_of("FOO sip:b@c.com SIP/2.0", VIA TO FROM CALLID "CSeq: 1 INVITE\r\n", NULL), 501);
	CU_ASSERT_EQUAL(status_of("FOO sip:b@c.com SIP/2.0", VIA TO FROM CALLID "CSeq: 1 FOO\r\n", NULL), 200);
	/* methods are case-sensitive */
	CU_ASSERT_EQUAL(status_of(NULL, VIA TO FROM CALLID "CSeq: 1 options\r\n", NULL), 400);
	/* a response's CSeq names the request it answers: no check against a method */
	CU_ASSERT_EQUAL(status_of("SIP/2.0 200 OK", VIA TO FROM CALLID "CSeq: 1 INVITE\r\n", NULL), 200);
}

/* RFC3261 21.5.6: "The server does not support, or refuses to support, the SIP
 * protocol version that was used in the request." (505; RFC4475 3.1.2.16).  A
 * response with another version is dropped instead. */
static void test_rfc3261_21_5_6_version_not_supported_505(void)
{
	CU_ASSERT_EQUAL(status_of("OPTIONS sip:b@c.com SIP/3.0", VIA TO FROM CALLID CSEQ, NULL), 505);
	CU_ASSERT_EQUAL(status_of("OPTIONS sip:b@c.com SIP/2.00", VIA TO FROM CALLID CSEQ, NULL), 505);
	CU_ASSERT_EQUAL(status_of("SIP/3.0 200 OK", VIA TO FROM CALLID CSEQ, NULL), 0);
	CU_ASSERT_EQUAL(status_of("SIP/2.0 200 OK", VIA TO FROM CALLID, NULL), 0);
}

/* RFC3261 19.1.1 Table 1: headers are "-" (not allowed) in a Request-URI; RFC4475
 * 3.1.2.11: "It is acceptable for an element to reject this request with a 400". */
static void test_rfc3261_19_1_1_headers_not_allowed_in_request_uri(void)
{
	CU_ASSERT_EQUAL(status_of("OPTIONS sip:b@c.com?Route=%3Csip:x%3E SIP/2.0", VIA TO FROM CALLID CSEQ, NULL),
			400);
}

/* RFC3261 8.1.1.7: "The branch parameter value MUST be unique across space and time
 * ... MUST always begin with the characters "z9hG4bK""; RFC4475 3.2.1: a branch of
 * only the cookie "could reject the request with a 400". */
static void test_rfc3261_8_1_1_7_magic_cookie_alone_400(void)
{
	CU_ASSERT_EQUAL(status_of(NULL, "Via: SIP/2.0/UDP h.com;branch=z9hG4bK\r\n" TO FROM CALLID CSEQ, NULL), 400);
	CU_ASSERT_EQUAL(status_of(NULL, "Via: SIP/2.0/UDP h.com;branch=z9hG4bKx\r\n" TO FROM CALLID CSEQ, NULL), 200);
	CU_ASSERT_EQUAL(status_of(NULL, "Via: SIP/2.0/UDP h.com\r\n" TO FROM CALLID CSEQ, NULL), 200);
}

static const struct th_test validate_tests[] = {
	TH_TEST(test_rfc3261_8_1_1_required_headers),
	TH_TEST(test_rfc3261_7_3_1_single_value_headers_once),
	TH_TEST(test_rfc3261_8_1_1_5_overlarge_scalars_400),
	TH_TEST(test_rfc3261_8_1_1_5_cseq_method_matches_request),
	TH_TEST(test_rfc3261_21_5_6_version_not_supported_505),
	TH_TEST(test_rfc3261_19_1_1_headers_not_allowed_in_request_uri),
	TH_TEST(test_rfc3261_8_1_1_7_magic_cookie_alone_400),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 8.2 UAS checks after parsing (sip_msg_validate)", validate_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
