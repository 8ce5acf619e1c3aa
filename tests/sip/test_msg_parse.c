/* tests/sip/test_msg_parse.c - the message grammar and datagram framing (RFC 3261
 * §7.1, §7.2, §7.3.1, §7.5, §18.3, §25). */
#include "sip/msg.h"
#include "tests/sip/msgtest_util.h"
#include "tests/support/harness.h"

#include <stdlib.h>
#include <string.h>

#define REQ_ROWS "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n" \
	"To: Bob <sip:bob@biloxi.com>\r\nFrom: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" \
	"Call-ID: a84b4c76e66710@pc33.atlanta.com\r\nCSeq: 314159 INVITE\r\nMax-Forwards: 70\r\n"

/* Parses text (length strlen) under the guard; on failure *err tells why. */
static struct sip_msg *parse(const char *text, struct sip_error *err)
{
	struct sip_msg *m = NULL;
	struct sip_error scratch;

	if (msgtest_parse_guarded(text, strlen(text), &m, err != NULL ? err : &scratch) != 0)
		return NULL;
	return m;
}

static int fails_at(const char *text, int status, unsigned line, unsigned col)
{
	struct sip_error err;
	struct sip_msg *m = parse(text, &err);

	sip_msg_destroy(m);
	return m == NULL && err.status == status && err.line == line && err.col == col;
}

/* RFC3261 7.1: "Request-Line  =  Method SP Request-URI SP SIP-Version CRLF" */
static void test_rfc3261_7_1_request_line(void)
{
	struct sip_msg *m = parse("INVITE sip:bob@biloxi.com SIP/2.0\r\n" REQ_ROWS "Content-Length: 0\r\n\r\n",
				  NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(m->is_request);
	CU_ASSERT_EQUAL(m->method, SIP_METHOD_INVITE);
	CU_ASSERT_TRUE(msgtest_is(m->method_name, "INVITE"));
	CU_ASSERT_TRUE(msgtest_is(m->ruri.text, "sip:bob@biloxi.com"));
	CU_ASSERT_TRUE(msgtest_is(m->version, "SIP/2.0"));
	CU_ASSERT_EQUAL(m->hdr_count, 7);
	CU_ASSERT_EQUAL(m->hdrs[0].line, 2);
	CU_ASSERT_EQUAL(sip_msg_validate(m, NULL), 0);
	sip_msg_destroy(m);
	/* "the elements ... separated by a single SP character" */
	CU_ASSERT_TRUE(fails_at("INVITE\tsip:b@c.com SIP/2.0\r\n\r\n", 400, 1, 7));
	CU_ASSERT_TRUE(fails_at("INVITE sip:b@c.com\r\n\r\n", 400, 1, 19));
	CU_ASSERT_TRUE(fails_at("INVITE sip:b@c.com SIP/2\r\n\r\n", 400, 1, 20));
	CU_ASSERT_TRUE(fails_at("INVITE sip:b@c.com SIP/2.0 \r\n\r\n", 400, 1, 27));
	CU_ASSERT_TRUE(fails_at("INV(ITE sip:b@c.com SIP/2.0\r\n\r\n", 400, 1, 4));
	CU_ASSERT_TRUE(fails_at(" INVITE sip:b@c.com SIP/2.0\r\n\r\n", 400, 1, 1));
	CU_ASSERT_TRUE(fails_at("INVITE sip:b@c.com> SIP/2.0\r\n\r\n", 400, 1, 19));
}

/* RFC3261 7.1: "SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT"; validation answers
 * 505 to anything but 2.0 (RFC4475 3.1.2.16). */
static void test_rfc3261_7_1_sip_version(void)
{
	struct sip_msg *m = parse("OPTIONS sip:b@c.com sip/2.0\r\n" REQ_ROWS "\r\n", NULL);
	struct sip_error err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->version, "sip/2.0"));
	sip_msg_destroy(m);
	m = parse("OPTIONS sip:b@c.com SIP/20.01\r\n" REQ_ROWS "\r\n", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(sip_msg_validate(m, &err), EPROTO);
	CU_ASSERT_EQUAL(err.status, 505);
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(fails_at("OPTIONS sip:b@c.com SIP/.0\r\n\r\n", 400, 1, 21));
	CU_ASSERT_TRUE(fails_at("OPTIONS sip:b@c.com HTTP/1.1\r\n\r\n", 400, 1, 21));
}

