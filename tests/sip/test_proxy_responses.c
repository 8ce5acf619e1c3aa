/* tests/sip/test_proxy_responses.c - the proxy's response context (sip/proxy.h):
 * RFC 3261 §16.7 response processing, forking and the best response, §16.8 Timer C,
 * §16.9 transport errors, §16.10 CANCEL, and RFC 6026 §7 (2xx forwarding, no stray
 * responses), plus the ACK for a 2xx forwarded statelessly (§16.11).
 *
 * Scripted UAs on simnet (tests/sip/pxtest_ua.h) send exactly the bytes written
 * here.  bob has one binding (192.0.2.20) or two (with bob2, 192.0.2.21: forking);
 * the branch to bob is created first.  UDP, no latency, authentication off.
 */
#include "sip/proxy.h"
#include "tests/sip/pxtest.h"
#include "tests/sip/pxtest_ua.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define SERVER PXTEST_SERVER
#define RR "<sip:192.0.2.1:5060;lr>"
#define MS 1000ull
#define SEC 1000000ull
#define CALL_ID "resp@atlanta.example.com"

static struct pxtest_world w;

static const char *const users[] = { "alice:wonderland", "bob:zanzibar", NULL };

typedef void (*edit_fn)(struct sip_proxy_config *cfg);

static int start(edit_fn edit)
{
	struct sip_proxy_config cfg;

	sip_proxy_config_default(&cfg);
	cfg.domain = "biloxi.example.com";
	cfg.users = users;
	cfg.auth = false;
	if (edit != NULL)
		edit(&cfg);
	return pxtest_world_start(&w, NULL, &cfg);
}

static void teardown(void)
{
	pxtest_world_stop(&w);
}

static void run_for(uint64_t us)
{
	pxtest_world_run(&w, us);
}

static void nat_off(struct sip_proxy_config *cfg)
{
	cfg->nat_register_source = false;
}

static int reg(struct pxtest_ua *ua, const char *contact)
{
	return pxtest_ua_register(ua, w.net, SERVER, SIP_PROTO_UDP, "sip:bob@biloxi.example.com",
				  contact, "bob", "zanzibar");
}

/* bob registers (and bob2 too when `fork`), then alice INVITEs bob. */
static int call(bool fork)
{
	if (reg(&w.bob, "<sip:bob@192.0.2.20>") != 200 ||
	    (fork && reg(&w.bob2, "<sip:bob@192.0.2.21>") != 200))
		return -1;
	int rc = pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP,
				"INVITE sip:bob@biloxi.example.com SIP/2.0\n"
				"Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9\n"
				"Max-Forwards: 70\n"
				"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
				"To: Bob <sip:bob@biloxi.example.com>\n"
				"Call-ID: " CALL_ID "\n"
				"CSeq: 1 INVITE\n"
				"Contact: <sip:alice@192.0.2.10>\n"
				"Content-Length: 0\n\n");

	run_for(10 * MS);
	return rc;
}

static const struct sip_msg *inv(const struct pxtest_ua *ua)
{
	return pxtest_ua_request(ua, "INVITE", 0);
}

static int reply(struct pxtest_ua *ua, int status)
{
	char rows[256];
	const struct sip_msg *req = inv(ua);

	if (req == NULL)
		return -1;
	snprintf(rows, sizeof(rows), "Contact: <sip:bob@%s>%s",
		 ua == &w.bob ? "192.0.2.20" : "192.0.2.21",
		 status >= 200 && status < 300 ? "\nRecord-Route: " RR : "");
	return pxtest_ua_reply(ua, req, status, rows, NULL);
}

/* A UA answers the CANCEL it got with 200 and its INVITE with 487. */
static int cancelled(struct pxtest_ua *ua)
{
	const struct sip_msg *c = pxtest_ua_request(ua, "CANCEL", 0);

	if (c == NULL || pxtest_ua_reply(ua, c, 200, NULL, NULL) != 0)
		return -1;
	return reply(ua, 487);
}

/* alice's ACK for a non-2xx final response (same branch: hop by hop, §17.1.1.3). */
static int alice_ack_failure(void)
{
	char text[1024];
	const struct sip_msg *r = NULL;

	for (size_t i = 0; pxtest_ua_response(&w.alice, 0, i) != NULL; i++)
		if (pxtest_ua_response(&w.alice, 0, i)->status >= 300)
			r = pxtest_ua_response(&w.alice, 0, i);
	if (r == NULL)
		return -1;
	snprintf(text, sizeof(text),
		 "ACK sip:bob@biloxi.example.com SIP/2.0\n"
		 "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9\n"
		 "Max-Forwards: 70\n"
		 "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
		 "To: %.*s\n"
		 "Call-ID: " CALL_ID "\n"
		 "CSeq: 1 ACK\n"
		 "Content-Length: 0\n\n",
		 (int)r->to->text.len, r->to->text.p);
	return pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP, text);
}

