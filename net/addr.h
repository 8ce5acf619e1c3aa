/* net/addr.h - IPv4 and IPv6 transport addresses (an IP literal plus a port).
 *
 * Every socket, every Via "sent-by"/"received" and every SDP connection address of
 * siplab ends up as one `struct net_addr`.  It is a plain value: copy it with `=`,
 * compare it with net_addr_equal, keep it in any struct.
 *
 * Text forms (RFC 3261 §25.1 hostport, RFC 5118 §4.1 for IPv6):
 *     192.0.2.4:5060     192.0.2.4        (IPv4, with or without port)
 *     [2001:db8::1]:5060 [2001:db8::1]    (IPv6 reference: brackets, optional port)
 *     2001:db8::1                         (bare IPv6 address, never a port)
 *     [fe80::1%2]:5060                    (IPv6 with a numeric zone / scope id)
 * A missing port takes the default the caller passes (RFC 3261 §18.1.1: 5060 for UDP
 * and TCP, 5061 for TLS), so this module stays transport-agnostic.  A Via "received"
 * value parses with or without brackets (RFC 5118 §4.5), and the extra colon that
 * RFC 3261's grammar allows ("[2001:db8:::192.0.2.1]") is tolerated (RFC 5118 §4.10).
 *
 * Leaves out: host names.  The library only takes IP literals; RFC 3263 (locating SIP
 * servers through DNS NAPTR/SRV/A records) is out of scope, and a demo program that
 * wants to accept "localhost" maps it to a literal itself.  Zone names ("%eth0")
 * are refused: only numeric zones.
 */
#ifndef NET_ADDR_H
#define NET_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Longest text net_addr_format writes, NUL included: "[" + 45-char IPv6 + "%" +
 * 10-digit zone + "]:" + 5-digit port + NUL = 65; rounded up. */
#define NET_ADDR_STRLEN 72

struct net_addr {
	int family;         /* AF_INET or AF_INET6; AF_UNSPEC (0) when unset */
	uint16_t port;      /* host byte order; 0 = "any free port" when binding */
	uint8_t ip[16];     /* network byte order; IPv4 uses ip[0..3], the rest is zero */
	uint32_t scope_id;  /* IPv6 zone (interface index), 0 for IPv4 and global IPv6 */
};

/* Parses one of the text forms above from `s` (exactly `len` bytes, need not be
 * NUL-terminated: SIP header values are views into a message).  A form without a
 * port gets `default_port`.  Returns 0, or EINVAL for anything else: host names,
 * empty or out-of-range ports, stray characters, embedded NULs. */
int net_addr_parse_n(struct net_addr *a, const char *s, size_t len, uint16_t default_port);

/* The same for a NUL-terminated string. */
int net_addr_parse(struct net_addr *a, const char *s, uint16_t default_port);

/* Writes "192.0.2.4:5060" or "[2001:db8::1]:5060" (a zone as "%N" inside the
 * brackets) into buf.  Returns 0, ENOBUFS if it does not fit in `size` bytes (buf
 * then holds a truncated string), EINVAL for an unset address. */
int net_addr_format(const struct net_addr *a, char *buf, size_t size);

/* Writes only the IP, without brackets or port ("2001:db8::1"): the form of a Via
 * "received" parameter (RFC 5118 §4.5: "When sending a request, implementations must
 * not put the delimiting "[" and "]" tokens.") and of an SDP "c=" line.  Same return
 * values. */
int net_addr_format_ip(const struct net_addr *a, char *buf, size_t size);

/* Same family, IP, zone and port. */
bool net_addr_equal(const struct net_addr *a, const struct net_addr *b);

/* Same family, IP and zone; the port is ignored (RFC 3261 §18.2.1 compares the
 * sent-by host with the packet's source IP). */
bool net_addr_same_ip(const struct net_addr *a, const struct net_addr *b);

int net_addr_family(const struct net_addr *a);           /* AF_INET, AF_INET6, AF_UNSPEC */
uint16_t net_addr_port(const struct net_addr *a);
void net_addr_set_port(struct net_addr *a, uint16_t port);

/* 127.0.0.0/8, ::1, or an IPv4-mapped 127.x address (::ffff:127.0.0.1). */
bool net_addr_is_loopback(const struct net_addr *a);

/* 0.0.0.0 or :: (the wildcard a server binds to listen on every interface). */
bool net_addr_is_any(const struct net_addr *a);

/* Sets *a to the wildcard (0.0.0.0 / ::) or the loopback address (127.0.0.1 / ::1)
 * of `family` with `port`.  Returns 0, or EINVAL if family is neither AF_INET nor
 * AF_INET6 (*a is then unset). */
int net_addr_any(struct net_addr *a, int family, uint16_t port);
int net_addr_loopback(struct net_addr *a, int family, uint16_t port);

/* Conversion to the socket API.  *len gets the size to pass to bind/connect/sendto.
 * Returns 0 or EINVAL for an unset address. */
int net_addr_to_sockaddr(const struct net_addr *a, struct sockaddr_storage *ss,
			 socklen_t *len);

/* Conversion from what accept/recvfrom/getsockname filled in.  Returns 0, or EINVAL
 * if the family is not AF_INET/AF_INET6 or `len` is too short for it. */
int net_addr_from_sockaddr(struct net_addr *a, const struct sockaddr_storage *ss,
			   socklen_t len);

#endif
