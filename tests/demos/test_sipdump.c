/* tests/demos/test_sipdump.c - the sipdump lab tool, run as a program.
 *
 * Lab handouts use `sipdump [--roundtrip] [FILE...]`, its stdout, its
 * FILE:LINE:COL: error: REASON (would answer NNN) lines and its exit status, so
 * these tests pin all three.  The binary is $SIPLAB_BIN/sipdump (exported by the
 * Makefile), or build/bin/sipdump when the variable is not set.
 */
#include "sip/msg.h"
#include "tests/support/harness.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct run {
	int status;     /* exit status, -1 if it did not exit normally */
	char *out;      /* stdout, NUL-terminated, malloc'd */
	size_t out_len;
	char *err;      /* stderr, NUL-terminated, malloc'd */
};

static char *read_fd(int fd, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);
	ssize_t got;

	lseek(fd, 0, SEEK_SET);
	while (buf != NULL && (got = read(fd, buf + n, cap - n)) > 0) {
		n += (size_t)got;
		if (n == cap) {
			char *bigger = realloc(buf, 2 * cap + 1);

			if (bigger == NULL)
				break;
			buf = bigger;
			cap *= 2;
		}
	}
	if (buf != NULL)
		buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

/* Runs sipdump with argv (NULL-terminated, argv[0] ignored) and stdin from `input`
 * (a path, or NULL for /dev/null). */
static struct run run(const char *const *args, const char *input)
{
	const char *bin_dir = getenv("SIPLAB_BIN");
	char bin[512], out_path[] = "/tmp/sipdump_outXXXXXX", err_path[] = "/tmp/sipdump_errXXXXXX";
	struct run r = { -1, NULL, 0, NULL };
	int out = mkstemp(out_path), err = mkstemp(err_path), st;

	snprintf(bin, sizeof(bin), "%s/sipdump", bin_dir != NULL && *bin_dir ? bin_dir : "build/bin");
	unlink(out_path);
	unlink(err_path);
	pid_t pid = fork();

	if (pid == 0) {
		int in = open(input != NULL ? input : "/dev/null", O_RDONLY);

		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		execv(bin, (char *const *)args);
		_exit(127);
	}
	if (pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st))
		r.status = WEXITSTATUS(st);
	r.out = read_fd(out, &r.out_len);
	r.err = read_fd(err, NULL);
	close(out);
	close(err);
	return r;
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* A valid message: exit 0, nothing on stderr, the start-line, each row under its
 * canonical name with its fields, the body length. */
static void test_impl_sipdump_valid_message(void)
{
	const char *args[] = { "sipdump", "tests/vectors/rfc4475/wsinv.dat", NULL };
	struct run r = run(args, NULL);

	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.err, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "start-line: INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "  cseq: seq=9 method=INVITE\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "  via: protocol=SIP/2.0 transport=UDP host=192.168.255.111 port=- branch=z9hG4bK30239"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "NewFangledHeader: newfangled value   continued newfangled value    (extension header, kept verbatim)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\nbody: 150 bytes\n"));
	run_free(&r);
}

/* RFC3261 7.3.3: "Implementations MUST accept both the long and short forms of each
 * header name." - sipdump shows the canonical long name for a compact one. */
static void test_rfc3261_7_3_3_sipdump_shows_canonical_names(void)
{
	const char *args[] = { "sipdump", "tests/vectors/rfc4475/esc01.dat", NULL };
	struct run r = run(args, NULL);

	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\nCall-ID: esc01.239409asdfakjkn23onasd0-3234\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\nContent-Type: application/sdp\n"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "\ni: "));
	run_free(&r);
}

/* RFC3261 18.3 / RFC4475 3.1.2.1: a request that does not parse is reported as
 * FILE:LINE:COL with the 400 a UAS answers; exit 1. */
static void test_impl_sipdump_parse_error_line(void)
{
	const char *args[] = { "sipdump", "tests/vectors/rfc4475/badinv01.dat", NULL };
	struct run r = run(args, NULL);

	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_STRING_EQUAL(r.err, "tests/vectors/rfc4475/badinv01.dat:7:29: error: empty parameter (would answer 400)\n");
	CU_ASSERT_STRING_EQUAL(r.out, "");
	run_free(&r);
}

/* RFC4475 3.1.2.16: "respond to the request with a 505 Version Not Supported"; the
 * message parsed, so its fields are still shown. */
