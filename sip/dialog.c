/* sip/dialog.c - dialog state and requests within a dialog (RFC 3261 §12.1, §12.2,
 * §13.2.2.4, §16.12.1.2's strict-router example).
 *
 * Leaves out: when dialogs are created and ended (the UA core, sip/ua*.c), TLS and
 * the secure flag.
 */
#include "sip/dialog.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The initial local CSeq (§8.1.1.5: "MUST be less than 2**31"); 1 keeps ladders
 * readable, as RFC 3665 writes them. */
#define INITIAL_SEQ 1u
#define MAX_FORWARDS 70  /* §8.1.1.6: "SHOULD be 70" */

const char *sip_dialog_state_name(enum sip_dialog_state state)
{
	switch (state) {
	case SIP_DIALOG_EARLY:
		return "early";
	case SIP_DIALOG_CONFIRMED:
		return "confirmed";
	default:
		return "terminated";
	}
}

/* printf into a fixed field: ENOBUFS when it does not fit. */
static int fmt(char *buf, size_t cap, const char *f, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static int fmt(char *buf, size_t cap, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	int n = vsnprintf(buf, cap, f, ap);

	va_end(ap);
	return n < 0 || (size_t)n >= cap ? ENOBUFS : 0;
}

/* Appends len bytes at *n, when they fit with the NUL that follows. */
static bool put(char *buf, size_t cap, size_t *n, const char *p, size_t len)
{
	if (len >= cap - *n)
		return false;
	memcpy(buf + *n, p, len);
	*n += len;
	return true;
}

/* "Display <uri>" or "<uri>": the address of a From/To without its tag (§12.1: the
 * dialog keeps the URI; the display name only makes our requests friendlier).  Copied
 * by length, never through "%s": a quoted-pair may escape a NUL (RFC 4475 §3.1.1.2). */
static int name_addr(const struct sip_addr *a, char *buf, size_t cap, size_t *len)
{
	const struct sip_str *d = &a->display, *u = &a->uri.text;
	const char *q = a->display_quoted ? "\"" : "";
	size_t n = 0;
	bool ok = true;

	if (d->len > 0)
		ok = put(buf, cap, &n, q, strlen(q)) && put(buf, cap, &n, d->p, d->len) &&
		     put(buf, cap, &n, q, strlen(q)) && put(buf, cap, &n, " ", 1);
	ok = ok && put(buf, cap, &n, "<", 1) && put(buf, cap, &n, u->p, u->len) &&
	     put(buf, cap, &n, ">", 1);
	buf[ok ? n : 0] = '\0';
	*len = ok ? n : 0;
	return ok ? 0 : ENOBUFS;
}

static int route_set_add(struct sip_dialog *d, const struct sip_addr *rr)
{
	struct sip_dialog_route *r;

	if (d->route_count == SIP_DIALOG_ROUTES)
		return ENOBUFS;
	r = &d->route[d->route_count];
	if (sip_str_copy(rr->text, r->value, sizeof(r->value)) != 0 ||
	    sip_str_copy(rr->uri.text, r->uri, sizeof(r->uri)) != 0)
		return ENOBUFS;
	r->lr = rr->uri.lr;
	d->route_count++;
	return 0;
}

/* §12.1.1: "the list of URIs in the Record-Route header field from the request, taken
 * in order"; §12.1.2: "from the response, taken in reverse order". */
static int route_set_from(struct sip_dialog *d, const struct sip_addr *rr, bool reverse)
{
	const struct sip_addr *stack[SIP_DIALOG_ROUTES];
	size_t n = 0;

	d->route_count = 0;
	for (const struct sip_addr *a = rr; a != NULL; a = a->next) {
		if (n == SIP_DIALOG_ROUTES)
			return ENOBUFS;
		stack[n++] = a;
	}
	for (size_t i = 0; i < n; i++) {
		int rc = route_set_add(d, stack[reverse ? n - 1 - i : i]);

		if (rc != 0)
			return rc;
	}
	return 0;
}

int sip_dialog_target_refresh(struct sip_dialog *d, const struct sip_msg *msg)
{
	char tmp[SIP_DIALOG_URI_MAX];

	/* §12.2.2: "it MUST replace the dialog's remote target URI with the URI from
	 * the Contact header field in that request, if present." */
	if (msg->contact == NULL || msg->contact->star)
		return 0;
	if (sip_str_copy(msg->contact->uri.text, tmp, sizeof(tmp)) != 0)
		return ENOBUFS;
	memcpy(d->remote_target, tmp, sizeof(tmp));
	return 0;
}

/* What both creations share: the Call-ID and our Contact. */
static int ids(struct sip_dialog *d, const struct sip_msg *m, const char *local_target)
{
	if (m->call_id.p == NULL || m->from == NULL || m->to == NULL || m->cseq == NULL)
		return EBADMSG;
	if (sip_str_copy(m->call_id, d->call_id, sizeof(d->call_id)) != 0)
		return ENOBUFS;
	return fmt(d->local_target, sizeof(d->local_target), "%s",
		   local_target != NULL ? local_target : "");
}

int sip_dialog_create_uac(struct sip_dialog *d, const struct sip_msg *req,
			  const struct sip_msg *resp, const char *local_target)
{
	memset(d, 0, sizeof(*d));
	if (resp->is_request || resp->status < 101 || resp->status > 299 || !req->is_request)
		return EINVAL;
	/* §12.1: "only 2xx and 101-199 responses with a To tag, where the request was
	 * INVITE, will establish a dialog"; a 2xx without one has the null tag (RFC 2543). */
	if (resp->status < 200 && (resp->to == NULL || resp->to->tag.len == 0))
		return EINVAL;
	int rc = ids(d, req, local_target);

	if (rc != 0 || resp->to == NULL)
		return rc != 0 ? rc : EBADMSG;
	d->uac = true;
	d->state = resp->status < 200 ? SIP_DIALOG_EARLY : SIP_DIALOG_CONFIRMED;
	/* §12.1.2: "The local sequence number MUST be set to the value of the sequence
	 * number in the CSeq header field of the request.  The remote sequence number
	 * MUST be empty" ... "The local tag component of the dialog ID MUST be set to the
	 * tag in the From field in the request, and the remote tag component of the
	 * dialog ID MUST be set to the tag in the To field of the response." ... "The
	 * remote URI MUST be set to the URI in the To field, and the local URI MUST be set
	 * to the URI in the From field." */
	d->local_seq_set = true;
	d->local_seq = req->cseq->seq;
	if (sip_str_copy(req->from->tag, d->local_tag, sizeof(d->local_tag)) != 0 ||
	    sip_str_copy(resp->to->tag, d->remote_tag, sizeof(d->remote_tag)) != 0)
		return ENOBUFS;
	rc = name_addr(resp->to, d->remote_uri, sizeof(d->remote_uri), &d->remote_uri_len);
	if (rc == 0)
		rc = name_addr(req->from, d->local_uri, sizeof(d->local_uri), &d->local_uri_len);
	/* "The route set MUST be set to the list of URIs in the Record-Route header field
	 * from the response, taken in reverse order and preserving all URI parameters." */
	if (rc == 0)
		rc = route_set_from(d, resp->record_route, true);
	/* "The remote target MUST be set to the URI from the Contact header field of the
	 * response."  DEVIATION: a response without Contact (broken peer, or a 1xx that
	 * need not carry one) keeps the Request-URI as the target. */
	if (rc == 0)
		rc = sip_str_copy(req->ruri.text, d->remote_target, sizeof(d->remote_target));
	if (rc == 0)
		rc = sip_dialog_target_refresh(d, resp);
	return rc;
}

int sip_dialog_create_uas(struct sip_dialog *d, const struct sip_msg *req, const char *local_tag,
			  const char *local_target, enum sip_dialog_state state)
{
	memset(d, 0, sizeof(*d));
	if (!req->is_request || local_tag == NULL || state == SIP_DIALOG_TERMINATED)
		return EINVAL;
	int rc = ids(d, req, local_target);

	if (rc != 0)
		return rc;
	/* §12.1.1: "The remote target MUST be set to the URI from the Contact header
	 * field of the request." */
	if (req->contact == NULL || req->contact->star)
		return EBADMSG;
	d->state = state;
	/* "The remote sequence number MUST be set to the value of the sequence number in
	 * the CSeq header field of the request.  The local sequence number MUST be
	 * empty." ... "the remote tag component of the dialog ID MUST be set to the tag
	 * from the From field in the request" ... "The remote URI MUST be set to the URI
	 * in the From field, and the local URI MUST be set to the URI in the To field." */
	d->remote_seq_set = true;
	d->remote_seq = req->cseq->seq;
	rc = fmt(d->local_tag, sizeof(d->local_tag), "%s", local_tag);
	if (rc == 0)
		rc = sip_str_copy(req->from->tag, d->remote_tag, sizeof(d->remote_tag));
	if (rc == 0)
		rc = name_addr(req->from, d->remote_uri, sizeof(d->remote_uri), &d->remote_uri_len);
	if (rc == 0)
		rc = name_addr(req->to, d->local_uri, sizeof(d->local_uri), &d->local_uri_len);
	/* "The route set MUST be set to the list of URIs in the Record-Route header field
	 * from the request, taken in order and preserving all URI parameters." */
	if (rc == 0)
		rc = route_set_from(d, req->record_route, false);
	if (rc == 0)
		rc = sip_dialog_target_refresh(d, req);
	return rc;
}

int sip_dialog_confirm(struct sip_dialog *d, const struct sip_msg *resp)
{
	struct sip_dialog keep = *d;

	if (resp->is_request || resp->status < 200 || resp->status > 299)
		return EINVAL;
	/* §13.2.2.4: "the dialog MUST be transitioned to the "confirmed" state, and the
	 * route set for the dialog MUST be recomputed based on the 2xx response" */
	int rc = route_set_from(d, resp->record_route, d->uac);

	if (rc == 0)
		rc = sip_dialog_target_refresh(d, resp);
	if (rc != 0) {
		*d = keep;
		return rc;
	}
	d->state = SIP_DIALOG_CONFIRMED;
	return 0;
}

bool sip_dialog_matches(const struct sip_dialog *d, const struct sip_msg *msg)
{
	if (msg->from == NULL || msg->to == NULL || !sip_str_eq_c(msg->call_id, d->call_id))
		return false;
	/* §12: a request's To tag is our local tag; a response's From tag is. */
	const struct sip_addr *local = msg->is_request ? msg->to : msg->from;
	const struct sip_addr *remote = msg->is_request ? msg->from : msg->to;

	return sip_str_eq_c(local->tag, d->local_tag) && sip_str_eq_c(remote->tag, d->remote_tag);
}

/* §12.2.1.1 strict routing: the first route's URI "stripping any parameters that are
 * not allowed in a Request-URI" - Table 1 (§19.1.1) allows neither method nor
 * headers there. */
static int strict_ruri(const struct sip_dialog_route *r, char *buf, size_t cap)
{
	struct sip_uri u;
	struct sip_param p;

	if (sip_uri_parse(&u, r->uri, strlen(r->uri), NULL) != 0)
		return EBADMSG;
	const char *end = u.params.p != NULL ? u.params.p - 1
			  : u.headers.p != NULL ? u.headers.p - 1
						: r->uri + strlen(r->uri);
	int rc = fmt(buf, cap, "%.*s", (int)(end - r->uri), r->uri);
	struct sip_str cur = u.params;

	while (rc == 0 && sip_param_next(&cur, &p)) {
		size_t used = strlen(buf);

		if (sip_str_eqi_c(p.name, "method"))
			continue;
		if (p.has_value)
			rc = fmt(buf + used, cap - used, ";%.*s=%.*s", (int)p.name.len, p.name.p,
				 (int)p.value.len, p.value.p);
		else
			rc = fmt(buf + used, cap - used, ";%.*s", (int)p.name.len, p.name.p);
	}
	return rc;
}

/* Request-URI and Route rows (§12.2.1.1). */
static int add_routes(const struct sip_dialog *d, struct sip_msg *m)
{
	int rc = 0;

	/* "If the route set is empty, the UAC MUST place the remote target URI into the
	 * Request-URI.  The UAC MUST NOT add a Route header field to the request." */
	if (d->route_count == 0)
		return 0;
	/* "If the route set is not empty, and the first URI in the route set contains
	 * the lr parameter (see Section 19.1.1), the UAC MUST place the remote target URI
	 * into the Request-URI and MUST include a Route header field containing the route
	 * set values in order, including all parameters." */
	if (d->route[0].lr) {
		for (size_t i = 0; i < d->route_count && rc == 0; i++)
			rc = sip_msg_hdr_add(m, SIP_HDR_ROUTE, d->route[i].value);
		return rc;
	}
	/* "The UAC MUST add a Route header field containing the remainder of the route
	 * set values in order, including all parameters.  The UAC MUST then place the
	 * remote target URI into the Route header field as the last value." */
	for (size_t i = 1; i < d->route_count && rc == 0; i++)
		rc = sip_msg_hdr_add(m, SIP_HDR_ROUTE, d->route[i].value);
	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_ROUTE, "<%s>", d->remote_target);
	return rc;
}

