/* tests/sdp/test_sdp_rfc3264_examples.c - RFC 3264 section 10, exchange by exchange.
 *
 * The section 10 SDPs are quoted verbatim.  Each is parsed as it stands and printed back
 * unchanged, and each offer or answer is rebuilt from equivalent capabilities and compared
 * byte for byte - except one line: the RFC examples write "s=" empty, which RFC 4566 later
 * forbade (5.3: "The "s=" field MUST NOT be empty"); our builder writes "s=-" as RFC3264 5
 * recommends, and the comparison expects exactly that (sdpt_dash_name).
 */
#include "sdp/sdp.h"
#include "sdp/sdp_oa.h"
#include "tests/sdp/sdp_testlib.h"
#include "tests/support/harness.h"

#include <string.h>

static struct sdp_session offer, answer, prev, reoffer;
static struct sdp_caps caps, caps2;
static struct sdp_negotiated neg;
static struct sdp_error err;

static void setup(void)
{
	memset(&err, 0, sizeof err);
	memset(&neg, 0x33, sizeof neg);
}

static int parse_into(struct sdp_session *s, const char *lf)
{
	const char *text = sdpt_crlf(lf);

	return sdp_parse(s, text, strlen(text), &err);
}

/* ---- RFC3264 10.1 ------------------------------------------------------------------ */

static const char *const rfc3264_10_1_alice_offer =
	"v=0\n"
	"o=alice 2890844526 2890844526 IN IP4 host.anywhere.com\n"
	"s=\n"
	"c=IN IP4 host.anywhere.com\n"
	"t=0 0\n"
	"m=audio 49170 RTP/AVP 0\n"
	"a=rtpmap:0 PCMU/8000\n"
	"m=video 51372 RTP/AVP 31\n"
	"a=rtpmap:31 H261/90000\n"
	"m=video 53000 RTP/AVP 32\n"
	"a=rtpmap:32 MPV/90000\n";

static const char *const rfc3264_10_1_bob_answer =
	"v=0\n"
	"o=bob 2890844730 2890844730 IN IP4 host.example.com\n"
	"s=\n"
	"c=IN IP4 host.example.com\n"
	"t=0 0\n"
	"m=audio 49920 RTP/AVP 0\n"
	"a=rtpmap:0 PCMU/8000\n"
	"m=video 0 RTP/AVP 31\n"
	"m=video 53000 RTP/AVP 32\n"
	"a=rtpmap:32 MPV/90000\n";

static const char *const rfc3264_10_1_bob_reoffer =
	"v=0\n"
	"o=bob 2890844730 2890844731 IN IP4 host.example.com\n"
	"s=\n"
	"c=IN IP4 host.example.com\n"
	"t=0 0\n"
	"m=audio 65422 RTP/AVP 0\n"
	"a=rtpmap:0 PCMU/8000\n"
	"m=video 0 RTP/AVP 31\n"
	"m=video 53000 RTP/AVP 32\n"
	"a=rtpmap:32 MPV/90000\n"
	"m=audio 51434 RTP/AVP 110\n"
	"a=rtpmap:110 telephone-events/8000\n"
	"a=recvonly\n";

static const char *const rfc3264_10_1_alice_answer =
	"v=0\n"
	"o=alice 2890844526 2890844527 IN IP4 host.anywhere.com\n"
	"s=\n"
	"c=IN IP4 host.anywhere.com\n"
	"t=0 0\n"
	"m=audio 49170 RTP/AVP 0\n"
	"a=rtpmap:0 PCMU/8000\n"
	"m=video 0 RTP/AVP 31\n"
	"a=rtpmap:31 H261/90000\n"
	"m=video 53000 RTP/AVP 32\n"
	"a=rtpmap:32 MPV/90000\n"
	"m=audio 53122 RTP/AVP 110\n"
	"a=rtpmap:110 telephone-events/8000\n"
	"a=sendonly\n";

/* Alice: PCMU audio, H.261 video, MPEG video; 10.1's second answer adds an events stream. */
static void alice_10_1(struct sdp_caps *c, bool with_events)
{
	sdpt_caps_new(c, "alice", 2890844526ULL, 2890844526ULL, "host.anywhere.com");
	sdpt_codec(sdpt_stream(c, "audio", 49170, SDP_DIR_NONE), 0, "PCMU", 8000);
	sdpt_codec(sdpt_stream(c, "video", 51372, SDP_DIR_NONE), 31, "H261", 90000);
	sdpt_codec(sdpt_stream(c, "video", 53000, SDP_DIR_NONE), 32, "MPV", 90000);
	if (with_events)
		sdpt_codec(sdpt_stream(c, "audio", 53122, SDP_DIR_NONE), 110, "telephone-events", 8000);
}

