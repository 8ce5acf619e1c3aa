/* sip/auth_server.c - Digest glue for registrars, proxies and UASs: which row to
 * check, which header carries the challenge, which status answers a verdict
 * (RFC 3261 §22.1-§22.3, RFC 2617 §3.2.1-§3.2.2).
 *
 * Leaves out: the verification itself (sip/digest_server.c), choosing whether a
 * request needs authentication at all (the registrar's or proxy's policy).
 */
#include "sip/auth_server.h"

#include <errno.h>
#include <string.h>

#define METHOD_MAX 64  /* bytes of a method name we verify (tokens are short) */

static void result_reset(struct sip_auth_server_result *out, bool proxy)
{
	memset(out, 0, sizeof(*out));
	out->verdict = SIP_DIGEST_MALFORMED;
	out->status = proxy ? 407 : 401;
	out->row = SIP_HDR_NONE;
}

/* Fills *out from a verdict on row `row`. */
static void result_set(struct sip_auth_server_result *out, enum sip_digest_verdict v, bool proxy,
		       size_t row, const char *username)
{
	out->has_credentials = true;
	out->verdict = v;
	out->authenticated = v == SIP_DIGEST_OK;
	out->status = sip_digest_verdict_status(v, proxy);
	out->stale = sip_digest_verdict_stale(v);
	out->row = row;
	(void)sip_str_copy(sip_str_from_c(username), out->username, sizeof(out->username));
}

/* One credentials row: ENOENT when it is not ours to check (another realm, another
 * scheme), EBADMSG when it cannot be read, else 0 with *cred filled. */
static int row_read(const struct sip_digest_server *s, const struct sip_hdr *h,
		    struct sip_digest_credentials *cred)
{
	int rc = sip_digest_credentials_parse(h->value.p, h->value.len, cred);

	/* RFC 4475 §3.3.7: a registrar "will reject this request with a 401, issuing a
	 * new challenge with a scheme it understands" - an unknown scheme is no answer. */
	if (rc == ENOTSUP)
		return ENOENT;
	if (rc != 0)
		return EBADMSG;
	/* RFC3261 22.3: "A Proxy-Authorization header field value applies only to the
	 * proxy whose realm is identified in the "realm" parameter" */
	return strcmp(cred->realm, s->realm) == 0 ? 0 : ENOENT;
}

int sip_auth_server_check(struct sip_digest_server *s, const struct sip_msg *req, bool proxy,
			  uint64_t now_us, struct sip_auth_server_result *out)
{
	enum sip_hdr_id id = proxy ? SIP_HDR_PROXY_AUTHORIZATION : SIP_HDR_AUTHORIZATION;
	struct sip_digest_credentials cred;
	char method[METHOD_MAX];
	size_t bad = SIP_HDR_NONE;

	result_reset(out, proxy);
	if (req == NULL || !req->is_request)
		return EINVAL;
	if (sip_str_copy(req->method_name, method, sizeof(method)) != 0) {
		result_set(out, SIP_DIGEST_MALFORMED, proxy, SIP_HDR_NONE, "");
		return 0;
	}
	/* RFC3261 22.1: "Servers MUST NOT attempt to challenge an ACK" ... "servers MUST
	 * NOT attempt to challenge CANCEL requests" */
	if (!sip_digest_method_challengeable(method)) {
		out->status = 0;
		return 0;
	}
	for (size_t i = sip_msg_hdr_find(req, id, 0); i != SIP_HDR_NONE;
	     i = sip_msg_hdr_find(req, id, i + 1)) {
		int rc = row_read(s, &req->hdrs[i], &cred);

		if (rc == 0) {
			result_set(out, sip_digest_server_verify(s, &cred, method, now_us), proxy, i,
				   cred.username);
			return 0;
		}
		if (rc == EBADMSG && bad == SIP_HDR_NONE)
			bad = i;
	}
	/* RFC2617 3.2.2: a malformed Digest row is a bad request (400), unless another
	 * row carried credentials for our realm. */
	if (bad != SIP_HDR_NONE)
		result_set(out, SIP_DIGEST_MALFORMED, proxy, bad, "");
	return 0;
}

int sip_auth_server_add_challenge(struct sip_digest_server *s, struct sip_msg *resp, bool proxy,
				  bool stale, uint64_t now_us)
{
	char value[3 * SIP_DIGEST_VALUE_SIZE];

	if (sip_digest_server_challenge(s, now_us, stale, value, sizeof(value)) != 0)
		return ENOBUFS;
	/* RFC3261 22.1: "proxies MUST NOT [use 401], and instead MAY use the 407 (Proxy
	 * Authentication Required) response code", with Proxy-Authenticate (22.3);
	 * a 401 carries WWW-Authenticate (22.2). */
	return sip_msg_hdr_add(resp, proxy ? SIP_HDR_PROXY_AUTHENTICATE : SIP_HDR_WWW_AUTHENTICATE,
			       value);
}

int sip_auth_server_respond(struct sip_digest_server *s, const struct sip_msg *req,
			    const struct sip_auth_server_result *r, bool proxy, uint64_t now_us,
			    const char *to_tag, struct sip_msg **out)
{
	*out = NULL;
	if (r->status == 0)
		return EINVAL;
	int rc = sip_msg_create_response(req, r->status, NULL, to_tag, out);

	if (rc == 0 && (r->status == 401 || r->status == 407))
		rc = sip_auth_server_add_challenge(s, *out, proxy, r->stale, now_us);
	if (rc != 0) {
		sip_msg_destroy(*out);
		*out = NULL;
	}
	return rc;
}
