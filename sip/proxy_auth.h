/* sip/proxy_auth.h - the server side of Digest for the registrar and the proxy:
 * finding our credentials in a request, answering them, challenging, consuming
 * (RFC 3261 §22.1, §22.3, §22.4; the digest itself is sip/digest_server.h).
 *
 * RFC 3261 §22.1: a registrar (like any UAS) challenges with 401 and
 * WWW-Authenticate and reads Authorization; a proxy challenges with 407 and
 * Proxy-Authenticate and reads Proxy-Authorization (§22.3).  One call finds the
 * Digest credentials for our realm among the request's rows of the right header,
 * verifies them and says which response the verdict calls for; a second call writes
 * the challenge into that response.
 *
 * Leaves out: schemes other than Digest (their rows are skipped, RFC 4475 §3.3.7: a
 * registrar "will reject this request with a 401, issuing a new challenge with a
 * scheme it understands"), Authentication-Info.
 */
#ifndef SIP_PROXY_AUTH_H
#define SIP_PROXY_AUTH_H

#include "sip/digest_server.h"
#include "sip/msg.h"

#include <stdbool.h>
#include <stdint.h>

/* What a request's credentials allow. */
struct sip_proxy_auth_result {
	int status;                  /* 0: authenticated, go on; 400 or 403: answer that;
	                              * 401 / 407: answer with a fresh challenge */
	bool stale;                  /* that challenge carries stale=TRUE */
	bool found;                  /* Digest credentials for our realm were present */
	enum sip_digest_verdict verdict;       /* meaningful when found */
	char username[SIP_DIGEST_VALUE_SIZE];  /* the authenticated user (status 0) */
};

/* Looks at the Authorization rows (proxy false) or Proxy-Authorization rows (proxy
 * true) of `req` for Digest credentials with our realm and verifies the first one at
 * now_us.  None: status 401 / 407 without stale.  Never fails: a row that does not
 * parse is not ours, and malformed credentials for our realm give 400. */
void sip_proxy_auth_check(struct sip_digest_server *s, const struct sip_msg *req, bool proxy,
			  uint64_t now_us, struct sip_proxy_auth_result *out);

/* Adds a fresh challenge to `resp`: WWW-Authenticate (proxy false) or
 * Proxy-Authenticate (proxy true).  Returns 0, ENOBUFS or what the edit returns. */
int sip_proxy_auth_challenge(struct sip_digest_server *s, struct sip_msg *resp, bool proxy,
			     bool stale, uint64_t now_us);

/* Removes the Proxy-Authorization rows meant for our realm from a request about to be
 * forwarded; rows for other realms stay (§22.3: a value "MUST NOT be consumed by any
 * proxy whose realm does not match").  Returns how many went. */
size_t sip_proxy_auth_consume(const struct sip_digest_server *s, struct sip_msg *req);

#endif
