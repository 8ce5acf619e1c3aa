/* tests/sip/test_proxy_flows.c - the call flows of RFC 3665 §3 through our one
 * server, A -> server -> B, message by message.
 *
 * RFC 3665 draws its flows through two proxies; here one server is both (it is
 * alice's outbound proxy ss1.atlanta.example.com and bob's home proxy), so the
 * RFC's F5-F8 / F10 / F13 / F16 / F19 / F22 hops between the proxies collapse.  The
 * UAs are scripted (tests/sip/pxtest_ua.h) and send the RFC's messages with these
 * changes, each forced by something the RFC leaves outside the flow:
 *  - addresses: the RFC's own received= values, alice 192.0.2.101, the server
 *    192.0.2.111, bob 192.0.2.201; the server's sent-by is ss1.atlanta.example.com;
 *  - there is no DNS: alice and bob register first (RFC 3665 §2.1 style), and the
 *    server reaches the host names in their Contacts at the addresses the REGISTERs
 *    came from (the NAT policy, sip/proxy.h);
 *  - one Route / Record-Route value instead of two, and it carries our port;
 *  - the Request-URIs of F15 and F18 are the Contacts exactly as sent
 *    (";transport=tcp" included; the RFC drops it, §12.1.2 says the remote target
 *    is the Contact's URI);
 *  - credentials are computed for the nonce our server issued (the RFC's cannot
 *    verify, docs/auth.md §6); §3.8-§3.11 run with authentication off and without
 *    the RFC's pre-computed Proxy-Authorization.
 */
#include "sip/proxy.h"
#include "tests/sip/pxtest.h"
#include "tests/sip/pxtest_ua.h"
#include "tests/support/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SS1 "192.0.2.111:5060"
/* RFC 3665 writes "<sip:ss1.atlanta.example.com;lr>" and lets RFC 3263 DNS tell the UAs
 * the transport; we resolve no DNS, so on these TCP legs ss1's Record-Route names it
 * (docs/proxy.md), and the UAs echo it back in their Route rows. */
#define RR "<sip:ss1.atlanta.example.com:5060;transport=tcp;lr>"
#define MS 1000ull
#define SEC 1000000ull

static struct simnet *net;
static struct pxtest_server srv;
static struct pxtest_ua alice, bob;
static size_t mark;  /* ladder index where the flow under test starts */

static const char *const users[] = { "alice:wonderland", "bob:zanzibar", NULL };
static const char *const aliases[] = { "atlanta.example.com", NULL };

static const char sdp_alice[] =
	"v=0\n"
	"o=alice 2890844526 2890844526 IN IP4 client.atlanta.example.com\n"
	"s=-\n"
	"c=IN IP4 192.0.2.101\n"
	"t=0 0\n"
	"m=audio 49172 RTP/AVP 0\n"
	"a=rtpmap:0 PCMU/8000\n";

static const char sdp_bob[] =
	"v=0\n"
	"o=bob 2890844527 2890844527 IN IP4 client.biloxi.example.com\n"
	"s=-\n"
	"c=IN IP4 192.0.2.201\n"
	"t=0 0\n"
	"m=audio 3456 RTP/AVP 0\n"
	"a=rtpmap:0 PCMU/8000\n";

