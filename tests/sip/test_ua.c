/* tests/sip/test_ua.c - the UA core's INVITE sessions on the in-memory network
 * (sip/ua.h): ACK for 2xx, 2xx retransmission, CANCEL, rejections, BYE both ways.
 *
 * Two user agents, alice at 192.0.2.1 and bob at 192.0.2.2, talk over UDP with 10 ms
 * of latency each way on a virtual clock (tests/sip/uatest.h); each test drives one
 * exchange and asserts the messages it produced and the call states reported.
 */
#include "sip/dialog.h"
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


/* RFC3261 13.2.2.4: "The ACK MUST be passed to the client transport every time a
 * retransmission of the 2xx final response that triggered the ACK arrives." */
static void test_rfc3261_13_2_2_4_ack_again_for_each_2xx_retransmission(void)
{
	const struct sip_msg *a1, *a2;

	CU_ASSERT_EQUAL(simnet_drop(t.net, "alice", "bob", "ACK", 1), 0);
	call_bob();
	simnet_run(t.net, 40 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 200"), 2);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "ACK"), 2);
	CU_ASSERT_EQUAL(uatest_sent_time(&t, "bob", "SIP/2.0 200", 2), 510 * MS);
	CU_ASSERT_EQUAL(uatest_sent_time(&t, "alice", "ACK", 2), 520 * MS);
	a1 = uatest_sent(&t, "alice", "ACK", 1);
	a2 = uatest_sent(&t, "alice", "ACK", 2);
	/* The same ACK again: same branch, same CSeq. */
	CU_ASSERT_STRING_EQUAL(uatest_branch(a1), uatest_branch(a2));
	CU_ASSERT_STRING_EQUAL(uatest_row(a2, SIP_HDR_CSEQ, 0), "1 ACK");
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "BYE"), 0);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "BYE"), 0);
}

/* RFC3261 13.3.1.4: "The 2xx response is passed to the transport with an interval that
 * starts at T1 seconds and doubles for each retransmission until it reaches T2
 * seconds" ... "If the server retransmits the 2xx response for 64*T1 seconds without
 * receiving an ACK, the dialog is confirmed, but the session SHOULD be terminated.
 * This is accomplished with a BYE" */
static void test_rfc3261_13_3_1_4_2xx_retransmitted_t1_doubling_to_t2_then_bye(void)
{
	static const uint64_t at_ms[] = { 10, 510, 1510, 3510, 7510, 11510, 15510, 19510,
					  23510, 27510, 31510 };
	const size_t n = sizeof(at_ms) / sizeof(at_ms[0]);

	for (unsigned i = 1; i <= 20; i++)
		CU_ASSERT_EQUAL(simnet_drop(t.net, "alice", "bob", "ACK", i), 0);
	call_bob();
	simnet_run(t.net, 40 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 200"), n);
	for (size_t i = 0; i < n; i++)
		CU_ASSERT_EQUAL(uatest_sent_time(&t, "bob", "SIP/2.0 200", (unsigned)i + 1), at_ms[i] * MS);
	/* Every 2xx reached alice and was ACKed, every ACK was lost. */
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "ACK"), n);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "BYE"), 1);
	CU_ASSERT_EQUAL(uatest_sent_time(&t, "bob", "BYE", 1), 32010 * MS);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "SIP/2.0 200 OK"), 1);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(bob->ev[bob->nev - 1].status, 408);
	CU_ASSERT_EQUAL(sip_ua_call_count(alice->ua), 0);
	CU_ASSERT_EQUAL(sip_ua_call_count(bob->ua), 0);
}

/* RFC3261 13.3.1.4: "Response retransmissions cease when an ACK request for the response
 * is received." - losing the first 2xx and the first ACK costs two retransmissions,
 * and the call lives on past 64*T1. */
