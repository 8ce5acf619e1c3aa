/* tests/sip/test_hdr_via.c - the Via header field (RFC 3261 §20.42, §25; RFC 3581). */
#include "sip/msg.h"
#include "tests/sip/msgtest_util.h"
#include "tests/support/harness.h"

#include <string.h>

static int rejected(const char *rows)
{
	struct sip_error err;
	struct sip_msg *m = msgtest_with_rows(rows, &err);

	sip_msg_destroy(m);
	return m == NULL && err.status == 400 && err.reason != NULL;
}

/* RFC3261 20.42: "The Via header field indicates the transport used for the
 * transaction and identifies the location where the response is to be sent." */
static void test_rfc3261_20_42_via_fields(void)
{
	struct sip_msg *m = msgtest_with_rows(
		"Via: SIP/2.0/UDP erlang.bell-telephone.com:5060;branch=z9hG4bK87asdks7\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const struct sip_via *v = m->via;

	CU_ASSERT_TRUE(msgtest_is(v->protocol, "SIP"));
	CU_ASSERT_TRUE(msgtest_is(v->version, "2.0"));
	CU_ASSERT_TRUE(msgtest_is(v->transport, "UDP"));
	CU_ASSERT_TRUE(msgtest_is(v->host, "erlang.bell-telephone.com"));
	CU_ASSERT_EQUAL(v->host_type, SIP_HOST_NAME);
	CU_ASSERT_EQUAL(v->port, 5060);
	CU_ASSERT_TRUE(msgtest_is(v->branch, "z9hG4bK87asdks7"));
	CU_ASSERT_PTR_NULL(v->received.p);
	CU_ASSERT_EQUAL(v->rport, -1);
	CU_ASSERT_EQUAL(v->ttl, -1);
	CU_ASSERT_TRUE(msgtest_is(v->params, "branch=z9hG4bK87asdks7"));
	CU_ASSERT_TRUE(msgtest_is(v->text, "SIP/2.0/UDP erlang.bell-telephone.com:5060;branch=z9hG4bK87asdks7"));
	CU_ASSERT_PTR_NULL(v->next);
	sip_msg_destroy(m);
}

/* RFC3261 20.42: "Via: SIP/2.0/UDP 192.0.2.1:5060 ;received=192.0.2.207
 * ;branch=z9hG4bK77asjd" - the received, maddr and ttl parameters. */
static void test_rfc3261_20_42_via_received_maddr_ttl(void)
{
	struct sip_msg *m = msgtest_with_rows(
		"Via: SIP/2.0/UDP 192.0.2.1:5060 ;received=192.0.2.207 ;branch=z9hG4bK77asjd"
		";maddr=224.2.0.1;ttl=16;x-extra=\"q;v\"\r\n", NULL);
	struct sip_param prm;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->via->received, "192.0.2.207"));
	CU_ASSERT_TRUE(msgtest_is(m->via->maddr, "224.2.0.1"));
	CU_ASSERT_EQUAL(m->via->ttl, 16);
	CU_ASSERT_EQUAL(m->via->host_type, SIP_HOST_IPV4);
	/* other params stay in the raw list, quoted values whole */
	CU_ASSERT_TRUE(sip_param_find(m->via->params, "x-extra", &prm));
	CU_ASSERT_TRUE(msgtest_is(prm.value, "\"q;v\""));
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP h.example.com;ttl=256\r\n"));
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP h.example.com;received=h.example.com\r\n"));
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP h.example.com;received\r\n"));
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP h.example.com;maddr=-x\r\n"));
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP h.example.com;branch=\"z9hG4bK\"\r\n"));
}

/* RFC3581 3: "The client MUST include an "rport" parameter in the top Via header
 * field ... This parameter MUST have no value"; RFC3581 4: the server "MUST set the
 * value of the "rport" parameter to the source port of the request". */
static void test_rfc3581_3_rport_absent_empty_or_valued(void)
{
	struct sip_msg *m = msgtest_with_rows(
		"Via: SIP/2.0/UDP 10.0.0.1:4000;rport;branch=z9hG4bK1, "
		"SIP/2.0/UDP 10.0.0.2;rport=9988;received=192.0.2.2;branch=z9hG4bK2, "
		"SIP/2.0/UDP 10.0.0.3;branch=z9hG4bK3\r\n", NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->via->rport, 0);
	CU_ASSERT_EQUAL(m->via->next->rport, 9988);
	CU_ASSERT_EQUAL(m->via->next->next->rport, -1);
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP h.example.com;rport=70000\r\n"));
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP h.example.com;rport=x\r\n"));
}

