/* rtp/measure.c - RMS level, dominant frequency, SNR against a known tone (measure.h).
 *
 * Frequency: the Goertzel recurrence s[i] = x[i] + 2 cos(w) s[i-1] - s[i-2] gives
 * |X(w)|^2 = s1^2 + s2^2 - 2 cos(w) s1 s2 for ANY w, not just the DFT bins, so after
 * finding the strongest bin we can climb the continuous spectrum to the peak.  The Hann
 * window keeps the peak's main lobe clean (two bins either side) so the climb stays on it.
 *
 * Leaves out: FFTs, several tones (see measure.h).
 */
#include "rtp/measure.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#define TWO_PI 6.28318530717958647692
#define GOLDEN 0.61803398874989484820

double rtp_measure_rms(const int16_t *x, size_t n)
{
	double sum = 0;

	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		sum += (double)x[i] * x[i];
	return sqrt(sum / (double)n);
}

double rtp_measure_rms_dbfs(const int16_t *x, size_t n)
{
	double rms = rtp_measure_rms(x, n);

	return rms > 0 ? 20.0 * log10(rms / 32768.0) : -INFINITY;
}

/* |X(w)|^2 of the windowed signal at w radians/sample (Goertzel). */
static double power_at(const double *xw, size_t n, double w)
{
	double c = 2.0 * cos(w), s1 = 0, s2 = 0;

	for (size_t i = 0; i < n; i++) {
		double s0 = xw[i] + c * s1 - s2;

		s2 = s1;
		s1 = s0;
	}
	return s1 * s1 + s2 * s2 - c * s1 * s2;
}

/* Golden-section search for the maximum of the power between bins lo and hi. */
static double refine(const double *xw, size_t n, double lo, double hi)
{
	double scale = TWO_PI / (double)n;
	double a = lo, b = hi;
	double c = b - GOLDEN * (b - a), d = a + GOLDEN * (b - a);
	double pc = power_at(xw, n, c * scale), pd = power_at(xw, n, d * scale);

	for (int i = 0; i < 60; i++) {  /* 0.618^60 of two bins: far below 0.001 Hz */
		if (pc > pd) {
			b = d;
			d = c;
			pd = pc;
			c = b - GOLDEN * (b - a);
			pc = power_at(xw, n, c * scale);
		} else {
			a = c;
			c = d;
			pc = pd;
			d = a + GOLDEN * (b - a);
			pd = power_at(xw, n, d * scale);
		}
	}
	return (a + b) / 2;
}

int rtp_measure_dominant_hz(const int16_t *x, size_t n, double rate, double *hz)
{
	if (n < 16 || !(rate > 0))
		return EINVAL;
	double *xw = malloc(n * sizeof(double));

	if (xw == NULL)
		return ENOMEM;
	for (size_t i = 0; i < n; i++)  /* Hann window */
		xw[i] = x[i] * (0.5 - 0.5 * cos(TWO_PI * (double)i / (double)(n - 1)));
	size_t best = 0;
	double best_power = 0;

	for (size_t k = 1; k < n / 2; k++) {
		double p = power_at(xw, n, TWO_PI * (double)k / (double)n);

		if (p > best_power) {
			best_power = p;
			best = k;
		}
	}
	if (best == 0) {
		free(xw);
		return EINVAL;  /* silence */
	}
	double lo = best > 1 ? (double)best - 1 : 0.5;
	double hi = (double)best + 1 < (double)n / 2 ? (double)best + 1 : (double)n / 2 - 0.5;

	*hz = refine(xw, n, lo, hi) * rate / (double)n;
	free(xw);
	return 0;
}

/* Solves the 3x3 system m * v = r by Cramer's rule; false if singular. */
static bool solve3(double m[3][3], const double r[3], double v[3])
{
	double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
		     m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
		     m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
	double scale = m[0][0] * m[1][1] * m[2][2];

	if (!(fabs(det) > 1e-9 * fabs(scale)) || det == 0)
		return false;
	for (int col = 0; col < 3; col++) {
		double t[3][3];

		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++)
				t[i][j] = j == col ? r[i] : m[i][j];
		v[col] = (t[0][0] * (t[1][1] * t[2][2] - t[1][2] * t[2][1]) -
			  t[0][1] * (t[1][0] * t[2][2] - t[1][2] * t[2][0]) +
			  t[0][2] * (t[1][0] * t[2][1] - t[1][1] * t[2][0])) / det;
	}
	return true;
}

int rtp_measure_tone_fit(const int16_t *x, size_t n, double freq_hz, double rate,
			 struct rtp_tone_fit *fit)
{
	double m[3][3] = {{0}}, r[3] = {0}, v[3];
	double w = TWO_PI * freq_hz / rate;

	if (n < 3 || !(rate > 0))
		return EINVAL;
	/* Normal equations of least squares for x ~ a cos(wi) + b sin(wi) + c. */
	for (size_t i = 0; i < n; i++) {
		const double basis[3] = { cos(w * (double)i), sin(w * (double)i), 1.0 };

		for (int j = 0; j < 3; j++) {
			for (int k = 0; k < 3; k++)
				m[j][k] += basis[j] * basis[k];
			r[j] += basis[j] * x[i];
		}
	}
	if (!solve3(m, r, v))
		return EINVAL;
	double sig = 0, res = 0;

	for (size_t i = 0; i < n; i++) {
		double tone = v[0] * cos(w * (double)i) + v[1] * sin(w * (double)i);
		double e = x[i] - tone - v[2];

		sig += tone * tone;
		res += e * e;
	}
	fit->amplitude = hypot(v[0], v[1]);
	fit->phase = atan2(-v[1], v[0]);
	fit->dc = v[2];
	fit->residual_rms = sqrt(res / (double)n);
	fit->snr_db = res > 0 ? 10.0 * log10(sig / res) : INFINITY;
	return 0;
}
