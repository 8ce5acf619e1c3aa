/* sip/app.h - the application API: an account, its registration, calls with their
 * media, instant messages - the shape of the pjsua2 sample students meet first, over
 * the UA core (sip/ua.h), the registration client (sip/reg_client.h) and SDP
 * offer/answer (sdp/sdp_oa.h, RFC 3264).
 *
 *     sip_app_create(&app, transport, &cfg, &account);   registers if account.registrar
 *     on_incoming_call -> sip_app_answer(call, 200)      the SDP answer is made here
 *     on_call_state(CONFIRMED)                           "Call connected"
 *     on_call_media(codec, remote RTP address)           start sending RTP there
 *     sip_app_call(app, "sip:bob@example.com", user, &c) the SDP offer is made here
 *     sip_app_hangup(c);  sip_app_unregister(app);  sip_app_destroy(app);
 *
 * The program owns the media: it opens the RTP socket, passes its address and port
 * in the config (they go into every SDP), and sends and receives RTP where
 * on_call_media says.  The application API runs on the injected environment of the
 * transport it is given: the demos wire that to real sockets and the real clock
 * (demos/common), the tests to the in-memory network and a virtual clock.
 *
 * Calls: a struct sip_app_call lives from on_incoming_call or sip_app_call until
 * on_call_state reports SIP_CALL_DISCONNECTED (the last callback for it).  Callbacks
 * may call any function here except sip_app_destroy.
 *
 * Leaves out: several accounts, video, SRTP/ICE, DTMF (telephone-event is offered and
 * its payload type reported, not sent), transfers, presence.
 */
#ifndef SIP_APP_H
#define SIP_APP_H

#include "net/addr.h"
#include "sdp/sdp.h"
#include "sdp/sdp_oa.h"
#include "sip/reg_client.h"
#include "sip/transport.h"
#include "sip/ua.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIP_APP_URI_MAX 256  /* bytes of a URI kept by the API, NUL included */

enum sip_app_codec {
	SIP_APP_PCMU,  /* G.711 mu-law, payload type 0 (RFC 3551) */
	SIP_APP_PCMA   /* G.711 A-law, payload type 8 */
};

/* Who we are and where we register (pjsua2's AccountConfig). */
struct sip_app_account {
	const char *id;          /* our address of record: "sip:alice@example.com" (required) */
	const char *display;     /* display name for From, NULL: none */
	const char *registrar;   /* "sip:example.com": REGISTER there; NULL: no registration */
	const char *proxy;       /* outbound proxy URI "sip:192.0.2.10:5060"; NULL: none */
	const char *username;    /* digest credentials; NULL: none */
	const char *password;
	const char *realm;       /* NULL: any realm */
	uint32_t expires_s;      /* registration lifetime asked; 0: SIP_REG_DEFAULT_EXPIRES */
};

/* The media of a call once offer and answer agree (RFC 3264). */
struct sip_app_media {
	char codec[SDP_ENCODING_MAX];    /* "PCMU" or "PCMA" */
	uint8_t pt;                      /* payload type to send it with */
	uint32_t clock_rate;             /* Hz */
	int te_pt;                       /* telephone-event payload type, -1: none */
	char remote_addr[SDP_ADDR_MAX];  /* where to send RTP (text from c=) */
	uint16_t remote_port;            /* remote RTP port; RTCP is port + 1 */
	struct net_addr remote;          /* the same parsed (family AF_UNSPEC if not a literal) */
	enum sdp_dir remote_dir;         /* the peer's direction: sendonly = it holds us */
	bool local_hold;                 /* we put the call on hold (sip_app_hold) */
};

struct sip_app;
struct sip_app_call;

