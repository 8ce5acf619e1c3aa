/* tests/rtp/test_rtcp.c - RTCP packets (rtp/rtcp.h).
 *
 * Proves: SR and RR fields at their §6.4.1 positions and round-trips; the 24-bit signed
 * cumulative loss on the wire; SDES CNAME and BYE layout with their null padding; the
 * Appendix A.2 compound checks; NTP formats and the Figure 2 round-trip example; the
 * §12.1 packet type values; no input makes the parsers read past the end.
 */
#include "rtp/rtcp.h"
#include "tests/support/guard.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <string.h>

static struct rtcp_report sample_sr(void)
{
	struct rtcp_report r;

	memset(&r, 0, sizeof(r));
	r.type = RTCP_SR;
	r.ssrc = 0x11223344;
	r.sender.ntp = 0xb44db70520000000ULL;
	r.sender.rtp_ts = 0xCAFEBABE;
	r.sender.packet_count = 1000;
	r.sender.octet_count = 160000;
	r.count = 1;
	r.blocks[0] = (struct rtcp_report_block){ .ssrc = 0x55667788, .fraction_lost = 12,
		.cumulative_lost = 5, .ext_highest_seq = 0x0001FFFF, .jitter = 14,
		.lsr = 0xb7052000, .dlsr = 0x00054000 };
	return r;
}

/* One report alone in buf (cap octets): rtcp_writer_finish's result, *len its size. */
static int write_report(const struct rtcp_report *r, uint8_t *buf, size_t cap, size_t *len)
{
	struct rtcp_writer w;

	rtcp_writer_init(&w, buf, cap);
	rtcp_write_report(&w, r);
	return rtcp_writer_finish(&w, len);
}

/* RFC3550 6.4.1: the SR layout: header (V=2, P, RC, PT=200, length), SSRC, NTP MSW/LSW,
 * RTP timestamp, packet and octet counts, then 24-octet report blocks. */
static void test_rfc3550_6_4_1_sr_fields_at_their_positions(void)
{
	struct rtcp_report r = sample_sr();
	uint8_t buf[128];
	size_t len = 0;
	static const uint8_t expect[52] = {
		0x81, 200, 0x00, 0x0C,          /* V=2 P=0 RC=1, SR, length 13 words - 1 */
		0x11, 0x22, 0x33, 0x44,         /* SSRC of sender */
		0xb4, 0x4d, 0xb7, 0x05, 0x20, 0x00, 0x00, 0x00, /* NTP */
		0xCA, 0xFE, 0xBA, 0xBE,         /* RTP timestamp */
		0x00, 0x00, 0x03, 0xE8,         /* packet count 1000 */
		0x00, 0x02, 0x71, 0x00,         /* octet count 160000 */
		0x55, 0x66, 0x77, 0x88,         /* SSRC_1 */
		12, 0x00, 0x00, 0x05,           /* fraction lost | cumulative lost */
		0x00, 0x01, 0xFF, 0xFF,         /* extended highest sequence number */
		0x00, 0x00, 0x00, 14,           /* jitter */
		0xb7, 0x05, 0x20, 0x00,         /* LSR */
		0x00, 0x05, 0x40, 0x00,         /* DLSR */
	};

	CU_ASSERT_EQUAL(write_report(&r, buf, sizeof(buf), &len), 0);
	CU_ASSERT_EQUAL(len, 52);
	CU_ASSERT_EQUAL(memcmp(buf, expect, sizeof(expect)), 0);
}

static void test_rfc3550_6_4_1_sr_round_trip(void)
{
	struct rtcp_report r = sample_sr(), q;
	struct rtcp_iter it;
	struct rtcp_packet_view v;
	uint8_t buf[128];
	size_t len = 0;

	CU_ASSERT_EQUAL_FATAL(write_report(&r, buf, sizeof(buf), &len), 0);
	rtcp_iter_init(&it, buf, len);
	CU_ASSERT_TRUE_FATAL(rtcp_iter_next(&it, &v));
	CU_ASSERT_EQUAL(v.type, RTCP_SR);
	CU_ASSERT_EQUAL(rtcp_parse_report(&v, &q, NULL), 0);
	CU_ASSERT_EQUAL(q.ssrc, r.ssrc);
	CU_ASSERT_EQUAL(q.sender.ntp, r.sender.ntp);
	CU_ASSERT_EQUAL(q.sender.rtp_ts, r.sender.rtp_ts);
	CU_ASSERT_EQUAL(q.sender.packet_count, 1000);
	CU_ASSERT_EQUAL(q.sender.octet_count, 160000);
	CU_ASSERT_EQUAL(q.count, 1);
	CU_ASSERT_EQUAL(memcmp(&q.blocks[0], &r.blocks[0], sizeof(q.blocks[0])), 0);
	CU_ASSERT_FALSE(rtcp_iter_next(&it, &v));
}

