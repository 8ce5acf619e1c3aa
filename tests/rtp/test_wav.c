/* tests/rtp/test_wav.c - WAV files (rtp/wav.h).
 *
 * Proves: the canonical 44-octet header field by field; memory and file round-trips;
 * refusal of every other format with a message naming what was found; tolerance of
 * extra chunks and odd chunk padding; malformed files rejected without reading past the
 * end (guard page).
 */
#include "rtp/wav.h"
#include "tests/support/guard.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static int16_t samples[1000];

static size_t make_wav(uint8_t *buf, size_t cap)
{
	size_t len = 0;

	for (int i = 0; i < 1000; i++)
		samples[i] = (int16_t)(i * 65 - 32500);
	CU_ASSERT_EQUAL(rtp_wav_write(samples, 1000, buf, cap, &len), 0);
	return len;
}

static int parse_guarded(const uint8_t *buf, size_t len, int16_t **s, size_t *n, char *why)
{
	struct th_guard g;
	int rc;

	if (th_guard_init(&g, buf, len) != 0)
		return -1;
	rc = rtp_wav_parse((const uint8_t *)g.data, len, s, n, why, 200);
	th_guard_fini(&g);
	return rc;
}

static void test_impl_wav_header_fields_and_round_trip(void)
{
	uint8_t buf[2100];
	size_t len = make_wav(buf, sizeof(buf)), n = 0;
	int16_t *back = NULL;

	CU_ASSERT_EQUAL(len, 44 + 2000);
	CU_ASSERT_EQUAL(memcmp(buf, "RIFF", 4), 0);
	CU_ASSERT_EQUAL(le32(buf + 4), 36 + 2000);
	CU_ASSERT_EQUAL(memcmp(buf + 8, "WAVEfmt ", 8), 0);
	CU_ASSERT_EQUAL(le32(buf + 16), 16);
	CU_ASSERT_EQUAL(buf[20], 1);               /* PCM */
	CU_ASSERT_EQUAL(buf[22], 1);               /* mono */
	CU_ASSERT_EQUAL(le32(buf + 24), 8000);
	CU_ASSERT_EQUAL(le32(buf + 28), 16000);    /* byte rate */
	CU_ASSERT_EQUAL(buf[32], 2);               /* block align */
	CU_ASSERT_EQUAL(buf[34], 16);
	CU_ASSERT_EQUAL(memcmp(buf + 36, "data", 4), 0);
	CU_ASSERT_EQUAL(le32(buf + 40), 2000);
	CU_ASSERT_EQUAL(buf[44], (uint8_t)samples[0]);        /* little-endian */
	CU_ASSERT_EQUAL(buf[45], (uint8_t)(samples[0] >> 8));
	CU_ASSERT_EQUAL(parse_guarded(buf, len, &back, &n, NULL), 0);
	CU_ASSERT_EQUAL(n, 1000);
	if (back != NULL)
		CU_ASSERT_EQUAL(memcmp(back, samples, sizeof(samples)), 0);
	free(back);
	CU_ASSERT_EQUAL(rtp_wav_write(samples, 1000, buf, len - 1, &len), ENOBUFS);
}

static void test_impl_wav_file_round_trip(void)
{
	char path[] = "/tmp/siplab_wav_XXXXXX";
	int fd = mkstemp(path);
	int16_t *back = NULL;
	size_t n = 0;
	char why[200] = "";

	CU_ASSERT_TRUE_FATAL(fd >= 0);
	close(fd);
	make_wav((uint8_t[2100]){0}, 2100);
	CU_ASSERT_EQUAL(rtp_wav_write_file(path, samples, 1000), 0);
	CU_ASSERT_EQUAL(rtp_wav_read_file(path, &back, &n, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(n, 1000);
	if (back != NULL)
		CU_ASSERT_EQUAL(memcmp(back, samples, sizeof(samples)), 0);
	free(back);
	unlink(path);
	CU_ASSERT_EQUAL(rtp_wav_read_file(path, &back, &n, why, sizeof(why)), ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, path));
	CU_ASSERT_EQUAL(rtp_wav_write_file("/nonexistent-dir/x.wav", samples, 10), ENOENT);
}

/* Rewrites the fmt chunk of a valid image. */
static void set_fmt(uint8_t *buf, uint16_t tag, uint16_t channels, uint32_t rate, uint16_t bits)
{
	put16(buf + 20, tag);
	put16(buf + 22, channels);
	put32(buf + 24, rate);
	put16(buf + 32, (uint16_t)(channels * bits / 8));
	put16(buf + 34, bits);
}

/* Refusals name what was found, so a student knows what to convert. */
static void test_impl_wav_other_formats_refused_with_what_was_found(void)
{
	uint8_t buf[2100];
	size_t len = make_wav(buf, sizeof(buf)), n;
	int16_t *s;
	char why[200];

	set_fmt(buf, 1, 2, 44100, 16);
	CU_ASSERT_EQUAL(parse_guarded(buf, len, &s, &n, why), ENOTSUP);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "44100 Hz, 2 channels, 16-bit PCM"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "needs 8000 Hz, 1 channel, 16-bit PCM"));
	set_fmt(buf, 1, 1, 8000, 8);
	CU_ASSERT_EQUAL(parse_guarded(buf, len, &s, &n, why), ENOTSUP);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "8-bit"));
	set_fmt(buf, 3, 1, 8000, 32);
	CU_ASSERT_EQUAL(parse_guarded(buf, len, &s, &n, why), ENOTSUP);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "IEEE float"));
	set_fmt(buf, 7, 1, 8000, 8);
	CU_ASSERT_EQUAL(parse_guarded(buf, len, &s, &n, why), ENOTSUP);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "mu-law"));
	set_fmt(buf, 1, 1, 16000, 16);
	CU_ASSERT_EQUAL(parse_guarded(buf, len, &s, &n, why), ENOTSUP);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "16000 Hz"));
	CU_ASSERT_PTR_NULL(s);
}