/* alice's ACK for bob's 2xx: a new transaction along the route set (§13.2.2.4). */
static int alice_ack_2xx(const char *branch)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "ACK sip:bob@192.0.2.20 SIP/2.0\n"
		 "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=%s\n"
		 "Max-Forwards: 70\n"
		 "Route: " RR "\n"
		 "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
		 "To: Bob <sip:bob@biloxi.example.com>;tag=btag\n"
		 "Call-ID: " CALL_ID "\n"
		 "CSeq: 1 ACK\n"
		 "Content-Length: 0\n\n",
		 branch);
	return pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP, text);
}

static int alice_cancel(void)
{
	return pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP,
			      "CANCEL sip:bob@biloxi.example.com SIP/2.0\n"
			      "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9\n"
			      "Max-Forwards: 70\n"
			      "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
			      "To: Bob <sip:bob@biloxi.example.com>\n"
			      "Call-ID: " CALL_ID "\n"
			      "CSeq: 1 CANCEL\n"
			      "Content-Length: 0\n\n");
}

/* Time of the first arrow from -> to whose line starts with prefix; UINT64_MAX if none. */
static uint64_t arrow_time(const char *from, const char *to, const char *prefix)
{
	for (size_t i = 0; i < simnet_ladder_len(w.net); i++) {
		const struct simnet_arrow *a = simnet_ladder(w.net, i);

		if (strcmp(a->from, from) == 0 && strcmp(a->to, to) == 0 &&
		    strncmp(a->line, prefix, strlen(prefix)) == 0)
			return a->sent_us;
	}
	return UINT64_MAX;
}

/* ---- §16.7 step 5: what is forwarded at once -------------------------------------------- */

/* RFC3261 16.7 step 5: "Until a final response has been sent on the server
 * transaction, the following responses MUST be forwarded immediately: Any provisional
 * response other than 100 (Trying)" ... "a stateful proxy MUST NOT forward any 100
 * (Trying) response."  alice sees one 100 (the proxy's own) and bob's 180, with only
 * her own Via left (step 3: "The proxy removes the topmost Via"). */
static void test_rfc3261_16_7_5_100_absorbed_180_forwarded(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(false), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 100), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 180), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.alice, "SIP/2.0 100"), 1);
	const struct sip_msg *ring = pxtest_ua_response(&w.alice, 180, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ring);
	CU_ASSERT_EQUAL(pxtest_rows(ring, SIP_HDR_VIA), 1);
	CU_ASSERT(sip_str_eq_c(ring->via->branch, "z9hG4bK74bf9"));
	/* RFC3261 16.7 step 6: "A proxy MUST NOT modify the tag in the To header field of
	 * a 1xx or 2xx response." */
	CU_ASSERT(sip_str_eq_c(ring->to->tag, "btag"));
}

/* RFC3261 16.7 step 5: "Any 2xx response" is forwarded at once, with the Record-Route
 * bob copied into it (step 8 leaves it as it is) and its body untouched (step 9). */
static void test_rfc3261_16_7_5_2xx_forwarded_with_record_route(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(false), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 200), 0);
	run_for(10 * MS);
	const struct sip_msg *ok = pxtest_ua_response(&w.alice, 200, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ok);
	CU_ASSERT(pxtest_row_is(ok, SIP_HDR_RECORD_ROUTE, 0, RR));
	CU_ASSERT(pxtest_row_is(ok, SIP_HDR_CONTACT, 0, "<sip:bob@192.0.2.20>"));
	CU_ASSERT(sip_str_eq_c(ok->to->tag, "btag"));
	CU_ASSERT_EQUAL(pxtest_rows(ok, SIP_HDR_VIA), 1);
}

/* ---- Forking and the best response ----------------------------------------------------- */

/* RFC3261 16.7 step 10: "If the forwarded response was a final response, the proxy
 * MUST generate a CANCEL request for all pending client transactions associated with
 * this response context."  bob2 rings, bob answers: alice gets bob's 200 and never a
 * 487; bob2 gets a CANCEL built per §9.1 (same branch and Request-URI as its INVITE),
 * and the proxy ACKs bob2's 487 itself. */
