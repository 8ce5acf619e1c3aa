/* tests/sip/test_transport.c - the SIP transport layer (RFC 3261 §18, RFC 3581) and
 * the one trace point, with the capture environment of tsxtest.h.
 */
#include "net/pcap.h"
#include "sip/transport.h"
#include "sip/tsx.h"
#include "tests/sip/tsxtest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct tsxtest T;

static void setup(void)
{
	CU_ASSERT_EQUAL(tsxtest_init(&T, NULL, NULL), 0);
}

static void teardown(void)
{
	tsxtest_fini(&T);
}

static struct sip_msg *parse(const char *text)
{
	struct sip_msg *m = NULL;

	CU_ASSERT_EQUAL(sip_msg_parse(text, strlen(text), &m, NULL), 0);
	return m;
}

/* The rows every request of these tests carries after its Via. */
#define ROWS                                            \
	"Max-Forwards: 70\r\n"                          \
	"To: <sip:bob@192.0.2.1>\r\n"                   \
	"From: <sip:alice@192.0.2.9>;tag=a1\r\n"        \
	"Call-ID: c1@192.0.2.9\r\n"                     \
	"CSeq: 1 OPTIONS\r\n"                           \
	"Content-Length: 0\r\n\r\n"

/* The top Via of the last request the TU got, as the transport completed it. */
static const struct sip_via *server_via(void)
{
	CU_ASSERT_PTR_NOT_NULL(T.server);
	return T.server != NULL ? sip_tsx_request_msg(T.server)->via : NULL;
}

/* ---- §18.1.1 Sending requests ------------------------------------------------------- */

/* RFC3261 18.1.1: "Before a request is sent, the client transport MUST insert a value
 * of the "sent-by" field into the Via header field.  This field contains an IP address
 * or host name, and port." ... "The usage of an FQDN is RECOMMENDED."  RFC3581 3: "A
 * client, compliant to this specification (clients include UACs and proxies), MAY
 * include an "rport" parameter in the top Via header field value of requests it
 * generates." */
static void test_rfc3261_18_1_1_via_with_sent_by_and_branch(void)
{
	struct sip_msg *req = tsxtest_our_request("OPTIONS");
	struct sip_transport_config cfg;

	CU_ASSERT_EQUAL(sip_transport_via_push(T.tp, req, SIP_PROTO_UDP, "z9hG4bKa1"), 0);
	CU_ASSERT_TRUE(sip_str_eq_c(req->via->text, "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa1"));
	CU_ASSERT_EQUAL(sip_transport_via_push(T.tp, req, SIP_PROTO_UDP, "bad branch"), EINVAL);
	sip_msg_destroy(req);
	tsxtest_fini(&T);
	memset(&cfg, 0, sizeof(cfg));
	cfg.udp = tsxtest_addr("[2001:db8::1]:5062");
	cfg.tcp = tsxtest_addr("[2001:db8::1]:5063");
	cfg.rport = true;
	CU_ASSERT_EQUAL(tsxtest_init(&T, &cfg, NULL), 0);
	req = tsxtest_our_request("OPTIONS");
	CU_ASSERT_EQUAL(sip_transport_via_push(T.tp, req, SIP_PROTO_TCP, "z9hG4bKa2"), 0);
	CU_ASSERT_TRUE(sip_str_eq_c(req->via->text,
				    "SIP/2.0/TCP [2001:db8::1]:5063;branch=z9hG4bKa2;rport"));
	sip_msg_destroy(req);
	tsxtest_fini(&T);
	cfg.host = "pc33.atlanta.com";
	cfg.rport = false;
	CU_ASSERT_EQUAL(tsxtest_init(&T, &cfg, NULL), 0);
	req = tsxtest_our_request("OPTIONS");
	CU_ASSERT_EQUAL(sip_transport_via_push(T.tp, req, SIP_PROTO_UDP, NULL), 0);
	CU_ASSERT_EQUAL(req->via->host.len, 16);
	CU_ASSERT_TRUE(sip_str_eq_c(req->via->host, "pc33.atlanta.com"));
	CU_ASSERT_EQUAL(req->via->port, 5062);
	CU_ASSERT_EQUAL(memcmp(req->via->branch.p, "z9hG4bK", 7), 0);
	sip_msg_destroy(req);
}

/* A request whose printed size is `len` bytes exactly (a body fills it up). */
static struct sip_msg *request_of_size(size_t len)
{
	struct sip_msg *req = tsxtest_our_request("MESSAGE");
	char *text, *body;
	size_t n;

	if (sip_transport_via_push(T.tp, req, SIP_PROTO_UDP, "z9hG4bKbig") != 0 ||
	    sip_msg_set_body(req, "text/plain", "", 0) != 0 || sip_msg_print_alloc(req, &text, &n) != 0)
		return req;
	free(text);
	/* Content-Length grows by the digits of the new length: "0" -> "1xxx" */
	size_t fill = len - n - 3;

	body = malloc(fill);
	memset(body, 'x', fill);
	CU_ASSERT_EQUAL(sip_msg_set_body(req, "text/plain", body, fill), 0);
	free(body);
	CU_ASSERT_EQUAL(sip_msg_print_alloc(req, &text, &n), 0);
	CU_ASSERT_EQUAL(n, len);
	free(text);
	return req;
}

/* RFC3261 18.1.1: "If a request is within 200 bytes of the path MTU, or if it is larger
 * than 1300 bytes and the path MTU is unknown, the request MUST be sent using an RFC
 * 2914 [43] congestion controlled transport protocol, such as TCP. If this causes a
 * change in the transport protocol from the one indicated in the top Via, the value in
 * the top Via MUST be changed." (MTU 1500 by default: 1300 bytes go over UDP, 1301 over
 * TCP.) */
