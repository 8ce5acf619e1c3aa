/* tests/demos/test_sipua.c - build/bin/sipua run as a program: whole calls between two sipua processes through the library's registrar + proxy
 * (sip/proxy.h) running in this process on a real loopback socket (tests/demos/uaproc.h).
 *
 * (The command line is tested in test_sipua_cli.c.)  What is asserted is what a student and tests/tools/demo.sh rely on: the exit status,
 * the one-line reasons on stderr, and the "sipua: ..." lines of the output contract in
 * demos/sipua/sipua.h - that the call was confirmed, that each side received the other's
 * tone (frequency within 2 Hz, SNR >= 30 dB), that it hung up and unregistered.
 */
#include "rtp/measure.h"
#include "rtp/tone.h"
#include "rtp/wav.h"
#include "tests/demos/uaproc.h"
#include "tests/support/harness.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WAIT (20 * UAPROC_SEC)
#define SUMMARY "sipua: summary:"
#define MEDIA "sipua: media:"

static struct uaproc a, b;
static char rec_path[64], wav_path[64], pcap_path[64];

static void setup_server(bool auth)
{
	uaproc_init(&a);
	uaproc_init(&b);
	snprintf(rec_path, sizeof(rec_path), "/tmp/sipua_rec_%d.wav", (int)getpid());
	snprintf(wav_path, sizeof(wav_path), "/tmp/sipua_play_%d.wav", (int)getpid());
	snprintf(pcap_path, sizeof(pcap_path), "/tmp/sipua_%d.pcap", (int)getpid());
	CU_ASSERT_EQUAL(uaproc_server_start(auth), 0);
}

static void setup(void)
{
	setup_server(true);
}

static void setup_noauth(void)
{
	setup_server(false);
}

static void teardown(void)
{
	uaproc_kill(&a);
	uaproc_kill(&b);
	uaproc_loop_close();
	unlink(rec_path);
	unlink(wav_path);
	unlink(pcap_path);
}

/* Runs sipua with args to its end; true when it exited. */
static bool run(struct uaproc *p, const char *const *args)
{
	return uaproc_spawn(p, "sipua", args, false) == 0 && uaproc_wait_exit(p, WAIT);
}

/* ---- Calls ------------------------------------------------------------------------------ */

/* Starts B (--answer plus `extra`) and waits until it is registered. */
static bool start_b(const char *const *extra)
{
	const char *args[32] = { "sipua", "--user", "bob", "--password", "zanzibar", "--server",
				 uaproc_server_addr(), "--answer" };
	size_t n = 8;

	for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 31; i++)
		args[n++] = extra[i];
	args[n] = NULL;
	return uaproc_spawn(&b, "sipua", args, false) == 0 &&
	       uaproc_wait_out(&b, "sipua: waiting for a call\n", WAIT);
}

/* Runs A (alice calling `callee` plus `extra`) to its end. */
static bool run_a(const char *callee, const char *const *extra)
{
	const char *args[32] = { "sipua", "--user", "alice", "--password", "wonderland", "--server",
				 uaproc_server_addr(), "--call", callee };
	size_t n = 9;

	for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 31; i++)
		args[n++] = extra[i];
	args[n] = NULL;
	return run(&a, args);
}

/* B answers (with `bx`), A calls `callee` (with `ax`): both run to their end and exit 0. */
static void call_completes(const char *const *bx, const char *callee, const char *const *ax)
{
	CU_ASSERT_TRUE(start_b(bx));
	CU_ASSERT_TRUE(run_a(callee, ax));
	CU_ASSERT_TRUE(uaproc_wait_exit(&b, WAIT));
	CU_ASSERT_EQUAL(a.status, 0);
	CU_ASSERT_EQUAL(b.status, 0);
}

