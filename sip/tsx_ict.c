/* sip/tsx_ict.c - the INVITE client transaction (RFC 3261 §17.1.1, Figure 5 as RFC
 * 6026 §8.4 redraws it) and the ACK it builds for a 300-699 response (§17.1.1.3).
 *
 *                      |INVITE from TU
 *    Timer A fires     |INVITE sent      Timer B fires
 *    Reset A,          V                 or Transport Err.
 *    INVITE sent +-----------+           inform TU
 *      +---------|  Calling  |------------------------------> Terminated
 *      +-------->|           |--- 2xx / 2xx to TU ---------+
 *                +-----------+                             |
 *   300-699         |    | 1xx / 1xx to TU                 V
 *   ACK sent,       |    V                           +----------+
 *   resp. to TU     | +------------+ 2xx / 2xx to TU | Accepted |<-+ 2xx
 *                   | | Proceeding |---------------->|          |--+ 2xx to TU
 *                   | +------------+                 +----------+
 *                   |    | 300-699 / ACK sent, resp. to TU  | Timer M / -
 *                   V    V                                  V
 *                +-----------+ Transport Err. / Inform TU
 *   300-699  +---| Completed |------------------------->  Terminated
 *   ACK sent +-->|           |--- Timer D / - -------->
 *                +-----------+
 *
 * Leaves out: the ACK for a 2xx (the UA core's, §13.2.2.4, sent outside any
 * transaction) and forking decisions (the TU's).
 */
#include "sip/tsx_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Init -(INVITE from TU)-> Calling: "INVITE sent". */
static void ict_send_invite(struct sip_tsx *tsx, const struct tsx_input *in)
{
	uint64_t t1 = tsx->layer->cfg.t1_us;

	(void)in;
	/* RFC3261 17.1.1.2: "The client transaction MUST pass the request to the
	 * transport layer for transmission" */
	tsx_send_request(tsx);
	tsx_note(tsx, "INVITE sent");
	/* "If an unreliable transport is being used, the client transaction MUST start
	 * timer A with a value of T1.  If a reliable transport is being used, the
	 * client transaction SHOULD NOT start timer A" */
	if (!tsx->reliable) {
		tsx->interval = t1;
		tsx_timer_start(tsx, TSX_EV_TIMER_A, t1);
		tsx_note(tsx, "Timer A in %llu ms", (unsigned long long)(t1 / 1000));
	}
	/* "For any transport, the client transaction MUST start timer B with a value of
	 * 64*T1 seconds" */
	tsx_timer_start(tsx, TSX_EV_TIMER_B, tsx_64t1(tsx));
	tsx_note(tsx, "Timer B in %llu ms", (unsigned long long)(tsx_64t1(tsx) / 1000));
}

/* Calling -(Timer A)-> Calling: "Reset A, INVITE sent". */
static void ict_retransmit(struct sip_tsx *tsx, const struct tsx_input *in)
{
	(void)in;
	/* RFC3261 17.1.1.2: "When timer A fires, the client transaction MUST retransmit
	 * the request by passing it to the transport layer, and MUST reset the timer
	 * with a value of 2*T1." ... "the request is retransmitted with intervals that
	 * double after each transmission." */
	tsx_send_request(tsx);
	tsx->interval *= 2;
	tsx_timer_start(tsx, TSX_EV_TIMER_A, tsx->interval);
	tsx_note(tsx, "retransmit #%u in %llu ms", tsx->sends,
		 (unsigned long long)(tsx->interval / 1000));
}

/* Calling -(Timer B)-> Terminated: "inform TU". */
static void ict_timeout(struct sip_tsx *tsx, const struct tsx_input *in)
{
	(void)in;
	/* RFC3261 17.1.1.2: "If the client transaction is still in the "Calling" state
	 * when timer B fires, the client transaction SHOULD inform the TU that a
	 * timeout has occurred.  The client transaction MUST NOT generate an ACK." */
	tsx_tu_timeout(tsx);
}

