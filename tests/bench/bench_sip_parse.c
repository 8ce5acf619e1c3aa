/* tests/bench/bench_sip_parse.c - full parse of a realistic call (sip/msg.h).
 *
 * The corpus (tests/bench/corpus/NN-name.sip) is one call as the demo makes it: REGISTER,
 * 401, REGISTER with credentials, 200, INVITE with SDP, 100, 180, 200 with SDP,
 * ACK, BYE, 200, OPTIONS - 551 bytes on average.  "Full parse" means what
 * sip_msg_parse always does: every header split, every header the stack uses typed,
 * URIs included.  Cases:
 *   parse        sip_msg_parse + sip_msg_destroy
 *   parse_print  the same plus sip_msg_print into a buffer
 *   validate     parse + sip_msg_validate
 *   frame        sip_msg_frame on each message (the TCP framing scan alone)
 */
#include "sip/msg.h"
#include "tests/bench/bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CORPUS_COUNT 12

static const char *const corpus_files[CORPUS_COUNT] = {
	"tests/bench/corpus/01-register.sip",   "tests/bench/corpus/02-401.sip",
	"tests/bench/corpus/03-register-auth.sip", "tests/bench/corpus/04-register-200.sip",
	"tests/bench/corpus/05-invite.sip",     "tests/bench/corpus/06-100.sip",
	"tests/bench/corpus/07-180.sip",        "tests/bench/corpus/08-200-sdp.sip",
	"tests/bench/corpus/09-ack.sip",        "tests/bench/corpus/10-bye.sip",
	"tests/bench/corpus/11-bye-200.sip",    "tests/bench/corpus/12-options.sip",
};

static char corpus[CORPUS_COUNT][2048];
static size_t corpus_len[CORPUS_COUNT];
static char out[4096];

static void load(void)
{
	for (int i = 0; i < CORPUS_COUNT; i++) {
		FILE *f = fopen(corpus_files[i], "rb");

		if (f == NULL) {
			perror(corpus_files[i]);
			exit(1);
		}
		corpus_len[i] = fread(corpus[i], 1, sizeof(corpus[i]), f);
		fclose(f);
		struct sip_msg *m;

		if (sip_msg_parse(corpus[i], corpus_len[i], &m, NULL) != 0) {
			fprintf(stderr, "bench: %s does not parse\n", corpus_files[i]);
			exit(1);
		}
		sip_msg_destroy(m);
	}
}

static void run_parse(unsigned long iters)
{
	for (unsigned long n = 0; n < iters; n++) {
		for (int i = 0; i < CORPUS_COUNT; i++) {
			struct sip_msg *m;

			if (sip_msg_parse(corpus[i], corpus_len[i], &m, NULL) == 0) {
				bench_consume(m->via, m->cseq->seq);
				sip_msg_destroy(m);
			}
		}
	}
}

static void run_parse_print(unsigned long iters)
{
	for (unsigned long n = 0; n < iters; n++) {
		for (int i = 0; i < CORPUS_COUNT; i++) {
			struct sip_msg *m;
			size_t len;

			if (sip_msg_parse(corpus[i], corpus_len[i], &m, NULL) == 0) {
				sip_msg_print(m, out, sizeof(out), &len);
				bench_consume(out, len);
				sip_msg_destroy(m);
			}
		}
	}
}

static void run_validate(unsigned long iters)
{
	for (unsigned long n = 0; n < iters; n++) {
		for (int i = 0; i < CORPUS_COUNT; i++) {
			struct sip_msg *m;

			if (sip_msg_parse(corpus[i], corpus_len[i], &m, NULL) == 0) {
				bench_consume(m, (unsigned long)sip_msg_validate(m, NULL));
				sip_msg_destroy(m);
			}
		}
	}
}

static void run_frame(unsigned long iters)
{
	for (unsigned long n = 0; n < iters; n++) {
		for (int i = 0; i < CORPUS_COUNT; i++) {
			size_t skip, len;

			bench_consume(corpus[i],
				      (unsigned long)sip_msg_frame(corpus[i], corpus_len[i], &skip, &len, NULL) + len);
		}
	}
}

static const struct bench_case cases[] = {
	{ "parse", "message", CORPUS_COUNT, load, run_parse, NULL },
	{ "parse_print", "message", CORPUS_COUNT, load, run_parse_print, NULL },
	{ "validate", "message", CORPUS_COUNT, load, run_validate, NULL },
	{ "frame", "message", CORPUS_COUNT, load, run_frame, NULL },
	BENCH_END
};

int main(int argc, char **argv)
{
	return bench_main(argc, argv, cases);
}
