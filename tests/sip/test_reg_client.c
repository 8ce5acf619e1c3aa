/* tests/sip/test_reg_client.c - the registration client (sip/reg_client.h, RFC 3261
 * §10.2) against the registrar of sip/proxy.h (digest on, realm atlanta.example.com)
 * and against a scripted registrar whose answers the test writes (the grant's
 * sources, 423).
 *
 * alice (192.0.2.1) registers "sip:alice@atlanta.example.com" through the server at
 * 192.0.2.10 (her outbound proxy); the scripted registrar is a bare node at
 * 192.0.2.9.  Latency 10 ms each way.
 */
#include "sip/reg_client.h"
#include "sip/location.h"
#include "sip/proxy.h"
#include "sip/ua.h"
#include "tests/sip/simnet.h"
#include "tests/sip/uatest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEC UATEST_SEC
#define MS 1000ull
#define SERVER "192.0.2.10:5060"
#define PEER "192.0.2.9:5060"

static struct uatest t;
static struct uatest_ua *alice;
static struct sip_proxy *server;
static struct sip_reg *reg;
static enum sip_reg_state states[32];
static int statuses[32];
static size_t nstates;

static const char *const users[] = { "alice:wonderland", NULL };
static const char *const aliases[] = { "192.0.2.10", NULL };

static void on_reg(void *arg, struct sip_reg *r, enum sip_reg_state state, int status,
		   const struct sip_msg *resp)
{
	(void)arg;
	(void)r;
	(void)resp;
	if (nstates < 32) {
		statuses[nstates] = status;
		states[nstates++] = state;
	}
}

/* alice, through `proxy`, registering at `registrar` for `expires` s. */
static void start(const char *proxy, const char *registrar, uint32_t expires, uint32_t min_expires)
{
	struct sip_proxy_config cfg;
	struct sip_reg_config rc = {
		.registrar = registrar, .aor = "Alice <sip:alice@atlanta.example.com>",
		.contact = "sip:alice@192.0.2.1:5060", .expires_s = expires, .cb = on_reg,
	};

	CU_ASSERT_EQUAL(uatest_init(&t, 102), 0);
	sip_proxy_config_default(&cfg);
	cfg.domain = "atlanta.example.com";
	cfg.aliases = aliases;
	cfg.users = users;
	cfg.min_expires_s = min_expires;
	server = uatest_proxy(&t, "server", SERVER, &cfg);
	CU_ASSERT_PTR_NOT_NULL(server);
	CU_ASSERT_PTR_NOT_NULL(uatest_peer(&t, "registrar", PEER));
	alice = uatest_ua(&t, "alice", "192.0.2.1:5060", proxy);
	CU_ASSERT_PTR_NOT_NULL_FATAL(alice);
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(sip_ua_auth(alice->ua), NULL, "alice",
							"wonderland"), 0);
	simnet_latency(t.net, NULL, NULL, 10 * MS);
	nstates = 0;
	reg = NULL;
	CU_ASSERT_EQUAL(sip_reg_create(&reg, alice->ua, &rc), 0);
}

static void teardown(void)
{
	sip_reg_destroy(reg);
	reg = NULL;
	uatest_fini(&t);
}

/* RFC3261 10.2.1: "A client ... adds bindings" with "Contact" and 22.2: the 401 is
 * answered by the same request with credentials and CSeq + 1; 10.2.4: the grant is the
 * 200's (here the registrar's default, 3600 s, in our Contact's expires). */
static void test_rfc3261_10_2_1_register_through_digest(void)
{
	const struct sip_msg *f1, *f3, *f4;

	start("sip:192.0.2.10:5060", "sip:atlanta.example.com", 0, 0);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	CU_ASSERT_EQUAL(sip_reg_register(reg), EALREADY);
	simnet_run(t.net, 1 * SEC);
	f1 = uatest_sent(&t, "alice", "REGISTER", 1);
	f3 = uatest_sent(&t, "alice", "REGISTER", 2);
	f4 = uatest_sent(&t, "server", "SIP/2.0 200", 1);
	if (f1 == NULL || f3 == NULL || f4 == NULL)
		return;
	CU_ASSERT_STRING_EQUAL(uatest_ruri(f1), "sip:atlanta.example.com");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_ROUTE, 0), "<sip:192.0.2.10:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_TO, 0), "Alice <sip:alice@atlanta.example.com>");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_CONTACT, 0), "<sip:alice@192.0.2.1:5060>");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_EXPIRES, 0), "3600");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_CSEQ, 0), "1 REGISTER");
	CU_ASSERT_STRING_EQUAL(uatest_row(f3, SIP_HDR_CSEQ, 0), "2 REGISTER");
	CU_ASSERT_TRUE(sip_str_eq(f1->call_id, f3->call_id));
	CU_ASSERT_TRUE(sip_str_eq(f1->from->tag, f3->from->tag));
	CU_ASSERT_EQUAL(f1->rows[SIP_HDR_AUTHORIZATION], 0);
	CU_ASSERT_EQUAL(f3->rows[SIP_HDR_AUTHORIZATION], 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "server", "SIP/2.0 401"), 1);
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_REGISTERED);
	CU_ASSERT_EQUAL(sip_reg_expires(reg), 3600);
	CU_ASSERT_EQUAL(sip_reg_status(reg), 200);
	CU_ASSERT_EQUAL(sip_reg_cseq(reg), 2);
	CU_ASSERT_EQUAL(nstates, 2);
	CU_ASSERT_EQUAL(states[0], SIP_REG_REGISTERING);
	CU_ASSERT_EQUAL(states[1], SIP_REG_REGISTERED);
	CU_ASSERT_EQUAL(statuses[1], 200);
}

