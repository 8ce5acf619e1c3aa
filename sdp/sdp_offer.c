/* sdp/sdp_offer.c - local capabilities, offers, re-offers, hold and resume.
 *
 * Implements RFC3264 5 (the initial offer: s= "-", t=0 0, one m= line per stream with its
 * rtpmap, fmtp, ptime and direction), 8 (a re-offer keeps the o= line, bumps its version
 * by one when anything changed, and never drops an m= line) and 8.4 (hold: sendrecv to
 * sendonly, recvonly to inactive; resume undoes it).
 *
 * Leaves out: c=0.0.0.0 hold (RFC3264 8.4 no longer recommends it; we read it, see
 * sdp_apply.c, but never write it), multicast offers.
 */
#include "sdp/sdp.h"
#include "sdp/sdp_internal.h"
#include "sdp/sdp_oa.h"
#include "sdp/sdp_oa_internal.h"

#include <errno.h>
#include <string.h>

/* Copies src into a fixed field; EINVAL when it does not fit. */
static int copy_text(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		return EINVAL;
	memcpy(dst, src, n + 1);
	return 0;
}

int sdp_caps_add_stream(struct sdp_caps *caps, const char *media, uint16_t port,
			struct sdp_stream_caps **out)
{
	if (media == NULL || media[0] == '\0')
		return EINVAL;
	if (caps->n_stream >= SDP_MAX_MEDIA)
		return ENOBUFS;
	struct sdp_stream_caps *st = &caps->stream[caps->n_stream];

	memset(st, 0, sizeof *st);
	if (copy_text(st->media, sizeof st->media, media) != 0)
		return EINVAL;
	st->port = port;
	caps->n_stream++;
	if (out != NULL)
		*out = st;
	return 0;
}

int sdp_stream_add_codec(struct sdp_stream_caps *st, uint8_t pt, const char *name,
			 uint32_t clock_rate, const char *fmtp)
{
	if (pt > 127 || name == NULL || name[0] == '\0' || clock_rate == 0)
		return EINVAL;
	if (st->n_codec >= SDP_MAX_CODECS)
		return ENOBUFS;
	struct sdp_codec *c = &st->codec[st->n_codec];

	memset(c, 0, sizeof *c);
	c->pt = pt;
	c->clock_rate = clock_rate;
	if (copy_text(c->name, sizeof c->name, name) != 0 ||
	    copy_text(c->fmtp, sizeof c->fmtp, fmtp != NULL ? fmtp : "") != 0)
		return EINVAL;
	st->n_codec++;
	return 0;
}

int sdp_caps_init(struct sdp_caps *caps, const char *addr, uint16_t port, uint64_t sess_id)
{
	struct sdp_stream_caps *st;

	/* RFC3264 5: "The initial value of the version MUST be less than (2**62)-1, to avoid
	 * rollovers." */
	if (addr == NULL || addr[0] == '\0' || sess_id >= (UINT64_C(1) << 62) - 1)
		return EINVAL;
	memset(caps, 0, sizeof *caps);
	if (copy_text(caps->addr, sizeof caps->addr, addr) != 0)
		return EINVAL;
	memcpy(caps->username, "-", 2);
	memcpy(caps->session_name, "-", 2);
	caps->sess_id = sess_id;
	caps->sess_version = sess_id;
	sdp_caps_add_stream(caps, "audio", port, &st);
	st->dir = SDP_DIR_SENDRECV;
	st->ptime = 20;
	/* RFC3551 6: PCMU and PCMA are static payload types 0 and 8; telephone-event
	 * (RFC 4733) needs a dynamic one, 101 by common habit, with the events we handle. */
	sdp_stream_add_codec(st, 0, "PCMU", 8000, NULL);
	sdp_stream_add_codec(st, 8, "PCMA", 8000, NULL);
	sdp_stream_add_codec(st, 101, "telephone-event", 8000, "0-15");
	return 0;
}

/* Text we copy into SDP must not break its lines: no CR, LF or NUL, and `word` no space. */
static bool fits_line(const char *text, bool word)
{
	return strpbrk(text, word ? "\r\n " : "\r\n") == NULL;
}

