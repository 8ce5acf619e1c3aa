/* demos/common/ladder.c - the ASCII ladder of a call (see ladder.h).
 *
 * Each message the middle program saw is one event: direction, the peer's address,
 * the label (method, or status and reason), Call-ID, CSeq method, top Via branch and
 * the users in From/To.  Rendering picks A (the sender of the call's first INVITE)
 * and B (where the middle sent its first INVITE) and draws each event in the gap
 * between the middle and the peer's column.
 */
#include "demos/common/ladder.h"

#include "sip/msg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct ladder_event {
	uint64_t t_us;            /* trace time, us */
	bool out;                 /* sent by the middle */
	bool is_register;         /* CSeq method REGISTER */
	bool invite_request;      /* an INVITE request */
	bool drawn;               /* a REGISTER already shown in a ladder */
	char party[NET_ADDR_STRLEN + 8];  /* who the other end is (party_key) */
	char label[40];           /* "INVITE", "180 Ringing" */
	char call_id[128];
	char branch[64];          /* top Via branch */
	char from_user[32];
	char to_user[32];
};

#define LADDER_CONNS 64  /* TCP connections remembered with their party */

struct ladder_conn {
	uint64_t id;                       /* net_tcp_conn_id, 0: free */
	char party[NET_ADDR_STRLEN + 8];
};

struct demo_ladder {
	char middle[32];
	struct ladder_conn conns[LADDER_CONNS];
	size_t conn_next;
	struct ladder_event *ev;  /* ring of DEMO_LADDER_EVENTS */
	size_t count;             /* events recorded in total */
};

int demo_ladder_create(struct demo_ladder **out, const char *middle)
{
	struct demo_ladder *l = calloc(1, sizeof(*l));

	*out = NULL;
	if (l == NULL)
		return ENOMEM;
	l->ev = calloc(DEMO_LADDER_EVENTS, sizeof(*l->ev));
	if (l->ev == NULL) {
		free(l);
		return ENOMEM;
	}
	snprintf(l->middle, sizeof(l->middle), "%s", middle);
	*out = l;
	return 0;
}

void demo_ladder_destroy(struct demo_ladder *l)
{
	if (l == NULL)
		return;
	free(l->ev);
	free(l);
}

static void copy_str(struct sip_str s, char *buf, size_t cap)
{
	size_t n = s.len < cap - 1 ? s.len : cap - 1;

	if (s.p != NULL)
		memcpy(buf, s.p, n);
	else
		n = 0;
	buf[n] = '\0';
}

static struct ladder_conn *conn_find(struct demo_ladder *l, uint64_t id)
{
	for (size_t i = 0; id != 0 && i < LADDER_CONNS; i++)
		if (l->conns[i].id == id)
			return &l->conns[i];
	return NULL;
}

/* Who the other end is.  A UA can reach us from several addresses (a TCP connection
 * from an ephemeral port, UDP from its listening port), so the key is the sent-by of
 * the requester's Via for requests in and responses out (the same on all of them),
 * and for requests out and responses in the party of their TCP connection when one
 * carried a request before, else the peer's address. */
static void party_key(struct demo_ladder *l, const struct sip_trace_event *ev,
		      const struct sip_msg *m, char *key, size_t cap)
{
	bool from_requester = m->is_request == (ev->dir == SIP_TRACE_IN);
	struct ladder_conn *c = conn_find(l, ev->conn_id);

	if (from_requester && m->via != NULL) {
		snprintf(key, cap, "%.*s:%d", (int)m->via->host.len, m->via->host.p,
			 m->via->port > 0 ? m->via->port : 5060);
		if (ev->conn_id != 0 && c == NULL) {
			c = &l->conns[l->conn_next];
			l->conn_next = (l->conn_next + 1) % LADDER_CONNS;
			c->id = ev->conn_id;
			snprintf(c->party, sizeof(c->party), "%s", key);
		}
		return;
	}
	if (c != NULL) {
		snprintf(key, cap, "%s", c->party);
		return;
	}
	if (net_addr_format(ev->dir == SIP_TRACE_OUT ? &ev->dst : &ev->src, key, cap) != 0)
		snprintf(key, cap, "?");
}

