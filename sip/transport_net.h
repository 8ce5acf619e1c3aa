/* sip/transport_net.h - the SIP transport on real sockets: net/udp + net/tcp on a
 * net/loop (RFC 3261 §18, §18.2.1 "For any port and interface that a server listens
 * on for UDP, it MUST listen on that same port and interface for TCP").
 *
 * The transport layer (sip/transport.h) owns no socket; this module is the wiring the
 * demos use, kept in the library so the loopback tests prove exactly that wiring.  It
 * never calls the socket API itself: net/udp and net/tcp do.  It
 *  - opens a UDP socket and a TCP listener on the same address and port;
 *  - provides the send function of the environment: UDP datagrams, TCP on the
 *    connection a message names (§18.2.2: the response on the request's connection)
 *    or on the open connection to that address, else a new one (§18.1.1 reuse);
 *  - hands every datagram and every TCP byte to sip_transport_recv, and closes a
 *    connection whose stream cannot be framed (§18.3);
 *  - reports ICMP errors and failed or reset connections to the transactions
 *    (sip_transport_report_error, §18.4).
 *
 *     struct sip_transport_net *sn;
 *     sip_transport_net_open(&sn, loop, &addr, NULL);   // binds UDP and TCP
 *     sip_transport_net_env(sn, &env);                  // timers, send
 *     env.log = ...; env.rand = ...;
 *     cfg.udp = *sip_transport_net_local(sn); cfg.tcp = cfg.udp;
 *     sip_transport_create(&t, &env, &cfg);
 *     sip_transport_net_attach(sn, t);                  // received bytes go to t
 *
 * Leaves out: TLS, several listening addresses per transport (open one per address),
 * RFC 5626 keep-alives.
 */
#ifndef SIP_TRANSPORT_NET_H
#define SIP_TRANSPORT_NET_H

#include "net/addr.h"
#include "net/loop.h"
#include "net/tcp.h"
#include "net/udp.h"
#include "sip/transport.h"

/* RFC3261 18: connections kept open "at least 64*T1" after their last message; twice
 * that with the default T1. */
#define SIP_TRANSPORT_NET_IDLE_US 64000000u

struct sip_transport_net;

/* Binds UDP and TCP on `local` (port 0: one free port for both).  tcp_cfg NULL means
 * idle close after SIP_TRANSPORT_NET_IDLE_US.  Returns 0 or the socket errno. */
int sip_transport_net_open(struct sip_transport_net **out, struct net_loop *loop,
			   const struct net_addr *local, const struct net_tcp_config *tcp_cfg);

/* Closes both sockets and every connection.  Not from one of their callbacks.  NULL is
 * ignored. */
void sip_transport_net_close(struct sip_transport_net *n);

/* The bound address (UDP and TCP share it). */
const struct net_addr *sip_transport_net_local(const struct sip_transport_net *n);

/* Sets env->timers (the loop's), env->send and env->send_arg; leaves log and rand. */
void sip_transport_net_env(struct sip_transport_net *n, struct sip_env *env);

/* Received bytes and network errors go to `t` from now on (NULL: dropped). */
void sip_transport_net_attach(struct sip_transport_net *n, struct sip_transport *t);

/* The TCP endpoint, for tests and statistics (connections open). */
struct net_tcp *sip_transport_net_tcp(const struct sip_transport_net *n);

#endif
