/* sip/ua_call.c - the call: one INVITE session and its dialog(s), as a state table
 * (STYLE.md §1) next to RFC 3261 §13 and §15; BYE both ways (§15.1), re-INVITE both
 * ways with 491 and the §14.1 back-off (§14), requests within the dialog.
 *
 *   NULL -(INVITE sent)-> Calling -(1xx)-> Early -(2xx)-> Connecting -(ACK sent)-> Confirmed
 *   NULL -(INVITE)-> Incoming -(ring)-> Early -(answer)-> Connecting -(ACK)-> Confirmed
 *   Calling/Early -(300-699)-> Disconnected         Incoming/Early -(reject, CANCEL)-> Disconnected
 *   Connecting -(no ACK in 64*T1)-> Disconnected    Confirmed -(BYE out / in)-> Disconnected
 *
 * The dispatcher sets the state, runs the row's action, logs the arrow with its RFC
 * section and tells the application when the state changed.  Work a state does not
 * allow yet waits in a flag: a hangup while Connecting sends its BYE on Confirmed
 * (§15: "MUST NOT send a BYE on a confirmed dialog until it has received an ACK").
 *
 * Leaves out: the caller's and callee's INVITE handling (ua_uac.c, ua_uas.c).
 */
#include "sip/ua_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Actions of the table (the UAC's and UAS's are in ua_uac.c and ua_uas.c) ------------ */

void uac_act_early(struct sip_call *c, const struct sip_msg *msg);
void uac_act_accepted(struct sip_call *c, const struct sip_msg *msg);
void uas_act_respond(struct sip_call *c, const struct sip_msg *msg);
void uas_act_cancelled(struct sip_call *c, const struct sip_msg *msg);
void uas_act_acked(struct sip_call *c, const struct sip_msg *msg);

/* Confirmed -(BYE out)-> Disconnected, Connecting/Confirmed -(no ACK)-> Disconnected. */
static void act_send_bye(struct sip_call *c, const struct sip_msg *msg)
{
	(void)msg;
	uas_stop_2xx(c);
	/* RFC3261 15.1.1: "The UAC MUST consider the session terminated (and therefore
	 * stop sending or listening for media) as soon as the BYE request is passed to
	 * the client transaction." */
	call_send_bye(c, &c->dlg[0]);
}

/* Early/Connecting/Confirmed -(BYE in)-> Disconnected. */
static void act_bye_received(struct sip_call *c, const struct sip_msg *msg)
{
	(void)msg;
	uas_stop_2xx(c);
	/* RFC3261 15.1.2: "The UAS MUST still respond to any pending requests received
	 * for that dialog.  It is RECOMMENDED that a 487 (Request Terminated) response be
	 * generated to those pending requests." */
	if (c->ist != NULL && !c->uas_final) {
		call_set_status(c, 487, NULL);
		(void)uas_respond(c, 487, NULL, NULL);
	}
}

typedef void (*call_action_fn)(struct sip_call *c, const struct sip_msg *msg);

struct call_row {
	enum sip_call_state from;
	enum call_event event;
	call_action_fn action;  /* NULL: nothing but the state */
	enum sip_call_state to;
	const char *rfc;
};

