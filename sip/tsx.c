/* sip/tsx.c - the transaction layer: its object, the one dispatcher every state
 * machine runs on, and the building blocks of their actions (RFC 3261 §17, RFC 6026).
 *
 * The dispatcher (tsx_step) is the whole of the machine's behaviour besides the
 * tables: find the row for (state, event), set the state, run the row's action, log
 * "From -(event)-> To, note".  A pair with no row is logged and ignored.  Events for
 * a transaction that is already handling one (a TU answering from inside on_request,
 * a send failing inside an action) wait in its queue and run right after, so an
 * action always finishes before the next transition starts.
 *
 * Leaves out: the machines themselves (tsx_ict.c, tsx_nict.c, tsx_ist.c,
 * tsx_nist.c), matching and the tables (tsx_match.c), starting client transactions
 * (tsx_client.c).
 */
#include "sip/tsx_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAYER "tsx"
#define BUCKETS 1024  /* per table; a power of two */

static const char *const state_names[] = {
	[SIP_TSX_INIT] = "Init",           [SIP_TSX_CALLING] = "Calling",
	[SIP_TSX_TRYING] = "Trying",       [SIP_TSX_PROCEEDING] = "Proceeding",
	[SIP_TSX_COMPLETED] = "Completed", [SIP_TSX_CONFIRMED] = "Confirmed",
	[SIP_TSX_ACCEPTED] = "Accepted",   [SIP_TSX_TERMINATED] = "Terminated",
};

/* The arrows' labels in Figures 5-8. */
static const char *const event_names[TSX_EV_COUNT] = {
	[TSX_EV_INVITE_FROM_TU] = "INVITE from TU", [TSX_EV_REQUEST_FROM_TU] = "Request from TU",
	[TSX_EV_INVITE] = "INVITE",                 [TSX_EV_REQUEST] = "Request",
	[TSX_EV_ACK] = "ACK",                       [TSX_EV_1XX] = "1xx",
	[TSX_EV_2XX] = "2xx",                       [TSX_EV_300_699] = "300-699",
	[TSX_EV_200_699] = "200-699",               [TSX_EV_TU_1XX] = "1xx from TU",
	[TSX_EV_TU_2XX] = "2xx from TU",            [TSX_EV_TU_300_699] = "300-699 from TU",
	[TSX_EV_TU_200_699] = "200-699 from TU",    [TSX_EV_TIMER_A] = "Timer A",
	[TSX_EV_TIMER_B] = "Timer B",               [TSX_EV_TIMER_D] = "Timer D",
	[TSX_EV_TIMER_E] = "Timer E",               [TSX_EV_TIMER_F] = "Timer F",
	[TSX_EV_TIMER_G] = "Timer G",               [TSX_EV_TIMER_H] = "Timer H",
	[TSX_EV_TIMER_I] = "Timer I",               [TSX_EV_TIMER_J] = "Timer J",
	[TSX_EV_TIMER_K] = "Timer K",               [TSX_EV_TIMER_L] = "Timer L",
	[TSX_EV_TIMER_M] = "Timer M",               [TSX_EV_TRYING] = "200 ms without TU response",
	[TSX_EV_TRANSPORT_ERR] = "Transport Err.",
};

static const struct tsx_machine *const machines[] = {
	[SIP_TSX_ICT] = &tsx_ict_machine,
	[SIP_TSX_NICT] = &tsx_nict_machine,
	[SIP_TSX_IST] = &tsx_ist_machine,
	[SIP_TSX_NIST] = &tsx_nist_machine,
};

void sip_tsx_config_default(struct sip_tsx_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	/* RFC3261 17.1.1.1: "T1 ... defaults to 500 ms"; 17.1.2.2: "The default value of
	 * T2 is 4s"; 17.1.2.2: "The default value of T4 is 5s." */
	cfg->t1_us = SIP_TSX_T1;
	cfg->t2_us = SIP_TSX_T2;
	cfg->t4_us = SIP_TSX_T4;
	cfg->trying_us = SIP_TSX_TRYING_US;
	cfg->max = SIP_TSX_MAX;
	cfg->retry_after_s = SIP_TSX_RETRY_AFTER;
}

