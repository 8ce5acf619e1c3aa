/* sip/reg_client.c - the registration client (RFC 3261 §10.2): REGISTER to add,
 * refresh and remove our binding, 423 with Min-Expires, the registrar's grant.
 *
 * The machine is a table (STYLE.md §1): a dispatcher finds the row for (state,
 * event), sets the state, runs the action and logs "Registered -(refresh timer)->
 * Refreshing" with the RFC section.  Digest challenges never reach it: the UA core's
 * request layer answers them (sip/ua_req.c).
 *
 * Leaves out: see sip/reg_client.h.
 */
#include "sip/reg_client.h"

#include "net/timer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REG_TAG_LEN 10      /* random characters of our From tag */
#define REG_CALL_ID_LEN 20  /* random characters of the Call-ID */
#define REG_REASON_MAX 96   /* bytes of a kept reason phrase */

enum reg_event {
	REV_REGISTER,    /* the application asks for the binding */
	REV_REFRESH,     /* the refresh timer fired */
	REV_UNREGISTER,  /* the application removes the binding */
	REV_2XX,         /* the REGISTER succeeded */
	REV_423,         /* 423 Interval Too Brief with a Min-Expires we can meet */
	REV_FAILURE,     /* any other final status (or the core's 408/503) */
	REV_COUNT
};

struct sip_reg {
	struct sip_ua *ua;                  /* borrowed */
	char registrar[SIP_REG_URI_MAX];    /* Request-URI */
	char aor[SIP_REG_URI_MAX];          /* To / From */
	char contact[SIP_REG_URI_MAX];      /* our Contact URI */
	struct sip_uri contact_uri;         /* parsed view into `contact` */
	char call_id[REG_CALL_ID_LEN + 1];   /* one for every REGISTER (§10.2) */
	char tag[REG_TAG_LEN + 1];           /* our From tag */
	uint32_t cseq;                      /* CSeq of the last REGISTER */
	uint32_t want;                      /* s asked for by the configuration */
	uint32_t asked;                     /* s asked for in the REGISTER in flight */
	uint32_t granted;                   /* s the registrar granted */
	bool removing;                      /* the request in flight has Expires: 0 */
	bool tried_423;                     /* Min-Expires answered once already */
	enum sip_reg_state state;
	int status;                         /* last final status */
	char reason[REG_REASON_MAX];
	struct sip_ua_request *pending;     /* the REGISTER in flight */
	struct net_timer refresh;           /* at half the granted time */
	sip_reg_cb cb;
	void *arg;
};

typedef void (*reg_action_fn)(struct sip_reg *r, const struct sip_msg *resp);

struct reg_row {
	enum sip_reg_state from;
	enum reg_event event;
	reg_action_fn action;
	enum sip_reg_state to;
	const char *rfc;
};

static const char *const state_names[] = {
	[SIP_REG_NONE] = "None",           [SIP_REG_REGISTERING] = "Registering",
	[SIP_REG_REGISTERED] = "Registered", [SIP_REG_REFRESHING] = "Refreshing",
	[SIP_REG_UNREGISTERING] = "Unregistering", [SIP_REG_FAILED] = "Failed",
};

static const char *const event_names[REV_COUNT] = {
	[REV_REGISTER] = "register", [REV_REFRESH] = "refresh timer",
	[REV_UNREGISTER] = "unregister", [REV_2XX] = "2xx", [REV_423] = "423",
	[REV_FAILURE] = "failure",
};

const char *sip_reg_state_name(enum sip_reg_state state)
{
	return (size_t)state < sizeof(state_names) / sizeof(state_names[0]) ? state_names[state] : "?";
}

static void reg_post(struct sip_reg *r, enum reg_event ev, const struct sip_msg *resp);

/* ---- Sending ----------------------------------------------------------------------- */

static void on_final(void *arg, int status, const struct sip_msg *resp);

