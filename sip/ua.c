/* sip/ua.c - the UA core's object and its server side before the method: the TU
 * callbacks of the transaction layer, the request checks of RFC 3261 §8.2 (405/501,
 * 416, 482, 420, 415, 406; RFC 4475 §3.3's application cases), requests matched to
 * dialogs (481, 500 §12.2.2), OPTIONS (§11), MESSAGE (RFC 3428), and the client
 * requests anyone may send (sip_ua_send, sip_ua_request).
 *
 * Leaves out: the INVITE sessions (ua_call.c, ua_uac.c, ua_uas.c), the client
 * transactions' retries (ua_req.c), authenticating requests we receive (a UA
 * answers without challenging), 404 for Request-URIs that are not ours (a UA takes
 * whatever reaches it), Accept-Language and Content-Language checks.
 */
#include "sip/ua_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct sip_tu ua_tu_template;

/* ---- Small helpers ------------------------------------------------------------------ */

void ua_log(const struct sip_ua *ua, enum net_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	net_log_vprintf(&ua->env->log, level, UA_LAYER, fmt, ap);
	va_end(ap);
}

uint64_t ua_t1(const struct sip_ua *ua)
{
	return sip_tsx_layer_config(ua->layer)->t1_us;
}

uint64_t ua_t2(const struct sip_ua *ua)
{
	return sip_tsx_layer_config(ua->layer)->t2_us;
}

void sip_ua_token(struct sip_ua *ua, char *out, size_t len)
{
	/* RFC3261 19.3: tags "MUST be globally unique and cryptographically random with
	 * at least 32 bits of randomness" - from the seeded source (net/rand.h). */
	net_rand_token(ua->env->rand, out, len);
}

static char *dup_or_null(const char *s, bool *failed)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = malloc(strlen(s) + 1);
	if (d == NULL)
		*failed = true;
	else
		memcpy(d, s, strlen(s) + 1);
	return d;
}

/* ---- Creation -------------------------------------------------------------------- */

/* A name-addr we can put in From: a scratch request must accept it. */
static bool from_ok(const char *from)
{
	struct sip_msg *m = NULL;
	bool ok = from != NULL && sip_msg_create_request("OPTIONS", "sip:x", &m) == 0 &&
		  sip_msg_hdr_add(m, SIP_HDR_FROM, from) == 0;

	sip_msg_destroy(m);
	return ok;
}

static bool uri_ok(const char *uri, bool *lr)
{
	struct sip_uri u;

	if (uri == NULL || sip_uri_parse(&u, uri, strlen(uri), NULL) != 0 || u.scheme != SIP_URI_SIP)
		return false;
	if (lr != NULL)
		*lr = u.lr;
	return true;
}

/* The outbound proxy as a loose-routing Route value. */
static char *route_of(const char *proxy, bool *failed)
{
	bool lr = false;
	char *r;

	if (proxy == NULL)
		return NULL;
	(void)uri_ok(proxy, &lr);  /* checked by sip_ua_create */
	r = malloc(strlen(proxy) + 6);
	if (r == NULL) {
		*failed = true;
		return NULL;
	}
	/* RFC3261 8.1.1.1: a preloaded Route to an outbound proxy; RFC3261 16.12.1.1
	 * "the lr parameter" makes it a loose router (no Request-URI rewriting). */
	snprintf(r, strlen(proxy) + 6, "<%s%s>", proxy, lr ? "" : ";lr");
	return r;
}

