/* rtp/g711.c - the G.711 fast path: one table look-up per sample.
 *
 * Implements the same mapping as the reference in g711_ref.c (ITU-T G.711 / G.191),
 * through the static const tables of g711_tables.c.  A table look-up costs about six
 * instructions per sample (load sample, shift, load code, store, loop); the segment
 * search costs about fifty (callgrind: 7 and 6 per sample for encode and decode, 59 and
 * 20 for the reference).  tests/rtp/test_g711.c proves both equal on all 65,536
 * inputs and all 256 codes, and the benchmark (tests/bench/bench_g711.c) counts the
 * instructions.
 *
 * Leaves out: SIMD.  A table is already far below anything a profile would show.
 */
#include "rtp/g711.h"
#include "rtp/g711_internal.h"

/* The sample's bits as an unsigned 32-bit index: negative samples land in the upper
 * half of the table.  (Going through uint32_t lets gcc emit one 32-bit shift; a plain
 * uint16_t shift costs an extra mask instruction per sample.) */
static inline uint32_t table_index(int16_t sample, unsigned shift)
{
	uint32_t bits = (uint16_t)sample;

	return bits >> shift;
}

uint8_t rtp_g711_ulaw_encode(int16_t sample)
{
	return rtp_g711_ulaw_enc_table[table_index(sample, RTP_G711_ULAW_ENC_SHIFT)];
}

int16_t rtp_g711_ulaw_decode(uint8_t code)
{
	return rtp_g711_ulaw_dec_table[code];
}

uint8_t rtp_g711_alaw_encode(int16_t sample)
{
	return rtp_g711_alaw_enc_table[table_index(sample, RTP_G711_ALAW_ENC_SHIFT)];
}

int16_t rtp_g711_alaw_decode(uint8_t code)
{
	return rtp_g711_alaw_dec_table[code];
}

void rtp_g711_ulaw_encode_buf(uint8_t *out, const int16_t *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = rtp_g711_ulaw_enc_table[table_index(in[i], RTP_G711_ULAW_ENC_SHIFT)];
}

void rtp_g711_ulaw_decode_buf(int16_t *out, const uint8_t *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = rtp_g711_ulaw_dec_table[in[i]];
}

void rtp_g711_alaw_encode_buf(uint8_t *out, const int16_t *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = rtp_g711_alaw_enc_table[table_index(in[i], RTP_G711_ALAW_ENC_SHIFT)];
}

void rtp_g711_alaw_decode_buf(int16_t *out, const uint8_t *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = rtp_g711_alaw_dec_table[in[i]];
}

void rtp_g711_encode_buf(enum rtp_g711_law law, uint8_t *out, const int16_t *in, size_t n)
{
	if (law == RTP_G711_ALAW)
		rtp_g711_alaw_encode_buf(out, in, n);
	else
		rtp_g711_ulaw_encode_buf(out, in, n);
}

void rtp_g711_decode_buf(enum rtp_g711_law law, int16_t *out, const uint8_t *in, size_t n)
{
	if (law == RTP_G711_ALAW)
		rtp_g711_alaw_decode_buf(out, in, n);
	else
		rtp_g711_ulaw_decode_buf(out, in, n);
}
