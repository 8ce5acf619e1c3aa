/* tests/sip/test_dialog.c - dialog state and requests within a dialog (sip/dialog.h).
 *
 * Pure functions over messages: each test parses the messages of an RFC example
 * (RFC 3665 §3.2's two-proxy call, RFC 3261 §12.2.1.1's and §16.12.1.2's strict
 * routers), builds the dialog from them and checks the state and the requests the
 * dialog builds, row by row.
 */
#include "sip/dialog.h"
#include "sip/msg.h"
#include "tests/sip/msgtest_util.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RFC 3665 §3.2 F4 (as Alice sent it, with our Via) and F14 (as Alice got it). */
static const char f4_invite[] =
	"INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
	"Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\r\n"
	"Max-Forwards: 70\r\n"
	"Route: <sip:ss1.atlanta.example.com;lr>\r\n"
	"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
	"To: Bob <sip:bob@biloxi.example.com>\r\n"
	"Call-ID: 3848276298220188511@atlanta.example.com\r\n"
	"CSeq: 2 INVITE\r\n"
	"Contact: <sip:alice@client.atlanta.example.com;transport=tcp>\r\n"
	"Content-Length: 0\r\n\r\n";

static const char f14_ok[] =
	"SIP/2.0 200 OK\r\n"
	"Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;received=192.0.2.101\r\n"
	"Record-Route: <sip:ss2.biloxi.example.com;lr>,\r\n <sip:ss1.atlanta.example.com;lr>\r\n"
	"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
	"To: Bob <sip:bob@biloxi.example.com>;tag=314159\r\n"
	"Call-ID: 3848276298220188511@atlanta.example.com\r\n"
	"CSeq: 2 INVITE\r\n"
	"Contact: <sip:bob@client.biloxi.example.com;transport=tcp>\r\n"
	"Content-Length: 0\r\n\r\n";

/* RFC 3665 §3.2 F7: the INVITE as Bob received it. */
static const char f7_invite[] =
	"INVITE sip:bob@client.biloxi.example.com SIP/2.0\r\n"
	"Via: SIP/2.0/TCP ss2.biloxi.example.com:5060;branch=z9hG4bK721e4.1\r\n"
	"Via: SIP/2.0/TCP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1;received=192.0.2.111\r\n"
	"Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;received=192.0.2.101\r\n"
	"Max-Forwards: 68\r\n"
	"Record-Route: <sip:ss2.biloxi.example.com;lr>,\r\n <sip:ss1.atlanta.example.com;lr>\r\n"
	"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
	"To: Bob <sip:bob@biloxi.example.com>\r\n"
	"Call-ID: 3848276298220188511@atlanta.example.com\r\n"
	"CSeq: 2 INVITE\r\n"
	"Contact: <sip:alice@client.atlanta.example.com;transport=tcp>\r\n"
	"Content-Length: 0\r\n\r\n";

/* The value of the n-th row with this id ("" when there is none). */
static const char *row(const struct sip_msg *m, enum sip_hdr_id id, size_t n)
{
	static char buf[1024];
	size_t i = sip_msg_hdr_find(m, id, 0);

	while (i != SIP_HDR_NONE && n-- > 0)
		i = sip_msg_hdr_find(m, id, i + 1);
	buf[0] = '\0';
	if (i != SIP_HDR_NONE)
		(void)sip_str_copy(m->hdrs[i].value, buf, sizeof(buf));
	return buf;
}

static const char *ruri(const struct sip_msg *m)
{
	static char buf[1024];

	(void)sip_str_copy(m->ruri.text, buf, sizeof(buf));
	return buf;
}

/* RFC3261 12.1.2: "The route set MUST be set to the list of URIs in the Record-Route
 * header field from the response, taken in reverse order and preserving all URI
 * parameters." */
