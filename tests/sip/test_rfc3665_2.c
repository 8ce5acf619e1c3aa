/* tests/sip/test_rfc3665_2.c - RFC 3665 §2, SIP registration, message by message, on
 * the in-memory network with the virtual clock.
 *
 * The registrar is the library's (sip/proxy.h: registrar + location service, digest
 * realm "atlanta.example.com" as in RFC 3665's challenges); Bob's side is the
 * registration client (sip/reg_client.h) on the UA core.  Differences from the RFC's
 * printed messages, on purpose:
 *  - sip: over UDP instead of sips: over TLS (no TLS here), IP literals for the
 *    addresses (no DNS): the registrar at 192.0.2.10, Bob's client at 192.0.2.201;
 *  - F3 answers the qop="auth" challenge with qop, nc and cnonce (RFC 3261 §22.4 item
 *    8 requires them; RFC 3665's F3 omits them, see docs/auth.md §6);
 *  - F3 keeps F1's From tag (RFC 3261 §8.1.3.5: a retried request "SHOULD have the same
 *    value of the Call-ID, To, and From"; RFC 3665 shows a new one).
 */
#include "sip/digest.h"
#include "sip/proxy.h"
#include "sip/reg_client.h"
#include "tests/sip/simnet.h"
#include "tests/sip/uatest.h"
#include "tests/support/harness.h"

#include <string.h>

#define SEC UATEST_SEC
#define MS 1000ull

static const char *const users[] = { "bob:zanzibar", NULL };
static const char *const aliases[] = { "192.0.2.10", NULL };

static struct uatest t;
static struct uatest_ua *bob;
static struct sip_reg *reg;

static void setup(void)
{
	struct sip_proxy_config cfg;
	const struct sip_reg_config rc = {
		.registrar = "sip:biloxi.example.com", .aor = "Bob <sip:bob@biloxi.example.com>",
		.contact = "sip:bob@192.0.2.201:5060",
	};

	CU_ASSERT_EQUAL(uatest_init(&t, 3665), 0);
	sip_proxy_config_default(&cfg);
	cfg.domain = "biloxi.example.com";
	cfg.aliases = aliases;
	cfg.realm = "atlanta.example.com";
	cfg.users = users;
	CU_ASSERT_PTR_NOT_NULL(uatest_proxy(&t, "ss2", "192.0.2.10:5060", &cfg));
	bob = uatest_ua(&t, "bob", "192.0.2.201:5060", "sip:192.0.2.10:5060");
	CU_ASSERT_PTR_NOT_NULL_FATAL(bob);
	simnet_latency(t.net, NULL, NULL, 10 * MS);
	reg = NULL;
	CU_ASSERT_EQUAL(sip_reg_create(&reg, bob->ua, &rc), 0);
}

static void teardown(void)
{
	sip_reg_destroy(reg);
	uatest_fini(&t);
}

static struct sip_digest_credentials creds_of(const struct sip_msg *m)
{
	struct sip_digest_credentials c;
	size_t i = m != NULL ? sip_msg_hdr_find(m, SIP_HDR_AUTHORIZATION, 0) : SIP_HDR_NONE;

	memset(&c, 0, sizeof(c));
	if (i != SIP_HDR_NONE)
		CU_ASSERT_EQUAL(sip_digest_credentials_parse(m->hdrs[i].value.p, m->hdrs[i].value.len, &c), 0);
	return c;
}

/* RFC 3665 2.1: "Bob sends a SIP REGISTER request to the SIP server.  The request
 * includes the user's contact list. ... The SIP server provides a challenge to Bob.
 * Bob enters her/his valid user ID and password.  Bob's SIP client encrypts the user
 * information according to the challenge issued by the SIP server and sends the
 * response to the SIP server.  The SIP server validates the user's credentials.  It
 * registers the user in its contact database and returns a response (200 OK) to Bob's
 * SIP client.  The response includes the user's current contact list in Contact
 * headers." */
