/* sip/auth_client.c - Digest glue for the UAC: learning challenges from 401/407
 * responses, adding Authorization / Proxy-Authorization to requests, never retrying
 * rejected credentials (RFC 3261 §22.1-§22.4, §8.1.3.5, RFC 2617 §3.2.2).
 *
 * Leaves out: the computation and the header syntax (sip/digest*.c), deciding to
 * build the retried request (the UA core's request layer).
 */
#include "sip/auth_client.h"

#include <errno.h>
#include <string.h>

#define LAYER "auth"

void sip_auth_client_init(struct sip_auth_client *c, struct net_rand *rand,
			  const struct net_log *log)
{
	memset(c, 0, sizeof(*c));
	c->rand = rand;
	if (log != NULL)
		c->log = *log;
}

void sip_auth_client_fini(struct sip_auth_client *c)
{
	volatile unsigned char *p = (volatile unsigned char *)c->cred;

	/* Through volatile: a memset of memory about to die may be optimised away. */
	for (size_t i = 0; i < sizeof(c->cred); i++)
		p[i] = 0;
	memset(c->cache, 0, sizeof(c->cache));
	c->n_cred = 0;
}

static int copy_value(char *dst, const char *src)
{
	size_t n = strlen(src);

	if (n >= SIP_DIGEST_VALUE_SIZE)
		return ENAMETOOLONG;
	memcpy(dst, src, n + 1);
	return 0;
}

int sip_auth_client_add_credentials(struct sip_auth_client *c, const char *realm,
				    const char *username, const char *password)
{
	struct sip_auth_client_cred tmp;
	size_t i;

	if (username == NULL || password == NULL)
		return EINVAL;
	if (realm == NULL)
		realm = "";
	int rc = copy_value(tmp.realm, realm);

	if (rc == 0)
		rc = copy_value(tmp.username, username);
	if (rc == 0)
		rc = copy_value(tmp.password, password);
	if (rc != 0)
		return rc;
	for (i = 0; i < c->n_cred && strcmp(c->cred[i].realm, realm) != 0; i++)
		;
	if (i == c->n_cred) {
		if (c->n_cred == SIP_AUTH_CLIENT_CREDS)
			return ENOBUFS;
		c->n_cred++;
	}
	c->cred[i] = tmp;
	return 0;
}

/* The keyring entry for a realm: its own, else the any-realm one, else NULL. */
static const struct sip_auth_client_cred *cred_for(const struct sip_auth_client *c,
						   const char *realm)
{
	const struct sip_auth_client_cred *any = NULL;

	for (size_t i = 0; i < c->n_cred; i++) {
		if (strcmp(c->cred[i].realm, realm) == 0)
			return &c->cred[i];
		if (c->cred[i].realm[0] == '\0')
			any = &c->cred[i];
	}
	return any;
}

static struct sip_auth_client_entry *entry_find(struct sip_auth_client *c, const char *call_id,
						const char *realm, bool proxy)
{
	for (size_t i = 0; i < SIP_AUTH_CLIENT_CACHE; i++) {
		struct sip_auth_client_entry *e = &c->cache[i];

		if (e->used && e->proxy == proxy && strcmp(e->call_id, call_id) == 0 &&
		    strcmp(e->ch.realm, realm) == 0)
			return e;
	}
	return NULL;
}

/* A free slot, else the least recently used one. */
static struct sip_auth_client_entry *entry_take(struct sip_auth_client *c)
{
	struct sip_auth_client_entry *old = &c->cache[0];

	for (size_t i = 0; i < SIP_AUTH_CLIENT_CACHE; i++) {
		if (!c->cache[i].used)
			return &c->cache[i];
		if (c->cache[i].stamp < old->stamp)
			old = &c->cache[i];
	}
	return old;
}

/* Whether `sent` carried credentials for `realm` in the header of that kind. */
static bool sent_for_realm(const struct sip_msg *sent, bool proxy, const char *realm)
{
	enum sip_hdr_id id = proxy ? SIP_HDR_PROXY_AUTHORIZATION : SIP_HDR_AUTHORIZATION;
	struct sip_digest_credentials cred;

	for (size_t i = sip_msg_hdr_find(sent, id, 0); i != SIP_HDR_NONE;
	     i = sip_msg_hdr_find(sent, id, i + 1))
		if (sip_digest_credentials_parse(sent->hdrs[i].value.p, sent->hdrs[i].value.len,
						 &cred) == 0 &&
		    strcmp(cred.realm, realm) == 0)
			return true;
	return false;
}

/* A challenge we could answer: known algorithm, a qop we can use (§22.4 item 8). */
static bool answerable(const struct sip_digest_challenge *ch)
{
	enum sip_digest_qop qop;

	if (ch->alg == SIP_DIGEST_ALG_UNKNOWN || sip_digest_qop_choose(ch, &qop) != 0)
		return false;
	return !((ch->alg == SIP_DIGEST_MD5_SESS || ch->alg == SIP_DIGEST_SHA256_SESS) &&
		 qop == SIP_DIGEST_QOP_NONE);
}

/* Remembers one challenge for a Call-ID: a new nonce gets a new cnonce and nc 0. */
static void entry_store(struct sip_auth_client *c, const char *call_id, bool proxy,
			const struct sip_digest_challenge *ch)
{
	struct sip_auth_client_entry *e = entry_find(c, call_id, ch->realm, proxy);

	if (e == NULL) {
		e = entry_take(c);
		memset(e, 0, sizeof(*e));
		e->used = true;
		e->proxy = proxy;
		memcpy(e->call_id, call_id, strlen(call_id) + 1);
	}
	if (strcmp(e->ch.nonce, ch->nonce) != 0) {
		sip_digest_cnonce_make(c->rand, e->cnonce);
		e->nc = 0;
	}
	e->ch = *ch;
	e->stamp = ++c->uses;
}

