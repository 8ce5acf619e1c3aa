/* tests/sip/test_app.c - the application API (sip/app.h) on the in-memory network,
 * through the registrar + proxy of sip/proxy.h (digest on, Record-Route on).
 *
 * bob runs the very callbacks of docs/examples/autoanswer.c (the file is included
 * here with its main renamed): it registers and answers every call with 200.  alice
 * is a second application driven by the test: she registers, calls bob, holds and
 * resumes, hangs up, sends a MESSAGE.  The server is at 192.0.2.10 (domain
 * example.com); alice at 192.0.2.1, bob at 192.0.2.2; 10 ms latency everywhere.
 *
 * The example prints what it sees on stdout ("Call connected"); the loopback test
 * (test_app_loopback.c) reads those lines from the built binary.
 */
#define main autoanswer_main
#include "docs/examples/autoanswer.c"
#undef main
#include "demos/common/stack.c"

#include "sip/app.h"
#include "sip/proxy.h"
#include "tests/sip/simnet.h"
#include "tests/sip/uatest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <string.h>

#define SEC UATEST_SEC
#define MS 1000ull
#define SERVER "192.0.2.10:5060"

static const char *const users[] = { "alice:wonderland", "bob:zanzibar", "carol:x", NULL };
static const char *const aliases[] = { "192.0.2.10", NULL };

static struct uatest t;
static struct sip_app *alice, *bob;
static struct demo_stack bob_stack;  /* what the example's on_reg_state stops */

/* What alice's callbacks saw. */
static struct {
	enum sip_reg_state reg;
	enum sip_call_state state;
	int status;
	char reason[96];
	struct sip_app_media media;
	unsigned media_reports;
	char message[128];
	struct sip_app_call *call;
} seen;

static void a_reg(void *arg, struct sip_app *app, enum sip_reg_state state, int status,
		  const char *reason)
{
	(void)arg;
	(void)app;
	(void)status;
	(void)reason;
	seen.reg = state;
}

static void a_state(void *arg, struct sip_app_call *call, enum sip_call_state state, int status,
		    const char *reason)
{
	(void)arg;
	(void)call;
	seen.state = state;
	seen.status = status;
	snprintf(seen.reason, sizeof(seen.reason), "%s", reason);
	if (state == SIP_CALL_DISCONNECTED)  /* alice has one call at a time */
		seen.call = NULL;
}

static void a_media(void *arg, struct sip_app_call *call, const struct sip_app_media *m)
{
	(void)arg;
	(void)call;
	seen.media = *m;
	seen.media_reports++;
}

static void a_message(void *arg, struct sip_app *app, const char *from, const char *type,
		      const char *body, size_t len)
{
	(void)arg;
	(void)app;
	(void)from;
	(void)type;
	snprintf(seen.message, sizeof(seen.message), "%.*s", (int)len, body);
}

static struct sip_app *app_on(const char *name, const char *addr, uint16_t rtp, const char *user,
			      const char *password, const struct sip_app_handler *h,
			      enum sip_app_codec codec)
{
	struct sip_transport *tp = uatest_transport(&t, name, addr, NULL);
	char id[64];
	struct sip_app_config cfg = { .media_addr = "192.0.2.1", .media_port = rtp, .codec = codec,
				      .h = *h };
	struct sip_app_account acc = { .id = id, .registrar = "sip:example.com",
				       .proxy = "sip:192.0.2.10:5060", .username = user,
				       .password = password };
	struct sip_app *app = NULL;

	snprintf(id, sizeof(id), "sip:%s@example.com", user);
	if (strcmp(name, "alice") != 0)
		cfg.media_addr = strcmp(name, "bob") == 0 ? "192.0.2.2" : "192.0.2.5";
	CU_ASSERT_PTR_NOT_NULL_FATAL(tp);
	CU_ASSERT_EQUAL(sip_app_create(&app, tp, &cfg, &acc), 0);
	return app;
}