/* RFC3550 6.4.2: "the same as that of the SR packet except that the packet type field
 * contains the constant 201 and the five words of sender information are omitted";
 * "An empty RR packet (RC = 0) MUST be put at the head of a compound RTCP packet when
 * there is no data transmission or reception to report." */
static void test_rfc3550_6_4_2_rr_round_trip_and_empty_rr(void)
{
	struct rtcp_report r = sample_sr(), q;
	struct rtcp_iter it;
	struct rtcp_packet_view v;
	uint8_t buf[128];
	size_t len = 0;

	r.type = RTCP_RR;
	r.count = 2;
	r.blocks[1] = r.blocks[0];
	r.blocks[1].ssrc = 9;
	CU_ASSERT_EQUAL_FATAL(write_report(&r, buf, sizeof(buf), &len), 0);
	CU_ASSERT_EQUAL(len, 8 + 2 * 24);
	CU_ASSERT_EQUAL(buf[0], 0x82);
	CU_ASSERT_EQUAL(buf[1], 201);
	rtcp_iter_init(&it, buf, len);
	CU_ASSERT_TRUE_FATAL(rtcp_iter_next(&it, &v));
	CU_ASSERT_EQUAL(rtcp_parse_report(&v, &q, NULL), 0);
	CU_ASSERT_EQUAL(q.count, 2);
	CU_ASSERT_EQUAL(q.blocks[1].ssrc, 9);
	CU_ASSERT_EQUAL(q.blocks[1].jitter, 14);

	r.count = 0;
	CU_ASSERT_EQUAL(write_report(&r, buf, sizeof(buf), &len), 0);
	CU_ASSERT_EQUAL(len, 8);
	CU_ASSERT_EQUAL(buf[0], 0x80);
	CU_ASSERT_EQUAL(buf[3], 1);
}

/* RFC3550 A.3: the cumulative loss "is carried in 24 bits, it should be clamped at
 * 0x7fffff for positive loss or 0x800000 for negative loss rather than wrapping". */
static void test_rfc3550_a_3_cumulative_loss_is_24_bit_signed_on_the_wire(void)
{
	struct rtcp_report r = sample_sr(), q;
	struct rtcp_iter it;
	struct rtcp_packet_view v;
	uint8_t buf[128];
	size_t len = 0;
	static const int32_t in[] = {-2, 0x7FFFFF, 0x1000000, -0x800000, -0x1000000};
	static const int32_t out[] = {-2, 0x7FFFFF, 0x7FFFFF, -0x800000, -0x800000};
	static const uint32_t wire[] = {0xFFFFFE, 0x7FFFFF, 0x7FFFFF, 0x800000, 0x800000};

	for (size_t i = 0; i < 5; i++) {
		r.blocks[0].cumulative_lost = in[i];
		r.blocks[0].fraction_lost = 0;
		CU_ASSERT_EQUAL(write_report(&r, buf, sizeof(buf), &len), 0);
		CU_ASSERT_EQUAL((uint32_t)buf[33] << 16 | buf[34] << 8 | buf[35], wire[i]);
		rtcp_iter_init(&it, buf, len);
		CU_ASSERT_TRUE(rtcp_iter_next(&it, &v) && rtcp_parse_report(&v, &q, NULL) == 0);
		CU_ASSERT_EQUAL(q.blocks[0].cumulative_lost, out[i]);
	}
}

/* RFC3550 6.5: "The list of items in each chunk MUST be terminated by one or more null
 * octets ... additional null octets MUST be included if needed to pad until the next
 * 32-bit boundary." */