/* Calling, Completed -(Transport Err.)-> Terminated: "inform TU". */
static void ict_transport_error(struct sip_tsx *tsx, const struct tsx_input *in)
{
	/* RFC3261 17.1.4: "The client transaction SHOULD inform the TU that a transport
	 * failure has occurred, and the client transaction SHOULD transition directly
	 * to the "Terminated" state." */
	tsx_tu_transport_error(tsx, in->err);
}

/* Calling -(1xx)-> Proceeding: "1xx to TU". */
static void ict_proceed(struct sip_tsx *tsx, const struct tsx_input *in)
{
	/* RFC3261 17.1.1.2: "In the "Proceeding" state, the client transaction SHOULD
	 * NOT retransmit the request any longer."  Timer B guards Calling only. */
	tsx_timer_stop(tsx, TSX_EV_TIMER_A);
	tsx_timer_stop(tsx, TSX_EV_TIMER_B);
	tsx->provisional = true;
	/* "Furthermore, the provisional response MUST be passed to the TU." */
	tsx_tu_response(tsx, in->msg);
}

/* Proceeding -(1xx)-> Proceeding, Accepted -(2xx)-> Accepted: "... to TU". */
static void ict_to_tu(struct sip_tsx *tsx, const struct tsx_input *in)
{
	/* RFC3261 17.1.1.2: "Any further provisional responses MUST be passed up to
	 * the TU while in the "Proceeding" state."  RFC6026 8.4: "Any 2xx responses
	 * that match this client transaction and that are received while in the
	 * "Accepted" state MUST be passed up to the TU." */
	tsx_tu_response(tsx, in->msg);
}

/* Calling, Proceeding -(2xx)-> Accepted: "2xx to TU". */
static void ict_accept(struct sip_tsx *tsx, const struct tsx_input *in)
{
	tsx_timer_stop(tsx, TSX_EV_TIMER_A);
	tsx_timer_stop(tsx, TSX_EV_TIMER_B);
	/* RFC6026 8.4: "When a 2xx response is received while in either the "Calling"
	 * or "Proceeding" states, the client transaction MUST transition to the
	 * "Accepted" state, and Timer M MUST be started with a value of 64*T1.  The 2xx
	 * response MUST be passed up to the TU.  The client transaction MUST NOT
	 * generate an ACK to the 2xx response" */
	tsx_timer_start(tsx, TSX_EV_TIMER_M, tsx_64t1(tsx));
	tsx_note(tsx, "Timer M in %llu ms", (unsigned long long)(tsx_64t1(tsx) / 1000));
	tsx_tu_response(tsx, in->msg);
}

/* Calling, Proceeding -(300-699)-> Completed: "ACK sent, resp. to TU". */
static void ict_complete(struct sip_tsx *tsx, const struct tsx_input *in)
{
	uint64_t d = tsx_64t1(tsx) > SIP_TSX_TIMER_D_MIN ? tsx_64t1(tsx) : SIP_TSX_TIMER_D_MIN;

	tsx_timer_stop(tsx, TSX_EV_TIMER_A);
	tsx_timer_stop(tsx, TSX_EV_TIMER_B);
	/* RFC3261 17.1.1.2: "the client transaction MUST generate an ACK request, even if
	 * the transport is reliable ... and then pass the ACK to the transport layer
	 * for transmission.  The ACK MUST be sent to the same address, port, and
	 * transport to which the original request was sent." */
	if (tsx_ict_build_ack(tsx->request, in->msg, &tsx->ack_bytes, &tsx->ack_len) == 0) {
		tsx_send_kept(tsx, tsx->ack_bytes, tsx->ack_len);
		tsx_note(tsx, "ACK sent");
	} else {
		tsx_note(tsx, "ACK not built (out of memory)");
	}
	/* RFC6026 8.4: "The client transaction MUST start Timer D when it enters the
	 * "Completed" state for any reason, with a value of at least 32 seconds for
	 * unreliable transports, and a value of zero seconds for reliable transports."
	 * (At least 32 s and at least the server's Timer H, 64*T1, when T1 is slow.) */
	tsx_timer_start(tsx, TSX_EV_TIMER_D, tsx->reliable ? 0 : d);
	tsx_note(tsx, "Timer D in %llu ms", (unsigned long long)(tsx->reliable ? 0 : d / 1000));
	/* "The client transaction MUST pass the received response up to the TU" (after
	 * the ACK, so the TU's next request follows the ACK on the wire). */
	tsx_tu_response(tsx, in->msg);
}

