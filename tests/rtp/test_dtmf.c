/* tests/rtp/test_dtmf.c - RFC 4733 telephone-events (rtp/dtmf.h).
 *
 * Proves: the payload's fields at their bit positions, R sent as 0 and ignored; the
 * sender's packet train for a digit (marker on the first only, fixed timestamp, growing
 * duration, the end packet three times); zero durations never sent and ignored; long
 * events split into 0xFFFF segments and joined again only when adjacent; the receiver
 * reporting one begin and one end per digit through retransmissions, lost first
 * packets and back-to-back digits; the DTMF event codes.
 */
#include "rtp/dtmf.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <string.h>

/* RFC4733 2.3: "|     event     |E|R| volume    |          duration             |" */
static void test_rfc4733_2_3_payload_fields_at_their_bit_positions(void)
{
	struct rtp_dtmf_event e = { 5, true, 10, 800 }, q;
	uint8_t out[4];

	CU_ASSERT_EQUAL(rtp_dtmf_event_write(&e, out), 0);
	CU_ASSERT_EQUAL(out[0], 5);
	CU_ASSERT_EQUAL(out[1], 0x8A);  /* E=1 R=0 volume=001010 */
	CU_ASSERT_EQUAL(out[2], 0x03);
	CU_ASSERT_EQUAL(out[3], 0x20);  /* 800 */
	/* RFC4733 2.3.3: "the receiver MUST ignore it [R]." */
	out[1] |= 0x40;
	CU_ASSERT_EQUAL(rtp_dtmf_event_parse(out, 4, &q), 0);
	CU_ASSERT_EQUAL(q.event, 5);
	CU_ASSERT_TRUE(q.end);
	CU_ASSERT_EQUAL(q.volume, 10);
	CU_ASSERT_EQUAL(q.duration, 800);
	CU_ASSERT_EQUAL(rtp_dtmf_event_parse(out, 3, &q), EBADMSG);
	/* RFC4733 2.3.4: "Power levels range from 0 to -63 dBm0." */
	e.volume = 64;
	CU_ASSERT_EQUAL(rtp_dtmf_event_write(&e, out), EINVAL);
}

/* RFC4733 2.3.3: "This field is reserved for future use.  The sender MUST set it to
 * zero, and the receiver MUST ignore it." */
static void test_rfc4733_2_3_3_r_bit_sent_as_zero_and_ignored(void)
{
	static const uint8_t octet1[4] = {0x00, 0x3F, 0x80, 0xBF};  /* R (0x40) always 0 */
	uint8_t out[4], in[4] = {9, 0x40 | 0x0A, 0x01, 0x40};
	struct rtp_dtmf_event q;

	for (int i = 0; i < 4; i++) {
		struct rtp_dtmf_event e = { 9, i >= 2, i % 2 ? 63 : 0, 320 };

		CU_ASSERT_EQUAL(rtp_dtmf_event_write(&e, out), 0);
		CU_ASSERT_EQUAL(out[1], octet1[i]);
	}
	CU_ASSERT_EQUAL(rtp_dtmf_event_parse(in, 4, &q), 0);  /* R=1, E=0, volume 10 */
	CU_ASSERT_FALSE(q.end);
	CU_ASSERT_EQUAL(q.volume, 10);
	CU_ASSERT_EQUAL(q.duration, 320);
	in[1] = 0xFF;                                         /* E=1, R=1, volume 63 */
	CU_ASSERT_EQUAL(rtp_dtmf_event_parse(in, 4, &q), 0);
	CU_ASSERT_TRUE(q.end);
	CU_ASSERT_EQUAL(q.volume, 63);
}

struct train {
	int n;
	uint8_t payload[64][4];
	bool marker[64];
	uint32_t ts[64];
};

static void send_all(struct rtp_dtmf_sender *s, struct train *t)
{
	t->n = 0;
	while (t->n < 64 && rtp_dtmf_sender_next(s, t->payload[t->n], &t->marker[t->n], &t->ts[t->n]))
		t->n++;
}

/* RFC4733 2.5.1.2: "The first packet for an event MUST have the M bit set.  The final
 * packet for an event MUST have the E bit set ... Intermediate packets for an event MUST
 * NOT have either the M bit or the E bit set." and "The update packets MUST have the
 * same RTP timestamp value as the initial packet for the event, but the duration MUST be
 * increased to reflect the total cumulative duration".
 * RFC4733 2.5.1.4: "The final packet ... SHOULD be sent a total of three times".
 * A 100 ms digit (800 units) with 20 ms updates: 160, 320, 480, 640, 800E x 3. */
