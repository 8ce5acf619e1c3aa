/* rtp/tone.h - a sine tone generator, phase-continuous across frames.
 *
 * Test and demo audio: a tone of given frequency and peak amplitude, produced one
 * frame at a time with no click between frames (the phase carries over), so that
 * filling 160 + 160 samples gives exactly what filling 320 would.
 *
 * Leaves out: dual tones (DTMF audio), noise, sweeps.
 */
#ifndef RTP_TONE_H
#define RTP_TONE_H

#include <stddef.h>
#include <stdint.h>

struct rtp_tone {
	double phase;      /* radians, in [0, 2 pi) */
	double step;       /* radians per sample: 2 pi f / rate */
	double amplitude;  /* peak, in sample units (0 .. 32767) */
};

/* 0, or EINVAL unless 0 <= freq_hz < rate / 2, rate > 0 and 0 <= amplitude <= 32767. */
int rtp_tone_init(struct rtp_tone *t, double freq_hz, double amplitude, double rate);

/* Writes n samples (rounded to nearest) and advances the phase. */
void rtp_tone_fill(struct rtp_tone *t, int16_t *out, size_t n);

/* Peak amplitude of a sine at `dbfs` relative to full scale (0 dBFS peak = 32767). */
double rtp_tone_amplitude_from_dbfs(double dbfs);

#endif
