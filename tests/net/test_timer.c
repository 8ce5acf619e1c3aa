/* tests/net/test_timer.c - the virtual-clock timer list (net/timer.h).
 *
 * Semantics pinned here: timers fire in deadline order, equal deadlines in start
 * order; one advance past several deadlines fires them one by one with "now" equal to
 * each deadline in turn, so timers restarted from a callback keep an exact schedule.
 */
#include "net/rand.h"
#include "net/timer.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVENTS 64

/* What the callbacks saw: which timer fired (its arg) and the list's now. */
struct record {
	struct net_timer_list *list;
	int who[MAX_EVENTS];
	uint64_t at[MAX_EVENTS];
	size_t n;
};

static struct net_timer_list list;
static struct record rec;

static void setup(void)
{
	net_timer_list_init(&list, 1000);
	memset(&rec, 0, sizeof(rec));
	rec.list = &list;
}

static void teardown(void)
{
	net_timer_list_fini(&list);
}

static void note(int who)
{
	if (rec.n < MAX_EVENTS) {
		rec.who[rec.n] = who;
		rec.at[rec.n] = net_timer_list_now(rec.list);
		rec.n++;
	}
}

/* arg points to an int naming the timer */
static void on_fire(struct net_timer *t, void *arg)
{
	(void)t;
	note(*(const int *)arg);
}

static const int ids[] = { 0, 1, 2, 3, 4, 5, 6, 7 };

static void test_impl_timer_fires_in_deadline_order(void)
{
	struct net_timer t[3];

	for (int i = 0; i < 3; i++)
		net_timer_init(&t[i], on_fire, (void *)&ids[i]);
	CU_ASSERT_EQUAL(net_timer_start(&list, &t[0], 300), 0);
	CU_ASSERT_EQUAL(net_timer_start(&list, &t[1], 100), 0);
	CU_ASSERT_EQUAL(net_timer_start(&list, &t[2], 200), 0);
	CU_ASSERT_EQUAL(net_timer_list_count(&list), 3);
	CU_ASSERT_EQUAL(net_timer_list_advance(&list, 2000), 3);
	CU_ASSERT_EQUAL(rec.n, 3);
	CU_ASSERT_EQUAL(rec.who[0], 1);
	CU_ASSERT_EQUAL(rec.who[1], 2);
	CU_ASSERT_EQUAL(rec.who[2], 0);
	CU_ASSERT_EQUAL(net_timer_list_count(&list), 0);
	for (int i = 0; i < 3; i++)
		CU_ASSERT_FALSE(net_timer_is_armed(&t[i]));
}

/* STYLE.md 3: "equal deadlines fire in the order started".  A restart is a new start. */
static void test_impl_timer_equal_deadlines_fire_in_start_order(void)
{
	struct net_timer t[6];

	for (int i = 0; i < 6; i++) {
		net_timer_init(&t[i], on_fire, (void *)&ids[i]);
		CU_ASSERT_EQUAL(net_timer_start(&list, &t[i], 500), 0);
	}
	CU_ASSERT_EQUAL(net_timer_start(&list, &t[2], 500), 0);  /* restarted: now last */
	net_timer_list_advance(&list, 1500);
	CU_ASSERT_EQUAL(rec.n, 6);
	static const int expect[] = { 0, 1, 3, 4, 5, 2 };

	for (size_t i = 0; i < 6 && i < rec.n; i++) {
		CU_ASSERT_EQUAL(rec.who[i], expect[i]);
		CU_ASSERT_EQUAL(rec.at[i], 1500);
	}
}

/* A deadline equal to the target fires; later ones wait; now ends at the target and
 * during each callback equals that callback's deadline. */
static void test_impl_timer_advance_sets_now_to_each_deadline(void)
{
	struct net_timer t[3];
	uint64_t next = 0;

	for (int i = 0; i < 3; i++)
		net_timer_init(&t[i], on_fire, (void *)&ids[i]);
	net_timer_start(&list, &t[0], 10);
	net_timer_start(&list, &t[1], 20);
	net_timer_start(&list, &t[2], 30);
	CU_ASSERT_EQUAL(net_timer_list_advance(&list, 1019), 1);
	CU_ASSERT_EQUAL(net_timer_list_now(&list), 1019);
	CU_ASSERT_EQUAL(net_timer_list_advance(&list, 1025), 1);  /* exactly due at 1020 */
	CU_ASSERT_EQUAL(rec.at[1], 1020);
	CU_ASSERT_EQUAL(net_timer_list_now(&list), 1025);
	CU_ASSERT_TRUE(net_timer_list_next(&list, &next));
	CU_ASSERT_EQUAL(next, 1030);
	CU_ASSERT_EQUAL(net_timer_list_advance(&list, 1030), 1);
	CU_ASSERT_EQUAL(rec.n, 3);
	CU_ASSERT_EQUAL(rec.at[0], 1010);
	CU_ASSERT_EQUAL(rec.at[2], 1030);
	CU_ASSERT_EQUAL(net_timer_list_now(&list), 1030);
}

