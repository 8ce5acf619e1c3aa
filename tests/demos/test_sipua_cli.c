/* tests/demos/test_sipua_cli.c - sipua's command line, run as a program.
 *
 * A lab handout shows what a typo looks like: every mistake is one line on stderr
 * ending in "(try --help)", nothing on stdout, exit status 2, and nothing sent; files
 * and addresses that cannot be used are refused the same way.  --help exits 0.
 */
#include "rtp/wav.h"
#include "tests/demos/uaproc.h"
#include "tests/support/harness.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define WAIT (20 * UAPROC_SEC)

static struct uaproc a;
static char wav_path[64];

static void setup(void)
{
	uaproc_init(&a);
	snprintf(wav_path, sizeof(wav_path), "/tmp/sipua_cli_%d.wav", (int)getpid());
	uaproc_loop_open();
}

static void teardown(void)
{
	uaproc_kill(&a);
	uaproc_loop_close();
	unlink(wav_path);
}

/* Runs sipua with args to its end; true when it exited. */
static bool run(struct uaproc *p, const char *const *args)
{
	return uaproc_spawn(p, "sipua", args, false) == 0 && uaproc_wait_exit(p, WAIT);
}

static void test_impl_sipua_help_exits_0(void)
{
	const char *args[] = { "sipua", "--help", NULL };

	CU_ASSERT_TRUE(run(&a, args));
	CU_ASSERT_EQUAL(a.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "usage: sipua --user NAME --password PW --server ADDR:PORT"));
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "--call USER"));
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "--record FILE.wav"));
	CU_ASSERT_STRING_EQUAL(a.err, "");
}

/* One bad command line: exit 2, exactly one line on stderr, nothing on stdout. */
static void check_usage_error(const char *const *args, const char *line)
{
	struct uaproc p;

	CU_ASSERT_TRUE(run(&p, args));
	CU_ASSERT_EQUAL(p.status, 2);
	CU_ASSERT_STRING_EQUAL(p.err, line);
	CU_ASSERT_STRING_EQUAL(p.out, "");
	uaproc_kill(&p);
}

static void test_impl_sipua_unknown_option_exits_2(void)
{
	const char *a1[] = { "sipua", "--foo", NULL };
	const char *a2[] = { "sipua", "bob", NULL };
	const char *a3[] = { "sipua", "--user", NULL };

	check_usage_error(a1, "sipua: unknown option --foo (try --help)\n");
	check_usage_error(a2, "sipua: unexpected argument bob (try --help)\n");
	check_usage_error(a3, "sipua: --user needs a value (try --help)\n");
}

static void test_impl_sipua_missing_account_exits_2(void)
{
	const char *a1[] = { "sipua", "--password", "x", "--server", "127.0.0.1", NULL };
	const char *a2[] = { "sipua", "--user", "alice", "--server", "127.0.0.1", NULL };
	const char *a3[] = { "sipua", "--user", "alice", "--password", "x", NULL };

	check_usage_error(a1, "sipua: missing --user NAME (try --help)\n");
	check_usage_error(a2, "sipua: missing --password PW (try --help)\n");
	check_usage_error(a3, "sipua: missing --server ADDR:PORT (try --help)\n");
}

#define ACCOUNT "sipua", "--user", "alice", "--password", "x", "--server", "127.0.0.1:5060"