static const struct call_row rows[] = {
	/* UAC, RFC 3261 §13.2 */
	{ SIP_CALL_NULL, CEV_INVITE_SENT, NULL, SIP_CALL_CALLING, "RFC3261 13.2.1" },
	{ SIP_CALL_CALLING, CEV_1XX, uac_act_early, SIP_CALL_EARLY, "RFC3261 13.2.2.1" },
	{ SIP_CALL_EARLY, CEV_1XX, uac_act_early, SIP_CALL_EARLY, "RFC3261 13.2.2.1" },
	{ SIP_CALL_CALLING, CEV_2XX, uac_act_accepted, SIP_CALL_CONNECTING, "RFC3261 13.2.2.4" },
	{ SIP_CALL_EARLY, CEV_2XX, uac_act_accepted, SIP_CALL_CONNECTING, "RFC3261 13.2.2.4" },
	{ SIP_CALL_CONNECTING, CEV_ACK_SENT, NULL, SIP_CALL_CONFIRMED, "RFC3261 13.2.2.4" },
	{ SIP_CALL_CALLING, CEV_FAILURE, NULL, SIP_CALL_DISCONNECTED, "RFC3261 13.2.2.3" },
	{ SIP_CALL_EARLY, CEV_FAILURE, NULL, SIP_CALL_DISCONNECTED, "RFC3261 13.2.2.3" },
	/* UAS, RFC 3261 §13.3 */
	{ SIP_CALL_NULL, CEV_INVITE, NULL, SIP_CALL_INCOMING, "RFC3261 13.3.1" },
	{ SIP_CALL_INCOMING, CEV_RING, uas_act_respond, SIP_CALL_EARLY, "RFC3261 13.3.1.1" },
	{ SIP_CALL_EARLY, CEV_RING, uas_act_respond, SIP_CALL_EARLY, "RFC3261 13.3.1.1" },
	{ SIP_CALL_INCOMING, CEV_ANSWER, uas_act_respond, SIP_CALL_CONNECTING, "RFC3261 13.3.1.4" },
	{ SIP_CALL_EARLY, CEV_ANSWER, uas_act_respond, SIP_CALL_CONNECTING, "RFC3261 13.3.1.4" },
	{ SIP_CALL_INCOMING, CEV_REJECT, uas_act_respond, SIP_CALL_DISCONNECTED, "RFC3261 13.3.1.3" },
	{ SIP_CALL_EARLY, CEV_REJECT, uas_act_respond, SIP_CALL_DISCONNECTED, "RFC3261 13.3.1.3" },
	{ SIP_CALL_INCOMING, CEV_CANCEL, uas_act_cancelled, SIP_CALL_DISCONNECTED, "RFC3261 9.2" },
	{ SIP_CALL_EARLY, CEV_CANCEL, uas_act_cancelled, SIP_CALL_DISCONNECTED, "RFC3261 9.2" },
	{ SIP_CALL_INCOMING, CEV_EXPIRED, uas_act_cancelled, SIP_CALL_DISCONNECTED, "RFC3261 13.3.1" },
	{ SIP_CALL_EARLY, CEV_EXPIRED, uas_act_cancelled, SIP_CALL_DISCONNECTED, "RFC3261 13.3.1" },
	{ SIP_CALL_CONNECTING, CEV_ACK, uas_act_acked, SIP_CALL_CONFIRMED, "RFC3261 13.3.1.4" },
	{ SIP_CALL_CONNECTING, CEV_NO_ACK, act_send_bye, SIP_CALL_DISCONNECTED, "RFC3261 13.3.1.4" },
	{ SIP_CALL_CONFIRMED, CEV_NO_ACK, act_send_bye, SIP_CALL_DISCONNECTED, "RFC3261 14.2" },
	/* Both, RFC 3261 §15 */
	{ SIP_CALL_CONFIRMED, CEV_BYE_OUT, act_send_bye, SIP_CALL_DISCONNECTED, "RFC3261 15.1.1" },
	{ SIP_CALL_EARLY, CEV_BYE_IN, act_bye_received, SIP_CALL_DISCONNECTED, "RFC3261 15.1.2" },
	{ SIP_CALL_CONNECTING, CEV_BYE_IN, act_bye_received, SIP_CALL_DISCONNECTED, "RFC3261 15.1.2" },
	{ SIP_CALL_CONFIRMED, CEV_BYE_IN, act_bye_received, SIP_CALL_DISCONNECTED, "RFC3261 15.1.2" },
};

