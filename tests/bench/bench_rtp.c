/* tests/bench/bench_rtp.c - RTP and RTCP packets per second.
 *
 * Cases (one unit = one 20 ms G.711 packet of 160 samples, 172 octets):
 *  - build_parse: rtp_packet_build then rtp_packet_parse;
 *  - session_send: rtp_session_send_audio (G.711 encode + header);
 *  - session_receive: rtp_session_on_rtp (A.1 header checks, sequence, A.8 jitter);
 *  - receive_playout: the whole receive path: session, G.711 decode, jitter buffer
 *    put and get;
 *  - rtcp_compound: build an SR + SDES compound packet, check it (A.2), parse it back.
 */
#include "rtp/g711.h"
#include "rtp/jitbuf.h"
#include "rtp/packet.h"
#include "rtp/rtcp.h"
#include "rtp/session.h"
#include "tests/bench/bench.h"

#include <string.h>

#define N 160

static struct net_rand rnd;
static struct rtp_session tx, rx;
static struct rtp_jitbuf jb;
static int16_t pcm[N];
static uint8_t pkt[256];
static size_t pkt_len;
static unsigned long seq_next;  /* packets stamped so far: runs continue the stream */

static void setup(void)
{
	struct rtp_session_config cfg;
	struct rtp_jitbuf_config jcfg = { N, 3, RTP_JITBUF_CONCEAL_SILENCE };

	net_rand_seed(&rnd, 1);
	rtp_session_config_default(&cfg, RTP_G711_ULAW, "bench@127.0.0.1");
	rtp_session_init(&tx, &cfg, &rnd, 0);
	rtp_session_init(&rx, &cfg, &rnd, 0);
	for (int i = 0; i < N; i++)
		pcm[i] = (int16_t)(i * 300 - 24000);
	rtp_session_send_audio(&tx, pcm, N, 0, pkt, sizeof(pkt), &pkt_len);
	rtp_jitbuf_init(&jb, &jcfg);
	seq_next = 0;
}

static void teardown(void)
{
	rtp_jitbuf_fini(&jb);
}

static void build_parse(unsigned long iters)
{
	struct rtp_packet p = { .hdr = { .payload_type = 0, .ssrc = 42 }, .payload = pkt + 12,
				.payload_len = N };
	struct rtp_packet q;
	uint8_t out[256];
	size_t len = 0;

	for (unsigned long i = 0; i < iters; i++) {
		p.hdr.seq = (uint16_t)i;
		p.hdr.timestamp = (uint32_t)i * N;
		rtp_packet_build(&p, out, sizeof(out), &len);
		rtp_packet_parse(out, len, &q, NULL);
		bench_consume(&q, q.hdr.seq);
	}
}

static void session_send(unsigned long iters)
{
	uint8_t out[256];
	size_t len = 0;

	for (unsigned long i = 0; i < iters; i++) {
		rtp_session_send_audio(&tx, pcm, N, i * 20000, out, sizeof(out), &len);
		bench_consume(out, len);
	}
}

/* Rewrites sequence number and timestamp of the prepared packet in place, continuing
 * the stream across runs (the runner calls a case several times without setup). */
static unsigned long stamp(void)
{
	unsigned long i = seq_next++;
	uint16_t seq = (uint16_t)i;
	uint32_t ts = (uint32_t)i * N;

	pkt[2] = (uint8_t)(seq >> 8);
	pkt[3] = (uint8_t)seq;
	pkt[4] = (uint8_t)(ts >> 24);
	pkt[5] = (uint8_t)(ts >> 16);
	pkt[6] = (uint8_t)(ts >> 8);
	pkt[7] = (uint8_t)ts;
	return i;
}

static void session_receive(unsigned long iters)
{
	struct rtp_packet p;

	for (unsigned long n = 0; n < iters; n++) {
		unsigned long i = stamp();
		int rc = rtp_session_on_rtp(&rx, pkt, pkt_len, i * 20000, &p, NULL);

		bench_consume(&p, (unsigned long)rc);
	}
}

static void receive_playout(unsigned long iters)
{
	struct rtp_packet p;
	int16_t dec[N], out[N];

	for (unsigned long n = 0; n < iters; n++) {
		unsigned long i = stamp();

		if (rtp_session_on_rtp(&rx, pkt, pkt_len, i * 20000, &p, NULL) == 0) {
			rtp_g711_ulaw_decode_buf(dec, p.payload, p.payload_len);
			rtp_jitbuf_put(&jb, p.hdr.timestamp, dec, p.payload_len);
		}
		rtp_jitbuf_get(&jb, out);
		bench_consume(out, (unsigned long)out[0]);
	}
}

static void rtcp_compound(unsigned long iters)
{
	uint8_t out[256];
	size_t len = 0;

	for (unsigned long i = 0; i < iters; i++) {
		struct rtcp_iter it;
		struct rtcp_packet_view v;
		struct rtcp_report r;
		struct rtcp_sdes sd;

		rtp_session_rtcp_build(&tx, i * 5000000, false, NULL, out, sizeof(out), &len);
		rtcp_compound_check(out, len, NULL);
		rtcp_iter_init(&it, out, len);
		while (rtcp_iter_next(&it, &v)) {
			if (v.type == RTCP_SDES)
				rtcp_parse_sdes(&v, &sd, NULL);
			else
				rtcp_parse_report(&v, &r, NULL);
		}
		bench_consume(out, len);
	}
}

static const struct bench_case cases[] = {
	{ "build_parse", "packet", 1, setup, build_parse, teardown },
	{ "session_send", "packet", 1, setup, session_send, teardown },
	{ "session_receive", "packet", 1, setup, session_receive, teardown },
	{ "receive_playout", "packet", 1, setup, receive_playout, teardown },
	{ "rtcp_compound", "packet", 1, setup, rtcp_compound, teardown },
	BENCH_END
};

int main(int argc, char **argv)
{
	return bench_main(argc, argv, cases);
}
