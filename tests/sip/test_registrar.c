/* tests/sip/test_registrar.c - REGISTER processing (sip/registrar.h), RFC 3261 §10.3
 * step by step, and the RFC 4475 vectors a registrar decides.
 *
 * The registrar is a function of (request, bindings, clock): each test feeds it
 * parsed requests at chosen virtual times and asserts the response and the location
 * table.  The RFC 3665 §2 flows, run with the RFC's own messages, are in
 * test_registrar_flows.c.
 *
 * Fixture: domain "biloxi.example.com", realm "biloxi.example.com", users bob
 * (zanzibar) and alice (wonderland), min 60 s, default 3600 s, max 86400 s.
 */
#include "sip/registrar.h"
#include "tests/sip/msgtest_util.h"
#include "tests/sip/pxtest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEC 1000000ull  /* us */

static struct net_rand rnd;
static struct sip_location *loc;
static struct sip_digest_server dig;
static struct sip_registrar *reg;
static const struct sip_recv_info src = { .proto = SIP_PROTO_UDP };


/* Rebuilds the registrar; auth false runs it without authentication. */
static int start(const char *domain, bool auth, const struct sip_location_config *lcfg)
{
	const struct sip_digest_server_config dcfg = {
		.realm = "biloxi.example.com", .lookup = pxtest_users, .rand = &rnd,
	};
	struct sip_registrar_config cfg = {
		.domain = domain, .location = NULL, .auth = auth ? &dig : NULL, .users = pxtest_users,
		.rand = &rnd,
	};

	sip_registrar_destroy(reg);
	sip_location_destroy(loc);
	reg = NULL;
	if (sip_location_create(&loc, lcfg) != 0 || sip_digest_server_init(&dig, &dcfg) != 0)
		return -1;
	cfg.location = loc;
	return sip_registrar_create(&reg, &cfg);
}

/* Swaps in a registrar built from `cfg` (which may point into the old one). */
static void reconfigure(const struct sip_registrar_config *cfg)
{
	struct sip_registrar *r = NULL;

	CU_ASSERT_EQUAL(sip_registrar_create(&r, cfg), 0);
	sip_registrar_destroy(reg);
	reg = r;
}

static void setup(void)
{
	net_rand_seed(&rnd, 1);
	CU_ASSERT_EQUAL(start("biloxi.example.com", true, NULL), 0);
}

static void teardown(void)
{
	sip_registrar_destroy(reg);
	sip_location_destroy(loc);
	sip_digest_server_fini(&dig);
	reg = NULL;
	loc = NULL;
}

/* A REGISTER for `to` (a URI) with extra header rows. */
static struct sip_msg *mkreg(const char *to, const char *call_id, unsigned cseq, const char *rows)
{
	char text[4096];

	snprintf(text, sizeof(text),
		 "REGISTER sip:biloxi.example.com SIP/2.0\n"
		 "Via: SIP/2.0/UDP 192.0.2.4:5070;branch=z9hG4bKreg%u\n"
		 "Max-Forwards: 70\n"
		 "From: <%s>;tag=a73kszlfl\n"
		 "To: <%s>\n"
		 "Call-ID: %s\n"
		 "CSeq: %u REGISTER\n"
		 "%s"
		 "Content-Length: 0\n\n",
		 cseq, to, to, call_id, cseq, rows);
	return pxtest_parse(text);
}

/* Runs the registrar; returns the status (0: no response) and keeps the response. */
static struct sip_msg *last;

static int run(struct sip_msg *req, uint64_t now)
{
	int rc;

	sip_msg_destroy(last);
	last = NULL;
	if (req == NULL)
		return -1;
	rc = sip_registrar_handle(reg, req, &src, now, &last);
	sip_msg_destroy(req);
	return rc != 0 ? -rc : last->status;
}

/* Sends `req` once without credentials, answers the 401, sends it again: returns the
 * second status. */
static int run_auth(const char *to, const char *call_id, unsigned cseq, const char *rows,
		    const char *user, const char *password, uint64_t now)
{
	struct sip_msg *req = mkreg(to, call_id, cseq, rows);

	if (run(req, now) != 401)
		return -1;
	req = mkreg(to, call_id, cseq + 1, rows);
	if (req == NULL || pxtest_authorize(req, last, user, password, 1) != 0) {
		sip_msg_destroy(req);
		return -1;
	}
	return run(req, now);
}

static int run_noauth(const char *to, const char *call_id, unsigned cseq, const char *rows,
		      uint64_t now)
{
	return run(mkreg(to, call_id, cseq, rows), now);
}

static size_t bindings(const char *aor, uint64_t now)
{
	size_t n = 0;

	(void)sip_location_lookup(loc, aor, now, &n);
	return n;
}

static void done(void)
{
	sip_msg_destroy(last);
	last = NULL;
}

