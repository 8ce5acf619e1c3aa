/* rtp/session.h - one RTP session of a two-party G.711 call: send, receive, report.
 *
 * Implements, for one local sender and one remote peer:
 *  - RFC 3550 §5.1: random SSRC, initial sequence number and timestamp (drawn from the
 *    caller's seedable net_rand), sequence +1 per packet, timestamp + samples per packet
 *    whether the audio is sent or suppressed as silence;
 *  - RFC 3551 §4.1, §4.2, §4.5.14, §6: PCMU (PT 0) / PCMA (PT 8) at 8000 Hz, 20 ms
 *    (160 samples) per packet, marker bit on the first packet after silence;
 *  - RFC 3550 §5.1 "A receiver MUST ignore packets with payload types that it does not
 *    understand", A.1 / A.3 / A.8 receive statistics of the peer (rtp/source.h);
 *  - RFC 3550 §6.1, §6.4: compound RTCP (SR if we sent since the second-last report,
 *    else RR; then SDES CNAME; BYE at the end of the call), report blocks from the
 *    statistics, LSR/DLSR, and the round-trip time from the peer's reports;
 *  - RFC 3550 §6.3 / A.7: when the next RTCP packet is due (rtp/rtcp_interval.h).
 *
 * The session never touches a socket or a clock: the caller passes every time (µs on
 * its own clock) and sends the bytes it gets back (RTP to the peer's RTP port, RTCP to
 * RTP port + 1, RFC 3550 §11).
 *
 * Leaves out: multiparty (one peer SSRC; a second SSRC replaces the first only after
 * it passes A.1 probation), SSRC collision and loop detection (§8.2), CSRC handling.
 */
#ifndef RTP_SESSION_H
#define RTP_SESSION_H

#include "net/log.h"
#include "net/rand.h"
#include "rtp/g711.h"
#include "rtp/packet.h"
#include "rtp/rtcp.h"
#include "rtp/rtcp_interval.h"
#include "rtp/source.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RTP_G711_CLOCK_RATE 8000     /* Hz, RFC 3551 §6 Table 4 */
#define RTP_SAMPLES_PER_PACKET 160   /* 20 ms at 8 kHz, RFC 3551 §4.2 */
#define RTP_MAX_SAMPLES_PER_PACKET 1600 /* 200 ms: RFC 3551 §4.2 "between 0 and 200 ms" */
#define RTP_IP_UDP_OVERHEAD 28       /* IPv4 20 + UDP 8: counted in RTCP sizes (§6.2) */

struct rtp_session_config {
	enum rtp_g711_law law;        /* PCMU (PT 0) or PCMA (PT 8) */
	int telephone_event_pt;       /* RFC 4733 dynamic PT 96..127, or -1 for none */
	uint32_t samples_per_packet;  /* 160 = 20 ms */
	double session_bw;            /* octets/s of RTP incl. IP/UDP (§6.2), 5 % for RTCP */
	double rtcp_min_interval;     /* s: RTCP_MIN_INTERVAL or smaller (see rtcp_interval.h) */
	char cname[RTCP_MAX_TEXT + 1];/* SDES CNAME, e.g. "alice@127.0.0.1" */
	const struct net_log *log;    /* borrowed, may be NULL: warnings about bad input */
};

/* G.711 defaults: 20 ms packets, 80 kbit/s session bandwidth (64 kbit/s of audio + 40
 * octets of IP/UDP/RTP headers per packet), the RFC's 5 s minimum RTCP interval. */
void rtp_session_config_default(struct rtp_session_config *cfg, enum rtp_g711_law law,
				const char *cname);

struct rtp_session {
	struct rtp_session_config cfg;
	struct net_rand *rand;        /* borrowed: SSRC, initial seq/ts, RTCP intervals */
	uint8_t payload_type;         /* 0 or 8, from cfg.law */
	/* sender (§5.1, §6.4.1 sender info) */
	uint32_t ssrc;                /* ours */
	uint16_t seq;                 /* next sequence number */
	uint32_t ts;                  /* timestamp of the next audio packet */
	bool marker_next;             /* next audio packet starts a talkspurt */
	uint32_t packets_sent;        /* SR sender's packet count */
	uint32_t octets_sent;         /* SR sender's octet count (payload only) */
	uint64_t last_send_us;        /* caller's clock at the last audio packet */
	uint32_t last_send_ts;        /* its timestamp */
	uint32_t packets_at_report[2];/* packets_sent at the last and second-last report */
	/* receiver */
	bool have_peer;               /* `peer` holds a source */
	struct rtp_source peer;       /* the remote sender's statistics */
	bool have_candidate;          /* another SSRC is on probation */
	struct rtp_source candidate;
	uint32_t rx_malformed;        /* RTP packets failing A.1 header checks */
	uint32_t rx_unknown_pt;       /* RTP packets with a payload type we did not agree on */
	bool have_rtcp_peer;          /* an SR/RR has arrived */
	uint32_t rtcp_peer_ssrc;      /* its sender: the peer, even if it sends no RTP */
	char peer_cname[RTCP_MAX_TEXT + 1]; /* from the peer's SDES, "" until known */
	bool peer_left;               /* the peer sent an RTCP BYE */
	/* what the peer reports about our stream */
	bool have_peer_report;
	struct rtcp_report_block peer_report; /* the block whose SSRC_n is ours */
	uint64_t rtt_us;              /* §6.4.1 A - LSR - DLSR, 0 until known */
	/* RTCP */
	struct rtcp_timer timer;      /* §6.3 state */
	uint32_t rtcp_sent, rtcp_received, rtcp_malformed;
};

