/* tests/sip/test_auth_glue.c - the Digest glue between SIP messages and sip/digest*.h
 * (sip/auth_client.h, sip/auth_server.h).
 *
 * Each test has a registrar-side server for realm "biloxi.com" (users bob/zanzibar
 * and alice/wonderland), a proxy-side server for realm "atlanta.com", a client with
 * a keyring, a seeded random source and a virtual clock `now`.  Requests and
 * responses are real parsed messages; the client answers what the server issued,
 * and the server verifies what the client computed.
 *
 * The arithmetic itself is pinned elsewhere: RFC 2617 §3.5's worked example
 * (response "6629fae49393a05397450978507c4ef1") is asserted in test_digest.c
 * (test_rfc2617_3_5_mufasa_response, test_rfc2617_3_5_client_answers_example_challenge,
 * test_rfc2617_3_5_example_authorization_verifies); this file proves the glue puts the
 * right values into the right headers and follows RFC 3261 §22's retry rules.  The full
 * challenge/response between two stacks on the in-memory network is in
 * test_ua_client.c, test_rfc3665_2.c and test_rfc3665_3.c.
 */
#include "sip/auth_client.h"
#include "sip/auth_server.h"
#include "sip/digest.h"
#include "sip/digest_server.h"
#include "sip/msg.h"
#include "net/rand.h"
#include "tests/sip/msgtest_util.h"
#include "tests/sip/pxtest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEC 1000000ull

static struct net_rand rnd;
static struct sip_digest_server reg;    /* registrar: 401 */
static struct sip_digest_server prx;    /* proxy: 407 */
static struct sip_auth_client cli;
static uint64_t now;


static void setup(void)
{
	struct sip_digest_server_config cfg = { .realm = "biloxi.com", .lookup = pxtest_users,
						.rand = &rnd };

	net_rand_seed(&rnd, 3261);
	now = 1000 * SEC;
	(void)sip_digest_server_init(&reg, &cfg);
	cfg.realm = "atlanta.com";
	(void)sip_digest_server_init(&prx, &cfg);
	sip_auth_client_init(&cli, &rnd, NULL);
}

static void teardown(void)
{
	sip_digest_server_fini(&reg);
	sip_digest_server_fini(&prx);
	sip_auth_client_fini(&cli);
}

/* A REGISTER (or `method`) with Call-ID `call_id` and CSeq `seq`. */
static struct sip_msg *request(const char *method, const char *call_id, unsigned seq)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "%s sip:biloxi.com SIP/2.0\r\n"
		 "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK%s%u\r\n"
		 "Max-Forwards: 70\r\n"
		 "From: Bob <sip:bob@biloxi.com>;tag=a73kszlfl\r\n"
		 "To: Bob <sip:bob@biloxi.com>\r\n"
		 "Call-ID: %s\r\n"
		 "CSeq: %u %s\r\n"
		 "Contact: <sip:bob@192.0.2.1>\r\n"
		 "Content-Length: 0\r\n\r\n",
		 method, method, seq, call_id, seq, method);
	return msgtest_parse(text);
}

/* The server's answer to `req`: 0 when authenticated, else the response. */
static struct sip_msg *serve(struct sip_digest_server *s, bool proxy, const struct sip_msg *req,
			     struct sip_auth_server_result *r)
{
	struct sip_msg *resp = NULL;

	CU_ASSERT_EQUAL(sip_auth_server_check(s, req, proxy, now, r), 0);
	if (r->status != 0)
		CU_ASSERT_EQUAL(sip_auth_server_respond(s, req, r, proxy, now, "srv1", &resp), 0);
	return resp;
}

/* A credentials row of `req` parsed (the first of the kind). */
static int creds_of(const struct sip_msg *req, enum sip_hdr_id id, struct sip_digest_credentials *c)
{
	size_t i = sip_msg_hdr_find(req, id, 0);

	if (i == SIP_HDR_NONE)
		return ENOENT;
	return sip_digest_credentials_parse(req->hdrs[i].value.p, req->hdrs[i].value.len, c);
}

