/* tests/sip/test_ua_reinvite.c - modifying a session (RFC 3261 §14): re-INVITE for hold
 * and resume, the ACK of its 2xx, rejection, glare (491 and the §14.1 back-off), the
 * 500 for overlapping INVITEs, and the dialog's end after 408 or a 2xx never ACKed.
 *
 * alice (192.0.2.1) calls bob (192.0.2.2) over UDP with 10 ms latency; each test then
 * modifies the confirmed session.
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

/* RFC 3264 §8.4's hold: the same session, a=sendonly, version + 1. */
static const char hold_sdp[] = "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
			       "t=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=sendonly\r\n";
static const char resume_sdp[] = "v=0\r\no=- 1 3 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
				 "t=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=sendrecv\r\n";

static struct uatest t;
static struct uatest_ua *alice, *bob;
static struct sip_call *ac;  /* alice's call */

static void setup(void)
{
	CU_ASSERT_EQUAL(uatest_init(&t, 14), 0);
	alice = uatest_ua(&t, "alice", "192.0.2.1:5060", NULL);
	bob = uatest_ua(&t, "bob", "192.0.2.2:5060", NULL);
	simnet_latency(t.net, NULL, NULL, 10 * MS);
	ac = NULL;
	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "sip:bob@192.0.2.2:5060", "application/sdp",
				    UATEST_SDP_OFFER, strlen(UATEST_SDP_OFFER), NULL, &ac), 0);
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
}

static void teardown(void)
{
	uatest_fini(&t);
}

static size_t events_of(const struct uatest_ua *u, enum uatest_what what, int status)
{
	size_t n = 0;

	for (size_t i = 0; i < u->nev; i++)
		n += u->ev[i].what == what && u->ev[i].status == status;
	return n;
}

/* RFC3261 14.1: "It is important to note that the full description of the session, not
 * just the change, is sent." ... "The To, From, Call-ID, CSeq, and Request-URI of a
 * re-INVITE are set following the same rules as for regular requests within an existing
 * dialog" - and RFC 3264 §8.4's hold and resume ride on it. */
static void test_rfc3261_14_1_reinvite_hold_and_resume(void)
{
	const struct sip_msg *inv, *re, *ok, *ack;

	CU_ASSERT_EQUAL(sip_call_reinvite(ac, "application/sdp", hold_sdp, strlen(hold_sdp)), 0);
	simnet_run(t.net, 2 * SEC);
	inv = uatest_sent(&t, "alice", "INVITE", 1);
	re = uatest_sent(&t, "alice", "INVITE", 2);
	ok = uatest_sent(&t, "bob", "SIP/2.0 200", 2);
	ack = uatest_sent(&t, "alice", "ACK", 2);
	if (inv == NULL || re == NULL || ok == NULL || ack == NULL)
		return;
	CU_ASSERT_STRING_EQUAL(uatest_row(re, SIP_HDR_CSEQ, 0), "2 INVITE");
	CU_ASSERT_STRING_EQUAL(uatest_ruri(re), "sip:bob@192.0.2.2:5060");
	CU_ASSERT_TRUE(sip_str_eq(re->call_id, inv->call_id));
	CU_ASSERT_TRUE(sip_str_eq(re->from->tag, inv->from->tag));
	CU_ASSERT_TRUE(re->to->tag.len > 0);
	/* "A UAC SHOULD include a Contact header field in any target refresh requests" */
	CU_ASSERT_STRING_EQUAL(uatest_row(re, SIP_HDR_CONTACT, 0), "<sip:alice@192.0.2.1:5060>");
	CU_ASSERT_EQUAL(re->body.len, strlen(hold_sdp));
	CU_ASSERT_STRING_EQUAL(uatest_row(ack, SIP_HDR_CSEQ, 0), "2 ACK");
	CU_ASSERT_EQUAL(events_of(alice, UATEST_REINVITE_DONE, 200), 1);
	CU_ASSERT_TRUE(strstr(alice->ev[alice->nev - 1].body, "a=sendonly") != NULL);
	CU_ASSERT_EQUAL(uatest_events(bob, UATEST_REINVITE), 1);
	/* Resume: the next CSeq, and the call never left Confirmed. */
	CU_ASSERT_EQUAL(sip_call_reinvite(ac, "application/sdp", resume_sdp, strlen(resume_sdp)), 0);
	simnet_run(t.net, 3 * SEC);
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "alice", "INVITE", 3), SIP_HDR_CSEQ, 0), "3 INVITE");
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "alice", "ACK", 3), SIP_HDR_CSEQ, 0), "3 ACK");
	CU_ASSERT_EQUAL(events_of(alice, UATEST_REINVITE_DONE, 200), 2);
	CU_ASSERT_EQUAL(sip_call_state(ac), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 200"), 3);
}

