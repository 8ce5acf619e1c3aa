/* net/rand.h - the seedable random source every layer draws from.
 *
 * RFC 3261 §19.3 wants tags and Call-IDs that are "globally unique and
 * cryptographically random"; §8.1.1.7 wants branches unique in space and time;
 * RFC 3550 §5.1/§8 wants random SSRCs, sequence numbers and timestamps.  siplab draws
 * all of them from this generator so that a test that fixes the seed gets the very
 * same bytes every run (golden ladders), while a program seeds it from the OS.
 *
 * The generator is xoshiro256** (Blackman & Vigna), seeded through splitmix64.
 * DEVIATION: it is not a cryptographic generator.  It is unpredictable enough for a
 * teaching stack on loopback; a deployed stack would seed it per message from the OS.
 *
 * Leaves out: thread safety (each owner holds its own net_rand).
 */
#ifndef NET_RAND_H
#define NET_RAND_H

#include <stddef.h>
#include <stdint.h>

struct net_rand {
	uint64_t s[4];  /* xoshiro256** state; never all zero */
};

/* Deterministic seeding: the same seed gives the same sequence on every machine. */
void net_rand_seed(struct net_rand *r, uint64_t seed);

/* Seeds from the OS (/dev/urandom, falling back to the clock and pid).  Only programs
 * call this; tests use net_rand_seed.  Returns 0, or an errno if every source failed. */
int net_rand_seed_os(struct net_rand *r);

uint64_t net_rand_u64(struct net_rand *r);
uint32_t net_rand_u32(struct net_rand *r);

/* Uniform in [0, bound) without modulo bias; bound 0 returns 0. */
uint32_t net_rand_below(struct net_rand *r, uint32_t bound);

/* Writes `len` random characters from [0-9a-z] plus a terminating NUL into out
 * (which must hold len + 1 bytes).  Used for tags, branches and Call-IDs. */
void net_rand_token(struct net_rand *r, char *out, size_t len);

#endif
