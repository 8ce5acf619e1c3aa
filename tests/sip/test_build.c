/* tests/sip/test_build.c - building and editing messages (RFC 3261 §8.1.1, §8.2.6.2,
 * §16.4, §16.6, §16.7, §18.2.1; RFC 3581 §4). */
#include "sip/msg.h"
#include "tests/sip/msgtest_util.h"
#include "tests/support/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INVITE "INVITE sip:bob@biloxi.com SIP/2.0\r\n" \
	"Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1, " \
	"SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds;received=192.0.2.1\r\n" \
	"Max-Forwards: 69\r\nRoute: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n" \
	"To: Bob <sip:bob@biloxi.com>\r\nFrom: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" \
	"Call-ID: a84b4c76e66710@pc33.atlanta.com\r\nCSeq: 314159 INVITE\r\n" \
	"Record-Route: <sip:bigbox3.site3.atlanta.com;lr>\r\n" \
	"Contact: <sip:alice@pc33.atlanta.com>\r\nContent-Length: 0\r\n\r\n"

/* Prints m to a NUL-terminated malloc'd string. */
static char *text_of(const struct sip_msg *m)
{
	char *s = NULL;
	size_t n;

	CU_ASSERT_EQUAL(sip_msg_print_alloc(m, &s, &n), 0);
	return s;
}

/* RFC3261 8.1.1: "A valid SIP request formulated by a UAC MUST, at a minimum,
 * contain the following header fields: To, From, CSeq, Call-ID, Max-Forwards, and
 * Via". */
