/* sip/transport.h - the SIP transport layer (RFC 3261 §18, RFC 3581).
 *
 * The layer between the bytes and the transactions.  It owns no socket and reads no
 * clock (DESIGN.md "Time, network and randomness are inputs"): it is handed an
 * environment (struct sip_env) with a timer list, a send function, a log hook and a
 * random source, and bytes enter through one function, sip_transport_recv.  The
 * demos wire it to net/udp and net/tcp (sip/transport_net.h); tests wire it to a
 * recorder or to the in-memory network of tests/sip/simnet.h.
 *
 * Client side (§18.1):
 *  - sip_transport_via_push inserts our top Via: sent-by and a branch that starts
 *    with the magic cookie "z9hG4bK" (§8.1.1.7), drawn from the seeded source;
 *  - sip_transport_prepare_request prints a request and applies §18.1.1: a request
 *    within 200 bytes of the path MTU goes over TCP, and the top Via says so;
 *  - a response whose top Via sent-by is not ours is discarded (§18.1.2).
 * Server side (§18.2):
 *  - a request whose top Via cannot route a response is rejected (dropped, logged);
 *  - "received" is added when the sent-by differs from the source address, "rport"
 *    is filled in (RFC 3581 §4) before anything above sees the request;
 *  - sip_transport_response_dest picks where a response goes (§18.2.2 + RFC 3581):
 *    the request's connection, maddr, received:rport, received, sent-by.
 * Framing (§18.3): UDP datagrams are parsed whole (a body shorter than its
 * Content-Length is discarded and logged); TCP bytes are framed by Content-Length
 * and a framing error closes the connection (sip_transport_recv returns EBADMSG).
 * Malformed requests are answered statelessly with the parser's status and reason
 * (400, 505, ...) when their top Via can route the answer; otherwise, and for
 * malformed responses, they are dropped with a log line.
 *
 * Every message in or out passes the trace point (sip/trace.h).
 *
 * Ownership: the transport copies its configuration; the env's timer list, random
 * source and send_arg are borrowed and must outlive it.  Messages handed to the
 * user callback belong to the transport unless the user takes them (see
 * sip_transport_msg_cb).
 *
 * Leaves out: DNS (RFC 3263; only IP literals are routable, a host name in sent-by
 * is answered at its "received" address), TLS, SCTP, multicast (maddr is honoured as
 * a unicast address), the §18.1.1 fallback from TCP to UDP after a TCP reset, RFC
 * 5626 keep-alives (CRLFs between messages are skipped).
 */
#ifndef SIP_TRANSPORT_H
#define SIP_TRANSPORT_H

#include "net/addr.h"
#include "net/log.h"
#include "net/rand.h"
#include "net/timer.h"
#include "sip/msg.h"
#include "sip/trace.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC3261 8.1.1.7: "The branch ID inserted by an element compliant with this
 * specification MUST always begin with the characters "z9hG4bK"." */
#define SIP_BRANCH_COOKIE "z9hG4bK"
#define SIP_BRANCH_RANDOM_LEN 16  /* [0-9a-z] characters after the cookie: 82 bits */
#define SIP_BRANCH_LEN (sizeof(SIP_BRANCH_COOKIE) - 1 + SIP_BRANCH_RANDOM_LEN)

#define SIP_TRANSPORT_MTU 1500        /* default path MTU, bytes (Ethernet) */
#define SIP_TRANSPORT_MTU_MARGIN 200  /* §18.1.1: "within 200 bytes of the path MTU" */
#define SIP_DEFAULT_PORT 5060         /* §18.1.1: "5060 for UDP, TCP and SCTP" */

/* Where a message goes. */
struct sip_dest {
	enum sip_proto proto;
	struct net_addr addr;   /* far end: IP and port */
	uint64_t conn_id;       /* TCP: use this connection while it is open; 0: the
	                         * sender finds or opens one to addr (§18.1.1 reuse) */
	struct net_addr local;  /* send from this address (RFC 3581 §4: a response
	                         * leaves from where its request arrived); unset: any */
};

/* What the send function reports about a message it sent. */
struct sip_sent {
	struct net_addr local;  /* the address it left from; unset if unknown */
	uint64_t conn_id;       /* the TCP connection used, 0 for UDP */
};