int sip_tsx_layer_create(struct sip_tsx_layer **out, struct sip_transport *transport,
			 const struct sip_tsx_config *cfg, const struct sip_tu *tu)
{
	*out = NULL;
	if (transport == NULL || (cfg != NULL && (cfg->t1_us == 0 || cfg->t2_us < cfg->t1_us)))
		return EINVAL;
	struct sip_tsx_layer *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return ENOMEM;
	l->buckets = BUCKETS;
	l->client = calloc(l->buckets, sizeof(*l->client));
	l->server = calloc(l->buckets, sizeof(*l->server));
	if (l->client == NULL || l->server == NULL) {
		free(l->client);
		free(l->server);
		free(l);
		return ENOMEM;
	}
	l->transport = transport;
	if (cfg != NULL)
		l->cfg = *cfg;
	else
		sip_tsx_config_default(&l->cfg);
	if (tu != NULL)
		l->tu = *tu;
	struct sip_transport_user user = { tsx_on_message, tsx_on_error, l };

	sip_transport_set_user(transport, &user);
	*out = l;
	return 0;
}

static void free_table(struct sip_tsx **table, size_t buckets)
{
	for (size_t i = 0; i < buckets; i++)
		while (table[i] != NULL) {
			struct sip_tsx *tsx = table[i];

			tsx_table_remove(tsx);
			tsx_free(tsx);
		}
}

void sip_tsx_layer_destroy(struct sip_tsx_layer *l)
{
	if (l == NULL)
		return;
	struct sip_transport_user none = { NULL, NULL, NULL };

	free_table(l->client, l->buckets);
	free_table(l->server, l->buckets);
	sip_transport_set_user(l->transport, &none);
	free(l->client);
	free(l->server);
	free(l);
}

struct sip_transport *sip_tsx_layer_transport(const struct sip_tsx_layer *l)
{
	return l->transport;
}

const struct sip_tsx_config *sip_tsx_layer_config(const struct sip_tsx_layer *l)
{
	return &l->cfg;
}

size_t sip_tsx_layer_count(const struct sip_tsx_layer *l)
{
	return l->count;
}

/* ---- Accessors -------------------------------------------------------------------- */

enum sip_tsx_kind sip_tsx_kind(const struct sip_tsx *tsx)
{
	return tsx->kind;
}

enum sip_tsx_state sip_tsx_state(const struct sip_tsx *tsx)
{
	return tsx->state;
}

const char *sip_tsx_kind_name(enum sip_tsx_kind kind)
{
	return (size_t)kind < sizeof(machines) / sizeof(machines[0]) ? machines[kind]->name : "?";
}

const char *sip_tsx_state_name(enum sip_tsx_state state)
{
	return (size_t)state < sizeof(state_names) / sizeof(state_names[0]) ? state_names[state]
									     : "?";
}

struct sip_str sip_tsx_branch(const struct sip_tsx *tsx)
{
	return tsx->request->via->branch;
}

const struct sip_msg *sip_tsx_request_msg(const struct sip_tsx *tsx)
{
	return tsx->request;
}

const struct sip_recv_info *sip_tsx_source(const struct sip_tsx *tsx)
{
	return &tsx->source;
}

const struct sip_dest *sip_tsx_dest(const struct sip_tsx *tsx)
{
	return &tsx->dest;
}

void sip_tsx_set_handler(struct sip_tsx *tsx, const struct sip_tsx_handler *h)
{
	tsx->handler = *h;
}

/* ---- Life ---------------------------------------------------------------------------- */

static void on_timer(struct net_timer *t, void *arg)
{
	struct tsx_timer *tt = arg;

	(void)t;
	tsx_post(tt->tsx, tt->event, NULL, NULL, 0);
}

struct sip_tsx *tsx_new(struct sip_tsx_layer *l, enum sip_tsx_kind kind)
{
	struct sip_tsx *tsx = calloc(1, sizeof(*tsx));

	if (tsx == NULL)
		return NULL;
	tsx->layer = l;
	tsx->kind = kind;
	tsx->machine = machines[kind];
	tsx->state = SIP_TSX_INIT;
	for (size_t i = 0; i < TSX_SLOT_COUNT; i++) {
		tsx->timers[i].tsx = tsx;
		net_timer_init(&tsx->timers[i].timer, on_timer, &tsx->timers[i]);
	}
	return tsx;
}

