/* sip/dialog.h - dialog state and requests within a dialog (RFC 3261 §12, §13.2.2.4,
 * §16.12.1.2).
 *
 * A dialog is the peer-to-peer relationship between two UAs that lasts a while: the
 * state §12 lists, copied out of the messages that created it (the messages
 * themselves come and go):
 *
 *     dialog ID   Call-ID + local tag + remote tag                   (§12)
 *     CSeq        local sequence number, remote sequence number      (§12.2.1.1, §12.2.2)
 *     URIs        local URI (From of our requests), remote URI (To), remote target
 *                 (the peer's Contact: our Request-URI)
 *     route set   the Record-Route values: as received by the UAS, reversed by the UAC
 *     secure      TLS + sips: (always false here: no TLS)
 *
 * Everything here is a pure function over messages and the struct: no transactions,
 * no timers, no sending.  The UA core (sip/ua.h) decides when to create, confirm and
 * end dialogs, and sends what these functions build.
 *
 * Early dialogs (§12.1, §13.2.2.1): a 101-199 response with a To tag makes one; an
 * INVITE that forks gets one per To tag, each its own struct.  A 2xx confirms the
 * matching one (sip_dialog_confirm) or creates a confirmed one.
 *
 * Capacity: values are copied into fixed arrays (SIP_DIALOG_*_MAX); a longer Call-ID,
 * tag or URI, or more than SIP_DIALOG_ROUTES route values, is refused with ENOBUFS
 * (the UA core answers such an INVITE with 500 or ends the call).
 *
 * Leaves out: TLS and the secure flag's effects (sips: Contacts), dialogs created by
 * other methods (SUBSCRIBE/NOTIFY, RFC 6665), RFC 2543 peers beyond null tags.
 */
#ifndef SIP_DIALOG_H
#define SIP_DIALOG_H

#include "sip/msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIP_DIALOG_ID_MAX 256    /* bytes of a Call-ID or tag, NUL included */
#define SIP_DIALOG_URI_MAX 512   /* bytes of a URI or name-addr, NUL included */
#define SIP_DIALOG_ROUTES 8      /* route set entries */

enum sip_dialog_state {
	SIP_DIALOG_EARLY,      /* created by a 101-199 with a To tag (§12.1) */
	SIP_DIALOG_CONFIRMED,  /* created or confirmed by a 2xx */
	SIP_DIALOG_TERMINATED  /* BYE, non-2xx final response, timeout (§12.3) */
};

/* One value of the route set. */
struct sip_dialog_route {
	char value[SIP_DIALOG_URI_MAX];  /* the rec-route as received: "<sip:p1;lr>;x=y" */
	char uri[SIP_DIALOG_URI_MAX];    /* its URI alone: "sip:p1;lr" */
	bool lr;                         /* the URI has the lr parameter (loose router) */
};

struct sip_dialog {
	enum sip_dialog_state state;
	bool uac;                               /* we sent the request that created it,
	                                         * so we own its Call-ID (§14.1 uses it) */
	char call_id[SIP_DIALOG_ID_MAX];
	char local_tag[SIP_DIALOG_ID_MAX];      /* "" is the null tag of RFC 2543 */
	char remote_tag[SIP_DIALOG_ID_MAX];
	bool local_seq_set;                     /* false: "empty" (§12.1.1) */
	uint32_t local_seq;                     /* CSeq of our last request */
	bool remote_seq_set;                    /* false: "empty" (§12.1.2) */
	uint32_t remote_seq;                    /* CSeq of the peer's last request */
	char local_uri[SIP_DIALOG_URI_MAX];     /* name-addr without tag: "Alice <sip:..>";
	                                         * a quoted display name may hold a NUL */
	size_t local_uri_len;                   /* bytes of local_uri (NULs included) */
	char remote_uri[SIP_DIALOG_URI_MAX];    /* name-addr without tag, as local_uri */
	size_t remote_uri_len;                  /* bytes of remote_uri */
	char remote_target[SIP_DIALOG_URI_MAX]; /* URI from the peer's Contact */
	char local_target[SIP_DIALOG_URI_MAX];  /* our Contact URI (sent in target refreshes) */
	struct sip_dialog_route route[SIP_DIALOG_ROUTES];
	size_t route_count;
	bool secure;                            /* §12.1.1 (always false: no TLS here) */
};