/* The summary says the call was set up, audio flowed both ways with nothing lost. */
static void check_summary(const struct uaproc *p, const char *codec)
{
	char v[32];

	CU_ASSERT_TRUE(uaproc_field(p, SUMMARY, "call", v, sizeof(v)) && strcmp(v, "confirmed") == 0);
	CU_ASSERT_TRUE(uaproc_field(p, SUMMARY, "state", v, sizeof(v)) && strcmp(v, "Disconnected") == 0);
	CU_ASSERT_EQUAL(uaproc_number(p, SUMMARY, "status"), 200);
	CU_ASSERT_TRUE(uaproc_field(p, SUMMARY, "codec", v, sizeof(v)) && strcmp(v, codec) == 0);
	CU_ASSERT_TRUE(uaproc_number(p, SUMMARY, "rtp-sent") >= 40);
	CU_ASSERT_TRUE(uaproc_number(p, SUMMARY, "rtp-received") >= 40);
	CU_ASSERT_EQUAL(uaproc_number(p, SUMMARY, "rtp-lost"), 0);
	CU_ASSERT_TRUE(uaproc_number(p, SUMMARY, "rtcp-received") >= 1);
	CU_ASSERT_EQUAL(uaproc_number(p, SUMMARY, "rtcp-min"), 4.5);
}

static void check_tone(const struct uaproc *p, double hz)
{
	CU_ASSERT_DOUBLE_EQUAL(uaproc_number(p, MEDIA, "rx-freq"), hz, 2.0);
	CU_ASSERT_TRUE(uaproc_number(p, MEDIA, "snr") >= 30.0);
}

/* The lines of a successful call, in order. */
static void check_order(const char *out, const char *const *lines)
{
	const char *at = out;

	for (size_t i = 0; lines[i] != NULL; i++) {
		const char *next = at != NULL ? strstr(at, lines[i]) : NULL;

		if (next == NULL)
			printf("\n  missing in order: %s\n", lines[i]);
		CU_ASSERT_PTR_NOT_NULL(next);
		at = next;
	}
}

/* RFC3261 10.2, 13.2.1, 13.3.1.4, 15.1 and RFC3550: the demo call - B registered and
 * answering with 660 Hz, A calling with 440 Hz for 2 s through the proxy; each side
 * receives the other's tone, A hangs up, both unregister and exit 0.  B's --record
 * file holds the 440 Hz it heard. */
static void test_rfc3261_13_sipua_calls_sipua_and_the_tones_cross(void)
{
	const char *bx[] = { "--tone", "660", "--record", rec_path, NULL };
	const char *ax[] = { "--tone", "440", "--duration", "2", NULL };
	const char *a_lines[] = { "sipua: listening on 127.0.0.1:", "sipua: rtp on 127.0.0.1:",
				  "sipua: registered as sip:alice@127.0.0.1:", "sipua: calling sip:bob@",
				  "sipua: call ringing\n", "sipua: call confirmed\n", "sipua: media PCMU to 127.0.0.1:",
				  "(sendrecv)\n", "sipua: hanging up after 2.0 s\n", "sipua: call ended: 200 OK\n",
				  "sipua: unregistered\n", SUMMARY, MEDIA, NULL };
	const char *b_lines[] = { "sipua: registered as sip:bob@", "sipua: waiting for a call\n",
				  "sipua: incoming call from <sip:alice@127.0.0.1:", "sipua: call ringing\n",
				  "sipua: answered\n", "sipua: call confirmed\n", "sipua: peer hung up after ",
				  "sipua: call ended: 200 OK\n", "sipua: unregistered\n", SUMMARY, MEDIA, NULL };
	int16_t *pcm = NULL;
	size_t n = 0;
	double hz = 0;

	call_completes(bx, "bob", ax);
	check_order(a.out, a_lines);
	check_order(b.out, b_lines);
	check_summary(&a, "PCMU");
	check_summary(&b, "PCMU");
	check_tone(&a, 660.0);
	check_tone(&b, 440.0);
	CU_ASSERT_EQUAL(rtp_wav_read_file(rec_path, &pcm, &n, NULL, 0), 0);
	CU_ASSERT_TRUE(n >= 8000);
	if (n >= 8000)
		CU_ASSERT_EQUAL(rtp_measure_dominant_hz(pcm + n / 2 - 2000, 4000, 8000, &hz), 0);
	CU_ASSERT_DOUBLE_EQUAL(hz, 440.0, 2.0);
	free(pcm);
}

/* RFC3264 6.1: the answerer keeps the offerer's preference when it supports it: A
 * prefers PCMA (offered first), so both sides run A-law.  (A names B by a sip: URI.) */
static void test_rfc3264_6_1_sipua_pcma_preferred_by_the_caller(void)
{
	const char *bx[] = { "--tone", "1000", NULL };
	const char *ax[] = { "--codec", "pcma", "--tone", "500", "--duration", "1.5", NULL };
	char uri[96];

	snprintf(uri, sizeof(uri), "sip:bob@%s", uaproc_server_addr());
	call_completes(bx, uri, ax);
	check_summary(&a, "PCMA");
	check_summary(&b, "PCMA");
	check_tone(&a, 1000.0);
	check_tone(&b, 500.0);
}

