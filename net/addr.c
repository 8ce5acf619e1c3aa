/* net/addr.c - parse, print, compare and convert IP transport addresses (see addr.h).
 *
 * Implements the hostport text forms of RFC 3261 §25.1 with IPv6 references as in
 * RFC 5118 §4.1.  The IP literals themselves are checked by inet_pton, so what this
 * file adds is the split into host and port and the strict port syntax.
 * Leaves out: DNS (RFC 3263) and zone names; see addr.h.
 */
#include "net/addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* inet_pton wants a NUL-terminated string; our input is a (pointer, length) view. */
static int copy_view(char *dst, size_t cap, const char *s, size_t len)
{
	if (len == 0 || len >= cap)
		return EINVAL;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return 0;
}

/* 1 to `max_digits` decimal digits, value <= max.  No sign, no spaces. */
static int parse_uint(const char *s, size_t len, size_t max_digits, uint32_t max,
		      uint32_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > max_digits)
		return EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return EINVAL;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static int parse_ipv4(struct net_addr *a, const char *s, size_t len)
{
	char buf[INET_ADDRSTRLEN];

	if (copy_view(buf, sizeof(buf), s, len) != 0 || inet_pton(AF_INET, buf, a->ip) != 1)
		return EINVAL;
	a->family = AF_INET;
	return 0;
}

/* RFC5118 4.10: RFC 3261's ABNF allows "[2001:db8:::192.0.2.1]" (a colon too many
 * before an IPv4 tail), and "an implementation must tolerate both of the above
 * constructs."  Drops that colon in place; returns false if the form is not there. */
static bool fix_abnf_extra_colon(char *buf)
{
	char *triple = strstr(buf, ":::");

	if (triple == NULL || strchr(triple, '.') == NULL)
		return false;
	memmove(triple, triple + 1, strlen(triple + 1) + 1);
	return true;
}

/* "2001:db8::1" or "fe80::1%2" (numeric zone only). */
static int parse_ipv6(struct net_addr *a, const char *s, size_t len)
{
	char buf[INET6_ADDRSTRLEN + 1];  /* + 1: room for the RFC 5118 extra colon */
	const char *pct = memchr(s, '%', len);
	size_t iplen = pct != NULL ? (size_t)(pct - s) : len;

	if (copy_view(buf, sizeof(buf), s, iplen) != 0)
		return EINVAL;
	if (inet_pton(AF_INET6, buf, a->ip) != 1 &&
	    !(fix_abnf_extra_colon(buf) && inet_pton(AF_INET6, buf, a->ip) == 1))
		return EINVAL;
	if (pct != NULL && parse_uint(pct + 1, len - iplen - 1, 10, UINT32_MAX, &a->scope_id) != 0)
		return EINVAL;
	a->family = AF_INET6;
	return 0;
}

/* What follows the host: nothing (default port) or ":" and 1-5 digits. */
static int parse_port_suffix(struct net_addr *a, const char *s, size_t len,
			     uint16_t default_port)
{
	uint32_t port;

	if (len == 0) {
		a->port = default_port;
		return 0;
	}
	if (s[0] != ':' || parse_uint(s + 1, len - 1, 5, 65535, &port) != 0)
		return EINVAL;
	a->port = (uint16_t)port;
	return 0;
}

static int parse_hostport(struct net_addr *a, const char *s, size_t len, uint16_t default_port)
{
	if (s[0] == '[') {  /* RFC3261 25.1: IPv6reference = "[" IPv6address "]" */
		const char *close = memchr(s, ']', len);

		if (close == NULL || parse_ipv6(a, s + 1, (size_t)(close - s - 1)) != 0)
			return EINVAL;
		return parse_port_suffix(a, close + 1, len - (size_t)(close + 1 - s), default_port);
	}
	const char *colon = memchr(s, ':', len);

	if (colon != NULL && memchr(colon + 1, ':', len - (size_t)(colon + 1 - s)) != NULL) {
		a->port = default_port;  /* two colons: a bare IPv6 address, which has no port */
		return parse_ipv6(a, s, len);
	}
	size_t hostlen = colon != NULL ? (size_t)(colon - s) : len;

	if (parse_ipv4(a, s, hostlen) != 0)
		return EINVAL;
	return parse_port_suffix(a, s + hostlen, len - hostlen, default_port);
}

int net_addr_parse_n(struct net_addr *a, const char *s, size_t len, uint16_t default_port)
{
	memset(a, 0, sizeof(*a));
	if (s == NULL || len == 0 || memchr(s, '\0', len) != NULL)
		return EINVAL;
	if (parse_hostport(a, s, len, default_port) != 0) {
		memset(a, 0, sizeof(*a));
		return EINVAL;
	}
	return 0;
}

