/* tests/rtp/test_packet.c - RTP fixed header build/parse (rtp/packet.h).
 *
 * Proves: every header field lands at its RFC 3550 §5.1 bit position; build -> parse
 * round-trips CSRCs, extension, padding; the §5.3.1 extension follows the CSRC list and
 * its length counts the words after its 4-octet header (zero is valid); the Appendix A.1 validity checks reject each
 * malformed case with a reason and an offset; no input makes the parser read past the
 * end (each input sits just before a PROT_NONE page).
 */
#include "rtp/packet.h"
#include "tests/support/guard.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <string.h>

/* Parses a copy of `buf` placed right before a guard page. */
static int parse_guarded(const uint8_t *buf, size_t len, struct rtp_packet *pkt,
			 struct rtp_parse_error *err)
{
	struct th_guard g;
	int rc;

	if (th_guard_init(&g, buf, len) != 0)
		return -1;
	rc = rtp_packet_parse((const uint8_t *)g.data, len, pkt, err);
	th_guard_fini(&g);  /* pkt views die here: callers only look at scalar fields */
	return rc;
}

static const uint8_t ext_words[8] = {1, 2, 3, 4, 5, 6, 7, 8};
static const uint8_t payload160[160] = {0xFF, 0x7F, 0x00, 0x80};

/* A packet using every field: CC=2, X=1 (2 words), M=1, PT 8, padding 4. */
static void full_packet(struct rtp_packet *p)
{
	memset(p, 0, sizeof(*p));
	p->hdr.extension = true;
	p->hdr.csrc_count = 2;
	p->hdr.marker = true;
	p->hdr.payload_type = 8;
	p->hdr.seq = 0x1234;
	p->hdr.timestamp = 0xDEADBEEF;
	p->hdr.ssrc = 0x01020304;
	p->hdr.csrc[0] = 0xA1A2A3A4;
	p->hdr.csrc[1] = 0xB1B2B3B4;
	p->hdr.ext_profile = 0xBEDE;
	p->hdr.ext_words = 2;
	p->hdr.ext_data = ext_words;
	p->payload = payload160;
	p->payload_len = sizeof(payload160);
	p->pad_len = 4;
}

/* RFC3550 5.1: "|V=2|P|X|  CC   |M|     PT      |       sequence number         |" then
 * timestamp, SSRC, CSRC list; "All integer fields are carried in network byte order" (§4). */
static void test_rfc3550_5_1_fields_at_their_bit_positions(void)
{
	struct rtp_packet p;
	uint8_t out[256];
	size_t len = 0;
	static const uint8_t expect[] = {
		0xB2,                   /* V=2 (10) P=1 X=1 CC=0010 */
		0x88,                   /* M=1 PT=0001000 */
		0x12, 0x34,             /* sequence number */
		0xDE, 0xAD, 0xBE, 0xEF, /* timestamp */
		0x01, 0x02, 0x03, 0x04, /* SSRC */
		0xA1, 0xA2, 0xA3, 0xA4, 0xB1, 0xB2, 0xB3, 0xB4, /* CSRC list */
		0xBE, 0xDE, 0x00, 0x02, /* extension: profile bits, length in words */
		1, 2, 3, 4, 5, 6, 7, 8,
		0xFF, 0x7F, 0x00, 0x80, /* payload starts */
	};

	full_packet(&p);
	CU_ASSERT_EQUAL(rtp_packet_build(&p, out, sizeof(out), &len), 0);
	CU_ASSERT_EQUAL(len, 12 + 8 + 4 + 8 + 160 + 4);
	CU_ASSERT_EQUAL(memcmp(out, expect, sizeof(expect)), 0);
	/* RFC3550 5.1: "The last octet of the padding contains a count of how many padding
	 * octets should be ignored, including itself." */
	CU_ASSERT_EQUAL(out[len - 1], 4);
	CU_ASSERT_EQUAL(out[len - 2], 0);
	CU_ASSERT_EQUAL(rtp_header_size(&p.hdr), 32);
}

