/* demos/common/see_step.c - step mode: one message at a time, explained (see.h).
 *
 * Before a message leaves (from the send function, so the peer has not seen it yet)
 * and after one arrives (from the trace point, before the transactions take it),
 * step mode prints the message, which layer and state machine produced it or will
 * take it, the RFC section, what happens next, and the layer decisions logged since
 * the previous message (the "why").  Then it waits for Enter if stdin is a terminal.
 *
 * Which machine: the message says it.  A request we send with one Via comes from a UA
 * core, with more from the proxy core; INVITEs go through the INVITE client
 * transaction (ICT, §17.1.1), other requests through the non-INVITE one (NICT,
 * §17.1.2), except the ACK: the ICT's own for a non-2xx (same branch as its INVITE,
 * §17.1.1.3), the TU's for a 2xx (§13.2.2.4, §16.11).  Responses come from the
 * server transactions (IST §17.2.1, NIST §17.2.2), except a UA's 2xx to INVITE,
 * which the UA core retransmits itself (§13.3.1.4).  Same bytes twice: a
 * retransmission.  DEVIATION: this is inferred from the message and what the
 * layers logged, not read from the transaction layer, which keeps no such hook.
 */
#include "demos/common/see_internal.h"

#include <string.h>
#include <unistd.h>

/* FNV-1a over the bytes, with the direction folded in. */
static uint64_t msg_hash(bool out, const char *data, size_t len)
{
	uint64_t h = 1469598103934665603ull ^ (out ? 1u : 2u);

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)data[i];
		h *= 1099511628211ull;
	}
	return h;
}

bool see_was_seen(const struct demo_see *s, bool out, const char *data, size_t len)
{
	uint64_t h = msg_hash(out, data, len);

	for (size_t i = 0; i < SEE_SEEN; i++)
		if (s->seen[i] == h)
			return true;
	return false;
}

static struct see_branch *branch_find(struct demo_see *s, struct sip_str b)
{
	for (size_t i = 0; i < SEE_BRANCHES; i++)
		if (b.len > 0 && sip_str_eq_c(b, s->branches[i].branch))
			return &s->branches[i];
	return NULL;
}

int see_branch_final(const struct demo_see *s, struct sip_str branch)
{
	struct see_branch *b = branch_find((struct demo_see *)s, branch);

	return b != NULL ? b->final : 0;
}

void see_remember(struct demo_see *s, bool out, const char *data, size_t len,
		  const struct sip_msg *m)
{
	s->seen[s->seen_next] = msg_hash(out, data, len);
	s->seen_next = (s->seen_next + 1) % SEE_SEEN;
	if (m == NULL || m->via == NULL || m->cseq == NULL || m->cseq->method != SIP_METHOD_INVITE)
		return;
	struct see_branch *b = branch_find(s, m->via->branch);

	if (m->is_request && b == NULL) {
		b = &s->branches[s->branch_next];
		s->branch_next = (s->branch_next + 1) % SEE_BRANCHES;
		memset(b, 0, sizeof(*b));
		(void)sip_str_copy(m->via->branch, b->branch, sizeof(b->branch));
	} else if (!m->is_request && b != NULL && m->status >= 200 && b->final == 0) {
		b->final = m->status;
	}
}

/* How many Via rows (a proxy's messages have more than one). */
static size_t via_rows(const struct sip_msg *m)
{
	return m->rows[SIP_HDR_VIA];
}

struct explain {
	const char *who;    /* layer and machine */
	const char *rfc;    /* the section */
	const char *next;   /* what happens next */
};

static struct explain out_ack(const struct demo_see *s, const struct sip_msg *m)
{
	struct explain e;

	if (see_branch_final(s, m->via->branch) >= 300) {
		e.who = "transaction layer: INVITE client transaction (ICT), Completed";
		e.rfc = "RFC3261 17.1.1.3";
		e.next = "the ICT stays Completed for Timer D (32 s over UDP, 0 over TCP) to ACK "
			 "retransmitted final responses, then terminates";
	} else if (via_rows(m) > 1) {
		e.who = "proxy core: forwards the 2xx's ACK statelessly (no transaction)";
		e.rfc = "RFC3261 16.11";
		e.next = "the ACK ends the three-way handshake at the callee; media flows";
	} else {
		e.who = "UA core: ACK for the 2xx, a transaction of its own (no client transaction)";
		e.rfc = "RFC3261 13.2.2.4";
		e.next = "the call is established; the ACK is resent for each retransmitted 2xx";
	}
	return e;
}

static struct explain out_request(const struct demo_see *s, const struct sip_msg *m)
{
	bool proxy = via_rows(m) > 1;
	struct explain e;

	if (m->method == SIP_METHOD_ACK)
		return out_ack(s, m);
	if (m->method == SIP_METHOD_INVITE) {
		e.who = proxy ? "proxy core forwards it (16.6) through a new INVITE client "
				"transaction (ICT), state Calling"
			      : "UA core (13.2.1) through a new INVITE client transaction (ICT), "
				"state Calling";
		e.rfc = proxy ? "RFC3261 16.6, 17.1.1.2" : "RFC3261 13.2.1, 17.1.1.2";
		e.next = "over UDP Timer A resends it after T1, doubling; Timer B gives up after "
			 "64*T1 (408). A 1xx moves the ICT to Proceeding, a 2xx ends it, 300-699 "
			 "moves it to Completed with an ACK";
		return e;
	}
	e.who = proxy ? "proxy core forwards it (16.6) through a new non-INVITE client "
			"transaction (NICT), state Trying"
		: m->method == SIP_METHOD_REGISTER
			? "registration client (10.2) through a new non-INVITE client transaction "
			  "(NICT), state Trying"
			: "UA core through a new non-INVITE client transaction (NICT), state Trying";
	e.rfc = m->method == SIP_METHOD_REGISTER ? "RFC3261 10.2, 17.1.2.2"
		: m->method == SIP_METHOD_BYE	  ? "RFC3261 15.1.1, 17.1.2.2"
		: m->method == SIP_METHOD_CANCEL   ? "RFC3261 9.1, 17.1.2.2"
						   : "RFC3261 17.1.2.2";
	e.next = "over UDP Timer E resends it after T1, doubling up to T2; Timer F gives up "
		 "after 64*T1. A final response moves the NICT to Completed";
	return e;
}

