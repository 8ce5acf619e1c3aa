/* tests/sip/test_digest_server.c - nonces, replay protection and verdicts
 * (sip/digest_server.h).
 *
 * Each test gets a fresh server for realm "biloxi.com" with two users (pxtest_users),
 * a seeded random source and a log recorder.  Time is the virtual clock: tests pass `now`.
 * The client side of every exchange is the library's own client, checked against the
 * RFC examples in test_digest.c.
 */
#include "sip/digest_server.h"
#include "sip/digest.h"
#include "net/log.h"
#include "net/rand.h"
#include "tests/sip/pxtest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define SEC 1000000ull  /* µs */

static struct net_rand rnd;
static struct sip_digest_server srv;
static char logbuf[8192];

static void log_record(void *arg, enum net_log_level level, const char *layer, const char *line)
{
	size_t used = strlen(logbuf);

	(void)arg;
	snprintf(logbuf + used, sizeof logbuf - used, "%s %s %s\n", net_log_level_name(level),
		 layer, line);
}

static const struct net_log test_log = { log_record, NULL };


static int server_start(enum sip_digest_alg alg)
{
	const struct sip_digest_server_config cfg = {
		.realm = "biloxi.com", .alg = alg, .lookup = pxtest_users, .rand = &rnd, .log = &test_log,
	};

	sip_digest_server_fini(&srv);
	return sip_digest_server_init(&srv, &cfg);
}

static void setup(void)
{
	net_rand_seed(&rnd, 3261);
	logbuf[0] = '\0';
	CU_ASSERT_EQUAL(server_start(SIP_DIGEST_MD5), 0);
}

static void teardown(void)
{
	sip_digest_server_fini(&srv);
}

/* A 401 from the server, parsed as the UA would. */
static void challenge(uint64_t now, bool stale, struct sip_digest_challenge *ch)
{
	char value[512];

	CU_ASSERT_EQUAL_FATAL(sip_digest_server_challenge(&srv, now, stale, value, sizeof value), 0);
	CU_ASSERT_EQUAL_FATAL(sip_digest_challenge_parse(value, strlen(value), ch), 0);
}

/* The UA's Authorization value for `ch`. */
static void answer(const struct sip_digest_challenge *ch, const char *user, const char *pass,
		   const char *method, uint32_t nc, char *value, size_t size)
{
	const struct sip_digest_client_request req = {
		.username = user, .password = pass, .method = method, .uri = "sip:biloxi.com",
		.nc = nc, .cnonce = "0a4f113b",
	};
	struct sip_digest_credentials cr;

	CU_ASSERT_EQUAL_FATAL(sip_digest_client_respond(ch, &req, &cr), 0);
	CU_ASSERT_EQUAL_FATAL(sip_digest_credentials_format(&cr, value, size), 0);
}

static enum sip_digest_verdict check(const char *value, const char *method, uint64_t now)
{
	return sip_digest_server_check(&srv, value, strlen(value), method, now);
}

/* RFC2617 3.2.1: the challenge carries "realm", "nonce", "opaque", "algorithm" and
 * "qop-options"; RFC3261 22.4 item 8: "servers MUST always send a "qop" parameter in
 * WWW-Authenticate and Proxy-Authenticate header field values." */
static void test_rfc3261_22_4_item_8_challenge_always_offers_qop(void)
{
	struct sip_digest_challenge ch;

	challenge(5 * SEC, false, &ch);
	CU_ASSERT_STRING_EQUAL(ch.realm, "biloxi.com");
	CU_ASSERT_EQUAL(strlen(ch.nonce), SIP_DIGEST_NONCE_LEN);
	CU_ASSERT_EQUAL(strspn(ch.nonce, "0123456789abcdef"), SIP_DIGEST_NONCE_LEN);
	CU_ASSERT(ch.has_opaque);
	CU_ASSERT_EQUAL(strlen(ch.opaque), 32);
	CU_ASSERT_EQUAL(ch.alg, SIP_DIGEST_MD5);
	CU_ASSERT_STRING_EQUAL(ch.algorithm, "MD5");
	CU_ASSERT(ch.has_qop);
	CU_ASSERT_EQUAL(ch.qop_offered, SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH));
	CU_ASSERT_FALSE(ch.stale);
	challenge(5 * SEC, true, &ch);
	CU_ASSERT_TRUE(ch.stale);
}

