/* sip/chars.c - the character sets of RFC 3261 §25.1, as one lookup table.
 *
 * Each set is written once below as the ABNF gives it; the preprocessor evaluates
 * them for all 256 byte values, so the table is data the compiler built, not hex
 * someone typed.  A scanning loop then costs one load and one test per byte:
 * `while (CC(*p) & CC_TOKEN) p++`.
 *
 * Leaves out: UTF-8 validation.  Octets 0x80-0xFF are accepted wherever §25 allows
 * UTF8-NONASCII / UTF8-CONT, without checking that they form valid sequences.
 */
#include "sip/msg_internal.h"

#include <stdint.h>

#define IN(c, lo, hi) ((c) >= (lo) && (c) <= (hi))
#define IS_ALPHA(c) (IN(c, 'a', 'z') || IN(c, 'A', 'Z'))
#define IS_DIGIT(c) IN(c, '0', '9')
#define IS_ALNUM(c) (IS_ALPHA(c) || IS_DIGIT(c))
#define IS_HEX(c) (IS_DIGIT(c) || IN(c, 'a', 'f') || IN(c, 'A', 'F'))
/* mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")" */
#define IS_MARK(c) ((c) == '-' || (c) == '_' || (c) == '.' || (c) == '!' || (c) == '~' || \
		    (c) == '*' || (c) == '\'' || (c) == '(' || (c) == ')')
#define IS_UNRESERVED(c) (IS_ALNUM(c) || IS_MARK(c))
/* token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
#define IS_TOKEN(c) (IS_ALNUM(c) || (c) == '-' || (c) == '.' || (c) == '!' || (c) == '%' || \
		     (c) == '*' || (c) == '_' || (c) == '+' || (c) == '`' || (c) == '\'' || \
		     (c) == '~')
/* word adds "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}" */
#define IS_WORD(c) (IS_TOKEN(c) || (c) == '(' || (c) == ')' || (c) == '<' || (c) == '>' || \
		    (c) == ':' || (c) == '\\' || (c) == '"' || (c) == '/' || (c) == '[' || \
		    (c) == ']' || (c) == '?' || (c) == '{' || (c) == '}')
/* user-unreserved = "&" / "=" / "+" / "$" / "," / ";" / "?" / "/" */
#define IS_USER(c) (IS_UNRESERVED(c) || (c) == '&' || (c) == '=' || (c) == '+' || \
		    (c) == '$' || (c) == ',' || (c) == ';' || (c) == '?' || (c) == '/')
/* password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
#define IS_PASSWORD(c) (IS_UNRESERVED(c) || (c) == '&' || (c) == '=' || (c) == '+' || \
			(c) == '$' || (c) == ',')
/* hostname = *( domainlabel "." ) toplabel [ "." ], IPv4address: digits and dots */
#define IS_HOST(c) (IS_ALNUM(c) || (c) == '-' || (c) == '.')
/* param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$" */
#define IS_PARAM(c) (IS_UNRESERVED(c) || (c) == '[' || (c) == ']' || (c) == '/' || \
		     (c) == ':' || (c) == '&' || (c) == '+' || (c) == '$')
/* hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$" */
#define IS_HNV(c) (IS_UNRESERVED(c) || (c) == '[' || (c) == ']' || (c) == '/' || \
		   (c) == '?' || (c) == ':' || (c) == '+' || (c) == '$')
/* reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / "," */
#define IS_URIC(c) (IS_UNRESERVED(c) || (c) == ';' || (c) == '/' || (c) == '?' || \
		    (c) == ':' || (c) == '@' || (c) == '&' || (c) == '=' || (c) == '+' || \
		    (c) == '$' || (c) == ',')
#define IS_WS(c) ((c) == ' ' || (c) == '\t')
/* TEXT-UTF8char / UTF8-CONT / LWS: every octet but the controls (HT allowed) */
#define IS_TEXT(c) ((c) == '\t' || IN(c, 0x20, 0x7e) || (c) >= 0x80)
#define IS_SCHEME(c) (IS_ALNUM(c) || (c) == '+' || (c) == '-' || (c) == '.')
/* outside <>, ";" "?" "," end the addr-spec (§20), so they leave user and password */
#define IS_USER_BARE(c) (IS_USER(c) && (c) != ';' && (c) != '?' && (c) != ',')
#define IS_PASSWORD_BARE(c) (IS_PASSWORD(c) && (c) != ',')
#define IS_URIC_BARE(c) (IS_URIC(c) && (c) != ';' && (c) != '?' && (c) != ',')
#define IS_LABEL(c) (IS_ALNUM(c) || (c) == '-')
#define IS_IPV4(c) (IS_DIGIT(c) || (c) == '.')
#define IS_IPV6(c) (IS_HEX(c) || (c) == ':' || (c) == '.')
/* CR, LF and the NUL after the bytes end a header value (msg_internal.h, sip_eol) */
#define IS_EOL(c) ((c) == '\r' || (c) == '\n' || (c) == 0)
/* qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII */
#define IS_QDTEXT(c) (IS_WS(c) || (c) == 0x21 || IN(c, 0x23, 0x5b) || IN(c, 0x5d, 0x7e) || \
		      (c) >= 0x80)

#define BIT(test, bit) ((test) ? (bit) : 0)
#define CLASSES(c)                                                                       \
	(BIT(IS_DIGIT(c), CC_DIGIT) | BIT(IS_ALPHA(c), CC_ALPHA) | BIT(IS_HEX(c), CC_HEX) | \
	 BIT(IS_TOKEN(c), CC_TOKEN) | BIT(IS_WORD(c), CC_WORD) |                           \
	 BIT(IS_UNRESERVED(c), CC_UNRESERVED) | BIT(IS_USER(c), CC_USER) |                 \
	 BIT(IS_PASSWORD(c), CC_PASSWORD) | BIT(IS_HOST(c), CC_HOST) |                     \
	 BIT(IS_PARAM(c), CC_PARAM) | BIT(IS_HNV(c), CC_HNV) | BIT(IS_URIC(c), CC_URIC) |  \
	 BIT(IS_WS(c), CC_WS) | BIT(IS_TEXT(c), CC_TEXT) | BIT(IS_SCHEME(c), CC_SCHEME) |  \
	 BIT(IS_QDTEXT(c), CC_QDTEXT) | BIT(IS_USER_BARE(c), CC_USER_BARE) |                \
	 BIT(IS_PASSWORD_BARE(c), CC_PASSWORD_BARE) | BIT(IS_IPV4(c), CC_IPV4) |            \
	 BIT(IS_IPV6(c), CC_IPV6) | BIT(IS_URIC_BARE(c), CC_URIC_BARE) | \
	 BIT(IS_LABEL(c), CC_LABEL) | BIT(IS_EOL(c), CC_EOL))

#define R4(c) CLASSES(c), CLASSES((c) + 1), CLASSES((c) + 2), CLASSES((c) + 3)
#define R16(c) R4(c), R4((c) + 4), R4((c) + 8), R4((c) + 12)
#define R64(c) R16(c), R16((c) + 16), R16((c) + 32), R16((c) + 48)

const uint32_t sip_cc[256] = { R64(0), R64(64), R64(128), R64(192) };
