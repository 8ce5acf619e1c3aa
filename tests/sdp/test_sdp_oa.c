/* tests/sdp/test_sdp_oa.c - RFC 3264 offer/answer: offers, answers, the offerer's reading
 * of the answer, re-offers, hold and resume.  The section 10 examples are in
 * test_sdp_rfc3264_examples.c.
 */
#include "sdp/sdp.h"
#include "sdp/sdp_oa.h"
#include "tests/sdp/sdp_testlib.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static struct sdp_session offer, answer, prev, reoffer;
static struct sdp_caps caps;
static struct sdp_negotiated neg;
static struct sdp_error err;

static void setup(void)
{
	memset(&err, 0, sizeof err);
	memset(&neg, 0x33, sizeof neg);  /* every field must be written by the code under test */
}

static int parse_into(struct sdp_session *s, const char *lf)
{
	const char *text = sdpt_crlf(lf);

	return sdp_parse(s, text, strlen(text), &err);
}

/* An offer with one audio stream from 192.0.2.10:40000 listing `fmts` (LF text after the
 * m= line: rtpmaps, fmtp, direction...). */
static int offer_audio(const char *fmts, const char *attrs)
{
	static char text[2048];

	snprintf(text, sizeof text, "v=0\no=- 7 7 IN IP4 192.0.2.10\ns=-\nc=IN IP4 192.0.2.10\n"
		 "t=0 0\nm=audio 40000 RTP/AVP %s\n%s", fmts, attrs);
	return parse_into(&offer, text);
}

/* The default phone: 192.0.2.20:50000, PCMU, PCMA, telephone-event/101, ptime 20. */
static void default_caps(void)
{
	CU_ASSERT_EQUAL(sdp_caps_init(&caps, "192.0.2.20", 50000, 2000), 0);
}

/* ---- RFC3264 5 --------------------------------------------------------------------- */

/* RFC3264 5: s= "it is RECOMMENDED that it consist of a single space character (0x20) or a
 * dash (-)", "the "t=" line SHOULD have a value of "0 0"", and 5.1 "all media descriptions
 * SHOULD contain "a=rtpmap" mappings". */
static void test_rfc3264_5_default_offer_is_pcmu_pcma_telephone_event(void)
{
	CU_ASSERT_EQUAL_FATAL(sdp_caps_init(&caps, "192.0.2.1", 49170, 1000), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&offer, &caps, NULL), 0);
	SDPT_ASSERT_PRINTS(&offer, "v=0\n"
			   "o=- 1000 1000 IN IP4 192.0.2.1\n"
			   "s=-\n"
			   "c=IN IP4 192.0.2.1\n"
			   "t=0 0\n"
			   "m=audio 49170 RTP/AVP 0 8 101\n"
			   "a=rtpmap:0 PCMU/8000\n"
			   "a=rtpmap:8 PCMA/8000\n"
			   "a=rtpmap:101 telephone-event/8000\n"
			   "a=fmtp:101 0-15\n"
			   "a=ptime:20\n"
			   "a=sendrecv\n");
}

/* RFC3264 5: "The initial value of the version MUST be less than (2**62)-1, to avoid
 * rollovers." */
static void test_rfc3264_5_initial_version_below_2_62_minus_1(void)
{
	uint64_t limit = (UINT64_C(1) << 62) - 1;

	CU_ASSERT_EQUAL(sdp_caps_init(&caps, "192.0.2.1", 49170, limit), EINVAL);
	CU_ASSERT_EQUAL(sdp_caps_init(&caps, "192.0.2.1", 49170, limit - 1), 0);
	CU_ASSERT_EQUAL(caps.sess_version, limit - 1);
	CU_ASSERT_EQUAL(sdp_caps_init(&caps, NULL, 49170, 1), EINVAL);
	CU_ASSERT_EQUAL(sdp_caps_init(&caps, "", 49170, 1), EINVAL);
}

/* RFC3264 5.1: "For recvonly and sendrecv streams, the port number and address in the
 * offer indicate where the offerer would like to receive the media stream" - an IPv6
 * address is written "IN IP6", bare (RFC5118 4.6). */
static void test_rfc3264_5_1_ipv6_address_is_written_in_ip6(void)
{
	CU_ASSERT_EQUAL_FATAL(sdp_caps_init(&caps, "2001:db8::1", 49170, 1), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&offer, &caps, NULL), 0);
	CU_ASSERT_STRING_EQUAL(offer.origin.addrtype, "IP6");
	CU_ASSERT_STRING_EQUAL(offer.conn.addrtype, "IP6");
	CU_ASSERT_STRING_EQUAL(offer.conn.addr, "2001:db8::1");
	CU_ASSERT_PTR_NOT_NULL(strstr(sdpt_print(&offer), "\r\nc=IN IP6 2001:db8::1\r\n"));
}

/* RFC3264 5.1: "If the offerer wishes to only send media on a stream to its peer, it MUST
 * mark the stream as sendonly" and "If the offerer wishes to both send and receive media
 * with its peer, it MAY include an "a=sendrecv" attribute, or it MAY omit it". */
static void test_rfc3264_5_1_direction_marks_each_stream(void)
{
	sdpt_caps_new(&caps, "-", 1, 1, "192.0.2.1");
	sdpt_codec(sdpt_stream(&caps, "audio", 4000, SDP_DIR_SENDONLY), 0, "PCMU", 8000);
	sdpt_codec(sdpt_stream(&caps, "audio", 4002, SDP_DIR_NONE), 8, "PCMA", 8000);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&offer, &caps, NULL), 0);
	CU_ASSERT_EQUAL(sdp_media_dir(&offer, &offer.media[0]), SDP_DIR_SENDONLY);
	CU_ASSERT_EQUAL(sdp_attrs_dir(offer.media[1].attr, offer.media[1].n_attr), SDP_DIR_NONE);
	CU_ASSERT_EQUAL(sdp_media_dir(&offer, &offer.media[1]), SDP_DIR_SENDRECV);
}