/* RFC3261 7.2: "Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF" and
 * "The Status-Code is a 3-digit integer result code". */
static void test_rfc3261_7_2_status_line(void)
{
	struct sip_msg *m = parse("SIP/2.0 180 Ringing\r\n" REQ_ROWS "\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_FALSE(m->is_request);
	CU_ASSERT_EQUAL(m->status, 180);
	CU_ASSERT_TRUE(msgtest_is(m->reason, "Ringing"));
	sip_msg_destroy(m);
	m = parse("SIP/2.0 486 Busy: here, 100% ; yes\r\n\r\n", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->reason, "Busy: here, 100% ; yes"));
	sip_msg_destroy(m);
	/* "SIP/2.0 allows six values for the first digit"; a broken response is dropped */
	CU_ASSERT_TRUE(fails_at("SIP/2.0 099 Low\r\n\r\n", 0, 1, 9));
	CU_ASSERT_TRUE(fails_at("SIP/2.0 700 High\r\n\r\n", 0, 1, 9));
	CU_ASSERT_TRUE(fails_at("SIP/2.0 20 OK\r\n\r\n", 0, 1, 9));
	CU_ASSERT_TRUE(fails_at("SIP/2.0 2000 OK\r\n\r\n", 0, 1, 9));
	CU_ASSERT_TRUE(fails_at("SIP/2.0 200OK\r\n\r\n", 0, 1, 12));
	CU_ASSERT_TRUE(fails_at("SIP/2.0  200 OK\r\n\r\n", 0, 1, 9));
	CU_ASSERT_TRUE(fails_at("SIP/2.0 200 O\001K\r\n\r\n", 0, 1, 14));
	CU_ASSERT_TRUE(fails_at("SIP/X 200 OK\r\n\r\n", 0, 1, 1));
	CU_ASSERT_TRUE(fails_at("SIP/2.0 200 OK\r\nTo: <bad\r\n\r\n", 0, 2, 6));
}

/* RFC3261 7.3.1: "The line break and the whitespace at the beginning of the next line
 * are treated as a single SP character." */
