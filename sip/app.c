/* sip/app.c - the application API (sip/app.h): one account over the UA core, the
 * registration client and RFC 3264 offer/answer.
 *
 * Where the SDP goes (RFC 3261 §13.2.1, RFC 3264):
 *   our call          offer in the INVITE, answer from the 2xx (apply_answer)
 *   their call        answer in our 2xx (sdp_oa_answer; no common codec: 488)
 *   their call, no SDP   offer in our 2xx, answer from their ACK
 *   hold / resume     re-offer (sdp_oa_hold / sdp_oa_resume) in a re-INVITE
 *   their re-INVITE   answer in our 2xx, against the last SDP we sent
 *
 * Leaves out: see sip/app.h; an offerless re-INVITE is answered with our current SDP
 * and the answer in its ACK is not read.
 */
#include "sip/app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APP_SDP_MAX 4096   /* bytes of an SDP we print */
#define APP_REASON_MAX 96

struct sip_app_call {
	struct sip_app *app;
	struct sip_call *call;          /* the UA core's, until DISCONNECTED */
	struct sip_app_call *next;
	struct sip_app_call *prev;
	void *user;                     /* the program's */
	bool silent;                    /* refused before the program saw it */
	bool offer_in_2xx;              /* their INVITE had no SDP: our 2xx offers */
	bool hold_asked;                /* what the re-INVITE in flight asks */
	bool bad_answer;                /* the 2xx's SDP did not fit our offer: BYE */
	enum sip_call_state state;
	int status;
	char reason[APP_REASON_MAX];
	struct sdp_session local;       /* the last SDP we sent (offer or answer) */
	struct sdp_session offer;       /* our offer in flight */
	struct sip_app_media media;
	bool has_media;
};

struct sip_app {
	struct sip_transport *tp;       /* borrowed */
	struct sip_ua *ua;              /* owned */
	struct sip_reg *reg;            /* owned, NULL without a registrar */
	struct sip_app_handler h;
	struct sdp_caps caps;           /* our media: address, port, codecs */
	char contact[SIP_APP_URI_MAX];
	struct sip_app_call *calls;
	size_t n_calls;
};

/* ---- SDP helpers ------------------------------------------------------------------------ */

static int sdp_of(const struct sip_msg *m, struct sdp_session *s)
{
	if (m == NULL || m->body.len == 0 || m->content_type == NULL ||
	    !sip_str_eqi_c(m->content_type->subtype, "sdp"))
		return ENOENT;
	return sdp_parse(s, m->body.p, m->body.len, NULL);
}

/* A fresh session id for every new session (RFC 4566 5.2: "a numeric string such that
 * the tuple ... forms a globally unique identifier"). */
static void new_session(struct sip_app *app)
{
	app->caps.sess_id = net_rand_u64(sip_ua_env(app->ua)->rand) >> 3;
	app->caps.sess_version = app->caps.sess_id;
}

/* Copies what offer/answer agreed into the call's media and tells the program. */
static void media_from(struct sip_app_call *w, const struct sdp_negotiated *neg)
{
	struct sip_app_media *m = &w->media;
	uint16_t port = neg->remote_port;

	memset(m, 0, sizeof(*m));
	snprintf(m->codec, sizeof(m->codec), "%s", neg->encoding);
	m->pt = neg->pt;
	m->clock_rate = neg->clock_rate;
	m->te_pt = neg->te_pt;
	snprintf(m->remote_addr, sizeof(m->remote_addr), "%s", neg->remote_addr);
	m->remote_port = port;
	if (net_addr_parse(&m->remote, neg->remote_addr, port) != 0)
		memset(&m->remote, 0, sizeof(m->remote));
	m->remote_dir = neg->remote_dir;
	m->local_hold = w->hold_asked;
	w->has_media = neg->media_index >= 0;
}

static void report_media(struct sip_app_call *w)
{
	struct sip_app *app = w->app;

	if (w->has_media && !w->silent && app->h.on_call_media != NULL)
		app->h.on_call_media(app->h.arg, w, &w->media);
}

/* ---- Call wrappers ------------------------------------------------------------------------- */

static struct sip_app_call *wrap(struct sip_app *app, struct sip_call *c, void *user)
{
	struct sip_app_call *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return NULL;
	w->app = app;
	w->call = c;
	w->user = user;
	w->next = app->calls;
	if (app->calls != NULL)
		app->calls->prev = w;
	app->calls = w;
	app->n_calls++;
	return w;
}