/* RFC2617 3.2.1 nonce: "A server-specified data string which should be uniquely
 * generated each time a 401 response is made." - even twice in the same microsecond.
 * Ours starts with the issue time in hex. */
static void test_rfc2617_3_2_1_nonce_unique_per_challenge(void)
{
	struct sip_digest_challenge a, b;

	challenge(0xabcdef, false, &a);
	challenge(0xabcdef, false, &b);
	CU_ASSERT_STRING_NOT_EQUAL(a.nonce, b.nonce);
	CU_ASSERT_EQUAL(strncmp(a.nonce, "0000000000abcdef", 16), 0);
	CU_ASSERT_EQUAL(strncmp(b.nonce, "0000000000abcdef", 16), 0);
	CU_ASSERT_STRING_EQUAL(a.opaque, b.opaque);  /* opaque is per server */
}

/* RFC3261 22.2: "When the originating UAC receives the 401 (Unauthorized), it SHOULD,
 * if it is able, re-originate the request with the proper credentials." - and the
 * registrar accepts them. */
static void test_rfc3261_22_2_register_with_credentials_is_accepted(void)
{
	struct sip_digest_challenge ch;
	char value[1024];

	challenge(1 * SEC, false, &ch);
	answer(&ch, "bob", "zanzibar", "REGISTER", 1, value, sizeof value);
	enum sip_digest_verdict v = check(value, "REGISTER", 2 * SEC);

	CU_ASSERT_EQUAL(v, SIP_DIGEST_OK);
	CU_ASSERT_EQUAL(sip_digest_verdict_status(v, false), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "info auth [auth RFC3261 22] realm \"biloxi.com\" "
					      "user \"bob\" REGISTER: OK"));
}

/* RFC2617 3.2.2 nonce-count: "The purpose of this directive is to allow the server to
 * detect request replays by maintaining its own copy of this count - if the same
 * nc-value is seen twice, then the request is a replay." */
static void test_rfc2617_3_2_2_same_nc_twice_is_a_replay(void)
{
	struct sip_digest_challenge ch;
	char v1[1024], v2[1024], v5[1024];

	challenge(1 * SEC, false, &ch);
	answer(&ch, "bob", "zanzibar", "REGISTER", 1, v1, sizeof v1);
	answer(&ch, "bob", "zanzibar", "REGISTER", 2, v2, sizeof v2);
	answer(&ch, "bob", "zanzibar", "REGISTER", 5, v5, sizeof v5);
	CU_ASSERT_EQUAL(check(v1, "REGISTER", 2 * SEC), SIP_DIGEST_OK);
	CU_ASSERT_EQUAL(check(v1, "REGISTER", 3 * SEC), SIP_DIGEST_REPLAY);
	CU_ASSERT_EQUAL(check(v2, "REGISTER", 4 * SEC), SIP_DIGEST_OK);
	CU_ASSERT_EQUAL(check(v2, "REGISTER", 4 * SEC), SIP_DIGEST_REPLAY);
	CU_ASSERT_EQUAL(check(v1, "REGISTER", 4 * SEC), SIP_DIGEST_REPLAY);  /* going back */
	CU_ASSERT_EQUAL(check(v5, "REGISTER", 5 * SEC), SIP_DIGEST_OK);      /* gaps are fine */
	CU_ASSERT_EQUAL(sip_digest_verdict_status(SIP_DIGEST_REPLAY, false), 401);
	CU_ASSERT_TRUE(sip_digest_verdict_stale(SIP_DIGEST_REPLAY));
}

/* RFC2617 4.5: "For applications where no possibility of replay attack can be
 * tolerated the server can use one-time nonce values which will not be honored for a
 * second use."  An eavesdropper resends a captured, accepted REGISTER byte for byte:
 * while the nonce lives it is a replay, once it expired it is stale - never OK. */
