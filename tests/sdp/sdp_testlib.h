/* tests/sdp/sdp_testlib.h - helpers shared by the sdp/ test binaries.
 *
 * Test inputs are written with LF line ends, as the RFCs print them; sdpt_crlf() turns
 * them into the CRLF form RFC4566 5 prescribes.  Printed output is compared byte for byte
 * with SDPT_ASSERT_PRINTS, which reports the caller's line and shows both texts.
 */
#ifndef TESTS_SDP_TESTLIB_H
#define TESTS_SDP_TESTLIB_H

#include "sdp/sdp.h"
#include "sdp/sdp_oa.h"

#include <stddef.h>
#include <stdint.h>

/* LF -> CRLF into a static buffer (one of two, used in turn); returns it. */
const char *sdpt_crlf(const char *lf);

/* Prints s into a static buffer; returns it, or "" when printing failed. */
const char *sdpt_print(const struct sdp_session *s);

/* Asserts that s prints exactly `expected_lf` with CRLF line ends. */
void sdpt_assert_prints(const struct sdp_session *s, const char *expected_lf,
			const char *file, unsigned line);
#define SDPT_ASSERT_PRINTS(s, text) sdpt_assert_prints((s), (text), __FILE__, __LINE__)

/* Reads tests/sdp/fixtures/NAME into a static buffer; *len gets its size.  NULL on error. */
const char *sdpt_fixture(const char *name, size_t *len);

/* The RFC 3264 10 text with its empty "s=" written "s=-", as our builder writes it. */
const char *sdpt_dash_name(const char *rfc);

/* Empties *c and sets the o= username, session id and version, and the address. */
void sdpt_caps_new(struct sdp_caps *c, const char *user, uint64_t id, uint64_t version,
		   const char *addr);

/* Appends a stream with direction `dir` (asserts success; NULL on failure). */
struct sdp_stream_caps *sdpt_stream(struct sdp_caps *c, const char *media, uint16_t port,
				    enum sdp_dir dir);

/* Appends a codec without fmtp (asserts success). */
void sdpt_codec(struct sdp_stream_caps *st, uint8_t pt, const char *name, uint32_t rate);

#endif