static void test_rfc3550_5_1_build_parse_round_trip(void)
{
	struct rtp_packet p, q;
	uint8_t out[256];
	size_t len = 0;

	full_packet(&p);
	CU_ASSERT_EQUAL_FATAL(rtp_packet_build(&p, out, sizeof(out), &len), 0);
	CU_ASSERT_EQUAL_FATAL(rtp_packet_parse(out, len, &q, NULL), 0);
	CU_ASSERT(q.hdr.extension && q.hdr.marker);
	CU_ASSERT_EQUAL(q.hdr.csrc_count, 2);
	CU_ASSERT_EQUAL(q.hdr.payload_type, 8);
	CU_ASSERT_EQUAL(q.hdr.seq, 0x1234);
	CU_ASSERT_EQUAL(q.hdr.timestamp, 0xDEADBEEF);
	CU_ASSERT_EQUAL(q.hdr.ssrc, 0x01020304);
	CU_ASSERT_EQUAL(q.hdr.csrc[1], 0xB1B2B3B4);
	CU_ASSERT_EQUAL(q.hdr.ext_profile, 0xBEDE);
	CU_ASSERT_EQUAL(q.hdr.ext_words, 2);
	CU_ASSERT_EQUAL(memcmp(q.hdr.ext_data, ext_words, 8), 0);
	CU_ASSERT_EQUAL(q.payload_len, 160);
	CU_ASSERT_EQUAL(q.pad_len, 4);
	CU_ASSERT_PTR_EQUAL(q.payload, out + 32);
	CU_ASSERT_EQUAL(memcmp(q.payload, payload160, 160), 0);
}

/* A plain G.711 packet: 12 octets of header, no P/X/CC, and the payload right after. */
static void test_rfc3550_5_1_minimal_packet_is_12_octets_plus_payload(void)
{
	struct rtp_packet p = { .hdr = { .payload_type = 0, .seq = 65535, .timestamp = 160,
					 .ssrc = 42 },
				.payload = payload160, .payload_len = 160 };
	struct rtp_packet q;
	uint8_t out[200];
	size_t len = 0;

	CU_ASSERT_EQUAL(rtp_packet_build(&p, out, sizeof(out), &len), 0);
	CU_ASSERT_EQUAL(len, 172);
	CU_ASSERT_EQUAL(out[0], 0x80);
	CU_ASSERT_EQUAL(out[1], 0x00);
	CU_ASSERT_EQUAL(parse_guarded(out, len, &q, NULL), 0);
	CU_ASSERT_EQUAL(q.hdr.seq, 65535);
	CU_ASSERT_EQUAL(q.payload_len, 160);
	CU_ASSERT_EQUAL(q.pad_len, 0);
}

/* RFC3550 12: "payload types 72 and 73 are reserved": never built. */
static void test_rfc3550_12_build_refuses_reserved_payload_types(void)
{
	struct rtp_packet p = { .hdr = { .payload_type = 72 } };
	uint8_t out[64];
	size_t len = 0;

	CU_ASSERT_EQUAL(rtp_packet_build(&p, out, sizeof(out), &len), EINVAL);
	p.hdr.payload_type = 73;
	CU_ASSERT_EQUAL(rtp_packet_build(&p, out, sizeof(out), &len), EINVAL);
	p.hdr.payload_type = 128;
	CU_ASSERT_EQUAL(rtp_packet_build(&p, out, sizeof(out), &len), EINVAL);
	p.hdr.payload_type = 0;
	p.hdr.csrc_count = 16;
	CU_ASSERT_EQUAL(rtp_packet_build(&p, out, sizeof(out), &len), EINVAL);
	p.hdr.csrc_count = 0;
	p.pad_len = 256;
	CU_ASSERT_EQUAL(rtp_packet_build(&p, out, sizeof(out), &len), EINVAL);
}

