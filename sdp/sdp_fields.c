/* sdp/sdp_fields.c - one parser per SDP field (all but a=, which is in sdp_attr.c).
 *
 * Implements the syntax of RFC4566 5.1-5.12 and 5.14 with the grammar of RFC4566 9:
 * v= o= s= i= u= e= p= c= (IPv4, IPv6, multicast TTL and address count) b= t= r= z= k=
 * m= (port/count, proto, formats).  Each parser checks its value and stores views into the
 * pool; the line loop in sdp_parse.c decides whether the line may appear at all.
 *
 * Leaves out: e=/p= against the RFC 2822 grammar and u= against RFC 3986 (kept as text),
 * the 10-digit minimum of the t= grammar (any decimal is accepted), IDN checks.
 */
#include "sdp/sdp.h"
#include "sdp/sdp_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

char *sdp_split(char **cur)
{
	char *start = *cur;

	if (start == NULL)
		return NULL;
	char *sp = strchr(start, ' ');

	if (sp == NULL) {
		*cur = NULL;
	} else {
		*sp = '\0';
		*cur = sp + 1;
	}
	return start;
}

int sdp_parse_u64(const char *str, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*str == '\0')
		return EBADMSG;
	for (; *str != '\0'; str++) {
		if (*str < '0' || *str > '9')
			return EBADMSG;
		unsigned d = (unsigned)(*str - '0');

		if (v > (max - d) / 10)
			return ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* RFC4566 9: token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E */
static bool is_token_char(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D ||
	       c == 0x2E || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) ||
	       (c >= 0x5E && c <= 0x7E);
}

bool sdp_is_token(const char *str)
{
	if (*str == '\0')
		return false;
	for (; *str != '\0'; str++)
		if (!is_token_char((unsigned char)*str))
			return false;
	return true;
}

/* RFC4566 9: non-ws-string = 1*(VCHAR/%x80-FF) */
static bool is_non_ws(const char *str)
{
	if (*str == '\0')
		return false;
	for (; *str != '\0'; str++)
		if ((unsigned char)*str <= 0x20 || (unsigned char)*str == 0x7F)
			return false;
	return true;
}

/* Dotted decimal, four parts of 0-255. */
static bool is_ip4(const char *a)
{
	struct in_addr unused;

	return strspn(a, "0123456789.") == strlen(a) && inet_pton(AF_INET, a, &unused) == 1;
}

static bool is_ip6(const char *a)
{
	struct in6_addr unused;

	return inet_pton(AF_INET6, a, &unused) == 1;
}

/* RFC4566 9: FQDN = 4*(alpha-numeric / "-" / ".").  Digits and dots alone are an IPv4
 * address, which is_ip4 judges. */
static bool is_fqdn(const char *a)
{
	size_t n = strlen(a);

	return n >= 4 && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			       "0123456789-.") == n && strspn(a, "0123456789.") != n;
}

/* RFC4566 9: unicast-address = IP4-address / IP6-address / FQDN / extn-addr.  For IN IP4
 * and IN IP6 we insist on the first three; other types keep any non-ws-string. */
static int check_address(const char *nettype, const char *addrtype, const char *addr,
			 const char **reason)
{
	if (!is_non_ws(addr)) {
		*reason = "address missing or not printable (RFC4566 9)";
		return EBADMSG;
	}
	if (strcmp(nettype, "IN") != 0)
		return 0;
	if (strcmp(addrtype, "IP4") == 0 && !is_ip4(addr) && !is_fqdn(addr)) {
		*reason = "not an IPv4 address or domain name (RFC4566 5.7)";
		return EBADMSG;
	}
	/* RFC5118 4.6: SDP carries IPv6 addresses without the [ ] a SIP URI puts around them. */
	if (strcmp(addrtype, "IP6") == 0 && addr[0] == '[') {
		*reason = "IPv6 address in brackets: SDP writes it bare (RFC5118 4.6)";
		return EBADMSG;
	}
	if (strcmp(addrtype, "IP6") == 0 && !is_ip6(addr) && !is_fqdn(addr)) {
		*reason = "not an IPv6 address or domain name (RFC4566 5.7)";
		return EBADMSG;
	}
	return 0;
}

