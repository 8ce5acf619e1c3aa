/* tests/sip/test_rfc3665_3.c - RFC 3665 §3, SIP session establishment, message by
 * message, on the in-memory network with the virtual clock.
 *
 * Alice (192.0.2.101) and Bob (192.0.2.201) are UA cores (sip/ua.h).  The flows
 * through proxies use the library's proxy (sip/proxy.h) twice: Proxy 1 "ss1" at
 * 192.0.2.111 (atlanta.example.com, Alice's outbound proxy, digest for Alice in §3.2)
 * and Proxy 2 "ss2" at 192.0.2.222 (Bob's domain; Bob registers there first).
 * Differences from the RFC's printed messages, on purpose: IP literals instead of
 * host names (no DNS), so Bob's address of record is sip:bob@192.0.2.222; Bob answers
 * (or rings) as soon as the INVITE arrives; every link has 10 ms of latency.  Each
 * test asserts the ladder's every arrow, in order, and the rows of each step that the
 * RFC's comments point at (branches, tags, CSeq, Contact, Route, Record-Route,
 * credentials).
 */
#include "sip/proxy.h"
#include "sip/reg_client.h"
#include "sip/ua.h"
#include "tests/sip/simnet.h"
#include "tests/sip/uatest.h"
#include "tests/support/harness.h"

#include <string.h>

#define SEC UATEST_SEC
#define MS 1000ull

static const char *const ss1_users[] = { "alice:wonderland", NULL };
static const char *const ss1_aliases[] = { "192.0.2.111", NULL };

static struct uatest t;
static struct uatest_ua *alice, *bob;
static struct sip_reg *bob_reg;
static size_t mark;  /* ladder index where the flow starts (after Bob's REGISTER) */

static void teardown(void)
{
	sip_reg_destroy(bob_reg);
	bob_reg = NULL;
	uatest_fini(&t);
}

/* Two UAs talking directly (§3.1) over `tcp` or UDP. */
static void direct(bool tcp)
{
	struct sip_ua_config cfg = { .from = "Alice <sip:alice@atlanta.example.com>" };

	CU_ASSERT_EQUAL(uatest_init(&t, 31), 0);
	cfg.contact = tcp ? "sip:alice@192.0.2.101:5060;transport=tcp" : "sip:alice@192.0.2.101:5060";
	alice = uatest_ua_cfg(&t, "alice", "192.0.2.101:5060", &cfg, NULL);
	cfg.from = "Bob <sip:bob@biloxi.example.com>";
	cfg.contact = tcp ? "sip:bob@192.0.2.201:5060;transport=tcp" : "sip:bob@192.0.2.201:5060";
	bob = uatest_ua_cfg(&t, "bob", "192.0.2.201:5060", &cfg, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(alice);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bob);
	simnet_latency(t.net, NULL, NULL, 10 * MS);
	mark = 0;
}

/* Alice -> Proxy 1 -> Proxy 2 -> Bob (§3.2 - §3.11); Proxy 1 authenticates when `auth`. */
static void two_proxies(bool auth)
{
	const struct sip_reg_config rc = { .registrar = "sip:192.0.2.222",
					   .aor = "Bob <sip:bob@192.0.2.222>",
					   .contact = "sip:bob@192.0.2.201:5060" };
	struct sip_proxy_config p1, p2;
	struct sip_ua_config cfg = { .from = "Alice <sip:alice@atlanta.example.com>",
				     .contact = "sip:alice@192.0.2.101:5060",
				     .outbound_proxy = "sip:192.0.2.111:5060" };

	CU_ASSERT_EQUAL(uatest_init(&t, 32), 0);
	sip_proxy_config_default(&p1);
	p1.domain = "atlanta.example.com";
	p1.aliases = ss1_aliases;
	p1.users = ss1_users;
	p1.auth = auth;
	sip_proxy_config_default(&p2);
	p2.domain = "192.0.2.222";
	p2.auth = false;
	CU_ASSERT_PTR_NOT_NULL(uatest_proxy(&t, "ss1", "192.0.2.111:5060", &p1));
	CU_ASSERT_PTR_NOT_NULL(uatest_proxy(&t, "ss2", "192.0.2.222:5060", &p2));
	alice = uatest_ua_cfg(&t, "alice", "192.0.2.101:5060", &cfg, NULL);
	cfg.from = "Bob <sip:bob@192.0.2.222>";
	cfg.contact = "sip:bob@192.0.2.201:5060";
	cfg.outbound_proxy = NULL;
	bob = uatest_ua_cfg(&t, "bob", "192.0.2.201:5060", &cfg, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(alice);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bob);
	CU_ASSERT_EQUAL(sip_auth_client_add_credentials(sip_ua_auth(alice->ua), NULL, "alice",
							"wonderland"), 0);
	simnet_latency(t.net, NULL, NULL, 10 * MS);
	CU_ASSERT_EQUAL(sip_reg_create(&bob_reg, bob->ua, &rc), 0);
	CU_ASSERT_EQUAL(sip_reg_register(bob_reg), 0);
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(sip_reg_state(bob_reg), SIP_REG_REGISTERED);
	mark = simnet_ladder_len(t.net);
}