static void test_rfc4733_2_5_1_2_digit_packet_train(void)
{
	struct rtp_dtmf_sender s;
	struct train t;
	struct rtp_dtmf_event e;
	static const uint16_t dur[7] = {160, 320, 480, 640, 800, 800, 800};

	CU_ASSERT_EQUAL(rtp_dtmf_sender_start(&s, 1, 10, 123456, 800, 160), 0);
	send_all(&s, &t);
	CU_ASSERT_EQUAL_FATAL(t.n, 7);
	for (int i = 0; i < 7; i++) {
		rtp_dtmf_event_parse(t.payload[i], 4, &e);
		CU_ASSERT_EQUAL(e.event, 1);
		CU_ASSERT_EQUAL(e.volume, 10);
		CU_ASSERT_EQUAL(e.duration, dur[i]);
		CU_ASSERT_EQUAL(e.end, i >= 4);
		CU_ASSERT_EQUAL(t.marker[i], i == 0);
		CU_ASSERT_EQUAL(t.ts[i], 123456);
	}
	CU_ASSERT_FALSE(rtp_dtmf_sender_next(&s, t.payload[0], &t.marker[0], &t.ts[0]));
	/* A digit shorter than one update: the first packet is also the end. */
	rtp_dtmf_sender_start(&s, 11, 0, 0, 100, 160);
	send_all(&s, &t);
	CU_ASSERT_EQUAL(t.n, 3);
	rtp_dtmf_event_parse(t.payload[0], 4, &e);
	CU_ASSERT(e.end && e.duration == 100 && t.marker[0] && !t.marker[1]);
	CU_ASSERT_EQUAL(rtp_dtmf_sender_start(&s, 1, 64, 0, 800, 160), EINVAL);
	CU_ASSERT_EQUAL(rtp_dtmf_sender_start(&s, 1, 0, 0, 0, 160), EINVAL);
}

/* RFC4733 2.5.1.4: "The final packet for each event and for each segment SHOULD be sent
 * a total of three times at the interval used by the source for updates." ... "Once the
 * sender has set the E bit for a packet, it MUST continue to set the E bit for any
 * further retransmissions of that packet."  One call of rtp_dtmf_sender_next is one
 * update interval: the last three calls give the same packet, then the sender is done.
 * (Segment ends of a long event are sent once: see dtmf.h.) */
static void test_rfc4733_2_5_1_4_final_packet_sent_three_times(void)
{
	static const uint8_t final[4] = {7, 0x80 | 20, 0x01, 0xE0};  /* E, 480 units */
	struct rtp_dtmf_sender s;
	struct train t;

	CU_ASSERT_EQUAL(rtp_dtmf_sender_start(&s, 7, 20, 40000, 480, 160), 0);
	send_all(&s, &t);
	CU_ASSERT_EQUAL_FATAL(t.n, 3 + 2);
	for (int i = 0; i < t.n; i++) {
		CU_ASSERT_EQUAL(memcmp(t.payload[i], final, 4) == 0, i >= 2);
		CU_ASSERT_EQUAL(t.ts[i], 40000);
		CU_ASSERT_EQUAL(t.marker[i], i == 0);
	}
	CU_ASSERT_FALSE(rtp_dtmf_sender_next(&s, t.payload[0], &t.marker[0], &t.ts[0]));
	CU_ASSERT_FALSE(s.active);
}

/* RFC4733 2.5.1.3: "If an event persists beyond the maximum duration expressible in the
 * duration field (0xFFFF), the sender MUST send a packet reporting this maximum
 * duration but MUST NOT set the E bit ... begin reporting a new "segment" with the RTP
 * timestamp set to the time at which the previous segment ended ... The M bit of the
 * first packet reporting the new segment MUST NOT be set."
 * RFC4733 2.5.2.3: "The total duration of a long-duration event is ... the duration of
 * the final segment ... plus 0xFFFF multiplied by the number of segments preceding".
 * 70000 units with 8000-unit (1 s) updates: 8000 ... 64000, 65535, 4465E x 3. */
