/* tests/sip/pxtest.h - helpers for the registrar, proxy and redirect tests.
 *
 * Messages are written in the tests the way the RFCs print them (LF line ends, one
 * header per line); pxtest_parse turns them into wire form (CRLF) and parses and
 * validates them as the transport would.  pxtest_authorize answers a 401/407 the
 * way a UA does, so a test can script RFC 3665's "REGISTER, 401, REGISTER with
 * credentials" with real digests.
 *
 * Every tests/sip binary links this file, so every name starts with pxtest_.
 */
#ifndef TESTS_SIP_PXTEST_H
#define TESTS_SIP_PXTEST_H

#include "sip/msg.h"

#include <stdbool.h>
#include <stddef.h>

/* `text` with every bare LF made CRLF, parsed and validated (sip_msg_validate).
 * NULL when it does not parse or validate. */
struct sip_msg *pxtest_parse(const char *text);

/* The same bytes as pxtest_parse uses (malloc'd, NUL-terminated; *len may be NULL). */
char *pxtest_wire(const char *text, size_t *len);

/* Adds to `req` the credentials answering the first challenge of `resp` (a 401's
 * WWW-Authenticate gives Authorization, a 407's Proxy-Authenticate gives
 * Proxy-Authorization), for user/password, with nonce count `nc` and a fixed cnonce.
 * Returns 0 or an errno. */
int pxtest_authorize(struct sip_msg *req, const struct sip_msg *resp, const char *user,
		     const char *password, unsigned nc);

/* The number of rows with this id, and whether the first row's value equals `value`. */
size_t pxtest_rows(const struct sip_msg *m, enum sip_hdr_id id);
bool pxtest_row_is(const struct sip_msg *m, enum sip_hdr_id id, size_t nth, const char *value);

/* Prints a message into a malloc'd NUL-terminated string (for strstr assertions). */
char *pxtest_print(const struct sip_msg *m);

/* The password lookup of the auth tests (a sip_digest_password_cb): bob/zanzibar and
 * alice/wonderland in every realm; ENOENT for anyone else. */
int pxtest_users(void *arg, const char *realm, const char *username, char *password,
		 size_t size);

#endif
