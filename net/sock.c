/* net/sock.c - socket chores shared by UDP and TCP (see sock_internal.h).
 * Leaves out: socket buffer tuning, DSCP/TOS marking, SO_BINDTODEVICE. */
#include "net/sock_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <unistd.h>

int net_sock_prepare(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
		return errno;
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0)
		return errno;
	return 0;
}

int net_sock_open(int family, int type, int *fd)
{
	int one = 1, err;

	*fd = -1;
	if (family != AF_INET && family != AF_INET6)
		return EAFNOSUPPORT;
	*fd = socket(family, type, 0);
	if (*fd < 0)
		return errno;
	err = net_sock_prepare(*fd);
	if (err == 0 && family == AF_INET6 &&
	    setsockopt(*fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) != 0)
		err = errno;
	if (err != 0) {
		close(*fd);
		*fd = -1;
	}
	return err;
}

int net_sock_bind(int fd, const struct net_addr *a)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (net_addr_to_sockaddr(a, &ss, &len) != 0)
		return EINVAL;
	return bind(fd, (struct sockaddr *)&ss, len) == 0 ? 0 : errno;
}

int net_sock_local(int fd, struct net_addr *a)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return errno;
	return net_addr_from_sockaddr(a, &ss, len);
}
