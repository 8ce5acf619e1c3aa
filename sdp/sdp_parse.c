/* sdp/sdp_parse.c - from SDP text to a struct sdp_session: lines, order, dispatch.
 *
 * Implements RFC4566 5: records "<type>=<value>" ended by CRLF (or, tolerated, a bare LF),
 * the fixed order of the fields, which are mandatory and which may repeat, and the rule
 * that an unknown type letter invalidates the whole description.  Each value goes to its
 * field parser (sdp_fields.c, sdp_attr.c).  At the end, the checks that span lines: a
 * t= line, and a c= at session level or in every media section (5.7).
 *
 * Leaves out: several session descriptions in one body (a second v= is an error, as
 * RFC3264 5 allows exactly one).
 */
#include "sdp/sdp.h"
#include "sdp/sdp_internal.h"

#include <errno.h>
#include <string.h>

enum section { SECTION_SESSION, SECTION_MEDIA };

/* RFC4566 5: "Some lines in each description are REQUIRED and some are OPTIONAL, but all
 * MUST appear in exactly the order given here".  One row per type letter: its place in
 * that order and whether it may repeat.  The media section restarts the count at m=. */
struct order_rule {
	char type;
	unsigned char rank;
	bool repeats;
};

static const struct order_rule session_order[] = {
	{ 'v', 0, false }, { 'o', 1, false }, { 's', 2, false }, { 'i', 3, false },
	{ 'u', 4, false }, { 'e', 5, true },  { 'p', 6, true },  { 'c', 7, false },
	{ 'b', 8, true },  { 't', 9, true },  { 'r', 10, true }, { 'z', 11, false },
	{ 'k', 12, false }, { 'a', 13, true }, { 'm', 14, true },
};

static const struct order_rule media_order[] = {
	{ 'm', 0, true }, { 'i', 1, false }, { 'c', 2, true }, { 'b', 3, true },
	{ 'k', 4, false }, { 'a', 5, true },
};

#define N_SESSION_ORDER (sizeof session_order / sizeof session_order[0])
#define N_MEDIA_ORDER (sizeof media_order / sizeof media_order[0])
#define RANK_R 10  /* r=: a t= may follow it (the next time description) */

struct parser {
	struct sdp_session *s;
	struct sdp_error *err;
	unsigned line;                       /* current line, 1-based */
	size_t offset;                       /* its first byte in the input */
	enum section section;
	int rank;                            /* rank of the previous line; -1 before v= */
	char last_type;                      /* type letter of the previous line */
	unsigned media_line[SDP_MAX_MEDIA];  /* line of each m=, for late errors */
	size_t media_offset[SDP_MAX_MEDIA];
};

static int fail_at(struct parser *p, unsigned line, size_t offset, int rc, const char *reason)
{
	if (p->err != NULL) {
		p->err->line = line;
		p->err->offset = offset;
		p->err->reason = reason;
	}
	return rc;
}

static int fail(struct parser *p, int rc, const char *reason)
{
	return fail_at(p, p->line, p->offset, rc, reason);
}

static const struct order_rule *find_rule(const struct order_rule *rules, size_t n, char type)
{
	for (size_t i = 0; i < n; i++)
		if (rules[i].type == type)
			return &rules[i];
	return NULL;
}

/* The mandatory head v= o= s=, in that order, with nothing before or between. */
static int check_head(struct parser *p, char type)
{
	if (p->rank < 0 && type != 'v')
		return fail(p, EBADMSG, "the description must start with v= (RFC4566 5)");
	if (p->rank == 0 && type != 'o')
		return fail(p, EBADMSG, "o= must follow v= (RFC4566 5)");
	if (p->rank == 1 && type != 's')
		return fail(p, EBADMSG, "s= must follow o= (RFC4566 5)");
	return 0;
}

static int check_order(struct parser *p, char type)
{
	bool media = p->section == SECTION_MEDIA;
	const struct order_rule *rule = media ? find_rule(media_order, N_MEDIA_ORDER, type) :
		find_rule(session_order, N_SESSION_ORDER, type);

	if (type == 'v' && p->rank >= 0)
		return fail(p, EBADMSG, "second v= line: an offer or answer holds exactly one "
			    "session description (RFC3264 5)");
	if (rule == NULL && find_rule(session_order, N_SESSION_ORDER, type) == NULL)
		return fail(p, EBADMSG, "unknown type letter: RFC4566 5 says to ignore the "
			    "whole description");
	if (rule == NULL)
		return fail(p, EBADMSG, "this type letter is not allowed in a media section "
			    "(RFC4566 5)");
	int rc = media ? 0 : check_head(p, type);

	if (rc != 0 || type == 'm')
		return rc;
	bool new_time = type == 't' && !media && p->rank == RANK_R;

	if (rule->rank == p->rank && !rule->repeats)
		return fail(p, EBADMSG, "this line may appear only once here (RFC4566 5)");
	if (rule->rank < p->rank && !new_time)
		return fail(p, EBADMSG, "line out of the order RFC4566 5 fixes "
			    "(v o s i u e p c b t r z k a, then m i c b k a)");
	if (type == 'r' && p->last_type != 't' && p->last_type != 'r')
		return fail(p, EBADMSG, "r= must follow a t= line (RFC4566 5.10)");
	if (!media && rule->rank > RANK_R && p->s->n_time == 0)
		return fail(p, EBADMSG, "t= missing: at least one is required (RFC4566 5)");
	p->rank = rule->rank;
	return 0;
}

