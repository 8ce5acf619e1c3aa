/* sip/uri.c - SIP, SIPS, tel and other absolute URIs (RFC 3261 §19.1, §25).
 *
 * One left-to-right pass over the URI:
 *     scheme ":" [ user [ ":" password ] "@" ] host [ ":" port ] *( ";" param ) [ "?" headers ]
 * Every component becomes a view into the text; "%HH" escapes are checked but not
 * decoded.  The host follows §25 exactly (hostname labels, IPv4address, and
 * IPv6reference with RFC 5118's tolerance for the "::" + ":" IPv4 bug).
 *
 * The parser runs inside the message parser's copy, where every value ends in a
 * NUL, and stops where the grammar stops: at the '>' of a name-addr, the SP of the
 * Request-Line, or (for an addr-spec outside <>, §20) at ';', ',' or space.  The
 * public sip_uri_parse copies its input to a NUL-terminated buffer first.
 *
 * Leaves out: DNS, RFC 3966 tel-URI semantics (a tel URI is its number plus
 * parameters), the structure of non-SIP absolute URIs (only their characters are
 * checked).
 */
#include "sip/uri.h"
#include "sip/hdr.h"
#include "sip/msg_internal.h"

#include <stdlib.h>
#include <string.h>

/* IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT in [p, e). */
bool sip_ipv4_valid(const char *p, const char *e)
{
	const char *group = p;
	int dots = 0;

	for (const char *q = p; q < e; q++) {
		if (*q == '.') {
			if (q == group || q - group > 3)
				return false;
			dots++;
			group = q + 1;
		} else if (!(CC(*q) & CC_DIGIT)) {
			return false;
		}
	}
	return dots == 3 && group < e && e - group <= 3;
}

/* The length of the 1*3DIGIT at p: 1 to 3, or 0 (no digit, or a fourth one).  Three
 * straight tests cost less than a scanning loop for so few bytes. */
static inline int digits3(const char *p)
{
	if (!(CC(p[0]) & CC_DIGIT))
		return 0;
	if (!(CC(p[1]) & CC_DIGIT))
		return 1;
	if (!(CC(p[2]) & CC_DIGIT))
		return 2;
	return (CC(p[3]) & CC_DIGIT) ? 0 : 3;
}

/* sip_ipv4_scan, inline for the host of every URI and Via. */
static inline const char *ipv4_at(const char *p)
{
	for (int i = 0;; i++) {
		int n = digits3(p);

		if (n == 0)
			return NULL;
		p += n;
		if (i == 3)
			return (CC(*p) & CC_HOST) ? NULL : p;
		if (*p++ != '.')
			return NULL;
	}
}

const char *sip_ipv4_scan(const char *p)
{
	return ipv4_at(p);
}

/* hostname = *( domainlabel "." ) toplabel [ "." ]
 * domainlabel = alphanum / alphanum *( alphanum / "-" ) alphanum
 * toplabel = ALPHA / ALPHA *( alphanum / "-" ) alphanum
 * Label by label: not empty, no '-' at either end, and the top label starts with a
 * letter (which is what tells "example.com" from a broken "192.0.2").  Returns the
 * end, or NULL. */
static const char *hostname_scan(const char *p)
{
	for (;;) {
		const char *label = p;

		/* a label starts and ends with an alphanumeric: not "", "-a" or "a-" */
		if (!(CC(*p) & (CC_ALPHA | CC_DIGIT)))
			return NULL;
		p = sip_skip(p + 1, CC_LABEL);
		if (p[-1] == '-')
			return NULL;
		if (*p != '.' || !(CC(p[1]) & CC_LABEL))
			return (CC(*label) & CC_ALPHA) ? p + (*p == '.') : NULL;
		p++;
	}
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

		while (p < e && (CC(*p) & CC_HEX))
			p++;
		if (p < e && *p == '.')
			return sip_ipv4_valid(g, e) && (dbl ? groups + 2 <= 7 : groups + 2 == 8);
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
			if (*p == ':')
				return sip_ipv4_valid(p + 1, e) && groups + 2 <= 7;
		}
	}
	return dbl ? groups <= 7 : groups == 8;
}

/* host that is not a plain hostname or IPv4address: an IPv6reference, or an error
 * to name. */
