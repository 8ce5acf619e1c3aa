/* tests/sip/test_registrar_flows.c - the registration flows of RFC 3665 §2, run
 * through the registrar (sip/registrar.h) with the RFC's own messages.
 *
 * Each request below is the RFC's message as printed, with one change: RFC 3665's
 * Authorization values cannot verify (F3 of §2.1 answers a qop="auth" challenge
 * without qop, cnonce or nc and has a 31-digit response; the nonces of §2.2-§2.4 were
 * never issued, docs/auth.md §6), so each credential is computed for the nonce our
 * registrar really issued, with the password "zanzibar".  The RFC's realm
 * "atlanta.example.com" is kept; the registrar serves biloxi.example.com under its
 * host name ss2.biloxi.example.com, as the Request-URIs say.  The registrar is a
 * function of the request, so TLS in the Via does not matter here (the transport
 * tests cover transports; the scenario tests run over simnet).
 *
 * The RFC numbers its sections 2.1 new registration, 2.2 update of contact list, 2.3
 * request for current contact list, 2.4 cancellation, 2.5 unsuccessful registration.
 */
#include "sip/registrar.h"
#include "tests/sip/pxtest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct net_rand rnd;
static struct sip_location *loc;
static struct sip_digest_server dig;
static struct sip_registrar *reg;
static struct sip_msg *last;       /* the registrar's last response */
static struct sip_msg *challenge;  /* a copy of the last 401 */

static int users(void *arg, const char *realm, const char *username, char *password, size_t size)
{
	(void)arg;
	(void)realm;
	if (strcmp(username, "bob") != 0)
		return ENOENT;
	snprintf(password, size, "zanzibar");
	return 0;
}

static void setup(void)
{
	static const char *const aliases[] = { "ss2.biloxi.example.com", NULL };
	const struct sip_digest_server_config dcfg = {
		.realm = "atlanta.example.com", .lookup = users, .rand = &rnd,
	};
	struct sip_registrar_config cfg = {
		.domain = "biloxi.example.com", .aliases = aliases, .auth = &dig, .users = users,
		.rand = &rnd,
	};

	net_rand_seed(&rnd, 3665);
	CU_ASSERT_EQUAL(sip_location_create(&loc, NULL), 0);
	CU_ASSERT_EQUAL(sip_digest_server_init(&dig, &dcfg), 0);
	cfg.location = loc;
	CU_ASSERT_EQUAL(sip_registrar_create(&reg, &cfg), 0);
}

static void teardown(void)
{
	sip_registrar_destroy(reg);
	sip_location_destroy(loc);
	sip_digest_server_fini(&dig);
	sip_msg_destroy(last);
	sip_msg_destroy(challenge);
	last = NULL;
	challenge = NULL;
	reg = NULL;
	loc = NULL;
}

/* Sends `text` (with credentials answering the last 401 when password is not NULL,
 * nonce count nc, as a UA that "already has authenticated" does); returns the
 * response status. */
static int send_reg(const char *text, const char *password, unsigned nc)
{
	struct sip_msg *req = pxtest_parse(text);
	struct sip_msg *resp = NULL;
	const struct sip_recv_info from = { .proto = SIP_PROTO_TCP };

	if (req == NULL)
		return -1;
	if (password != NULL &&
	    (challenge == NULL || pxtest_authorize(req, challenge, "bob", password, nc) != 0)) {
		sip_msg_destroy(req);
		return -1;
	}
	int rc = sip_registrar_handle(reg, req, &from, 0, &resp);

	sip_msg_destroy(req);
	if (rc != 0)
		return -rc;
	sip_msg_destroy(last);
	last = resp;
	if (resp->status == 401) {
		sip_msg_destroy(challenge);
		challenge = NULL;
		(void)sip_msg_clone(resp, &challenge);
	}
	return resp->status;
}

/* The response's rows of `id` as printed, e.g. the Via. */
static bool has_row(enum sip_hdr_id id, const char *value)
{
	for (size_t i = 0; i < pxtest_rows(last, id); i++)
		if (pxtest_row_is(last, id, i, value))
			return true;
	return false;
}

/* ---- RFC 3665 §2.1 ------------------------------------------------------------------- */