int sip_ua_create(struct sip_ua **out, struct sip_transport *tp, const struct sip_tsx_config *tcfg,
		  const struct sip_ua_config *cfg, const struct sip_ua_handler *h)
{
	struct sip_tu tu = ua_tu_template;
	bool failed = false;
	struct sip_ua *ua;

	*out = NULL;
	if (tp == NULL || cfg == NULL || !from_ok(cfg->from) || !uri_ok(cfg->contact, NULL) ||
	    (cfg->outbound_proxy != NULL && !uri_ok(cfg->outbound_proxy, NULL)))
		return EINVAL;
	ua = calloc(1, sizeof(*ua));
	if (ua == NULL)
		return ENOMEM;
	ua->tp = tp;
	ua->env = sip_transport_env(tp);
	if (h != NULL)
		ua->h = *h;
	ua->from = dup_or_null(cfg->from, &failed);
	ua->contact = dup_or_null(cfg->contact, &failed);
	ua->user_agent = dup_or_null(cfg->user_agent, &failed);
	ua->route = route_of(cfg->outbound_proxy, &failed);
	ua->follow_redirects = cfg->follow_redirects;
	sip_auth_client_init(&ua->own_auth, ua->env->rand, &ua->env->log);
	ua->auth = cfg->auth != NULL ? cfg->auth : &ua->own_auth;
	tu.arg = ua;
	if (failed || sip_tsx_layer_create(&ua->layer, tp, tcfg, &tu) != 0) {
		sip_ua_destroy(ua);
		return ENOMEM;
	}
	*out = ua;
	return 0;
}

void sip_ua_destroy(struct sip_ua *ua)
{
	if (ua == NULL)
		return;
	call_free_all(ua);
	ua_req_free_all(ua);
	sip_tsx_layer_destroy(ua->layer);
	sip_auth_client_fini(&ua->own_auth);
	free(ua->from);
	free(ua->contact);
	free(ua->route);
	free(ua->user_agent);
	free(ua);
}

struct sip_auth_client *sip_ua_auth(struct sip_ua *ua)
{
	return ua->auth;
}

struct sip_tsx_layer *sip_ua_layer(const struct sip_ua *ua)
{
	return ua->layer;
}

const struct sip_env *sip_ua_env(const struct sip_ua *ua)
{
	return ua->env;
}

size_t sip_ua_call_count(const struct sip_ua *ua)
{
	return ua->n_calls;
}

size_t sip_ua_request_count(const struct sip_ua *ua)
{
	return ua->n_reqs;
}

/* ---- Responses ---------------------------------------------------------------------- */

int ua_response(struct sip_ua *ua, const struct sip_msg *req, int status, const char *reason,
		const char *to_tag, struct sip_msg **out)
{
	char fresh[UA_TAG_LEN + 1];

	/* RFC3261 8.2.6.2: "if the To header field in the request did not contain a tag,
	 * ... the UAS MUST add a tag to the To header field in the response (with the
	 * exception of the 100 (Trying) response, in which a tag MAY be present)." */
	if (to_tag == NULL && status > 100) {
		sip_ua_token(ua, fresh, UA_TAG_LEN);
		to_tag = fresh;
	}
	int rc = sip_msg_create_response(req, status, reason, to_tag, out);

	if (rc == 0 && ua->user_agent != NULL)
		rc = sip_msg_hdr_add(*out, SIP_HDR_SERVER, ua->user_agent);
	if (rc != 0) {
		sip_msg_destroy(*out);
		*out = NULL;
	}
	return rc;
}

int ua_reply(struct sip_ua *ua, struct sip_tsx *tsx, const struct sip_msg *req, int status,
	     const char *reason, enum sip_hdr_id id, const char *value)
{
	struct sip_msg *resp = NULL;
	int rc = ua_response(ua, req, status, reason, NULL, &resp);

	/* RFC3261 8.2.1: "The UAS MUST also add an Allow header field to the 405 (Method
	 * Not Allowed) response."  RFC 4475 3.1.1.2: "Endpoints will generate a 501
	 * listing the methods they understand in an Allow header field". */
	if (rc == 0 && (status == 405 || status == 501))
		rc = sip_msg_hdr_add(resp, SIP_HDR_ALLOW, SIP_UA_ALLOW);
	if (rc == 0 && id != SIP_HDR_OTHER)
		rc = sip_msg_hdr_add(resp, id, value);
	if (rc == 0)
		rc = sip_tsx_respond(tsx, resp);
	sip_msg_destroy(resp);
	if (rc != 0)
		ua_log(ua, NET_LOG_ERROR, "[ua RFC3261 8.2.6] %d not sent: %s", status, strerror(rc));
	return rc;
}

/* ---- Requests we send --------------------------------------------------------------- */

