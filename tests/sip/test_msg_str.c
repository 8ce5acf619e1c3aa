/* tests/sip/test_msg_str.c - string views, parameter lists and the character classes
 * (sip/str.h, sip/hdr.h sip_param_*, RFC 3261 §7.3.1, §19.1.2, §25.1). */
#include "sip/hdr.h"
#include "sip/msg_internal.h"
#include "sip/str.h"
#include "tests/sip/msgtest_util.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <string.h>

/* RFC3261 7.3.1: "field names are always case-insensitive ... Unless specified
 * otherwise, values expressed as quoted strings are case-sensitive." */
static void test_rfc3261_7_3_1_view_comparisons(void)
{
	struct sip_str a = SIP_STR_LIT("Call-ID"), b = SIP_STR_LIT("call-id");

	CU_ASSERT_TRUE(sip_str_eqi(a, b));
	CU_ASSERT_FALSE(sip_str_eq(a, b));
	CU_ASSERT_TRUE(sip_str_eq_c(a, "Call-ID"));
	CU_ASSERT_TRUE(sip_str_eqi_c(a, "CALL-ID"));
	CU_ASSERT_FALSE(sip_str_eqi_c(a, "Call-IDs"));
	CU_ASSERT_FALSE(sip_str_eqi_c(a, "Call-IE"));
	CU_ASSERT_TRUE(sip_str_eq(sip_str_from_c(NULL), sip_str_from_c("")));
	CU_ASSERT_EQUAL(sip_str_from_c(NULL).len, 0);
}

/* Copying a view out into a caller buffer, truncating safely. */
static void test_impl_str_copy_bounded(void)
{
	char buf[8];

	CU_ASSERT_EQUAL(sip_str_copy(SIP_STR_LIT("abc"), buf, sizeof(buf)), 0);
	CU_ASSERT_STRING_EQUAL(buf, "abc");
	CU_ASSERT_EQUAL(sip_str_copy(SIP_STR_LIT("abcdefghij"), buf, sizeof(buf)), ENOBUFS);
	CU_ASSERT_STRING_EQUAL(buf, "abcdefg");
	CU_ASSERT_EQUAL(sip_str_copy(SIP_STR_LIT("a"), buf, 0), ENOBUFS);
	CU_ASSERT_EQUAL(sip_str_copy(sip_str_from_c(NULL), buf, sizeof(buf)), 0);
	CU_ASSERT_STRING_EQUAL(buf, "");
}

/* RFC3261 25.1: quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F) */
static void test_rfc3261_25_1_unquote(void)
{
	char buf[16];
	size_t n;

	CU_ASSERT_EQUAL(sip_str_unquote(SIP_STR_LIT("a\\\"b\\\\c"), buf, sizeof(buf), &n), 0);
	CU_ASSERT_STRING_EQUAL(buf, "a\"b\\c");
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_EQUAL(sip_str_unquote(SIP_STR_LIT("0123456789abcdef"), buf, 8, &n), ENOBUFS);
	CU_ASSERT_EQUAL(n, 7);
	CU_ASSERT_STRING_EQUAL(buf, "0123456");
}

/* RFC3261 19.1.2: "%" HEX HEX; RFC4475 3.1.1.3: "unescaping URI components is never
 * performed recursively." */
static void test_rfc3261_19_1_2_unescape(void)
{
	char buf[16];
	size_t n;

	CU_ASSERT_EQUAL(sip_str_unescape(SIP_STR_LIT("v%61lue%25%34%31"), buf, sizeof(buf), &n), 0);
	CU_ASSERT_STRING_EQUAL(buf, "value%41");
	CU_ASSERT_EQUAL(sip_str_unescape(SIP_STR_LIT("%00%0a%0A"), buf, sizeof(buf), &n), 0);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_EQUAL(memcmp(buf, "\0\n\n", 3), 0);
	CU_ASSERT_EQUAL(sip_str_unescape(SIP_STR_LIT("%4"), buf, sizeof(buf), &n), EBADMSG);
	CU_ASSERT_EQUAL(sip_str_unescape(SIP_STR_LIT("%g0"), buf, sizeof(buf), &n), EBADMSG);
	CU_ASSERT_EQUAL(sip_str_unescape(SIP_STR_LIT("abcdef"), buf, 4, &n), ENOBUFS);
}