/* A REGISTER asking for `expires` seconds (§10.2.1, §10.2.2 with 0). */
static int send_register(struct sip_reg *r, uint32_t expires)
{
	struct sip_msg *m = NULL;
	int rc = sip_msg_create_request("REGISTER", r->registrar, &m);

	/* RFC3261 10.2: "The To header field contains the address of record whose
	 * registration is to be created, queried, or modified." ... "The From header field
	 * contains the address-of-record of the person responsible for the registration." */
	if (rc == 0)
		rc = sip_msg_hdr_add(m, SIP_HDR_TO, r->aor);
	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_FROM, "%s;tag=%s", r->aor, r->tag);
	/* "All registrations from a UAC SHOULD use the same Call-ID" ... "A UA MUST
	 * increment the CSeq value by one for each REGISTER request with the same
	 * Call-ID." */
	if (rc == 0)
		rc = sip_msg_hdr_add(m, SIP_HDR_CALL_ID, r->call_id);
	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_CSEQ, "%lu REGISTER", (unsigned long)r->cseq + 1);
	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_CONTACT, "<%s>", r->contact);
	/* RFC3261 10.2.1.1: "the client can ... suggest an expiration interval ... using
	 * an "Expires" header field" */
	if (rc == 0)
		rc = sip_msg_hdr_addf(m, SIP_HDR_EXPIRES, "%lu", (unsigned long)expires);
	if (rc == 0)
		rc = sip_ua_send(r->ua, m, on_final, r, &r->pending);
	sip_msg_destroy(m);
	if (rc == 0) {
		r->cseq++;
		r->asked = expires;
		r->removing = expires == 0;
	}
	return rc;
}

/* The grant of a 200 (§10.2.4): "The response should include an "expires" parameter
 * ... from the Contact header field ... or an Expires header field" - ours first. */
static uint32_t granted(const struct sip_reg *r, const struct sip_msg *resp)
{
	for (const struct sip_addr *a = resp->contact; a != NULL; a = a->next)
		if (!a->star && a->expires >= 0 && sip_uri_equal(&a->uri, &r->contact_uri))
			return (uint32_t)a->expires;
	if (resp->expires >= 0)
		return (uint32_t)resp->expires;
	return r->asked;
}

/* ---- Actions ------------------------------------------------------------------------- */

static void act_register(struct sip_reg *r, const struct sip_msg *resp)
{
	(void)resp;
	r->tried_423 = false;
	if (send_register(r, r->want) != 0)
		r->status = 503;
}

static void act_bound(struct sip_reg *r, const struct sip_msg *resp)
{
	struct net_timer_list *tl = sip_ua_env(r->ua)->timers;
	uint64_t half;

	r->granted = granted(r, resp);
	/* RFC3261 10.2.4: "UAs SHOULD refresh ... before the expiration interval has
	 * elapsed" - halfway leaves room for a challenge, a retry and a lost message. */
	half = (uint64_t)r->granted * 1000000 / 2;
	(void)net_timer_start(tl, &r->refresh, half > 1000000 ? half : 1000000);
}

static void act_refresh(struct sip_reg *r, const struct sip_msg *resp)
{
	(void)resp;
	r->tried_423 = false;
	if (send_register(r, r->want) != 0)
		r->status = 503;
}

static void act_423(struct sip_reg *r, const struct sip_msg *resp)
{
	const struct sip_hdr *h = sip_msg_hdr_get(resp, "Min-Expires");
	uint32_t min = 0;

	/* RFC3261 10.2.8: "the UA MAY retry the registration with an expiration interval
	 * that is greater than or equal to the value in the Min-Expires header field" */
	(void)sip_str_to_u32(h->value, &min);
	r->tried_423 = true;
	r->want = min;
	if (send_register(r, min) != 0)
		r->status = 503;
}

static void act_unregister(struct sip_reg *r, const struct sip_msg *resp)
{
	(void)resp;
	if (r->pending != NULL)
		sip_ua_request_abandon(r->pending);
	r->pending = NULL;
	net_timer_stop(sip_ua_env(r->ua)->timers, &r->refresh);
	r->granted = 0;
	if (send_register(r, 0) != 0)
		r->status = 503;
}

static void act_unbound(struct sip_reg *r, const struct sip_msg *resp)
{
	(void)resp;
	r->granted = 0;
	net_timer_stop(sip_ua_env(r->ua)->timers, &r->refresh);
}

