/* sip/proxy_check.c - what a proxy checks and fixes before it looks for targets:
 * RFC 3261 §16.3 request validation (URI scheme, Max-Forwards, loops,
 * Proxy-Require), §16.4 route information preprocessing (strict routers upstream,
 * maddr, our own Route value), and the loop hash of §16.6 step 8.
 *
 * Loop detection: §16.3 step 4 compares the hash of what routes a request with the
 * hash kept in the branch parameter the proxy wrote when it forwarded the request
 * before.  Our branches are drawn by the transaction layer (sip/tsx.h), so the hash
 * is kept beside the branch instead, in the response context; a looped request
 * always comes back while the context that sent it is alive (that context is waiting
 * for the looped request's own answer).  Same result, no parsing of branches.
 *
 * Proxy-Authorization (§16.3 step 6) is checked in proxy.c, after §16.4 has shown
 * whether the request followed a Route to us.
 *
 * Leaves out: RFC 5393 (Max-Breadth, loops among forking proxies).
 */
#include "sip/proxy_internal.h"

#include "sip/md5.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* ---- §16.3 ----------------------------------------------------------------------- */

void proxy_tag_list(const struct sip_token *tags, char *out, size_t cap)
{
	size_t n = 0;

	if (cap == 0)
		return;
	out[0] = '\0';
	for (const struct sip_token *t = tags; t != NULL; t = t->next) {
		int len = snprintf(out + n, cap - n, "%s%.*s", n > 0 ? ", " : "", (int)t->name.len,
				   t->name.p);

		if (len < 0 || (size_t)len >= cap - n) {
			out[n] = '\0';
			break;  /* truncated at a whole tag: the list still names the fault */
		}
		n += (size_t)len;
	}
}

int proxy_validate(const struct sip_msg *req, char *unsupported, size_t cap)
{
	/* RFC3261 16.3 step 2: "If the Request-URI has a URI whose scheme is not
	 * understood by the proxy, the proxy SHOULD reject the request with a 416
	 * (Unsupported URI Scheme) response." */
	if (req->ruri.scheme != SIP_URI_SIP && req->ruri.scheme != SIP_URI_SIPS)
		return 416;
	/* RFC3261 16.3 step 3: "If the request contains a Max-Forwards header field with
	 * a field value of zero (0), the element MUST NOT forward the request. ...
	 * Otherwise, the element MUST return a 483 (Too many hops) response." */
	if (req->max_forwards == 0)
		return 483;
	if (req->proxy_require == NULL)
		return 0;
	/* RFC3261 16.3 step 5: "If the request contains a Proxy-Require header field
	 * (Section 20.29) with one or more option-tags this element does not understand,
	 * the element MUST return a 420 (Bad Extension) response.  The response MUST
	 * include an Unsupported (Section 20.40) header field listing those option-tags
	 * the element did not understand."  We understand none. */
	proxy_tag_list(req->proxy_require, unsupported, cap);
	return 420;
}

/* ---- Who we are ----------------------------------------------------------------------- */

/* The host and port of one of our transport addresses. */
static bool is_our_addr(const struct net_addr *a, struct sip_str host, int port)
{
	struct net_addr h;

	if (net_addr_family(a) == AF_UNSPEC || host.len == 0 ||
	    net_addr_parse_n(&h, host.p, host.len, 0) != 0 || !net_addr_same_ip(&h, a))
		return false;
	/* An IP literal without a port means 5060 (§19.1.2). */
	return (port < 0 ? SIP_DEFAULT_PORT : port) == net_addr_port(a);
}

/* True when `port` (-1: none) is one we listen on, for a URI that names us by name. */
static bool is_our_port(const struct sip_transport_config *tc, int port)
{
	return port < 0 || (net_addr_family(&tc->udp) != AF_UNSPEC &&
			    port == net_addr_port(&tc->udp)) ||
	       (net_addr_family(&tc->tcp) != AF_UNSPEC && port == net_addr_port(&tc->tcp));
}

/* True when `host` with `port` (-1: none) names this server. */
static bool host_is_us(const struct sip_proxy *p, struct sip_str host, int port)
{
	const struct sip_transport_config *tc = sip_transport_config(p->tp);
	struct net_addr ip;

	if (is_our_addr(&tc->udp, host, port) || is_our_addr(&tc->tcp, host, port))
		return true;
	if (host.len == 0 || !is_our_port(tc, port))
		return false;  /* one of our names on another port */
	/* An IP literal is ours when it is our transport address (above) or configured as
	 * a name of the domain (a server bound to 0.0.0.0 names its address that way);
	 * an IP literal without a port means 5060 (§19.1.2). */
	if (net_addr_parse_n(&ip, host.p, host.len, 0) == 0 && port < 0 &&
	    !is_our_port(tc, SIP_DEFAULT_PORT))
		return false;
	return sip_registrar_is_domain(p->reg, host) ||
	       (tc->host != NULL && sip_str_eqi_c(host, tc->host));
}