static void test_rfc3261_8_1_1_build_a_request(void)
{
	struct sip_msg *m = NULL;

	CU_ASSERT_EQUAL_FATAL(sip_msg_create_request("INVITE", "sip:bob@biloxi.com", &m), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_VIA, "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_MAX_FORWARDS, "70"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_TO, "Bob <sip:bob@biloxi.com>"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_addf(m, SIP_HDR_FROM, "Alice <sip:alice@atlanta.com>;tag=%s", "1928301774"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_CALL_ID, "a84b4c76e66710@pc33.atlanta.com"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_addf(m, SIP_HDR_CSEQ, "%u INVITE", 314159u), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add_name(m, "X-Lab", "exercise 1"), 0);
	CU_ASSERT_EQUAL(sip_msg_validate(m, NULL), 0);
	CU_ASSERT_EQUAL(m->method, SIP_METHOD_INVITE);
	CU_ASSERT_TRUE(msgtest_is(m->from->tag, "1928301774"));
	CU_ASSERT_EQUAL(m->cseq->seq, 314159u);
	char *s = text_of(m);

	CU_ASSERT_STRING_EQUAL(s, "INVITE sip:bob@biloxi.com SIP/2.0\r\nContent-Length: 0\r\n"
				  "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\nMax-Forwards: 70\r\n"
				  "To: Bob <sip:bob@biloxi.com>\r\nFrom: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
				  "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\nCSeq: 314159 INVITE\r\n"
				  "X-Lab: exercise 1\r\n\r\n");
	free(s);
	CU_ASSERT_PTR_NULL(msgtest_roundtrip(m));
	sip_msg_destroy(m);
	CU_ASSERT_EQUAL(sip_msg_create_request("IN VITE", "sip:b@c.com", &m), EBADMSG);
	CU_ASSERT_EQUAL(sip_msg_create_request("INVITE", "not a uri", &m), EBADMSG);
	CU_ASSERT_PTR_NULL(m);
}

/* RFC3261 8.2.6.2: "The From field of the response MUST equal the From header field
 * of the request.  The Call-ID header field of the response MUST equal the Call-ID
 * header field of the request.  The CSeq header field of the response MUST equal the
 * CSeq field of the request.  The Via header field values in the response MUST equal
 * the Via header field values in the request and MUST maintain the same ordering." */
static void test_rfc3261_8_2_6_2_response_copies_request_headers(void)
{
	struct sip_msg *req = msgtest_parse(INVITE), *res = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	CU_ASSERT_EQUAL(sip_msg_create_response(req, 180, NULL, "a6c85cf", &res), 0);
	if (res != NULL) {
		char *s = text_of(res);

		CU_ASSERT_STRING_EQUAL(s, "SIP/2.0 180 Ringing\r\n"
			"Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1, "
			"SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds;received=192.0.2.1\r\n"
			"To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n"
			"From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
			"Call-ID: a84b4c76e66710@pc33.atlanta.com\r\nCSeq: 314159 INVITE\r\n"
			"Content-Length: 0\r\n\r\n");
		free(s);
		CU_ASSERT_TRUE(msgtest_is(res->to->tag, "a6c85cf"));
		CU_ASSERT_EQUAL(sip_msg_validate(res, NULL), 0);
		/* §12.1.1: the dialog layer copies Record-Route into a 2xx */
		CU_ASSERT_EQUAL(sip_msg_hdr_copy(res, req, SIP_HDR_RECORD_ROUTE), 0);
		CU_ASSERT_TRUE(msgtest_is(res->record_route->uri.host, "bigbox3.site3.atlanta.com"));
		sip_msg_destroy(res);
	}
	sip_msg_destroy(req);
}

/* RFC3261 8.2.6.2: "if a request contained a To tag in the request, the To header
 * field in the response MUST equal that of the request"; the 100 "MAY" carry none. */
static void test_rfc3261_8_2_6_2_to_tag_kept_or_omitted(void)
{
	struct sip_msg *req = msgtest_parse("BYE sip:b@c.com SIP/2.0\r\nVia: SIP/2.0/UDP h.com;branch=z9hG4bKx\r\n"
					    "To: <sip:b@c.com>;tag=old\r\nFrom: <sip:a@c.com>;tag=f\r\n"
					    "Call-ID: c\r\nCSeq: 2 BYE\r\n\r\n");
	struct sip_msg *res = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	CU_ASSERT_EQUAL(sip_msg_create_response(req, 200, "Fine", "new", &res), 0);
	if (res != NULL) {
		CU_ASSERT_TRUE(msgtest_is(res->to->tag, "old"));
		CU_ASSERT_TRUE(msgtest_is(res->reason, "Fine"));
		sip_msg_destroy(res);
	}
	CU_ASSERT_EQUAL(sip_msg_create_response(req, 100, NULL, NULL, &res), 0);
	CU_ASSERT_TRUE(res != NULL && msgtest_is(res->reason, "Trying"));
	sip_msg_destroy(res);
	CU_ASSERT_EQUAL(sip_msg_create_response(req, 99, NULL, NULL, &res), EINVAL);
	CU_ASSERT_EQUAL(sip_msg_create_response(req, 200, "bad\r\nInjected: x", NULL, &res), EBADMSG);
	sip_msg_destroy(req);
}

/* RFC3261 16.6 step 3: "The proxy MUST decrement the Max-Forwards value by one";
 * step 4 inserts Record-Route; 16.4: "the proxy MUST remove that value from the
 * Route header field"; 16.6 step 8 adds the proxy's own Via on top. */
static void test_rfc3261_16_6_proxy_edits_a_request(void)
{
	struct sip_msg *m = msgtest_parse(INVITE);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const struct sip_via *old_top = m->via;

	CU_ASSERT_EQUAL(sip_msg_set_max_forwards(m, (unsigned)m->max_forwards - 1), 0);
	CU_ASSERT_EQUAL(m->max_forwards, 68);
	CU_ASSERT_EQUAL(sip_msg_record_route_push(m, "<sip:p1.example.com;lr>"), 0);
	CU_ASSERT_TRUE(msgtest_is(m->record_route->uri.host, "p1.example.com"));
	CU_ASSERT_TRUE(msgtest_is(m->record_route->next->uri.host, "bigbox3.site3.atlanta.com"));
	CU_ASSERT_EQUAL(sip_msg_route_pop(m), 0);
	CU_ASSERT_TRUE(msgtest_is(m->route->uri.host, "p2.example.com"));
	CU_ASSERT_PTR_NULL(m->route->next);
	CU_ASSERT_EQUAL(sip_msg_via_push(m, "SIP/2.0/UDP p1.example.com;branch=z9hG4bK2d4790.1"), 0);
	CU_ASSERT_TRUE(msgtest_is(m->via->host, "p1.example.com"));
	CU_ASSERT_TRUE(msgtest_is(m->via->next->host, "bigbox3.site3.atlanta.com"));
	CU_ASSERT_EQUAL(sip_msg_set_ruri(m, "sip:bob@192.0.2.4"), 0);
	CU_ASSERT_EQUAL(m->ruri.host_type, SIP_HOST_IPV4);
	CU_ASSERT_EQUAL(sip_msg_set_ruri(m, "bad uri"), EBADMSG);
	CU_ASSERT_TRUE(msgtest_is(m->ruri.host, "192.0.2.4"));
	/* views taken before the edits still read the bytes they read then */
	CU_ASSERT_TRUE(msgtest_is(old_top->host, "bigbox3.site3.atlanta.com"));
	CU_ASSERT_EQUAL(sip_msg_route_pop(m), 0);
	CU_ASSERT_PTR_NULL(m->route);
	CU_ASSERT_EQUAL(sip_msg_route_pop(m), EINVAL);
	CU_ASSERT_EQUAL(sip_msg_validate(m, NULL), 0);
	CU_ASSERT_PTR_NULL(msgtest_roundtrip(m));
	sip_msg_destroy(m);
}

/* RFC3261 16.7 step 3: "The proxy removes the topmost Via header field value from the
 * response." - also when it shares its row with the next value. */
static void test_rfc3261_16_7_remove_top_via_of_response(void)
{
	struct sip_msg *m = msgtest_parse("SIP/2.0 200 OK\r\n"
					  "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKa, SIP/2.0/UDP b.example.com;branch=z9hG4bKb\r\n"
					  "Via: SIP/2.0/UDP c.example.com;branch=z9hG4bKc\r\n\r\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(sip_msg_via_pop(m), 0);
	CU_ASSERT_TRUE(msgtest_is(m->via->host, "b.example.com"));
	CU_ASSERT_TRUE(msgtest_is(m->hdrs[0].value, "SIP/2.0/UDP b.example.com;branch=z9hG4bKb"));
	CU_ASSERT_EQUAL(sip_msg_via_pop(m), 0);
	CU_ASSERT_TRUE(msgtest_is(m->via->host, "c.example.com"));
	CU_ASSERT_EQUAL(m->hdr_count, 1);
	CU_ASSERT_EQUAL(sip_msg_via_pop(m), 0);
	CU_ASSERT_PTR_NULL(m->via);
	CU_ASSERT_EQUAL(sip_msg_via_pop(m), EINVAL);
	sip_msg_destroy(m);
}

/* RFC3261 18.2.1: "the server MUST add a "received" parameter to that Via header
 * field value"; RFC3581 4: "The server MUST set the value of the "rport" parameter
 * to the source port of the request." */
static void test_rfc3581_4_received_and_rport_on_top_via(void)
{
	struct sip_msg *m = msgtest_parse("OPTIONS sip:b@c.com SIP/2.0\r\n"
					  "Via: SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bKx, SIP/2.0/TCP d.example.com\r\n\r\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(sip_msg_via_set_param(m, "received", "192.0.2.9"), 0);
	CU_ASSERT_EQUAL(sip_msg_via_set_param(m, "rport", "9988"), 0);
	CU_ASSERT_TRUE(msgtest_is(m->via->received, "192.0.2.9"));
	CU_ASSERT_EQUAL(m->via->rport, 9988);
	CU_ASSERT_TRUE(msgtest_is(m->via->branch, "z9hG4bKx"));
	CU_ASSERT_TRUE(msgtest_is(m->hdrs[0].value, "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKx;"
						    "received=192.0.2.9;rport=9988, SIP/2.0/TCP d.example.com"));
	CU_ASSERT_TRUE(msgtest_is(m->via->next->host, "d.example.com"));
	/* a value that does not parse leaves the message as it was */
	CU_ASSERT_EQUAL(sip_msg_via_set_param(m, "rport", "huge-port"), EBADMSG);
	CU_ASSERT_EQUAL(m->via->rport, 9988);
	CU_ASSERT_EQUAL(sip_msg_via_set_param(m, "x-flag", NULL), 0);
	CU_ASSERT_TRUE(sip_param_find(m->via->params, "x-flag", NULL));
	CU_ASSERT_EQUAL(sip_msg_via_set_param(m, "", "1"), EINVAL);
	sip_msg_destroy(m);
}

/* RFC3261 20.14: "The Content-Length header field indicates the size of the
 * message-body, in decimal number of octets" - kept right by set_body, and by the
 * printer whatever the row says. */
static void test_rfc3261_20_14_body_and_content_length_kept_in_step(void)
{
	struct sip_msg *m = NULL;
	static const char sdp[] = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n";

	CU_ASSERT_EQUAL_FATAL(sip_msg_create_request("MESSAGE", "sip:b@c.com", &m), 0);
	CU_ASSERT_EQUAL(sip_msg_set_body(m, "application/sdp", sdp, sizeof(sdp) - 1), 0);
	CU_ASSERT_EQUAL(m->content_length, (int64_t)(sizeof(sdp) - 1));
	CU_ASSERT_TRUE(msgtest_is(m->content_type->subtype, "sdp"));
	CU_ASSERT_EQUAL(sip_msg_hdr_replace(m, sip_msg_hdr_find(m, SIP_HDR_CONTENT_LENGTH, 0), "3"), 0);
	char *s = text_of(m), want[32];

	snprintf(want, sizeof(want), "Content-Length: %zu\r\n", sizeof(sdp) - 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, want));
	free(s);
	CU_ASSERT_EQUAL(sip_msg_set_body(m, NULL, NULL, 0), 0);
	CU_ASSERT_PTR_NULL(m->content_type);
	CU_ASSERT_EQUAL(m->content_length, 0);
	CU_ASSERT_EQUAL(m->body.len, 0);
	CU_ASSERT_EQUAL(sip_msg_set_body(m, "no-slash", "x", 1), EBADMSG);
	CU_ASSERT_EQUAL(m->body.len, 0);
	sip_msg_destroy(m);
}

/* Rows: add, prepend, replace, set, remove, remove_all; a value that does not parse
 * for its header leaves the message unchanged. */
static void test_impl_row_edits(void)
{
	struct sip_msg *m = msgtest_parse(INVITE);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	size_t rows = m->hdr_count;

	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_CSEQ, "not a cseq"), EBADMSG);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_CONTENT_LENGTH, "0"), EBADMSG);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_OTHER, "x"), EINVAL);
	CU_ASSERT_EQUAL(sip_msg_hdr_add_name(m, "Bad Name", "x"), EINVAL);
	CU_ASSERT_EQUAL(sip_msg_hdr_add_name(m, "X-Inject", "a\r\nVia: evil"), EBADMSG);
	CU_ASSERT_EQUAL(m->hdr_count, rows);
	CU_ASSERT_EQUAL(sip_msg_hdr_prepend(m, SIP_HDR_CONTACT, "<sip:first@h.example.com>"), 0);
	CU_ASSERT_TRUE(msgtest_is(m->contact->uri.user, "first"));
	CU_ASSERT_EQUAL(sip_msg_hdr_set(m, SIP_HDR_CONTACT, "*"), 0);
	CU_ASSERT_TRUE(m->contact->star);
	CU_ASSERT_EQUAL(m->rows[SIP_HDR_CONTACT], 1);
	CU_ASSERT_EQUAL(sip_msg_hdr_replace(m, sip_msg_hdr_find(m, SIP_HDR_TO, 0), "<sip:x@y.com>;tag=z"), 0);
	CU_ASSERT_TRUE(msgtest_is(m->to->tag, "z"));
	CU_ASSERT_EQUAL(sip_msg_hdr_replace(m, 999, "x"), EINVAL);
	CU_ASSERT_EQUAL(sip_msg_hdr_replace(m, sip_msg_hdr_find(m, SIP_HDR_TO, 0), "<bad"), EBADMSG);
	CU_ASSERT_TRUE(msgtest_is(m->to->tag, "z"));
	CU_ASSERT_EQUAL(sip_msg_hdr_remove_all(m, SIP_HDR_VIA), 1u);
	CU_ASSERT_PTR_NULL(m->via);
	CU_ASSERT_EQUAL(sip_msg_hdr_remove(m, sip_msg_hdr_find(m, SIP_HDR_CALL_ID, 0)), 0);
	CU_ASSERT_PTR_NULL(m->call_id.p);
	CU_ASSERT_EQUAL(sip_msg_hdr_remove(m, 999), EINVAL);
	CU_ASSERT_EQUAL(sip_msg_hdr_set(m, SIP_HDR_CALL_ID, "new@id"), 0);
	CU_ASSERT_TRUE(msgtest_is(m->call_id, "new@id"));
	CU_ASSERT_EQUAL(sip_msg_hdr_prepend(m, SIP_HDR_VIA, "SIP/2.0/TCP t.example.com"), 0);
	CU_ASSERT_EQUAL(m->hdrs[0].id, SIP_HDR_VIA);
	CU_ASSERT_PTR_NULL(msgtest_roundtrip(m));
	sip_msg_destroy(m);
}

