/* sdp/sdp_attr.c - a= lines: parsing, checking the ones we interpret, reading them back.
 *
 * Implements RFC4566 5.13 (property and value attributes, unknown ones kept) and the
 * RFC4566 6 attributes a phone acts on: rtpmap (with the RFC3551 6 static payload types
 * as fallback), fmtp, ptime, and the four direction attributes with their session-level
 * default.  Everything else is stored as name and value and printed back unchanged.
 *
 * Leaves out: interpreting cat, keywds, tool, maxptime, orient, type, charset, sdplang,
 * lang, framerate, quality (kept, not checked).
 */
#include "sdp/sdp.h"
#include "sdp/sdp_internal.h"

#include <errno.h>
#include <string.h>

static const char *const dir_names[] = {
	[SDP_DIR_NONE] = "",
	[SDP_DIR_SENDRECV] = "sendrecv",
	[SDP_DIR_SENDONLY] = "sendonly",
	[SDP_DIR_RECVONLY] = "recvonly",
	[SDP_DIR_INACTIVE] = "inactive",
};

/* RFC3551 6, Tables 4 and 5: payload types with a static meaning under RTP/AVP. */
static const struct {
	unsigned char pt;
	const char *encoding;
	uint32_t clock_rate;
	unsigned char channels;
} static_pts[] = {
	{ 0, "PCMU", 8000, 1 },    { 3, "GSM", 8000, 1 },     { 4, "G723", 8000, 1 },
	{ 5, "DVI4", 8000, 1 },    { 6, "DVI4", 16000, 1 },   { 7, "LPC", 8000, 1 },
	{ 8, "PCMA", 8000, 1 },    { 9, "G722", 8000, 1 },    { 10, "L16", 44100, 2 },
	{ 11, "L16", 44100, 1 },   { 12, "QCELP", 8000, 1 },  { 13, "CN", 8000, 1 },
	{ 14, "MPA", 90000, 1 },   { 15, "G728", 8000, 1 },   { 16, "DVI4", 11025, 1 },
	{ 17, "DVI4", 22050, 1 },  { 18, "G729", 8000, 1 },   { 25, "CelB", 90000, 1 },
	{ 26, "JPEG", 90000, 1 },  { 28, "nv", 90000, 1 },    { 31, "H261", 90000, 1 },
	{ 32, "MPV", 90000, 1 },   { 33, "MP2T", 90000, 1 },  { 34, "H263", 90000, 1 },
};

const char *sdp_dir_name(enum sdp_dir dir)
{
	return (unsigned)dir < sizeof dir_names / sizeof dir_names[0] ? dir_names[dir] : "";
}

static enum sdp_dir dir_of(const char *name)
{
	for (unsigned d = SDP_DIR_SENDRECV; d <= SDP_DIR_INACTIVE; d++)
		if (strcmp(name, dir_names[d]) == 0)
			return (enum sdp_dir)d;
	return SDP_DIR_NONE;
}

const struct sdp_attr *sdp_attr_find(const struct sdp_attr *attrs, unsigned n,
				     const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (strcmp(attrs[i].name, name) == 0)
			return &attrs[i];
	return NULL;
}

enum sdp_dir sdp_attrs_dir(const struct sdp_attr *attrs, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		enum sdp_dir d = dir_of(attrs[i].name);

		if (d != SDP_DIR_NONE)
			return d;
	}
	return SDP_DIR_NONE;
}

enum sdp_dir sdp_media_dir(const struct sdp_session *s, const struct sdp_media *m)
{
	enum sdp_dir d = sdp_attrs_dir(m->attr, m->n_attr);

	/* RFC4566 5: "session-level values are the default for all media unless overridden
	 * by an equivalent media-level value."  RFC4566 6: "If none of the attributes
	 * "sendonly", "recvonly", "inactive", and "sendrecv" is present, "sendrecv" SHOULD
	 * be assumed" */
	if (d == SDP_DIR_NONE)
		d = sdp_attrs_dir(s->attr, s->n_attr);
	return d == SDP_DIR_NONE ? SDP_DIR_SENDRECV : d;
}

const struct sdp_conn *sdp_media_conn(const struct sdp_session *s, const struct sdp_media *m)
{
	if (m->n_conn > 0)
		return &m->conn[0];
	return s->has_conn ? &s->conn : NULL;
}

