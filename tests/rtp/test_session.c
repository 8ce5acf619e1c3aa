/* tests/rtp/test_session.c - the two-party RTP session (rtp/session.h).
 *
 * Proves: random SSRC/sequence/timestamp from the seeded source; 160-sample packets
 * with the timestamp advancing through silence and the marker on talkspurts; the
 * receive path's payload-type, header and probation filters; SR vs RR, compound
 * layout, report blocks filled from the statistics (and only for a source heard since
 * the last report); unknown RTCP packet types skipped; two sessions exchanging reports
 * over an in-memory "network" with known loss and delay, down to the round-trip time.
 */
#include "rtp/session.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <string.h>

static struct net_rand rand_a, rand_b;
static struct rtp_session a, b;
static int16_t pcm[160];

static void setup_pair(enum rtp_g711_law law)
{
	struct rtp_session_config cfg;

	net_rand_seed(&rand_a, 1);
	net_rand_seed(&rand_b, 2);
	rtp_session_config_default(&cfg, law, "alice@127.0.0.1");
	rtp_session_init(&a, &cfg, &rand_a, 0);
	rtp_session_config_default(&cfg, law, "bob@127.0.0.1");
	rtp_session_init(&b, &cfg, &rand_b, 0);
	for (int i = 0; i < 160; i++)
		pcm[i] = (int16_t)(i * 200 - 16000);
}

static void setup(void)
{
	setup_pair(RTP_G711_ULAW);
}

/* RFC3550 5.1: the SSRC "SHOULD be chosen randomly"; the initial sequence number and
 * timestamp "SHOULD be random".  Drawn in that order from the caller's seeded source,
 * so a fixed seed reproduces them. */
static void test_rfc3550_5_1_ssrc_seq_and_timestamp_are_random_draws(void)
{
	struct net_rand r;

	net_rand_seed(&r, 1);
	CU_ASSERT_EQUAL(a.ssrc, net_rand_u32(&r));
	CU_ASSERT_EQUAL(a.seq, (uint16_t)net_rand_u32(&r));
	CU_ASSERT_EQUAL(a.ts, net_rand_u32(&r));
	CU_ASSERT_NOT_EQUAL(a.ssrc, b.ssrc);
	CU_ASSERT_NOT_EQUAL(a.ts, b.ts);
}

/* RFC3551 4.2: "the default packetization interval SHOULD have a duration of 20 ms";
 * RFC3551 6: PCMU is payload type 0, PCMA 8, 8000 Hz; RFC3550 5.1: the timestamp
 * "would be increased by 160 for each such block". */
static void test_rfc3551_4_2_packets_of_160_samples_advance_seq_and_timestamp(void)
{
	uint8_t out[3][200];
	size_t len[3];
	struct rtp_packet p[3];

	for (int law = 0; law < 2; law++) {
		setup_pair(law == 0 ? RTP_G711_ULAW : RTP_G711_ALAW);
		for (int i = 0; i < 3; i++) {
			CU_ASSERT_EQUAL(rtp_session_send_audio(&a, pcm, 160, (uint64_t)i * 20000,
							       out[i], sizeof(out[i]), &len[i]), 0);
			CU_ASSERT_EQUAL(len[i], 172);
			CU_ASSERT_EQUAL(rtp_packet_parse(out[i], len[i], &p[i], NULL), 0);
			CU_ASSERT_EQUAL(p[i].hdr.payload_type, law == 0 ? 0 : 8);
			CU_ASSERT_EQUAL(p[i].hdr.ssrc, a.ssrc);
		}
		CU_ASSERT_EQUAL((uint16_t)(p[1].hdr.seq - p[0].hdr.seq), 1);
		CU_ASSERT_EQUAL((uint16_t)(p[2].hdr.seq - p[1].hdr.seq), 1);
		CU_ASSERT_EQUAL(p[1].hdr.timestamp - p[0].hdr.timestamp, 160);
		CU_ASSERT_EQUAL(p[2].hdr.timestamp - p[1].hdr.timestamp, 160);
		/* the payload is the G.711 encoding of the samples, octet for octet */
		CU_ASSERT_EQUAL(p[2].payload[0], law == 0 ? rtp_g711_ulaw_encode(pcm[0]) :
						 rtp_g711_alaw_encode(pcm[0]));
		CU_ASSERT_EQUAL(p[2].payload[159], law == 0 ? rtp_g711_ulaw_encode(pcm[159]) :
						   rtp_g711_alaw_encode(pcm[159]));
		CU_ASSERT_EQUAL(a.packets_sent, 3);
		CU_ASSERT_EQUAL(a.octets_sent, 480);
	}
}

