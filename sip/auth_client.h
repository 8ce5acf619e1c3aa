/* sip/auth_client.h - Digest glue for the UAC: answering 401 WWW-Authenticate and
 * 407 Proxy-Authenticate for any request (RFC 3261 §22.2-§22.4, §8.1.3.5, RFC 2617
 * §3.2.2).
 *
 * The UA keeps one struct sip_auth_client.  It holds
 *  - a keyring: username and password per realm (or for any realm);
 *  - the challenges it has answered, per (realm, Call-ID): the nonce, its nonce
 *    count and our cnonce.  §22.3 recommends: "If a UA receives a Proxy-Authenticate
 *    header field value in a 401/407 response to a request with a particular
 *    Call-ID, it should incorporate credentials for that realm in all subsequent
 *    requests that contain the same Call-ID."  So a REGISTER refresh, the ACK of an
 *    INVITE and the BYE of a call that crossed an authenticating proxy carry
 *    credentials without being challenged again; a new call (a new Call-ID) is
 *    challenged again ("These credentials MUST NOT be cached across dialogs").
 *
 * How a UAC uses it (the UA core's request layer does this, sip/ua.h):
 *     response 401/407 to request `sent`:
 *         rc = sip_auth_client_challenge(&ac, sent, resp);
 *         rc == 0: build the request again with CSeq + 1 (§22.2: "it MUST increment
 *                  the CSeq header field value"), then sip_auth_client_authorize(&ac, req)
 *         else:    report the 401/407 as the final response (never loop: a challenge
 *                  that rejects the credentials we just sent ends the attempt).
 *     any later request with the same Call-ID: sip_auth_client_authorize before sending.
 *
 * Never-loop rule (RFC3261 22.1: "A UAC MUST NOT re-attempt requests with the
 * credentials that have just been rejected (though the request may be retried if the
 * nonce was stale)"): if `sent` carried credentials for a realm and the new challenge
 * for that realm is not stale=TRUE, sip_auth_client_challenge returns EACCES.
 *
 * Leaves out: qop=auth-int bodies beyond what the caller passes (the body of `req` is
 * used), "anonymous" retries (§22.2 MAY), Authentication-Info/rspauth checking,
 * caching across Call-IDs for a configured outbound-proxy realm (§22.3 MAY).
 */
#ifndef SIP_AUTH_CLIENT_H
#define SIP_AUTH_CLIENT_H

#include "net/log.h"
#include "net/rand.h"
#include "sip/digest.h"
#include "sip/msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIP_AUTH_CLIENT_CREDS 4     /* keyring entries */
#define SIP_AUTH_CLIENT_CACHE 16    /* challenges remembered at once (LRU) */
#define SIP_AUTH_CALL_ID_MAX 256    /* bytes of a Call-ID we remember, NUL included */

struct sip_auth_client_cred {
	char realm[SIP_DIGEST_VALUE_SIZE];     /* "" = any realm */
	char username[SIP_DIGEST_VALUE_SIZE];
	char password[SIP_DIGEST_VALUE_SIZE];  /* wiped by _fini */
};

/* One challenge we answer: the state RFC 2617 §3.2.2 keeps per nonce. */
struct sip_auth_client_entry {
	bool used;                          /* slot in use */
	bool proxy;                         /* from Proxy-Authenticate: answer in
	                                     * Proxy-Authorization */
	char call_id[SIP_AUTH_CALL_ID_MAX]; /* the requests it applies to */
	struct sip_digest_challenge ch;     /* realm, nonce, opaque, algorithm, qop */
	char cnonce[SIP_DIGEST_CNONCE_SIZE];  /* ours, one per nonce */
	uint32_t nc;                        /* last nonce count sent with ch.nonce */
	uint64_t stamp;                     /* use counter: the smallest is replaced first */
};

struct sip_auth_client {
	struct sip_auth_client_cred cred[SIP_AUTH_CLIENT_CREDS];
	size_t n_cred;
	struct sip_auth_client_entry cache[SIP_AUTH_CLIENT_CACHE];
	uint64_t uses;                      /* stamps the entries */
	struct net_rand *rand;              /* borrowed: cnonces */
	struct net_log log;                 /* copied */
};

/* An empty keyring and cache.  rand is borrowed and must outlive c; log may be NULL. */
void sip_auth_client_init(struct sip_auth_client *c, struct net_rand *rand,
			  const struct net_log *log);

/* Wipes passwords and cached state. */
void sip_auth_client_fini(struct sip_auth_client *c);

/* Adds (or replaces, for the same realm) a username and password; realm NULL or ""
 * means any realm (used when no entry names the realm).  Returns 0, EINVAL (NULL
 * username/password), ENAMETOOLONG (a value over SIP_DIGEST_VALUE_SIZE - 1 bytes) or
 * ENOBUFS (keyring full). */
int sip_auth_client_add_credentials(struct sip_auth_client *c, const char *realm,
				    const char *username, const char *password);

/* A 401 or 407 `resp` answered the request `sent` (as it went out).  Learns every
 * challenge of resp (WWW-Authenticate and Proxy-Authenticate rows) that it can
 * answer.  Returns
 *   0       retry: a new request with the same Call-ID gets credentials;
 *   EACCES  the credentials `sent` carried for a challenged realm were rejected
 *           (challenge without stale=TRUE): do not retry;
 *   ENOENT  no keyring entry for any challenged realm;
 *   ENOTSUP no challenge we can answer (another scheme, unknown algorithm or qop);
 *   EINVAL  resp is not a 401/407 or sent is not a request. */
int sip_auth_client_challenge(struct sip_auth_client *c, const struct sip_msg *sent,
			      const struct sip_msg *resp);

/* Adds credentials for every remembered challenge with req's Call-ID: one
 * Authorization or Proxy-Authorization row each, answering for req's method,
 * Request-URI and body, the nonce count incremented.  `req` must be final (R-URI,
 * method, body) and carry no credentials yet.  *added (may be NULL) gets the count.
 * Returns 0 or an error of sip_digest_client_respond / sip_msg_hdr_add. */
int sip_auth_client_authorize(struct sip_auth_client *c, struct sip_msg *req, size_t *added);

/* Forgets the challenges of a Call-ID (its dialog or registration ended). */
void sip_auth_client_forget(struct sip_auth_client *c, struct sip_str call_id);

#endif