/* To, From, Call-ID, CSeq (§12.2.1.1), Max-Forwards (§8.1.1.6). */
static int add_ids(const struct sip_dialog *d, struct sip_msg *m, uint32_t seq)
{
	int rc = sip_msg_hdr_addf(m, SIP_HDR_MAX_FORWARDS, "%d", MAX_FORWARDS);

	if (rc == 0)
		rc = add_routes(d, m);
	/* "The From URI of the request MUST be set to the local URI from the dialog
	 * state.  The tag in the From header field of the request MUST be set to the local
	 * tag of the dialog ID.  If the value of the remote or local tags is null, the
	 * tag parameter MUST be omitted" */
	if (rc == 0)
		rc = sip_msg_hdr_add_tagged(m, SIP_HDR_FROM, d->local_uri, d->local_uri_len,
					    d->local_tag);
	if (rc == 0)
		rc = sip_msg_hdr_add_tagged(m, SIP_HDR_TO, d->remote_uri, d->remote_uri_len,
					    d->remote_tag);
	/* "The Call-ID of the request MUST be set to the Call-ID of the dialog." */
	if (rc == 0)
		rc = sip_msg_hdr_add(m, SIP_HDR_CALL_ID, d->call_id);
	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_CSEQ, "%lu %.*s", (unsigned long)seq,
				      (int)m->method_name.len, m->method_name.p);
	return rc;
}

