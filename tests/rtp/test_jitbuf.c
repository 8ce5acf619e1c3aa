/* tests/rtp/test_jitbuf.c - the fixed-delay jitter buffer (rtp/jitbuf.h).
 *
 * Proves: frames come out in timestamp order after exactly `delay_frames` periods;
 * reordering is undone; late frames are dropped and counted; duplicates are counted;
 * gaps are concealed with silence or a bounded repeat of the last frame; a schedule
 * with random network delay below the buffer's depth plays every frame, one above
 * does not; timestamps wrap; a far jump restarts the timeline.
 */
#include "net/rand.h"
#include "rtp/jitbuf.h"
#include "tests/support/harness.h"

#include <errno.h>

#define N 160

static struct rtp_jitbuf jb;
static int16_t frame[N], out[N];

/* A frame whose every sample is `v`, so the output tells which frame played. */
static const int16_t *mark(int16_t v)
{
	for (int i = 0; i < N; i++)
		frame[i] = v;
	return frame;
}

static void open_jb(unsigned delay, enum rtp_jitbuf_conceal conceal)
{
	struct rtp_jitbuf_config cfg = { N, delay, conceal };

	rtp_jitbuf_fini(&jb);
	CU_ASSERT_EQUAL(rtp_jitbuf_init(&jb, &cfg), 0);
}

static void setup(void)
{
	struct rtp_jitbuf_config cfg = { N, 3, RTP_JITBUF_CONCEAL_SILENCE };

	rtp_jitbuf_init(&jb, &cfg);
}

static void teardown(void)
{
	rtp_jitbuf_fini(&jb);
}

static void test_impl_jitbuf_plays_in_order_after_the_fixed_delay(void)
{
	CU_ASSERT_EQUAL(rtp_jitbuf_get(&jb, out), RTP_JITBUF_IDLE);  /* no stream yet */
	CU_ASSERT_EQUAL(rtp_jitbuf_put(&jb, 1000, mark(1), N), RTP_JITBUF_STORED);
	for (int i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(rtp_jitbuf_put(&jb, 1000 + N * (i + 1), mark((int16_t)(i + 2)), N),
				RTP_JITBUF_STORED);
		CU_ASSERT_EQUAL(rtp_jitbuf_get(&jb, out), RTP_JITBUF_IDLE);
		CU_ASSERT_EQUAL(out[0], 0);
	}
	for (int i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(rtp_jitbuf_get(&jb, out), RTP_JITBUF_PLAYED);
		CU_ASSERT_EQUAL(out[0], i + 1);
		CU_ASSERT_EQUAL(out[N - 1], i + 1);
	}
	CU_ASSERT_EQUAL(jb.stats.played, 4);
	CU_ASSERT_EQUAL(jb.stats.received, 4);
}

static void test_impl_jitbuf_undoes_reordering(void)
{
	rtp_jitbuf_put(&jb, 0, mark(1), N);
	rtp_jitbuf_put(&jb, 2 * N, mark(3), N);
	rtp_jitbuf_put(&jb, 1 * N, mark(2), N);
	for (int i = 0; i < 3; i++)
		rtp_jitbuf_get(&jb, out);
	for (int i = 1; i <= 3; i++) {
		CU_ASSERT_EQUAL(rtp_jitbuf_get(&jb, out), RTP_JITBUF_PLAYED);
		CU_ASSERT_EQUAL(out[0], i);
	}
	CU_ASSERT_EQUAL(jb.stats.concealed, 0);
}

static void test_impl_jitbuf_drops_late_frames_and_counts_duplicates(void)
{
	rtp_jitbuf_put(&jb, 0, mark(1), N);
	CU_ASSERT_EQUAL(rtp_jitbuf_put(&jb, 0, mark(1), N), RTP_JITBUF_DUPLICATE);
	for (int i = 0; i < 4; i++)
		rtp_jitbuf_get(&jb, out);           /* 3 idle, then frame 0 */
	CU_ASSERT_EQUAL(rtp_jitbuf_get(&jb, out), RTP_JITBUF_CONCEALED);  /* frame 1 due */
	CU_ASSERT_EQUAL(rtp_jitbuf_put(&jb, N, mark(2), N), RTP_JITBUF_LATE);
	CU_ASSERT_EQUAL(rtp_jitbuf_put(&jb, 0, mark(1), N), RTP_JITBUF_LATE);
	CU_ASSERT_EQUAL(jb.stats.late, 2);
	CU_ASSERT_EQUAL(jb.stats.duplicates, 1);
	CU_ASSERT_EQUAL(jb.stats.concealed, 1);
	CU_ASSERT_EQUAL(jb.stats.played, 1);
}

