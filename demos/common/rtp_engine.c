/* demos/common/rtp_engine.c - a call's media on the loop (see rtp_engine.h).
 *
 * Implements the sending and receiving halves of RFC 3550 §5-§6 for one G.711
 * stream on top of rtp/session.h, the pacing of RFC 3551 §4.2 (20 ms packets) on the
 * loop's timer list, and the RTP/RTCP port pair of RFC 3550 §11.
 *
 * Leaves out: see the header.
 */
#include "demos/common/rtp_engine.h"

#include "net/udp.h"
#include "rtp/jitbuf.h"
#include "rtp/measure.h"
#include "rtp/tone.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAYER "media"
#define EARLY_MAX 1500        /* octets of a kept early datagram (larger ones dropped) */
#define PACKET_MAX 2048       /* octets of an RTP or RTCP packet we build */
#define OPEN_ATTEMPTS 32      /* tries at an even port with a free port above it */

struct early {
	uint8_t data[EARLY_MAX];
	size_t len;
	uint64_t at;              /* arrival, loop clock (us) */
	bool rtcp;                /* came to the RTCP socket */
};

enum engine_state { ENGINE_IDLE, ENGINE_RUNNING, ENGINE_STOPPED };

struct demo_rtp {
	struct net_loop *loop;           /* borrowed */
	struct net_rand *rand;           /* borrowed */
	struct demo_rtp_config cfg;      /* cname points at `cname` */
	char cname[RTCP_MAX_TEXT + 1];
	struct net_udp *rtp;             /* owned: even port */
	struct net_udp *rtcp;            /* owned: port + 1 */
	enum engine_state state;
	bool sending;                    /* audio goes out (else the timestamp only moves) */
	enum rtp_g711_law law;
	struct net_addr remote;          /* peer's RTP address */
	struct net_addr remote_rtcp;     /* its port + 1 */
	struct rtp_session s;
	struct rtp_jitbuf jb;
	bool jb_ready;                   /* jb initialised (freed at close) */
	bool playing;                    /* the jitter buffer produced its first frame */
	struct rtp_tone tone;
	size_t wav_pos;                  /* next sample of cfg.wav */
	struct net_timer tick;           /* one frame out, one frame played */
	struct net_timer rtcp_timer;
	uint64_t start_us;               /* loop clock of tick 0 */
	uint64_t ticks;                  /* ticks done */
	uint32_t skipped;
	int16_t *rec;                    /* owned: played-out audio */
	size_t rec_n, rec_cap;           /* samples */
	struct early *early;             /* owned: DEMO_RTP_EARLY slots */
	size_t n_early;
	uint32_t early_total;
};

/* ---- Sockets ---------------------------------------------------------------------------- */

static void tap(struct demo_rtp *m, bool out, bool rtcp, const struct net_addr *peer,
		const uint8_t *data, size_t len)
{
	const struct net_addr *local = net_udp_local(rtcp ? m->rtcp : m->rtp);

	if (m->cfg.tap != NULL)
		m->cfg.tap(m->cfg.tap_arg, out, rtcp, out ? local : peer, out ? peer : local, data, len);
}

static void send_to(struct demo_rtp *m, bool rtcp, const uint8_t *data, size_t len)
{
	const struct net_addr *to = rtcp ? &m->remote_rtcp : &m->remote;
	int rc = net_udp_send(rtcp ? m->rtcp : m->rtp, to, data, len);

	if (rc != 0)
		net_log_printf(&m->cfg.log, NET_LOG_WARN, LAYER, "cannot send %s: %s",
			       rtcp ? "RTCP" : "RTP", strerror(rc));
	else
		tap(m, true, rtcp, to, data, len);
}

