/* tests/sip/simnet.c - the in-memory network of the scenario tests (see simnet.h).
 *
 * A message in flight is a `struct delivery`: a copy of the bytes, where they go, and
 * an intrusive timer on the network's list that fires after the link latency.  Set
 * SIMNET_VERBOSE=1 in the environment to watch the log and the ladder live.
 */
#include "tests/sip/simnet.h"

#include "net/rand.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct simnet_node {
	struct simnet *net;
	char name[32];
	struct net_addr addr;
	struct net_rand rand;
	simnet_recv_cb recv;
	void *recv_arg;
};

struct simnet_rule {           /* drop the nth matching message */
	char from[32], to[32];     /* "" = any */
	char prefix[64];           /* "" = any */
	unsigned nth;
	unsigned seen;
};

struct simnet_latency_rule {
	char from[32], to[32];
	uint64_t us;
};

struct delivery {
	struct net_timer timer;
	struct simnet *net;
	struct simnet_node *to;
	struct sip_recv_info from;
	struct delivery *next, *prev;  /* in flight */
	size_t len;
	char data[];                   /* the bytes */
};

struct simnet {
	struct net_timer_list timers;
	struct net_rand rand;           /* for simnet_loss */
	uint64_t seed;
	struct simnet_node nodes[SIMNET_MAX_NODES];
	size_t nnodes;
	struct simnet_rule rules[SIMNET_MAX_RULES];
	size_t nrules;
	struct simnet_latency_rule lat[SIMNET_MAX_RULES];
	size_t nlat;
	unsigned loss;                  /* percent */
	struct simnet_arrow arrows[SIMNET_MAX_ARROWS];
	size_t narrows;
	struct delivery *flight;        /* messages in flight */
	uint64_t pairs[SIMNET_MAX_NODES][SIMNET_MAX_NODES];  /* TCP connection ids */
	uint64_t next_conn;
	char *log;
	size_t log_len, log_cap;
	bool verbose;
};

int simnet_create(struct simnet **out, uint64_t seed)
{
	struct simnet *n = calloc(1, sizeof(*n));

	*out = NULL;
	if (n == NULL)
		return ENOMEM;
	net_timer_list_init(&n->timers, 0);
	n->seed = seed;
	net_rand_seed(&n->rand, seed);
	n->verbose = getenv("SIMNET_VERBOSE") != NULL;
	*out = n;
	return 0;
}

void simnet_destroy(struct simnet *n)
{
	if (n == NULL)
		return;
	while (n->flight != NULL) {
		struct delivery *d = n->flight;

		n->flight = d->next;
		net_timer_stop(&n->timers, &d->timer);
		free(d);
	}
	net_timer_list_fini(&n->timers);
	free(n->log);
	free(n);
}

struct net_timer_list *simnet_timers(struct simnet *n)
{
	return &n->timers;
}

uint64_t simnet_now(const struct simnet *n)
{
	return net_timer_list_now(&n->timers);
}

/* ---- Log ------------------------------------------------------------------------------ */

static void append(struct simnet *n, const char *a, const char *b, const char *c)
{
	size_t need = strlen(a) + strlen(b) + strlen(c) + 4;

	if (n->log_len + need > n->log_cap) {
		size_t cap = (n->log_cap + need) * 2;
		char *p = realloc(n->log, cap);

		if (p == NULL)
			return;
		n->log = p;
		n->log_cap = cap;
	}
	n->log_len += (size_t)snprintf(n->log + n->log_len, n->log_cap - n->log_len, "%s %s: %s\n",
				       a, b, c);
}

static void node_log(void *arg, enum net_log_level level, const char *layer, const char *line)
{
	struct simnet_node *node = arg;

	(void)level;
	append(node->net, node->name, layer, line);
	if (node->net->verbose)
		printf("  %10llu %s %s: %s\n", (unsigned long long)simnet_now(node->net), node->name,
		       layer, line);
}

const char *simnet_log(const struct simnet *n)
{
	return n->log != NULL ? n->log : "";
}

bool simnet_log_has(const struct simnet *n, const char *needle)
{
	return strstr(simnet_log(n), needle) != NULL;
}

/* ---- Nodes ---------------------------------------------------------------------------- */

static struct simnet_node *node_at(struct simnet *n, const struct net_addr *a)
{
	for (size_t i = 0; i < n->nnodes; i++)
		if (net_addr_equal(&n->nodes[i].addr, a))
			return &n->nodes[i];
	return NULL;
}

static void transport_recv(void *arg, const struct sip_recv_info *from, const char *data,
			   size_t len)
{
	size_t consumed;

	/* One simulated TCP segment is one whole message: all of it is consumed. */
	(void)sip_transport_recv(arg, from, data, len, &consumed);
}

