/* rtp/g711.h - G.711 μ-law (PCMU) and A-law (PCMA) companding.
 *
 * Implements ITU-T G.711 (11/88) encode and decode between 16-bit linear PCM and the
 * 8-bit code words that RFC 3551 §4.5.14 carries as payload types 0 (PCMU) and 8 (PCMA).
 *
 * Two implementations that tests prove equal:
 *  - the reference (g711_ref.c): the textbook segment search, written to be read next to
 *    G.711 Tables 1a/2a.  It is the algorithm of ITU-T G.191's STL g711.c (alaw_compress,
 *    ulaw_compress, *_expand), written in the 16-bit style of Sun's g711.c: μ-law bias
 *    0x84 (132), clip at magnitude 32635, code word complemented; A-law even bits
 *    inverted (XOR 0x55).  Negative inputs take the one's complement (~x) as ITU-T G.191
 *    does, so the quantiser is mirror-symmetric: encode(~x) == encode(x) ^ 0x80.
 *  - the fast path (g711.c): one table look-up per sample, tables generated from the
 *    reference by tests/tools/gen_g711_tables.c into g711_tables.c (static const data,
 *    no init call).  About 6-7 instructions per sample instead of about 50.
 *
 * μ-law has two zeros: 0xFF (+0) and 0x7F (-0) both decode to 0.  Encoding 0 returns
 * 0xFF, so decode -> encode returns every code except 0x7F, which comes back as 0xFF.
 * A-law has no zero code (0xD5 decodes to +8, 0x55 to -8) and round-trips all 256.
 *
 * Leaves out: the 56 and 48 kbit/s modes (RFC 3551 §4.5.14 forbids them in RTP) and the
 * optional μ-law "zero trap" (0x00 -> 0x02) of old T1 equipment: G.711 does not ask for it.
 */
#ifndef RTP_G711_H
#define RTP_G711_H

#include <stddef.h>
#include <stdint.h>

/* RFC 3551 §6 Table 4: static payload types, 8000 Hz, one channel. */
#define RTP_PT_PCMU 0
#define RTP_PT_PCMA 8

enum rtp_g711_law {
	RTP_G711_ULAW,  /* μ-law, PCMU: North America, Japan */
	RTP_G711_ALAW   /* A-law, PCMA: Europe and the rest of the world */
};

/* Fast path, one sample (a table look-up behind a call). */
uint8_t rtp_g711_ulaw_encode(int16_t sample);
int16_t rtp_g711_ulaw_decode(uint8_t code);
uint8_t rtp_g711_alaw_encode(int16_t sample);
int16_t rtp_g711_alaw_decode(uint8_t code);

/* Fast path, a buffer: what a codec loop should call (n samples in, n octets out).
 * `out` and `in` must not overlap. */
void rtp_g711_ulaw_encode_buf(uint8_t *out, const int16_t *in, size_t n);
void rtp_g711_ulaw_decode_buf(int16_t *out, const uint8_t *in, size_t n);
void rtp_g711_alaw_encode_buf(uint8_t *out, const int16_t *in, size_t n);
void rtp_g711_alaw_decode_buf(int16_t *out, const uint8_t *in, size_t n);

/* Either law, chosen at run time (the session knows it from the payload type). */
void rtp_g711_encode_buf(enum rtp_g711_law law, uint8_t *out, const int16_t *in, size_t n);
void rtp_g711_decode_buf(enum rtp_g711_law law, int16_t *out, const uint8_t *in, size_t n);

/* The readable reference: segment search, no tables.  Tests prove the fast path equal
 * to it for all 65,536 inputs and all 256 codes; the table generator uses it. */
uint8_t rtp_g711_ulaw_encode_ref(int16_t sample);
int16_t rtp_g711_ulaw_decode_ref(uint8_t code);
uint8_t rtp_g711_alaw_encode_ref(int16_t sample);
int16_t rtp_g711_alaw_decode_ref(uint8_t code);

#endif