static void test_rfc3261_13_3_1_4_lost_2xx_and_ack_call_survives(void)
{
	CU_ASSERT_EQUAL(simnet_drop(t.net, "bob", "alice", "SIP/2.0 200", 1), 0);
	CU_ASSERT_EQUAL(simnet_drop(t.net, "alice", "bob", "ACK", 1), 0);
	call_bob();
	simnet_run(t.net, 60 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 200"), 3);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "ACK"), 2);
	CU_ASSERT_EQUAL(uatest_sent_time(&t, "alice", "ACK", 2), 1520 * MS);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "BYE"), 0);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "BYE"), 0);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_CONFIRMED);
	CU_ASSERT_EQUAL(sip_ua_call_count(bob->ua), 1);
}

/* RFC3261 9.1: "If no provisional response has been received, the CANCEL request MUST
 * NOT be sent; rather, the client MUST wait for the arrival of a provisional response
 * before sending the request." */
static void test_rfc3261_9_1_cancel_waits_for_a_provisional_response(void)
{
	static const char *const ladder[] = {
		"0.000000 alice -> bob UDP INVITE sip:bob@192.0.2.2:5060 SIP/2.0",
		"0.210000 bob -> alice UDP SIP/2.0 100 Trying",
		"0.220000 alice -> bob UDP CANCEL sip:bob@192.0.2.2:5060 SIP/2.0",
		"0.230000 bob -> alice UDP SIP/2.0 200 OK",
		"0.230000 bob -> alice UDP SIP/2.0 487 Request Terminated",
		"0.240000 alice -> bob UDP ACK sip:bob@192.0.2.2:5060 SIP/2.0",
		NULL
	};
	const struct sip_msg *inv, *cancel;

	bob->ring = 0;
	bob->answer = 0;
	CU_ASSERT_EQUAL(sip_call_hangup(call_bob()), 0);
	simnet_run(t.net, 5 * SEC);
	CU_ASSERT_TRUE(simnet_ladder_expect(t.net, ladder));
	inv = uatest_sent(&t, "alice", "INVITE", 1);
	cancel = uatest_sent(&t, "alice", "CANCEL", 1);
	/* RFC3261 9.1: "The Request-URI, Call-ID, To, the numeric part of CSeq, and From
	 * header fields in the CANCEL request MUST be identical to those in the request
	 * being cancelled, including tags." */
	CU_ASSERT_STRING_EQUAL(uatest_branch(cancel), uatest_branch(inv));
	CU_ASSERT_STRING_EQUAL(uatest_row(cancel, SIP_HDR_CSEQ, 0), "1 CANCEL");
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 487);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(bob->ev[bob->nev - 1].status, 487);
}

/* RFC3261 13.3.1.3: "A 486 (Busy Here) SHOULD be returned in such a scenario" and
 * 13.2.2.3: the UAC core "considers the INVITE transaction completed.  The INVITE
 * client transaction handles the generation of ACKs for the response" */
static void test_rfc3261_13_2_2_3_busy_ends_the_call(void)
{
	const struct sip_msg *inv, *ack;

	bob->ring = 0;
	bob->answer = 486;
	call_bob();
	simnet_run(t.net, 5 * SEC);
	inv = uatest_sent(&t, "alice", "INVITE", 1);
	ack = uatest_sent(&t, "alice", "ACK", 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 486 Busy Here"), 1);
	/* §17.1.1.3: the transaction's ACK keeps the INVITE's branch. */
	CU_ASSERT_STRING_EQUAL(uatest_branch(ack), uatest_branch(inv));
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 486);
	CU_ASSERT_EQUAL(uatest_state_event(alice, SIP_CALL_CONNECTING), -1);
	CU_ASSERT_EQUAL(sip_ua_call_count(alice->ua), 0);
	CU_ASSERT_EQUAL(sip_ua_call_count(bob->ua), 0);
}

/* RFC3261 15.1.1: "A BYE request is constructed as would any other request within a
 * dialog" and 15.1.2: "the UAS core MUST generate a 2xx response to the BYE". */
