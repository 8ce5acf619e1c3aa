/* rtp/session.c - a two-party G.711 RTP session (RFC 3550 §5, §6; RFC 3551 §4, §6).
 *
 * Glue between the pieces: packet.c builds and parses, source.c keeps the peer's
 * statistics, rtcp.c writes and reads reports, rtcp_interval.c says when.  What is
 * decided here is quoted above the code that decides it.
 *
 * Leaves out: multiparty, SSRC collision/loop detection (§8.2), CSRCs (see session.h).
 */
#include "rtp/session.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define LAYER "rtp"

void rtp_session_config_default(struct rtp_session_config *cfg, enum rtp_g711_law law,
				const char *cname)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->law = law;
	cfg->telephone_event_pt = -1;
	cfg->samples_per_packet = RTP_SAMPLES_PER_PACKET;
	/* 50 packets/s of 160 + 12 (RTP) + 8 (UDP) + 20 (IPv4) octets = 10000 octets/s. */
	cfg->session_bw = 50.0 * (RTP_SAMPLES_PER_PACKET + 12 + RTP_IP_UDP_OVERHEAD);
	cfg->rtcp_min_interval = RTCP_MIN_INTERVAL;
	snprintf(cfg->cname, sizeof(cfg->cname), "%s", cname != NULL ? cname : "siplab");
}

int rtp_session_init(struct rtp_session *s, const struct rtp_session_config *cfg,
		     struct net_rand *rand, uint64_t now_us)
{
	if (cfg->samples_per_packet == 0 || cfg->samples_per_packet > RTP_MAX_SAMPLES_PER_PACKET ||
	    cfg->telephone_event_pt > RTP_MAX_PT || cfg->session_bw <= 0 || rand == NULL)
		return EINVAL;
	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	s->cfg.cname[RTCP_MAX_TEXT] = '\0';
	s->rand = rand;
	s->payload_type = cfg->law == RTP_G711_ALAW ? RTP_PT_PCMA : RTP_PT_PCMU;
	/* RFC3550 5.1: the SSRC "SHOULD be chosen randomly"; the initial sequence number
	 * and timestamp "SHOULD be random (unpredictable)". */
	s->ssrc = net_rand_u32(rand);
	s->seq = (uint16_t)net_rand_u32(rand);
	s->ts = net_rand_u32(rand);
	s->last_send_ts = s->ts;
	/* RFC3551 4.1: the first packet of a talkspurt is marked; a call starts one. */
	s->marker_next = true;
	/* A first compound packet: RR + one block (32) + SDES with the CNAME, + IP/UDP. */
	double first = 32.0 + 12.0 + (double)strlen(s->cfg.cname) + RTP_IP_UDP_OVERHEAD;

	rtcp_timer_init(&s->timer, cfg->session_bw * RTCP_BW_FRACTION, cfg->rtcp_min_interval,
			first, now_us, rand);
	return 0;
}

/* ---- sending -------------------------------------------------------------------- */

static int send_packet(struct rtp_session *s, uint8_t pt, bool marker, uint32_t ts,
		       const uint8_t *payload, size_t n, uint8_t *out, size_t cap, size_t *len)
{
	struct rtp_packet p;

	memset(&p, 0, sizeof(p));
	p.hdr.marker = marker;
	p.hdr.payload_type = pt;
	p.hdr.seq = s->seq;
	p.hdr.timestamp = ts;
	p.hdr.ssrc = s->ssrc;
	p.payload = payload;
	p.payload_len = n;
	int rc = rtp_packet_build(&p, out, cap, len);

	if (rc != 0)
		return rc;
	/* RFC3550 5.1: "The sequence number increments by one for each RTP data packet
	 * sent"; RFC3550 6.4.1: the counts cover "RTP data packets" and "payload octets". */
	s->seq++;
	s->packets_sent++;
	s->octets_sent += (uint32_t)n;
	return 0;
}

int rtp_session_send_audio(struct rtp_session *s, const int16_t *pcm, size_t n,
			   uint64_t now_us, uint8_t *out, size_t cap, size_t *len)
{
	uint8_t payload[RTP_MAX_SAMPLES_PER_PACKET];

	if (n == 0 || n > RTP_MAX_SAMPLES_PER_PACKET)
		return EINVAL;
	rtp_g711_encode_buf(s->cfg.law, payload, pcm, n);
	int rc = send_packet(s, s->payload_type, s->marker_next, s->ts, payload, n, out, cap, len);

	if (rc != 0)
		return rc;
	s->marker_next = false;
	s->last_send_us = now_us;
	s->last_send_ts = s->ts;
	/* RFC3550 5.1: "for fixed-rate audio the timestamp clock would likely increment by
	 * one for each sampling period." */
	s->ts += (uint32_t)n;
	return 0;
}

