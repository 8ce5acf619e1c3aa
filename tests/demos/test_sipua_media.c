/* tests/demos/test_sipua_media.c - sipua's media engine (demos/common/rtp_engine.h)
 * on a virtual clock.
 *
 * Two engines on one net/loop whose clock is a variable of this file, with real UDP
 * sockets on 127.0.0.1: A sends, B receives (and the other way round).  The test moves
 * the clock by hand and turns the loop with a zero wait, so every send time is exact
 * and nothing sleeps: pacing is asserted in microseconds.
 */
#include "demos/common/rtp_engine.h"
#include "net/addr.h"
#include "net/loop.h"
#include "net/rand.h"
#include "rtp/g711.h"
#include "rtp/measure.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define T0 1000000000ull   /* the virtual clock's start, us */
#define MAX_SENT 512

static uint64_t now_us;
static struct net_loop loop;
static struct net_rand rand_a, rand_b;
static struct demo_rtp *a, *b;
static uint64_t sent_at[MAX_SENT];  /* loop time of each RTP packet A sent */
static size_t n_sent, n_rtcp_out;
static int16_t wav[100];

static uint64_t fake_clock(void *arg)
{
	(void)arg;
	return now_us;
}

static void tap_a(void *arg, bool out, bool rtcp, const struct net_addr *src,
		  const struct net_addr *dst, const uint8_t *data, size_t len)
{
	(void)arg;
	(void)src;
	(void)dst;
	(void)data;
	(void)len;
	if (out && !rtcp && n_sent < MAX_SENT)
		sent_at[n_sent++] = net_loop_now(&loop);
	if (out && rtcp)
		n_rtcp_out++;
}

static int open_engine(struct demo_rtp **m, struct net_rand *r, enum demo_rtp_source src,
		       double hz, demo_rtp_tap_cb tap)
{
	struct demo_rtp_config c;
	struct net_addr ip;

	memset(&c, 0, sizeof(c));
	c.source = src;
	c.tone_hz = hz;
	c.wav = wav;
	c.wav_n = sizeof(wav) / sizeof(wav[0]);
	c.cname = "test@127.0.0.1";
	c.tap = tap;
	net_addr_loopback(&ip, AF_INET, 0);
	return demo_rtp_open(m, &loop, r, &ip, &c);
}

static void setup(void)
{
	now_us = T0;
	n_sent = 0;
	n_rtcp_out = 0;
	net_loop_init(&loop, fake_clock, NULL);
	net_rand_seed(&rand_a, 1);
	net_rand_seed(&rand_b, 2);
	for (size_t i = 0; i < sizeof(wav) / sizeof(wav[0]); i++)
		wav[i] = (int16_t)((int)i * 300 - 15000);
	a = b = NULL;
}

static void teardown(void)
{
	demo_rtp_close(a);
	demo_rtp_close(b);
	net_loop_fini(&loop);
}

/* Moves the clock to `until` in steps of `step` us, turning the loop at each. */
static void run_to(uint64_t until, uint64_t step)
{
	while (now_us < until) {
		now_us = now_us + step < until ? now_us + step : until;
		for (int i = 0; i < 3; i++)  /* timers, then what they sent */
			(void)net_loop_run_once(&loop, 0);
	}
}

static struct net_addr addr_of(const struct demo_rtp *m)
{
	struct net_addr x;

	net_addr_loopback(&x, AF_INET, demo_rtp_port(m));
	return x;
}

/* A sends the tone to B, B sends silence (or nothing) back. */
static void start_pair(enum rtp_g711_law law, bool b_sends)
{
	struct net_addr to_b, to_a;

	CU_ASSERT_EQUAL(open_engine(&a, &rand_a, DEMO_RTP_TONE, 1004.0, tap_a), 0);
	CU_ASSERT_EQUAL(open_engine(&b, &rand_b, DEMO_RTP_SILENCE, 0, NULL), 0);
	if (a == NULL || b == NULL)
		return;
	to_b = addr_of(b);
	to_a = addr_of(a);
	CU_ASSERT_EQUAL(demo_rtp_start(a, law, &to_b, true), 0);
	CU_ASSERT_EQUAL(demo_rtp_start(b, law, &to_a, b_sends), 0);
}

/* RFC3550 11: "RTP SHOULD use an even destination port number and the corresponding
 * RTCP stream SHOULD use the next higher (odd) destination port number". */