/* Starts the server and both UAs; both register over `proto`. */
static int start(bool auth, enum sip_proto proto)
{
	struct sip_proxy_config cfg;
	const char *tp = proto == SIP_PROTO_TCP ? ";transport=tcp" : "";
	char contact[128];
	int rc;

	sip_proxy_config_default(&cfg);
	cfg.domain = "biloxi.example.com";
	cfg.aliases = aliases;
	cfg.realm = "atlanta.example.com";
	cfg.users = users;
	cfg.auth = auth;
	rc = simnet_create(&net, 3665);
	if (rc == 0)
		rc = pxtest_server_start(&srv, net, "server", SS1, "ss1.atlanta.example.com", &cfg);
	if (rc == 0)
		rc = pxtest_ua_init(&alice, net, "alice", "192.0.2.101:5060", "9fxced76sl");
	if (rc == 0)
		rc = pxtest_ua_init(&bob, net, "bob", "192.0.2.201:5060", "314159");
	if (rc != 0)
		return rc;
	snprintf(contact, sizeof(contact), "<sip:alice@client.atlanta.example.com%s>", tp);
	if (pxtest_ua_register(&alice, net, SS1, proto, "sip:alice@atlanta.example.com", contact,
			       "alice", "wonderland") != 200)
		return -1;
	snprintf(contact, sizeof(contact), "<sip:bob@client.biloxi.example.com%s>", tp);
	if (pxtest_ua_register(&bob, net, SS1, proto, "sip:bob@biloxi.example.com", contact, "bob",
			       "zanzibar") != 200)
		return -1;
	mark = simnet_ladder_len(net);
	return 0;
}

static void teardown(void)
{
	if (net == NULL)
		return;
	pxtest_server_stop(&srv);
	pxtest_ua_fini(&alice);
	pxtest_ua_fini(&bob);
	simnet_destroy(net);
	net = NULL;
}

static void run_for(uint64_t us)
{
	simnet_run(net, simnet_now(net) + us);
}

/* The ladder since `mark` equals `expected` ("alice -> server TCP INVITE ...",
 * without the time), NULL-terminated. */
static bool ladder_is(const char *const *expected)
{
	size_t i = 0;
	bool ok = true;
	char line[256];

	for (; expected[i] != NULL; i++) {
		if (mark + i >= simnet_ladder_len(net)) {
			printf("\n  missing: %s\n", expected[i]);
			return false;
		}
		const char *got = strchr(simnet_arrow_format(net, mark + i, line, sizeof(line)), ' ');

		if (got == NULL || strcmp(got + 1, expected[i]) != 0) {
			printf("\n  arrow %zu: got \"%s\"\n       expected \"%s\"\n", i,
			       got != NULL ? got + 1 : line, expected[i]);
			ok = false;
		}
	}
	if (mark + i != simnet_ladder_len(net)) {
		printf("\n  %zu more arrows than expected\n", simnet_ladder_len(net) - mark - i);
		simnet_ladder_print(net);
		return false;
	}
	return ok;
}

/* The time of ladder arrow mark + i. */
static uint64_t at(size_t i)
{
	return mark + i < simnet_ladder_len(net) ? simnet_ladder(net, mark + i)->sent_us : 0;
}

/* Sends `text` with a body: "Content-Type" and "Content-Length" are appended. */
static int send_with_body(struct pxtest_ua *ua, enum sip_proto proto, const char *head,
			  const char *body, const struct sip_msg *challenge)
{
	struct sip_msg *m = pxtest_parse(head);
	char *wire = NULL;
	size_t len = 0;
	int rc = m == NULL ? -1 : 0;

	if (rc == 0 && body != NULL) {
		wire = pxtest_wire(body, &len);
		rc = sip_msg_set_body(m, "application/sdp", wire, len);
	}
	if (rc == 0 && challenge != NULL)
		rc = pxtest_authorize(m, challenge, "alice", "wonderland", 1);
	char *text = rc == 0 ? pxtest_print(m) : NULL;

	if (text != NULL)
		rc = pxtest_ua_send(ua, SS1, proto, text);
	free(text);
	free(wire);
	sip_msg_destroy(m);
	return text != NULL ? rc : -1;
}

/* ---- RFC 3665 §3.2 -------------------------------------------------------------------- */

static const char f1[] =
	"INVITE sip:bob@biloxi.example.com SIP/2.0\n"
	"Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74b43\n"
	"Max-Forwards: 70\n"
	"Route: <sip:ss1.atlanta.example.com;lr>\n"
	"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
	"To: Bob <sip:bob@biloxi.example.com>\n"
	"Call-ID: 3848276298220188511@atlanta.example.com\n"
	"CSeq: 1 INVITE\n"
	"Contact: <sip:alice@client.atlanta.example.com;transport=tcp>\n\n";