static void test_impl_sipua_bad_values_exit_2(void)
{
	const char *a1[] = { ACCOUNT, "--transport", "sctp", NULL };
	const char *a2[] = { ACCOUNT, "--codec=g729", NULL };
	const char *a3[] = { ACCOUNT, "--tone", "5000", NULL };
	const char *a4[] = { ACCOUNT, "--duration", "-1", NULL };
	const char *a5[] = { ACCOUNT, "--answer", "--ring", "soon", NULL };
	const char *a6[] = { ACCOUNT, "--loss", "101", NULL };
	const char *a7[] = { ACCOUNT, "--drop", "0", NULL };
	const char *a8[] = { "sipua", "--user", "alice", "--password", "x", "--server", "sip.example.com", NULL };
	const char *a9[] = { ACCOUNT, "--user", "al ice", NULL };

	check_usage_error(a1, "sipua: --transport is udp or tcp, not sctp (try --help)\n");
	check_usage_error(a2, "sipua: --codec is pcmu or pcma, not g729 (try --help)\n");
	check_usage_error(a3, "sipua: --tone needs a frequency above 0 and below 4000 Hz, got 5000 (try --help)\n");
	check_usage_error(a4, "sipua: --duration needs seconds (0 to 86400), got -1 (try --help)\n");
	check_usage_error(a5, "sipua: --ring needs seconds (0 to 86400), got soon (try --help)\n");
	check_usage_error(a6, "sipua: --loss needs PCT[:SEED] with PCT in 0..100 (try --help)\n");
	check_usage_error(a7, "sipua: --drop needs a message number N >= 1 (try --help)\n");
	check_usage_error(a8, "sipua: --server needs an IP address and port, got sip.example.com (try --help)\n");
	check_usage_error(a9, "sipua: --user needs a name without @ : ; < > or spaces, got al ice (try --help)\n");
}

static void test_impl_sipua_conflicting_options_exit_2(void)
{
	const char *a1[] = { ACCOUNT, "--call", "bob", "--answer", NULL };
	const char *a2[] = { ACCOUNT, "--play", "x.wav", "--tone", "440", NULL };
	const char *a3[] = { ACCOUNT, "--ring", "1", NULL };
	const char *a4[] = { ACCOUNT, "--loss", "10:7", "--drop", "2", NULL };
	const char *a5[] = { ACCOUNT, "--answer=yes", NULL };

	check_usage_error(a1, "sipua: --call and --answer exclude each other (try --help)\n");
	check_usage_error(a2, "sipua: --play and --tone exclude each other (try --help)\n");
	check_usage_error(a3, "sipua: --ring needs --answer (try --help)\n");
	check_usage_error(a4, "sipua: --loss and --drop exclude each other (try --help)\n");
	check_usage_error(a5, "sipua: takes no value: --answer=yes (try --help)\n");
}

/* Files and addresses that cannot be used are refused before anything is sent. */
static void test_impl_sipua_unusable_inputs_exit_2(void)
{
	const char *a1[] = { ACCOUNT, "--play", "/nonexistent/x.wav", NULL };
	const char *a2[] = { ACCOUNT, "--listen", "0.0.0.0:0", NULL };
	const char *a3[] = { ACCOUNT, "--play", "tests/demos/test_sipua.c", NULL };
	const char *a4[] = { ACCOUNT, "--play", wav_path, NULL };

	CU_ASSERT_TRUE(run(&a, a1));
	CU_ASSERT_EQUAL(a.status, 2);
	CU_ASSERT_STRING_EQUAL(a.err, "sipua: cannot play /nonexistent/x.wav: No such file or directory\n");
	uaproc_kill(&a);
	CU_ASSERT_TRUE(run(&a, a2));
	CU_ASSERT_EQUAL(a.status, 2);
	CU_ASSERT_STRING_EQUAL(a.err, "sipua: --listen needs this host's own address (the SDP and Contact carry it)\n");
	uaproc_kill(&a);
	CU_ASSERT_TRUE(run(&a, a3));
	CU_ASSERT_EQUAL(a.status, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(a.err, "sipua: cannot play tests/demos/test_sipua.c: "));
	uaproc_kill(&a);
	CU_ASSERT_EQUAL(rtp_wav_write_file(wav_path, NULL, 0), 0);
	CU_ASSERT_TRUE(run(&a, a4));
	CU_ASSERT_EQUAL(a.status, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(a.err, ": no samples\n"));
}

static const struct th_test cli_tests[] = {
	TH_TEST(test_impl_sipua_help_exits_0),
	TH_TEST(test_impl_sipua_unknown_option_exits_2),
	TH_TEST(test_impl_sipua_missing_account_exits_2),
	TH_TEST(test_impl_sipua_bad_values_exit_2),
	TH_TEST(test_impl_sipua_conflicting_options_exit_2),
	TH_TEST(test_impl_sipua_unusable_inputs_exit_2),
	TH_END
};

static const struct th_suite suites[] = {
	{ "sipua command line", cli_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
