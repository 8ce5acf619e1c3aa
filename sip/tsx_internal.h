/* sip/tsx_internal.h - what the transaction files share (RFC 3261 §17, RFC 6026).
 *
 * The shape of a state machine (STYLE.md §1): a static const table of rows
 *     { from-state, event, action, to-state, RFC tag }
 * one per arrow of the figure, and one dispatcher (tsx.c, tsx_step) that finds the
 * row, sets the state, runs the action and logs the transition.  Actions never set
 * the state; a (state, event) pair with no row is logged and ignored.
 *
 * Not for use outside sip/tsx*.c.
 */
#ifndef SIP_TSX_INTERNAL_H
#define SIP_TSX_INTERNAL_H

#include "sip/tsx.h"

#include "net/timer.h"

/* The events of Figures 5-8, named as the figures label their arrows. */
enum tsx_event {
	TSX_EV_INVITE_FROM_TU,   /* ICT start */
	TSX_EV_REQUEST_FROM_TU,  /* NICT start */
	TSX_EV_INVITE,           /* IST: the INVITE, or a retransmission of it */
	TSX_EV_REQUEST,          /* NIST: the request, or a retransmission of it */
	TSX_EV_ACK,              /* IST */
	TSX_EV_1XX,              /* client: responses received */
	TSX_EV_2XX,
	TSX_EV_300_699,
	TSX_EV_200_699,
	TSX_EV_TU_1XX,           /* server: responses the TU passes */
	TSX_EV_TU_2XX,
	TSX_EV_TU_300_699,
	TSX_EV_TU_200_699,
	TSX_EV_TIMER_A,
	TSX_EV_TIMER_B,
	TSX_EV_TIMER_D,
	TSX_EV_TIMER_E,
	TSX_EV_TIMER_F,
	TSX_EV_TIMER_G,
	TSX_EV_TIMER_H,
	TSX_EV_TIMER_I,
	TSX_EV_TIMER_J,
	TSX_EV_TIMER_K,
	TSX_EV_TIMER_L,
	TSX_EV_TIMER_M,
	TSX_EV_TRYING,           /* IST: 200 ms passed without a TU response */
	TSX_EV_TRANSPORT_ERR,
	TSX_EV_COUNT
};

/* What an event carries to its action. */
struct tsx_input {
	enum tsx_event event;
	const struct sip_msg *msg;          /* received message or TU response, or NULL */
	const struct sip_recv_info *from;   /* where a received message came from */
	int err;                            /* Transport Err.: the errno */
};

struct sip_tsx;

/* An arrow's action ("INVITE sent", "ACK sent, resp. to TU", "-" is NULL). */
typedef void (*tsx_action_fn)(struct sip_tsx *tsx, const struct tsx_input *in);

struct tsx_row {
	enum sip_tsx_state from;
	enum tsx_event event;
	tsx_action_fn action;  /* NULL: the figure's "-" */
	enum sip_tsx_state to;
	const char *rfc;       /* "RFC3261 17.1.1.2": the text that draws this arrow */
};

struct tsx_machine {
	const char *name;        /* "ICT" */
	const struct tsx_row *rows;
	size_t count;
	const char *rfc;         /* section of the figure, for "no arrow" log lines */
};

extern const struct tsx_machine tsx_ict_machine;   /* tsx_ict.c, Figure 5 */
extern const struct tsx_machine tsx_nict_machine;  /* tsx_nict.c, Figure 6 */
extern const struct tsx_machine tsx_ist_machine;   /* tsx_ist.c, Figure 7 */
extern const struct tsx_machine tsx_nist_machine;  /* tsx_nist.c, Figure 8 */

/* Timer slots: a transaction runs at most one timer of each group at a time. */
enum tsx_slot {
	TSX_SLOT_RETRANSMIT,  /* A, E, G */
	TSX_SLOT_TIMEOUT,     /* B, F, H */
	TSX_SLOT_WAIT,        /* D, K, I, J, L, M */
	TSX_SLOT_TRYING,      /* the IST's 200 ms */
	TSX_SLOT_COUNT
};

struct tsx_timer {
	struct net_timer timer;  /* intrusive, on the environment's list */
	enum tsx_event event;    /* what firing means: TSX_EV_TIMER_A ... */
	struct sip_tsx *tsx;     /* owner */
};

/* An event that arrived while its transaction was busy with another one. */
struct tsx_pending {
	struct tsx_pending *next;
	enum tsx_event event;
	int err;
	struct sip_msg *msg;           /* owned copy, or NULL */
	bool has_from;
	struct sip_recv_info from;
};

struct sip_tsx {
	struct sip_tsx_layer *layer;          /* owner */
	enum sip_tsx_kind kind;
	const struct tsx_machine *machine;
	enum sip_tsx_state state;
	struct sip_tsx_handler handler;       /* the TU's callbacks, copied */

