/* net/sock_internal.h - socket chores shared by net/udp.c and net/tcp.c.
 *
 * Every socket siplab opens is non-blocking (the poll loop decides when to read),
 * close-on-exec, and for IPv6 "IPv6 only": an IPv4 peer never shows up as a mapped
 * ::ffff:a.b.c.d address, so a server that wants both families opens one socket of
 * each and addresses compare simply.
 */
#ifndef NET_SOCK_INTERNAL_H
#define NET_SOCK_INTERNAL_H

#include "net/addr.h"

/* socket(family, type) made non-blocking, close-on-exec, IPv6-only for AF_INET6.
 * Returns 0 and the descriptor in *fd, or an errno (*fd is then -1). */
int net_sock_open(int family, int type, int *fd);

/* bind(fd, a).  Returns 0 or an errno (EADDRINUSE, EADDRNOTAVAIL...). */
int net_sock_bind(int fd, const struct net_addr *a);

/* getsockname into a net_addr.  Returns 0 or an errno. */
int net_sock_local(int fd, struct net_addr *a);

/* Makes an accepted descriptor non-blocking and close-on-exec. */
int net_sock_prepare(int fd);

#endif
