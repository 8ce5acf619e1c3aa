/* sip/proxy.c - the SIP server object: configuration, the transaction user that
 * dispatches every request (REGISTER to the registrar, CANCEL per RFC 3261 §16.10,
 * the rest through §16.3-§16.6 or to the redirect server), ACKs and stray
 * responses, and the journal of forwarded requests for the demo's ladder.
 *
 * Processing of one new request in proxy mode (§16.2: "an element intending to
 * proxy the request MUST: 1. Validate the request (Section 16.3) 2. Preprocess
 * routing information (Section 16.4) 3. Determine target(s) for the request
 * (Section 16.5) 4. Forward the request to each target (Section 16.6) 5. Process
 * all responses (Section 16.7)"):
 *
 *     proxy_validate (416, 483, 420) → proxy_preprocess (400) → proxy_loop_detected
 *     (482) → authorize (407, 400, 403) → proxy_targets (404, 480) → proxy_ctx_start
 *
 * Leaves out: see sip/proxy.h.
 */
#include "sip/proxy_internal.h"

#include "sip/auth_server.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void sip_proxy_config_default(struct sip_proxy_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mode = SIP_PROXY_MODE_PROXY;
	cfg->auth = true;
	cfg->record_route = true;
	cfg->nat_register_source = true;
	cfg->timer_c_us = SIP_PROXY_TIMER_C_US;
	sip_tsx_config_default(&cfg->tsx);
}

uint64_t proxy_now(const struct sip_proxy *p)
{
	return net_timer_list_now(sip_transport_env(p->tp)->timers);
}

const struct net_log *proxy_log(const struct sip_proxy *p)
{
	return &sip_transport_env(p->tp)->log;
}

/* ---- Responses of our own ---------------------------------------------------------- */

int proxy_respond(struct sip_proxy *p, struct sip_tsx *st, const struct sip_msg *req, int status,
		  const char *reason, enum sip_hdr_id hdr, const char *value)
{
	struct sip_msg *resp = NULL;
	char tag[PROXY_TAG_LEN + 1];
	int rc;

	net_rand_token(sip_transport_env(p->tp)->rand, tag, PROXY_TAG_LEN);
	/* RFC3261 16.7 step 6: "A proxy MUST NOT insert a tag into the To header field of
	 * a 1xx or 2xx response if the request did not contain one" - our 100 has none;
	 * our final responses act as a UAS's (§8.2.6.2). */
	rc = sip_msg_create_response(req, status, reason, status == 100 ? NULL : tag, &resp);
	/* RFC3261 8.2.6.1: "When a 100 (Trying) response is generated, any Timestamp header
	 * field present in the request MUST be copied into this 100 (Trying) response." */
	if (rc == 0 && status == 100)
		rc = sip_msg_hdr_copy(resp, req, SIP_HDR_TIMESTAMP);
	if (rc == 0 && value != NULL)
		rc = sip_msg_hdr_add(resp, hdr, value);
	if (rc == 0)
		rc = sip_tsx_respond(st, resp);
	if (status >= 200)
		net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
			       "[proxy RFC3261 16.1] answering %.*s ourselves: %d %s",
			       (int)req->method_name.len, req->method_name.p, status,
			       resp != NULL ? sip_status_phrase(status) : "");
	sip_msg_destroy(resp);
	return rc;
}

/* 503 with Retry-After (DESIGN.md: capacity gets the RFC's answer, §21.5.4). */
int proxy_respond_retry(struct sip_proxy *p, struct sip_tsx *st, const struct sip_msg *req)
{
	char secs[16];

	snprintf(secs, sizeof(secs), "%u", SIP_PROXY_RETRY_AFTER);
	return proxy_respond(p, st, req, 503, NULL, SIP_HDR_RETRY_AFTER, secs);
}

/* ---- The journal ---------------------------------------------------------------------- */

uint64_t proxy_journal_add(struct sip_proxy *p, const struct sip_msg *req, const char *server_branch,
			   struct sip_str branch, const struct sip_dest *dst, bool stateless)
{
	struct sip_proxy_branch_record *r = &p->journal[p->journal_seq % SIP_PROXY_JOURNAL];

	memset(r, 0, sizeof(*r));
	r->seq = ++p->journal_seq;
	(void)sip_str_copy(req->call_id, r->call_id, sizeof(r->call_id));
	(void)sip_str_copy(req->method_name, r->method, sizeof(r->method));
	snprintf(r->server_branch, sizeof(r->server_branch), "%s", server_branch);
	(void)sip_str_copy(branch, r->branch, sizeof(r->branch));
	(void)sip_str_copy(req->ruri.text, r->target, sizeof(r->target));
	if (dst != NULL)
		r->dest = *dst;
	r->stateless = stateless;
	return r->seq;
}

