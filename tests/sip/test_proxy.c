/* tests/sip/test_proxy.c - the stateful proxy (sip/proxy.h) before the responses:
 * RFC 3261 §16.3 validation, §16.4 route preprocessing, §16.5 targets, §16.6
 * forwarding, the authentication and NAT policies, and the RFC 4475 vectors a proxy
 * decides.  Responses and the response context are in test_proxy_responses.c, the
 * RFC 3665 call flows in test_proxy_flows.c.
 *
 * Scripted UAs on simnet (tests/sip/pxtest_ua.h): each UA sends exactly the bytes
 * written here; the test answers what reaches it.  Server 192.0.2.1:5060 (domain
 * biloxi.example.com, users alice and bob), alice 192.0.2.10, bob 192.0.2.20, bob's
 * second device 192.0.2.21; UDP; authentication off unless a test turns it on.
 */
#include "sip/proxy.h"
#include "tests/sip/msgtest_util.h"
#include "tests/sip/pxtest.h"
#include "tests/sip/pxtest_ua.h"
#include "tests/support/harness.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SERVER "192.0.2.1:5060"
#define RR "<sip:192.0.2.1:5060;lr>"
#define MS 1000ull
#define SEC 1000000ull

static struct simnet *net;
static struct pxtest_server srv;
static struct pxtest_ua alice, bob, bob2;

static const char *const users[] = { "alice:wonderland", "bob:zanzibar", NULL };

typedef void (*edit_fn)(struct sip_proxy_config *cfg);

static int start(bool auth, edit_fn edit)
{
	struct sip_proxy_config cfg;
	int rc;

	sip_proxy_config_default(&cfg);
	cfg.domain = "biloxi.example.com";
	cfg.users = users;
	cfg.auth = auth;
	if (edit != NULL)
		edit(&cfg);
	rc = simnet_create(&net, 1);
	if (rc == 0)
		rc = pxtest_server_start(&srv, net, "server", SERVER, NULL, &cfg);
	if (rc == 0)
		rc = pxtest_ua_init(&alice, net, "alice", "192.0.2.10:5060", "atag");
	if (rc == 0)
		rc = pxtest_ua_init(&bob, net, "bob", "192.0.2.20:5060", "btag");
	if (rc == 0)
		rc = pxtest_ua_init(&bob2, net, "bob2", "192.0.2.21:5060", "b2tag");
	return rc;
}

static void teardown(void)
{
	if (net == NULL)
		return;
	pxtest_server_stop(&srv);
	pxtest_ua_fini(&alice);
	pxtest_ua_fini(&bob);
	pxtest_ua_fini(&bob2);
	simnet_destroy(net);
	net = NULL;
}

static void run_for(uint64_t us)
{
	simnet_run(net, simnet_now(net) + us);
}

static int reg_bob(const char *contact)
{
	return pxtest_ua_register(&bob, net, SERVER, SIP_PROTO_UDP, "sip:bob@biloxi.example.com",
				  contact, "bob", "zanzibar");
}

/* Alice's INVITE with extra rows before Content-Length and a chosen Request-URI. */
static int alice_invite(const char *ruri, const char *rows)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "INVITE %s SIP/2.0\n"
		 "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9\n"
		 "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
		 "To: Bob <sip:bob@biloxi.example.com>\n"
		 "Call-ID: 3848276298220188511@atlanta.example.com\n"
		 "CSeq: 1 INVITE\n"
		 "Contact: <sip:alice@192.0.2.10>\n"
		 "%s"
		 "Content-Length: 0\n\n",
		 ruri, rows);
	return pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP, text);
}

static int alice_status(size_t nth)
{
	size_t n = 0;

	for (size_t i = 0; i < alice.nrx; i++)
		if (!alice.rx[i]->is_request && alice.rx[i]->status >= 200 && n++ == nth)
			return alice.rx[i]->status;
	return 0;
}

/* ---- §16.6 --------------------------------------------------------------------------- */

/* RFC3261 16.6 steps 2-4, 8: "The Request-URI in the copy's start line MUST be
 * replaced with the URI for this target" ... "the proxy MUST decrement its value by
 * one" ... "it MUST insert a Record-Route header field value into the copy before any
 * existing Record-Route header field values" ... "The proxy MUST insert a Via header
 * field value into the copy before the existing Via header field values." */
static void test_rfc3261_16_6_invite_forwarded_to_binding(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.20>"), 200);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com",
				     "Max-Forwards: 70\nRecord-Route: <sip:p0.example.com;lr>\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *fwd = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(fwd);
	CU_ASSERT(sip_str_eq_c(fwd->ruri.text, "sip:bob@192.0.2.20"));
	CU_ASSERT_EQUAL(fwd->max_forwards, 69);
	CU_ASSERT_EQUAL(pxtest_rows(fwd, SIP_HDR_RECORD_ROUTE), 2);
	CU_ASSERT(pxtest_row_is(fwd, SIP_HDR_RECORD_ROUTE, 0, RR));
	CU_ASSERT(pxtest_row_is(fwd, SIP_HDR_RECORD_ROUTE, 1, "<sip:p0.example.com;lr>"));
	CU_ASSERT(sip_str_eq_c(fwd->via->host, "192.0.2.1"));
	CU_ASSERT(fwd->via->branch.len > 7 && memcmp(fwd->via->branch.p, "z9hG4bK", 7) == 0);
	CU_ASSERT(sip_str_eq_c(fwd->via->next->branch, "z9hG4bK74bf9"));
	CU_ASSERT(fwd->via->next->next == NULL);
	CU_ASSERT(sip_str_eq_c(fwd->call_id, "3848276298220188511@atlanta.example.com"));
	/* RFC3261 16.2: the proxy's own 100 Trying. */
	CU_ASSERT_PTR_NOT_NULL(pxtest_ua_response(&alice, 100, 0));
}

/* RFC3261 16.6 step 3: "If the copy does not contain a Max-Forwards header field, the
 * proxy MUST add one with a field value, which SHOULD be 70." */
static void test_rfc3261_16_6_max_forwards_added_as_70(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.20>"), 200);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com", ""), 0);
	run_for(10 * MS);
	const struct sip_msg *fwd = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(fwd);
	CU_ASSERT_EQUAL(fwd->max_forwards, 70);
	CU_ASSERT_EQUAL(pxtest_rows(fwd, SIP_HDR_MAX_FORWARDS), 1);
}