/* RFC3550 5.1: the timestamp is increased "regardless of whether the block is
 * transmitted in a packet or dropped as silent"; RFC3551 4.1: "the first packet after a
 * silence period ... SHOULD be distinguished by setting the marker bit". */
static void test_rfc3550_5_1_timestamp_advances_through_silence(void)
{
	uint8_t out[200];
	size_t len;
	struct rtp_packet p;
	uint32_t ts0;
	uint16_t seq0;

	CU_ASSERT_EQUAL(rtp_session_send_audio(&a, pcm, 160, 0, out, sizeof(out), &len), 0);
	rtp_packet_parse(out, len, &p, NULL);
	CU_ASSERT_TRUE(p.hdr.marker);  /* the call starts a talkspurt */
	ts0 = p.hdr.timestamp;
	seq0 = p.hdr.seq;
	rtp_session_send_audio(&a, pcm, 160, 20000, out, sizeof(out), &len);
	rtp_packet_parse(out, len, &p, NULL);
	CU_ASSERT_FALSE(p.hdr.marker);
	rtp_session_skip(&a, 160);  /* two silent blocks, not sent */
	rtp_session_skip(&a, 160);
	rtp_session_send_audio(&a, pcm, 160, 80000, out, sizeof(out), &len);
	rtp_packet_parse(out, len, &p, NULL);
	CU_ASSERT_TRUE(p.hdr.marker);
	CU_ASSERT_EQUAL(p.hdr.timestamp - ts0, 4 * 160);
	CU_ASSERT_EQUAL((uint16_t)(p.hdr.seq - seq0), 2);  /* sequence counts packets only */
}

/* Sends one 160-sample audio packet from a and returns its marker bit. */
static bool send_marker(uint64_t t)
{
	uint8_t out[200];
	size_t len = 0;
	struct rtp_packet p;

	if (rtp_session_send_audio(&a, pcm, 160, t, out, sizeof(out), &len) != 0 ||
	    rtp_packet_parse(out, len, &p, NULL) != 0)
		return false;
	return p.hdr.marker;
}

/* RFC3551 4.1: "the first packet of a talkspurt, that is, the first packet after a
 * silence period during which packets have not been transmitted contiguously, SHOULD be
 * distinguished by setting the marker bit in the RTP data header to one.  The marker bit
 * in all other packets is zero."  The call's first packet starts a talkspurt; a skip of
 * zero samples is no silence period. */
static void test_rfc3551_4_1_marker_only_on_the_first_packet_of_a_talkspurt(void)
{
	static const bool expect[8] = {true, false, false, true, false, true, false, false};

	for (int i = 0; i < 8; i++) {
		if (i == 3)
			rtp_session_skip(&a, 160);
		if (i == 5)
			rtp_session_skip(&a, 80);  /* even half a frame breaks contiguity */
		if (i == 7)
			rtp_session_skip(&a, 0);
		CU_ASSERT_EQUAL(send_marker((uint64_t)i * 20000), expect[i]);
	}
}