static void test_rfc3261_7_3_1_line_folding(void)
{
	struct sip_msg *m = parse("OPTIONS sip:b@c.com SIP/2.0\r\n"
				  "Subject: I know you're there,\r\n"
				  "         pick up the phone\r\n"
				  "\t and talk to me!\r\n"
				  "Max-Forwards:\r\n 70\r\n\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	/* each CR LF became two spaces; the continuation's own whitespace stays */
	CU_ASSERT_TRUE(msgtest_is(m->hdrs[0].value, "I know you're there,  " "         pick up the phone"
						    "  " "\t and talk to me!"));
	CU_ASSERT_EQUAL(m->hdrs[1].line, 5);
	CU_ASSERT_EQUAL(m->max_forwards, 70);
	CU_ASSERT_EQUAL(m->hdr_count, 2);
	sip_msg_destroy(m);
	/* the start-line cannot be folded */
	CU_ASSERT_TRUE(fails_at("OPTIONS sip:b@c.com SIP/2.0\r\n continued\r\n\r\n", 400, 2, 1));
}

/* RFC3261 7.3.1: "It MUST be possible to combine the multiple header field rows into
 * one "field-name: field-value" pair, without changing the semantics of the
 * message" - rows and comma lists give the same typed list. */
static void test_rfc3261_7_3_1_rows_and_comma_lists_equivalent(void)
{
	struct sip_msg *a = parse("OPTIONS sip:b@c.com SIP/2.0\r\n"
				  "Route: <sip:alice@atlanta.com>\r\nSubject: Lunch\r\n"
				  "Route: <sip:bob@biloxi.com>\r\nRoute: <sip:carol@chicago.com>\r\n\r\n", NULL);
	struct sip_msg *b = parse("OPTIONS sip:b@c.com SIP/2.0\r\nSubject: Lunch\r\n"
				  "Route: <sip:alice@atlanta.com>, <sip:bob@biloxi.com>,\r\n"
				  "       <sip:carol@chicago.com>\r\n\r\n", NULL);
	const struct sip_addr *x, *y;

	CU_ASSERT_PTR_NOT_NULL(a);
	CU_ASSERT_PTR_NOT_NULL(b);
	if (a != NULL && b != NULL) {
		for (x = a->route, y = b->route; x != NULL && y != NULL; x = x->next, y = y->next)
			CU_ASSERT_TRUE(sip_uri_equal(&x->uri, &y->uri));
		CU_ASSERT_PTR_NULL(x);
		CU_ASSERT_PTR_NULL(y);
		CU_ASSERT_TRUE(msgtest_is(a->route->next->next->uri.user, "carol"));
	}
	sip_msg_destroy(a);
	sip_msg_destroy(b);
}

/* RFC3261 7.3.1: "field-name: field-value"; a line with no colon, or a name that is
 * not a token, is not a header. */
static void test_rfc3261_7_3_1_header_line_needs_name_and_colon(void)
{
	CU_ASSERT_TRUE(fails_at("OPTIONS sip:b@c.com SIP/2.0\r\nFoobar roobar\r\n\r\n", 400, 2, 8));
	CU_ASSERT_TRUE(fails_at("OPTIONS sip:b@c.com SIP/2.0\r\n: value\r\n\r\n", 400, 2, 1));
	CU_ASSERT_TRUE(fails_at("OPTIONS sip:b@c.com SIP/2.0\r\nBad(Name): v\r\n\r\n", 400, 2, 4));
	CU_ASSERT_TRUE(fails_at("OPTIONS sip:b@c.com SIP/2.0\r\nX-A: 1\r\nNoColon\r\n\r\n", 400, 3, 8));
}

/* RFC3261 7.5: "Implementations processing SIP messages over stream-oriented
 * transports MUST ignore any CRLF appearing before the start-line". */
static void test_rfc3261_7_5_crlf_before_start_line_ignored(void)
{
	struct sip_msg *m = parse("\r\n\r\nOPTIONS sip:b@c.com SIP/2.0\r\nX-A: 1\r\n\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->hdrs[0].line, 4);
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(fails_at("\r\n\r\n", 400, 3, 1));
	CU_ASSERT_TRUE(fails_at("", 400, 1, 1));
}

/* RFC3261 18.3: "If there are additional bytes in the transport packet beyond the
 * end of the body, they MUST be discarded." and "If the message has no
 * Content-Length header field, the message body is assumed to end at the end of the
 * transport packet." */
static void test_rfc3261_18_3_datagram_body_framing(void)
{
	struct sip_msg *m = parse("MESSAGE sip:b@c.com SIP/2.0\r\nContent-Length: 5\r\n\r\nhello, world", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->body, "hello"));
	CU_ASSERT_EQUAL(m->content_length, 5);
	sip_msg_destroy(m);
	m = parse("MESSAGE sip:b@c.com SIP/2.0\r\nX-A: 1\r\n\r\nhello, world", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->body, "hello, world"));
	CU_ASSERT_EQUAL(m->content_length, -1);
	sip_msg_destroy(m);
	/* the datagram may end right after the headers, even without the empty line */
	m = parse("MESSAGE sip:b@c.com SIP/2.0\r\nContent-Length: 0", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->body.len, 0);
	sip_msg_destroy(m);
}

/* RFC3261 18.3: the datagram may end anywhere after the headers - here inside the
 * last line's CRLF.  What the printer writes parses to the same rows (found by
 * fuzzing: the row's bytes were once copied with the CR and the NUL after it). */
static void test_rfc3261_18_3_datagram_ending_in_cr_round_trips(void)
{
	struct sip_msg *m = parse("OPTIONS sip:b@c.com SIP/2.0\r\nX-A: 1\r\nX-B: 2\r", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->hdrs[1].value, "2"));
	CU_ASSERT_PTR_NULL(msgtest_roundtrip(m));
	sip_msg_destroy(m);
}

/* RFC3261 18.3: "If the transport packet ends before the end of the message body,
 * this is considered an error.  If the message is a response, it MUST be discarded.
 * If the message is a request, the element SHOULD generate a 400 (Bad Request)
 * response." */
static void test_rfc3261_18_3_short_datagram_400_or_dropped(void)
{
	CU_ASSERT_TRUE(fails_at("MESSAGE sip:b@c.com SIP/2.0\r\nContent-Length: 6\r\n\r\nhello", 400, 2, 17));
	CU_ASSERT_TRUE(fails_at("SIP/2.0 200 OK\r\nl: 6\r\n\r\nhello", 0, 2, 4));
	CU_ASSERT_TRUE(fails_at("MESSAGE sip:b@c.com SIP/2.0\r\nl: 5\r\nl: 5\r\n\r\nhello", 400, 3, 4));
}