static struct sip_call *alice_calls(const char *target)
{
	struct sip_call *c = NULL;

	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, target, "application/sdp", UATEST_SDP_OFFER,
				    strlen(UATEST_SDP_OFFER), NULL, &c), 0);
	alice->call = c;
	return c;
}

static void run_until(uint64_t us)
{
	simnet_run(t.net, us);
}

/* RFC 3665 3.1: "In this scenario, Alice completes a call to Bob directly." ... "Bob
 * Hangs Up with Alice. Note that the CSeq is NOT 2, since Alice and Bob maintain their
 * own independent CSeq counts." */
static void test_rfc3665_3_1_successful_session_establishment(void)
{
	static const char *const ladder[] = {
		"0.000000 alice -> bob TCP INVITE sip:bob@192.0.2.201:5060;transport=tcp SIP/2.0",  /* F1 */
		"0.010000 bob -> alice TCP SIP/2.0 180 Ringing",                                    /* F2 */
		"0.010000 bob -> alice TCP SIP/2.0 200 OK",                                         /* F3 */
		"0.020000 alice -> bob TCP ACK sip:bob@192.0.2.201:5060;transport=tcp SIP/2.0",     /* F4 */
		"5.000000 bob -> alice TCP BYE sip:alice@192.0.2.101:5060;transport=tcp SIP/2.0",   /* F5 */
		"5.010000 alice -> bob TCP SIP/2.0 200 OK",                                         /* F6 */
		NULL
	};
	const struct sip_msg *f1, *f2, *f3, *f4, *f5, *f6;

	direct(true);
	alice_calls("sip:bob@192.0.2.201:5060;transport=tcp");
	run_until(5 * SEC);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bob->call);
	CU_ASSERT_EQUAL(sip_call_hangup(bob->call), 0);
	run_until(10 * SEC);
	CU_ASSERT_TRUE(simnet_ladder_expect(t.net, ladder));
	f1 = uatest_sent(&t, "alice", "INVITE", 1);
	f2 = uatest_sent(&t, "bob", "SIP/2.0 180", 1);
	f3 = uatest_sent(&t, "bob", "SIP/2.0 200", 1);
	f4 = uatest_sent(&t, "alice", "ACK", 1);
	f5 = uatest_sent(&t, "bob", "BYE", 1);
	f6 = uatest_sent(&t, "alice", "SIP/2.0 200", 1);
	if (!f1 || !f2 || !f3 || !f4 || !f5 || !f6)
		return;
	/* F1 */
	CU_ASSERT_EQUAL(strncmp(uatest_row(f1, SIP_HDR_VIA, 0), "SIP/2.0/TCP 192.0.2.101:5060;branch=z9hG4bK", 42), 0);
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_MAX_FORWARDS, 0), "70");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_FROM, 0) + strlen("Alice <sip:alice@atlanta.example.com>;tag="),
			       uatest_tag(f1->from->tag));
	CU_ASSERT_EQUAL(f1->to->tag.len, 0);
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_CSEQ, 0), "1 INVITE");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_CONTACT, 0), "<sip:alice@192.0.2.101:5060;transport=tcp>");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_CONTENT_TYPE, 0), "application/sdp");
	/* F2, F3: one To tag for both (RFC3261 8.2.6.2), Bob's Contact, the answer in F3. */
	CU_ASSERT_TRUE(f2->to->tag.len > 0 && sip_str_eq(f2->to->tag, f3->to->tag));
	CU_ASSERT_STRING_EQUAL(uatest_row(f2, SIP_HDR_CONTACT, 0), "<sip:bob@192.0.2.201:5060;transport=tcp>");
	CU_ASSERT_STRING_EQUAL(uatest_branch(f3), uatest_branch(f1));
	CU_ASSERT_EQUAL(f3->body.len, strlen(UATEST_SDP_ANSWER));
	/* F4: the ACK - its own branch, CSeq 1 ACK, to Bob's Contact. */
	CU_ASSERT_STRING_NOT_EQUAL(uatest_branch(f4), uatest_branch(f1));
	CU_ASSERT_STRING_EQUAL(uatest_row(f4, SIP_HDR_CSEQ, 0), "1 ACK");
	CU_ASSERT_TRUE(sip_str_eq(f4->to->tag, f3->to->tag));
	CU_ASSERT_TRUE(sip_str_eq(f4->from->tag, f1->from->tag));
	/* F5: Bob's own CSeq count, the tags swapped. */
	CU_ASSERT_STRING_EQUAL(uatest_row(f5, SIP_HDR_CSEQ, 0), "1 BYE");
	CU_ASSERT_TRUE(sip_str_eq(f5->from->tag, f3->to->tag));
	CU_ASSERT_TRUE(sip_str_eq(f5->to->tag, f1->from->tag));
	CU_ASSERT_TRUE(sip_str_eq(f5->call_id, f1->call_id));
	/* F6 */
	CU_ASSERT_STRING_EQUAL(uatest_row(f6, SIP_HDR_CSEQ, 0), "1 BYE");
	CU_ASSERT_STRING_EQUAL(uatest_branch(f6), uatest_branch(f5));
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}

