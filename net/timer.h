/* net/timer.h - a timer list on a virtual clock.
 *
 * Every timer of RFC 3261 (A-K for transactions §17, Timer C for proxies §16.6, the
 * 2xx retransmission of §13.3.1.4) and the 20 ms RTP pacing run on one of these lists.
 * The list never reads a clock: its "now" moves only when its owner calls
 * net_timer_list_advance.  The poll loop (net/loop.h) advances it from
 * CLOCK_MONOTONIC; a test advances it by hand and asserts exact microseconds.
 *
 * Semantics, all tested in tests/net/test_timer.c:
 *  - times are uint64_t microseconds; net_timer_start(l, t, d) arms t for now + d;
 *  - timers fire in deadline order; equal deadlines fire in the order they were
 *    started (a restart counts as a new start);
 *  - advancing past several deadlines in one call fires them one by one, and during
 *    each callback "now" equals that timer's deadline.  A timer started from inside a
 *    callback therefore counts from the deadline that fired, not from the target
 *    time, and fires within the same call if its deadline is still <= the target.
 *    So one advance of 32 s reproduces Timer A's 0.5, 1.5, 3.5 ... s schedule exactly;
 *  - after the call, "now" is the target time (it never moves backwards);
 *  - inside its callback a timer is already disarmed: the callback may restart it,
 *    stop it (a no-op), stop or start other timers, or free the struct that contains
 *    it.  The list does not touch a timer after calling its callback.
 *
 * The list is a binary min-heap of pointers to timers; each timer stores its slot in
 * the heap, so start, stop and restart cost O(log n) and "what fires next" is O(1).
 * Timers are intrusive: `struct net_timer` lives inside its owner (a transaction, a
 * connection), so arming one allocates nothing except when the heap array grows.
 *
 * Leaves out: thread safety (one list per thread), timer wheels, periodic timers
 * (a callback that restarts itself is a periodic timer).  A callback that restarts
 * itself with delay 0 fires again within the same advance, forever: don't.
 */
#ifndef NET_TIMER_H
#define NET_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Slot value of a timer that is not armed. */
#define NET_TIMER_IDLE SIZE_MAX

struct net_timer;

/* Called once when the timer's deadline is reached.  `t` is already disarmed. */
typedef void (*net_timer_cb)(struct net_timer *t, void *arg);

struct net_timer {
	uint64_t deadline;  /* us on the list's clock; meaningful only while armed */
	uint64_t seq;       /* start counter value: breaks ties between equal deadlines */
	size_t slot;        /* index in the list's heap, NET_TIMER_IDLE when not armed */
	net_timer_cb cb;    /* what to call at the deadline */
	void *arg;          /* passed to cb; owned by the caller (usually the owner struct) */
};

struct net_timer_list {
	uint64_t now;             /* us; moves only in net_timer_list_advance */
	uint64_t next_seq;        /* incremented by every start */
	struct net_timer **heap;  /* owned array of borrowed timers; heap[0] fires first */
	size_t len;               /* armed timers */
	size_t cap;               /* slots allocated in heap */
	bool advancing;           /* inside net_timer_list_advance (guards against nesting) */
};

/* Starts an empty list whose clock reads `now`.  Allocates nothing. */
void net_timer_list_init(struct net_timer_list *l, uint64_t now);

/* Disarms every timer still armed (they must still exist) and frees the heap. */
void net_timer_list_fini(struct net_timer_list *l);

/* The list's current time in us. */
uint64_t net_timer_list_now(const struct net_timer_list *l);

/* Number of armed timers. */
size_t net_timer_list_count(const struct net_timer_list *l);

/* If a timer is armed, stores the earliest deadline in *deadline and returns true;
 * returns false on an empty list.  The poll loop sleeps until that deadline. */
bool net_timer_list_next(const struct net_timer_list *l, uint64_t *deadline);

/* Moves "now" to `now` and fires every timer whose deadline is <= `now`, in order,
 * with the list's now set to each deadline in turn (see the banner).  A `now` in the
 * past fires nothing and leaves the clock where it is.  Returns the number of
 * callbacks run.  Must not be called from inside a timer callback. */
size_t net_timer_list_advance(struct net_timer_list *l, uint64_t now);

/* Prepares a timer (disarmed).  Call once before the first start. */
void net_timer_init(struct net_timer *t, net_timer_cb cb, void *arg);

/* Arms t to fire at now + delay_us (saturating at UINT64_MAX); an armed timer is
 * moved to the new deadline and counts as started now.  Returns 0, or ENOBUFS if
 * the heap could not grow (t is then left as it was). */
int net_timer_start(struct net_timer_list *l, struct net_timer *t, uint64_t delay_us);

/* Disarms t.  Stopping a timer that is not armed does nothing. */
void net_timer_stop(struct net_timer_list *l, struct net_timer *t);

bool net_timer_is_armed(const struct net_timer *t);

#endif
