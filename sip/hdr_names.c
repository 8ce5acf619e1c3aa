/* sip/hdr_names.c - header names, compact forms, methods, status phrases.
 *
 * RFC 3261 §7.3.1: "field names are always case-insensitive"; §7.3.3: compact forms
 * "MAY be substituted for the longer form of a header field name at any time".
 * A long name is found with a tiny perfect hash over its first 16 folded bytes
 * and checked word by word against the one candidate: a couple of dozen
 * instructions per header, no allocation.  The parser's fast path
 * (sip_hdr_name_colon) also finds the colon in the same 64-bit words, so the bytes
 * of a name are not scanned one by one at all.
 *
 * Leaves out: compact forms registered after RFC 3261 other than Refer-To's "r"
 * (Event "o", Allow-Events "u", ... are kept as extension headers).
 */
#include "sip/hdr.h"
#include "sip/msg.h"
#include "sip/msg_internal.h"

#include <stdint.h>
#include <string.h>

/* The longest name ("Authentication-Info", "Content-Disposition", ...). */
#define NAME_MAX_LEN 19

/* Names are compared in 64-bit words: each table entry is zero-padded to 3. */
#define NAME_WORDS (SIP_HDR_NAME_BYTES / 8)

/* The canonical spellings (RFC 3261 §20), which is how nearly every peer writes them. */
const char sip_hdr_canonical[SIP_HDR_ID_COUNT][SIP_HDR_NAME_BYTES] = {
	[SIP_HDR_ACCEPT] = "Accept",
	[SIP_HDR_ACCEPT_ENCODING] = "Accept-Encoding",
	[SIP_HDR_ACCEPT_LANGUAGE] = "Accept-Language",
	[SIP_HDR_ALERT_INFO] = "Alert-Info",
	[SIP_HDR_ALLOW] = "Allow",
	[SIP_HDR_AUTHENTICATION_INFO] = "Authentication-Info",
	[SIP_HDR_AUTHORIZATION] = "Authorization",
	[SIP_HDR_CALL_ID] = "Call-ID",
	[SIP_HDR_CALL_INFO] = "Call-Info",
	[SIP_HDR_CONTACT] = "Contact",
	[SIP_HDR_CONTENT_DISPOSITION] = "Content-Disposition",
	[SIP_HDR_CONTENT_ENCODING] = "Content-Encoding",
	[SIP_HDR_CONTENT_LANGUAGE] = "Content-Language",
	[SIP_HDR_CONTENT_LENGTH] = "Content-Length",
	[SIP_HDR_CONTENT_TYPE] = "Content-Type",
	[SIP_HDR_CSEQ] = "CSeq",
	[SIP_HDR_DATE] = "Date",
	[SIP_HDR_ERROR_INFO] = "Error-Info",
	[SIP_HDR_EXPIRES] = "Expires",
	[SIP_HDR_FROM] = "From",
	[SIP_HDR_IN_REPLY_TO] = "In-Reply-To",
	[SIP_HDR_MAX_FORWARDS] = "Max-Forwards",
	[SIP_HDR_MIME_VERSION] = "MIME-Version",
	[SIP_HDR_MIN_EXPIRES] = "Min-Expires",
	[SIP_HDR_ORGANIZATION] = "Organization",
	[SIP_HDR_PRIORITY] = "Priority",
	[SIP_HDR_PROXY_AUTHENTICATE] = "Proxy-Authenticate",
	[SIP_HDR_PROXY_AUTHORIZATION] = "Proxy-Authorization",
	[SIP_HDR_PROXY_REQUIRE] = "Proxy-Require",
	[SIP_HDR_RECORD_ROUTE] = "Record-Route",
	[SIP_HDR_REFER_TO] = "Refer-To",
	[SIP_HDR_REPLY_TO] = "Reply-To",
	[SIP_HDR_REQUIRE] = "Require",
	[SIP_HDR_RETRY_AFTER] = "Retry-After",
	[SIP_HDR_ROUTE] = "Route",
	[SIP_HDR_SERVER] = "Server",
	[SIP_HDR_SUBJECT] = "Subject",
	[SIP_HDR_SUPPORTED] = "Supported",
	[SIP_HDR_TIMESTAMP] = "Timestamp",
	[SIP_HDR_TO] = "To",
	[SIP_HDR_UNSUPPORTED] = "Unsupported",
	[SIP_HDR_USER_AGENT] = "User-Agent",
	[SIP_HDR_VIA] = "Via",
	[SIP_HDR_WARNING] = "Warning",
	[SIP_HDR_WWW_AUTHENTICATE] = "WWW-Authenticate",
};

