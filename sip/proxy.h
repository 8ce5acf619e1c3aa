/* sip/proxy.h - the SIP server of the demo: registrar + stateful proxy (RFC 3261
 * §16) or redirect server (§8.3), on one transaction layer.
 *
 * One object, configured with a domain, its users ("user:password") and a mode,
 * takes every request and response from the transaction layer it creates on a
 * transport, and needs nothing else:
 *
 *   REGISTER for our domain ──► registrar (sip/registrar.h, §10.3) ──► location service
 *   any other request ─────────► proxy mode:    §16.3 validate, §16.4 routes, §16.5
 *                                               targets, §16.6 forward to every binding
 *                                               (parallel fork), §16.7 responses
 *                               redirect mode: 302 with the bindings (sip/redirect.h)
 *   CANCEL ────────────────────► §16.10: 200, and CANCEL every pending branch
 *   ACK for a 2xx ─────────────► forwarded statelessly (it is end to end, §16.11)
 *   stray response ────────────► dropped (RFC 6026 §7.3)
 *
 * The proxy sends its own 100 Trying for an INVITE it forwards and never forwards
 * one (§16.2, §16.7 step 5), Record-Routes dialog-creating requests with
 * <sip:host:port;lr> (";transport=tcp" on a TCP leg, two values when the legs' transports
 * differ: RFC 5658) so in-dialog requests pass it on each leg's transport (§16.6 step 4),
 * and never touches bodies: media flows directly between the UAs.  docs/proxy.md has
 * the ladder.
 *
 * Authentication policy (auth on): REGISTER is challenged with 401 by the
 * registrar; every other out-of-dialog request with 407 (§22.3), except ACK and
 * CANCEL (§22.1: "MUST NOT attempt to challenge").  In-dialog requests (To tag
 * present) that reached us through a Route naming us follow a dialog a challenged
 * INVITE created, and are forwarded without a challenge.
 *
 * NAT policy (nat_register_source, default on): a request for a registered contact
 * is sent to the address and connection its REGISTER came from (the source the
 * transport recorded with received/rport), not to the host in the Contact, which a
 * UA behind a NAT cannot be reached at.  That also holds for in-dialog requests
 * whose Request-URI is a registered contact.  With the option off, the Contact URI
 * is resolved (sip_transport_next_hop rules).  This is RFC 5626's idea without its
 * flow tokens and keep-alives.
 *
 * Ownership: the proxy borrows the transport (which must outlive it), creates and
 * owns the transaction layer, the location table, the registrar and the digest
 * server.  Configuration strings are copied.
 *
 * Leaves out: DNS (targets and routes must be IP literals, transport.h), TLS and
 * sips targets, serial (q-grouped) forking (every binding is tried at once),
 * recursion on 3xx, RFC 5393 loop protection, the stateless proxy mode as a whole
 * (only ACK is forwarded statelessly).
 */
#ifndef SIP_PROXY_H
#define SIP_PROXY_H

#include "sip/location.h"
#include "sip/msg.h"
#include "sip/transport.h"
#include "sip/tsx.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC3261 16.6 step 11: "The timer MUST be larger than 3 minutes." */
#define SIP_PROXY_TIMER_C_US (181ull * 1000000u)
#define SIP_PROXY_MAX_CONTEXTS 1024u  /* requests being proxied at once; beyond: 503 */
#define SIP_PROXY_MAX_USERS 64u       /* users of the domain */
#define SIP_PROXY_JOURNAL 256u        /* forwarded requests remembered for reports */
#define SIP_PROXY_RETRY_AFTER 5u      /* s, in the 503 beyond max_contexts */

enum sip_proxy_mode {
	SIP_PROXY_MODE_PROXY,     /* stateful proxy (§16) */
	SIP_PROXY_MODE_REDIRECT   /* redirect server (§8.3) */
};

struct sip_proxy_config {
	const char *domain;            /* required: the domain we serve (copied) */
	const char *const *aliases;    /* NULL-terminated other names of the domain and of
	                                * this server (host name, IP); may be NULL */
	const char *realm;             /* digest realm; NULL: the domain */
	const char *const *users;      /* NULL-terminated "user:password" strings (copied);
	                                * NULL or empty: every user exists, none can
	                                * authenticate (use with auth off) */
	enum sip_proxy_mode mode;
	bool auth;                     /* challenge requests (401 REGISTER, 407 others) */
	bool record_route;             /* Record-Route dialog-creating requests */
	bool nat_register_source;      /* send to where the REGISTER came from (above) */
	uint64_t timer_c_us;           /* 0: SIP_PROXY_TIMER_C_US; must exceed 3 min */
	size_t max_contexts;           /* 0: SIP_PROXY_MAX_CONTEXTS */
	uint32_t min_expires_s;        /* registrar limits, 0: its defaults */
	uint32_t default_expires_s;
	uint32_t max_expires_s;
	struct sip_location_config location;  /* zeroes: the defaults */
	struct sip_tsx_config tsx;     /* the transaction layer's timers and limits */
};

/* Proxy mode, auth on, Record-Route on, NAT policy on, Timer C 181 s, default
 * transaction timers; domain, aliases and users NULL. */
void sip_proxy_config_default(struct sip_proxy_config *cfg);

struct sip_proxy;

/* Creates the server on `tp` (borrowed; the transaction layer the proxy creates
 * becomes its user).  Returns 0, EINVAL (no domain, a bad "user:password", Timer C not
 * above 3 minutes, too many users or aliases) or ENOMEM. */
int sip_proxy_create(struct sip_proxy **out, struct sip_transport *tp,
		     const struct sip_proxy_config *cfg);

/* Frees everything the proxy owns (transactions included, without callbacks).
 * NULL is ignored.  Not from inside a callback of the stack. */
void sip_proxy_destroy(struct sip_proxy *p);

struct sip_tsx_layer *sip_proxy_layer(const struct sip_proxy *p);
struct sip_location *sip_proxy_location(const struct sip_proxy *p);

/* Requests being proxied (response contexts alive, §16.7). */
size_t sip_proxy_context_count(const struct sip_proxy *p);

/* ---- Reports for the ladder (the demo's A | server | B drawing) --------------------- */

/* One request the proxy sent on: a branch of a forwarded request, a CANCEL it
 * generated, or an ACK it forwarded statelessly. */
struct sip_proxy_branch_record {
	uint64_t seq;              /* order of creation, from 1 */
	char call_id[128];         /* of the request (truncated) */
	char method[16];           /* "INVITE", "CANCEL", "ACK", ... */
	char server_branch[64];    /* branch of the upstream Via it answers to */
	char branch[64];           /* branch of our Via on the copy sent */
	char target[256];          /* Request-URI sent (truncated) */
	struct sip_dest dest;      /* where it went */
	int status;                /* final status received on it (0: none yet); a synthetic
	                            * 408 / 503 counts (§16.6 step 7, §16.9) */
	bool stateless;            /* sent without a client transaction (ACK) */
};

/* Copies, oldest first, up to `cap` records of the requests sent for Call-ID
 * `call_id` among the last SIP_PROXY_JOURNAL; returns how many there are. */
size_t sip_proxy_call_branches(const struct sip_proxy *p, const char *call_id,
			       struct sip_proxy_branch_record *out, size_t cap);

#endif