static void setup_codecs(enum sip_app_codec a_codec, enum sip_app_codec b_codec)
{
	const struct sip_app_handler ah = { a_reg, NULL, a_state, a_media, a_message, NULL };
	struct sip_app_handler bh = handler;  /* docs/examples/autoanswer.c's */
	struct sip_proxy_config cfg;

	memset(&seen, 0, sizeof(seen));
	memset(&bob_stack, 0, sizeof(bob_stack));
	CU_ASSERT_EQUAL(uatest_init(&t, 2026), 0);
	sip_proxy_config_default(&cfg);
	cfg.domain = "example.com";
	cfg.aliases = aliases;
	cfg.users = users;
	CU_ASSERT_PTR_NOT_NULL(uatest_proxy(&t, "server", SERVER, &cfg));
	simnet_latency(t.net, NULL, NULL, 10 * MS);
	bh.arg = &bob_stack;
	alice = app_on("alice", "192.0.2.1:5060", 4000, "alice", "wonderland", &ah, a_codec);
	bob = app_on("bob", "192.0.2.2:5060", 6000, "bob", "zanzibar", &bh, b_codec);
	simnet_run(t.net, 1 * SEC);
}

static void setup(void)
{
	setup_codecs(SIP_APP_PCMU, SIP_APP_PCMU);
}

static void teardown(void)
{
	sip_app_destroy(alice);
	sip_app_destroy(bob);
	alice = bob = NULL;
	uatest_fini(&t);
}

static void call_bob(void)
{
	CU_ASSERT_EQUAL(sip_app_call(alice, "sip:bob@example.com", &seen, &seen.call), 0);
	simnet_run(t.net, simnet_now(t.net) + 2 * SEC);
}

/* RFC3261 10.2 and 22.2: both applications register through the digest challenge;
 * 13.3.1.4: the example answers with 200 and the call is confirmed (ACK through the
 * Record-Routed proxy, RFC3261 12.2.1.1), with the media of RFC 3264 on both sides. */
