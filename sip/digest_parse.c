/* sip/digest_parse.c - reading challenge and credentials values (RFC 3261 §25.1,
 * RFC 2617 §3.2.1, §3.2.2).
 *
 * The grammar, from RFC 3261 §25.1 (the auth rules at the end):
 *     challenge    = "Digest" LWS digest-cln *(COMMA digest-cln)
 *     credentials  = "Digest" LWS dig-resp *(COMMA dig-resp)
 *     auth-param   = auth-param-name EQUAL ( token / quoted-string )
 *     COMMA = SWS "," SWS    EQUAL = SWS "=" SWS    SWS = [LWS]
 *     LWS = [*WSP CRLF] 1*WSP
 * Every directive is an auth-param, so one tokenizer (sip_digest_param_next) reads
 * both lists; the two parse functions only give meaning to the names.
 *
 * The tokenizer never writes and never reads outside [list, list + len): each read
 * is preceded by a `p < end` check.  Values are copied out, unescaped, into the
 * caller's struct; anything longer than its field is refused (ENOBUFS).
 *
 * Leaves out: the domain directive's URI list (ignored), userhash, charset, username*.
 * Liberal on receipt where real peers differ: any directive may arrive quoted or as a
 * token (RFC 3665 §2.2 F1 sends qop="auth"; RFC 2617 §3.2.2.4 shows realm unquoted),
 * hex in nc may be uppercase, and names and tokens are case-insensitive.
 */
#include "sip/digest.h"
#include "sip/digest_internal.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static bool is_wsp(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* RFC3261 25.1: "token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`"
 * / "'" / "~" )" */
static bool is_token_char(char ch)
{
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
		return true;
	return ch != '\0' && strchr("-.!%*_+`'~", ch) != NULL;
}

/* True if [p, end) starts with a line fold: CRLF followed by a space or tab. */
static bool at_fold(const char *p, const char *end)
{
	return end - p >= 3 && p[0] == '\r' && p[1] == '\n' && is_wsp(p[2]);
}

/* SWS = [LWS]; LWS = [*WSP CRLF] 1*WSP */
static void skip_sws(struct sip_digest_cursor *c)
{
	for (;;) {
		if (c->p < c->end && is_wsp(*c->p))
			c->p++;
		else if (at_fold(c->p, c->end))
			c->p += 3;
		else
			return;
	}
}

static size_t skip_token(struct sip_digest_cursor *c)
{
	const char *start = c->p;

	while (c->p < c->end && is_token_char(*c->p))
		c->p++;
	return (size_t)(c->p - start);
}

/* RFC3261 25.1: "qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII" (the
 * non-ASCII bytes are taken as they come; their UTF-8 form is not checked). */
static bool is_qdtext(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == 0x21 || (ch >= 0x23 && ch <= 0x5b) ||
	       (ch >= 0x5d && ch <= 0x7e) || ch >= 0x80;
}

/* Reads a quoted-string whose opening DQUOTE is at c->p.  On success the value view
 * is the text between the quotes, escapes still in it. */
static int read_quoted(struct sip_digest_cursor *c, struct sip_digest_param *out)
{
	const char *q = c->p + 1;

	while (q < c->end && *q != '"') {
		if (*q == '\\') {
			/* RFC3261 25.1: "quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)" -
			 * "the characters CR and LF cannot be escaped" */
			if (q + 1 >= c->end || q[1] == '\r' || q[1] == '\n' || (q[1] & 0x80)) {
				c->p = q;
				return EBADMSG;
			}
			q += 2;
		} else if (at_fold(q, c->end)) {
			q += 3;
		} else if (is_qdtext((unsigned char)*q)) {
			q++;
		} else {
			c->p = q;
			return EBADMSG;
		}
	}
	if (q >= c->end) {
		c->p = q;
		return EBADMSG;  /* unterminated */
	}
	out->quoted = true;
	out->value = c->p + 1;
	out->value_len = (size_t)(q - out->value);
	c->p = q + 1;
	return 0;
}

void sip_digest_cursor_init(struct sip_digest_cursor *c, const char *list, size_t len)
{
	c->p = list;
	c->end = list + len;
	c->need_comma = false;
}

