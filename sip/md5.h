/* sip/md5.h - the MD5 message digest (RFC 1321), written out for reading.
 *
 * RFC 3261 §22.4 makes Digest authentication with MD5 the one scheme every SIP
 * element speaks, and RFC 2617 §3.2.1 defines H(data) = MD5(data) as 32 lowercase
 * hex digits.  siplab links no crypto library, so the algorithm lives here.
 *
 * MD5 is broken for collision resistance; Digest only relies on it being hard to
 * invert, and a teaching stack needs the algorithm the field still uses.
 *
 * Usage, streaming:               or one shot:
 *     struct sip_md5 m;               char hex[SIP_MD5_HEX_SIZE];
 *     sip_md5_init(&m);               sip_md5_hex("abc", 3, hex);
 *     sip_md5_update(&m, p, n);       // hex == "900150983cd24fb0d6963f7d28e17f72"
 *     sip_md5_final(&m, digest);
 *
 * Leaves out: HMAC, incremental hex output.
 */
#ifndef SIP_MD5_H
#define SIP_MD5_H

#include <stddef.h>
#include <stdint.h>

#define SIP_MD5_SIZE 16      /* bytes in a digest */
#define SIP_MD5_HEX_SIZE 33  /* 32 lowercase hex digits + NUL */
#define SIP_MD5_BLOCK 64     /* bytes per compression step */

struct sip_md5 {
	uint32_t state[4];             /* A, B, C, D (RFC 1321 §3.3) */
	uint64_t bytes;                /* message length so far, in bytes */
	uint8_t block[SIP_MD5_BLOCK];  /* the partial block not yet compressed */
};

void sip_md5_init(struct sip_md5 *m);

/* Feeds `len` bytes; any split of a message into updates gives the same digest. */
void sip_md5_update(struct sip_md5 *m, const void *data, size_t len);

/* Pads (RFC 1321 §3.1, §3.2), writes the digest and wipes the context. */
void sip_md5_final(struct sip_md5 *m, uint8_t out[SIP_MD5_SIZE]);

/* One shot: the digest of `len` bytes at `data`. */
void sip_md5(const void *data, size_t len, uint8_t out[SIP_MD5_SIZE]);

/* One shot, as the 32 lowercase hex digits Digest authentication uses. */
void sip_md5_hex(const void *data, size_t len, char out[SIP_MD5_HEX_SIZE]);

/* A digest as 32 lowercase hex digits and a NUL (RFC 2617 §3.1.3). */
void sip_md5_to_hex(const uint8_t digest[SIP_MD5_SIZE], char out[SIP_MD5_HEX_SIZE]);

#endif
