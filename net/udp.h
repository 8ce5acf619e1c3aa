/* net/udp.h - a UDP socket on the poll loop (SIP over UDP, RTP and RTCP).
 *
 * Open one with a local address (port 0 picks any free port; net_udp_local tells
 * which), hand it a receive callback, and send datagrams to any address of the same
 * family.  Every datagram that arrives is passed up whole with its source address:
 * RFC 3261 §18.2.1 needs that address for the Via "received" parameter and §18.2.2
 * sends the response back to it.
 *
 * RFC 3261 §18.4: "Host, network, port or protocol unreachable errors, or parameter
 * problem errors SHOULD cause the transport layer to inform the transport user of a
 * failure in sending."  On Linux a socket on a loop asks the kernel for its ICMP
 * errors (IP_RECVERR) and each one reaches on_error with the destination it concerns
 * (ECONNREFUSED for "port unreachable").  Elsewhere, and for sockets without a loop,
 * no ICMP error is reported.
 *
 * Leaves out: multicast (RFC 3261 §18.1.1 maddr/ttl), connected UDP sockets, sending
 * queues (a datagram the kernel refuses is lost, as UDP allows; the SIP transaction
 * layer retransmits), fragmentation policy (§18.1.1's 1300-byte rule belongs to the
 * SIP transport, which picks TCP for large requests).
 */
#ifndef NET_UDP_H
#define NET_UDP_H

#include "net/addr.h"
#include "net/loop.h"

#include <stddef.h>
#include <stdint.h>

/* RFC3261 18.1.1: "implementations MUST be able to handle messages up to the maximum
 * datagram packet size.  For UDP, this size is 65,535 bytes, including IP and UDP
 * headers."  Every socket can receive that much. */
#define NET_UDP_MAX_DATAGRAM 65535

struct net_udp;

/* One datagram arrived.  `data` and `from` are valid only during the call. */
typedef void (*net_udp_recv_cb)(void *arg, struct net_udp *u, const uint8_t *data,
				size_t len, const struct net_addr *from);

/* An ICMP error came back for a datagram sent to `dest` (err: ECONNREFUSED,
 * EHOSTUNREACH, ENETUNREACH...). */
typedef void (*net_udp_error_cb)(void *arg, struct net_udp *u, int err,
				 const struct net_addr *dest);

struct net_udp_handler {
	net_udp_recv_cb on_recv;    /* required when the socket is on a loop */
	net_udp_error_cb on_error;  /* may be NULL: errors are then only logged */
	void *arg;                  /* passed to both; owned by the caller */
};

/* Opens a UDP socket bound to `local` and, if `loop` is not NULL, watches it there
 * (every datagram then goes to h->on_recv).  With loop NULL the caller reads with
 * net_udp_recv and `h` may be NULL.  The handler is copied.  *out is owned by the
 * caller and freed by net_udp_close.  Returns 0, EINVAL, EADDRINUSE, EADDRNOTAVAIL,
 * EAFNOSUPPORT, ENOBUFS or another socket errno. */
int net_udp_open(struct net_udp **out, struct net_loop *loop, const struct net_addr *local,
		 const struct net_udp_handler *h);

/* Unwatches and closes the socket and frees it.  Safe inside its own callbacks (the
 * memory is released when the callback returns).  NULL is ignored. */
void net_udp_close(struct net_udp *u);

/* Sends one datagram.  Returns 0; EAFNOSUPPORT if `to` is of the other family;
 * EMSGSIZE if it cannot fit one datagram; EAGAIN/ENOBUFS if the kernel has no room
 * (the datagram is lost); or another errno. */
int net_udp_send(struct net_udp *u, const struct net_addr *to, const void *data, size_t len);

/* Reads one waiting datagram into buf: *len gets its size, *from its source.
 * Returns 0, EAGAIN if none is waiting, EMSGSIZE if it was longer than `cap` (the
 * datagram is then dropped), or another errno.  For sockets opened without a loop. */
int net_udp_recv(struct net_udp *u, void *buf, size_t cap, size_t *len,
		 struct net_addr *from);

/* The bound address, with the real port when `local` asked for port 0. */
const struct net_addr *net_udp_local(const struct net_udp *u);

/* The descriptor, for callers that poll it themselves.  Do not close it. */
int net_udp_fd(const struct net_udp *u);

#endif
