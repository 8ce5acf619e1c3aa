/* demos/sipua/call.c - sipua's side of the call: the application API's callbacks
 * (sip/app.h), the timers that ring, answer, hang up and give up, and starting the
 * media when offer and answer agree (RFC 3264).
 *
 * When media starts (RFC 3264 §5, §6):
 *   caller (offerer)   at the 2xx: on_call_media, once the answer is known;
 *   callee (answerer)  as soon as its 2xx with the answer is sent: "It MUST be
 *                      prepared to send and receive media for any sendrecv streams in
 *                      the answer, and it MAY send media immediately" (§6).
 * The engine keeps RTP that arrives before it starts, so neither side loses the
 * first packets to the race between the 2xx (through the proxy) and RTP (direct).
 *
 * Leaves out: several calls at once (a second INVITE gets 486 Busy Here), transfers,
 * DTMF.
 */
#include "demos/sipua/sipua_internal.h"

#include <string.h>

static double seconds(uint64_t us)
{
	return (double)us / 1e6;
}

static uint64_t us_of(double s)
{
	return (uint64_t)(s * 1e6 + 0.5);
}

/* ---- Media -------------------------------------------------------------------------------- */

/* RFC3264 6.1: the peer's direction says whether we send (it receives) and whether
 * it sends to us. */
static bool peer_receives(enum sdp_dir d)
{
	return d != SDP_DIR_SENDONLY && d != SDP_DIR_INACTIVE;
}

static bool peer_sends(enum sdp_dir d)
{
	return d != SDP_DIR_RECVONLY && d != SDP_DIR_INACTIVE;
}

static void media_changed(struct sipua *u, const struct sip_app_media *m)
{
	enum rtp_g711_law law = strcmp(m->codec, "PCMA") == 0 ? RTP_G711_ALAW : RTP_G711_ULAW;
	bool send = peer_receives(m->remote_dir) && !m->local_hold;
	bool first = !u->have_media;

	u->media_info = *m;
	u->have_media = true;
	u->expect_rtp = peer_sends(m->remote_dir) && !m->local_hold;
	if (net_addr_family(&m->remote) == AF_UNSPEC) {
		sipua_fail(u, "the peer's SDP address %s is not an IP literal", m->remote_addr);
		return;
	}
	if (first || !demo_rtp_started(u->media)) {
		char to[NET_ADDR_STRLEN];

		(void)net_addr_format(&m->remote, to, sizeof(to));
		sipua_say(u, "media %s to %s (%s)", m->codec, to,
		       send && u->expect_rtp ? "sendrecv" : send ? "sendonly" :
		       u->expect_rtp ? "recvonly" : "inactive");
		if (demo_rtp_start(u->media, law, &m->remote, send) != 0)
			sipua_fail(u, "cannot start the media");
	} else {
		demo_rtp_update(u->media, &m->remote, send);
	}
}

/* cppcheck-suppress constParameter ; the signature is sip_app_handler's */
static void on_call_media(void *arg, struct sip_app_call *call, const struct sip_app_media *m)
{
	struct sipua *u = arg;

	if (call == u->call)
		media_changed(u, m);
}

/* ---- Timers ----------------------------------------------------------------------------- */

static void on_ring_over(struct net_timer *t, void *arg)
{
	struct sipua *u = arg;
	const struct sip_app_media *m;

	(void)t;
	if (u->call == NULL)
		return;
	if (sip_app_answer(u->call, 200) != 0) {
		sipua_fail(u, "cannot answer the call");
		sipua_hangup(u, NULL);
		return;
	}
	sipua_say(u, "answered");
	m = sip_app_call_media(u->call);
	if (m != NULL)
		media_changed(u, m);
}

static void on_duration_over(struct net_timer *t, void *arg)
{
	struct sipua *u = arg;

	(void)t;
	if (u->call != NULL)
		sipua_say(u, "hanging up after %.1f s", u->o->duration_s);
	sipua_hangup(u, NULL);
}

static void on_timeout(struct net_timer *t, void *arg)
{
	struct sipua *u = arg;

	(void)t;
	if (u->call == NULL || u->confirmed)
		return;
	u->no_answer = true;
	sipua_hangup(u, NULL);  /* CANCEL (RFC3261 9.1) */
}

void sipua_timers_init(struct sipua *u)
{
	net_timer_init(&u->ring_timer, on_ring_over, u);
	net_timer_init(&u->duration_timer, on_duration_over, u);
	net_timer_init(&u->timeout_timer, on_timeout, u);
}

void sipua_timers_stop(struct sipua *u)
{
	struct net_timer_list *l = net_loop_timers(&u->st.loop);

	net_timer_stop(l, &u->ring_timer);
	net_timer_stop(l, &u->duration_timer);
	net_timer_stop(l, &u->timeout_timer);
}

/* ---- Calls -------------------------------------------------------------------------------- */

