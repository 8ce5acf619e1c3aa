/* tests/sip/test_ua_client.c - the UA core as a client of servers that push back:
 * digest challenges on INVITE, BYE and MESSAGE (RFC 3261 §22, RFC 2617), redirects
 * (§8.1.3.4, §13.2.2.2) and a forking proxy (§13.2.2.4).
 *
 * The challenging server is a second stack on the in-memory network: a transport and a
 * transaction layer whose TU (below) uses the digest glue of sip/auth_server.h - a UAS
 * that answers 401 (or, playing a proxy, 407) until the credentials are right, then
 * 200.  The forking case uses the library's proxy (sip/proxy.h) with two bindings for
 * one address of record.  alice is at 192.0.2.1, the server at 192.0.2.9, 10 ms apart.
 */
#include "sip/auth_server.h"
#include "sip/digest_server.h"
#include "sip/proxy.h"
#include "sip/reg_client.h"
#include "sip/tsx.h"
#include "sip/ua.h"
#include "tests/sip/simnet.h"
#include "tests/sip/uatest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define SEC UATEST_SEC
#define MS 1000ull

/* The scripted server: what it challenges and how it answers. */
static struct {
	struct sip_transport *tp;
	struct sip_tsx_layer *layer;
	struct sip_digest_server digest;
	struct net_rand rand;
	bool proxy;               /* 407 + Proxy-Authenticate instead of 401 */
	const char *challenge;    /* methods challenged, e.g. "INVITE BYE" */
	bool always_stale;        /* every answer is a stale=TRUE challenge */
	int invite_status;        /* 200, or 302 with `redirect` as Contact */
	const char *redirect;
	unsigned acks;
} srv;

static struct uatest t;
static struct uatest_ua *alice, *bob;

static int srv_users(void *arg, const char *realm, const char *user, char *pw, size_t size)
{
	(void)arg;
	(void)realm;
	if (strcmp(user, "alice") != 0)
		return ENOENT;
	snprintf(pw, size, "wonderland");
	return 0;
}

static void srv_request(void *arg, struct sip_tsx *tsx, const struct sip_msg *req)
{
	struct sip_auth_server_result r;
	struct sip_msg *resp = NULL;
	uint64_t now = simnet_now(t.net);
	char method[16];

	(void)arg;
	(void)sip_str_copy(req->method_name, method, sizeof(method));
	CU_ASSERT_EQUAL(sip_auth_server_check(&srv.digest, req, srv.proxy, now, &r), 0);
	if (srv.always_stale && strstr(srv.challenge, method) != NULL) {
		r.status = srv.proxy ? 407 : 401;
		r.stale = true;
	}
	if (r.status != 0 && strstr(srv.challenge, method) != NULL) {
		CU_ASSERT_EQUAL(sip_auth_server_respond(&srv.digest, req, &r, srv.proxy, now, "srv1", &resp), 0);
	} else if (req->method == SIP_METHOD_INVITE) {
		CU_ASSERT_EQUAL(sip_msg_create_response(req, srv.invite_status, NULL, "srv1", &resp), 0);
		CU_ASSERT_EQUAL(sip_msg_hdr_add(resp, SIP_HDR_CONTACT,
						srv.invite_status == 302 ? srv.redirect : "<sip:srv@192.0.2.9:5060>"), 0);
		if (srv.invite_status == 200)
			CU_ASSERT_EQUAL(sip_msg_set_body(resp, "application/sdp", UATEST_SDP_ANSWER,
							 strlen(UATEST_SDP_ANSWER)), 0);
	} else {
		CU_ASSERT_EQUAL(sip_msg_create_response(req, 200, NULL, "srv1", &resp), 0);
	}
	if (resp != NULL)
		CU_ASSERT_EQUAL(sip_tsx_respond(tsx, resp), 0);
	sip_msg_destroy(resp);
}

static void srv_ack(void *arg, struct sip_tsx *tsx, const struct sip_msg *ack,
		    const struct sip_recv_info *from)
{
	(void)arg;
	(void)tsx;
	(void)ack;
	(void)from;
	srv.acks++;
}

