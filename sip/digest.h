/* sip/digest.h - Digest authentication primitives (RFC 3261 §22, RFC 2617 §3, RFC 7616 §3).
 *
 * A SIP server challenges a request with 401 + WWW-Authenticate (registrars, UASs) or
 * 407 + Proxy-Authenticate (proxies, RFC 3261 §22.1); the client repeats the request
 * with Authorization / Proxy-Authorization credentials whose "response" proves it
 * knows the password without sending it:
 *
 *     HA1      = H(username ":" realm ":" password)                 (RFC 2617 §3.2.2.2)
 *     HA2      = H(method ":" digest-uri)                           (§3.2.2.3, qop=auth)
 *     response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2) (§3.2.2.1)
 *     response = H(HA1 ":" nonce ":" HA2)                           (no qop, RFC 2069)
 *
 * H is MD5 or SHA-256, written as lowercase hex.  This header holds the computation,
 * a parser and a formatter for the parameter lists of both header values, and the
 * client's side (pick qop, build credentials).  The server's nonce store and
 * verification are in sip/digest_server.h.
 *
 * Everything works on plain NUL-terminated strings and the structs below; nothing
 * here knows the SIP message layer.  Parsed values are copied (unescaped) into the
 * structs' own arrays, so a parsed challenge outlives the message it came from.
 *
 * Leaves out: userhash and username* (RFC 7616 §3.4.4, RFC 5987), charset, SHA-512-256,
 * the domain directive (kept as an unknown parameter: RFC 3261 §22.1 "The realm string
 * alone defines the protection domain"), Authentication-Info parsing (rspauth can be
 * computed: pass method "" per RFC 2617 §3.2.3), schemes other than Digest.
 */
#ifndef SIP_DIGEST_H
#define SIP_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct net_rand;

#define SIP_DIGEST_HEX_SIZE 65     /* longest H() in hex (SHA-256: 64 digits) + NUL */
#define SIP_DIGEST_VALUE_SIZE 256  /* realm, nonce, opaque, username, cnonce + NUL */
#define SIP_DIGEST_URI_SIZE 1024   /* digest-uri + NUL */
#define SIP_DIGEST_TOKEN_SIZE 32   /* algorithm token as received + NUL */
#define SIP_DIGEST_NC_SIZE 9       /* nc-value: 8 hex digits + NUL */
#define SIP_DIGEST_CNONCE_SIZE 33  /* what sip_digest_cnonce_make writes: 32 hex + NUL */

/* RFC2617 3.2.1: "algorithm ... If this is not present it is assumed to be "MD5"." */
enum sip_digest_alg {
	SIP_DIGEST_MD5,          /* "MD5" */
	SIP_DIGEST_MD5_SESS,     /* "MD5-sess": HA1 also covers nonce and cnonce */
	SIP_DIGEST_SHA256,       /* "SHA-256" (RFC 7616 §3.3) */
	SIP_DIGEST_SHA256_SESS,  /* "SHA-256-sess" */
	SIP_DIGEST_ALG_UNKNOWN   /* any other token: we cannot answer that challenge */
};

enum sip_digest_qop {
	SIP_DIGEST_QOP_NONE,     /* no qop directive: the RFC 2069 response */
	SIP_DIGEST_QOP_AUTH,     /* "auth" */
	SIP_DIGEST_QOP_AUTH_INT  /* "auth-int": A2 also covers H(entity-body) */
};

/* A bit per qop in sip_digest_challenge.qop_offered. */
#define SIP_DIGEST_QOP_BIT(q) (1u << (unsigned)(q))

/* "MD5", "MD5-sess", "SHA-256", "SHA-256-sess"; NULL for SIP_DIGEST_ALG_UNKNOWN. */
const char *sip_digest_alg_name(enum sip_digest_alg alg);

/* Case-insensitive match of an algorithm token; SIP_DIGEST_ALG_UNKNOWN if none. */
enum sip_digest_alg sip_digest_alg_parse(const char *token, size_t len);

/* "auth", "auth-int", or "" for SIP_DIGEST_QOP_NONE. */
const char *sip_digest_qop_name(enum sip_digest_qop qop);

/* ---- The computation (RFC 2617 §3.2.2.1-§3.2.2.3, RFC 7616 §3.4.1-§3.4.3) ---------- */