/* RFC3261 10.2.1.1: "There are two ways in which a client can suggest an expiration
 * interval for a binding: through an Expires header field or an "expires" Contact header
 * parameter. ... the former suggests an expiration interval for all Contact header field
 * values that do not contain the "expires" parameter."  Ours: the Expires header field
 * with the configured interval (120 s here), the Contact without an expires
 * parameter. */
static void test_rfc3261_10_2_1_1_expires_header_suggests_the_interval(void)
{
	const struct sip_msg *f1;

	start(NULL, "sip:192.0.2.9:5060", 120, 0);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 100 * MS);
	f1 = uatest_sent(&t, "alice", "REGISTER", 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f1);
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_EXPIRES, 0), "120");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_EXPIRES, 1), "");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_CONTACT, 0), "<sip:alice@192.0.2.1:5060>");
	CU_ASSERT_EQUAL(f1->contact != NULL ? f1->contact->expires : -2, -1);
}

/* RFC3261 10.2.4: "UAs SHOULD refresh ... before the expiration interval has elapsed"
 * and 10.2: "All registrations from a UAC SHOULD use the same Call-ID header field value
 * for registrations sent to a particular registrar" ... "A UA MUST increment the CSeq
 * value by one for each REGISTER request with the same Call-ID." */
static void test_rfc3261_10_2_4_refresh_same_call_id_next_cseq(void)
{
	const struct sip_msg *f3, *r1;

	start("sip:192.0.2.10:5060", "sip:atlanta.example.com", 120, 0);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 59 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "REGISTER"), 2);
	CU_ASSERT_EQUAL(sip_reg_expires(reg), 120);
	simnet_run(t.net, 61 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "REGISTER"), 3);
	f3 = uatest_sent(&t, "alice", "REGISTER", 2);
	r1 = uatest_sent(&t, "alice", "REGISTER", 3);
	if (f3 == NULL || r1 == NULL)
		return;
	/* Halfway through the 120 s granted by the 200 that arrived at 0.040 s. */
	CU_ASSERT_EQUAL(uatest_sent_time(&t, "alice", "REGISTER", 3), 40 * MS + 60 * SEC);
	CU_ASSERT_TRUE(sip_str_eq(f3->call_id, r1->call_id));
	CU_ASSERT_STRING_EQUAL(uatest_row(r1, SIP_HDR_CSEQ, 0), "3 REGISTER");
	/* RFC3261 22.3's rule for the Call-ID: the credentials ride along, no new 401. */
	CU_ASSERT_EQUAL(r1->rows[SIP_HDR_AUTHORIZATION], 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "server", "SIP/2.0 401"), 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "server", "SIP/2.0 200"), 2);
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_REGISTERED);
	CU_ASSERT_EQUAL(nstates, 4);
	CU_ASSERT_EQUAL(states[2], SIP_REG_REFRESHING);
	CU_ASSERT_EQUAL(states[3], SIP_REG_REGISTERED);
}

/* RFC3261 10.2.8: "If a UA receives a 423 (Interval Too Brief) response, it MAY retry
 * the registration after making the expiration interval of all contact addresses in the
 * REGISTER request equal to or greater than the expiration interval within the
 * Min-Expires header field of the 423 (Interval Too Brief) response." */
