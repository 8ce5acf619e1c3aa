/* sip/ua_uas.c - the callee's side of a call (RFC 3261 §13.3, §12.1.1, §9.2): a new
 * INVITE becomes an incoming call, the application rings, answers or rejects, the 2xx
 * is retransmitted by the core until the ACK arrives (§13.3.1.4) and the call ends
 * with a BYE after 64*T1 without one; CANCEL gets 487 to the INVITE; an INVITE's
 * Expires ends an unanswered call with 487 (§13.3.1 step 1).
 *
 * The 100 Trying is the transaction layer's (§17.2.1: sent unless we answer within
 * 200 ms).  The same functions answer re-INVITEs (ua_call.c routes them here).
 *
 * Leaves out: offers in our 2xx beyond sending the application's body, reliable
 * provisional responses (RFC 3262), the §13.3.1.1 "non-100 provisional response at
 * every minute" (the application rings again if it wants).
 */
#include "sip/ua_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void uas_act_respond(struct sip_call *c, const struct sip_msg *msg);
void uas_act_cancelled(struct sip_call *c, const struct sip_msg *msg);
void uas_act_acked(struct sip_call *c, const struct sip_msg *msg);
void uas_t2xx_fired(struct net_timer *t, void *arg);
void uas_expires_fired(struct net_timer *t, void *arg);

/* ---- The INVITE server transaction's reports ------------------------------------------- */

static void ist_terminated(void *arg, struct sip_tsx *tsx)
{
	struct sip_call *c = arg;

	/* Only the IST being answered carries this handler (uas_release removes it). */
	(void)tsx;
	c->ist = NULL;
}

static void ist_transport_error(void *arg, struct sip_tsx *tsx, int err)
{
	struct sip_call *c = arg;

	(void)tsx;
	call_log(c, NET_LOG_WARN, "RFC6026 7.1", "response not delivered: %s", strerror(err));
}

void uas_take_ist(struct sip_call *c, struct sip_tsx *tsx)
{
	const struct sip_tsx_handler h = { NULL, NULL, ist_transport_error, ist_terminated, c };

	c->ist = tsx;
	sip_tsx_set_handler(tsx, &h);
}

void uas_release(struct sip_call *c)
{
	static const struct sip_tsx_handler none = { NULL, NULL, NULL, NULL, NULL };

	if (c->ist != NULL)
		sip_tsx_set_handler(c->ist, &none);
	c->ist = NULL;
}

/* ---- A new INVITE ------------------------------------------------------------------------ */

static int take_invite(struct sip_call *c, struct sip_tsx *tsx, const struct sip_msg *req,
		       const struct sip_recv_info *from)
{
	if (sip_str_copy(req->call_id, c->call_id, sizeof(c->call_id)) != 0 ||
	    sip_msg_clone(req, &c->uas_req) != 0)
		return ENOBUFS;
	uas_take_ist(c, tsx);
	c->uas_src = *from;
	/* RFC3261 8.2.6.2: "the UAS MUST add a tag to the To header field in the
	 * response" ... "The same tag MUST be used for all responses to that request" */
	sip_ua_token(c->ua, c->local_tag, UA_TAG_LEN);
	return 0;
}

void uas_on_invite(struct sip_ua *ua, struct sip_tsx *tsx, const struct sip_msg *req,
		   const struct sip_recv_info *from)
{
	struct sip_call *c;

	/* DESIGN.md: at a capacity limit "the peer gets the RFC's response (e.g. 503)". */
	if (ua->n_calls >= SIP_UA_MAX_CALLS) {
		(void)ua_reply(ua, tsx, req, 503, NULL, SIP_HDR_RETRY_AFTER, "5");
		return;
	}
	/* RFC3261 8.1.1.8: "The Contact header field MUST be present and contain exactly
	 * one SIP or SIPS URI in any request that can result in the establishment of a
	 * dialog." */
	if (req->contact == NULL || req->contact->star) {
		(void)ua_reply(ua, tsx, req, 400, "Missing Contact", SIP_HDR_OTHER, NULL);
		return;
	}
	c = call_new(ua, false);
	if (c == NULL || take_invite(c, tsx, req, from) != 0) {
		if (c != NULL) {
			c->ended = true;
			call_enter(c);
			call_leave(c);
		}
		(void)ua_reply(ua, tsx, req, 500, NULL, SIP_HDR_OTHER, NULL);
		return;
	}
	call_enter(c);
	/* RFC3261 13.3.1: "If the request is an INVITE that contains an Expires header
	 * field, the UAS core sets a timer for the number of seconds indicated" */
	if (req->expires >= 0)
		(void)net_timer_start(ua->env->timers, &c->t_expires, (uint64_t)req->expires * 1000000);
	call_post(c, CEV_INVITE, req);
	if (ua->h.on_incoming != NULL)
		ua->h.on_incoming(ua->h.arg, c, req);
	else
		(void)sip_call_reject(c, 480, NULL);
	call_leave(c);
}