static void test_rfc3550_6_5_sdes_cname_layout_and_round_trip(void)
{
	struct rtcp_writer w;
	struct rtcp_iter it;
	struct rtcp_packet_view v;
	struct rtcp_sdes sd;
	uint8_t buf[64];
	size_t len = 0;

	rtcp_writer_init(&w, buf, sizeof(buf));
	rtcp_write_sdes_cname(&w, 0xAABBCCDD, "ab@c");   /* 4+4+2+4 = 14, +null = 15 -> 16 */
	rtcp_write_sdes_cname(&w, 0x01020304, "ab@cd1"); /* 4+4+2+6 = 16, +null = 17 -> 20 */
	CU_ASSERT_EQUAL_FATAL(rtcp_writer_finish(&w, &len), 0);
	CU_ASSERT_EQUAL(len, 36);
	CU_ASSERT_EQUAL(buf[0], 0x81);  /* SC = 1 */
	CU_ASSERT_EQUAL(buf[1], RTCP_SDES);
	CU_ASSERT_EQUAL(buf[3], 3);     /* 16 octets = 4 words, minus one */
	CU_ASSERT_EQUAL(buf[8], RTCP_SDES_CNAME);
	CU_ASSERT_EQUAL(buf[9], 4);
	CU_ASSERT_EQUAL(memcmp(buf + 10, "ab@c", 4), 0);
	CU_ASSERT_EQUAL(buf[14], 0);
	CU_ASSERT_EQUAL(buf[15], 0);
	CU_ASSERT_EQUAL(buf[16 + 3], 4);
	CU_ASSERT_EQUAL(buf[32], 0);    /* a full word of nulls ends the second chunk */
	rtcp_iter_init(&it, buf, len);
	CU_ASSERT_TRUE_FATAL(rtcp_iter_next(&it, &v));
	CU_ASSERT_EQUAL(rtcp_parse_sdes(&v, &sd, NULL), 0);
	CU_ASSERT_EQUAL(sd.count, 1);
	CU_ASSERT_EQUAL(sd.chunk[0].ssrc, 0xAABBCCDD);
	CU_ASSERT_EQUAL(sd.chunk[0].cname_len, 4);
	CU_ASSERT_EQUAL(memcmp(sd.chunk[0].cname, "ab@c", 4), 0);
	CU_ASSERT_TRUE_FATAL(rtcp_iter_next(&it, &v));
	CU_ASSERT_EQUAL(rtcp_parse_sdes(&v, &sd, NULL), 0);
	CU_ASSERT_EQUAL(sd.chunk[0].cname_len, 6);
}

/* RFC3550 6.6: "If the string fills the packet to the next 32-bit boundary, the string is
 * not null terminated.  If not, the BYE packet MUST be padded with null octets". */
static void test_rfc3550_6_6_bye_with_and_without_reason(void)
{
	const uint32_t ssrc[2] = {0x01020304, 0x05060708};
	struct rtcp_writer w;
	struct rtcp_iter it;
	struct rtcp_packet_view v;
	struct rtcp_bye b;
	uint8_t buf[64];
	size_t len = 0;

	rtcp_writer_init(&w, buf, sizeof(buf));
	rtcp_write_bye(&w, ssrc, 2, NULL);      /* 4 + 8 = 12 */
	rtcp_write_bye(&w, ssrc, 1, "bye");     /* 4 + 4 + 1 + 3 = 12: fills exactly */
	rtcp_write_bye(&w, ssrc, 1, "hangup");  /* 4 + 4 + 1 + 6 = 15 -> 16 */
	CU_ASSERT_EQUAL_FATAL(rtcp_writer_finish(&w, &len), 0);
	CU_ASSERT_EQUAL(len, 40);
	CU_ASSERT_EQUAL(buf[0], 0x82);
	CU_ASSERT_EQUAL(buf[1], RTCP_BYE);
	CU_ASSERT_EQUAL(buf[20], 3);
	CU_ASSERT_EQUAL(memcmp(buf + 21, "bye", 3), 0);
	CU_ASSERT_EQUAL(buf[39], 0);
	rtcp_iter_init(&it, buf, len);
	CU_ASSERT_TRUE_FATAL(rtcp_iter_next(&it, &v));
	CU_ASSERT_EQUAL(rtcp_parse_bye(&v, &b, NULL), 0);
	CU_ASSERT_EQUAL(b.count, 2);
	CU_ASSERT_EQUAL(b.ssrc[1], 0x05060708);
	CU_ASSERT_PTR_NULL(b.reason);
	CU_ASSERT_TRUE_FATAL(rtcp_iter_next(&it, &v));
	CU_ASSERT_EQUAL(rtcp_parse_bye(&v, &b, NULL), 0);
	CU_ASSERT_EQUAL(b.reason_len, 3);
	CU_ASSERT_TRUE_FATAL(rtcp_iter_next(&it, &v));
	CU_ASSERT_EQUAL(rtcp_parse_bye(&v, &b, NULL), 0);
	CU_ASSERT_EQUAL(b.reason_len, 6);
	CU_ASSERT_EQUAL(memcmp(b.reason, "hangup", 6), 0);
}

