/* sip/tsx_ist.c - the INVITE server transaction (RFC 3261 §17.2.1, Figure 7 as RFC
 * 6026 §8.6 redraws it, with the Accepted state and Timer L).
 *
 *                          |INVITE
 *                          |pass INV to TU
 *       INVITE             V send 100 if TU won't in 200 ms
 *       send response +------------+ 101-199 from TU / send response
 *          +----------| Proceeding |<-+
 *          +--------->|            |--+ Transport Err. / Inform TU
 *                     +------------+
 *      300-699 from TU |          | 2xx from TU / send response
 *      send response   V          V
 *  INVITE        +-----------+  +------------+ INVITE / -
 *  send response | Completed |  |  Accepted  | ACK / to TU
 *  Timer G fires |           |  |            | 2xx from TU / send response
 *  send response +-----------+  +------------+ Transport Err. / Inform TU
 *  Transport Err.  |ACK  | Timer H / -  | Timer L / -
 *  Inform TU       V     |              |
 *           +-----------+|              |
 *     ACK / | Confirmed ||              |
 *     -     +-----------+|              |
 *   Timer I / -   |      V              V
 *                 +----> Terminated <---+
 *
 * The 100 Trying: "The server transaction MUST generate a 100 (Trying) response
 * unless it knows that the TU will generate a provisional or final response within
 * 200 ms".  We do not know, so a 200 ms timer sends it if the TU has answered
 * nothing by then (an application that answers at once spares a message); with
 * sip_tsx_config.trying_at_once it goes out as the INVITE arrives.  A stateful proxy
 * sends its own 100 through sip_tsx_respond (§16.2), which also stops the timer.
 *
 * Leaves out: the 2xx retransmissions (§13.3.1.4: the TU's; RFC 6026 §7.1: "The
 * server transaction MUST NOT generate 2xx retransmissions on its own").
 */
#include "sip/tsx_internal.h"

#include <stddef.h>

/* The 100 Trying of §17.2.1, sent through the transaction. */
static void ist_send_trying(struct sip_tsx *tsx)
{
	struct sip_msg *trying = NULL;

	/* RFC3261 17.2.1: "The 100 (Trying) response is constructed according to the
	 * procedures in Section 8.2.6, except that the insertion of tags in the To header
	 * field of the response (when none was present in the request) is downgraded
	 * from MAY to SHOULD NOT."  RFC3261 8.2.6.1: "any Timestamp header field present
	 * in the request MUST be copied into this 100 (Trying) response." */
	if (sip_msg_create_response(tsx->request, 100, NULL, NULL, &trying) != 0 ||
	    (tsx->request->rows[SIP_HDR_TIMESTAMP] > 0 &&
	     sip_msg_hdr_copy(trying, tsx->request, SIP_HDR_TIMESTAMP) != 0)) {
		sip_msg_destroy(trying);
		tsx_note(tsx, "100 Trying not built (out of memory)");
		return;
	}
	tsx_send_response(tsx, trying);
	sip_msg_destroy(trying);
}

/* Init -(INVITE)-> Proceeding: "pass INV to TU, send 100 if TU won't in 200 ms". */
static void ist_start(struct sip_tsx *tsx, const struct tsx_input *in)
{
	(void)in;
	if (tsx->layer->cfg.trying_at_once) {
		ist_send_trying(tsx);
	} else {
		tsx_timer_start(tsx, TSX_EV_TRYING, tsx->layer->cfg.trying_us);
		tsx_note(tsx, "100 Trying in %llu ms unless the TU answers",
			 (unsigned long long)(tsx->layer->cfg.trying_us / 1000));
	}
	/* RFC3261 17.2.1: "The request MUST be passed to the TU." */
	tsx_tu_request(tsx);
}

