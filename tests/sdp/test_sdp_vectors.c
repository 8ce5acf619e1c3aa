/* tests/sdp/test_sdp_vectors.c - whole descriptions: round trips, the SDP bodies of the
 * RFC 5118 and RFC 4475 torture messages, capacities, and guard-page runs of the parser.
 *
 * Fixtures live in tests/sdp/fixtures/.  The rfc5118-*.sdp files are the bodies of the
 * RFC 5118 archive messages, cut after the blank line, with the archive's bare LF line
 * ends; rfc4475-sdp01.sdp is the CRLF body of RFC 4475 sdp01.  The others are written in
 * the canonical CRLF form, so printing them back must give the same bytes.
 */
#include "sdp/sdp.h"
#include "tests/sdp/sdp_testlib.h"
#include "tests/support/guard.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct sdp_session s, s2;
static struct sdp_error err;

/* Canonical CRLF fixtures: print(parse(x)) == x. */
static const char *const canonical[] = {
	"rfc4566-5-example.sdp", "all-fields.sdp", "rfc4733-2-5-1-1-events.sdp",
	"phone-offer.sdp",
};

/* Every fixture that parses, in whatever line-end form it is stored. */
static const char *const valid[] = {
	"rfc4566-5-example.sdp", "all-fields.sdp", "rfc4733-2-5-1-1-events.sdp",
	"phone-offer.sdp", "rfc5118-ipv6-in-sdp.sdp", "rfc5118-mult-ip-in-sdp.sdp",
	"rfc5118-ipv4-mapped-ipv6.sdp",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void setup(void)
{
	memset(&err, 0, sizeof err);
}

/* ---- round trips ------------------------------------------------------------------ */

/* RFC4566 5: "The sequence CRLF (0x0d0a) is used to end a record" and the fields appear
 * "in exactly the order given here": so a description written that way prints back
 * byte for byte, unknown attributes included. */
static void test_rfc4566_5_canonical_input_prints_byte_identical(void)
{
	for (size_t i = 0; i < N(canonical); i++) {
		size_t len;
		const char *text = sdpt_fixture(canonical[i], &len);

		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		CU_ASSERT_EQUAL(sdp_parse(&s, text, len, &err), 0);
		CU_ASSERT_STRING_EQUAL(sdpt_print(&s), text);
	}
}

/* parse -> print -> parse gives an equal session for every valid fixture, whatever its
 * line ends were. */
static void test_rfc4566_5_parse_print_parse_is_stable(void)
{
	for (size_t i = 0; i < N(valid); i++) {
		size_t len;
		const char *text = sdpt_fixture(valid[i], &len);

		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		CU_ASSERT_EQUAL_FATAL(sdp_parse(&s, text, len, &err), 0);
		const char *printed = sdpt_print(&s);

		CU_ASSERT_EQUAL(sdp_parse(&s2, printed, strlen(printed), &err), 0);
		CU_ASSERT(sdp_session_equal(&s, &s2));
		CU_ASSERT_STRING_EQUAL(sdpt_print(&s2), printed);
	}
}

/* The pool design: a copy owns its strings.  Wiping the original leaves it intact. */
static void test_impl_copy_is_independent_of_the_original(void)
{
	size_t len;
	const char *text = sdpt_fixture("all-fields.sdp", &len);

	CU_ASSERT_EQUAL_FATAL(sdp_parse(&s, text, len, &err), 0);
	sdp_session_copy(&s2, &s);
	CU_ASSERT(sdp_session_equal(&s, &s2));
	memset(&s, 0x5A, sizeof s);
	CU_ASSERT_STRING_EQUAL(sdpt_print(&s2), text);
	sdp_session_copy(&s2, &s2);  /* copying onto itself changes nothing */
	CU_ASSERT_STRING_EQUAL(sdpt_print(&s2), text);
}

/* sdp_session_equal looks at every field: one changed value anywhere makes a difference. */
static void test_impl_equal_notices_any_field(void)
{
	static const char *const edits[][2] = {  /* a line of all-fields.sdp, and a variant */
		{ "o=jdoe 2890844526 2890842807", "o=jdoe 2890844526 2890842808" },
		{ "s=SDP Seminar", "s=SDP seminar" },
		{ "i=A Seminar", "i=a Seminar" },
		{ "u=http://www.example.com/seminars/sdp.pdf", "u=http://www.example.com/sdp" },
		{ "e=Jane Doe <j.doe@example.com>", "e=Jane Doe <j.doe@example.org>" },
		{ "p=+1 617 555-6011", "p=+1 617 555-6012" },
		{ "c=IN IP4 224.2.17.12/127", "c=IN IP4 224.2.17.12/126" },
		{ "b=CT:128", "b=CT:129" },
		{ "r=7d 1h 0 25h", "r=7d 1h 0 26h" },
		{ "z=2882844526 -1h", "z=2882844526 -2h" },
		{ "a=tool:siplab 1.0", "a=tool:siplab 1.1" },
		{ "m=audio 49170 RTP/AVP 0 98", "m=audio 49170 RTP/AVP 98 0" },
		{ "i=the speaker", "i=the singer" },
		{ "c=IN IP4 224.2.1.1/127/3", "c=IN IP4 224.2.1.1/127/4" },
		{ "k=base64:c2VjcmV0", "k=base64:c2VjcmVu" },
		{ "a=ptime:20", "a=ptime:30" },
		{ "m=video 49170/2 RTP/AVP 31", "m=video 49170/3 RTP/AVP 31" },
		{ "a=orient:landscape", "a=orient:portrait" },
		{ "m=application 9 udp wb", "m=application 9 udp wc" },
	};
	size_t len;
	const char *text = sdpt_fixture("all-fields.sdp", &len);
	static char edited[SDP_TEXT_MAX];

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL_FATAL(sdp_parse(&s, text, len, &err), 0);
	for (size_t i = 0; i < N(edits); i++) {
		const char *at = strstr(text, edits[i][0]);

		CU_ASSERT_PTR_NOT_NULL_FATAL(at);
		int n = snprintf(edited, sizeof edited, "%.*s%s%s", (int)(at - text), text,
				 edits[i][1], at + strlen(edits[i][0]));

		CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof edited);
		CU_ASSERT_EQUAL_FATAL(sdp_parse(&s2, edited, (size_t)n, &err), 0);
		if (sdp_session_equal(&s, &s2))
			printf("\nedit not noticed: %s\n", edits[i][1]);
		CU_ASSERT(!sdp_session_equal(&s, &s2));
	}
}

