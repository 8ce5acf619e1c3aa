/* sip/transport.c - the client side of the SIP transport layer (RFC 3261 §18, §18.1.1,
 * §8.1.1.7 branches, RFC 3581 §3) and the transport object itself.
 *
 * A request leaves in three steps: sip_transport_via_push puts our Via on top (the
 * sent-by and a fresh "z9hG4bK" branch), sip_transport_prepare_request prints it and
 * applies the 200-bytes-below-the-MTU rule, sip_transport_send_bytes hands the bytes
 * to the environment's send function and to the trace point.  The transactions keep
 * the printed bytes between the steps, to retransmit them.
 *
 * Leaves out: the receive side (transport_recv.c), response routing and next hops
 * (transport_route.c), the §18.1.1 retry over UDP after a TCP reset.
 */
#include "sip/transport_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAYER "transport"

int sip_transport_create(struct sip_transport **out, const struct sip_env *env,
			 const struct sip_transport_config *cfg)
{
	*out = NULL;
	if (env == NULL || env->send == NULL || env->timers == NULL || env->rand == NULL ||
	    cfg == NULL || (net_addr_family(&cfg->udp) == AF_UNSPEC &&
			    net_addr_family(&cfg->tcp) == AF_UNSPEC))
		return EINVAL;
	struct sip_transport *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return ENOMEM;
	t->env = *env;
	t->cfg = *cfg;
	if (t->cfg.mtu == 0)
		t->cfg.mtu = SIP_TRANSPORT_MTU;
	if (cfg->host != NULL) {
		size_t n = strlen(cfg->host) + 1;

		t->host = malloc(n);
		if (t->host == NULL) {
			free(t);
			return ENOMEM;
		}
		memcpy(t->host, cfg->host, n);
	}
	t->cfg.host = t->host;
	sip_trace_init(&t->trace);
	*out = t;
	return 0;
}

void sip_transport_destroy(struct sip_transport *t)
{
	if (t == NULL)
		return;
	free(t->host);
	free(t);
}

void sip_transport_set_user(struct sip_transport *t, const struct sip_transport_user *u)
{
	t->user = *u;
}

const struct sip_env *sip_transport_env(const struct sip_transport *t)
{
	return &t->env;
}

const struct sip_transport_config *sip_transport_config(const struct sip_transport *t)
{
	return &t->cfg;
}

int sip_transport_trace_add(struct sip_transport *t, sip_trace_cb cb, void *arg)
{
	return sip_trace_add(&t->trace, cb, arg);
}

void sip_transport_trace_remove(struct sip_transport *t, sip_trace_cb cb, const void *arg)
{
	sip_trace_remove(&t->trace, cb, arg);
}

const struct net_addr *tp_local(const struct sip_transport *t, enum sip_proto proto)
{
	const struct net_addr *tcp = &t->cfg.tcp, *udp = &t->cfg.udp;

	if (proto == SIP_PROTO_TCP)
		return net_addr_family(tcp) != AF_UNSPEC ? tcp : udp;
	return net_addr_family(udp) != AF_UNSPEC ? udp : tcp;
}

bool tp_via_proto(const struct sip_via *v, enum sip_proto *proto)
{
	if (sip_str_eqi_c(v->transport, "UDP"))
		*proto = SIP_PROTO_UDP;
	else if (sip_str_eqi_c(v->transport, "TCP"))
		*proto = SIP_PROTO_TCP;
	else
		return false;
	return true;
}

void tp_trace(const struct sip_transport *t, enum sip_trace_dir dir, enum sip_proto proto,
	      const struct net_addr *src, const struct net_addr *dst, uint64_t conn_id,
	      const char *data, size_t len, const struct sip_msg *msg)
{
	struct sip_trace_event ev = {
		.dir = dir, .proto = proto, .time_us = net_timer_list_now(t->env.timers),
		.src = *src, .dst = *dst, .conn_id = conn_id, .data = data, .len = len,
		.msg = msg,
	};

	sip_trace_emit(&t->trace, &ev);
}

int sip_transport_branch_new(struct sip_transport *t, char *buf, size_t cap)
{
	size_t cookie = sizeof(SIP_BRANCH_COOKIE) - 1;

	if (cap < SIP_BRANCH_LEN + 1)
		return ENOBUFS;
	/* RFC3261 8.1.1.7: "The branch ID inserted by an element compliant with this
	 * specification MUST always begin with the characters "z9hG4bK"." */
	memcpy(buf, SIP_BRANCH_COOKIE, cookie);
	/* "the branch parameter value MUST be unique across space and time for all
	 * requests sent by the UA": 82 random bits from the seeded source. */
	net_rand_token(t->env.rand, buf + cookie, SIP_BRANCH_RANDOM_LEN);
	return 0;
}

/* token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
static bool is_token(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("-.!%*_+`'~", *s) != NULL))
			return false;
	return true;
}

/* "host:port" of our sent-by for `proto`: the configured name or the IP literal. */
static int sent_by(const struct sip_transport *t, enum sip_proto proto, char *buf, size_t cap)
{
	const struct net_addr *a = tp_local(t, proto);
	char ip[NET_ADDR_STRLEN];
	int n;

	if (net_addr_family(a) == AF_UNSPEC)
		return EINVAL;
	if (t->cfg.host != NULL)
		n = snprintf(buf, cap, "%s:%u", t->cfg.host, (unsigned)net_addr_port(a));
	else if (net_addr_format_ip(a, ip, sizeof(ip)) != 0)
		return EINVAL;
	else if (net_addr_family(a) == AF_INET6)
		n = snprintf(buf, cap, "[%s]:%u", ip, (unsigned)net_addr_port(a));
	else
		n = snprintf(buf, cap, "%s:%u", ip, (unsigned)net_addr_port(a));
	return n < 0 || (size_t)n >= cap ? ENOBUFS : 0;
}

