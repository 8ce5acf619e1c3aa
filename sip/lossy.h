/* sip/lossy.h - a lossy network for labs and tests: drops messages on purpose.
 *
 * DESIGN.md "Time, network and randomness are inputs": "The same seam gives labs their
 * knobs: a lossy transport (drop every Nth message, or a seeded percentage)".  The
 * wrapper sits between the transport layer and the real send function: it is a
 * sip_send_cb itself, and what it drops never reaches the inner one.  Every drop is
 * logged ("[lossy] dropped #3 (every 3rd): INVITE sip:bob@... to 127.0.0.1:5070"), so
 * a student sees why a retransmission followed.
 *
 * Only UDP messages are dropped: TCP does not lose messages (it retransmits
 * underneath), which is exactly why §17 zeroes the timers over it.
 *
 *     struct sip_lossy lossy;
 *     struct sip_lossy_config lc = { .drop_nth = 1 };   // lose the first message
 *     sip_lossy_wrap(&lossy, &env, &lc);                // env.send now goes through it
 *     sip_transport_create(&t, &env, &cfg);
 *
 * Leaves out: delay, duplication and reordering (tests/sip/simnet.h has latency).
 */
#ifndef SIP_LOSSY_H
#define SIP_LOSSY_H

#include "net/log.h"
#include "net/rand.h"
#include "sip/transport.h"

#include <stdint.h>

struct sip_lossy_config {
	unsigned drop_nth;    /* drop the Nth UDP message (1-based), once; 0: off */
	unsigned drop_every;  /* drop every Nth UDP message; 0: off */
	unsigned percent;     /* drop each UDP message with this probability (0..100) */
	uint64_t seed;        /* for `percent`: the same seed drops the same messages */
};

struct sip_lossy {
	sip_send_cb inner;               /* the real send function */
	void *inner_arg;                 /* its argument (borrowed) */
	struct sip_lossy_config cfg;
	struct net_rand rand;            /* seeded from cfg.seed */
	struct net_log log;              /* where drops are reported */
	uint64_t count;                  /* UDP messages seen */
	uint64_t dropped;                /* of which dropped */
};

/* Puts the wrapper in front of env->send: saves env->send/send_arg as the inner
 * function and makes env->send = sip_lossy_send, env->send_arg = l.  Drops are logged
 * through env->log.  `l` must outlive the transport using env. */
void sip_lossy_wrap(struct sip_lossy *l, struct sip_env *env, const struct sip_lossy_config *cfg);

/* The wrapping send function (arg is the struct sip_lossy).  A dropped message returns
 * 0: for the sender it left; the network lost it. */
int sip_lossy_send(void *arg, const struct sip_dest *dst, const char *data, size_t len,
		   struct sip_sent *sent);

#endif
