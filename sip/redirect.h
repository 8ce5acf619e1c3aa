/* sip/redirect.h - the redirect server's answer (RFC 3261 §8.3).
 *
 * RFC 3261 §8.3: "After receiving a request other than CANCEL, the server either
 * refuses the request or gathers the list of alternative locations from the location
 * service and returns a final response of class 3xx."  This module builds that 302
 * from the bindings of the location service (sip/location.h); the server object
 * (sip/proxy.h in redirect mode) decides when to call it and answers 404/480 itself
 * when there is nothing to redirect to, as the proxy does.
 *
 *     SIP/2.0 302 Moved Temporarily
 *     Contact: <sip:bob@192.0.2.4:5070>;q=1.000;expires=3541
 *     Contact: <sip:bob@198.51.100.7>;q=0.500;expires=120
 *
 * Leaves out: 301 (a binding is never permanent), 300 Multiple Choices, Contacts of
 * other schemes than the bindings hold, redirect loops (§8.3: "It is the
 * responsibility of clients to detect forwarding loops between redirect servers").
 */
#ifndef SIP_REDIRECT_H
#define SIP_REDIRECT_H

#include "sip/location.h"
#include "sip/msg.h"

#include <stdint.h>

/* The 302 for `req` listing `bindings` (as sip_location_lookup returns them) at
 * now_us: each Contact with its q (when registered with one) and the seconds left as
 * expires.  Bindings equal to the Request-URI are left out (§8.3: "redirect servers
 * MUST NOT redirect a request to a URI equal to the one in the Request-URI").
 * Returns 0 and *out (the caller destroys it), ENOENT when no binding is left to list
 * (answer 404 or 480), EINVAL (req is not a request), ENOMEM. */
int sip_redirect_respond(const struct sip_msg *req, const struct sip_binding *bindings,
			 size_t count, uint64_t now_us, const char *to_tag, struct sip_msg **out);

#endif