/* RFC3264 10.1: the RFC's four SDPs parse as printed and print back unchanged. */
static void test_rfc3264_10_1_examples_parse_verbatim(void)
{
	const char *const all[] = { rfc3264_10_1_alice_offer, rfc3264_10_1_bob_answer,
				    rfc3264_10_1_bob_reoffer, rfc3264_10_1_alice_answer };

	for (size_t i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(sdp_parse(&offer, all[i], strlen(all[i]), &err), 0);
		SDPT_ASSERT_PRINTS(&offer, all[i]);
	}
	CU_ASSERT_EQUAL(offer.n_media, 4);
	CU_ASSERT_EQUAL(sdp_media_dir(&offer, &offer.media[3]), SDP_DIR_SENDONLY);
}

/* RFC3264 10.1: "It includes a bidirectional audio stream and two bidirectional video
 * streams, using H.261 (payload type 31) and MPEG (payload type 32)." */
static void test_rfc3264_10_1_alice_offer_rebuilt(void)
{
	alice_10_1(&caps, false);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&offer, &caps, NULL), 0);
	SDPT_ASSERT_PRINTS(&offer, sdpt_dash_name(rfc3264_10_1_alice_offer));
}

/* RFC3264 10.1: "The callee, Bob, does not want to receive or send the first video
 * stream, so he returns the SDP below as the answer" - Bob has no H.261. */
static void test_rfc3264_10_1_bob_answer_rejects_the_first_video(void)
{
	sdpt_caps_new(&caps, "bob", 2890844730ULL, 2890844730ULL, "host.example.com");
	sdpt_codec(sdpt_stream(&caps, "audio", 49920, SDP_DIR_NONE), 0, "PCMU", 8000);
	sdpt_codec(sdpt_stream(&caps, "video", 53000, SDP_DIR_NONE), 32, "MPV", 90000);
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, rfc3264_10_1_alice_offer), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, NULL, &neg, &err), 0);
	SDPT_ASSERT_PRINTS(&answer, sdpt_dash_name(rfc3264_10_1_bob_answer));
	CU_ASSERT_EQUAL(neg.pt, 0);
	CU_ASSERT_STRING_EQUAL(neg.remote_addr, "host.anywhere.com");
	CU_ASSERT_EQUAL(neg.remote_port, 49170);
	/* Alice reads the RFC's answer: PCMU to Bob's 49920 */
	CU_ASSERT_EQUAL_FATAL(parse_into(&answer, rfc3264_10_1_bob_answer), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_apply_answer(&neg, &offer, &answer, &err), 0);
	CU_ASSERT_EQUAL(neg.media_index, 0);
	CU_ASSERT_STRING_EQUAL(neg.encoding, "PCMU");
	CU_ASSERT_STRING_EQUAL(neg.remote_addr, "host.example.com");
	CU_ASSERT_EQUAL(neg.remote_port, 49920);
	CU_ASSERT_EQUAL(neg.remote_dir, SDP_DIR_SENDRECV);
}

/* RFC3264 10.1: "Bob decides to change the port where he will receive the audio stream
 * (from 49920 to 65422), and at the same time, add an additional audio stream as receive
 * only, using the RTP payload format for events" - his previous SDP is his answer. */
static void test_rfc3264_10_1_bob_reoffer_changes_port_adds_stream(void)
{
	sdpt_caps_new(&caps, "bob", 2890844730ULL, 2890844730ULL, "host.example.com");
	sdpt_codec(sdpt_stream(&caps, "audio", 65422, SDP_DIR_NONE), 0, "PCMU", 8000);
	sdpt_codec(sdpt_stream(&caps, "video", 0, SDP_DIR_NONE), 31, "H261", 90000);
	sdpt_codec(sdpt_stream(&caps, "video", 53000, SDP_DIR_NONE), 32, "MPV", 90000);
	sdpt_codec(sdpt_stream(&caps, "audio", 51434, SDP_DIR_RECVONLY), 110, "telephone-events", 8000);
	CU_ASSERT_EQUAL_FATAL(parse_into(&prev, rfc3264_10_1_bob_answer), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&reoffer, &caps, &prev), 0);
	SDPT_ASSERT_PRINTS(&reoffer, sdpt_dash_name(rfc3264_10_1_bob_reoffer));
}