static void test_rfc3261_18_1_1_large_request_switches_to_tcp(void)
{
	struct sip_msg *small = request_of_size(1300), *large = request_of_size(1301);
	struct sip_dest d1 = tsxtest_dest(SIP_PROTO_UDP, TSXTEST_PEER), d2 = d1;

	CU_ASSERT_EQUAL(sip_transport_send_request(T.tp, small, &d1), 0);
	CU_ASSERT_EQUAL(d1.proto, SIP_PROTO_UDP);
	CU_ASSERT_EQUAL(sip_transport_send_request(T.tp, large, &d2), 0);
	CU_ASSERT_EQUAL(d2.proto, SIP_PROTO_TCP);
	CU_ASSERT_EQUAL(T.nsent, 2);
	CU_ASSERT_EQUAL(T.sent[0].dst.proto, SIP_PROTO_UDP);
	CU_ASSERT_EQUAL(T.sent[1].dst.proto, SIP_PROTO_TCP);
	CU_ASSERT_TRUE(sip_str_eq_c(large->via->transport, "TCP"));
	CU_ASSERT_TRUE(sip_str_eq_c(large->via->branch, "z9hG4bKbig"));
	CU_ASSERT_EQUAL(large->rows[SIP_HDR_VIA], 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(T.sent[1].data, "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bKbig"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC3261 18.1.1] 1301-byte request is within 200 bytes"));
	sip_msg_destroy(small);
	sip_msg_destroy(large);
}

/* The same rule with a configured MTU (576: the limit is 376 bytes), and the
 * transaction follows the switch: over TCP no Timer A. */
static void test_rfc3261_18_1_1_mtu_configurable_and_transaction_follows(void)
{
	struct sip_transport_config cfg;
	struct sip_msg *req;
	struct sip_dest dst = tsxtest_dest(SIP_PROTO_UDP, TSXTEST_PEER);
	struct sip_tsx *tsx = NULL;

	tsxtest_fini(&T);
	memset(&cfg, 0, sizeof(cfg));
	cfg.udp = tsxtest_addr(TSXTEST_LOCAL);
	cfg.mtu = 576;
	CU_ASSERT_EQUAL(tsxtest_init(&T, &cfg, NULL), 0);
	req = tsxtest_our_request("INVITE");
	CU_ASSERT_EQUAL(sip_msg_set_body(req, "application/sdp", "v=0\r\n", 5), 0);
	CU_ASSERT_EQUAL(sip_tsx_request(T.layer, req, &dst, NULL, &tsx), 0);
	CU_ASSERT_EQUAL(sip_tsx_dest(tsx)->proto, SIP_PROTO_UDP);  /* about 330 bytes */
	CU_ASSERT_EQUAL(sip_msg_set_body(req, "application/sdp", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n"
				 "s=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n", 94), 0);
	CU_ASSERT_EQUAL(sip_tsx_request(T.layer, req, &dst, NULL, &tsx), 0);
	CU_ASSERT_EQUAL(sip_tsx_dest(tsx)->proto, SIP_PROTO_TCP);
	tsxtest_advance(&T, 600000);
	CU_ASSERT_EQUAL(tsxtest_count_sent(&T, "INVITE "), 3);  /* the UDP one was resent once */
	sip_msg_destroy(req);
}

/* RFC3261 8.1.2: the top Route when the first element is a loose router, else the
 * Request-URI; RFC3263 4: "We define TARGET as the value of the maddr parameter of the
 * URI, if present, otherwise, the host value of the hostport component of the URI.";
 * 4.1: "If the URI specifies a transport protocol in the transport parameter, that
 * transport protocol SHOULD be used." */
static void test_rfc3263_4_1_next_hop_from_the_uris(void)
{
	struct sip_msg *m = parse("OPTIONS sip:bob@192.0.2.9:5070;transport=tcp SIP/2.0\r\n"
				  "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n" ROWS);
	struct sip_dest d;
	char a[NET_ADDR_STRLEN];

	CU_ASSERT_EQUAL(sip_transport_next_hop(m, &d), 0);
	CU_ASSERT_EQUAL(d.proto, SIP_PROTO_TCP);
	(void)net_addr_format(&d.addr, a, sizeof(a));
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.9:5070");
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_ROUTE, "<sip:192.0.2.20;lr>"), 0);
	CU_ASSERT_EQUAL(sip_transport_next_hop(m, &d), 0);
	CU_ASSERT_EQUAL(d.proto, SIP_PROTO_UDP);
	(void)net_addr_format(&d.addr, a, sizeof(a));
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.20:5060");
	CU_ASSERT_EQUAL(sip_msg_hdr_set(m, SIP_HDR_ROUTE, "<sip:192.0.2.20>"), 0);  /* strict */
	CU_ASSERT_EQUAL(sip_transport_next_hop(m, &d), 0);
	(void)net_addr_format(&d.addr, a, sizeof(a));
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.9:5070");
	CU_ASSERT_EQUAL(sip_msg_hdr_set(m, SIP_HDR_ROUTE, "<sip:p.example.com;lr;maddr=192.0.2.30>"), 0);
	CU_ASSERT_EQUAL(sip_transport_next_hop(m, &d), 0);
	(void)net_addr_format(&d.addr, a, sizeof(a));
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.30:5060");
	CU_ASSERT_EQUAL(sip_msg_hdr_set(m, SIP_HDR_ROUTE, "<sip:p.example.com;lr>"), 0);
	CU_ASSERT_EQUAL(sip_transport_next_hop(m, &d), EHOSTUNREACH);
	CU_ASSERT_EQUAL(sip_msg_hdr_set(m, SIP_HDR_ROUTE, "<sip:[2001:db8::9]:5071;lr;transport=sctp>"), 0);
	CU_ASSERT_EQUAL(sip_transport_next_hop(m, &d), EPROTONOSUPPORT);
	CU_ASSERT_EQUAL(sip_msg_hdr_set(m, SIP_HDR_ROUTE, "<sip:[2001:db8::9]:5071;lr>"), 0);
	CU_ASSERT_EQUAL(sip_transport_next_hop(m, &d), 0);
	(void)net_addr_format(&d.addr, a, sizeof(a));
	CU_ASSERT_STRING_EQUAL(a, "[2001:db8::9]:5071");
	CU_ASSERT_EQUAL(sip_msg_hdr_set(m, SIP_HDR_ROUTE, "<sips:192.0.2.20;lr>"), 0);
	CU_ASSERT_EQUAL(sip_transport_next_hop(m, &d), EPROTONOSUPPORT);
	sip_msg_destroy(m);
}

/* ---- §18.2.1 Receiving requests, RFC 3581 §4 ------------------------------------------ */

/* RFC3261 18.2.1: "If the host portion of the "sent-by" parameter contains a domain
 * name, or if it contains an IP address that differs from the packet source address,
 * the server MUST add a "received" parameter to that Via header field value." ...
 *    INVITE sip:bob@Biloxi.com SIP/2.0
 *    Via: SIP/2.0/UDP bobspc.biloxi.com:5060
 * "The request is received with a source IP address of 192.0.2.4." ...
 *    Via: SIP/2.0/UDP bobspc.biloxi.com:5060;received=192.0.2.4 */