/* RFC3261 7.3.3 and §20: the compact forms, by letter. */
static const uint8_t compact[26] = {
	['c' - 'a'] = SIP_HDR_CONTENT_TYPE,
	['e' - 'a'] = SIP_HDR_CONTENT_ENCODING,
	['f' - 'a'] = SIP_HDR_FROM,
	['i' - 'a'] = SIP_HDR_CALL_ID,
	['k' - 'a'] = SIP_HDR_SUPPORTED,
	['l' - 'a'] = SIP_HDR_CONTENT_LENGTH,
	['m' - 'a'] = SIP_HDR_CONTACT,
	['r' - 'a'] = SIP_HDR_REFER_TO,
	['s' - 'a'] = SIP_HDR_SUBJECT,
	['t' - 'a'] = SIP_HDR_TO,
	['v' - 'a'] = SIP_HDR_VIA,
};

/* The names folded to lowercase. */
static const char folded[SIP_HDR_ID_COUNT][NAME_WORDS * 8] = {
	[SIP_HDR_ACCEPT] = "accept",
	[SIP_HDR_ACCEPT_ENCODING] = "accept-encoding",
	[SIP_HDR_ACCEPT_LANGUAGE] = "accept-language",
	[SIP_HDR_ALERT_INFO] = "alert-info",
	[SIP_HDR_ALLOW] = "allow",
	[SIP_HDR_AUTHENTICATION_INFO] = "authentication-info",
	[SIP_HDR_AUTHORIZATION] = "authorization",
	[SIP_HDR_CALL_ID] = "call-id",
	[SIP_HDR_CALL_INFO] = "call-info",
	[SIP_HDR_CONTACT] = "contact",
	[SIP_HDR_CONTENT_DISPOSITION] = "content-disposition",
	[SIP_HDR_CONTENT_ENCODING] = "content-encoding",
	[SIP_HDR_CONTENT_LANGUAGE] = "content-language",
	[SIP_HDR_CONTENT_LENGTH] = "content-length",
	[SIP_HDR_CONTENT_TYPE] = "content-type",
	[SIP_HDR_CSEQ] = "cseq",
	[SIP_HDR_DATE] = "date",
	[SIP_HDR_ERROR_INFO] = "error-info",
	[SIP_HDR_EXPIRES] = "expires",
	[SIP_HDR_FROM] = "from",
	[SIP_HDR_IN_REPLY_TO] = "in-reply-to",
	[SIP_HDR_MAX_FORWARDS] = "max-forwards",
	[SIP_HDR_MIME_VERSION] = "mime-version",
	[SIP_HDR_MIN_EXPIRES] = "min-expires",
	[SIP_HDR_ORGANIZATION] = "organization",
	[SIP_HDR_PRIORITY] = "priority",
	[SIP_HDR_PROXY_AUTHENTICATE] = "proxy-authenticate",
	[SIP_HDR_PROXY_AUTHORIZATION] = "proxy-authorization",
	[SIP_HDR_PROXY_REQUIRE] = "proxy-require",
	[SIP_HDR_RECORD_ROUTE] = "record-route",
	[SIP_HDR_REFER_TO] = "refer-to",
	[SIP_HDR_REPLY_TO] = "reply-to",
	[SIP_HDR_REQUIRE] = "require",
	[SIP_HDR_RETRY_AFTER] = "retry-after",
	[SIP_HDR_ROUTE] = "route",
	[SIP_HDR_SERVER] = "server",
	[SIP_HDR_SUBJECT] = "subject",
	[SIP_HDR_SUPPORTED] = "supported",
	[SIP_HDR_TIMESTAMP] = "timestamp",
	[SIP_HDR_TO] = "to",
	[SIP_HDR_UNSUPPORTED] = "unsupported",
	[SIP_HDR_USER_AGENT] = "user-agent",
	[SIP_HDR_VIA] = "via",
	[SIP_HDR_WARNING] = "warning",
	[SIP_HDR_WWW_AUTHENTICATE] = "www-authenticate",
};

