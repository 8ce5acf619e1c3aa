/* sip/transport_recv.c - the one receive function of the stack (RFC 3261 §18.1.2,
 * §18.2.1, §18.3, RFC 3581 §4).
 *
 * Bytes in, from (proto, source, local address, connection):
 *   framing (§18.3: a datagram is one message; a stream is cut by Content-Length)
 *   -> parse -> trace point -> validate (sip_msg_validate, RFC 4475's rules)
 *   -> requests: usable top Via?  received / rport (§18.2.1, RFC 3581 §4)
 *      responses: is the top Via's sent-by ours?  (§18.1.2)
 *   -> the layer above (the transactions).
 * What fails on the way is answered statelessly (a request with a usable top Via
 * gets the status and reason the message layer names) or dropped with a log line.
 *
 * Leaves out: RFC 5626 keep-alive pongs (CRLFs between messages are skipped),
 * answering 513 to a TCP message larger than 64 KiB (the connection is closed).
 */
#include "sip/transport_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAYER "transport"

static void log_from(const struct sip_transport *t, enum net_log_level level,
		     const struct sip_recv_info *from, const char *rfc, const char *what,
		     const char *data, size_t len)
{
	char src[NET_ADDR_STRLEN] = "?", line[96];

	(void)net_addr_format(&from->src, src, sizeof(src));
	sip_trace_first_line(data, len, line, sizeof(line));
	net_log_printf(&t->env.log, level, LAYER, "[transport %s] %s from %s: %s (%s)", rfc,
		       sip_proto_name(from->proto), src, what, line);
}

/* ---- Answering what cannot go further ------------------------------------------- */

/* Is the header row [p, end) one a response copies (§8.2.6.2: Via, From, To,
 * Call-ID, CSeq)? */
static bool row_is_kept(const char *p, const char *end)
{
	const char *colon = memchr(p, ':', (size_t)(end - p));
	size_t nlen = colon != NULL ? (size_t)(colon - p) : 0;

	while (nlen > 0 && (p[nlen - 1] == ' ' || p[nlen - 1] == '\t'))
		nlen--;
	switch (sip_hdr_lookup(p, nlen)) {
	case SIP_HDR_VIA:
	case SIP_HDR_FROM:
	case SIP_HDR_TO:
	case SIP_HDR_CALL_ID:
	case SIP_HDR_CSEQ:
		return colon != NULL;
	default:
		return false;
	}
}

/* Copies those rows, each with its continuation lines and a CRLF, from the raw
 * header section [p, e) of a request that did not parse.  `out` holds 2 * (e - p)
 * bytes. */
static size_t salvage_rows(const char *p, const char *e, char *out)
{
	size_t n = 0;
	bool keep = false;

	while (p < e && *p != '\r' && *p != '\n') {  /* up to the empty line */
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *end = nl != NULL ? nl : e;
		const char *next = nl != NULL ? nl + 1 : e;

		if (end > p && end[-1] == '\r')
			end--;
		if (*p != ' ' && *p != '\t')
			keep = row_is_kept(p, end);
		if (keep) {
			memcpy(out + n, p, (size_t)(end - p));
			n += (size_t)(end - p);
			memcpy(out + n, "\r\n", 2);
			n += 2;
		}
		p = next;
	}
	return n;
}

static bool starts_with(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(e - p) >= n && memcmp(p, s, n) == 0;
}

/* A response to a request that did not parse, built from its own rows behind a
 * status line and parsed like any message: NULL when those rows cannot make one
 * with a Via.  Never for an ACK (a response to an ACK does not exist) nor for a
 * response. */
