/* sip/proxy_ctx.c - the response context of a proxied request: RFC 3261 §16.6
 * steps 10-11 (one client transaction and Timer C per target), §16.7 response
 * processing with RFC 6026's changes, §16.8 Timer C, §16.9 transport errors and the
 * CANCELs of §16.7 step 10 and §16.10.
 *
 *   server transaction ◄── 1xx (not 100), every 2xx: at once ──┬── branch 1 (ICT/NICT)
 *   (st)                ◄── best final when all branches are    ├── branch 2
 *                           final (§16.7 step 6)                └── ...
 *
 * A branch is "final" when its client transaction handed up a final response, or
 * when the proxy decided one for it: 408 on timeout or Timer C (§16.6 step 7, §16.8),
 * 503 on a transport error (§16.9).  The best response is chosen once every branch
 * is final: any 6xx, else the lowest class, 401/407/415/420/484 first within 4xx,
 * 503 last within 5xx and a lone 503 sent as 500; 401/407 challenges of all branches
 * are merged into it (§16.7 step 7).
 *
 * The context lives until its server transaction and every client transaction have
 * terminated (§16.7 step 9: "The proxy MUST maintain the response context until all
 * of its associated transactions have been terminated").  Callbacks may re-enter
 * (a response sent can end the server transaction at once): every entry point counts
 * itself in `busy` and the context is freed only when the count is back to zero.
 *
 * Leaves out: see sip/proxy.h.
 */
#include "sip/proxy_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void ctx_check(struct proxy_ctx *c);

/* The CANCELs we send need no callbacks: their 200 ends them, a failure changes
 * nothing (the INVITE branch still ends by its own final response or Timer C). */
static const struct sip_tsx_handler cancel_handler = { NULL, NULL, NULL, NULL, NULL };

static void enter(struct proxy_ctx *c)
{
	c->busy++;
}

static void leave(struct proxy_ctx *c)
{
	c->busy--;
	ctx_check(c);
}

static const char *method_of(const struct proxy_ctx *c)
{
	return c->invite ? "INVITE" : "request";
}

/* ---- Sending upstream ----------------------------------------------------------------- */

/* A copy of a downstream response with our Via removed; NULL when none is left (the
 * response was for us) or on ENOMEM. */
static struct sip_msg *pop_via(const struct sip_msg *resp)
{
	struct sip_msg *m = NULL;

	/* RFC3261 16.7 step 3: "The proxy removes the topmost Via header field value from
	 * the response.  If no Via header field values remain in the response, the
	 * response was meant for this element and MUST NOT be forwarded." */
	if (sip_msg_clone(resp, &m) != 0)
		return NULL;
	if (sip_msg_via_pop(m) != 0 || m->via == NULL) {
		sip_msg_destroy(m);
		return NULL;
	}
	return m;
}

static void forward(struct proxy_ctx *c, const struct sip_msg *resp)
{
	const struct net_log *log = proxy_log(c->p);

	/* RFC6026 8.3: "If the server transaction is no longer available to handle the
	 * transmission, the response is simply discarded." */
	if (c->st == NULL) {
		net_log_printf(log, NET_LOG_INFO, PROXY_LAYER,
			       "[proxy RFC6026 8.3] %d for a finished server transaction: discarded",
			       resp->status);
		return;
	}
	/* RFC3261 16.7 step 9: "The proxy MUST pass the response to the server transaction
	 * associated with the response context." */
	int rc = sip_tsx_respond(c->st, resp);

	net_log_printf(log, rc == 0 ? NET_LOG_INFO : NET_LOG_WARN, PROXY_LAYER,
		       "[proxy RFC3261 16.7] %d %.*s forwarded upstream%s", resp->status,
		       (int)resp->reason.len, resp->reason.p, rc == 0 ? "" : " (refused)");
}

/* A response of the proxy's own to the request of the context. */
static struct sip_msg *own_response(struct proxy_ctx *c, int status)
{
	struct sip_msg *m = NULL;
	char tag[PROXY_TAG_LEN + 1];

	net_rand_token(sip_transport_env(c->p->tp)->rand, tag, PROXY_TAG_LEN);
	return sip_msg_create_response(c->req, status, NULL, tag, &m) == 0 ? m : NULL;
}

/* ---- Choosing the best response (§16.7 step 6) ----------------------------------------- */

