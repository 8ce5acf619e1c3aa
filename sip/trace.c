/* sip/trace.c - the one trace point and its ready-made hooks (DESIGN.md "One trace
 * point").
 *
 * Leaves out: colour, ladder drawing and step mode (the demos' hooks).
 */
#include "sip/trace.h"

#include "net/pcap.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const char *sip_proto_name(enum sip_proto proto)
{
	return proto == SIP_PROTO_TCP ? "TCP" : "UDP";
}

bool sip_proto_is_reliable(enum sip_proto proto)
{
	return proto == SIP_PROTO_TCP;
}

void sip_trace_init(struct sip_trace *t)
{
	memset(t, 0, sizeof(*t));
}

int sip_trace_add(struct sip_trace *t, sip_trace_cb cb, void *arg)
{
	if (cb == NULL)
		return EINVAL;
	if (t->count == SIP_TRACE_MAX_HOOKS)
		return ENOBUFS;
	t->hooks[t->count].cb = cb;
	t->hooks[t->count].arg = arg;
	t->count++;
	return 0;
}

void sip_trace_remove(struct sip_trace *t, sip_trace_cb cb, const void *arg)
{
	for (size_t i = 0; i < t->count; i++) {
		if (t->hooks[i].cb != cb || t->hooks[i].arg != arg)
			continue;
		memmove(&t->hooks[i], &t->hooks[i + 1], (t->count - i - 1) * sizeof(t->hooks[0]));
		t->count--;
		return;
	}
}

void sip_trace_emit(const struct sip_trace *t, const struct sip_trace_event *ev)
{
	for (size_t i = 0; i < t->count; i++)
		t->hooks[i].cb(t->hooks[i].arg, ev);
}

size_t sip_trace_first_line(const char *data, size_t len, char *buf, size_t cap)
{
	size_t n = 0;

	if (cap == 0)
		return 0;
	/* RFC3261 7.5: CRLFs before the start-line are ignored; so does the summary. */
	while (len > 0 && (*data == '\r' || *data == '\n')) {
		data++;
		len--;
	}
	for (size_t i = 0; i < len && n + 1 < cap; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c == '\r' || c == '\n')
			break;
		buf[n++] = c >= 0x20 && c < 0x7f ? (char)c : '.';
	}
	buf[n] = '\0';
	return n;
}

int sip_trace_summary(const struct sip_trace_event *ev, char *buf, size_t cap)
{
	char src[NET_ADDR_STRLEN] = "?", dst[NET_ADDR_STRLEN] = "?", line[160];

	if (cap == 0)
		return ENOBUFS;
	(void)net_addr_format(&ev->src, src, sizeof(src));
	(void)net_addr_format(&ev->dst, dst, sizeof(dst));
	sip_trace_first_line(ev->data, ev->len, line, sizeof(line));
	int n = snprintf(buf, cap, "%s %s %s > %s %s (%zu bytes)",
			 ev->dir == SIP_TRACE_OUT ? "->" : "<-", sip_proto_name(ev->proto), src,
			 dst, line, ev->len);

	return n < 0 || (size_t)n >= cap ? ENOBUFS : 0;
}

void sip_trace_to_log(void *arg, const struct sip_trace_event *ev)
{
	char line[320];

	(void)sip_trace_summary(ev, line, sizeof(line));
	net_log_printf(arg, NET_LOG_INFO, "trace", "%s", line);
}

void sip_trace_to_pcap(void *arg, const struct sip_trace_event *ev)
{
	struct net_pcap *p = arg;

	if (ev->proto == SIP_PROTO_TCP)
		(void)net_pcap_write_tcp(p, ev->time_us, &ev->src, &ev->dst, ev->data, ev->len);
	else
		(void)net_pcap_write_udp(p, ev->time_us, &ev->src, &ev->dst, ev->data, ev->len);
}
