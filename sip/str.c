/* sip/str.c - string views: compare, copy, unquote, unescape (see str.h).
 *
 * Implements the comparison rules of RFC 3261 §7.3.1 (case-insensitive tokens and
 * names, case-sensitive quoted strings) and the decoding of quoted-pair (§25.1) and
 * "%" HEX HEX (§19.1.2).
 *
 * Leaves out: locale-aware case folding (SIP folds ASCII only).
 */
#include "sip/str.h"
#include "sip/msg_internal.h"

#include <errno.h>
#include <string.h>

struct sip_str sip_str_from_c(const char *s)
{
	struct sip_str v = { s, s != NULL ? strlen(s) : 0 };

	return v;
}

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

bool sip_str_eq(struct sip_str a, struct sip_str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

bool sip_str_eqi(struct sip_str a, struct sip_str b)
{
	if (a.len != b.len)
		return false;
	for (size_t i = 0; i < a.len; i++)
		if (lower((unsigned char)a.p[i]) != lower((unsigned char)b.p[i]))
			return false;
	return true;
}

bool sip_str_eq_c(struct sip_str a, const char *s)
{
	return sip_str_eq(a, sip_str_from_c(s));
}

bool sip_str_eqi_c(struct sip_str a, const char *s)
{
	return sip_str_eqi(a, sip_str_from_c(s));
}

int sip_str_copy(struct sip_str s, char *buf, size_t cap)
{
	if (cap == 0)
		return ENOBUFS;
	if (s.len < cap) {
		if (s.len > 0)
			memcpy(buf, s.p, s.len);
		buf[s.len] = '\0';
		return 0;
	}
	memcpy(buf, s.p, cap - 1);
	buf[cap - 1] = '\0';
	return ENOBUFS;
}

/* Appends one byte if it fits; the count goes on so the caller learns the need. */
static void put(char *buf, size_t cap, size_t *n, char c)
{
	if (*n + 1 < cap)
		buf[*n] = c;
	(*n)++;
}

static int finish(char *buf, size_t cap, size_t n, size_t *len)
{
	if (cap > 0)
		buf[n < cap ? n : cap - 1] = '\0';
	if (len != NULL)
		*len = n < cap ? n : (cap > 0 ? cap - 1 : 0);
	return n < cap ? 0 : ENOBUFS;
}

int sip_str_unquote(struct sip_str s, char *buf, size_t cap, size_t *len)
{
	size_t n = 0;

	for (size_t i = 0; i < s.len; i++) {
		/* RFC3261 25.1: quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F) */
		if (s.p[i] == '\\' && i + 1 < s.len)
			i++;
		put(buf, cap, &n, s.p[i]);
	}
	return finish(buf, cap, n, len);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int sip_str_unescape(struct sip_str s, char *buf, size_t cap, size_t *len)
{
	size_t n = 0;

	for (size_t i = 0; i < s.len; i++) {
		char c = s.p[i];

		if (c == '%') {
			/* RFC3261 25.1: escaped = "%" HEXDIG HEXDIG */
			if (i + 2 >= s.len || hexval(s.p[i + 1]) < 0 || hexval(s.p[i + 2]) < 0)
				return EBADMSG;
			c = (char)(hexval(s.p[i + 1]) * 16 + hexval(s.p[i + 2]));
			i += 2;
		}
		put(buf, cap, &n, c);
	}
	return finish(buf, cap, n, len);
}

int sip_str_to_u32(struct sip_str s, uint32_t *out)
{
	uint64_t v = 0;

	if (s.len == 0)
		return EINVAL;
	for (size_t i = 0; i < s.len; i++) {
		if (!(CC(s.p[i]) & CC_DIGIT))
			return EINVAL;
		if (v <= UINT32_MAX)
			v = v * 10 + (uint64_t)(s.p[i] - '0');
	}
	*out = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
	return v > UINT32_MAX ? ERANGE : 0;
}