/* RFC3261 16.6 step 1: "Fields not detailed in the processing described below MUST
 * NOT be removed. ... The proxy MUST NOT add to, modify, or remove the message body."
 * The SDP offer reaches bob byte for byte: media never passes the proxy. */
static void test_rfc3261_16_6_body_and_unknown_headers_unchanged(void)
{
	static const char sdp[] = "v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\n"
				  "s=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
				  "m=audio 49172 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
	char rows[512];

	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.20>"), 200);
	snprintf(rows, sizeof(rows), "X-Lab: kept as is\nDate: not a date\n"
		 "Content-Type: application/sdp\nContent-Length: %zu\n\n%s", strlen(sdp), sdp);
	char text[2048];

	snprintf(text, sizeof(text),
		 "INVITE sip:bob@biloxi.example.com SIP/2.0\n"
		 "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9\n"
		 "From: <sip:alice@atlanta.example.com>;tag=1\nTo: <sip:bob@biloxi.example.com>\n"
		 "Call-ID: body@x\nCSeq: 1 INVITE\nContact: <sip:alice@192.0.2.10>\n%s", rows);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP, text), 0);
	run_for(10 * MS);
	const struct sip_msg *fwd = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(fwd);
	CU_ASSERT_EQUAL(fwd->body.len, strlen(sdp));
	CU_ASSERT(fwd->body.len == strlen(sdp) && memcmp(fwd->body.p, sdp, fwd->body.len) == 0);
	CU_ASSERT_PTR_NOT_NULL(sip_msg_hdr_get(fwd, "X-Lab"));
	CU_ASSERT_PTR_NOT_NULL(sip_msg_hdr_get(fwd, "Date"));
}

/* RFC3261 16.6 step 4: Record-Route only for requests that may create a dialog; RFC
 * 3665 §3.2 F19: the BYE passes the proxies without a new Record-Route. */
static void test_rfc3261_16_6_no_record_route_in_dialog_or_register(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "BYE sip:bob@192.0.2.20 SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKbye1\n"
				       "Max-Forwards: 70\n"
				       "Route: " RR "\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>;tag=2\n"
				       "Call-ID: rr@x\nCSeq: 2 BYE\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *bye = pxtest_ua_request(&bob, "BYE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(bye);
	CU_ASSERT_EQUAL(pxtest_rows(bye, SIP_HDR_RECORD_ROUTE), 0);
	CU_ASSERT_EQUAL(pxtest_rows(bye, SIP_HDR_ROUTE), 0);
	/* RFC3261 16.2: "a stateful proxy SHOULD NOT generate 100 (Trying) responses to
	 * non-INVITE requests." */
	CU_ASSERT_EQUAL(pxtest_ua_count(&alice, "SIP/2.0 100"), 0);
}

/* ---- §16.1, §16.2, §8.2.6.1: the proxy as a UAS ------------------------------------- */

/* RFC3261 16.2: "The proxy core MUST behave as a UAS with respect to sending an
 * immediate provisional on that server transaction (such as 100 Trying) ... Thus, a
 * stateful proxy SHOULD NOT generate 100 (Trying) responses to non-INVITE requests."
 * One 100 for alice's INVITE, none for her OPTIONS and MESSAGE, all three forwarded. */
static void test_rfc3261_16_2_100_trying_for_invite_only(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.20>"), 200);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "OPTIONS sip:bob@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKopt1\n"
				       "Max-Forwards: 70\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>\n"
				       "Call-ID: opt@x\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "MESSAGE sip:bob@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKmsg1\n"
				       "Max-Forwards: 70\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>\n"
				       "Call-ID: msg@x\nCSeq: 1 MESSAGE\n"
				       "Content-Type: text/plain\nContent-Length: 2\n\nhi"), 0);
	run_for(10 * MS);
	CU_ASSERT_PTR_NOT_NULL(pxtest_ua_request(&bob, "OPTIONS", 0));
	CU_ASSERT_PTR_NOT_NULL(pxtest_ua_request(&bob, "MESSAGE", 0));
	CU_ASSERT_EQUAL(pxtest_ua_count(&alice, "SIP/2.0 100"), 0);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com", "Max-Forwards: 70\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_PTR_NOT_NULL(pxtest_ua_request(&bob, "INVITE", 0));
	CU_ASSERT_EQUAL(pxtest_ua_count(&alice, "SIP/2.0 100"), 1);
}

/* RFC3261 8.2.6.1: "When a 100 (Trying) response is generated, any Timestamp header
 * field present in the request MUST be copied into this 100 (Trying) response."  The
 * proxy's 100 carries alice's Timestamp row as sent (and, 16.7 step 6, no To tag). */
static void test_rfc3261_8_2_6_1_timestamp_copied_into_100(void)
{
	const struct sip_msg *trying;

	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.20>"), 200);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com",
				     "Max-Forwards: 70\nTimestamp: 54.3 0.25\n"), 0);
	run_for(10 * MS);
	trying = pxtest_ua_response(&alice, 100, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(trying);
	CU_ASSERT_EQUAL(pxtest_rows(trying, SIP_HDR_TIMESTAMP), 1);
	CU_ASSERT(pxtest_row_is(trying, SIP_HDR_TIMESTAMP, 0, "54.3 0.25"));
	CU_ASSERT_EQUAL(trying->to->tag.len, 0);
}

/* RFC3261 16.1: "When responding directly to a request, the element is playing the role
 * of a UAS and MUST behave as described in Section 8.2."  The proxy's own 404 for a
 * user it does not have: To gets a tag, From, Call-ID, CSeq and Via are the request's
 * (8.2.6.2), and its INVITE server transaction retransmits it while no ACK comes
 * (Timer G); nothing reaches bob. */