static void test_rfc3665_2_1_successful_new_registration(void)
{
	static const char *const ladder[] = {
		"0.000000 bob -> ss2 UDP REGISTER sip:biloxi.example.com SIP/2.0",       /* F1 */
		"0.010000 ss2 -> bob UDP SIP/2.0 401 Unauthorized",                      /* F2 */
		"0.020000 bob -> ss2 UDP REGISTER sip:biloxi.example.com SIP/2.0",       /* F3 */
		"0.030000 ss2 -> bob UDP SIP/2.0 200 OK",                                /* F4 */
		NULL
	};
	const struct sip_msg *f1, *f2, *f3, *f4;
	struct sip_digest_challenge ch;
	struct sip_digest_credentials cr;

	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(sip_ua_auth(bob->ua), NULL, "bob", "zanzibar"), 0);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 5 * SEC);
	CU_ASSERT_TRUE(simnet_ladder_expect(t.net, ladder));
	f1 = uatest_sent(&t, "bob", "REGISTER", 1);
	f2 = uatest_sent(&t, "ss2", "SIP/2.0 401", 1);
	f3 = uatest_sent(&t, "bob", "REGISTER", 2);
	f4 = uatest_sent(&t, "ss2", "SIP/2.0 200", 1);
	if (f1 == NULL || f2 == NULL || f3 == NULL || f4 == NULL)
		return;
	/* F1 */
	CU_ASSERT_EQUAL(strncmp(uatest_branch(f1), "z9hG4bK", 7), 0);
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_MAX_FORWARDS, 0), "70");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_TO, 0), "Bob <sip:bob@biloxi.example.com>");
	CU_ASSERT_TRUE(f1->from->tag.len > 0);
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_CSEQ, 0), "1 REGISTER");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_CONTACT, 0), "<sip:bob@192.0.2.201:5060>");
	CU_ASSERT_EQUAL(f1->rows[SIP_HDR_AUTHORIZATION], 0);
	/* F2 */
	CU_ASSERT_STRING_EQUAL(uatest_branch(f2), uatest_branch(f1));
	CU_ASSERT_TRUE(f2->to->tag.len > 0);
	CU_ASSERT_EQUAL(sip_digest_challenge_parse(f2->hdrs[sip_msg_hdr_find(f2, SIP_HDR_WWW_AUTHENTICATE, 0)].value.p,
						   f2->hdrs[sip_msg_hdr_find(f2, SIP_HDR_WWW_AUTHENTICATE, 0)].value.len,
						   &ch), 0);
	CU_ASSERT_STRING_EQUAL(ch.realm, "atlanta.example.com");
	CU_ASSERT_TRUE(ch.qop_offered & SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH));
	CU_ASSERT_FALSE(ch.stale);
	/* F3: a new transaction, the same Call-ID, CSeq + 1, the credentials. */
	CU_ASSERT_STRING_NOT_EQUAL(uatest_branch(f3), uatest_branch(f1));
	CU_ASSERT_TRUE(sip_str_eq(f3->call_id, f1->call_id));
	CU_ASSERT_TRUE(sip_str_eq(f3->from->tag, f1->from->tag));
	CU_ASSERT_STRING_EQUAL(uatest_row(f3, SIP_HDR_CSEQ, 0), "2 REGISTER");
	cr = creds_of(f3);
	CU_ASSERT_STRING_EQUAL(cr.username, "bob");
	CU_ASSERT_STRING_EQUAL(cr.realm, "atlanta.example.com");
	CU_ASSERT_STRING_EQUAL(cr.nonce, ch.nonce);
	CU_ASSERT_STRING_EQUAL(cr.uri, "sip:biloxi.example.com");
	CU_ASSERT_EQUAL(strlen(cr.response), 32);
	CU_ASSERT_EQUAL(cr.qop, SIP_DIGEST_QOP_AUTH);
	CU_ASSERT_EQUAL(cr.nc, 1);
	/* F4: "Contact: <sips:bob@client.biloxi.example.com>;expires=3600" */
	CU_ASSERT_STRING_EQUAL(uatest_row(f4, SIP_HDR_CONTACT, 0), "<sip:bob@192.0.2.201:5060>;expires=3600");
	CU_ASSERT_STRING_EQUAL(uatest_row(f4, SIP_HDR_CSEQ, 0), "2 REGISTER");
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_REGISTERED);
	CU_ASSERT_EQUAL(sip_reg_expires(reg), 3600);
}

