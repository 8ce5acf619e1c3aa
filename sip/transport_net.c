/* sip/transport_net.c - the SIP transport wired to net/udp and net/tcp (RFC 3261 §18,
 * §18.1.1, §18.2.1, §18.2.2, §18.3, §18.4; see transport_net.h).
 *
 * Leaves out: retrying a large request over UDP after a TCP reset (§18.1.1 SHOULD,
 * for RFC 2543 peers only).
 */
#include "sip/transport_net.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BIND_TRIES 8  /* port 0: attempts to find one port free for UDP and TCP */

struct sip_transport_net {
	struct net_loop *loop;         /* borrowed */
	struct net_udp *udp;           /* owned */
	struct net_tcp *tcp;           /* owned */
	struct net_addr local;         /* bound address, UDP and TCP */
	struct sip_transport *t;       /* borrowed: where bytes go */
};

/* ---- Bytes in ------------------------------------------------------------------------- */

static void on_udp(void *arg, struct net_udp *u, const uint8_t *data, size_t len,
		   const struct net_addr *from)
{
	struct sip_transport_net *n = arg;
	struct sip_recv_info info;
	size_t consumed;

	if (n->t == NULL)
		return;
	memset(&info, 0, sizeof(info));
	info.proto = SIP_PROTO_UDP;
	info.src = *from;
	info.local = *net_udp_local(u);
	(void)sip_transport_recv(n->t, &info, (const char *)data, len, &consumed);
}

static size_t on_tcp_data(void *arg, struct net_tcp_conn *c, const uint8_t *data, size_t len)
{
	struct sip_transport_net *n = arg;
	struct sip_recv_info info;
	size_t consumed = len;

	if (n->t == NULL)
		return len;
	memset(&info, 0, sizeof(info));
	info.proto = SIP_PROTO_TCP;
	info.src = *net_tcp_conn_remote(c);
	info.local = *net_tcp_conn_local(c);
	info.conn_id = net_tcp_conn_id(c);
	/* RFC4475 3.1.2.3: a stream that cannot be framed: "the connection should be
	 * closed" - nothing after the fault can be found. */
	if (sip_transport_recv(n->t, &info, (const char *)data, len, &consumed) == EBADMSG)
		net_tcp_conn_close(c);
	return consumed;
}

/* ---- Errors up (§18.4) ------------------------------------------------------------------ */

static void on_udp_error(void *arg, struct net_udp *u, int err, const struct net_addr *dest)
{
	struct sip_transport_net *n = arg;
	struct sip_dest where;

	(void)u;
	if (n->t == NULL)
		return;
	memset(&where, 0, sizeof(where));
	where.proto = SIP_PROTO_UDP;
	where.addr = *dest;
	/* RFC3261 18.4: "Host, network, port or protocol unreachable errors, or parameter
	 * problem errors SHOULD cause the transport layer to inform the transport user of
	 * a failure in sending." */
	sip_transport_report_error(n->t, &where, err);
}

static void on_tcp_close(void *arg, struct net_tcp_conn *c, int err)
{
	struct sip_transport_net *n = arg;
	struct sip_dest where;

	if (n->t == NULL || err == 0)
		return;  /* a peer that closes in order has not failed a send */
	memset(&where, 0, sizeof(where));
	where.proto = SIP_PROTO_TCP;
	where.addr = *net_tcp_conn_remote(c);
	where.conn_id = net_tcp_conn_id(c);
	/* RFC3261 18.4: "If the transport user asks for a request to be sent over a
	 * reliable transport, and the result is a connection failure, the transport layer
	 * SHOULD inform the transport user of a failure in sending." */
	sip_transport_report_error(n->t, &where, err);
}

/* ---- Bytes out -------------------------------------------------------------------------- */