static const char f1_2_1[] =
	"REGISTER sips:ss2.biloxi.example.com SIP/2.0\n"
	"Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashds7\n"
	"Max-Forwards: 70\n"
	"From: Bob <sips:bob@biloxi.example.com>;tag=a73kszlfl\n"
	"To: Bob <sips:bob@biloxi.example.com>\n"
	"Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com\n"
	"CSeq: 1 REGISTER\n"
	"Contact: <sips:bob@client.biloxi.example.com>\n"
	"Content-Length: 0\n\n";

/* F3 without the RFC's Authorization row (ours is added). */
static const char f3_2_1[] =
	"REGISTER sips:ss2.biloxi.example.com SIP/2.0\n"
	"Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashd92\n"
	"Max-Forwards: 70\n"
	"From: Bob <sips:bob@biloxi.example.com>;tag=ja743ks76zlflH\n"
	"To: Bob <sips:bob@biloxi.example.com>\n"
	"Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com\n"
	"CSeq: 2 REGISTER\n"
	"Contact: <sips:bob@client.biloxi.example.com>\n"
	"Content-Length: 0\n\n";

/* RFC 3665 §2.1: "The SIP server provides a challenge to Bob. ... The SIP server
 * validates the user's credentials.  It registers the user in its contact database
 * and returns a response (200 OK) to Bob's SIP client.  The response includes the
 * user's current contact list in Contact headers."
 *   F2: SIP/2.0 401 Unauthorized ... WWW-Authenticate: Digest realm="atlanta.example.com",
 *       qop="auth", nonce="...", opaque="", stale=FALSE, algorithm=MD5
 *   F4: SIP/2.0 200 OK ... Contact: <sips:bob@client.biloxi.example.com>;expires=3600 */
static void test_rfc3665_2_1_successful_new_registration(void)
{
	CU_ASSERT_EQUAL_FATAL(send_reg(f1_2_1, NULL, 0), 401);
	CU_ASSERT(has_row(SIP_HDR_VIA,
			  "SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashds7"));
	CU_ASSERT(has_row(SIP_HDR_FROM, "Bob <sips:bob@biloxi.example.com>;tag=a73kszlfl"));
	CU_ASSERT(has_row(SIP_HDR_CALL_ID, "1j9FpLxk3uxtm8tn@biloxi.example.com"));
	CU_ASSERT(has_row(SIP_HDR_CSEQ, "1 REGISTER"));
	CU_ASSERT(last->to->tag.len > 0);
	const struct sip_auth *ch = last->www_authenticate;

	CU_ASSERT_PTR_NOT_NULL_FATAL(ch);
	CU_ASSERT(sip_str_eq_c(ch->scheme, "Digest"));
	CU_ASSERT(sip_str_eq_c(ch->realm, "atlanta.example.com"));
	CU_ASSERT(sip_auth_has_qop(ch, "auth"));
	CU_ASSERT(sip_str_eq_c(ch->algorithm, "MD5"));
	CU_ASSERT(ch->nonce.len > 0);
	CU_ASSERT(!ch->stale);
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 0);

	CU_ASSERT_EQUAL_FATAL(send_reg(f3_2_1, "zanzibar", 1), 200);
	CU_ASSERT(has_row(SIP_HDR_VIA,
			  "SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashd92"));
	CU_ASSERT(has_row(SIP_HDR_FROM, "Bob <sips:bob@biloxi.example.com>;tag=ja743ks76zlflH"));
	CU_ASSERT(has_row(SIP_HDR_CSEQ, "2 REGISTER"));
	CU_ASSERT(last->to->tag.len > 0);
	CU_ASSERT_EQUAL(pxtest_rows(last, SIP_HDR_CONTACT), 1);
	CU_ASSERT(has_row(SIP_HDR_CONTACT, "<sips:bob@client.biloxi.example.com>;expires=3600"));
	CU_ASSERT_EQUAL(pxtest_rows(last, SIP_HDR_WWW_AUTHENTICATE), 0);
}

/* ---- RFC 3665 §2.2 ------------------------------------------------------------------- */

static const char f1_2_2[] =
	"REGISTER sips:ss2.biloxi.example.com SIP/2.0\n"
	"Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashds7\n"
	"Max-Forwards: 70\n"
	"From: Bob <sips:bob@biloxi.example.com>;tag=a73kszlfl\n"
	"To: Bob <sips:bob@biloxi.example.com>\n"
	"Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com\n"
	"CSeq: 1 REGISTER\n"
	"Contact: mailto:bob@biloxi.example.com\n"
	"Content-Length: 0\n\n";

