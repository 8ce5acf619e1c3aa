/* sip/digest.c - the Digest response computation (RFC 2617 §3.2.2.1-§3.2.2.3,
 * RFC 7616 §3.4.1-§3.4.3, RFC 3261 §22.4), and the names of algorithms and qops.
 *
 * Three hashes make a response: H(A1) binds user, realm and password; H(A2) binds
 * the method and the URI; KD(H(A1), ...) binds both to the server's nonce (and with
 * qop to the client's nonce and counter).  Each hash is fed piece by piece, so no
 * "a:b:c" string is ever assembled and no buffer can overflow.
 *
 * Leaves out: nothing of the formulas; userhash (RFC 7616 §3.4.4) is not offered.
 */
#include "sip/digest.h"

#include "sip/digest_internal.h"
#include "sip/md5.h"
#include "sip/sha256.h"

#include <errno.h>
#include <string.h>

static const char *const alg_names[] = {
	[SIP_DIGEST_MD5] = "MD5",
	[SIP_DIGEST_MD5_SESS] = "MD5-sess",
	[SIP_DIGEST_SHA256] = "SHA-256",
	[SIP_DIGEST_SHA256_SESS] = "SHA-256-sess",
};

const char *sip_digest_alg_name(enum sip_digest_alg alg)
{
	if ((unsigned)alg >= sizeof alg_names / sizeof alg_names[0])
		return NULL;
	return alg_names[alg];
}

