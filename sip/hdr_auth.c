/* sip/hdr_auth.c - WWW-Authenticate, Proxy-Authenticate, Authorization,
 * Proxy-Authorization (RFC 3261 §20.7, §20.27, §20.28, §20.44, §22, §25).
 *
 *     challenge   = ("Digest" LWS digest-cln *(COMMA digest-cln)) / other-challenge
 *     credentials = ("Digest" LWS digest-response) / other-response
 *     auth-param  = auth-param-name EQUAL ( token / quoted-string )
 *
 * Commas here separate parameters, not header values (§7.3.1: these rows "MUST NOT
 * be combined into a single header field row"), so one row is one struct sip_auth.
 * Digest parameters get their own fields, quotes stripped; the computation is in
 * sip/digest*.
 *
 * Tolerated: a Digest parameter quoted where the grammar has a token (qop="auth",
 * algorithm="MD5"), or a token where it has a quoted string: deployed stacks do
 * both.  Another scheme whose parameters are not auth-params (a token68 credential)
 * is kept verbatim without an error (RFC 4475 §3.3.7: "A parser must not fail").
 *
 * Leaves out: checking the digest values' own formats (32 LHEX, 8 LHEX), which the
 * digest layer does when it uses them.
 */
#include "sip/msg_internal.h"

#include <string.h>

/* The struct sip_str field an auth-param fills, or NULL (switch on the length
 * first: a dozen names, looked up for every parameter of every challenge). */
static struct sip_str *digest_field(struct sip_auth *a, struct sip_str n)
{
	switch (n.len) {
	case 2:
		return SIP_EQI(n, "nc") ? &a->nc : NULL;
	case 3:
		return SIP_EQI(n, "uri") ? &a->uri : SIP_EQI(n, "qop") ? &a->qop : NULL;
	case 5:
		return SIP_EQI(n, "realm") ? &a->realm : SIP_EQI(n, "nonce") ? &a->nonce : NULL;
	case 6:
		return SIP_EQI(n, "opaque") ? &a->opaque
		       : SIP_EQI(n, "cnonce") ? &a->cnonce
		       : SIP_EQI(n, "domain") ? &a->domain : NULL;
	case 8:
		return SIP_EQI(n, "username") ? &a->username
		       : SIP_EQI(n, "response") ? &a->response : NULL;
	case 9:
		return SIP_EQI(n, "algorithm") ? &a->algorithm : NULL;
	default:
		return NULL;
	}
}

static void digest_assign(struct sip_auth *a, struct sip_str name, struct sip_str value)
{
	struct sip_str *field = digest_field(a, name);

	if (field != NULL)
		*field = value;
	else if (SIP_EQI(name, "stale"))
		a->stale = SIP_EQI(value, "true");  /* stale = "stale" EQUAL ( "true" / "false" ) */
}

/* One auth-param at p; *value gets it without quotes.  [p, e) need not be
 * NUL-terminated: sip_auth_param runs this over a stored view. */
static const char *auth_param(const char *p, const char *e, struct sip_str *name,
			      struct sip_str *value, struct sip_perr *err)
{
	const char *n = p;

	p = sip_scan(p, e, CC_TOKEN);
	if (p == n)
		return sip_fail_at(err, n, "auth parameter name expected");
	*name = sip_span(n, p);
	p = sip_skip_ws(p, e);
	if (p == e || *p != '=')
		return sip_fail_at(err, p, "'=' expected after the auth parameter name");
	p = sip_skip_ws(p + 1, e);
	if (p < e && *p == '"') {
		const char *close = p + 1;

		/* a bounded quoted-string: the view may end before the value's NUL */
		while (close < e && *close != '"')
			close += (*close == '\\' && close + 1 < e) ? 2 : 1;
		if (close >= e)
			return sip_fail_at(err, p, "unterminated quoted string");
		if (sip_quoted_scan(p, close + 1, value, err) == NULL)
			return NULL;
		return close + 1;
	}
	const char *v = p;

	p = sip_scan(p, e, CC_TOKEN);
	if (p == v)
		return sip_fail_at(err, v, "auth parameter value expected");
	*value = sip_span(v, p);
	return p;
}

/* The same inside a parsed value, which ends in a NUL: no bounds to check, and a
 * quoted value is scanned once. */
