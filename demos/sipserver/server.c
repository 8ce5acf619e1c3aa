/* demos/sipserver/server.c - sipserver's wiring (see server.h): sockets, one
 * transport, the library's server object, the outputs, and the program's own view
 * of the traffic: who registered, and the ladder when a call ends (a BYE's final
 * response, or an INVITE's final failure other than a challenge).
 */
#include "demos/sipserver/server.h"

#include "net/clock.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

/* The loop a signal stops (one server per program). */
static struct net_loop *signalled;

static void on_signal(int sig)
{
	(void)sig;
	if (signalled != NULL)
		net_loop_stop(signalled);
}

static void catch_signals(struct net_loop *loop)
{
	struct sigaction sa;

	signalled = loop;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
}

/* The address a message leaves from: the one it names, else the first of its family. */
static struct server_net *pick_net(struct server *sv, const struct sip_dest *dst)
{
	if (net_addr_family(&dst->local) != AF_UNSPEC)
		for (size_t i = 0; i < sv->net_count; i++)
			if (net_addr_equal(&sv->nets[i].local, &dst->local))
				return &sv->nets[i];
	for (size_t i = 0; i < sv->net_count; i++)
		if (net_addr_family(&sv->nets[i].local) == net_addr_family(&dst->addr))
			return &sv->nets[i];
	return &sv->nets[0];
}

static int multi_send(void *arg, const struct sip_dest *dst, const char *data, size_t len,
		      struct sip_sent *sent)
{
	struct server_net *n = pick_net(arg, dst);

	return n->send(n->send_arg, dst, data, len, sent);
}

static int open_nets(struct server *sv, const struct server_config *cfg)
{
	const char *prog = demo_see_options(sv->see)->prog;

	for (size_t i = 0; i < cfg->listen_count; i++) {
		struct server_net *n = &sv->nets[i];
		struct sip_env env;
		struct net_addr a;
		int rc;

		if (net_addr_parse(&a, cfg->listen[i], SIP_DEFAULT_PORT) != 0) {
			fprintf(stderr, "%s: --listen %s: not an IP address and port\n", prog,
				cfg->listen[i]);
			return EINVAL;
		}
		rc = sip_transport_net_open(&n->net, &sv->loop, &a, NULL);
		if (rc != 0) {
			fprintf(stderr, "%s: cannot listen on %s: %s\n", prog, cfg->listen[i],
				strerror(rc));
			return rc;
		}
		sv->net_count++;
		memset(&env, 0, sizeof(env));
		sip_transport_net_env(n->net, &env);
		n->send = env.send;
		n->send_arg = env.send_arg;
		n->local = *sip_transport_net_local(n->net);
	}
	return 0;
}

/* The aliases of the domain: every listening IP, once. */
static void fill_aliases(struct server *sv)
{
	size_t k = 0;

	for (size_t i = 0; i < sv->net_count; i++) {
		char ip[NET_ADDR_STRLEN];
		bool dup = false;

		(void)net_addr_format_ip(&sv->nets[i].local, ip, sizeof(ip));
		for (size_t j = 0; j < k; j++)
			dup = dup || strcmp(sv->aliases[j], ip) == 0;
		if (!dup) {
			memcpy(sv->aliases[k], ip, sizeof(ip));
			sv->alias_ptrs[k] = sv->aliases[k];
			k++;
		}
	}
	sv->alias_ptrs[k] = NULL;
}

static int open_transport(struct server *sv)
{
	struct sip_transport_config cfg;
	struct sip_env env;

	memset(&env, 0, sizeof(env));
	sip_transport_net_env(sv->nets[0].net, &env);
	env.send = multi_send;
	env.send_arg = sv;
	env.rand = &sv->rand;
	demo_see_wrap_env(sv->see, &env);
	memset(&cfg, 0, sizeof(cfg));
	cfg.udp = sv->nets[0].local;
	cfg.tcp = sv->nets[0].local;
	cfg.rport = true;
	return sip_transport_create(&sv->tp, &env, &cfg);
}

