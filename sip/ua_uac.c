/* sip/ua_uac.c - the caller's side of a call (RFC 3261 §13.2, §9.1, §12.1.2, §17.1.1.3's
 * note on 2xx): the initial INVITE, early dialogs from 1xx (one per fork), the ACK the
 * UA core - not the transaction - sends for every 2xx (§13.2.2.4), forks ended with a
 * BYE, CANCEL after a provisional response (§9.1).
 *
 * Leaves out: the INVITE's Expires (§13.2.1 MAY), answering offers that arrive in a
 * 2xx beyond sip_call_set_ack_body, PRACK.
 */
#include "sip/ua_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void uac_act_early(struct sip_call *c, const struct sip_msg *msg);
void uac_act_accepted(struct sip_call *c, const struct sip_msg *msg);

/* ---- The INVITE ----------------------------------------------------------------------- */

static int build_invite(struct sip_call *c, const char *target, const char *content_type,
			const void *body, size_t len, struct sip_msg **out)
{
	struct sip_ua *ua = c->ua;
	struct sip_msg *m = NULL;
	int rc = sip_msg_create_request("INVITE", target, &m);

	/* RFC3261 8.1.1: To, From with a tag (8.1.1.3), Call-ID (8.1.1.4), CSeq
	 * (8.1.1.5), Max-Forwards (8.1.1.6), Via (the transaction's), Contact (8.1.1.8:
	 * "The Contact header field MUST be present and contain exactly one SIP or SIPS
	 * URI in any request that can result in the establishment of a dialog"). */
	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_TO, "<%s>", target);
	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_FROM, "%s;tag=%s", ua->from, c->local_tag);
	if (rc == 0)
		rc = sip_msg_hdr_add(m, SIP_HDR_CALL_ID, c->call_id);
	if (rc == 0)
		rc = sip_msg_hdr_add(m, SIP_HDR_CSEQ, "1 INVITE");
	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_CONTACT, "<%s>", ua->contact);
	/* RFC3261 13.2.1: "An Allow header field (Section 20.5) SHOULD be present in the
	 * INVITE." */
	if (rc == 0)
		rc = sip_msg_hdr_add(m, SIP_HDR_ALLOW, SIP_UA_ALLOW);
	if (rc == 0 && content_type != NULL)
		rc = sip_msg_set_body(m, content_type, body, len);
	if (rc == 0)
		rc = ua_decorate(ua, m, false);
	if (rc != 0) {
		sip_msg_destroy(m);
		return rc;
	}
	*out = m;
	return 0;
}

int sip_ua_call(struct sip_ua *ua, const char *target, const char *content_type, const void *body,
		size_t len, void *user, struct sip_call **out)
{
	/* No on_end: the call lets go of the INVITE at its final response. */
	const struct ua_req_handler h = { uac_on_response, NULL, NULL, NULL };
	struct ua_req_handler hc = h;
	struct sip_msg *inv = NULL;
	struct sip_uri u;
	struct sip_call *c;
	int rc;

	*out = NULL;
	if (target == NULL || sip_uri_parse(&u, target, strlen(target), NULL) != 0 ||
	    u.scheme != SIP_URI_SIP)
		return EINVAL;
	if (ua->n_calls >= SIP_UA_MAX_CALLS)
		return ENOBUFS;
	c = call_new(ua, true);
	if (c == NULL)
		return ENOMEM;
	c->user = user;
	sip_ua_token(ua, c->local_tag, UA_TAG_LEN);
	sip_ua_token(ua, c->call_id, UA_CALL_ID_LEN);
	hc.owner = c;
	rc = build_invite(c, target, content_type, body, len, &inv);
	if (rc == 0)
		rc = ua_req_start(ua, inv, &hc, &c->invite);
	if (rc != 0) {
		c->ended = true;  /* never reported: freed at once */
		call_enter(c);
		call_leave(c);
		return rc;
	}
	*out = c;
	call_enter(c);
	call_post(c, CEV_INVITE_SENT, NULL);
	call_leave(c);
	return 0;
}

/* ---- Responses ------------------------------------------------------------------------ */

/* Keeps the INVITE as it went out (its CSeq after retries, its credentials). */
static void keep_sent(struct sip_call *c, const struct sip_msg *sent, const struct sip_msg *resp)
{
	struct sip_msg *copy = NULL;

	if (sent == NULL || (c->invite_sent != NULL && c->invite_sent->cseq->seq == resp->cseq->seq))
		return;
	if (sip_msg_clone(sent, &copy) == 0) {
		sip_msg_destroy(c->invite_sent);
		c->invite_sent = copy;
	}
}

/* Calling/Early -(1xx)-> Early: the early dialog of this fork. */
void uac_act_early(struct sip_call *c, const struct sip_msg *msg)
{
	/* RFC3261 13.2.2.1: "If a provisional response has a tag in the To field, and if
	 * the dialog ID of the response does not match an existing dialog, one is
	 * constructed using the procedures defined in Section 12.1.2." */
	if (call_dialog_for(c, msg) != NULL || c->invite_sent == NULL)
		return;
	if (c->n_dlg == SIP_UA_FORKS) {
		call_log(c, NET_LOG_WARN, "RFC3261 13.2.2.1", "more than %d early dialogs: ignored",
			 SIP_UA_FORKS);
		return;
	}
	if (sip_dialog_create_uac(&c->dlg[c->n_dlg], c->invite_sent, msg, c->ua->contact) == 0)
		c->n_dlg++;
}