static struct sdp_media *current_media(struct parser *p)
{
	return p->section == SECTION_MEDIA ? &p->s->media[p->s->n_media - 1] : NULL;
}

/* m= opens a new media section: remember where, for the late c= check. */
static int start_media(struct parser *p, char *value, const char **reason)
{
	if (p->section == SECTION_SESSION && p->s->n_time == 0) {
		*reason = "t= missing: at least one is required (RFC4566 5)";
		return EBADMSG;
	}
	int rc = sdp_field_media(p->s, value, reason);

	if (rc != 0)
		return rc;
	p->media_line[p->s->n_media - 1] = p->line;
	p->media_offset[p->s->n_media - 1] = p->offset;
	p->section = SECTION_MEDIA;
	p->rank = 0;
	return 0;
}

static int dispatch(struct parser *p, char type, char *value, const char **reason)
{
	struct sdp_session *s = p->s;
	struct sdp_media *m = current_media(p);

	switch (type) {
	case 'v': return sdp_field_version(s, value, reason);
	case 'o': return sdp_field_origin(s, value, reason);
	case 's': return sdp_field_text(&s->name, value, true, reason);
	case 'i': return sdp_field_text(m != NULL ? &m->info : &s->info, value, false, reason);
	case 'u': return sdp_field_text(&s->uri, value, false, reason);
	case 'e':
	case 'p': return sdp_field_contact(s, type, value, reason);
	case 'c': return sdp_field_conn(s, m, value, reason);
	case 'b': return sdp_field_bandwidth(s, m, value, reason);
	case 't': return sdp_field_time(s, value, reason);
	case 'r': return sdp_field_repeat(s, value, reason);
	case 'z': return sdp_field_zone(s, value, reason);
	case 'k': return sdp_field_key(m != NULL ? &m->key : &s->key, value, reason);
	case 'a': return sdp_field_attr(s, m, value, reason);
	default:  return start_media(p, value, reason);  /* check_order admits only m= */
	}
}

/* One record, already cut out of the pool and NUL-terminated (CR and LF removed). */
static int parse_line(struct parser *p, char *line, size_t len)
{
	if (memchr(line, '\0', len) != NULL)
		return fail(p, EBADMSG, "NUL byte in a line (RFC4566 5)");
	if (memchr(line, '\r', len) != NULL)
		return fail(p, EBADMSG, "CR inside a line: records end in CRLF (RFC4566 5)");
	/* RFC4566 5: "<type> MUST be exactly one case-significant character" and "Whitespace
	 * MUST NOT be used on either side of the "=" sign." */
	if (len < 2 || line[1] != '=')
		return fail(p, EBADMSG, "not a <type>=<value> line: one letter, then '=' with no "
			    "space around it (RFC4566 5)");
	int rc = check_order(p, line[0]);

	if (rc != 0)
		return rc;
	const char *reason = "malformed line";

	rc = dispatch(p, line[0], line + 2, &reason);
	if (rc != 0)
		return fail(p, rc, reason);
	p->last_type = line[0];
	return 0;
}

/* RFC4566 5.7: "A session description MUST contain either at least one "c=" field in
 * each media description or a single "c=" field at the session level." */
static int finish(struct parser *p)
{
	const struct sdp_session *s = p->s;

	if (p->rank < 0)
		return fail_at(p, 0, 0, EBADMSG, "empty description: v= missing (RFC4566 5)");
	if (p->rank < 2 && p->section == SECTION_SESSION)
		return fail_at(p, 0, 0, EBADMSG, "o= or s= missing (RFC4566 5)");
	if (s->n_time == 0)
		return fail_at(p, 0, 0, EBADMSG, "t= missing: at least one is required "
			       "(RFC4566 5)");
	for (unsigned i = 0; i < s->n_media; i++)
		if (!s->has_conn && s->media[i].n_conn == 0)
			return fail_at(p, p->media_line[i], p->media_offset[i], EBADMSG,
				       "no c= in this media section nor at session level "
				       "(RFC4566 5.7)");
	return 0;
}

/* Only CR and LF left: blank lines at the very end are tolerated. */
static bool only_line_ends(const char *from, const char *end)
{
	for (; from < end; from++)
		if (*from != '\r' && *from != '\n')
			return false;
	return true;
}

int sdp_parse(struct sdp_session *s, const char *text, size_t len, struct sdp_error *err)
{
	struct parser p = { .s = s, .err = err, .section = SECTION_SESSION, .rank = -1 };

	sdp_session_clear(s);
	if (text == NULL && len > 0)
		return fail_at(&p, 0, 0, EINVAL, "no text");
	if (len >= SDP_TEXT_MAX)
		return fail_at(&p, 0, 0, ENOBUFS, "longer than SDP_TEXT_MAX");
	if (len > 0)
		memcpy(s->text, text, len);
	s->text[len] = '\0';
	s->text_used = len + 1;
	for (char *cur = s->text, *end = s->text + len; cur < end;) {
		char *nl = memchr(cur, '\n', (size_t)(end - cur));
		char *stop = nl != NULL ? nl : end;
		char *next = nl != NULL ? nl + 1 : end;

		p.line++;
		p.offset = (size_t)(cur - s->text);
		if (stop > cur && stop[-1] == '\r')
			stop--;
		*stop = '\0';
		if (stop == cur && only_line_ends(next, end))
			break;
		if (stop == cur)
			return fail(&p, EBADMSG, "empty line (RFC4566 5)");
		int rc = parse_line(&p, cur, (size_t)(stop - cur));

		if (rc != 0)
			return rc;
		cur = next;
	}
	return finish(&p);
}