/* Everything a response depends on.  Strings are NUL-terminated and borrowed. */
struct sip_digest_input {
	enum sip_digest_alg alg;
	enum sip_digest_qop qop;
	const char *username;  /* unq(username-value) */
	const char *realm;     /* unq(realm-value) */
	const char *password;  /* the shared secret; unused when ha1 is set */
	const char *ha1;       /* optional: stored H(username:realm:password) in hex, so a
				* server need not keep passwords (RFC 2617 §3.3); NULL = use password */
	const char *nonce;     /* unq(nonce-value), from the challenge */
	const char *cnonce;    /* unq(cnonce-value); needed with qop and with -sess */
	uint32_t nc;           /* nonce count; used only with qop */
	const char *method;    /* the SIP method ("REGISTER"); "" gives rspauth's A2 */
	const char *uri;       /* digest-uri-value, byte for byte as in uri="..." */
	const void *body;      /* auth-int only: the message body (NULL if body_len is 0) */
	size_t body_len;       /* bytes */
};

/* H(A1), with the -sess variant's nonce and cnonce folded in.  Returns 0, or EINVAL
 * (unknown algorithm, a required field NULL, ha1 of the wrong length). */
int sip_digest_ha1(const struct sip_digest_input *in, char out[SIP_DIGEST_HEX_SIZE]);

/* H(A2) = H(method ":" uri [":" H(body)]).  Returns 0 or EINVAL. */
int sip_digest_ha2(const struct sip_digest_input *in, char out[SIP_DIGEST_HEX_SIZE]);

/* The request-digest: the value of response="...".  Returns 0 or EINVAL. */
int sip_digest_response(const struct sip_digest_input *in, char out[SIP_DIGEST_HEX_SIZE]);

/* nc-value: 8 lowercase hex digits, 1 -> "00000001" (RFC 2617 §3.2.2). */
void sip_digest_nc_format(uint32_t nc, char out[SIP_DIGEST_NC_SIZE]);

/* Compares len bytes without stopping at the first difference, so the time taken
 * does not tell an attacker how many leading digits of a guess were right. */
bool sip_digest_equal(const char *a, const char *b, size_t len);

/* ---- Parsing auth-param lists (RFC 3261 §25.1 challenge / credentials) ---------- */

/* One name=value of the list: views into the parsed text. */
struct sip_digest_param {
	const char *name;   /* token, view into the input */
	size_t name_len;
	const char *value;  /* token, or the inside of a quoted-string (escapes kept) */
	size_t value_len;
	bool quoted;        /* value was a quoted-string: unescape with sip_digest_unquote */
};

struct sip_digest_cursor {
	const char *p;      /* next byte to read, view into the caller's text */
	const char *end;    /* one past the last byte */
	bool need_comma;    /* a parameter was read: the next one follows a COMMA */
};

/* Starts reading `len` bytes of an auth-param list ("realm=\"x\", nonce=..."). */
void sip_digest_cursor_init(struct sip_digest_cursor *c, const char *list, size_t len);

/* Reads the next `name=value`.  Returns 0, ENOENT at the end of the list, or EBADMSG
 * on a syntax error (the cursor then stays at the offending byte).  Never reads
 * outside [list, list + len). */
int sip_digest_param_next(struct sip_digest_cursor *c, struct sip_digest_param *out);

/* Copies the value with quoted-pair escapes removed, NUL-terminated.  Returns 0 or
 * ENOBUFS if it does not fit in `size` bytes. */
int sip_digest_unquote(const struct sip_digest_param *p, char *out, size_t size);

/* A parsed WWW-Authenticate / Proxy-Authenticate value (RFC 2617 §3.2.1). */
struct sip_digest_challenge {
	char realm[SIP_DIGEST_VALUE_SIZE];      /* unescaped; required */
	char nonce[SIP_DIGEST_VALUE_SIZE];      /* unescaped; required */
	char opaque[SIP_DIGEST_VALUE_SIZE];     /* "" when absent */
	bool has_opaque;
	enum sip_digest_alg alg;                /* SIP_DIGEST_MD5 when absent */
	char algorithm[SIP_DIGEST_TOKEN_SIZE];  /* the token as received, for messages */
	bool has_qop;                           /* a qop directive was present */
	unsigned qop_offered;                   /* SIP_DIGEST_QOP_BIT()s of known options */
	bool stale;                             /* stale=TRUE (case-insensitive) */
};