/* Calling/Early -(2xx)-> Connecting: the dialog of this 2xx, confirmed. */
void uac_act_accepted(struct sip_call *c, const struct sip_msg *msg)
{
	struct sip_dialog *d = call_dialog_for(c, msg);
	struct sip_dialog fresh;
	int rc;

	/* RFC3261 13.2.2.4: "If the dialog identifier in the 2xx response matches the
	 * dialog identifier of an existing dialog, the dialog MUST be transitioned to the
	 * "confirmed" state ... Otherwise, a new dialog in the "confirmed" state MUST be
	 * constructed using the procedures of Section 12.1.2." */
	if (d != NULL) {
		rc = sip_dialog_confirm(d, msg);
		fresh = *d;
	} else {
		rc = sip_dialog_create_uac(&fresh, c->invite_sent, msg, c->ua->contact);
	}
	if (rc != 0) {
		call_log(c, NET_LOG_ERROR, "RFC3261 12.1.2", "no dialog from the 2xx: %s", strerror(rc));
		return;
	}
	/* "At this point all the early dialogs that have not transitioned to established
	 * dialogs are terminated" (we keep only the confirmed one). */
	c->dlg[0] = fresh;
	c->n_dlg = 1;
	c->confirmed = true;
}

static void reason_of(struct sip_call *c, int status, const struct sip_msg *resp)
{
	char reason[UA_REASON_MAX];

	if (resp != NULL && resp->reason.len > 0 &&
	    sip_str_copy(resp->reason, reason, sizeof(reason)) == 0)
		call_set_status(c, status, reason);
	else
		call_set_status(c, status, NULL);
}

/* The first 2xx: dialog, CONNECTING, the ACK, CONFIRMED. */
static void first_2xx(struct sip_call *c, struct sip_ua_request *r, const struct sip_msg *resp)
{
	/* Further 2xx for this INVITE come through ua_on_2xx_again. */
	c->invite = NULL;
	ua_req_detach(r);
	reason_of(c, resp->status, resp);
	call_post(c, CEV_2XX, resp);
	if (c->state != SIP_CALL_CONNECTING || !c->confirmed)
		return;
	/* RFC3261 13.2.2.4: "The UAC core MUST generate an ACK request for each 2xx
	 * received from the transaction layer." */
	if (uac_send_ack(c, &c->dlg[0], resp->cseq->seq, c->invite_sent) == 0)
		call_post(c, CEV_ACK_SENT, NULL);
}

void uac_on_response(void *owner, struct sip_ua_request *r, int status, const struct sip_msg *resp)
{
	struct sip_call *c = owner;

	call_enter(c);
	if (resp != NULL && status > 100)
		keep_sent(c, ua_req_sent(r), resp);
	if (status < 200) {
		if (resp != NULL && resp->to != NULL && resp->to->tag.len > 0)
			call_post(c, CEV_1XX, resp);
		/* RFC3261 9.1: the CANCEL waited for "the arrival of a provisional response". */
		if (c->cancel_pending) {
			c->cancel_pending = false;
			(void)uac_hangup(c);
		}
	} else if (status < 300 && resp != NULL) {
		if (c->confirmed)
			uac_on_2xx_again(c, resp);
		else
			first_2xx(c, r, resp);
	} else {
		/* RFC3261 13.2.2.3: "All early dialogs are considered terminated upon
		 * reception of the non-2xx final response." */
		c->invite = NULL;
		ua_req_detach(r);
		c->n_dlg = 0;
		reason_of(c, status, resp);
		call_post(c, CEV_FAILURE, resp);
	}
	call_leave(c);
}

/* ---- ACK for 2xx (§13.2.2.4) ---------------------------------------------------------- */

/* The ACK's rows beyond the dialog's: "The ACK MUST contain the same credentials as the
 * INVITE", and a body when the application answers an offer made in the 2xx. */
static int ack_extras(struct sip_call *c, struct sip_msg *ack, const struct sip_msg *invite,
		      bool with_body)
{
	int rc = 0;

	if (invite != NULL && invite->rows[SIP_HDR_AUTHORIZATION] > 0)
		rc = sip_msg_hdr_copy(ack, invite, SIP_HDR_AUTHORIZATION);
	if (rc == 0 && invite != NULL && invite->rows[SIP_HDR_PROXY_AUTHORIZATION] > 0)
		rc = sip_msg_hdr_copy(ack, invite, SIP_HDR_PROXY_AUTHORIZATION);
	if (rc == 0 && with_body)
		rc = body_set(ack, &c->ack_body);
	if (rc == 0)
		rc = ua_decorate(c->ua, ack, true);
	return rc;
}