static void test_rfc3261_16_7_10_fork_200_wins_other_branch_cancelled(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(true), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(inv(&w.bob));
	CU_ASSERT_PTR_NOT_NULL_FATAL(inv(&w.bob2));
	CU_ASSERT_EQUAL(reply(&w.bob2, 180), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(reply(&w.bob, 200), 0);
	run_for(10 * MS);
	const struct sip_msg *c = pxtest_ua_request(&w.bob2, "CANCEL", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT(sip_str_eq(c->via->branch, inv(&w.bob2)->via->branch));
	CU_ASSERT(sip_str_eq(c->ruri.text, inv(&w.bob2)->ruri.text));
	CU_ASSERT_EQUAL(c->cseq->seq, 1);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob, "CANCEL"), 0);
	CU_ASSERT_EQUAL(cancelled(&w.bob2), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob2, "ACK"), 1);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 200);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 1), 0);
}

/* RFC3261 16.7 step 4: "Final responses received are stored in the response context
 * until a final response is generated on the server transaction": bob2's 486 waits,
 * and bob's 200 goes up alone. */
static void test_rfc3261_16_7_4_486_held_while_other_branch_answers_200(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(true), 0);
	CU_ASSERT_EQUAL(reply(&w.bob2, 486), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 0);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob2, "ACK"), 1);  /* the proxy's ICT acks 486 */
	CU_ASSERT_EQUAL(reply(&w.bob, 200), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 200);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 1), 0);
}

/* RFC3261 16.7 step 6: "If no 6xx class responses are present, the proxy SHOULD
 * choose from the lowest response class stored in the response context." and "A
 * proxy which receives a 503 (Service Unavailable) response SHOULD NOT forward it
 * upstream". */
static void test_rfc3261_16_7_6_lowest_class_wins(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(true), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 503), 0);
	CU_ASSERT_EQUAL(reply(&w.bob2, 486), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 486);
	const struct sip_msg *busy = pxtest_ua_response(&w.alice, 486, 0);

	CU_ASSERT(busy != NULL && sip_str_eq_c(busy->to->tag, "b2tag"));
	CU_ASSERT_EQUAL(alice_ack_failure(), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 1), 0);  /* the ACK stopped the 486 */
}

/* RFC3261 16.7 step 6: within 5xx a real 500 beats a 503. */
static void test_rfc3261_16_7_6_503_loses_to_500(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(true), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 503), 0);
	CU_ASSERT_EQUAL(reply(&w.bob2, 500), 0);
	run_for(10 * MS);
	const struct sip_msg *r = pxtest_ua_response(&w.alice, 500, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT(sip_str_eq_c(r->to->tag, "b2tag"));  /* bob2's own 500 */
}

/* RFC3261 16.7 step 6: "If the only response that was received is a 503, the proxy
 * SHOULD generate a 500 response and forward that upstream." */
static void test_rfc3261_16_7_6_lone_503_becomes_500(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(false), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 503), 0);
	run_for(10 * MS);
	const struct sip_msg *r = pxtest_ua_response(&w.alice, 500, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT(!sip_str_eq_c(r->to->tag, "btag"));  /* generated by the proxy */
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.alice, "SIP/2.0 503"), 0);
}

/* RFC3261 16.7 step 5: "If a 6xx response is received, it is not immediately
 * forwarded, but the stateful proxy SHOULD cancel all client pending transactions" and
 * step 6: "It MUST choose from the 6xx class responses if any exist in the context."
 * bob declines, bob2 (ringing) is cancelled and answers 487: alice gets the 603. */
static void test_rfc3261_16_7_5_6xx_cancels_the_rest_and_wins(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(true), 0);
	CU_ASSERT_EQUAL(reply(&w.bob2, 180), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(reply(&w.bob, 603), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 0);  /* held until bob2 answers */
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob2, "CANCEL"), 1);
	CU_ASSERT_EQUAL(cancelled(&w.bob2), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 603);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.alice, "SIP/2.0 487"), 0);
}

/* RFC3261 16.7 step 6: "The proxy SHOULD give preference to responses that provide
 * information affecting resubmission of this request, such as 401, 407, 415, 420, and
 * 484"; step 7: "the proxy MUST collect any WWW-Authenticate and Proxy-Authenticate
 * header field values from all other 401 (Unauthorized) and 407 (Proxy Authentication
 * Required) responses received so far in this response context and add them to this
 * response without modification before forwarding." */
