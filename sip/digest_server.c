/* sip/digest_server.c - nonce store and credential verification (RFC 3261 §22.1-§22.4,
 * RFC 2617 §3.2.1, §3.2.2, §3.3, §4.3, §4.5).
 *
 * RFC 2617 §4.5: "For applications where no possibility of replay attack can be
 * tolerated the server can use one-time nonce values ... This requires the overhead of
 * the server remembering which nonce values have been used until the nonce time-stamp
 * ... has expired".  We remember each nonce with its issue time and the last nonce
 * count seen: a nonce works until it expires, and each use must count upwards.
 *
 * The checks run in a fixed order, each with its own verdict:
 *   well-formed -> our realm -> known user -> right response -> our nonce, not
 *   expired -> nc above the last one -> OK
 * The response is checked before the nonce so that stale=TRUE is only ever said to
 * someone who knows the password (RFC 2617 §3.2.1).
 *
 * Leaves out: see sip/digest_server.h (auth-int, Request-URI match, nextnonce).
 */
#include "sip/digest_server.h"

#include "net/rand.h"

#include <errno.h>
#include <string.h>

static const char *const verdict_names[] = {
	[SIP_DIGEST_OK] = "OK",
	[SIP_DIGEST_MALFORMED] = "MALFORMED",
	[SIP_DIGEST_WRONG_REALM] = "WRONG_REALM",
	[SIP_DIGEST_UNKNOWN_USER] = "UNKNOWN_USER",
	[SIP_DIGEST_BAD_RESPONSE] = "BAD_RESPONSE",
	[SIP_DIGEST_STALE] = "STALE",
	[SIP_DIGEST_REPLAY] = "REPLAY",
};

const char *sip_digest_verdict_name(enum sip_digest_verdict v)
{
	if ((unsigned)v >= sizeof verdict_names / sizeof verdict_names[0])
		return "?";
	return verdict_names[v];
}

int sip_digest_verdict_status(enum sip_digest_verdict v, bool proxy)
{
	switch (v) {
	case SIP_DIGEST_OK:
		return 0;
	case SIP_DIGEST_MALFORMED:
		/* RFC2617 3.2.2: "the proper response is 400 Bad Request" */
		return 400;
	case SIP_DIGEST_WRONG_REALM:
	case SIP_DIGEST_UNKNOWN_USER:
		/* RFC3261 22.1: "a server may repeat its challenge, or it may respond with a
		 * 403 Forbidden" - a new password will not create the user. */
		return 403;
	default:
		/* RFC3261 22.1: registrars and UASs use 401, "but proxies MUST NOT, and
		 * instead MAY use the 407 (Proxy Authentication Required) response." */
		return proxy ? 407 : 401;
	}
}

bool sip_digest_verdict_stale(enum sip_digest_verdict v)
{
	return v == SIP_DIGEST_STALE || v == SIP_DIGEST_REPLAY;
}

bool sip_digest_method_challengeable(const char *method)
{
	/* RFC3261 22.1: "Servers MUST NOT attempt to challenge an ACK." and "servers MUST
	 * NOT attempt to challenge CANCEL requests since these requests cannot be
	 * resubmitted." */
	return strcmp(method, "ACK") != 0 && strcmp(method, "CANCEL") != 0;
}

/* A realm we can always write as a quoted-string: no CR, LF or other controls. */
static bool realm_valid(const char *realm, size_t max)
{
	size_t n = strlen(realm);

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)realm[i] < 0x20 && realm[i] != '\t') || realm[i] == 0x7f)
			return false;
	return n > 0 && n < max;
}

int sip_digest_server_init(struct sip_digest_server *s, const struct sip_digest_server_config *cfg)
{
	if (cfg->realm == NULL || cfg->lookup == NULL || cfg->rand == NULL ||
	    sip_digest_alg_name(cfg->alg) == NULL || !realm_valid(cfg->realm, sizeof s->realm))
		return EINVAL;
	memset(s, 0, sizeof *s);
	memcpy(s->realm, cfg->realm, strlen(cfg->realm) + 1);
	s->alg = cfg->alg;
	s->lifetime_us = cfg->nonce_lifetime_us != 0 ? cfg->nonce_lifetime_us
						     : SIP_DIGEST_NONCE_LIFETIME_US;
	s->lookup = cfg->lookup;
	s->lookup_arg = cfg->lookup_arg;
	s->rand = cfg->rand;
	s->log = cfg->log;
	/* RFC2617 3.2.1 opaque: "It is recommended that this string be base64 or
	 * hexadecimal data." */
	sip_digest_cnonce_make(s->rand, s->opaque);
	return 0;
}

void sip_digest_server_fini(struct sip_digest_server *s)
{
	memset(s, 0, sizeof *s);
}

/* ---- The nonce store ------------------------------------------------------------------ */