static void test_rfc2617_4_5_captured_request_is_never_accepted_again(void)
{
	struct sip_digest_challenge ch;
	char captured[1024];

	challenge(0, false, &ch);
	answer(&ch, "alice", "wonderland", "REGISTER", 1, captured, sizeof captured);
	CU_ASSERT_EQUAL(check(captured, "REGISTER", 1 * SEC), SIP_DIGEST_OK);
	for (uint64_t t = 2 * SEC; t < 2 * SIP_DIGEST_NONCE_LIFETIME_US; t += 30 * SEC) {
		enum sip_digest_verdict v = check(captured, "REGISTER", t);

		CU_ASSERT_EQUAL(v, t < SIP_DIGEST_NONCE_LIFETIME_US ? SIP_DIGEST_REPLAY
								    : SIP_DIGEST_STALE);
		CU_ASSERT_NOT_EQUAL(sip_digest_verdict_status(v, false), 0);
	}
}

/* RFC2617 3.2.1 stale: "indicating that the previous request from the client was
 * rejected because the nonce value was stale ... The server should only set stale to
 * TRUE if it receives a request for which the nonce is invalid but with a valid digest
 * for that nonce".  Lifetime 300 s: accepted until the last microsecond, then stale -
 * and a wrong password on an old nonce is BAD_RESPONSE, not stale. */
static void test_rfc2617_3_2_1_expired_nonce_is_stale_only_with_valid_digest(void)
{
	struct sip_digest_challenge ch;
	char ok1[1024], ok2[1024], bad[1024];

	challenge(10 * SEC, false, &ch);
	answer(&ch, "bob", "zanzibar", "REGISTER", 1, ok1, sizeof ok1);
	answer(&ch, "bob", "zanzibar", "REGISTER", 2, ok2, sizeof ok2);
	answer(&ch, "bob", "guess", "REGISTER", 3, bad, sizeof bad);
	CU_ASSERT_EQUAL(check(ok1, "REGISTER", 10 * SEC + SIP_DIGEST_NONCE_LIFETIME_US - 1),
			SIP_DIGEST_OK);
	CU_ASSERT_EQUAL(check(bad, "REGISTER", 10 * SEC + SIP_DIGEST_NONCE_LIFETIME_US),
			SIP_DIGEST_BAD_RESPONSE);
	enum sip_digest_verdict v = check(ok2, "REGISTER", 10 * SEC + SIP_DIGEST_NONCE_LIFETIME_US);

	CU_ASSERT_EQUAL(v, SIP_DIGEST_STALE);
	CU_ASSERT_EQUAL(sip_digest_verdict_status(v, true), 407);
	CU_ASSERT_TRUE(sip_digest_verdict_stale(v));
}

/* RFC2617 3.2.1 (stale needs "a valid digest for that nonce"): a nonce we never issued
 * - forged, from before a restart, or evicted - is stale for the password holder and a
 * plain failure for anyone else. */
static void test_rfc2617_3_2_1_unknown_nonce(void)
{
	struct sip_digest_challenge ch = { .realm = "biloxi.com", .nonce = "0000deadbeef",
					   .alg = SIP_DIGEST_MD5, .has_qop = true,
					   .qop_offered = SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH) };
	char good[1024], bad[1024];

	answer(&ch, "bob", "zanzibar", "REGISTER", 1, good, sizeof good);
	answer(&ch, "bob", "nope", "REGISTER", 1, bad, sizeof bad);
	CU_ASSERT_EQUAL(check(good, "REGISTER", SEC), SIP_DIGEST_STALE);
	CU_ASSERT_EQUAL(check(bad, "REGISTER", SEC), SIP_DIGEST_BAD_RESPONSE);
	ch.nonce[0] = '\0';
	answer(&ch, "bob", "zanzibar", "REGISTER", 1, good, sizeof good);
	CU_ASSERT_EQUAL(check(good, "REGISTER", SEC), SIP_DIGEST_STALE);  /* free slots hold "" */
}

