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

const char *sdpt_dash_name(const char *rfc)
{
	static char buf[4096];
	const char *at = strstr(rfc, "\ns=\n");

	if (at == NULL)
		return rfc;
	snprintf(buf, sizeof buf, "%.*s\ns=-\n%s", (int)(at - rfc), rfc, at + 4);
	return buf;
}

void sdpt_caps_new(struct sdp_caps *c, const char *user, uint64_t id, uint64_t version,
		   const char *addr)
{
	memset(c, 0, sizeof *c);
	snprintf(c->username, sizeof c->username, "%s", user);
	snprintf(c->addr, sizeof c->addr, "%s", addr);
	c->sess_id = id;
	c->sess_version = version;
}

struct sdp_stream_caps *sdpt_stream(struct sdp_caps *c, const char *media, uint16_t port,
				    enum sdp_dir dir)
{
	struct sdp_stream_caps *st = NULL;

	CU_ASSERT_EQUAL(sdp_caps_add_stream(c, media, port, &st), 0);
	if (st != NULL)
		st->dir = dir;
	return st;
}

void sdpt_codec(struct sdp_stream_caps *st, uint8_t pt, const char *name, uint32_t rate)
{
	CU_ASSERT_PTR_NOT_NULL(st);
	if (st != NULL)
		CU_ASSERT_EQUAL(sdp_stream_add_codec(st, pt, name, rate, NULL), 0);
}