/* RFC3264 8.2: a disabled stream "MAY omit all attributes present previously" - port 0. */
static void test_rfc3264_8_2_disabled_stream_is_the_m_line_alone(void)
{
	sdpt_caps_new(&caps, "-", 1, 1, "192.0.2.1");
	sdpt_codec(sdpt_stream(&caps, "video", 0, SDP_DIR_SENDRECV), 31, "H261", 90000);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&offer, &caps, NULL), 0);
	CU_ASSERT_EQUAL(offer.media[0].port, 0);
	CU_ASSERT_EQUAL(offer.media[0].n_attr, 0);
}

/* Bad local capabilities are the caller's bug: EINVAL or ENOBUFS, and nothing that could
 * break the SDP text (a CR in the session name would inject a line). */
static void test_impl_caps_are_checked(void)
{
	struct sdp_stream_caps *st;

	sdpt_caps_new(&caps, "-", 1, 1, "192.0.2.1");
	st = sdpt_stream(&caps, "audio", 4000, SDP_DIR_SENDRECV);
	CU_ASSERT_EQUAL(sdp_oa_offer(&offer, &caps, NULL), EINVAL);  /* no codec */
	CU_ASSERT_EQUAL(sdp_stream_add_codec(st, 128, "X", 8000, NULL), EINVAL);
	CU_ASSERT_EQUAL(sdp_stream_add_codec(st, 96, "", 8000, NULL), EINVAL);
	CU_ASSERT_EQUAL(sdp_stream_add_codec(st, 96, "X", 0, NULL), EINVAL);
	CU_ASSERT_EQUAL(sdp_stream_add_codec(st, 96, "a-name-that-is-far-too-long-for-it", 8000,
					     NULL), EINVAL);
	for (int i = 0; i < SDP_MAX_CODECS; i++)
		CU_ASSERT_EQUAL(sdp_stream_add_codec(st, (uint8_t)(96 + i), "X", 8000, NULL), 0);
	CU_ASSERT_EQUAL(sdp_stream_add_codec(st, 120, "X", 8000, NULL), ENOBUFS);
	CU_ASSERT_EQUAL(sdp_caps_add_stream(&caps, "", 1, NULL), EINVAL);
	for (int i = 1; i < SDP_MAX_MEDIA; i++)
		CU_ASSERT_EQUAL(sdp_caps_add_stream(&caps, "audio", 1, NULL), 0);
	CU_ASSERT_EQUAL(sdp_caps_add_stream(&caps, "audio", 1, NULL), ENOBUFS);
	default_caps();
	snprintf(caps.session_name, sizeof caps.session_name, "a\r\nb=evil");
	CU_ASSERT_EQUAL(sdp_oa_offer(&offer, &caps, NULL), EINVAL);
	default_caps();
	snprintf(caps.username, sizeof caps.username, "two words");
	CU_ASSERT_EQUAL(sdp_oa_offer(&offer, &caps, NULL), EINVAL);
	CU_ASSERT_EQUAL(sdp_oa_offer(NULL, &caps, NULL), EINVAL);
}

/* ---- RFC3264 6 --------------------------------------------------------------------- */

/* RFC3264 6: "For each "m=" line in the offer, there MUST be a corresponding "m=" line in
 * the answer.  The answer MUST contain exactly the same number of "m=" lines as the
 * offer." and "To reject an offered stream, the port number in the corresponding stream
 * in the answer MUST be set to zero." */
static void test_rfc3264_6_answer_has_the_same_m_lines_in_order(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, "v=0\no=- 7 7 IN IP4 192.0.2.10\ns=-\n"
					 "c=IN IP4 192.0.2.10\nt=0 0\n"
					 "m=video 40002 RTP/AVP 31\nm=audio 40000 RTP/AVP 0\n"
					 "m=audio 0 RTP/AVP 8\nm=application 9 TCP/BFCP *\n"), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_EQUAL_FATAL(answer.n_media, 4);
	CU_ASSERT_STRING_EQUAL(answer.media[0].type, "video");
	CU_ASSERT_EQUAL(answer.media[0].port, 0);
	CU_ASSERT_STRING_EQUAL(answer.media[1].type, "audio");
	CU_ASSERT_EQUAL(answer.media[1].port, 50000);
	CU_ASSERT_STRING_EQUAL(answer.media[2].type, "audio");
	CU_ASSERT_EQUAL(answer.media[2].port, 0);
	CU_ASSERT_STRING_EQUAL(answer.media[3].proto, "TCP/BFCP");
	CU_ASSERT_EQUAL(answer.media[3].port, 0);
	CU_ASSERT_STRING_EQUAL(answer.media[3].fmt[0], "*");
	CU_ASSERT_EQUAL(neg.media_index, 1);
	/* RFC3264 6: rejected streams still carry "At least one" format */
	CU_ASSERT_STRING_EQUAL(answer.media[0].fmt[0], "31");
	CU_ASSERT_STRING_EQUAL(answer.media[2].fmt[0], "8");
}

/* RFC3264 6: "This implies that if the offer contained zero "m=" lines, the answer MUST
 * contain zero "m=" lines." */