static struct sip_msg *salvage_response(const char *data, size_t len, int status,
					const char *reason)
{
	const char *p = data, *e = data + len;

	while (p < e && (*p == '\r' || *p == '\n'))
		p++;
	if (starts_with(p, e, "ACK ") || starts_with(p, e, "SIP/"))
		return NULL;
	const char *nl = memchr(p, '\n', (size_t)(e - p));

	if (nl == NULL)
		return NULL;
	size_t cap = 2 * len + strlen(reason) + 64;
	char *buf = malloc(cap);

	if (buf == NULL)
		return NULL;
	int n = snprintf(buf, cap, "SIP/2.0 %d %s\r\n", status, reason);
	size_t used = (size_t)n + salvage_rows(nl + 1, e, buf + n);

	memcpy(buf + used, "Content-Length: 0\r\n\r\n", 21);
	used += 21;
	struct sip_msg *m = NULL;

	if (sip_msg_parse(buf, used, &m, NULL) == 0 && m->via == NULL) {
		sip_msg_destroy(m);
		m = NULL;
	}
	free(buf);
	return m;
}

static int stamp_via(struct sip_transport *t, struct sip_msg *m, const struct sip_recv_info *from);
static const char *via_unusable(const struct sip_via *v, enum sip_proto proto);

/* Sends `resp` (NULL: none could be built) back toward the source of a bad request,
 * after completing its top Via as for a good request; logs `what` and the outcome. */
static void answer(struct sip_transport *t, struct sip_msg *resp, const struct sip_recv_info *from,
		   const char *what, const char *data, size_t len)
{
	const char *why = resp != NULL ? via_unusable(resp->via, from->proto)
				       : "no Via to answer to (or an ACK)";
	char line[256];

	if (why == NULL && stamp_via(t, resp, from) != 0)
		why = "cannot add received";
	if (why != NULL) {
		snprintf(line, sizeof(line), "%s; dropped: %s", what, why);
		log_from(t, NET_LOG_WARN, from, "RFC3261 18.2.1", line, data, len);
		return;
	}
	snprintf(line, sizeof(line), "%s; answered %d statelessly", what, resp->status);
	log_from(t, NET_LOG_WARN, from, "RFC3261 8.2", line, data, len);
	(void)sip_transport_send_response(t, resp, from);
}

/* The message did not parse (err says why). */
static void on_unparsable(struct sip_transport *t, const struct sip_recv_info *from,
			  const char *data, size_t len, const struct sip_error *err)
{
	const char *reason = err->reason != NULL ? err->reason : "Bad Request";
	char what[200];

	snprintf(what, sizeof(what), "%s at line %u col %u", reason, err->line, err->col);
	if (err->status == 0) {
		/* RFC3261 18.3: "If the message is a response, it MUST be discarded." */
		log_from(t, NET_LOG_WARN, from, "RFC3261 18.3", what, data, len);
		return;
	}
	struct sip_msg *resp = salvage_response(data, len, err->status, reason);

	answer(t, resp, from, what, data, len);
	sip_msg_destroy(resp);
}

/* The message parsed but sip_msg_validate refused it. */
static void on_invalid(struct sip_transport *t, const struct sip_recv_info *from,
		       const struct sip_msg *m, const char *data, size_t len,
		       const struct sip_error *err)
{
	struct sip_msg *resp = NULL;
	const char *reason = err->reason != NULL ? err->reason : "invalid";

	if (!m->is_request || m->method == SIP_METHOD_ACK || err->status == 0) {
		log_from(t, NET_LOG_WARN, from, "RFC3261 8.2", reason, data, len);
		return;
	}
	if (sip_msg_create_response(m, err->status, reason, NULL, &resp) != 0)
		(void)sip_msg_create_response(m, err->status, NULL, NULL, &resp);
	answer(t, resp, from, reason, data, len);
	sip_msg_destroy(resp);
}

/* ---- Requests: the top Via (§18.2.1, RFC 3581 §4) ------------------------------- */

/* Why a top Via cannot route a response back, or NULL when it can. */
static const char *via_unusable(const struct sip_via *v, enum sip_proto proto)
{
	enum sip_proto via_proto;

	if (v == NULL)
		return "no Via";
	if (!sip_str_eqi_c(v->protocol, "SIP") || !sip_str_eq_c(v->version, "2.0"))
		return "top Via is not SIP/2.0";
	if (!tp_via_proto(v, &via_proto))
		return "top Via names a transport other than UDP or TCP";
	/* §18.1.1: a client that changes transport "MUST" change its top Via too. */
	if (via_proto != proto)
		return "top Via names another transport than the one the request came over";
	if (v->host.len == 0)
		return "top Via has no sent-by host";
	return NULL;
}

