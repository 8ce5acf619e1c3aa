/* sdp/sdp_apply.c - the offerer reads the answer (RFC3264 7), and what both sides use to
 * describe the outcome in a struct sdp_negotiated.
 *
 * Implements the checks RFC3264 6 and 6.1 put on an answer (same number of m= lines, same
 * media types, port 0 stays 0, directions the offer allows, at least one offered format
 * per accepted stream), the offerer's codec choice (the first format of the answer that
 * the offer listed, under the answer's payload type number), and the reading of the old
 * c=0.0.0.0 hold (RFC3264 8.4).
 *
 * Leaves out: answers to multicast offers (we never offer multicast).
 */
#include "sdp/sdp.h"
#include "sdp/sdp_internal.h"
#include "sdp/sdp_oa.h"
#include "sdp/sdp_oa_internal.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

int sdp_oa_fail(struct sdp_error *err, int rc, const char *reason)
{
	if (err != NULL) {
		err->line = 0;
		err->offset = 0;
		err->reason = reason;
	}
	return rc;
}

bool sdp_dir_sends(enum sdp_dir d)
{
	return d == SDP_DIR_NONE || d == SDP_DIR_SENDRECV || d == SDP_DIR_SENDONLY;
}

bool sdp_dir_recvs(enum sdp_dir d)
{
	return d == SDP_DIR_NONE || d == SDP_DIR_SENDRECV || d == SDP_DIR_RECVONLY;
}

bool sdp_encoding_is_event(const char *encoding)
{
	return strcasecmp(encoding, "telephone-event") == 0;
}

bool sdp_encoding_is_auxiliary(const char *encoding)
{
	return sdp_encoding_is_event(encoding) || strcasecmp(encoding, "CN") == 0;
}

bool sdp_rtpmap_same(const struct sdp_rtpmap *a, const struct sdp_rtpmap *b)
{
	return strcasecmp(a->encoding, b->encoding) == 0 && a->clock_rate == b->clock_rate &&
	       a->channels == b->channels;
}

int sdp_media_find_codec(const struct sdp_media *om, const struct sdp_rtpmap *r)
{
	for (unsigned i = 0; i < om->n_fmt; i++) {
		int pt = sdp_fmt_pt(om->fmt[i]);
		struct sdp_rtpmap x;

		if (pt >= 0 && sdp_media_rtpmap(om, (unsigned)pt, &x) == 0 && sdp_rtpmap_same(&x, r))
			return pt;
	}
	return -1;
}

bool sdp_media_has_voice(const struct sdp_media *m)
{
	for (unsigned i = 0; i < m->n_fmt; i++) {
		int pt = sdp_fmt_pt(m->fmt[i]);
		struct sdp_rtpmap r;

		if (pt < 0 || sdp_media_rtpmap(m, (unsigned)pt, &r) != 0 ||
		    !sdp_encoding_is_auxiliary(r.encoding))
			return true;
	}
	return false;
}

void sdp_oa_neg_clear(struct sdp_negotiated *neg)
{
	memset(neg, 0, sizeof *neg);
	neg->media_index = -1;
	neg->te_pt = -1;
}

/* The peer's direction as it affects us.  RFC3264 8.4: "An agent MUST be capable of
 * receiving SDP with a connection address of 0.0.0.0, in which case it means that neither
 * RTP nor RTCP should be sent to the peer."  So such a peer receives nothing. */
static enum sdp_dir remote_dir(const struct sdp_session *peer, const struct sdp_media *pm,
			       const struct sdp_conn *c)
{
	enum sdp_dir d = sdp_media_dir(peer, pm);

	if (sdp_conn_is_null(c))
		d = sdp_dir_sends(d) ? SDP_DIR_SENDONLY : SDP_DIR_INACTIVE;
	return d;
}

int sdp_oa_neg_set(struct sdp_negotiated *neg, int index, const struct sdp_session *peer,
		   const struct sdp_media *pm, unsigned pt, const struct sdp_rtpmap *map,
		   int te_pt)
{
	const struct sdp_conn *c = sdp_media_conn(peer, pm);
	size_t len = c != NULL ? strlen(c->addr) : 0;

	if (c == NULL || len >= sizeof neg->remote_addr)
		return ENOBUFS;
	neg->media_index = index;
	neg->pt = (uint8_t)pt;
	memcpy(neg->encoding, map->encoding, sizeof neg->encoding);
	neg->clock_rate = map->clock_rate;
	memcpy(neg->remote_addr, c->addr, len + 1);
	neg->remote_ip6 = strcmp(c->addrtype, "IP6") == 0;
	neg->remote_port = pm->port;
	neg->remote_dir = remote_dir(peer, pm, c);
	neg->ptime = sdp_media_ptime(pm);
	neg->te_pt = te_pt;
	return 0;
}

/* Whether some format of the answer is one of the offer's codecs. */
static bool shares_format(const struct sdp_media *om, const struct sdp_media *am)
{
	for (unsigned i = 0; i < am->n_fmt; i++) {
		int pt = sdp_fmt_pt(am->fmt[i]);
		struct sdp_rtpmap r;

		if (pt >= 0 && sdp_media_rtpmap(am, (unsigned)pt, &r) == 0 &&
		    sdp_media_find_codec(om, &r) >= 0)
			return true;
	}
	return false;
}