static void test_rfc3264_6_zero_m_lines_answered_with_zero(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, "v=0\no=- 7 7 IN IP4 192.0.2.10\ns=-\nt=0 0\n"), 0);
	CU_ASSERT_EQUAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_EQUAL(answer.n_media, 0);
	CU_ASSERT_EQUAL(neg.media_index, -1);
}

/* RFC3264 6: "The "t=" line in the answer MUST equal that of the offer." */
static void test_rfc3264_6_time_equals_the_offer(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, "v=0\no=- 7 7 IN IP4 192.0.2.10\ns=-\n"
					 "c=IN IP4 192.0.2.10\nt=3338481189 3370017201\n"
					 "r=7d 1h 0\nm=audio 40000 RTP/AVP 0\n"), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, NULL, &err), 0);
	CU_ASSERT_EQUAL(answer.n_time, 1);
	CU_ASSERT_EQUAL(answer.time[0].start, 3338481189ULL);
	CU_ASSERT_EQUAL(answer.time[0].stop, 3370017201ULL);
	CU_ASSERT_STRING_EQUAL(answer.time[0].repeat[0], "7d 1h 0");
}

/* RFC3264 6: "If the answerer has no media formats in common for a particular offered
 * stream, the answerer MUST reject that media stream by setting the port to zero.  If
 * there are no media formats in common for all streams, the entire offered session is
 * rejected."  The RFC 5118 4.6 body offers G726-32 and H263-1998 only. */
static void test_rfc3264_6_no_common_codec_rejects_the_session(void)
{
	size_t len;
	const char *text = sdpt_fixture("rfc5118-ipv6-in-sdp.sdp", &len);

	default_caps();
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL_FATAL(sdp_parse(&offer, text, len, &err), 0);
	CU_ASSERT_EQUAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), EPROTO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.reason, "no media format in common"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.reason, "488"));
	CU_ASSERT_EQUAL(err.line, 0);
	CU_ASSERT_EQUAL(neg.media_index, -1);
	CU_ASSERT_EQUAL(offer_audio("18 4", ""), 0);  /* G729, G723 */
	CU_ASSERT_EQUAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), EPROTO);
}

/* A voice stream whose only common format is telephone-event is no call: RFC 4733 events
 * ride along a codec.  (Accepting it gives a "connected" call with no audio.) */
static void test_rfc3264_6_telephone_event_alone_is_no_common_codec(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(offer_audio("18 101", "a=rtpmap:101 telephone-event/8000\n"), 0);
	CU_ASSERT_EQUAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), EPROTO);
	CU_ASSERT_EQUAL(answer.media[0].port, 0);
	/* an events-only offer (as in RFC3264 10.1) is a stream of its own, and accepted */
	CU_ASSERT_EQUAL_FATAL(offer_audio("101", "a=rtpmap:101 telephone-event/8000\n"), 0);
	CU_ASSERT_EQUAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_EQUAL(answer.media[0].port, 50000);
	CU_ASSERT_EQUAL(neg.media_index, -1);  /* no codec to send with */
}

/* RFC3264 6.1: "it is RECOMMENDED that unless there is a specific reason, the answerer
 * list formats in the same relative order they were present in the offer" and "The
 * answerer MUST send using a media format in the offer that is also listed in the answer,
 * and SHOULD send using the most preferred media format in the offer". */