static void test_rfc3261_10_2_8_interval_too_brief(void)
{
	const struct sip_msg *again;

	start("sip:192.0.2.10:5060", "sip:atlanta.example.com", 120, 300);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "server", "SIP/2.0 423"), 1);
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "server", "SIP/2.0 423", 1),
					  SIP_HDR_MIN_EXPIRES, 0), "300");
	again = uatest_sent(&t, "alice", "REGISTER", 3);
	CU_ASSERT_STRING_EQUAL(uatest_row(again, SIP_HDR_EXPIRES, 0), "300");
	CU_ASSERT_STRING_EQUAL(uatest_row(again, SIP_HDR_CSEQ, 0), "3 REGISTER");
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_REGISTERED);
	CU_ASSERT_EQUAL(sip_reg_expires(reg), 300);
	CU_ASSERT_EQUAL(nstates, 2);
}

/* RFC3261 10.2.2: "A UA requests the immediate removal of a binding by specifying an
 * expiration interval of "0" for that contact address in a REGISTER request." */
static void test_rfc3261_10_2_2_unregister_removes_the_binding(void)
{
	const struct sip_msg *un;
	size_t n = 9;

	start("sip:192.0.2.10:5060", "sip:atlanta.example.com", 0, 0);
	CU_ASSERT_EQUAL(sip_reg_unregister(reg), EALREADY);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_PTR_NOT_NULL(sip_location_lookup(sip_proxy_location(server),
						   "sip:alice@atlanta.example.com", simnet_now(t.net), &n));
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(sip_reg_unregister(reg), 0);
	simnet_run(t.net, 2 * SEC);
	un = uatest_sent(&t, "alice", "REGISTER", 3);
	CU_ASSERT_STRING_EQUAL(uatest_row(un, SIP_HDR_EXPIRES, 0), "0");
	CU_ASSERT_STRING_EQUAL(uatest_row(un, SIP_HDR_CONTACT, 0), "<sip:alice@192.0.2.1:5060>");
	CU_ASSERT_STRING_EQUAL(uatest_row(un, SIP_HDR_CSEQ, 0), "3 REGISTER");
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_NONE);
	CU_ASSERT_EQUAL(sip_reg_expires(reg), 0);
	(void)sip_location_lookup(sip_proxy_location(server), "sip:alice@atlanta.example.com",
				  simnet_now(t.net), &n);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(states[nstates - 2], SIP_REG_UNREGISTERING);
	CU_ASSERT_EQUAL(states[nstates - 1], SIP_REG_NONE);
	/* No refresh after the removal. */
	simnet_run(t.net, 4000 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "REGISTER"), 3);
}

/* Answers the last REGISTER the scripted registrar received with `status` and `rows`. */
static void registrar_answers(int status, const char *rows)
{
	const struct sip_msg *req = NULL;
	struct sip_msg *resp = NULL;
	char *text = NULL;
	size_t len;

	for (unsigned n = 1; uatest_peer_rx(&t, "REGISTER", n) != NULL; n++)
		req = uatest_peer_rx(&t, "REGISTER", n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	CU_ASSERT_EQUAL(sip_msg_create_response(req, status, NULL, "reg1", &resp), 0);
	for (const char *p = rows; p != NULL && *p != '\0';) {
		const char *nl = strchr(p, '\n');
		char line[256], *colon;

		snprintf(line, sizeof(line), "%.*s", (int)(nl != NULL ? (size_t)(nl - p) : strlen(p)), p);
		colon = strchr(line, ':');
		if (colon != NULL) {
			*colon = '\0';
			CU_ASSERT_EQUAL(sip_msg_hdr_add_name(resp, line, colon + 2), 0);
		}
		p = nl != NULL ? nl + 1 : p + strlen(p);
	}
	CU_ASSERT_EQUAL(sip_msg_print_alloc(resp, &text, &len), 0);
	uatest_inject_bytes(alice, PEER, text, len);
	free(text);
	sip_msg_destroy(resp);
}

/* RFC3261 10.2.4: "The response should include an "expires" parameter ... in the Contact
 * header field" - and when the registrar did not put one on our Contact, its Expires
 * header field is the grant (10.3 step 8 lists every binding; others may carry theirs). */
static void test_rfc3261_10_2_4_grant_from_contact_or_expires(void)
{
	start(NULL, "sip:192.0.2.9:5060", 3600, 0);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 100 * MS);
	registrar_answers(200, "Contact: <sip:alice@192.0.2.99>;expires=7200\n"
			       "Contact: <sip:alice@192.0.2.1:5060>;expires=1800\nExpires: 900\n");
	simnet_run(t.net, 200 * MS);
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_REGISTERED);
	CU_ASSERT_EQUAL(sip_reg_expires(reg), 1800);
	/* Refresh at 0.1 + 900 s; this time only an Expires header answers. */
	simnet_run(t.net, 900 * SEC);
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_REGISTERED);
	simnet_run(t.net, 905 * SEC);
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_REFRESHING);
	CU_ASSERT_EQUAL(uatest_sent_time(&t, "alice", "REGISTER", 2), 100 * MS + 900 * SEC);
	registrar_answers(200, "Contact: <sip:alice@192.0.2.99>;expires=7200\nExpires: 600\n");
	simnet_run(t.net, 906 * SEC);
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_REGISTERED);
	CU_ASSERT_EQUAL(sip_reg_expires(reg), 600);
	/* And neither: what we asked for stands. */
	simnet_run(t.net, 1210 * SEC);
	registrar_answers(200, "");
	simnet_run(t.net, 1211 * SEC);
	CU_ASSERT_EQUAL(sip_reg_expires(reg), 3600);
	CU_ASSERT_EQUAL(sip_reg_cseq(reg), 3);
}

