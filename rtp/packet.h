/* rtp/packet.h - the RTP data packet: build and parse the fixed header.
 *
 * Implements RFC 3550 §5.1 (fixed header fields), §5.3.1 (header extension, carried
 * and skipped), §12 (payload types 72 and 73 reserved) and the header validity checks
 * of Appendix A.1: version 2, padding count inside the packet, CSRC list and header
 * extension inside the packet.  A rejected packet gets EBADMSG, the byte offset where
 * it went wrong and a reason a student can read.
 *
 * Leaves out: the sequence-number checks of A.1 (rtp/source.h keeps per-source state)
 * and "payload type must be known" (only the session knows which types it negotiated).
 */
#ifndef RTP_PACKET_H
#define RTP_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RTP_VERSION 2
#define RTP_FIXED_HEADER_SIZE 12  /* octets before the CSRC list */
#define RTP_MAX_CSRC 15           /* CC is 4 bits */
#define RTP_MAX_PT 127            /* PT is 7 bits */

struct rtp_header {
	bool extension;           /* X: a header extension follows the CSRC list */
	uint8_t csrc_count;       /* CC: 0..15 entries of csrc[] in use */
	bool marker;              /* M: profile-defined (RFC 3551: start of a talkspurt) */
	uint8_t payload_type;     /* PT: 0..127, never 72 or 73 */
	uint16_t seq;             /* sequence number, +1 per packet, wraps at 65536 */
	uint32_t timestamp;       /* sampling instant of the first octet, clock-rate units */
	uint32_t ssrc;            /* synchronization source */
	uint32_t csrc[RTP_MAX_CSRC]; /* contributing sources (inserted by mixers) */
	uint16_t ext_profile;     /* extension: the 16 bits "defined by profile" */
	uint16_t ext_words;       /* extension: length in 32-bit words after its 4-octet header */
	const uint8_t *ext_data;  /* extension: ext_words * 4 octets; a view, may be NULL if 0 */
};

struct rtp_packet {
	struct rtp_header hdr;
	const uint8_t *payload;   /* view into the parsed (or source) buffer */
	size_t payload_len;       /* octets, padding excluded */
	size_t pad_len;           /* padding octets including the count octet; 0: P bit clear */
};

/* Where and why a packet was rejected.  `reason` is a static string. */
struct rtp_parse_error {
	size_t offset;            /* byte offset of the offending field */
	const char *reason;
};

/* Parses `len` octets at `buf`.  On success returns 0 and fills `pkt`, whose payload and
 * extension pointers are views into `buf` (which must outlive them).  On failure returns
 * EBADMSG and fills `err` (which may be NULL).  Never reads outside buf[0..len). */
int rtp_packet_parse(const uint8_t *buf, size_t len, struct rtp_packet *pkt,
		     struct rtp_parse_error *err);

/* Writes `pkt` into out[0..cap): header, CSRCs, extension, payload, and pad_len octets of
 * padding (zeros, the last one holding the count) with the P bit set when pad_len > 0.
 * Returns 0 and the size in *out_len, EINVAL for a header the RFC forbids (CC > 15,
 * PT > 127 or 72/73, pad_len > 255, missing extension or payload data), or ENOBUFS. */
int rtp_packet_build(const struct rtp_packet *pkt, uint8_t *out, size_t cap, size_t *out_len);

/* Size in octets of the header that rtp_packet_build would write for `hdr`. */
size_t rtp_header_size(const struct rtp_header *hdr);

#endif
