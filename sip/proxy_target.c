/* sip/proxy_target.c - where a proxied request goes: RFC 3261 §16.5 (the target
 * set, from the Request-URI or the location service) and §16.6 steps 1-7 (the copy
 * of the request for one target and its next hop), with §16.12's route summary.
 *
 * The target set of a request for our domain is the AOR's bindings, highest q
 * first; the proxy tries them all at once (§16.6: "It MAY start client transactions
 * with every target in parallel").  A request for any other domain, or with a maddr,
 * has its Request-URI as the only target.  The Record-Route (§16.6 step 4) names the
 * transport of each leg, twice when the two legs differ (RFC 5658 double Record-Route).
 *
 * Leaves out: DNS (RFC 3263), recursion on 3xx, targets of non-SIP schemes (a mailto:
 * binding is skipped), serial forking by q.
 */
#include "sip/proxy_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* ---- URIs ----------------------------------------------------------------------- */

/* Appends with snprintf; *over records that something did not fit. */
static void put(char *out, size_t cap, size_t *n, bool *over, const char *fmt, int len,
		const char *s)
{
	int w;

	if (*over)
		return;
	w = snprintf(out + *n, cap - *n, fmt, len, s);
	if (w < 0 || (size_t)w >= cap - *n)
		*over = true;
	else
		*n += (size_t)w;
}

int proxy_uri_rebuild(const struct sip_uri *u, unsigned flags, char *out, size_t cap)
{
	size_t n = 0;
	bool over = cap == 0;
	struct sip_str cur = u->params;
	struct sip_param prm;

	put(out, cap, &n, &over, "%.*s:", (int)u->scheme_name.len, u->scheme_name.p);
	if (u->user.p != NULL) {
		put(out, cap, &n, &over, "%.*s", (int)u->user.len, u->user.p);
		if (u->has_password)
			put(out, cap, &n, &over, ":%.*s", (int)u->password.len, u->password.p);
		put(out, cap, &n, &over, "%.*s", 1, "@");
	}
	put(out, cap, &n, &over, "%.*s", (int)u->host.len, u->host.p);
	if (u->port >= 0 && !(flags & PROXY_URI_NO_MADDR)) {
		char port[16];

		snprintf(port, sizeof(port), ":%d", u->port);
		put(out, cap, &n, &over, "%.*s", (int)strlen(port), port);
	}
	while (sip_param_next(&cur, &prm)) {
		if ((flags & PROXY_URI_NO_MADDR) && (sip_str_eqi_c(prm.name, "maddr") ||
						      sip_str_eqi_c(prm.name, "transport")))
			continue;
		if ((flags & PROXY_URI_NO_HEADERS) && sip_str_eqi_c(prm.name, "method"))
			continue;
		put(out, cap, &n, &over, ";%.*s", (int)prm.name.len, prm.name.p);
		if (prm.has_value)
			put(out, cap, &n, &over, "=%.*s", (int)prm.value.len, prm.value.p);
	}
	if (u->headers.len > 0 && !(flags & PROXY_URI_NO_HEADERS))
		put(out, cap, &n, &over, "?%.*s", (int)u->headers.len, u->headers.p);
	return over ? ENOBUFS : 0;
}

/* ---- §16.5 ---------------------------------------------------------------------- */

static bool user_exists(const struct sip_proxy *p, struct sip_str user)
{
	char name[PROXY_NAME_SIZE];
	size_t len;

	if (p->user_count == 0)
		return true;  /* no user list: anyone may register */
	if (sip_str_unescape(user, name, sizeof(name), &len) != 0)
		return false;
	for (size_t i = 0; i < p->user_count; i++)
		if (strlen(p->users[i].name) == len && memcmp(p->users[i].name, name, len) == 0)
			return true;
	return false;
}