static void test_rfc3261_12_1_2_uac_route_set_is_reversed(void)
{
	struct sip_msg *inv = msgtest_parse(f4_invite), *ok = msgtest_parse(f14_ok), *ack = NULL;
	struct sip_dialog d;

	CU_ASSERT_EQUAL(sip_dialog_create_uac(&d, inv, ok, "sip:alice@client.atlanta.example.com"), 0);
	CU_ASSERT_EQUAL(d.state, SIP_DIALOG_CONFIRMED);
	CU_ASSERT_TRUE(d.uac);
	CU_ASSERT_EQUAL(d.route_count, 2);
	CU_ASSERT_STRING_EQUAL(d.route[0].value, "<sip:ss1.atlanta.example.com;lr>");
	CU_ASSERT_STRING_EQUAL(d.route[1].value, "<sip:ss2.biloxi.example.com;lr>");
	CU_ASSERT_STRING_EQUAL(d.route[0].uri, "sip:ss1.atlanta.example.com;lr");
	CU_ASSERT_TRUE(d.route[0].lr);
	CU_ASSERT_STRING_EQUAL(d.call_id, "3848276298220188511@atlanta.example.com");
	CU_ASSERT_STRING_EQUAL(d.local_tag, "9fxced76sl");
	CU_ASSERT_STRING_EQUAL(d.remote_tag, "314159");
	CU_ASSERT_STRING_EQUAL(d.remote_target, "sip:bob@client.biloxi.example.com;transport=tcp");
	CU_ASSERT_STRING_EQUAL(d.local_uri, "Alice <sip:alice@atlanta.example.com>");
	CU_ASSERT_STRING_EQUAL(d.remote_uri, "Bob <sip:bob@biloxi.example.com>");
	/* "The local sequence number MUST be set to the value of the sequence number in
	 * the CSeq header field of the request.  The remote sequence number MUST be
	 * empty" */
	CU_ASSERT_TRUE(d.local_seq_set);
	CU_ASSERT_EQUAL(d.local_seq, 2);
	CU_ASSERT_FALSE(d.remote_seq_set);
	/* RFC 3665 §3.2 F15, the ACK. */
	CU_ASSERT_EQUAL(sip_dialog_ack(&d, 2, &ack), 0);
	CU_ASSERT_STRING_EQUAL(ruri(ack), "sip:bob@client.biloxi.example.com;transport=tcp");
	CU_ASSERT_STRING_EQUAL(row(ack, SIP_HDR_ROUTE, 0), "<sip:ss1.atlanta.example.com;lr>");
	CU_ASSERT_STRING_EQUAL(row(ack, SIP_HDR_ROUTE, 1), "<sip:ss2.biloxi.example.com;lr>");
	CU_ASSERT_STRING_EQUAL(row(ack, SIP_HDR_FROM, 0),
			       "Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl");
	CU_ASSERT_STRING_EQUAL(row(ack, SIP_HDR_TO, 0), "Bob <sip:bob@biloxi.example.com>;tag=314159");
	CU_ASSERT_STRING_EQUAL(row(ack, SIP_HDR_CSEQ, 0), "2 ACK");
	CU_ASSERT_STRING_EQUAL(row(ack, SIP_HDR_MAX_FORWARDS, 0), "70");
	CU_ASSERT_EQUAL(ack->rows[SIP_HDR_CONTACT], 0);
	CU_ASSERT_EQUAL(ack->rows[SIP_HDR_VIA], 0);
	CU_ASSERT_EQUAL(d.local_seq, 2);
	sip_msg_destroy(inv);
	sip_msg_destroy(ok);
	sip_msg_destroy(ack);
}

/* RFC3261 12.1.1: "The route set MUST be set to the list of URIs in the Record-Route
 * header field from the request, taken in order and preserving all URI parameters." */
static void test_rfc3261_12_1_1_uas_route_set_in_order(void)
{
	struct sip_msg *inv = msgtest_parse(f7_invite), *bye = NULL;
	struct sip_dialog d;

	CU_ASSERT_EQUAL(sip_dialog_create_uas(&d, inv, "314159", "sip:bob@client.biloxi.example.com",
					      SIP_DIALOG_CONFIRMED), 0);
	CU_ASSERT_FALSE(d.uac);
	CU_ASSERT_EQUAL(d.route_count, 2);
	CU_ASSERT_STRING_EQUAL(d.route[0].uri, "sip:ss2.biloxi.example.com;lr");
	CU_ASSERT_STRING_EQUAL(d.route[1].uri, "sip:ss1.atlanta.example.com;lr");
	CU_ASSERT_STRING_EQUAL(d.remote_tag, "9fxced76sl");
	CU_ASSERT_STRING_EQUAL(d.local_tag, "314159");
	CU_ASSERT_STRING_EQUAL(d.remote_uri, "Alice <sip:alice@atlanta.example.com>");
	CU_ASSERT_STRING_EQUAL(d.local_uri, "Bob <sip:bob@biloxi.example.com>");
	CU_ASSERT_TRUE(d.remote_seq_set);
	CU_ASSERT_EQUAL(d.remote_seq, 2);
	CU_ASSERT_FALSE(d.local_seq_set);
	/* RFC 3665 §3.2 F18: "Note that the CSeq is NOT 3, since Alice and Bob maintain
	 * their own independent CSeq counts". */
	CU_ASSERT_EQUAL(sip_dialog_request(&d, "BYE", &bye), 0);
	CU_ASSERT_STRING_EQUAL(ruri(bye), "sip:alice@client.atlanta.example.com;transport=tcp");
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_ROUTE, 0), "<sip:ss2.biloxi.example.com;lr>");
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_ROUTE, 1), "<sip:ss1.atlanta.example.com;lr>");
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_FROM, 0), "Bob <sip:bob@biloxi.example.com>;tag=314159");
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_TO, 0),
			       "Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl");
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_CALL_ID, 0), "3848276298220188511@atlanta.example.com");
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_CSEQ, 0), "1 BYE");
	CU_ASSERT_EQUAL(bye->rows[SIP_HDR_CONTACT], 0);
	CU_ASSERT_EQUAL(d.local_seq, 1);
	sip_msg_destroy(inv);
	sip_msg_destroy(bye);
}

/* A dialog whose route set and target are given directly. */
static void dialog_with_routes(struct sip_dialog *d, const char *target, const char *const *routes,
			       size_t n)
{
	memset(d, 0, sizeof(*d));
	d->state = SIP_DIALOG_CONFIRMED;
	snprintf(d->call_id, sizeof(d->call_id), "c1");
	snprintf(d->local_tag, sizeof(d->local_tag), "l1");
	snprintf(d->remote_tag, sizeof(d->remote_tag), "r1");
	snprintf(d->local_uri, sizeof(d->local_uri), "<sip:caller@u1.example.com>");
	snprintf(d->remote_uri, sizeof(d->remote_uri), "<sip:callee@u2.domain.com>");
	d->local_uri_len = strlen(d->local_uri);
	d->remote_uri_len = strlen(d->remote_uri);
	snprintf(d->remote_target, sizeof(d->remote_target), "%s", target);
	for (size_t i = 0; i < n; i++) {
		struct sip_uri u;

		snprintf(d->route[i].value, sizeof(d->route[i].value), "<%s>", routes[i]);
		snprintf(d->route[i].uri, sizeof(d->route[i].uri), "%s", routes[i]);
		CU_ASSERT_EQUAL(sip_uri_parse(&u, routes[i], strlen(routes[i]), NULL), 0);
		d->route[i].lr = u.lr;
	}
	d->route_count = n;
}