/* Printing into a caller buffer: ENOBUFS with the needed length, then exactly that. */
static void test_impl_print_overflow_and_clone(void)
{
	struct sip_msg *m = msgtest_parse(INVITE), *c = NULL;
	char small[16], *big;
	size_t need, got;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(sip_msg_print(m, small, sizeof(small), &need), ENOBUFS);
	CU_ASSERT_EQUAL(memcmp(small, "INVITE sip:bob@b", 16), 0);
	CU_ASSERT_EQUAL(need, strlen(INVITE));
	big = malloc(need);
	CU_ASSERT_EQUAL(sip_msg_print(m, big, need, &got), 0);
	CU_ASSERT_EQUAL(got, need);
	CU_ASSERT_EQUAL(memcmp(big, INVITE, need), 0);
	free(big);
	CU_ASSERT_EQUAL(sip_msg_clone(m, &c), 0);
	if (c != NULL) {
		CU_ASSERT_PTR_NULL(msgtest_diff(m, c));
		CU_ASSERT_PTR_NOT_EQUAL(c->via, m->via);
		sip_msg_destroy(c);
	}
	sip_msg_destroy(m);
	sip_msg_destroy(NULL);
}

/* RFC3261 21: the reason phrases of the status codes. */
static void test_rfc3261_21_status_phrases(void)
{
	CU_ASSERT_STRING_EQUAL(sip_status_phrase(100), "Trying");
	CU_ASSERT_STRING_EQUAL(sip_status_phrase(200), "OK");
	CU_ASSERT_STRING_EQUAL(sip_status_phrase(481), "Call/Transaction Does Not Exist");
	CU_ASSERT_STRING_EQUAL(sip_status_phrase(505), "Version Not Supported");
	CU_ASSERT_STRING_EQUAL(sip_status_phrase(499), "Client Error");
	CU_ASSERT_STRING_EQUAL(sip_status_phrase(42), "Unknown");
}

static const struct th_test build_tests[] = {
	TH_TEST(test_rfc3261_8_1_1_build_a_request),
	TH_TEST(test_rfc3261_8_2_6_2_response_copies_request_headers),
	TH_TEST(test_rfc3261_8_2_6_2_to_tag_kept_or_omitted),
	TH_TEST(test_rfc3261_21_status_phrases),
	TH_END
};

static const struct th_test edit_tests[] = {
	TH_TEST(test_rfc3261_16_6_proxy_edits_a_request),
	TH_TEST(test_rfc3261_16_7_remove_top_via_of_response),
	TH_TEST(test_rfc3581_4_received_and_rport_on_top_via),
	TH_TEST(test_rfc3261_20_14_body_and_content_length_kept_in_step),
	TH_TEST(test_impl_row_edits),
	TH_TEST(test_impl_print_overflow_and_clone),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 8.1.1 / 8.2.6 Building requests and responses", build_tests, NULL, NULL },
	{ "RFC3261 16.6 / 16.7 / 18.2.1 Editing messages", edit_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
