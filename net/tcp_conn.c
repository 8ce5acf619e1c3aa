/* net/tcp_conn.c - one TCP connection: reading into the upper layer, writing with a
 * send queue, the idle timer, and closing (see tcp.h and tcp_internal.h).
 *
 * Implements the connection-level parts of RFC 3261 §18: bytes go up unframed (the
 * SIP transport frames them, §18.3), failures go up through on_close (§18.4), and an
 * idle connection stays open for the configured time after its last byte (§18).
 * Leaves out: TCP keep-alive probes, half-close, urgent data.
 */
#include "net/tcp_internal.h"
#include "net/sock_internal.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define RX_FIRST_CAP 4096    /* bytes; the receive buffer doubles up to NET_TCP_RX_MAX */
#define READS_PER_EVENT 16   /* bounded, so one busy peer cannot starve the others */

static void on_conn_ready(void *arg, int fd, unsigned events);
static void on_conn_timer(struct net_timer *tm, void *arg);

static struct net_timer_list *timers(const struct net_tcp_conn *c)
{
	return net_loop_timers(c->tcp->loop);
}

static void touch(struct net_tcp_conn *c)
{
	c->last_active = net_loop_now(c->tcp->loop);
}

static void log_conn(const struct net_tcp_conn *c, enum net_log_level level, const char *what,
		     int err)
{
	char remote[NET_ADDR_STRLEN] = "?";

	net_addr_format(&c->remote, remote, sizeof(remote));
	net_log_printf(&c->tcp->loop->log, level, "tcp", "conn %llu %s %s%s%s",
		       (unsigned long long)c->id, remote, what, err != 0 ? ": " : "",
		       err != 0 ? strerror(err) : "");
}

struct net_tcp_conn *net_tcp_conn_new(struct net_tcp *t, int fd, bool inbound,
				      const struct net_addr *remote)
{
	struct net_tcp_conn *c = calloc(1, sizeof(*c));
	int one = 1;

	if (c == NULL || net_loop_watch(t->loop, fd, inbound ? NET_LOOP_READ : NET_LOOP_WRITE,
					on_conn_ready, c) != 0) {
		free(c);
		close(fd);
		return NULL;
	}
	/* SIP writes whole messages: no reason to let Nagle hold back the last segment */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->tcp = t;
	c->fd = fd;
	c->id = ++t->next_id;
	c->remote = *remote;
	c->inbound = inbound;
	c->connected = inbound;
	(void)net_sock_local(fd, &c->local);
	c->next = t->conns;
	if (t->conns != NULL)
		t->conns->prev = c;
	t->conns = c;
	t->count++;
	touch(c);
	net_timer_init(&c->timer, on_conn_timer, c);
	if (t->cfg.idle_us != 0)
		(void)net_timer_start(timers(c), &c->timer, t->cfg.idle_us);
	log_conn(c, NET_LOG_INFO, inbound ? "accepted" : "connecting", 0);
	return c;
}

/* Out of service at once: no more events, no more lookups.  Memory stays. */
static void conn_shutdown(struct net_tcp_conn *c)
{
	struct net_tcp *t = c->tcp;

	net_loop_unwatch(t->loop, c->fd);
	close(c->fd);
	c->fd = -1;
	net_timer_stop(timers(c), &c->timer);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		t->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
	t->count--;
	c->closed = true;
}

static void conn_maybe_free(struct net_tcp_conn *c)
{
	if (!c->closed || c->busy != 0)
		return;
	free(c->rx);
	free(c->tx);
	free(c);
}

void net_tcp_conn_fail(struct net_tcp_conn *c, int err)
{
	const struct net_tcp_handler *h = &c->tcp->h;

	if (c->closed)
		return;
	log_conn(c, err != 0 ? NET_LOG_WARN : NET_LOG_INFO,
		 err == ETIMEDOUT ? "timed out" : err != 0 ? "failed" : "closed by peer", err);
	conn_shutdown(c);
	c->busy++;
	if (h->on_close != NULL)
		h->on_close(h->arg, c, err);
	c->busy--;
	conn_maybe_free(c);
}

void net_tcp_conn_fail_later(struct net_tcp_conn *c, int err)
{
	c->pending_err = err;
	(void)net_loop_set_events(c->tcp->loop, c->fd, 0);
	(void)net_timer_start(timers(c), &c->timer, 0);
}

void net_tcp_conn_destroy(struct net_tcp_conn *c)
{
	if (!c->closed)
		conn_shutdown(c);
	conn_maybe_free(c);
}