void proxy_journal_status(struct sip_proxy *p, uint64_t seq, int status)
{
	struct sip_proxy_branch_record *r;

	if (seq == 0)
		return;
	r = &p->journal[(seq - 1) % SIP_PROXY_JOURNAL];
	if (r->seq == seq)
		r->status = status;  /* not overwritten by a newer record since */
}

size_t sip_proxy_call_branches(const struct sip_proxy *p, const char *call_id,
			       struct sip_proxy_branch_record *out, size_t cap)
{
	uint64_t first = p->journal_seq > SIP_PROXY_JOURNAL ? p->journal_seq - SIP_PROXY_JOURNAL : 0;
	size_t n = 0;

	for (uint64_t s = first + 1; s <= p->journal_seq; s++) {
		const struct sip_proxy_branch_record *r = &p->journal[(s - 1) % SIP_PROXY_JOURNAL];

		if (strcmp(r->call_id, call_id) != 0)
			continue;
		if (n < cap)
			out[n] = *r;
		n++;
	}
	return n;
}

/* ---- §16.3 step 6: Proxy-Authorization ----------------------------------------------------- */

/* True when the request may go on; otherwise the challenge or refusal was sent.  Our
 * credentials are consumed from `work` (§22.3). */
static bool authorize(struct sip_proxy *p, struct sip_tsx *st, const struct sip_msg *req,
		      struct sip_msg *work, bool routed)
{
	struct sip_auth_server_result r;
	struct sip_msg *resp = NULL;
	char tag[PROXY_TAG_LEN + 1];

	if (!p->cfg.auth)
		return true;
	/* Our policy (sip/proxy.h): a request inside a dialog that reached us through the
	 * Route our Record-Route put there follows a challenged INVITE. */
	if (routed && work->to != NULL && work->to->tag.len > 0)
		return true;
	/* RFC3261 16.3 step 6: "If an element requires credentials before forwarding a
	 * request, the request MUST be inspected as described in Section 22.3."  ACK and
	 * CANCEL pass (§22.1). */
	(void)sip_auth_server_check(&p->digest, work, true, proxy_now(p), &r);
	if (r.status == 0) {
		if (r.row != SIP_HDR_NONE)
			(void)sip_msg_hdr_remove(work, r.row);
		return true;
	}
	net_rand_token(sip_transport_env(p->tp)->rand, tag, PROXY_TAG_LEN);
	if (sip_auth_server_respond(&p->digest, req, &r, true, proxy_now(p), tag, &resp) == 0)
		(void)sip_tsx_respond(st, resp);
	net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
		       "[proxy RFC3261 22.3] %.*s %s: %d", (int)req->method_name.len,
		       req->method_name.p, r.has_credentials ? "credentials refused" : "challenged",
		       r.status);
	sip_msg_destroy(resp);
	return false;
}

/* ---- Proxying one request (§16.2) --------------------------------------------------------- */

/* A request for the server itself (no user part in our domain). */
static void answer_for_server(struct sip_proxy *p, struct sip_tsx *st, const struct sip_msg *req)
{
	/* RFC3261 11.2: "The response to an OPTIONS is constructed using the standard
	 * rules for a SIP response as discussed in Section 8.2.6.  The response code
	 * chosen MUST be the same that would have been chosen had the request been an
	 * INVITE." - we would not accept an INVITE to the server itself, but the
	 * keep-alive OPTIONS UAs send their server gets its 200 with Allow. */
	if (req->method == SIP_METHOD_OPTIONS)
		(void)proxy_respond(p, st, req, 200, NULL, SIP_HDR_ALLOW, PROXY_ALLOW);
	else
		(void)proxy_respond(p, st, req, 404, NULL, SIP_HDR_OTHER, NULL);
}

/* §16.3 steps 2-5 and §16.4 on a copy; true when it may go on. */
static bool check_and_preprocess(struct sip_proxy *p, struct sip_tsx *st, const struct sip_msg *req,
				 struct sip_msg *work, bool *routed)
{
	char unsupported[256];
	int status = proxy_validate(req, unsupported, sizeof(unsupported));