/* RFC3261 22.2: "When the originating UAC receives the 401 (Unauthorized), it SHOULD,
 * if it is able, re-originate the request with the proper credentials." */
static void test_rfc3261_22_2_register_challenge_and_answer(void)
{
	struct sip_auth_server_result r;
	struct sip_digest_credentials cr;
	struct sip_msg *f1 = request("REGISTER", "1j9FpLxk3uxtm8tn", 1), *f3;
	struct sip_msg *f2 = serve(&reg, false, f1, &r);

	CU_ASSERT_FALSE(r.has_credentials);
	CU_ASSERT_EQUAL(r.status, 401);
	CU_ASSERT_PTR_NOT_NULL(f2);
	CU_ASSERT_EQUAL(f2->rows[SIP_HDR_WWW_AUTHENTICATE], 1);
	CU_ASSERT_EQUAL(f2->rows[SIP_HDR_PROXY_AUTHENTICATE], 0);
	CU_ASSERT_TRUE(msgtest_is(f2->to->tag, "srv1"));
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, "biloxi.com", "bob", "zanzibar"), 0);
	CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, f1, f2), 0);
	f3 = request("REGISTER", "1j9FpLxk3uxtm8tn", 2);
	size_t added = 0;

	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, f3, &added), 0);
	CU_ASSERT_EQUAL(added, 1);
	CU_ASSERT_EQUAL(creds_of(f3, SIP_HDR_AUTHORIZATION, &cr), 0);
	CU_ASSERT_STRING_EQUAL(cr.username, "bob");
	CU_ASSERT_STRING_EQUAL(cr.realm, "biloxi.com");
	CU_ASSERT_STRING_EQUAL(cr.uri, "sip:biloxi.com");
	CU_ASSERT_EQUAL(cr.qop, SIP_DIGEST_QOP_AUTH);
	CU_ASSERT_EQUAL(cr.nc, 1);
	CU_ASSERT_EQUAL(strlen(cr.cnonce), 32);
	CU_ASSERT_PTR_NULL(serve(&reg, false, f3, &r));
	CU_ASSERT_TRUE(r.authenticated);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.username, "bob");
	CU_ASSERT_EQUAL(r.row, sip_msg_hdr_find(f3, SIP_HDR_AUTHORIZATION, 0));
	sip_msg_destroy(f1);
	sip_msg_destroy(f2);
	sip_msg_destroy(f3);
}

/* RFC3261 22.3: "the proxy can challenge the originator to provide credentials by
 * rejecting the request with a 407 (Proxy Authentication Required) status code." */
static void test_rfc3261_22_3_proxy_challenge_uses_407(void)
{
	struct sip_auth_server_result r;
	struct sip_digest_credentials cr;
	struct sip_msg *inv = request("INVITE", "3848276298220188511", 1), *retry;
	struct sip_msg *resp = serve(&prx, true, inv, &r);

	CU_ASSERT_EQUAL(r.status, 407);
	CU_ASSERT_EQUAL(resp->status, 407);
	CU_ASSERT_EQUAL(resp->rows[SIP_HDR_PROXY_AUTHENTICATE], 1);
	CU_ASSERT_EQUAL(resp->rows[SIP_HDR_WWW_AUTHENTICATE], 0);
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, NULL, "alice", "wonderland"), 0);
	CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, inv, resp), 0);
	retry = request("INVITE", "3848276298220188511", 2);
	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, retry, NULL), 0);
	CU_ASSERT_EQUAL(retry->rows[SIP_HDR_PROXY_AUTHORIZATION], 1);
	CU_ASSERT_EQUAL(retry->rows[SIP_HDR_AUTHORIZATION], 0);
	CU_ASSERT_EQUAL(creds_of(retry, SIP_HDR_PROXY_AUTHORIZATION, &cr), 0);
	CU_ASSERT_STRING_EQUAL(cr.username, "alice");
	CU_ASSERT_PTR_NULL(serve(&prx, true, retry, &r));
	CU_ASSERT_TRUE(r.authenticated);
	/* A registrar behind the proxy does not read Proxy-Authorization. */
	struct sip_msg *r401 = serve(&reg, false, retry, &r);

	CU_ASSERT_EQUAL(r.status, 401);
	sip_msg_destroy(r401);
	sip_msg_destroy(inv);
	sip_msg_destroy(resp);
	sip_msg_destroy(retry);
}

