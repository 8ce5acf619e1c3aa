/* sdp/sdp_oa.h - the offer/answer model: build offers, answer them, apply answers.
 *
 * Implements RFC3264 5 (the offer), 6 and 6.1 (the answer to unicast streams: same number
 * and order of m= lines, codecs intersected in the offerer's order, mirrored directions,
 * port 0 to reject), 7 (the offerer reading the answer), 8 (re-offers: same o= session id,
 * version + 1, m= lines never removed) and 8.4 (hold and resume with a=sendonly and
 * a=sendrecv).
 *
 * How the UA core uses it:
 *     sdp_caps_init(&caps, "192.0.2.1", 49170, id);       PCMU, PCMA, telephone-event
 *     sdp_oa_offer(&offer, &caps, NULL);                  print it into the INVITE
 *     sdp_oa_apply_answer(&neg, &offer, &answer, &err);   answer from the 200 OK
 *   or, called:
 *     sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err);  EPROTO: answer 488
 *   later:
 *     sdp_oa_hold(&reoffer, &last_local);  sdp_oa_resume(&reoffer, &last_local);
 * `neg` then says which codec, payload types, remote address and direction to use.
 *
 * Every function writes into a caller-owned struct sdp_session; arguments are only read.
 * Errors: 0, EINVAL (bad argument), ENOBUFS (capacity), EOVERFLOW (the o= version of
 * `prev` cannot grow), EPROTO (the peer's SDP breaks RFC3264 or leaves no common codec;
 * `err->reason` says which, `err->line` is 0).
 *
 * Leaves out: multicast streams (RFC 3264 sections 5.2 and 6.2; an offered multicast
 * stream is rejected, which RFC3264 6 allows "for any reason"), transports other than
 * RTP/AVP, glare (RFC 3264 section 4; the SIP layer resolves it), answers with formats
 * the offer did not list.
 */
#ifndef SDP_SDP_OA_H
#define SDP_SDP_OA_H

#include "sdp/sdp.h"

#include <stdbool.h>
#include <stdint.h>

#define SDP_MAX_CODECS      8    /* codecs in one local stream */
#define SDP_FMTP_MAX        64   /* a=fmtp parameters, NUL included */
#define SDP_ADDR_MAX        256  /* an address or FQDN as text, NUL included */
#define SDP_MEDIA_TYPE_MAX  16   /* "audio", NUL included */
#define SDP_NAME_MAX        64   /* o= username and s= text, NUL included */

/* One codec we can use, under the payload type we offer it with. */
struct sdp_codec {
	uint8_t pt;                      /* RTP payload type, 0-127 */
	char name[SDP_ENCODING_MAX];     /* encoding name: "PCMU", "telephone-event" */
	uint32_t clock_rate;             /* Hz */
	uint8_t channels;                /* 0 or 1: mono (not written) */
	char fmtp[SDP_FMTP_MAX];         /* a=fmtp parameters, "" for none ("0-15") */
};

/* One media stream we can run. */
struct sdp_stream_caps {
	char media[SDP_MEDIA_TYPE_MAX];  /* m= media type: "audio" */
	uint16_t port;                   /* our RTP port; 0 offers the stream disabled */
	enum sdp_dir dir;                /* what we want; SDP_DIR_NONE writes no attribute */
	unsigned ptime;                  /* ms we want to receive; 0: no a=ptime */
	struct sdp_codec codec[SDP_MAX_CODECS];  /* in order of preference */
	unsigned n_codec;
};

/* Local capabilities: who we are, where we receive, what we can do. */
struct sdp_caps {
	char username[SDP_NAME_MAX];     /* o= username, "-" */
	uint64_t sess_id;                /* o= sess-id of a new session */
	uint64_t sess_version;           /* o= sess-version of its first SDP */
	char session_name[SDP_NAME_MAX]; /* s= text; "" writes "-" (RFC3264 5) */
	char addr[SDP_ADDR_MAX];         /* our media address: IPv4, IPv6 (bare) or FQDN */
	struct sdp_stream_caps stream[SDP_MAX_MEDIA];  /* m= lines of our offers, in order */
	unsigned n_stream;
};

