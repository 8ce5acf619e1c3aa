/* sip/parse.c - one datagram into one message (RFC 3261 §7, §7.3.1, §18.3, §25).
 *
 * One pass over a private copy of the bytes:
 *  1. skip CRLFs before the start-line (§7.5);
 *  2. the start-line: "METHOD SP Request-URI SP SIP/2.0" or
 *     "SIP/2.0 SP 3DIGIT SP Reason-Phrase";
 *  3. each header line: the name and its colon are found 8 bytes at a time
 *     (sip_hdr_name_colon) and the value goes straight to its typed parser, which
 *     stops at the line end by itself (CR, LF and the final NUL are in no character
 *     class); the line must end right there.  A line that does not - a fold (§7.3.1,
 *     the next line starts with SP or HT) or any error - sends the whole message
 *     through the careful reading instead: memchr finds each line's LF, a fold's
 *     CR LF is overwritten with spaces in the copy ("The line break and the
 *     whitespace at the beginning of the next line are treated as a single SP
 *     character"), and each value is NUL-terminated while it is typed;
 *  4. the body: Content-Length bytes, or the rest of the datagram (§18.3).
 * Bare LF line ends are accepted as well as CRLF (DEVIATION: §7 requires CRLF; RFC
 * 5118's own vectors, and hand-written lab files, use LF).
 *
 * The message is one allocation: struct, copy and arena (sip/arena.c).
 *
 * Leaves out: stream framing (sip/frame.c) and the semantic checks a UAS applies
 * after parsing (sip/validate.c).
 */
#include "sip/msg_internal.h"

#include <string.h>

/* Arena bytes reserved after the copy for the typed values of a message of `len`
 * bytes: enough that a typical message needs no second block. */
#define ARENA_HEADROOM(len) (2048 + 4 * (len))

/* Rows reserved before the first is read (a typical message has about a dozen). */
#define ROWS_FIRST 24

/* The header-name lookups read 24 bytes from a name: the copy is followed by its
 * NUL and this many more zero bytes. */
#define COPY_PAD 24

/* SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT ("SIP" is case-insensitive in ABNF). */
static const char *version_end(const char *p, const char *e)
{
	if (e - p < 4 || (p[0] | 0x20) != 's' || (p[1] | 0x20) != 'i' || (p[2] | 0x20) != 'p' ||
	    p[3] != '/')
		return NULL;
	const char *d = p + 4;

	p = sip_scan(d, e, CC_DIGIT);
	if (p == d || p == e || *p != '.')
		return NULL;
	d = p + 1;
	p = sip_scan(d, e, CC_DIGIT);
	return p == d ? NULL : p;
}

/* Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF */
static int status_line(struct sip_msg *m, const char *p, const char *e, struct sip_perr *err)
{
	const char *v = p;

	m->is_request = false;
	p = version_end(p, e);
	if (p == NULL)
		return sip_fail(err, v, "malformed SIP-Version in the Status-Line");
	m->version = sip_span(v, p);
	if (p == e || *p != ' ')
		return sip_fail(err, p, "SP expected after the SIP-Version");
	p++;
	/* RFC3261 7.2: "The Status-Code is a 3-digit integer"; RFC 4475 §3.1.2.19 bigcode */
	if (e - p < 3 || !(CC(p[0]) & CC_DIGIT) || !(CC(p[1]) & CC_DIGIT) ||
	    !(CC(p[2]) & CC_DIGIT) || (e - p > 3 && (CC(p[3]) & CC_DIGIT)))
		return sip_fail(err, p, "Status-Code must be three digits");
	m->status = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	/* RFC3261 7.2: "SIP/2.0 allows six values for the first digit" */
	if (m->status < 100 || m->status > 699)
		return sip_fail(err, p, "Status-Code outside 100..699");
	p += 3;
	/* RFC 4475 §3.1.1.13: the SP before an empty phrase is required, "(a liberal
	 * receiver would accept it anyway)" - we do. */
	if (p < e && *p++ != ' ')
		return sip_fail(err, p - 1, "SP expected after the Status-Code");
	const char *r = p;

	/* DEVIATION: any octet but the controls is accepted in the Reason-Phrase, a
	 * superset of *(reserved / unreserved / escaped / UTF8-NONASCII / SP / HTAB). */
	p = sip_scan(p, e, CC_TEXT);
	if (p != e)
		return sip_fail(err, p, "control character in the Reason-Phrase");
	m->reason = sip_span(r, e);
	return 0;
}