	if (status != 0) {
		(void)proxy_respond(p, st, req, status, NULL, SIP_HDR_UNSUPPORTED,
				    status == 420 ? unsupported : NULL);
		return false;
	}
	if (proxy_preprocess(p, work, routed) != 0) {
		(void)proxy_respond(p, st, req, 400, "Bad Route", SIP_HDR_OTHER, NULL);
		return false;
	}
	/* RFC3261 16.3 step 4: "If a loop is detected, the element MAY return a 482 (Loop
	 * Detected) response." */
	if (proxy_loop_detected(p, work)) {
		net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
			       "[proxy RFC3261 16.3 step 4] the request came back unchanged: loop");
		(void)proxy_respond(p, st, req, 482, NULL, SIP_HDR_OTHER, NULL);
		return false;
	}
	return true;
}

static void proxy_request(struct sip_proxy *p, struct sip_tsx *st, const struct sip_msg *req)
{
	struct proxy_target targets[PROXY_MAX_TARGETS];
	struct sip_msg *work = NULL;
	bool routed = false;
	size_t n = 0;
	int status;

	if (sip_msg_clone(req, &work) != 0) {
		(void)proxy_respond(p, st, req, 500, NULL, SIP_HDR_OTHER, NULL);
		return;
	}
	if (!check_and_preprocess(p, st, req, work, &routed) || !authorize(p, st, req, work, routed)) {
		sip_msg_destroy(work);
		return;
	}
	status = proxy_targets(p, work, proxy_now(p), targets, PROXY_MAX_TARGETS, &n);
	if (status == 0 && n == 0)
		answer_for_server(p, st, req);
	else if (status != 0)
		(void)proxy_respond(p, st, req, status, NULL, SIP_HDR_OTHER, NULL);
	else if (p->ctx_count >= p->cfg.max_contexts)
		/* DESIGN.md: capacity is named; the peer gets the RFC's answer (§21.5.4). */
		(void)proxy_respond_retry(p, st, req);
	if (status != 0 || n == 0 || p->ctx_count >= p->cfg.max_contexts) {
		sip_msg_destroy(work);
		return;
	}
	proxy_ctx_start(p, st, work, targets, n);
}

/* ---- CANCEL (§16.10) ----------------------------------------------------------------------- */

static void cancel_request(struct sip_proxy *p, struct sip_tsx *st, const struct sip_msg *cancel)
{
	struct sip_tsx *ist = sip_tsx_find_cancelled(p->layer, cancel);
	struct proxy_ctx *c = ist != NULL ? proxy_ctx_find(p, ist) : NULL;

	/* RFC3261 16.10: "If a matching response context is found, the element MUST
	 * immediately return a 200 (OK) response to the CANCEL request. ...  Furthermore,
	 * the element MUST generate CANCEL requests for all pending client transactions
	 * in the context".  A transaction we answered ourselves is matched too: its
	 * CANCEL gets its 200 (§9.2) and changes nothing.  A redirect server "SHOULD
	 * return a 2xx response" to every well-formed CANCEL (§8.3). */
	if (ist != NULL || p->cfg.mode == SIP_PROXY_MODE_REDIRECT) {
		(void)proxy_respond(p, st, cancel, 200, NULL, SIP_HDR_OTHER, NULL);
		if (c != NULL) {
			net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
				       "[proxy RFC3261 16.10] CANCEL: cancelling every pending branch");
			proxy_ctx_cancel_all(c);
		}
		return;
	}
	/* "If a response context is not found, the element does not have any knowledge of
	 * the request to apply the CANCEL to.  It MUST statelessly forward the CANCEL
	 * request" - we route it like any request, in its own transaction (no new
	 * response context is kept beyond its own answer). */
	net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
		       "[proxy RFC3261 16.10] CANCEL for no request of ours: routed on");
	proxy_request(p, st, cancel);
}

/* ---- The transaction user ------------------------------------------------------------------ */

static void on_request(void *arg, struct sip_tsx *st, const struct sip_msg *req)
{
	struct sip_proxy *p = arg;
	struct sip_msg *resp = NULL;

	if (req->method == SIP_METHOD_CANCEL) {
		cancel_request(p, st, req);
		return;
	}
	/* RFC3261 10.3 step 1: a REGISTER for another domain is proxied like any request. */
	if (req->method == SIP_METHOD_REGISTER && sip_registrar_serves(p->reg, &req->ruri)) {
		int rc = sip_registrar_handle(p->reg, req, sip_tsx_source(st), proxy_now(p), &resp);

		if (rc == 0)
			(void)sip_tsx_respond(st, resp);
		else
			(void)proxy_respond(p, st, req, 500, NULL, SIP_HDR_OTHER, NULL);
		sip_msg_destroy(resp);
		return;
	}
	if (p->cfg.mode == SIP_PROXY_MODE_REDIRECT)
		proxy_redirect_request(p, st, req);
	else
		proxy_request(p, st, req);
}