/* What an answer stream may not do to its offer; NULL when it is fine. */
static const char *check_stream(const struct sdp_session *offer, const struct sdp_media *om,
				const struct sdp_session *answer, const struct sdp_media *am)
{
	/* RFC3264 6.1: "The media type of the stream in the answer MUST match that of the
	 * offer." */
	if (strcmp(om->type, am->type) != 0)
		return "answer changed the media type of an m= line (RFC3264 6.1)";
	/* RFC3264 8.2: "A stream that is offered with a port of zero MUST be marked with port
	 * zero in the answer." */
	if (om->port == 0 && am->port != 0)
		return "answer accepted a stream offered with port 0 (RFC3264 8.2)";
	if (am->port == 0)
		return NULL;
	if (sdp_media_conn(answer, am) == NULL)
		return "answer stream has no c= address (RFC4566 5.7)";
	enum sdp_dir o = sdp_media_dir(offer, om), a = sdp_media_dir(answer, am);

	/* RFC3264 6.1: sendonly is answered recvonly or inactive, recvonly is answered
	 * sendonly or inactive, inactive is answered inactive. */
	if ((sdp_dir_sends(a) && !sdp_dir_recvs(o)) || (sdp_dir_recvs(a) && !sdp_dir_sends(o)))
		return "answer direction not allowed by the offer's (RFC3264 6.1)";
	/* RFC3264 6.1: the "m=" line MUST contain at least one media format [...] from
	 * amongst those listed in the offer. */
	if (sdp_proto_is_rtp(om->proto) && !shares_format(om, am))
		return "answer lists no format of the offer (RFC3264 6.1)";
	return NULL;
}

/* What the offerer sends.  RFC3264 7: "It MUST send using a media format listed in the
 * answer, and it SHOULD use the first media format listed in the answer when it does
 * send."  RFC3264 5.1: "the offerer MUST send with the payload type numbers from the
 * answer." */
static int neg_from_answer(struct sdp_negotiated *neg, int index, const struct sdp_media *om,
			   const struct sdp_session *answer, const struct sdp_media *am)
{
	struct sdp_rtpmap codec, r;
	int codec_pt = -1, te_pt = -1;

	for (unsigned i = 0; i < am->n_fmt && codec_pt < 0; i++) {
		int pt = sdp_fmt_pt(am->fmt[i]);

		if (pt >= 0 && sdp_media_rtpmap(am, (unsigned)pt, &codec) == 0 &&
		    !sdp_encoding_is_auxiliary(codec.encoding) &&
		    sdp_media_find_codec(om, &codec) >= 0)
			codec_pt = pt;
	}
	if (codec_pt < 0)
		return 0;
	for (unsigned i = 0; i < am->n_fmt && te_pt < 0; i++) {
		int pt = sdp_fmt_pt(am->fmt[i]);

		if (pt >= 0 && sdp_media_rtpmap(am, (unsigned)pt, &r) == 0 &&
		    sdp_encoding_is_event(r.encoding) && r.clock_rate == codec.clock_rate &&
		    sdp_media_find_codec(om, &r) >= 0)
			te_pt = pt;
	}
	return sdp_oa_neg_set(neg, index, answer, am, (unsigned)codec_pt, &codec, te_pt);
}

int sdp_oa_apply_answer(struct sdp_negotiated *neg, const struct sdp_session *offer,
			const struct sdp_session *answer, struct sdp_error *err)
{
	unsigned active = 0, accepted = 0;
	bool voice_accepted = false;
	int rc = 0;

	if (neg == NULL || offer == NULL || answer == NULL)
		return sdp_oa_fail(err, EINVAL, "bad argument");
	sdp_oa_neg_clear(neg);
	/* RFC3264 6: "The answer MUST contain exactly the same number of "m=" lines as the
	 * offer." */
	if (answer->n_media != offer->n_media)
		return sdp_oa_fail(err, EPROTO, "answer has a different number of m= lines than "
				   "the offer (RFC3264 6)");
	for (unsigned i = 0; i < offer->n_media && rc == 0; i++) {
		const struct sdp_media *om = &offer->media[i], *am = &answer->media[i];
		const char *reason = check_stream(offer, om, answer, am);

		if (reason != NULL)
			return sdp_oa_fail(err, EPROTO, reason);
		active += om->port != 0;
		if (am->port == 0)
			continue;
		accepted++;
		voice_accepted |= sdp_media_has_voice(om);
		if (neg->media_index < 0)
			rc = neg_from_answer(neg, (int)i, om, answer, am);
	}
	if (rc != 0)
		return sdp_oa_fail(err, rc, "remote address longer than SDP_ADDR_MAX");
	if (active > 0 && accepted == 0)
		return sdp_oa_fail(err, EPROTO, "answer rejected every stream (RFC3264 6)");
	if (voice_accepted && neg->media_index < 0)
		return sdp_oa_fail(err, EPROTO, "answer shares no voice codec with the offer "
				   "(RFC3264 6.1)");
	return 0;
}
