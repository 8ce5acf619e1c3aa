/* sip/hdr_params.c - the small grammar pieces every header shares (RFC 3261 §25.1).
 *
 *  - 1*DIGIT with a cap (scalars never overflow: RFC 4475 §3.1.2.4);
 *  - quoted-string = SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE;
 *  - generic-param = token [ EQUAL gen-value ], gen-value = token / host / quoted-string;
 *  - walking a stored parameter list, and token lists.
 *
 * Leaves out: comments "( ... )" (only Server, User-Agent and Retry-After have them,
 * and those are kept verbatim).
 */
#include "sip/hdr.h"
#include "sip/msg_internal.h"

#include <string.h>

int sip_digits(const char *p, const char *e, uint64_t cap, const char **end, uint64_t *value,
	       bool *over)
{
	const char *s = p;
	uint64_t v = 0;
	bool o = false;

	/* cap stays far below UINT64_MAX / 10, so v * 10 + 9 cannot wrap. */
	while (p < e && (CC(*p) & CC_DIGIT)) {
		v = v * 10 + (uint64_t)(*p++ - '0');
		if (v > cap) {
			v = cap;
			o = true;
		}
	}
	*end = p;
	*value = v;
	*over = o;
	return p == s ? EBADMSG : 0;
}

const char *sip_quoted_scan(const char *p, const char *e, struct sip_str *inner,
			    struct sip_perr *err)
{
	const char *open = p++;
	const char *s = p;

	for (;;) {
		p = sip_skip(p, CC_QDTEXT);
		if (*p == '"')
			break;
		if (*p != '\\' || p >= e)
			return sip_fail_at(err, p >= e ? open : p, p >= e ? "unterminated quoted string"
									   : "control character in quoted string");
		/* quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F): CR and LF cannot be
		 * escaped, "to avoid conflict with line folding and header separation" */
		if (e - p < 2 || p[1] == '\r' || p[1] == '\n' || (unsigned char)p[1] > 0x7f)
			return sip_fail_at(err, p, "invalid quoted-pair");
		p += 2;
	}
	*inner = sip_span(s, p);
	return p + 1;
}

const char *sip_gen_value_special(const char *q, const char *e, struct sip_perr *err)
{
	struct sip_str inner;

	if (*q == '"')
		return sip_quoted_scan(q, e, &inner, err);
	const char *close = sip_skip(q + 1, CC_IPV6);

	if (*close == ']' && sip_ipv6_valid(q + 1, close))
		return close + 1;
	return sip_fail_at(err, q, "invalid IPv6 reference in parameter");
}

bool sip_param_next(struct sip_str *cursor, struct sip_param *out)
{
	if (cursor->p == NULL)
		return false;
	const char *p = cursor->p, *e = p + cursor->len;

	while (p < e && (*p == ';' || (CC(*p) & CC_WS)))
		p++;
	const char *n = p;

	while (p < e && *p != '=' && *p != ';' && !(CC(*p) & CC_WS))
		p++;
	out->name = sip_span(n, p);
	out->value = sip_span(NULL, NULL);
	out->has_value = false;
	p = sip_skip_ws(p, e);
	if (p < e && *p == '=') {
		const char *v = p = sip_skip_ws(p + 1, e);

		if (p < e && *p == '"') {
			for (p++; p < e && *p != '"'; p++)
				if (*p == '\\' && p + 1 < e)
					p++;
			if (p < e)
				p++;
		} else {
			while (p < e && *p != ';' && !(CC(*p) & CC_WS))
				p++;
		}
		out->value = sip_span(v, p);
		out->has_value = true;
	}
	cursor->p = p;
	cursor->len = (size_t)(e - p);
	return out->name.len > 0;
}

bool sip_param_find(struct sip_str params, const char *name, struct sip_param *out)
{
	struct sip_param prm;

	while (sip_param_next(&params, &prm)) {
		if (sip_str_eqi_c(prm.name, name)) {
			if (out != NULL)
				*out = prm;
			return true;
		}
	}
	return false;
}

bool sip_token_list_has(const struct sip_token *list, const char *name)
{
	for (; list != NULL; list = list->next)
		if (sip_str_eq_c(list->name, name))
			return true;
	return false;
}