#define BOB "sip:bob@biloxi.example.com"

/* ---- Step 1, 2, 5 ----------------------------------------------------------------- */

/* RFC3261 10.3 step 1: "If not, and if the server also acts as a proxy server, the
 * server SHOULD forward the request to the addressed domain": the registrar says
 * ENOENT and leaves forwarding to the caller. */
static void test_rfc3261_10_3_step1_other_domain_is_not_ours(void)
{
	struct sip_msg *req = pxtest_parse("REGISTER sip:atlanta.example.com SIP/2.0\n"
					   "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKx1\n"
					   "From: <sip:bob@atlanta.example.com>;tag=1\n"
					   "To: <sip:bob@atlanta.example.com>\n"
					   "Call-ID: c1\nCSeq: 1 REGISTER\nContent-Length: 0\n\n");
	struct sip_msg *resp = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	CU_ASSERT_EQUAL(sip_registrar_handle(reg, req, &src, 0, &resp), ENOENT);
	CU_ASSERT_PTR_NULL(resp);
	sip_msg_destroy(req);
	req = pxtest_parse("OPTIONS sip:biloxi.example.com SIP/2.0\n"
			   "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKx1\n"
			   "From: <sip:bob@biloxi.example.com>;tag=1\nTo: <sip:bob@biloxi.example.com>\n"
			   "Call-ID: c1\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	CU_ASSERT_EQUAL(sip_registrar_handle(reg, req, &src, 0, &resp), EINVAL);
	sip_msg_destroy(req);
}

/* RFC3261 10.3 step 2: "the registrar MUST process the Require header field values as
 * described for UASs in Section 8.2.2"; RFC3261 8.2.2.3: "The UAS MUST add an
 * Unsupported header field, and list in it those options it does not understand
 * amongst those in the Require header field of the request." */
static void test_rfc3261_10_3_step2_require_gets_420_with_unsupported(void)
{
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 1, "Require: path, gruu\n", 0), 420);
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_UNSUPPORTED, 0, "path, gruu"));
	CU_ASSERT_EQUAL(bindings(BOB, 0), 0);
	done();
}

/* RFC 4475 §3.3.4 (unksm2): "A registrar would reject this request with a 400 Bad
 * Request response, since the To: header field is required to contain a SIP or SIPS
 * URI as an AOR." */
static void test_rfc4475_3_3_4_unksm2_registrar_answers_400(void)
{
	size_t len;
	char *raw = msgtest_load_4475("unksm2.dat", &len);
	struct sip_msg *req = NULL;

	CU_ASSERT_EQUAL(start("example.com", true, NULL), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
	CU_ASSERT_EQUAL(sip_msg_parse(raw, len, &req, NULL), 0);
	free(raw);
	CU_ASSERT_EQUAL(run(req, 0), 400);
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 0);
	done();
}

/* RFC3261 10.3 step 5: "If the address-of-record is not valid for the domain in the
 * Request-URI, the registrar MUST send a 404 (Not Found) response and skip the
 * remaining steps."  Another domain in To, or a user we do not have. */
static void test_rfc3261_10_3_step5_aor_not_in_domain_gets_404(void)
{
	CU_ASSERT_EQUAL(start("biloxi.example.com", false, NULL), 0);
	CU_ASSERT_EQUAL(run_noauth("sip:bob@atlanta.example.com", "c1", 1,
				   "Contact: <sip:bob@192.0.2.4>\n", 0), 404);
	CU_ASSERT_EQUAL(run_noauth("sip:carol@biloxi.example.com", "c1", 1,
				   "Contact: <sip:carol@192.0.2.4>\n", 0), 404);
	CU_ASSERT_EQUAL(run_noauth("sip:biloxi.example.com", "c1", 1,
				   "Contact: <sip:x@192.0.2.4>\n", 0), 404);
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 0);
	/* The host compares case-insensitively, the user is unescaped (§10.3 step 5). */
	CU_ASSERT_EQUAL(run_noauth("sip:%62ob@BILOXI.example.com", "c1", 1,
				   "Contact: <sip:bob@192.0.2.4>\n", 0), 200);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 1);
	done();
}

/* ---- Steps 3 and 4 ------------------------------------------------------------------ */

/* RFC3261 10.3 step 3: "A registrar SHOULD authenticate the UAC."  RFC3261 22.1: the
 * challenge is a 401 with WWW-Authenticate; nothing is bound before it is answered. */