/* Lower is better. */
static int rank(int status)
{
	/* RFC3261 16.7 step 6: "It MUST choose from the 6xx class responses if any exist
	 * in the context.  If no 6xx class responses are present, the proxy SHOULD choose
	 * from the lowest response class stored in the response context. ... The proxy
	 * SHOULD give preference to responses that provide information affecting
	 * resubmission of this request, such as 401, 407, 415, 420, and 484 if the 4xx
	 * class is chosen." */
	int r = status / 100 * 10;

	if (status >= 600)
		return 0;
	if (status == 401 || status == 407 || status == 415 || status == 420 || status == 484)
		return r;
	/* "A proxy which receives a 503 (Service Unavailable) response SHOULD NOT forward
	 * it upstream unless it can determine that any subsequent requests it might proxy
	 * will also generate a 503." */
	return status == 503 ? r + 2 : r + 1;
}

/* RFC3261 16.7 step 7: "the proxy MUST collect any WWW-Authenticate and
 * Proxy-Authenticate header field values from all other 401 (Unauthorized) and 407
 * (Proxy Authentication Required) responses received so far in this response context
 * and add them to this response without modification before forwarding." */
static void aggregate_challenges(struct proxy_ctx *c, struct sip_msg *out,
				 const struct proxy_branch *best)
{
	for (size_t i = 0; i < c->nb; i++) {
		const struct sip_msg *r = c->b[i].resp;

		if (&c->b[i] == best || r == NULL || (r->status != 401 && r->status != 407))
			continue;
		(void)sip_msg_hdr_copy(out, r, SIP_HDR_WWW_AUTHENTICATE);
		(void)sip_msg_hdr_copy(out, r, SIP_HDR_PROXY_AUTHENTICATE);
	}
}

static void send_best(struct proxy_ctx *c)
{
	const struct proxy_branch *best = NULL;
	struct sip_msg *out = NULL;

	for (size_t i = 0; i < c->nb; i++)
		if (c->b[i].resp != NULL &&
		    (best == NULL || rank(c->b[i].resp->status) < rank(best->resp->status)))
			best = &c->b[i];
	/* "If there are no final responses in the context, the proxy MUST send a 408
	 * (Request Timeout) response to the server transaction." ... "If the only
	 * response that was received is a 503, the proxy SHOULD generate a 500 response
	 * and forward that upstream." */
	if (best == NULL)
		out = own_response(c, 408);
	else if (best->resp->status == 503)
		out = own_response(c, 500);
	else if (sip_msg_clone(best->resp, &out) != 0)
		out = NULL;
	if (out == NULL)
		return;
	if (out->status == 401 || out->status == 407)
		aggregate_challenges(c, out, best);
	net_log_printf(proxy_log(c->p), NET_LOG_INFO, PROXY_LAYER,
		       "[proxy RFC3261 16.7 step 6] every branch of the %s answered: best is %d",
		       method_of(c), out->status);
	c->final_sent = true;
	forward(c, out);
	sip_msg_destroy(out);
}

/* ---- The life of the context ------------------------------------------------------------ */

static bool all_final(const struct proxy_ctx *c)
{
	for (size_t i = 0; i < c->nb; i++)
		if (c->b[i].status == 0)
			return false;
	return c->nb > 0;
}

static bool alive(const struct proxy_ctx *c)
{
	if (c->st != NULL)
		return true;
	for (size_t i = 0; i < c->nb; i++)
		if (c->b[i].ct != NULL || net_timer_is_armed(&c->b[i].timer_c))
			return true;
	return false;
}