/* The 16-bit sequence number wraps from 65535 to 0. */
static void test_rfc3550_5_1_sequence_number_wraps(void)
{
	uint8_t out[200];
	size_t len;
	struct rtp_packet p;

	a.seq = 65535;
	rtp_session_send_audio(&a, pcm, 160, 0, out, sizeof(out), &len);
	rtp_packet_parse(out, len, &p, NULL);
	CU_ASSERT_EQUAL(p.hdr.seq, 65535);
	rtp_session_send_audio(&a, pcm, 160, 20000, out, sizeof(out), &len);
	rtp_packet_parse(out, len, &p, NULL);
	CU_ASSERT_EQUAL(p.hdr.seq, 0);
	CU_ASSERT_EQUAL(rtp_session_send_audio(&a, pcm, 0, 0, out, sizeof(out), &len), EINVAL);
	CU_ASSERT_EQUAL(rtp_session_send_audio(&a, pcm, 160, 0, out, 171, &len), ENOBUFS);
}

/* Sends one audio packet from a to b at `t` µs; returns b's verdict code. */
static int a_to_b(uint64_t t, enum rtp_seq_verdict *v)
{
	uint8_t out[200];
	size_t len;
	struct rtp_packet p;

	rtp_session_send_audio(&a, pcm, 160, t, out, sizeof(out), &len);
	return rtp_session_on_rtp(&b, out, len, t, &p, v);
}

/* RFC3550 5.1: "A receiver MUST ignore packets with payload types that it does not
 * understand."  A PCMA packet reaches a PCMU session; a telephone-event packet is
 * accepted only when its dynamic type was negotiated. */
static void test_rfc3550_5_1_unknown_payload_types_ignored(void)
{
	uint8_t out[200], ev[4] = {5, 0x0A, 0, 160};
	size_t len;
	struct rtp_packet p;

	rtp_session_send_payload(&a, 8, false, a.ts, ev, 4, out, sizeof(out), &len);
	CU_ASSERT_EQUAL(rtp_session_on_rtp(&b, out, len, 0, &p, NULL), EPROTO);
	rtp_session_send_payload(&a, 101, true, a.ts, ev, 4, out, sizeof(out), &len);
	CU_ASSERT_EQUAL(rtp_session_on_rtp(&b, out, len, 0, &p, NULL), EPROTO);
	CU_ASSERT_EQUAL(b.rx_unknown_pt, 2);
	CU_ASSERT_FALSE(b.have_peer);
	b.cfg.telephone_event_pt = 101;
	CU_ASSERT_EQUAL(rtp_session_on_rtp(&b, out, len, 0, &p, NULL), EAGAIN); /* probation */
	CU_ASSERT_TRUE(b.have_peer);
}

/* RFC3550 A.1: malformed packets are counted and dropped; the first packet of a new
 * source waits in probation ("data packets carrying that identifier may be considered
 * invalid until a small number of them arrive with consecutive sequence numbers"). */
static void test_rfc3550_a_1_receive_path_checks_header_then_sequence(void)
{
	uint8_t junk[12] = {0x40, 0};  /* version 1 */
	struct rtp_packet p;
	enum rtp_seq_verdict v;

	CU_ASSERT_EQUAL(rtp_session_on_rtp(&b, junk, sizeof(junk), 0, &p, &v), EBADMSG);
	CU_ASSERT_EQUAL(b.rx_malformed, 1);
	CU_ASSERT_EQUAL(a_to_b(0, &v), EAGAIN);
	CU_ASSERT_EQUAL(v, RTP_SEQ_PROBATION);
	CU_ASSERT_EQUAL(a_to_b(20000, &v), 0);
	CU_ASSERT_EQUAL(v, RTP_SEQ_IN_ORDER);
	CU_ASSERT_EQUAL(b.peer.ssrc, a.ssrc);
}

/* A new SSRC (the peer restarted) replaces the peer only after its own probation; its
 * statistics start from zero (RFC3550 6.4.1: "Receivers SHOULD NOT carry over
 * statistics when a source changes its SSRC identifier"). */
