/* tests/demos/uaproc.h - running sipua (and the examples) as child processes beside
 * an in-process registrar + proxy (sip/proxy.h) on real loopback sockets.
 *
 * One net/loop on the real clock carries the server and the children's stdout and
 * stderr pipes; every wait turns that loop, so the server answers while the test
 * waits for a line such as "sipua: registered as" or for a child to exit.  Each wait
 * is bounded in real time only so that a broken build fails instead of hanging;
 * nothing is asserted about how long anything took.  Children are killed on every
 * path (uaproc_kill, uaproc_server_stop).
 *
 * Programs are found in $SIPLAB_BIN (exported by the Makefile), else build/bin.
 */
#ifndef TESTS_DEMOS_UAPROC_H
#define TESTS_DEMOS_UAPROC_H

#include "net/loop.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define UAPROC_SEC 1000000ull
#define UAPROC_OUT_MAX 32768   /* bytes of stdout / stderr kept per child */

struct uaproc {
	pid_t pid;                    /* -1 once reaped */
	int out_fd, err_fd;           /* pipes, -1 when closed */
	char out[UAPROC_OUT_MAX];     /* stdout so far, NUL-terminated */
	size_t out_len;
	char err[UAPROC_OUT_MAX];     /* stderr so far */
	size_t err_len;
	int status;                   /* exit status, -1 if killed or not exited */
};

/* The loop alone, for tests that run every program as a child; closing it stops the
 * server too.  Kill the children first (their pipes are watched on it). */
void uaproc_loop_open(void);
void uaproc_loop_close(void);

/* The server: users alice:wonderland, bob:zanzibar, carol:carroll; domain 127.0.0.1;
 * digest on unless `auth` is false.  Returns 0 or an errno. */
int uaproc_server_start(bool auth);
void uaproc_server_stop(void);  /* the server only: its port then refuses */
const char *uaproc_server_addr(void);  /* "127.0.0.1:PORT" */
struct net_loop *uaproc_loop(void);

/* A child not started yet: nothing to kill (call it in setup, before any spawn). */
void uaproc_init(struct uaproc *p);

/* Starts $SIPLAB_BIN/<prog> with args (args[0] is the program name, NULL-terminated);
 * `valgrind`: under valgrind --leak-check=full --error-exitcode=99.  0 or an errno. */
int uaproc_spawn(struct uaproc *p, const char *prog, const char *const *args, bool valgrind);

/* Turns the loop until `needle` appears in the child's stdout, or max_us passed. */
bool uaproc_wait_out(struct uaproc *p, const char *needle, uint64_t max_us);

/* Turns the loop until the child exited (p->status set), or max_us passed. */
bool uaproc_wait_exit(struct uaproc *p, uint64_t max_us);

/* Sends `sig` to a running child. */
void uaproc_signal(struct uaproc *p, int sig);

/* Kills (SIGKILL) and reaps the child if it still runs, closes the pipes. */
void uaproc_kill(struct uaproc *p);

/* The value of `key=` on the child's line starting with `prefix` (e.g. "sipua: summary:",
 * "rtp-received"), copied into buf; false if absent. */
bool uaproc_field(const struct uaproc *p, const char *prefix, const char *key, char *buf,
		  size_t cap);

/* The same as a number (strtod), NAN if absent or "-". */
double uaproc_number(const struct uaproc *p, const char *prefix, const char *key);

/* True when valgrind can be run. */
bool uaproc_have(const char *tool);

#endif
