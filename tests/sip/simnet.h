/* tests/sip/simnet.h - an in-memory network for scenario tests of whole SIP stacks.
 *
 * N nodes, each with a name and an address, exchange SIP messages on one virtual
 * clock.  Each node hands its stack a struct sip_env (simnet_node_env): timers on the
 * shared list, a send function that puts the message on the simulated wire, a log
 * hook, a random source seeded per node.  The network delivers a message after the
 * link's latency (equal latencies keep the order), drops what the test asked it to
 * drop, and records the ladder: every message with the time it was sent, sender,
 * receiver, transport, first line, and whether it was lost.  A test then asserts the
 * whole ladder:
 *
 *     static const char *const ladder[] = {
 *             "0.000000 alice -> bob UDP OPTIONS sip:bob@192.0.2.2 SIP/2.0 (dropped)",
 *             "0.500000 alice -> bob UDP OPTIONS sip:bob@192.0.2.2 SIP/2.0",
 *             "0.510000 bob -> alice UDP SIP/2.0 200 OK",
 *             NULL };
 *     CU_ASSERT_TRUE(simnet_ladder_expect(net, ladder));
 *
 * TCP between two nodes is one reliable connection per pair (its id is reported to
 * the stack); a TCP message to an address with no node fails at once (ECONNREFUSED).
 * A UDP message to nobody is lost and shown as "(nobody)".
 *
 * For the UA, registrar and proxy scenario tests as much as for the transaction tests.
 * Every tests/sip binary links this file, so every name starts with simnet_.
 */
#ifndef TESTS_SIP_SIMNET_H
#define TESTS_SIP_SIMNET_H

#include "net/addr.h"
#include "net/timer.h"
#include "sip/transport.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIMNET_MAX_NODES 16
#define SIMNET_MAX_RULES 32
#define SIMNET_MAX_ARROWS 1024

struct simnet;
struct simnet_node;

/* Bytes for a node: how they came (proto, source, local address, connection). */
typedef void (*simnet_recv_cb)(void *arg, const struct sip_recv_info *from, const char *data,
			       size_t len);

/* One message on the ladder. */
struct simnet_arrow {
	uint64_t sent_us;       /* virtual time it left */
	uint64_t recv_us;       /* virtual time it arrived (sent_us + latency) */
	const char *from;       /* node names; "?" for an address with no node */
	const char *to;
	enum sip_proto proto;
	char line[128];         /* first line of the message */
	bool dropped;           /* lost on purpose (simnet_drop, simnet_loss) */
	bool nobody;            /* no node at the destination */
};

/* A network whose clock reads 0.  seed drives simnet_loss and the nodes' random
 * sources.  Returns 0 or ENOMEM. */
int simnet_create(struct simnet **out, uint64_t seed);

/* Frees the network and every message still in flight.  The stacks on the nodes must
 * be destroyed first (their timers live on the network's list). */
void simnet_destroy(struct simnet *n);

struct net_timer_list *simnet_timers(struct simnet *n);
uint64_t simnet_now(const struct simnet *n);

/* A node named `name` (copied) at `addr` ("192.0.2.1:5060"; the same address serves UDP
 * and TCP).  NULL if the address does not parse or the network is full. */
struct simnet_node *simnet_node_add(struct simnet *n, const char *name, const char *addr);

const struct net_addr *simnet_node_addr(const struct simnet_node *node);
const char *simnet_node_name(const struct simnet_node *node);

/* Fills `env` for a stack running on this node. */
void simnet_node_env(struct simnet_node *node, struct sip_env *env);

/* Where the node's incoming bytes go: a callback, or a transport (sip_transport_recv). */
void simnet_node_set_recv(struct simnet_node *node, simnet_recv_cb cb, void *arg);
void simnet_node_attach(struct simnet_node *node, struct sip_transport *t);

/* One-way latency from `from` to `to` (node names; NULL for all); later calls win
 * over earlier ones where they overlap.  Default: 0 (delivered at the same instant,
 * after the sender's own work). */
void simnet_latency(struct simnet *n, const char *from, const char *to, uint64_t us);

/* Drops the `nth` message (1-based) that goes from `from` to `to` (NULL: any) and
 * whose first line starts with `prefix` (NULL: any).  Returns 0 or ENOBUFS. */
int simnet_drop(struct simnet *n, const char *from, const char *to, const char *prefix,
		unsigned nth);

/* Loses each UDP message with probability percent/100, drawn from the seed. */
void simnet_loss(struct simnet *n, unsigned percent);

/* Moves the clock to `until_us`, delivering messages and firing timers on the way. */
void simnet_run(struct simnet *n, uint64_t until_us);

size_t simnet_ladder_len(const struct simnet *n);
const struct simnet_arrow *simnet_ladder(const struct simnet *n, size_t i);

/* Arrow i as "0.500000 alice -> bob UDP OPTIONS sip:bob@192.0.2.2 SIP/2.0" plus
 * " (dropped)" or " (nobody)".  Returns buf. */
const char *simnet_arrow_format(const struct simnet *n, size_t i, char *buf, size_t cap);

/* True when the ladder is exactly `expected` (NULL-terminated array of lines in the
 * format above); otherwise prints both ladders and returns false. */
bool simnet_ladder_expect(const struct simnet *n, const char *const *expected);

/* Prints the ladder (for writing a test, or a failing one). */
void simnet_ladder_print(const struct simnet *n);

/* Every log line of every node, "name layer: line\n" (valid until the next log). */
const char *simnet_log(const struct simnet *n);
bool simnet_log_has(const struct simnet *n, const char *needle);

#endif