static void test_rfc3261_18_2_1_received_added_for_a_host_name(void)
{
	const struct sip_via *v;

	tsxtest_recv(&T, SIP_PROTO_UDP, "192.0.2.4:5060", 0,
		     "INVITE sip:bob@Biloxi.com SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP bobspc.biloxi.com:5060\r\n"
		     "Max-Forwards: 70\r\nTo: <sip:bob@biloxi.com>\r\n"
		     "From: <sip:alice@atlanta.com>;tag=1\r\nCall-ID: x1\r\nCSeq: 1 INVITE\r\n"
		     "Content-Length: 0\r\n\r\n");
	v = server_via();
	if (v == NULL)
		return;
	CU_ASSERT_TRUE(sip_str_eq_c(v->text, "SIP/2.0/UDP bobspc.biloxi.com:5060;received=192.0.2.4"));
	CU_ASSERT_EQUAL(v->rport, -1);
}

/* ... "or if it contains an IP address that differs from the packet source address" -
 * and not when it is the same. */
static void test_rfc3261_18_2_1_received_only_when_the_ip_differs(void)
{
	const struct sip_via *v;

	tsxtest_recv(&T, SIP_PROTO_UDP, "192.0.2.9:7000", 0,
		     "OPTIONS sip:bob@192.0.2.1 SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bK1\r\n" ROWS);
	v = server_via();
	CU_ASSERT_TRUE(v != NULL && v->received.p == NULL);
	tsxtest_recv(&T, SIP_PROTO_UDP, "[2001:db8::4]:5060", 0,
		     "OPTIONS sip:bob@192.0.2.1 SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bK2\r\n" ROWS);
	v = server_via();
	CU_ASSERT_TRUE(v != NULL && sip_str_eq_c(v->received, "2001:db8::4"));
	/* RFC5118 4.5: "When sending a request, implementations must not put the delimiting
	 * "[" and "]" tokens." - nor in received: no brackets written. */
	CU_ASSERT_TRUE(v != NULL && strstr(v->text.p, "received=2001:db8::4") != NULL);
}

/* RFC3581 4: "If this Via header field value contains an "rport" parameter with no
 * value, it MUST set the value of the parameter to the source port of the request."
 * The example of RFC 3581 §6:
 *    Via: SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bKkjshdyff
 * "the source IP address appears as 192.0.2.1 and the source port as 9988" ...
 *    Via: SIP/2.0/UDP 10.1.1.1:4540;received=192.0.2.1;rport=9988
 *     ;branch=z9hG4bKkjshdyff */
static void test_rfc3581_4_rport_filled_with_the_source_port(void)
{
	const struct sip_via *v;

	tsxtest_recv(&T, SIP_PROTO_UDP, "192.0.2.1:9988", 0,
		     "INVITE sip:user@example.com SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bKkjshdyff\r\n"
		     "Max-Forwards: 70\r\nTo: <sip:user@example.com>\r\n"
		     "From: <sip:a@example.com>;tag=1\r\nCall-ID: r1\r\nCSeq: 1 INVITE\r\n"
		     "Content-Length: 0\r\n\r\n");
	v = server_via();
	if (v == NULL)
		return;
	CU_ASSERT_EQUAL(v->rport, 9988);
	CU_ASSERT_TRUE(sip_str_eq_c(v->received, "192.0.2.1"));
	CU_ASSERT_TRUE(sip_str_eq_c(v->branch, "z9hG4bKkjshdyff"));
	CU_ASSERT_TRUE(sip_str_eq_c(v->host, "10.1.1.1"));
	CU_ASSERT_EQUAL(v->port, 4540);
}

/* RFC3581 4: "In fact, the server MUST insert a "received" parameter containing the
 * source IP address that the request came from, even if it is identical to the value
 * of the "sent-by" component.  Note that this processing takes place independent of
 * the transport protocol." */
static void test_rfc3581_4_received_even_if_identical_any_transport(void)
{
	const struct sip_via *v;

	tsxtest_recv(&T, SIP_PROTO_TCP, "192.0.2.9:40001", 5,
		     "OPTIONS sip:bob@192.0.2.1 SIP/2.0\r\n"
		     "Via: SIP/2.0/TCP 192.0.2.9:5060;rport;branch=z9hG4bK3\r\n" ROWS);
	v = server_via();
	if (v == NULL)
		return;
	CU_ASSERT_TRUE(sip_str_eq_c(v->received, "192.0.2.9"));
	CU_ASSERT_EQUAL(v->rport, 40001);
}

/* A received= the client wrote itself is replaced by the real source address (a
 * reflection guard; §18.2.1: "This parameter MUST contain the source address from
 * which the packet was received."). */
static void test_rfc3261_18_2_1_received_is_the_real_source(void)
{
	const struct sip_via *v;

	tsxtest_recv(&T, SIP_PROTO_UDP, "192.0.2.9:5060", 0,
		     "OPTIONS sip:bob@192.0.2.1 SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP 192.0.2.9:5060;received=203.0.113.66;branch=z9hG4bK4\r\n" ROWS);
	v = server_via();
	CU_ASSERT_TRUE(v != NULL && sip_str_eq_c(v->received, "192.0.2.9"));
}

/* A top Via that cannot route a response back rejects the request: no Via, another
 * protocol, a transport we do not speak, or not the one it came over (§18.1.1: a
 * client that changes transport changes its Via). */
static void test_rfc3261_18_2_1_unusable_top_via_rejected(void)
{
	static const char *const vias[] = {
		"Via: SIP/2.0/SCTP 192.0.2.9:5060;branch=z9hG4bK5\r\n",
		"Via: SIP/2.0/TCP 192.0.2.9:5060;branch=z9hG4bK6\r\n",
		"Via: FOO/2.0/UDP 192.0.2.9:5060;branch=z9hG4bK7\r\n",
		"",
	};
	char text[1024];

	for (size_t i = 0; i < 4; i++) {
		snprintf(text, sizeof(text), "OPTIONS sip:bob@192.0.2.1 SIP/2.0\r\n%s" ROWS, vias[i]);
		CU_ASSERT_EQUAL(tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0, text), 0);
	}
	CU_ASSERT_EQUAL(T.nev, 0);
	CU_ASSERT_EQUAL(T.nsent, 0);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "top Via names a transport other than UDP or TCP"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "top Via names another transport than the one the request came over"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "top Via is not SIP/2.0"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "Via header field missing; dropped: no Via"));
}