bool proxy_is_our_domain(const struct sip_proxy *p, const struct sip_uri *u)
{
	/* An AOR names the domain; a port that is not ours names another element on the
	 * same host (a UA on 127.0.0.1:5070 beside a server on 127.0.0.1:5060). */
	return ((u->scheme == SIP_URI_SIP || u->scheme == SIP_URI_SIPS) &&
		sip_registrar_is_domain(p->reg, u->host) &&
		is_our_port(sip_transport_config(p->tp), u->port)) ||
	       proxy_is_us(p, u);
}

bool proxy_is_us(const struct sip_proxy *p, const struct sip_uri *u)
{
	return (u->scheme == SIP_URI_SIP || u->scheme == SIP_URI_SIPS) &&
	       host_is_us(p, u->host, u->port);
}

/* ---- §16.4 ---------------------------------------------------------------------------- */

/* A Request-URI that is one of our Record-Route values: it names us, has no user part
 * and carries "lr" (a request for the server itself has no lr). */
static bool is_our_record_route(const struct sip_proxy *p, const struct sip_uri *u)
{
	return u->user.p == NULL && u->lr && proxy_is_us(p, u);
}

/* Removes the last Route value (it may share a row with others). */
static int route_remove_last(struct sip_msg *req)
{
	const struct sip_addr *last = req->route;
	size_t row = SIP_HDR_NONE;
	char keep[2048];

	while (last->next != NULL)
		last = last->next;
	for (size_t i = sip_msg_hdr_find(req, SIP_HDR_ROUTE, 0); i != SIP_HDR_NONE;
	     i = sip_msg_hdr_find(req, SIP_HDR_ROUTE, i + 1))
		row = i;
	const struct sip_str v = req->hdrs[row].value;

	if (last->text.p < v.p || last->text.p >= v.p + v.len)
		return EBADMSG;
	size_t n = (size_t)(last->text.p - v.p);

	/* Drop the comma and LWS before the value. */
	while (n > 0 && (v.p[n - 1] == ',' || v.p[n - 1] == ' ' || v.p[n - 1] == '\t'))
		n--;
	if (n == 0)
		return sip_msg_hdr_remove(req, row);
	if (n >= sizeof(keep))
		return EBADMSG;
	memcpy(keep, v.p, n);
	keep[n] = '\0';
	return sip_msg_hdr_replace(req, row, keep);
}

/* RFC3261 16.4: "If the Request-URI of the request contains a value this proxy
 * previously placed into a Record-Route header field (see Section 16.6 item 4), the
 * proxy MUST replace the Request-URI in the request with the last value from the
 * Route header field, and remove that value from the Route header field." */
static int undo_strict_routing(const struct sip_proxy *p, struct sip_msg *req)
{
	char uri[PROXY_URI_SIZE];
	const struct sip_addr *last = req->route;

	if (last == NULL) {
		net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
			       "[proxy RFC3261 16.4] Request-URI is our Record-Route but there is "
			       "no Route to restore it from: 400");
		return EBADMSG;
	}
	while (last->next != NULL)
		last = last->next;
	if (sip_str_copy(last->uri.text, uri, sizeof(uri)) != 0)
		return EBADMSG;
	int rc = route_remove_last(req);

	if (rc == 0)
		rc = sip_msg_set_ruri(req, uri);
	net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
		       "[proxy RFC3261 16.4] strict router upstream: Request-URI restored to "
		       "%s from the last Route", uri);
	return rc;
}

