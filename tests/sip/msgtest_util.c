/* tests/sip/msgtest_util.c - helpers for the message-layer tests (see msgtest_util.h). */
#include "tests/sip/msgtest_util.h"
#include "tests/support/guard.h"
#include "tests/support/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *load(const char *dir, const char *name, size_t *len)
{
	char path[256];

	snprintf(path, sizeof(path), "tests/vectors/%s/%s", dir, name);
	return th_read_file(path, len);
}

char *msgtest_load_4475(const char *name, size_t *len)
{
	return load("rfc4475", name, len);
}

char *msgtest_load_5118_raw(const char *name, size_t *len)
{
	return load("rfc5118", name, len);
}

/* LF → CRLF, and the Content-Length value replaced by the body's true length. */
char *msgtest_load_5118(const char *name, size_t *len)
{
	size_t raw_len;
	char *raw = load("rfc5118", name, &raw_len);

	if (raw == NULL)
		return NULL;
	char *crlf = malloc(2 * raw_len + 32);
	size_t n = 0;

	for (size_t i = 0; i < raw_len; i++) {
		if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r'))
			crlf[n++] = '\r';
		crlf[n++] = raw[i];
	}
	free(raw);
	crlf[n] = '\0';
	char *body = strstr(crlf, "\r\n\r\n");
	char *cl = strstr(crlf, "\r\nContent-Length: ");
	size_t body_len = body != NULL ? n - (size_t)(body + 4 - crlf) : 0;

	if (cl != NULL) {
		char *val = cl + strlen("\r\nContent-Length: ");
		char *end = strstr(val, "\r\n");
		char num[24];
		int w = snprintf(num, sizeof(num), "%zu", body_len);

		memmove(val + w, end, n - (size_t)(end - crlf) + 1);
		memcpy(val, num, (size_t)w);
		n = n - (size_t)(end - val) + (size_t)w;
	}
	*len = n;
	return crlf;
}

int msgtest_parse_guarded(const char *data, size_t len, struct sip_msg **out,
			  struct sip_error *err)
{
	struct th_guard g;

	if (th_guard_init(&g, data, len) != 0)
		return -1;
	int rc = sip_msg_parse(g.data, g.len, out, err);

	th_guard_fini(&g);
	return rc;
}

struct sip_msg *msgtest_parse(const char *text)
{
	struct sip_msg *m = NULL;
	struct sip_error err;

	if (sip_msg_parse(text, strlen(text), &m, &err) != 0) {
		fprintf(stderr, "msgtest_parse: %u:%u %s\n", err.line, err.col, err.reason);
		return NULL;
	}
	return m;
}

struct sip_msg *msgtest_with_rows(const char *lines, struct sip_error *err)
{
	static const char start[] = "OPTIONS sip:bob@example.com SIP/2.0\r\n";
	size_t n = strlen(lines);
	char *text = malloc(sizeof(start) + n + 3);
	struct sip_msg *m = NULL;
	struct sip_error scratch;

	memcpy(text, start, sizeof(start) - 1);
	memcpy(text + sizeof(start) - 1, lines, n);
	memcpy(text + sizeof(start) - 1 + n, "\r\n", 2);
	if (msgtest_parse_guarded(text, sizeof(start) - 1 + n + 2, &m, err != NULL ? err : &scratch) != 0)
		m = NULL;
	free(text);
	return m;
}

int msgtest_is(struct sip_str v, const char *s)
{
	return s == NULL ? v.p == NULL : sip_str_eq_c(v, s);
}

/* ---- model comparison --------------------------------------------------- */

#define SAME_STR(a, b, what) do { if (!sip_str_eq((a), (b))) return what; } while (0)
#define SAME_INT(a, b, what) do { if ((a) != (b)) return what; } while (0)

static const char *uri_diff(const struct sip_uri *a, const struct sip_uri *b)
{
	SAME_STR(a->text, b->text, "uri text");
	SAME_INT(a->scheme, b->scheme, "uri scheme");
	SAME_STR(a->user, b->user, "uri user");
	SAME_STR(a->password, b->password, "uri password");
	SAME_INT(a->has_password, b->has_password, "uri has_password");
	SAME_STR(a->host, b->host, "uri host");
	SAME_INT(a->host_type, b->host_type, "uri host type");
	SAME_INT(a->port, b->port, "uri port");
	SAME_STR(a->params, b->params, "uri params");
	SAME_STR(a->headers, b->headers, "uri headers");
	SAME_STR(a->transport, b->transport, "uri transport");
	SAME_STR(a->maddr, b->maddr, "uri maddr");
	SAME_INT(a->ttl, b->ttl, "uri ttl");
	SAME_INT(a->lr, b->lr, "uri lr");
	return NULL;
}

static const char *addr_diff(const struct sip_addr *a, const struct sip_addr *b)
{
	for (; a != NULL && b != NULL; a = a->next, b = b->next) {
		SAME_STR(a->display, b->display, "display name");
		SAME_INT(a->star, b->star, "contact star");
		SAME_STR(a->tag, b->tag, "tag");
		SAME_INT(a->q, b->q, "q");
		SAME_INT(a->expires, b->expires, "contact expires");
		SAME_STR(a->params, b->params, "address params");
		if (!a->star) {
			const char *d = uri_diff(&a->uri, &b->uri);

			if (d != NULL)
				return d;
		}
	}
	return (a == NULL && b == NULL) ? NULL : "address list length";
}

