/* sip/tsx.h - the SIP transaction layer (RFC 3261 §17, RFC 6026).
 *
 * Four state machines, each a table next to its figure:
 *   ICT  INVITE client transaction      Figure 5 (RFC 6026's, with Accepted, Timer M)
 *   NICT non-INVITE client transaction  Figure 6
 *   IST  INVITE server transaction      Figure 7 (RFC 6026's, with Accepted, Timer L)
 *   NIST non-INVITE server transaction  Figure 8
 * (sip/tsx_ict.c, tsx_nict.c, tsx_ist.c, tsx_nist.c), matching of responses to
 * client transactions (§17.1.3) and of requests to server transactions (§17.2.3,
 * with the RFC 2543 fallback) in sip/tsx_match.c.  Every transition is logged once
 * through the log hook, layer "tsx":
 *     [ICT z9hG4bKx2a9.. RFC3261 17.1.1.2] Calling -(Timer A)-> Calling, retransmit #2 in 1000 ms
 *
 * The layer sits on a transport (sip/transport.h) and runs on its environment's
 * timer list: nothing here reads a clock.  Timers: A, B, D (ICT), E, F, K (NICT), G,
 * H, I (IST), J (NIST), L (IST Accepted), M (ICT Accepted), and the IST's 200 ms
 * "100 Trying" rule.  Over a reliable transport A, E and G never run and D, I, J, K
 * are zero (they still fire, at the same instant).
 *
 * The transaction user (TU: the UA core, a proxy, a registrar):
 *  - is handed each new request with the server transaction to answer it through
 *    (sip_tu.on_request, then sip_tsx_respond), ACKs that match no transaction or
 *    reach an IST in Accepted (on_ack), and responses that match no client
 *    transaction (on_stray_response; dropped with a log line when NULL);
 *  - starts client transactions with sip_tsx_request and gets their responses,
 *    timeout, transport error and end through a struct sip_tsx_handler;
 *  - sends what belongs to no transaction (the ACK for a 2xx, a stateless proxy's
 *    forwarding) directly through the transport (sip_transport_send_request /
 *    sip_transport_send_response on sip_tsx_layer_transport()).
 *
 * Ownership: the layer owns every transaction.  A transaction is freed right after
 * it reaches Terminated (§17.1.1.2: "MUST be destroyed the instant it enters the
 * "Terminated" state"); just before, its handler's on_terminated runs, after which
 * the TU must not use the pointer.  A transaction keeps its own copies of the
 * request and of everything it retransmits.  Callbacks borrow the messages they are
 * given until they return.  A callback may call sip_tsx_respond, sip_tsx_request and
 * sip_tsx_cancel (events for a transaction that is busy are queued and run when it
 * is done), but must not destroy the layer.
 *
 * Capacity: at most `max` transactions (SIP_TSX_MAX by default).  Beyond it a new
 * request is answered 503 with Retry-After (§21.5.4) statelessly, and a new client
 * transaction fails with ENOBUFS.
 *
 * Leaves out: the TU's own timers (Timer C §16.6, 2xx retransmission §13.3.1.4),
 * forking (a proxy runs several client transactions), multicast, RFC 3262 PRACK.
 */
#ifndef SIP_TSX_H
#define SIP_TSX_H

#include "sip/msg.h"
#include "sip/transport.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 3261 Table 4 (§A) defaults, in microseconds. */
#define SIP_TSX_T1 500000u    /* RTT estimate */
#define SIP_TSX_T2 4000000u   /* maximum retransmit interval of non-INVITE requests and
                               * INVITE responses */
#define SIP_TSX_T4 5000000u   /* maximum duration a message stays in the network */
#define SIP_TSX_TRYING_US 200000u  /* §17.2.1: 100 Trying unless the TU answers in 200 ms */
#define SIP_TSX_TIMER_D_MIN 32000000u  /* §17.1.1.2: Timer D "at least 32 seconds" */
#define SIP_TSX_MAX 4096u     /* default transaction limit */
#define SIP_TSX_RETRY_AFTER 5u  /* seconds, in the 503 sent beyond the limit */

enum sip_tsx_kind {
	SIP_TSX_ICT,   /* INVITE client transaction (§17.1.1) */
	SIP_TSX_NICT,  /* non-INVITE client transaction (§17.1.2) */
	SIP_TSX_IST,   /* INVITE server transaction (§17.2.1) */
	SIP_TSX_NIST   /* non-INVITE server transaction (§17.2.2) */
};