static void test_rfc3261_13_3_1_4_autoanswer_logic_answers_a_call(void)
{
	const struct sip_msg *inv, *ok, *ack;

	CU_ASSERT_EQUAL(sip_app_reg_state(alice), SIP_REG_REGISTERED);
	CU_ASSERT_EQUAL(sip_app_reg_state(bob), SIP_REG_REGISTERED);
	CU_ASSERT_EQUAL(seen.reg, SIP_REG_REGISTERED);
	CU_ASSERT_STRING_EQUAL(sip_app_contact(bob), "sip:bob@192.0.2.2:5060");
	call_bob();
	CU_ASSERT_EQUAL(seen.state, SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(seen.status, 200);
	CU_ASSERT_EQUAL(uatest_count(&t, "server", "SIP/2.0 407"), 1);
	inv = uatest_sent(&t, "alice", "INVITE", 2);
	ok = uatest_sent(&t, "bob", "SIP/2.0 200", 1);
	ack = uatest_sent(&t, "alice", "ACK", 2);
	if (inv == NULL || ok == NULL || ack == NULL)
		return;
	CU_ASSERT_EQUAL(inv->rows[SIP_HDR_PROXY_AUTHORIZATION], 1);
	CU_ASSERT_STRING_EQUAL(uatest_row(ack, SIP_HDR_ROUTE, 0), "<sip:192.0.2.10:5060;lr>");
	CU_ASSERT_STRING_EQUAL(uatest_ruri(ack), "sip:bob@192.0.2.2:5060");
	/* RFC3261 13.2.2.4: "The ACK MUST contain the same credentials as the INVITE." */
	CU_ASSERT_STRING_EQUAL(uatest_row(ack, SIP_HDR_PROXY_AUTHORIZATION, 0),
			       uatest_row(inv, SIP_HDR_PROXY_AUTHORIZATION, 0));
	CU_ASSERT_TRUE(strstr(uatest_row(ok, SIP_HDR_CONTENT_TYPE, 0), "application/sdp") != NULL);
	CU_ASSERT_EQUAL(seen.media_reports, 1);
	CU_ASSERT_STRING_EQUAL(seen.media.codec, "PCMU");
	CU_ASSERT_EQUAL(seen.media.pt, 0);
	CU_ASSERT_STRING_EQUAL(seen.media.remote_addr, "192.0.2.2");
	CU_ASSERT_EQUAL(seen.media.remote_port, 6000);
	CU_ASSERT_EQUAL(seen.media.remote.family, AF_INET);
	CU_ASSERT_EQUAL(seen.media.te_pt, 101);
	CU_ASSERT_PTR_NOT_NULL(sip_app_call_media(seen.call));
	CU_ASSERT_PTR_EQUAL(sip_app_call_user(seen.call), &seen);
	CU_ASSERT_EQUAL(sip_app_call_count(bob), 1);
	/* alice hangs up: a BYE through the proxy, both calls end. */
	CU_ASSERT_EQUAL(sip_app_hangup(seen.call), 0);
	simnet_run(t.net, simnet_now(t.net) + 2 * SEC);
	CU_ASSERT_EQUAL(seen.state, SIP_CALL_DISCONNECTED);
	CU_ASSERT_PTR_NULL(seen.call);
	CU_ASSERT_EQUAL(sip_app_call_count(alice), 0);
	CU_ASSERT_EQUAL(sip_app_call_count(bob), 0);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 200 OK"), 2);
	/* Unregistering: the example's callback sees None. */
	CU_ASSERT_EQUAL(sip_app_unregister(bob), 0);
	simnet_run(t.net, simnet_now(t.net) + 1 * SEC);
	CU_ASSERT_EQUAL(sip_app_reg_state(bob), SIP_REG_NONE);
	CU_ASSERT_EQUAL(bob_stack.loop.stop, 1);
	CU_ASSERT_EQUAL(sip_app_unregister(bob), EALREADY);
}

/* RFC3264 8.4: "the offerer MAY mark ... a=sendonly" to hold; the answerer's media then
 * shows the hold (its remote direction), and resuming undoes it. */
static void test_rfc3264_8_4_hold_and_resume(void)
{
	const struct sip_msg *re;

	call_bob();
	CU_ASSERT_EQUAL(sip_app_hold(seen.call, true), 0);
	simnet_run(t.net, simnet_now(t.net) + 2 * SEC);
	re = uatest_sent(&t, "alice", "INVITE", 3);
	CU_ASSERT_TRUE(re != NULL && strstr(re->body.p, "a=sendonly") != NULL);
	CU_ASSERT_EQUAL(seen.media_reports, 2);
	CU_ASSERT_TRUE(seen.media.local_hold);
	CU_ASSERT_EQUAL(seen.media.remote_dir, SDP_DIR_RECVONLY);
	CU_ASSERT_EQUAL(sip_app_hold(seen.call, false), 0);
	simnet_run(t.net, simnet_now(t.net) + 2 * SEC);
	CU_ASSERT_EQUAL(seen.media_reports, 3);
	CU_ASSERT_FALSE(seen.media.local_hold);
	CU_ASSERT_EQUAL(seen.media.remote_dir, SDP_DIR_SENDRECV);
	CU_ASSERT_EQUAL(seen.state, SIP_CALL_CONFIRMED);
}

/* RFC3264 6.1: the answer keeps the offer's order of codecs ("SHOULD be listed in the
 * same order as in the offer") - the caller's preference wins. */
static void test_rfc3264_6_1_caller_codec_preference(void)
{
	teardown();
	setup_codecs(SIP_APP_PCMA, SIP_APP_PCMU);
	call_bob();
	CU_ASSERT_EQUAL(seen.state, SIP_CALL_CONFIRMED);
	CU_ASSERT_STRING_EQUAL(seen.media.codec, "PCMA");
	CU_ASSERT_EQUAL(seen.media.pt, 8);
}

/* A failed call carries its final status and reason phrase to the program (what sipua
 * prints: "call failed: 480 Temporarily Unavailable"). */
static void test_rfc3261_13_2_2_3_failed_call_reports_status(void)
{
	struct sip_app_call *c = NULL;

	CU_ASSERT_EQUAL(sip_app_call(alice, "sip:carol@example.com", NULL, &c), 0);
	simnet_run(t.net, simnet_now(t.net) + 2 * SEC);
	CU_ASSERT_EQUAL(seen.state, SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(seen.status, 480);
	CU_ASSERT_STRING_EQUAL(seen.reason, "Temporarily Unavailable");
	CU_ASSERT_EQUAL(sip_app_call_count(alice), 0);
}

/* RFC3428 4: a MESSAGE to a registered user reaches its application as text. */
static void test_rfc3428_4_message_between_applications(void)
{
	CU_ASSERT_EQUAL(sip_app_send_message(bob, "sip:alice@example.com", "Hello, Alice"), 0);
	simnet_run(t.net, simnet_now(t.net) + 2 * SEC);
	CU_ASSERT_STRING_EQUAL(seen.message, "Hello, Alice");
}

/* RFC3261 13.3.1.3: "A UAS rejecting an offer contained in an INVITE SHOULD return a 488
 * (Not Acceptable Here) response" - an offer with no codec we know never reaches the
 * program. */
static void test_rfc3261_13_3_1_3_unacceptable_offer_488(void)
{
	static const char video[] = "v=0\r\no=- 7 7 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
				    "t=0 0\r\nm=video 5000 RTP/AVP 31\r\n";
	struct sip_call *c = NULL;

	CU_ASSERT_EQUAL(sip_ua_call(sip_app_ua(alice), "sip:bob@example.com", "application/sdp", video,
				    strlen(video), NULL, &c), 0);
	simnet_run(t.net, simnet_now(t.net) + 2 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 488"), 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 180"), 0);
	CU_ASSERT_EQUAL(sip_app_call_count(bob), 0);
}

/* The API refuses what it cannot build. */
static void test_impl_app_arguments(void)
{
	struct sip_app_config cfg = { .media_addr = "192.0.2.1", .media_port = 4000 };
	struct sip_app_account acc = { .id = "tel:+1555" };
	struct sip_app *app = NULL;
	struct sip_app_call *c = NULL;

	CU_ASSERT_EQUAL(sip_app_create(&app, t.traced[1].tp, &cfg, &acc), EINVAL);
	acc.id = "sip:dave@example.com";
	cfg.media_addr = NULL;
	CU_ASSERT_EQUAL(sip_app_create(&app, t.traced[1].tp, &cfg, &acc), EINVAL);
	CU_ASSERT_EQUAL(sip_app_call(alice, "not a uri", NULL, &c), EINVAL);
	CU_ASSERT_EQUAL(sip_app_call_count(alice), 0);
	CU_ASSERT_EQUAL(sip_app_register(alice), EALREADY);
}


static void e_incoming(void *arg, struct sip_app_call *call, const char *from)
{
	(void)arg;
	(void)from;
	CU_ASSERT_EQUAL(sip_app_answer(call, 200), 0);
}

/* RFC3261 13.2.1: "If the initial offer is in the first reliable non-failure message from
 * the UAS back to the UAC, the answer MUST be in the acknowledgement for that message" -
 * erin's application offers in its 2xx and takes the media from carol's ACK. */
static void test_rfc3261_13_2_1_offerless_invite_offer_in_2xx(void)
{
	const struct sip_app_handler eh = { NULL, e_incoming, NULL, a_media, NULL, NULL };
	const struct sip_msg *ok;
	struct sip_app *erin = app_on("erin", "192.0.2.5:5060", 8000, "carol", "x", &eh, SIP_APP_PCMU);
	struct uatest_ua *dave = uatest_ua(&t, "dave", "192.0.2.6:5060", NULL);
	struct sip_call *c = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dave);
	dave->ack_body = UATEST_SDP_OFFER;  /* "m=audio 49170 RTP/AVP 0" at 192.0.2.1 */
	simnet_run(t.net, simnet_now(t.net) + 1 * SEC);
	CU_ASSERT_EQUAL(sip_ua_call(dave->ua, "sip:carol@192.0.2.5:5060", NULL, NULL, 0, NULL, &c), 0);
	simnet_run(t.net, simnet_now(t.net) + 2 * SEC);
	ok = uatest_sent(&t, "erin", "SIP/2.0 200", 1);
	CU_ASSERT_TRUE(ok != NULL && strstr(ok->body.p, "m=audio 8000 RTP/AVP 0 8 101") != NULL);
	CU_ASSERT_EQUAL(seen.media_reports, 1);
	CU_ASSERT_STRING_EQUAL(seen.media.remote_addr, "192.0.2.1");
	CU_ASSERT_EQUAL(seen.media.remote_port, 49170);
	CU_ASSERT_STRING_EQUAL(seen.media.codec, "PCMU");
	CU_ASSERT_EQUAL(uatest_last_state(dave), SIP_CALL_CONFIRMED);
	sip_app_destroy(erin);
}