void tsx_free(struct sip_tsx *tsx)
{
	struct net_timer_list *list = sip_transport_env(tsx->layer->transport)->timers;

	for (size_t i = 0; i < TSX_SLOT_COUNT; i++)
		net_timer_stop(list, &tsx->timers[i].timer);
	while (tsx->queue != NULL) {
		struct tsx_pending *p = tsx->queue;

		tsx->queue = p->next;
		sip_msg_destroy(p->msg);
		free(p);
	}
	sip_msg_destroy(tsx->request);
	free(tsx->req_bytes);
	free(tsx->ack_bytes);
	free(tsx->resp_bytes);
	free(tsx->resp_to_tag);
	free(tsx);
}

/* Terminated: "MUST be destroyed the instant it enters the Terminated state" - out
 * of the table now (nothing matches it any more), freed when its run ends. */
static void tsx_leave(struct sip_tsx *tsx)
{
	struct net_timer_list *list = sip_transport_env(tsx->layer->transport)->timers;

	for (size_t i = 0; i < TSX_SLOT_COUNT; i++)
		net_timer_stop(list, &tsx->timers[i].timer);
	tsx_table_remove(tsx);
	if (!tsx->starting && tsx->handler.on_terminated != NULL)
		tsx->handler.on_terminated(tsx->handler.arg, tsx);
}

/* ---- Logging ----------------------------------------------------------------------- */

void tsx_log(const struct sip_tsx *tsx, enum net_log_level level, const char *rfc,
	     const char *fmt, ...)
{
	const struct net_log *log = &sip_transport_env(tsx->layer->transport)->log;
	struct sip_str b = tsx->request != NULL && tsx->request->via != NULL
				   ? tsx->request->via->branch
				   : SIP_STR_LIT("-");
	char text[512];
	va_list ap;

	if (log->cb == NULL)
		return;
	if (b.len == 0)
		b = SIP_STR_LIT("-");
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* The branch shortened to the cookie and six characters. */
	net_log_printf(log, level, LAYER, "[%s %.*s%s %s] %s", tsx->machine->name,
		       (int)(b.len > 13 ? 13 : b.len), b.p, b.len > 13 ? ".." : "", rfc, text);
}