static void test_rfc3261_16_1_responding_directly_the_proxy_is_a_uas(void)
{
	const struct sip_msg *r;

	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(alice_invite("sip:carol@biloxi.example.com", "Max-Forwards: 70\n"), 0);
	run_for(700 * MS);
	r = pxtest_ua_response(&alice, 404, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT(r->to->tag.len > 0);
	CU_ASSERT(sip_str_eq_c(r->from->tag, "9fxced76sl"));
	CU_ASSERT(sip_str_eq_c(r->call_id, "3848276298220188511@atlanta.example.com"));
	CU_ASSERT_EQUAL(r->cseq->seq, 1);
	CU_ASSERT_EQUAL(r->cseq->method, SIP_METHOD_INVITE);
	CU_ASSERT(sip_str_eq_c(r->via->branch, "z9hG4bK74bf9"));
	CU_ASSERT_PTR_NULL(r->via->next);
	CU_ASSERT_EQUAL(pxtest_ua_count(&alice, "SIP/2.0 404"), 2);  /* Timer G: 0 and 500 ms */
	CU_ASSERT_EQUAL(pxtest_ua_count(&bob, "INVITE"), 0);
}

/* ---- §16.3 ------------------------------------------------------------------------------ */

static int send_vector(const char *name, enum sip_proto proto)
{
	size_t len;
	char *raw = msgtest_load_4475(name, &len);
	struct sip_dest dst;
	struct sip_sent sent;
	int rc;

	if (raw == NULL)
		return -1;
	memset(&dst, 0, sizeof(dst));
	dst.proto = proto;
	rc = net_addr_parse(&dst.addr, SERVER, 0);
	if (rc == 0)
		rc = alice.env.send(alice.env.send_arg, &dst, raw, len, &sent);
	free(raw);
	return rc;
}

/* RFC 4475 §3.3.11 (zeromf): "A proxy should not forward the request and should
 * respond 483 (Too Many Hops)."  RFC3261 16.3 step 3: "the element MUST NOT forward
 * the request. ... Otherwise, the element MUST return a 483 (Too many hops)
 * response." */
static void test_rfc4475_3_3_11_zeromf_proxy_answers_483(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(send_vector("zeromf.dat", SIP_PROTO_UDP), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(alice_status(0), 483);
	CU_ASSERT_EQUAL(simnet_ladder_len(net), 2);  /* nothing forwarded */
}

/* RFC 4475 §3.3.2 (unkscm): "An element receiving this request will reject it with a
 * 416 Unsupported URI Scheme response."  RFC3261 16.3 step 2. */
static void test_rfc4475_3_3_2_unkscm_proxy_answers_416(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(send_vector("unkscm.dat", SIP_PROTO_TCP), 0);
	CU_ASSERT_EQUAL(send_vector("novelsc.dat", SIP_PROTO_TCP), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(alice_status(0), 416);
	CU_ASSERT_EQUAL(alice_status(1), 416);
}

/* RFC 4475 §3.3.5 (bext01): "Any element receiving this request will respond with a
 * 420 Bad Extension response, containing an Unsupported header field listing these
 * features from either the Require or Proxy-Require header field, depending on the
 * role in which the element is responding."  As a proxy: the Proxy-Require tags.  The
 * vector's Via says TLS, which our transport cannot answer over, so the vector is
 * checked by proxy_validate's rule directly and then sent over UDP. */
static void test_rfc4475_3_3_5_bext01_proxy_answers_420(void)
{
	size_t len;
	char *raw = msgtest_load_4475("bext01.dat", &len);
	char *over_udp;
	struct sip_msg *m = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	over_udp = strstr(raw, "SIP/2.0/TLS");
	CU_ASSERT_PTR_NOT_NULL_FATAL(over_udp);
	memcpy(over_udp, "SIP/2.0/UDP", 11);
	CU_ASSERT_EQUAL(sip_msg_parse(raw, len, &m, NULL), 0);
	free(raw);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	char *text = pxtest_print(m);

	sip_msg_destroy(m);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP, text), 0);
	free(text);
	run_for(10 * MS);
	const struct sip_msg *r = pxtest_ua_response(&alice, 420, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT(pxtest_row_is(r, SIP_HDR_UNSUPPORTED, 0,
				"noProxiesSupportThis, norDoAnyProxiesSupportThis"));
}

/* RFC 4475 §3.3.10 (bcast): "To protect against this as an avenue of attack, proxies
 * should drop such responses."  A response whose top Via is not ours matches nothing
 * and leaves nothing (RFC 6026 §7.3 forbids forwarding it). */
static void test_rfc4475_3_3_10_bcast_response_not_forwarded(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(send_vector("bcast.dat", SIP_PROTO_UDP), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(simnet_ladder_len(net), 1);
	CU_ASSERT_EQUAL(simnet_ladder(net, 0)->from[0], 'a');
}

/* RFC3261 16.3 step 4: "If the parameters match, the request has looped.  If they
 * differ, the request is spiraling, and processing continues.  If a loop is detected,
 * the element MAY return a 482 (Loop Detected) response."  bob's binding points at
 * the server itself: the first return has a new Request-URI (a spiral), the second
 * comes back unchanged (a loop). */
static void nat_off(struct sip_proxy_config *cfg)
{
	cfg->nat_register_source = false;
}

static void test_rfc3261_16_3_loop_detected_after_a_spiral(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, nat_off), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.1:5060>"), 200);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com", "Max-Forwards: 70\n"), 0);
	run_for(100 * MS);
	CU_ASSERT(simnet_log_has(net, "a spiral, not a loop"));
	CU_ASSERT(simnet_log_has(net, "loop"));
	CU_ASSERT_EQUAL(alice_status(0), 482);
	CU_ASSERT_EQUAL(pxtest_ua_count(&bob, "INVITE"), 0);
}

/* ---- §16.4 ---------------------------------------------------------------------------------- */

/* RFC3261 16.4: "If the first value in the Route header field indicates this proxy,
 * the proxy MUST remove that value from the request."  RFC3261 16.12.1.1 (the
 * trapezoid's BYE at P1): "P1 notices that it is not responsible for the resource
 * indicated in the Request-URI so it doesn't change it.  It does see that it is the
 * first value in the Route header field, so it removes that value, and forwards the
 * request to P2". */