/* RFC3550 5.3.1: "If the X bit in the RTP header is one, a variable-length header
 * extension MUST be appended to the RTP header, following the CSRC list if present.  The
 * header extension contains a 16-bit length field that counts the number of 32-bit words
 * in the extension, excluding the four-octet extension header (therefore zero is a valid
 * length)." */
static void test_rfc3550_5_3_1_extension_follows_csrc_list_length_excludes_its_header(void)
{
	static const uint8_t one_word[4] = {0xE1, 0xE2, 0xE3, 0xE4};
	struct rtp_packet p = { .hdr = { .extension = true, .csrc_count = 1, .payload_type = 0,
					 .csrc = {0xC1C2C3C4}, .ext_profile = 0x1000 },
				.payload = payload160, .payload_len = 4 };
	struct rtp_packet q;
	uint8_t out[64];
	size_t len = 0;

	/* length 0: the 4-octet extension header alone, right after the one CSRC */
	CU_ASSERT_EQUAL(rtp_packet_build(&p, out, sizeof(out), &len), 0);
	CU_ASSERT_EQUAL(len, 12 + 4 + 4 + 4);
	CU_ASSERT_EQUAL(out[0], 0x91);  /* V=2 P=0 X=1 CC=1 */
	CU_ASSERT_EQUAL(memcmp(out + 12, "\xC1\xC2\xC3\xC4\x10\x00\x00\x00", 8), 0);
	CU_ASSERT_EQUAL(memcmp(out + 20, payload160, 4), 0);
	CU_ASSERT_EQUAL(parse_guarded(out, len, &q, NULL), 0);
	CU_ASSERT(q.hdr.extension && q.hdr.ext_profile == 0x1000 && q.hdr.ext_words == 0);
	CU_ASSERT_EQUAL(q.payload_len, 4);
	CU_ASSERT_EQUAL(q.hdr.csrc[0], 0xC1C2C3C4);
	/* length 1: one word follows the extension header; the payload after it */
	p.hdr.ext_words = 1;
	p.hdr.ext_data = one_word;
	CU_ASSERT_EQUAL(rtp_packet_build(&p, out, sizeof(out), &len), 0);
	CU_ASSERT_EQUAL(len, 12 + 4 + 4 + 4 + 4);
	CU_ASSERT_EQUAL(memcmp(out + 16, "\x10\x00\x00\x01\xE1\xE2\xE3\xE4", 8), 0);
	CU_ASSERT_EQUAL(memcmp(out + 24, payload160, 4), 0);
	CU_ASSERT_EQUAL(parse_guarded(out, len, &q, NULL), 0);
	CU_ASSERT_EQUAL(q.hdr.ext_words, 1);
	CU_ASSERT_EQUAL(q.payload_len, 4);
	CU_ASSERT_EQUAL(rtp_header_size(&q.hdr), 24);
}

static void test_impl_rtp_build_reports_enobufs(void)
{
	struct rtp_packet p;
	uint8_t out[255];
	size_t len = 0;

	full_packet(&p);
	CU_ASSERT_EQUAL(rtp_packet_build(&p, out, 195, &len), ENOBUFS);
	CU_ASSERT_EQUAL(rtp_packet_build(&p, out, 196, &len), 0);
}

/* Builds a valid packet into out and returns its length. */
static size_t valid_bytes(uint8_t *out, size_t cap)
{
	struct rtp_packet p;
	size_t len = 0;

	full_packet(&p);
	rtp_packet_build(&p, out, cap, &len);
	return len;
}