int ua_decorate(struct sip_ua *ua, struct sip_msg *req, bool in_dialog)
{
	int rc = 0;

	/* RFC3261 8.1.1.6: "A UAC MUST insert a Max-Forwards header field into each
	 * request it originates with a value that SHOULD be 70." */
	if (req->max_forwards < 0)
		rc = sip_msg_hdr_add(req, SIP_HDR_MAX_FORWARDS, "70");
	/* RFC3261 8.1.2: "a UAC SHOULD ... use the outbound proxy" - as a preloaded
	 * Route, outside dialogs only (inside, the route set rules, §12.2.1.1). */
	if (rc == 0 && !in_dialog && ua->route != NULL && req->route == NULL)
		rc = sip_msg_hdr_prepend(req, SIP_HDR_ROUTE, ua->route);
	if (rc == 0 && ua->user_agent != NULL && req->rows[SIP_HDR_USER_AGENT] == 0)
		rc = sip_msg_hdr_add(req, SIP_HDR_USER_AGENT, ua->user_agent);
	return rc;
}

static void send_response_cb(void *owner, struct sip_ua_request *r, int status,
			     const struct sip_msg *resp)
{
	(void)owner;
	(void)r;
	(void)status;
	(void)resp;  /* sip_ua_send reports through r->cb (ua_req.c deliver) */
}

int sip_ua_send(struct sip_ua *ua, const struct sip_msg *req, sip_ua_response_cb cb, void *arg,
		struct sip_ua_request **handle)
{
	const struct ua_req_handler h = { send_response_cb, NULL, NULL, NULL };
	struct sip_ua_request *r = NULL;
	struct sip_msg *copy = NULL;

	if (handle != NULL)
		*handle = NULL;
	if (req == NULL || !req->is_request || req->cseq == NULL || req->method == SIP_METHOD_INVITE ||
	    req->method == SIP_METHOD_ACK || req->method == SIP_METHOD_CANCEL)
		return EINVAL;
	int rc = sip_msg_clone(req, &copy);

	if (rc == 0)
		rc = ua_decorate(ua, copy, copy->to != NULL && copy->to->tag.len > 0);
	if (rc != 0) {
		sip_msg_destroy(copy);
		return rc;
	}
	rc = ua_req_start(ua, copy, &h, &r);
	if (rc != 0)
		return rc;
	r->cb = cb;
	r->cb_arg = arg;
	if (handle != NULL)
		*handle = r;
	return 0;
}

void sip_ua_request_abandon(struct sip_ua_request *r)
{
	if (r != NULL)
		ua_req_detach(r);
}

int sip_ua_request(struct sip_ua *ua, const char *method, const char *target,
		   const char *content_type, const void *body, size_t len, sip_ua_response_cb cb,
		   void *arg)
{
	char tag[UA_TAG_LEN + 1], cid[UA_CALL_ID_LEN + 1];
	struct sip_msg *m = NULL;

	if (method == NULL || target == NULL || !uri_ok(target, NULL))
		return EINVAL;
	sip_ua_token(ua, tag, UA_TAG_LEN);
	sip_ua_token(ua, cid, UA_CALL_ID_LEN);
	/* RFC3261 8.1.1: To, From (with a tag, 8.1.1.3), Call-ID (8.1.1.4), CSeq
	 * (8.1.1.5); RFC3428 4: a MESSAGE outside a dialog is built the same way. */
	int rc = sip_msg_create_request(method, target, &m);

	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_TO, "<%s>", target);
	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_FROM, "%s;tag=%s", ua->from, tag);
	if (rc == 0)
		rc = sip_msg_hdr_add(m, SIP_HDR_CALL_ID, cid);
	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_CSEQ, "1 %s", method);
	if (rc == 0 && content_type != NULL)
		rc = sip_msg_set_body(m, content_type, body, len);
	if (rc == 0)
		rc = sip_ua_send(ua, m, cb, arg, NULL);
	sip_msg_destroy(m);
	return rc;
}

/* ---- Methods every UA answers --------------------------------------------------------- */

/* RFC3261 11.2: "Allow, Accept, Accept-Encoding, Accept-Language, and Supported header
 * fields SHOULD be present in a response to an OPTIONS request." (We support no
 * extension, so Supported would be empty and is left out.) */
