/* tests/net/test_loop.c - the poll loop (net/loop.h).
 *
 * Readiness comes from pipes the test writes to before the turn, and every turn uses
 * a poll timeout of 0; time comes from a fake clock.  Nothing here sleeps or
 * measures wall-clock time.
 */
#include "net/loop.h"
#include "tests/net/nettest.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define MAX_CALLS 16

static struct net_loop loop;
static struct nt_clock clk;
static struct nt_log logrec;
static int pipes[3][2];

/* Which descriptors were called back, with which events, in order. */
static struct {
	int fd[MAX_CALLS];
	unsigned events[MAX_CALLS];
	size_t n;
} calls;

static void setup(void)
{
	struct net_log hook;

	memset(&calls, 0, sizeof(calls));
	clk.now = 5000;
	clk.step = 0;
	net_loop_init(&loop, nt_clock_read, &clk);
	nt_log_init(&logrec, &hook);
	net_loop_set_log(&loop, &hook);
	for (int i = 0; i < 3; i++)
		if (pipe(pipes[i]) != 0)
			pipes[i][0] = pipes[i][1] = -1;
}

static void teardown(void)
{
	net_loop_fini(&loop);
	for (int i = 0; i < 3; i++) {
		if (pipes[i][0] >= 0)
			close(pipes[i][0]);
		if (pipes[i][1] >= 0)
			close(pipes[i][1]);
	}
}

static void record(int fd, unsigned events)
{
	if (calls.n < MAX_CALLS) {
		calls.fd[calls.n] = fd;
		calls.events[calls.n] = events;
		calls.n++;
	}
}

static void on_ready(void *arg, int fd, unsigned events)
{
	(void)arg;
	record(fd, events);
}

static void make_readable(int i)
{
	CU_ASSERT_EQUAL(write(pipes[i][1], "x", 1), 1);
}

static void on_timer(struct net_timer *t, void *arg)
{
	(void)t;
	*(uint64_t *)arg = net_loop_now(&loop);
}

/* The loop's timers run on its clock and on nothing else. */
static void test_impl_loop_timers_follow_the_clock(void)
{
	struct net_timer t;
	uint64_t fired_at = 0;

	CU_ASSERT_EQUAL(net_loop_now(&loop), 5000);
	net_timer_init(&t, on_timer, &fired_at);
	CU_ASSERT_EQUAL(net_timer_start(net_loop_timers(&loop), &t, 1000), 0);
	CU_ASSERT_EQUAL(net_loop_run_once(&loop, 0), 0);
	CU_ASSERT_EQUAL(fired_at, 0);
	clk.now = 5999;
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(fired_at, 0);
	clk.now = 7000;  /* a late turn: now during the callback is still the deadline */
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(fired_at, 6000);
	CU_ASSERT_EQUAL(net_loop_now(&loop), 7000);
}

/* The poll timeout is the time to the next deadline, capped by the caller. */
static void test_impl_loop_waits_until_next_deadline(void)
{
	struct net_timer t;
	uint64_t fired_at = 0;

	CU_ASSERT_EQUAL(net_loop_wait_us(&loop, 50000), 50000);
	CU_ASSERT_EQUAL(net_loop_wait_us(&loop, NET_LOOP_FOREVER), NET_LOOP_FOREVER);
	net_timer_init(&t, on_timer, &fired_at);
	net_timer_start(net_loop_timers(&loop), &t, 20000);
	CU_ASSERT_EQUAL(net_loop_wait_us(&loop, 50000), 20000);
	CU_ASSERT_EQUAL(net_loop_wait_us(&loop, NET_LOOP_FOREVER), 20000);
	CU_ASSERT_EQUAL(net_loop_wait_us(&loop, 10000), 10000);
	net_timer_start(net_loop_timers(&loop), &t, 0);
	CU_ASSERT_EQUAL(net_loop_wait_us(&loop, 50000), 0);
	net_timer_start(net_loop_timers(&loop), &t, 20000);
	net_loop_stop(&loop);
	CU_ASSERT_EQUAL(net_loop_wait_us(&loop, 50000), 0);
	net_timer_stop(net_loop_timers(&loop), &t);
}

static void test_impl_loop_calls_back_only_ready_descriptors(void)
{
	char c;

	CU_ASSERT_EQUAL(net_loop_watch(&loop, pipes[0][0], NET_LOOP_READ, on_ready, NULL), 0);
	CU_ASSERT_EQUAL(net_loop_watch(&loop, pipes[1][0], NET_LOOP_READ, on_ready, NULL), 0);
	CU_ASSERT_EQUAL(net_loop_run_once(&loop, 0), 0);
	CU_ASSERT_EQUAL(calls.n, 0);
	make_readable(1);
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(calls.n, 1);
	CU_ASSERT_EQUAL(calls.fd[0], pipes[1][0]);
	CU_ASSERT_EQUAL(calls.events[0], NET_LOOP_READ);
	CU_ASSERT_EQUAL(read(pipes[1][0], &c, 1), 1);
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(calls.n, 1);
}

