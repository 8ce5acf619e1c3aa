/* net/udp.c - UDP sockets on the poll loop (see udp.h).
 *
 * Implements the datagram half of RFC 3261 §18 (receive whole datagrams up to 65,535
 * bytes with their source; §18.4 ICMP errors reported upward, Linux only).
 * Leaves out: multicast, per-destination send queues.
 */
#include "net/udp.h"
#include "net/sock_internal.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>  /* before linux/errqueue.h, which uses struct timespec */
#include <unistd.h>
#if defined(__linux__)
#include <linux/errqueue.h>
#endif

/* Datagrams read per readiness event: bounded so that one flooded socket cannot keep
 * the loop from serving the others. */
#define UDP_READS_PER_EVENT 64

struct net_udp {
	int fd;                          /* owned */
	struct net_loop *loop;           /* borrowed; NULL when the caller polls */
	struct net_udp_handler h;        /* copy of the caller's callbacks */
	struct net_addr local;           /* bound address with its real port */
	bool in_callback;                /* a handler callback is running */
	bool closed;                     /* net_udp_close ran during a callback */
	uint8_t buf[NET_UDP_MAX_DATAGRAM + 1];  /* one extra byte detects oversize input */
};

static void on_ready(void *arg, int fd, unsigned events);

/* Asks Linux to queue ICMP errors on the socket instead of dropping them. */
static void enable_icmp_errors(int fd, int family)
{
#if defined(__linux__)
	int one = 1;

	if (family == AF_INET)
		(void)setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one));
	else
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof(one));
#else
	(void)fd;
	(void)family;
#endif
}

static int open_socket(struct net_udp *u, const struct net_addr *local)
{
	int err = net_sock_open(net_addr_family(local), SOCK_DGRAM, &u->fd);

	if (err != 0)
		return err;
	if (u->loop != NULL)  /* without a loop nobody drains the error queue */
		enable_icmp_errors(u->fd, net_addr_family(local));
	err = net_sock_bind(u->fd, local);
	if (err == 0)
		err = net_sock_local(u->fd, &u->local);
	if (err == 0 && u->loop != NULL)
		err = net_loop_watch(u->loop, u->fd, NET_LOOP_READ, on_ready, u);
	return err;
}

int net_udp_open(struct net_udp **out, struct net_loop *loop, const struct net_addr *local,
		 const struct net_udp_handler *h)
{
	struct net_udp *u;
	int err;

	*out = NULL;
	if (local == NULL || (loop != NULL && (h == NULL || h->on_recv == NULL)))
		return EINVAL;
	u = calloc(1, sizeof(*u));
	if (u == NULL)
		return ENOBUFS;
	u->fd = -1;
	u->loop = loop;
	if (h != NULL)
		u->h = *h;
	err = open_socket(u, local);
	if (err != 0) {
		if (u->fd >= 0)
			close(u->fd);
		free(u);
		return err;
	}
	*out = u;
	return 0;
}

void net_udp_close(struct net_udp *u)
{
	if (u == NULL || u->closed)
		return;
	if (u->loop != NULL)
		net_loop_unwatch(u->loop, u->fd);
	close(u->fd);
	u->fd = -1;
	u->closed = true;
	if (!u->in_callback)
		free(u);
}

int net_udp_send(struct net_udp *u, const struct net_addr *to, const void *data, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sslen;

	if (net_addr_family(to) != net_addr_family(&u->local))
		return EAFNOSUPPORT;
	if (net_addr_to_sockaddr(to, &ss, &sslen) != 0)
		return EINVAL;
	for (;;) {
		ssize_t n = sendto(u->fd, data, len, 0, (struct sockaddr *)&ss, sslen);

		if (n >= 0)
			return (size_t)n == len ? 0 : EMSGSIZE;
		if (errno != EINTR)
			return errno;
	}
}

int net_udp_recv(struct net_udp *u, void *buf, size_t cap, size_t *len,
		 struct net_addr *from)
{
	struct sockaddr_storage ss;
	struct iovec iov = { buf, cap };
	struct msghdr msg = { .msg_name = &ss, .msg_namelen = sizeof(ss), .msg_iov = &iov,
			      .msg_iovlen = 1 };
	ssize_t n;