/* RFC 3665 3.2: "Alice completes a call to Bob using two proxies Proxy 1 and Proxy 2.
 * The initial INVITE (F1) contains a pre-loaded Route header with the address of Proxy
 * 1 ... a 407 Proxy Authorization response is sent ... A new INVITE (F4) is then sent
 * containing the correct credentials and the call proceeds.  The call terminates when
 * Bob disconnects by initiating a BYE message." ... "Proxy 1 inserts a Record-Route
 * header into the INVITE message ... Proxy 2 also inserts itself into the Record-Route
 * header.  The ACK (F15) and BYE (F18) both have a Route header." */
static void test_rfc3665_3_2_session_through_two_proxies(void)
{
	static const char *const ladder[] = {
		"1.000000 alice -> ss1 UDP INVITE sip:bob@192.0.2.222 SIP/2.0",            /* F1 */
		"1.010000 ss1 -> alice UDP SIP/2.0 407 Proxy Authentication Required",    /* F2 */
		"1.020000 alice -> ss1 UDP ACK sip:bob@192.0.2.222 SIP/2.0",               /* F3 */
		"1.020000 alice -> ss1 UDP INVITE sip:bob@192.0.2.222 SIP/2.0",            /* F4 */
		"1.030000 ss1 -> ss2 UDP INVITE sip:bob@192.0.2.222 SIP/2.0",              /* F5 */
		"1.030000 ss1 -> alice UDP SIP/2.0 100 Trying",                           /* F6 */
		"1.040000 ss2 -> bob UDP INVITE sip:bob@192.0.2.201:5060 SIP/2.0",         /* F7 */
		"1.040000 ss2 -> ss1 UDP SIP/2.0 100 Trying",                             /* F8 */
		"1.050000 bob -> ss2 UDP SIP/2.0 180 Ringing",                            /* F9 */
		"1.050000 bob -> ss2 UDP SIP/2.0 200 OK",                                 /* F12 */
		"1.060000 ss2 -> ss1 UDP SIP/2.0 180 Ringing",                            /* F10 */
		"1.060000 ss2 -> ss1 UDP SIP/2.0 200 OK",                                 /* F13 */
		"1.070000 ss1 -> alice UDP SIP/2.0 180 Ringing",                          /* F11 */
		"1.070000 ss1 -> alice UDP SIP/2.0 200 OK",                               /* F14 */
		"1.080000 alice -> ss1 UDP ACK sip:bob@192.0.2.201:5060 SIP/2.0",          /* F15 */
		"1.090000 ss1 -> ss2 UDP ACK sip:bob@192.0.2.201:5060 SIP/2.0",            /* F16 */
		"1.100000 ss2 -> bob UDP ACK sip:bob@192.0.2.201:5060 SIP/2.0",            /* F17 */
		"5.000000 bob -> ss2 UDP BYE sip:alice@192.0.2.101:5060 SIP/2.0",          /* F18 */
		"5.010000 ss2 -> ss1 UDP BYE sip:alice@192.0.2.101:5060 SIP/2.0",          /* F19 */
		"5.020000 ss1 -> alice UDP BYE sip:alice@192.0.2.101:5060 SIP/2.0",        /* F20 */
		"5.030000 alice -> ss1 UDP SIP/2.0 200 OK",                               /* F21 */
		"5.040000 ss1 -> ss2 UDP SIP/2.0 200 OK",                                 /* F22 */
		"5.050000 ss2 -> bob UDP SIP/2.0 200 OK",                                 /* F23 */
		NULL
	};
	const struct sip_msg *f1, *f2, *f3, *f4, *f7, *f12, *f14, *f15, *f18, *f20, *f21;

	two_proxies(true);
	alice_calls("sip:bob@192.0.2.222");
	run_until(5 * SEC);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bob->call);
	CU_ASSERT_EQUAL(sip_call_hangup(bob->call), 0);
	run_until(10 * SEC);
	CU_ASSERT_TRUE(uatest_ladder_from(&t, mark, ladder));
	f1 = uatest_sent(&t, "alice", "INVITE", 1);
	f2 = uatest_sent(&t, "ss1", "SIP/2.0 407", 1);
	f3 = uatest_sent(&t, "alice", "ACK", 1);
	f4 = uatest_sent(&t, "alice", "INVITE", 2);
	f7 = uatest_sent(&t, "ss2", "INVITE", 1);
	f12 = uatest_sent(&t, "bob", "SIP/2.0 200", 1);
	f14 = uatest_sent(&t, "ss1", "SIP/2.0 200", 1);
	f15 = uatest_sent(&t, "alice", "ACK", 2);
	f18 = uatest_sent(&t, "bob", "BYE", 1);
	f20 = uatest_sent(&t, "ss1", "BYE", 1);
	f21 = uatest_sent(&t, "alice", "SIP/2.0 200", 1);
	if (!f1 || !f2 || !f3 || !f4 || !f7 || !f12 || !f14 || !f15 || !f18 || !f20 || !f21)
		return;
	/* F1: the pre-loaded Route to Proxy 1, no credentials. */
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_ROUTE, 0), "<sip:192.0.2.111:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_row(f1, SIP_HDR_CSEQ, 0), "1 INVITE");
	CU_ASSERT_EQUAL(f1->rows[SIP_HDR_PROXY_AUTHORIZATION], 0);
	/* F2 and F3: the challenge, ACKed by the transaction (same branch, CSeq 1 ACK). */
	CU_ASSERT_EQUAL(f2->rows[SIP_HDR_PROXY_AUTHENTICATE], 1);
	CU_ASSERT_STRING_EQUAL(uatest_branch(f3), uatest_branch(f1));
	CU_ASSERT_STRING_EQUAL(uatest_row(f3, SIP_HDR_CSEQ, 0), "1 ACK");
	CU_ASSERT_TRUE(sip_str_eq(f3->to->tag, f2->to->tag));
	/* F4: a new transaction, CSeq 2, the same Call-ID and tag, the credentials. */
	CU_ASSERT_STRING_NOT_EQUAL(uatest_branch(f4), uatest_branch(f1));
	CU_ASSERT_STRING_EQUAL(uatest_row(f4, SIP_HDR_CSEQ, 0), "2 INVITE");
	CU_ASSERT_TRUE(sip_str_eq(f4->call_id, f1->call_id) && sip_str_eq(f4->from->tag, f1->from->tag));
	CU_ASSERT_TRUE(strstr(uatest_row(f4, SIP_HDR_PROXY_AUTHORIZATION, 0), "username=\"alice\"") != NULL);
	CU_ASSERT_STRING_EQUAL(uatest_row(f4, SIP_HDR_ROUTE, 0), "<sip:192.0.2.111:5060;lr>");
	/* F7: both proxies recorded their route, Proxy 2 on top. */
	CU_ASSERT_STRING_EQUAL(uatest_row(f7, SIP_HDR_RECORD_ROUTE, 0), "<sip:192.0.2.222:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_row(f7, SIP_HDR_RECORD_ROUTE, 1), "<sip:192.0.2.111:5060;lr>");
	CU_ASSERT_EQUAL(f7->rows[SIP_HDR_VIA], 3);
	/* F12: Bob copies the Record-Route into his 2xx (RFC3261 12.1.1), with his Contact. */
	CU_ASSERT_STRING_EQUAL(uatest_row(f12, SIP_HDR_RECORD_ROUTE, 0), "<sip:192.0.2.222:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_row(f12, SIP_HDR_RECORD_ROUTE, 1), "<sip:192.0.2.111:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_row(f12, SIP_HDR_CONTACT, 0), "<sip:bob@192.0.2.201:5060>");
	CU_ASSERT_EQUAL(f14->rows[SIP_HDR_RECORD_ROUTE], 2);
	CU_ASSERT_EQUAL(f14->rows[SIP_HDR_VIA], 1);
	/* F15: "Route: <sip:ss1.atlanta.example.com;lr>, <sip:ss2.biloxi.example.com;lr>" -
	 * the route set reversed, to Bob's Contact, CSeq 2 ACK, F4's credentials. */
	CU_ASSERT_STRING_EQUAL(uatest_row(f15, SIP_HDR_ROUTE, 0), "<sip:192.0.2.111:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_row(f15, SIP_HDR_ROUTE, 1), "<sip:192.0.2.222:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_row(f15, SIP_HDR_CSEQ, 0), "2 ACK");
	CU_ASSERT_STRING_EQUAL(uatest_row(f15, SIP_HDR_PROXY_AUTHORIZATION, 0),
			       uatest_row(f4, SIP_HDR_PROXY_AUTHORIZATION, 0));
	/* F18: "Route: <sip:ss2.biloxi.example.com;lr>, <sip:ss1.atlanta.example.com;lr>",
	 * "the CSeq is NOT 3.  Alice and Bob maintain their own separate CSeq counts". */
	CU_ASSERT_STRING_EQUAL(uatest_row(f18, SIP_HDR_ROUTE, 0), "<sip:192.0.2.222:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_row(f18, SIP_HDR_ROUTE, 1), "<sip:192.0.2.111:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_row(f18, SIP_HDR_CSEQ, 0), "1 BYE");
	CU_ASSERT_TRUE(sip_str_eq(f18->from->tag, f12->to->tag) && sip_str_eq(f18->to->tag, f1->from->tag));
	/* F20, F21: the BYE reaches Alice with three Vias; her 200 answers it. */
	CU_ASSERT_EQUAL(f20->rows[SIP_HDR_VIA], 3);
	CU_ASSERT_EQUAL(f20->rows[SIP_HDR_ROUTE], 0);
	CU_ASSERT_EQUAL(f21->rows[SIP_HDR_VIA], 3);
	CU_ASSERT_STRING_EQUAL(uatest_row(f21, SIP_HDR_CSEQ, 0), "1 BYE");
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}


