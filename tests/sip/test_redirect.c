/* tests/sip/test_redirect.c - the redirect server (RFC 3261 §8.3): the 302 built from
 * the location service (sip/redirect.h) and the server object in redirect mode
 * (sip/proxy.h), ending with RFC 3665 §3.6 (a redirect server, then a proxy).
 *
 * Scenario tests run on simnet with scripted UAs (tests/sip/pxtest_ua.h).
 */
#include "sip/proxy.h"
#include "sip/redirect.h"
#include "tests/sip/pxtest.h"
#include "tests/sip/pxtest_ua.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SERVER PXTEST_SERVER
#define MS 1000ull
#define SEC 1000000ull

static struct pxtest_world w;

static const char *const users[] = { "alice:wonderland", "bob:zanzibar", NULL };

static struct sip_binding mk(const char *uri, int q, uint64_t expires_us)
{
	struct sip_binding b;

	memset(&b, 0, sizeof(b));
	snprintf(b.uri, sizeof(b.uri), "%s", uri);
	snprintf(b.call_id, sizeof(b.call_id), "c");
	b.q = q;
	b.expires_us = expires_us;
	return b;
}

static struct sip_msg *invite_for(const char *ruri)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "INVITE %s SIP/2.0\n"
		 "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKr1\n"
		 "From: <sip:alice@atlanta.example.com>;tag=1\n"
		 "To: <sip:bob@biloxi.example.com>\n"
		 "Call-ID: redir\nCSeq: 1 INVITE\nContent-Length: 0\n\n",
		 ruri);
	return pxtest_parse(text);
}

/* ---- sip_redirect_respond ---------------------------------------------------------------- */

/* RFC3261 8.3: "When a redirect server returns a 3xx response to a request, it
 * populates the list of (one or more) alternative locations into the Contact header
 * field.  An "expires" parameter to the Contact header field values may also be
 * supplied to indicate the lifetime of the Contact data." */
static void test_rfc3261_8_3_302_lists_bindings_with_q_and_expires(void)
{
	const struct sip_binding b[2] = {
		mk("sip:bob@192.0.2.20", 1000, 3600 * SEC),
		mk("sip:bob@192.0.2.21;transport=tcp", 500, 120 * SEC),
	};
	struct sip_msg *req = invite_for("sip:bob@biloxi.example.com"), *resp = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	CU_ASSERT_EQUAL(sip_redirect_respond(req, b, 2, 60 * SEC, "tag9", &resp), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
	CU_ASSERT_EQUAL(resp->status, 302);
	CU_ASSERT(sip_str_eq_c(resp->reason, "Moved Temporarily"));
	CU_ASSERT(sip_str_eq_c(resp->to->tag, "tag9"));
	CU_ASSERT_EQUAL(pxtest_rows(resp, SIP_HDR_CONTACT), 2);
	CU_ASSERT(pxtest_row_is(resp, SIP_HDR_CONTACT, 0, "<sip:bob@192.0.2.20>;q=1.000;expires=3540"));
	CU_ASSERT(pxtest_row_is(resp, SIP_HDR_CONTACT, 1,
				"<sip:bob@192.0.2.21;transport=tcp>;q=0.500;expires=60"));
	CU_ASSERT_EQUAL(resp->contact->q, 1000);
	CU_ASSERT_EQUAL(resp->contact->next->expires, 60);
	sip_msg_destroy(resp);
	sip_msg_destroy(req);
}

/* RFC3261 8.3: "redirect servers MUST NOT redirect a request to a URI equal to the one
 * in the Request-URI"; with nothing else to list the caller refuses (404). */
static void test_rfc3261_8_3_never_redirects_to_the_request_uri(void)
{
	const struct sip_binding b[2] = {
		mk("sip:bob@192.0.2.20:5060", -1, 10 * SEC),
		mk("sip:bob@192.0.2.21", -1, 10 * SEC),
	};
	struct sip_msg *req = invite_for("sip:bob@192.0.2.20:5060"), *resp = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	CU_ASSERT_EQUAL(sip_redirect_respond(req, b, 2, 0, "t", &resp), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
	CU_ASSERT_EQUAL(pxtest_rows(resp, SIP_HDR_CONTACT), 1);
	CU_ASSERT(pxtest_row_is(resp, SIP_HDR_CONTACT, 0, "<sip:bob@192.0.2.21>;expires=10"));
	sip_msg_destroy(resp);
	resp = NULL;
	CU_ASSERT_EQUAL(sip_redirect_respond(req, b, 1, 0, "t", &resp), ENOENT);
	CU_ASSERT_PTR_NULL(resp);
	/* Expired bindings are not listed either. */
	CU_ASSERT_EQUAL(sip_redirect_respond(req, b + 1, 1, 10 * SEC, "t", &resp), ENOENT);
	sip_msg_destroy(req);
}

/* ---- The server in redirect mode ----------------------------------------------------------- */

static int start(bool auth)
{
	struct sip_proxy_config cfg;

	sip_proxy_config_default(&cfg);
	cfg.domain = "biloxi.example.com";
	cfg.users = users;
	cfg.auth = auth;
	cfg.mode = SIP_PROXY_MODE_REDIRECT;
	return pxtest_world_start(&w, NULL, &cfg);
}

static void teardown(void)
{
	pxtest_world_stop(&w);
}

static int alice_sends(const char *method, const char *ruri, const char *branch)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "%s %s SIP/2.0\n"
		 "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=%s\n"
		 "Max-Forwards: 70\n"
		 "From: <sip:alice@atlanta.example.com>;tag=1\n"
		 "To: <sip:bob@biloxi.example.com>\n"
		 "Call-ID: %s\nCSeq: 1 %s\nContent-Length: 0\n\n",
		 method, ruri, branch, branch, method);
	int rc = pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP, text);

	pxtest_world_run(&w, 10 * MS);
	return rc;
}

