/* tests/demos/test_call.c - the demo call with real processes on loopback:
 * sipserver in the middle, sipua B answering with a 660 Hz tone, sipua A calling with
 * 440 Hz, exactly what `make demo` runs.  The server's ladder is read back row by row
 * (demo_ladder_parse_row) and compared message by message with the call of DESIGN.md,
 * with and without messages lost on purpose (the lab knobs --drop / --loss), over UDP
 * and TCP; step mode, the log and the capture are checked on the same call (tshark,
 * when installed, must find no malformed frame); under valgrind, when installed, all
 * three programs run a whole call with no error and no leak.
 *
 * Waits are bounded (a broken build fails, never hangs); no time is asserted.
 */
#include "demos/common/ladder.h"
#include "tests/demos/demoproc.h"
#include "tests/support/harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WAIT_MS 20000
#define VG_WAIT_MS 90000

/* The ladder of DESIGN.md as the server sees it.  B answers with 180 at once, so its
 * INVITE server transaction sends no 100 (RFC3261 17.2.1: "unless it knows that the
 * TU will generate a provisional or final response within 200 ms"); the server's own
 * 100 leaves right after the forwarded INVITE (docs/proxy.md). */
#define REGISTRATIONS \
	"B>S REGISTER|S>B 401|B>S REGISTER|S>B 200|A>S REGISTER|S>A 401|A>S REGISTER|S>A 200|"
#define CALL_SETUP "A>S INVITE|S>A 407|A>S ACK|A>S INVITE|S>B INVITE|S>A 100|"
#define CALL_REST "B>S 180|S>A 180|B>S 200|S>A 200|A>S ACK|S>B ACK|A>S BYE|S>B BYE|B>S 200|S>A 200"
static const char expected_ladder[] = REGISTRATIONS CALL_SETUP CALL_REST;

static char tmpdir[64];

static void setup(void)
{
	dp_tmpdir_make(tmpdir, sizeof(tmpdir), "siplab_call_");
}

static void teardown(void)
{
	dp_tmpdir_remove(tmpdir);
}

struct call {
	const char *server_extra[12];  /* more sipserver options */
	const char *ua_extra[8];       /* more options for both UAs */
	const char *a_extra[4];        /* more options for A only */
	bool valgrind;                 /* all three under valgrind */
	struct dp_proc server, a, b;
	int server_rc, a_rc, b_rc;
	char ladder[2048];             /* "A>S INVITE|S>A 407|..." */
	char server_addr[64];
};

static void add_args(const char **args, size_t *n, const char *const *extra)
{
	for (size_t i = 0; extra[i] != NULL; i++)
		args[(*n)++] = extra[i];
	args[*n] = NULL;
}

static int start(struct call *c, struct dp_proc *p, const char *name, const char **args)
{
	return c->valgrind ? dp_start_valgrind(p, name, args) : dp_start(p, name, args);
}

static void read_ladder(struct call *c)
{
	const char *from = strstr(c->server.out, "==== ladder of call");
	size_t used = 0;

	c->ladder[0] = '\0';
	for (const char *l = from; l != NULL && *l != '\0';) {
		const char *nl = strchr(l, '\n');
		size_t n = nl != NULL ? (size_t)(nl - l) : strlen(l);
		char line[256], row[64];

		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, l, n);
		line[n] = '\0';
		if (strncmp(line, "==== end of ladder", 18) == 0)
			break;
		if (demo_ladder_parse_row(line, row, sizeof(row)) && used + strlen(row) + 2 < sizeof(c->ladder))
			used += (size_t)snprintf(c->ladder + used, sizeof(c->ladder) - used, "%s%s",
						 used > 0 ? "|" : "", row);
		l = nl != NULL ? nl + 1 : NULL;
	}
}

/* The whole call: server, B registered and waiting, A calls for 2 s; returns after
 * every process ended (the server on SIGTERM). */