/* An INVITE client transaction's pair of timers, written the way sip/ will use them. */
struct ict_like {
	struct net_timer a, b;
	uint64_t interval;  /* us */
};

static void on_timer_a(struct net_timer *t, void *arg)
{
	struct ict_like *x = arg;

	note(0);
	x->interval *= 2;
	net_timer_start(rec.list, t, x->interval);
}

static void on_timer_b(struct net_timer *t, void *arg)
{
	struct ict_like *x = arg;

	(void)t;
	note(1);
	net_timer_stop(rec.list, &x->a);
}

/* RFC3261 17.1.1.2: "When timer A fires, the client transaction MUST retransmit the
 * request by passing it to the transport layer, and MUST reset the timer with a value
 * of 2*T1." and "If the client transaction is still in the "Calling" state when timer
 * B fires, the client transaction SHOULD inform the TU that a timeout has occurred."
 * This checks the mechanism under that rule: one advance of 40 s fires A at exactly
 * 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s and B at 32 s, as if time had moved in steps. */
static void test_impl_timer_doubling_chain_in_one_advance(void)
{
	struct ict_like x = { .interval = 500000 };
	static const uint64_t expect_a[] = { 500000, 1500000, 3500000, 7500000, 15500000,
					     31500000 };

	net_timer_list_fini(&list);
	net_timer_list_init(&list, 0);
	net_timer_init(&x.a, on_timer_a, &x);
	net_timer_init(&x.b, on_timer_b, &x);
	net_timer_start(&list, &x.a, x.interval);
	net_timer_start(&list, &x.b, 64 * 500000);
	CU_ASSERT_EQUAL(net_timer_list_advance(&list, 40000000), 7);
	CU_ASSERT_EQUAL(rec.n, 7);
	for (size_t i = 0; i < 6; i++) {
		CU_ASSERT_EQUAL(rec.who[i], 0);
		CU_ASSERT_EQUAL(rec.at[i], expect_a[i]);
	}
	CU_ASSERT_EQUAL(rec.who[6], 1);
	CU_ASSERT_EQUAL(rec.at[6], 32000000);
	CU_ASSERT_FALSE(net_timer_is_armed(&x.a));  /* B stopped A's 63.5 s retransmission */
	CU_ASSERT_EQUAL(net_timer_list_count(&list), 0);
}

static void on_periodic(struct net_timer *t, void *arg)
{
	note(*(const int *)arg);
	net_timer_start(rec.list, t, 20000);
}

/* RTP pacing: a timer that restarts itself every 20 ms drifts by nothing, however
 * late the loop gets round to advancing the list. */
static void test_impl_timer_restart_inside_own_callback(void)
{
	struct net_timer t;

	net_timer_init(&t, on_periodic, (void *)&ids[3]);
	net_timer_start(&list, &t, 20000);
	CU_ASSERT_EQUAL(net_timer_list_advance(&list, 1000 + 100000), 5);
	CU_ASSERT_EQUAL(rec.n, 5);
	for (size_t i = 0; i < 5 && i < rec.n; i++)
		CU_ASSERT_EQUAL(rec.at[i], 1000 + 20000 * (i + 1));
	CU_ASSERT_TRUE(net_timer_is_armed(&t));
	CU_ASSERT_EQUAL(t.deadline, 1000 + 120000);
	net_timer_stop(&list, &t);
}

static void on_stop_self(struct net_timer *t, void *arg)
{
	note(*(const int *)arg);
	CU_ASSERT_FALSE(net_timer_is_armed(t));
	net_timer_stop(rec.list, t);
}

static void test_impl_timer_stop_inside_own_callback(void)
{
	struct net_timer t, u;

	net_timer_init(&t, on_stop_self, (void *)&ids[0]);
	net_timer_init(&u, on_fire, (void *)&ids[1]);
	net_timer_start(&list, &t, 5);
	net_timer_start(&list, &u, 6);
	CU_ASSERT_EQUAL(net_timer_list_advance(&list, 2000), 2);
	CU_ASSERT_EQUAL(rec.n, 2);
	CU_ASSERT_EQUAL(rec.who[1], 1);
	CU_ASSERT_EQUAL(net_timer_list_count(&list), 0);
}

/* A transaction that frees itself when its last timer fires. */
struct owner {
	int id;
	struct net_timer timer;
};

static void on_destroy_owner(struct net_timer *t, void *arg)
{
	struct owner *o = arg;

	(void)t;
	note(o->id);
	free(o);
}

