/* tests/sip/test_vectors_4475_invalid.c - RFC 4475 §3.1.2 (invalid messages),
 * §3.2 (transaction layer), §3.3 (application layer) and §3.4 (RFC 2543 syntax).
 *
 * An invalid message is refused either by the parser (sip_msg_parse, EBADMSG) or by
 * the checks a UAS applies after parsing (sip_msg_validate, EPROTO), with the status
 * RFC 4475 names; a response is dropped (status 0).  Where the decision belongs to
 * a UA, registrar or proxy (416, 420, 415, 483, ...) the test asserts that the
 * message parses and that the typed field that layer needs shows the fault; the
 * response itself is that layer's business and its tests'.
 */
#include "sip/msg.h"
#include "tests/sip/msgtest_util.h"
#include "tests/support/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The parser refuses the vector: EBADMSG, `status`, the fault on `line`. */
static void expect_parse_error(const char *name, int status, unsigned line)
{
	size_t len;
	char *data = msgtest_load_4475(name, &len);
	struct sip_msg *m = NULL;
	struct sip_error err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	int rc = msgtest_parse_guarded(data, len, &m, &err);

	free(data);
	CU_ASSERT_EQUAL(rc, EBADMSG);
	CU_ASSERT_PTR_NULL(m);
	if (rc != EBADMSG) {
		sip_msg_destroy(m);
		return;
	}
	CU_ASSERT_EQUAL(err.status, status);
	CU_ASSERT_EQUAL(err.line, line);
	CU_ASSERT_PTR_NOT_NULL(err.reason);
	if (err.status != status || err.line != line)
		printf("\n  %s: %u:%u %s (%d)\n", name, err.line, err.col, err.reason, err.status);
}

/* Parses the vector (guarded); NULL and a failed assert when it does not. */
static struct sip_msg *parsed(const char *name)
{
	size_t len;
	char *data = msgtest_load_4475(name, &len);
	struct sip_msg *m = NULL;
	struct sip_error err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	int rc = msgtest_parse_guarded(data, len, &m, &err);

	free(data);
	CU_ASSERT_EQUAL(rc, 0);
	if (rc != 0)
		printf("\n  %s: %u:%u %s\n", name, err.line, err.col, err.reason);
	return m;
}

/* The vector parses, and validation refuses it with `status` on `line`. */
static void expect_invalid(const char *name, int status, unsigned line)
{
	struct sip_msg *m = parsed(name);
	struct sip_error err;

	if (m == NULL)
		return;
	CU_ASSERT_EQUAL(sip_msg_validate(m, &err), EPROTO);
	CU_ASSERT_EQUAL(err.status, status);
	CU_ASSERT_EQUAL(err.line, line);
	if (err.status != status || err.line != line)
		printf("\n  %s: %u:%u %s (%d)\n", name, err.line, err.col, err.reason, err.status);
	sip_msg_destroy(m);
}

/* The vector parses and passes validation: the layer above decides. */
static struct sip_msg *acceptable(const char *name)
{
	struct sip_msg *m = parsed(name);

	if (m != NULL) {
		CU_ASSERT_EQUAL(sip_msg_validate(m, NULL), 0);
		CU_ASSERT_PTR_NULL(msgtest_roundtrip(m));
	}
	return m;
}

/* RFC4475 3.1.2.1: "This message is syntactically invalid.  An element receiving
 * this request should respond with a 400 Bad Request error." */
static void test_rfc4475_3_1_2_1_badinv01_extraneous_separators_400(void)
{
	expect_parse_error("badinv01.dat", 400, 7);  /* Via: SIP/2.0/UDP 192.0.2.15;;,;,, */
}

/* RFC4475 3.1.2.2: "When sent over UDP (as this message ostensibly was), the
 * receiving element should respond with a 400 Bad Request error." */
static void test_rfc4475_3_1_2_2_clerr_content_length_too_large_400(void)
{
	expect_parse_error("clerr.dat", 400, 10);  /* Content-Length: 9999 */
}

/* RFC4475 3.1.2.3: "An element receiving this message should respond with an
 * error." (Content-Length: -999) */
static void test_rfc4475_3_1_2_3_ncl_negative_content_length_400(void)
{
	expect_parse_error("ncl.dat", 400, 10);
}

