/* sip/hdr_type.c - from a header row to its typed value (RFC 3261 §20, §25).
 *
 * sip_typers is the one table that knows which parser each header id takes.
 * The small headers are parsed here:
 *     Call-ID        = ( "Call-ID" / "i" ) HCOLON callid,  callid = word [ "@" word ]
 *     CSeq           = "CSeq" HCOLON 1*DIGIT LWS Method
 *     Max-Forwards   = "Max-Forwards" HCOLON 1*DIGIT
 *     Content-Length = ( "Content-Length" / "l" ) HCOLON 1*DIGIT
 *     Expires        = "Expires" HCOLON delta-seconds
 *     Content-Type   = ( "Content-Type" / "c" ) HCOLON media-type
 *     Allow, Supported, Require, Proxy-Require, Unsupported: token *(COMMA token)
 * A single-valued header that appears twice keeps its first value; the second is
 * still checked, and sip_msg_validate reports the duplicate (RFC 4475 §3.3.8).
 *
 * Leaves out: typing the other §20 headers; their values are only checked to hold
 * no control characters (header-value = *(TEXT-UTF8char / UTF8-CONT / LWS)).
 */
#include "sip/msg_internal.h"

/* callid = word [ "@" word ] */
static int type_call_id(struct sip_msg *m, const char *p, const char **end, struct sip_perr *err)
{
	const char *s = p;

	p = sip_skip(p, CC_WORD);
	if (p == s)
		return sip_fail(err, s, "Call-ID is empty");
	if (*p == '@') {
		const char *w = ++p;

		p = sip_skip(p, CC_WORD);
		if (p == w)
			return sip_fail(err, w, "Call-ID: word expected after '@'");
	}
	if (!sip_at_end(p))
		return sip_fail(err, p, "Call-ID: invalid character");
	if (m->call_id.p == NULL)
		m->call_id = sip_span(s, p);
	*end = p;
	return 0;
}

/* CSeq = 1*DIGIT LWS Method */
static int type_cseq(struct sip_msg *m, const char *p, const char **end, struct sip_perr *err)
{
	struct sip_cseq *c = sip_arena_alloc(m, sizeof(*c));
	const char *d = p;
	uint64_t n;

	if (c == NULL)
		return ENOMEM;
	p = sip_number(p, UINT32_MAX, &n, &c->seq_too_large);
	if (p == d)
		return sip_fail(err, p, "CSeq: sequence number expected");
	c->seq = (uint32_t)n;
	if (!(CC(*p) & CC_WS))
		return sip_fail(err, p, "CSeq: space expected between number and method");
	const char *t = p = sip_ws(p);

	p = sip_skip(p, CC_TOKEN);
	if (p == t || !sip_at_end(p))
		return sip_fail(err, p == t ? t : p, "CSeq: method expected after the number");
	*end = p;
	c->method_name = sip_span(t, p);
	c->method = sip_method_lookup(c->method_name);
	if (m->cseq == NULL)
		m->cseq = c;
	return 0;
}

/* 1*DIGIT filling the whole value, capped. */
static int type_number(const char *p, const char **end, uint64_t cap, uint64_t *out,
		       const char *why, struct sip_perr *err)
{
	bool over;
	const char *d = sip_number(p, cap, out, &over);

	if (d == p || !sip_at_end(d))
		return sip_fail(err, p, why);
	*end = d;
	return 0;
}

/* media-type = m-type SLASH m-subtype *(SEMI m-parameter) */
static int type_content_type(struct sip_msg *m, const char *p, const char *lim,
			     const char **end, struct sip_perr *err)
{
	struct sip_media_type *t = sip_arena_alloc(m, sizeof(*t));
	const char *s = p;

	if (t == NULL)
		return ENOMEM;
	*t = (struct sip_media_type){ .params = { NULL, 0 } };
	p = sip_skip(p, CC_TOKEN);
	if (p == s)
		return sip_fail(err, s, "Content-Type: media type expected");
	t->type = sip_span(s, p);
	p = sip_ws(p);
	if (*p != '/')
		return sip_fail(err, p, "Content-Type: '/' expected");
	s = p = sip_ws(p + 1);
	p = sip_skip(p, CC_TOKEN);
	if (p == s)
		return sip_fail(err, s, "Content-Type: subtype expected");
	t->subtype = sip_span(s, p);

	const char *last = p, *q = sip_ws(p);

	if (*q == ';')
		t->params.p = sip_ws(q + 1);
	while (*q == ';') {
		struct sip_param prm;

		/* m-parameter = m-attribute EQUAL m-value: the value is required */
		if ((q = sip_hparam_scan(sip_ws(q + 1), lim, false, &prm, err)) == NULL)
			return EBADMSG;
		if (!prm.has_value)
			return sip_fail(err, prm.name.p, "Content-Type: parameter without a value");
		last = q;
		q = sip_ws(q);
	}
	if (!sip_eol(q))
		return sip_fail(err, q, "Content-Type: unexpected text");
	*end = last;
	if (t->params.p != NULL)
		t->params.len = (size_t)(last - t->params.p);
	if (m->content_type == NULL)
		m->content_type = t;
	return 0;
}