static void test_impl_rtcp_writer_flags_overflow_and_bad_arguments(void)
{
	struct rtcp_report r = sample_sr();
	struct rtcp_writer w;
	uint8_t buf[64];
	size_t len = 0;
	char longname[300];

	CU_ASSERT_EQUAL(write_report(&r, buf, 51, &len), ENOBUFS);  /* the SR needs 52 */
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	rtcp_writer_init(&w, buf, sizeof(buf));
	rtcp_write_sdes_cname(&w, 1, longname);
	CU_ASSERT_EQUAL(rtcp_writer_finish(&w, &len), EINVAL);
	r.count = 32;
	CU_ASSERT_EQUAL(write_report(&r, buf, sizeof(buf), &len), EINVAL);
}

/* A compound packet as §6.1 wants it: RR, SDES CNAME, BYE. */
static size_t compound(uint8_t *buf, size_t cap)
{
	struct rtcp_report r = sample_sr();
	struct rtcp_writer w;
	uint32_t me = r.ssrc;
	size_t len = 0;

	r.type = RTCP_RR;
	rtcp_writer_init(&w, buf, cap);
	rtcp_write_report(&w, &r);
	rtcp_write_sdes_cname(&w, me, "alice@127.0.0.1");
	rtcp_write_bye(&w, &me, 1, "done");
	rtcp_writer_finish(&w, &len);
	return len;
}

static int check_guarded(const uint8_t *buf, size_t len, struct rtp_parse_error *err)
{
	struct th_guard g;
	int rc;

	if (th_guard_init(&g, buf, len) != 0)
		return -1;
	rc = rtcp_compound_check((const uint8_t *)g.data, len, err);
	th_guard_fini(&g);
	return rc;
}

/* RFC3550 A.2: "RTP version field must equal 2." / "The payload type field of the first
 * RTCP packet in a compound packet must be equal to SR or RR." / "The length fields of
 * the individual RTCP packets must add up to the overall length". */
static void test_rfc3550_a_2_compound_validity_checks(void)
{
	uint8_t b[128];
	size_t len = compound(b, sizeof(b));
	struct rtp_parse_error e = {0};

	CU_ASSERT_EQUAL(len, 32 + 28 + 16);  /* RR, SDES (10 + 15 + null -> 28), BYE */
	CU_ASSERT_EQUAL(check_guarded(b, len, &e), 0);
	CU_ASSERT_EQUAL(check_guarded(b, len - 4, &e), EBADMSG);  /* lengths overrun */
	CU_ASSERT_EQUAL(check_guarded(b, 3, &e), EBADMSG);
	b[len] = 0x80;  /* one more word that is not a full packet */
	CU_ASSERT_EQUAL(check_guarded(b, len + 2, &e), EBADMSG);
	b[32] = 0x41;   /* second packet (SDES) has version 1 */
	CU_ASSERT_EQUAL(check_guarded(b, len, &e), EBADMSG);
	CU_ASSERT_EQUAL(e.offset, 32);
	b[32] = 0x81;
	b[1] = RTCP_SDES;  /* first packet not a report */
	CU_ASSERT_EQUAL(check_guarded(b, len, &e), EBADMSG);
	CU_ASSERT_EQUAL(e.offset, 1);
}

/* RFC3550 6.4.1: "padding MUST only be added to the last individual packet" and A.2:
 * "The padding bit (P) should be zero for the first packet of a compound RTCP packet". */
