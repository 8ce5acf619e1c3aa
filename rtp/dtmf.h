/* rtp/dtmf.h - DTMF digits as RTP telephone-events.
 *
 * Implements RFC 4733 §2.3 (the 4-octet event payload: event, E, R, volume, duration),
 * §2.5.1 (sending: the first packet marked, the timestamp fixed at the event's start,
 * the duration growing, the final packet sent three times, long events split into
 * segments of at most 0xFFFF), §2.5.2 (receiving: one begin and one end per event,
 * retransmissions and lapsed events ignored, a lost first packet tolerated, segments
 * joined) and §3.2 (DTMF event codes 0-15).
 *
 * The sender produces payloads; rtp/session.h's rtp_session_send_payload puts them in
 * RTP packets with the session's sequence numbers (RFC 4733 §2.5.1.2: "the same
 * sequence number and timestamp base as the regular audio channel").  While an event
 * plays, the caller advances the audio clock with rtp_session_skip().
 *
 * Leaves out: RFC 2198 redundancy, several events packed in one packet (§2.5.1.5: the
 * receiver reads only the first), tone regeneration, events other than DTMF, and the
 * three-fold repeat of a long event's intermediate segment ends (§2.5.1.4 SHOULD; only
 * the event's final packet is repeated).
 */
#ifndef RTP_DTMF_H
#define RTP_DTMF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RTP_DTMF_PAYLOAD_SIZE 4
#define RTP_DTMF_MAX_DURATION 0xFFFF   /* §2.5.1.3: longer events are split */
#define RTP_DTMF_END_REPEAT 3          /* §2.5.1.4: the final packet, three times */
#define RTP_DTMF_MAX_VOLUME 63         /* §2.3.4: 0 to -63 dBm0 */

struct rtp_dtmf_event {
	uint8_t event;            /* §3.2: 0-9, 10 '*', 11 '#', 12-15 'A'-'D' */
	bool end;                 /* E: this packet contains the end of the event */
	uint8_t volume;           /* power level in -dBm0, 0..63 (larger is quieter) */
	uint16_t duration;        /* timestamp units since the event (segment) began */
};

/* 0 or EINVAL (volume > 63). */
int rtp_dtmf_event_write(const struct rtp_dtmf_event *e, uint8_t out[RTP_DTMF_PAYLOAD_SIZE]);
/* The first event of a payload; 0 or EBADMSG (shorter than 4 octets). */
int rtp_dtmf_event_parse(const uint8_t *payload, size_t len, struct rtp_dtmf_event *e);

/* §3.2 digits: '0'-'9', '*', '#', 'A'-'D' (or 'a'-'d') -> 0..15, anything else -1. */
int rtp_dtmf_event_from_char(char c);
/* 0..15 -> the digit, anything else '?'. */
char rtp_dtmf_event_to_char(uint8_t event);

/* One event being sent. */
struct rtp_dtmf_sender {
	bool active;              /* packets remain to be sent */
	bool first;               /* the next packet is the event's first (M bit) */
	uint8_t event, volume;
	uint32_t ts;              /* RTP timestamp of the current segment's start */
	uint32_t total;           /* whole event, timestamp units */
	uint32_t elapsed;         /* reported so far, whole event */
	uint32_t segment_start;   /* `elapsed` when the current segment began */
	uint32_t step;            /* timestamp units between updates (160 = 20 ms) */
	unsigned end_sent;        /* copies of the final packet sent so far */
};

/* Starts `event` at RTP timestamp `ts` for `duration` units, one update per `step`
 * units.  0 or EINVAL (event > 255, volume > 63, duration or step 0). */
int rtp_dtmf_sender_start(struct rtp_dtmf_sender *s, unsigned event, uint8_t volume,
			  uint32_t ts, uint32_t duration, uint32_t step);
/* The packet for the next update interval: payload, marker and RTP timestamp.  Returns
 * false when the event (and its three end packets) is done. */
bool rtp_dtmf_sender_next(struct rtp_dtmf_sender *s, uint8_t payload[RTP_DTMF_PAYLOAD_SIZE],
			  bool *marker, uint32_t *ts);

/* What one received packet meant. */
struct rtp_dtmf_report {
	bool began;               /* a new event started: `event`, `volume` */
	uint8_t event;
	uint8_t volume;
	bool ended;               /* an event ended: `ended_event` lasted `duration` */
	uint8_t ended_event;
	uint32_t duration;        /* timestamp units, all segments together */
};

struct rtp_dtmf_receiver {
	bool have;                /* an event has been seen */
	bool ended;               /* the current event is over: later reports ignored */
	uint8_t event, volume;
	uint32_t ts;              /* timestamp of the current segment */
	uint32_t prior;           /* duration of the event's earlier segments */
	uint16_t duration;        /* longest duration reported for the current segment */
	uint32_t events;          /* events that have ended */
};

void rtp_dtmf_receiver_init(struct rtp_dtmf_receiver *r);
/* One telephone-event packet (its RTP timestamp, marker and payload).  Fills *out
 * (zeroed when nothing happened).  0 or EBADMSG. */
int rtp_dtmf_receiver_on_packet(struct rtp_dtmf_receiver *r, uint32_t ts, bool marker,
				const uint8_t *payload, size_t len, struct rtp_dtmf_report *out);

#endif