/* ---- RFC 5118, RFC 4475, RFC 3264 9 ------------------------------------------------ */

/* RFC5118 4.6: "This request contains an IPv6 address in the SDP body" -
 * "c=IN IP6 2001:db8::20" with no brackets. */
static void test_rfc5118_4_6_ipv6_in_sdp_body(void)
{
	size_t len;
	const char *text = sdpt_fixture("rfc5118-ipv6-in-sdp.sdp", &len);
	struct sdp_rtpmap r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL_FATAL(sdp_parse(&s, text, len, &err), 0);
	CU_ASSERT_EQUAL(s.origin.sess_id, 971731711378798081ULL);
	CU_ASSERT_STRING_EQUAL(s.origin.addrtype, "IP6");
	CU_ASSERT_STRING_EQUAL(s.origin.addr, "2001:db8::20");
	CU_ASSERT_STRING_EQUAL(s.name, "Live video feed for today's meeting");
	CU_ASSERT_STRING_EQUAL(s.conn.addrtype, "IP6");
	CU_ASSERT_STRING_EQUAL(s.conn.addr, "2001:db8::20");
	CU_ASSERT_EQUAL(s.time[0].start, 3338481189ULL);
	CU_ASSERT_EQUAL(s.time[0].stop, 3370017201ULL);
	CU_ASSERT_EQUAL_FATAL(s.n_media, 2);
	CU_ASSERT_EQUAL(s.media[0].port, 6000);
	CU_ASSERT_EQUAL(sdp_media_rtpmap(&s.media[0], 2, &r), 0);
	CU_ASSERT_STRING_EQUAL(r.encoding, "G726-32");
	CU_ASSERT_EQUAL(s.media[1].port, 6024);
	CU_ASSERT_EQUAL(sdp_media_rtpmap(&s.media[1], 107, &r), 0);
	CU_ASSERT_STRING_EQUAL(r.encoding, "H263-1998");
	CU_ASSERT_EQUAL(r.clock_rate, 90000);
	CU_ASSERT_STRING_EQUAL(sdpt_print(&s), sdpt_crlf(text));
}