static int build(const struct sip_dialog *d, const char *method, uint32_t seq, struct sip_msg **out)
{
	char ruri[SIP_DIALOG_URI_MAX];
	struct sip_msg *m = NULL;
	int rc;

	*out = NULL;
	if (d->state == SIP_DIALOG_TERMINATED)
		return EINVAL;
	if (d->route_count > 0 && !d->route[0].lr)
		rc = strict_ruri(&d->route[0], ruri, sizeof(ruri));
	else
		rc = fmt(ruri, sizeof(ruri), "%s", d->remote_target);
	if (rc == 0)
		rc = sip_msg_create_request(method, ruri, &m);
	/* Content-Length goes last, as in the RFC's examples. */
	if (rc == 0 && sip_msg_hdr_remove_all(m, SIP_HDR_CONTENT_LENGTH) != 1)
		rc = EINVAL;
	if (rc == 0)
		rc = add_ids(d, m, seq);
	/* §12.2.1.1: "A UAC SHOULD include a Contact header field in any target refresh
	 * requests within a dialog" - for INVITE dialogs, the re-INVITE. */
	if (rc == 0 && strcmp(method, "INVITE") == 0 && d->local_target[0] != '\0')
		rc = sip_msg_hdr_addf(m, SIP_HDR_CONTACT, "<%s>", d->local_target);
	if (rc == 0)
		rc = sip_msg_hdr_add(m, SIP_HDR_CONTENT_LENGTH, "0");
	if (rc != 0) {
		sip_msg_destroy(m);
		return rc;
	}
	*out = m;
	return 0;
}

