/* sip/hdr.h - methods, header names and the typed header values (RFC 3261 §20, §25).
 *
 * The parser (sip/msg.h) fills these structs for the headers the stack uses; every
 * string in them is a view into the message that owns it (valid until that message
 * is edited in the same header, or destroyed).  Lists (Via, Contact, Route, option
 * tags, auth rows) are singly linked in message order: the first element is the
 * topmost value.
 *
 * Header names are case-insensitive and have compact forms (§7.3.3: "Implementations
 * MUST accept both the long and short forms of each header name"); sip_hdr_lookup
 * maps either to one id, and sip_hdr_name gives the canonical long form.
 *
 * Parameters (";name=value") stay as one raw view per value; sip_param_next walks
 * them, skipping the LWS the grammar allows around ';' and '=' and never splitting
 * inside a quoted string.  The parameters the stack needs (branch, received, rport,
 * tag, q, expires, ...) are also pulled out into their own fields.
 *
 * Leaves out: typed parsing of headers the stack does not act on (Accept, Date,
 * Warning, Subject, ...): they are kept verbatim and found by name.
 */
#ifndef SIP_HDR_H
#define SIP_HDR_H

#include "sip/str.h"
#include "sip/uri.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Methods of RFC 3261 and the common extensions.  Methods are case-sensitive
 * (§25: INVITEm = %x49.4E.56.49.54.45, "INVITE in caps"); anything else is
 * SIP_METHOD_OTHER and its token is kept as written. */
enum sip_method {
	SIP_METHOD_OTHER = 0,  /* extension-method: see the method_name view */
	SIP_METHOD_INVITE,
	SIP_METHOD_ACK,
	SIP_METHOD_BYE,
	SIP_METHOD_CANCEL,
	SIP_METHOD_OPTIONS,
	SIP_METHOD_REGISTER,
	SIP_METHOD_PRACK,      /* RFC 3262 */
	SIP_METHOD_SUBSCRIBE,  /* RFC 6665 */
	SIP_METHOD_NOTIFY,     /* RFC 6665 */
	SIP_METHOD_PUBLISH,    /* RFC 3903 */
	SIP_METHOD_INFO,       /* RFC 6086 */
	SIP_METHOD_REFER,      /* RFC 3515 */
	SIP_METHOD_MESSAGE,    /* RFC 3428 */
	SIP_METHOD_UPDATE      /* RFC 3311 */
};

/* The method for a token (exact case), SIP_METHOD_OTHER when not one of the above. */
enum sip_method sip_method_lookup(struct sip_str token);

/* "INVITE", ...; NULL for SIP_METHOD_OTHER. */
const char *sip_method_name(enum sip_method method);

/* Every header field of RFC 3261 §20 (and Refer-To, RFC 3515).  SIP_HDR_OTHER is an
 * extension header: it is kept verbatim and found by its name. */
enum sip_hdr_id {
	SIP_HDR_OTHER = 0,
	SIP_HDR_ACCEPT,
	SIP_HDR_ACCEPT_ENCODING,
	SIP_HDR_ACCEPT_LANGUAGE,
	SIP_HDR_ALERT_INFO,
	SIP_HDR_ALLOW,
	SIP_HDR_AUTHENTICATION_INFO,
	SIP_HDR_AUTHORIZATION,
	SIP_HDR_CALL_ID,              /* compact form i */
	SIP_HDR_CALL_INFO,
	SIP_HDR_CONTACT,              /* m */
	SIP_HDR_CONTENT_DISPOSITION,
	SIP_HDR_CONTENT_ENCODING,     /* e */
	SIP_HDR_CONTENT_LANGUAGE,
	SIP_HDR_CONTENT_LENGTH,       /* l */
	SIP_HDR_CONTENT_TYPE,         /* c */
	SIP_HDR_CSEQ,
	SIP_HDR_DATE,
	SIP_HDR_ERROR_INFO,
	SIP_HDR_EXPIRES,
	SIP_HDR_FROM,                 /* f */
	SIP_HDR_IN_REPLY_TO,
	SIP_HDR_MAX_FORWARDS,
	SIP_HDR_MIME_VERSION,
	SIP_HDR_MIN_EXPIRES,
	SIP_HDR_ORGANIZATION,
	SIP_HDR_PRIORITY,
	SIP_HDR_PROXY_AUTHENTICATE,
	SIP_HDR_PROXY_AUTHORIZATION,
	SIP_HDR_PROXY_REQUIRE,
	SIP_HDR_RECORD_ROUTE,
	SIP_HDR_REFER_TO,             /* r (RFC 3515) */
	SIP_HDR_REPLY_TO,
	SIP_HDR_REQUIRE,
	SIP_HDR_RETRY_AFTER,
	SIP_HDR_ROUTE,
	SIP_HDR_SERVER,
	SIP_HDR_SUBJECT,              /* s */
	SIP_HDR_SUPPORTED,            /* k */
	SIP_HDR_TIMESTAMP,
	SIP_HDR_TO,                   /* t */
	SIP_HDR_UNSUPPORTED,
	SIP_HDR_USER_AGENT,
	SIP_HDR_VIA,                  /* v */
	SIP_HDR_WARNING,
	SIP_HDR_WWW_AUTHENTICATE,
	SIP_HDR_ID_COUNT
};

/* The id for a header name in long or compact form, any case; SIP_HDR_OTHER when
 * the name is not one of the above. */
enum sip_hdr_id sip_hdr_lookup(const char *name, size_t len);

/* The canonical long name ("Call-ID", "CSeq", "WWW-Authenticate"); NULL for
 * SIP_HDR_OTHER. */
const char *sip_hdr_name(enum sip_hdr_id id);