static void test_impl_loop_write_interest_can_be_switched(void)
{
	CU_ASSERT_EQUAL(net_loop_watch(&loop, pipes[0][1], NET_LOOP_WRITE, on_ready, NULL), 0);
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(calls.n, 1);
	CU_ASSERT_EQUAL(calls.events[0], NET_LOOP_WRITE);
	CU_ASSERT_EQUAL(net_loop_set_events(&loop, pipes[0][1], 0), 0);  /* paused */
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(calls.n, 1);
	CU_ASSERT_EQUAL(net_loop_set_events(&loop, pipes[2][1], 0), ENOENT);
	net_loop_unwatch(&loop, pipes[2][1]);  /* not watched: nothing happens */
	CU_ASSERT_EQUAL(loop.len, 1);
}

static void test_impl_loop_watch_rejects_bad_arguments_and_replaces(void)
{
	CU_ASSERT_EQUAL(net_loop_watch(&loop, -1, NET_LOOP_READ, on_ready, NULL), EINVAL);
	CU_ASSERT_EQUAL(net_loop_watch(&loop, pipes[0][0], NET_LOOP_READ, NULL, NULL), EINVAL);
	CU_ASSERT_EQUAL(net_loop_watch(&loop, pipes[0][0], 0, on_ready, NULL), 0);
	CU_ASSERT_EQUAL(net_loop_watch(&loop, pipes[0][0], NET_LOOP_READ, on_ready, &loop), 0);
	CU_ASSERT_EQUAL(loop.len, 1);
	CU_ASSERT_PTR_EQUAL(loop.watches[0].arg, &loop);
}

/* A callback that unwatches another ready descriptor and itself. */
static void on_ready_unwatch_others(void *arg, int fd, unsigned events)
{
	(void)arg;
	record(fd, events);
	net_loop_unwatch(&loop, pipes[1][0]);
	net_loop_unwatch(&loop, fd);
}

static void test_impl_loop_unwatch_inside_callback_skips_that_descriptor(void)
{
	net_loop_watch(&loop, pipes[0][0], NET_LOOP_READ, on_ready_unwatch_others, NULL);
	net_loop_watch(&loop, pipes[1][0], NET_LOOP_READ, on_ready, NULL);
	net_loop_watch(&loop, pipes[2][0], NET_LOOP_READ, on_ready, NULL);
	make_readable(0);
	make_readable(1);
	make_readable(2);
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(calls.n, 2);
	CU_ASSERT_EQUAL(calls.fd[0], pipes[0][0]);
	CU_ASSERT_EQUAL(calls.fd[1], pipes[2][0]);  /* pipes[1] was unwatched mid-turn */
	CU_ASSERT_EQUAL(loop.len, 1);               /* holes squeezed out after the turn */
	CU_ASSERT_EQUAL(loop.fds[0].fd, pipes[2][0]);
}

static void on_ready_watch_third(void *arg, int fd, unsigned events)
{
	(void)arg;
	record(fd, events);
	net_loop_watch(&loop, pipes[2][0], NET_LOOP_READ, on_ready, NULL);
	net_loop_unwatch(&loop, fd);
}

static void test_impl_loop_watch_inside_callback_waits_for_next_turn(void)
{
	net_loop_watch(&loop, pipes[0][0], NET_LOOP_READ, on_ready_watch_third, NULL);
	make_readable(0);
	make_readable(2);
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(calls.n, 1);
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(calls.n, 2);
	CU_ASSERT_EQUAL(calls.fd[1], pipes[2][0]);
}

static uint64_t seen_now;

static void on_ready_note_time(void *arg, int fd, unsigned events)
{
	(void)arg;
	record(fd, events);
	seen_now = net_loop_now(&loop);
}

/* The clock is read again after poll returns: a callback sees the time its event
 * arrived, not the time the loop went to sleep (an idle check must not be stale). */
static void test_impl_loop_callbacks_see_time_after_poll(void)
{
	clk.step = 1000;  /* every read moves the fake clock by 1 ms */
	net_loop_watch(&loop, pipes[0][0], NET_LOOP_READ, on_ready_note_time, NULL);
	make_readable(0);
	uint64_t before = clk.now;

	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(calls.n, 1);
	CU_ASSERT_EQUAL(seen_now, before + 1000);  /* the second read of the turn */
	CU_ASSERT_EQUAL(net_loop_now(&loop), before + 1000);
}

/* A peer that went away shows up as the ERROR bit (POLLHUP), asked for or not. */
static void test_impl_loop_hangup_is_reported_as_error(void)
{
	net_loop_watch(&loop, pipes[0][0], NET_LOOP_READ, on_ready, NULL);
	close(pipes[0][1]);
	pipes[0][1] = -1;
	net_loop_run_once(&loop, 0);
	CU_ASSERT_EQUAL(calls.n, 1);
	CU_ASSERT_TRUE((calls.events[0] & NET_LOOP_ERROR) != 0);
}