static void test_rfc4733_2_5_1_3_long_event_split_into_segments_and_joined(void)
{
	struct rtp_dtmf_sender s;
	struct rtp_dtmf_receiver r;
	struct rtp_dtmf_report rep;
	struct train t;
	struct rtp_dtmf_event e;
	uint32_t total = 0;
	int ends = 0;

	rtp_dtmf_sender_start(&s, 0, 5, 1000, 70000, 8000);
	send_all(&s, &t);
	CU_ASSERT_EQUAL_FATAL(t.n, 8 + 1 + 3);
	rtp_dtmf_event_parse(t.payload[8], 4, &e);
	CU_ASSERT_EQUAL(e.duration, 0xFFFF);
	CU_ASSERT_FALSE(e.end);
	CU_ASSERT_EQUAL(t.ts[8], 1000);
	rtp_dtmf_event_parse(t.payload[9], 4, &e);
	CU_ASSERT_EQUAL(e.duration, 70000 - 0xFFFF);
	CU_ASSERT_TRUE(e.end);
	CU_ASSERT_EQUAL(t.ts[9], 1000 + 0xFFFF);
	CU_ASSERT_FALSE(t.marker[9]);
	rtp_dtmf_receiver_init(&r);
	for (int i = 0; i < t.n; i++) {
		rtp_dtmf_receiver_on_packet(&r, t.ts[i], t.marker[i], t.payload[i], 4, &rep);
		CU_ASSERT(!rep.began || i == 0);
		if (rep.ended) {
			ends++;
			total = rep.duration;
		}
	}
	CU_ASSERT_EQUAL(ends, 1);
	CU_ASSERT_EQUAL(total, 70000);
}

/* RFC4733 2.5.2.2: a receiver plays "until ... it receives a packet with the E bit set";
 * the end packet's retransmissions and any later report of the lapsed event "MUST be
 * ignored".  One begin, one end, for the seven packets of a digit. */
static void test_rfc4733_2_5_2_2_one_begin_and_one_end_per_digit(void)
{
	struct rtp_dtmf_sender s;
	struct rtp_dtmf_receiver r;
	struct rtp_dtmf_report rep;
	struct train t;
	int begins = 0, ends = 0;

	rtp_dtmf_sender_start(&s, 12, 10, 5000, 800, 160);
	send_all(&s, &t);
	rtp_dtmf_receiver_init(&r);
	for (int i = 0; i < t.n; i++) {
		CU_ASSERT_EQUAL(rtp_dtmf_receiver_on_packet(&r, t.ts[i], t.marker[i], t.payload[i],
							    4, &rep), 0);
		begins += rep.began;
		ends += rep.ended;
		if (rep.began)
			CU_ASSERT_EQUAL(rep.event, 12);
		if (rep.ended)
			CU_ASSERT(rep.ended_event == 12 && rep.duration == 800);
	}
	CU_ASSERT_EQUAL(begins, 1);
	CU_ASSERT_EQUAL(ends, 1);
	rtp_dtmf_receiver_on_packet(&r, t.ts[2], false, t.payload[2], 4, &rep);  /* stale */
	CU_ASSERT(!rep.began && !rep.ended);
	CU_ASSERT_EQUAL(r.events, 1);
	CU_ASSERT_EQUAL(rtp_dtmf_receiver_on_packet(&r, 0, false, t.payload[0], 2, &rep), EBADMSG);
}

/* RFC4733 2.5.2.2: "If a receiver receives an event packet for an event that it is not
 * currently playing out and the packet does not have the M bit set, earlier packets for
 * that event have evidently been lost." ... "the receiver MAY attempt to play the event
 * out".  And an unfinished digit ends when "the next tone, distinguished by a different
 * timestamp value" arrives (its end packets all lost). */