static void unwrap(struct sip_app_call *w)
{
	struct sip_app *app = w->app;

	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		app->calls = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
	app->n_calls--;
	free(w);
}

/* ---- The UA core's callbacks -------------------------------------------------------------- */

/* UAS: our answer to an INVITE's offer into `out` (RFC 3264 §6; for a re-INVITE made
 * against `prev`, the last SDP we sent, §8), or our own offer when the INVITE had none.
 * *had_offer says which; *neg is filled for an answer.  0, or why there is no SDP. */
static int answer_or_offer(struct sip_app *app, const struct sip_msg *invite,
			   const struct sdp_session *prev, struct sdp_session *out,
			   struct sdp_negotiated *neg, bool *had_offer)
{
	struct sdp_session *offer = malloc(sizeof(*offer));
	int rc = offer == NULL ? ENOMEM : sdp_of(invite, offer);

	*had_offer = rc == 0;
	if (rc == 0)
		rc = sdp_oa_answer(out, offer, &app->caps, prev, neg, NULL);
	else if (rc == ENOENT)
		rc = sdp_oa_offer(out, &app->caps, prev);
	free(offer);
	return rc;
}

static void on_incoming(void *arg, struct sip_call *call, const struct sip_msg *invite)
{
	struct sip_app *app = arg;
	struct sip_app_call *w = wrap(app, call, NULL);
	struct sdp_negotiated neg;
	char from[SIP_APP_URI_MAX] = "";
	bool had_offer;
	int rc;

	if (w == NULL) {
		(void)sip_call_reject(call, 500, NULL);
		return;
	}
	sip_call_set_user(call, w);
	w->state = SIP_CALL_INCOMING;
	new_session(app);
	rc = answer_or_offer(app, invite, NULL, &w->local, &neg, &had_offer);
	if (rc != 0) {
		/* RFC3261 13.3.1.3: "A UAS rejecting an offer contained in an INVITE SHOULD
		 * return a 488 (Not Acceptable Here) response."  Our own failure is a 500. */
		w->silent = true;
		(void)sip_call_reject(call, rc == ENOMEM ? 500 : 488, NULL);
		return;
	}
	/* RFC3261 13.3.1: "If the INVITE does not contain a session description ... It
	 * MUST provide the offer in its first non-failure reliable message". */
	w->offer_in_2xx = !had_offer;
	if (had_offer)
		media_from(w, &neg);
	if (invite->from != NULL)
		(void)sip_str_copy(invite->from->text, from, sizeof(from));
	if (app->h.on_incoming_call != NULL)
		app->h.on_incoming_call(app->h.arg, w, from);
	else
		(void)sip_call_reject(call, 480, NULL);
}

/* UAC: the 2xx carries the answer to our offer (RFC 3264 §7). */
static void answer_arrived(struct sip_app_call *w, const struct sip_msg *resp)
{
	struct sdp_session *ans = malloc(sizeof(*ans));
	struct sdp_negotiated neg;

	if (ans != NULL && sdp_of(resp, ans) == 0 &&
	    sdp_oa_apply_answer(&neg, &w->offer, ans, NULL) == 0) {
		sdp_session_copy(&w->local, &w->offer);
		media_from(w, &neg);
	} else {
		w->bad_answer = true;
	}
	free(ans);
}

/* UAS without an offer in the INVITE: the ACK carries the answer to our 2xx's offer. */
static void ack_arrived(struct sip_app_call *w, const struct sip_msg *ack)
{
	struct sdp_session *ans = malloc(sizeof(*ans));
	struct sdp_negotiated neg;

	if (ans != NULL && sdp_of(ack, ans) == 0 &&
	    sdp_oa_apply_answer(&neg, &w->local, ans, NULL) == 0)
		media_from(w, &neg);
	free(ans);
}

static void on_call_state(void *arg, struct sip_call *call, enum sip_call_state state,
			  const struct sip_msg *msg)
{
	struct sip_app *app = arg;
	struct sip_app_call *w = sip_call_user(call);

	if (w == NULL)
		return;
	w->call = call;
	w->state = state;
	w->status = sip_call_status(call);
	snprintf(w->reason, sizeof(w->reason), "%s", sip_call_reason(call));
	if (state == SIP_CALL_CONNECTING && sip_call_is_uac(call) && msg != NULL)
		answer_arrived(w, msg);
	if (state == SIP_CALL_CONFIRMED && !sip_call_is_uac(call) && w->offer_in_2xx && msg != NULL)
		ack_arrived(w, msg);
	if (!w->silent && app->h.on_call_state != NULL)
		app->h.on_call_state(app->h.arg, w, state, w->status, w->reason);
	if (state == SIP_CALL_CONFIRMED) {
		report_media(w);
		/* RFC3261 13.2.2.4's spirit: a session we cannot run is ended with a BYE. */
		if (w->bad_answer && w->call != NULL)
			(void)sip_call_hangup(call);
	}
	if (state == SIP_CALL_DISCONNECTED) {
		sip_call_set_user(call, NULL);
		unwrap(w);
	}
}

