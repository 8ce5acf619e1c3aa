/* sip/tsx_nist.c - the non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8).
 *
 *                         |Request received
 *                         |pass to TU
 *                         V
 *                   +-----------+ Request / - (retransmissions discarded)
 *                   |  Trying   |-------------------------------+
 *                   +-----------+                               | 200-699 from TU
 *                         | 1xx from TU / send response         | send response
 *      Request            V      1xx from TU / send response    |
 *      send response +------------+<-+                          |
 *          +---------| Proceeding |--+   Transport Err.         |
 *          +-------->|            |------ Inform TU ----> Terminated
 *                    +------------+                             |
 *                         | 200-699 from TU / send response     |
 *      Request            V                                     |
 *      send response +-----------+<-----------------------------+
 *          +---------| Completed |------ Transport Err. / Inform TU -> Terminated
 *          +-------->|           |------ Timer J / - ----------------> Terminated
 *                    +-----------+
 *
 * Timer J is 64*T1 over UDP and zero over TCP.
 *
 * Leaves out: nothing of the figure.
 */
#include "sip/tsx_internal.h"

#include <stddef.h>

/* Init -(Request)-> Trying: "pass to TU". */
static void nist_start(struct sip_tsx *tsx, const struct tsx_input *in)
{
	(void)in;
	/* RFC3261 17.2.2: "The state machine is initialized in the "Trying" state and is
	 * passed a request other than INVITE or ACK when initialized.  This request is
	 * passed up to the TU." */
	tsx_tu_request(tsx);
}

/* Trying -(Request)-> Trying: discarded. */
static void nist_discard(struct sip_tsx *tsx, const struct tsx_input *in)
{
	/* RFC3261 17.2.2: "Once in the "Trying" state, any further request
	 * retransmissions are discarded."  Completed: "Any other final responses passed
	 * by the TU to the server transaction MUST be discarded while in the "Completed"
	 * state." */
	tsx_note(tsx, in->event == TSX_EV_REQUEST ? "retransmission discarded"
						  : "response discarded");
}

/* Trying, Proceeding -(1xx from TU)-> Proceeding: "send response". */
static void nist_provisional(struct sip_tsx *tsx, const struct tsx_input *in)
{
	/* RFC3261 17.2.2: "While in the "Trying" state, if the TU passes a provisional
	 * response to the server transaction, the server transaction MUST enter the
	 * "Proceeding" state.  The response MUST be passed to the transport layer for
	 * transmission." */
	tsx_send_response(tsx, in->msg);
}

/* Proceeding -(Request)-> Proceeding, Completed -(Request)-> Completed: "send response". */
static void nist_resend(struct sip_tsx *tsx, const struct tsx_input *in)
{
	(void)in;
	/* RFC3261 17.2.2: "If a retransmission of the request is received while in the
	 * "Proceeding" state, the most recently sent provisional response MUST be passed
	 * to the transport layer for retransmission."  Completed: "the server
	 * transaction MUST pass the final response to the transport layer for
	 * retransmission whenever a retransmission of the request is received." */
	tsx_resend_response(tsx);
	tsx_note(tsx, "%d resent", tsx->resp_status);
}

/* Trying, Proceeding -(200-699 from TU)-> Completed: "send response". */
static void nist_complete(struct sip_tsx *tsx, const struct tsx_input *in)
{
	uint64_t j = tsx->reliable ? 0 : tsx_64t1(tsx);

	/* RFC3261 17.2.2: "If the TU passes a final response (status codes 200-699) to
	 * the server while in the "Proceeding" state, the transaction MUST enter the
	 * "Completed" state, and the response MUST be passed to the transport layer for
	 * transmission." */
	tsx_send_response(tsx, in->msg);
	/* "When the server transaction enters the "Completed" state, it MUST set Timer J
	 * to fire in 64*T1 seconds for unreliable transports, and zero seconds for
	 * reliable transports." */
	tsx_timer_start(tsx, TSX_EV_TIMER_J, j);
	tsx_note(tsx, "Timer J in %llu ms", (unsigned long long)(j / 1000));
}

/* Proceeding, Completed -(Transport Err.)-> Terminated: "Inform TU". */
static void nist_transport_error(struct sip_tsx *tsx, const struct tsx_input *in)
{
	/* RFC3261 17.2.4: "the server transaction SHOULD inform the TU that a failure
	 * has occurred, and SHOULD transition to the terminated state." */
	tsx_tu_transport_error(tsx, in->err);
}

/* Figure 8: one row per arrow (and §17.2.2's discarding in Trying and Completed). */
static const struct tsx_row nist_rows[] = {
	{ SIP_TSX_INIT, TSX_EV_REQUEST, nist_start, SIP_TSX_TRYING, "RFC3261 17.2.2" },
	{ SIP_TSX_TRYING, TSX_EV_REQUEST, nist_discard, SIP_TSX_TRYING, "RFC3261 17.2.2" },
	{ SIP_TSX_TRYING, TSX_EV_TU_1XX, nist_provisional, SIP_TSX_PROCEEDING, "RFC3261 17.2.2" },
	{ SIP_TSX_TRYING, TSX_EV_TU_200_699, nist_complete, SIP_TSX_COMPLETED, "RFC3261 17.2.2" },
	{ SIP_TSX_PROCEEDING, TSX_EV_REQUEST, nist_resend, SIP_TSX_PROCEEDING, "RFC3261 17.2.2" },
	{ SIP_TSX_PROCEEDING, TSX_EV_TU_1XX, nist_provisional, SIP_TSX_PROCEEDING, "RFC3261 17.2.2" },
	{ SIP_TSX_PROCEEDING, TSX_EV_TU_200_699, nist_complete, SIP_TSX_COMPLETED, "RFC3261 17.2.2" },
	{ SIP_TSX_PROCEEDING, TSX_EV_TRANSPORT_ERR, nist_transport_error, SIP_TSX_TERMINATED, "RFC3261 17.2.4" },
	{ SIP_TSX_COMPLETED, TSX_EV_REQUEST, nist_resend, SIP_TSX_COMPLETED, "RFC3261 17.2.2" },
	{ SIP_TSX_COMPLETED, TSX_EV_TU_200_699, nist_discard, SIP_TSX_COMPLETED, "RFC3261 17.2.2" },
	{ SIP_TSX_COMPLETED, TSX_EV_TRANSPORT_ERR, nist_transport_error, SIP_TSX_TERMINATED, "RFC3261 17.2.4" },
	{ SIP_TSX_COMPLETED, TSX_EV_TIMER_J, NULL, SIP_TSX_TERMINATED, "RFC3261 17.2.2" },
};

const struct tsx_machine tsx_nist_machine = {
	"NIST", nist_rows, sizeof(nist_rows) / sizeof(nist_rows[0]), "RFC3261 17.2.2",
};
