/* sip/ua.h - the UA core: calls (INVITE sessions), requests inside and outside
 * dialogs, and the server side a user agent owes every request (RFC 3261 §8, §9,
 * §11, §12, §13, §14, §15, §22; RFC 3428 MESSAGE; RFC 6026 for 2xx handling).
 *
 * The UA core is the transaction user (TU) of one transaction layer (sip/tsx.h) and
 * runs on its environment: timers on the env's timer list, tags and Call-IDs from
 * the env's random source (§19.3), log lines through the env's log hook (layer
 * "ua").  It never reads a clock or touches a socket.
 *
 * UAC (sip_ua_call): an INVITE with the caller's body (the SDP offer) goes out in an
 * INVITE client transaction; 1xx with a To tag make early dialogs (several when the
 * INVITE forks); the first 2xx confirms its dialog and the core - not the transaction
 * - sends the ACK (§13.2.2.4), again for every retransmission of that 2xx; a 2xx from
 * another fork is ACKed and ended with a BYE; 3xx are followed when configured
 * (§8.1.3.4); 401/407 are answered from the keyring (sip/auth_client.h) with a new
 * transaction and CSeq + 1 (§22.2); other failures end the call with their status.
 * Hanging up before the answer sends CANCEL (§9.1), after a provisional response only.
 *
 * UAS: a new INVITE passes the checks of §8.2 (405/501, 416, 482, 420, 415, 406) and
 * reaches on_incoming; the application rings (180), answers (2xx with its body: the
 * SDP answer) or rejects (486, 603, ...).  The core retransmits its 2xx from T1
 * doubling to T2 until the ACK arrives, and gives up with a BYE after 64*T1
 * (§13.3.1.4).  A CANCEL gets 200 and the INVITE 487 (§9.2).
 *
 * In a dialog: re-INVITE both ways (§14, with 491 on glare and the §14.1 back-off),
 * BYE both ways (§15), OPTIONS and MESSAGE; 481 for a request that matches no dialog
 * and 500 for an out-of-order CSeq (§12.2.2).  Outside: OPTIONS answered with Allow
 * and Accept (§11), MESSAGE (RFC 3428) passed to the application.
 *
 * Bodies are opaque here: the application (sip/app.h) makes and reads the SDP.
 *
 * Ownership and callbacks: the core owns every call.  Callbacks borrow the message
 * they get until they return.  A call pointer is valid from on_incoming or
 * sip_ua_call until on_call_state reports SIP_CALL_DISCONNECTED; it must not be used
 * after that callback returns.  Callbacks may call any sip_call_* / sip_ua_* function
 * except sip_ua_destroy.
 *
 * Capacity: SIP_UA_MAX_CALLS calls (a new INVITE beyond it gets 503, sip_ua_call
 * ENOBUFS) and SIP_UA_MAX_REQUESTS client requests in flight (ENOBUFS).
 *
 * Leaves out: PRACK (RFC 3262), UPDATE, INFO, REFER, SUBSCRIBE/NOTIFY, sips: and TLS,
 * DNS, multipart bodies, UAS authentication (a UA answers without challenging), the
 * UAC's INVITE Expires, offers in 2xx at the UAC beyond passing them up (the
 * application may answer in the ACK with sip_call_set_ack_body).
 */
#ifndef SIP_UA_H
#define SIP_UA_H

#include "sip/auth_client.h"
#include "sip/dialog.h"
#include "sip/msg.h"
#include "sip/tsx.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIP_UA_MAX_CALLS 32        /* calls at once */
#define SIP_UA_MAX_REQUESTS 64     /* client requests in flight (retries count once) */
#define SIP_UA_AUTH_RETRIES 3      /* challenges answered per request (stale nonces) */
#define SIP_UA_REDIRECTS 5         /* 3xx targets tried per request */
#define SIP_UA_FORKS 4             /* early dialogs per outgoing INVITE */
#define SIP_UA_ALLOW "INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE"
#define SIP_UA_ACCEPT "application/sdp, text/plain"

/* The call states of the application API (pjsua's names), one per row group of the
 * table in sip/ua_call.c. */
enum sip_call_state {
	SIP_CALL_NULL,          /* not started */
	SIP_CALL_CALLING,       /* UAC: INVITE sent, no provisional response with a tag */
	SIP_CALL_INCOMING,      /* UAS: INVITE received, not answered yet */
	SIP_CALL_EARLY,         /* an early dialog exists (1xx with a To tag) */
	SIP_CALL_CONNECTING,    /* 2xx sent (waiting for the ACK) or received (ACK next) */
	SIP_CALL_CONFIRMED,     /* ACK sent or received: the session is up */
	SIP_CALL_DISCONNECTED   /* over: see sip_call_status / sip_call_reason */
};

