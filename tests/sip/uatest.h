/* tests/sip/uatest.h - user agents on the in-memory network, for the UA core,
 * registration, application and RFC 3665 scenario tests.
 *
 * A struct uatest owns a simnet (tests/sip/simnet.h) and up to UATEST_MAX_UAS user
 * agents, each a transport + UA core (sip/ua.h) on its own node whose callbacks are
 * recorded and answered by a small policy (answer incoming calls with 180 then 200,
 * with 486, or leave them to the test).  Every message any traced transport sends is
 * kept, parsed, in order, so a test asserts not only the ladder's first lines but
 * the rows that matter (branches, tags, CSeq, Contact, Route, Authorization):
 *
 *     struct uatest t;  uatest_init(&t, 7);
 *     struct uatest_ua *a = uatest_ua(&t, "alice", "192.0.2.1:5060", NULL);
 *     ...  sip_ua_call(a->ua, "sip:bob@192.0.2.2:5060", ...);  simnet_run(t.net, 5 * SEC);
 *     const struct sip_msg *ack = uatest_sent(&t, "alice", "ACK", 1);
 *
 * Every tests/sip binary links this file, so every name starts with uatest_.
 */
#ifndef TESTS_SIP_UATEST_H
#define TESTS_SIP_UATEST_H

#include "sip/msg.h"
#include "sip/proxy.h"
#include "sip/transport.h"
#include "sip/ua.h"
#include "tests/sip/simnet.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UATEST_SEC 1000000ull
#define UATEST_MAX_UAS 6
#define UATEST_MAX_EVENTS 64
#define UATEST_MAX_SENT 512
#define UATEST_MAX_TRACED 8

/* A short SDP offer/answer for tests that do not look into it (the UA core does not). */
#define UATEST_SDP_OFFER "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n"
#define UATEST_SDP_ANSWER "v=0\r\no=- 2 2 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\nm=audio 3456 RTP/AVP 0\r\n"

enum uatest_what {
	UATEST_STATE,          /* on_call_state */
	UATEST_INCOMING,       /* on_incoming */
	UATEST_REINVITE,       /* on_reinvite */
	UATEST_REINVITE_DONE,  /* on_reinvite_done */
	UATEST_MESSAGE,        /* on_message */
	UATEST_RESPONSE        /* a sip_ua_response_cb (uatest_response_cb) */
};

struct uatest_event {
	enum uatest_what what;
	uint64_t time_us;
	enum sip_call_state state;  /* UATEST_STATE */
	int status;                 /* call status, response status */
	struct sip_call *call;      /* compare only: may be dangling */
	char body[256];             /* message body (MESSAGE, the 2xx of a state change) */
};

struct uatest;

struct uatest_ua {
	struct uatest *t;
	const char *name;
	struct simnet_node *node;
	struct sip_transport *tp;
	struct sip_ua *ua;
	struct uatest_event ev[UATEST_MAX_EVENTS];
	size_t nev;
	struct sip_call *call;      /* the last call placed or received, NULL once it ended */
	/* Policy for what comes in: */
	int ring;                   /* send 180 on on_incoming (default true) */
	int answer;                 /* final status on on_incoming: 200 (with
	                             * UATEST_SDP_ANSWER), 486, ...; 0: the test decides */
	int reinvite_answer;        /* on_reinvite: 200 (echoing the offer) / 488; 0: test */
	int message_status;         /* on_message returns this (default 200) */
	enum sip_call_state hangup_on;  /* sip_call_hangup on reaching this state
	                                 * (SIP_CALL_NULL: never) */
	const char *ack_body;       /* UAC, on CONNECTING: sip_call_set_ack_body (an SDP
	                             * answer to an offer in the 2xx); NULL: none */
};

struct uatest_sent {
	const char *node;           /* the name given to uatest_trace */
	uint64_t time_us;
	struct sip_msg *msg;        /* owned, parsed from the bytes sent */
};

struct uatest {
	struct simnet *net;
	struct uatest_ua uas[UATEST_MAX_UAS];
	size_t n;
	struct uatest_sent sent[UATEST_MAX_SENT];
	size_t nsent;
	struct uatest_traced {
		struct uatest *t;
		struct sip_transport *tp;
		const char *name;
	} traced[UATEST_MAX_TRACED];
	size_t ntraced;
	struct sip_proxy *proxies[2];
	size_t nproxies;
	struct sip_msg *peer_rx[UATEST_MAX_SENT];  /* what uatest_peer nodes received */
	size_t npeer_rx;
};