/* RFC3261 8.3: "After receiving a request other than CANCEL, the server either refuses
 * the request or gathers the list of alternative locations from the location service
 * and returns a final response of class 3xx."  REGISTER still reaches the registrar;
 * nothing is ever forwarded. */
static void test_rfc3261_8_3_redirect_mode_answers_302(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false), 0);
	CU_ASSERT_EQUAL(pxtest_ua_register(&w.bob, w.net, SERVER, SIP_PROTO_UDP,
					   "sip:bob@biloxi.example.com", "<sip:bob@192.0.2.20>;q=0.8",
					   "bob", "zanzibar"), 200);
	CU_ASSERT_EQUAL(pxtest_ua_register(&w.bob2, w.net, SERVER, SIP_PROTO_UDP,
					   "sip:bob@biloxi.example.com", "<sip:bob@192.0.2.21>", "bob",
					   "zanzibar"), 200);
	CU_ASSERT_EQUAL(alice_sends("INVITE", "sip:bob@biloxi.example.com", "z9hG4bKi1"), 0);
	const struct sip_msg *r = pxtest_ua_response(&w.alice, 302, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(pxtest_rows(r, SIP_HDR_CONTACT), 2);
	CU_ASSERT(pxtest_row_is(r, SIP_HDR_CONTACT, 0, "<sip:bob@192.0.2.21>;expires=3600"));
	CU_ASSERT(pxtest_row_is(r, SIP_HDR_CONTACT, 1, "<sip:bob@192.0.2.20>;q=0.800;expires=3600"));
	/* "A redirect server does not issue any SIP requests of its own." */
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob, "INVITE"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.alice, "SIP/2.0 100"), 0);
	CU_ASSERT_EQUAL(sip_proxy_context_count(w.srv.proxy), 0);
	/* Other methods to the AOR are redirected too. */
	CU_ASSERT_EQUAL(alice_sends("MESSAGE", "sip:bob@biloxi.example.com", "z9hG4bKm1"), 0);
	CU_ASSERT_PTR_NOT_NULL(pxtest_ua_response(&w.alice, 302, 1));
}

/* RFC3261 8.3: refusals as the proxy gives them (RFC3261 16.5: 404 for a user we do not
 * have, 480 for one without bindings; a request for another domain "MAY reject it with
 * a 404"). */
