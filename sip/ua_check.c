/* sip/ua_check.c - what a UAS checks before it looks at the method (RFC 3261 §8.2.1 -
 * §8.2.3), in the order the RFC gives: 405/501, 416, 482, 420, 415, 406 - the
 * application-layer cases of RFC 4475 §3.3.
 *
 * Leaves out: authentication (a UA answers without challenging), 404 for a Request-URI
 * that is not ours, Accept-Language / Content-Language (every language is fine),
 * Content-Disposition handling=optional bodies.
 */
#include "sip/ua_internal.h"

#include <stdio.h>
#include <string.h>

/* ---- §8.2: checks before the method ------------------------------------------------- */

static bool method_supported(enum sip_method m)
{
	return m == SIP_METHOD_INVITE || m == SIP_METHOD_ACK || m == SIP_METHOD_BYE ||
	       m == SIP_METHOD_CANCEL || m == SIP_METHOD_OPTIONS || m == SIP_METHOD_MESSAGE;
}

/* §8.2.2.3: the option tags of Require, listed for Unsupported (we support none). */
static bool require_unsupported(const struct sip_msg *req, char *buf, size_t cap)
{
	size_t used = 0;

	buf[0] = '\0';
	for (const struct sip_token *t = req->require; t != NULL; t = t->next) {
		int n = snprintf(buf + used, cap - used, "%s%.*s", used > 0 ? ", " : "",
				 (int)t->name.len, t->name.p);

		if (n < 0 || (size_t)n >= cap - used)
			break;
		used += (size_t)n;
	}
	return req->require != NULL;
}

/* Whether a comma list of media ranges (Accept) admits application/sdp. */
static bool accept_has_sdp(struct sip_str v)
{
	const char *p = v.p, *end = v.p + v.len;

	while (p < end) {
		const char *q = memchr(p, ',', (size_t)(end - p));
		const char *stop = q != NULL ? q : end, *semi = memchr(p, ';', (size_t)(stop - p));
		struct sip_str range = { p, (size_t)((semi != NULL ? semi : stop) - p) };

		while (range.len > 0 && (range.p[0] == ' ' || range.p[0] == '\t')) {
			range.p++;
			range.len--;
		}
		while (range.len > 0 && (range.p[range.len - 1] == ' ' || range.p[range.len - 1] == '\t'))
			range.len--;
		if (sip_str_eqi_c(range, "application/sdp") || sip_str_eqi_c(range, "application/*") ||
		    sip_str_eqi_c(range, "*/*"))
			return true;
		p = stop + 1;
	}
	return false;
}

/* §8.2.3 and RFC 4475 §3.3.6/§3.3.15 for INVITE: the body we can read, the body we
 * may answer with.  Returns the status to refuse with, 0 to go on. */
static int content_check(const struct sip_msg *req, enum sip_hdr_id *id, const char **value)
{
	const struct sip_hdr *enc = sip_msg_hdr_get(req, "Content-Encoding");

	/* RFC3261 8.2.3: "If the request contained content encodings not understood by
	 * the UAS, the response MUST contain an Accept-Encoding header field listing the
	 * encodings understood by the UAS." */
	if (enc != NULL && !sip_str_eqi_c(enc->value, "identity")) {
		*id = SIP_HDR_ACCEPT_ENCODING;
		*value = "identity";
		return 415;
	}
	if (req->method != SIP_METHOD_INVITE)
		return 0;
	/* "If there are any bodies whose type (indicated by the Content-Type) ... are not
	 * understood ... the UAS MUST reject the request with a 415 (Unsupported Media
	 * Type) response.  The response MUST contain an Accept header field" */
	if (req->body.len > 0 && (req->content_type == NULL ||
				  !sip_str_eqi_c(req->content_type->type, "application") ||
				  !sip_str_eqi_c(req->content_type->subtype, "sdp"))) {
		*id = SIP_HDR_ACCEPT;
		*value = "application/sdp";
		return 415;
	}
	/* RFC 4475 3.3.15: "since the Accept header field does not contain
	 * application/sdp, the response may not contain an SDP body.  The recipient of
	 * this request could respond with a 406 Not Acceptable, with a Warning/399" */
	for (size_t i = sip_msg_hdr_find(req, SIP_HDR_ACCEPT, 0); i != SIP_HDR_NONE;
	     i = sip_msg_hdr_find(req, SIP_HDR_ACCEPT, i + 1))
		if (accept_has_sdp(req->hdrs[i].value))
			return 0;
	if (req->rows[SIP_HDR_ACCEPT] == 0)
		return 0;
	*id = SIP_HDR_WARNING;
	*value = "399 siplab \"our answer would be application/sdp\"";
	return 406;
}

/* §8.2.2.2: an INVITE without To tag whose From tag, Call-ID and CSeq are those of an
 * INVITE we are answering in another transaction came again by another path. */
static bool merged(const struct sip_ua *ua, const struct sip_tsx *tsx, const struct sip_msg *req)
{
	for (const struct sip_call *c = ua->calls; c != NULL; c = c->next) {
		const struct sip_msg *o = c->uas_req;

		if (c->uac || o == NULL || c->ist == NULL || c->ist == tsx)
			continue;
		if (sip_str_eq(o->call_id, req->call_id) && sip_str_eq(o->from->tag, req->from->tag) &&
		    o->cseq->seq == req->cseq->seq && o->cseq->method == req->cseq->method)
			return true;
	}
	return false;
}

/* The checks of §8.2.1-§8.2.3 in the order the RFC gives.  True when a response went. */
bool ua_refused(struct sip_ua *ua, struct sip_tsx *tsx, const struct sip_msg *req)
{
	char unsupported[256];
	enum sip_hdr_id id = SIP_HDR_OTHER;
	const char *value = NULL;
	int status;

	/* RFC3261 8.2.1: "If the UAS recognizes but does not support the method of a
	 * request, it MUST generate a 405 (Method Not Allowed) response."  RFC3261 21.5.2:
	 * 501 "when the UAS does not recognize the request method".  ua_reply adds the
	 * Allow both carry. */
	if (!method_supported(req->method))
		status = req->method == SIP_METHOD_OTHER ? 501 : 405;
	/* RFC3261 8.2.2.1: "If the Request-URI uses a scheme not supported by the UAS, it
	 * SHOULD reject the request with a 416 (Unsupported URI Scheme) response." */
	else if (req->ruri.scheme != SIP_URI_SIP)
		status = 416;
	/* RFC3261 8.2.2.2: "the UAS core SHOULD generate a 482 (Loop Detected) response" */
	else if ((req->to->tag.len == 0) && merged(ua, tsx, req))
		status = 482;
	/* RFC3261 8.2.2.3: "If a UAS does not understand an option-tag listed in a
	 * Require header field, it MUST respond by generating a response with status code
	 * 420 (Bad Extension).  The UAS MUST add an Unsupported header field" */
	else if (require_unsupported(req, unsupported, sizeof(unsupported))) {
		status = 420;
		id = SIP_HDR_UNSUPPORTED;
		value = unsupported;
	} else
		status = content_check(req, &id, &value);
	if (status == 0)
		return false;
	ua_log(ua, NET_LOG_INFO, "[ua RFC3261 8.2] %.*s refused with %d", (int)req->method_name.len,
	       req->method_name.p, status);
	(void)ua_reply(ua, tsx, req, status, NULL, id, value);
	return true;
}
