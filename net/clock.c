/* net/clock.c - CLOCK_MONOTONIC and CLOCK_REALTIME in microseconds (see clock.h).
 * Leaves out: error handling beyond "return 0": clock_gettime cannot fail for these
 * two POSIX clocks with a valid pointer. */
#include "net/clock.h"

#include <time.h>

static uint64_t read_us(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

uint64_t net_clock_monotonic_us(void)
{
	return read_us(CLOCK_MONOTONIC);
}

uint64_t net_clock_monotonic_cb(void *arg)
{
	(void)arg;
	return read_us(CLOCK_MONOTONIC);
}

uint64_t net_clock_realtime_us(void)
{
	return read_us(CLOCK_REALTIME);
}
