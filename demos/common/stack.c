/* demos/common/stack.c - the SIP stack on real sockets and the real clock (see
 * stack.h).  Programs only: this is where the clock is read and sockets are opened.
 */
#include "demos/common/stack.h"

#include "net/clock.h"
#include "sip/trace.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The stack a signal stops (a program has one). */
static struct demo_stack *signalled;

static void log_stderr(void *arg, enum net_log_level level, const char *layer, const char *line)
{
	const struct demo_stack *s = arg;

	if (level <= NET_LOG_WARN || s->verbose)
		fprintf(stderr, "[%s] %s\n", layer, line);
}

/* One line on stderr, "prog: " first when the program gave its name. */
static void say_error(const char *prog, const char *fmt, ...)
{
	va_list ap;

	if (prog != NULL)
		fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The loop, the random source and the sockets on `listen`. */
static int listen_on(struct demo_stack *s, const char *listen, const char *prog)
{
	struct net_addr addr;
	int rc;

	if (listen == NULL || net_addr_parse(&addr, listen, SIP_DEFAULT_PORT) != 0) {
		say_error(prog, "not an IP address and port: %s", listen != NULL ? listen : "(none)");
		return EINVAL;
	}
	net_loop_init(&s->loop, NULL, NULL);
	net_loop_set_log(&s->loop, &s->log);
	rc = net_rand_seed_os(&s->rand);
	if (rc == 0)
		rc = sip_transport_net_open(&s->net, &s->loop, &addr, NULL);
	if (rc != 0) {
		say_error(prog, "cannot listen on %s: %s", listen, strerror(rc));
		net_loop_fini(&s->loop);
		return rc;
	}
	s->local = *sip_transport_net_local(s->net);
	return 0;
}

/* The transport layer above the sockets: RFC 3581 rport on, one address for UDP and
 * TCP. */
static int transport_start(struct demo_stack *s, const struct demo_stack_hooks *h)
{
	struct sip_transport_config cfg;
	struct sip_env env;
	int rc;

	memset(&env, 0, sizeof(env));
	sip_transport_net_env(s->net, &env);
	env.log = s->log;
	env.rand = &s->rand;
	if (h->env != NULL)
		h->env(h->arg, &env);
	memset(&cfg, 0, sizeof(cfg));
	cfg.udp = s->local;
	cfg.tcp = s->local;
	cfg.rport = true;
	rc = sip_transport_create(&s->tp, &env, &cfg);
	if (rc == 0 && h->transport != NULL)
		rc = h->transport(h->arg, s->tp);
	return rc;
}

int demo_stack_open_hooked(struct demo_stack *s, const char *listen,
			   const struct demo_stack_hooks *h)
{
	int rc = listen_on(s, listen, h->prog);

	if (rc != 0)
		return rc;
	rc = transport_start(s, h);
	if (rc != 0) {
		say_error(h->prog, "cannot start the SIP transport: %s", strerror(rc));
		demo_stack_close(s);
		return rc;
	}
	sip_transport_net_attach(s->net, s->tp);
	return 0;
}

/* demo_stack_open's trace: every message on the log when verbose. */
static int trace_if_verbose(void *arg, struct sip_transport *tp)
{
	struct demo_stack *s = arg;

	return s->verbose ? sip_transport_trace_add(tp, sip_trace_to_log, &s->log) : 0;
}

int demo_stack_open(struct demo_stack *s, const char *listen, bool verbose)
{
	memset(s, 0, sizeof(*s));
	s->verbose = verbose;
	s->log.cb = log_stderr;
	s->log.arg = s;

	const struct demo_stack_hooks h = { NULL, NULL, trace_if_verbose, s };

	return demo_stack_open_hooked(s, listen, &h);
}

void demo_stack_close(struct demo_stack *s)
{
	if (s->net != NULL)
		sip_transport_net_attach(s->net, NULL);
	net_udp_close(s->media);
	sip_transport_destroy(s->tp);
	sip_transport_net_close(s->net);
	net_loop_fini(&s->loop);
	if (signalled == s)
		signalled = NULL;
	memset(s, 0, sizeof(*s));
}

int demo_stack_run(struct demo_stack *s, uint64_t max_us)
{
	uint64_t end = max_us == DEMO_FOREVER ? DEMO_FOREVER : net_clock_monotonic_us() + max_us;

	s->loop.stop = 0;
	while (!s->loop.stop) {
		uint64_t now = net_clock_monotonic_us();
		int rc;

		if (now >= end)
			break;
		rc = net_loop_run_once(&s->loop, end == DEMO_FOREVER ? NET_LOOP_FOREVER : end - now);
		if (rc != 0)
			return rc;
	}
	s->loop.stop = 0;
	return 0;
}

void demo_stack_stop(struct demo_stack *s)
{
	net_loop_stop(&s->loop);
}

static void on_signal(int sig)
{
	(void)sig;
	if (signalled != NULL)
		net_loop_stop(&signalled->loop);
}

void demo_stack_catch_signals(struct demo_stack *s)
{
	struct sigaction sa;

	signalled = s;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
}

static void media_drop(void *arg, struct net_udp *u, const uint8_t *data, size_t len,
		       const struct net_addr *from)
{
	(void)arg;
	(void)u;
	(void)data;
	(void)len;
	(void)from;
}

int demo_media_open(struct demo_stack *s, uint16_t *port)
{
	const struct net_udp_handler h = { media_drop, NULL, NULL };
	struct net_addr a = s->local;
	int rc;

	net_addr_set_port(&a, 0);
	rc = net_udp_open(&s->media, &s->loop, &a, &h);
	if (rc != 0) {
		fprintf(stderr, "cannot open the RTP socket: %s\n", strerror(rc));
		return rc;
	}
	*port = net_addr_port(net_udp_local(s->media));
	return 0;
}

const char *demo_stack_ip(const struct demo_stack *s)
{
	static char ip[NET_ADDR_STRLEN];

	if (net_addr_format_ip(&s->local, ip, sizeof(ip)) != 0)
		ip[0] = '\0';
	return ip;
}
