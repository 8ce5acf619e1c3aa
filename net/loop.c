/* net/loop.c - poll loop with descriptor callbacks and a timer list (see loop.h).
 *
 * The watch table is two parallel arrays so that `fds` can be handed to poll as is.
 * Removing a watch while callbacks run would shift the arrays under the dispatcher,
 * so during a turn removal only clears the callback and sets fd to -1 (poll ignores
 * negative descriptors); the holes are squeezed out when the turn ends.
 * Leaves out: priorities and fairness beyond "in the order watched".
 */
#include "net/loop.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

void net_loop_init(struct net_loop *loop, net_clock_cb clock, void *clock_arg)
{
	memset(loop, 0, sizeof(*loop));
	loop->clock = clock != NULL ? clock : net_clock_monotonic_cb;
	loop->clock_arg = clock_arg;
	net_timer_list_init(&loop->timers, loop->clock(loop->clock_arg));
}

void net_loop_fini(struct net_loop *loop)
{
	net_timer_list_fini(&loop->timers);
	free(loop->fds);
	free(loop->watches);
	loop->fds = NULL;
	loop->watches = NULL;
	loop->len = 0;
	loop->cap = 0;
}

void net_loop_set_log(struct net_loop *loop, const struct net_log *log)
{
	loop->log = *log;
}

struct net_timer_list *net_loop_timers(struct net_loop *loop)
{
	return &loop->timers;
}

uint64_t net_loop_now(const struct net_loop *loop)
{
	return net_timer_list_now(&loop->timers);
}

static short poll_events(unsigned events)
{
	return (short)(((events & NET_LOOP_READ) != 0 ? POLLIN : 0) |
		       ((events & NET_LOOP_WRITE) != 0 ? POLLOUT : 0));
}

/* Slot of a live watch on fd, or len if there is none. */
static size_t find_slot(const struct net_loop *loop, int fd)
{
	size_t i;

	for (i = 0; i < loop->len; i++)
		if (loop->fds[i].fd == fd && loop->watches[i].cb != NULL)
			break;
	return i;
}

static int grow(struct net_loop *loop)
{
	size_t cap = loop->cap != 0 ? loop->cap * 2 : 16;
	struct pollfd *fds = realloc(loop->fds, cap * sizeof(*fds));

	if (fds == NULL)
		return ENOBUFS;
	loop->fds = fds;
	struct net_loop_watch *w = realloc(loop->watches, cap * sizeof(*w));

	if (w == NULL)
		return ENOBUFS;
	loop->watches = w;
	loop->cap = cap;
	return 0;
}

int net_loop_watch(struct net_loop *loop, int fd, unsigned events, net_loop_fd_cb cb,
		   void *arg)
{
	if (fd < 0 || cb == NULL)
		return EINVAL;
	size_t i = find_slot(loop, fd);

	if (i == loop->len) {
		if (loop->len == loop->cap && grow(loop) != 0)
			return ENOBUFS;
		loop->len++;
	}
	loop->fds[i].fd = fd;
	loop->fds[i].events = poll_events(events);
	loop->fds[i].revents = 0;
	loop->watches[i].cb = cb;
	loop->watches[i].arg = arg;
	return 0;
}

int net_loop_set_events(struct net_loop *loop, int fd, unsigned events)
{
	size_t i = find_slot(loop, fd);

	if (i == loop->len)
		return ENOENT;
	loop->fds[i].events = poll_events(events);
	return 0;
}

/* Squeezes out removed slots, keeping the order of the others. */
static void compact(struct net_loop *loop)
{
	size_t out = 0;

	for (size_t i = 0; i < loop->len; i++) {
		if (loop->watches[i].cb == NULL)
			continue;
		loop->fds[out] = loop->fds[i];
		loop->watches[out] = loop->watches[i];
		out++;
	}
	loop->len = out;
}

void net_loop_unwatch(struct net_loop *loop, int fd)
{
	size_t i = find_slot(loop, fd);

	if (i == loop->len)
		return;
	loop->watches[i].cb = NULL;
	loop->fds[i].fd = -1;
	if (!loop->dispatching)
		compact(loop);
}

uint64_t net_loop_wait_us(const struct net_loop *loop, uint64_t max_wait_us)
{
	uint64_t deadline, now = net_timer_list_now(&loop->timers);

	if (loop->stop)
		return 0;
	if (!net_timer_list_next(&loop->timers, &deadline))
		return max_wait_us;
	if (deadline <= now)
		return 0;
	return deadline - now < max_wait_us ? deadline - now : max_wait_us;
}

/* poll counts milliseconds: round up, so a turn never wakes before the deadline
 * and spins. */
static int poll_timeout_ms(uint64_t wait_us)
{
	if (wait_us == NET_LOOP_FOREVER)
		return -1;
	uint64_t ms = wait_us / 1000 + (wait_us % 1000 != 0);

	return ms > INT_MAX ? INT_MAX : (int)ms;
}

static unsigned loop_events(short revents)
{
	return ((revents & POLLIN) != 0 ? NET_LOOP_READ : 0u) |
	       ((revents & POLLOUT) != 0 ? NET_LOOP_WRITE : 0u) |
	       ((revents & (POLLERR | POLLHUP)) != 0 ? NET_LOOP_ERROR : 0u);
}

/* Calls back every slot that poll marked, among the first n (those polled). */
static void dispatch(struct net_loop *loop, size_t n)
{
	loop->dispatching = true;
	for (size_t i = 0; i < n; i++) {
		short revents = loop->fds[i].revents;
		int fd = loop->fds[i].fd;

		if (revents == 0 || loop->watches[i].cb == NULL)
			continue;
		if ((revents & POLLNVAL) != 0) {
			/* closed before being unwatched: drop it, or poll would spin on it */
			net_log_printf(&loop->log, NET_LOG_ERROR, "loop",
				       "fd %d was closed while watched; unwatching it", fd);
			net_loop_unwatch(loop, fd);
			continue;
		}
		loop->watches[i].cb(loop->watches[i].arg, fd, loop_events(revents));
	}
	loop->dispatching = false;
	compact(loop);
}

static void advance(struct net_loop *loop)
{
	net_timer_list_advance(&loop->timers, loop->clock(loop->clock_arg));
}

int net_loop_run_once(struct net_loop *loop, uint64_t max_wait_us)
{
	advance(loop);
	size_t n = loop->len;

	if (n == 0 && net_timer_list_count(&loop->timers) == 0)
		return 0;  /* nothing could ever wake a poll */
	int ready = poll(loop->fds, (nfds_t)n, poll_timeout_ms(net_loop_wait_us(loop, max_wait_us)));

	if (ready < 0 && errno != EINTR)
		return errno;
	advance(loop);  /* callbacks see the time their event arrived, not when poll began */
	if (ready > 0)
		dispatch(loop, n);
	return 0;
}

int net_loop_run(struct net_loop *loop)
{
	int err = 0;

	while (!loop->stop && err == 0) {
		if (loop->len == 0 && net_timer_list_count(&loop->timers) == 0)
			break;
		err = net_loop_run_once(loop, NET_LOOP_FOREVER);
	}
	loop->stop = 0;
	return err;
}

void net_loop_stop(struct net_loop *loop)
{
	loop->stop = 1;
}