/* A request the message layer refuses is answered statelessly with its status and
 * reason (RFC 4475: "should respond with a 400 Bad Request"), through §18.2.2. */
static void test_rfc3261_8_2_malformed_request_answered_statelessly(void)
{
	struct sip_msg *r;

	tsxtest_recv(&T, SIP_PROTO_UDP, "192.0.2.9:6000", 0,
		     "OPTIONS sip:bob@192.0.2.1 SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP 192.0.2.9:5060;rport;branch=z9hG4bK8\r\n"
		     "Max-Forwards: 70\r\nTo: <sip:bob@192.0.2.1>\r\n"
		     "From: <sip:alice@192.0.2.9>;tag=a1\r\nCall-ID: c8\r\nCSeq: 1 INVITE\r\n"
		     "Content-Length: 0\r\n\r\n");
	CU_ASSERT_EQUAL(T.nev, 0);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_EQUAL(sip_tsx_layer_count(T.layer), 0);  /* statelessly */
	r = tsxtest_sent_msg(&T, 0);
	if (r != NULL) {
		CU_ASSERT_EQUAL(r->status, 400);
		CU_ASSERT_TRUE(sip_str_eq_c(r->reason, "CSeq method does not match the request method"));
		CU_ASSERT_EQUAL(r->via->rport, 6000);
		sip_msg_destroy(r);
	}
	CU_ASSERT_EQUAL(net_addr_port(&T.sent[0].dst.addr), 6000);  /* RFC 3581 */
	tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0,
		     "OPTIONS sip:bob@192.0.2.1 SIP/7.0\r\n"
		     "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bK9\r\n" ROWS);
	CU_ASSERT_EQUAL(T.nsent, 2);
	CU_ASSERT_STRING_EQUAL(T.sent[1].line, "SIP/2.0 505 SIP version not supported");
}

/* A request that does not even parse is answered from its own Via, From, To, Call-ID
 * and CSeq rows when those are sound; otherwise, and for an ACK, dropped. */
static void test_rfc3261_8_2_unparsable_request_answered_from_its_rows(void)
{
	struct sip_msg *r;

	tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0,
		     "OPTIONS sip:bob@192.0.2.1 SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKa\r\n"
		     "Contact: <sip:x@;;>\r\n" ROWS);
	CU_ASSERT_EQUAL(T.nsent, 1);
	r = tsxtest_sent_msg(&T, 0);
	if (r != NULL) {
		CU_ASSERT_EQUAL(r->status, 400);
		CU_ASSERT_TRUE(sip_str_eq_c(r->reason, "host expected"));
		CU_ASSERT_TRUE(sip_str_eq_c(r->via->branch, "z9hG4bKa"));
		CU_ASSERT_TRUE(sip_str_eq_c(r->call_id, "c1@192.0.2.9"));
		CU_ASSERT_EQUAL(r->cseq->seq, 1);
		CU_ASSERT_TRUE(sip_str_eq_c(r->from->tag, "a1"));
		sip_msg_destroy(r);
	}
	tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0,   /* the Via itself is broken */
		     "OPTIONS sip:bob@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP ;;\r\n" ROWS);
	tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0,   /* an ACK is never answered */
		     "ACK sip:bob@192.0.2.1 SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKb\r\n"
		     "Contact: <sip:x@;;>\r\n" ROWS);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_EQUAL(T.nev, 0);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "dropped: no Via to answer to (or an ACK)"));
}

/* RFC3261 18.3: "If the message is a response, it MUST be discarded." (malformed
 * responses are never answered) */
static void test_rfc3261_18_3_malformed_response_dropped(void)
{
	tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0,
		     "SIP/2.0 200 OK\r\n"
		     "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKc\r\n"
		     "To: <sip:bob@192.0.2.1>\r\nFrom: <sip:a@192.0.2.9>;tag=1\r\nCall-ID: c\r\n"
		     "CSeq: x OPTIONS\r\nContent-Length: 0\r\n\r\n");
	tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0,
		     "SIP/2.0 200 OK\r\n"
		     "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKc\r\n"
		     "To: <sip:bob@192.0.2.1>\r\nFrom: <sip:a@192.0.2.9>;tag=1\r\nCall-ID: c\r\n"
		     "Content-Length: 0\r\n\r\n");
	CU_ASSERT_EQUAL(T.nsent, 0);
	CU_ASSERT_EQUAL(T.nev, 0);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "CSeq: sequence number expected at line 6 col 7"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "CSeq header field missing"));
}

/* ---- §18.1.2 Receiving responses ---------------------------------------------------- */

/* RFC3261 18.1.2: "If the value of the "sent-by" parameter in that header field value
 * does not correspond to a value that the client transport is configured to insert
 * into requests, the response MUST be silently discarded." */
static void test_rfc3261_18_1_2_response_for_another_sent_by_discarded(void)
{
	static const char *const sent_by[] = { "192.0.2.2:5060", "192.0.2.1:5070", "192.0.2.1" };
	char text[512];

	for (size_t i = 0; i < 3; i++) {
		snprintf(text, sizeof(text),
			 "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP %s;branch=z9hG4bKd\r\n"
			 "To: <sip:b@192.0.2.9>;tag=2\r\nFrom: <sip:a@192.0.2.1>;tag=1\r\n"
			 "Call-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n", sent_by[i]);
		tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0, text);
	}
	/* the first two are not ours; the third is (no port: 5060), and stray */
	CU_ASSERT_EQUAL(tsxtest_count_events(&T, TSXTEST_STRAY), 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC3261 18.1.2] UDP from 192.0.2.9:5060: top Via sent-by "
					   "is not ours: response discarded"));
}

/* ---- §18.2.2 Sending responses ------------------------------------------------------ */

/* The route for a response with top Via `via`, its request having come as `from`. */
static int route(const char *via, const struct sip_recv_info *from, char *addr, size_t cap,
		 struct sip_dest *d)
{
	char text[512];
	struct sip_msg *m;
	int rc;

	snprintf(text, sizeof(text),
		 "SIP/2.0 200 OK\r\nVia: %s\r\nTo: <sip:b@x>;tag=2\r\nFrom: <sip:a@x>;tag=1\r\n"
		 "Call-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n", via);
	m = parse(text);
	if (m == NULL)
		return -1;
	rc = sip_transport_response_dest(m, from, d);
	addr[0] = '\0';
	if (rc == 0 && net_addr_family(&d->addr) != AF_UNSPEC)
		(void)net_addr_format(&d->addr, addr, cap);
	sip_msg_destroy(m);
	return rc;
}