static void ctx_free(struct proxy_ctx *c)
{
	struct sip_proxy *p = c->p;
	struct net_timer_list *tl = sip_transport_env(p->tp)->timers;

	for (struct proxy_ctx **pp = &p->ctxs; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	for (size_t i = 0; i < c->nb; i++) {
		net_timer_stop(tl, &c->b[i].timer_c);
		sip_msg_destroy(c->b[i].resp);
	}
	p->ctx_count--;
	free(c->b);
	sip_msg_destroy(c->req);
	free(c);
}

static void ctx_check(struct proxy_ctx *c)
{
	if (c->busy > 0)
		return;
	/* RFC3261 16.7: "If no final response has been forwarded after every client
	 * transaction associated with the response context has been terminated, the
	 * proxy must choose and forward the "best" response from those it has seen so
	 * far."  DEVIATION: a branch counts once its final response is in (Completed or
	 * Accepted), not when its transaction is destroyed: over UDP that is Timer D
	 * (32 s) later and would hold the caller's answer for nothing. */
	if (!c->final_sent && all_final(c)) {
		c->busy++;
		send_best(c);
		c->busy--;
	}
	if (!alive(c))
		ctx_free(c);
}

void proxy_ctx_free_all(struct sip_proxy *p)
{
	while (p->ctxs != NULL)
		ctx_free(p->ctxs);
}

struct proxy_ctx *proxy_ctx_find(const struct sip_proxy *p, const struct sip_tsx *st)
{
	for (struct proxy_ctx *c = p->ctxs; c != NULL; c = c->next)
		if (c->st == st)
			return c;
	return NULL;
}

/* ---- Branches ---------------------------------------------------------------------------- */

static void timer_c_start(struct proxy_branch *b)
{
	struct sip_proxy *p = b->ctx->p;

	(void)net_timer_start(sip_transport_env(p->tp)->timers, &b->timer_c, p->cfg.timer_c_us);
}

static void timer_c_stop(struct proxy_branch *b)
{
	net_timer_stop(sip_transport_env(b->ctx->p->tp)->timers, &b->timer_c);
}

/* The branch's final response is one the proxy decided (§16.6 step 7, §16.8, §16.9). */
static void branch_final_own(struct proxy_branch *b, int status, const char *why)
{
	struct proxy_ctx *c = b->ctx;

	if (b->status != 0)
		return;
	b->status = status;
	b->resp = own_response(c, status);
	timer_c_stop(b);
	proxy_journal_status(c->p, b->journal_seq, status);
	net_log_printf(proxy_log(c->p), NET_LOG_INFO, PROXY_LAYER,
		       "[proxy %s] branch %s to %s: counts as %d", why,
		       b->branch[0] != '\0' ? b->branch : "(not sent)", b->target, status);
}

/* Journals a request a client transaction sent; returns the record's seq. */
static uint64_t journal_sent(struct proxy_ctx *c, const struct sip_tsx *tsx)
{
	char upstream[PROXY_BRANCH_SIZE] = "";

	if (c->req->via != NULL)
		(void)sip_str_copy(c->req->via->branch, upstream, sizeof(upstream));
	return proxy_journal_add(c->p, sip_tsx_request_msg(tsx), upstream, sip_tsx_branch(tsx),
				 sip_tsx_dest(tsx), false);
}

static void branch_cancel(struct proxy_branch *b)
{
	struct sip_proxy *p = b->ctx->p;
	struct sip_tsx *nict = NULL;

	if (b->ct == NULL || b->status != 0 || b->cancel_sent)
		return;
	int rc = sip_tsx_cancel(b->ct, &cancel_handler, &nict);

	/* RFC3261 9.1: "If no provisional response has been received, the CANCEL request
	 * MUST NOT be sent; rather, the client MUST wait for the arrival of a provisional
	 * response before sending the request." */
	if (rc == EAGAIN) {
		b->cancel_wanted = true;
		return;
	}
	b->cancel_wanted = false;
	if (rc != 0 || nict == NULL)
		return;
	b->cancel_sent = true;
	journal_sent(b->ctx, nict);
	/* §16.8: "reset the timer with any value it chooses": if the CANCEL goes unanswered
	 * too, the next firing gives up with a 408. */
	if (b->ctx->invite)
		timer_c_start(b);
	net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
		       "[proxy RFC3261 9.1] CANCEL sent on branch %s", b->branch);
}

void proxy_ctx_cancel_all(struct proxy_ctx *c)
{
	/* RFC3261 16.7 step 5 for a 6xx: "it MUST NOT create any new branches in this
	 * context" - this proxy never adds branches after the first ones. */
	enter(c);
	for (size_t i = 0; i < c->nb; i++)
		branch_cancel(&c->b[i]);
	leave(c);
}

/* ---- What the client transactions report -------------------------------------------------- */

static void on_provisional(struct proxy_branch *b, const struct sip_msg *resp)
{
	struct proxy_ctx *c = b->ctx;

	b->provisional = true;
	/* RFC3261 16.7 step 2: "For an INVITE transaction, if the response is a provisional
	 * response with status codes 101 to 199 inclusive (i.e., anything but 100), the
	 * proxy MUST reset timer C for that client transaction." */
	if (c->invite && resp->status > 100 && b->status == 0 && !b->cancel_sent)
		timer_c_start(b);
	if (b->cancel_wanted)
		branch_cancel(b);
	/* RFC3261 16.7 step 5: "a stateful proxy MUST NOT forward any 100 (Trying)
	 * response."  Until a final response is sent: "Any provisional response other
	 * than 100 (Trying)" is forwarded at once. */
	if (resp->status == 100) {
		net_log_printf(proxy_log(c->p), NET_LOG_INFO, PROXY_LAYER,
			       "[proxy RFC3261 16.7 step 5] 100 Trying on branch %s absorbed "
			       "(hop by hop)", b->branch);
		return;
	}
	if (c->final_sent)
		return;
	struct sip_msg *m = pop_via(resp);

	if (m != NULL)
		forward(c, m);
	sip_msg_destroy(m);
}