static const char *via_diff(const struct sip_via *a, const struct sip_via *b)
{
	for (; a != NULL && b != NULL; a = a->next, b = b->next) {
		SAME_STR(a->transport, b->transport, "via transport");
		SAME_STR(a->host, b->host, "via host");
		SAME_INT(a->port, b->port, "via port");
		SAME_STR(a->branch, b->branch, "via branch");
		SAME_STR(a->received, b->received, "via received");
		SAME_INT(a->rport, b->rport, "via rport");
		SAME_INT(a->ttl, b->ttl, "via ttl");
		SAME_STR(a->maddr, b->maddr, "via maddr");
		SAME_STR(a->params, b->params, "via params");
	}
	return (a == NULL && b == NULL) ? NULL : "via list length";
}

static const char *token_diff(const struct sip_token *a, const struct sip_token *b)
{
	for (; a != NULL && b != NULL; a = a->next, b = b->next)
		SAME_STR(a->name, b->name, "token");
	return (a == NULL && b == NULL) ? NULL : "token list length";
}

static const char *auth_diff(const struct sip_auth *a, const struct sip_auth *b)
{
	for (; a != NULL && b != NULL; a = a->next, b = b->next) {
		SAME_STR(a->scheme, b->scheme, "auth scheme");
		SAME_STR(a->realm, b->realm, "auth realm");
		SAME_STR(a->nonce, b->nonce, "auth nonce");
		SAME_STR(a->response, b->response, "auth response");
		SAME_STR(a->params, b->params, "auth params");
	}
	return (a == NULL && b == NULL) ? NULL : "auth list length";
}

static const char *start_diff(const struct sip_msg *a, const struct sip_msg *b)
{
	SAME_INT(a->is_request, b->is_request, "request/response");
	SAME_STR(a->version, b->version, "version");
	if (a->is_request) {
		SAME_STR(a->method_name, b->method_name, "method");
		SAME_INT(a->method, b->method, "method id");
		return uri_diff(&a->ruri, &b->ruri);
	}
	SAME_INT(a->status, b->status, "status");
	SAME_STR(a->reason, b->reason, "reason");
	return NULL;
}

static const char *rows_diff(const struct sip_msg *a, const struct sip_msg *b)
{
	SAME_INT(a->hdr_count, b->hdr_count, "row count");
	for (size_t i = 0; i < a->hdr_count; i++) {
		SAME_INT(a->hdrs[i].id, b->hdrs[i].id, "row id");
		SAME_STR(a->hdrs[i].name, b->hdrs[i].name, "row name");
		/* a printed Content-Length row carries the body length: compared typed */
		if (a->hdrs[i].id != SIP_HDR_CONTENT_LENGTH)
			SAME_STR(a->hdrs[i].value, b->hdrs[i].value, "row value");
	}
	return NULL;
}

static const char *scalar_diff(const struct sip_msg *a, const struct sip_msg *b)
{
	SAME_STR(a->call_id, b->call_id, "Call-ID");
	SAME_INT(a->cseq == NULL, b->cseq == NULL, "CSeq presence");
	if (a->cseq != NULL) {
		SAME_INT(a->cseq->seq, b->cseq->seq, "CSeq number");
		SAME_STR(a->cseq->method_name, b->cseq->method_name, "CSeq method");
	}
	SAME_INT(a->max_forwards, b->max_forwards, "Max-Forwards");
	SAME_INT(a->expires, b->expires, "Expires");
	SAME_INT(a->content_length >= 0, b->content_length >= 0, "Content-Length presence");
	SAME_INT(a->content_type == NULL, b->content_type == NULL, "Content-Type presence");
	if (a->content_type != NULL) {
		SAME_STR(a->content_type->type, b->content_type->type, "Content-Type type");
		SAME_STR(a->content_type->subtype, b->content_type->subtype, "Content-Type subtype");
		SAME_STR(a->content_type->params, b->content_type->params, "Content-Type params");
	}
	SAME_STR(a->body, b->body, "body");
	return NULL;
}

const char *msgtest_diff(const struct sip_msg *a, const struct sip_msg *b)
{
	const char *d;

	if ((d = start_diff(a, b)) || (d = rows_diff(a, b)) || (d = scalar_diff(a, b)) ||
	    (d = via_diff(a->via, b->via)))
		return d;
	if ((a->from == NULL) != (b->from == NULL) || (a->to == NULL) != (b->to == NULL))
		return "From/To presence";
	if ((a->from && (d = addr_diff(a->from, b->from))) || (a->to && (d = addr_diff(a->to, b->to))))
		return d;
	if ((d = addr_diff(a->contact, b->contact)) || (d = addr_diff(a->route, b->route)) ||
	    (d = addr_diff(a->record_route, b->record_route)))
		return d;
	if ((d = token_diff(a->allow, b->allow)) || (d = token_diff(a->supported, b->supported)) ||
	    (d = token_diff(a->require, b->require)) ||
	    (d = token_diff(a->proxy_require, b->proxy_require)) ||
	    (d = token_diff(a->unsupported, b->unsupported)))
		return d;
	if ((d = auth_diff(a->www_authenticate, b->www_authenticate)) ||
	    (d = auth_diff(a->authorization, b->authorization)) ||
	    (d = auth_diff(a->proxy_authenticate, b->proxy_authenticate)) ||
	    (d = auth_diff(a->proxy_authorization, b->proxy_authorization)))
		return d;
	return NULL;
}

const char *msgtest_roundtrip(const struct sip_msg *m)
{
	char *text;
	size_t len;
	struct sip_msg *again;
	struct sip_error err;

	if (sip_msg_print_alloc(m, &text, &len) != 0)
		return "print failed";
	int rc = sip_msg_parse(text, len, &again, &err);

	free(text);
	if (rc != 0)
		return "the printed message does not parse";
	const char *d = msgtest_diff(m, again);

	sip_msg_destroy(again);
	return d;
}
