/* tests/sip/test_ua_server.c - what a UA answers before and besides sessions
 * (sip/ua.h): the request checks of RFC 3261 §8.2 with RFC 4475's application test
 * messages, OPTIONS (§11), MESSAGE (RFC 3428) in and out of dialogs, 481 and the
 * CSeq order of §12.2.2, CANCEL without a match (§9.2), merged requests (§8.2.2.2).
 *
 * bob (192.0.2.2) is the UA under test; requests are injected into its transport as
 * if they came from a peer node at 192.0.2.9 (so its responses have somewhere to go),
 * or sent by alice (192.0.2.1), another UA core.
 */
#include "sip/ua.h"
#include "tests/sip/msgtest_util.h"
#include "tests/sip/simnet.h"
#include "tests/sip/uatest.h"
#include "tests/support/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEC UATEST_SEC
#define MS 1000ull
#define PEER "192.0.2.9:5060"

static struct uatest t;
static struct uatest_ua *alice, *bob;

static void setup(void)
{
	CU_ASSERT_EQUAL(uatest_init(&t, 3428), 0);
	alice = uatest_ua(&t, "alice", "192.0.2.1:5060", NULL);
	bob = uatest_ua(&t, "bob", "192.0.2.2:5060", NULL);
	CU_ASSERT_PTR_NOT_NULL(uatest_peer(&t, "peer", PEER));
	simnet_latency(t.net, NULL, NULL, 10 * MS);
}

static void teardown(void)
{
	uatest_fini(&t);
}

/* Injects an RFC 4475 vector into bob and returns bob's first response to it.  A TLS
 * Via (not a transport of ours) is read as TCP; every other byte is the RFC's. */
static const struct sip_msg *vector_answer(const char *name)
{
	size_t len;
	char *data = msgtest_load_4475(name, &len);
	char *tls;

	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	if ((tls = strstr(data, "SIP/2.0/TLS")) != NULL)
		memcpy(tls + 8, "TCP", 3);
	uatest_inject_bytes(bob, PEER, data, len);
	free(data);
	simnet_run(t.net, simnet_now(t.net) + 100 * MS);
	return uatest_sent(&t, "bob", "SIP/2.0", 1);
}

/* RFC 4475 3.3.2: "An element receiving this request will reject it with a 416
 * Unsupported URI Scheme response"; RFC3261 8.2.2.1: "If the Request-URI uses a scheme
 * not supported by the UAS, it SHOULD reject the request with a 416". */
static void test_rfc4475_3_3_2_unknown_uri_scheme_416(void)
{
	const struct sip_msg *r = vector_answer("unkscm.dat");

	CU_ASSERT_EQUAL(r != NULL ? r->status : 0, 416);
}

/* RFC 4475 3.3.3: "it will be rejected with a 416 Unsupported URI Scheme response" (a
 * soap.beep URI: known somewhere, not to a SIP UA). */
static void test_rfc4475_3_3_3_atypical_scheme_416(void)
{
	const struct sip_msg *r = vector_answer("novelsc.dat");

	CU_ASSERT_EQUAL(r != NULL ? r->status : 0, 416);
}

/* RFC 4475 3.3.5: "Any element receiving this request will respond with a 420 Bad
 * Extension response, containing an Unsupported header field listing these features
 * from either the Require or Proxy-Require header field, depending on the role in which
 * the element is responding." - a UAS lists Require's. */
static void test_rfc4475_3_3_5_require_gets_420_with_unsupported(void)
{
	const struct sip_msg *r = vector_answer("bext01.dat");

	CU_ASSERT_EQUAL(r != NULL ? r->status : 0, 420);
	CU_ASSERT_STRING_EQUAL(uatest_row(r, SIP_HDR_UNSUPPORTED, 0),
			       "nothingSupportsThis, nothingSupportsThisEither");
}

/* RFC 4475 3.3.6: "An endpoint receiving this request would reject it with a 415
 * Unsupported Media Type error."  RFC3261 8.2.3: "The response MUST contain an Accept
 * header field listing the types of all bodies it understands" */