static const char f3[] =
	"ACK sip:bob@biloxi.example.com SIP/2.0\n"
	"Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74b43\n"
	"Max-Forwards: 70\n"
	"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
	"To: Bob <sip:bob@biloxi.example.com>;tag=%.*s\n"
	"Call-ID: 3848276298220188511@atlanta.example.com\n"
	"CSeq: 1 ACK\n"
	"Content-Length: 0\n\n";

static const char f4[] =
	"INVITE sip:bob@biloxi.example.com SIP/2.0\n"
	"Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\n"
	"Max-Forwards: 70\n"
	"Route: <sip:ss1.atlanta.example.com;lr>\n"
	"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
	"To: Bob <sip:bob@biloxi.example.com>\n"
	"Call-ID: 3848276298220188511@atlanta.example.com\n"
	"CSeq: 2 INVITE\n"
	"Contact: <sip:alice@client.atlanta.example.com;transport=tcp>\n\n";

static const char f15[] =
	"ACK sip:bob@client.biloxi.example.com;transport=tcp SIP/2.0\n"
	"Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74b76\n"
	"Max-Forwards: 70\n"
	"Route: " RR "\n"
	"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
	"To: Bob <sip:bob@biloxi.example.com>;tag=314159\n"
	"Call-ID: 3848276298220188511@atlanta.example.com\n"
	"CSeq: 2 ACK\n"
	"Content-Length: 0\n\n";

static const char f18[] =
	"BYE sip:alice@client.atlanta.example.com;transport=tcp SIP/2.0\n"
	"Via: SIP/2.0/TCP client.biloxi.example.com:5060;branch=z9hG4bKnashds7\n"
	"Max-Forwards: 70\n"
	"Route: " RR "\n"
	"From: Bob <sip:bob@biloxi.example.com>;tag=314159\n"
	"To: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
	"Call-ID: 3848276298220188511@atlanta.example.com\n"
	"CSeq: 1 BYE\n"
	"Content-Length: 0\n\n";

static const char *const ladder_3_2[] = {
	"alice -> server TCP INVITE sip:bob@biloxi.example.com SIP/2.0",
	"server -> alice TCP SIP/2.0 407 Proxy Authentication Required",
	"alice -> server TCP ACK sip:bob@biloxi.example.com SIP/2.0",
	"alice -> server TCP INVITE sip:bob@biloxi.example.com SIP/2.0",
	"server -> bob TCP INVITE sip:bob@client.biloxi.example.com;transport=tcp SIP/2.0",
	"server -> alice TCP SIP/2.0 100 Trying",
	"bob -> server TCP SIP/2.0 100 Trying",
	"bob -> server TCP SIP/2.0 180 Ringing",
	"server -> alice TCP SIP/2.0 180 Ringing",
	"bob -> server TCP SIP/2.0 200 OK",
	"server -> alice TCP SIP/2.0 200 OK",
	"alice -> server TCP ACK sip:bob@client.biloxi.example.com;transport=tcp SIP/2.0",
	"server -> bob TCP ACK sip:bob@client.biloxi.example.com;transport=tcp SIP/2.0",
	"bob -> server TCP BYE sip:alice@client.atlanta.example.com;transport=tcp SIP/2.0",
	"server -> alice TCP BYE sip:alice@client.atlanta.example.com;transport=tcp SIP/2.0",
	"alice -> server TCP SIP/2.0 200 OK",
	"server -> bob TCP SIP/2.0 200 OK",
	NULL
};

static bool has_bytes(struct sip_str hay, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= hay.len; i++)
		if (memcmp(hay.p + i, needle, n) == 0)
			return true;
	return false;
}

