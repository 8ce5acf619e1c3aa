/* sip/hdr_via.c - the Via header field (RFC 3261 §20.42, §25; RFC 3581; RFC 5118).
 *
 *     Via       = ( "Via" / "v" ) HCOLON via-parm *(COMMA via-parm)
 *     via-parm  = sent-protocol LWS sent-by *( SEMI via-params )
 *     sent-by   = host [ COLON port ]
 *
 * Each via-parm becomes one struct sip_via, linked top first, across rows and
 * across commas.  branch, received, rport, maddr and ttl get their own fields; all
 * parameters stay in `params` as written.
 *
 * Leaves out: checking that each parameter name appears once (§7.3.1), and the
 * meaning of the values (the transport layer compares received with the source).
 */
#include "sip/msg_internal.h"

#include <string.h>

/* received = IPv4address / IPv6address (§20.42); RFC 5118 §4.5: "be liberal in
 * what you accept" a bracketed IPv6reference too.  The brackets are dropped. */
static int via_received(struct sip_via *v, struct sip_str val, struct sip_perr *err)
{
	const char *p = val.p, *e = val.p + val.len, *end;
	enum sip_host_type t;

	if (p < e && *p == '[') {
		v->received = sip_span(p + 1, e - 1);
		return 0;
	}
	if (memchr(p, ':', val.len) != NULL) {
		if (!sip_ipv6_valid(p, e))
			return sip_fail(err, p, "Via: received is not an IP address");
	} else if (sip_host_parse(p, e, &end, &t, err) != 0 || end != e || t != SIP_HOST_IPV4) {
		return sip_fail(err, p, "Via: received is not an IP address");
	}
	v->received = val;
	return 0;
}

/* A number parameter: ttl = 1*3DIGIT (0..255), rport = 1*DIGIT (a port). */
static int via_number(struct sip_str val, unsigned cap, int *out, const char *why,
		      struct sip_perr *err)
{
	const char *end;
	uint64_t n;
	bool over;

	if (val.len == 0 || *val.p == '"' ||
	    sip_digits(val.p, val.p + val.len, cap, &end, &n, &over) != 0 || over ||
	    end != val.p + val.len)
		return sip_fail(err, val.p, why);
	*out = (int)n;
	return 0;
}

static int via_known(struct sip_via *v, const struct sip_param *prm, struct sip_perr *err)
{
	struct sip_str n = prm->name, val = prm->value;

	if (sip_str_eqi_c(n, "branch")) {
		/* via-branch = "branch" EQUAL token */
		if (!prm->has_value || *val.p == '"')
			return sip_fail(err, n.p, "Via: branch must be a token");
		v->branch = val;
	} else if (sip_str_eqi_c(n, "received")) {
		if (!prm->has_value)
			return sip_fail(err, n.p, "Via: received without a value");
		return via_received(v, val, err);
	} else if (sip_str_eqi_c(n, "rport")) {
		/* RFC 3581 §3: the client inserts rport with no value; the server fills it */
		if (!prm->has_value)
			v->rport = 0;
		else if (via_number(val, 65535, &v->rport, "Via: invalid rport", err) != 0)
			return EBADMSG;
	} else if (sip_str_eqi_c(n, "maddr")) {
		const char *end;
		enum sip_host_type t;

		if (!prm->has_value || sip_host_parse(val.p, val.p + val.len, &end, &t, err) != 0 ||
		    end != val.p + val.len)
			return sip_fail(err, n.p, "Via: maddr is not a host");
		v->maddr = val;
	} else if (sip_str_eqi_c(n, "ttl")) {
		if (via_number(val, 255, &v->ttl, "Via: ttl must be 0..255", err) != 0)
			return EBADMSG;
	}
	return 0;
}

/* sent-protocol = protocol-name SLASH protocol-version SLASH transport */
static int sent_protocol(struct sip_via *v, const char *p, const char *e, const char **end,
			 struct sip_perr *err)
{
	struct sip_str *parts[3] = { &v->protocol, &v->version, &v->transport };

	for (int i = 0; i < 3; i++) {
		const char *t = p;

		p = sip_scan(p, e, CC_TOKEN);
		if (p == t)
			return sip_fail(err, t, "Via: sent-protocol expected (SIP/2.0/UDP)");
		*parts[i] = sip_span(t, p);
		if (i == 2)
			break;
		/* SLASH = SWS "/" SWS */
		p = sip_skip_ws(p, e);
		if (p == e || *p != '/')
			return sip_fail(err, p, "Via: '/' expected in sent-protocol");
		p = sip_skip_ws(p + 1, e);
	}
	*end = p;
	return 0;
}

/* sent-by = host [ COLON port ] */
static int sent_by(struct sip_via *v, const char *p, const char *e, const char **end,
		   struct sip_perr *err)
{
	const char *h = p;

	if (sip_host_parse(p, e, &p, &v->host_type, err) != 0)
		return EBADMSG;
	v->host = sip_span(h, p);
	v->port = -1;
	const char *q = sip_skip_ws(p, e);

	if (q < e && *q == ':') {
		uint64_t n;
		bool over;

		q = sip_skip_ws(q + 1, e);
		if (sip_digits(q, e, 65535, &p, &n, &over) != 0 || over)
			return sip_fail(err, q, "Via: invalid port in sent-by");
		v->port = (int)n;
	}
	*end = p;
	return 0;
}

/* One via-parm at p; *end gets the byte after its last parameter. */
static int via_parm(struct sip_via *v, const char *p, const char *e, const char **end,
		    struct sip_perr *err)
{
	const char *start = p;

	v->ttl = -1;
	v->rport = -1;
	if (sent_protocol(v, p, e, &p, err) != 0)
		return EBADMSG;
	const char *ws = p;

	p = sip_skip_ws(p, e);
	if (p == ws)
		return sip_fail(err, p, "Via: space expected between sent-protocol and sent-by");
	if (sent_by(v, p, e, &p, err) != 0)
		return EBADMSG;

	const char *last = p, *q = sip_skip_ws(p, e), *first = NULL;

	/* *( SEMI via-params ), SEMI = SWS ";" SWS */
	while (q < e && *q == ';') {
		struct sip_param prm;

		q = sip_skip_ws(q + 1, e);
		if (first == NULL)
			first = q;
		if (sip_hparam_parse(q, e, true, &q, &prm, err) != 0 || via_known(v, &prm, err) != 0)
			return EBADMSG;
		last = q;
		q = sip_skip_ws(q, e);
	}
	if (first != NULL)
		v->params = sip_span(first, last);
	v->text = sip_span(start, last);
	*end = last;
	return 0;
}

int sip_hdr_via(struct sip_msg *m, struct sip_via ***tail, const char *p, const char *e,
		struct sip_perr *err)
{
	for (;;) {
		struct sip_via *v = sip_arena_alloc(m, sizeof(*v));

		if (v == NULL)
			return ENOMEM;
		if (via_parm(v, p, e, &p, err) != 0)
			return EBADMSG;
		**tail = v;
		*tail = &v->next;
		p = sip_skip_ws(p, e);
		if (p == e)
			return 0;
		/* COMMA = SWS "," SWS */
		if (*p != ',')
			return sip_fail(err, p, "Via: ',' or ';' expected");
		p = sip_skip_ws(p + 1, e);
	}
}