static void test_rfc3261_15_1_bye_from_either_side(void)
{
	const struct sip_msg *inv, *bye, *ok;

	bob->hangup_on = SIP_CALL_CONFIRMED;
	call_bob();
	simnet_run(t.net, 5 * SEC);
	inv = uatest_sent(&t, "alice", "INVITE", 1);
	bye = uatest_sent(&t, "bob", "BYE", 1);
	ok = uatest_sent(&t, "alice", "SIP/2.0 200", 1);
	CU_ASSERT_STRING_EQUAL(uatest_ruri(bye), "sip:alice@192.0.2.1:5060");
	CU_ASSERT_STRING_EQUAL(uatest_row(bye, SIP_HDR_CSEQ, 0), "1 BYE");
	CU_ASSERT_TRUE(sip_str_eq(bye->to->tag, inv->from->tag));
	CU_ASSERT_TRUE(sip_str_eq(bye->call_id, inv->call_id));
	CU_ASSERT_STRING_EQUAL(uatest_row(ok, SIP_HDR_CSEQ, 0), "1 BYE");
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
	/* And from the caller: CSeq 2 in alice's own count. */
	bob->hangup_on = SIP_CALL_NULL;
	alice->hangup_on = SIP_CALL_CONFIRMED;
	call_bob();
	simnet_run(t.net, 10 * SEC);
	bye = uatest_sent(&t, "alice", "BYE", 1);
	CU_ASSERT_STRING_EQUAL(uatest_row(bye, SIP_HDR_CSEQ, 0), "2 BYE");
	CU_ASSERT_STRING_EQUAL(uatest_ruri(bye), "sip:bob@192.0.2.2:5060");
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 200 OK"), 3);
	CU_ASSERT_EQUAL(sip_ua_call_count(alice->ua), 0);
	CU_ASSERT_EQUAL(sip_ua_call_count(bob->ua), 0);
}

/* RFC3261 15: "the callee's UA MUST NOT send a BYE on a confirmed dialog until it has
 * received an ACK for its 2xx response or until the server transaction times out." */
static void test_rfc3261_15_callee_bye_waits_for_the_ack(void)
{
	CU_ASSERT_EQUAL(simnet_drop(t.net, "alice", "bob", "ACK", 1), 0);
	call_bob();
	simnet_run(t.net, 100 * MS);
	CU_ASSERT_PTR_NOT_NULL(bob->call);
	if (bob->call != NULL) {
		CU_ASSERT_EQUAL(sip_call_state(bob->call), SIP_CALL_CONNECTING);
		CU_ASSERT_EQUAL(sip_call_hangup(bob->call), 0);
		CU_ASSERT_EQUAL(sip_call_hangup(bob->call), EALREADY);
	}
	simnet_run(t.net, 5 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "BYE"), 1);
	/* The second ACK reached bob at 0.530 (the retransmitted 2xx left at 0.510). */
	CU_ASSERT_EQUAL(uatest_sent_time(&t, "bob", "BYE", 1), 530 * MS);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
}

/* RFC3261 13.2.2.1 / 8.1.3.1: "If the INVITE client transaction returns a timeout
 * rather than a response the TU acts as if a 408 (Request Timeout) response had been
 * received" - Timer B, 64*T1 after the INVITE to nobody. */
static void test_rfc3261_8_1_3_1_timeout_is_408(void)
{
	struct sip_call *c = NULL;

	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "sip:carol@192.0.2.77:5060", NULL, NULL, 0, NULL, &c), 0);
	simnet_run(t.net, 31 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CALLING);
	simnet_run(t.net, 33 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 408);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].time_us, 32 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "INVITE"), 7);
}

/* RFC3261 8.1.3.1: "a transport error ... the UAC MUST treat it as a 503 (Service
 * Unavailable) status code" - here the very first send fails and the call is refused
 * at once. */
static void test_rfc3261_8_1_3_1_transport_error_at_start(void)
{
	struct sip_call *c = NULL;

	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "sip:carol@192.0.2.77:5060;transport=tcp", NULL, NULL,
				    0, NULL, &c), ECONNREFUSED);
	CU_ASSERT_PTR_NULL(c);
	CU_ASSERT_EQUAL(sip_ua_call_count(alice->ua), 0);
	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "sip:carol@example.com", NULL, NULL, 0, NULL, &c),
			EHOSTUNREACH);
	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "tel:+15551234", NULL, NULL, 0, NULL, &c), EINVAL);
}

