/* tests/demos/uaproc.c - child processes beside an in-process server (uaproc.h). */
#include "tests/demos/uaproc.h"

#include "net/addr.h"
#include "net/clock.h"
#include "net/rand.h"
#include "sip/proxy.h"
#include "sip/transport_net.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const users[] = { "alice:wonderland", "bob:zanzibar", "carol:carroll", NULL };

static struct net_loop loop;
static bool loop_open;
static struct sip_transport_net *net;
static struct sip_transport *tp;
static struct net_rand rnd;
static struct sip_proxy *proxy;
static char addr_text[NET_ADDR_STRLEN];

void uaproc_loop_open(void)
{
	if (!loop_open)
		net_loop_init(&loop, NULL, NULL);
	loop_open = true;
}

int uaproc_server_start(bool auth)
{
	struct sip_proxy_config cfg;
	struct sip_transport_config tc;
	struct sip_env env;
	struct net_addr a;
	int rc;

	uaproc_loop_open();
	net_rand_seed(&rnd, (uint64_t)getpid());
	(void)net_addr_parse(&a, "127.0.0.1:0", 0);
	rc = sip_transport_net_open(&net, &loop, &a, NULL);
	if (rc != 0)
		return rc;
	memset(&env, 0, sizeof(env));
	sip_transport_net_env(net, &env);
	env.rand = &rnd;
	memset(&tc, 0, sizeof(tc));
	tc.udp = *sip_transport_net_local(net);
	tc.tcp = tc.udp;
	rc = sip_transport_create(&tp, &env, &tc);
	if (rc != 0)
		return rc;
	sip_transport_net_attach(net, tp);
	sip_proxy_config_default(&cfg);
	cfg.domain = "127.0.0.1";
	cfg.users = users;
	cfg.auth = auth;
	(void)net_addr_format(&tc.udp, addr_text, sizeof(addr_text));
	return sip_proxy_create(&proxy, tp, &cfg);
}

void uaproc_server_stop(void)
{
	sip_proxy_destroy(proxy);
	proxy = NULL;
	if (net != NULL)
		sip_transport_net_attach(net, NULL);
	sip_transport_destroy(tp);
	tp = NULL;
	sip_transport_net_close(net);
	net = NULL;
}

void uaproc_loop_close(void)
{
	uaproc_server_stop();
	if (loop_open)
		net_loop_fini(&loop);
	loop_open = false;
}

const char *uaproc_server_addr(void)
{
	return addr_text;
}

struct net_loop *uaproc_loop(void)
{
	return &loop;
}

/* ---- Children ----------------------------------------------------------------------- */

static void on_readable(void *arg, int fd, unsigned events)
{
	struct uaproc *p = arg;
	bool is_out = fd == p->out_fd;
	char *buf = is_out ? p->out : p->err;
	size_t *len = is_out ? &p->out_len : &p->err_len;
	ssize_t got;

	(void)events;
	if (*len + 1 < UAPROC_OUT_MAX) {
		got = read(fd, buf + *len, UAPROC_OUT_MAX - 1 - *len);
	} else {
		char scratch[4096];

		got = read(fd, scratch, sizeof(scratch));  /* full: drain, keep nothing */
	}
	if (got > 0 && *len + 1 < UAPROC_OUT_MAX) {
		*len += (size_t)got;
		buf[*len] = '\0';
	} else if (got <= 0) {
		net_loop_unwatch(&loop, fd);
		close(fd);
		*(is_out ? &p->out_fd : &p->err_fd) = -1;
	}
}