/* A network with the given seed.  Returns 0 or an errno (asserted by callers). */
int uatest_init(struct uatest *t, uint64_t seed);

/* Destroys the UAs, their transports, the network, the recorded messages.  Stacks the
 * test built itself on the network (a proxy) must be destroyed before. */
void uatest_fini(struct uatest *t);

/* A UA named `name` at `addr` ("192.0.2.1:5060"), AOR "<sip:NAME@addr>", Contact
 * "sip:NAME@addr", outbound proxy `proxy` (NULL: none), default policy (ring, answer
 * 200, re-INVITEs 200, MESSAGE 200).  `cfg` (may be NULL) overrides the UA config.
 * NULL when something failed (asserted). */
struct uatest_ua *uatest_ua(struct uatest *t, const char *name, const char *addr, const char *proxy);
struct uatest_ua *uatest_ua_cfg(struct uatest *t, const char *name, const char *addr,
				const struct sip_ua_config *cfg, const struct sip_tsx_config *tcfg);

/* A transport on a new node with no UA (a scripted peer or a proxy runs on it); its
 * messages are recorded under `name`.  NULL on failure. */
struct sip_transport *uatest_transport(struct uatest *t, const char *name, const char *addr,
				       struct simnet_node **node);

/* A registrar + proxy (sip/proxy.h) on a new node, its messages recorded under `name`;
 * destroyed by uatest_fini.  NULL on failure. */
struct sip_proxy *uatest_proxy(struct uatest *t, const char *name, const char *addr,
			       const struct sip_proxy_config *cfg);

/* A node without a stack at `addr` that keeps what it receives (parsed) in
 * t->peer_rx: a scripted peer, or just somewhere for responses to go. */
struct simnet_node *uatest_peer(struct uatest *t, const char *name, const char *addr);

/* The nth message the peer received whose first line starts with `prefix`. */
const struct sip_msg *uatest_peer_rx(const struct uatest *t, const char *prefix, unsigned nth);

/* Records what `tp` sends under `name` (uatest_ua and uatest_transport do it); the
 * transport then belongs to the uatest (destroyed by uatest_fini). */
void uatest_trace(struct uatest *t, struct sip_transport *tp, const char *name);

/* The nth (1-based) message `node` sent whose first line starts with `prefix` ("ACK ",
 * "SIP/2.0 200"); NULL when there is none. */
const struct sip_msg *uatest_sent(const struct uatest *t, const char *node, const char *prefix,
				  unsigned nth);
/* Its send time, or UINT64_MAX. */
uint64_t uatest_sent_time(const struct uatest *t, const char *node, const char *prefix, unsigned nth);
size_t uatest_count(const struct uatest *t, const char *node, const char *prefix);

/* The n-th row (0-based) with this id, as a C string in a static buffer ("" if none). */
const char *uatest_row(const struct sip_msg *m, enum sip_hdr_id id, size_t nth);
const char *uatest_ruri(const struct sip_msg *m);
const char *uatest_branch(const struct sip_msg *m);   /* top Via branch */
const char *uatest_tag(struct sip_str tag);

/* Events: how many of a kind, the last state reached, the index of the first
 * state-change event to `state` (or -1). */
size_t uatest_events(const struct uatest_ua *u, enum uatest_what what);
enum sip_call_state uatest_last_state(const struct uatest_ua *u);
int uatest_state_event(const struct uatest_ua *u, enum sip_call_state state);

/* The ladder from arrow `from` on equals `expected` (NULL-terminated lines in
 * simnet_arrow_format's form); on a mismatch both are printed. */
bool uatest_ladder_from(const struct uatest *t, size_t from, const char *const *expected);

/* A sip_ua_response_cb recording UATEST_RESPONSE on the uatest_ua given as arg. */
void uatest_response_cb(void *arg, int status, const struct sip_msg *resp);

/* Feeds raw text (CRLF lines) to `u`'s transport from `src`: over TCP when it says
 * "SIP/2.0/TCP" (its top Via), else as a UDP datagram. */
void uatest_inject(struct uatest_ua *u, const char *src, const char *text);
void uatest_inject_bytes(struct uatest_ua *u, const char *src, const char *data, size_t len);

#endif