/* A perfect hash of the long names (sip_hdr_slot, see msg_internal.h): h = ((word0
 * + word1 + len) * K) >> 57 sends each of the 45 folded names to its own slot of
 * 128.  K was found by trying random odd numbers until no two names collided (a
 * script of a dozen lines); test_impl_hdr_lookup_finds_every_name proves the table,
 * so a new name added here without a new K fails the tests, not the parser. */
const uint8_t sip_hdr_slot[SIP_HDR_NAME_SLOTS] = {
	[91] = SIP_HDR_ACCEPT, [112] = SIP_HDR_ACCEPT_ENCODING, [13] = SIP_HDR_ACCEPT_LANGUAGE,
	[100] = SIP_HDR_ALERT_INFO, [85] = SIP_HDR_ALLOW, [15] = SIP_HDR_AUTHENTICATION_INFO,
	[77] = SIP_HDR_AUTHORIZATION, [27] = SIP_HDR_CALL_ID, [103] = SIP_HDR_CALL_INFO,
	[34] = SIP_HDR_CONTACT, [16] = SIP_HDR_CONTENT_DISPOSITION,
	[20] = SIP_HDR_CONTENT_ENCODING, [116] = SIP_HDR_CONTENT_LANGUAGE,
	[68] = SIP_HDR_CONTENT_LENGTH, [4] = SIP_HDR_CONTENT_TYPE, [46] = SIP_HDR_CSEQ,
	[94] = SIP_HDR_DATE, [37] = SIP_HDR_ERROR_INFO, [80] = SIP_HDR_EXPIRES, [11] = SIP_HDR_FROM,
	[6] = SIP_HDR_IN_REPLY_TO, [115] = SIP_HDR_MAX_FORWARDS, [88] = SIP_HDR_MIME_VERSION,
	[19] = SIP_HDR_MIN_EXPIRES, [74] = SIP_HDR_ORGANIZATION, [82] = SIP_HDR_PRIORITY,
	[69] = SIP_HDR_PROXY_AUTHENTICATE, [23] = SIP_HDR_PROXY_AUTHORIZATION,
	[2] = SIP_HDR_PROXY_REQUIRE, [31] = SIP_HDR_RECORD_ROUTE, [47] = SIP_HDR_REFER_TO,
	[124] = SIP_HDR_REPLY_TO, [18] = SIP_HDR_REQUIRE, [45] = SIP_HDR_RETRY_AFTER,
	[110] = SIP_HDR_ROUTE, [49] = SIP_HDR_SERVER, [89] = SIP_HDR_SUBJECT,
	[126] = SIP_HDR_SUPPORTED, [92] = SIP_HDR_TIMESTAMP, [125] = SIP_HDR_TO,
	[118] = SIP_HDR_UNSUPPORTED, [8] = SIP_HDR_USER_AGENT, [62] = SIP_HDR_VIA,
	[65] = SIP_HDR_WARNING, [25] = SIP_HDR_WWW_AUTHENTICATE,
};

/* A one-letter name: its compact form's id, or SIP_HDR_ID_COUNT. */
static enum sip_hdr_id compact_id(char n)
{
	unsigned c = (unsigned char)(n | 0x20);

	return c >= 'a' && c <= 'z' && compact[c - 'a'] != SIP_HDR_OTHER
		       ? (enum sip_hdr_id)compact[c - 'a'] : SIP_HDR_ID_COUNT;
}