static void test_rfc4475_3_3_6_unknown_content_type_415(void)
{
	const struct sip_msg *r = vector_answer("invut.dat");

	CU_ASSERT_EQUAL(r != NULL ? r->status : 0, 415);
	CU_ASSERT_STRING_EQUAL(uatest_row(r, SIP_HDR_ACCEPT, 0), "application/sdp");
	CU_ASSERT_EQUAL(sip_ua_call_count(bob->ua), 0);
}

/* RFC 4475 3.3.15: "The recipient of this request could respond with a 406 Not
 * Acceptable, with a Warning/399 indicating that a response cannot be formulated in
 * the formats offered in the Accept header field." */
static void test_rfc4475_3_3_15_unacceptable_accept_406(void)
{
	const struct sip_msg *r = vector_answer("sdp01.dat");

	CU_ASSERT_EQUAL(r != NULL ? r->status : 0, 406);
	CU_ASSERT_EQUAL(strncmp(uatest_row(r, SIP_HDR_WARNING, 0), "399 ", 4), 0);
	CU_ASSERT_EQUAL(bob->nev, 0);
}

/* RFC 4475 3.1.1.5: "The request method is unknown.  It is NOT equivalent to REGISTER."
 * ... "An endpoint would reject this message with a 501." */
static void test_rfc4475_3_1_1_5_unknown_method_501(void)
{
	const struct sip_msg *r = vector_answer("esc02.dat");

	CU_ASSERT_EQUAL(r != NULL ? r->status : 0, 501);
}

/* RFC 4475 3.1.1.2: "The To header field value's quoted string contains quoted-pair
 * expansions, including a quoted NULL character." ... "Endpoints will generate a 501
 * listing the methods they understand in an Allow header field."  RFC3261 8.2.6.2: the
 * To of the response equals the request's, NUL byte included. */
static void test_rfc4475_3_1_1_2_intmeth_unknown_method_501(void)
{
	static const char nul_display[] = "\"BEL:\\\x07 NUL:\\\0 DEL:\\\x7f\"";
	const struct sip_msg *r = vector_answer("intmeth.dat");

	CU_ASSERT_EQUAL(r != NULL ? r->status : 0, 501);
	CU_ASSERT_STRING_EQUAL(uatest_row(r, SIP_HDR_ALLOW, 0), SIP_UA_ALLOW);
	CU_ASSERT_TRUE(r != NULL && r->to != NULL &&
		       r->to->text.len > sizeof(nul_display) - 1 &&
		       memcmp(r->to->text.p, nul_display, sizeof(nul_display) - 1) == 0);
	CU_ASSERT_TRUE(r != NULL && r->to != NULL && r->to->tag.len > 0);
}

/* RFC 4475 3.3.7: "Endpoints choosing not to act as registrars will simply reject the
 * request.  A 405 Method Not Allowed is appropriate."  RFC3261 8.2.1: "The UAS MUST
 * also add an Allow header field to the 405 (Method Not Allowed) response." */
static void test_rfc4475_3_3_7_register_at_a_ua_405_with_allow(void)
{
	const struct sip_msg *r = vector_answer("regaut01.dat");

	CU_ASSERT_EQUAL(r != NULL ? r->status : 0, 405);
	CU_ASSERT_STRING_EQUAL(uatest_row(r, SIP_HDR_ALLOW, 0), SIP_UA_ALLOW);
}

/* RFC3261 8.2.1: "If the UAS recognizes but does not support the method of a request,
 * it MUST generate a 405 (Method Not Allowed) response. ... The Allow header field MUST
 * list the set of methods supported by the UAS generating the message."  Every method
 * we recognize but do not support gets 405 with exactly our six; an extension method
 * we do not recognize gets 501 (RFC3261 21.5.2), with the same Allow. */