static void run_call(struct call *c)
{
	int wait = c->valgrind ? VG_WAIT_MS : WAIT_MS;
	const char *users = dp_write_file(tmpdir, "users.txt", "alice:wonderland\nbob:zanzibar\n");
	const char *sargs[32] = { "--listen", "127.0.0.1:0", "--users", users, "--quiet", NULL };
	size_t n = 5;

	add_args(sargs, &n, c->server_extra);
	c->server_rc = c->a_rc = c->b_rc = -2;
	if (start(c, &c->server, "sipserver", sargs) != 0 ||
	    !dp_wait_for(&c->server, "(udp, tcp)\n", wait))
		return;
	snprintf(c->server_addr, sizeof(c->server_addr), "127.0.0.1:%u", dp_listen_port(&c->server));

	const char *bargs[24] = { "--user", "bob", "--password", "zanzibar", "--server",
				  c->server_addr, "--answer", "--tone", "660", "--quiet", NULL };
	const char *aargs[24] = { "--user", "alice", "--password", "wonderland", "--server",
				  c->server_addr, "--call", "bob", "--tone", "440", "--duration",
				  "2", "--quiet", NULL };
	size_t nb = 10, na = 13;

	add_args(bargs, &nb, c->ua_extra);
	add_args(aargs, &na, c->ua_extra);
	add_args(aargs, &na, c->a_extra);
	if (start(c, &c->b, "sipua", bargs) != 0 ||
	    !dp_wait_for(&c->b, "sipua: waiting for a call\n", wait))
		return;
	if (start(c, &c->a, "sipua", aargs) != 0)
		return;
	c->a_rc = dp_wait_exit(&c->a, wait);
	c->b_rc = dp_wait_exit(&c->b, wait);
	dp_signal(&c->server, SIGTERM);
	c->server_rc = dp_wait_exit(&c->server, wait);
	read_ladder(c);
}

static void call_free(struct call *c)
{
	dp_free(&c->a);
	dp_free(&c->b);
	dp_free(&c->server);
}

/* The received tone of a sipua: "sipua: media: rx-freq=660.0Hz ... snr=38.2dB". */
static bool heard(const struct dp_proc *p, double hz)
{
	const char *m = p->out != NULL ? strstr(p->out, "sipua: media: rx-freq=") : NULL;
	const char *snr = m != NULL ? strstr(m, " snr=") : NULL;

	if (m == NULL || snr == NULL)
		return false;
	double f = strtod(m + strlen("sipua: media: rx-freq="), NULL);
	double s = strtod(snr + 5, NULL);

	return f >= hz - 2 && f <= hz + 2 && s >= 30;
}

static void assert_call_ok(const struct call *c)
{
	CU_ASSERT_EQUAL(c->a_rc, 0);
	CU_ASSERT_EQUAL(c->b_rc, 0);
	CU_ASSERT_EQUAL(c->server_rc, 0);
	CU_ASSERT(heard(&c->a, 660));
	CU_ASSERT(heard(&c->b, 440));
	if (c->a_rc != 0 || c->b_rc != 0 || c->server_rc != 0 || getenv("CALL_DEBUG") != NULL)
		fprintf(stderr, "\n--- server\n%s\n--- A\n%s\n--- B\n%s\n", c->server.out,
			c->a.out, c->b.out);
}

/* RFC3261 16 / DESIGN.md "The call we reproduce": the server in the middle sees
 * exactly these 24 messages, in this order. */
static void test_rfc3261_16_call_ladder_udp(void)
{
	struct call c = { 0 };

	run_call(&c);
	assert_call_ok(&c);
	CU_ASSERT_STRING_EQUAL(c.ladder, expected_ladder);
	call_free(&c);
}

/* RFC3261 18.2.1: "it MUST listen on that same port and interface for TCP" - the
 * same call with both UAs on TCP: the same ladder (no retransmissions either way). */
static void test_rfc3261_18_call_ladder_tcp(void)
{
	struct call c = { .ua_extra = { "--transport", "tcp" } };

	run_call(&c);
	assert_call_ok(&c);
	CU_ASSERT_STRING_EQUAL(c.ladder, expected_ladder);
	call_free(&c);
}

/* RFC3261 17.1.1.2: "If an unreliable transport is being used, the client transaction
 * MUST start timer A with a value of T1." - the server loses its 6th message, the
 * INVITE forwarded to B: its ICT sends it again when Timer A fires, and the call goes
 * on.  (The lost copy is still drawn: the trace point sees what the server sent.) */