/* §12.1.2: the UAC's dialog from `req` (the request as sent, with our From tag) and
 * `resp`, a 101-199 with a To tag (early) or a 2xx (confirmed).  local_target is our
 * Contact URI ("sip:alice@192.0.2.1:5060"), copied.  Returns 0, EINVAL (resp is not
 * 101-299, or a 1xx without a To tag: no dialog), EBADMSG (a field is missing) or
 * ENOBUFS. */
int sip_dialog_create_uac(struct sip_dialog *d, const struct sip_msg *req,
			  const struct sip_msg *resp, const char *local_target);

/* §12.1.1: the UAS's dialog from the request and the To tag of our response, state
 * `state` (EARLY when the first answer is a 1xx, CONFIRMED for a 2xx).  Returns 0,
 * EINVAL, EBADMSG or ENOBUFS. */
int sip_dialog_create_uas(struct sip_dialog *d, const struct sip_msg *req, const char *local_tag,
			  const char *local_target, enum sip_dialog_state state);

/* §13.2.2.4: a 2xx for an early dialog: "the dialog MUST be transitioned to the
 * "confirmed" state, and the route set for the dialog MUST be recomputed based on the
 * 2xx response"; the remote target follows the 2xx's Contact (§12.2.1.2, the 2xx
 * answers a target refresh).  Returns 0, EINVAL (not a 2xx) or ENOBUFS. */
int sip_dialog_confirm(struct sip_dialog *d, const struct sip_msg *resp);

/* Whether `msg` belongs to the dialog.  A request: Call-ID, To tag = local tag,
 * From tag = remote tag (§12.2.2).  A response: Call-ID, From tag = local tag, To tag
 * = remote tag.  Tags compare byte for byte; an absent tag equals the null tag. */
bool sip_dialog_matches(const struct sip_dialog *d, const struct sip_msg *msg);

/* §12.2.1.1: a new request within the dialog: Request-URI and Route from the remote
 * target and the route set (loose or strict routing), To/From with the URIs and
 * tags, the Call-ID, CSeq = local sequence number + 1 (1 when empty, §8.1.1.5),
 * Max-Forwards: 70, and a Contact with local_target for INVITE (a target refresh).
 * Increments the local sequence number.  No Via: the transaction layer adds it.
 * Returns 0, EINVAL (ACK/CANCEL: see below; a terminated dialog), EBADMSG (a URI in
 * the state does not parse) or ENOMEM. */
int sip_dialog_request(struct sip_dialog *d, const char *method, struct sip_msg **out);

/* §13.2.2.4: the ACK for a 2xx, built like any request of the dialog "with the
 * exception of the CSeq": CSeq `seq` ACK.  The local sequence number is unchanged.
 * Credentials (copied from the INVITE) and a body are the caller's.  Returns as
 * sip_dialog_request. */
int sip_dialog_ack(const struct sip_dialog *d, uint32_t seq, struct sip_msg **out);

/* §12.2.2: the CSeq of a request the peer sent in the dialog (not ACK or CANCEL).
 * Empty remote sequence number: take it.  Lower: "the request is out of order and
 * MUST be rejected with a 500" - returns EPROTO and changes nothing.  Otherwise it
 * becomes the remote sequence number.  Returns 0 or EPROTO. */
int sip_dialog_remote_cseq(struct sip_dialog *d, const struct sip_msg *req);

/* §12.2.2 / §12.2.1.2: a target refresh (re-INVITE, or the 2xx answering ours)
 * replaces the remote target with the URI of its Contact, if present.  Returns 0 or
 * ENOBUFS (the target is then unchanged). */
int sip_dialog_target_refresh(struct sip_dialog *d, const struct sip_msg *msg);

/* "early", "confirmed", "terminated". */
const char *sip_dialog_state_name(enum sip_dialog_state state);

#endif
