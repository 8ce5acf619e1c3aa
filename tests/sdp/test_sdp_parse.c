/* tests/sdp/test_sdp_parse.c - RFC 4566: the line format, the field order, every field
 * (5.1-5.14) and the attributes of section 6 that sdp/ interprets.
 *
 * Inputs are written with LF and parsed in their CRLF form (sdpt_crlf) unless a test is
 * about line ends.  Errors are checked for errno, line number, byte offset and reason.
 */
#include "sdp/sdp.h"
#include "tests/sdp/sdp_testlib.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <string.h>

#define HEAD "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\n"
#define CONN "c=IN IP4 192.0.2.1\n"
#define TIME "t=0 0\n"
#define AUDIO "m=audio 49170 RTP/AVP 0\n"

static struct sdp_session s, s2;
static struct sdp_error err;

static void setup(void)
{
	memset(&err, 0, sizeof err);
}

static int parse(const char *lf)
{
	const char *text = sdpt_crlf(lf);

	return sdp_parse(&s, text, strlen(text), &err);
}

/* Byte offset of line `line` (1-based) in the CRLF form of `lf`. */
static size_t line_offset(const char *lf, unsigned line)
{
	size_t off = 0;

	for (unsigned n = 1; n < line && *lf != '\0'; lf++) {
		off += *lf == '\n' ? 2 : 1;
		n += *lf == '\n';
	}
	return off;
}

static void expect_error(const char *lf, int rc, unsigned line, const char *needle,
			 unsigned src_line)
{
	int got = parse(lf);
	int ok = got == rc && err.line == line && err.reason != NULL &&
		 strstr(err.reason, needle) != NULL &&
		 (line == 0 || err.offset == line_offset(lf, line));

	if (!ok)
		printf("\nline %u: got rc %d line %u offset %zu reason \"%s\"\n", src_line, got,
		       err.line, err.offset, err.reason != NULL ? err.reason : "(none)");
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, src_line,
				"parse fails with the expected errno, line, offset and reason",
				__FILE__, "", CU_FALSE);
}
#define EXPECT_ERROR(text, rc, line, needle) expect_error(text, rc, line, needle, __LINE__)

/* ---- RFC4566 5: lines, order, line ends ------------------------------------------- */

/* RFC4566 5: "An example SDP description is: v=0 o=jdoe 2890844526 2890842807 IN IP4
 * 10.47.16.5 s=SDP Seminar ..."  and "each media behaves as if it were given a
 * "recvonly" attribute." */
static void test_rfc4566_5_parses_the_example_description(void)
{
	size_t len;
	const char *text = sdpt_fixture("rfc4566-5-example.sdp", &len);

	CU_ASSERT_EQUAL_FATAL(sdp_parse(&s, text, len, &err), 0);
	CU_ASSERT_EQUAL(s.version, 0);
	CU_ASSERT_STRING_EQUAL(s.origin.username, "jdoe");
	CU_ASSERT_EQUAL(s.origin.sess_id, 2890844526ULL);
	CU_ASSERT_EQUAL(s.origin.sess_version, 2890842807ULL);
	CU_ASSERT_STRING_EQUAL(s.origin.addr, "10.47.16.5");
	CU_ASSERT_STRING_EQUAL(s.name, "SDP Seminar");
	CU_ASSERT_STRING_EQUAL(s.info, "A Seminar on the session description protocol");
	CU_ASSERT_STRING_EQUAL(s.uri, "http://www.example.com/seminars/sdp.pdf");
	CU_ASSERT_EQUAL(s.n_email, 1);
	CU_ASSERT_STRING_EQUAL(s.email[0], "j.doe@example.com (Jane Doe)");
	CU_ASSERT_STRING_EQUAL(s.conn.addr, "224.2.17.12");
	CU_ASSERT_EQUAL(s.conn.ttl, 127);
	CU_ASSERT_EQUAL(s.time[0].start, 2873397496ULL);
	CU_ASSERT_EQUAL(s.time[0].stop, 2873404696ULL);
	CU_ASSERT_EQUAL(s.n_media, 2);
	CU_ASSERT_STRING_EQUAL(s.media[1].fmt[0], "99");
	CU_ASSERT_EQUAL(sdp_media_dir(&s, &s.media[0]), SDP_DIR_RECVONLY);
	CU_ASSERT_EQUAL(sdp_media_dir(&s, &s.media[1]), SDP_DIR_RECVONLY);
}

/* RFC4566 5: "The sequence CRLF (0x0d0a) is used to end a record, although parsers SHOULD
 * be tolerant and also accept records terminated with a single newline character." */
static void test_rfc4566_5_accepts_bare_lf_and_prints_crlf(void)
{
	const char *lf = HEAD CONN TIME AUDIO "a=rtpmap:0 PCMU/8000\n";

	CU_ASSERT_EQUAL_FATAL(sdp_parse(&s2, lf, strlen(lf), &err), 0);
	CU_ASSERT_EQUAL_FATAL(parse(lf), 0);  /* the CRLF form */
	CU_ASSERT(sdp_session_equal(&s, &s2));
	CU_ASSERT_STRING_EQUAL(sdpt_print(&s2), sdpt_crlf(lf));
}

/* Mixed line ends and a last line without any: both read the same. */
static void test_rfc4566_5_accepts_mixed_line_ends_and_unterminated_last_line(void)
{
	const char *mixed = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\ns=-\r\nc=IN IP4 192.0.2.1\n"
			    "t=0 0\r\nm=audio 49170 RTP/AVP 0";

	CU_ASSERT_EQUAL_FATAL(sdp_parse(&s, mixed, strlen(mixed), &err), 0);
	CU_ASSERT_EQUAL(s.n_media, 1);
	CU_ASSERT_STRING_EQUAL(s.media[0].fmt[0], "0");
	CU_ASSERT_STRING_EQUAL(sdpt_print(&s), sdpt_crlf(HEAD CONN TIME AUDIO));
}

/* RFC4566 5: "a parser SHOULD be tolerant": blank lines after the last record (some stacks
 * end the body with an extra CRLF) are ignored; a blank line inside is not. */
static void test_rfc4566_5_blank_lines_only_at_the_end(void)
{
	CU_ASSERT_EQUAL(parse(HEAD CONN TIME AUDIO "\n\n"), 0);
	CU_ASSERT_EQUAL(s.n_media, 1);
	EXPECT_ERROR(HEAD CONN "\n" TIME AUDIO, EBADMSG, 5, "empty line");
}

/* RFC4566 5: "<type> MUST be exactly one case-significant character" and "Whitespace
 * MUST NOT be used on either side of the "=" sign." */
