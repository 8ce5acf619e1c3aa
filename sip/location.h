/* sip/location.h - the location service: contact bindings per address-of-record
 * (RFC 3261 §10, §10.3 step 5, §16.5).
 *
 * RFC 3261 §10: "A registrar ... maintains a list of bindings that are accessible to
 * proxy servers and redirect servers within its administrative domain."  This module
 * is that list, and nothing more: the registrar (sip/registrar.h) decides what goes
 * in, the proxy (sip/proxy.h) and the redirect server (sip/redirect.h) read it.
 *
 *     AOR "sip:bob@biloxi.example.com" ──► binding <sip:bob@192.0.2.4:5070>  q=1.0
 *                                           expires at t=3600 s, Call-ID/CSeq of the
 *                                           REGISTER, the address it came from
 *                                      ──► binding <sip:bob@192.0.2.9>       q=0.5
 *
 * Keys are canonical AOR strings (sip_location_canonical, §10.3 step 5).  A binding
 * records what §10.3 step 7 asks for (the Call-ID and CSeq of the REGISTER that last
 * wrote it), its absolute expiry on the caller's virtual clock, its q-value, and how
 * the REGISTER arrived (a proxy may send requests there when the Contact itself is
 * unreachable behind a NAT, see docs/proxy.md).
 *
 * Time is an input: every reader passes `now_us` and sees only bindings with
 * expires_us > now_us; expired ones are purged lazily, so nothing here runs a timer.
 *
 * Atomicity (§10.3: "REGISTER requests MUST also be processed atomically"): the
 * registrar computes the whole new binding list of an AOR and hands it over in one
 * sip_location_replace, which either stores all of it or changes nothing.
 *
 * Ownership: the table owns copies of everything; readers get const views that stay
 * valid until the next call that changes the table (replace, expire, destroy, or a
 * lookup that purges).
 *
 * Leaves out: persistence, Contact header parameters other than q and expires
 * (feature tags, +sip.instance, RFC 5626 reg-id), a hashed index (lookups scan the
 * AOR list: fine for a teaching server's few thousand users).
 */
#ifndef SIP_LOCATION_H
#define SIP_LOCATION_H

#include "sip/transport.h"
#include "sip/uri.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIP_LOCATION_MAX_AORS 1024       /* default AORs with bindings at once */
#define SIP_LOCATION_MAX_BINDINGS 16     /* default bindings per AOR */
#define SIP_LOCATION_AOR_SIZE 256        /* canonical AOR + NUL */
#define SIP_LOCATION_URI_SIZE 512        /* Contact URI + NUL */
#define SIP_LOCATION_CALL_ID_SIZE 256    /* Call-ID + NUL */
#define SIP_LOCATION_Q_DEFAULT 1000      /* q of a Contact without q=, thousandths */

/* One contact address bound to an AOR. */
struct sip_binding {
	char uri[SIP_LOCATION_URI_SIZE];          /* the Contact URI (addr-spec) as sent */
	int q;                                    /* q= in thousandths 0..1000, -1 absent */
	char call_id[SIP_LOCATION_CALL_ID_SIZE];  /* of the REGISTER that wrote it */
	uint32_t cseq;                            /* its CSeq number */
	uint64_t expires_us;                      /* absolute virtual time, us: the binding
	                                           * is gone from this instant on */
	uint64_t updated_us;                      /* when it was last written, us */
	struct sip_recv_info source;              /* how that REGISTER arrived */
};

struct sip_location_config {
	size_t max_aors;      /* 0: SIP_LOCATION_MAX_AORS */
	size_t max_bindings;  /* per AOR; 0: SIP_LOCATION_MAX_BINDINGS */
};

struct sip_location;

/* Creates an empty table.  cfg NULL means the defaults.  Returns 0, ENOMEM. */
int sip_location_create(struct sip_location **out, const struct sip_location_config *cfg);

/* Frees the table and every binding.  NULL is ignored. */
void sip_location_destroy(struct sip_location *loc);

/* The limits in force (defaults filled in). */
const struct sip_location_config *sip_location_config(const struct sip_location *loc);

/* RFC 3261 §10.3 step 5: the index form of an AOR: "all URI parameters MUST be
 * removed (including the user-param), and any escaped characters MUST be converted
 * to their unescaped form."  Writes "scheme:user@host[:port]": scheme and host in
 * lower case (they compare case-insensitively, §19.1.4), the user unescaped and
 * case-kept, the port only when the URI gives one, no password, parameters or
 * headers.  Returns 0, EINVAL (not sip/sips, no host), EBADMSG (a bad escape, or
 * one decoding to a NUL byte: keys are C strings), or ENOBUFS. */
int sip_location_canonical(const struct sip_uri *uri, char *buf, size_t cap);

/* The same key built from the parts (the proxy and registrar use their configured
 * domain as `host`): "scheme:unescaped-user@lowercase-host".  `user` is escaped as
 * in a URI; an absent user gives "scheme:host".  Same returns. */
int sip_location_key(enum sip_uri_scheme scheme, struct sip_str user, const char *host,
		     char *buf, size_t cap);

/* The live bindings of `aor` at now_us, highest q first (a missing q counts as
 * SIP_LOCATION_Q_DEFAULT), equal q in the order they were first registered.
 * Expired bindings of this AOR are purged first.  Returns the array (NULL when there
 * are none) and *count. */
const struct sip_binding *sip_location_lookup(struct sip_location *loc, const char *aor,
					      uint64_t now_us, size_t *count);

/* Replaces every binding of `aor` by the n given (copied, then sorted as lookup
 * returns them; n 0 removes the AOR).  Bindings with expires_us <= now_us are left
 * out.  Either everything is stored or nothing changes.  Returns 0, EINVAL (aor
 * empty or too long, a binding URI or Call-ID not NUL-terminated in its array),
 * ENOBUFS (more than max_bindings, or a new AOR with the table full: the registrar
 * answers 503/500), ENOMEM. */
int sip_location_replace(struct sip_location *loc, const char *aor,
			 const struct sip_binding *bindings, size_t n, uint64_t now_us);

/* The live binding (of any AOR) whose Contact URI equals `uri` per §19.1.4, or NULL;
 * *aor (may be NULL) gets that AOR.  A proxy uses it to reach a UA behind a NAT at the
 * address its REGISTER came from when an in-dialog request targets its Contact. */
const struct sip_binding *sip_location_find_contact(const struct sip_location *loc,
						    const struct sip_uri *uri, uint64_t now_us,
						    const char **aor);

/* Purges every binding with expires_us <= now_us.  Returns how many went. */
size_t sip_location_expire(struct sip_location *loc, uint64_t now_us);

/* AORs currently holding at least one stored binding (expired ones included until
 * purged: call sip_location_expire first for an exact count). */
size_t sip_location_aor_count(const struct sip_location *loc);

/* Purges what expired at now_us, then visits each AOR with its bindings (sorted as
 * lookup returns them), for a demo's "who is registered" list.  The callback must
 * not change the table. */
typedef void (*sip_location_visit_cb)(void *arg, const char *aor,
				      const struct sip_binding *bindings, size_t count);
void sip_location_foreach(struct sip_location *loc, uint64_t now_us, sip_location_visit_cb cb,
			  void *arg);

/* Seconds of a binding's lifetime left at now_us, rounded up (what a 200 OK lists in
 * the Contact's expires parameter); 0 when expired. */
uint32_t sip_binding_remaining_s(const struct sip_binding *b, uint64_t now_us);

#endif