static void record(struct demo_rtp *m, const int16_t *pcm, size_t n)
{
	if (m->rec_n + n > m->rec_cap) {
		size_t cap = m->rec_cap == 0 ? 8000u * 8u : m->rec_cap * 2;
		int16_t *bigger;

		if (cap > DEMO_RTP_MAX_RECORD)
			cap = DEMO_RTP_MAX_RECORD;
		if (m->rec_n + n > cap || (bigger = realloc(m->rec, cap * sizeof(*bigger))) == NULL)
			return;  /* full: the rest of a very long call is not kept */
		m->rec = bigger;
		m->rec_cap = cap;
	}
	memcpy(m->rec + m->rec_n, pcm, n * sizeof(*pcm));
	m->rec_n += n;
}

static void rx_rtp(struct demo_rtp *m, const uint8_t *data, size_t len, uint64_t at)
{
	int16_t pcm[RTP_JITBUF_MAX_FRAME];
	struct rtp_packet pkt;
	enum rtp_seq_verdict verdict;

	/* RFC3550 A.1: only valid packets of a validated source go on. */
	if (rtp_session_on_rtp(&m->s, data, len, at, &pkt, &verdict) != 0)
		return;
	/* A telephone-event (RFC 4733) shares the stream but is not audio. */
	if (pkt.hdr.payload_type != m->s.payload_type || pkt.payload_len == 0 ||
	    pkt.payload_len > RTP_JITBUF_MAX_FRAME)
		return;
	rtp_g711_decode_buf(m->law, pcm, pkt.payload, pkt.payload_len);
	(void)rtp_jitbuf_put(&m->jb, pkt.hdr.timestamp, pcm, pkt.payload_len);
}

/* A datagram before the start: kept while there is room. */
static void keep_early(struct demo_rtp *m, bool rtcp, const uint8_t *data, size_t len)
{
	struct early *e;

	if (m->n_early == DEMO_RTP_EARLY || len > EARLY_MAX)
		return;
	e = &m->early[m->n_early++];
	memcpy(e->data, data, len);
	e->len = len;
	e->at = net_loop_now(m->loop);
	e->rtcp = rtcp;
	m->early_total++;
}

static void on_rtp(void *arg, struct net_udp *u, const uint8_t *data, size_t len,
		   const struct net_addr *from)
{
	struct demo_rtp *m = arg;

	(void)u;
	tap(m, false, false, from, data, len);
	if (m->state == ENGINE_RUNNING)
		rx_rtp(m, data, len, net_loop_now(m->loop));
	else if (m->state == ENGINE_IDLE)
		keep_early(m, false, data, len);
}

static void on_rtcp(void *arg, struct net_udp *u, const uint8_t *data, size_t len,
		    const struct net_addr *from)
{
	struct demo_rtp *m = arg;

	(void)u;
	tap(m, false, true, from, data, len);
	/* After our BYE the peer's last report (and its own BYE) still counts. */
	if (m->state != ENGINE_IDLE)
		(void)rtp_session_on_rtcp(&m->s, data, len, net_loop_now(m->loop));
	else
		keep_early(m, true, data, len);
}

/* RFC3550 11: "RTP SHOULD use an even destination port number and the corresponding
 * RTCP stream SHOULD use the next higher (odd) destination port number". */
static int open_pair(struct demo_rtp *m, const struct net_addr *ip)
{
	const struct net_udp_handler hr = { on_rtp, NULL, m }, hc = { on_rtcp, NULL, m };
	int rc = EADDRINUSE;

	for (int i = 0; i < OPEN_ATTEMPTS && rc != 0; i++) {
		struct net_addr a = *ip;
		uint16_t port;

		net_addr_set_port(&a, 0);
		rc = net_udp_open(&m->rtp, m->loop, &a, &hr);
		if (rc != 0)
			return rc;
		port = net_addr_port(net_udp_local(m->rtp));
		net_addr_set_port(&a, (uint16_t)(port + 1));
		rc = (port % 2 != 0 && i < OPEN_ATTEMPTS / 2) || port == 65535 ? EADDRINUSE
				: net_udp_open(&m->rtcp, m->loop, &a, &hc);
		if (rc != 0) {
			net_udp_close(m->rtp);
			m->rtp = NULL;
		}
	}
	return rc;
}