static void test_rfc3261_17_1_1_2_call_survives_lost_forwarded_invite(void)
{
	struct call c = { .server_extra = { "--drop", "6" } };

	run_call(&c);
	assert_call_ok(&c);
	CU_ASSERT_STRING_EQUAL(c.ladder, REGISTRATIONS CALL_SETUP "S>B INVITE|" CALL_REST);
	call_free(&c);
}

/* RFC3261 17.1.1.2 (same sentence), from A's side: A loses its first INVITE; Timer A
 * resends it and the server never sees the loss: the ladder is unchanged. */
static void test_rfc3261_17_1_1_2_call_survives_lost_invite_from_a(void)
{
	struct call c = { .a_extra = { "--drop", "3" } };

	run_call(&c);
	assert_call_ok(&c);
	CU_ASSERT_STRING_EQUAL(c.ladder, expected_ladder);
	call_free(&c);
}

/* True when every row of `want` appears in `got` in order (retransmissions between). */
static bool subsequence(const char *want, const char *got)
{
	char w[2048];
	const char *at = got;

	snprintf(w, sizeof(w), "%s", want);
	for (char *row = w, *bar; row != NULL; row = bar != NULL ? bar + 1 : NULL) {
		bar = strchr(row, '|');
		if (bar != NULL)
			*bar = '\0';
		at = strstr(at, row);
		if (at == NULL)
			return false;
		at += strlen(row);
	}
	return true;
}

/* RFC3261 17: over UDP the transactions retransmit until the message gets through -
 * with a quarter of the server's messages lost (seeded), the call still completes,
 * both tones are heard, and every message of the ladder is there in order. */
static void test_rfc3261_17_call_survives_random_loss(void)
{
	struct call c = { .server_extra = { "--loss", "25:7" } };

	run_call(&c);
	assert_call_ok(&c);
	CU_ASSERT(subsequence(expected_ladder, c.ladder));
	CU_ASSERT(strlen(c.ladder) > strlen(expected_ladder));
	if (!subsequence(expected_ladder, c.ladder))
		fprintf(stderr, "\nladder: %s\n", c.ladder);
	call_free(&c);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	*len = 0;
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf != NULL) {
			*len = fread(buf, 1, (size_t)n, f);
			buf[*len] = '\0';
		}
	}
	fclose(f);
	return buf;
}

/* tshark's verdict on a capture: the number of frames matching `filter`, -1 if it
 * could not run. */
static int tshark_count(const char *pcap, const char *filter)
{
	const char *args[] = { "-r", pcap, "-Y", filter, NULL };
	const char *argv[8];
	struct dp_proc p;
	int lines = 0;

	/* tshark is not in SIPLAB_BIN: run it through /usr/bin/env from PATH. */
	argv[0] = "tshark";
	for (size_t i = 0; args[i] != NULL; i++)
		argv[i + 1] = args[i];
	argv[5] = NULL;
	if (dp_start(&p, "../../../../../../../usr/bin/env", argv) != 0) {
		dp_free(&p);
		return -1;
	}
	if (dp_wait_exit(&p, WAIT_MS) != 0) {
		dp_free(&p);
		return -1;
	}
	/* Frame lines only ("  12   0.0013 127.0.0.1 → ..."), not tshark's warnings. */
	for (const char *s = p.out; s != NULL && *s != '\0'; s = strchr(s, '\n'), s = s != NULL ? s + 1 : NULL) {
		const char *d = s + strspn(s, " ");

		lines += *d >= '0' && *d <= '9';
	}
	dp_free(&p);
	return lines;
}

/* Seeing the call: --step prints each message with the machine that produced it
 * (stdin is not a terminal here, so it does not wait), --log keeps every message in
 * full, --pcap writes a capture that tshark dissects with no malformed frame. */
