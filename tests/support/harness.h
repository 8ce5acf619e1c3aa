/* tests/support/harness.h - the one CUnit runner every test binary uses.
 *
 * A test file lists its suites and calls th_main() from main().  Suites are named
 * after the RFC section they check ("RFC3261 17.1.1 INVITE client transaction") and
 * tests after the sentence they pin down (test_rfc3261_17_1_1_2_timer_a_starts_at_t1),
 * so the CUnit report reads as a compliance report.
 *
 * Usage:
 *     static const struct th_test ict_tests[] = {
 *             TH_TEST(test_rfc3261_17_1_1_2_timer_a_starts_at_t1),
 *             TH_END
 *     };
 *     static const struct th_suite suites[] = {
 *             { "RFC3261 17.1.1 INVITE client transaction", ict_tests, setup, teardown },
 *             TH_SUITES_END
 *     };
 *     int main(int argc, char **argv) { return th_main(argc, argv, suites); }
 *
 * `setup`/`teardown` run around every test (a fresh fake environment per test) and
 * may be NULL.  Command line: `test_x [-q] [FILTER]` runs only tests whose name
 * contains FILTER.  Each suite and test is listed as it runs ("Suite: RFC3261 ...",
 * "Test: test_rfc3261_... ...passed"), so the output reads as a compliance report;
 * -q prints only failures and the summary.
 */
#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H

#include <CUnit/CUnit.h>

struct th_test {
	const char *name;
	CU_TestFunc fn;
};

struct th_suite {
	const char *name;
	const struct th_test *tests;  /* terminated by TH_END */
	CU_SetUpFunc setup;           /* before each test, may be NULL */
	CU_TearDownFunc teardown;     /* after each test, may be NULL */
};

#define TH_TEST(fn) { #fn, fn }
#define TH_END { NULL, NULL }
#define TH_SUITES_END { NULL, NULL, NULL, NULL }

/* Registers and runs the suites; returns 0 when every assertion passed, 1 otherwise. */
int th_main(int argc, char **argv, const struct th_suite *suites);

/* Reads a whole file (test vectors) into a malloc'd buffer; *len gets its size.
 * The buffer has one extra NUL byte after the data, not counted in *len.
 * Returns NULL (and prints why) if the file cannot be read.  Paths are relative to
 * the repository root; th_main changes into it. */
char *th_read_file(const char *path, size_t *len);

#endif