bool sdp_conn_is_null(const struct sdp_conn *c)
{
	return strcmp(c->addr, "0.0.0.0") == 0 || strcmp(c->addr, "::") == 0;
}

bool sdp_conn_is_multicast(const struct sdp_conn *c)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (strcmp(c->addrtype, "IP4") == 0 && is_ip4(c->addr) &&
	    inet_pton(AF_INET, c->addr, &a4) == 1)  /* is_ip4 first: no "1.2.3" shorthand */
		return (ntohl(a4.s_addr) >> 28) == 0xE;  /* 224.0.0.0/4 */
	if (strcmp(c->addrtype, "IP6") == 0 && inet_pton(AF_INET6, c->addr, &a6) == 1)
		return a6.s6_addr[0] == 0xFF;
	return false;
}

int sdp_field_version(struct sdp_session *s, char *value, const char **reason)
{
	/* RFC4566 5.1: "This memo defines version 0.  There is no minor version number." */
	if (strcmp(value, "0") != 0) {
		*reason = "v=: only version 0 exists (RFC4566 5.1)";
		return EBADMSG;
	}
	s->version = 0;
	return 0;
}

int sdp_field_origin(struct sdp_session *s, char *value, const char **reason)
{
	char *f[6];
	char *cur = value;

	for (int i = 0; i < 6; i++)
		f[i] = sdp_split(&cur);
	*reason = "o=: needs <username> <sess-id> <sess-version> <nettype> <addrtype> "
		  "<address>, single spaces (RFC4566 5.2)";
	if (f[5] == NULL || cur != NULL || !is_non_ws(f[0]) || !sdp_is_token(f[3]) ||
	    !sdp_is_token(f[4]))
		return EBADMSG;
	*reason = "o=: sess-id and sess-version are numbers that fit 64 bits (RFC3264 5)";
	if (sdp_parse_u64(f[1], UINT64_MAX, &s->origin.sess_id) != 0 ||
	    sdp_parse_u64(f[2], UINT64_MAX, &s->origin.sess_version) != 0)
		return EBADMSG;
	int rc = check_address(f[3], f[4], f[5], reason);

	if (rc != 0)
		return rc;
	s->origin.username = f[0];
	s->origin.nettype = f[3];
	s->origin.addrtype = f[4];
	s->origin.addr = f[5];
	return 0;
}

int sdp_field_text(const char **slot, char *value, bool may_be_empty, const char **reason)
{
	/* RFC4566 9: text = byte-string = 1*(...).  DEVIATION: s= may be empty, because the
	 * RFC3264 10.1 and 10.2 examples and RFC5118 4.8 send "s=" and we must read them. */
	if (!may_be_empty && value[0] == '\0') {
		*reason = "empty value: this field is 1*byte (RFC4566 9)";
		return EBADMSG;
	}
	*slot = value;
	return 0;
}

int sdp_field_contact(struct sdp_session *s, char type, char *value, const char **reason)
{
	const char **list = type == 'e' ? s->email : s->phone;
	unsigned *n = type == 'e' ? &s->n_email : &s->n_phone;

	if (value[0] == '\0') {
		*reason = "e=/p=: empty value (RFC4566 5.6)";
		return EBADMSG;
	}
	if (*n >= SDP_MAX_CONTACTS) {
		*reason = "more e= or p= lines than SDP_MAX_CONTACTS";
		return ENOBUFS;
	}
	list[(*n)++] = value;
	return 0;
}

/* "/<n>" numbers after a multicast address: TTL 0-255, count 1 and up. */
static int parse_ttl_count(struct sdp_conn *c, char *first, char *second, const char **reason)
{
	bool ip4 = strcmp(c->addrtype, "IP4") == 0;
	uint64_t v;

	/* RFC4566 5.7: "Sessions using an IPv4 multicast connection address MUST also have a
	 * time to live (TTL) value present in addition to the multicast address." */
	if (ip4 && first == NULL) {
		*reason = "c=: IPv4 multicast address without /ttl (RFC4566 5.7)";
		return EBADMSG;
	}
	/* RFC4566 5.7: "the TTL value MUST NOT be present for IPv6 multicast" */
	if (!ip4 && second != NULL) {
		*reason = "c=: IPv6 multicast takes /count only, no TTL (RFC4566 5.7)";
		return EBADMSG;
	}
	char *count = ip4 ? second : first;

	*reason = "c=: TTL must be 0-255 and the address count 1-65535 (RFC4566 5.7)";
	if (ip4 && sdp_parse_u64(first, 255, &v) != 0)
		return EBADMSG;
	if (ip4)
		c->ttl = (int)v;
	if (count != NULL && (sdp_parse_u64(count, 65535, &v) != 0 || v == 0))
		return EBADMSG;
	if (count != NULL)
		c->count = (unsigned)v;
	return 0;
}

