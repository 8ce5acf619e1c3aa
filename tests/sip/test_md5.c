/* tests/sip/test_md5.c - MD5 (sip/md5.h) against RFC 1321's own test suite.
 *
 * RFC 1321 §A.5 lists seven messages and their digests; those are the ground truth
 * here.  The padding-boundary and million-'a' values are not in the RFC: they were
 * computed with an independent implementation (Python's hashlib.md5) and are the
 * well-known published values.  RFC 1321 §2-§3.5 (byte order of words, the length,
 * the initial buffer, the output) and RFC 2617 §3.1.3 (the hex form) each have a test.
 */
#include "sip/md5.h"
#include "tests/support/guard.h"
#include "tests/support/harness.h"

#include <string.h>

static void check_md5(const char *msg, const char *expect)
{
	char hex[SIP_MD5_HEX_SIZE];

	sip_md5_hex(msg, strlen(msg), hex);
	CU_ASSERT_STRING_EQUAL(hex, expect);
}

/* RFC1321 A.5: "MD5 ("") = d41d8cd98f00b204e9800998ecf8427e" */
static void test_rfc1321_a_5_empty_string(void)
{
	check_md5("", "d41d8cd98f00b204e9800998ecf8427e");
}

/* RFC1321 A.5: "MD5 ("a") = 0cc175b9c0f1b6a831c399e269772661" */
static void test_rfc1321_a_5_single_a(void)
{
	check_md5("a", "0cc175b9c0f1b6a831c399e269772661");
}

/* RFC1321 A.5: "MD5 ("abc") = 900150983cd24fb0d6963f7d28e17f72" */
static void test_rfc1321_a_5_abc(void)
{
	check_md5("abc", "900150983cd24fb0d6963f7d28e17f72");
}

/* RFC1321 A.5: "MD5 ("message digest") = f96b697d7cb7938d525a2f31aaf161d0" */
static void test_rfc1321_a_5_message_digest(void)
{
	check_md5("message digest", "f96b697d7cb7938d525a2f31aaf161d0");
}

/* RFC1321 A.5: "MD5 ("abcdefghijklmnopqrstuvwxyz") = c3fcd3d76192e4007dfb496cca67e13b" */
static void test_rfc1321_a_5_alphabet(void)
{
	check_md5("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b");
}

/* RFC1321 A.5: "MD5 ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") =
 * d174ab98d277d9f5a5611c2c9f419d9f" (62 bytes: the length block spills into a second
 * 64-byte block, RFC 1321 §3.1). */
static void test_rfc1321_a_5_alphanumeric(void)
{
	check_md5("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "d174ab98d277d9f5a5611c2c9f419d9f");
}

static const char digits80[] =
	"12345678901234567890123456789012345678901234567890123456789012345678901234567890";

/* RFC1321 A.5: "MD5 ("123456789012345678901234567890123456789012345678901234567890123456
 * 78901234567890") = 57edf4a22be3c955ac49da2e2107b67a" (80 bytes, two blocks). */
static void test_rfc1321_a_5_eighty_digits(void)
{
	check_md5(digits80, "57edf4a22be3c955ac49da2e2107b67a");
}

/* RFC1321 3.4: "Process each 16-word block" - the digest depends on the bytes only, not
 * on how the caller cut them into updates.  Every split point of the 80-digit A.5
 * message, and byte-by-byte feeding, must give the A.5 digest. */
static void test_rfc1321_3_4_streaming_split_at_every_offset(void)
{
	size_t n = strlen(digits80);
	char hex[SIP_MD5_HEX_SIZE];
	uint8_t d[SIP_MD5_SIZE];
	struct sip_md5 m;

	for (size_t cut = 0; cut <= n; cut++) {
		sip_md5_init(&m);
		sip_md5_update(&m, digits80, cut);
		sip_md5_update(&m, digits80 + cut, n - cut);
		sip_md5_final(&m, d);
		sip_md5_to_hex(d, hex);
		CU_ASSERT_STRING_EQUAL(hex, "57edf4a22be3c955ac49da2e2107b67a");
	}
	sip_md5_init(&m);
	for (size_t i = 0; i < n; i++)
		sip_md5_update(&m, digits80 + i, 1);
	sip_md5_final(&m, d);
	sip_md5_to_hex(d, hex);
	CU_ASSERT_STRING_EQUAL(hex, "57edf4a22be3c955ac49da2e2107b67a");
}

/* RFC1321 3.1: "Padding is always performed, even if the length of the message is
 * already congruent to 448, modulo 512."  Lengths around 56 and 64 bytes exercise each
 * padding case (one block, spill into a second block, exact block).  Reference values
 * from Python's hashlib.md5(b"a" * n). */
static void test_rfc1321_3_1_padding_boundaries(void)
{
	static const struct { size_t n; const char *hex; } v[] = {
		{ 55, "ef1772b6dff9a122358552954ad0df65" },
		{ 56, "3b0c8ac703f828b04c6c197006d17218" },
		{ 57, "652b906d60af96844ebd21b674f35e93" },
		{ 63, "b06521f39153d618550606be297466d5" },
		{ 64, "014842d480b571495a4a0363793f7367" },
		{ 65, "c743a45e0d2e6a95cb859adae0248435" },
		{ 119, "8a7bd0732ed6a28ce75f6dabc90e1613" },
		{ 120, "5f61c0ccad4cac44c75ff505e1f1e537" },
		{ 128, "e510683b3f5ffe4093d021808bc6ff70" },
	};
	char buf[128];
	char hex[SIP_MD5_HEX_SIZE];

	memset(buf, 'a', sizeof buf);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		sip_md5_hex(buf, v[i].n, hex);
		CU_ASSERT_STRING_EQUAL(hex, v[i].hex);
	}
}

