/* sip/uri.c - SIP, SIPS, tel and other absolute URIs (RFC 3261 §19.1, §25).
 *
 * One left-to-right pass over the URI text:
 *     scheme ":" [ user [ ":" password ] "@" ] host [ ":" port ] *( ";" param ) [ "?" headers ]
 * Every component becomes a view into the text; "%HH" escapes are checked but not
 * decoded.  The host follows §25 exactly (hostname labels, IPv4address, and
 * IPv6reference with RFC 5118's tolerance for the "::" + ":" IPv4 bug).
 *
 * Leaves out: DNS, RFC 3966 tel-URI semantics (a tel URI is its number plus
 * parameters), the structure of non-SIP absolute URIs (only their characters are
 * checked).
 */
#include "sip/uri.h"
#include "sip/hdr.h"
#include "sip/msg_internal.h"

#include <string.h>

/* IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT */
static bool ipv4_valid(const char *p, const char *e)
{
	for (int i = 0; i < 4; i++) {
		const char *d = p;

		while (p < e && (CC(*p) & CC_DIGIT) && p - d < 4)
			p++;
		if (p == d || p - d > 3)
			return false;
		if (i < 3) {
			if (p == e || *p != '.')
				return false;
			p++;
		}
	}
	return p == e;
}

/* hostname = *( domainlabel "." ) toplabel [ "." ]; the bytes are already known to
 * be alphanum, '-' or '.'.  A label may not start or end with '-'; the top label
 * starts with a letter (which is what tells "example.com" from "192.0.2.1"). */
static bool hostname_valid(const char *p, const char *e)
{
	if (e > p && e[-1] == '.')
		e--;
	if (p == e)
		return false;
	const char *label = p, *top = p;

	for (const char *q = p;; q++) {
		if (q == e || *q == '.') {
			if (q == label || *label == '-' || q[-1] == '-')
				return false;
			top = label;
			if (q == e)
				break;
			label = q + 1;
		}
	}
	return (CC(*top) & CC_ALPHA) != 0;
}

/* IPv6address = hexpart [ ":" IPv4address ]
 * hexpart     = hexseq / hexseq "::" [ hexseq ] / "::" [ hexseq ]
 * plus the real-world limit of eight 16-bit groups (an IPv4 tail counts two). */
bool sip_ipv6_valid(const char *p, const char *e)
{
	int groups = 0;
	bool dbl = false;

	if (e - p >= 2 && p[0] == ':' && p[1] == ':') {
		dbl = true;
		p += 2;
		if (p == e)
			return true;
	}
	for (;;) {
		const char *g = p;

		p = sip_scan(p, e, CC_HEX);
		if (p < e && *p == '.') {
			if (!ipv4_valid(g, e))
				return false;
			groups += 2;
			break;
		}
		if (p == g || p - g > 4)
			return false;
		groups++;
		if (p == e)
			break;
		if (*p++ != ':')
			return false;
		if (p < e && *p == ':') {
			if (dbl)
				return false;
			dbl = true;
			if (++p == e)
				break;
			/* RFC 5118 §4.10: "[2001:db8:::192.0.2.1]" matches the RFC 3261 ABNF
			 * and must be tolerated, though the third colon is a bug. */
			if (*p == ':') {
				if (!ipv4_valid(p + 1, e))
					return false;
				groups += 2;
				break;
			}
		}
	}
	return dbl ? groups <= 7 : groups == 8;
}

int sip_host_parse(const char *p, const char *e, const char **end, enum sip_host_type *type,
		   struct sip_perr *err)
{
	if (p < e && *p == '[') {
		const char *close = memchr(p, ']', (size_t)(e - p));

		if (close == NULL)
			return sip_fail(err, p, "IPv6 reference without ']'");
		if (!sip_ipv6_valid(p + 1, close))
			return sip_fail(err, p, "invalid IPv6 address");
		*end = close + 1;
		*type = SIP_HOST_IPV6;
		return 0;
	}
	const char *q = sip_scan(p, e, CC_HOST);

	if (q == p)
		return sip_fail(err, p, "host expected");
	if (ipv4_valid(p, q))
		*type = SIP_HOST_IPV4;
	else if (hostname_valid(p, q))
		*type = SIP_HOST_NAME;
	else if (q < e && *q == ':' && sip_scan(p, q, CC_HEX) == q)
		return sip_fail(err, p, "IPv6 address not enclosed in [ ] (RFC 5118 4.2)");
	else
		return sip_fail(err, p, "invalid host name");
	*end = q;
	return 0;
}