void rtp_session_skip(struct rtp_session *s, uint32_t samples)
{
	s->ts += samples;
	/* RFC3551 4.1: "the first packet after a silence period during which packets have
	 * not been transmitted contiguously, SHOULD be distinguished by setting the marker
	 * bit in the RTP data header to one." */
	if (samples > 0)
		s->marker_next = true;
}

int rtp_session_send_payload(struct rtp_session *s, uint8_t pt, bool marker, uint32_t ts,
			     const uint8_t *payload, size_t payload_len, uint8_t *out,
			     size_t cap, size_t *len)
{
	return send_packet(s, pt, marker, ts, payload, payload_len, out, cap, len);
}

/* ---- receiving ------------------------------------------------------------------ */

static bool pt_known(const struct rtp_session *s, uint8_t pt)
{
	return pt == s->payload_type ||
	       (s->cfg.telephone_event_pt >= 0 && pt == (uint8_t)s->cfg.telephone_event_pt);
}

/* A packet from an SSRC other than the peer's: it takes the peer's place once it has
 * passed A.1 probation (or at once if the peer never validated). */
static enum rtp_seq_verdict other_ssrc(struct rtp_session *s, const struct rtp_header *h,
				       uint64_t arrival_us)
{
	if (!rtp_source_valid(&s->peer)) {
		rtp_source_init(&s->peer, h->ssrc, h->seq, RTP_G711_CLOCK_RATE);
		return rtp_source_on_packet(&s->peer, h->seq, h->timestamp, arrival_us);
	}
	if (!s->have_candidate || s->candidate.ssrc != h->ssrc) {
		rtp_source_init(&s->candidate, h->ssrc, h->seq, RTP_G711_CLOCK_RATE);
		s->have_candidate = true;
	}
	enum rtp_seq_verdict v = rtp_source_on_packet(&s->candidate, h->seq, h->timestamp,
						      arrival_us);

	if (rtp_source_valid(&s->candidate)) {
		/* RFC3550 6.4.1: "Receivers SHOULD NOT carry over statistics when a source
		 * changes its SSRC identifier": the candidate's own statistics take over. */
		net_log_printf(s->cfg.log, NET_LOG_INFO, LAYER,
			       "[RFC3550 A.1] peer SSRC %08x replaced by %08x", s->peer.ssrc,
			       h->ssrc);
		s->peer = s->candidate;
		s->have_candidate = false;
	}
	return v;
}

int rtp_session_on_rtp(struct rtp_session *s, const uint8_t *buf, size_t len,
		       uint64_t arrival_us, struct rtp_packet *pkt, enum rtp_seq_verdict *verdict)
{
	struct rtp_parse_error err = {0, NULL};
	enum rtp_seq_verdict v;

	if (rtp_packet_parse(buf, len, pkt, &err) != 0) {
		s->rx_malformed++;
		net_log_printf(s->cfg.log, NET_LOG_WARN, LAYER,
			       "[RFC3550 A.1] RTP packet dropped at octet %zu: %s", err.offset,
			       err.reason);
		return EBADMSG;
	}
	/* RFC3550 5.1: "A receiver MUST ignore packets with payload types that it does not
	 * understand." */
	if (!pt_known(s, pkt->hdr.payload_type)) {
		s->rx_unknown_pt++;
		return EPROTO;
	}
	if (!s->have_peer) {
		rtp_source_init(&s->peer, pkt->hdr.ssrc, pkt->hdr.seq, RTP_G711_CLOCK_RATE);
		s->have_peer = true;
	}
	if (pkt->hdr.ssrc == s->peer.ssrc)
		v = rtp_source_on_packet(&s->peer, pkt->hdr.seq, pkt->hdr.timestamp, arrival_us);
	else
		v = other_ssrc(s, &pkt->hdr, arrival_us);
	if (verdict != NULL)
		*verdict = v;
	return rtp_seq_verdict_valid(v) ? 0 : EAGAIN;
}

/* SR or RR from the peer: remember its SR time (for our LSR/DLSR) and what it says
 * about our stream. */