static void test_rfc3261_16_7_7_challenges_aggregated(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(true), 0);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&w.bob, inv(&w.bob), 401,
					"WWW-Authenticate: Digest realm=\"bob.example\", nonce=\"1\"",
					NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&w.bob2, inv(&w.bob2), 407,
					"Proxy-Authenticate: Digest realm=\"b2.example\", nonce=\"2\"",
					NULL), 0);
	run_for(10 * MS);
	const struct sip_msg *r = pxtest_ua_response(&w.alice, 401, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT(pxtest_row_is(r, SIP_HDR_WWW_AUTHENTICATE, 0,
				"Digest realm=\"bob.example\", nonce=\"1\""));
	CU_ASSERT(pxtest_row_is(r, SIP_HDR_PROXY_AUTHENTICATE, 0,
				"Digest realm=\"b2.example\", nonce=\"2\""));
	CU_ASSERT_EQUAL(pxtest_rows(r, SIP_HDR_WWW_AUTHENTICATE), 1);
	CU_ASSERT_EQUAL(pxtest_rows(r, SIP_HDR_PROXY_AUTHENTICATE), 1);
}

/* RFC3261 16.7 step 6 with a 404 and a 407: the 407 is preferred. */
static void test_rfc3261_16_7_6_challenge_preferred_over_404(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(true), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 404), 0);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&w.bob2, inv(&w.bob2), 407,
					"Proxy-Authenticate: Digest realm=\"b2.example\", nonce=\"2\"",
					NULL), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 407);
}

/* RFC3261 16.7 step 5: "This step, combined with the next, ensures that a stateful
 * proxy will forward exactly one final response to a non-INVITE request". */
static void test_rfc3261_16_7_5_one_final_for_a_forked_non_invite(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL(reg(&w.bob, "<sip:bob@192.0.2.20>"), 200);
	CU_ASSERT_EQUAL(reg(&w.bob2, "<sip:bob@192.0.2.21>"), 200);
	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP,
				       "OPTIONS sip:bob@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKopt1\n"
				       "Max-Forwards: 70\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>\n"
				       "Call-ID: opt\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&w.bob, pxtest_ua_request(&w.bob, "OPTIONS", 0), 200,
					NULL, NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&w.bob2, pxtest_ua_request(&w.bob2, "OPTIONS", 0), 200,
					NULL, NULL), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 200);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 1), 0);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.alice, "SIP/2.0 100"), 0);
}

/* ---- RFC 6026 ------------------------------------------------------------------------------ */

/* RFC6026 8.4: "The purpose of the "Accepted" state is to allow the client transaction
 * to continue to exist to receive, and pass to the TU, any retransmissions of the 2xx
 * response and any additional 2xx responses from other branches of the INVITE if it
 * forked downstream." ... "A proxy core will always forward the 2xx response
 * upstream."  Both devices answer before the CANCEL can reach bob2: alice gets both
 * 200s, with their own To tags. */
static void test_rfc6026_7_2_second_2xx_of_a_fork_forwarded(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(true), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 200), 0);
	CU_ASSERT_EQUAL(reply(&w.bob2, 200), 0);
	run_for(10 * MS);
	const struct sip_msg *a = pxtest_ua_response(&w.alice, 200, 0);
	const struct sip_msg *b = pxtest_ua_response(&w.alice, 200, 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT(sip_str_eq_c(a->to->tag, "btag"));
	CU_ASSERT(sip_str_eq_c(b->to->tag, "b2tag"));
	/* bob2 had not rung: no CANCEL can be sent to it (§9.1), nor is one needed now. */
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob2, "CANCEL"), 0);
}

/* RFC6026 8.5 / 8.7: "While in the "Accepted" state, if the TU passes a 2xx response,
 * the server transaction MUST pass the response to the transport layer for
 * transmission."  The 200 to alice is lost; bob retransmits it (§13.3.1.4, T1 later)
 * and it passes the proxy again; alice's ACK then goes through to bob. */
static void test_rfc6026_8_7_lost_2xx_retransmission_passes_the_proxy(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL(simnet_drop(w.net, "server", "alice", "SIP/2.0 200", 1), 0);
	CU_ASSERT_EQUAL_FATAL(call(false), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 200), 0);
	run_for(500 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.alice, "SIP/2.0 200"), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 200), 0);  /* bob's first retransmission, at T1 */
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.alice, "SIP/2.0 200"), 1);
	CU_ASSERT_EQUAL(alice_ack_2xx("z9hG4bKack1"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob, "ACK"), 1);
}