static void test_rfc4566_5_type_is_one_letter_then_equals(void)
{
	EXPECT_ERROR("v=0\no =- 1 1 IN IP4 192.0.2.1\ns=-\n" TIME, EBADMSG, 2, "<type>=<value>");
	EXPECT_ERROR("v=0\nox=- 1 1 IN IP4 192.0.2.1\ns=-\n" TIME, EBADMSG, 2, "<type>=<value>");
	EXPECT_ERROR(HEAD CONN TIME "m\n", EBADMSG, 6, "<type>=<value>");
	EXPECT_ERROR(HEAD CONN TIME "A=recvonly\n", EBADMSG, 6, "unknown type letter");
}

/* RFC4566 5: "an SDP parser MUST completely ignore any session description that contains
 * a type letter that it does not understand." */
static void test_rfc4566_5_unknown_type_letter_rejects_the_description(void)
{
	EXPECT_ERROR(HEAD CONN TIME "x=whatever\n" AUDIO, EBADMSG, 6, "unknown type letter");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "y=1\n", EBADMSG, 7, "unknown type letter");
}

/* RFC4566 5: "Some lines in each description are REQUIRED and some are OPTIONAL, but all
 * MUST appear in exactly the order given here" */
static void test_rfc4566_5_fields_must_follow_the_fixed_order(void)
{
	EXPECT_ERROR(HEAD TIME CONN AUDIO, EBADMSG, 5, "out of the order");
	EXPECT_ERROR(HEAD "a=recvonly\n" CONN TIME, EBADMSG, 4, "t= missing");
	EXPECT_ERROR(HEAD CONN "u=http://a.example\n" TIME, EBADMSG, 5, "out of the order");
	EXPECT_ERROR(HEAD "p=+1 617 555-6011\ne=a@example.com\n" CONN TIME, EBADMSG, 5,
		     "out of the order");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=sendrecv\nc=IN IP4 192.0.2.2\n", EBADMSG, 8,
		     "out of the order");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "t=0 0\n", EBADMSG, 7, "not allowed in a media");
	EXPECT_ERROR(HEAD CONN TIME "z=2882844526 -1h\nr=7d 1h 0\n", EBADMSG, 7,
		     "out of the order");
}

/* RFC4566 5: v=, o= and s= open every description, in that order. */
static void test_rfc4566_5_v_o_s_come_first(void)
{
	EXPECT_ERROR("o=- 1 1 IN IP4 192.0.2.1\nv=0\n", EBADMSG, 1, "start with v=");
	EXPECT_ERROR("v=0\ns=-\n", EBADMSG, 2, "o= must follow v=");
	EXPECT_ERROR("v=0\no=- 1 1 IN IP4 192.0.2.1\nt=0 0\n", EBADMSG, 3, "s= must follow");
	EXPECT_ERROR("v=0\no=- 1 1 IN IP4 192.0.2.1\n", EBADMSG, 0, "o= or s= missing");
	EXPECT_ERROR("", EBADMSG, 0, "empty description");
}

/* RFC4566 5: "s=  (session name)" is not starred, and "There MUST be one and only one
 * "s=" field per session description."  i=, u=, k= and z= likewise at most once. */
static void test_rfc4566_5_single_fields_appear_once(void)
{
	EXPECT_ERROR(HEAD "s=again\n" CONN TIME, EBADMSG, 4, "only once");
	EXPECT_ERROR(HEAD "u=http://a.example\nu=http://b.example\n" CONN TIME, EBADMSG, 5,
		     "only once");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "i=one\ni=two\n", EBADMSG, 8, "only once");
	EXPECT_ERROR(HEAD CONN CONN TIME, EBADMSG, 5, "only once");
}

/* RFC3264 5: "an SDP message used in the offer/answer model MUST contain exactly one
 * session description." */
static void test_rfc3264_5_one_session_description_only(void)
{
	EXPECT_ERROR(HEAD CONN TIME AUDIO HEAD CONN TIME, EBADMSG, 7, "second v=");
}

/* RFC4566 5: text fields "may contain any octet with the exceptions of 0x00 (Nul), 0x0a
 * (ASCII newline), and 0x0d (ASCII carriage return)." */
static void test_rfc4566_5_nul_and_lone_cr_are_rejected(void)
{
	const char with_nul[] = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=a\0b\r\nt=0 0\r\n";
	const char lone_cr[] = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=a\rb\r\nt=0 0\r\n";

	CU_ASSERT_EQUAL(sdp_parse(&s, with_nul, sizeof with_nul - 1, &err), EBADMSG);
	CU_ASSERT_EQUAL(err.line, 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.reason, "NUL"));
	CU_ASSERT_EQUAL(sdp_parse(&s, lone_cr, sizeof lone_cr - 1, &err), EBADMSG);
	CU_ASSERT_EQUAL(err.line, 3);
	CU_ASSERT_EQUAL(err.offset, 31);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.reason, "CR inside"));
}

/* RFC4566 5: "One or more time descriptions" - a t= line is required. */
static void test_rfc4566_5_time_description_required(void)
{
	EXPECT_ERROR(HEAD CONN, EBADMSG, 0, "t= missing");
	EXPECT_ERROR(HEAD CONN AUDIO, EBADMSG, 5, "t= missing");
	EXPECT_ERROR(HEAD CONN "a=recvonly\n", EBADMSG, 5, "t= missing");
}

/* ---- RFC4566 5.1 - 5.6 ------------------------------------------------------------ */

/* RFC4566 5.1: "This memo defines version 0.  There is no minor version number." */
static void test_rfc4566_5_1_only_version_0(void)
{
	EXPECT_ERROR("v=1\no=- 1 1 IN IP4 192.0.2.1\ns=-\n" TIME, EBADMSG, 1, "version 0");
	EXPECT_ERROR("v=0.1\no=- 1 1 IN IP4 192.0.2.1\ns=-\n" TIME, EBADMSG, 1, "version 0");
}

/* RFC4566 5.2: "o=<username> <sess-id> <sess-version> <nettype> <addrtype>
 * <unicast-address>" */