static void setup(void)
{
	const struct sip_tu tu = { srv_request, srv_ack, NULL, { NULL, NULL, NULL, NULL, NULL }, NULL };
	const struct sip_digest_server_config dc = { .realm = "atlanta.com", .lookup = srv_users,
						     .rand = &srv.rand };

	memset(&srv, 0, sizeof(srv));
	srv.challenge = "INVITE";
	srv.invite_status = 200;
	net_rand_seed(&srv.rand, 9);
	CU_ASSERT_EQUAL(sip_digest_server_init(&srv.digest, &dc), 0);
	CU_ASSERT_EQUAL(uatest_init(&t, 22), 0);
	alice = uatest_ua(&t, "alice", "192.0.2.1:5060", NULL);
	bob = uatest_ua(&t, "bob", "192.0.2.2:5060", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(alice);
	srv.tp = uatest_transport(&t, "srv", "192.0.2.9:5060", NULL);
	CU_ASSERT_EQUAL(sip_tsx_layer_create(&srv.layer, srv.tp, NULL, &tu), 0);
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(sip_ua_auth(alice->ua), "atlanta.com", "alice",
							"wonderland"), 0);
	simnet_latency(t.net, NULL, NULL, 10 * MS);
}

static void teardown(void)
{
	sip_tsx_layer_destroy(srv.layer);
	srv.layer = NULL;
	uatest_fini(&t);
	sip_digest_server_fini(&srv.digest);
}

static void call(const char *target)
{
	struct sip_call *c = NULL;

	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, target, "application/sdp", UATEST_SDP_OFFER,
				    strlen(UATEST_SDP_OFFER), NULL, &c), 0);
	alice->call = c;
}

/* RFC3261 22.2: "When the originating UAC receives the 401 (Unauthorized), it SHOULD, if
 * it is able, re-originate the request with the proper credentials." ... "it MUST
 * increment the CSeq header field value"; 13.2.2.4: "The ACK MUST contain the same
 * credentials as the INVITE."  And the 401 itself is ACKed by the transaction (same
 * branch, RFC3261 17.1.1.3). */
static void test_rfc3261_22_2_invite_challenged_by_the_uas(void)
{
	const struct sip_msg *i1, *i2, *a1, *a2;

	call("sip:srv@192.0.2.9:5060");
	simnet_run(t.net, 2 * SEC);
	i1 = uatest_sent(&t, "alice", "INVITE", 1);
	a1 = uatest_sent(&t, "alice", "ACK", 1);
	i2 = uatest_sent(&t, "alice", "INVITE", 2);
	a2 = uatest_sent(&t, "alice", "ACK", 2);
	if (!i1 || !a1 || !i2 || !a2)
		return;
	CU_ASSERT_EQUAL(uatest_count(&t, "srv", "SIP/2.0 401"), 1);
	CU_ASSERT_STRING_EQUAL(uatest_branch(a1), uatest_branch(i1));
	CU_ASSERT_STRING_EQUAL(uatest_row(a1, SIP_HDR_CSEQ, 0), "1 ACK");
	CU_ASSERT_STRING_EQUAL(uatest_row(i2, SIP_HDR_CSEQ, 0), "2 INVITE");
	CU_ASSERT_EQUAL(i2->rows[SIP_HDR_AUTHORIZATION], 1);
	CU_ASSERT_TRUE(sip_str_eq(i1->call_id, i2->call_id) && sip_str_eq(i1->from->tag, i2->from->tag));
	CU_ASSERT_EQUAL(i2->body.len, strlen(UATEST_SDP_OFFER));
	CU_ASSERT_STRING_EQUAL(uatest_row(a2, SIP_HDR_CSEQ, 0), "2 ACK");
	CU_ASSERT_STRING_EQUAL(uatest_row(a2, SIP_HDR_AUTHORIZATION, 0), uatest_row(i2, SIP_HDR_AUTHORIZATION, 0));
	CU_ASSERT_STRING_EQUAL(uatest_ruri(a2), "sip:srv@192.0.2.9:5060");
	CU_ASSERT_EQUAL(srv.acks, 1);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
}

/* RFC3261 22.3 ("If a UA receives a Proxy-Authenticate header field value in a 401/407
 * response to a request with a particular Call-ID, it should incorporate credentials
 * for that realm in all subsequent requests that contain the same Call-ID") - a BYE
 * challenged by a proxy on the way is answered, with the dialog's next CSeq. */
