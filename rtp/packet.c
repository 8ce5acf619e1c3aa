/* rtp/packet.c - RTP fixed header: RFC 3550 §5.1, §5.3.1, §12 and Appendix A.1.
 *
 * Byte layout (RFC 3550 §5.1, network byte order, §4):
 *   octet 0: V(2) P(1) X(1) CC(4)      octet 1: M(1) PT(7)
 *   octets 2-3: sequence number        octets 4-7: timestamp      octets 8-11: SSRC
 *   then CC x 4 octets of CSRC, then (if X) the extension, the payload, the padding.
 *
 * Leaves out: per-source sequence validation (source.c) and payload-type knowledge
 * (session.c).
 */
#include "rtp/packet.h"
#include "rtp/wire_internal.h"

#include <errno.h>
#include <string.h>

/* RFC3550 12: "the octet of the RTP header which contains the marker bit(s) and payload
 * type MUST avoid the reserved values 200 and 201 ... payload types 72 and 73 are
 * reserved." */
static bool pt_reserved(uint8_t pt)
{
	return pt == 72 || pt == 73;
}

size_t rtp_header_size(const struct rtp_header *hdr)
{
	size_t n = RTP_FIXED_HEADER_SIZE + 4u * hdr->csrc_count;

	if (hdr->extension)
		n += 4 + 4u * hdr->ext_words;
	return n;
}

/* Fixed header and CSRC list; *off gets the offset just after them. */
static int parse_fixed(const uint8_t *buf, size_t len, struct rtp_header *h, size_t *off,
		       struct rtp_parse_error *err)
{
	if (len < RTP_FIXED_HEADER_SIZE)
		return rtp_reject(err, len, "shorter than the 12-octet fixed header");
	/* RFC3550 A.1: "RTP version field must equal 2." */
	if (buf[0] >> 6 != RTP_VERSION)
		return rtp_reject(err, 0, "version field is not 2");
	h->extension = (buf[0] & 0x10) != 0;
	h->csrc_count = buf[0] & 0x0F;
	h->marker = (buf[1] & 0x80) != 0;
	h->payload_type = buf[1] & 0x7F;
	/* RFC3550 A.1: "The payload type must be known, and in particular it must not be
	 * equal to SR or RR." */
	if (pt_reserved(h->payload_type))
		return rtp_reject(err, 1, "payload type 72/73: an RTCP SR/RR, not RTP data");
	h->seq = rtp_get16(buf + 2);
	h->timestamp = rtp_get32(buf + 4);
	h->ssrc = rtp_get32(buf + 8);
	*off = RTP_FIXED_HEADER_SIZE;
	/* RFC3550 A.1: "The length of the packet must be consistent with CC". */
	if (len - *off < 4u * h->csrc_count)
		return rtp_reject(err, *off, "CSRC list (CC) runs past the end of the packet");
	for (unsigned i = 0; i < h->csrc_count; i++, *off += 4)
		h->csrc[i] = rtp_get32(buf + *off);
	return 0;
}

/* Header extension (RFC 3550 §5.3.1); advances *off past it. */
static int parse_extension(const uint8_t *buf, size_t len, size_t *off, struct rtp_header *h,
			   struct rtp_parse_error *err)
{
	if (!h->extension)
		return 0;
	if (len - *off < 4)
		return rtp_reject(err, *off, "header extension header runs past the end");
	h->ext_profile = rtp_get16(buf + *off);
	h->ext_words = rtp_get16(buf + *off + 2);
	*off += 4;
	/* RFC3550 A.1: "the extension length field must be less than the total packet
	 * size minus the fixed header length and padding." (padding is checked next) */
	if (len - *off < 4u * h->ext_words)
		return rtp_reject(err, *off - 2, "header extension length runs past the end");
	h->ext_data = buf + *off;
	*off += 4u * h->ext_words;
	return 0;
}