/* WAVE_FORMAT_EXTENSIBLE (0xFFFE) with a PCM sub-format is plain PCM; a LIST chunk and
 * an odd-sized chunk (padded to even) before the data are skipped. */
static void test_impl_wav_extensible_and_extra_chunks_accepted(void)
{
	uint8_t buf[3000] = {0};
	size_t off = 0, n = 0;
	int16_t *s = NULL;
	char why[200] = "";

	memcpy(buf, "RIFF\0\0\0\0WAVE", 12);
	memcpy(buf + 12, "fmt ", 4);
	put32(buf + 16, 40);
	put16(buf + 20, 0xFFFE);
	put16(buf + 22, 1);
	put32(buf + 24, 8000);
	put32(buf + 28, 16000);
	put16(buf + 32, 2);
	put16(buf + 34, 16);
	put16(buf + 36, 22);        /* cbSize */
	put16(buf + 44, 1);         /* SubFormat GUID starts with 0x0001: PCM */
	off = 12 + 8 + 40;
	memcpy(buf + off, "LIST", 4);
	put32(buf + off + 4, 5);    /* odd: one pad octet follows */
	off += 8 + 5 + 1;
	memcpy(buf + off, "data", 4);
	put32(buf + off + 4, 4);
	put16(buf + off + 8, 0x1234);
	put16(buf + off + 10, 0xFFFF);
	off += 12;
	CU_ASSERT_EQUAL(parse_guarded(buf, off, &s, &n, why), 0);
	CU_ASSERT_EQUAL(n, 2);
	if (s != NULL && n == 2)
		CU_ASSERT(s[0] == 0x1234 && s[1] == -1);
	free(s);
	put16(buf + 44, 3);         /* extensible float */
	CU_ASSERT_EQUAL(parse_guarded(buf, off, &s, &n, why), ENOTSUP);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "IEEE float"));
}

static void test_impl_wav_malformed_files_rejected(void)
{
	uint8_t buf[2100];
	size_t len = make_wav(buf, sizeof(buf)), n;
	int16_t *s = NULL;
	char why[200];

	for (size_t cut = 0; cut < 44; cut++)  /* every truncated header */
		CU_ASSERT_EQUAL(parse_guarded(buf, cut, &s, &n, why), EBADMSG);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "WAV"));
	/* DEVIATION: a data chunk claiming more than the file holds is cut, not refused. */
	put32(buf + 40, 0xFFFFFFFF);
	CU_ASSERT_EQUAL(parse_guarded(buf, len - 1, &s, &n, why), 0);
	CU_ASSERT_EQUAL(n, 999);
	free(s);
	memcpy(buf + 36, "junk", 4);  /* no data chunk at all */
	put32(buf + 40, 2000);
	CU_ASSERT_EQUAL(parse_guarded(buf, len, &s, &n, why), EBADMSG);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "no \"data\""));
	memcpy(buf + 12, "data", 4);  /* data before fmt */
	CU_ASSERT_EQUAL(parse_guarded(buf, len, &s, &n, why), EBADMSG);
	memcpy(buf, "RIFX", 4);
	CU_ASSERT_EQUAL(parse_guarded(buf, len, &s, &n, why), EBADMSG);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "not a WAV"));
}

static const struct th_test wav_tests[] = {
	TH_TEST(test_impl_wav_header_fields_and_round_trip),
	TH_TEST(test_impl_wav_file_round_trip),
	TH_TEST(test_impl_wav_other_formats_refused_with_what_was_found),
	TH_TEST(test_impl_wav_extensible_and_extra_chunks_accepted),
	TH_TEST(test_impl_wav_malformed_files_rejected),
	TH_END
};

static const struct th_suite suites[] = {
	{ "WAV files: 16-bit PCM mono 8000 Hz", wav_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