int sip_digest_param_next(struct sip_digest_cursor *c, struct sip_digest_param *out)
{
	skip_sws(c);
	if (c->p >= c->end)
		return ENOENT;
	if (c->need_comma) {
		if (*c->p != ',')
			return EBADMSG;
		c->p++;
		skip_sws(c);
	}
	out->name = c->p;
	out->name_len = skip_token(c);
	if (out->name_len == 0)
		return EBADMSG;  /* also a trailing comma: "1#" elements are never empty */
	skip_sws(c);
	if (c->p >= c->end || *c->p != '=')
		return EBADMSG;
	c->p++;
	skip_sws(c);
	if (c->p < c->end && *c->p == '"') {
		int err = read_quoted(c, out);

		if (err != 0)
			return err;
	} else {
		out->quoted = false;
		out->value = c->p;
		out->value_len = skip_token(c);
		if (out->value_len == 0)
			return EBADMSG;
	}
	c->need_comma = true;
	return 0;
}

int sip_digest_unquote(const struct sip_digest_param *p, char *out, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return ENOBUFS;
	for (size_t i = 0; i < p->value_len; i++) {
		char ch = p->value[i];

		if (p->quoted && ch == '\\' && i + 1 < p->value_len) {
			ch = p->value[++i];  /* quoted-pair: the escaped byte itself */
		} else if (p->quoted && ch == '\r' && i + 1 < p->value_len && p->value[i + 1] == '\n') {
			i++;  /* a fold: RFC 3261 §7.3.1, LWS "has the same semantics as SP" */
			continue;
		}
		if (n + 1 >= size)
			return ENOBUFS;
		out[n++] = ch;
	}
	out[n] = '\0';
	return 0;
}

/* The scheme before the list: "Digest" LWS.  Leaves the cursor on the list. */
static int read_scheme(struct sip_digest_cursor *c, const char *value, size_t len)
{
	sip_digest_cursor_init(c, value, len);
	skip_sws(c);

	const char *scheme = c->p;
	size_t n = skip_token(c);

	if (n == 0)
		return EBADMSG;
	/* RFC3261 22: "Servers MUST NOT accept credentials using the "Basic"
	 * authorization scheme" - and a UA has nothing to answer it with. */
	if (!sip_digest_token_ieq(scheme, n, "Digest"))
		return ENOTSUP;
	if (c->p >= c->end || !(is_wsp(*c->p) || at_fold(c->p, c->end)))
		return EBADMSG;  /* "Digest" LWS: at least one space before the list */
	return 0;
}

/* Gives meaning to one directive of a list (challenge_param, credentials_param);
 * `seen` collects a bit per directive met. */
typedef int (*directive_cb)(void *out, const struct sip_digest_param *p, unsigned *seen);

/* challenge / credentials = "Digest" LWS directive *(COMMA directive): reads the
 * scheme, then hands each directive to `each`. */
static int read_directives(const char *value, size_t len, directive_cb each, void *out,
			   unsigned *seen)
{
	struct sip_digest_cursor c;
	struct sip_digest_param p;
	int err;

	if ((err = read_scheme(&c, value, len)) != 0)
		return err;
	while ((err = sip_digest_param_next(&c, &p)) == 0)
		if ((err = each(out, &p, seen)) != 0)
			return err;
	return err == ENOENT ? 0 : err;
}

static bool name_is(const struct sip_digest_param *p, const char *lit)
{
	return sip_digest_token_ieq(p->name, p->name_len, lit);
}

/* Marks a directive seen; a second one is malformed (RFC 2617 §3.2.1's 1#(...) lists
 * each directive once, and two nonces could not both be answered). */
static int mark_seen(unsigned *seen, unsigned bit)
{
	if (*seen & bit)
		return EBADMSG;
	*seen |= bit;
	return 0;
}

