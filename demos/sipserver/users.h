/* demos/sipserver/users.h - the users file of sipserver: "user:password" per line.
 *
 *     # the demo's users
 *     alice:wonderland
 *     bob:zanzibar
 *
 * Blank lines and lines starting with '#' (after spaces) are skipped; spaces around a
 * line are ignored.  The user part is what goes before the first ':' and must be a
 * SIP user name without '@', ':' or spaces; the password is the rest and may not be
 * empty.  A user listed twice is an error (which password would be meant?).
 *
 * Leaves out: hashed passwords (HA1), realms per user, reloading on change.
 */
#ifndef DEMOS_SIPSERVER_USERS_H
#define DEMOS_SIPSERVER_USERS_H

#include <stddef.h>

#define USERS_MAX 64             /* sip/proxy.h SIP_PROXY_MAX_USERS */
#define USERS_LINE_MAX 256       /* bytes per line */

struct users {
	char *list[USERS_MAX + 1];   /* "user:password" strings, NULL-terminated (owned) */
	size_t count;
};

/* Reads `path`.  On error fills `err` with one line ("users.txt:3: expected
 * user:password", "users.txt: No such file or directory") and returns EINVAL, ENOENT
 * (or the fopen errno), ENOBUFS (more than USERS_MAX users) or ENOMEM; u is then
 * empty. */
int users_load(struct users *u, const char *path, char *err, size_t errcap);

/* Frees the strings; u is empty afterwards. */
void users_free(struct users *u);

#endif
