/* net/tcp.h - TCP connections on the poll loop, shared and reused as RFC 3261 §18 asks.
 *
 * A `struct net_tcp` is one TCP endpoint: an optional listening socket plus every
 * connection it accepted or opened.  RFC 3261 §18: "These connections are indexed by
 * the tuple formed from the address, port, and transport protocol at the far end of
 * the connection.  When a connection is opened by the transport layer, this index is
 * set to the destination IP, port and transport.  When the connection is accepted by
 * the transport layer, this index is set to the source IP address, port number, and
 * transport."  net_tcp_find looks a connection up by that far-end address, so
 *  - a response goes back on the connection its request came in on (§18.2.2), and
 *  - a later request to the same peer reuses an open connection (§18.1.1).
 *
 * This layer does not know SIP.  It hands every byte received on a connection to
 * on_data, which returns how many bytes it consumed (whole messages framed by their
 * Content-Length, §18.3); the rest stays buffered and is presented again, followed by
 * the next bytes.  On a framing error the upper layer closes the connection with
 * net_tcp_conn_close.
 *
 * Errors travel upward through on_close: a peer that closes (err 0), refuses
 * (ECONNREFUSED) or resets (ECONNRESET) the connection, an idle timeout (ETIMEDOUT,
 * also for a connect that did not finish in that time), a full receive buffer
 * (ENOBUFS).  on_close is called exactly once for each connection that ends for a
 * reason the upper layer did not choose; never for net_tcp_conn_close or
 * net_tcp_close.  After on_close returns, the connection pointer is dead: keep a
 * connection's id (net_tcp_conn_id) and look it up with net_tcp_find_id instead of
 * keeping the pointer across turns.
 *
 * RFC 3261 §18: "It is RECOMMENDED that connections be kept open for some
 * implementation-defined duration after the last message was sent or received over
 * that connection.  This duration SHOULD at least equal the longest amount of time
 * the element would need in order to bring a transaction from instantiation to the
 * terminated state."  That duration is net_tcp_config.idle_us (64*T1 = 32 s at least);
 * the idle check runs on the loop's timer list, so a test drives it with a fake clock.
 *
 * Leaves out: TLS, SCTP, RFC 5626 keep-alives (the upper layer consumes CRLFs itself),
 * graceful half-close (a peer's FIN closes the connection), lookups faster than a
 * linear scan (fine for the hundreds of connections a teaching server sees).
 */
#ifndef NET_TCP_H
#define NET_TCP_H

#include "net/addr.h"
#include "net/loop.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NET_TCP_MAX_CONNS 1024         /* default connection limit of one endpoint */
#define NET_TCP_RX_MAX (256u * 1024)   /* bytes received but not consumed, per connection */
#define NET_TCP_TX_MAX (1024u * 1024)  /* bytes queued but not sent, per connection */

struct net_tcp;
struct net_tcp_conn;

/* The connection is established: accepted, or our connect finished. */
typedef void (*net_tcp_open_cb)(void *arg, struct net_tcp_conn *c);

/* `data` holds every byte received and not consumed yet, oldest first.  Return how
 * many leading bytes were consumed (0..len).  Valid only during the call. */
typedef size_t (*net_tcp_data_cb)(void *arg, struct net_tcp_conn *c, const uint8_t *data,
				  size_t len);

/* The connection ended for a reason the upper layer did not choose (see banner). */
typedef void (*net_tcp_close_cb)(void *arg, struct net_tcp_conn *c, int err);

struct net_tcp_handler {
	net_tcp_open_cb on_open;    /* may be NULL */
	net_tcp_data_cb on_data;    /* required */
	net_tcp_close_cb on_close;  /* may be NULL */
	void *arg;                  /* passed to all three; owned by the caller */
};

struct net_tcp_config {
	uint64_t idle_us;  /* close after this long without a byte sent or received; 0: never */
	size_t max_conns;  /* connections at once; 0: NET_TCP_MAX_CONNS */
};