/* RFC4475 3.1.2.4: "An element receiving this request should respond with a 400 Bad
 * Request due to the CSeq error." */
static void test_rfc4475_3_1_2_4_scalar02_overlarge_cseq_400(void)
{
	struct sip_msg *m = parsed("scalar02.dat");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(m->cseq->seq_too_large);
	/* "If only the Max-Forwards field were in error ..." it stays visible */
	CU_ASSERT_EQUAL(m->max_forwards, 300);
	/* "If only the expiry values were in error, the element could treat them as if
	 * they contained the default values"; RFC 3261 10.2.1.1 lets larger values read
	 * as 2**32-1 */
	CU_ASSERT_EQUAL(m->expires, 4294967295LL);
	CU_ASSERT_EQUAL(m->contact->expires, 4294967295LL);
	sip_msg_destroy(m);
	expect_invalid("scalar02.dat", 400, 5);  /* CSeq: 36893488147419103232 REGISTER */
}

/* RFC4475 3.1.2.5: "An element receiving this response will simply discard it." */
static void test_rfc4475_3_1_2_5_scalarlg_response_dropped(void)
{
	expect_invalid("scalarlg.dat", 0, 5);
}

/* RFC4475 3.1.2.6: "An element receiving this request should return a 400 Bad
 * Request error." (unterminated quote in the To display name) */
static void test_rfc4475_3_1_2_6_quotbal_unterminated_quote_400(void)
{
	expect_parse_error("quotbal.dat", 400, 2);
}

/* RFC4475 3.1.2.7: "It is reasonable always to reject a request with this error
 * with a 400 Bad Request." */
static void test_rfc4475_3_1_2_7_ltgtruri_bracketed_request_uri_400(void)
{
	expect_parse_error("ltgtruri.dat", 400, 1);
}

/* RFC4475 3.1.2.8: "An element receiving this request should respond with a 400 Bad
 * Request." (LWS inside the Request-URI) */
static void test_rfc4475_3_1_2_8_lwsruri_embedded_lws_400(void)
{
	expect_parse_error("lwsruri.dat", 400, 1);
}

/* RFC4475 3.1.2.9: "It is acceptable to reject this request as malformed." */
static void test_rfc4475_3_1_2_9_lwsstart_multiple_sp_rejected(void)
{
	expect_parse_error("lwsstart.dat", 400, 1);
}

/* RFC4475 3.1.2.10: "It is acceptable to reject this request as malformed." (SP at
 * the end of the Request-Line) */
static void test_rfc4475_3_1_2_10_trws_trailing_sp_rejected(void)
{
	expect_parse_error("trws.dat", 400, 1);
}

/* RFC4475 3.1.2.11: "It is acceptable for an element to reject this request with a
 * 400 Bad Request." (escaped headers in the Request-URI) */
static void test_rfc4475_3_1_2_11_escruri_headers_in_request_uri_400(void)
{
	expect_invalid("escruri.dat", 400, 1);
}

/* RFC4475 3.1.2.12: "It is acceptable to reject this request as malformed (though an
 * element shouldn't do that unless the contents of the Date header field were
 * actually important to its processing)."  This stack never uses Date: accepted,
 * the header kept verbatim. */
static void test_rfc4475_3_1_2_12_baddate_accepted_date_unused(void)
{
	struct sip_msg *m = acceptable("baddate.dat");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(sip_msg_hdr_get(m, "Date")->value, "Fri, 01 Jan 2010 16:00:00 EST"));
	sip_msg_destroy(m);
}

/* RFC4475 3.1.2.13: "It is reasonable for an element receiving this request to
 * respond with a 400 Bad Request." (an escaped header outside <>) */
static void test_rfc4475_3_1_2_13_regbadct_unbracketed_uri_with_headers_400(void)
{
	expect_parse_error("regbadct.dat", 400, 8);
}

/* RFC4475 3.1.2.14: "Parsers receiving this request must not break.  It is
 * reasonable to reject this request with a 400 Bad Request response." */
static void test_rfc4475_3_1_2_14_badaspec_spaces_in_addr_spec_400(void)
{
	expect_parse_error("badaspec.dat", 400, 5);
}

