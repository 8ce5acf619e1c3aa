/* tests/sip/tsxtest.c - the capture environment of the transport and transaction
 * tests (see tsxtest.h).
 */
#include "tests/sip/tsxtest.h"

#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void tsxtest_log_cb(void *arg, enum net_log_level level, const char *layer,
			   const char *line)
{
	struct tsxtest *t = arg;
	size_t n = strlen(layer) + strlen(line) + 4;

	(void)level;
	if (getenv("TSXTEST_VERBOSE") != NULL)
		printf("  %10llu %s: %s\n", (unsigned long long)net_timer_list_now(&t->timers), layer,
		       line);
	if (t->log_len + n + 1 > t->log_cap) {
		size_t cap = (t->log_cap + n + 1) * 2;
		char *p = realloc(t->log, cap);

		if (p == NULL)
			return;
		t->log = p;
		t->log_cap = cap;
	}
	t->log_len += (size_t)snprintf(t->log + t->log_len, t->log_cap - t->log_len, "%s: %s\n",
				       layer, line);
}

static int tsxtest_send(void *arg, const struct sip_dest *dst, const char *data, size_t len,
			struct sip_sent *sent)
{
	struct tsxtest *t = arg;
	struct tsxtest_sent *s;

	if (t->send_error != 0)
		return t->send_error;
	if (t->nsent == TSXTEST_MAX_SENT)
		return ENOBUFS;
	s = &t->sent[t->nsent];
	s->data = malloc(len + 1);
	if (s->data == NULL)
		return ENOMEM;
	memcpy(s->data, data, len);
	s->data[len] = '\0';
	s->len = len;
	s->time_us = net_timer_list_now(&t->timers);
	s->dst = *dst;
	sip_trace_first_line(data, len, s->line, sizeof(s->line));
	t->nsent++;
	sent->local = tsxtest_addr(TSXTEST_LOCAL);
	/* A TCP send without a connection gets one: 7 stands for "the connection". */
	sent->conn_id = dst->proto == SIP_PROTO_TCP ? (dst->conn_id != 0 ? dst->conn_id : 7) : 0;
	return 0;
}

static void record(struct tsxtest *t, enum tsxtest_what what, struct sip_tsx *tsx,
		   const struct sip_msg *m, int err)
{
	struct tsxtest_event *e;
	char *text;
	size_t len;

	if (t->nev == TSXTEST_MAX_EVENTS)
		return;
	e = &t->ev[t->nev++];
	memset(e, 0, sizeof(*e));
	e->what = what;
	e->time_us = net_timer_list_now(&t->timers);
	e->tsx = tsx;
	e->err = err;
	if (m != NULL) {
		e->status = m->is_request ? 0 : m->status;
		if (sip_msg_print_alloc(m, &text, &len) == 0) {
			sip_trace_first_line(text, len, e->line, sizeof(e->line));
			free(text);
		}
	}
}

static void on_response(void *arg, struct sip_tsx *tsx, const struct sip_msg *resp)
{
	record(arg, TSXTEST_RESPONSE, tsx, resp, 0);
}

static void on_timeout(void *arg, struct sip_tsx *tsx)
{
	record(arg, TSXTEST_TIMEOUT, tsx, NULL, 0);
}

static void on_transport_error(void *arg, struct sip_tsx *tsx, int err)
{
	record(arg, TSXTEST_TRANSPORT_ERROR, tsx, NULL, err);
}

static void on_terminated(void *arg, struct sip_tsx *tsx)
{
	struct tsxtest *t = arg;

	record(t, TSXTEST_TERMINATED, tsx, NULL, 0);
	if (t->server == tsx)
		t->server = NULL;
}

static void on_request(void *arg, struct sip_tsx *tsx, const struct sip_msg *req)
{
	struct tsxtest *t = arg;
	struct sip_msg *resp;

	record(t, TSXTEST_REQUEST, tsx, req, 0);
	t->server = tsx;
	if (t->answer != 0 && sip_msg_create_response(req, t->answer, NULL, "srv1", &resp) == 0) {
		CU_ASSERT_EQUAL(sip_tsx_respond(tsx, resp), 0);
		sip_msg_destroy(resp);
	}
}