static const char *host_other(const char *p, enum sip_host_type *type, struct sip_perr *err)
{
	if (*p == '[') {
		const char *q = sip_skip(p + 1, CC_IPV6);

		if (*q != ']' || !sip_ipv6_valid(p + 1, q)) {
			sip_fail(err, p, "invalid IPv6 reference");
			return NULL;
		}
		*type = SIP_HOST_IPV6;
		return q + 1;
	}
	const char *q = sip_skip(p, CC_HEX);

	sip_fail(err, p, *q == ':' && q > p ? "IPv6 address not enclosed in [ ] (RFC 5118 4.2)"
					    : (CC(*p) & CC_HOST) ? "invalid host name" : "host expected");
	return NULL;
}

/* host = hostname / IPv4address / IPv6reference (inline: every URI and Via has one). */
static inline const char *host_scan(const char *p, enum sip_host_type *type,
				    struct sip_perr *err)
{
	/* A hostname's top label starts with a letter, so only a digit may start an
	 * IPv4address (which is tried first: "192.0.2.1" is no hostname either). */
	const char *q = (CC(*p) & CC_DIGIT) ? ipv4_at(p) : NULL;

	if (q != NULL) {
		*type = SIP_HOST_IPV4;
		return q;
	}
	if ((q = hostname_scan(p)) != NULL) {
		*type = SIP_HOST_NAME;
		return q;
	}
	return host_other(p, type, err);
}

