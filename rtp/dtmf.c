/* rtp/dtmf.c - RFC 4733 telephone-events: payload, sender, receiver.
 *
 * Payload (RFC 4733 §2.3, Figure 1):
 *    0                   1                   2                   3
 *   |     event     |E|R| volume    |          duration             |
 *
 * Leaves out: RFC 2198 redundancy, packed events, tone regeneration (see dtmf.h).
 */
#include "rtp/dtmf.h"
#include "rtp/wire_internal.h"

#include <errno.h>
#include <string.h>

int rtp_dtmf_event_write(const struct rtp_dtmf_event *e, uint8_t out[RTP_DTMF_PAYLOAD_SIZE])
{
	if (e->volume > RTP_DTMF_MAX_VOLUME)
		return EINVAL;
	out[0] = e->event;
	/* RFC4733 2.3.3: "The sender MUST set it [R] to zero". */
	out[1] = (uint8_t)((e->end ? 0x80 : 0) | e->volume);
	rtp_put16(out + 2, e->duration);
	return 0;
}

int rtp_dtmf_event_parse(const uint8_t *payload, size_t len, struct rtp_dtmf_event *e)
{
	if (len < RTP_DTMF_PAYLOAD_SIZE)
		return EBADMSG;
	e->event = payload[0];
	e->end = (payload[1] & 0x80) != 0;
	/* RFC4733 2.3.3: "the receiver MUST ignore it [R]." */
	e->volume = payload[1] & 0x3F;
	e->duration = rtp_get16(payload + 2);
	return 0;
}

static const char digits[] = "0123456789*#ABCD";

int rtp_dtmf_event_from_char(char c)
{
	if (c >= 'a' && c <= 'd')
		c = (char)(c - 'a' + 'A');
	const char *p = c != '\0' ? strchr(digits, c) : NULL;

	return p != NULL ? (int)(p - digits) : -1;
}

char rtp_dtmf_event_to_char(uint8_t event)
{
	return event < 16 ? digits[event] : '?';
}

/* ---- sender --------------------------------------------------------------------- */

int rtp_dtmf_sender_start(struct rtp_dtmf_sender *s, unsigned event, uint8_t volume,
			  uint32_t ts, uint32_t duration, uint32_t step)
{
	memset(s, 0, sizeof(*s));
	if (event > 255 || volume > RTP_DTMF_MAX_VOLUME || duration == 0 || step == 0)
		return EINVAL;
	s->active = true;
	s->first = true;
	s->event = (uint8_t)event;
	s->volume = volume;
	s->ts = ts;
	s->total = duration;
	s->step = step;
	return 0;
}

static void emit(struct rtp_dtmf_sender *s, uint32_t duration, bool end, uint8_t *payload,
		 bool *marker, uint32_t *ts)
{
	struct rtp_dtmf_event e = { s->event, end, s->volume, (uint16_t)duration };

	rtp_dtmf_event_write(&e, payload);
	/* RFC4733 2.5.1.2: "The first packet for an event MUST have the M bit set." ...
	 * "Intermediate packets for an event MUST NOT have either the M bit or the E bit
	 * set."  "The update packets MUST have the same RTP timestamp value as the initial
	 * packet for the event". */
	*marker = s->first;
	s->first = false;
	*ts = s->ts;
}