/* The F5/F7 INVITE as it reaches bob. */
static void check_forwarded_invite(const struct sip_msg *fwd)
{
	/* F7: "Via: SIP/2.0/TCP ss2.biloxi.example.com:5060;branch=z9hG4bK721e4.1" ... */
	CU_ASSERT(sip_str_eq_c(fwd->via->transport, "TCP"));
	CU_ASSERT(sip_str_eq_c(fwd->via->host, "ss1.atlanta.example.com"));
	CU_ASSERT_EQUAL(fwd->via->port, 5060);
	/* "Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9
	 *   ;received=192.0.2.101" */
	CU_ASSERT(sip_str_eq_c(fwd->via->next->branch, "z9hG4bK74bf9"));
	CU_ASSERT(sip_str_eq_c(fwd->via->next->received, "192.0.2.101"));
	/* "Max-Forwards: 69" (F5), "Record-Route: <sip:ss1.atlanta.example.com;lr>" */
	CU_ASSERT_EQUAL(fwd->max_forwards, 69);
	CU_ASSERT(pxtest_row_is(fwd, SIP_HDR_RECORD_ROUTE, 0, RR));
	/* Proxy 1 consumed alice's credentials and the Route naming it. */
	CU_ASSERT_EQUAL(pxtest_rows(fwd, SIP_HDR_PROXY_AUTHORIZATION), 0);
	CU_ASSERT_EQUAL(pxtest_rows(fwd, SIP_HDR_ROUTE), 0);
	/* "Content-Length: 151" and the SDP untouched: the media goes A <-> B. */
	CU_ASSERT_EQUAL(fwd->body.len, 151);
	CU_ASSERT(has_bytes(fwd->body, "c=IN IP4 192.0.2.101\r\n"));
}

/* RFC 3665 §3.2: "In this scenario, Alice completes a call to Bob using two proxies
 * Proxy 1 and Proxy 2.  The initial INVITE (F1) contains a pre-loaded Route header
 * with the address of Proxy 1 ... The request does not contain the Authorization
 * credentials Proxy 1 requires, so a 407 Proxy Authorization response is sent
 * containing the challenge information.  A new INVITE (F4) is then sent containing
 * the correct credentials and the call proceeds.  The call terminates when Bob
 * disconnects by initiating a BYE message.  Proxy 1 inserts a Record-Route header into
 * the INVITE message to ensure that it is present in all subsequent message
 * exchanges." */