/* The states of Figures 5-8 and RFC 6026, named as there.  Init is the point the
 * figures' first arrow comes from. */
enum sip_tsx_state {
	SIP_TSX_INIT,
	SIP_TSX_CALLING,
	SIP_TSX_TRYING,
	SIP_TSX_PROCEEDING,
	SIP_TSX_COMPLETED,
	SIP_TSX_CONFIRMED,
	SIP_TSX_ACCEPTED,
	SIP_TSX_TERMINATED
};

struct sip_tsx_config {
	uint64_t t1_us;          /* T1 (us) */
	uint64_t t2_us;          /* T2 (us) */
	uint64_t t4_us;          /* T4 (us) */
	uint64_t trying_us;      /* IST: send 100 Trying if the TU is silent this long */
	bool trying_at_once;     /* IST: send 100 Trying as soon as the INVITE arrives */
	size_t max;              /* transactions at once */
	unsigned retry_after_s;  /* Retry-After of the 503 beyond `max` */
};

/* Fills the defaults above (T1 500 ms, T2 4 s, T4 5 s, 100 Trying after 200 ms). */
void sip_tsx_config_default(struct sip_tsx_config *cfg);

struct sip_tsx;
struct sip_tsx_layer;

/* A response for a client transaction, passed up as §17.1 says: every 1xx, the
 * first final response, and (ICT in Accepted, RFC 6026) every further 2xx. */
typedef void (*sip_tsx_response_cb)(void *arg, struct sip_tsx *tsx, const struct sip_msg *resp);

/* Timer B or F fired (client: "inform the TU that a timeout has occurred"), or Timer
 * H (IST: "a transaction failure has occurred", no ACK came). */
typedef void (*sip_tsx_timeout_cb)(void *arg, struct sip_tsx *tsx);

/* Sending failed (§17.1.4, §17.2.4): err is the transport's errno. */
typedef void (*sip_tsx_transport_error_cb)(void *arg, struct sip_tsx *tsx, int err);

/* The transaction reached Terminated and is freed when this returns. */
typedef void (*sip_tsx_terminated_cb)(void *arg, struct sip_tsx *tsx);

/* What a transaction reports to its TU.  Any member may be NULL. */
struct sip_tsx_handler {
	sip_tsx_response_cb on_response;               /* client transactions */
	sip_tsx_timeout_cb on_timeout;
	sip_tsx_transport_error_cb on_transport_error;
	sip_tsx_terminated_cb on_terminated;
	void *arg;                                      /* passed to each; owned by the TU */
};

/* A new request (not ACK) created server transaction `tsx`; answer it with
 * sip_tsx_respond, now or later. */
typedef void (*sip_tsx_request_cb)(void *arg, struct sip_tsx *tsx, const struct sip_msg *req);

/* An ACK the transactions do not absorb: one that matches no transaction (the ACK for
 * a 2xx, §17.1.1.1; tsx NULL) or one that reaches an IST in Accepted (RFC 6026 §7.1;
 * tsx is that IST). */
typedef void (*sip_tsx_ack_cb)(void *arg, struct sip_tsx *tsx, const struct sip_msg *ack,
			       const struct sip_recv_info *from);

/* A response that matches no client transaction (§18.1.2): a UA core sees the
 * retransmitted 2xx of a finished INVITE here; RFC 6026 §7.3 forbids a stateful
 * proxy to forward it. */
typedef void (*sip_tsx_stray_cb)(void *arg, const struct sip_msg *resp,
				 const struct sip_recv_info *from);

/* The transaction user, as the server side sees it. */
struct sip_tu {
	sip_tsx_request_cb on_request;        /* NULL: requests are answered 501 */
	sip_tsx_ack_cb on_ack;                /* NULL: logged and dropped */
	sip_tsx_stray_cb on_stray_response;   /* NULL: logged and dropped */
	struct sip_tsx_handler server;        /* handler of new server transactions
	                                       * (on_response unused); the TU may swap
	                                       * it per transaction (sip_tsx_set_handler) */
	void *arg;                            /* passed to the three callbacks above */
};