static void test_rfc3264_6_1_codecs_intersected_in_offer_order(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(offer_audio("18 8 0 101", "a=rtpmap:101 telephone-event/8000\n"
					  "a=fmtp:101 0-16\n"), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	SDPT_ASSERT_PRINTS(&answer, "v=0\n"
			   "o=- 2000 2000 IN IP4 192.0.2.20\n"
			   "s=-\n"
			   "c=IN IP4 192.0.2.20\n"
			   "t=0 0\n"
			   "m=audio 50000 RTP/AVP 8 0 101\n"
			   "a=rtpmap:8 PCMA/8000\n"
			   "a=rtpmap:0 PCMU/8000\n"
			   "a=rtpmap:101 telephone-event/8000\n"
			   "a=fmtp:101 0-15\n"
			   "a=ptime:20\n");
	CU_ASSERT_EQUAL(neg.media_index, 0);
	CU_ASSERT_EQUAL(neg.pt, 8);
	CU_ASSERT_STRING_EQUAL(neg.encoding, "PCMA");
	CU_ASSERT_EQUAL(neg.clock_rate, 8000);
	CU_ASSERT_STRING_EQUAL(neg.remote_addr, "192.0.2.10");
	CU_ASSERT_EQUAL(neg.remote_ip6, false);
	CU_ASSERT_EQUAL(neg.remote_port, 40000);
	CU_ASSERT_EQUAL(neg.remote_dir, SDP_DIR_SENDRECV);
	CU_ASSERT_EQUAL(neg.ptime, 0);
	CU_ASSERT_EQUAL(neg.te_pt, 101);
}

/* RFC3264 6.1: "In the case of RTP, if a particular codec was referenced with a specific
 * payload type number in the offer, that same payload type number SHOULD be used for that
 * codec in the answer."  Dynamic numbers are the offerer's: telephone-event at 96 stays
 * 96 although we offer it at 101.  RFC 4733 2.5.2.1: the fmtp lists "the event values
 * that the receiver can process" - ours. */
static void test_rfc3264_6_1_dynamic_payload_types_are_the_offerers(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(offer_audio("0 96", "a=rtpmap:96 TELEPHONE-EVENT/8000\n"
					  "a=fmtp:96 0-11\na=ptime:30\n"), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	const char *text = sdpt_print(&answer);

	CU_ASSERT_PTR_NOT_NULL(strstr(text, "m=audio 50000 RTP/AVP 0 96\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "a=rtpmap:96 TELEPHONE-EVENT/8000\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "a=fmtp:96 0-15\r\n"));
	CU_ASSERT_PTR_NULL(strstr(text, "101"));
	CU_ASSERT_EQUAL(neg.te_pt, 96);
	CU_ASSERT_EQUAL(neg.ptime, 30);
}

/* RFC 4733 2.5.2.1: "SDP descriptions using the event payload MUST contain an fmtp
 * format attribute that lists the event values that the receiver can process." - the
 * answer lists ours even when the offer has none or another list; without a list of our
 * own we write 0-15, what 2.5.1.1 says a sender assumes without one. */
static void test_rfc4733_2_5_2_1_answer_lists_the_events_we_receive(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(offer_audio("0 101", "a=rtpmap:101 telephone-event/8000\n"), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_STRING_EQUAL(sdp_media_fmtp(&answer.media[0], 101), "0-15");
	snprintf(caps.stream[0].codec[2].fmtp, sizeof caps.stream[0].codec[2].fmtp, "0-11,16");
	CU_ASSERT_EQUAL_FATAL(offer_audio("0 101", "a=rtpmap:101 telephone-event/8000\n"
					  "a=fmtp:101 0-15,66,70\n"), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_STRING_EQUAL(sdp_media_fmtp(&answer.media[0], 101), "0-11,16");
	caps.stream[0].codec[2].fmtp[0] = '\0';
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_STRING_EQUAL(sdp_media_fmtp(&answer.media[0], 101), "0-15");
}

/* RFC3264 6: "the same fmtp parameters with the same values MUST be present in the answer
 * if the media format they describe is present in the answer." */
static void test_rfc3264_6_fmtp_of_an_accepted_codec_is_echoed(void)
{
	sdpt_caps_new(&caps, "-", 5, 5, "192.0.2.20");
	sdpt_codec(sdpt_stream(&caps, "audio", 50000, SDP_DIR_SENDRECV), 18, "G729", 8000);
	CU_ASSERT_EQUAL_FATAL(offer_audio("18", "a=rtpmap:18 G729/8000\na=fmtp:18 annexb=no\n"),
			      0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_STRING_EQUAL(sdp_media_fmtp(&answer.media[0], 18), "annexb=no");
}

/* RFC3264 6.1: the answer "SHOULD contain mappings for static payload types" even when
 * the offer had none (RFC3264 5.1 lets the offer fall back to the profile). */
static void test_rfc3264_6_1_static_payload_types_get_an_rtpmap(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(offer_audio("0", ""), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(sdpt_print(&answer), "a=rtpmap:0 PCMU/8000\r\n"));
	CU_ASSERT_STRING_EQUAL(neg.encoding, "PCMU");
}

/* RFC3264 6: "An offered stream MAY be rejected in the answer, for any reason."  We reject
 * multicast (6.2 is out of scope) and transports other than RTP/AVP. */
static void test_rfc3264_6_multicast_and_other_transports_rejected(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, "v=0\no=- 7 7 IN IP4 192.0.2.10\ns=-\n"
					 "c=IN IP4 224.2.1.1/16\nt=0 0\n"
					 "m=audio 40000 RTP/AVP 0\n"), 0);
	CU_ASSERT_EQUAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), EPROTO);
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, "v=0\no=- 7 7 IN IP4 192.0.2.10\ns=-\n"
					 "c=IN IP4 192.0.2.10\nt=0 0\n"
					 "m=audio 40000 RTP/SAVP 0\n"), 0);
	CU_ASSERT_EQUAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), EPROTO);
	CU_ASSERT_EQUAL(answer.media[0].port, 0);
	CU_ASSERT_STRING_EQUAL(answer.media[0].proto, "RTP/SAVP");
}

/* RFC3264 6: each offered stream takes its own local stream: two audio streams offered,
 * one local audio stream, so the second is rejected. */
static void test_rfc3264_6_each_local_stream_answers_one_offered_stream(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, "v=0\no=- 7 7 IN IP4 192.0.2.10\ns=-\n"
					 "c=IN IP4 192.0.2.10\nt=0 0\n"
					 "m=audio 40000 RTP/AVP 0\nm=audio 40002 RTP/AVP 0\n"), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_EQUAL(answer.media[0].port, 50000);
	CU_ASSERT_EQUAL(answer.media[1].port, 0);
	CU_ASSERT_EQUAL(sdp_oa_answer(&answer, &offer, NULL, NULL, &neg, &err), EINVAL);
	CU_ASSERT_EQUAL(sdp_oa_answer(&offer, &offer, &caps, NULL, &neg, &err), EINVAL);
}

/* RFC4566 6: "Up to one rtpmap attribute can be defined for each media format
 * specified."  A rejected stream that names payload type 0 three ways ("0 00 000") is
 * echoed with one rtpmap, so our answer parses again (found by fuzz_sdp_parse). */
static void test_rfc3264_6_rejected_stream_has_one_rtpmap_per_payload_type(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, "v=0\no=- 7 7 IN IP4 192.0.2.10\ns=-\n"
					 "c=IN IP4 192.0.2.10\nt=0 0\nm=audio 40000 RTP/AVP 0\n"
					 "m=audio 40002 RTP/AVP 0 00 000 8\n"), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_EQUAL(answer.media[1].port, 0);
	CU_ASSERT_EQUAL(answer.media[1].n_fmt, 4);
	CU_ASSERT_EQUAL(answer.media[1].n_attr, 2);  /* rtpmap:0 and rtpmap:8 */
	const char *text = sdpt_print(&answer);

	CU_ASSERT_EQUAL(sdp_parse(&prev, text, strlen(text), &err), 0);
}