bool sdp_proto_is_rtp(const char *proto)
{
	return strncmp(proto, "RTP/", 4) == 0 || strstr(proto, "/RTP/") != NULL;
}

/* Reads the leading payload type of "96 ...", moving *p past it and the space. */
static int leading_pt(const char **p, const char **reason)
{
	const char *sp = strchr(*p, ' ');
	char num[4];
	size_t len = sp != NULL ? (size_t)(sp - *p) : 0;

	*reason = "a=rtpmap/fmtp: must start with a payload type 0-127 and a space "
		  "(RFC4566 6)";
	if (len == 0 || len >= sizeof num)
		return -1;
	memcpy(num, *p, len);
	num[len] = '\0';
	*p = sp + 1;
	return sdp_fmt_pt(num);
}

/* "<encoding name>/<clock rate>[/<encoding parameters>]" after the payload type. */
static int parse_encoding(const char *p, struct sdp_rtpmap *out, const char **reason)
{
	const char *slash = strchr(p, '/');
	size_t len = slash != NULL ? (size_t)(slash - p) : 0;
	char num[24];

	*reason = "a=rtpmap: needs <payload type> <encoding>/<clock rate>[/<channels>] "
		  "(RFC4566 6)";
	if (len == 0 || strchr(p, ' ') != NULL)
		return EBADMSG;
	if (len >= SDP_ENCODING_MAX) {
		*reason = "a=rtpmap: encoding name longer than SDP_ENCODING_MAX - 1";
		return ENOBUFS;
	}
	memcpy(out->encoding, p, len);
	out->encoding[len] = '\0';
	const char *rate = slash + 1;
	const char *chan = strchr(rate, '/');
	size_t rlen = chan != NULL ? (size_t)(chan - rate) : strlen(rate);
	uint64_t v;

	if (rlen == 0 || rlen >= sizeof num)
		return EBADMSG;
	memcpy(num, rate, rlen);
	num[rlen] = '\0';
	if (sdp_parse_u64(num, UINT32_MAX, &v) != 0 || v == 0)
		return EBADMSG;
	out->clock_rate = (uint32_t)v;
	out->channels = 1;  /* RFC4566 6: "may be omitted if the number of channels is one" */
	if (chan != NULL && (sdp_parse_u64(chan + 1, 255, &v) != 0 || v == 0))
		return EBADMSG;
	if (chan != NULL)
		out->channels = (unsigned)v;
	return 0;
}

int sdp_rtpmap_parse(const char *value, struct sdp_rtpmap *out, const char **reason)
{
	const char *p = value;

	if (value == NULL) {
		*reason = "a=rtpmap: value missing (RFC4566 6)";
		return EBADMSG;
	}
	int pt = leading_pt(&p, reason);

	if (pt < 0)
		return EBADMSG;
	out->pt = (unsigned)pt;
	return parse_encoding(p, out, reason);
}

static int check_rtpmap(const struct sdp_attr *list, unsigned n, const char *value,
			const char **reason)
{
	struct sdp_rtpmap r, other;
	int rc = sdp_rtpmap_parse(value, &r, reason);

	if (rc != 0)
		return rc;
	/* RFC4566 6: "Up to one rtpmap attribute can be defined for each media format
	 * specified." */
	for (unsigned i = 0; i < n; i++)
		if (strcmp(list[i].name, "rtpmap") == 0 &&
		    sdp_rtpmap_parse(list[i].value, &other, reason) == 0 && other.pt == r.pt) {
			*reason = "a=rtpmap: second rtpmap for one payload type (RFC4566 6)";
			return EBADMSG;
		}
	return 0;
}

static int check_value_attr(const struct sdp_attr *a, const char **reason)
{
	uint64_t v;

	if (strcmp(a->name, "fmtp") == 0) {
		/* RFC4566 6: a=fmtp:<format> <format specific parameters> */
		const char *sp = a->value != NULL ? strchr(a->value, ' ') : NULL;

		if (sp == NULL || sp == a->value || sp[1] == '\0') {
			*reason = "a=fmtp: needs <format> <parameters> (RFC4566 6)";
			return EBADMSG;
		}
	}
	/* RFC3264 5: "The ptime attribute MUST be greater than zero." */
	if (strcmp(a->name, "ptime") == 0 &&
	    (a->value == NULL || sdp_parse_u64(a->value, UINT32_MAX, &v) != 0 || v == 0)) {
		*reason = "a=ptime: milliseconds, a whole number above zero (RFC3264 5)";
		return EBADMSG;
	}
	return 0;
}

