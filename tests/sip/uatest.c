/* tests/sip/uatest.c - user agents on the in-memory network (see uatest.h). */
#include "tests/sip/uatest.h"

#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Recording what is sent --------------------------------------------------------- */

static void trace_hook(void *arg, const struct sip_trace_event *ev)
{
	const struct uatest_traced *tr = arg;
	struct uatest *t = tr->t;
	struct sip_msg *m = NULL;

	if (ev->dir != SIP_TRACE_OUT || t->nsent == UATEST_MAX_SENT)
		return;
	if (sip_msg_parse(ev->data, ev->len, &m, NULL) != 0)
		return;
	t->sent[t->nsent].node = tr->name;
	t->sent[t->nsent].time_us = ev->time_us;
	t->sent[t->nsent].msg = m;
	t->nsent++;
}

void uatest_trace(struct uatest *t, struct sip_transport *tp, const char *name)
{
	if (t->ntraced == UATEST_MAX_TRACED)
		return;
	t->traced[t->ntraced].t = t;
	t->traced[t->ntraced].tp = tp;
	t->traced[t->ntraced].name = name;
	(void)sip_transport_trace_add(tp, trace_hook, &t->traced[t->ntraced]);
	t->ntraced++;
}

/* ---- The UA's callbacks ------------------------------------------------------------------ */

static struct uatest_event *event(struct uatest_ua *u, enum uatest_what what, struct sip_call *c,
				  const struct sip_msg *m)
{
	struct uatest_event *e;

	if (u->nev == UATEST_MAX_EVENTS)
		return NULL;
	e = &u->ev[u->nev++];
	memset(e, 0, sizeof(*e));
	e->what = what;
	e->time_us = simnet_now(u->t->net);
	e->call = c;
	if (m != NULL && m->body.len > 0)
		snprintf(e->body, sizeof(e->body), "%.*s", (int)m->body.len, m->body.p);
	return e;
}

static void on_incoming(void *arg, struct sip_call *call, const struct sip_msg *invite)
{
	struct uatest_ua *u = arg;

	(void)event(u, UATEST_INCOMING, call, invite);
	u->call = call;
	if (u->ring)
		(void)sip_call_ring(call);
	if (u->answer >= 200 && u->answer < 300)
		(void)sip_call_answer(call, u->answer, "application/sdp", UATEST_SDP_ANSWER,
				      strlen(UATEST_SDP_ANSWER));
	else if (u->answer >= 300)
		(void)sip_call_reject(call, u->answer, NULL);
}

static void on_call_state(void *arg, struct sip_call *call, enum sip_call_state state,
			  const struct sip_msg *msg)
{
	struct uatest_ua *u = arg;
	struct uatest_event *e = event(u, UATEST_STATE, call, msg);

	if (e != NULL) {
		e->state = state;
		e->status = sip_call_status(call);
	}
	if (state == SIP_CALL_DISCONNECTED && u->call == call)
		u->call = NULL;
	if (state == SIP_CALL_CONNECTING && u->ack_body != NULL)
		CU_ASSERT_EQUAL(sip_call_set_ack_body(call, "application/sdp", u->ack_body,
						      strlen(u->ack_body)), 0);
	if (state == u->hangup_on)
		CU_ASSERT_EQUAL(sip_call_hangup(call), 0);
}

static void on_reinvite(void *arg, struct sip_call *call, const struct sip_msg *req)
{
	struct uatest_ua *u = arg;

	(void)event(u, UATEST_REINVITE, call, req);
	if (u->reinvite_answer >= 200 && u->reinvite_answer < 300)
		(void)sip_call_answer(call, u->reinvite_answer, "application/sdp", req->body.p,
				      req->body.len);
	else if (u->reinvite_answer >= 300)
		(void)sip_call_reject(call, u->reinvite_answer, NULL);
}

static void on_reinvite_done(void *arg, struct sip_call *call, int status, const struct sip_msg *resp)
{
	struct uatest_ua *u = arg;
	struct uatest_event *e = event(u, UATEST_REINVITE_DONE, call, resp);

	if (e != NULL)
		e->status = status;
}

static int on_message(void *arg, struct sip_call *call, const struct sip_msg *req)
{
	struct uatest_ua *u = arg;

	(void)event(u, UATEST_MESSAGE, call, req);
	return u->message_status;
}

void uatest_response_cb(void *arg, int status, const struct sip_msg *resp)
{
	struct uatest_ua *u = arg;
	struct uatest_event *e = event(u, UATEST_RESPONSE, NULL, resp);

	if (e != NULL)
		e->status = status;
}

/* ---- Building ------------------------------------------------------------------------------ */

int uatest_init(struct uatest *t, uint64_t seed)
{
	memset(t, 0, sizeof(*t));
	return simnet_create(&t->net, seed);
}