static void test_rfc3261_8_3_redirect_mode_refuses_404_480(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false), 0);
	CU_ASSERT_EQUAL(alice_sends("INVITE", "sip:carol@biloxi.example.com", "z9hG4bKa"), 0);
	CU_ASSERT_EQUAL(alice_sends("INVITE", "sip:bob@biloxi.example.com", "z9hG4bKb"), 0);
	CU_ASSERT_EQUAL(alice_sends("INVITE", "sip:bob@192.0.2.20", "z9hG4bKc"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 404);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 1), 480);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 2), 404);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob, "INVITE"), 0);
	/* A binding equal to the Request-URI is never a redirection target: 404. */
	CU_ASSERT_EQUAL(pxtest_ua_register(&w.bob, w.net, SERVER, SIP_PROTO_UDP,
					   "sip:bob@biloxi.example.com", "<sip:bob@biloxi.example.com>",
					   "bob", "zanzibar"), 200);
	CU_ASSERT_EQUAL(alice_sends("INVITE", "sip:bob@biloxi.example.com", "z9hG4bKd"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 3), 404);
	/* The server itself answers OPTIONS. */
	CU_ASSERT_EQUAL(alice_sends("OPTIONS", "sip:biloxi.example.com", "z9hG4bKe"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 4), 200);
}

/* RFC3261 8.3: "For well-formed CANCEL requests, it SHOULD return a 2xx response." */
static void test_rfc3261_8_3_redirect_mode_cancel_gets_200(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false), 0);
	CU_ASSERT_EQUAL(alice_sends("CANCEL", "sip:bob@biloxi.example.com", "z9hG4bKcx"), 0);
	const struct sip_msg *r = pxtest_ua_response(&w.alice, 200, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->cseq->method, SIP_METHOD_CANCEL);
}

/* RFC3261 22.1: "registrars and redirect servers MAY make use of 401 (Unauthorized)";
 * RFC3261 8.2.2.3: as a UAS the redirect server answers Require with 420. */
static void test_rfc3261_22_1_redirect_mode_challenges_with_401(void)
{
	CU_ASSERT_EQUAL_FATAL(start(true), 0);
	CU_ASSERT_EQUAL(alice_sends("INVITE", "sip:bob@biloxi.example.com", "z9hG4bKauth"), 0);
	const struct sip_msg *r = pxtest_ua_response(&w.alice, 401, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_NOT_NULL(r->www_authenticate);
	CU_ASSERT_PTR_NULL(r->proxy_authenticate);
	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP,
				       "OPTIONS sip:bob@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKreq\n"
				       "Require: foo\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>\n"
				       "Call-ID: req\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP,
				       "OPTIONS tel:+1-212-555-0101 SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKtel\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <tel:+1-212-555-0101>\n"
				       "Call-ID: tel\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n"), 0);
	pxtest_world_run(&w, 10 * MS);
	r = pxtest_ua_response(&w.alice, 420, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT(pxtest_row_is(r, SIP_HDR_UNSUPPORTED, 0, "foo"));
	CU_ASSERT_PTR_NOT_NULL(pxtest_ua_response(&w.alice, 416, 0));
}

/* Sends alice's `method` for `ruri` with extra header rows `extra` ("Name: v\n"...). */
static int alice_sends_with(const char *method, const char *ruri, const char *branch,
			    const char *extra)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "%s %s SIP/2.0\n"
		 "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=%s\n"
		 "Max-Forwards: 70\n%s"
		 "From: <sip:alice@atlanta.example.com>;tag=1\n"
		 "To: <sip:bob@biloxi.example.com>\n"
		 "Call-ID: %s\nCSeq: 1 %s\nContent-Length: 0\n\n",
		 method, ruri, branch, extra, branch, method);
	int rc = pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP, text);

	pxtest_world_run(&w, 10 * MS);
	return rc;
}

/* RFC3261 8.2.2.1: "If the Request-URI uses a scheme not supported by the UAS, it SHOULD
 * reject the request with a 416 (Unsupported URI Scheme) response."  The redirect
 * server is a UAS: tel: and im: get 416; sip: and sips: are ours (bob is registered,
 * so the sip: INVITE is redirected). */
