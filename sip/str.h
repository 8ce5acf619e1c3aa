/* sip/str.h - string views: a pointer and a length into bytes someone else owns.
 *
 * STYLE.md §2: the parser copies a message once and every parsed field is a view
 * into that copy.  A view is never NUL-terminated by contract (some are, as a
 * side effect of parsing, but do not rely on it) and may contain NUL bytes
 * (RFC 4475 §3.1.1.4 escnull: "sip:%00@host" decodes to a NUL).  Whoever keeps
 * a view beyond the life of its message copies it (sip_str_copy, or their own
 * buffer).
 *
 * RFC 3261 §7.3.1: "field names are always case-insensitive ... Tokens are always
 * case-insensitive ... values expressed as quoted strings are case-sensitive", so
 * both comparisons are offered and the caller picks the one the RFC names.
 *
 * Leaves out: allocation, formatting, Unicode case folding (SIP only folds ASCII).
 */
#ifndef SIP_STR_H
#define SIP_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sip_str {
	const char *p;  /* first byte; NULL (with len 0) when the field is absent */
	size_t len;     /* bytes */
};

/* A view of a string literal: SIP_STR_LIT("INVITE"). */
#define SIP_STR_LIT(s) ((struct sip_str){ "" s, sizeof(s) - 1 })

/* A view of a NUL-terminated string (NULL gives the absent view). */
struct sip_str sip_str_from_c(const char *s);

/* Byte-exact equality (RFC 3261: quoted strings, URI userinfo, Call-ID, tags). */
bool sip_str_eq(struct sip_str a, struct sip_str b);

/* ASCII case-insensitive equality (header names, tokens, host names). */
bool sip_str_eqi(struct sip_str a, struct sip_str b);

/* The same against a NUL-terminated C string. */
bool sip_str_eq_c(struct sip_str a, const char *s);
bool sip_str_eqi_c(struct sip_str a, const char *s);

/* Copies the view into buf as a C string.  Returns 0, or ENOBUFS when it does not
 * fit (buf then holds the truncated, still NUL-terminated prefix when cap > 0).
 * A view containing NUL bytes is copied whole; the C string then looks shorter. */
int sip_str_copy(struct sip_str s, char *buf, size_t cap);

/* Decodes a quoted-string body (the view between the quotes, as the typed headers
 * store display names and digest values): each quoted-pair "\x" becomes "x".
 * Writes *len bytes plus a NUL.  Returns 0 or ENOBUFS. */
int sip_str_unquote(struct sip_str s, char *buf, size_t cap, size_t *len);

/* Decodes "%" HEX HEX escapes (RFC 3261 §19.1.2, RFC 3986: once, never
 * recursively), as in URI user parts and parameters.  The result may contain NUL
 * bytes; *len counts them.  A NUL is appended after.  Returns 0, ENOBUFS, or
 * EBADMSG for a '%' not followed by two hex digits. */
int sip_str_unescape(struct sip_str s, char *buf, size_t cap, size_t *len);

/* Parses 1*DIGIT as a decimal.  Returns 0, EINVAL (empty or not all digits) or
 * ERANGE (above UINT32_MAX; *out is then UINT32_MAX). */
int sip_str_to_u32(struct sip_str s, uint32_t *out);

#endif