/* What one side sends after an exchange: the first accepted stream with a codec. */
struct sdp_negotiated {
	int media_index;                 /* m= line it comes from; -1: none negotiated */
	uint8_t pt;                      /* payload type to send the codec with */
	char encoding[SDP_ENCODING_MAX]; /* its encoding name, e.g. "PCMU" */
	uint32_t clock_rate;             /* Hz */
	char remote_addr[SDP_ADDR_MAX];  /* where to send RTP (RTCP: port + 1), as text */
	bool remote_ip6;                 /* the c= address type is IP6 */
	uint16_t remote_port;            /* remote RTP port */
	enum sdp_dir remote_dir;         /* the peer's direction; c=0.0.0.0 folded in */
	unsigned ptime;                  /* ms the peer wants to receive; 0: not said */
	int te_pt;                       /* telephone-event payload type to send; -1: none */
};

/* One audio stream on `addr`:`port`: PCMU/8000 (0), PCMA/8000 (8), telephone-event/8000
 * (101, events 0-15), ptime 20, sendrecv; o= username "-", sess-id and version `sess_id`
 * (a random number below 2^62 - 1, e.g. net_rand_u64() >> 2).  Returns 0, or EINVAL for
 * a NULL or too long address or sess_id >= 2^62 - 1. */
int sdp_caps_init(struct sdp_caps *caps, const char *addr, uint16_t port, uint64_t sess_id);

/* Appends an empty stream; *out (may be NULL) gets it.  Returns 0, EINVAL or ENOBUFS. */
int sdp_caps_add_stream(struct sdp_caps *caps, const char *media, uint16_t port,
			struct sdp_stream_caps **out);

/* Appends a codec (`fmtp` may be NULL).  Returns 0, EINVAL or ENOBUFS. */
int sdp_stream_add_codec(struct sdp_stream_caps *st, uint8_t pt, const char *name,
			 uint32_t clock_rate, const char *fmtp);

/* Builds an offer from `caps`.  `prev` is the last SDP we sent in this session (offer or
 * answer), NULL for the first: with it the o= line stays, its version goes up by one if
 * anything changed (RFC3264 8), and m= lines of `prev` beyond caps' streams stay as
 * disabled slots (port 0).  `offer` and `prev` must be different objects.
 * Returns 0, EINVAL, ENOBUFS or EOVERFLOW. */
int sdp_oa_offer(struct sdp_session *offer, const struct sdp_caps *caps,
		 const struct sdp_session *prev);

/* Answers `offer` from `caps` (RFC3264 6): one m= line per offered one, in order; each
 * offered stream takes the first unused local stream of its media type that shares a
 * codec, else it is rejected with port 0.  `prev` as for sdp_oa_offer.  `neg` (may be
 * NULL) gets what we send.  Returns 0; EPROTO when no offered stream can be accepted
 * (answer 488); EINVAL or ENOBUFS. */
int sdp_oa_answer(struct sdp_session *answer, const struct sdp_session *offer,
		  const struct sdp_caps *caps, const struct sdp_session *prev,
		  struct sdp_negotiated *neg, struct sdp_error *err);

/* The offerer's side (RFC3264 7): checks `answer` against our `offer` and fills `neg`.
 * Returns 0, EPROTO (m= count or types differ, a direction or format the offer forbids,
 * no common codec), or ENOBUFS. */
int sdp_oa_apply_answer(struct sdp_negotiated *neg, const struct sdp_session *offer,
			const struct sdp_session *answer, struct sdp_error *err);

/* RFC3264 8.4: a re-offer of `prev` with every active stream on hold (sendrecv becomes
 * sendonly, recvonly becomes inactive); version + 1 (unchanged if it was all held
 * already).  Returns 0, EINVAL (reoffer == prev), ENOBUFS or EOVERFLOW. */
int sdp_oa_hold(struct sdp_session *reoffer, const struct sdp_session *prev);

/* The reverse of sdp_oa_hold: sendonly becomes sendrecv, inactive becomes recvonly. */
int sdp_oa_resume(struct sdp_session *reoffer, const struct sdp_session *prev);

#endif
