/* net/pcap.c - synthesise IPv4/IPv6 + UDP/TCP packets into a libpcap file (see pcap.h).
 *
 * Header layouts: IPv4 (RFC 791 section 3.1), IPv6 (RFC 8200 section 3), UDP (RFC
 * 768), TCP (RFC 793 section 3.1); the Internet checksum is the one's complement of
 * the one's complement sum of 16-bit words (RFC 1071), over a pseudo-header plus the
 * segment for UDP and TCP.  (These RFCs are not in the project's RFC set, hence no
 * section tags.)
 * Leaves out: see pcap.h.
 */
#include "net/pcap.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define IPV4_HDR 20
#define IPV6_HDR 40
#define UDP_HDR 8
#define TCP_HDR 20
#define PROTO_TCP 6
#define PROTO_UDP 17
#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define PACKET_MAX (IPV6_HDR + 65535)  /* largest IP packet we build */

/* One TCP connection as the capture shows it. */
struct pcap_stream {
	struct net_addr client;  /* sent the first data, so it "sent the SYN" */
	struct net_addr server;
	uint32_t client_seq;     /* next sequence number the client sends */
	uint32_t server_seq;     /* next sequence number the server sends */
};

struct net_pcap {
	FILE *f;                        /* owned if own_file */
	bool own_file;
	bool failed;                    /* a write failed: net_pcap_close reports EIO */
	uint16_t ip_id;                 /* next IPv4 identification */
	struct pcap_stream *streams;    /* owned array */
	size_t nstreams, cap;
	uint8_t pkt[PACKET_MAX];        /* the packet being built */
};

/* A TCP segment to build: who sends it and its header fields. */
struct segment {
	const struct net_addr *src, *dst;
	uint32_t seq, ack;
	uint8_t flags;
	const uint8_t *data;
	size_t len;
};

/* ------------------------------------------------------------------ byte order */

static void put16be(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32be(uint8_t *p, uint32_t v)
{
	put16be(p, v >> 16);
	put16be(p + 2, v);
}

static void put16le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32le(uint8_t *p, uint32_t v)
{
	put16le(p, v);
	put16le(p + 2, v >> 16);
}

/* ------------------------------------------------------------------ checksums */

/* RFC 1071: add 16-bit big-endian words; an odd last byte is padded with zero. */
static uint64_t sum_words(uint64_t acc, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		acc += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len % 2 != 0)
		acc += (uint32_t)p[len - 1] << 8;
	return acc;
}

