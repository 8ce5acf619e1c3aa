/* sip/msg.h - the SIP message: parse, validate, frame, read, edit, print.
 *
 * RFC 3261 §7 (requests, responses, header fields, bodies), §7.3.3 compact forms,
 * §18.3 framing, §20 header fields, §25 the grammar; RFC 4475 and RFC 5118 are the
 * test corpus.
 *
 * Ownership (read this first):
 *  - sip_msg_parse copies the input once into memory the message owns.  Every view
 *    (struct sip_str) and every typed struct reachable from the message points into
 *    that memory.  sip_msg_destroy frees all of it at once; nothing else needs freeing.
 *  - Edits (sip_msg_hdr_add, sip_msg_via_push, sip_msg_set_body, ...) copy their
 *    input into the message's arena: blocks that never move, so views taken before
 *    an edit still point at valid bytes until destroy (they may just show the old
 *    value).  After each edit the typed fields show the new state.
 *  - Callbacks that receive a `const struct sip_msg *` borrow it until they return;
 *    a dialog that needs the Call-ID or a tag copies it (sip_str_copy).
 *  - Printing writes into a caller buffer (sip_msg_print) or a malloc'd one the
 *    caller frees (sip_msg_print_alloc), e.g. for a transaction's retransmissions.
 *
 * The fields of struct sip_msg are read-only for users: change a message only
 * through the functions below, which keep the header table, the typed fields and
 * Content-Length in step.
 *
 * Leaves out: reading from sockets (the transport layer frames with sip_msg_frame
 * and calls sip_msg_parse), body parsing (sdp/), S/MIME and multipart bodies (kept
 * as bytes), header compression.
 */
#ifndef SIP_MSG_H
#define SIP_MSG_H

#include "sip/hdr.h"
#include "sip/str.h"
#include "sip/uri.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest message accepted by sip_msg_parse and sip_msg_frame (bytes): the largest
 * UDP payload; a larger TCP message is answered 513 (§21.5.14 Message Too Large). */
#define SIP_MSG_MAX_LEN 65535

/* Why a message was refused: where, and what a UAS would answer. */
struct sip_error {
	size_t offset;       /* bytes from the start of the input */
	unsigned line;       /* 1-based line of `offset` */
	unsigned col;        /* 1-based column (bytes) of `offset` */
	int status;          /* what a UAS answers: 400, 505, 501, 513; 0 when the
	                      * message is a response, which is dropped, never answered */
	const char *reason;  /* static text naming the fault, usable as Reason-Phrase */
};

/* One header row in message order. */
struct sip_hdr {
	enum sip_hdr_id id;    /* SIP_HDR_OTHER for an extension header */
	struct sip_str name;   /* as written: "v", "VIA", "X-Foo" */
	struct sip_str value;  /* trimmed; a folded value has each fold turned into
	                        * spaces (§7.3.1: "treated as a single SP") */
	unsigned line;         /* 1-based line of the input where the row starts;
	                        * 0 for a row added by an edit */
};

struct sip_arena_block;   /* private to sip/ */

struct sip_msg {
	bool is_request;               /* request or response */
	struct sip_str version;        /* "SIP/2.0" as written */
	/* Request-Line (is_request) */
	enum sip_method method;
	struct sip_str method_name;    /* the token as written, also for known methods */
	struct sip_uri ruri;           /* Request-URI */
	/* Status-Line (!is_request) */
	int status;                    /* 100..699 */
	struct sip_str reason;         /* Reason-Phrase, may be empty */

	/* Every header row, in message order. */
	struct sip_hdr *hdrs;
	size_t hdr_count;
	uint8_t rows[SIP_HDR_ID_COUNT];  /* number of rows per id, saturates at 255 */

	/* Typed values; NULL / absent / -1 when the header is missing. */
	struct sip_via *via;                   /* top Via first */
	struct sip_addr *from;
	struct sip_addr *to;
	struct sip_str call_id;
	struct sip_cseq *cseq;
	int max_forwards;                      /* -1 absent; capped at 65535 so an
	                                        * overlarge value stays visible */
	struct sip_addr *contact;              /* list; a Contact: * is one value, star */
	struct sip_addr *route;                /* list, top first */
	struct sip_addr *record_route;         /* list, top first */
	struct sip_media_type *content_type;
	int64_t content_length;                /* -1 absent */
	int64_t expires;                       /* -1 absent; capped at 2^32-1 */
	struct sip_token *allow;
	struct sip_token *supported;
	struct sip_token *require;
	struct sip_token *proxy_require;
	struct sip_token *unsupported;
	struct sip_auth *www_authenticate;
	struct sip_auth *authorization;
	struct sip_auth *proxy_authenticate;
	struct sip_auth *proxy_authorization;