/* RFC 3665 3.8: "Alice gives up on the call before Bob answers (sends a 200 OK
 * response).  Alice sends a CANCEL (F9) since no final response had been received from
 * Bob." ... "Note that the CANCEL message is acknowledged with a 200 OK on a hop by hop
 * basis, rather than end to end." */
static void test_rfc3665_3_8_unsuccessful_no_answer(void)
{
	static const char *const ladder[] = {
		"1.000000 alice -> ss1 UDP INVITE sip:bob@192.0.2.222 SIP/2.0",           /* F1 */
		"1.010000 ss1 -> ss2 UDP INVITE sip:bob@192.0.2.222 SIP/2.0",             /* F2 */
		"1.010000 ss1 -> alice UDP SIP/2.0 100 Trying",                          /* F3 */
		"1.020000 ss2 -> bob UDP INVITE sip:bob@192.0.2.201:5060 SIP/2.0",        /* F4 */
		"1.020000 ss2 -> ss1 UDP SIP/2.0 100 Trying",                            /* F5 */
		"1.030000 bob -> ss2 UDP SIP/2.0 180 Ringing",                           /* F6 */
		"1.040000 ss2 -> ss1 UDP SIP/2.0 180 Ringing",                           /* F7 */
		"1.050000 ss1 -> alice UDP SIP/2.0 180 Ringing",                         /* F8 */
		"5.000000 alice -> ss1 UDP CANCEL sip:bob@192.0.2.222 SIP/2.0",           /* F9 */
		/* Each proxy forwards the CANCEL and answers it at the same instant. */
		"5.010000 ss1 -> ss2 UDP CANCEL sip:bob@192.0.2.222 SIP/2.0",             /* F11 */
		"5.010000 ss1 -> alice UDP SIP/2.0 200 OK",                              /* F10 */
		"5.020000 ss2 -> bob UDP CANCEL sip:bob@192.0.2.201:5060 SIP/2.0",        /* F13 */
		"5.020000 ss2 -> ss1 UDP SIP/2.0 200 OK",                                /* F12 */
		"5.030000 bob -> ss2 UDP SIP/2.0 200 OK",                                /* F14 */
		"5.030000 bob -> ss2 UDP SIP/2.0 487 Request Terminated",                /* F15 */
		"5.040000 ss2 -> bob UDP ACK sip:bob@192.0.2.201:5060 SIP/2.0",           /* F16 */
		"5.040000 ss2 -> ss1 UDP SIP/2.0 487 Request Terminated",                /* F17 */
		"5.050000 ss1 -> ss2 UDP ACK sip:bob@192.0.2.222 SIP/2.0",                /* F18 */
		"5.050000 ss1 -> alice UDP SIP/2.0 487 Request Terminated",              /* F19 */
		"5.060000 alice -> ss1 UDP ACK sip:bob@192.0.2.222 SIP/2.0",              /* F20 */
		NULL
	};
	const struct sip_msg *f1, *f9, *f20;

	two_proxies(false);
	bob->answer = 0;
	alice_calls("sip:bob@192.0.2.222");
	run_until(5 * SEC);
	CU_ASSERT_EQUAL(sip_call_hangup(alice->call), 0);
	run_until(10 * SEC);
	CU_ASSERT_TRUE(uatest_ladder_from(&t, mark, ladder));
	f1 = uatest_sent(&t, "alice", "INVITE", 1);
	f9 = uatest_sent(&t, "alice", "CANCEL", 1);
	f20 = uatest_sent(&t, "alice", "ACK", 1);
	/* RFC3261 9.1: the CANCEL's "single Via header field value matching the top Via
	 * value in the request being cancelled", its Route, CSeq number and tags. */
	CU_ASSERT_STRING_EQUAL(uatest_branch(f9), uatest_branch(f1));
	CU_ASSERT_EQUAL(f9 != NULL ? f9->rows[SIP_HDR_VIA] : 0, 1);
	CU_ASSERT_STRING_EQUAL(uatest_row(f9, SIP_HDR_ROUTE, 0), "<sip:192.0.2.111:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_row(f9, SIP_HDR_CSEQ, 0), "1 CANCEL");
	CU_ASSERT_STRING_EQUAL(uatest_branch(f20), uatest_branch(f1));
	CU_ASSERT_STRING_EQUAL(uatest_row(f20, SIP_HDR_CSEQ, 0), "1 ACK");
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 487);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}