/* RFC 3665 §2.2: "Since the user already has authenticated with the server, the user
 * supplies authentication credentials with the request and is not challenged by the
 * server. ... It registers the user in its contact database, updates the user's
 * contact list, and returns a response (200 OK) ... The response includes the user's
 * current contact list in Contact headers."
 *   F2: Contact: <sips:bob@client.biloxi.example.com>;expires=3600
 *       Contact: <mailto:bob@biloxi.example.com>;expires=4294967295
 * The registrar chooses the interval (§10.3 step 7): ours gives the mailto binding the
 * default 3600 s where the RFC's server chose 2^32-1. */
static void test_rfc3665_2_2_update_of_contact_list(void)
{
	CU_ASSERT_EQUAL_FATAL(send_reg(f1_2_1, NULL, 0), 401);
	CU_ASSERT_EQUAL_FATAL(send_reg(f3_2_1, "zanzibar", 1), 200);
	/* §2.1's nonce again, with the next nonce count: no new challenge. */
	CU_ASSERT_EQUAL(send_reg(f1_2_2, "zanzibar", 2), 200);
	CU_ASSERT_EQUAL(pxtest_rows(last, SIP_HDR_CONTACT), 2);
	CU_ASSERT(has_row(SIP_HDR_CONTACT, "<sips:bob@client.biloxi.example.com>;expires=3600"));
	CU_ASSERT(has_row(SIP_HDR_CONTACT, "<mailto:bob@biloxi.example.com>;expires=3600"));
	CU_ASSERT(has_row(SIP_HDR_CSEQ, "1 REGISTER"));
}

/* ---- RFC 3665 §2.3 ------------------------------------------------------------------- */

static const char f1_2_3[] =
	"REGISTER sips:ss2.biloxi.example.com SIP/2.0\n"
	"Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashds7\n"
	"Max-Forwards: 70\n"
	"From: Bob <sips:bob@biloxi.example.com>;tag=a73kszlfl\n"
	"To: Bob <sips:bob@biloxi.example.com>\n"
	"Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com\n"
	"CSeq: 1 REGISTER\n"
	"Content-Length: 0\n\n";

/* Registers both of §2.2's contacts; the nonce has been used with nc 1 and 2. */
static void register_two(void)
{
	CU_ASSERT_EQUAL(send_reg(f1_2_1, NULL, 0), 401);
	CU_ASSERT_EQUAL(send_reg(f3_2_1, "zanzibar", 1), 200);
	CU_ASSERT_EQUAL(send_reg(f1_2_2, "zanzibar", 2), 200);
}

/* RFC 3665 §2.3: "Bob sends a register request to the Proxy Server containing no
 * Contact headers, indicating the user wishes to query the server for the user's
 * current contact list. ... The server returns a response (200 OK) which includes the
 * user's current registration list in Contact headers."  RFC3261 10.2.3: "If no
 * Contact header field is present in a REGISTER request, the list of bindings is left
 * unchanged." */
static void test_rfc3665_2_3_request_for_current_contact_list(void)
{
	register_two();
	CU_ASSERT_EQUAL(send_reg(f1_2_3, "zanzibar", 3), 200);
	CU_ASSERT_EQUAL(pxtest_rows(last, SIP_HDR_CONTACT), 2);
	CU_ASSERT(has_row(SIP_HDR_CONTACT, "<sips:bob@client.biloxi.example.com>;expires=3600"));
	CU_ASSERT(has_row(SIP_HDR_CONTACT, "<mailto:bob@biloxi.example.com>;expires=3600"));
}

/* ---- RFC 3665 §2.4 ------------------------------------------------------------------- */

static const char f1_2_4[] =
	"REGISTER sips:ss2.biloxi.example.com SIP/2.0\n"
	"Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashds7\n"
	"Max-Forwards: 70\n"
	"From: Bob <sips:bob@biloxi.example.com>;tag=a73kszlfl\n"
	"To: Bob <sips:bob@biloxi.example.com>\n"
	"Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com\n"
	"CSeq: %u REGISTER\n"
	"Expires: 0\n"
	"Contact: *\n"
	"Content-Length: 0\n\n";

