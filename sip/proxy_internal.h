/* sip/proxy_internal.h - what the proxy files share (RFC 3261 §16).
 *
 *   proxy.c            the server object, the TU callbacks, CANCEL (§16.10), reports
 *   proxy_check.c      §16.3 request validation, §16.4 route preprocessing, loops
 *   proxy_target.c     §16.5 target set, §16.6 steps 1-7 (the copy for one target)
 *   proxy_ctx.c        §16.6 steps 10-11, §16.7 response context, §16.8 Timer C,
 *                      §16.9 transport errors, CANCEL of branches
 *   proxy_stateless.c  the ACK for a 2xx, forwarded without a transaction (§16.11)
 *
 * Not for use outside sip/proxy*.c.
 */
#ifndef SIP_PROXY_INTERNAL_H
#define SIP_PROXY_INTERNAL_H

#include "sip/proxy.h"

#include "net/timer.h"
#include "sip/digest_server.h"
#include "sip/registrar.h"

#define PROXY_LAYER "proxy"
#define PROXY_NAME_SIZE 256        /* domain, alias, realm + NUL */
#define PROXY_MAX_ALIASES 8u
#define PROXY_URI_SIZE 512         /* a target URI + NUL */
#define PROXY_BRANCH_SIZE 64       /* a Via branch we keep + NUL */
#define PROXY_LOOP_HASH_SIZE 16    /* MD5 */
#define PROXY_MAX_FORWARDS 70      /* §16.6 step 3: "which SHOULD be 70" */
#define PROXY_MAX_TARGETS SIP_LOCATION_MAX_BINDINGS
#define PROXY_TAG_LEN 10           /* random characters in the To tags we write */
#define PROXY_ALLOW "INVITE, ACK, CANCEL, OPTIONS, BYE, REGISTER"  /* §11 answer */

struct proxy_user {
	char name[PROXY_NAME_SIZE];
	char password[PROXY_NAME_SIZE];
};

struct proxy_ctx;

struct sip_proxy {
	struct sip_proxy_config cfg;      /* strings point at the copies below */
	char domain[PROXY_NAME_SIZE];
	char realm[PROXY_NAME_SIZE];
	char alias[PROXY_MAX_ALIASES][PROXY_NAME_SIZE];
	const char *alias_ptr[PROXY_MAX_ALIASES + 1];  /* NULL-terminated */
	struct proxy_user users[SIP_PROXY_MAX_USERS];
	size_t user_count;
	struct sip_transport *tp;         /* borrowed */
	struct sip_tsx_layer *layer;      /* owned */
	struct sip_location *loc;         /* owned */
	struct sip_registrar *reg;        /* owned */
	struct sip_digest_server digest;  /* our realm's nonces (used when cfg.auth) */
	struct proxy_ctx *ctxs;           /* live response contexts, newest first */
	size_t ctx_count;
	char rr[2][320];                  /* our Record-Route value per transport of a leg
	                                   * (index enum sip_proto): "<sip:ip:port;lr>",
	                                   * "<sip:ip:port;transport=tcp;lr>" */
	struct sip_proxy_branch_record journal[SIP_PROXY_JOURNAL];  /* ring */
	uint64_t journal_seq;             /* records written so far */
};

/* One target of the set (§16.5). */
struct proxy_target {
	char uri[PROXY_URI_SIZE];         /* becomes the Request-URI (§16.6 step 2) */
	bool has_source;                  /* a binding: `source` is where its REGISTER
	                                   * came from (the NAT policy) */
	struct sip_recv_info source;
};

