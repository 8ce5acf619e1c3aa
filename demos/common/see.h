/* demos/common/see.h - "seeing the call": what sipua and sipserver show of the
 * protocol, and the lab knobs they share.
 *
 * DESIGN.md "One trace point" and "What the demos show".  Every message passes the
 * transport's trace point (sip/trace.h) and every layer decision passes the log hook
 * (net/log.h); this module hangs the program's outputs off those two seams:
 *  - the annotated console: one line per message in or out, and each layer decision
 *    with its RFC section, aligned for a terminal (--quiet: warnings and errors only);
 *  - --log FILE: every message in full, with the time, direction and addresses, and
 *    every log line, in order;
 *  - --pcap FILE: the SIP messages (UDP and TCP) as a capture Wireshark opens, plus
 *    whatever RTP/RTCP the program feeds in with demo_see_packet;
 *  - --step: before each message is sent and after each is received, the message, the
 *    layer and state machine that produced or will take it, the RFC section, what
 *    happens next; then it waits for Enter (only when stdin is a terminal);
 *  - the lab knobs: --drop N (lose the Nth UDP message we send), --loss PCT[:SEED]
 *    (lose each with probability PCT), --t1 MS (a slower T1): sip/lossy.h and the
 *    transaction timers.
 *
 *     struct demo_see_options o;
 *     demo_see_options_default(&o, "sipua");
 *     for (i = 1; i < argc; i++) {
 *             int n = demo_see_parse_option(&o, argc, argv, i);   // 0: not ours
 *             if (n < 0) return 2;                                // message printed
 *             if (n > 0) { i += n - 1; continue; }
 *             ... the program's own options ...
 *     }
 *     struct demo_see *see;
 *     demo_see_open(&see, &o);                 // opens the log and pcap files
 *     demo_see_stack_open(see, &st, "127.0.0.1:0");   // demo_stack_open with all of it
 *     ... tsx_cfg.t1_us = o.t1_us (when not 0) ...
 *     demo_see_packet(see, &rtp_src, &rtp_dst, bytes, len);   // RTP into the pcap
 *     demo_stack_close(&st);
 *     demo_see_close(see);
 *
 * A program with its own wiring (several listening addresses) uses the parts:
 * demo_see_log (the log hook), demo_see_wrap_env (loss and step in front of the send
 * function) and demo_see_attach (the trace hooks).
 *
 * Leaves out: colour, curses; the step explanations are inferred from the message and
 * the last layer decisions logged (docs/demo.md says how).
 */
#ifndef DEMOS_COMMON_SEE_H
#define DEMOS_COMMON_SEE_H

#include "demos/common/stack.h"
#include "net/addr.h"
#include "net/log.h"
#include "sip/lossy.h"
#include "sip/transport.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct demo_see_options {
	const char *prog;              /* "sipua", "sipserver": prefix of error lines */
	bool quiet;                    /* --quiet: console shows warnings and errors only */
	bool step;                     /* --step */
	const char *log_path;          /* --log FILE, NULL: none (borrowed from argv) */
	const char *pcap_path;         /* --pcap FILE, NULL: none (borrowed from argv) */
	struct sip_lossy_config loss;  /* --drop N, --loss PCT[:SEED]; zeroes: no loss */
	uint64_t t1_us;                /* --t1 MS; 0: the RFC's 500 ms */
	FILE *console;                 /* where the annotated log goes: stdout */
	FILE *step_in;                 /* where step mode reads Enter: stdin */
};

/* No file, no loss, console on stdout, Enter from stdin. */
void demo_see_options_default(struct demo_see_options *o, const char *prog);

/* Parses argv[i] if it is one of the shared options (and its value argv[i + 1]):
 * returns how many arguments it used (1 or 2), 0 if argv[i] is not a shared option,
 * -1 after printing "PROG: --pcap needs a file (try --help)" style errors to stderr.
 * Options: --quiet --step --log FILE --pcap FILE --drop N --loss PCT[:SEED] --t1 MS. */
int demo_see_parse_option(struct demo_see_options *o, int argc, char **argv, int i);

/* The usage lines of the shared options (for --help). */
extern const char demo_see_usage[];

struct demo_see;

/* Opens the --log and --pcap files.  On failure prints one line
 * ("sipua: cannot write x.pcap: Permission denied") and returns the errno. */
int demo_see_open(struct demo_see **out, const struct demo_see_options *o);

/* Flushes and closes the files; returns 0 or EIO if a write failed.  NULL ignored.
 * Close the stack first (its hooks point here). */
int demo_see_close(struct demo_see *s);

/* The log hook every layer reports through (env.log): console + log file. */
struct net_log demo_see_log(struct demo_see *s);

/* A line of the program itself ("registered as alice"), console and log file. */
void demo_see_say(struct demo_see *s, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* The same with a va_list, for programs that wrap it (sipua_say). */
void demo_see_vsay(struct demo_see *s, const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 0)))
#endif
	;

/* Puts loss and step mode in front of env->send (before sip_transport_create);
 * `s` must outlive the transport. */
void demo_see_wrap_env(struct demo_see *s, struct sip_env *env);

/* Hangs the console, the log file, the pcap writer and step mode on the transport's
 * trace point.  Returns 0 or ENOBUFS (no free hook). */
int demo_see_attach(struct demo_see *s, struct sip_transport *t);

/* demo_stack_open with all of the above: the stack's log is demo_see_log, its send
 * function goes through loss and step, its trace point feeds the outputs. */
int demo_see_stack_open(struct demo_see *s, struct demo_stack *st, const char *listen);

/* One UDP packet that is not SIP (RTP, RTCP) into the pcap file, stamped now; nothing
 * without --pcap.  Call it for what you send and what you receive. */
void demo_see_packet(struct demo_see *s, const struct net_addr *src, const struct net_addr *dst,
		     const void *data, size_t len);

/* The options it was opened with. */
const struct demo_see_options *demo_see_options(const struct demo_see *s);

#endif
