/* tests/rtp/test_media_loopback.c - a tone across a real UDP socket pair on 127.0.0.1.
 *
 * The whole media path of a call, end to end: tone generator -> G.711 encode -> RTP
 * session (packetise) -> net/udp send -> loopback -> net/udp receive -> RTP session
 * (A.1 checks, statistics) -> G.711 decode -> jitter buffer -> measurement.  Proves, in
 * both laws, that the frequency arrives within 1 Hz and the SNR is at least 30 dB
 * (G.711 alone allows about 38 dB for a loud tone), that the played samples are
 * exactly the decoded codes of what was sent, and that RTCP on RTP port + 1 carries
 * the CNAME and the report back.
 *
 * No sleeping: every packet is sent first, then read back with poll() bounded by a
 * timeout; virtual arrival times (20 ms apart) feed the statistics.
 */
#include "net/addr.h"
#include "net/udp.h"
#include "rtp/g711.h"
#include "rtp/jitbuf.h"
#include "rtp/measure.h"
#include "rtp/session.h"
#include "rtp/tone.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#define PACKETS 50         /* one second */
#define N 160
#define TONE_HZ 1004.0

struct endpoint {
	struct net_udp *rtp, *rtcp;
	struct net_rand rand;
	struct rtp_session s;
};

static struct endpoint a, b;

/* Opens RTP on a free port and RTCP on the port above it (RFC 3550 §11: "RTCP packets
 * ... on the next higher (odd) port number"; with port 0 the pair is best effort). */
static int open_pair(struct endpoint *e)
{
	for (int attempt = 0; attempt < 20; attempt++) {
		struct net_addr addr;

		net_addr_loopback(&addr, AF_INET, 0);
		if (net_udp_open(&e->rtp, NULL, &addr, NULL) != 0)
			return -1;
		addr = *net_udp_local(e->rtp);
		if (net_addr_port(&addr) < 65535) {
			net_addr_set_port(&addr, (uint16_t)(net_addr_port(&addr) + 1));
			if (net_udp_open(&e->rtcp, NULL, &addr, NULL) == 0)
				return 0;
		}
		net_udp_close(e->rtp);
		e->rtp = NULL;
	}
	return -1;
}

static void setup(void)
{
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	CU_ASSERT_EQUAL(open_pair(&a), 0);
	CU_ASSERT_EQUAL(open_pair(&b), 0);
}

static void teardown(void)
{
	net_udp_close(a.rtp);
	net_udp_close(a.rtcp);
	net_udp_close(b.rtp);
	net_udp_close(b.rtcp);
}

/* Waits (bounded) for one datagram on u. */
static int recv_one(struct net_udp *u, uint8_t *buf, size_t cap, size_t *len)
{
	struct net_addr from;
	struct pollfd p = { .fd = net_udp_fd(u), .events = POLLIN };

	if (poll(&p, 1, 2000) != 1)  /* loopback delivers in microseconds; 2 s is "lost" */
		return ETIMEDOUT;
	return net_udp_recv(u, buf, cap, len, &from);
}

static void start_sessions(enum rtp_g711_law law)
{
	struct rtp_session_config cfg;

	net_rand_seed(&a.rand, 100 + law);
	net_rand_seed(&b.rand, 200 + law);
	rtp_session_config_default(&cfg, law, "alice@127.0.0.1");
	CU_ASSERT_EQUAL(rtp_session_init(&a.s, &cfg, &a.rand, 0), 0);
	rtp_session_config_default(&cfg, law, "bob@127.0.0.1");
	CU_ASSERT_EQUAL(rtp_session_init(&b.s, &cfg, &b.rand, 0), 0);
}

