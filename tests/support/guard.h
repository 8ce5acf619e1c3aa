/* tests/support/guard.h - place test input right before an unreadable page.
 *
 * STYLE.md §2: a parser test copies its input so that the last byte sits just before
 * a PROT_NONE page.  Any read past the end then faults at once instead of passing by
 * luck.  Cheap and merciless.
 */
#ifndef TESTS_GUARD_H
#define TESTS_GUARD_H

#include <stddef.h>

struct th_guard {
	void *map;        /* the whole mapping, owned */
	size_t map_len;   /* bytes mapped (data pages + the guard page) */
	const char *data; /* the copy; data + len is the first byte of the guard page */
	size_t len;
};

/* Copies `len` bytes of `src` so they end exactly at the guard page.
 * Returns 0 or an errno. */
int th_guard_init(struct th_guard *g, const void *src, size_t len);
void th_guard_fini(struct th_guard *g);

#endif
