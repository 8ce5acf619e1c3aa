/* sip/uri.h - SIP, SIPS, tel and other absolute URIs (RFC 3261 §19.1, §25).
 *
 *     sip:user:password@host:port;uri-parameters?headers      (§19.1.1)
 *
 * A parsed URI is a set of views into the text it was parsed from: that text must
 * outlive the struct.  Nothing is unescaped in place: `user` keeps its "%HH"
 * escapes exactly as written (RFC 4475 §3.1.1.4: "Implementations must take
 * special care when unescaping ... so as to not prematurely shorten the
 * username"); decode with sip_str_unescape when you need the bytes.
 *
 * Comparison follows §19.1.4 (sip_uri_equal).  tel URIs are split into the number
 * and its parameters; other schemes ("http:", "isbn:", "soap.beep:") keep their
 * opaque part, checked only against the absoluteURI character set.
 *
 * Leaves out: DNS resolution and default transports (RFC 3263, the transport
 * layer), RFC 3966 tel-URI comparison (tel and other schemes compare as opaque
 * text), Internationalised domain names.
 */
#ifndef SIP_URI_H
#define SIP_URI_H

#include "sip/str.h"

#include <stdbool.h>
#include <stddef.h>

enum sip_uri_scheme {
	SIP_URI_SIP,    /* sip: */
	SIP_URI_SIPS,   /* sips: */
	SIP_URI_TEL,    /* tel: (RFC 3966) */
	SIP_URI_OTHER   /* any other absoluteURI: see scheme_name */
};

enum sip_host_type {
	SIP_HOST_NONE,  /* tel and other schemes */
	SIP_HOST_NAME,  /* hostname */
	SIP_HOST_IPV4,  /* IPv4address */
	SIP_HOST_IPV6   /* IPv6reference, "[...]" */
};

struct sip_uri {
	struct sip_str text;         /* the whole URI as written */
	enum sip_uri_scheme scheme;
	struct sip_str scheme_name;  /* as written, e.g. "sip", "SIP", "soap.beep" */
	struct sip_str user;         /* escaped as written; absent when no '@'.
	                              * tel: the telephone-subscriber number */
	struct sip_str password;     /* escaped as written; see has_password */
	bool has_password;           /* "user:@host" has an empty password */
	struct sip_str host;         /* IPv6 keeps its brackets: "[2001:db8::1]" */
	enum sip_host_type host_type;
	int port;                    /* 0..65535, or -1 when absent */
	struct sip_str params;       /* all uri-parameters without the first ';'
	                              * ("transport=tcp;lr"); iterate with sip_param_next */
	struct sip_str headers;      /* after '?', escaped ("subject=x&priority=y") */
	struct sip_str opaque;       /* tel/other: everything after "scheme:" */
	/* The uri-parameters of §19.1.1, also present in `params`: */
	struct sip_str transport;    /* transport= value, absent if none */
	struct sip_str user_param;   /* user= value ("phone", "ip") */
	struct sip_str method;       /* method= value */
	struct sip_str maddr;        /* maddr= value */
	int ttl;                     /* ttl= value 0..255, or -1 when absent */
	bool lr;                     /* lr present (loose routing, §16.12) */
};

/* Parses `len` bytes at `p` as one URI (no surrounding '<' '>' or whitespace).
 * The views point into `p`.  Returns 0 or EBADMSG; on EBADMSG *reason (if not
 * NULL) names the fault with a static string. */
int sip_uri_parse(struct sip_uri *uri, const char *p, size_t len, const char **reason);

/* RFC 3261 §19.1.4 equality: scheme must match (sip never equals sips); userinfo
 * case-sensitive, the rest case-insensitive; "%HH" equals the character it
 * encodes; parameters and headers in any order; user, ttl, method, maddr and
 * transport present in one URI only make them differ, other parameters present in
 * one only are ignored; headers must all match.  tel and other schemes compare
 * the scheme case-insensitively and the rest byte for byte (DEVIATION: RFC 3966
 * comparison is not implemented). */
bool sip_uri_equal(const struct sip_uri *a, const struct sip_uri *b);

/* Looks up a uri-parameter by name (case-insensitive).  Returns true when present;
 * *value (may be NULL) gets its value, absent for a valueless one like "lr". */
bool sip_uri_param(const struct sip_uri *uri, const char *name, struct sip_str *value);

/* Looks up a header component ("?name=value") by name, case-insensitively. */
bool sip_uri_header(const struct sip_uri *uri, const char *name, struct sip_str *value);

/* The port to use: the explicit one, else 5061 for sips and 5060 otherwise
 * (§19.1.1 Table 1 note 1; TLS over sip: is the caller's business). */
unsigned sip_uri_port_or_default(const struct sip_uri *uri);

#endif