/* RFC3261 12.2.1.1: "For example, if the remote target is sip:user@remoteua and the
 * route set contains: <sip:proxy1>,<sip:proxy2>,<sip:proxy3;lr>,<sip:proxy4> The
 * request will be formed with the following Request-URI and Route header field:
 * METHOD sip:proxy1 Route: <sip:proxy2>,<sip:proxy3;lr>,<sip:proxy4>,<sip:user@remoteua>" */
static void test_rfc3261_12_2_1_1_strict_router_example(void)
{
	static const char *const rs[] = { "sip:proxy1", "sip:proxy2", "sip:proxy3;lr", "sip:proxy4" };
	struct sip_dialog d;
	struct sip_msg *m = NULL;

	dialog_with_routes(&d, "sip:user@remoteua", rs, 4);
	CU_ASSERT_EQUAL(sip_dialog_request(&d, "OPTIONS", &m), 0);
	CU_ASSERT_STRING_EQUAL(ruri(m), "sip:proxy1");
	CU_ASSERT_EQUAL(m->rows[SIP_HDR_ROUTE], 4);
	CU_ASSERT_STRING_EQUAL(row(m, SIP_HDR_ROUTE, 0), "<sip:proxy2>");
	CU_ASSERT_STRING_EQUAL(row(m, SIP_HDR_ROUTE, 1), "<sip:proxy3;lr>");
	CU_ASSERT_STRING_EQUAL(row(m, SIP_HDR_ROUTE, 2), "<sip:proxy4>");
	CU_ASSERT_STRING_EQUAL(row(m, SIP_HDR_ROUTE, 3), "<sip:user@remoteua>");
	sip_msg_destroy(m);
}

/* RFC3261 12.2.1.1: "the UAC MUST place the first URI from the route set into the
 * Request-URI, stripping any parameters that are not allowed in a Request-URI" - the
 * method parameter and headers (Table 1, 19.1.1); maddr and transport stay. */
static void test_rfc3261_12_2_1_1_strict_ruri_strips_method_and_headers(void)
{
	static const char *const rs[] = { "sip:p1.example.com:5070;method=INVITE;transport=tcp?X-A=b" };
	struct sip_dialog d;
	struct sip_msg *m = NULL;

	dialog_with_routes(&d, "sip:user@remoteua", rs, 1);
	CU_ASSERT_EQUAL(sip_dialog_request(&d, "BYE", &m), 0);
	CU_ASSERT_STRING_EQUAL(ruri(m), "sip:p1.example.com:5070;transport=tcp");
	CU_ASSERT_STRING_EQUAL(row(m, SIP_HDR_ROUTE, 0), "<sip:user@remoteua>");
	CU_ASSERT_EQUAL(m->rows[SIP_HDR_ROUTE], 1);
	sip_msg_destroy(m);
}

/* RFC3261 12.2.1.1: "If the route set is empty, the UAC MUST place the remote target
 * URI into the Request-URI.  The UAC MUST NOT add a Route header field to the
 * request." */
static void test_rfc3261_12_2_1_1_empty_route_set(void)
{
	struct sip_dialog d;
	struct sip_msg *m = NULL;

	dialog_with_routes(&d, "sip:callee@192.0.2.4:5062", NULL, 0);
	CU_ASSERT_EQUAL(sip_dialog_request(&d, "BYE", &m), 0);
	CU_ASSERT_STRING_EQUAL(ruri(m), "sip:callee@192.0.2.4:5062");
	CU_ASSERT_EQUAL(m->rows[SIP_HDR_ROUTE], 0);
	sip_msg_destroy(m);
}

/* RFC 3261 16.12.1.2: "The INVITE arriving at U2 contains: ... Record-Route:
 * <sip:p4.domain.com;lr> Record-Route: <sip:p3.middle.com> Record-Route:
 * <sip:p2.example.com;lr> Record-Route: <sip:p1.example.com;lr> ... U2 sends the
 * following BYE request to P4 ... BYE sip:caller@u1.example.com SIP/2.0 Route:
 * <sip:p4.domain.com;lr> Route: <sip:p3.middle.com> Route: <sip:p2.example.com;lr>
 * Route: <sip:p1.example.com;lr>" */
