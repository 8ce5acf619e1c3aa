/* sip/build.c - changing a message: rows in and out, Via and Route edits, the body.
 *
 * Every edit works on the header table and then re-types the rows of the id it
 * touched (sip_msg_retype), so the typed fields always show what will be printed.
 * A value is parsed like a received one: an edit that would make the message
 * unparseable is refused with EBADMSG and leaves the message as it was.  New bytes
 * are copied into the arena; nothing is freed before sip_msg_destroy, so views
 * taken before an edit stay readable.
 *
 * RFC 3261 sections: §16.6 (a proxy's edits of a request: Max-Forwards, Record-Route,
 * Route, Via), §18.2.1 (received/rport on the top Via, with RFC 3581 §4), §16.7 step
 * 3 (removing the top Via of a response).
 *
 * Leaves out: building requests and responses (sip/create.c) and choosing values
 * (tags, branches, Max-Forwards 70): that is policy of the layers above.
 */
#include "sip/msg_internal.h"

#include <stdio.h>
#include <string.h>

/* Inserts a row at `at` with a value already owned by the message, then re-types. */
static int row_insert_owned(struct sip_msg *m, size_t at, enum sip_hdr_id id,
			    struct sip_str name, struct sip_str value)
{
	struct sip_perr err;

	if (at > m->hdr_count)
		return EINVAL;
	if (sip_msg_row_push(m) == NULL)
		return ENOMEM;
	memmove(&m->hdrs[at + 1], &m->hdrs[at], (m->hdr_count - 1 - at) * sizeof(m->hdrs[0]));
	m->hdrs[at].id = id;
	m->hdrs[at].name = name;
	m->hdrs[at].value = value;
	m->hdrs[at].line = 0;
	int rc = sip_msg_retype(m, id, &err);

	if (rc != 0) {
		memmove(&m->hdrs[at], &m->hdrs[at + 1], (m->hdr_count - 1 - at) * sizeof(m->hdrs[0]));
		m->hdr_count--;
		sip_msg_retype(m, id, &err);
	}
	return rc;
}

/* `value` without the whitespace around it. */
static struct sip_str trimmed(const char *value, size_t len)
{
	const char *p = sip_skip_ws(value, value + len), *e = value + len;

	while (e > p && (CC(e[-1]) & CC_WS))
		e--;
	return sip_span(p, e);
}

/* A copy of `value` with surrounding whitespace trimmed. */
static int owned_value(struct sip_msg *m, const char *value, size_t len, struct sip_str *out)
{
	struct sip_str t = trimmed(value, len);
	char *v = sip_arena_dup(m, t.p, t.len);

	if (v == NULL)
		return ENOMEM;
	*out = sip_span(v, v + t.len);
	return 0;
}

static int row_insert(struct sip_msg *m, size_t at, enum sip_hdr_id id, struct sip_str name,
		      const char *value)
{
	struct sip_str v;

	if (value == NULL)
		return EINVAL;
	int rc = owned_value(m, value, strlen(value), &v);

	return rc != 0 ? rc : row_insert_owned(m, at, id, name, v);
}

int sip_msg_hdr_add(struct sip_msg *m, enum sip_hdr_id id, const char *value)
{
	if (id == SIP_HDR_OTHER || (unsigned)id >= SIP_HDR_ID_COUNT)
		return EINVAL;
	return row_insert(m, m->hdr_count, id, sip_str_from_c(sip_hdr_name(id)), value);
}

int sip_msg_hdr_add_len(struct sip_msg *m, enum sip_hdr_id id, const char *value, size_t len)
{
	struct sip_str v;

	if (id == SIP_HDR_OTHER || (unsigned)id >= SIP_HDR_ID_COUNT || value == NULL)
		return EINVAL;
	/* By length, never through "%s": a quoted-pair may hold a NUL (RFC 4475 §3.1.1.2). */
	int rc = owned_value(m, value, len, &v);

	return rc != 0 ? rc
		       : row_insert_owned(m, m->hdr_count, id, sip_str_from_c(sip_hdr_name(id)), v);
}