static void test_rfc4566_5_2_origin_has_six_fields(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("v=0\no=- 0 18446744073709551615 IN IP6 2001:db8::1\ns=-\n"
				    TIME), 0);
	CU_ASSERT_STRING_EQUAL(s.origin.username, "-");
	CU_ASSERT_EQUAL(s.origin.sess_id, 0);
	CU_ASSERT_EQUAL(s.origin.sess_version, UINT64_MAX);
	CU_ASSERT_STRING_EQUAL(s.origin.nettype, "IN");
	CU_ASSERT_STRING_EQUAL(s.origin.addrtype, "IP6");
	CU_ASSERT_STRING_EQUAL(s.origin.addr, "2001:db8::1");
	EXPECT_ERROR("v=0\no=- 1 1 IN IP4\ns=-\n" TIME, EBADMSG, 2, "RFC4566 5.2");
	EXPECT_ERROR("v=0\no=- 1 1 IN IP4 192.0.2.1 extra\ns=-\n" TIME, EBADMSG, 2, "5.2");
	EXPECT_ERROR("v=0\no=-  1 1 IN IP4 192.0.2.1\ns=-\n" TIME, EBADMSG, 2, "5.2");
	EXPECT_ERROR("v=0\no=- x1 1 IN IP4 192.0.2.1\ns=-\n" TIME, EBADMSG, 2, "64 bits");
	EXPECT_ERROR("v=0\no=- 1 18446744073709551616 IN IP4 192.0.2.1\ns=-\n" TIME, EBADMSG, 2,
		     "64 bits");
	EXPECT_ERROR("v=0\no=- 1 1 IN IP4 192.0.2.300\ns=-\n" TIME, EBADMSG, 2, "IPv4");
}

/* RFC4566 5.3: "If a session has no meaningful name, the value "s= " SHOULD be used (i.e.,
 * a single space as the session name)."  DEVIATION: an empty s= is read too (RFC3264 10
 * and RFC5118 4.8 send it); it is printed back empty. */
static void test_rfc4566_5_3_session_name_space_and_empty(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns= \n" TIME), 0);
	CU_ASSERT_STRING_EQUAL(s.name, " ");
	CU_ASSERT_EQUAL_FATAL(parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=\n" TIME), 0);
	CU_ASSERT_STRING_EQUAL(s.name, "");
	SDPT_ASSERT_PRINTS(&s, "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=\n" TIME);
}

/* RFC4566 5.4: "There MUST be at most one session-level "i=" field per session
 * description, and at most one "i=" field per media." */
static void test_rfc4566_5_4_information_at_both_levels(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD "i=session info\n" CONN TIME AUDIO "i=media info\n"), 0);
	CU_ASSERT_STRING_EQUAL(s.info, "session info");
	CU_ASSERT_STRING_EQUAL(s.media[0].info, "media info");
	EXPECT_ERROR(HEAD "i=\n" CONN TIME, EBADMSG, 4, "empty value");
}

/* RFC4566 5.5: "No more than one URI field is allowed per session description." and it
 * "MUST be specified before the first media field." */
static void test_rfc4566_5_5_uri_once_before_media(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD "u=http://www.example.com/seminars/sdp.pdf\n" CONN TIME),
			      0);
	CU_ASSERT_STRING_EQUAL(s.uri, "http://www.example.com/seminars/sdp.pdf");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "u=http://a.example\n", EBADMSG, 7,
		     "not allowed in a media");
}

/* RFC4566 5.6: "More than one email or phone field can be given for a session
 * description." e.g. "e=j.doe@example.com (Jane Doe)", "e=Jane Doe <j.doe@example.com>",
 * "p=+1 617 555-6011" */
static void test_rfc4566_5_6_several_email_and_phone_fields(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD "e=j.doe@example.com (Jane Doe)\n"
				    "e=Jane Doe <j.doe@example.com>\np=+1 617 555-6011\n" CONN TIME),
			      0);
	CU_ASSERT_EQUAL(s.n_email, 2);
	CU_ASSERT_STRING_EQUAL(s.email[1], "Jane Doe <j.doe@example.com>");
	CU_ASSERT_EQUAL(s.n_phone, 1);
	CU_ASSERT_STRING_EQUAL(s.phone[0], "+1 617 555-6011");
	EXPECT_ERROR(HEAD "e=\n" CONN TIME, EBADMSG, 4, "empty value");
	EXPECT_ERROR(HEAD "e=1\ne=2\ne=3\ne=4\ne=5\n" CONN TIME, ENOBUFS, 8,
		     "SDP_MAX_CONTACTS");
}

/* ---- RFC4566 5.7 connection data ------------------------------------------------- */

/* RFC4566 5.7: "c=<nettype> <addrtype> <connection-address>"; for IP4 and IP6 the
 * address may be a domain name (RFC4566 9: unicast-address = ... / FQDN). */
static void test_rfc4566_5_7_unicast_ipv4_ipv6_and_names(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD "c=IN IP6 2001:db8::20\n" TIME), 0);
	CU_ASSERT_STRING_EQUAL(s.conn.addrtype, "IP6");
	CU_ASSERT_STRING_EQUAL(s.conn.addr, "2001:db8::20");
	CU_ASSERT_EQUAL(s.conn.ttl, -1);
	CU_ASSERT_EQUAL(s.conn.count, 0);
	CU_ASSERT_EQUAL_FATAL(parse(HEAD "c=IN IP4 host.anywhere.com\n" TIME), 0);
	CU_ASSERT_STRING_EQUAL(s.conn.addr, "host.anywhere.com");
	CU_ASSERT_EQUAL(parse(HEAD "c=IN IP6 ::ffff:192.0.2.2\n" TIME), 0);
	EXPECT_ERROR(HEAD "c=IN IP4 2001:db8::20\n" TIME, EBADMSG, 4, "IPv4");
	EXPECT_ERROR(HEAD "c=IN IP6 2001:db8:::20:zz\n" TIME, EBADMSG, 4, "IPv6");
	EXPECT_ERROR(HEAD "c=IN IP4 1.2.3\n" TIME, EBADMSG, 4, "IPv4");
	EXPECT_ERROR(HEAD "c=IN IP4\n" TIME, EBADMSG, 4, "RFC4566 5.7");
}

/* RFC5118 4.6: the SDP carries "c=IN IP6 2001:db8::20" - IPv6 addresses in SDP have no
 * brackets, unlike those in SIP URIs. */
static void test_rfc5118_4_6_ipv6_in_brackets_is_rejected(void)
{
	EXPECT_ERROR(HEAD "c=IN IP6 [2001:db8::20]\n" TIME, EBADMSG, 4, "brackets");
}

/* RFC4566 5.7: "c=IN IP4 224.2.36.42/127", "c=IN IP4 224.2.1.1/127/3" and
 * "c=IN IP6 FF15::101/3" */