/* The address part of c=: bare address, or multicast with /ttl and /count. */
static int parse_conn_address(struct sdp_conn *c, char *addr, const char **reason)
{
	char *first = strchr(addr, '/');
	char *second = NULL;

	if (first != NULL) {
		*first++ = '\0';
		second = strchr(first, '/');
		if (second != NULL)
			*second++ = '\0';
	}
	c->addr = addr;
	int rc = check_address(c->nettype, c->addrtype, addr, reason);

	if (rc != 0)
		return rc;
	if (sdp_conn_is_multicast(c))
		return parse_ttl_count(c, first, second, reason);
	/* RFC4566 5.7: "The slash notation for multiple addresses described above MUST NOT
	 * be used for IP unicast addresses." */
	if (first != NULL) {
		*reason = "c=: '/' after a unicast address (RFC4566 5.7)";
		return EBADMSG;
	}
	return 0;
}

static int parse_conn(struct sdp_conn *c, char *value, const char **reason)
{
	char *cur = value;
	char *nettype = sdp_split(&cur);
	char *addrtype = sdp_split(&cur);
	char *addr = sdp_split(&cur);

	if (addr == NULL || cur != NULL || !sdp_is_token(nettype) || !sdp_is_token(addrtype) ||
	    addr[0] == '\0') {
		*reason = "c=: needs <nettype> <addrtype> <address>, single spaces (RFC4566 5.7)";
		return EBADMSG;
	}
	c->nettype = nettype;
	c->addrtype = addrtype;
	c->addr = addr;
	c->ttl = -1;
	c->count = 0;
	bool ip = strcmp(addrtype, "IP4") == 0 || strcmp(addrtype, "IP6") == 0;

	if (strcmp(nettype, "IN") != 0 || !ip)
		return check_address(nettype, addrtype, addr, reason);
	return parse_conn_address(c, addr, reason);
}

int sdp_field_conn(struct sdp_session *s, struct sdp_media *m, char *value,
		   const char **reason)
{
	struct sdp_conn c;
	int rc = parse_conn(&c, value, reason);

	if (rc != 0)
		return rc;
	if (m == NULL) {
		/* RFC4566 5.7: multiple addresses "MUST NOT be specified for a session-level
		 * "c=" field." */
		if (c.count > 1) {
			*reason = "c=: several addresses at session level (RFC4566 5.7)";
			return EBADMSG;
		}
		s->conn = c;
		s->has_conn = true;
		return 0;
	}
	if (m->n_conn >= SDP_MAX_CONNS) {
		*reason = "more c= lines in one media section than SDP_MAX_CONNS";
		return ENOBUFS;
	}
	m->conn[m->n_conn++] = c;
	return 0;
}

int sdp_field_bandwidth(struct sdp_session *s, struct sdp_media *m, char *value,
			const char **reason)
{
	struct sdp_bw *list = m != NULL ? m->bw : s->bw;
	unsigned *n = m != NULL ? &m->n_bw : &s->n_bw;
	char *colon = strchr(value, ':');
	uint64_t kbps;

	*reason = "b=: needs <bwtype>:<bandwidth in kbit/s> (RFC4566 5.8)";
	if (colon == NULL)
		return EBADMSG;
	*colon = '\0';
	if (!sdp_is_token(value) || sdp_parse_u64(colon + 1, UINT64_MAX, &kbps) != 0)
		return EBADMSG;
	if (*n >= SDP_MAX_BANDWIDTHS) {
		*reason = "more b= lines at one level than SDP_MAX_BANDWIDTHS";
		return ENOBUFS;
	}
	list[*n].type = value;
	list[*n].kbps = kbps;
	(*n)++;
	return 0;
}