/* Decimal conversion of 1*DIGIT views, never wrapping. */
static void test_impl_str_to_u32(void)
{
	uint32_t v;

	CU_ASSERT_EQUAL(sip_str_to_u32(SIP_STR_LIT("0070"), &v), 0);
	CU_ASSERT_EQUAL(v, 70);
	CU_ASSERT_EQUAL(sip_str_to_u32(SIP_STR_LIT("4294967295"), &v), 0);
	CU_ASSERT_EQUAL(v, 4294967295u);
	CU_ASSERT_EQUAL(sip_str_to_u32(SIP_STR_LIT("36893488147419103232"), &v), ERANGE);
	CU_ASSERT_EQUAL(v, UINT32_MAX);
	CU_ASSERT_EQUAL(sip_str_to_u32(SIP_STR_LIT("-1"), &v), EINVAL);
	CU_ASSERT_EQUAL(sip_str_to_u32(SIP_STR_LIT(""), &v), EINVAL);
}

/* RFC3261 7.3.1: "field-name: field-value *(;parameter-name=parameter-value)" -
 * walking a stored list, LWS around ';' and '=', quoted values kept whole. */
static void test_rfc3261_7_3_1_parameter_iteration(void)
{
	struct sip_str cur = SIP_STR_LIT("tag = 1 ; lr;x=\"a;b\\\" c\";  y=2");
	struct sip_param p;

	CU_ASSERT_TRUE(sip_param_next(&cur, &p));
	CU_ASSERT_TRUE(msgtest_is(p.name, "tag") && msgtest_is(p.value, "1") && p.has_value);
	CU_ASSERT_TRUE(sip_param_next(&cur, &p));
	CU_ASSERT_TRUE(msgtest_is(p.name, "lr") && !p.has_value);
	CU_ASSERT_TRUE(sip_param_next(&cur, &p));
	CU_ASSERT_TRUE(msgtest_is(p.name, "x") && msgtest_is(p.value, "\"a;b\\\" c\""));
	CU_ASSERT_TRUE(sip_param_next(&cur, &p));
	CU_ASSERT_TRUE(msgtest_is(p.name, "y") && msgtest_is(p.value, "2"));
	CU_ASSERT_FALSE(sip_param_next(&cur, &p));
	CU_ASSERT_TRUE(sip_param_find(SIP_STR_LIT("a=1;B=2"), "b", &p) && msgtest_is(p.value, "2"));
	CU_ASSERT_FALSE(sip_param_find(SIP_STR_LIT("a=1"), "c", NULL));
	CU_ASSERT_FALSE(sip_param_find(sip_str_from_c(NULL), "c", NULL));
}

/* RFC3261 25.1: the character sets, checked against their ABNF definitions written
 * out as strings (the table is built by the preprocessor in sip/chars.c). */
static void test_rfc3261_25_1_character_classes_match_abnf(void)
{
	static const struct { uint32_t cls; const char *set; } sets[] = {
		{ CC_TOKEN, "-.!%*_+`'~" },
		{ CC_WORD, "-.!%*_+`'~()<>:\\\"/[]?{}" },
		{ CC_UNRESERVED, "-_.!~*'()" },
		{ CC_USER, "-_.!~*'()&=+$,;?/" },
		{ CC_PASSWORD, "-_.!~*'()&=+$," },
		{ CC_PARAM, "-_.!~*'()[]/:&+$" },
		{ CC_HNV, "-_.!~*'()[]/?:+$" },
		{ CC_URIC, "-_.!~*'();/?:@&=+$," },
		{ CC_HOST, "-." },
		{ CC_SCHEME, "+-." },
	};

	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		for (int c = 1; c < 256; c++) {
			int alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
			int want = alnum || strchr(sets[i].set, c) != NULL;

			CU_ASSERT_EQUAL(!!(CC(c) & sets[i].cls), want);
		}
		CU_ASSERT_EQUAL(CC(0) & sets[i].cls, 0);
	}
	CU_ASSERT_TRUE(CC('\t') & CC_TEXT);
	CU_ASSERT_FALSE(CC('\r') & CC_TEXT);
	CU_ASSERT_FALSE(CC(0x7f) & CC_TEXT);
	CU_ASSERT_TRUE(CC(0xe2) & CC_TEXT);
	CU_ASSERT_FALSE(CC('"') & CC_QDTEXT);
	CU_ASSERT_FALSE(CC('\\') & CC_QDTEXT);
	CU_ASSERT_TRUE(CC(' ') & CC_QDTEXT);
}

static const struct th_test str_tests[] = {
	TH_TEST(test_rfc3261_7_3_1_view_comparisons),
	TH_TEST(test_impl_str_copy_bounded),
	TH_TEST(test_rfc3261_25_1_unquote),
	TH_TEST(test_rfc3261_19_1_2_unescape),
	TH_TEST(test_impl_str_to_u32),
	TH_TEST(test_rfc3261_7_3_1_parameter_iteration),
	TH_TEST(test_rfc3261_25_1_character_classes_match_abnf),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 25.1 Basic Rules (views, escapes, character sets)", str_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
