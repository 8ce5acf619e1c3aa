/* tests/rtp/test_source.c - receive statistics of one source (rtp/source.h).
 *
 * Proves: A.1 probation, 16-bit wrap-around, large jumps and restarts; duplicates and
 * reordered packets told apart; A.3 expected/lost/fraction on schedules with known
 * answers; A.8 jitter on synthetic arrival schedules whose expected values are worked
 * out by hand in the comments; LSR/DLSR with the numbers of RFC 3550 Figure 2.
 */
#include "rtp/source.h"
#include "tests/support/harness.h"

#include <math.h>

#define RATE 8000
#define FRAME_US 20000  /* 20 ms = 160 timestamp units at 8 kHz */

static struct rtp_source s;

/* Feeds seq with timestamp 160 * seq, arriving on time (20 ms apart). */
static enum rtp_seq_verdict feed(uint16_t seq)
{
	return rtp_source_on_packet(&s, seq, 160u * seq, (uint64_t)seq * FRAME_US);
}

/* A new, validated source whose first valid packet is `first` (first - 1 was dropped by
 * probation). */
static void start_valid(uint16_t first)
{
	rtp_source_init(&s, 0x1234, (uint16_t)(first - 1), RATE);
	feed((uint16_t)(first - 1));
	feed(first);
}

/* RFC3550 A.1: "The routine update_seq shown below ensures that a source is declared
 * valid only after MIN_SEQUENTIAL packets have been received in sequence." */
static void test_rfc3550_a_1_new_source_valid_after_two_sequential_packets(void)
{
	rtp_source_init(&s, 7, 100, RATE);
	CU_ASSERT_FALSE(rtp_source_valid(&s));
	CU_ASSERT_EQUAL(feed(100), RTP_SEQ_PROBATION);
	CU_ASSERT_FALSE(rtp_source_valid(&s));
	CU_ASSERT_EQUAL(feed(101), RTP_SEQ_IN_ORDER);
	CU_ASSERT_TRUE(rtp_source_valid(&s));
	CU_ASSERT_EQUAL(s.received, 1);
	CU_ASSERT_EQUAL(s.base_seq, 101);
	CU_ASSERT_EQUAL(rtp_source_expected(&s), 1);
	CU_ASSERT_EQUAL(s.dropped, 1);
}

/* A.1: a packet out of sequence during probation restarts the count from it. */
static void test_rfc3550_a_1_probation_restarts_on_a_gap(void)
{
	rtp_source_init(&s, 7, 100, RATE);
	CU_ASSERT_EQUAL(feed(100), RTP_SEQ_PROBATION);
	CU_ASSERT_EQUAL(feed(105), RTP_SEQ_PROBATION);
	CU_ASSERT_EQUAL(s.probation, RTP_MIN_SEQUENTIAL - 1);
	CU_ASSERT_EQUAL(feed(106), RTP_SEQ_IN_ORDER);
	CU_ASSERT_EQUAL(s.base_seq, 106);
	CU_ASSERT_EQUAL(rtp_source_expected(&s), 1);
}

/* RFC3550 A.1: "If the new sequence number is ahead of max_seq modulo the RTP sequence
 * number range (16 bits), but is smaller than max_seq, it has wrapped around and the
 * (shifted) count of sequence number cycles is incremented." */
static void test_rfc3550_a_1_sequence_wrap_counts_a_cycle(void)
{
	start_valid(65534);
	CU_ASSERT_EQUAL(feed(65535), RTP_SEQ_IN_ORDER);
	CU_ASSERT_EQUAL(feed(0), RTP_SEQ_IN_ORDER);
	CU_ASSERT_EQUAL(feed(1), RTP_SEQ_IN_ORDER);
	CU_ASSERT_EQUAL(s.cycles, 65536);
	CU_ASSERT_EQUAL(rtp_source_extended_max(&s), 0x00010001);
	/* expected = extended_max - base_seq + 1 = 65537 - 65534 + 1 = 4, all received */
	CU_ASSERT_EQUAL(rtp_source_expected(&s), 4);
	CU_ASSERT_EQUAL(s.received, 4);
	CU_ASSERT_EQUAL(rtp_source_lost(&s), 0);
	/* A packet from before the wrap arriving late is reordered, not a new cycle. */
	CU_ASSERT_EQUAL(feed(65533), RTP_SEQ_REORDERED);
	CU_ASSERT_EQUAL(s.cycles, 65536);
}

/* RFC3550 A.1: "If the next packet received carries the next higher sequence number, it
 * is considered the valid start of a new packet sequence presumably caused by an
 * extended dropout or a source restart. ... the packet loss statistics are reset." */
