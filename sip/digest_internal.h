/* sip/digest_internal.h - helpers shared by the sip/digest*.c files, not public API. */
#ifndef SIP_DIGEST_INTERNAL_H
#define SIP_DIGEST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/* True if the `len` bytes at `s` equal the literal `lit`, ignoring ASCII case
 * (tokens such as "Digest", "MD5", "true" and parameter names are case-insensitive). */
bool sip_digest_token_ieq(const char *s, size_t len, const char *lit);

#endif