/* RFC3261 22.1: "A UAC MUST NOT re-attempt requests with the credentials that have
 * just been rejected (though the request may be retried if the nonce was stale)." */
static void test_rfc3261_22_1_rejected_credentials_never_retried(void)
{
	struct sip_auth_server_result r;
	struct sip_msg *f1 = request("REGISTER", "cid-wrong", 1), *f2, *f3, *f4;

	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, "biloxi.com", "bob", "wrong"), 0);
	f2 = serve(&reg, false, f1, &r);
	CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, f1, f2), 0);
	f3 = request("REGISTER", "cid-wrong", 2);
	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, f3, NULL), 0);
	f4 = serve(&reg, false, f3, &r);
	CU_ASSERT_EQUAL(r.verdict, SIP_DIGEST_BAD_RESPONSE);
	CU_ASSERT_EQUAL(f4->status, 401);
	CU_ASSERT_FALSE(f4->www_authenticate->stale);
	CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, f3, f4), EACCES);
	sip_msg_destroy(f1);
	sip_msg_destroy(f2);
	sip_msg_destroy(f3);
	sip_msg_destroy(f4);
}

/* RFC2617 3.2.1: stale "indicating that the previous request from the client was
 * rejected because the nonce value was stale. If stale is TRUE (case-insensitive),
 * the client may wish to simply retry the request with a new encrypted response,
 * without reprompting the user for a new username and password." */
static void test_rfc2617_3_2_1_stale_nonce_retried_with_new_nonce(void)
{
	struct sip_auth_server_result r;
	struct sip_digest_credentials first, second;
	struct sip_msg *f1 = request("REGISTER", "cid-stale", 1), *f2, *f3, *f4, *f5;

	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, NULL, "bob", "zanzibar"), 0);
	f2 = serve(&reg, false, f1, &r);
	CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, f1, f2), 0);
	now += 301 * SEC;  /* past the nonce lifetime */
	f3 = request("REGISTER", "cid-stale", 2);
	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, f3, NULL), 0);
	f4 = serve(&reg, false, f3, &r);
	CU_ASSERT_EQUAL(r.verdict, SIP_DIGEST_STALE);
	CU_ASSERT_TRUE(r.stale);
	CU_ASSERT_TRUE(f4->www_authenticate->stale);
	CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, f3, f4), 0);
	f5 = request("REGISTER", "cid-stale", 3);
	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, f5, NULL), 0);
	CU_ASSERT_EQUAL(creds_of(f3, SIP_HDR_AUTHORIZATION, &first), 0);
	CU_ASSERT_EQUAL(creds_of(f5, SIP_HDR_AUTHORIZATION, &second), 0);
	CU_ASSERT_STRING_NOT_EQUAL(first.nonce, second.nonce);
	CU_ASSERT_STRING_NOT_EQUAL(first.cnonce, second.cnonce);
	CU_ASSERT_EQUAL(second.nc, 1);
	sip_msg_destroy(serve(&reg, false, f5, &r));
	CU_ASSERT_TRUE(r.authenticated);
	sip_msg_destroy(f1);
	sip_msg_destroy(f2);
	sip_msg_destroy(f3);
	sip_msg_destroy(f4);
	sip_msg_destroy(f5);
}

/* RFC3261 22.3: "it should incorporate credentials for that realm in all subsequent
 * requests that contain the same Call-ID.  These credentials MUST NOT be cached
 * across dialogs". */