static void on_report(struct rtp_session *s, const struct rtcp_report *r, uint64_t arrival_us)
{
	s->have_rtcp_peer = true;
	s->rtcp_peer_ssrc = r->ssrc;
	if (r->type == RTCP_SR && s->have_peer && r->ssrc == s->peer.ssrc)
		rtp_source_on_sr(&s->peer, r->sender.ntp, arrival_us);
	for (unsigned i = 0; i < r->count; i++) {
		if (r->blocks[i].ssrc != s->ssrc)
			continue;
		s->have_peer_report = true;
		s->peer_report = r->blocks[i];
		/* RFC3550 6.4.1: "Source SSRC_n can compute the round-trip propagation delay
		 * to SSRC_r by recording the time A when this reception report block is
		 * received ... (A - LSR - DLSR)." */
		uint32_t a = rtcp_ntp_middle(rtcp_ntp_from_us(arrival_us));
		uint64_t rtt = rtcp_rtt_us(a, r->blocks[i].lsr, r->blocks[i].dlsr);

		if (rtt > 0)
			s->rtt_us = rtt;
	}
}

/* Is `ssrc` the other party: the RTP source we receive, or the sender of its reports? */
static bool is_peer(const struct rtp_session *s, uint32_t ssrc)
{
	return (s->have_peer && ssrc == s->peer.ssrc) ||
	       (s->have_rtcp_peer && ssrc == s->rtcp_peer_ssrc);
}

static void on_sdes(struct rtp_session *s, const struct rtcp_sdes *sd)
{
	for (unsigned i = 0; i < sd->count; i++) {
		const struct rtcp_sdes_chunk *c = &sd->chunk[i];

		if (c->cname != NULL && is_peer(s, c->ssrc)) {
			memcpy(s->peer_cname, c->cname, c->cname_len);
			s->peer_cname[c->cname_len] = '\0';
		}
	}
}

static void on_bye(struct rtp_session *s, const struct rtcp_bye *b, uint64_t arrival_us)
{
	for (unsigned i = 0; i < b->count; i++) {
		if (!is_peer(s, b->ssrc[i]) || s->peer_left)
			continue;
		s->peer_left = true;
		rtcp_timer_member_left(&s->timer, arrival_us);
		net_log_printf(s->cfg.log, NET_LOG_INFO, LAYER, "[RFC3550 6.6] peer %08x sent BYE",
			       b->ssrc[i]);
	}
}

int rtp_session_on_rtcp(struct rtp_session *s, const uint8_t *buf, size_t len,
			uint64_t arrival_us)
{
	struct rtp_parse_error err = {0, NULL};
	struct rtcp_iter it;
	struct rtcp_packet_view v;
	union { struct rtcp_report r; struct rtcp_sdes sd; struct rtcp_bye b; } u;

	if (rtcp_compound_check(buf, len, &err) != 0) {
		s->rtcp_malformed++;
		net_log_printf(s->cfg.log, NET_LOG_WARN, LAYER,
			       "[RFC3550 A.2] RTCP packet dropped at octet %zu: %s", err.offset,
			       err.reason);
		return EBADMSG;
	}
	s->rtcp_received++;
	rtcp_timer_received(&s->timer, (double)len + RTP_IP_UDP_OVERHEAD);
	rtcp_iter_init(&it, buf, len);
	while (rtcp_iter_next(&it, &v)) {
		/* RFC3550 6.1: "An implementation SHOULD ignore incoming RTCP packets with
		 * types unknown to it."  Malformed known types are skipped the same way. */
		if ((v.type == RTCP_SR || v.type == RTCP_RR) && rtcp_parse_report(&v, &u.r, NULL) == 0)
			on_report(s, &u.r, arrival_us);
		else if (v.type == RTCP_SDES && rtcp_parse_sdes(&v, &u.sd, NULL) == 0)
			on_sdes(s, &u.sd);
		else if (v.type == RTCP_BYE && rtcp_parse_bye(&v, &u.b, NULL) == 0)
			on_bye(s, &u.b, arrival_us);
	}
	return 0;
}

/* ---- RTCP sending --------------------------------------------------------------- */

/* RFC3550 6.3: "we_sent: Flag that is true if the application has sent data since the
 * 2nd previous RTCP report was transmitted." */
static bool we_sent(const struct rtp_session *s)
{
	return s->packets_sent != s->packets_at_report[1];
}

/* Members and senders as this two-party session sees them (§6.3.3). */
static void update_membership(struct rtp_session *s)
{
	bool peer = s->have_peer && rtp_source_valid(&s->peer) && !s->peer_left;

	s->timer.p.we_sent = we_sent(s);
	s->timer.p.members = 1 + peer;
	s->timer.p.senders = s->timer.p.we_sent + peer;
}

uint64_t rtp_session_rtcp_due(const struct rtp_session *s)
{
	return s->timer.tn_us;
}

