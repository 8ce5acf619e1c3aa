/* sip/digest_format.c - writing challenge and credentials values (RFC 2617 §3.2.1,
 * §3.2.2, RFC 7616 §3.3-§3.4, RFC 3261 §22.4).
 *
 * Which directives are quoted is fixed by history, not by taste:
 *   quoted:   realm, nonce, opaque, qop-options (challenge); username, realm, nonce,
 *             uri, response, cnonce, opaque (credentials)
 *   unquoted: algorithm, stale (challenge); algorithm, qop, nc (credentials)
 * Peers that compare strings break when this is wrong (docs/auth.md).
 *
 * Output goes into the caller's buffer through a small writer that records overflow
 * and is checked once at the end (DESIGN.md "Ownership").
 *
 * Leaves out: the domain directive, Authentication-Info.
 */
#include "sip/digest.h"

#include <errno.h>
#include <string.h>

struct writer {
	char *out;       /* caller's buffer */
	size_t size;     /* its size in bytes */
	size_t len;      /* bytes written so far, excluding the NUL */
	bool overflow;   /* something did not fit */
	bool bad_value;  /* a value could not be written as a quoted-string */
	unsigned params; /* directives written so far */
};

static void w_init(struct writer *w, char *out, size_t size)
{
	w->out = out;
	w->size = size;
	w->len = 0;
	w->overflow = size == 0;
	w->bad_value = false;
	w->params = 0;
	if (size > 0)
		out[0] = '\0';
}

static void w_char(struct writer *w, char ch)
{
	if (w->overflow || w->len + 1 >= w->size) {
		w->overflow = true;
		return;
	}
	w->out[w->len++] = ch;
	w->out[w->len] = '\0';
}

static void w_str(struct writer *w, const char *s)
{
	while (*s != '\0')
		w_char(w, *s++);
}

/* RFC3261 25.1: "In quoted strings, quotation marks (") and backslashes (\) need to be
 * escaped."  CR, LF and other controls cannot appear even escaped; writing them would
 * let a username inject header lines, so they are refused. */
static void w_quoted(struct writer *w, const char *s)
{
	w_char(w, '"');
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			w->bad_value = true;
		if (ch == '"' || ch == '\\')
			w_char(w, '\\');
		w_char(w, (char)ch);
	}
	w_char(w, '"');
}

/* ", name=" before every directive but the first. */
static void w_name(struct writer *w, const char *name)
{
	if (w->params++ > 0)
		w_str(w, ", ");
	w_str(w, name);
	w_char(w, '=');
}

/* name="value": a directive whose value is a quoted-string. */
static void w_quoted_param(struct writer *w, const char *name, const char *value)
{
	w_name(w, name);
	w_quoted(w, value);
}

/* name=value: a directive whose value is a token (algorithm, stale, qop, nc). */
static void w_token_param(struct writer *w, const char *name, const char *value)
{
	w_name(w, name);
	w_str(w, value);
}

static int w_done(const struct writer *w)
{
	if (w->bad_value)
		return EINVAL;
	return w->overflow ? ENOBUFS : 0;
}

/* qop="auth" or qop="auth,auth-int": the list, in one quoted-string. */
static void w_qop_options(struct writer *w, unsigned offered)
{
	bool first = true;

	w_name(w, "qop");
	w_char(w, '"');
	for (unsigned q = SIP_DIGEST_QOP_AUTH; q <= SIP_DIGEST_QOP_AUTH_INT; q++) {
		if (!(offered & SIP_DIGEST_QOP_BIT(q)))
			continue;
		if (!first)
			w_char(w, ',');
		w_str(w, sip_digest_qop_name((enum sip_digest_qop)q));
		first = false;
	}
	w_char(w, '"');
}

int sip_digest_challenge_format(const struct sip_digest_challenge *c, char *out, size_t size)
{
	const char *alg = sip_digest_alg_name(c->alg);
	struct writer w;

	w_init(&w, out, size);
	if (alg == NULL)
		return EINVAL;
	w_str(&w, "Digest ");
	w_quoted_param(&w, "realm", c->realm);
	w_quoted_param(&w, "nonce", c->nonce);
	if (c->has_opaque)
		w_quoted_param(&w, "opaque", c->opaque);
	/* RFC7616 3.3: "a sender MUST NOT generate the quoted string syntax values for
	 * the following parameters: stale and algorithm." */
	w_token_param(&w, "algorithm", alg);
	/* RFC3261 22.4 item 8: "servers MUST always send a "qop" parameter in
	 * WWW-Authenticate and Proxy-Authenticate header field values." */
	if (c->qop_offered != 0)
		w_qop_options(&w, c->qop_offered);
	if (c->stale)
		w_token_param(&w, "stale", "TRUE");
	return w_done(&w);
}

int sip_digest_credentials_format(const struct sip_digest_credentials *c, char *out,
				  size_t size)
{
	const char *alg = sip_digest_alg_name(c->alg);
	struct writer w;

	w_init(&w, out, size);
	if (alg == NULL)
		return EINVAL;
	w_str(&w, "Digest ");
	w_quoted_param(&w, "username", c->username);
	w_quoted_param(&w, "realm", c->realm);
	w_quoted_param(&w, "nonce", c->nonce);
	/* RFC3261 22.4 item 2: "For SIP, the 'uri' MUST be enclosed in quotation marks." */
	w_quoted_param(&w, "uri", c->uri);
	w_quoted_param(&w, "response", c->response);
	w_token_param(&w, "algorithm", alg);
	if (c->qop != SIP_DIGEST_QOP_NONE)
		w_quoted_param(&w, "cnonce", c->cnonce);
	if (c->has_opaque)
		w_quoted_param(&w, "opaque", c->opaque);
	if (c->qop != SIP_DIGEST_QOP_NONE) {
		char nc[SIP_DIGEST_NC_SIZE];

		/* RFC2617 3.2.2: "Note that this is a single token, not a quoted list" */
		w_token_param(&w, "qop", sip_digest_qop_name(c->qop));
		sip_digest_nc_format(c->nc, nc);
		w_token_param(&w, "nc", nc);
	}
	return w_done(&w);
}