static const char *const state_names[] = {
	[SIP_CALL_NULL] = "Null",           [SIP_CALL_CALLING] = "Calling",
	[SIP_CALL_INCOMING] = "Incoming",   [SIP_CALL_EARLY] = "Early",
	[SIP_CALL_CONNECTING] = "Connecting", [SIP_CALL_CONFIRMED] = "Confirmed",
	[SIP_CALL_DISCONNECTED] = "Disconnected",
};

static const char *const event_names[CEV_COUNT] = {
	[CEV_INVITE_SENT] = "INVITE sent", [CEV_1XX] = "1xx",          [CEV_2XX] = "2xx",
	[CEV_ACK_SENT] = "ACK sent",       [CEV_FAILURE] = "300-699",  [CEV_INVITE] = "INVITE",
	[CEV_RING] = "1xx from TU",        [CEV_ANSWER] = "2xx from TU",
	[CEV_REJECT] = "300-699 from TU",  [CEV_CANCEL] = "CANCEL",    [CEV_EXPIRED] = "Expires",
	[CEV_ACK] = "ACK",                 [CEV_NO_ACK] = "64*T1 without ACK",
	[CEV_BYE_OUT] = "BYE sent",        [CEV_BYE_IN] = "BYE",
};

const char *sip_call_state_name(enum sip_call_state state)
{
	return (size_t)state < sizeof(state_names) / sizeof(state_names[0]) ? state_names[state] : "?";
}

void call_log(const struct sip_call *c, enum net_log_level level, const char *rfc,
	      const char *fmt, ...)
{
	char text[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	ua_log(c->ua, level, "[call %s %.12s %s] %s", c->uac ? "UAC" : "UAS", c->call_id, rfc, text);
}

/* ---- Life ----------------------------------------------------------------------------- */

static void glare_fired(struct net_timer *t, void *arg);
void uas_t2xx_fired(struct net_timer *t, void *arg);
void uas_expires_fired(struct net_timer *t, void *arg);

struct sip_call *call_new(struct sip_ua *ua, bool uac)
{
	struct sip_call *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->ua = ua;
	c->uac = uac;
	c->state = SIP_CALL_NULL;
	net_timer_init(&c->t2xx, uas_t2xx_fired, c);
	net_timer_init(&c->t_expires, uas_expires_fired, c);
	net_timer_init(&c->t_glare, glare_fired, c);
	net_timer_init(&c->t_cancel, uac_cancel_fired, c);
	c->next = ua->calls;
	if (ua->calls != NULL)
		ua->calls->prev = c;
	ua->calls = c;
	ua->n_calls++;
	return c;
}

/* Everything that could still call back into the call stops. */
static void call_quiesce(struct sip_call *c)
{
	static const struct sip_tsx_handler none = { NULL, NULL, NULL, NULL, NULL };
	struct net_timer_list *tl = c->ua->env->timers;

	net_timer_stop(tl, &c->t2xx);
	net_timer_stop(tl, &c->t_expires);
	net_timer_stop(tl, &c->t_glare);
	net_timer_stop(tl, &c->t_cancel);
	if (c->invite != NULL)
		ua_req_detach(c->invite);
	if (c->reinvite != NULL)
		ua_req_detach(c->reinvite);
	c->invite = c->reinvite = NULL;
	if (c->ist != NULL)
		sip_tsx_set_handler(c->ist, &none);
	c->ist = NULL;
}

static void call_free(struct sip_call *c)
{
	struct sip_ua *ua = c->ua;

	call_quiesce(c);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		ua->calls = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	ua->n_calls--;
	sip_msg_destroy(c->ack);
	sip_msg_destroy(c->invite_sent);
	sip_msg_destroy(c->uas_req);
	sip_msg_destroy(c->resp2xx);
	body_free(&c->ack_body);
	body_free(&c->reinvite_body);
	free(c);
}

void call_free_all(struct sip_ua *ua)
{
	while (ua->calls != NULL)
		call_free(ua->calls);
}

void call_enter(struct sip_call *c)
{
	c->busy++;
}

void call_leave(struct sip_call *c)
{
	if (--c->busy == 0 && c->ended)
		call_free(c);
}

void call_set_status(struct sip_call *c, int status, const char *reason)
{
	c->status = status;
	snprintf(c->reason, sizeof(c->reason), "%s", reason != NULL ? reason : sip_status_phrase(status));
}

/* ---- The dispatcher ------------------------------------------------------------------- */

static const struct call_row *row_find(enum sip_call_state s, enum call_event ev)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (rows[i].from == s && rows[i].event == ev)
			return &rows[i];
	return NULL;
}