static void test_rfc4566_5_7_multicast_ttl_and_count(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD "c=IN IP4 224.2.36.42/127\n" TIME AUDIO
				    "c=IN IP4 224.2.1.1/127/3\nc=IN IP6 FF15::101/3\n"), 0);
	CU_ASSERT_EQUAL(s.conn.ttl, 127);
	CU_ASSERT_EQUAL(s.conn.count, 0);
	CU_ASSERT_EQUAL(s.media[0].n_conn, 2);
	CU_ASSERT_STRING_EQUAL(s.media[0].conn[0].addr, "224.2.1.1");
	CU_ASSERT_EQUAL(s.media[0].conn[0].ttl, 127);
	CU_ASSERT_EQUAL(s.media[0].conn[0].count, 3);
	CU_ASSERT_STRING_EQUAL(s.media[0].conn[1].addr, "FF15::101");
	CU_ASSERT_EQUAL(s.media[0].conn[1].ttl, -1);
	CU_ASSERT_EQUAL(s.media[0].conn[1].count, 3);
	SDPT_ASSERT_PRINTS(&s, HEAD "c=IN IP4 224.2.36.42/127\n" TIME AUDIO
			   "c=IN IP4 224.2.1.1/127/3\nc=IN IP6 FF15::101/3\n");
	CU_ASSERT_EQUAL(parse(HEAD "c=IN IP4 224.2.36.42/0\n" TIME), 0);
	CU_ASSERT_EQUAL(s.conn.ttl, 0);
}

/* RFC4566 5.7: "Sessions using an IPv4 multicast connection address MUST also have a time
 * to live (TTL) value present", "TTL values MUST be in the range 0-255", "the TTL value
 * MUST NOT be present for IPv6 multicast", "The slash notation for multiple addresses
 * described above MUST NOT be used for IP unicast addresses." */
static void test_rfc4566_5_7_multicast_rules_enforced(void)
{
	EXPECT_ERROR(HEAD "c=IN IP4 224.2.36.42\n" TIME, EBADMSG, 4, "without /ttl");
	EXPECT_ERROR(HEAD "c=IN IP4 224.2.36.42/256\n" TIME, EBADMSG, 4, "0-255");
	EXPECT_ERROR(HEAD "c=IN IP4 224.2.36.42/127/0\n" TIME, EBADMSG, 4, "count");
	EXPECT_ERROR(HEAD "c=IN IP6 FF15::101/127/3\n" TIME, EBADMSG, 4, "no TTL");
	EXPECT_ERROR(HEAD "c=IN IP4 192.0.2.1/127\n" TIME, EBADMSG, 4, "unicast");
	EXPECT_ERROR(HEAD "c=IN IP6 2001:db8::1/3\n" TIME, EBADMSG, 4, "unicast");
}

/* RFC4566 5.7: multiple addresses "MUST NOT be specified for a session-level "c="
 * field." */
static void test_rfc4566_5_7_no_address_ranges_at_session_level(void)
{
	EXPECT_ERROR(HEAD "c=IN IP4 224.2.1.1/127/3\n" TIME, EBADMSG, 4, "session level");
}

/* RFC4566 5.7: "A session description MUST contain either at least one "c=" field in each
 * media description or a single "c=" field at the session level." */
static void test_rfc4566_5_7_every_media_needs_a_connection(void)
{
	CU_ASSERT_EQUAL(parse(HEAD TIME AUDIO "c=IN IP4 192.0.2.1\n"), 0);
	EXPECT_ERROR(HEAD TIME AUDIO "c=IN IP4 192.0.2.1\n" AUDIO, EBADMSG, 7, "no c=");
	CU_ASSERT_EQUAL(parse(HEAD TIME), 0);  /* no media, nothing to connect */
}

/* RFC4566 5.7: "other values MAY be registered in the future": unknown network and
 * address types are kept as written. */
static void test_rfc4566_5_7_other_network_types_kept(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD "c=ATM NSAP 47.0091.8100.0000/x\n" TIME), 0);
	CU_ASSERT_STRING_EQUAL(s.conn.nettype, "ATM");
	CU_ASSERT_STRING_EQUAL(s.conn.addr, "47.0091.8100.0000/x");
	SDPT_ASSERT_PRINTS(&s, HEAD "c=ATM NSAP 47.0091.8100.0000/x\n" TIME);
}

/* ---- RFC4566 5.8 - 5.12 ---------------------------------------------------------- */

/* RFC4566 5.8: "b=<bwtype>:<bandwidth>", CT and AS defined, "SDP parsers MUST ignore
 * bandwidth fields with unknown modifiers" (we keep them, uninterpreted). */
static void test_rfc4566_5_8_bandwidth_lines(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD CONN "b=CT:128\nb=X-YZ:128\n" TIME AUDIO "b=AS:64\n"), 0);
	CU_ASSERT_EQUAL(s.n_bw, 2);
	CU_ASSERT_STRING_EQUAL(s.bw[0].type, "CT");
	CU_ASSERT_EQUAL(s.bw[0].kbps, 128);
	CU_ASSERT_STRING_EQUAL(s.bw[1].type, "X-YZ");
	CU_ASSERT_STRING_EQUAL(s.media[0].bw[0].type, "AS");
	CU_ASSERT_EQUAL(s.media[0].bw[0].kbps, 64);
	EXPECT_ERROR(HEAD CONN "b=AS\n" TIME, EBADMSG, 5, "RFC4566 5.8");
	EXPECT_ERROR(HEAD CONN "b=AS:fast\n" TIME, EBADMSG, 5, "RFC4566 5.8");
	EXPECT_ERROR(HEAD CONN "b=:64\n" TIME, EBADMSG, 5, "RFC4566 5.8");
	EXPECT_ERROR(HEAD CONN "b=A:1\nb=B:1\nb=C:1\nb=D:1\nb=E:1\n" TIME, ENOBUFS, 9,
		     "SDP_MAX_BANDWIDTHS");
}

/* RFC4566 5.9: "Multiple "t=" lines MAY be used if a session is active at multiple
 * irregularly spaced times" and "If the <start-time> is also zero, the session is
 * regarded as permanent." */
static void test_rfc4566_5_9_several_time_lines(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD CONN "t=3034423619 3042462419\nt=0 0\n"), 0);
	CU_ASSERT_EQUAL(s.n_time, 2);
	CU_ASSERT_EQUAL(s.time[0].start, 3034423619ULL);
	CU_ASSERT_EQUAL(s.time[0].stop, 3042462419ULL);
	CU_ASSERT_EQUAL(s.time[1].start, 0);
	EXPECT_ERROR(HEAD CONN "t=0\n", EBADMSG, 5, "RFC4566 5.9");
	EXPECT_ERROR(HEAD CONN "t=0 0 0\n", EBADMSG, 5, "RFC4566 5.9");
	EXPECT_ERROR(HEAD CONN "t=now 0\n", EBADMSG, 5, "RFC4566 5.9");
}

