/* sip/location.c - the location service: bindings per address-of-record (RFC 3261
 * §10, §10.3 step 5 canonical AORs, §16.5 lookup, §19.1.4 contact comparison).
 *
 * The table is an array of AOR records, each with a malloc'd array of bindings kept
 * sorted (highest q first).  Expired bindings are dropped when their AOR is read or
 * written, or by sip_location_expire.
 *
 * Leaves out: see sip/location.h.
 */
#include "sip/location.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct location_aor {
	char aor[SIP_LOCATION_AOR_SIZE];  /* canonical AOR, NUL-terminated */
	struct sip_binding *bindings;     /* owned, `count` of them, sorted */
	size_t count;
};

struct sip_location {
	struct sip_location_config cfg;  /* limits, defaults filled in */
	struct location_aor *aors;       /* owned array, `count` used, `cap` allocated */
	size_t count;
	size_t cap;
};

int sip_location_create(struct sip_location **out, const struct sip_location_config *cfg)
{
	struct sip_location *loc = calloc(1, sizeof(*loc));

	*out = NULL;
	if (loc == NULL)
		return ENOMEM;
	if (cfg != NULL)
		loc->cfg = *cfg;
	if (loc->cfg.max_aors == 0)
		loc->cfg.max_aors = SIP_LOCATION_MAX_AORS;
	if (loc->cfg.max_bindings == 0)
		loc->cfg.max_bindings = SIP_LOCATION_MAX_BINDINGS;
	*out = loc;
	return 0;
}

void sip_location_destroy(struct sip_location *loc)
{
	if (loc == NULL)
		return;
	for (size_t i = 0; i < loc->count; i++)
		free(loc->aors[i].bindings);
	free(loc->aors);
	free(loc);
}

const struct sip_location_config *sip_location_config(const struct sip_location *loc)
{
	return &loc->cfg;
}

/* ---- Canonical AORs (§10.3 step 5) ---------------------------------------------- */

/* Appends `len` bytes, lower-cased when asked; false when they do not fit. */
static bool put(char *buf, size_t cap, size_t *n, const char *s, size_t len, bool lower)
{
	if (len >= cap - *n)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		buf[(*n)++] = lower && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	buf[*n] = '\0';
	return true;
}

/* The unescaped user part followed by '@'; nothing for an absent user. */
static int put_user(struct sip_str user, char *buf, size_t cap, size_t *n)
{
	size_t len;

	if (user.p == NULL)
		return 0;
	/* RFC3261 10.3: "any escaped characters MUST be converted to their unescaped
	 * form." */
	int rc = sip_str_unescape(user, buf + *n, cap - *n, &len);

	if (rc != 0)
		return rc;
	if (memchr(buf + *n, '\0', len) != NULL)
		return EBADMSG;  /* "%00": a key is a C string */
	*n += len;
	return put(buf, cap, n, "@", 1, false) ? 0 : ENOBUFS;
}

int sip_location_key(enum sip_uri_scheme scheme, struct sip_str user, const char *host,
		     char *buf, size_t cap)
{
	const char *name = scheme == SIP_URI_SIP ? "sip:" : "sips:";
	size_t n = 0;

	if ((scheme != SIP_URI_SIP && scheme != SIP_URI_SIPS) || host == NULL || *host == '\0')
		return EINVAL;
	if (cap == 0)
		return ENOBUFS;
	buf[0] = '\0';
	if (!put(buf, cap, &n, name, strlen(name), false))
		return ENOBUFS;
	int rc = put_user(user, buf, cap, &n);

	if (rc != 0)
		return rc;
	return put(buf, cap, &n, host, strlen(host), true) ? 0 : ENOBUFS;
}

int sip_location_canonical(const struct sip_uri *uri, char *buf, size_t cap)
{
	char host[SIP_LOCATION_AOR_SIZE];
	size_t n = 0;

	if (uri->host.len == 0 || uri->host.len >= sizeof(host) - 6)
		return uri->host.len == 0 ? EINVAL : ENOBUFS;
	if (!put(host, sizeof(host), &n, uri->host.p, uri->host.len, false))
		return ENOBUFS;
	/* §10.3 removes parameters only: an explicit port stays part of the AOR. */
	if (uri->port >= 0) {
		char port[8];
		int len = snprintf(port, sizeof(port), ":%d", uri->port);

		(void)put(host, sizeof(host), &n, port, (size_t)len, false);
	}
	return sip_location_key(uri->scheme, uri->user, host, buf, cap);
}

/* ---- The table ------------------------------------------------------------------ */

static struct location_aor *aor_find(const struct sip_location *loc, const char *aor)
{
	for (size_t i = 0; i < loc->count; i++)
		if (strcmp(loc->aors[i].aor, aor) == 0)
			return &loc->aors[i];
	return NULL;
}

static void aor_remove(struct sip_location *loc, struct location_aor *a)
{
	size_t i = (size_t)(a - loc->aors);

	free(a->bindings);
	loc->aors[i] = loc->aors[loc->count - 1];
	loc->count--;
}

/* Drops the expired bindings of one AOR (the order of the rest is kept) and the AOR
 * itself when none is left.  Returns how many bindings went. */
static size_t aor_purge(struct sip_location *loc, struct location_aor *a, uint64_t now_us)
{
	size_t kept = 0, before = a->count;

	for (size_t i = 0; i < a->count; i++)
		if (a->bindings[i].expires_us > now_us)
			a->bindings[kept++] = a->bindings[i];
	a->count = kept;
	if (kept == 0)
		aor_remove(loc, a);
	return before - kept;
}