/* RFC3261 18.2.2: "If the "sent-protocol" is a reliable transport protocol such as TCP
 * or SCTP, or TLS over those, the response MUST be sent using the existing connection
 * to the source of the original request that created the transaction, if that
 * connection is still open." ... "If that connection is no longer open, the server
 * SHOULD open a connection to the IP address in the "received" parameter, if present,
 * using the port in the "sent-by" value, or the default port for that transport, if no
 * port is specified." */
static void test_rfc3261_18_2_2_reliable_uses_the_connection(void)
{
	struct sip_recv_info from;
	struct sip_dest d;
	char a[NET_ADDR_STRLEN];

	memset(&from, 0, sizeof(from));
	from.proto = SIP_PROTO_TCP;
	from.src = tsxtest_addr("192.0.2.4:40000");
	from.local = tsxtest_addr(TSXTEST_LOCAL);
	from.conn_id = 42;
	CU_ASSERT_EQUAL(route("SIP/2.0/TCP pc.example.com:5066;received=192.0.2.4", &from, a,
			      sizeof(a), &d), 0);
	CU_ASSERT_EQUAL(d.proto, SIP_PROTO_TCP);
	CU_ASSERT_EQUAL(d.conn_id, 42);
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.4:5066");
	CU_ASSERT_EQUAL(route("SIP/2.0/TCP 192.0.2.5", NULL, a, sizeof(a), &d), 0);
	CU_ASSERT_EQUAL(d.conn_id, 0);
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.5:5060");
	CU_ASSERT_EQUAL(route("SIP/2.0/TCP pc.example.com", &from, a, sizeof(a), &d), 0);
	CU_ASSERT_EQUAL(d.conn_id, 42);  /* a name: only the connection is known */
	CU_ASSERT_EQUAL(route("SIP/2.0/TCP pc.example.com", NULL, a, sizeof(a), &d), EHOSTUNREACH);
}

/* RFC3261 18.2.2: "Otherwise, if the Via header field value contains a "maddr"
 * parameter, the response MUST be forwarded to the address listed there, using the
 * port indicated in "sent-by", or port 5060 if none is present." */
static void test_rfc3261_18_2_2_maddr(void)
{
	struct sip_dest d;
	char a[NET_ADDR_STRLEN];

	CU_ASSERT_EQUAL(route("SIP/2.0/UDP 192.0.2.4:5070;maddr=192.0.2.77;received=192.0.2.5;rport=9",
			      NULL, a, sizeof(a), &d), 0);
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.77:5070");
	CU_ASSERT_EQUAL(route("SIP/2.0/UDP 192.0.2.4;maddr=192.0.2.77", NULL, a, sizeof(a), &d), 0);
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.77:5060");
}

/* RFC3581 4: "there is both a "received" parameter and an "rport" parameter, the
 * response MUST be sent to the IP address listed in the "received" parameter, and the
 * port in the "rport" parameter.  The response MUST be sent from the same address and
 * port that the corresponding request was received on."  (§6: "sends the response to
 * IP address 192.0.2.1, port 9988") */
static void test_rfc3581_4_response_to_received_and_rport(void)
{
	struct sip_recv_info from;
	struct sip_dest d;
	char a[NET_ADDR_STRLEN], l[NET_ADDR_STRLEN];

	memset(&from, 0, sizeof(from));
	from.proto = SIP_PROTO_UDP;
	from.src = tsxtest_addr("192.0.2.1:9988");
	from.local = tsxtest_addr("192.0.2.2:5060");
	CU_ASSERT_EQUAL(route("SIP/2.0/UDP 10.1.1.1:4540;received=192.0.2.1;rport=9988"
			      ";branch=z9hG4bKkjshdyff", &from, a, sizeof(a), &d), 0);
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.1:9988");
	(void)net_addr_format(&d.local, l, sizeof(l));
	CU_ASSERT_STRING_EQUAL(l, "192.0.2.2:5060");
}

/* RFC3261 18.2.2: "Otherwise (for unreliable unicast transports), if the top Via has
 * a "received" parameter, the response MUST be sent to the address in the "received"
 * parameter, using the port indicated in the "sent-by" value, or using port 5060 if
 * none is specified explicitly." ... "Otherwise, if it is not receiver-tagged, the
 * response MUST be sent to the address indicated by the "sent-by" value" */
static void test_rfc3261_18_2_2_received_then_sent_by(void)
{
	struct sip_dest d;
	char a[NET_ADDR_STRLEN];

	CU_ASSERT_EQUAL(route("SIP/2.0/UDP bobspc.biloxi.com:5060;received=192.0.2.4", NULL, a,
			      sizeof(a), &d), 0);
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.4:5060");
	CU_ASSERT_EQUAL(route("SIP/2.0/UDP 192.0.2.8;received=192.0.2.4", NULL, a, sizeof(a), &d), 0);
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.4:5060");
	CU_ASSERT_EQUAL(route("SIP/2.0/UDP 192.0.2.8:5099", NULL, a, sizeof(a), &d), 0);
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.8:5099");
	CU_ASSERT_EQUAL(route("SIP/2.0/UDP [2001:db8::8]:5099", NULL, a, sizeof(a), &d), 0);
	CU_ASSERT_STRING_EQUAL(a, "[2001:db8::8]:5099");
	CU_ASSERT_EQUAL(route("SIP/2.0/UDP pc.example.com", NULL, a, sizeof(a), &d), EHOSTUNREACH);
	CU_ASSERT_EQUAL(route("SIP/2.0/SCTP 192.0.2.8", NULL, a, sizeof(a), &d), EINVAL);
}

/* RFC3263 5: "If it contains a numeric IP address, the server attempts to send the
 * response to that address, using the transport protocol from the Via header, and the
 * port from sent-by, if present, else the default for that transport protocol." ...
 * "If, however, the sent-by field contained a domain name and a port number, the server
 * queries for A or AAAA records with that name."  Numeric sent-by over UDP and over TCP
 * whose connection is gone: that address, its port or 5060.  A name (with or without a
 * port) would need DNS, which we leave out: EHOSTUNREACH, never a guessed address. */
