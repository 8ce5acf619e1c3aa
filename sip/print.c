/* sip/print.c - a message back to bytes (RFC 3261 §7).
 *
 * The start-line, then each row of the header table as "Name: value" CRLF in table
 * order, the empty line, the body.  Names are written as they came (a compact form
 * stays compact, §7.3.3 lets either be used), with the single SP after the colon
 * that §7.3.1 prefers; a folded value comes out on one line, its folds already
 * spaces.  The Content-Length row always carries the body's real length, so an
 * edited body can never be framed wrongly.
 *
 * Output goes into a caller buffer.  The size is added up first; when it fits (the
 * usual case) the pieces are copied with no further checks, otherwise the bounded
 * writer fills what fits and the caller learns the size it needs from the one
 * failed call (DESIGN.md: "an overflow flag checked once at the end").
 *
 * Leaves out: choosing header order or forms for the wire (the table's order is
 * kept), and line folding on output.
 */
#include "sip/msg_internal.h"

#include <stdlib.h>
#include <string.h>

struct out {
	char *buf;
	size_t cap;
	size_t len;   /* bytes wanted so far, may exceed cap */
};

/* Copies what fits; the count goes on, so the caller learns the size it needs. */
static void put(struct out *o, const char *p, size_t n)
{
	if (o->len < o->cap && n > 0) {
		size_t room = o->cap - o->len;

		memcpy(o->buf + o->len, p, n < room ? n : room);
	}
	o->len += n;
}

static void put_str(struct out *o, struct sip_str s)
{
	put(o, s.p, s.len);
}

static const char *digits(uint64_t v, char tmp[24], size_t *n);

static void put_uint(struct out *o, uint64_t v)
{
	char tmp[24];
	size_t n;
	const char *s = digits(v, tmp, &n);

	put(o, s, n);
}

static void start_line(struct out *o, const struct sip_msg *m)
{
	if (m->is_request) {
		put_str(o, m->method_name);
		put(o, " ", 1);
		put_str(o, m->ruri.text);
		put(o, " ", 1);
		put_str(o, m->version);
	} else {
		put_str(o, m->version);
		put(o, " ", 1);
		put_uint(o, (uint64_t)m->status);
		put(o, " ", 1);
		put_str(o, m->reason);
	}
	put(o, "\r\n", 2);
}

/* The decimal digits of v, right-aligned in tmp[24]; returns the first. */
static const char *digits(uint64_t v, char tmp[24], size_t *n)
{
	size_t i = 24;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	*n = 24 - i;
	return tmp + i;
}

/* Bytes the message needs: one pass over the table, no copying. */
static size_t printed_size(const struct sip_msg *m, size_t cl_digits)
{
	size_t n = m->is_request ? m->method_name.len + 1 + m->ruri.text.len + 1 + m->version.len
				 : m->version.len + 5 + m->reason.len;

	n += 2 + 2 + m->body.len;
	for (size_t i = 0; i < m->hdr_count; i++) {
		const struct sip_hdr *h = &m->hdrs[i];

		n += h->name.len + 4 + (h->id == SIP_HDR_CONTENT_LENGTH ? cl_digits : h->value.len);
	}
	return n;
}

/* Appends n bytes at d; returns the byte after them. */
static char *copy(char *d, const char *p, size_t n)
{
	if (n > 0)
		memcpy(d, p, n);
	return d + n;
}

/* The start-line and its CRLF, unchecked. */
static char *start_fast(const struct sip_msg *m, char *d)
{
	if (m->is_request) {
		d = copy(d, m->method_name.p, m->method_name.len);
		*d++ = ' ';
		d = copy(d, m->ruri.text.p, m->ruri.text.len);
		*d++ = ' ';
		d = copy(d, m->version.p, m->version.len);
	} else {
		char tmp[24];
		size_t n;
		const char *s = digits((uint64_t)m->status, tmp, &n);

		d = copy(d, m->version.p, m->version.len);
		*d++ = ' ';
		d = copy(d, s, n);
		*d++ = ' ';
		d = copy(d, m->reason.p, m->reason.len);
	}
	*d++ = '\r';
	*d++ = '\n';
	return d;
}

/* The bytes of a row still held in the received copy exactly as it prints,
 * "Name: value" CRLF, or 0.  Only there is a value followed by CR LF: an edited row
 * has a copy of its own with a NUL after it.  A Content-Length is printed from the
 * body (not "0150"). */
static size_t received_len(const struct sip_hdr *h)
{
	const char *n = h->name.p, *v = h->value.p, *e = v + h->value.len;

	if (v != n + h->name.len + 2 || v[-2] != ':' || v[-1] != ' ' || e[0] != '\r' ||
	    e[1] != '\n')
		return 0;
	if (h->id == SIP_HDR_CONTENT_LENGTH && *v == '0' && e != v + 1)
		return 0;
	return (size_t)(e + 2 - n);
}

/* The common case: the buffer is big enough, so no piece needs a bounds check. */
static void print_fast(const struct sip_msg *m, char *d, const char *cl, size_t cl_len)
{
	d = start_fast(m, d);
	for (size_t i = 0; i < m->hdr_count;) {
		const struct sip_hdr *h = &m->hdrs[i];

		/* Rows still held in the received bytes as they print, one after the
		 * other: one copy for the run. */
		size_t raw = received_len(h);

		if (raw != 0) {
			const char *start = h->name.p, *end = start + raw;

			while (++i < m->hdr_count && m->hdrs[i].name.p == end &&
			       (raw = received_len(&m->hdrs[i])) != 0)
				end += raw;
			d = copy(d, start, (size_t)(end - start));
			continue;
		}
		struct sip_str v = h->id == SIP_HDR_CONTENT_LENGTH ? sip_span(cl, cl + cl_len) : h->value;

		d = copy(d, h->name.p, h->name.len);
		*d++ = ':';
		*d++ = ' ';
		d = copy(d, v.p, v.len);
		*d++ = '\r';
		*d++ = '\n';
		i++;
	}
	*d++ = '\r';
	*d++ = '\n';
	copy(d, m->body.p, m->body.len);
}

int sip_msg_print(const struct sip_msg *m, char *buf, size_t cap, size_t *len)
{
	char tmp[24];
	size_t cl_len;
	const char *cl = digits(m->body.len, tmp, &cl_len);
	size_t need = printed_size(m, cl_len);

	if (len != NULL)
		*len = need;
	if (need <= cap) {
		print_fast(m, buf, cl, cl_len);
		return 0;
	}
	/* Too small: the same pieces through the bounded writer, for the prefix. */
	struct out o = { buf, cap, 0 };

	start_line(&o, m);
	for (size_t i = 0; i < m->hdr_count; i++) {
		const struct sip_hdr *h = &m->hdrs[i];

		put_str(&o, h->name);
		put(&o, ": ", 2);
		if (h->id == SIP_HDR_CONTENT_LENGTH)
			put(&o, cl, cl_len);
		else
			put_str(&o, h->value);
		put(&o, "\r\n", 2);
	}
	put(&o, "\r\n", 2);
	put_str(&o, m->body);
	return ENOBUFS;
}

int sip_msg_print_alloc(const struct sip_msg *m, char **out, size_t *len)
{
	size_t need;

	*out = NULL;
	sip_msg_print(m, NULL, 0, &need);
	char *buf = malloc(need + 1);

	if (buf == NULL)
		return ENOMEM;
	sip_msg_print(m, buf, need, &need);
	buf[need] = '\0';
	*out = buf;
	if (len != NULL)
		*len = need;
	return 0;
}