static void on_reinvite(void *arg, struct sip_call *call, const struct sip_msg *req)
{
	struct sip_app *app = arg;
	struct sip_app_call *w = sip_call_user(call);
	struct sdp_session *ans = malloc(sizeof(*ans));
	char text[APP_SDP_MAX];
	struct sdp_negotiated neg;
	size_t len = 0;
	bool had_offer = false;
	/* RFC3264 8: the answer is made against the last SDP we sent. */
	int rc = ans == NULL || w == NULL ? ENOMEM :
		 answer_or_offer(app, req, &w->local, ans, &neg, &had_offer);

	if (rc == 0)
		rc = sdp_print(ans, text, sizeof(text), &len);
	if (rc == 0)
		rc = sip_call_answer(call, 200, "application/sdp", text, len);
	if (rc == 0) {
		sdp_session_copy(&w->local, ans);
		if (had_offer) {
			media_from(w, &neg);
			report_media(w);
		}
	} else {
		/* RFC3261 14.2: "If the new session description is not acceptable, the UAS
		 * can reject it by returning a 488 (Not Acceptable Here) response" */
		(void)sip_call_reject(call, 488, NULL);
	}
	free(ans);
}

static void on_reinvite_done(void *arg, struct sip_call *call, int status, const struct sip_msg *resp)
{
	struct sip_app_call *w = sip_call_user(call);
	struct sdp_session *ans = malloc(sizeof(*ans));
	struct sdp_negotiated neg;

	(void)arg;
	/* RFC3261 14.1: after a non-2xx "the session parameters MUST remain unchanged". */
	if (w != NULL && ans != NULL && status >= 200 && status < 300 && sdp_of(resp, ans) == 0 &&
	    sdp_oa_apply_answer(&neg, &w->offer, ans, NULL) == 0) {
		sdp_session_copy(&w->local, &w->offer);
		media_from(w, &neg);
		report_media(w);
	}
	free(ans);
}

static int on_message(void *arg, struct sip_call *call, const struct sip_msg *req)
{
	struct sip_app *app = arg;
	char from[SIP_APP_URI_MAX] = "", type[64] = "";

	(void)call;
	if (req->from != NULL)
		(void)sip_str_copy(req->from->text, from, sizeof(from));
	if (req->content_type != NULL)
		snprintf(type, sizeof(type), "%.*s/%.*s", (int)req->content_type->type.len,
			 req->content_type->type.p, (int)req->content_type->subtype.len,
			 req->content_type->subtype.p);
	if (app->h.on_message != NULL)
		app->h.on_message(app->h.arg, app, from, type, req->body.p, req->body.len);
	return 200;
}

static void on_reg(void *arg, struct sip_reg *reg, enum sip_reg_state state, int status,
		   const struct sip_msg *resp)
{
	struct sip_app *app = arg;

	(void)resp;
	if (app->h.on_reg_state != NULL)
		app->h.on_reg_state(app->h.arg, app, state, status, status != 0 ? sip_reg_reason(reg) : "");
}

/* ---- Creation -------------------------------------------------------------------------- */

/* Our Contact: the account's user at the transport's address (RFC3261 8.1.1.8). */
static int make_contact(struct sip_app *app, const struct sip_uri *id, enum sip_proto proto)
{
	const struct sip_transport_config *tc = sip_transport_config(app->tp);
	const struct net_addr *a = net_addr_family(&tc->udp) != AF_UNSPEC ? &tc->udp : &tc->tcp;
	char host[NET_ADDR_STRLEN];
	int n;

	if (net_addr_format(a, host, sizeof(host)) != 0)
		return EINVAL;
	n = snprintf(app->contact, sizeof(app->contact), "sip:%.*s%s%s%s", (int)id->user.len,
		     id->user.p, id->user.len > 0 ? "@" : "", host,
		     proto == SIP_PROTO_TCP ? ";transport=tcp" : "");
	return n > 0 && (size_t)n < sizeof(app->contact) ? 0 : EINVAL;
}