/* RFC 3665 §2.4: "The request has an expiration period of 0 and applies to all
 * existing contact locations. ... It clears the user's contact list, and returns a
 * response (200 OK) to Bob's SIP client."  F2 carries no Contact.
 * The RFC's F1 reuses CSeq 1 with the Call-ID whose binding was written with CSeq 2
 * (§2.1 F3); RFC3261 10.3 step 6 says such an update "MUST be aborted and the request
 * fails", so the flow is run with the next CSeq, 3, and the RFC's CSeq 1 is shown to
 * fail first. */
static void test_rfc3665_2_4_cancellation_of_registration(void)
{
	char text[sizeof(f1_2_4) + 16];

	register_two();
	snprintf(text, sizeof(text), f1_2_4, 1u);
	CU_ASSERT_EQUAL(send_reg(text, "zanzibar", 3), 500);
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 1);
	snprintf(text, sizeof(text), f1_2_4, 3u);
	CU_ASSERT_EQUAL(send_reg(text, "zanzibar", 4), 200);
	CU_ASSERT_EQUAL(pxtest_rows(last, SIP_HDR_CONTACT), 0);
	CU_ASSERT(has_row(SIP_HDR_CSEQ, "3 REGISTER"));
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 0);
}

/* ---- RFC 3665 §2.5 ------------------------------------------------------------------- */

/* §2.5 F1 (the RFC prints its Via with ";received=192.0.2.201" already added). */
static const char f1_2_5[] =
	"REGISTER sips:ss2.biloxi.example.com SIP/2.0\n"
	"Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashds7\n"
	" ;received=192.0.2.201\n"
	"From: Bob <sips:bob@biloxi.example.com>;tag=a73kszlfl\n"
	"To: Bob <sips:bob@biloxi.example.com>\n"
	"Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com\n"
	"CSeq: 1 REGISTER\n"
	"Contact: <sips:bob@client.biloxi.example.com>\n"
	"Content-Length: 0\n\n";

static const char f3_2_5[] =
	"REGISTER sips:ss2.biloxi.example.com SIP/2.0\n"
	"Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashd92\n"
	"Max-Forwards: 70\n"
	"From: Bob <sips:bob@biloxi.example.com>;tag=JueHGuidj28dfga\n"
	"To: Bob <sips:bob@biloxi.example.com>\n"
	"Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com\n"
	"CSeq: 2 REGISTER\n"
	"Contact: <sips:bob@client.biloxi.example.com>\n"
	"Content-Length: 0\n\n";

/* RFC 3665 §2.5: "The SIP server attempts to validate the user's credentials, but they
 * are not valid (the user's password does not match the password established for the
 * user's account).  The server returns a response (401 Unauthorized) to Bob's SIP
 * client."  F4 carries a new nonce and stale=FALSE. */
static void test_rfc3665_2_5_unsuccessful_registration(void)
{
	char first_nonce[128];

	CU_ASSERT_EQUAL_FATAL(send_reg(f1_2_5, NULL, 0), 401);
	CU_ASSERT_EQUAL(pxtest_rows(last, SIP_HDR_VIA), 1);
	CU_ASSERT(sip_str_eq_c(last->via->branch, "z9hG4bKnashds7"));
	CU_ASSERT(sip_str_eq_c(last->via->received, "192.0.2.201"));
	CU_ASSERT_EQUAL(sip_str_copy(last->www_authenticate->nonce, first_nonce,
				     sizeof(first_nonce)), 0);
	/* "The response above encodes the incorrect password" */
	CU_ASSERT_EQUAL_FATAL(send_reg(f3_2_5, "not-zanzibar", 1), 401);
	CU_ASSERT(has_row(SIP_HDR_FROM, "Bob <sips:bob@biloxi.example.com>;tag=JueHGuidj28dfga"));
	CU_ASSERT(has_row(SIP_HDR_CSEQ, "2 REGISTER"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(last->www_authenticate);
	CU_ASSERT(!last->www_authenticate->stale);
	CU_ASSERT(!sip_str_eq_c(last->www_authenticate->nonce, first_nonce));
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 0);
}

static const struct th_test flow_tests[] = {
	TH_TEST(test_rfc3665_2_1_successful_new_registration),
	TH_TEST(test_rfc3665_2_2_update_of_contact_list),
	TH_TEST(test_rfc3665_2_3_request_for_current_contact_list),
	TH_TEST(test_rfc3665_2_4_cancellation_of_registration),
	TH_TEST(test_rfc3665_2_5_unsuccessful_registration),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3665 2 SIP Registration", flow_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