static void test_rfc3550_a_1_large_jump_confirmed_by_next_packet_restarts(void)
{
	start_valid(1000);
	feed(1001);
	CU_ASSERT_EQUAL(feed(9000), RTP_SEQ_BAD);
	CU_ASSERT_EQUAL(s.received, 2);   /* the bad packet is not counted */
	CU_ASSERT_EQUAL(feed(9001), RTP_SEQ_RESTARTED);
	CU_ASSERT_EQUAL(s.base_seq, 9001);
	CU_ASSERT_EQUAL(s.received, 1);
	CU_ASSERT_EQUAL(rtp_source_expected(&s), 1);
	CU_ASSERT_EQUAL(rtp_source_lost(&s), 0);
}

/* A single stray packet far away is dropped, and the stream continues unharmed. */
static void test_rfc3550_a_1_single_large_jump_is_ignored(void)
{
	start_valid(1000);
	CU_ASSERT_EQUAL(feed(30000), RTP_SEQ_BAD);
	CU_ASSERT_EQUAL(feed(1001), RTP_SEQ_IN_ORDER);
	CU_ASSERT_EQUAL(s.max_seq, 1001);
	CU_ASSERT_EQUAL(rtp_source_expected(&s), 2);
	/* More than MAX_MISORDER (100) behind is also a "very large jump". */
	CU_ASSERT_EQUAL(feed(1001 - 150), RTP_SEQ_BAD);
	CU_ASSERT_EQUAL(feed(1001 - 99), RTP_SEQ_REORDERED);
}

/* RFC3550 6.4.1: "the number of packets received includes any which are late or
 * duplicates ... the loss may be negative if there are duplicates."  The window tells
 * a late packet (never seen) from a copy. */
static void test_rfc3550_a_1_duplicates_and_reordered_told_apart(void)
{
	start_valid(11);
	CU_ASSERT_EQUAL(feed(12), RTP_SEQ_IN_ORDER);
	CU_ASSERT_EQUAL(feed(14), RTP_SEQ_IN_ORDER);
	CU_ASSERT_EQUAL(feed(13), RTP_SEQ_REORDERED);
	CU_ASSERT_EQUAL(feed(13), RTP_SEQ_DUPLICATE);
	CU_ASSERT_EQUAL(feed(14), RTP_SEQ_DUPLICATE);
	CU_ASSERT_EQUAL(s.reordered, 1);
	CU_ASSERT_EQUAL(s.duplicates, 2);
	/* received 11, 12, 14, 13, 13, 14 = 6; expected 14 - 11 + 1 = 4; lost = -2 */
	CU_ASSERT_EQUAL(s.received, 6);
	CU_ASSERT_EQUAL(rtp_source_expected(&s), 4);
	CU_ASSERT_EQUAL(rtp_source_lost(&s), -2);
	/* The window survives a jump of more than 64: 14 is still known 99 packets later
	 * (100 behind would already be a "very large jump" for A.1). */
	CU_ASSERT_EQUAL(feed(113), RTP_SEQ_IN_ORDER);
	CU_ASSERT_EQUAL(feed(14), RTP_SEQ_DUPLICATE);
	CU_ASSERT_EQUAL(feed(15), RTP_SEQ_REORDERED);
}

/* RFC3550 A.3: "expected = extended_max - s->base_seq + 1; ... lost = expected -
 * s->received; ... fraction = (lost_interval << 8) / expected_interval;" */
static void test_rfc3550_a_3_expected_lost_and_fraction(void)
{
	struct rtcp_report_block b;

	start_valid(1);  /* received: 1 */
	for (uint16_t seq = 2; seq <= 100; seq++)
		if (seq % 20 != 0)  /* 20, 40, 60, 80 and 100 are lost */
			feed(seq);
	feed(101);
	/* expected = 101 - 1 + 1 = 101; received = 101 - 5 = 96; lost = 5 */
	CU_ASSERT_EQUAL(rtp_source_expected(&s), 101);
	CU_ASSERT_EQUAL(s.received, 96);
	rtp_source_report_block(&s, 0, &b);
	CU_ASSERT_EQUAL(b.cumulative_lost, 5);
	CU_ASSERT_EQUAL(b.fraction_lost, (5 << 8) / 101);  /* 12: 4.95 % of 256 */
	CU_ASSERT_EQUAL(b.fraction_lost, 12);
	CU_ASSERT_EQUAL(b.ext_highest_seq, 101);
	/* Next interval: 100 more, none lost: fraction 0, cumulative still 5. */
	for (uint16_t seq = 102; seq <= 201; seq++)
		feed(seq);
	rtp_source_report_block(&s, 0, &b);
	CU_ASSERT_EQUAL(b.fraction_lost, 0);
	CU_ASSERT_EQUAL(b.cumulative_lost, 5);
	/* Then 1 of 4 lost: 64/256 exactly. */
	feed(202);
	feed(204);
	feed(205);
	rtp_source_report_block(&s, 0, &b);
	CU_ASSERT_EQUAL(b.fraction_lost, 64);
	CU_ASSERT_EQUAL(b.cumulative_lost, 6);
}