static void test_rfc3263_5_numeric_sent_by_default_port_names_unresolved(void)
{
	struct sip_dest d;
	char a[NET_ADDR_STRLEN];

	CU_ASSERT_EQUAL(route("SIP/2.0/UDP 192.0.2.8", NULL, a, sizeof(a), &d), 0);
	CU_ASSERT_EQUAL(d.proto, SIP_PROTO_UDP);
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.8:5060");
	CU_ASSERT_EQUAL(route("SIP/2.0/TCP 192.0.2.8:5072", NULL, a, sizeof(a), &d), 0);
	CU_ASSERT_EQUAL(d.proto, SIP_PROTO_TCP);
	CU_ASSERT_EQUAL(d.conn_id, 0);
	CU_ASSERT_STRING_EQUAL(a, "192.0.2.8:5072");
	CU_ASSERT_EQUAL(route("SIP/2.0/TCP [2001:db8::8]", NULL, a, sizeof(a), &d), 0);
	CU_ASSERT_STRING_EQUAL(a, "[2001:db8::8]:5060");
	CU_ASSERT_EQUAL(route("SIP/2.0/UDP client.atlanta.example.com:5060", NULL, a, sizeof(a), &d),
			EHOSTUNREACH);
	CU_ASSERT_EQUAL(route("SIP/2.0/UDP client.atlanta.example.com", NULL, a, sizeof(a), &d),
			EHOSTUNREACH);
	CU_ASSERT_EQUAL(route("SIP/2.0/TCP client.atlanta.example.com", NULL, a, sizeof(a), &d),
			EHOSTUNREACH);
}

/* A stateless response goes where §18.2.2 says, and a response that cannot be routed
 * is logged, not sent. */
static void test_rfc3261_18_2_2_stateless_response_send(void)
{
	struct sip_msg *m = parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.8:5099\r\n"
				  "To: <sip:b@x>;tag=2\r\nFrom: <sip:a@x>;tag=1\r\n"
				  "Call-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
	struct sip_msg *n = parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP pc.example.com\r\n"
				  "To: <sip:b@x>;tag=2\r\nFrom: <sip:a@x>;tag=1\r\n"
				  "Call-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");

	CU_ASSERT_EQUAL(sip_transport_send_response(T.tp, m, NULL), 0);
	CU_ASSERT_EQUAL(sip_transport_send_response(T.tp, n, NULL), EHOSTUNREACH);
	CU_ASSERT_EQUAL(T.nsent, 1);
	CU_ASSERT_EQUAL(net_addr_port(&T.sent[0].dst.addr), 5099);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "RFC3261 18.2.2] 200 response not sent: sent-by is a host name"));
	sip_msg_destroy(m);
	sip_msg_destroy(n);
}

/* ---- §18.3 Framing ---------------------------------------------------------------------- */

#define FRAMED(cl, body)                                                   \
	"OPTIONS sip:bob@192.0.2.1 SIP/2.0\r\n"                           \
	"Via: SIP/2.0/TCP 192.0.2.9:5060;branch=z9hG4bK" cl "\r\n"        \
	"Max-Forwards: 70\r\nTo: <sip:bob@192.0.2.1>\r\n"                 \
	"From: <sip:alice@192.0.2.9>;tag=a1\r\nCall-ID: f" cl "\r\n"      \
	"CSeq: 1 OPTIONS\r\nContent-Length: " cl "\r\n\r\n" body

/* RFC3261 18.3: "If the transport packet ends before the end of the message body, this
 * is considered an error." - on UDP the datagram is discarded, with a log line saying
 * why (DEVIATION from "SHOULD generate a 400", see transport_recv.c). */
static void test_rfc3261_18_3_udp_body_shorter_than_content_length(void)
{
	tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0,
		     "OPTIONS sip:bob@192.0.2.1 SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKe\r\n"
		     "Max-Forwards: 70\r\nTo: <sip:bob@192.0.2.1>\r\n"
		     "From: <sip:alice@192.0.2.9>;tag=a1\r\nCall-ID: e\r\nCSeq: 1 OPTIONS\r\n"
		     "Content-Length: 10\r\n\r\nabc");
	CU_ASSERT_EQUAL(T.nev, 0);
	CU_ASSERT_EQUAL(T.nsent, 0);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "[transport RFC3261 18.3] UDP from 192.0.2.9:5060: datagram "
					   "ends before the Content-Length body: discarded (OPTIONS "
					   "sip:bob@192.0.2.1 SIP/2.0)"));
}

/* RFC3261 18.3: "If there are additional bytes in the transport packet beyond the end
 * of the body, they MUST be discarded." */
static void test_rfc3261_18_3_udp_bytes_after_the_body_discarded(void)
{
	tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0,
		     "OPTIONS sip:bob@192.0.2.1 SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKf\r\n"
		     "Max-Forwards: 70\r\nTo: <sip:bob@192.0.2.1>\r\n"
		     "From: <sip:alice@192.0.2.9>;tag=a1\r\nCall-ID: f\r\nCSeq: 1 OPTIONS\r\n"
		     "Content-Type: text/plain\r\nContent-Length: 3\r\n\r\nabcGARBAGE");
	CU_ASSERT_EQUAL(T.nev, 1);
	CU_ASSERT_TRUE(T.server != NULL && sip_tsx_request_msg(T.server)->body.len == 3);
}

/* RFC3261 18.3: "In the case of stream-oriented transports such as TCP, the Content-
 * Length header field indicates the size of the body." - messages are cut from the
 * stream by it, whole ones only; CRLFs between them are skipped (§7.5). */
static void test_rfc3261_18_3_tcp_framed_by_content_length(void)
{
	const char two[] = FRAMED("3", "abc") "\r\n\r\n" FRAMED("0", "");
	const char part[] = FRAMED("4", "ab");
	size_t consumed = 99;
	size_t len = strlen(two);

	CU_ASSERT_EQUAL(tsxtest_recv_bytes(&T, SIP_PROTO_TCP, TSXTEST_PEER, 9, two, len, &consumed), 0);
	CU_ASSERT_EQUAL(consumed, len);
	CU_ASSERT_EQUAL(T.nev, 2);
	CU_ASSERT_EQUAL(tsxtest_recv_bytes(&T, SIP_PROTO_TCP, TSXTEST_PEER, 9, part, strlen(part),
					   &consumed), 0);
	CU_ASSERT_EQUAL(consumed, 0);  /* waits for the rest of the body */
	CU_ASSERT_EQUAL(T.nev, 2);
	CU_ASSERT_EQUAL(tsxtest_recv_bytes(&T, SIP_PROTO_TCP, TSXTEST_PEER, 9, "\r\n\r\n", 4,
					   &consumed), 0);
	CU_ASSERT_EQUAL(consumed, 4);  /* keep-alive CRLFs */
	CU_ASSERT_TRUE(T.server != NULL && sip_tsx_source(T.server)->conn_id == 9);
}

