/* tests/rtp/test_signal.c - tone generator and measurements (rtp/tone.h, rtp/measure.h).
 *
 * Proves: the tone is phase-continuous across frames; RMS in dBFS of known signals;
 * the dominant frequency within 0.05 Hz on synthetic tones, with and without noise and
 * G.711 quantisation, from 200 ms and 500 ms of audio; the tone fit recovering
 * amplitude, phase and offset; SNR against a tone matching the noise that was added.
 */
#include "net/rand.h"
#include "rtp/g711.h"
#include "rtp/measure.h"
#include "rtp/tone.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#define PI 3.14159265358979323846

static int16_t buf[8000];

/* Filling 160 then 160 samples gives exactly the 320 of one call: no click. */
static void test_impl_tone_is_phase_continuous_across_frames(void)
{
	struct rtp_tone a, b;
	int16_t one[320], two[320];

	CU_ASSERT_EQUAL(rtp_tone_init(&a, 1004.0, 20000.0, 8000.0), 0);
	CU_ASSERT_EQUAL(rtp_tone_init(&b, 1004.0, 20000.0, 8000.0), 0);
	rtp_tone_fill(&a, one, 320);
	rtp_tone_fill(&b, two, 160);
	rtp_tone_fill(&b, two + 160, 160);
	CU_ASSERT_EQUAL(memcmp(one, two, sizeof(one)), 0);
	/* and it is the sine it claims: sample i = round(20000 sin(2 pi 1004 i / 8000)) */
	CU_ASSERT_EQUAL(one[1], (int16_t)lrint(20000.0 * sin(2 * PI * 1004.0 / 8000.0)));
	CU_ASSERT_EQUAL(one[300], (int16_t)lrint(20000.0 * sin(2 * PI * 1004.0 * 300 / 8000.0)));
}

