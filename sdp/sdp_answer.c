/* sdp/sdp_answer.c - the answerer: one answer m= line per offered one (RFC3264 6, 6.1).
 *
 * For each offered stream, in order: take the first unused local stream of the same media
 * type that shares a codec with it; list the shared formats in the offerer's order, under
 * the offerer's payload type numbers; mirror the direction (sendonly <-> recvonly); put
 * our address, port and ptime.  A stream offered with port 0, or with nothing in common,
 * is answered with port 0.  If no stream could be accepted the caller learns EPROTO and
 * answers 488 instead (RFC3264 6: "the entire offered session is rejected").
 *
 * A voice codec is what makes a stream worth accepting: telephone-event and CN alone do
 * not, unless the offer itself lists nothing else (an events-only stream, RFC3264 10.1).
 *
 * Leaves out: multicast (rejected), transports other than RTP/AVP (rejected), adding
 * formats the offer did not list.
 */
#include "sdp/sdp.h"
#include "sdp/sdp_internal.h"
#include "sdp/sdp_oa.h"
#include "sdp/sdp_oa_internal.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

/* A format both sides have: the offer's payload type and rtpmap, and our codec. */
struct match {
	unsigned pt;
	struct sdp_rtpmap map;
	const struct sdp_codec *codec;
};

struct match_set {
	struct match m[SDP_MAX_FORMATS];
	unsigned n;
	bool has_voice;  /* some match is not auxiliary */
};

static const struct sdp_codec *find_codec(const struct sdp_stream_caps *st,
					  const struct sdp_rtpmap *r)
{
	for (unsigned i = 0; i < st->n_codec; i++) {
		const struct sdp_codec *c = &st->codec[i];
		struct sdp_rtpmap ours = { .pt = c->pt, .clock_rate = c->clock_rate,
					   .channels = c->channels > 1 ? c->channels : 1 };

		memcpy(ours.encoding, c->name, sizeof ours.encoding);
		if (sdp_rtpmap_same(&ours, r))
			return c;
	}
	return NULL;
}

static bool already_matched(const struct match_set *set, unsigned pt)
{
	for (unsigned i = 0; i < set->n; i++)
		if (set->m[i].pt == pt)
			return true;
	return false;
}

/* The offered formats we also have, in the offerer's order.  RFC3264 6.1: "it is
 * RECOMMENDED that unless there is a specific reason, the answerer list formats in the
 * same relative order they were present in the offer." */
static void intersect(const struct sdp_media *om, const struct sdp_stream_caps *st,
		      struct match_set *set)
{
	set->n = 0;
	set->has_voice = false;
	for (unsigned i = 0; i < om->n_fmt; i++) {
		struct match *x = &set->m[set->n];
		int pt = sdp_fmt_pt(om->fmt[i]);

		if (pt < 0 || already_matched(set, (unsigned)pt) ||
		    sdp_media_rtpmap(om, (unsigned)pt, &x->map) != 0)
			continue;
		x->codec = find_codec(st, &x->map);
		if (x->codec == NULL)
			continue;
		x->pt = (unsigned)pt;
		set->has_voice |= !sdp_encoding_is_auxiliary(x->map.encoding);
		set->n++;
	}
}

/* The first unused local stream that can answer `om`, or -1 to reject it. */
static int choose_stream(const struct sdp_session *offer, const struct sdp_media *om,
			 const struct sdp_caps *caps, const bool *used, struct match_set *set)
{
	const struct sdp_conn *c = sdp_media_conn(offer, om);
	bool voice_offered = sdp_media_has_voice(om);

	if (om->port == 0 || c == NULL || strcmp(om->proto, "RTP/AVP") != 0 ||
	    sdp_conn_is_multicast(c))
		return -1;
	for (unsigned j = 0; j < caps->n_stream; j++) {
		const struct sdp_stream_caps *st = &caps->stream[j];

		if (used[j] || st->port == 0 || strcmp(st->media, om->type) != 0)
			continue;
		intersect(om, st, set);
		if (set->n > 0 && (set->has_voice || !voice_offered))
			return (int)j;
	}
	return -1;
}

/* RFC3264 6.1: "If a stream is offered as sendonly, the corresponding stream MUST be
 * marked as recvonly or inactive in the answer.  If a media stream is listed as recvonly
 * in the offer, the answer MUST be marked as sendonly or inactive in the answer. [...] If
 * an offered media stream is listed as inactive, it MUST be marked as inactive in the
 * answer."  We send only if they receive, receive only if they send, and want to. */
static enum sdp_dir answer_dir(enum sdp_dir offered, enum sdp_dir ours)
{
	bool send = sdp_dir_recvs(offered) && sdp_dir_sends(ours);
	bool recv = sdp_dir_sends(offered) && sdp_dir_recvs(ours);