/* RFC3261 13.3.1: "If the invitation expires before the UAS has generated a final
 * response, a 487 (Request Terminated) response SHOULD be generated." */
static void test_rfc3261_13_3_1_expires_ends_unanswered_invite(void)
{
	bob->answer = 0;
	uatest_inject(bob, "192.0.2.9:5060",
		      "INVITE sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
		      "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKexp1\r\n"
		      "From: <sip:carol@192.0.2.9>;tag=c1\r\nTo: <sip:bob@192.0.2.2>\r\n"
		      "Call-ID: expires-1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
		      "Contact: <sip:carol@192.0.2.9>\r\nExpires: 2\r\nContent-Length: 0\r\n\r\n");
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 487"), 0);
	simnet_run(t.net, 2200 * MS);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 487"), 1);
	CU_ASSERT_EQUAL(uatest_sent_time(&t, "bob", "SIP/2.0 487", 1), 2 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}

/* Capacity (DESIGN.md "the caller gets an error and the peer gets the RFC's response
 * (e.g. 503)"): SIP_UA_MAX_CALLS calls, then ENOBUFS for ours and 503 for theirs. */
static void test_impl_call_limit(void)
{
	struct sip_call *c = NULL;

	bob->ring = 0;
	bob->answer = 0;
	for (int i = 0; i < SIP_UA_MAX_CALLS; i++)
		CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "sip:bob@192.0.2.2:5060", NULL, NULL, 0, NULL, &c), 0);
	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "sip:bob@192.0.2.2:5060", NULL, NULL, 0, NULL, &c), ENOBUFS);
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(sip_ua_call_count(bob->ua), SIP_UA_MAX_CALLS);
	uatest_inject(bob, "192.0.2.9:5060",
		      "INVITE sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
		      "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKfull1\r\n"
		      "From: <sip:carol@192.0.2.9>;tag=c1\r\nTo: <sip:bob@192.0.2.2>\r\n"
		      "Call-ID: full-1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
		      "Contact: <sip:carol@192.0.2.9>\r\nContent-Length: 0\r\n\r\n");
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 503"), 1);
	CU_ASSERT_STRING_EQUAL(uatest_row(uatest_sent(&t, "bob", "SIP/2.0 503", 1), SIP_HDR_RETRY_AFTER, 0), "5");
}


/* RFC3261 9.1: "If there is no final response for the original request in 64*T1 seconds
 * (T1 is defined in Section 17.1.1.1), the client SHOULD then consider the original
 * transaction cancelled" - a callee that rings, then ignores the CANCEL. */
static void test_rfc3261_9_1_no_final_response_after_cancel(void)
{
	const struct sip_msg *inv;
	char text[1024];

	CU_ASSERT_PTR_NOT_NULL(uatest_peer(&t, "mute", "192.0.2.9:5060"));
	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "sip:mute@192.0.2.9:5060", NULL, NULL, 0, NULL,
				    &alice->call), 0);
	simnet_run(t.net, 100 * MS);
	inv = uatest_peer_rx(&t, "INVITE", 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(inv);
	snprintf(text, sizeof(text),
		 "SIP/2.0 180 Ringing\r\nVia: %s\r\nFrom: %s\r\nTo: %s;tag=mute1\r\nCall-ID: %s\r\n"
		 "CSeq: 1 INVITE\r\nContact: <sip:mute@192.0.2.9:5060>\r\nContent-Length: 0\r\n\r\n",
		 uatest_row(inv, SIP_HDR_VIA, 0), uatest_row(inv, SIP_HDR_FROM, 0),
		 uatest_row(inv, SIP_HDR_TO, 0), uatest_row(inv, SIP_HDR_CALL_ID, 0));
	uatest_inject(alice, "192.0.2.9:5060", text);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_EARLY);
	CU_ASSERT_EQUAL(sip_call_hangup(alice->call), 0);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "CANCEL"), 1);
	simnet_run(t.net, 100 * MS + 32 * SEC - 1);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_EARLY);
	simnet_run(t.net, 100 * MS + 32 * SEC);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(alice->ev[alice->nev - 1].status, 487);
}