static void test_rfc3261_10_3_step3_unauthenticated_register_gets_401(void)
{
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 1, "Contact: <sip:bob@192.0.2.4>\n", 0), 401);
	CU_ASSERT_EQUAL(pxtest_rows(last, SIP_HDR_WWW_AUTHENTICATE), 1);
	CU_ASSERT_PTR_NOT_NULL(last->www_authenticate);
	CU_ASSERT(last->www_authenticate != NULL &&
		  sip_str_eq_c(last->www_authenticate->realm, "biloxi.example.com"));
	CU_ASSERT(last->www_authenticate != NULL && !last->www_authenticate->stale);
	CU_ASSERT_PTR_NOT_NULL(last->to);
	CU_ASSERT(last->to != NULL && last->to->tag.len > 0);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 0);
	done();
}

/* RFC3261 22.1: "the server ... may respond with a 403 (Forbidden)" for credentials it
 * cannot accept: an unknown user, or another realm (docs/auth.md). */
static void test_rfc3261_10_3_step3_unknown_user_or_realm_gets_403(void)
{
	struct sip_msg *req = mkreg(BOB, "c1", 1, "Contact: <sip:bob@192.0.2.4>\n");

	CU_ASSERT_EQUAL(run(req, 0), 401);
	req = mkreg(BOB, "c1", 2, "Contact: <sip:bob@192.0.2.4>\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	CU_ASSERT_EQUAL(pxtest_authorize(req, last, "mallory", "x", 1), 0);
	CU_ASSERT_EQUAL(run(req, 0), 403);
	req = mkreg(BOB, "c1", 3,
		    "Contact: <sip:bob@192.0.2.4>\n"
		    "Authorization: Digest username=\"bob\", realm=\"atlanta.example.com\", "
		    "nonce=\"abc\", uri=\"sip:biloxi.example.com\", "
		    "response=\"00000000000000000000000000000000\"\n");
	/* Credentials for another realm are not ours: a challenge for ours. */
	CU_ASSERT_EQUAL(run(req, 0), 401);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 0);
	done();
}

/* RFC3261 22.1: "A UAC MUST NOT re-attempt requests with the credentials that have
 * just been rejected (though the request may be retried if the nonce was stale)":
 * a wrong password is re-challenged without stale, an old nonce with stale=TRUE. */
static void test_rfc3261_22_1_wrong_password_then_stale_nonce(void)
{
	const char *ct = "Contact: <sip:bob@192.0.2.4>\n";

	CU_ASSERT_EQUAL(run_auth(BOB, "c1", 1, ct, "bob", "wrong", 0), 401);
	CU_ASSERT(last->www_authenticate != NULL && !last->www_authenticate->stale);
	/* Right password, but answered after the nonce's 300 s lifetime. */
	struct sip_msg *req = mkreg(BOB, "c1", 3, ct);

	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	CU_ASSERT_EQUAL(pxtest_authorize(req, last, "bob", "zanzibar", 1), 0);
	CU_ASSERT_EQUAL(run(req, 300 * SEC), 401);
	CU_ASSERT(last->www_authenticate != NULL && last->www_authenticate->stale);
	CU_ASSERT_EQUAL(bindings(BOB, 300 * SEC), 0);
	/* The fresh nonce works. */
	req = mkreg(BOB, "c1", 4, ct);
	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	CU_ASSERT_EQUAL(pxtest_authorize(req, last, "bob", "zanzibar", 1), 0);
	CU_ASSERT_EQUAL(run(req, 300 * SEC), 200);
	done();
}

/* RFC3261 10.3 step 4: "If the authenticated user is not authorized to modify
 * bindings, the registrar MUST return a 403 (Forbidden) and skip the remaining
 * steps."  alice may not register bob, nor bob an AOR of another domain. */
static void test_rfc3261_10_3_step4_other_users_aor_gets_403(void)
{
	const char *ct = "Contact: <sip:x@192.0.2.4>\n";

	CU_ASSERT_EQUAL(run_auth(BOB, "c1", 1, ct, "alice", "wonderland", 0), 403);
	CU_ASSERT_EQUAL(run_auth("sip:bob@atlanta.example.com", "c2", 1, ct, "bob", "zanzibar", 0),
			403);
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 0);
	CU_ASSERT_EQUAL(run_auth(BOB, "c3", 1, ct, "bob", "zanzibar", 0), 200);
	done();
}

/* RFC 4475 §3.3.7 (regaut01): "A registrar that does care about challenge-response
 * authentication will reject this request with a 401, issuing a new challenge with a
 * scheme it understands."  And "A registrar that does not care about challenge-
 * response authentication will simply ignore the Authorization header field". */