/* The bindings of the AOR as targets. */
static int targets_from_location(struct sip_proxy *p, const struct sip_msg *req,
				 uint64_t now_us, struct proxy_target *out, size_t cap, size_t *n)
{
	char aor[SIP_LOCATION_AOR_SIZE];
	size_t count = 0;

	/* RFC3261 16.5: "When accessing the location service constructed by a
	 * registrar, the Request-URI MUST first be canonicalized as described in Section
	 * 10.3 before being used as an index." */
	if (sip_location_key(req->ruri.scheme, req->ruri.user, p->domain, aor, sizeof(aor)) != 0)
		return 404;
	const struct sip_binding *b = sip_location_lookup(p->loc, aor, now_us, &count);

	for (size_t i = 0; i < count && *n < cap; i++) {
		struct sip_uri u;

		if (sip_uri_parse(&u, b[i].uri, strlen(b[i].uri), NULL) != 0 ||
		    (u.scheme != SIP_URI_SIP && u.scheme != SIP_URI_SIPS))
			continue;  /* mailto: and friends cannot be proxied to */
		memcpy(out[*n].uri, b[i].uri, sizeof(out[*n].uri));
		out[*n].has_source = true;
		out[*n].source = b[i].source;
		(*n)++;
	}
	if (*n > 0)
		return 0;
	/* RFC3261 16.5: "If the Request-URI indicates a resource at this proxy that does
	 * not exist, the proxy MUST return a 404 (Not Found) response." ... "If the
	 * target set remains empty after applying all of the above, the proxy MUST
	 * return an error response, which SHOULD be the 480 (Temporarily Unavailable)
	 * response." */
	return user_exists(p, req->ruri.user) ? 480 : 404;
}

int proxy_targets(struct sip_proxy *p, const struct sip_msg *req, uint64_t now_us,
		  struct proxy_target *out, size_t cap, size_t *n)
{
	const struct sip_uri *ru = &req->ruri;
	bool ours = proxy_is_our_domain(p, ru);

	*n = 0;
	/* RFC3261 16.5: "If the Request-URI of the request contains an maddr parameter,
	 * the Request-URI MUST be placed into the target set as the only target URI" ...
	 * "If the domain of the Request-URI indicates a domain this element is not
	 * responsible for, the Request-URI MUST be placed into the target set as the only
	 * target". */
	if (ru->maddr.len > 0 || !ours) {
		if (sip_str_copy(ru->text, out[0].uri, sizeof(out[0].uri)) != 0)
			return 414;  /* Request-URI Too Long (§21.4.12) */
		out[0].has_source = false;
		*n = 1;
		return 0;
	}
	if (ru->user.p == NULL)
		return 0;  /* the server itself: the caller answers */
	return targets_from_location(p, req, now_us, out, cap, n);
}

/* ---- §16.6 steps 1-7 ------------------------------------------------------------------ */

/* §16.6 step 4: we stay on the path of dialogs: requests outside a dialog that may
 * create one (INVITE, SUBSCRIBE, REFER) and methods we do not know ("it SHOULD add a
 * Record-Route header field value to every request with a method it does not
 * understand since that method may have dialog semantics"). */
static bool wants_record_route(const struct sip_proxy *p, const struct sip_msg *req)
{
	if (!p->cfg.record_route || (req->to != NULL && req->to->tag.len > 0))
		return false;
	return req->method == SIP_METHOD_INVITE || req->method == SIP_METHOD_SUBSCRIBE ||
	       req->method == SIP_METHOD_REFER || req->method == SIP_METHOD_OTHER;
}

/* §16.6 step 4: our Record-Route value(s) on top of the copy.  Each value names the
 * transport of a leg: ";transport=tcp" when that leg is TCP, which the element using
 * the value has just shown it supports ("The URI SHOULD NOT contain the transport
 * parameter unless the proxy has knowledge ... that the next downstream element that
 * will be in the path of subsequent requests supports that transport").  When the two
 * legs differ (UDP in, TCP out, or the other way round), one value cannot serve both
 * ends: RFC 5658's double Record-Route inserts the inbound leg's value, then the
 * outbound leg's on top.  The callee uses the route set in order and reaches us on its
 * leg; the caller reverses it and reaches us on its own; §16.4 removes both. */
static int record_route(const struct sip_proxy *p, struct sip_msg *copy, enum sip_proto in,
			enum sip_proto out)
{
	/* RFC3261 16.6 step 4: "This URI MAY be different for each destination the request
	 * is forwarded to." */
	int rc = sip_msg_record_route_push(copy, p->rr[in]);

	if (rc == 0 && strcmp(p->rr[in], p->rr[out]) != 0)
		rc = sip_msg_record_route_push(copy, p->rr[out]);
	return rc;
}

/* §16.6 step 6: a strict router next: the copy is reformatted as it expects. */
static int reformat_for_strict_router(struct sip_msg *copy)
{
	char ruri[PROXY_URI_SIZE + 2], next[PROXY_URI_SIZE];
	int rc;

	/* RFC3261 16.6 step 6: "The proxy MUST place the Request-URI into the Route header
	 * field as the last value.  The proxy MUST then place the first Route header field
	 * value into the Request-URI and remove that value from the Route header field." */
	if (snprintf(ruri, sizeof(ruri), "<%.*s>", (int)copy->ruri.text.len,
		     copy->ruri.text.p) >= (int)sizeof(ruri) ||
	    sip_str_copy(copy->route->uri.text, next, sizeof(next)) != 0)
		return EBADMSG;
	rc = sip_msg_hdr_add(copy, SIP_HDR_ROUTE, ruri);
	if (rc == 0)
		rc = sip_msg_set_ruri(copy, next);
	return rc != 0 ? rc : sip_msg_route_pop(copy);
}