static int make_caps(struct sip_app *app, const struct sip_app_config *cfg)
{
	int rc = sdp_caps_init(&app->caps, cfg->media_addr, cfg->media_port, 1);

	/* The preferred codec first: RFC3264 5.1 "the first format ... is the preferred". */
	if (rc == 0 && cfg->codec == SIP_APP_PCMA && app->caps.stream[0].n_codec >= 2) {
		struct sdp_codec tmp = app->caps.stream[0].codec[0];

		app->caps.stream[0].codec[0] = app->caps.stream[0].codec[1];
		app->caps.stream[0].codec[1] = tmp;
	}
	return rc;
}

static int make_ua(struct sip_app *app, const struct sip_app_config *cfg,
		   const struct sip_app_account *acc, char *from, size_t cap)
{
	char proxy[SIP_APP_URI_MAX];
	const struct sip_ua_handler h = { on_incoming, on_call_state, on_reinvite, on_reinvite_done,
					  on_message, app };
	struct sip_ua_config uc = { .from = from, .contact = app->contact, .user_agent = cfg->user_agent,
				    .follow_redirects = true };

	if (acc->display != NULL)
		snprintf(from, cap, "\"%s\" <%s>", acc->display, acc->id);
	else
		snprintf(from, cap, "<%s>", acc->id);
	if (acc->proxy != NULL) {
		bool tcp = cfg->transport == SIP_PROTO_TCP && strstr(acc->proxy, "transport=") == NULL;

		snprintf(proxy, sizeof(proxy), "%s%s", acc->proxy, tcp ? ";transport=tcp" : "");
		uc.outbound_proxy = proxy;
	}
	int rc = sip_ua_create(&app->ua, app->tp, cfg->tsx, &uc, &h);

	if (rc == 0 && acc->username != NULL && acc->password != NULL)
		rc = sip_auth_client_add_credentials(sip_ua_auth(app->ua), acc->realm, acc->username,
						     acc->password);
	return rc;
}

int sip_app_create(struct sip_app **out, struct sip_transport *tp, const struct sip_app_config *cfg,
		   const struct sip_app_account *acc)
{
	char from[2 * SIP_APP_URI_MAX];
	struct sip_app *app;
	struct sip_uri id;

	*out = NULL;
	if (tp == NULL || cfg == NULL || acc == NULL || acc->id == NULL || cfg->media_addr == NULL ||
	    sip_uri_parse(&id, acc->id, strlen(acc->id), NULL) != 0 || id.scheme != SIP_URI_SIP)
		return EINVAL;
	app = calloc(1, sizeof(*app));
	if (app == NULL)
		return ENOMEM;
	app->tp = tp;
	app->h = cfg->h;
	int rc = make_contact(app, &id, cfg->transport);

	if (rc == 0)
		rc = make_caps(app, cfg);
	if (rc == 0)
		rc = make_ua(app, cfg, acc, from, sizeof(from));
	if (rc == 0 && acc->registrar != NULL) {
		const struct sip_reg_config rc_cfg = { .registrar = acc->registrar, .aor = from,
						       .contact = app->contact, .expires_s = acc->expires_s,
						       .cb = on_reg, .arg = app };

		rc = sip_reg_create(&app->reg, app->ua, &rc_cfg);
		if (rc == 0)
			rc = sip_reg_register(app->reg);
	}
	if (rc != 0) {
		sip_app_destroy(app);
		return rc;
	}
	*out = app;
	return 0;
}

void sip_app_destroy(struct sip_app *app)
{
	if (app == NULL)
		return;
	sip_reg_destroy(app->reg);
	sip_ua_destroy(app->ua);
	while (app->calls != NULL)
		unwrap(app->calls);
	free(app);
}

/* ---- Registration ------------------------------------------------------------------------ */

int sip_app_register(struct sip_app *app)
{
	return app->reg != NULL ? sip_reg_register(app->reg) : EINVAL;
}

int sip_app_unregister(struct sip_app *app)
{
	return app->reg != NULL ? sip_reg_unregister(app->reg) : EALREADY;
}

enum sip_reg_state sip_app_reg_state(const struct sip_app *app)
{
	return app->reg != NULL ? sip_reg_state(app->reg) : SIP_REG_NONE;
}

/* ---- Calls ------------------------------------------------------------------------------ */

