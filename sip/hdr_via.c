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
	const char *p = val.p, *e = val.p + val.len;

	if (*p == '[') {
		v->received = sip_span(p + 1, e - 1);
		return 0;
	}
	/* the value is followed by no host character, as sip_ipv4_scan wants */
	if (sip_ipv4_scan(p) != e && !sip_ipv6_valid(p, e))
		return sip_fail(err, p, "Via: received is not an IP address");
	v->received = val;
	return 0;
}

/* A number parameter: ttl = 1*3DIGIT (0..255), rport = 1*DIGIT (a port). */
static int via_number(const struct sip_param *prm, unsigned cap, int *out, const char *why,
		      struct sip_perr *err)
{
	uint64_t n;
	bool over;
	const char *v = prm->value.p;

	if (!prm->has_value || sip_number(v, cap, &n, &over) != v + prm->value.len ||
	    prm->value.len == 0 || over)
		return sip_fail(err, prm->name.p, why);
	*out = (int)n;
	return 0;
}

static int via_known(struct sip_via *v, const struct sip_param *prm, struct sip_perr *err)
{
	struct sip_str n = prm->name, val = prm->value;
	enum sip_host_type t;

	/* the length picks the one name to compare */
	switch (n.len) {
	case 6:
		/* via-branch = "branch" EQUAL token */
		if (!SIP_EQI(n, "branch"))
			return 0;
		if (!prm->has_value || *val.p == '"')
			return sip_fail(err, n.p, "Via: branch must be a token");
		v->branch = val;
		return 0;
	case 8:
		if (!SIP_EQI(n, "received"))
			return 0;
		if (!prm->has_value)
			return sip_fail(err, n.p, "Via: received without a value");
		return via_received(v, val, err);
	case 5:
		if (SIP_EQI(n, "rport")) {
			/* RFC 3581 §3: the client inserts rport with no value; the server
			 * fills it in */
			if (!prm->has_value)
				v->rport = 0;
			else if (via_number(prm, 65535, &v->rport, "Via: invalid rport", err) != 0)
				return EBADMSG;
		} else if (SIP_EQI(n, "maddr")) {
			if (!prm->has_value || sip_host_scan(val.p, &t, err) != val.p + val.len)
				return sip_fail(err, n.p, "Via: maddr is not a host");
			v->maddr = val;
		}
		return 0;
	case 3:
		if (SIP_EQI(n, "ttl"))
			return via_number(prm, 255, &v->ttl, "Via: ttl must be 0..255", err);
		return 0;
	default:
		return 0;
	}
}

/* One token of sent-protocol into *part; returns the byte after it. */
static const char *protocol_part(struct sip_str *part, const char *p, struct sip_perr *err)
{
	const char *t = p;

	p = sip_skip(p, CC_TOKEN);
	if (p == t)
		return sip_fail_at(err, t, "Via: sent-protocol expected (SIP/2.0/UDP)");
	*part = sip_span(t, p);
	return p;
}

/* sent-protocol = protocol-name SLASH protocol-version SLASH transport */
static const char *sent_protocol(struct sip_via *v, const char *p, struct sip_perr *err)
{
	/* The usual "SIP/2.0/" (each test stops at the NUL, nothing is read past it) */
	if (p[0] == 'S' && p[1] == 'I' && p[2] == 'P' && p[3] == '/' && p[4] == '2' &&
	    p[5] == '.' && p[6] == '0' && p[7] == '/') {
		v->protocol = sip_span(p, p + 3);
		v->version = sip_span(p + 4, p + 7);
		return protocol_part(&v->transport, p + 8, err);
	}
	struct sip_str *parts[2] = { &v->protocol, &v->version };

	for (int i = 0; i < 2; i++) {
		if ((p = protocol_part(parts[i], p, err)) == NULL)
			return NULL;
		/* SLASH = SWS "/" SWS */
		p = sip_ws(p);
		if (*p != '/')
			return sip_fail_at(err, p, "Via: '/' expected in sent-protocol");
		p = sip_ws(p + 1);
	}
	return protocol_part(&v->transport, p, err);
}

/* sent-by = host [ COLON port ] */
static const char *sent_by(struct sip_via *v, const char *p, struct sip_perr *err)
{
	const char *h = p;

	if ((p = sip_host_scan(p, &v->host_type, err)) == NULL)
		return NULL;
	v->host = sip_span(h, p);
	const char *q = *p == ':' ? p : sip_ws(p);

	if (*q == ':') {
		uint64_t n;
		bool over;
		const char *d = sip_ws(q + 1);

		p = sip_number(d, 65535, &n, &over);
		if (p == d || over)
			return sip_fail_at(err, d, "Via: invalid port in sent-by");
		v->port = (int)n;
	}
	return p;
}

/* One via-parm at p; returns the byte after its last parameter. */
static const char *via_parm(struct sip_via *v, const char *p, const char *lim,
			    struct sip_perr *err)
{
	const char *start = p;

	if ((p = sent_protocol(v, p, err)) == NULL)
		return NULL;
	/* via-parm = sent-protocol LWS sent-by: at least one space */
	if (!(CC(*p) & CC_WS))
		return sip_fail_at(err, p, "Via: space expected between sent-protocol and sent-by");
	if ((p = sent_by(v, sip_ws(p), err)) == NULL)
		return NULL;

	/* *( SEMI via-params ), SEMI = SWS ";" SWS (the ';' looked for before spaces) */
	const char *last = p, *q = *p == ';' ? p : sip_ws(p);

	if (*q == ';') {
		v->params.p = q = sip_ws(q + 1);
		for (;;) {
			struct sip_param prm;

			q = sip_hparam_scan(q, lim, true, &prm, err);
			if (q == NULL || via_known(v, &prm, err) != 0)
				return NULL;
			last = q;
			if (*q != ';' && *(q = sip_ws(q)) != ';')
				break;
			q = sip_ws(q + 1);
		}
		v->params.len = (size_t)(last - v->params.p);
	}
	v->text = sip_span(start, last);
	return last;
}

/* Every field absent, field by field (a few wide stores, as uri_clear in uri.c).
 * A field added to struct sip_via must be added here. */
static void via_clear(struct sip_via *v)
{
	const struct sip_str none = { NULL, 0 };

	v->protocol = v->version = v->transport = v->host = none;
	v->branch = v->received = v->maddr = v->params = v->text = none;
	v->host_type = SIP_HOST_NONE;
	v->port = v->ttl = v->rport = -1;
	v->next = NULL;
}

int sip_hdr_via(struct sip_msg *m, struct sip_via ***tail, const char *p, const char *lim,
		const char **end, struct sip_perr *err)
{
	for (;;) {
		struct sip_via *v = sip_arena_alloc(m, sizeof(*v));

		if (v == NULL)
			return ENOMEM;
		via_clear(v);
		if ((p = via_parm(v, p, lim, err)) == NULL)
			return EBADMSG;
		**tail = v;
		*tail = &v->next;
		*end = p;
		if (sip_eol(p) || sip_eol(p = sip_ws(p)))
			return 0;
		/* COMMA = SWS "," SWS */
		if (*p != ',')
			return sip_fail(err, p, "Via: ',' or ';' expected");
		p = sip_ws(p + 1);
	}
}
