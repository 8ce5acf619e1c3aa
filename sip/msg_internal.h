/* sip/msg_internal.h - what the files of the message layer share, not for users.
 *
 *  - sip_cc[]: one table lookup tells which §25 character sets a byte belongs to,
 *    so each scanning loop is "while the byte is in set X, advance";
 *  - the arena: blocks that never move, so views into them stay valid;
 *  - struct sip_perr: where parsing stopped and why;
 *  - the typed-header parsers the parser and the editor both call.
 */
#ifndef SIP_MSG_INTERNAL_H
#define SIP_MSG_INTERNAL_H

#include "sip/msg.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Character classes (sip/chars.c), straight from RFC 3261 §25.1 ----------- */
enum {
	CC_DIGIT = 1 << 0,       /* DIGIT */
	CC_ALPHA = 1 << 1,       /* ALPHA */
	CC_HEX = 1 << 2,         /* HEXDIG */
	CC_TOKEN = 1 << 3,       /* token: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" */
	CC_WORD = 1 << 4,        /* word (Call-ID): token chars and ( ) < > : \ " / [ ] ? { } */
	CC_UNRESERVED = 1 << 5,  /* unreserved: alphanum / mark */
	CC_USER = 1 << 6,        /* user: unreserved / user-unreserved ("%" is handled apart) */
	CC_PASSWORD = 1 << 7,    /* password: unreserved / & = + $ , */
	CC_HOST = 1 << 8,        /* hostname and IPv4address: alphanum / "-" / "." */
	CC_PARAM = 1 << 9,       /* paramchar: param-unreserved / unreserved */
	CC_HNV = 1 << 10,        /* hname/hvalue: hnv-unreserved / unreserved */
	CC_URIC = 1 << 11,       /* uric: reserved / unreserved */
	CC_WS = 1 << 12,         /* SP / HTAB */
	CC_TEXT = 1 << 13,       /* header-value and Reason-Phrase octets: not a CTL */
	CC_SCHEME = 1 << 14,     /* scheme: ALPHA / DIGIT / "+" / "-" / "." */
	CC_QDTEXT = 1 << 15      /* qdtext: anything but CTLs, '"' and '\' (SP, HT kept) */
};

extern const uint16_t sip_cc[256];

#define CC(c) (sip_cc[(unsigned char)(c)])

/* Advances over bytes of class `cls` in [p, e). */
static inline const char *sip_scan(const char *p, const char *e, unsigned cls)
{
	while (p < e && (CC(*p) & cls))
		p++;
	return p;
}

/* Advances over SP / HTAB (a fold has already been turned into spaces). */
static inline const char *sip_skip_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Advances over bytes of class `cls` and "%" HEX HEX escapes (RFC 3261 §25.1
 * `escaped`).  Stops at the first other byte, which may be a '%' with no two hex
 * digits after it: the caller treats that as an error. */
const char *sip_scan_escaped(const char *p, const char *e, unsigned cls);

static inline struct sip_str sip_span(const char *p, const char *e)
{
	struct sip_str s = { p, (size_t)(e - p) };

	return s;
}

/* ---- Parse errors ----------------------------------------------------------- */

struct sip_perr {
	const char *at;      /* the byte where the fault was seen */
	const char *reason;  /* static text */
	int status;          /* 0: the default (400, or drop for a response) */
};

static inline int sip_fail(struct sip_perr *e, const char *at, const char *reason)
{
	e->at = at;
	e->reason = reason;
	return EBADMSG;
}

/* ---- The arena (sip/arena.c) ------------------------------------------------ */

struct sip_arena_block {
	struct sip_arena_block *next;  /* older block */
	size_t used;                   /* bytes handed out */
	size_t cap;                    /* bytes in data[] */
	unsigned char data[];
};

/* A new message with one arena block of `cap` bytes, all in one allocation.
 * Fields are zero except max_forwards, content_length, expires = -1. */
struct sip_msg *sip_msg_alloc(size_t cap);

/* `n` zeroed bytes aligned for any field of our structs, or NULL. */
void *sip_arena_alloc(struct sip_msg *m, size_t n);