int uac_send_ack(struct sip_call *c, struct sip_dialog *d, uint32_t seq, const struct sip_msg *invite)
{
	struct sip_transport *tp = c->ua->tp;
	bool cached = d == &c->dlg[0];
	struct sip_msg *ack = NULL;
	struct sip_dest dst;
	int rc;

	/* RFC3261 13.2.2.4: "The ACK MUST be passed to the client transport every time a
	 * retransmission of the 2xx final response that triggered the ACK arrives." */
	if (cached && c->ack != NULL && c->ack_seq == seq) {
		call_log(c, NET_LOG_INFO, "RFC3261 13.2.2.4", "2xx retransmission: ACK sent again");
		dst = c->ack_dest;
		return sip_transport_send_request(tp, c->ack, &dst);
	}
	rc = sip_dialog_ack(d, seq, &ack);
	if (rc == 0)
		rc = ack_extras(c, ack, invite, cached && c->state == SIP_CALL_CONNECTING);
	/* "the request is passed to the transport layer directly for transmission, rather
	 * than a client transaction" - with our Via and a branch of its own. */
	if (rc == 0)
		rc = sip_transport_next_hop(ack, &dst);
	if (rc == 0)
		rc = sip_transport_via_push(tp, ack, dst.proto, NULL);
	if (rc == 0)
		rc = sip_transport_send_request(tp, ack, &dst);
	call_log(c, rc == 0 ? NET_LOG_INFO : NET_LOG_ERROR, "RFC3261 13.2.2.4", "ACK CSeq %lu %s",
		 (unsigned long)seq, rc == 0 ? "sent" : strerror(rc));
	if (rc == 0 && cached) {
		sip_msg_destroy(c->ack);
		c->ack = ack;
		c->ack_dest = dst;
		c->ack_seq = seq;
		return 0;
	}
	sip_msg_destroy(ack);
	return rc;
}

static bool fork_killed(const struct sip_call *c, struct sip_str tag)
{
	for (size_t i = 0; i < c->n_killed; i++)
		if (sip_str_eq_c(tag, c->killed[i]))
			return true;
	return false;
}

void uac_on_2xx_again(struct sip_call *c, const struct sip_msg *resp)
{
	struct sip_dialog *d = call_dialog_for(c, resp);
	struct sip_dialog other;

	if (d != NULL && c->confirmed && d == &c->dlg[0]) {
		(void)uac_send_ack(c, d, resp->cseq->seq, c->invite_sent);
		return;
	}
	/* RFC3261 13.2.2.4: "If, after acknowledging any 2xx response to an INVITE, the UAC
	 * does not want to continue with that dialog, then the UAC MUST terminate the
	 * dialog by sending a BYE request" - a second fork answered. */
	if (c->invite_sent == NULL ||
	    sip_dialog_create_uac(&other, c->invite_sent, resp, c->ua->contact) != 0)
		return;
	(void)uac_send_ack(c, &other, resp->cseq->seq, c->invite_sent);
	if (fork_killed(c, resp->to->tag) || c->n_killed == SIP_UA_FORKS)
		return;
	call_log(c, NET_LOG_INFO, "RFC3261 13.2.2.4", "2xx from another fork (tag %s): ACK and BYE",
		 other.remote_tag);
	(void)sip_str_copy(resp->to->tag, c->killed[c->n_killed++], sizeof(c->killed[0]));
	call_send_bye(c, &other);
}

/* ---- Hanging up ------------------------------------------------------------------------ */

int uac_hangup(struct sip_call *c)
{
	int rc;

	switch (c->state) {
	case SIP_CALL_CALLING:
	case SIP_CALL_EARLY:
		c->hangup_pending = true;  /* a 2xx crossing our CANCEL gets a BYE */
		rc = c->invite != NULL ? ua_req_cancel(c->invite) : EALREADY;
		/* RFC3261 9.1: "If no provisional response has been received, the CANCEL
		 * request MUST NOT be sent; rather, the client MUST wait for the arrival of a
		 * provisional response before sending the request." */
		if (rc == EAGAIN) {
			c->cancel_pending = true;
			call_log(c, NET_LOG_INFO, "RFC3261 9.1", "CANCEL waits for a provisional response");
			return 0;
		}
		if (rc == 0) {
			call_log(c, NET_LOG_INFO, "RFC3261 9.1", "CANCEL sent");
			(void)net_timer_start(c->ua->env->timers, &c->t_cancel, 64 * ua_t1(c->ua));
		}
		return 0;
	default:
		return call_hangup_answered(c);
	}
}

/* §9.1: "If there is no final response for the original request in 64*T1 seconds ...
 * the client SHOULD then consider the original transaction cancelled" */
void uac_cancel_fired(struct net_timer *t, void *arg)
{
	struct sip_call *c = arg;

	(void)t;
	call_enter(c);
	if (c->state == SIP_CALL_CALLING || c->state == SIP_CALL_EARLY) {
		if (c->invite != NULL)
			ua_req_detach(c->invite);
		c->invite = NULL;
		call_set_status(c, 487, NULL);
		call_post(c, CEV_FAILURE, NULL);
	}
	call_leave(c);
}