/* RFC3264 10.1: "Alice accepts the additional media stream, and so generates the
 * following answer" - her previous SDP is her offer, so her version goes up by one. */
static void test_rfc3264_10_1_alice_answer_accepts_the_new_stream(void)
{
	alice_10_1(&caps, true);
	CU_ASSERT_EQUAL_FATAL(parse_into(&prev, rfc3264_10_1_alice_offer), 0);
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, rfc3264_10_1_bob_reoffer), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps, &prev, &neg, &err), 0);
	SDPT_ASSERT_PRINTS(&answer, sdpt_dash_name(rfc3264_10_1_alice_answer));
	CU_ASSERT_EQUAL(neg.remote_port, 65422);
	/* Bob reads the RFC's answer */
	CU_ASSERT_EQUAL_FATAL(parse_into(&answer, rfc3264_10_1_alice_answer), 0);
	CU_ASSERT_EQUAL(sdp_oa_apply_answer(&neg, &offer, &answer, &err), 0);
	CU_ASSERT_EQUAL(neg.remote_port, 49170);
}

/* ---- RFC3264 10.2 ------------------------------------------------------------------ */

static const char *const rfc3264_10_2_alice_offer =
	"v=0\n"
	"o=alice 2890844526 2890844526 IN IP4 host.anywhere.com\n"
	"s=\n"
	"c=IN IP4 host.anywhere.com\n"
	"t=0 0\n"
	"m=audio 62986 RTP/AVP 0 4 18\n"
	"a=rtpmap:0 PCMU/8000\n"
	"a=rtpmap:4 G723/8000\n"
	"a=rtpmap:18 G729/8000\n"
	"a=inactive\n";

static const char *const rfc3264_10_2_bob_answer =
	"v=0\n"
	"o=bob 2890844730 2890844731 IN IP4 host.example.com\n"
	"s=\n"
	"c=IN IP4 host.example.com\n"
	"t=0 0\n"
	"m=audio 54344 RTP/AVP 0 4\n"
	"a=rtpmap:0 PCMU/8000\n"
	"a=rtpmap:4 G723/8000\n"
	"a=inactive\n";

static const char *const rfc3264_10_2_alice_reoffer =
	"v=0\n"
	"o=alice 2890844526 2890844527 IN IP4 host.anywhere.com\n"
	"s=\n"
	"c=IN IP4 host.anywhere.com\n"
	"t=0 0\n"
	"m=audio 62986 RTP/AVP 4\n"
	"a=rtpmap:4 G723/8000\n"
	"a=sendrecv\n";

static const char *const rfc3264_10_2_bob_final =
	"v=0\n"
	"o=bob 2890844730 2890844732 IN IP4 host.example.com\n"
	"s=\n"
	"c=IN IP4 host.example.com\n"
	"t=0 0\n"
	"m=audio 54344 RTP/AVP 4\n"
	"a=rtpmap:4 G723/8000\n"
	"a=sendrecv\n";

static void bob_10_2(struct sdp_caps *c)
{
	struct sdp_stream_caps *st;

	sdpt_caps_new(c, "bob", 2890844730ULL, 2890844731ULL, "host.example.com");
	st = sdpt_stream(c, "audio", 54344, SDP_DIR_SENDRECV);
	sdpt_codec(st, 0, "PCMU", 8000);
	sdpt_codec(st, 4, "G723", 8000);
}

/* RFC3264 10.2: the four SDPs of the one-of-N exchange parse and print back unchanged. */
static void test_rfc3264_10_2_examples_parse_verbatim(void)
{
	const char *const all[] = { rfc3264_10_2_alice_offer, rfc3264_10_2_bob_answer,
				    rfc3264_10_2_alice_reoffer, rfc3264_10_2_bob_final };

	for (size_t i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(sdp_parse(&offer, all[i], strlen(all[i]), &err), 0);
		SDPT_ASSERT_PRINTS(&offer, all[i]);
	}
}