/* RFC3261 10.2.8: "If a UA receives a 423 ... it MAY retry" - once, and only upwards; a
 * second 423, or any other failure, is reported (no retry loop). */
static void test_rfc3261_10_2_8_423_retried_once_then_failure(void)
{
	start(NULL, "sip:192.0.2.9:5060", 60, 0);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 100 * MS);
	registrar_answers(423, "Min-Expires: 120\n");
	simnet_run(t.net, 200 * MS);
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "alice", "REGISTER", 2), SIP_HDR_EXPIRES, 0), "120");
	registrar_answers(423, "Min-Expires: 240\n");
	simnet_run(t.net, 300 * MS);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "REGISTER"), 2);
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_FAILED);
	CU_ASSERT_EQUAL(sip_reg_status(reg), 423);
	CU_ASSERT_STRING_EQUAL(sip_reg_reason(reg), "Interval Too Brief");
	CU_ASSERT_EQUAL(states[nstates - 1], SIP_REG_FAILED);
	CU_ASSERT_EQUAL(statuses[nstates - 1], 423);
	/* The application may try again: the next REGISTER continues the CSeq. */
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 400 * MS);
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "alice", "REGISTER", 3), SIP_HDR_CSEQ, 0), "3 REGISTER");
}

/* RFC3261 8.1.3.1: a timeout "MUST treat this as a 408 (Request Timeout) response" -
 * a registrar that never answers leaves the client Failed with 408 after 64*T1. */
static void test_rfc3261_8_1_3_1_silent_registrar_408(void)
{
	start(NULL, "sip:192.0.2.9:5060", 60, 0);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 40 * SEC);
	CU_ASSERT_EQUAL(sip_reg_state(reg), SIP_REG_FAILED);
	CU_ASSERT_EQUAL(sip_reg_status(reg), 408);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "REGISTER"), 11);
	CU_ASSERT_STRING_EQUAL(sip_reg_state_name(SIP_REG_FAILED), "Failed");
}

/* Configuration is checked up front; destroying with a request in flight is quiet. */
static void test_impl_reg_config_and_destroy(void)
{
	struct sip_reg *r2 = NULL;
	struct sip_reg_config bad = { .registrar = "not a uri", .aor = "<sip:a@b>", .contact = "sip:a@c" };

	start(NULL, "sip:192.0.2.9:5060", 60, 0);
	CU_ASSERT_EQUAL(sip_reg_create(&r2, alice->ua, &bad), EINVAL);
	bad.registrar = "sip:b";
	bad.aor = "<sip:a@b";
	CU_ASSERT_EQUAL(sip_reg_create(&r2, alice->ua, &bad), EINVAL);
	CU_ASSERT_EQUAL(sip_reg_create(&r2, NULL, &bad), EINVAL);
	CU_ASSERT_EQUAL(sip_reg_register(reg), 0);
	simnet_run(t.net, 100 * MS);
	sip_reg_destroy(reg);
	reg = NULL;
	registrar_answers(200, "");
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(nstates, 1);
}

static const struct th_test reg_tests[] = {
	TH_TEST(test_rfc3261_10_2_1_register_through_digest),
	TH_TEST(test_rfc3261_10_2_1_1_expires_header_suggests_the_interval),
	TH_TEST(test_rfc3261_10_2_4_refresh_same_call_id_next_cseq),
	TH_TEST(test_rfc3261_10_2_8_interval_too_brief),
	TH_TEST(test_rfc3261_10_2_2_unregister_removes_the_binding),
	TH_TEST(test_rfc3261_10_2_4_grant_from_contact_or_expires),
	TH_TEST(test_rfc3261_10_2_8_423_retried_once_then_failure),
	TH_TEST(test_rfc3261_8_1_3_1_silent_registrar_408),
	TH_TEST(test_impl_reg_config_and_destroy),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 10.2 constructing the REGISTER request", reg_tests, NULL, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