/* Hands `len` bytes to the network.  Returns 0 (sent or queued), or an errno: the
 * transport error of §17.1.4 / §17.2.4 (ECONNREFUSED, EHOSTUNREACH, ENOBUFS...).
 * Fills *sent (never NULL) as far as it knows.  Must not call back into the stack
 * (deliver received bytes later, from the loop or a timer). */
typedef int (*sip_send_cb)(void *arg, const struct sip_dest *dst, const char *data, size_t len,
			   struct sip_sent *sent);

/* The environment the stack runs in (DESIGN.md): everything it may not fetch itself. */
struct sip_env {
	struct net_timer_list *timers;  /* borrowed: the clock and the timers of §17 */
	sip_send_cb send;               /* required */
	void *send_arg;                 /* passed to send; owned by the caller */
	struct net_log log;             /* copied; cb NULL discards */
	struct net_rand *rand;          /* borrowed: branches (and the TU's tags) */
};

/* Where a message came from. */
struct sip_recv_info {
	enum sip_proto proto;
	struct net_addr src;    /* packet source IP and port (§18.2.1 "received") */
	struct net_addr local;  /* the address it arrived on */
	uint64_t conn_id;       /* TCP connection it arrived on, 0 for UDP */
};

struct sip_transport_config {
	struct net_addr udp;    /* local UDP address: IP and port of our Via sent-by over
	                         * UDP; family AF_UNSPEC when we have no UDP */
	struct net_addr tcp;    /* local TCP (listening) address; AF_UNSPEC: use udp's */
	const char *host;       /* sent-by host to write instead of the IP (e.g. an FQDN,
	                         * §18.1.1 "The usage of an FQDN is RECOMMENDED"); NULL:
	                         * the IP.  Copied. */
	size_t mtu;             /* path MTU in bytes; 0: SIP_TRANSPORT_MTU */
	bool rport;             /* put a valueless "rport" in our Vias (RFC 3581 §3) */
};

struct sip_transport;

/* A message arrived, parsed, passed sip_msg_validate, and (requests) has its top Via
 * completed with received/rport.  *msg belongs to the transport, which destroys it
 * when the callback returns; to keep it, take it (`keep = *msg; *msg = NULL;`). */
typedef void (*sip_transport_msg_cb)(void *arg, struct sip_msg **msg,
				     const struct sip_recv_info *from);

/* The network reported a failure for messages sent to `where` (an ICMP error, a TCP
 * connection that failed or closed, §18.4). */
typedef void (*sip_transport_error_cb)(void *arg, const struct sip_dest *where, int err);

/* The layer above (the transactions, sip/tsx.h). */
struct sip_transport_user {
	sip_transport_msg_cb on_message;   /* NULL: messages are logged and dropped */
	sip_transport_error_cb on_error;   /* may be NULL */
	void *arg;                         /* passed to both; owned by the user */
};

/* Creates a transport.  env and cfg are copied (cfg->host too).  Returns 0, EINVAL
 * (env->send, env->timers or env->rand NULL, no local address at all) or ENOMEM. */
int sip_transport_create(struct sip_transport **out, const struct sip_env *env,
			 const struct sip_transport_config *cfg);

/* Frees the transport.  NULL is ignored. */
void sip_transport_destroy(struct sip_transport *t);

/* Installs the layer above (copied). */
void sip_transport_set_user(struct sip_transport *t, const struct sip_transport_user *u);

const struct sip_env *sip_transport_env(const struct sip_transport *t);
const struct sip_transport_config *sip_transport_config(const struct sip_transport *t);

/* The trace point's hooks (sip/trace.h): add a log, a pcap writer, a ladder... */
int sip_transport_trace_add(struct sip_transport *t, sip_trace_cb cb, void *arg);
void sip_transport_trace_remove(struct sip_transport *t, sip_trace_cb cb, const void *arg);

/* ---- Client side (§18.1) -------------------------------------------------------- */

/* Writes a new branch, "z9hG4bK" + SIP_BRANCH_RANDOM_LEN random [0-9a-z], into buf
 * (cap >= SIP_BRANCH_LEN + 1).  Returns 0 or ENOBUFS. */
int sip_transport_branch_new(struct sip_transport *t, char *buf, size_t cap);

