/* tests/sip/test_location.c - the location service (sip/location.h): canonical AORs
 * (RFC 3261 §10.3 step 5), bindings with expiry on the virtual clock, q ordering,
 * atomic replacement, capacity, contact lookup (§19.1.4).
 */
#include "sip/location.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define S(x) (x##ull * 1000000ull)  /* seconds → us */

static struct sip_location *loc;

static void setup(void)
{
	CU_ASSERT_EQUAL(sip_location_create(&loc, NULL), 0);
}

static void teardown(void)
{
	sip_location_destroy(loc);
	loc = NULL;
}

static int canon(const char *text, char *buf, size_t cap)
{
	struct sip_uri uri;

	if (sip_uri_parse(&uri, text, strlen(text), NULL) != 0)
		return -1;
	return sip_location_canonical(&uri, buf, cap);
}

static struct sip_binding mk(const char *uri, int q, const char *call_id, uint32_t cseq,
			     uint64_t expires_us)
{
	struct sip_binding b;

	memset(&b, 0, sizeof(b));
	snprintf(b.uri, sizeof(b.uri), "%s", uri);
	snprintf(b.call_id, sizeof(b.call_id), "%s", call_id);
	b.q = q;
	b.cseq = cseq;
	b.expires_us = expires_us;
	return b;
}

/* ---- RFC3261 10.3 canonical AOR ------------------------------------------------- */

/* RFC3261 10.3: "The URI MUST then be converted to a canonical form.  To do that, all
 * URI parameters MUST be removed (including the user-param), and any escaped
 * characters MUST be converted to their unescaped form." */
static void test_rfc3261_10_3_canonical_aor_drops_parameters(void)
{
	char buf[SIP_LOCATION_AOR_SIZE];

	CU_ASSERT_EQUAL(canon("sip:bob@biloxi.example.com;user=phone;transport=tcp", buf,
			      sizeof(buf)), 0);
	CU_ASSERT_STRING_EQUAL(buf, "sip:bob@biloxi.example.com");
	CU_ASSERT_EQUAL(canon("sips:bob:secret@biloxi.example.com?subject=x", buf, sizeof(buf)),
			0);
	CU_ASSERT_STRING_EQUAL(buf, "sips:bob@biloxi.example.com");
}

/* RFC3261 10.3: "any escaped characters MUST be converted to their unescaped form." */
static void test_rfc3261_10_3_canonical_aor_unescapes_user(void)
{
	char a[SIP_LOCATION_AOR_SIZE], b[SIP_LOCATION_AOR_SIZE];

	CU_ASSERT_EQUAL(canon("sip:%62o%62@biloxi.example.com", a, sizeof(a)), 0);
	CU_ASSERT_EQUAL(canon("sip:bob@biloxi.example.com", b, sizeof(b)), 0);
	CU_ASSERT_STRING_EQUAL(a, b);
	CU_ASSERT_EQUAL(canon("sip:%00@biloxi.example.com", a, sizeof(a)), EBADMSG);
}

/* RFC3261 19.1.4: "comparison of the userinfo of SIP and SIPS URIs is case-sensitive
 * ... Comparison of all other components of the URI is case-insensitive", so the
 * index keeps the user's case and folds the scheme and host. */
static void test_rfc3261_19_1_4_canonical_aor_folds_host_not_user(void)
{
	char buf[SIP_LOCATION_AOR_SIZE];

	CU_ASSERT_EQUAL(canon("SIP:Bob@BiLoxi.Example.COM:5070", buf, sizeof(buf)), 0);
	CU_ASSERT_STRING_EQUAL(buf, "sip:Bob@biloxi.example.com:5070");
	CU_ASSERT_EQUAL(canon("sip:biloxi.example.com", buf, sizeof(buf)), 0);
	CU_ASSERT_STRING_EQUAL(buf, "sip:biloxi.example.com");
}

/* RFC3261 19.1.4: "A SIP and SIPS URI are never equivalent." */
static void test_rfc3261_19_1_4_canonical_aor_keeps_sips_apart(void)
{
	char a[SIP_LOCATION_AOR_SIZE], b[SIP_LOCATION_AOR_SIZE];

	CU_ASSERT_EQUAL(canon("sip:bob@biloxi.example.com", a, sizeof(a)), 0);
	CU_ASSERT_EQUAL(canon("sips:bob@biloxi.example.com", b, sizeof(b)), 0);
	CU_ASSERT_STRING_NOT_EQUAL(a, b);
}