static void test_rfc4475_3_3_7_regaut01_unknown_scheme(void)
{
	size_t len;
	char *raw = msgtest_load_4475("regaut01.dat", &len);
	struct sip_msg *a = NULL, *b = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
	CU_ASSERT_EQUAL(sip_msg_parse(raw, len, &a, NULL), 0);
	CU_ASSERT_EQUAL(sip_msg_parse(raw, len, &b, NULL), 0);
	free(raw);
	CU_ASSERT_EQUAL(start("example.com", true, NULL), 0);
	CU_ASSERT_EQUAL(run(a, 0), 401);
	CU_ASSERT(last->www_authenticate != NULL &&
		  sip_str_eq_c(last->www_authenticate->scheme, "Digest"));
	/* Without authentication j.user@example.com is not one of our users: 404; with
	 * an open user list the request succeeds (it has no Contact: a fetch). */
	struct sip_registrar_config cfg = *sip_registrar_config(reg);

	cfg.auth = NULL;
	cfg.users = NULL;
	reconfigure(&cfg);
	CU_ASSERT_EQUAL(run(b, 0), 200);
	CU_ASSERT_EQUAL(pxtest_rows(last, SIP_HDR_CONTACT), 0);
	done();
}

/* ---- Step 6: Contact: * ------------------------------------------------------------- */

/* RFC3261 10.3 step 6: "If the request has additional Contact fields or an expiration
 * time other than zero, the request is invalid, and the server MUST return a 400
 * (Invalid Request)"; RFC3261 10.2.2: "it MUST NOT be used unless the Expires header
 * field is present with a value of "0"." */
static void test_rfc3261_10_3_step6_star_needs_expires_zero(void)
{
	CU_ASSERT_EQUAL(start("biloxi.example.com", false, NULL), 0);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 1, "Contact: <sip:bob@192.0.2.4>\n", 0), 200);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 2, "Contact: *\n", 0), 400);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 3, "Contact: *\nExpires: 3600\n", 0), 400);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 1);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 4, "Contact: *\nExpires: 0\n", 0), 200);
	CU_ASSERT_EQUAL(pxtest_rows(last, SIP_HDR_CONTACT), 0);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 0);
	done();
}

/* RFC3261 10.3 step 6: "If it does agree, it MUST remove the binding only if the CSeq
 * in the request is higher than the value stored for that binding.  Otherwise, the
 * update MUST be aborted and the request fails." */
static void test_rfc3261_10_3_step6_star_with_old_cseq_fails(void)
{
	CU_ASSERT_EQUAL(start("biloxi.example.com", false, NULL), 0);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 5, "Contact: <sip:bob@192.0.2.4>\n", 0), 200);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c2", 9, "Contact: <sip:bob@192.0.2.5>\n", 0), 200);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 5, "Contact: *\nExpires: 0\n", 0), 500);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 2);  /* atomic: neither binding went */
	/* Another Call-ID removes every binding whatever its CSeq. */
	CU_ASSERT_EQUAL(run_noauth(BOB, "c3", 1, "Contact: *\nExpires: 0\n", 0), 200);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 0);
	done();
}

/* ---- Step 7 ------------------------------------------------------------------------- */

/* RFC3261 10.3 step 7: the expires parameter, else the Expires header, else "a
 * locally-configured default value MUST be taken"; RFC3261 10.3 step 8: "Each
 * Contact value MUST feature an "expires" parameter". */
static void test_rfc3261_10_3_step7_expiration_sources(void)
{
	CU_ASSERT_EQUAL(start("biloxi.example.com", false, NULL), 0);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 1,
				   "Contact: <sip:a@192.0.2.1>;expires=120\n"
				   "Contact: <sip:b@192.0.2.2>\n"
				   "Expires: 600\n", 0), 200);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 2, "Contact: <sip:c@192.0.2.3>\n", 0), 200);
	char *text = pxtest_print(last);

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Contact: <sip:a@192.0.2.1>;expires=120\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Contact: <sip:b@192.0.2.2>;expires=600\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Contact: <sip:c@192.0.2.3>;expires=3600\r\n"));
	CU_ASSERT_EQUAL(pxtest_rows(last, SIP_HDR_CONTACT), 3);
	free(text);
	/* "The registrar MAY choose an expiration less than the requested": max 86400. */
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 3, "Contact: <sip:d@192.0.2.4>;expires=999999\n",
				   0), 200);
	text = pxtest_print(last);
	CU_ASSERT_PTR_NOT_NULL(text != NULL ? strstr(text, "<sip:d@192.0.2.4>;expires=86400\r\n")
					     : NULL);
	free(text);
	done();
}

/* RFC3261 10.3 step 7: "If and only if the requested expiration interval is greater
 * than zero AND smaller than one hour AND less than a registrar-configured minimum,
 * the registrar MAY reject the registration with a response of 423 (Interval Too
 * Brief).  This response MUST contain a Min-Expires header field". */
