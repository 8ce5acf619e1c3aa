/* sdp/sdp.h - SDP session descriptions: the model, the parser and the printer.
 *
 * Implements RFC4566 5 (every field: v o s i u e p c b t r z k a m, in the fixed order
 * that section gives, with the syntax of the 9 grammar) and the 6 attributes a phone
 * needs (rtpmap, fmtp, ptime, sendrecv/sendonly/recvonly/inactive).  Every other
 * attribute is kept as name and value and printed back unchanged.
 *
 * Ownership: a struct sdp_session owns one text pool (`text` below).  sdp_parse() copies
 * the input once into it and cuts it into NUL-terminated fields; the builders copy new
 * strings into it.  Every `const char *` in these structures points into that pool or at
 * a string literal, never at caller memory.  So a session is NOT copied with `=` (the
 * copy would point into the old pool): use sdp_session_copy().
 *
 * Capacities are the named constants below; input that needs more gets ENOBUFS, never a
 * crash.  Errors: 0, EBADMSG (malformed, with line and reason), ENOBUFS (capacity),
 * EINVAL (bad argument).
 *
 * Leaves out: several session descriptions in one body (RFC3264 5 allows exactly one),
 * a=charset (text is kept as bytes), checking e=/p=/u= against RFC 2822/3986 (kept as
 * text), r=/z= arithmetic beyond sdp_typed_time_parse().
 */
#ifndef SDP_SDP_H
#define SDP_SDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SDP_TEXT_MAX       8192 /* bytes in the text pool; longer SDP gets ENOBUFS */
#define SDP_MAX_MEDIA      8    /* m= sections */
#define SDP_MAX_FORMATS    32   /* <fmt> entries on one m= line */
#define SDP_MAX_ATTRS      40   /* a= lines at one level (session or one media) */
#define SDP_MAX_BANDWIDTHS 4    /* b= lines at one level */
#define SDP_MAX_CONNS      4    /* c= lines in one media section (layered multicast) */
#define SDP_MAX_TIMES      4    /* t= lines */
#define SDP_MAX_REPEATS    4    /* r= lines after one t= */
#define SDP_MAX_CONTACTS   4    /* e= lines, and as many p= lines */
#define SDP_ENCODING_MAX   32   /* rtpmap encoding name, NUL included ("telephone-event") */

/* Where the parser gave up.  `reason` is a static string naming the field and the rule. */
struct sdp_error {
	unsigned line;       /* 1-based line of the fault; 0: not tied to one line */
	size_t offset;       /* byte offset of that line in the input */
	const char *reason;  /* static text, e.g. "m=: port is not a number 0-65535" */
};

/* The direction attributes of RFC4566 6.  NONE means "no attribute": sendrecv by default. */
enum sdp_dir {
	SDP_DIR_NONE,
	SDP_DIR_SENDRECV,
	SDP_DIR_SENDONLY,
	SDP_DIR_RECVONLY,
	SDP_DIR_INACTIVE
};

/* c=<nettype> <addrtype> <connection-address>, RFC4566 5.7. */
struct sdp_conn {
	const char *nettype;  /* "IN" */
	const char *addrtype; /* "IP4" or "IP6" (others kept as text) */
	const char *addr;     /* address or FQDN, without /ttl or /count; IPv6 without [] */
	int ttl;              /* IPv4 multicast TTL 0-255; -1: none */
	unsigned count;       /* multicast "number of addresses"; 0: not written */
};

/* b=<bwtype>:<bandwidth>, RFC4566 5.8. */
struct sdp_bw {
	const char *type;     /* "AS", "CT", or any token (unknown ones are kept) */
	uint64_t kbps;        /* kilobits per second */
};

/* a=<name> or a=<name>:<value>, RFC4566 5.13. */
struct sdp_attr {
	const char *name;     /* "rtpmap" */
	const char *value;    /* "0 PCMU/8000"; NULL for a property attribute ("sendonly") */
};