static void test_rfc3550_11_rtp_even_port_rtcp_above(void)
{
	CU_ASSERT_EQUAL(open_engine(&a, &rand_a, DEMO_RTP_SILENCE, 0, NULL), 0);
	if (a != NULL)
		CU_ASSERT_EQUAL(demo_rtp_port(a) % 2, 0);
}

/* RFC3551 4.2: "the default packetization interval MUST have a duration of 20 ms" -
 * tick k leaves at exactly start + k x 20 ms even when the loop turns off the grid
 * (every 7 ms here): the schedule counts from the start, so it never drifts. */
static void test_rfc3551_4_2_packets_every_20_ms_from_the_start(void)
{
	start_pair(RTP_G711_ULAW, false);
	run_to(T0 + 1000000, 7000);
	CU_ASSERT_EQUAL(n_sent, 51);  /* ticks 0, 20, ..., 1000 ms */
	for (size_t k = 0; k < n_sent; k++)
		CU_ASSERT_EQUAL(sent_at[k], T0 + k * 20000);
}

/* A loop that stood still for a second (a step-mode pause) does not burst the frames
 * it missed: they are skipped like suppressed silence (RFC3550 5.1: the timestamp
 * advances "regardless of whether the block is transmitted"). */
static void test_rfc3550_5_1_stalled_loop_skips_missed_frames(void)
{
	struct demo_rtp_stats st;

	start_pair(RTP_G711_ULAW, false);
	run_to(T0 + 100000, 20000);
	CU_ASSERT_EQUAL(n_sent, 6);
	run_to(T0 + 1100000, 1000000);  /* one jump of a second */
	CU_ASSERT_TRUE(n_sent <= 8);
	demo_rtp_get_stats(a, &st);
	CU_ASSERT_TRUE(st.skipped >= 45);
	run_to(T0 + 1200000, 20000);
	CU_ASSERT_EQUAL(sent_at[n_sent - 1], T0 + 1200000);  /* back on the grid */
}

/* The tone crosses the engines intact: B's recording has A's frequency within 1 Hz
 * and at least 30 dB SNR, with both laws; nothing lost.  RFC3550 A.1: "Source is not
 * valid until MIN_SEQUENTIAL packets with sequential sequence numbers have been
 * received" - the first packet only starts the probation, so 75 of the 76 count. */
static void check_tone(enum rtp_g711_law law)
{
	struct demo_rtp_measure me;
	struct demo_rtp_stats sa, sb;

	start_pair(law, true);
	run_to(T0 + 1500000, 20000);
	demo_rtp_measure(b, &me);
	CU_ASSERT_TRUE(me.valid);
	CU_ASSERT_DOUBLE_EQUAL(me.freq_hz, 1004.0, 1.0);
	CU_ASSERT_TRUE(me.snr_db >= 30.0);
	CU_ASSERT_DOUBLE_EQUAL(me.level_dbfs, DEMO_RTP_TONE_DBFS - 3.01, 0.5);
	demo_rtp_get_stats(a, &sa);
	demo_rtp_get_stats(b, &sb);
	CU_ASSERT_EQUAL(sa.s.packets_sent, 76);
	CU_ASSERT_EQUAL(sb.s.received, sa.s.packets_sent - 1);
	CU_ASSERT_EQUAL(sb.s.lost, 0);
	CU_ASSERT_EQUAL(sb.concealed, 0);
	/* Packet 1 arrives after B's tick 1, then 60 ms of playout delay (ticks 2-4):
	 * ticks 5 to 75 play packets 1 to 71. */
	CU_ASSERT_EQUAL(sb.recorded, (75 - 1 - DEMO_RTP_JITTER_FRAMES) * DEMO_RTP_FRAME);
}

static void test_g711_tone_crosses_the_engines_pcmu(void)
{
	check_tone(RTP_G711_ULAW);
}

static void test_g711_tone_crosses_the_engines_pcma(void)
{
	check_tone(RTP_G711_ALAW);
}

/* Silence arrives as a stream but measures as nothing: no frequency to report. */
static void test_impl_silence_is_not_measured(void)
{
	struct demo_rtp_measure me;
	struct demo_rtp_stats st;

	start_pair(RTP_G711_ULAW, true);
	run_to(T0 + 1000000, 20000);
	demo_rtp_measure(a, &me);
	demo_rtp_get_stats(a, &st);
	CU_ASSERT_TRUE(st.s.received > 40);
	CU_ASSERT_FALSE(me.valid);
}