static void test_rfc3261_22_3_bye_challenged_by_a_proxy(void)
{
	const struct sip_msg *b1, *b2;

	srv.proxy = true;
	srv.challenge = "BYE";
	call("sip:srv@192.0.2.9:5060");
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(sip_call_hangup(alice->call), 0);
	/* RFC3261 15.1.1: the session is over as soon as the BYE is passed on. */
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	simnet_run(t.net, 2 * SEC);
	b1 = uatest_sent(&t, "alice", "BYE", 1);
	b2 = uatest_sent(&t, "alice", "BYE", 2);
	CU_ASSERT_EQUAL(uatest_count(&t, "srv", "SIP/2.0 407"), 1);
	CU_ASSERT_STRING_EQUAL(uatest_row(b1, SIP_HDR_CSEQ, 0), "2 BYE");
	CU_ASSERT_STRING_EQUAL(uatest_row(b2, SIP_HDR_CSEQ, 0), "3 BYE");
	CU_ASSERT_EQUAL(b2 != NULL ? b2->rows[SIP_HDR_PROXY_AUTHORIZATION] : 0, 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "srv", "SIP/2.0 200"), 2);  /* INVITE and BYE */
	simnet_run(t.net, 40 * SEC);  /* the INVITE's transaction ends with Timer M */
	CU_ASSERT_EQUAL(sip_ua_request_count(alice->ua), 0);
}

/* RFC3261 22.1: "A UAC MUST NOT re-attempt requests with the credentials that have just
 * been rejected" - a wrong password ends the call with the 401. */
static void test_rfc3261_22_1_wrong_password_is_not_retried(void)
{
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(sip_ua_auth(alice->ua), "atlanta.com", "alice",
							"wrong"), 0);
	call("sip:srv@192.0.2.9:5060");
	simnet_run(t.net, 5 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "INVITE"), 2);
	CU_ASSERT_EQUAL(uatest_count(&t, "srv", "SIP/2.0 401"), 2);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 401);
}

/* RFC2617 3.2.1: stale "may wish to simply retry the request with a new encrypted
 * response" - but never forever: SIP_UA_AUTH_RETRIES challenges are answered. */
static void test_rfc2617_3_2_1_stale_challenges_are_bounded(void)
{
	srv.always_stale = true;
	call("sip:srv@192.0.2.9:5060");
	simnet_run(t.net, 5 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "INVITE"), 1 + SIP_UA_AUTH_RETRIES);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 401);
}

/* RFC3428 4 with RFC3261 22.2: a MESSAGE challenged with 401 goes again with
 * credentials; the sender hears only the final 200. */
static void test_rfc3428_4_message_answers_a_challenge(void)
{
	srv.challenge = "MESSAGE";
	CU_ASSERT_EQUAL(sip_ua_request(alice->ua, "MESSAGE", "sip:srv@192.0.2.9:5060", "text/plain", "hi", 2,
				       uatest_response_cb, alice), 0);
	simnet_run(t.net, 2 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "MESSAGE"), 2);
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "alice", "MESSAGE", 2), SIP_HDR_CSEQ, 0), "2 MESSAGE");
	CU_ASSERT_EQUAL(uatest_events(alice, UATEST_RESPONSE), 1);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 200);
}

/* RFC3261 8.1.3.4: "If a 3xx response is received ... the client SHOULD use the Contact
 * URI(s) ... the client SHOULD ... generate new requests" - here the redirect points at
 * bob, who answers. */
static void test_rfc3261_8_1_3_4_redirect_is_followed(void)
{
	struct sip_ua_config cfg = { .from = "<sip:alice@192.0.2.3>", .contact = "sip:alice@192.0.2.3:5060",
				     .follow_redirects = true };
	struct uatest_ua *alice2 = uatest_ua_cfg(&t, "alice2", "192.0.2.3:5060", &cfg, NULL);
	struct sip_call *c = NULL;
	const struct sip_msg *i2;

	srv.challenge = "";
	srv.invite_status = 302;
	srv.redirect = "<sip:bob@192.0.2.2:5060>;q=0.5, <sip:nobody@192.0.2.2:5060;transport=sctp>;q=0.9";
	CU_ASSERT_PTR_NOT_NULL_FATAL(alice2);
	CU_ASSERT_EQUAL(sip_ua_call(alice2->ua, "sip:srv@192.0.2.9:5060", "application/sdp", UATEST_SDP_OFFER,
				    strlen(UATEST_SDP_OFFER), NULL, &c), 0);
	simnet_run(t.net, 2 * SEC);
	i2 = uatest_sent(&t, "alice2", "INVITE", 2);
	CU_ASSERT_STRING_EQUAL(uatest_ruri(i2), "sip:bob@192.0.2.2:5060");
	CU_ASSERT_STRING_EQUAL(uatest_row(i2, SIP_HDR_CSEQ, 0), "2 INVITE");
	CU_ASSERT_EQUAL(uatest_count(&t, "alice2", "ACK"), 2);  /* the 302's and the 200's */
	CU_ASSERT_EQUAL(uatest_last_state(alice2), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_CONFIRMED);
	/* Without follow_redirects (alice's default) the 302 ends the call. */
	call("sip:srv@192.0.2.9:5060");
	simnet_run(t.net, 4 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 302);
}