/* One client transaction of a response context (§16.6 step 10). */
struct proxy_branch {
	struct proxy_ctx *ctx;
	struct sip_tsx *ct;               /* NULL once terminated (or never started) */
	char target[PROXY_URI_SIZE];      /* the Request-URI sent */
	char branch[PROXY_BRANCH_SIZE];   /* our Via branch on it */
	uint8_t loop_hash[PROXY_LOOP_HASH_SIZE];  /* §16.6 step 8's second part */
	uint64_t journal_seq;             /* its record in the journal */
	int status;                       /* final status (0: none yet) */
	bool provisional;                 /* a 1xx arrived: CANCEL may be sent (§9.1) */
	bool cancel_wanted;               /* CANCEL as soon as a provisional arrives */
	bool cancel_sent;
	struct sip_msg *resp;             /* the final response kept for §16.7 step 6
	                                   * (top Via removed), owned; NULL if none */
	struct net_timer timer_c;         /* §16.6 step 11, INVITE only */
};

/* The response context of one proxied request (§16.6, §16.7). */
struct proxy_ctx {
	struct sip_proxy *p;
	struct proxy_ctx *next;           /* in p->ctxs */
	struct sip_tsx *st;               /* server transaction; NULL once terminated */
	struct sip_msg *req;              /* the request after §16.4, owned */
	enum sip_proto in_proto;          /* the transport it arrived on (§16.6 step 4) */
	bool invite;
	bool final_sent;                  /* a final response went upstream */
	int busy;                         /* entry points running: free only at 0 */
	struct proxy_branch *b;           /* owned array, nb used */
	size_t nb;
};

/* ---- proxy.c -------------------------------------------------------------------- */

/* A response of our own to `req` on server transaction `st` (To tag added for
 * non-100 responses without one).  `hdr`/`value` add one row when not NULL. */
int proxy_respond(struct sip_proxy *p, struct sip_tsx *st, const struct sip_msg *req, int status,
		  const char *reason, enum sip_hdr_id hdr, const char *value);

/* 503 Service Unavailable with Retry-After: SIP_PROXY_RETRY_AFTER. */
int proxy_respond_retry(struct sip_proxy *p, struct sip_tsx *st, const struct sip_msg *req);

/* Writes a journal record; returns its seq. */
uint64_t proxy_journal_add(struct sip_proxy *p, const struct sip_msg *req, const char *server_branch,
			   struct sip_str branch, const struct sip_dest *dst, bool stateless);
void proxy_journal_status(struct sip_proxy *p, uint64_t seq, int status);

uint64_t proxy_now(const struct sip_proxy *p);
const struct net_log *proxy_log(const struct sip_proxy *p);

/* Builds "tag1, tag2" from an option-tag list into out (cap bytes). */
void proxy_tag_list(const struct sip_token *tags, char *out, size_t cap);

/* ---- proxy_check.c ---------------------------------------------------------------- */

/* §16.3 steps 2, 3, 5: 0 when the request may be proxied, else the status (416, 483,
 * 420); *unsupported (cap bytes) gets the option-tags of a 420. */
int proxy_validate(const struct sip_msg *req, char *unsupported, size_t cap);

/* True when the URI names this server: a domain, alias or transport address of ours,
 * with our port (or none). */
bool proxy_is_us(const struct sip_proxy *p, const struct sip_uri *u);

/* §16.5: a URI of the domain we are responsible for: its host is the domain or an
 * alias and its port (if any) one of ours, or it names this server. */
bool proxy_is_our_domain(const struct sip_proxy *p, const struct sip_uri *u);

/* §16.4 on `req` (edited in place): a Request-URI we Record-Routed is replaced by the
 * last Route value (strict router upstream), a maddr naming us is stripped, our own
 * top Route values are removed (two after a double Record-Route, RFC 5658).
 * *routed (may be NULL) tells whether a Route named us.
 * Returns 0, or EBADMSG when a strict-routed request has no Route to restore. */
int proxy_preprocess(const struct sip_proxy *p, struct sip_msg *req, bool *routed);

/* §16.6 step 8 / §16.3 step 4: the hash of what routes a request: the Request-URI as
 * received, From and To tags, Call-ID, CSeq number, the Via `via` (the topmost one
 * when forwarding), Route and Proxy-Require rows. */