/* RFC 3665 3.9: "Bob is busy and sends a 486 Busy Here response to Alice's INVITE.  Note
 * that the non-2xx response is acknowledged on a hop-by-hop basis instead of
 * end-to-end." */
static void test_rfc3665_3_9_unsuccessful_busy(void)
{
	static const char *const ladder[] = {
		"1.000000 alice -> ss1 UDP INVITE sip:bob@192.0.2.222 SIP/2.0",           /* F1 */
		"1.010000 ss1 -> ss2 UDP INVITE sip:bob@192.0.2.222 SIP/2.0",             /* F2 */
		"1.010000 ss1 -> alice UDP SIP/2.0 100 Trying",                          /* F3 */
		"1.020000 ss2 -> bob UDP INVITE sip:bob@192.0.2.201:5060 SIP/2.0",        /* F4 */
		"1.020000 ss2 -> ss1 UDP SIP/2.0 100 Trying",                            /* F5 */
		"1.030000 bob -> ss2 UDP SIP/2.0 486 Busy Here",                         /* F6 */
		"1.040000 ss2 -> bob UDP ACK sip:bob@192.0.2.201:5060 SIP/2.0",           /* F7 */
		"1.040000 ss2 -> ss1 UDP SIP/2.0 486 Busy Here",                         /* F8 */
		"1.050000 ss1 -> ss2 UDP ACK sip:bob@192.0.2.222 SIP/2.0",                /* F9 */
		"1.050000 ss1 -> alice UDP SIP/2.0 486 Busy Here",                       /* F10 */
		"1.060000 alice -> ss1 UDP ACK sip:bob@192.0.2.222 SIP/2.0",              /* F11 */
		NULL
	};

	two_proxies(false);
	bob->ring = 0;
	bob->answer = 486;
	alice_calls("sip:bob@192.0.2.222");
	run_until(10 * SEC);
	CU_ASSERT_TRUE(uatest_ladder_from(&t, mark, ladder));
	CU_ASSERT_STRING_EQUAL(uatest_branch(uatest_sent(&t, "alice", "ACK", 1)),
			       uatest_branch(uatest_sent(&t, "alice", "INVITE", 1)));
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 486);
}

