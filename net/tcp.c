/* net/tcp.c - a TCP endpoint: listening, accepting, connecting and finding
 * connections by their far-end address (see tcp.h).
 *
 * Implements the connection management of RFC 3261 §18 (connections indexed by the
 * far end's address and port, shared by client and server transactions, reused for
 * responses per §18.2.2 and for requests per §18.1.1).
 * Leaves out: picking the transport (that is the SIP transport's §18.1.1 size rule),
 * TLS, accept back-off when the process runs out of descriptors (accept errors are
 * logged and retried at the next turn).
 */
#include "net/tcp_internal.h"
#include "net/sock_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ACCEPTS_PER_EVENT 16  /* bounded, like every read loop of the poll loop */

static void on_listen_ready(void *arg, int fd, unsigned events);

static int start_listening(struct net_tcp *t, const struct net_addr *addr)
{
	int one = 1;
	int err = net_sock_open(net_addr_family(addr), SOCK_STREAM, &t->listen_fd);

	if (err != 0)
		return err;
	/* a restarted server may bind while old connections sit in TIME_WAIT */
	(void)setsockopt(t->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	err = net_sock_bind(t->listen_fd, addr);
	if (err == 0 && listen(t->listen_fd, SOMAXCONN) != 0)
		err = errno;
	if (err == 0)
		err = net_sock_local(t->listen_fd, &t->local);
	if (err == 0)
		err = net_loop_watch(t->loop, t->listen_fd, NET_LOOP_READ, on_listen_ready, t);
	return err;
}

int net_tcp_open(struct net_tcp **out, struct net_loop *loop, const struct net_addr *listen_addr,
		 const struct net_tcp_config *cfg, const struct net_tcp_handler *h)
{
	struct net_tcp *t;
	int err = 0;

	*out = NULL;
	if (loop == NULL || h == NULL || h->on_data == NULL)
		return EINVAL;
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return ENOBUFS;
	t->loop = loop;
	t->listen_fd = -1;
	t->h = *h;
	if (cfg != NULL)
		t->cfg = *cfg;
	if (t->cfg.max_conns == 0)
		t->cfg.max_conns = NET_TCP_MAX_CONNS;
	if (listen_addr != NULL)
		err = start_listening(t, listen_addr);
	if (err != 0) {
		net_tcp_close(t);
		return err;
	}
	*out = t;
	return 0;
}

void net_tcp_close(struct net_tcp *t)
{
	if (t == NULL)
		return;
	while (t->conns != NULL)
		net_tcp_conn_destroy(t->conns);
	if (t->listen_fd >= 0) {
		net_loop_unwatch(t->loop, t->listen_fd);
		close(t->listen_fd);
	}
	free(t);
}

const struct net_addr *net_tcp_local(const struct net_tcp *t)
{
	return t->listen_fd >= 0 ? &t->local : NULL;
}

size_t net_tcp_count(const struct net_tcp *t)
{
	return t->count;
}

/* ------------------------------------------------------------------ accepting */

static void accept_one(struct net_tcp *t, int fd, const struct sockaddr_storage *ss,
		       socklen_t len)
{
	struct net_addr remote;
	struct net_tcp_conn *c;

	/* RFC3261 18: "When the connection is accepted by the transport layer, this index
	 * is set to the source IP address, port number, and transport." */
	if (net_addr_from_sockaddr(&remote, ss, len) != 0 || net_sock_prepare(fd) != 0) {
		close(fd);
		return;
	}
	if (t->count >= t->cfg.max_conns) {
		net_log_printf(&t->loop->log, NET_LOG_WARN, "tcp",
			       "refusing a connection: limit of %zu reached", t->cfg.max_conns);
		close(fd);
		return;
	}
	c = net_tcp_conn_new(t, fd, true, &remote);
	if (c != NULL)
		net_tcp_conn_notify_open(c);
}

static void on_listen_ready(void *arg, int fd, unsigned events)
{
	struct net_tcp *t = arg;

	(void)events;
	for (int i = 0; i < ACCEPTS_PER_EVENT; i++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int cfd = accept(fd, (struct sockaddr *)&ss, &len);

		if (cfd >= 0) {
			accept_one(t, cfd, &ss, len);
		} else if (errno == EAGAIN || errno == EWOULDBLOCK) {
			return;
		} else if (errno != EINTR && errno != ECONNABORTED) {
			net_log_printf(&t->loop->log, NET_LOG_ERROR, "tcp", "accept: %s",
				       strerror(errno));
			return;
		}
	}
}

/* ------------------------------------------------------------------ connecting */

/* Outgoing connections leave from the listener's IP when it has a specific one, so
 * that the peer sees the same address in the packets as in our Via and Contact. */
static int bind_source(const struct net_tcp *t, int fd, const struct net_addr *to)
{
	struct net_addr src;

	if (t->listen_fd < 0 || net_addr_is_any(&t->local) ||
	    net_addr_family(&t->local) != net_addr_family(to))
		return 0;
	src = t->local;
	net_addr_set_port(&src, 0);
	return net_sock_bind(fd, &src);
}

int net_tcp_connect(struct net_tcp *t, const struct net_addr *to, struct net_tcp_conn **out)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd = -1, err;

	*out = NULL;
	if (net_addr_to_sockaddr(to, &ss, &len) != 0)
		return EINVAL;
	if (t->count >= t->cfg.max_conns)
		return ENOBUFS;
	err = net_sock_open(net_addr_family(to), SOCK_STREAM, &fd);
	if (err == 0)
		err = bind_source(t, fd, to);
	if (err != 0) {
		if (fd >= 0)
			close(fd);
		return err;
	}
	/* RFC3261 18: "When a connection is opened by the transport layer, this index is
	 * set to the destination IP, port and transport." */
	struct net_tcp_conn *c = net_tcp_conn_new(t, fd, false, to);

	if (c == NULL)
		return ENOBUFS;
	if (connect(fd, (struct sockaddr *)&ss, len) != 0 && errno != EINPROGRESS &&
	    errno != EINTR)
		net_tcp_conn_fail_later(c, errno);  /* reported like any later failure */
	(void)net_sock_local(fd, &c->local);
	*out = c;
	return 0;
}

/* ------------------------------------------------------------------ lookup */

struct net_tcp_conn *net_tcp_find(const struct net_tcp *t, const struct net_addr *remote)
{
	for (struct net_tcp_conn *c = t->conns; c != NULL; c = c->next)
		if (c->pending_err == 0 && net_addr_equal(&c->remote, remote))
			return c;
	return NULL;
}

struct net_tcp_conn *net_tcp_find_id(const struct net_tcp *t, uint64_t id)
{
	for (struct net_tcp_conn *c = t->conns; c != NULL; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

int net_tcp_send_to(struct net_tcp *t, const struct net_addr *to, const void *data, size_t len,
		    struct net_tcp_conn **used)
{
	/* RFC3261 18.1.1: "If a request is destined to an IP address, port, and transport
	 * to which an existing connection is open, it is RECOMMENDED that this connection
	 * be used to send the request, but another connection MAY be opened and used." */
	struct net_tcp_conn *c = net_tcp_find(t, to);

	if (used != NULL)
		*used = NULL;
	if (c == NULL) {
		int err = net_tcp_connect(t, to, &c);

		if (err != 0)
			return err;
	}
	if (used != NULL)
		*used = c;
	return net_tcp_conn_send(c, data, len);
}