/* Request-Line = Method SP Request-URI SP SIP-Version CRLF */
static int request_line(struct sip_msg *m, const char *p, const char *e, struct sip_perr *err)
{
	const char *s = p;

	p = sip_scan(p, e, CC_TOKEN);
	if (p == s)
		return sip_fail(err, s, "method expected at the start of the Request-Line");
	m->method_name = sip_span(s, p);
	m->method = sip_method_lookup(m->method_name);
	if (p == e || *p != ' ')
		return sip_fail(err, p, "SP expected after the method");
	p++;
	/* RFC 4475 §3.1.2.9 and §3.1.2.10: "It is acceptable to reject this request as
	 * malformed" - one SP exactly between the elements, none at the end. */
	if (p < e && *p == ' ')
		return sip_fail(err, p, "more than one SP between Request-Line elements");
	if (e > p && e[-1] == ' ')
		return sip_fail(err, e - 1, "SP at the end of the Request-Line");
	const char *sp = e;

	while (sp > p && sp[-1] != ' ')
		sp--;
	if (sp == p)
		return sip_fail(err, e, "Request-Line has no SIP-Version");
	const char *uri_end = sp - 1;

	if (uri_end > p && uri_end[-1] == ' ')
		return sip_fail(err, uri_end - 1, "more than one SP between Request-Line elements");
	const char *end = sip_uri_scan(&m->ruri, p, false, err);

	if (end == NULL || end != uri_end) {
		/* RFC 4475 §3.1.2.8: "This INVITE has illegal LWS within the Request-URI." */
		const char *ws = memchr(p, ' ', (size_t)(uri_end - p));

		if (ws != NULL)
			return sip_fail(err, ws, "whitespace inside the Request-URI");
		return end == NULL ? EBADMSG : sip_fail(err, end, "invalid character in the Request-URI");
	}
	if (version_end(sp, e) != e)
		return sip_fail(err, sp, "malformed SIP-Version in the Request-Line");
	m->version = sip_span(sp, e);
	return 0;
}

/* True when the 8 bytes at p are `lit` (p lies in the copy, which has COPY_PAD
 * readable bytes after its end, so the word can be read whole). */
static inline bool word_is(const char *p, const char lit[8])
{
	uint64_t a, b;

	memcpy(&a, p, sizeof(a));
	memcpy(&b, lit, sizeof(b));
	return a == b;
}

/* The usual Request-Line, "Method SP Request-URI SP SIP/2.0 CRLF", read without
 * finding its end first.  Returns its length with the CRLF, or 0 for any other
 * line, which request_line() then reads the general way. */
static size_t request_fast(struct sip_msg *m, const char *p, struct sip_perr *err)
{
	const char *t = sip_skip(p, CC_TOKEN), *u;

	if (t == p || *t != ' ' || (u = sip_uri_scan(&m->ruri, t + 1, false, err)) == NULL ||
	    !word_is(u, " SIP/2.0") || u[8] != '\r' || u[9] != '\n')
		return 0;
	m->method_name = sip_span(p, t);
	m->method = sip_method_lookup(m->method_name);
	m->version = sip_span(u + 1, u + 8);
	return (size_t)(u + 10 - p);
}