/* ---- Responses ----------------------------------------------------------------------------- */

/* §12.1.1 for a response that makes a dialog: Record-Route copied, our Contact. */
static int dialog_rows(struct sip_call *c, struct sip_msg *resp)
{
	const struct sip_msg *req = c->uas_req;
	int rc = 0;

	/* RFC3261 12.1.1: "the UAS MUST copy all Record-Route header field values from
	 * the request into the response (including the URIs, URI parameters, and any
	 * Record-Route header field parameters, whether they are known or unknown to the
	 * UAS) and MUST maintain the order of those values.  The UAS MUST add a Contact
	 * header field to the response." */
	if (req->rows[SIP_HDR_RECORD_ROUTE] > 0)
		rc = sip_msg_hdr_copy(resp, req, SIP_HDR_RECORD_ROUTE);
	if (rc == 0)
		rc = sip_msg_hdr_addf(resp, SIP_HDR_CONTACT, "<%s>", c->ua->contact);
	/* RFC3261 13.3.1.4: "A 2xx response to an INVITE SHOULD contain the Allow header
	 * field and the Supported header field" (we support no extension). */
	if (rc == 0 && resp->status >= 200)
		rc = sip_msg_hdr_add(resp, SIP_HDR_ALLOW, SIP_UA_ALLOW);
	return rc;
}

/* The dialog the first 1xx or the 2xx makes (§12.1.1), or confirms. */
static void uas_dialog(struct sip_call *c, int status)
{
	if (c->n_dlg == 0) {
		if (sip_dialog_create_uas(&c->dlg[0], c->uas_req, c->local_tag, c->ua->contact,
					  status < 200 ? SIP_DIALOG_EARLY : SIP_DIALOG_CONFIRMED) != 0) {
			call_log(c, NET_LOG_ERROR, "RFC3261 12.1.1", "dialog state does not fit");
			return;
		}
		c->n_dlg = 1;
	}
	if (status >= 200) {
		c->dlg[0].state = SIP_DIALOG_CONFIRMED;
		c->confirmed = true;
	}
}

int uas_respond(struct sip_call *c, int status, const char *reason, const struct ua_body *body)
{
	struct sip_ua *ua = c->ua;
	struct sip_msg *resp = NULL;
	int rc;

	if (c->uas_req == NULL || c->uas_final)
		return EPROTO;
	rc = ua_response(ua, c->uas_req, status, reason, c->local_tag, &resp);
	if (rc == 0 && status < 300)
		rc = dialog_rows(c, resp);
	if (rc == 0 && status < 300)
		rc = body_set(resp, body);
	if (rc == 0)
		rc = c->ist != NULL ? sip_tsx_respond(c->ist, resp)
				    : sip_transport_send_response(ua->tp, resp, &c->uas_src);
	if (rc != 0) {
		call_log(c, NET_LOG_ERROR, "RFC3261 13.3.1", "%d not sent: %s", status, strerror(rc));
		sip_msg_destroy(resp);
		return rc;
	}
	if (status >= 200)
		c->uas_final = true;
	if (status < 300 && c->uas_req->method == SIP_METHOD_INVITE && status > 100)
		uas_dialog(c, status);
	if (status < 200 || status >= 300) {
		sip_msg_destroy(resp);
		return 0;
	}
	/* RFC3261 13.3.1.4: "The 2xx response is passed to the transport with an interval
	 * that starts at T1 seconds and doubles for each retransmission until it reaches
	 * T2 seconds" ... "This is independent of whatever transport protocols are used to
	 * send the response." */
	uas_stop_2xx(c);
	c->resp2xx = resp;
	c->t2xx_interval = ua_t1(ua);
	c->t2xx_elapsed = 0;
	(void)net_timer_start(ua->env->timers, &c->t2xx, c->t2xx_interval);
	return 0;
}

