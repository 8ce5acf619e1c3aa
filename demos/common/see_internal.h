/* demos/common/see_internal.h - what see.c (outputs, knobs) and see_step.c (step
 * mode's explanations) share.  Not for the programs: they use see.h.
 */
#ifndef DEMOS_COMMON_SEE_INTERNAL_H
#define DEMOS_COMMON_SEE_INTERNAL_H

#include "demos/common/see.h"
#include "net/pcap.h"
#include "sip/msg.h"

#define SEE_RECENT 6          /* layer decisions kept for the next step display */
#define SEE_RECENT_LEN 240    /* bytes of each */
#define SEE_SEEN 64           /* messages remembered to spot retransmissions */
#define SEE_BRANCHES 32       /* INVITE branches remembered with their final status */

struct see_branch {
	char branch[64];      /* top Via branch of an INVITE */
	int final;            /* final status seen for it, 0: none yet */
};

struct demo_see {
	struct demo_see_options o;
	FILE *log_file;                  /* --log, NULL: none */
	struct net_pcap *pcap;           /* --pcap, NULL: none */
	uint64_t start_us;               /* monotonic time of demo_see_open */
	struct sip_lossy lossy;          /* --drop / --loss in front of the real send */
	sip_send_cb inner;               /* what step_send calls after the pause */
	void *inner_arg;
	char recent[SEE_RECENT][SEE_RECENT_LEN];  /* decisions since the last message */
	size_t recent_count;
	uint64_t seen[SEE_SEEN];         /* hashes of messages (direction folded in) */
	size_t seen_next;
	struct see_branch branches[SEE_BRANCHES];
	size_t branch_next;
	unsigned steps;                  /* step displays so far */
};

/* Seconds since demo_see_open, for the console. */
double see_elapsed(const struct demo_see *s);

/* Step mode: shows one message (parsed form `m`, may be NULL) and waits for Enter
 * when step_in is a terminal.  out: we are about to send it. */
void see_step_show(struct demo_see *s, bool out, enum sip_proto proto, const struct net_addr *peer,
		   const char *data, size_t len, const struct sip_msg *m);

/* True when the same bytes went the same way before (a retransmission). */
bool see_was_seen(const struct demo_see *s, bool out, const char *data, size_t len);

/* Remembers a message for see_was_seen and, for INVITEs and their final responses,
 * which branch got which status (to tell the ICT's ACK from the TU's). */
void see_remember(struct demo_see *s, bool out, const char *data, size_t len,
		  const struct sip_msg *m);

/* The final status the INVITE with this top Via branch got, 0 if none seen. */
int see_branch_final(const struct demo_see *s, struct sip_str branch);

#endif