int sdp_field_time(struct sdp_session *s, char *value, const char **reason)
{
	char *cur = value;
	char *start = sdp_split(&cur);
	char *stop = sdp_split(&cur);
	uint64_t t0, t1;

	*reason = "t=: needs <start-time> <stop-time>, decimal NTP seconds (RFC4566 5.9)";
	if (stop == NULL || cur != NULL || sdp_parse_u64(start, UINT64_MAX, &t0) != 0 ||
	    sdp_parse_u64(stop, UINT64_MAX, &t1) != 0)
		return EBADMSG;
	if (s->n_time >= SDP_MAX_TIMES) {
		*reason = "more t= lines than SDP_MAX_TIMES";
		return ENOBUFS;
	}
	s->time[s->n_time].start = t0;
	s->time[s->n_time].stop = t1;
	s->n_time++;
	return 0;
}

int sdp_typed_time_parse(const char *text, size_t len, int64_t *seconds)
{
	/* RFC4566 5.10: "d - days (86400 seconds) h - hours (3600 seconds) m - minutes
	 * (60 seconds) s - seconds (allowed for completeness)" */
	static const char units[] = "dhms";
	static const int64_t unit_seconds[] = { 86400, 3600, 60, 1 };
	int64_t scale = 1, sign = 1, v = 0;
	size_t i = 0;

	if (len > 0 && text[0] == '-') {
		sign = -1;
		i = 1;
	}
	const char *u = len > i + 1 ? memchr(units, text[len - 1], 4) : NULL;

	if (u != NULL) {
		scale = unit_seconds[u - units];
		len--;
	}
	if (i == len)
		return EBADMSG;
	for (; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return EBADMSG;
		if (v > (INT64_MAX / 86400 - (text[i] - '0')) / 10)
			return ERANGE;
		v = v * 10 + (text[i] - '0');
	}
	*seconds = sign * v * scale;
	return 0;
}

/* Counts the space-separated words of `value`, each a typed time; a leading "-" is
 * allowed on every second word only if `allow_minus_on_odd`.  -1 on a bad word. */
static int count_typed_times(const char *value, bool allow_minus_on_odd)
{
	int n = 0;

	for (const char *w = value;; n++) {
		const char *sp = strchr(w, ' ');
		size_t len = sp != NULL ? (size_t)(sp - w) : strlen(w);
		int64_t secs;

		if (len == 0 || (w[0] == '-' && !(allow_minus_on_odd && n % 2 == 1)) ||
		    sdp_typed_time_parse(w, len, &secs) != 0)
			return -1;
		if (sp == NULL)
			return n + 1;
		w = sp + 1;
	}
}

int sdp_field_repeat(struct sdp_session *s, char *value, const char **reason)
{
	struct sdp_time *t = &s->time[s->n_time - 1];  /* check_order: r= follows a t= */

	/* RFC4566 9: repeat-fields = %x72 "=" repeat-interval SP typed-time
	 * 1*(SP typed-time), and repeat-interval = POS-DIGIT *DIGIT [fixed-len-time-unit] */
	if (count_typed_times(value, false) < 3 || value[0] == '0') {
		*reason = "r=: needs <interval> <duration> <offset>..., typed times, interval "
			  "not 0 (RFC4566 5.10)";
		return EBADMSG;
	}
	if (t->n_repeat >= SDP_MAX_REPEATS) {
		*reason = "more r= lines after one t= than SDP_MAX_REPEATS";
		return ENOBUFS;
	}
	t->repeat[t->n_repeat++] = value;
	return 0;
}

int sdp_field_zone(struct sdp_session *s, char *value, const char **reason)
{
	int n = count_typed_times(value, true);

	/* RFC4566 9: zone-adjustments = %x7a "=" time SP ["-"] typed-time
	 * *(SP time SP ["-"] typed-time) */
	if (n < 2 || n % 2 != 0) {
		*reason = "z=: needs pairs of <adjustment time> <offset> (RFC4566 5.11)";
		return EBADMSG;
	}
	s->zone = value;
	return 0;
}