/* RFC6026 7.3: "The proxy MUST NOT forward the response if there is no matching
 * transaction state machine."  Once the INVITE transactions have ended (Timer M and L,
 * 64*T1), a late retransmission of bob's 200 stops at the proxy. */
static void test_rfc6026_7_3_stray_2xx_not_forwarded(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(false), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 200), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.alice, "SIP/2.0 200"), 1);
	run_for(33 * SEC);
	CU_ASSERT_EQUAL(sip_proxy_context_count(w.srv.proxy), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 200), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.alice, "SIP/2.0 200"), 1);
	CU_ASSERT(simnet_log_has(w.net, "matches no transaction: not forwarded"));
}

/* RFC6026 8.3: "If the server transaction is no longer available to handle the
 * transmission, the response is simply discarded." (replacing RFC 3261 §16.7 step 9's
 * "MUST forward the response statelessly").  bob answers the fork, the proxy CANCELs
 * the ringing bob2, whose INVITE stays unanswered; 64*T1 later Timer L has ended the
 * server transaction while bob2's branch lives on.  bob2's late 200 reaches the
 * context and goes no further. */
static void test_rfc6026_8_3_response_after_the_server_transaction_is_discarded(void)
{
	const struct sip_msg *cancel;

	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(true), 0);
	CU_ASSERT_EQUAL(reply(&w.bob2, 180), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(reply(&w.bob, 200), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.alice, "SIP/2.0 200"), 1);
	cancel = pxtest_ua_request(&w.bob2, "CANCEL", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cancel);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&w.bob2, cancel, 200, NULL, NULL), 0);
	run_for(33 * SEC);
	CU_ASSERT_EQUAL(sip_proxy_context_count(w.srv.proxy), 1);
	CU_ASSERT_FALSE(simnet_log_has(w.net, "finished server transaction: discarded"));
	CU_ASSERT_EQUAL(reply(&w.bob2, 200), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.alice, "SIP/2.0 200"), 1);
	CU_ASSERT(simnet_log_has(w.net, "[proxy RFC6026 8.3] 200 for a finished server transaction: discarded"));
}

/* ---- The ACK for a 2xx (§16.11) ------------------------------------------------------------- */

/* RFC3261 16.11: "the branch parameter MUST be computed as a combinatoric function of
 * message parameters which are invariant on retransmission" and "The request is sent
 * directly to the transport layer instead of through a client transaction."  The ACK
 * reaches bob with our Via (the same branch both times, not alice's) and Max-Forwards
 * one less; the Route naming us is gone. */
