/* tests/sip/test_proxy_ua.c - the demo's call, end to end with the real stacks: two
 * UA cores (sip/ua.h) with registration clients (sip/reg_client.h) and the server
 * (sip/proxy.h), on simnet (tests/sip/uatest.h).  This is DESIGN.md's ladder:
 *
 *   A registers, B registers (401, then 200), A INVITEs B through the server (407,
 *   ACK, INVITE with credentials, the server's own 100, the INVITE to B with
 *   Record-Route, 180, 200, ACK through the server), A hangs up (BYE through the
 *   server, 200).
 *
 * The UAs use the server as outbound proxy; the server is registrar and proxy for
 * biloxi.example.com with digest on.  10 ms one-way latency everywhere.
 */
#include "sip/proxy.h"
#include "sip/reg_client.h"
#include "sip/ua.h"
#include "tests/sip/uatest.h"
#include "tests/support/harness.h"

#include <stdio.h>
#include <string.h>

#define SERVER "192.0.2.1:5060"
#define MS 1000ull
#define SEC 1000000ull

static struct uatest t;
static struct sip_proxy *server;
static struct uatest_ua *alice, *bob;
static struct sip_reg *reg_a, *reg_b;

static const char *const users[] = { "alice:wonderland", "bob:zanzibar", NULL };

static struct sip_reg *registered(struct uatest_ua *u, const char *aor, const char *contact)
{
	struct sip_reg *r = NULL;
	const struct sip_reg_config rc = {
		.registrar = "sip:biloxi.example.com", .aor = aor, .contact = contact,
	};

	if (sip_reg_create(&r, u->ua, &rc) != 0)
		return NULL;
	(void)sip_reg_register(r);
	return r;
}

static void setup(void)
{
	struct sip_proxy_config cfg;

	CU_ASSERT_EQUAL(uatest_init(&t, 2024), 0);
	sip_proxy_config_default(&cfg);
	cfg.domain = "biloxi.example.com";
	cfg.users = users;
	server = uatest_proxy(&t, "server", SERVER, &cfg);
	alice = uatest_ua(&t, "alice", "192.0.2.10:5060", "sip:" SERVER);
	bob = uatest_ua(&t, "bob", "192.0.2.20:5060", "sip:" SERVER);
	simnet_latency(t.net, NULL, NULL, 10 * MS);
	if (server == NULL || alice == NULL || bob == NULL)
		return;
	(void)sip_auth_client_add_credentials(sip_ua_auth(alice->ua), NULL, "alice", "wonderland");
	(void)sip_auth_client_add_credentials(sip_ua_auth(bob->ua), NULL, "bob", "zanzibar");
	reg_a = registered(alice, "Alice <sip:alice@biloxi.example.com>", "sip:alice@192.0.2.10:5060");
	reg_b = registered(bob, "Bob <sip:bob@biloxi.example.com>", "sip:bob@192.0.2.20:5060");
	simnet_run(t.net, 1 * SEC);
}

static void teardown(void)
{
	sip_reg_destroy(reg_a);
	sip_reg_destroy(reg_b);
	reg_a = reg_b = NULL;
	uatest_fini(&t);
}

/* The ladder from arrow `from` on, times relative to that arrow, compared with
 * `expected` ("+0.000 alice -> server UDP INVITE ..."). */
static bool ladder_is(size_t from, const char *const *expected)
{
	uint64_t t0 = simnet_ladder(t.net, from)->sent_us;
	bool ok = true;
	size_t i = 0;

	for (; expected[i] != NULL && from + i < simnet_ladder_len(t.net); i++) {
		const struct simnet_arrow *a = simnet_ladder(t.net, from + i);
		char line[256];

		snprintf(line, sizeof(line), "+%llu.%03llu %s -> %s %s %s",
			 (unsigned long long)((a->sent_us - t0) / SEC),
			 (unsigned long long)((a->sent_us - t0) % SEC / MS), a->from, a->to,
			 sip_proto_name(a->proto), a->line);
		if (strcmp(line, expected[i]) != 0) {
			printf("\n  arrow %zu: got \"%s\"\n  expected \"%s\"", i, line, expected[i]);
			ok = false;
		}
	}
	if (expected[i] != NULL || from + i != simnet_ladder_len(t.net)) {
		printf("\n  ladder length differs\n");
		simnet_ladder_print(t.net);
		return false;
	}
	return ok;
}

/* DESIGN.md "The call we reproduce", with the RFC behind each arrow: the server's own
 * 100 Trying (RFC3261 16.2: "The proxy core MUST behave as a UAS with respect to
 * sending an immediate provisional"), bob's answers forwarded (16.7 step 5), the ACK
 * and the BYE through the server because it Record-Routed the INVITE (16.6 step 4),
 * and the SDP passing untouched so the media flows between the UAs. */