int demo_rtp_open(struct demo_rtp **out, struct net_loop *loop, struct net_rand *rand,
		  const struct net_addr *ip, const struct demo_rtp_config *cfg)
{
	struct demo_rtp *m;
	int rc;

	*out = NULL;
	if (loop == NULL || rand == NULL || ip == NULL || cfg == NULL ||
	    (cfg->source == DEMO_RTP_WAV && (cfg->wav == NULL || cfg->wav_n == 0)))
		return EINVAL;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return ENOMEM;
	m->early = calloc(DEMO_RTP_EARLY, sizeof(*m->early));
	m->loop = loop;
	m->rand = rand;
	m->cfg = *cfg;
	snprintf(m->cname, sizeof(m->cname), "%s", cfg->cname != NULL ? cfg->cname : "sipua");
	m->cfg.cname = m->cname;
	if (m->cfg.rtcp_min_interval <= 0)
		m->cfg.rtcp_min_interval = rtcp_reduced_min_interval(80.0);
	net_timer_init(&m->tick, NULL, m);
	net_timer_init(&m->rtcp_timer, NULL, m);
	rc = m->early == NULL ? ENOMEM : 0;
	if (rc == 0 && cfg->source == DEMO_RTP_TONE)
		rc = rtp_tone_init(&m->tone, cfg->tone_hz, rtp_tone_amplitude_from_dbfs(DEMO_RTP_TONE_DBFS),
				   RTP_G711_CLOCK_RATE);
	if (rc == 0)
		rc = open_pair(m, ip);
	if (rc != 0) {
		demo_rtp_close(m);
		return rc;
	}
	*out = m;
	return 0;
}

void demo_rtp_close(struct demo_rtp *m)
{
	if (m == NULL)
		return;
	net_timer_stop(net_loop_timers(m->loop), &m->tick);
	net_timer_stop(net_loop_timers(m->loop), &m->rtcp_timer);
	net_udp_close(m->rtp);
	net_udp_close(m->rtcp);
	if (m->jb_ready)
		rtp_jitbuf_fini(&m->jb);
	free(m->rec);
	free(m->early);
	free(m);
}

uint16_t demo_rtp_port(const struct demo_rtp *m)
{
	return net_addr_port(net_udp_local(m->rtp));
}

/* ---- The 20 ms tick ------------------------------------------------------------------- */

static void fill(struct demo_rtp *m, int16_t *pcm, size_t n)
{
	switch (m->cfg.source) {
	case DEMO_RTP_TONE:
		rtp_tone_fill(&m->tone, pcm, n);
		break;
	case DEMO_RTP_WAV:
		for (size_t i = 0; i < n; i++) {
			pcm[i] = m->cfg.wav[m->wav_pos];
			m->wav_pos = (m->wav_pos + 1) % m->cfg.wav_n;
		}
		break;
	default:
		memset(pcm, 0, n * sizeof(*pcm));
		break;
	}
}

static void send_frame(struct demo_rtp *m, uint64_t now)
{
	int16_t pcm[DEMO_RTP_FRAME];
	uint8_t pkt[PACKET_MAX];
	size_t len = 0;

	if (!m->sending) {
		/* RFC3550 5.1: the timestamp advances "regardless of whether the block is
		 * transmitted in a packet or dropped as silent". */
		rtp_session_skip(&m->s, DEMO_RTP_FRAME);
		return;
	}
	fill(m, pcm, DEMO_RTP_FRAME);
	if (rtp_session_send_audio(&m->s, pcm, DEMO_RTP_FRAME, now, pkt, sizeof(pkt), &len) == 0)
		send_to(m, false, pkt, len);
}

static void play_frame(struct demo_rtp *m)
{
	int16_t pcm[DEMO_RTP_FRAME];

	/* The recording starts with the stream: the idle wait before it is not audio. */
	if (rtp_jitbuf_get(&m->jb, pcm) == RTP_JITBUF_IDLE && !m->playing)
		return;
	m->playing = true;
	record(m, pcm, DEMO_RTP_FRAME);
}

