/* rtp/source.c - receive statistics of one source: RFC 3550 A.1, A.3, A.8, §6.4.1.
 *
 * init_seq and update_seq follow Appendix A.1 line for line (the comments quote it), so
 * a student can hold the RFC next to this file.  What is added is marked as such: the
 * duplicate/reorder window and the reset of the jitter baseline on a restart.
 *
 * Leaves out: collision and loop detection (§8.2), source timeouts (§6.3.5).
 */
#include "rtp/source.h"

#include <string.h>

bool rtp_seq_verdict_valid(enum rtp_seq_verdict v)
{
	return v == RTP_SEQ_IN_ORDER || v == RTP_SEQ_REORDERED || v == RTP_SEQ_DUPLICATE ||
	       v == RTP_SEQ_RESTARTED;
}

const char *rtp_seq_verdict_name(enum rtp_seq_verdict v)
{
	switch (v) {
	case RTP_SEQ_IN_ORDER: return "in-order";
	case RTP_SEQ_REORDERED: return "reordered";
	case RTP_SEQ_DUPLICATE: return "duplicate";
	case RTP_SEQ_RESTARTED: return "restarted";
	case RTP_SEQ_PROBATION: return "probation";
	case RTP_SEQ_BAD: return "bad-jump";
	}
	return "?";
}

/* Added to A.1: the window of received sequence numbers.  Bit i of the 128-bit window
 * stands for max_seq - i; advancing max_seq by `delta` shifts the window left. */
static void window_advance(struct rtp_source *s, unsigned delta)
{
	if (delta >= 128) {
		s->seen[1] = 0;
		s->seen[0] = 0;
	} else if (delta >= 64) {
		s->seen[1] = s->seen[0] << (delta - 64);
		s->seen[0] = 0;
	} else if (delta > 0) {
		s->seen[1] = s->seen[1] << delta | s->seen[0] >> (64 - delta);
		s->seen[0] <<= delta;
	}
	s->seen[0] |= 1;
}

/* Marks max_seq - behind (behind < 128) as seen; returns whether it already was. */
static bool window_mark(struct rtp_source *s, unsigned behind)
{
	uint64_t bit = (uint64_t)1 << (behind % 64);
	uint64_t *word = &s->seen[behind / 64];
	bool was = (*word & bit) != 0;

	*word |= bit;
	return was;
}

static void init_seq(struct rtp_source *s, uint16_t seq)
{
	s->base_seq = seq;
	s->max_seq = seq;
	s->bad_seq = RTP_SEQ_MOD + 1;  /* so seq == bad_seq is false */
	s->cycles = 0;
	s->received = 0;
	s->received_prior = 0;
	s->expected_prior = 0;
	/* other initialization: the window holds just `seq`; a restarted source may have
	 * a new timestamp base, so the jitter baseline (not the estimate) starts over. */
	s->seen[0] = 1;
	s->seen[1] = 0;
	s->have_transit = false;
}

void rtp_source_init(struct rtp_source *s, uint32_t ssrc, uint16_t seq, uint32_t clock_rate)
{
	memset(s, 0, sizeof(*s));
	s->ssrc = ssrc;
	s->clock_rate = clock_rate;
	/* RFC3550 A.1: "init_seq(s, seq); s->max_seq = seq - 1; s->probation =
	 * MIN_SEQUENTIAL;" */
	init_seq(s, seq);
	s->max_seq = (uint16_t)(seq - 1);
	s->probation = RTP_MIN_SEQUENTIAL;
}

/* A.1's probation branch: "Source is not valid until MIN_SEQUENTIAL packets with
 * sequential sequence numbers have been received." */
static enum rtp_seq_verdict on_probation(struct rtp_source *s, uint16_t seq)
{
	if (seq == (uint16_t)(s->max_seq + 1)) {
		s->probation--;
		s->max_seq = seq;
		if (s->probation == 0) {
			init_seq(s, seq);
			s->received++;
			return RTP_SEQ_IN_ORDER;
		}
	} else {
		s->probation = RTP_MIN_SEQUENTIAL - 1;
		s->max_seq = seq;
	}
	s->dropped++;
	return RTP_SEQ_PROBATION;
}

enum rtp_seq_verdict rtp_source_update_seq(struct rtp_source *s, uint16_t seq)
{
	uint16_t udelta = (uint16_t)(seq - s->max_seq);
	enum rtp_seq_verdict v;

	if (s->probation)
		return on_probation(s, seq);
	if (udelta < RTP_MAX_DROPOUT) {
		/* in order, with permissible gap (udelta 0: a copy of the highest so far) */
		if (udelta == 0) {
			s->duplicates++;
			v = RTP_SEQ_DUPLICATE;
		} else {
			/* "Sequence number wrapped - count another 64K cycle." */
			if (seq < s->max_seq)
				s->cycles += RTP_SEQ_MOD;
			s->max_seq = seq;
			window_advance(s, udelta);
			v = RTP_SEQ_IN_ORDER;
		}
	} else if (udelta <= RTP_SEQ_MOD - RTP_MAX_MISORDER) {
		/* the sequence number made a very large jump */
		if (seq == s->bad_seq) {
			/* "Two sequential packets -- assume that the other side restarted without
			 * telling us so just re-sync (i.e., pretend this was the first packet)." */
			init_seq(s, seq);
			v = RTP_SEQ_RESTARTED;
		} else {
			s->bad_seq = (seq + 1) & (RTP_SEQ_MOD - 1);
			s->dropped++;
			return RTP_SEQ_BAD;
		}
	} else {
		/* duplicate or reordered packet: the window tells which */
		bool dup = window_mark(s, (uint16_t)(s->max_seq - seq));

		s->duplicates += dup;
		s->reordered += !dup;
		v = dup ? RTP_SEQ_DUPLICATE : RTP_SEQ_REORDERED;
	}
	s->received++;
	return v;
}

