/* tests/rtp/test_g711.c - G.711 μ-law and A-law (rtp/g711.h).
 *
 * Proves: the table fast path equals the segment-search reference on all 65,536 inputs
 * and all 256 codes; decode -> encode returns every code (μ-law: all but the negative
 * zero 0x7F, which honestly comes back as 0xFF); the committed tables are exactly the
 * generator's output; known values of G.711 Tables 1a/2a; the quantiser's symmetry,
 * clipping, and its signal-to-noise ratio on a loud tone.
 *
 * G.711 itself is not in shared/rfc; the table values below are G.711 (11/88) Table 1a
 * (A-law, normalised to 4096) and Table 2a (μ-law, normalised to 8159), scaled to
 * 16-bit samples: x8 for A-law, x4 for μ-law, as ITU-T G.191's g711.c does.
 */
#define GEN_G711_NO_MAIN
#include "tests/tools/gen_g711_tables.c"

#include "rtp/g711.h"
#include "tests/support/harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Counts the inputs on which two encoders disagree (one assert per sweep, not 65,536). */
static unsigned count_encode_mismatches(uint8_t (*a)(int16_t), uint8_t (*b)(int16_t))
{
	unsigned bad = 0;

	for (int x = INT16_MIN; x <= INT16_MAX; x++)
		bad += a((int16_t)x) != b((int16_t)x);
	return bad;
}

/* The fast path is a table; the reference is the segment search.  Equal everywhere. */
static void test_g711_ulaw_fast_encode_equals_reference_for_all_65536_inputs(void)
{
	CU_ASSERT_EQUAL(count_encode_mismatches(rtp_g711_ulaw_encode, rtp_g711_ulaw_encode_ref), 0);
}

static void test_g711_alaw_fast_encode_equals_reference_for_all_65536_inputs(void)
{
	CU_ASSERT_EQUAL(count_encode_mismatches(rtp_g711_alaw_encode, rtp_g711_alaw_encode_ref), 0);
}

static void test_g711_fast_decode_equals_reference_for_all_256_codes(void)
{
	unsigned bad = 0;

	for (int c = 0; c < 256; c++) {
		bad += rtp_g711_ulaw_decode((uint8_t)c) != rtp_g711_ulaw_decode_ref((uint8_t)c);
		bad += rtp_g711_alaw_decode((uint8_t)c) != rtp_g711_alaw_decode_ref((uint8_t)c);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* The buffer loops a codec calls are the same mapping as the one-sample functions. */
static void test_g711_buffer_functions_equal_reference_for_all_inputs(void)
{
	int16_t *in = malloc(65536 * sizeof(*in));
	uint8_t *u = malloc(65536), *a = malloc(65536);
	int16_t back_u[256], back_a[256];
	uint8_t codes[256];
	unsigned bad = 0;

	CU_ASSERT(in != NULL && u != NULL && a != NULL);
	if (in == NULL || u == NULL || a == NULL)
		goto out;
	for (int i = 0; i < 65536; i++)
		in[i] = (int16_t)(i - 32768);
	rtp_g711_encode_buf(RTP_G711_ULAW, u, in, 65536);
	rtp_g711_encode_buf(RTP_G711_ALAW, a, in, 65536);
	for (int i = 0; i < 65536; i++)
		bad += u[i] != rtp_g711_ulaw_encode_ref(in[i]) || a[i] != rtp_g711_alaw_encode_ref(in[i]);
	for (int c = 0; c < 256; c++)
		codes[c] = (uint8_t)c;
	rtp_g711_decode_buf(RTP_G711_ULAW, back_u, codes, 256);
	rtp_g711_decode_buf(RTP_G711_ALAW, back_a, codes, 256);
	for (int c = 0; c < 256; c++)
		bad += back_u[c] != rtp_g711_ulaw_decode_ref((uint8_t)c) ||
		       back_a[c] != rtp_g711_alaw_decode_ref((uint8_t)c);
	CU_ASSERT_EQUAL(bad, 0);
out:
	free(in);
	free(u);
	free(a);
}

/* μ-law has two zero codes: 0xFF (+0) and 0x7F (-0).  Encoding 0 gives 0xFF, so
 * decode -> encode is the identity on 255 codes and maps 0x7F to 0xFF. */
static void test_g711_ulaw_decode_encode_returns_every_code_but_negative_zero(void)
{
	unsigned identity = 0;

	for (int c = 0; c < 256; c++) {
		int16_t v = rtp_g711_ulaw_decode((uint8_t)c);

		CU_ASSERT_EQUAL(rtp_g711_ulaw_encode_ref(v), rtp_g711_ulaw_encode(v));
		if (rtp_g711_ulaw_encode(v) == c)
			identity++;
		else
			CU_ASSERT_EQUAL(c, 0x7F);  /* the one exception, and only it */
	}
	CU_ASSERT_EQUAL(identity, 255);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_decode(0x7F), 0);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode(0), 0xFF);
}