static void on_tick(struct net_timer *t, void *arg)
{
	struct demo_rtp *m = arg;
	struct net_timer_list *l = net_loop_timers(m->loop);
	uint64_t now = net_timer_list_now(l);   /* the deadline of this tick */
	uint64_t real = m->loop->clock(m->loop->clock_arg);

	if (real > now + DEMO_RTP_STALL_US) {
		/* The loop stood still (a step-mode pause): the frames that should have left
		 * meanwhile are dropped, as silence is, instead of leaving in one burst. */
		uint64_t behind = (real - now) / DEMO_RTP_FRAME_US;

		m->skipped += (uint32_t)behind;
		for (uint64_t i = 0; i < behind; i++) {
			rtp_session_skip(&m->s, DEMO_RTP_FRAME);
			play_frame(m);
		}
		m->ticks += behind;
	}
	send_frame(m, now);
	play_frame(m);
	m->ticks++;
	/* Drift-free: tick k is due at start + k x 20 ms, whenever this one ran. */
	(void)net_timer_start(l, t, m->start_us + m->ticks * DEMO_RTP_FRAME_US - now);
}

/* ---- RTCP ------------------------------------------------------------------------------ */

static void arm_rtcp(struct demo_rtp *m)
{
	struct net_timer_list *l = net_loop_timers(m->loop);
	uint64_t now = net_timer_list_now(l), due = rtp_session_rtcp_due(&m->s);

	(void)net_timer_start(l, &m->rtcp_timer, due > now ? due - now : DEMO_RTP_FRAME_US);
}

static void on_rtcp_timer(struct net_timer *t, void *arg)
{
	struct demo_rtp *m = arg;
	uint8_t pkt[PACKET_MAX];
	size_t len = 0;

	(void)t;
	/* RFC3550 6.3.6: on expiry the interval is recomputed; a packet leaves only if
	 * the new time is not later (reconsideration). */
	if (rtp_session_rtcp_poll(&m->s, net_loop_now(m->loop), pkt, sizeof(pkt), &len) == 0 &&
	    len > 0)
		send_to(m, true, pkt, len);
	arm_rtcp(m);
}

/* ---- Session ---------------------------------------------------------------------------- */

static void set_remote(struct demo_rtp *m, const struct net_addr *remote)
{
	m->remote = *remote;
	m->remote_rtcp = *remote;
	/* RFC3550 11: RTCP on "the next higher (odd) destination port number". */
	net_addr_set_port(&m->remote_rtcp, (uint16_t)(net_addr_port(remote) + 1));
}

/* What arrived before the start, in order, with its arrival time. */
static void feed_early(struct demo_rtp *m)
{
	for (size_t i = 0; i < m->n_early; i++) {
		const struct early *e = &m->early[i];

		if (e->rtcp)
			(void)rtp_session_on_rtcp(&m->s, e->data, e->len, e->at);
		else
			rx_rtp(m, e->data, e->len, e->at);
	}
	m->n_early = 0;
}