static void on_ack(void *arg, struct sip_tsx *tsx, const struct sip_msg *ack,
		   const struct sip_recv_info *from)
{
	struct sip_proxy *p = arg;

	(void)tsx;
	if (p->cfg.mode == SIP_PROXY_MODE_REDIRECT) {
		net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
			       "[redirect RFC3261 8.3] ACK outside our transactions: dropped");
		return;
	}
	proxy_forward_ack(p, ack, from);
}

static void on_stray(void *arg, const struct sip_msg *resp, const struct sip_recv_info *from)
{
	struct sip_proxy *p = arg;

	(void)from;
	/* RFC6026 7.3: "When receiving any SIP response, a transaction-stateful proxy MUST
	 * compare the transaction identifier in that response against its existing
	 * transaction state machines.  The proxy MUST NOT forward the response if there
	 * is no matching transaction state machine." */
	net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
		       "[proxy RFC6026 7.3] %d %.*s matches no transaction: not forwarded",
		       resp->status, (int)resp->reason.len, resp->reason.p);
}

/* ---- Creation -------------------------------------------------------------------------------- */

static int user_password(void *arg, const char *realm, const char *username, char *password,
			 size_t size)
{
	const struct sip_proxy *p = arg;

	(void)realm;
	for (size_t i = 0; i < p->user_count; i++)
		if (strcmp(p->users[i].name, username) == 0) {
			snprintf(password, size, "%s", p->users[i].password);
			return 0;
		}
	return ENOENT;
}

static bool copy_name(char *dst, const char *src)
{
	size_t len = src != NULL ? strlen(src) : 0;

	if (len == 0 || len >= PROXY_NAME_SIZE)
		return false;
	memcpy(dst, src, len + 1);
	return true;
}

/* "user:password" strings into the table. */
static bool copy_users(struct sip_proxy *p, const char *const *users)
{
	for (size_t i = 0; users != NULL && users[i] != NULL; i++) {
		const char *colon = strchr(users[i], ':');
		size_t ulen = colon != NULL ? (size_t)(colon - users[i]) : 0;
		struct proxy_user *u = &p->users[p->user_count];

		if (p->user_count == SIP_PROXY_MAX_USERS || ulen == 0 || ulen >= sizeof(u->name) ||
		    !copy_name(u->password, colon + 1))
			return false;
		memcpy(u->name, users[i], ulen);
		u->name[ulen] = '\0';
		p->user_count++;
	}
	return true;
}

static bool copy_config(struct sip_proxy *p, const struct sip_proxy_config *cfg)
{
	size_t n = 0;

	p->cfg = *cfg;
	if (!copy_name(p->domain, cfg->domain) ||
	    !copy_name(p->realm, cfg->realm != NULL ? cfg->realm : cfg->domain) ||
	    !copy_users(p, cfg->users))
		return false;
	for (; cfg->aliases != NULL && cfg->aliases[n] != NULL; n++)
		if (n == PROXY_MAX_ALIASES || !copy_name(p->alias[n], cfg->aliases[n]))
			return false;
		else
			p->alias_ptr[n] = p->alias[n];
	p->alias_ptr[n] = NULL;
	p->cfg.domain = p->domain;
	p->cfg.realm = p->realm;
	p->cfg.aliases = p->alias_ptr;
	p->cfg.users = NULL;  /* kept in users[] */
	if (p->cfg.timer_c_us == 0)
		p->cfg.timer_c_us = SIP_PROXY_TIMER_C_US;
	if (p->cfg.max_contexts == 0)
		p->cfg.max_contexts = SIP_PROXY_MAX_CONTEXTS;
	/* RFC3261 16.6 step 11: "The timer MUST be larger than 3 minutes." */
	return p->cfg.timer_c_us > 180ull * 1000000u;
}

/* Our Record-Route value for a leg over `proto`: "<sip:host:port;lr>" with the address
 * of that transport (the other one's when we have only one), ";transport=tcp" added for
 * TCP (proxy_target.c says why).  The host is the transport's sent-by name, else its
 * IP, else (bound to the any-address) the first alias or the domain, which must then
 * resolve to us. */
