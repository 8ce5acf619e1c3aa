/* tests/sip/test_vectors_guard.c - every vector, every prefix, before a guard page.
 *
 * STYLE.md §2: "Test the parser by placing each input just before an unreadable
 * page (mmap + PROT_NONE), so any read past the end crashes at once."  Each RFC 4475
 * and RFC 5118 file, and each of its prefixes (a datagram cut anywhere), goes
 * through sip_msg_parse and sip_msg_frame that way; whatever they answer, they may
 * not read a byte too far.  The valid ones also go through a simulated TCP stream:
 * framed one after another, each must parse to the same model as its datagram.
 */
#include "sip/msg.h"
#include "tests/sip/msgtest_util.h"
#include "tests/support/guard.h"
#include "tests/support/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const rfc4475_files[] = {
	"badaspec.dat", "badbranch.dat", "baddate.dat", "baddn.dat", "badinv01.dat",
	"badvers.dat", "bcast.dat", "bext01.dat", "bigcode.dat", "clerr.dat", "cparam01.dat",
	"cparam02.dat", "dblreq.dat", "esc01.dat", "esc02.dat", "escnull.dat", "escruri.dat",
	"insuf.dat", "intmeth.dat", "inv2543.dat", "invut.dat", "longreq.dat", "ltgtruri.dat",
	"lwsdisp.dat", "lwsruri.dat", "lwsstart.dat", "mcl01.dat", "mismatch01.dat",
	"mismatch02.dat", "mpart01.dat", "multi01.dat", "ncl.dat", "noreason.dat", "novelsc.dat",
	"quotbal.dat", "regaut01.dat", "regbadct.dat", "regescrt.dat", "scalar02.dat",
	"scalarlg.dat", "sdp01.dat", "semiuri.dat", "test.dat", "transports.dat", "trws.dat",
	"unkscm.dat", "unksm2.dat", "unreason.dat", "wsinv.dat", "zeromf.dat",
};