/* A-law has no zero code: every one of the 256 codes survives decode -> encode. */
static void test_g711_alaw_decode_encode_returns_all_256_codes(void)
{
	unsigned identity = 0;

	for (int c = 0; c < 256; c++)
		identity += rtp_g711_alaw_encode(rtp_g711_alaw_decode((uint8_t)c)) == c;
	CU_ASSERT_EQUAL(identity, 256);
}

/* Exactly two μ-law codes decode to 0; the negative zero is what -1 .. -4 encode to. */
static void test_g711_ulaw_has_two_zeros(void)
{
	unsigned zeros = 0;

	for (int c = 0; c < 256; c++)
		zeros += rtp_g711_ulaw_decode((uint8_t)c) == 0;
	CU_ASSERT_EQUAL(zeros, 2);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_decode(0xFF), 0);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_decode(0x7F), 0);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode(3), 0xFF);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode(-1), 0x7F);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode(-4), 0x7F);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode(-5), 0x7E);
}

/* G.711 Table 2a (μ-law), x4: decoder outputs 0, 2, 33, 8031 and decision values 1, 31,
 * 95, 8159; the character 1000 0000 is the largest positive value. */
static void test_g711_ulaw_known_values_of_table_2a(void)
{
	CU_ASSERT_EQUAL(rtp_g711_ulaw_decode(0xFE), 2 * 4);     /* first step of segment 1 */
	CU_ASSERT_EQUAL(rtp_g711_ulaw_decode(0xF0), 30 * 4);    /* last step of segment 1 */
	CU_ASSERT_EQUAL(rtp_g711_ulaw_decode(0xEF), 33 * 4);    /* first of segment 2 */
	CU_ASSERT_EQUAL(rtp_g711_ulaw_decode(0xDF), 99 * 4);    /* first of segment 3 */
	CU_ASSERT_EQUAL(rtp_g711_ulaw_decode(0x80), 8031 * 4);  /* largest positive */
	CU_ASSERT_EQUAL(rtp_g711_ulaw_decode(0x00), -8031 * 4); /* largest negative */
	/* Decision values: the first sample of each new code. */
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode(1 * 4 - 1), 0xFF);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode(1 * 4), 0xFE);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode(31 * 4 - 1), 0xF0);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode(31 * 4), 0xEF);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode(95 * 4 - 1), 0xE0);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode(95 * 4), 0xDF);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode(7903 * 4 - 1), 0x81);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode(7903 * 4), 0x80);
}

/* G.711 Table 1a (A-law), x8: decoder outputs 1, 33, 4032; decision values 2, 32, 64;
 * characters are sent with the even bits inverted (1000 0000 -> 0xD5 on the line). */
