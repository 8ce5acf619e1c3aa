/* sip/auth_server.h - Digest glue for the challenging side: from a request's
 * Authorization / Proxy-Authorization rows to a verdict, and from a verdict to the
 * 401 / 407 / 403 / 400 response (RFC 3261 §22.1-§22.3, RFC 2617 §3.2.1-§3.2.2).
 *
 * The crypto, the nonce store and the replay checks are in sip/digest_server.h; this
 * module only knows where SIP puts them:
 *  - a registrar or UAS reads Authorization and challenges with 401 +
 *    WWW-Authenticate; a proxy reads Proxy-Authorization and challenges with 407 +
 *    Proxy-Authenticate (§22.1: proxies "MUST NOT" use 401);
 *  - only a row whose realm is ours is checked (§22.3: a Proxy-Authorization value
 *    "MUST NOT be consumed by any proxy whose realm does not match"); rows for other
 *    realms, and rows of another scheme (RFC 4475 §3.3.7), count as absent;
 *  - ACK and CANCEL are never challenged (§22.1).
 *
 * Typical use in a registrar (a proxy passes proxy = true):
 *     struct sip_auth_server_result r;
 *     sip_auth_server_check(&digest, req, false, now, &r);
 *     if (r.status != 0) {
 *             sip_auth_server_respond(&digest, req, &r, false, now, to_tag, &resp);
 *             sip_tsx_respond(tsx, resp);  ... return;
 *     }
 *     ... r.username is the authenticated user; a proxy removes row r.row
 *         (sip_msg_hdr_remove) before forwarding.
 *
 * Leaves out: several realms per server (keep one sip_digest_server per realm and
 * call check once per realm), Authentication-Info, auth-int (the server never offers it).
 */
#ifndef SIP_AUTH_SERVER_H
#define SIP_AUTH_SERVER_H

#include "sip/digest.h"
#include "sip/digest_server.h"
#include "sip/msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sip_auth_server_result {
	bool has_credentials;    /* a row for our realm (or an unparsable Digest row) was found */
	bool authenticated;      /* verdict OK: the request comes from `username` */
	enum sip_digest_verdict verdict;  /* meaningful when has_credentials */
	int status;              /* 0: go on (authenticated, or ACK/CANCEL which are never
	                          * challenged); else 400, 401, 403 or 407 */
	bool stale;              /* a 401/407 re-challenge carries stale=TRUE */
	size_t row;              /* index of the checked header row, SIP_HDR_NONE if none */
	char username[SIP_DIGEST_VALUE_SIZE];  /* from the checked row ("" if none) */
};

/* Checks `req` against server `s` at `now_us`: the Authorization rows (proxy false)
 * or the Proxy-Authorization rows (proxy true).  Always fills *out.  Returns 0, or
 * EINVAL when req is not a request. */
int sip_auth_server_check(struct sip_digest_server *s, const struct sip_msg *req, bool proxy,
			  uint64_t now_us, struct sip_auth_server_result *out);

/* Adds a fresh challenge to `resp`: a WWW-Authenticate row (proxy false) or a
 * Proxy-Authenticate row (proxy true), with stale=TRUE when asked.  Returns 0,
 * ENOBUFS or what sip_msg_hdr_add returns. */
int sip_auth_server_add_challenge(struct sip_digest_server *s, struct sip_msg *resp, bool proxy,
				  bool stale, uint64_t now_us);

/* The response a failed check calls for: status r->status (400, 401, 403, 407) to
 * `req` (sip_msg_create_response with to_tag), with the challenge for 401/407.
 * *out is the caller's to destroy.  Returns 0, EINVAL (r->status is 0) or ENOMEM. */
int sip_auth_server_respond(struct sip_digest_server *s, const struct sip_msg *req,
			    const struct sip_auth_server_result *r, bool proxy, uint64_t now_us,
			    const char *to_tag, struct sip_msg **out);

#endif
