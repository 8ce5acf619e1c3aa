/* sip/ua_call.c - the call: one INVITE session and its dialog(s), as a state table
 * (STYLE.md §1) next to RFC 3261 §13 and §15; BYE both ways (§15.1), hanging up,
 * requests within the dialog.
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
 * Leaves out: the caller's and callee's INVITE handling (ua_uac.c, ua_uas.c), the
 * re-INVITE (ua_reinvite.c).
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
	net_timer_init(&c->t_glare, call_glare_fired, c);
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

/* ---- The application's calls ------------------------------------------------------------- */

/* Hanging up once a 2xx was sent or received: the same for caller and callee. */
int call_hangup_answered(struct sip_call *c)
{
	switch (c->state) {
	case SIP_CALL_CONNECTING:
		/* RFC3261 15: "the callee's UA MUST NOT send a BYE on a confirmed dialog until
		 * it has received an ACK for its 2xx response or until the server transaction
		 * times out."  The caller's BYE likewise follows its ACK. */
		c->hangup_pending = true;
		return 0;
	case SIP_CALL_CONFIRMED:
		call_post(c, CEV_BYE_OUT, NULL);
		return 0;
	default:
		return EALREADY;
	}
}

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
