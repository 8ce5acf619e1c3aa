/* tests/support/guard.c - input followed by a PROT_NONE page (see guard.h). */
/* MAP_ANONYMOUS is not POSIX.1-2008; glibc exposes it under _DEFAULT_SOURCE. */
#define _DEFAULT_SOURCE
#include "tests/support/guard.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int th_guard_init(struct th_guard *g, const void *src, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t data_pages = (len + page - 1) / page;

	if (data_pages == 0)
		data_pages = 1;
	g->map_len = (data_pages + 1) * page;
	g->map = mmap(NULL, g->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		      -1, 0);
	if (g->map == MAP_FAILED) {
		g->map = NULL;
		return errno;
	}
	char *guard = (char *)g->map + data_pages * page;

	if (mprotect(guard, page, PROT_NONE) != 0) {
		int err = errno;

		munmap(g->map, g->map_len);
		g->map = NULL;
		return err;
	}
	char *dst = guard - len;

	if (len > 0)
		memcpy(dst, src, len);
	g->data = dst;
	g->len = len;
	return 0;
}

void th_guard_fini(struct th_guard *g)
{
	if (g->map != NULL)
		munmap(g->map, g->map_len);
	g->map = NULL;
}