static void test_rfc3261_8_2_2_1_redirect_mode_416_for_other_schemes(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false), 0);
	CU_ASSERT_EQUAL(pxtest_ua_register(&w.bob, w.net, SERVER, SIP_PROTO_UDP,
					   "sip:bob@biloxi.example.com", "<sip:bob@192.0.2.20>",
					   "bob", "zanzibar"), 200);
	CU_ASSERT_EQUAL(alice_sends("INVITE", "tel:+1-212-555-0101", "z9hG4bKs1"), 0);
	CU_ASSERT_EQUAL(alice_sends("INVITE", "im:bob@biloxi.example.com", "z9hG4bKs2"), 0);
	CU_ASSERT_EQUAL(alice_sends("INVITE", "sips:bob@biloxi.example.com", "z9hG4bKs3"), 0);
	CU_ASSERT_EQUAL(alice_sends("INVITE", "sip:bob@biloxi.example.com", "z9hG4bKs4"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 416);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 1), 416);
	CU_ASSERT_NOT_EQUAL(pxtest_ua_final(&w.alice, 2), 416);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 3), 302);
}

/* RFC3261 8.2.2.3: "If a UAS does not understand an option tag listed in a Require
 * header field, it MUST respond by generating a response with status code 420 (Bad
 * Extension).  The UAS MUST add an Unsupported header field, and list in it those
 * options it does not understand amongst those in the Require header field of the
 * request."  Proxy-Require is for proxies: a redirect server ignores it. */
static void test_rfc3261_8_2_2_3_redirect_mode_420_lists_require_tags(void)
{
	const struct sip_msg *r;

	CU_ASSERT_EQUAL_FATAL(start(false), 0);
	CU_ASSERT_EQUAL(pxtest_ua_register(&w.bob, w.net, SERVER, SIP_PROTO_UDP,
					   "sip:bob@biloxi.example.com", "<sip:bob@192.0.2.20>",
					   "bob", "zanzibar"), 200);
	CU_ASSERT_EQUAL(alice_sends_with("INVITE", "sip:bob@biloxi.example.com", "z9hG4bKq1",
					 "Require: foo, bar\nProxy-Require: baz\n"), 0);
	CU_ASSERT_EQUAL(alice_sends_with("INVITE", "sip:bob@biloxi.example.com", "z9hG4bKq2",
					 "Proxy-Require: baz\n"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 420);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 1), 302);
	r = pxtest_ua_response(&w.alice, 420, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(pxtest_rows(r, SIP_HDR_UNSUPPORTED), 1);
	CU_ASSERT(pxtest_row_is(r, SIP_HDR_UNSUPPORTED, 0, "foo, bar"));
}

/* ---- RFC 3665 §3.6 --------------------------------------------------------------------------- */

static const char sdp_alice[] =
	"v=0\n"
	"o=alice 2890844526 2890844526 IN IP4 client.atlanta.example.com\n"
	"s=-\n"
	"c=IN IP4 192.0.2.101\n"
	"t=0 0\n"
	"m=audio 49172 RTP/AVP 0\n"
	"a=rtpmap:0 PCMU/8000\n";

/* RFC 3665 §3.6: "In this scenario, Alice places a call to Bob using first a Redirect
 * server then a Proxy Server.  The INVITE message is first sent to the Redirect
 * Server.  The Server returns a 302 Moved Temporarily response (F2) containing a
 * Contact header with Bob's current SIP address.  Alice then generates a new INVITE
 * and sends to Bob via the Proxy Server and the call proceeds normally.  In this
 * example, no SDP is present in the INVITE, so the SDP is carried in the ACK
 * message."  Two servers: the redirect server for biloxi.example.com (192.0.2.1) and
 * Proxy 3 for chicago.example.com (192.0.2.33, sent-by ss3.chicago.example.com),
 * where bob registered his device; F1-F12 with the RFC's messages (addresses as in
 * test_proxy_flows.c; no authentication). */