/* RFC3261 14.1: "Note that a UAC MUST NOT initiate a new INVITE transaction within a
 * dialog while another INVITE transaction is in progress in either direction." */
static void test_rfc3261_14_1_one_invite_at_a_time(void)
{
	bob->reinvite_answer = 0;
	CU_ASSERT_EQUAL(sip_call_reinvite(ac, "application/sdp", hold_sdp, strlen(hold_sdp)), 0);
	CU_ASSERT_EQUAL(sip_call_reinvite(ac, "application/sdp", hold_sdp, strlen(hold_sdp)), EBUSY);
	simnet_run(t.net, 2 * SEC);
	CU_ASSERT_PTR_NOT_NULL(bob->call);
	if (bob->call != NULL)
		CU_ASSERT_EQUAL(sip_call_reinvite(bob->call, "application/sdp", hold_sdp, strlen(hold_sdp)),
				EBUSY);
	CU_ASSERT_EQUAL(sip_call_ring(bob->call), EPROTO);
	CU_ASSERT_EQUAL(sip_call_answer(bob->call, 180, NULL, NULL, 0), EINVAL);
	CU_ASSERT_EQUAL(sip_call_answer(bob->call, 200, "application/sdp", hold_sdp, strlen(hold_sdp)), 0);
	simnet_run(t.net, 3 * SEC);
	CU_ASSERT_EQUAL(events_of(alice, UATEST_REINVITE_DONE, 200), 1);
	CU_ASSERT_EQUAL(sip_call_answer(bob->call, 200, NULL, NULL, 0), EPROTO);
}

/* RFC3261 14.2: "If the new session description is not acceptable, the UAS can reject
 * it by returning a 488 (Not Acceptable Here) response for the re-INVITE." and 14.1:
 * "If a UA receives a non-2xx final response to a re-INVITE, the session parameters
 * MUST remain unchanged, as if no re-INVITE had been issued." */
static void test_rfc3261_14_2_rejected_reinvite_leaves_the_session(void)
{
	bob->reinvite_answer = 488;
	CU_ASSERT_EQUAL(sip_call_reinvite(ac, "application/sdp", hold_sdp, strlen(hold_sdp)), 0);
	simnet_run(t.net, 2 * SEC);
	CU_ASSERT_EQUAL(events_of(alice, UATEST_REINVITE_DONE, 488), 1);
	CU_ASSERT_EQUAL(sip_call_state(ac), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_CONFIRMED);
	/* The 488's ACK belongs to the transaction (same branch as the re-INVITE). */
	CU_ASSERT_STRING_EQUAL(uatest_branch(uatest_sent(&t, "alice", "ACK", 2)),
			       uatest_branch(uatest_sent(&t, "alice", "INVITE", 2)));
	/* And the dialog goes on: the next re-INVITE is accepted. */
	bob->reinvite_answer = 200;
	CU_ASSERT_EQUAL(sip_call_reinvite(ac, "application/sdp", resume_sdp, strlen(resume_sdp)), 0);
	simnet_run(t.net, 3 * SEC);
	CU_ASSERT_EQUAL(events_of(alice, UATEST_REINVITE_DONE, 200), 1);
}

/* RFC3261 14.2: "A UAS that receives an INVITE on a dialog while an INVITE it had sent on
 * that dialog is in progress MUST return a 491 (Request Pending) response to the
 * received INVITE." and 14.1: "If the UAC is the owner of the Call-ID of the dialog ID
 * (meaning it generated the value), T has a randomly chosen value between 2.1 and 4
 * seconds in units of 10 ms. ... If the UAC is not the owner of the Call-ID of the
 * dialog ID, T has a randomly chosen value of between 0 and 2 seconds in units of 10
 * ms." */
