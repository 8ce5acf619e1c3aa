/* tests/sip/test_proxy_rr_transport.c - the proxy's Record-Route when its two legs use
 * different transports (RFC 3261 §16.6 step 4, §16.4; RFC 5658's double Record-Route).
 *
 * Real stacks on simnet: the server (sip/proxy.h, registrar and proxy of
 * biloxi.example.com, authentication off) at 192.0.2.1:5060, and three UA cores with
 * registration clients - alice (192.0.2.10) and carol (192.0.2.30) talk TCP to the
 * server (outbound proxy and Contact with ";transport=tcp"), bob (192.0.2.20) UDP.  A
 * call between a TCP UA and a UDP UA must keep every in-dialog request (ACK, BYE) on
 * the transport of the leg it travels: TCP between alice and the server, UDP between
 * the server and bob.  With one Record-Route value and no transport parameter, alice's
 * ACK and BYE would go to the server over UDP.
 */
#include "sip/proxy.h"
#include "sip/reg_client.h"
#include "sip/ua.h"
#include "tests/sip/uatest.h"
#include "tests/support/harness.h"

#include <stdio.h>
#include <string.h>

#define SERVER "192.0.2.1:5060"
#define RR_UDP "<sip:192.0.2.1:5060;lr>"
#define RR_TCP "<sip:192.0.2.1:5060;transport=tcp;lr>"
#define MS 1000ull
#define SEC 1000000ull

static struct uatest t;
static struct sip_proxy *server;
static struct uatest_ua *alice, *bob, *carol;
static struct sip_reg *regs[3];

/* A UA on `addr` whose requests and Contact use `proto`, registered as NAME@biloxi. */
static struct uatest_ua *ua_on(const char *name, const char *addr, enum sip_proto proto,
			       struct sip_reg **reg)
{
	const char *tp = proto == SIP_PROTO_TCP ? ";transport=tcp" : "";
	char from[128], contact[128], proxy[128];
	struct sip_ua_config cfg;
	struct uatest_ua *u;

	snprintf(from, sizeof(from), "<sip:%s@biloxi.example.com>", name);
	snprintf(contact, sizeof(contact), "sip:%s@%s%s", name, addr, tp);
	snprintf(proxy, sizeof(proxy), "sip:%s%s", SERVER, tp);
	memset(&cfg, 0, sizeof(cfg));
	cfg.from = from;
	cfg.contact = contact;
	cfg.outbound_proxy = proxy;
	u = uatest_ua_cfg(&t, name, addr, &cfg, NULL);
	CU_ASSERT_PTR_NOT_NULL(u);
	if (u == NULL)
		return NULL;
	const struct sip_reg_config rc = {
		.registrar = "sip:biloxi.example.com", .aor = from, .contact = contact,
	};

	CU_ASSERT_EQUAL(sip_reg_create(reg, u->ua, &rc), 0);
	if (*reg != NULL)
		CU_ASSERT_EQUAL(sip_reg_register(*reg), 0);
	return u;
}

static void setup(void)
{
	struct sip_proxy_config cfg;

	CU_ASSERT_EQUAL(uatest_init(&t, 5658), 0);
	sip_proxy_config_default(&cfg);
	cfg.domain = "biloxi.example.com";
	cfg.auth = false;
	server = uatest_proxy(&t, "server", SERVER, &cfg);
	alice = ua_on("alice", "192.0.2.10:5060", SIP_PROTO_TCP, &regs[0]);
	bob = ua_on("bob", "192.0.2.20:5060", SIP_PROTO_UDP, &regs[1]);
	carol = ua_on("carol", "192.0.2.30:5060", SIP_PROTO_TCP, &regs[2]);
	simnet_latency(t.net, NULL, NULL, 10 * MS);
	simnet_run(t.net, 1 * SEC);
}

static void teardown(void)
{
	for (size_t i = 0; i < 3; i++) {
		sip_reg_destroy(regs[i]);
		regs[i] = NULL;
	}
	uatest_fini(&t);
}