/* t=<start> <stop> and its r= lines, RFC4566 5.9 and 5.10. */
struct sdp_time {
	uint64_t start;                        /* NTP seconds; 0: unbounded */
	uint64_t stop;                         /* NTP seconds; 0: unbounded */
	const char *repeat[SDP_MAX_REPEATS];   /* r= values as written ("7d 1h 0 25h") */
	unsigned n_repeat;
};

/* o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>, 5.2. */
struct sdp_origin {
	const char *username;  /* "-" when there is none */
	uint64_t sess_id;      /* stays the same for the whole session (RFC3264 8) */
	uint64_t sess_version; /* +1 on every change (RFC3264 8) */
	const char *nettype;
	const char *addrtype;
	const char *addr;
};

/* One media description: an m= line and the lines up to the next m=, RFC4566 5.14. */
struct sdp_media {
	const char *type;                     /* "audio", "video", ... */
	uint16_t port;                        /* 0: stream disabled or rejected (RFC3264 6) */
	unsigned n_ports;                     /* the "/<number of ports>"; 0: not written */
	const char *proto;                    /* "RTP/AVP" */
	const char *fmt[SDP_MAX_FORMATS];     /* formats in preference order ("0", "8") */
	unsigned n_fmt;
	const char *info;                     /* i=, NULL if absent */
	struct sdp_conn conn[SDP_MAX_CONNS];  /* media-level c= lines */
	unsigned n_conn;
	struct sdp_bw bw[SDP_MAX_BANDWIDTHS];
	unsigned n_bw;
	const char *key;                      /* k= value, NULL if absent */
	struct sdp_attr attr[SDP_MAX_ATTRS];  /* a= lines in input order */
	unsigned n_attr;
};

struct sdp_session {
	unsigned version;                       /* v=, always 0 */
	struct sdp_origin origin;               /* o= */
	const char *name;                       /* s= */
	const char *info;                       /* i=, NULL if absent */
	const char *uri;                        /* u=, NULL if absent */
	const char *email[SDP_MAX_CONTACTS];    /* e= lines */
	unsigned n_email;
	const char *phone[SDP_MAX_CONTACTS];    /* p= lines */
	unsigned n_phone;
	struct sdp_conn conn;                   /* session-level c=, valid if has_conn */
	bool has_conn;
	struct sdp_bw bw[SDP_MAX_BANDWIDTHS];
	unsigned n_bw;
	struct sdp_time time[SDP_MAX_TIMES];    /* at least one after a successful parse */
	unsigned n_time;
	const char *zone;                       /* z= value as written, NULL if absent */
	const char *key;                        /* k= value, NULL if absent */
	struct sdp_attr attr[SDP_MAX_ATTRS];    /* session-level a= lines */
	unsigned n_attr;
	struct sdp_media media[SDP_MAX_MEDIA];
	unsigned n_media;
	size_t text_used;                       /* bytes of `text` in use */
	char text[SDP_TEXT_MAX];                /* the pool every string above lives in */
};

/* a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>], 6. */
struct sdp_rtpmap {
	unsigned pt;                    /* 0-127 */
	char encoding[SDP_ENCODING_MAX];/* "PCMU", "telephone-event" (case as written) */
	uint32_t clock_rate;            /* Hz */
	unsigned channels;              /* audio channels; 1 when not written */
};

/* An empty session: v=0 and nothing else.  Does not clear the text pool. */
void sdp_session_init(struct sdp_session *s);

/* Parses `len` bytes of SDP into `s` (initialised here).  Lines end in CRLF or, as
 * RFC4566 5 asks parsers to tolerate, a bare LF.  Returns 0, EBADMSG or ENOBUFS; on
 * error `err` (may be NULL) says where and why.  `text` is not kept. */
int sdp_parse(struct sdp_session *s, const char *text, size_t len, struct sdp_error *err);

/* Prints `s` into `buf` (CRLF line ends, NUL-terminated when it fits) and stores the
 * length without the NUL in *len (may be NULL).  Returns 0, or ENOBUFS when `size` is too
 * small (then *len is the size that was needed, NUL excluded). */
int sdp_print(const struct sdp_session *s, char *buf, size_t size, size_t *len);