/* Padding (RFC 3550 §5.1 P bit): the count sits in the packet's last octet. */
static int parse_padding(const uint8_t *buf, size_t len, size_t off, struct rtp_packet *pkt,
			 struct rtp_parse_error *err)
{
	if (!(buf[0] & 0x20))
		return 0;
	/* RFC3550 A.1: "If the P bit is set, then the last octet of the packet must
	 * contain a valid octet count, in particular, less than the total packet
	 * length minus the header size."
	 * DEVIATION: a count equal to it (an empty payload) is accepted: padding-only
	 * packets are sent by bandwidth probes and are otherwise well formed. */
	if (len == off)
		return rtp_reject(err, len, "P bit set but no room for a padding count");
	size_t count = buf[len - 1];

	if (count == 0)
		return rtp_reject(err, len - 1, "padding count is 0 (it counts itself)");
	if (count > len - off)
		return rtp_reject(err, len - 1, "padding count larger than the payload");
	pkt->pad_len = count;
	return 0;
}

int rtp_packet_parse(const uint8_t *buf, size_t len, struct rtp_packet *pkt,
		     struct rtp_parse_error *err)
{
	size_t off = 0;

	memset(pkt, 0, sizeof(*pkt));
	if (parse_fixed(buf, len, &pkt->hdr, &off, err) != 0 ||
	    parse_extension(buf, len, &off, &pkt->hdr, err) != 0 ||
	    parse_padding(buf, len, off, pkt, err) != 0)
		return EBADMSG;
	pkt->payload = buf + off;
	pkt->payload_len = len - off - pkt->pad_len;
	return 0;
}

static bool header_valid(const struct rtp_packet *pkt)
{
	const struct rtp_header *h = &pkt->hdr;

	if (h->csrc_count > RTP_MAX_CSRC || h->payload_type > RTP_MAX_PT ||
	    pt_reserved(h->payload_type) || pkt->pad_len > 255)
		return false;
	if (h->extension && h->ext_words > 0 && h->ext_data == NULL)
		return false;
	return pkt->payload_len == 0 || pkt->payload != NULL;
}

int rtp_packet_build(const struct rtp_packet *pkt, uint8_t *out, size_t cap, size_t *out_len)
{
	const struct rtp_header *h = &pkt->hdr;

	if (!header_valid(pkt))
		return EINVAL;
	size_t hlen = rtp_header_size(h);
	size_t total = hlen + pkt->payload_len + pkt->pad_len;

	if (total > cap)
		return ENOBUFS;
	out[0] = (uint8_t)(RTP_VERSION << 6 | (pkt->pad_len > 0) << 5 | h->extension << 4 |
			   h->csrc_count);
	out[1] = (uint8_t)(h->marker << 7 | h->payload_type);
	rtp_put16(out + 2, h->seq);
	rtp_put32(out + 4, h->timestamp);
	rtp_put32(out + 8, h->ssrc);
	size_t off = RTP_FIXED_HEADER_SIZE;

	for (unsigned i = 0; i < h->csrc_count; i++, off += 4)
		rtp_put32(out + off, h->csrc[i]);
	if (h->extension) {
		rtp_put16(out + off, h->ext_profile);
		rtp_put16(out + off + 2, h->ext_words);
		if (h->ext_words > 0)
			memcpy(out + off + 4, h->ext_data, 4u * h->ext_words);
		off += 4 + 4u * h->ext_words;
	}
	if (pkt->payload_len > 0)
		memcpy(out + off, pkt->payload, pkt->payload_len);
	off += pkt->payload_len;
	/* RFC3550 5.1: "The last octet of the padding contains a count of how many padding
	 * octets should be ignored, including itself." (RFC3550 4: padding octets are 0) */
	if (pkt->pad_len > 0) {
		memset(out + off, 0, pkt->pad_len - 1);
		out[off + pkt->pad_len - 1] = (uint8_t)pkt->pad_len;
	}
	*out_len = total;
	return 0;
}