static unsigned hexdig(char c)
{
	return (CC(c) & CC_DIGIT) ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
}

/* Compares an escaped view with a literal of lowercase letters, decoding "%HH" and
 * folding case: ";%6C%72" is the lr parameter (RFC 4475 §3.1.1.3).  The view comes
 * from the parser, so every '%' has two hex digits after it. */
static bool name_is(struct sip_str v, const char *lit)
{
	size_t i = 0;

	for (; i < v.len && *lit != '\0'; lit++) {
		unsigned c = (unsigned char)v.p[i++];

		if (c == '%' && i + 1 < v.len) {
			c = hexdig(v.p[i]) * 16 + hexdig(v.p[i + 1]);
			i += 2;
		}
		if ((c | 0x20) != (unsigned char)*lit)
			return false;
	}
	return i == v.len && *lit == '\0';
}

/* Pulls the §19.1.1 parameters out of the list as they go by. */
static int known_param(struct sip_uri *u, struct sip_str name, struct sip_str value,
		       struct sip_perr *err)
{
	if (name_is(name, "lr")) {
		u->lr = true;
	} else if (name_is(name, "transport")) {
		u->transport = value;
	} else if (name_is(name, "user")) {
		u->user_param = value;
	} else if (name_is(name, "method")) {
		u->method = value;
	} else if (name_is(name, "maddr")) {
		const char *end;
		enum sip_host_type t;

		/* maddr-param = "maddr=" host */
		if (sip_host_parse(value.p, value.p + value.len, &end, &t, err) != 0 ||
		    end != value.p + value.len)
			return sip_fail(err, value.p, "invalid maddr parameter");
		u->maddr = value;
	} else if (name_is(name, "ttl")) {
		const char *end;
		uint64_t v;
		bool over;

		/* ttl = 1*3DIGIT ; 0 to 255 */
		if (sip_digits(value.p, value.p + value.len, 255, &end, &v, &over) != 0 || over ||
		    end != value.p + value.len)
			return sip_fail(err, value.p, "invalid ttl parameter");
		u->ttl = (int)v;
	}
	return 0;
}

/* uri-parameters = *( ";" uri-parameter ), p just after the first ';' */
static int uri_params(struct sip_uri *u, const char *p, const char *e, const char **end,
		      struct sip_perr *err)
{
	const char *start = p;

	for (;;) {
		const char *n = p;
		struct sip_str value = { NULL, 0 };

		p = sip_scan_escaped(p, e, CC_PARAM);
		if (p == n)
			return sip_fail(err, n, "empty URI parameter");
		struct sip_str name = sip_span(n, p);

		if (p < e && *p == '=') {
			const char *v = ++p;

			p = sip_scan_escaped(p, e, CC_PARAM);
			if (p == v)
				return sip_fail(err, v, "empty URI parameter value");
			value = sip_span(v, p);
		}
		if (known_param(u, name, value, err) != 0)
			return EBADMSG;
		if (p == e || *p != ';')
			break;
		p++;
	}
	u->params = sip_span(start, p);
	*end = p;
	return 0;
}

/* headers = "?" header *( "&" header ), header = hname "=" hvalue */
static int uri_headers(struct sip_uri *u, const char *p, const char *e, const char **end,
		       struct sip_perr *err)
{
	const char *start = p;

	for (;;) {
		const char *n = p;

		p = sip_scan_escaped(p, e, CC_HNV);
		if (p == n)
			return sip_fail(err, n, "empty URI header name");
		if (p == e || *p != '=')
			return sip_fail(err, p, "URI header without '='");
		p = sip_scan_escaped(p + 1, e, CC_HNV);
		if (p == e || *p != '&')
			break;
		p++;
	}
	u->headers = sip_span(start, p);
	*end = p;
	return 0;
}

