/* demos/sipdump/sipdump.c - show what the parser sees in a SIP message (lab tool).
 *
 *     sipdump [--roundtrip] [FILE...]
 *
 * Each FILE (standard input when there is none) is one SIP message, read as one UDP
 * datagram (RFC 3261 §18.3).  sipdump prints the start-line, then each header row
 * with its canonical name and the fields the typed parser found in it, then the
 * body length.  With --roundtrip it prints the message as sip_msg_print writes it
 * back instead.
 *
 * A message that does not parse, or that a UAS would refuse (sip_msg_validate), is
 * reported on stderr as
 *     FILE:LINE:COL: error: REASON (would answer NNN)
 * or "(would drop it)" for a response, which is never answered.
 * Exit status: 0 every message valid, 1 any invalid, 2 bad command line or an
 * unreadable file.  Lab handouts rely on this interface: keep it stable.
 *
 * Leaves out: reading pcap files or several messages per file (use one file per
 * datagram), body parsing (SDP is shown as its length).
 */
#include "sip/msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USAGE "usage: sipdump [--roundtrip] [FILE...]"

/* Writes a view, control bytes as \xHH so a terminal shows them. */
static void put_view(struct sip_str v)
{
	for (size_t i = 0; i < v.len; i++) {
		unsigned char c = (unsigned char)v.p[i];

		if (c < 0x20 || c == 0x7f)
			printf("\\x%02X", c);
		else
			putchar(c);
	}
}

/* " name=value", "-" for an absent value. */
static void field(const char *name, struct sip_str v)
{
	printf(" %s=", name);
	if (v.p == NULL)
		putchar('-');
	else
		put_view(v);
}

static void int_field(const char *name, long long v)
{
	if (v < 0)
		printf(" %s=-", name);
	else
		printf(" %s=%lld", name, v);
}

static const char *scheme_name(enum sip_uri_scheme s)
{
	static const char *const names[] = { "sip", "sips", "tel", "other" };

	return names[s];
}

static const char *host_kind(enum sip_host_type t)
{
	static const char *const names[] = { "none", "name", "ipv4", "ipv6" };

	return names[t];
}

static void show_uri(const char *indent, const struct sip_uri *u)
{
	printf("%suri: scheme=%s", indent, scheme_name(u->scheme));
	if (u->scheme == SIP_URI_OTHER) {
		field("name", u->scheme_name);
		field("opaque", u->opaque);
		putchar('\n');
		return;
	}
	field("user", u->user);
	if (u->has_password)
		field("password", u->password);
	if (u->scheme != SIP_URI_TEL) {
		field("host", u->host);
		printf(" (%s)", host_kind(u->host_type));
		int_field("port", u->port);
	}
	field("params", u->params);
	field("headers", u->headers);
	if (u->lr)
		printf(" lr");
	putchar('\n');
}

/* True when the view lies inside the row's value (which list element came from
 * which row). */
static int in_row(struct sip_str v, const struct sip_hdr *h)
{
	return v.p != NULL && v.p >= h->value.p && v.p <= h->value.p + h->value.len;
}

static void show_vias(const struct sip_msg *m, const struct sip_hdr *h)
{
	for (const struct sip_via *v = m->via; v != NULL; v = v->next) {
		if (!in_row(v->text, h))
			continue;
		printf("  via: protocol=");
		put_view(v->protocol);
		putchar('/');
		put_view(v->version);
		field("transport", v->transport);
		field("host", v->host);
		int_field("port", v->port);
		field("branch", v->branch);
		field("received", v->received);
		printf(" rport=%s", v->rport < 0 ? "-" : v->rport == 0 ? "(empty)" : "");
		if (v->rport > 0)
			printf("%d", v->rport);
		field("maddr", v->maddr);
		int_field("ttl", v->ttl);
		field("params", v->params);
		putchar('\n');
	}
}

