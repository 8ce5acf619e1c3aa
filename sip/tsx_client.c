/* sip/tsx_client.c - starting client transactions: a TU's request (RFC 3261 §17.1,
 * §8.1.1.7) and the CANCEL of an INVITE (§9.1).
 *
 * Leaves out: deciding when to CANCEL (the UA core's), forking.
 */
#include "sip/tsx_internal.h"

#include <errno.h>
#include <string.h>

#define BRANCH_TRIES 4  /* fresh branches drawn before giving up on uniqueness */

/* Runs the machine's first arrow for a request that already carries its top Via.
 * Takes `req` whatever happens. */
static int client_start(struct sip_tsx_layer *l, struct sip_msg *req, const struct sip_dest *dst,
			const struct sip_tsx_handler *h, struct sip_tsx **out)
{
	enum sip_tsx_kind kind = req->method == SIP_METHOD_INVITE ? SIP_TSX_ICT : SIP_TSX_NICT;
	struct sip_tsx *tsx = tsx_new(l, kind);
	int rc;

	if (tsx == NULL) {
		sip_msg_destroy(req);
		return ENOMEM;
	}
	tsx->request = req;
	tsx->dest = *dst;
	if (h != NULL)
		tsx->handler = *h;
	/* §18.1.1 may move the request to TCP: the transaction follows (§17: reliable). */
	rc = sip_transport_prepare_request(l->transport, req, &tsx->dest, &tsx->req_bytes,
					   &tsx->req_len);
	if (rc != 0) {
		tsx_free(tsx);
		return rc;
	}
	tsx->reliable = sip_proto_is_reliable(tsx->dest.proto);
	tsx_table_insert(tsx);
	tsx->starting = true;
	tsx_post(tsx, kind == SIP_TSX_ICT ? TSX_EV_INVITE_FROM_TU : TSX_EV_REQUEST_FROM_TU, NULL,
		 NULL, 0);
	tsx->starting = false;
	if (tsx->state == SIP_TSX_TERMINATED) {
		rc = tsx->start_err != 0 ? tsx->start_err : EIO;
		tsx_free(tsx);
		return rc;
	}
	if (out != NULL)
		*out = tsx;
	return 0;
}

/* Our Via with a branch no client transaction of ours uses. */
static int push_via(struct sip_tsx_layer *l, struct sip_msg *req, enum sip_proto proto)
{
	char branch[SIP_BRANCH_LEN + 1];

	/* RFC3261 8.1.1.7: "the branch parameter value MUST be unique across space and
	 * time for all requests sent by the UA."  Random makes it unique in practice;
	 * a look at our own table makes it certain here. */
	for (int i = 0; i < BRANCH_TRIES; i++) {
		(void)sip_transport_branch_new(l->transport, branch, sizeof(branch));
		if (!tsx_client_branch_used(l, branch))
			return sip_transport_via_push(l->transport, req, proto, branch);
	}
	return EEXIST;
}

int sip_tsx_request(struct sip_tsx_layer *l, const struct sip_msg *req, const struct sip_dest *dst,
		    const struct sip_tsx_handler *h, struct sip_tsx **out)
{
	struct sip_msg *copy;
	int rc;

	if (out != NULL)
		*out = NULL;
	/* RFC3261 17.1: "There is no client transaction for ACK." */
	if (req == NULL || dst == NULL || !req->is_request || req->method == SIP_METHOD_ACK)
		return EINVAL;
	if (l->count >= l->cfg.max) {
		net_log_printf(&sip_transport_env(l->transport)->log, NET_LOG_WARN, "tsx",
			       "[tsx RFC3261 17.1] transaction limit (%zu) reached: %.*s refused",
			       l->cfg.max, (int)req->method_name.len, req->method_name.p);
		return ENOBUFS;
	}
	rc = sip_msg_clone(req, &copy);
	if (rc != 0)
		return rc;
	rc = push_via(l, copy, dst->proto);
	if (rc != 0) {
		sip_msg_destroy(copy);
		return rc;
	}
	return client_start(l, copy, dst, h, out);
}

int sip_tsx_cancel(struct sip_tsx *ict, const struct sip_tsx_handler *h, struct sip_tsx **out)
{
	struct sip_tsx_layer *l = ict->layer;
	struct sip_msg *cancel;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (ict->kind != SIP_TSX_ICT)
		return EINVAL;
	/* RFC3261 9.1: "If no provisional response has been received, the CANCEL request
	 * MUST NOT be sent; rather, the client MUST wait for the arrival of a provisional
	 * response before sending the request.  If the original request has generated a
	 * final response, the CANCEL SHOULD NOT be sent" */
	if (ict->state == SIP_TSX_CALLING)
		return EAGAIN;
	if (ict->state != SIP_TSX_PROCEEDING)
		return EALREADY;
	if (l->count >= l->cfg.max)
		return ENOBUFS;
	/* RFC3261 9.1: "The Request-URI, Call-ID, To, the numeric part of CSeq, and From
	 * header fields in the CANCEL request MUST be identical to those in the request
	 * being cancelled, including tags.  A CANCEL constructed by a client MUST have
	 * only a single Via header field value matching the top Via value in the request
	 * being cancelled." ... "If the request being cancelled contains a Route header
	 * field, the CANCEL request MUST include that Route header field's values." */
	rc = tsx_ict_hop_request("CANCEL", ict->request, ict->request, &cancel);
	if (rc != 0)
		return rc;
	return client_start(l, cancel, &ict->dest, h, out);
}