/* Silence concealment: a missing frame plays as zeros. */
static void test_impl_jitbuf_conceals_a_gap_with_silence(void)
{
	rtp_jitbuf_put(&jb, 0, mark(7), N);
	rtp_jitbuf_put(&jb, 2 * N, mark(9), N);  /* frame 1 never comes */
	for (int i = 0; i < 4; i++)
		rtp_jitbuf_get(&jb, out);
	CU_ASSERT_EQUAL(rtp_jitbuf_get(&jb, out), RTP_JITBUF_CONCEALED);
	CU_ASSERT_EQUAL(out[0], 0);
	CU_ASSERT_EQUAL(rtp_jitbuf_get(&jb, out), RTP_JITBUF_PLAYED);
	CU_ASSERT_EQUAL(out[0], 9);
}

/* Repeat concealment: the last frame again, at most RTP_JITBUF_MAX_REPEAT times, then
 * silence (a frozen frame repeated forever would buzz). */
static void test_impl_jitbuf_conceals_by_repeating_the_last_frame(void)
{
	open_jb(0, RTP_JITBUF_CONCEAL_REPEAT);
	rtp_jitbuf_put(&jb, 0, mark(5), N);
	CU_ASSERT_EQUAL(rtp_jitbuf_get(&jb, out), RTP_JITBUF_PLAYED);
	for (int i = 0; i < RTP_JITBUF_MAX_REPEAT; i++) {
		CU_ASSERT_EQUAL(rtp_jitbuf_get(&jb, out), RTP_JITBUF_CONCEALED);
		CU_ASSERT_EQUAL(out[0], 5);
	}
	CU_ASSERT_EQUAL(rtp_jitbuf_get(&jb, out), RTP_JITBUF_CONCEALED);
	CU_ASSERT_EQUAL(out[0], 0);
	CU_ASSERT_EQUAL(jb.stats.concealed, RTP_JITBUF_MAX_REPEAT + 1);
}

/* Runs 200 frames sent every 20 ms with a network delay drawn in [0, max_ms) ms (the
 * first frame on time) through a buffer of `delay` frames; get() runs every 20 ms from
 * the first arrival.  Frame k plays at 20 * (delay + k + 1) ms, so it is late only if
 * its delay reaches 20 * (delay + 1) ms.  Returns the number of late frames. */
static uint32_t run_schedule(unsigned delay, unsigned max_ms)
{
	struct net_rand r;
	uint64_t arrive[200];
	int last = -1;

	open_jb(delay, RTP_JITBUF_CONCEAL_SILENCE);
	net_rand_seed(&r, 4711);
	for (int k = 0; k < 200; k++)
		arrive[k] = (uint64_t)k * 20000 + (k == 0 ? 0 : net_rand_below(&r, max_ms * 1000));
	for (uint64_t t = 0; t <= (205ULL + delay) * 20000; t += 1000) {  /* 1 ms steps */
		for (int k = 0; k < 200; k++)
			if (arrive[k] == t || (arrive[k] > t - 1000 && arrive[k] < t))
				rtp_jitbuf_put(&jb, (uint32_t)k * N, mark((int16_t)k), N);
		if (t > 0 && t % 20000 == 0 && t <= (200ULL + delay) * 20000 &&
		    rtp_jitbuf_get(&jb, out) == RTP_JITBUF_PLAYED) {
			CU_ASSERT(out[0] > last);  /* in timestamp order */
			last = out[0];
		}
	}
	return jb.stats.late;
}

/* The point of the buffer: delay variation below its depth costs nothing. */
static void test_impl_jitbuf_absorbs_jitter_below_its_depth(void)
{
	CU_ASSERT_EQUAL(run_schedule(3, 79), 0);   /* up to 79 ms < 20 * (3 + 1) */
	CU_ASSERT_EQUAL(jb.stats.played, 200);
	CU_ASSERT_EQUAL(jb.stats.concealed, 0);
	CU_ASSERT(run_schedule(1, 79) > 0);        /* the same network, 40 ms of buffer */
	CU_ASSERT_EQUAL(jb.stats.played + jb.stats.late, 200);
}

