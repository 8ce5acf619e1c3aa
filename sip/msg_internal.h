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
#include <string.h>

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
	CC_QDTEXT = 1 << 15,     /* qdtext: anything but CTLs, '"' and '\' (SP, HT kept) */
	CC_USER_BARE = 1 << 16,  /* user outside <>: without ";" "?" "," (§20, see hdr_addr.c) */
	CC_PASSWORD_BARE = 1 << 17, /* password outside <>: without "," */
	CC_IPV4 = 1 << 18,       /* IPv4address: DIGIT / "." */
	CC_IPV6 = 1 << 19,       /* IPv6address: HEXDIG / ":" / "." */
	CC_URIC_BARE = 1 << 20,  /* uric outside <>: without ";" "?" "," */
	CC_LABEL = 1 << 21,      /* domainlabel: alphanum / "-" */
	CC_EOL = 1 << 22         /* where a header value ends: CR, LF, or the NUL after it */
};

extern const uint32_t sip_cc[256];

#define CC(c) (sip_cc[(unsigned char)(c)])

/* Scanning relies on one invariant of the parser: every header value, start-line
 * and URI it scans is followed by a CR, an LF or a NUL byte (the copy of a message
 * ends in a NUL, edits copy values with one), and none of them is in a class but
 * CC_EOL.  So a loop "while the byte is in class X" needs no length check: it stops
 * at the line end at the latest, and a typed parser knows it reached the end of its
 * value when sip_eol() is true.  Where a value may legitimately hold a NUL (a
 * quoted-pair "\" NUL), it compares with the end of the bytes (`lim`) instead. */
static inline const char *sip_skip(const char *p, uint32_t cls)
{
	/* Four bytes per turn saves the loop overhead on long tokens; each test still
	 * stops at the first byte outside the class, so nothing past it is read. */
	for (;; p += 4) {
		if (!(CC(p[0]) & cls))
			return p;
		if (!(CC(p[1]) & cls))
			return p + 1;
		if (!(CC(p[2]) & cls))
			return p + 2;
		if (!(CC(p[3]) & cls))
			return p + 3;
	}
}

/* Advances over SP / HTAB (a fold has already been turned into spaces).  The table
 * test is one instruction shorter than two compares, and runs a hundred times a
 * message, mostly over no whitespace at all. */
static inline const char *sip_ws(const char *p)
{
	while (CC(*p) & CC_WS)
		p++;
	return p;
}

/* True at the end of a header value: its CR, LF, or the NUL after the bytes. */
static inline bool sip_eol(const char *p)
{
	return (CC(*p) & CC_EOL) != 0;
}

/* True when only whitespace is left before the end of the value (tested first
 * without it: values rarely end in spaces). */
static inline bool sip_at_end(const char *p)
{
	return sip_eol(p) || sip_eol(sip_ws(p));
}

/* Advances over bytes of class `cls` and "%" HEX HEX escapes (§25.1 `escaped`).
 * Stops at any other byte, which may be a '%' without two hex digits: the caller
 * sees a byte it does not expect and reports it. */
static inline const char *sip_skip_escaped(const char *p, uint32_t cls)
{
	for (;;) {
		p = sip_skip(p, cls);
		if (*p != '%' || !(CC(p[1]) & CC_HEX) || !(CC(p[2]) & CC_HEX))
			return p;
		p += 3;
	}
}

/* 1*DIGIT at p, capped at `cap` (which stays far below UINT64_MAX / 10); *over is
 * set when the value was above it (RFC 4475 §3.1.2.4: scalars never wrap).
 * Returns the byte after the digits; no digit leaves it at p. */
static inline const char *sip_number(const char *p, uint64_t cap, uint64_t *value, bool *over)
{
	uint64_t v = 0, d;

	*over = false;
	/* c - '0' < 10, unsigned, tests for a digit and yields its value at once */
	for (; (d = (uint64_t)(unsigned char)*p - '0') < 10; p++) {
		v = v * 10 + d;
		if (v > cap) {
			v = cap;
			*over = true;
		}
	}
	*value = v;
	return p;
}

/* The bounded forms, for bytes the parser did not NUL-terminate (frame.c, str.c). */
static inline const char *sip_scan(const char *p, const char *e, uint32_t cls)
{
	while (p < e && (CC(*p) & cls))
		p++;
	return p;
}

static inline const char *sip_skip_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static inline struct sip_str sip_span(const char *p, const char *e)
{
	struct sip_str s = { p, (size_t)(e - p) };

	return s;
}

/* True when v equals `lit` (n lowercase letters) in any case.  Folding with | 0x20
 * is exact here: only 'A'-'Z' and 'a'-'z' fold onto a lowercase letter. */
