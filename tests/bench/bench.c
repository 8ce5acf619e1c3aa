/* tests/bench/bench.c - runner for the benchmark cases (see bench.h). */
#include "tests/bench/bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile unsigned long sink;

void bench_consume(const void *p, unsigned long v)
{
	sink += (unsigned long)(const char *)p + v;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Doubles the iteration count until one run takes at least 0.5 s. */
static void time_case(const struct bench_case *c)
{
	unsigned long iters = 1;
	double elapsed;

	for (;;) {
		double t0 = now_s();

		c->run(iters);
		elapsed = now_s() - t0;
		if (elapsed >= 0.5 || iters >= (1UL << 40))
			break;
		iters *= 2;
	}
	double units = (double)iters * c->units_per_iter;

	printf("%-24s %14.0f %s/s %10.1f ns/%s\n", c->name, units / elapsed, c->unit,
	       elapsed * 1e9 / units, c->unit);
}

int bench_main(int argc, char **argv, const struct bench_case *cases)
{
	const char *only = NULL;
	long iters = -1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--list") == 0) {
			for (const struct bench_case *c = cases; c->name != NULL; c++)
				printf("%s %s %u\n", c->name, c->unit, c->units_per_iter);
			return 0;
		} else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
			only = argv[++i];
		} else if (strcmp(argv[i], "--iters") == 0 && i + 1 < argc) {
			iters = strtol(argv[++i], NULL, 10);
		} else {
			fprintf(stderr, "usage: %s [--list] [--only NAME] [--iters N]\n", argv[0]);
			return 2;
		}
	}
	for (const struct bench_case *c = cases; c->name != NULL; c++) {
		if (only != NULL && strcmp(only, c->name) != 0)
			continue;
		if (c->setup != NULL)
			c->setup();
		if (iters >= 0)
			c->run((unsigned long)iters);
		else
			time_case(c);
		if (c->teardown != NULL)
			c->teardown();
	}
	return 0;
}
