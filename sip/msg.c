/* sip/msg.c - the header table: find rows, add rows, re-type after an edit.
 *
 * The table is the message: printing walks it in order, and every typed field is
 * derived from it.  After an edit touches rows of one id, sip_msg_retype forgets
 * that id's typed value and parses its rows again (RFC 3261 §7.3.1: "The relative
 * order of header field rows with the same field name is important"), so the typed
 * view never disagrees with what will be printed.
 *
 * Leaves out: indexes per id (a message has a few dozen rows; a scan is cheaper
 * than keeping an index in step through edits).
 */
#include "sip/msg_internal.h"

#include <string.h>

size_t sip_msg_hdr_find(const struct sip_msg *m, enum sip_hdr_id id, size_t from)
{
	for (size_t i = from; i < m->hdr_count; i++)
		if (m->hdrs[i].id == id)
			return i;
	return SIP_HDR_NONE;
}

size_t sip_msg_hdr_find_name(const struct sip_msg *m, const char *name, size_t from)
{
	struct sip_str want = sip_str_from_c(name);
	enum sip_hdr_id id = sip_hdr_lookup(want.p, want.len);

	if (id != SIP_HDR_OTHER)
		return sip_msg_hdr_find(m, id, from);
	for (size_t i = from; i < m->hdr_count; i++)
		if (m->hdrs[i].id == SIP_HDR_OTHER && sip_str_eqi(m->hdrs[i].name, want))
			return i;
	return SIP_HDR_NONE;
}

const struct sip_hdr *sip_msg_hdr_get(const struct sip_msg *m, const char *name)
{
	size_t i = sip_msg_hdr_find_name(m, name, 0);

	return i == SIP_HDR_NONE ? NULL : &m->hdrs[i];
}

struct sip_hdr *sip_msg_row_push(struct sip_msg *m)
{
	if (m->hdr_count == m->hdr_cap) {
		size_t cap = m->hdr_cap != 0 ? m->hdr_cap * 2 : 24;
		struct sip_hdr *rows = sip_arena_alloc(m, cap * sizeof(*rows));

		if (rows == NULL)
			return NULL;
		if (m->hdr_count > 0)
			memcpy(rows, m->hdrs, m->hdr_count * sizeof(*rows));
		m->hdrs = rows;
		m->hdr_cap = cap;
	}
	return &m->hdrs[m->hdr_count++];
}

/* Empties the typed value that rows of `id` produce. */
static void clear_typed(struct sip_msg *m, enum sip_hdr_id id)
{
	switch (id) {
	case SIP_HDR_VIA: m->via = NULL; break;
	case SIP_HDR_FROM: m->from = NULL; break;
	case SIP_HDR_TO: m->to = NULL; break;
	case SIP_HDR_CALL_ID: m->call_id = sip_span(NULL, NULL); break;
	case SIP_HDR_CSEQ: m->cseq = NULL; break;
	case SIP_HDR_MAX_FORWARDS: m->max_forwards = -1; break;
	case SIP_HDR_CONTACT: m->contact = NULL; break;
	case SIP_HDR_ROUTE: m->route = NULL; break;
	case SIP_HDR_RECORD_ROUTE: m->record_route = NULL; break;
	case SIP_HDR_CONTENT_TYPE: m->content_type = NULL; break;
	case SIP_HDR_CONTENT_LENGTH: m->content_length = -1; break;
	case SIP_HDR_EXPIRES: m->expires = -1; break;
	case SIP_HDR_ALLOW: m->allow = NULL; break;
	case SIP_HDR_SUPPORTED: m->supported = NULL; break;
	case SIP_HDR_REQUIRE: m->require = NULL; break;
	case SIP_HDR_PROXY_REQUIRE: m->proxy_require = NULL; break;
	case SIP_HDR_UNSUPPORTED: m->unsupported = NULL; break;
	case SIP_HDR_WWW_AUTHENTICATE: m->www_authenticate = NULL; break;
	case SIP_HDR_AUTHORIZATION: m->authorization = NULL; break;
	case SIP_HDR_PROXY_AUTHENTICATE: m->proxy_authenticate = NULL; break;
	case SIP_HDR_PROXY_AUTHORIZATION: m->proxy_authorization = NULL; break;
	default: break;
	}
}

int sip_msg_retype(struct sip_msg *m, enum sip_hdr_id id, struct sip_perr *err)
{
	struct sip_type_ctx ctx;

	clear_typed(m, id);
	sip_type_ctx_init(&ctx, m);
	m->rows[id] = 0;
	for (size_t i = 0; i < m->hdr_count; i++) {
		struct sip_hdr *h = &m->hdrs[i];

		if (h->id != id)
			continue;
		/* The typed parsers need a NUL after the value (msg_internal.h); a row
		 * still in the received bytes has its CR there, so it is copied once. */
		if (h->value.p[h->value.len] != '\0') {
			const char *copy = sip_arena_dup(m, h->value.p, h->value.len);

			if (copy == NULL)
				return ENOMEM;
			h->value = sip_span(copy, copy + h->value.len);
		}
		if (m->rows[id] < 255)
			m->rows[id]++;
		const char *e = h->value.p + h->value.len, *end;
		int rc = sip_hdr_type(m, &ctx, id, h->value.p, e, &end, err);

		/* the value must end where the typed parser stopped: a CR or LF inside an
		 * edited value ends it early, and is refused */
		if (rc == 0 && sip_ws(end) != e)
			rc = sip_fail(err, sip_ws(end), "control character in a header value");
		if (rc != 0)
			return rc;
	}
	return 0;
}