/* Completed -(300-699)-> Completed: "ACK sent". */
static void ict_ack_again(struct sip_tsx *tsx, const struct tsx_input *in)
{
	(void)in;
	/* RFC6026 8.4: "Any retransmissions of a response with status code 300-699 that
	 * are received while in the "Completed" state MUST cause the ACK to be
	 * re-passed to the transport layer for retransmission, but the newly received
	 * response MUST NOT be passed up to the TU." */
	if (tsx->ack_bytes != NULL)
		tsx_send_kept(tsx, tsx->ack_bytes, tsx->ack_len);
	tsx_note(tsx, "ACK retransmitted");
}

/* Figure 5 of RFC 3261 as RFC 6026 §8.4 replaces it: one row per arrow. */
static const struct tsx_row ict_rows[] = {
	{ SIP_TSX_INIT, TSX_EV_INVITE_FROM_TU, ict_send_invite, SIP_TSX_CALLING, "RFC3261 17.1.1.2" },
	{ SIP_TSX_CALLING, TSX_EV_TIMER_A, ict_retransmit, SIP_TSX_CALLING, "RFC3261 17.1.1.2" },
	{ SIP_TSX_CALLING, TSX_EV_TIMER_B, ict_timeout, SIP_TSX_TERMINATED, "RFC3261 17.1.1.2" },
	{ SIP_TSX_CALLING, TSX_EV_TRANSPORT_ERR, ict_transport_error, SIP_TSX_TERMINATED, "RFC3261 17.1.4" },
	{ SIP_TSX_CALLING, TSX_EV_1XX, ict_proceed, SIP_TSX_PROCEEDING, "RFC3261 17.1.1.2" },
	{ SIP_TSX_CALLING, TSX_EV_2XX, ict_accept, SIP_TSX_ACCEPTED, "RFC6026 8.4" },
	{ SIP_TSX_CALLING, TSX_EV_300_699, ict_complete, SIP_TSX_COMPLETED, "RFC3261 17.1.1.2" },
	{ SIP_TSX_PROCEEDING, TSX_EV_1XX, ict_to_tu, SIP_TSX_PROCEEDING, "RFC3261 17.1.1.2" },
	{ SIP_TSX_PROCEEDING, TSX_EV_2XX, ict_accept, SIP_TSX_ACCEPTED, "RFC6026 8.4" },
	{ SIP_TSX_PROCEEDING, TSX_EV_300_699, ict_complete, SIP_TSX_COMPLETED, "RFC3261 17.1.1.2" },
	{ SIP_TSX_COMPLETED, TSX_EV_300_699, ict_ack_again, SIP_TSX_COMPLETED, "RFC6026 8.4" },
	{ SIP_TSX_COMPLETED, TSX_EV_TRANSPORT_ERR, ict_transport_error, SIP_TSX_TERMINATED, "RFC6026 8.4" },
	{ SIP_TSX_COMPLETED, TSX_EV_TIMER_D, NULL, SIP_TSX_TERMINATED, "RFC6026 8.4" },
	{ SIP_TSX_ACCEPTED, TSX_EV_2XX, ict_to_tu, SIP_TSX_ACCEPTED, "RFC6026 8.4" },
	{ SIP_TSX_ACCEPTED, TSX_EV_TIMER_M, NULL, SIP_TSX_TERMINATED, "RFC6026 8.4" },
};

const struct tsx_machine tsx_ict_machine = {
	"ICT", ict_rows, sizeof(ict_rows) / sizeof(ict_rows[0]), "RFC3261 17.1.1.2",
};

/* ---- §17.1.1.3 Construction of the ACK Request ------------------------------------ */