static const struct reg_row rows[] = {
	{ SIP_REG_NONE, REV_REGISTER, act_register, SIP_REG_REGISTERING, "RFC3261 10.2.1" },
	{ SIP_REG_FAILED, REV_REGISTER, act_register, SIP_REG_REGISTERING, "RFC3261 10.2.1" },
	{ SIP_REG_REGISTERING, REV_2XX, act_bound, SIP_REG_REGISTERED, "RFC3261 10.2.4" },
	{ SIP_REG_REGISTERING, REV_423, act_423, SIP_REG_REGISTERING, "RFC3261 10.2.8" },
	{ SIP_REG_REGISTERING, REV_FAILURE, act_unbound, SIP_REG_FAILED, "RFC3261 10.2.8" },
	{ SIP_REG_REGISTERED, REV_REFRESH, act_refresh, SIP_REG_REFRESHING, "RFC3261 10.2.4" },
	{ SIP_REG_REFRESHING, REV_2XX, act_bound, SIP_REG_REGISTERED, "RFC3261 10.2.4" },
	{ SIP_REG_REFRESHING, REV_423, act_423, SIP_REG_REFRESHING, "RFC3261 10.2.8" },
	{ SIP_REG_REFRESHING, REV_FAILURE, act_unbound, SIP_REG_FAILED, "RFC3261 10.2.8" },
	{ SIP_REG_REGISTERING, REV_UNREGISTER, act_unregister, SIP_REG_UNREGISTERING, "RFC3261 10.2.2" },
	{ SIP_REG_REGISTERED, REV_UNREGISTER, act_unregister, SIP_REG_UNREGISTERING, "RFC3261 10.2.2" },
	{ SIP_REG_REFRESHING, REV_UNREGISTER, act_unregister, SIP_REG_UNREGISTERING, "RFC3261 10.2.2" },
	{ SIP_REG_UNREGISTERING, REV_2XX, act_unbound, SIP_REG_NONE, "RFC3261 10.2.2" },
	{ SIP_REG_UNREGISTERING, REV_423, act_unbound, SIP_REG_NONE, "RFC3261 10.2.2" },
	{ SIP_REG_UNREGISTERING, REV_FAILURE, act_unbound, SIP_REG_NONE, "RFC3261 10.2.2" },
};

/* ---- The dispatcher ------------------------------------------------------------------ */

static void reg_post(struct sip_reg *r, enum reg_event ev, const struct sip_msg *resp)
{
	const struct sip_env *env = sip_ua_env(r->ua);
	const struct reg_row *row = NULL;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]) && row == NULL; i++)
		if (rows[i].from == r->state && rows[i].event == ev)
			row = &rows[i];
	if (row == NULL) {
		net_log_printf(&env->log, NET_LOG_INFO, "reg", "[reg RFC3261 10.2] %s: %s has no arrow here, ignored",
			       state_names[r->state], event_names[ev]);
		return;
	}
	enum sip_reg_state from = r->state;
	int status = r->status;

	r->state = row->to;
	r->status = 0;
	row->action(r, resp);
	net_log_printf(&env->log, NET_LOG_INFO, "reg", "[reg %s] %s -(%s)-> %s%s", row->rfc,
		       state_names[from], event_names[ev], state_names[row->to],
		       r->state == SIP_REG_REGISTERED ? ", refreshing halfway" : "");
	if (r->status == 503) {  /* the action could not send */
		snprintf(r->reason, sizeof(r->reason), "%s", "not sent");
		reg_post(r, REV_FAILURE, NULL);
		return;
	}
	r->status = status;
	/* Only a response has a status to report; a timer or the application has none. */
	if (row->to != from && r->cb != NULL)
		r->cb(r->arg, r, row->to, ev >= REV_2XX ? status : 0, resp);
}

static void on_final(void *arg, int status, const struct sip_msg *resp)
{
	struct sip_reg *r = arg;
	const struct sip_hdr *min = resp != NULL ? sip_msg_hdr_get(resp, "Min-Expires") : NULL;
	uint32_t min_s = 0;

	r->pending = NULL;
	/* After challenges the last REGISTER had a higher CSeq than we wrote: continue
	 * from it (a gap is fine, §10.3 step 7 only asks for higher). */
	if (resp != NULL && resp->cseq != NULL && resp->cseq->seq > r->cseq)
		r->cseq = resp->cseq->seq;
	else if (resp == NULL)
		r->cseq += SIP_UA_AUTH_RETRIES + SIP_UA_REDIRECTS;
	r->status = status;
	if (resp != NULL && resp->reason.len > 0)
		(void)sip_str_copy(resp->reason, r->reason, sizeof(r->reason));
	else
		snprintf(r->reason, sizeof(r->reason), "%s", sip_status_phrase(status));
	if (status >= 200 && status < 300)
		reg_post(r, REV_2XX, resp);
	else if (status == 423 && min != NULL && !r->tried_423 && !r->removing &&
		 sip_str_to_u32(min->value, &min_s) == 0 && min_s > r->asked)
		reg_post(r, REV_423, resp);
	else
		reg_post(r, REV_FAILURE, resp);
}