int sip_dialog_request(struct sip_dialog *d, const char *method, struct sip_msg **out)
{
	*out = NULL;
	if (method == NULL || strcmp(method, "ACK") == 0 || strcmp(method, "CANCEL") == 0)
		return EINVAL;
	/* §12.2.1.1: "if the local sequence number is not empty, the value of the local
	 * sequence number MUST be incremented by one, and this value MUST be placed into
	 * the CSeq header field.  If the local sequence number is empty, an initial value
	 * MUST be chosen using the guidelines of Section 8.1.1.5." */
	uint32_t seq = d->local_seq_set ? d->local_seq + 1 : INITIAL_SEQ;
	int rc = build(d, method, seq, out);

	if (rc == 0) {
		d->local_seq_set = true;
		d->local_seq = seq;
	}
	return rc;
}

int sip_dialog_ack(const struct sip_dialog *d, uint32_t seq, struct sip_msg **out)
{
	/* §13.2.2.4: "The sequence number of the CSeq header field MUST be the same as
	 * the INVITE being acknowledged, but the CSeq method MUST be ACK." */
	return build(d, "ACK", seq, out);
}

int sip_dialog_remote_cseq(struct sip_dialog *d, const struct sip_msg *req)
{
	if (req->cseq == NULL)
		return EPROTO;
	/* §12.2.2: "If the remote sequence number is empty, it MUST be set to the value
	 * of the sequence number in the CSeq header field value in the request.  If the
	 * remote sequence number was not empty, but the sequence number of the request
	 * is lower than the remote sequence number, the request is out of order and MUST
	 * be rejected with a 500 (Server Internal Error) response." ... "The UAS MUST
	 * then set the remote sequence number to the value of the sequence number in the
	 * CSeq header field value in the request." */
	if (d->remote_seq_set && req->cseq->seq < d->remote_seq)
		return EPROTO;
	d->remote_seq_set = true;
	d->remote_seq = req->cseq->seq;
	return 0;
}