bool rtp_dtmf_sender_next(struct rtp_dtmf_sender *s, uint8_t payload[RTP_DTMF_PAYLOAD_SIZE],
			  bool *marker, uint32_t *ts)
{
	if (!s->active)
		return false;
	if (s->end_sent > 0) {
		/* RFC4733 2.5.1.4: "The final packet for each event and for each segment
		 * SHOULD be sent a total of three times at the interval used by the source for
		 * updates."  DEVIATION: a long event's segment ends are sent once (dtmf.h). */
		emit(s, s->total - s->segment_start, true, payload, marker, ts);
		s->active = ++s->end_sent < RTP_DTMF_END_REPEAT;
		return true;
	}
	uint32_t left = s->total - s->elapsed;

	s->elapsed += left < s->step ? left : s->step;
	if (s->elapsed - s->segment_start > RTP_DTMF_MAX_DURATION) {
		/* RFC4733 2.5.1.3: "the sender MUST send a packet reporting this maximum
		 * duration but MUST NOT set the E bit in this packet.  The sender MUST then
		 * begin reporting a new "segment" with the RTP timestamp set to the time at
		 * which the previous segment ended". */
		emit(s, RTP_DTMF_MAX_DURATION, false, payload, marker, ts);
		s->segment_start += RTP_DTMF_MAX_DURATION;
		s->ts += RTP_DTMF_MAX_DURATION;
		return true;
	}
	bool end = s->elapsed == s->total;

	emit(s, s->elapsed - s->segment_start, end, payload, marker, ts);
	if (end)
		s->end_sent = 1;
	return true;
}

/* ---- receiver ------------------------------------------------------------------- */

void rtp_dtmf_receiver_init(struct rtp_dtmf_receiver *r)
{
	memset(r, 0, sizeof(*r));
}

static void report_end(struct rtp_dtmf_receiver *r, struct rtp_dtmf_report *out)
{
	r->ended = true;
	r->events++;
	out->ended = true;
	out->ended_event = r->event;
	out->duration = r->prior + r->duration;
}

/* RFC4733 2.5.2.3: "the receiver MUST compare the RTP timestamp for the new event with
 * the sum of the RTP timestamp of the previous report plus the duration (0xFFFF)." */
static bool continues_segment(const struct rtp_dtmf_receiver *r, uint32_t ts, uint8_t event)
{
	return r->have && !r->ended && event == r->event &&
	       r->duration == RTP_DTMF_MAX_DURATION && ts == r->ts + RTP_DTMF_MAX_DURATION;
}

/* A new timestamp: a new event begins. */
static void begin_event(struct rtp_dtmf_receiver *r, uint32_t ts, const struct rtp_dtmf_event *e,
			struct rtp_dtmf_report *out)
{
	/* RFC4733 2.5.2.2: play "until ... it receives the next tone, distinguished by a
	 * different timestamp value": an unfinished previous event ends here. */
	if (r->have && !r->ended)
		report_end(r, out);
	r->have = true;
	r->ended = false;
	r->event = e->event;
	r->volume = e->volume;
	r->ts = ts;
	r->prior = 0;
	r->duration = e->duration;
	out->began = true;
	out->event = e->event;
	out->volume = e->volume;
}

int rtp_dtmf_receiver_on_packet(struct rtp_dtmf_receiver *r, uint32_t ts, bool marker,
				const uint8_t *payload, size_t len, struct rtp_dtmf_report *out)
{
	struct rtp_dtmf_event e;

	memset(out, 0, sizeof(*out));
	(void)marker;  /* a new timestamp starts an event even if its marked packet was lost */
	if (rtp_dtmf_event_parse(payload, len, &e) != 0)
		return EBADMSG;
	/* RFC4733 2.3.5: "The receiver SHOULD ignore an event report with zero duration if
	 * the event is not a state."  (DTMF digits are not states.) */
	if (e.duration == 0)
		return 0;
	if (r->have && ts == r->ts && e.event == r->event) {
		/* the same event: an update, or a retransmission once ended ("further reports
		 * for the event MUST be ignored", RFC4733 2.5.2.2) */
		if (r->ended)
			return 0;
		if (e.duration > r->duration)
			r->duration = e.duration;
	} else if (continues_segment(r, ts, e.event)) {
		r->prior += RTP_DTMF_MAX_DURATION;
		r->ts = ts;
		r->duration = e.duration;
	} else {
		begin_event(r, ts, &e, out);
	}
	if (e.end)
		report_end(r, out);
	return 0;
}