/* RFC3550 A.1: "RTP version field must equal 2." */
static void test_rfc3550_a_1_rejects_version_other_than_2(void)
{
	uint8_t b[256];
	size_t len = valid_bytes(b, sizeof(b));
	struct rtp_packet q;
	struct rtp_parse_error e = {0};

	for (int v = 0; v < 4; v++) {
		b[0] = (uint8_t)((b[0] & 0x3F) | v << 6);
		CU_ASSERT_EQUAL(parse_guarded(b, len, &q, &e), v == 2 ? 0 : EBADMSG);
	}
	b[0] = (uint8_t)(b[0] & 0x3F);
	CU_ASSERT_EQUAL(parse_guarded(b, len, &q, &e), EBADMSG);
	CU_ASSERT_EQUAL(e.offset, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.reason, "version"));
}

/* RFC3550 A.1: "The payload type must be known, and in particular it must not be equal
 * to SR or RR." (octet 1 = 200 or 201: marker set and PT 72 or 73) */
static void test_rfc3550_a_1_rejects_sr_and_rr_payload_types(void)
{
	uint8_t b[256];
	size_t len = valid_bytes(b, sizeof(b));
	struct rtp_packet q;
	struct rtp_parse_error e = {0};
	static const uint8_t octet1[] = {200, 201, 72, 73};

	for (size_t i = 0; i < sizeof(octet1); i++) {
		b[1] = octet1[i];
		CU_ASSERT_EQUAL(parse_guarded(b, len, &q, &e), EBADMSG);
		CU_ASSERT_EQUAL(e.offset, 1);
	}
	b[1] = 202;  /* M=1, PT 74: not reserved by RFC 3550 */
	CU_ASSERT_EQUAL(parse_guarded(b, len, &q, &e), 0);
}

/* RFC3550 A.1: "If the P bit is set, then the last octet of the packet must contain a
 * valid octet count, in particular, less than the total packet length minus the header
 * size." */
static void test_rfc3550_a_1_rejects_padding_count_too_large(void)
{
	uint8_t b[256];
	size_t len = valid_bytes(b, sizeof(b));  /* header 32, payload 160, padding 4 */
	struct rtp_packet q;
	struct rtp_parse_error e = {0};

	b[len - 1] = 165;  /* payload + padding = 164: one too many */
	CU_ASSERT_EQUAL(parse_guarded(b, len, &q, &e), EBADMSG);
	CU_ASSERT_EQUAL(e.offset, len - 1);
	b[len - 1] = 0;    /* the count includes itself: 0 is never valid */
	CU_ASSERT_EQUAL(parse_guarded(b, len, &q, &e), EBADMSG);
	b[len - 1] = 164;  /* DEVIATION: all of it padding, empty payload, accepted */
	CU_ASSERT_EQUAL(parse_guarded(b, len, &q, &e), 0);
	CU_ASSERT_EQUAL(q.payload_len, 0);
	b[len - 1] = 163;
	CU_ASSERT_EQUAL(parse_guarded(b, len, &q, &e), 0);
	CU_ASSERT_EQUAL(q.payload_len, 1);
}

/* RFC3550 A.1: "The length of the packet must be consistent with CC". */
static void test_rfc3550_a_1_rejects_csrc_list_beyond_packet(void)
{
	uint8_t b[12 + 15 * 4] = {0x8F, 0};  /* CC = 15 */
	struct rtp_packet q;
	struct rtp_parse_error e = {0};

	CU_ASSERT_EQUAL(parse_guarded(b, sizeof(b), &q, &e), 0);
	CU_ASSERT_EQUAL(q.hdr.csrc_count, 15);
	CU_ASSERT_EQUAL(parse_guarded(b, sizeof(b) - 1, &q, &e), EBADMSG);
	CU_ASSERT_EQUAL(e.offset, 12);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.reason, "CSRC"));
}

/* RFC3550 A.1: "the extension length field must be less than the total packet size
 * minus the fixed header length and padding." */
