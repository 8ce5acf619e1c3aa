/* sip/tsx_nict.c - the non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6).
 *
 *                       |Request from TU
 *                       |send request
 *   Timer E             V
 *   send request  +-----------+ Timer F or Transport Err.
 *      +----------|  Trying   |-------- inform TU ------------> Terminated
 *      +--------->|           |
 *                 +-----------+
 *    200-699         |  |1xx / resp. to TU
 *    resp. to TU     |  V
 *                    | +------------+ Timer F or Transport Err.
 *   Timer E          | | Proceeding |------- inform TU -------> Terminated
 *   send req +------ | |            |<-+ 1xx / resp. to TU
 *            +-----> | +------------+--+
 *                    |   | 200-699 / resp. to TU
 *                    V   V
 *                 +-----------+  Timer K / -
 *                 | Completed |---------------------------------> Terminated
 *                 +-----------+
 *
 * Timer E doubles from T1 up to T2 in Trying and is T2 in Proceeding; Timer K is T4
 * over UDP and zero over TCP.
 *
 * Leaves out: nothing of the figure.
 */
#include "sip/tsx_internal.h"

#include <stddef.h>

/* Init -(Request from TU)-> Trying: "send request". */
static void nict_send_request(struct sip_tsx *tsx, const struct tsx_input *in)
{
	uint64_t t1 = tsx->layer->cfg.t1_us;

	(void)in;
	/* RFC3261 17.1.2.2: "When entering this state, the client transaction SHOULD set
	 * timer F to fire in 64*T1 seconds.  The request MUST be passed to the transport
	 * layer for transmission.  If an unreliable transport is in use, the client
	 * transaction MUST set timer E to fire in T1 seconds." */
	tsx_timer_start(tsx, TSX_EV_TIMER_F, tsx_64t1(tsx));
	tsx_send_request(tsx);
	tsx_note(tsx, "request sent");
	if (!tsx->reliable) {
		tsx->interval = t1;
		tsx_timer_start(tsx, TSX_EV_TIMER_E, t1);
		tsx_note(tsx, "Timer E in %llu ms", (unsigned long long)(t1 / 1000));
	}
	tsx_note(tsx, "Timer F in %llu ms", (unsigned long long)(tsx_64t1(tsx) / 1000));
}

/* Trying -(Timer E)-> Trying: "send request". */
static void nict_retransmit(struct sip_tsx *tsx, const struct tsx_input *in)
{
	uint64_t t2 = tsx->layer->cfg.t2_us;

	(void)in;
	/* RFC3261 17.1.2.2: "If timer E fires while still in this state, the timer is
	 * reset, but this time with a value of MIN(2*T1, T2).  When the timer fires
	 * again, it is reset to a MIN(4*T1, T2)." */
	tsx_send_request(tsx);
	tsx->interval = 2 * tsx->interval < t2 ? 2 * tsx->interval : t2;
	tsx_timer_start(tsx, TSX_EV_TIMER_E, tsx->interval);
	tsx_note(tsx, "retransmit #%u in %llu ms", tsx->sends,
		 (unsigned long long)(tsx->interval / 1000));
}

/* Proceeding -(Timer E)-> Proceeding: "send req". */
static void nict_retransmit_t2(struct sip_tsx *tsx, const struct tsx_input *in)
{
	(void)in;
	/* RFC3261 17.1.2.2: "If Timer E fires while in the "Proceeding" state, the
	 * request MUST be passed to the transport layer for retransmission, and Timer E
	 * MUST be reset with a value of T2 seconds." */
	tsx_send_request(tsx);
	tsx->interval = tsx->layer->cfg.t2_us;
	tsx_timer_start(tsx, TSX_EV_TIMER_E, tsx->interval);
	tsx_note(tsx, "retransmit #%u in %llu ms", tsx->sends,
		 (unsigned long long)(tsx->interval / 1000));
}

/* Trying, Proceeding -(Timer F)-> Terminated: "inform TU". */
static void nict_timeout(struct sip_tsx *tsx, const struct tsx_input *in)
{
	(void)in;
	/* RFC3261 17.1.2.2: "If Timer F fires while the client transaction is still in
	 * the "Trying" state, the client transaction SHOULD inform the TU about the
	 * timeout"; "If timer F fires while in the "Proceeding" state, the TU MUST be
	 * informed of a timeout" */
	tsx_tu_timeout(tsx);
}