/* RFC5118 4.8: "This request contains multiple IP addresses in the SDP body" - one
 * media stream on IPv4, the other on IPv6, and no session-level c=. */
static void test_rfc5118_4_8_one_ipv4_and_one_ipv6_stream(void)
{
	size_t len;
	const char *text = sdpt_fixture("rfc5118-mult-ip-in-sdp.sdp", &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL_FATAL(sdp_parse(&s, text, len, &err), 0);
	CU_ASSERT(!s.has_conn);
	CU_ASSERT_STRING_EQUAL(s.name, "");
	CU_ASSERT_EQUAL_FATAL(s.n_media, 2);
	const struct sdp_conn *a = sdp_media_conn(&s, &s.media[0]);
	const struct sdp_conn *v = sdp_media_conn(&s, &s.media[1]);

	CU_ASSERT_STRING_EQUAL(a->addrtype, "IP4");
	CU_ASSERT_STRING_EQUAL(a->addr, "192.0.2.1");
	CU_ASSERT_STRING_EQUAL(v->addrtype, "IP6");
	CU_ASSERT_STRING_EQUAL(v->addr, "2001:db8::1");
	CU_ASSERT_STRING_EQUAL(sdpt_print(&s), sdpt_crlf(text));
}

/* RFC5118 4.9: "This request contains IPv4-mapped IPv6 addresses" -
 * "c=IN IP6 ::ffff:192.0.2.2". */
static void test_rfc5118_4_9_ipv4_mapped_ipv6_address(void)
{
	size_t len;
	const char *text = sdpt_fixture("rfc5118-ipv4-mapped-ipv6.sdp", &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL_FATAL(sdp_parse(&s, text, len, &err), 0);
	CU_ASSERT_STRING_EQUAL(s.origin.addr, "::ffff:192.0.2.2");
	CU_ASSERT_STRING_EQUAL(s.conn.addrtype, "IP6");
	CU_ASSERT_STRING_EQUAL(s.conn.addr, "::ffff:192.0.2.2");
	CU_ASSERT_STRING_EQUAL(s.name, "Call me soon, please!");
	CU_ASSERT_STRING_EQUAL(sdpt_print(&s), sdpt_crlf(text));
}

/* RFC4475 3.3.15 (sdp01) is about the Accept header; its SDP body also carries
 * "a=rtpmap:31 LPC" with no clock rate, which RFC4566 6 requires
 * ("a=rtpmap:<payload type> <encoding name>/<clock rate>").  We reject it with the line,
 * and RFC 4475 itself finds 400 an appropriate answer to the message. */
static void test_rfc4475_3_3_15_sdp01_body_rtpmap_without_clock_rate(void)
{
	size_t len;
	const char *text = sdpt_fixture("rfc4475-sdp01.sdp", &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(len, 150);  /* its Content-Length */
	CU_ASSERT_EQUAL(sdp_parse(&s, text, len, &err), EBADMSG);
	CU_ASSERT_EQUAL(err.line, 8);
	CU_ASSERT_EQUAL(err.offset, 133);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.reason, "clock rate"));
}

/* RFC3264 9, Figure 1 writes "t=0 0" before "c=", against the order of RFC4566 5 (and of
 * RFC 2327 before it).  Read verbatim it is rejected at the c= line; in the right order
 * it parses, port 0 on both streams as 9 demands ("The port MUST be set to zero"). */
static void test_rfc3264_9_capabilities_figure_breaks_field_order(void)
{
	size_t len;
	const char *text = sdpt_fixture("rfc3264-9-capabilities-bad-order.sdp", &len);
	const char *fixed = "v=0\n"
			    "o=carol 28908764872 28908764872 IN IP4 100.3.6.6\n"
			    "s=-\n"
			    "c=IN IP4 192.0.2.4\n"
			    "t=0 0\n"
			    "m=audio 0 RTP/AVP 0 1 3\n"
			    "a=rtpmap:0 PCMU/8000\n"
			    "a=rtpmap:1 1016/8000\n"
			    "a=rtpmap:3 GSM/8000\n"
			    "m=video 0 RTP/AVP 31 34\n"
			    "a=rtpmap:31 H261/90000\n"
			    "a=rtpmap:34 H263/90000\n";

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(sdp_parse(&s, text, len, &err), EBADMSG);
	CU_ASSERT_EQUAL(err.line, 5);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.reason, "out of the order"));
	CU_ASSERT_EQUAL_FATAL(sdp_parse(&s, fixed, strlen(fixed), &err), 0);
	CU_ASSERT_EQUAL(s.origin.sess_id, 28908764872ULL);
	CU_ASSERT_EQUAL(s.media[0].port, 0);
	CU_ASSERT_EQUAL(s.media[0].n_fmt, 3);
	CU_ASSERT_EQUAL(s.media[1].port, 0);
}

