/* rtp/wire_internal.h - network byte order and the parse-error note, shared by the
 * RTP, RTCP and telephone-event code (packet.c, rtcp.c, dtmf.c); not public API.
 *
 * RFC3550 4: "All integer fields are carried in network byte order, that is, most
 * significant byte (octet) first."  Written out byte by byte, so the code reads the
 * same on any host and never makes an unaligned load.
 *
 * Leaves out: little-endian fields (only WAV files have them: wav.c).
 */
#ifndef RTP_WIRE_INTERNAL_H
#define RTP_WIRE_INTERNAL_H

#include "rtp/packet.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

static inline uint16_t rtp_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t rtp_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void rtp_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void rtp_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Notes where and why a packet was refused (when the caller asked), returns EBADMSG. */
static inline int rtp_reject(struct rtp_parse_error *err, size_t offset, const char *reason)
{
	if (err != NULL) {
		err->offset = offset;
		err->reason = reason;
	}
	return EBADMSG;
}

#endif
