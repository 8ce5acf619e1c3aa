/* tests/sip/pxtest_ua.c - scripted UAs and the server node on simnet (see
 * pxtest_ua.h). */
#include "tests/sip/pxtest_ua.h"

#include "tests/sip/pxtest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ua_recv(void *arg, const struct sip_recv_info *from, const char *data, size_t len)
{
	struct pxtest_ua *ua = arg;
	struct sip_msg *m = NULL;

	if (ua->nrx == PXTEST_MAX_RX || sip_msg_parse(data, len, &m, NULL) != 0)
		return;
	ua->rx[ua->nrx] = m;
	ua->from[ua->nrx++] = *from;
}

int pxtest_ua_init(struct pxtest_ua *ua, struct simnet *net, const char *name, const char *addr,
		   const char *tag)
{
	memset(ua, 0, sizeof(*ua));
	ua->node = simnet_node_add(net, name, addr);
	if (ua->node == NULL)
		return EINVAL;
	simnet_node_env(ua->node, &ua->env);
	simnet_node_set_recv(ua->node, ua_recv, ua);
	snprintf(ua->tag, sizeof(ua->tag), "%s", tag != NULL ? tag : "uatag");
	return 0;
}

void pxtest_ua_fini(struct pxtest_ua *ua)
{
	for (size_t i = 0; i < ua->nrx; i++)
		sip_msg_destroy(ua->rx[i]);
	ua->nrx = 0;
}

static int send_bytes(struct pxtest_ua *ua, const struct sip_dest *dst, const char *data,
		      size_t len)
{
	struct sip_sent sent;

	return ua->env.send(ua->env.send_arg, dst, data, len, &sent);
}

int pxtest_ua_send(struct pxtest_ua *ua, const char *to, enum sip_proto proto, const char *text)
{
	struct sip_dest dst;
	size_t len;
	char *wire = pxtest_wire(text, &len);
	int rc;

	memset(&dst, 0, sizeof(dst));
	dst.proto = proto;
	rc = wire == NULL ? ENOMEM : net_addr_parse(&dst.addr, to, SIP_DEFAULT_PORT);
	if (rc == 0)
		rc = send_bytes(ua, &dst, wire, len);
	free(wire);
	return rc;
}

int pxtest_ua_send_msg(struct pxtest_ua *ua, const struct sip_recv_info *to_from,
		       const struct sip_msg *m)
{
	struct sip_dest dst;
	char *bytes = NULL;
	size_t len;
	int rc = sip_msg_print_alloc(m, &bytes, &len);

	memset(&dst, 0, sizeof(dst));
	dst.proto = to_from->proto;
	dst.addr = to_from->src;
	dst.conn_id = to_from->conn_id;
	if (rc == 0)
		rc = send_bytes(ua, &dst, bytes, len);
	free(bytes);
	return rc;
}

const struct sip_msg *pxtest_ua_request(const struct pxtest_ua *ua, const char *method,
					size_t nth)
{
	for (size_t i = 0; i < ua->nrx; i++) {
		const struct sip_msg *m = ua->rx[i];

		if (m->is_request && (method == NULL || sip_str_eq_c(m->method_name, method)) &&
		    nth-- == 0)
			return m;
	}
	return NULL;
}

const struct sip_msg *pxtest_ua_response(const struct pxtest_ua *ua, int status, size_t nth)
{
	for (size_t i = 0; i < ua->nrx; i++) {
		const struct sip_msg *m = ua->rx[i];

		if (!m->is_request && (status == 0 || m->status == status) && nth-- == 0)
			return m;
	}
	return NULL;
}

size_t pxtest_ua_count(const struct pxtest_ua *ua, const char *prefix)
{
	size_t n = 0;

	for (size_t i = 0; i < ua->nrx; i++) {
		char line[128];

		sip_trace_first_line(ua->rx[i]->buf, ua->rx[i]->buf_len, line, sizeof(line));
		n += strncmp(line, prefix, strlen(prefix)) == 0;
	}
	return n;
}

/* Where a received request came from. */
static const struct sip_recv_info *source_of(const struct pxtest_ua *ua, const struct sip_msg *m)
{
	for (size_t i = 0; i < ua->nrx; i++)
		if (ua->rx[i] == m)
			return &ua->from[i];
	return NULL;
}

static int add_rows(struct sip_msg *m, const char *rows)
{
	char line[1024];

	while (rows != NULL && *rows != '\0') {
		const char *nl = strchr(rows, '\n');
		size_t len = nl != NULL ? (size_t)(nl - rows) : strlen(rows);
		const char *colon = memchr(rows, ':', len);
		int rc;

		if (colon == NULL || len >= sizeof(line))
			return EINVAL;
		memcpy(line, rows, len);
		line[len] = '\0';
		line[colon - rows] = '\0';
		rc = sip_msg_hdr_add_name(m, line, line + (colon - rows) + 1 +
						   (colon[1] == ' ' ? 1 : 0));
		if (rc != 0)
			return rc;
		rows += len + (nl != NULL);
	}
	return 0;
}

int pxtest_ua_reply(struct pxtest_ua *ua, const struct sip_msg *req, int status, const char *rows,
		    const char *body)
{
	const struct sip_recv_info *src = source_of(ua, req);
	struct sip_msg *resp = NULL;
	int rc;

	if (src == NULL)
		return EINVAL;
	rc = sip_msg_create_response(req, status, NULL, status == 100 ? NULL : ua->tag, &resp);
	if (rc == 0)
		rc = add_rows(resp, rows);
	if (rc == 0 && body != NULL) {
		size_t len;
		char *wire = pxtest_wire(body, &len);

		rc = wire == NULL ? ENOMEM : sip_msg_set_body(resp, "application/sdp", wire, len);
		free(wire);
	}
	if (rc == 0)
		rc = pxtest_ua_send_msg(ua, src, resp);
	sip_msg_destroy(resp);
	return rc;
}