/* RFC4566 5.10: "t=3034423619 3042462419 r=604800 3600 0 90000" and "the above session
 * announcement could also have been written: r=7d 1h 0 25h" */
static void test_rfc4566_5_10_repeat_times_in_both_notations(void)
{
	int64_t a, b;

	CU_ASSERT_EQUAL_FATAL(parse(HEAD CONN "t=3034423619 3042462419\nr=604800 3600 0 90000\n"
				    "r=7d 1h 0 25h\n"), 0);
	CU_ASSERT_EQUAL(s.time[0].n_repeat, 2);
	CU_ASSERT_STRING_EQUAL(s.time[0].repeat[0], "604800 3600 0 90000");
	CU_ASSERT_STRING_EQUAL(s.time[0].repeat[1], "7d 1h 0 25h");
	const char *w1[] = { "604800", "3600", "0", "90000" };
	const char *w2[] = { "7d", "1h", "0", "25h" };

	for (int i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(sdp_typed_time_parse(w1[i], strlen(w1[i]), &a), 0);
		CU_ASSERT_EQUAL(sdp_typed_time_parse(w2[i], strlen(w2[i]), &b), 0);
		CU_ASSERT_EQUAL(a, b);
	}
	CU_ASSERT_EQUAL(sdp_typed_time_parse("2m", 2, &a), 0);
	CU_ASSERT_EQUAL(a, 120);
	CU_ASSERT_EQUAL(sdp_typed_time_parse("5s", 2, &a), 0);
	CU_ASSERT_EQUAL(a, 5);
	CU_ASSERT_EQUAL(sdp_typed_time_parse("-1h", 3, &a), 0);
	CU_ASSERT_EQUAL(a, -3600);
	/* "Fractional units are not allowed" and one unit letter only */
	CU_ASSERT_EQUAL(sdp_typed_time_parse("1.5h", 4, &a), EBADMSG);
	CU_ASSERT_EQUAL(sdp_typed_time_parse("1hd", 3, &a), EBADMSG);
	CU_ASSERT_EQUAL(sdp_typed_time_parse("h", 1, &a), EBADMSG);
	CU_ASSERT_EQUAL(sdp_typed_time_parse("99999999999999999999", 20, &a), ERANGE);
}

/* RFC4566 9: repeat-fields = %x72 "=" repeat-interval SP typed-time 1*(SP typed-time),
 * and an "r=" line follows a "t=" line. */
static void test_rfc4566_5_10_malformed_repeat_lines(void)
{
	EXPECT_ERROR(HEAD CONN TIME "r=7d 1h\n", EBADMSG, 6, "RFC4566 5.10");
	EXPECT_ERROR(HEAD CONN TIME "r=0 1h 0\n", EBADMSG, 6, "RFC4566 5.10");
	EXPECT_ERROR(HEAD CONN TIME "r=7d -1h 0\n", EBADMSG, 6, "RFC4566 5.10");
	EXPECT_ERROR(HEAD CONN TIME "r=7x 1h 0\n", EBADMSG, 6, "RFC4566 5.10");
	EXPECT_ERROR(HEAD CONN TIME "r=7d  1h 0\n", EBADMSG, 6, "RFC4566 5.10");
	EXPECT_ERROR(HEAD CONN "r=7d 1h 0\n" TIME, EBADMSG, 5, "must follow a t=");
	EXPECT_ERROR(HEAD CONN TIME "r=1 1 1\nr=2 2 2\nr=3 3 3\nr=4 4 4\nr=5 5 5\n", ENOBUFS,
		     10, "SDP_MAX_REPEATS");
}

/* RFC4566 5.11: "z=2882844526 -1h 2898848070 0" */
static void test_rfc4566_5_11_time_zone_adjustments(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD CONN TIME "z=2882844526 -1h 2898848070 0\n"), 0);
	CU_ASSERT_STRING_EQUAL(s.zone, "2882844526 -1h 2898848070 0");
	EXPECT_ERROR(HEAD CONN TIME "z=2882844526\n", EBADMSG, 6, "RFC4566 5.11");
	EXPECT_ERROR(HEAD CONN TIME "z=2882844526 -1h 2898848070\n", EBADMSG, 6, "5.11");
	EXPECT_ERROR(HEAD CONN TIME "z=-2882844526 1h\n", EBADMSG, 6, "5.11");
}

/* RFC4566 5.12: "k=clear:<encryption key>", "k=base64:<encoded encryption key>",
 * "k=uri:<URI to obtain key>", "k=prompt", at session level or per media. */
static void test_rfc4566_5_12_key_methods(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD CONN TIME "k=prompt\n" AUDIO "k=base64:c2VjcmV0\n"), 0);
	CU_ASSERT_STRING_EQUAL(s.key, "prompt");
	CU_ASSERT_STRING_EQUAL(s.media[0].key, "base64:c2VjcmV0");
	CU_ASSERT_EQUAL(parse(HEAD CONN TIME "k=clear:two words\n"), 0);
	CU_ASSERT_EQUAL(parse(HEAD CONN TIME "k=uri:https://example.com/key\n"), 0);
	EXPECT_ERROR(HEAD CONN TIME "k=rot13:abc\n", EBADMSG, 6, "RFC4566 5.12");
	EXPECT_ERROR(HEAD CONN TIME "k=base64:abc\n", EBADMSG, 6, "RFC4566 5.12");
	EXPECT_ERROR(HEAD CONN TIME "k=base64:ab=c\n", EBADMSG, 6, "RFC4566 5.12");
	EXPECT_ERROR(HEAD CONN TIME "k=clear:\n", EBADMSG, 6, "RFC4566 5.12");
}

/* ---- RFC4566 5.13, 5.14 ---------------------------------------------------------- */

/* RFC4566 5.13: "a=<attribute>" and "a=<attribute>:<value>"; "If an attribute is received
 * that is not understood, it MUST be ignored by the receiver." - kept and printed back. */