/* ---- capacities: ENOBUFS, never a crash ------------------------------------------- */

#define HEAD "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"

static void test_impl_too_many_media_sections_is_enobufs(void)
{
	static char text[4096];
	size_t n = (size_t)snprintf(text, sizeof text, "%s", HEAD);

	for (int i = 0; i <= SDP_MAX_MEDIA; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "m=audio %d RTP/AVP 0\r\n", 2000 + i);
	CU_ASSERT_EQUAL(sdp_parse(&s, text, n, &err), ENOBUFS);
	CU_ASSERT_EQUAL(err.line, 6 + SDP_MAX_MEDIA);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.reason, "SDP_MAX_MEDIA"));
}

static void test_impl_too_many_formats_and_attributes_is_enobufs(void)
{
	static char text[4096];
	size_t n = (size_t)snprintf(text, sizeof text, "%sm=audio 9 RTP/AVP", HEAD);

	for (int i = 0; i <= SDP_MAX_FORMATS; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, " %d", 64 + i);
	n += (size_t)snprintf(text + n, sizeof text - n, "\r\n");
	CU_ASSERT_EQUAL(sdp_parse(&s, text, n, &err), ENOBUFS);
	CU_ASSERT_EQUAL(err.line, 6);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.reason, "SDP_MAX_FORMATS"));
	n = (size_t)snprintf(text, sizeof text, "%sm=audio 9 RTP/AVP 0\r\n", HEAD);
	for (int i = 0; i <= SDP_MAX_ATTRS; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "a=x-%d\r\n", i);
	CU_ASSERT_EQUAL(sdp_parse(&s, text, n, &err), ENOBUFS);
	CU_ASSERT_EQUAL(err.line, 7 + SDP_MAX_ATTRS);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.reason, "SDP_MAX_ATTRS"));
	n = (size_t)snprintf(text, sizeof text, "%sm=audio 9 RTP/AVP 0\r\n", HEAD);
	for (int i = 0; i <= SDP_MAX_CONNS; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "c=IN IP4 192.0.2.%d\r\n", i + 1);
	CU_ASSERT_EQUAL(sdp_parse(&s, text, n, &err), ENOBUFS);
	n = (size_t)snprintf(text, sizeof text, "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n");
	for (int i = 0; i <= SDP_MAX_TIMES; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "t=0 0\r\n");
	CU_ASSERT_EQUAL(sdp_parse(&s, text, n, &err), ENOBUFS);
	CU_ASSERT_EQUAL(err.line, 4 + SDP_MAX_TIMES);
}