static void test_rfc3261_16_12_1_2_bye_across_a_strict_router(void)
{
	struct sip_msg *inv = msgtest_parse(
		"INVITE sip:callee@u2.domain.com SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKp4\r\n"
		"From: <sip:caller@u1.example.com>;tag=u1\r\n"
		"To: <sip:callee@u2.domain.com>\r\n"
		"Call-ID: strict@u1\r\nCSeq: 1 INVITE\r\n"
		"Contact: sip:caller@u1.example.com\r\n"
		"Record-Route: <sip:p4.domain.com;lr>\r\n"
		"Record-Route: <sip:p3.middle.com>\r\n"
		"Record-Route: <sip:p2.example.com;lr>\r\n"
		"Record-Route: <sip:p1.example.com;lr>\r\n"
		"Content-Length: 0\r\n\r\n");
	struct sip_msg *ok = msgtest_parse(
		"SIP/2.0 200 OK\r\n"
		"Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKu1\r\n"
		"From: <sip:caller@u1.example.com>;tag=u1\r\n"
		"To: <sip:callee@u2.domain.com>;tag=u2\r\n"
		"Call-ID: strict@u1\r\nCSeq: 1 INVITE\r\n"
		"Contact: <sip:callee@u2.domain.com>\r\n"
		"Record-Route: <sip:p4.domain.com;lr>\r\n"
		"Record-Route: <sip:p3.middle.com>\r\n"
		"Record-Route: <sip:p2.example.com;lr>\r\n"
		"Record-Route: <sip:p1.example.com;lr>\r\n"
		"Content-Length: 0\r\n\r\n");
	struct sip_msg *bye = NULL;
	struct sip_dialog u2, u1;

	CU_ASSERT_EQUAL(sip_dialog_create_uas(&u2, inv, "u2", "sip:callee@u2.domain.com",
					      SIP_DIALOG_CONFIRMED), 0);
	CU_ASSERT_EQUAL(sip_dialog_request(&u2, "BYE", &bye), 0);
	CU_ASSERT_STRING_EQUAL(ruri(bye), "sip:caller@u1.example.com");
	CU_ASSERT_EQUAL(bye->rows[SIP_HDR_ROUTE], 4);
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_ROUTE, 0), "<sip:p4.domain.com;lr>");
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_ROUTE, 1), "<sip:p3.middle.com>");
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_ROUTE, 2), "<sip:p2.example.com;lr>");
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_ROUTE, 3), "<sip:p1.example.com;lr>");
	sip_msg_destroy(bye);
	/* U1's side of the same dialog: the route set reversed, p1 first. */
	sip_msg_destroy(inv);
	inv = msgtest_parse("INVITE sip:callee@u2.domain.com SIP/2.0\r\n"
			    "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKu1\r\n"
			    "From: <sip:caller@u1.example.com>;tag=u1\r\n"
			    "To: <sip:callee@u2.domain.com>\r\n"
			    "Call-ID: strict@u1\r\nCSeq: 1 INVITE\r\n"
			    "Contact: <sip:caller@u1.example.com>\r\n"
			    "Content-Length: 0\r\n\r\n");
	CU_ASSERT_EQUAL(sip_dialog_create_uac(&u1, inv, ok, "sip:caller@u1.example.com"), 0);
	CU_ASSERT_EQUAL(sip_dialog_request(&u1, "BYE", &bye), 0);
	CU_ASSERT_STRING_EQUAL(ruri(bye), "sip:callee@u2.domain.com");
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_ROUTE, 0), "<sip:p1.example.com;lr>");
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_ROUTE, 2), "<sip:p3.middle.com>");
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_ROUTE, 3), "<sip:p4.domain.com;lr>");
	CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_CSEQ, 0), "2 BYE");
	sip_msg_destroy(bye);
	sip_msg_destroy(inv);
	sip_msg_destroy(ok);
}

/* A request from the peer in dialog `d` with CSeq `seq`. */
static struct sip_msg *peer_request(const char *method, unsigned seq, const char *contact)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "%s sip:bob@client.biloxi.example.com SIP/2.0\r\n"
		 "Via: SIP/2.0/UDP 192.0.2.101;branch=z9hG4bKpr%u\r\n"
		 "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
		 "To: Bob <sip:bob@biloxi.example.com>;tag=314159\r\n"
		 "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
		 "CSeq: %u %s\r\n%s%s%s"
		 "Content-Length: 0\r\n\r\n",
		 method, seq, seq, method, contact != NULL ? "Contact: <" : "",
		 contact != NULL ? contact : "", contact != NULL ? ">\r\n" : "");
	return msgtest_parse(text);
}

/* RFC3261 12.2.2: "If the remote sequence number was not empty, but the sequence number
 * of the request is lower than the remote sequence number, the request is out of
 * order and MUST be rejected with a 500 (Server Internal Error) response." ... "It is
 * possible for the CSeq sequence number to be higher than the remote sequence number
 * by more than one.  This is not an error condition" */
static void test_rfc3261_12_2_2_cseq_ordering(void)
{
	struct sip_msg *inv = msgtest_parse(f7_invite);
	struct sip_msg *r1 = peer_request("INFO", 5, NULL), *r0 = peer_request("BYE", 4, NULL);
	struct sip_msg *r2 = peer_request("BYE", 9, NULL);
	struct sip_dialog d;

	CU_ASSERT_EQUAL(sip_dialog_create_uas(&d, inv, "314159", "sip:bob@b", SIP_DIALOG_CONFIRMED), 0);
	CU_ASSERT_EQUAL(sip_dialog_remote_cseq(&d, r1), 0);
	CU_ASSERT_EQUAL(d.remote_seq, 5);
	CU_ASSERT_EQUAL(sip_dialog_remote_cseq(&d, r0), EPROTO);
	CU_ASSERT_EQUAL(d.remote_seq, 5);
	CU_ASSERT_EQUAL(sip_dialog_remote_cseq(&d, r2), 0);
	CU_ASSERT_EQUAL(d.remote_seq, 9);
	sip_msg_destroy(inv);
	sip_msg_destroy(r0);
	sip_msg_destroy(r1);
	sip_msg_destroy(r2);
}