/* RFC3261 13.2.2.4: "The UAC core MUST generate an ACK request for each 2xx" - even when
 * the user hung up while it was arriving; then 15: "terminate the dialog by sending a
 * BYE request". */
static void test_rfc3261_13_2_2_4_hangup_while_connecting_acks_then_byes(void)
{
	alice->hangup_on = SIP_CALL_CONNECTING;
	call_bob();
	simnet_run(t.net, 5 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "ACK"), 1);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "BYE"), 1);
	CU_ASSERT_EQUAL(uatest_sent_time(&t, "alice", "ACK", 1), uatest_sent_time(&t, "alice", "BYE", 1));
	CU_ASSERT_TRUE(uatest_state_event(alice, SIP_CALL_CONFIRMED) < uatest_state_event(alice, SIP_CALL_DISCONNECTED));
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
}

/* RFC3261 13.2.1: "If the initial offer is in the first reliable non-failure message from
 * the UAS back to the UAC, the answer MUST be in the acknowledgement for that message (in
 * this specification, ACK for a 2xx response)." */
static void test_rfc3261_13_2_1_offer_in_2xx_answer_in_ack(void)
{
	const struct sip_msg *inv, *ack;

	alice->ack_body = UATEST_SDP_OFFER;
	CU_ASSERT_EQUAL(sip_ua_call(alice->ua, "sip:bob@192.0.2.2:5060", NULL, NULL, 0, NULL, &alice->call), 0);
	simnet_run(t.net, 2 * SEC);
	inv = uatest_sent(&t, "alice", "INVITE", 1);
	ack = uatest_sent(&t, "alice", "ACK", 1);
	CU_ASSERT_EQUAL(inv != NULL ? inv->body.len : 1, 0);
	CU_ASSERT_EQUAL(ack != NULL ? ack->body.len : 0, strlen(UATEST_SDP_OFFER));
	CU_ASSERT_STRING_EQUAL(uatest_row(ack, SIP_HDR_CONTENT_TYPE, 0), "application/sdp");
	CU_ASSERT_STRING_EQUAL(bob->ev[bob->nev - 1].body, UATEST_SDP_OFFER);  /* Confirmed, by the ACK */
	CU_ASSERT_EQUAL(sip_call_set_ack_body(alice->call, "application/sdp", "x", 1), EPROTO);
}

/* RFC3261 15.1.2: "The UAS MUST still respond to any pending requests received for that
 * dialog.  It is RECOMMENDED that a 487 (Request Terminated) response be generated to
 * those pending requests." - the caller's BYE on an early dialog (15: "The caller's UA
 * MAY send a BYE for either confirmed or early dialogs"). */
static void test_rfc3261_15_1_2_bye_on_early_dialog_487s_the_invite(void)
{
	const struct sip_msg *inv, *ring;
	char text[1024];

	bob->answer = 0;
	call_bob();
	simnet_run(t.net, 100 * MS);
	inv = uatest_sent(&t, "alice", "INVITE", 1);
	ring = uatest_sent(&t, "bob", "SIP/2.0 180", 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ring);
	snprintf(text, sizeof(text),
		 "BYE sip:bob@192.0.2.2:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKearlybye\r\n"
		 "From: %s\r\nTo: %s\r\nCall-ID: %s\r\nCSeq: 2 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
		 uatest_row(inv, SIP_HDR_FROM, 0), uatest_row(ring, SIP_HDR_TO, 0), uatest_row(inv, SIP_HDR_CALL_ID, 0));
	uatest_inject(bob, "192.0.2.1:5060", text);
	simnet_run(t.net, 200 * MS);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 487"), 1);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_DISCONNECTED);
	CU_ASSERT_EQUAL(bob->ev[bob->nev - 1].status, 487);
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_DISCONNECTED);
}