const struct sip_binding *sip_location_lookup(struct sip_location *loc, const char *aor,
					      uint64_t now_us, size_t *count)
{
	struct location_aor *a = aor_find(loc, aor);

	*count = 0;
	if (a == NULL)
		return NULL;
	(void)aor_purge(loc, a, now_us);
	a = aor_find(loc, aor);
	if (a == NULL)
		return NULL;
	*count = a->count;
	return a->bindings;
}

static int effective_q(const struct sip_binding *b)
{
	return b->q < 0 ? SIP_LOCATION_Q_DEFAULT : b->q;
}

/* Insertion sort, stable: highest q first, equal q in the order given. */
static void sort_by_q(struct sip_binding *b, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct sip_binding cur = b[i];
		size_t j = i;

		for (; j > 0 && effective_q(&b[j - 1]) < effective_q(&cur); j--)
			b[j] = b[j - 1];
		b[j] = cur;
	}
}

static bool binding_valid(const struct sip_binding *b)
{
	return memchr(b->uri, '\0', sizeof(b->uri)) != NULL && b->uri[0] != '\0' &&
	       memchr(b->call_id, '\0', sizeof(b->call_id)) != NULL;
}

/* Copies the live bindings into a new sorted array.  Returns 0, EINVAL, ENOBUFS or
 * ENOMEM; *out is NULL when none is live. */
static int bindings_copy(const struct sip_location *loc, const struct sip_binding *in, size_t n,
			 uint64_t now_us, struct sip_binding **out, size_t *kept)
{
	size_t live = 0;

	*out = NULL;
	*kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (!binding_valid(&in[i]))
			return EINVAL;
		live += in[i].expires_us > now_us;
	}
	if (live > loc->cfg.max_bindings)
		return ENOBUFS;
	if (live == 0)
		return 0;
	*out = malloc(live * sizeof(**out));
	if (*out == NULL)
		return ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (in[i].expires_us > now_us)
			(*out)[(*kept)++] = in[i];
	sort_by_q(*out, *kept);
	return 0;
}

/* A record for a new AOR, growing the array as needed.  NULL: ENOBUFS / ENOMEM. */
static struct location_aor *aor_add(struct sip_location *loc, const char *aor, int *err)
{
	if (loc->count == loc->cap) {
		size_t cap = loc->cap == 0 ? 16 : loc->cap * 2;
		struct location_aor *grown;

		if (cap > loc->cfg.max_aors)
			cap = loc->cfg.max_aors;
		if (cap <= loc->count) {
			*err = ENOBUFS;
			return NULL;
		}
		grown = realloc(loc->aors, cap * sizeof(*grown));
		if (grown == NULL) {
			*err = ENOMEM;
			return NULL;
		}
		loc->aors = grown;
		loc->cap = cap;
	}
	struct location_aor *a = &loc->aors[loc->count++];

	memset(a, 0, sizeof(*a));
	memcpy(a->aor, aor, strlen(aor) + 1);
	return a;
}

int sip_location_replace(struct sip_location *loc, const char *aor,
			 const struct sip_binding *bindings, size_t n, uint64_t now_us)
{
	struct sip_binding *copy;
	size_t kept;
	size_t len = strlen(aor);

	if (len == 0 || len >= SIP_LOCATION_AOR_SIZE)
		return EINVAL;
	int rc = bindings_copy(loc, bindings, n, now_us, &copy, &kept);

	if (rc != 0)
		return rc;
	struct location_aor *a = aor_find(loc, aor);

	if (a == NULL && kept > 0) {
		/* Expired AORs make room before the table counts as full. */
		(void)sip_location_expire(loc, now_us);
		a = aor_add(loc, aor, &rc);
		if (a == NULL) {
			free(copy);
			return rc;
		}
	}
	if (a == NULL)
		return 0;  /* nothing stored, nothing to store */
	free(a->bindings);
	a->bindings = copy;
	a->count = kept;
	if (kept == 0)
		aor_remove(loc, a);
	return 0;
}

const struct sip_binding *sip_location_find_contact(const struct sip_location *loc,
						    const struct sip_uri *uri, uint64_t now_us,
						    const char **aor)
{
	for (size_t i = 0; i < loc->count; i++) {
		const struct location_aor *a = &loc->aors[i];

		for (size_t j = 0; j < a->count; j++) {
			const struct sip_binding *b = &a->bindings[j];
			struct sip_uri stored;

			if (b->expires_us <= now_us ||
			    sip_uri_parse(&stored, b->uri, strlen(b->uri), NULL) != 0 ||
			    !sip_uri_equal(&stored, uri))
				continue;
			if (aor != NULL)
				*aor = a->aor;
			return b;
		}
	}
	return NULL;
}

size_t sip_location_expire(struct sip_location *loc, uint64_t now_us)
{
	size_t gone = 0;

	/* aor_purge may move the last record into slot i: walk backwards. */
	for (size_t i = loc->count; i-- > 0;)
		gone += aor_purge(loc, &loc->aors[i], now_us);
	return gone;
}

size_t sip_location_aor_count(const struct sip_location *loc)
{
	return loc->count;
}

void sip_location_foreach(struct sip_location *loc, uint64_t now_us, sip_location_visit_cb cb,
			  void *arg)
{
	(void)sip_location_expire(loc, now_us);
	for (size_t i = 0; i < loc->count; i++)
		cb(arg, loc->aors[i].aor, loc->aors[i].bindings, loc->aors[i].count);
}

uint32_t sip_binding_remaining_s(const struct sip_binding *b, uint64_t now_us)
{
	if (b->expires_us <= now_us)
		return 0;
	uint64_t left = b->expires_us - now_us;
	uint64_t s = left / 1000000 + (left % 1000000 != 0);

	return s > UINT32_MAX ? UINT32_MAX : (uint32_t)s;
}
