/* tests/net/test_pcap.c - the capture writer (net/pcap.h), byte by byte, and then
 * through tshark when it is installed.
 *
 * Checksums are verified the way a receiver does (RFC 1071): summing a header that
 * includes its checksum gives 0xffff.  The test's summing code is independent of the
 * writer's.
 */
#include "net/pcap.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *mem;        /* what the writer produced (open_memstream) */
static size_t memlen;
static FILE *memf;
static struct net_pcap *pc;

static void setup(void)
{
	mem = NULL;
	memlen = 0;
	memf = open_memstream(&mem, &memlen);
	pc = NULL;
	if (memf != NULL && net_pcap_open_stream(&pc, memf) != 0)
		pc = NULL;
}

static void teardown(void)
{
	net_pcap_close(pc);
	if (memf != NULL)
		fclose(memf);
	free(mem);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const uint8_t *p)
{
	return be16(p) << 16 | be16(p + 2);
}

/* Record `n` (0-based) of the capture: returns its packet bytes, *len and *ts_us;
 * NULL if there is no such record. */
static const uint8_t *record(size_t n, size_t *len, uint64_t *ts_us)
{
	size_t off = 24;

	for (;;) {
		if (off + 16 > memlen)
			return NULL;
		const uint8_t *r = (const uint8_t *)mem + off;
		size_t incl = le32(r + 8);

		if (off + 16 + incl > memlen)
			return NULL;
		if (n-- == 0) {
			*len = incl;
			if (ts_us != NULL)
				*ts_us = (uint64_t)le32(r) * 1000000 + le32(r + 4);
			return r + 16;
		}
		off += 16 + incl;
	}
}

static size_t records(void)
{
	size_t n = 0, len;

	while (record(n, &len, NULL) != NULL)
		n++;
	return n;
}

/* One's complement sum of 16-bit words, folded (RFC 1071). */
static uint32_t ocsum(uint32_t acc, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		acc += i % 2 == 0 ? (uint32_t)p[i] << 8 : p[i];
	while (acc > 0xffff)
		acc = (acc & 0xffff) + (acc >> 16);
	return acc;
}

/* Verifies a UDP/TCP checksum over the IPv4 or IPv6 pseudo-header. */
static bool l4_sum_ok(const uint8_t *ip, size_t iplen)
{
	bool v6 = (ip[0] >> 4) == 6;
	size_t hdr = v6 ? 40 : 20;
	size_t seglen = iplen - hdr;
	uint8_t pseudo[40] = { 0 };
	size_t plen;

	if (v6) {  /* src, dst, 32-bit length, 3 zero bytes, next header */
		memcpy(pseudo, ip + 8, 32);
		pseudo[34] = (uint8_t)(seglen >> 8);
		pseudo[35] = (uint8_t)seglen;
		pseudo[39] = ip[6];
		plen = 40;
	} else {   /* src, dst, zero, protocol, 16-bit length */
		memcpy(pseudo, ip + 12, 8);
		pseudo[9] = ip[9];
		pseudo[10] = (uint8_t)(seglen >> 8);
		pseudo[11] = (uint8_t)seglen;
		plen = 12;
	}
	return ocsum(ocsum(0, pseudo, plen), ip + hdr, seglen) == 0xffff;
}

static void addr(struct net_addr *a, const char *s)
{
	CU_ASSERT_EQUAL(net_addr_parse(a, s, 0), 0);
}

/* The file starts with the libpcap global header: little-endian magic for
 * microsecond timestamps, version 2.4, snaplen, and link type 101 (raw IP). */
static void test_impl_pcap_global_header(void)
{
	static const uint8_t expect[24] = {
		0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 0x00, 0x04, 0x00, 101, 0, 0, 0,
	};

	CU_ASSERT_PTR_NOT_NULL_FATAL(pc);
	CU_ASSERT_EQUAL(memlen, 24);
	CU_ASSERT_EQUAL(memcmp(mem, expect, 24), 0);
	CU_ASSERT_EQUAL(records(), 0);
}