/* RFC3261 22.1: "In SIP, a UAS uses the 401 (Unauthorized) response to challenge the
 * identity of a UAC.  Additionally, registrars and redirect servers MAY make use of 401
 * ... but proxies MUST NOT, and instead MAY use the 407" - a wrong password is answered
 * by a new challenge, without stale. */
static void test_rfc3261_22_1_wrong_password_rechallenges_401_or_407(void)
{
	struct sip_digest_challenge ch;
	char value[1024];

	challenge(1 * SEC, false, &ch);
	answer(&ch, "bob", "zanzibaR", "REGISTER", 1, value, sizeof value);
	enum sip_digest_verdict v = check(value, "REGISTER", 2 * SEC);

	CU_ASSERT_EQUAL(v, SIP_DIGEST_BAD_RESPONSE);
	CU_ASSERT_EQUAL(sip_digest_verdict_status(v, false), 401);
	CU_ASSERT_EQUAL(sip_digest_verdict_status(v, true), 407);
	CU_ASSERT_FALSE(sip_digest_verdict_stale(v));
	/* RFC2617 3.2.2: "If the request-digest is invalid, then a login failure should be
	 * logged" */
	CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "warn auth [auth RFC3261 22] realm \"biloxi.com\" "
					      "user \"bob\" REGISTER: BAD_RESPONSE"));
}

/* RFC3261 22.1: "credentials may no longer be valid or ... the challenging server will
 * not accept these credentials for whatever reason ... In this instance a server may
 * repeat its challenge, or it may respond with a 403 Forbidden."  Unknown user: 403.
 * RFC 7616 §3.4: the log must not hold "a cleartext password (e.g., entered into the
 * username field)" - the unknown name is not logged. */
static void test_rfc3261_22_1_unknown_user_is_forbidden(void)
{
	struct sip_digest_challenge ch;
	char value[1024];

	challenge(1 * SEC, false, &ch);
	answer(&ch, "my-secret-pw", "x", "REGISTER", 1, value, sizeof value);
	enum sip_digest_verdict v = check(value, "REGISTER", 2 * SEC);

	CU_ASSERT_EQUAL(v, SIP_DIGEST_UNKNOWN_USER);
	CU_ASSERT_EQUAL(sip_digest_verdict_status(v, true), 403);
	CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "UNKNOWN_USER"));
	CU_ASSERT_PTR_NULL(strstr(logbuf, "my-secret-pw"));
}

/* RFC3261 22.3: "A Proxy-Authorization header field value applies only to the proxy
 * whose realm is identified in the "realm" parameter ... MUST NOT be consumed by any
 * proxy whose realm does not match" - ours answers 403 (issue 5). */
static void test_rfc3261_22_3_credentials_for_another_realm_are_forbidden(void)
{
	struct sip_digest_challenge ch;
	char value[1024];

	challenge(1 * SEC, false, &ch);
	snprintf(ch.realm, sizeof ch.realm, "atlanta.com");
	answer(&ch, "bob", "zanzibar", "INVITE", 1, value, sizeof value);
	enum sip_digest_verdict v = check(value, "INVITE", 2 * SEC);

	CU_ASSERT_EQUAL(v, SIP_DIGEST_WRONG_REALM);
	CU_ASSERT_EQUAL(sip_digest_verdict_status(v, true), 403);
}

/* RFC2617 3.2.2: "If a directive or its value is improper, or required directives are
 * missing, the proper response is 400 Bad Request." and "The values of the opaque and
 * algorithm fields must be those supplied in the WWW-Authenticate response header". */
