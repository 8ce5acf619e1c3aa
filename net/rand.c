/* net/rand.c - xoshiro256** seeded by splitmix64 (see rand.h for why). */
#include "net/rand.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void net_rand_seed(struct net_rand *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

int net_rand_seed_os(struct net_rand *r)
{
	uint64_t seed = 0;
	FILE *f = fopen("/dev/urandom", "rb");

	if (f != NULL) {
		size_t got = fread(&seed, sizeof(seed), 1, f);

		fclose(f);
		if (got == 1) {
			net_rand_seed(r, seed);
			return 0;
		}
	}
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return errno;
	seed = (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec ^
	       ((uint64_t)getpid() << 32);
	net_rand_seed(r, seed);
	return 0;
}

uint64_t net_rand_u64(struct net_rand *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint32_t net_rand_u32(struct net_rand *r)
{
	return (uint32_t)(net_rand_u64(r) >> 32);
}

uint32_t net_rand_below(struct net_rand *r, uint32_t bound)
{
	if (bound == 0)
		return 0;
	/* Lemire's rejection: retry the few draws that would bias small values. */
	uint32_t threshold = (uint32_t)(-bound) % bound;

	for (;;) {
		uint32_t x = net_rand_u32(r);

		if (x >= threshold)
			return x % bound;
	}
}

void net_rand_token(struct net_rand *r, char *out, size_t len)
{
	static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";

	for (size_t i = 0; i < len; i++)
		out[i] = alphabet[net_rand_below(r, sizeof(alphabet) - 1)];
	out[len] = '\0';
}
