/* demos/sipua/sipua.c - sipua's main: open the stack and the media, then run the
 * phases of the demo call one after the other, each until the state it waits for:
 *
 *   register    REGISTER, 401, REGISTER with credentials, 200 (RFC 3261 §10.2, §22.2)
 *   call        --call: INVITE ... 200, ACK; --answer: 180, 200 after --ring (§13)
 *   talk        RTP both ways until --duration or the peer's BYE (§15)
 *   unregister  REGISTER with Expires: 0 (§10.2.2)
 *   summary     the lines of the output contract in sipua.h
 *
 * A signal (Ctrl-C, SIGTERM) ends the phase in progress: the call is hung up and the
 * binding removed before the program exits, as a phone would.
 *
 * Leaves out: host names (IP literals only, like the library), several accounts.
 */
#include "demos/sipua/sipua_internal.h"

#include "net/clock.h"
#include "rtp/wav.h"
#include "sip/trace.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SHUTDOWN_US 10000000ull  /* hanging up or unregistering takes at most 10 s */

/* The loop a signal stops; set once in sipua_run (a program has one). */
static struct net_loop *signal_loop;
static volatile sig_atomic_t signalled;

static void on_signal(int sig)
{
	(void)sig;
	signalled = 1;
	if (signal_loop != NULL)
		net_loop_stop(signal_loop);
}

static void catch_signals(struct net_loop *loop)
{
	struct sigaction sa;

	signal_loop = loop;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
}

void sipua_fail(struct sipua *u, const char *fmt, ...)
{
	if (u->failure[0] == '\0') {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(u->failure, sizeof(u->failure), fmt, ap);
		va_end(ap);
	}
	sipua_wake(u);
}

void sipua_wake(struct sipua *u)
{
	demo_stack_stop(&u->st);
}

/* Runs the loop until done(u), a signal, or max_us.  Returns done(u). */
static bool run_until(struct sipua *u, bool (*done)(const struct sipua *), uint64_t max_us)
{
	uint64_t start = net_clock_monotonic_us();

	while (!done(u) && !signalled) {
		uint64_t spent = net_clock_monotonic_us() - start;

		if (max_us != DEMO_FOREVER && spent >= max_us)
			break;
		if (demo_stack_run(&u->st, max_us == DEMO_FOREVER ? DEMO_FOREVER : max_us - spent) != 0)
			break;
	}
	return done(u);
}

static bool reg_finished(const struct sipua *u)
{
	return u->reg_done;
}

static bool call_over(const struct sipua *u)
{
	return u->ended || (u->call == NULL && u->failure[0] != '\0');
}

static bool unreg_finished(const struct sipua *u)
{
	return !u->unregistering;
}

static bool never(const struct sipua *u)
{
	(void)u;
	return false;
}

/* ---- Output ------------------------------------------------------------------------- */

void sipua_say(struct sipua *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	demo_see_vsay(u->see, fmt, ap);
	va_end(ap);
}

static void media_tap(void *arg, bool out, bool rtcp, const struct net_addr *src,
		      const struct net_addr *dst, const uint8_t *data, size_t len)
{
	struct sipua *u = arg;
	char text[NET_ADDR_STRLEN];

	if (!out && !rtcp && !u->rtp_seen && net_addr_format(src, text, sizeof(text)) == 0) {
		u->rtp_seen = true;
		sipua_say(u, "receiving RTP from %s", text);
	}
	demo_see_packet(u->see, src, dst, data, len);
}

/* ---- Opening --------------------------------------------------------------------------- */

/* The local IP that routes to `server`: loopback for a loopback server, else the
 * source address the kernel would pick (a connected UDP socket sends nothing). */
static int default_listen(const struct net_addr *server, struct net_addr *out)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, rc;

	if (net_addr_is_loopback(server))
		return net_addr_loopback(out, net_addr_family(server), 0);
	if (net_addr_to_sockaddr(server, &ss, &len) != 0)
		return EINVAL;
	fd = socket(net_addr_family(server), SOCK_DGRAM, 0);
	if (fd < 0)
		return errno;
	rc = connect(fd, (struct sockaddr *)&ss, len) == 0 ? 0 : errno;
	len = sizeof(ss);
	if (rc == 0 && getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		rc = errno;
	close(fd);
	if (rc == 0)
		rc = net_addr_from_sockaddr(out, &ss, len);
	if (rc == 0)
		net_addr_set_port(out, 0);
	return rc;
}