/* Starts a session at `now_us`.  `rand` must outlive the session.  0 or EINVAL. */
int rtp_session_init(struct rtp_session *s, const struct rtp_session_config *cfg,
		     struct net_rand *rand, uint64_t now_us);

/* ---- sending ---- */

/* Encodes `n` samples (1..1600) with G.711 and writes one RTP packet into out: the
 * current sequence number and timestamp, then seq += 1 and ts += n.  `now_us` is when
 * the first sample was captured.  0, EINVAL or ENOBUFS. */
int rtp_session_send_audio(struct rtp_session *s, const int16_t *pcm, size_t n,
			   uint64_t now_us, uint8_t *out, size_t cap, size_t *len);

/* Silence suppression: `samples` of audio were not sent.  RFC3550 5.1: the timestamp
 * is "increased by 160 for each such block, regardless of whether the block is
 * transmitted in a packet or dropped as silent"; the next packet gets the marker. */
void rtp_session_skip(struct rtp_session *s, uint32_t samples);

/* Any other payload (RFC 4733 events): the next sequence number, the caller's
 * timestamp and marker, the session's SSRC.  Does not advance the audio timestamp. */
int rtp_session_send_payload(struct rtp_session *s, uint8_t pt, bool marker, uint32_t ts,
			     const uint8_t *payload, size_t payload_len, uint8_t *out,
			     size_t cap, size_t *len);

/* ---- receiving ---- */

/* One datagram from the peer's RTP port, arrived at `arrival_us`.  Returns 0 when the
 * packet is valid and should go on to the jitter buffer (*pkt holds views into buf,
 * *verdict says in-order, reordered, duplicate or restarted); EBADMSG if malformed
 * (A.1 header checks); EPROTO for a payload type we did not negotiate; EAGAIN when A.1
 * holds it back (probation of a new source, or a large jump not yet confirmed). */
int rtp_session_on_rtp(struct rtp_session *s, const uint8_t *buf, size_t len,
		       uint64_t arrival_us, struct rtp_packet *pkt, enum rtp_seq_verdict *verdict);

/* One datagram from the peer's RTCP port.  0 or EBADMSG (A.2). */
int rtp_session_on_rtcp(struct rtp_session *s, const uint8_t *buf, size_t len,
			uint64_t arrival_us);

/* ---- RTCP ---- */

/* When the next compound RTCP packet is due (µs, caller's clock). */
uint64_t rtp_session_rtcp_due(const struct rtp_session *s);

/* Call at or after the due time: writes a compound packet into out and sets *len, or
 * sets *len = 0 when reconsideration (§6.3.6) moved the due time later.  0 or ENOBUFS. */
int rtp_session_rtcp_poll(struct rtp_session *s, uint64_t now_us, uint8_t *out, size_t cap,
			  size_t *len);

/* Builds a compound packet now: SR or RR, SDES CNAME, and a BYE (with an optional
 * reason) when `bye` is set.  Counts as a transmission for the interval.  0, ENOBUFS. */
int rtp_session_rtcp_build(struct rtp_session *s, uint64_t now_us, bool bye,
			   const char *reason, uint8_t *out, size_t cap, size_t *len);

/* ---- statistics, for the demos' summary ---- */

struct rtp_session_stats {
	uint32_t packets_sent, octets_sent, rtcp_sent, rtcp_received;
	uint32_t received;            /* A.1 count, incl. late and duplicates */
	uint32_t expected;            /* A.3 */
	int32_t lost;                 /* A.3, may be negative with duplicates */
	uint32_t duplicates, reordered, dropped, malformed, unknown_pt;
	double jitter_ms;             /* A.8 estimate converted from timestamp units */
	bool have_peer_report;        /* the peer reported on our stream */
	uint8_t peer_fraction_lost;   /* what it said: /256 */
	int32_t peer_lost;
	double peer_jitter_ms;
	double rtt_ms;
};
void rtp_session_get_stats(const struct rtp_session *s, struct rtp_session_stats *st);

#endif