/* Creates an endpoint on `loop`.  If `listen_addr` is not NULL it listens there (port
 * 0: any free port, see net_tcp_local); outgoing connections then leave from its IP
 * when it is not the wildcard.  cfg NULL means defaults (never idle-close).  The
 * handler and config are copied.  Returns 0, EINVAL, EADDRINUSE, ENOBUFS or another
 * socket errno. */
int net_tcp_open(struct net_tcp **out, struct net_loop *loop, const struct net_addr *listen_addr,
		 const struct net_tcp_config *cfg, const struct net_tcp_handler *h);

/* Closes the listener and every connection (no callbacks, unsent bytes dropped) and
 * frees the endpoint.  Not from inside one of its own callbacks.  NULL is ignored. */
void net_tcp_close(struct net_tcp *t);

/* The listening address with its real port; NULL for an endpoint without listener. */
const struct net_addr *net_tcp_local(const struct net_tcp *t);

/* Number of open connections (connecting ones included). */
size_t net_tcp_count(const struct net_tcp *t);

/* Starts a connection to `to`; bytes sent before it is established are queued.  The
 * outcome arrives later: on_open, or on_close with ECONNREFUSED/ETIMEDOUT/...
 * Returns 0 and the new connection in *out, or (and *out is NULL) EINVAL,
 * EAFNOSUPPORT, ENOBUFS (connection limit) or a socket errno. */
int net_tcp_connect(struct net_tcp *t, const struct net_addr *to, struct net_tcp_conn **out);

/* The open connection whose far end is `remote` (the §18 index), or NULL.  When
 * several match, the most recently opened. */
struct net_tcp_conn *net_tcp_find(const struct net_tcp *t, const struct net_addr *remote);

/* The open connection with this id, or NULL if it has closed since. */
struct net_tcp_conn *net_tcp_find_id(const struct net_tcp *t, uint64_t id);

/* RFC 3261 §18.1.1 in one call: sends on the open connection to `to`, or opens one.
 * *used (if not NULL) gets the connection.  Returns what net_tcp_connect or
 * net_tcp_conn_send return. */
int net_tcp_send_to(struct net_tcp *t, const struct net_addr *to, const void *data, size_t len,
		    struct net_tcp_conn **used);

/* Sends (or queues) `len` bytes; all or nothing.  Returns 0, ENOBUFS if the send
 * queue would exceed NET_TCP_TX_MAX (nothing is sent), or the errno of a failed
 * write (EPIPE, ECONNRESET...): the connection is then closed and on_close reports
 * the same error at the next turn of the loop. */
int net_tcp_conn_send(struct net_tcp_conn *c, const void *data, size_t len);

/* Closes the connection now (e.g. after a framing error); queued bytes are dropped and
 * on_close is not called.  The pointer is dead afterwards, except inside a callback
 * of this connection: there the memory lives until the callback returns (and closing
 * it again does nothing). */
void net_tcp_conn_close(struct net_tcp_conn *c);

uint64_t net_tcp_conn_id(const struct net_tcp_conn *c);  /* 1, 2, 3...; never reused */
const struct net_addr *net_tcp_conn_remote(const struct net_tcp_conn *c);  /* §18 index */
const struct net_addr *net_tcp_conn_local(const struct net_tcp_conn *c);
bool net_tcp_conn_is_inbound(const struct net_tcp_conn *c);    /* accepted, not opened */
bool net_tcp_conn_is_connected(const struct net_tcp_conn *c);  /* established */
size_t net_tcp_conn_pending(const struct net_tcp_conn *c);     /* bytes queued unsent */

/* One pointer of upper-layer state per connection (e.g. the SIP transport's). */
void net_tcp_conn_set_user(struct net_tcp_conn *c, void *user);
void *net_tcp_conn_user(const struct net_tcp_conn *c);

#endif