static void test_impl_text_longer_than_the_pool_is_enobufs(void)
{
	static char text[SDP_TEXT_MAX + 16];

	memset(text, 'a', sizeof text);
	memcpy(text, HEAD, strlen(HEAD));
	CU_ASSERT_EQUAL(sdp_parse(&s, text, SDP_TEXT_MAX, &err), ENOBUFS);
	CU_ASSERT_EQUAL(err.line, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.reason, "SDP_TEXT_MAX"));
	CU_ASSERT_EQUAL(sdp_parse(&s, NULL, 5, &err), EINVAL);
}

/* DESIGN.md: "Output is written into caller-owned buffers with an overflow flag checked
 * once at the end."  Too small: ENOBUFS and the size needed; exactly enough: success. */
static void test_impl_print_reports_the_size_it_needs(void)
{
	size_t len, need;
	const char *text = sdpt_fixture("phone-offer.sdp", &len);
	static char buf[1024];

	CU_ASSERT_EQUAL_FATAL(sdp_parse(&s, text, len, &err), 0);
	CU_ASSERT_EQUAL(sdp_print(&s, NULL, 0, &need), ENOBUFS);
	CU_ASSERT_EQUAL(need, len);
	memset(buf, '#', sizeof buf);
	CU_ASSERT_EQUAL(sdp_print(&s, buf, need, &need), ENOBUFS);  /* no room for the NUL */
	CU_ASSERT_EQUAL(buf[need], '#');
	CU_ASSERT_EQUAL(sdp_print(&s, buf, need + 1, NULL), 0);
	CU_ASSERT_EQUAL(memcmp(buf, text, len), 0);
	CU_ASSERT_EQUAL(buf[len], '\0');
}

/* Builders fail with ENOBUFS when an array or the pool is full, never write past it. */
static void test_impl_builders_report_full_arrays_and_pool(void)
{
	static char big[SDP_TEXT_MAX];
	struct sdp_media *m = NULL;
	struct sdp_rtpmap r = { .pt = 96, .encoding = "opus", .clock_rate = 48000, .channels = 2 };

	sdp_session_init(&s);
	for (int i = 0; i < SDP_MAX_MEDIA; i++)
		CU_ASSERT_EQUAL(sdp_session_add_media(&s, "audio", 9, "RTP/AVP", &m), 0);
	CU_ASSERT_EQUAL(sdp_session_add_media(&s, "audio", 9, "RTP/AVP", NULL), ENOBUFS);
	CU_ASSERT_EQUAL(sdp_session_add_media(&s, "bad type", 9, "RTP/AVP", NULL), EINVAL);
	CU_ASSERT_EQUAL_FATAL(m != NULL, 1);
	for (int i = 0; i < SDP_MAX_FORMATS; i++)
		CU_ASSERT_EQUAL(sdp_media_add_format(&s, m, "0"), 0);
	CU_ASSERT_EQUAL(sdp_media_add_format(&s, m, "0"), ENOBUFS);
	CU_ASSERT_EQUAL(sdp_media_add_rtpmap(&s, m, &r), 0);
	CU_ASSERT_STRING_EQUAL(m->attr[0].value, "96 opus/48000/2");
	r.pt = 128;
	CU_ASSERT_EQUAL(sdp_media_add_rtpmap(&s, m, &r), EINVAL);
	CU_ASSERT_EQUAL(sdp_media_add_fmtp(&s, m, 96, "a\r\nb"), EINVAL);
	CU_ASSERT_EQUAL(sdp_media_add_fmtp(&s, m, 96, "useinbandfec=1"), 0);
	CU_ASSERT_STRING_EQUAL(sdp_media_fmtp(m, 96), "useinbandfec=1");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CU_ASSERT_PTR_NULL(sdp_session_strdup(&s, big));
	CU_ASSERT_EQUAL(sdp_attr_add(&s, NULL, "x", big), ENOBUFS);
	CU_ASSERT_EQUAL(sdp_media_add_fmtp(&s, m, 96, big), ENOBUFS);
	while (sdp_attr_add(&s, m, "x-fill", NULL) == 0)
		;
	CU_ASSERT_EQUAL(m->n_attr, SDP_MAX_ATTRS);
	CU_ASSERT_EQUAL(sdp_media_set_dir(m, SDP_DIR_SENDONLY), ENOBUFS);
	CU_ASSERT_EQUAL(sdp_media_add_fmtp(&s, m, 96, "x=1"), ENOBUFS);
	CU_ASSERT(s.text_used <= SDP_TEXT_MAX);
}