/* RFC3261 13.2.2.4: "Multiple 2xx responses may arrive at the UAC for a single INVITE
 * request due to a forking proxy." ... "If, after acknowledging any 2xx response to an
 * INVITE, the UAC does not want to continue with that dialog, then the UAC MUST
 * terminate the dialog by sending a BYE request" - bob answers on two devices. */
static void test_rfc3261_13_2_2_4_second_fork_acked_and_ended(void)
{
	static const char *const aliases[] = { "192.0.2.10", NULL };
	struct sip_proxy_config pc;
	struct sip_reg *r1 = NULL, *r2 = NULL;
	struct uatest_ua *bob2 = uatest_ua(&t, "bob2", "192.0.2.4:5060", NULL);
	struct uatest_ua *carol = uatest_ua(&t, "carol", "192.0.2.5:5060", "sip:192.0.2.10:5060");
	struct sip_reg_config rc = { .registrar = "sip:192.0.2.10", .aor = "<sip:bob@192.0.2.10>",
				     .contact = "sip:bob@192.0.2.2:5060" };
	struct sip_call *c = NULL;

	sip_proxy_config_default(&pc);
	pc.domain = "192.0.2.10";
	pc.aliases = aliases;
	pc.auth = false;
	CU_ASSERT_PTR_NOT_NULL(uatest_proxy(&t, "proxy", "192.0.2.10:5060", &pc));
	CU_ASSERT_PTR_NOT_NULL_FATAL(bob2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(carol);
	CU_ASSERT_EQUAL(sip_reg_create(&r1, bob->ua, &rc), 0);
	rc.contact = "sip:bob@192.0.2.4:5060";
	CU_ASSERT_EQUAL(sip_reg_create(&r2, bob2->ua, &rc), 0);
	CU_ASSERT_EQUAL(sip_reg_register(r1), 0);
	CU_ASSERT_EQUAL(sip_reg_register(r2), 0);
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(sip_ua_call(carol->ua, "sip:bob@192.0.2.10", "application/sdp", UATEST_SDP_OFFER,
				    strlen(UATEST_SDP_OFFER), NULL, &c), 0);
	simnet_run(t.net, 3 * SEC);
	/* Both forks rang and answered; carol took the first 2xx and ended the other. */
	CU_ASSERT_EQUAL(uatest_count(&t, "carol", "ACK"), 2);
	CU_ASSERT_EQUAL(uatest_count(&t, "carol", "BYE"), 1);
	CU_ASSERT_EQUAL(uatest_last_state(carol), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_events(carol, UATEST_STATE), 4);  /* calling, early, connecting, confirmed */
	CU_ASSERT_TRUE((uatest_last_state(bob) == SIP_CALL_CONFIRMED) !=
		       (uatest_last_state(bob2) == SIP_CALL_CONFIRMED));
	CU_ASSERT_TRUE(uatest_last_state(bob) == SIP_CALL_DISCONNECTED ||
		       uatest_last_state(bob2) == SIP_CALL_DISCONNECTED);
	sip_reg_destroy(r1);
	sip_reg_destroy(r2);
}


/* RFC3261 22.2 for a request within a dialog: "it MUST increment the CSeq header field
 * value as it would normally when sending an updated request" - a challenged re-INVITE
 * goes again with the dialog's next CSeq (RFC3261 12.2.1.1). */
static void test_rfc3261_22_2_reinvite_challenged_takes_next_cseq(void)
{
	call("sip:srv@192.0.2.9:5060");
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
	srv.always_stale = true;
	CU_ASSERT_EQUAL(sip_call_reinvite(alice->call, "application/sdp", UATEST_SDP_OFFER,
					  strlen(UATEST_SDP_OFFER)), 0);
	simnet_run(t.net, 3 * SEC);
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "alice", "INVITE", 3), SIP_HDR_CSEQ, 0), "3 INVITE");
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "alice", "INVITE", 4), SIP_HDR_CSEQ, 0), "4 INVITE");
	CU_ASSERT_EQUAL(uatest_events(alice, UATEST_REINVITE_DONE), 1);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 401);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
	/* The dialog counts on from the last CSeq used. */
	CU_ASSERT_EQUAL(sip_call_request(alice->call, "OPTIONS", NULL, NULL, 0, NULL, NULL), 0);
	simnet_run(t.net, 4 * SEC);
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "alice", "OPTIONS", 1), SIP_HDR_CSEQ, 0),
			       "7 OPTIONS");
}

