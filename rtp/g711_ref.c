/* rtp/g711_ref.c - the G.711 reference: segment search, as a student would write it.
 *
 * Implements ITU-T G.711 (11/88) Table 1a (A-law) and Table 2a (μ-law) as code: a
 * sign bit, a 3-bit segment (the position of the leading one, i.e. a rough log2 of the
 * magnitude) and a 4-bit step inside the segment.  Each segment doubles the step size,
 * which is what makes the quantiser logarithmic: quiet sounds get fine steps, loud
 * sounds coarse ones, and the signal-to-noise ratio stays near 38 dB over a wide range.
 *
 * Sources followed, detail by detail:
 *  - ITU-T G.191 (Software Tool Library) g711.c, alaw_compress/ulaw_compress and the
 *    expanders: negative samples use the one's complement (~x), μ-law adds 33 to the
 *    14-bit magnitude and clips it to 0x1FFF, A-law toggles the even bits (^ 0x55).
 *  - Sun Microsystems g711.c (1991): the same computation on 16-bit values, bias 0x84
 *    (= 33 << 2), the seg_end table, μ-law complemented (mask 0xFF / 0x7F), clip at
 *    32635 (= 32767 - 0x84, so the biased value still fits 15 bits).
 *    DEVIATION from Sun: Sun negates negative samples (-x, and -x - 8 for A-law); we
 *    complement them as ITU-T G.191 does.  The two differ on 127 negative μ-law inputs
 *    (exactly -4 at every step boundary) and on 896 negative A-law inputs; the ITU
 *    choice makes the quantiser mirror-symmetric (encode(~x) == encode(x) ^ 0x80).
 *
 * Leaves out: speed.  g711.c has the table fast path that tests prove equal to this.
 */
#include "rtp/g711.h"

/* Largest biased magnitude of each segment, in 16-bit units (Sun g711.c seg_end). */
static const int seg_end[8] = {0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF, 0x3FFF, 0x7FFF};

#define ULAW_BIAS 0x84   /* 132: G.711 Table 2a's offset of 33 in 14-bit units, << 2 */
#define ULAW_CLIP 32635  /* 32767 - ULAW_BIAS: the largest magnitude that stays in segment 7 */
#define ALAW_EVEN_BITS 0x55 /* G.711 §3 (A-law): "even bits" are inverted on the line */

/* The segment of a (biased) magnitude: the first seg_end entry it does not exceed. */
static int segment_of(int magnitude)
{
	int seg = 0;

	while (seg < 7 && magnitude > seg_end[seg])
		seg++;
	return seg;
}

/* ITU-T G.191: a negative 16-bit sample x has magnitude ~x = -x - 1, so -1 pairs with 0
 * (the two zeros of μ-law) and -32768 pairs with 32767: no sample needs clipping by sign. */
static int magnitude_of(int16_t sample)
{
	return sample < 0 ? ~sample : sample;
}

uint8_t rtp_g711_ulaw_encode_ref(int16_t sample)
{
	int magnitude = magnitude_of(sample);

	if (magnitude > ULAW_CLIP)
		magnitude = ULAW_CLIP;
	/* The bias makes segment boundaries powers of two: segment s starts at 128 << s. */
	magnitude += ULAW_BIAS;

	int seg = segment_of(magnitude);
	int step = (magnitude >> (seg + 3)) & 0x0F;  /* 4 bits after the leading one */
	int code = (seg << 4) | step;

	/* G.711 Table 2a: the μ-law character is sent complemented; the sign bit is 1 for
	 * positive samples, so positive codes are ~code and negative ones ~code ^ 0x80. */
	return (uint8_t)(code ^ (sample < 0 ? 0x7F : 0xFF));
}

int16_t rtp_g711_ulaw_decode_ref(uint8_t code)
{
	int c = (uint8_t)~code;
	int seg = (c >> 4) & 0x07;
	/* Middle of the step: (step * 8 + bias + 4) << seg, minus the bias (Sun ulaw2linear). */
	int value = (((c & 0x0F) << 3) + ULAW_BIAS) << seg;

	return (int16_t)((c & 0x80) ? ULAW_BIAS - value : value - ULAW_BIAS);
}

uint8_t rtp_g711_alaw_encode_ref(int16_t sample)
{
	int magnitude = magnitude_of(sample);
	int seg = segment_of(magnitude);
	/* Segments 0 and 1 share the same step size (G.711 Table 1a: 2 units of 4096). */
	int step = seg < 2 ? (magnitude >> 4) & 0x0F : (magnitude >> (seg + 3)) & 0x0F;
	int code = (seg << 4) | step;

	/* Sign bit 1 for positive samples, then the even bits inverted. */
	return (uint8_t)(code ^ (sample < 0 ? ALAW_EVEN_BITS : 0x80 | ALAW_EVEN_BITS));
}

int16_t rtp_g711_alaw_decode_ref(uint8_t code)
{
	int c = code ^ ALAW_EVEN_BITS;
	int seg = (c >> 4) & 0x07;
	int value = ((c & 0x0F) << 4) + 8;  /* middle of the step */

	if (seg > 0)
		value = (value + 0x100) << (seg - 1);  /* restore the leading one, then scale */
	return (int16_t)((c & 0x80) ? value : -value);
}
