/* sip/proxy_auth.c - Digest glue for the registrar and the proxy (RFC 3261 §22.1,
 * §22.3): credentials for our realm, the response a verdict calls for, challenges.
 *
 * Leaves out: see sip/proxy_auth.h.
 */
#include "sip/proxy_auth.h"

#include <errno.h>
#include <string.h>

/* True when the row holds Digest credentials naming our realm; *cred gets them. */
static bool row_is_ours(const struct sip_digest_server *s, const struct sip_hdr *row,
			struct sip_digest_credentials *cred, bool *malformed)
{
	int rc = sip_digest_credentials_parse(row->value.p, row->value.len, cred);
	struct sip_digest_param prm;
	struct sip_digest_cursor c;
	char realm[SIP_DIGEST_VALUE_SIZE];

	*malformed = false;
	if (rc == 0)
		return strcmp(cred->realm, s->realm) == 0;
	if (rc == ENOTSUP)
		return false;  /* another scheme: not for us */
	/* Unparseable Digest credentials are ours when their realm is: a 400 then. */
	size_t skip = 0;

	while (skip < row->value.len && row->value.p[skip] != ' ' && row->value.p[skip] != '\t')
		skip++;
	sip_digest_cursor_init(&c, row->value.p + skip, row->value.len - skip);
	while (sip_digest_param_next(&c, &prm) == 0) {
		if (prm.name_len == 5 && strncmp(prm.name, "realm", 5) == 0 &&
		    sip_digest_unquote(&prm, realm, sizeof(realm)) == 0 &&
		    strcmp(realm, s->realm) == 0) {
			*malformed = true;
			return true;
		}
	}
	return false;
}

void sip_proxy_auth_check(struct sip_digest_server *s, const struct sip_msg *req, bool proxy,
			  uint64_t now_us, struct sip_proxy_auth_result *out)
{
	enum sip_hdr_id id = proxy ? SIP_HDR_PROXY_AUTHORIZATION : SIP_HDR_AUTHORIZATION;
	struct sip_digest_credentials cred;
	char method[32];
	bool malformed;

	memset(out, 0, sizeof(*out));
	out->status = proxy ? 407 : 401;
	(void)sip_str_copy(req->method_name, method, sizeof(method));
	for (size_t i = sip_msg_hdr_find(req, id, 0); i != SIP_HDR_NONE;
	     i = sip_msg_hdr_find(req, id, i + 1)) {
		if (!row_is_ours(s, &req->hdrs[i], &cred, &malformed))
			continue;
		out->found = true;
		out->verdict = malformed ? SIP_DIGEST_MALFORMED
					 : sip_digest_server_verify(s, &cred, method, now_us);
		out->status = sip_digest_verdict_status(out->verdict, proxy);
		out->stale = sip_digest_verdict_stale(out->verdict);
		if (out->status == 0)
			memcpy(out->username, cred.username, sizeof(out->username));
		return;
	}
}

int sip_proxy_auth_challenge(struct sip_digest_server *s, struct sip_msg *resp, bool proxy,
			     bool stale, uint64_t now_us)
{
	char value[1024];
	int rc = sip_digest_server_challenge(s, now_us, stale, value, sizeof(value));

	if (rc != 0)
		return rc;
	return sip_msg_hdr_add(resp, proxy ? SIP_HDR_PROXY_AUTHENTICATE : SIP_HDR_WWW_AUTHENTICATE,
			       value);
}

size_t sip_proxy_auth_consume(const struct sip_digest_server *s, struct sip_msg *req)
{
	struct sip_digest_credentials cred;
	size_t gone = 0;
	bool malformed;

	for (size_t i = sip_msg_hdr_find(req, SIP_HDR_PROXY_AUTHORIZATION, 0); i != SIP_HDR_NONE;
	     i = sip_msg_hdr_find(req, SIP_HDR_PROXY_AUTHORIZATION, i)) {
		if (row_is_ours(s, &req->hdrs[i], &cred, &malformed) &&
		    sip_msg_hdr_remove(req, i) == 0) {
			gone++;
			continue;  /* the next row moved into slot i */
		}
		i++;
	}
	return gone;
}