static void test_g711_alaw_known_values_of_table_1a(void)
{
	CU_ASSERT_EQUAL(rtp_g711_alaw_decode(0x80 ^ 0x55), 1 * 8);
	CU_ASSERT_EQUAL(rtp_g711_alaw_decode(0x00 ^ 0x55), -1 * 8);
	CU_ASSERT_EQUAL(rtp_g711_alaw_decode(0x90 ^ 0x55), 33 * 8);   /* segment 2 starts */
	CU_ASSERT_EQUAL(rtp_g711_alaw_decode(0xFF ^ 0x55), 4032 * 8); /* largest positive */
	CU_ASSERT_EQUAL(rtp_g711_alaw_decode(0x7F ^ 0x55), -4032 * 8);
	CU_ASSERT_EQUAL(rtp_g711_alaw_encode(2 * 8 - 1), 0x80 ^ 0x55);
	CU_ASSERT_EQUAL(rtp_g711_alaw_encode(2 * 8), 0x81 ^ 0x55);
	CU_ASSERT_EQUAL(rtp_g711_alaw_encode(32 * 8 - 1), 0x8F ^ 0x55);
	CU_ASSERT_EQUAL(rtp_g711_alaw_encode(32 * 8), 0x90 ^ 0x55);   /* same step size */
	CU_ASSERT_EQUAL(rtp_g711_alaw_encode(64 * 8), 0xA0 ^ 0x55);   /* step doubles */
	CU_ASSERT_EQUAL(rtp_g711_alaw_encode(INT16_MAX), 0xFF ^ 0x55);
	CU_ASSERT_EQUAL(rtp_g711_alaw_encode(INT16_MIN), 0x7F ^ 0x55);
}

/* μ-law clips magnitudes above 32635 (= 32767 - bias 132) into the largest code. */
static void test_g711_ulaw_clips_above_32635(void)
{
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode_ref(32635), 0x80);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode_ref(32636), 0x80);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode_ref(INT16_MAX), 0x80);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode_ref(INT16_MIN), 0x00);
	CU_ASSERT_EQUAL(rtp_g711_ulaw_encode_ref(-32636), 0x00);
}

/* ITU-T G.191 takes the one's complement of negative samples, so each code's mirror
 * (sign bit flipped) covers exactly the mirrored inputs: encode(~x) == encode(x) ^ 0x80. */