static void test_rfc3261_22_3_credentials_follow_the_call_id(void)
{
	struct sip_auth_server_result r;
	struct sip_digest_credentials cr;
	struct sip_msg *inv = request("INVITE", "call-1", 1), *resp, *bye, *other;
	size_t added = 9;

	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, "atlanta.com", "alice", "wonderland"), 0);
	resp = serve(&prx, true, inv, &r);
	CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, inv, resp), 0);
	sip_msg_destroy(inv);
	inv = request("INVITE", "call-1", 2);
	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, inv, NULL), 0);
	bye = request("BYE", "call-1", 3);
	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, bye, &added), 0);
	CU_ASSERT_EQUAL(added, 1);
	/* RFC2617 3.2.2: nc counts "the number of requests (including the current
	 * request) that the client has sent with the nonce value". */
	CU_ASSERT_EQUAL(creds_of(bye, SIP_HDR_PROXY_AUTHORIZATION, &cr), 0);
	CU_ASSERT_EQUAL(cr.nc, 2);
	CU_ASSERT_PTR_NULL(serve(&prx, true, inv, &r));
	CU_ASSERT_TRUE(r.authenticated);
	CU_ASSERT_PTR_NULL(serve(&prx, true, bye, &r));
	CU_ASSERT_TRUE(r.authenticated);
	other = request("INVITE", "call-2", 1);
	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, other, &added), 0);
	CU_ASSERT_EQUAL(added, 0);
	CU_ASSERT_EQUAL(other->rows[SIP_HDR_PROXY_AUTHORIZATION], 0);
	sip_auth_client_forget(&cli, SIP_STR_LIT("call-1"));
	sip_msg_destroy(bye);
	bye = request("BYE", "call-1", 4);
	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, bye, &added), 0);
	CU_ASSERT_EQUAL(added, 0);
	sip_msg_destroy(inv);
	sip_msg_destroy(resp);
	sip_msg_destroy(bye);
	sip_msg_destroy(other);
}

/* RFC3261 22.1: "Servers MUST NOT attempt to challenge an ACK" ... "servers MUST NOT
 * attempt to challenge CANCEL requests." */
static void test_rfc3261_22_1_ack_and_cancel_not_challenged(void)
{
	static const char *const methods[] = { "ACK", "CANCEL" };

	for (size_t i = 0; i < 2; i++) {
		struct sip_auth_server_result r;
		struct sip_msg *m = request(methods[i], "cid-ack", 1);

		CU_ASSERT_EQUAL(sip_auth_server_check(&prx, m, true, now, &r), 0);
		CU_ASSERT_EQUAL(r.status, 0);
		CU_ASSERT_FALSE(r.authenticated);
		sip_msg_destroy(m);
	}
}

/* RFC 4475 3.3.7: "A registrar that does care about challenge-response authentication
 * will reject this request with a 401, issuing a new challenge with a scheme it
 * understands." */
static void test_rfc4475_3_3_7_unknown_scheme_is_challenged(void)
{
	size_t len;
	char *text = msgtest_load_4475("regaut01.dat", &len);
	struct sip_msg *m = NULL;
	struct sip_auth_server_result r;

	CU_ASSERT_EQUAL(sip_msg_parse(text, len, &m, NULL), 0);
	CU_ASSERT_EQUAL(sip_auth_server_check(&reg, m, false, now, &r), 0);
	CU_ASSERT_FALSE(r.has_credentials);
	CU_ASSERT_EQUAL(r.status, 401);
	sip_msg_destroy(m);
	free(text);
}

/* RFC3261 22.3: "a Proxy-Authorization header field value MUST NOT be consumed by any
 * proxy whose realm does not match the "realm" parameter specified in that value." */