static void test_rfc3665_3_6_redirect_then_proxy_with_sdp_in_ack(void)
{
	struct sip_proxy_config cfg;
	struct pxtest_server p3;
	static const char *const ladder[] = {
		"alice -> server UDP INVITE sip:bob@biloxi.example.com SIP/2.0",
		"server -> alice UDP SIP/2.0 302 Moved Temporarily",
		"alice -> server UDP ACK sip:bob@biloxi.example.com SIP/2.0",
		"alice -> proxy3 TCP INVITE sip:bob@chicago.example.com SIP/2.0",
		"proxy3 -> bob TCP INVITE sip:bob@client.chicago.example.com;transport=tcp SIP/2.0",
		"proxy3 -> alice TCP SIP/2.0 100 Trying",
		"bob -> proxy3 TCP SIP/2.0 180 Ringing",
		"proxy3 -> alice TCP SIP/2.0 180 Ringing",
		"bob -> proxy3 TCP SIP/2.0 200 OK",
		"proxy3 -> alice TCP SIP/2.0 200 OK",
		"alice -> proxy3 TCP ACK sip:bob@client.chicago.example.com;transport=tcp SIP/2.0",
		"proxy3 -> bob TCP ACK sip:bob@client.chicago.example.com;transport=tcp SIP/2.0",
		NULL
	};

	CU_ASSERT_EQUAL_FATAL(start(false), 0);
	sip_proxy_config_default(&cfg);
	cfg.domain = "chicago.example.com";
	cfg.auth = false;
	CU_ASSERT_EQUAL_FATAL(pxtest_server_start(&p3, w.net, "proxy3", "192.0.2.33:5060",
						  "ss3.chicago.example.com", &cfg), 0);
	/* Bob's registrations: his chicago address at the redirect server, his device at
	 * Proxy 3. */
	CU_ASSERT_EQUAL(pxtest_ua_register(&w.bob, w.net, SERVER, SIP_PROTO_UDP,
					   "sip:bob@biloxi.example.com",
					   "<sip:bob@chicago.example.com;transport=tcp>", "bob",
					   "zanzibar"), 200);
	CU_ASSERT_EQUAL(pxtest_ua_register(&w.bob, w.net, "192.0.2.33:5060", SIP_PROTO_TCP,
					   "sip:bob@chicago.example.com",
					   "<sip:bob@client.chicago.example.com;transport=tcp>", "bob",
					   "zanzibar"), 200);
	size_t mark = simnet_ladder_len(w.net);

	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP,
				       "INVITE sip:bob@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bKbf9f44\n"
				       "Max-Forwards: 70\n"
				       "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
				       "To: Bob <sip:bob@biloxi.example.com>\n"
				       "Call-ID: 2xTb9vxSit55XU7p8@atlanta.example.com\n"
				       "CSeq: 1 INVITE\n"
				       "Contact: <sip:alice@client.atlanta.example.com>\n"
				       "Content-Length: 0\n\n"), 0);
	pxtest_world_run(&w, 10 * MS);
	/* F2: "Contact: <sip:bob@chicago.example.com;transport=tcp>" */
	const struct sip_msg *f2 = pxtest_ua_response(&w.alice, 302, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f2);
	CU_ASSERT(pxtest_row_is(f2, SIP_HDR_CONTACT, 0,
				"<sip:bob@chicago.example.com;transport=tcp>;expires=3600"));
	CU_ASSERT(f2->to->tag.len > 0);
	char text[1024];

	snprintf(text, sizeof(text),
		 "ACK sip:bob@biloxi.example.com SIP/2.0\n"
		 "Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bKbf9f44\n"
		 "Max-Forwards: 70\n"
		 "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
		 "To: Bob <sip:bob@biloxi.example.com>;tag=%.*s\n"
		 "Call-ID: 2xTb9vxSit55XU7p8@atlanta.example.com\n"
		 "CSeq: 1 ACK\n"
		 "Content-Length: 0\n\n",
		 (int)f2->to->tag.len, f2->to->tag.p);
	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP, text), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, "192.0.2.33:5060", SIP_PROTO_TCP,
				       "INVITE sip:bob@chicago.example.com SIP/2.0\n"
				       "Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\n"
				       "Max-Forwards: 70\n"
				       "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
				       "To: Bob <sip:bob@biloxi.example.com>\n"
				       "Call-ID: 2xTb9vxSit55XU7p8@atlanta.example.com\n"
				       "CSeq: 2 INVITE\n"
				       "Contact: <sip:alice@client.atlanta.example.com;transport=tcp>\n"
				       "Content-Length: 0\n\n"), 0);
	pxtest_world_run(&w, 10 * MS);
	/* F5: "Max-Forwards: 69", "Record-Route: <sip:ss3.chicago.example.com;lr>".
	 * The flow runs over TCP and we resolve no DNS (RFC 3263), so our Record-Route
	 * names the transport to keep the in-dialog requests on TCP (docs/proxy.md). */
	const struct sip_msg *f5 = pxtest_ua_request(&w.bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f5);
	CU_ASSERT_EQUAL(f5->max_forwards, 69);
	CU_ASSERT(pxtest_row_is(f5, SIP_HDR_RECORD_ROUTE, 0,
				"<sip:ss3.chicago.example.com:5060;transport=tcp;lr>"));
	CU_ASSERT_EQUAL(pxtest_ua_reply(&w.bob, f5, 180,
					"Contact: <sip:bob@client.chicago.example.com;transport=tcp>\n"
					"Record-Route: <sip:ss3.chicago.example.com:5060;lr>", NULL), 0);
	pxtest_world_run(&w, 10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&w.bob, f5, 200,
					"Contact: <sip:bob@client.chicago.example.com;transport=tcp>\n"
					"Record-Route: <sip:ss3.chicago.example.com:5060;lr>",
					"v=0\no=bob 2890844527 2890844527 IN IP4 client.chicago.example.com\n"
					"s=-\nc=IN IP4 192.0.2.100\nt=0 0\n"), 0);
	pxtest_world_run(&w, 10 * MS);
	/* F11: the ACK carries alice's SDP; the proxy forwards it untouched (F12). */
	struct sip_msg *f11 = pxtest_parse(
		"ACK sip:bob@client.chicago.example.com;transport=tcp SIP/2.0\n"
		"Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74b76\n"
		"Max-Forwards: 70\n"
		"Route: <sip:ss3.chicago.example.com:5060;lr>\n"
		"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
		"To: Bob <sip:bob@biloxi.example.com>;tag=btag\n"
		"Call-ID: 2xTb9vxSit55XU7p8@atlanta.example.com\n"
		"CSeq: 2 ACK\n"
		"Content-Length: 0\n\n");
	size_t len;
	char *body = pxtest_wire(sdp_alice, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f11);
	CU_ASSERT_EQUAL(sip_msg_set_body(f11, "application/sdp", body, len), 0);
	char *wire = pxtest_print(f11);

	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, "192.0.2.33:5060", SIP_PROTO_TCP, wire), 0);
	free(wire);
	sip_msg_destroy(f11);
	pxtest_world_run(&w, 10 * MS);
	const struct sip_msg *f12 = pxtest_ua_request(&w.bob, "ACK", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f12);
	CU_ASSERT_EQUAL(f12->body.len, len);
	CU_ASSERT(f12->body.len == len && memcmp(f12->body.p, body, len) == 0);
	free(body);
	/* The ladder from F1 on (the §3.6 picture without Bob's hop to the redirect). */
	for (size_t i = 0; ladder[i] != NULL; i++) {
		char line[256];
		const char *got = mark + i < simnet_ladder_len(w.net)
					  ? strchr(simnet_arrow_format(w.net, mark + i, line,
								       sizeof(line)), ' ')
					  : NULL;

		CU_ASSERT(got != NULL && strcmp(got + 1, ladder[i]) == 0);
	}
	CU_ASSERT_EQUAL(simnet_ladder_len(w.net) - mark, 12);
	pxtest_server_stop(&p3);
}

static const struct th_test respond_tests[] = {
	TH_TEST(test_rfc3261_8_3_302_lists_bindings_with_q_and_expires),
	TH_TEST(test_rfc3261_8_3_never_redirects_to_the_request_uri),
	TH_END
};

static const struct th_test mode_tests[] = {
	TH_TEST(test_rfc3261_8_3_redirect_mode_answers_302),
	TH_TEST(test_rfc3261_8_3_redirect_mode_refuses_404_480),
	TH_TEST(test_rfc3261_8_3_redirect_mode_cancel_gets_200),
	TH_TEST(test_rfc3261_22_1_redirect_mode_challenges_with_401),
	TH_TEST(test_rfc3261_8_2_2_1_redirect_mode_416_for_other_schemes),
	TH_TEST(test_rfc3261_8_2_2_3_redirect_mode_420_lists_require_tags),
	TH_TEST(test_rfc3665_3_6_redirect_then_proxy_with_sdp_in_ack),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 8.3 Redirect Servers: the 3xx", respond_tests, NULL, NULL },
	{ "RFC3261 8.3 Redirect Servers: the server in redirect mode", mode_tests, NULL, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