static void test_rfc4475_3_1_2_16_sipdump_would_answer_505(void)
{
	const char *args[] = { "sipdump", "tests/vectors/rfc4475/badvers.dat", NULL };
	struct run r = run(args, NULL);

	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_STRING_EQUAL(r.err, "tests/vectors/rfc4475/badvers.dat:1:1: error: SIP version not supported (would answer 505)\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "start-line: OPTIONS sip:t.watson@example.org SIP/7.0\n"));
	run_free(&r);
}

/* RFC4475 3.1.2.19: "An element receiving this response should simply drop it." */
static void test_rfc4475_3_1_2_19_sipdump_would_drop_response(void)
{
	const char *args[] = { "sipdump", "tests/vectors/rfc4475/bigcode.dat", NULL };
	struct run r = run(args, NULL);

	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_STRING_EQUAL(r.err, "tests/vectors/rfc4475/bigcode.dat:1:9: error: Status-Code must be three digits (would drop it)\n");
	run_free(&r);
}

/* --roundtrip prints exactly what sip_msg_print writes for the parsed message. */
static void test_impl_sipdump_roundtrip_is_the_printer(void)
{
	const char *args[] = { "sipdump", "--roundtrip", "tests/vectors/rfc4475/longreq.dat", NULL };
	struct run r = run(args, NULL);
	FILE *f = fopen("tests/vectors/rfc4475/longreq.dat", "rb");
	char in[8192];
	size_t n = f != NULL ? fread(in, 1, sizeof(in), f) : 0;
	struct sip_msg *m = NULL;
	char *want = NULL;
	size_t want_len = 0;

	if (f != NULL)
		fclose(f);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(sip_msg_parse(in, n, &m, NULL), 0);
	if (m != NULL && sip_msg_print_alloc(m, &want, &want_len) == 0) {
		CU_ASSERT_EQUAL(r.out_len, want_len);
		CU_ASSERT(r.out_len == want_len && memcmp(r.out, want, want_len) == 0);
	}
	free(want);
	sip_msg_destroy(m);
	run_free(&r);
}

/* With no FILE, standard input is the message, reported as <stdin>. */
static void test_impl_sipdump_reads_stdin(void)
{
	const char *args[] = { "sipdump", NULL };
	struct run r = run(args, "tests/vectors/rfc4475/noreason.dat");
	struct run bad = run(args, "tests/vectors/rfc4475/quotbal.dat");

	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "start-line: SIP/2.0 100 \n"));
	CU_ASSERT_EQUAL(bad.status, 1);
	CU_ASSERT_STRING_EQUAL(bad.err, "<stdin>:2:5: error: unterminated quoted string (would answer 400)\n");
	run_free(&r);
	run_free(&bad);
}

/* Several files: each is dumped; the status is the worst one. */
static void test_impl_sipdump_several_files_worst_status(void)
{
	const char *args[] = { "sipdump", "tests/vectors/rfc4475/zeromf.dat", "tests/vectors/rfc4475/mismatch01.dat",
			       "tests/vectors/rfc5118/ipv6-good", NULL };
	struct run r = run(args, NULL);

	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_STRING_EQUAL(r.err, "tests/vectors/rfc4475/mismatch01.dat:6:7: error: CSeq method does not match the request method (would answer 400)\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "start-line: REGISTER sip:[2001:db8::10] SIP/2.0\n"));
	run_free(&r);
}

/* A bad command line: one line naming the problem with the usage, exit 2; an
 * unreadable file: exit 2; --help: the usage, exit 0. */
static void test_impl_sipdump_bad_command_line(void)
{
	const char *bad_opt[] = { "sipdump", "--verbose", "x", NULL };
	const char *missing[] = { "sipdump", "/nonexistent/file.sip", NULL };
	const char *help[] = { "sipdump", "--help", NULL };
	struct run r = run(bad_opt, NULL);

	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_STRING_EQUAL(r.err, "sipdump: unknown option '--verbose' (usage: sipdump [--roundtrip] [FILE...])\n");
	run_free(&r);
	r = run(missing, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "sipdump: /nonexistent/file.sip: "));
	run_free(&r);
	r = run(help, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "usage: sipdump [--roundtrip] [FILE...]\n");
	run_free(&r);
}

static const struct th_test sipdump_tests[] = {
	TH_TEST(test_impl_sipdump_valid_message),
	TH_TEST(test_rfc3261_7_3_3_sipdump_shows_canonical_names),
	TH_TEST(test_impl_sipdump_parse_error_line),
	TH_TEST(test_rfc4475_3_1_2_16_sipdump_would_answer_505),
	TH_TEST(test_rfc4475_3_1_2_19_sipdump_would_drop_response),
	TH_TEST(test_impl_sipdump_roundtrip_is_the_printer),
	TH_TEST(test_impl_sipdump_reads_stdin),
	TH_TEST(test_impl_sipdump_several_files_worst_status),
	TH_TEST(test_impl_sipdump_bad_command_line),
	TH_END
};

static const struct th_suite suites[] = {
	{ "sipdump: what the parser saw (lab tool)", sipdump_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
