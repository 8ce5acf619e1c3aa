/* tests/sip/test_sha256.c - SHA-256 (sip/sha256.h) known-answer tests.
 *
 * SHA-256 is specified by FIPS 180-4, not by an RFC, so these tests are named
 * test_impl_sha256_...  The vectors are the NIST examples published with FIPS 180-2
 * (Appendix B.1-B.3), also listed as TEST1, TEST2_1 and TEST3 in RFC 6234 §8.5.
 * Padding-boundary values come from an independent implementation (Python hashlib).
 */
#include "sip/sha256.h"
#include "tests/support/guard.h"
#include "tests/support/harness.h"

#include <string.h>

static void check_sha256(const char *msg, const char *expect)
{
	char hex[SIP_SHA256_HEX_SIZE];

	sip_sha256_hex(msg, strlen(msg), hex);
	CU_ASSERT_STRING_EQUAL(hex, expect);
}

/* FIPS 180-2 Appendix B.1 (one-block message "abc"): "H(1) = ba7816bf 8f01cfea 414140de
 * 5dae2223 b00361a3 96177a9c b410ff61 f20015ad" */
static void test_impl_sha256_fips180_b_1_abc(void)
{
	check_sha256("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* FIPS 180-2 Appendix B.2 (multi-block message, 448 bits): "abcdbcdecdefdefgefghfghig
 * hijhijkijkljklmklmnlmnomnopnopq" -> "248d6a61 d20638b8 e5c02693 0c3e6039 a33ce459
 * 64ff2167 f6ecedd4 19db06c1".  56 bytes: the length no longer fits, a second block
 * holds it. */
static void test_impl_sha256_fips180_b_2_448_bit_message(void)
{
	check_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* FIPS 180-2 Appendix B.3 (long message): "Let the message M be the binary-coded form
 * of the ASCII string which consists of 1,000,000 repetitions of the character "a"" ->
 * "cdc76e5c 9914fb92 81a1c7e2 84d73e67 f1809a48 a497200e 046d39cc c7112cd0".  Fed in
 * uneven chunks so whole-block and partial-block paths interleave. */
static void test_impl_sha256_fips180_b_3_million_a(void)
{
	static const size_t chunks[] = { 1, 63, 64, 65, 1000, 4096 };
	char buf[4096];
	char hex[SIP_SHA256_HEX_SIZE];
	uint8_t d[SIP_SHA256_SIZE];
	struct sip_sha256 s;
	size_t left = 1000000;

	memset(buf, 'a', sizeof buf);
	sip_sha256_init(&s);
	for (unsigned i = 0; left > 0; i++) {
		size_t take = chunks[i % 6] < left ? chunks[i % 6] : left;

		sip_sha256_update(&s, buf, take);
		left -= take;
	}
	sip_sha256_final(&s, d);
	sip_sha256_to_hex(d, hex);
	CU_ASSERT_STRING_EQUAL(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* The empty message (NIST's SHA-256 example set, and Python hashlib.sha256(b"")):
 * padding alone makes one block. */
static void test_impl_sha256_empty_message(void)
{
	check_sha256("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* The digest depends on the bytes only: every split point of the B.2 message, and
 * byte-by-byte feeding, give the B.2 digest. */
static void test_impl_sha256_streaming_split_at_every_offset(void)
{
	static const char msg[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const char expect[] =
		"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
	size_t n = strlen(msg);
	char hex[SIP_SHA256_HEX_SIZE];
	uint8_t d[SIP_SHA256_SIZE];
	struct sip_sha256 s;

	for (size_t cut = 0; cut <= n; cut++) {
		sip_sha256_init(&s);
		sip_sha256_update(&s, msg, cut);
		sip_sha256_update(&s, msg + cut, n - cut);
		sip_sha256_final(&s, d);
		sip_sha256_to_hex(d, hex);
		CU_ASSERT_STRING_EQUAL(hex, expect);
	}
	sip_sha256_init(&s);
	for (size_t i = 0; i < n; i++)
		sip_sha256_update(&s, msg + i, 1);
	sip_sha256_final(&s, d);
	sip_sha256_to_hex(d, hex);
	CU_ASSERT_STRING_EQUAL(hex, expect);
}

/* FIPS 180-4 §5.1.1: k is "the smallest, non-negative solution to the equation
 * l + 1 + k = 448 mod 512".  Lengths around 56 and 64 bytes exercise each padding
 * case.  Reference values from Python's hashlib.sha256(b"a" * n). */
static void test_impl_sha256_padding_boundaries(void)
{
	static const struct { size_t n; const char *hex; } v[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
		{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
		{ 128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e" },
	};
	char buf[128];
	char hex[SIP_SHA256_HEX_SIZE];

	memset(buf, 'a', sizeof buf);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		sip_sha256_hex(buf, v[i].n, hex);
		CU_ASSERT_STRING_EQUAL(hex, v[i].hex);
	}
}

/* The hash reads exactly the bytes it is given (input before a PROT_NONE page). */
static void test_impl_sha256_reads_only_its_input(void)
{
	struct th_guard g;
	char hex[SIP_SHA256_HEX_SIZE];

	CU_ASSERT_EQUAL_FATAL(th_guard_init(&g, "abc", 3), 0);
	sip_sha256_hex(g.data, g.len, hex);
	th_guard_fini(&g);
	CU_ASSERT_STRING_EQUAL(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* RFC6234 6.2 (SHA-224 and SHA-256 Processing; the RFC text is not in ../shared/rfc,
 * its steps restated): each block M(i) is mixed into the intermediate hash H(i-1) to
 * give H(i), "For i = 1 to N", and the digest is the final H(N)0 ... H(N)7, each word
 * written most significant byte first.  TEST2_1 of RFC 6234 §8.5 is two blocks long;
 * its digest read as bytes must begin 24 8d 6a 61 (H(2)0 = 0x248d6a61) and end
 * 19 db 06 c1 (H(2)7). */
static void test_rfc6234_6_2_digest_is_final_h_words_big_endian(void)
{
	static const char msg[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const uint8_t expect[SIP_SHA256_SIZE] = {
		0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26, 0x93, 0x0c, 0x3e, 0x60, 0x39,
		0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff, 0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb, 0x06, 0xc1,
	};
	uint8_t d[SIP_SHA256_SIZE];

	sip_sha256(msg, strlen(msg), d);
	CU_ASSERT_EQUAL(memcmp(d, expect, sizeof d), 0);
}

/* RFC7616 3.2: "The bits in the digest are converted from the most significant to the
 * least significant bit, four bits at a time, to the ASCII representation as follows.
 * Each sequence of four bits is represented by its familiar hexadecimal notation from
 * the characters 0123456789abcdef ... SHA-256 and SHA-512/256 are represented as 64
 * hexadecimal characters." */
static void test_rfc7616_3_2_sha256_digest_as_64_lowercase_hex(void)
{
	static const uint8_t d[SIP_SHA256_SIZE] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
		0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
	};
	char hex[SIP_SHA256_HEX_SIZE];

	memset(hex, 'X', sizeof hex);
	sip_sha256_to_hex(d, hex);
	CU_ASSERT_STRING_EQUAL(hex, "00112233445566778899aabbccddeeff"
				    "0123456789abcdeffedcba9876543210");
	CU_ASSERT_EQUAL(strlen(hex), 64);
}

static const struct th_test kat_tests[] = {
	TH_TEST(test_impl_sha256_fips180_b_1_abc),
	TH_TEST(test_impl_sha256_fips180_b_2_448_bit_message),
	TH_TEST(test_impl_sha256_fips180_b_3_million_a),
	TH_TEST(test_impl_sha256_empty_message),
	TH_END
};

static const struct th_test algo_tests[] = {
	TH_TEST(test_impl_sha256_streaming_split_at_every_offset),
	TH_TEST(test_impl_sha256_padding_boundaries),
	TH_TEST(test_impl_sha256_reads_only_its_input),
	TH_END
};

static const struct th_test rfc6234_tests[] = {
	TH_TEST(test_rfc6234_6_2_digest_is_final_h_words_big_endian),
	TH_END
};

static const struct th_test hex_tests[] = {
	TH_TEST(test_rfc7616_3_2_sha256_digest_as_64_lowercase_hex),
	TH_END
};

static const struct th_suite suites[] = {
	{ "FIPS 180-2 Appendix B SHA-256 examples (RFC 6234 8.5)", kat_tests, NULL, NULL },
	{ "FIPS 180-4 6.2 SHA-256 padding and streaming", algo_tests, NULL, NULL },
	{ "RFC6234 6.2 SHA-224 and SHA-256 processing", rfc6234_tests, NULL, NULL },
	{ "RFC7616 3.2 Representation of digest values", hex_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