	if (send && recv)
		return SDP_DIR_SENDRECV;
	return send ? SDP_DIR_SENDONLY : recv ? SDP_DIR_RECVONLY : SDP_DIR_INACTIVE;
}

/* The a=fmtp we answer for one shared format, or NULL. */
static const char *answer_fmtp(const struct sdp_media *om, const struct match *x)
{
	/* RFC 4733 2.5.2.1: "SDP descriptions using the event payload MUST contain an fmtp
	 * format attribute that lists the event values that the receiver can process."
	 * Those are ours, not the offerer's; 0-15 is what RFC 4733 assumes without one. */
	if (sdp_encoding_is_event(x->map.encoding))
		return x->codec->fmtp[0] != '\0' ? x->codec->fmtp : "0-15";
	/* RFC3264 6: "the same fmtp parameters with the same values MUST be present in the
	 * answer if the media format they describe is present in the answer." */
	const char *offered = sdp_media_fmtp(om, x->pt);

	if (offered != NULL)
		return offered;
	return x->codec->fmtp[0] != '\0' ? x->codec->fmtp : NULL;
}

static int add_formats(struct sdp_session *s, struct sdp_media *m, const struct sdp_media *om,
		       const struct match_set *set)
{
	char num[21];
	int rc = 0;

	for (unsigned i = 0; i < set->n && rc == 0; i++)
		rc = sdp_media_add_format(s, m, sdp_u64_text(set->m[i].pt, num));
	/* RFC3264 6.1: "the answer MUST contain rtpmap attributes to define the payload type
	 * mappings for dynamic payload types, and SHOULD contain mappings for static payload
	 * types." */
	for (unsigned i = 0; i < set->n && rc == 0; i++) {
		const char *fmtp = answer_fmtp(om, &set->m[i]);

		rc = sdp_media_add_rtpmap(s, m, &set->m[i].map);
		if (rc == 0 && fmtp != NULL)
			rc = sdp_media_add_fmtp(s, m, set->m[i].pt, fmtp);
	}
	return rc;
}

static int add_accepted(struct sdp_session *answer, const struct sdp_session *offer,
			const struct sdp_media *om, const struct sdp_stream_caps *st,
			const struct match_set *set)
{
	struct sdp_media *m;
	int rc = sdp_session_add_media(answer, om->type, st->port, om->proto, &m);

	if (rc == 0)
		rc = add_formats(answer, m, om, set);
	/* RFC3264 6.1: "The answerer MAY include a non-zero ptime attribute for any media
	 * stream; this indicates the packetization interval that the answerer would like to
	 * receive." */
	if (rc == 0)
		rc = sdp_oa_add_ptime(answer, m, st->ptime);
	enum sdp_dir dir = answer_dir(sdp_media_dir(offer, om), st->dir);
	bool offer_said = sdp_attrs_dir(om->attr, om->n_attr) != SDP_DIR_NONE ||
			  sdp_attrs_dir(offer->attr, offer->n_attr) != SDP_DIR_NONE;

	/* Say the direction when the offer did, or when it is not the default. */
	if (rc == 0 && (offer_said || dir != SDP_DIR_SENDRECV))
		rc = sdp_media_set_dir(m, dir);
	return rc;
}

/* A payload type named twice on one m= line ("0 00") gets one rtpmap (RFC4566 6: "Up to
 * one rtpmap attribute can be defined for each media format"). */
static bool listed_before(const struct sdp_media *m, unsigned i)
{
	for (unsigned j = 0; j < i; j++)
		if (sdp_fmt_pt(m->fmt[j]) == sdp_fmt_pt(m->fmt[i]))
			return true;
	return false;
}

/* RFC3264 6: "To reject an offered stream, the port number in the corresponding stream in
 * the answer MUST be set to zero.  Any media formats listed are ignored.  At least one MUST
 * be present, as specified by SDP."  We echo the offered formats, with the rtpmap of those
 * we know, so a reader sees what was turned down. */
static int add_rejected(struct sdp_session *answer, const struct sdp_media *om,
			const struct sdp_caps *caps)
{
	struct sdp_media *m;
	int rc = sdp_session_add_media(answer, om->type, 0, om->proto, &m);

	for (unsigned i = 0; i < om->n_fmt && rc == 0; i++)
		rc = sdp_media_add_format(answer, m, om->fmt[i]);
	for (unsigned i = 0; i < om->n_fmt && rc == 0 && sdp_proto_is_rtp(om->proto); i++) {
		int pt = sdp_fmt_pt(om->fmt[i]);
		struct sdp_rtpmap r;
		bool known = false;

		if (pt < 0 || listed_before(om, i) || sdp_media_rtpmap(om, (unsigned)pt, &r) != 0)
			continue;
		for (unsigned j = 0; j < caps->n_stream && !known; j++)
			known = strcmp(caps->stream[j].media, om->type) == 0 &&
				find_codec(&caps->stream[j], &r) != NULL;
		if (known)
			rc = sdp_media_add_rtpmap(answer, m, &r);
	}
	return rc;
}