bool sip_digest_token_ieq(const char *a, size_t len, const char *lit)
{
	size_t n = strlen(lit);

	if (len != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char x = a[i], y = lit[i];

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

enum sip_digest_alg sip_digest_alg_parse(const char *token, size_t len)
{
	for (unsigned a = 0; a < sizeof alg_names / sizeof alg_names[0]; a++)
		if (sip_digest_token_ieq(token, len, alg_names[a]))
			return (enum sip_digest_alg)a;
	return SIP_DIGEST_ALG_UNKNOWN;
}

const char *sip_digest_qop_name(enum sip_digest_qop qop)
{
	switch (qop) {
	case SIP_DIGEST_QOP_AUTH: return "auth";
	case SIP_DIGEST_QOP_AUTH_INT: return "auth-int";
	default: return "";
	}
}

/* ---- H(): one streaming interface over MD5 and SHA-256 ---------------------------- */

struct digest_hash {
	bool sha256;                  /* false: MD5 */
	union {
		struct sip_md5 md5;
		struct sip_sha256 sha256;
	} u;
};

static bool alg_known(enum sip_digest_alg alg)
{
	return sip_digest_alg_name(alg) != NULL;
}

static bool alg_is_sess(enum sip_digest_alg alg)
{
	return alg == SIP_DIGEST_MD5_SESS || alg == SIP_DIGEST_SHA256_SESS;
}

/* Hex digits of H() for a known algorithm: 32 for MD5, 64 for SHA-256. */
static size_t alg_hex_len(enum sip_digest_alg alg)
{
	return (alg == SIP_DIGEST_SHA256 || alg == SIP_DIGEST_SHA256_SESS) ? 64 : 32;
}

static void h_init(struct digest_hash *h, enum sip_digest_alg alg)
{
	h->sha256 = alg_hex_len(alg) == 64;
	if (h->sha256)
		sip_sha256_init(&h->u.sha256);
	else
		sip_md5_init(&h->u.md5);
}

static void h_bytes(struct digest_hash *h, const void *p, size_t len)
{
	if (h->sha256)
		sip_sha256_update(&h->u.sha256, p, len);
	else
		sip_md5_update(&h->u.md5, p, len);
}

/* Appends a string; every piece but the first is preceded by ":". */
static void h_field(struct digest_hash *h, const char *s, bool first)
{
	if (!first)
		h_bytes(h, ":", 1);
	h_bytes(h, s, strlen(s));
}

static void h_final_hex(struct digest_hash *h, char out[SIP_DIGEST_HEX_SIZE])
{
	uint8_t d[SIP_SHA256_SIZE];

	if (h->sha256) {
		sip_sha256_final(&h->u.sha256, d);
		sip_sha256_to_hex(d, out);
	} else {
		sip_md5_final(&h->u.md5, d);
		sip_md5_to_hex(d, out);
	}
}

/* ---- H(A1), H(A2), request-digest -------------------------------------------------- */

static int ha1_base(const struct sip_digest_input *in, char out[SIP_DIGEST_HEX_SIZE])
{
	struct digest_hash h;

	/* RFC2617 3.3: "As long as H(A1) is available to the server, the validity of an
	 * Authorization header may be verified." */
	if (in->ha1 != NULL) {
		if (strlen(in->ha1) != alg_hex_len(in->alg))
			return EINVAL;
		memcpy(out, in->ha1, alg_hex_len(in->alg) + 1);
		return 0;
	}
	if (in->username == NULL || in->realm == NULL || in->password == NULL)
		return EINVAL;
	/* RFC2617 3.2.2.2: "A1 = unq(username-value) ":" unq(realm-value) ":" passwd" */
	h_init(&h, in->alg);
	h_field(&h, in->username, true);
	h_field(&h, in->realm, false);
	h_field(&h, in->password, false);
	h_final_hex(&h, out);
	return 0;
}

int sip_digest_ha1(const struct sip_digest_input *in, char out[SIP_DIGEST_HEX_SIZE])
{
	char base[SIP_DIGEST_HEX_SIZE];
	struct digest_hash h;

	if (!alg_known(in->alg))
		return EINVAL;
	int err = ha1_base(in, alg_is_sess(in->alg) ? base : out);

	if (err != 0 || !alg_is_sess(in->alg))
		return err;
	if (in->nonce == NULL || in->cnonce == NULL)
		return EINVAL;
	/* RFC2617 3.2.2.2: "A1 = H( unq(username-value) ":" unq(realm-value) ":" passwd )
	 * ":" unq(nonce-value) ":" unq(cnonce-value)".  The inner H is hex, as the text
	 * says; the RFC's sample code (§5) hashes the 16 raw bytes instead. */
	h_init(&h, in->alg);
	h_field(&h, base, true);
	h_field(&h, in->nonce, false);
	h_field(&h, in->cnonce, false);
	h_final_hex(&h, out);
	return 0;
}

int sip_digest_ha2(const struct sip_digest_input *in, char out[SIP_DIGEST_HEX_SIZE])
{
	struct digest_hash h;

	if (!alg_known(in->alg) || in->method == NULL || in->uri == NULL)
		return EINVAL;
	/* RFC2617 3.2.2.3: "A2 = Method ":" digest-uri-value" */
	h_init(&h, in->alg);
	h_field(&h, in->method, true);
	h_field(&h, in->uri, false);
	if (in->qop == SIP_DIGEST_QOP_AUTH_INT) {
		/* "A2 = Method ":" digest-uri-value ":" H(entity-body)"; RFC3261 22.4 item 7:
		 * with no body, "the hash of the entity-body resolves to the MD5 hash of an
		 * empty string" (for SHA-256, the SHA-256 of it). */
		struct digest_hash hb;
		char hbody[SIP_DIGEST_HEX_SIZE];

		if (in->body == NULL && in->body_len != 0)
			return EINVAL;
		h_init(&hb, in->alg);
		if (in->body_len > 0)
			h_bytes(&hb, in->body, in->body_len);
		h_final_hex(&hb, hbody);
		h_field(&h, hbody, false);
	}
	h_final_hex(&h, out);
	return 0;
}

int sip_digest_response(const struct sip_digest_input *in, char out[SIP_DIGEST_HEX_SIZE])
{
	char ha1[SIP_DIGEST_HEX_SIZE], ha2[SIP_DIGEST_HEX_SIZE];
	struct digest_hash h;
	int err;

	if (in->nonce == NULL)
		return EINVAL;
	if (in->qop != SIP_DIGEST_QOP_NONE && in->cnonce == NULL)
		return EINVAL;
	if ((err = sip_digest_ha1(in, ha1)) != 0 || (err = sip_digest_ha2(in, ha2)) != 0)
		return err;
	/* RFC2617 3.2.1: "KD(secret, data) = H(concat(secret, ":", data))" */
	h_init(&h, in->alg);
	h_field(&h, ha1, true);
	h_field(&h, in->nonce, false);
	if (in->qop != SIP_DIGEST_QOP_NONE) {
		/* RFC2617 3.2.2.1: KD(H(A1), unq(nonce-value) ":" nc-value ":"
		 * unq(cnonce-value) ":" unq(qop-value) ":" H(A2)) */
		char nc[SIP_DIGEST_NC_SIZE];

		sip_digest_nc_format(in->nc, nc);
		h_field(&h, nc, false);
		h_field(&h, in->cnonce, false);
		h_field(&h, sip_digest_qop_name(in->qop), false);
	}
	/* Without qop: KD(H(A1), unq(nonce-value) ":" H(A2)), "for compatibility with
	 * RFC 2069". */
	h_field(&h, ha2, false);
	h_final_hex(&h, out);
	return 0;
}

void sip_digest_nc_format(uint32_t nc, char out[SIP_DIGEST_NC_SIZE])
{
	static const char hex[] = "0123456789abcdef";

	/* RFC2617 3.2.2: "nc-value = 8LHEX" - always eight digits, lowercase. */
	for (int i = 7; i >= 0; i--) {
		out[i] = hex[nc & 0x0f];
		nc >>= 4;
	}
	out[8] = '\0';
}

bool sip_digest_equal(const char *a, const char *b, size_t len)
{
	/* Accumulate every difference and decide once at the end: the loop always runs
	 * len times.  volatile keeps the compiler from turning it back into memcmp. */
	volatile unsigned char diff = 0;

	for (size_t i = 0; i < len; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}