/* RFC3261 12.2.2: "If the remote sequence number is empty, it MUST be set to the value
 * of the sequence number in the CSeq header field value in the request." */
static void test_rfc3261_12_2_2_empty_remote_seq_takes_first(void)
{
	struct sip_msg *inv = msgtest_parse(f4_invite), *ok = msgtest_parse(f14_ok);
	struct sip_msg *bye = msgtest_parse(
		"BYE sip:alice@client.atlanta.example.com SIP/2.0\r\n"
		"Via: SIP/2.0/TCP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1\r\n"
		"From: Bob <sip:bob@biloxi.example.com>;tag=314159\r\n"
		"To: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
		"Call-ID: 3848276298220188511@atlanta.example.com\r\n"
		"CSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n");
	struct sip_dialog d;

	CU_ASSERT_EQUAL(sip_dialog_create_uac(&d, inv, ok, "sip:alice@a"), 0);
	CU_ASSERT_TRUE(sip_dialog_matches(&d, bye));
	CU_ASSERT_EQUAL(sip_dialog_remote_cseq(&d, bye), 0);
	CU_ASSERT_TRUE(d.remote_seq_set);
	CU_ASSERT_EQUAL(d.remote_seq, 1);
	sip_msg_destroy(inv);
	sip_msg_destroy(ok);
	sip_msg_destroy(bye);
}

/* RFC3261 12.2.1.1: "Requests within a dialog MUST contain strictly monotonically
 * increasing and contiguous CSeq sequence numbers (increasing-by-one) in each
 * direction (excepting ACK and CANCEL of course, whose numbers equal the requests
 * being acknowledged or cancelled)." */
static void test_rfc3261_12_2_1_1_local_cseq_increases_by_one(void)
{
	struct sip_msg *inv = msgtest_parse(f4_invite), *ok = msgtest_parse(f14_ok), *m = NULL;
	struct sip_dialog d;

	CU_ASSERT_EQUAL(sip_dialog_create_uac(&d, inv, ok, "sip:alice@192.0.2.101"), 0);
	CU_ASSERT_EQUAL(sip_dialog_request(&d, "INVITE", &m), 0);
	CU_ASSERT_STRING_EQUAL(row(m, SIP_HDR_CSEQ, 0), "3 INVITE");
	/* "A UAC SHOULD include a Contact header field in any target refresh requests" */
	CU_ASSERT_STRING_EQUAL(row(m, SIP_HDR_CONTACT, 0), "<sip:alice@192.0.2.101>");
	sip_msg_destroy(m);
	CU_ASSERT_EQUAL(sip_dialog_ack(&d, 3, &m), 0);
	CU_ASSERT_STRING_EQUAL(row(m, SIP_HDR_CSEQ, 0), "3 ACK");
	sip_msg_destroy(m);
	CU_ASSERT_EQUAL(sip_dialog_request(&d, "MESSAGE", &m), 0);
	CU_ASSERT_STRING_EQUAL(row(m, SIP_HDR_CSEQ, 0), "4 MESSAGE");
	sip_msg_destroy(m);
	CU_ASSERT_EQUAL(sip_dialog_request(&d, "ACK", &m), EINVAL);
	CU_ASSERT_EQUAL(sip_dialog_request(&d, "CANCEL", &m), EINVAL);
	CU_ASSERT_EQUAL(d.local_seq, 4);
	d.state = SIP_DIALOG_TERMINATED;
	CU_ASSERT_EQUAL(sip_dialog_request(&d, "BYE", &m), EINVAL);
	CU_ASSERT_PTR_NULL(m);
	sip_msg_destroy(inv);
	sip_msg_destroy(ok);
}

/* RFC3261 12.2.2: "When a UAS receives a target refresh request, it MUST replace the
 * dialog's remote target URI with the URI from the Contact header field in that
 * request, if present." */
static void test_rfc3261_12_2_2_target_refresh(void)
{
	struct sip_msg *inv = msgtest_parse(f7_invite), *reinv, *bye = NULL;
	struct sip_dialog d;

	CU_ASSERT_EQUAL(sip_dialog_create_uas(&d, inv, "314159", "sip:bob@b", SIP_DIALOG_CONFIRMED), 0);
	reinv = peer_request("INVITE", 3, "sip:alice@192.0.2.222:5090");
	CU_ASSERT_EQUAL(sip_dialog_target_refresh(&d, reinv), 0);
	CU_ASSERT_STRING_EQUAL(d.remote_target, "sip:alice@192.0.2.222:5090");
	sip_msg_destroy(reinv);
	reinv = peer_request("INVITE", 4, NULL);
	CU_ASSERT_EQUAL(sip_dialog_target_refresh(&d, reinv), 0);
	CU_ASSERT_STRING_EQUAL(d.remote_target, "sip:alice@192.0.2.222:5090");
	CU_ASSERT_EQUAL(sip_dialog_request(&d, "BYE", &bye), 0);
	CU_ASSERT_STRING_EQUAL(ruri(bye), "sip:alice@192.0.2.222:5090");
	sip_msg_destroy(reinv);
	sip_msg_destroy(inv);
	sip_msg_destroy(bye);
}

/* RFC3261 12.1: "only 2xx and 101-199 responses with a To tag, where the request was
 * INVITE, will establish a dialog.  A dialog established by a non-final response to
 * a request is in the "early" state" */