/* What the answerer sends: RFC3264 6.1 "The answerer MUST send using a media format in the
 * offer that is also listed in the answer, and SHOULD send using the most preferred media
 * format in the offer that is also listed in the answer.  In the case of RTP, it MUST use
 * the payload type numbers from the offer" */
static int neg_from_offer(struct sdp_negotiated *neg, int index, const struct sdp_session *offer,
			  const struct sdp_media *om, const struct match_set *set)
{
	const struct match *codec = NULL;
	int te_pt = -1;

	for (unsigned i = 0; i < set->n && codec == NULL; i++)
		if (!sdp_encoding_is_auxiliary(set->m[i].map.encoding))
			codec = &set->m[i];
	if (codec == NULL)
		return 0;
	for (unsigned i = 0; i < set->n && te_pt < 0; i++)
		if (sdp_encoding_is_event(set->m[i].map.encoding) &&
		    set->m[i].map.clock_rate == codec->map.clock_rate)
			te_pt = (int)set->m[i].pt;
	return sdp_oa_neg_set(neg, index, offer, om, codec->pt, &codec->map, te_pt);
}

/* RFC3264 6: "The "t=" line in the answer MUST equal that of the offer." */
static int copy_times(struct sdp_session *answer, const struct sdp_session *offer)
{
	answer->n_time = offer->n_time;
	for (unsigned i = 0; i < offer->n_time; i++) {
		const struct sdp_time *t = &offer->time[i];

		answer->time[i].start = t->start;
		answer->time[i].stop = t->stop;
		answer->time[i].n_repeat = t->n_repeat;
		for (unsigned j = 0; j < t->n_repeat; j++) {
			answer->time[i].repeat[j] = sdp_session_strdup(answer, t->repeat[j]);
			if (answer->time[i].repeat[j] == NULL)
				return ENOBUFS;
		}
	}
	return 0;
}

/* Every offered stream, in order: accepted from a local stream, or rejected. */
static int answer_streams(struct sdp_session *answer, const struct sdp_session *offer,
			  const struct sdp_caps *caps, struct sdp_negotiated *neg,
			  unsigned *accepted)
{
	bool used[SDP_MAX_MEDIA] = { false };
	int rc = 0;

	for (unsigned i = 0; i < offer->n_media && rc == 0; i++) {
		const struct sdp_media *om = &offer->media[i];
		struct match_set set;
		int j = choose_stream(offer, om, caps, used, &set);

		if (j < 0) {
			rc = add_rejected(answer, om, caps);
			continue;
		}
		used[j] = true;
		(*accepted)++;
		rc = add_accepted(answer, offer, om, &caps->stream[j], &set);
		if (rc == 0 && neg->media_index < 0)
			rc = neg_from_offer(neg, (int)i, offer, om, &set);
	}
	return rc;
}

int sdp_oa_answer(struct sdp_session *answer, const struct sdp_session *offer,
		  const struct sdp_caps *caps, const struct sdp_session *prev,
		  struct sdp_negotiated *neg, struct sdp_error *err)
{
	struct sdp_negotiated scratch;
	unsigned accepted = 0, active = 0;

	if (answer == NULL || offer == NULL || caps == NULL || answer == offer || answer == prev)
		return sdp_oa_fail(err, EINVAL, "bad argument");
	if (neg == NULL)
		neg = &scratch;
	sdp_oa_neg_clear(neg);
	int rc = sdp_oa_begin(answer, caps);

	if (rc == 0)
		rc = copy_times(answer, offer);
	/* RFC3264 6: "For each "m=" line in the offer, there MUST be a corresponding "m="
	 * line in the answer.  The answer MUST contain exactly the same number of "m=" lines
	 * as the offer." */
	if (rc == 0)
		rc = answer_streams(answer, offer, caps, neg, &accepted);
	if (rc == 0 && prev != NULL)
		rc = sdp_oa_follow_origin(answer, prev);
	if (rc != 0)
		return sdp_oa_fail(err, rc, rc == EINVAL ? "bad local capabilities" :
				   "answer does not fit the SDP capacities");
	for (unsigned i = 0; i < offer->n_media; i++)
		active += offer->media[i].port != 0;
	/* RFC3264 6: "If there are no media formats in common for all streams, the entire
	 * offered session is rejected." */
	if (active > 0 && accepted == 0)
		return sdp_oa_fail(err, EPROTO, "no media format in common with the offer "
				   "(RFC3264 6): reject the offer (SIP 488)");
	return 0;
}
