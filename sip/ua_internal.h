/* sip/ua_internal.h - what the UA core's files share (RFC 3261 §8-§15).
 *
 *   ua.c      the UA object, the TU callbacks, OPTIONS, MESSAGE, routing requests to
 *             calls (481, 500)
 *   ua_check.c the §8.2 checks before the method (405/501, 416, 482, 420, 415, 406)
 *   ua_req.c  client requests: transactions, 401/407 retries, 3xx, 408/503
 *   ua_call.c the call object and its state table, BYE (both ways), hanging up
 *   ua_reinvite.c re-INVITE (both ways), 491 and the §14.1 back-off
 *   ua_uac.c  the caller's side of INVITE: responses, ACK for 2xx, CANCEL, forks
 *   ua_uas.c  the callee's side: 1xx/2xx/final, 2xx retransmission, ACK, CANCEL
 *
 * Not for use outside sip/ua*.c.
 */
#ifndef SIP_UA_INTERNAL_H
#define SIP_UA_INTERNAL_H

#include "sip/ua.h"

#include "net/timer.h"

#define UA_LAYER "ua"
#define UA_TAG_LEN 10        /* random characters in a tag: ~51 bits (§19.3: 32 at least) */
#define UA_CALL_ID_LEN 20    /* random characters in a Call-ID */
#define UA_REASON_MAX 96     /* bytes of a kept reason phrase */
#define UA_REQ_ATTEMPTS (1 + SIP_UA_AUTH_RETRIES + SIP_UA_REDIRECTS)

/* ---- Client requests (ua_req.c) --------------------------------------------------- */

/* What a client request reports to the call or function that started it. */
struct ua_req_handler {
	/* A response of the current attempt that no retry consumed: every 1xx, the final
	 * one, and (INVITE, RFC 6026 Accepted) each further 2xx.  resp NULL: a status the
	 * core made up (408 timeout, 503 transport error). */
	void (*on_response)(void *owner, struct sip_ua_request *r, int status,
			    const struct sip_msg *resp);
	/* A retry (after 401/407 or a 3xx) is about to go: the owner may renumber its
	 * CSeq (in a dialog the next local sequence number).  May be NULL. */
	void (*on_retry)(void *owner, struct sip_ua_request *r, struct sip_msg *next);
	/* The request is over and is freed when this returns.  May be NULL. */
	void (*on_end)(void *owner, const struct sip_ua_request *r);
	void *owner;
};

/* One attempt: the handler argument of its client transaction. */
struct ua_attempt {
	struct sip_ua_request *r;             /* owner */
	struct sip_tsx *tsx;                  /* NULL once terminated */
};

struct sip_ua_request {
	struct sip_ua *ua;
	struct sip_ua_request *next;          /* in ua->reqs */
	struct sip_ua_request *prev;
	struct ua_req_handler h;              /* zeroed once abandoned */
	sip_ua_response_cb cb;                /* sip_ua_send's callback (final only) */
	void *cb_arg;
	struct sip_msg *tmpl;                 /* owned: the request without Via or credentials */
	struct ua_attempt att[UA_REQ_ATTEMPTS];  /* one per transaction started */
	size_t attempts;                      /* transactions started */
	struct sip_tsx *current;              /* the last attempt's, while it lives: the
	                                       * one whose responses count */
	unsigned auth_tries;                  /* challenges answered */
	char targets[SIP_UA_REDIRECTS][SIP_DIALOG_URI_MAX];  /* 3xx Contacts not tried yet */
	size_t n_targets;
	size_t redirects;                     /* 3xx targets tried */
	bool final;                           /* the final response was reported */
	bool ending;                          /* on_end ran: being freed */
};

/* Starts `req` (taken, freed on error).  Returns 0 and *out, or ENOBUFS, EHOSTUNREACH,
 * EPROTONOSUPPORT or a send error (nothing was reported then). */
int ua_req_start(struct sip_ua *ua, struct sip_msg *req, const struct ua_req_handler *h,
		 struct sip_ua_request **out);

/* The request's owner is gone: no more callbacks. */
void ua_req_detach(struct sip_ua_request *r);

/* INVITE: CANCEL the current attempt (§9.1).  Returns what sip_tsx_cancel returns
 * (EAGAIN before a provisional response, EALREADY after a final one). */
int ua_req_cancel(struct sip_ua_request *r);

/* The current attempt as it went out (with Via and credentials), NULL once its
 * transaction is gone. */
const struct sip_msg *ua_req_sent(const struct sip_ua_request *r);

/* Frees every request (sip_ua_destroy): handlers detached, no callbacks. */
void ua_req_free_all(struct sip_ua *ua);

/* ---- Calls (ua_call.c, ua_reinvite.c, ua_uac.c, ua_uas.c) ------------------------------- */

/* A body kept by the core (owned copies). */
struct ua_body {
	char *type;     /* Content-Type, NULL: no body */
	char *data;
	size_t len;     /* bytes */
};

