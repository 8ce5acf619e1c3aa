/* sdp/sdp_print.c - from a struct sdp_session back to SDP text.
 *
 * Implements the output side of RFC4566 5: the fields in the fixed order (v o s i u e p c
 * b, t with its r lines, z k a, then each media section m i c b k a), CRLF after every
 * line ("The sequence CRLF (0x0d0a) is used to end a record").  Values are printed as
 * stored, so an unknown attribute goes out exactly as it came in.
 *
 * The writer counts every byte even after the buffer is full and checks for overflow once,
 * at the end (DESIGN.md, Ownership).
 */
#include "sdp/sdp.h"

#include <errno.h>
#include <string.h>

struct writer {
	char *buf;
	size_t size;  /* capacity of buf */
	size_t len;   /* bytes produced so far, including those that did not fit */
};

static void put(struct writer *w, const char *p, size_t n)
{
	if (w->len < w->size) {
		size_t room = w->size - w->len;

		memcpy(w->buf + w->len, p, n < room ? n : room);
	}
	w->len += n;
}

static void put_str(struct writer *w, const char *s)
{
	put(w, s, strlen(s));
}

static void put_u64(struct writer *w, uint64_t v)
{
	char tmp[20];
	size_t n = sizeof tmp;

	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	put(w, tmp + n, sizeof tmp - n);
}

static void put_crlf(struct writer *w)
{
	put(w, "\r\n", 2);
}

/* "x=<text>\r\n", skipped when text is NULL (an absent optional field). */
static void put_line(struct writer *w, const char *prefix, const char *text)
{
	if (text == NULL)
		return;
	put_str(w, prefix);
	put_str(w, text);
	put_crlf(w);
}

static void put_conn(struct writer *w, const struct sdp_conn *c)
{
	put_str(w, "c=");
	put_str(w, c->nettype);
	put(w, " ", 1);
	put_str(w, c->addrtype);
	put(w, " ", 1);
	put_str(w, c->addr);
	if (c->ttl >= 0) {
		put(w, "/", 1);
		put_u64(w, (uint64_t)c->ttl);
	}
	if (c->count > 0) {
		put(w, "/", 1);
		put_u64(w, c->count);
	}
	put_crlf(w);
}

static void put_bws(struct writer *w, const struct sdp_bw *bw, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		put_str(w, "b=");
		put_str(w, bw[i].type);
		put(w, ":", 1);
		put_u64(w, bw[i].kbps);
		put_crlf(w);
	}
}

static void put_attrs(struct writer *w, const struct sdp_attr *a, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		put_str(w, "a=");
		put_str(w, a[i].name);
		if (a[i].value != NULL) {
			put(w, ":", 1);
			put_str(w, a[i].value);
		}
		put_crlf(w);
	}
}

static void put_origin(struct writer *w, const struct sdp_origin *o)
{
	put_str(w, "o=");
	put_str(w, o->username);
	put(w, " ", 1);
	put_u64(w, o->sess_id);
	put(w, " ", 1);
	put_u64(w, o->sess_version);
	put(w, " ", 1);
	put_str(w, o->nettype);
	put(w, " ", 1);
	put_str(w, o->addrtype);
	put(w, " ", 1);
	put_str(w, o->addr);
	put_crlf(w);
}

static void put_times(struct writer *w, const struct sdp_session *s)
{
	for (unsigned i = 0; i < s->n_time; i++) {
		put_str(w, "t=");
		put_u64(w, s->time[i].start);
		put(w, " ", 1);
		put_u64(w, s->time[i].stop);
		put_crlf(w);
		for (unsigned j = 0; j < s->time[i].n_repeat; j++)
			put_line(w, "r=", s->time[i].repeat[j]);
	}
}

static void put_media(struct writer *w, const struct sdp_media *m)
{
	put_str(w, "m=");
	put_str(w, m->type);
	put(w, " ", 1);
	put_u64(w, m->port);
	if (m->n_ports > 0) {
		put(w, "/", 1);
		put_u64(w, m->n_ports);
	}
	put(w, " ", 1);
	put_str(w, m->proto);
	for (unsigned i = 0; i < m->n_fmt; i++) {
		put(w, " ", 1);
		put_str(w, m->fmt[i]);
	}
	put_crlf(w);
	put_line(w, "i=", m->info);
	for (unsigned i = 0; i < m->n_conn; i++)
		put_conn(w, &m->conn[i]);
	put_bws(w, m->bw, m->n_bw);
	put_line(w, "k=", m->key);
	put_attrs(w, m->attr, m->n_attr);
}

int sdp_print(const struct sdp_session *s, char *buf, size_t size, size_t *len)
{
	struct writer w = { buf, size, 0 };

	put_str(&w, "v=");
	put_u64(&w, s->version);
	put_crlf(&w);
	put_origin(&w, &s->origin);
	put_line(&w, "s=", s->name != NULL ? s->name : "-");
	put_line(&w, "i=", s->info);
	put_line(&w, "u=", s->uri);
	for (unsigned i = 0; i < s->n_email; i++)
		put_line(&w, "e=", s->email[i]);
	for (unsigned i = 0; i < s->n_phone; i++)
		put_line(&w, "p=", s->phone[i]);
	if (s->has_conn)
		put_conn(&w, &s->conn);
	put_bws(&w, s->bw, s->n_bw);
	put_times(&w, s);
	put_line(&w, "z=", s->zone);
	put_line(&w, "k=", s->key);
	put_attrs(&w, s->attr, s->n_attr);
	for (unsigned i = 0; i < s->n_media; i++)
		put_media(&w, &s->media[i]);
	if (len != NULL)
		*len = w.len;
	if (w.len >= size)
		return ENOBUFS;
	buf[w.len] = '\0';
	return 0;
}