static void test_impl_canonical_aor_refuses_other_schemes_and_small_buffers(void)
{
	char buf[SIP_LOCATION_AOR_SIZE];

	CU_ASSERT_EQUAL(canon("tel:+1-212-555-1234", buf, sizeof(buf)), EINVAL);
	CU_ASSERT_EQUAL(canon("mailto:bob@biloxi.example.com", buf, sizeof(buf)), EINVAL);
	CU_ASSERT_EQUAL(canon("sip:bob@biloxi.example.com", buf, 10), ENOBUFS);
	CU_ASSERT_EQUAL(canon("sip:bob@biloxi.example.com", buf, 0), ENOBUFS);
	CU_ASSERT_EQUAL(sip_location_key(SIP_URI_SIP, SIP_STR_LIT("bob"), "", buf, sizeof(buf)),
			EINVAL);
	CU_ASSERT_EQUAL(sip_location_key(SIP_URI_SIPS, SIP_STR_LIT("b%6Fb"), "Biloxi.COM", buf,
					 sizeof(buf)), 0);
	CU_ASSERT_STRING_EQUAL(buf, "sips:bob@biloxi.com");
	CU_ASSERT_EQUAL(sip_location_key(SIP_URI_SIP, SIP_STR_LIT("bob"), "biloxi.example.com",
					 buf, 20), ENOBUFS);
	CU_ASSERT_EQUAL(sip_location_key(SIP_URI_SIP, SIP_STR_LIT("bo%4"), "biloxi.com", buf,
					 sizeof(buf)), EBADMSG);
}

/* ---- Bindings --------------------------------------------------------------------- */

/* RFC3261 10.2.1.2: "This list can be prioritized with the "q" parameter in the
 * Contact header field"; RFC3261 16.6: "Targets are processed from highest qvalue to
 * lowest."  Lookup returns them in that order; a missing q counts as 1.0. */
static void test_rfc3261_16_6_lookup_orders_bindings_by_q(void)
{
	struct sip_binding in[4] = {
		mk("sip:low@192.0.2.1", 100, "c", 1, S(100)),
		mk("sip:none@192.0.2.2", -1, "c", 1, S(100)),
		mk("sip:mid@192.0.2.3", 500, "c", 1, S(100)),
		mk("sip:top@192.0.2.4", 1000, "c", 1, S(100)),
	};
	size_t n = 0;

	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:bob@biloxi.com", in, 4, 0), 0);
	const struct sip_binding *b = sip_location_lookup(loc, "sip:bob@biloxi.com", 0, &n);

	CU_ASSERT_EQUAL_FATAL(n, 4);
	CU_ASSERT_STRING_EQUAL(b[0].uri, "sip:none@192.0.2.2");  /* equal q: given order */
	CU_ASSERT_STRING_EQUAL(b[1].uri, "sip:top@192.0.2.4");
	CU_ASSERT_STRING_EQUAL(b[2].uri, "sip:mid@192.0.2.3");
	CU_ASSERT_STRING_EQUAL(b[3].uri, "sip:low@192.0.2.1");
	CU_ASSERT_PTR_NULL(sip_location_lookup(loc, "sip:alice@biloxi.com", 0, &n));
	CU_ASSERT_EQUAL(n, 0);
}

/* RFC3261 10.2.1: "Registrations are soft state and expire unless refreshed": a
 * binding written at 0 with 3600 s lives through 3599.999999 s and is gone at 3600 s
 * exactly on the virtual clock. */
static void test_rfc3261_10_2_1_binding_expires_exactly(void)
{
	struct sip_binding in[2] = {
		mk("sip:bob@192.0.2.4", -1, "c", 1, S(3600)),
		mk("sip:bob@192.0.2.5", -1, "c", 1, S(60)),
	};
	size_t n = 0;

	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:bob@biloxi.com", in, 2, 0), 0);
	(void)sip_location_lookup(loc, "sip:bob@biloxi.com", S(60) - 1, &n);
	CU_ASSERT_EQUAL(n, 2);
	(void)sip_location_lookup(loc, "sip:bob@biloxi.com", S(60), &n);
	CU_ASSERT_EQUAL(n, 1);
	(void)sip_location_lookup(loc, "sip:bob@biloxi.com", S(3600) - 1, &n);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 1);
	(void)sip_location_lookup(loc, "sip:bob@biloxi.com", S(3600), &n);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 0);
}

/* The expires parameter a 200 OK lists (RFC3261 10.3 step 8: "its expiration interval
 * chosen by the registrar") is the time left, rounded up to whole seconds. */
static void test_rfc3261_10_3_remaining_seconds_round_up(void)
{
	struct sip_binding b = mk("sip:bob@192.0.2.4", -1, "c", 1, S(3600));

	CU_ASSERT_EQUAL(sip_binding_remaining_s(&b, 0), 3600);
	CU_ASSERT_EQUAL(sip_binding_remaining_s(&b, 1), 3600);
	CU_ASSERT_EQUAL(sip_binding_remaining_s(&b, S(1)), 3599);
	CU_ASSERT_EQUAL(sip_binding_remaining_s(&b, S(3600) - 1), 1);
	CU_ASSERT_EQUAL(sip_binding_remaining_s(&b, S(3600)), 0);
	b.expires_us = UINT64_MAX;
	CU_ASSERT_EQUAL(sip_binding_remaining_s(&b, 0), UINT32_MAX);
}

