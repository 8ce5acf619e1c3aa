/* tests/bench/bench_g711.c - G.711 encode/decode throughput and instructions/sample.
 *
 * Eight cases: {μ-law, A-law} x {encode, decode} x {fast table path, reference segment
 * search}.  One iteration is one 20 ms packet (160 samples, RFC 3551 §4.2), the unit a
 * codec really processes.  The input is a full-range sweep so every segment is visited.
 */
#include "rtp/g711.h"
#include "tests/bench/bench.h"

#include <stdint.h>

#define FRAME 160

static int16_t pcm[FRAME];
static uint8_t codes[FRAME];

static void setup(void)
{
	for (int i = 0; i < FRAME; i++) {
		pcm[i] = (int16_t)(i * 409 - 32768);  /* -32768 .. 32263, all segments */
		codes[i] = (uint8_t)(i * 37);
	}
}

static void ulaw_encode_fast(unsigned long iters)
{
	uint8_t out[FRAME];

	for (unsigned long i = 0; i < iters; i++) {
		rtp_g711_ulaw_encode_buf(out, pcm, FRAME);
		bench_consume(out, out[i % FRAME]);
	}
}

static void ulaw_decode_fast(unsigned long iters)
{
	int16_t out[FRAME];

	for (unsigned long i = 0; i < iters; i++) {
		rtp_g711_ulaw_decode_buf(out, codes, FRAME);
		bench_consume(out, (unsigned long)out[i % FRAME]);
	}
}

static void alaw_encode_fast(unsigned long iters)
{
	uint8_t out[FRAME];

	for (unsigned long i = 0; i < iters; i++) {
		rtp_g711_alaw_encode_buf(out, pcm, FRAME);
		bench_consume(out, out[i % FRAME]);
	}
}

static void alaw_decode_fast(unsigned long iters)
{
	int16_t out[FRAME];

	for (unsigned long i = 0; i < iters; i++) {
		rtp_g711_alaw_decode_buf(out, codes, FRAME);
		bench_consume(out, (unsigned long)out[i % FRAME]);
	}
}

/* The reference is a per-sample function: the loop a textbook codec would write. */
static void run_encode_ref(unsigned long iters, uint8_t (*enc)(int16_t))
{
	uint8_t out[FRAME];

	for (unsigned long i = 0; i < iters; i++) {
		for (int j = 0; j < FRAME; j++)
			out[j] = enc(pcm[j]);
		bench_consume(out, out[i % FRAME]);
	}
}

static void run_decode_ref(unsigned long iters, int16_t (*dec)(uint8_t))
{
	int16_t out[FRAME];

	for (unsigned long i = 0; i < iters; i++) {
		for (int j = 0; j < FRAME; j++)
			out[j] = dec(codes[j]);
		bench_consume(out, (unsigned long)out[i % FRAME]);
	}
}

static void ulaw_encode_ref(unsigned long iters) { run_encode_ref(iters, rtp_g711_ulaw_encode_ref); }
static void ulaw_decode_ref(unsigned long iters) { run_decode_ref(iters, rtp_g711_ulaw_decode_ref); }
static void alaw_encode_ref(unsigned long iters) { run_encode_ref(iters, rtp_g711_alaw_encode_ref); }
static void alaw_decode_ref(unsigned long iters) { run_decode_ref(iters, rtp_g711_alaw_decode_ref); }

static const struct bench_case cases[] = {
	{ "ulaw_encode_fast", "sample", FRAME, setup, ulaw_encode_fast, NULL },
	{ "ulaw_decode_fast", "sample", FRAME, setup, ulaw_decode_fast, NULL },
	{ "alaw_encode_fast", "sample", FRAME, setup, alaw_encode_fast, NULL },
	{ "alaw_decode_fast", "sample", FRAME, setup, alaw_decode_fast, NULL },
	{ "ulaw_encode_ref", "sample", FRAME, setup, ulaw_encode_ref, NULL },
	{ "ulaw_decode_ref", "sample", FRAME, setup, ulaw_decode_ref, NULL },
	{ "alaw_encode_ref", "sample", FRAME, setup, alaw_encode_ref, NULL },
	{ "alaw_decode_ref", "sample", FRAME, setup, alaw_decode_ref, NULL },
	BENCH_END
};

int main(int argc, char **argv)
{
	return bench_main(argc, argv, cases);
}