/* ---- RFC 3261 §8.1 UAC behavior ------------------------------------------------------ */

/* carol at 192.0.2.3, configured with the scripted server as her outbound proxy. */
static struct uatest_ua *carol_via_srv(void)
{
	struct uatest_ua *carol = uatest_ua(&t, "carol", "192.0.2.3:5060", "sip:192.0.2.9:5060");

	CU_ASSERT_PTR_NOT_NULL_FATAL(carol);
	return carol;
}

/* RFC3261 8.1.1.1: "When a provider wishes to configure a UA with an outbound proxy, it
 * is RECOMMENDED that this be done by providing it with a pre-existing route set with a
 * single URI, that of the outbound proxy. ... the procedures for populating the
 * Request-URI and Route header field detailed in Section 12.2.1.1 MUST be followed
 * (using the desired Request-URI as the remote target URI)" - the Request-URI stays
 * bob's, the proxy is the one Route, made a loose router (lr: no rewriting). */
static void test_rfc3261_8_1_1_1_outbound_proxy_is_a_preloaded_route(void)
{
	struct uatest_ua *carol = carol_via_srv();
	const struct sip_msg *m;

	CU_ASSERT_EQUAL(sip_ua_request(carol->ua, "MESSAGE", "sip:bob@192.0.2.2:5060", "text/plain",
				       "hi", 2, uatest_response_cb, carol), 0);
	simnet_run(t.net, 1 * SEC);
	m = uatest_sent(&t, "carol", "MESSAGE", 1);
	CU_ASSERT_STRING_EQUAL(uatest_ruri(m), "sip:bob@192.0.2.2:5060");
	CU_ASSERT_STRING_EQUAL(uatest_row(m, SIP_HDR_ROUTE, 0), "<sip:192.0.2.9:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_row(m, SIP_HDR_ROUTE, 1), "");
}

/* RFC3261 8.1.2: "the procedures are applied to the first Route header field value in
 * the request (if one exists), or to the request's Request-URI if there is no Route
 * header field present." - carol's MESSAGE for bob goes to the proxy in her Route and
 * only there; alice's, without a Route, goes to bob's Request-URI. */
static void test_rfc3261_8_1_2_top_route_else_request_uri_is_the_destination(void)
{
	struct uatest_ua *carol = carol_via_srv();

	CU_ASSERT_EQUAL(sip_ua_request(carol->ua, "MESSAGE", "sip:bob@192.0.2.2:5060", "text/plain",
				       "1", 1, uatest_response_cb, carol), 0);
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "srv", "SIP/2.0 200"), 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0"), 0);
	CU_ASSERT_EQUAL(uatest_events(bob, UATEST_MESSAGE), 0);
	CU_ASSERT_EQUAL(uatest_events(carol, UATEST_RESPONSE), 1);
	CU_ASSERT_EQUAL(carol->ev[carol->nev - 1].status, 200);
	CU_ASSERT_EQUAL(sip_ua_request(alice->ua, "MESSAGE", "sip:bob@192.0.2.2:5060", "text/plain",
				       "2", 1, uatest_response_cb, alice), 0);
	simnet_run(t.net, 2 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "srv", "SIP/2.0 200"), 1);
	CU_ASSERT_EQUAL(uatest_events(bob, UATEST_MESSAGE), 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 200"), 1);
}

/* RFC3261 8.1.1.6: "A UAC MUST insert a Max-Forwards header field into each request it
 * originates with a value that SHOULD be 70."  Every request alice originates in a
 * call and outside one: INVITE, ACK, BYE, OPTIONS, MESSAGE. */