/* One parameter from a ";"-separated list. */
struct sip_param {
	struct sip_str name;   /* as written */
	struct sip_str value;  /* as written; a quoted value keeps its quotes */
	bool has_value;        /* "lr" has none; "tag=" never parses */
};

/* Iterates a raw parameter list such as sip_via.params or sip_uri.params:
 *     struct sip_str cur = via->params; struct sip_param prm;
 *     while (sip_param_next(&cur, &prm)) ...
 * Returns false at the end.  The lists come from a parsed message, so they are
 * well-formed; on anything else it stops early. */
bool sip_param_next(struct sip_str *cursor, struct sip_param *out);

/* Finds a parameter by name (case-insensitive).  Returns true when present. */
bool sip_param_find(struct sip_str params, const char *name, struct sip_param *out);

/* A Via value (§20.42): via-parm = sent-protocol LWS sent-by *( SEMI via-params ). */
struct sip_via {
	struct sip_str protocol;   /* protocol-name, "SIP" */
	struct sip_str version;    /* protocol-version, "2.0" */
	struct sip_str transport;  /* "UDP", "TCP", "TLS", "SCTP" or another token */
	struct sip_str host;       /* sent-by host, IPv6 with brackets */
	enum sip_host_type host_type;
	int port;                  /* sent-by port, -1 when absent */
	struct sip_str branch;     /* branch= value, absent if none (RFC 2543 peers) */
	struct sip_str received;   /* received= value, brackets removed (RFC 5118 §4.5) */
	struct sip_str maddr;      /* maddr= value */
	int ttl;                   /* ttl= 0..255, -1 when absent */
	int rport;                 /* RFC 3581: -1 absent, 0 present without a value,
	                            * else the port the response must go to */
	struct sip_str params;     /* every via-param as written, without the first ';' */
	struct sip_str text;       /* the whole via-parm as written */
	struct sip_via *next;      /* the next Via value down the list */
};

/* A name-addr or addr-spec with parameters: From, To (§20.20, §20.39), Contact
 * (§20.10), Route and Record-Route (§20.34, §20.30). */
struct sip_addr {
	struct sip_str display;    /* display-name; a quoted one without its quotes but
	                            * with its quoted-pairs (sip_str_unquote decodes) */
	bool display_quoted;
	struct sip_uri uri;        /* absent (scheme_name.p NULL) for Contact: * */
	bool star;                 /* Contact: * (§10.2.2, removes all bindings) */
	struct sip_str tag;        /* tag= (From, To), absent if none */
	int q;                     /* Contact q= in thousandths 0..1000, -1 absent */
	int64_t expires;           /* Contact expires= seconds, -1 absent; values above
	                            * 2^32-1 read as 2^32-1 (§10.2.1.1 MAY) */
	struct sip_str params;     /* header parameters as written, without the first
	                            * ';' (not the URI's: those are in uri.params) */
	struct sip_str text;       /* the whole value as written */
	struct sip_addr *next;     /* next Contact / Route / Record-Route value */
};

/* CSeq (§20.16): a sequence number and the method. */
struct sip_cseq {
	uint32_t seq;              /* saturates at UINT32_MAX */
	bool seq_too_large;        /* the number did not fit 32 bits (RFC 4475 §3.1.2.4) */
	enum sip_method method;
	struct sip_str method_name;
};

/* Content-Type (§20.15): media-type = m-type SLASH m-subtype *(SEMI m-parameter). */
struct sip_media_type {
	struct sip_str type;       /* "application" */
	struct sip_str subtype;    /* "sdp" */
	struct sip_str params;     /* m-parameters as written, without the first ';' */
};

/* One token of Allow, Supported, Require, Proxy-Require, Unsupported. */
struct sip_token {
	struct sip_str name;
	struct sip_token *next;
};

/* True when the list holds `name`.  Option tags and methods compare exactly
 * (methods are case-sensitive, §7.1; option tags are tokens registered in one
 * spelling, §19.2). */
bool sip_token_list_has(const struct sip_token *list, const char *name);

/* WWW-Authenticate, Proxy-Authenticate (challenge) and Authorization,
 * Proxy-Authorization (credentials), §20.27, §20.28, §20.7, §20.44, §25.
 * Quoted values are stored without their quotes.  Each header row is one value:
 * §7.3.1 forbids combining these rows with commas. */
struct sip_auth {
	struct sip_str scheme;     /* "Digest" or another auth-scheme, as written */
	struct sip_str realm;
	struct sip_str nonce;
	struct sip_str opaque;
	struct sip_str algorithm;  /* "MD5", "MD5-sess", "SHA-256", ... */
	struct sip_str qop;        /* challenge: the qop-options list inside the quotes
	                            * ("auth,auth-int"); credentials: the chosen qop */
	struct sip_str domain;     /* challenge: space-separated URIs */
	bool stale;                /* challenge: stale=true (case-insensitive) */
	struct sip_str username;   /* credentials */
	struct sip_str uri;        /* credentials: digest-uri */
	struct sip_str response;   /* credentials: request-digest, 32 LHEX for MD5 */
	struct sip_str cnonce;     /* credentials */
	struct sip_str nc;         /* credentials: nonce-count, 8 LHEX */
	struct sip_str params;     /* everything after the scheme, as written */
	struct sip_auth *next;     /* the next row of the same header name */
};

/* True when the qop (credentials) or one of the qop-options (challenge) equals
 * `qop`, case-insensitively ("auth", "auth-int"). */
bool sip_auth_has_qop(const struct sip_auth *auth, const char *qop);

/* Looks up any auth-param by name (case-insensitive), for schemes and parameters
 * not given a field above.  A quoted value is returned without its quotes. */
bool sip_auth_param(const struct sip_auth *auth, const char *name, struct sip_str *value);

#endif