static int make_record_route(struct sip_proxy *p, enum sip_proto proto)
{
	const struct sip_transport_config *tc = sip_transport_config(p->tp);
	const struct net_addr *mine = proto == SIP_PROTO_TCP ? &tc->tcp : &tc->udp;
	const struct net_addr *a = net_addr_family(mine) != AF_UNSPEC ? mine
				 : proto == SIP_PROTO_TCP ? &tc->udp : &tc->tcp;
	const char *name = tc->host, *tp = proto == SIP_PROTO_TCP ? ";transport=tcp" : "";
	char ip[NET_ADDR_STRLEN];
	char *rr = p->rr[proto];
	int n;

	if (name == NULL && net_addr_is_any(a))
		name = p->alias_ptr[0] != NULL ? p->alias_ptr[0] : p->domain;
	if (name == NULL && net_addr_format_ip(a, ip, sizeof(ip)) != 0)
		return EINVAL;
	if (name == NULL)
		name = ip;
	/* An IPv6 reference is bracketed (§19.1.1 hostport, RFC 5118). */
	n = snprintf(rr, sizeof(p->rr[proto]),
		     strchr(name, ':') != NULL && name[0] != '[' ? "<sip:[%s]:%u%s;lr>"
								 : "<sip:%s:%u%s;lr>",
		     name, (unsigned)net_addr_port(a), tp);
	/* RFC3261 16.6 step 4: "The URI placed in the Record-Route header field value MUST
	 * be a SIP or SIPS URI.  This URI MUST contain an lr parameter" */
	return n < 0 || (size_t)n >= sizeof(p->rr[proto]) ? EINVAL : 0;
}

static int create_parts(struct sip_proxy *p)
{
	const struct sip_env *env = sip_transport_env(p->tp);
	const struct sip_digest_server_config dcfg = {
		.realm = p->realm, .lookup = user_password, .lookup_arg = p, .rand = env->rand,
		.log = &env->log,
	};
	struct sip_registrar_config rcfg = {
		.domain = p->domain, .aliases = p->alias_ptr, .default_expires_s = p->cfg.default_expires_s,
		.min_expires_s = p->cfg.min_expires_s, .max_expires_s = p->cfg.max_expires_s,
		.auth = p->cfg.auth ? &p->digest : NULL, .users = p->user_count > 0 ? user_password : NULL,
		.users_arg = p, .rand = env->rand, .log = &env->log,
	};
	const struct sip_tu tu = { on_request, on_ack, on_stray, { NULL, NULL, NULL, NULL, NULL }, p };
	int rc = sip_digest_server_init(&p->digest, &dcfg);

	if (rc == 0)
		rc = sip_location_create(&p->loc, &p->cfg.location);
	rcfg.location = p->loc;
	if (rc == 0)
		rc = sip_registrar_create(&p->reg, &rcfg);
	if (rc == 0)
		rc = make_record_route(p, SIP_PROTO_UDP);
	if (rc == 0)
		rc = make_record_route(p, SIP_PROTO_TCP);
	if (rc == 0)
		rc = sip_tsx_layer_create(&p->layer, p->tp, &p->cfg.tsx, &tu);
	return rc;
}

int sip_proxy_create(struct sip_proxy **out, struct sip_transport *tp,
		     const struct sip_proxy_config *cfg)
{
	struct sip_proxy *p;
	int rc;

	*out = NULL;
	if (tp == NULL || cfg == NULL)
		return EINVAL;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return ENOMEM;
	p->tp = tp;
	rc = copy_config(p, cfg) ? create_parts(p) : EINVAL;
	if (rc != 0) {
		sip_proxy_destroy(p);
		return rc;
	}
	net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
		       "%s for %s, realm \"%s\", %zu user%s, authentication %s, Record-Route %s "
		       "(UDP) %s (TCP)",
		       p->cfg.mode == SIP_PROXY_MODE_PROXY ? "stateful proxy" : "redirect server",
		       p->domain, p->realm, p->user_count, p->user_count == 1 ? "" : "s",
		       p->cfg.auth ? "on" : "off", p->rr[SIP_PROTO_UDP], p->rr[SIP_PROTO_TCP]);
	*out = p;
	return 0;
}

void sip_proxy_destroy(struct sip_proxy *p)
{
	if (p == NULL)
		return;
	sip_tsx_layer_destroy(p->layer);
	proxy_ctx_free_all(p);
	sip_registrar_destroy(p->reg);
	sip_location_destroy(p->loc);
	sip_digest_server_fini(&p->digest);
	/* The passwords are secrets: do not leave them in freed memory. */
	memset(p->users, 0, sizeof(p->users));
	free(p);
}

struct sip_tsx_layer *sip_proxy_layer(const struct sip_proxy *p)
{
	return p->layer;
}

struct sip_location *sip_proxy_location(const struct sip_proxy *p)
{
	return p->loc;
}

size_t sip_proxy_context_count(const struct sip_proxy *p)
{
	return p->ctx_count;
}