struct sip_ua;
struct sip_call;

/* What the core tells the application.  Every member may be NULL. */
struct sip_ua_handler {
	/* A new INVITE outside a dialog (state INCOMING): answer now or later with
	 * sip_call_ring / sip_call_answer / sip_call_reject.  NULL handler: 480. */
	void (*on_incoming)(void *arg, struct sip_call *call, const struct sip_msg *invite);
	/* The call changed state.  `msg` is what caused it (the 180, the 2xx, the ACK,
	 * the BYE, the failure response), NULL when nothing did (a timeout, a hangup).
	 * Incoming is not reported here: on_incoming is. */
	void (*on_call_state)(void *arg, struct sip_call *call, enum sip_call_state state,
			      const struct sip_msg *msg);
	/* A re-INVITE in a confirmed call: answer with sip_call_answer (2xx + SDP answer)
	 * or sip_call_reject (488).  NULL handler: 488. */
	void (*on_reinvite)(void *arg, struct sip_call *call, const struct sip_msg *reinvite);
	/* Our re-INVITE ended: 2xx (resp carries the answer) or a failure, after which
	 * "the session parameters MUST remain unchanged" (§14.1).  resp NULL: timeout. */
	void (*on_reinvite_done)(void *arg, struct sip_call *call, int status,
				 const struct sip_msg *resp);
	/* A MESSAGE (RFC 3428), in a call (call not NULL) or outside.  Return the final
	 * status to send (200; 415, 486...).  NULL handler: 200. */
	int (*on_message)(void *arg, struct sip_call *call, const struct sip_msg *req);
	void *arg;  /* passed to each; owned by the application */
};

struct sip_ua_config {
	const char *from;            /* our address of record as a name-addr, the From of
	                              * requests outside dialogs: "Alice <sip:alice@atlanta.com>"
	                              * (required, copied) */
	const char *contact;         /* our Contact URI: "sip:alice@192.0.2.1:5070" (required,
	                              * copied) */
	const char *outbound_proxy;  /* URI of the outbound proxy, preloaded as the Route of
	                              * requests outside dialogs (§8.1.2); ";lr" is added when
	                              * missing.  NULL: none (copied) */
	const char *user_agent;      /* User-Agent / Server value; NULL: none (copied) */
	bool follow_redirects;       /* try the Contacts of 3xx responses (§8.1.3.4) */
	struct sip_auth_client *auth;  /* keyring and challenge cache, borrowed; NULL: the
	                                * core has its own, empty one (sip_ua_auth) */
};

/* Creates the UA core on `tp` (borrowed; it must outlive the UA): the UA creates
 * its own transaction layer with `tcfg` (NULL: the defaults of sip/tsx.h) and is its
 * TU.  cfg and h are copied.  Returns 0, EINVAL (missing from/contact, one that does
 * not parse) or ENOMEM. */
int sip_ua_create(struct sip_ua **out, struct sip_transport *tp, const struct sip_tsx_config *tcfg,
		  const struct sip_ua_config *cfg, const struct sip_ua_handler *h);

/* Frees every call and pending request without sending anything (hang up first for a
 * clean exit), then the transaction layer.  Not from inside a callback.  NULL is
 * ignored. */
void sip_ua_destroy(struct sip_ua *ua);

/* The keyring used for 401/407 (sip_auth_client_add_credentials). */
struct sip_auth_client *sip_ua_auth(struct sip_ua *ua);

struct sip_tsx_layer *sip_ua_layer(const struct sip_ua *ua);  /* the UA's own */
const struct sip_env *sip_ua_env(const struct sip_ua *ua);      /* its transport's */
size_t sip_ua_call_count(const struct sip_ua *ua);     /* calls alive */
size_t sip_ua_request_count(const struct sip_ua *ua);  /* client requests in flight */

/* A fresh tag, Call-ID word or other token from the env's random source (§19.3:
 * "at least 32 bits of randomness"): `len` characters of [0-9a-z], NUL added. */
void sip_ua_token(struct sip_ua *ua, char *out, size_t len);

/* ---- Client requests ------------------------------------------------------------- */

/* The final response of a client request, after challenges were answered and
 * redirects followed.  resp is NULL when the core made the status up: 408 for a
 * timeout (§8.1.3.1), 503 for a transport error. */
typedef void (*sip_ua_response_cb)(void *arg, int status, const struct sip_msg *resp);

struct sip_ua_request;  /* a client request in flight */

