/* sip/sha256.h - the SHA-256 hash (FIPS 180-4 §6.2), written out for reading.
 *
 * RFC 7616 §3.3 adds "SHA-256" and "SHA-256-sess" to the Digest algorithms, with
 * H(data) = SHA-256(data) as 64 lowercase hex digits.  RFC 8760 brings them to SIP.
 * Same API shape as sip/md5.h, so the digest code can switch between the two.
 *
 * Leaves out: SHA-224/384/512 and SHA-512/256 (RFC 7616 §3.9.2), HMAC.
 */
#ifndef SIP_SHA256_H
#define SIP_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SIP_SHA256_SIZE 32      /* bytes in a digest */
#define SIP_SHA256_HEX_SIZE 65  /* 64 lowercase hex digits + NUL */
#define SIP_SHA256_BLOCK 64     /* bytes per compression step */

struct sip_sha256 {
	uint32_t state[8];                /* H0..H7 (FIPS 180-4 §6.2.2) */
	uint64_t bytes;                   /* message length so far, in bytes */
	uint8_t block[SIP_SHA256_BLOCK];  /* the partial block not yet compressed */
};

void sip_sha256_init(struct sip_sha256 *s);

/* Feeds `len` bytes; any split of a message into updates gives the same digest. */
void sip_sha256_update(struct sip_sha256 *s, const void *data, size_t len);

/* Pads (FIPS 180-4 §5.1.1), writes the digest and wipes the context. */
void sip_sha256_final(struct sip_sha256 *s, uint8_t out[SIP_SHA256_SIZE]);

/* One shot: the digest of `len` bytes at `data`. */
void sip_sha256(const void *data, size_t len, uint8_t out[SIP_SHA256_SIZE]);

/* One shot, as the 64 lowercase hex digits Digest authentication uses. */
void sip_sha256_hex(const void *data, size_t len, char out[SIP_SHA256_HEX_SIZE]);

/* A digest as 64 lowercase hex digits and a NUL (RFC 7616 §3.2). */
void sip_sha256_to_hex(const uint8_t digest[SIP_SHA256_SIZE], char out[SIP_SHA256_HEX_SIZE]);

#endif
