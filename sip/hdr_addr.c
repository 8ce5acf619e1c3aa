/* sip/hdr_addr.c - From, To, Contact, Route, Record-Route (RFC 3261 §20.10, §20.20,
 * §20.30, §20.34, §20.39, §25).
 *
 *     name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT
 *     addr-spec    = SIP-URI / SIPS-URI / absoluteURI
 *     display-name = *(token LWS) / quoted-string
 *     from-spec    = ( name-addr / addr-spec ) *( SEMI from-param )
 *
 * The one rule that is not in the ABNF but decides how a value splits (§20): "if
 * the URI is not enclosed in angle brackets, any semicolon-delimited parameters are
 * header-parameters, not URI parameters", and "the "name-addr" form MUST be used if
 * the "addr-spec" contains a comma, semicolon, or question mark".  So an addr-spec
 * ends at the first ';', ',' or space, and a '?' there is an error (RFC 4475
 * §3.1.2.13 regbadct).
 *
 * Tolerated beyond the ABNF: no LWS between a token display name and '<' (RFC 4475
 * §3.1.1.6: "This has been identified as a specification bug").
 *
 * Leaves out: inferring missing quotes or brackets (RFC 4475 §3.1.2.6, §3.1.2.15:
 * such messages are rejected with 400, which the RFC calls reasonable).
 */
#include "sip/msg_internal.h"

#include <string.h>

/* display-name: a quoted string, or tokens separated by LWS, up to the '<'. */
static int display_name(struct sip_addr *a, const char *p, const char *e, const char **end,
			struct sip_perr *err)
{
	if (p < e && *p == '"') {
		if (sip_quoted_parse(p, e, &p, &a->display, err) != 0)
			return EBADMSG;
		a->display_quoted = true;
		p = sip_skip_ws(p, e);
	} else {
		const char *s = p, *last = p, *t = sip_scan(p, e, CC_TOKEN);

		while (t > p) {
			last = t;
			p = sip_skip_ws(t, e);
			t = sip_scan(p, e, CC_TOKEN);
		}
		if (last > s)
			a->display = sip_span(s, last);
	}
	if (p == e || *p != '<')
		return sip_fail(err, p, a->display.len > 0 || a->display_quoted
						? "'<' expected after the display name (quote a display name with special characters)"
						: "address expected");
	*end = p;
	return 0;
}

/* LAQUOT addr-spec RAQUOT, p at the '<'. */
static int bracketed_uri(struct sip_addr *a, const char *p, const char *e, const char **end,
			 struct sip_perr *err)
{
	const char *u = p + 1;
	const char *close = memchr(u, '>', (size_t)(e - u));

	if (close == NULL)
		return sip_fail(err, p, "'>' missing after the URI");
	/* RFC 4475 §3.1.2.14: the addr-spec between < and > has no spaces */
	if (u < close && ((CC(*u) & CC_WS) || (CC(close[-1]) & CC_WS)))
		return sip_fail(err, u, "whitespace inside <> around the URI");
	if (sip_uri_parse_span(&a->uri, u, close, err) != 0)
		return EBADMSG;
	*end = close + 1;
	return 0;
}

/* addr-spec without brackets: ends at ';', ',' or whitespace. */
static int bare_uri(struct sip_addr *a, const char *p, const char *e, const char **end,
		    struct sip_perr *err)
{
	const char *u = p;

	while (p < e && *p != ';' && *p != ',' && *p != '?' && !(CC(*p) & CC_WS))
		p++;
	if (p < e && *p == '?')
		return sip_fail(err, p, "a URI with headers must be enclosed in <> (RFC 3261 20)");
	if (sip_uri_parse_span(&a->uri, u, p, err) != 0)
		return EBADMSG;
	*end = p;
	return 0;
}

/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths. */
static int qvalue(struct sip_str v, int *q)
{
	if (v.len == 0 || (v.p[0] != '0' && v.p[0] != '1') || (v.len > 1 && v.p[1] != '.') ||
	    v.len > 5)
		return EBADMSG;
	int n = (v.p[0] - '0') * 1000, scale = 100;

	for (size_t i = 2; i < v.len; i++, scale /= 10) {
		if (!(CC(v.p[i]) & CC_DIGIT))
			return EBADMSG;
		n += (v.p[i] - '0') * scale;
	}
	if (n > 1000)
		return EBADMSG;
	*q = n;
	return 0;
}

