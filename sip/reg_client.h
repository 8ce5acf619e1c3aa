/* sip/reg_client.h - the registration client: binding our Contact to an address of
 * record at a registrar, keeping it fresh, removing it (RFC 3261 §10.2).
 *
 *   sip_reg_register    REGISTER with Contact and Expires (§10.2.1); the registrar's
 *                       401 is answered from the UA's keyring (sip/auth_client.h);
 *                       423 Interval Too Brief is answered once with its Min-Expires
 *                       (§10.2.8); the 200's grant is honoured - the expires
 *                       parameter of our Contact in it, else its Expires header
 *                       (§10.2.4) - and a refresh goes out halfway to expiry;
 *   sip_reg_unregister  REGISTER with Expires: 0 for our Contact (§10.2.2).
 *
 * Every REGISTER of one client has the same Call-ID and a CSeq one higher than the
 * last (§10.2.4: "A UA SHOULD NOT refresh bindings set up by other UAs", and the
 * Call-ID/CSeq rules of §10.2: "All registrations from a UAC SHOULD use the same
 * Call-ID header field value for registrations sent to a particular registrar"
 * ... "the CSeq value MUST be incremented by one").
 *
 * The states form a table like the transactions' (sip/reg_client.c), each transition
 * logged with its RFC section and reported to the application:
 *
 *   None/Failed -(register)-> Registering -(2xx)-> Registered -(refresh)-> Refreshing
 *   Registering/Refreshing -(423)-> same state, again with Min-Expires
 *   Registering/Refreshing -(failure)-> Failed        Refreshing -(2xx)-> Registered
 *   Registering/Registered/Refreshing -(unregister)-> Unregistering -(final)-> None
 *
 * The client runs on the UA core (sip/ua.h): its requests go through sip_ua_send, its
 * timer lives on the UA's environment.  Ownership: the caller destroys the client
 * (sip_reg_destroy, no message sent) before the UA.
 *
 * Leaves out: several Contacts per client, fetching bindings (§10.2.3 - a REGISTER
 * without Contact; sip_ua_send can send one), discovering the registrar (§10.2.6),
 * retrying after a failure (the application decides), RFC 5626 outbound.
 */
#ifndef SIP_REG_CLIENT_H
#define SIP_REG_CLIENT_H

#include "sip/msg.h"
#include "sip/ua.h"

#include <stdint.h>

#define SIP_REG_DEFAULT_EXPIRES 3600u  /* s asked for when the config says 0 */
#define SIP_REG_URI_MAX 256            /* bytes of a URI or name-addr in the config */

enum sip_reg_state {
	SIP_REG_NONE,           /* no binding of ours, nothing in flight */
	SIP_REG_REGISTERING,    /* REGISTER adding the binding in flight */
	SIP_REG_REGISTERED,     /* bound until sip_reg_expires() s after the 200 */
	SIP_REG_REFRESHING,     /* bound, the refresh REGISTER in flight */
	SIP_REG_UNREGISTERING,  /* REGISTER with Expires: 0 in flight */
	SIP_REG_FAILED          /* the last REGISTER failed: sip_reg_status() */
};

struct sip_reg;

/* A state change.  status: the final status that caused it (0 for none: a refresh
 * starting, a call from the application); resp: that response, NULL when there was
 * none (the core's 408/503, or no response). */
typedef void (*sip_reg_cb)(void *arg, struct sip_reg *reg, enum sip_reg_state state, int status,
			   const struct sip_msg *resp);

struct sip_reg_config {
	const char *registrar;  /* Request-URI: "sip:atlanta.example.com" or an IP literal
	                         * (§10.2: "The "userinfo" and "@" components of the SIP URI
	                         * MUST NOT be present"); copied */
	const char *aor;        /* To and From: "Alice <sip:alice@atlanta.example.com>"; copied */
	const char *contact;    /* our Contact URI "sip:alice@192.0.2.1:5060"; copied */
	uint32_t expires_s;     /* lifetime asked for; 0: SIP_REG_DEFAULT_EXPIRES */
	sip_reg_cb cb;          /* may be NULL */
	void *arg;              /* passed to cb; owned by the caller */
};

/* A client on `ua` (borrowed; must outlive it).  Returns 0, EINVAL (a missing or
 * unparsable URI, an AOR that is not a name-addr or addr-spec) or ENOMEM. */
int sip_reg_create(struct sip_reg **out, struct sip_ua *ua, const struct sip_reg_config *cfg);

/* Frees the client without sending anything (unregister first for a clean exit).
 * Not from inside its callback.  NULL is ignored. */
void sip_reg_destroy(struct sip_reg *reg);

/* Adds the binding (and keeps refreshing it).  Returns 0, EALREADY (registering or
 * registered already) or the error of sip_ua_send. */
int sip_reg_register(struct sip_reg *reg);

/* Removes our binding.  Returns 0, EALREADY (nothing to remove) or a send error. */
int sip_reg_unregister(struct sip_reg *reg);

enum sip_reg_state sip_reg_state(const struct sip_reg *reg);
const char *sip_reg_state_name(enum sip_reg_state state);
uint32_t sip_reg_expires(const struct sip_reg *reg);  /* granted, s (0 when not bound) */
int sip_reg_status(const struct sip_reg *reg);        /* last final status, 0 before */
const char *sip_reg_reason(const struct sip_reg *reg);
uint32_t sip_reg_cseq(const struct sip_reg *reg);     /* CSeq of the last REGISTER */

#endif