static void test_rfc4733_2_5_2_2_lost_packets_still_give_begin_and_end(void)
{
	struct rtp_dtmf_sender s;
	struct rtp_dtmf_receiver r;
	struct rtp_dtmf_report rep;
	struct train a, b;

	rtp_dtmf_sender_start(&s, 1, 10, 1000, 800, 160);
	send_all(&s, &a);
	rtp_dtmf_sender_start(&s, 2, 10, 3000, 800, 160);
	send_all(&s, &b);
	rtp_dtmf_receiver_init(&r);
	/* digit 1: first (marked) packet lost, all three end packets lost */
	rtp_dtmf_receiver_on_packet(&r, a.ts[1], a.marker[1], a.payload[1], 4, &rep);
	CU_ASSERT(rep.began && rep.event == 1);
	rtp_dtmf_receiver_on_packet(&r, a.ts[3], a.marker[3], a.payload[3], 4, &rep);
	CU_ASSERT(!rep.began && !rep.ended);
	/* digit 2 arrives: digit 1 ends with the longest duration heard (640) */
	rtp_dtmf_receiver_on_packet(&r, b.ts[0], b.marker[0], b.payload[0], 4, &rep);
	CU_ASSERT(rep.ended && rep.ended_event == 1 && rep.duration == 640);
	CU_ASSERT(rep.began && rep.event == 2);
	/* RFC4733 2.3.5: "The receiver SHOULD ignore an event report with zero duration if
	 * the event is not a state." */
	uint8_t zero[4] = {3, 0, 0, 0};

	rtp_dtmf_receiver_on_packet(&r, 9000, true, zero, 4, &rep);
	CU_ASSERT(!rep.began && !rep.ended);
}

/* RFC4733 2.3.5: "The special duration value of zero is reserved to indicate that the
 * event lasts "forever", i.e., is a state ... A sender MUST NOT transmit a zero duration
 * for events other than those defined as states.  The receiver SHOULD ignore an event
 * report with zero duration if the event is not a state."  DTMF digits are not states. */
static void test_rfc4733_2_3_5_zero_duration_never_sent_and_ignored(void)
{
	static const uint8_t zero[4] = {4, 0x0A, 0x00, 0x00};
	static const uint8_t playing[4] = {6, 0x0A, 0x01, 0x40};  /* 320 units */
	static const uint8_t ended[4] = {6, 0x8A, 0x01, 0xE0};    /* E, 480 units */
	struct rtp_dtmf_sender s;
	struct rtp_dtmf_receiver r;
	struct rtp_dtmf_report rep;
	struct rtp_dtmf_event e;
	struct train t;

	CU_ASSERT_EQUAL(rtp_dtmf_sender_start(&s, 4, 10, 0, 0, 160), EINVAL);
	rtp_dtmf_sender_start(&s, 4, 10, 0, 1, 160);  /* shortest digit: one unit */
	send_all(&s, &t);
	for (int i = 0; i < t.n; i++) {
		rtp_dtmf_event_parse(t.payload[i], 4, &e);
		CU_ASSERT_EQUAL(e.duration, 1);
	}
	rtp_dtmf_receiver_init(&r);
	CU_ASSERT_EQUAL(rtp_dtmf_receiver_on_packet(&r, 1000, true, zero, 4, &rep), 0);
	CU_ASSERT(!rep.began && !rep.ended && !r.have);
	rtp_dtmf_receiver_on_packet(&r, 2000, true, playing, 4, &rep);
	CU_ASSERT(rep.began && rep.event == 6);
	/* a zero-duration report at a new timestamp does not end the digit playing */
	rtp_dtmf_receiver_on_packet(&r, 3000, true, zero, 4, &rep);
	CU_ASSERT(!rep.began && !rep.ended);
	rtp_dtmf_receiver_on_packet(&r, 2000, false, ended, 4, &rep);
	CU_ASSERT(rep.ended && rep.ended_event == 6 && rep.duration == 480);
	CU_ASSERT_EQUAL(r.events, 1);
}

/* Feeds one report (event, E, duration at ts) to r. */
static void feed(struct rtp_dtmf_receiver *r, uint8_t event, bool end, uint16_t duration,
		 uint32_t ts, struct rtp_dtmf_report *rep)
{
	struct rtp_dtmf_event e = { event, end, 10, duration };
	uint8_t p[4];

	rtp_dtmf_event_write(&e, p);
	rtp_dtmf_receiver_on_packet(r, ts, false, p, 4, rep);
}

/* RFC4733 2.5.2.3: "If another report for the same event type is received, the receiver
 * MUST compare the RTP timestamp for the new event with the sum of the RTP timestamp of
 * the previous report plus the duration (0xFFFF).  The receiver uses the absence of a
 * gap between the events to detect that it is receiving a single long-duration event."
 * "The total duration ... is equal to the duration of the final segment ... plus 0xFFFF
 * multiplied by the number of segments preceding the final segment." */