static void test_rfc4566_5_13_property_value_and_unknown_attributes(void)
{
	const char *text = HEAD CONN TIME "a=recvonly\na=tool:siplab 1.0\n" AUDIO
			   "a=x-unknown:anything: goes here\na=orient:landscape\na=x-flag\n";

	CU_ASSERT_EQUAL_FATAL(parse(text), 0);
	CU_ASSERT_EQUAL(s.n_attr, 2);
	CU_ASSERT_STRING_EQUAL(s.attr[0].name, "recvonly");
	CU_ASSERT_PTR_NULL(s.attr[0].value);
	CU_ASSERT_STRING_EQUAL(s.attr[1].value, "siplab 1.0");
	CU_ASSERT_STRING_EQUAL(s.media[0].attr[0].name, "x-unknown");
	CU_ASSERT_STRING_EQUAL(s.media[0].attr[0].value, "anything: goes here");
	CU_ASSERT_PTR_NOT_NULL(sdp_attr_find(s.media[0].attr, s.media[0].n_attr, "x-flag"));
	CU_ASSERT_PTR_NULL(sdp_attr_find(s.media[0].attr, s.media[0].n_attr, "x-none"));
	SDPT_ASSERT_PRINTS(&s, text);
	EXPECT_ERROR(HEAD CONN TIME "a=\n", EBADMSG, 6, "RFC4566 5.13");
	EXPECT_ERROR(HEAD CONN TIME "a=:value\n", EBADMSG, 6, "RFC4566 5.13");
	EXPECT_ERROR(HEAD CONN TIME "a=tool:\n", EBADMSG, 6, "RFC4566 5.13");
	EXPECT_ERROR(HEAD CONN TIME "a=bad name\n", EBADMSG, 6, "RFC4566 5.13");
}

/* RFC4566 5.14: "m=<media> <port>/<number of ports> <proto> <fmt> ..." - e.g. "m=video
 * 49170/2 RTP/AVP 31"; "udp" formats are media types, not numbers. */
static void test_rfc4566_5_14_media_line_fields(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD CONN TIME "m=video 49170/2 RTP/AVP 31 32\n"
				    "m=application 9 udp wb\nm=audio 0 RTP/SAVP 0\n"), 0);
	CU_ASSERT_EQUAL(s.n_media, 3);
	CU_ASSERT_STRING_EQUAL(s.media[0].type, "video");
	CU_ASSERT_EQUAL(s.media[0].port, 49170);
	CU_ASSERT_EQUAL(s.media[0].n_ports, 2);
	CU_ASSERT_STRING_EQUAL(s.media[0].proto, "RTP/AVP");
	CU_ASSERT_EQUAL(s.media[0].n_fmt, 2);
	CU_ASSERT_STRING_EQUAL(s.media[0].fmt[1], "32");
	CU_ASSERT_STRING_EQUAL(s.media[1].proto, "udp");
	CU_ASSERT_STRING_EQUAL(s.media[1].fmt[0], "wb");
	CU_ASSERT_EQUAL(s.media[2].port, 0);
	CU_ASSERT(sdp_proto_is_rtp(s.media[2].proto));
	CU_ASSERT(!sdp_proto_is_rtp(s.media[1].proto));
}

/* RFC4566 5.14: "If the <proto> sub-field is "RTP/AVP" or "RTP/SAVP" the <fmt> sub-fields
 * contain RTP payload type numbers."  And at least one format (RFC4566 9: 1*(SP fmt)). */
static void test_rfc4566_5_14_malformed_media_lines(void)
{
	EXPECT_ERROR(HEAD CONN TIME "m=audio 49170 RTP/AVP\n", EBADMSG, 6, "RFC4566 5.14");
	EXPECT_ERROR(HEAD CONN TIME "m=audio 49170 RTP/AVP 128\n", EBADMSG, 6, "0-127");
	EXPECT_ERROR(HEAD CONN TIME "m=audio 49170 RTP/AVP PCMU\n", EBADMSG, 6, "0-127");
	EXPECT_ERROR(HEAD CONN TIME "m=audio 65536 RTP/AVP 0\n", EBADMSG, 6, "0-65535");
	EXPECT_ERROR(HEAD CONN TIME "m=audio 49170/0 RTP/AVP 0\n", EBADMSG, 6, "number of ports");
	EXPECT_ERROR(HEAD CONN TIME "m=audio -1 RTP/AVP 0\n", EBADMSG, 6, "0-65535");
	EXPECT_ERROR(HEAD CONN TIME "m=audio 49170 RTP//AVP 0\n", EBADMSG, 6, "RFC4566 5.14");
	EXPECT_ERROR(HEAD CONN TIME "m=audio 49170 RTP/AVP 0 \n", EBADMSG, 6, "token");
	EXPECT_ERROR(HEAD CONN TIME "m=audio 49170 RTP/AVP 0  8\n", EBADMSG, 6, "token");
}

/* ---- RFC4566 6 attributes --------------------------------------------------------- */

/* RFC4566 6: "m=audio 49232 RTP/AVP 98 a=rtpmap:98 L16/16000/2" and "u-law PCM coded
 * single-channel audio sampled at 8 kHz. This is completely defined in the RTP
 * Audio/Video profile as payload type 0, so there is no need for an "a=rtpmap:"" */
static void test_rfc4566_6_rtpmap_explicit_and_static(void)
{
	struct sdp_rtpmap r;

	CU_ASSERT_EQUAL_FATAL(parse(HEAD CONN TIME "m=audio 49230 RTP/AVP 96 97 98 0 8\n"
				    "a=rtpmap:96 L8/8000\na=rtpmap:97 L16/8000\n"
				    "a=rtpmap:98 L16/11025/2\n"), 0);
	const struct sdp_media *m = &s.media[0];

	CU_ASSERT_EQUAL(sdp_media_rtpmap(m, 98, &r), 0);
	CU_ASSERT_EQUAL(r.pt, 98);
	CU_ASSERT_STRING_EQUAL(r.encoding, "L16");
	CU_ASSERT_EQUAL(r.clock_rate, 11025);
	CU_ASSERT_EQUAL(r.channels, 2);
	CU_ASSERT_EQUAL(sdp_media_rtpmap(m, 96, &r), 0);
	CU_ASSERT_EQUAL(r.channels, 1);
	CU_ASSERT_EQUAL(sdp_media_rtpmap(m, 0, &r), 0);
	CU_ASSERT_STRING_EQUAL(r.encoding, "PCMU");
	CU_ASSERT_EQUAL(r.clock_rate, 8000);
	CU_ASSERT_EQUAL(sdp_media_rtpmap(m, 8, &r), 0);
	CU_ASSERT_STRING_EQUAL(r.encoding, "PCMA");
	CU_ASSERT_EQUAL(sdp_media_rtpmap(m, 99, &r), ENOENT);
	CU_ASSERT_EQUAL(sdp_media_rtpmap(m, 2, &r), ENOENT);  /* RFC3551: 2 is reserved */
}

/* RFC3551 6, Table 4 and 5: "0 PCMU A 8,000 1", "8 PCMA A 8,000 1", "10 L16 A 44,100 2",
 * "18 G729 A 8,000 1", "31 H261 V 90,000", "34 H263 V 90,000"; 1, 2 and 19 are reserved,
 * 96-127 dynamic. */