/* RFC3261 21.6.2: "The callee's machine was successfully contacted but the user
 * explicitly does not wish to or cannot participate." - 603 Decline, the 3.9 ladder
 * after ringing; the caller's call ends with 603. */
static void test_rfc3665_3_9_declined_603(void)
{
	two_proxies(false);
	bob->answer = 0;
	alice_calls("sip:bob@192.0.2.222");
	run_until(2 * SEC);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bob->call);
	CU_ASSERT_EQUAL(sip_call_hangup(bob->call), 0);  /* the callee declines */
	run_until(10 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 603 Decline"), 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "ss1", "SIP/2.0 603 Decline"), 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "ACK"), 1);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 603);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}

/* RFC 3665 3.11: "Bob is not available ... Proxy 2 returns a 480 Temporarily
 * Unavailable response" - here nobody is registered for carol. */
static void test_rfc3665_3_11_unsuccessful_temporarily_unavailable(void)
{
	two_proxies(false);
	alice_calls("sip:carol@192.0.2.222");
	run_until(10 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "ss2", "SIP/2.0 480"), 1);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 480);
}

/* RFC 3261 14.1 through the proxies of 3.2: hold and resume re-INVITEs follow the route
 * set ("The To, From, Call-ID, CSeq, and Request-URI of a re-INVITE are set following
 * the same rules as for regular requests within an existing dialog"), then BYE. */
