/* tests/net/nettest.h - shared helpers of the net/ tests: a fake clock, a log
 * recorder and a bounded "pump the loop until" for real-socket tests.
 *
 * Socket tests never sleep and assert no timing: nt_pump turns the loop (each turn
 * waits at most 10 ms for readiness, returning as soon as a descriptor is ready)
 * until a condition holds, and gives up after a bounded number of turns.
 */
#ifndef TESTS_NET_NETTEST_H
#define TESTS_NET_NETTEST_H

#include "net/log.h"
#include "net/loop.h"

#include <stdbool.h>
#include <stdint.h>

/* A clock that moves only when the test moves it. */
struct nt_clock {
	uint64_t now;   /* us */
	uint64_t step;  /* added after every read (0: stands still) */
};

/* net_clock_cb reading a struct nt_clock. */
uint64_t nt_clock_read(void *arg);

/* A net_log that keeps the last lines it saw, joined by '\n'. */
struct nt_log {
	char text[8192];
	unsigned lines;
};

void nt_log_init(struct nt_log *l, struct net_log *hook);
bool nt_log_contains(const struct nt_log *l, const char *needle);

/* Turns `loop` (at most 10 ms of waiting per turn) until done(arg) is true or
 * `max_turns` turns have passed.  Returns done(arg). */
bool nt_pump(struct net_loop *loop, bool (*done)(void *arg), void *arg, unsigned max_turns);

/* True if the machine can bind a socket to ::1.  Otherwise prints a SKIP line naming
 * the test, so a machine without IPv6 skips the IPv6 tests visibly, not silently. */
bool nt_have_ipv6_loopback(const char *test_name);

#endif