static struct explain out_response(const struct sip_msg *m)
{
	bool invite = m->cseq != NULL && m->cseq->method == SIP_METHOD_INVITE;
	struct explain e;

	if (via_rows(m) > 1) {
		e.who = "proxy core forwards the best response of its branches";
		e.rfc = "RFC3261 16.7 step 5";
		e.next = m->status < 200 ? "the caller's ICT moves to Proceeding"
			 : invite	 ? "the server transaction toward the caller is done; the "
					   "caller ACKs"
					 : "the caller's NICT completes";
		return e;
	}
	if (invite && m->status >= 200 && m->status < 300) {
		e.who = "UA core: the 2xx ends the INVITE server transaction; the core itself "
			"resends the 2xx until the ACK arrives";
		e.rfc = "RFC3261 13.3.1.4";
		e.next = "2xx retransmitted at T1, doubling to T2, until the ACK (or BYE after "
			 "64*T1)";
	} else if (invite) {
		e.who = m->status < 200 ? "INVITE server transaction (IST), Proceeding"
					: "INVITE server transaction (IST) moves to Completed";
		e.rfc = m->status == 100 ? "RFC3261 17.2.1 (100 Trying: 8.2.6.1, 16.2)"
		      : m->status == 407 || m->status == 401 ? "RFC3261 22.3, 17.2.1"
							    : "RFC3261 17.2.1";
		e.next = m->status < 200 ? "the caller stops retransmitting the INVITE (Timer A)"
					 : "over UDP Timer G resends it until the ACK; Timer H "
					   "gives up after 64*T1; the ACK moves the IST to Confirmed";
	} else {
		e.who = m->status < 200 ? "non-INVITE server transaction (NIST), Proceeding"
					: "non-INVITE server transaction (NIST) moves to Completed";
		e.rfc = m->status == 401 ? "RFC3261 22.1, 17.2.2"
		      : m->cseq != NULL && m->cseq->method == SIP_METHOD_REGISTER
			? "RFC3261 10.3, 17.2.2"
			: "RFC3261 17.2.2";
		e.next = "the NIST answers retransmitted requests with this response until Timer J "
			 "(64*T1 over UDP, 0 over TCP) ends it";
	}
	return e;
}

static struct explain in_message(const struct sip_msg *m)
{
	struct explain e;

	if (m->is_request) {
		e.who = "transport (18.2.1: received/rport added), then the transaction layer: a "
			"server transaction by branch, or a new one for the TU";
		e.rfc = m->method == SIP_METHOD_ACK ? "RFC3261 17.2.3, 17.2.1 (ACK)"
						   : "RFC3261 17.2.3";
		e.next = m->method == SIP_METHOD_ACK
				 ? "an ACK for a non-2xx is absorbed by the IST (Confirmed); for a 2xx "
				   "it goes to the TU"
				 : "a new request goes to the TU (UA core or proxy core), which answers";
	} else {
		e.who = "transport (18.1.2: the top Via must be ours), then the client "
			"transaction matched by branch and CSeq method";
		e.rfc = "RFC3261 17.1.3";
		e.next = m->status < 200   ? "the client transaction moves to Proceeding"
			 : m->status < 300 ? "2xx: the client transaction ends, the TU handles it"
					   : "the client transaction completes (an INVITE's is ACKed)";
	}
	return e;
}

static void wait_enter(struct demo_see *s)
{
	fprintf(s->o.console, "---- press Enter to continue ----\n");
	fflush(s->o.console);
	if (s->o.step_in != NULL && isatty(fileno(s->o.step_in))) {
		char line[64];

		(void)fgets(line, sizeof(line), s->o.step_in);
	}
}

void see_step_show(struct demo_see *s, bool out, enum sip_proto proto, const struct net_addr *peer,
		   const char *data, size_t len, const struct sip_msg *m)
{
	char who[NET_ADDR_STRLEN] = "?";
	bool again = see_was_seen(s, out, data, len);
	struct explain e = { "not a SIP message the parser accepts", "RFC3261 7", "dropped" };
	FILE *c = s->o.console;

	if (m != NULL && m->via != NULL)
		e = !out ? in_message(m) : m->is_request ? out_request(s, m) : out_response(m);
	(void)net_addr_format(peer, who, sizeof(who));
	s->steps++;
	fprintf(c, "==== step %u: %s %s %s %s%s ====\n", s->steps, out ? "about to send" : "received",
		sip_proto_name(proto), out ? "to" : "from", who, again ? " (a retransmission)" : "");
	fwrite(data, 1, len, c);
	if (len == 0 || data[len - 1] != '\n')
		fputc('\n', c);
	fprintf(c, "---- %s: %s\n", out ? "produced by" : "taken by", e.who);
	fprintf(c, "---- RFC: %s\n", e.rfc);
	for (size_t i = 0; out && i < s->recent_count; i++)
		fprintf(c, "---- why: %s\n", s->recent[i]);
	fprintf(c, "---- next: %s%s\n",
		proto == SIP_PROTO_TCP && !again ? "(this is TCP: the transactions retransmit nothing) "
						 : "",
		again ? "the peer treats it as a retransmission" : e.next);
	wait_enter(s);
}