/* The textbook IPv4 header of RFC 1071-style checksum exercises: 192.168.0.1 ->
 * 192.168.0.199, UDP, total length 115, id 0, DF, TTL 64 has checksum 0xb861. */
static void test_impl_pcap_ipv4_header_matches_known_checksum(void)
{
	static const uint8_t expect[20] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xb8, 0x61,
		0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
	};
	struct net_addr s, d;
	uint8_t payload[115 - 28] = { 0 };
	size_t len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(pc);
	addr(&s, "192.168.0.1:5060");
	addr(&d, "192.168.0.199:5060");
	CU_ASSERT_EQUAL(net_pcap_write_udp(pc, 0, &s, &d, payload, sizeof(payload)), 0);
	const uint8_t *ip = record(0, &len, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ip);
	CU_ASSERT_EQUAL(len, 115);
	CU_ASSERT_EQUAL(memcmp(ip, expect, 20), 0);
}

static void test_impl_pcap_udp_ipv4_record(void)
{
	struct net_addr s, d;
	const char *msg = "OPTIONS sip:b@192.0.2.2 SIP/2.0\r\n\r\n";
	size_t n = strlen(msg), len;
	uint64_t ts;

	CU_ASSERT_PTR_NOT_NULL_FATAL(pc);
	addr(&s, "192.0.2.1:5070");
	addr(&d, "192.0.2.2:5060");
	CU_ASSERT_EQUAL(net_pcap_write_udp(pc, 1700000000123456ULL, &s, &d, msg, n), 0);
	CU_ASSERT_EQUAL(net_pcap_write_udp(pc, 1700000001000000ULL, &d, &s, msg, n), 0);
	CU_ASSERT_EQUAL(records(), 2);
	const uint8_t *ip = record(0, &len, &ts);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ip);
	CU_ASSERT_EQUAL(ts, 1700000000123456ULL);
	CU_ASSERT_EQUAL(len, 20 + 8 + n);
	CU_ASSERT_EQUAL(le32((const uint8_t *)mem + 24 + 12), len);  /* orig_len = incl_len */
	CU_ASSERT_EQUAL(ip[0], 0x45);
	CU_ASSERT_EQUAL(be16(ip + 2), 20 + 8 + n);        /* total length */
	CU_ASSERT_EQUAL(be16(ip + 4), 0);                 /* first identification */
	CU_ASSERT_EQUAL(ip[9], 17);                       /* UDP */
	CU_ASSERT_EQUAL(ocsum(0, ip, 20), 0xffff);        /* header checksum verifies */
	CU_ASSERT_EQUAL(be32(ip + 12), 0xc0000201);
	CU_ASSERT_EQUAL(be32(ip + 16), 0xc0000202);
	CU_ASSERT_EQUAL(be16(ip + 20), 5070);
	CU_ASSERT_EQUAL(be16(ip + 22), 5060);
	CU_ASSERT_EQUAL(be16(ip + 24), 8 + n);
	CU_ASSERT_NOT_EQUAL(be16(ip + 26), 0);
	CU_ASSERT_TRUE(l4_sum_ok(ip, len));
	CU_ASSERT_EQUAL(memcmp(ip + 28, msg, n), 0);
	ip = record(1, &len, &ts);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ip);
	CU_ASSERT_EQUAL(be16(ip + 4), 1);                 /* identification counts up */
	CU_ASSERT_EQUAL(be16(ip + 20), 5060);
	CU_ASSERT_TRUE(l4_sum_ok(ip, len));
}