static int send_tcp(struct sip_transport_net *n, const struct sip_dest *dst, const char *data,
		    size_t len, struct sip_sent *sent)
{
	struct net_tcp_conn *c = dst->conn_id != 0 ? net_tcp_find_id(n->tcp, dst->conn_id) : NULL;
	int rc;

	/* RFC3261 18.2.2: "the response MUST be sent using the existing connection to the
	 * source of the original request that created the transaction, if that connection
	 * is still open." - otherwise to the address (found open, or opened). */
	if (c != NULL)
		rc = net_tcp_conn_send(c, data, len);
	else if (net_addr_family(&dst->addr) == AF_UNSPEC)
		return ENOTCONN;
	else
		rc = net_tcp_send_to(n->tcp, &dst->addr, data, len, &c);
	if (c != NULL) {
		sent->conn_id = net_tcp_conn_id(c);
		sent->local = *net_tcp_conn_local(c);
	}
	return rc;
}

static int net_send(void *arg, const struct sip_dest *dst, const char *data, size_t len,
		    struct sip_sent *sent)
{
	struct sip_transport_net *n = arg;

	if (dst->proto == SIP_PROTO_TCP)
		return send_tcp(n, dst, data, len, sent);
	/* RFC3581 4: "The response MUST be sent from the same address and port that the
	 * corresponding request was received on." - one UDP socket: it always is. */
	sent->local = n->local;
	return net_udp_send(n->udp, &dst->addr, data, len);
}

/* ---- Life -------------------------------------------------------------------------------- */

static int bind_both(struct sip_transport_net *n, const struct net_addr *local,
		     const struct net_tcp_config *tcp_cfg)
{
	struct net_udp_handler uh = { on_udp, on_udp_error, n };
	struct net_tcp_handler th = { NULL, on_tcp_data, on_tcp_close, n };
	struct net_tcp_config cfg = { SIP_TRANSPORT_NET_IDLE_US, 0 };
	int rc = EADDRINUSE;

	if (tcp_cfg != NULL)
		cfg = *tcp_cfg;
	for (int i = 0; i < BIND_TRIES && rc == EADDRINUSE; i++) {
		rc = net_udp_open(&n->udp, n->loop, local, &uh);
		if (rc != 0)
			return rc;
		n->local = *net_udp_local(n->udp);
		/* RFC3261 18.2.1: "For any port and interface that a server listens on for
		 * UDP, it MUST listen on that same port and interface for TCP." */
		rc = net_tcp_open(&n->tcp, n->loop, &n->local, &cfg, &th);
		if (rc != 0) {
			net_udp_close(n->udp);
			n->udp = NULL;
			if (net_addr_port(local) != 0)
				return rc;  /* the port was asked for: no other try */
		}
	}
	return rc;
}

int sip_transport_net_open(struct sip_transport_net **out, struct net_loop *loop,
			   const struct net_addr *local, const struct net_tcp_config *tcp_cfg)
{
	struct sip_transport_net *n;
	int rc;

	*out = NULL;
	if (loop == NULL || local == NULL)
		return EINVAL;
	n = calloc(1, sizeof(*n));
	if (n == NULL)
		return ENOMEM;
	n->loop = loop;
	rc = bind_both(n, local, tcp_cfg);
	if (rc != 0) {
		free(n);
		return rc;
	}
	*out = n;
	return 0;
}

void sip_transport_net_close(struct sip_transport_net *n)
{
	if (n == NULL)
		return;
	net_tcp_close(n->tcp);
	net_udp_close(n->udp);
	free(n);
}

const struct net_addr *sip_transport_net_local(const struct sip_transport_net *n)
{
	return &n->local;
}

void sip_transport_net_env(struct sip_transport_net *n, struct sip_env *env)
{
	env->timers = net_loop_timers(n->loop);
	env->send = net_send;
	env->send_arg = n;
}

void sip_transport_net_attach(struct sip_transport_net *n, struct sip_transport *t)
{
	n->t = t;
}

struct net_tcp *sip_transport_net_tcp(const struct sip_transport_net *n)
{
	return n->tcp;
}
