/* tests/rtp/test_rtcp_interval.c - RTCP transmission interval (rtp/rtcp_interval.h).
 *
 * Proves: §6.3.1 steps 1-5 on worked examples (two-party call, large audience, sender
 * share, initial halving), the 0.5-1.5 randomisation and the e - 3/2 compensation,
 * the §6.2 reduced minimum, and the §6.3 timer rules: first report, reconsideration on
 * expiry, average size, reverse reconsideration.  All on virtual time.
 */
#include "rtp/rtcp_interval.h"
#include "tests/support/harness.h"

static uint64_t us(double seconds)
{
	return (uint64_t)(seconds * 1e6);
}

static struct rtcp_interval_params params(int members, int senders, bool we_sent)
{
	struct rtcp_interval_params p = {
		.members = members, .senders = senders, .rtcp_bw = 500.0, .we_sent = we_sent,
		.avg_rtcp_size = 100.0, .initial = false, .min_interval = RTCP_MIN_INTERVAL,
	};

	return p;
}

/* RFC3550 6.3.1: "If the senders constitute more than one quarter of the membership,
 * this procedure splits the bandwidth equally among all participants": in a call both
 * send, n = 2, n * C = 2 * 100 / 500 = 0.4 s, below Tmin: "Td is set to max(Tmin, n*C)". */
static void test_rfc3550_6_3_1_two_party_call_uses_the_minimum(void)
{
	struct rtcp_interval_params p = params(2, 2, true);

	CU_ASSERT_DOUBLE_EQUAL(rtcp_interval_deterministic(&p), 5.0, 1e-12);
	p.min_interval = 1.0;  /* a reduced minimum applies the same way */
	CU_ASSERT_DOUBLE_EQUAL(rtcp_interval_deterministic(&p), 1.0, 1e-12);
}

/* RFC3550 6.3.1: "If the participant has not yet sent an RTCP packet (the variable
 * initial is true), the constant Tmin is set to 2.5 seconds". */
static void test_rfc3550_6_3_1_initial_minimum_is_halved(void)
{
	struct rtcp_interval_params p = params(2, 2, true);

	p.initial = true;
	CU_ASSERT_DOUBLE_EQUAL(rtcp_interval_deterministic(&p), 2.5, 1e-12);
}

/* RFC3550 6.3.1: "If we_sent is not true, the constant C is set to the average RTCP
 * packet size divided by 75% of the RTCP bandwidth.  The constant n is set to the
 * number of receivers (members - senders)."
 * 1000 members, 10 senders: C = 100 / 375, n = 990, Td = 264 s. */
static void test_rfc3550_6_3_1_receivers_share_75_percent(void)
{
	struct rtcp_interval_params p = params(1000, 10, false);

	CU_ASSERT_DOUBLE_EQUAL(rtcp_interval_deterministic(&p), 264.0, 1e-9);
}

/* RFC3550 6.3.1: "If the participant is a sender (we_sent true), the constant C is set
 * to the average RTCP packet size (avg_rtcp_size) divided by 25% of the RTCP bandwidth
 * (rtcp_bw), and the constant n is set to the number of senders."
 * C = 100 / 125, n = 10, Td = 8 s. */
static void test_rfc3550_6_3_1_senders_share_25_percent(void)
{
	struct rtcp_interval_params p = params(1000, 10, true);

	CU_ASSERT_DOUBLE_EQUAL(rtcp_interval_deterministic(&p), 8.0, 1e-9);
	/* More than a quarter are senders: everyone shares everything, n = members.
	 * 10 members, 5 senders, 1000-octet reports: 10 * 1000 / 500 = 20 s. */
	p = params(10, 5, true);
	p.avg_rtcp_size = 1000.0;
	CU_ASSERT_DOUBLE_EQUAL(rtcp_interval_deterministic(&p), 20.0, 1e-9);
}

/* RFC3550 6.3.1: "4. The calculated interval T is set to a number uniformly distributed
 * between 0.5 and 1.5 times the deterministic calculated interval.  5. The resulting
 * value of T is divided by e-3/2=1.21828". */