/* ---- RFC3264 6.1 directions -------------------------------------------------------- */

/* RFC3264 6.1: "If a stream is offered as sendonly, the corresponding stream MUST be
 * marked as recvonly or inactive in the answer.  If a media stream is listed as recvonly
 * in the offer, the answer MUST be marked as sendonly or inactive in the answer.  If an
 * offered media stream is listed as sendrecv (or if there is no direction attribute at
 * the media or session level, in which case the stream is sendrecv by default), the
 * corresponding stream in the answer MAY be marked as sendonly, recvonly, sendrecv, or
 * inactive.  If an offered media stream is listed as inactive, it MUST be marked as
 * inactive in the answer." */
static void test_rfc3264_6_1_directions_are_mirrored(void)
{
	static const struct {
		const char *offered;
		enum sdp_dir ours, answered;
	} rows[] = {
		{ "a=sendonly\n", SDP_DIR_SENDRECV, SDP_DIR_RECVONLY },
		{ "a=recvonly\n", SDP_DIR_SENDRECV, SDP_DIR_SENDONLY },
		{ "a=inactive\n", SDP_DIR_SENDRECV, SDP_DIR_INACTIVE },
		{ "a=sendrecv\n", SDP_DIR_SENDRECV, SDP_DIR_SENDRECV },
		{ "", SDP_DIR_SENDRECV, SDP_DIR_NONE },
		{ "a=sendrecv\n", SDP_DIR_SENDONLY, SDP_DIR_SENDONLY },
		{ "", SDP_DIR_RECVONLY, SDP_DIR_RECVONLY },
		{ "a=sendonly\n", SDP_DIR_SENDONLY, SDP_DIR_INACTIVE },
		{ "a=recvonly\n", SDP_DIR_NONE, SDP_DIR_SENDONLY },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		default_caps();
		caps.stream[0].dir = rows[i].ours;
		CU_ASSERT_EQUAL_FATAL(offer_audio("0", rows[i].offered), 0);
		CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
		enum sdp_dir got = sdp_attrs_dir(answer.media[0].attr, answer.media[0].n_attr);

		if (got != rows[i].answered)
			printf("\nrow %zu: answered %s\n", i, sdp_dir_name(got));
		CU_ASSERT_EQUAL(got, rows[i].answered);
	}
}

/* RFC3264 5.1: "We refer to a stream as being marked with a certain direction if a
 * direction attribute was present as either a media stream attribute or a session
 * attribute." */
static void test_rfc3264_5_1_session_level_direction_counts(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, "v=0\no=- 7 7 IN IP4 192.0.2.10\ns=-\n"
					 "c=IN IP4 192.0.2.10\nt=0 0\na=sendonly\n"
					 "m=audio 40000 RTP/AVP 0\n"), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_EQUAL(sdp_media_dir(&answer, &answer.media[0]), SDP_DIR_RECVONLY);
	CU_ASSERT_EQUAL(neg.remote_dir, SDP_DIR_SENDONLY);
}

/* ---- RFC3264 7 --------------------------------------------------------------------- */

static const char *const our_offer =
	"v=0\no=- 1000 1000 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n"
	"m=audio 49170 RTP/AVP 0 8 101\na=rtpmap:0 PCMU/8000\na=rtpmap:8 PCMA/8000\n"
	"a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15\na=ptime:20\na=sendrecv\n";

static int apply(const char *answer_lf)
{
	CU_ASSERT_EQUAL(parse_into(&offer, our_offer), 0);
	CU_ASSERT_EQUAL(parse_into(&answer, answer_lf), 0);
	return sdp_oa_apply_answer(&neg, &offer, &answer, &err);
}

#define ANS_HEAD "v=0\no=- 5 5 IN IP6 2001:db8::2\ns=-\nc=IN IP6 2001:db8::2\nt=0 0\n"

/* RFC3264 7: "It MUST send using a media format listed in the answer, and it SHOULD use
 * the first media format listed in the answer when it does send."  RFC3264 5.1: "the
 * offerer MUST send with the payload type numbers from the answer." */
static void test_rfc3264_7_offerer_sends_the_answers_first_format(void)
{
	CU_ASSERT_EQUAL_FATAL(apply(ANS_HEAD "m=audio 50000 RTP/AVP 8 0 96\n"
				    "a=rtpmap:96 telephone-event/8000\na=fmtp:96 0-15\n"
				    "a=ptime:30\na=recvonly\n"), 0);
	CU_ASSERT_EQUAL(neg.media_index, 0);
	CU_ASSERT_EQUAL(neg.pt, 8);
	CU_ASSERT_STRING_EQUAL(neg.encoding, "PCMA");
	CU_ASSERT_EQUAL(neg.clock_rate, 8000);
	CU_ASSERT_EQUAL(neg.te_pt, 96);
	CU_ASSERT_STRING_EQUAL(neg.remote_addr, "2001:db8::2");
	CU_ASSERT(neg.remote_ip6);
	CU_ASSERT_EQUAL(neg.remote_port, 50000);
	CU_ASSERT_EQUAL(neg.remote_dir, SDP_DIR_RECVONLY);
	CU_ASSERT_EQUAL(neg.ptime, 30);
}

/* RFC4566 5.7: "the per-media values override the session-level settings" - the media
 * c= is where RTP goes. */
