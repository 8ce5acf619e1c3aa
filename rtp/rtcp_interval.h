/* rtp/rtcp_interval.h - when to send the next RTCP packet.
 *
 * Implements RFC 3550 §6.2 (RTCP bandwidth, minimum interval), §6.3.1 (the calculated
 * interval: 25 % / 75 % sender/receiver split, Tmin halved before the first packet,
 * randomised to 0.5-1.5 times, divided by e - 3/2), §6.3.2 (initialisation), §6.3.6
 * (timer reconsideration on expiry) and §6.3.4 (reverse reconsideration when a member
 * leaves), following the code of Appendix A.7.  Time is the caller's (µs); the random
 * draws come from the caller's seedable net_rand.
 *
 * The minimum interval is a parameter: RTCP_MIN_INTERVAL (5 s) is the RFC's
 * recommendation; §6.2 allows a "reduced minimum" of 360 / (session kb/s) seconds, and
 * the demos use a shorter one still so that a 10-second call shows a few reports
 * (DEVIATION, documented in docs/rtp.md).
 *
 * Leaves out: the BYE back-off of §6.3.7 for large sessions (a two-party call sends its
 * BYE at once, which §6.3.7 allows below 50 members) and member timeouts (§6.3.5).
 */
#ifndef RTP_RTCP_INTERVAL_H
#define RTP_RTCP_INTERVAL_H

#include "net/rand.h"

#include <stdbool.h>
#include <stdint.h>

#define RTCP_MIN_INTERVAL 5.0          /* s: RFC 3550 §6.2 "RECOMMENDED value" */
#define RTCP_BW_FRACTION 0.05          /* RTCP bandwidth = 5 % of the session bandwidth */
#define RTCP_SENDER_BW_FRACTION 0.25   /* A.7: share of RTCP bandwidth for senders */
#define RTCP_COMPENSATION (2.71828 - 1.5) /* A.7: e - 3/2 */

/* The inputs of A.7's rtcp_interval(). */
struct rtcp_interval_params {
	int members;              /* session members, ourselves included */
	int senders;              /* members that sent RTP recently, ourselves included */
	double rtcp_bw;           /* octets/s for RTCP, all members together */
	bool we_sent;             /* we sent RTP since the second-last report */
	double avg_rtcp_size;     /* octets, with UDP and IP headers */
	bool initial;             /* we have not sent an RTCP packet yet */
	double min_interval;      /* s: Tmin before halving; RTCP_MIN_INTERVAL or reduced */
};

/* §6.3.1 steps 1-3: Td = max(Tmin, n * C), in seconds. */
double rtcp_interval_deterministic(const struct rtcp_interval_params *p);
/* Steps 4-5 with a given uniform draw u in [0, 1): Td * (u + 0.5) / (e - 3/2). */
double rtcp_interval_with(const struct rtcp_interval_params *p, double u);
/* Steps 1-5 with a draw from `r`. */
double rtcp_interval(const struct rtcp_interval_params *p, struct net_rand *r);
/* §6.2: "360 divided by the session bandwidth in kilobits/second". */
double rtcp_reduced_min_interval(double session_kbps);

/* The §6.3 state of one participant (tp, tn, pmembers and the interval inputs). */
struct rtcp_timer {
	struct rtcp_interval_params p; /* members, senders, we_sent are updated by the owner */
	uint64_t tp_us;           /* last RTCP transmission (caller's clock) */
	uint64_t tn_us;           /* next scheduled transmission */
	int pmembers;             /* members when tn was last computed */
};

/* §6.3.2: members = pmembers = 1, senders = 0, initial, tp = now, tn = now + T. */
void rtcp_timer_init(struct rtcp_timer *t, double rtcp_bw, double min_interval,
		     double first_packet_size, uint64_t now_us, struct net_rand *r);
/* §6.3.6 / A.7 OnExpire for a report: true if a packet must be sent now (then call
 * rtcp_timer_sent); false if it is not yet time or reconsideration moved tn later. */
bool rtcp_timer_expired(struct rtcp_timer *t, uint64_t now_us, struct net_rand *r);
/* After sending `size` octets (UDP/IP headers included) at `now_us`. */
void rtcp_timer_sent(struct rtcp_timer *t, uint64_t now_us, double size, struct net_rand *r);
/* §6.3.3: any RTCP packet received updates the average size. */
void rtcp_timer_received(struct rtcp_timer *t, double size);
/* §6.3.4: a member left (BYE): members--, and reverse reconsideration of tn and tp. */
void rtcp_timer_member_left(struct rtcp_timer *t, uint64_t now_us);

#endif