const char *sip_host_scan(const char *p, enum sip_host_type *type, struct sip_perr *err)
{
	return host_scan(p, type, err);
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

/* The §19.1.1 parameters, by their (unescaped) name. */
enum uri_param { UP_OTHER, UP_LR, UP_TRANSPORT, UP_USER, UP_METHOD, UP_MADDR, UP_TTL };

static enum uri_param uri_param_kind(struct sip_str n)
{
	static const char *const names[] = { "", "lr", "transport", "user", "method", "maddr", "ttl" };
	enum uri_param k = UP_OTHER;

	switch (n.len) {
	case 2: k = SIP_EQI(n, "lr") ? UP_LR : UP_OTHER; break;
	case 3: k = SIP_EQI(n, "ttl") ? UP_TTL : UP_OTHER; break;
	case 4: k = SIP_EQI(n, "user") ? UP_USER : UP_OTHER; break;
	case 5: k = SIP_EQI(n, "maddr") ? UP_MADDR : UP_OTHER; break;
	case 6: k = SIP_EQI(n, "method") ? UP_METHOD : UP_OTHER; break;
	case 9: k = SIP_EQI(n, "transport") ? UP_TRANSPORT : UP_OTHER; break;
	default: break;
	}
	/* Written with escapes?  Only then is the slower decoding compare run. */
	if (k == UP_OTHER && memchr(n.p, '%', n.len) != NULL)
		for (size_t i = 1; i < sizeof(names) / sizeof(names[0]); i++)
			if (name_is(n, names[i]))
				return (enum uri_param)i;
	return k;
}

/* Pulls the §19.1.1 parameters out of the list as they go by. */
static int known_param(struct sip_uri *u, struct sip_str name, struct sip_str value,
		       struct sip_perr *err)
{
	enum sip_host_type t;
	uint64_t v;
	bool over;

	switch (uri_param_kind(name)) {
	case UP_LR: u->lr = true; break;
	case UP_TRANSPORT: u->transport = value; break;
	case UP_USER: u->user_param = value; break;
	case UP_METHOD: u->method = value; break;
	case UP_MADDR:
		/* maddr-param = "maddr=" host */
		if (value.p == NULL || sip_host_scan(value.p, &t, err) != value.p + value.len)
			return sip_fail(err, name.p, "invalid maddr parameter");
		u->maddr = value;
		break;
	case UP_TTL:
		/* ttl = 1*3DIGIT ; 0 to 255 */
		if (value.p == NULL || value.len > 3 || sip_number(value.p, 255, &v, &over) != value.p + value.len || over)
			return sip_fail(err, name.p, "invalid ttl parameter");
		u->ttl = (int)v;
		break;
	default:
		break;
	}
	return 0;
}

/* uri-parameters = *( ";" uri-parameter ), p just after the first ';'. */
static const char *uri_params(struct sip_uri *u, const char *p, struct sip_perr *err)
{
	const char *start = p;

	for (;;) {
		const char *n = p;
		struct sip_str value = { NULL, 0 };

		p = sip_skip_escaped(p, CC_PARAM);
		if (p == n)
			return sip_fail_at(err, n, "empty URI parameter");
		struct sip_str name = sip_span(n, p);

		if (*p == '=') {
			const char *v = ++p;

			p = sip_skip_escaped(p, CC_PARAM);
			if (p == v)
				return sip_fail_at(err, v, "empty URI parameter value");
			value = sip_span(v, p);
		}
		if (known_param(u, name, value, err) != 0)
			return NULL;
		if (*p != ';')
			break;
		p++;
	}
	u->params = sip_span(start, p);
	return p;
}

/* headers = "?" header *( "&" header ), header = hname "=" hvalue */
static const char *uri_headers(struct sip_uri *u, const char *p, struct sip_perr *err)
{
	const char *start = p;

	for (;;) {
		const char *n = p;

		p = sip_skip_escaped(p, CC_HNV);
		if (p == n)
			return sip_fail_at(err, n, "empty URI header name");
		if (*p != '=')
			return sip_fail_at(err, p, "URI header without '='");
		p = sip_skip_escaped(p + 1, CC_HNV);
		if (*p != '&')
			break;
		p++;
	}
	u->headers = sip_span(start, p);
	return p;
}

/* [ user [ ":" password ] "@" ]: the user class holds every host character, so
 * scanning it and finding no '@' after means there was no userinfo. */
static const char *userinfo(struct sip_uri *u, const char *p, bool bare, struct sip_perr *err)
{
	/* (two calls, so that each scan tests a constant class) */
	const char *at = bare ? sip_skip_escaped(p, CC_USER_BARE) : sip_skip_escaped(p, CC_USER);
	const char *colon = at;

	if (*at == ':')
		at = sip_skip_escaped(colon + 1, bare ? CC_PASSWORD_BARE : CC_PASSWORD);
	if (*at != '@')
		return p;  /* no userinfo: "host", or "host:port" */
	/* RFC3261 19.1.1: "If the @ sign is present in a SIP or SIPS URI, the user field MUST
	 * NOT be empty." */
	if (colon == p)
		return sip_fail_at(err, p, "empty user part in URI");
	u->user = sip_span(p, colon);
	if (colon < at) {
		u->password = sip_span(colon + 1, at);
		u->has_password = true;
	}
	return at + 1;
}

/* The part after "sip:" / "sips:". */
static const char *parse_sip(struct sip_uri *u, const char *p, bool bare, struct sip_perr *err)
{
	if ((p = userinfo(u, p, bare, err)) == NULL)
		return NULL;
	const char *h = p;

	if ((p = host_scan(p, &u->host_type, err)) == NULL)
		return NULL;
	u->host = sip_span(h, p);
	if (*p == ':') {
		uint64_t v;
		bool over;
		const char *d = ++p;

		p = sip_number(p, 65535, &v, &over);
		if (p == d || over)
			return sip_fail_at(err, d, "invalid port in URI");
		u->port = (int)v;
	}
	/* RFC3261 20: an addr-spec outside <> keeps no parameters of its own. */
	if (*p == ';' && !bare && (p = uri_params(u, p + 1, err)) == NULL)
		return NULL;
	if (*p == '?') {
		if (bare)
			return sip_fail_at(err, p, "a URI with headers must be enclosed in <> (RFC 3261 20)");
		if ((p = uri_headers(u, p + 1, err)) == NULL)
			return NULL;
	}
	return p;
}

/* tel:number *( ";" param ): the number is kept as the user part. */
static const char *parse_tel(struct sip_uri *u, const char *p, bool bare, struct sip_perr *err)
{
	const char *n = p;

	p = sip_skip_escaped(p, CC_PARAM);
	if (p == n)
		return sip_fail_at(err, n, "empty telephone number");
	u->user = sip_span(n, p);
	if (*p == ';' && !bare && (p = uri_params(u, p + 1, err)) == NULL)
		return NULL;
	u->opaque = sip_span(n, p);
	return p;
}

/* absoluteURI = scheme ":" ( hier-part / opaque-part ): uric bytes.  Outside <>
 * the header's ';' ',' '?' end it, as they end a SIP URI. */
static const char *parse_other(struct sip_uri *u, const char *p, bool bare, struct sip_perr *err)
{
	const char *q = sip_skip_escaped(p, bare ? CC_URIC_BARE : CC_URIC);

	if (bare && *q == '?')
		return sip_fail_at(err, q, "a URI with headers must be enclosed in <> (RFC 3261 20)");
	if (q == p)
		return sip_fail_at(err, p, "empty URI after the scheme");
	u->opaque = sip_span(p, q);
	return q;
}

/* scheme ":" for anything but the usual "sip:"; returns the byte after the ':'
 * with u->scheme set, or NULL. */
static const char *scheme(struct sip_uri *u, const char *p, struct sip_perr *err)
{
	const char *s = p;

	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
	p = sip_skip(p, CC_SCHEME);
	if (p == s || !(CC(*s) & CC_ALPHA) || *p != ':')
		return sip_fail_at(err, s, *s == '<' ? "URI enclosed in <> where the grammar has none"
						    : "URI without a scheme");
	u->scheme_name = sip_span(s, p);
	u->scheme = SIP_EQI(u->scheme_name, "sips")  ? SIP_URI_SIPS
		    : SIP_EQI(u->scheme_name, "tel") ? SIP_URI_TEL : SIP_URI_OTHER;
	return p + 1;
}

/* Every field absent, written field by field: the compiler merges these into a
 * few 16-byte stores, where one assignment of the whole 224-byte struct became a
 * string instruction counted once per 8 bytes (about 30 instructions a message).
 * A field added to struct sip_uri must be added here. */
static inline void uri_clear(struct sip_uri *u)
{
	const struct sip_str none = { NULL, 0 };

	u->text = u->scheme_name = u->user = u->password = u->host = none;
	u->params = u->headers = u->opaque = none;
	u->transport = u->user_param = u->method = u->maddr = none;
	u->scheme = SIP_URI_SIP;
	u->has_password = false;
	u->host_type = SIP_HOST_NONE;
	u->port = -1;
	u->ttl = -1;
	u->lr = false;
}

const char *sip_uri_scan(struct sip_uri *u, const char *p, bool bare, struct sip_perr *err)
{
	const char *s = p;

	uri_clear(u);
	/* Nearly every URI is "sip:": test for it before the general scheme scan
	 * (each test fails at the NUL, so no byte past the string is read). */
	if ((p[0] | 0x20) == 's' && (p[1] | 0x20) == 'i' && (p[2] | 0x20) == 'p' && p[3] == ':') {
		u->scheme = SIP_URI_SIP;
		u->scheme_name = sip_span(s, s + 3);
		p += 4;
	} else if ((p = scheme(u, p, err)) == NULL) {
		return NULL;
	}
	if (u->scheme == SIP_URI_SIP || u->scheme == SIP_URI_SIPS)
		p = parse_sip(u, p, bare, err);
	else
		p = u->scheme == SIP_URI_TEL ? parse_tel(u, p, bare, err) : parse_other(u, p, bare, err);
	if (p != NULL)
		u->text = sip_span(s, p);
	return p;
}

/* Moves a view from one copy of the bytes to another. */
static void rebase(struct sip_str *v, const char *from, const char *to)
{
	if (v->p != NULL)
		v->p = to + (v->p - from);
}

int sip_uri_parse(struct sip_uri *uri, const char *p, size_t len, const char **reason)
{
	struct sip_perr err = { NULL, NULL, 0 };
	char stack[256];
	char *copy = len < sizeof(stack) ? stack : malloc(len + 1);

	if (copy == NULL)
		return ENOMEM;
	memcpy(copy, p, len);
	copy[len] = '\0';
	const char *end = sip_uri_scan(uri, copy, false, &err);

	if (end != NULL && end != copy + len)
		end = sip_fail_at(&err, end, "invalid character in URI");
	if (end != NULL) {
		struct sip_str *views[] = { &uri->text, &uri->scheme_name, &uri->user, &uri->password,
					    &uri->host, &uri->params, &uri->headers, &uri->opaque,
					    &uri->transport, &uri->user_param, &uri->method, &uri->maddr };

		for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
			rebase(views[i], copy, p);
	} else if (reason != NULL) {
		*reason = err.reason;
	}
	if (copy != stack)
		free(copy);
	return end != NULL ? 0 : EBADMSG;
}

unsigned sip_uri_port_or_default(const struct sip_uri *uri)
{
	if (uri->port >= 0)
		return (unsigned)uri->port;
	return uri->scheme == SIP_URI_SIPS ? 5061 : 5060;
}