/* RFC4475 3.1.2.15: "It is reasonable always to reject this kind of error with a 400
 * Bad Request response." (unquoted display names with non-token characters) */
static void test_rfc4475_3_1_2_15_baddn_non_token_display_name_400(void)
{
	expect_parse_error("baddn.dat", 400, 4);
}

/* RFC4475 3.1.2.16: "The element should respond to the request with a 505 Version
 * Not Supported error." */
static void test_rfc4475_3_1_2_16_badvers_unknown_version_505(void)
{
	expect_invalid("badvers.dat", 505, 1);
}

/* RFC4475 3.1.2.17: "Any element receiving this request will respond with a 400 Bad
 * Request." (CSeq method INVITE on an OPTIONS) */
static void test_rfc4475_3_1_2_17_mismatch01_cseq_method_mismatch_400(void)
{
	expect_invalid("mismatch01.dat", 400, 6);
}

/* RFC4475 3.1.2.18: "Any element receiving this response should respond with a 501
 * Not Implemented.  A 400 Bad Request is also acceptable, but choosing a 501
 * (particularly at proxies) has better future-proof characteristics." */
static void test_rfc4475_3_1_2_18_mismatch02_unknown_method_mismatch_501(void)
{
	expect_invalid("mismatch02.dat", 501, 6);
}

/* RFC4475 3.1.2.19: "This response has a response code larger than 699.  An element
 * receiving this response should simply drop it." */
static void test_rfc4475_3_1_2_19_bigcode_overlarge_status_dropped(void)
{
	expect_parse_error("bigcode.dat", 0, 1);
}

/* RFC4475 3.2.1: "A parser must not break when receiving this message.  An element
 * receiving this request could reject the request with a 400 Response (preferably
 * statelessly ...)" */
static void test_rfc4475_3_2_1_badbranch_magic_cookie_only_400(void)
{
	struct sip_msg *m = parsed("badbranch.dat");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->via->branch, "z9hG4bK"));
	sip_msg_destroy(m);
	expect_invalid("badbranch.dat", 400, 5);
}

/* RFC4475 3.3.1: "An element receiving this message must not break because of the
 * missing information.  Ideally, it will respond with a 400 Bad Request error." */
static void test_rfc4475_3_3_1_insuf_missing_required_headers_400(void)
{
	struct sip_msg *m = parsed("insuf.dat");

	if (m == NULL)
		return;
	CU_ASSERT_PTR_NULL(m->to);
	CU_ASSERT_PTR_NULL(m->from);
	CU_ASSERT_PTR_NULL(m->call_id.p);
	sip_msg_destroy(m);
	expect_invalid("insuf.dat", 400, 1);
}

/* RFC4475 3.3.2: "A parser must accept this as a well-formed SIP request.  An
 * element receiving this request will reject it with a 416 Unsupported URI Scheme
 * response."  The 416 is the UAS's (it knows which schemes it serves): here the
 * scheme is exposed as unknown. */
static void test_rfc4475_3_3_2_unkscm_unknown_scheme_exposed_for_416(void)
{
	struct sip_msg *m = acceptable("unkscm.dat");

	if (m == NULL)
		return;
	CU_ASSERT_EQUAL(m->ruri.scheme, SIP_URI_OTHER);
	CU_ASSERT_TRUE(msgtest_is(m->ruri.scheme_name, "nobodyKnowsThisScheme"));
	CU_ASSERT_TRUE(msgtest_is(m->ruri.opaque, "totallyopaquecontent"));
	sip_msg_destroy(m);
}

/* RFC4475 3.3.3: "A parser must accept this as a well-formed SIP request."  416 or
 * 404 is the UAS's choice. */
static void test_rfc4475_3_3_3_novelsc_atypical_scheme_exposed(void)
{
	struct sip_msg *m = acceptable("novelsc.dat");

	if (m == NULL)
		return;
	CU_ASSERT_EQUAL(m->ruri.scheme, SIP_URI_OTHER);
	CU_ASSERT_TRUE(msgtest_is(m->ruri.scheme_name, "soap.beep"));
	CU_ASSERT_TRUE(msgtest_is(m->ruri.opaque, "//192.0.2.103:3002"));
	sip_msg_destroy(m);
}