static void on_ack(void *arg, struct sip_tsx *tsx, const struct sip_msg *ack,
		   const struct sip_recv_info *from)
{
	(void)from;
	record(arg, TSXTEST_ACK, tsx, ack, 0);
}

static void on_stray(void *arg, const struct sip_msg *resp, const struct sip_recv_info *from)
{
	(void)from;
	record(arg, TSXTEST_STRAY, NULL, resp, 0);
}

struct sip_tsx_handler tsxtest_handler(struct tsxtest *t)
{
	struct sip_tsx_handler h = { on_response, on_timeout, on_transport_error, on_terminated, t };

	return h;
}

int tsxtest_init(struct tsxtest *t, const struct sip_transport_config *cfg,
		 const struct sip_tsx_config *tcfg)
{
	struct sip_transport_config def;
	struct sip_env env;
	struct sip_tu tu;

	memset(t, 0, sizeof(*t));
	net_timer_list_init(&t->timers, 0);
	net_rand_seed(&t->rand, 1);
	memset(&env, 0, sizeof(env));
	env.timers = &t->timers;
	env.send = tsxtest_send;
	env.send_arg = t;
	env.log.cb = tsxtest_log_cb;
	env.log.arg = t;
	env.rand = &t->rand;
	if (cfg == NULL) {
		memset(&def, 0, sizeof(def));
		def.udp = tsxtest_addr(TSXTEST_LOCAL);
		def.tcp = def.udp;
		cfg = &def;
	}
	int rc = sip_transport_create(&t->tp, &env, cfg);

	if (rc != 0)
		return rc;
	memset(&tu, 0, sizeof(tu));
	tu.on_request = on_request;
	tu.on_ack = on_ack;
	tu.on_stray_response = on_stray;
	tu.server = tsxtest_handler(t);
	tu.server.on_response = NULL;
	tu.arg = t;
	return sip_tsx_layer_create(&t->layer, t->tp, tcfg, &tu);
}

void tsxtest_fini(struct tsxtest *t)
{
	sip_tsx_layer_destroy(t->layer);
	sip_transport_destroy(t->tp);
	net_timer_list_fini(&t->timers);
	for (size_t i = 0; i < t->nsent; i++)
		free(t->sent[i].data);
	free(t->log);
	memset(t, 0, sizeof(*t));
}

void tsxtest_advance(struct tsxtest *t, uint64_t to_us)
{
	net_timer_list_advance(&t->timers, to_us);
}

int tsxtest_recv_bytes(struct tsxtest *t, enum sip_proto proto, const char *src, uint64_t conn,
		       const char *data, size_t len, size_t *consumed)
{
	struct sip_recv_info from;
	size_t dummy;

	memset(&from, 0, sizeof(from));
	from.proto = proto;
	from.src = tsxtest_addr(src);
	from.local = tsxtest_addr(TSXTEST_LOCAL);
	from.conn_id = proto == SIP_PROTO_TCP ? conn : 0;
	return sip_transport_recv(t->tp, &from, data, len, consumed != NULL ? consumed : &dummy);
}

int tsxtest_recv(struct tsxtest *t, enum sip_proto proto, const char *src, uint64_t conn,
		 const char *text)
{
	return tsxtest_recv_bytes(t, proto, src, conn, text, strlen(text), NULL);
}

struct sip_msg *tsxtest_sent_msg(const struct tsxtest *t, size_t i)
{
	struct sip_msg *m = NULL;

	CU_ASSERT(i < t->nsent);
	if (i >= t->nsent)
		return NULL;
	CU_ASSERT_EQUAL(sip_msg_parse(t->sent[i].data, t->sent[i].len, &m, NULL), 0);
	return m;
}