static void test_impl_pcap_udp_ipv6_record(void)
{
	struct net_addr s, d;
	const uint8_t rtp[12] = { 0x80, 0x00, 0x00, 0x01 };
	size_t len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(pc);
	addr(&s, "[2001:db8::1]:40000");
	addr(&d, "[2001:db8::2]:40002");
	CU_ASSERT_EQUAL(net_pcap_write_udp(pc, 5, &s, &d, rtp, sizeof(rtp)), 0);
	const uint8_t *ip = record(0, &len, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ip);
	CU_ASSERT_EQUAL(len, 40 + 8 + 12);
	CU_ASSERT_EQUAL(ip[0], 0x60);
	CU_ASSERT_EQUAL(be16(ip + 4), 8 + 12);            /* payload length */
	CU_ASSERT_EQUAL(ip[6], 17);                       /* next header: UDP */
	CU_ASSERT_EQUAL(ip[7], 64);                       /* hop limit */
	CU_ASSERT_EQUAL(memcmp(ip + 8, s.ip, 16), 0);
	CU_ASSERT_EQUAL(memcmp(ip + 24, d.ip, 16), 0);
	CU_ASSERT_EQUAL(be16(ip + 40), 40000);
	CU_ASSERT_EQUAL(be16(ip + 44), 20);
	CU_ASSERT_TRUE(l4_sum_ok(ip, len));
}

/* RFC 768: "If the computed checksum is zero, it is transmitted as all ones". */
static void test_impl_pcap_udp_zero_checksum_sent_as_all_ones(void)
{
	struct net_addr s, d;
	uint8_t payload[2] = { 0, 0 };
	size_t len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(pc);
	addr(&s, "10.0.0.1:1000");
	addr(&d, "10.0.0.2:2000");
	net_pcap_write_udp(pc, 0, &s, &d, payload, 2);
	const uint8_t *ip = record(0, &len, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ip);
	uint32_t c = be16(ip + 26);

	/* adding the old checksum as data makes the sum 0xffff, so the checksum 0 */
	payload[0] = (uint8_t)(c >> 8);
	payload[1] = (uint8_t)c;
	net_pcap_write_udp(pc, 0, &s, &d, payload, 2);
	ip = record(1, &len, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ip);
	CU_ASSERT_EQUAL(be16(ip + 26), 0xffff);
}

/* Checks one TCP record: flags, seq, ack, payload length, checksums. */
static void check_tcp(size_t n, uint8_t flags, uint32_t seq, uint32_t ack, size_t paylen)
{
	size_t len;
	const uint8_t *ip = record(n, &len, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ip);
	size_t hdr = (ip[0] >> 4) == 6 ? 40 : 20;
	const uint8_t *t = ip + hdr;

	CU_ASSERT_EQUAL(len, hdr + 20 + paylen);
	CU_ASSERT_EQUAL(t[13], flags);
	CU_ASSERT_EQUAL(be32(t + 4), seq);
	CU_ASSERT_EQUAL(be32(t + 8), ack);
	CU_ASSERT_EQUAL(t[12], 0x50);                    /* 20-byte header */
	CU_ASSERT_EQUAL(be16(t + 14), 65535);
	CU_ASSERT_TRUE(l4_sum_ok(ip, len));
	if (hdr == 20)
		CU_ASSERT_EQUAL(ocsum(0, ip, 20), 0xffff);
}

enum { FIN = 0x01, SYN = 0x02, PSH = 0x08, ACK = 0x10 };

/* A stream as tshark needs it: handshake at first use, then sequence numbers that
 * advance by the bytes each side sent, acknowledging the other side's. */