/* One WWW-Authenticate / Proxy-Authenticate row: 0 learnt, or why not. */
static int challenge_row(struct sip_auth_client *c, const struct sip_msg *sent, bool proxy,
			 const char *call_id, const struct sip_hdr *h)
{
	struct sip_digest_challenge ch;

	if (sip_digest_challenge_parse(h->value.p, h->value.len, &ch) != 0 || !answerable(&ch))
		return ENOTSUP;
	if (cred_for(c, ch.realm) == NULL)
		return ENOENT;
	/* RFC3261 22.1: "A UAC MUST NOT re-attempt requests with the credentials that
	 * have just been rejected (though the request may be retried if the nonce was
	 * stale)." */
	if (!ch.stale && sent_for_realm(sent, proxy, ch.realm)) {
		net_log_printf(&c->log, NET_LOG_WARN, LAYER,
			       "[auth RFC3261 22.1] realm \"%s\" rejected our credentials", ch.realm);
		return EACCES;
	}
	entry_store(c, call_id, proxy, &ch);
	net_log_printf(&c->log, NET_LOG_INFO, LAYER, "[auth RFC3261 %s] %d challenge for realm \"%s\"%s",
		       proxy ? "22.3" : "22.2", proxy ? 407 : 401, ch.realm,
		       ch.stale ? " (stale nonce)" : "");
	return 0;
}

int sip_auth_client_challenge(struct sip_auth_client *c, const struct sip_msg *sent,
			      const struct sip_msg *resp)
{
	static const enum sip_hdr_id kinds[] = { SIP_HDR_WWW_AUTHENTICATE, SIP_HDR_PROXY_AUTHENTICATE };
	char call_id[SIP_AUTH_CALL_ID_MAX];
	bool learnt = false, rejected = false, missing = false;

	if (sent == NULL || resp == NULL || !sent->is_request || resp->is_request ||
	    (resp->status != 401 && resp->status != 407) ||
	    sip_str_copy(sent->call_id, call_id, sizeof(call_id)) != 0)
		return EINVAL;
	for (size_t k = 0; k < 2; k++)
		for (size_t i = sip_msg_hdr_find(resp, kinds[k], 0); i != SIP_HDR_NONE;
		     i = sip_msg_hdr_find(resp, kinds[k], i + 1)) {
			int rc = challenge_row(c, sent, k == 1, call_id, &resp->hdrs[i]);

			learnt |= rc == 0;
			rejected |= rc == EACCES;
			missing |= rc == ENOENT;
		}
	if (rejected)
		return EACCES;
	if (learnt)
		return 0;
	return missing ? ENOENT : ENOTSUP;
}

/* The credentials row for one remembered challenge. */
static int authorize_one(struct sip_auth_client *c, struct sip_auth_client_entry *e,
			 struct sip_msg *req, const char *method, const char *uri)
{
	const struct sip_auth_client_cred *cr = cred_for(c, e->ch.realm);
	struct sip_digest_credentials out;
	char value[SIP_DIGEST_URI_SIZE + 4 * SIP_DIGEST_VALUE_SIZE];

	if (cr == NULL)
		return ENOENT;
	/* RFC2617 3.2.2: nc "is the hexadecimal count of the number of requests
	 * (including the current request) that the client has sent with the nonce
	 * value in this request." */
	struct sip_digest_client_request r = {
		.username = cr->username, .password = cr->password, .method = method, .uri = uri,
		.nc = e->nc + 1, .cnonce = e->cnonce, .body = req->body.p, .body_len = req->body.len,
	};
	int rc = sip_digest_client_respond(&e->ch, &r, &out);

	if (rc == 0)
		rc = sip_digest_credentials_format(&out, value, sizeof(value));
	if (rc == 0)
		rc = sip_msg_hdr_add(req, e->proxy ? SIP_HDR_PROXY_AUTHORIZATION : SIP_HDR_AUTHORIZATION,
				     value);
	if (rc == 0) {
		e->nc++;
		e->stamp = ++c->uses;
	}
	return rc;
}

int sip_auth_client_authorize(struct sip_auth_client *c, struct sip_msg *req, size_t *added)
{
	char call_id[SIP_AUTH_CALL_ID_MAX], method[SIP_DIGEST_TOKEN_SIZE], uri[SIP_DIGEST_URI_SIZE];
	size_t n = 0;
	int rc = 0;

	if (added != NULL)
		*added = 0;
	if (req == NULL || !req->is_request)
		return EINVAL;
	/* RFC3261 22.4: "digest-uri-value = Request-URI" and A2 takes the SIP method. */
	if (sip_str_copy(req->call_id, call_id, sizeof(call_id)) != 0 ||
	    sip_str_copy(req->method_name, method, sizeof(method)) != 0 ||
	    sip_str_copy(req->ruri.text, uri, sizeof(uri)) != 0)
		return ENOBUFS;
	for (size_t i = 0; i < SIP_AUTH_CLIENT_CACHE && rc == 0; i++) {
		struct sip_auth_client_entry *e = &c->cache[i];

		if (!e->used || strcmp(e->call_id, call_id) != 0)
			continue;
		rc = authorize_one(c, e, req, method, uri);
		n += rc == 0;
	}
	if (added != NULL)
		*added = n;
	return rc;
}

void sip_auth_client_forget(struct sip_auth_client *c, struct sip_str call_id)
{
	for (size_t i = 0; i < SIP_AUTH_CLIENT_CACHE; i++)
		if (c->cache[i].used && sip_str_eq_c(call_id, c->cache[i].call_id))
			memset(&c->cache[i], 0, sizeof(c->cache[i]));
}
