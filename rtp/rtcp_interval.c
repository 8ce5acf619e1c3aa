/* rtp/rtcp_interval.c - RTCP transmission interval: RFC 3550 §6.2, §6.3, Appendix A.7.
 *
 * rtcp_interval_deterministic/with are A.7's rtcp_interval() split in two so that a
 * test can feed the random draw; the timer functions are A.7's OnExpire and OnReceive
 * for a participant that sends reports (not the BYE back-off).
 *
 * Leaves out: §6.3.7 BYE reconsideration and §6.3.5 timeouts (see the header).
 */
#include "rtp/rtcp_interval.h"

#include <math.h>

double rtcp_interval_deterministic(const struct rtcp_interval_params *p)
{
	double rtcp_bw = p->rtcp_bw;
	double rtcp_min_time = p->min_interval;
	int n = p->members;

	/* RFC3550 6.3.1: "If the participant has not yet sent an RTCP packet (the variable
	 * initial is true), the constant Tmin is set to 2.5 seconds, else it is set to 5". */
	if (p->initial)
		rtcp_min_time /= 2;
	/* A.7: "Dedicate a fraction of the RTCP bandwidth to senders unless the number of
	 * senders is large enough that their share is more than that fraction." */
	if (p->senders <= p->members * RTCP_SENDER_BW_FRACTION) {
		if (p->we_sent) {
			rtcp_bw *= RTCP_SENDER_BW_FRACTION;
			n = p->senders;
		} else {
			rtcp_bw *= 1 - RTCP_SENDER_BW_FRACTION;
			n -= p->senders;
		}
	}
	if (n < 1)
		n = 1;
	/* RFC3550 6.3.1: "The deterministic calculated interval Td is set to max(Tmin, n*C)." */
	double t = rtcp_bw > 0 ? p->avg_rtcp_size * n / rtcp_bw : rtcp_min_time;

	return t < rtcp_min_time ? rtcp_min_time : t;
}

double rtcp_interval_with(const struct rtcp_interval_params *p, double u)
{
	/* RFC3550 6.3.1: "The calculated interval T is set to a number uniformly
	 * distributed between 0.5 and 1.5 times the deterministic calculated interval."
	 * "The resulting value of T is divided by e-3/2=1.21828 to compensate for the fact
	 * that the timer reconsideration algorithm converges to a value of the RTCP
	 * bandwidth below the intended average." */
	return rtcp_interval_deterministic(p) * (u + 0.5) / RTCP_COMPENSATION;
}

/* Uniform in [0, 1) with 53 bits, like drand48 in A.7. */
static double uniform(struct net_rand *r)
{
	return (double)(net_rand_u64(r) >> 11) * 0x1p-53;
}

double rtcp_interval(const struct rtcp_interval_params *p, struct net_rand *r)
{
	return rtcp_interval_with(p, uniform(r));
}

double rtcp_reduced_min_interval(double session_kbps)
{
	return session_kbps > 0 ? 360.0 / session_kbps : RTCP_MIN_INTERVAL;
}

static uint64_t seconds_to_us(double s)
{
	return s <= 0 ? 0 : (uint64_t)llround(s * 1e6);
}

void rtcp_timer_init(struct rtcp_timer *t, double rtcp_bw, double min_interval,
		     double first_packet_size, uint64_t now_us, struct net_rand *r)
{
	/* RFC3550 6.3.2: "the participant initializes tp to 0, tc to 0, senders to 0,
	 * pmembers to 1, members to 1, we_sent to false, rtcp_bw to the specified fraction
	 * of the session bandwidth, initial to true, and avg_rtcp_size to the probable size
	 * of the first RTCP packet" ... "the first packet is scheduled for time tn = T." */
	t->p.members = 1;
	t->p.senders = 0;
	t->p.rtcp_bw = rtcp_bw;
	t->p.we_sent = false;
	t->p.avg_rtcp_size = first_packet_size;
	t->p.initial = true;
	t->p.min_interval = min_interval;
	t->pmembers = 1;
	t->tp_us = now_us;
	t->tn_us = now_us + seconds_to_us(rtcp_interval(&t->p, r));
}

bool rtcp_timer_expired(struct rtcp_timer *t, uint64_t now_us, struct net_rand *r)
{
	if (now_us < t->tn_us)
		return false;
	/* RFC3550 6.3.6: "the transmission timer expires ... the participant performs the
	 * following operations: ... T is calculated ... If tp + T is less than or equal to
	 * tc, an RTCP packet is transmitted. ... If tp + T is greater than tc, tn is set to
	 * tp + T. No RTCP packet is transmitted." */
	uint64_t tn = t->tp_us + seconds_to_us(rtcp_interval(&t->p, r));

	t->pmembers = t->p.members;
	if (tn <= now_us)
		return true;
	t->tn_us = tn;
	return false;
}

void rtcp_timer_sent(struct rtcp_timer *t, uint64_t now_us, double size, struct net_rand *r)
{
	/* A.7: "*avg_rtcp_size = (1./16.)*SentPacketSize(e) + (15./16.)*(*avg_rtcp_size);
	 * *tp = tc;" then a fresh interval: "Don't reuse the one computed above". */
	t->p.avg_rtcp_size = size / 16. + t->p.avg_rtcp_size * 15. / 16.;
	t->tp_us = now_us;
	t->p.initial = false;
	t->tn_us = now_us + seconds_to_us(rtcp_interval(&t->p, r));
	t->pmembers = t->p.members;
}

void rtcp_timer_received(struct rtcp_timer *t, double size)
{
	/* RFC3550 6.3.3: "avg_rtcp_size = 1/16 * packet_size + 15/16 * avg_rtcp_size" */
	t->p.avg_rtcp_size = size / 16. + t->p.avg_rtcp_size * 15. / 16.;
}

void rtcp_timer_member_left(struct rtcp_timer *t, uint64_t now_us)
{
	if (t->p.members > 1)
		t->p.members--;
	/* RFC3550 6.3.4: "tn = tc + (members/pmembers) * (tn - tc)" and
	 * "tp = tc - (members/pmembers) * (tc - tp)" when members < pmembers. */
	if (t->p.members >= t->pmembers || t->pmembers <= 0)
		return;
	double ratio = (double)t->p.members / t->pmembers;

	if (t->tn_us > now_us)
		t->tn_us = now_us + (uint64_t)llround(ratio * (double)(t->tn_us - now_us));
	if (now_us > t->tp_us) {
		uint64_t back = (uint64_t)llround(ratio * (double)(now_us - t->tp_us));

		t->tp_us = now_us - back;
	}
	t->pmembers = t->p.members;
}