/* RFC3261 25: "Unlike HTTP/1.1, the characters CR and LF cannot be escaped by this
 * mechanism"; a bare CR is no line end. */
static void test_rfc3261_25_bare_cr_is_not_a_line_end(void)
{
	/* the bare CR keeps "SIP/2.0\rX-A: 1" on the Request-Line */
	CU_ASSERT_TRUE(fails_at("OPTIONS sip:b@c.com SIP/2.0\rX-A: 1\r\n\r\n", 400, 1, 20));
	CU_ASSERT_TRUE(fails_at("OPTIONS sip:b@c.com SIP/2.0\r\nSubject: a\rb\r\n\r\n", 400, 2, 11));
}

/* DESIGN.md: "Capacity limits (... message size) are named constants; when one is
 * reached the caller gets an error and the peer gets the RFC's response".  RFC3261
 * 21.5.14: "513 Message Too Large". */
static void test_rfc3261_21_5_14_oversized_message_513(void)
{
	size_t len = SIP_MSG_MAX_LEN + 1;
	char *big = malloc(len);
	struct sip_msg *m = NULL;
	struct sip_error err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memset(big, 'a', len);
	CU_ASSERT_EQUAL(sip_msg_parse(big, len, &m, &err), EBADMSG);
	CU_ASSERT_EQUAL(err.status, 513);
	CU_ASSERT_PTR_NULL(m);
	free(big);
}

/* A message with more rows than the first table holds, and one whose typed values
 * outgrow the first arena block: both grow, every view stays right. */
static void test_impl_many_rows_and_large_values_grow_the_arena(void)
{
	char *text = malloc(60000);
	size_t n = 0;
	struct sip_msg *m;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	n += (size_t)sprintf(text + n, "OPTIONS sip:b@c.com SIP/2.0\r\n");
	for (int i = 0; i < 400; i++)
		n += (size_t)sprintf(text + n, "Via: SIP/2.0/UDP h%d.example.com;branch=z9hG4bK%d, "
					       "SIP/2.0/TCP [::%x]:%d\r\n", i, i, i + 1, 1000 + i);
	n += (size_t)sprintf(text + n, "\r\n");
	m = NULL;
	CU_ASSERT_EQUAL(sip_msg_parse(text, n, &m, NULL), 0);
	free(text);
	if (m == NULL)
		return;
	CU_ASSERT_EQUAL(m->hdr_count, 400);
	int count = 0;
	const struct sip_via *last = NULL;

	for (const struct sip_via *v = m->via; v != NULL; v = v->next, count++)
		last = v;
	CU_ASSERT_EQUAL(count, 800);
	CU_ASSERT_TRUE(last != NULL && msgtest_is(last->host, "[::190]") && last->port == 1399);
	CU_ASSERT_TRUE(msgtest_is(m->hdrs[399].value, "SIP/2.0/UDP h399.example.com;branch=z9hG4bK399, "
						     "SIP/2.0/TCP [::190]:1399"));
	sip_msg_destroy(m);
}

static const struct th_test start_tests[] = {
	TH_TEST(test_rfc3261_7_1_request_line),
	TH_TEST(test_rfc3261_7_1_sip_version),
	TH_TEST(test_rfc3261_7_2_status_line),
	TH_END
};

static const struct th_test header_tests[] = {
	TH_TEST(test_rfc3261_7_3_1_line_folding),
	TH_TEST(test_rfc3261_7_3_1_rows_and_comma_lists_equivalent),
	TH_TEST(test_rfc3261_7_3_1_header_line_needs_name_and_colon),
	TH_TEST(test_rfc3261_25_bare_cr_is_not_a_line_end),
	TH_END
};

static const struct th_test framing_tests[] = {
	TH_TEST(test_rfc3261_7_5_crlf_before_start_line_ignored),
	TH_TEST(test_rfc3261_18_3_datagram_body_framing),
	TH_TEST(test_rfc3261_18_3_datagram_ending_in_cr_round_trips),
	TH_TEST(test_rfc3261_18_3_short_datagram_400_or_dropped),
	TH_TEST(test_rfc3261_21_5_14_oversized_message_513),
	TH_TEST(test_impl_many_rows_and_large_values_grow_the_arena),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 7.1 Requests / 7.2 Responses (start-line)", start_tests, NULL, NULL },
	{ "RFC3261 7.3.1 Header Field Format", header_tests, NULL, NULL },
	{ "RFC3261 18.3 Framing (datagrams)", framing_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