/* A parsed Authorization / Proxy-Authorization value (RFC 2617 §3.2.2). */
struct sip_digest_credentials {
	char username[SIP_DIGEST_VALUE_SIZE];   /* unescaped; required */
	char realm[SIP_DIGEST_VALUE_SIZE];      /* unescaped; required */
	char nonce[SIP_DIGEST_VALUE_SIZE];      /* unescaped; required */
	char uri[SIP_DIGEST_URI_SIZE];          /* digest-uri-value; required */
	char response[SIP_DIGEST_HEX_SIZE];     /* request-digest; required */
	char cnonce[SIP_DIGEST_VALUE_SIZE];     /* present exactly when qop is */
	char opaque[SIP_DIGEST_VALUE_SIZE];     /* "" when absent */
	bool has_opaque;
	enum sip_digest_alg alg;                /* SIP_DIGEST_MD5 when absent */
	enum sip_digest_qop qop;                /* SIP_DIGEST_QOP_NONE when absent */
	uint32_t nc;                            /* present exactly when qop is */
};

/* Parse a whole header field value, scheme included ("Digest realm=..."), into `out`.
 * Unknown parameters are ignored (RFC 2617 §3.2.1: "Any unrecognized directive MUST be
 * ignored").  Returns 0, ENOTSUP for another scheme (RFC 3261 §22: never "Basic"),
 * EBADMSG for bad syntax, a repeated or missing required directive, ENOBUFS when a
 * value is longer than its field.  `out` is undefined after an error. */
int sip_digest_challenge_parse(const char *value, size_t len, struct sip_digest_challenge *out);
int sip_digest_credentials_parse(const char *value, size_t len,
				 struct sip_digest_credentials *out);

/* ---- Formatting header field values ------------------------------------------- */

/* `Digest realm="...", nonce="...", opaque="...", algorithm=MD5, qop="auth"[, stale=TRUE]`
 * into out (always NUL-terminated when size > 0).  Returns 0, ENOBUFS when it does
 * not fit, EINVAL for an unknown algorithm or a value that cannot be quoted (CR, LF
 * or other control characters). */
int sip_digest_challenge_format(const struct sip_digest_challenge *c, char *out, size_t size);

/* `Digest username="...", realm="...", nonce="...", uri="...", response="...",
 * algorithm=MD5, cnonce="...", opaque="...", qop=auth, nc=00000001`; cnonce, qop and
 * nc only with a qop, opaque only if present.  Same returns as above. */
int sip_digest_credentials_format(const struct sip_digest_credentials *c, char *out,
				  size_t size);

/* ---- The client's side (RFC 2617 §3.2.2, RFC 3261 §22.2-§22.4) --------------------- */

/* What the UA knows about the request it is about to resend.  Borrowed strings. */
struct sip_digest_client_request {
	const char *username;
	const char *password;
	const char *method;    /* the SIP method of this request */
	const char *uri;       /* its Request-URI, as it will be sent */
	uint32_t nc;           /* 1 for the first request with this nonce, then 2, 3 ... */
	const char *cnonce;    /* fresh per nonce (sip_digest_cnonce_make) */
	const void *body;      /* for qop=auth-int only; may be NULL */
	size_t body_len;
};

/* The qop the client will use: auth when offered, else auth-int, NONE when the
 * challenge carried no qop.  Returns 0, or EPROTO when a qop directive offered
 * nothing we know (RFC 3261 §22.4 item 8: we would have to send one). */
int sip_digest_qop_choose(const struct sip_digest_challenge *ch, enum sip_digest_qop *qop);

/* Fills credentials answering `ch`, response computed.  Returns 0, ENOTSUP for an
 * algorithm we do not implement (RFC 2617 §3.2.1: "If the algorithm is not
 * understood, the challenge should be ignored"), EPROTO when no usable qop or a -sess
 * algorithm without qop, EINVAL for a missing field, ENOBUFS when a value is too long. */
int sip_digest_client_respond(const struct sip_digest_challenge *ch,
			      const struct sip_digest_client_request *req,
			      struct sip_digest_credentials *out);

/* 32 random lowercase hex digits (128 bits) + NUL from the caller's random source. */
void sip_digest_cnonce_make(struct net_rand *r, char out[SIP_DIGEST_CNONCE_SIZE]);

#endif