static void on_refresh(struct net_timer *t, void *arg)
{
	(void)t;
	reg_post(arg, REV_REFRESH, NULL);
}

/* ---- The API ---------------------------------------------------------------------------- */

static bool copy_uri(char *dst, const char *src, bool name_addr_ok)
{
	struct sip_uri u;

	if (src == NULL || snprintf(dst, SIP_REG_URI_MAX, "%s", src) >= SIP_REG_URI_MAX)
		return false;
	return name_addr_ok || sip_uri_parse(&u, dst, strlen(dst), NULL) == 0;
}

int sip_reg_create(struct sip_reg **out, struct sip_ua *ua, const struct sip_reg_config *cfg)
{
	struct sip_reg *r;
	struct sip_msg *probe = NULL;

	*out = NULL;
	if (ua == NULL || cfg == NULL)
		return EINVAL;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return ENOMEM;
	/* The AOR must be a valid To (probed on a scratch request). */
	bool ok = copy_uri(r->registrar, cfg->registrar, false) && copy_uri(r->aor, cfg->aor, true) &&
		  copy_uri(r->contact, cfg->contact, false) &&
		  sip_uri_parse(&r->contact_uri, r->contact, strlen(r->contact), NULL) == 0 &&
		  sip_msg_create_request("REGISTER", r->registrar, &probe) == 0 &&
		  sip_msg_hdr_add(probe, SIP_HDR_TO, r->aor) == 0;

	sip_msg_destroy(probe);
	if (!ok) {
		free(r);
		return EINVAL;
	}
	r->ua = ua;
	r->want = cfg->expires_s != 0 ? cfg->expires_s : SIP_REG_DEFAULT_EXPIRES;
	r->cb = cfg->cb;
	r->arg = cfg->arg;
	sip_ua_token(ua, r->call_id, REG_CALL_ID_LEN);
	sip_ua_token(ua, r->tag, REG_TAG_LEN);
	net_timer_init(&r->refresh, on_refresh, r);
	*out = r;
	return 0;
}

void sip_reg_destroy(struct sip_reg *reg)
{
	if (reg == NULL)
		return;
	net_timer_stop(sip_ua_env(reg->ua)->timers, &reg->refresh);
	if (reg->pending != NULL)
		sip_ua_request_abandon(reg->pending);
	sip_auth_client_forget(sip_ua_auth(reg->ua), sip_str_from_c(reg->call_id));
	free(reg);
}

int sip_reg_register(struct sip_reg *reg)
{
	if (reg->state != SIP_REG_NONE && reg->state != SIP_REG_FAILED)
		return EALREADY;
	reg_post(reg, REV_REGISTER, NULL);
	return reg->state == SIP_REG_REGISTERING ? 0 : EIO;
}

int sip_reg_unregister(struct sip_reg *reg)
{
	if (reg->state != SIP_REG_REGISTERING && reg->state != SIP_REG_REGISTERED &&
	    reg->state != SIP_REG_REFRESHING)
		return EALREADY;
	reg_post(reg, REV_UNREGISTER, NULL);
	return reg->state == SIP_REG_UNREGISTERING ? 0 : EIO;
}

enum sip_reg_state sip_reg_state(const struct sip_reg *reg)
{
	return reg->state;
}

uint32_t sip_reg_expires(const struct sip_reg *reg)
{
	return reg->granted;
}

int sip_reg_status(const struct sip_reg *reg)
{
	return reg->status;
}

const char *sip_reg_reason(const struct sip_reg *reg)
{
	return reg->reason;
}

uint32_t sip_reg_cseq(const struct sip_reg *reg)
{
	return reg->cseq;
}