/* Too little audio to measure: invalid, not a guess. */
static void test_impl_short_recording_is_not_measured(void)
{
	struct demo_rtp_measure me;

	start_pair(RTP_G711_ULAW, true);
	run_to(T0 + 100000, 20000);
	demo_rtp_measure(b, &me);
	CU_ASSERT_FALSE(me.valid);
}

/* RFC3264 5: "Once the offerer has sent the offer, it MUST be prepared to receive
 * media" - RTP and RTCP reaching B before B knows the codec are kept and counted at
 * the start. */
static void test_rfc3264_5_early_rtp_is_kept_until_the_start(void)
{
	struct net_addr to_b, to_a;
	struct demo_rtp_stats st;

	CU_ASSERT_EQUAL(open_engine(&a, &rand_a, DEMO_RTP_TONE, 440.0, tap_a), 0);
	CU_ASSERT_EQUAL(open_engine(&b, &rand_b, DEMO_RTP_SILENCE, 0, NULL), 0);
	if (a == NULL || b == NULL)
		return;
	to_b = addr_of(b);
	to_a = addr_of(a);
	CU_ASSERT_EQUAL(demo_rtp_start(a, RTP_G711_ULAW, &to_b, true), 0);
	run_to(T0 + 80000, 20000);  /* 5 packets before B starts */
	CU_ASSERT_FALSE(demo_rtp_started(b));
	CU_ASSERT_EQUAL(demo_rtp_start(b, RTP_G711_ULAW, &to_a, true), 0);
	CU_ASSERT_EQUAL(demo_rtp_start(b, RTP_G711_ULAW, &to_a, true), EALREADY);
	run_to(T0 + 200000, 20000);
	demo_rtp_get_stats(b, &st);
	CU_ASSERT_EQUAL(st.early, 6);  /* 5 RTP and A's first RTCP report */
	CU_ASSERT_EQUAL(st.s.received, 10);  /* 11 sent, the first in A.1 probation */
	CU_ASSERT_EQUAL(st.s.rtcp_received, 1);
	CU_ASSERT_EQUAL(st.s.lost, 0);
}

/* A WAV source is sent sample for sample, looped: B plays back exactly the G.711
 * decode of the encoded samples, in order (from packet 1: packet 0 is A.1's
 * probation packet). */
static void test_g711_wav_source_is_sent_looped(void)
{
	struct net_addr to_b, to_a;
	const int16_t *rec;
	size_t n, bad = 0;

	CU_ASSERT_EQUAL(open_engine(&a, &rand_a, DEMO_RTP_WAV, 0, tap_a), 0);
	CU_ASSERT_EQUAL(open_engine(&b, &rand_b, DEMO_RTP_SILENCE, 0, NULL), 0);
	if (a == NULL || b == NULL)
		return;
	to_b = addr_of(b);
	to_a = addr_of(a);
	CU_ASSERT_EQUAL(demo_rtp_start(a, RTP_G711_ALAW, &to_b, true), 0);
	CU_ASSERT_EQUAL(demo_rtp_start(b, RTP_G711_ALAW, &to_a, false), 0);
	run_to(T0 + 300000, 20000);
	rec = demo_rtp_recording(b, &n);
	CU_ASSERT_TRUE(n >= 10 * DEMO_RTP_FRAME);
	for (size_t i = 0; i < n; i++)
		if (rec[i] != rtp_g711_alaw_decode(rtp_g711_alaw_encode(wav[(i + DEMO_RTP_FRAME) % 100])))
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
}

/* RFC3264 6.1: a recvonly answer means we receive only - no RTP leaves B, but RTCP
 * still does (RFC3550 6: every participant sends reports); resuming sends again. */
static void test_rfc3264_6_1_recvonly_sends_no_rtp(void)
{
	struct demo_rtp_stats st;
	struct net_addr to_a;

	start_pair(RTP_G711_ULAW, false);
	run_to(T0 + 6000000, 20000);
	demo_rtp_get_stats(b, &st);
	CU_ASSERT_EQUAL(st.s.packets_sent, 0);
	CU_ASSERT_TRUE(st.s.rtcp_sent >= 1);
	to_a = addr_of(a);
	demo_rtp_update(b, &to_a, true);
	run_to(T0 + 6100000, 20000);
	demo_rtp_get_stats(b, &st);
	CU_ASSERT_EQUAL(st.s.packets_sent, 5);
}