/* The transport of the first arrow from `mark` on going from -> to whose first line
 * starts with `prefix`; -1 when there is none. */
static int leg(size_t mark, const char *from, const char *to, const char *prefix)
{
	for (size_t i = mark; i < simnet_ladder_len(t.net); i++) {
		const struct simnet_arrow *a = simnet_ladder(t.net, i);

		if (strcmp(a->from, from) == 0 && strcmp(a->to, to) == 0 &&
		    strncmp(a->line, prefix, strlen(prefix)) == 0)
			return (int)a->proto;
	}
	return -1;
}

/* How many arrows from `mark` on start with `prefix` (every hop of a request). */
static size_t hops(size_t mark, const char *prefix)
{
	size_t n = 0;

	for (size_t i = mark; i < simnet_ladder_len(t.net); i++)
		n += strncmp(simnet_ladder(t.net, i)->line, prefix, strlen(prefix)) == 0;
	return n;
}

/* Appends " | value" (or just the value first) to the list in out. */
static void join(char *out, size_t cap, const char *value)
{
	size_t n = strlen(out);

	snprintf(out + n, cap - n, "%s%s", n > 0 ? " | " : "", value);
}

/* The route set the UA's call holds, "v1 | v2" ("" without a call). */
static const char *route_set(const struct uatest_ua *u)
{
	static char out[512];
	const struct sip_dialog *d = u->call != NULL ? sip_call_dialog(u->call) : NULL;

	out[0] = '\0';
	for (size_t i = 0; d != NULL && i < d->route_count; i++)
		join(out, sizeof(out), d->route[i].value);
	return out;
}

/* The Record-Route rows of the INVITE the server forwarded, "top | next". */
static const char *record_routes(void)
{
	static char out[512];
	const struct sip_msg *inv = uatest_sent(&t, "server", "INVITE", 1);

	out[0] = '\0';
	for (size_t i = 0; inv != NULL && i < inv->rows[SIP_HDR_RECORD_ROUTE]; i++)
		join(out, sizeof(out), uatest_row(inv, SIP_HDR_RECORD_ROUTE, i));
	return out;
}

/* `by` hangs up; the arrows that follow, "from>to PROTO what" joined by " | " (what: the
 * method of a request, the status of a response). */
static const char *hang_up(struct uatest_ua *by)
{
	static char out[512];
	size_t mark = simnet_ladder_len(t.net);

	out[0] = '\0';
	CU_ASSERT_EQUAL(by->call != NULL ? sip_call_hangup(by->call) : -1, 0);
	simnet_run(t.net, simnet_now(t.net) + 1 * SEC);
	for (size_t i = mark; i < simnet_ladder_len(t.net); i++) {
		const struct simnet_arrow *a = simnet_ladder(t.net, i);
		const char *what = strncmp(a->line, "SIP/2.0 ", 8) == 0 ? a->line + 8 : a->line;
		char arrow[128];

		snprintf(arrow, sizeof(arrow), "%s>%s %s %.*s", a->from, a->to,
			 sip_proto_name(a->proto), (int)strcspn(what, " "), what);
		join(out, sizeof(out), arrow);
	}
	return out;
}

/* `caller` calls `callee`@biloxi; true when both reach CONFIRMED. */
static bool call(struct uatest_ua *caller, const char *callee)
{
	char target[128];
	struct sip_call *c = NULL;

	snprintf(target, sizeof(target), "sip:%s@biloxi.example.com", callee);
	CU_ASSERT_EQUAL(sip_ua_call(caller->ua, target, "application/sdp", UATEST_SDP_OFFER,
				    strlen(UATEST_SDP_OFFER), NULL, &c), 0);
	caller->call = c;  /* uatest keeps the calls received; this one was placed */
	simnet_run(t.net, simnet_now(t.net) + 2 * SEC);
	return c != NULL && uatest_last_state(caller) == SIP_CALL_CONFIRMED;
}

