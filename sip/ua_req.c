/* sip/ua_req.c - client requests of the UA core: one or more client transactions for
 * one request, retried after 401/407 (RFC 3261 §22.2, §22.3, §8.1.3.5) and 3xx
 * (§8.1.3.4), with a timeout read as 408 (§8.1.3.1) and a transport error as 503
 * (§8.1.3.1, §18.4).
 *
 * Each retry is "a new transaction" with "a new sequence number that is one higher
 * than the previous" (§8.1.3.5), so a request keeps a template (no Via, no
 * credentials) and every attempt is a copy of it with the credentials remembered for
 * its Call-ID (sip/auth_client.h) and our Via with a fresh branch (sip/tsx.h).
 *
 * Leaves out: DNS (the next hop must be an IP literal), RFC 3263 failover to the next
 * server, 3xx for requests inside dialogs (reported, not followed).
 */
#include "sip/ua_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void on_tsx_response(void *arg, struct sip_tsx *tsx, const struct sip_msg *resp);
static void on_tsx_timeout(void *arg, struct sip_tsx *tsx);
static void on_tsx_error(void *arg, struct sip_tsx *tsx, int err);
static void on_tsx_terminated(void *arg, struct sip_tsx *tsx);

static void link_req(struct sip_ua *ua, struct sip_ua_request *r)
{
	r->next = ua->reqs;
	if (ua->reqs != NULL)
		ua->reqs->prev = r;
	ua->reqs = r;
	ua->n_reqs++;
}

static void unlink_req(struct sip_ua_request *r)
{
	struct sip_ua *ua = r->ua;

	if (r->prev != NULL)
		r->prev->next = r->next;
	else
		ua->reqs = r->next;
	if (r->next != NULL)
		r->next->prev = r->prev;
	ua->n_reqs--;
}

static void req_free(struct sip_ua_request *r)
{
	unlink_req(r);
	sip_msg_destroy(r->tmpl);
	free(r);
}

/* One attempt: a copy of the template with credentials, in a new transaction. */
static int attempt(struct sip_ua_request *r)
{
	struct sip_ua *ua = r->ua;
	struct ua_attempt *a = &r->att[r->attempts < UA_REQ_ATTEMPTS ? r->attempts : 0];
	const struct sip_tsx_handler h = { on_tsx_response, on_tsx_timeout, on_tsx_error,
					   on_tsx_terminated, a };
	struct sip_msg *m = NULL;
	struct sip_dest dst;
	struct sip_tsx *tsx = NULL;

	if (r->attempts == UA_REQ_ATTEMPTS)
		return ENOBUFS;
	int rc = sip_msg_clone(r->tmpl, &m);

	/* RFC3261 22.3: credentials for the realms challenged before on this Call-ID. */
	if (rc == 0)
		rc = sip_auth_client_authorize(ua->auth, m, NULL);
	/* RFC3261 8.1.2: the top Route (a loose router) or the Request-URI says where. */
	if (rc == 0)
		rc = sip_transport_next_hop(m, &dst);
	if (rc == 0)
		rc = sip_tsx_request(ua->layer, m, &dst, &h, &tsx);
	sip_msg_destroy(m);
	if (rc != 0)
		return rc;
	a->r = r;
	a->tsx = tsx;
	r->attempts++;
	r->current = tsx;
	return 0;
}

int ua_req_start(struct sip_ua *ua, struct sip_msg *req, const struct ua_req_handler *h,
		 struct sip_ua_request **out)
{
	struct sip_ua_request *r;

	*out = NULL;
	if (ua->n_reqs >= SIP_UA_MAX_REQUESTS || (r = calloc(1, sizeof(*r))) == NULL) {
		sip_msg_destroy(req);
		return ua->n_reqs >= SIP_UA_MAX_REQUESTS ? ENOBUFS : ENOMEM;
	}
	r->ua = ua;
	r->tmpl = req;
	if (h != NULL)
		r->h = *h;
	link_req(ua, r);
	int rc = attempt(r);