static void test_rfc3261_8_2_1_unsupported_methods_405_unknown_501_with_allow(void)
{
	static const struct { const char *method; int status; } v[] = {
		{ "REGISTER", 405 }, { "PRACK", 405 }, { "SUBSCRIBE", 405 }, { "NOTIFY", 405 },
		{ "PUBLISH", 405 }, { "INFO", 405 }, { "REFER", 405 }, { "UPDATE", 405 },
		{ "FROBNICATE", 501 },
	};
	const size_t n = sizeof v / sizeof v[0];
	char text[512];

	for (size_t i = 0; i < n; i++) {
		snprintf(text, sizeof text,
			 "%s sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
			 "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKm%zu\r\n"
			 "From: <sip:carol@192.0.2.9>;tag=c1\r\nTo: <sip:bob@192.0.2.2>\r\n"
			 "Call-ID: method-%zu\r\nCSeq: 1 %s\r\nMax-Forwards: 70\r\n"
			 "Content-Length: 0\r\n\r\n", v[i].method, i, i, v[i].method);
		uatest_inject(bob, PEER, text);
	}
	simnet_run(t.net, 100 * MS);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0"), n);
	for (size_t i = 0; i < n; i++) {
		const struct sip_msg *r = uatest_sent(&t, "bob", "SIP/2.0", (unsigned)i + 1);

		CU_ASSERT_EQUAL(r != NULL ? r->status : 0, v[i].status);
		CU_ASSERT_STRING_EQUAL(uatest_row(r, SIP_HDR_ALLOW, 0),
				       "INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE");
	}
	CU_ASSERT_EQUAL(bob->nev, 0);
}

/* RFC3261 8.2.3: "If the request contained content encodings not understood by the UAS,
 * the response MUST contain an Accept-Encoding header field listing the encodings
 * understood by the UAS." */
static void test_rfc3261_8_2_3_content_encoding_415(void)
{
	const struct sip_msg *r;

	uatest_inject(bob, PEER,
		      "INVITE sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
		      "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKgz\r\n"
		      "From: <sip:carol@192.0.2.9>;tag=c1\r\nTo: <sip:bob@192.0.2.2>\r\n"
		      "Call-ID: gzip-1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
		      "Contact: <sip:carol@192.0.2.9>\r\nContent-Type: application/sdp\r\n"
		      "Content-Encoding: gzip\r\nContent-Length: 4\r\n\r\nxxxx");
	simnet_run(t.net, 100 * MS);
	r = uatest_sent(&t, "bob", "SIP/2.0", 1);
	CU_ASSERT_EQUAL(r != NULL ? r->status : 0, 415);
	CU_ASSERT_STRING_EQUAL(uatest_row(r, SIP_HDR_ACCEPT_ENCODING, 0), "identity");
}

/* RFC3261 11.2: "Allow, Accept, Accept-Encoding, Accept-Language, and Supported header
 * fields SHOULD be present in a response to an OPTIONS request." */
static void test_rfc3261_11_2_options_lists_allow_and_accept(void)
{
	const struct sip_msg *r;

	CU_ASSERT_EQUAL(sip_ua_request(alice->ua, "OPTIONS", "sip:bob@192.0.2.2:5060", NULL, NULL, 0,
				       uatest_response_cb, alice), 0);
	simnet_run(t.net, 1 * SEC);
	r = uatest_sent(&t, "bob", "SIP/2.0 200", 1);
	CU_ASSERT_STRING_EQUAL(uatest_row(r, SIP_HDR_ALLOW, 0), SIP_UA_ALLOW);
	CU_ASSERT_STRING_EQUAL(uatest_row(r, SIP_HDR_ACCEPT, 0), SIP_UA_ACCEPT);
	CU_ASSERT_STRING_EQUAL(uatest_row(r, SIP_HDR_ACCEPT_ENCODING, 0), "identity");
	CU_ASSERT_EQUAL(r != NULL ? r->to->tag.len : 0, 10);
	CU_ASSERT_EQUAL(uatest_events(alice, UATEST_RESPONSE), 1);
	CU_ASSERT_EQUAL(alice->ev[0].status, 200);
}

/* RFC3428 4: "A MESSAGE request MAY traverse a set of SIP proxies ... using the usual
 * procedures" and 7: "A UAS receiving a MESSAGE request SHOULD respond with a final
 * response immediately" - 200 when the user agent accepts the message. */