int sdp_oa_begin(struct sdp_session *out, const struct sdp_caps *caps)
{
	const char *user = caps->username[0] != '\0' ? caps->username : "-";
	const char *name = caps->session_name[0] != '\0' ? caps->session_name : "-";
	const char *type = strchr(caps->addr, ':') != NULL ? "IP6" : "IP4";

	if (caps->addr[0] == '\0' || !fits_line(caps->addr, true) || !fits_line(user, true) ||
	    !fits_line(name, false))
		return EINVAL;
	sdp_session_init(out);
	out->origin.username = sdp_session_strdup(out, user);
	out->origin.sess_id = caps->sess_id;
	out->origin.sess_version = caps->sess_version;
	out->origin.addrtype = type;
	out->origin.addr = sdp_session_strdup(out, caps->addr);
	out->name = sdp_session_strdup(out, name);
	out->has_conn = true;
	out->conn.nettype = "IN";
	out->conn.addrtype = type;
	out->conn.addr = out->origin.addr;
	out->conn.ttl = -1;
	if (out->origin.username == NULL || out->origin.addr == NULL || out->name == NULL)
		return ENOBUFS;
	return 0;
}

int sdp_oa_follow_origin(struct sdp_session *out, const struct sdp_session *prev)
{
	const struct sdp_origin *o = &prev->origin;

	/* RFC3264 8: "the "o=" line of the new SDP MUST be identical to that in the previous
	 * SDP, except that the version in the origin field MUST increment by one from the
	 * previous SDP." */
	out->origin.username = sdp_session_strdup(out, o->username);
	out->origin.nettype = sdp_session_strdup(out, o->nettype);
	out->origin.addrtype = sdp_session_strdup(out, o->addrtype);
	out->origin.addr = sdp_session_strdup(out, o->addr);
	if (out->origin.username == NULL || out->origin.nettype == NULL ||
	    out->origin.addrtype == NULL || out->origin.addr == NULL)
		return ENOBUFS;
	out->origin.sess_id = o->sess_id;
	out->origin.sess_version = o->sess_version;
	/* RFC3264 8: "If the version in the origin line does not increment, the SDP MUST be
	 * identical to the SDP with that version number." */
	if (sdp_session_equal(out, prev))
		return 0;
	if (o->sess_version == UINT64_MAX)
		return EOVERFLOW;
	out->origin.sess_version++;
	return 0;
}

int sdp_oa_add_ptime(struct sdp_session *s, struct sdp_media *m, unsigned ms)
{
	char num[21];

	return ms == 0 ? 0 : sdp_attr_add(s, m, "ptime", sdp_u64_text(ms, num));
}

/* a=rtpmap and a=fmtp of every codec of a stream. */
static int add_codec_attrs(struct sdp_session *s, struct sdp_media *m,
			   const struct sdp_stream_caps *st)
{
	int rc = 0;

	/* RFC3264 5.1: "In the case of RTP streams, all media descriptions SHOULD contain
	 * "a=rtpmap" mappings from RTP payload types to encodings." */
	for (unsigned i = 0; i < st->n_codec && rc == 0; i++) {
		const struct sdp_codec *c = &st->codec[i];
		struct sdp_rtpmap r = { .pt = c->pt, .clock_rate = c->clock_rate,
					.channels = c->channels };

		memcpy(r.encoding, c->name, sizeof r.encoding);
		rc = sdp_media_add_rtpmap(s, m, &r);
		if (rc == 0 && c->fmtp[0] != '\0')
			rc = sdp_media_add_fmtp(s, m, c->pt, c->fmtp);
	}
	return rc;
}

