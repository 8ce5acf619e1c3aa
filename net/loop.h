/* net/loop.h - the poll(2) event loop: file descriptors, callbacks and a timer list.
 *
 * One loop drives a whole program: the SIP server's few hundred UDP/TCP sockets, or
 * the UA's SIP socket plus the RTP socket it feeds every 20 ms.  Each turn
 * (net_loop_run_once):
 *   1. advances the timer list to the clock and fires what is due;
 *   2. polls every watched descriptor, sleeping at most until the next timer
 *      deadline (or `max_wait_us`, whichever is sooner);
 *   3. advances the timer list again, so that the callbacks below see the time
 *      their event arrived (an idle-connection check must not see stale time);
 *   4. calls the callback of every descriptor that is ready, in the order watched.
 * A timer a callback starts with delay 0 fires at step 1 of the next turn, which
 * then does not sleep.
 *
 * The clock is an input (DESIGN.md): net_loop_init takes a clock callback, NULL
 * meaning CLOCK_MONOTONIC (net/clock.h).  A test passes a fake clock, calls
 * net_loop_run_once(loop, 0) (poll returns at once) and moves time by hand.
 *
 * Callbacks may watch and unwatch descriptors (their own or others) and start and
 * stop timers.  A descriptor unwatched during a turn gets no further callback in that
 * turn; one watched during a turn is polled from the next turn on.  Close a
 * descriptor only after unwatching it.
 *
 * Leaves out: epoll/kqueue (poll is POSIX and fine for hundreds of sockets; finding
 * a descriptor is a linear scan), threads, signal handling beyond net_loop_stop being
 * safe to call from a signal handler.
 */
#ifndef NET_LOOP_H
#define NET_LOOP_H

#include "net/clock.h"
#include "net/log.h"
#include "net/timer.h"

#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Events a callback is told about (bit mask). */
#define NET_LOOP_READ  1u  /* readable: data, a connection to accept, or end of file */
#define NET_LOOP_WRITE 2u  /* writable: room in the send buffer, or a connect finished */
#define NET_LOOP_ERROR 4u  /* POLLERR or POLLHUP: reading or SO_ERROR tells what */

/* max_wait_us meaning "until a descriptor is ready or a timer is due". */
#define NET_LOOP_FOREVER UINT64_MAX

/* `events` is the mask of what happened (the ERROR bit may come without being asked). */
typedef void (*net_loop_fd_cb)(void *arg, int fd, unsigned events);

struct net_loop_watch {
	net_loop_fd_cb cb;  /* NULL: removed during a turn, dropped at its end */
	void *arg;          /* passed to cb; owned by whoever watched the fd */
};

struct net_loop {
	struct net_timer_list timers;    /* its now follows `clock` */
	net_clock_cb clock;              /* microseconds, never backwards */
	void *clock_arg;                 /* passed to clock; owned by the caller */
	struct pollfd *fds;              /* owned; fds[i] and watches[i] are one watch */
	struct net_loop_watch *watches;  /* owned */
	size_t len;                      /* watches in use (including removed ones) */
	size_t cap;                      /* slots allocated */
	bool dispatching;                /* inside step 4: removal only marks the slot */
	volatile sig_atomic_t stop;      /* set by net_loop_stop, cleared by net_loop_run */
	struct net_log log;              /* where the loop and its sockets report */
};

/* Prepares an empty loop on `clock` (NULL: CLOCK_MONOTONIC).  Reads the clock once
 * to start the timer list.  Allocates nothing. */
void net_loop_init(struct net_loop *loop, net_clock_cb clock, void *clock_arg);

/* Frees the loop's arrays and its timer list (armed timers must still exist).  Does
 * not close descriptors: whoever opened them closes them. */
void net_loop_fini(struct net_loop *loop);

/* Installs the log hook (copied) used by the loop, net/udp and net/tcp. */
void net_loop_set_log(struct net_loop *loop, const struct net_log *log);

/* The loop's timer list: start timers on it for them to fire from the loop. */
struct net_timer_list *net_loop_timers(struct net_loop *loop);

/* The timer list's now, in us (what the clock read at the last advance). */
uint64_t net_loop_now(const struct net_loop *loop);

/* Watches `fd` for `events` (NET_LOOP_READ | NET_LOOP_WRITE, or 0 to pause) with a
 * callback.  Watching an fd again replaces its events, callback and arg.
 * Returns 0, EINVAL (fd < 0 or cb NULL) or ENOBUFS. */
int net_loop_watch(struct net_loop *loop, int fd, unsigned events, net_loop_fd_cb cb,
		   void *arg);

/* Changes only the events of a watched fd (e.g. WRITE while a send queue is not
 * empty).  Returns 0 or ENOENT if fd is not watched. */
int net_loop_set_events(struct net_loop *loop, int fd, unsigned events);

/* Stops watching fd; nothing happens if it was not watched. */
void net_loop_unwatch(struct net_loop *loop, int fd);

/* How long a turn would sleep in poll, in us: 0 if stopped or a timer is already
 * due, else the time to the next deadline, capped at max_wait_us
 * (NET_LOOP_FOREVER if nothing caps it).  Uses the timer list's now. */
uint64_t net_loop_wait_us(const struct net_loop *loop, uint64_t max_wait_us);

/* One turn (see the banner).  Sleeps at most max_wait_us (rounded up to whole
 * milliseconds, poll's unit); 0 only collects what is ready now.  With nothing
 * watched and no timer armed it returns at once instead of sleeping.
 * Returns 0, or the errno of a failed poll (EINTR is not a failure). */
int net_loop_run_once(struct net_loop *loop, uint64_t max_wait_us);

/* Turns until net_loop_stop is called or nothing is left to wait for (no descriptor
 * watched, no timer armed).  Clears the stop request on return.  Returns 0 or the
 * errno of a failed poll. */
int net_loop_run(struct net_loop *loop);

/* Asks net_loop_run to return after the current turn.  Async-signal-safe. */
void net_loop_stop(struct net_loop *loop);

#endif