/* RFC4475 3.3.4: "The message is syntactically valid.  Parsers must not fail when
 * receiving this message. ... A registrar would reject this request with a 400 Bad
 * Request response, since the To: header field is required to contain a SIP or SIPS
 * URI as an AOR."  The registrar sees the schemes here. */
static void test_rfc4475_3_3_4_unksm2_unknown_schemes_in_headers_exposed(void)
{
	struct sip_msg *m = acceptable("unksm2.dat");

	if (m == NULL)
		return;
	CU_ASSERT_EQUAL(m->to->uri.scheme, SIP_URI_OTHER);
	CU_ASSERT_TRUE(msgtest_is(m->to->uri.scheme_name, "isbn"));
	CU_ASSERT_TRUE(msgtest_is(m->from->uri.scheme_name, "http"));
	CU_ASSERT_TRUE(msgtest_is(m->from->uri.opaque, "//www.example.com"));
	CU_ASSERT_TRUE(msgtest_is(m->contact->uri.scheme_name, "name"));
	sip_msg_destroy(m);
}

/* RFC4475 3.3.5: "Any element receiving this request will respond with a 420 Bad
 * Extension response, containing an Unsupported header field listing these
 * features from either the Require or Proxy-Require header field, depending on the
 * role in which the element is responding."  The tokens are exposed for that. */
static void test_rfc4475_3_3_5_bext01_require_tokens_exposed_for_420(void)
{
	struct sip_msg *m = acceptable("bext01.dat");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->require->name, "nothingSupportsThis"));
	CU_ASSERT_TRUE(msgtest_is(m->require->next->name, "nothingSupportsThisEither"));
	CU_ASSERT_PTR_NULL(m->require->next->next);
	CU_ASSERT_TRUE(sip_token_list_has(m->proxy_require, "noProxiesSupportThis"));
	CU_ASSERT_TRUE(sip_token_list_has(m->proxy_require, "norDoAnyProxiesSupportThis"));
	sip_msg_destroy(m);
}

/* RFC4475 3.3.6: "It is syntactically valid.  A parser must not fail when receiving
 * it. ... An endpoint receiving this request would reject it with a 415 Unsupported
 * Media Type error." */
static void test_rfc4475_3_3_6_invut_unknown_content_type_exposed_for_415(void)
{
	struct sip_msg *m = acceptable("invut.dat");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->content_type->type, "application"));
	CU_ASSERT_TRUE(msgtest_is(m->content_type->subtype, "unknownformat"));
	CU_ASSERT_EQUAL(m->body.len, 40);
	sip_msg_destroy(m);
}

/* RFC4475 3.3.7: "The request is well formed.  A parser must not fail when
 * receiving it." (an Authorization header with an unknown scheme) */
static void test_rfc4475_3_3_7_regaut01_unknown_auth_scheme_exposed(void)
{
	struct sip_msg *m = acceptable("regaut01.dat");
	struct sip_str v;

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->authorization->scheme, "NoOneKnowsThisScheme"));
	CU_ASSERT_TRUE(sip_auth_param(m->authorization, "opaque-data", &v));
	CU_ASSERT_TRUE(msgtest_is(v, "here"));
	CU_ASSERT_PTR_NULL(m->authorization->realm.p);
	sip_msg_destroy(m);
}

/* RFC4475 3.3.8: "An element receiving this request would respond with a 400 Bad
 * Request error." (several Call-ID, To, From, Max-Forwards and CSeq rows) */
static void test_rfc4475_3_3_8_multi01_repeated_single_value_headers_400(void)
{
	expect_invalid("multi01.dat", 400, 11);  /* the second To */
}

/* RFC4475 3.3.9: "From a framing perspective, this situation is equivalent to an
 * invalid Content-Length value (or no value at all).  An element receiving this
 * message should respond with an error." */
static void test_rfc4475_3_3_9_mcl01_multiple_content_length_400(void)
{
	expect_parse_error("mcl01.dat", 400, 9);
}

/* RFC4475 3.3.10: "The message is well formed; parsers must not fail when receiving
 * it. ... proxies should drop such responses."  The broadcast sent-by is exposed. */
static void test_rfc4475_3_3_10_bcast_broadcast_via_exposed(void)
{
	struct sip_msg *m = acceptable("bcast.dat");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->via->next->host, "255.255.255.255"));
	CU_ASSERT_EQUAL(m->via->next->host_type, SIP_HOST_IPV4);
	sip_msg_destroy(m);
}