static int add_offer_stream(struct sdp_session *s, const struct sdp_stream_caps *st)
{
	struct sdp_media *m;
	char pt[21];

	if (st->n_codec == 0 || !fits_line(st->media, true))
		return EINVAL;
	int rc = sdp_session_add_media(s, st->media, st->port, "RTP/AVP", &m);

	for (unsigned i = 0; i < st->n_codec && rc == 0; i++) {
		rc = sdp_media_add_format(s, m, sdp_u64_text(st->codec[i].pt, pt));
	}
	/* RFC3264 8.2: a disabled stream "MAY omit all attributes present previously" */
	if (rc != 0 || st->port == 0)
		return rc;
	rc = add_codec_attrs(s, m, st);
	if (rc == 0)
		rc = sdp_oa_add_ptime(s, m, st->ptime);
	if (rc == 0)
		rc = sdp_media_set_dir(m, st->dir);
	return rc;
}

/* RFC3264 8: "Deleted media streams from a previous SDP MUST NOT be removed in a new SDP;
 * however, attributes for these streams need not be present." */
static int add_disabled_slot(struct sdp_session *s, const struct sdp_media *old)
{
	struct sdp_media *m;

	if (old->n_fmt == 0)
		return EINVAL;
	int rc = sdp_session_add_media(s, old->type, 0, old->proto, &m);

	/* RFC3264 8.2: the stream "MAY list just a single media format" */
	return rc != 0 ? rc : sdp_media_add_format(s, m, old->fmt[0]);
}

int sdp_oa_offer(struct sdp_session *offer, const struct sdp_caps *caps,
		 const struct sdp_session *prev)
{
	if (offer == NULL || caps == NULL || offer == prev)
		return EINVAL;
	int rc = sdp_oa_begin(offer, caps);

	for (unsigned i = 0; i < caps->n_stream && rc == 0; i++)
		rc = add_offer_stream(offer, &caps->stream[i]);
	for (unsigned i = caps->n_stream; prev != NULL && i < prev->n_media && rc == 0; i++)
		rc = add_disabled_slot(offer, &prev->media[i]);
	if (rc == 0 && prev != NULL)
		rc = sdp_oa_follow_origin(offer, prev);
	return rc;
}

/* A re-offer of prev with each active stream's direction mapped through `map`. */
static int reoffer_dirs(struct sdp_session *out, const struct sdp_session *prev,
			const enum sdp_dir map[5])
{
	if (out == NULL || prev == NULL || out == prev)
		return EINVAL;
	sdp_session_copy(out, prev);
	for (unsigned i = 0; i < out->n_media; i++) {
		if (out->media[i].port == 0)
			continue;  /* a disabled stream has no direction to change */
		int rc = sdp_media_set_dir(&out->media[i], map[sdp_media_dir(prev, &prev->media[i])]);

		if (rc != 0)
			return rc;
	}
	return sdp_oa_follow_origin(out, prev);
}

int sdp_oa_hold(struct sdp_session *reoffer, const struct sdp_session *prev)
{
	/* RFC3264 8.4: "If the stream to be placed on hold was previously a sendrecv media
	 * stream, it is placed on hold by marking it as sendonly.  If the stream to be placed
	 * on hold was previously a recvonly media stream, it is placed on hold by marking it
	 * inactive." */
	static const enum sdp_dir hold[5] = {
		[SDP_DIR_NONE] = SDP_DIR_SENDONLY,     [SDP_DIR_SENDRECV] = SDP_DIR_SENDONLY,
		[SDP_DIR_SENDONLY] = SDP_DIR_SENDONLY, [SDP_DIR_RECVONLY] = SDP_DIR_INACTIVE,
		[SDP_DIR_INACTIVE] = SDP_DIR_INACTIVE,
	};

	return reoffer_dirs(reoffer, prev, hold);
}

int sdp_oa_resume(struct sdp_session *reoffer, const struct sdp_session *prev)
{
	static const enum sdp_dir resume[5] = {
		[SDP_DIR_NONE] = SDP_DIR_SENDRECV,     [SDP_DIR_SENDRECV] = SDP_DIR_SENDRECV,
		[SDP_DIR_SENDONLY] = SDP_DIR_SENDRECV, [SDP_DIR_RECVONLY] = SDP_DIR_RECVONLY,
		[SDP_DIR_INACTIVE] = SDP_DIR_RECVONLY,
	};

	return reoffer_dirs(reoffer, prev, resume);
}
