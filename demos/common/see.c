/* demos/common/see.c - the annotated console, --log, --pcap and the lab knobs (see
 * see.h).  Step mode's explanations are in see_step.c.
 *
 * The console shows one line per message and the layer decisions between them:
 *
 *     0.012 <- INVITE sip:bob@127.0.0.1  from 127.0.0.1:41234 UDP (850 bytes)
 *           [tsx] IST z9hG4bKa3f.. RFC3261 17.2.1: Proceeding, 100 Trying sent
 *
 * The "trace" layer's own summaries (sip_trace_to_log) are not shown: the message
 * lines above replace them.  DEBUG lines go to the --log file only.
 *
 * Leaves out: colour, time zones (the log file's times are UTC).
 */
#include "demos/common/see_internal.h"

#include "net/clock.h"
#include "sip/trace.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char demo_see_usage[] =
	"  --quiet             print warnings, errors and the results only\n"
	"  --step              explain each message and wait for Enter before it goes on\n"
	"  --log FILE          write every message in full (time, direction, addresses)\n"
	"  --pcap FILE         write a capture for Wireshark/tshark (SIP and RTP)\n"
	"  --drop N            lab: lose the Nth UDP message this program sends\n"
	"  --loss PCT[:SEED]   lab: lose each UDP message sent with probability PCT %\n"
	"  --t1 MS             lab: T1 in milliseconds (RFC 3261 default 500)\n";

void demo_see_options_default(struct demo_see_options *o, const char *prog)
{
	memset(o, 0, sizeof(*o));
	o->prog = prog;
	o->console = stdout;
	o->step_in = stdin;
}

/* A decimal number in [min, max], the whole string. */
static bool parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);

	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static int bad_value(const struct demo_see_options *o, const char *opt, const char *what)
{
	fprintf(stderr, "%s: %s needs %s (try --help)\n", o->prog, opt, what);
	return -1;
}

/* "PCT" or "PCT:SEED". */
static bool parse_loss(const char *v, struct sip_lossy_config *loss)
{
	char pct[16];
	const char *colon = strchr(v, ':');
	size_t n = colon != NULL ? (size_t)(colon - v) : strlen(v);
	uint64_t p, seed = 1;

	if (n == 0 || n >= sizeof(pct))
		return false;
	memcpy(pct, v, n);
	pct[n] = '\0';
	if (!parse_uint(pct, 0, 100, &p))
		return false;
	if (colon != NULL && !parse_uint(colon + 1, 0, UINT64_MAX, &seed))
		return false;
	loss->percent = (unsigned)p;
	loss->seed = seed;
	return true;
}

static int parse_valued(struct demo_see_options *o, const char *opt, const char *v)
{
	uint64_t n;

	if (strcmp(opt, "--log") == 0 || strcmp(opt, "--pcap") == 0) {
		if (v == NULL || *v == '\0')
			return bad_value(o, opt, "a file");
		*(strcmp(opt, "--log") == 0 ? &o->log_path : &o->pcap_path) = v;
	} else if (strcmp(opt, "--drop") == 0) {
		if (!parse_uint(v, 1, UINT32_MAX, &n))
			return bad_value(o, opt, "a message number N >= 1");
		o->loss.drop_nth = (unsigned)n;
	} else if (strcmp(opt, "--loss") == 0) {
		if (v == NULL || !parse_loss(v, &o->loss))
			return bad_value(o, opt, "PCT[:SEED] with PCT in 0..100");
	} else {
		if (!parse_uint(v, 1, 3600000, &n))
			return bad_value(o, opt, "milliseconds (1..3600000)");
		o->t1_us = n * 1000u;
	}
	return 2;
}

int demo_see_parse_option(struct demo_see_options *o, int argc, char **argv, int i)
{
	static const char *const valued[] = { "--log", "--pcap", "--drop", "--loss", "--t1" };
	const char *a = argv[i];

	if (strcmp(a, "--quiet") == 0) {
		o->quiet = true;
		return 1;
	}
	if (strcmp(a, "--step") == 0) {
		o->step = true;
		return 1;
	}
	for (size_t k = 0; k < sizeof(valued) / sizeof(valued[0]); k++)
		if (strcmp(a, valued[k]) == 0)
			return parse_valued(o, a, i + 1 < argc ? argv[i + 1] : NULL);
	return 0;
}