static void test_rfc3550_6_4_1_new_peer_ssrc_takes_over_after_probation(void)
{
	enum rtp_seq_verdict v;

	for (int i = 0; i < 10; i++)
		a_to_b((uint64_t)i * 20000, &v);
	CU_ASSERT_EQUAL(b.peer.received, 9);
	uint32_t old = a.ssrc;

	a.ssrc = 0xABCDEF01;
	CU_ASSERT_EQUAL(a_to_b(200000, &v), EAGAIN);
	CU_ASSERT_EQUAL(b.peer.ssrc, old);     /* one packet proves nothing */
	CU_ASSERT_EQUAL(a_to_b(220000, &v), 0);
	CU_ASSERT_EQUAL(b.peer.ssrc, 0xABCDEF01);
	CU_ASSERT_EQUAL(b.peer.received, 1);
}

/* Parses a compound packet into its SR/RR, CNAME and BYE presence. */
static void parse_compound(const uint8_t *buf, size_t len, struct rtcp_report *r,
			   int *types, int *n)
{
	struct rtcp_iter it;
	struct rtcp_packet_view v;

	*n = 0;
	CU_ASSERT_EQUAL(rtcp_compound_check(buf, len, NULL), 0);
	rtcp_iter_init(&it, buf, len);
	while (rtcp_iter_next(&it, &v) && *n < 8) {
		types[(*n)++] = v.type;
		if (v.type == RTCP_SR || v.type == RTCP_RR)
			CU_ASSERT_EQUAL(rtcp_parse_report(&v, r, NULL), 0);
	}
}

/* RFC3550 6.4: "The SR is issued if a site has sent any data packets during the
 * interval since issuing the last report or the previous one, otherwise the RR is
 * issued."  RFC3550 6.1: report first, then SDES CNAME, BYE last. */
static void test_rfc3550_6_4_sr_only_while_sending(void)
{
	uint8_t out[256];
	size_t len;
	struct rtcp_report r;
	int types[8], n;
	enum rtp_seq_verdict v;

	CU_ASSERT_EQUAL(rtp_session_rtcp_build(&b, 1000, false, NULL, out, sizeof(out), &len), 0);
	parse_compound(out, len, &r, types, &n);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(types[0], RTCP_RR);   /* nothing sent, nothing received: empty RR */
	CU_ASSERT_EQUAL(r.count, 0);
	CU_ASSERT_EQUAL(types[1], RTCP_SDES);
	for (int i = 0; i < 50; i++)  /* one second of audio */
		a_to_b((uint64_t)i * 20000, &v);
	CU_ASSERT_EQUAL(rtp_session_rtcp_build(&a, 1000000, false, NULL, out, sizeof(out), &len), 0);
	parse_compound(out, len, &r, types, &n);
	CU_ASSERT_EQUAL(types[0], RTCP_SR);
	CU_ASSERT_EQUAL(r.sender.packet_count, 50);
	CU_ASSERT_EQUAL(r.sender.octet_count, 50 * 160);
	CU_ASSERT_EQUAL(r.sender.ntp, rtcp_ntp_from_us(1000000));
	/* the last packet (ts T) went at 980 ms: at 1000 ms the RTP clock reads T + 160 */
	CU_ASSERT_EQUAL(r.sender.rtp_ts, a.ts);
	/* silent since: still an SR for the report after, then an RR */
	rtp_session_rtcp_build(&a, 6000000, false, NULL, out, sizeof(out), &len);
	parse_compound(out, len, &r, types, &n);
	CU_ASSERT_EQUAL(types[0], RTCP_SR);
	rtp_session_rtcp_build(&a, 11000000, true, "hangup", out, sizeof(out), &len);
	parse_compound(out, len, &r, types, &n);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_EQUAL(types[0], RTCP_RR);
	CU_ASSERT_EQUAL(types[2], RTCP_BYE);
}

/* A one-way network from a to b: 20 ms packets, every 10th lost, delays alternating
 * 0 / 10 ms; b's RR must say exactly that, and a must read it. */