static void show_addrs(const struct sip_addr *a, const struct sip_hdr *h, int contact)
{
	for (; a != NULL; a = a->next) {
		if (!in_row(a->text, h))
			continue;
		if (a->star) {
			printf("  addr: * (all bindings)\n");
			continue;
		}
		printf("  addr:");
		field("display", a->display);
		if (contact) {
			if (a->q >= 0)
				printf(" q=%d.%03d", a->q / 1000, a->q % 1000);
			int_field("expires", a->expires);
		} else if (h->id != SIP_HDR_ROUTE && h->id != SIP_HDR_RECORD_ROUTE) {
			field("tag", a->tag);
		}
		field("params", a->params);
		putchar('\n');
		show_uri("    ", &a->uri);
	}
}

static void show_tokens(const struct sip_token *t, const struct sip_hdr *h)
{
	printf("  tokens:");
	for (; t != NULL; t = t->next)
		if (in_row(t->name, h)) {
			putchar(' ');
			put_view(t->name);
		}
	putchar('\n');
}

static void show_auth(const struct sip_auth *a, const struct sip_hdr *h)
{
	for (; a != NULL; a = a->next) {
		if (!in_row(a->scheme, h))
			continue;
		printf("  auth:");
		field("scheme", a->scheme);
		field("realm", a->realm);
		field("nonce", a->nonce);
		field("algorithm", a->algorithm);
		field("qop", a->qop);
		field("opaque", a->opaque);
		field("username", a->username);
		field("uri", a->uri);
		field("response", a->response);
		field("cnonce", a->cnonce);
		field("nc", a->nc);
		if (a->stale)
			printf(" stale");
		putchar('\n');
	}
}

/* The typed fields of one row; the first row of a single-valued header is typed. */
static void show_typed(const struct sip_msg *m, const struct sip_hdr *h, int first)
{
	switch (h->id) {
	case SIP_HDR_VIA: show_vias(m, h); break;
	case SIP_HDR_FROM: if (first) show_addrs(m->from, h, 0); break;
	case SIP_HDR_TO: if (first) show_addrs(m->to, h, 0); break;
	case SIP_HDR_CONTACT: show_addrs(m->contact, h, 1); break;
	case SIP_HDR_ROUTE: show_addrs(m->route, h, 0); break;
	case SIP_HDR_RECORD_ROUTE: show_addrs(m->record_route, h, 0); break;
	case SIP_HDR_CSEQ:
		if (first)
			printf("  cseq: seq=%lu%s method=%.*s\n", (unsigned long)m->cseq->seq,
			       m->cseq->seq_too_large ? " (too large)" : "",
			       (int)m->cseq->method_name.len, m->cseq->method_name.p);
		break;
	case SIP_HDR_CONTENT_TYPE:
		if (first) {
			printf("  media:");
			field("type", m->content_type->type);
			field("subtype", m->content_type->subtype);
			field("params", m->content_type->params);
			putchar('\n');
		}
		break;
	case SIP_HDR_MAX_FORWARDS: if (first) printf("  value: %d\n", m->max_forwards); break;
	case SIP_HDR_CONTENT_LENGTH: if (first) printf("  value: %lld\n", (long long)m->content_length); break;
	case SIP_HDR_EXPIRES: if (first) printf("  value: %lld\n", (long long)m->expires); break;
	case SIP_HDR_ALLOW: show_tokens(m->allow, h); break;
	case SIP_HDR_SUPPORTED: show_tokens(m->supported, h); break;
	case SIP_HDR_REQUIRE: show_tokens(m->require, h); break;
	case SIP_HDR_PROXY_REQUIRE: show_tokens(m->proxy_require, h); break;
	case SIP_HDR_UNSUPPORTED: show_tokens(m->unsupported, h); break;
	case SIP_HDR_WWW_AUTHENTICATE: show_auth(m->www_authenticate, h); break;
	case SIP_HDR_AUTHORIZATION: show_auth(m->authorization, h); break;
	case SIP_HDR_PROXY_AUTHENTICATE: show_auth(m->proxy_authenticate, h); break;
	case SIP_HDR_PROXY_AUTHORIZATION: show_auth(m->proxy_authorization, h); break;
	default: break;
	}
}