/* Makes `dst` an independent copy of `src` (its strings move into dst's pool). */
void sdp_session_copy(struct sdp_session *dst, const struct sdp_session *src);

/* Same fields and values (what a print would show); the pools themselves may differ. */
bool sdp_session_equal(const struct sdp_session *a, const struct sdp_session *b);

/* --- building ----------------------------------------------------------------------- */

/* Copies `str` into the pool; NULL when the pool is full. */
const char *sdp_session_strdup(struct sdp_session *s, const char *str);

/* Appends an m= section with no formats; *out (may be NULL) gets it.  `type` and `proto`
 * are copied.  Returns 0, EINVAL or ENOBUFS. */
int sdp_session_add_media(struct sdp_session *s, const char *type, uint16_t port,
			  const char *proto, struct sdp_media **out);

/* Appends a format ("0") to the m= line.  Returns 0 or ENOBUFS. */
int sdp_media_add_format(struct sdp_session *s, struct sdp_media *m, const char *fmt);

/* Appends a= at media level (m != NULL) or session level (m == NULL).  `value` NULL makes
 * a property attribute.  Both are copied.  Returns 0 or ENOBUFS. */
int sdp_attr_add(struct sdp_session *s, struct sdp_media *m, const char *name,
		 const char *value);

/* Appends a=rtpmap for `r` (channels written only when not 1).  Returns 0, EINVAL (pt
 * above 127) or ENOBUFS. */
int sdp_media_add_rtpmap(struct sdp_session *s, struct sdp_media *m,
			 const struct sdp_rtpmap *r);

/* Appends a=fmtp:<pt> <params>.  Returns 0, EINVAL (pt above 127, empty params or a
 * line break in them) or ENOBUFS. */
int sdp_media_add_fmtp(struct sdp_session *s, struct sdp_media *m, unsigned pt,
		       const char *params);

/* Makes `dir` the media-level direction attribute (replacing one that is there);
 * SDP_DIR_NONE removes it.  Returns 0 or ENOBUFS. */
int sdp_media_set_dir(struct sdp_media *m, enum sdp_dir dir);

/* --- reading ------------------------------------------------------------------------ */

/* The first attribute called `name` in attrs[0..n), or NULL. */
const struct sdp_attr *sdp_attr_find(const struct sdp_attr *attrs, unsigned n,
				     const char *name);

/* The direction attribute among attrs[0..n), SDP_DIR_NONE if there is none. */
enum sdp_dir sdp_attrs_dir(const struct sdp_attr *attrs, unsigned n);

/* The direction in force for `m`: its own attribute, else the session's, else sendrecv
 * (RFC4566 6).  Never SDP_DIR_NONE. */
enum sdp_dir sdp_media_dir(const struct sdp_session *s, const struct sdp_media *m);

/* "sendrecv", "sendonly", "recvonly", "inactive" ("" for SDP_DIR_NONE). */
const char *sdp_dir_name(enum sdp_dir dir);

/* The c= that applies to `m`: its first own c=, else the session's; NULL if neither. */
const struct sdp_conn *sdp_media_conn(const struct sdp_session *s, const struct sdp_media *m);

/* The rtpmap of payload type `pt` in `m`: its a=rtpmap, else the static assignment of
 * RFC3551 6 (0 = PCMU/8000 ...).  Returns 0, or ENOENT when neither exists. */
int sdp_media_rtpmap(const struct sdp_media *m, unsigned pt, struct sdp_rtpmap *out);

/* The parameters of a=fmtp:<pt> ("0-15"), or NULL. */
const char *sdp_media_fmtp(const struct sdp_media *m, unsigned pt);

/* a=ptime in milliseconds, 0 when absent. */
unsigned sdp_media_ptime(const struct sdp_media *m);

/* True when `proto` carries RTP payload type numbers as formats (RTP/AVP, RTP/SAVP...). */
bool sdp_proto_is_rtp(const char *proto);

/* Converts an r=/z= typed time ("7d", "-1h", "25h", "3600") to seconds.
 * Returns 0, EBADMSG (not a typed time) or ERANGE. */
int sdp_typed_time_parse(const char *text, size_t len, int64_t *seconds);

#endif