static void test_rfc3261_10_3_step7_too_brief_gets_423_with_min_expires(void)
{
	CU_ASSERT_EQUAL(start("biloxi.example.com", false, NULL), 0);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 1, "Contact: <sip:a@192.0.2.1>;expires=59\n", 0),
			423);
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_MIN_EXPIRES, 0, "60"));
	CU_ASSERT_EQUAL(bindings(BOB, 0), 0);
	/* One brief contact among good ones refuses the whole request. */
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 2,
				   "Contact: <sip:a@192.0.2.1>\nContact: <sip:b@192.0.2.1>;expires=1\n",
				   0), 423);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 0);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 3, "Contact: <sip:a@192.0.2.1>;expires=60\n", 0),
			200);
	/* Removing a contact that is not bound changes nothing. */
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 4, "Contact: <sip:z@192.0.2.9>;expires=0\n", 0),
			200);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 1);
	/* Zero is a removal, never "too brief". */
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 5, "Contact: <sip:a@192.0.2.1>;expires=0\n", 0),
			200);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 0);
	done();
}

/* RFC3261 10.3 step 7: "smaller than one hour": with a configured minimum of two
 * hours, a request for one hour or more is accepted, not refused. */
static void test_rfc3261_10_3_step7_no_423_from_one_hour_up(void)
{
	struct sip_registrar_config cfg = *sip_registrar_config(reg);

	cfg.auth = NULL;
	cfg.min_expires_s = 7200;
	reconfigure(&cfg);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 1, "Contact: <sip:a@192.0.2.1>;expires=3599\n", 0),
			423);
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_MIN_EXPIRES, 0, "7200"));
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 2, "Contact: <sip:a@192.0.2.1>;expires=3600\n", 0),
			200);
	done();
}

/* RFC3261 10.3 step 7: "If the Call-ID value in the existing binding differs from the
 * Call-ID value in the request, the binding MUST be removed if the expiration time is
 * zero and updated otherwise.  If they are the same, the registrar compares the CSeq
 * value.  If the value is higher than that of the existing binding, it MUST update or
 * remove the binding as above.  If not, the update MUST be aborted and the request
 * fails." */
static void test_rfc3261_10_3_step7_call_id_and_cseq_ordering(void)
{
	const char *ct = "Contact: <sip:bob@192.0.2.4>\n";

	CU_ASSERT_EQUAL(start("biloxi.example.com", false, NULL), 0);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 10, ct, 0), 200);
	/* Same Call-ID, lower or equal CSeq: an out-of-order request, refused. */
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 9, "Contact: <sip:bob@192.0.2.4>;expires=0\n", SEC),
			500);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 10, "Contact: <sip:bob@192.0.2.4>;expires=0\n", SEC),
			500);
	CU_ASSERT_EQUAL(bindings(BOB, SEC), 1);
	/* Higher CSeq updates (the lifetime starts again). */
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 11, ct, 100 * SEC), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(last->contact != NULL ? last->contact->text.p : "",
				      "expires=3600"));
	/* Another Call-ID may change it whatever its CSeq. */
	CU_ASSERT_EQUAL(run_noauth(BOB, "other", 1, "Contact: <sip:bob@192.0.2.4>;expires=0\n",
				   100 * SEC), 200);
	CU_ASSERT_EQUAL(bindings(BOB, 100 * SEC), 0);
	done();
}

/* RFC3261 10.3 step 7: "For each address, the registrar then searches the list of
 * current bindings using the URI comparison rules": a contact written differently
 * but equal per §19.1.4 updates the binding instead of adding one. */
static void test_rfc3261_10_3_step7_contacts_compare_as_uris(void)
{
	CU_ASSERT_EQUAL(start("biloxi.example.com", false, NULL), 0);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 1, "Contact: <sip:bob@Client.Biloxi.example.com;"
				   "transport=udp>;q=0.5\n", 0), 200);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 2, "Contact: <sip:bob@client.biloxi.example.com;"
				   "TRANSPORT=UDP>;q=0.7\n", 0), 200);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 1);
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_CONTACT, 0,
				"<sip:bob@client.biloxi.example.com;TRANSPORT=UDP>;expires=3600;q=0.700"));
	/* A contact named twice in one request is one binding, the last value wins. */
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 3, "Contact: <sip:x@192.0.2.1>;expires=100, "
				   "<sip:x@192.0.2.1>;expires=200\n", 0), 200);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 2);
	/* x has no q (counts as 1.0): it comes before bob's q=0.7. */
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_CONTACT, 0, "<sip:x@192.0.2.1>;expires=200"));
	done();
}

/* RFC3261 10.2.1.2: "This list can be prioritized with the "q" parameter"; the 200
 * lists the bindings highest q first with the q each was registered with. */
