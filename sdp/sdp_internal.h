/* sdp/sdp_internal.h - what the files of sdp/ share and nobody else needs.
 *
 * The field parsers (sdp_fields.c) and attribute checks (sdp_attr.c) called by the line
 * loop (sdp_parse.c), the text pool, and the small scanners they all use.  A field parser
 * gets the value after "x=" as a mutable NUL-terminated string inside the pool; it may cut
 * it into pieces in place.  It returns 0, EBADMSG or ENOBUFS and sets *reason.
 */
#ifndef SDP_SDP_INTERNAL_H
#define SDP_SDP_INTERNAL_H

#include "sdp/sdp.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- text pool (sdp_session.c) --- */

/* Copies `len` bytes of `str` and a NUL into the pool; NULL when it does not fit. */
const char *sdp_pool_strndup(struct sdp_session *s, const char *str, size_t len);

/* Zeroes the session-level fields and counts (not the media array, not the pool). */
void sdp_session_clear(struct sdp_session *s);

/* Decimal text of v into buf; returns buf. */
char *sdp_u64_text(uint64_t v, char buf[21]);

/* --- scanners (sdp_fields.c) --- */

/* Cuts the next space-separated field off *cur and returns it (NUL-terminated); *cur
 * moves past the space, or becomes NULL after the last field.  NULL when *cur is NULL.
 * Two spaces in a row, or a trailing space, yield an empty field "". */
char *sdp_split(char **cur);

/* 1*DIGIT as a whole string, at most `max`.  Returns 0, EBADMSG or ERANGE. */
int sdp_parse_u64(const char *str, uint64_t max, uint64_t *out);

/* RFC4566 9: token = 1*(token-char). */
bool sdp_is_token(const char *str);

/* True for "0.0.0.0" and "::": the RFC 2543 way of saying "do not send to me". */
bool sdp_conn_is_null(const struct sdp_conn *c);

/* True for an IPv4 224.0.0.0/4 or IPv6 ff00::/8 literal. */
bool sdp_conn_is_multicast(const struct sdp_conn *c);

/* --- field parsers (sdp_fields.c): one per type letter --- */

int sdp_field_version(struct sdp_session *s, char *value, const char **reason);
int sdp_field_origin(struct sdp_session *s, char *value, const char **reason);
int sdp_field_text(const char **slot, char *value, bool may_be_empty, const char **reason);
int sdp_field_contact(struct sdp_session *s, char type, char *value, const char **reason);
int sdp_field_conn(struct sdp_session *s, struct sdp_media *m, char *value,
		   const char **reason);
int sdp_field_bandwidth(struct sdp_session *s, struct sdp_media *m, char *value,
			const char **reason);
int sdp_field_time(struct sdp_session *s, char *value, const char **reason);
int sdp_field_repeat(struct sdp_session *s, char *value, const char **reason);
int sdp_field_zone(struct sdp_session *s, char *value, const char **reason);
int sdp_field_key(const char **slot, char *value, const char **reason);
int sdp_field_media(struct sdp_session *s, char *value, const char **reason);

/* a= lines (sdp_attr.c): splits name and value and checks the attributes we interpret. */
int sdp_field_attr(struct sdp_session *s, struct sdp_media *m, char *value,
		   const char **reason);

/* Parses an rtpmap value "96 telephone-event/8000[/1]".  Returns 0, EBADMSG or ENOBUFS
 * (encoding name longer than SDP_ENCODING_MAX - 1). */
int sdp_rtpmap_parse(const char *value, struct sdp_rtpmap *out, const char **reason);

/* The payload type number of a format string of an RTP m= line; -1 if it is not one. */
int sdp_fmt_pt(const char *fmt);

#endif