static int stamp_via(struct sip_transport *t, struct sip_msg *m, const struct sip_recv_info *from)
{
	const struct sip_via *v = m->via;
	struct net_addr sent_by;
	char ip[NET_ADDR_STRLEN], port[8];
	bool rport = v->rport == 0;
	/* RFC3261 18.2.1: "If the host portion of the "sent-by" parameter contains a
	 * domain name, or if it contains an IP address that differs from the packet
	 * source address, the server MUST add a "received" parameter to that Via header
	 * field value.  This parameter MUST contain the source address from which the
	 * packet was received."  A received= the client wrote itself is replaced too. */
	bool differs = v->host_type == SIP_HOST_NAME || v->received.len > 0 ||
		       net_addr_parse_n(&sent_by, v->host.p, v->host.len, SIP_DEFAULT_PORT) != 0 ||
		       !net_addr_same_ip(&sent_by, &from->src);
	int rc = 0;

	if (net_addr_format_ip(&from->src, ip, sizeof(ip)) != 0)
		return EINVAL;
	/* RFC3581 4: "the server MUST insert a "received" parameter containing the
	 * source IP address that the request came from, even if it is identical to the
	 * value of the "sent-by" component." */
	if (differs || rport)
		rc = sip_msg_via_set_param(m, "received", ip);
	/* RFC3581 4: "If this Via header field value contains an "rport" parameter with
	 * no value, it MUST set the value of the parameter to the source port of the
	 * request." */
	if (rc == 0 && rport) {
		snprintf(port, sizeof(port), "%u", (unsigned)net_addr_port(&from->src));
		rc = sip_msg_via_set_param(m, "rport", port);
	}
	if (rc == 0 && (differs || rport))
		net_log_printf(&t->env.log, NET_LOG_DEBUG, LAYER,
			       "[transport %s] top Via completed: received=%s%s%s",
			       rport ? "RFC3581 4" : "RFC3261 18.2.1", ip, rport ? " rport=" : "",
			       rport ? port : "");
	return rc;
}

/* ---- Responses: is the Via ours?  (§18.1.2) ------------------------------------- */

static bool via_is_ours(const struct sip_transport *t, const struct sip_via *v)
{
	enum sip_proto proto;

	if (v == NULL || !tp_via_proto(v, &proto))
		return false;
	const struct net_addr *local = tp_local(t, proto);
	unsigned port = v->port >= 0 ? (unsigned)v->port : SIP_DEFAULT_PORT;
	struct net_addr host;

	if (port != net_addr_port(local))
		return false;
	if (t->cfg.host != NULL && sip_str_eqi_c(v->host, t->cfg.host))
		return true;
	return net_addr_parse_n(&host, v->host.p, v->host.len, SIP_DEFAULT_PORT) == 0 &&
	       net_addr_same_ip(&host, local);
}

/* ---- One message ------------------------------------------------------------------ */

/* §18.3: a datagram whose body is shorter than its Content-Length: the header
 * section is complete (an empty line came) but the framer still wants bytes. */
static bool body_cut_short(const char *data, size_t len)
{
	size_t skip, msg_len;

	for (size_t i = 1; i + 1 < len; i++)
		if (data[i] == '\n' && (data[i + 1] == '\n' || (data[i + 1] == '\r' && i + 2 < len &&
							       data[i + 2] == '\n')))
			return sip_msg_frame(data, len, &skip, &msg_len, NULL) == EAGAIN;
	return false;
}

static void deliver(struct sip_transport *t, struct sip_msg **m, const struct sip_recv_info *from,
		    const char *data, size_t len)
{
	if (t->user.on_message == NULL) {
		log_from(t, NET_LOG_WARN, from, "RFC3261 18", "no transaction layer: dropped", data,
			 len);
		return;
	}
	t->user.on_message(t->user.arg, m, from);
}