/* qop-options = "qop" EQUAL LDQUOT qop-value *("," qop-value) RDQUOT */
static int parse_qop_options(const struct sip_digest_param *p, struct sip_digest_challenge *ch)
{
	char list[SIP_DIGEST_VALUE_SIZE];
	int err = sip_digest_unquote(p, list, sizeof list);

	if (err != 0)
		return err;
	ch->has_qop = true;
	for (char *tok = list; *tok != '\0';) {
		char *comma = strchr(tok, ',');
		size_t n = comma != NULL ? (size_t)(comma - tok) : strlen(tok);
		size_t lead = 0;

		while (lead < n && is_wsp(tok[lead]))
			lead++;
		while (n > lead && is_wsp(tok[n - 1]))
			n--;
		/* RFC2617 3.2.1: "Unrecognized options MUST be ignored." */
		if (sip_digest_token_ieq(tok + lead, n - lead, "auth"))
			ch->qop_offered |= SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH);
		else if (sip_digest_token_ieq(tok + lead, n - lead, "auth-int"))
			ch->qop_offered |= SIP_DIGEST_QOP_BIT(SIP_DIGEST_QOP_AUTH_INT);
		tok = comma != NULL ? comma + 1 : tok + strlen(tok);
	}
	return 0;
}

static int copy_once(unsigned *seen, unsigned bit, const struct sip_digest_param *p,
		     char *dst, size_t size)
{
	int err = mark_seen(seen, bit);

	return err != 0 ? err : sip_digest_unquote(p, dst, size);
}

enum { CH_REALM = 1, CH_NONCE = 2, CH_OPAQUE = 4, CH_ALG = 8, CH_QOP = 16, CH_STALE = 32 };

static int challenge_param(void *out, const struct sip_digest_param *p, unsigned *seen)
{
	struct sip_digest_challenge *ch = out;

	if (name_is(p, "realm"))
		return copy_once(seen, CH_REALM, p, ch->realm, sizeof ch->realm);
	if (name_is(p, "nonce"))
		return copy_once(seen, CH_NONCE, p, ch->nonce, sizeof ch->nonce);
	if (name_is(p, "opaque")) {
		ch->has_opaque = true;
		return copy_once(seen, CH_OPAQUE, p, ch->opaque, sizeof ch->opaque);
	}
	if (name_is(p, "algorithm")) {
		int err = copy_once(seen, CH_ALG, p, ch->algorithm, sizeof ch->algorithm);

		if (err == 0)
			ch->alg = sip_digest_alg_parse(ch->algorithm, strlen(ch->algorithm));
		return err;
	}
	if (name_is(p, "qop"))
		return mark_seen(seen, CH_QOP) != 0 ? EBADMSG : parse_qop_options(p, ch);
	if (name_is(p, "stale")) {
		/* RFC2617 3.2.1: "If stale is TRUE (case-insensitive) ... If stale is FALSE,
		 * or anything other than TRUE ... the username and/or password are invalid" */
		ch->stale = sip_digest_token_ieq(p->value, p->value_len, "true");
		return mark_seen(seen, CH_STALE);
	}
	return 0;  /* RFC2617 3.2.1: "Any unrecognized directive MUST be ignored." */
}

int sip_digest_challenge_parse(const char *value, size_t len, struct sip_digest_challenge *out)
{
	unsigned seen = 0;
	int err;

	memset(out, 0, sizeof *out);
	out->alg = SIP_DIGEST_MD5;
	if ((err = read_directives(value, len, challenge_param, out, &seen)) != 0)
		return err;
	/* digest-challenge: realm and nonce are the two directives without [ ]. */
	if (!(seen & CH_REALM) || !(seen & CH_NONCE))
		return EBADMSG;
	return 0;
}

/* nc-value = 8LHEX.  Uppercase is accepted; anything but 8 hex digits is not. */
static int parse_nc(const struct sip_digest_param *p, uint32_t *nc)
{
	uint32_t v = 0;

	if (p->value_len != 8)
		return EBADMSG;
	for (size_t i = 0; i < 8; i++) {
		char ch = p->value[i];
		unsigned d;

		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			d = (unsigned)(ch - 'A' + 10);
		else
			return EBADMSG;
		v = v << 4 | d;
	}
	*nc = v;
	return 0;
}