static bool nonce_expired(const struct sip_digest_server *s, const struct sip_digest_nonce *n,
			  uint64_t now_us)
{
	return now_us >= n->issued_us && now_us - n->issued_us >= s->lifetime_us;
}

static void hex64(uint64_t v, char out[16])
{
	static const char hex[] = "0123456789abcdef";

	for (unsigned i = 0; i < 16; i++)
		out[i] = hex[(v >> (60 - 4 * i)) & 0x0f];
}

/* RFC3261 22.4 item 4: "The example procedure for choosing a nonce based on Etag does
 * not work for SIP."  Ours: the issue time (unique per microsecond) followed by 128
 * random bits (unguessable), all hex as RFC 2617 §3.2.1 recommends. */
static void nonce_make(struct sip_digest_server *s, uint64_t now_us,
		       char out[SIP_DIGEST_NONCE_LEN + 1])
{
	hex64(now_us, out);
	hex64(net_rand_u64(s->rand), out + 16);
	hex64(net_rand_u64(s->rand), out + 32);
	out[SIP_DIGEST_NONCE_LEN] = '\0';
}

/* A free or expired slot; when there is none, the oldest nonce is evicted. */
static struct sip_digest_nonce *nonce_slot(struct sip_digest_server *s, uint64_t now_us)
{
	struct sip_digest_nonce *oldest = &s->nonces[0];

	for (size_t i = 0; i < SIP_DIGEST_SERVER_NONCES; i++) {
		struct sip_digest_nonce *n = &s->nonces[i];

		if (n->value[0] == '\0' || nonce_expired(s, n, now_us))
			return n;
		if (n->issued_us < oldest->issued_us)
			oldest = n;
	}
	net_log_printf(s->log, NET_LOG_DEBUG, "auth",
		       "[auth RFC2617 4.3] nonce store full (%d): forgetting nonce %s",
		       SIP_DIGEST_SERVER_NONCES, oldest->value);
	return oldest;
}

static struct sip_digest_nonce *nonce_find(struct sip_digest_server *s, const char *value)
{
	if (value[0] == '\0')
		return NULL;
	for (size_t i = 0; i < SIP_DIGEST_SERVER_NONCES; i++)
		if (strcmp(s->nonces[i].value, value) == 0)
			return &s->nonces[i];
	return NULL;
}

int sip_digest_server_challenge(struct sip_digest_server *s, uint64_t now_us, bool stale,
				char *out, size_t size)
{
	struct sip_digest_nonce *n = nonce_slot(s, now_us);
	struct sip_digest_challenge ch;

	nonce_make(s, now_us, n->value);
	n->issued_us = now_us;
	n->last_nc = 0;
	memset(&ch, 0, sizeof ch);
	memcpy(ch.realm, s->realm, sizeof ch.realm);
	memcpy(ch.nonce, n->value, sizeof n->value);
	memcpy(ch.opaque, s->opaque, sizeof s->opaque);
	ch.has_opaque = true;
	ch.alg = s->alg;
	/* RFC3261 22.4 item 8: "servers MUST always send a "qop" parameter" */
	ch.has_qop = true;
	ch.qop_offered = SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH);
	/* RFC2617 3.2.1 stale: "The server should only set stale to TRUE if it receives a
	 * request for which the nonce is invalid but with a valid digest for that nonce" -
	 * the caller passes sip_digest_verdict_stale() of its verdict. */
	ch.stale = stale;
	return sip_digest_challenge_format(&ch, out, size);
}

/* ---- Verification -------------------------------------------------------------------- */

static bool alg_is_sess(enum sip_digest_alg alg)
{
	return alg == SIP_DIGEST_MD5_SESS || alg == SIP_DIGEST_SHA256_SESS;
}

/* Clears a secret.  A plain memset of a buffer that is about to go out of scope may be
 * removed by the optimiser ("dead store"); writes through volatile may not. */
static void wipe(char *p, size_t len)
{
	volatile char *v = p;

	while (len-- > 0)
		*v++ = 0;
}

/* Directives that must match what our challenge offered. */
static bool credentials_acceptable(const struct sip_digest_server *s,
				   const struct sip_digest_credentials *cred)
{
	/* RFC2617 3.2.2: "The values of the opaque and algorithm fields must be those
	 * supplied in the WWW-Authenticate response header" */
	if (cred->alg != s->alg)
		return false;
	if (cred->has_opaque && strcmp(cred->opaque, s->opaque) != 0)
		return false;
	/* RFC2617 3.2.2 qop: "If present, its value MUST be one of the alternatives the
	 * server indicated it supports" - we offer auth only. */
	if (cred->qop == SIP_DIGEST_QOP_AUTH_INT)
		return false;
	/* RFC3261 22.4 item 8: "MD5-Sess" requires "that the qop directive be sent" */
	return !(cred->qop == SIP_DIGEST_QOP_NONE && alg_is_sess(cred->alg));
}