static void dump(const struct sip_msg *m)
{
	printf("start-line: ");
	if (m->is_request) {
		put_view(m->method_name);
		putchar(' ');
		put_view(m->ruri.text);
		putchar(' ');
		put_view(m->version);
		printf("\n  method: %s\n", m->method == SIP_METHOD_OTHER ? "(extension)" : sip_method_name(m->method));
		show_uri("  request-", &m->ruri);
	} else {
		put_view(m->version);
		printf(" %d ", m->status);
		put_view(m->reason);
		putchar('\n');
	}
	for (size_t i = 0; i < m->hdr_count; i++) {
		const struct sip_hdr *h = &m->hdrs[i];
		int first = sip_msg_hdr_find(m, h->id, 0) == i;

		if (h->id == SIP_HDR_OTHER)
			put_view(h->name);
		else
			fputs(sip_hdr_name(h->id), stdout);
		printf(": ");
		put_view(h->value);
		if (h->id == SIP_HDR_OTHER)
			printf("    (extension header, kept verbatim)");
		else if (!first && m->rows[h->id] > 1 && (h->id == SIP_HDR_FROM || h->id == SIP_HDR_TO ||
			 h->id == SIP_HDR_CALL_ID || h->id == SIP_HDR_CSEQ))
			printf("    (repeated)");
		putchar('\n');
		show_typed(m, h, first);
	}
	printf("body: %zu bytes\n", m->body.len);
}

/* Reads a whole file (or stdin for NULL). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = path != NULL ? fopen(path, "rb") : stdin;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);

	if (f == NULL || buf == NULL) {
		free(buf);
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			char *bigger = realloc(buf, cap *= 2);

			if (bigger == NULL)
				break;
			buf = bigger;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
	}
	if (f != stdin)
		fclose(f);
	*len = n;
	return buf;
}

static void report(const char *name, const struct sip_error *err)
{
	fprintf(stderr, "%s:%u:%u: error: %s ", name, err->line, err->col, err->reason);
	if (err->status == 0)
		fprintf(stderr, "(would drop it)\n");
	else
		fprintf(stderr, "(would answer %d)\n", err->status);
}

/* Returns 0 valid, 1 invalid, 2 unreadable. */
static int one(const char *path, int roundtrip)
{
	const char *name = path != NULL ? path : "<stdin>";
	size_t len;
	char *data = slurp(path, &len);
	struct sip_msg *m = NULL;
	struct sip_error err;
	int rc = 0;

	if (data == NULL) {
		fprintf(stderr, "sipdump: %s: %s\n", name, strerror(errno));
		return 2;
	}
	if (sip_msg_parse(data, len, &m, &err) != 0) {
		report(name, &err);
		free(data);
		return 1;
	}
	if (sip_msg_validate(m, &err) != 0) {
		report(name, &err);
		rc = 1;
	}
	if (roundtrip) {
		char *text;
		size_t n;

		if (sip_msg_print_alloc(m, &text, &n) == 0) {
			fwrite(text, 1, n, stdout);
			free(text);
		}
	} else {
		dump(m);
	}
	sip_msg_destroy(m);
	free(data);
	return rc;
}

int main(int argc, char **argv)
{
	int roundtrip = 0, first_file = argc, status = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--roundtrip") == 0) {
			roundtrip = 1;
		} else if (strcmp(argv[i], "--help") == 0) {
			puts(USAGE);
			return 0;
		} else if (strcmp(argv[i], "--") == 0) {
			first_file = i + 1;
			break;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "sipdump: unknown option '%s' (%s)\n", argv[i], USAGE);
			return 2;
		} else {
			first_file = i;
			break;
		}
	}
	if (first_file >= argc)
		return one(NULL, roundtrip);
	for (int i = first_file; i < argc; i++) {
		int rc = one(strcmp(argv[i], "-") == 0 ? NULL : argv[i], roundtrip);

		if (rc > status)
			status = rc;
		if (argc - first_file > 1 && i + 1 < argc && !roundtrip)
			putchar('\n');
	}
	return status;
}
