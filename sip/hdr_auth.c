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

#include <stddef.h>
#include <string.h>

struct digest_field {
	const char *name;
	size_t offset;  /* of the struct sip_str in struct sip_auth */
};

static const struct digest_field digest_fields[] = {
	{ "realm", offsetof(struct sip_auth, realm) },
	{ "nonce", offsetof(struct sip_auth, nonce) },
	{ "opaque", offsetof(struct sip_auth, opaque) },
	{ "algorithm", offsetof(struct sip_auth, algorithm) },
	{ "qop", offsetof(struct sip_auth, qop) },
	{ "domain", offsetof(struct sip_auth, domain) },
	{ "username", offsetof(struct sip_auth, username) },
	{ "uri", offsetof(struct sip_auth, uri) },
	{ "response", offsetof(struct sip_auth, response) },
	{ "cnonce", offsetof(struct sip_auth, cnonce) },
	{ "nc", offsetof(struct sip_auth, nc) },
};

static void digest_assign(struct sip_auth *a, struct sip_str name, struct sip_str value)
{
	if (sip_str_eqi_c(name, "stale")) {
		/* stale = "stale" EQUAL ( "true" / "false" ) */
		a->stale = sip_str_eqi_c(value, "true");
		return;
	}
	for (size_t i = 0; i < sizeof(digest_fields) / sizeof(digest_fields[0]); i++) {
		if (sip_str_eqi_c(name, digest_fields[i].name)) {
			*(struct sip_str *)(void *)((char *)a + digest_fields[i].offset) = value;
			return;
		}
	}
}

/* One auth-param at p; *value gets it without quotes. */
static int auth_param(const char *p, const char *e, const char **end, struct sip_str *name,
		      struct sip_str *value, struct sip_perr *err)
{
	const char *n = p;

	p = sip_scan(p, e, CC_TOKEN);
	if (p == n)
		return sip_fail(err, n, "auth parameter name expected");
	*name = sip_span(n, p);
	p = sip_skip_ws(p, e);
	if (p == e || *p != '=')
		return sip_fail(err, p, "'=' expected after the auth parameter name");
	p = sip_skip_ws(p + 1, e);
	if (p < e && *p == '"') {
		if (sip_quoted_parse(p, e, end, value, err) != 0)
			return EBADMSG;
		return 0;
	}
	const char *v = p;

	p = sip_scan(p, e, CC_TOKEN);
	if (p == v)
		return sip_fail(err, v, "auth parameter value expected");
	*value = sip_span(v, p);
	*end = p;
	return 0;
}

/* auth-param *(COMMA auth-param), filling the Digest fields when `digest`. */
static int auth_params(struct sip_auth *a, const char *p, const char *e, bool digest,
		       struct sip_perr *err)
{
	if (p == e)
		return sip_fail(err, p, "auth parameters expected after the scheme");
	for (;;) {
		struct sip_str name, value;

		if (auth_param(p, e, &p, &name, &value, err) != 0)
			return EBADMSG;
		if (digest)
			digest_assign(a, name, value);
		p = sip_skip_ws(p, e);
		if (p == e)
			return 0;
		if (*p != ',')
			return sip_fail(err, p, "',' expected between auth parameters");
		p = sip_skip_ws(p + 1, e);
	}
}

int sip_hdr_auth(struct sip_msg *m, struct sip_auth ***tail, const char *p, const char *e,
		 struct sip_perr *err)
{
	struct sip_auth *a = sip_arena_alloc(m, sizeof(*a));

	if (a == NULL)
		return ENOMEM;
	const char *s = p;

	p = sip_scan(p, e, CC_TOKEN);
	if (p == s)
		return sip_fail(err, s, "auth scheme expected");
	a->scheme = sip_span(s, p);
	const char *ws = p;

	p = sip_skip_ws(p, e);
	a->params = sip_span(p, e);
	if (sip_str_eqi_c(a->scheme, "Digest")) {
		/* "Digest" LWS digest-response: the space is required */
		if (p == ws)
			return sip_fail(err, p, "space expected after Digest");
		if (auth_params(a, p, e, true, err) != 0)
			return EBADMSG;
	} else if (p == ws && p != e) {
		return sip_fail(err, p, "space expected after the auth scheme");
	}
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

		if (auth_param(p, e, &p, &n, &v, &err) != 0)
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
