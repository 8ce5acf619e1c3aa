/* sip/digest_server.h - the challenging side of Digest: nonces and verification
 * (RFC 3261 §22.1-§22.4, RFC 2617 §3.2.1, §3.3, §4.3, §4.5).
 *
 * A registrar or proxy keeps one struct sip_digest_server per realm.  When a request
 * has no usable credentials it calls sip_digest_server_challenge() and puts the value
 * in WWW-Authenticate (401) or Proxy-Authenticate (407).  When a request carries
 * credentials it calls sip_digest_server_check() and maps the verdict to a response
 * with sip_digest_verdict_status().
 *
 * Replay protection: every nonce we hand out is remembered with its issue time and
 * the highest nonce count accepted with it.  A nonce is accepted only while younger
 * than the lifetime, and each request must carry a larger nc than the one before it,
 * so a captured request cannot be played again.  The store holds
 * SIP_DIGEST_SERVER_NONCES entries; when it is full the oldest nonce is forgotten
 * (its client gets a stale=TRUE re-challenge and simply retries).
 *
 * Time is an input: `now_us` is the caller's virtual clock in microseconds.
 *
 * DEVIATION: qop=auth-int is not offered by the server (it would need the body at
 * verification time); the client side supports it.
 * DEVIATION: for -sess algorithms the session key uses the cnonce of the request being
 * checked, not the first cnonce of the session (RFC 2617 §3.2.2.2); our client reuses
 * one cnonce per nonce so both readings agree.
 *
 * Leaves out: the Request-URI / uri= comparison (RFC 3261 §22.4 item 6: "it is not
 * necessarily a failure if the two fields are not equivalent" - the proxy may do it),
 * Authentication-Info / nextnonce, persistence across restarts.
 */
#ifndef SIP_DIGEST_SERVER_H
#define SIP_DIGEST_SERVER_H

#include "net/log.h"
#include "sip/digest.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct net_rand;

#define SIP_DIGEST_SERVER_NONCES 64  /* nonces remembered at once, per server */
#define SIP_DIGEST_NONCE_LIFETIME_US (300ull * 1000000)  /* default lifetime: 300 s */
#define SIP_DIGEST_NONCE_LEN 48      /* 16 hex digits of issue time + 32 random */

/* Looks up the password of `username` in `realm`.  Writes it NUL-terminated into
 * `password` (`size` bytes) and returns 0, or returns ENOENT for an unknown user (any
 * non-zero value counts as unknown). */
typedef int (*sip_digest_password_cb)(void *arg, const char *realm, const char *username,
				      char *password, size_t size);

/* What the check found; each case has its own answer (sip_digest_verdict_status). */
enum sip_digest_verdict {
	SIP_DIGEST_OK,            /* authenticated: process the request */
	SIP_DIGEST_MALFORMED,     /* bad syntax, missing directive, algorithm or qop we did
				   * not offer, opaque changed: 400 (RFC 2617 §3.2.2) */
	SIP_DIGEST_WRONG_REALM,   /* credentials for another realm: 403 */
	SIP_DIGEST_UNKNOWN_USER,  /* no such user in our realm: 403 (RFC 3261 §22.1) */
	SIP_DIGEST_BAD_RESPONSE,  /* wrong password: re-challenge, stale=FALSE */
	SIP_DIGEST_STALE,         /* right password, expired or unknown nonce: re-challenge
				   * with stale=TRUE (RFC 2617 §3.2.1) */
	SIP_DIGEST_REPLAY         /* right password, nc not above the last one: a replay;
				   * re-challenge with stale=TRUE and a fresh nonce */
};

struct sip_digest_nonce {
	char value[SIP_DIGEST_NONCE_LEN + 1];  /* "" = free slot */
	uint64_t issued_us;                    /* virtual clock at issue, µs */
	uint32_t last_nc;                      /* highest nc accepted; 0 = none yet */
};

struct sip_digest_server_config {
	const char *realm;                 /* copied; "globally unique" (RFC 3261 §22.1) */
	enum sip_digest_alg alg;           /* offered in challenges (MD5 is 0) */
	uint64_t nonce_lifetime_us;        /* 0 = SIP_DIGEST_NONCE_LIFETIME_US */
	sip_digest_password_cb lookup;     /* required */
	void *lookup_arg;                  /* passed to lookup, owned by the caller */
	struct net_rand *rand;             /* borrowed; must outlive the server */
	const struct net_log *log;         /* borrowed; NULL = silent */
};

struct sip_digest_server {
	char realm[SIP_DIGEST_VALUE_SIZE];    /* our protection domain */
	char opaque[SIP_DIGEST_CNONCE_SIZE];  /* random, fixed for the server's life */
	enum sip_digest_alg alg;
	uint64_t lifetime_us;                 /* µs a nonce stays acceptable */
	sip_digest_password_cb lookup;
	void *lookup_arg;                     /* owned by the caller */
	struct net_rand *rand;                /* borrowed */
	const struct net_log *log;            /* borrowed, may be NULL */
	struct sip_digest_nonce nonces[SIP_DIGEST_SERVER_NONCES];
};

/* Returns 0, or EINVAL (no realm, an empty, overlong or unquotable realm, unknown
 * algorithm, no lookup or random source).  Nothing is allocated; _fini wipes the state. */
int sip_digest_server_init(struct sip_digest_server *s, const struct sip_digest_server_config *cfg);
void sip_digest_server_fini(struct sip_digest_server *s);

/* Issues a fresh nonce at `now_us` and writes the challenge value
 * `Digest realm="...", nonce="...", opaque="...", algorithm=MD5, qop="auth"[, stale=TRUE]`
 * into out.  Returns 0 or ENOBUFS. */
int sip_digest_server_challenge(struct sip_digest_server *s, uint64_t now_us, bool stale,
				char *out, size_t size);

/* Verifies parsed credentials for a request with SIP method `method` at `now_us`.
 * Only SIP_DIGEST_OK consumes the nonce count. */
enum sip_digest_verdict sip_digest_server_verify(struct sip_digest_server *s,
						 const struct sip_digest_credentials *cred,
						 const char *method, uint64_t now_us);

/* Parses an Authorization / Proxy-Authorization value, then verifies it.  Anything
 * that does not parse is SIP_DIGEST_MALFORMED. */
enum sip_digest_verdict sip_digest_server_check(struct sip_digest_server *s, const char *value,
						size_t len, const char *method, uint64_t now_us);

/* The response for a verdict: 0 for OK (go on), 400, 403, or 401 / 407 (`proxy`) for
 * a re-challenge.  RFC 3261 §22.1: a registrar or UAS uses 401, a proxy 407. */
int sip_digest_verdict_status(enum sip_digest_verdict v, bool proxy);

/* Whether the re-challenge for this verdict carries stale=TRUE. */
bool sip_digest_verdict_stale(enum sip_digest_verdict v);

/* "OK", "MALFORMED", ... for logs and ladders. */
const char *sip_digest_verdict_name(enum sip_digest_verdict v);

/* RFC 3261 §22.1: false for ACK and CANCEL, which "Servers MUST NOT attempt to
 * challenge"; true for every other method. */
bool sip_digest_method_challengeable(const char *method);

#endif
