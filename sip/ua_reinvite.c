/* sip/ua_reinvite.c - the re-INVITE both ways (RFC 3261 §14): ours with the full new
 * offer, its ACK and the 491 back-off (§14.1); theirs refused with 500 or 491 while an
 * INVITE is in progress, else handed to the callee's code (§14.2).
 *
 * Glare: both sides send a re-INVITE at once, both get 491, each waits a random time
 * whose range depends on who owns the Call-ID, then tries once more.
 *
 * Leaves out: UPDATE (RFC 3311); the answer itself is sent by ua_uas.c.
 */
#include "sip/ua_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

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

void call_glare_fired(struct net_timer *t, void *arg)
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

/* A re-INVITE that cannot be taken now gets its refusal here; true if it got one. */
static bool reinvite_refused(struct sip_call *c, struct sip_tsx *tsx, const struct sip_msg *req)
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
		return true;
	}
	/* "A UAS that receives an INVITE on a dialog while an INVITE it had sent on that
	 * dialog is in progress MUST return a 491 (Request Pending) response" */
	if (c->reinvite != NULL) {
		call_log(c, NET_LOG_INFO, "RFC3261 14.2", "glare: re-INVITE while ours is pending, 491");
		(void)ua_reply(ua, tsx, req, 491, NULL, SIP_HDR_OTHER, NULL);
		return true;
	}
	return false;
}

void call_on_reinvite(struct sip_call *c, struct sip_tsx *tsx, const struct sip_msg *req,
		      const struct sip_recv_info *from)
{
	struct sip_ua *ua = c->ua;

	if (reinvite_refused(c, tsx, req))
		return;
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