static void test_rfc3261_10_3_step8_lists_q_values(void)
{
	CU_ASSERT_EQUAL(start("biloxi.example.com", false, NULL), 0);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 1,
				   "Contact: <sip:a@192.0.2.1>;q=0.1, <sip:b@192.0.2.2>;q=1\n"
				   "Contact: <sip:c@192.0.2.3>\n", 0), 200);
	CU_ASSERT_EQUAL(pxtest_rows(last, SIP_HDR_CONTACT), 3);
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_CONTACT, 0, "<sip:b@192.0.2.2>;expires=3600;q=1.000"));
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_CONTACT, 1, "<sip:c@192.0.2.3>;expires=3600"));
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_CONTACT, 2, "<sip:a@192.0.2.1>;expires=3600;q=0.100"));
	done();
}

/* RFC3261 10.2.1: bindings are soft state: registered at 0 for 60 s, the binding is
 * listed until 59.999999 s (with the seconds left) and gone at 60 s exactly. */
static void test_rfc3261_10_3_binding_expires_on_the_virtual_clock(void)
{
	CU_ASSERT_EQUAL(start("biloxi.example.com", false, NULL), 0);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 1, "Contact: <sip:a@192.0.2.1>;expires=60\n", 0),
			200);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 2, "", 45 * SEC), 200);
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_CONTACT, 0, "<sip:a@192.0.2.1>;expires=15"));
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 3, "", 60 * SEC - 1), 200);
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_CONTACT, 0, "<sip:a@192.0.2.1>;expires=1"));
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 4, "", 60 * SEC), 200);
	CU_ASSERT_EQUAL(pxtest_rows(last, SIP_HDR_CONTACT), 0);
	done();
}

/* RFC3261 10.3: "Registrars MUST ignore the Record-Route header field if it is
 * included in a REGISTER request.  Registrars MUST NOT include a Record-Route header
 * field in any response to a REGISTER request." */
static void test_rfc3261_10_3_record_route_ignored_and_not_echoed(void)
{
	CU_ASSERT_EQUAL(start("biloxi.example.com", false, NULL), 0);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 1, "Record-Route: <sip:p1.example.com;lr>\n"
				   "Contact: <sip:a@192.0.2.1>\n", 0), 200);
	CU_ASSERT_EQUAL(pxtest_rows(last, SIP_HDR_RECORD_ROUTE), 0);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 1);
	done();
}

/* RFC3261 10.3 step 7: "If any one of them fails (for example, because the back-end
 * database commit failed), the request MUST fail with a 500 (Server Error) response
 * and all tentative binding updates MUST be removed."  Too many bindings for one AOR
 * is such a failure; a full table is temporary: 503 with Retry-After (§21.5.4). */
static void test_rfc3261_10_3_step7_capacity_gives_500_or_503(void)
{
	const struct sip_location_config lc = { .max_aors = 1, .max_bindings = 2 };

	CU_ASSERT_EQUAL(start("biloxi.example.com", false, &lc), 0);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 1, "Contact: <sip:a@192.0.2.1>\n", 0), 200);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 2, "Contact: <sip:b@192.0.2.1>, "
				   "<sip:c@192.0.2.1>\n", 0), 500);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 1);
	CU_ASSERT_EQUAL(run_noauth("sip:alice@biloxi.example.com", "c2", 1,
				   "Contact: <sip:a@192.0.2.7>\n", 0), 503);
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_RETRY_AFTER, 0, "10"));
	/* Once bob's binding expires there is room for alice. */
	CU_ASSERT_EQUAL(run_noauth("sip:alice@biloxi.example.com", "c2", 2,
				   "Contact: <sip:a@192.0.2.7>\n", 3600 * SEC), 200);
	done();
}

/* A contact longer than the binding table keeps (SIP_LOCATION_URI_SIZE) is a failed
 * update: RFC3261 10.3 step 7's 500, nothing stored. */
static void test_rfc3261_10_3_step7_oversized_contact_gives_500(void)
{
	char rows[1024];
	char user[700];

	memset(user, 'u', sizeof(user) - 1);
	user[sizeof(user) - 1] = '\0';
	snprintf(rows, sizeof(rows), "Contact: <sip:%s@192.0.2.1>\n", user);
	CU_ASSERT_EQUAL(start("biloxi.example.com", false, NULL), 0);
	CU_ASSERT_EQUAL(run_noauth(BOB, "c1", 1, rows, 0), 500);
	CU_ASSERT_EQUAL(bindings(BOB, 0), 0);
	done();
}

/* The binding remembers how its REGISTER arrived (docs/proxy.md: a proxy reaches a UA
 * behind a NAT at that address). */
