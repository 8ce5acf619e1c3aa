/* tests/bench/bench.h - a tiny benchmark runner (`make bench`).
 *
 * Speed is measured here, never asserted in tests.  Each case runs `iters`
 * iterations of `units_per_iter` units (messages, samples, packets).  Two figures:
 *  - wall clock: units/s and ns/unit, from CLOCK_MONOTONIC over about half a second;
 *  - instructions/unit: tests/tools/bench.sh runs the case under callgrind twice
 *    (`--iters 0` and `--iters N`) and divides the difference, which cancels set-up
 *    cost and is repeatable on a noisy machine.
 *
 * Command line: bench_x [--list] [--only NAME] [--iters N]
 */
#ifndef TESTS_BENCH_H
#define TESTS_BENCH_H

struct bench_case {
	const char *name;          /* one word, e.g. "parse" */
	const char *unit;          /* "message", "sample", "packet" */
	unsigned units_per_iter;   /* how many units one iteration processes */
	void (*setup)(void);       /* once before timing, may be NULL */
	void (*run)(unsigned long iters);
	void (*teardown)(void);    /* once after timing, may be NULL */
};

#define BENCH_END { NULL, NULL, 0, NULL, NULL, NULL }

int bench_main(int argc, char **argv, const struct bench_case *cases);

/* Keeps the optimiser from deleting work whose result is otherwise unused. */
void bench_consume(const void *p, unsigned long v);

#endif