static void test_rfc3261_16_12_1_1_loose_route_popped_and_followed(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "BYE sip:callee@192.0.2.99 SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKt1\n"
				       "Max-Forwards: 70\n"
				       "Route: <sip:192.0.2.1;lr>,<sip:192.0.2.20;lr>\n"
				       "From: <sip:caller@u1.example.com>;tag=1\n"
				       "To: <sip:callee@domain.com>;tag=2\n"
				       "Call-ID: trapezoid\nCSeq: 2 BYE\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *bye = pxtest_ua_request(&bob, "BYE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(bye);  /* sent to the next Route, bob's address */
	CU_ASSERT(sip_str_eq_c(bye->ruri.text, "sip:callee@192.0.2.99"));
	CU_ASSERT_EQUAL(pxtest_rows(bye, SIP_HDR_ROUTE), 1);
	CU_ASSERT(bye->route != NULL && sip_str_eq_c(bye->route->uri.text, "sip:192.0.2.20;lr"));
}

/* RFC3261 16.4: "If the Request-URI of the request contains a value this proxy
 * previously placed into a Record-Route header field (see Section 16.6 item 4), the
 * proxy MUST replace the Request-URI in the request with the last value from the
 * Route header field, and remove that value from the Route header field."  RFC3261
 * 16.12.1.2: "P2 sees the request-URI is a value it placed into a Record-Route header
 * field, so before further processing, it rewrites the request to be: BYE
 * sip:caller@u1.example.com SIP/2.0 / Route: <sip:p1.example.com;lr>".  Here we are
 * P2 (192.0.2.1), P1 is bob's address and the caller's device alice's. */
static void test_rfc3261_16_12_1_2_strict_router_request_uri_restored(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&bob2, SERVER, SIP_PROTO_UDP,
				       "BYE sip:192.0.2.1:5060;lr SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bKp3\n"
				       "Max-Forwards: 70\n"
				       "Route: <sip:192.0.2.20;lr>\n"
				       "Route: <sip:caller@192.0.2.10>\n"
				       "From: <sip:callee@domain.com>;tag=2\n"
				       "To: <sip:caller@u1.example.com>;tag=1\n"
				       "Call-ID: strict\nCSeq: 3 BYE\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *bye = pxtest_ua_request(&bob, "BYE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(bye);  /* forwarded to P1 by its Route */
	CU_ASSERT(sip_str_eq_c(bye->ruri.text, "sip:caller@192.0.2.10"));
	CU_ASSERT_EQUAL(pxtest_rows(bye, SIP_HDR_ROUTE), 1);
	CU_ASSERT(pxtest_row_is(bye, SIP_HDR_ROUTE, 0, "<sip:192.0.2.20;lr>"));
	CU_ASSERT(simnet_log_has(net, "strict router upstream"));
}

/* The same with the Route values written in one row, and a strict-routed request
 * that carries no Route at all: nothing to restore, answered 400. */
static void test_rfc3261_16_4_strict_router_route_in_one_row_and_none(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&bob2, SERVER, SIP_PROTO_UDP,
				       "BYE sip:192.0.2.1:5060;lr SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bKp4\n"
				       "Route: <sip:192.0.2.20;lr>, <sip:caller@192.0.2.10>\n"
				       "From: <sip:callee@domain.com>;tag=2\n"
				       "To: <sip:caller@u1.example.com>;tag=1\n"
				       "Call-ID: strict3\nCSeq: 3 BYE\nContent-Length: 0\n\n"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&bob2, SERVER, SIP_PROTO_UDP,
				       "BYE sip:192.0.2.1;lr SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bKp5\n"
				       "From: <sip:callee@domain.com>;tag=2\n"
				       "To: <sip:caller@u1.example.com>;tag=1\n"
				       "Call-ID: strict4\nCSeq: 3 BYE\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *bye = pxtest_ua_request(&bob, "BYE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(bye);
	CU_ASSERT(sip_str_eq_c(bye->ruri.text, "sip:caller@192.0.2.10"));
	CU_ASSERT(pxtest_row_is(bye, SIP_HDR_ROUTE, 0, "<sip:192.0.2.20;lr>"));
	CU_ASSERT_EQUAL(pxtest_rows(bye, SIP_HDR_ROUTE), 1);
	const struct sip_msg *bad = pxtest_ua_response(&bob2, 400, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
	CU_ASSERT(sip_str_eq_c(bad->reason, "Bad Route"));
}

static void public_alias(struct sip_proxy_config *cfg)
{
	static const char *const aliases[] = { "198.51.100.1", NULL };

	cfg->aliases = aliases;
}

/* RFC3261 16.4: "If the first value in the Route header field indicates this proxy"
 * - an IP configured as a name of the server (the public address of a server behind
 * a port forward, or one bound to the any-address) indicates it too, on our port. */
static void test_rfc3261_16_4_route_naming_an_alias_ip_is_ours(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, public_alias), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "BYE sip:bob@192.0.2.20 SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKpub\n"
				       "Route: <sip:198.51.100.1;lr>\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>;tag=2\n"
				       "Call-ID: pub\nCSeq: 2 BYE\nContent-Length: 0\n\n"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "BYE sip:bob@192.0.2.20 SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKpub2\n"
				       "Route: <sip:198.51.100.1:5070;lr>\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>;tag=2\n"
				       "Call-ID: pub2\nCSeq: 2 BYE\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *bye = pxtest_ua_request(&bob, "BYE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(bye);
	CU_ASSERT(sip_str_eq_c(bye->call_id, "pub"));
	CU_ASSERT_EQUAL(pxtest_rows(bye, SIP_HDR_ROUTE), 0);
	/* The same IP on another port is someone else: sent there (nobody listens). */
	CU_ASSERT_EQUAL(pxtest_ua_count(&bob, "BYE"), 1);
	CU_ASSERT(simnet_ladder(net, simnet_ladder_len(net) - 1)->nobody);
}

/* A server bound to the any-address cannot write 0.0.0.0 into a Record-Route (§16.6
 * step 4: the URI "MUST resolve to the element inserting it"): it writes its first
 * alias instead. */
