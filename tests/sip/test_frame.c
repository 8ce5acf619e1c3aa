/* tests/sip/test_frame.c - finding message boundaries on a stream (RFC 3261 §18.3,
 * §7.5, §20.14; RFC 4475 §3.1.2.2, §3.1.2.3, §3.3.9). */
#include "sip/msg.h"
#include "tests/sip/msgtest_util.h"
#include "tests/support/guard.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MSG1 "OPTIONS sip:b@c.com SIP/2.0\r\nVia: SIP/2.0/TCP h.example.com\r\nContent-Length: 5\r\n\r\nhello"
#define MSG2 "SIP/2.0 200 OK\r\nl:0\r\n\r\n"

/* sip_msg_frame on the first n bytes of text, placed before a guard page. */
static int frame(const char *text, size_t n, size_t *skip, size_t *len, struct sip_error *err)
{
	struct th_guard g;

	if (th_guard_init(&g, text, n) != 0)
		return -1;
	int rc = sip_msg_frame(g.data, n, skip, len, err);

	th_guard_fini(&g);
	return rc;
}

/* RFC3261 18.3: "In the case of stream-oriented transports such as TCP, the
 * Content-Length header field indicates the size of the body." */
static void test_rfc3261_18_3_frame_by_content_length(void)
{
	const char *stream = MSG1 MSG2;
	size_t skip, len;

	CU_ASSERT_EQUAL(frame(stream, strlen(stream), &skip, &len, NULL), 0);
	CU_ASSERT_EQUAL(skip, 0);
	CU_ASSERT_EQUAL(len, strlen(MSG1));
	CU_ASSERT_EQUAL(frame(stream + len, strlen(MSG2), &skip, &len, NULL), 0);
	CU_ASSERT_EQUAL(len, strlen(MSG2));
}

/* RFC4475 3.1.2.2: "If this message arrived over a stream-based transport, such as
 * TCP, there's not much the receiving party could do but wait for more data". Every
 * prefix of a message is "need more bytes". */
static void test_rfc4475_3_1_2_2_every_prefix_needs_more(void)
{
	const char *m = MSG1;
	size_t skip, len;

	for (size_t n = 0; n < strlen(m); n++)
		CU_ASSERT_EQUAL(frame(m, n, &skip, &len, NULL), EAGAIN);
	CU_ASSERT_EQUAL(frame(m, strlen(m), &skip, &len, NULL), 0);
}

/* RFC3261 7.5: "Implementations processing SIP messages over stream-oriented
 * transports MUST ignore any CRLF appearing before the start-line"; they are
 * reported in *skip (a keep-alive is just CRLFs). */
static void test_rfc3261_7_5_leading_crlf_skipped(void)
{
	const char *stream = "\r\n\r\n\n" MSG2;
	size_t skip, len;

	CU_ASSERT_EQUAL(frame(stream, strlen(stream), &skip, &len, NULL), 0);
	CU_ASSERT_EQUAL(skip, 5);
	CU_ASSERT_EQUAL(len, strlen(MSG2));
	CU_ASSERT_EQUAL(frame("\r\n\r\n", 4, &skip, &len, NULL), EAGAIN);
	CU_ASSERT_EQUAL(skip, 4);
}

/* RFC3261 20.14: "If a stream-based protocol (such as TCP) is used as transport,
 * the header field MUST be used." */
static void test_rfc3261_20_14_missing_content_length_on_stream(void)
{
	const char *m = "OPTIONS sip:b@c.com SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n";
	size_t skip, len;
	struct sip_error err;

	CU_ASSERT_EQUAL(frame(m, strlen(m), &skip, &len, &err), EBADMSG);
	CU_ASSERT_EQUAL(err.status, 400);
	CU_ASSERT_EQUAL(err.line, 4);
	CU_ASSERT_EQUAL(frame("SIP/2.0 200 OK\r\n\r\n", 18, &skip, &len, &err), EBADMSG);
	CU_ASSERT_EQUAL(err.status, 0);
}

/* RFC4475 3.1.2.3: "If a request like this arrives over TCP, the framing error is
 * not recoverable, and the connection should be closed.  The same behavior is
 * appropriate for messages that arrive without a numeric value in the
 * Content-Length header field". */
static void test_rfc4475_3_1_2_3_bad_content_length_unrecoverable(void)
{
	static const char *const bad[] = {
		"INVITE sip:b@c.com SIP/2.0\r\nContent-Length: -999\r\n\r\n",
		"INVITE sip:b@c.com SIP/2.0\r\nContent-Length: ten\r\n\r\n",
		"INVITE sip:b@c.com SIP/2.0\r\nContent-Length: 10 x\r\n\r\n",
		"INVITE sip:b@c.com SIP/2.0\r\nContent-Length:\r\n\r\n",
	};
	size_t skip, len;
	struct sip_error err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL(frame(bad[i], strlen(bad[i]), &skip, &len, &err), EBADMSG);
		CU_ASSERT_EQUAL(err.status, 400);
		CU_ASSERT_EQUAL(err.line, 2);
	}
}