static void test_rfc2617_3_2_2_improper_credentials_are_400(void)
{
	struct sip_digest_challenge ch, other;
	char value[1024];

	challenge(1 * SEC, false, &ch);
	CU_ASSERT_EQUAL(check("Digest username=\"bob\"", "REGISTER", SEC), SIP_DIGEST_MALFORMED);
	CU_ASSERT_EQUAL(sip_digest_verdict_status(SIP_DIGEST_MALFORMED, true), 400);
	other = ch;
	other.alg = SIP_DIGEST_SHA256;  /* not what we offered */
	answer(&other, "bob", "zanzibar", "REGISTER", 1, value, sizeof value);
	CU_ASSERT_EQUAL(check(value, "REGISTER", SEC), SIP_DIGEST_MALFORMED);
	other = ch;
	other.opaque[0] ^= 1;  /* "returned by the client unchanged" */
	answer(&other, "bob", "zanzibar", "REGISTER", 1, value, sizeof value);
	CU_ASSERT_EQUAL(check(value, "REGISTER", SEC), SIP_DIGEST_MALFORMED);
	other = ch;
	other.qop_offered = SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH_INT);  /* not offered */
	answer(&other, "bob", "zanzibar", "REGISTER", 1, value, sizeof value);
	CU_ASSERT_EQUAL(check(value, "REGISTER", SEC), SIP_DIGEST_MALFORMED);
	answer(&ch, "bob", "zanzibar", "REGISTER", 1, value, sizeof value);
	CU_ASSERT_EQUAL(check(value, NULL, SEC), SIP_DIGEST_MALFORMED);
	CU_ASSERT_EQUAL(check(value, "REGISTER", SEC), SIP_DIGEST_OK);  /* the nonce is intact */
}

/* RFC3261 22.4: "SIP servers supporting RFC 2617 MUST ensure they are backwards
 * compatible with RFC 2069" - credentials without qop are accepted.  Without nc there
 * is nothing to count, so such a nonce serves once: the second use is a replay. */
static void test_rfc3261_22_4_rfc2069_credentials_accepted_once(void)
{
	struct sip_digest_challenge ch;
	char value[1024];

	challenge(1 * SEC, false, &ch);
	ch.has_qop = false;  /* an RFC 2069 client ignores qop */
	answer(&ch, "alice", "wonderland", "REGISTER", 1, value, sizeof value);
	CU_ASSERT_PTR_NULL(strstr(value, "qop="));
	CU_ASSERT_EQUAL(check(value, "REGISTER", 2 * SEC), SIP_DIGEST_OK);
	CU_ASSERT_EQUAL(check(value, "REGISTER", 3 * SEC), SIP_DIGEST_REPLAY);
}

/* RFC3261 22.4: the method is part of A2 - credentials made for REGISTER do not
 * authenticate an INVITE. */
static void test_rfc3261_22_4_credentials_bind_the_method(void)
{
	struct sip_digest_challenge ch;
	char value[1024];

	challenge(1 * SEC, false, &ch);
	answer(&ch, "bob", "zanzibar", "REGISTER", 1, value, sizeof value);
	CU_ASSERT_EQUAL(check(value, "INVITE", 2 * SEC), SIP_DIGEST_BAD_RESPONSE);
	CU_ASSERT_EQUAL(check(value, "REGISTER", 2 * SEC), SIP_DIGEST_OK);
}

/* RFC7616 3.3 algorithm "SHA-256" and RFC2617 3.2.2.2 "MD5-sess": a server configured
 * for either verifies what our client computes for its challenge. */
