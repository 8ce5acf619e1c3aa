/* rtp/rtcp.c - RTCP SR, RR, SDES CNAME and BYE packets (RFC 3550 §6.1, §6.4-§6.6, A.2).
 *
 * Every RTCP packet starts with the same 32-bit word (§6.4.1):
 *   V(2) P(1) RC/SC(5) | PT(8) | length(16) = packet size in 32-bit words minus one,
 * so a receiver can walk a compound packet without knowing every type.
 *
 * Leaves out: APP (§6.7), SDES items other than CNAME, encryption (§9).
 */
#include "rtp/rtcp.h"
#include "rtp/wire_internal.h"

#include <errno.h>
#include <string.h>

/* ---- writing ------------------------------------------------------------------- */

void rtcp_writer_init(struct rtcp_writer *w, uint8_t *buf, size_t cap)
{
	w->buf = buf;
	w->cap = cap;
	w->len = 0;
	w->overflow = false;
	w->invalid = false;
}

/* Reserves `n` octets (a multiple of 4), zeroed; NULL (and the flag) if they don't fit. */
static uint8_t *reserve(struct rtcp_writer *w, size_t n)
{
	if (w->overflow || w->invalid)
		return NULL;
	if (n > w->cap - w->len) {
		w->overflow = true;
		return NULL;
	}
	uint8_t *p = w->buf + w->len;

	memset(p, 0, n);
	w->len += n;
	return p;
}

/* RFC3550 6.4.1: "length: 16 bits  The length of this RTCP packet in 32-bit words minus
 * one, including the header and any padding." */
static void put_common(uint8_t *p, uint8_t count, uint8_t type, size_t size)
{
	p[0] = (uint8_t)(2 << 6 | count);
	p[1] = type;
	p[2] = (uint8_t)((size / 4 - 1) >> 8);
	p[3] = (uint8_t)(size / 4 - 1);
}

static void put_block(uint8_t *p, const struct rtcp_report_block *b)
{
	int32_t lost = b->cumulative_lost;

	/* RFC3550 A.3: "Since this signed number is carried in 24 bits, it should be clamped
	 * at 0x7fffff for positive loss or 0x800000 for negative loss rather than wrapping
	 * around." */
	if (lost > 0x7FFFFF)
		lost = 0x7FFFFF;
	if (lost < -0x800000)
		lost = -0x800000;
	rtp_put32(p, b->ssrc);
	rtp_put32(p + 4, (uint32_t)b->fraction_lost << 24 | ((uint32_t)lost & 0xFFFFFF));
	rtp_put32(p + 8, b->ext_highest_seq);
	rtp_put32(p + 12, b->jitter);
	rtp_put32(p + 16, b->lsr);
	rtp_put32(p + 20, b->dlsr);
}

void rtcp_write_report(struct rtcp_writer *w, const struct rtcp_report *r)
{
	bool sr = r->type == RTCP_SR;

	if ((!sr && r->type != RTCP_RR) || r->count > RTCP_MAX_COUNT) {
		w->invalid = true;
		return;
	}
	size_t size = 8 + (sr ? 20 : 0) + 24u * r->count;
	uint8_t *p = reserve(w, size);

	if (p == NULL)
		return;
	put_common(p, r->count, r->type, size);
	rtp_put32(p + 4, r->ssrc);
	p += 8;
	if (sr) {
		rtp_put32(p, (uint32_t)(r->sender.ntp >> 32));
		rtp_put32(p + 4, (uint32_t)r->sender.ntp);
		rtp_put32(p + 8, r->sender.rtp_ts);
		rtp_put32(p + 12, r->sender.packet_count);
		rtp_put32(p + 16, r->sender.octet_count);
		p += 20;
	}
	for (unsigned i = 0; i < r->count; i++, p += 24)
		put_block(p, &r->blocks[i]);
}

void rtcp_write_sdes_cname(struct rtcp_writer *w, uint32_t ssrc, const char *cname)
{
	size_t n = cname != NULL ? strlen(cname) : RTCP_MAX_TEXT + 1;

	if (n > RTCP_MAX_TEXT) {
		w->invalid = true;
		return;
	}
	/* RFC3550 6.5: "The list of items in each chunk MUST be terminated by one or more
	 * null octets ... additional null octets MUST be included if needed to pad until
	 * the next 32-bit boundary."  Header 4 + SSRC 4 + item 2 + text + at least one null. */
	size_t size = (4 + 4 + 2 + n + 1 + 3) & ~(size_t)3;
	uint8_t *p = reserve(w, size);

	if (p == NULL)
		return;
	put_common(p, 1, RTCP_SDES, size);
	rtp_put32(p + 4, ssrc);
	p[8] = RTCP_SDES_CNAME;
	p[9] = (uint8_t)n;
	memcpy(p + 10, cname, n);
}