static void test_rfc3261_22_3_other_realm_rows_ignored(void)
{
	struct sip_auth_server_result r;
	struct sip_msg *m = request("INVITE", "cid-realm", 1);

	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_PROXY_AUTHORIZATION,
					"Digest username=\"alice\", realm=\"elsewhere.com\", "
					"nonce=\"abc\", uri=\"sip:biloxi.com\", response=\"0123\""), 0);
	CU_ASSERT_EQUAL(sip_auth_server_check(&prx, m, true, now, &r), 0);
	CU_ASSERT_FALSE(r.has_credentials);
	CU_ASSERT_EQUAL(r.status, 407);
	CU_ASSERT_EQUAL(r.row, SIP_HDR_NONE);
	sip_msg_destroy(m);
}

/* RFC2617 3.2.2: a request whose credentials cannot be read is a bad request (400);
 * RFC3261 22.1: an unknown user gets a 403 (Forbidden). */
static void test_rfc2617_3_2_2_malformed_400_unknown_user_403(void)
{
	struct sip_auth_server_result r;
	struct sip_msg *m = request("REGISTER", "cid-bad", 1), *resp = NULL;

	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_AUTHORIZATION, "Digest username=\"bob\""), 0);
	CU_ASSERT_EQUAL(sip_auth_server_check(&reg, m, false, now, &r), 0);
	CU_ASSERT_EQUAL(r.verdict, SIP_DIGEST_MALFORMED);
	CU_ASSERT_EQUAL(r.status, 400);
	CU_ASSERT_EQUAL(sip_auth_server_respond(&reg, m, &r, false, now, "t", &resp), 0);
	CU_ASSERT_EQUAL(resp->status, 400);
	CU_ASSERT_EQUAL(resp->rows[SIP_HDR_WWW_AUTHENTICATE], 0);
	sip_msg_destroy(resp);
	sip_msg_destroy(m);
	m = request("REGISTER", "cid-bad", 2);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_AUTHORIZATION,
					"Digest username=\"mallory\", realm=\"biloxi.com\", nonce=\"n\", "
					"uri=\"sip:biloxi.com\", response=\"00112233445566778899aabbccddeeff\""),
			0);
	CU_ASSERT_EQUAL(sip_auth_server_check(&reg, m, false, now, &r), 0);
	CU_ASSERT_EQUAL(r.verdict, SIP_DIGEST_UNKNOWN_USER);
	CU_ASSERT_EQUAL(r.status, 403);
	CU_ASSERT_EQUAL(sip_auth_server_respond(&reg, m, &r, false, now, "t", &resp), 0);
	CU_ASSERT_EQUAL(resp->status, 403);
	sip_msg_destroy(resp);
	sip_msg_destroy(m);
}

/* RFC2617 3.2.1: "If the algorithm is not understood, the challenge should be
 * ignored"; with no keyring entry the client cannot answer either. */
static void test_rfc2617_3_2_1_unanswerable_challenges(void)
{
	struct sip_msg *req = request("REGISTER", "cid-x", 1);
	struct sip_msg *resp = msgtest_parse(
		"SIP/2.0 401 Unauthorized\r\n"
		"Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKx\r\n"
		"From: <sip:bob@biloxi.com>;tag=1\r\nTo: <sip:bob@biloxi.com>;tag=2\r\n"
		"Call-ID: cid-x\r\nCSeq: 1 REGISTER\r\n"
		"WWW-Authenticate: Digest realm=\"biloxi.com\", nonce=\"n1\", algorithm=SHA-512\r\n"
		"WWW-Authenticate: Basic realm=\"biloxi.com\"\r\n"
		"Content-Length: 0\r\n\r\n");

	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, "biloxi.com", "bob", "zanzibar"), 0);
	CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, req, resp), ENOTSUP);
	sip_msg_destroy(resp);
	resp = msgtest_parse(
		"SIP/2.0 407 Proxy Authentication Required\r\n"
		"Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKx\r\n"
		"From: <sip:bob@biloxi.com>;tag=1\r\nTo: <sip:bob@biloxi.com>;tag=2\r\n"
		"Call-ID: cid-x\r\nCSeq: 1 REGISTER\r\n"
		"Proxy-Authenticate: Digest realm=\"nowhere.org\", nonce=\"n1\"\r\n"
		"Content-Length: 0\r\n\r\n");
	CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, req, resp), ENOENT);
	CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, resp, req), EINVAL);
	sip_msg_destroy(resp);
	sip_msg_destroy(req);
}