/* RFC3261 18.3: "The Content-Length header field MUST be used with stream oriented
 * transports." - without it the stream cannot be framed: EBADMSG, the caller closes
 * the connection (RFC 4475 §3.1.2.3: "the connection should be closed"). */
static void test_rfc3261_18_3_tcp_framing_error_closes(void)
{
	const char bad[] = "OPTIONS sip:bob@192.0.2.1 SIP/2.0\r\n"
			   "Via: SIP/2.0/TCP 192.0.2.9:5060;branch=z9hG4bKg\r\n"
			   "Max-Forwards: 70\r\nTo: <sip:bob@192.0.2.1>\r\n"
			   "From: <sip:alice@192.0.2.9>;tag=a1\r\nCall-ID: g\r\nCSeq: 1 OPTIONS\r\n\r\n";
	const char before[] = FRAMED("0", "");
	char both[2048];
	size_t consumed = 99;

	snprintf(both, sizeof(both), "%s%s", before, bad);
	CU_ASSERT_EQUAL(tsxtest_recv_bytes(&T, SIP_PROTO_TCP, TSXTEST_PEER, 9, both, strlen(both),
					   &consumed), EBADMSG);
	CU_ASSERT_EQUAL(consumed, strlen(before));  /* the good message before it went up */
	CU_ASSERT_EQUAL(T.nev, 1);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "cannot frame the stream (Content-Length missing on a stream "
					   "transport): closing the connection"));
}

/* ---- The one trace point -------------------------------------------------------------- */

struct seen {
	struct sip_trace_event ev[8];
	bool parsed[8];
	size_t n;
};

static void on_trace(void *arg, const struct sip_trace_event *ev)
{
	struct seen *s = arg;

	if (s->n < 8) {
		s->parsed[s->n] = ev->msg != NULL;
		s->ev[s->n++] = *ev;
	}
}

/* DESIGN.md "One trace point": every message sent or received passes one function,
 * with direction, transport, addresses, bytes and the parsed message. */
static void test_impl_trace_sees_every_message(void)
{
	struct seen s;
	struct sip_msg *req = tsxtest_our_request("OPTIONS");
	struct sip_dest dst = tsxtest_dest(SIP_PROTO_UDP, TSXTEST_PEER);
	char *resp;
	char line[200], expect[200];

	memset(&s, 0, sizeof(s));
	CU_ASSERT_EQUAL(sip_transport_trace_add(T.tp, on_trace, &s), 0);
	tsxtest_advance(&T, 1500000);
	CU_ASSERT_EQUAL(sip_tsx_request(T.layer, req, &dst, NULL, NULL), 0);
	resp = tsxtest_response_to(&T, 0, 200, "x");
	tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0, resp);
	tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0, "garbage\r\n\r\n");
	CU_ASSERT_EQUAL(s.n, 3);
	CU_ASSERT_EQUAL(s.ev[0].dir, SIP_TRACE_OUT);
	CU_ASSERT_EQUAL(s.ev[0].time_us, 1500000);
	CU_ASSERT_EQUAL(s.ev[0].len, T.sent[0].len);
	CU_ASSERT_TRUE(s.parsed[0]);
	CU_ASSERT_TRUE(net_addr_equal(&s.ev[0].dst, &dst.addr));
	CU_ASSERT_EQUAL(s.ev[1].dir, SIP_TRACE_IN);
	CU_ASSERT_EQUAL(s.ev[1].len, strlen(resp));
	CU_ASSERT_TRUE(s.parsed[1]);
	CU_ASSERT_EQUAL(s.ev[2].dir, SIP_TRACE_IN);
	CU_ASSERT_FALSE(s.parsed[2]);
	CU_ASSERT_EQUAL(sip_trace_summary(&s.ev[1], line, sizeof(line)), 0);
	snprintf(expect, sizeof(expect), "<- UDP 192.0.2.9:5060 > 192.0.2.1:5060 SIP/2.0 200 OK (%zu bytes)",
		 strlen(resp));
	CU_ASSERT_STRING_EQUAL(line, expect);
	CU_ASSERT_EQUAL(sip_trace_summary(&s.ev[1], line, 20), ENOBUFS);
	sip_transport_trace_remove(T.tp, on_trace, &s);
	tsxtest_recv(&T, SIP_PROTO_UDP, TSXTEST_PEER, 0, resp);
	CU_ASSERT_EQUAL(s.n, 3);
	free(resp);
	sip_msg_destroy(req);
}

/* The ready-made hooks: one summary line through the log, one record per message in a
 * capture file (UDP datagram or TCP segment). */
static void test_impl_trace_log_and_pcap_hooks(void)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	struct net_pcap *p = NULL;
	struct net_log log = sip_transport_env(T.tp)->log;
	struct sip_trace tr;
	struct sip_trace_event ev;
	const char msg[] = "OPTIONS sip:x SIP/2.0\r\n\r\n";

	CU_ASSERT_EQUAL(net_pcap_open_stream(&p, f), 0);
	sip_trace_init(&tr);
	CU_ASSERT_EQUAL(sip_trace_add(&tr, sip_trace_to_log, &log), 0);
	CU_ASSERT_EQUAL(sip_trace_add(&tr, sip_trace_to_pcap, p), 0);
	CU_ASSERT_EQUAL(sip_trace_add(&tr, NULL, NULL), EINVAL);
	memset(&ev, 0, sizeof(ev));
	ev.dir = SIP_TRACE_OUT;
	ev.proto = SIP_PROTO_UDP;
	ev.src = tsxtest_addr(TSXTEST_LOCAL);
	ev.dst = tsxtest_addr(TSXTEST_PEER);
	ev.data = msg;
	ev.len = sizeof(msg) - 1;
	sip_trace_emit(&tr, &ev);
	ev.proto = SIP_PROTO_TCP;
	sip_trace_emit(&tr, &ev);
	CU_ASSERT_EQUAL(net_pcap_close(p), 0);
	fclose(f);
	/* 24-byte file header, a 16-byte record header + 20 IPv4 + 8 UDP + payload, then
	 * the TCP handshake (3 records of 40) and the data segment (16 + 40 + payload). */
	CU_ASSERT_EQUAL(size, 24 + (16 + 28 + ev.len) + 3 * (16 + 40) + (16 + 40 + ev.len));
	free(buf);
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "trace: -> UDP 192.0.2.1:5060 > 192.0.2.9:5060 OPTIONS "
					   "sip:x SIP/2.0 (25 bytes)"));
	CU_ASSERT_TRUE(tsxtest_log_has(&T, "trace: -> TCP"));
}