void call_post(struct sip_call *c, enum call_event ev, const struct sip_msg *msg)
{
	const struct call_row *row = c->ended ? NULL : row_find(c->state, ev);
	struct sip_ua *ua = c->ua;

	if (row == NULL) {
		call_log(c, NET_LOG_INFO, "RFC3261 13", "%s: %s has no arrow here, ignored",
			 state_names[c->state], event_names[ev]);
		return;
	}
	enum sip_call_state from = c->state;

	call_enter(c);
	c->state = row->to;
	if (row->action != NULL)
		row->action(c, msg);
	call_log(c, NET_LOG_INFO, row->rfc, "%s -(%s)-> %s", state_names[from], event_names[ev],
		 state_names[row->to]);
	/* Incoming is reported through on_incoming (ua_uas.c). */
	if (row->to != from && row->to != SIP_CALL_INCOMING && ua->h.on_call_state != NULL)
		ua->h.on_call_state(ua->h.arg, c, row->to, msg);
	if (c->state == SIP_CALL_CONFIRMED && c->hangup_pending && !c->ended) {
		c->hangup_pending = false;
		call_post(c, CEV_BYE_OUT, NULL);
	}
	if (c->state == SIP_CALL_DISCONNECTED && !c->ended) {
		/* The application was told; the call is gone for it.  Requests still in
		 * flight (the BYE) run on without it. */
		c->ended = true;
		call_quiesce(c);
	}
	call_leave(c);
}

struct sip_dialog *call_dialog_for(struct sip_call *c, const struct sip_msg *msg)
{
	for (size_t i = 0; i < c->n_dlg; i++)
		if (sip_dialog_matches(&c->dlg[i], msg))
			return &c->dlg[i];
	return NULL;
}

/* ---- Bodies --------------------------------------------------------------------------- */

int body_keep(struct ua_body *b, const char *type, const void *data, size_t len)
{
	struct ua_body n = { NULL, NULL, 0 };

	if (type != NULL) {
		n.type = malloc(strlen(type) + 1);
		n.data = malloc(len + 1);
		if (n.type == NULL || n.data == NULL) {
			body_free(&n);
			return ENOMEM;
		}
		memcpy(n.type, type, strlen(type) + 1);
		if (len > 0)
			memcpy(n.data, data, len);
		n.len = len;
	}
	body_free(b);
	*b = n;
	return 0;
}

void body_free(struct ua_body *b)
{
	free(b->type);
	free(b->data);
	b->type = b->data = NULL;
	b->len = 0;
}

int body_set(struct sip_msg *m, const struct ua_body *b)
{
	return b == NULL || b->type == NULL ? 0 : sip_msg_set_body(m, b->type, b->data, b->len);
}

/* ---- BYE (§15.1) ---------------------------------------------------------------------- */

/* The BYE's request forgets the credentials of its Call-ID when it ends (§22.3: "MUST
 * NOT be cached across dialogs"). */
static void bye_end(void *owner, struct sip_ua_request *r, int status, const struct sip_msg *resp)
{
	(void)resp;
	if (status >= 200)
		sip_auth_client_forget(((struct sip_ua *)owner)->auth, r->tmpl->call_id);
}