static void test_impl_registrar_records_register_source(void)
{
	struct sip_recv_info from = { .proto = SIP_PROTO_TCP, .conn_id = 7 };
	struct sip_msg *req;
	size_t n = 0;

	CU_ASSERT_EQUAL(start("biloxi.example.com", false, NULL), 0);
	CU_ASSERT_EQUAL(net_addr_parse(&from.src, "198.51.100.7:40000", 0), 0);
	req = mkreg(BOB, "c1", 1, "Contact: <sip:bob@10.0.0.2:5060>\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	CU_ASSERT_EQUAL(sip_registrar_handle(reg, req, &from, 0, &last), 0);
	sip_msg_destroy(req);
	const struct sip_binding *b = sip_location_lookup(loc, BOB, 0, &n);

	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(b->source.proto, SIP_PROTO_TCP);
	CU_ASSERT_EQUAL(b->source.conn_id, 7);
	CU_ASSERT(net_addr_equal(&b->source.src, &from.src));
	CU_ASSERT_STRING_EQUAL(b->call_id, "c1");
	CU_ASSERT_EQUAL(b->cseq, 1);
	done();
}

static void test_impl_registrar_create_refuses_bad_config(void)
{
	struct sip_registrar *r = NULL;
	struct sip_registrar_config cfg = { .domain = "x", .location = loc, .rand = &rnd };

	cfg.domain = "";
	CU_ASSERT_EQUAL(sip_registrar_create(&r, &cfg), EINVAL);
	cfg.domain = "x";
	cfg.location = NULL;
	CU_ASSERT_EQUAL(sip_registrar_create(&r, &cfg), EINVAL);
	cfg.location = loc;
	cfg.min_expires_s = 100;
	cfg.max_expires_s = 10;
	CU_ASSERT_EQUAL(sip_registrar_create(&r, &cfg), EINVAL);
	CU_ASSERT_PTR_NULL(r);
	cfg.max_expires_s = 0;
	static const char *const nine[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", NULL };
	static const char *const empty[] = { "", NULL };
	static const char *const two[] = { "ss2.x", "192.0.2.1", NULL };

	cfg.aliases = nine;
	CU_ASSERT_EQUAL(sip_registrar_create(&r, &cfg), EINVAL);
	cfg.aliases = empty;
	CU_ASSERT_EQUAL(sip_registrar_create(&r, &cfg), EINVAL);
	cfg.aliases = two;
	CU_ASSERT_EQUAL(sip_registrar_create(&r, &cfg), 0);
	CU_ASSERT(sip_registrar_is_domain(r, SIP_STR_LIT("SS2.X")));
	CU_ASSERT(sip_registrar_is_domain(r, SIP_STR_LIT("192.0.2.1")));
	CU_ASSERT(!sip_registrar_is_domain(r, SIP_STR_LIT("192.0.2.2")));
	CU_ASSERT_EQUAL(sip_registrar_config(r)->default_expires_s, SIP_REGISTRAR_DEFAULT_EXPIRES);
	CU_ASSERT_EQUAL(sip_registrar_config(r)->max_expires_s, SIP_REGISTRAR_MAX_EXPIRES);
	sip_registrar_destroy(r);
}

/* RFC3261 25.1: "IPv6reference  =  "[" IPv6address "]"" - a domain configured as the
 * IPv6 address serves URIs that carry it as a reference, in any of its spellings; a
 * configured name with a port is not an address to compare. */
static void test_rfc3261_25_1_registrar_ipv6_domain_matches_the_uri_reference(void)
{
	static const char *const aliases[] = { "2001:db8::1", "192.0.2.9:5070", NULL };
	struct sip_registrar_config cfg = { .domain = "::1", .aliases = aliases, .location = loc,
					    .rand = &rnd };
	struct sip_registrar *r = NULL;

	CU_ASSERT_EQUAL(sip_registrar_create(&r, &cfg), 0);
	if (r == NULL)
		return;
	CU_ASSERT(sip_registrar_is_domain(r, SIP_STR_LIT("[::1]")));
	CU_ASSERT(sip_registrar_is_domain(r, SIP_STR_LIT("[0:0:0:0:0:0:0:1]")));
	CU_ASSERT(sip_registrar_is_domain(r, SIP_STR_LIT("[2001:DB8:0::1]")));
	CU_ASSERT(!sip_registrar_is_domain(r, SIP_STR_LIT("[::2]")));
	CU_ASSERT(!sip_registrar_is_domain(r, SIP_STR_LIT("192.0.2.9")));
	CU_ASSERT(!sip_registrar_is_domain(r, SIP_STR_LIT("[::1")));
	sip_registrar_destroy(r);
}

/* ---- RFC 4475 registrations that must succeed ----------------------------------------- */

static int run_vector(const char *name)
{
	size_t len;
	char *raw = msgtest_load_4475(name, &len);
	struct sip_msg *req = NULL;

	if (raw == NULL)
		return -1;
	if (sip_msg_parse(raw, len, &req, NULL) != 0)
		req = NULL;
	free(raw);
	return run(req, 0);
}

static void open_example_com(void)
{
	struct sip_registrar_config cfg;

	CU_ASSERT_EQUAL(start("example.com", false, NULL), 0);
	cfg = *sip_registrar_config(reg);
	cfg.users = NULL;
	reconfigure(&cfg);
}

/* RFC 4475 §3.3.12 (cparam01): "This REGISTER should succeed.  The response must not
 * include "unknownparam" as a url-parameter for this binding." */
static void test_rfc4475_3_3_12_cparam01_contact_param_not_url_param(void)
{
	open_example_com();
	CU_ASSERT_EQUAL(run_vector("cparam01.dat"), 200);
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_CONTACT, 0,
				"<sip:+19725552222@gw1.example.net>;expires=3600"));
	done();
}