/* Proceeding -(200 ms without TU response)-> Proceeding: "send 100". */
static void ist_trying(struct sip_tsx *tsx, const struct tsx_input *in)
{
	(void)in;
	/* RFC3261 17.2.1: "The server transaction MUST generate a 100 (Trying) response
	 * unless it knows that the TU will generate a provisional or final response
	 * within 200 ms" */
	ist_send_trying(tsx);
}

/* Proceeding -(INVITE)-> Proceeding, Completed -(INVITE)-> Completed: "send response". */
static void ist_resend(struct sip_tsx *tsx, const struct tsx_input *in)
{
	(void)in;
	/* RFC3261 17.2.1: "If a request retransmission is received while in the
	 * "Proceeding" state, the most recent provisional response that was received
	 * from the TU MUST be passed to the transport layer for retransmission."  And in
	 * "Completed": "if a request retransmission is received, the server SHOULD pass
	 * the response to the transport for retransmission." */
	if (tsx->resp_bytes == NULL) {
		tsx_note(tsx, "no response to resend yet");
		return;
	}
	tsx_resend_response(tsx);
	tsx_note(tsx, "%d resent", tsx->resp_status);
}

/* Proceeding -(101-199 from TU)-> Proceeding: "send response". */
static void ist_provisional(struct sip_tsx *tsx, const struct tsx_input *in)
{
	tsx_timer_stop(tsx, TSX_EV_TRYING);
	/* RFC3261 17.2.1: "So long as the server transaction is in the "Proceeding"
	 * state, each of these MUST be passed to the transport layer for transmission." */
	tsx_send_response(tsx, in->msg);
}

/* Proceeding -(2xx from TU)-> Accepted: "send response". */
static void ist_accept(struct sip_tsx *tsx, const struct tsx_input *in)
{
	tsx_timer_stop(tsx, TSX_EV_TRYING);
	/* RFC6026 8.5: "the server transaction MUST pass this response to the transport
	 * layer for transmission." ... 8.7: "When the INVITE server transaction enters
	 * the "Accepted" state, Timer L MUST be set to fire in 64*T1 for all
	 * transports." */
	tsx_send_response(tsx, in->msg);
	tsx_timer_start(tsx, TSX_EV_TIMER_L, tsx_64t1(tsx));
	tsx_note(tsx, "Timer L in %llu ms", (unsigned long long)(tsx_64t1(tsx) / 1000));
}

/* Proceeding -(300-699 from TU)-> Completed: "send response". */
static void ist_complete(struct sip_tsx *tsx, const struct tsx_input *in)
{
	uint64_t t1 = tsx->layer->cfg.t1_us;

	tsx_timer_stop(tsx, TSX_EV_TRYING);
	/* RFC3261 17.2.1: "the response MUST be passed to the transport layer for
	 * transmission, and the state machine MUST enter the "Completed" state.  For
	 * unreliable transports, timer G is set to fire in T1 seconds, and is not set to
	 * fire for reliable transports." */
	tsx_send_response(tsx, in->msg);
	if (!tsx->reliable) {
		tsx->interval = t1;
		tsx_timer_start(tsx, TSX_EV_TIMER_G, t1);
		tsx_note(tsx, "Timer G in %llu ms", (unsigned long long)(t1 / 1000));
	}
	/* "When the "Completed" state is entered, timer H MUST be set to fire in 64*T1
	 * seconds for all transports." */
	tsx_timer_start(tsx, TSX_EV_TIMER_H, tsx_64t1(tsx));
	tsx_note(tsx, "Timer H in %llu ms", (unsigned long long)(tsx_64t1(tsx) / 1000));
}