/* [ token *(COMMA token) ]; empty allowed for Allow and Supported. */
static int type_tokens(struct sip_msg *m, struct sip_token ***tail, bool may_be_empty,
		       const char *p, const char **end, struct sip_perr *err)
{
	*end = p;
	if (sip_eol(p))
		return may_be_empty ? 0 : sip_fail(err, p, "option tag expected");
	for (;;) {
		const char *s = p;

		p = sip_skip(p, CC_TOKEN);
		if (p == s)
			return sip_fail(err, s, "token expected in the list");
		struct sip_token *t = sip_arena_alloc(m, sizeof(*t));

		if (t == NULL)
			return ENOMEM;
		*t = (struct sip_token){ .name = sip_span(s, p) };
		**tail = t;
		*tail = &t->next;
		/* COMMA = SWS "," SWS (the ',' looked for before spaces) */
		const char *q = *p == ',' ? p : sip_ws(p);

		if (*q != ',') {
			*end = p;
			return sip_eol(q) ? 0 : sip_fail(err, q, "',' expected between tokens");
		}
		p = sip_ws(q + 1);
	}
}

/* A single-valued name-addr header (From, To): a second row is parsed (and checked)
 * into a slot of its own, the first stays. */
static int type_from_to(struct sip_msg *m, struct sip_addr **slot, const char *p,
			const char *lim, const char **end, struct sip_perr *err)
{
	struct sip_addr *second = NULL, **tail = *slot == NULL ? slot : &second;

	return sip_hdr_addr(m, SIP_ADDR_FROM_TO, &tail, p, lim, end, err);
}

void sip_type_ctx_init(struct sip_type_ctx *c, struct sip_msg *m)
{
	c->via = &m->via;
	c->contact = &m->contact;
	c->route = &m->route;
	c->record_route = &m->record_route;
	c->tokens[0] = &m->allow;
	c->tokens[1] = &m->supported;
	c->tokens[2] = &m->require;
	c->tokens[3] = &m->proxy_require;
	c->tokens[4] = &m->unsupported;
	c->auth[0] = &m->www_authenticate;
	c->auth[1] = &m->authorization;
	c->auth[2] = &m->proxy_authenticate;
	c->auth[3] = &m->proxy_authorization;
}

/* Max-Forwards = "Max-Forwards" HCOLON 1*DIGIT (kept up to 65535 so that an
 * overlarge value stays visible to validation). */
static int type_max_forwards(struct sip_msg *m, struct sip_type_ctx *c, const char *v,
			     const char *lim, const char **end, struct sip_perr *err)
{
	uint64_t n;

	(void)c;
	(void)lim;
	if (type_number(v, end, 65535, &n, "Max-Forwards must be a number", err) != 0)
		return EBADMSG;
	if (m->max_forwards < 0)
		m->max_forwards = (int)n;
	return 0;
}

/* Content-Length = ( "Content-Length" / "l" ) HCOLON 1*DIGIT */
static int type_content_length(struct sip_msg *m, struct sip_type_ctx *c, const char *v,
			       const char *lim, const char **end, struct sip_perr *err)
{
	uint64_t n;

	(void)c;
	(void)lim;
	/* RFC 4475 §3.1.2.3: a negative or non-numeric value breaks the framing */
	if (type_number(v, end, 1000000000000ULL, &n, "Content-Length must be a number", err) != 0)
		return EBADMSG;
	/* RFC 4475 §3.3.9: "From a framing perspective, this situation is equivalent to
	 * an invalid Content-Length value" */
	if (m->content_length >= 0)
		return sip_fail(err, v, "Content-Length given more than once");
	m->content_length = (int64_t)n;
	return 0;
}

/* Expires = "Expires" HCOLON delta-seconds: "between 0 and (2**32)-1" (§20.19), a
 * larger value read as the maximum. */