/* RFC4475 3.3.11: "This is a legal SIP request with the Max-Forwards header field
 * value set to zero.  A proxy should not forward the request and should respond 483
 * (Too Many Hops)." */
static void test_rfc4475_3_3_11_zeromf_max_forwards_zero_is_legal(void)
{
	struct sip_msg *m = acceptable("zeromf.dat");

	if (m == NULL)
		return;
	CU_ASSERT_EQUAL(m->max_forwards, 0);
	sip_msg_destroy(m);
}

/* RFC4475 3.3.12: "This register request contains a contact where the
 * 'unknownparam' parameter must be interpreted as a contact-param and not a
 * url-param." */
static void test_rfc4475_3_3_12_cparam01_contact_param_not_uri_param(void)
{
	struct sip_msg *m = acceptable("cparam01.dat");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->contact->params, "unknownparam"));
	CU_ASSERT_EQUAL(m->contact->uri.params.len, 0);
	sip_msg_destroy(m);
}

/* RFC4475 3.3.13: "This register request contains a contact where the URI has an
 * unknown parameter." */
static void test_rfc4475_3_3_13_cparam02_uri_param_stays_in_uri(void)
{
	struct sip_msg *m = acceptable("cparam02.dat");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->contact->uri.params, "unknownparam"));
	CU_ASSERT_PTR_NULL(m->contact->params.p);
	sip_msg_destroy(m);
}

/* RFC4475 3.3.14: "The register should succeed, and a subsequent retrieval of the
 * registration must include the escaped Route header in the contact URI for this
 * binding." */
static void test_rfc4475_3_3_14_regescrt_escaped_header_kept_in_contact_uri(void)
{
	struct sip_msg *m = acceptable("regescrt.dat");
	struct sip_str v;

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(m->contact->uri.headers, "Route=%3Csip:sip.example.com%3E"));
	CU_ASSERT_TRUE(sip_uri_header(&m->contact->uri, "route", &v));
	CU_ASSERT_TRUE(msgtest_is(v, "%3Csip:sip.example.com%3E"));
	sip_msg_destroy(m);
}

/* RFC4475 3.3.15: "The recipient of this request could respond with a 406 Not
 * Acceptable ... It is also appropriate to respond with a 400 Bad Request."  The UAS
 * reads the Accept header it needs. */
static void test_rfc4475_3_3_15_sdp01_accept_exposed_for_406(void)
{
	struct sip_msg *m = acceptable("sdp01.dat");

	if (m == NULL)
		return;
	CU_ASSERT_TRUE(msgtest_is(sip_msg_hdr_get(m, "Accept")->value, "text/nobodyKnowsThis"));
	sip_msg_destroy(m);
}

/* RFC4475 3.4.1: "This is a legal message per RFC 2543 (and several bis versions)
 * that should be accepted by RFC 3261 elements that want to maintain backwards
 * compatibility." */
static void test_rfc4475_3_4_1_inv2543_rfc2543_syntax_accepted(void)
{
	struct sip_msg *m = acceptable("inv2543.dat");

	if (m == NULL)
		return;
	CU_ASSERT_PTR_NULL(m->via->branch.p);  /* "no branch parameter at all" */
	CU_ASSERT_PTR_NULL(m->from->tag.p);    /* "There is no From tag." */
	CU_ASSERT_EQUAL(m->content_length, -1);
	/* "The body is assumed to be all octets in the datagram after the null-line." */
	CU_ASSERT_EQUAL(m->body.len, 105);
	CU_ASSERT_EQUAL(m->max_forwards, -1);  /* "There is no Max-Forwards header field." */
	sip_msg_destroy(m);
}

/* test.dat is in the RFC 4475 archive but never described by its text: a Request-Line
 * without a SIP-Version, a header line without a colon, no Via, no CSeq.  Not from
 * the RFC: this project treats it as "must be rejected". */
static void test_impl_rfc4475_archive_test_dat_rejected(void)
{
	expect_parse_error("test.dat", 400, 1);
}

