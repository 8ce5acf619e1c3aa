/* sip/frame.c - where one message ends on a stream (RFC 3261 §18.3, §7.5).
 *
 * On TCP, bytes arrive without boundaries.  A message is its header section (up to
 * the empty line) plus Content-Length bytes: "In the case of stream-oriented
 * transports such as TCP, the Content-Length header field indicates the size of
 * the body.  The Content-Length header field MUST be used with stream oriented
 * transports."  This file only finds that boundary; it reads the Content-Length
 * rows (long or compact name, any case, folded or not) and nothing else, so a
 * transport can frame first and parse second.
 *
 * RFC 4475 §3.1.2.2 (clerr): over a stream, a Content-Length larger than the bytes
 * at hand means "wait for more data" (EAGAIN); §3.1.2.3 and §3.3.9: a negative,
 * non-numeric or conflicting Content-Length is a framing error that cannot be
 * recovered, "the connection should be closed" (EBADMSG).
 *
 * Leaves out: timeouts for a peer that never sends the rest (the transport's timer).
 */
#include "sip/msg_internal.h"

#include <string.h>

static int frame_error(struct sip_error *err, const char *data, const char *at, int status,
		       const char *reason, bool is_response)
{
	if (err != NULL) {
		size_t off = (size_t)(at - data);
		unsigned line = 1;
		size_t bol = 0;

		for (size_t i = 0; i < off; i++)
			if (data[i] == '\n') {
				line++;
				bol = i + 1;
			}
		err->offset = off;
		err->line = line;
		err->col = (unsigned)(off - bol) + 1;
		err->status = is_response ? 0 : status;
		err->reason = reason;
	}
	return EBADMSG;
}

/* Is the line at p a Content-Length row?  *value gets where its value starts. */
static bool content_length_row(const char *p, const char *e, const char **value)
{
	const char *n = p;

	/* "Content-Length" or "l", any case: most rows are something else */
	if ((*p | 0x20) != 'c' && (*p | 0x20) != 'l')
		return false;
	p = sip_scan(p, e, CC_TOKEN);
	if (sip_hdr_lookup(n, (size_t)(p - n)) != SIP_HDR_CONTENT_LENGTH)
		return false;
	p = sip_skip_ws(p, e);
	if (p == e || *p != ':')
		return false;
	*value = p + 1;
	return true;
}

/* Skips LWS = [*WSP CRLF] 1*WSP: spaces, and a line break only when the next line
 * starts with a space (a fold). */
static const char *skip_lws(const char *p, const char *e)
{
	for (;;) {
		p = sip_skip_ws(p, e);
		const char *q = p;

		if (q < e && *q == '\r')
			q++;
		if (e - q < 2 || *q != '\n' || !(CC(q[1]) & CC_WS))
			return p;
		p = q + 1;
	}
}

/* Reads a Content-Length value: 1*DIGIT, LWS around it, then the end of the line.
 * EAGAIN when the bytes stop before that end is certain: a line break only ends the
 * value if the next line does not start with a space, so that byte must be here. */
static int content_length_value(const char *p, const char *e, uint64_t *n)
{
	bool over;

	p = skip_lws(p, e);
	if (p == e)
		return EAGAIN;
	if (sip_digits(p, e, SIP_MSG_MAX_LEN + 1, &p, n, &over) != 0)
		return EBADMSG;
	p = skip_lws(p, e);
	if (p < e && *p == '\r')
		p++;
	if (p == e || (*p == '\n' && p + 1 == e))
		return EAGAIN;
	return *p == '\n' ? 0 : EBADMSG;
}

/* When `line` is an empty line (CRLF, or a bare LF), the byte after it; else NULL. */
static const char *after_empty_line(const char *line, const char *e)
{
	size_t left = (size_t)(e - line);

	if (left >= 1 && line[0] == '\n')
		return line + 1;
	if (left >= 2 && line[0] == '\r' && line[1] == '\n')
		return line + 2;
	return NULL;
}

/* The header section ended at `body`: the message is complete when cl more bytes are
 * here. */
static int frame_end(const char *data, const char *start, const char *body, const char *e,
		     int64_t cl, size_t *msg_len, struct sip_error *err, bool response)
{
	if (cl < 0)
		return frame_error(err, data, body, 400, "Content-Length missing on a stream transport",
				   response);
	size_t total = (size_t)(body - start) + (size_t)cl;

	if (total > SIP_MSG_MAX_LEN)
		return frame_error(err, data, start, 513, "message larger than 65535 bytes", response);
	if ((size_t)(e - start) < total)
		return EAGAIN;
	*msg_len = total;
	return 0;
}

int sip_msg_frame(const char *data, size_t len, size_t *skip, size_t *msg_len,
		  struct sip_error *err)
{
	const char *p = data, *e = data + len;
	int64_t cl = -1;

	/* RFC3261 7.5: "MUST ignore any CRLF appearing before the start-line" */
	while (p < e && (*p == '\r' || *p == '\n'))
		p++;
	*skip = (size_t)(p - data);
	*msg_len = 0;
	const char *start = p;
	bool response = e - p >= 4 && memcmp(p, "SIP/", 4) == 0;
	const char *nl = memchr(p, '\n', (size_t)(e - p));

	/* Line by line after the start-line, up to the empty line. */
	while (nl != NULL) {
		const char *line = nl + 1, *body = after_empty_line(line, e), *value;
		uint64_t n;

		if (body != NULL)
			return frame_end(data, start, body, e, cl, msg_len, err, response);
		if (line < e && content_length_row(line, e, &value)) {
			int rc = content_length_value(value, e, &n);

			if (rc == EAGAIN)
				break;
			if (rc != 0)
				return frame_error(err, data, value, 400, "Content-Length is not a number",
						   response);
			if (cl >= 0 && (uint64_t)cl != n)
				return frame_error(err, data, line, 400, "conflicting Content-Length values",
						   response);
			cl = (int64_t)n;
		}
		nl = memchr(line, '\n', (size_t)(e - line));
	}
	if ((size_t)(e - start) > SIP_MSG_MAX_LEN)
		return frame_error(err, data, start, 513, "header section larger than 65535 bytes",
				   response);
	return EAGAIN;
}