int sipua_place_call(struct sipua *u)
{
	int rc;

	sipua_say(u, "calling %s", u->target);
	rc = sip_app_call(u->app, u->target, u, &u->call);
	if (rc != 0) {
		sipua_fail(u, "call failed: cannot send the INVITE to %s: %s", u->target, strerror(rc));
		return rc;
	}
	u->call_started = true;
	(void)net_timer_start(net_loop_timers(&u->st.loop), &u->timeout_timer, us_of(u->o->timeout_s));
	return 0;
}

void sipua_hangup(struct sipua *u, const char *why)
{
	if (u->call == NULL)
		return;
	if (why != NULL)
		sipua_say(u, "%s", why);
	u->hung_up_by_us = true;
	if (sip_app_hangup(u->call) != 0)
		sipua_fail(u, "cannot hang up");
}

static void on_incoming_call(void *arg, struct sip_app_call *call, const char *from)
{
	struct sipua *u = arg;

	if (!u->o->answer || u->call_started) {
		/* RFC3261 21.4.24 486 Busy Here: "The callee's end system was contacted
		 * successfully, but the callee is currently not willing or able to take
		 * additional calls at this end system". */
		(void)sip_app_answer(call, u->o->answer ? 486 : 480);
		return;
	}
	u->call = call;
	u->call_started = true;
	sipua_say(u, "incoming call from %s", from);
	if (sip_app_answer(call, 180) == 0) {
		u->ringing = true;
		sipua_say(u, "call ringing");
	}
	(void)net_timer_start(net_loop_timers(&u->st.loop), &u->ring_timer, us_of(u->o->ring_s));
}

static void call_confirmed(struct sipua *u)
{
	double d = u->o->duration_s;

	u->confirmed = true;
	u->confirmed_at = net_loop_now(&u->st.loop);
	net_timer_stop(net_loop_timers(&u->st.loop), &u->timeout_timer);
	sipua_say(u, "call confirmed");
	if (d < 0 && u->o->call != NULL)
		d = SIPUA_DEFAULT_DURATION_S;
	if (d >= 0)
		(void)net_timer_start(net_loop_timers(&u->st.loop), &u->duration_timer, us_of(d));
}

static void call_ended(struct sipua *u, int status, const char *reason)
{
	u->ended = true;
	u->call = NULL;
	sipua_timers_stop(u);
	demo_rtp_stop(u->media, "call ended");
	if (u->confirmed)
		u->talk_us = net_loop_now(&u->st.loop) - u->confirmed_at;
	if (u->confirmed && !u->hung_up_by_us)
		sipua_say(u, "peer hung up after %.1f s",
		       seconds(net_loop_now(&u->st.loop) - u->confirmed_at));
	sipua_say(u, "call ended: %d %s", status, reason);
	if (u->no_answer)
		sipua_fail(u, "call failed: no answer within %g s", u->o->timeout_s);
	else if (!u->confirmed)
		sipua_fail(u, "call failed: %d %s", status, reason);
	else if (status >= 300)
		sipua_fail(u, "hangup failed: %d %s", status, reason);
}

/* cppcheck-suppress constParameter ; the signature is sip_app_handler's */
static void on_call_state(void *arg, struct sip_app_call *call, enum sip_call_state state,
			  int status, const char *reason)
{
	struct sipua *u = arg;

	if (call != u->call)
		return;  /* a call we turned away */
	u->state = state;
	u->status = status;
	snprintf(u->reason, sizeof(u->reason), "%s", reason);
	if (state == SIP_CALL_EARLY && !u->ringing && u->o->call != NULL) {
		u->ringing = true;
		sipua_say(u, "call ringing");
	} else if (state == SIP_CALL_CONFIRMED && !u->confirmed) {
		call_confirmed(u);
	} else if (state == SIP_CALL_DISCONNECTED) {
		call_ended(u, status, reason);
	}
	sipua_wake(u);
}

/* ---- Registration ----------------------------------------------------------------------- */

static void on_reg_state(void *arg, struct sip_app *app, enum sip_reg_state state, int status,
			 const char *reason)
{
	struct sipua *u = arg;

	(void)app;
	if (state == SIP_REG_REGISTERED && !u->registered) {
		u->registered = true;
		u->reg_done = true;
		sipua_say(u, "registered as %s", u->id);
	} else if (state == SIP_REG_FAILED && !u->unregistering) {
		u->reg_done = true;
		sipua_fail(u, "registration failed: %d %s", status, reason);
	} else if (u->unregistering && (state == SIP_REG_NONE || state == SIP_REG_FAILED)) {
		u->unregistering = false;
		if (status >= 200 && status < 300) {
			u->unregistered = true;
			sipua_say(u, "unregistered");
		} else {
			sipua_fail(u, "unregistration failed: %d %s", status, reason);
		}
	}
	sipua_wake(u);
}

static const struct sip_app_handler handler = { on_reg_state, on_incoming_call, on_call_state,
						 on_call_media, NULL, NULL };

struct sip_app_handler sipua_handler(struct sipua *u)
{
	struct sip_app_handler h = handler;

	h.arg = u;
	return h;
}