static void test_impl_pcap_tcp_stream_sequence_numbers(void)
{
	struct net_addr c, s;
	size_t len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(pc);
	addr(&c, "192.0.2.1:40000");
	addr(&s, "192.0.2.2:5060");
	CU_ASSERT_EQUAL(net_pcap_write_tcp(pc, 10, &c, &s, "REGISTER\r\n", 10), 0);
	CU_ASSERT_EQUAL(records(), 4);
	check_tcp(0, SYN, 1000, 0, 0);
	check_tcp(1, SYN | ACK, 5000, 1001, 0);
	check_tcp(2, ACK, 1001, 5001, 0);
	check_tcp(3, PSH | ACK, 1001, 5001, 10);
	CU_ASSERT_EQUAL(memcmp(record(3, &len, NULL) + 40, "REGISTER\r\n", 10), 0);
	CU_ASSERT_EQUAL(net_pcap_write_tcp(pc, 11, &s, &c, "SIP/2.0 200 OK\r\n", 16), 0);
	check_tcp(4, PSH | ACK, 5001, 1011, 16);
	CU_ASSERT_EQUAL(net_pcap_write_tcp(pc, 12, &c, &s, "ACK\r\n", 5), 0);
	check_tcp(5, PSH | ACK, 1011, 5017, 5);
	CU_ASSERT_EQUAL(net_pcap_write_tcp(pc, 12, &c, &s, "", 0), 0);  /* nothing */
	CU_ASSERT_EQUAL(records(), 6);
	CU_ASSERT_EQUAL(net_pcap_write_tcp_close(pc, 13, &s, &c), 0);   /* server closes */
	check_tcp(6, FIN | ACK, 5017, 1016, 0);
	check_tcp(7, FIN | ACK, 1016, 5018, 0);
	check_tcp(8, ACK, 5018, 1017, 0);
	CU_ASSERT_EQUAL(net_pcap_write_tcp_close(pc, 14, &s, &c), 0);   /* forgotten */
	CU_ASSERT_EQUAL(records(), 9);
	CU_ASSERT_EQUAL(net_pcap_write_tcp(pc, 15, &s, &c, "x", 1), 0); /* new handshake */
	check_tcp(9, SYN, 1000, 0, 0);
	CU_ASSERT_EQUAL(be16(record(9, &len, NULL) + 20), 5060);       /* s is the client now */
}

/* Two connections do not share sequence numbers; large data is segmented. */
static void test_impl_pcap_tcp_segments_and_separate_streams(void)
{
	struct net_addr c1, c2, s;
	uint8_t big[3000];

	CU_ASSERT_PTR_NOT_NULL_FATAL(pc);
	memset(big, 'a', sizeof(big));
	addr(&c1, "[2001:db8::1]:40000");
	addr(&c2, "[2001:db8::1]:40001");
	addr(&s, "[2001:db8::2]:5060");
	CU_ASSERT_EQUAL(net_pcap_write_tcp(pc, 1, &c1, &s, big, sizeof(big)), 0);
	CU_ASSERT_EQUAL(records(), 3 + 3);
	check_tcp(3, ACK, 1001, 5001, NET_PCAP_TCP_MSS);
	check_tcp(4, ACK, 1001 + NET_PCAP_TCP_MSS, 5001, NET_PCAP_TCP_MSS);
	check_tcp(5, PSH | ACK, 1001 + 2 * NET_PCAP_TCP_MSS, 5001, 3000 - 2 * NET_PCAP_TCP_MSS);
	CU_ASSERT_EQUAL(net_pcap_write_tcp(pc, 2, &c2, &s, "y", 1), 0);
	check_tcp(6, SYN, 1000, 0, 0);
	check_tcp(9, PSH | ACK, 1001, 5001, 1);
	CU_ASSERT_EQUAL(net_pcap_write_tcp(pc, 3, &c1, &s, "z", 1), 0);
	check_tcp(10, PSH | ACK, 1001 + 3000, 5001, 1);
}