/* RFC3261 18: SIP over TCP end to end (the proxy keeps the connections, §18.2.2). */
static void test_rfc3261_18_sipua_over_tcp(void)
{
	const char *bx[] = { "--transport", "tcp", "--tone", "660", NULL };
	const char *ax[] = { "--transport", "tcp", "--tone", "440", "--duration", "1.5", NULL };

	call_completes(bx, "bob", ax);
	check_summary(&a, "PCMU");
	check_tone(&a, 660.0);
	check_tone(&b, 440.0);
}

/* A WAV file is what A sends: B measures its 1250 Hz. */
static void test_impl_sipua_plays_a_wav_file(void)
{
	int16_t pcm[8000];
	struct rtp_tone t;
	const char *ax[] = { "--play", wav_path, "--duration", "1.5", NULL };

	CU_ASSERT_EQUAL(rtp_tone_init(&t, 1250.0, 8000.0, 8000.0), 0);
	rtp_tone_fill(&t, pcm, 8000);
	CU_ASSERT_EQUAL(rtp_wav_write_file(wav_path, pcm, 8000), 0);
	call_completes(NULL, "bob", ax);
	check_tone(&b, 1250.0);
	/* B sent silence: A got packets, but no frequency to report. */
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "sipua: media: rx-freq=- rx-level=- snr=- "));
}

/* RFC3261 15.1.2: the callee ends the call (--duration on B); the caller sees the
 * BYE, says so, and both exit 0. */
static void test_rfc3261_15_1_2_callee_hangs_up(void)
{
	const char *bx[] = { "--duration", "1", "--tone", "300", NULL };
	const char *ax[] = { "--duration", "60", "--tone", "700", NULL };

	call_completes(bx, "bob", ax);
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "sipua: peer hung up after "));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.out, "sipua: hanging up after 1.0 s\n"));
	check_tone(&a, 300.0);
}

/* The last line on stderr. */
static const char *last_err_line(const struct uaproc *p)
{
	size_t n = p->err_len;

	if (n > 0 && p->err[n - 1] == '\n')
		n--;
	while (n > 0 && p->err[n - 1] != '\n')
		n--;
	return p->err + n;
}

/* RFC3261 22.4: credentials the registrar rejects end in a failed registration: one
 * line naming the status, exit 1, and no call is attempted. */
static void test_rfc3261_22_4_sipua_wrong_password_fails(void)
{
	const char *args[] = { "sipua", "--user", "alice", "--password", "rabbit", "--server",
			       uaproc_server_addr(), "--call", "bob", NULL };

	CU_ASSERT_TRUE(run(&a, args));
	CU_ASSERT_EQUAL(a.status, 1);
	CU_ASSERT_STRING_EQUAL(last_err_line(&a), "sipua: registration failed: 401 Unauthorized\n");
	CU_ASSERT_PTR_NULL(strstr(a.out, "sipua: calling"));
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "sipua: summary: call=none state=- status=0 codec=- "));
}

/* RFC3261 16.5: a user the location service does not know gets 404; one not
 * registered now gets 480 (RFC3261 21.4.18). */
static void test_rfc3261_16_5_sipua_unknown_and_absent_callees(void)
{
	CU_ASSERT_TRUE(run_a("dave", NULL));
	CU_ASSERT_EQUAL(a.status, 1);
	CU_ASSERT_STRING_EQUAL(last_err_line(&a), "sipua: call failed: 404 Not Found\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "sipua: unregistered\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "sipua: summary: call=failed state=Disconnected status=404 "));
	uaproc_kill(&a);
	CU_ASSERT_TRUE(run_a("carol", NULL));
	CU_ASSERT_EQUAL(a.status, 1);
	CU_ASSERT_STRING_EQUAL(last_err_line(&a), "sipua: call failed: 480 Temporarily Unavailable\n");
}

/* RFC3261 21.4.24 486 Busy Here: "The callee's end system was contacted successfully,
 * but the callee is currently not willing or able to take additional calls at this end
 * system."  bob's sipua (--answer) takes one call: while alice's first call rings (a
 * 60 s --ring), a second caller (carol) is refused with 486 and fails with it. */