void uas_stop_2xx(struct sip_call *c)
{
	net_timer_stop(c->ua->env->timers, &c->t2xx);
	sip_msg_destroy(c->resp2xx);
	c->resp2xx = NULL;
}

/* Incoming/Early -(ring, answer, reject)-> ...: what the application asked for. */
void uas_act_respond(struct sip_call *c, const struct sip_msg *msg)
{
	(void)msg;
	if (c->out_status >= 200)
		net_timer_stop(c->ua->env->timers, &c->t_expires);
	if (c->out_status >= 300)
		call_set_status(c, c->out_status, c->out_reason[0] != '\0' ? c->out_reason : NULL);
	else if (c->out_status >= 200)
		call_set_status(c, c->out_status, NULL);
	(void)uas_respond(c, c->out_status, c->out_reason[0] != '\0' ? c->out_reason : NULL,
			  c->out_body);
}

/* Incoming/Early -(CANCEL, Expires)-> Disconnected. */
void uas_act_cancelled(struct sip_call *c, const struct sip_msg *msg)
{
	(void)msg;
	/* RFC3261 9.2: "the UAS SHOULD respond to the INVITE with a 487 (Request
	 * Terminated)."  RFC3261 13.3.1: "If the invitation expires before the UAS has
	 * generated a final response, a 487 (Request Terminated) response SHOULD be
	 * generated." */
	call_set_status(c, 487, NULL);
	(void)uas_respond(c, 487, NULL, NULL);
}

/* Connecting -(ACK)-> Confirmed. */
void uas_act_acked(struct sip_call *c, const struct sip_msg *msg)
{
	(void)msg;
	/* RFC3261 13.3.1.4: "Response retransmissions cease when an ACK request for the
	 * response is received." */
	uas_stop_2xx(c);
	uas_release(c);  /* its transaction absorbs what remains (RFC 6026 Accepted) */
}

/* Stashes what to send and posts the event. */
static int app_respond(struct sip_call *c, enum call_event ev, int status, const char *reason,
		       const struct ua_body *body)
{
	c->out_status = status;
	snprintf(c->out_reason, sizeof(c->out_reason), "%s", reason != NULL ? reason : "");
	c->out_body = body;
	call_enter(c);
	call_post(c, ev, NULL);
	call_leave(c);
	c->out_body = NULL;
	return 0;
}

static bool initial_pending(const struct sip_call *c)
{
	return !c->uac && !c->ended && !c->uas_final && c->uas_req != NULL &&
	       (c->state == SIP_CALL_INCOMING || c->state == SIP_CALL_EARLY);
}

int sip_call_ring(struct sip_call *c)
{
	if (!initial_pending(c))
		return EPROTO;
	return app_respond(c, CEV_RING, 180, NULL, NULL);
}

int sip_call_answer(struct sip_call *c, int status, const char *content_type, const void *body,
		    size_t len)
{
	struct ua_body b = { (char *)content_type, (char *)body, len };
	int rc;

	if (status < 200 || status > 299)
		return EINVAL;
	if (initial_pending(c))
		return app_respond(c, CEV_ANSWER, status, NULL, &b);
	if (c->ended || !c->reinvite_in || c->uas_final)
		return EPROTO;
	/* RFC3261 12.2.2: "When a UAS receives a target refresh request, it MUST replace
	 * the dialog's remote target URI" - once it accepts it. */
	(void)sip_dialog_target_refresh(&c->dlg[0], c->uas_req);
	rc = uas_respond(c, status, NULL, &b);
	call_log(c, NET_LOG_INFO, "RFC3261 14.2", "re-INVITE answered %d", status);
	return rc;
}

int sip_call_reject(struct sip_call *c, int status, const char *reason)
{
	int rc;

	if (status < 300 || status > 699)
		return EINVAL;
	if (initial_pending(c))
		return app_respond(c, CEV_REJECT, status, reason, NULL);
	if (c->ended || !c->reinvite_in || c->uas_final)
		return EPROTO;
	/* RFC3261 14.2: "If the new session description is not acceptable, the UAS can
	 * reject it by returning a 488 (Not Acceptable Here) response for the re-INVITE." */
	rc = uas_respond(c, status, reason, NULL);
	c->reinvite_in = false;
	uas_release(c);
	call_log(c, NET_LOG_INFO, "RFC3261 14.2", "re-INVITE refused with %d", status);
	return rc;
}