/* The events of the call table (ua_call.c), named after what happens. */
enum call_event {
	CEV_INVITE_SENT,     /* UAC: the INVITE went out */
	CEV_1XX,             /* UAC: a provisional response with a To tag */
	CEV_2XX,             /* UAC: the first 2xx */
	CEV_ACK_SENT,        /* UAC: the ACK for it went out */
	CEV_FAILURE,         /* UAC: 300-699, timeout, transport error */
	CEV_INVITE,          /* UAS: a new INVITE */
	CEV_RING,            /* UAS: the application sends a 1xx */
	CEV_ANSWER,          /* UAS: the application sends a 2xx */
	CEV_REJECT,          /* UAS: the application sends 300-699 */
	CEV_CANCEL,          /* UAS: CANCEL received */
	CEV_EXPIRED,         /* UAS: the INVITE's Expires ran out (§13.3.1) */
	CEV_ACK,             /* UAS: the ACK for our 2xx */
	CEV_NO_ACK,          /* UAS: 64*T1 of 2xx retransmissions without ACK */
	CEV_BYE_OUT,         /* either: we end the session */
	CEV_BYE_IN,          /* either: the peer ends it */
	CEV_COUNT
};

struct sip_call {
	struct sip_ua *ua;
	struct sip_call *next;                /* in ua->calls */
	struct sip_call *prev;
	bool uac;                             /* we sent the INVITE */
	enum sip_call_state state;
	void *user;                           /* the application's */
	int status;                           /* last final status of the INVITE, or why
	                                       * the call ended */
	char reason[UA_REASON_MAX];
	unsigned busy;                        /* entered from a callback or API call */
	bool ended;                           /* DISCONNECTED reported: freed when not busy */
	bool hangup_pending;                  /* BYE as soon as the state allows (§15) */

	char call_id[SIP_DIALOG_ID_MAX];      /* of the INVITE */
	char local_tag[UA_TAG_LEN + 1];       /* our tag: From (UAC) or To (UAS) */
	struct sip_dialog dlg[SIP_UA_FORKS];  /* early dialogs (forks); [0] once confirmed */
	size_t n_dlg;
	bool confirmed;                       /* dlg[0] is the confirmed dialog */

	/* UAC */
	struct sip_ua_request *invite;        /* the initial INVITE until its final response */
	struct sip_msg *invite_sent;          /* owned copy of the INVITE as it went out */
	bool cancel_pending;                  /* hung up before a provisional response */
	struct net_timer t_cancel;            /* §9.1: 64*T1 after CANCEL without final */
	char killed[SIP_UA_FORKS][SIP_DIALOG_ID_MAX];  /* To tags of forks we ended (§13.2.2.4) */
	size_t n_killed;
	struct sip_msg *ack;                  /* last ACK for a 2xx (with Via), kept to resend */
	struct sip_dest ack_dest;
	uint32_t ack_seq;                     /* its CSeq number */
	struct ua_body ack_body;              /* sip_call_set_ack_body */

	/* UAS: the INVITE (initial or re-INVITE) being answered */
	struct sip_tsx *ist;                  /* its server transaction, until it ends */
	struct sip_msg *uas_req;              /* owned copy */
	struct sip_recv_info uas_src;         /* how it arrived */
	bool uas_final;                       /* a final response was sent to it */
	int out_status;                       /* what the application asked to send */
	char out_reason[UA_REASON_MAX];       /* "" : the §21 phrase */
	const struct ua_body *out_body;       /* borrowed for the step that sends it */
	struct sip_msg *resp2xx;              /* the 2xx retransmitted until the ACK */
	struct net_timer t2xx;                /* §13.3.1.4 retransmission */
	uint64_t t2xx_interval;               /* us */
	uint64_t t2xx_elapsed;                /* us since the first 2xx */
	struct net_timer t_expires;           /* §13.3.1 step 1; at 0 after a CANCEL */
	bool cancelled;                       /* a CANCEL came: 487 when t_expires fires */

	/* re-INVITE (§14) */
	struct sip_ua_request *reinvite;      /* ours in flight */
	struct ua_body reinvite_body;         /* its offer, for the §14.1 retry */
	struct net_timer t_glare;             /* §14.1 back-off after 491 */
	bool glare_retried;                   /* the back-off was used for this re-INVITE */
	bool reinvite_in;                     /* the peer's re-INVITE is being answered */
};