	struct sip_str body;           /* exactly Content-Length bytes (may hold NULs) */

	/* Private to sip/: the copy of the input and the edit arena. */
	const char *buf;               /* the parsed copy (start line and headers) */
	size_t buf_len;
	size_t hdr_cap;                /* rows allocated in hdrs */
	struct sip_arena_block *arena; /* owned */
};

/* Datagram parse (RFC 3261 §18.3): `len` bytes are one UDP datagram, copied once
 * into a new message.  Leading CRLFs are skipped (§7.5).  With a Content-Length the
 * body is that many bytes and any bytes after it are ignored ("they MUST be
 * discarded"); fewer bytes than it names is an error ("If the message is a request,
 * the element SHOULD generate a 400"); without one the body runs to the end.  The
 * end of the data also ends the header section if no empty line came first.
 * Returns 0 and *out, or EBADMSG with *err filled (err may be NULL), or ENOMEM. */
int sip_msg_parse(const char *data, size_t len, struct sip_msg **out, struct sip_error *err);

/* Stream framing (§18.3, §7.5): finds the first message in bytes read from a TCP
 * connection.  Returns
 *   0       a whole message is at data + *skip, *msg_len bytes long (*skip counts
 *           the CRLFs before the start-line, which §7.5 says to ignore): hand
 *           exactly those bytes to sip_msg_parse and drop *skip + *msg_len;
 *   EAGAIN  not enough bytes yet: read more and call again with all of them;
 *   EBADMSG the stream cannot be framed (Content-Length missing, negative, not a
 *           number, given twice with different values, or the message would pass
 *           SIP_MSG_MAX_LEN): answer *err->status if you can and close the
 *           connection (RFC 4475 §3.1.2.3, §3.3.9).
 * Only the framing is checked here; the message itself is checked by the parser. */
int sip_msg_frame(const char *data, size_t len, size_t *skip, size_t *msg_len,
		  struct sip_error *err);

/* The checks a UAS or proxy applies to a message that parsed (RFC 3261 §8.2, §16.3,
 * RFC 4475): version other than SIP/2.0 → 505; a missing To, From, Call-ID, CSeq or
 * Via → 400; more than one row of a single-valued header → 400; CSeq number above
 * 2^32-1 → 400; CSeq method differing from the request method → 400 (501 when the
 * request method is unknown, RFC 4475 §3.1.2.18); Max-Forwards above 255 → 400;
 * headers inside the Request-URI → 400; an RFC 3261 branch that is only the magic
 * cookie → 400.  For a response the status is 0 (drop it).  Returns 0 or EPROTO
 * with *err filled.  Application decisions (416, 420, 415, 483 ...) are left to the
 * UA and proxy. */
int sip_msg_validate(const struct sip_msg *msg, struct sip_error *err);

/* Frees the message and everything it owns.  NULL is ignored. */
void sip_msg_destroy(struct sip_msg *msg);

/* ---- Finding header rows ------------------------------------------------------ */

#define SIP_HDR_NONE ((size_t)-1)

/* Index of the first row with this id at or after `from`, or SIP_HDR_NONE. */
size_t sip_msg_hdr_find(const struct sip_msg *msg, enum sip_hdr_id id, size_t from);

/* The same by name: a compact or long name finds rows written either way; an
 * unknown name matches case-insensitively. */
size_t sip_msg_hdr_find_name(const struct sip_msg *msg, const char *name, size_t from);

/* The first row with that name, or NULL. */
const struct sip_hdr *sip_msg_hdr_get(const struct sip_msg *msg, const char *name);

/* ---- Building and editing ------------------------------------------------------ */

/* A new request "METHOD RURI SIP/2.0" with no headers but Content-Length: 0.
 * `method` is any token (extension methods welcome).  Returns 0, EBADMSG (bad
 * method or URI) or ENOMEM. */
int sip_msg_create_request(const char *method, const char *ruri, struct sip_msg **out);

/* A response to `req` per RFC 3261 §8.2.6.2: the Via rows (same order), From,
 * Call-ID and CSeq copied; To copied, with ";tag=to_tag" added when the request's
 * To had no tag and to_tag is not NULL; Content-Length: 0.  reason NULL picks the
 * §21 phrase.  Returns 0, EINVAL (status outside 100..699, or req is a response)
 * or ENOMEM. */