/* The classic long-message vector: a million 'a', fed in uneven chunks so whole-block
 * and partial-block paths interleave.  Value from hashlib.md5(b"a" * 1000000). */
static void test_impl_md5_million_a(void)
{
	static const size_t chunks[] = { 1, 63, 64, 65, 1000, 4096 };
	char buf[4096];
	char hex[SIP_MD5_HEX_SIZE];
	uint8_t d[SIP_MD5_SIZE];
	struct sip_md5 m;
	size_t left = 1000000;

	memset(buf, 'a', sizeof buf);
	sip_md5_init(&m);
	for (unsigned i = 0; left > 0; i++) {
		size_t take = chunks[i % 6] < left ? chunks[i % 6] : left;

		sip_md5_update(&m, buf, take);
		left -= take;
	}
	sip_md5_final(&m, d);
	sip_md5_to_hex(d, hex);
	CU_ASSERT_STRING_EQUAL(hex, "7707d6ae4e027c70eea2a935c2296f21");
}

/* The hash reads exactly the bytes it is given: input placed right before a PROT_NONE
 * page (STYLE.md §2) must not fault. */
static void test_impl_md5_reads_only_its_input(void)
{
	struct th_guard g;
	char hex[SIP_MD5_HEX_SIZE];

	CU_ASSERT_EQUAL_FATAL(th_guard_init(&g, "abc", 3), 0);
	sip_md5_hex(g.data, g.len, hex);
	th_guard_fini(&g);
	CU_ASSERT_STRING_EQUAL(hex, "900150983cd24fb0d6963f7d28e17f72");
}

/* RFC1321 2: "a sequence of bytes can be interpreted as a sequence of 32-bit words,
 * where each consecutive group of four bytes is interpreted as a word with the
 * low-order (least significant) byte given first."  The bytes 01 00 00 00 are the word
 * 1, and 00 00 00 01 the word 0x01000000: the two digests differ.  Values from
 * Python's hashlib.md5. */
static void test_rfc1321_2_bytes_form_words_low_order_first(void)
{
	static const uint8_t low_first[4] = { 1, 0, 0, 0 };
	static const uint8_t high_first[4] = { 0, 0, 0, 1 };
	char hex[SIP_MD5_HEX_SIZE];

	sip_md5_hex(low_first, sizeof low_first, hex);
	CU_ASSERT_STRING_EQUAL(hex, "4352d88a78aa39750bf70cd6f27bcaa5");
	sip_md5_hex(high_first, sizeof high_first, hex);
	CU_ASSERT_STRING_EQUAL(hex, "f1450306517624a57eafbbf8ed995985");
}

/* RFC1321 3.2: "A 64-bit representation of b (the length of the message before the
 * padding bits were added) is appended to the result of the previous step ... (These
 * bits are appended as two 32-bit words and appended low-order word first in
 * accordance with the previous conventions.)"  10000 bytes are b = 80000 = 0x13880
 * bits: three non-zero length bytes, so a big-endian length would change the digest.
 * Value from Python's hashlib.md5(b"a" * 10000). */
