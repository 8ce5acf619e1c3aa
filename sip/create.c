/* sip/create.c - new requests, responses to requests, clones (RFC 3261 §8.1.1, §8.2.6).
 *
 * A request starts as its Request-Line and "Content-Length: 0"; the UA core adds
 * To, From, Call-ID, CSeq, Max-Forwards and Via with sip_msg_hdr_add (§8.1.1 lists
 * them; choosing their values is the UA's job).  A response copies what §8.2.6.2
 * says it must.  A clone is printed and parsed again: the printer and parser
 * already agree on every message (the round-trip tests prove it), so this is the
 * shortest correct deep copy.
 *
 * Leaves out: Record-Route copying into 2xx responses (§12.1.1, the dialog layer
 * calls sip_msg_hdr_copy), the Allow/Supported/Server headers a UAS may add.
 */
#include "sip/msg_internal.h"

#include <stdlib.h>
#include <string.h>

/* Arena for a message built from scratch: room for the usual dozen headers. */
#define BUILD_ARENA 4096

static struct sip_msg *new_msg(bool is_request)
{
	struct sip_msg *m = sip_msg_alloc(BUILD_ARENA);

	if (m != NULL) {
		m->is_request = is_request;
		m->version = SIP_STR_LIT("SIP/2.0");
	}
	return m;
}

int sip_msg_create_request(const char *method, const char *ruri, struct sip_msg **out)
{
	*out = NULL;
	size_t len = method != NULL ? strlen(method) : 0;

	/* Method = INVITEm / ... / extension-method, extension-method = token */
	if (len == 0 || sip_scan(method, method + len, CC_TOKEN) != method + len || ruri == NULL)
		return EBADMSG;
	struct sip_msg *m = new_msg(true);

	if (m == NULL)
		return ENOMEM;
	char *name = sip_arena_dup(m, method, len);
	int rc = name == NULL ? ENOMEM : sip_msg_set_ruri(m, ruri);

	if (rc == 0) {
		m->method_name = sip_span(name, name + len);
		m->method = sip_method_lookup(m->method_name);
		rc = sip_msg_hdr_add(m, SIP_HDR_CONTENT_LENGTH, "0");
	}
	if (rc != 0) {
		sip_msg_destroy(m);
		return rc;
	}
	*out = m;
	return 0;
}

/* The To value of the response: the request's, plus ";tag=" when it had none.  Rows
 * are copied by length: a quoted-pair may hold a NUL byte (RFC 4475 §3.1.1.2). */
static int response_to(struct sip_msg *m, const struct sip_msg *req, const char *to_tag)
{
	size_t i = sip_msg_hdr_find(req, SIP_HDR_TO, 0);
	struct sip_str v = req->hdrs[i].value;

	/* RFC3261 8.2.6.2: "if the To header field in the request did not contain a tag, the
	 * URI in the To header field in the response MUST equal the URI in the To
	 * header field; additionally, the UAS MUST add a tag" */
	return sip_msg_hdr_add_tagged(m, SIP_HDR_TO, v.p, v.len,
				      req->to->tag.p != NULL ? NULL : to_tag);
}

/* RFC3261 8.2.6.2: "The From field of the response MUST equal the From header field of
 * the request.  The Call-ID header field of the response MUST equal the Call-ID
 * header field of the request.  The CSeq header field of the response MUST equal
 * the CSeq field of the request.  The Via header field values in the response MUST
 * equal the Via header field values in the request and MUST maintain the same
 * ordering." */
static int copy_for_response(struct sip_msg *m, const struct sip_msg *req, const char *to_tag)
{
	int rc = 0;

	for (size_t i = 0; i < req->hdr_count && rc == 0; i++) {
		const struct sip_hdr *h = &req->hdrs[i];

		switch (h->id) {
		case SIP_HDR_VIA:
		case SIP_HDR_FROM:
		case SIP_HDR_CALL_ID:
		case SIP_HDR_CSEQ:
			rc = sip_msg_hdr_add_len(m, h->id, h->value.p, h->value.len);
			break;
		case SIP_HDR_TO:
			if (sip_msg_hdr_find(m, SIP_HDR_TO, 0) == SIP_HDR_NONE)
				rc = response_to(m, req, to_tag);
			break;
		default:
			break;
		}
	}
	return rc != 0 ? rc : sip_msg_hdr_add(m, SIP_HDR_CONTENT_LENGTH, "0");
}

int sip_msg_create_response(const struct sip_msg *req, int status, const char *reason,
			    const char *to_tag, struct sip_msg **out)
{
	*out = NULL;
	if (req == NULL || !req->is_request || status < 100 || status > 699)
		return EINVAL;
	struct sip_msg *m = new_msg(false);

	if (m == NULL)
		return ENOMEM;
	if (reason == NULL)
		reason = sip_status_phrase(status);
	char *r = sip_arena_dup(m, reason, strlen(reason));
	int rc = r == NULL ? ENOMEM : 0;

	if (rc == 0 && sip_scan(r, r + strlen(r), CC_TEXT) != r + strlen(r))
		rc = EBADMSG;
	if (rc == 0) {
		m->status = status;
		m->reason = sip_span(r, r + strlen(r));
		rc = copy_for_response(m, req, to_tag);
	}
	if (rc != 0) {
		sip_msg_destroy(m);
		return rc;
	}
	*out = m;
	return 0;
}

int sip_msg_clone(const struct sip_msg *msg, struct sip_msg **out)
{
	char *text;
	size_t len;

	*out = NULL;
	int rc = sip_msg_print_alloc(msg, &text, &len);

	if (rc != 0)
		return rc;
	rc = sip_msg_parse(text, len, out, NULL);
	free(text);
	return rc;
}