static int node_send(void *arg, const struct sip_dest *dst, const char *data, size_t len,
		     struct sip_sent *sent);

struct simnet_node *simnet_node_add(struct simnet *n, const char *name, const char *addr)
{
	struct simnet_node *node;

	if (n->nnodes == SIMNET_MAX_NODES)
		return NULL;
	node = &n->nodes[n->nnodes];
	memset(node, 0, sizeof(*node));
	if (net_addr_parse(&node->addr, addr, SIP_DEFAULT_PORT) != 0)
		return NULL;
	node->net = n;
	snprintf(node->name, sizeof(node->name), "%s", name);
	net_rand_seed(&node->rand, n->seed * 1000003u + n->nnodes + 1);
	n->nnodes++;
	return node;
}

const struct net_addr *simnet_node_addr(const struct simnet_node *node)
{
	return &node->addr;
}

const char *simnet_node_name(const struct simnet_node *node)
{
	return node->name;
}

void simnet_node_env(struct simnet_node *node, struct sip_env *env)
{
	memset(env, 0, sizeof(*env));
	env->timers = &node->net->timers;
	env->send = node_send;
	env->send_arg = node;
	env->log.cb = node_log;
	env->log.arg = node;
	env->rand = &node->rand;
}

void simnet_node_set_recv(struct simnet_node *node, simnet_recv_cb cb, void *arg)
{
	node->recv = cb;
	node->recv_arg = arg;
}

void simnet_node_attach(struct simnet_node *node, struct sip_transport *t)
{
	simnet_node_set_recv(node, transport_recv, t);
}

/* ---- Links ------------------------------------------------------------------------------ */

static bool name_fits(const char *rule, const char *name)
{
	return rule[0] == '\0' || strcmp(rule, name) == 0;
}

void simnet_latency(struct simnet *n, const char *from, const char *to, uint64_t us)
{
	struct simnet_latency_rule *r;

	if (n->nlat == SIMNET_MAX_RULES)
		return;
	r = &n->lat[n->nlat++];
	snprintf(r->from, sizeof(r->from), "%s", from != NULL ? from : "");
	snprintf(r->to, sizeof(r->to), "%s", to != NULL ? to : "");
	r->us = us;
}

static uint64_t latency(const struct simnet *n, const char *from, const char *to)
{
	uint64_t us = 0;

	for (size_t i = 0; i < n->nlat; i++)
		if (name_fits(n->lat[i].from, from) && name_fits(n->lat[i].to, to))
			us = n->lat[i].us;
	return us;
}

int simnet_drop(struct simnet *n, const char *from, const char *to, const char *prefix,
		unsigned nth)
{
	struct simnet_rule *r;

	if (n->nrules == SIMNET_MAX_RULES)
		return ENOBUFS;
	r = &n->rules[n->nrules++];
	memset(r, 0, sizeof(*r));
	snprintf(r->from, sizeof(r->from), "%s", from != NULL ? from : "");
	snprintf(r->to, sizeof(r->to), "%s", to != NULL ? to : "");
	snprintf(r->prefix, sizeof(r->prefix), "%s", prefix != NULL ? prefix : "");
	r->nth = nth;
	return 0;
}

void simnet_loss(struct simnet *n, unsigned percent)
{
	n->loss = percent > 100 ? 100 : percent;
}

/* Does a rule (or the random loss) take this message? */
static bool dropped(struct simnet *n, const struct simnet_arrow *a)
{
	bool drop = false;

	for (size_t i = 0; i < n->nrules; i++) {
		struct simnet_rule *r = &n->rules[i];

		if (!name_fits(r->from, a->from) || !name_fits(r->to, a->to) ||
		    strncmp(a->line, r->prefix, strlen(r->prefix)) != 0)
			continue;
		if (++r->seen == r->nth)
			drop = true;
	}
	if (n->loss != 0 && a->proto == SIP_PROTO_UDP && net_rand_below(&n->rand, 100) < n->loss)
		drop = true;
	return drop;
}

/* ---- Delivery --------------------------------------------------------------------------- */

static void deliver(struct net_timer *t, void *arg)
{
	struct delivery *d = arg;
	struct simnet *n = d->net;

	(void)t;
	if (d->prev != NULL)
		d->prev->next = d->next;
	else
		n->flight = d->next;
	if (d->next != NULL)
		d->next->prev = d->prev;
	if (d->to->recv != NULL)
		d->to->recv(d->to->recv_arg, &d->from, d->data, d->len);
	free(d);
}