/* ua_call.c */
struct sip_call *call_new(struct sip_ua *ua, bool uac);
void call_enter(struct sip_call *c);
void call_leave(struct sip_call *c);   /* may free c */
void call_post(struct sip_call *c, enum call_event ev, const struct sip_msg *msg);
void call_set_status(struct sip_call *c, int status, const char *reason);
void call_log(const struct sip_call *c, enum net_log_level level, const char *rfc,
	      const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;
/* The dialog a message belongs to (matched by ID), or NULL. */
struct sip_dialog *call_dialog_for(struct sip_call *c, const struct sip_msg *msg);
/* BYE on the call's dialog (a detached request: it outlives the call). */
void call_send_bye(struct sip_call *c, struct sip_dialog *d);
void call_free_all(struct sip_ua *ua);
int body_keep(struct ua_body *b, const char *type, const void *data, size_t len);
void body_free(struct ua_body *b);
int body_set(struct sip_msg *m, const struct ua_body *b);
/* Hangup in Connecting (waits for the ACK) or Confirmed (BYE); EALREADY otherwise. */
int call_hangup_answered(struct sip_call *c);
/* A BYE the peer sent (ua.c routes it here). */
void call_on_bye(struct sip_call *c, struct sip_tsx *tsx, const struct sip_msg *req);

/* ua_reinvite.c */
/* A re-INVITE the peer sent (ua.c routes it here). */
void call_on_reinvite(struct sip_call *c, struct sip_tsx *tsx, const struct sip_msg *req,
		      const struct sip_recv_info *from);
/* The §14.1 back-off timer of a re-INVITE refused with 491. */
void call_glare_fired(struct net_timer *t, void *arg);

/* ua_uac.c */
void uac_on_response(void *owner, struct sip_ua_request *r, int status, const struct sip_msg *resp);
void uac_cancel_fired(struct net_timer *t, void *arg);
/* A 2xx that reached no transaction (or came again): ACK it again (§13.2.2.4). */
void uac_on_2xx_again(struct sip_call *c, const struct sip_msg *resp);
/* Sends the ACK for a 2xx of the dialog with CSeq `seq` (kept for retransmissions). */
int uac_send_ack(struct sip_call *c, struct sip_dialog *d, uint32_t seq, const struct sip_msg *invite);
int uac_hangup(struct sip_call *c);

/* ua_uas.c */
void uas_on_invite(struct sip_ua *ua, struct sip_tsx *tsx, const struct sip_msg *req,
		   const struct sip_recv_info *from);
void uas_on_ack(struct sip_call *c, const struct sip_msg *ack);
void uas_on_cancel(struct sip_call *c, const struct sip_msg *cancel);
/* Sends a response to the pending server INVITE (adds Contact, Record-Route, body). */
int uas_respond(struct sip_call *c, int status, const char *reason, const struct ua_body *body);
void uas_stop_2xx(struct sip_call *c);
/* The server transaction of the INVITE being answered: kept, its end watched. */
void uas_take_ist(struct sip_call *c, struct sip_tsx *tsx);
void uas_release(struct sip_call *c);  /* lets go of the IST (its end is not ours) */
int uas_hangup(struct sip_call *c);

/* ---- The UA (ua.c) ------------------------------------------------------------------ */

/* A 2xx to an INVITE whose request has no owner any more (a retransmission after the
 * call took the first one, or after Timer M): the call of its dialog ACKs it again. */
void ua_on_2xx_again(struct sip_ua *ua, const struct sip_msg *resp);

struct sip_ua {
	struct sip_tsx_layer *layer;          /* owned */
	struct sip_transport *tp;             /* the layer's */
	const struct sip_env *env;            /* the transport's */
	struct sip_ua_handler h;
	char *from;                           /* owned copies of the configuration */
	char *contact;
	char *route;                          /* outbound proxy URI with ;lr, or NULL */
	char *user_agent;
	bool follow_redirects;
	struct sip_auth_client own_auth;      /* used when cfg->auth is NULL */
	struct sip_auth_client *auth;
	struct sip_call *calls;
	size_t n_calls;
	struct sip_ua_request *reqs;
	size_t n_reqs;
};

/* ua_check.c: the §8.2 checks; true when a response refused the request. */
bool ua_refused(struct sip_ua *ua, struct sip_tsx *tsx, const struct sip_msg *req);

/* A response to `req` (§8.2.6): To tag `to_tag` when the request had none (NULL: a
 * fresh one; not for 100), Server.  Returns 0 or an errno; *out is the caller's. */
int ua_response(struct sip_ua *ua, const struct sip_msg *req, int status, const char *reason,
		const char *to_tag, struct sip_msg **out);
/* ua_response plus one extra row (`id` SIP_HDR_OTHER: none; 405 always gets Allow),
 * sent through the server transaction.  Returns 0 or an errno. */
int ua_reply(struct sip_ua *ua, struct sip_tsx *tsx, const struct sip_msg *req, int status,
	     const char *reason, enum sip_hdr_id id, const char *value);
/* Adds the headers every request of ours carries (Max-Forwards, User-Agent), and the
 * outbound proxy Route outside dialogs. */
int ua_decorate(struct sip_ua *ua, struct sip_msg *req, bool in_dialog);
uint64_t ua_t1(const struct sip_ua *ua);
uint64_t ua_t2(const struct sip_ua *ua);
void ua_log(const struct sip_ua *ua, enum net_log_level level, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

#endif