static void test_rfc3665_3_2_demo_call_with_real_user_agents(void)
{
	static const char *const ladder[] = {
		"+0.000 alice -> server UDP INVITE sip:bob@biloxi.example.com SIP/2.0",
		"+0.010 server -> alice UDP SIP/2.0 407 Proxy Authentication Required",
		"+0.020 alice -> server UDP ACK sip:bob@biloxi.example.com SIP/2.0",
		"+0.020 alice -> server UDP INVITE sip:bob@biloxi.example.com SIP/2.0",
		"+0.030 server -> bob UDP INVITE sip:bob@192.0.2.20:5060 SIP/2.0",
		"+0.030 server -> alice UDP SIP/2.0 100 Trying",
		"+0.040 bob -> server UDP SIP/2.0 180 Ringing",
		"+0.040 bob -> server UDP SIP/2.0 200 OK",
		"+0.050 server -> alice UDP SIP/2.0 180 Ringing",
		"+0.050 server -> alice UDP SIP/2.0 200 OK",
		"+0.060 alice -> server UDP ACK sip:bob@192.0.2.20:5060 SIP/2.0",
		"+0.070 server -> bob UDP ACK sip:bob@192.0.2.20:5060 SIP/2.0",
		NULL
	};
	static const char *const bye[] = {
		"+0.000 alice -> server UDP BYE sip:bob@192.0.2.20:5060 SIP/2.0",
		"+0.010 server -> bob UDP BYE sip:bob@192.0.2.20:5060 SIP/2.0",
		"+0.020 bob -> server UDP SIP/2.0 200 OK",
		"+0.030 server -> alice UDP SIP/2.0 200 OK",
		NULL
	};
	struct sip_call *call = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(server);
	CU_ASSERT_EQUAL(sip_reg_state(reg_a), SIP_REG_REGISTERED);
	CU_ASSERT_EQUAL(sip_reg_state(reg_b), SIP_REG_REGISTERED);
	CU_ASSERT_EQUAL(uatest_count(&t, "server", "SIP/2.0 401"), 2);
	size_t mark = simnet_ladder_len(t.net);

	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "sip:bob@biloxi.example.com", "application/sdp",
				    UATEST_SDP_OFFER, strlen(UATEST_SDP_OFFER), NULL, &call), 0);
	simnet_run(t.net, simnet_now(t.net) + 2 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_CONFIRMED);
	CU_ASSERT_TRUE(ladder_is(mark, ladder));
	/* The INVITE bob got: Record-Route of the server, the offer as alice wrote it. */
	const struct sip_msg *inv = uatest_sent(&t, "server", "INVITE", 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(inv);
	CU_ASSERT_STRING_EQUAL(uatest_row(inv, SIP_HDR_RECORD_ROUTE, 0), "<sip:192.0.2.1:5060;lr>");
	CU_ASSERT_EQUAL(inv->body.len, strlen(UATEST_SDP_OFFER));
	CU_ASSERT_EQUAL(inv->rows[SIP_HDR_PROXY_AUTHORIZATION], 0);
	mark = simnet_ladder_len(t.net);
	CU_ASSERT_PTR_NOT_NULL_FATAL(call);
	CU_ASSERT_EQUAL(sip_call_hangup(call), 0);
	simnet_run(t.net, simnet_now(t.net) + 1 * SEC);
	CU_ASSERT_TRUE(ladder_is(mark, bye));
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
	/* Everything settles: no response context survives the transactions' timers. */
	simnet_run(t.net, simnet_now(t.net) + 40 * SEC);
	CU_ASSERT_EQUAL(sip_proxy_context_count(server), 0);
}

/* STYLE.md §6: the same call "with and without loss".  20 % of UDP messages are lost
 * (simnet's seeded draw): the transactions' retransmissions (RFC3261 17.1.1.2 Timer A,
 * 17.2.1 Timer G, 13.3.1.4 the 2xx until the ACK), passing through the server as
 * RFC 6026 describes, still set the call up and tear it down. */
static void test_rfc3261_17_demo_call_through_the_server_survives_loss(void)
{
	struct sip_call *call = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(server);
	CU_ASSERT_EQUAL(sip_reg_state(reg_b), SIP_REG_REGISTERED);
	simnet_loss(t.net, 20);
	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "sip:bob@biloxi.example.com", "application/sdp",
				    UATEST_SDP_OFFER, strlen(UATEST_SDP_OFFER), NULL, &call), 0);
	simnet_run(t.net, simnet_now(t.net) + 30 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_CONFIRMED);
	size_t lost = 0;

	for (size_t i = 0; i < simnet_ladder_len(t.net); i++)
		lost += simnet_ladder(t.net, i)->dropped;
	CU_ASSERT(lost > 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(call);
	CU_ASSERT_EQUAL(sip_call_hangup(call), 0);
	simnet_run(t.net, simnet_now(t.net) + 40 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(sip_proxy_context_count(server), 0);
}

static const struct th_test call_tests[] = {
	TH_TEST(test_rfc3665_3_2_demo_call_with_real_user_agents),
	TH_TEST(test_rfc3261_17_demo_call_through_the_server_survives_loss),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3665 3.2 the demo call through the server with real UAs", call_tests, setup,
	  teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