enum sip_hdr_id sip_hdr_lookup_padded(const char *name, size_t len)
{
	if (len == 1) {
		enum sip_hdr_id id = compact_id(name[0]);

		return id != SIP_HDR_ID_COUNT ? id : SIP_HDR_OTHER;
	}
	if (len < 2 || len > NAME_MAX_LEN)
		return SIP_HDR_OTHER;
	/* Fold 8 bytes at a time: | 0x20 lowercases letters and leaves '-' alone, and
	 * no other token character folds onto a letter or '-'.  Bytes past the name
	 * are cleared, matching the zero padding of `folded`. */
	const uint64_t fold = 0x2020202020202020ULL;
	const uint64_t tail = (len % 8 == 0) ? ~UINT64_C(0) : (UINT64_C(1) << (8 * (len % 8))) - 1;
	uint64_t w0 = sip_le64(name) | fold, w1 = 0, w2 = 0;

	if (len <= 8) {
		w0 &= tail;
	} else {
		w1 = sip_le64(name + 8) | fold;
		if (len <= 16) {
			w1 &= tail;
		} else {
			w2 = (sip_le64(name + 16) | fold) & tail;
		}
	}
	enum sip_hdr_id id = sip_hdr_slot[((w0 + w1 + len) * SIP_HDR_NAME_HASH_K) >> 57];
	const char *f = folded[id];

	if (id == SIP_HDR_OTHER || sip_le64(f) != w0 || sip_le64(f + 8) != w1 || sip_le64(f + 16) != w2)
		return SIP_HDR_OTHER;
	return id;
}

enum sip_hdr_id sip_hdr_lookup(const char *name, size_t len)
{
	char padded[NAME_WORDS * 8 + 8];

	if (len > NAME_MAX_LEN)
		return SIP_HDR_OTHER;
	memset(padded, 0, sizeof(padded));
	memcpy(padded, name, len);
	return sip_hdr_lookup_padded(padded, len);
}

const char *sip_hdr_name(enum sip_hdr_id id)
{
	return (unsigned)id < SIP_HDR_ID_COUNT && id != SIP_HDR_OTHER ? sip_hdr_canonical[id] : NULL;
}

static const char *const methods[] = {
	[SIP_METHOD_INVITE] = "INVITE",       [SIP_METHOD_ACK] = "ACK",
	[SIP_METHOD_BYE] = "BYE",             [SIP_METHOD_CANCEL] = "CANCEL",
	[SIP_METHOD_OPTIONS] = "OPTIONS",     [SIP_METHOD_REGISTER] = "REGISTER",
	[SIP_METHOD_PRACK] = "PRACK",         [SIP_METHOD_SUBSCRIBE] = "SUBSCRIBE",
	[SIP_METHOD_NOTIFY] = "NOTIFY",       [SIP_METHOD_PUBLISH] = "PUBLISH",
	[SIP_METHOD_INFO] = "INFO",           [SIP_METHOD_REFER] = "REFER",
	[SIP_METHOD_MESSAGE] = "MESSAGE",     [SIP_METHOD_UPDATE] = "UPDATE",
};

#define METHOD_COUNT (sizeof(methods) / sizeof(methods[0]))

/* True when the token is exactly the literal (the compiler compares the few bytes
 * of a constant-length memcmp inline). */
#define TOKEN_IS(t, lit) ((t).len == sizeof(lit) - 1 && memcmp((t).p, lit, sizeof(lit) - 1) == 0)

