/* net/pcap.h - write SIP and RTP traffic into a capture file Wireshark opens directly.
 *
 * The demos' trace point calls this for every message sent or received, so a student
 * can open the file in Wireshark (or `tshark -r FILE`) and see the same call the
 * ladder diagram shows, dissected as SIP/SDP/RTP.  We never capture real packets: we
 * synthesise them from what the stack sent and received.
 *
 * Format: classic libpcap ("tcpdump") format, microsecond timestamps, written in
 * little-endian byte order (magic d4 c3 b2 a1 on disk) whatever the host, and link
 * type LINKTYPE_RAW (101): each record is an IPv4 or IPv6 packet with no link-layer
 * header, the version nibble telling which.  No fake Ethernet MACs are needed.
 *  - IPv4: 20-byte header, DF set, TTL 64, an identification counter that starts at 0
 *    and increases per packet, correct header checksum.
 *  - IPv6: 40-byte header, hop limit 64, flow label 0.
 *  - UDP: correct length and checksum (a computed 0 is sent as 0xffff, RFC 768).
 *  - TCP: 20-byte header without options, window 65535, correct checksum.  Each
 *    connection (pair of endpoints) keeps its own sequence numbers.  The first
 *    segment between two endpoints is preceded by a synthetic three-way handshake
 *    (SYN, SYN-ACK, ACK; the sender of the first data is the client), so Wireshark
 *    sees a complete stream and reassembles SIP messages split over segments.  Data
 *    is cut into segments of at most NET_PCAP_TCP_MSS bytes, PSH on the last.
 *    Initial sequence numbers are fixed (client 1000, server 5000) for reproducible
 *    files; Wireshark shows relative numbers anyway.
 * Timestamps come from the caller (time is an input): pass net_clock_realtime_us()
 * for real dates, or a test's virtual time.
 *
 * Open in Wireshark: File > Open, or `wireshark FILE`; `tshark -r FILE -Y sip` prints
 * the SIP messages.  SIP on ports other than 5060 may need "Decode As... SIP".
 *
 * Leaves out: pcapng, nanosecond timestamps, IP fragmentation (a UDP payload that does
 * not fit one IP packet is refused with EMSGSIZE), TCP options, retransmissions,
 * receiver ACKs for data (not needed for reassembly).
 */
#ifndef NET_PCAP_H
#define NET_PCAP_H

#include "net/addr.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NET_PCAP_LINKTYPE_RAW 101  /* www.tcpdump.org/linktypes.html: raw IPv4/IPv6 */
#define NET_PCAP_SNAPLEN 262144    /* bytes kept per packet (we always keep all) */
#define NET_PCAP_TCP_MSS 1460      /* payload bytes per synthetic TCP segment */
#define NET_PCAP_TCP_ISN_CLIENT 1000u  /* first sequence number of the SYN sender */
#define NET_PCAP_TCP_ISN_SERVER 5000u  /* first sequence number of the SYN-ACK sender */

struct net_pcap;

/* Creates (or truncates) the file at `path` and writes the global header.
 * Returns 0, ENOBUFS, or the errno of fopen/fwrite. */
int net_pcap_open(struct net_pcap **out, const char *path);

/* The same on a stream the caller owns (e.g. open_memstream in tests); it is flushed
 * after every record and not closed by net_pcap_close. */
int net_pcap_open_stream(struct net_pcap **out, FILE *f);

/* Flushes, closes the file if net_pcap_open opened it, and frees the writer.
 * Returns 0 or EIO if any write since opening failed.  NULL is ignored (returns 0). */
int net_pcap_close(struct net_pcap *p);

/* One UDP datagram from src to dst at ts_us (microseconds since 1970 for real dates).
 * Returns 0; EINVAL if src and dst are unset or of different families; EMSGSIZE if
 * the payload does not fit one IP packet; EIO if writing failed. */
int net_pcap_write_udp(struct net_pcap *p, uint64_t ts_us, const struct net_addr *src,
		       const struct net_addr *dst, const void *data, size_t len);

/* Bytes src sent to dst on their TCP connection (handshake first if the pair is new;
 * len 0 writes nothing).
 * Same return values (EMSGSIZE is not possible: data is segmented); ENOBUFS if the
 * connection table cannot grow. */
int net_pcap_write_tcp(struct net_pcap *p, uint64_t ts_us, const struct net_addr *src,
		       const struct net_addr *dst, const void *data, size_t len);

/* src closes the connection: FIN from src, FIN from dst, last ACK; the pair is then
 * forgotten (the next data between them starts a new handshake).  A pair never seen
 * is ignored (returns 0). */
int net_pcap_write_tcp_close(struct net_pcap *p, uint64_t ts_us, const struct net_addr *src,
			     const struct net_addr *dst);

#endif
