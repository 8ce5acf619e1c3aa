/* tests/sdp/sdp_testlib.h - helpers shared by the sdp/ test binaries.
 *
 * Test inputs are written with LF line ends, as the RFCs print them; sdpt_crlf() turns
 * them into the CRLF form RFC4566 5 prescribes.  Printed output is compared byte for byte
 * with SDPT_ASSERT_PRINTS, which reports the caller's line and shows both texts.
 */
#ifndef TESTS_SDP_TESTLIB_H
#define TESTS_SDP_TESTLIB_H

#include "sdp/sdp.h"

#include <stddef.h>

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

#endif