static void test_rfc3550_6_3_1_randomised_then_compensated(void)
{
	struct rtcp_interval_params p = params(1000, 10, true);  /* Td = 8 */

	CU_ASSERT_DOUBLE_EQUAL(rtcp_interval_with(&p, 0.0), 8.0 * 0.5 / 1.21828, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(rtcp_interval_with(&p, 0.5), 8.0 / 1.21828, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(rtcp_interval_with(&p, 0.75), 8.0 * 1.25 / 1.21828, 1e-9);
}

/* The draws of the seeded generator stay in [0.5, 1.5) x Td / 1.21828 and average Td /
 * 1.21828 (20000 draws: the standard error of the mean is 0.2 %). */
static void test_rfc3550_6_3_1_draws_cover_half_to_one_and_a_half(void)
{
	struct rtcp_interval_params p = params(2, 2, true);  /* Td = 5 */
	struct net_rand r;
	double lo = 1e9, hi = 0, sum = 0, unit = 5.0 / RTCP_COMPENSATION;

	net_rand_seed(&r, 3550);
	for (int i = 0; i < 20000; i++) {
		double t = rtcp_interval(&p, &r);

		lo = t < lo ? t : lo;
		hi = t > hi ? t : hi;
		sum += t;
	}
	CU_ASSERT(lo >= 0.5 * unit && lo < 0.51 * unit);
	CU_ASSERT(hi < 1.5 * unit && hi > 1.49 * unit);
	CU_ASSERT_DOUBLE_EQUAL(sum / 20000 / unit, 1.0, 0.01);
}

/* RFC3550 6.2: "The RECOMMENDED value for the reduced minimum in seconds is 360 divided
 * by the session bandwidth in kilobits/second.  This minimum is smaller than 5 seconds
 * for bandwidths greater than 72 kb/s." */
static void test_rfc3550_6_2_reduced_minimum_is_360_over_kbps(void)
{
	CU_ASSERT_DOUBLE_EQUAL(rtcp_reduced_min_interval(72.0), 5.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(rtcp_reduced_min_interval(80.0), 4.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(rtcp_reduced_min_interval(0.0), RTCP_MIN_INTERVAL, 1e-12);
}

/* RFC3550 6.3.2: "The calculated interval T is then computed, and the first packet is
 * scheduled for time tn = T." (initial: Tmin = 2.5 s, so T in [1.25, 3.75) / 1.21828) */
static void test_rfc3550_6_3_2_first_report_within_the_initial_interval(void)
{
	struct rtcp_timer t;
	struct net_rand r;

	net_rand_seed(&r, 1);
	for (int i = 0; i < 100; i++) {
		rtcp_timer_init(&t, 500.0, RTCP_MIN_INTERVAL, 100.0, 7000000, &r);
		uint64_t d = t.tn_us - 7000000;

		CU_ASSERT(d >= us(1.25 / RTCP_COMPENSATION) - 1 && d <= us(3.75 / RTCP_COMPENSATION) + 1);
		CU_ASSERT_TRUE(t.p.initial);
		CU_ASSERT_EQUAL(t.p.members, 1);
		CU_ASSERT_EQUAL(t.pmembers, 1);
	}
}

/* RFC3550 6.3.6: "If tp + T is less than or equal to tc, an RTCP packet is transmitted
 * ... If tp + T is greater than tc, tn is set to tp + T.  No RTCP packet is
 * transmitted." */
static void test_rfc3550_6_3_6_reconsideration_on_expiry(void)
{
	struct rtcp_timer t;
	struct net_rand r;
	int sends = 0, reschedules = 0;

	net_rand_seed(&r, 2);
	for (int call = 0; call < 200; call++) {
		rtcp_timer_init(&t, 500.0, RTCP_MIN_INTERVAL, 100.0, 0, &r);
		CU_ASSERT_FALSE(rtcp_timer_expired(&t, t.tn_us - 1, &r));  /* not yet */
		for (int step = 0; step < 50; step++) {
			uint64_t now = t.tn_us;

			if (rtcp_timer_expired(&t, now, &r)) {
				sends++;
				rtcp_timer_sent(&t, now, 100.0, &r);
				CU_ASSERT_EQUAL(t.tp_us, now);
				CU_ASSERT_FALSE(t.p.initial);
				/* the next interval is a fresh draw with Tmin = 5 s */
				CU_ASSERT(t.tn_us - now >= us(2.5 / RTCP_COMPENSATION) - 1 &&
					  t.tn_us - now <= us(7.5 / RTCP_COMPENSATION) + 1);
				break;
			}
			reschedules++;
			CU_ASSERT(t.tn_us > now);  /* moved later, never earlier */
		}
	}
	CU_ASSERT_EQUAL(sends, 200);
	CU_ASSERT(reschedules > 0);  /* reconsideration did happen on some draws */
}

/* RFC3550 6.3.3: "avg_rtcp_size = 1/16 * packet_size + 15/16 * avg_rtcp_size". */
static void test_rfc3550_6_3_3_average_size_moves_by_a_sixteenth(void)
{
	struct rtcp_timer t;
	struct net_rand r;

	net_rand_seed(&r, 3);
	rtcp_timer_init(&t, 500.0, RTCP_MIN_INTERVAL, 100.0, 0, &r);
	rtcp_timer_received(&t, 200.0);
	CU_ASSERT_DOUBLE_EQUAL(t.p.avg_rtcp_size, 106.25, 1e-12);
	rtcp_timer_sent(&t, 1000, 106.25, &r);
	CU_ASSERT_DOUBLE_EQUAL(t.p.avg_rtcp_size, 106.25, 1e-12);
}

/* RFC3550 6.3.4: "tn = tc + (members/pmembers) * (tn - tc)" and "tp = tc -
 * (members/pmembers) * (tc - tp)".  2 -> 1 members at tc = 4 s, tp = 0, tn = 10 s:
 * tn = 4 + 6/2 = 7 s, tp = 4 - 4/2 = 2 s. */
static void test_rfc3550_6_3_4_reverse_reconsideration_on_bye(void)
{
	struct rtcp_timer t;
	struct net_rand r;

	net_rand_seed(&r, 4);
	rtcp_timer_init(&t, 500.0, RTCP_MIN_INTERVAL, 100.0, 0, &r);
	t.p.members = 2;
	t.pmembers = 2;
	t.tp_us = 0;
	t.tn_us = 10000000;
	rtcp_timer_member_left(&t, 4000000);
	CU_ASSERT_EQUAL(t.p.members, 1);
	CU_ASSERT_EQUAL(t.tn_us, 7000000);
	CU_ASSERT_EQUAL(t.tp_us, 2000000);
	CU_ASSERT_EQUAL(t.pmembers, 1);
	rtcp_timer_member_left(&t, 5000000);  /* never below ourselves */
	CU_ASSERT_EQUAL(t.p.members, 1);
	CU_ASSERT_EQUAL(t.tn_us, 7000000);
}

static const struct th_test interval_tests[] = {
	TH_TEST(test_rfc3550_6_3_1_two_party_call_uses_the_minimum),
	TH_TEST(test_rfc3550_6_3_1_initial_minimum_is_halved),
	TH_TEST(test_rfc3550_6_3_1_receivers_share_75_percent),
	TH_TEST(test_rfc3550_6_3_1_senders_share_25_percent),
	TH_TEST(test_rfc3550_6_3_1_randomised_then_compensated),
	TH_TEST(test_rfc3550_6_3_1_draws_cover_half_to_one_and_a_half),
	TH_TEST(test_rfc3550_6_2_reduced_minimum_is_360_over_kbps),
	TH_END
};

static const struct th_test timer_tests[] = {
	TH_TEST(test_rfc3550_6_3_2_first_report_within_the_initial_interval),
	TH_TEST(test_rfc3550_6_3_6_reconsideration_on_expiry),
	TH_TEST(test_rfc3550_6_3_3_average_size_moves_by_a_sixteenth),
	TH_TEST(test_rfc3550_6_3_4_reverse_reconsideration_on_bye),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3550 6.3.1 computing the RTCP transmission interval", interval_tests, NULL, NULL },
	{ "RFC3550 6.3 RTCP packet send and receive rules", timer_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