void tsx_note(struct sip_tsx *tsx, const char *fmt, ...)
{
	size_t used = strlen(tsx->note);
	va_list ap;

	if (used + 3 >= sizeof(tsx->note))
		return;
	if (used > 0) {
		memcpy(tsx->note + used, ", ", 3);
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(tsx->note + used, sizeof(tsx->note) - used, fmt, ap);
	va_end(ap);
}

/* ---- Dispatch ---------------------------------------------------------------------- */

static const struct tsx_row *row_find(const struct tsx_machine *m, enum sip_tsx_state state,
				      enum tsx_event event)
{
	for (size_t i = 0; i < m->count; i++)
		if (m->rows[i].from == state && m->rows[i].event == event)
			return &m->rows[i];
	return NULL;
}

/* The dispatcher: one event, one row, one log line. */
static void tsx_step(struct sip_tsx *tsx, const struct tsx_input *in)
{
	const struct tsx_row *row = row_find(tsx->machine, tsx->state, in->event);

	if (row == NULL) {
		tsx_log(tsx, NET_LOG_INFO, tsx->machine->rfc, "%s: %s has no arrow here, ignored",
			state_names[tsx->state], event_names[in->event]);
		return;
	}
	enum sip_tsx_state from = tsx->state;

	tsx->note[0] = '\0';
	tsx->state = row->to;
	if (row->action != NULL)
		row->action(tsx, in);
	tsx_log(tsx, NET_LOG_INFO, row->rfc, "%s -(%s)-> %s%s%s", state_names[from],
		event_names[in->event], state_names[row->to], tsx->note[0] != '\0' ? ", " : "",
		tsx->note);
	if (row->to == SIP_TSX_TERMINATED)
		tsx_leave(tsx);
}

static void queue_push(struct sip_tsx *tsx, enum tsx_event event, const struct sip_msg *msg,
		       const struct sip_recv_info *from, int err)
{
	struct tsx_pending *p = calloc(1, sizeof(*p));

	if (p == NULL || (msg != NULL && sip_msg_clone(msg, &p->msg) != 0)) {
		free(p);
		tsx_log(tsx, NET_LOG_ERROR, tsx->machine->rfc, "out of memory: %s lost",
			event_names[event]);
		return;
	}
	p->event = event;
	p->err = err;
	if (from != NULL) {
		p->has_from = true;
		p->from = *from;
	}
	if (tsx->queue_tail != NULL)
		tsx->queue_tail->next = p;
	else
		tsx->queue = p;
	tsx->queue_tail = p;
}

void tsx_post(struct sip_tsx *tsx, enum tsx_event event, const struct sip_msg *msg,
	      const struct sip_recv_info *from, int err)
{
	struct tsx_input in = { event, msg, from, err };

	if (tsx->busy) {
		queue_push(tsx, event, msg, from, err);
		return;
	}
	tsx->busy = true;
	tsx_step(tsx, &in);
	while (tsx->queue != NULL) {
		struct tsx_pending *p = tsx->queue;

		tsx->queue = p->next;
		if (tsx->queue == NULL)
			tsx->queue_tail = NULL;
		in = (struct tsx_input){ p->event, p->msg, p->has_from ? &p->from : NULL, p->err };
		tsx_step(tsx, &in);
		sip_msg_destroy(p->msg);
		free(p);
	}
	tsx->busy = false;
	if (tsx->state == SIP_TSX_TERMINATED && !tsx->starting)
		tsx_free(tsx);
}

/* ---- Timers ------------------------------------------------------------------------ */

static enum tsx_slot slot_of(enum tsx_event timer)
{
	switch (timer) {
	case TSX_EV_TIMER_A:
	case TSX_EV_TIMER_E:
	case TSX_EV_TIMER_G:
		return TSX_SLOT_RETRANSMIT;
	case TSX_EV_TIMER_B:
	case TSX_EV_TIMER_F:
	case TSX_EV_TIMER_H:
		return TSX_SLOT_TIMEOUT;
	case TSX_EV_TRYING:
		return TSX_SLOT_TRYING;
	default:
		return TSX_SLOT_WAIT;
	}
}

void tsx_timer_start(struct sip_tsx *tsx, enum tsx_event timer, uint64_t delay_us)
{
	struct net_timer_list *list = sip_transport_env(tsx->layer->transport)->timers;
	struct tsx_timer *t = &tsx->timers[slot_of(timer)];

	t->event = timer;
	if (net_timer_start(list, &t->timer, delay_us) != 0)
		tsx_log(tsx, NET_LOG_ERROR, tsx->machine->rfc, "%s not started: out of memory",
			event_names[timer]);
}

void tsx_timer_stop(struct sip_tsx *tsx, enum tsx_event timer)
{
	struct tsx_timer *t = &tsx->timers[slot_of(timer)];

	if (t->event == timer)
		net_timer_stop(sip_transport_env(tsx->layer->transport)->timers, &t->timer);
}

uint64_t tsx_64t1(const struct sip_tsx *tsx)
{
	return 64 * tsx->layer->cfg.t1_us;
}

/* ---- Sending ----------------------------------------------------------------------- */

static void sent_or_failed(struct sip_tsx *tsx, int rc, const struct sip_sent *sent)
{
	if (rc != 0) {
		tsx_post(tsx, TSX_EV_TRANSPORT_ERR, NULL, NULL, rc);
		return;
	}
	/* Later messages of the transaction use the connection the first one used. */
	if (sent->conn_id != 0)
		tsx->dest.conn_id = sent->conn_id;
}

void tsx_send_kept(struct sip_tsx *tsx, const char *data, size_t len)
{
	struct sip_sent sent;
	int rc = sip_transport_send_bytes(tsx->layer->transport, &tsx->dest, data, len, NULL, &sent);

	sent_or_failed(tsx, rc, &sent);
}

void tsx_send_request(struct sip_tsx *tsx)
{
	struct sip_sent sent;
	int rc = sip_transport_send_bytes(tsx->layer->transport, &tsx->dest, tsx->req_bytes,
					  tsx->req_len, tsx->request, &sent);

	tsx->sends++;
	sent_or_failed(tsx, rc, &sent);
}

/* Keeps the To tag of a response (RFC 2543 ACK matching, §17.2.3). */
static void keep_to_tag(struct sip_tsx *tsx, const struct sip_msg *resp)
{
	free(tsx->resp_to_tag);
	tsx->resp_to_tag = NULL;
	if (resp->to == NULL || resp->to->tag.p == NULL)
		return;
	tsx->resp_to_tag = malloc(resp->to->tag.len + 1);
	if (tsx->resp_to_tag != NULL)
		(void)sip_str_copy(resp->to->tag, tsx->resp_to_tag, resp->to->tag.len + 1);
}

void tsx_send_response(struct sip_tsx *tsx, const struct sip_msg *resp)
{
	char *bytes;
	size_t len;

	if (sip_msg_print_alloc(resp, &bytes, &len) != 0) {
		tsx_post(tsx, TSX_EV_TRANSPORT_ERR, NULL, NULL, ENOMEM);
		return;
	}
	free(tsx->resp_bytes);
	tsx->resp_bytes = bytes;
	tsx->resp_len = len;
	tsx->resp_status = resp->status;
	keep_to_tag(tsx, resp);
	/* §17.2.1/§17.2.2 "passed to the transport layer": §18.2.2 picks where to. */
	int rc = sip_transport_response_dest(resp, &tsx->source, &tsx->dest);

	if (rc != 0) {
		tsx_post(tsx, TSX_EV_TRANSPORT_ERR, NULL, NULL, rc);
		return;
	}
	tsx->sends = 0;
	tsx_resend_response(tsx);
	tsx_note(tsx, "%d sent", tsx->resp_status);
}

void tsx_resend_response(struct sip_tsx *tsx)
{
	struct sip_sent sent;
	int rc = sip_transport_send_bytes(tsx->layer->transport, &tsx->dest, tsx->resp_bytes,
					  tsx->resp_len, NULL, &sent);

	tsx->sends++;
	sent_or_failed(tsx, rc, &sent);
}

/* ---- The TU ---------------------------------------------------------------------- */

void tsx_tu_response(struct sip_tsx *tsx, const struct sip_msg *resp)
{
	tsx_note(tsx, "%d to TU", resp->status);
	if (tsx->handler.on_response != NULL)
		tsx->handler.on_response(tsx->handler.arg, tsx, resp);
}

void tsx_tu_timeout(struct sip_tsx *tsx)
{
	tsx_note(tsx, "timeout reported to the TU");
	if (tsx->handler.on_timeout != NULL)
		tsx->handler.on_timeout(tsx->handler.arg, tsx);
}

void tsx_tu_transport_error(struct sip_tsx *tsx, int err)
{
	/* A first send that fails at once is returned by sip_tsx_request instead. */
	if (tsx->starting) {
		tsx->start_err = err;
		tsx_note(tsx, "%s, returned to the caller", strerror(err));
		return;
	}
	tsx_note(tsx, "%s reported to the TU", strerror(err));
	if (tsx->handler.on_transport_error != NULL)
		tsx->handler.on_transport_error(tsx->handler.arg, tsx, err);
}

void tsx_tu_request(struct sip_tsx *tsx)
{
	struct sip_tsx_layer *l = tsx->layer;
	struct sip_msg *resp;

	if (l->tu.on_request != NULL) {
		tsx_note(tsx, "%s passed to TU", tsx->kind == SIP_TSX_IST ? "INVITE" : "request");
		l->tu.on_request(l->tu.arg, tsx, tsx->request);
		return;
	}
	/* No TU to take requests: §21.5.2 "The server does not support the
	 * functionality required to fulfill the request." */
	tsx_note(tsx, "no TU: answering 501");
	if (sip_msg_create_response(tsx->request, 501, NULL, NULL, &resp) == 0) {
		(void)sip_tsx_respond(tsx, resp);
		sip_msg_destroy(resp);
	}
}

/* ---- The TU's responses -------------------------------------------------------------- */

static enum tsx_event tu_event(const struct sip_tsx *tsx, int status)
{
	if (status < 200)
		return TSX_EV_TU_1XX;
	if (tsx->kind == SIP_TSX_NIST)
		return TSX_EV_TU_200_699;
	return status < 300 ? TSX_EV_TU_2XX : TSX_EV_TU_300_699;
}

int sip_tsx_respond(struct sip_tsx *tsx, const struct sip_msg *resp)
{
	if (resp == NULL || resp->is_request || (tsx->kind != SIP_TSX_IST && tsx->kind != SIP_TSX_NIST))
		return EINVAL;
	enum tsx_event ev = tu_event(tsx, resp->status);

	/* With events still queued the state may yet change: let the dispatcher judge. */
	if (tsx->queue == NULL && row_find(tsx->machine, tsx->state, ev) == NULL) {
		tsx_log(tsx, NET_LOG_WARN, tsx->machine->rfc, "%s: %s (%d) has no arrow here, refused",
			state_names[tsx->state], event_names[ev], resp->status);
		return EPROTO;
	}
	tsx_post(tsx, ev, resp, NULL, 0);
	return 0;
}