static void test_g711_quantiser_is_mirror_symmetric(void)
{
	unsigned bad = 0;

	for (int x = 0; x <= INT16_MAX; x++) {
		int16_t neg = (int16_t)~x;

		bad += rtp_g711_ulaw_encode_ref(neg) != (rtp_g711_ulaw_encode_ref((int16_t)x) ^ 0x80);
		bad += rtp_g711_alaw_encode_ref(neg) != (rtp_g711_alaw_encode_ref((int16_t)x) ^ 0x80);
	}
	for (int c = 0; c < 256; c++) {
		bad += rtp_g711_ulaw_decode_ref((uint8_t)(c ^ 0x80)) != -rtp_g711_ulaw_decode_ref((uint8_t)c);
		bad += rtp_g711_alaw_decode_ref((uint8_t)(c ^ 0x80)) != -rtp_g711_alaw_decode_ref((uint8_t)c);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* Sun's g711.c linear2ulaw, transcribed: it negates negative samples instead. */
static uint8_t sun_linear2ulaw(int16_t sample)
{
	static const int seg_end[8] = {0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF, 0x3FFF, 0x7FFF};
	int pcm = sample, mask, seg = 0;

	if (pcm < 0) {
		pcm = 0x84 - pcm;
		mask = 0x7F;
	} else {
		pcm += 0x84;
		mask = 0xFF;
	}
	while (seg < 8 && pcm > seg_end[seg])
		seg++;
	if (seg >= 8)
		return (uint8_t)(0x7F ^ mask);
	return (uint8_t)(((seg << 4) | ((pcm >> (seg + 3)) & 0xF)) ^ mask);
}

/* The documented DEVIATION from Sun's code, pinned: identical on every non-negative
 * input; on negative ones only the 127 step boundaries (multiples of 4) differ by one
 * step, because -x and ~x = -x - 1 fall on either side of a decision value. */
static void test_g711_ulaw_differs_from_sun_negation_only_at_negative_boundaries(void)
{
	unsigned differ = 0, off_boundary = 0, positive = 0;

	for (int x = INT16_MIN; x <= INT16_MAX; x++) {
		uint8_t ours = rtp_g711_ulaw_encode_ref((int16_t)x), sun = sun_linear2ulaw((int16_t)x);

		if (ours == sun)
			continue;
		differ++;
		positive += x >= 0;
		off_boundary += x % 4 != 0 || sun != ours - 1;
	}
	CU_ASSERT_EQUAL(differ, 127);
	CU_ASSERT_EQUAL(positive, 0);
	CU_ASSERT_EQUAL(off_boundary, 0);
}

/* The committed rtp/g711_tables.c is byte for byte what the generator computes from
 * the reference today: nobody edited a table by hand, nobody changed the reference
 * without regenerating. */
static void test_g711_tables_are_regenerated_from_reference(void)
{
	char *gen = NULL;
	size_t gen_len = 0, file_len = 0;
	FILE *f = open_memstream(&gen, &gen_len);
	char *committed = th_read_file("rtp/g711_tables.c", &file_len);

	CU_ASSERT_PTR_NOT_NULL(f);
	CU_ASSERT_PTR_NOT_NULL(committed);
	if (f != NULL) {
		gen_g711_write(f);
		fclose(f);
	}
	CU_ASSERT_EQUAL(gen_len, file_len);
	if (gen != NULL && committed != NULL && gen_len == file_len)
		CU_ASSERT_EQUAL(memcmp(gen, committed, gen_len), 0);
	free(gen);
	free(committed);
}

/* Quantisation noise of a loud tone (-1 dBFS) stays about 38 dB below the tone.  The
 * tone is 1004 Hz, the telephony test frequency: 1000 Hz would hit only 8 phases at
 * 8 kHz and measure the error of 8 samples rather than the quantiser's noise. */
static void test_g711_loud_tone_snr_is_about_38_db(void)
{
	const double pi = 3.14159265358979323846;
	double sig[2] = {0, 0}, noise[2] = {0, 0};

	for (int i = 0; i < 8000; i++) {
		double v = 0.89 * 32767.0 * sin(2 * pi * 1004.0 * i / 8000.0 + 0.3);
		int16_t x = (int16_t)lrint(v);

		double du = rtp_g711_ulaw_decode(rtp_g711_ulaw_encode(x)) - (double)x;
		double da = rtp_g711_alaw_decode(rtp_g711_alaw_encode(x)) - (double)x;
		sig[0] += (double)x * x;
		sig[1] += (double)x * x;
		noise[0] += du * du;
		noise[1] += da * da;
	}
	for (int law = 0; law < 2; law++) {
		double snr = 10.0 * log10(sig[law] / noise[law]);

		CU_ASSERT(snr > 37.0 && snr < 40.0);
	}
}

static const struct th_test g711_tests[] = {
	TH_TEST(test_g711_ulaw_fast_encode_equals_reference_for_all_65536_inputs),
	TH_TEST(test_g711_alaw_fast_encode_equals_reference_for_all_65536_inputs),
	TH_TEST(test_g711_fast_decode_equals_reference_for_all_256_codes),
	TH_TEST(test_g711_buffer_functions_equal_reference_for_all_inputs),
	TH_TEST(test_g711_ulaw_decode_encode_returns_every_code_but_negative_zero),
	TH_TEST(test_g711_alaw_decode_encode_returns_all_256_codes),
	TH_TEST(test_g711_ulaw_has_two_zeros),
	TH_TEST(test_g711_ulaw_known_values_of_table_2a),
	TH_TEST(test_g711_alaw_known_values_of_table_1a),
	TH_TEST(test_g711_ulaw_clips_above_32635),
	TH_TEST(test_g711_quantiser_is_mirror_symmetric),
	TH_TEST(test_g711_ulaw_differs_from_sun_negation_only_at_negative_boundaries),
	TH_TEST(test_g711_tables_are_regenerated_from_reference),
	TH_TEST(test_g711_loud_tone_snr_is_about_38_db),
	TH_END
};

static const struct th_suite suites[] = {
	{ "ITU-T G.711 mu-law and A-law", g711_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
