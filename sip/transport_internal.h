/* sip/transport_internal.h - what transport.c, transport_recv.c and transport_route.c
 * share (RFC 3261 §18).  Not for use outside sip/transport*.c.
 */
#ifndef SIP_TRANSPORT_INTERNAL_H
#define SIP_TRANSPORT_INTERNAL_H

#include "sip/transport.h"

struct sip_transport {
	struct sip_env env;                /* copied; its pointers are borrowed */
	struct sip_transport_config cfg;   /* copied; cfg.host points at `host` */
	char *host;                        /* owned copy of cfg.host, or NULL */
	struct sip_transport_user user;    /* the transactions above, copied */
	struct sip_trace trace;            /* the one trace point's hooks */
};

/* Our local address for a transport (TCP falls back to the UDP one and back). */
const struct net_addr *tp_local(const struct sip_transport *t, enum sip_proto proto);

/* The proto a Via transport token names; false for anything but UDP and TCP. */
bool tp_via_proto(const struct sip_via *v, enum sip_proto *proto);

/* Passes one message through the trace point. */
void tp_trace(const struct sip_transport *t, enum sip_trace_dir dir, enum sip_proto proto,
	      const struct net_addr *src, const struct net_addr *dst, uint64_t conn_id,
	      const char *data, size_t len, const struct sip_msg *msg);

#endif