void rtcp_write_bye(struct rtcp_writer *w, const uint32_t *ssrc, unsigned n, const char *reason)
{
	size_t rlen = reason != NULL ? strlen(reason) : 0;

	if (n > RTCP_MAX_COUNT || rlen > RTCP_MAX_TEXT || (n > 0 && ssrc == NULL)) {
		w->invalid = true;
		return;
	}
	/* RFC3550 6.6: "If the string fills the packet to the next 32-bit boundary, the
	 * string is not null terminated.  If not, the BYE packet MUST be padded with null
	 * octets to the next 32-bit boundary." */
	size_t size = 4 + 4u * n + (reason != NULL ? (1 + rlen + 3) & ~(size_t)3 : 0);
	uint8_t *p = reserve(w, size);

	if (p == NULL)
		return;
	put_common(p, (uint8_t)n, RTCP_BYE, size);
	for (unsigned i = 0; i < n; i++)
		rtp_put32(p + 4 + 4 * i, ssrc[i]);
	if (reason != NULL) {
		p[4 + 4 * n] = (uint8_t)rlen;
		memcpy(p + 5 + 4 * n, reason, rlen);
	}
}

int rtcp_writer_finish(const struct rtcp_writer *w, size_t *len)
{
	if (w->invalid)
		return EINVAL;
	if (w->overflow)
		return ENOBUFS;
	*len = w->len;
	return 0;
}

/* ---- parsing ------------------------------------------------------------------- */

/* Size of the packet at `off` in octets (from its length field), 0 if it can't be read. */
static size_t packet_size(const uint8_t *buf, size_t len, size_t off)
{
	if (len - off < 4)
		return 0;
	return ((size_t)(buf[off + 2] << 8 | buf[off + 3]) + 1) * 4;
}

/* One packet of a compound packet: version, length inside, padding only when last. */
static int check_one(const uint8_t *buf, size_t len, size_t off, size_t *size,
		     struct rtp_parse_error *err)
{
	if (len - off < 4)
		return rtp_reject(err, off, "truncated RTCP header");
	if (buf[off] >> 6 != 2)
		return rtp_reject(err, off, "RTCP version field is not 2");
	*size = packet_size(buf, len, off);
	if (*size > len - off)
		return rtp_reject(err, off + 2, "RTCP length runs past the end of the compound packet");
	if (buf[off] & 0x20) {
		/* RFC3550 6.4.1: "padding MUST only be added to the last individual packet" */
		if (off + *size != len)
			return rtp_reject(err, off, "padding bit set on a packet that is not the last");
		uint8_t count = buf[off + *size - 1];

		if (count == 0 || count > *size - 4)
			return rtp_reject(err, off + *size - 1, "RTCP padding count out of range");
	}
	return 0;
}

int rtcp_compound_check(const uint8_t *buf, size_t len, struct rtp_parse_error *err)
{
	if (len < 4)
		return rtp_reject(err, len, "shorter than one RTCP header");
	/* RFC3550 A.2: "The payload type field of the first RTCP packet in a compound
	 * packet must be equal to SR or RR." */
	if (buf[1] != RTCP_SR && buf[1] != RTCP_RR)
		return rtp_reject(err, 1, "first RTCP packet is not an SR or RR");
	/* RFC3550 A.2: "The padding bit (P) should be zero for the first packet of a
	 * compound RTCP packet" (checked for every packet but the last in check_one). */
	size_t off = 0;

	/* RFC3550 A.2: "The length fields of the individual RTCP packets must add up to the
	 * overall length of the compound RTCP packet as received." */
	while (off < len) {
		size_t size = 0;
		int rc = check_one(buf, len, off, &size, err);

		if (rc != 0)
			return rc;
		off += size;
	}
	return 0;
}

void rtcp_iter_init(struct rtcp_iter *it, const uint8_t *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->off = 0;
}

bool rtcp_iter_next(struct rtcp_iter *it, struct rtcp_packet_view *p)
{
	size_t size = 0;

	if (it->off >= it->len || check_one(it->buf, it->len, it->off, &size, NULL) != 0)
		return false;
	const uint8_t *h = it->buf + it->off;

	p->type = h[1];
	p->count = h[0] & 0x1F;
	p->padding = (h[0] & 0x20) != 0;
	p->body = h + 4;
	p->body_len = size - 4 - (p->padding ? h[size - 1] : 0);
	p->offset = it->off;
	it->off += size;
	return true;
}

static void get_block(const uint8_t *p, struct rtcp_report_block *b)
{
	uint32_t w = rtp_get32(p + 4);

	b->ssrc = rtp_get32(p);
	b->fraction_lost = (uint8_t)(w >> 24);
	/* Sign-extend the 24-bit cumulative loss. */
	b->cumulative_lost = (int32_t)(w & 0xFFFFFF) - ((w & 0x800000) ? 0x1000000 : 0);
	b->ext_highest_seq = rtp_get32(p + 8);
	b->jitter = rtp_get32(p + 12);
	b->lsr = rtp_get32(p + 16);
	b->dlsr = rtp_get32(p + 20);
}

int rtcp_parse_report(const struct rtcp_packet_view *p, struct rtcp_report *r,
		      struct rtp_parse_error *err)
{
	bool sr = p->type == RTCP_SR;

	if (!sr && p->type != RTCP_RR)
		return rtp_reject(err, p->offset + 1, "not an SR or RR");
	size_t need = 4 + (sr ? 20 : 0) + 24u * p->count;

