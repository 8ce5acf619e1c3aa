/* sip/uri_cmp.c - URI comparison and lookups (RFC 3261 §19.1.4).
 *
 * Two URIs are compared component by component, decoding "%HH" on the fly:
 * "Characters other than those in the "reserved" set ... are equivalent to their
 * "%" HEX HEX encoding", so "%61lice" equals "alice" but "%40" never equals "@".
 *
 * Leaves out: RFC 3966 tel comparison and scheme-specific rules for other absolute
 * URIs (both compare as text); header components compare names case-insensitively
 * and values exactly, a simplification of "the matching rules are defined for each
 * header field in Section 20" (DEVIATION).
 */
#include "sip/uri.h"
#include "sip/hdr.h"
#include "sip/msg_internal.h"

#include <string.h>

static int hexval(char c)
{
	if (CC(c) & CC_DIGIT)
		return c - '0';
	if (CC(c) & CC_HEX)
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* The next character of an escaped view.  A decoded reserved character stays
 * apart from the literal one (0x100 + c): reserved characters are not equivalent
 * to their escapes. */
static int next_char(struct sip_str s, size_t *i, bool fold)
{
	int c = (unsigned char)s.p[(*i)++];

	if (c == '%' && *i + 1 < s.len && hexval(s.p[*i]) >= 0 && hexval(s.p[*i + 1]) >= 0) {
		c = hexval(s.p[*i]) * 16 + hexval(s.p[*i + 1]);
		*i += 2;
		if (c != 0 && strchr(";/?:@&=+$,", c) != NULL)
			return 0x100 + c;
	}
	if (fold && c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	return c;
}

/* Escaped views equal after decoding; case-insensitively when fold. */
static bool esc_eq(struct sip_str a, struct sip_str b, bool fold)
{
	size_t i = 0, j = 0;

	while (i < a.len && j < b.len)
		if (next_char(a, &i, fold) != next_char(b, &j, fold))
			return false;
	return i == a.len && j == b.len;
}

/* RFC3261 19.1.4: "A user, ttl, or method uri-parameter appearing in only one URI never
 * matches ... A URI that includes an maddr parameter will not match a URI that
 * contains no maddr parameter", and transport likewise through "the same is true
 * for the transport-parameter". */
static bool must_be_in_both(struct sip_str name)
{
	static const char *const names[] = { "user", "ttl", "method", "maddr", "transport" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (esc_eq(name, sip_str_from_c(names[i]), true))
			return true;
	return false;
}

static bool find_param(struct sip_str params, struct sip_str name, struct sip_param *out)
{
	while (sip_param_next(&params, out))
		if (esc_eq(out->name, name, true))
			return true;
	return false;
}

/* Every parameter of a also in b must match; those in a only must not be one of
 * the five above.  §19.1.1: "any given parameter-name MUST NOT appear more than
 * once"; when it does anyway, each side is judged by its first occurrence, which
 * keeps the comparison reflexive. */
static bool params_match_one_way(struct sip_str a, struct sip_str b)
{
	struct sip_param pa, first, pb;
	struct sip_str cur = a;

	while (sip_param_next(&cur, &pa)) {
		if (!find_param(b, pa.name, &pb)) {
			if (must_be_in_both(pa.name))
				return false;
			continue;
		}
		find_param(a, pa.name, &first);
		if (first.has_value != pb.has_value || !esc_eq(first.value, pb.value, true))
			return false;
	}
	return true;
}

/* Walks "name=value&name=value". */
static bool next_header(struct sip_str *cur, struct sip_str *name, struct sip_str *value)
{
	if (cur->len == 0)
		return false;
	const char *p = cur->p, *e = p + cur->len;
	const char *amp = memchr(p, '&', cur->len);
	const char *end = amp != NULL ? amp : e;
	const char *eq = memchr(p, '=', (size_t)(end - p));

	if (eq == NULL)
		eq = end;
	*name = sip_span(p, eq);
	*value = sip_span(eq < end ? eq + 1 : end, end);
	cur->p = amp != NULL ? amp + 1 : e;
	cur->len = (size_t)(e - cur->p);
	return true;
}

static size_t count_headers(struct sip_str h)
{
	struct sip_str n, v;
	size_t k = 0;

	while (next_header(&h, &n, &v))
		k++;
	return k;
}

/* RFC3261 19.1.4: "Any present header component MUST be present in both URIs and match". */
static bool headers_match(struct sip_str a, struct sip_str b)
{
	struct sip_str na, va, nb, vb;

	if (count_headers(a) != count_headers(b))
		return false;
	while (next_header(&a, &na, &va)) {
		struct sip_str cur = b;
		bool found = false;

		while (!found && next_header(&cur, &nb, &vb))
			found = esc_eq(na, nb, true) && esc_eq(va, vb, false);
		if (!found)
			return false;
	}
	return true;
}

bool sip_uri_equal(const struct sip_uri *a, const struct sip_uri *b)
{
	/* "A SIP and SIPS URI are never equivalent." */
	if (a->scheme != b->scheme)
		return false;
	if (a->scheme == SIP_URI_OTHER || a->scheme == SIP_URI_TEL)
		return sip_str_eqi(a->scheme_name, b->scheme_name) && sip_str_eq(a->opaque, b->opaque);
	/* "Comparison of the userinfo of SIP and SIPS URIs is case-sensitive." and "A
	 * URI omitting the user component will not match a URI that includes one." */
	if ((a->user.p == NULL) != (b->user.p == NULL) || !esc_eq(a->user, b->user, false))
		return false;
	if (a->has_password != b->has_password || !esc_eq(a->password, b->password, false))
		return false;
	/* "the user, password, host, and port components must match"; a URI omitting
	 * the port does not match one declaring 5060. */
	if (!sip_str_eqi(a->host, b->host) || a->port != b->port)
		return false;
	return params_match_one_way(a->params, b->params) &&
	       params_match_one_way(b->params, a->params) && headers_match(a->headers, b->headers);
}

bool sip_uri_param(const struct sip_uri *uri, const char *name, struct sip_str *value)
{
	struct sip_param prm;

	if (!find_param(uri->params, sip_str_from_c(name), &prm))
		return false;
	if (value != NULL)
		*value = prm.value;
	return true;
}

bool sip_uri_header(const struct sip_uri *uri, const char *name, struct sip_str *value)
{
	struct sip_str cur = uri->headers, n, v;

	while (next_header(&cur, &n, &v)) {
		if (esc_eq(n, sip_str_from_c(name), true)) {
			if (value != NULL)
				*value = v;
			return true;
		}
	}
	return false;
}
