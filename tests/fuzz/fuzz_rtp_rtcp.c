/* tests/fuzz/fuzz_rtp_rtcp.c - libFuzzer: any datagram on an RTCP port.
 *
 * rtcp_compound_check (A.2), then every packet through its parser whatever the check
 * said (the parsers must stand on their own), then a fresh session's rtp_session_on_rtcp.
 */
#include "rtp/rtcp.h"
#include "rtp/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rtcp_iter it;
	struct rtcp_packet_view v;
	union { struct rtcp_report r; struct rtcp_sdes s; struct rtcp_bye b; } u;

	rtcp_compound_check(data, size, NULL);
	rtcp_iter_init(&it, data, size);
	while (rtcp_iter_next(&it, &v)) {
		rtcp_parse_report(&v, &u.r, NULL);
		rtcp_parse_sdes(&v, &u.s, NULL);
		rtcp_parse_bye(&v, &u.b, NULL);
	}

	struct net_rand r;
	struct rtp_session s;
	struct rtp_session_config cfg;

	net_rand_seed(&r, 1);
	rtp_session_config_default(&cfg, RTP_G711_ALAW, "fuzz");
	rtp_session_init(&s, &cfg, &r, 0);
	rtp_session_on_rtcp(&s, data, size, 1000000);
	return 0;
}