void demo_ladder_trace(void *arg, const struct sip_trace_event *ev)
{
	struct demo_ladder *l = arg;
	const struct sip_msg *m = ev->msg;
	struct ladder_event *e = &l->ev[l->count % DEMO_LADDER_EVENTS];
	struct sip_msg *parsed = NULL;
	struct sip_error err;

	/* Messages we send may come without their parsed form. */
	if (m == NULL && sip_msg_parse(ev->data, ev->len, &parsed, &err) == 0)
		m = parsed;
	if (m == NULL)
		return;
	memset(e, 0, sizeof(*e));
	e->t_us = ev->time_us;
	e->out = ev->dir == SIP_TRACE_OUT;
	party_key(l, ev, m, e->party, sizeof(e->party));
	if (m->is_request)
		copy_str(m->method_name, e->label, sizeof(e->label));
	else
		snprintf(e->label, sizeof(e->label), "%d %.*s", m->status, (int)m->reason.len,
			 m->reason.p != NULL ? m->reason.p : "");
	copy_str(m->call_id, e->call_id, sizeof(e->call_id));
	if (m->via != NULL)
		copy_str(m->via->branch, e->branch, sizeof(e->branch));
	if (m->from != NULL)
		copy_str(m->from->uri.user, e->from_user, sizeof(e->from_user));
	if (m->to != NULL)
		copy_str(m->to->uri.user, e->to_user, sizeof(e->to_user));
	e->is_register = m->cseq != NULL && m->cseq->method == SIP_METHOD_REGISTER;
	e->invite_request = m->is_request && m->method == SIP_METHOD_INVITE;
	l->count++;
	sip_msg_destroy(parsed);
}

/* The events still in the ring, oldest first: index i of n. */
static size_t ring_size(const struct demo_ladder *l)
{
	return l->count < DEMO_LADDER_EVENTS ? l->count : DEMO_LADDER_EVENTS;
}

static struct ladder_event *ring_at(struct demo_ladder *l, size_t i)
{
	return &l->ev[(l->count - ring_size(l) + i) % DEMO_LADDER_EVENTS];
}

/* One arrow in a gap of DEMO_LADDER_GAP - 1 characters. */
static void draw_arrow(char *gap, bool rightward, const char *label)
{
	size_t w = DEMO_LADDER_GAP - 1, n = strlen(label);

	if (n > w - 9)
		n = w - 9;
	memset(gap, '-', w);
	if (rightward) {
		gap[w - 1] = '>';
		gap[3] = ' ';
		memcpy(gap + 4, label, n);
		gap[4 + n] = ' ';
	} else {
		gap[0] = '<';
		gap[3] = ' ';
		memcpy(gap + 4, label, n);
		gap[4 + n] = ' ';
	}
}

static void draw_row(FILE *f, double t, int gap_index, bool rightward, const char *label,
		     const char *note)
{
	char row[DEMO_LADDER_TIME + 2 * DEMO_LADDER_GAP + 2];
	size_t a = DEMO_LADDER_TIME, s = a + DEMO_LADDER_GAP, b = s + DEMO_LADDER_GAP;

	memset(row, ' ', sizeof(row));
	row[b + 1] = '\0';
	row[a] = row[s] = row[b] = '|';
	if (gap_index >= 0)
		draw_arrow(row + (gap_index == 0 ? a : s) + 1, rightward, label);
	fprintf(f, "%8.3f %s  %s\n", t, row + DEMO_LADDER_TIME, note);
}

static void header(FILE *f, const char *a_name, const char *aa, const char *middle,
		   const char *b_name, const char *ba)
{
	int w = DEMO_LADDER_GAP;

	fprintf(f, "%*s%-*s%-*s%s\n", DEMO_LADDER_TIME, "", w, a_name, w, middle, b_name);
	fprintf(f, "%*s%-*s%-*s%s\n", DEMO_LADDER_TIME, "", w, aa, w, "", ba);
}