static int addr_param(struct sip_addr *a, enum sip_addr_kind kind, const struct sip_param *prm,
		      struct sip_perr *err)
{
	struct sip_str v = prm->value;

	if (kind == SIP_ADDR_FROM_TO && sip_str_eqi_c(prm->name, "tag")) {
		/* tag-param = "tag" EQUAL token */
		if (!prm->has_value || *v.p == '"')
			return sip_fail(err, prm->name.p, "tag must be a token");
		a->tag = v;
	} else if (kind == SIP_ADDR_CONTACT && sip_str_eqi_c(prm->name, "q")) {
		if (!prm->has_value || qvalue(v, &a->q) != 0)
			return sip_fail(err, prm->name.p, "Contact: q must be 0..1 with at most 3 decimals");
	} else if (kind == SIP_ADDR_CONTACT && sip_str_eqi_c(prm->name, "expires")) {
		const char *end;
		uint64_t n;
		bool over;

		/* c-p-expires = "expires" EQUAL delta-seconds; §10.2.1.1: "Implementations MAY
		 * treat values larger than 2**32-1 ... as equivalent to 2**32-1.  Malformed
		 * values SHOULD be treated as equivalent to 3600." */
		if (!prm->has_value)
			return sip_fail(err, prm->name.p, "Contact: expires without a value");
		if (sip_digits(v.p, v.p + v.len, UINT32_MAX, &end, &n, &over) != 0 ||
		    end != v.p + v.len)
			n = 3600;
		a->expires = (int64_t)n;
	}
	return 0;
}

/* One value: the address, then its header parameters. */
static int addr_one(struct sip_addr *a, enum sip_addr_kind kind, const char *p, const char *e,
		    const char **end, struct sip_perr *err)
{
	const char *start = p;
	const char *t = sip_scan(p, e, CC_TOKEN);

	a->q = -1;
	a->expires = -1;
	if (t > p && t < e && *t == ':' && kind != SIP_ADDR_ROUTE) {
		if (bare_uri(a, p, e, &p, err) != 0)
			return EBADMSG;
	} else if (display_name(a, p, e, &p, err) != 0 || bracketed_uri(a, p, e, &p, err) != 0) {
		return EBADMSG;
	}

	const char *last = p, *q = sip_skip_ws(p, e), *first = NULL;

	while (q < e && *q == ';') {
		struct sip_param prm;

		q = sip_skip_ws(q + 1, e);
		if (first == NULL)
			first = q;
		if (sip_hparam_parse(q, e, false, &q, &prm, err) != 0 ||
		    addr_param(a, kind, &prm, err) != 0)
			return EBADMSG;
		last = q;
		q = sip_skip_ws(q, e);
	}
	if (first != NULL)
		a->params = sip_span(first, last);
	a->text = sip_span(start, last);
	*end = last;
	return 0;
}

/* Contact: STAR (§20.10, "*" is only allowed alone, §10.2.2). */
static bool is_star(const char *p, const char *e)
{
	return p < e && *p == '*' && sip_skip_ws(p + 1, e) == e;
}

int sip_hdr_addr(struct sip_msg *m, enum sip_addr_kind kind, struct sip_addr ***tail,
		 const char *p, const char *e, struct sip_perr *err)
{
	for (;;) {
		struct sip_addr *a = sip_arena_alloc(m, sizeof(*a));

		if (a == NULL)
			return ENOMEM;
		if (kind == SIP_ADDR_CONTACT && is_star(p, e)) {
			a->star = true;
			a->q = -1;
			a->expires = -1;
			a->text = sip_span(p, p + 1);
			p = e;
		} else if (addr_one(a, kind, p, e, &p, err) != 0) {
			return EBADMSG;
		}
		**tail = a;
		*tail = &a->next;
		p = sip_skip_ws(p, e);
		if (p == e)
			return 0;
		if (*p != ',' || kind == SIP_ADDR_FROM_TO)
			return sip_fail(err, p, kind == SIP_ADDR_FROM_TO
							? "unexpected text after the address"
							: "',' or ';' expected after the address");
		p = sip_skip_ws(p + 1, e);
	}
}