static void test_rfc4733_2_5_2_3_adjacent_segment_joins_a_gap_starts_a_new_event(void)
{
	struct rtp_dtmf_receiver r;
	struct rtp_dtmf_report rep;
	const uint32_t t0 = 0xFFFFF000;  /* the next segment's timestamp wraps */

	/* no gap: one event of two segments, 0xFFFF + 4465 = 70000 units */
	rtp_dtmf_receiver_init(&r);
	feed(&r, 0, false, 0xFFFF, t0, &rep);
	CU_ASSERT(rep.began && !rep.ended);
	feed(&r, 0, false, 160, t0 + 0xFFFF, &rep);
	CU_ASSERT(!rep.began && !rep.ended);
	feed(&r, 0, true, 4465, t0 + 0xFFFF, &rep);
	CU_ASSERT(!rep.began && rep.ended && rep.ended_event == 0);
	CU_ASSERT_EQUAL(rep.duration, 70000);
	CU_ASSERT_EQUAL(r.events, 1);
	/* a gap of 160 units: the first event ended, a second one begins */
	rtp_dtmf_receiver_init(&r);
	feed(&r, 0, false, 0xFFFF, t0, &rep);
	feed(&r, 0, false, 160, t0 + 0xFFFF + 160, &rep);
	CU_ASSERT(rep.began && rep.ended && rep.duration == 0xFFFF);
	/* no gap but another event: not a segment of the first */
	rtp_dtmf_receiver_init(&r);
	feed(&r, 0, false, 0xFFFF, t0, &rep);
	feed(&r, 1, false, 160, t0 + 0xFFFF, &rep);
	CU_ASSERT(rep.began && rep.event == 1 && rep.ended && rep.ended_event == 0);
	/* the previous report was not at 0xFFFF: no segment ended there */
	rtp_dtmf_receiver_init(&r);
	feed(&r, 0, false, 0xFF00, t0, &rep);
	feed(&r, 0, false, 160, t0 + 0xFFFF, &rep);
	CU_ASSERT(rep.began && rep.ended && rep.duration == 0xFF00);
}

/* RFC4733 3.2 Table 3: "0--9" are codes 0-9, "*" 10, "#" 11, "A--D" 12-15. */
static void test_rfc4733_3_2_dtmf_event_codes(void)
{
	const char *all = "0123456789*#ABCD";

	for (int i = 0; i < 16; i++) {
		CU_ASSERT_EQUAL(rtp_dtmf_event_from_char(all[i]), i);
		CU_ASSERT_EQUAL(rtp_dtmf_event_to_char((uint8_t)i), all[i]);
	}
	CU_ASSERT_EQUAL(rtp_dtmf_event_from_char('d'), 15);
	CU_ASSERT_EQUAL(rtp_dtmf_event_from_char('E'), -1);
	CU_ASSERT_EQUAL(rtp_dtmf_event_from_char('\0'), -1);
	CU_ASSERT_EQUAL(rtp_dtmf_event_to_char(16), '?');
}

static const struct th_test send_tests[] = {
	TH_TEST(test_rfc4733_2_3_payload_fields_at_their_bit_positions),
	TH_TEST(test_rfc4733_2_3_3_r_bit_sent_as_zero_and_ignored),
	TH_TEST(test_rfc4733_2_5_1_2_digit_packet_train),
	TH_TEST(test_rfc4733_2_5_1_3_long_event_split_into_segments_and_joined),
	TH_TEST(test_rfc4733_2_5_1_4_final_packet_sent_three_times),
	TH_TEST(test_rfc4733_3_2_dtmf_event_codes),
	TH_END
};

static const struct th_test receive_tests[] = {
	TH_TEST(test_rfc4733_2_5_2_2_one_begin_and_one_end_per_digit),
	TH_TEST(test_rfc4733_2_5_2_2_lost_packets_still_give_begin_and_end),
	TH_TEST(test_rfc4733_2_3_5_zero_duration_never_sent_and_ignored),
	TH_TEST(test_rfc4733_2_5_2_3_adjacent_segment_joins_a_gap_starts_a_new_event),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC4733 2.3/2.5.1 telephone-event payload and sending", send_tests, NULL, NULL },
	{ "RFC4733 2.5.2 telephone-event receiving", receive_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