/* RFC3550 6.2 / 6.3: reports at the reduced minimum (360 / 80 kb/s = 4.5 s) flow both
 * ways in a few seconds; RFC3550 6.6: stopping sends a BYE the peer counts. */
static void test_rfc3550_6_2_reports_at_the_reduced_minimum_and_bye(void)
{
	struct demo_rtp_stats sa, sb;
	uint32_t before;

	start_pair(RTP_G711_ULAW, true);
	demo_rtp_get_stats(a, &sa);
	CU_ASSERT_DOUBLE_EQUAL(sa.rtcp_min_interval, 4.5, 1e-9);
	run_to(T0 + 6000000, 20000);
	demo_rtp_get_stats(a, &sa);
	demo_rtp_get_stats(b, &sb);
	CU_ASSERT_TRUE(sa.s.rtcp_sent >= 1 && sb.s.rtcp_sent >= 1);
	CU_ASSERT_EQUAL(sb.s.rtcp_received, sa.s.rtcp_sent);
	CU_ASSERT_EQUAL((uint32_t)n_rtcp_out, sa.s.rtcp_sent);
	before = sb.s.rtcp_received;
	demo_rtp_stop(a, "done");
	run_to(T0 + 6020000, 20000);
	demo_rtp_get_stats(b, &sb);
	CU_ASSERT_EQUAL(sb.s.rtcp_received, before + 1);
	demo_rtp_stop(a, "again");  /* no second BYE */
	run_to(T0 + 6040000, 20000);
	demo_rtp_get_stats(b, &sb);
	CU_ASSERT_EQUAL(sb.s.rtcp_received, before + 1);
}

/* Bad arguments are refused, not crashed on. */
static void test_impl_engine_refuses_bad_arguments(void)
{
	struct demo_rtp_config c;
	struct net_addr ip, v6;
	struct demo_rtp *m = NULL;

	memset(&c, 0, sizeof(c));
	net_addr_loopback(&ip, AF_INET, 0);
	c.source = DEMO_RTP_WAV;  /* without samples */
	CU_ASSERT_EQUAL(demo_rtp_open(&m, &loop, &rand_a, &ip, &c), EINVAL);
	c.source = DEMO_RTP_TONE;
	c.tone_hz = 5000;  /* above Nyquist */
	CU_ASSERT_EQUAL(demo_rtp_open(&m, &loop, &rand_a, &ip, &c), EINVAL);
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_EQUAL(open_engine(&a, &rand_a, DEMO_RTP_SILENCE, 0, NULL), 0);
	net_addr_loopback(&v6, AF_INET6, 5004);
	if (a != NULL)
		CU_ASSERT_EQUAL(demo_rtp_start(a, RTP_G711_ULAW, &v6, true), EINVAL);
	demo_rtp_close(NULL);
}

static const struct th_test engine_tests[] = {
	TH_TEST(test_rfc3550_11_rtp_even_port_rtcp_above),
	TH_TEST(test_rfc3551_4_2_packets_every_20_ms_from_the_start),
	TH_TEST(test_rfc3550_5_1_stalled_loop_skips_missed_frames),
	TH_TEST(test_g711_tone_crosses_the_engines_pcmu),
	TH_TEST(test_g711_tone_crosses_the_engines_pcma),
	TH_TEST(test_impl_silence_is_not_measured),
	TH_TEST(test_impl_short_recording_is_not_measured),
	TH_TEST(test_rfc3264_5_early_rtp_is_kept_until_the_start),
	TH_TEST(test_g711_wav_source_is_sent_looped),
	TH_TEST(test_rfc3264_6_1_recvonly_sends_no_rtp),
	TH_TEST(test_rfc3550_6_2_reports_at_the_reduced_minimum_and_bye),
	TH_TEST(test_impl_engine_refuses_bad_arguments),
	TH_END
};

static const struct th_suite suites[] = {
	{ "sipua media engine (RFC3550, RFC3551, RFC3264) on a virtual clock", engine_tests, setup,
	  teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