void uatest_fini(struct uatest *t)
{
	for (size_t i = 0; i < t->n; i++)
		sip_ua_destroy(t->uas[i].ua);
	for (size_t i = 0; i < t->nproxies; i++)
		sip_proxy_destroy(t->proxies[i]);
	for (size_t i = 0; i < t->ntraced; i++)
		sip_transport_destroy(t->traced[i].tp);
	for (size_t i = 0; i < t->nsent; i++)
		sip_msg_destroy(t->sent[i].msg);
	for (size_t i = 0; i < t->npeer_rx; i++)
		sip_msg_destroy(t->peer_rx[i]);
	simnet_destroy(t->net);
	memset(t, 0, sizeof(*t));
}

struct sip_transport *uatest_transport(struct uatest *t, const char *name, const char *addr,
				       struct simnet_node **node)
{
	struct simnet_node *n = simnet_node_add(t->net, name, addr);
	struct sip_transport_config cfg;
	struct sip_transport *tp = NULL;
	struct sip_env env;

	if (n == NULL || t->ntraced == UATEST_MAX_TRACED)
		return NULL;
	memset(&cfg, 0, sizeof(cfg));
	cfg.udp = *simnet_node_addr(n);
	cfg.tcp = cfg.udp;
	simnet_node_env(n, &env);
	if (sip_transport_create(&tp, &env, &cfg) != 0)
		return NULL;
	simnet_node_attach(n, tp);
	uatest_trace(t, tp, simnet_node_name(n));
	if (node != NULL)
		*node = n;
	return tp;
}

struct sip_proxy *uatest_proxy(struct uatest *t, const char *name, const char *addr,
			       const struct sip_proxy_config *cfg)
{
	struct sip_transport *tp;
	struct sip_proxy *p = NULL;

	if (t->nproxies == sizeof(t->proxies) / sizeof(t->proxies[0]))
		return NULL;
	tp = uatest_transport(t, name, addr, NULL);
	if (tp == NULL || sip_proxy_create(&p, tp, cfg) != 0)
		return NULL;
	t->proxies[t->nproxies++] = p;
	return p;
}

struct uatest_ua *uatest_ua_cfg(struct uatest *t, const char *name, const char *addr,
				const struct sip_ua_config *cfg, const struct sip_tsx_config *tcfg)
{
	const struct sip_ua_handler h = { on_incoming, on_call_state, on_reinvite,
					  on_reinvite_done, on_message, NULL };
	struct sip_ua_handler hu = h;
	struct uatest_ua *u;

	if (t->n == UATEST_MAX_UAS)
		return NULL;
	u = &t->uas[t->n];
	memset(u, 0, sizeof(*u));
	u->t = t;
	u->tp = uatest_transport(t, name, addr, &u->node);
	if (u->tp == NULL)
		return NULL;
	u->name = simnet_node_name(u->node);
	u->ring = 1;
	u->answer = 200;
	u->reinvite_answer = 200;
	u->message_status = 200;
	hu.arg = u;
	if (sip_ua_create(&u->ua, u->tp, tcfg, cfg, &hu) != 0)
		return NULL;
	t->n++;
	return u;
}

struct uatest_ua *uatest_ua(struct uatest *t, const char *name, const char *addr, const char *proxy)
{
	char from[128], contact[128];
	struct sip_ua_config cfg;

	snprintf(from, sizeof(from), "<sip:%s@%s>", name, addr);
	snprintf(contact, sizeof(contact), "sip:%s@%s", name, addr);
	memset(&cfg, 0, sizeof(cfg));
	cfg.from = from;
	cfg.contact = contact;
	cfg.outbound_proxy = proxy;
	return uatest_ua_cfg(t, name, addr, &cfg, NULL);
}

static void peer_recv(void *arg, const struct sip_recv_info *from, const char *data, size_t len)
{
	struct uatest *t = arg;
	struct sip_msg *m = NULL;

	(void)from;
	if (t->npeer_rx < UATEST_MAX_SENT && sip_msg_parse(data, len, &m, NULL) == 0)
		t->peer_rx[t->npeer_rx++] = m;
}

struct simnet_node *uatest_peer(struct uatest *t, const char *name, const char *addr)
{
	struct simnet_node *n = simnet_node_add(t->net, name, addr);

	if (n != NULL)
		simnet_node_set_recv(n, peer_recv, t);
	return n;
}

/* ---- Looking at what was sent ------------------------------------------------------------ */

static bool starts(const struct sip_msg *m, const char *prefix)
{
	char line[256];

	if (m->is_request)
		snprintf(line, sizeof(line), "%.*s %.*s", (int)m->method_name.len, m->method_name.p,
			 (int)m->ruri.text.len, m->ruri.text.p);
	else
		snprintf(line, sizeof(line), "SIP/2.0 %d %.*s", m->status, (int)m->reason.len,
			 m->reason.p);
	return strncmp(line, prefix, strlen(prefix)) == 0;
}

static const struct uatest_sent *find(const struct uatest *t, const char *node, const char *prefix,
				      unsigned nth)
{
	for (size_t i = 0; i < t->nsent; i++)
		if (strcmp(t->sent[i].node, node) == 0 && starts(t->sent[i].msg, prefix) && --nth == 0)
			return &t->sent[i];
	return NULL;
}