int sip_msg_create_response(const struct sip_msg *req, int status, const char *reason,
			    const char *to_tag, struct sip_msg **out);

/* A deep copy that owns its own bytes. */
int sip_msg_clone(const struct sip_msg *msg, struct sip_msg **out);

/* Header rows.  `value` is a field-value without the name (e.g. "<sip:a@b>;tag=1");
 * it is copied and parsed like a received one.  All return 0, EBADMSG when the
 * value does not parse for that header (the message is then unchanged), EINVAL
 * (bad index or name), or ENOMEM. */
int sip_msg_hdr_add(struct sip_msg *msg, enum sip_hdr_id id, const char *value);
int sip_msg_hdr_addf(struct sip_msg *msg, enum sip_hdr_id id, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
int sip_msg_hdr_add_name(struct sip_msg *msg, const char *name, const char *value);
/* sip_msg_hdr_add with a value of `len` bytes: it may hold any byte the grammar
 * allows, NUL included (a quoted-pair may escape one, RFC 4475 §3.1.1.2), so a row
 * copied from another message keeps every byte. */
int sip_msg_hdr_add_len(struct sip_msg *msg, enum sip_hdr_id id, const char *value,
			size_t len);
/* A From or To row: `value` (`len` bytes, by length as above), then ";tag=" and `tag`
 * unless `tag` is NULL or "" (a null tag is omitted: RFC 3261 §12.2.1.1). */
int sip_msg_hdr_add_tagged(struct sip_msg *msg, enum sip_hdr_id id, const char *value,
			   size_t len, const char *tag);
/* Inserts before the first row with the same id (on top), or first of all rows. */
int sip_msg_hdr_prepend(struct sip_msg *msg, enum sip_hdr_id id, const char *value);
int sip_msg_hdr_replace(struct sip_msg *msg, size_t index, const char *value);
int sip_msg_hdr_remove(struct sip_msg *msg, size_t index);
/* Removes every row with this id; returns how many went. */
size_t sip_msg_hdr_remove_all(struct sip_msg *msg, enum sip_hdr_id id);
/* Replaces all rows of this id by one row with `value`. */
int sip_msg_hdr_set(struct sip_msg *msg, enum sip_hdr_id id, const char *value);
/* Appends copies of all rows with this id from `src` (e.g. Record-Route into a
 * 2xx, §12.1.1). */
int sip_msg_hdr_copy(struct sip_msg *dst, const struct sip_msg *src, enum sip_hdr_id id);

/* Via, as the transport layer and a proxy use it. */
int sip_msg_via_push(struct sip_msg *msg, const char *value);  /* new top Via */
int sip_msg_via_pop(struct sip_msg *msg);                      /* drop the top value */
/* Adds or replaces a parameter of the top Via (received=, rport=N, RFC 3581 §4);
 * value NULL writes a valueless parameter. */
int sip_msg_via_set_param(struct sip_msg *msg, const char *name, const char *value);

/* Route and Record-Route, as a proxy uses them (§16.4, §16.6). */
int sip_msg_route_pop(struct sip_msg *msg);                     /* drop the top Route */
int sip_msg_record_route_push(struct sip_msg *msg, const char *value);

int sip_msg_set_ruri(struct sip_msg *msg, const char *uri);
int sip_msg_set_max_forwards(struct sip_msg *msg, unsigned hops);

/* Sets the body and Content-Length; content_type NULL removes Content-Type
 * (use with an empty body).  The bytes are copied. */
int sip_msg_set_body(struct sip_msg *msg, const char *content_type, const void *body,
		     size_t len);

/* ---- Printing ------------------------------------------------------------------ */

/* Writes the message: start line, each row as "Name: value" CRLF in table order,
 * CRLF, body.  A Content-Length row is written with the body's length.  *len gets
 * the full length even when it does not fit.  Returns 0 or ENOBUFS (buf then
 * holds a truncated prefix).  Nothing is NUL-terminated. */
int sip_msg_print(const struct sip_msg *msg, char *buf, size_t cap, size_t *len);

/* The same into a malloc'd buffer the caller frees (a NUL follows the message, not
 * counted in *len).  Returns 0 or ENOMEM. */
int sip_msg_print_alloc(const struct sip_msg *msg, char **out, size_t *len);

/* The §21 reason phrase for a status code ("Not Found"), or a class phrase
 * ("Client Error") for an unlisted code. */
const char *sip_status_phrase(int status);

#endif
