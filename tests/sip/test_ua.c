/* tests/sip/test_ua.c - the UA core's INVITE sessions on the in-memory network
 * (sip/ua.h): ACK for 2xx, 2xx retransmission, CANCEL, rejections, BYE both ways.
 *
 * Two user agents, alice at 192.0.2.1 and bob at 192.0.2.2, talk over UDP with 10 ms
 * of latency each way on a virtual clock (tests/sip/uatest.h); each test drives one
 * exchange and asserts the messages it produced and the call states reported.
 */
#include "sip/ua.h"
#include "tests/sip/simnet.h"
#include "tests/sip/uatest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define SEC UATEST_SEC
#define MS 1000ull

static struct uatest t;
static struct uatest_ua *alice, *bob;

static void setup(void)
{
	CU_ASSERT_EQUAL(uatest_init(&t, 3261), 0);
	alice = uatest_ua(&t, "alice", "192.0.2.1:5060", NULL);
	bob = uatest_ua(&t, "bob", "192.0.2.2:5060", NULL);
	simnet_latency(t.net, NULL, NULL, 10 * MS);
}

static void teardown(void)
{
	uatest_fini(&t);
}

static struct sip_call *call_bob(void)
{
	struct sip_call *c = NULL;

	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "sip:bob@192.0.2.2:5060", "application/sdp",
				    UATEST_SDP_OFFER, strlen(UATEST_SDP_OFFER), NULL, &c), 0);
	alice->call = c;
	return c;
}

/* RFC3261 13.2.2.4: "The UAC core MUST generate an ACK request for each 2xx received
 * from the transaction layer.  The header fields of the ACK are constructed in the
 * same way as for any request sent within a dialog (see Section 12) with the exception
 * of the CSeq and the header fields related to authentication." */
static void test_rfc3261_13_2_2_4_uac_core_sends_ack(void)
{
	static const char *const ladder[] = {
		"0.000000 alice -> bob UDP INVITE sip:bob@192.0.2.2:5060 SIP/2.0",
		"0.010000 bob -> alice UDP SIP/2.0 180 Ringing",
		"0.010000 bob -> alice UDP SIP/2.0 200 OK",
		"0.020000 alice -> bob UDP ACK sip:bob@192.0.2.2:5060 SIP/2.0",
		NULL
	};
	const struct sip_msg *inv, *ok, *ack;

	call_bob();
	simnet_run(t.net, 5 * SEC);
	CU_ASSERT_TRUE(simnet_ladder_expect(t.net, ladder));
	inv = uatest_sent(&t, "alice", "INVITE", 1);
	ok = uatest_sent(&t, "bob", "SIP/2.0 200", 1);
	ack = uatest_sent(&t, "alice", "ACK", 1);
	if (inv == NULL || ok == NULL || ack == NULL)
		return;
	/* A new transaction: its own branch. */
	CU_ASSERT_STRING_NOT_EQUAL(uatest_branch(ack), uatest_branch(inv));
	CU_ASSERT_EQUAL(strncmp(uatest_branch(ack), "z9hG4bK", 7), 0);
	CU_ASSERT_STRING_EQUAL(uatest_row(ack, SIP_HDR_CSEQ, 0), "1 ACK");
	CU_ASSERT_STRING_EQUAL(uatest_ruri(ack), "sip:bob@192.0.2.2:5060");
	CU_ASSERT_TRUE(sip_str_eq(ack->to->tag, ok->to->tag));
	CU_ASSERT_TRUE(sip_str_eq(ack->from->tag, inv->from->tag));
	CU_ASSERT_TRUE(sip_str_eq(ack->call_id, inv->call_id));
	CU_ASSERT_STRING_EQUAL(uatest_row(ok, SIP_HDR_CONTACT, 0), "<sip:bob@192.0.2.2:5060>");
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_state_event(alice, SIP_CALL_CALLING), 0);
	CU_ASSERT_TRUE(uatest_state_event(alice, SIP_CALL_EARLY) < uatest_state_event(alice, SIP_CALL_CONNECTING));
	CU_ASSERT_TRUE(uatest_state_event(alice, SIP_CALL_CONNECTING) < uatest_state_event(alice, SIP_CALL_CONFIRMED));
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 200"), 1);
}

static const struct th_test uac_tests[] = {
	TH_TEST(test_rfc3261_13_2_2_4_uac_core_sends_ack),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 13.2 UAC processing", uac_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