static void test_rfc3550_6_4_1_reports_carry_loss_jitter_and_rtt(void)
{
	uint8_t out[256];
	size_t len;
	struct rtp_packet p;
	struct rtcp_report r;
	int types[8], n;

	for (uint64_t i = 0; i < 101; i++) {
		uint64_t sent = i * 20000, delay = i % 2 ? 10000 : 0;

		rtp_session_send_audio(&a, pcm, 160, sent, out, sizeof(out), &len);
		if (i % 10 != 5)  /* 5, 15, ..., 95 lost: 10 packets */
			rtp_session_on_rtp(&b, out, len, sent + delay, &p, NULL);
	}
	/* a's SR at 2.1 s reaches b 5 ms later; b reports 1.25 s after that; a gets the RR
	 * after another 5 ms.  RTT = A - LSR - DLSR = 10 ms. */
	rtp_session_rtcp_build(&a, 2100000, false, NULL, out, sizeof(out), &len);
	CU_ASSERT_EQUAL(rtp_session_on_rtcp(&b, out, len, 2105000), 0);
	CU_ASSERT_STRING_EQUAL(b.peer_cname, "alice@127.0.0.1");
	CU_ASSERT_EQUAL(rtp_session_rtcp_build(&b, 3355000, false, NULL, out, sizeof(out), &len), 0);
	parse_compound(out, len, &r, types, &n);
	CU_ASSERT_EQUAL(types[0], RTCP_RR);
	CU_ASSERT_EQUAL_FATAL(r.count, 1);
	/* packet 0 was probation; base 1, highest 100: expected 100, received 90 */
	CU_ASSERT_EQUAL(r.blocks[0].ssrc, a.ssrc);
	CU_ASSERT_EQUAL(r.blocks[0].cumulative_lost, 10);
	CU_ASSERT_EQUAL(r.blocks[0].fraction_lost, (10 << 8) / 100);
	CU_ASSERT_EQUAL(r.blocks[0].ext_highest_seq & 0xFFFF, (uint16_t)(a.seq - 1));
	CU_ASSERT_EQUAL(r.blocks[0].lsr, rtcp_ntp_middle(rtcp_ntp_from_us(2100000)));
	CU_ASSERT_EQUAL(r.blocks[0].dlsr, rtcp_dlsr_from_us(1250000));
	/* jitter: transit is T on even packets and T + 80 units on odd ones, so |D| is 80
	 * between neighbours and 0 across a lost odd packet (4 -> 6).  Replay the formula
	 * J += (|D| - J) / 16 over the packets b kept (1 is the baseline): */
	double j = 0;

	for (int k = 2; k <= 100; k++) {
		if (k % 10 == 5)
			continue;
		int prev = (k - 1) % 10 == 5 ? k - 2 : k - 1;

		j += ((k % 2 != prev % 2 ? 80.0 : 0.0) - j) / 16.0;
	}
	CU_ASSERT_EQUAL(r.blocks[0].jitter, (uint32_t)j);
	CU_ASSERT(j > 60 && j < 80);
	CU_ASSERT_EQUAL(rtp_session_on_rtcp(&a, out, len, 3360000), 0);
	CU_ASSERT_TRUE(a.have_peer_report);
	CU_ASSERT_EQUAL(a.peer_report.cumulative_lost, 10);
	/* 16.16 fixed point: each of A, LSR, DLSR is truncated to 1/65536 s (15.3 µs) */
	CU_ASSERT(a.rtt_us >= 10000 - 31 && a.rtt_us <= 10000 + 31);
	struct rtp_session_stats st;

	rtp_session_get_stats(&a, &st);
	CU_ASSERT_EQUAL(st.peer_lost, 10);
	CU_ASSERT_DOUBLE_EQUAL(st.peer_jitter_ms, (uint32_t)j / 8.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(st.rtt_ms, 10.0, 0.02);
	rtp_session_get_stats(&b, &st);
	CU_ASSERT_EQUAL(st.received, 90);
	CU_ASSERT_EQUAL(st.expected, 100);
	CU_ASSERT_EQUAL(st.lost, 10);
	CU_ASSERT_EQUAL(st.rtcp_received, 1);
}

/* RFC3550 6.3: the report is due at the time the interval computation gives, not
 * before; rtp_session_rtcp_poll sends it (or reschedules it, §6.3.6) at that time. */
static void test_rfc3550_6_3_rtcp_due_then_poll(void)
{
	uint8_t out[256];
	size_t len = 1;
	uint64_t due = rtp_session_rtcp_due(&a);
	int polls = 0;

	CU_ASSERT(due >= 1000000 && due <= 3100000);  /* initial: [1.25, 3.75) s / 1.218 */
	CU_ASSERT_EQUAL(rtp_session_rtcp_poll(&a, due - 1, out, sizeof(out), &len), 0);
	CU_ASSERT_EQUAL(len, 0);
	while (len == 0 && polls++ < 50)
		rtp_session_rtcp_poll(&a, rtp_session_rtcp_due(&a), out, sizeof(out), &len);
	CU_ASSERT(len > 0);
	CU_ASSERT_EQUAL(a.rtcp_sent, 1);
	CU_ASSERT(rtp_session_rtcp_due(&a) > due);
	CU_ASSERT_EQUAL(rtp_session_rtcp_poll(&a, due, out, 10, &len), 0);  /* not due */
}

/* RFC3550 6.6: "The BYE packet indicates that one or more sources are no longer
 * active." */
static void test_rfc3550_6_6_bye_from_peer_is_noticed(void)
{
	uint8_t out[256];
	size_t len;
	enum rtp_seq_verdict v;

	a_to_b(0, &v);
	a_to_b(20000, &v);
	rtp_session_rtcp_build(&a, 40000, true, "bye", out, sizeof(out), &len);
	CU_ASSERT_EQUAL(rtp_session_on_rtcp(&b, out, len, 45000), 0);
	CU_ASSERT_TRUE(b.peer_left);
	out[0] = 0x40;  /* version 1 */
	CU_ASSERT_EQUAL(rtp_session_on_rtcp(&b, out, len, 50000), EBADMSG);
	CU_ASSERT_EQUAL(b.rtcp_malformed, 1);
}

/* RFC3550 6.1: "An implementation SHOULD ignore incoming RTCP packets with types unknown
 * to it."  An APP packet and an unregistered type 210 sit between the RR and the SDES:
 * the compound is accepted and the CNAME and BYE after them are still read. */
static void test_rfc3550_6_1_unknown_rtcp_types_ignored(void)
{
	static const uint8_t app[12] = {0x80, 204, 0x00, 0x02, 0, 0, 0, 0, 'a', 'b', 'c', 'd'};
	static const uint8_t unknown[8] = {0x80, 210, 0x00, 0x01, 1, 2, 3, 4};
	struct rtcp_report r;
	struct rtcp_writer w;
	uint8_t buf[128];
	size_t len = 0, tail = 0;

	memset(&r, 0, sizeof(r));
	r.type = RTCP_RR;
	r.ssrc = a.ssrc;
	rtcp_writer_init(&w, buf, sizeof(buf));
	rtcp_write_report(&w, &r);
	CU_ASSERT_EQUAL_FATAL(rtcp_writer_finish(&w, &len), 0);
	memcpy(buf + len, app, sizeof(app));
	len += sizeof(app);
	memcpy(buf + len, unknown, sizeof(unknown));
	len += sizeof(unknown);
	rtcp_writer_init(&w, buf + len, sizeof(buf) - len);
	rtcp_write_sdes_cname(&w, a.ssrc, "alice@127.0.0.1");
	rtcp_write_bye(&w, &a.ssrc, 1, NULL);
	CU_ASSERT_EQUAL_FATAL(rtcp_writer_finish(&w, &tail), 0);
	len += tail;
	CU_ASSERT_EQUAL(rtp_session_on_rtcp(&b, buf, len, 1000), 0);
	CU_ASSERT_EQUAL(b.rtcp_received, 1);
	CU_ASSERT_EQUAL(b.rtcp_malformed, 0);
	CU_ASSERT_STRING_EQUAL(b.peer_cname, "alice@127.0.0.1");
	CU_ASSERT_TRUE(b.peer_left);
}

/* RFC3550 6.4: "Both the SR and RR forms include zero or more reception report blocks,
 * one for each of the synchronization sources from which this receiver has received RTP
 * data packets since the last report."  b hears a, reports, hears nothing, reports
 * again (no block), then hears one more packet (a block again). */
static void test_rfc3550_6_4_blocks_only_for_sources_heard_since_the_last_report(void)
{
	uint8_t out[256];
	size_t len;
	struct rtcp_report r;
	int types[8], n;
	enum rtp_seq_verdict v;

	for (int i = 0; i < 10; i++)
		a_to_b((uint64_t)i * 20000, &v);
	CU_ASSERT_EQUAL(rtp_session_rtcp_build(&b, 200000, false, NULL, out, sizeof(out), &len), 0);
	parse_compound(out, len, &r, types, &n);
	CU_ASSERT_EQUAL(r.count, 1);
	CU_ASSERT_EQUAL(r.blocks[0].ssrc, a.ssrc);
	CU_ASSERT_EQUAL(rtp_session_rtcp_build(&b, 5200000, false, NULL, out, sizeof(out), &len), 0);
	parse_compound(out, len, &r, types, &n);
	CU_ASSERT_EQUAL(types[0], RTCP_RR);
	CU_ASSERT_EQUAL(r.count, 0);
	a_to_b(5300000, &v);
	CU_ASSERT_EQUAL(rtp_session_rtcp_build(&b, 10200000, false, NULL, out, sizeof(out), &len), 0);
	parse_compound(out, len, &r, types, &n);
	CU_ASSERT_EQUAL(r.count, 1);
	CU_ASSERT_EQUAL(r.blocks[0].ssrc, a.ssrc);
}

static const struct th_test sender_tests[] = {
	TH_TEST(test_rfc3550_5_1_ssrc_seq_and_timestamp_are_random_draws),
	TH_TEST(test_rfc3551_4_2_packets_of_160_samples_advance_seq_and_timestamp),
	TH_TEST(test_rfc3550_5_1_timestamp_advances_through_silence),
	TH_TEST(test_rfc3551_4_1_marker_only_on_the_first_packet_of_a_talkspurt),
	TH_TEST(test_rfc3550_5_1_sequence_number_wraps),
	TH_END
};

static const struct th_test receiver_tests[] = {
	TH_TEST(test_rfc3550_5_1_unknown_payload_types_ignored),
	TH_TEST(test_rfc3550_a_1_receive_path_checks_header_then_sequence),
	TH_TEST(test_rfc3550_6_4_1_new_peer_ssrc_takes_over_after_probation),
	TH_END
};

static const struct th_test report_tests[] = {
	TH_TEST(test_rfc3550_6_4_sr_only_while_sending),
	TH_TEST(test_rfc3550_6_4_blocks_only_for_sources_heard_since_the_last_report),
	TH_TEST(test_rfc3550_6_1_unknown_rtcp_types_ignored),
	TH_TEST(test_rfc3550_6_4_1_reports_carry_loss_jitter_and_rtt),
	TH_TEST(test_rfc3550_6_3_rtcp_due_then_poll),
	TH_TEST(test_rfc3550_6_6_bye_from_peer_is_noticed),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3550 5.1 / RFC3551 4 RTP session sender", sender_tests, setup, NULL },
	{ "RFC3550 A.1 RTP session receive path", receiver_tests, setup, NULL },
	{ "RFC3550 6.4 RTP session reports", report_tests, setup, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
