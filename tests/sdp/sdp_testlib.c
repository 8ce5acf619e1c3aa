/* tests/sdp/sdp_testlib.c - helpers shared by the sdp/ test binaries (see sdp_testlib.h). */
#include "tests/sdp/sdp_testlib.h"
#include "tests/support/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF (2 * SDP_TEXT_MAX + 64)

const char *sdpt_crlf(const char *lf)
{
	static char bufs[2][BUF];
	static int turn;
	char *out = bufs[turn];
	size_t n = 0;

	turn ^= 1;
	for (; *lf != '\0' && n + 2 < BUF; lf++) {
		if (*lf == '\n')
			out[n++] = '\r';
		out[n++] = *lf;
	}
	out[n] = '\0';
	return out;
}

const char *sdpt_print(const struct sdp_session *s)
{
	static char buf[BUF];
	size_t len;

	return sdp_print(s, buf, sizeof buf, &len) == 0 ? buf : "";
}

void sdpt_assert_prints(const struct sdp_session *s, const char *expected_lf,
			const char *file, unsigned line)
{
	const char *want = sdpt_crlf(expected_lf);
	const char *got = sdpt_print(s);
	int same = strcmp(want, got) == 0;

	if (!same)
		printf("\n%s:%u: SDP differs.\n--- expected\n%s--- printed\n%s---\n", file, line,
		       want, got);
	CU_assertImplementation(same ? CU_TRUE : CU_FALSE, line,
				"the session prints exactly the expected SDP", file, "", CU_FALSE);
}

const char *sdpt_fixture(const char *name, size_t *len)
{
	static char buf[BUF];
	char path[256];

	snprintf(path, sizeof path, "tests/sdp/fixtures/%s", name);
	char *data = th_read_file(path, len);

	if (data == NULL || *len >= sizeof buf) {
		free(data);
		return NULL;
	}
	memcpy(buf, data, *len + 1);
	free(data);
	return buf;
}