/* Arrival time in RTP timestamp units (modulo 2^32, as RTP timestamps are). */
static uint32_t arrival_ts(const struct rtp_source *s, uint64_t arrival_us)
{
	uint64_t whole = arrival_us / 1000000 * s->clock_rate;
	uint64_t part = arrival_us % 1000000 * s->clock_rate / 1000000;

	return (uint32_t)(whole + part);
}

void rtp_source_update_jitter(struct rtp_source *s, uint32_t ts, uint64_t arrival_us)
{
	/* RFC3550 A.8: "int transit = arrival - r->ts; int d = transit - s->transit;
	 * s->transit = transit; if (d < 0) d = -d; s->jitter += (1./16.) * ((double)d -
	 * s->jitter);" */
	uint32_t transit = arrival_ts(s, arrival_us) - ts;

	if (!s->have_transit) {  /* the first packet only sets the baseline */
		s->transit = transit;
		s->have_transit = true;
		return;
	}
	int32_t d = (int32_t)(transit - s->transit);
	double ad = d < 0 ? -(double)d : (double)d;

	s->transit = transit;
	s->jitter += (1. / 16.) * (ad - s->jitter);
}

enum rtp_seq_verdict rtp_source_on_packet(struct rtp_source *s, uint16_t seq, uint32_t ts,
					  uint64_t arrival_us)
{
	enum rtp_seq_verdict v = rtp_source_update_seq(s, seq);

	/* RFC3550 6.4.1: "The interarrival jitter SHOULD be calculated continuously as each
	 * data packet i is received from source SSRC_n" (valid packets only). */
	if (rtp_seq_verdict_valid(v))
		rtp_source_update_jitter(s, ts, arrival_us);
	return v;
}

bool rtp_source_valid(const struct rtp_source *s)
{
	return s->probation == 0;
}

/* RFC3550 A.3: "extended_max = s->cycles + s->max_seq;" */
uint32_t rtp_source_extended_max(const struct rtp_source *s)
{
	return s->cycles + s->max_seq;
}

/* RFC3550 A.3: "expected = extended_max - s->base_seq + 1;" */
uint32_t rtp_source_expected(const struct rtp_source *s)
{
	if (!rtp_source_valid(s))
		return 0;
	return rtp_source_extended_max(s) - s->base_seq + 1;
}

int32_t rtp_source_lost(const struct rtp_source *s)
{
	/* RFC3550 A.3: "lost = expected - s->received;" clamped to 24 bits signed. */
	int64_t lost = (int64_t)rtp_source_expected(s) - (int64_t)s->received;

	if (lost > 0x7FFFFF)
		return 0x7FFFFF;
	if (lost < -0x800000)
		return -0x800000;
	return (int32_t)lost;
}

/* RFC3550 A.8: "rr->jitter = (u_int32) s->jitter;" */
uint32_t rtp_source_jitter(const struct rtp_source *s)
{
	return (uint32_t)s->jitter;
}

void rtp_source_on_sr(struct rtp_source *s, uint64_t ntp, uint64_t arrival_us)
{
	s->lsr = rtcp_ntp_middle(ntp);
	s->lsr_arrival_us = arrival_us;
}

/* A.3's fraction lost over the interval since the previous report. */
static uint8_t fraction_lost(struct rtp_source *s)
{
	uint32_t expected = rtp_source_expected(s);
	uint32_t expected_interval = expected - s->expected_prior;
	uint32_t received_interval = s->received - s->received_prior;
	int64_t lost_interval = (int64_t)expected_interval - (int64_t)received_interval;

	s->expected_prior = expected;
	s->received_prior = s->received;
	/* RFC3550 A.3: "if (expected_interval == 0 || lost_interval <= 0) fraction = 0;
	 * else fraction = (lost_interval << 8) / expected_interval;" */
	if (expected_interval == 0 || lost_interval <= 0)
		return 0;
	int64_t fraction = (lost_interval << 8) / expected_interval;

	return fraction > 255 ? 255 : (uint8_t)fraction;  /* 256 (all lost) does not fit */
}

void rtp_source_report_block(struct rtp_source *s, uint64_t now_us, struct rtcp_report_block *b)
{
	b->ssrc = s->ssrc;
	b->fraction_lost = fraction_lost(s);
	b->cumulative_lost = rtp_source_lost(s);
	b->ext_highest_seq = rtp_source_extended_max(s);
	b->jitter = rtp_source_jitter(s);
	/* RFC3550 6.4.1: "If no SR has been received yet, the field is set to zero." */
	b->lsr = s->lsr;
	b->dlsr = s->lsr != 0 && now_us >= s->lsr_arrival_us ?
		  rtcp_dlsr_from_us(now_us - s->lsr_arrival_us) : 0;
}