int pxtest_server_start(struct pxtest_server *s, struct simnet *net, const char *name,
			const char *addr, const char *host, const struct sip_proxy_config *cfg)
{
	struct sip_env env;
	struct sip_transport_config tc;
	int rc;

	memset(s, 0, sizeof(*s));
	memset(&tc, 0, sizeof(tc));
	s->node = simnet_node_add(net, name, addr);
	if (s->node == NULL)
		return EINVAL;
	simnet_node_env(s->node, &env);
	tc.udp = *simnet_node_addr(s->node);
	tc.host = host;
	rc = sip_transport_create(&s->tp, &env, &tc);
	if (rc == 0)
		rc = sip_proxy_create(&s->proxy, s->tp, cfg);
	if (rc == 0)
		simnet_node_attach(s->node, s->tp);
	return rc;
}

void pxtest_server_stop(struct pxtest_server *s)
{
	sip_proxy_destroy(s->proxy);
	sip_transport_destroy(s->tp);
	s->proxy = NULL;
	s->tp = NULL;
}

/* The last response received (any status). */
static const struct sip_msg *last_response(const struct pxtest_ua *ua)
{
	for (size_t i = ua->nrx; i-- > 0;)
		if (!ua->rx[i]->is_request)
			return ua->rx[i];
	return NULL;
}

/* Sends one REGISTER (credentials answering `challenge` when it is not NULL). */
static int send_register(struct pxtest_ua *ua, const char *to, enum sip_proto proto,
			 const char *aor, const char *contact, unsigned call, unsigned cseq,
			 const struct sip_msg *challenge, const char *user, const char *password)
{
	static unsigned seq;
	char text[2048], via_host[NET_ADDR_STRLEN];
	const char *domain = strchr(aor, '@');
	struct sip_dest dst;
	struct sip_msg *req;
	char *bytes = NULL;
	int rc;

	seq++;
	(void)net_addr_format(simnet_node_addr(ua->node), via_host, sizeof(via_host));
	snprintf(text, sizeof(text),
		 "REGISTER sip:%s SIP/2.0\n"
		 "Via: SIP/2.0/%s %s;branch=z9hG4bKreg%u\n"
		 "Max-Forwards: 70\n"
		 "From: <%s>;tag=r%u\n"
		 "To: <%s>\n"
		 "Call-ID: reg%u-%s\n"
		 "CSeq: %u REGISTER\n"
		 "Contact: %s\n"
		 "Content-Length: 0\n\n",
		 domain != NULL ? domain + 1 : aor, sip_proto_name(proto), via_host, seq, aor, seq,
		 aor, call, via_host, cseq, contact);
	req = pxtest_parse(text);
	rc = req == NULL ? EINVAL : 0;
	if (rc == 0 && challenge != NULL)
		rc = pxtest_authorize(req, challenge, user, password, 1);
	if (rc == 0)
		bytes = pxtest_print(req);
	sip_msg_destroy(req);
	memset(&dst, 0, sizeof(dst));
	dst.proto = proto;
	if (rc == 0)
		rc = bytes == NULL ? ENOMEM : net_addr_parse(&dst.addr, to, SIP_DEFAULT_PORT);
	if (rc == 0)
		rc = send_bytes(ua, &dst, bytes, strlen(bytes));
	free(bytes);
	return rc;
}

int pxtest_ua_register(struct pxtest_ua *ua, struct simnet *net, const char *to,
		       enum sip_proto proto, const char *aor, const char *contact, const char *user,
		       const char *password)
{
	static unsigned calls;
	unsigned call = ++calls;
	const struct sip_msg *resp = NULL;

	for (unsigned cseq = 1; cseq <= 2; cseq++) {
		if (send_register(ua, to, proto, aor, contact, call, cseq, resp, user, password) != 0)
			return -1;
		simnet_run(net, simnet_now(net) + 100000);
		resp = last_response(ua);
		if (resp == NULL)
			return -1;
		if (resp->status != 401)
			return resp->status;
	}
	return resp->status;
}

int pxtest_world_start(struct pxtest_world *w, const char *host,
		       const struct sip_proxy_config *cfg)
{
	int rc;

	memset(w, 0, sizeof(*w));
	rc = simnet_create(&w->net, 1);
	if (rc == 0)
		rc = pxtest_server_start(&w->srv, w->net, "server", PXTEST_SERVER, host, cfg);
	if (rc == 0)
		rc = pxtest_ua_init(&w->alice, w->net, "alice", "192.0.2.10:5060", "atag");
	if (rc == 0)
		rc = pxtest_ua_init(&w->bob, w->net, "bob", "192.0.2.20:5060", "btag");
	if (rc == 0)
		rc = pxtest_ua_init(&w->bob2, w->net, "bob2", "192.0.2.21:5060", "b2tag");
	return rc;
}

void pxtest_world_stop(struct pxtest_world *w)
{
	if (w->net == NULL)
		return;
	pxtest_server_stop(&w->srv);
	pxtest_ua_fini(&w->alice);
	pxtest_ua_fini(&w->bob);
	pxtest_ua_fini(&w->bob2);
	simnet_destroy(w->net);
	w->net = NULL;
}

void pxtest_world_run(struct pxtest_world *w, uint64_t us)
{
	simnet_run(w->net, simnet_now(w->net) + us);
}

int pxtest_ua_final(const struct pxtest_ua *ua, size_t nth)
{
	for (size_t i = 0; i < ua->nrx; i++)
		if (!ua->rx[i]->is_request && ua->rx[i]->status >= 200 && nth-- == 0)
			return ua->rx[i]->status;
	return 0;
}
