/* sdp/sdp_oa_internal.h - what the offer/answer files (sdp_offer.c, sdp_answer.c,
 * sdp_apply.c) share: the common head of every SDP we write, the RFC3264 8 origin rule,
 * direction arithmetic, codec comparison, and filling struct sdp_negotiated.
 */
#ifndef SDP_SDP_OA_INTERNAL_H
#define SDP_SDP_OA_INTERNAL_H

#include "sdp/sdp.h"
#include "sdp/sdp_oa.h"

#include <stdbool.h>

/* v= o= s= c= t=0 0 of an SDP we write, from caps.  Returns 0, EINVAL or ENOBUFS. */
int sdp_oa_begin(struct sdp_session *out, const struct sdp_caps *caps);

/* RFC3264 8: takes prev's o= line; the version goes up by one unless `out` is otherwise
 * identical to `prev`.  Returns 0, ENOBUFS or EOVERFLOW. */
int sdp_oa_follow_origin(struct sdp_session *out, const struct sdp_session *prev);

/* a=ptime:<ms>, nothing when ms is 0.  Returns 0 or ENOBUFS. */
int sdp_oa_add_ptime(struct sdp_session *s, struct sdp_media *m, unsigned ms);

/* Fills err (line 0) and returns rc. */
int sdp_oa_fail(struct sdp_error *err, int rc, const char *reason);

/* Whether a stream with direction `d` sends, or receives, media (NONE counts as sendrecv). */
bool sdp_dir_sends(enum sdp_dir d);
bool sdp_dir_recvs(enum sdp_dir d);

/* telephone-event (RFC 4733). */
bool sdp_encoding_is_event(const char *encoding);

/* telephone-event or CN: formats that ride along a voice codec but are no call by
 * themselves. */
bool sdp_encoding_is_auxiliary(const char *encoding);

/* Same codec: encoding name (case-insensitive, as media subtypes are), clock rate and
 * channels.  The payload type numbers may differ (RFC3264 5.1). */
bool sdp_rtpmap_same(const struct sdp_rtpmap *a, const struct sdp_rtpmap *b);

/* Some format of `om` that is the same codec as `r`; its payload type, or -1. */
int sdp_media_find_codec(const struct sdp_media *om, const struct sdp_rtpmap *r);

/* True when the offered stream lists a format that is not auxiliary (unknown ones count). */
bool sdp_media_has_voice(const struct sdp_media *m);

/* Empties *neg (media_index -1, te_pt -1). */
void sdp_oa_neg_clear(struct sdp_negotiated *neg);

/* Fills *neg: we send `map` under `pt` (and telephone-event under te_pt) to the stream
 * `pm` (index `index`) the peer described in `peer`.  Returns 0 or ENOBUFS. */
int sdp_oa_neg_set(struct sdp_negotiated *neg, int index, const struct sdp_session *peer,
		   const struct sdp_media *pm, unsigned pt, const struct sdp_rtpmap *map,
		   int te_pt);

#endif