static int open_media(struct sipua *u)
{
	struct demo_rtp_config mc;
	struct net_addr rtp = u->st.local;
	char cname[SIPUA_TEXT_MAX], text[NET_ADDR_STRLEN];
	int rc;

	memset(&mc, 0, sizeof(mc));
	mc.source = u->wav != NULL ? DEMO_RTP_WAV : u->o->tone_hz > 0 ? DEMO_RTP_TONE : DEMO_RTP_SILENCE;
	mc.tone_hz = u->o->tone_hz;
	mc.wav = u->wav;
	mc.wav_n = u->wav_n;
	snprintf(cname, sizeof(cname), "%s@%s", u->o->user, demo_stack_ip(&u->st));
	mc.cname = cname;
	mc.log = u->st.log;
	mc.tap = media_tap;
	mc.tap_arg = u;
	rc = demo_rtp_open(&u->media, &u->st.loop, &u->st.rand, &u->st.local, &mc);
	if (rc != 0) {
		fprintf(stderr, "sipua: cannot open the RTP sockets: %s\n", strerror(rc));
		return rc;
	}
	net_addr_set_port(&rtp, demo_rtp_port(u->media));
	(void)net_addr_format(&rtp, text, sizeof(text));
	sipua_say(u, "rtp on %s (rtcp %u)", text, demo_rtp_port(u->media) + 1u);
	return 0;
}

/* sip:USER@DOMAIN and the rest of the account's URIs. */
static void make_uris(struct sipua *u)
{
	const struct sipua_opts *o = u->o;
	const char *domain = o->domain != NULL ? o->domain : o->server;

	snprintf(u->id, sizeof(u->id), "sip:%s@%s", o->user, domain);
	snprintf(u->registrar, sizeof(u->registrar), "sip:%s", domain);
	snprintf(u->proxy, sizeof(u->proxy), "sip:%s", o->server);
	if (o->call != NULL && strncmp(o->call, "sip:", 4) == 0)
		snprintf(u->target, sizeof(u->target), "%s", o->call);
	else if (o->call != NULL)
		snprintf(u->target, sizeof(u->target), "sip:%s@%s", o->call, domain);
}

static int create_app(struct sipua *u)
{
	struct sip_app_config cfg = { .media_addr = demo_stack_ip(&u->st),
				      .media_port = demo_rtp_port(u->media), .codec = u->o->codec,
				      .transport = u->o->transport, .user_agent = "siplab-sipua",
				      .h = sipua_handler(u) };
	struct sip_app_account acc = { .id = u->id, .registrar = u->registrar, .proxy = u->proxy,
				       .username = u->o->user, .password = u->o->password };
	struct sip_tsx_config tsx;
	int rc;

	if (u->o->see.t1_us != 0) {
		/* --t1: a slower T1 for the lab; T2 caps the retransmission interval, so it
		 * may not be below T1 (RFC3261 17.1.2.2). */
		sip_tsx_config_default(&tsx);
		tsx.t1_us = u->o->see.t1_us;
		if (tsx.t2_us < tsx.t1_us)
			tsx.t2_us = tsx.t1_us;
		cfg.tsx = &tsx;
	}
	rc = sip_app_create(&u->app, u->st.tp, &cfg, &acc);

	if (rc != 0)
		fprintf(stderr, "sipua: cannot start the user agent for %s: %s\n", u->id, strerror(rc));
	return rc;
}

/* Everything before the first message: sockets, files, the account.  2 on error. */
static int open_all(struct sipua *u)
{
	const struct sipua_opts *o = u->o;
	struct net_addr server, listen;
	char why[160], text[NET_ADDR_STRLEN];
	int rc;

	(void)net_addr_parse(&server, o->server, SIP_DEFAULT_PORT);  /* cli.c checked it */
	if (o->listen != NULL)
		rc = net_addr_parse(&listen, o->listen, SIP_DEFAULT_PORT);
	else
		rc = default_listen(&server, &listen);
	if (rc != 0 || net_addr_is_any(&listen)) {
		fprintf(stderr, "sipua: --listen needs this host's own address (the SDP and Contact carry it)\n");
		return 2;
	}
	if (o->play != NULL &&
	    (rc = rtp_wav_read_file(o->play, &u->wav, &u->wav_n, why, sizeof(why))) != 0) {
		fprintf(stderr, "sipua: cannot play %s: %s\n", o->play, rc == EBADMSG || rc == ENOTSUP ?
			why : strerror(rc));
		return 2;
	}
	if (o->play != NULL && u->wav_n == 0) {
		fprintf(stderr, "sipua: cannot play %s: no samples\n", o->play);
		return 2;
	}
	make_uris(u);
	if (demo_see_open(&u->see, &o->see) != 0)
		return 2;  /* it said why */
	(void)net_addr_format(&listen, text, sizeof(text));
	if (demo_see_stack_open(u->see, &u->st, text) != 0)
		return 2;
	u->stack_open = true;
	(void)net_addr_format(&u->st.local, text, sizeof(text));
	sipua_say(u, "listening on %s (udp, tcp)", text);
	if (open_media(u) != 0 || create_app(u) != 0)
		return 2;
	return 0;
}

static void close_all(struct sipua *u)
{
	if (u->stack_open)
		sipua_timers_stop(u);
	sip_app_destroy(u->app);
	demo_rtp_close(u->media);
	if (u->stack_open)
		demo_stack_close(&u->st);
	if (demo_see_close(u->see) != 0)
		fprintf(stderr, "sipua: writing the --log or --pcap file failed\n");
	free(u->wav);
}

/* ---- The phases ------------------------------------------------------------------------ */

