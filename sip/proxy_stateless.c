/* sip/proxy_stateless.c - the ACK for a 2xx, forwarded without a transaction
 * (RFC 3261 §16.11 for the forwarding, §17.1.1.3 / §13.2.2.4: that ACK is a
 * transaction of its own, end to end, which the proxy sees only because it
 * Record-Routed the INVITE).
 *
 * There is no client transaction for ACK (§17.1: "There is no client transaction for
 * ACK"), so the ACK gets the same treatment a stateless proxy gives every request:
 * validation, route preprocessing, one target, our Via with a branch computed from
 * the received one (§16.11: "the branch parameter MUST be computed as a combinatoric
 * function of message parameters which are invariant on retransmission"), and
 * straight to the transport.
 *
 * Leaves out: stateless forwarding of anything else.
 */
#include "sip/proxy_internal.h"

#include "sip/md5.h"

#include <stdio.h>
#include <string.h>

/* "z9hG4bK" + 16 hex digits of MD5(the received branch), or of the transaction's
 * identifying fields when the sender is an RFC 2543 element without a cookie. */
static void stateless_branch(const struct sip_msg *ack, char out[SIP_BRANCH_LEN + 1])
{
	struct sip_md5 m;
	uint8_t h[SIP_MD5_SIZE];
	char hex[SIP_MD5_HEX_SIZE];
	const struct sip_via *v = ack->via;

	sip_md5_init(&m);
	/* RFC3261 16.11: "If it begins with the magic cookie, the first component of the
	 * branch ID of the outgoing request is computed as a hash of the received branch
	 * ID.  Otherwise, the first component of the branch ID is computed as a hash of
	 * the topmost Via, the tag in the To header field, the tag in the From header
	 * field, the Call-ID header field, the CSeq number (but not method), and the
	 * Request-URI from the received request." */
	if (v->branch.len > 7 && memcmp(v->branch.p, SIP_BRANCH_COOKIE, 7) == 0) {
		sip_md5_update(&m, v->branch.p, v->branch.len);
	} else {
		char seq[16];

		snprintf(seq, sizeof(seq), "%u", ack->cseq != NULL ? (unsigned)ack->cseq->seq : 0u);
		sip_md5_update(&m, v->text.p, v->text.len);
		if (ack->to != NULL)
			sip_md5_update(&m, ack->to->tag.p != NULL ? ack->to->tag.p : "", ack->to->tag.len);
		if (ack->from != NULL)
			sip_md5_update(&m, ack->from->tag.p != NULL ? ack->from->tag.p : "",
				       ack->from->tag.len);
		sip_md5_update(&m, ack->call_id.p, ack->call_id.len);
		sip_md5_update(&m, seq, strlen(seq));
		sip_md5_update(&m, ack->ruri.text.p, ack->ruri.text.len);
	}
	sip_md5_final(&m, h);
	sip_md5_to_hex(h, hex);
	snprintf(out, SIP_BRANCH_LEN + 1, "%s%.*s", SIP_BRANCH_COOKIE, SIP_BRANCH_RANDOM_LEN, hex);
}

static void drop(const struct sip_proxy *p, const char *why)
{
	net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
		       "[proxy RFC3261 16.11] ACK not forwarded: %s", why);
}

/* §16.3-§16.5 for an ACK: the copy to send and where, or false (dropped: an ACK
 * gets no response). */
static bool route_ack(struct sip_proxy *p, struct sip_msg *work, enum sip_proto in,
		      struct sip_msg **copy, struct sip_dest *dst)
{
	struct proxy_target t[PROXY_MAX_TARGETS];
	char unsupported[64];
	size_t n = 0;

	if (proxy_validate(work, unsupported, sizeof(unsupported)) != 0) {
		drop(p, "it fails the checks of RFC3261 16.3");
		return false;
	}
	if (proxy_preprocess(p, work, NULL) != 0) {
		drop(p, "bad Route");
		return false;
	}
	/* "CANCEL and non-Routed ACK requests MUST generate the same choice as their
	 * associated INVITE": without a Route we cannot know which binding answered, and
	 * take the preferred one (the INVITE's first branch). */
	if (proxy_targets(p, work, proxy_now(p), t, PROXY_MAX_TARGETS, &n) != 0 || n == 0) {
		drop(p, "no target");
		return false;
	}
	if (proxy_copy_for_target(p, work, in, &t[0], copy, dst) != 0) {
		drop(p, "no next hop");
		return false;
	}
	return true;
}

void proxy_forward_ack(struct sip_proxy *p, const struct sip_msg *ack,
		       const struct sip_recv_info *from)
{
	struct sip_msg *work = NULL, *copy = NULL;
	struct sip_dest dst;

	if (ack->via == NULL || sip_msg_clone(ack, &work) != 0)
		return;
	if (route_ack(p, work, from != NULL ? from->proto : SIP_PROTO_UDP, &copy, &dst)) {
		char branch[SIP_BRANCH_LEN + 1], upstream[PROXY_BRANCH_SIZE] = "";

		stateless_branch(ack, branch);
		(void)sip_str_copy(ack->via->branch, upstream, sizeof(upstream));
		/* RFC3261 16.11: "The request is sent directly to the transport layer instead
		 * of through a client transaction." */
		if (sip_transport_via_push(p->tp, copy, dst.proto, branch) == 0 &&
		    sip_transport_send_request(p->tp, copy, &dst) == 0) {
			(void)proxy_journal_add(p, copy, upstream, SIP_STR_LIT(""), &dst, true);
			net_log_printf(proxy_log(p), NET_LOG_INFO, PROXY_LAYER,
				       "[proxy RFC3261 16.11] ACK forwarded statelessly, branch %s",
				       branch);
		}
	}
	sip_msg_destroy(copy);
	sip_msg_destroy(work);
}