/* A NUL-terminated copy of n bytes, or NULL. */
char *sip_arena_dup(struct sip_msg *m, const char *p, size_t n);

/* ---- Header rows and typed values ------------------------------------------ */

/* Where the next element of each list goes while rows are typed in order. */
struct sip_type_ctx {
	struct sip_via **via;
	struct sip_addr **contact;
	struct sip_addr **route;
	struct sip_addr **record_route;
	struct sip_token **tokens[5];   /* allow, supported, require, proxy_require, unsupported */
	struct sip_auth **auth[4];      /* www, authorization, proxy_authenticate, proxy_authorization */
};

/* Points every tail at the (empty) list head of the message. */
void sip_type_ctx_init(struct sip_type_ctx *c, struct sip_msg *m);

/* Parses one row into the typed fields: `value` is [v, e).  Rows with ids that
 * are not typed only have their octets checked.  Returns 0 or EBADMSG (*err). */
int sip_hdr_type(struct sip_msg *m, struct sip_type_ctx *c, enum sip_hdr_id id, const char *v,
		 const char *e, struct sip_perr *err);

/* Forgets the typed value of `id` and types every row with that id again, in
 * order (after an edit).  Returns 0 or EBADMSG. */
int sip_msg_retype(struct sip_msg *m, enum sip_hdr_id id, struct sip_perr *err);

/* Appends a row (table grows in the arena).  Returns the row or NULL. */
struct sip_hdr *sip_msg_row_push(struct sip_msg *m);

/* The typed parsers of each header family (sip/hdr_*.c); [p, e) is one row's value.
 * List parsers append through *tail.  Return 0, EBADMSG (*err) or ENOMEM. */
int sip_hdr_via(struct sip_msg *m, struct sip_via ***tail, const char *p, const char *e,
		struct sip_perr *err);

enum sip_addr_kind {
	SIP_ADDR_FROM_TO,  /* one value, tag= */
	SIP_ADDR_CONTACT,  /* list or "*", q= expires= */
	SIP_ADDR_ROUTE     /* list, name-addr only (Route, Record-Route) */
};
int sip_hdr_addr(struct sip_msg *m, enum sip_addr_kind kind, struct sip_addr ***tail,
		 const char *p, const char *e, struct sip_perr *err);
int sip_hdr_auth(struct sip_msg *m, struct sip_auth ***tail, const char *p, const char *e,
		 struct sip_perr *err);

/* ---- Shared grammar pieces (sip/uri.c, sip/hdr_params.c) -------------------- */

/* URI parse with the reason kept (sip_uri_parse is this plus the public form). */
int sip_uri_parse_span(struct sip_uri *u, const char *p, const char *e, struct sip_perr *err);

/* host = hostname / IPv4address / IPv6reference at p; *end gets where it stops.
 * Returns 0 or EBADMSG. */
int sip_host_parse(const char *p, const char *e, const char **end, enum sip_host_type *type,
		   struct sip_perr *err);

/* A bare IPv6address (no brackets), per §25 with RFC 5118 §4.10's tolerance. */
bool sip_ipv6_valid(const char *p, const char *e);

/* quoted-string at p (p points at the '"').  *end gets the byte after the closing
 * quote; *inner the view between the quotes.  Returns 0 or EBADMSG. */
int sip_quoted_parse(const char *p, const char *e, const char **end, struct sip_str *inner,
		     struct sip_perr *err);

/* One header parameter: at p (already past SWS ';' SWS) reads
 * token [ EQUAL ( token / quoted-string / IPv6reference ) ]; with allow_colon a
 * bare IPv6address value is accepted too (Via received=, §20.42).  *end gets the
 * byte after.  Returns 0 or EBADMSG. */
int sip_hparam_parse(const char *p, const char *e, bool allow_colon, const char **end,
		     struct sip_param *out, struct sip_perr *err);

/* Reads 1*DIGIT at p as an unsigned value capped at `cap`; *end gets the byte
 * after the digits; *over is set when the value was above cap.  Returns 0, or
 * EBADMSG when there is no digit. */
int sip_digits(const char *p, const char *e, uint64_t cap, const char **end, uint64_t *value,
	       bool *over);

#endif