/* The part after "sip:" / "sips:". */
static int parse_sip(struct sip_uri *u, const char *p, const char *e, struct sip_perr *err)
{
	/* '@' is in neither the host, the parameters nor the headers, so the first
	 * one ends the userinfo. */
	const char *at = memchr(p, '@', (size_t)(e - p));

	if (at != NULL) {
		const char *q = sip_scan_escaped(p, at, CC_USER);

		/* §19.1.1: "If the @ sign is present in a SIP or SIPS URI, the user field
		 * MUST NOT be empty." */
		if (q == p)
			return sip_fail(err, p, "empty user part in URI");
		u->user = sip_span(p, q);
		if (q < at && *q == ':') {
			const char *pw = q + 1;

			q = sip_scan_escaped(pw, at, CC_PASSWORD);
			u->password = sip_span(pw, q);
			u->has_password = true;
		}
		if (q != at)
			return sip_fail(err, q, "invalid character in URI user part");
		p = at + 1;
	}
	const char *h = p;

	if (sip_host_parse(p, e, &p, &u->host_type, err) != 0)
		return EBADMSG;
	u->host = sip_span(h, p);
	if (p < e && *p == ':') {
		uint64_t v;
		bool over;
		const char *d = ++p;

		if (sip_digits(p, e, 65535, &p, &v, &over) != 0 || over)
			return sip_fail(err, d, "invalid port in URI");
		u->port = (int)v;
	}
	if (p < e && *p == ';' && uri_params(u, p + 1, e, &p, err) != 0)
		return EBADMSG;
	if (p < e && *p == '?' && uri_headers(u, p + 1, e, &p, err) != 0)
		return EBADMSG;
	if (p != e)
		return sip_fail(err, p, "invalid character in URI");
	return 0;
}

/* tel:number *( ";" param ): the number is kept as the user part. */
static int parse_tel(struct sip_uri *u, const char *p, const char *e, struct sip_perr *err)
{
	const char *n = p;

	u->opaque = sip_span(p, e);
	p = sip_scan_escaped(p, e, CC_PARAM);
	if (p == n)
		return sip_fail(err, n, "empty telephone number");
	u->user = sip_span(n, p);
	if (p < e && *p == ';' && uri_params(u, p + 1, e, &p, err) != 0)
		return EBADMSG;
	if (p != e)
		return sip_fail(err, p, "invalid character in tel URI");
	return 0;
}

/* absoluteURI = scheme ":" ( hier-part / opaque-part ): every byte a uric. */
static int parse_other(struct sip_uri *u, const char *p, const char *e, struct sip_perr *err)
{
	const char *q = sip_scan_escaped(p, e, CC_URIC);

	if (q == p)
		return sip_fail(err, p, "empty URI after the scheme");
	if (q != e)
		return sip_fail(err, q, "invalid character in URI");
	u->opaque = sip_span(p, e);
	return 0;
}

int sip_uri_parse_span(struct sip_uri *u, const char *p, const char *e, struct sip_perr *err)
{
	memset(u, 0, sizeof(*u));
	u->port = -1;
	u->ttl = -1;
	u->text = sip_span(p, e);

	const char *s = p;

	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
	p = sip_scan(p, e, CC_SCHEME);
	if (p == s || !(CC(*s) & CC_ALPHA) || p == e || *p != ':') {
		if (s < e && *s == '<')
			return sip_fail(err, s, "URI enclosed in <> where the grammar has none");
		return sip_fail(err, s, "URI without a scheme");
	}
	u->scheme_name = sip_span(s, p);
	p++;
	if (name_is(u->scheme_name, "sip")) {
		u->scheme = SIP_URI_SIP;
		return parse_sip(u, p, e, err);
	}
	if (name_is(u->scheme_name, "sips")) {
		u->scheme = SIP_URI_SIPS;
		return parse_sip(u, p, e, err);
	}
	if (name_is(u->scheme_name, "tel")) {
		u->scheme = SIP_URI_TEL;
		return parse_tel(u, p, e, err);
	}
	u->scheme = SIP_URI_OTHER;
	return parse_other(u, p, e, err);
}

int sip_uri_parse(struct sip_uri *uri, const char *p, size_t len, const char **reason)
{
	struct sip_perr err = { NULL, NULL, 0 };
	int rc = sip_uri_parse_span(uri, p, p + len, &err);

	if (rc != 0 && reason != NULL)
		*reason = err.reason;
	return rc;
}

unsigned sip_uri_port_or_default(const struct sip_uri *uri)
{
	if (uri->port >= 0)
		return (unsigned)uri->port;
	return uri->scheme == SIP_URI_SIPS ? 5061 : 5060;
}
