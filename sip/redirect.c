/* sip/redirect.c - the 3xx of a redirect server (RFC 3261 §8.3): the location
 * service's bindings as Contact values with q and expires.
 *
 * Leaves out: see sip/redirect.h.
 */
#include "sip/redirect.h"

#include <errno.h>
#include <string.h>

/* A binding that repeats the Request-URI (§19.1.4 equality). */
static bool is_request_uri(const struct sip_msg *req, const struct sip_binding *b)
{
	struct sip_uri u;

	return sip_uri_parse(&u, b->uri, strlen(b->uri), NULL) == 0 && sip_uri_equal(&u, &req->ruri);
}

static int add_contact(struct sip_msg *resp, const struct sip_binding *b, uint64_t now_us)
{
	uint32_t left = sip_binding_remaining_s(b, now_us);

	/* RFC3261 8.3: "When a redirect server returns a 3xx response to a request, it
	 * populates the list of (one or more) alternative locations into the Contact
	 * header field.  An "expires" parameter to the Contact header field values may
	 * also be supplied to indicate the lifetime of the Contact data." */
	if (b->q >= 0)
		return sip_msg_hdr_addf(resp, SIP_HDR_CONTACT, "<%s>;q=%d.%03d;expires=%u", b->uri,
					b->q / 1000, b->q % 1000, (unsigned)left);
	return sip_msg_hdr_addf(resp, SIP_HDR_CONTACT, "<%s>;expires=%u", b->uri, (unsigned)left);
}

int sip_redirect_respond(const struct sip_msg *req, const struct sip_binding *bindings,
			 size_t count, uint64_t now_us, const char *to_tag, struct sip_msg **out)
{
	struct sip_msg *resp = NULL;
	size_t listed = 0;
	int rc;

	*out = NULL;
	if (!req->is_request)
		return EINVAL;
	rc = sip_msg_create_response(req, 302, NULL, to_tag, &resp);
	for (size_t i = 0; rc == 0 && i < count; i++) {
		if (bindings[i].expires_us <= now_us || is_request_uri(req, &bindings[i]))
			continue;
		rc = add_contact(resp, &bindings[i], now_us);
		listed += rc == 0;
	}
	if (rc == 0 && listed == 0)
		rc = ENOENT;
	if (rc != 0) {
		sip_msg_destroy(resp);
		return rc;
	}
	*out = resp;
	return 0;
}