int sip_msg_hdr_add_tagged(struct sip_msg *m, enum sip_hdr_id id, const char *value, size_t len,
			   const char *tag)
{
	if (tag == NULL || tag[0] == '\0')
		return sip_msg_hdr_add_len(m, id, value, len);
	if (id == SIP_HDR_OTHER || (unsigned)id >= SIP_HDR_ID_COUNT || value == NULL)
		return EINVAL;
	/* value by length (it may hold a NUL), ";tag=", the tag, then the zeros every
	 * owned value ends with (sip_arena_dup's padding) */
	struct sip_str t = trimmed(value, len);
	size_t tag_len = strlen(tag), n = t.len + sizeof(";tag=") - 1 + tag_len;
	size_t need = (n + SIP_DUP_PAD + SIP_ARENA_ALIGN - 1) & ~(size_t)(SIP_ARENA_ALIGN - 1);
	char *v = sip_arena_alloc(m, need);

	if (v == NULL)
		return ENOMEM;
	memcpy(v, t.p, t.len);
	memcpy(v + t.len, ";tag=", sizeof(";tag=") - 1);
	memcpy(v + n - tag_len, tag, tag_len);
	memset(v + n, 0, need - n);
	return row_insert_owned(m, m->hdr_count, id, sip_str_from_c(sip_hdr_name(id)),
				sip_span(v, v + n));
}

int sip_msg_hdr_addf(struct sip_msg *m, enum sip_hdr_id id, const char *fmt, ...)
{
	va_list ap;

	if (id == SIP_HDR_OTHER || (unsigned)id >= SIP_HDR_ID_COUNT)
		return EINVAL;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);

	va_end(ap);
	if (n < 0)
		return EINVAL;
	char *v = sip_arena_alloc(m, (size_t)n + 1);

	if (v == NULL)
		return ENOMEM;
	va_start(ap, fmt);
	vsnprintf(v, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return row_insert(m, m->hdr_count, id, sip_str_from_c(sip_hdr_name(id)), v);
}

int sip_msg_hdr_add_name(struct sip_msg *m, const char *name, const char *value)
{
	size_t len = name != NULL ? strlen(name) : 0;

	/* header-name = token */
	if (len == 0 || sip_scan(name, name + len, CC_TOKEN) != name + len)
		return EINVAL;
	char *n = sip_arena_dup(m, name, len);

	if (n == NULL)
		return ENOMEM;
	return row_insert(m, m->hdr_count, sip_hdr_lookup(n, len), sip_span(n, n + len), value);
}

int sip_msg_hdr_prepend(struct sip_msg *m, enum sip_hdr_id id, const char *value)
{
	if (id == SIP_HDR_OTHER || (unsigned)id >= SIP_HDR_ID_COUNT)
		return EINVAL;
	size_t at = sip_msg_hdr_find(m, id, 0);

	return row_insert(m, at == SIP_HDR_NONE ? 0 : at, id, sip_str_from_c(sip_hdr_name(id)),
			  value);
}

/* Replaces a row's value with one the message owns; restores it if it does not parse. */
static int row_replace_owned(struct sip_msg *m, size_t i, struct sip_str value)
{
	struct sip_perr err;
	struct sip_str old = m->hdrs[i].value;

	m->hdrs[i].value = value;
	int rc = sip_msg_retype(m, m->hdrs[i].id, &err);

	if (rc != 0) {
		m->hdrs[i].value = old;
		sip_msg_retype(m, m->hdrs[i].id, &err);
	}
	return rc;
}

int sip_msg_hdr_replace(struct sip_msg *m, size_t i, const char *value)
{
	struct sip_str v;

	if (i >= m->hdr_count || value == NULL)
		return EINVAL;
	int rc = owned_value(m, value, strlen(value), &v);

	return rc != 0 ? rc : row_replace_owned(m, i, v);
}

