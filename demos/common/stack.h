/* demos/common/stack.h - the glue that runs the SIP stack on real sockets and the real
 * clock, shared by the examples (docs/examples), sipua and sipserver.
 *
 * The library never reads a clock or touches a socket (DESIGN.md "Time, network and
 * randomness are inputs"); a program hands it an environment.  This module builds the
 * real one:
 *   - a poll loop on CLOCK_MONOTONIC (net/loop.h) whose timer list is the stack's;
 *   - UDP and a TCP listener on one address (sip/transport_net.h) as the send
 *     function and the source of received bytes;
 *   - a random source seeded from the OS (tags, branches, Call-IDs, nonces);
 *   - a log hook writing to stderr ("[ua] ..."), with the one-line trace of every
 *     message when asked (sip_trace_to_log);
 *   - a UDP socket for RTP that swallows what it receives (for programs that answer
 *     calls but play nothing, like the autoanswer example);
 *   - SIGINT/SIGTERM stopping the loop.
 *
 *     struct demo_stack st;
 *     if (demo_stack_open(&st, "127.0.0.1:5070", false) != 0) ... ;
 *     ... sip_app_create(&app, st.tp, ...);
 *     demo_stack_run(&st, DEMO_FOREVER);    until Ctrl-C
 *     demo_stack_close(&st);
 *
 * Leaves out: host names (give IP literals), TLS, several listening addresses.
 */
#ifndef DEMOS_COMMON_STACK_H
#define DEMOS_COMMON_STACK_H

#include "net/addr.h"
#include "net/log.h"
#include "net/loop.h"
#include "net/rand.h"
#include "net/udp.h"
#include "sip/transport.h"
#include "sip/transport_net.h"

#include <stdbool.h>
#include <stdint.h>

#define DEMO_FOREVER UINT64_MAX

struct demo_stack {
	struct net_loop loop;            /* the program's one loop */
	struct net_rand rand;            /* seeded from the OS */
	struct net_log log;              /* stderr, filtered by `verbose` */
	bool verbose;                    /* INFO lines and the message trace too */
	struct sip_transport_net *net;   /* UDP + TCP on `local` */
	struct sip_transport *tp;        /* the SIP transport on them */
	struct net_addr local;           /* the bound address (port filled in) */
	struct net_udp *media;           /* demo_media_open's socket, or NULL */
};

/* Opens the stack on `listen` ("127.0.0.1:5070"; port 0 picks one).  verbose: log
 * every protocol decision and message (else warnings and errors only).  On failure
 * writes one line to stderr and returns the errno (EINVAL for a bad address). */
int demo_stack_open(struct demo_stack *s, const char *listen, bool verbose);

/* What a program may change in demo_stack_open (demos/common/see.c does): */
typedef void (*demo_stack_env_cb)(void *arg, struct sip_env *env);
typedef int (*demo_stack_transport_cb)(void *arg, struct sip_transport *tp);
struct demo_stack_hooks {
	const char *prog;                  /* "prog: " before error lines, or NULL */
	demo_stack_env_cb env;             /* changes the transport's environment (the send
					    * function, the log) before it is made; or NULL */
	demo_stack_transport_cb transport; /* hooks onto the transport once made; or NULL */
	void *arg;                         /* given to both */
};

/* demo_stack_open with hooks, on a zeroed `s` whose `log` is already set. */
int demo_stack_open_hooked(struct demo_stack *s, const char *listen,
			   const struct demo_stack_hooks *h);

/* Closes everything the stack opened.  The program destroys its SIP objects
 * (sip_app_destroy...) first. */
void demo_stack_close(struct demo_stack *s);

/* Runs the loop until demo_stack_stop, a signal, or `max_us` of real time have passed
 * (DEMO_FOREVER: no limit).  Returns 0 or the errno of a failed poll. */
int demo_stack_run(struct demo_stack *s, uint64_t max_us);

/* Asks demo_stack_run to return (from a callback). */
void demo_stack_stop(struct demo_stack *s);

/* SIGINT and SIGTERM stop the loop (one stack per program). */
void demo_stack_catch_signals(struct demo_stack *s);

/* A UDP socket for RTP on the stack's IP, any free port, dropping what arrives.
 * *port gets the port.  Returns 0 or the errno. */
int demo_media_open(struct demo_stack *s, uint16_t *port);

/* The stack's IP without port ("127.0.0.1"), for SDP c= lines; static buffer. */
const char *demo_stack_ip(const struct demo_stack *s);

#endif