static void handle(struct sip_transport *t, const struct sip_recv_info *from, const char *data,
		   size_t len, bool datagram)
{
	struct sip_msg *m = NULL;
	struct sip_error err;
	const char *why;

	memset(&err, 0, sizeof(err));
	int rc = sip_msg_parse(data, len, &m, &err);

	tp_trace(t, SIP_TRACE_IN, from->proto, &from->src, &from->local, from->conn_id, data, len, m);
	if (rc == ENOMEM) {
		log_from(t, NET_LOG_ERROR, from, "RFC3261 18", "out of memory: dropped", data, len);
	} else if (rc != 0 && datagram && body_cut_short(data, len)) {
		/* RFC3261 18.3: "If the transport packet ends before the end of the message
		 * body, this is considered an error.  If the message is a response, it MUST
		 * be discarded.  If the message is a request, the element SHOULD generate a
		 * 400 (Bad Request) response."  DEVIATION: a request is discarded too (issue
		 * 3): a datagram cut short was damaged on the way; the client retransmits. */
		log_from(t, NET_LOG_WARN, from, "RFC3261 18.3",
			 "datagram ends before the Content-Length body: discarded", data, len);
	} else if (rc != 0) {
		on_unparsable(t, from, data, len, &err);
	} else if (sip_msg_validate(m, &err) != 0) {
		on_invalid(t, from, m, data, len, &err);
	} else if (m->is_request && (why = via_unusable(m->via, from->proto)) != NULL) {
		/* Nowhere to send an answer: the request is rejected by dropping it. */
		log_from(t, NET_LOG_WARN, from, "RFC3261 18.2.1", why, data, len);
	} else if (m->is_request && stamp_via(t, m, from) != 0) {
		log_from(t, NET_LOG_ERROR, from, "RFC3261 18.2.1", "cannot add received: dropped", data,
			 len);
	} else if (!m->is_request && !via_is_ours(t, m->via)) {
		/* RFC3261 18.1.2: "If the value of the "sent-by" parameter in that header
		 * field value does not correspond to a value that the client transport is
		 * configured to insert into requests, the response MUST be silently
		 * discarded."  (Silently for the peer; the log still tells the student.) */
		log_from(t, NET_LOG_INFO, from, "RFC3261 18.1.2",
			 "top Via sent-by is not ours: response discarded", data, len);
	} else {
		deliver(t, &m, from, data, len);
	}
	sip_msg_destroy(m);
}

/* §18.3 on a stream: whole messages by Content-Length, the rest waits. */
static int recv_stream(struct sip_transport *t, const struct sip_recv_info *from,
		       const char *data, size_t len, size_t *consumed)
{
	size_t off = 0;

	while (off < len) {
		size_t skip, msg_len;
		struct sip_error err;
		int rc = sip_msg_frame(data + off, len - off, &skip, &msg_len, &err);

		if (rc == EAGAIN) {
			off += skip;  /* §7.5: CRLFs before a start-line are ignored */
			break;
		}
		if (rc != 0) {
			char what[160];

			snprintf(what, sizeof(what), "cannot frame the stream (%s): closing the connection",
				 err.reason);
			/* RFC3261 18.3: "The Content-Length header field MUST be used with stream
			 * oriented transports."  Without it no later message can be found. */
			log_from(t, NET_LOG_WARN, from, "RFC3261 18.3", what, data + off + skip,
				 len - off - skip);
			*consumed = off;
			return EBADMSG;
		}
		handle(t, from, data + off + skip, msg_len, false);
		off += skip + msg_len;
	}
	*consumed = off;
	return 0;
}

int sip_transport_recv(struct sip_transport *t, const struct sip_recv_info *from,
		       const char *data, size_t len, size_t *consumed)
{
	*consumed = 0;
	if (from->proto == SIP_PROTO_TCP)
		return recv_stream(t, from, data, len, consumed);
	*consumed = len;
	if (len > 0)
		handle(t, from, data, len, true);
	return 0;
}
