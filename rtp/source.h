/* rtp/source.h - what a receiver knows about one RTP source (one SSRC).
 *
 * Implements RFC 3550 Appendix A.1 (sequence number validation: probation, 16-bit
 * wrap-around, dropouts, restarts), A.3 (packets expected and lost, fraction lost) and
 * A.8 / §6.4.1 (interarrival jitter), plus the LSR/DLSR bookkeeping of §6.4.1, so that
 * a reception report block (rtp/rtcp.h) can be filled from it.  On top of A.1 it
 * tells duplicates from reordered packets with a 128-packet window.
 *
 * Arrival times are inputs in microseconds on the caller's clock; nothing here reads a
 * clock.
 *
 * Leaves out: the SSRC table, collision and loop detection (§8.2) and timeouts
 * (§6.3.5): a two-party call has one peer source, kept by rtp/session.h.
 */
#ifndef RTP_SOURCE_H
#define RTP_SOURCE_H

#include "rtp/rtcp.h"

#include <stdbool.h>
#include <stdint.h>

/* RFC 3550 A.1's "typical values": 2 s of misordering and 1 min of dropout at 50
 * packets/s, two packets in sequence to validate a new source. */
#define RTP_SEQ_MOD (1u << 16)
#define RTP_MAX_DROPOUT 3000
#define RTP_MAX_MISORDER 100
#define RTP_MIN_SEQUENTIAL 2

/* What rtp_source_on_packet decided about one packet. */
enum rtp_seq_verdict {
	RTP_SEQ_IN_ORDER,    /* ahead of the highest so far (a gap means loss) */
	RTP_SEQ_REORDERED,   /* behind the highest, not seen before: late */
	RTP_SEQ_DUPLICATE,   /* seen before (A.1 still counts it as received) */
	RTP_SEQ_RESTARTED,   /* second packet after a large jump: a new sequence, stats reset */
	RTP_SEQ_PROBATION,   /* source not yet validated: A.1 returns 0 */
	RTP_SEQ_BAD          /* large jump, waiting for a confirming next packet: A.1 returns 0 */
};

/* true for the verdicts where A.1's update_seq returns 1 (the packet is valid). */
bool rtp_seq_verdict_valid(enum rtp_seq_verdict v);
const char *rtp_seq_verdict_name(enum rtp_seq_verdict v);

struct rtp_source {
	uint32_t ssrc;            /* the source */
	uint32_t clock_rate;      /* Hz of the RTP timestamp (8000 for G.711) */
	/* RFC 3550 A.1, field for field */
	uint16_t max_seq;         /* highest seq. number seen */
	uint32_t cycles;          /* shifted count of seq. number cycles */
	uint32_t base_seq;        /* base seq number */
	uint32_t bad_seq;         /* last 'bad' seq number + 1 */
	uint32_t probation;       /* sequ. packets till source is valid */
	uint32_t received;        /* packets received (incl. late and duplicates) */
	uint32_t expected_prior;  /* packets expected at last report */
	uint32_t received_prior;  /* packets received at last report */
	/* RFC 3550 A.8 */
	uint32_t transit;         /* relative transit time of the previous packet, ts units */
	bool have_transit;        /* false until the first valid packet */
	double jitter;            /* estimated jitter, timestamp units */
	/* beyond A.1: which of the last 128 sequence numbers arrived */
	uint64_t seen[2];         /* bit i: max_seq - i was received (i < 128) */
	uint32_t duplicates;      /* packets seen twice */
	uint32_t reordered;       /* packets that arrived after a higher sequence number */
	uint32_t dropped;         /* packets A.1 rejected (probation, bad jumps) */
	/* §6.4.1 LSR / DLSR */
	uint32_t lsr;             /* middle 32 bits of the last SR's NTP timestamp, 0: none */
	uint64_t lsr_arrival_us;  /* caller's clock when that SR arrived */
};

/* A.1: a source heard for the first time, with the first packet's sequence number.
 * That packet must then be passed to rtp_source_on_packet like every other. */
void rtp_source_init(struct rtp_source *s, uint32_t ssrc, uint16_t seq, uint32_t clock_rate);

/* A.1 update_seq for `seq`, then (if valid) A.8 jitter with the packet's RTP timestamp
 * `ts` and its arrival time. */
enum rtp_seq_verdict rtp_source_on_packet(struct rtp_source *s, uint16_t seq, uint32_t ts,
					  uint64_t arrival_us);

/* A.1 alone and A.8 alone, for tests and for students stepping through. */
enum rtp_seq_verdict rtp_source_update_seq(struct rtp_source *s, uint16_t seq);
void rtp_source_update_jitter(struct rtp_source *s, uint32_t ts, uint64_t arrival_us);

bool rtp_source_valid(const struct rtp_source *s);      /* probation over */
uint32_t rtp_source_extended_max(const struct rtp_source *s);
uint32_t rtp_source_expected(const struct rtp_source *s);
int32_t rtp_source_lost(const struct rtp_source *s);    /* clamped to 24 bits signed */
uint32_t rtp_source_jitter(const struct rtp_source *s); /* as reported: ts units, truncated */

/* An SR from this source arrived at `arrival_us` carrying NTP timestamp `ntp`. */
void rtp_source_on_sr(struct rtp_source *s, uint64_t ntp, uint64_t arrival_us);

/* Fills a report block at `now_us` (A.3 fraction lost over the interval since the last
 * call, which this call starts anew). */
void rtp_source_report_block(struct rtp_source *s, uint64_t now_us, struct rtcp_report_block *b);

#endif
