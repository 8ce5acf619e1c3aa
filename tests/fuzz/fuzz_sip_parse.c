/* tests/fuzz/fuzz_sip_parse.c - libFuzzer harness for the SIP message layer.
 *
 * `make fuzz` builds it with ASan and UBSan and runs it for FUZZ_SECONDS, starting
 * from the RFC 4475 / RFC 5118 vectors and the benchmark call (fuzz_sip_parse.seeds).
 * Each input goes through:
 *  - sip_msg_parse as a datagram, then sip_msg_validate;
 *  - for a message that parsed: print, parse the output again, and check the model
 *    survived (row count, every row's name and value, body, Via count); a clone;
 *    a few edits a proxy makes (pop the top Via, push one, set a parameter);
 *  - sip_msg_frame as stream bytes, and parsing the frame it finds;
 *  - sip_uri_parse on the raw bytes, and URI equality being reflexive.
 * A broken invariant aborts, which libFuzzer reports like a crash.
 */
#include "sip/msg.h"
#include "sip/uri.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t count_vias(const struct sip_msg *m)
{
	size_t n = 0;

	for (const struct sip_via *v = m->via; v != NULL; v = v->next)
		n++;
	return n;
}

/* The printed message parses to the same rows, body and Via list. */
static void check_roundtrip(const struct sip_msg *m)
{
	char *text;
	size_t len;
	struct sip_msg *again = NULL;

	if (sip_msg_print_alloc(m, &text, &len) != 0)
		return;
	if (sip_msg_parse(text, len, &again, NULL) != 0)
		abort();
	if (again->hdr_count != m->hdr_count || !sip_str_eq(again->body, m->body) ||
	    count_vias(again) != count_vias(m) || again->is_request != m->is_request)
		abort();
	for (size_t i = 0; i < m->hdr_count; i++) {
		if (!sip_str_eq(again->hdrs[i].name, m->hdrs[i].name) ||
		    (m->hdrs[i].id != SIP_HDR_CONTENT_LENGTH &&
		     !sip_str_eq(again->hdrs[i].value, m->hdrs[i].value)))
			abort();
	}
	sip_msg_destroy(again);
	free(text);
}

/* What a proxy does to a message it forwards; each edit either works or leaves the
 * message parseable. */
static void proxy_edits(const struct sip_msg *m)
{
	struct sip_msg *c = NULL;

	if (sip_msg_clone(m, &c) != 0)
		return;
	sip_msg_via_set_param(c, "received", "192.0.2.1");
	sip_msg_via_set_param(c, "rport", "5060");
	sip_msg_via_pop(c);
	sip_msg_via_push(c, "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKfuzz");
	sip_msg_route_pop(c);
	sip_msg_record_route_push(c, "<sip:proxy.example.com;lr>");
	if (c->is_request) {
		sip_msg_set_max_forwards(c, 69);
		sip_msg_set_ruri(c, "sip:bob@192.0.2.4");
	}
	check_roundtrip(c);
	sip_msg_destroy(c);
}

static void stream(const char *data, size_t size)
{
	size_t skip, len;
	struct sip_msg *m = NULL;

	if (sip_msg_frame(data, size, &skip, &len, NULL) != 0)
		return;
	if (skip + len > size)
		abort();
	if (sip_msg_parse(data + skip, len, &m, NULL) == 0)
		sip_msg_destroy(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct sip_msg *m = NULL;
	struct sip_error err;
	struct sip_uri u;

	if (sip_msg_parse(text, size, &m, &err) == 0) {
		sip_msg_validate(m, &err);
		check_roundtrip(m);
		proxy_edits(m);
		sip_msg_destroy(m);
	} else if (err.reason == NULL || err.offset > size) {
		abort();
	}
	stream(text, size);
	if (sip_uri_parse(&u, text, size, NULL) == 0 && !sip_uri_equal(&u, &u))
		abort();
	return 0;
}