static void test_rfc3261_12_1_early_dialog_needs_a_to_tag(void)
{
	struct sip_msg *inv = msgtest_parse(f4_invite);
	struct sip_msg *trying = msgtest_parse(
		"SIP/2.0 180 Ringing\r\n"
		"Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\r\n"
		"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
		"To: Bob <sip:bob@biloxi.example.com>\r\n"
		"Call-ID: 3848276298220188511@atlanta.example.com\r\n"
		"CSeq: 2 INVITE\r\nContent-Length: 0\r\n\r\n");
	struct sip_msg *busy = msgtest_parse(
		"SIP/2.0 486 Busy Here\r\n"
		"Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\r\n"
		"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
		"To: Bob <sip:bob@biloxi.example.com>;tag=x\r\n"
		"Call-ID: 3848276298220188511@atlanta.example.com\r\n"
		"CSeq: 2 INVITE\r\nContent-Length: 0\r\n\r\n");
	struct sip_dialog d;

	CU_ASSERT_EQUAL(sip_dialog_create_uac(&d, inv, trying, "sip:a@a"), EINVAL);
	CU_ASSERT_EQUAL(sip_dialog_create_uac(&d, inv, busy, "sip:a@a"), EINVAL);
	CU_ASSERT_EQUAL(sip_dialog_create_uas(&d, inv, "t", "sip:a@a", SIP_DIALOG_TERMINATED), EINVAL);
	CU_ASSERT_STRING_EQUAL(sip_dialog_state_name(SIP_DIALOG_EARLY), "early");
	CU_ASSERT_STRING_EQUAL(sip_dialog_state_name(SIP_DIALOG_TERMINATED), "terminated");
	sip_msg_destroy(inv);
	sip_msg_destroy(trying);
	sip_msg_destroy(busy);
}

/* A 180 from Bob's fork `tag` without Record-Route, with Contact `contact`. */
static struct sip_msg *ringing(const char *tag, const char *contact)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "SIP/2.0 180 Ringing\r\n"
		 "Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\r\n"
		 "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
		 "To: Bob <sip:bob@biloxi.example.com>;tag=%s\r\n"
		 "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
		 "CSeq: 2 INVITE\r\nContact: <%s>\r\nContent-Length: 0\r\n\r\n",
		 tag, contact);
	return msgtest_parse(text);
}

/* RFC3261 13.2.2.4: "Multiple 2xx responses may arrive at the UAC for a single INVITE
 * request due to a forking proxy.  Each response is distinguished by the tag parameter
 * in the To header field, and each represents a distinct dialog" - and 13.2.2.1 for the
 * early dialogs of each fork. */
static void test_rfc3261_13_2_2_4_forked_early_dialogs_are_distinct(void)
{
	struct sip_msg *inv = msgtest_parse(f4_invite);
	struct sip_msg *a = ringing("forkA", "sip:bob@192.0.2.10"), *b = ringing("forkB", "sip:bob@192.0.2.11");
	struct sip_dialog da, db;

	CU_ASSERT_EQUAL(sip_dialog_create_uac(&da, inv, a, "sip:a@a"), 0);
	CU_ASSERT_EQUAL(sip_dialog_create_uac(&db, inv, b, "sip:a@a"), 0);
	CU_ASSERT_EQUAL(da.state, SIP_DIALOG_EARLY);
	CU_ASSERT_STRING_EQUAL(da.remote_target, "sip:bob@192.0.2.10");
	CU_ASSERT_TRUE(sip_dialog_matches(&da, a));
	CU_ASSERT_FALSE(sip_dialog_matches(&da, b));
	CU_ASSERT_TRUE(sip_dialog_matches(&db, b));
	CU_ASSERT_FALSE(sip_dialog_matches(&db, a));
	CU_ASSERT_FALSE(sip_dialog_matches(&db, inv));
	sip_msg_destroy(inv);
	sip_msg_destroy(a);
	sip_msg_destroy(b);
}

/* RFC3261 13.2.2.4: "If the dialog identifier in the 2xx response matches the dialog
 * identifier of an existing dialog, the dialog MUST be transitioned to the "confirmed"
 * state, and the route set for the dialog MUST be recomputed based on the 2xx
 * response" ... "Other pieces of state such as the highest sequence numbers (remote
 * and local) sent within the dialog are not recomputed." */
static void test_rfc3261_13_2_2_4_2xx_confirms_and_recomputes_route_set(void)
{
	struct sip_msg *inv = msgtest_parse(f4_invite), *ok = msgtest_parse(f14_ok);
	struct sip_msg *early = ringing("314159", "sip:bob@192.0.2.10"), *m = NULL;
	struct sip_dialog d;

	CU_ASSERT_EQUAL(sip_dialog_create_uac(&d, inv, early, "sip:a@a"), 0);
	CU_ASSERT_EQUAL(d.route_count, 0);
	CU_ASSERT_EQUAL(sip_dialog_request(&d, "INFO", &m), 0);
	sip_msg_destroy(m);
	CU_ASSERT_EQUAL(d.local_seq, 3);
	CU_ASSERT_TRUE(sip_dialog_matches(&d, ok));
	CU_ASSERT_EQUAL(sip_dialog_confirm(&d, early), EINVAL);
	CU_ASSERT_EQUAL(sip_dialog_confirm(&d, ok), 0);
	CU_ASSERT_EQUAL(d.state, SIP_DIALOG_CONFIRMED);
	CU_ASSERT_EQUAL(d.route_count, 2);
	CU_ASSERT_STRING_EQUAL(d.route[0].uri, "sip:ss1.atlanta.example.com;lr");
	CU_ASSERT_STRING_EQUAL(d.remote_target, "sip:bob@client.biloxi.example.com;transport=tcp");
	CU_ASSERT_EQUAL(d.local_seq, 3);
	sip_msg_destroy(inv);
	sip_msg_destroy(ok);
	sip_msg_destroy(early);
}

