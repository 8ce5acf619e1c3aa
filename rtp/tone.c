/* rtp/tone.c - phase-continuous sine generator (see tone.h).
 *
 * Leaves out: anything but one sine.
 */
#include "rtp/tone.h"

#include <errno.h>
#include <math.h>

#define TWO_PI 6.28318530717958647692

int rtp_tone_init(struct rtp_tone *t, double freq_hz, double amplitude, double rate)
{
	if (!(rate > 0) || !(freq_hz >= 0) || freq_hz >= rate / 2 || !(amplitude >= 0) ||
	    amplitude > 32767.0)
		return EINVAL;
	t->phase = 0;
	t->step = TWO_PI * freq_hz / rate;
	t->amplitude = amplitude;
	return 0;
}

void rtp_tone_fill(struct rtp_tone *t, int16_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out[i] = (int16_t)lrint(t->amplitude * sin(t->phase));
		/* Keep the phase small: sin() of a huge argument loses precision. */
		t->phase += t->step;
		if (t->phase >= TWO_PI)
			t->phase -= TWO_PI;
	}
}

double rtp_tone_amplitude_from_dbfs(double dbfs)
{
	return 32767.0 * pow(10.0, dbfs / 20.0);
}