void call_send_bye(struct sip_call *c, struct sip_dialog *d)
{
	const struct ua_req_handler h = { bye_end, NULL, NULL, c->ua };
	struct sip_ua_request *r;
	struct sip_msg *bye = NULL;
	int rc = sip_dialog_request(d, "BYE", &bye);

	if (rc == 0)
		rc = ua_decorate(c->ua, bye, true);
	if (rc == 0) {
		rc = ua_req_start(c->ua, bye, &h, &r);
		bye = NULL;
	}
	sip_msg_destroy(bye);
	d->state = SIP_DIALOG_TERMINATED;
	if (rc != 0)
		call_log(c, NET_LOG_ERROR, "RFC3261 15.1.1", "BYE not sent: %s", strerror(rc));
}

void call_on_bye(struct sip_call *c, struct sip_tsx *tsx, const struct sip_msg *req)
{
	/* RFC3261 15.1.2: "the UAS core MUST generate a 2xx response to the BYE, and MUST
	 * pass that to the server transaction for transmission." */
	(void)ua_reply(c->ua, tsx, req, 200, NULL, SIP_HDR_OTHER, NULL);
	call_post(c, CEV_BYE_IN, req);
}

/* ---- re-INVITE, our side (§14.1) --------------------------------------------------------- */

static void reinvite_response(void *owner, struct sip_ua_request *r, int status,
			      const struct sip_msg *resp);
static void reinvite_retry(void *owner, struct sip_ua_request *r, struct sip_msg *next);

static int send_reinvite(struct sip_call *c)
{
	const struct ua_req_handler h = { reinvite_response, reinvite_retry, NULL, c };
	struct sip_msg *m = NULL;
	int rc = sip_dialog_request(&c->dlg[0], "INVITE", &m);

	/* RFC3261 14.1: "the full description of the session, not just the change, is
	 * sent" - the caller's new offer. */
	if (rc == 0)
		rc = body_set(m, &c->reinvite_body);
	if (rc == 0)
		rc = ua_decorate(c->ua, m, true);
	if (rc != 0) {
		sip_msg_destroy(m);
		return rc;
	}
	rc = ua_req_start(c->ua, m, &h, &c->reinvite);
	call_log(c, NET_LOG_INFO, "RFC3261 14.1", "re-INVITE CSeq %lu %s", (unsigned long)c->dlg[0].local_seq,
		 rc == 0 ? "sent" : strerror(rc));
	return rc;
}

static void reinvite_retry(void *owner, struct sip_ua_request *r, struct sip_msg *next)
{
	struct sip_call *c = owner;

	(void)r;
	/* The dialog's next local CSeq, not the template's (§12.2.1.1). */
	c->dlg[0].local_seq++;
	if (sip_msg_hdr_remove_all(next, SIP_HDR_CSEQ) == 1)
		(void)sip_msg_hdr_addf(next, SIP_HDR_CSEQ, "%lu INVITE", (unsigned long)c->dlg[0].local_seq);
}

/* §14.1: "If a UAC receives a 491 response to a re-INVITE, it SHOULD start a timer with
 * a value T chosen as follows" - the owner of the Call-ID waits longer. */
static void glare_backoff(struct sip_call *c)
{
	struct net_rand *rnd = c->ua->env->rand;
	/* "1. If the UAC is the owner of the Call-ID of the dialog ID (meaning it
	 * generated the value), T has a randomly chosen value between 2.1 and 4 seconds
	 * in units of 10 ms.  2. If the UAC is not the owner of the Call-ID of the dialog
	 * ID, T has a randomly chosen value of between 0 and 2 seconds in units of 10 ms." */
	uint64_t ms = c->uac ? 2100 + 10ull * net_rand_below(rnd, 191) : 10ull * net_rand_below(rnd, 201);

	call_log(c, NET_LOG_INFO, "RFC3261 14.1", "491 Request Pending: re-INVITE again in %llu ms",
		 (unsigned long long)ms);
	(void)net_timer_start(c->ua->env->timers, &c->t_glare, ms * 1000);
}