int uas_hangup(struct sip_call *c)
{
	switch (c->state) {
	case SIP_CALL_INCOMING:
	case SIP_CALL_EARLY:
		/* RFC3261 15: the callee "MUST NOT send a BYE on early dialogs"; declining
		 * is the final response. */
		return app_respond(c, CEV_REJECT, 603, NULL, NULL);
	default:
		return call_hangup_answered(c);
	}
}

/* ---- ACK, CANCEL, timers ------------------------------------------------------------------ */

void uas_on_ack(struct sip_call *c, const struct sip_msg *ack)
{
	if (c->resp2xx == NULL || ack->cseq == NULL || ack->cseq->seq != c->resp2xx->cseq->seq) {
		call_log(c, NET_LOG_DEBUG, "RFC3261 13.3.1.4", "ACK with nothing to acknowledge");
		return;
	}
	if (c->reinvite_in) {
		uas_stop_2xx(c);
		c->reinvite_in = false;
		uas_release(c);
		call_log(c, NET_LOG_INFO, "RFC3261 14.2", "ACK for the re-INVITE's 2xx");
		return;
	}
	call_post(c, CEV_ACK, ack);
}

void uas_on_cancel(struct sip_call *c, const struct sip_msg *cancel)
{
	if (c->uas_final)
		return;  /* RFC3261 9.2: a final response was sent: "the CANCEL has no effect" */
	if (c->reinvite_in) {
		(void)uas_respond(c, 487, NULL, NULL);
		c->reinvite_in = false;
		uas_release(c);
		return;
	}
	/* The 200 to the CANCEL is still queued in its busy transaction; the 487 follows
	 * it at the same instant, from the timer list, as RFC 3665 §3.8 draws it. */
	(void)cancel;
	c->cancelled = true;
	(void)net_timer_start(c->ua->env->timers, &c->t_expires, 0);
}

void uas_t2xx_fired(struct net_timer *t, void *arg)
{
	struct sip_call *c = arg;
	struct sip_ua *ua = c->ua;
	uint64_t limit = 64 * ua_t1(ua);

	(void)t;
	call_enter(c);
	c->t2xx_elapsed += c->t2xx_interval;
	/* RFC3261 13.3.1.4: "If the server retransmits the 2xx response for 64*T1 seconds
	 * without receiving an ACK, the dialog is confirmed, but the session SHOULD be
	 * terminated.  This is accomplished with a BYE" */
	if (c->t2xx_elapsed >= limit) {
		call_log(c, NET_LOG_WARN, "RFC3261 13.3.1.4", "no ACK after %llu ms: BYE",
			 (unsigned long long)(limit / 1000));
		call_set_status(c, 408, "No ACK");
		c->reinvite_in = false;
		uas_release(c);
		call_post(c, CEV_NO_ACK, NULL);
		call_leave(c);
		return;
	}
	if (c->ist != NULL)
		(void)sip_tsx_respond(c->ist, c->resp2xx);
	else
		(void)sip_transport_send_response(ua->tp, c->resp2xx, &c->uas_src);
	c->t2xx_interval = 2 * c->t2xx_interval < ua_t2(ua) ? 2 * c->t2xx_interval : ua_t2(ua);
	/* The last wait ends exactly at 64*T1. */
	if (c->t2xx_interval > limit - c->t2xx_elapsed)
		c->t2xx_interval = limit - c->t2xx_elapsed;
	call_log(c, NET_LOG_INFO, "RFC3261 13.3.1.4", "2xx retransmitted, next in %llu ms",
		 (unsigned long long)(c->t2xx_interval / 1000));
	(void)net_timer_start(ua->env->timers, &c->t2xx, c->t2xx_interval);
	call_leave(c);
}

void uas_expires_fired(struct net_timer *t, void *arg)
{
	struct sip_call *c = arg;

	(void)t;
	call_enter(c);
	if (initial_pending(c))
		call_post(c, c->cancelled ? CEV_CANCEL : CEV_EXPIRED, NULL);
	call_leave(c);
}
