/* tests/bench/bench_sdp.c - sdp/ throughput: parse, print, answer a typical phone offer.
 *
 * The offer is the one in tests/sdp/fixtures/phone-offer.sdp (PCMA, PCMU, opus,
 * telephone-event; 15 lines, 307 bytes).  Figures are printed by `make bench`, never
 * asserted.
 */
#include "sdp/sdp.h"
#include "sdp/sdp_oa.h"
#include "tests/bench/bench.h"

#include <stdlib.h>
#include <string.h>

static const char offer_text[] =
	"v=0\r\n"
	"o=alice 3938467382 3938467382 IN IP4 192.0.2.10\r\n"
	"s=-\r\n"
	"c=IN IP4 192.0.2.10\r\n"
	"t=0 0\r\n"
	"m=audio 40000 RTP/AVP 8 0 96 101\r\n"
	"a=rtpmap:8 PCMA/8000\r\n"
	"a=rtpmap:0 PCMU/8000\r\n"
	"a=rtpmap:96 opus/48000/2\r\n"
	"a=fmtp:96 useinbandfec=1\r\n"
	"a=rtpmap:101 telephone-event/8000\r\n"
	"a=fmtp:101 0-16\r\n"
	"a=ptime:20\r\n"
	"a=rtcp:40001\r\n"
	"a=sendrecv\r\n";

static struct sdp_session offer, answer;
static struct sdp_caps caps;
static char out[4096];

static void setup(void)
{
	if (sdp_parse(&offer, offer_text, sizeof offer_text - 1, NULL) != 0 ||
	    sdp_caps_init(&caps, "192.0.2.20", 50000, 2000) != 0)
		abort();
}

static void run_parse(unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		sdp_parse(&answer, offer_text, sizeof offer_text - 1, NULL);
		bench_consume(&answer, answer.n_media);
	}
}

static void run_print(unsigned long iters)
{
	size_t len = 0;

	for (unsigned long i = 0; i < iters; i++) {
		sdp_print(&offer, out, sizeof out, &len);
		bench_consume(out, len);
	}
}

static void run_answer(unsigned long iters)
{
	struct sdp_negotiated neg;

	for (unsigned long i = 0; i < iters; i++) {
		sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, NULL);
		bench_consume(&neg, neg.pt);
	}
}

/* What a called UA does per INVITE: parse the offer, answer it, print the answer. */
static void run_invite(unsigned long iters)
{
	struct sdp_negotiated neg;
	size_t len = 0;

	for (unsigned long i = 0; i < iters; i++) {
		sdp_parse(&offer, offer_text, sizeof offer_text - 1, NULL);
		sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, NULL);
		sdp_print(&answer, out, sizeof out, &len);
		bench_consume(out, len);
	}
}

static const struct bench_case cases[] = {
	{ "sdp_parse", "sdp", 1, setup, run_parse, NULL },
	{ "sdp_print", "sdp", 1, setup, run_print, NULL },
	{ "sdp_oa_answer", "answer", 1, setup, run_answer, NULL },
	{ "sdp_parse_answer_print", "offer", 1, setup, run_invite, NULL },
	BENCH_END
};

int main(int argc, char **argv)
{
	return bench_main(argc, argv, cases);
}