static void test_rfc3261_8_1_1_6_max_forwards_70_in_every_request(void)
{
	static const char *const methods[] = { "INVITE", "ACK", "BYE", "OPTIONS", "MESSAGE" };

	call("sip:srv@192.0.2.9:5060");
	srv.challenge = "";
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(sip_call_hangup(alice->call), 0);
	CU_ASSERT_EQUAL(sip_ua_request(alice->ua, "OPTIONS", "sip:srv@192.0.2.9:5060", NULL, NULL, 0,
				       uatest_response_cb, alice), 0);
	CU_ASSERT_EQUAL(sip_ua_request(alice->ua, "MESSAGE", "sip:srv@192.0.2.9:5060", "text/plain",
				       "x", 1, uatest_response_cb, alice), 0);
	simnet_run(t.net, 2 * SEC);
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		const struct sip_msg *m = uatest_sent(&t, "alice", methods[i], 1);

		CU_ASSERT_PTR_NOT_NULL(m);
		CU_ASSERT_STRING_EQUAL(uatest_row(m, SIP_HDR_MAX_FORWARDS, 0), "70");
	}
}

/* RFC3261 8.1.3.5: "This new request constitutes a new transaction and SHOULD have the
 * same value of the Call-ID, To, and From of the previous request, but the CSeq should
 * contain a new sequence number that is one higher than the previous." - a MESSAGE
 * answered 401 goes again with the same Call-ID, To and From (tag included), CSeq + 1
 * and a new branch. */
static void test_rfc3261_8_1_3_5_retry_same_ids_cseq_one_higher(void)
{
	const struct sip_msg *m1, *m2;
	char call_id[128], from[256], to[256], branch[128];

	srv.challenge = "MESSAGE";
	CU_ASSERT_EQUAL(sip_ua_request(alice->ua, "MESSAGE", "sip:srv@192.0.2.9:5060", "text/plain",
				       "x", 1, uatest_response_cb, alice), 0);
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "MESSAGE"), 2);
	m1 = uatest_sent(&t, "alice", "MESSAGE", 1);
	m2 = uatest_sent(&t, "alice", "MESSAGE", 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m2);
	snprintf(call_id, sizeof call_id, "%s", uatest_row(m1, SIP_HDR_CALL_ID, 0));
	snprintf(from, sizeof from, "%s", uatest_row(m1, SIP_HDR_FROM, 0));
	snprintf(to, sizeof to, "%s", uatest_row(m1, SIP_HDR_TO, 0));
	snprintf(branch, sizeof branch, "%s", uatest_branch(m1));
	CU_ASSERT_STRING_EQUAL(uatest_row(m2, SIP_HDR_CALL_ID, 0), call_id);
	CU_ASSERT_STRING_EQUAL(uatest_row(m2, SIP_HDR_FROM, 0), from);
	CU_ASSERT_STRING_EQUAL(uatest_row(m2, SIP_HDR_TO, 0), to);
	CU_ASSERT_EQUAL(m2->cseq->seq, m1->cseq->seq + 1);
	CU_ASSERT_STRING_NOT_EQUAL(uatest_branch(m2), branch);
	CU_ASSERT_EQUAL(uatest_count(&t, "srv", "SIP/2.0 200"), 1);
}

static const struct th_test auth_tests[] = {
	TH_TEST(test_rfc3261_22_2_invite_challenged_by_the_uas),
	TH_TEST(test_rfc3261_22_3_bye_challenged_by_a_proxy),
	TH_TEST(test_rfc3261_22_1_wrong_password_is_not_retried),
	TH_TEST(test_rfc2617_3_2_1_stale_challenges_are_bounded),
	TH_TEST(test_rfc3428_4_message_answers_a_challenge),
	TH_TEST(test_rfc3261_22_2_reinvite_challenged_takes_next_cseq),
	TH_END
};

static const struct th_test route_tests[] = {
	TH_TEST(test_rfc3261_8_1_3_4_redirect_is_followed),
	TH_TEST(test_rfc3261_13_2_2_4_second_fork_acked_and_ended),
	TH_END
};

static const struct th_test uac_tests[] = {
	TH_TEST(test_rfc3261_8_1_1_1_outbound_proxy_is_a_preloaded_route),
	TH_TEST(test_rfc3261_8_1_1_6_max_forwards_70_in_every_request),
	TH_TEST(test_rfc3261_8_1_2_top_route_else_request_uri_is_the_destination),
	TH_TEST(test_rfc3261_8_1_3_5_retry_same_ids_cseq_one_higher),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 8.1 UAC behavior: Route, Max-Forwards, destination, retries", uac_tests, setup,
	  teardown },
	{ "RFC3261 22 UAC authentication between two stacks", auth_tests, setup, teardown },
	{ "RFC3261 8.1.3.4, 13.2.2.4 redirects and forks", route_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