void proxy_loop_hash(const struct sip_msg *req, const struct sip_via *via,
		     uint8_t out[PROXY_LOOP_HASH_SIZE]);

/* §16.3 step 4: true when `req` carries a Via of a branch we sent and the hash of the
 * request now equals the hash it had then (a loop, not a spiral). */
bool proxy_loop_detected(const struct sip_proxy *p, const struct sip_msg *req);

/* ---- proxy_target.c --------------------------------------------------------------- */

/* §16.5: the targets of `req` (after §16.4) at now_us.  Returns 0 with *n targets, or
 * the status to answer: 404 (no such user / resource at this server), 480 (no
 * binding), 485 never.  *n is 0 with status 0 only for a request addressed to the
 * server itself (OPTIONS: answered by the caller). */
int proxy_targets(struct sip_proxy *p, const struct sip_msg *req, uint64_t now_us,
		  struct proxy_target *out, size_t cap, size_t *n);

/* §16.6 steps 1-7 for one target: the copy to send and where.  `in_proto` is the
 * transport `req` arrived on: with dst->proto it chooses the Record-Route value(s)
 * (one, or one per leg when the legs differ, RFC 5658).  Returns 0, EHOSTUNREACH or
 * EPROTONOSUPPORT (no next hop: §16.6 step 7's "as if ... 408"), ENOMEM, EBADMSG. */
int proxy_copy_for_target(struct sip_proxy *p, const struct sip_msg *req, enum sip_proto in_proto,
			  const struct proxy_target *t, struct sip_msg **out, struct sip_dest *dst);

/* What proxy_uri_rebuild leaves out. */
#define PROXY_URI_NO_MADDR 1u    /* maddr, the port and transport (§16.4) */
#define PROXY_URI_NO_HEADERS 2u  /* the method parameter and headers, which a
                                  * Request-URI may not carry (§19.1.1 Table 1) */

/* Writes `u` again without the parts named in `flags`.  Returns 0 or ENOBUFS. */
int proxy_uri_rebuild(const struct sip_uri *u, unsigned flags, char *out, size_t cap);

/* The next hop of a copy about to be sent, with the NAT policy applied: the top Route
 * (loose) or the Request-URI; a registered contact reached at its REGISTER's source. */
int proxy_next_hop(struct sip_proxy *p, const struct sip_msg *copy, const struct proxy_target *t,
		   bool strict, struct sip_dest *dst);

/* ---- proxy_ctx.c -------------------------------------------------------------------- */

/* Proxies `req` (validated, preprocessed, authenticated) received on `st` to the
 * targets: creates the response context, sends 100 Trying for an INVITE, starts one
 * client transaction per target.  Takes `req`. */
void proxy_ctx_start(struct sip_proxy *p, struct sip_tsx *st, struct sip_msg *req,
		     const struct proxy_target *t, size_t n);

/* §16.10: the context whose server transaction is `st`, or NULL. */
struct proxy_ctx *proxy_ctx_find(const struct sip_proxy *p, const struct sip_tsx *st);

/* §16.10 / §16.7 step 10: CANCEL every pending branch (now, or when its first
 * provisional arrives) and create no new ones. */
void proxy_ctx_cancel_all(struct proxy_ctx *c);

/* Frees every context (proxy destroy: the transactions are gone already). */
void proxy_ctx_free_all(struct sip_proxy *p);

/* ---- proxy_redirect.c ----------------------------------------------------------------- */

/* Redirect mode (§8.3): answers `req` on `st` with 302 and the bindings, or refuses. */
void proxy_redirect_request(struct sip_proxy *p, struct sip_tsx *st, const struct sip_msg *req);

/* ---- proxy_stateless.c ---------------------------------------------------------------- */

/* The ACK for a 2xx: validated, routed and sent on without a transaction. */
void proxy_forward_ack(struct sip_proxy *p, const struct sip_msg *ack,
		       const struct sip_recv_info *from);

#endif