static void test_impl_timer_destroy_owner_inside_callback(void)
{
	struct owner *o[4];
	struct net_timer after;

	for (int i = 0; i < 4; i++)
		o[i] = calloc(1, sizeof(*o[i]));
	if (o[0] == NULL || o[1] == NULL || o[2] == NULL || o[3] == NULL) {
		for (int i = 0; i < 4; i++)
			free(o[i]);
		CU_FAIL("out of memory");
		return;
	}
	for (int i = 0; i < 4; i++) {
		o[i]->id = i;
		net_timer_init(&o[i]->timer, on_destroy_owner, o[i]);
		net_timer_start(&list, &o[i]->timer, (uint64_t)(40 - 10 * i));
	}
	net_timer_init(&after, on_fire, (void *)&ids[7]);
	net_timer_start(&list, &after, 40);
	CU_ASSERT_EQUAL(net_timer_list_advance(&list, 1040), 5);
	CU_ASSERT_EQUAL(rec.n, 5);
	static const int expect[] = { 3, 2, 1, 0, 7 };

	for (size_t i = 0; i < 5 && i < rec.n; i++)
		CU_ASSERT_EQUAL(rec.who[i], expect[i]);
}

/* A callback stops a timer due at the same instant and starts one with delay 0,
 * which fires in the same advance, after everything already due. */
static struct net_timer cross[3];

static void on_cross(struct net_timer *t, void *arg)
{
	(void)t;
	note(*(const int *)arg);
	net_timer_stop(rec.list, &cross[1]);
	net_timer_start(rec.list, &cross[2], 0);
}

static void test_impl_timer_callback_stops_and_starts_others(void)
{
	struct net_timer late;

	net_timer_init(&cross[0], on_cross, (void *)&ids[0]);
	net_timer_init(&cross[1], on_fire, (void *)&ids[1]);
	net_timer_init(&cross[2], on_fire, (void *)&ids[2]);
	net_timer_init(&late, on_fire, (void *)&ids[3]);
	net_timer_start(&list, &cross[0], 10);
	net_timer_start(&list, &cross[1], 10);
	net_timer_start(&list, &late, 10);
	CU_ASSERT_EQUAL(net_timer_list_advance(&list, 1010), 3);
	CU_ASSERT_EQUAL(rec.n, 3);
	CU_ASSERT_EQUAL(rec.who[0], 0);
	CU_ASSERT_EQUAL(rec.who[1], 3);  /* 1 was stopped; 2 started after 3 */
	CU_ASSERT_EQUAL(rec.who[2], 2);
	CU_ASSERT_EQUAL(rec.at[2], 1010);
}

static void test_impl_timer_stop_restart_and_next_deadline(void)
{
	struct net_timer t[3];
	uint64_t next = 0;

	CU_ASSERT_FALSE(net_timer_list_next(&list, &next));
	for (int i = 0; i < 3; i++)
		net_timer_init(&t[i], on_fire, (void *)&ids[i]);
	net_timer_stop(&list, &t[0]);  /* never started: nothing happens */
	net_timer_start(&list, &t[0], 100);
	net_timer_start(&list, &t[1], 50);
	net_timer_start(&list, &t[2], 70);
	CU_ASSERT_TRUE(net_timer_list_next(&list, &next));
	CU_ASSERT_EQUAL(next, 1050);
	net_timer_stop(&list, &t[1]);
	CU_ASSERT_FALSE(net_timer_is_armed(&t[1]));
	CU_ASSERT_TRUE(net_timer_list_next(&list, &next));
	CU_ASSERT_EQUAL(next, 1070);
	net_timer_start(&list, &t[0], 10);  /* restart earlier */
	CU_ASSERT_TRUE(net_timer_list_next(&list, &next));
	CU_ASSERT_EQUAL(next, 1010);
	net_timer_start(&list, &t[0], 500);  /* restart later */
	CU_ASSERT_TRUE(net_timer_list_next(&list, &next));
	CU_ASSERT_EQUAL(next, 1070);
	CU_ASSERT_EQUAL(net_timer_list_count(&list), 2);
	net_timer_list_advance(&list, 1600);
	CU_ASSERT_EQUAL(rec.n, 2);
	CU_ASSERT_EQUAL(rec.who[0], 2);
	CU_ASSERT_EQUAL(rec.who[1], 0);
	CU_ASSERT_EQUAL(rec.at[1], 1500);
	CU_ASSERT_FALSE(net_timer_list_next(&list, &next));
}