/* §16.6 step 2: the Request-URI for this target. */
static int set_target(struct sip_msg *copy, const struct proxy_target *t)
{
	struct sip_uri u;
	char uri[PROXY_URI_SIZE];

	if (sip_str_eq_c(copy->ruri.text, t->uri))
		return 0;  /* "the replacement above is effectively a no-op" */
	if (sip_uri_parse(&u, t->uri, strlen(t->uri), NULL) != 0)
		return EBADMSG;
	/* RFC3261 16.6 step 2: "If the URI contains any parameters not allowed in a
	 * Request-URI, they MUST be removed." */
	int rc = proxy_uri_rebuild(&u, PROXY_URI_NO_HEADERS, uri, sizeof(uri));

	return rc != 0 ? rc : sip_msg_set_ruri(copy, uri);
}

int proxy_copy_for_target(struct sip_proxy *p, const struct sip_msg *req, enum sip_proto in_proto,
			  const struct proxy_target *t, struct sip_msg **out, struct sip_dest *dst)
{
	struct sip_msg *copy = NULL;
	bool strict = false;
	/* RFC3261 16.6 step 1: "The proxy starts with a copy of the received request." */
	int rc = sip_msg_clone(req, &copy);

	*out = NULL;
	if (rc == 0)
		rc = set_target(copy, t);
	/* RFC3261 16.6 step 3: "If the copy contains a Max-Forwards header field, the proxy
	 * MUST decrement its value by one (1).  If the copy does not contain a
	 * Max-Forwards header field, the proxy MUST add one with a field value, which
	 * SHOULD be 70." */
	if (rc == 0)
		rc = sip_msg_set_max_forwards(copy, req->max_forwards > 0
							   ? (unsigned)req->max_forwards - 1
							   : PROXY_MAX_FORWARDS);
	/* RFC3261 16.6 step 6: "If the copy contains a Route header field, the proxy MUST
	 * inspect the URI in its first value.  If that URI does not contain an lr
	 * parameter, the proxy MUST modify the copy as follows" */
	if (rc == 0 && copy->route != NULL && !copy->route->uri.lr) {
		rc = reformat_for_strict_router(copy);
		strict = true;
	}
	if (rc == 0)
		rc = proxy_next_hop(p, copy, t, strict, dst);
	/* RFC3261 16.6 step 4: "it MUST insert a Record-Route header field value into the
	 * copy before any existing Record-Route header field values" - written after step 7
	 * here, because the value depends on the transport step 7 chose. */
	if (rc == 0 && wants_record_route(p, req))
		rc = record_route(p, copy, in_proto, dst->proto);
	if (rc != 0) {
		sip_msg_destroy(copy);
		return rc;
	}
	*out = copy;
	return 0;
}

/* Where a REGISTER came from, as a destination; false when it was not recorded. */
static bool dest_from_source(const struct sip_recv_info *src, struct sip_dest *dst)
{
	if (net_addr_family(&src->src) == AF_UNSPEC)
		return false;
	memset(dst, 0, sizeof(*dst));
	dst->proto = src->proto;
	dst->addr = src->src;
	dst->conn_id = src->conn_id;
	dst->local = src->local;
	return true;
}

int proxy_next_hop(struct sip_proxy *p, const struct sip_msg *copy, const struct proxy_target *t,
		   bool strict, struct sip_dest *dst)
{
	/* RFC3261 16.6 step 7: "If the proxy has reformatted the request to send to a
	 * strict-routing element as described in step 6 above, the proxy MUST apply those
	 * procedures to the Request-URI of the request.  Otherwise, the proxy MUST apply
	 * the procedures to the first value in the Route header field, if present, else
	 * the Request-URI." */
	if (strict)
		return sip_transport_uri_dest(&copy->ruri, dst);
	if (copy->route != NULL)
		return sip_transport_uri_dest(&copy->route->uri, dst);
	if (p->cfg.nat_register_source) {
		const struct sip_binding *b = NULL;

		if (t != NULL && t->has_source && dest_from_source(&t->source, dst))
			return 0;
		b = sip_location_find_contact(p->loc, &copy->ruri, proxy_now(p), NULL);
		if (b != NULL && dest_from_source(&b->source, dst))
			return 0;
	}
	return sip_transport_uri_dest(&copy->ruri, dst);
}