/* RFC3550 6.4.1: "If the loss is negative due to duplicates, the fraction lost is set
 * to zero." */
static void test_rfc3550_6_4_1_negative_loss_gives_zero_fraction(void)
{
	struct rtcp_report_block b;

	start_valid(1);
	feed(2);
	feed(2);
	feed(2);
	rtp_source_report_block(&s, 0, &b);
	CU_ASSERT_EQUAL(b.cumulative_lost, -2);
	CU_ASSERT_EQUAL(b.fraction_lost, 0);
}

/* RFC3550 A.3: "Since this signed number is carried in 24 bits, it should be clamped at
 * 0x7fffff for positive loss or 0x800000 for negative loss rather than wrapping around." */
static void test_rfc3550_a_3_cumulative_loss_clamped_to_24_bits(void)
{
	start_valid(0);
	s.cycles = 0x01000000;  /* 256 cycles: expected = 0x01000001, received = 1 */
	CU_ASSERT_EQUAL(rtp_source_lost(&s), 0x7FFFFF);
	s.cycles = 0;
	s.received = 0x01000000;  /* 16 M received, 1 expected */
	CU_ASSERT_EQUAL(rtp_source_lost(&s), -0x800000);
}

/* RFC3550 A.8: with packets sent 20 ms (160 units) apart and arriving exactly as spaced,
 * the relative transit time is constant, every D is 0 and the jitter stays 0. */
static void test_rfc3550_a_8_constant_transit_gives_zero_jitter(void)
{
	rtp_source_init(&s, 1, 0, RATE);
	for (uint32_t i = 0; i < 50; i++)  /* a fixed 37 ms network delay */
		rtp_source_on_packet(&s, (uint16_t)i, 5000 + 160 * i, 37000 + (uint64_t)i * FRAME_US);
	CU_ASSERT_EQUAL(s.jitter, 0.0);
	CU_ASSERT_EQUAL(rtp_source_jitter(&s), 0);
}

/* RFC3550 6.4.1: "J(i) = J(i-1) + (|D(i-1,i)| - J(i-1))/16".
 * Schedule: packets every 20 ms (ts step 160); delay alternates 0, 10 ms, 0, 10 ms.
 * 10 ms = 80 timestamp units, so after the first packet every |D| is 80:
 *   J1 = 0 + (80 - 0)/16            = 5
 *   J2 = 5 + (80 - 5)/16            = 9.6875
 *   J3 = 9.6875 + (80 - 9.6875)/16  = 14.08203125   (= 80 * (1 - (15/16)^3))
 * The report carries the integer part: 14.  (The probation packet seq 0 is not used.) */
static void test_rfc3550_a_8_jitter_on_alternating_delay(void)
{
	static const uint64_t delay_us[] = {0, 0, 10000, 0, 10000};

	rtp_source_init(&s, 1, 0, RATE);
	for (uint32_t i = 0; i < 5; i++)
		rtp_source_on_packet(&s, (uint16_t)i, 160 * i, i * FRAME_US + delay_us[i]);
	CU_ASSERT_DOUBLE_EQUAL(s.jitter, 14.08203125, 1e-12);
	CU_ASSERT_EQUAL(rtp_source_jitter(&s), 14);
	/* Ten more such steps: J = 80 * (1 - (15/16)^13) = 45.06..., still below 80. */
	for (uint32_t i = 5; i < 15; i++)
		rtp_source_on_packet(&s, (uint16_t)i, 160 * i, i * FRAME_US + (i % 2 ? 0 : 10000));
	CU_ASSERT_DOUBLE_EQUAL(s.jitter, 80.0 * (1.0 - pow(15.0 / 16.0, 13)), 1e-9);
}

/* RFC3550 6.4.1: jitter is "measured in timestamp units".  One 5 ms hiccup (40 units at
 * 8 kHz) gives J = 40/16 = 2.5 -> 2; computed in microseconds it would read 312. */
static void test_rfc3550_a_8_jitter_is_in_timestamp_units(void)
{
	rtp_source_init(&s, 1, 0, RATE);
	rtp_source_on_packet(&s, 0, 0, 0);
	rtp_source_on_packet(&s, 1, 160, 20000);
	rtp_source_on_packet(&s, 2, 320, 45000);  /* 5 ms late */
	CU_ASSERT_DOUBLE_EQUAL(s.jitter, 2.5, 1e-12);
	CU_ASSERT_EQUAL(rtp_source_jitter(&s), 2);
}