/* Creates the layer on `transport` (borrowed; the layer becomes its user).  cfg NULL
 * means sip_tsx_config_default; tu is copied (NULL: no server side).  Returns 0,
 * EINVAL or ENOMEM. */
int sip_tsx_layer_create(struct sip_tsx_layer **out, struct sip_transport *transport,
			 const struct sip_tsx_config *cfg, const struct sip_tu *tu);

/* Frees every transaction (stopping their timers, no callbacks) and the layer.
 * Not from inside a callback of the layer.  NULL is ignored. */
void sip_tsx_layer_destroy(struct sip_tsx_layer *l);

struct sip_transport *sip_tsx_layer_transport(const struct sip_tsx_layer *l);
const struct sip_tsx_config *sip_tsx_layer_config(const struct sip_tsx_layer *l);
size_t sip_tsx_layer_count(const struct sip_tsx_layer *l);  /* transactions alive */

/* Starts a client transaction (ICT for INVITE, NICT for others; never for ACK) for a
 * copy of `req`: our Via with a new branch is pushed on top (sip_transport_via_push),
 * the request is printed (the §18.1.1 size rule may move it to TCP) and sent to
 * `dst`.  h is copied (NULL: no callbacks).  Returns 0 and *out (may be NULL when
 * the caller does not keep it), EINVAL (not a request, an ACK), ENOBUFS (the
 * transaction limit), ENOMEM, or the errno of a first send that failed at once: the
 * machine has then taken its "Transport Err." arrow and is gone, and the handler
 * was not called (the caller learns it here). */
int sip_tsx_request(struct sip_tsx_layer *l, const struct sip_msg *req, const struct sip_dest *dst,
		    const struct sip_tsx_handler *h, struct sip_tsx **out);

/* §9.1: builds the CANCEL for the INVITE of client transaction `ict` (same
 * Request-URI, Call-ID, From, To, CSeq number, Route, and its single top Via) and
 * sends it in its own non-INVITE client transaction to the same destination.
 * Returns 0 and *out (may be NULL), EINVAL (not an ICT), EAGAIN (no provisional
 * response yet: "the client MUST wait for the arrival of a provisional response"),
 * EALREADY (a final response arrived), or what sip_tsx_request returns. */
int sip_tsx_cancel(struct sip_tsx *ict, const struct sip_tsx_handler *h, struct sip_tsx **out);

/* The TU's response for server transaction `tsx` (copied).  Returns 0, EINVAL (not a
 * server transaction or not a response), or EPROTO when the state machine has no
 * arrow for it (e.g. a second final response; the attempt is logged). */
int sip_tsx_respond(struct sip_tsx *tsx, const struct sip_msg *resp);

/* §9.2: the server transaction a CANCEL refers to, or NULL: "The TU determines the
 * transaction to be cancelled by taking the CANCEL request, and then assuming that
 * the request method is anything but CANCEL or ACK and applying the transaction
 * matching procedures of Section 17.2.3." */
struct sip_tsx *sip_tsx_find_cancelled(const struct sip_tsx_layer *l, const struct sip_msg *cancel);

/* Replaces the handler of a transaction (copied). */
void sip_tsx_set_handler(struct sip_tsx *tsx, const struct sip_tsx_handler *h);

enum sip_tsx_kind sip_tsx_kind(const struct sip_tsx *tsx);
enum sip_tsx_state sip_tsx_state(const struct sip_tsx *tsx);
const char *sip_tsx_kind_name(enum sip_tsx_kind kind);     /* "ICT", ... */
const char *sip_tsx_state_name(enum sip_tsx_state state);  /* "Calling", ... */

/* The branch of the transaction's top Via (client: ours; server: the peer's, which
 * may lack the magic cookie). */
struct sip_str sip_tsx_branch(const struct sip_tsx *tsx);

/* The request as the transaction sent it (client, with our Via) or received it
 * (server, with received/rport).  Valid while the transaction lives. */
const struct sip_msg *sip_tsx_request_msg(const struct sip_tsx *tsx);

/* Server transactions: how the request arrived (responses go back that way). */
const struct sip_recv_info *sip_tsx_source(const struct sip_tsx *tsx);

/* Client transactions: where the request went (proto may differ from the one asked
 * for, §18.1.1; conn_id is the connection it used). */
const struct sip_dest *sip_tsx_dest(const struct sip_tsx *tsx);

#endif
