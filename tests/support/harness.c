/* tests/support/harness.c - CUnit runner shared by all test binaries (see harness.h). */
#include "tests/support/harness.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Test binaries live in build/.../bin/tests/<layer>/; vectors are found relative to
 * the repository root, which the Makefile passes in SIPLAB_ROOT. */
static void enter_repo_root(void)
{
	const char *root = getenv("SIPLAB_ROOT");

	if (root != NULL && root[0] != '\0' && chdir(root) != 0)
		fprintf(stderr, "harness: cannot chdir to SIPLAB_ROOT=%s\n", root);
}

static int add_suite(const struct th_suite *s, const char *filter)
{
	CU_pSuite suite = NULL;

	for (const struct th_test *t = s->tests; t->name != NULL; t++) {
		if (filter != NULL && strstr(t->name, filter) == NULL)
			continue;
		if (suite == NULL) {
			suite = CU_add_suite_with_setup_and_teardown(s->name, NULL, NULL,
								     s->setup, s->teardown);
			if (suite == NULL)
				return -1;
		}
		if (CU_add_test(suite, t->name, t->fn) == NULL)
			return -1;
	}
	return 0;
}

int th_main(int argc, char **argv, const struct th_suite *suites)
{
	const char *filter = NULL;
	CU_BasicRunMode mode = CU_BRM_VERBOSE;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0)
			mode = CU_BRM_NORMAL;
		else
			filter = argv[i];
	}
	enter_repo_root();
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	for (const struct th_suite *s = suites; s->name != NULL; s++) {
		if (add_suite(s, filter) != 0) {
			fprintf(stderr, "harness: %s\n", CU_get_error_msg());
			CU_cleanup_registry();
			return 1;
		}
	}
	CU_basic_set_mode(mode);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	int rc = (CU_get_error() != CUE_SUCCESS || failed != 0) ? 1 : 0;

	CU_cleanup_registry();
	return rc;
}

char *th_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (f == NULL) {
		perror(path);
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		goto out;
	buf = malloc((size_t)size + 1);
	if (buf == NULL)
		goto out;
	if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[size] = '\0';
	*len = (size_t)size;
out:
	fclose(f);
	if (buf == NULL)
		fprintf(stderr, "harness: cannot read %s\n", path);
	return buf;
}
