/* demos/sipserver/server.h - sipserver's wiring: the library's server object
 * (sip/proxy.h: registrar + stateful proxy or redirect server) on real sockets, with
 * the outputs of demos/common/see.h and the ladder of demos/common/ladder.h.
 *
 * Several listening addresses: each gets UDP and TCP (sip/transport_net.h, §18.2.1
 * "it MUST listen on that same port and interface for TCP"), and one transport sits
 * on all of them: a message leaves through the address it names as its local one
 * (a response from where its request came), else the first of the same family.
 *
 * Leaves out: host names, TLS, a Via sent-by per address (our Via and Record-Route
 * name the first address: list the one the UAs reach first).
 */
#ifndef DEMOS_SIPSERVER_SERVER_H
#define DEMOS_SIPSERVER_SERVER_H

#include "demos/common/ladder.h"
#include "demos/common/see.h"
#include "net/loop.h"
#include "net/rand.h"
#include "sip/proxy.h"
#include "sip/transport_net.h"

#include <stdbool.h>
#include <stddef.h>

#define SERVER_MAX_LISTEN 8

struct server_config {
	const char *listen[SERVER_MAX_LISTEN];  /* "127.0.0.1:5060" strings */
	size_t listen_count;
	const char *domain;                     /* NULL: the first listening IP */
	const char *const *users;               /* NULL-terminated "user:password" */
	enum sip_proxy_mode mode;
	bool auth;
	uint32_t min_expires_s;                 /* registrar's Min-Expires, 0: its default */
};

struct server_net {
	struct sip_transport_net *net;
	sip_send_cb send;                        /* its send function and argument */
	void *send_arg;
	struct net_addr local;                   /* bound address */
};

struct server {
	struct net_loop loop;
	struct net_rand rand;
	struct net_log log;
	struct server_net nets[SERVER_MAX_LISTEN];
	size_t net_count;
	struct sip_transport *tp;
	struct sip_proxy *proxy;
	struct demo_see *see;                    /* borrowed */
	struct demo_ladder *ladder;
	char aliases[SERVER_MAX_LISTEN][NET_ADDR_STRLEN];
	const char *alias_ptrs[SERVER_MAX_LISTEN + 1];
	char domain[NET_ADDR_STRLEN];
	unsigned calls_drawn;                    /* ladders printed */
	char last_drawn[128];                    /* Call-ID of the last ladder */
};

/* Opens every address, the transport and the server.  On failure prints one line
 * to stderr and returns the errno; everything opened is closed again. */
int server_open(struct server *sv, const struct server_config *cfg, struct demo_see *see);

/* "127.0.0.1:5060 (udp, tcp), [::1]:5060 (udp, tcp)" */
void server_describe(const struct server *sv, char *buf, size_t cap);

/* Runs until SIGINT or SIGTERM. */
int server_run(struct server *sv);

void server_close(struct server *sv);

#endif