/* Pushes our Via on top of `req`: "SIP/2.0/<proto> <host>:<port>;branch=<branch>"
 * plus ";rport" when configured.  branch NULL draws a new one.  Returns 0, EINVAL
 * (not a request, a branch that is not a token, no local address), or what
 * sip_msg_via_push returns. */
int sip_transport_via_push(struct sip_transport *t, struct sip_msg *req, enum sip_proto proto,
			   const char *branch);

/* Prints a request for `dst`, applying §18.1.1: over UDP, a request longer than
 * mtu - 200 bytes goes over TCP instead; dst->proto becomes SIP_PROTO_TCP and our
 * top Via is rewritten to say TCP (same branch).  *out is malloc'd (caller frees),
 * *len its length.  Returns 0, EINVAL (not a request) or ENOMEM. */
int sip_transport_prepare_request(struct sip_transport *t, struct sip_msg *req,
				  struct sip_dest *dst, char **out, size_t *len);

/* Sends bytes (a message printed before) through the env's send function and, when
 * that succeeds, through the trace point (`msg` is its parsed form for the hooks,
 * may be NULL).  *sent (may be NULL) gets what the sender reported.  Returns 0 or
 * the sender's errno (logged). */
int sip_transport_send_bytes(struct sip_transport *t, const struct sip_dest *dst,
			     const char *data, size_t len, const struct sip_msg *msg,
			     struct sip_sent *sent);

/* Stateless send of a request as it is (no Via is added: push one first), after
 * sip_transport_prepare_request: an ACK for a 2xx (§13.2.2.4, "passes one directly
 * to the transport layer"), or a request a stateless proxy forwards.  dst may have
 * its proto changed by the §18.1.1 rule.  Returns 0, ENOMEM or the sender's errno. */
int sip_transport_send_request(struct sip_transport *t, struct sip_msg *req,
			       struct sip_dest *dst);

/* The next hop of a request from its URIs (§8.1.2: the top Route if it is a loose
 * router ("lr"), else the Request-URI; its maddr when present, RFC 3263 §4): the IP
 * literal, the port (5060 if absent) and transport=udp/tcp (UDP if absent, RFC 3263
 * §4.1).
 * Returns 0, EHOSTUNREACH (a host name: no DNS here) or EPROTONOSUPPORT (sips:,
 * another transport). */
int sip_transport_next_hop(const struct sip_msg *req, struct sip_dest *out);

/* The same rules for one URI already chosen (a proxy picks it by §16.6 step 7):
 * maddr or host as IP literal, port, transport.  Same returns. */
int sip_transport_uri_dest(const struct sip_uri *u, struct sip_dest *out);

/* ---- Server side (§18.2) -------------------------------------------------------- */

/* The one receive function: bytes from the network.  UDP: `data` is one datagram,
 * all of it is consumed.  TCP: `data` is everything received on the connection and
 * not consumed yet; each whole message (§18.3) is handled, *consumed tells how many
 * bytes went, the rest waits for more.  Returns 0, or EBADMSG when a TCP stream
 * cannot be framed: the caller must close the connection (RFC 4475 §3.1.2.3). */
int sip_transport_recv(struct sip_transport *t, const struct sip_recv_info *from,
		       const char *data, size_t len, size_t *consumed);

/* §18.2.2 and RFC 3581 §4: where to send a response, from its top Via and (if not
 * NULL) how its request arrived.  Returns 0, EINVAL (no usable Via) or EHOSTUNREACH
 * (only a host name to go by). */
int sip_transport_response_dest(const struct sip_msg *resp, const struct sip_recv_info *req_from,
				struct sip_dest *out);

/* Stateless send of a response: route it (sip_transport_response_dest), print it,
 * send it.  req_from may be NULL (a stateless proxy forwarding a response).
 * Returns 0, EINVAL, EHOSTUNREACH, ENOMEM or the sender's errno. */
int sip_transport_send_response(struct sip_transport *t, const struct sip_msg *resp,
				const struct sip_recv_info *req_from);

/* Reports a transport failure to the layer above (§18.4): the wiring calls it for an
 * ICMP error or a failed/reset TCP connection. */
void sip_transport_report_error(struct sip_transport *t, const struct sip_dest *where, int err);

#endif