/* RFC4566 9: base64 = *base64-unit [base64-pad] */
static bool is_base64(const char *v)
{
	size_t n = strlen(v);
	size_t body = strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			     "0123456789+/");
	size_t pad = strspn(v + body, "=");

	return body + pad == n && n % 4 == 0 && pad <= 2;
}

int sdp_field_key(const char **slot, char *value, const char **reason)
{
	/* RFC4566 5.12: k=prompt, k=clear:<key>, k=base64:<key>, k=uri:<URI> */
	bool ok = strcmp(value, "prompt") == 0 ||
		  (strncmp(value, "clear:", 6) == 0 && value[6] != '\0') ||
		  (strncmp(value, "base64:", 7) == 0 && is_base64(value + 7)) ||
		  (strncmp(value, "uri:", 4) == 0 && is_non_ws(value + 4));

	if (!ok) {
		*reason = "k=: method must be prompt, clear:, base64: or uri: (RFC4566 5.12)";
		return EBADMSG;
	}
	*slot = value;
	return 0;
}

int sdp_fmt_pt(const char *fmt)
{
	uint64_t v;

	return sdp_parse_u64(fmt, 127, &v) == 0 ? (int)v : -1;
}

/* RFC4566 9: proto = token *("/" token) */
static bool is_proto(const char *p)
{
	size_t n = strlen(p);

	if (n == 0 || p[0] == '/' || p[n - 1] == '/' || strstr(p, "//") != NULL)
		return false;
	for (; *p != '\0'; p++)
		if (*p != '/' && !is_token_char((unsigned char)*p))
			return false;
	return true;
}

/* <port>["/"<number of ports>] */
static int parse_port(struct sdp_media *m, char *text, const char **reason)
{
	char *slash = strchr(text, '/');
	uint64_t v;

	*reason = "m=: port must be 0-65535, and /<number of ports> 1 or more (RFC4566 5.14)";
	if (slash != NULL) {
		*slash = '\0';
		if (sdp_parse_u64(slash + 1, 65535, &v) != 0 || v == 0)
			return EBADMSG;
		m->n_ports = (unsigned)v;
	}
	if (sdp_parse_u64(text, 65535, &v) != 0)
		return EBADMSG;
	m->port = (uint16_t)v;
	return 0;
}

static int add_formats(struct sdp_media *m, char *cur, const char **reason)
{
	bool rtp = sdp_proto_is_rtp(m->proto);

	for (char *f; (f = sdp_split(&cur)) != NULL;) {
		if (!sdp_is_token(f)) {
			*reason = "m=: <fmt> must be a token, single spaces (RFC4566 9)";
			return EBADMSG;
		}
		/* RFC4566 5.14: for RTP/AVP and RTP/SAVP "the <fmt> sub-fields contain RTP
		 * payload type numbers" */
		if (rtp && sdp_fmt_pt(f) < 0) {
			*reason = "m=: RTP formats are payload type numbers 0-127 (RFC4566 5.14)";
			return EBADMSG;
		}
		if (m->n_fmt >= SDP_MAX_FORMATS) {
			*reason = "more formats on one m= line than SDP_MAX_FORMATS";
			return ENOBUFS;
		}
		m->fmt[m->n_fmt++] = f;
	}
	return 0;
}

int sdp_field_media(struct sdp_session *s, char *value, const char **reason)
{
	if (s->n_media >= SDP_MAX_MEDIA) {
		*reason = "more m= sections than SDP_MAX_MEDIA";
		return ENOBUFS;
	}
	struct sdp_media *m = &s->media[s->n_media];
	char *cur = value;
	char *type = sdp_split(&cur);
	char *port = sdp_split(&cur);
	char *proto = sdp_split(&cur);

	memset(m, 0, sizeof *m);  /* sdp_session_clear leaves the media array alone */

	if (cur == NULL || proto == NULL || !sdp_is_token(type) || !is_proto(proto)) {
		*reason = "m=: needs <media> <port> <proto> <fmt>..., single spaces "
			  "(RFC4566 5.14)";
		return EBADMSG;
	}
	m->type = type;
	m->proto = proto;
	int rc = parse_port(m, port, reason);

	if (rc == 0)
		rc = add_formats(m, cur, reason);
	if (rc == 0)
		s->n_media++;
	return rc;
}
