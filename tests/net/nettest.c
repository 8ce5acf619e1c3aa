/* tests/net/nettest.c - shared helpers of the net/ tests (see nettest.h). */
#include "tests/net/nettest.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

uint64_t nt_clock_read(void *arg)
{
	struct nt_clock *c = arg;
	uint64_t now = c->now;

	c->now += c->step;
	return now;
}

static void record_line(void *arg, enum net_log_level level, const char *layer,
			const char *line)
{
	struct nt_log *l = arg;
	size_t used = strlen(l->text);

	if (used + 1 < sizeof(l->text))
		snprintf(l->text + used, sizeof(l->text) - used, "%s %s: %s\n",
			 net_log_level_name(level), layer, line);
	l->lines++;
}

void nt_log_init(struct nt_log *l, struct net_log *hook)
{
	memset(l, 0, sizeof(*l));
	hook->cb = record_line;
	hook->arg = l;
}

bool nt_log_contains(const struct nt_log *l, const char *needle)
{
	return strstr(l->text, needle) != NULL;
}

bool nt_pump(struct net_loop *loop, bool (*done)(void *arg), void *arg, unsigned max_turns)
{
	for (unsigned i = 0; i < max_turns && !done(arg); i++)
		if (net_loop_run_once(loop, 10000) != 0)
			break;
	return done(arg);
}

bool nt_have_ipv6_loopback(const char *test_name)
{
	struct sockaddr_in6 sin6;
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);
	int ok = 0;

	if (fd >= 0) {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_addr = in6addr_loopback;
		ok = bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) == 0;
		close(fd);
	}
	if (!ok)
		printf("\n  SKIP %s: no IPv6 loopback (::1) on this machine (%s)\n", test_name,
		       strerror(errno));
	return ok;
}