/* RFC 3665 2.5: "The SIP server attempts to validate the user's credentials, but they
 * are not valid (the user's password does not match the password established for the
 * user's account).  The server returns a response (401 Unauthorized) to Bob's SIP
 * client." - and RFC 3261 22.1: the client "MUST NOT re-attempt requests with the
 * credentials that have just been rejected". */
static void test_rfc3665_2_5_unsuccessful_registration(void)
{
	static const char *const ladder[] = {
		"0.000000 bob -> ss2 UDP REGISTER sip:biloxi.example.com SIP/2.0",       /* F1 */
		"0.010000 ss2 -> bob UDP SIP/2.0 401 Unauthorized",                      /* F2 */
		"0.020000 bob -> ss2 UDP REGISTER sip:biloxi.example.com SIP/2.0",       /* F3 */
		"0.030000 ss2 -> bob UDP SIP/2.0 401 Unauthorized",                      /* F4 */
		NULL
	};
	const struct sip_msg *f4;

	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(sip_ua_auth(bob->ua), NULL, "bob", "wrong"), 0);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 40 * SEC);
	CU_ASSERT_TRUE(simnet_ladder_expect(t.net, ladder));
	f4 = uatest_sent(&t, "ss2", "SIP/2.0 401", 2);
	CU_ASSERT_STRING_EQUAL(uatest_row(f4, SIP_HDR_CSEQ, 0), "2 REGISTER");
	CU_ASSERT_TRUE(f4 != NULL && f4->www_authenticate != NULL && !f4->www_authenticate->stale);
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_FAILED);
	CU_ASSERT_EQUAL(sip_reg_status(reg), 401);
}

/* RFC 3665 2.2: "Since the user already has authenticated with the server, the user
 * supplies authentication credentials with the request and is not challenged by the
 * server." - our refresh, on the same Call-ID, carries them (RFC 3261 22.3's rule). */
static void test_rfc3665_2_2_refresh_carries_credentials(void)
{
	static const char *const ladder[] = {
		"60.040000 bob -> ss2 UDP REGISTER sip:biloxi.example.com SIP/2.0",  /* F1 */
		"60.050000 ss2 -> bob UDP SIP/2.0 200 OK",                           /* F2 */
		NULL
	};
	const struct sip_reg_config rc = {
		.registrar = "sip:biloxi.example.com", .aor = "Bob <sip:bob@biloxi.example.com>",
		.contact = "sip:bob@192.0.2.201:5060", .expires_s = 120,
	};
	struct sip_digest_credentials cr;
	const struct sip_msg *f1;

	sip_reg_destroy(reg);
	CU_ASSERT_EQUAL(sip_reg_create(&reg, bob->ua, &rc), 0);
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(sip_ua_auth(bob->ua), NULL, "bob", "zanzibar"), 0);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 61 * SEC);
	CU_ASSERT_TRUE(uatest_ladder_from(&t, 4, ladder));
	f1 = uatest_sent(&t, "bob", "REGISTER", 3);
	cr = creds_of(f1);
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_CSEQ, 0), "3 REGISTER");
	CU_ASSERT_STRING_EQUAL(cr.username, "bob");
	CU_ASSERT_EQUAL(cr.nc, 2);  /* the second request with this nonce */
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "ss2", "SIP/2.0 200", 2), SIP_HDR_CONTACT, 0),
			       "<sip:bob@192.0.2.201:5060>;expires=120");
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_REGISTERED);
}