/* message-qop = "qop" EQUAL qop-value: one token, not a list. */
static int parse_message_qop(const struct sip_digest_param *p, enum sip_digest_qop *qop)
{
	if (sip_digest_token_ieq(p->value, p->value_len, "auth"))
		*qop = SIP_DIGEST_QOP_AUTH;
	else if (sip_digest_token_ieq(p->value, p->value_len, "auth-int"))
		*qop = SIP_DIGEST_QOP_AUTH_INT;
	else
		return EBADMSG;  /* a qop we cannot check the response for */
	return 0;
}

enum {
	CR_USERNAME = 1, CR_REALM = 2, CR_NONCE = 4, CR_URI = 8, CR_RESPONSE = 16,
	CR_ALG = 32, CR_CNONCE = 64, CR_OPAQUE = 128, CR_QOP = 256, CR_NC = 512
};

static int credentials_param(void *out, const struct sip_digest_param *p, unsigned *seen)
{
	struct sip_digest_credentials *cr = out;
	static const struct {
		const char *name;
		unsigned bit;
		size_t offset;  /* of the char array in struct sip_digest_credentials */
		size_t size;
	} text[] = {
		{ "username", CR_USERNAME, offsetof(struct sip_digest_credentials, username),
		  SIP_DIGEST_VALUE_SIZE },
		{ "realm", CR_REALM, offsetof(struct sip_digest_credentials, realm), SIP_DIGEST_VALUE_SIZE },
		{ "nonce", CR_NONCE, offsetof(struct sip_digest_credentials, nonce), SIP_DIGEST_VALUE_SIZE },
		{ "uri", CR_URI, offsetof(struct sip_digest_credentials, uri), SIP_DIGEST_URI_SIZE },
		{ "response", CR_RESPONSE, offsetof(struct sip_digest_credentials, response),
		  SIP_DIGEST_HEX_SIZE },
		{ "cnonce", CR_CNONCE, offsetof(struct sip_digest_credentials, cnonce),
		  SIP_DIGEST_VALUE_SIZE },
		{ "opaque", CR_OPAQUE, offsetof(struct sip_digest_credentials, opaque),
		  SIP_DIGEST_VALUE_SIZE },
	};
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		if (name_is(p, text[i].name))
			return copy_once(seen, text[i].bit, p, (char *)cr + text[i].offset, text[i].size);
	if (name_is(p, "algorithm")) {
		char token[SIP_DIGEST_TOKEN_SIZE];
		int err = copy_once(seen, CR_ALG, p, token, sizeof token);

		if (err == 0)
			cr->alg = sip_digest_alg_parse(token, strlen(token));
		return err;
	}
	if (name_is(p, "qop"))
		return mark_seen(seen, CR_QOP) != 0 ? EBADMSG : parse_message_qop(p, &cr->qop);
	if (name_is(p, "nc"))
		return mark_seen(seen, CR_NC) != 0 ? EBADMSG : parse_nc(p, &cr->nc);
	return 0;  /* RFC2617 3.2.2: "Any unrecognized directive MUST be ignored." */
}

/* RFC2617 3.2.2: "If a directive or its value is improper, or required directives are
 * missing, the proper response is 400 Bad Request." */
static int credentials_complete(unsigned seen)
{
	const unsigned required = CR_USERNAME | CR_REALM | CR_NONCE | CR_URI | CR_RESPONSE;
	const unsigned with_qop = CR_QOP | CR_CNONCE | CR_NC;

	if ((seen & required) != required)
		return EBADMSG;
	/* cnonce and nonce-count: "This MUST be specified if a qop directive is sent ...
	 * and MUST NOT be specified if the server did not send a qop directive" */
	if ((seen & with_qop) != 0 && (seen & with_qop) != with_qop)
		return EBADMSG;
	return 0;
}

int sip_digest_credentials_parse(const char *value, size_t len,
				 struct sip_digest_credentials *out)
{
	unsigned seen = 0;
	int err;

	memset(out, 0, sizeof *out);
	out->alg = SIP_DIGEST_MD5;
	if ((err = read_directives(value, len, credentials_param, out, &seen)) != 0)
		return err;
	out->has_opaque = (seen & CR_OPAQUE) != 0;
	return credentials_complete(seen);
}