static void test_rfc7616_3_4_sha256_and_sess_round_trips(void)
{
	static const enum sip_digest_alg algs[] = {
		SIP_DIGEST_SHA256, SIP_DIGEST_MD5_SESS, SIP_DIGEST_SHA256_SESS,
	};
	struct sip_digest_challenge ch;
	char value[1024];

	for (size_t i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL_FATAL(server_start(algs[i]), 0);
		challenge(1 * SEC, false, &ch);
		CU_ASSERT_EQUAL(ch.alg, algs[i]);
		answer(&ch, "bob", "zanzibar", "INVITE", 1, value, sizeof value);
		CU_ASSERT_EQUAL(check(value, "INVITE", 2 * SEC), SIP_DIGEST_OK);
		answer(&ch, "bob", "zanzibaR", "INVITE", 2, value, sizeof value);
		CU_ASSERT_EQUAL(check(value, "INVITE", 2 * SEC), SIP_DIGEST_BAD_RESPONSE);
	}
	/* RFC3261 22.4 item 8: MD5-sess "require[s] that the qop directive be sent" */
	struct sip_digest_credentials cr;

	CU_ASSERT_EQUAL_FATAL(server_start(SIP_DIGEST_MD5_SESS), 0);
	challenge(1 * SEC, false, &ch);
	answer(&ch, "bob", "zanzibar", "INVITE", 1, value, sizeof value);
	CU_ASSERT_EQUAL_FATAL(sip_digest_credentials_parse(value, strlen(value), &cr), 0);
	cr.qop = SIP_DIGEST_QOP_NONE;
	CU_ASSERT_EQUAL(sip_digest_server_verify(&srv, &cr, "INVITE", 2 * SEC), SIP_DIGEST_MALFORMED);
}

/* The response must have the algorithm's length: a truncated response fails without
 * being compared, a full-length wrong one after comparing every digit. */
static void test_impl_digest_server_response_length_must_match(void)
{
	struct sip_digest_challenge ch;
	struct sip_digest_credentials cr;
	char value[1024];

	challenge(1 * SEC, false, &ch);
	answer(&ch, "bob", "zanzibar", "REGISTER", 1, value, sizeof value);
	CU_ASSERT_EQUAL_FATAL(sip_digest_credentials_parse(value, strlen(value), &cr), 0);
	cr.response[31] = '\0';
	CU_ASSERT_EQUAL(sip_digest_server_verify(&srv, &cr, "REGISTER", SEC), SIP_DIGEST_BAD_RESPONSE);
	cr.response[31] = cr.response[30] == '0' ? '1' : '0';
	cr.response[0] = cr.response[0] == 'f' ? 'e' : 'f';
	CU_ASSERT_EQUAL(sip_digest_server_verify(&srv, &cr, "REGISTER", SEC), SIP_DIGEST_BAD_RESPONSE);
}

/* The nonce store has SIP_DIGEST_SERVER_NONCES slots.  Expired nonces are reused first;
 * when all are live the oldest is forgotten, and its owner gets stale=TRUE. */
static void test_impl_digest_server_store_evicts_oldest_when_full(void)
{
	struct sip_digest_challenge first, second, newest, ch;
	char v1[1024], v2[1024], v3[1024];

	challenge(0, false, &first);
	challenge(1, false, &second);
	for (unsigned i = 2; i < SIP_DIGEST_SERVER_NONCES; i++)
		challenge(i, false, &ch);
	challenge(SIP_DIGEST_SERVER_NONCES, false, &newest);  /* one too many: first goes */
	CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "nonce store full"));
	answer(&first, "bob", "zanzibar", "REGISTER", 1, v1, sizeof v1);
	answer(&second, "bob", "zanzibar", "REGISTER", 1, v2, sizeof v2);
	answer(&newest, "bob", "zanzibar", "REGISTER", 1, v3, sizeof v3);
	CU_ASSERT_EQUAL(check(v1, "REGISTER", 100), SIP_DIGEST_STALE);
	CU_ASSERT_EQUAL(check(v3, "REGISTER", 100), SIP_DIGEST_OK);
	/* The newest now sits in the first slot: the next eviction takes the oldest by
	 * issue time (second), not the first slot. */
	challenge(SIP_DIGEST_SERVER_NONCES + 1, false, &ch);
	CU_ASSERT_EQUAL(check(v2, "REGISTER", 100), SIP_DIGEST_STALE);
	answer(&newest, "bob", "zanzibar", "REGISTER", 2, v3, sizeof v3);
	CU_ASSERT_EQUAL(check(v3, "REGISTER", 100), SIP_DIGEST_OK);
	/* Once all have expired a new challenge takes an expired slot: no eviction. */
	logbuf[0] = '\0';
	challenge(SIP_DIGEST_NONCE_LIFETIME_US + 200, false, &ch);
	CU_ASSERT_PTR_NULL(strstr(logbuf, "nonce store full"));
}