/* Trying, Proceeding -(Transport Err.)-> Terminated: "inform TU". */
static void nict_transport_error(struct sip_tsx *tsx, const struct tsx_input *in)
{
	/* RFC3261 17.1.4: "The client transaction SHOULD inform the TU that a transport
	 * failure has occurred" */
	tsx_tu_transport_error(tsx, in->err);
}

/* Trying -(1xx)-> Proceeding, Proceeding -(1xx)-> Proceeding: "resp. to TU". */
static void nict_to_tu(struct sip_tsx *tsx, const struct tsx_input *in)
{
	/* RFC3261 17.1.2.2: "If a provisional response is received while in the
	 * "Trying" state, the response MUST be passed to the TU" */
	tsx_tu_response(tsx, in->msg);
}

/* Trying, Proceeding -(200-699)-> Completed: "resp. to TU". */
static void nict_complete(struct sip_tsx *tsx, const struct tsx_input *in)
{
	uint64_t k = tsx->reliable ? 0 : tsx->layer->cfg.t4_us;

	tsx_timer_stop(tsx, TSX_EV_TIMER_E);
	tsx_timer_stop(tsx, TSX_EV_TIMER_F);
	/* RFC3261 17.1.2.2: "Once the client transaction enters the "Completed" state,
	 * it MUST set Timer K to fire in T4 seconds for unreliable transports, and zero
	 * seconds for reliable transports." */
	tsx_timer_start(tsx, TSX_EV_TIMER_K, k);
	tsx_note(tsx, "Timer K in %llu ms", (unsigned long long)(k / 1000));
	/* "If a final response (status codes 200-699) is received ..., the response MUST
	 * be passed to the TU" */
	tsx_tu_response(tsx, in->msg);
}

/* Completed -(200-699)-> Completed: absorbed. */
static void nict_absorb(struct sip_tsx *tsx, const struct tsx_input *in)
{
	/* RFC3261 17.1.2.2: "The "Completed" state exists to buffer any additional
	 * response retransmissions that may be received" */
	tsx_note(tsx, "retransmitted %d absorbed", in->msg->status);
}

/* Figure 6: one row per arrow (and the Completed state's buffering of §17.1.2.2). */
static const struct tsx_row nict_rows[] = {
	{ SIP_TSX_INIT, TSX_EV_REQUEST_FROM_TU, nict_send_request, SIP_TSX_TRYING, "RFC3261 17.1.2.2" },
	{ SIP_TSX_TRYING, TSX_EV_TIMER_E, nict_retransmit, SIP_TSX_TRYING, "RFC3261 17.1.2.2" },
	{ SIP_TSX_TRYING, TSX_EV_TIMER_F, nict_timeout, SIP_TSX_TERMINATED, "RFC3261 17.1.2.2" },
	{ SIP_TSX_TRYING, TSX_EV_TRANSPORT_ERR, nict_transport_error, SIP_TSX_TERMINATED, "RFC3261 17.1.4" },
	{ SIP_TSX_TRYING, TSX_EV_1XX, nict_to_tu, SIP_TSX_PROCEEDING, "RFC3261 17.1.2.2" },
	{ SIP_TSX_TRYING, TSX_EV_200_699, nict_complete, SIP_TSX_COMPLETED, "RFC3261 17.1.2.2" },
	{ SIP_TSX_PROCEEDING, TSX_EV_TIMER_E, nict_retransmit_t2, SIP_TSX_PROCEEDING, "RFC3261 17.1.2.2" },
	{ SIP_TSX_PROCEEDING, TSX_EV_TIMER_F, nict_timeout, SIP_TSX_TERMINATED, "RFC3261 17.1.2.2" },
	{ SIP_TSX_PROCEEDING, TSX_EV_TRANSPORT_ERR, nict_transport_error, SIP_TSX_TERMINATED, "RFC3261 17.1.4" },
	{ SIP_TSX_PROCEEDING, TSX_EV_1XX, nict_to_tu, SIP_TSX_PROCEEDING, "RFC3261 17.1.2.2" },
	{ SIP_TSX_PROCEEDING, TSX_EV_200_699, nict_complete, SIP_TSX_COMPLETED, "RFC3261 17.1.2.2" },
	{ SIP_TSX_COMPLETED, TSX_EV_200_699, nict_absorb, SIP_TSX_COMPLETED, "RFC3261 17.1.2.2" },
	{ SIP_TSX_COMPLETED, TSX_EV_TIMER_K, NULL, SIP_TSX_TERMINATED, "RFC3261 17.1.2.2" },
};

const struct tsx_machine tsx_nict_machine = {
	"NICT", nict_rows, sizeof(nict_rows) / sizeof(nict_rows[0]), "RFC3261 17.1.2.2",
};