/* Completed -(Timer G)-> Completed: "send response". */
static void ist_retransmit(struct sip_tsx *tsx, const struct tsx_input *in)
{
	uint64_t t2 = tsx->layer->cfg.t2_us;

	(void)in;
	/* RFC3261 17.2.1: "If timer G fires, the response is passed to the transport
	 * layer once more for retransmission, and timer G is set to fire in MIN(2*T1,
	 * T2) seconds.  From then on, when timer G fires, the response is passed to the
	 * transport again for transmission, and timer G is reset with a value that
	 * doubles, unless that value exceeds T2, in which case it is reset with the
	 * value of T2." */
	tsx_resend_response(tsx);
	tsx->interval = 2 * tsx->interval < t2 ? 2 * tsx->interval : t2;
	tsx_timer_start(tsx, TSX_EV_TIMER_G, tsx->interval);
	tsx_note(tsx, "retransmit #%u in %llu ms", tsx->sends,
		 (unsigned long long)(tsx->interval / 1000));
}

/* Completed -(ACK)-> Confirmed: "-". */
static void ist_confirm(struct sip_tsx *tsx, const struct tsx_input *in)
{
	uint64_t i = tsx->reliable ? 0 : tsx->layer->cfg.t4_us;

	(void)in;
	/* RFC3261 17.2.1: "If an ACK is received while the server transaction is in the
	 * "Completed" state, the server transaction MUST transition to the "Confirmed"
	 * state.  As Timer G is ignored in this state, any retransmissions of the
	 * response will cease." ... "When this state is entered, timer I is set to fire
	 * in T4 seconds for unreliable transports, and zero seconds for reliable
	 * transports." */
	tsx_timer_stop(tsx, TSX_EV_TIMER_G);
	tsx_timer_stop(tsx, TSX_EV_TIMER_H);
	tsx_timer_start(tsx, TSX_EV_TIMER_I, i);
	tsx_note(tsx, "Timer I in %llu ms", (unsigned long long)(i / 1000));
}

/* Completed -(Timer H)-> Terminated: "Inform TU". */
static void ist_timeout(struct sip_tsx *tsx, const struct tsx_input *in)
{
	(void)in;
	/* RFC3261 17.2.1: "If timer H fires while in the "Completed" state, it implies
	 * that the ACK was never received.  In this case, the server transaction MUST
	 * transition to the "Terminated" state, and MUST indicate to the TU that a
	 * transaction failure has occurred." */
	tsx_tu_timeout(tsx);
}

/* Proceeding, Completed, Accepted -(Transport Err.)-> the same state: "Inform TU". */
static void ist_transport_error(struct sip_tsx *tsx, const struct tsx_input *in)
{
	/* RFC6026 7.1: "A server transaction MUST NOT discard transaction state based
	 * only on encountering a non-recoverable transport error when sending a
	 * response.  Instead, the associated INVITE server transaction state machine
	 * MUST remain in its current state." */
	tsx_tu_transport_error(tsx, in->err);
}

/* Confirmed -(ACK)-> Confirmed, Accepted -(INVITE)-> Accepted: absorbed. */
static void ist_absorb(struct sip_tsx *tsx, const struct tsx_input *in)
{
	/* RFC3261 17.2.1: "The purpose of the "Confirmed" state is to absorb any
	 * additional ACK messages that arrive"; RFC6026 8.7: "The purpose of the
	 * "Accepted" state is to absorb retransmissions of an accepted INVITE request." */
	tsx_note(tsx, "%s absorbed", in->event == TSX_EV_ACK ? "ACK" : "INVITE retransmission");
}

/* Accepted -(ACK)-> Accepted: "to TU". */
static void ist_ack_to_tu(struct sip_tsx *tsx, const struct tsx_input *in)
{
	struct sip_tsx_layer *l = tsx->layer;

	/* RFC6026 7.1: "Any ACKs received from the network while in the "Accepted"
	 * state MUST be passed directly to the TU and not absorbed." */
	tsx_note(tsx, "ACK passed to TU");
	if (l->tu.on_ack != NULL)
		l->tu.on_ack(l->tu.arg, tsx, in->msg, in->from);
}

