/* sip/validate.c - what a UAS or proxy rejects in a message that parsed.
 *
 * Parsing answers "is this the §25 grammar?"; this file answers "may a SIP/2.0
 * element act on it?".  The checks, in the order they are reported:
 *  - RFC 3261 §21.5.6 / RFC 4475 §3.1.2.16: SIP-Version other than 2.0 → 505;
 *  - §8.1.1: "A valid SIP request ... MUST, at a minimum, contain the following
 *    header fields: To, From, CSeq, Call-ID, Max-Forwards, and Via" → 400 (all but
 *    Max-Forwards: RFC 4475 §3.4.1 wants RFC 2543 requests without it accepted);
 *  - §7.3.1: a header that is not a comma-separated list appears once → 400
 *    (RFC 4475 §3.3.8);
 *  - §8.1.1.5: "The sequence number value MUST be expressible as a 32-bit unsigned
 *    integer" → 400 (RFC 4475 §3.1.2.4); Max-Forwards "in the range 0-255" (§20.22);
 *  - §8.1.1.5: the CSeq method "MUST match that of the request" → 400, or 501 when
 *    the method is unknown anyway (RFC 4475 §3.1.2.18: "choosing a 501 ... has
 *    better future-proof characteristics");
 *  - §19.1.1 Table 1: headers are not allowed in a Request-URI → 400 (RFC 4475
 *    §3.1.2.11);
 *  - RFC 4475 §3.2.1: a branch that is only the magic cookie "z9hG4bK" → 400
 *    ("preferably statelessly").
 * A response that fails any of them is dropped: status 0.
 *
 * Leaves out: what depends on the element's role or configuration (416 unknown
 * URI scheme, 420 Require, 415 Content-Type, 483 Max-Forwards 0, 401/407): the UA
 * and the proxy decide those from the typed fields.
 */
#include "sip/msg_internal.h"

#include <string.h>

struct single {
	enum sip_hdr_id id;
	const char *missing;    /* reason when absent and required, or NULL */
	const char *repeated;   /* reason when there is more than one row */
};

static const struct single singles[] = {
	{ SIP_HDR_TO, "To header field missing", "more than one To header field" },
	{ SIP_HDR_FROM, "From header field missing", "more than one From header field" },
	{ SIP_HDR_CALL_ID, "Call-ID header field missing", "more than one Call-ID header field" },
	{ SIP_HDR_CSEQ, "CSeq header field missing", "more than one CSeq header field" },
	{ SIP_HDR_VIA, "Via header field missing", NULL },
	{ SIP_HDR_MAX_FORWARDS, NULL, "more than one Max-Forwards header field" },
	{ SIP_HDR_CONTENT_TYPE, NULL, "more than one Content-Type header field" },
	{ SIP_HDR_EXPIRES, NULL, "more than one Expires header field" },
};

/* Fills *err pointing at row `row` (or the start-line when SIP_HDR_NONE). */
static int reject(const struct sip_msg *m, struct sip_error *err, size_t row, int status,
		  const char *reason)
{
	memset(err, 0, sizeof(*err));
	err->line = 1;
	err->col = 1;
	if (row != SIP_HDR_NONE && m->hdrs[row].line != 0) {
		const struct sip_hdr *h = &m->hdrs[row];

		err->offset = (size_t)(h->value.p - m->buf);
		err->line = h->line;
		err->col = (unsigned)(h->value.p - h->name.p) + 1;
	}
	err->status = m->is_request ? status : 0;
	err->reason = reason;
	return EPROTO;
}

/* The second row of id, where a duplicate is reported. */
static size_t second_row(const struct sip_msg *m, enum sip_hdr_id id)
{
	size_t i = sip_msg_hdr_find(m, id, 0);

	return i == SIP_HDR_NONE ? i : sip_msg_hdr_find(m, id, i + 1);
}

static int check_headers(const struct sip_msg *m, struct sip_error *err)
{
	for (size_t i = 0; i < sizeof(singles) / sizeof(singles[0]); i++) {
		const struct single *s = &singles[i];

		if (m->rows[s->id] == 0 && s->missing != NULL)
			return reject(m, err, SIP_HDR_NONE, 400, s->missing);
		if (m->rows[s->id] > 1 && s->repeated != NULL)
			return reject(m, err, second_row(m, s->id), 400, s->repeated);
	}
	size_t cseq = sip_msg_hdr_find(m, SIP_HDR_CSEQ, 0);

	if (m->cseq->seq_too_large)
		return reject(m, err, cseq, 400, "CSeq number larger than 2**32-1");
	if (m->max_forwards > 255)
		return reject(m, err, sip_msg_hdr_find(m, SIP_HDR_MAX_FORWARDS, 0), 400,
			      "Max-Forwards larger than 255");
	return 0;
}

static int check_request(const struct sip_msg *m, struct sip_error *err)
{
	if (!sip_str_eq(m->cseq->method_name, m->method_name))
		return reject(m, err, sip_msg_hdr_find(m, SIP_HDR_CSEQ, 0),
			      m->method == SIP_METHOD_OTHER ? 501 : 400,
			      m->method == SIP_METHOD_OTHER
				      ? "unknown method, and the CSeq method differs from it"
				      : "CSeq method does not match the request method");
	if (m->ruri.headers.len > 0)
		return reject(m, err, SIP_HDR_NONE, 400, "headers are not allowed in the Request-URI");
	return 0;
}

int sip_msg_validate(const struct sip_msg *m, struct sip_error *err)
{
	struct sip_error scratch;
	int rc;

	if (err == NULL)
		err = &scratch;
	/* RFC3261 7.1: "SIP treats the version number as a literal string"; §21.5.6: 505 "The
	 * server does not support ... the SIP protocol version that was used" */
	if (!sip_str_eqi_c(m->version, "SIP/2.0"))
		return reject(m, err, SIP_HDR_NONE, 505, "SIP version not supported");
	if ((rc = check_headers(m, err)) != 0)
		return rc;
	if (m->is_request && (rc = check_request(m, err)) != 0)
		return rc;
	/* RFC 3261 §8.1.1.7: the branch "MUST always begin with the characters
	 * z9hG4bK"; RFC 4475 §3.2.1: nothing after them is a missing identifier. */
	if (sip_str_eq_c(m->via->branch, "z9hG4bK"))
		return reject(m, err, sip_msg_hdr_find(m, SIP_HDR_VIA, 0), 400,
			      "Via branch is only the magic cookie z9hG4bK");
	return 0;
}