static void test_rfc3550_a_2_padding_only_on_the_last_packet(void)
{
	uint8_t b[128];
	size_t len = compound(b, sizeof(b));
	struct rtp_parse_error e = {0};
	struct rtcp_iter it;
	struct rtcp_packet_view v;

	b[0] |= 0x20;
	CU_ASSERT_EQUAL(check_guarded(b, len, &e), EBADMSG);
	CU_ASSERT_EQUAL(e.offset, 0);
	b[0] &= (uint8_t)~0x20;
	/* Pad the BYE (last) by one word: P set, length + 1, count 4 in the last octet. */
	b[60] |= 0x20;
	b[63] = (uint8_t)(b[63] + 1);
	memset(b + len, 0, 4);
	b[len + 3] = 4;
	CU_ASSERT_EQUAL(check_guarded(b, len + 4, &e), 0);
	rtcp_iter_init(&it, b, len + 4);
	CU_ASSERT_TRUE(rtcp_iter_next(&it, &v) && rtcp_iter_next(&it, &v) &&
		       rtcp_iter_next(&it, &v));
	CU_ASSERT_EQUAL(v.type, RTCP_BYE);
	CU_ASSERT_EQUAL(v.body_len, 12);  /* SSRC + "done" item, padding removed */
	b[len + 3] = 0;
	CU_ASSERT_EQUAL(check_guarded(b, len + 4, &e), EBADMSG);
}

/* Truncations and bit flips of a compound packet: check + every parser answers 0 or
 * EBADMSG and never reads outside the packet (guard page behind it). */