/* RFC3264 10.2: "The initial offer from Alice to Bob indicates a single audio stream with
 * the three audio codecs that are available in the DSP.  The stream is marked as
 * inactive" and "Bob can support dynamic switching between PCMU and G.723.  So, he sends
 * the following answer" */
static void test_rfc3264_10_2_inactive_offer_and_answer(void)
{
	struct sdp_stream_caps *st;

	sdpt_caps_new(&caps, "alice", 2890844526ULL, 2890844526ULL, "host.anywhere.com");
	st = sdpt_stream(&caps, "audio", 62986, SDP_DIR_INACTIVE);
	sdpt_codec(st, 0, "PCMU", 8000);
	sdpt_codec(st, 4, "G723", 8000);
	sdpt_codec(st, 18, "G729", 8000);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&offer, &caps, NULL), 0);
	SDPT_ASSERT_PRINTS(&offer, sdpt_dash_name(rfc3264_10_2_alice_offer));
	bob_10_2(&caps2);
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, rfc3264_10_2_alice_offer), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps2, NULL, &neg, &err), 0);
	SDPT_ASSERT_PRINTS(&answer, sdpt_dash_name(rfc3264_10_2_bob_answer));
	CU_ASSERT_EQUAL(neg.remote_dir, SDP_DIR_INACTIVE);
	CU_ASSERT_EQUAL_FATAL(parse_into(&answer, rfc3264_10_2_bob_answer), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_apply_answer(&neg, &offer, &answer, &err), 0);
	CU_ASSERT_EQUAL(neg.pt, 0);
	CU_ASSERT_EQUAL(neg.remote_dir, SDP_DIR_INACTIVE);
}

/* RFC3264 10.2: "Alice can then select any one of these two codecs.  So, she sends an
 * updated offer with a sendrecv stream" and "Bob accepts the single codec" */
static void test_rfc3264_10_2_reoffer_locks_down_one_codec(void)
{
	struct sdp_stream_caps *st;

	sdpt_caps_new(&caps, "alice", 2890844526ULL, 2890844526ULL, "host.anywhere.com");
	st = sdpt_stream(&caps, "audio", 62986, SDP_DIR_SENDRECV);
	sdpt_codec(st, 4, "G723", 8000);
	CU_ASSERT_EQUAL_FATAL(parse_into(&prev, rfc3264_10_2_alice_offer), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_offer(&reoffer, &caps, &prev), 0);
	SDPT_ASSERT_PRINTS(&reoffer, sdpt_dash_name(rfc3264_10_2_alice_reoffer));
	bob_10_2(&caps2);
	CU_ASSERT_EQUAL_FATAL(parse_into(&offer, rfc3264_10_2_alice_reoffer), 0);
	CU_ASSERT_EQUAL_FATAL(parse_into(&prev, rfc3264_10_2_bob_answer), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_answer(&answer, &offer, &caps2, &prev, &neg, &err), 0);
	SDPT_ASSERT_PRINTS(&answer, sdpt_dash_name(rfc3264_10_2_bob_final));
	CU_ASSERT_EQUAL_FATAL(parse_into(&answer, rfc3264_10_2_bob_final), 0);
	CU_ASSERT_EQUAL_FATAL(sdp_oa_apply_answer(&neg, &offer, &answer, &err), 0);
	CU_ASSERT_EQUAL(neg.pt, 4);
	CU_ASSERT_STRING_EQUAL(neg.encoding, "G723");
	CU_ASSERT_EQUAL(neg.remote_dir, SDP_DIR_SENDRECV);
}

static const struct th_test example_tests[] = {
	TH_TEST(test_rfc3264_10_1_examples_parse_verbatim),
	TH_TEST(test_rfc3264_10_1_alice_offer_rebuilt),
	TH_TEST(test_rfc3264_10_1_bob_answer_rejects_the_first_video),
	TH_TEST(test_rfc3264_10_1_bob_reoffer_changes_port_adds_stream),
	TH_TEST(test_rfc3264_10_1_alice_answer_accepts_the_new_stream),
	TH_TEST(test_rfc3264_10_2_examples_parse_verbatim),
	TH_TEST(test_rfc3264_10_2_inactive_offer_and_answer),
	TH_TEST(test_rfc3264_10_2_reoffer_locks_down_one_codec),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3264 10 Example offer/answer exchanges", example_tests, setup, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