static void test_impl_pcap_rejects_bad_input(void)
{
	struct net_addr v4, v6, unset;
	static uint8_t big[65536];

	CU_ASSERT_PTR_NOT_NULL_FATAL(pc);
	memset(&unset, 0, sizeof(unset));
	addr(&v4, "192.0.2.1:1");
	addr(&v6, "[2001:db8::1]:1");
	CU_ASSERT_EQUAL(net_pcap_write_udp(pc, 0, &v4, &v6, "x", 1), EINVAL);
	CU_ASSERT_EQUAL(net_pcap_write_udp(pc, 0, &unset, &unset, "x", 1), EINVAL);
	CU_ASSERT_EQUAL(net_pcap_write_tcp(pc, 0, &v6, &v4, "x", 1), EINVAL);
	CU_ASSERT_EQUAL(net_pcap_write_udp(pc, 0, &v4, &v4, big, 65535 - 28 + 1), EMSGSIZE);
	CU_ASSERT_EQUAL(net_pcap_write_udp(pc, 0, &v4, &v4, big, 65535 - 28), 0);
	CU_ASSERT_EQUAL(net_pcap_write_udp(pc, 0, &v6, &v6, big, 65535 - 8 + 1), EMSGSIZE);
	CU_ASSERT_EQUAL(net_pcap_write_udp(pc, 0, &v6, &v6, big, 65535 - 8), 0);
	CU_ASSERT_EQUAL(records(), 2);
	CU_ASSERT_EQUAL(net_pcap_write_tcp_close(pc, 0, &v4, &v4), 0);  /* unknown: ignored */
	CU_ASSERT_EQUAL(records(), 2);
	CU_ASSERT_EQUAL(net_pcap_close(NULL), 0);
}

/* The file form: net_pcap_open creates it, close reports success, the bytes match
 * the stream form; an unwritable path is the fopen errno. */
static void test_impl_pcap_file_roundtrip(void)
{
	char path[] = "/tmp/siplab-pcap-XXXXXX";
	int fd = mkstemp(path);
	struct net_pcap *f = NULL;
	struct net_addr a, b;
	size_t flen = 0;

	CU_ASSERT_TRUE_FATAL(fd >= 0);
	close(fd);
	addr(&a, "127.0.0.1:5060");
	addr(&b, "127.0.0.1:5062");
	CU_ASSERT_EQUAL(net_pcap_open(&f, path), 0);
	CU_ASSERT_EQUAL(net_pcap_write_udp(f, 7, &a, &b, "hi", 2), 0);
	CU_ASSERT_EQUAL(net_pcap_close(f), 0);
	CU_ASSERT_EQUAL(net_pcap_write_udp(pc, 7, &a, &b, "hi", 2), 0);
	char *file = th_read_file(path, &flen);

	CU_ASSERT_EQUAL(flen, memlen);
	CU_ASSERT_TRUE(file != NULL && memcmp(file, mem, memlen) == 0);
	free(file);
	unlink(path);
	CU_ASSERT_EQUAL(net_pcap_open(&f, "/nonexistent-dir/x.pcap"), ENOENT);
	CU_ASSERT_PTR_NULL(f);
}