struct sip_app_handler {
	/* The registration changed (sip/reg_client.h states); reason "" when none. */
	void (*on_reg_state)(void *arg, struct sip_app *app, enum sip_reg_state state, int status,
			     const char *reason);
	/* A call arrived: answer with sip_app_answer (180, 200, 486, 603...) now or later.
	 * `from` is the caller's From header value.  NULL handler: 480. */
	void (*on_incoming_call)(void *arg, struct sip_app_call *call, const char *from);
	/* The call changed state.  DISCONNECTED carries the final status and its reason
	 * phrase (a failed call: "480 Temporarily Unavailable"; a BYE: 200). */
	void (*on_call_state)(void *arg, struct sip_app_call *call, enum sip_call_state state,
			      int status, const char *reason);
	/* The media to use changed: first when the call is confirmed, then after each
	 * re-INVITE (hold, resume, codec change). */
	void (*on_call_media)(void *arg, struct sip_app_call *call, const struct sip_app_media *m);
	/* A MESSAGE (RFC 3428) arrived; answered 200.  `body` is not NUL-terminated. */
	void (*on_message)(void *arg, struct sip_app *app, const char *from, const char *content_type,
			   const char *body, size_t len);
	void *arg;  /* passed to each; owned by the program */
};

struct sip_app_config {
	const char *media_addr;       /* our RTP address for c= ("127.0.0.1"), required */
	uint16_t media_port;          /* our RTP port (the socket the program opened) */
	enum sip_app_codec codec;     /* preferred codec; the other one is offered second */
	enum sip_proto transport;     /* SIP over UDP or TCP (Contact and proxy say so) */
	const char *user_agent;       /* User-Agent/Server header, NULL: none */
	struct sip_app_handler h;
	const struct sip_tsx_config *tsx;  /* NULL: RFC 3261 defaults */
};

/* Creates the application on transport `tp` (borrowed; its local address gives the
 * Contact) and, when the account has a registrar, registers at once.  Everything is
 * copied.  Returns 0, EINVAL (missing or unparsable account or media address) or
 * ENOMEM, or a registration send error. */
int sip_app_create(struct sip_app **out, struct sip_transport *tp, const struct sip_app_config *cfg,
		   const struct sip_app_account *acc);

/* Frees everything without sending (hang up and unregister first, and let the loop
 * run, for a clean exit).  NULL is ignored. */
void sip_app_destroy(struct sip_app *app);

int sip_app_register(struct sip_app *app);    /* again, after a failure */
int sip_app_unregister(struct sip_app *app);  /* EALREADY when not registered */
enum sip_reg_state sip_app_reg_state(const struct sip_app *app);

/* Calls `uri` ("sip:bob@example.com").  `user` is the program's per-call pointer.
 * Returns 0 and *out, or EINVAL, ENOBUFS, or a send error. */
int sip_app_call(struct sip_app *app, const char *uri, void *user, struct sip_app_call **out);

/* An incoming call: 180 rings, 2xx answers (with our SDP answer), 300-699 rejects. */
int sip_app_answer(struct sip_app_call *call, int status);

/* Ends the call (CANCEL, decline or BYE as the state requires). */
int sip_app_hangup(struct sip_app_call *call);

/* Puts the call on hold (RFC 3264 §8.4: a=sendonly) or resumes it, by re-INVITE. */
int sip_app_hold(struct sip_app_call *call, bool hold);

/* Changes the codec: a re-INVITE offering only `codec` (and telephone-event) on the
 * same session (RFC 3264 §8.3.2, "Changing the Set of Media Formats").  The new media
 * arrives through on_call_media. */
int sip_app_change_codec(struct sip_app_call *call, enum sip_app_codec codec);

/* A MESSAGE with `text` (text/plain) outside any dialog. */
int sip_app_send_message(struct sip_app *app, const char *uri, const char *text);

enum sip_call_state sip_app_call_state(const struct sip_app_call *call);
int sip_app_call_status(const struct sip_app_call *call);
const char *sip_app_call_reason(const struct sip_app_call *call);
/* NULL until offer and answer agree. */
const struct sip_app_media *sip_app_call_media(const struct sip_app_call *call);
void *sip_app_call_user(const struct sip_app_call *call);
void sip_app_call_set_user(struct sip_app_call *call, void *user);

size_t sip_app_call_count(const struct sip_app *app);
struct sip_ua *sip_app_ua(const struct sip_app *app);
const char *sip_app_contact(const struct sip_app *app);  /* our Contact URI */

#endif