/* Closing a descriptor without unwatching it is a caller bug; the loop logs it and
 * drops the watch instead of spinning on POLLNVAL forever. */
static void test_impl_loop_drops_descriptor_closed_while_watched(void)
{
	net_loop_watch(&loop, pipes[0][0], NET_LOOP_READ, on_ready, NULL);
	close(pipes[0][0]);
	CU_ASSERT_EQUAL(net_loop_run_once(&loop, 0), 0);
	CU_ASSERT_EQUAL(calls.n, 0);
	CU_ASSERT_EQUAL(loop.len, 0);
	CU_ASSERT_TRUE(nt_log_contains(&logrec, "was closed while watched"));
	pipes[0][0] = -1;
}

static unsigned turns;

static void on_ready_count(void *arg, int fd, unsigned events)
{
	(void)arg;
	(void)fd;
	(void)events;
	turns++;
}

static void on_timer_stop(struct net_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	net_loop_stop(&loop);
}

/* run turns until stopped.  A pipe that stays readable keeps every poll from
 * sleeping; the fake clock moves 1 ms per read, so the 10 ms timer fires after a
 * fixed number of turns (two clock reads per turn). */
static void test_impl_loop_run_until_stop(void)
{
	struct net_timer t;

	clk.step = 1000;
	net_loop_fini(&loop);
	net_loop_init(&loop, nt_clock_read, &clk);  /* reads 5000, clock now 6000 */
	net_timer_init(&t, on_timer_stop, NULL);
	net_timer_start(net_loop_timers(&loop), &t, 10000);  /* due at 15000 */
	net_loop_watch(&loop, pipes[0][0], NET_LOOP_READ, on_ready_count, NULL);
	make_readable(0);
	turns = 0;
	CU_ASSERT_EQUAL(net_loop_run(&loop), 0);
	/* turn k reads 6000 + 2000(k-1) before polling and 7000 + 2000(k-1) after: the
	 * deadline 15000 is read right after the poll of turn 5, whose dispatch still
	 * runs; run checks the stop request between turns */
	CU_ASSERT_EQUAL(turns, 5);
	CU_ASSERT_EQUAL(loop.stop, 0);  /* cleared, so run can be called again */
	net_loop_stop(&loop);
	turns = 0;
	CU_ASSERT_EQUAL(net_loop_run(&loop), 0);  /* stopped before the first turn */
	CU_ASSERT_EQUAL(turns, 0);
}

/* With no descriptor and no timer there is nothing to wait for: run returns. */
static void test_impl_loop_run_returns_when_nothing_is_left(void)
{
	struct net_timer t;
	uint64_t fired_at = 0;

	clk.step = 1000;
	net_timer_init(&t, on_timer, &fired_at);
	net_timer_start(net_loop_timers(&loop), &t, 0);  /* due at once: poll never sleeps */
	CU_ASSERT_EQUAL(net_loop_run(&loop), 0);
	CU_ASSERT_EQUAL(fired_at, 5000);
	CU_ASSERT_EQUAL(net_loop_run_once(&loop, NET_LOOP_FOREVER), 0);  /* does not block */
}

/* The default clock is CLOCK_MONOTONIC: it reads something and never goes back. */
static void test_impl_loop_default_clock_is_monotonic(void)
{
	struct net_loop real;
	uint64_t before;

	net_loop_init(&real, NULL, NULL);
	before = net_loop_now(&real);
	CU_ASSERT_TRUE(before > 0);
	CU_ASSERT_EQUAL(net_loop_run_once(&real, 0), 0);
	CU_ASSERT_TRUE(net_loop_now(&real) >= before);
	CU_ASSERT_TRUE(net_clock_monotonic_us() >= net_loop_now(&real));
	CU_ASSERT_TRUE(net_clock_realtime_us() > 1500000000ULL * 1000000ULL);  /* after 2017 */
	net_loop_fini(&real);
}

static const struct th_test loop_tests[] = {
	TH_TEST(test_impl_loop_timers_follow_the_clock),
	TH_TEST(test_impl_loop_waits_until_next_deadline),
	TH_TEST(test_impl_loop_calls_back_only_ready_descriptors),
	TH_TEST(test_impl_loop_write_interest_can_be_switched),
	TH_TEST(test_impl_loop_watch_rejects_bad_arguments_and_replaces),
	TH_TEST(test_impl_loop_unwatch_inside_callback_skips_that_descriptor),
	TH_TEST(test_impl_loop_watch_inside_callback_waits_for_next_turn),
	TH_TEST(test_impl_loop_callbacks_see_time_after_poll),
	TH_TEST(test_impl_loop_hangup_is_reported_as_error),
	TH_TEST(test_impl_loop_drops_descriptor_closed_while_watched),
	TH_TEST(test_impl_loop_run_until_stop),
	TH_TEST(test_impl_loop_run_returns_when_nothing_is_left),
	TH_TEST(test_impl_loop_default_clock_is_monotonic),
	TH_END
};

static const struct th_suite suites[] = {
	{ "net/loop: poll loop with timers on an injected clock", loop_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
