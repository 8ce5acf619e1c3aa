/* sip/print.c - a message back to bytes (RFC 3261 §7).
 *
 * The start-line, then each row of the header table as "Name: value" CRLF in table
 * order, the empty line, the body.  Names are written as they came (a compact form
 * stays compact, §7.3.3 lets either be used), with the single SP after the colon
 * that §7.3.1 prefers; a folded value comes out on one line, its folds already
 * spaces.  The Content-Length row always carries the body's real length, so an
 * edited body can never be framed wrongly.
 *
 * Output goes into a caller buffer; the length is counted even past its end, so a
 * caller learns the size it needs from one failed call (DESIGN.md: "an overflow
 * flag checked once at the end").
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

static void put_uint(struct out *o, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	put(o, tmp + i, sizeof(tmp) - i);
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

int sip_msg_print(const struct sip_msg *m, char *buf, size_t cap, size_t *len)
{
	struct out o = { buf, cap, 0 };

	start_line(&o, m);
	for (size_t i = 0; i < m->hdr_count; i++) {
		const struct sip_hdr *h = &m->hdrs[i];

		put_str(&o, h->name);
		put(&o, ": ", 2);
		if (h->id == SIP_HDR_CONTENT_LENGTH)
			put_uint(&o, m->body.len);
		else
			put_str(&o, h->value);
		put(&o, "\r\n", 2);
	}
	put(&o, "\r\n", 2);
	put_str(&o, m->body);
	if (len != NULL)
		*len = o.len;
	return o.len <= cap ? 0 : ENOBUFS;
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