static void test_rfc3428_7_message_outside_a_dialog(void)
{
	const struct sip_msg *m;

	CU_ASSERT_EQUAL(sip_ua_request(alice->ua, "MESSAGE", "sip:bob@192.0.2.2:5060", "text/plain",
				       "Watson, come here.", 18, uatest_response_cb, alice), 0);
	simnet_run(t.net, 1 * SEC);
	m = uatest_sent(&t, "alice", "MESSAGE", 1);
	CU_ASSERT_STRING_EQUAL(uatest_row(m, SIP_HDR_CONTENT_TYPE, 0), "text/plain");
	CU_ASSERT_STRING_EQUAL(uatest_row(m, SIP_HDR_CSEQ, 0), "1 MESSAGE");
	CU_ASSERT_STRING_EQUAL(uatest_row(m, SIP_HDR_MAX_FORWARDS, 0), "70");
	CU_ASSERT_EQUAL(m != NULL ? m->from->tag.len : 0, 10);
	CU_ASSERT_EQUAL(uatest_events(bob, UATEST_MESSAGE), 1);
	CU_ASSERT_STRING_EQUAL(bob->ev[0].body, "Watson, come here.");
	CU_ASSERT_PTR_NULL(bob->ev[0].call);
	CU_ASSERT_EQUAL(alice->ev[0].status, 200);
	/* The application's status goes back as it is. */
	bob->message_status = 486;
	CU_ASSERT_EQUAL(sip_ua_request(alice->ua, "MESSAGE", "sip:bob@192.0.2.2:5060", "text/plain",
				       "again", 5, uatest_response_cb, alice), 0);
	simnet_run(t.net, 2 * SEC);
	CU_ASSERT_EQUAL(alice->ev[1].status, 486);
}

/* A confirmed call alice -> bob. */
static void call(void)
{
	struct sip_call *c = NULL;

	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "sip:bob@192.0.2.2:5060", "application/sdp",
				    UATEST_SDP_OFFER, strlen(UATEST_SDP_OFFER), NULL, &c), 0);
	alice->call = c;
	simnet_run(t.net, simnet_now(t.net) + 1 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_CONFIRMED);
}

/* RFC3428 4: "MESSAGE requests ... MAY be sent inside a dialog initiated by some other
 * SIP request" - with the dialog's CSeq rules (RFC3261 12.2.1.1). */
static void test_rfc3428_4_message_inside_a_dialog(void)
{
	const struct sip_msg *m;

	call();
	CU_ASSERT_EQUAL(sip_call_request(alice->call, "MESSAGE", "text/plain", "hello", 5,
					 uatest_response_cb, alice), 0);
	simnet_run(t.net, simnet_now(t.net) + 1 * SEC);
	m = uatest_sent(&t, "alice", "MESSAGE", 1);
	CU_ASSERT_STRING_EQUAL(uatest_row(m, SIP_HDR_CSEQ, 0), "2 MESSAGE");
	CU_ASSERT_STRING_EQUAL(uatest_ruri(m), "sip:bob@192.0.2.2:5060");
	CU_ASSERT_TRUE(m != NULL && m->to->tag.len > 0);
	CU_ASSERT_EQUAL(uatest_events(bob, UATEST_MESSAGE), 1);
	CU_ASSERT_PTR_NOT_NULL(bob->ev[bob->nev - 1].call);
	CU_ASSERT_STRING_EQUAL(bob->ev[bob->nev - 1].body, "hello");
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].what, UATEST_RESPONSE);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 200);
	/* In-dialog OPTIONS (RFC3261 11: "OPTIONS ... within a dialog") is answered too. */
	CU_ASSERT_EQUAL(sip_call_request(alice->call, "OPTIONS", NULL, NULL, 0, uatest_response_cb,
					 alice), 0);
	simnet_run(t.net, simnet_now(t.net) + 1 * SEC);
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "alice", "OPTIONS", 1), SIP_HDR_CSEQ, 0),
			       "3 OPTIONS");
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 200);
	CU_ASSERT_EQUAL(sip_call_request(alice->call, "BYE", NULL, NULL, 0, NULL, NULL), EINVAL);
}