/* Arguments the transport refuses, and the hook list's limits. */
static void test_impl_transport_refusals_and_hook_list(void)
{
	struct sip_transport *t = (struct sip_transport *)&T;
	struct sip_transport_config cfg;
	struct sip_env env = *sip_transport_env(T.tp);
	struct sip_msg *resp = parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.8:5099\r\n"
				     "To: <sip:b@x>;tag=2\r\nFrom: <sip:a@x>;tag=1\r\n"
				     "Call-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
	struct sip_dest d = tsxtest_dest(SIP_PROTO_UDP, TSXTEST_PEER);
	struct sip_trace tr;
	char buf[8], *bytes = NULL;
	size_t len;

	memset(&cfg, 0, sizeof(cfg));
	CU_ASSERT_EQUAL(sip_transport_create(&t, &env, &cfg), EINVAL);  /* no address */
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_EQUAL(sip_transport_config(T.tp)->mtu, SIP_TRANSPORT_MTU);
	CU_ASSERT_EQUAL(sip_transport_branch_new(T.tp, buf, sizeof(buf)), ENOBUFS);
	CU_ASSERT_EQUAL(sip_transport_via_push(T.tp, resp, SIP_PROTO_UDP, NULL), EINVAL);
	CU_ASSERT_EQUAL(sip_transport_prepare_request(T.tp, resp, &d, &bytes, &len), EINVAL);
	CU_ASSERT_EQUAL(sip_transport_send_request(T.tp, resp, &d), EINVAL);
	CU_ASSERT_PTR_NULL(bytes);
	sip_msg_destroy(resp);
	sip_trace_init(&tr);
	for (int i = 0; i < SIP_TRACE_MAX_HOOKS; i++)
		CU_ASSERT_EQUAL(sip_trace_add(&tr, sip_trace_to_log, &buf[i % 8]), 0);
	CU_ASSERT_EQUAL(sip_trace_add(&tr, sip_trace_to_log, NULL), ENOBUFS);
	sip_trace_remove(&tr, sip_trace_to_log, NULL);  /* absent: nothing happens */
	CU_ASSERT_EQUAL(tr.count, SIP_TRACE_MAX_HOOKS);
	sip_trace_remove(&tr, sip_trace_to_log, &buf[0]);
	CU_ASSERT_EQUAL(tr.count, SIP_TRACE_MAX_HOOKS - 1);
	CU_ASSERT_PTR_EQUAL(tr.hooks[0].arg, &buf[1]);
	CU_ASSERT_EQUAL(sip_trace_first_line("\r\n\r\nINVITE x\r\n", 16, buf, sizeof(buf)), 7);
	CU_ASSERT_STRING_EQUAL(buf, "INVITE ");
	CU_ASSERT_EQUAL(sip_trace_first_line("A\001B", 3, buf, sizeof(buf)), 3);
	CU_ASSERT_STRING_EQUAL(buf, "A.B");
	CU_ASSERT_EQUAL(sip_trace_first_line("x", 1, buf, 0), 0);
}

static const struct th_test send_tests[] = {
	TH_TEST(test_rfc3261_18_1_1_via_with_sent_by_and_branch),
	TH_TEST(test_rfc3261_18_1_1_large_request_switches_to_tcp),
	TH_TEST(test_rfc3261_18_1_1_mtu_configurable_and_transaction_follows),
	TH_TEST(test_rfc3263_4_1_next_hop_from_the_uris),
	TH_TEST(test_impl_transport_refusals_and_hook_list),
	TH_END
};

static const struct th_test recv_tests[] = {
	TH_TEST(test_rfc3261_18_2_1_received_added_for_a_host_name),
	TH_TEST(test_rfc3261_18_2_1_received_only_when_the_ip_differs),
	TH_TEST(test_rfc3581_4_rport_filled_with_the_source_port),
	TH_TEST(test_rfc3581_4_received_even_if_identical_any_transport),
	TH_TEST(test_rfc3261_18_2_1_received_is_the_real_source),
	TH_TEST(test_rfc3261_18_2_1_unusable_top_via_rejected),
	TH_TEST(test_rfc3261_8_2_malformed_request_answered_statelessly),
	TH_TEST(test_rfc3261_8_2_unparsable_request_answered_from_its_rows),
	TH_TEST(test_rfc3261_18_3_malformed_response_dropped),
	TH_TEST(test_rfc3261_18_1_2_response_for_another_sent_by_discarded),
	TH_END
};

static const struct th_test route_tests[] = {
	TH_TEST(test_rfc3261_18_2_2_reliable_uses_the_connection),
	TH_TEST(test_rfc3261_18_2_2_maddr),
	TH_TEST(test_rfc3581_4_response_to_received_and_rport),
	TH_TEST(test_rfc3261_18_2_2_received_then_sent_by),
	TH_TEST(test_rfc3263_5_numeric_sent_by_default_port_names_unresolved),
	TH_TEST(test_rfc3261_18_2_2_stateless_response_send),
	TH_END
};

static const struct th_test frame_tests[] = {
	TH_TEST(test_rfc3261_18_3_udp_body_shorter_than_content_length),
	TH_TEST(test_rfc3261_18_3_udp_bytes_after_the_body_discarded),
	TH_TEST(test_rfc3261_18_3_tcp_framed_by_content_length),
	TH_TEST(test_rfc3261_18_3_tcp_framing_error_closes),
	TH_END
};

static const struct th_test trace_tests[] = {
	TH_TEST(test_impl_trace_sees_every_message),
	TH_TEST(test_impl_trace_log_and_pcap_hooks),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 18.1.1 Sending requests", send_tests, setup, teardown },
	{ "RFC3261 18.2.1 Receiving requests, RFC3581 4", recv_tests, setup, teardown },
	{ "RFC3261 18.2.2 Sending responses, RFC3581 4", route_tests, setup, teardown },
	{ "RFC3261 18.3 Framing", frame_tests, setup, teardown },
	{ "sip/trace.h The one trace point (DESIGN.md)", trace_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