static void test_rfc3665_3_2_hold_resume_and_teardown(void)
{
	static const char hold[] = "v=0\r\no=- 1 2 IN IP4 192.0.2.101\r\ns=-\r\nc=IN IP4 192.0.2.101\r\n"
				   "t=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=sendonly\r\n";
	const struct sip_msg *re, *ack, *bye;

	two_proxies(true);
	alice_calls("sip:bob@192.0.2.222");
	run_until(3 * SEC);
	CU_ASSERT_EQUAL(sip_call_reinvite(alice->call, "application/sdp", hold, strlen(hold)), 0);
	run_until(4 * SEC);
	CU_ASSERT_EQUAL(sip_call_reinvite(alice->call, "application/sdp", UATEST_SDP_OFFER,
					  strlen(UATEST_SDP_OFFER)), 0);
	run_until(5 * SEC);
	CU_ASSERT_EQUAL(sip_call_hangup(alice->call), 0);
	run_until(6 * SEC);
	re = uatest_sent(&t, "alice", "INVITE", 3);
	ack = uatest_sent(&t, "alice", "ACK", 3);
	bye = uatest_sent(&t, "alice", "BYE", 1);
	CU_ASSERT_STRING_EQUAL(uatest_ruri(re), "sip:bob@192.0.2.201:5060");
	CU_ASSERT_STRING_EQUAL(uatest_row(re, SIP_HDR_ROUTE, 0), "<sip:192.0.2.111:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_row(re, SIP_HDR_ROUTE, 1), "<sip:192.0.2.222:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_row(re, SIP_HDR_CSEQ, 0), "3 INVITE");
	CU_ASSERT_STRING_EQUAL(uatest_row(ack, SIP_HDR_CSEQ, 0), "3 ACK");
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "alice", "INVITE", 4), SIP_HDR_CSEQ, 0), "4 INVITE");
	CU_ASSERT_STRING_EQUAL(uatest_row(bye, SIP_HDR_CSEQ, 0), "5 BYE");
	CU_ASSERT_STRING_EQUAL(uatest_row(bye, SIP_HDR_ROUTE, 0), "<sip:192.0.2.111:5060;lr>");
	CU_ASSERT_EQUAL(uatest_count(&t, "ss1", "SIP/2.0 407"), 1);  /* in-dialog: no challenge */
	CU_ASSERT_EQUAL(uatest_events(alice, UATEST_REINVITE_DONE), 2);
	CU_ASSERT_EQUAL(uatest_events(bob, UATEST_REINVITE), 2);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}