/* Copies the first row of `id` from `src` into `dst` (after the rows already there). */
static int copy_row(struct sip_msg *dst, const struct sip_msg *src, enum sip_hdr_id id)
{
	size_t i = sip_msg_hdr_find(src, id, 0);

	if (i == SIP_HDR_NONE)
		return EINVAL;
	/* By length: a quoted-pair in a display name may hold a NUL (RFC 4475 §3.1.1.2). */
	return sip_msg_hdr_add_len(dst, id, src->hdrs[i].value.p, src->hdrs[i].value.len);
}

/* The rows of an ACK (§17.1.1.3) or CANCEL (§9.1) for `inv`: its top Via, Route,
 * From, Call-ID, CSeq number, and the To of `to_src` (the response for an ACK, the
 * INVITE itself for a CANCEL). */
static int hop_rows(struct sip_msg *m, const struct sip_msg *inv, const struct sip_msg *to_src)
{
	/* RFC3261 17.1.1.3: "The ACK MUST contain a single Via header field, and this
	 * MUST be equal to the top Via header field of the original request." */
	int rc = sip_msg_hdr_add_len(m, SIP_HDR_VIA, inv->via->text.p, inv->via->text.len);

	/* "If the INVITE request whose response is being acknowledged had Route header
	 * fields, those header fields MUST appear in the ACK." */
	if (rc == 0 && inv->route != NULL)
		rc = sip_msg_hdr_copy(m, inv, SIP_HDR_ROUTE);
	/* "The To header field in the ACK MUST equal the To header field in the
	 * response being acknowledged" */
	if (rc == 0)
		rc = copy_row(m, to_src, SIP_HDR_TO);
	/* "values for the Call-ID, From, and Request-URI that are equal to the values of
	 * those header fields in the request passed to the transport" */
	if (rc == 0)
		rc = copy_row(m, inv, SIP_HDR_FROM);
	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_MAX_FORWARDS, "%d",
				      inv->max_forwards >= 0 ? inv->max_forwards : 70);
	if (rc == 0)
		rc = copy_row(m, inv, SIP_HDR_CALL_ID);
	/* "The CSeq header field in the ACK MUST contain the same value for the sequence
	 * number as was present in the original request, but the method parameter MUST
	 * be equal to "ACK"." */
	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_CSEQ, "%lu %.*s", (unsigned long)inv->cseq->seq,
				      (int)m->method_name.len, m->method_name.p);
	if (rc == 0)
		rc = sip_msg_hdr_add(m, SIP_HDR_CONTENT_LENGTH, "0");
	return rc;
}

int tsx_ict_hop_request(const char *method, const struct sip_msg *invite,
			const struct sip_msg *to_src, struct sip_msg **out)
{
	struct sip_msg *m = NULL;
	char *ruri = malloc(invite->ruri.text.len + 1);
	int rc = ruri == NULL ? ENOMEM : 0;

	*out = NULL;
	if (rc == 0)
		rc = sip_str_copy(invite->ruri.text, ruri, invite->ruri.text.len + 1);
	if (rc == 0)
		rc = sip_msg_create_request(method, ruri, &m);
	free(ruri);
	/* The rows in the order of the §17.1.1.3 example; Content-Length last. */
	if (rc == 0 && sip_msg_hdr_remove_all(m, SIP_HDR_CONTENT_LENGTH) != 1)
		rc = EINVAL;
	if (rc == 0)
		rc = hop_rows(m, invite, to_src);
	if (rc != 0) {
		sip_msg_destroy(m);
		return rc;
	}
	*out = m;
	return 0;
}

int tsx_ict_build_ack(const struct sip_msg *invite, const struct sip_msg *resp, char **out,
		      size_t *len)
{
	struct sip_msg *ack;
	int rc = tsx_ict_hop_request("ACK", invite, resp, &ack);

	*out = NULL;
	if (rc == 0)
		rc = sip_msg_print_alloc(ack, out, len);
	sip_msg_destroy(ack);
	return rc;
}
