/* tests/sip/pxtest_ua.h - scripted user agents and a server node on simnet, for the
 * proxy, registrar and redirect scenario tests.
 *
 * A scripted UA is a simnet node that sends exactly the bytes a test writes (RFC
 * 3665's messages, say) and keeps every message it receives, parsed, so the test can
 * answer them as the RFC's UA would.  It has no transaction layer: a test that wants
 * a retransmission sends the message again.  The server node runs the real stack:
 * transport + sip_proxy (which creates its transaction layer).
 *
 * Every tests/sip binary links this file, so every name starts with pxtest_.
 */
#ifndef TESTS_SIP_PXTEST_UA_H
#define TESTS_SIP_PXTEST_UA_H

#include "sip/proxy.h"
#include "tests/sip/simnet.h"

#include <stdbool.h>
#include <stddef.h>

#define PXTEST_MAX_RX 128

struct pxtest_ua {
	struct simnet_node *node;
	struct sip_env env;
	struct sip_msg *rx[PXTEST_MAX_RX];         /* owned, in arrival order */
	struct sip_recv_info from[PXTEST_MAX_RX];  /* how each arrived */
	size_t nrx;
	char tag[16];                              /* To tag of this UA's responses */
};

/* A UA node `name` at `addr`.  Returns 0 or an errno. */
int pxtest_ua_init(struct pxtest_ua *ua, struct simnet *net, const char *name, const char *addr,
		   const char *tag);
void pxtest_ua_fini(struct pxtest_ua *ua);

/* Sends `text` (LF line ends, made CRLF) to `to` ("192.0.2.1:5060").  0 or an errno. */
int pxtest_ua_send(struct pxtest_ua *ua, const char *to, enum sip_proto proto, const char *text);

/* Sends a message object to where `to_from` says a message came from (a reply). */
int pxtest_ua_send_msg(struct pxtest_ua *ua, const struct sip_recv_info *to_from,
		       const struct sip_msg *m);

/* The nth (0-based) request with this method received (method NULL: any request). */
const struct sip_msg *pxtest_ua_request(const struct pxtest_ua *ua, const char *method,
					size_t nth);

/* The nth (0-based) response with this status received (0: any response). */
const struct sip_msg *pxtest_ua_response(const struct pxtest_ua *ua, int status, size_t nth);

/* How many messages were received whose first line starts with `prefix`. */
size_t pxtest_ua_count(const struct pxtest_ua *ua, const char *prefix);

/* Answers a received request `req` with `status` (ua->tag as To tag, except for 100)
 * plus `rows` (LF-separated header rows, may be NULL) and `body` (application/sdp,
 * may be NULL), sent back where `req` came from.  0 or an errno. */
int pxtest_ua_reply(struct pxtest_ua *ua, const struct sip_msg *req, int status, const char *rows,
		    const char *body);

/* The server under test on a node: transport + sip_proxy. */
struct pxtest_server {
	struct simnet_node *node;
	struct sip_transport *tp;
	struct sip_proxy *proxy;
};

/* `host` (may be NULL) is the transport's sent-by name.  Returns 0 or an errno. */
int pxtest_server_start(struct pxtest_server *s, struct simnet *net, const char *name,
			const char *addr, const char *host, const struct sip_proxy_config *cfg);
void pxtest_server_stop(struct pxtest_server *s);

/* Registers `aor` (sip URI) with `contact` (a Contact value) at the server `to` over
 * `proto`, answering the 401 with user/password when one comes.  Returns the final
 * status of the last REGISTER. */
int pxtest_ua_register(struct pxtest_ua *ua, struct simnet *net, const char *to,
		       enum sip_proto proto, const char *aor, const char *contact, const char *user,
		       const char *password);

/* The usual cast: the server on 192.0.2.1:5060 (name "server", sent-by `host`, may be
 * NULL) with `cfg`, alice 192.0.2.10, bob 192.0.2.20, bob2 192.0.2.21 (To tags
 * "atag", "btag", "b2tag"), on a new network seeded with 1. */
struct pxtest_world {
	struct simnet *net;
	struct pxtest_server srv;
	struct pxtest_ua alice, bob, bob2;
};

#define PXTEST_SERVER "192.0.2.1:5060"

int pxtest_world_start(struct pxtest_world *w, const char *host,
		       const struct sip_proxy_config *cfg);
void pxtest_world_stop(struct pxtest_world *w);

/* Runs the network for `us` more microseconds. */
void pxtest_world_run(struct pxtest_world *w, uint64_t us);

/* The nth final (>= 200) status `ua` received, 0 when there is none. */
int pxtest_ua_final(const struct pxtest_ua *ua, size_t nth);

#endif