/* RFC3261 12.2.2: "If the UAS wishes to reject the request because it does not wish to
 * recreate the dialog, it MUST respond to the request with a 481 (Call/Transaction Does
 * Not Exist) status code" and 15.1.2: "If the BYE does not match an existing dialog,
 * the UAS core SHOULD generate a 481". */
static void test_rfc3261_12_2_2_no_dialog_481(void)
{
	uatest_inject(bob, PEER,
		      "BYE sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
		      "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKbye481\r\n"
		      "From: <sip:carol@192.0.2.9>;tag=c1\r\nTo: <sip:bob@192.0.2.2>;tag=nosuch\r\n"
		      "Call-ID: nodialog-1\r\nCSeq: 2 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
	uatest_inject(bob, PEER,
		      "BYE sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
		      "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKbye481b\r\n"
		      "From: <sip:carol@192.0.2.9>;tag=c1\r\nTo: <sip:bob@192.0.2.2>\r\n"
		      "Call-ID: nodialog-2\r\nCSeq: 2 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
	simnet_run(t.net, 100 * MS);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 481"), 2);
}

/* RFC3261 12.2.2: "If the remote sequence number was not empty, but the sequence number
 * of the request is lower than the remote sequence number, the request is out of order
 * and MUST be rejected with a 500 (Server Internal Error) response." */
static void test_rfc3261_12_2_2_out_of_order_cseq_500(void)
{
	const struct sip_msg *inv, *ok;
	char text[1024];

	call();
	CU_ASSERT_EQUAL(sip_call_request(alice->call, "MESSAGE", "text/plain", "x", 1, NULL, NULL), 0);
	simnet_run(t.net, simnet_now(t.net) + 1 * SEC);
	inv = uatest_sent(&t, "alice", "INVITE", 1);
	ok = uatest_sent(&t, "bob", "SIP/2.0 200", 1);
	if (inv == NULL || ok == NULL)
		return;
	snprintf(text, sizeof(text),
		 "MESSAGE sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
		 "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKold\r\n"
		 "From: <sip:alice@192.0.2.1:5060>;tag=%s\r\nTo: <sip:bob@192.0.2.2>;tag=%s\r\n"
		 "Call-ID: %s\r\nCSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\n"
		 "Content-Type: text/plain\r\nContent-Length: 3\r\n\r\nold",
		 uatest_tag(inv->from->tag), uatest_tag(ok->to->tag), uatest_tag(inv->call_id));
	uatest_inject(bob, PEER, text);
	simnet_run(t.net, simnet_now(t.net) + 100 * MS);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 500"), 1);
	CU_ASSERT_EQUAL(uatest_events(bob, UATEST_MESSAGE), 1);
}

/* RFC3261 9.2: "If the UAS did not find a matching transaction for the CANCEL according
 * to the procedure above, it SHOULD respond to the CANCEL with a 481 (Call Leg/
 * Transaction Does Not Exist)." */
static void test_rfc3261_9_2_cancel_without_match_481(void)
{
	uatest_inject(bob, PEER,
		      "CANCEL sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
		      "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKlost\r\n"
		      "From: <sip:carol@192.0.2.9>;tag=c1\r\nTo: <sip:bob@192.0.2.2>\r\n"
		      "Call-ID: lost-1\r\nCSeq: 1 CANCEL\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
	simnet_run(t.net, 100 * MS);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 481"), 1);
}

/* RFC3261 8.2.2.2: "If the From tag, Call-ID, and CSeq exactly match those associated
 * with an ongoing transaction, but the request does not match that transaction (based
 * on the matching rules in Section 17.2.3), the UAS core SHOULD generate a 482 (Loop
 * Detected) response" */
static void test_rfc3261_8_2_2_2_merged_request_482(void)
{
	static const char fmt[] =
		"INVITE sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bK%s\r\n"
		"From: <sip:carol@192.0.2.9>;tag=c1\r\nTo: <sip:bob@192.0.2.2>\r\n"
		"Call-ID: fork-1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
		"Contact: <sip:carol@192.0.2.9>\r\nContent-Length: 0\r\n\r\n";
	char text[512];

	bob->answer = 0;
	snprintf(text, sizeof(text), fmt, "path1");
	uatest_inject(bob, PEER, text);
	snprintf(text, sizeof(text), fmt, "path2");
	uatest_inject(bob, PEER, text);
	simnet_run(t.net, 100 * MS);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 482"), 1);
	CU_ASSERT_EQUAL(sip_ua_call_count(bob->ua), 1);
	CU_ASSERT_EQUAL(uatest_events(bob, UATEST_INCOMING), 1);
}

/* RFC3261 8.1.1.8: "The Contact header field MUST be present and contain exactly one SIP
 * or SIPS URI in any request that can result in the establishment of a dialog." */
static void test_rfc3261_8_1_1_8_invite_without_contact_400(void)
{
	uatest_inject(bob, PEER,
		      "INVITE sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
		      "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKnoct\r\n"
		      "From: <sip:carol@192.0.2.9>;tag=c1\r\nTo: <sip:bob@192.0.2.2>\r\n"
		      "Call-ID: noct-1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
	simnet_run(t.net, 100 * MS);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 400"), 1);
	CU_ASSERT_EQUAL(sip_ua_call_count(bob->ua), 0);
}


/* RFC3261 20.41 / 20.35: "The User-Agent header field contains information about the UAC
 * originating the request" and Server "about the software used by the UAS" - both from
 * the configuration. */
static void test_rfc3261_20_41_user_agent_and_server(void)
{
	struct sip_ua_config cfg = { .from = "<sip:dave@192.0.2.3>", .contact = "sip:dave@192.0.2.3:5060",
				     .user_agent = "siplab-test/1" };
	struct uatest_ua *dave = uatest_ua_cfg(&t, "dave", "192.0.2.3:5060", &cfg, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(dave);
	CU_ASSERT_EQUAL(sip_ua_request(dave->ua, "OPTIONS", "sip:bob@192.0.2.2:5060", NULL, NULL, 0, NULL,
				       NULL), 0);
	CU_ASSERT_EQUAL(sip_ua_request(alice->ua, "OPTIONS", "sip:dave@192.0.2.3:5060", NULL, NULL, 0, NULL,
				       NULL), 0);
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "dave", "OPTIONS", 1), SIP_HDR_USER_AGENT, 0),
			       "siplab-test/1");
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "dave", "SIP/2.0 200", 1), SIP_HDR_SERVER, 0),
			       "siplab-test/1");
	CU_ASSERT_EQUAL(sip_ua_request(dave->ua, "OPTIONS", "not a uri", NULL, NULL, 0, NULL, NULL), EINVAL);
}