int demo_see_open(struct demo_see **out, const struct demo_see_options *o)
{
	struct demo_see *s = calloc(1, sizeof(*s));
	int rc = 0;

	*out = NULL;
	if (s == NULL)
		return ENOMEM;
	s->o = *o;
	s->start_us = net_clock_monotonic_us();
	if (o->log_path != NULL) {
		s->log_file = fopen(o->log_path, "w");
		if (s->log_file == NULL)
			rc = errno;
	}
	if (rc == 0 && o->pcap_path != NULL)
		rc = net_pcap_open(&s->pcap, o->pcap_path);
	if (rc != 0) {
		fprintf(stderr, "%s: cannot write %s: %s\n", o->prog,
			s->log_file == NULL && o->log_path != NULL ? o->log_path : o->pcap_path,
			strerror(rc));
		demo_see_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

int demo_see_close(struct demo_see *s)
{
	int rc = 0;

	if (s == NULL)
		return 0;
	if (s->log_file != NULL && fclose(s->log_file) != 0)
		rc = EIO;
	if (net_pcap_close(s->pcap) != 0)
		rc = EIO;
	free(s);
	return rc;
}

const struct demo_see_options *demo_see_options(const struct demo_see *s)
{
	return &s->o;
}

double see_elapsed(const struct demo_see *s)
{
	return (double)(net_clock_monotonic_us() - s->start_us) / 1e6;
}

/* "12:34:56.789012" UTC, for the log file. */
static void wall_time(char *buf, size_t cap)
{
	uint64_t us = net_clock_realtime_us();
	time_t secs = (time_t)(us / 1000000u);
	struct tm tm;

	if (gmtime_r(&secs, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	snprintf(buf, cap, "%02d:%02d:%02d.%06u", tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (unsigned)(us % 1000000u));
}

/* ---- The log hook ------------------------------------------------------------------ */

static void keep_recent(struct demo_see *s, const char *layer, const char *line)
{
	if (s->recent_count == SEE_RECENT) {
		memmove(s->recent[0], s->recent[1], sizeof(s->recent[0]) * (SEE_RECENT - 1));
		s->recent_count--;
	}
	snprintf(s->recent[s->recent_count++], SEE_RECENT_LEN, "[%s] %s", layer, line);
}

static void on_log(void *arg, enum net_log_level level, const char *layer, const char *line)
{
	struct demo_see *s = arg;
	bool trace = strcmp(layer, "trace") == 0;

	if (s->log_file != NULL && !trace) {
		char t[32];

		wall_time(t, sizeof(t));
		fprintf(s->log_file, "%s %-5s [%s] %s\n", t, net_log_level_name(level), layer, line);
	}
	if (trace || level == NET_LOG_DEBUG)
		return;
	keep_recent(s, layer, line);
	if (level <= NET_LOG_WARN) {
		fprintf(stderr, "%s: %s: [%s] %s\n", s->o.prog,
			level == NET_LOG_ERROR ? "error" : "warning", layer, line);
		return;
	}
	if (!s->o.quiet) {
		/* Most layers tag their lines "[ICT z9hG4bK.. RFC3261 17.1.1.2] ...". */
		if (line[0] == '[')
			fprintf(s->o.console, "          %s\n", line);
		else
			fprintf(s->o.console, "          [%s] %s\n", layer, line);
		fflush(s->o.console);
	}
}

struct net_log demo_see_log(struct demo_see *s)
{
	struct net_log l = { on_log, s };

	return l;
}

void demo_see_say(struct demo_see *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	demo_see_vsay(s, fmt, ap);
	va_end(ap);
}

void demo_see_vsay(struct demo_see *s, const char *fmt, va_list ap)
{
	char line[1024];

	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(s->o.console, "%s: %s\n", s->o.prog, line);
	fflush(s->o.console);
	if (s->log_file != NULL) {
		char t[32];

		wall_time(t, sizeof(t));
		fprintf(s->log_file, "%s %s: %s\n", t, s->o.prog, line);
	}
}

/* ---- The trace hook ---------------------------------------------------------------- */

/* The console line of one message: time, arrow, start-line without "SIP/2.0", peer. */
static void console_message(struct demo_see *s, const struct sip_trace_event *ev, bool again)
{
	char first[160], peer[NET_ADDR_STRLEN] = "?";
	bool out = ev->dir == SIP_TRACE_OUT;
	size_t n = sip_trace_first_line(ev->data, ev->len, first, sizeof(first));

	if (n > 8 && strcmp(first + n - 8, " SIP/2.0") == 0)
		first[n - 8] = '\0';
	(void)net_addr_format(out ? &ev->dst : &ev->src, peer, sizeof(peer));
	fprintf(s->o.console, "%8.3f %s %-44s %s %s %s (%zu bytes)%s\n", see_elapsed(s),
		out ? "->" : "<-", first, out ? "to" : "from", peer, sip_proto_name(ev->proto),
		ev->len, again ? " again" : "");
	fflush(s->o.console);
}

static void file_message(struct demo_see *s, const struct sip_trace_event *ev)
{
	char t[32], src[NET_ADDR_STRLEN] = "?", dst[NET_ADDR_STRLEN] = "?";

	wall_time(t, sizeof(t));
	(void)net_addr_format(&ev->src, src, sizeof(src));
	(void)net_addr_format(&ev->dst, dst, sizeof(dst));
	fprintf(s->log_file, "%s %s %s %s -> %s (%zu bytes)\n", t,
		ev->dir == SIP_TRACE_OUT ? "SENT" : "RECEIVED", sip_proto_name(ev->proto), src,
		dst, ev->len);
	fwrite(ev->data, 1, ev->len, s->log_file);
	if (ev->len == 0 || ev->data[ev->len - 1] != '\n')
		fputc('\n', s->log_file);
	fputs("----\n", s->log_file);
	fflush(s->log_file);
}

static void on_trace(void *arg, const struct sip_trace_event *ev)
{
	struct demo_see *s = arg;
	bool out = ev->dir == SIP_TRACE_OUT;
	bool again = see_was_seen(s, out, ev->data, ev->len);

	if (s->pcap != NULL) {
		uint64_t now = net_clock_realtime_us();

		if (ev->proto == SIP_PROTO_TCP)
			(void)net_pcap_write_tcp(s->pcap, now, &ev->src, &ev->dst, ev->data, ev->len);
		else
			(void)net_pcap_write_udp(s->pcap, now, &ev->src, &ev->dst, ev->data, ev->len);
	}
	if (s->log_file != NULL)
		file_message(s, ev);
	if (!s->o.quiet)
		console_message(s, ev, again);
	if (s->o.step) {
		struct sip_msg *parsed = NULL;
		const struct sip_msg *m = ev->msg;
		struct sip_error err;

		/* What we send may come without its parsed form. */
		if (m == NULL && sip_msg_parse(ev->data, ev->len, &parsed, &err) == 0)
			m = parsed;
		if (!out)
			see_step_show(s, false, ev->proto, &ev->src, ev->data, ev->len, m);
		see_remember(s, out, ev->data, ev->len, m);
		sip_msg_destroy(parsed);
	} else {
		see_remember(s, out, ev->data, ev->len, NULL);
	}
	s->recent_count = 0;
}

void demo_see_packet(struct demo_see *s, const struct net_addr *src, const struct net_addr *dst,
		     const void *data, size_t len)
{
	if (s != NULL && s->pcap != NULL)
		(void)net_pcap_write_udp(s->pcap, net_clock_realtime_us(), src, dst, data, len);
}

int demo_see_attach(struct demo_see *s, struct sip_transport *t)
{
	return sip_transport_trace_add(t, on_trace, s);
}

/* ---- Loss and step in front of the send function ------------------------------------ */

static int step_send(void *arg, const struct sip_dest *dst, const char *data, size_t len,
		     struct sip_sent *sent)
{
	struct demo_see *s = arg;
	struct sip_msg *m = NULL;
	struct sip_error err;

	if (sip_msg_parse(data, len, &m, &err) != 0)
		m = NULL;
	see_step_show(s, true, dst->proto, &dst->addr, data, len, m);
	sip_msg_destroy(m);
	return s->inner(s->inner_arg, dst, data, len, sent);
}

void demo_see_wrap_env(struct demo_see *s, struct sip_env *env)
{
	const struct sip_lossy_config *l = &s->o.loss;

	env->log = demo_see_log(s);
	if (l->drop_nth != 0 || l->drop_every != 0 || l->percent != 0)
		sip_lossy_wrap(&s->lossy, env, &s->o.loss);
	if (s->o.step) {
		s->inner = env->send;
		s->inner_arg = env->send_arg;
		env->send = step_send;
		env->send_arg = s;
	}
}

static void wrap_env(void *arg, struct sip_env *env)
{
	demo_see_wrap_env(arg, env);
}

static int attach(void *arg, struct sip_transport *tp)
{
	return demo_see_attach(arg, tp);
}

int demo_see_stack_open(struct demo_see *s, struct demo_stack *st, const char *listen)
{
	const struct demo_stack_hooks h = { s->o.prog, wrap_env, attach, s };

	memset(st, 0, sizeof(*st));
	st->log = demo_see_log(s);
	return demo_stack_open_hooked(st, listen, &h);
}
