/* tests/sip/pxtest.c - message helpers for the registrar, proxy and redirect tests
 * (see pxtest.h). */
#include "tests/sip/pxtest.h"

#include "sip/digest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *pxtest_wire(const char *text, size_t *len)
{
	size_t n = strlen(text), o = 0;
	char *out = malloc(2 * n + 1);

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
			out[o++] = '\r';
		out[o++] = text[i];
	}
	out[o] = '\0';
	if (len != NULL)
		*len = o;
	return out;
}

struct sip_msg *pxtest_parse(const char *text)
{
	size_t len;
	char *wire = pxtest_wire(text, &len);
	struct sip_msg *m = NULL;

	if (wire == NULL)
		return NULL;
	if (sip_msg_parse(wire, len, &m, NULL) == 0 && sip_msg_validate(m, NULL) != 0) {
		sip_msg_destroy(m);
		m = NULL;
	}
	free(wire);
	return m;
}

int pxtest_authorize(struct sip_msg *req, const struct sip_msg *resp, const char *user,
		     const char *password, unsigned nc)
{
	bool proxy = resp->status == 407;
	const struct sip_hdr *row = sip_msg_hdr_get(resp, proxy ? "Proxy-Authenticate"
								: "WWW-Authenticate");
	struct sip_digest_challenge ch;
	struct sip_digest_credentials cred;
	struct sip_digest_client_request cr;
	char method[32], uri[512], value[2048];
	int rc;

	if (row == NULL)
		return ENOENT;
	rc = sip_digest_challenge_parse(row->value.p, row->value.len, &ch);
	if (rc != 0)
		return rc;
	(void)sip_str_copy(req->method_name, method, sizeof(method));
	(void)sip_str_copy(req->ruri.text, uri, sizeof(uri));
	memset(&cr, 0, sizeof(cr));
	cr.username = user;
	cr.password = password;
	cr.method = method;
	cr.uri = uri;
	cr.nc = nc;
	cr.cnonce = "0a4f113b";
	rc = sip_digest_client_respond(&ch, &cr, &cred);
	if (rc == 0)
		rc = sip_digest_credentials_format(&cred, value, sizeof(value));
	if (rc == 0)
		rc = sip_msg_hdr_add(req, proxy ? SIP_HDR_PROXY_AUTHORIZATION : SIP_HDR_AUTHORIZATION,
				     value);
	return rc;
}

size_t pxtest_rows(const struct sip_msg *m, enum sip_hdr_id id)
{
	size_t n = 0;

	for (size_t i = sip_msg_hdr_find(m, id, 0); i != SIP_HDR_NONE;
	     i = sip_msg_hdr_find(m, id, i + 1))
		n++;
	return n;
}

bool pxtest_row_is(const struct sip_msg *m, enum sip_hdr_id id, size_t nth, const char *value)
{
	size_t i = sip_msg_hdr_find(m, id, 0);

	for (; i != SIP_HDR_NONE && nth > 0; nth--)
		i = sip_msg_hdr_find(m, id, i + 1);
	return i != SIP_HDR_NONE && sip_str_eq_c(m->hdrs[i].value, value);
}

char *pxtest_print(const struct sip_msg *m)
{
	char *out = NULL;
	size_t len;

	return sip_msg_print_alloc(m, &out, &len) == 0 ? out : NULL;
}

int pxtest_users(void *arg, const char *realm, const char *username, char *password,
		 size_t size)
{
	static const char *const table[][2] = { { "bob", "zanzibar" }, { "alice", "wonderland" } };

	(void)arg;
	(void)realm;
	for (size_t i = 0; i < 2; i++)
		if (strcmp(username, table[i][0]) == 0) {
			snprintf(password, size, "%s", table[i][1]);
			return 0;
		}
	return ENOENT;
}
