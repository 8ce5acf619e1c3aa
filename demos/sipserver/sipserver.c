/* demos/sipserver/sipserver.c - the demo's SIP server: registrar (RFC 3261 §10.3) +
 * stateful proxy (§16), or redirect server (§8.3), on real UDP and TCP sockets.
 *
 *     sipserver [--listen ADDR:PORT]... [--domain NAME] [--users FILE]
 *               [--mode proxy|redirect] [--no-auth] [--step] [--pcap FILE]
 *               [--log FILE] [--quiet] [--drop N] [--loss PCT[:SEED]] [--t1 MS]
 *
 * The protocol is all in the library (sip/proxy.h); this program reads the command
 * line and the users file, wires the server to sockets (server.c) and prints what
 * happens: one readiness line ("sipserver: listening on 127.0.0.1:5060 (udp, tcp)"),
 * the annotated log, each registration, and the ladder of every call that ends.
 * SIGINT and SIGTERM stop it cleanly (exit 0).
 *
 * Exit status: 0 after a signal, 1 when it cannot start (a port in use), 2 for a
 * bad command line or users file.
 *
 * Leaves out: daemon mode, config files, host names (IP literals only).
 */
#include "demos/sipserver/server.h"
#include "demos/sipserver/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG "sipserver"

static const char usage[] =
	"usage: sipserver [--listen ADDR:PORT]... [--domain NAME] [--users FILE]\n"
	"                 [--mode proxy|redirect] [--no-auth] [options]\n"
	"A registrar and stateful proxy (or redirect server) for the siplab demo.\n"
	"  --listen ADDR:PORT  UDP and TCP on this address (repeatable; default\n"
	"                      127.0.0.1:5060; port 0 picks a free one)\n"
	"  --domain NAME       the domain of the users' AORs (default: the first address)\n"
	"  --users FILE        \"user:password\" per line, # comments (default: no users;\n"
	"                      then use --no-auth: everyone may register)\n"
	"  --mode MODE         proxy (default) or redirect (302 with the registered contacts)\n"
	"  --no-auth           do not challenge (no 401 to REGISTER, no 407 to INVITE)\n"
	"  --min-expires S     lab: shortest registration accepted, seconds (default 60;\n"
	"                      shorter requests get 423 Interval Too Brief)\n"
	"  --help              this text\n";

struct args {
	struct server_config cfg;
	const char *users_path;
	bool help;
};

/* One line on stderr; returns -1 (the command line is wrong). */
static int bad(const char *fmt, const char *what)
{
	fprintf(stderr, PROG ": ");
	fprintf(stderr, fmt, what);
	fprintf(stderr, " (try --help)\n");
	return -1;
}

/* An option's value `v` (not empty); returns 2 (option and value used) or -1. */
static int set_value(struct args *a, const char *o, const char *v)
{
	if (strcmp(o, "--listen") == 0) {
		struct net_addr addr;

		if (a->cfg.listen_count == SERVER_MAX_LISTEN)
			return bad("at most 8 --listen addresses%s", "");
		if (net_addr_parse(&addr, v, SIP_DEFAULT_PORT) != 0)
			return bad("--listen %s: not an IP address and port", v);
		a->cfg.listen[a->cfg.listen_count++] = v;
	} else if (strcmp(o, "--min-expires") == 0) {
		char *end;
		unsigned long n = strtoul(v, &end, 10);

		if (*v < '0' || *v > '9' || *end != '\0' || n < 1 || n > 86400)
			return bad("--min-expires needs seconds (1..86400), not %s", v);
		a->cfg.min_expires_s = (uint32_t)n;
	} else if (strcmp(o, "--domain") == 0) {
		a->cfg.domain = v;
	} else if (strcmp(o, "--users") == 0) {
		a->users_path = v;
	} else if (strcmp(v, "proxy") == 0 || strcmp(v, "redirect") == 0) {
		a->cfg.mode = v[0] == 'p' ? SIP_PROXY_MODE_PROXY : SIP_PROXY_MODE_REDIRECT;
	} else {
		return bad("--mode is proxy or redirect, not %s", v);
	}
	return 2;
}

/* One of sipserver's own options at argv[i]; returns arguments used or -1. */
static int own_option(struct args *a, int argc, char **argv, int i)
{
	const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

	if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
		a->help = true;
		return 1;
	}
	if (strcmp(o, "--no-auth") == 0) {
		a->cfg.auth = false;
		return 1;
	}
	if (strcmp(o, "--listen") != 0 && strcmp(o, "--domain") != 0 &&
	    strcmp(o, "--users") != 0 && strcmp(o, "--mode") != 0 && strcmp(o, "--min-expires") != 0)
		return bad("unknown option %s", o);
	if (v == NULL || *v == '\0')
		return bad("%s needs a value", o);
	return set_value(a, o, v);
}

static int parse_args(struct args *a, struct demo_see_options *so, int argc, char **argv)
{
	memset(a, 0, sizeof(*a));
	a->cfg.auth = true;
	a->cfg.mode = SIP_PROXY_MODE_PROXY;
	for (int i = 1; i < argc; i++) {
		int n = demo_see_parse_option(so, argc, argv, i);

		if (n == 0)
			n = argv[i][0] == '-' ? own_option(a, argc, argv, i)
					      : bad("unexpected argument %s", argv[i]);
		if (n < 0)
			return 2;
		i += n - 1;
	}
	if (a->cfg.listen_count == 0)
		a->cfg.listen[a->cfg.listen_count++] = "127.0.0.1:5060";
	return 0;
}

static int run(const struct args *a, const struct users *u, struct demo_see *see)
{
	struct server sv;
	struct server_config cfg = a->cfg;
	char where[512];
	int rc;

	cfg.users = (const char *const *)u->list;
	if (server_open(&sv, &cfg, see) != 0)
		return 1;
	demo_see_say(see, "domain %s, %s mode, %s, %zu user%s", sv.domain,
		     cfg.mode == SIP_PROXY_MODE_PROXY ? "proxy" : "redirect",
		     cfg.auth ? "digest authentication on" : "no authentication", u->count,
		     u->count == 1 ? "" : "s");
	server_describe(&sv, where, sizeof(where));
	demo_see_say(see, "listening on %s", where);
	rc = server_run(&sv);
	demo_see_say(see, "stopping (%u call%s drawn)", sv.calls_drawn,
		     sv.calls_drawn == 1 ? "" : "s");
	server_close(&sv);
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct demo_see_options so;
	struct demo_see *see;
	struct users u;
	struct args a;
	char err[512];
	int rc;

	demo_see_options_default(&so, PROG);
	if (parse_args(&a, &so, argc, argv) != 0)
		return 2;
	if (a.help) {
		fputs(usage, stdout);
		fputs(demo_see_usage, stdout);
		return 0;
	}
	memset(&u, 0, sizeof(u));
	if (a.users_path != NULL && users_load(&u, a.users_path, err, sizeof(err)) != 0) {
		fprintf(stderr, PROG ": %s\n", err);
		return 2;
	}
	if (demo_see_open(&see, &so) != 0) {
		users_free(&u);
		return 1;
	}
	rc = run(&a, &u, see);
	if (demo_see_close(see) != 0 && rc == 0) {
		fprintf(stderr, PROG ": writing the --log or --pcap file failed\n");
		rc = 1;
	}
	users_free(&u);
	return rc;
}
