/* sip/trace.h - the one trace point: every SIP message the stack sends or receives.
 *
 * DESIGN.md "One trace point": "Every message sent or received passes one function
 * in the transport layer."  That function is sip_trace_emit.  The transport layer
 * (sip/transport.h) calls it once per message: outbound after the bytes were handed
 * to the send function, inbound as soon as the bytes have been framed (with the
 * parsed message when it parsed, NULL when it did not).  Whatever a program wants
 * to show of the traffic hangs off it as a hook:
 *  - sip_trace_to_log: a one-line summary through the log hook (the demos' console);
 *  - sip_trace_to_pcap: the bytes into a capture file (net/pcap.h) for Wireshark;
 *  - the ladder diagram and the step mode of the demos, the scenario recorder of
 *    the tests: their own hooks with the same signature.
 * Nothing else in the stack prints protocol traffic.
 *
 * The trace also defines the two transports the stack speaks (enum sip_proto), the
 * one word every layer above uses to say "UDP or TCP".
 *
 * Leaves out: filtering (a hook returns early if it wants fewer messages), TLS,
 * SCTP and WebSocket transports.
 */
#ifndef SIP_TRACE_H
#define SIP_TRACE_H

#include "net/addr.h"
#include "net/log.h"
#include "sip/msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 3261 §18: "All SIP elements MUST implement UDP and TCP." */
enum sip_proto {
	SIP_PROTO_UDP,  /* unreliable: the transactions retransmit */
	SIP_PROTO_TCP   /* reliable: no retransmission, zero wait timers (§17) */
};

/* "UDP", "TCP" (the Via sent-protocol transport token). */
const char *sip_proto_name(enum sip_proto proto);

/* True for TCP: "reliable transport" in the sense of §17. */
bool sip_proto_is_reliable(enum sip_proto proto);

enum sip_trace_dir {
	SIP_TRACE_IN,   /* received from the network */
	SIP_TRACE_OUT   /* handed to the network */
};

/* One message on the wire.  Everything is borrowed for the duration of the hook. */
struct sip_trace_event {
	enum sip_trace_dir dir;
	enum sip_proto proto;
	uint64_t time_us;            /* the stack's virtual clock (net/timer.h), us */
	struct net_addr src;         /* sender (for OUT: our address, as far as known) */
	struct net_addr dst;         /* receiver */
	uint64_t conn_id;            /* TCP connection (net_tcp_conn_id), 0 for UDP */
	const char *data;            /* the message bytes exactly as on the wire */
	size_t len;                  /* bytes */
	const struct sip_msg *msg;   /* parsed form, or NULL when the bytes did not parse */
};

typedef void (*sip_trace_cb)(void *arg, const struct sip_trace_event *ev);

/* Hooks one trace point feeds: enough for log + pcap + ladder + step mode. */
#define SIP_TRACE_MAX_HOOKS 8

struct sip_trace_hook {
	sip_trace_cb cb;
	void *arg;  /* passed to cb; owned by whoever added the hook */
};

struct sip_trace {
	struct sip_trace_hook hooks[SIP_TRACE_MAX_HOOKS];  /* called in the order added */
	size_t count;
};

/* An empty hook list. */
void sip_trace_init(struct sip_trace *t);

/* Adds a hook.  Returns 0, EINVAL (cb NULL) or ENOBUFS (list full). */
int sip_trace_add(struct sip_trace *t, sip_trace_cb cb, void *arg);

/* Removes the hook added with this cb and arg; nothing happens if absent. */
void sip_trace_remove(struct sip_trace *t, sip_trace_cb cb, const void *arg);

/* The trace point: calls every hook with `ev`. */
void sip_trace_emit(const struct sip_trace *t, const struct sip_trace_event *ev);

/* The first line of a message (start-line) as printable text, at most cap - 1
 * characters, control bytes shown as '.', NUL-terminated.  Returns its length. */
size_t sip_trace_first_line(const char *data, size_t len, char *buf, size_t cap);

/* The one-line summary the demos print:
 *     "<- UDP 127.0.0.1:5070 > 127.0.0.1:5060 INVITE sip:bob@127.0.0.1 SIP/2.0 (512 bytes)"
 * ("->" for OUT, "<-" for IN).  Truncated to fit cap (NUL-terminated).  Returns 0
 * or ENOBUFS when truncated. */
int sip_trace_summary(const struct sip_trace_event *ev, char *buf, size_t cap);

/* Ready-made hooks.  sip_trace_to_log: `arg` is a struct net_log *; writes the
 * summary at NET_LOG_INFO with layer "trace".  sip_trace_to_pcap: `arg` is a
 * struct net_pcap * (net/pcap.h); writes the bytes as a UDP datagram or TCP
 * segment stamped with the event's time (write errors are kept by the writer and
 * reported by net_pcap_close). */
void sip_trace_to_log(void *arg, const struct sip_trace_event *ev);
void sip_trace_to_pcap(void *arg, const struct sip_trace_event *ev);

#endif