static void test_rfc3261_16_6_record_route_of_a_server_bound_to_any(void)
{
	struct sip_proxy_config cfg;
	struct sip_transport_config tc;
	struct sip_transport *tp = NULL;
	struct sip_proxy *p = NULL;
	struct sip_env env;
	struct simnet_node *node;
	static const char *const aliases[] = { "198.51.100.1", NULL };

	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	node = simnet_node_add(net, "any", "192.0.2.2:5060");
	CU_ASSERT_PTR_NOT_NULL_FATAL(node);
	simnet_node_env(node, &env);
	memset(&tc, 0, sizeof(tc));
	CU_ASSERT_EQUAL(net_addr_parse(&tc.udp, "0.0.0.0:5060", 0), 0);
	CU_ASSERT_EQUAL_FATAL(sip_transport_create(&tp, &env, &tc), 0);
	sip_proxy_config_default(&cfg);
	cfg.domain = "biloxi.example.com";
	cfg.aliases = aliases;
	cfg.auth = false;
	CU_ASSERT_EQUAL(sip_proxy_create(&p, tp, &cfg), 0);
	simnet_node_attach(node, tp);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, "192.0.2.2:5060", SIP_PROTO_UDP,
				       "INVITE sip:x@192.0.2.20 SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKany\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:x@192.0.2.20>\n"
				       "Call-ID: any\nCSeq: 1 INVITE\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *fwd = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT(fwd != NULL &&
		  pxtest_row_is(fwd, SIP_HDR_RECORD_ROUTE, 0, "<sip:198.51.100.1:5060;lr>"));
	sip_proxy_destroy(p);
	sip_transport_destroy(tp);
}

/* RFC3261 16.6 step 6: "If that URI does not contain an lr parameter, the proxy MUST
 * modify the copy as follows: The proxy MUST place the Request-URI into the Route
 * header field as the last value.  The proxy MUST then place the first Route header
 * field value into the Request-URI and remove that value from the Route header
 * field."  RFC3261 16.12.1.2: P4 sends "BYE sip:p3.middle.com SIP/2.0 / Route:
 * <sip:p2.example.com;lr> / Route: <sip:p1.example.com;lr> / Route:
 * <sip:caller@u1.example.com>".  We are P4; P3 (strict) is bob. */
static void test_rfc3261_16_12_1_2_strict_router_next_reformatted(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&bob2, SERVER, SIP_PROTO_UDP,
				       "BYE sip:caller@u1.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bKu2\n"
				       "Max-Forwards: 70\n"
				       "Route: <sip:192.0.2.1:5060;lr>\n"
				       "Route: <sip:192.0.2.20>\n"
				       "Route: <sip:p2.example.com;lr>\n"
				       "Route: <sip:p1.example.com;lr>\n"
				       "From: <sip:callee@domain.com>;tag=2\n"
				       "To: <sip:caller@u1.example.com>;tag=1\n"
				       "Call-ID: strict2\nCSeq: 3 BYE\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *bye = pxtest_ua_request(&bob, "BYE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(bye);
	CU_ASSERT(sip_str_eq_c(bye->ruri.text, "sip:192.0.2.20"));
	CU_ASSERT_EQUAL(pxtest_rows(bye, SIP_HDR_ROUTE), 3);
	CU_ASSERT(pxtest_row_is(bye, SIP_HDR_ROUTE, 0, "<sip:p2.example.com;lr>"));
	CU_ASSERT(pxtest_row_is(bye, SIP_HDR_ROUTE, 1, "<sip:p1.example.com;lr>"));
	CU_ASSERT(pxtest_row_is(bye, SIP_HDR_ROUTE, 2, "<sip:caller@u1.example.com>"));
}

/* RFC3261 16.4: "If the Request-URI has a maddr parameter with a value the proxy is
 * responsible for ... the proxy MUST strip the maddr and any non-default port or
 * transport parameter and continue processing as if those values had not been
 * present in the request." */
static void test_rfc3261_16_4_our_maddr_is_stripped(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.20>"), 200);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com;maddr=192.0.2.1;transport=udp",
				     "Max-Forwards: 70\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *fwd = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(fwd);  /* maddr gone: the location service was used */
	CU_ASSERT(sip_str_eq_c(fwd->ruri.text, "sip:bob@192.0.2.20"));
}

/* ---- §16.5 ---------------------------------------------------------------------------------- */

/* RFC3261 16.5: "If the Request-URI indicates a resource at this proxy that does not
 * exist, the proxy MUST return a 404 (Not Found) response." ... "If the target set
 * remains empty after applying all of the above, the proxy MUST return an error
 * response, which SHOULD be the 480 (Temporarily Unavailable) response." */