/* RFC2617 3.2.2: without a qop directive in the challenge the response is the RFC
 * 2069 one: "qop-options ... If not present, ... compatible with RFC 2069" - no
 * cnonce, no nc. */
static void test_rfc2617_3_2_2_no_qop_challenge_answered_without_qop(void)
{
	struct sip_digest_credentials cr;
	struct sip_msg *req = request("MESSAGE", "cid-2069", 1), *retry;
	struct sip_msg *resp = msgtest_parse(
		"SIP/2.0 401 Unauthorized\r\n"
		"Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKx\r\n"
		"From: <sip:bob@biloxi.com>;tag=1\r\nTo: <sip:bob@biloxi.com>;tag=2\r\n"
		"Call-ID: cid-2069\r\nCSeq: 1 MESSAGE\r\n"
		"WWW-Authenticate: Digest realm=\"biloxi.com\", nonce=\"dcd98b7102dd2f0e\"\r\n"
		"Content-Length: 0\r\n\r\n");
	struct sip_digest_input in = {
		.alg = SIP_DIGEST_MD5, .qop = SIP_DIGEST_QOP_NONE, .username = "bob",
		.realm = "biloxi.com", .password = "zanzibar", .nonce = "dcd98b7102dd2f0e",
		.method = "MESSAGE", .uri = "sip:biloxi.com",
	};
	char expect[SIP_DIGEST_HEX_SIZE];

	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, "biloxi.com", "bob", "zanzibar"), 0);
	CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, req, resp), 0);
	retry = request("MESSAGE", "cid-2069", 2);
	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, retry, NULL), 0);
	CU_ASSERT_EQUAL(creds_of(retry, SIP_HDR_AUTHORIZATION, &cr), 0);
	CU_ASSERT_EQUAL(cr.qop, SIP_DIGEST_QOP_NONE);
	CU_ASSERT_STRING_EQUAL(cr.cnonce, "");
	CU_ASSERT_EQUAL(sip_digest_response(&in, expect), 0);
	CU_ASSERT_STRING_EQUAL(cr.response, expect);
	sip_msg_destroy(req);
	sip_msg_destroy(resp);
	sip_msg_destroy(retry);
}

/* RFC3261 22.3: "When it retries a request, a UAC MAY therefore supply multiple
 * credentials in Authorization or Proxy-Authorization header fields" - one per
 * challenge of a response that aggregates several (a forking proxy's). */
static void test_rfc3261_22_3_both_challenges_answered(void)
{
	struct sip_auth_server_result r;
	struct sip_msg *req = request("INVITE", "cid-both", 1), *retry;
	struct sip_msg *resp = serve(&prx, true, req, &r);

	CU_ASSERT_EQUAL(sip_auth_server_add_challenge(&reg, resp, false, false, now), 0);
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, NULL, "alice", "wonderland"), 0);
	CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, req, resp), 0);
	retry = request("INVITE", "cid-both", 2);
	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, retry, NULL), 0);
	CU_ASSERT_EQUAL(retry->rows[SIP_HDR_PROXY_AUTHORIZATION], 1);
	CU_ASSERT_EQUAL(retry->rows[SIP_HDR_AUTHORIZATION], 1);
	CU_ASSERT_PTR_NULL(serve(&prx, true, retry, &r));
	CU_ASSERT_TRUE(r.authenticated);
	CU_ASSERT_PTR_NULL(serve(&reg, false, retry, &r));
	CU_ASSERT_TRUE(r.authenticated);
	sip_msg_destroy(req);
	sip_msg_destroy(resp);
	sip_msg_destroy(retry);
}