void net_tcp_conn_close(struct net_tcp_conn *c)
{
	if (c->closed)
		return;
	log_conn(c, NET_LOG_INFO, "closed by upper layer", 0);
	conn_shutdown(c);
	conn_maybe_free(c);
}

void net_tcp_conn_notify_open(struct net_tcp_conn *c)
{
	const struct net_tcp_handler *h = &c->tcp->h;

	c->busy++;
	if (h->on_open != NULL)
		h->on_open(h->arg, c);
	c->busy--;
	conn_maybe_free(c);
}

/* ------------------------------------------------------------------ idle timer */

/* RFC3261 18: "It is RECOMMENDED that connections be kept open for some
 * implementation-defined duration after the last message was sent or received over
 * that connection."  Traffic does not restart the timer (that would cost a heap
 * operation per segment); the timer checks the last activity when it fires and
 * re-arms itself for the remainder. */
static void on_conn_timer(struct net_timer *tm, void *arg)
{
	struct net_tcp_conn *c = arg;
	uint64_t idle_us = c->tcp->cfg.idle_us;
	uint64_t quiet = net_loop_now(c->tcp->loop) - c->last_active;

	if (c->pending_err != 0)
		net_tcp_conn_fail(c, c->pending_err);
	else if (quiet >= idle_us)
		net_tcp_conn_fail(c, ETIMEDOUT);
	else
		(void)net_timer_start(timers(c), tm, idle_us - quiet);
}

/* ------------------------------------------------------------------ writing */

static void want_write(struct net_tcp_conn *c, bool on)
{
	(void)net_loop_set_events(c->tcp->loop, c->fd,
				  c->connected ? NET_LOOP_READ | (on ? NET_LOOP_WRITE : 0u)
					       : NET_LOOP_WRITE);
}

/* Appends to the send queue, first sliding out what was already sent. */
static int queue_bytes(struct net_tcp_conn *c, const uint8_t *data, size_t len)
{
	size_t pending = c->tx_len - c->tx_off;

	if (len > NET_TCP_TX_MAX - pending)
		return ENOBUFS;
	memmove(c->tx, c->tx + c->tx_off, pending);
	c->tx_off = 0;
	c->tx_len = pending;
	if (pending + len > c->tx_cap) {
		size_t cap = c->tx_cap != 0 ? c->tx_cap : RX_FIRST_CAP;

		while (cap < pending + len)
			cap *= 2;
		uint8_t *tx = realloc(c->tx, cap);

		if (tx == NULL)
			return ENOBUFS;
		c->tx = tx;
		c->tx_cap = cap;
	}
	memcpy(c->tx + c->tx_len, data, len);
	c->tx_len += len;
	return 0;
}

/* One send(); returns bytes written, 0 if the kernel has no room, or -errno. */
static long write_some(struct net_tcp_conn *c, const uint8_t *data, size_t len)
{
	for (;;) {
		ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);  /* EPIPE, not SIGPIPE */

		if (n >= 0)
			return (long)n;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		if (errno != EINTR)
			return -(long)errno;
	}
}

int net_tcp_conn_send(struct net_tcp_conn *c, const void *data, size_t len)
{
	size_t pending = c->tx_len - c->tx_off;
	size_t sent = 0;

	if (c->closed)
		return ENOTCONN;
	if (c->pending_err != 0)
		return c->pending_err;
	if (len > NET_TCP_TX_MAX - pending)
		return ENOBUFS;  /* checked first: half a message must never reach the wire */
	if (c->connected && pending == 0) {
		long n = write_some(c, data, len);

		if (n < 0) {
			net_tcp_conn_fail_later(c, (int)-n);
			return (int)-n;
		}
		sent = (size_t)n;
	}
	if (sent < len) {
		if (queue_bytes(c, (const uint8_t *)data + sent, len - sent) != 0) {
			net_tcp_conn_fail_later(c, ENOBUFS);  /* part of the message went out */
			return ENOBUFS;
		}
		want_write(c, true);
	}
	touch(c);
	return 0;
}

/* The socket has room: send from the queue until it is empty or full again. */
static void flush_queue(struct net_tcp_conn *c)
{
	while (c->tx_off < c->tx_len) {
		long n = write_some(c, c->tx + c->tx_off, c->tx_len - c->tx_off);

		if (n < 0) {
			net_tcp_conn_fail(c, (int)-n);
			return;
		}
		if (n == 0)
			return;
		c->tx_off += (size_t)n;
		touch(c);
	}
	c->tx_off = c->tx_len = 0;
	want_write(c, false);
}