/* Sends one second of tone from a to b; returns the samples that were sent. */
static void send_tone(int16_t *sent)
{
	struct rtp_tone tone;
	uint8_t pkt[256];
	size_t len;

	rtp_tone_init(&tone, TONE_HZ, rtp_tone_amplitude_from_dbfs(-1.0), 8000.0);
	for (int k = 0; k < PACKETS; k++) {
		rtp_tone_fill(&tone, sent + k * N, N);
		CU_ASSERT_EQUAL(rtp_session_send_audio(&a.s, sent + k * N, N, (uint64_t)k * 20000,
						       pkt, sizeof(pkt), &len), 0);
		CU_ASSERT_EQUAL(net_udp_send(a.rtp, net_udp_local(b.rtp), pkt, len), 0);
	}
}

/* Receives everything at b into the jitter buffer; returns packets accepted. */
static int receive_into(struct rtp_jitbuf *jb, enum rtp_g711_law law)
{
	uint8_t buf[2048];
	int16_t pcm[RTP_MAX_SAMPLES_PER_PACKET];
	size_t len;
	int accepted = 0;

	for (int k = 0; k < PACKETS; k++) {
		struct rtp_packet p;

		if (recv_one(b.rtp, buf, sizeof(buf), &len) != 0)
			break;
		/* arrival on b's virtual clock: 20 ms apart, 1 ms after sending */
		if (rtp_session_on_rtp(&b.s, buf, len, (uint64_t)k * 20000 + 1000, &p, NULL) != 0)
			continue;  /* the first packet waits out A.1 probation */
		rtp_g711_decode_buf(law, pcm, p.payload, p.payload_len);
		rtp_jitbuf_put(jb, p.hdr.timestamp, pcm, p.payload_len);
		accepted++;
	}
	return accepted;
}

static void run_call(enum rtp_g711_law law)
{
	struct rtp_jitbuf jb;
	struct rtp_jitbuf_config jcfg = { N, 3, RTP_JITBUF_CONCEAL_SILENCE };
	int16_t *sent = calloc(PACKETS * N, sizeof(int16_t));
	int16_t *played = calloc(PACKETS * N, sizeof(int16_t));
	int16_t frame[N];
	size_t n = 0;

	CU_ASSERT_EQUAL(rtp_jitbuf_init(&jb, &jcfg), 0);
	if (sent == NULL || played == NULL || a.rtp == NULL || b.rtp == NULL)
		goto out;
	start_sessions(law);
	send_tone(sent);
	CU_ASSERT_EQUAL(receive_into(&jb, law), PACKETS - 1);
	for (int k = 0; k < (PACKETS - 1) + 3; k++)  /* 3 frames of delay, then 49 */
		if (rtp_jitbuf_get(&jb, frame) == RTP_JITBUF_PLAYED && n + N <= PACKETS * N) {
			memcpy(played + n, frame, sizeof(frame));
			n += N;
		}
	CU_ASSERT_EQUAL(n, (PACKETS - 1) * N);
	CU_ASSERT_EQUAL(jb.stats.concealed, 0);
	/* Bit-exact: what played is the G.711 decoding of what was sent (from packet 1). */
	unsigned differ = 0;

	for (size_t i = 0; i < n; i++) {
		int16_t x = sent[N + i];
		int16_t want = law == RTP_G711_ALAW ? rtp_g711_alaw_decode(rtp_g711_alaw_encode(x)) :
				rtp_g711_ulaw_decode(rtp_g711_ulaw_encode(x));

		differ += played[i] != want;
	}
	CU_ASSERT_EQUAL(differ, 0);
	/* What a listener would check: the pitch and the cleanliness. */
	double hz = 0;
	struct rtp_tone_fit fit;

	CU_ASSERT_EQUAL(rtp_measure_dominant_hz(played, n, 8000.0, &hz), 0);
	CU_ASSERT_DOUBLE_EQUAL(hz, TONE_HZ, 1.0);
	CU_ASSERT_EQUAL(rtp_measure_tone_fit(played, n, TONE_HZ, 8000.0, &fit), 0);
	CU_ASSERT(fit.snr_db >= 30.0);
	struct rtp_session_stats st;

	rtp_session_get_stats(&b.s, &st);
	CU_ASSERT_EQUAL(st.received, PACKETS - 1);
	CU_ASSERT_EQUAL(st.lost, 0);
	CU_ASSERT_EQUAL(st.duplicates + st.reordered + st.malformed, 0);
out:
	rtp_jitbuf_fini(&jb);
	free(sent);
	free(played);
}

