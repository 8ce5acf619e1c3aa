/* net/tcp_internal.h - what net/tcp.c (endpoint: listen, accept, connect, lookup) and
 * net/tcp_conn.c (one connection: read, write, idle timer, close) share.
 *
 * Lifetime of a connection: created by accept or connect, linked into its endpoint's
 * list, watched on the loop, given an idle timer.  It ends in conn_shutdown (unwatch,
 * close the fd, stop the timer, unlink: from then on net_tcp_find cannot return it).
 * Its memory is freed only when no callback of it is running (`busy` is 0), so the
 * upper layer may close a connection from inside its own on_data or on_open.
 */
#ifndef NET_TCP_INTERNAL_H
#define NET_TCP_INTERNAL_H

#include "net/tcp.h"
#include "net/timer.h"

struct net_tcp_conn {
	struct net_tcp *tcp;                /* owning endpoint, borrowed */
	struct net_tcp_conn *prev, *next;   /* in tcp->conns; NULL ends */
	int fd;                             /* owned; -1 once shut down */
	uint64_t id;                        /* unique within the endpoint, from 1 */
	struct net_addr remote;             /* far end: the RFC 3261 §18 index */
	struct net_addr local;              /* our end */
	bool inbound;                       /* accepted (true) or opened by us */
	bool connected;                     /* handshake finished */
	bool closed;                        /* shut down; freed when busy drops to 0 */
	unsigned busy;                      /* callbacks of this connection running now */
	int pending_err;                    /* a failure to report from the timer, or 0 */
	uint64_t last_active;               /* us on the loop clock: last byte in or out */
	struct net_timer timer;             /* idle check, and deferred failure report */
	uint8_t *rx;                        /* owned: received, not yet consumed */
	size_t rx_len, rx_cap;              /* bytes */
	uint8_t *tx;                        /* owned: tx[tx_off..tx_len) waits to be sent */
	size_t tx_off, tx_len, tx_cap;      /* bytes */
	void *user;                         /* upper layer's pointer, borrowed */
};

struct net_tcp {
	struct net_loop *loop;              /* borrowed */
	int listen_fd;                      /* owned; -1 without listener */
	struct net_addr local;              /* listening address (real port) */
	struct net_tcp_config cfg;          /* copy, defaults filled in */
	struct net_tcp_handler h;           /* copy */
	struct net_tcp_conn *conns;         /* list of open connections, newest first */
	size_t count;                       /* length of that list */
	uint64_t next_id;                   /* last id handed out */
};

/* Creates a connection around `fd` (taken over even on failure), links and watches it,
 * arms its idle timer.  Returns NULL on allocation failure (fd is then closed). */
struct net_tcp_conn *net_tcp_conn_new(struct net_tcp *t, int fd, bool inbound,
				      const struct net_addr *remote);

/* The endpoint tells the upper layer about an established connection. */
void net_tcp_conn_notify_open(struct net_tcp_conn *c);

/* Ends the connection for a reason the upper layer did not choose: on_close(err). */
void net_tcp_conn_fail(struct net_tcp_conn *c, int err);

/* Ends the connection silently and frees it (endpoint teardown; busy must be 0). */
void net_tcp_conn_destroy(struct net_tcp_conn *c);

/* Reports `err` through on_close at the next turn instead of from the caller's
 * stack (used when connect() or send() fails synchronously). */
void net_tcp_conn_fail_later(struct net_tcp_conn *c, int err);

#endif