	struct sip_msg *request;              /* owned: as sent (client) or received (server) */
	char *req_bytes;                      /* client: the printed request (owned) */
	size_t req_len;
	char *ack_bytes;                      /* ICT: the ACK for a 300-699 (owned) */
	size_t ack_len;
	char *resp_bytes;                     /* server: the last response sent (owned) */
	size_t resp_len;
	int resp_status;                      /* its status, 0 before the first */
	char *resp_to_tag;                    /* its To tag (owned), for RFC 2543 ACKs */
	struct sip_dest dest;                 /* client: where the request goes; server:
	                                       * where the last response went */
	struct sip_recv_info source;          /* server: how the request arrived */
	bool reliable;                        /* §17: no retransmissions, zero waits */
	bool provisional;                     /* ICT: a 1xx arrived (CANCEL allowed) */

	struct tsx_timer timers[TSX_SLOT_COUNT];
	uint64_t interval;                    /* us: the current A / E / G interval */
	unsigned sends;                       /* transmissions of what retransmits */

	bool busy;                            /* inside tsx_run: new events queue */
	bool starting;                        /* inside sip_tsx_request */
	int start_err;                        /* a first send that failed at once */
	bool marked;                          /* transport error fan-out (tsx_match.c) */
	struct tsx_pending *queue;            /* events waiting, oldest first */
	struct tsx_pending *queue_tail;
	char note[160];                       /* what the action did, for the log line */

	struct sip_tsx *next;                 /* hash bucket list (tsx_match.c) */
	struct sip_tsx *prev;
	size_t bucket;
};

struct sip_tsx_layer {
	struct sip_transport *transport;      /* borrowed */
	struct sip_tsx_config cfg;
	struct sip_tu tu;
	struct sip_tsx **client;              /* hash buckets of client transactions */
	struct sip_tsx **server;              /* hash buckets of server transactions */
	size_t buckets;                       /* power of two */
	size_t count;                         /* transactions in both tables */
};

/* ---- tsx.c: life, dispatch, the actions' building blocks ------------------------ */

/* A new transaction of `kind` in Init, not yet in a table.  NULL on ENOMEM. */
struct sip_tsx *tsx_new(struct sip_tsx_layer *l, enum sip_tsx_kind kind);

/* Frees a transaction that is in no table. */
void tsx_free(struct sip_tsx *tsx);

/* Feeds an event to the machine (queued if it is busy; msg and from are copied
 * then).  May free the transaction (when it terminates and is not starting). */
void tsx_post(struct sip_tsx *tsx, enum tsx_event event, const struct sip_msg *msg,
	      const struct sip_recv_info *from, int err);

/* Appends to the note the dispatcher logs with the transition. */
void tsx_note(struct sip_tsx *tsx, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* One log line "[ICT z9hG4bK.. <rfc>] ..." for this transaction. */
void tsx_log(const struct sip_tsx *tsx, enum net_log_level level, const char *rfc,
	     const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

void tsx_timer_start(struct sip_tsx *tsx, enum tsx_event timer, uint64_t delay_us);
void tsx_timer_stop(struct sip_tsx *tsx, enum tsx_event timer);

/* Client: sends req_bytes to dest; a failure posts Transport Err. */
void tsx_send_request(struct sip_tsx *tsx);
/* Server: prints and keeps `resp`, routes it (§18.2.2) and sends it. */
void tsx_send_response(struct sip_tsx *tsx, const struct sip_msg *resp);
/* Server: sends the kept response again. */
void tsx_resend_response(struct sip_tsx *tsx);
/* Sends bytes the transaction keeps (the ICT's ACK) to dest. */
void tsx_send_kept(struct sip_tsx *tsx, const char *data, size_t len);

/* Informing the TU. */
void tsx_tu_response(struct sip_tsx *tsx, const struct sip_msg *resp);
void tsx_tu_timeout(struct sip_tsx *tsx);
void tsx_tu_transport_error(struct sip_tsx *tsx, int err);
void tsx_tu_request(struct sip_tsx *tsx);

/* 64*T1: Timers B, F, H, J, L, M. */
uint64_t tsx_64t1(const struct sip_tsx *tsx);

/* ---- tsx_match.c: the tables ------------------------------------------------------ */

/* Puts a transaction in its table (by its request's branch or Call-ID). */
void tsx_table_insert(struct sip_tsx *tsx);
/* Takes it out (idempotent). */
void tsx_table_remove(struct sip_tsx *tsx);

/* True when a client transaction already uses this branch. */
bool tsx_client_branch_used(const struct sip_tsx_layer *l, const char *branch);

/* The transport's user callbacks, installed by sip_tsx_layer_create. */
void tsx_on_message(void *arg, struct sip_msg **msg, const struct sip_recv_info *from);
void tsx_on_error(void *arg, const struct sip_dest *where, int err);

/* ---- tsx_ict.c ---------------------------------------------------------------------- */

/* A request of the INVITE's hop with the INVITE's Request-URI, top Via, Route, From,
 * Call-ID, Max-Forwards and CSeq number (method `method`), and the To of `to_src`:
 * the ACK of §17.1.1.3 (to_src = the response) or the CANCEL of §9.1 (to_src = the
 * INVITE). */
int tsx_ict_hop_request(const char *method, const struct sip_msg *invite,
			const struct sip_msg *to_src, struct sip_msg **out);

/* §17.1.1.3: the ACK for a 300-699 response to `invite`, printed. */
int tsx_ict_build_ack(const struct sip_msg *invite, const struct sip_msg *resp, char **out,
		      size_t *len);

#endif