/* RFC3261 16.6 step 4: "The URI placed in the Record-Route header field value MUST be a
 * SIP or SIPS URI.  This URI MUST contain an lr parameter (see Section 19.1.1).  This URI
 * MAY be different for each destination the request is forwarded to."  RFC 5658 (double
 * Record-Routing): a proxy whose legs differ in transport inserts one value per leg; the
 * top one, which the callee uses first, describes the outbound leg. */
static void test_rfc3261_16_6_tcp_caller_udp_callee_gets_two_record_routes(void)
{
	size_t mark = simnet_ladder_len(t.net);

	CU_ASSERT_PTR_NOT_NULL_FATAL(server);
	CU_ASSERT_EQUAL(sip_reg_state(regs[0]), SIP_REG_REGISTERED);
	CU_ASSERT_EQUAL(sip_reg_state(regs[1]), SIP_REG_REGISTERED);
	CU_ASSERT_TRUE(call(alice, "bob"));
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_CONFIRMED);
	CU_ASSERT_STRING_EQUAL(record_routes(), RR_UDP " | " RR_TCP);
	CU_ASSERT_EQUAL(leg(mark, "alice", "server", "INVITE "), SIP_PROTO_TCP);
	CU_ASSERT_EQUAL(leg(mark, "server", "bob", "INVITE "), SIP_PROTO_UDP);
	CU_ASSERT_EQUAL(leg(mark, "server", "alice", "SIP/2.0 200"), SIP_PROTO_TCP);
}

/* RFC3261 12.1.2: "The route set MUST be set to the list of URIs in the Record-Route
 * header field from the response, taken in reverse order"; 12.1.1: "The route set MUST
 * be set to the list of URIs in the Record-Route header field from the request, taken in
 * order".  Each UA's first route is the server's value for its own leg. */
static void test_rfc3261_12_1_route_sets_start_with_each_ua_own_leg(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(server);
	CU_ASSERT_TRUE(call(alice, "bob"));
	CU_ASSERT_STRING_EQUAL(route_set(alice), RR_TCP " | " RR_UDP);
	CU_ASSERT_STRING_EQUAL(route_set(bob), RR_UDP " | " RR_TCP);
}

/* RFC3261 16.4: "If the first value in the Route header field indicates this proxy, the
 * proxy MUST remove that value from the request."  Both values are ours: the ACK
 * (§13.2.2.4, forwarded statelessly, §16.11) leaves alice on TCP, reaches bob on UDP
 * with no Route left. */
static void test_rfc3261_16_4_ack_travels_each_leg_on_its_transport(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(server);
	size_t mark = simnet_ladder_len(t.net);

	CU_ASSERT_TRUE(call(alice, "bob"));
	CU_ASSERT_EQUAL(leg(mark, "alice", "server", "ACK "), SIP_PROTO_TCP);
	CU_ASSERT_EQUAL(leg(mark, "server", "bob", "ACK "), SIP_PROTO_UDP);
	CU_ASSERT_EQUAL(hops(mark, "ACK "), 2);  /* never from the server to itself */
	const struct sip_msg *ack = uatest_sent(&t, "alice", "ACK", 1);
	const struct sip_msg *fwd = uatest_sent(&t, "server", "ACK", 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ack);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fwd);
	CU_ASSERT_STRING_EQUAL(uatest_row(ack, SIP_HDR_ROUTE, 0), RR_TCP);
	CU_ASSERT_STRING_EQUAL(uatest_row(ack, SIP_HDR_ROUTE, 1), RR_UDP);
	CU_ASSERT_EQUAL(fwd->rows[SIP_HDR_ROUTE], 0);
	CU_ASSERT_STRING_EQUAL(uatest_ruri(fwd), "sip:bob@192.0.2.20:5060");
}

/* RFC3261 15.1.1: "A UAC ... constructs the BYE as it would for any other request
 * within a dialog" - through the route set: alice's BYE goes over TCP, the server's copy
 * to bob over UDP, and the 200 comes back the same way. */