static const struct th_test invalid_tests[] = {
	TH_TEST(test_rfc4475_3_1_2_1_badinv01_extraneous_separators_400),
	TH_TEST(test_rfc4475_3_1_2_2_clerr_content_length_too_large_400),
	TH_TEST(test_rfc4475_3_1_2_3_ncl_negative_content_length_400),
	TH_TEST(test_rfc4475_3_1_2_4_scalar02_overlarge_cseq_400),
	TH_TEST(test_rfc4475_3_1_2_5_scalarlg_response_dropped),
	TH_TEST(test_rfc4475_3_1_2_6_quotbal_unterminated_quote_400),
	TH_TEST(test_rfc4475_3_1_2_7_ltgtruri_bracketed_request_uri_400),
	TH_TEST(test_rfc4475_3_1_2_8_lwsruri_embedded_lws_400),
	TH_TEST(test_rfc4475_3_1_2_9_lwsstart_multiple_sp_rejected),
	TH_TEST(test_rfc4475_3_1_2_10_trws_trailing_sp_rejected),
	TH_TEST(test_rfc4475_3_1_2_11_escruri_headers_in_request_uri_400),
	TH_TEST(test_rfc4475_3_1_2_12_baddate_accepted_date_unused),
	TH_TEST(test_rfc4475_3_1_2_13_regbadct_unbracketed_uri_with_headers_400),
	TH_TEST(test_rfc4475_3_1_2_14_badaspec_spaces_in_addr_spec_400),
	TH_TEST(test_rfc4475_3_1_2_15_baddn_non_token_display_name_400),
	TH_TEST(test_rfc4475_3_1_2_16_badvers_unknown_version_505),
	TH_TEST(test_rfc4475_3_1_2_17_mismatch01_cseq_method_mismatch_400),
	TH_TEST(test_rfc4475_3_1_2_18_mismatch02_unknown_method_mismatch_501),
	TH_TEST(test_rfc4475_3_1_2_19_bigcode_overlarge_status_dropped),
	TH_END
};

static const struct th_test transaction_tests[] = {
	TH_TEST(test_rfc4475_3_2_1_badbranch_magic_cookie_only_400),
	TH_END
};

static const struct th_test application_tests[] = {
	TH_TEST(test_rfc4475_3_3_1_insuf_missing_required_headers_400),
	TH_TEST(test_rfc4475_3_3_2_unkscm_unknown_scheme_exposed_for_416),
	TH_TEST(test_rfc4475_3_3_3_novelsc_atypical_scheme_exposed),
	TH_TEST(test_rfc4475_3_3_4_unksm2_unknown_schemes_in_headers_exposed),
	TH_TEST(test_rfc4475_3_3_5_bext01_require_tokens_exposed_for_420),
	TH_TEST(test_rfc4475_3_3_6_invut_unknown_content_type_exposed_for_415),
	TH_TEST(test_rfc4475_3_3_7_regaut01_unknown_auth_scheme_exposed),
	TH_TEST(test_rfc4475_3_3_8_multi01_repeated_single_value_headers_400),
	TH_TEST(test_rfc4475_3_3_9_mcl01_multiple_content_length_400),
	TH_TEST(test_rfc4475_3_3_10_bcast_broadcast_via_exposed),
	TH_TEST(test_rfc4475_3_3_11_zeromf_max_forwards_zero_is_legal),
	TH_TEST(test_rfc4475_3_3_12_cparam01_contact_param_not_uri_param),
	TH_TEST(test_rfc4475_3_3_13_cparam02_uri_param_stays_in_uri),
	TH_TEST(test_rfc4475_3_3_14_regescrt_escaped_header_kept_in_contact_uri),
	TH_TEST(test_rfc4475_3_3_15_sdp01_accept_exposed_for_406),
	TH_END
};

static const struct th_test compat_tests[] = {
	TH_TEST(test_rfc4475_3_4_1_inv2543_rfc2543_syntax_accepted),
	TH_TEST(test_impl_rfc4475_archive_test_dat_rejected),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC4475 3.1.2 Invalid Messages", invalid_tests, NULL, NULL },
	{ "RFC4475 3.2 Transaction Layer Semantics", transaction_tests, NULL, NULL },
	{ "RFC4475 3.3 Application-Layer Semantics", application_tests, NULL, NULL },
	{ "RFC4475 3.4 Backward Compatibility", compat_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