const struct sip_msg *uatest_sent(const struct uatest *t, const char *node, const char *prefix,
				  unsigned nth)
{
	const struct uatest_sent *s = find(t, node, prefix, nth);

	CU_ASSERT_PTR_NOT_NULL(s);
	return s != NULL ? s->msg : NULL;
}

uint64_t uatest_sent_time(const struct uatest *t, const char *node, const char *prefix, unsigned nth)
{
	const struct uatest_sent *s = find(t, node, prefix, nth);

	return s != NULL ? s->time_us : UINT64_MAX;
}

const struct sip_msg *uatest_peer_rx(const struct uatest *t, const char *prefix, unsigned nth)
{
	for (size_t i = 0; i < t->npeer_rx; i++)
		if (starts(t->peer_rx[i], prefix) && --nth == 0)
			return t->peer_rx[i];
	return NULL;
}

size_t uatest_count(const struct uatest *t, const char *node, const char *prefix)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nsent; i++)
		n += strcmp(t->sent[i].node, node) == 0 && starts(t->sent[i].msg, prefix);
	return n;
}

/* Results live in a ring of buffers so a few can be compared in one expression. */
static char *ring(void)
{
	static char bufs[4][2048];
	static unsigned next;
	char *b = bufs[next++ % 4];

	b[0] = '\0';
	return b;
}

const char *uatest_row(const struct sip_msg *m, enum sip_hdr_id id, size_t nth)
{
	char *buf = ring();
	size_t i;

	buf[0] = '\0';
	if (m == NULL)
		return buf;
	for (i = sip_msg_hdr_find(m, id, 0); i != SIP_HDR_NONE && nth > 0; nth--)
		i = sip_msg_hdr_find(m, id, i + 1);
	if (i != SIP_HDR_NONE)
		(void)sip_str_copy(m->hdrs[i].value, buf, 2048);
	return buf;
}

const char *uatest_ruri(const struct sip_msg *m)
{
	char *buf = ring();

	buf[0] = '\0';
	if (m != NULL)
		(void)sip_str_copy(m->ruri.text, buf, 2048);
	return buf;
}

const char *uatest_branch(const struct sip_msg *m)
{
	char *buf = ring();

	buf[0] = '\0';
	if (m != NULL && m->via != NULL)
		(void)sip_str_copy(m->via->branch, buf, 2048);
	return buf;
}

const char *uatest_tag(struct sip_str tag)
{
	char *buf = ring();

	(void)sip_str_copy(tag, buf, 2048);
	return buf;
}

size_t uatest_events(const struct uatest_ua *u, enum uatest_what what)
{
	size_t n = 0;

	for (size_t i = 0; i < u->nev; i++)
		n += u->ev[i].what == what;
	return n;
}

enum sip_call_state uatest_last_state(const struct uatest_ua *u)
{
	enum sip_call_state s = SIP_CALL_NULL;

	for (size_t i = 0; i < u->nev; i++)
		if (u->ev[i].what == UATEST_STATE)
			s = u->ev[i].state;
	return s;
}

int uatest_state_event(const struct uatest_ua *u, enum sip_call_state state)
{
	for (size_t i = 0; i < u->nev; i++)
		if (u->ev[i].what == UATEST_STATE && u->ev[i].state == state)
			return (int)i;
	return -1;
}

static bool has_tcp_via(const char *data, size_t len)
{
	static const char needle[] = "SIP/2.0/TCP";

	for (size_t i = 0; i + sizeof(needle) - 1 <= len; i++)
		if (memcmp(data + i, needle, sizeof(needle) - 1) == 0)
			return true;
	return false;
}

void uatest_inject_bytes(struct uatest_ua *u, const char *src, const char *data, size_t len)
{
	struct sip_recv_info from;
	size_t used;

	memset(&from, 0, sizeof(from));
	/* Over the transport the top Via names (the transport checks they agree). */
	from.proto = has_tcp_via(data, len) ? SIP_PROTO_TCP : SIP_PROTO_UDP;
	from.conn_id = from.proto == SIP_PROTO_TCP ? 99 : 0;
	CU_ASSERT_EQUAL(net_addr_parse(&from.src, src, 5060), 0);
	from.local = *simnet_node_addr(u->node);
	(void)sip_transport_recv(u->tp, &from, data, len, &used);
}

void uatest_inject(struct uatest_ua *u, const char *src, const char *text)
{
	uatest_inject_bytes(u, src, text, strlen(text));
}

bool uatest_ladder_from(const struct uatest *t, size_t from, const char *const *expected)
{
	size_t n = simnet_ladder_len(t->net), i = 0;
	bool same = true;
	char line[256];

	for (; expected[i] != NULL; i++)
		if (from + i >= n ||
		    strcmp(simnet_arrow_format(t->net, from + i, line, sizeof(line)), expected[i]) != 0)
			same = false;
	if (same && from + i == n)
		return true;
	printf("\n  expected ladder:\n");
	for (i = 0; expected[i] != NULL; i++)
		printf("    \"%s\",\n", expected[i]);
	printf("  actual ladder:\n");
	for (i = from; i < n; i++)
		printf("    \"%s\",\n", simnet_arrow_format(t->net, i, line, sizeof(line)));
	return false;
}