static void test_impl_rtcp_parsers_survive_truncation_and_bit_flips(void)
{
	uint8_t b[128];
	size_t len = compound(b, sizeof(b));
	unsigned bad = 0;

	for (size_t bit = 0; bit < 8 * len; bit++) {
		struct th_guard g;
		struct rtcp_iter it;
		struct rtcp_packet_view v;
		union { struct rtcp_report r; struct rtcp_sdes s; struct rtcp_bye b; } u;

		b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		size_t n = bit % 3 == 0 ? len - bit % 17 : len;

		if (th_guard_init(&g, b, n) == 0) {
			const uint8_t *d = (const uint8_t *)g.data;
			int rc = rtcp_compound_check(d, n, NULL);

			bad += rc != 0 && rc != EBADMSG;
			rtcp_iter_init(&it, d, n);
			while (rtcp_iter_next(&it, &v)) {
				rc = v.type == RTCP_SDES ? rtcp_parse_sdes(&v, &u.s, NULL) :
				     v.type == RTCP_BYE ? rtcp_parse_bye(&v, &u.b, NULL) :
				     rtcp_parse_report(&v, &u.r, NULL);
				bad += rc != 0 && rc != EBADMSG;
			}
			th_guard_fini(&g);
		}
		b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* RFC3550 4: NTP is "a 64-bit unsigned fixed-point number with the integer part in the
 * first 32 bits and the fractional part in the last 32 bits"; the compact form is "the
 * low 16 bits of the integer part and the high 16 bits of the fractional part". */
static void test_rfc3550_4_ntp_formats(void)
{
	CU_ASSERT_EQUAL(rtcp_ntp_from_us(0), 0);
	CU_ASSERT_EQUAL(rtcp_ntp_from_us(1500000), 0x0000000180000000ULL);
	CU_ASSERT_EQUAL(rtcp_ntp_from_us(3024992005125000ULL), 0xb44db70520000000ULL);
	CU_ASSERT_EQUAL(rtcp_ntp_middle(0xb44db70520000000ULL), 0xb7052000);
	CU_ASSERT_EQUAL(rtcp_dlsr_from_us(5250000), 0x00054000);
	CU_ASSERT_EQUAL(rtcp_dlsr_from_us(UINT64_MAX / 2), UINT32_MAX);
}

/* RFC3550 6.4.1 Figure 2: A = 0xb710:8000, DLSR = 0x0005:4000, LSR = 0xb705:2000,
 * "delay 0x0006:2000 (6.125 s)". */
static void test_rfc3550_6_4_1_round_trip_example_of_figure_2(void)
{
	CU_ASSERT_EQUAL(rtcp_rtt_us(0xb7108000, 0xb7052000, 0x00054000), 6125000);
	CU_ASSERT_EQUAL(rtcp_rtt_us(0xb7108000, 0, 0x00054000), 0);  /* no SR: no RTT */
	CU_ASSERT_EQUAL(rtcp_rtt_us(0xb7052000, 0xb7052000, 0x00054000), 0); /* negative */
}

/* RFC3550 12.1: "SR sender report 200 / RR receiver report 201 / SDES source
 * description 202 / BYE goodbye 203 / APP application-defined 204".  Each packet we
 * write carries its value in octet 1; an APP packet (never written, RFC3550 6.7) is
 * walked past with its type and refused by the SR/RR, SDES and BYE parsers. */
static void test_rfc3550_12_1_packet_type_values(void)
{
	static const uint8_t app[12] = {0x80, 204, 0x00, 0x02, 0x11, 0x22, 0x33, 0x44,
					't', 'e', 's', 't'};
	static const uint8_t types[5] = {200, 201, 202, 204, 203};
	struct rtcp_report r = sample_sr();
	union { struct rtcp_report r; struct rtcp_sdes s; struct rtcp_bye b; } u;
	struct rtcp_writer w;
	struct rtcp_iter it;
	struct rtcp_packet_view v;
	uint32_t me = r.ssrc;
	uint8_t b[160];
	size_t len = 0, tail = 0;
	int n = 0;

	rtcp_writer_init(&w, b, sizeof(b));
	rtcp_write_report(&w, &r);                  /* SR, 52 octets */
	r.type = RTCP_RR;
	rtcp_write_report(&w, &r);                  /* RR, 32 */
	rtcp_write_sdes_cname(&w, me, "ab@c");      /* SDES, 16 */
	CU_ASSERT_EQUAL_FATAL(rtcp_writer_finish(&w, &len), 0);
	CU_ASSERT_EQUAL_FATAL(len, 100);
	memcpy(b + len, app, sizeof(app));          /* APP, 12 */
	len += sizeof(app);
	rtcp_writer_init(&w, b + len, sizeof(b) - len);
	rtcp_write_bye(&w, &me, 1, NULL);           /* BYE, 8 */
	CU_ASSERT_EQUAL_FATAL(rtcp_writer_finish(&w, &tail), 0);
	len += tail;
	CU_ASSERT_EQUAL(b[1], 200);
	CU_ASSERT_EQUAL(b[52 + 1], 201);
	CU_ASSERT_EQUAL(b[84 + 1], 202);
	CU_ASSERT_EQUAL(b[112 + 1], 203);
	CU_ASSERT_EQUAL(RTCP_APP, 204);
	CU_ASSERT_EQUAL(rtcp_compound_check(b, len, NULL), 0);
	rtcp_iter_init(&it, b, len);
	while (n < 5 && rtcp_iter_next(&it, &v)) {
		CU_ASSERT_EQUAL(v.type, types[n]);
		n++;
		if (v.type != 204)
			continue;
		CU_ASSERT_EQUAL(rtcp_parse_report(&v, &u.r, NULL), EBADMSG);
		CU_ASSERT_EQUAL(rtcp_parse_sdes(&v, &u.s, NULL), EBADMSG);
		CU_ASSERT_EQUAL(rtcp_parse_bye(&v, &u.b, NULL), EBADMSG);
	}
	CU_ASSERT_EQUAL(n, 5);
}

static const struct th_test report_tests[] = {
	TH_TEST(test_rfc3550_6_4_1_sr_fields_at_their_positions),
	TH_TEST(test_rfc3550_6_4_1_sr_round_trip),
	TH_TEST(test_rfc3550_6_4_2_rr_round_trip_and_empty_rr),
	TH_TEST(test_rfc3550_a_3_cumulative_loss_is_24_bit_signed_on_the_wire),
	TH_TEST(test_rfc3550_6_4_1_round_trip_example_of_figure_2),
	TH_TEST(test_rfc3550_4_ntp_formats),
	TH_END
};

static const struct th_test sdes_bye_tests[] = {
	TH_TEST(test_rfc3550_6_5_sdes_cname_layout_and_round_trip),
	TH_TEST(test_rfc3550_6_6_bye_with_and_without_reason),
	TH_TEST(test_impl_rtcp_writer_flags_overflow_and_bad_arguments),
	TH_END
};

static const struct th_test compound_tests[] = {
	TH_TEST(test_rfc3550_a_2_compound_validity_checks),
	TH_TEST(test_rfc3550_a_2_padding_only_on_the_last_packet),
	TH_TEST(test_impl_rtcp_parsers_survive_truncation_and_bit_flips),
	TH_END
};

static const struct th_test type_tests[] = {
	TH_TEST(test_rfc3550_12_1_packet_type_values),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3550 6.4 sender and receiver reports", report_tests, NULL, NULL },
	{ "RFC3550 6.5-6.6 SDES CNAME and BYE", sdes_bye_tests, NULL, NULL },
	{ "RFC3550 A.2 RTCP compound packet validity", compound_tests, NULL, NULL },
	{ "RFC3550 12.1 RTCP packet types", type_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