static int type_expires(struct sip_msg *m, struct sip_type_ctx *c, const char *v,
			const char *lim, const char **end, struct sip_perr *err)
{
	uint64_t n;

	(void)c;
	(void)lim;
	if (type_number(v, end, UINT32_MAX, &n, "Expires must be a number of seconds", err) != 0)
		return EBADMSG;
	if (m->expires < 0)
		m->expires = (int64_t)n;
	return 0;
}

/* The uniform signature of sip_typers: one small function per header id. */
#define TYPER(name, body)                                                                     \
	static int name(struct sip_msg *m, struct sip_type_ctx *c, const char *v, const char *lim, \
			const char **end, struct sip_perr *err)                                        \
	{                                                                                         \
		(void)c;                                                                          \
		(void)lim;                                                                        \
		return body;                                                                      \
	}

TYPER(typer_via, sip_hdr_via(m, &c->via, v, lim, end, err))
TYPER(typer_from, type_from_to(m, &m->from, v, lim, end, err))
TYPER(typer_to, type_from_to(m, &m->to, v, lim, end, err))
TYPER(typer_call_id, type_call_id(m, v, end, err))
TYPER(typer_cseq, type_cseq(m, v, end, err))
TYPER(typer_contact, sip_hdr_addr(m, SIP_ADDR_CONTACT, &c->contact, v, lim, end, err))
TYPER(typer_route, sip_hdr_addr(m, SIP_ADDR_ROUTE, &c->route, v, lim, end, err))
TYPER(typer_record_route, sip_hdr_addr(m, SIP_ADDR_ROUTE, &c->record_route, v, lim, end, err))
TYPER(typer_content_type, type_content_type(m, v, lim, end, err))
TYPER(typer_allow, type_tokens(m, &c->tokens[0], true, v, end, err))
TYPER(typer_supported, type_tokens(m, &c->tokens[1], true, v, end, err))
TYPER(typer_require, type_tokens(m, &c->tokens[2], false, v, end, err))
TYPER(typer_proxy_require, type_tokens(m, &c->tokens[3], false, v, end, err))
TYPER(typer_unsupported, type_tokens(m, &c->tokens[4], false, v, end, err))
TYPER(typer_www_authenticate, sip_hdr_auth(m, &c->auth[0], v, lim, end, err))
TYPER(typer_authorization, sip_hdr_auth(m, &c->auth[1], v, lim, end, err))
TYPER(typer_proxy_authenticate, sip_hdr_auth(m, &c->auth[2], v, lim, end, err))
TYPER(typer_proxy_authorization, sip_hdr_auth(m, &c->auth[3], v, lim, end, err))

/* Which parser each header id takes; the others are kept verbatim (sip_hdr_text). */
const sip_typer_fn sip_typers[SIP_HDR_ID_COUNT] = {
	[SIP_HDR_VIA] = typer_via,
	[SIP_HDR_FROM] = typer_from,
	[SIP_HDR_TO] = typer_to,
	[SIP_HDR_CALL_ID] = typer_call_id,
	[SIP_HDR_CSEQ] = typer_cseq,
	[SIP_HDR_CONTACT] = typer_contact,
	[SIP_HDR_ROUTE] = typer_route,
	[SIP_HDR_RECORD_ROUTE] = typer_record_route,
	[SIP_HDR_MAX_FORWARDS] = type_max_forwards,
	[SIP_HDR_CONTENT_LENGTH] = type_content_length,
	[SIP_HDR_EXPIRES] = type_expires,
	[SIP_HDR_CONTENT_TYPE] = typer_content_type,
	[SIP_HDR_ALLOW] = typer_allow,
	[SIP_HDR_SUPPORTED] = typer_supported,
	[SIP_HDR_REQUIRE] = typer_require,
	[SIP_HDR_PROXY_REQUIRE] = typer_proxy_require,
	[SIP_HDR_UNSUPPORTED] = typer_unsupported,
	[SIP_HDR_WWW_AUTHENTICATE] = typer_www_authenticate,
	[SIP_HDR_AUTHORIZATION] = typer_authorization,
	[SIP_HDR_PROXY_AUTHENTICATE] = typer_proxy_authenticate,
	[SIP_HDR_PROXY_AUTHORIZATION] = typer_proxy_authorization,
};

const char *sip_hdr_text(const char *v)
{
	const char *e = sip_skip_text(v);

	/* TEXT holds SP and HT: the value ends before the trailing ones */
	while (e > v && (CC(e[-1]) & CC_WS))
		e--;
	return e;
}