int proxy_preprocess(const struct sip_proxy *p, struct sip_msg *req, bool *routed)
{
	int rc = 0;

	if (routed != NULL)
		*routed = false;
	if (is_our_record_route(p, &req->ruri))
		rc = undo_strict_routing(p, req);
	if (rc != 0)
		return rc;
	/* RFC3261 16.4: "If the Request-URI has a maddr parameter with a value the proxy
	 * is responsible for, and the request was received using the port and transport
	 * indicated (explicitly or by default) in the Request-URI, the proxy MUST strip
	 * the maddr and any non-default port or transport parameter".  Our one port per
	 * transport makes "the port indicated" ours exactly when the URI names us. */
	if (req->ruri.maddr.len > 0 && host_is_us(p, req->ruri.maddr, req->ruri.port)) {
		char uri[PROXY_URI_SIZE];

		rc = proxy_uri_rebuild(&req->ruri, PROXY_URI_NO_MADDR, uri, sizeof(uri));
		if (rc == 0)
			rc = sip_msg_set_ruri(req, uri);
		net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
			       "[proxy RFC3261 16.4] maddr names us: stripped");
	}
	/* RFC3261 16.4: "If the first value in the Route header field indicates this
	 * proxy, the proxy MUST remove that value from the request."  After a double
	 * Record-Route (RFC 5658, proxy_target.c) the next value is ours too: each top value
	 * naming us goes, so we never route a request to ourselves.  Each turn pops one. */
	while (rc == 0 && req->route != NULL && proxy_is_us(p, &req->route->uri)) {
		rc = sip_msg_route_pop(req);
		if (routed != NULL)
			*routed = rc == 0;
	}
	return rc;
}

/* ---- Loops (§16.3 step 4, §16.6 step 8) ------------------------------------------------ */

static void hash_str(struct sip_md5 *m, struct sip_str s)
{
	sip_md5_update(m, s.p != NULL ? s.p : "", s.len);
	sip_md5_update(m, "\n", 1);  /* keeps "ab"+"c" apart from "a"+"bc" */
}

static void hash_rows(struct sip_md5 *m, const struct sip_msg *req, enum sip_hdr_id id)
{
	for (size_t i = sip_msg_hdr_find(req, id, 0); i != SIP_HDR_NONE;
	     i = sip_msg_hdr_find(req, id, i + 1))
		hash_str(m, req->hdrs[i].value);
}

void proxy_loop_hash(const struct sip_msg *req, const struct sip_via *via,
		     uint8_t out[PROXY_LOOP_HASH_SIZE])
{
	struct sip_md5 m;
	char seq[16];

	/* RFC3261 16.6 step 8: "A common way to create this value is to compute a
	 * cryptographic hash of the To tag, From tag, Call-ID header field, the
	 * Request-URI of the request received (before translation), the topmost Via
	 * header, and the sequence number from the CSeq header field, in addition to any
	 * Proxy-Require and Proxy-Authorization header fields that may be present."
	 * Proxy-Authorization is left out: we consume our own credentials before
	 * forwarding, so a looped request would never hash the same. */
	sip_md5_init(&m);
	hash_str(&m, req->ruri.text);
	hash_str(&m, req->to != NULL ? req->to->tag : (struct sip_str){ NULL, 0 });
	hash_str(&m, req->from != NULL ? req->from->tag : (struct sip_str){ NULL, 0 });
	hash_str(&m, req->call_id);
	snprintf(seq, sizeof(seq), "%u", req->cseq != NULL ? (unsigned)req->cseq->seq : 0u);
	hash_str(&m, sip_str_from_c(seq));
	hash_str(&m, via != NULL ? via->text : (struct sip_str){ NULL, 0 });
	hash_rows(&m, req, SIP_HDR_ROUTE);
	hash_rows(&m, req, SIP_HDR_PROXY_REQUIRE);
	sip_md5_final(&m, out);
}

/* The branch of ours with this value, or NULL. */
static const struct proxy_branch *find_branch(const struct sip_proxy *p, struct sip_str branch)
{
	for (const struct proxy_ctx *c = p->ctxs; c != NULL; c = c->next)
		for (size_t i = 0; i < c->nb; i++)
			if (c->b[i].branch[0] != '\0' && sip_str_eq_c(branch, c->b[i].branch))
				return &c->b[i];
	return NULL;
}

bool proxy_loop_detected(const struct sip_proxy *p, const struct sip_msg *req)
{
	/* RFC3261 16.3 step 4: "If the request contains a Via header field with a sent-by
	 * value that equals a value placed into previous requests by the proxy, the
	 * request has been forwarded by this element before. ... If the parameters
	 * match, the request has looped.  If they differ, the request is spiraling, and
	 * processing continues." */
	for (const struct sip_via *v = req->via; v != NULL; v = v->next) {
		const struct proxy_branch *b = v->branch.len > 0 ? find_branch(p, v->branch) : NULL;
		uint8_t h[PROXY_LOOP_HASH_SIZE];

		if (b == NULL)
			continue;
		/* When we forwarded it, the Via below ours was the topmost one. */
		proxy_loop_hash(req, v->next, h);
		if (memcmp(h, b->loop_hash, sizeof(h)) == 0)
			return true;
		net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
			       "[proxy RFC3261 16.3] request came back through branch %s with "
			       "other routing fields: a spiral, not a loop", b->branch);
	}
	return false;
}