static void test_impl_call_step_log_and_pcap(void)
{
	char pcap[128], log[128], *bytes;
	size_t len;
	struct call c = { .server_extra = { "--step", "--pcap", pcap, "--log", log } };

	snprintf(pcap, sizeof(pcap), "%s/server.pcap", tmpdir);
	snprintf(log, sizeof(log), "%s/server.log", tmpdir);
	run_call(&c);
	assert_call_ok(&c);
	CU_ASSERT_STRING_EQUAL(c.ladder, expected_ladder);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.server.out, "==== step 1: received UDP from 127.0.0.1:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(c.server.out, "---- produced by: proxy core forwards it (16.6) "
						    "through a new INVITE client transaction (ICT)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(c.server.out, "---- RFC: RFC3261 22.3, 17.2.1\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(c.server.out, "---- why: [auth] [auth RFC3261 22] realm "
						    "\"127.0.0.1\" user \"alice\" INVITE: OK\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(c.server.out, "---- press Enter to continue ----\n"));
	bytes = slurp(log, &len);
	CU_ASSERT(bytes != NULL && strstr(bytes, " RECEIVED UDP 127.0.0.1:") != NULL);
	CU_ASSERT(bytes != NULL && strstr(bytes, "\nINVITE sip:bob@") != NULL);
	free(bytes);
	bytes = slurp(pcap, &len);
	CU_ASSERT(len > 24 && bytes != NULL && memcmp(bytes, "\xd4\xc3\xb2\xa1", 4) == 0);
	free(bytes);
	if (dp_have("tshark")) {
		CU_ASSERT_EQUAL(tshark_count(pcap, "_ws.malformed || _ws.expert.severity >= \"error\""), 0);
		/* The 24 of the ladder and both unregistrations (REGISTER, 200) after it. */
		CU_ASSERT_EQUAL(tshark_count(pcap, "sip"), 28);
	}
	call_free(&c);
}

static bool valgrind_clean(const struct dp_proc *p)
{
	size_t len;
	char *report = slurp(p->vg_log, &len);
	bool ok = report != NULL && strstr(report, "ERROR SUMMARY: 0 errors") != NULL &&
		  strstr(report, "All heap blocks were freed -- no leaks are possible") != NULL;

	if (!ok)
		fprintf(stderr, "\n--- valgrind %s\n%s\n", p->vg_log, report != NULL ? report : "(none)");
	free(report);
	return ok;
}

/* The server and both UAs through a whole call under valgrind: no error, no leak
 * (skipped without valgrind, and inside `make memcheck`, which already runs this
 * binary under valgrind). */
static void test_impl_call_valgrind_clean(void)
{
	struct call c = { .valgrind = true };

	if (!dp_have("valgrind") || getenv("SIPLAB_VALGRIND") != NULL) {
		fprintf(stderr, "(valgrind not run) ");
		return;
	}
	run_call(&c);
	CU_ASSERT_EQUAL(c.a_rc, 0);
	CU_ASSERT_EQUAL(c.b_rc, 0);
	CU_ASSERT_EQUAL(c.server_rc, 0);
	CU_ASSERT_STRING_EQUAL(c.ladder, expected_ladder);
	CU_ASSERT(valgrind_clean(&c.server));
	CU_ASSERT(valgrind_clean(&c.a));
	CU_ASSERT(valgrind_clean(&c.b));
	call_free(&c);
}

static const struct th_test ladder_tests[] = {
	TH_TEST(test_rfc3261_16_call_ladder_udp),
	TH_TEST(test_rfc3261_18_call_ladder_tcp),
	TH_END
};

static const struct th_test loss_tests[] = {
	TH_TEST(test_rfc3261_17_1_1_2_call_survives_lost_forwarded_invite),
	TH_TEST(test_rfc3261_17_1_1_2_call_survives_lost_invite_from_a),
	TH_TEST(test_rfc3261_17_call_survives_random_loss),
	TH_END
};

static const struct th_test seeing_tests[] = {
	TH_TEST(test_impl_call_step_log_and_pcap),
	TH_TEST(test_impl_call_valgrind_clean),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 16 the demo call through sipserver (real processes)", ladder_tests, setup, teardown },
	{ "RFC3261 17 the demo call with lost messages", loss_tests, setup, teardown },
	{ "seeing the call: step, log, pcap, valgrind", seeing_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
