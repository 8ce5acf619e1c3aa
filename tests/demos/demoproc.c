/* tests/demos/demoproc.c - running the demo programs from tests (see demoproc.h). */
#include "tests/demos/demoproc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void bin_path(const char *name, char *buf, size_t cap)
{
	const char *dir = getenv("SIPLAB_BIN");

	snprintf(buf, cap, "%s/%s", dir != NULL && *dir != '\0' ? dir : "build/bin", name);
}

bool dp_have(const char *tool)
{
	const char *path = getenv("PATH");
	char dir[512];

	while (path != NULL && *path != '\0') {
		const char *colon = strchr(path, ':');
		size_t n = colon != NULL ? (size_t)(colon - path) : strlen(path);

		if (n < sizeof(dir)) {
			char full[600];

			memcpy(dir, path, n);
			dir[n] = '\0';
			snprintf(full, sizeof(full), "%s/%s", n > 0 ? dir : ".", tool);
			if (access(full, X_OK) == 0)
				return true;
		}
		path = colon != NULL ? colon + 1 : NULL;
	}
	return false;
}

static int spawn(struct dp_proc *p, const char *const *argv)
{
	int fds[2];

	if (pipe(fds) != 0)
		return -1;
	p->pid = fork();
	if (p->pid < 0) {
		close(fds[0]);
		close(fds[1]);
		p->pid = 0;
		return -1;
	}
	if (p->pid == 0) {
		int in = open("/dev/null", O_RDONLY);

		dup2(in, 0);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	p->fd = fds[0];
	return 0;
}

static void init(struct dp_proc *p)
{
	memset(p, 0, sizeof(*p));
	p->fd = -1;
	p->status = -1;
	p->cap = 4096;
	p->out = calloc(1, p->cap + 1);
}

int dp_start(struct dp_proc *p, const char *name, const char *const *args)
{
	const char *argv[DP_MAX_ARGS + 2];
	char bin[512];
	size_t n = 0;

	init(p);
	bin_path(name, bin, sizeof(bin));
	argv[n++] = bin;
	for (size_t i = 0; args[i] != NULL && n < DP_MAX_ARGS; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return p->out == NULL ? -1 : spawn(p, argv);
}

int dp_start_valgrind(struct dp_proc *p, const char *name, const char *const *args)
{
	static unsigned counter;
	const char *argv[DP_MAX_ARGS + 8];
	char bin[512], logopt[96];
	size_t n = 0;

	init(p);
	snprintf(p->vg_log, sizeof(p->vg_log), "/tmp/siplab_vg_%d_%u.txt", (int)getpid(),
		 counter++);
	snprintf(logopt, sizeof(logopt), "--log-file=%s", p->vg_log);
	bin_path(name, bin, sizeof(bin));
	argv[n++] = "valgrind";
	argv[n++] = "--leak-check=full";
	argv[n++] = "--show-leak-kinds=all";
	argv[n++] = "--errors-for-leak-kinds=all";
	argv[n++] = logopt;
	argv[n++] = bin;
	for (size_t i = 0; args[i] != NULL && n < DP_MAX_ARGS; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return p->out == NULL ? -1 : spawn(p, argv);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One read (after poll says there is something); false at end of output. */
static bool read_some(struct dp_proc *p, int wait_ms)
{
	struct pollfd pfd = { p->fd, POLLIN, 0 };
	ssize_t got;

	if (p->fd < 0 || poll(&pfd, 1, wait_ms) <= 0)
		return p->fd >= 0;
	if (p->len == p->cap) {
		char *bigger = realloc(p->out, 2 * p->cap + 1);

		if (bigger == NULL)
			return false;
		p->out = bigger;
		p->cap *= 2;
	}
	got = read(p->fd, p->out + p->len, p->cap - p->len);
	if (got <= 0) {
		close(p->fd);
		p->fd = -1;
		return false;
	}
	p->len += (size_t)got;
	p->out[p->len] = '\0';
	return true;
}

bool dp_wait_for(struct dp_proc *p, const char *needle, int timeout_ms)
{
	long end = now_ms() + timeout_ms;

	while (p->out != NULL && strstr(p->out, needle) == NULL) {
		long left = end - now_ms();

		if (left <= 0 || !read_some(p, (int)(left < 100 ? left : 100)))
			return p->out != NULL && strstr(p->out, needle) != NULL;
	}
	return p->out != NULL;
}

int dp_wait_exit(struct dp_proc *p, int timeout_ms)
{
	long end = now_ms() + timeout_ms;
	int st;

	while (p->fd >= 0 && now_ms() < end)
		(void)read_some(p, 100);
	if (p->pid == 0)
		return p->status;
	while (waitpid(p->pid, &st, WNOHANG) == 0) {
		if (now_ms() >= end) {
			kill(p->pid, SIGKILL);
			(void)waitpid(p->pid, &st, 0);
			p->pid = 0;
			return -1;
		}
		struct timespec ts = { 0, 10000000 };

		nanosleep(&ts, NULL);
	}
	p->pid = 0;
	p->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return p->status;
}

void dp_signal(struct dp_proc *p, int sig)
{
	if (p->pid > 0)
		kill(p->pid, sig);
}

void dp_free(struct dp_proc *p)
{
	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		(void)waitpid(p->pid, NULL, 0);
	}
	if (p->fd >= 0)
		close(p->fd);
	if (p->vg_log[0] != '\0')
		unlink(p->vg_log);
	free(p->out);
	memset(p, 0, sizeof(*p));
	p->fd = -1;
}

unsigned dp_listen_port(const struct dp_proc *p)
{
	const char *l = p->out != NULL ? strstr(p->out, "listening on 127.0.0.1:") : NULL;

	return l != NULL ? (unsigned)strtoul(l + strlen("listening on 127.0.0.1:"), NULL, 10) : 0;
}

void dp_tmpdir_make(char *dir, size_t cap, const char *prefix)
{
	snprintf(dir, cap, "/tmp/%sXXXXXX", prefix);
	if (mkdtemp(dir) == NULL)
		dir[0] = '\0';
}

void dp_tmpdir_remove(char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (dir[0] != '\0' && system(cmd) != 0)
		dir[0] = '\0';
}

const char *dp_write_file(const char *dir, const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

int dp_run(const char *name, const char *const *args, char **out, int timeout_ms)
{
	struct dp_proc p;
	int rc;

	if (dp_start(&p, name, args) != 0) {
		dp_free(&p);
		*out = NULL;
		return -1;
	}
	rc = dp_wait_exit(&p, timeout_ms);
	*out = p.out;
	p.out = NULL;
	dp_free(&p);
	return rc;
}

/* ---- Raw SIP over UDP ---------------------------------------------------------------- */

int dp_udp_open(struct dp_udp *u)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	u->fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (u->fd < 0 || bind(u->fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    getsockname(u->fd, (struct sockaddr *)&a, &len) != 0) {
		dp_udp_close(u);
		return -1;
	}
	u->port = ntohs(a.sin_port);
	return 0;
}

void dp_udp_close(struct dp_udp *u)
{
	if (u->fd >= 0)
		close(u->fd);
	u->fd = -1;
}

/* msg with every "%PORT%" replaced by our port. */
static char *fill_port(const char *msg, unsigned port)
{
	size_t cap = strlen(msg) * 2 + 64, n = 0;
	char *out = malloc(cap), num[16];

	snprintf(num, sizeof(num), "%u", port);
	for (const char *s = msg; out != NULL && *s != '\0' && n + 16 < cap;) {
		if (strncmp(s, "%PORT%", 6) == 0) {
			memcpy(out + n, num, strlen(num));
			n += strlen(num);
			s += 6;
		} else {
			out[n++] = *s++;
		}
	}
	if (out != NULL)
		out[n] = '\0';
	return out;
}

char *dp_udp_ask(struct dp_udp *u, unsigned port, const char *msg, int min_status,
		 int timeout_ms)
{
	struct sockaddr_in to;
	char *text = fill_port(msg, u->port), buf[65536];
	long end = now_ms() + timeout_ms;

	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	to.sin_port = htons((uint16_t)port);
	if (text == NULL || sendto(u->fd, text, strlen(text), 0, (struct sockaddr *)&to,
				   sizeof(to)) < 0) {
		free(text);
		return NULL;
	}
	free(text);
	while (now_ms() < end) {
		struct pollfd pfd = { u->fd, POLLIN, 0 };
		ssize_t got;

		if (poll(&pfd, 1, (int)(end - now_ms())) <= 0)
			break;
		got = recv(u->fd, buf, sizeof(buf) - 1, 0);
		if (got <= 12)
			continue;
		buf[got] = '\0';
		if (strncmp(buf, "SIP/2.0 ", 8) == 0 && strtol(buf + 8, NULL, 10) >= min_status) {
			char *copy = malloc((size_t)got + 1);

			if (copy != NULL)
				memcpy(copy, buf, (size_t)got + 1);
			return copy;
		}
	}
	return NULL;
}
