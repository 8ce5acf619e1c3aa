/* demos/sipua/sipua_internal.h - what sipua's files share: the program's state.
 *
 * sipua.c runs the phases (register, call, hang up, unregister) and prints the
 * summary; call.c holds the callbacks of the application API and the timers that
 * drive the call; cli.c parses the command line.
 */
#ifndef DEMOS_SIPUA_SIPUA_INTERNAL_H
#define DEMOS_SIPUA_SIPUA_INTERNAL_H

#include "demos/common/rtp_engine.h"
#include "demos/common/stack.h"
#include "demos/sipua/sipua.h"
#include "net/timer.h"
#include "sip/app.h"

#include <stdbool.h>
#include <stdint.h>

#define SIPUA_REASON_MAX 128

struct sipua {
	const struct sipua_opts *o;
	struct demo_see *see;            /* owned: console, --log, --pcap, --step, loss */
	struct demo_stack st;            /* loop, sockets, transport (demo_see_stack_open) */
	bool stack_open;
	struct demo_rtp *media;          /* owned: RTP + RTCP sockets and the session */
	int16_t *wav;                    /* owned: --play samples */
	size_t wav_n;
	struct sip_app *app;             /* owned */
	char id[SIPUA_TEXT_MAX];         /* "sip:alice@127.0.0.1:5060" */
	char registrar[SIPUA_TEXT_MAX];  /* "sip:127.0.0.1:5060" */
	char proxy[SIPUA_TEXT_MAX];      /* "sip:127.0.0.1:5060" */
	char target[SIPUA_TEXT_MAX];     /* whom --call calls */
	/* registration */
	bool registered;                 /* a 2xx to our REGISTER came */
	bool reg_done;                   /* registration finished: registered or failed */
	bool unregistering, unregistered;
	/* the call (one at a time) */
	struct sip_app_call *call;       /* NULL when none or over */
	bool call_started, confirmed, ended, ringing, hung_up_by_us, no_answer;
	enum sip_call_state state;       /* last state seen */
	int status;                      /* its status */
	char reason[SIPUA_REASON_MAX];
	bool have_media;
	struct sip_app_media media_info; /* the last agreed media */
	bool expect_rtp;                 /* the peer said it sends to us */
	bool rtp_seen;                   /* an RTP packet arrived */
	uint64_t confirmed_at;           /* loop clock, us */
	uint64_t talk_us;                /* from confirmed to ended, us */
	struct net_timer ring_timer;     /* --answer: 200 after --ring */
	struct net_timer duration_timer; /* hang up after --duration */
	struct net_timer timeout_timer;  /* give up an unanswered call */
	/* the outcome */
	char failure[2 * SIPUA_TEXT_MAX];/* the first thing that went wrong, "" if none */
};

/* Records the first failure (later ones are consequences) and stops the loop. */
void sipua_fail(struct sipua *u, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* One line of the output contract ("sipua: " is added), console and --log file. */
void sipua_say(struct sipua *u, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Stops the loop so that the phase running in sipua.c looks at the state again. */
void sipua_wake(struct sipua *u);

/* call.c: the application API's handler (arg = u) and the call's timers. */
struct sip_app_handler sipua_handler(struct sipua *u);
void sipua_timers_init(struct sipua *u);
void sipua_timers_stop(struct sipua *u);
int sipua_place_call(struct sipua *u);
void sipua_hangup(struct sipua *u, const char *why);

#endif
