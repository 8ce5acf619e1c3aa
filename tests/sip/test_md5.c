/* tests/sip/test_md5.c - MD5 (sip/md5.h) against RFC 1321's own test suite.
 *
 * RFC 1321 §A.5 lists seven messages and their digests; those are the ground truth
 * here.  The padding-boundary and million-'a' values are not in the RFC: they were
 * computed with an independent implementation (Python's hashlib.md5) and are the
 * well-known published values.
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

static const struct th_suite suites[] = {
	{ "RFC1321 A.5 Test suite", a5_tests, NULL, NULL },
	{ "RFC1321 3 MD5 algorithm description", algo_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