/* RFC3261 13.2.2.4 after Timer M (RFC 6026 8.4): a 2xx that reaches no transaction any
 * more still gets the ACK again; a 2xx or an ACK for no call is dropped. */
static void test_rfc3261_13_2_2_4_stray_2xx_acked_again(void)
{
	const struct sip_msg *ok;
	char *text = NULL;
	size_t len;

	call_bob();
	simnet_run(t.net, 40 * SEC);
	ok = uatest_sent(&t, "bob", "SIP/2.0 200", 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ok);
	CU_ASSERT_EQUAL(sip_msg_print_alloc(ok, &text, &len), 0);
	uatest_inject_bytes(alice, "192.0.2.2:5060", text, len);
	free(text);
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "ACK"), 2);
	CU_ASSERT_STRING_EQUAL(uatest_branch(uatest_sent(&t, "alice", "ACK", 2)),
			       uatest_branch(uatest_sent(&t, "alice", "ACK", 1)));
	uatest_inject(alice, "192.0.2.2:5060",
		      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKgone\r\n"
		      "From: <sip:alice@192.0.2.1>;tag=gone\r\nTo: <sip:bob@192.0.2.2>;tag=b\r\n"
		      "Call-ID: gone-1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
	uatest_inject(bob, "192.0.2.1:5060",
		      "ACK sip:bob@192.0.2.2:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKgoneack\r\n"
		      "From: <sip:alice@192.0.2.1>;tag=gone\r\nTo: <sip:bob@192.0.2.2>;tag=b\r\n"
		      "Call-ID: gone-1\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
	CU_ASSERT_EQUAL(uatest_count(&t, "alice", "ACK"), 2);
	CU_ASSERT_EQUAL(uatest_last_state(bob), SIP_CALL_CONFIRMED);
	CU_ASSERT_STRING_EQUAL(sip_call_state_name(SIP_CALL_EARLY), "Early");
	CU_ASSERT_PTR_NOT_NULL(sip_call_dialog(alice->call));
	CU_ASSERT_TRUE(sip_call_is_uac(alice->call));
	CU_ASSERT_PTR_NOT_NULL(sip_ua_layer(alice->ua));
}

/* RFC3261 13.2.2.1: "If a provisional response has a tag in the To field, and if the
 * dialog ID of the response does not match an existing dialog, one is constructed using
 * the procedures defined in Section 12.1.2."  bob's transaction's 100 Trying (no To
 * tag) makes no dialog; his 180 (tagged) makes alice's early dialog with bob's tag and
 * Contact; a second 180 of the same dialog makes no new one. */
static void test_rfc3261_13_2_2_1_tagged_provisional_creates_early_dialog(void)
{
	const struct sip_dialog *d;
	const struct sip_msg *r180;
	char tag[64];

	bob->ring = 0;
	bob->answer = 0;
	call_bob();
	simnet_run(t.net, 1 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 100"), 1);
	CU_ASSERT_PTR_NULL(sip_call_dialog(alice->call));
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CALLING);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bob->call);
	CU_ASSERT_EQUAL(sip_call_ring(bob->call), 0);
	simnet_run(t.net, 2 * SEC);
	r180 = uatest_sent(&t, "bob", "SIP/2.0 180", 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r180);
	snprintf(tag, sizeof tag, "%s", uatest_tag(r180->to->tag));
	CU_ASSERT_NOT_EQUAL(tag[0], '\0');
	d = sip_call_dialog(alice->call);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->state, SIP_DIALOG_EARLY);
	CU_ASSERT_STRING_EQUAL(d->remote_tag, tag);
	CU_ASSERT_STRING_EQUAL(d->remote_target, "sip:bob@192.0.2.2:5060");
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_EARLY);
	CU_ASSERT_EQUAL(sip_call_ring(bob->call), 0);
	simnet_run(t.net, 3 * SEC);
	CU_ASSERT_EQUAL(uatest_count(&t, "bob", "SIP/2.0 180"), 2);
	CU_ASSERT_PTR_EQUAL(sip_call_dialog(alice->call), d);
	CU_ASSERT_EQUAL(uatest_events(alice, UATEST_STATE), 2);  /* calling, early */
}

