/* sip/hdr_names.c - header names, compact forms, methods, status phrases.
 *
 * RFC 3261 §7.3.1: "field names are always case-insensitive"; §7.3.3: compact forms
 * "MAY be substituted for the longer form of a header field name at any time".
 * A name is looked up by its length first, then its first letter: at most a
 * handful of candidates are compared, so finding the id of a header costs a few
 * dozen instructions, no hashing and no allocation.
 *
 * Leaves out: compact forms registered after RFC 3261 other than Refer-To's "r"
 * (Event "o", Allow-Events "u", ... are kept as extension headers).
 */
#include "sip/hdr.h"
#include "sip/msg.h"
#include "sip/msg_internal.h"

#include <string.h>

static const char *const canonical[SIP_HDR_ID_COUNT] = {
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

/* The ids of each name length; 0 (SIP_HDR_OTHER) ends a row. */
#define NAME_MAX_LEN 19
static const uint8_t by_length[NAME_MAX_LEN + 1][7] = {
	[2] = { SIP_HDR_TO },
	[3] = { SIP_HDR_VIA },
	[4] = { SIP_HDR_CSEQ, SIP_HDR_DATE, SIP_HDR_FROM },
	[5] = { SIP_HDR_ALLOW, SIP_HDR_ROUTE },
	[6] = { SIP_HDR_ACCEPT, SIP_HDR_SERVER },
	[7] = { SIP_HDR_CALL_ID, SIP_HDR_CONTACT, SIP_HDR_EXPIRES, SIP_HDR_REQUIRE,
		SIP_HDR_SUBJECT, SIP_HDR_WARNING },
	[8] = { SIP_HDR_PRIORITY, SIP_HDR_REFER_TO, SIP_HDR_REPLY_TO },
	[9] = { SIP_HDR_CALL_INFO, SIP_HDR_SUPPORTED, SIP_HDR_TIMESTAMP },
	[10] = { SIP_HDR_ALERT_INFO, SIP_HDR_ERROR_INFO, SIP_HDR_USER_AGENT },
	[11] = { SIP_HDR_IN_REPLY_TO, SIP_HDR_MIN_EXPIRES, SIP_HDR_RETRY_AFTER,
		 SIP_HDR_UNSUPPORTED },
	[12] = { SIP_HDR_CONTENT_TYPE, SIP_HDR_MAX_FORWARDS, SIP_HDR_MIME_VERSION,
		 SIP_HDR_ORGANIZATION, SIP_HDR_RECORD_ROUTE },
	[13] = { SIP_HDR_AUTHORIZATION, SIP_HDR_PROXY_REQUIRE },
	[14] = { SIP_HDR_CONTENT_LENGTH },
	[15] = { SIP_HDR_ACCEPT_ENCODING, SIP_HDR_ACCEPT_LANGUAGE },
	[16] = { SIP_HDR_CONTENT_ENCODING, SIP_HDR_CONTENT_LANGUAGE, SIP_HDR_WWW_AUTHENTICATE },
	[18] = { SIP_HDR_PROXY_AUTHENTICATE },
	[19] = { SIP_HDR_AUTHENTICATION_INFO, SIP_HDR_CONTENT_DISPOSITION,
		 SIP_HDR_PROXY_AUTHORIZATION },
};

/* §7.3.3 and §20: the compact forms, by letter. */
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

/* Folding with | 0x20 is exact here: the names hold letters and '-', and a header
 * name is a token, whose other characters never fold onto a letter. */
static bool same_name(const char *p, const char *canon, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((p[i] | 0x20) != (canon[i] | 0x20))
			return false;
	return true;
}

enum sip_hdr_id sip_hdr_lookup(const char *name, size_t len)
{
	if (len == 1) {
		unsigned c = (unsigned char)(name[0] | 0x20);

		return (c >= 'a' && c <= 'z') ? (enum sip_hdr_id)compact[c - 'a'] : SIP_HDR_OTHER;
	}
	if (len > NAME_MAX_LEN)
		return SIP_HDR_OTHER;
	for (const uint8_t *id = by_length[len]; *id != SIP_HDR_OTHER; id++) {
		const char *canon = canonical[*id];

		if ((canon[0] | 0x20) == (name[0] | 0x20) && same_name(name, canon, len))
			return (enum sip_hdr_id)*id;
	}
	return SIP_HDR_OTHER;
}

const char *sip_hdr_name(enum sip_hdr_id id)
{
	return (unsigned)id < SIP_HDR_ID_COUNT ? canonical[id] : NULL;
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

enum sip_method sip_method_lookup(struct sip_str token)
{
	/* Methods are case-sensitive: "invite" is an extension method. */
	if (token.len < 3 || token.len > 9)
		return SIP_METHOD_OTHER;
	for (size_t m = 1; m < METHOD_COUNT; m++)
		if (methods[m][0] == token.p[0] && strlen(methods[m]) == token.len &&
		    memcmp(methods[m], token.p, token.len) == 0)
			return (enum sip_method)m;
	return SIP_METHOD_OTHER;
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
