/* sip/proxy_redirect.c - the server in redirect mode (RFC 3261 §8.3): a UAS that
 * answers every request for a registered AOR with 302 and its bindings
 * (sip/redirect.h), and refuses the rest as the proxy would (404, 480).
 *
 * As a UAS it challenges with 401 (§22.1: "registrars and redirect servers MAY make
 * use of 401"), checks Require, not Proxy-Require (§8.2.2.3), and ignores
 * Max-Forwards (it forwards nothing).
 *
 * Leaves out: see sip/redirect.h.
 */
#include "sip/proxy_internal.h"

#include "sip/auth_server.h"
#include "sip/redirect.h"

#include <string.h>

/* §8.2.2.3 and §22 as a UAS; true when the request may be answered with a 3xx. */
static bool uas_checks(struct sip_proxy *p, struct sip_tsx *st, const struct sip_msg *req)
{
	struct sip_auth_server_result r;
	struct sip_msg *resp = NULL;
	char tag[PROXY_TAG_LEN + 1];

	/* RFC3261 8.2.2.1: "If the Request-URI uses a scheme not supported by the UAS, it
	 * SHOULD reject the request with a 416 (Unsupported URI Scheme) response." */
	if (req->ruri.scheme != SIP_URI_SIP && req->ruri.scheme != SIP_URI_SIPS) {
		(void)proxy_respond(p, st, req, 416, NULL, SIP_HDR_OTHER, NULL);
		return false;
	}
	/* RFC3261 8.2.2.3: "If a UAS does not understand an option tag listed in a Require
	 * header field, it MUST respond by generating a response with status code 420" */
	if (req->require != NULL) {
		char tags[256];

		proxy_tag_list(req->require, tags, sizeof(tags));
		(void)proxy_respond(p, st, req, 420, NULL, SIP_HDR_UNSUPPORTED, tags);
		return false;
	}
	if (!p->cfg.auth)
		return true;
	(void)sip_auth_server_check(&p->digest, req, false, proxy_now(p), &r);
	if (r.status == 0)
		return true;
	net_rand_token(sip_transport_env(p->tp)->rand, tag, PROXY_TAG_LEN);
	if (sip_auth_server_respond(&p->digest, req, &r, false, proxy_now(p), tag, &resp) == 0)
		(void)sip_tsx_respond(st, resp);
	sip_msg_destroy(resp);
	return false;
}

void proxy_redirect_request(struct sip_proxy *p, struct sip_tsx *st, const struct sip_msg *req)
{
	struct proxy_target t[PROXY_MAX_TARGETS];
	char aor[SIP_LOCATION_AOR_SIZE], tag[PROXY_TAG_LEN + 1];
	struct sip_msg *resp = NULL;
	size_t n = 0, count = 0;
	int status;

	if (!uas_checks(p, st, req))
		return;
	/* RFC3261 8.3: "redirect servers MUST NOT redirect a request to a URI equal to the
	 * one in the Request-URI; instead, provided that the URI does not point to itself,
	 * the server MAY proxy the request to the destination URI, or MAY reject it with a
	 * 404."  A request for another domain is such a request. */
	if (!proxy_is_our_domain(p, &req->ruri)) {
		(void)proxy_respond(p, st, req, 404, NULL, SIP_HDR_OTHER, NULL);
		return;
	}
	status = proxy_targets(p, req, proxy_now(p), t, PROXY_MAX_TARGETS, &n);
	if (status != 0 || n == 0) {
		if (status == 0 && req->method == SIP_METHOD_OPTIONS)
			(void)proxy_respond(p, st, req, 200, NULL, SIP_HDR_ALLOW, PROXY_ALLOW);
		else
			(void)proxy_respond(p, st, req, status != 0 ? status : 404, NULL,
					    SIP_HDR_OTHER, NULL);
		return;
	}
	(void)sip_location_key(req->ruri.scheme, req->ruri.user, p->domain, aor, sizeof(aor));
	const struct sip_binding *b = sip_location_lookup(p->loc, aor, proxy_now(p), &count);

	net_rand_token(sip_transport_env(p->tp)->rand, tag, PROXY_TAG_LEN);
	if (sip_redirect_respond(req, b, count, proxy_now(p), tag, &resp) != 0) {
		(void)proxy_respond(p, st, req, 404, NULL, SIP_HDR_OTHER, NULL);
		return;
	}
	net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
		       "[redirect RFC3261 8.3] %s: 302 with %zu contact%s", aor, count,
		       count == 1 ? "" : "s");
	(void)sip_tsx_respond(st, resp);
	sip_msg_destroy(resp);
}