	/* Octets beyond `need` are profile-specific extensions (§6.4.3): ignored. */
	if (p->body_len < need)
		return rtp_reject(err, p->offset, "report count (RC) runs past the packet length");
	memset(r, 0, sizeof(*r));
	r->type = p->type;
	r->count = p->count;
	r->ssrc = rtp_get32(p->body);
	const uint8_t *q = p->body + 4;

	if (sr) {
		r->sender.ntp = (uint64_t)rtp_get32(q) << 32 | rtp_get32(q + 4);
		r->sender.rtp_ts = rtp_get32(q + 8);
		r->sender.packet_count = rtp_get32(q + 12);
		r->sender.octet_count = rtp_get32(q + 16);
		q += 20;
	}
	for (unsigned i = 0; i < r->count; i++, q += 24)
		get_block(q, &r->blocks[i]);
	return 0;
}

/* One SDES chunk at body[*off]: SSRC, items, null terminator, padding to 32 bits. */
static int parse_chunk(const struct rtcp_packet_view *p, size_t *off, struct rtcp_sdes_chunk *c,
		       struct rtp_parse_error *err)
{
	const uint8_t *b = p->body;
	size_t n = p->body_len;

	if (n - *off < 4)
		return rtp_reject(err, p->offset + 4 + *off, "SDES chunk runs past the packet");
	c->ssrc = rtp_get32(b + *off);
	c->cname = NULL;
	c->cname_len = 0;
	*off += 4;
	while (*off < n && b[*off] != RTCP_SDES_END) {
		if (n - *off < 2 || n - *off - 2 < b[*off + 1])
			return rtp_reject(err, p->offset + 4 + *off, "SDES item runs past the packet");
		if (b[*off] == RTCP_SDES_CNAME && c->cname == NULL) {
			c->cname = b + *off + 2;
			c->cname_len = b[*off + 1];
		}
		*off += 2u + b[*off + 1];
	}
	if (*off >= n)
		return rtp_reject(err, p->offset + 4 + *off, "SDES item list not terminated");
	*off = (*off + 4) & ~(size_t)3;  /* the null octet, then padding to 32 bits */
	if (*off > n)
		return rtp_reject(err, p->offset + 4 + n, "SDES chunk padding runs past the packet");
	return 0;
}

int rtcp_parse_sdes(const struct rtcp_packet_view *p, struct rtcp_sdes *s,
		    struct rtp_parse_error *err)
{
	size_t off = 0;

	if (p->type != RTCP_SDES)
		return rtp_reject(err, p->offset + 1, "not an SDES packet");
	s->count = 0;
	for (unsigned i = 0; i < p->count; i++) {
		int rc = parse_chunk(p, &off, &s->chunk[i], err);

		if (rc != 0)
			return rc;
		s->count++;
	}
	return 0;
}

int rtcp_parse_bye(const struct rtcp_packet_view *p, struct rtcp_bye *b,
		   struct rtp_parse_error *err)
{
	if (p->type != RTCP_BYE)
		return rtp_reject(err, p->offset + 1, "not a BYE packet");
	if (p->body_len < 4u * p->count)
		return rtp_reject(err, p->offset, "BYE source count (SC) runs past the packet");
	b->count = p->count;
	for (unsigned i = 0; i < b->count; i++)
		b->ssrc[i] = rtp_get32(p->body + 4 * i);
	b->reason = NULL;
	b->reason_len = 0;
	size_t off = 4u * p->count;

	if (off < p->body_len) {
		uint8_t n = p->body[off];

		if (n > p->body_len - off - 1)
			return rtp_reject(err, p->offset + 4 + off, "BYE reason runs past the packet");
		b->reason = p->body + off + 1;
		b->reason_len = n;
	}
	return 0;
}

/* ---- time formats (§4) ---------------------------------------------------------- */

uint64_t rtcp_ntp_from_us(uint64_t us)
{
	uint64_t sec = us / 1000000, frac = ((us % 1000000) << 32) / 1000000;

	return sec << 32 | frac;
}

/* RFC3550 4: "only the middle 32 bits are used; that is, the low 16 bits of the integer
 * part and the high 16 bits of the fractional part." */
uint32_t rtcp_ntp_middle(uint64_t ntp)
{
	return (uint32_t)(ntp >> 16);
}

uint32_t rtcp_dlsr_from_us(uint64_t delay_us)
{
	uint64_t units = delay_us / 1000000 * 65536 + (delay_us % 1000000) * 65536 / 1000000;

	return units > UINT32_MAX ? UINT32_MAX : (uint32_t)units;
}

uint64_t rtcp_rtt_us(uint32_t arrival_middle, uint32_t lsr, uint32_t dlsr)
{
	if (lsr == 0)
		return 0;
	uint32_t rtt = arrival_middle - lsr - dlsr;  /* modular, as §4 allows */

	if (rtt > INT32_MAX)  /* negative: the peer's DLSR exceeds what we measured */
		return 0;
	return (uint64_t)rtt * 1000000 / 65536;
}
