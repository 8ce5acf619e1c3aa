/* sip/sha256.c - SHA-256 (FIPS 180-4 §4.1.2, §4.2.2, §5.1.1, §6.2).
 *
 * Read it next to FIPS 180-4: the message is padded with a 1 bit, zeros and the
 * 64-bit big-endian bit length to a multiple of 512 bits (§5.1.1); each block is
 * expanded into a 64-word schedule W (§6.2.2 step 1) and mixed into the eight
 * working variables a..h by 64 rounds (step 3).  Words are big-endian, the
 * opposite of MD5.  RFC 6234 §6.2 restates the same algorithm.
 *
 * Leaves out: the other SHA-2 variants and bit-granular (non-byte) messages.
 */
#include "sip/sha256.h"

#include <string.h>

/* FIPS 180-4 §4.2.2: "These words represent the first thirty-two bits of the
 * fractional parts of the cube roots of the first sixty-four prime numbers." */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static uint32_t rotr32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

/* FIPS 180-4 §4.1.2, the six logical functions (4.2)-(4.7). */
static uint32_t ch(uint32_t x, uint32_t y, uint32_t z) { return (x & y) ^ (~x & z); }
static uint32_t maj(uint32_t x, uint32_t y, uint32_t z) { return (x & y) ^ (x & z) ^ (y & z); }
static uint32_t big_sigma0(uint32_t x) { return rotr32(x, 2) ^ rotr32(x, 13) ^ rotr32(x, 22); }
static uint32_t big_sigma1(uint32_t x) { return rotr32(x, 6) ^ rotr32(x, 11) ^ rotr32(x, 25); }
static uint32_t small_sigma0(uint32_t x) { return rotr32(x, 7) ^ rotr32(x, 18) ^ (x >> 3); }
static uint32_t small_sigma1(uint32_t x) { return rotr32(x, 17) ^ rotr32(x, 19) ^ (x >> 10); }

/* §6.2.2 step 1: prepare the message schedule W0..W63. */
static void sha256_schedule(uint32_t w[64], const uint8_t block[SIP_SHA256_BLOCK])
{
	for (unsigned t = 0; t < 16; t++)
		w[t] = (uint32_t)block[4 * t] << 24 | (uint32_t)block[4 * t + 1] << 16 |
		       (uint32_t)block[4 * t + 2] << 8 | (uint32_t)block[4 * t + 3];
	for (unsigned t = 16; t < 64; t++)
		w[t] = small_sigma1(w[t - 2]) + w[t - 7] + small_sigma0(w[t - 15]) + w[t - 16];
}

/* §6.2.2 steps 2-4 for one 512-bit block, with the variable names of the standard. */
static void sha256_compress(uint32_t state[8], const uint8_t block[SIP_SHA256_BLOCK])
{
	uint32_t w[64];

	sha256_schedule(w, block);
	/* step 2: "Initialize the eight working variables" with the previous hash value */
	uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
	uint32_t e = state[4], f = state[5], g = state[6], h = state[7];

	for (unsigned t = 0; t < 64; t++) {
		/* step 3 */
		uint32_t t1 = h + big_sigma1(e) + ch(e, f, g) + sha256_k[t] + w[t];
		uint32_t t2 = big_sigma0(a) + maj(a, b, c);

		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	/* step 4: "Compute the ith intermediate hash value H(i)" */
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
	state[5] += f;
	state[6] += g;
	state[7] += h;
}

void sip_sha256_init(struct sip_sha256 *s)
{
	/* FIPS 180-4 §5.3.3: "the first thirty-two bits of the fractional parts of
	 * the square roots of the first eight prime numbers." */
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->state, h0, sizeof h0);
	s->bytes = 0;
	memset(s->block, 0, sizeof s->block);
}

void sip_sha256_update(struct sip_sha256 *s, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t used = (size_t)(s->bytes % SIP_SHA256_BLOCK);

	s->bytes += len;
	while (len > 0) {
		size_t take = SIP_SHA256_BLOCK - used;

		if (take > len)
			take = len;
		memcpy(s->block + used, p, take);
		used += take;
		p += take;
		len -= take;
		if (used == SIP_SHA256_BLOCK) {
			sha256_compress(s->state, s->block);
			used = 0;
		}
	}
}

void sip_sha256_final(struct sip_sha256 *s, uint8_t out[SIP_SHA256_SIZE])
{
	uint64_t bits = s->bytes * 8;
	size_t used = (size_t)(s->bytes % SIP_SHA256_BLOCK);
	/* FIPS 180-4 §5.1.1: "Append the bit "1" to the end of the message, followed by
	 * k zero bits, where k is the smallest, non-negative solution to the equation
	 * l + 1 + k = 448 mod 512.  Then append the 64-bit block that is equal to the
	 * number l expressed using a binary representation." (big-endian) */
	size_t pad = (used < 56) ? 56 - used : 120 - used;
	uint8_t tail[SIP_SHA256_BLOCK + 8] = { 0x80 };

	for (unsigned i = 0; i < 8; i++)
		tail[pad + i] = (uint8_t)(bits >> (56 - 8 * i));
	sip_sha256_update(s, tail, pad + 8);
	for (unsigned i = 0; i < SIP_SHA256_SIZE; i++)
		out[i] = (uint8_t)(s->state[i / 4] >> (24 - 8 * (i % 4)));
	memset(s, 0, sizeof *s);
}

void sip_sha256(const void *data, size_t len, uint8_t out[SIP_SHA256_SIZE])
{
	struct sip_sha256 s;

	sip_sha256_init(&s);
	sip_sha256_update(&s, data, len);
	sip_sha256_final(&s, out);
}

void sip_sha256_to_hex(const uint8_t digest[SIP_SHA256_SIZE], char out[SIP_SHA256_HEX_SIZE])
{
	static const char hex[] = "0123456789abcdef";

	for (unsigned i = 0; i < SIP_SHA256_SIZE; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 0x0f];
	}
	out[2 * SIP_SHA256_SIZE] = '\0';
}

void sip_sha256_hex(const void *data, size_t len, char out[SIP_SHA256_HEX_SIZE])
{
	uint8_t d[SIP_SHA256_SIZE];

	sip_sha256(data, len, d);
	sip_sha256_to_hex(d, out);
}