static void on_2xx(struct proxy_branch *b, const struct sip_msg *resp)
{
	struct proxy_ctx *c = b->ctx;

	if (b->status == 0) {
		b->status = resp->status;
		proxy_journal_status(c->p, b->journal_seq, resp->status);
	}
	timer_c_stop(b);
	/* RFC3261 16.7 step 5: after a final response "the following responses MUST be
	 * forwarded immediately: Any 2xx response to an INVITE request"; RFC6026 8.4: "A
	 * proxy core will always forward the 2xx response upstream." */
	if (c->invite || !c->final_sent) {
		struct sip_msg *m = pop_via(resp);

		c->final_sent = true;
		if (m != NULL)
			forward(c, m);
		sip_msg_destroy(m);
	}
	/* RFC3261 16.7 step 10: "If the forwarded response was a final response, the
	 * proxy MUST generate a CANCEL request for all pending client transactions
	 * associated with this response context." */
	proxy_ctx_cancel_all(c);
}

static void on_final(struct proxy_branch *b, const struct sip_msg *resp)
{
	struct proxy_ctx *c = b->ctx;

	if (resp->status < 300) {
		on_2xx(b, resp);
		return;
	}
	if (b->status != 0)
		return;  /* Timer C already decided this branch */
	b->status = resp->status;
	timer_c_stop(b);
	proxy_journal_status(c->p, b->journal_seq, resp->status);
	/* RFC3261 16.7 step 4: "Final responses received are stored in the response
	 * context until a final response is generated on the server transaction" */
	b->resp = pop_via(resp);
	if (resp->status >= 600 && !c->final_sent) {
		/* RFC3261 16.7 step 5: "If a 6xx response is received, it is not immediately
		 * forwarded, but the stateful proxy SHOULD cancel all client pending
		 * transactions as described in Section 10, and it MUST NOT create any new
		 * branches in this context." */
		net_log_printf(proxy_log(c->p), NET_LOG_INFO, PROXY_LAYER,
			       "[proxy RFC3261 16.7 step 5] %d on branch %s: CANCEL the others, "
			       "forward it when all have answered", resp->status, b->branch);
		proxy_ctx_cancel_all(c);
	}
}

static void on_response(void *arg, struct sip_tsx *tsx, const struct sip_msg *resp)
{
	struct proxy_branch *b = arg;

	(void)tsx;
	enter(b->ctx);
	if (resp->status < 200)
		on_provisional(b, resp);
	else
		on_final(b, resp);
	leave(b->ctx);
}

static void on_timeout(void *arg, struct sip_tsx *tsx)
{
	struct proxy_branch *b = arg;

	(void)tsx;
	enter(b->ctx);
	/* RFC3261 16.6 step 7: "If the client transaction reports failure to send the
	 * request or a timeout from its state machine ... acts as if this element of the
	 * target set returned a 408 (Request Timeout) final response." */
	branch_final_own(b, 408, "RFC3261 16.6 step 7 timeout");
	leave(b->ctx);
}

static void on_transport_error(void *arg, struct sip_tsx *tsx, int err)
{
	struct proxy_branch *b = arg;

	(void)tsx;
	(void)err;
	enter(b->ctx);
	/* RFC3261 16.9: "If the transport layer notifies a proxy of an error when it tries
	 * to forward a request (see Section 18.4), the proxy MUST behave as if the
	 * forwarded request received a 503 (Service Unavailable) response." */
	branch_final_own(b, 503, "RFC3261 16.9 transport error");
	leave(b->ctx);
}

static void on_client_terminated(void *arg, struct sip_tsx *tsx)
{
	struct proxy_branch *b = arg;

	(void)tsx;
	enter(b->ctx);
	b->ct = NULL;
	branch_final_own(b, 408, "RFC3261 16.6 step 7 transaction ended");
	timer_c_stop(b);
	leave(b->ctx);
}

static void timer_c_fired(struct net_timer *t, void *arg)
{
	struct proxy_branch *b = arg;

	(void)t;
	if (b->status != 0)
		return;
	enter(b->ctx);
	/* RFC3261 16.8: "If the client transaction has received a provisional response,
	 * the proxy MUST generate a CANCEL request matching that transaction.  If the
	 * client transaction has not received a provisional response, the proxy MUST
	 * behave as if the transaction received a 408 (Request Timeout) response." */
	if (b->provisional && !b->cancel_sent) {
		net_log_printf(proxy_log(b->ctx->p), NET_LOG_INFO, PROXY_LAYER,
			       "[proxy RFC3261 16.8] Timer C fired on branch %s: CANCEL", b->branch);
		branch_cancel(b);
	} else {
		branch_final_own(b, 408, "RFC3261 16.8 Timer C");
	}
	leave(b->ctx);
}