static void test_rfc3261_16_11_ack_for_2xx_forwarded_statelessly(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(false), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 200), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(alice_ack_2xx("z9hG4bKack1"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(alice_ack_2xx("z9hG4bKack1"), 0);
	run_for(10 * MS);
	const struct sip_msg *a1 = pxtest_ua_request(&w.bob, "ACK", 0);
	const struct sip_msg *a2 = pxtest_ua_request(&w.bob, "ACK", 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(a1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a2);
	CU_ASSERT(sip_str_eq_c(a1->via->host, "192.0.2.1"));
	CU_ASSERT(sip_str_eq(a1->via->branch, a2->via->branch));
	CU_ASSERT(!sip_str_eq_c(a1->via->branch, "z9hG4bKack1"));
	CU_ASSERT(sip_str_eq_c(a1->via->next->branch, "z9hG4bKack1"));
	CU_ASSERT_EQUAL(a1->max_forwards, 69);
	CU_ASSERT_EQUAL(pxtest_rows(a1, SIP_HDR_ROUTE), 0);
	struct sip_proxy_branch_record rec[4];
	size_t n = sip_proxy_call_branches(w.srv.proxy, CALL_ID, rec, 4);

	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_STRING_EQUAL(rec[1].method, "ACK");
	CU_ASSERT(rec[1].stateless);
}

/* RFC3261 16.11: "Otherwise, the first component of the branch ID is computed as a hash
 * of the topmost Via, the tag in the To header field, the tag in the From header field,
 * the Call-ID header field, the CSeq number (but not method), and the Request-URI from
 * the received request."  An RFC 2543 ACK (no magic cookie) gets a branch of ours with
 * the cookie all the same. */
static void test_rfc3261_16_11_ack_from_rfc2543_element_gets_a_cookie_branch(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(false), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 200), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(alice_ack_2xx("2543ack"), 0);
	run_for(10 * MS);
	const struct sip_msg *a = pxtest_ua_request(&w.bob, "ACK", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT(a->via->branch.len == 23 && memcmp(a->via->branch.p, "z9hG4bK", 7) == 0);
	CU_ASSERT(sip_str_eq_c(a->via->next->branch, "2543ack"));
}

/* An ACK gets no response: one the proxy cannot route is dropped with a log line
 * (RFC3261 16.3 step 3 for Max-Forwards: "the element MUST NOT forward the
 * request"). */
static void test_rfc3261_16_11_unroutable_ack_dropped(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP,
				       "ACK sip:bob@192.0.2.20 SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKmf0\n"
				       "Max-Forwards: 0\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>;tag=2\n"
				       "Call-ID: ack0\nCSeq: 1 ACK\nContent-Length: 0\n\n"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP,
				       "ACK sip:carol@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnot\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:carol@biloxi.example.com>;tag=2\n"
				       "Call-ID: ack1\nCSeq: 1 ACK\nContent-Length: 0\n\n"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP,
				       "ACK sip:bob@host.example.net SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKdns\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>;tag=2\n"
				       "Call-ID: ack2\nCSeq: 1 ACK\nContent-Length: 0\n\n"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP,
				       "ACK sip:192.0.2.1:5060;lr SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKstr\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>;tag=2\n"
				       "Call-ID: ack3\nCSeq: 1 ACK\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(simnet_ladder_len(w.net), 4);  /* nothing left the server */
	CU_ASSERT(simnet_log_has(w.net, "ACK not forwarded: it fails the checks"));
	CU_ASSERT(simnet_log_has(w.net, "ACK not forwarded: no target"));
	CU_ASSERT(simnet_log_has(w.net, "ACK not forwarded: no next hop"));
	CU_ASSERT(simnet_log_has(w.net, "ACK not forwarded: bad Route"));
}

/* ---- Timer C (§16.8), timeouts (§16.6 step 7), transport errors (§16.9) --------------- */

/* RFC3261 16.7 step 2: "if the response is a provisional response with status codes
 * 101 to 199 inclusive ... the proxy MUST reset timer C"; RFC3261 16.8: "If the client
 * transaction has received a provisional response, the proxy MUST generate a CANCEL
 * request matching that transaction."  bob rings at 2 s; with Timer C at 181 s the
 * CANCEL leaves at 183 s exactly; bob's 487 goes to alice. */
static void test_rfc3261_16_8_timer_c_cancels_a_ringing_branch(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(false), 0);
	uint64_t sent = arrow_time("server", "bob", "INVITE");

	run_for(2 * SEC - 10 * MS);
	CU_ASSERT_EQUAL(reply(&w.bob, 180), 0);
	uint64_t rang = simnet_now(w.net);

	CU_ASSERT_EQUAL(rang, sent + 2 * SEC);
	run_for(181 * SEC - 1);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob, "CANCEL"), 0);
	run_for(1);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob, "CANCEL"), 1);
	CU_ASSERT_EQUAL(arrow_time("server", "bob", "CANCEL"), rang + SIP_PROXY_TIMER_C_US);
	CU_ASSERT_EQUAL(cancelled(&w.bob), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 487);
}

static void slow_t1(struct sip_proxy_config *cfg)
{
	cfg->tsx.t1_us = 5 * SEC;  /* Timer B = 64*T1 = 320 s: Timer C comes first */
	cfg->tsx.t2_us = 40 * SEC;
}

/* RFC3261 16.8: "If the client transaction has not received a provisional response,
 * the proxy MUST behave as if the transaction received a 408 (Request Timeout)
 * response." */
static void test_rfc3261_16_8_timer_c_without_provisional_is_408(void)
{
	CU_ASSERT_EQUAL_FATAL(start(slow_t1), 0);
	CU_ASSERT_EQUAL_FATAL(call(false), 0);
	uint64_t sent = arrow_time("server", "bob", "INVITE");

	run_for(181 * SEC);
	const struct sip_msg *r = pxtest_ua_response(&w.alice, 408, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(arrow_time("server", "alice", "SIP/2.0 408"), sent + SIP_PROXY_TIMER_C_US);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob, "CANCEL"), 0);
}