static void test_rfc3264_7_media_level_address_wins(void)
{
	CU_ASSERT_EQUAL_FATAL(apply(ANS_HEAD "m=audio 50000 RTP/AVP 0\nc=IN IP4 192.0.2.99\n"), 0);
	CU_ASSERT_STRING_EQUAL(neg.remote_addr, "192.0.2.99");
	CU_ASSERT(!neg.remote_ip6);
	CU_ASSERT_EQUAL(neg.te_pt, -1);
	CU_ASSERT_EQUAL(neg.ptime, 0);
}

/* RFC3264 6 and 6.1 put rules on the answer; an answer that breaks them is reported
 * (EPROTO with the rule), not used. */
static void test_rfc3264_6_answers_that_break_the_rules_are_refused(void)
{
	static const struct {
		const char *answer;
		const char *needle;
	} rows[] = {
		{ ANS_HEAD, "different number of m= lines" },
		{ ANS_HEAD "m=audio 50000 RTP/AVP 0\nm=audio 50002 RTP/AVP 0\n", "different number" },
		{ ANS_HEAD "m=video 50000 RTP/AVP 0\n", "media type" },
		{ ANS_HEAD "m=audio 50000 RTP/AVP 18\n", "no format of the offer" },
		{ ANS_HEAD "m=audio 0 RTP/AVP 0\n", "rejected every stream" },
		{ ANS_HEAD "m=audio 50000 RTP/AVP 101\na=rtpmap:101 telephone-event/8000\n",
		  "no voice codec" },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int rc = apply(rows[i].answer);

		CU_ASSERT_EQUAL(rc, EPROTO);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.reason, rows[i].needle));
		CU_ASSERT_EQUAL(neg.media_index, -1);
	}
	CU_ASSERT_EQUAL(sdp_oa_apply_answer(NULL, &offer, &answer, &err), EINVAL);
}

/* RFC3264 6.1: "If a stream is offered as sendonly, the corresponding stream MUST be
 * marked as recvonly or inactive in the answer." and RFC3264 8.2: "A stream that is
 * offered with a port of zero MUST be marked with port zero in the answer." */
static void test_rfc3264_6_1_answer_direction_and_port_zero_checked(void)
{
	static char held[1024];

	snprintf(held, sizeof held, "%.*sa=sendonly\n",
		 (int)(strstr(our_offer, "a=sendrecv") - our_offer), our_offer);
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, held), 0);
	CU_ASSERT_EQUAL_FATAL(parse_into(&answer, ANS_HEAD "m=audio 50000 RTP/AVP 0\n"), 0);
	CU_ASSERT_EQUAL(sdp_oa_apply_answer(&neg, &offer, &answer, &err), EPROTO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.reason, "direction"));
	CU_ASSERT_EQUAL_FATAL(parse_into(&answer, ANS_HEAD "m=audio 50000 RTP/AVP 0\n"
					 "a=recvonly\n"), 0);
	CU_ASSERT_EQUAL(sdp_oa_apply_answer(&neg, &offer, &answer, &err), 0);
	CU_ASSERT_EQUAL(neg.remote_dir, SDP_DIR_RECVONLY);
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\n"
					 "c=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0\n"
					 "m=video 0 RTP/AVP 31\n"), 0);
	CU_ASSERT_EQUAL_FATAL(parse_into(&answer, ANS_HEAD "m=audio 50000 RTP/AVP 0\n"
					 "m=video 50002 RTP/AVP 31\n"), 0);
	CU_ASSERT_EQUAL(sdp_oa_apply_answer(&neg, &offer, &answer, &err), EPROTO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.reason, "port 0"));
}

/* ---- RFC3264 8 --------------------------------------------------------------------- */

/* RFC3264 8: "the "o=" line of the new SDP MUST be identical to that in the previous SDP,
 * except that the version in the origin field MUST increment by one from the previous
 * SDP.  If the version in the origin line does not increment, the SDP MUST be identical
 * to the SDP with that version number." */
static void test_rfc3264_8_reoffer_keeps_session_id_and_bumps_version(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&prev, &caps, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&reoffer, &caps, &prev), 0);
	CU_ASSERT_EQUAL(reoffer.origin.sess_version, 2000);  /* unchanged: same version */
	CU_ASSERT(sdp_session_equal(&reoffer, &prev));
	caps.stream[0].port = 50002;
	snprintf(caps.username, sizeof caps.username, "renamed");
	caps.sess_id = 99;
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&reoffer, &caps, &prev), 0);
	CU_ASSERT_EQUAL(reoffer.origin.sess_id, 2000);
	CU_ASSERT_EQUAL(reoffer.origin.sess_version, 2001);
	CU_ASSERT_STRING_EQUAL(reoffer.origin.username, "-");
	CU_ASSERT_EQUAL(reoffer.media[0].port, 50002);
	CU_ASSERT_EQUAL(sdp_oa_offer(&prev, &caps, &prev), EINVAL);
}

/* RFC3264 8: "if the previous SDP had N "m=" lines, the new SDP MUST have at least N "m="
 * lines" and "Deleted media streams from a previous SDP MUST NOT be removed in a new
 * SDP".  RFC3264 8.2: it "MAY list just a single media format". */