/* ---- What the server transaction reports ------------------------------------------------- */

static void on_server_terminated(void *arg, struct sip_tsx *tsx)
{
	struct proxy_ctx *c = arg;

	(void)tsx;
	enter(c);
	c->st = NULL;
	leave(c);
}

static void on_server_error(void *arg, struct sip_tsx *tsx, int err)
{
	struct proxy_ctx *c = arg;

	(void)tsx;
	/* RFC3261 16.9: "If the proxy is notified of an error when forwarding a response,
	 * it drops the response.  The proxy SHOULD NOT cancel any outstanding client
	 * transactions associated with this response context due to this notification." */
	net_log_printf(proxy_log(c->p), NET_LOG_WARN, PROXY_LAYER,
		       "[proxy RFC3261 16.9] a response upstream could not be sent (%d): dropped",
		       err);
}

/* ---- Starting (§16.6 steps 10, 11) --------------------------------------------------------- */

static void branch_start(struct proxy_ctx *c, const struct proxy_target *t)
{
	struct proxy_branch *b = &c->b[c->nb++];
	struct sip_msg *copy = NULL;
	struct sip_dest dst;
	const struct sip_tsx_handler h = { on_response, on_timeout, on_transport_error,
					   on_client_terminated, b };

	b->ctx = c;
	net_timer_init(&b->timer_c, timer_c_fired, b);
	memcpy(b->target, t->uri, sizeof(b->target));
	int rc = proxy_copy_for_target(c->p, c->req, c->in_proto, t, &copy, &dst);

	if (rc == 0) {
		proxy_loop_hash(c->req, c->req->via, b->loop_hash);
		/* RFC3261 16.6 step 10: "A stateful proxy MUST create a new client transaction
		 * for this request as described in Section 17.1" */
		rc = sip_tsx_request(c->p->layer, copy, &dst, &h, &b->ct);
		sip_msg_destroy(copy);
	}
	if (rc != 0) {
		branch_final_own(b, rc == EHOSTUNREACH || rc == EPROTONOSUPPORT ? 408 : 503,
				 "RFC3261 16.6 step 7 no next hop");
		return;
	}
	(void)sip_str_copy(sip_tsx_branch(b->ct), b->branch, sizeof(b->branch));
	b->journal_seq = journal_sent(c, b->ct);
	/* RFC3261 16.6 step 11: "Timer C MUST be set for each client transaction when an
	 * INVITE request is proxied." */
	if (c->invite)
		timer_c_start(b);
	net_log_printf(proxy_log(c->p), NET_LOG_INFO, PROXY_LAYER,
		       "[proxy RFC3261 16.6] branch %s: %s forwarded to %s", b->branch,
		       method_of(c), b->target);
}

void proxy_ctx_start(struct sip_proxy *p, struct sip_tsx *st, struct sip_msg *req,
		     const struct proxy_target *t, size_t n)
{
	struct proxy_ctx *c = calloc(1, sizeof(*c));
	const struct sip_tsx_handler sh = { NULL, NULL, on_server_error, on_server_terminated, c };

	if (c != NULL)
		c->b = calloc(n, sizeof(*c->b));
	if (c == NULL || c->b == NULL) {
		free(c);
		(void)proxy_respond(p, st, req, 500, NULL, SIP_HDR_OTHER, NULL);
		sip_msg_destroy(req);
		return;
	}
	c->p = p;
	c->st = st;
	c->req = req;
	c->in_proto = sip_tsx_source(st)->proto;
	c->invite = req->method == SIP_METHOD_INVITE;
	c->next = p->ctxs;
	p->ctxs = c;
	p->ctx_count++;
	sip_tsx_set_handler(st, &sh);
	enter(c);
	/* RFC3261 16.2: "The proxy core MUST behave as a UAS with respect to sending an
	 * immediate provisional on that server transaction (such as 100 Trying) ...  Thus,
	 * a stateful proxy SHOULD NOT generate 100 (Trying) responses to non-INVITE
	 * requests." */
	if (c->invite)
		(void)proxy_respond(p, st, req, 100, NULL, SIP_HDR_OTHER, NULL);
	for (size_t i = 0; i < n; i++)
		branch_start(c, &t[i]);
	leave(c);
}
