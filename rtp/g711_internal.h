/* rtp/g711_internal.h - the G.711 look-up tables shared by g711.c and g711_tables.c.
 *
 * The tables are generated from the reference (g711_ref.c) by
 * tests/tools/gen_g711_tables.c; tests/rtp/test_g711.c regenerates them and checks that
 * the committed g711_tables.c is byte for byte the generator's output.
 *
 * Index choice: the ITU-T quantiser only looks at the top 14 bits of a sample for μ-law
 * and the top 12 bits for A-law (the low bits never cross a decision value), so the
 * encode tables are indexed by the unsigned sample shifted right: 16 KiB and 4 KiB
 * instead of 64 KiB each, and still one load per sample.
 */
#ifndef RTP_G711_INTERNAL_H
#define RTP_G711_INTERNAL_H

#include <stdint.h>

#define RTP_G711_ULAW_ENC_SHIFT 2  /* index = (uint16_t)sample >> 2: 14 bits */
#define RTP_G711_ALAW_ENC_SHIFT 4  /* index = (uint16_t)sample >> 4: 12 bits */
#define RTP_G711_ULAW_ENC_SIZE (65536 >> RTP_G711_ULAW_ENC_SHIFT)
#define RTP_G711_ALAW_ENC_SIZE (65536 >> RTP_G711_ALAW_ENC_SHIFT)

extern const uint8_t rtp_g711_ulaw_enc_table[RTP_G711_ULAW_ENC_SIZE];
extern const uint8_t rtp_g711_alaw_enc_table[RTP_G711_ALAW_ENC_SIZE];
extern const int16_t rtp_g711_ulaw_dec_table[256];
extern const int16_t rtp_g711_alaw_dec_table[256];

#endif