static void test_rfc3261_14_1_glare_491_and_back_off(void)
{
	uint64_t a491, b491, a_retry, b_retry;

	CU_ASSERT_PTR_NOT_NULL_FATAL(bob->call);
	CU_ASSERT_EQUAL(sip_call_reinvite(ac, "application/sdp", hold_sdp, strlen(hold_sdp)), 0);
	CU_ASSERT_EQUAL(sip_call_reinvite(bob->call, "application/sdp", hold_sdp, strlen(hold_sdp)), 0);
	simnet_run(t.net, 10 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "SIP/2.0 491"), 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 491"), 1);
	/* The 491s left at 1.010 s and arrived at 1.020 s. */
	a491 = uatest_sent_time(&t, "bob", "SIP/2.0 491", 1) + 10 * MS;
	b491 = uatest_sent_time(&t, "alice", "SIP/2.0 491", 1) + 10 * MS;
	a_retry = uatest_sent_time(&t, "alice", "INVITE", 3);
	b_retry = uatest_sent_time(&t, "bob", "INVITE", 2);
	CU_ASSERT_TRUE(a_retry - a491 >= 2100 * MS && a_retry - a491 <= 4000 * MS);
	CU_ASSERT_EQUAL((a_retry - a491) % (10 * MS), 0);
	CU_ASSERT_TRUE(b_retry - b491 <= 2000 * MS);
	CU_ASSERT_EQUAL((b_retry - b491) % (10 * MS), 0);
	/* Both modifications happened in the end, one after the other. */
	CU_ASSERT_EQUAL(events_of(alice, UATEST_REINVITE_DONE, 200), 1);
	CU_ASSERT_EQUAL(events_of(bob, UATEST_REINVITE_DONE, 200), 1);
	CU_ASSERT_EQUAL(events_of(alice, UATEST_REINVITE_DONE, 491), 0);
	CU_ASSERT_EQUAL(sip_call_state(ac), SIP_CALL_CONFIRMED);
}

/* RFC3261 14.2: "A UAS that receives a second INVITE before it sends the final response
 * to a first INVITE with a lower CSeq sequence number on the same dialog MUST return a
 * 500 (Server Internal Error) response to the second INVITE and MUST include a
 * Retry-After header field with a randomly chosen value of between 0 and 10 seconds." */
static void test_rfc3261_14_2_second_invite_500_with_retry_after(void)
{
	const struct sip_msg *re, *r500;
	char text[1024];
	unsigned secs = 99;

	bob->reinvite_answer = 0;
	CU_ASSERT_EQUAL(sip_call_reinvite(ac, "application/sdp", hold_sdp, strlen(hold_sdp)), 0);
	simnet_run(t.net, 2 * SEC);
	re = uatest_sent(&t, "alice", "INVITE", 2);
	if (re == NULL)
		return;
	snprintf(text, sizeof(text),
		 "INVITE sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
		 "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKsecond\r\n"
		 "From: <sip:alice@192.0.2.1:5060>;tag=%s\r\nTo: <sip:bob@192.0.2.2:5060>;tag=%s\r\n"
		 "Call-ID: %s\r\nCSeq: 3 INVITE\r\nMax-Forwards: 70\r\n"
		 "Contact: <sip:alice@192.0.2.1:5060>\r\nContent-Length: 0\r\n\r\n",
		 uatest_tag(re->from->tag), uatest_tag(re->to->tag), uatest_tag(re->call_id));
	uatest_inject(bob, "192.0.2.1:5060", text);
	simnet_run(t.net, 3 * SEC);
	r500 = uatest_sent(&t, "bob", "SIP/2.0 500", 1);
	CU_ASSERT_EQUAL(sscanf(uatest_row(r500, SIP_HDR_RETRY_AFTER, 0), "%u", &secs), 1);
	CU_ASSERT_TRUE(secs <= 10);
	CU_ASSERT_EQUAL(uatest_events(bob, UATEST_REINVITE), 1);
}

/* RFC3261 14.2: "If a UAS generates a 2xx response and never receives an ACK, it SHOULD
 * generate a BYE to terminate the dialog." */
static void test_rfc3261_14_2_reinvite_2xx_without_ack_ends_dialog(void)
{
	for (unsigned i = 1; i <= 20; i++)  /* counted from now: the re-INVITE's ACKs */
		CU_ASSERT_EQUAL(simnet_drop(t.net, "alice", "bob", "ACK", i), 0);
	CU_ASSERT_EQUAL(sip_call_reinvite(ac, "application/sdp", hold_sdp, strlen(hold_sdp)), 0);
	simnet_run(t.net, 40 * SEC);
	/* The 2xx was retransmitted, each copy ACKed again (and lost). */
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 200"), 1 + 11);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "ACK"), 1 + 11);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "BYE"), 1);
	CU_ASSERT_EQUAL(uatest_sent_time(&t, "bob", "BYE", 1), uatest_sent_time(&t, "bob", "SIP/2.0 200", 2) + 32 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}

/* RFC3261 14.1: "if the non-2xx final response is a 481 (Call/Transaction Does Not
 * Exist), or a 408 (Request Timeout), or no response at all is received for the
 * re-INVITE (that is, a timeout is returned by the INVITE client transaction), the UAC
 * will terminate the dialog." */
static void test_rfc3261_14_1_reinvite_timeout_ends_dialog(void)
{
	for (unsigned i = 1; i <= 12; i++)  /* every copy of the re-INVITE */
		CU_ASSERT_EQUAL(simnet_drop(t.net, "alice", "bob", "INVITE", i), 0);
	CU_ASSERT_EQUAL(sip_call_reinvite(ac, "application/sdp", hold_sdp, strlen(hold_sdp)), 0);
	simnet_run(t.net, 40 * SEC);
	CU_ASSERT_EQUAL(events_of(alice, UATEST_REINVITE_DONE, 408), 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "BYE"), 1);
	CU_ASSERT_EQUAL(uatest_sent_time(&t, "alice", "BYE", 1), 1 * SEC + 32 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 408);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}