static inline bool sip_eqi_lit(struct sip_str v, const char *lit, size_t n)
{
	size_t i = 0;

	if (v.len != n)
		return false;
	/* four bytes at a time while four remain (the literal's words fold to constants) */
	for (; i + 4 <= n; i += 4) {
		uint32_t a, b;

		memcpy(&a, v.p + i, sizeof(a));
		memcpy(&b, lit + i, sizeof(b));
		if ((a | 0x20202020u) != b)
			return false;
	}
	/* then two and one (n is a constant: the compiler keeps only what applies) */
	if (i + 2 <= n) {
		uint16_t a, b;

		memcpy(&a, v.p + i, sizeof(a));
		memcpy(&b, lit + i, sizeof(b));
		if ((a | 0x2020u) != b)
			return false;
		i += 2;
	}
	return i == n || (v.p[i] | 0x20) == lit[i];
}

#define SIP_EQI(v, lit) sip_eqi_lit((v), "" lit, sizeof(lit) - 1)

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

/* The same for the *_scan functions, which return NULL on error. */
static inline const char *sip_fail_at(struct sip_perr *e, const char *at, const char *reason)
{
	sip_fail(e, at, reason);
	return NULL;
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

/* Forgets everything parsed into a message but its first `used` arena bytes (the
 * copy of the input): the parser reads a message again with it (sip/parse.c). */
void sip_msg_reset(struct sip_msg *m, size_t used);

/* Every arena allocation is rounded to this: our structs hold pointers, size_t,
 * int and int64_t, nothing wider. */
#define SIP_ARENA_ALIGN 8

/* Links a new block able to hold n bytes; returns it or NULL. */
struct sip_arena_block *sip_arena_grow(struct sip_msg *m, size_t n);

/* `n` bytes, uninitialised, aligned for any field of our structs, or NULL.  The
 * caller initialises every field (a compound literal does it in one statement). */
static inline void *sip_arena_alloc(struct sip_msg *m, size_t n)
{
	struct sip_arena_block *b = m->arena;

	n = (n + SIP_ARENA_ALIGN - 1) & ~(size_t)(SIP_ARENA_ALIGN - 1);
	if (b->cap - b->used < n && (b = sip_arena_grow(m, n)) == NULL)
		return NULL;
	void *p = b->data + b->used;

	b->used += n;
	return p;
}

/* A NUL-terminated copy of n bytes, or NULL.  SIP_DUP_PAD - 1 more zero bytes
 * follow the NUL, as they follow the parser's copy: sip_skip_text reads a word at
 * a time. */
#define SIP_DUP_PAD 8
char *sip_arena_dup(struct sip_msg *m, const char *p, size_t n);

/* ---- Header rows and typed values ------------------------------------------ */

/* sip_hdr_lookup for a name followed by at least 24 readable bytes (the parser's
 * copy always is): it reads the name in 64-bit words. */
enum sip_hdr_id sip_hdr_lookup_padded(const char *name, size_t len);

/* 8 bytes as a number, the first in the low byte, on any machine (one load where
 * the machine is little-endian). */
static inline uint64_t sip_le64(const char *p)
{
	const unsigned char *b = (const unsigned char *)p;

	return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 |
	       (uint64_t)b[3] << 24 | (uint64_t)b[4] << 32 | (uint64_t)b[5] << 40 |
	       (uint64_t)b[6] << 48 | (uint64_t)b[7] << 56;
}

/* The header-name hash of sip/hdr_names.c: the slot of a name is
 * ((word0 + word1 + len) * SIP_HDR_NAME_HASH_K) >> 57 over its first 16 bytes
 * folded to lower case and zero-padded, and sip_hdr_slot gives the id there;
 * sip_hdr_canonical holds each name as RFC 3261 spells it, zero-padded. */
#define SIP_HDR_NAME_HASH_K UINT64_C(0x0d226ca28f42db6f)
#define SIP_HDR_NAME_SLOTS 128
#define SIP_HDR_NAME_BYTES 24
extern const uint8_t sip_hdr_slot[SIP_HDR_NAME_SLOTS];
extern const char sip_hdr_canonical[SIP_HDR_ID_COUNT][SIP_HDR_NAME_BYTES];

/* Word-at-a-time helpers for sip_hdr_name_colon. */
#define SIP_ONES UINT64_C(0x0101010101010101)
#define SIP_HIGHS UINT64_C(0x8080808080808080)

/* The bytes of w equal to ':' get their high bit set: the classic "has a zero
 * byte" test on w ^ "::::::::", exact for the lowest such byte. */
static inline uint64_t sip_colons(uint64_t w)
{
	uint64_t x = w ^ (SIP_ONES * ':');

	return (x - SIP_ONES) & ~x & SIP_HIGHS;
}

/* For a nonzero sip_colons() mask: the bytes below the first colon as 0xFF. */
static inline uint64_t sip_below(uint64_t c)
{
	return ((c & (~c + 1)) >> 7) - 1;
}

/* For a nonzero sip_colons() mask: the index of the first colon. */
static inline size_t sip_first_byte(uint64_t c)
{
#if defined(__GNUC__)
	return (size_t)__builtin_ctzll(c) / 8;
#else
	size_t i = 0;

	for (; !(c & 0x80); c >>= 8)
		i++;
	return i;
#endif
}

/* The bytes of w that are controls - below 0x20, or 0x7F - get their high bit set,
 * exact for the lowest such byte.  The same trick as sip_colons: subtracting 0x20
 * from a byte borrows into its high bit only when the byte was below 0x20, and
 * subtracting 1 from w ^ 0x7F only where the byte was 0x7F; "& ~w" leaves out
 * the bytes that had the high bit set already (UTF-8, which is TEXT). */
static inline uint64_t sip_controls(uint64_t w)
{
	return ((w - SIP_ONES * 0x20) | ((w ^ (SIP_ONES * 0x7f)) - SIP_ONES)) & ~w & SIP_HIGHS;
}

/* sip_skip(p, CC_TEXT) eight bytes per turn: TEXT is every octet but the controls
 * (HT allowed), and the values read this way (a Reason-Phrase, a header kept
 * verbatim) are long.  Reads up to 7 bytes past the byte where it stops, which
 * the parser's copy and sip_arena_dup always have after their NUL. */
static inline const char *sip_skip_text(const char *p)
{
	for (;;) {
		uint64_t c = sip_controls(sip_le64(p));

		if (c == 0) {
			p += 8;
			continue;
		}
		p += sip_first_byte(c);
		if (*p != '\t')
			return p;
		p++;  /* HT is the one control TEXT allows */
	}
}

/* The parser's fast path for a row that starts with a known name spelled as RFC
 * 3261 spells it ("Call-ID", not "call-id" or "i"), at most 15 bytes, and a colon
 * right after it: returns its id and *len, the name's length; SIP_HDR_ID_COUNT for
 * anything else, which the parser then reads the general way.  Reads 16 bytes at
 * p.  Inline: it runs for every row. */
static inline enum sip_hdr_id sip_hdr_name_colon(const char *p, size_t *len)
{
	const uint64_t fold = SIP_ONES * 0x20;
	uint64_t w0 = sip_le64(p), w1 = 0, c = sip_colons(w0), m0 = ~UINT64_C(0), m1 = 0;

	/* The colon in the first or second word; m0 and m1 keep the name's bytes. */
	if (c != 0) {
		*len = sip_first_byte(c);
		m0 = sip_below(c);
	} else if ((c = sip_colons(w1 = sip_le64(p + 8))) != 0) {
		*len = 8 + sip_first_byte(c);
		m1 = sip_below(c);
	} else {
		return SIP_HDR_ID_COUNT;
	}
	w0 &= m0;
	w1 &= m1;
	enum sip_hdr_id id = (enum sip_hdr_id)sip_hdr_slot[
		((((w0 | fold) & m0) + ((w1 | fold) & m1) + *len) * SIP_HDR_NAME_HASH_K) >> 57];
	const char *s = sip_hdr_canonical[id];

	/* The candidate must be spelled exactly so and be exactly as long (its last
	 * byte is not padding: a NUL in the name cannot pass for it). */
	if (sip_le64(s) != w0 || sip_le64(s + 8) != w1 || *len == 0 || s[*len - 1] == '\0')
		return SIP_HDR_ID_COUNT;
	return id;
}

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

/* The typed parser of one header id.  The value starts at v and ends where the
 * parser finds sip_eol() after it (the parser of a received message does not look
 * for the line end first); `lim` is the end of the readable bytes, for a quoted-pair
 * that escapes a NUL.  On success *end is the end of the value, trailing
 * whitespace excluded; the caller checks that the line really ends there. */
typedef int (*sip_typer_fn)(struct sip_msg *m, struct sip_type_ctx *c, const char *v,
			    const char *lim, const char **end, struct sip_perr *err);

/* Indexed by header id; NULL for the headers that are kept verbatim (sip/hdr_type.c). */
extern const sip_typer_fn sip_typers[SIP_HDR_ID_COUNT];

/* A verbatim header's value: header-value = *(TEXT-UTF8char / UTF8-CONT / LWS), so
 * only control characters are refused (the caller sees the one that ends it). */
const char *sip_hdr_text(const char *v);

/* Parses one row into the typed fields.  Returns 0, EBADMSG (*err) or ENOMEM. */
static inline int sip_hdr_type(struct sip_msg *m, struct sip_type_ctx *c, enum sip_hdr_id id,
			       const char *v, const char *lim, const char **end,
			       struct sip_perr *err)
{
	sip_typer_fn typer = sip_typers[id];

	if (typer != NULL)
		return typer(m, c, v, lim, end, err);
	*end = sip_hdr_text(v);
	return 0;
}

/* Forgets the typed value of `id` and types every row with that id again, in
 * order (after an edit).  Returns 0 or EBADMSG. */
int sip_msg_retype(struct sip_msg *m, enum sip_hdr_id id, struct sip_perr *err);

/* Appends a row (table grows in the arena).  Returns the row or NULL. */
struct sip_hdr *sip_msg_row_push(struct sip_msg *m);

/* The typed parsers of each header family (sip/hdr_*.c), with the contract of
 * sip_typer_fn.  List parsers append through *tail.  Return 0, EBADMSG (*err) or
 * ENOMEM. */
int sip_hdr_via(struct sip_msg *m, struct sip_via ***tail, const char *p, const char *lim,
		const char **end, struct sip_perr *err);

enum sip_addr_kind {
	SIP_ADDR_FROM_TO,  /* one value, tag= */
	SIP_ADDR_CONTACT,  /* list or "*", q= expires= */
	SIP_ADDR_ROUTE     /* list, name-addr only (Route, Record-Route) */
};
int sip_hdr_addr(struct sip_msg *m, enum sip_addr_kind kind, struct sip_addr ***tail,
		 const char *p, const char *lim, const char **end, struct sip_perr *err);
int sip_hdr_auth(struct sip_msg *m, struct sip_auth ***tail, const char *p, const char *lim,
		 const char **end, struct sip_perr *err);

/* ---- Shared grammar pieces (sip/uri.c, sip/hdr_params.c) --------------------
 * The *_scan functions parse at p, which must lie in NUL-terminated bytes (see
 * sip_skip), and return the byte after what they parsed, or NULL with *err set. */

/* One URI.  `bare` is an addr-spec outside <> (§20: it ends at ';', ',', '?' or
 * whitespace, which belong to the header); otherwise the URI runs as far as the
 * grammar allows (it ends at '>' in a name-addr, at SP in the Request-Line). */
const char *sip_uri_scan(struct sip_uri *u, const char *p, bool bare, struct sip_perr *err);

/* host = hostname / IPv4address / IPv6reference. */
const char *sip_host_scan(const char *p, enum sip_host_type *type, struct sip_perr *err);

/* An IPv4address at p, not followed by more host characters: returns its end, or
 * NULL when p does not start one (then it may still be a hostname). */
const char *sip_ipv4_scan(const char *p);

/* An IPv4address exactly filling [p, e). */
bool sip_ipv4_valid(const char *p, const char *e);

/* A bare IPv6address in [p, e) (no brackets), per §25 with RFC 5118 §4.10's
 * tolerance of "::" + ":" before an IPv4 tail. */
bool sip_ipv6_valid(const char *p, const char *e);

/* quoted-string, p at the opening '"', `e` the end of the readable bytes (a
 * quoted-pair may escape a NUL, so the end is compared, not assumed).  *inner gets
 * the view between the quotes. */
const char *sip_quoted_scan(const char *p, const char *e, struct sip_str *inner,
			    struct sip_perr *err);

/* A gen-value that is a quoted-string or an IPv6reference (the rare kinds). */
const char *sip_gen_value_special(const char *q, const char *e, struct sip_perr *err);

/* One header parameter at p (after SEMI):
 * generic-param = token [ EQUAL gen-value ], gen-value = token / host / quoted-string,
 * EQUAL = SWS "=" SWS.  With allow_colon a bare IPv6address value is accepted too
 * (Via received=, §20.42).  Inline: every Via, From, To and Contact runs it. */
static inline const char *sip_hparam_scan(const char *p, const char *e, bool allow_colon,
					  struct sip_param *out, struct sip_perr *err)
{
	const char *n = p;

	p = sip_skip(p, CC_TOKEN);
	if (p == n)
		return sip_fail_at(err, n, "empty parameter");
	out->name = sip_span(n, p);
	const char *q = *p == '=' ? p : sip_ws(p);

	if (*q != '=') {
		out->value = sip_span(NULL, NULL);
		out->has_value = false;
		return p;
	}
	const char *v = q = sip_ws(q + 1);

	if (*q == '"' || *q == '[') {
		q = sip_gen_value_special(q, e, err);
	} else {
		q = sip_skip(q, allow_colon ? CC_TOKEN | CC_IPV6 : CC_TOKEN);
		if (q == v)
			q = sip_fail_at(err, v, "parameter value expected after '='");
	}
	out->value = sip_span(v, q != NULL ? q : v);
	out->has_value = true;
	return q;
}

/* Bounded 1*DIGIT for bytes that are not NUL-terminated (framing).  Returns 0, or
 * EBADMSG when there is no digit. */
int sip_digits(const char *p, const char *e, uint64_t cap, const char **end, uint64_t *value,
	       bool *over);

#endif