static void on_trace(void *arg, const struct sip_trace_event *ev);

static int open_server(struct server *sv, const struct server_config *cfg)
{
	const struct demo_see_options *o = demo_see_options(sv->see);
	struct sip_proxy_config pc;
	int rc;

	sip_proxy_config_default(&pc);
	pc.domain = sv->domain;
	pc.aliases = sv->alias_ptrs;
	pc.users = cfg->users;
	pc.mode = cfg->mode;
	pc.auth = cfg->auth;
	pc.min_expires_s = cfg->min_expires_s;
	if (o->t1_us != 0) {
		pc.tsx.t1_us = o->t1_us;
		if (pc.tsx.t2_us < o->t1_us)
			pc.tsx.t2_us = o->t1_us;
	}
	rc = sip_proxy_create(&sv->proxy, sv->tp, &pc);
	if (rc != 0) {
		fprintf(stderr, "%s: cannot start the server: %s\n", o->prog, strerror(rc));
		return rc;
	}
	rc = demo_see_attach(sv->see, sv->tp);
	if (rc == 0)
		rc = sip_transport_trace_add(sv->tp, demo_ladder_trace, sv->ladder);
	if (rc == 0)
		rc = sip_transport_trace_add(sv->tp, on_trace, sv);
	for (size_t i = 0; i < sv->net_count; i++)
		sip_transport_net_attach(sv->nets[i].net, sv->tp);
	return rc;
}

int server_open(struct server *sv, const struct server_config *cfg, struct demo_see *see)
{
	const char *prog = demo_see_options(see)->prog;
	int rc;

	memset(sv, 0, sizeof(*sv));
	sv->see = see;
	sv->log = demo_see_log(see);
	net_loop_init(&sv->loop, NULL, NULL);
	net_loop_set_log(&sv->loop, &sv->log);
	rc = net_rand_seed_os(&sv->rand);
	if (rc == 0)
		rc = demo_ladder_create(&sv->ladder, prog);
	if (rc == 0)
		rc = open_nets(sv, cfg);
	if (rc == 0) {
		fill_aliases(sv);
		snprintf(sv->domain, sizeof(sv->domain), "%s",
			 cfg->domain != NULL ? cfg->domain : sv->aliases[0]);
		rc = open_transport(sv);
		if (rc != 0)
			fprintf(stderr, "%s: cannot start the SIP transport: %s\n", prog, strerror(rc));
	}
	if (rc == 0)
		rc = open_server(sv, cfg);
	if (rc != 0) {
		server_close(sv);
		return rc;
	}
	catch_signals(&sv->loop);
	return 0;
}