/* RFC3264 8.3.2: "Changing the Set of Media Formats" - a re-INVITE offering PCMA only
 * moves both sides to PCMA. */
static void test_rfc3264_8_3_2_codec_change(void)
{
	call_bob();
	CU_ASSERT_STRING_EQUAL(seen.media.codec, "PCMU");
	CU_ASSERT_EQUAL(sip_app_change_codec(seen.call, SIP_APP_PCMA), 0);
	simnet_run(t.net, simnet_now(t.net) + 2 * SEC);
	CU_ASSERT_EQUAL(seen.media_reports, 2);
	CU_ASSERT_STRING_EQUAL(seen.media.codec, "PCMA");
	CU_ASSERT_EQUAL(seen.media.pt, 8);
	CU_ASSERT_TRUE(strstr(uatest_sent(&t, "alice", "INVITE", 3)->body.p, "m=audio 4000 RTP/AVP 8 101") != NULL);
	CU_ASSERT_TRUE(strstr(uatest_sent(&t, "bob", "SIP/2.0 200", 2)->body.p, "m=audio 6000 RTP/AVP 8") != NULL);
}

/* RFC3261 18: "All SIP elements MUST implement UDP and TCP" - the application API over
 * TCP: Contact and outbound proxy say transport=tcp, and the call runs on TCP. */
