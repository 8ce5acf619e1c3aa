/* sip/registrar.h - the registrar: REGISTER processing (RFC 3261 §10.3).
 *
 * RFC 3261 §10.3: "A registrar is a UAS that responds to REGISTER requests and
 * maintains a list of bindings that are accessible to proxy servers and redirect
 * servers within its administrative domain."  The list is sip/location.h; this
 * module is the eight steps of §10.3, one function each, run by sip_registrar_handle
 * in order:
 *
 *   1. Request-URI names our domain?         registrar_serves      else ENOENT (proxy it)
 *   2. Require understood?                   check_require         else 420 + Unsupported
 *   3. authenticate the UAC (§22)            check_auth            401 / 400 / 403
 *   4. user authorized for this AOR?         check_auth (user_owns_aor)  else 403
 *   5. AOR from To, valid for the domain?    aor_from_to           400 (not sip/sips) / 404
 *   6. Contact: * with Expires: 0            apply_star            400, or 500 out of order
 *   7. each Contact: expiry, 423, Call-ID/CSeq ordering, commit
 *                                            apply_contacts        423 / 500 / 503
 *   8. 200 OK listing every binding with its expires
 *                                            answer_bindings
 *
 * The registrar is a pure function of (request, bindings, clock): it reads no clock,
 * sends nothing, and hands back the response for the caller to pass to the server
 * transaction.  Record-Route in a REGISTER is ignored and never copied into a
 * response (§10.3: "Registrars MUST ignore the Record-Route header field ... MUST NOT
 * include a Record-Route header field in any response to a REGISTER request").
 *
 * Ownership: the registrar copies its configuration strings; the location table, the
 * digest server, the random source and the log are borrowed and must outlive it.
 *
 * Leaves out: the Date header of step 8 (a SHOULD: the stack has no wall clock; the
 * program may add one), third-party registration (a user may only register its own
 * AOR when authentication is on), REGISTER redirection and multicast (§10.3's MAY),
 * RFC 3327 Path, RFC 5626 outbound (no reg-id/instance: see docs/proxy.md for how
 * the proxy reaches a UA behind a NAT), Contact parameters other than q and expires.
 */
#ifndef SIP_REGISTRAR_H
#define SIP_REGISTRAR_H

#include "net/log.h"
#include "net/rand.h"
#include "sip/digest_server.h"
#include "sip/location.h"
#include "sip/msg.h"
#include "sip/transport.h"

#include <stdbool.h>
#include <stdint.h>

#define SIP_REGISTRAR_DEFAULT_EXPIRES 3600u  /* s: §10.3 step 7's "locally-configured
                                              * default" (RFC 3665 §2.1 F4 shows 3600) */
#define SIP_REGISTRAR_MIN_EXPIRES 60u        /* s: shorter requests get 423 */
#define SIP_REGISTRAR_MAX_EXPIRES 86400u     /* s: longer requests are shortened */
#define SIP_REGISTRAR_RETRY_AFTER 10u        /* s: Retry-After of the 503 when full */
#define SIP_REGISTRAR_MAX_ALIASES 8u         /* other names of the domain */

struct sip_registrar_config {
	const char *domain;              /* required: the domain we keep bindings for, a host
	                                  * name or IP literal (copied); compared with the
	                                  * Request-URI and To hosts case-insensitively */
	const char *const *aliases;      /* NULL-terminated other names for the domain (the
	                                  * server's host name or IP: RFC 3665 §2 registers
	                                  * at "sips:ss2.biloxi.example.com"); copied, at
	                                  * most SIP_REGISTRAR_MAX_ALIASES; may be NULL */
	uint32_t default_expires_s;      /* 0: SIP_REGISTRAR_DEFAULT_EXPIRES */
	uint32_t min_expires_s;          /* 0: SIP_REGISTRAR_MIN_EXPIRES */
	uint32_t max_expires_s;          /* 0: SIP_REGISTRAR_MAX_EXPIRES */
	struct sip_location *location;   /* required, borrowed */
	struct sip_digest_server *auth;  /* borrowed; NULL: no authentication (§10.3 step 3:
	                                  * "the registrar MAY take the From address as the
	                                  * asserted identity") */
	sip_digest_password_cb users;    /* who exists in our domain (a password lookup;
	                                  * 0 = exists); NULL: every user exists */
	void *users_arg;                 /* passed to users; owned by the caller */
	struct net_rand *rand;           /* required, borrowed: To tags */
	const struct net_log *log;       /* borrowed; NULL: silent */
};

struct sip_registrar;

/* Returns 0, EINVAL (no domain, location or rand; min above max; a name too long or
 * too many aliases) or ENOMEM. */
int sip_registrar_create(struct sip_registrar **out, const struct sip_registrar_config *cfg);

/* Frees the registrar (not the borrowed objects).  NULL is ignored. */
void sip_registrar_destroy(struct sip_registrar *reg);

/* The configuration in force (defaults filled in, domain copied). */
const struct sip_registrar_config *sip_registrar_config(const struct sip_registrar *reg);

/* Step 1: "The registrar inspects the Request-URI to determine whether it has access
 * to bindings for the domain identified in the Request-URI": a sip or sips URI whose
 * host is our domain. */
bool sip_registrar_serves(const struct sip_registrar *reg, const struct sip_uri *uri);

/* True when `host` (a URI host view) is our domain or one of its aliases.  AORs
 * written with an alias are stored under the domain itself. */
bool sip_registrar_is_domain(const struct sip_registrar *reg, struct sip_str host);

/* Processes one REGISTER received from `from` at now_us (steps 1-8 above).  Returns
 * 0 and *resp, a new response the caller sends through the server transaction and
 * destroys; ENOENT when the Request-URI is not for our domain (step 1: a proxy
 * forwards it, others answer 404 themselves); EINVAL when `req` is not a REGISTER;
 * ENOMEM. */
int sip_registrar_handle(struct sip_registrar *reg, const struct sip_msg *req,
			 const struct sip_recv_info *from, uint64_t now_us, struct sip_msg **resp);

#endif