/* RFC 4475 §3.3.13 (cparam02): "The register should succeed, and a subsequent
 * retrieval of the registration must include "unknownparam" as a url-parameter." */
static void test_rfc4475_3_3_13_cparam02_url_param_kept(void)
{
	open_example_com();
	CU_ASSERT_EQUAL(run_vector("cparam02.dat"), 200);
	struct sip_msg *fetch = pxtest_parse("REGISTER sip:example.com SIP/2.0\n"
					     "Via: SIP/2.0/UDP saturn.example.com;branch=z9hG4bKf\n"
					     "From: sip:watson@example.com;tag=1\n"
					     "To: sip:watson@example.com\n"
					     "Call-ID: fetch\nCSeq: 1 REGISTER\nContent-Length: 0\n\n");

	CU_ASSERT_EQUAL(run(fetch, 0), 200);
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_CONTACT, 0,
				"<sip:+19725552222@gw1.example.net;unknownparam>;expires=3600"));
	done();
}

/* RFC 4475 §3.3.14 (regescrt): "The register should succeed, and a subsequent
 * retrieval of the registration must include the escaped Route header in the contact
 * URI for this binding." */
static void test_rfc4475_3_3_14_regescrt_escaped_header_kept(void)
{
	open_example_com();
	CU_ASSERT_EQUAL(run_vector("regescrt.dat"), 200);
	CU_ASSERT(pxtest_row_is(last, SIP_HDR_CONTACT, 0,
				"<sip:user@example.com?Route=%3Csip:sip.example.com%3E>;expires=3600"));
	done();
}

static const struct th_test step_tests[] = {
	TH_TEST(test_rfc3261_10_3_step1_other_domain_is_not_ours),
	TH_TEST(test_rfc3261_10_3_step2_require_gets_420_with_unsupported),
	TH_TEST(test_rfc4475_3_3_4_unksm2_registrar_answers_400),
	TH_TEST(test_rfc3261_10_3_step5_aor_not_in_domain_gets_404),
	TH_TEST(test_rfc3261_10_3_step3_unauthenticated_register_gets_401),
	TH_TEST(test_rfc3261_10_3_step3_unknown_user_or_realm_gets_403),
	TH_TEST(test_rfc3261_22_1_wrong_password_then_stale_nonce),
	TH_TEST(test_rfc3261_10_3_step4_other_users_aor_gets_403),
	TH_TEST(test_rfc4475_3_3_7_regaut01_unknown_scheme),
	TH_TEST(test_rfc3261_10_3_step6_star_needs_expires_zero),
	TH_TEST(test_rfc3261_10_3_step6_star_with_old_cseq_fails),
	TH_TEST(test_rfc3261_10_3_step7_expiration_sources),
	TH_TEST(test_rfc3261_10_3_step7_too_brief_gets_423_with_min_expires),
	TH_TEST(test_rfc3261_10_3_step7_no_423_from_one_hour_up),
	TH_TEST(test_rfc3261_10_3_step7_call_id_and_cseq_ordering),
	TH_TEST(test_rfc3261_10_3_step7_contacts_compare_as_uris),
	TH_TEST(test_rfc3261_10_3_step8_lists_q_values),
	TH_TEST(test_rfc3261_10_3_binding_expires_on_the_virtual_clock),
	TH_TEST(test_rfc3261_10_3_record_route_ignored_and_not_echoed),
	TH_TEST(test_rfc3261_10_3_step7_capacity_gives_500_or_503),
	TH_TEST(test_rfc3261_10_3_step7_oversized_contact_gives_500),
	TH_TEST(test_impl_registrar_records_register_source),
	TH_TEST(test_impl_registrar_create_refuses_bad_config),
	TH_TEST(test_rfc3261_25_1_registrar_ipv6_domain_matches_the_uri_reference),
	TH_END
};

static const struct th_test vector_tests[] = {
	TH_TEST(test_rfc4475_3_3_12_cparam01_contact_param_not_url_param),
	TH_TEST(test_rfc4475_3_3_13_cparam02_url_param_kept),
	TH_TEST(test_rfc4475_3_3_14_regescrt_escaped_header_kept),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 10.3 Processing REGISTER Requests", step_tests, setup, teardown },
	{ "RFC4475 3.3 registrations a registrar must accept", vector_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