/* RFC4475 3.3.9: "Multiple conflicting Content-Length header field values appear in
 * this request. ... If a request like this arrives over TCP, the framing error is
 * not recoverable". */
static void test_rfc4475_3_3_9_conflicting_content_length(void)
{
	size_t len;
	char *data = msgtest_load_4475("mcl01.dat", &len);
	size_t skip, mlen;
	struct sip_error err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	CU_ASSERT_EQUAL(frame(data, len, &skip, &mlen, &err), EBADMSG);
	CU_ASSERT_EQUAL(err.status, 400);
	CU_ASSERT_EQUAL(err.line, 9);
	free(data);
	/* repeated but equal values frame (validation then reports the duplicate) */
	const char *same = "SIP/2.0 200 OK\r\nl: 2\r\nContent-Length: 2\r\n\r\nok";

	CU_ASSERT_EQUAL(frame(same, strlen(same), &skip, &mlen, NULL), 0);
	CU_ASSERT_EQUAL(mlen, strlen(same));
}

/* RFC3261 7.3.1 and 7.3.3 apply on a stream too: the Content-Length row may be
 * compact, any case, spaced before the colon, or folded. */
static void test_rfc3261_7_3_3_content_length_forms_on_stream(void)
{
	static const char *const forms[] = {
		"MESSAGE sip:b@c.com SIP/2.0\r\nl:3\r\n\r\nabc",
		"MESSAGE sip:b@c.com SIP/2.0\r\nCONTENT-LENGTH  : 3\r\n\r\nabc",
		"MESSAGE sip:b@c.com SIP/2.0\r\nContent-Length:\r\n   3\r\n\r\nabc",
		"MESSAGE sip:b@c.com SIP/2.0\nContent-Length: 3\n\nabc",
	};
	size_t skip, len;

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		CU_ASSERT_EQUAL(frame(forms[i], strlen(forms[i]), &skip, &len, NULL), 0);
		CU_ASSERT_EQUAL(len, strlen(forms[i]));
		CU_ASSERT_EQUAL(frame(forms[i], strlen(forms[i]) - 1, &skip, &len, NULL), EAGAIN);
	}
	/* a Content-Length in the body is not a header */
	const char *body = "MESSAGE sip:b@c.com SIP/2.0\r\nl: 20\r\n\r\nContent-Length: 99\r\n";

	CU_ASSERT_EQUAL(frame(body, strlen(body), &skip, &len, NULL), 0);
	CU_ASSERT_EQUAL(len, strlen(body));
}

/* DESIGN.md: capacity limits are named constants and the peer gets the RFC's
 * response: RFC3261 21.5.14 "513 Message Too Large". */
static void test_rfc3261_21_5_14_stream_message_too_large(void)
{
	const char *huge = "MESSAGE sip:b@c.com SIP/2.0\r\nContent-Length: 70000\r\n\r\n";
	size_t skip, len;
	struct sip_error err;

	CU_ASSERT_EQUAL(frame(huge, strlen(huge), &skip, &len, &err), EBADMSG);
	CU_ASSERT_EQUAL(err.status, 513);
	char *noend = malloc(SIP_MSG_MAX_LEN + 2);

	CU_ASSERT_PTR_NOT_NULL_FATAL(noend);
	memset(noend, 'x', SIP_MSG_MAX_LEN + 2);
	memcpy(noend, "SIP/2.0 200 OK\r\nX: ", 19);
	CU_ASSERT_EQUAL(sip_msg_frame(noend, SIP_MSG_MAX_LEN + 2, &skip, &len, &err), EBADMSG);
	CU_ASSERT_EQUAL(err.status, 0);
	CU_ASSERT_EQUAL(sip_msg_frame(noend, 1000, &skip, &len, &err), EAGAIN);
	free(noend);
}

static const struct th_test frame_tests[] = {
	TH_TEST(test_rfc3261_18_3_frame_by_content_length),
	TH_TEST(test_rfc4475_3_1_2_2_every_prefix_needs_more),
	TH_TEST(test_rfc3261_7_5_leading_crlf_skipped),
	TH_TEST(test_rfc3261_20_14_missing_content_length_on_stream),
	TH_TEST(test_rfc4475_3_1_2_3_bad_content_length_unrecoverable),
	TH_TEST(test_rfc4475_3_3_9_conflicting_content_length),
	TH_TEST(test_rfc3261_7_3_3_content_length_forms_on_stream),
	TH_TEST(test_rfc3261_21_5_14_stream_message_too_large),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 18.3 Framing (streams)", frame_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