	do {
		n = recvmsg(u->fd, &msg, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? EAGAIN : errno;
	if ((msg.msg_flags & MSG_TRUNC) != 0)  /* the rest of the datagram is gone */
		return EMSGSIZE;
	*len = (size_t)n;
	return net_addr_from_sockaddr(from, &ss, msg.msg_namelen);
}

const struct net_addr *net_udp_local(const struct net_udp *u)
{
	return &u->local;
}

int net_udp_fd(const struct net_udp *u)
{
	return u->fd;
}

/* ------------------------------------------------------------------ ICMP errors */

#if defined(__linux__)
/* RFC3261 18.4: "Source quench and TTL exceeded ICMP errors SHOULD be ignored." */
static bool icmp_error_ignored(const struct sock_extended_err *ee)
{
	if (ee->ee_origin == SO_EE_ORIGIN_ICMP)
		return ee->ee_type == 4 || ee->ee_type == 11;  /* source quench, time exceeded */
	if (ee->ee_origin == SO_EE_ORIGIN_ICMP6)
		return ee->ee_type == 3;                       /* time exceeded */
	return false;
}

/* Reads one queued error.  Returns false when the queue is empty. */
static bool read_one_error(struct net_udp *u)
{
	struct sockaddr_storage ss;
	union { char buf[512]; struct cmsghdr align; } ctl;
	uint8_t dummy[1];
	struct iovec iov = { dummy, sizeof(dummy) };
	struct msghdr msg = { .msg_name = &ss, .msg_namelen = sizeof(ss), .msg_iov = &iov,
			      .msg_iovlen = 1, .msg_control = ctl.buf,
			      .msg_controllen = sizeof(ctl.buf) };
	struct net_addr dest;

	if (recvmsg(u->fd, &msg, MSG_ERRQUEUE) < 0)
		return false;
	if (net_addr_from_sockaddr(&dest, &ss, msg.msg_namelen) != 0)
		memset(&dest, 0, sizeof(dest));
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL && !u->closed;
	     c = CMSG_NXTHDR(&msg, c)) {
		struct sock_extended_err ee;

		if (!((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR) ||
		      (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR)))
			continue;
		memcpy(&ee, CMSG_DATA(c), sizeof(ee));
		if (icmp_error_ignored(&ee))
			continue;
		char text[NET_ADDR_STRLEN] = "?";

		net_addr_format(&dest, text, sizeof(text));
		net_log_printf(&u->loop->log, NET_LOG_WARN, "udp", "ICMP error for a datagram "
			       "to %s: %s", text, strerror((int)ee.ee_errno));
		if (u->h.on_error != NULL)
			u->h.on_error(u->h.arg, u, (int)ee.ee_errno, &dest);
	}
	return true;
}
#endif

static void read_errors(struct net_udp *u)
{
#if defined(__linux__)
	for (int i = 0; i < UDP_READS_PER_EVENT && !u->closed && read_one_error(u); i++)
		continue;
#else
	(void)u;
#endif
}

/* ------------------------------------------------------------------ receiving */

static void read_datagrams(struct net_udp *u)
{
	struct net_addr from;
	size_t len;

	for (int i = 0; i < UDP_READS_PER_EVENT && !u->closed; i++) {
		int err = net_udp_recv(u, u->buf, sizeof(u->buf), &len, &from);

		if (err == EMSGSIZE) {
			net_log_printf(&u->loop->log, NET_LOG_WARN, "udp",
				       "dropped a datagram larger than %d bytes", NET_UDP_MAX_DATAGRAM);
			continue;
		}
		if (err != 0)
			break;  /* EAGAIN: drained; an error left by ICMP was read above */
		u->h.on_recv(u->h.arg, u, u->buf, len, &from);
	}
}

static void on_ready(void *arg, int fd, unsigned events)
{
	struct net_udp *u = arg;

	(void)fd;
	u->in_callback = true;
	if ((events & NET_LOOP_ERROR) != 0)
		read_errors(u);
	if ((events & NET_LOOP_READ) != 0 && !u->closed)
		read_datagrams(u);
	u->in_callback = false;
	if (u->closed)
		free(u);
}