static void phase_call(struct sipua *u)
{
	if (u->o->call != NULL) {
		if (sipua_place_call(u) == 0)
			(void)run_until(u, call_over, DEMO_FOREVER);
	} else if (u->o->answer) {
		sipua_say(u, "waiting for a call");
		(void)run_until(u, call_over, DEMO_FOREVER);
	} else {
		/* Neither: stay registered for --duration, or until a signal. */
		(void)run_until(u, never, u->o->duration_s >= 0 ? (uint64_t)(u->o->duration_s * 1e6)
								  : DEMO_FOREVER);
	}
	if (u->call != NULL) {
		/* A signal or a failure while the call is up: end it as a phone would. */
		signalled = 0;
		sipua_hangup(u, "hanging up");
		(void)run_until(u, call_over, SHUTDOWN_US);
	}
}

static void phase_unregister(struct sipua *u)
{
	signalled = 0;
	if (!u->registered || sip_app_unregister(u->app) != 0)
		return;
	u->unregistering = true;
	if (!run_until(u, unreg_finished, SHUTDOWN_US))
		sipua_fail(u, "unregistration failed: no answer from %s", u->o->server);
}

/* What was asked but did not happen, when no step failed outright. */
static void check_outcome(struct sipua *u, const struct demo_rtp_stats *st)
{
	if ((u->o->call != NULL || u->o->answer) && !u->call_started)
		sipua_fail(u, "no call %s", u->o->answer ? "arrived" : "was placed");
	/* A call shorter than the grace time is not judged on its media. */
	if (u->confirmed && u->expect_rtp && st->s.received == 0 &&
	    u->talk_us >= SIPUA_RTP_GRACE_US) {
		char addr[SDP_ADDR_MAX + 8];

		if (net_addr_format(&u->media_info.remote, addr, sizeof(addr)) != 0)
			snprintf(addr, sizeof(addr), "%s:%u", u->media_info.remote_addr,
				 u->media_info.remote_port);
		sipua_fail(u, "no RTP received from %s", addr);
	}
	if (u->registered && !u->unregistered)
		sipua_fail(u, "unregistration failed");
}

static void print_summary(struct sipua *u, const struct demo_rtp_stats *st)
{
	struct demo_rtp_measure me;
	char jitter[32] = "-";

	if (st->s.received > 0)
		snprintf(jitter, sizeof(jitter), "%.2fms", st->s.jitter_ms);
	sipua_say(u, "summary: call=%s state=%s status=%d codec=%s rtp-sent=%u rtp-received=%u "
	       "rtp-lost=%d jitter=%s rtcp-sent=%u rtcp-received=%u rtcp-min=%.1fs",
	       u->confirmed ? "confirmed" : u->call_started ? "failed" : "none",
	       u->call_started ? sip_call_state_name(u->state) : "-", u->status,
	       u->have_media ? u->media_info.codec : "-", st->s.packets_sent, st->s.received,
	       st->s.lost, jitter, st->s.rtcp_sent, st->s.rtcp_received, st->rtcp_min_interval);
	demo_rtp_measure(u->media, &me);
	if (me.valid)
		sipua_say(u, "media: rx-freq=%.1fHz rx-level=%.1fdBFS snr=%.1fdB measured=%zu "
		       "recorded=%.2fs", me.freq_hz, me.level_dbfs, me.snr_db, me.samples,
		       (double)st->recorded / RTP_G711_CLOCK_RATE);
	else
		sipua_say(u, "media: rx-freq=- rx-level=- snr=- measured=0 recorded=%.2fs",
		       (double)st->recorded / RTP_G711_CLOCK_RATE);
}

static void write_recording(struct sipua *u)
{
	size_t n;
	const int16_t *pcm = demo_rtp_recording(u->media, &n);
	int rc = rtp_wav_write_file(u->o->record, pcm, n);

	if (rc != 0)
		sipua_fail(u, "cannot write %s: %s", u->o->record, strerror(rc));
}

int sipua_run(const struct sipua_opts *o)
{
	struct sipua *u = calloc(1, sizeof(*u));
	struct demo_rtp_stats st;
	int rc;

	if (u == NULL)
		return 1;
	u->o = o;
	sipua_timers_init(u);
	setvbuf(stdout, NULL, _IOLBF, 0);  /* each line out at once, for whoever watches */
	rc = open_all(u);
	if (rc == 0) {
		catch_signals(&u->st.loop);
		if (run_until(u, reg_finished, DEMO_FOREVER) && u->registered)
			phase_call(u);
		phase_unregister(u);
		demo_rtp_get_stats(u->media, &st);
		check_outcome(u, &st);
		if (o->record != NULL)
			write_recording(u);
		print_summary(u, &st);
		if (u->failure[0] == '\0' && signalled && !u->registered)
			sipua_fail(u, "interrupted before the registration finished");
		if (u->failure[0] != '\0')
			fprintf(stderr, "sipua: %s\n", u->failure);
		rc = u->failure[0] != '\0' ? 1 : 0;
	}
	signal_loop = NULL;
	close_all(u);
	free(u);
	return rc;
}