static void test_rfc3550_a_1_rejects_extension_beyond_packet(void)
{
	uint8_t b[12 + 4 + 8] = {0x90, 0};  /* X = 1 */
	struct rtp_packet q;
	struct rtp_parse_error e = {0};

	b[14] = 0;
	b[15] = 2;  /* two words follow */
	CU_ASSERT_EQUAL(parse_guarded(b, sizeof(b), &q, &e), 0);
	CU_ASSERT_EQUAL(q.payload_len, 0);
	b[15] = 3;
	CU_ASSERT_EQUAL(parse_guarded(b, sizeof(b), &q, &e), EBADMSG);
	CU_ASSERT_EQUAL(e.offset, 14);
	CU_ASSERT_EQUAL(parse_guarded(b, 14, &q, &e), EBADMSG);  /* not even its header */
	CU_ASSERT_EQUAL(e.offset, 12);
}

/* RFC3550 5.1: "The first twelve octets are present in every RTP packet". */
static void test_rfc3550_5_1_rejects_packets_shorter_than_12_octets(void)
{
	uint8_t b[12] = {0x80, 0};
	struct rtp_packet q;
	struct rtp_parse_error e = {0};

	for (size_t n = 0; n < 12; n++) {
		CU_ASSERT_EQUAL(parse_guarded(b, n, &q, &e), EBADMSG);
		CU_ASSERT_EQUAL(e.offset, n);
	}
	CU_ASSERT_EQUAL(parse_guarded(b, 12, &q, &e), 0);
	b[0] = 0xA0;  /* P set, but the last octet is header */
	CU_ASSERT_EQUAL(parse_guarded(b, 12, &q, &e), EBADMSG);
}

/* Every prefix and every single-bit flip of a full-featured packet: the parser answers
 * 0 or EBADMSG, never reads past the end (guard page), and a success is self-consistent. */
static void test_impl_rtp_parse_survives_truncation_and_bit_flips(void)
{
	uint8_t b[256];
	size_t len = valid_bytes(b, sizeof(b));
	struct rtp_packet q;
	unsigned bad = 0;

	for (size_t n = 0; n <= len; n++) {
		int rc = parse_guarded(b, n, &q, NULL);

		bad += rc != 0 && rc != EBADMSG;
		bad += rc == 0 && rtp_header_size(&q.hdr) + q.payload_len + q.pad_len != n;
	}
	for (size_t bit = 0; bit < 8 * 40; bit++) {
		b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		int rc = parse_guarded(b, len, &q, NULL);

		bad += rc != 0 && rc != EBADMSG;
		bad += rc == 0 && rtp_header_size(&q.hdr) + q.payload_len + q.pad_len != len;
		b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static const struct th_test header_tests[] = {
	TH_TEST(test_rfc3550_5_1_fields_at_their_bit_positions),
	TH_TEST(test_rfc3550_5_1_build_parse_round_trip),
	TH_TEST(test_rfc3550_5_1_minimal_packet_is_12_octets_plus_payload),
	TH_TEST(test_rfc3550_5_1_rejects_packets_shorter_than_12_octets),
	TH_TEST(test_rfc3550_12_build_refuses_reserved_payload_types),
	TH_TEST(test_impl_rtp_build_reports_enobufs),
	TH_END
};

static const struct th_test extension_tests[] = {
	TH_TEST(test_rfc3550_5_3_1_extension_follows_csrc_list_length_excludes_its_header),
	TH_END
};

static const struct th_test validity_tests[] = {
	TH_TEST(test_rfc3550_a_1_rejects_version_other_than_2),
	TH_TEST(test_rfc3550_a_1_rejects_sr_and_rr_payload_types),
	TH_TEST(test_rfc3550_a_1_rejects_padding_count_too_large),
	TH_TEST(test_rfc3550_a_1_rejects_csrc_list_beyond_packet),
	TH_TEST(test_rfc3550_a_1_rejects_extension_beyond_packet),
	TH_TEST(test_impl_rtp_parse_survives_truncation_and_bit_flips),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3550 5.1 RTP fixed header fields", header_tests, NULL, NULL },
	{ "RFC3550 5.3.1 RTP header extension", extension_tests, NULL, NULL },
	{ "RFC3550 A.1 RTP data header validity checks", validity_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