void server_describe(const struct server *sv, char *buf, size_t cap)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sv->net_count && used < cap; i++) {
		char a[NET_ADDR_STRLEN];
		int n;

		(void)net_addr_format(&sv->nets[i].local, a, sizeof(a));
		n = snprintf(buf + used, cap - used, "%s%s (udp, tcp)", i > 0 ? ", " : "", a);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

int server_run(struct server *sv)
{
	/* Short turns: a signal that lands just before poll is still seen soon. */
	while (!sv->loop.stop) {
		int rc = net_loop_run_once(&sv->loop, 200000);

		if (rc != 0)
			return rc;
	}
	sv->loop.stop = 0;
	return 0;
}

void server_close(struct server *sv)
{
	for (size_t i = 0; i < sv->net_count; i++)
		sip_transport_net_attach(sv->nets[i].net, NULL);
	sip_proxy_destroy(sv->proxy);
	sip_transport_destroy(sv->tp);
	for (size_t i = 0; i < sv->net_count; i++)
		sip_transport_net_close(sv->nets[i].net);
	demo_ladder_destroy(sv->ladder);
	net_loop_fini(&sv->loop);
	if (signalled == &sv->loop)
		signalled = NULL;
	memset(sv, 0, sizeof(*sv));
}

/* ---- What the server shows of the traffic ------------------------------------------ */

/* A 2xx to a REGISTER leaves: say who is reachable where now. */
static void show_registration(struct server *sv, const struct sip_msg *m)
{
	const struct sip_addr *c = m->contact;
	size_t n = 0;

	for (const struct sip_addr *i = c; i != NULL; i = i->next)
		n++;
	if (m->to == NULL)
		return;
	if (n == 0) {
		demo_see_say(sv->see, "%.*s has no binding now", (int)m->to->uri.text.len,
			     m->to->uri.text.p);
		return;
	}
	demo_see_say(sv->see, "%.*s registered at %.*s, expires in %lld s (%zu binding%s)",
		     (int)m->to->uri.text.len, m->to->uri.text.p, (int)c->uri.text.len,
		     c->uri.text.p, (long long)(c->expires >= 0 ? c->expires : m->expires), n,
		     n == 1 ? "" : "s");
}

static void show_branches(struct server *sv, const char *call_id)
{
	struct sip_proxy_branch_record rec[16];
	size_t n = sip_proxy_call_branches(sv->proxy, call_id, rec, 16);
	FILE *c = demo_see_options(sv->see)->console;

	fprintf(c, "requests the server sent on (sip_proxy_call_branches):\n");
	for (size_t i = 0; i < n && i < 16; i++) {
		char dest[NET_ADDR_STRLEN] = "?";

		(void)net_addr_format(&rec[i].dest.addr, dest, sizeof(dest));
		char fin[48];

		if (rec[i].stateless)
			snprintf(fin, sizeof(fin), "stateless (no transaction)");
		else
			snprintf(fin, sizeof(fin), "final response %d", rec[i].status);
		fprintf(c, "  %-6s branch %-22.20s for %-22.20s to %s %s, %s\n", rec[i].method,
			rec[i].branch[0] != '\0' ? rec[i].branch : "-",
			rec[i].server_branch[0] != '\0' ? rec[i].server_branch : "-", dest,
			sip_proto_name(rec[i].dest.proto), fin);
	}
}

static void draw_call(struct server *sv, const struct sip_msg *m)
{
	char call_id[128];
	FILE *c = demo_see_options(sv->see)->console;
	size_t n = m->call_id.len < sizeof(call_id) - 1 ? m->call_id.len : sizeof(call_id) - 1;

	memcpy(call_id, m->call_id.p, n);
	call_id[n] = '\0';
	if (strcmp(call_id, sv->last_drawn) == 0)
		return;  /* a retransmitted final response ends nothing new */
	memcpy(sv->last_drawn, call_id, n + 1);
	fprintf(c, "\n==== ladder of call %s ====\n", call_id);
	(void)demo_ladder_print(sv->ladder, call_id, c);
	show_branches(sv, call_id);
	fprintf(c, "==== end of ladder ====\n\n");
	fflush(c);
	sv->calls_drawn++;
}

/* A call ends when the server sends the final response to a BYE, or a final failure
 * to an INVITE that is not a challenge (the caller answers those with credentials). */
static void on_trace(void *arg, const struct sip_trace_event *ev)
{
	struct server *sv = arg;
	struct sip_msg *m = NULL;
	struct sip_error err;

	if (ev->dir != SIP_TRACE_OUT)
		return;
	/* What we send may come without its parsed form: parse our own bytes. */
	if (sip_msg_parse(ev->data, ev->len, &m, &err) != 0)
		return;
	if (m->is_request || m->cseq == NULL || m->status < 200)
		; /* not the end of anything */
	else if (m->cseq->method == SIP_METHOD_REGISTER && m->status < 300)
		show_registration(sv, m);
	else if (m->cseq->method == SIP_METHOD_BYE ||
		 (m->cseq->method == SIP_METHOD_INVITE && m->status >= 300 && m->status != 401 &&
		  m->status != 407))
		draw_call(sv, m);
	sip_msg_destroy(m);
}