struct parties {
	const struct ladder_event *a_inv;  /* first INVITE received */
	const struct ladder_event *b_inv;  /* first INVITE sent */
	uint64_t t0;
};

static bool find_parties(struct demo_ladder *l, const char *call_id, struct parties *p)
{
	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < ring_size(l); i++) {
		const struct ladder_event *e = ring_at(l, i);

		if (!e->invite_request || strcmp(e->call_id, call_id) != 0)
			continue;
		if (!e->out && p->a_inv == NULL)
			p->a_inv = e;
		if (e->out && p->b_inv == NULL)
			p->b_inv = e;
	}
	return p->a_inv != NULL;
}

/* The call's messages, and the registrations of its parties before its first INVITE
 * (those that made the call possible; a later unregistration is not part of it). */
static bool wanted(const struct ladder_event *e, const char *call_id, const struct parties *p)
{
	if (strcmp(e->call_id, call_id) == 0)
		return true;
	return e->is_register && !e->drawn && e->t_us <= p->a_inv->t_us &&
	       (strcmp(e->party, p->a_inv->party) == 0 ||
		(p->b_inv != NULL && strcmp(e->party, p->b_inv->party) == 0));
}

size_t demo_ladder_print(struct demo_ladder *l, const char *call_id, FILE *f)
{
	struct parties p;
	size_t rows = 0;
	bool have_t0 = false;

	if (!find_parties(l, call_id, &p))
		return 0;
	char a_name[48], b_name[48];

	snprintf(a_name, sizeof(a_name), "A %s", p.a_inv->from_user);
	if (p.b_inv != NULL)
		snprintf(b_name, sizeof(b_name), "B %s", p.b_inv->to_user);
	else
		snprintf(b_name, sizeof(b_name), "B %s (not reached)", p.a_inv->to_user);
	header(f, a_name, p.a_inv->party, l->middle, b_name,
	       p.b_inv != NULL ? p.b_inv->party : "");
	for (size_t i = 0; i < ring_size(l); i++) {
		struct ladder_event *e = ring_at(l, i);
		bool is_a = strcmp(e->party, p.a_inv->party) == 0;
		char note[96];

		if (!wanted(e, call_id, &p))
			continue;
		if (!have_t0) {
			p.t0 = e->t_us;
			have_t0 = true;
		}
		snprintf(note, sizeof(note), "%.13s%s", e->branch, strlen(e->branch) > 13 ? ".." : "");
		if (!is_a && p.b_inv != NULL && strcmp(e->party, p.b_inv->party) != 0)
			snprintf(note + strlen(note), sizeof(note) - strlen(note), " (%s)", e->party);
		draw_row(f, (double)(e->t_us - p.t0) / 1e6, is_a ? 0 : 1, is_a ? !e->out : e->out,
			 e->label, note);
		if (e->is_register)
			e->drawn = true;
		rows++;
	}
	fflush(f);
	return rows;
}

bool demo_ladder_parse_row(const char *line, char *buf, size_t cap)
{
	size_t a = DEMO_LADDER_TIME, s = a + DEMO_LADDER_GAP, b = s + DEMO_LADDER_GAP;
	size_t n = strlen(line);

	if (n <= b || line[a] != '|' || line[s] != '|' || line[b] != '|')
		return false;
	for (int g = 0; g < 2; g++) {
		const char *gap = line + (g == 0 ? a : s) + 1;
		size_t w = DEMO_LADDER_GAP - 1, len = 0;

		if (gap[0] != '<' && gap[w - 1] != '>')
			continue;
		bool right = gap[w - 1] == '>';
		const char *label = gap + 4;

		while (len < w - 5 && label[len] != ' ' && label[len] != '-')
			len++;
		const char *dir = g == 0 ? (right ? "A>S" : "S>A") : (right ? "S>B" : "B>S");

		snprintf(buf, cap, "%s %.*s", dir, (int)len, label);
		return true;
	}
	return false;
}