static void glare_fired(struct net_timer *t, void *arg)
{
	struct sip_call *c = arg;
	struct sip_ua *ua = c->ua;

	(void)t;
	call_enter(c);
	/* "When the timer fires, the UAC SHOULD attempt the re-INVITE once more, if it
	 * still desires for that session modification to take place." */
	if (c->state != SIP_CALL_CONFIRMED || c->reinvite != NULL || c->reinvite_in ||
	    send_reinvite(c) != 0) {
		if (ua->h.on_reinvite_done != NULL && !c->ended)
			ua->h.on_reinvite_done(ua->h.arg, c, 491, NULL);
	}
	call_leave(c);
}

/* The first final response of our re-INVITE (§14.1). */
static void reinvite_done(struct sip_call *c, int status, const struct sip_msg *resp)
{
	struct sip_ua *ua = c->ua;

	if (status == 491 && !c->glare_retried) {
		c->glare_retried = true;
		glare_backoff(c);
		return;
	}
	/* RFC3261 14.1: "If a UA receives a non-2xx final response to a re-INVITE, the
	 * session parameters MUST remain unchanged, as if no re-INVITE had been issued." */
	if (ua->h.on_reinvite_done != NULL)
		ua->h.on_reinvite_done(ua->h.arg, c, status, resp);
	/* RFC3261 12.2.1.2: "If the response for a request within a dialog is a 481
	 * (Call/Transaction Does Not Exist) or a 408 (Request Timeout), the UAC SHOULD
	 * terminate the dialog." */
	if ((status == 481 || status == 408) && c->state == SIP_CALL_CONFIRMED) {
		call_set_status(c, status, NULL);
		call_post(c, CEV_BYE_OUT, NULL);
	}
}

static void reinvite_response(void *owner, struct sip_ua_request *r, int status,
			      const struct sip_msg *resp)
{
	struct sip_call *c = owner;

	if (status < 200)
		return;
	call_enter(c);
	if (status < 300 && resp != NULL) {
		/* RFC3261 12.2.1.2: "When a UAC receives a 2xx response to a target refresh
		 * request, it MUST replace the dialog's remote target URI with the URI from
		 * the Contact header field in that response, if present."  RFC3261 14.1: "The
		 * rules for ... generating an ACK for a 2xx response to re-INVITE are the same
		 * as for the initial INVITE" */
		(void)sip_dialog_target_refresh(&c->dlg[0], resp);
		(void)uac_send_ack(c, &c->dlg[0], resp->cseq->seq, ua_req_sent(r));
	}
	if (c->reinvite == r) {
		/* Further 2xx retransmissions reach the UA core's 2xx path (ua.c). */
		c->reinvite = NULL;
		ua_req_detach(r);
		reinvite_done(c, status, resp);
	}
	call_leave(c);
}

int sip_call_reinvite(struct sip_call *c, const char *content_type, const void *body, size_t len)
{
	if (c->ended || c->state != SIP_CALL_CONFIRMED)
		return EPROTO;
	/* RFC3261 14.1: "a UAC MUST NOT initiate a new INVITE transaction within a dialog
	 * while another INVITE transaction is in progress in either direction." */
	if (c->reinvite != NULL || c->reinvite_in || (c->ist != NULL && !c->uas_final) ||
	    c->resp2xx != NULL || net_timer_is_armed(&c->t_glare))
		return EBUSY;
	int rc = body_keep(&c->reinvite_body, content_type, body, len);

	if (rc != 0)
		return rc;
	c->glare_retried = false;
	call_enter(c);
	rc = send_reinvite(c);
	call_leave(c);
	return rc;
}

/* ---- re-INVITE, their side (§14.2) ------------------------------------------------------ */