/* RFC2617 4.3: "a server may choose to allow each nonce value to be used only once by
 * maintaining a record of whether or not each recently issued nonce has been returned
 * ... it should be noted that the method chosen for generating and checking the nonce
 * also has performance and resource implications."  Our record is bounded: after
 * SIP_DIGEST_SERVER_NONCES + 3 live challenges exactly the 3 oldest are forgotten
 * (their owners get stale=TRUE), every more recent one is still honoured. */
static void test_rfc2617_4_3_nonce_record_keeps_the_most_recent_nonces(void)
{
	enum { EXTRA = 3, TOTAL = SIP_DIGEST_SERVER_NONCES + EXTRA };
	static struct sip_digest_challenge ch[TOTAL];
	char v[1024];
	unsigned ok = 0, stale = 0;

	for (unsigned i = 0; i < TOTAL; i++)
		challenge(i * SEC, false, &ch[i]);
	for (unsigned i = 0; i < TOTAL; i++) {
		enum sip_digest_verdict want = i < EXTRA ? SIP_DIGEST_STALE : SIP_DIGEST_OK;
		enum sip_digest_verdict got;

		answer(&ch[i], "bob", "zanzibar", "REGISTER", 1, v, sizeof v);
		got = check(v, "REGISTER", TOTAL * SEC);
		CU_ASSERT_EQUAL(got, want);
		ok += got == SIP_DIGEST_OK;
		stale += got == SIP_DIGEST_STALE;
	}
	CU_ASSERT_EQUAL(ok, SIP_DIGEST_SERVER_NONCES);
	CU_ASSERT_EQUAL(stale, EXTRA);
}

/* RFC3261 22.1: "Servers MUST NOT attempt to challenge an ACK." and "servers MUST NOT
 * attempt to challenge CANCEL requests since these requests cannot be resubmitted." */
static void test_rfc3261_22_1_ack_and_cancel_are_never_challenged(void)
{
	CU_ASSERT_FALSE(sip_digest_method_challengeable("ACK"));
	CU_ASSERT_FALSE(sip_digest_method_challengeable("CANCEL"));
	CU_ASSERT_TRUE(sip_digest_method_challengeable("INVITE"));
	CU_ASSERT_TRUE(sip_digest_method_challengeable("REGISTER"));
	CU_ASSERT_TRUE(sip_digest_method_challengeable("BYE"));
}

/* Configuration errors are the caller's: refused with EINVAL, nothing half-built. */
static void test_impl_digest_server_init_checks_config(void)
{
	struct sip_digest_server s;
	char realm[SIP_DIGEST_VALUE_SIZE + 1];
	struct sip_digest_server_config cfg = {
		.realm = "biloxi.com", .alg = SIP_DIGEST_MD5, .lookup = pxtest_users, .rand = &rnd,
		.nonce_lifetime_us = 10 * SEC,
	};

	CU_ASSERT_EQUAL(sip_digest_server_init(&s, &cfg), 0);
	CU_ASSERT_EQUAL(s.lifetime_us, 10 * SEC);
	sip_digest_server_fini(&s);
	cfg.alg = SIP_DIGEST_ALG_UNKNOWN;
	CU_ASSERT_EQUAL(sip_digest_server_init(&s, &cfg), EINVAL);
	cfg.alg = SIP_DIGEST_MD5;
	cfg.lookup = NULL;
	CU_ASSERT_EQUAL(sip_digest_server_init(&s, &cfg), EINVAL);
	cfg.lookup = pxtest_users;
	cfg.rand = NULL;
	CU_ASSERT_EQUAL(sip_digest_server_init(&s, &cfg), EINVAL);
	cfg.rand = &rnd;
	cfg.realm = NULL;
	CU_ASSERT_EQUAL(sip_digest_server_init(&s, &cfg), EINVAL);
	memset(realm, 'r', sizeof realm - 1);
	realm[sizeof realm - 1] = '\0';
	cfg.realm = realm;
	CU_ASSERT_EQUAL(sip_digest_server_init(&s, &cfg), EINVAL);
	cfg.realm = "";
	CU_ASSERT_EQUAL(sip_digest_server_init(&s, &cfg), EINVAL);
	cfg.realm = "biloxi.com\r\nVia: x";  /* could never be sent in a challenge */
	CU_ASSERT_EQUAL(sip_digest_server_init(&s, &cfg), EINVAL);
	cfg.realm = "bi\"loxi\tcom";  /* quotes are escaped, tabs are text */
	CU_ASSERT_EQUAL(sip_digest_server_init(&s, &cfg), 0);
	sip_digest_server_fini(&s);
}