/* RFC 3665 2.3: "Bob sends a register request to the Proxy Server containing no Contact
 * headers, indicating the user wishes to query the server for the user's current
 * contact list." (RFC 3261 10.2.3 "Fetching Bindings") - any request built by the
 * program goes through sip_ua_send, which answers the registrar's challenge. */
static void test_rfc3665_2_3_request_for_current_contact_list(void)
{
	struct sip_msg *q = NULL;
	const struct sip_msg *f1, *f2;

	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(sip_ua_auth(bob->ua), NULL, "bob", "zanzibar"), 0);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(sip_msg_create_request("REGISTER", "sip:biloxi.example.com", &q), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(q, SIP_HDR_TO, "Bob <sip:bob@biloxi.example.com>"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(q, SIP_HDR_FROM, "Bob <sip:bob@biloxi.example.com>;tag=a73kszlfl"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(q, SIP_HDR_CALL_ID, "1j9FpLxk3uxtm8tn@biloxi.example.com"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(q, SIP_HDR_CSEQ, "1 REGISTER"), 0);
	CU_ASSERT_EQUAL(sip_ua_send(bob->ua, q, uatest_response_cb, bob, NULL), 0);
	sip_msg_destroy(q);
	simnet_run(t.net, 2 * SEC);
	f1 = uatest_sent(&t, "bob", "REGISTER", 4);  /* after the two of the registration */
	f2 = uatest_sent(&t, "ss2", "SIP/2.0 200", 2);
	CU_ASSERT_EQUAL(f1 != NULL ? f1->rows[SIP_HDR_CONTACT] : 1, 0);
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_CSEQ, 0), "2 REGISTER");
	CU_ASSERT_EQUAL(f1 != NULL ? f1->rows[SIP_HDR_AUTHORIZATION] : 0, 1);
	/* F2: "Contact: <sips:bob@client.biloxi.example.com>;expires=3600" - here the
	 * seconds left of the binding made one second earlier. */
	CU_ASSERT_STRING_EQUAL(uatest_row(f2, SIP_HDR_CONTACT, 0), "<sip:bob@192.0.2.201:5060>;expires=3599");
	CU_ASSERT_EQUAL(uatest_events(bob, UATEST_RESPONSE), 1);
	CU_ASSERT_EQUAL(bob->ev[bob->nev - 1].status, 200);
}

/* RFC 3665 2.4: "The request has an expiration period of 0" - here for our own Contact
 * (RFC 3261 10.2.2), not "*", which would remove Bob's other devices too. */
static void test_rfc3665_2_4_cancellation_of_registration(void)
{
	const struct sip_msg *f1, *f2;

	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(sip_ua_auth(bob->ua), NULL, "bob", "zanzibar"), 0);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(sip_reg_unregister(reg), 0);
	simnet_run(t.net, 2 * SEC);
	f1 = uatest_sent(&t, "bob", "REGISTER", 3);
	f2 = uatest_sent(&t, "ss2", "SIP/2.0 200", 2);
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_EXPIRES, 0), "0");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_CSEQ, 0), "3 REGISTER");
	CU_ASSERT_EQUAL(f1 != NULL ? f1->rows[SIP_HDR_AUTHORIZATION] : 0, 1);
	/* F2 of RFC 3665 2.4 lists no Contact: nothing is bound any more. */
	CU_ASSERT_EQUAL(f2 != NULL ? f2->rows[SIP_HDR_CONTACT] : 9, 0);
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_NONE);
}

static const struct th_test reg_tests[] = {
	TH_TEST(test_rfc3665_2_1_successful_new_registration),
	TH_TEST(test_rfc3665_2_2_refresh_carries_credentials),
	TH_TEST(test_rfc3665_2_3_request_for_current_contact_list),
	TH_TEST(test_rfc3665_2_4_cancellation_of_registration),
	TH_TEST(test_rfc3665_2_5_unsuccessful_registration),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3665 2 SIP registration", reg_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
