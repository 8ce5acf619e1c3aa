/* tests/fuzz/fuzz_rtp_packet.c - libFuzzer: any datagram on an RTP port.
 *
 * The input goes through rtp_packet_parse (A.1 header checks); a packet that parses is
 * rebuilt and must come out byte for byte the same (padding aside), then goes through
 * a fresh session's receive path, the G.711 decoder, the jitter buffer and the RFC 4733
 * receiver.  Sanitizers catch any read outside the input.
 */
#include "rtp/dtmf.h"
#include "rtp/g711.h"
#include "rtp/jitbuf.h"
#include "rtp/packet.h"
#include "rtp/session.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_rebuild(const struct rtp_packet *p, const uint8_t *data, size_t size)
{
	uint8_t *out = malloc(size + 1);
	size_t len = 0;

	if (out == NULL)
		return;
	if (rtp_packet_build(p, out, size + 1, &len) == 0) {
		if (len != size || memcmp(out, data, size - p->pad_len) != 0 ||
		    (p->pad_len > 0 && out[size - 1] != data[size - 1]))
			abort();
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rtp_packet p;
	struct rtp_parse_error e;

	if (rtp_packet_parse(data, size, &p, &e) == 0)
		check_rebuild(&p, data, size);

	struct net_rand r;
	struct rtp_session s;
	struct rtp_session_config cfg;

	net_rand_seed(&r, 1);
	rtp_session_config_default(&cfg, RTP_G711_ULAW, "fuzz");
	cfg.telephone_event_pt = 101;
	rtp_session_init(&s, &cfg, &r, 0);
	/* The same datagram twice: the second passes probation if it is valid. */
	for (int i = 0; i < 2; i++) {
		if (rtp_session_on_rtp(&s, data, size, (uint64_t)i * 20000, &p, NULL) != 0)
			continue;
		if (p.hdr.payload_type == 101) {
			struct rtp_dtmf_receiver d;
			struct rtp_dtmf_report rep;

			rtp_dtmf_receiver_init(&d);
			rtp_dtmf_receiver_on_packet(&d, p.hdr.timestamp, p.hdr.marker, p.payload,
						    p.payload_len, &rep);
			continue;
		}
		int16_t pcm[RTP_MAX_SAMPLES_PER_PACKET];
		size_t n = p.payload_len < RTP_MAX_SAMPLES_PER_PACKET ? p.payload_len :
			   RTP_MAX_SAMPLES_PER_PACKET;
		struct rtp_jitbuf jb;
		struct rtp_jitbuf_config jc = { 160, 0, RTP_JITBUF_CONCEAL_REPEAT };

		rtp_g711_ulaw_decode_buf(pcm, p.payload, n);
		if (rtp_jitbuf_init(&jb, &jc) == 0) {
			rtp_jitbuf_put(&jb, p.hdr.timestamp, pcm, n);
			rtp_jitbuf_get(&jb, pcm);
			rtp_jitbuf_fini(&jb);
		}
	}
	return 0;
}