static void test_rfc3264_8_m_lines_are_never_removed(void)
{
	default_caps();
	sdpt_codec(sdpt_stream(&caps, "video", 50002, SDP_DIR_SENDRECV), 31, "H261", 90000);
	sdpt_codec(&caps.stream[1], 34, "H263", 90000);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&prev, &caps, NULL), 0);
	caps.n_stream = 1;
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&reoffer, &caps, &prev), 0);
	CU_ASSERT_EQUAL_FATAL(reoffer.n_media, 2);
	CU_ASSERT_STRING_EQUAL(reoffer.media[1].type, "video");
	CU_ASSERT_EQUAL(reoffer.media[1].port, 0);
	CU_ASSERT_EQUAL(reoffer.media[1].n_fmt, 1);
	CU_ASSERT_STRING_EQUAL(reoffer.media[1].fmt[0], "31");
	CU_ASSERT_EQUAL(reoffer.origin.sess_version, 2001);
}

/* RFC3264 8: the answerer "MUST generate a valid answer (which MAY be the same as the
 * previous SDP from the answerer, or MAY be different)" - with the same o= rules. */
static void test_rfc3264_8_answer_to_a_reoffer_follows_the_origin_rule(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(offer_audio("0 8", ""), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&prev, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, &prev, &neg, &err), 0);
	CU_ASSERT_EQUAL(answer.origin.sess_version, prev.origin.sess_version);
	CU_ASSERT_EQUAL_FATAL(offer_audio("8", ""), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, &prev, &neg, &err), 0);
	CU_ASSERT_EQUAL(answer.origin.sess_version, prev.origin.sess_version + 1);
	CU_ASSERT_EQUAL(answer.origin.sess_id, prev.origin.sess_id);
	CU_ASSERT_EQUAL(sdp_oa_answer(&prev, &offer, &caps, &prev, &neg, &err), EINVAL);
}

/* The version is a 64-bit number; at its end a change cannot be announced. */
static void test_rfc3264_8_version_overflow_is_reported(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(parse_into(&prev, "v=0\no=- 1 18446744073709551615 IN IP4 "
					 "192.0.2.20\ns=-\nc=IN IP4 192.0.2.20\nt=0 0\n"
					 "m=audio 50000 RTP/AVP 0\n"), 0);
	CU_ASSERT_EQUAL(sdp_oa_offer(&reoffer, &caps, &prev), EOVERFLOW);
	CU_ASSERT_EQUAL(sdp_oa_hold(&reoffer, &prev), EOVERFLOW);
}

/* ---- RFC3264 8.4 hold -------------------------------------------------------------- */

/* RFC3264 8.4: "If the stream to be placed on hold was previously a sendrecv media
 * stream, it is placed on hold by marking it as sendonly." */
static void test_rfc3264_8_4_hold_marks_sendrecv_streams_sendonly(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&prev, &caps, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_hold(&reoffer, &prev), 0);
	SDPT_ASSERT_PRINTS(&reoffer, "v=0\n"
			   "o=- 2000 2001 IN IP4 192.0.2.20\n"
			   "s=-\n"
			   "c=IN IP4 192.0.2.20\n"
			   "t=0 0\n"
			   "m=audio 50000 RTP/AVP 0 8 101\n"
			   "a=rtpmap:0 PCMU/8000\n"
			   "a=rtpmap:8 PCMA/8000\n"
			   "a=rtpmap:101 telephone-event/8000\n"
			   "a=fmtp:101 0-15\n"
			   "a=ptime:20\n"
			   "a=sendonly\n");
	/* RFC3264 8.4: c=0.0.0.0 hold "is no longer recommended" - the address stays */
	CU_ASSERT_STRING_EQUAL(reoffer.conn.addr, "192.0.2.20");
	CU_ASSERT_EQUAL(sdp_oa_hold(&prev, &reoffer), 0);  /* already held: identical */
	CU_ASSERT_EQUAL(prev.origin.sess_version, 2001);
	CU_ASSERT_EQUAL(sdp_oa_hold(&prev, &prev), EINVAL);
}

/* RFC3264 8.4: "If the stream to be placed on hold was previously a recvonly media
 * stream, it is placed on hold by marking it inactive."  "Each stream is placed "on hold"
 * independently." - a disabled stream has nothing to hold. */
static void test_rfc3264_8_4_hold_marks_recvonly_streams_inactive(void)
{
	CU_ASSERT_EQUAL_FATAL(parse_into(&prev, "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\n"
					 "c=IN IP4 192.0.2.1\nt=0 0\na=recvonly\n"
					 "m=audio 4000 RTP/AVP 0\nm=audio 4002 RTP/AVP 0\na=sendrecv\n"
					 "m=video 0 RTP/AVP 31\n"), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_hold(&reoffer, &prev), 0);
	CU_ASSERT_EQUAL(sdp_media_dir(&reoffer, &reoffer.media[0]), SDP_DIR_INACTIVE);
	CU_ASSERT_EQUAL(sdp_media_dir(&reoffer, &reoffer.media[1]), SDP_DIR_SENDONLY);
	CU_ASSERT_EQUAL(reoffer.media[2].n_attr, 0);
	CU_ASSERT_EQUAL(reoffer.origin.sess_version, 2);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_resume(&prev, &reoffer), 0);
	CU_ASSERT_EQUAL(sdp_media_dir(&prev, &prev.media[0]), SDP_DIR_RECVONLY);
	CU_ASSERT_EQUAL(sdp_media_dir(&prev, &prev.media[1]), SDP_DIR_SENDRECV);
	CU_ASSERT_EQUAL(prev.origin.sess_version, 3);
}

/* RFC3264 8.4: "The recipient of an offer for a stream on-hold SHOULD NOT automatically
 * return an answer with the corresponding stream on hold." - a sendonly offer is
 * answered recvonly, and the UA learns the peer only sends. */
