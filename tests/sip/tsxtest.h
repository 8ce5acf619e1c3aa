/* tests/sip/tsxtest.h - a capture environment for transport and transaction tests.
 *
 * One stack (transport + transaction layer) on a virtual clock, whose send function
 * records every message with its time and destination instead of sending it, and
 * whose TU records every callback.  A test feeds bytes in with tsxtest_recv, moves
 * time with tsxtest_advance, and asserts the exact schedule of what went out:
 *
 *     tsxtest_init(&t, NULL);
 *     sip_tsx_request(t.layer, invite, &peer, &h, &tsx);
 *     tsxtest_advance(&t, 40000000);
 *     CU_ASSERT_EQUAL(t.sent[1].time_us, 500000);
 *
 * Every tests/sip binary links this file, so every name starts with tsxtest_.
 */
#ifndef TESTS_SIP_TSXTEST_H
#define TESTS_SIP_TSXTEST_H

#include "net/rand.h"
#include "net/timer.h"
#include "sip/transport.h"
#include "sip/tsx.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TSXTEST_MAX_SENT 256
#define TSXTEST_MAX_EVENTS 128
#define TSXTEST_LOCAL "192.0.2.1:5060"  /* our address (UDP and TCP) */
#define TSXTEST_PEER "192.0.2.9:5060"   /* the far end the tests talk to */

/* One message the stack sent. */
struct tsxtest_sent {
	uint64_t time_us;
	struct sip_dest dst;
	char *data;      /* owned, NUL-terminated */
	size_t len;
	char line[128];  /* its first line */
};

enum tsxtest_what {
	TSXTEST_REQUEST,          /* sip_tu.on_request */
	TSXTEST_ACK,              /* sip_tu.on_ack */
	TSXTEST_STRAY,            /* sip_tu.on_stray_response */
	TSXTEST_RESPONSE,         /* handler.on_response */
	TSXTEST_TIMEOUT,          /* handler.on_timeout */
	TSXTEST_TRANSPORT_ERROR,  /* handler.on_transport_error */
	TSXTEST_TERMINATED        /* handler.on_terminated */
};

/* One callback the TU received. */
struct tsxtest_event {
	enum tsxtest_what what;
	uint64_t time_us;
	int status;             /* response status; request: 0 */
	struct sip_tsx *tsx;    /* may be dangling after TERMINATED: compare only */
	int err;                /* transport error */
	char line[128];         /* first line of the message, if any */
};

struct tsxtest {
	struct net_timer_list timers;
	struct net_rand rand;
	struct sip_transport *tp;
	struct sip_tsx_layer *layer;
	struct tsxtest_sent sent[TSXTEST_MAX_SENT];
	size_t nsent;
	int send_error;               /* sends fail with this errno while non-zero */
	struct tsxtest_event ev[TSXTEST_MAX_EVENTS];
	size_t nev;
	struct sip_tsx *server;       /* the last server transaction on_request saw */
	int answer;                   /* on_request answers this status at once (0: no) */
	char *log;                    /* every log line, '\n'-joined (owned) */
	size_t log_len;
	size_t log_cap;
};

/* Builds the stack: transport on TSXTEST_LOCAL for UDP and TCP (cfg NULL: the
 * defaults), transaction layer with `tcfg` (NULL: defaults), seed 1, clock at 0.
 * Returns 0 or an errno. */
int tsxtest_init(struct tsxtest *t, const struct sip_transport_config *cfg,
		 const struct sip_tsx_config *tcfg);
void tsxtest_fini(struct tsxtest *t);

/* The handler that records client callbacks into t->ev. */
struct sip_tsx_handler tsxtest_handler(struct tsxtest *t);

/* Moves the clock to `to_us`, firing timers. */
void tsxtest_advance(struct tsxtest *t, uint64_t to_us);

/* Feeds `text` as if it arrived over `proto` from `src` ("192.0.2.9:5060"), TCP on
 * connection `conn`.  Returns what sip_transport_recv returns. */
int tsxtest_recv(struct tsxtest *t, enum sip_proto proto, const char *src, uint64_t conn,
		 const char *text);

/* The same for `len` bytes that need not be a C string. */
int tsxtest_recv_bytes(struct tsxtest *t, enum sip_proto proto, const char *src, uint64_t conn,
		       const char *data, size_t len, size_t *consumed);

/* Parses sent message i (NULL if it does not parse: a failed assert). */
struct sip_msg *tsxtest_sent_msg(const struct tsxtest *t, size_t i);

/* A response to the request sent as message i, printed (malloc'd; the caller frees):
 * §8.2.6.2 copies, To tag `to_tag` added when not NULL. */
char *tsxtest_response_to(const struct tsxtest *t, size_t i, int status, const char *to_tag);

/* A request as a peer at TSXTEST_PEER would send it (malloc'd, caller frees):
 *     METHOD sip:bob@192.0.2.1 SIP/2.0 / Via: SIP/2.0/<proto> 192.0.2.9:5060;branch=<branch>
 *     To/From/Call-ID "call-1"/CSeq <cseq> <cseq_method>/Max-Forwards 70
 * branch NULL writes a Via without branch (RFC 2543); to_tag NULL none. */
char *tsxtest_peer_request(const char *method, enum sip_proto proto, const char *branch,
			   unsigned cseq, const char *cseq_method, const char *to_tag);

/* A request for sip_tsx_request (ours: no Via; the layer pushes one). */
struct sip_msg *tsxtest_our_request(const char *method);

/* The address parsed from text (asserts it parses). */
struct net_addr tsxtest_addr(const char *text);

/* A destination (proto, address). */
struct sip_dest tsxtest_dest(enum sip_proto proto, const char *addr);

/* True when some log line contains `needle`. */
bool tsxtest_log_has(const struct tsxtest *t, const char *needle);

/* How many sent messages start with `prefix` ("INVITE ", "SIP/2.0 100"). */
size_t tsxtest_count_sent(const struct tsxtest *t, const char *prefix);

/* How many TU events of this kind. */
size_t tsxtest_count_events(const struct tsxtest *t, enum tsxtest_what what);

/* Index of the first TU event of this kind, or (size_t)-1. */
size_t tsxtest_find_event(const struct tsxtest *t, enum tsxtest_what what);

/* Prints sent messages and the log (for a failing test). */
void tsxtest_dump(const struct tsxtest *t);

#endif