/* RFC3261 7.3.1: "Route: <sip:alice@atlanta.com>, <sip:bob@biloxi.com>" ... "The
 * relative order of header field rows with the same field name is important." -
 * Vias in one row and across rows form one ordered list. */
static void test_rfc3261_7_3_1_via_list_across_rows_and_commas(void)
{
	struct sip_msg *m = msgtest_with_rows("Via: SIP/2.0/UDP a.example.com, SIP/2.0/TCP b.example.com\r\n"
					      "Max-Forwards: 70\r\n"
					      "v: SIP/2.0/TLS c.example.com:5061\r\n", NULL);
	const char *hosts[] = { "a.example.com", "b.example.com", "c.example.com" };
	int i = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	for (const struct sip_via *v = m->via; v != NULL; v = v->next, i++)
		CU_ASSERT_TRUE(i < 3 && msgtest_is(v->host, hosts[i]));
	CU_ASSERT_EQUAL(i, 3);
	CU_ASSERT_EQUAL(m->rows[SIP_HDR_VIA], 2);
	sip_msg_destroy(m);
}

/* RFC3261 25: via-parm = sent-protocol LWS sent-by *( SEMI via-params ), with
 * SLASH = SWS "/" SWS and COLON = SWS ":" SWS. */
static void test_rfc3261_25_via_lws_where_the_grammar_allows(void)
{
	struct sip_msg *m = msgtest_with_rows("Via: SIP / 2.0 / UDP   host.example.com : 5062 ; branch = z9hG4bKx\r\n",
					      NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->via->transport, "UDP"));
	CU_ASSERT_EQUAL(m->via->port, 5062);
	CU_ASSERT_TRUE(msgtest_is(m->via->branch, "z9hG4bKx"));
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDPhost.example.com\r\n"));  /* LWS is required */
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0 host.example.com\r\n"));
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP\r\n"));
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP host.example.com:\r\n"));
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP host.example.com:99999\r\n"));
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP a.example.com,\r\n"));
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP a.example.com x\r\n"));
	CU_ASSERT_TRUE(rejected("Via:\r\n"));
}

/* RFC3261 25: sent-by = host [ COLON port ] with an IPv6reference; RFC5118 4.5:
 * received may carry an IPv6 address with or without brackets. */
static void test_rfc3261_25_via_ipv6_sent_by_and_received(void)
{
	struct sip_msg *m = msgtest_with_rows("Via: SIP/2.0/UDP [2001:db8::9:1]:6050;received=2001:db8::1;"
					      "branch=z9hG4bKa, SIP/2.0/UDP [::1];received=[2001:db8::2]\r\n",
					      NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(msgtest_is(m->via->host, "[2001:db8::9:1]"));
	CU_ASSERT_EQUAL(m->via->host_type, SIP_HOST_IPV6);
	CU_ASSERT_EQUAL(m->via->port, 6050);
	CU_ASSERT_TRUE(msgtest_is(m->via->received, "2001:db8::1"));
	CU_ASSERT_TRUE(msgtest_is(m->via->next->received, "2001:db8::2"));
	sip_msg_destroy(m);
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP [2001:db8::1;branch=z9hG4bKa\r\n"));
	CU_ASSERT_TRUE(rejected("Via: SIP/2.0/UDP h.example.com;received=2001:db8:::::1\r\n"));
}

static const struct th_test via_tests[] = {
	TH_TEST(test_rfc3261_20_42_via_fields),
	TH_TEST(test_rfc3261_20_42_via_received_maddr_ttl),
	TH_TEST(test_rfc3581_3_rport_absent_empty_or_valued),
	TH_TEST(test_rfc3261_7_3_1_via_list_across_rows_and_commas),
	TH_TEST(test_rfc3261_25_via_lws_where_the_grammar_allows),
	TH_TEST(test_rfc3261_25_via_ipv6_sent_by_and_received),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 20.42 Via", via_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