int sip_transport_via_push(struct sip_transport *t, struct sip_msg *req, enum sip_proto proto,
			   const char *branch)
{
	char fresh[SIP_BRANCH_LEN + 1], host[320], via[512];

	if (!req->is_request)
		return EINVAL;
	if (branch == NULL) {
		(void)sip_transport_branch_new(t, fresh, sizeof(fresh));
		branch = fresh;
	}
	if (!is_token(branch) || strlen(branch) > 200)
		return EINVAL;
	int rc = sent_by(t, proto, host, sizeof(host));

	if (rc != 0)
		return rc;
	/* RFC3261 18.1.1: "Before a request is sent, the client transport MUST insert a
	 * value of the "sent-by" field into the Via header field." */
	snprintf(via, sizeof(via), "SIP/2.0/%s %s;branch=%s%s", sip_proto_name(proto), host, branch,
		 t->cfg.rport ? ";rport" : "");
	return sip_msg_via_push(req, via);
}

/* Our top Via, rewritten for another transport with the same branch. */
static int via_switch(struct sip_transport *t, struct sip_msg *req, enum sip_proto proto)
{
	char branch[256];

	if (req->via == NULL || req->via->branch.len == 0 ||
	    sip_str_copy(req->via->branch, branch, sizeof(branch)) != 0)
		return EINVAL;
	int rc = sip_msg_via_pop(req);

	return rc != 0 ? rc : sip_transport_via_push(t, req, proto, branch);
}

int sip_transport_prepare_request(struct sip_transport *t, struct sip_msg *req,
				  struct sip_dest *dst, char **out, size_t *len)
{
	size_t mtu = t->cfg.mtu;
	size_t limit = mtu > SIP_TRANSPORT_MTU_MARGIN ? mtu - SIP_TRANSPORT_MTU_MARGIN : 0;

	*out = NULL;
	if (!req->is_request)
		return EINVAL;
	int rc = sip_msg_print_alloc(req, out, len);

	if (rc != 0 || dst->proto != SIP_PROTO_UDP || *len <= limit)
		return rc;
	/* RFC3261 18.1.1: "If a request is within 200 bytes of the path MTU, or if it is
	 * larger than 1300 bytes and the path MTU is unknown, the request MUST be sent
	 * using an RFC 2914 [43] congestion controlled transport protocol, such as TCP.
	 * If this causes a change in the transport protocol from the one indicated in
	 * the top Via, the value in the top Via MUST be changed." */
	net_log_printf(&t->env.log, NET_LOG_INFO, LAYER,
		       "[transport RFC3261 18.1.1] %zu-byte request is within %u bytes of the "
		       "%zu-byte MTU: sent over TCP, top Via rewritten",
		       *len, (unsigned)SIP_TRANSPORT_MTU_MARGIN, mtu);
	free(*out);
	*out = NULL;
	dst->proto = SIP_PROTO_TCP;
	dst->conn_id = 0;
	rc = via_switch(t, req, SIP_PROTO_TCP);
	return rc != 0 ? rc : sip_msg_print_alloc(req, out, len);
}

int sip_transport_send_bytes(struct sip_transport *t, const struct sip_dest *dst,
			     const char *data, size_t len, const struct sip_msg *msg,
			     struct sip_sent *sent)
{
	struct sip_sent s;

	memset(&s, 0, sizeof(s));
	int rc = t->env.send(t->env.send_arg, dst, data, len, &s);

	if (sent != NULL)
		*sent = s;
	if (rc != 0) {
		char where[NET_ADDR_STRLEN] = "?";

		(void)net_addr_format(&dst->addr, where, sizeof(where));
		net_log_printf(&t->env.log, NET_LOG_WARN, LAYER,
			       "[transport RFC3261 18.4] sending %zu bytes over %s to %s failed: %s",
			       len, sip_proto_name(dst->proto), where, strerror(rc));
		return rc;
	}
	const struct net_addr *src = &s.local;

	if (net_addr_family(src) == AF_UNSPEC)
		src = net_addr_family(&dst->local) != AF_UNSPEC ? &dst->local
								 : tp_local(t, dst->proto);
	tp_trace(t, SIP_TRACE_OUT, dst->proto, src, &dst->addr,
		 s.conn_id != 0 ? s.conn_id : dst->conn_id, data, len, msg);
	return 0;
}

int sip_transport_send_request(struct sip_transport *t, struct sip_msg *req,
			       struct sip_dest *dst)
{
	char *bytes;
	size_t len;
	int rc = sip_transport_prepare_request(t, req, dst, &bytes, &len);

	if (rc == 0)
		rc = sip_transport_send_bytes(t, dst, bytes, len, req, NULL);
	free(bytes);
	return rc;
}

void sip_transport_report_error(struct sip_transport *t, const struct sip_dest *where, int err)
{
	char addr[NET_ADDR_STRLEN] = "?";

	(void)net_addr_format(&where->addr, addr, sizeof(addr));
	net_log_printf(&t->env.log, NET_LOG_WARN, LAYER,
		       "[transport RFC3261 18.4] %s to %s failed: %s; informing the transactions",
		       sip_proto_name(where->proto), addr, strerror(err));
	if (t->user.on_error != NULL)
		t->user.on_error(t->user.arg, where, err);
}