static void test_rfc3665_3_2_session_through_the_proxy(void)
{
	CU_ASSERT_EQUAL_FATAL(start(true, SIP_PROTO_TCP), 0);
	CU_ASSERT_EQUAL(send_with_body(&alice, SIP_PROTO_TCP, f1, sdp_alice, NULL), 0);
	run_for(10 * MS);
	/* F2: "Proxy-Authenticate: Digest realm="atlanta.example.com", qop="auth", ...
	 * algorithm=MD5" */
	const struct sip_msg *f2 = pxtest_ua_response(&alice, 407, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f2->proxy_authenticate);
	CU_ASSERT(sip_str_eq_c(f2->proxy_authenticate->realm, "atlanta.example.com"));
	CU_ASSERT(sip_auth_has_qop(f2->proxy_authenticate, "auth"));
	CU_ASSERT(sip_str_eq_c(f2->proxy_authenticate->algorithm, "MD5"));
	CU_ASSERT(f2->to->tag.len > 0);
	char ack[1024];

	snprintf(ack, sizeof(ack), f3, (int)f2->to->tag.len, f2->to->tag.p);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SS1, SIP_PROTO_TCP, ack), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(send_with_body(&alice, SIP_PROTO_TCP, f4, sdp_alice, f2), 0);
	run_for(10 * MS);
	const struct sip_msg *f7 = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f7);
	check_forwarded_invite(f7);
	/* F8 (bob's 100, absorbed), F9 180, F12 200 with the SDP answer. */
	CU_ASSERT_EQUAL(pxtest_ua_reply(&bob, f7, 100, NULL, NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&bob, f7, 180,
					"Record-Route: " RR "\n"
					"Contact: <sip:bob@client.biloxi.example.com;transport=tcp>",
					NULL), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&bob, f7, 200,
					"Record-Route: " RR "\n"
					"Contact: <sip:bob@client.biloxi.example.com;transport=tcp>",
					sdp_bob), 0);
	run_for(10 * MS);
	/* F14: "Record-Route: <sip:ss2.biloxi.example.com;lr>, <sip:ss1...;lr>", the
	 * Contact and the SDP answer as bob sent them. */
	const struct sip_msg *f14 = pxtest_ua_response(&alice, 200, 1);  /* 0: REGISTER's */

	CU_ASSERT_PTR_NOT_NULL_FATAL(f14);
	CU_ASSERT(pxtest_row_is(f14, SIP_HDR_RECORD_ROUTE, 0, RR));
	CU_ASSERT(sip_str_eq_c(f14->to->tag, "314159"));
	CU_ASSERT_EQUAL(f14->body.len, 147);
	CU_ASSERT_EQUAL(pxtest_rows(f14, SIP_HDR_VIA), 1);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SS1, SIP_PROTO_TCP, f15), 0);
	run_for(10 * MS);
	/* F17: the ACK reaches bob without a Route, "Max-Forwards: 68" there (69 here). */
	const struct sip_msg *f17 = pxtest_ua_request(&bob, "ACK", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f17);
	CU_ASSERT_EQUAL(f17->max_forwards, 69);
	CU_ASSERT_EQUAL(pxtest_rows(f17, SIP_HDR_ROUTE), 0);
	CU_ASSERT(sip_str_eq_c(f17->via->next->branch, "z9hG4bK74b76"));
	/* "Again, note that the CSeq is NOT 3.  Alice and Bob maintain their own separate
	 * CSeq counts" - F18 BYE from bob, F20 at alice, F21 200, F23 at bob. */
	CU_ASSERT_EQUAL(pxtest_ua_send(&bob, SS1, SIP_PROTO_TCP, f18), 0);
	run_for(10 * MS);
	const struct sip_msg *f20 = pxtest_ua_request(&alice, "BYE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f20);
	CU_ASSERT_EQUAL(pxtest_rows(f20, SIP_HDR_VIA), 2);
	CU_ASSERT(sip_str_eq_c(f20->via->host, "ss1.atlanta.example.com"));
	CU_ASSERT(sip_str_eq_c(f20->via->next->received, "192.0.2.201"));
	CU_ASSERT_EQUAL(pxtest_ua_reply(&alice, f20, 200, NULL, NULL), 0);
	run_for(10 * MS);
	const struct sip_msg *f23 = pxtest_ua_response(&bob, 200, 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f23);
	CU_ASSERT(f23 != NULL && f23->cseq->method == SIP_METHOD_BYE);
	CU_ASSERT(pxtest_rows(f23, SIP_HDR_VIA) == 1 &&
		  sip_str_eq_c(f23->via->branch, "z9hG4bKnashds7"));
	CU_ASSERT_TRUE(ladder_is(ladder_3_2));
	/* The server's journal for the demo's ladder: INVITE, ACK (stateless), BYE. */
	struct sip_proxy_branch_record rec[8];

	CU_ASSERT_EQUAL(sip_proxy_call_branches(srv.proxy,
						 "3848276298220188511@atlanta.example.com", rec, 8), 3);
	CU_ASSERT_STRING_EQUAL(rec[0].method, "INVITE");
	CU_ASSERT_EQUAL(rec[0].status, 200);
	CU_ASSERT_STRING_EQUAL(rec[1].method, "ACK");
	CU_ASSERT_STRING_EQUAL(rec[2].method, "BYE");
	CU_ASSERT_EQUAL(rec[2].status, 200);
}

/* ---- Unsuccessful flows (§3.8-§3.11) ------------------------------------------------------ */

static int invite_udp(void)
{
	return pxtest_ua_send(&alice, SS1, SIP_PROTO_UDP,
			      "INVITE sip:bob@biloxi.example.com SIP/2.0\n"
			      "Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\n"
			      "Max-Forwards: 70\n"
			      "Route: <sip:ss1.atlanta.example.com;lr>\n"
			      "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
			      "To: Bob <sip:bob@biloxi.example.com>\n"
			      "Call-ID: 2xTb9vxSit55XU7p8@atlanta.example.com\n"
			      "CSeq: 1 INVITE\n"
			      "Contact: <sip:alice@client.atlanta.example.com>\n"
			      "Content-Length: 0\n\n");
}