/* Recomputes the response and compares it without an early exit (see docs/auth.md:
 * a compare that stops at the first wrong digit tells a timing attacker how many
 * leading digits of a forged response were right). */
static bool response_matches(const struct sip_digest_credentials *cred, const char *password,
			     const char *method)
{
	const struct sip_digest_input in = {
		.alg = cred->alg, .qop = cred->qop,
		.username = cred->username, .realm = cred->realm, .password = password,
		.nonce = cred->nonce, .cnonce = cred->cnonce, .nc = cred->nc,
		/* RFC3261 22.4 item 6: the uri directive, not our Request-URI, went into
		 * the client's hash; the two may legitimately differ after forwarding. */
		.method = method, .uri = cred->uri,
	};
	char want[SIP_DIGEST_HEX_SIZE];

	if (sip_digest_response(&in, want) != 0)
		return false;
	size_t n = strlen(want);

	/* The length is public (fixed by the algorithm); only the digits are secret. */
	return strlen(cred->response) == n && sip_digest_equal(want, cred->response, n);
}

/* The nonce part: ours, fresh, and counted upwards. */
static enum sip_digest_verdict nonce_use(struct sip_digest_server *s,
					 const struct sip_digest_credentials *cred, uint64_t now_us)
{
	struct sip_digest_nonce *n = nonce_find(s, cred->nonce);

	if (n == NULL)
		return SIP_DIGEST_STALE;  /* never ours, or evicted: try a fresh one */
	if (nonce_expired(s, n, now_us)) {
		n->value[0] = '\0';
		return SIP_DIGEST_STALE;
	}
	/* RFC2617 3.2.2 nonce-count: "if the same nc-value is seen twice, then the request
	 * is a replay."  Credentials without qop (RFC 2069) carry no nc: such a nonce
	 * serves once, as if every use said nc=1. */
	uint32_t nc = cred->qop == SIP_DIGEST_QOP_NONE ? 1 : cred->nc;

	if (nc <= n->last_nc)
		return SIP_DIGEST_REPLAY;
	n->last_nc = nc;
	return SIP_DIGEST_OK;
}

static enum sip_digest_verdict verify(struct sip_digest_server *s,
				      const struct sip_digest_credentials *cred,
				      const char *method, uint64_t now_us)
{
	char password[SIP_DIGEST_VALUE_SIZE] = "";

	if (method == NULL || !credentials_acceptable(s, cred))
		return SIP_DIGEST_MALFORMED;
	/* RFC3261 22.3: "a Proxy-Authorization header field value MUST NOT be consumed by
	 * any proxy whose realm does not match the "realm" parameter" */
	if (strcmp(cred->realm, s->realm) != 0)
		return SIP_DIGEST_WRONG_REALM;
	if (s->lookup(s->lookup_arg, s->realm, cred->username, password, sizeof password) != 0)
		return SIP_DIGEST_UNKNOWN_USER;
	password[sizeof password - 1] = '\0';

	bool right = response_matches(cred, password, method);

	wipe(password, sizeof password);
	if (!right)
		return SIP_DIGEST_BAD_RESPONSE;
	return nonce_use(s, cred, now_us);
}

enum sip_digest_verdict sip_digest_server_verify(struct sip_digest_server *s,
						 const struct sip_digest_credentials *cred,
						 const char *method, uint64_t now_us)
{
	enum sip_digest_verdict v = verify(s, cred, method, now_us);

	/* RFC2617 3.2.2: "If the request-digest is invalid, then a login failure should be
	 * logged".  RFC 7616 §3.4: not "a cleartext password (e.g., entered into the
	 * username field)" - so an unknown username is never logged. */
	if (v == SIP_DIGEST_UNKNOWN_USER || v == SIP_DIGEST_MALFORMED)
		net_log_printf(s->log, NET_LOG_WARN, "auth", "[auth RFC3261 22] realm \"%s\": %s",
			       s->realm, sip_digest_verdict_name(v));
	else
		net_log_printf(s->log, v == SIP_DIGEST_OK ? NET_LOG_INFO : NET_LOG_WARN, "auth",
			       "[auth RFC3261 22] realm \"%s\" user \"%s\" %s: %s", s->realm,
			       cred->username, method, sip_digest_verdict_name(v));
	return v;
}

enum sip_digest_verdict sip_digest_server_check(struct sip_digest_server *s, const char *value,
						size_t len, const char *method, uint64_t now_us)
{
	struct sip_digest_credentials cred;

	if (sip_digest_credentials_parse(value, len, &cred) != 0) {
		net_log_printf(s->log, NET_LOG_WARN, "auth",
			       "[auth RFC2617 3.2.2] realm \"%s\": unparsable credentials",
			       s->realm);
		return SIP_DIGEST_MALFORMED;
	}
	return sip_digest_server_verify(s, &cred, method, now_us);
}
