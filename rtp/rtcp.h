/* rtp/rtcp.h - RTCP packets: SR, RR, SDES CNAME, BYE, compound packets.
 *
 * Implements RFC 3550 §6.1 (compound packets: a report first, then SDES with a CNAME),
 * §6.4.1 (SR), §6.4.2 (RR), §6.5 / §6.5.1 (SDES, CNAME), §6.6 (BYE), §4 (NTP timestamp
 * format) and the header validity checks of Appendix A.2.  Writing goes through a
 * writer with an overflow flag checked once at the end; parsing walks the compound packet
 * one RTCP packet at a time and returns views into the caller's buffer.
 *
 * Leaves out: APP (§6.7) and other types are skipped when parsing and never written;
 * SDES items other than CNAME are skipped; encryption (§9) and reduced-size RTCP
 * (RFC 5506: every compound packet here starts with SR or RR).
 */
#ifndef RTP_RTCP_H
#define RTP_RTCP_H

#include "rtp/packet.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 3550 §12.1 */
#define RTCP_SR 200
#define RTCP_RR 201
#define RTCP_SDES 202
#define RTCP_BYE 203
#define RTCP_APP 204

#define RTCP_SDES_END 0     /* §12.2: end of an SDES item list */
#define RTCP_SDES_CNAME 1
#define RTCP_MAX_COUNT 31   /* RC / SC are 5 bits */
#define RTCP_MAX_TEXT 255   /* an SDES item or BYE reason: 8-bit length */

/* §6.4.1: one reception report block, 24 octets on the wire. */
struct rtcp_report_block {
	uint32_t ssrc;            /* SSRC_n: the source this block reports on */
	uint8_t fraction_lost;    /* lost/expected since the last report, 8-bit fixed point */
	int32_t cumulative_lost;  /* 24-bit signed on the wire: -0x800000 .. 0x7FFFFF */
	uint32_t ext_highest_seq; /* cycles << 16 | highest sequence number */
	uint32_t jitter;          /* interarrival jitter, timestamp units */
	uint32_t lsr;             /* middle 32 bits of the last SR's NTP timestamp, or 0 */
	uint32_t dlsr;            /* delay since that SR, 1/65536 s, or 0 */
};

/* §6.4.1: the sender information section of an SR. */
struct rtcp_sender_info {
	uint64_t ntp;             /* NTP timestamp: 32.32 fixed point seconds */
	uint32_t rtp_ts;          /* the same instant in RTP timestamp units */
	uint32_t packet_count;    /* RTP data packets sent */
	uint32_t octet_count;     /* payload octets sent (no header, no padding) */
};

/* An SR (type RTCP_SR, `sender` used) or an RR (type RTCP_RR). */
struct rtcp_report {
	uint8_t type;             /* RTCP_SR or RTCP_RR */
	uint32_t ssrc;            /* SSRC of the packet sender */
	struct rtcp_sender_info sender; /* SR only */
	uint8_t count;            /* RC: blocks in use, 0..31 */
	struct rtcp_report_block blocks[RTCP_MAX_COUNT];
};

/* Output into a caller-owned buffer; any write that does not fit sets `overflow`. */
struct rtcp_writer {
	uint8_t *buf;             /* caller-owned */
	size_t cap;               /* octets available */
	size_t len;               /* octets written so far */
	bool overflow;            /* a write did not fit: finish returns ENOBUFS */
	bool invalid;             /* a write had bad arguments: finish returns EINVAL */
};

void rtcp_writer_init(struct rtcp_writer *w, uint8_t *buf, size_t cap);
/* An SR or RR with its report blocks (§6.4.1, §6.4.2). */
void rtcp_write_report(struct rtcp_writer *w, const struct rtcp_report *r);
/* An SDES packet with one chunk holding one CNAME item (§6.5, §6.5.1). */
void rtcp_write_sdes_cname(struct rtcp_writer *w, uint32_t ssrc, const char *cname);
/* A BYE for `n` sources (0..31), with an optional reason (NULL: none) (§6.6). */
void rtcp_write_bye(struct rtcp_writer *w, const uint32_t *ssrc, unsigned n, const char *reason);
/* 0 and the total length, ENOBUFS if anything overflowed, EINVAL for bad arguments. */
int rtcp_writer_finish(const struct rtcp_writer *w, size_t *len);

/* One RTCP packet inside a compound packet: a view. */
struct rtcp_packet_view {
	uint8_t type;             /* PT: RTCP_SR, RTCP_RR, ... */
	uint8_t count;            /* RC or SC (5 bits) */
	bool padding;             /* P bit */
	const uint8_t *body;      /* after the 4-octet common header; padding removed */
	size_t body_len;          /* octets */
	size_t offset;            /* offset of this packet in the compound packet */
};

/* Appendix A.2 on a whole compound packet: version 2 everywhere, SR or RR first, no
 * padding before the last packet, lengths adding up exactly.  0 or EBADMSG (+ err). */
int rtcp_compound_check(const uint8_t *buf, size_t len, struct rtp_parse_error *err);

/* Walks a compound packet that passed rtcp_compound_check. */
struct rtcp_iter {
	const uint8_t *buf;       /* the compound packet, borrowed */
	size_t len;
	size_t off;               /* next packet's offset */
};
void rtcp_iter_init(struct rtcp_iter *it, const uint8_t *buf, size_t len);
/* Fills *p and returns true, or returns false at the end (or on a malformed packet). */
bool rtcp_iter_next(struct rtcp_iter *it, struct rtcp_packet_view *p);

int rtcp_parse_report(const struct rtcp_packet_view *p, struct rtcp_report *r,
		      struct rtp_parse_error *err);

struct rtcp_sdes_chunk {
	uint32_t ssrc;            /* SSRC/CSRC the items describe */
	const uint8_t *cname;     /* view into the packet, NOT NUL-terminated; NULL if absent */
	uint8_t cname_len;        /* octets */
};
struct rtcp_sdes {
	unsigned count;           /* chunks in use */
	struct rtcp_sdes_chunk chunk[RTCP_MAX_COUNT];
};
int rtcp_parse_sdes(const struct rtcp_packet_view *p, struct rtcp_sdes *s,
		    struct rtp_parse_error *err);

struct rtcp_bye {
	unsigned count;           /* sources leaving */
	uint32_t ssrc[RTCP_MAX_COUNT];
	const uint8_t *reason;    /* view, NOT NUL-terminated; NULL if absent */
	uint8_t reason_len;
};
int rtcp_parse_bye(const struct rtcp_packet_view *p, struct rtcp_bye *b,
		   struct rtp_parse_error *err);

/* §4 time formats.  `us` is any microsecond clock (the caller's); the NTP value is
 * relative to that clock's zero unless the caller adds the 1900 epoch. */
uint64_t rtcp_ntp_from_us(uint64_t us);
uint32_t rtcp_ntp_middle(uint64_t ntp);      /* the compact 16.16 form used by LSR */
uint32_t rtcp_dlsr_from_us(uint64_t delay_us); /* 1/65536 s units */
/* §6.4.1 Figure 2: round trip = A - LSR - DLSR, all 16.16 seconds; result in µs.
 * Returns 0 when LSR is 0 (no SR received by the peer yet). */
uint64_t rtcp_rtt_us(uint32_t arrival_middle, uint32_t lsr, uint32_t dlsr);

#endif