static void test_rfc1321_3_2_length_appended_low_order_first(void)
{
	static char buf[10000];
	char hex[SIP_MD5_HEX_SIZE];

	memset(buf, 'a', sizeof buf);
	sip_md5_hex(buf, sizeof buf, hex);
	CU_ASSERT_STRING_EQUAL(hex, "0d0c9c4db6953fee9e03f528cafd7d3e");
}

/* RFC1321 3.3: "These registers are initialized to the following values in
 * hexadecimal, low-order bytes first): word A: 01 23 45 67 word B: 89 ab cd ef
 * word C: fe dc ba 98 word D: 76 54 32 10" */
static void test_rfc1321_3_3_buffer_initial_values(void)
{
	struct sip_md5 m;

	memset(&m, 0xff, sizeof m);
	sip_md5_init(&m);
	CU_ASSERT_EQUAL(m.state[0], 0x67452301u);
	CU_ASSERT_EQUAL(m.state[1], 0xefcdab89u);
	CU_ASSERT_EQUAL(m.state[2], 0x98badcfeu);
	CU_ASSERT_EQUAL(m.state[3], 0x10325476u);
	CU_ASSERT_EQUAL(m.bytes, 0);
}

/* RFC1321 3.5: "The message digest produced as output is A, B, C, D. That is, we begin
 * with the low-order byte of A, and end with the high-order byte of D."  The raw bytes
 * of MD5("") (A.5: d41d8cd98f00b204e9800998ecf8427e), before any hex conversion. */
static void test_rfc1321_3_5_output_starts_with_low_order_byte_of_a(void)
{
	static const uint8_t expect[SIP_MD5_SIZE] = {
		0xd4, 0x1d, 0x8c, 0xd9, 0x8f, 0x00, 0xb2, 0x04,
		0xe9, 0x80, 0x09, 0x98, 0xec, 0xf8, 0x42, 0x7e,
	};
	uint8_t d[SIP_MD5_SIZE];

	sip_md5("", 0, d);
	CU_ASSERT_EQUAL(memcmp(d, expect, sizeof d), 0);
}

/* RFC2617 3.1.3: "The bits in the 128 bit digest are converted from most significant
 * to least significant bit, four bits at a time to their ASCII presentation as
 * follows.  Each four bits is represented by its familiar hexadecimal notation from
 * the characters 0123456789abcdef." */
static void test_rfc2617_3_1_3_digest_as_32_lowercase_hex(void)
{
	static const uint8_t d[SIP_MD5_SIZE] = {
		0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
		0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
	};
	char hex[SIP_MD5_HEX_SIZE];

	memset(hex, 'X', sizeof hex);
	sip_md5_to_hex(d, hex);
	CU_ASSERT_STRING_EQUAL(hex, "0123456789abcdeffedcba9876543210");
	CU_ASSERT_EQUAL(strlen(hex), 32);
}

static const struct th_test a5_tests[] = {
	TH_TEST(test_rfc1321_a_5_empty_string),
	TH_TEST(test_rfc1321_a_5_single_a),
	TH_TEST(test_rfc1321_a_5_abc),
	TH_TEST(test_rfc1321_a_5_message_digest),
	TH_TEST(test_rfc1321_a_5_alphabet),
	TH_TEST(test_rfc1321_a_5_alphanumeric),
	TH_TEST(test_rfc1321_a_5_eighty_digits),
	TH_END
};

static const struct th_test algo_tests[] = {
	TH_TEST(test_rfc1321_3_1_padding_boundaries),
	TH_TEST(test_rfc1321_3_4_streaming_split_at_every_offset),
	TH_TEST(test_impl_md5_million_a),
	TH_TEST(test_impl_md5_reads_only_its_input),
	TH_END
};

static const struct th_test words_tests[] = {
	TH_TEST(test_rfc1321_2_bytes_form_words_low_order_first),
	TH_TEST(test_rfc1321_3_2_length_appended_low_order_first),
	TH_TEST(test_rfc1321_3_3_buffer_initial_values),
	TH_TEST(test_rfc1321_3_5_output_starts_with_low_order_byte_of_a),
	TH_END
};

static const struct th_test hex_tests[] = {
	TH_TEST(test_rfc2617_3_1_3_digest_as_32_lowercase_hex),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC1321 A.5 Test suite", a5_tests, NULL, NULL },
	{ "RFC1321 3 MD5 algorithm description", algo_tests, NULL, NULL },
	{ "RFC1321 2-3.5 byte order of words, length and output", words_tests, NULL, NULL },
	{ "RFC2617 3.1.3 Representation of digest values", hex_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