/* RFC3261 16.6 step 7: "If the client transaction reports failure to send the request
 * or a timeout from its state machine ... acts as if this element of the target set
 * returned a 408 (Request Timeout) final response."  bob never answers: Timer B. */
static void test_rfc3261_16_6_7_timeout_counts_as_408(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(false), 0);
	uint64_t sent = arrow_time("server", "bob", "INVITE");

	run_for(33 * SEC);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 408);
	CU_ASSERT_EQUAL(arrow_time("server", "alice", "SIP/2.0 408"), sent + 64 * SIP_TSX_T1);
}

/* RFC3261 16.9: "the proxy MUST behave as if the forwarded request received a 503
 * (Service Unavailable) response"; with that the only response, 16.7 step 6 sends a
 * 500.  The binding asks for TCP to an address where nobody listens. */
static void test_rfc3261_16_9_transport_error_is_503_sent_as_500(void)
{
	CU_ASSERT_EQUAL_FATAL(start(nat_off), 0);
	CU_ASSERT_EQUAL(reg(&w.bob, "<sip:bob@192.0.2.99:5060;transport=tcp>"), 200);
	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP,
				       "INVITE sip:bob@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKterr\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>\n"
				       "Call-ID: terr\nCSeq: 1 INVITE\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 500);
	CU_ASSERT(simnet_log_has(w.net, "counts as 503"));
}

/* RFC3261 16.9 for an error the network reports later (a TCP connection reset, an
 * ICMP error, §18.4): the branch counts as 503 and alice gets a 500. */
static void test_rfc3261_16_9_reported_transport_error_is_503(void)
{
	struct sip_dest to_bob;

	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(false), 0);
	memset(&to_bob, 0, sizeof(to_bob));
	to_bob.proto = SIP_PROTO_UDP;
	CU_ASSERT_EQUAL(net_addr_parse(&to_bob.addr, "192.0.2.20:5060", 0), 0);
	sip_transport_report_error(w.srv.tp, &to_bob, ECONNREFUSED);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 500);
	CU_ASSERT(simnet_log_has(w.net, "RFC3261 16.9 transport error"));
}

/* RFC3261 16.6 step 7: a target no tuple can be found for (a sips URI needs TLS, a
 * transport we do not speak) counts as 408. */
static void test_rfc3261_16_6_7_unreachable_targets_count_as_408(void)
{
	CU_ASSERT_EQUAL_FATAL(start(nat_off), 0);
	CU_ASSERT_EQUAL(reg(&w.bob, "<sips:bob@192.0.2.20>"), 200);
	CU_ASSERT_EQUAL(reg(&w.bob2, "<sip:bob@192.0.2.21;transport=sctp>"), 200);
	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP,
				       "OPTIONS sip:bob@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKsips\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:bob@biloxi.example.com>\n"
				       "Call-ID: sips\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 0), 408);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob, "OPTIONS"), 0);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob2, "OPTIONS"), 0);
}

/* ---- CANCEL (§16.10) ---------------------------------------------------------------------- */

/* RFC3261 16.10: "If a matching response context is found, the element MUST
 * immediately return a 200 (OK) response to the CANCEL request. ... Furthermore, the
 * element MUST generate CANCEL requests for all pending client transactions in the
 * context".  bob's 487 reaches alice, the proxy ACKs it hop by hop, alice's ACK stops
 * at the proxy. */
static void test_rfc3261_16_10_cancel_answered_and_forwarded(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(false), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 180), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(alice_cancel(), 0);
	run_for(10 * MS);
	const struct sip_msg *ok = pxtest_ua_response(&w.alice, 200, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ok);
	CU_ASSERT_EQUAL(ok->cseq->method, SIP_METHOD_CANCEL);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob, "CANCEL"), 1);
	CU_ASSERT_EQUAL(cancelled(&w.bob), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_final(&w.alice, 1), 487);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob, "ACK"), 1);
	CU_ASSERT_EQUAL(alice_ack_failure(), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob, "ACK"), 1);
}

/* RFC3261 9.1: "If no provisional response has been received, the CANCEL request MUST
 * NOT be sent; rather, the client MUST wait for the arrival of a provisional response
 * before sending the request."  alice cancels before bob rings; the proxy's CANCEL
 * follows bob's 180. */