int demo_rtp_start(struct demo_rtp *m, enum rtp_g711_law law, const struct net_addr *remote,
		   bool send)
{
	const struct rtp_jitbuf_config jc = { DEMO_RTP_FRAME, DEMO_RTP_JITTER_FRAMES,
					      RTP_JITBUF_CONCEAL_SILENCE };
	struct rtp_session_config sc;
	uint64_t now = net_loop_now(m->loop);
	uint8_t pkt[PACKET_MAX];
	size_t len = 0;
	int rc;

	if (m->state != ENGINE_IDLE)
		return EALREADY;
	if (remote == NULL || net_addr_family(remote) != net_addr_family(net_udp_local(m->rtp)))
		return EINVAL;
	rtp_session_config_default(&sc, law, m->cname);
	sc.rtcp_min_interval = m->cfg.rtcp_min_interval;
	sc.log = &m->cfg.log;
	rc = rtp_session_init(&m->s, &sc, m->rand, now);
	if (rc == 0)
		rc = rtp_jitbuf_init(&m->jb, &jc);
	if (rc != 0)
		return rc;
	m->jb_ready = true;
	m->law = law;
	m->sending = send;
	set_remote(m, remote);
	m->state = ENGINE_RUNNING;
	feed_early(m);
	m->start_us = now;
	m->ticks = 0;
	net_timer_init(&m->tick, on_tick, m);
	net_timer_init(&m->rtcp_timer, on_rtcp_timer, m);
	(void)net_timer_start(net_loop_timers(m->loop), &m->tick, 0);
	/* RFC3550 6.2: "For unicast sessions, ... the delay before sending the initial
	 * compound RTCP packet MAY be zero" - the peer learns our CNAME at once. */
	if (rtp_session_rtcp_build(&m->s, now, false, NULL, pkt, sizeof(pkt), &len) == 0)
		send_to(m, true, pkt, len);
	arm_rtcp(m);
	return 0;
}

void demo_rtp_update(struct demo_rtp *m, const struct net_addr *remote, bool send)
{
	if (m->state != ENGINE_RUNNING)
		return;
	if (remote != NULL && net_addr_family(remote) == net_addr_family(&m->remote))
		set_remote(m, remote);
	m->sending = send;
}

void demo_rtp_stop(struct demo_rtp *m, const char *reason)
{
	uint8_t pkt[PACKET_MAX];
	size_t len = 0;

	if (m->state != ENGINE_RUNNING)
		return;
	net_timer_stop(net_loop_timers(m->loop), &m->tick);
	net_timer_stop(net_loop_timers(m->loop), &m->rtcp_timer);
	/* RFC3550 6.6: "The BYE packet indicates that one or more sources are no longer
	 * active"; it goes in a compound packet after the report. */
	if (rtp_session_rtcp_build(&m->s, net_loop_now(m->loop), true, reason, pkt, sizeof(pkt),
				   &len) == 0)
		send_to(m, true, pkt, len);
	m->state = ENGINE_STOPPED;
}

bool demo_rtp_started(const struct demo_rtp *m)
{
	return m->state != ENGINE_IDLE;
}

void demo_rtp_get_stats(const struct demo_rtp *m, struct demo_rtp_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->early = m->early_total;
	st->skipped = m->skipped;
	st->recorded = m->rec_n;
	st->rtcp_min_interval = m->cfg.rtcp_min_interval;
	if (m->state == ENGINE_IDLE)
		return;
	rtp_session_get_stats(&m->s, &st->s);
	st->played = m->jb.stats.played;
	st->concealed = m->jb.stats.concealed;
	st->late = m->jb.stats.late;
}

const int16_t *demo_rtp_recording(const struct demo_rtp *m, size_t *n)
{
	*n = m->rec_n;
	return m->rec;
}

void demo_rtp_measure(const struct demo_rtp *m, struct demo_rtp_measure *out)
{
	struct rtp_tone_fit fit;
	size_t start = DEMO_RTP_MEASURE_SKIP, n;

	memset(out, 0, sizeof(*out));
	if (m->rec_n < start + 160)
		return;
	n = m->rec_n - start;
	if (n > DEMO_RTP_MEASURE_MAX) {
		start += (n - DEMO_RTP_MEASURE_MAX) / 2;  /* the middle: away from the edges */
		n = DEMO_RTP_MEASURE_MAX;
	}
	out->samples = n;
	out->level_dbfs = rtp_measure_rms_dbfs(m->rec + start, n);
	if (rtp_measure_dominant_hz(m->rec + start, n, RTP_G711_CLOCK_RATE, &out->freq_hz) != 0 ||
	    rtp_measure_tone_fit(m->rec + start, n, out->freq_hz, RTP_G711_CLOCK_RATE, &fit) != 0)
		return;
	out->snr_db = fit.snr_db;
	out->valid = isfinite(out->level_dbfs) != 0;
}