/* sdp_media_set_dir replaces, adds and removes the one direction attribute. */
static void test_impl_set_dir_replaces_adds_removes(void)
{
	struct sdp_media *m;

	sdp_session_init(&s);
	CU_ASSERT_EQUAL_FATAL(sdp_session_add_media(&s, "audio", 9, "RTP/AVP", &m), 0);
	CU_ASSERT_EQUAL(sdp_media_add_format(&s, m, "0"), 0);
	CU_ASSERT_EQUAL(sdp_attr_add(&s, m, "ptime", "20"), 0);
	CU_ASSERT_EQUAL(sdp_media_set_dir(m, SDP_DIR_NONE), 0);
	CU_ASSERT_EQUAL(m->n_attr, 1);
	CU_ASSERT_EQUAL(sdp_media_set_dir(m, SDP_DIR_SENDONLY), 0);
	CU_ASSERT_EQUAL(sdp_media_set_dir(m, SDP_DIR_INACTIVE), 0);
	CU_ASSERT_EQUAL(m->n_attr, 2);
	CU_ASSERT_EQUAL(sdp_media_dir(&s, m), SDP_DIR_INACTIVE);
	CU_ASSERT_EQUAL(sdp_attr_add(&s, m, "x-after", NULL), 0);
	CU_ASSERT_EQUAL(sdp_media_set_dir(m, SDP_DIR_NONE), 0);
	CU_ASSERT_EQUAL(m->n_attr, 2);
	CU_ASSERT_STRING_EQUAL(m->attr[1].name, "x-after");
	SDPT_ASSERT_PRINTS(&s, "v=0\no=- 0 0 IN IP4 127.0.0.1\ns=-\nt=0 0\nm=audio 9 RTP/AVP 0\n"
			   "a=ptime:20\na=x-after\n");
}

/* ---- guard pages ------------------------------------------------------------------ */

/* STYLE.md 2: every input is placed right before a PROT_NONE page, so a read past its
 * end faults.  Every prefix of every fixture is parsed that way: cut anywhere, the parser
 * answers 0 or an error, and never looks beyond the last byte.  The session is on the
 * heap with its pool uninitialised, so valgrind also sees any read of the pool beyond what
 * the parser wrote. */
static void test_impl_guard_every_prefix_of_every_fixture(void)
{
	static const char *const all[] = {
		"rfc4566-5-example.sdp", "all-fields.sdp", "rfc4733-2-5-1-1-events.sdp",
		"phone-offer.sdp", "rfc5118-ipv6-in-sdp.sdp", "rfc5118-mult-ip-in-sdp.sdp",
		"rfc5118-ipv4-mapped-ipv6.sdp", "rfc4475-sdp01.sdp",
		"rfc3264-9-capabilities-bad-order.sdp",
	};
	unsigned ok = 0, failed = 0, odd = 0;
	struct sdp_session *hs = malloc(sizeof *hs);

	CU_ASSERT_PTR_NOT_NULL_FATAL(hs);
	for (size_t i = 0; i < N(all); i++) {
		size_t len;
		const char *text = sdpt_fixture(all[i], &len);

		CU_ASSERT_PTR_NOT_NULL(text);
		for (size_t cut = 0; text != NULL && cut <= len; cut++) {
			struct th_guard g;

			if (th_guard_init(&g, text, cut) != 0) {
				odd++;
				continue;
			}
			int rc = sdp_parse(hs, g.data, g.len, &err);

			if (rc == 0)
				sdpt_print(hs);  /* and every field it stored is readable */
			th_guard_fini(&g);
			ok += rc == 0;
			failed += rc == EBADMSG;
			odd += rc != 0 && rc != EBADMSG;
		}
	}
	free(hs);
	CU_ASSERT_EQUAL(odd, 0);
	CU_ASSERT(ok > 0 && failed > 0);
}