static void test_rfc3261_21_4_24_sipua_busy_with_a_call_answers_486(void)
{
	const char *bx[] = { "--ring", "60", NULL };
	const char *a1[] = { "sipua", "--user", "alice", "--password", "wonderland", "--server",
			     uaproc_server_addr(), "--call", "bob", NULL };
	const char *c2[] = { "sipua", "--user", "carol", "--password", "carroll", "--server",
			     uaproc_server_addr(), "--call", "bob", "--timeout", "5", NULL };
	struct uaproc c;

	uaproc_init(&c);
	CU_ASSERT_TRUE(start_b(bx));
	CU_ASSERT_EQUAL(uaproc_spawn(&a, "sipua", a1, false), 0);
	CU_ASSERT_TRUE(uaproc_wait_out(&a, "sipua: call ringing\n", WAIT));
	CU_ASSERT_TRUE(run(&c, c2));
	CU_ASSERT_EQUAL(c.status, 1);
	CU_ASSERT_STRING_EQUAL(last_err_line(&c), "sipua: call failed: 486 Busy Here\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(c.out, "sipua: summary: call=failed state=Disconnected status=486 "));
	CU_ASSERT_PTR_NULL(strstr(b.out, "incoming call from <sip:carol@"));
	uaproc_kill(&c);
}

/* RFC3261 9.1: a call nobody answers is CANCELled after --timeout; the callee sees
 * 487 (RFC3261 9.2) and fails too: no call was confirmed. */
static void test_rfc3261_9_1_sipua_no_answer_is_cancelled(void)
{
	const char *bx[] = { "--ring", "60", NULL };
	const char *ax[] = { "--timeout", "1", NULL };

	CU_ASSERT_TRUE(start_b(bx));
	CU_ASSERT_TRUE(run_a("bob", ax));
	CU_ASSERT_EQUAL(a.status, 1);
	CU_ASSERT_STRING_EQUAL(last_err_line(&a), "sipua: call failed: no answer within 1 s\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "sipua: call ringing\n"));
	CU_ASSERT_TRUE(uaproc_wait_exit(&b, WAIT));
	CU_ASSERT_EQUAL(b.status, 1);
	CU_ASSERT_STRING_EQUAL(last_err_line(&b), "sipua: call failed: 487 Request Terminated\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(b.out, "sipua: unregistered\n"));
}

/* SIGTERM while waiting: the binding is removed before exiting; no call came, so
 * what --answer asked for did not happen (exit 1). */
static void test_rfc3261_10_2_2_sipua_sigterm_unregisters(void)
{
	CU_ASSERT_TRUE(start_b(NULL));
	uaproc_signal(&b, SIGTERM);
	CU_ASSERT_TRUE(uaproc_wait_exit(&b, WAIT));
	CU_ASSERT_EQUAL(b.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.out, "sipua: unregistered\n"));
	CU_ASSERT_STRING_EQUAL(last_err_line(&b), "sipua: no call arrived\n");
}

/* --answer without --duration stays up until a signal: SIGTERM during the call hangs
 * up with a BYE (RFC3261 15.1.1) - both sides exit 0. */
static void test_rfc3261_15_1_1_sipua_sigterm_hangs_up(void)
{
	const char *args[] = { "sipua", "--user", "alice", "--password", "wonderland", "--server",
			       uaproc_server_addr(), "--call", "bob", "--duration", "60", NULL };

	CU_ASSERT_TRUE(start_b(NULL));
	CU_ASSERT_EQUAL(uaproc_spawn(&a, "sipua", args, false), 0);
	CU_ASSERT_TRUE(uaproc_wait_out(&b, "sipua: receiving RTP from 127.0.0.1:", WAIT));
	CU_ASSERT_TRUE(uaproc_wait_out(&a, "sipua: receiving RTP from 127.0.0.1:", WAIT));
	uaproc_signal(&b, SIGTERM);
	CU_ASSERT_TRUE(uaproc_wait_exit(&b, WAIT));
	CU_ASSERT_TRUE(uaproc_wait_exit(&a, WAIT));
	CU_ASSERT_EQUAL(b.status, 0);
	CU_ASSERT_EQUAL(a.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.out, "sipua: hanging up\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "sipua: peer hung up after "));
}

/* RFC3261 17.1.2.2 (Timer E): --drop 1 loses A's first REGISTER; the retransmission
 * gets through and the call completes.  The drop is logged. */
static void test_rfc3261_17_1_2_2_sipua_lost_register_is_retransmitted(void)
{
	const char *ax[] = { "--drop", "1", "--duration", "1", NULL };

	call_completes(NULL, "bob", ax);
	CU_ASSERT_TRUE(strstr(a.out, "dropped") != NULL || strstr(a.err, "dropped") != NULL);
}

/* A server without authentication: no challenge, the same call. */
static void test_rfc3261_10_3_sipua_without_authentication(void)
{
	const char *bx[] = { "--tone", "660", NULL };
	const char *ax[] = { "--tone", "440", "--duration", "1", NULL };

	call_completes(bx, "bob", ax);
	check_tone(&a, 660.0);
}

/* RFC3261 8.1.3.1: a transport error is a 503 for the client - a server port that
 * refuses (ICMP port unreachable) fails the registration at once. */
static void test_rfc3261_8_1_3_1_sipua_refused_server_is_a_503(void)
{
	char addr[64];
	const char *args[] = { "sipua", "--user", "alice", "--password", "x", "--server", addr,
			       "--quiet", NULL };

	snprintf(addr, sizeof(addr), "%s", uaproc_server_addr());
	uaproc_server_stop();  /* nothing listens there any more */
	CU_ASSERT_TRUE(run(&a, args));
	CU_ASSERT_EQUAL(a.status, 1);
	CU_ASSERT_STRING_EQUAL(last_err_line(&a), "sipua: registration failed: 503 Service Unavailable\n");
}

/* RFC3261 10.2.1, 10.2.2: neither --call nor --answer: register, stay --duration, remove
 * the binding; --t1 and a sip: URI domain are taken as given. */
static void test_rfc3261_10_2_sipua_registers_only(void)
{
	const char *args[] = { "sipua", "--user", "bob", "--password", "zanzibar", "--server",
			       uaproc_server_addr(), "--domain", "127.0.0.1", "--duration", "0.3",
			       "--t1", "100", "--quiet", NULL };

	CU_ASSERT_TRUE(run(&a, args));
	CU_ASSERT_EQUAL(a.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "sipua: registered as sip:bob@127.0.0.1\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "sipua: unregistered\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "sipua: summary: call=none state=- status=0 codec=- "));
	CU_ASSERT_STRING_EQUAL(a.err, "");
}

/* RFC3261 10.2.2: the binding cannot be removed when the server is gone: the run
 * failed, and says so. */
static void test_rfc3261_10_2_2_sipua_unregistration_without_server_fails(void)
{
	const char *args[] = { "sipua", "--user", "bob", "--password", "zanzibar", "--server",
			       uaproc_server_addr(), "--quiet", NULL };

	CU_ASSERT_EQUAL(uaproc_spawn(&a, "sipua", args, false), 0);
	CU_ASSERT_TRUE(uaproc_wait_out(&a, "sipua: registered as ", WAIT));
	uaproc_server_stop();
	uaproc_signal(&a, SIGTERM);
	CU_ASSERT_TRUE(uaproc_wait_exit(&a, WAIT));
	CU_ASSERT_EQUAL(a.status, 1);
	CU_ASSERT_STRING_EQUAL(last_err_line(&a), "sipua: unregistration failed: 503 Service Unavailable\n");
}

/* --record into a folder that does not exist: the run fails with the reason. */
static void test_impl_sipua_unwritable_recording_fails(void)
{
	const char *args[] = { "sipua", "--user", "bob", "--password", "zanzibar", "--server",
			       uaproc_server_addr(), "--duration", "0", "--record",
			       "/nonexistent/dir/x.wav", "--quiet", NULL };

	CU_ASSERT_TRUE(run(&a, args));
	CU_ASSERT_EQUAL(a.status, 1);
	CU_ASSERT_STRING_EQUAL(last_err_line(&a),
			       "sipua: cannot write /nonexistent/dir/x.wav: No such file or directory\n");
}

/* RFC5118 / RFC3261 25.1: the whole call over IPv6 loopback through the real sipserver
 * (its default domain "::1" against URIs carrying "[::1]"): both UAs default to ::1,
 * their SDP says IN IP6, the tones cross. */
static void test_rfc3261_25_1_sipua_over_ipv6_through_sipserver(void)
{
	struct uaproc srv;
	char users[64], addr[80] = "";
	FILE *f;
	const char *sargs[] = { "sipserver", "--listen", "[::1]:0", "--users", users, "--quiet", NULL };

	snprintf(users, sizeof(users), "/tmp/sipua_users_%d", (int)getpid());
	f = fopen(users, "w");
	if (f != NULL) {
		fputs("alice:wonderland\nbob:zanzibar\n", f);
		fclose(f);
	}
	CU_ASSERT_EQUAL(uaproc_spawn(&srv, "sipserver", sargs, false), 0);
	if (uaproc_wait_out(&srv, "sipserver: listening on ", WAIT)) {
		const char *at = strstr(srv.out, "sipserver: listening on ") + 24;

		snprintf(addr, sizeof(addr), "%.*s", (int)strcspn(at, " \n"), at);
	}
	const char *bargs[] = { "sipua", "--user", "bob", "--password", "zanzibar", "--server", addr,
				"--answer", "--tone", "660", "--quiet", NULL };
	const char *aargs[] = { "sipua", "--user", "alice", "--password", "wonderland", "--server",
				addr, "--call", "bob", "--tone", "440", "--duration", "1.5", "--quiet", NULL };

	CU_ASSERT_EQUAL(uaproc_spawn(&b, "sipua", bargs, false), 0);
	CU_ASSERT_TRUE(uaproc_wait_out(&b, "sipua: waiting for a call\n", WAIT));
	CU_ASSERT_TRUE(run(&a, aargs));
	CU_ASSERT_TRUE(uaproc_wait_exit(&b, WAIT));
	CU_ASSERT_EQUAL(a.status, 0);
	CU_ASSERT_EQUAL(b.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "sipua: rtp on [::1]:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "sipua: media PCMU to [::1]:"));
	check_tone(&a, 660.0);
	check_tone(&b, 440.0);
	uaproc_kill(&srv);
	unlink(users);
}

/* The whole call with both UAs under valgrind (when installed): no error, no leak
 * (valgrind's exit code 99 would say otherwise), and the call still succeeds. */
static void test_impl_sipua_valgrind_clean_through_a_call(void)
{
	const char *bargs[] = { "sipua", "--user", "bob", "--password", "zanzibar", "--server",
				uaproc_server_addr(), "--answer", "--tone", "660", "--quiet", NULL };
	const char *aargs[] = { "sipua", "--user", "alice", "--password", "wonderland", "--server",
				uaproc_server_addr(), "--call", "bob", "--tone", "440", "--duration",
				"2", "--record", rec_path, "--quiet", NULL };

	if (!uaproc_have("valgrind")) {
		printf("\n  valgrind not installed: skipped\n");
		return;
	}
	CU_ASSERT_EQUAL(uaproc_spawn(&b, "sipua", bargs, true), 0);
	CU_ASSERT_TRUE(uaproc_wait_out(&b, "sipua: waiting for a call\n", 6 * WAIT));
	CU_ASSERT_EQUAL(uaproc_spawn(&a, "sipua", aargs, true), 0);
	CU_ASSERT_TRUE(uaproc_wait_exit(&a, 6 * WAIT));
	CU_ASSERT_TRUE(uaproc_wait_exit(&b, 6 * WAIT));
	CU_ASSERT_EQUAL(a.status, 0);
	CU_ASSERT_EQUAL(b.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(a.err, "ERROR SUMMARY: 0 errors from 0 contexts"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.err, "ERROR SUMMARY: 0 errors from 0 contexts"));
	CU_ASSERT_PTR_NOT_NULL(strstr(a.err, "All heap blocks were freed -- no leaks are possible"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.err, "All heap blocks were freed -- no leaks are possible"));
	CU_ASSERT_PTR_NOT_NULL(strstr(a.out, "sipua: summary: call=confirmed "));
}

/* Little-endian 16 and 32-bit fields of the capture. */
static unsigned le16(const unsigned char *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

static unsigned long le32(const unsigned char *p)
{
	return le16(p) | (unsigned long)le16(p + 2) << 16;
}

/* --pcap holds SIP and both directions of RTP and RTCP (LINKTYPE_RAW IPv4 records,
 * UDP ports read from the headers); tshark, when installed, finds nothing malformed. */
static void test_impl_sipua_pcap_holds_sip_rtp_and_rtcp(void)
{
	const char *ax[] = { "--duration", "1", "--pcap", pcap_path, "--quiet", NULL };
	unsigned long rtp_a = 0, sip = 0, rtcp = 0;
	unsigned a_rtp = 0;
	size_t len = 0, off = 24;
	unsigned char *f;
	const char *at;

	CU_ASSERT_TRUE(start_b(NULL));
	CU_ASSERT_TRUE(run_a("bob", ax));
	CU_ASSERT_TRUE(uaproc_wait_exit(&b, WAIT));
	CU_ASSERT_EQUAL(a.status, 0);
	at = strstr(a.out, "sipua: rtp on 127.0.0.1:");
	if (at != NULL)
		a_rtp = (unsigned)strtoul(at + strlen("sipua: rtp on 127.0.0.1:"), NULL, 10);
	f = (unsigned char *)th_read_file(pcap_path, &len);
	CU_ASSERT_PTR_NOT_NULL(f);
	if (f == NULL || len < 24)
		return;
	CU_ASSERT_EQUAL(le32(f), 0xa1b2c3d4ul);
	CU_ASSERT_EQUAL(le32(f + 20), 101ul);
	while (off + 16 + 28 <= len) {
		unsigned long incl = le32(f + off + 8);
		const unsigned char *ip = f + off + 16;
		unsigned sport = (unsigned)ip[20] << 8 | ip[21], dport = (unsigned)ip[22] << 8 | ip[23];

		if (ip[9] == 17 && (sport == a_rtp || dport == a_rtp))
			rtp_a++;
		else if (ip[9] == 17 && (sport == a_rtp + 1 || dport == a_rtp + 1))
			rtcp++;
		else
			sip++;
		off += 16 + incl;
	}
	free(f);
	CU_ASSERT_EQUAL(off, len);
	CU_ASSERT_TRUE(rtp_a >= 80);  /* 1 s each way */
	CU_ASSERT_TRUE(rtcp >= 2);
	CU_ASSERT_TRUE(sip >= 10);
	if (uaproc_have("tshark")) {
		char cmd[256];

		snprintf(cmd, sizeof(cmd), "tshark -r %s 2>/dev/null | grep -qi malformed", pcap_path);
		CU_ASSERT_NOT_EQUAL(system(cmd), 0);
	}
}

static const struct th_test call_tests[] = {
	TH_TEST(test_rfc3261_13_sipua_calls_sipua_and_the_tones_cross),
	TH_TEST(test_rfc3264_6_1_sipua_pcma_preferred_by_the_caller),
	TH_TEST(test_rfc3261_18_sipua_over_tcp),
	TH_TEST(test_impl_sipua_plays_a_wav_file),
	TH_TEST(test_rfc3261_15_1_2_callee_hangs_up),
	TH_TEST(test_rfc3261_22_4_sipua_wrong_password_fails),
	TH_TEST(test_rfc3261_16_5_sipua_unknown_and_absent_callees),
	TH_TEST(test_rfc3261_9_1_sipua_no_answer_is_cancelled),
	TH_TEST(test_rfc3261_21_4_24_sipua_busy_with_a_call_answers_486),
	TH_TEST(test_rfc3261_10_2_2_sipua_sigterm_unregisters),
	TH_TEST(test_rfc3261_15_1_1_sipua_sigterm_hangs_up),
	TH_TEST(test_rfc3261_17_1_2_2_sipua_lost_register_is_retransmitted),
	TH_TEST(test_impl_sipua_pcap_holds_sip_rtp_and_rtcp),
	TH_TEST(test_rfc3261_8_1_3_1_sipua_refused_server_is_a_503),
	TH_TEST(test_rfc3261_10_2_sipua_registers_only),
	TH_TEST(test_rfc3261_10_2_2_sipua_unregistration_without_server_fails),
	TH_TEST(test_impl_sipua_unwritable_recording_fails),
	TH_TEST(test_rfc3261_25_1_sipua_over_ipv6_through_sipserver),
	TH_TEST(test_impl_sipua_valgrind_clean_through_a_call),
	TH_END
};

static const struct th_test noauth_tests[] = {
	TH_TEST(test_rfc3261_10_3_sipua_without_authentication),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 sipua calls through the library proxy", call_tests, setup, teardown },
	{ "RFC3261 sipua calls through a proxy without authentication", noauth_tests, setup_noauth,
	  teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