/* The keyring: a realm's own entry wins over the any-realm one, values are bounded. */
static void test_impl_keyring_lookup_and_limits(void)
{
	char big[SIP_DIGEST_VALUE_SIZE + 1];
	struct sip_auth_server_result r;
	struct sip_digest_credentials cr;
	struct sip_msg *req = request("REGISTER", "cid-k", 1), *resp, *retry;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, NULL, "anyone", "pw"), 0);
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, "biloxi.com", "carol", "pw"), 0);
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, "biloxi.com", "bob", "zanzibar"), 0);
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, "x", big, "pw"), ENAMETOOLONG);
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, "x", NULL, "pw"), EINVAL);
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, "r3", "u", "p"), 0);
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, "r4", "u", "p"), 0);
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, "r5", "u", "p"), ENOBUFS);
	resp = serve(&reg, false, req, &r);
	CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, req, resp), 0);
	retry = request("REGISTER", "cid-k", 2);
	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, retry, NULL), 0);
	CU_ASSERT_EQUAL(creds_of(retry, SIP_HDR_AUTHORIZATION, &cr), 0);
	CU_ASSERT_STRING_EQUAL(cr.username, "bob");
	sip_msg_destroy(req);
	sip_msg_destroy(resp);
	sip_msg_destroy(retry);
}

/* The cache is bounded: the least recently used challenge makes room. */
static void test_impl_cache_replaces_least_recently_used(void)
{
	struct sip_auth_server_result r;
	char cid[32];
	size_t added;

	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(&cli, NULL, "bob", "zanzibar"), 0);
	for (unsigned i = 0; i <= SIP_AUTH_CLIENT_CACHE; i++) {
		snprintf(cid, sizeof(cid), "cid-%u", i);
		struct sip_msg *req = request("REGISTER", cid, 1);
		struct sip_msg *resp = serve(&reg, false, req, &r);

		CU_ASSERT_EQUAL(sip_auth_client_challenge(&cli, req, resp), 0);
		sip_msg_destroy(req);
		sip_msg_destroy(resp);
	}
	struct sip_msg *first = request("REGISTER", "cid-0", 2);
	struct sip_msg *last = request("REGISTER", "cid-16", 2);

	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, first, &added), 0);
	CU_ASSERT_EQUAL(added, 0);
	CU_ASSERT_EQUAL(sip_auth_client_authorize(&cli, last, &added), 0);
	CU_ASSERT_EQUAL(added, 1);
	sip_msg_destroy(first);
	sip_msg_destroy(last);
}

static const struct th_test client_tests[] = {
	TH_TEST(test_rfc3261_22_2_register_challenge_and_answer),
	TH_TEST(test_rfc3261_22_3_proxy_challenge_uses_407),
	TH_TEST(test_rfc3261_22_1_rejected_credentials_never_retried),
	TH_TEST(test_rfc2617_3_2_1_stale_nonce_retried_with_new_nonce),
	TH_TEST(test_rfc3261_22_3_credentials_follow_the_call_id),
	TH_TEST(test_rfc2617_3_2_1_unanswerable_challenges),
	TH_TEST(test_rfc2617_3_2_2_no_qop_challenge_answered_without_qop),
	TH_TEST(test_rfc3261_22_3_both_challenges_answered),
	TH_TEST(test_impl_keyring_lookup_and_limits),
	TH_TEST(test_impl_cache_replaces_least_recently_used),
	TH_END
};

static const struct th_test server_tests[] = {
	TH_TEST(test_rfc3261_22_1_ack_and_cancel_not_challenged),
	TH_TEST(test_rfc4475_3_3_7_unknown_scheme_is_challenged),
	TH_TEST(test_rfc3261_22_3_other_realm_rows_ignored),
	TH_TEST(test_rfc2617_3_2_2_malformed_400_unknown_user_403),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 22.2-22.4 UAC digest glue", client_tests, setup, teardown },
	{ "RFC3261 22.1-22.3 server digest glue", server_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