int net_addr_parse(struct net_addr *a, const char *s, uint16_t default_port)
{
	return net_addr_parse_n(a, s, s != NULL ? strlen(s) : 0, default_port);
}

/* The IP with a "%zone" suffix when there is one, never brackets. */
static int format_ip_zone(const struct net_addr *a, char *out, size_t size)
{
	char ip[INET6_ADDRSTRLEN];

	if (a->family != AF_INET && a->family != AF_INET6)
		return EINVAL;
	if (inet_ntop(a->family, a->ip, ip, sizeof(ip)) == NULL)
		return EINVAL;
	int n = a->scope_id != 0 ? snprintf(out, size, "%s%%%u", ip, (unsigned)a->scope_id)
				 : snprintf(out, size, "%s", ip);

	return n < 0 || (size_t)n >= size ? ENOBUFS : 0;
}

int net_addr_format_ip(const struct net_addr *a, char *buf, size_t size)
{
	return format_ip_zone(a, buf, size);
}

int net_addr_format(const struct net_addr *a, char *buf, size_t size)
{
	char ip[NET_ADDR_STRLEN];
	int err = format_ip_zone(a, ip, sizeof(ip));
	int n;

	if (err != 0)
		return err;
	if (a->family == AF_INET6)
		n = snprintf(buf, size, "[%s]:%u", ip, (unsigned)a->port);
	else
		n = snprintf(buf, size, "%s:%u", ip, (unsigned)a->port);
	return n < 0 || (size_t)n >= size ? ENOBUFS : 0;
}

static size_t ip_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

bool net_addr_same_ip(const struct net_addr *a, const struct net_addr *b)
{
	return a->family == b->family && a->scope_id == b->scope_id &&
	       memcmp(a->ip, b->ip, ip_len(a->family)) == 0;
}

bool net_addr_equal(const struct net_addr *a, const struct net_addr *b)
{
	return net_addr_same_ip(a, b) && a->port == b->port;
}

int net_addr_family(const struct net_addr *a)
{
	return a->family;
}

uint16_t net_addr_port(const struct net_addr *a)
{
	return a->port;
}

void net_addr_set_port(struct net_addr *a, uint16_t port)
{
	a->port = port;
}

static const uint8_t v4mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

bool net_addr_is_loopback(const struct net_addr *a)
{
	static const uint8_t v6_loopback[16] = { [15] = 1 };

	if (a->family == AF_INET)
		return a->ip[0] == 127;
	if (a->family != AF_INET6)
		return false;
	if (memcmp(a->ip, v6_loopback, 16) == 0)
		return true;
	return memcmp(a->ip, v4mapped_prefix, 12) == 0 && a->ip[12] == 127;
}

bool net_addr_is_any(const struct net_addr *a)
{
	static const uint8_t zero[16];
	size_t n = ip_len(a->family);

	return n != 0 && memcmp(a->ip, zero, n) == 0;
}

int net_addr_any(struct net_addr *a, int family, uint16_t port)
{
	memset(a, 0, sizeof(*a));
	if (family != AF_INET && family != AF_INET6)
		return EINVAL;
	a->family = family;
	a->port = port;
	return 0;
}

int net_addr_loopback(struct net_addr *a, int family, uint16_t port)
{
	int err = net_addr_any(a, family, port);

	if (err != 0)
		return err;
	if (family == AF_INET) {
		a->ip[0] = 127;
		a->ip[3] = 1;
	} else {
		a->ip[15] = 1;
	}
	return 0;
}

int net_addr_to_sockaddr(const struct net_addr *a, struct sockaddr_storage *ss,
			 socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(a->port);
		memcpy(&sin->sin_addr, a->ip, 4);
		*len = (socklen_t)sizeof(*sin);
		return 0;
	}
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(a->port);
		memcpy(&sin6->sin6_addr, a->ip, 16);
		sin6->sin6_scope_id = a->scope_id;
		*len = (socklen_t)sizeof(*sin6);
		return 0;
	}
	return EINVAL;
}

int net_addr_from_sockaddr(struct net_addr *a, const struct sockaddr_storage *ss,
			   socklen_t len)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;

		a->family = AF_INET;
		a->port = ntohs(sin->sin_port);
		memcpy(a->ip, &sin->sin_addr, 4);
		return 0;
	}
	if (ss->ss_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

		a->family = AF_INET6;
		a->port = ntohs(sin6->sin6_port);
		memcpy(a->ip, &sin6->sin6_addr, 16);
		a->scope_id = sin6->sin6_scope_id;
		return 0;
	}
	return EINVAL;
}