/* ------------------------------------------------------------------ reading */

/* Hands every unconsumed byte to the upper layer and keeps what it leaves. */
static void deliver(struct net_tcp_conn *c)
{
	const struct net_tcp_handler *h = &c->tcp->h;
	size_t used = h->on_data(h->arg, c, c->rx, c->rx_len);

	if (c->closed)
		return;
	if (used > c->rx_len)
		used = c->rx_len;  /* an upper-layer bug must not become a buffer overrun */
	memmove(c->rx, c->rx + used, c->rx_len - used);
	c->rx_len -= used;
}

/* Makes room for at least one more byte.  Returns 0 or ENOBUFS at NET_TCP_RX_MAX. */
static int rx_room(struct net_tcp_conn *c)
{
	if (c->rx_len < c->rx_cap)
		return 0;
	if (c->rx_cap >= NET_TCP_RX_MAX)
		return ENOBUFS;
	size_t cap = c->rx_cap != 0 ? c->rx_cap * 2 : RX_FIRST_CAP;
	uint8_t *rx = realloc(c->rx, cap > NET_TCP_RX_MAX ? NET_TCP_RX_MAX : cap);

	if (rx == NULL)
		return ENOBUFS;
	c->rx = rx;
	c->rx_cap = cap > NET_TCP_RX_MAX ? NET_TCP_RX_MAX : cap;
	return 0;
}

static void read_some(struct net_tcp_conn *c)
{
	for (int i = 0; i < READS_PER_EVENT && !c->closed; i++) {
		if (rx_room(c) != 0) {
			/* the upper layer consumed nothing of NET_TCP_RX_MAX bytes */
			net_tcp_conn_fail(c, ENOBUFS);
			return;
		}
		ssize_t n = recv(c->fd, c->rx + c->rx_len, c->rx_cap - c->rx_len, 0);

		if (n > 0) {
			c->rx_len += (size_t)n;
			touch(c);
			deliver(c);
		} else if (n == 0) {
			net_tcp_conn_fail(c, 0);  /* the peer closed its end */
		} else if (errno == EAGAIN || errno == EWOULDBLOCK) {
			return;
		} else if (errno != EINTR) {
			net_tcp_conn_fail(c, errno);
		}
	}
}

/* ------------------------------------------------------------------ events */

/* A connect finished, one way or the other. */
static void finish_connect(struct net_tcp_conn *c)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	if (err != 0) {
		net_tcp_conn_fail(c, err);  /* ECONNREFUSED, ENETUNREACH, ETIMEDOUT... */
		return;
	}
	c->connected = true;
	(void)net_sock_local(c->fd, &c->local);
	touch(c);
	log_conn(c, NET_LOG_INFO, "connected", 0);
	want_write(c, c->tx_len > c->tx_off);
	net_tcp_conn_notify_open(c);
}

static void on_conn_ready(void *arg, int fd, unsigned events)
{
	struct net_tcp_conn *c = arg;

	(void)fd;
	if (c->pending_err != 0)
		return;  /* failing already: the timer reports it, with its own errno */
	c->busy++;
	if (!c->connected)
		finish_connect(c);
	else if ((events & (NET_LOOP_READ | NET_LOOP_ERROR)) != 0)
		read_some(c);
	if (!c->closed && c->connected && (events & NET_LOOP_WRITE) != 0)
		flush_queue(c);
	c->busy--;
	conn_maybe_free(c);
}

/* ------------------------------------------------------------------ accessors */

uint64_t net_tcp_conn_id(const struct net_tcp_conn *c)
{
	return c->id;
}

const struct net_addr *net_tcp_conn_remote(const struct net_tcp_conn *c)
{
	return &c->remote;
}

const struct net_addr *net_tcp_conn_local(const struct net_tcp_conn *c)
{
	return &c->local;
}

bool net_tcp_conn_is_inbound(const struct net_tcp_conn *c)
{
	return c->inbound;
}

bool net_tcp_conn_is_connected(const struct net_tcp_conn *c)
{
	return c->connected;
}

size_t net_tcp_conn_pending(const struct net_tcp_conn *c)
{
	return c->tx_len - c->tx_off;
}

void net_tcp_conn_set_user(struct net_tcp_conn *c, void *user)
{
	c->user = user;
}

void *net_tcp_conn_user(const struct net_tcp_conn *c)
{
	return c->user;
}
