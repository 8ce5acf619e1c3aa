/* sip/arena.c - the memory a message owns: one allocation, grown by blocks.
 *
 * STYLE.md §2 ("No per-header malloc: nothing to leak"): the message struct, its
 * first arena block and, for a parsed message, the copy of the input all come
 * from one malloc.  Typed values and edits take bytes from the block with a bump
 * pointer.  When a block is full a new one is linked in front; blocks never move
 * or shrink, so every view handed out stays valid until sip_msg_destroy frees the
 * whole chain.  Edited-away values are not reclaimed: a message lives for one
 * transaction, and a proxy edits it a handful of times.
 *
 * Leaves out: reuse of freed space, pooling of messages.
 */
#include "sip/msg_internal.h"

#include <assert.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN SIP_ARENA_ALIGN
#define ROUND_UP(n) (((n) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1))

static_assert(alignof(int64_t) <= ARENA_ALIGN && alignof(void *) <= ARENA_ALIGN &&
	      alignof(size_t) <= ARENA_ALIGN, "arena alignment too small");
static_assert(offsetof(struct sip_arena_block, data) % ARENA_ALIGN == 0,
	      "arena data misaligned");

/* One allocation: the message, then its first block header, then the block's bytes. */
static struct sip_arena_block *first_block(struct sip_msg *m)
{
	return (struct sip_arena_block *)(void *)((char *)m + ROUND_UP(sizeof(*m)));
}

/* Every field before `buf` to zero, the absent numbers to -1, no row allocated. */
static void clear_fields(struct sip_msg *m)
{
	memset(m, 0, offsetof(struct sip_msg, buf));
	m->hdr_cap = 0;
	m->max_forwards = -1;
	m->content_length = -1;
	m->expires = -1;
}

struct sip_msg *sip_msg_alloc(size_t cap)
{
	cap = ROUND_UP(cap);
	struct sip_msg *m = malloc(ROUND_UP(sizeof(*m)) + sizeof(struct sip_arena_block) + cap);

	if (m == NULL)
		return NULL;
	struct sip_arena_block *b = first_block(m);

	b->next = NULL;
	b->used = 0;
	b->cap = cap;
	clear_fields(m);
	m->buf = NULL;
	m->buf_len = 0;
	m->arena = b;
	return m;
}

void sip_msg_reset(struct sip_msg *m, size_t used)
{
	struct sip_arena_block *b = m->arena;

	while (b != first_block(m)) {
		struct sip_arena_block *next = b->next;

		free(b);
		b = next;
	}
	b->used = used;
	m->arena = b;
	clear_fields(m);
}

void sip_msg_destroy(struct sip_msg *m)
{
	if (m == NULL)
		return;
	struct sip_arena_block *b = m->arena;

	while (b != NULL && b != first_block(m)) {
		struct sip_arena_block *next = b->next;

		free(b);
		b = next;
	}
	free(m);
}

struct sip_arena_block *sip_arena_grow(struct sip_msg *m, size_t n)
{
	size_t cap = m->arena->cap * 2;

	if (cap < n)
		cap = n;
	if (cap < 4096)
		cap = 4096;
	struct sip_arena_block *b = malloc(sizeof(*b) + cap);

	if (b == NULL)
		return NULL;
	b->next = m->arena;
	b->used = 0;
	b->cap = cap;
	m->arena = b;
	return b;
}

char *sip_arena_dup(struct sip_msg *m, const char *p, size_t n)
{
	struct sip_arena_block *b = m->arena;
	size_t need = ROUND_UP(n + SIP_DUP_PAD);

	if (b->cap - b->used < need && (b = sip_arena_grow(m, need)) == NULL)
		return NULL;
	char *d = (char *)b->data + b->used;

	b->used += need;
	if (n > 0)
		memcpy(d, p, n);
	/* the NUL, and zeros after it for the scans that read a word at a time */
	memset(d + n, 0, need - n);
	return d;
}