/* RFC3261 10.3: "The binding updates MUST be committed ... if and only if all binding
 * updates and additions succeed."  One binding too many changes nothing. */
static void test_rfc3261_10_3_replace_is_all_or_nothing(void)
{
	struct sip_location_config cfg = { .max_aors = 2, .max_bindings = 2 };
	struct sip_binding in[3] = {
		mk("sip:a@192.0.2.1", -1, "c", 1, S(10)),
		mk("sip:b@192.0.2.2", -1, "c", 1, S(10)),
		mk("sip:c@192.0.2.3", -1, "c", 1, S(10)),
	};
	size_t n = 0;

	sip_location_destroy(loc);
	CU_ASSERT_EQUAL_FATAL(sip_location_create(&loc, &cfg), 0);
	CU_ASSERT_EQUAL(sip_location_config(loc)->max_bindings, 2);
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:bob@x", in, 1, 0), 0);
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:bob@x", in, 3, 0), ENOBUFS);
	const struct sip_binding *b = sip_location_lookup(loc, "sip:bob@x", 0, &n);

	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(b[0].uri, "sip:a@192.0.2.1");
	/* Three given, one already expired: two live ones fit. */
	in[2].expires_us = 0;
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:bob@x", in, 3, 0), 0);
	(void)sip_location_lookup(loc, "sip:bob@x", 0, &n);
	CU_ASSERT_EQUAL(n, 2);
}

/* Capacity is named and refused with ENOBUFS (DESIGN.md; the registrar answers 503);
 * expired AORs make room first. */
static void test_impl_location_table_full_then_room_after_expiry(void)
{
	struct sip_location_config cfg = { .max_aors = 2, .max_bindings = 4 };
	struct sip_binding b = mk("sip:a@192.0.2.1", -1, "c", 1, S(10));
	size_t n = 0;

	sip_location_destroy(loc);
	CU_ASSERT_EQUAL_FATAL(sip_location_create(&loc, &cfg), 0);
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:a@x", &b, 1, 0), 0);
	b.expires_us = S(20);
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:b@x", &b, 1, 0), 0);
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:c@x", &b, 1, 0), ENOBUFS);
	CU_ASSERT_PTR_NULL(sip_location_lookup(loc, "sip:c@x", 0, &n));
	/* An update of an existing AOR still works when the table is full. */
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:b@x", &b, 1, 0), 0);
	/* At 10 s sip:a@x has expired: sip:c@x takes its place. */
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:c@x", &b, 1, S(10)), 0);
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 2);
	(void)sip_location_lookup(loc, "sip:c@x", S(10), &n);
	CU_ASSERT_EQUAL(n, 1);
}

/* RFC3261 10.3 step 7: "the binding MUST be removed if the expiration time is zero":
 * replacing with nothing (or only expired bindings) removes the AOR. */
static void test_rfc3261_10_3_replace_with_none_removes_aor(void)
{
	struct sip_binding b = mk("sip:a@192.0.2.1", -1, "c", 1, S(10));
	size_t n = 0;

	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:a@x", &b, 1, 0), 0);
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 1);
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:a@x", NULL, 0, 0), 0);
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 0);
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:a@x", &b, 1, S(10)), 0);
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 0);
	CU_ASSERT_PTR_NULL(sip_location_lookup(loc, "sip:a@x", 0, &n));
}

static void test_impl_location_replace_refuses_bad_input(void)
{
	struct sip_binding b = mk("sip:a@192.0.2.1", -1, "c", 1, S(10));
	char long_aor[SIP_LOCATION_AOR_SIZE + 1];

	memset(long_aor, 'a', sizeof(long_aor) - 1);
	long_aor[sizeof(long_aor) - 1] = '\0';
	CU_ASSERT_EQUAL(sip_location_replace(loc, "", &b, 1, 0), EINVAL);
	CU_ASSERT_EQUAL(sip_location_replace(loc, long_aor, &b, 1, 0), EINVAL);
	b.uri[0] = '\0';
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:a@x", &b, 1, 0), EINVAL);
	memset(b.call_id, 'x', sizeof(b.call_id));
	snprintf(b.uri, sizeof(b.uri), "sip:a@192.0.2.1");
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:a@x", &b, 1, 0), EINVAL);
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 0);
}

/* RFC3261 10.3 step 7: "the registrar then searches the list of current bindings using
 * the URI comparison rules"; a proxy finds the binding behind a Contact the same way
 * (§19.1.4: host case-insensitive, parameters in any order). */