/* Accepted -(2xx from TU)-> Accepted: "send response". */
static void ist_send_2xx(struct sip_tsx *tsx, const struct tsx_input *in)
{
	/* RFC6026 7.1: "Any retransmission of the 2xx response passed from the TU to the
	 * transaction while in the "Accepted" state MUST be passed to the transport
	 * layer for transmission." */
	tsx_send_response(tsx, in->msg);
}

/* Figure 7 as RFC 6026 §8.6 replaces it: one row per arrow (and the absorbing of
 * ACKs in Confirmed, §17.2.1). */
static const struct tsx_row ist_rows[] = {
	{ SIP_TSX_INIT, TSX_EV_INVITE, ist_start, SIP_TSX_PROCEEDING, "RFC3261 17.2.1" },
	{ SIP_TSX_PROCEEDING, TSX_EV_INVITE, ist_resend, SIP_TSX_PROCEEDING, "RFC3261 17.2.1" },
	{ SIP_TSX_PROCEEDING, TSX_EV_TRYING, ist_trying, SIP_TSX_PROCEEDING, "RFC3261 17.2.1" },
	{ SIP_TSX_PROCEEDING, TSX_EV_TU_1XX, ist_provisional, SIP_TSX_PROCEEDING, "RFC3261 17.2.1" },
	{ SIP_TSX_PROCEEDING, TSX_EV_TU_2XX, ist_accept, SIP_TSX_ACCEPTED, "RFC6026 8.5" },
	{ SIP_TSX_PROCEEDING, TSX_EV_TU_300_699, ist_complete, SIP_TSX_COMPLETED, "RFC3261 17.2.1" },
	{ SIP_TSX_PROCEEDING, TSX_EV_TRANSPORT_ERR, ist_transport_error, SIP_TSX_PROCEEDING, "RFC6026 7.1" },
	{ SIP_TSX_COMPLETED, TSX_EV_INVITE, ist_resend, SIP_TSX_COMPLETED, "RFC3261 17.2.1" },
	{ SIP_TSX_COMPLETED, TSX_EV_TIMER_G, ist_retransmit, SIP_TSX_COMPLETED, "RFC3261 17.2.1" },
	{ SIP_TSX_COMPLETED, TSX_EV_ACK, ist_confirm, SIP_TSX_CONFIRMED, "RFC3261 17.2.1" },
	{ SIP_TSX_COMPLETED, TSX_EV_TIMER_H, ist_timeout, SIP_TSX_TERMINATED, "RFC3261 17.2.1" },
	{ SIP_TSX_COMPLETED, TSX_EV_TRANSPORT_ERR, ist_transport_error, SIP_TSX_COMPLETED, "RFC6026 7.1" },
	{ SIP_TSX_CONFIRMED, TSX_EV_ACK, ist_absorb, SIP_TSX_CONFIRMED, "RFC3261 17.2.1" },
	{ SIP_TSX_CONFIRMED, TSX_EV_TIMER_I, NULL, SIP_TSX_TERMINATED, "RFC3261 17.2.1" },
	{ SIP_TSX_ACCEPTED, TSX_EV_INVITE, ist_absorb, SIP_TSX_ACCEPTED, "RFC6026 8.7" },
	{ SIP_TSX_ACCEPTED, TSX_EV_ACK, ist_ack_to_tu, SIP_TSX_ACCEPTED, "RFC6026 7.1" },
	{ SIP_TSX_ACCEPTED, TSX_EV_TU_2XX, ist_send_2xx, SIP_TSX_ACCEPTED, "RFC6026 8.7" },
	{ SIP_TSX_ACCEPTED, TSX_EV_TRANSPORT_ERR, ist_transport_error, SIP_TSX_ACCEPTED, "RFC6026 7.1" },
	{ SIP_TSX_ACCEPTED, TSX_EV_TIMER_L, NULL, SIP_TSX_TERMINATED, "RFC6026 8.7" },
};

const struct tsx_machine tsx_ist_machine = {
	"IST", ist_rows, sizeof(ist_rows) / sizeof(ist_rows[0]), "RFC3261 17.2.1",
};