/* RFC 3665 3.1 over UDP with the first 200 OK and the first ACK lost: RFC3261 13.3.1.4
 * "The 2xx response is passed to the transport with an interval that starts at T1
 * seconds and doubles" until "an ACK request for the response is received", and
 * 13.2.2.4 "The ACK MUST be passed to the client transport every time a
 * retransmission of the 2xx final response that triggered the ACK arrives" - the call
 * is still up at 40 s, and the BYE ends it then. */
static void test_rfc3665_3_1_lost_2xx_and_ack(void)
{
	static const char *const ladder[] = {
		"0.000000 alice -> bob UDP INVITE sip:bob@192.0.2.201:5060 SIP/2.0",
		"0.010000 bob -> alice UDP SIP/2.0 180 Ringing",
		"0.010000 bob -> alice UDP SIP/2.0 200 OK (dropped)",
		"0.510000 bob -> alice UDP SIP/2.0 200 OK",
		"0.520000 alice -> bob UDP ACK sip:bob@192.0.2.201:5060 SIP/2.0 (dropped)",
		"1.510000 bob -> alice UDP SIP/2.0 200 OK",
		"1.520000 alice -> bob UDP ACK sip:bob@192.0.2.201:5060 SIP/2.0",
		"40.000000 alice -> bob UDP BYE sip:bob@192.0.2.201:5060 SIP/2.0",
		"40.010000 bob -> alice UDP SIP/2.0 200 OK",
		NULL
	};

	direct(false);
	CU_ASSERT_EQUAL(simnet_drop(t.net, "bob", "alice", "SIP/2.0 200", 1), 0);
	CU_ASSERT_EQUAL(simnet_drop(t.net, "alice", "bob", "ACK", 1), 0);
	alice_calls("sip:bob@192.0.2.201:5060");
	run_until(40 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(sip_call_hangup(alice->call), 0);
	run_until(45 * SEC);
	CU_ASSERT_TRUE(simnet_ladder_expect(t.net, ladder));
	CU_ASSERT_STRING_EQUAL(uatest_branch(uatest_sent(&t, "alice", "ACK", 1)),
			       uatest_branch(uatest_sent(&t, "alice", "ACK", 2)));
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}

static const struct th_test session_tests[] = {
	TH_TEST(test_rfc3665_3_1_successful_session_establishment),
	TH_TEST(test_rfc3665_3_2_session_through_two_proxies),
	TH_TEST(test_rfc3665_3_2_hold_resume_and_teardown),
	TH_TEST(test_rfc3665_3_1_lost_2xx_and_ack),
	TH_TEST(test_rfc3665_3_8_unsuccessful_no_answer),
	TH_TEST(test_rfc3665_3_9_unsuccessful_busy),
	TH_TEST(test_rfc3665_3_9_declined_603),
	TH_TEST(test_rfc3665_3_11_unsuccessful_temporarily_unavailable),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3665 3 SIP session establishment", session_tests, NULL, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