/* RFC3261 13.3.1.1: "A UAS MAY send as many provisional responses as it likes.  Each of
 * these MUST indicate the same dialog ID." - two 180s and the 200 carry one To tag. */
static void test_rfc3261_13_3_1_1_provisionals_share_the_dialog_id(void)
{
	const struct sip_msg *a, *b, *ok;

	bob->ring = 0;
	bob->answer = 0;
	call_bob();
	simnet_run(t.net, 100 * MS);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bob->call);
	CU_ASSERT_EQUAL(sip_call_ring(bob->call), 0);
	CU_ASSERT_EQUAL(sip_call_ring(bob->call), 0);
	CU_ASSERT_EQUAL(sip_call_answer(bob->call, 200, "application/sdp", UATEST_SDP_ANSWER,
					strlen(UATEST_SDP_ANSWER)), 0);
	simnet_run(t.net, 2 * SEC);
	a = uatest_sent(&t, "bob", "SIP/2.0 180", 1);
	b = uatest_sent(&t, "bob", "SIP/2.0 180", 2);
	ok = uatest_sent(&t, "bob", "SIP/2.0 200", 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ok);
	CU_ASSERT_TRUE(a->to->tag.len > 0);
	CU_ASSERT_TRUE(sip_str_eq(a->to->tag, b->to->tag));
	CU_ASSERT_TRUE(sip_str_eq(a->to->tag, ok->to->tag));
	CU_ASSERT_TRUE(sip_str_eq(a->call_id, ok->call_id));
	CU_ASSERT_TRUE(sip_str_eq(a->from->tag, ok->from->tag));
	CU_ASSERT_EQUAL(uatest_last_state(alice), SIP_CALL_CONFIRMED);
}

static const struct th_test uac_tests[] = {
	TH_TEST(test_rfc3261_13_2_2_4_uac_core_sends_ack),
	TH_TEST(test_rfc3261_13_2_2_4_ack_again_for_each_2xx_retransmission),
	TH_TEST(test_rfc3261_13_2_2_3_busy_ends_the_call),
	TH_TEST(test_rfc3261_8_1_3_1_timeout_is_408),
	TH_TEST(test_rfc3261_8_1_3_1_transport_error_at_start),
	TH_TEST(test_rfc3261_9_1_cancel_waits_for_a_provisional_response),
	TH_TEST(test_rfc3261_9_1_no_final_response_after_cancel),
	TH_TEST(test_rfc3261_13_2_2_4_hangup_while_connecting_acks_then_byes),
	TH_TEST(test_rfc3261_13_2_1_offer_in_2xx_answer_in_ack),
	TH_TEST(test_rfc3261_13_2_2_4_stray_2xx_acked_again),
	TH_TEST(test_rfc3261_13_2_2_1_tagged_provisional_creates_early_dialog),
	TH_END
};

static const struct th_test uas_tests[] = {
	TH_TEST(test_rfc3261_13_3_1_4_2xx_retransmitted_t1_doubling_to_t2_then_bye),
	TH_TEST(test_rfc3261_13_3_1_4_lost_2xx_and_ack_call_survives),
	TH_TEST(test_rfc3261_13_3_1_expires_ends_unanswered_invite),
	TH_TEST(test_impl_call_limit),
	TH_TEST(test_rfc3261_13_3_1_1_provisionals_share_the_dialog_id),
	TH_END
};

static const struct th_test bye_tests[] = {
	TH_TEST(test_rfc3261_15_1_bye_from_either_side),
	TH_TEST(test_rfc3261_15_callee_bye_waits_for_the_ack),
	TH_TEST(test_rfc3261_15_1_2_bye_on_early_dialog_487s_the_invite),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 13.2 UAC processing", uac_tests, setup, teardown },
	{ "RFC3261 13.3 UAS processing", uas_tests, setup, teardown },
	{ "RFC3261 15 terminating a session", bye_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