static void test_impl_timer_clock_never_moves_backwards(void)
{
	struct net_timer t;

	net_timer_init(&t, on_fire, (void *)&ids[0]);
	net_timer_start(&list, &t, 0);
	CU_ASSERT_EQUAL(net_timer_list_advance(&list, 10), 0);  /* in the past */
	CU_ASSERT_EQUAL(net_timer_list_now(&list), 1000);
	CU_ASSERT_EQUAL(net_timer_list_advance(&list, 1000), 1);  /* delay 0: due now */
	CU_ASSERT_EQUAL(rec.at[0], 1000);
	net_timer_start(&list, &t, UINT64_MAX);  /* saturates instead of wrapping */
	CU_ASSERT_EQUAL(t.deadline, UINT64_MAX);
	CU_ASSERT_EQUAL(net_timer_list_advance(&list, UINT64_MAX - 1), 0);
	CU_ASSERT_EQUAL(net_timer_list_advance(&list, UINT64_MAX), 1);
}

static void test_impl_timer_fini_disarms_remaining_timers(void)
{
	struct net_timer t[20];

	for (int i = 0; i < 20; i++) {
		net_timer_init(&t[i], on_fire, (void *)&ids[0]);
		net_timer_start(&list, &t[i], (uint64_t)i);
	}
	net_timer_list_fini(&list);
	for (int i = 0; i < 20; i++)
		CU_ASSERT_FALSE(net_timer_is_armed(&t[i]));
	CU_ASSERT_EQUAL(net_timer_list_count(&list), 0);
	CU_ASSERT_EQUAL(rec.n, 0);
}

/* Thousands of timers with colliding deadlines, random stops and restarts, advanced in
 * random steps: each fires once, at its own deadline, in (deadline, start) order. */
#define MANY 5000

struct many {
	struct net_timer t;
	uint64_t seq_at_fire;   /* copy of t.seq when it fired */
	int fired;              /* times fired */
	int armed;              /* what the test expects */
};

static struct many many[MANY];
static uint64_t last_deadline, last_seq;
static int order_ok;

static void on_many(struct net_timer *t, void *arg)
{
	struct many *m = arg;
	uint64_t now = net_timer_list_now(rec.list);

	if (now != t->deadline || now < last_deadline ||
	    (now == last_deadline && t->seq <= last_seq))
		order_ok = 0;
	last_deadline = now;
	last_seq = t->seq;
	m->fired++;
}

static void test_impl_timer_many_timers_fire_in_order(void)
{
	struct net_rand r;
	size_t expect = 0, fired = 0;

	net_rand_seed(&r, 2024);
	order_ok = 1;
	last_deadline = 0;
	last_seq = 0;
	memset(many, 0, sizeof(many));
	for (int i = 0; i < MANY; i++) {
		net_timer_init(&many[i].t, on_many, &many[i]);
		CU_ASSERT_EQUAL(net_timer_start(&list, &many[i].t, net_rand_below(&r, 1000)), 0);
		many[i].armed = 1;
	}
	for (int i = 0; i < MANY; i += 3) {
		net_timer_stop(&list, &many[i].t);
		many[i].armed = 0;
	}
	for (int i = 0; i < MANY; i += 5) {
		net_timer_start(&list, &many[i].t, net_rand_below(&r, 2000));
		many[i].armed = 1;
	}
	for (int i = 0; i < MANY; i++)
		expect += (size_t)many[i].armed;
	CU_ASSERT_EQUAL(net_timer_list_count(&list), expect);
	while (net_timer_list_count(&list) > 0)
		fired += net_timer_list_advance(&list, net_timer_list_now(&list) +
							net_rand_below(&r, 50));
	CU_ASSERT_EQUAL(fired, expect);
	CU_ASSERT_TRUE(order_ok);
	for (int i = 0; i < MANY; i++)
		CU_ASSERT_EQUAL(many[i].fired, many[i].armed);
}

static const struct th_test timer_tests[] = {
	TH_TEST(test_impl_timer_fires_in_deadline_order),
	TH_TEST(test_impl_timer_equal_deadlines_fire_in_start_order),
	TH_TEST(test_impl_timer_advance_sets_now_to_each_deadline),
	TH_TEST(test_impl_timer_doubling_chain_in_one_advance),
	TH_TEST(test_impl_timer_restart_inside_own_callback),
	TH_TEST(test_impl_timer_stop_inside_own_callback),
	TH_TEST(test_impl_timer_destroy_owner_inside_callback),
	TH_TEST(test_impl_timer_callback_stops_and_starts_others),
	TH_TEST(test_impl_timer_stop_restart_and_next_deadline),
	TH_TEST(test_impl_timer_clock_never_moves_backwards),
	TH_TEST(test_impl_timer_fini_disarms_remaining_timers),
	TH_TEST(test_impl_timer_many_timers_fire_in_order),
	TH_END
};

static const struct th_suite suites[] = {
	{ "net/timer: timer list on a virtual clock", timer_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