static void test_rfc3551_6_static_payload_types_without_rtpmap(void)
{
	static const struct { unsigned pt; const char *name; uint32_t rate; unsigned ch; } t[] = {
		{ 0, "PCMU", 8000, 1 }, { 8, "PCMA", 8000, 1 }, { 10, "L16", 44100, 2 },
		{ 18, "G729", 8000, 1 }, { 31, "H261", 90000, 1 }, { 34, "H263", 90000, 1 },
	};
	struct sdp_rtpmap r;

	CU_ASSERT_EQUAL_FATAL(parse(HEAD CONN TIME "m=audio 9 RTP/AVP 0 1 2 8 10 18 19 31 34 96\n"),
			      0);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		CU_ASSERT_EQUAL(sdp_media_rtpmap(&s.media[0], t[i].pt, &r), 0);
		CU_ASSERT_STRING_EQUAL(r.encoding, t[i].name);
		CU_ASSERT_EQUAL(r.clock_rate, t[i].rate);
		CU_ASSERT_EQUAL(r.channels, t[i].ch);
	}
	CU_ASSERT_EQUAL(sdp_media_rtpmap(&s.media[0], 1, &r), ENOENT);
	CU_ASSERT_EQUAL(sdp_media_rtpmap(&s.media[0], 19, &r), ENOENT);
	CU_ASSERT_EQUAL(sdp_media_rtpmap(&s.media[0], 96, &r), ENOENT);
}

/* RFC4566 6: "Up to one rtpmap attribute can be defined for each media format specified."
 * and the syntax a=rtpmap:<payload type> <encoding name>/<clock rate> [/<encoding
 * parameters>]. */
static void test_rfc4566_6_malformed_rtpmap_rejected(void)
{
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=rtpmap:0 PCMU/8000\na=rtpmap:0 PCMA/8000\n",
		     EBADMSG, 8, "second rtpmap");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=rtpmap:0 PCMU\n", EBADMSG, 7, "clock rate");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=rtpmap:0 PCMU/0\n", EBADMSG, 7, "clock rate");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=rtpmap:200 PCMU/8000\n", EBADMSG, 7, "0-127");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=rtpmap:0\n", EBADMSG, 7, "payload type");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=rtpmap\n", EBADMSG, 7, "value missing");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=rtpmap:0 PCMU/8000/x\n", EBADMSG, 7, "channels");
	EXPECT_ERROR(HEAD CONN TIME AUDIO
		     "a=rtpmap:0 a-very-long-encoding-name-beyond-the-cap/8000\n", ENOBUFS, 7,
		     "SDP_ENCODING_MAX");
	/* at session level rtpmap has no meaning; it is kept, not checked */
	CU_ASSERT_EQUAL(parse(HEAD CONN TIME "a=rtpmap:junk\n"), 0);
}

/* RFC4566 6: "a=fmtp:<format> <format specific parameters>"; RFC 4733 2.4.1:
 * "a=fmtp:100 0-15,66,70" */
static void test_rfc4566_6_fmtp_by_payload_type(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD CONN TIME "m=audio 12346 RTP/AVP 0 100\n"
				    "a=rtpmap:100 telephone-event/8000\na=fmtp:100 0-15,66,70\n"), 0);
	CU_ASSERT_STRING_EQUAL(sdp_media_fmtp(&s.media[0], 100), "0-15,66,70");
	CU_ASSERT_PTR_NULL(sdp_media_fmtp(&s.media[0], 0));
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=fmtp:100\n", EBADMSG, 7, "RFC4566 6");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=fmtp: 0-15\n", EBADMSG, 7, "RFC4566 6");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=fmtp:100 \n", EBADMSG, 7, "RFC4566 6");
}

/* RFC4566 6: "a=ptime:<packet time> This gives the length of time in milliseconds";
 * RFC3264 5: "The ptime attribute MUST be greater than zero." */
static void test_rfc4566_6_ptime_milliseconds_above_zero(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD CONN TIME AUDIO "a=ptime:30\n"), 0);
	CU_ASSERT_EQUAL(sdp_media_ptime(&s.media[0]), 30);
	CU_ASSERT_EQUAL_FATAL(parse(HEAD CONN TIME AUDIO), 0);
	CU_ASSERT_EQUAL(sdp_media_ptime(&s.media[0]), 0);
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=ptime:0\n", EBADMSG, 7, "above zero");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=ptime:20.5\n", EBADMSG, 7, "above zero");
}

/* RFC4566 6: "If none of the attributes "sendonly", "recvonly", "inactive", and
 * "sendrecv" is present, "sendrecv" SHOULD be assumed"; RFC4566 5: session-level
 * attributes apply "unless overridden by ... an attribute of the same name in the media
 * description." */
static void test_rfc4566_6_direction_default_and_override(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(HEAD CONN TIME "a=sendonly\n" AUDIO AUDIO "a=inactive\n"), 0);
	CU_ASSERT_EQUAL(sdp_media_dir(&s, &s.media[0]), SDP_DIR_SENDONLY);
	CU_ASSERT_EQUAL(sdp_media_dir(&s, &s.media[1]), SDP_DIR_INACTIVE);
	CU_ASSERT_EQUAL(sdp_attrs_dir(s.media[0].attr, s.media[0].n_attr), SDP_DIR_NONE);
	CU_ASSERT_EQUAL_FATAL(parse(HEAD CONN TIME AUDIO AUDIO "a=recvonly\n" AUDIO
				    "a=sendrecv\n"), 0);
	CU_ASSERT_EQUAL(sdp_media_dir(&s, &s.media[0]), SDP_DIR_SENDRECV);
	CU_ASSERT_EQUAL(sdp_media_dir(&s, &s.media[1]), SDP_DIR_RECVONLY);
	CU_ASSERT_EQUAL(sdp_media_dir(&s, &s.media[2]), SDP_DIR_SENDRECV);
	CU_ASSERT_STRING_EQUAL(sdp_dir_name(SDP_DIR_INACTIVE), "inactive");
	CU_ASSERT_STRING_EQUAL(sdp_dir_name(SDP_DIR_NONE), "");
	CU_ASSERT_STRING_EQUAL(sdp_dir_name((enum sdp_dir)42), "");
}

/* RFC4566 6: the direction attributes are property attributes ("a=recvonly"); two of
 * them at one level contradict each other. */
static void test_rfc4566_6_direction_is_a_single_flag(void)
{
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=sendonly\na=recvonly\n", EBADMSG, 8,
		     "two direction");
	EXPECT_ERROR(HEAD CONN TIME AUDIO "a=sendonly:yes\n", EBADMSG, 7, "no value");
	CU_ASSERT_EQUAL(parse(HEAD CONN TIME "a=sendonly\n" AUDIO "a=recvonly\n"), 0);
}