static uint64_t conn_of(struct simnet *n, const struct simnet_node *a, const struct simnet_node *b)
{
	size_t i = (size_t)(a - n->nodes), j = (size_t)(b - n->nodes);

	if (n->pairs[i][j] == 0)
		n->pairs[i][j] = n->pairs[j][i] = ++n->next_conn;
	return n->pairs[i][j];
}

static struct simnet_arrow *record(struct simnet *n, const struct simnet_node *from,
				   const struct simnet_node *to, const struct sip_dest *dst,
				   const char *data, size_t len)
{
	static struct simnet_arrow overflow;
	struct simnet_arrow *a = n->narrows < SIMNET_MAX_ARROWS ? &n->arrows[n->narrows++] : &overflow;

	memset(a, 0, sizeof(*a));
	a->sent_us = simnet_now(n);
	a->from = from->name;
	a->to = to != NULL ? to->name : "?";
	a->proto = dst->proto;
	a->nobody = to == NULL;
	sip_trace_first_line(data, len, a->line, sizeof(a->line));
	return a;
}

static int node_send(void *arg, const struct sip_dest *dst, const char *data, size_t len,
		     struct sip_sent *sent)
{
	struct simnet_node *from = arg;
	struct simnet *n = from->net;
	struct simnet_node *to = node_at(n, &dst->addr);
	struct simnet_arrow *a;
	struct delivery *d;

	sent->local = from->addr;
	if (to == NULL && dst->proto == SIP_PROTO_TCP)
		return ECONNREFUSED;  /* a connection that never opens carries nothing */
	a = record(n, from, to, dst, data, len);
	if (to != NULL && dst->proto == SIP_PROTO_TCP)
		sent->conn_id = conn_of(n, from, to);
	a->dropped = to != NULL && dropped(n, a);
	a->recv_us = a->sent_us + (to != NULL ? latency(n, from->name, to->name) : 0);
	if (n->verbose) {
		char line[256];

		printf("  LADDER %s\n", simnet_arrow_format(n, n->narrows - 1, line, sizeof(line)));
	}
	if (to == NULL || a->dropped)
		return 0;
	d = malloc(sizeof(*d) + len);
	if (d == NULL)
		return ENOBUFS;
	memset(d, 0, sizeof(*d));
	memcpy(d->data, data, len);
	d->len = len;
	d->net = n;
	d->to = to;
	d->from.proto = dst->proto;
	d->from.src = from->addr;
	d->from.local = to->addr;
	d->from.conn_id = sent->conn_id;
	d->next = n->flight;
	if (d->next != NULL)
		d->next->prev = d;
	n->flight = d;
	net_timer_init(&d->timer, deliver, d);
	return net_timer_start(&n->timers, &d->timer, a->recv_us - a->sent_us);
}

void simnet_run(struct simnet *n, uint64_t until_us)
{
	net_timer_list_advance(&n->timers, until_us);
}

/* ---- The ladder ----------------------------------------------------------------------- */

size_t simnet_ladder_len(const struct simnet *n)
{
	return n->narrows;
}

const struct simnet_arrow *simnet_ladder(const struct simnet *n, size_t i)
{
	return i < n->narrows ? &n->arrows[i] : NULL;
}

const char *simnet_arrow_format(const struct simnet *n, size_t i, char *buf, size_t cap)
{
	const struct simnet_arrow *a = simnet_ladder(n, i);

	if (a == NULL) {
		snprintf(buf, cap, "(none)");
		return buf;
	}
	snprintf(buf, cap, "%llu.%06llu %s -> %s %s %s%s", (unsigned long long)(a->sent_us / 1000000),
		 (unsigned long long)(a->sent_us % 1000000), a->from, a->to, sip_proto_name(a->proto),
		 a->line, a->dropped ? " (dropped)" : a->nobody ? " (nobody)" : "");
	return buf;
}

void simnet_ladder_print(const struct simnet *n)
{
	char line[256];

	for (size_t i = 0; i < n->narrows; i++)
		printf("    \"%s\",\n", simnet_arrow_format(n, i, line, sizeof(line)));
}

bool simnet_ladder_expect(const struct simnet *n, const char *const *expected)
{
	char line[256];
	size_t count = 0;
	bool same = true;

	while (expected[count] != NULL)
		count++;
	same = count == n->narrows;
	for (size_t i = 0; same && i < count; i++)
		same = strcmp(simnet_arrow_format(n, i, line, sizeof(line)), expected[i]) == 0;
	if (!same) {
		printf("\n  expected ladder:\n");
		for (size_t i = 0; i < count; i++)
			printf("    \"%s\",\n", expected[i]);
		printf("  actual ladder:\n");
		simnet_ladder_print(n);
	}
	return same;
}