/* RFC3261 20.1: "Accept = "Accept" HCOLON [ accept-range *(COMMA accept-range) ]" with
 * "accept-range = media-range *(SEMI accept-param)" - application/sdp found among other
 * ranges, with parameters and spaces, is acceptable (no 406). */
static void test_rfc3261_20_1_accept_list_with_sdp_is_fine(void)
{
	bob->answer = 0;
	uatest_inject(bob, PEER,
		      "INVITE sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
		      "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKacc\r\n"
		      "From: <sip:carol@192.0.2.9>;tag=c1\r\nTo: <sip:bob@192.0.2.2>\r\n"
		      "Call-ID: accept-1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
		      "Contact: <sip:carol@192.0.2.9>\r\nAccept: text/html;level=1 , application/sdp ;q=0.5\r\n"
		      "Content-Length: 0\r\n\r\n");
	simnet_run(t.net, 100 * MS);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 406"), 0);
	CU_ASSERT_EQUAL(uatest_events(bob, UATEST_INCOMING), 1);
}

/* RFC3428 7 leaves the status to the UAS; a status that is not a final one is no status:
 * 500.  Without any handler a UA accepts MESSAGE with 200 and turns INVITEs away with
 * 480 (RFC3261 21.4.18 "Temporarily Unavailable"). */