/* RFC3261 12.1.1: "A UAS MUST be prepared to receive a request without a tag in the
 * From field, in which case the tag is considered to have a value of null." and
 * 12.2.1.1: "If the value of the remote or local tags is null, the tag parameter MUST
 * be omitted from the To or From header fields, respectively." */
static void test_rfc3261_12_1_1_null_remote_tag_omitted(void)
{
	/* RFC 4475 3.4.1's RFC 2543 caller (no From tag), with a Contact added. */
	struct sip_msg *inv = msgtest_parse(
		"INVITE sip:UserB@example.com SIP/2.0\r\n"
		"Via: SIP/2.0/UDP iftgw.example.com\r\n"
		"From: <sip:+13035551111@ift.client.example.net;user=phone>\r\n"
		"To: sip:+16505552222@ss1.example.net;user=phone\r\n"
		"Call-ID: inv2543.1717@ift.client.example.com\r\n"
		"CSeq: 56 INVITE\r\n"
		"Contact: <sip:+13035551111@192.0.2.77>\r\n"
		"Content-Length: 0\r\n\r\n");
	struct sip_msg *bye = NULL;
	struct sip_dialog d;

	CU_ASSERT_EQUAL(sip_dialog_create_uas(&d, inv, "uas1", "sip:uas@192.0.2.9",
					      SIP_DIALOG_CONFIRMED), 0);
	CU_ASSERT_STRING_EQUAL(d.remote_tag, "");
	CU_ASSERT_FALSE(sip_dialog_matches(&d, inv));  /* no To tag yet: not in the dialog */
	CU_ASSERT_EQUAL(sip_dialog_request(&d, "BYE", &bye), 0);
	if (bye != NULL) {
		CU_ASSERT_EQUAL(bye->to->tag.len, 0);
		CU_ASSERT_TRUE(msgtest_is(bye->from->tag, "uas1"));
		CU_ASSERT_STRING_EQUAL(row(bye, SIP_HDR_TO, 0),
				       "<sip:+13035551111@ift.client.example.net;user=phone>");
	}
	sip_msg_destroy(inv);
	sip_msg_destroy(bye);
}

/* RFC3261 12.2.1.1: "The URI in the To field of the request MUST be set to the remote
 * URI from the dialog state. ... The From URI of the request MUST be set to the local
 * URI from the dialog state."  RFC 4475 §3.1.1.2 (intmeth) shows a quoted display name
 * holding a quoted-pair NUL: the BYE's To and From keep every byte of both display
 * names, NUL included, and the BYE printed and parsed again still has them. */
static void test_rfc3261_12_2_1_1_to_and_from_keep_a_nul_in_the_display_name(void)
{
	static const char caller[] = "\"BEL:\\\x07 NUL:\\\0 DEL:\\\x7f\"";
	static const char callee[] = "\"B\\\0b\"";
	static const char inv_text[] =
		"INVITE sip:bob@192.0.2.2 SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKnul\r\n"
		"From: \"BEL:\\\x07 NUL:\\\0 DEL:\\\x7f\" <sip:alice@192.0.2.1>;tag=at\r\n"
		"To: \"B\\\0b\" <sip:bob@192.0.2.2>\r\n"
		"Call-ID: nul-display\r\nCSeq: 1 INVITE\r\n"
		"Contact: <sip:alice@192.0.2.1>\r\nContent-Length: 0\r\n\r\n";
	static const char to_want[] = "\"BEL:\\\x07 NUL:\\\0 DEL:\\\x7f\" <sip:alice@192.0.2.1>;tag=at";
	static const char from_want[] = "\"B\\\0b\" <sip:bob@192.0.2.2>;tag=bt";
	struct sip_msg *inv = NULL, *bye = NULL, *again = NULL;
	char *text = NULL;
	size_t len = 0;
	struct sip_dialog d;

	CU_ASSERT_EQUAL(sip_msg_parse(inv_text, sizeof(inv_text) - 1, &inv, NULL), 0);
	if (inv == NULL)
		return;
	CU_ASSERT_EQUAL(sip_dialog_create_uas(&d, inv, "bt", "sip:bob@192.0.2.2",
					      SIP_DIALOG_CONFIRMED), 0);
	CU_ASSERT_EQUAL(d.remote_uri_len, sizeof(caller) - 1 + sizeof(" <sip:alice@192.0.2.1>") - 1);
	CU_ASSERT_EQUAL(d.local_uri_len, sizeof(callee) - 1 + sizeof(" <sip:bob@192.0.2.2>") - 1);
	CU_ASSERT_EQUAL(sip_dialog_request(&d, "BYE", &bye), 0);
	if (bye != NULL) {
		CU_ASSERT_EQUAL(bye->to->display.len, sizeof(caller) - 3);
		CU_ASSERT_EQUAL(bye->from->display.len, sizeof(callee) - 3);
		CU_ASSERT_TRUE(msgtest_is(bye->to->tag, "at"));
		CU_ASSERT_TRUE(msgtest_is(bye->from->tag, "bt"));
		size_t i = sip_msg_hdr_find(bye, SIP_HDR_TO, 0), j = sip_msg_hdr_find(bye, SIP_HDR_FROM, 0);

		CU_ASSERT_TRUE(i != SIP_HDR_NONE && bye->hdrs[i].value.len == sizeof(to_want) - 1 &&
			       memcmp(bye->hdrs[i].value.p, to_want, sizeof(to_want) - 1) == 0);
		CU_ASSERT_TRUE(j != SIP_HDR_NONE && bye->hdrs[j].value.len == sizeof(from_want) - 1 &&
			       memcmp(bye->hdrs[j].value.p, from_want, sizeof(from_want) - 1) == 0);
		CU_ASSERT_EQUAL(sip_msg_print_alloc(bye, &text, &len), 0);
	}
	if (text != NULL) {
		CU_ASSERT_EQUAL(sip_msg_parse(text, len, &again, NULL), 0);
		CU_ASSERT_TRUE(again != NULL && again->to->display.len == sizeof(caller) - 3 &&
			       memcmp(again->to->display.p, caller + 1, sizeof(caller) - 3) == 0);
	}
	free(text);
	sip_msg_destroy(again);
	sip_msg_destroy(bye);
	sip_msg_destroy(inv);
}

