/* tests/fuzz/fuzz_sdp_parse.c - libFuzzer harness for sdp/ (`make fuzz`).
 *
 * Each input is parsed as SDP.  When it parses, the invariants are checked (abort() makes
 * libFuzzer report the input):
 *  - it prints, the print parses again, and the two sessions are equal (RFC4566 5: one
 *    canonical form); a copy is equal too;
 *  - answered from a default phone's capabilities (RFC3264 6), the answer prints and
 *    parses, and our own offerer-side check (RFC3264 7) accepts it;
 *  - hold and resume (RFC3264 8.4) of that answer print and parse.
 * Whether or not it parses as an offer, it is also applied as an answer to a fixed offer,
 * which must simply not crash.
 */
#include "sdp/sdp.h"
#include "sdp/sdp_oa.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sdp_session in, again, answer, held, fixed_offer;
static struct sdp_caps caps;
static char text[3 * SDP_TEXT_MAX];

/* Prints s and parses the print; the result must equal s. */
static void reparse_equal(const struct sdp_session *s)
{
	struct sdp_error err;
	size_t len;

	if (sdp_print(s, text, sizeof text, &len) != 0)
		abort();
	int rc = sdp_parse(&again, text, len, &err);

	if (rc == ENOBUFS && len >= SDP_TEXT_MAX)
		return;  /* LF input grew by its CRs past the pool */
	if (rc != 0 || !sdp_session_equal(s, &again))
		abort();
}

static void check_offer_answer(void)
{
	struct sdp_negotiated neg, neg2;
	struct sdp_error err;

	if (sdp_oa_answer(&answer, &in, &caps, NULL, &neg, &err) != 0)
		return;
	reparse_equal(&answer);
	if (sdp_oa_apply_answer(&neg2, &in, &answer, &err) != 0)
		abort();
	if (neg.media_index != neg2.media_index)
		abort();
	if (sdp_oa_hold(&held, &answer) == 0)
		reparse_equal(&held);
	if (sdp_oa_resume(&held, &answer) == 0)
		reparse_equal(&held);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sdp_negotiated neg;
	struct sdp_error err;

	if (caps.n_stream == 0) {
		sdp_caps_init(&caps, "192.0.2.20", 50000, 2000);
		sdp_oa_offer(&fixed_offer, &caps, NULL);
	}
	if (sdp_parse(&in, (const char *)data, size, &err) == 0) {
		reparse_equal(&in);
		sdp_session_copy(&held, &in);
		if (!sdp_session_equal(&held, &in))
			abort();
		check_offer_answer();
		if (sdp_parse(&in, (const char *)data, size, &err) != 0)
			abort();
		sdp_oa_apply_answer(&neg, &fixed_offer, &in, &err);
	}
	return 0;
}