/* A full disk is reported, not ignored: EIO from the write, and again from close. */
static void test_impl_pcap_write_errors_are_reported(void)
{
	static char small[40];  /* room for the global header, not for a record */
	struct net_pcap *p = NULL;
	struct net_addr a;
	FILE *f = fmemopen(small, sizeof(small), "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	addr(&a, "127.0.0.1:5060");
	CU_ASSERT_EQUAL(net_pcap_open_stream(&p, f), 0);
	CU_ASSERT_EQUAL(net_pcap_write_udp(p, 0, &a, &a, "0123456789", 10), EIO);
	CU_ASSERT_EQUAL(net_pcap_write_tcp(p, 0, &a, &a, "0123456789", 10), EIO);
	CU_ASSERT_EQUAL(net_pcap_close(p), EIO);
	fclose(f);
	if (access("/dev/full", W_OK) == 0) {  /* Linux: every write fails with ENOSPC */
		CU_ASSERT_EQUAL(net_pcap_open(&p, "/dev/full"), EIO);
		CU_ASSERT_PTR_NULL(p);
	}
}

/* Runs tshark on `path`; returns its whole output (malloc'd) or NULL. */
static char *run_tshark(const char *path)
{
	char cmd[512];
	size_t cap = 1 << 20, len = 0, n;
	char *out = malloc(cap);
	FILE *f;

	snprintf(cmd, sizeof(cmd), "tshark -n -r '%s' -V -o ip.check_checksum:TRUE "
		 "-o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE "
		 "-d tcp.port==5080,sip -d udp.port==40000,rtp 2>&1", path);
	f = popen(cmd, "r");
	if (f == NULL || out == NULL) {
		if (f != NULL)
			pclose(f);
		free(out);
		return NULL;
	}
	while (len + 1 < cap && (n = fread(out + len, 1, cap - 1 - len, f)) > 0)
		len += n;
	out[len] = '\0';
	pclose(f);
	return out;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* RTP header (version 2, PCMU, seq 1, timestamp 160, SSRC 0x12345678) + 160 bytes */
static const uint8_t sample_rtp[172] = {
	0x80, 0x00, 0x00, 0x01, 0, 0, 0, 160, 0x12, 0x34, 0x56, 0x78,
};

static const char sample_trying[] =
	"SIP/2.0 100 Trying\r\nVia: SIP/2.0/TCP 192.0.2.1:40000;branch=z9hG4bK1"
	"\r\nTo: <sip:bob@192.0.2.2>\r\nFrom: <sip:alice@192.0.2.1>;tag=1\r\n"
	"Call-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
static const char sample_options[] =
	"OPTIONS sip:b@192.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;"
	"branch=z9hG4bK2\r\nMax-Forwards: 70\r\nTo: <sip:b@192.0.2.2>\r\n"
	"From: <sip:a@192.0.2.1>;tag=2\r\nCall-ID: c2\r\nCSeq: 1 OPTIONS\r\n"
	"Content-Length: 0\r\n\r\n";

/* Writes a small call: SIP over UDP (IPv4 and IPv6), an INVITE over TCP larger than
 * one segment and sent in two writes, its response, an RTP packet, a close. */
static int write_sample_call(const char *path)
{
	static const char body[] = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n"
				   "c=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";
	char invite[2600];
	struct net_pcap *p = NULL;
	struct net_addr a, b, a6, b6, ta, tb, ra, rb;
	int hdr = snprintf(invite, sizeof(invite), "INVITE sip:bob@192.0.2.2 SIP/2.0\r\n"
			   "Via: SIP/2.0/TCP 192.0.2.1:40000;branch=z9hG4bK1\r\n"
			   "Max-Forwards: 70\r\nTo: <sip:bob@192.0.2.2>\r\n"
			   "From: <sip:alice@192.0.2.1>;tag=1\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n"
			   "Contact: <sip:alice@192.0.2.1:40000;transport=tcp>\r\n"
			   "Subject: %01900d\r\nContent-Type: application/sdp\r\n"
			   "Content-Length: %zu\r\n\r\n%s", 0, strlen(body), body);
	int err;

	if (hdr < 0 || (size_t)hdr >= sizeof(invite))
		return EINVAL;
	net_addr_parse(&a, "192.0.2.1:5060", 0);
	net_addr_parse(&b, "192.0.2.2:5060", 0);
	net_addr_parse(&a6, "[2001:db8::1]:5060", 0);
	net_addr_parse(&b6, "[2001:db8::2]:5060", 0);
	net_addr_parse(&ta, "192.0.2.1:40000", 0);
	net_addr_parse(&tb, "192.0.2.2:5080", 0);
	net_addr_parse(&ra, "192.0.2.1:40000", 0);
	net_addr_parse(&rb, "192.0.2.2:40002", 0);
	err = net_pcap_open(&p, path);
	if (err != 0)
		return err;
	uint64_t t = 1700000000000000ULL;

	err = net_pcap_write_udp(p, t, &a, &b, sample_options, strlen(sample_options));
	if (err == 0)
		err = net_pcap_write_udp(p, t + 1000, &a6, &b6, sample_options, strlen(sample_options));
	if (err == 0)
		err = net_pcap_write_tcp(p, t + 2000, &ta, &tb, invite, 1000);
	if (err == 0)
		err = net_pcap_write_tcp(p, t + 2100, &ta, &tb, invite + 1000, (size_t)hdr - 1000);
	if (err == 0)
		err = net_pcap_write_tcp(p, t + 3000, &tb, &ta, sample_trying, strlen(sample_trying));
	if (err == 0)
		err = net_pcap_write_udp(p, t + 4000, &ra, &rb, sample_rtp, sizeof(sample_rtp));
	if (err == 0)
		err = net_pcap_write_tcp_close(p, t + 5000, &ta, &tb);
	if (net_pcap_close(p) != 0 && err == 0)
		err = EIO;
	return err;
}

/* Wireshark reads what we write: tshark finds no malformed packet and no bad
 * checksum, reassembles the TCP INVITE from its segments and dissects the SDP. */
static void test_impl_pcap_tshark_reads_capture_cleanly(void)
{
	char path[] = "/tmp/siplab-tshark-XXXXXX";
	int fd;
	char *out;

	if (system("command -v tshark >/dev/null 2>&1") != 0) {
		printf("\n  SKIP test_impl_pcap_tshark_reads_capture_cleanly: tshark not on PATH\n");
		return;
	}
	fd = mkstemp(path);
	CU_ASSERT_TRUE_FATAL(fd >= 0);
	close(fd);
	CU_ASSERT_EQUAL(write_sample_call(path), 0);
	out = run_tshark(path);
	CU_ASSERT_PTR_NOT_NULL(out);
	if (out != NULL) {
		CU_ASSERT_EQUAL(count(out, "Malformed"), 0);
		CU_ASSERT_EQUAL(count(out, "[Checksum Status: Bad]"), 0);
		CU_ASSERT_EQUAL(count(out, "Bad checksum"), 0);
		CU_ASSERT_TRUE(count(out, "[Checksum Status: Good]") >= 10);
		CU_ASSERT_EQUAL(count(out, "Request-Line: OPTIONS sip:b@192.0.2.2 SIP/2.0"), 2);
		CU_ASSERT_EQUAL(count(out, "Request-Line: INVITE sip:bob@192.0.2.2 SIP/2.0"), 1);
		CU_ASSERT_EQUAL(count(out, "Status-Line: SIP/2.0 100 Trying"), 1);
		CU_ASSERT_TRUE(count(out, "Reassembled TCP Segments") >= 1);
		CU_ASSERT_TRUE(count(out, "Session Description Protocol") >= 1);
		CU_ASSERT_TRUE(count(out, "Real-Time Transport Protocol") >= 1);
		CU_ASSERT_EQUAL(count(out, "Internet Protocol Version 6"), 1);
		if (count(out, "Malformed") != 0 || count(out, "Reassembled TCP") == 0)
			printf("\n%s\n", out);
	}
	free(out);
	unlink(path);
}

static const struct th_test pcap_tests[] = {
	TH_TEST(test_impl_pcap_global_header),
	TH_TEST(test_impl_pcap_ipv4_header_matches_known_checksum),
	TH_TEST(test_impl_pcap_udp_ipv4_record),
	TH_TEST(test_impl_pcap_udp_ipv6_record),
	TH_TEST(test_impl_pcap_udp_zero_checksum_sent_as_all_ones),
	TH_TEST(test_impl_pcap_tcp_stream_sequence_numbers),
	TH_TEST(test_impl_pcap_tcp_segments_and_separate_streams),
	TH_TEST(test_impl_pcap_rejects_bad_input),
	TH_TEST(test_impl_pcap_file_roundtrip),
	TH_TEST(test_impl_pcap_write_errors_are_reported),
	TH_TEST(test_impl_pcap_tshark_reads_capture_cleanly),
	TH_END
};

static const struct th_suite suites[] = {
	{ "net/pcap: synthetic IP/UDP/TCP capture (LINKTYPE_RAW)", pcap_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
