/* demos/sipserver/users.c - reading the users file (see users.h). */
#include "demos/sipserver/users.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void users_free(struct users *u)
{
	for (size_t i = 0; i < u->count; i++)
		free(u->list[i]);
	memset(u, 0, sizeof(*u));
}

/* Spaces and the line end off both sides, in place; returns the start. */
static char *trim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' ||
			 s[n - 1] == '\t'))
		s[--n] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* NULL when `line` is a good "user:password", else why not. */
static const char *check_line(const char *line, const struct users *u)
{
	const char *colon = strchr(line, ':');

	if (colon == NULL || colon == line || colon[1] == '\0')
		return "expected user:password";
	for (const char *p = line; p < colon; p++)
		if (*p == '@' || *p == ' ' || *p == '\t' || (unsigned char)*p < 0x21 ||
		    (unsigned char)*p > 0x7e)
			return "the user name may not contain '@', spaces or control characters";
	for (size_t i = 0; i < u->count; i++)
		if (strncmp(u->list[i], line, (size_t)(colon - line) + 1) == 0)
			return "user listed twice";
	return NULL;
}

static int add_line(struct users *u, const char *line, const char *path, unsigned no, char *err,
		    size_t errcap)
{
	const char *why = check_line(line, u);

	if (why != NULL) {
		snprintf(err, errcap, "%s:%u: %s", path, no, why);
		return EINVAL;
	}
	if (u->count == USERS_MAX) {
		snprintf(err, errcap, "%s:%u: more than %u users", path, no, (unsigned)USERS_MAX);
		return ENOBUFS;
	}
	size_t n = strlen(line) + 1;

	u->list[u->count] = malloc(n);
	if (u->list[u->count] == NULL) {
		snprintf(err, errcap, "%s: out of memory", path);
		return ENOMEM;
	}
	memcpy(u->list[u->count++], line, n);
	return 0;
}

int users_load(struct users *u, const char *path, char *err, size_t errcap)
{
	char buf[USERS_LINE_MAX + 2];
	unsigned no = 0;
	int rc = 0;
	FILE *f;

	memset(u, 0, sizeof(*u));
	f = fopen(path, "r");
	if (f == NULL) {
		rc = errno;
		snprintf(err, errcap, "%s: %s", path, strerror(rc));
		return rc;
	}
	while (rc == 0 && fgets(buf, sizeof(buf), f) != NULL) {
		no++;
		if (strlen(buf) > USERS_LINE_MAX && buf[strlen(buf) - 1] != '\n') {
			snprintf(err, errcap, "%s:%u: line longer than %u bytes", path, no,
				 (unsigned)USERS_LINE_MAX);
			rc = EINVAL;
			break;
		}
		char *line = trim(buf);

		if (*line != '\0' && *line != '#')
			rc = add_line(u, line, path, no, err, errcap);
	}
	fclose(f);
	if (rc != 0)
		users_free(u);
	return rc;
}
