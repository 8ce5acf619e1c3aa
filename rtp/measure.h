/* rtp/measure.h - measuring audio: level, dominant frequency, SNR against a tone.
 *
 * What later tests use to prove that audio crossed a call intact:
 *  - level: RMS, and RMS in dBFS relative to a full-scale square wave (32768), so a
 *    full-scale sine reads -3.01 dBFS;
 *  - dominant frequency, with far better than 1 Hz resolution: a Hann-windowed DFT scan
 *    over the bins finds the peak, then a golden-section search on the continuous
 *    spectrum (Goertzel at any frequency) refines it to about 0.01 Hz;
 *  - SNR of a signal against a tone of known frequency: least-squares fit of
 *    a cos + b sin + c, then the power of the fitted tone over the power of the
 *    residual (everything else: quantisation noise, clicks, gaps).
 *
 * Leaves out: FFTs (the O(n^2) scan is fine for the second or so a test measures),
 * several tones at once, THD.
 */
#ifndef RTP_MEASURE_H
#define RTP_MEASURE_H

#include <stddef.h>
#include <stdint.h>

double rtp_measure_rms(const int16_t *x, size_t n);
/* 20 log10(rms / 32768); -INFINITY for silence or n == 0. */
double rtp_measure_rms_dbfs(const int16_t *x, size_t n);

/* The frequency (Hz) carrying the most energy between DC and Nyquist (exclusive).
 * 0, EINVAL (n < 16, rate <= 0, or silence) or ENOMEM. */
int rtp_measure_dominant_hz(const int16_t *x, size_t n, double rate, double *hz);

struct rtp_tone_fit {
	double amplitude;    /* peak of the fitted sine, sample units */
	double phase;        /* radians: x[i] ~ amplitude * cos(w i + phase) + dc */
	double dc;           /* offset, sample units */
	double residual_rms; /* RMS of x - fit */
	double snr_db;       /* 10 log10(power of the fitted tone / residual power) */
};

/* Fits a tone of known frequency to x.  0 or EINVAL (n < 3, rate <= 0, degenerate). */
int rtp_measure_tone_fit(const int16_t *x, size_t n, double freq_hz, double rate,
			 struct rtp_tone_fit *fit);

#endif