static void test_rfc3428_7_message_status_and_default_handlers(void)
{
	struct sip_ua_config cfg = { .from = "<sip:erin@192.0.2.4>", .contact = "sip:erin@192.0.2.4:5060" };
	struct sip_transport *tp = uatest_transport(&t, "erin", "192.0.2.4:5060", NULL);
	struct sip_ua *erin = NULL;
	struct sip_call *c = NULL;

	bob->message_status = 99;
	CU_ASSERT_EQUAL(sip_ua_request(alice->ua, "MESSAGE", "sip:bob@192.0.2.2:5060", "text/plain", "x", 1,
				       uatest_response_cb, alice), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tp);
	CU_ASSERT_EQUAL(sip_ua_create(&erin, tp, NULL, &cfg, NULL), 0);
	CU_ASSERT_EQUAL(sip_ua_request(alice->ua, "MESSAGE", "sip:erin@192.0.2.4:5060", "text/plain", "y", 1,
				       uatest_response_cb, alice), 0);
	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "sip:erin@192.0.2.4:5060", NULL, NULL, 0, NULL, &c), 0);
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 500"), 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "erin", "SIP/2.0 200"), 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "erin", "SIP/2.0 480"), 1);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	sip_ua_destroy(erin);
	/* Creation checks its configuration. */
	cfg.from = "not a name-addr <";
	CU_ASSERT_EQUAL(sip_ua_create(&erin, tp, NULL, &cfg, NULL), EINVAL);
	cfg.from = "<sip:erin@192.0.2.4>";
	cfg.outbound_proxy = "tel:+15551234";
	CU_ASSERT_EQUAL(sip_ua_create(&erin, tp, NULL, &cfg, NULL), EINVAL);
	CU_ASSERT_EQUAL(sip_ua_create(&erin, NULL, NULL, &cfg, NULL), EINVAL);
}

static const struct th_test check_tests[] = {
	TH_TEST(test_rfc4475_3_3_2_unknown_uri_scheme_416),
	TH_TEST(test_rfc4475_3_3_3_atypical_scheme_416),
	TH_TEST(test_rfc4475_3_3_5_require_gets_420_with_unsupported),
	TH_TEST(test_rfc4475_3_3_6_unknown_content_type_415),
	TH_TEST(test_rfc4475_3_3_15_unacceptable_accept_406),
	TH_TEST(test_rfc4475_3_1_1_5_unknown_method_501),
	TH_TEST(test_rfc4475_3_1_1_2_intmeth_unknown_method_501),
	TH_TEST(test_rfc4475_3_3_7_register_at_a_ua_405_with_allow),
	TH_TEST(test_rfc3261_8_2_1_unsupported_methods_405_unknown_501_with_allow),
	TH_TEST(test_rfc3261_8_2_3_content_encoding_415),
	TH_TEST(test_rfc3261_8_2_2_2_merged_request_482),
	TH_TEST(test_rfc3261_8_1_1_8_invite_without_contact_400),
	TH_TEST(test_rfc3261_20_1_accept_list_with_sdp_is_fine),
	TH_END
};

static const struct th_test method_tests[] = {
	TH_TEST(test_rfc3261_11_2_options_lists_allow_and_accept),
	TH_TEST(test_rfc3428_7_message_outside_a_dialog),
	TH_TEST(test_rfc3428_4_message_inside_a_dialog),
	TH_TEST(test_rfc3261_12_2_2_no_dialog_481),
	TH_TEST(test_rfc3261_12_2_2_out_of_order_cseq_500),
	TH_TEST(test_rfc3261_9_2_cancel_without_match_481),
	TH_TEST(test_rfc3261_20_41_user_agent_and_server),
	TH_TEST(test_rfc3428_7_message_status_and_default_handlers),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 8.2 UAS behavior (RFC 4475 3.3)", check_tests, setup, teardown },
	{ "RFC3261 11, 12.2.2, RFC3428 requests a UA answers", method_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