/* RFC4566 9: "token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A /
 * %x5E-7E", "FQDN = 4*(alpha-numeric / "-" / ".")", "base64-pad = 2base64-char "==" /
 * 3base64-char "="", "proto = token *("/" token)". */
static void test_rfc4566_9_grammar_of_tokens_names_and_keys(void)
{
	CU_ASSERT_EQUAL(parse(HEAD CONN TIME "a=x-~!#$%&'*+-.^_`{|}\n"), 0);
	EXPECT_ERROR(HEAD CONN TIME "a=x\"y\n", EBADMSG, 6, "RFC4566 5.13");
	EXPECT_ERROR(HEAD CONN TIME "a=x(y)\n", EBADMSG, 6, "RFC4566 5.13");
	EXPECT_ERROR(HEAD CONN TIME "m=au/dio 9 RTP/AVP 0\n", EBADMSG, 6, "RFC4566 5.14");
	CU_ASSERT_EQUAL(parse(HEAD "c=IN IP4 host\n" TIME), 0);
	EXPECT_ERROR(HEAD "c=IN IP4 a.b\n" TIME, EBADMSG, 4, "IPv4");
	EXPECT_ERROR(HEAD "c=IN IP4 host_name\n" TIME, EBADMSG, 4, "IPv4");
	CU_ASSERT_EQUAL(parse(HEAD CONN TIME "k=base64:YWI=\n"), 0);
	CU_ASSERT_EQUAL(parse(HEAD CONN TIME "k=base64:YQ==\n"), 0);
	CU_ASSERT_EQUAL(parse(HEAD CONN TIME "k=base64:\n"), 0);  /* *base64-unit: may be empty */
	EXPECT_ERROR(HEAD CONN TIME "k=base64:Y===\n", EBADMSG, 6, "RFC4566 5.12");
	EXPECT_ERROR(HEAD CONN TIME "k=base64:YW I=\n", EBADMSG, 6, "RFC4566 5.12");
	CU_ASSERT_EQUAL(parse(HEAD CONN TIME "m=audio 9 UDP/TLS/RTP/SAVPF 0\n"), 0);
	CU_ASSERT(sdp_proto_is_rtp(s.media[0].proto));
}

static const struct th_test lines_tests[] = {
	TH_TEST(test_rfc4566_5_parses_the_example_description),
	TH_TEST(test_rfc4566_5_accepts_bare_lf_and_prints_crlf),
	TH_TEST(test_rfc4566_5_accepts_mixed_line_ends_and_unterminated_last_line),
	TH_TEST(test_rfc4566_5_blank_lines_only_at_the_end),
	TH_TEST(test_rfc4566_5_type_is_one_letter_then_equals),
	TH_TEST(test_rfc4566_5_unknown_type_letter_rejects_the_description),
	TH_TEST(test_rfc4566_5_fields_must_follow_the_fixed_order),
	TH_TEST(test_rfc4566_5_v_o_s_come_first),
	TH_TEST(test_rfc4566_5_single_fields_appear_once),
	TH_TEST(test_rfc3264_5_one_session_description_only),
	TH_TEST(test_rfc4566_5_nul_and_lone_cr_are_rejected),
	TH_TEST(test_rfc4566_5_time_description_required),
	TH_END
};

static const struct th_test field_tests[] = {
	TH_TEST(test_rfc4566_5_1_only_version_0),
	TH_TEST(test_rfc4566_5_2_origin_has_six_fields),
	TH_TEST(test_rfc4566_5_3_session_name_space_and_empty),
	TH_TEST(test_rfc4566_5_4_information_at_both_levels),
	TH_TEST(test_rfc4566_5_5_uri_once_before_media),
	TH_TEST(test_rfc4566_5_6_several_email_and_phone_fields),
	TH_END
};

static const struct th_test conn_tests[] = {
	TH_TEST(test_rfc4566_5_7_unicast_ipv4_ipv6_and_names),
	TH_TEST(test_rfc5118_4_6_ipv6_in_brackets_is_rejected),
	TH_TEST(test_rfc4566_5_7_multicast_ttl_and_count),
	TH_TEST(test_rfc4566_5_7_multicast_rules_enforced),
	TH_TEST(test_rfc4566_5_7_no_address_ranges_at_session_level),
	TH_TEST(test_rfc4566_5_7_every_media_needs_a_connection),
	TH_TEST(test_rfc4566_5_7_other_network_types_kept),
	TH_END
};

static const struct th_test timing_tests[] = {
	TH_TEST(test_rfc4566_5_8_bandwidth_lines),
	TH_TEST(test_rfc4566_5_9_several_time_lines),
	TH_TEST(test_rfc4566_5_10_repeat_times_in_both_notations),
	TH_TEST(test_rfc4566_5_10_malformed_repeat_lines),
	TH_TEST(test_rfc4566_5_11_time_zone_adjustments),
	TH_TEST(test_rfc4566_5_12_key_methods),
	TH_END
};

static const struct th_test media_tests[] = {
	TH_TEST(test_rfc4566_5_13_property_value_and_unknown_attributes),
	TH_TEST(test_rfc4566_5_14_media_line_fields),
	TH_TEST(test_rfc4566_5_14_malformed_media_lines),
	TH_END
};

static const struct th_test attr_tests[] = {
	TH_TEST(test_rfc4566_6_rtpmap_explicit_and_static),
	TH_TEST(test_rfc3551_6_static_payload_types_without_rtpmap),
	TH_TEST(test_rfc4566_6_malformed_rtpmap_rejected),
	TH_TEST(test_rfc4566_6_fmtp_by_payload_type),
	TH_TEST(test_rfc4566_6_ptime_milliseconds_above_zero),
	TH_TEST(test_rfc4566_6_direction_default_and_override),
	TH_TEST(test_rfc4566_6_direction_is_a_single_flag),
	TH_TEST(test_rfc4566_9_grammar_of_tokens_names_and_keys),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC4566 5 SDP specification: records, order, line ends", lines_tests, setup, NULL },
	{ "RFC4566 5.1-5.6 v= o= s= i= u= e= p=", field_tests, setup, NULL },
	{ "RFC4566 5.7 Connection data (c=)", conn_tests, setup, NULL },
	{ "RFC4566 5.8-5.12 b= t= r= z= k=", timing_tests, setup, NULL },
	{ "RFC4566 5.13-5.14 Attributes and media descriptions", media_tests, setup, NULL },
	{ "RFC4566 6 SDP attributes: rtpmap, fmtp, ptime, direction", attr_tests, setup, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