/* Capacity: a route set longer than SIP_DIALOG_ROUTES, an overlong Call-ID, a request
 * without Contact. */
static void test_impl_dialog_limits(void)
{
	char text[8192];
	size_t used;
	struct sip_msg *inv;
	struct sip_dialog d;

	used = (size_t)snprintf(text, sizeof(text),
				"INVITE sip:b@192.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa\r\n"
				"From: <sip:a@a>;tag=1\r\nTo: <sip:b@b>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n"
				"Contact: <sip:a@192.0.2.1>\r\n");
	for (int i = 0; i <= SIP_DIALOG_ROUTES; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "Record-Route: <sip:p%d.example.com;lr>\r\n", i);
	snprintf(text + used, sizeof(text) - used, "Content-Length: 0\r\n\r\n");
	inv = msgtest_parse(text);
	CU_ASSERT_EQUAL(sip_dialog_create_uas(&d, inv, "t", "sip:b@b", SIP_DIALOG_CONFIRMED), ENOBUFS);
	sip_msg_destroy(inv);
	inv = msgtest_parse("INVITE sip:b@192.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa\r\n"
			    "From: <sip:a@a>;tag=1\r\nTo: <sip:b@b>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n"
			    "Content-Length: 0\r\n\r\n");
	CU_ASSERT_EQUAL(sip_dialog_create_uas(&d, inv, "t", "sip:b@b", SIP_DIALOG_CONFIRMED), EBADMSG);
	sip_msg_destroy(inv);
	used = (size_t)snprintf(text, sizeof(text),
				"INVITE sip:b@192.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa\r\n"
				"From: <sip:a@a>;tag=1\r\nTo: <sip:b@b>\r\nCSeq: 1 INVITE\r\n"
				"Contact: <sip:a@192.0.2.1>\r\nCall-ID: ");
	memset(text + used, 'c', SIP_DIALOG_ID_MAX);
	used += SIP_DIALOG_ID_MAX;
	snprintf(text + used, sizeof(text) - used, "\r\nContent-Length: 0\r\n\r\n");
	inv = msgtest_parse(text);
	CU_ASSERT_PTR_NOT_NULL(inv);
	CU_ASSERT_EQUAL(sip_dialog_create_uas(&d, inv, "t", "sip:b@b", SIP_DIALOG_CONFIRMED), ENOBUFS);
	sip_msg_destroy(inv);
}

static const struct th_test create_tests[] = {
	TH_TEST(test_rfc3261_12_1_2_uac_route_set_is_reversed),
	TH_TEST(test_rfc3261_12_1_1_uas_route_set_in_order),
	TH_TEST(test_rfc3261_12_1_early_dialog_needs_a_to_tag),
	TH_TEST(test_rfc3261_12_1_1_null_remote_tag_omitted),
	TH_TEST(test_rfc3261_13_2_2_4_forked_early_dialogs_are_distinct),
	TH_TEST(test_rfc3261_13_2_2_4_2xx_confirms_and_recomputes_route_set),
	TH_TEST(test_impl_dialog_limits),
	TH_END
};

static const struct th_test request_tests[] = {
	TH_TEST(test_rfc3261_12_2_1_1_strict_router_example),
	TH_TEST(test_rfc3261_12_2_1_1_strict_ruri_strips_method_and_headers),
	TH_TEST(test_rfc3261_12_2_1_1_empty_route_set),
	TH_TEST(test_rfc3261_16_12_1_2_bye_across_a_strict_router),
	TH_TEST(test_rfc3261_12_2_1_1_local_cseq_increases_by_one),
	TH_TEST(test_rfc3261_12_2_2_cseq_ordering),
	TH_TEST(test_rfc3261_12_2_2_empty_remote_seq_takes_first),
	TH_TEST(test_rfc3261_12_2_2_target_refresh),
	TH_TEST(test_rfc3261_12_2_1_1_to_and_from_keep_a_nul_in_the_display_name),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 12.1 creation of a dialog", create_tests, NULL, NULL },
	{ "RFC3261 12.2 requests within a dialog", request_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