/* RFC 3550 timestamps wrap at 2^32; the buffer's arithmetic is modular. */
static void test_impl_jitbuf_timestamps_wrap(void)
{
	uint32_t ts = 0xFFFFFFFFu - N + 1;  /* frames at 2^32 - 160, 0, 160 */

	open_jb(0, RTP_JITBUF_CONCEAL_SILENCE);
	rtp_jitbuf_put(&jb, ts, mark(1), N);
	rtp_jitbuf_put(&jb, ts + 2 * N, mark(3), N);
	rtp_jitbuf_put(&jb, ts + N, mark(2), N);
	for (int i = 1; i <= 3; i++) {
		CU_ASSERT_EQUAL(rtp_jitbuf_get(&jb, out), RTP_JITBUF_PLAYED);
		CU_ASSERT_EQUAL(out[0], i);
	}
}

/* A timestamp far outside the window (a restarted sender) starts a new timeline. */
static void test_impl_jitbuf_restarts_on_a_far_timestamp(void)
{
	rtp_jitbuf_put(&jb, 0, mark(1), N);
	CU_ASSERT_EQUAL(rtp_jitbuf_put(&jb, 1000000, mark(2), N), RTP_JITBUF_RESYNC);
	CU_ASSERT_EQUAL(jb.stats.resyncs, 1);
	CU_ASSERT_EQUAL(rtp_jitbuf_put(&jb, 1000000 + N, mark(3), N), RTP_JITBUF_STORED);
	for (int i = 0; i < 3; i++)
		rtp_jitbuf_get(&jb, out);
	CU_ASSERT_EQUAL(rtp_jitbuf_get(&jb, out), RTP_JITBUF_PLAYED);
	CU_ASSERT_EQUAL(out[0], 2);
	/* A short frame is padded with zeros. */
	rtp_jitbuf_put(&jb, 1000000 + 2 * N, mark(4), 10);
	rtp_jitbuf_get(&jb, out);
	CU_ASSERT_EQUAL(rtp_jitbuf_get(&jb, out), RTP_JITBUF_PLAYED);
	CU_ASSERT_EQUAL(out[9], 4);
	CU_ASSERT_EQUAL(out[10], 0);
}

static void test_impl_jitbuf_rejects_bad_configuration(void)
{
	struct rtp_jitbuf x;
	struct rtp_jitbuf_config cfg = { 0, 3, RTP_JITBUF_CONCEAL_SILENCE };

	CU_ASSERT_EQUAL(rtp_jitbuf_init(&x, &cfg), EINVAL);
	cfg.frame_samples = RTP_JITBUF_MAX_FRAME + 1;
	CU_ASSERT_EQUAL(rtp_jitbuf_init(&x, &cfg), EINVAL);
	cfg.frame_samples = N;
	cfg.delay_frames = RTP_JITBUF_SLOTS;
	CU_ASSERT_EQUAL(rtp_jitbuf_init(&x, &cfg), EINVAL);
	rtp_jitbuf_fini(&x);
}

static const struct th_test jitbuf_tests[] = {
	TH_TEST(test_impl_jitbuf_plays_in_order_after_the_fixed_delay),
	TH_TEST(test_impl_jitbuf_undoes_reordering),
	TH_TEST(test_impl_jitbuf_drops_late_frames_and_counts_duplicates),
	TH_TEST(test_impl_jitbuf_conceals_a_gap_with_silence),
	TH_TEST(test_impl_jitbuf_conceals_by_repeating_the_last_frame),
	TH_TEST(test_impl_jitbuf_absorbs_jitter_below_its_depth),
	TH_TEST(test_impl_jitbuf_timestamps_wrap),
	TH_TEST(test_impl_jitbuf_restarts_on_a_far_timestamp),
	TH_TEST(test_impl_jitbuf_rejects_bad_configuration),
	TH_END
};

static const struct th_suite suites[] = {
	{ "Fixed-delay jitter buffer (RFC3550 6.4.1 jitter absorbed)", jitbuf_tests, setup,
	  teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