int sip_app_call(struct sip_app *app, const char *uri, void *user, struct sip_app_call **out)
{
	struct sip_app_call *w = wrap(app, NULL, user);
	char text[APP_SDP_MAX];
	size_t len = 0;
	int rc;

	*out = NULL;
	if (w == NULL)
		return ENOMEM;
	new_session(app);
	/* RFC3264 5: the offer, with our address, port and codecs. */
	rc = sdp_oa_offer(&w->offer, &app->caps, NULL);
	if (rc == 0)
		rc = sdp_print(&w->offer, text, sizeof(text), &len);
	if (rc == 0)
		rc = sip_ua_call(app->ua, uri, "application/sdp", text, len, w, &w->call);
	if (rc != 0) {
		unwrap(w);
		return rc;
	}
	*out = w;
	return 0;
}

int sip_app_answer(struct sip_app_call *w, int status)
{
	char text[APP_SDP_MAX];
	size_t len = 0;

	if (w->call == NULL)
		return EPROTO;
	if (status >= 100 && status < 200)
		return sip_call_ring(w->call);
	if (status >= 300)
		return sip_call_reject(w->call, status, NULL);
	int rc = sdp_print(&w->local, text, sizeof(text), &len);

	return rc != 0 ? rc : sip_call_answer(w->call, status, "application/sdp", text, len);
}

int sip_app_hangup(struct sip_app_call *w)
{
	return w->call != NULL ? sip_call_hangup(w->call) : EALREADY;
}

int sip_app_hold(struct sip_app_call *w, bool hold)
{
	char text[APP_SDP_MAX];
	size_t len = 0;
	int rc;

	if (w->call == NULL || w->state != SIP_CALL_CONFIRMED)
		return EPROTO;
	/* RFC3264 8.4: hold is a re-offer with sendonly (or inactive), resume undoes it. */
	rc = hold ? sdp_oa_hold(&w->offer, &w->local) : sdp_oa_resume(&w->offer, &w->local);
	if (rc == 0)
		rc = sdp_print(&w->offer, text, sizeof(text), &len);
	if (rc == 0)
		rc = sip_call_reinvite(w->call, "application/sdp", text, len);
	if (rc == 0)
		w->hold_asked = hold;
	return rc;
}

int sip_app_change_codec(struct sip_app_call *w, enum sip_app_codec codec)
{
	struct sdp_caps *caps = malloc(sizeof(*caps));
	struct sdp_stream_caps *st;
	char text[APP_SDP_MAX];
	size_t len = 0;
	int rc = caps == NULL ? ENOMEM : 0;

	if (rc == 0 && (w->call == NULL || w->state != SIP_CALL_CONFIRMED))
		rc = EPROTO;
	if (rc == 0) {
		size_t keep = 0;

		/* Our capabilities with the other G.711 law left out. */
		*caps = w->app->caps;
		st = &caps->stream[0];
		for (unsigned i = 0; i < st->n_codec; i++)
			if (strcmp(st->codec[i].name, codec == SIP_APP_PCMA ? "PCMU" : "PCMA") != 0)
				st->codec[keep++] = st->codec[i];
		st->n_codec = (unsigned)keep;
		/* RFC3264 8: a new offer keeps the o= line, version + 1. */
		rc = sdp_oa_offer(&w->offer, caps, &w->local);
	}
	if (rc == 0)
		rc = sdp_print(&w->offer, text, sizeof(text), &len);
	if (rc == 0)
		rc = sip_call_reinvite(w->call, "application/sdp", text, len);
	free(caps);
	return rc;
}

int sip_app_send_message(struct sip_app *app, const char *uri, const char *text)
{
	/* RFC3428 4: "MESSAGE requests ... carry the content in the form of MIME body
	 * parts" - text/plain here. */
	return sip_ua_request(app->ua, "MESSAGE", uri, "text/plain", text, strlen(text), NULL, NULL);
}

enum sip_call_state sip_app_call_state(const struct sip_app_call *w)
{
	return w->state;
}

int sip_app_call_status(const struct sip_app_call *w)
{
	return w->status;
}

const char *sip_app_call_reason(const struct sip_app_call *w)
{
	return w->reason;
}

const struct sip_app_media *sip_app_call_media(const struct sip_app_call *w)
{
	return w->has_media ? &w->media : NULL;
}

void *sip_app_call_user(const struct sip_app_call *w)
{
	return w->user;
}

void sip_app_call_set_user(struct sip_app_call *w, void *user)
{
	w->user = user;
}

size_t sip_app_call_count(const struct sip_app *app)
{
	return app->n_calls;
}

struct sip_ua *sip_app_ua(const struct sip_app *app)
{
	return app->ua;
}

const char *sip_app_contact(const struct sip_app *app)
{
	return app->contact;
}