static uint16_t fold(uint64_t acc)
{
	while (acc >> 16 != 0)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

/* Checksum of a UDP or TCP segment (header with checksum 0, then data) including the
 * pseudo-header of its IP version. */
static uint16_t l4_checksum(const struct net_addr *src, const struct net_addr *dst,
			    uint8_t proto, const uint8_t *seg, size_t len)
{
	size_t iplen = net_addr_family(src) == AF_INET ? 4 : 16;
	uint64_t acc = sum_words(0, src->ip, iplen);

	acc = sum_words(acc, dst->ip, iplen);
	acc += proto;
	acc += len;  /* IPv4: 16-bit length; IPv6: 32-bit length, same sum for < 2^16 */
	return fold(sum_words(acc, seg, len));
}

/* ------------------------------------------------------------------ IP header */

/* Writes the IP header for `l4len` bytes of protocol `proto` at p->pkt; returns its
 * size. */
static size_t put_ip(struct net_pcap *p, const struct net_addr *src, const struct net_addr *dst,
		     uint8_t proto, size_t l4len)
{
	uint8_t *h = p->pkt;

	if (net_addr_family(src) == AF_INET6) {
		memset(h, 0, IPV6_HDR);
		h[0] = 0x60;                         /* version 6, traffic class 0 */
		put16be(h + 4, (uint32_t)l4len);     /* payload length */
		h[6] = proto;                        /* next header */
		h[7] = 64;                           /* hop limit */
		memcpy(h + 8, src->ip, 16);
		memcpy(h + 24, dst->ip, 16);
		return IPV6_HDR;
	}
	memset(h, 0, IPV4_HDR);
	h[0] = 0x45;                                 /* version 4, 5 words of header */
	put16be(h + 2, (uint32_t)(IPV4_HDR + l4len)); /* total length */
	put16be(h + 4, p->ip_id++);                  /* identification */
	put16be(h + 6, 0x4000);                      /* DF, fragment offset 0 */
	h[8] = 64;                                   /* TTL */
	h[9] = proto;
	memcpy(h + 12, src->ip, 4);
	memcpy(h + 16, dst->ip, 4);
	put16be(h + 10, fold(sum_words(0, h, IPV4_HDR)));
	return IPV4_HDR;
}

/* ------------------------------------------------------------------ records */

static int write_bytes(struct net_pcap *p, const void *data, size_t len)
{
	if (fwrite(data, 1, len, p->f) != len) {
		p->failed = true;
		return EIO;
	}
	return 0;
}

static int write_record(struct net_pcap *p, uint64_t ts_us, size_t len)
{
	uint8_t rec[16];

	put32le(rec, (uint32_t)(ts_us / 1000000));     /* seconds */
	put32le(rec + 4, (uint32_t)(ts_us % 1000000)); /* microseconds */
	put32le(rec + 8, (uint32_t)len);               /* bytes in the file */
	put32le(rec + 12, (uint32_t)len);              /* bytes on the wire */
	if (write_bytes(p, rec, sizeof(rec)) != 0 || write_bytes(p, p->pkt, len) != 0)
		return EIO;
	if (fflush(p->f) != 0) {  /* so Wireshark can follow a live demo's file */
		p->failed = true;
		return EIO;
	}
	return 0;
}

static int check_pair(const struct net_addr *src, const struct net_addr *dst)
{
	int family = net_addr_family(src);

	if ((family != AF_INET && family != AF_INET6) || family != net_addr_family(dst))
		return EINVAL;
	return 0;
}

int net_pcap_write_udp(struct net_pcap *p, uint64_t ts_us, const struct net_addr *src,
		       const struct net_addr *dst, const void *data, size_t len)
{
	int err = check_pair(src, dst);

	if (err != 0)
		return err;
	size_t iphdr = net_addr_family(src) == AF_INET ? IPV4_HDR : IPV6_HDR;
	size_t udplen = UDP_HDR + len;

	/* IPv4's total length and IPv6's payload length are 16-bit fields */
	if (len > 65535 - UDP_HDR || (iphdr == IPV4_HDR && udplen > 65535 - IPV4_HDR))
		return EMSGSIZE;
	put_ip(p, src, dst, PROTO_UDP, udplen);
	uint8_t *u = p->pkt + iphdr;

	put16be(u, net_addr_port(src));
	put16be(u + 2, net_addr_port(dst));
	put16be(u + 4, (uint32_t)udplen);
	put16be(u + 6, 0);
	memcpy(u + UDP_HDR, data, len);
	uint16_t sum = l4_checksum(src, dst, PROTO_UDP, u, udplen);

	put16be(u + 6, sum != 0 ? sum : 0xffff);  /* RFC 768: 0 means "no checksum" */
	return write_record(p, ts_us, iphdr + udplen);
}

/* ------------------------------------------------------------------ TCP */

static int write_segment(struct net_pcap *p, uint64_t ts_us, const struct segment *s)
{
	size_t iphdr = put_ip(p, s->src, s->dst, PROTO_TCP, TCP_HDR + s->len);
	uint8_t *t = p->pkt + iphdr;

	memset(t, 0, TCP_HDR);
	put16be(t, net_addr_port(s->src));
	put16be(t + 2, net_addr_port(s->dst));
	put32be(t + 4, s->seq);
	put32be(t + 8, (s->flags & TCP_ACK) != 0 ? s->ack : 0);
	t[12] = (TCP_HDR / 4) << 4;  /* data offset in 32-bit words */
	t[13] = s->flags;
	put16be(t + 14, 65535);      /* window */
	memcpy(t + TCP_HDR, s->data, s->len);
	put16be(t + 16, l4_checksum(s->src, s->dst, PROTO_TCP, t, TCP_HDR + s->len));
	return write_record(p, ts_us, iphdr + TCP_HDR + s->len);
}

/* The stream between a and b in either direction, or NULL. */
static struct pcap_stream *find_stream(struct net_pcap *p, const struct net_addr *a,
				       const struct net_addr *b)
{
	for (size_t i = 0; i < p->nstreams; i++) {
		struct pcap_stream *s = &p->streams[i];

		if ((net_addr_equal(&s->client, a) && net_addr_equal(&s->server, b)) ||
		    (net_addr_equal(&s->client, b) && net_addr_equal(&s->server, a)))
			return s;
	}
	return NULL;
}

/* Starts a stream with src as client: SYN, SYN-ACK, ACK at ts_us. */
static int new_stream(struct net_pcap *p, uint64_t ts_us, const struct net_addr *src,
		      const struct net_addr *dst, struct pcap_stream **out)
{
	if (p->nstreams == p->cap) {
		size_t cap = p->cap != 0 ? p->cap * 2 : 8;
		struct pcap_stream *s = realloc(p->streams, cap * sizeof(*s));

		if (s == NULL)
			return ENOBUFS;
		p->streams = s;
		p->cap = cap;
	}
	struct pcap_stream *s = &p->streams[p->nstreams++];
	const uint32_t c = NET_PCAP_TCP_ISN_CLIENT, v = NET_PCAP_TCP_ISN_SERVER;
	const struct segment hs[3] = {
		{ src, dst, c, 0, TCP_SYN, NULL, 0 },
		{ dst, src, v, c + 1, TCP_SYN | TCP_ACK, NULL, 0 },
		{ src, dst, c + 1, v + 1, TCP_ACK, NULL, 0 },
	};

	s->client = *src;
	s->server = *dst;
	s->client_seq = c + 1;  /* a SYN takes one sequence number */
	s->server_seq = v + 1;
	*out = s;
	for (int i = 0; i < 3; i++)
		if (write_segment(p, ts_us, &hs[i]) != 0)
			return EIO;
	return 0;
}

int net_pcap_write_tcp(struct net_pcap *p, uint64_t ts_us, const struct net_addr *src,
		       const struct net_addr *dst, const void *data, size_t len)
{
	struct pcap_stream *s;
	int err = check_pair(src, dst);

	if (err != 0 || len == 0)
		return err;
	s = find_stream(p, src, dst);
	if (s == NULL && (err = new_stream(p, ts_us, src, dst, &s)) != 0)
		return err;
	bool from_client = net_addr_equal(&s->client, src);
	uint32_t *seq = from_client ? &s->client_seq : &s->server_seq;
	uint32_t ack = from_client ? s->server_seq : s->client_seq;
	size_t off = 0;

	do {
		size_t n = len - off < NET_PCAP_TCP_MSS ? len - off : NET_PCAP_TCP_MSS;
		struct segment seg = { src, dst, *seq, ack, TCP_ACK, (const uint8_t *)data + off, n };

		if (off + n == len)
			seg.flags |= TCP_PSH;
		if (write_segment(p, ts_us, &seg) != 0)
			return EIO;
		*seq += (uint32_t)n;
		off += n;
	} while (off < len);
	return 0;
}

int net_pcap_write_tcp_close(struct net_pcap *p, uint64_t ts_us, const struct net_addr *src,
			     const struct net_addr *dst)
{
	struct pcap_stream *s = find_stream(p, src, dst);

	if (s == NULL)
		return 0;
	bool from_client = net_addr_equal(&s->client, src);
	uint32_t a = from_client ? s->client_seq : s->server_seq;  /* closer's next seq */
	uint32_t b = from_client ? s->server_seq : s->client_seq;
	const struct segment fin[3] = {
		{ src, dst, a, b, TCP_FIN | TCP_ACK, NULL, 0 },
		{ dst, src, b, a + 1, TCP_FIN | TCP_ACK, NULL, 0 },  /* a FIN takes one number */
		{ src, dst, a + 1, b + 1, TCP_ACK, NULL, 0 },
	};

	*s = p->streams[--p->nstreams];  /* forget it: the last entry takes its place */
	for (int i = 0; i < 3; i++)
		if (write_segment(p, ts_us, &fin[i]) != 0)
			return EIO;
	return 0;
}

/* ------------------------------------------------------------------ file */

int net_pcap_open_stream(struct net_pcap **out, FILE *f)
{
	uint8_t hdr[24];
	struct net_pcap *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (p == NULL)
		return ENOBUFS;
	p->f = f;
	put32le(hdr, 0xa1b2c3d4);                 /* magic: microsecond timestamps */
	put16le(hdr + 4, 2);                      /* version 2.4 */
	put16le(hdr + 6, 4);
	put32le(hdr + 8, 0);                      /* thiszone: timestamps are UTC */
	put32le(hdr + 12, 0);                     /* sigfigs */
	put32le(hdr + 16, NET_PCAP_SNAPLEN);
	put32le(hdr + 20, NET_PCAP_LINKTYPE_RAW);
	if (write_bytes(p, hdr, sizeof(hdr)) != 0 || fflush(f) != 0) {
		free(p);
		return EIO;
	}
	*out = p;
	return 0;
}

int net_pcap_open(struct net_pcap **out, const char *path)
{
	FILE *f = fopen(path, "wb");
	int err;

	*out = NULL;
	if (f == NULL)
		return errno;
	err = net_pcap_open_stream(out, f);
	if (err != 0) {
		fclose(f);
		return err;
	}
	(*out)->own_file = true;
	return 0;
}

int net_pcap_close(struct net_pcap *p)
{
	int err;

	if (p == NULL)
		return 0;
	err = p->failed || fflush(p->f) != 0 ? EIO : 0;
	if (p->own_file && fclose(p->f) != 0)
		err = EIO;
	free(p->streams);
	free(p);
	return err;
}
