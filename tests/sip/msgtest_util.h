/* tests/sip/msgtest_util.h - helpers for the message-layer tests (sip/msg.h).
 *
 * Loading the RFC 4475 / RFC 5118 vectors, parsing with the input placed right
 * before a PROT_NONE page (tests/support/guard.h), and comparing two parsed
 * messages field by field (the round-trip tests).  Every tests/sip binary links
 * these, so every name starts with msgtest_.
 */
#ifndef TESTS_SIP_MSGTEST_UTIL_H
#define TESTS_SIP_MSGTEST_UTIL_H

#include "sip/msg.h"

#include <stddef.h>

/* tests/vectors/rfc4475/NAME as bytes (malloc'd, NUL after, not counted). */
char *msgtest_load_4475(const char *name, size_t *len);

/* tests/vectors/rfc5118/NAME with its bare LF line ends turned into CRLF and its
 * Content-Length set to the body it really has.  RFC 5118's archive uses LF, and
 * two of its messages declare a wrong length (INDEX.md there): these vectors test
 * IPv6 references, not framing. */
char *msgtest_load_5118(const char *name, size_t *len);

/* The raw file tests/vectors/rfc5118/NAME, LF line ends and all. */
char *msgtest_load_5118_raw(const char *name, size_t *len);

/* sip_msg_parse with the input copied so its last byte sits before an unreadable
 * page: a read past the end crashes instead of passing by luck. */
int msgtest_parse_guarded(const char *data, size_t len, struct sip_msg **out,
			  struct sip_error *err);

/* Parses a C string (CRLF written as "\r\n"); NULL when it does not parse. */
struct sip_msg *msgtest_parse(const char *text);

/* "OPTIONS sip:bob@example.com SIP/2.0" CRLF, then `lines` (header rows, each ending
 * in CRLF), then the empty line: the smallest request around the rows under test.
 * NULL when it does not parse; *err (may be NULL) then says why. */
struct sip_msg *msgtest_with_rows(const char *lines, struct sip_error *err);

/* NULL when the two messages have the same model (start line, every row, every
 * typed field, body); otherwise a static string naming the first difference. */
const char *msgtest_diff(const struct sip_msg *a, const struct sip_msg *b);

/* Prints, parses the output again and compares: NULL when the model survived. */
const char *msgtest_roundtrip(const struct sip_msg *m);

/* True when a view equals a C string exactly. */
int msgtest_is(struct sip_str v, const char *s);

#endif
