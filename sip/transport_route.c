/* sip/transport_route.c - where a message goes: responses by their top Via (RFC 3261
 * §18.2.2, RFC 3581 §4) and requests by their URIs (§8.1.2, RFC 3263 §4, §4.1 for IP
 * literals).
 *
 * Leaves out: DNS (RFC 3263 NAPTR/SRV/A: a host name is not routable here, except
 * that a request from a host name always carries "received", §18.2.1), multicast
 * TTLs, sips: and TLS.
 */
#include "sip/transport_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* An IP literal view (brackets allowed) with a port; false for a host name. */
static bool literal(struct sip_str host, uint16_t port, struct net_addr *out)
{
	if (host.len == 0 || net_addr_parse_n(out, host.p, host.len, port) != 0)
		return false;
	net_addr_set_port(out, port);
	return true;
}

/* §18.2.2 first bullet: a reliable sent-protocol. */
static int reliable_dest(const struct sip_via *v, const struct sip_recv_info *from,
			 uint16_t port, struct sip_dest *out)
{
	/* RFC3261 18.2.2: "the response MUST be sent using the existing connection to
	 * the source of the original request that created the transaction, if that
	 * connection is still open." */
	if (from != NULL && from->proto == SIP_PROTO_TCP)
		out->conn_id = from->conn_id;
	/* "If that connection is no longer open, the server SHOULD open a connection to
	 * the IP address in the "received" parameter, if present, using the port in the
	 * "sent-by" value, or the default port for that transport, if no port is
	 * specified." */
	if (literal(v->received, port, &out->addr) || literal(v->host, port, &out->addr))
		return 0;
	return out->conn_id != 0 ? 0 : EHOSTUNREACH;
}

/* §18.2.2 bullets two to four, with RFC 3581's step between two and three. */
static int unreliable_dest(const struct sip_via *v, uint16_t port, struct sip_dest *out)
{
	/* RFC3261 18.2.2: "if the Via header field value contains a "maddr" parameter,
	 * the response MUST be forwarded to the address listed there, using the port
	 * indicated in "sent-by", or port 5060 if none is present." */
	if (v->maddr.len > 0)
		return literal(v->maddr, port, &out->addr) ? 0 : EHOSTUNREACH;
	/* RFC3581 4: "there is both a "received" parameter and an "rport" parameter, the
	 * response MUST be sent to the IP address listed in the "received" parameter,
	 * and the port in the "rport" parameter." */
	if (v->received.len > 0 && v->rport > 0)
		return literal(v->received, (uint16_t)v->rport, &out->addr) ? 0 : EHOSTUNREACH;
	/* RFC3261 18.2.2: "if the top Via has a "received" parameter, the response MUST
	 * be sent to the address in the "received" parameter, using the port indicated
	 * in the "sent-by" value, or using port 5060 if none is specified explicitly." */
	if (v->received.len > 0)
		return literal(v->received, port, &out->addr) ? 0 : EHOSTUNREACH;
	/* "Otherwise, if it is not receiver-tagged, the response MUST be sent to the
	 * address indicated by the "sent-by" value".  DEVIATION: a name would need the
	 * A/AAAA or SRV queries of RFC 3263 §5; we resolve nothing (EHOSTUNREACH). */
	return literal(v->host, port, &out->addr) ? 0 : EHOSTUNREACH;
}

int sip_transport_response_dest(const struct sip_msg *resp, const struct sip_recv_info *req_from,
				struct sip_dest *out)
{
	const struct sip_via *v = resp->via;

	memset(out, 0, sizeof(*out));
	if (v == NULL || !tp_via_proto(v, &out->proto))
		return EINVAL;
	/* RFC3581 4: "The response MUST be sent from the same address and port that the
	 * corresponding request was received on." */
	if (req_from != NULL)
		out->local = req_from->local;
	uint16_t port = v->port >= 0 ? (uint16_t)v->port : SIP_DEFAULT_PORT;

	if (out->proto == SIP_PROTO_TCP)
		return reliable_dest(v, req_from, port, out);
	return unreliable_dest(v, port, out);
}

int sip_transport_send_response(struct sip_transport *t, const struct sip_msg *resp,
				const struct sip_recv_info *req_from)
{
	struct sip_dest dst;
	char *bytes;
	size_t len;

	if (resp->is_request)
		return EINVAL;
	int rc = sip_transport_response_dest(resp, req_from, &dst);

	if (rc != 0) {
		net_log_printf(&t->env.log, NET_LOG_WARN, "transport",
			       "[transport RFC3261 18.2.2] %d response not sent: %s", resp->status,
			       rc == EINVAL ? "no usable top Via" : "sent-by is a host name (no DNS)");
		return rc;
	}
	rc = sip_msg_print_alloc(resp, &bytes, &len);
	if (rc != 0)
		return rc;
	rc = sip_transport_send_bytes(t, &dst, bytes, len, resp, NULL);
	free(bytes);
	return rc;
}

int sip_transport_next_hop(const struct sip_msg *req, struct sip_dest *out)
{
	/* RFC3261 8.1.2: "If the first element in the route set indicated a strict
	 * router (resulting in forming the request as described in Section 12.2.1.1),
	 * the procedures MUST be applied to the Request-URI of the request.  Otherwise,
	 * the procedures are applied to the first Route header field value in the
	 * request (if one exists)".  A top Route without "lr" is read as the strict case:
	 * §12.2.1.1 moved the strict router into the Request-URI. */
	const struct sip_uri *u =
		req->route != NULL && req->route->uri.lr ? &req->route->uri : &req->ruri;

	return sip_transport_uri_dest(u, out);
}

int sip_transport_uri_dest(const struct sip_uri *u, struct sip_dest *out)
{
	uint16_t port = u->port >= 0 ? (uint16_t)u->port : SIP_DEFAULT_PORT;

	memset(out, 0, sizeof(*out));
	if (u->scheme != SIP_URI_SIP)
		return EPROTONOSUPPORT;
	/* RFC3263 4.1: "If the URI specifies a transport protocol in the transport
	 * parameter, that transport protocol SHOULD be used.  Otherwise, if no transport
	 * protocol is specified, but the TARGET is a numeric IP address, the client
	 * SHOULD use UDP for a SIP URI" */
	if (u->transport.len == 0 || sip_str_eqi_c(u->transport, "udp"))
		out->proto = SIP_PROTO_UDP;
	else if (sip_str_eqi_c(u->transport, "tcp"))
		out->proto = SIP_PROTO_TCP;
	else
		return EPROTONOSUPPORT;
	/* RFC3263 4: "We define TARGET as the value of the maddr parameter of the URI, if
	 * present, otherwise, the host value of the hostport component of the URI." */
	return literal(u->maddr.len > 0 ? u->maddr : u->host, port, &out->addr) ? 0 : EHOSTUNREACH;
}