/* The usual Status-Line, "SIP/2.0 SP 3DIGIT SP Reason-Phrase CRLF", likewise. */
static size_t status_fast(struct sip_msg *m, const char *p)
{
	const char *d = p + 8, *r = p + 12, *e;

	if (!word_is(p, "SIP/2.0 ") || !(CC(d[0]) & CC_DIGIT) || !(CC(d[1]) & CC_DIGIT) ||
	    !(CC(d[2]) & CC_DIGIT) || d[3] != ' ' || d[0] < '1' || d[0] > '6')
		return 0;
	e = sip_skip_text(r);
	if (e[0] != '\r' || e[1] != '\n')
		return 0;
	m->is_request = false;
	m->version = sip_span(p, p + 7);
	m->status = (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0');
	m->reason = sip_span(r, e);
	return (size_t)(e + 2 - p);
}

static int start_line(struct sip_msg *m, const char *p, const char *e, struct sip_perr *err)
{
	/* A Method is a token, which has no '/': "SIP/" can only start a response. */
	if (e - p >= 4 && (p[0] | 0x20) == 's' && (p[1] | 0x20) == 'i' && (p[2] | 0x20) == 'p' &&
	    p[3] == '/')
		return status_line(m, p, e, err);
	return request_line(m, p, e, err);
}

/* header-name HCOLON: returns the ':' and *ne the end of the name, or NULL. */
static const char *header_name(const char *p, const char **ne, enum sip_hdr_id *id,
			       struct sip_perr *err)
{
	const char *end = sip_skip(p, CC_TOKEN);

	if (end == p)
		return sip_fail_at(err, p, (CC(*p) & CC_WS) ? "whitespace at the start of a header line"
							 : "header name expected");
	/* HCOLON = *( SP / HTAB ) ":" SWS */
	const char *colon = *end == ':' ? end : sip_ws(end);

	if (*colon != ':')
		return sip_fail_at(err, colon, "':' expected after the header name");
	*id = sip_hdr_lookup_padded(p, (size_t)(end - p));
	*ne = end;
	return colon;
}

/* A new row at the end of the table, or NULL. */
static inline struct sip_hdr *row_new(struct sip_msg *m)
{
	return m->hdr_count < m->hdr_cap ? &m->hdrs[m->hdr_count++] : sip_msg_row_push(m);
}

/* One row read the fast way (see headers()): the typed parser finds where its value
 * ends, and the line must end right there.  Returns the next line, or NULL when
 * the row needs the careful reading: a fold, an error, an odd line end. */
static char *row_fast(struct sip_msg *m, struct sip_type_ctx *ctx, char *p, const char *lim,
		      unsigned line, struct sip_perr *err)
{
	const char *ne, *v, *end;
	size_t len;
	enum sip_hdr_id id = sip_hdr_name_colon(p, &len);

	if (id != SIP_HDR_ID_COUNT)
		v = ne = p + len;
	else if ((v = header_name(p, &ne, &id, err)) == NULL)
		return NULL;
	/* past the colon, and its usual single space without a loop turn (HCOLON) */
	v = sip_ws(v + 1 + (v[1] == ' '));
	if (sip_hdr_type(m, ctx, id, v, lim, &end, err) != 0)
		return NULL;
	size_t n = (size_t)(sip_ws(end) - p);  /* the line end: CR LF, LF or the last byte */

	if (p[n] == '\r' && p[n + 1] == '\n')
		n += 2;
	else if (p[n] == '\n')
		n++;
	/* no CR LF or LF: only the datagram's end may end the last row, and not right
	 * after a CR the value ran through (that CR is a line end: read carefully) */
	else if (p + n != lim || p[n - 1] == '\r')
		return NULL;
	/* RFC3261 7.3.1: a next line starting with SP or HT continues this one */
	struct sip_hdr *h;

	if ((CC(p[n]) & CC_WS) || (h = row_new(m)) == NULL)
		return NULL;
	*h = (struct sip_hdr){ id, sip_span(p, ne), sip_span(v, end), line };
	m->rows[id]++;  /* saturated in count_rows() when a message has that many */
	return p + n;
}

/* One row read the careful way, the line [p, e) found first (folds already spaces).
 * The value is NUL-terminated while it is typed: the sentinel goes on the CR, the LF
 * or a trailing space, and comes off again, so the row stays the bytes it was. */
static int header_line(struct sip_msg *m, struct sip_type_ctx *ctx, const char *p, char *e,
		       unsigned line, struct sip_perr *err)
{
	const char *n = p, *ne, *end;
	enum sip_hdr_id id;

	if ((p = header_name(p, &ne, &id, err)) == NULL)
		return EBADMSG;
	p = sip_ws(p + 1);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	struct sip_hdr *h = row_new(m);

	if (h == NULL)
		return ENOMEM;
	*h = (struct sip_hdr){ id, sip_span(n, ne), sip_span(p, e), line };
	m->rows[id]++;
	char saved = *e;

	*e = '\0';
	int rc = sip_hdr_type(m, ctx, id, p, e, &end, err);

	/* a CR, LF or NUL inside the line ends the typed value early */
	if (rc == 0 && sip_ws(end) != e)
		rc = sip_fail(err, sip_ws(end), "control character in a header value");
	*e = saved;
	return rc;
}

/* rows[] counts saturate at 255, which only a message of more rows can reach: the
 * row loops just increment, and such a message is counted again here. */
static void count_rows(struct sip_msg *m)
{
	memset(m->rows, 0, sizeof(m->rows));
	for (size_t i = 0; i < m->hdr_count; i++)
		m->rows[m->hdrs[i].id] += m->rows[m->hdrs[i].id] != 255;
}

/* The line starting at p: *le gets its end (its CR, or its LF for a bare LF);
 * returns where the next line starts (lim after the last one). */
static char *line_end(char *p, char *lim, char **le)
{
	char *nl = memchr(p, '\n', (size_t)(lim - p));
	char *end = nl != NULL ? nl : lim;

	if (end > p && end[-1] == '\r')
		end--;
	*le = end;
	return nl != NULL ? nl + 1 : lim;
}

/* RFC3261 7.3.1: "Header fields can be extended over multiple lines by preceding each
 * extra line with at least one SP or horizontal tab (HT)."  The row at *pp is read
 * with its continuation lines, each CR LF turned into spaces ("treated as a single
 * SP character"); *line counts them. */
static int row_careful(struct sip_msg *m, struct sip_type_ctx *ctx, char **pp, char *lim,
		       unsigned *line, struct sip_perr *err)
{
	char *p = *pp, *le, *next = line_end(p, lim, &le);
	unsigned first = *line;

	while (*next == ' ' || *next == '\t') {
		memset(le, ' ', (size_t)(next - le));
		next = line_end(next, lim, &le);
		++*line;
	}
	*pp = next;
	return header_line(m, ctx, p, le, first, err);
}

/* True at the empty line that ends the header section, or at the end of the
 * datagram; *pp then moves to the first byte of the body. */
static inline bool headers_end(char **pp, char *lim)
{
	char *le, *next;

	if (!sip_eol(*pp))
		return false;
	next = line_end(*pp, lim, &le);
	if (le != *pp)
		return false;
	*pp = next;
	return true;
}

/* The header lines, the first of them numbered `line`; *pp ends at the first byte of
 * the body.  *lim is the NUL after the copy, so peeking at the next line's first
 * byte needs no length check.
 * Two ways to read a row: the fast one types the value straight away and expects
 * its line to end where the value does; the careful one finds the line first and
 * unfolds it.  A message is read fast, and read again carefully from the start
 * (EAGAIN) at its first row that is not simple: folds and errors cost time only in
 * the messages that have them, and every error is reported the careful way. */
static int headers(struct sip_msg *m, char **pp, char *lim, unsigned line, bool careful,
		   struct sip_perr *err)
{
	struct sip_type_ctx ctx;

	sip_type_ctx_init(&ctx, m);
	/* the row table, with room for a typical message (sip_msg_row_push grows it) */
	m->hdrs = sip_arena_alloc(m, ROWS_FIRST * sizeof(*m->hdrs));
	m->hdr_cap = m->hdrs != NULL ? ROWS_FIRST : 0;
	if (careful) {
		for (; !headers_end(pp, lim); line++) {
			int rc = row_careful(m, &ctx, pp, lim, &line, err);

			if (rc != 0)
				return rc;
		}
	} else {
		for (; !headers_end(pp, lim); line++)
			if ((*pp = row_fast(m, &ctx, *pp, lim, line, err)) == NULL)
				return EAGAIN;
	}
	return 0;
}

/* RFC3261 18.3: "If the transport packet ends before the end of the message body, this is
 * considered an error. ... If the message has no Content-Length header field, the
 * message body is assumed to end at the end of the transport packet." */
static int body(struct sip_msg *m, const char *p, const char *e, struct sip_perr *err)
{
	if (m->content_length < 0) {
		m->body = sip_span(p, e);
		return 0;
	}
	if ((uint64_t)m->content_length > (uint64_t)(e - p)) {
		size_t i = sip_msg_hdr_find(m, SIP_HDR_CONTENT_LENGTH, 0);

		return sip_fail(err, m->hdrs[i].value.p, "Content-Length larger than the message body");
	}
	m->body = sip_span(p, p + m->content_length);
	return 0;
}

static int parse_all(struct sip_msg *m, char *p, char *e, bool careful, struct sip_perr *err)
{
	unsigned line = 1;

	m->is_request = true;
	/* RFC3261 7.5: "MUST ignore any CRLF appearing before the start-line" */
	while (p < e && (*p == '\r' || *p == '\n'))
		line += *p++ == '\n';
	if (p == e)
		return sip_fail(err, p, "empty message");

	size_t n = *p == 'S' ? status_fast(m, p) : 0;
	int rc = 0;

	if (n == 0)
		n = request_fast(m, p, err);

	if (n != 0) {
		p += n;
	} else {  /* anything unusual: find the line's end, then read it */
		char *le, *next = line_end(p, e, &le);
		char saved = *le;

		*le = '\0';  /* the sentinel, over the CR or LF, while the start-line is read */
		rc = start_line(m, p, le, err);
		*le = saved;
		if (rc != 0)
			return rc;
		p = next;
	}
	rc = headers(m, &p, e, line + 1, careful, err);
	if (rc != 0)
		return rc;
	if (m->hdr_count > 255)
		count_rows(m);
	return body(m, p, e, err);
}

/* Fills the public error from the parser's: line and column count from `data`. */
static void report(struct sip_error *out, const char *data, size_t len, const char *copy,
		   const struct sip_perr *pe, bool is_request)
{
	size_t off = pe->at != NULL ? (size_t)(pe->at - copy) : 0;
	unsigned line = 1;
	size_t bol = 0;

	if (off > len)
		off = len;
	for (const char *q = data; (q = memchr(q, '\n', off - (size_t)(q - data))) != NULL; q++) {
		line++;
		bol = (size_t)(q - data) + 1;
	}
	out->offset = off;
	out->line = line;
	out->col = (unsigned)(off - bol) + 1;
	out->reason = pe->reason;
	/* RFC3261 18.3: a broken response "MUST be discarded"; a request gets 400 */
	out->status = !is_request ? 0 : (pe->status != 0 ? pe->status : 400);
}

int sip_msg_parse(const char *data, size_t len, struct sip_msg **out, struct sip_error *err)
{
	struct sip_perr pe = { NULL, NULL, 0 };
	struct sip_error scratch;

	if (err == NULL)
		err = &scratch;
	*out = NULL;
	if (len > SIP_MSG_MAX_LEN) {
		memset(err, 0, sizeof(*err));
		err->line = err->col = 1;
		err->status = 513;
		err->reason = "message larger than 65535 bytes";
		return EBADMSG;
	}
	struct sip_msg *m = sip_msg_alloc(len + 1 + COPY_PAD + ARENA_HEADROOM(len));

	if (m == NULL)
		return ENOMEM;
	char *copy = sip_arena_alloc(m, len + 1 + COPY_PAD);

	if (len > 0)
		memcpy(copy, data, len);
	memset(copy + len, 0, 1 + COPY_PAD);

	size_t used = m->arena->used;

	m->buf = copy;
	m->buf_len = len;
	int rc = parse_all(m, copy, copy + len, false, &pe);

	if (rc == EAGAIN) {  /* a row that is not simple: again, the careful way */
		sip_msg_reset(m, used);
		rc = parse_all(m, copy, copy + len, true, &pe);
	}

	if (rc != 0) {
		if (rc == EBADMSG)
			report(err, data, len, copy, &pe, m->is_request);
		sip_msg_destroy(m);
		return rc;
	}
	*out = m;
	return 0;
}