static void test_rfc3261_19_1_4_find_contact_uses_uri_equality(void)
{
	struct sip_binding in[2] = {
		mk("sip:bob@192.0.2.4:5070;transport=udp;ob", -1, "c", 1, S(10)),
		mk("sip:carol@Chicago.example.com", -1, "c", 1, S(10)),
	};
	const char *aor = NULL;
	struct sip_uri u;
	const char *t1 = "sip:bob@192.0.2.4:5070;ob;TRANSPORT=UDP";
	const char *t2 = "sip:carol@chicago.EXAMPLE.com";
	const char *t3 = "sip:Carol@chicago.example.com";

	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:bob@x", in, 1, 0), 0);
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:carol@x", in + 1, 1, 0), 0);
	CU_ASSERT_EQUAL_FATAL(sip_uri_parse(&u, t1, strlen(t1), NULL), 0);
	const struct sip_binding *b = sip_location_find_contact(loc, &u, 0, &aor);

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_STRING_EQUAL(b->uri, in[0].uri);
	CU_ASSERT_STRING_EQUAL(aor, "sip:bob@x");
	CU_ASSERT_PTR_NULL(sip_location_find_contact(loc, &u, S(10), NULL));
	CU_ASSERT_EQUAL_FATAL(sip_uri_parse(&u, t2, strlen(t2), NULL), 0);
	CU_ASSERT_PTR_NOT_NULL(sip_location_find_contact(loc, &u, 0, NULL));
	CU_ASSERT_EQUAL_FATAL(sip_uri_parse(&u, t3, strlen(t3), NULL), 0);
	CU_ASSERT_PTR_NULL(sip_location_find_contact(loc, &u, 0, NULL));
}

struct visit {
	unsigned aors, bindings;
};

static void count_visit(void *arg, const char *aor, const struct sip_binding *b, size_t n)
{
	struct visit *v = arg;

	(void)aor;
	(void)b;
	v->aors++;
	v->bindings += (unsigned)n;
}

static void test_impl_location_foreach_and_expire_skip_expired(void)
{
	struct sip_binding in[3] = {
		mk("sip:a@192.0.2.1", -1, "c", 1, S(10)),
		mk("sip:b@192.0.2.2", -1, "c", 1, S(20)),
		mk("sip:c@192.0.2.3", -1, "c", 1, S(10)),
	};
	struct visit v = { 0, 0 };

	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:1@x", in, 2, 0), 0);
	CU_ASSERT_EQUAL(sip_location_replace(loc, "sip:2@x", in + 2, 1, 0), 0);
	sip_location_foreach(loc, 0, count_visit, &v);
	CU_ASSERT_EQUAL(v.aors, 2);
	CU_ASSERT_EQUAL(v.bindings, 3);
	memset(&v, 0, sizeof(v));
	sip_location_foreach(loc, S(15), count_visit, &v);
	CU_ASSERT_EQUAL(v.aors, 1);
	CU_ASSERT_EQUAL(v.bindings, 1);
	CU_ASSERT_EQUAL(sip_location_expire(loc, S(20)), 1);
	CU_ASSERT_EQUAL(sip_location_aor_count(loc), 0);
}

static const struct th_test canonical_tests[] = {
	TH_TEST(test_rfc3261_10_3_canonical_aor_drops_parameters),
	TH_TEST(test_rfc3261_10_3_canonical_aor_unescapes_user),
	TH_TEST(test_rfc3261_19_1_4_canonical_aor_folds_host_not_user),
	TH_TEST(test_rfc3261_19_1_4_canonical_aor_keeps_sips_apart),
	TH_TEST(test_impl_canonical_aor_refuses_other_schemes_and_small_buffers),
	TH_END
};

static const struct th_test binding_tests[] = {
	TH_TEST(test_rfc3261_16_6_lookup_orders_bindings_by_q),
	TH_TEST(test_rfc3261_10_2_1_binding_expires_exactly),
	TH_TEST(test_rfc3261_10_3_remaining_seconds_round_up),
	TH_TEST(test_rfc3261_10_3_replace_is_all_or_nothing),
	TH_TEST(test_impl_location_table_full_then_room_after_expiry),
	TH_TEST(test_rfc3261_10_3_replace_with_none_removes_aor),
	TH_TEST(test_impl_location_replace_refuses_bad_input),
	TH_TEST(test_rfc3261_19_1_4_find_contact_uses_uri_equality),
	TH_TEST(test_impl_location_foreach_and_expire_skip_expired),
	TH_END
};

static const struct th_suite suites[] = {
	{ "RFC3261 10.3 canonical address-of-record", canonical_tests, NULL, NULL },
	{ "RFC3261 10 location service bindings", binding_tests, setup, teardown },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