char *tsxtest_response_to(const struct tsxtest *t, size_t i, int status, const char *to_tag)
{
	struct sip_msg *req = tsxtest_sent_msg(t, i), *resp = NULL;
	char *text = NULL;
	size_t len;

	if (req != NULL && sip_msg_create_response(req, status, NULL, to_tag, &resp) == 0)
		(void)sip_msg_print_alloc(resp, &text, &len);
	sip_msg_destroy(resp);
	sip_msg_destroy(req);
	CU_ASSERT_PTR_NOT_NULL(text);
	return text;
}

char *tsxtest_peer_request(const char *method, enum sip_proto proto, const char *branch,
			   unsigned cseq, const char *cseq_method, const char *to_tag)
{
	char via_branch[128] = "", to[64] = "";
	char *text = malloc(1024);

	if (text == NULL)
		return NULL;
	if (branch != NULL)
		snprintf(via_branch, sizeof(via_branch), ";branch=%s", branch);
	if (to_tag != NULL)
		snprintf(to, sizeof(to), ";tag=%s", to_tag);
	snprintf(text, 1024,
		 "%s sip:bob@192.0.2.1 SIP/2.0\r\n"
		 "Via: SIP/2.0/%s 192.0.2.9:5060%s\r\n"
		 "Max-Forwards: 70\r\n"
		 "To: <sip:bob@192.0.2.1>%s\r\n"
		 "From: <sip:alice@192.0.2.9>;tag=a1\r\n"
		 "Call-ID: call-1@192.0.2.9\r\n"
		 "CSeq: %u %s\r\n"
		 "Content-Length: 0\r\n\r\n",
		 method, sip_proto_name(proto), via_branch, to, cseq, cseq_method);
	return text;
}

struct sip_msg *tsxtest_our_request(const char *method)
{
	struct sip_msg *m = NULL;
	char cseq[64];

	CU_ASSERT_EQUAL(sip_msg_create_request(method, "sip:bob@192.0.2.9", &m), 0);
	if (m == NULL)
		return NULL;
	snprintf(cseq, sizeof(cseq), "1 %s", method);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_MAX_FORWARDS, "70"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_TO, "<sip:bob@192.0.2.9>"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_FROM, "<sip:alice@192.0.2.1>;tag=88sja8x"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_CALL_ID, "987asjd97y7atg@192.0.2.1"), 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_add(m, SIP_HDR_CSEQ, cseq), 0);
	return m;
}

struct net_addr tsxtest_addr(const char *text)
{
	struct net_addr a;

	memset(&a, 0, sizeof(a));
	CU_ASSERT_EQUAL(net_addr_parse(&a, text, 5060), 0);
	return a;
}

struct sip_dest tsxtest_dest(enum sip_proto proto, const char *addr)
{
	struct sip_dest d;

	memset(&d, 0, sizeof(d));
	d.proto = proto;
	d.addr = tsxtest_addr(addr);
	return d;
}

bool tsxtest_log_has(const struct tsxtest *t, const char *needle)
{
	return t->log != NULL && strstr(t->log, needle) != NULL;
}

size_t tsxtest_count_sent(const struct tsxtest *t, const char *prefix)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nsent; i++)
		if (strncmp(t->sent[i].line, prefix, strlen(prefix)) == 0)
			n++;
	return n;
}

size_t tsxtest_count_events(const struct tsxtest *t, enum tsxtest_what what)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nev; i++)
		if (t->ev[i].what == what)
			n++;
	return n;
}

size_t tsxtest_find_event(const struct tsxtest *t, enum tsxtest_what what)
{
	for (size_t i = 0; i < t->nev; i++)
		if (t->ev[i].what == what)
			return i;
	return (size_t)-1;
}

void tsxtest_dump(const struct tsxtest *t)
{
	printf("\n  sent:\n");
	for (size_t i = 0; i < t->nsent; i++)
		printf("  %2zu %10llu %s %s\n", i, (unsigned long long)t->sent[i].time_us,
		       sip_proto_name(t->sent[i].dst.proto), t->sent[i].line);
	printf("  log:\n%s", t->log != NULL ? t->log : "");
}