static void answer_options(struct sip_ua *ua, struct sip_tsx *tsx, const struct sip_msg *req)
{
	struct sip_msg *resp = NULL;
	int rc = ua_response(ua, req, 200, NULL, NULL, &resp);

	if (rc == 0)
		rc = sip_msg_hdr_add(resp, SIP_HDR_ALLOW, SIP_UA_ALLOW);
	if (rc == 0)
		rc = sip_msg_hdr_add(resp, SIP_HDR_ACCEPT, SIP_UA_ACCEPT);
	if (rc == 0)
		rc = sip_msg_hdr_add(resp, SIP_HDR_ACCEPT_ENCODING, "identity");
	if (rc == 0)
		rc = sip_msg_hdr_add(resp, SIP_HDR_ACCEPT_LANGUAGE, "en");
	if (rc == 0)
		rc = sip_tsx_respond(tsx, resp);
	if (rc != 0)
		ua_log(ua, NET_LOG_ERROR, "[ua RFC3261 11.2] 200 to OPTIONS not sent: %s", strerror(rc));
	sip_msg_destroy(resp);
}

/* RFC3428 7: "A UAS receiving a MESSAGE request SHOULD respond with a final response
 * immediately" - the status is the application's. */
static void answer_message(struct sip_ua *ua, struct sip_call *c, struct sip_tsx *tsx,
			   const struct sip_msg *req)
{
	int status = ua->h.on_message != NULL ? ua->h.on_message(ua->h.arg, c, req) : 200;

	if (status < 200 || status > 699)
		status = 500;
	(void)ua_reply(ua, tsx, req, status, NULL, SIP_HDR_OTHER, NULL);
}

/* ---- Dispatch ------------------------------------------------------------------------ */

/* The call whose dialog a request or response belongs to, and that dialog. */
static struct sip_call *call_of(struct sip_ua *ua, const struct sip_msg *m, struct sip_dialog **d)
{
	for (struct sip_call *c = ua->calls; c != NULL; c = c->next) {
		if (c->ended)
			continue;
		*d = call_dialog_for(c, m);
		if (*d != NULL)
			return c;
	}
	*d = NULL;
	return NULL;
}

/* §12.2.2: a request with a To tag. */
static void in_dialog(struct sip_ua *ua, struct sip_tsx *tsx, const struct sip_msg *req)
{
	struct sip_dialog *d;
	struct sip_call *c = call_of(ua, req, &d);

	/* RFC3261 12.2.2: "If the UAS wishes to reject the request because it does not
	 * wish to recreate the dialog, it MUST respond to the request with a 481
	 * (Call/Transaction Does Not Exist) status code" */
	if (c == NULL) {
		ua_log(ua, NET_LOG_INFO, "[ua RFC3261 12.2.2] %.*s matches no dialog: 481",
		       (int)req->method_name.len, req->method_name.p);
		(void)ua_reply(ua, tsx, req, 481, NULL, SIP_HDR_OTHER, NULL);
		return;
	}
	/* "the sequence number of the request is lower than the remote sequence number,
	 * the request is out of order and MUST be rejected with a 500" */
	if (sip_dialog_remote_cseq(d, req) != 0) {
		ua_log(ua, NET_LOG_INFO, "[ua RFC3261 12.2.2] CSeq %lu below %lu: out of order, 500",
		       (unsigned long)req->cseq->seq, (unsigned long)d->remote_seq);
		(void)ua_reply(ua, tsx, req, 500, "Out of Order", SIP_HDR_OTHER, NULL);
		return;
	}
	call_enter(c);
	if (req->method == SIP_METHOD_INVITE)
		call_on_reinvite(c, tsx, req, sip_tsx_source(tsx));
	else if (req->method == SIP_METHOD_BYE)
		call_on_bye(c, tsx, req);
	else if (req->method == SIP_METHOD_MESSAGE)
		answer_message(ua, c, tsx, req);
	else
		answer_options(ua, tsx, req);
	call_leave(c);
}