/* The SR's RTP timestamp for `now_us`: RFC3550 6.4.1 "it MUST be calculated from the
 * corresponding NTP timestamp using the relationship between the RTP timestamp counter
 * and real time". */
static uint32_t rtp_ts_at(const struct rtp_session *s, uint64_t now_us)
{
	uint64_t d = now_us > s->last_send_us ? now_us - s->last_send_us : 0;

	return s->last_send_ts + (uint32_t)(d * RTP_G711_CLOCK_RATE / 1000000);
}

static void fill_report(struct rtp_session *s, uint64_t now_us, struct rtcp_report *r)
{
	memset(r, 0, sizeof(*r));
	/* RFC3550 6.4: "The SR is issued if a site has sent any data packets during the
	 * interval since issuing the last report or the previous one, otherwise the RR is
	 * issued." */
	r->type = we_sent(s) ? RTCP_SR : RTCP_RR;
	r->ssrc = s->ssrc;
	if (r->type == RTCP_SR) {
		r->sender.ntp = rtcp_ntp_from_us(now_us);
		r->sender.rtp_ts = rtp_ts_at(s, now_us);
		r->sender.packet_count = s->packets_sent;
		r->sender.octet_count = s->octets_sent;
	}
	/* RFC3550 6.4: "one for each of the synchronization sources from which this
	 * receiver has received RTP data packets since the last report." */
	if (s->have_peer && rtp_source_valid(&s->peer) &&
	    s->peer.received != s->peer.received_prior) {
		rtp_source_report_block(&s->peer, now_us, &r->blocks[0]);
		r->count = 1;
	}
}

int rtp_session_rtcp_build(struct rtp_session *s, uint64_t now_us, bool bye,
			   const char *reason, uint8_t *out, size_t cap, size_t *len)
{
	struct rtcp_report r;
	struct rtcp_writer w;

	fill_report(s, now_us, &r);
	/* RFC3550 6.1: "The first RTCP packet in the compound packet MUST always be a
	 * report packet" ... "An SDES packet containing a CNAME item MUST be included in
	 * each compound RTCP packet" ... "BYE SHOULD be the last packet sent". */
	rtcp_writer_init(&w, out, cap);
	rtcp_write_report(&w, &r);
	rtcp_write_sdes_cname(&w, s->ssrc, s->cfg.cname);
	if (bye)
		rtcp_write_bye(&w, &s->ssrc, 1, reason);
	int rc = rtcp_writer_finish(&w, len);

	if (rc != 0)
		return rc;
	s->packets_at_report[1] = s->packets_at_report[0];
	s->packets_at_report[0] = s->packets_sent;
	s->rtcp_sent++;
	update_membership(s);
	rtcp_timer_sent(&s->timer, now_us, (double)*len + RTP_IP_UDP_OVERHEAD, s->rand);
	return 0;
}

int rtp_session_rtcp_poll(struct rtp_session *s, uint64_t now_us, uint8_t *out, size_t cap,
			  size_t *len)
{
	*len = 0;
	update_membership(s);
	if (!rtcp_timer_expired(&s->timer, now_us, s->rand))
		return 0;
	return rtp_session_rtcp_build(s, now_us, false, NULL, out, cap, len);
}

void rtp_session_get_stats(const struct rtp_session *s, struct rtp_session_stats *st)
{
	const double ms_per_unit = 1000.0 / RTP_G711_CLOCK_RATE;

	memset(st, 0, sizeof(*st));
	st->packets_sent = s->packets_sent;
	st->octets_sent = s->octets_sent;
	st->rtcp_sent = s->rtcp_sent;
	st->rtcp_received = s->rtcp_received;
	st->malformed = s->rx_malformed;
	st->unknown_pt = s->rx_unknown_pt;
	if (s->have_peer) {
		st->received = rtp_source_valid(&s->peer) ? s->peer.received : 0;
		st->expected = rtp_source_expected(&s->peer);
		st->lost = rtp_source_lost(&s->peer);
		st->duplicates = s->peer.duplicates;
		st->reordered = s->peer.reordered;
		st->dropped = s->peer.dropped;
		st->jitter_ms = s->peer.jitter * ms_per_unit;
	}
	st->have_peer_report = s->have_peer_report;
	st->peer_fraction_lost = s->peer_report.fraction_lost;
	st->peer_lost = s->peer_report.cumulative_lost;
	st->peer_jitter_ms = s->peer_report.jitter * ms_per_unit;
	st->rtt_ms = (double)s->rtt_us / 1000.0;
}