static void test_rfc3261_15_1_1_bye_from_the_tcp_side(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(server);
	CU_ASSERT_TRUE(call(alice, "bob"));
	CU_ASSERT_STRING_EQUAL(hang_up(alice), "alice>server TCP BYE | server>bob UDP BYE | "
					       "bob>server UDP 200 | server>alice TCP 200");
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}

/* RFC3261 15.1.1 the other way: bob's BYE uses his route set in order (the UDP value
 * first), the server removes both of its values (16.4) and reaches alice over TCP. */
static void test_rfc3261_15_1_1_bye_from_the_udp_side(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(server);
	CU_ASSERT_TRUE(call(alice, "bob"));
	CU_ASSERT_STRING_EQUAL(hang_up(bob), "bob>server UDP BYE | server>alice TCP BYE | "
					     "alice>server TCP 200 | server>bob UDP 200");
	const struct sip_msg *fwd = uatest_sent(&t, "server", "BYE", 1);

	CU_ASSERT_TRUE(fwd != NULL && fwd->rows[SIP_HDR_ROUTE] == 0);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}

/* RFC 5658 from the other side: a UDP caller and a TCP callee.  The top value (the
 * callee's first route) names TCP, the caller's first route UDP, and each in-dialog
 * request keeps its leg's transport. */
static void test_rfc3261_16_6_udp_caller_tcp_callee_gets_two_record_routes(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(server);
	size_t mark = simnet_ladder_len(t.net);

	CU_ASSERT_TRUE(call(bob, "carol"));
	CU_ASSERT_STRING_EQUAL(record_routes(), RR_TCP " | " RR_UDP);
	CU_ASSERT_STRING_EQUAL(route_set(bob), RR_UDP " | " RR_TCP);
	CU_ASSERT_STRING_EQUAL(route_set(carol), RR_TCP " | " RR_UDP);
	CU_ASSERT_EQUAL(leg(mark, "bob", "server", "ACK "), SIP_PROTO_UDP);
	CU_ASSERT_EQUAL(leg(mark, "server", "carol", "ACK "), SIP_PROTO_TCP);
	CU_ASSERT_STRING_EQUAL(hang_up(carol), "carol>server TCP BYE | server>bob UDP BYE | "
					       "bob>server UDP 200 | server>carol TCP 200");
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}

/* RFC3261 16.6 step 4: "The URI SHOULD NOT contain the transport parameter unless the
 * proxy has knowledge ... that the next downstream element that will be in the path of
 * subsequent requests supports that transport" - both legs TCP: both ends have just
 * talked TCP to us, and one value with ";transport=tcp" serves them. */
static void test_rfc3261_16_6_tcp_on_both_legs_one_record_route(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(server);
	size_t mark = simnet_ladder_len(t.net);

	CU_ASSERT_TRUE(call(alice, "carol"));
	CU_ASSERT_STRING_EQUAL(record_routes(), RR_TCP);
	CU_ASSERT_STRING_EQUAL(route_set(alice), RR_TCP);
	CU_ASSERT_STRING_EQUAL(route_set(carol), RR_TCP);
	CU_ASSERT_EQUAL(leg(mark, "alice", "server", "ACK "), SIP_PROTO_TCP);
	CU_ASSERT_EQUAL(leg(mark, "server", "carol", "ACK "), SIP_PROTO_TCP);
}

static const struct th_test rr_tests[] = {
	TH_TEST(test_rfc3261_16_6_tcp_caller_udp_callee_gets_two_record_routes),
	TH_TEST(test_rfc3261_12_1_route_sets_start_with_each_ua_own_leg),
	TH_TEST(test_rfc3261_16_4_ack_travels_each_leg_on_its_transport),
	TH_TEST(test_rfc3261_15_1_1_bye_from_the_tcp_side),
	TH_TEST(test_rfc3261_15_1_1_bye_from_the_udp_side),
	TH_TEST(test_rfc3261_16_6_udp_caller_tcp_callee_gets_two_record_routes),
	TH_TEST(test_rfc3261_16_6_tcp_on_both_legs_one_record_route),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 16.6 step 4 Record-Route and transports (RFC 5658 double Record-Route)",
	  rr_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
