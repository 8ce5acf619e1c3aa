/* tests/bench/bench_digest.c - hash throughput and the cost of one Digest response.
 *
 * md5 / sha256: 16 KiB per iteration, so the wall-clock line reads in KiB/s (divide
 * by 1024 for MiB/s).  response: one full RFC 2617 §3.2.2.1 request-digest (three
 * hashes of short strings), what a registrar pays per REGISTER.  parse: reading the
 * RFC 2617 §3.5 Authorization value into a struct.
 */
#include "sip/digest.h"
#include "sip/md5.h"
#include "sip/sha256.h"
#include "tests/bench/bench.h"

#include <string.h>

#define CHUNK 16384

static unsigned char data[CHUNK];

static void setup_data(void)
{
	for (size_t i = 0; i < CHUNK; i++)
		data[i] = (unsigned char)(i * 131 + 7);
}

static void run_md5(unsigned long iters)
{
	uint8_t d[SIP_MD5_SIZE];

	for (unsigned long i = 0; i < iters; i++) {
		sip_md5(data, CHUNK, d);
		bench_consume(d, d[0]);
	}
}

static void run_sha256(unsigned long iters)
{
	uint8_t d[SIP_SHA256_SIZE];

	for (unsigned long i = 0; i < iters; i++) {
		sip_sha256(data, CHUNK, d);
		bench_consume(d, d[0]);
	}
}

static void run_response(unsigned long iters)
{
	struct sip_digest_input in = {
		.alg = SIP_DIGEST_MD5, .qop = SIP_DIGEST_QOP_AUTH,
		.username = "Mufasa", .realm = "testrealm@host.com", .password = "Circle Of Life",
		.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093", .cnonce = "0a4f113b",
		.method = "REGISTER", .uri = "sip:biloxi.com",
	};
	char out[SIP_DIGEST_HEX_SIZE];

	for (unsigned long i = 0; i < iters; i++) {
		in.nc = (uint32_t)i + 1;
		sip_digest_response(&in, out);
		bench_consume(out, (unsigned long)out[0]);
	}
}

static void run_parse(unsigned long iters)
{
	static const char v[] =
		"Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
		"nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, "
		"nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", "
		"opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
	struct sip_digest_credentials cr;

	for (unsigned long i = 0; i < iters; i++) {
		int err = sip_digest_credentials_parse(v, sizeof v - 1, &cr);

		bench_consume(&cr, (unsigned long)err);
	}
}

static const struct bench_case cases[] = {
	{ "md5", "KiB", CHUNK / 1024, setup_data, run_md5, NULL },
	{ "sha256", "KiB", CHUNK / 1024, setup_data, run_sha256, NULL },
	{ "digest_response_md5", "response", 1, NULL, run_response, NULL },
	{ "digest_parse_credentials", "header", 1, NULL, run_parse, NULL },
	BENCH_END
};

int main(int argc, char **argv)
{
	return bench_main(argc, argv, cases);
}