void call_on_reinvite(struct sip_call *c, struct sip_tsx *tsx, const struct sip_msg *req,
		      const struct sip_recv_info *from)
{
	struct sip_ua *ua = c->ua;

	/* RFC3261 14.2: "A UAS that receives a second INVITE before it sends the final
	 * response to a first INVITE with a lower CSeq sequence number on the same dialog
	 * MUST return a 500 (Server Internal Error) response to the second INVITE and MUST
	 * include a Retry-After header field with a randomly chosen value of between 0
	 * and 10 seconds." */
	if ((c->ist != NULL && !c->uas_final) || c->reinvite_in || c->state != SIP_CALL_CONFIRMED) {
		char retry[16];

		snprintf(retry, sizeof(retry), "%u", net_rand_below(ua->env->rand, 11));
		(void)ua_reply(ua, tsx, req, 500, NULL, SIP_HDR_RETRY_AFTER, retry);
		return;
	}
	/* "A UAS that receives an INVITE on a dialog while an INVITE it had sent on that
	 * dialog is in progress MUST return a 491 (Request Pending) response" */
	if (c->reinvite != NULL) {
		call_log(c, NET_LOG_INFO, "RFC3261 14.2", "glare: re-INVITE while ours is pending, 491");
		(void)ua_reply(ua, tsx, req, 491, NULL, SIP_HDR_OTHER, NULL);
		return;
	}
	uas_release(c);
	uas_stop_2xx(c);
	sip_msg_destroy(c->uas_req);
	c->uas_req = NULL;
	if (sip_msg_clone(req, &c->uas_req) != 0) {
		(void)ua_reply(ua, tsx, req, 500, NULL, SIP_HDR_OTHER, NULL);
		return;
	}
	uas_take_ist(c, tsx);
	c->uas_src = *from;
	c->uas_final = false;
	c->reinvite_in = true;
	call_log(c, NET_LOG_INFO, "RFC3261 14.2", "re-INVITE CSeq %lu received",
		 (unsigned long)req->cseq->seq);
	if (ua->h.on_reinvite != NULL)
		ua->h.on_reinvite(ua->h.arg, c, req);
	else
		(void)sip_call_reject(c, 488, NULL);
}

/* ---- The application's calls ------------------------------------------------------------- */

int sip_call_hangup(struct sip_call *c)
{
	int rc;

	if (c->ended || c->state == SIP_CALL_DISCONNECTED || c->hangup_pending)
		return EALREADY;
	call_enter(c);
	rc = c->uac ? uac_hangup(c) : uas_hangup(c);
	call_leave(c);
	return rc;
}

int sip_call_request(struct sip_call *c, const char *method, const char *content_type,
		     const void *body, size_t len, sip_ua_response_cb cb, void *arg)
{
	struct sip_msg *m = NULL;

	if (c->ended || !c->confirmed || c->dlg[0].state != SIP_DIALOG_CONFIRMED)
		return EPROTO;
	if (method == NULL || strcmp(method, "INVITE") == 0 || strcmp(method, "BYE") == 0)
		return EINVAL;
	int rc = sip_dialog_request(&c->dlg[0], method, &m);

	if (rc == 0 && content_type != NULL)
		rc = sip_msg_set_body(m, content_type, body, len);
	if (rc == 0)
		rc = sip_ua_send(c->ua, m, cb, arg, NULL);
	sip_msg_destroy(m);
	return rc;
}

int sip_call_set_ack_body(struct sip_call *c, const char *content_type, const void *body,
			  size_t len)
{
	if (!c->uac || c->state != SIP_CALL_CONNECTING)
		return EPROTO;
	return body_keep(&c->ack_body, content_type, body, len);
}

enum sip_call_state sip_call_state(const struct sip_call *c)
{
	return c->state;
}

bool sip_call_is_uac(const struct sip_call *c)
{
	return c->uac;
}

const struct sip_dialog *sip_call_dialog(const struct sip_call *c)
{
	return c->n_dlg > 0 ? &c->dlg[0] : NULL;
}

int sip_call_status(const struct sip_call *c)
{
	return c->status;
}

const char *sip_call_reason(const struct sip_call *c)
{
	return c->reason;
}

void *sip_call_user(const struct sip_call *c)
{
	return c->user;
}

void sip_call_set_user(struct sip_call *c, void *user)
{
	c->user = user;
}