int sip_msg_hdr_remove(struct sip_msg *m, size_t i)
{
	struct sip_perr err;

	if (i >= m->hdr_count)
		return EINVAL;
	enum sip_hdr_id id = m->hdrs[i].id;

	memmove(&m->hdrs[i], &m->hdrs[i + 1], (m->hdr_count - 1 - i) * sizeof(m->hdrs[0]));
	m->hdr_count--;
	/* The remaining rows parsed before, and still do. */
	sip_msg_retype(m, id, &err);
	return 0;
}

size_t sip_msg_hdr_remove_all(struct sip_msg *m, enum sip_hdr_id id)
{
	struct sip_perr err;
	size_t kept = 0, n = m->hdr_count;

	for (size_t i = 0; i < n; i++)
		if (m->hdrs[i].id != id)
			m->hdrs[kept++] = m->hdrs[i];
	m->hdr_count = kept;
	sip_msg_retype(m, id, &err);
	return n - kept;
}

int sip_msg_hdr_set(struct sip_msg *m, enum sip_hdr_id id, const char *value)
{
	size_t first = sip_msg_hdr_find(m, id, 0);

	if (first == SIP_HDR_NONE)
		return sip_msg_hdr_add(m, id, value);
	int rc = sip_msg_hdr_replace(m, first, value);

	if (rc != 0)
		return rc;
	for (size_t i = sip_msg_hdr_find(m, id, first + 1); i != SIP_HDR_NONE;
	     i = sip_msg_hdr_find(m, id, first + 1))
		sip_msg_hdr_remove(m, i);
	return 0;
}

int sip_msg_hdr_copy(struct sip_msg *dst, const struct sip_msg *src, enum sip_hdr_id id)
{
	if (id == SIP_HDR_OTHER || (unsigned)id >= SIP_HDR_ID_COUNT)
		return EINVAL;
	for (size_t i = sip_msg_hdr_find(src, id, 0); i != SIP_HDR_NONE;
	     i = sip_msg_hdr_find(src, id, i + 1)) {
		int rc = sip_msg_hdr_add_len(dst, id, src->hdrs[i].value.p, src->hdrs[i].value.len);

		if (rc != 0)
			return rc;
	}
	return 0;
}

/* Removes the first value of a list header (Via, Route): the rest of its row stays
 * when the row held several values ("Via: a, b" becomes "Via: b"). */
static int pop_first(struct sip_msg *m, enum sip_hdr_id id, struct sip_str next_text)
{
	size_t i = sip_msg_hdr_find(m, id, 0);

	if (i == SIP_HDR_NONE)
		return EINVAL;
	const char *v = m->hdrs[i].value.p, *ve = v + m->hdrs[i].value.len;

	if (next_text.p != NULL && next_text.p > v && next_text.p < ve)
		return row_replace_owned(m, i, sip_span(next_text.p, ve));
	return sip_msg_hdr_remove(m, i);
}

int sip_msg_via_push(struct sip_msg *m, const char *value)
{
	return sip_msg_hdr_prepend(m, SIP_HDR_VIA, value);
}

int sip_msg_via_pop(struct sip_msg *m)
{
	/* RFC3261 16.7 step 3: "The proxy removes the topmost Via header field value from the
	 * response." */
	if (m->via == NULL)
		return EINVAL;
	return pop_first(m, SIP_HDR_VIA,
			 m->via->next != NULL ? m->via->next->text : sip_span(NULL, NULL));
}

int sip_msg_route_pop(struct sip_msg *m)
{
	/* RFC3261 16.4: "the proxy MUST remove that value from the Route header field" */
	if (m->route == NULL)
		return EINVAL;
	return pop_first(m, SIP_HDR_ROUTE,
			 m->route->next != NULL ? m->route->next->text : sip_span(NULL, NULL));
}

int sip_msg_record_route_push(struct sip_msg *m, const char *value)
{
	/* RFC3261 16.6 step 4: "the proxy MUST insert a Record-Route header field value into
	 * the copy in order to remain on the path" - on top of the existing ones. */
	return sip_msg_hdr_prepend(m, SIP_HDR_RECORD_ROUTE, value);
}

/* Appends n bytes to a buffer sized by the caller. */
static char *append(char *d, const char *s, size_t n)
{
	if (n > 0)
		memcpy(d, s, n);
	return d + n;
}