static void test_rfc3551_4_5_14_pcmu_tone_crosses_loopback_intact(void)
{
	run_call(RTP_G711_ULAW);
}

static void test_rfc3551_4_5_14_pcma_tone_crosses_loopback_intact(void)
{
	run_call(RTP_G711_ALAW);
}

/* RFC3550 6.1: every compound packet has a report and an SDES CNAME; sent to the RTCP
 * port (RTP + 1), b learns a's CNAME and a learns what b received. */
static void test_rfc3550_6_1_rtcp_reports_cross_loopback_on_rtp_port_plus_one(void)
{
	uint8_t buf[512];
	size_t len = 0;

	if (a.rtcp == NULL || b.rtcp == NULL)
		return;
	CU_ASSERT_EQUAL(net_addr_port(net_udp_local(b.rtcp)), net_addr_port(net_udp_local(b.rtp)) + 1);
	start_sessions(RTP_G711_ULAW);
	int16_t *sent = calloc(PACKETS * N, sizeof(int16_t));
	struct rtp_jitbuf jb;
	struct rtp_jitbuf_config jcfg = { N, 3, RTP_JITBUF_CONCEAL_SILENCE };

	CU_ASSERT_EQUAL(rtp_jitbuf_init(&jb, &jcfg), 0);
	if (sent != NULL) {
		send_tone(sent);
		receive_into(&jb, RTP_G711_ULAW);
	}
	CU_ASSERT_EQUAL(rtp_session_rtcp_build(&a.s, 1000000, false, NULL, buf, sizeof(buf), &len), 0);
	CU_ASSERT_EQUAL(net_udp_send(a.rtcp, net_udp_local(b.rtcp), buf, len), 0);
	CU_ASSERT_EQUAL(recv_one(b.rtcp, buf, sizeof(buf), &len), 0);
	CU_ASSERT_EQUAL(rtp_session_on_rtcp(&b.s, buf, len, 1001000), 0);
	CU_ASSERT_STRING_EQUAL(b.s.peer_cname, "alice@127.0.0.1");
	CU_ASSERT_EQUAL(rtp_session_rtcp_build(&b.s, 1500000, true, "bye", buf, sizeof(buf), &len), 0);
	CU_ASSERT_EQUAL(net_udp_send(b.rtcp, net_udp_local(a.rtcp), buf, len), 0);
	CU_ASSERT_EQUAL(recv_one(a.rtcp, buf, sizeof(buf), &len), 0);
	CU_ASSERT_EQUAL(rtp_session_on_rtcp(&a.s, buf, len, 1501000), 0);
	CU_ASSERT_TRUE(a.s.have_peer_report);
	CU_ASSERT_EQUAL(a.s.peer_report.cumulative_lost, 0);
	CU_ASSERT_EQUAL(a.s.peer_report.ext_highest_seq & 0xFFFF, (uint16_t)(a.s.seq - 1));
	CU_ASSERT_TRUE(a.s.peer_left);
	CU_ASSERT(a.s.rtt_us > 0);  /* 1 ms each way on the virtual clocks: about 2 ms */
	CU_ASSERT(a.s.rtt_us >= 2000 - 31 && a.s.rtt_us <= 2000 + 31);
	rtp_jitbuf_fini(&jb);
	free(sent);
}

static const struct th_test media_tests[] = {
	TH_TEST(test_rfc3551_4_5_14_pcmu_tone_crosses_loopback_intact),
	TH_TEST(test_rfc3551_4_5_14_pcma_tone_crosses_loopback_intact),
	TH_TEST(test_rfc3550_6_1_rtcp_reports_cross_loopback_on_rtp_port_plus_one),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3551 4.5.14 G.711 media over loopback UDP", media_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