static void test_rfc3261_16_5_unknown_user_404_unregistered_480(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(alice_invite("sip:carol@biloxi.example.com", "Max-Forwards: 70\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(alice_status(0), 404);
	/* bob exists but has not registered (a new branch: a new transaction). */
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "INVITE sip:bob@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnotreg\n"
				       "From: <sip:alice@atlanta.example.com>;tag=2\n"
				       "To: <sip:bob@biloxi.example.com>\n"
				       "Call-ID: notreg\nCSeq: 1 INVITE\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(alice_status(1), 480);
	CU_ASSERT_EQUAL(pxtest_ua_count(&bob, "INVITE"), 0);
}

/* RFC3261 16.5: "If the domain of the Request-URI indicates a domain this element is
 * not responsible for, the Request-URI MUST be placed into the target set as the only
 * target"; "A proxy MUST NOT add additional targets to the target set if the
 * Request-URI of the original request does not indicate a resource this proxy is
 * responsible for." */
static void test_rfc3261_16_5_other_domain_request_uri_is_the_target(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(alice_invite("sip:someone@192.0.2.21:5060", "Max-Forwards: 70\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *fwd = pxtest_ua_request(&bob2, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(fwd);
	CU_ASSERT(sip_str_eq_c(fwd->ruri.text, "sip:someone@192.0.2.21:5060"));
}

/* RFC3261 16.6 step 2: "If the URI contains any parameters not allowed in a
 * Request-URI, they MUST be removed."  A contact with an escaped header (RFC 4475
 * §3.3.14 regescrt registers one) and a method parameter is forwarded to without
 * them (§19.1.1 Table 1). */
static void test_rfc3261_16_6_target_loses_headers_and_method(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.20;method=INVITE;ob?Route=%3Csip:x%3E>"), 200);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com", "Max-Forwards: 70\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *fwd = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(fwd);
	CU_ASSERT(sip_str_eq_c(fwd->ruri.text, "sip:bob@192.0.2.20;ob"));
}

/* A binding that is not a SIP URI (RFC 3665 §2.2 registers a mailto:) cannot be
 * proxied to: with nothing else the target set is empty (480). */
static void test_rfc3261_16_5_non_sip_binding_is_no_target(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<mailto:bob@biloxi.example.com>"), 200);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com", "Max-Forwards: 70\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(alice_status(0), 480);
}

/* RFC3261 16.5: "If the domain of the Request-URI indicates a domain this element is
 * not responsible for, the Request-URI MUST be placed into the target set as the only
 * target".  The domain is an IP (a lab: everything on one host), and bob's device
 * listens on the same IP, another port, under another user name: a request for that
 * Contact is not a request for our domain (no location lookup, no 404). */
static void ip_domain(struct sip_proxy_config *cfg)
{
	cfg->domain = "192.0.2.1";
}

static void test_rfc3261_16_5_same_host_other_port_is_not_our_domain(void)
{
	struct pxtest_ua dev;

	CU_ASSERT_EQUAL_FATAL(start(false, ip_domain), 0);
	CU_ASSERT_EQUAL_FATAL(pxtest_ua_init(&dev, net, "dev", "192.0.2.1:5080", "dtag"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_register(&dev, net, SERVER, SIP_PROTO_UDP, "sip:bob@192.0.2.1",
					   "<sip:b0b@192.0.2.1:5080>", "bob", "zanzibar"), 200);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@192.0.2.1", "Max-Forwards: 70\n"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "BYE sip:b0b@192.0.2.1:5080 SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKsame\n"
				       "Route: " RR "\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@192.0.2.1>;tag=2\n"
				       "Call-ID: same\nCSeq: 2 BYE\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&dev, "INVITE"), 1);
	CU_ASSERT_EQUAL(pxtest_ua_count(&dev, "BYE"), 1);
	CU_ASSERT_EQUAL(alice_status(0), 0);  /* no 404 */
	pxtest_ua_fini(&dev);
}

/* RFC3261 11.2 / 16.5: a request for the server itself; an OPTIONS gets 200 with
 * Allow, anything else for a resource we do not have 404. */
static void test_rfc3261_16_5_request_for_the_server_itself(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "OPTIONS sip:biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKo1\n"
				       "Max-Forwards: 70\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:biloxi.example.com>\n"
				       "Call-ID: opt\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *r = pxtest_ua_response(&alice, 200, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_NOT_NULL(r->allow);
	CU_ASSERT(sip_token_list_has(r->allow, "INVITE"));
	CU_ASSERT_EQUAL(alice_invite("sip:192.0.2.1:5060", "Max-Forwards: 70\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(alice_status(1), 404);
}

/* ---- Authentication policy (§16.3 step 6, §22.3) ----------------------------------------- */

/* RFC3261 22.3: "the proxy can challenge the originator to provide credentials by
 * rejecting the request with a 407 (Proxy Authentication Required) status code.  The
 * proxy MUST populate the 407 (Proxy Authentication Required) message with a Proxy-
 * Authenticate header field value applicable to the proxy for the requested
 * resource."  The retried INVITE goes through without our credentials (a
 * Proxy-Authorization value for our realm is consumed; others stay). */
static void test_rfc3261_22_3_invite_challenged_then_forwarded_without_our_credentials(void)
{
	CU_ASSERT_EQUAL_FATAL(start(true, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.20>"), 200);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com", "Max-Forwards: 70\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *ch = pxtest_ua_response(&alice, 407, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ch);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ch->proxy_authenticate);
	CU_ASSERT(sip_str_eq_c(ch->proxy_authenticate->realm, "biloxi.example.com"));
	CU_ASSERT_EQUAL(pxtest_ua_count(&bob, "INVITE"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_count(&alice, "SIP/2.0 100"), 0);

	struct sip_msg *retry = pxtest_parse(
		"INVITE sip:bob@biloxi.example.com SIP/2.0\n"
		"Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bfa\n"
		"Max-Forwards: 70\n"
		"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
		"To: Bob <sip:bob@biloxi.example.com>\n"
		"Call-ID: 3848276298220188511@atlanta.example.com\n"
		"CSeq: 2 INVITE\n"
		"Proxy-Authorization: Digest username=\"alice\", realm=\"elsewhere.example.com\", "
		"nonce=\"n\", uri=\"sip:bob@biloxi.example.com\", "
		"response=\"00000000000000000000000000000000\"\n"
		"Content-Length: 0\n\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(retry);
	CU_ASSERT_EQUAL(pxtest_authorize(retry, ch, "alice", "wonderland", 1), 0);
	char *text = pxtest_print(retry);

	sip_msg_destroy(retry);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP, text), 0);
	free(text);
	run_for(10 * MS);
	const struct sip_msg *fwd = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(fwd);
	CU_ASSERT_EQUAL(pxtest_rows(fwd, SIP_HDR_PROXY_AUTHORIZATION), 1);
	CU_ASSERT(fwd->proxy_authorization != NULL &&
		  sip_str_eq_c(fwd->proxy_authorization->realm, "elsewhere.example.com"));
}

/* RFC3261 22.1: "servers MUST NOT attempt to challenge an ACK" and "CANCEL requests";
 * our policy: an in-dialog request that came through our Route passes too. */
static void test_rfc3261_22_1_ack_cancel_and_routed_in_dialog_not_challenged(void)
{
	CU_ASSERT_EQUAL_FATAL(start(true, NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "BYE sip:bob@192.0.2.20 SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKbye2\n"
				       "Max-Forwards: 70\n"
				       "Route: " RR "\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>;tag=2\n"
				       "Call-ID: indialog\nCSeq: 2 BYE\nContent-Length: 0\n\n"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "ACK sip:bob@192.0.2.20 SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKack2\n"
				       "Max-Forwards: 70\n"
				       "Route: " RR "\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>;tag=2\n"
				       "Call-ID: indialog\nCSeq: 1 ACK\nContent-Length: 0\n\n"), 0);
	/* Out of dialog, a BYE is challenged like any request. */
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "BYE sip:bob@192.0.2.20 SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKbye3\n"
				       "Max-Forwards: 70\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>\n"
				       "Call-ID: outdialog\nCSeq: 2 BYE\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&bob, "BYE"), 1);
	CU_ASSERT_EQUAL(pxtest_ua_count(&bob, "ACK"), 1);
	CU_ASSERT_EQUAL(alice_status(0), 407);
}

/* ---- NAT policy ------------------------------------------------------------------------------- */

/* sip/proxy.h, NAT policy on: a UA whose Contact names a private address it cannot be
 * reached at is reached at the address its REGISTER came from (the Request-URI stays
 * the Contact); in-dialog requests to that Contact too.  Off: the Contact is used. */
static void test_impl_nat_policy_uses_register_source(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@10.0.0.2:5062>"), 200);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com", "Max-Forwards: 70\n"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "BYE sip:bob@10.0.0.2:5062 SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnat2\n"
				       "Max-Forwards: 70\n"
				       "Route: " RR "\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>;tag=2\n"
				       "Call-ID: nat\nCSeq: 2 BYE\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *fwd = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(fwd);
	CU_ASSERT(sip_str_eq_c(fwd->ruri.text, "sip:bob@10.0.0.2:5062"));
	CU_ASSERT_EQUAL(pxtest_ua_count(&bob, "BYE"), 1);
}

/* RFC3581 4: "When the server sends the response, it MUST send it to the source IP
 * address and port the request came from"; RFC3261 16.7 step 9: "the proxy MUST NOT
 * remove any "received" parameter it may have added to the next Via header field
 * value".  alice writes a private sent-by with rport: the server's 100 and bob's
 * forwarded 180 reach her public address, and bob sees the received/rport the
 * server added. */
static void test_rfc3581_4_responses_reach_a_caller_behind_nat(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.20>"), 200);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "INVITE sip:bob@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 10.0.0.1:5062;rport;branch=z9hG4bKnat1\n"
				       "Max-Forwards: 70\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>\n"
				       "Call-ID: behindnat\nCSeq: 1 INVITE\n"
				       "Contact: <sip:alice@10.0.0.1:5062>\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *fwd = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(fwd);
	CU_ASSERT(sip_str_eq_c(fwd->via->next->received, "192.0.2.10"));
	CU_ASSERT_EQUAL(fwd->via->next->rport, 5060);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&bob, fwd, 180, "Contact: <sip:bob@192.0.2.20>", NULL), 0);
	run_for(10 * MS);
	CU_ASSERT_PTR_NOT_NULL(pxtest_ua_response(&alice, 100, 0));
	const struct sip_msg *ring = pxtest_ua_response(&alice, 180, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ring);
	CU_ASSERT(sip_str_eq_c(ring->via->received, "192.0.2.10"));
}

/* RFC3261 10.2.1 on the network: registered for 60 s at t0, bob is still called at
 * t0 + 59.999 s and is gone at t0 + 60 s exactly (480), on simnet's clock. */
static void test_rfc3261_10_2_1_binding_expires_on_simnet(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.20>;expires=60"), 200);
	uint64_t registered = simnet_ladder(net, 0)->sent_us;

	simnet_run(net, registered + 60 * SEC - MS);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com", "Max-Forwards: 70\n"), 0);
	run_for(0);
	CU_ASSERT_EQUAL(pxtest_ua_count(&bob, "INVITE"), 1);
	simnet_run(net, registered + 60 * SEC);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "INVITE sip:bob@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKlate\n"
				       "From: <sip:alice@atlanta.example.com>;tag=2\n"
				       "To: <sip:bob@biloxi.example.com>\n"
				       "Call-ID: late\nCSeq: 1 INVITE\nContent-Length: 0\n\n"), 0);
	run_for(0);
	CU_ASSERT_EQUAL(alice_status(0), 480);
	CU_ASSERT_EQUAL(pxtest_ua_count(&bob, "INVITE"), 1);
}

static void test_impl_nat_policy_off_uses_contact(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, nat_off), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.21:5060>"), 200);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com", "Max-Forwards: 70\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&bob, "INVITE"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_count(&bob2, "INVITE"), 1);
}

/* ---- Capacity and reports ------------------------------------------------------------------- */

static void one_context(struct sip_proxy_config *cfg)
{
	cfg->max_contexts = 1;
}

/* DESIGN.md: "when one is reached the caller gets an error and the peer gets the RFC's
 * response (e.g. 503)" - RFC3261 21.5.4 with Retry-After. */
static void test_rfc3261_21_5_4_context_limit_gives_503(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, one_context), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.20>"), 200);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com", "Max-Forwards: 70\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(sip_proxy_context_count(srv.proxy), 1);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "OPTIONS sip:bob@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcap\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>\n"
				       "Call-ID: cap\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *r = pxtest_ua_response(&alice, 503, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_NOT_NULL(sip_msg_hdr_get(r, "Retry-After"));
}

/* The demo's ladder: per Call-ID, the branches the proxy created. */
static void test_impl_journal_reports_branches_per_call(void)
{
	struct sip_proxy_branch_record rec[4];

	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.20>"), 200);
	CU_ASSERT_EQUAL(alice_invite("sip:bob@biloxi.example.com", "Max-Forwards: 70\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *fwd = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(fwd);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&bob, fwd, 486, NULL, NULL), 0);
	run_for(10 * MS);
	size_t n = sip_proxy_call_branches(srv.proxy, "3848276298220188511@atlanta.example.com",
					   rec, 4);

	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(rec[0].method, "INVITE");
	CU_ASSERT_STRING_EQUAL(rec[0].server_branch, "z9hG4bK74bf9");
	CU_ASSERT(sip_str_eq_c(fwd->via->branch, rec[0].branch));
	CU_ASSERT_STRING_EQUAL(rec[0].target, "sip:bob@192.0.2.20");
	CU_ASSERT_EQUAL(rec[0].status, 486);
	CU_ASSERT(!rec[0].stateless);
	CU_ASSERT_EQUAL(sip_proxy_call_branches(srv.proxy, "nothing", rec, 4), 0);
}

/* DESIGN.md: "Bad input never crashes or aborts."  Every RFC 4475 message, valid or
 * not, thrown at the server over UDP and TCP (with bob registered, so some are
 * forwarded), with authentication on and off; the server answers an OPTIONS for
 * itself afterwards and valgrind sees no error. */
static void every_vector(bool auth)
{
	DIR *d = opendir("tests/vectors/rfc4475");
	const struct dirent *e;
	size_t sent = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(start(auth, NULL), 0);
	CU_ASSERT_EQUAL(reg_bob("<sip:bob@192.0.2.20>"), 200);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len < 5 || strcmp(e->d_name + len - 4, ".dat") != 0)
			continue;
		sent += send_vector(e->d_name, SIP_PROTO_UDP) == 0;
		(void)send_vector(e->d_name, SIP_PROTO_TCP);
		run_for(10 * MS);
	}
	closedir(d);
	CU_ASSERT(sent >= 45);
	run_for(40 * SEC);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SERVER, SIP_PROTO_UDP,
				       "OPTIONS sip:biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKalive\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:biloxi.example.com>\n"
				       "Call-ID: alive\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *last = alice.nrx > 0 ? alice.rx[alice.nrx - 1] : NULL;

	CU_ASSERT(last != NULL && !last->is_request && last->status == (auth ? 407 : 200));
}

static void test_impl_every_rfc4475_vector_survived(void)
{
	every_vector(false);
	teardown();
	every_vector(true);
}

static void test_impl_proxy_create_refuses_bad_config(void)
{
	struct sip_proxy_config cfg;
	struct sip_proxy *p = NULL;
	static const char *const bad_users[] = { "nopassword", NULL };

	CU_ASSERT_EQUAL_FATAL(start(false, NULL), 0);
	sip_proxy_config_default(&cfg);
	CU_ASSERT_EQUAL(sip_proxy_create(&p, srv.tp, &cfg), EINVAL);  /* no domain */
	cfg.domain = "x.example.com";
	cfg.timer_c_us = 180 * SEC;  /* "MUST be larger than 3 minutes" */
	CU_ASSERT_EQUAL(sip_proxy_create(&p, srv.tp, &cfg), EINVAL);
	cfg.timer_c_us = 0;
	cfg.users = bad_users;
	CU_ASSERT_EQUAL(sip_proxy_create(&p, srv.tp, &cfg), EINVAL);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_EQUAL(sip_proxy_create(&p, NULL, &cfg), EINVAL);
}

static const struct th_test forward_tests[] = {
	TH_TEST(test_rfc3261_16_6_invite_forwarded_to_binding),
	TH_TEST(test_rfc3261_16_6_max_forwards_added_as_70),
	TH_TEST(test_rfc3261_16_6_body_and_unknown_headers_unchanged),
	TH_TEST(test_rfc3261_16_6_no_record_route_in_dialog_or_register),
	TH_TEST(test_rfc3261_16_6_target_loses_headers_and_method),
	TH_TEST(test_rfc3261_16_6_record_route_of_a_server_bound_to_any),
	TH_END
};

static const struct th_test validate_tests[] = {
	TH_TEST(test_rfc4475_3_3_11_zeromf_proxy_answers_483),
	TH_TEST(test_rfc4475_3_3_2_unkscm_proxy_answers_416),
	TH_TEST(test_rfc4475_3_3_5_bext01_proxy_answers_420),
	TH_TEST(test_rfc4475_3_3_10_bcast_response_not_forwarded),
	TH_TEST(test_rfc3261_16_3_loop_detected_after_a_spiral),
	TH_END
};

static const struct th_test route_tests[] = {
	TH_TEST(test_rfc3261_16_12_1_1_loose_route_popped_and_followed),
	TH_TEST(test_rfc3261_16_12_1_2_strict_router_request_uri_restored),
	TH_TEST(test_rfc3261_16_12_1_2_strict_router_next_reformatted),
	TH_TEST(test_rfc3261_16_4_strict_router_route_in_one_row_and_none),
	TH_TEST(test_rfc3261_16_4_our_maddr_is_stripped),
	TH_TEST(test_rfc3261_16_4_route_naming_an_alias_ip_is_ours),
	TH_END
};

static const struct th_test target_tests[] = {
	TH_TEST(test_rfc3261_16_5_unknown_user_404_unregistered_480),
	TH_TEST(test_rfc3261_16_5_other_domain_request_uri_is_the_target),
	TH_TEST(test_rfc3261_16_5_request_for_the_server_itself),
	TH_TEST(test_rfc3261_16_5_non_sip_binding_is_no_target),
	TH_TEST(test_rfc3261_16_5_same_host_other_port_is_not_our_domain),
	TH_END
};

static const struct th_test policy_tests[] = {
	TH_TEST(test_rfc3261_22_3_invite_challenged_then_forwarded_without_our_credentials),
	TH_TEST(test_rfc3261_22_1_ack_cancel_and_routed_in_dialog_not_challenged),
	TH_TEST(test_impl_nat_policy_uses_register_source),
	TH_TEST(test_impl_nat_policy_off_uses_contact),
	TH_TEST(test_rfc3581_4_responses_reach_a_caller_behind_nat),
	TH_TEST(test_rfc3261_10_2_1_binding_expires_on_simnet),
	TH_TEST(test_rfc3261_21_5_4_context_limit_gives_503),
	TH_TEST(test_impl_journal_reports_branches_per_call),
	TH_TEST(test_impl_proxy_create_refuses_bad_config),
	TH_TEST(test_impl_every_rfc4475_vector_survived),
	TH_END
};

static const struct th_test uas_tests[] = {
	TH_TEST(test_rfc3261_16_1_responding_directly_the_proxy_is_a_uas),
	TH_TEST(test_rfc3261_16_2_100_trying_for_invite_only),
	TH_TEST(test_rfc3261_8_2_6_1_timestamp_copied_into_100),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 16.1-16.2 the proxy as a UAS, stateful (8.2.6.1)", uas_tests, NULL, teardown },
	{ "RFC3261 16.6 Request Forwarding", forward_tests, NULL, teardown },
	{ "RFC3261 16.3 Request Validation", validate_tests, NULL, teardown },
	{ "RFC3261 16.4 Route Information Preprocessing", route_tests, NULL, teardown },
	{ "RFC3261 16.5 Determining Request Targets", target_tests, NULL, teardown },
	{ "RFC3261 22.3 proxy authentication, NAT and capacity policies", policy_tests, NULL,
	  teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