enum sip_method sip_method_lookup(struct sip_str token)
{
	/* Methods are case-sensitive: "invite" is an extension method.  The first
	 * letter picks the candidates. */
	if (token.len == 0)
		return SIP_METHOD_OTHER;
	switch (token.p[0]) {
	case 'I':
		return TOKEN_IS(token, "INVITE") ? SIP_METHOD_INVITE
		       : TOKEN_IS(token, "INFO") ? SIP_METHOD_INFO : SIP_METHOD_OTHER;
	case 'A': return TOKEN_IS(token, "ACK") ? SIP_METHOD_ACK : SIP_METHOD_OTHER;
	case 'B': return TOKEN_IS(token, "BYE") ? SIP_METHOD_BYE : SIP_METHOD_OTHER;
	case 'C': return TOKEN_IS(token, "CANCEL") ? SIP_METHOD_CANCEL : SIP_METHOD_OTHER;
	case 'O': return TOKEN_IS(token, "OPTIONS") ? SIP_METHOD_OPTIONS : SIP_METHOD_OTHER;
	case 'R':
		return TOKEN_IS(token, "REGISTER") ? SIP_METHOD_REGISTER
		       : TOKEN_IS(token, "REFER") ? SIP_METHOD_REFER : SIP_METHOD_OTHER;
	case 'P':
		return TOKEN_IS(token, "PRACK") ? SIP_METHOD_PRACK
		       : TOKEN_IS(token, "PUBLISH") ? SIP_METHOD_PUBLISH : SIP_METHOD_OTHER;
	case 'S': return TOKEN_IS(token, "SUBSCRIBE") ? SIP_METHOD_SUBSCRIBE : SIP_METHOD_OTHER;
	case 'N': return TOKEN_IS(token, "NOTIFY") ? SIP_METHOD_NOTIFY : SIP_METHOD_OTHER;
	case 'M': return TOKEN_IS(token, "MESSAGE") ? SIP_METHOD_MESSAGE : SIP_METHOD_OTHER;
	case 'U': return TOKEN_IS(token, "UPDATE") ? SIP_METHOD_UPDATE : SIP_METHOD_OTHER;
	default: return SIP_METHOD_OTHER;
	}
}

const char *sip_method_name(enum sip_method method)
{
	return ((unsigned)method < METHOD_COUNT) ? methods[method] : NULL;
}

struct phrase {
	int code;
	const char *text;
};

/* RFC 3261 §21 and §25 (Status-Code). */
static const struct phrase phrases[] = {
	{ 100, "Trying" }, { 180, "Ringing" }, { 181, "Call Is Being Forwarded" },
	{ 182, "Queued" }, { 183, "Session Progress" }, { 200, "OK" },
	{ 300, "Multiple Choices" }, { 301, "Moved Permanently" }, { 302, "Moved Temporarily" },
	{ 305, "Use Proxy" }, { 380, "Alternative Service" }, { 400, "Bad Request" },
	{ 401, "Unauthorized" }, { 402, "Payment Required" }, { 403, "Forbidden" },
	{ 404, "Not Found" }, { 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
	{ 407, "Proxy Authentication Required" }, { 408, "Request Timeout" }, { 410, "Gone" },
	{ 413, "Request Entity Too Large" }, { 414, "Request-URI Too Large" },
	{ 415, "Unsupported Media Type" }, { 416, "Unsupported URI Scheme" },
	{ 420, "Bad Extension" }, { 421, "Extension Required" }, { 423, "Interval Too Brief" },
	{ 480, "Temporarily Unavailable" }, { 481, "Call/Transaction Does Not Exist" },
	{ 482, "Loop Detected" }, { 483, "Too Many Hops" }, { 484, "Address Incomplete" },
	{ 485, "Ambiguous" }, { 486, "Busy Here" }, { 487, "Request Terminated" },
	{ 488, "Not Acceptable Here" }, { 491, "Request Pending" }, { 493, "Undecipherable" },
	{ 500, "Server Internal Error" }, { 501, "Not Implemented" }, { 502, "Bad Gateway" },
	{ 503, "Service Unavailable" }, { 504, "Server Time-out" },
	{ 505, "Version Not Supported" }, { 513, "Message Too Large" },
	{ 600, "Busy Everywhere" }, { 603, "Decline" }, { 604, "Does Not Exist Anywhere" },
	{ 606, "Not Acceptable" },
};

const char *sip_status_phrase(int status)
{
	static const char *const classes[] = { "Unknown", "Provisional", "Success", "Redirection",
					       "Client Error", "Server Error", "Global Failure" };

	for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++)
		if (phrases[i].code == status)
			return phrases[i].text;
	return (status >= 100 && status <= 699) ? classes[status / 100] : classes[0];
}