/* Sends a request built by the caller (Request-URI, To, From, Call-ID, CSeq and
 * whatever else it needs; no Via).  The core adds Max-Forwards (70) and the outbound
 * proxy Route when absent, User-Agent, credentials remembered for its Call-ID, and
 * answers 401/407 with CSeq + 1.  *handle (may be NULL) lets the caller abandon it.
 * `req` is copied.  Returns 0, EINVAL (not a request, INVITE/ACK/CANCEL), ENOBUFS, or
 * the errno of a next hop that cannot be reached (EHOSTUNREACH: not an IP literal). */
int sip_ua_send(struct sip_ua *ua, const struct sip_msg *req, sip_ua_response_cb cb, void *arg,
		struct sip_ua_request **handle);

/* The callback will not be called; the request still runs to its end. */
void sip_ua_request_abandon(struct sip_ua_request *r);

/* A request outside any dialog to `target` (a SIP URI, also its To): From our AOR
 * with a fresh tag, a fresh Call-ID, CSeq 1, and the body if any (RFC 3428 MESSAGE
 * "text/plain", OPTIONS without).  Returns as sip_ua_send. */
int sip_ua_request(struct sip_ua *ua, const char *method, const char *target,
		   const char *content_type, const void *body, size_t len, sip_ua_response_cb cb,
		   void *arg);

/* ---- Calls ------------------------------------------------------------------------ */

/* Starts a call to `target` (a SIP URI: "sip:bob@192.0.2.2"), with the offer in the
 * body (content_type NULL: no body, the offer then comes in the 2xx).  `user` is the
 * application's per-call pointer.  Returns 0 and *out (state CALLING), EINVAL,
 * ENOBUFS (SIP_UA_MAX_CALLS) or a send error. */
int sip_ua_call(struct sip_ua *ua, const char *target, const char *content_type, const void *body,
		size_t len, void *user, struct sip_call **out);

/* UAS: 180 Ringing (an early dialog).  Returns 0, EPROTO (not an unanswered incoming
 * INVITE) or an error building/sending. */
int sip_call_ring(struct sip_call *c);

/* UAS: answers the pending INVITE (the initial one or a re-INVITE) with `status`
 * (2xx) and the body (the SDP answer, or an offer when the INVITE had none).
 * Returns 0, EINVAL (status not 2xx), EPROTO (no INVITE pending). */
int sip_call_answer(struct sip_call *c, int status, const char *content_type, const void *body,
		    size_t len);

/* UAS: refuses the pending INVITE or re-INVITE with `status` (300-699; reason NULL:
 * the §21 phrase).  An initial INVITE refused ends the call.  Returns 0, EINVAL,
 * EPROTO. */
int sip_call_reject(struct sip_call *c, int status, const char *reason);

/* Ends the call whatever its state: CANCEL (UAC before the answer; after a
 * provisional response, §9.1), 603 Decline (UAS before answering), BYE (§15; at a UAS
 * only once the ACK came, §15).  Returns 0 or EALREADY (already ending). */
int sip_call_hangup(struct sip_call *c);

/* A re-INVITE with a new offer (hold, resume, codec change, §14.1).  Returns 0, EPROTO
 * (not confirmed) or EBUSY ("a UAC MUST NOT initiate a new INVITE transaction within
 * a dialog while another INVITE transaction is in progress"). */
int sip_call_reinvite(struct sip_call *c, const char *content_type, const void *body, size_t len);

/* UAC, inside on_call_state(CONNECTING): the body of the ACK (the answer to an offer
 * the 2xx carried, §13.2.1).  Copied.  Returns 0, EPROTO or ENOMEM. */
int sip_call_set_ack_body(struct sip_call *c, const char *content_type, const void *body,
			  size_t len);

/* A request within the call's dialog (MESSAGE, OPTIONS, INFO...; not INVITE, BYE,
 * ACK, CANCEL).  Returns 0, EPROTO (no confirmed dialog), EINVAL, or as sip_ua_send. */
int sip_call_request(struct sip_call *c, const char *method, const char *content_type,
		     const void *body, size_t len, sip_ua_response_cb cb, void *arg);

enum sip_call_state sip_call_state(const struct sip_call *c);
const char *sip_call_state_name(enum sip_call_state state);
bool sip_call_is_uac(const struct sip_call *c);
/* The confirmed dialog, or the first early one; NULL before any. */
const struct sip_dialog *sip_call_dialog(const struct sip_call *c);
/* The final status the call ended with (or got: 200), 0 before any; the reason phrase. */
int sip_call_status(const struct sip_call *c);
const char *sip_call_reason(const struct sip_call *c);
void *sip_call_user(const struct sip_call *c);
void sip_call_set_user(struct sip_call *c, void *user);

#endif
