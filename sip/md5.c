/* sip/md5.c - MD5 (RFC 1321 §3), one compression function and a streaming wrapper.
 *
 * Read it next to RFC 1321 §3.1-§3.5: the message is padded to 448 mod 512 bits
 * (§3.1), the 64-bit length is appended little-endian (§3.2), four 32-bit words
 * A B C D start at fixed values (§3.3), and every 64-byte block goes through four
 * rounds of sixteen steps (§3.4).  The rounds are written as one loop over a table
 * instead of the RFC's 64 macro lines: step i uses function F, G, H or I, message
 * word X[k], constant T[i] and rotation s, exactly as §3.4 lists them.
 *
 * Words are assembled byte by byte, so the code is the same on big-endian hosts.
 *
 * Leaves out: the RFC's reference code layout (MD5Init/MD5Update/MD5Final with the
 * Encode/Decode helpers and 64 FF/GG/HH/II macro lines).
 */
#include "sip/md5.h"

#include <string.h>

/* RFC1321 3.4: "T[i] denotes the i-th element of the table, which is equal to the
 * integer part of 4294967296 times abs(sin(i)), where i is in radians." */
static const uint32_t md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
	0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
	0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
	0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
	0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
	0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
	0xeb86d391,
};

/* The rotation amounts of §3.4, four per round, repeated over the round's 16 steps. */
static const uint8_t md5_s[4][4] = {
	{ 7, 12, 17, 22 }, { 5, 9, 14, 20 }, { 4, 11, 16, 23 }, { 6, 10, 15, 21 },
};

static uint32_t rotl32(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

/* RFC1321 3.4: the four auxiliary functions, each taking three words to one. */
static uint32_t md5_f(uint32_t x, uint32_t y, uint32_t z) { return (x & y) | (~x & z); }
static uint32_t md5_g(uint32_t x, uint32_t y, uint32_t z) { return (x & z) | (y & ~z); }
static uint32_t md5_h(uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; }
static uint32_t md5_i(uint32_t x, uint32_t y, uint32_t z) { return y ^ (x | ~z); }

/* One 64-byte block: §3.4 "Process Message in 16-Word Blocks". */
static void md5_compress(uint32_t state[4], const uint8_t block[SIP_MD5_BLOCK])
{
	uint32_t x[16];

	/* RFC1321 2: "a sequence of bytes can be interpreted as a sequence of 32-bit
	 * words, where each consecutive group of four bytes is interpreted as a word
	 * with the low-order (least significant) byte given first." */
	for (unsigned k = 0; k < 16; k++)
		x[k] = (uint32_t)block[4 * k] | (uint32_t)block[4 * k + 1] << 8 |
		       (uint32_t)block[4 * k + 2] << 16 | (uint32_t)block[4 * k + 3] << 24;

	uint32_t a = state[0], b = state[1], c = state[2], d = state[3];

	for (unsigned i = 0; i < 64; i++) {
		/* Round 1 uses F and reads X[0..15] in order; round 2 G, X[(5i+1) mod 16];
		 * round 3 H, X[(3i+5) mod 16]; round 4 I, X[7i mod 16] (§3.4). */
		uint32_t f;
		unsigned k;

		if (i < 16) {
			f = md5_f(b, c, d);
			k = i;
		} else if (i < 32) {
			f = md5_g(b, c, d);
			k = (5 * i + 1) % 16;
		} else if (i < 48) {
			f = md5_h(b, c, d);
			k = (3 * i + 5) % 16;
		} else {
			f = md5_i(b, c, d);
			k = (7 * i) % 16;
		}
		/* [abcd k s i]: a = b + ((a + F(b,c,d) + X[k] + T[i]) <<< s), then the
		 * four registers rotate one place so the next step writes d. */
		uint32_t next = b + rotl32(a + f + x[k] + md5_t[i], md5_s[i / 16][i % 4]);

		a = d;
		d = c;
		c = b;
		b = next;
	}
	/* "Then perform the following additions. (That is increment each of the four
	 * registers by the value it had before this block was started.)" */
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
}

void sip_md5_init(struct sip_md5 *m)
{
	/* RFC1321 3.3: "word A: 01 23 45 67 ... (low-order bytes first)" */
	m->state[0] = 0x67452301;
	m->state[1] = 0xefcdab89;
	m->state[2] = 0x98badcfe;
	m->state[3] = 0x10325476;
	m->bytes = 0;
	memset(m->block, 0, sizeof m->block);
}

void sip_md5_update(struct sip_md5 *m, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t used = (size_t)(m->bytes % SIP_MD5_BLOCK);

	m->bytes += len;
	while (len > 0) {
		size_t take = SIP_MD5_BLOCK - used;

		if (take > len)
			take = len;
		memcpy(m->block + used, p, take);
		used += take;
		p += take;
		len -= take;
		if (used == SIP_MD5_BLOCK) {
			md5_compress(m->state, m->block);
			used = 0;
		}
	}
}

void sip_md5_final(struct sip_md5 *m, uint8_t out[SIP_MD5_SIZE])
{
	uint64_t bits = m->bytes * 8;
	size_t used = (size_t)(m->bytes % SIP_MD5_BLOCK);
	/* RFC1321 3.1: "a single "1" bit is appended to the message, and then "0"
	 * bits are appended so that the length in bits of the padded message becomes
	 * congruent to 448, modulo 512." */
	size_t pad = (used < 56) ? 56 - used : 120 - used;
	uint8_t tail[SIP_MD5_BLOCK + 8] = { 0x80 };

	/* RFC1321 3.2: "A 64-bit representation of b ... is appended ... (these bits
	 * are appended as two 32-bit words and appended low-order word first" */
	for (unsigned i = 0; i < 8; i++)
		tail[pad + i] = (uint8_t)(bits >> (8 * i));
	sip_md5_update(m, tail, pad + 8);
	/* RFC1321 3.5: "The message digest produced as output is A, B, C, D. That is,
	 * we begin with the low-order byte of A, and end with the high-order byte of D." */
	for (unsigned i = 0; i < 16; i++)
		out[i] = (uint8_t)(m->state[i / 4] >> (8 * (i % 4)));
	memset(m, 0, sizeof *m);
}

void sip_md5(const void *data, size_t len, uint8_t out[SIP_MD5_SIZE])
{
	struct sip_md5 m;

	sip_md5_init(&m);
	sip_md5_update(&m, data, len);
	sip_md5_final(&m, out);
}

void sip_md5_to_hex(const uint8_t digest[SIP_MD5_SIZE], char out[SIP_MD5_HEX_SIZE])
{
	static const char hex[] = "0123456789abcdef";

	for (unsigned i = 0; i < SIP_MD5_SIZE; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 0x0f];
	}
	out[2 * SIP_MD5_SIZE] = '\0';
}

void sip_md5_hex(const void *data, size_t len, char out[SIP_MD5_HEX_SIZE])
{
	uint8_t d[SIP_MD5_SIZE];

	sip_md5(data, len, d);
	sip_md5_to_hex(d, out);
}