	if (rc != 0) {
		ua_log(ua, NET_LOG_WARN, "[ua RFC3261 8.1.2] %.*s not sent: %s",
		       (int)req->method_name.len, req->method_name.p, strerror(rc));
		req_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void ua_req_detach(struct sip_ua_request *r)
{
	memset(&r->h, 0, sizeof(r->h));
	r->cb = NULL;
}

int ua_req_cancel(struct sip_ua_request *r)
{
	if (r->current == NULL || r->final)
		return EALREADY;
	return sip_tsx_cancel(r->current, NULL, NULL);
}

const struct sip_msg *ua_req_sent(const struct sip_ua_request *r)
{
	return r->current != NULL ? sip_tsx_request_msg(r->current) : NULL;
}

void ua_req_free_all(struct sip_ua *ua)
{
	static const struct sip_tsx_handler none = { NULL, NULL, NULL, NULL, NULL };

	while (ua->reqs != NULL) {
		struct sip_ua_request *r = ua->reqs;

		for (size_t i = 0; i < r->attempts; i++)
			if (r->att[i].tsx != NULL)
				sip_tsx_set_handler(r->att[i].tsx, &none);
		req_free(r);
	}
}

/* ---- Retries ---------------------------------------------------------------------- */

/* The template for the next attempt: CSeq + 1 (§8.1.3.5, §22.2), then the owner's say. */
static int next_cseq(struct sip_ua_request *r)
{
	struct sip_msg *t = r->tmpl;
	uint32_t seq = t->cseq->seq;
	int rc = sip_msg_hdr_remove_all(t, SIP_HDR_CSEQ) == 1 ? 0 : EINVAL;

	/* RFC3261 8.1.3.5: "the CSeq should contain a new sequence number that is one
	 * higher than the previous." */
	if (rc == 0)
		rc = sip_msg_hdr_addf(t, SIP_HDR_CSEQ, "%lu %.*s", (unsigned long)seq + 1,
				      (int)t->method_name.len, t->method_name.p);
	if (rc == 0 && r->h.on_retry != NULL)
		r->h.on_retry(r->h.owner, r, t);
	return rc;
}

/* Answers a 401/407 with a new attempt.  True when one went out. */
static bool retry_auth(struct sip_ua_request *r, const struct sip_msg *resp)
{
	const struct sip_msg *sent = sip_tsx_request_msg(r->current);
	int rc;

	if (r->auth_tries >= SIP_UA_AUTH_RETRIES) {
		ua_log(r->ua, NET_LOG_WARN, "[ua RFC3261 22.1] %d after %u answered challenges: giving up",
		       resp->status, r->auth_tries);
		return false;
	}
	rc = sip_auth_client_challenge(r->ua->auth, sent, resp);
	if (rc != 0) {
		ua_log(r->ua, NET_LOG_WARN, "[ua RFC3261 22.2] %d not answered: %s", resp->status,
		       rc == EACCES ? "credentials rejected" : rc == ENOENT ? "no credentials for the realm"
									    : "no usable challenge");
		return false;
	}
	r->auth_tries++;
	/* RFC3261 22.2: "When a UAC resubmits a request with its credentials after
	 * receiving a 401 (Unauthorized) or 407 (Proxy Authentication Required) response,
	 * it MUST increment the CSeq header field value" */
	return next_cseq(r) == 0 && attempt(r) == 0;
}

/* §8.1.3.4: the SIP Contacts of a 3xx, best q first, become the targets to try. */
static void take_targets(struct sip_ua_request *r, const struct sip_msg *resp)
{
	r->n_targets = 0;
	for (int q = 1000; q >= -1 && r->n_targets < SIP_UA_REDIRECTS; q--)
		for (const struct sip_addr *a = resp->contact; a != NULL; a = a->next) {
			int aq = a->q < 0 ? 1000 : a->q;  /* no q: as good as 1.0 */

			if (aq != q || a->star || a->uri.scheme != SIP_URI_SIP ||
			    r->n_targets == SIP_UA_REDIRECTS)
				continue;
			if (sip_str_copy(a->uri.text, r->targets[r->n_targets],
					 sizeof(r->targets[0])) == 0)
				r->n_targets++;
		}
}

/* Tries the next 3xx target.  True when an attempt went out. */
static bool retry_target(struct sip_ua_request *r)
{
	while (r->n_targets > 0 && r->redirects < SIP_UA_REDIRECTS) {
		char target[SIP_DIALOG_URI_MAX];

		memcpy(target, r->targets[0], sizeof(target));
		memmove(r->targets[0], r->targets[1], (r->n_targets - 1) * sizeof(r->targets[0]));
		r->n_targets--;
		r->redirects++;
		ua_log(r->ua, NET_LOG_INFO, "[ua RFC3261 8.1.3.4] trying redirect target %s", target);
		/* RFC3261 8.1.3.4: "the client SHOULD ... generate a new request ... with the
		 * Request-URI replaced" by the Contact's URI. */
		struct sip_dest dst;

		/* A target we cannot reach (sips:, SCTP, a host name) is skipped unsent. */
		if (sip_msg_set_ruri(r->tmpl, target) == 0 && sip_transport_next_hop(r->tmpl, &dst) == 0 &&
		    next_cseq(r) == 0 && attempt(r) == 0)
			return true;
	}
	return false;
}

/* A final response of the current attempt: true when a retry consumed it. */
static bool try_again(struct sip_ua_request *r, const struct sip_msg *resp)
{
	if (resp->status == 401 || resp->status == 407)
		return retry_auth(r, resp);
	if (resp->status >= 300 && resp->status < 400 && r->ua->follow_redirects &&
	    (r->tmpl->to == NULL || r->tmpl->to->tag.len == 0))
		take_targets(r, resp);
	if (resp->status >= 300)
		return retry_target(r);
	return false;
}

/* ---- Reporting --------------------------------------------------------------------- */

static void deliver(struct sip_ua_request *r, int status, const struct sip_msg *resp)
{
	bool first_final = status >= 200 && !r->final;

	if (status >= 200)
		r->final = true;
	if (r->h.on_response != NULL)
		r->h.on_response(r->h.owner, r, status, resp);
	else if (resp != NULL && status >= 200 && status < 300 && r->tmpl->method == SIP_METHOD_INVITE)
		ua_on_2xx_again(r->ua, resp);  /* RFC3261 13.2.2.4: every 2xx gets its ACK */
	if (first_final && r->cb != NULL) {
		sip_ua_response_cb cb = r->cb;

		r->cb = NULL;
		cb(r->cb_arg, status, resp);
	}
}

/* The attempt is the last one started and its transaction still lives. */
static bool is_current(const struct ua_attempt *a)
{
	const struct sip_ua_request *r = a->r;

	return a == &r->att[r->attempts - 1] && a->tsx != NULL;
}

static void on_tsx_response(void *arg, struct sip_tsx *tsx, const struct sip_msg *resp)
{
	struct ua_attempt *a = arg;
	struct sip_ua_request *r = a->r;

	(void)tsx;
	if (!is_current(a))
		return;  /* an attempt we have moved on from */
	if (resp->status >= 200 && !r->final && try_again(r, resp))
		return;
	deliver(r, resp->status, resp);
}

static void on_tsx_timeout(void *arg, struct sip_tsx *tsx)
{
	struct ua_attempt *a = arg;

	(void)tsx;
	/* RFC3261 8.1.3.1: "If the client transaction returns a timeout ... the UAC
	 * MUST treat this as a 408 (Request Timeout) response." */
	if (is_current(a) && !a->r->final)
		deliver(a->r, 408, NULL);
}

static void on_tsx_error(void *arg, struct sip_tsx *tsx, int err)
{
	struct ua_attempt *a = arg;

	(void)tsx;
	/* RFC3261 8.1.3.1: "a transport error ... the UAC MUST treat it as a 503
	 * (Service Unavailable) status code." */
	ua_log(a->r->ua, NET_LOG_WARN, "[ua RFC3261 8.1.3.1] transport error: %s", strerror(err));
	if (is_current(a) && !a->r->final)
		deliver(a->r, 503, NULL);
}

static void on_tsx_terminated(void *arg, struct sip_tsx *tsx)
{
	struct ua_attempt *a = arg;
	struct sip_ua_request *r = a->r;
	bool alive = false;

	(void)tsx;
	if (is_current(a))
		r->current = NULL;
	a->tsx = NULL;
	for (size_t i = 0; i < r->attempts; i++)
		alive |= r->att[i].tsx != NULL;
	if (alive || r->ending)
		return;
	/* Terminated without a final response (should not happen): report a timeout. */
	if (!r->final)
		deliver(r, 408, NULL);
	r->ending = true;
	if (r->h.on_end != NULL)
		r->h.on_end(r->h.owner, r);
	req_free(r);
}