bool uaproc_have(const char *tool)
{
	const char *path = getenv("PATH");
	char full[512];

	while (path != NULL && *path != '\0') {
		size_t n = strcspn(path, ":");

		snprintf(full, sizeof(full), "%.*s/%s", (int)n, path, tool);
		if (access(full, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

static void child(const char *bin, const char *const *args, bool valgrind, int out[2], int err[2])
{
	const char *argv[64];
	size_t n = 0;
	int in = open("/dev/null", O_RDONLY);

	dup2(in, 0);
	dup2(out[1], 1);
	dup2(err[1], 2);
	close(out[0]);
	close(err[0]);
	if (valgrind) {
		argv[n++] = "valgrind";
		argv[n++] = "--leak-check=full";
		argv[n++] = "--error-exitcode=99";
		argv[n++] = "--errors-for-leak-kinds=definite,indirect,possible";
	}
	argv[n++] = bin;
	for (size_t i = 1; args[i] != NULL && n + 1 < sizeof(argv) / sizeof(argv[0]); i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (valgrind)
		execvp("valgrind", (char *const *)argv);
	else
		execv(bin, (char *const *)argv);
	_exit(127);
}

void uaproc_init(struct uaproc *p)
{
	memset(p, 0, sizeof(*p));
	p->pid = -1;
	p->out_fd = p->err_fd = -1;
	p->status = -1;
}

int uaproc_spawn(struct uaproc *p, const char *prog, const char *const *args, bool valgrind)
{
	const char *dir = getenv("SIPLAB_BIN");
	char bin[512];
	int out[2], err[2];

	uaproc_init(p);
	snprintf(bin, sizeof(bin), "%s/%s", dir != NULL && *dir ? dir : "build/bin", prog);
	if (access(bin, X_OK) != 0)
		return ENOENT;
	if (pipe(out) != 0)
		return errno;
	if (pipe(err) != 0) {
		close(out[0]);
		close(out[1]);
		return errno;
	}
	p->pid = fork();
	if (p->pid == 0)
		child(bin, args, valgrind, out, err);
	close(out[1]);
	close(err[1]);
	p->out_fd = out[0];
	p->err_fd = err[0];
	(void)net_loop_watch(&loop, p->out_fd, NET_LOOP_READ, on_readable, p);
	(void)net_loop_watch(&loop, p->err_fd, NET_LOOP_READ, on_readable, p);
	return p->pid > 0 ? 0 : ECHILD;
}

static void reap(struct uaproc *p, bool block)
{
	int st;

	if (p->pid > 0 && waitpid(p->pid, &st, block ? 0 : WNOHANG) == p->pid) {
		p->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		p->pid = -1;
	}
}

/* Turns the loop until done(p, arg) or max_us. */
static bool turn_until(struct uaproc *p, bool (*done)(struct uaproc *, const void *),
		       const void *arg, uint64_t max_us)
{
	uint64_t end = net_clock_monotonic_us() + max_us;

	while (!done(p, arg) && net_clock_monotonic_us() < end)
		(void)net_loop_run_once(&loop, 20000);
	return done(p, arg);
}

static bool has_out(struct uaproc *p, const void *needle)
{
	return strstr(p->out, needle) != NULL;
}

static bool exited(struct uaproc *p, const void *arg)
{
	(void)arg;
	reap(p, false);
	/* Exited, and its pipes drained to the end. */
	return p->pid < 0 && p->out_fd < 0 && p->err_fd < 0;
}

bool uaproc_wait_out(struct uaproc *p, const char *needle, uint64_t max_us)
{
	return turn_until(p, has_out, needle, max_us);
}

bool uaproc_wait_exit(struct uaproc *p, uint64_t max_us)
{
	return turn_until(p, exited, NULL, max_us);
}

void uaproc_signal(struct uaproc *p, int sig)
{
	if (p->pid > 0)
		kill(p->pid, sig);
}

void uaproc_kill(struct uaproc *p)
{
	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		reap(p, true);
		p->status = -1;
	}
	for (int i = 0; i < 2; i++) {
		int *fd = i == 0 ? &p->out_fd : &p->err_fd;

		if (*fd >= 0) {
			net_loop_unwatch(&loop, *fd);
			close(*fd);
			*fd = -1;
		}
	}
}

bool uaproc_field(const struct uaproc *p, const char *prefix, const char *key, char *buf,
		  size_t cap)
{
	const char *line = strstr(p->out, prefix), *end, *at;
	char pat[64];
	size_t n;

	if (line == NULL || cap == 0)
		return false;
	end = strchr(line, '\n');
	if (end == NULL)
		end = line + strlen(line);
	snprintf(pat, sizeof(pat), " %s=", key);
	at = strstr(line, pat);
	if (at == NULL || at > end)
		return false;
	at += strlen(pat);
	n = strcspn(at, " \n");
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, at, n);
	buf[n] = '\0';
	return true;
}

double uaproc_number(const struct uaproc *p, const char *prefix, const char *key)
{
	char v[64], *end;
	double d;

	if (!uaproc_field(p, prefix, key, v, sizeof(v)))
		return NAN;
	d = strtod(v, &end);
	return end == v ? NAN : d;
}