static int ack_udp(const struct sip_msg *final)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "ACK sip:bob@biloxi.example.com SIP/2.0\n"
		 "Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\n"
		 "Max-Forwards: 70\n"
		 "Route: <sip:ss1.atlanta.example.com;lr>\n"
		 "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
		 "To: %.*s\n"
		 "Call-ID: 2xTb9vxSit55XU7p8@atlanta.example.com\n"
		 "CSeq: 1 ACK\n"
		 "Content-Length: 0\n\n",
		 (int)final->to->text.len, final->to->text.p);
	return pxtest_ua_send(&alice, SS1, SIP_PROTO_UDP, text);
}

static const struct sip_msg *last_final(const struct pxtest_ua *ua)
{
	const struct sip_msg *r = NULL;

	for (size_t i = 0; i < ua->nrx; i++)
		if (!ua->rx[i]->is_request && ua->rx[i]->status >= 300)
			r = ua->rx[i];
	return r;
}

static const char *const ladder_3_8[] = {
	"alice -> server UDP INVITE sip:bob@biloxi.example.com SIP/2.0",
	"server -> bob UDP INVITE sip:bob@client.biloxi.example.com SIP/2.0",
	"server -> alice UDP SIP/2.0 100 Trying",
	"bob -> server UDP SIP/2.0 100 Trying",
	"bob -> server UDP SIP/2.0 180 Ringing",
	"server -> alice UDP SIP/2.0 180 Ringing",
	"alice -> server UDP CANCEL sip:bob@biloxi.example.com SIP/2.0",
	"server -> bob UDP CANCEL sip:bob@client.biloxi.example.com SIP/2.0",
	"server -> alice UDP SIP/2.0 200 OK",
	"bob -> server UDP SIP/2.0 200 OK",
	"bob -> server UDP SIP/2.0 487 Request Terminated",
	"server -> bob UDP ACK sip:bob@client.biloxi.example.com SIP/2.0",
	"server -> alice UDP SIP/2.0 487 Request Terminated",
	"alice -> server UDP ACK sip:bob@biloxi.example.com SIP/2.0",
	NULL
};

/* (F10 and F11 leave at the same instant; our CANCEL to bob is written first because
 * the 200 of alice's CANCEL leaves its server transaction when our callback returns.)
 *
 * RFC 3665 §3.8: "In this scenario, Alice gives up on the call before Bob answers
 * (sends a 200 OK response).  Alice sends a CANCEL (F9) since no final response had
 * been received from Bob. ...  Note that the CANCEL message is acknowledged with a 200
 * OK on a hop by hop basis, rather than end to end." */
static void test_rfc3665_3_8_unsuccessful_no_answer(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, SIP_PROTO_UDP), 0);
	CU_ASSERT_EQUAL(invite_udp(), 0);
	run_for(10 * MS);
	const struct sip_msg *inv = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(inv);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&bob, inv, 100, NULL, NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&bob, inv, 180, "Contact: <sip:bob@client.biloxi.example.com>",
					NULL), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SS1, SIP_PROTO_UDP,
				       "CANCEL sip:bob@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP client.atlanta.example.com:5060;"
				       "branch=z9hG4bK74bf9\n"
				       "Max-Forwards: 70\n"
				       "Route: <sip:ss1.atlanta.example.com;lr>\n"
				       "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
				       "To: Bob <sip:bob@biloxi.example.com>\n"
				       "Call-ID: 2xTb9vxSit55XU7p8@atlanta.example.com\n"
				       "CSeq: 1 CANCEL\n"
				       "Content-Length: 0\n\n"), 0);
	run_for(10 * MS);
	const struct sip_msg *c = pxtest_ua_request(&bob, "CANCEL", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&bob, c, 200, NULL, NULL), 0);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&bob, inv, 487, NULL, NULL), 0);
	run_for(10 * MS);
	const struct sip_msg *f19 = last_final(&alice);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f19);
	CU_ASSERT_EQUAL(f19->status, 487);
	CU_ASSERT_EQUAL(ack_udp(f19), 0);
	run_for(10 * MS);
	CU_ASSERT_TRUE(ladder_is(ladder_3_8));
}