/* RFC3550 6.4.1: D is computed "for that packet and the previous packet i-1 in order of
 * arrival (not necessarily in sequence)".
 * Sent at 0, 20, 40, 60 ms with ts 0, 160, 320, 480.  Seq 1 arrives at 20 ms (transit
 * 0), seq 3 at 65 ms (r = 520, transit 40), seq 2 at 70 ms (r = 560, transit 240):
 *   J = 0 + (40 - 0)/16 = 2.5;  J = 2.5 + (200 - 2.5)/16 = 14.84375  -> 14. */
static void test_rfc3550_a_8_jitter_follows_arrival_order(void)
{
	rtp_source_init(&s, 1, 0, RATE);
	rtp_source_on_packet(&s, 0, 0, 0);
	rtp_source_on_packet(&s, 1, 160, 20000);
	CU_ASSERT_EQUAL(rtp_source_on_packet(&s, 3, 480, 65000), RTP_SEQ_IN_ORDER);
	CU_ASSERT_EQUAL(rtp_source_on_packet(&s, 2, 320, 70000), RTP_SEQ_REORDERED);
	CU_ASSERT_DOUBLE_EQUAL(s.jitter, 14.84375, 1e-12);
	CU_ASSERT_EQUAL(rtp_source_jitter(&s), 14);
}

/* RTP timestamps wrap at 2^32 and the arrival clock is converted modulo 2^32 too: the
 * transit difference stays small and the jitter 0 across the wrap. */
static void test_rfc3550_a_8_jitter_across_timestamp_wrap(void)
{
	uint32_t ts0 = 0xFFFFFF00u;

	rtp_source_init(&s, 1, 0, RATE);
	for (uint32_t i = 0; i < 6; i++)
		rtp_source_on_packet(&s, (uint16_t)i, ts0 + 160 * i,
				     1000000000000ULL + (uint64_t)i * FRAME_US);
	CU_ASSERT_EQUAL(s.jitter, 0.0);
}

/* RFC3550 6.4.1 with the numbers of Figure 2: an SR with NTP 0xb44db705:20000000 is
 * received, and the report goes out 5.25 s later: LSR = 0xb7052000, DLSR = 0x00054000. */
static void test_rfc3550_6_4_1_lsr_and_dlsr_from_the_last_sr(void)
{
	struct rtcp_report_block b;

	start_valid(1);
	rtp_source_report_block(&s, 1000000, &b);
	/* "If no SR has been received yet, the field is set to zero." (both fields) */
	CU_ASSERT_EQUAL(b.lsr, 0);
	CU_ASSERT_EQUAL(b.dlsr, 0);
	rtp_source_on_sr(&s, 0xb44db70520000000ULL, 1000000);
	rtp_source_report_block(&s, 1000000 + 5250000, &b);
	CU_ASSERT_EQUAL(b.ssrc, 0x1234);
	CU_ASSERT_EQUAL(b.lsr, 0xb7052000);
	CU_ASSERT_EQUAL(b.dlsr, 0x00054000);
}

static const struct th_test a1_tests[] = {
	TH_TEST(test_rfc3550_a_1_new_source_valid_after_two_sequential_packets),
	TH_TEST(test_rfc3550_a_1_probation_restarts_on_a_gap),
	TH_TEST(test_rfc3550_a_1_sequence_wrap_counts_a_cycle),
	TH_TEST(test_rfc3550_a_1_large_jump_confirmed_by_next_packet_restarts),
	TH_TEST(test_rfc3550_a_1_single_large_jump_is_ignored),
	TH_TEST(test_rfc3550_a_1_duplicates_and_reordered_told_apart),
	TH_END
};

static const struct th_test a3_tests[] = {
	TH_TEST(test_rfc3550_a_3_expected_lost_and_fraction),
	TH_TEST(test_rfc3550_6_4_1_negative_loss_gives_zero_fraction),
	TH_TEST(test_rfc3550_a_3_cumulative_loss_clamped_to_24_bits),
	TH_TEST(test_rfc3550_6_4_1_lsr_and_dlsr_from_the_last_sr),
	TH_END
};

static const struct th_test a8_tests[] = {
	TH_TEST(test_rfc3550_a_8_constant_transit_gives_zero_jitter),
	TH_TEST(test_rfc3550_a_8_jitter_on_alternating_delay),
	TH_TEST(test_rfc3550_a_8_jitter_is_in_timestamp_units),
	TH_TEST(test_rfc3550_a_8_jitter_follows_arrival_order),
	TH_TEST(test_rfc3550_a_8_jitter_across_timestamp_wrap),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3550 A.1 RTP sequence number validation", a1_tests, NULL, NULL },
	{ "RFC3550 A.3 packets expected and lost", a3_tests, NULL, NULL },
	{ "RFC3550 A.8 interarrival jitter", a8_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