static void test_impl_tone_rejects_bad_parameters(void)
{
	struct rtp_tone t;

	CU_ASSERT_EQUAL(rtp_tone_init(&t, 4000.0, 1000.0, 8000.0), EINVAL);  /* Nyquist */
	CU_ASSERT_EQUAL(rtp_tone_init(&t, -1.0, 1000.0, 8000.0), EINVAL);
	CU_ASSERT_EQUAL(rtp_tone_init(&t, 440.0, 40000.0, 8000.0), EINVAL);
	CU_ASSERT_EQUAL(rtp_tone_init(&t, 440.0, 1000.0, 0.0), EINVAL);
	CU_ASSERT_DOUBLE_EQUAL(rtp_tone_amplitude_from_dbfs(0.0), 32767.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(rtp_tone_amplitude_from_dbfs(-20.0), 3276.7, 1e-9);
}

/* dBFS here is RMS relative to 32768: a sine of peak 16384 has RMS 16384 / sqrt(2),
 * 20 log10(0.5 / sqrt(2)) = -9.031 dBFS; a +-32767 square wave reads 0 dBFS. */
static void test_impl_measure_rms_in_dbfs_of_known_signals(void)
{
	struct rtp_tone t;

	rtp_tone_init(&t, 1004.0, 16384.0, 8000.0);
	rtp_tone_fill(&t, buf, 8000);
	CU_ASSERT_DOUBLE_EQUAL(rtp_measure_rms_dbfs(buf, 8000), 20 * log10(0.5 / sqrt(2.0)), 0.01);
	for (int i = 0; i < 8000; i++)
		buf[i] = i % 2 ? 32767 : -32767;
	CU_ASSERT_DOUBLE_EQUAL(rtp_measure_rms_dbfs(buf, 8000), 0.0, 0.001);
	memset(buf, 0, sizeof(buf));
	CU_ASSERT(isinf(rtp_measure_rms_dbfs(buf, 8000)) && rtp_measure_rms_dbfs(buf, 8000) < 0);
	CU_ASSERT_EQUAL(rtp_measure_rms(buf, 0), 0.0);
}

/* A uniform draw in (0, 1) from the seeded source, and a Gaussian from two of them. */
static double uniform(struct net_rand *r)
{
	return ((double)(net_rand_u64(r) >> 11) + 0.5) * 0x1p-53;
}

static double gaussian(struct net_rand *r)
{
	return sqrt(-2.0 * log(uniform(r))) * cos(2 * PI * uniform(r));
}

/* Tone of `hz` at `amp`, plus Gaussian noise of standard deviation `sigma`. */
static void noisy_tone(double hz, double amp, double sigma, size_t n, unsigned seed)
{
	struct net_rand r;

	net_rand_seed(&r, seed);
	for (size_t i = 0; i < n; i++)
		buf[i] = (int16_t)lrint(amp * sin(2 * PI * hz * (double)i / 8000.0 + 0.7) +
					sigma * gaussian(&r));
}

/* Better than 1 Hz, as the media test needs: within 0.05 Hz from 200 ms (bins of 5 Hz)
 * and from 500 ms, clean or with noise 30 dB down. */
static void test_impl_measure_dominant_frequency_within_a_twentieth_of_a_hertz(void)
{
	static const double freqs[] = {300.0, 440.0, 1004.0, 1234.56, 2999.9, 3400.0};
	static const size_t lengths[] = {1600, 4000};
	double hz = 0;

	for (size_t f = 0; f < sizeof(freqs) / sizeof(freqs[0]); f++) {
		for (size_t l = 0; l < 2; l++) {
			noisy_tone(freqs[f], 10000.0, 0.0, lengths[l], 1);
			CU_ASSERT_EQUAL(rtp_measure_dominant_hz(buf, lengths[l], 8000.0, &hz), 0);
			CU_ASSERT_DOUBLE_EQUAL(hz, freqs[f], 0.05);
			noisy_tone(freqs[f], 10000.0, 10000.0 / sqrt(2.0) / 31.6, lengths[l], 2);
			CU_ASSERT_EQUAL(rtp_measure_dominant_hz(buf, lengths[l], 8000.0, &hz), 0);
			CU_ASSERT_DOUBLE_EQUAL(hz, freqs[f], 0.05);
		}
	}
	memset(buf, 0, sizeof(buf));
	CU_ASSERT_EQUAL(rtp_measure_dominant_hz(buf, 1600, 8000.0, &hz), EINVAL);
	CU_ASSERT_EQUAL(rtp_measure_dominant_hz(buf, 8, 8000.0, &hz), EINVAL);
}

/* The fit gives back what the tone was made of: x = A cos(w i + phi) + dc. */
static void test_impl_measure_tone_fit_recovers_amplitude_phase_and_offset(void)
{
	struct rtp_tone_fit fit;

	for (int i = 0; i < 4000; i++)
		buf[i] = (int16_t)lrint(12000.0 * cos(2 * PI * 697.0 * i / 8000.0 - 1.1) + 300.0);
	CU_ASSERT_EQUAL(rtp_measure_tone_fit(buf, 4000, 697.0, 8000.0, &fit), 0);
	CU_ASSERT_DOUBLE_EQUAL(fit.amplitude, 12000.0, 0.05);
	CU_ASSERT_DOUBLE_EQUAL(fit.phase, -1.1, 1e-5);
	CU_ASSERT_DOUBLE_EQUAL(fit.dc, 300.0, 0.05);
	/* only the rounding to integers is left: RMS 1/sqrt(12) = 0.29 */
	CU_ASSERT_DOUBLE_EQUAL(fit.residual_rms, 1 / sqrt(12.0), 0.01);
	CU_ASSERT_DOUBLE_EQUAL(fit.snr_db, 20 * log10(12000.0 / sqrt(2.0) * sqrt(12.0)), 0.3);
	CU_ASSERT_EQUAL(rtp_measure_tone_fit(buf, 2, 697.0, 8000.0, &fit), EINVAL);
	CU_ASSERT_EQUAL(rtp_measure_tone_fit(buf, 4000, 0.0, 8000.0, &fit), EINVAL);
}

/* Noise of standard deviation sigma under a tone of amplitude A: SNR = 20 log10(A /
 * sqrt(2) / sigma).  A = 10000, sigma = 100: 36.99 dB. */
static void test_impl_measure_snr_matches_the_noise_added(void)
{
	struct rtp_tone_fit fit;
	double expect = 20 * log10(10000.0 / sqrt(2.0) / 100.0);

	noisy_tone(1004.0, 10000.0, 100.0, 8000, 3);
	CU_ASSERT_EQUAL(rtp_measure_tone_fit(buf, 8000, 1004.0, 8000.0, &fit), 0);
	CU_ASSERT_DOUBLE_EQUAL(fit.snr_db, expect, 0.2);
}

/* And on G.711: a -1 dBFS 1004 Hz tone through encode/decode measures about 38 dB in
 * both laws, the figure the end-to-end media test relies on. */
static void test_impl_measure_snr_of_g711_is_about_38_db(void)
{
	struct rtp_tone t;
	struct rtp_tone_fit fit;
	uint8_t code[8000];

	for (int law = 0; law < 2; law++) {
		rtp_tone_init(&t, 1004.0, rtp_tone_amplitude_from_dbfs(-1.0), 8000.0);
		rtp_tone_fill(&t, buf, 8000);
		rtp_g711_encode_buf(law ? RTP_G711_ALAW : RTP_G711_ULAW, code, buf, 8000);
		rtp_g711_decode_buf(law ? RTP_G711_ALAW : RTP_G711_ULAW, buf, code, 8000);
		CU_ASSERT_EQUAL(rtp_measure_tone_fit(buf, 8000, 1004.0, 8000.0, &fit), 0);
		CU_ASSERT(fit.snr_db > 37.0 && fit.snr_db < 40.0);
	}
}

static const struct th_test tone_tests[] = {
	TH_TEST(test_impl_tone_is_phase_continuous_across_frames),
	TH_TEST(test_impl_tone_rejects_bad_parameters),
	TH_END
};

static const struct th_test measure_tests[] = {
	TH_TEST(test_impl_measure_rms_in_dbfs_of_known_signals),
	TH_TEST(test_impl_measure_dominant_frequency_within_a_twentieth_of_a_hertz),
	TH_TEST(test_impl_measure_tone_fit_recovers_amplitude_phase_and_offset),
	TH_TEST(test_impl_measure_snr_matches_the_noise_added),
	TH_TEST(test_impl_measure_snr_of_g711_is_about_38_db),
	TH_END
};

static const struct th_suite suites[] = {
	{ "Tone generator", tone_tests, NULL, NULL },
	{ "Audio measurement: level, frequency, SNR", measure_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