static void test_rfc3264_8_4_held_offer_is_answered_recvonly(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&prev, &caps, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_hold(&offer, &prev), 0);
	caps.sess_id = caps.sess_version = 3000;
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_EQUAL(sdp_media_dir(&answer, &answer.media[0]), SDP_DIR_RECVONLY);
	CU_ASSERT_EQUAL(neg.remote_dir, SDP_DIR_SENDONLY);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_apply_answer(&neg, &offer, &answer, &err), 0);
	CU_ASSERT_EQUAL(neg.remote_dir, SDP_DIR_RECVONLY);
	/* and resume puts it back to sendrecv, one version later */
	CU_ASSERT_EQUAL_FATAL(sdp_oa_resume(&reoffer, &offer), 0);
	CU_ASSERT_EQUAL(sdp_media_dir(&reoffer, &reoffer.media[0]), SDP_DIR_SENDRECV);
	CU_ASSERT_EQUAL(reoffer.origin.sess_version, offer.origin.sess_version + 1);
	CU_ASSERT_EQUAL(reoffer.origin.sess_id, prev.origin.sess_id);
}

/* RFC3264 8.4: "An agent MUST be capable of receiving SDP with a connection address of
 * 0.0.0.0, in which case it means that neither RTP nor RTCP should be sent to the peer."
 * The RFC 2543 hold: the peer still sends (sendrecv becomes sendonly for us). */
static void test_rfc3264_8_4_connection_address_zero_means_do_not_send(void)
{
	default_caps();
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, "v=0\no=- 7 8 IN IP4 192.0.2.10\ns=-\n"
					 "c=IN IP4 0.0.0.0\nt=0 0\nm=audio 40000 RTP/AVP 0\n"), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	CU_ASSERT_EQUAL(neg.remote_dir, SDP_DIR_SENDONLY);
	CU_ASSERT_STRING_EQUAL(neg.remote_addr, "0.0.0.0");
	CU_ASSERT_EQUAL_FATAL(apply(ANS_HEAD "m=audio 50000 RTP/AVP 0\nc=IN IP6 ::\n"
				    "a=recvonly\n"), 0);
	CU_ASSERT_EQUAL(neg.remote_dir, SDP_DIR_INACTIVE);
}

static const struct th_test offer_tests[] = {
	TH_TEST(test_rfc3264_5_default_offer_is_pcmu_pcma_telephone_event),
	TH_TEST(test_rfc3264_5_initial_version_below_2_62_minus_1),
	TH_TEST(test_rfc3264_5_1_ipv6_address_is_written_in_ip6),
	TH_TEST(test_rfc3264_5_1_direction_marks_each_stream),
	TH_TEST(test_rfc3264_8_2_disabled_stream_is_the_m_line_alone),
	TH_TEST(test_impl_caps_are_checked),
	TH_END
};

static const struct th_test answer_tests[] = {
	TH_TEST(test_rfc3264_6_answer_has_the_same_m_lines_in_order),
	TH_TEST(test_rfc3264_6_zero_m_lines_answered_with_zero),
	TH_TEST(test_rfc3264_6_time_equals_the_offer),
	TH_TEST(test_rfc3264_6_no_common_codec_rejects_the_session),
	TH_TEST(test_rfc3264_6_telephone_event_alone_is_no_common_codec),
	TH_TEST(test_rfc3264_6_1_codecs_intersected_in_offer_order),
	TH_TEST(test_rfc3264_6_1_dynamic_payload_types_are_the_offerers),
	TH_TEST(test_rfc3264_6_fmtp_of_an_accepted_codec_is_echoed),
	TH_TEST(test_rfc4733_2_5_2_1_answer_lists_the_events_we_receive),
	TH_TEST(test_rfc3264_6_1_static_payload_types_get_an_rtpmap),
	TH_TEST(test_rfc3264_6_multicast_and_other_transports_rejected),
	TH_TEST(test_rfc3264_6_each_local_stream_answers_one_offered_stream),
	TH_TEST(test_rfc3264_6_rejected_stream_has_one_rtpmap_per_payload_type),
	TH_TEST(test_rfc3264_6_1_directions_are_mirrored),
	TH_TEST(test_rfc3264_5_1_session_level_direction_counts),
	TH_END
};

static const struct th_test apply_tests[] = {
	TH_TEST(test_rfc3264_7_offerer_sends_the_answers_first_format),
	TH_TEST(test_rfc3264_7_media_level_address_wins),
	TH_TEST(test_rfc3264_6_answers_that_break_the_rules_are_refused),
	TH_TEST(test_rfc3264_6_1_answer_direction_and_port_zero_checked),
	TH_END
};

static const struct th_test modify_tests[] = {
	TH_TEST(test_rfc3264_8_reoffer_keeps_session_id_and_bumps_version),
	TH_TEST(test_rfc3264_8_m_lines_are_never_removed),
	TH_TEST(test_rfc3264_8_answer_to_a_reoffer_follows_the_origin_rule),
	TH_TEST(test_rfc3264_8_version_overflow_is_reported),
	TH_TEST(test_rfc3264_8_4_hold_marks_sendrecv_streams_sendonly),
	TH_TEST(test_rfc3264_8_4_hold_marks_recvonly_streams_inactive),
	TH_TEST(test_rfc3264_8_4_held_offer_is_answered_recvonly),
	TH_TEST(test_rfc3264_8_4_connection_address_zero_means_do_not_send),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3264 5 Generating the initial offer", offer_tests, setup, NULL },
	{ "RFC3264 6 Generating the answer", answer_tests, setup, NULL },
	{ "RFC3264 7 Offerer processing of the answer", apply_tests, setup, NULL },
	{ "RFC3264 8 Modifying the session, 8.4 hold", modify_tests, setup, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