/* The parser also works inside the session's own pool: put the session itself right
 * before a guard page and give it the longest input it takes (SDP_TEXT_MAX - 1 bytes,
 * last line unterminated), so the pool is full to its last byte. */
static void test_impl_guard_full_pool_at_the_end_of_the_session(void)
{
	static const char zero[sizeof(struct sdp_session)];
	static char text[SDP_TEXT_MAX];
	const char *head = HEAD "m=audio 9 RTP/AVP 0\r\na=x-pad:";
	size_t hl = strlen(head);
	struct th_guard g, in;

	CU_ASSERT_EQUAL_FATAL(th_guard_init(&g, zero, sizeof zero), 0);
	struct sdp_session *gs = (struct sdp_session *)(void *)(uintptr_t)g.data;

	memcpy(text, head, hl);
	memset(text + hl, 'p', SDP_TEXT_MAX - 1 - hl);
	CU_ASSERT_EQUAL(th_guard_init(&in, text, SDP_TEXT_MAX - 1), 0);
	CU_ASSERT_EQUAL(sdp_parse(gs, in.data, in.len, &err), 0);
	CU_ASSERT_EQUAL(gs->text_used, SDP_TEXT_MAX);
	CU_ASSERT_EQUAL(strlen(gs->media[0].attr[0].value), SDP_TEXT_MAX - 1 - hl);
	CU_ASSERT_PTR_NULL(sdp_session_strdup(gs, ""));
	CU_ASSERT_EQUAL(sdp_session_equal(gs, gs), 1);
	th_guard_fini(&in);
	text[SDP_TEXT_MAX - 3] = '\r';  /* a lone CR next to the end */
	CU_ASSERT_EQUAL(th_guard_init(&in, text, SDP_TEXT_MAX - 1), 0);
	CU_ASSERT_EQUAL(sdp_parse(gs, in.data, in.len, &err), EBADMSG);
	th_guard_fini(&in);
	th_guard_fini(&g);
}

static const struct th_test roundtrip_tests[] = {
	TH_TEST(test_rfc4566_5_canonical_input_prints_byte_identical),
	TH_TEST(test_rfc4566_5_parse_print_parse_is_stable),
	TH_TEST(test_impl_copy_is_independent_of_the_original),
	TH_TEST(test_impl_equal_notices_any_field),
	TH_END
};

static const struct th_test vector_tests[] = {
	TH_TEST(test_rfc5118_4_6_ipv6_in_sdp_body),
	TH_TEST(test_rfc5118_4_8_one_ipv4_and_one_ipv6_stream),
	TH_TEST(test_rfc5118_4_9_ipv4_mapped_ipv6_address),
	TH_TEST(test_rfc4475_3_3_15_sdp01_body_rtpmap_without_clock_rate),
	TH_TEST(test_rfc3264_9_capabilities_figure_breaks_field_order),
	TH_END
};

static const struct th_test capacity_tests[] = {
	TH_TEST(test_impl_too_many_media_sections_is_enobufs),
	TH_TEST(test_impl_too_many_formats_and_attributes_is_enobufs),
	TH_TEST(test_impl_text_longer_than_the_pool_is_enobufs),
	TH_TEST(test_impl_print_reports_the_size_it_needs),
	TH_TEST(test_impl_builders_report_full_arrays_and_pool),
	TH_TEST(test_impl_set_dir_replaces_adds_removes),
	TH_END
};

static const struct th_test guard_tests[] = {
	TH_TEST(test_impl_guard_every_prefix_of_every_fixture),
	TH_TEST(test_impl_guard_full_pool_at_the_end_of_the_session),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC4566 5 round trips: parse, print, copy, compare", roundtrip_tests, setup, NULL },
	{ "RFC5118 4.6-4.9, RFC4475 3.3.15, RFC3264 9: SDP test vectors", vector_tests, setup,
	  NULL },
	{ "sdp/ capacities: ENOBUFS, never a crash", capacity_tests, setup, NULL },
	{ "sdp/ parser before a guard page (STYLE.md 2)", guard_tests, setup, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
