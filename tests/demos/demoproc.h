/* tests/demos/demoproc.h - running the demo programs from tests: fork/exec with the
 * output on a pipe, bounded waits with poll, children killed on every path; and a
 * raw SIP-over-UDP client to poke sipserver with hand-written messages.
 *
 * Programs are found in $SIPLAB_BIN (the Makefile exports it), else build/bin.
 * With dp_start_valgrind a program runs under valgrind (memcheck, full leak check)
 * with its report in a file the test reads.
 */
#ifndef TESTS_DEMOS_DEMOPROC_H
#define TESTS_DEMOS_DEMOPROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define DP_MAX_ARGS 48

struct dp_proc {
	pid_t pid;            /* 0: not running */
	int fd;               /* read end of stdout+stderr, -1 once closed */
	char *out;            /* everything read so far, NUL-terminated (malloc'd) */
	size_t len, cap;
	int status;           /* exit status, -1 until it exited normally */
	char vg_log[64];      /* valgrind report path, "" when not under valgrind */
};

/* Starts $SIPLAB_BIN/NAME with args (NULL-terminated, without argv[0]).  stdin is
 * /dev/null, stdout and stderr go to the pipe.  Returns 0 or -1. */
int dp_start(struct dp_proc *p, const char *name, const char *const *args);

/* The same under valgrind --leak-check=full (report in p->vg_log). */
int dp_start_valgrind(struct dp_proc *p, const char *name, const char *const *args);

/* True when `tool` (valgrind, tshark, sipp...) is an executable on PATH. */
bool dp_have(const char *tool);

/* Reads output until it contains `needle` or timeout_ms pass.  Returns true if found. */
bool dp_wait_for(struct dp_proc *p, const char *needle, int timeout_ms);

/* Reads to end of output and reaps the child; after timeout_ms it is killed (SIGKILL).
 * Returns the exit status, or -1 (killed, crashed). */
int dp_wait_exit(struct dp_proc *p, int timeout_ms);

/* Sends `sig` (SIGTERM...) if still running. */
void dp_signal(struct dp_proc *p, int sig);

/* Kills (if running), reaps and frees; removes the valgrind report. */
void dp_free(struct dp_proc *p);

/* The port of a "NAME: listening on 127.0.0.1:PORT (udp, tcp)" line, 0 if none. */
unsigned dp_listen_port(const struct dp_proc *p);

/* Runs NAME to completion with stdin from /dev/null; *out gets its output (free it).
 * Returns the exit status or -1. */
int dp_run(const char *name, const char *const *args, char **out, int timeout_ms);

/* ---- A test's files ------------------------------------------------------------------ */

/* Makes a fresh folder "/tmp/<prefix>XXXXXX" in dir (cap bytes); "" if it cannot. */
void dp_tmpdir_make(char *dir, size_t cap, const char *prefix);

/* Removes the folder made by dp_tmpdir_make and everything in it. */
void dp_tmpdir_remove(char *dir);

/* Writes `text` to dir/name; returns the path (a static buffer, the next call reuses it). */
const char *dp_write_file(const char *dir, const char *name, const char *text);

/* ---- Raw SIP over UDP ---------------------------------------------------------------- */

struct dp_udp {
	int fd;
	unsigned port;        /* our bound port on 127.0.0.1 */
};

int dp_udp_open(struct dp_udp *u);
void dp_udp_close(struct dp_udp *u);

/* Sends `msg` ("%PORT%" in it replaced by our port) to 127.0.0.1:port and returns the
 * first response whose status is >= min_status within timeout_ms, as a malloc'd
 * string (NULL on timeout). */
char *dp_udp_ask(struct dp_udp *u, unsigned port, const char *msg, int min_status,
		 int timeout_ms);

#endif