/* RFC3261 12.2.1.2: "If the response for a request within a dialog is a 481
 * (Call/Transaction Does Not Exist) or a 408 (Request Timeout), the UAC SHOULD terminate
 * the dialog."  A 488 to the first re-INVITE leaves the dialog up; a 481 to the second
 * makes alice send BYE, and the call ends with 481. */
static void test_rfc3261_12_2_1_2_reinvite_481_terminates_the_dialog(void)
{
	bob->reinvite_answer = 488;
	CU_ASSERT_EQUAL(sip_call_reinvite(ac, "application/sdp", hold_sdp, strlen(hold_sdp)), 0);
	simnet_run(t.net, 2 * SEC);
	CU_ASSERT_EQUAL(events_of(alice, UATEST_REINVITE_DONE, 488), 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "BYE"), 0);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
	bob->reinvite_answer = 481;
	CU_ASSERT_EQUAL(sip_call_reinvite(ac, "application/sdp", resume_sdp, strlen(resume_sdp)), 0);
	simnet_run(t.net, 3 * SEC);
	CU_ASSERT_EQUAL(events_of(alice, UATEST_REINVITE_DONE, 481), 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "BYE"), 1);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 481);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}

/* RFC3261 9.2: "If the transaction for the original request still exists, the behavior of
 * the UAS on receiving a CANCEL request depends on whether it has already sent a final
 * response" - a re-INVITE still unanswered is ended with 487, the session stays. */
static void test_rfc3261_9_2_cancel_of_a_reinvite(void)
{
	const struct sip_msg *re;
	char text[1024];

	bob->reinvite_answer = 0;
	CU_ASSERT_EQUAL(sip_call_reinvite(ac, "application/sdp", hold_sdp, strlen(hold_sdp)), 0);
	simnet_run(t.net, 1500 * MS);
	re = uatest_sent(&t, "alice", "INVITE", 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(re);
	snprintf(text, sizeof(text),
		 "CANCEL %s SIP/2.0\r\nVia: %s\r\nFrom: %s\r\nTo: %s\r\nCall-ID: %s\r\nCSeq: 2 CANCEL\r\n"
		 "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
		 uatest_ruri(re), uatest_row(re, SIP_HDR_VIA, 0), uatest_row(re, SIP_HDR_FROM, 0),
		 uatest_row(re, SIP_HDR_TO, 0), uatest_row(re, SIP_HDR_CALL_ID, 0));
	uatest_inject(bob, "192.0.2.1:5060", text);
	simnet_run(t.net, 3 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 487"), 1);
	CU_ASSERT_EQUAL(events_of(alice, UATEST_REINVITE_DONE, 487), 1);
	CU_ASSERT_EQUAL(sip_call_state(ac), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_CONFIRMED);
}

static const struct th_test reinvite_tests[] = {
	TH_TEST(test_rfc3261_14_1_reinvite_hold_and_resume),
	TH_TEST(test_rfc3261_14_1_one_invite_at_a_time),
	TH_TEST(test_rfc3261_14_2_rejected_reinvite_leaves_the_session),
	TH_TEST(test_rfc3261_14_1_glare_491_and_back_off),
	TH_TEST(test_rfc3261_14_2_second_invite_500_with_retry_after),
	TH_TEST(test_rfc3261_14_2_reinvite_2xx_without_ack_ends_dialog),
	TH_TEST(test_rfc3261_14_1_reinvite_timeout_ends_dialog),
	TH_TEST(test_rfc3261_12_2_1_2_reinvite_481_terminates_the_dialog),
	TH_TEST(test_rfc3261_9_2_cancel_of_a_reinvite),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 14 modifying an existing session", reinvite_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