static const char *const ladder_3_9[] = {
	"alice -> server UDP INVITE sip:bob@biloxi.example.com SIP/2.0",
	"server -> bob UDP INVITE sip:bob@client.biloxi.example.com SIP/2.0",
	"server -> alice UDP SIP/2.0 100 Trying",
	"bob -> server UDP SIP/2.0 486 Busy Here",
	"server -> bob UDP ACK sip:bob@client.biloxi.example.com SIP/2.0",
	"server -> alice UDP SIP/2.0 486 Busy Here",
	"alice -> server UDP ACK sip:bob@biloxi.example.com SIP/2.0",
	NULL
};

/* RFC 3665 §3.9: "In this scenario, Bob is busy and sends a 486 Busy Here response to
 * Alice's INVITE.  Note that the non-2xx response is acknowledged on a hop-by-hop
 * basis instead of end-to-end." */
static void test_rfc3665_3_9_unsuccessful_busy(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, SIP_PROTO_UDP), 0);
	CU_ASSERT_EQUAL(invite_udp(), 0);
	run_for(10 * MS);
	const struct sip_msg *inv = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(inv);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&bob, inv, 486, NULL, NULL), 0);
	run_for(10 * MS);
	const struct sip_msg *f10 = last_final(&alice);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f10);
	CU_ASSERT_EQUAL(f10->status, 486);
	CU_ASSERT(sip_str_eq_c(f10->to->tag, "314159"));  /* §16.7: "preserve the To tag" */
	CU_ASSERT_EQUAL(ack_udp(f10), 0);
	run_for(40 * SEC);  /* no retransmission of anything afterwards */
	CU_ASSERT_TRUE(ladder_is(ladder_3_9));
}

/* RFC 3665 §3.10: "In this example, there is no response from Bob to Alice's INVITE
 * messages being re-transmitted by Proxy 2.  After the sixth re-transmission, Proxy 2
 * gives up and sends a 480 No Response to Alice."  Our proxy retransmits on the same
 * schedule (Timer A: 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s) and gives up at Timer B (32 s)
 * with RFC 3261 §16.6 step 7's 408, not the example's 480. */
static void test_rfc3665_3_10_unsuccessful_no_response(void)
{
	static const uint64_t sched[] = { 0, 500, 1500, 3500, 7500, 15500, 31500 };

	CU_ASSERT_EQUAL_FATAL(start(false, SIP_PROTO_UDP), 0);
	CU_ASSERT_EQUAL(invite_udp(), 0);
	run_for(32 * SEC + 10 * MS);
	const struct sip_msg *f14 = last_final(&alice);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f14);
	CU_ASSERT_EQUAL(f14->status, 408);
	CU_ASSERT_EQUAL(ack_udp(f14), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_count(&bob, "INVITE"), 7);
	/* arrow 0 alice's INVITE, 1 the first forward, 2 the 100, then the six resends */
	CU_ASSERT_EQUAL(at(1), at(0));
	for (size_t i = 1; i < 7; i++)
		CU_ASSERT_EQUAL(at(i + 2), at(0) + sched[i] * MS);
	CU_ASSERT_EQUAL(at(9), at(0) + 64 * SIP_TSX_T1);  /* the 408, at Timer B */
	CU_ASSERT_EQUAL(simnet_ladder_len(net) - mark, 11);
}

static const char *const ladder_3_11[] = {
	"alice -> server UDP INVITE sip:bob@biloxi.example.com SIP/2.0",
	"server -> bob UDP INVITE sip:bob@client.biloxi.example.com SIP/2.0",
	"server -> alice UDP SIP/2.0 100 Trying",
	"bob -> server UDP SIP/2.0 180 Ringing",
	"server -> alice UDP SIP/2.0 180 Ringing",
	"bob -> server UDP SIP/2.0 480 Temporarily Unavailable",
	"server -> bob UDP ACK sip:bob@client.biloxi.example.com SIP/2.0",
	"server -> alice UDP SIP/2.0 480 Temporarily Unavailable",
	"alice -> server UDP ACK sip:bob@biloxi.example.com SIP/2.0",
	NULL
};