/* A buffer too small for the challenge is reported, not overrun. */
static void test_impl_digest_server_challenge_reports_small_buffer(void)
{
	char small[32];

	CU_ASSERT_EQUAL(sip_digest_server_challenge(&srv, 0, false, small, sizeof small), ENOBUFS);
	CU_ASSERT_EQUAL(strlen(small), sizeof small - 1);
}

static void test_impl_digest_server_verdict_names(void)
{
	CU_ASSERT_STRING_EQUAL(sip_digest_verdict_name(SIP_DIGEST_OK), "OK");
	CU_ASSERT_STRING_EQUAL(sip_digest_verdict_name(SIP_DIGEST_REPLAY), "REPLAY");
	CU_ASSERT_STRING_EQUAL(sip_digest_verdict_name((enum sip_digest_verdict)99), "?");
	CU_ASSERT_FALSE(sip_digest_verdict_stale(SIP_DIGEST_BAD_RESPONSE));
	CU_ASSERT_FALSE(sip_digest_verdict_stale(SIP_DIGEST_OK));
}

static const struct th_test challenge_tests[] = {
	TH_TEST(test_rfc3261_22_4_item_8_challenge_always_offers_qop),
	TH_TEST(test_rfc2617_3_2_1_nonce_unique_per_challenge),
	TH_TEST(test_rfc3261_22_1_ack_and_cancel_are_never_challenged),
	TH_TEST(test_impl_digest_server_challenge_reports_small_buffer),
	TH_TEST(test_impl_digest_server_init_checks_config),
	TH_END
};

static const struct th_test verify_tests[] = {
	TH_TEST(test_rfc3261_22_2_register_with_credentials_is_accepted),
	TH_TEST(test_rfc3261_22_1_wrong_password_rechallenges_401_or_407),
	TH_TEST(test_rfc3261_22_1_unknown_user_is_forbidden),
	TH_TEST(test_rfc3261_22_3_credentials_for_another_realm_are_forbidden),
	TH_TEST(test_rfc2617_3_2_2_improper_credentials_are_400),
	TH_TEST(test_rfc3261_22_4_rfc2069_credentials_accepted_once),
	TH_TEST(test_rfc3261_22_4_credentials_bind_the_method),
	TH_TEST(test_rfc7616_3_4_sha256_and_sess_round_trips),
	TH_TEST(test_impl_digest_server_response_length_must_match),
	TH_TEST(test_impl_digest_server_verdict_names),
	TH_END
};

static const struct th_test replay_tests[] = {
	TH_TEST(test_rfc2617_3_2_2_same_nc_twice_is_a_replay),
	TH_TEST(test_rfc2617_4_5_captured_request_is_never_accepted_again),
	TH_TEST(test_rfc2617_3_2_1_expired_nonce_is_stale_only_with_valid_digest),
	TH_TEST(test_rfc2617_3_2_1_unknown_nonce),
	TH_TEST(test_impl_digest_server_store_evicts_oldest_when_full),
	TH_TEST(test_rfc2617_4_3_nonce_record_keeps_the_most_recent_nonces),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC2617 3.2.1 The WWW-Authenticate challenge (server)", challenge_tests, setup, teardown },
	{ "RFC3261 22.1-22.4 Verifying credentials", verify_tests, setup, teardown },
	{ "RFC2617 4.5 Replay attacks: nonce lifetime and nonce count", replay_tests, setup,
	  teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
