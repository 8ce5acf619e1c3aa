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

/* display-name = *(token LWS) / quoted-string, then LAQUOT; returns the '<'.  t is
 * the end of the token at p (the caller scanned it already). */
static const char *display_name(struct sip_addr *a, const char *p, const char *t,
				const char *lim, struct sip_perr *err)
{
	if (*p == '"') {
		if ((p = sip_quoted_scan(p, lim, &a->display, err)) == NULL)
			return NULL;
		a->display_quoted = true;
		p = sip_ws(p);
	} else {
		const char *s = p, *last = p;

		while (t > p) {
			last = t;
			p = sip_ws(t);
			t = sip_skip(p, CC_TOKEN);
		}
		if (last > s)
			a->display = sip_span(s, last);
	}
	if (*p != '<')
		return sip_fail_at(err, p, a->display.p != NULL
						   ? "'<' expected after the display name (quote a display name with special characters)"
						   : "address expected");
	return p;
}

/* LAQUOT addr-spec RAQUOT, p at the '<'. */
static const char *bracketed_uri(struct sip_addr *a, const char *p, struct sip_perr *err)
{
	/* RFC 4475 §3.1.2.14: no spaces between < and > (badaspec) */
	if (CC(p[1]) & CC_WS)
		return sip_fail_at(err, p + 1, "whitespace inside <> around the URI");
	if ((p = sip_uri_scan(&a->uri, p + 1, false, err)) == NULL)
		return NULL;
	if (*p != '>')
		return sip_fail_at(err, p, (CC(*p) & CC_WS) ? "whitespace inside <> around the URI"
							  : "'>' expected after the URI");
	return p + 1;
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

/* c-p-expires = "expires" EQUAL delta-seconds; §10.2.1.1: "Implementations MAY
 * treat values larger than 2**32-1 ... as equivalent to 2**32-1.  Malformed values
 * SHOULD be treated as equivalent to 3600." */
static int64_t contact_expires(struct sip_str v)
{
	uint64_t n;
	bool over;

	if (v.len == 0 || sip_number(v.p, UINT32_MAX, &n, &over) != v.p + v.len)
		return 3600;
	return (int64_t)n;
}

static int addr_param(struct sip_addr *a, enum sip_addr_kind kind, const struct sip_param *prm,
		      struct sip_perr *err)
{
	struct sip_str v = prm->value;

	if (kind == SIP_ADDR_FROM_TO) {
		/* tag-param = "tag" EQUAL token */
		if (!SIP_EQI(prm->name, "tag"))
			return 0;
		if (!prm->has_value || *v.p == '"')
			return sip_fail(err, prm->name.p, "tag must be a token");
		a->tag = v;
	} else if (kind == SIP_ADDR_CONTACT && SIP_EQI(prm->name, "q")) {
		if (!prm->has_value || qvalue(v, &a->q) != 0)
			return sip_fail(err, prm->name.p, "Contact: q must be 0..1 with at most 3 decimals");
	} else if (kind == SIP_ADDR_CONTACT && SIP_EQI(prm->name, "expires")) {
		if (!prm->has_value)
			return sip_fail(err, prm->name.p, "Contact: expires without a value");
		a->expires = contact_expires(v);
	}
	return 0;
}

/* One value: the address, then its header parameters; returns the byte after. */
static const char *addr_one(struct sip_addr *a, enum sip_addr_kind kind, const char *p,
			    const char *lim, struct sip_perr *err)
{
	const char *start = p;
	const char *t = sip_skip(p, CC_TOKEN);

	/* A token followed by ':' is a scheme: an addr-spec, which Route may not use. */
	if (*t == ':' && t > p && kind != SIP_ADDR_ROUTE)
		p = sip_uri_scan(&a->uri, p, true, err);
	else if ((p = display_name(a, p, t, lim, err)) != NULL)
		p = bracketed_uri(a, p, err);
	if (p == NULL)
		return NULL;

	/* *( SEMI param ), SEMI = SWS ";" SWS (the ';' looked for before spaces) */
	const char *last = p, *q = *p == ';' ? p : sip_ws(p);

	if (*q == ';') {
		a->params.p = q = sip_ws(q + 1);
		for (;;) {
			struct sip_param prm;

			q = sip_hparam_scan(q, lim, false, &prm, err);
			if (q == NULL || addr_param(a, kind, &prm, err) != 0)
				return NULL;
			last = q;
			if (*q != ';' && *(q = sip_ws(q)) != ';')
				break;
			q = sip_ws(q + 1);
		}
		a->params.len = (size_t)(last - a->params.p);
	}
	a->text = sip_span(start, last);
	return last;
}

/* Every field but the URI, which sip_uri_scan fills whole (clearing the 300-byte
 * struct twice showed in the profile). */
static void addr_clear(struct sip_addr *a)
{
	a->display = sip_span(NULL, NULL);
	a->display_quoted = false;
	a->star = false;
	a->tag = a->params = a->text = a->display;
	a->q = -1;
	a->expires = -1;
	a->next = NULL;
}

int sip_hdr_addr(struct sip_msg *m, enum sip_addr_kind kind, struct sip_addr ***tail,
		 const char *p, const char *lim, const char **end, struct sip_perr *err)
{
	const char *first = p;

	for (;;) {
		struct sip_addr *a = sip_arena_alloc(m, sizeof(*a));

		if (a == NULL)
			return ENOMEM;
		addr_clear(a);
		/* Contact: STAR is allowed only alone (§20.10, §10.2.2) */
		if (kind == SIP_ADDR_CONTACT && *p == '*' && p == first && sip_eol(sip_ws(p + 1))) {
			memset(&a->uri, 0, sizeof(a->uri));
			a->star = true;
			a->text = sip_span(p, p + 1);
			p++;
		} else if ((p = addr_one(a, kind, p, lim, err)) == NULL) {
			return EBADMSG;
		}
		**tail = a;
		*tail = &a->next;
		*end = p;
		if (sip_eol(p) || sip_eol(p = sip_ws(p)))
			return 0;
		if (*p != ',' || kind == SIP_ADDR_FROM_TO)
			return sip_fail(err, p, kind == SIP_ADDR_FROM_TO
							? "unexpected text after the address"
							: "',' or ';' expected after the address");
		p = sip_ws(p + 1);
	}
}