/* RFC 3665 §3.11: "In this scenario, Bob initially sends a 180 Ringing response to
 * Alice, indicating that alerting is taking place.  However, then a 480 Unavailable is
 * then sent to Alice.  This response is acknowledged then proxied back to Alice." */
static void test_rfc3665_3_11_unsuccessful_temporarily_unavailable(void)
{
	CU_ASSERT_EQUAL_FATAL(start(false, SIP_PROTO_UDP), 0);
	CU_ASSERT_EQUAL(invite_udp(), 0);
	run_for(10 * MS);
	const struct sip_msg *inv = pxtest_ua_request(&bob, "INVITE", 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(inv);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&bob, inv, 180, "Contact: <sip:bob@client.biloxi.example.com>",
					NULL), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(pxtest_ua_reply(&bob, inv, 480, NULL, NULL), 0);
	run_for(10 * MS);
	const struct sip_msg *f13 = last_final(&alice);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f13);
	CU_ASSERT_EQUAL(ack_udp(f13), 0);
	run_for(10 * MS);
	CU_ASSERT_TRUE(ladder_is(ladder_3_11));
}

/* RFC3261 16.5: the server's own 404 and 480 in the same flow: "If the Request-URI
 * indicates a resource at this proxy that does not exist, the proxy MUST return a 404
 * (Not Found) response." and the empty target set's 480. */
static void test_rfc3261_16_5_flow_404_and_480(void)
{
	static const char *const ladder[] = {
		"alice -> server UDP INVITE sip:carol@biloxi.example.com SIP/2.0",
		"server -> alice UDP SIP/2.0 404 Not Found",
		"alice -> server UDP INVITE sip:bob@biloxi.example.com SIP/2.0",
		"server -> alice UDP SIP/2.0 480 Temporarily Unavailable",
		NULL
	};

	CU_ASSERT_EQUAL_FATAL(start(false, SIP_PROTO_UDP), 0);
	/* bob cancels his registration (RFC 3665 §2.4) before the call. */
	CU_ASSERT_EQUAL(pxtest_ua_register(&bob, net, SS1, SIP_PROTO_UDP,
					   "sip:bob@biloxi.example.com",
					   "<sip:bob@client.biloxi.example.com>;expires=0", "bob",
					   "zanzibar"), 200);
	mark = simnet_ladder_len(net);
	CU_ASSERT_EQUAL(pxtest_ua_send(&alice, SS1, SIP_PROTO_UDP,
				       "INVITE sip:carol@biloxi.example.com SIP/2.0\n"
				       "Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bKc1\n"
				       "Max-Forwards: 70\n"
				       "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
				       "To: <sip:carol@biloxi.example.com>\n"
				       "Call-ID: carol@atlanta.example.com\nCSeq: 1 INVITE\n"
				       "Content-Length: 0\n\n"), 0);
	run_for(10 * MS);
	CU_ASSERT_EQUAL(invite_udp(), 0);
	run_for(10 * MS);
	CU_ASSERT_TRUE(ladder_is(ladder));
}

static const struct th_test flow_tests[] = {
	TH_TEST(test_rfc3665_3_2_session_through_the_proxy),
	TH_TEST(test_rfc3665_3_8_unsuccessful_no_answer),
	TH_TEST(test_rfc3665_3_9_unsuccessful_busy),
	TH_TEST(test_rfc3665_3_10_unsuccessful_no_response),
	TH_TEST(test_rfc3665_3_11_unsuccessful_temporarily_unavailable),
	TH_TEST(test_rfc3261_16_5_flow_404_and_480),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3665 3 SIP Session Establishment through the proxy", flow_tests, NULL, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