static const char *auth_param_scan(const char *p, const char *e, struct sip_str *name,
				   struct sip_str *value, struct sip_perr *err)
{
	const char *n = p;

	p = sip_skip(p, CC_TOKEN);
	if (p == n)
		return sip_fail_at(err, n, "auth parameter name expected");
	*name = sip_span(n, p);
	p = sip_ws(p);
	if (*p != '=')
		return sip_fail_at(err, p, "'=' expected after the auth parameter name");
	p = sip_ws(p + 1);
	if (*p == '"')
		return sip_quoted_scan(p, e, value, err);
	const char *v = p;

	p = sip_skip(p, CC_TOKEN);
	if (p == v)
		return sip_fail_at(err, v, "auth parameter value expected");
	*value = sip_span(v, p);
	return p;
}

/* auth-param *(COMMA auth-param), filling the Digest fields; *end gets the end. */
static int auth_params(struct sip_auth *a, const char *p, const char *lim, const char **end,
		       struct sip_perr *err)
{
	if (sip_eol(p))
		return sip_fail(err, p, "auth parameters expected after the scheme");
	for (;;) {
		struct sip_str name, value;

		if ((p = auth_param_scan(p, lim, &name, &value, err)) == NULL)
			return EBADMSG;
		digest_assign(a, name, value);
		*end = p;
		p = sip_ws(p);
		if (sip_eol(p))
			return 0;
		if (*p != ',')
			return sip_fail(err, p, "',' expected between auth parameters");
		p = sip_ws(p + 1);
	}
}

/* Another scheme's parameters are kept as written: every byte to the line end (a
 * lone CR or a NUL is data here, as it is for the row), trailing whitespace off. */
static const char *line_rest(const char *p, const char *lim)
{
	const char *s = p;

	while (p < lim && *p != '\n' && !(*p == '\r' && p[1] == '\n'))
		p++;
	while (p > s && (CC(p[-1]) & CC_WS))
		p--;
	return p;
}

int sip_hdr_auth(struct sip_msg *m, struct sip_auth ***tail, const char *p, const char *lim,
		 const char **end, struct sip_perr *err)
{
	struct sip_auth *a = sip_arena_alloc(m, sizeof(*a));

	if (a == NULL)
		return ENOMEM;
	*a = (struct sip_auth){ .stale = false };
	const char *s = p;

	p = sip_skip(p, CC_TOKEN);
	if (p == s)
		return sip_fail(err, s, "auth scheme expected");
	a->scheme = sip_span(s, p);
	const char *ws = p;

	p = sip_ws(p);
	if (SIP_EQI(a->scheme, "digest")) {
		/* "Digest" LWS digest-response: the space is required */
		if (p == ws)
			return sip_fail(err, p, "space expected after Digest");
		if (auth_params(a, p, lim, end, err) != 0)
			return EBADMSG;
	} else {
		*end = line_rest(p, lim);
		if (*end == p)
			p = *end = ws;  /* the scheme alone */
		else if (p == ws)
			return sip_fail(err, p, "space expected after the auth scheme");
	}
	a->params = sip_span(p, *end);
	**tail = a;
	*tail = &a->next;
	return 0;
}

bool sip_auth_param(const struct sip_auth *auth, const char *name, struct sip_str *value)
{
	const char *p = auth->params.p, *e = p + auth->params.len;
	struct sip_perr err;

	while (p != NULL && p < e) {
		struct sip_str n, v;

		if ((p = auth_param(p, e, &n, &v, &err)) == NULL)
			return false;
		if (sip_str_eqi_c(n, name)) {
			if (value != NULL)
				*value = v;
			return true;
		}
		p = sip_skip_ws(p, e);
		if (p < e && *p == ',')
			p = sip_skip_ws(p + 1, e);
	}
	return false;
}

bool sip_auth_has_qop(const struct sip_auth *auth, const char *qop)
{
	const char *p = auth->qop.p, *e = p + auth->qop.len;

	/* qop-options = "qop" EQUAL LDQUOT qop-value *("," qop-value) RDQUOT */
	while (p != NULL && p < e) {
		while (p < e && (*p == ',' || (CC(*p) & CC_WS)))
			p++;
		const char *t = sip_scan(p, e, CC_TOKEN);

		if (t == p)
			break;
		if (sip_str_eqi_c(sip_span(p, t), qop))
			return true;
		p = t;
	}
	return false;
}