static void out_of_dialog(struct sip_ua *ua, struct sip_tsx *tsx, const struct sip_msg *req)
{
	switch (req->method) {
	case SIP_METHOD_INVITE:
		uas_on_invite(ua, tsx, req, sip_tsx_source(tsx));
		break;
	case SIP_METHOD_BYE:
		/* RFC3261 15.1.2: "If the BYE does not match an existing dialog, the UAS core
		 * SHOULD generate a 481 (Call/Transaction Does Not Exist) response" */
		(void)ua_reply(ua, tsx, req, 481, NULL, SIP_HDR_OTHER, NULL);
		break;
	case SIP_METHOD_MESSAGE:
		answer_message(ua, NULL, tsx, req);
		break;
	default:
		answer_options(ua, tsx, req);
		break;
	}
}

/* RFC3261 9.2: "the transaction to be cancelled" by the §17.2.3 matching; none: 481. */
static void on_cancel(struct sip_ua *ua, struct sip_tsx *tsx, const struct sip_msg *req)
{
	struct sip_tsx *inv = sip_tsx_find_cancelled(ua->layer, req);
	struct sip_call *c = ua->calls;

	while (c != NULL && (inv == NULL || c->ist != inv))
		c = c->next;
	/* RFC3261 9.2: "If the UAS did not find a matching transaction for the CANCEL
	 * according to the procedure above, it SHOULD respond to the CANCEL with a 481
	 * (Call Leg/Transaction Does Not Exist)." ... "the response to the CANCEL is
	 * 200 (OK)" otherwise. */
	(void)ua_reply(ua, tsx, req, inv != NULL ? 200 : 481, NULL, SIP_HDR_OTHER, NULL);
	if (c != NULL) {
		call_enter(c);
		uas_on_cancel(c, req);
		call_leave(c);
	}
}

static void tu_on_request(void *arg, struct sip_tsx *tsx, const struct sip_msg *req)
{
	struct sip_ua *ua = arg;

	/* RFC3261 8.2.2.3: Require "MUST be ignored" in CANCEL; it is answered first. */
	if (req->method == SIP_METHOD_CANCEL) {
		on_cancel(ua, tsx, req);
		return;
	}
	if (ua_refused(ua, tsx, req))
		return;
	if (req->to->tag.len > 0)
		in_dialog(ua, tsx, req);
	else
		out_of_dialog(ua, tsx, req);
}

/* An ACK that reached no transaction, or an IST in Accepted: the ACK for a 2xx. */
static void tu_on_ack(void *arg, struct sip_tsx *tsx, const struct sip_msg *ack,
		      const struct sip_recv_info *from)
{
	struct sip_ua *ua = arg;
	struct sip_dialog *d;
	struct sip_call *c = call_of(ua, ack, &d);

	(void)tsx;
	(void)from;
	if (c == NULL) {
		ua_log(ua, NET_LOG_INFO, "[ua RFC3261 17.2.3] ACK for no dialog dropped");
		return;
	}
	call_enter(c);
	uas_on_ack(c, ack);
	call_leave(c);
}

void ua_on_2xx_again(struct sip_ua *ua, const struct sip_msg *resp)
{
	for (struct sip_call *c = ua->calls; c != NULL; c = c->next)
		if (c->uac && !c->ended && sip_str_eq_c(resp->call_id, c->call_id) &&
		    sip_str_eq_c(resp->from->tag, c->local_tag)) {
			call_enter(c);
			uac_on_2xx_again(c, resp);
			call_leave(c);
			return;
		}
	ua_log(ua, NET_LOG_INFO, "[ua RFC3261 13.2.2.4] 2xx for no call dropped");
}

/* A response no client transaction took: a 2xx retransmission after Timer M. */
static void tu_on_stray(void *arg, const struct sip_msg *resp, const struct sip_recv_info *from)
{
	struct sip_ua *ua = arg;

	(void)from;
	if (resp->cseq == NULL || resp->cseq->method != SIP_METHOD_INVITE || resp->status < 200 ||
	    resp->status > 299 || resp->from == NULL) {
		ua_log(ua, NET_LOG_INFO, "[ua RFC3261 18.1.2] stray %d response dropped", resp->status);
		return;
	}
	ua_on_2xx_again(ua, resp);
}

static const struct sip_tu ua_tu_template = {
	tu_on_request, tu_on_ack, tu_on_stray, { NULL, NULL, NULL, NULL, NULL }, NULL,
};