static void test_rfc3261_18_application_over_tcp(void)
{
	const struct sip_app_handler gh = { NULL, e_incoming, NULL, a_media, NULL, NULL };
	struct sip_transport *ft = uatest_transport(&t, "frank", "192.0.2.7:5060", NULL);
	struct sip_transport *gt = uatest_transport(&t, "grace", "192.0.2.8:5060", NULL);
	struct sip_app_config cfg = { .media_addr = "192.0.2.7", .media_port = 9000,
				      .transport = SIP_PROTO_TCP, .h = gh };
	struct sip_app_account acc = { .id = "sip:carol@example.com", .registrar = "sip:example.com",
				       .proxy = "sip:192.0.2.10:5060", .username = "carol", .password = "x" };
	struct sip_app *frank = NULL, *grace = NULL;
	struct sip_app_call *c = NULL;
	const struct sip_msg *inv;

	CU_ASSERT_EQUAL(sip_app_create(&grace, gt, &cfg, &acc), 0);
	acc.id = "sip:alice@example.com";
	acc.username = "alice";
	acc.password = "wonderland";
	acc.registrar = NULL;
	cfg.h.on_incoming_call = NULL;
	CU_ASSERT_EQUAL(sip_app_create(&frank, ft, &cfg, &acc), 0);
	CU_ASSERT_STRING_EQUAL(sip_app_contact(grace), "sip:carol@192.0.2.8:5060;transport=tcp");
	simnet_run(t.net, simnet_now(t.net) + 1 * SEC);
	CU_ASSERT_EQUAL(sip_app_reg_state(grace), SIP_REG_REGISTERED);
	CU_ASSERT_EQUAL(sip_app_call(frank, "sip:carol@example.com", NULL, &c), 0);
	simnet_run(t.net, simnet_now(t.net) + 2 * SEC);
	inv = uatest_sent(&t, "frank", "INVITE", 2);
	CU_ASSERT_TRUE(inv != NULL && strncmp(uatest_row(inv, SIP_HDR_VIA, 0), "SIP/2.0/TCP", 11) == 0);
	CU_ASSERT_STRING_EQUAL(uatest_row(inv, SIP_HDR_ROUTE, 0), "<sip:192.0.2.10:5060;transport=tcp;lr>");
	CU_ASSERT_EQUAL(seen.media_reports, 2);  /* frank at the 2xx, grace at the ACK */
	CU_ASSERT_EQUAL(seen.media.remote_port, 9000);
	CU_ASSERT_EQUAL(sip_app_call_state(c), SIP_CALL_CONFIRMED);
	sip_app_destroy(frank);
	sip_app_destroy(grace);
}

static const struct th_test app_tests[] = {
	TH_TEST(test_rfc3261_13_3_1_4_autoanswer_logic_answers_a_call),
	TH_TEST(test_rfc3264_8_4_hold_and_resume),
	TH_TEST(test_rfc3264_6_1_caller_codec_preference),
	TH_TEST(test_rfc3261_13_2_2_3_failed_call_reports_status),
	TH_TEST(test_rfc3428_4_message_between_applications),
	TH_TEST(test_rfc3261_13_3_1_3_unacceptable_offer_488),
	TH_TEST(test_rfc3261_13_2_1_offerless_invite_offer_in_2xx),
	TH_TEST(test_rfc3264_8_3_2_codec_change),
	TH_TEST(test_rfc3261_18_application_over_tcp),
	TH_TEST(test_impl_app_arguments),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 13 application API (autoanswer logic)", app_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