static const char *const rfc5118_files[] = {
	"ipv4-mapped-ipv6", "ipv6-bad", "ipv6-bug-abnf-3-colons", "ipv6-correct-abnf-2-colons",
	"ipv6-good", "ipv6-in-sdp", "mult-ip-in-header", "mult-ip-in-sdp", "port-ambiguous",
	"port-unambiguous", "via-received-param-no-delim", "via-received-param-with-delim",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Parses and frames every prefix of data under the guard; returns how many prefixes
 * parsed (the rest were refused, which is fine: only a crash is not). */
static size_t every_prefix(const char *data, size_t len)
{
	size_t parsed = 0;

	for (size_t n = 0; n <= len; n++) {
		struct th_guard g;
		struct sip_msg *m = NULL;
		struct sip_error err;
		size_t skip, mlen;

		if (th_guard_init(&g, data, n) != 0) {
			CU_FAIL("cannot map a guard page");
			break;
		}
		int rc = sip_msg_parse(g.data, n, &m, &err);

		CU_ASSERT(rc == 0 || rc == EBADMSG);
		if (rc == 0) {
			parsed++;
			sip_msg_destroy(m);
		} else {
			CU_ASSERT(err.offset <= n && err.reason != NULL && err.line >= 1);
		}
		rc = sip_msg_frame(g.data, n, &skip, &mlen, &err);
		CU_ASSERT(rc == 0 || rc == EAGAIN || rc == EBADMSG);
		if (rc == 0)
			CU_ASSERT(skip + mlen <= n);
		th_guard_fini(&g);
	}
	return parsed;
}

/* The whole file must have parsed as a prefix of itself iff it parses. */
static void check_file(char *data, size_t len)
{
	struct sip_msg *m = NULL;
	int whole = msgtest_parse_guarded(data, len, &m, NULL);

	CU_ASSERT(every_prefix(data, len) >= (whole == 0 ? 1u : 0u));
	sip_msg_destroy(m);
	free(data);
}

/* Guard page for all of RFC 4475, prefixes included. */
static void test_impl_guard_every_rfc4475_vector_and_prefix(void)
{
	for (size_t i = 0; i < COUNT(rfc4475_files); i++) {
		size_t len;
		char *data = msgtest_load_4475(rfc4475_files[i], &len);

		CU_ASSERT_PTR_NOT_NULL_FATAL(data);
		check_file(data, len);
	}
}

/* The same for RFC 5118, raw (LF) and converted (CRLF). */
static void test_impl_guard_every_rfc5118_vector_and_prefix(void)
{
	for (size_t i = 0; i < COUNT(rfc5118_files); i++) {
		size_t len;
		char *raw = msgtest_load_5118_raw(rfc5118_files[i], &len);

		CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
		check_file(raw, len);
		char *crlf = msgtest_load_5118(rfc5118_files[i], &len);

		CU_ASSERT_PTR_NOT_NULL_FATAL(crlf);
		check_file(crlf, len);
	}
}

/* RFC3261 18.3: "In the case of stream-oriented transports such as TCP, the
 * Content-Length header field indicates the size of the body."  Every valid vector
 * that has a Content-Length is written twice into one stream; framing finds each
 * copy and parses it to the model of its datagram. */
static void test_rfc3261_18_3_valid_vectors_framed_on_a_stream(void)
{
	static const char *const stream_files[] = {
		"wsinv.dat", "intmeth.dat", "esc01.dat", "escnull.dat", "esc02.dat", "lwsdisp.dat",
		"longreq.dat", "semiuri.dat", "transports.dat", "mpart01.dat", "unreason.dat",
		"noreason.dat", "bcast.dat", "zeromf.dat",
	};

	for (size_t i = 0; i < COUNT(stream_files); i++) {
		size_t len, skip, mlen;
		char *data = msgtest_load_4475(stream_files[i], &len);
		struct sip_msg *dgram = NULL, *framed = NULL;

		CU_ASSERT_PTR_NOT_NULL_FATAL(data);
		char *two = malloc(2 * len + 4);

		memcpy(two, "\r\n", 2);  /* §7.5: CRLF before the start-line is ignored */
		memcpy(two + 2, data, len);
		memcpy(two + 2 + len, data, len);
		CU_ASSERT_EQUAL(sip_msg_parse(data, len, &dgram, NULL), 0);
		size_t at = 0;

		for (int copy = 0; copy < 2; copy++) {
			struct th_guard g;

			if (th_guard_init(&g, two + at, 2 * len + 2 - at) != 0) {
				CU_FAIL("cannot map a guard page");
				break;
			}
			CU_ASSERT_EQUAL(sip_msg_frame(g.data, g.len, &skip, &mlen, NULL), 0);
			CU_ASSERT_EQUAL(skip, copy == 0 ? 2u : 0u);
			CU_ASSERT_EQUAL(mlen, len);
			if (sip_msg_parse(g.data + skip, mlen, &framed, NULL) == 0 && dgram != NULL) {
				CU_ASSERT_PTR_NULL(msgtest_diff(dgram, framed));
				sip_msg_destroy(framed);
			}
			th_guard_fini(&g);
			at += skip + mlen;
		}
		CU_ASSERT_EQUAL(at, 2 * len + 2);
		sip_msg_destroy(dgram);
		free(two);
		free(data);
	}
}

/* Printing is a fixed point: print(parse(print(m))) == print(m), byte for byte. */
static void test_impl_print_is_idempotent_on_every_accepted_vector(void)
{
	for (size_t i = 0; i < COUNT(rfc4475_files); i++) {
		size_t len, n1, n2;
		char *data = msgtest_load_4475(rfc4475_files[i], &len), *p1, *p2;
		struct sip_msg *m = NULL, *m2 = NULL;

		CU_ASSERT_PTR_NOT_NULL_FATAL(data);
		if (sip_msg_parse(data, len, &m, NULL) == 0) {
			CU_ASSERT_EQUAL(sip_msg_print_alloc(m, &p1, &n1), 0);
			CU_ASSERT_EQUAL(sip_msg_parse(p1, n1, &m2, NULL), 0);
			if (m2 != NULL) {
				CU_ASSERT_EQUAL(sip_msg_print_alloc(m2, &p2, &n2), 0);
				CU_ASSERT(n1 == n2 && memcmp(p1, p2, n1) == 0);
				free(p2);
				sip_msg_destroy(m2);
			}
			free(p1);
			sip_msg_destroy(m);
		}
		free(data);
	}
}

static const struct th_test guard_tests[] = {
	TH_TEST(test_impl_guard_every_rfc4475_vector_and_prefix),
	TH_TEST(test_impl_guard_every_rfc5118_vector_and_prefix),
	TH_TEST(test_impl_print_is_idempotent_on_every_accepted_vector),
	TH_END
};

static const struct th_test stream_tests[] = {
	TH_TEST(test_rfc3261_18_3_valid_vectors_framed_on_a_stream),
	TH_END
};

static const struct th_suite suites[] = {
	{ "Vectors before a guard page (STYLE.md 2)", guard_tests, NULL, NULL },
	{ "RFC3261 18.3 Framing the vectors on a stream", stream_tests, NULL, NULL },
	TH_SUITES_END
};

int main(int argc, char **argv)
{
	return th_main(argc, argv, suites);
}