static int check_attr(const struct sdp_attr *list, unsigned n, const struct sdp_attr *a,
		      bool media_level, const char **reason)
{
	if (dir_of(a->name) != SDP_DIR_NONE) {
		if (a->value != NULL) {
			*reason = "a=sendrecv/sendonly/recvonly/inactive take no value (RFC4566 6)";
			return EBADMSG;
		}
		if (sdp_attrs_dir(list, n) != SDP_DIR_NONE) {
			*reason = "two direction attributes at one level (RFC4566 6)";
			return EBADMSG;
		}
		return 0;
	}
	if (!media_level)
		return 0;  /* rtpmap and friends are media-level; elsewhere they are kept as is */
	if (strcmp(a->name, "rtpmap") == 0)
		return check_rtpmap(list, n, a->value, reason);
	return check_value_attr(a, reason);
}

int sdp_field_attr(struct sdp_session *s, struct sdp_media *m, char *value,
		   const char **reason)
{
	struct sdp_attr *list = m != NULL ? m->attr : s->attr;
	unsigned *n = m != NULL ? &m->n_attr : &s->n_attr;
	char *colon = strchr(value, ':');
	struct sdp_attr a = { value, NULL };

	if (colon != NULL) {
		*colon = '\0';
		a.value = colon + 1;
	}
	/* RFC4566 9: attribute = (att-field ":" att-value) / att-field, att-field = token,
	 * att-value = byte-string (one byte or more) */
	if (!sdp_is_token(a.name) || (a.value != NULL && a.value[0] == '\0')) {
		*reason = "a=: needs <name> or <name>:<value>, the name a token (RFC4566 5.13)";
		return EBADMSG;
	}
	int rc = check_attr(list, *n, &a, m != NULL, reason);

	if (rc != 0)
		return rc;
	if (*n >= SDP_MAX_ATTRS) {
		*reason = "more a= lines at one level than SDP_MAX_ATTRS";
		return ENOBUFS;
	}
	list[(*n)++] = a;
	return 0;
}

int sdp_media_rtpmap(const struct sdp_media *m, unsigned pt, struct sdp_rtpmap *out)
{
	const char *reason;

	for (unsigned i = 0; i < m->n_attr; i++)
		if (strcmp(m->attr[i].name, "rtpmap") == 0 &&
		    sdp_rtpmap_parse(m->attr[i].value, out, &reason) == 0 && out->pt == pt)
			return 0;
	/* RFC3264 5.1: "If there is no "a=rtpmap", the default payload type mapping, as
	 * defined by the current profile in use (for example, RFC 1890 [5]) is to be used." */
	for (size_t i = 0; i < sizeof static_pts / sizeof static_pts[0]; i++)
		if (static_pts[i].pt == pt) {
			out->pt = pt;
			memcpy(out->encoding, static_pts[i].encoding,
			       strlen(static_pts[i].encoding) + 1);
			out->clock_rate = static_pts[i].clock_rate;
			out->channels = static_pts[i].channels;
			return 0;
		}
	return ENOENT;
}

const char *sdp_media_fmtp(const struct sdp_media *m, unsigned pt)
{
	for (unsigned i = 0; i < m->n_attr; i++) {
		const char *p = m->attr[i].value;
		const char *reason;

		if (strcmp(m->attr[i].name, "fmtp") == 0 && p != NULL &&
		    leading_pt(&p, &reason) == (int)pt)
			return p;
	}
	return NULL;
}

unsigned sdp_media_ptime(const struct sdp_media *m)
{
	const struct sdp_attr *a = sdp_attr_find(m->attr, m->n_attr, "ptime");
	uint64_t v;

	if (a == NULL || a->value == NULL || sdp_parse_u64(a->value, UINT32_MAX, &v) != 0)
		return 0;
	return (unsigned)v;
}