/* Appends ";name" or ";name=value". */
static char *append_param(char *d, const char *name, size_t nlen, const char *value, size_t vlen)
{
	d = append(d, ";", 1);
	d = append(d, name, nlen);
	if (value != NULL) {
		d = append(d, "=", 1);
		d = append(d, value, vlen);
	}
	return d;
}

/* The end of a Via value's sent-protocol and sent-by (before its first ';'). */
static const char *via_head_end(const struct sip_via *v)
{
	const char *end = v->text.p + v->text.len;

	if (v->params.p != NULL) {
		end = v->params.p;
		while (end > v->text.p && (end[-1] == ';' || (CC(end[-1]) & CC_WS)))
			end--;
	}
	return end;
}

int sip_msg_via_set_param(struct sip_msg *m, const char *name, const char *value)
{
	size_t row = sip_msg_hdr_find(m, SIP_HDR_VIA, 0);

	if (row == SIP_HDR_NONE || m->via == NULL || name == NULL || *name == '\0')
		return EINVAL;
	const struct sip_via *v = m->via;
	const char *rest = v->text.p + v->text.len;
	const char *row_end = m->hdrs[row].value.p + m->hdrs[row].value.len;
	size_t nlen = strlen(name), vlen = value != NULL ? strlen(value) : 0;
	char *buf = sip_arena_alloc(m, m->hdrs[row].value.len + nlen + vlen + 3);

	if (buf == NULL)
		return ENOMEM;
	char *d = append(buf, v->text.p, (size_t)(via_head_end(v) - v->text.p));
	struct sip_str cur = v->params;
	struct sip_param prm;

	/* RFC 3581 §4: the server "MUST set the value of the rport parameter"; a
	 * parameter appears once (§7.3.1), so the old one goes. */
	while (sip_param_next(&cur, &prm))
		if (!sip_str_eqi_c(prm.name, name))
			d = append_param(d, prm.name.p, prm.name.len,
					 prm.has_value ? prm.value.p : NULL, prm.value.len);
	d = append_param(d, name, nlen, value, vlen);
	d = append(d, rest, (size_t)(row_end - rest));
	*d = '\0';
	return row_replace_owned(m, row, sip_span(buf, d));
}

int sip_msg_set_ruri(struct sip_msg *m, const char *uri)
{
	struct sip_perr err;
	struct sip_uri u;

	if (!m->is_request || uri == NULL)
		return EINVAL;
	char *copy = sip_arena_dup(m, uri, strlen(uri));

	if (copy == NULL)
		return ENOMEM;
	if (sip_uri_scan(&u, copy, false, &err) != copy + strlen(copy))
		return EBADMSG;
	m->ruri = u;
	return 0;
}

int sip_msg_set_max_forwards(struct sip_msg *m, unsigned hops)
{
	char v[16];

	/* RFC3261 20.22: "an integer in the range 0-255" */
	if (hops > 255)
		return EINVAL;
	snprintf(v, sizeof(v), "%u", hops);
	return sip_msg_hdr_set(m, SIP_HDR_MAX_FORWARDS, v);
}

int sip_msg_set_body(struct sip_msg *m, const char *content_type, const void *body, size_t len)
{
	char cl[24];
	int rc;

	if (len > 0 && body == NULL)
		return EINVAL;
	char *copy = sip_arena_dup(m, body, len);

	if (copy == NULL)
		return ENOMEM;
	if (content_type != NULL)
		rc = sip_msg_hdr_set(m, SIP_HDR_CONTENT_TYPE, content_type);
	else
		rc = (sip_msg_hdr_remove_all(m, SIP_HDR_CONTENT_TYPE), 0);
	if (rc != 0)
		return rc;
	/* RFC3261 20.14: the Content-Length "indicates the size of the message-body" */
	snprintf(cl, sizeof(cl), "%zu", len);
	rc = sip_msg_hdr_set(m, SIP_HDR_CONTENT_LENGTH, cl);
	if (rc == 0)
		m->body = sip_span(copy, copy + len);
	return rc;
}