static void test_rfc3261_9_1_cancel_waits_for_a_provisional(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL_FATAL(call(false), 0);
	CU_ASSERT_EQUAL(alice_cancel(), 0);
	run_for(10 * MS);
	CU_ASSERT_PTR_NOT_NULL(pxtest_ua_response(&w.alice, 200, 0));
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob, "CANCEL"), 0);
	CU_ASSERT_EQUAL(reply(&w.bob, 180), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob, "CANCEL"), 1);
}

/* RFC3261 16.10: "If a response context is not found ... It MUST statelessly forward
 * the CANCEL request" - a CANCEL for nothing we know is routed on like any request. */
static void test_rfc3261_16_10_unknown_cancel_routed_on(void)
{
	CU_ASSERT_EQUAL_FATAL(start(NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_send(&w.alice, SERVER, SIP_PROTO_UDP,
				       "CANCEL sip:x@192.0.2.21 SIP/2.0\n"
				       "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKlonely\n"
				       "Max-Forwards: 70\n"
				       "From: <sip:alice@atlanta.example.com>;tag=1\n"
				       "To: <sip:x@192.0.2.21>\n"
				       "Call-ID: lonely\nCSeq: 1 CANCEL\nContent-Length: 0\n\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&w.bob2, "CANCEL"), 1);
}

static const struct th_test forward_tests[] = {
	TH_TEST(test_rfc3261_16_7_5_100_absorbed_180_forwarded),
	TH_TEST(test_rfc3261_16_7_5_2xx_forwarded_with_record_route),
	TH_TEST(test_rfc3261_16_7_5_one_final_for_a_forked_non_invite),
	TH_END
};

static const struct th_test fork_tests[] = {
	TH_TEST(test_rfc3261_16_7_10_fork_200_wins_other_branch_cancelled),
	TH_TEST(test_rfc3261_16_7_4_486_held_while_other_branch_answers_200),
	TH_TEST(test_rfc3261_16_7_6_lowest_class_wins),
	TH_TEST(test_rfc3261_16_7_6_503_loses_to_500),
	TH_TEST(test_rfc3261_16_7_6_lone_503_becomes_500),
	TH_TEST(test_rfc3261_16_7_5_6xx_cancels_the_rest_and_wins),
	TH_TEST(test_rfc3261_16_7_7_challenges_aggregated),
	TH_TEST(test_rfc3261_16_7_6_challenge_preferred_over_404),
	TH_END
};

static const struct th_test rfc6026_tests[] = {
	TH_TEST(test_rfc6026_7_2_second_2xx_of_a_fork_forwarded),
	TH_TEST(test_rfc6026_8_7_lost_2xx_retransmission_passes_the_proxy),
	TH_TEST(test_rfc6026_7_3_stray_2xx_not_forwarded),
	TH_TEST(test_rfc6026_8_3_response_after_the_server_transaction_is_discarded),
	TH_TEST(test_rfc3261_16_11_ack_for_2xx_forwarded_statelessly),
	TH_TEST(test_rfc3261_16_11_ack_from_rfc2543_element_gets_a_cookie_branch),
	TH_TEST(test_rfc3261_16_11_unroutable_ack_dropped),
	TH_END
};

static const struct th_test timer_tests[] = {
	TH_TEST(test_rfc3261_16_8_timer_c_cancels_a_ringing_branch),
	TH_TEST(test_rfc3261_16_8_timer_c_without_provisional_is_408),
	TH_TEST(test_rfc3261_16_6_7_timeout_counts_as_408),
	TH_TEST(test_rfc3261_16_9_transport_error_is_503_sent_as_500),
	TH_TEST(test_rfc3261_16_9_reported_transport_error_is_503),
	TH_TEST(test_rfc3261_16_6_7_unreachable_targets_count_as_408),
	TH_END
};

static const struct th_test cancel_tests[] = {
	TH_TEST(test_rfc3261_16_10_cancel_answered_and_forwarded),
	TH_TEST(test_rfc3261_9_1_cancel_waits_for_a_provisional),
	TH_TEST(test_rfc3261_16_10_unknown_cancel_routed_on),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 16.7 Response Processing", forward_tests, NULL, teardown },
	{ "RFC3261 16.7 forking and the best response", fork_tests, NULL, teardown },
	{ "RFC6026 7 2xx through a stateful proxy", rfc6026_tests, NULL, teardown },
	{ "RFC3261 16.8 Timer C and 16.9 transport errors", timer_tests, NULL, teardown },
	{ "RFC3261 16.10 CANCEL Processing", cancel_tests, NULL, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
