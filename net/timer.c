/* net/timer.c - the timer list as a binary min-heap (see timer.h for the semantics).
 *
 * The heap is an array where heap[0] fires first and the children of slot i are
 * slots 2i+1 and 2i+2, so the parent of slot i is (i-1)/2.  "Fires first" means the
 * earlier deadline, and for equal deadlines the smaller start counter: that makes
 * equal deadlines fire in start order although a heap is not a stable structure.
 * Each timer remembers its slot, so stopping one needs no search.
 * Leaves out: shrinking the array (it keeps its high-water mark until fini).
 */
#include "net/timer.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>

static bool fires_before(const struct net_timer *a, const struct net_timer *b)
{
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline;
	return a->seq < b->seq;
}

static void heap_put(struct net_timer_list *l, size_t slot, struct net_timer *t)
{
	l->heap[slot] = t;
	t->slot = slot;
}

/* Moves the timer at `slot` towards the root while it fires before its parent. */
static void sift_up(struct net_timer_list *l, size_t slot)
{
	struct net_timer *t = l->heap[slot];

	while (slot > 0) {
		size_t parent = (slot - 1) / 2;

		if (!fires_before(t, l->heap[parent]))
			break;
		heap_put(l, slot, l->heap[parent]);
		slot = parent;
	}
	heap_put(l, slot, t);
}

/* Moves the timer at `slot` towards the leaves while a child fires before it. */
static void sift_down(struct net_timer_list *l, size_t slot)
{
	struct net_timer *t = l->heap[slot];

	for (;;) {
		size_t child = 2 * slot + 1;

		if (child >= l->len)
			break;
		if (child + 1 < l->len && fires_before(l->heap[child + 1], l->heap[child]))
			child++;
		if (!fires_before(l->heap[child], t))
			break;
		heap_put(l, slot, l->heap[child]);
		slot = child;
	}
	heap_put(l, slot, t);
}

/* Takes t out of the heap: the last timer fills the hole and sifts to its place. */
static void heap_remove(struct net_timer_list *l, struct net_timer *t)
{
	size_t slot = t->slot;
	struct net_timer *last = l->heap[--l->len];

	t->slot = NET_TIMER_IDLE;
	if (last == t)
		return;
	heap_put(l, slot, last);
	sift_up(l, slot);
	sift_down(l, last->slot);
}

static int heap_grow(struct net_timer_list *l)
{
	size_t cap = l->cap != 0 ? l->cap * 2 : 16;
	struct net_timer **heap;

	if (cap > SIZE_MAX / sizeof(*heap))
		return ENOBUFS;
	heap = realloc(l->heap, cap * sizeof(*heap));
	if (heap == NULL)
		return ENOBUFS;
	l->heap = heap;
	l->cap = cap;
	return 0;
}

void net_timer_list_init(struct net_timer_list *l, uint64_t now)
{
	l->now = now;
	l->next_seq = 0;
	l->heap = NULL;
	l->len = 0;
	l->cap = 0;
	l->advancing = false;
}

void net_timer_list_fini(struct net_timer_list *l)
{
	for (size_t i = 0; i < l->len; i++)
		l->heap[i]->slot = NET_TIMER_IDLE;
	free(l->heap);
	l->heap = NULL;
	l->len = 0;
	l->cap = 0;
}

uint64_t net_timer_list_now(const struct net_timer_list *l)
{
	return l->now;
}

size_t net_timer_list_count(const struct net_timer_list *l)
{
	return l->len;
}

bool net_timer_list_next(const struct net_timer_list *l, uint64_t *deadline)
{
	if (l->len == 0)
		return false;
	*deadline = l->heap[0]->deadline;
	return true;
}

size_t net_timer_list_advance(struct net_timer_list *l, uint64_t now)
{
	size_t fired = 0;

	assert(!l->advancing && "net_timer_list_advance called from a timer callback");
	l->advancing = true;
	while (l->len > 0 && l->heap[0]->deadline <= now) {
		struct net_timer *t = l->heap[0];

		heap_remove(l, t);
		/* An armed deadline is never before now (start adds a delay to now), so
		 * this moves the clock forward to the moment the timer was due. */
		l->now = t->deadline;
		fired++;
		t->cb(t, t->arg);  /* may free t: not touched again */
	}
	if (now > l->now)
		l->now = now;
	l->advancing = false;
	return fired;
}

void net_timer_init(struct net_timer *t, net_timer_cb cb, void *arg)
{
	t->deadline = 0;
	t->seq = 0;
	t->slot = NET_TIMER_IDLE;
	t->cb = cb;
	t->arg = arg;
}

int net_timer_start(struct net_timer_list *l, struct net_timer *t, uint64_t delay_us)
{
	if (t->slot == NET_TIMER_IDLE) {
		if (l->len == l->cap && heap_grow(l) != 0)
			return ENOBUFS;
		heap_put(l, l->len++, t);
	}
	assert(t->slot < l->len && l->heap[t->slot] == t && "timer armed on another list");
	t->deadline = delay_us > UINT64_MAX - l->now ? UINT64_MAX : l->now + delay_us;
	t->seq = l->next_seq++;
	sift_up(l, t->slot);
	sift_down(l, t->slot);
	return 0;
}

void net_timer_stop(struct net_timer_list *l, struct net_timer *t)
{
	if (t->slot == NET_TIMER_IDLE)
		return;
	assert(t->slot < l->len && l->heap[t->slot] == t && "timer armed on another list");
	heap_remove(l, t);
}

bool net_timer_is_armed(const struct net_timer *t)
{
	return t->slot != NET_TIMER_IDLE;
}
