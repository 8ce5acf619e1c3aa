/* sip/registrar.c - REGISTER processing, the steps of RFC 3261 §10.3 in order.
 *
 * Each step is one function that either lets the request through (returns 0 with no
 * response) or builds the response that ends processing (status != 0 in the work
 * record).  Steps 6 and 7 work on a tentative copy of the AOR's bindings and commit
 * it with one sip_location_replace, so a REGISTER "is either processed completely or
 * not at all".
 *
 * Leaves out: see sip/registrar.h.
 */
#include "sip/registrar.h"

#include "net/addr.h"
#include "sip/auth_server.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAYER "registrar"
#define TAG_LEN 10            /* random characters in our To tags */
#define DOMAIN_SIZE 256       /* domain name + NUL */

struct sip_registrar {
	struct sip_registrar_config cfg;  /* cfg.domain points at domain[], cfg.aliases
	                                   * at alias_ptr[] */
	char domain[DOMAIN_SIZE];         /* copy of the configured domain */
	char alias[SIP_REGISTRAR_MAX_ALIASES][DOMAIN_SIZE];        /* copies */
	const char *alias_ptr[SIP_REGISTRAR_MAX_ALIASES + 1];     /* NULL-terminated */
};

/* One REGISTER on its way through the steps. */
struct reg_work {
	struct sip_registrar *reg;
	const struct sip_msg *req;             /* borrowed for the call */
	const struct sip_recv_info *from;      /* borrowed for the call */
	uint64_t now;                          /* us */
	int status;                            /* 0 while the steps go on */
	const char *reason;                    /* NULL: the §21 phrase */
	struct sip_msg *resp;                  /* built by respond(), owned until handed out */
	char aor[SIP_LOCATION_AOR_SIZE];       /* step 5: the canonical AOR */
	struct sip_binding *tent;              /* steps 6-7: tentative bindings (owned) */
	bool *written;                         /* tent[i] was written by this request */
	size_t n;                              /* entries used in tent */
};

static bool name_ok(const char *name)
{
	return name != NULL && name[0] != '\0' && strlen(name) < DOMAIN_SIZE;
}

/* Copies the aliases; false when there are too many or one is not a name. */
static bool aliases_copy(struct sip_registrar *reg, const char *const *aliases)
{
	size_t n = 0;

	for (; aliases != NULL && aliases[n] != NULL; n++) {
		if (n == SIP_REGISTRAR_MAX_ALIASES || !name_ok(aliases[n]))
			return false;
		memcpy(reg->alias[n], aliases[n], strlen(aliases[n]) + 1);
		reg->alias_ptr[n] = reg->alias[n];
	}
	reg->alias_ptr[n] = NULL;
	reg->cfg.aliases = reg->alias_ptr;
	return true;
}

int sip_registrar_create(struct sip_registrar **out, const struct sip_registrar_config *cfg)
{
	struct sip_registrar *reg;

	*out = NULL;
	if (!name_ok(cfg->domain) || cfg->location == NULL || cfg->rand == NULL)
		return EINVAL;
	reg = calloc(1, sizeof(*reg));
	if (reg == NULL)
		return ENOMEM;
	reg->cfg = *cfg;
	memcpy(reg->domain, cfg->domain, strlen(cfg->domain) + 1);
	reg->cfg.domain = reg->domain;
	if (!aliases_copy(reg, cfg->aliases)) {
		free(reg);
		return EINVAL;
	}
	if (reg->cfg.default_expires_s == 0)
		reg->cfg.default_expires_s = SIP_REGISTRAR_DEFAULT_EXPIRES;
	if (reg->cfg.min_expires_s == 0)
		reg->cfg.min_expires_s = SIP_REGISTRAR_MIN_EXPIRES;
	if (reg->cfg.max_expires_s == 0)
		reg->cfg.max_expires_s = SIP_REGISTRAR_MAX_EXPIRES;
	if (reg->cfg.min_expires_s > reg->cfg.max_expires_s) {
		free(reg);
		return EINVAL;
	}
	*out = reg;
	return 0;
}

void sip_registrar_destroy(struct sip_registrar *reg)
{
	free(reg);
}

const struct sip_registrar_config *sip_registrar_config(const struct sip_registrar *reg)
{
	return &reg->cfg;
}

/* A URI host against one configured name: the same text, or for an IP literal the same
 * address.  RFC3261 25.1: a URI carries an IPv6 host as "IPv6reference  =  "["
 * IPv6address "]"", while a domain is configured as the address ("::1"). */
static bool name_is(struct sip_str host, const char *name)
{
	struct net_addr a, b;

	if (sip_str_eqi_c(host, name))
		return true;
	return net_addr_parse_n(&a, host.p, host.len, 0) == 0 && net_addr_parse(&b, name, 0) == 0 &&
	       net_addr_port(&b) == 0 && net_addr_same_ip(&a, &b);
}

bool sip_registrar_is_domain(const struct sip_registrar *reg, struct sip_str host)
{
	if (name_is(host, reg->domain))
		return true;
	for (size_t i = 0; reg->alias_ptr[i] != NULL; i++)
		if (name_is(host, reg->alias_ptr[i]))
			return true;
	return false;
}

bool sip_registrar_serves(const struct sip_registrar *reg, const struct sip_uri *uri)
{
	return (uri->scheme == SIP_URI_SIP || uri->scheme == SIP_URI_SIPS) &&
	       sip_registrar_is_domain(reg, uri->host);
}

/* ---- Responses ---------------------------------------------------------------------- */

/* Ends processing with `status`: builds the response (a new To tag, §8.2.6.2). */
static int respond(struct reg_work *w, int status, const char *reason)
{
	char tag[TAG_LEN + 1];

	net_rand_token(w->reg->cfg.rand, tag, TAG_LEN);
	w->status = status;
	w->reason = reason;
	return sip_msg_create_response(w->req, status, reason, tag, &w->resp);
}

/* ---- Step 2: Require (§8.2.2.3) --------------------------------------------------- */

static int check_require(struct reg_work *w)
{
	char list[512];
	size_t n = 0;

	if (w->req->require == NULL)
		return 0;
	/* RFC3261 8.2.2.3: "If a UAS does not understand an option tag listed in a
	 * Require header field, it MUST respond by generating a response with status
	 * code 420 (Bad Extension).  The UAS MUST add an Unsupported header field, and
	 * list in it those options it does not understand".  We understand none. */
	for (const struct sip_token *t = w->req->require; t != NULL; t = t->next) {
		int len = snprintf(list + n, sizeof(list) - n, "%s%.*s", n > 0 ? ", " : "",
				   (int)t->name.len, t->name.p);

		if (len < 0 || (size_t)len >= sizeof(list) - n)
			break;  /* the list is long enough to make the point */
		n += (size_t)len;
	}
	int rc = respond(w, 420, NULL);

	return rc != 0 ? rc : sip_msg_hdr_add(w->resp, SIP_HDR_UNSUPPORTED, list);
}

/* ---- Steps 3 and 4: authentication and authorization ------------------------------ */

/* True when the To URI's user, unescaped, is `username`, and its host is ours. */
static bool user_owns_aor(const struct sip_registrar *reg, const struct sip_uri *to,
			  const char *username)
{
	char user[SIP_LOCATION_AOR_SIZE];
	size_t len;

	return to->user.p != NULL && sip_registrar_is_domain(reg, to->host) &&
	       sip_str_unescape(to->user, user, sizeof(user), &len) == 0 &&
	       len == strlen(username) && memcmp(user, username, len) == 0;
}

static int check_auth(struct reg_work *w)
{
	struct sip_auth_server_result res;
	struct sip_digest_server *auth = w->reg->cfg.auth;

	if (auth == NULL)
		return 0;
	/* RFC3261 10.3 step 3: "A registrar SHOULD authenticate the UAC." */
	(void)sip_auth_server_check(auth, w->req, false, w->now, &res);
	if (res.status == 401) {
		int rc = respond(w, 401, NULL);

		return rc != 0 ? rc : sip_auth_server_add_challenge(auth, w->resp, false,
								    res.stale, w->now);
	}
	if (res.status != 0)
		return respond(w, res.status, NULL);
	/* RFC3261 10.3 step 4: "If the authenticated user is not authorized to modify
	 * bindings, the registrar MUST return a 403 (Forbidden) and skip the remaining
	 * steps."  Our policy: a user may modify the bindings of its own AOR only. */
	if (!user_owns_aor(w->reg, &w->req->to->uri, res.username)) {
		net_log_printf(w->reg->cfg.log, NET_LOG_INFO, LAYER,
			       "[registrar RFC3261 10.3 step 4] user \"%s\" may not register %.*s: 403",
			       res.username, (int)w->req->to->uri.text.len, w->req->to->uri.text.p);
		return respond(w, 403, NULL);
	}
	return 0;
}

/* ---- Step 5: the address-of-record -------------------------------------------------- */

static bool user_exists(const struct sip_registrar *reg, const struct sip_uri *to)
{
	char user[SIP_DIGEST_VALUE_SIZE], password[SIP_DIGEST_VALUE_SIZE];
	size_t len;

	if (to->user.p == NULL || sip_str_unescape(to->user, user, sizeof(user), &len) != 0 ||
	    strlen(user) != len)
		return false;
	if (reg->cfg.users == NULL)
		return true;
	int rc = reg->cfg.users(reg->cfg.users_arg, reg->domain, user, password, sizeof(password));

	/* The password is not needed here: wipe it before the stack frame goes. */
	memset(password, 0, sizeof(password));
	return rc == 0;
}

static int aor_from_to(struct reg_work *w)
{
	const struct sip_uri *to = &w->req->to->uri;

	/* RFC3261 10.3 step 5: "If the address-of-record is not valid for the domain in
	 * the Request-URI, the registrar MUST send a 404 (Not Found) response and skip
	 * the remaining steps." */
	if (!sip_registrar_is_domain(w->reg, to->host) || !user_exists(w->reg, to))
		return respond(w, 404, NULL);
	int rc = sip_location_key(to->scheme, to->user, w->reg->domain, w->aor, sizeof(w->aor));

	if (rc == ENOBUFS)
		return respond(w, 500, "Address-of-record too long");
	return rc != 0 ? respond(w, 400, "Bad address-of-record") : 0;
}

/* ---- Steps 6 and 7: the bindings ---------------------------------------------------- */

/* Loads the AOR's live bindings into the tentative list, with room for the request's
 * contacts. */
static int tent_load(struct reg_work *w)
{
	size_t count = 0, contacts = 0;
	const struct sip_binding *cur =
		sip_location_lookup(w->reg->cfg.location, w->aor, w->now, &count);

	for (const struct sip_addr *c = w->req->contact; c != NULL; c = c->next)
		contacts++;
	w->tent = calloc(count + contacts + 1, sizeof(*w->tent));
	w->written = calloc(count + contacts + 1, sizeof(*w->written));
	if (w->tent == NULL || w->written == NULL)
		return ENOMEM;
	if (count > 0)
		memcpy(w->tent, cur, count * sizeof(*cur));
	w->n = count;
	return 0;
}

static void tent_remove(struct reg_work *w, size_t i)
{
	memmove(&w->tent[i], &w->tent[i + 1], (w->n - i - 1) * sizeof(*w->tent));
	memmove(&w->written[i], &w->written[i + 1], (w->n - i - 1) * sizeof(*w->written));
	w->n--;
}

/* §10.3 steps 6 and 7: a binding from another Call-ID may be changed; from the same
 * Call-ID only by a higher CSeq.  "This algorithm ensures that out-of-order requests
 * from the same UA are ignored." */
static bool may_change(const struct reg_work *w, const struct sip_binding *b)
{
	return !sip_str_eq_c(w->req->call_id, b->call_id) || w->req->cseq->seq > b->cseq;
}

static int out_of_order(struct reg_work *w, const struct sip_binding *b)
{
	net_log_printf(w->reg->cfg.log, NET_LOG_INFO, LAYER,
		       "[registrar RFC3261 10.3] CSeq %u is not above %u stored for %s with this "
		       "Call-ID: the update is aborted",
		       (unsigned)w->req->cseq->seq, (unsigned)b->cseq, b->uri);
	return respond(w, 500, "Out-of-order REGISTER");
}

static int apply_star(struct reg_work *w)
{
	/* RFC3261 10.3 step 6: "If not, the registrar checks whether the Call-ID agrees
	 * with the value stored for each binding.  If not, it MUST remove the binding.
	 * If it does agree, it MUST remove the binding only if the CSeq in the request
	 * is higher than the value stored for that binding.  Otherwise, the update MUST
	 * be aborted and the request fails." */
	for (size_t i = 0; i < w->n; i++)
		if (!may_change(w, &w->tent[i]))
			return out_of_order(w, &w->tent[i]);
	w->n = 0;
	return 0;
}

/* RFC3261 10.3 step 7: the requested expiration of one contact. */
static uint64_t requested_expires(const struct reg_work *w, const struct sip_addr *c)
{
	/* "If the field value has an "expires" parameter, that value MUST be taken as the
	 * requested expiration." */
	if (c->expires >= 0)
		return (uint64_t)c->expires;
	/* "If there is no such parameter, but the request has an Expires header field,
	 * that value MUST be taken as the requested expiration." */
	if (w->req->expires >= 0)
		return (uint64_t)w->req->expires;
	/* "If there is neither, a locally-configured default value MUST be taken" */
	return w->reg->cfg.default_expires_s;
}

static int check_min_expires(struct reg_work *w)
{
	uint32_t min = w->reg->cfg.min_expires_s;

	for (const struct sip_addr *c = w->req->contact; c != NULL; c = c->next) {
		uint64_t e = requested_expires(w, c);

		/* RFC3261 10.3 step 7: "If and only if the requested expiration interval is
		 * greater than zero AND smaller than one hour AND less than a registrar-
		 * configured minimum, the registrar MAY reject the registration with a
		 * response of 423 (Interval Too Brief).  This response MUST contain a
		 * Min-Expires header field" */
		if (e > 0 && e < 3600 && e < min) {
			int rc = respond(w, 423, NULL);

			return rc != 0 ? rc : sip_msg_hdr_addf(w->resp, SIP_HDR_MIN_EXPIRES, "%u",
							       (unsigned)min);
		}
	}
	return 0;
}

static size_t tent_find(const struct reg_work *w, const struct sip_uri *uri)
{
	for (size_t i = 0; i < w->n; i++) {
		struct sip_uri stored;

		if (sip_uri_parse(&stored, w->tent[i].uri, strlen(w->tent[i].uri), NULL) == 0 &&
		    sip_uri_equal(&stored, uri))
			return i;
	}
	return w->n;
}

/* Fills a binding from the request; false when a field does not fit its array. */
static bool binding_fill(const struct reg_work *w, const struct sip_addr *c, uint64_t expires,
			 struct sip_binding *b)
{
	uint64_t max = w->reg->cfg.max_expires_s;

	memset(b, 0, sizeof(*b));
	b->q = c->q;
	b->cseq = w->req->cseq->seq;
	/* "The registrar MAY choose an expiration less than the requested expiration
	 * interval." */
	b->expires_us = w->now + (expires < max ? expires : max) * 1000000u;
	b->updated_us = w->now;
	if (w->from != NULL)
		b->source = *w->from;
	return sip_str_copy(c->uri.text, b->uri, sizeof(b->uri)) == 0 &&
	       sip_str_copy(w->req->call_id, b->call_id, sizeof(b->call_id)) == 0;
}

/* Step 7 for one contact address. */
static int apply_contact(struct reg_work *w, const struct sip_addr *c)
{
	uint64_t expires = requested_expires(w, c);
	size_t i = tent_find(w, &c->uri);
	struct sip_binding b;

	if (!binding_fill(w, c, expires, &b))
		return respond(w, 500, "Contact or Call-ID too long");
	if (i == w->n) {
		/* "If the binding does not exist, it is tentatively added." */
		if (expires == 0)
			return 0;
		w->tent[w->n] = b;
		w->written[w->n++] = true;
		return 0;
	}
	/* A contact named twice in one REGISTER: the later value wins. */
	if (!w->written[i] && !may_change(w, &w->tent[i]))
		return out_of_order(w, &w->tent[i]);
	/* "the binding MUST be removed if the expiration time is zero and updated
	 * otherwise" */
	if (expires == 0) {
		tent_remove(w, i);
		return 0;
	}
	w->tent[i] = b;
	w->written[i] = true;
	return 0;
}

static int commit(struct reg_work *w)
{
	const struct sip_location_config *lc = sip_location_config(w->reg->cfg.location);
	int rc;

	if (w->n > lc->max_bindings) {
		/* RFC3261 10.3 step 7: "If any one of them fails ... the request MUST fail
		 * with a 500 (Server Error) response and all tentative binding updates MUST
		 * be removed." */
		net_log_printf(w->reg->cfg.log, NET_LOG_WARN, LAYER,
			       "[registrar RFC3261 10.3 step 7] %s would have %zu bindings, limit "
			       "%zu: 500", w->aor, w->n, lc->max_bindings);
		return respond(w, 500, "Too many bindings");
	}
	rc = sip_location_replace(w->reg->cfg.location, w->aor, w->tent, w->n, w->now);
	if (rc == ENOBUFS) {
		/* The table of AORs is full: a temporary condition (§21.5.4). */
		net_log_printf(w->reg->cfg.log, NET_LOG_WARN, LAYER,
			       "[registrar RFC3261 21.5.4] location table full (%zu AORs): 503",
			       lc->max_aors);
		rc = respond(w, 503, "Registration table full");
		return rc != 0 ? rc : sip_msg_hdr_addf(w->resp, SIP_HDR_RETRY_AFTER, "%u",
						       SIP_REGISTRAR_RETRY_AFTER);
	}
	return rc != 0 ? respond(w, 500, NULL) : 0;
}

static int apply_contacts(struct reg_work *w)
{
	const struct sip_addr *c = w->req->contact;
	int rc;

	/* RFC3261 10.3 step 6: "The registrar checks whether the request contains the
	 * Contact header field.  If not, it skips to the last step." */
	if (c == NULL)
		return 0;
	bool star = false, several = c->next != NULL;

	for (; c != NULL; c = c->next)
		star |= c->star;
	/* "If the request has additional Contact fields or an expiration time other
	 * than zero, the request is invalid, and the server MUST return a 400 (Invalid
	 * Request)".  §10.2.2: "*" "MUST NOT be used unless the Expires header field is
	 * present with a value of "0"." */
	if (star && (several || w->req->expires != 0))
		return respond(w, 400, "Contact: * needs Expires: 0 and no other Contact");
	rc = tent_load(w);
	if (rc == 0 && star)
		rc = apply_star(w);
	if (rc == 0 && !star)
		rc = check_min_expires(w);
	for (c = w->req->contact; rc == 0 && w->status == 0 && !star && c != NULL; c = c->next)
		rc = apply_contact(w, c);
	if (rc == 0 && w->status == 0)
		rc = commit(w);
	return rc;
}

/* ---- Step 8: the answer ------------------------------------------------------------- */

static int answer_bindings(struct reg_work *w)
{
	size_t count = 0;
	const struct sip_binding *b =
		sip_location_lookup(w->reg->cfg.location, w->aor, w->now, &count);
	int rc = respond(w, 200, NULL);

	/* RFC3261 10.3 step 8: "The response MUST contain Contact header field values
	 * enumerating all current bindings.  Each Contact value MUST feature an
	 * "expires" parameter indicating its expiration interval chosen by the
	 * registrar." */
	for (size_t i = 0; rc == 0 && i < count; i++) {
		uint32_t left = sip_binding_remaining_s(&b[i], w->now);

		if (b[i].q >= 0)
			rc = sip_msg_hdr_addf(w->resp, SIP_HDR_CONTACT, "<%s>;expires=%u;q=%d.%03d",
					      b[i].uri, (unsigned)left, b[i].q / 1000,
					      b[i].q % 1000);
		else
			rc = sip_msg_hdr_addf(w->resp, SIP_HDR_CONTACT, "<%s>;expires=%u", b[i].uri,
					      (unsigned)left);
	}
	net_log_printf(w->reg->cfg.log, NET_LOG_INFO, LAYER,
		       "[registrar RFC3261 10.3 step 8] %s: %zu binding%s", w->aor, count,
		       count == 1 ? "" : "s");
	return rc;
}

/* ---- The steps in order ------------------------------------------------------------ */

static int run_steps(struct reg_work *w)
{
	const struct sip_uri *to = &w->req->to->uri;
	int rc = check_require(w);

	/* RFC 4475 §3.3.4: "A registrar would reject this request with a 400 Bad Request
	 * response, since the To: header field is required to contain a SIP or SIPS URI
	 * as an AOR."  Checked first: such a request has no AOR to authenticate for. */
	if (rc == 0 && w->status == 0 && to->scheme != SIP_URI_SIP && to->scheme != SIP_URI_SIPS)
		rc = respond(w, 400, "To is not a SIP or SIPS address-of-record");
	if (rc == 0 && w->status == 0)
		rc = check_auth(w);
	if (rc == 0 && w->status == 0)
		rc = aor_from_to(w);
	if (rc == 0 && w->status == 0)
		rc = apply_contacts(w);
	if (rc == 0 && w->status == 0)
		rc = answer_bindings(w);
	return rc;
}

int sip_registrar_handle(struct sip_registrar *reg, const struct sip_msg *req,
			 const struct sip_recv_info *from, uint64_t now_us, struct sip_msg **resp)
{
	struct reg_work w;
	int rc;

	*resp = NULL;
	/* The transport hands up only requests that passed sip_msg_validate; a caller that
	 * skipped it gets EINVAL rather than a crash. */
	if (!req->is_request || req->method != SIP_METHOD_REGISTER || req->to == NULL ||
	    req->cseq == NULL || req->call_id.p == NULL)
		return EINVAL;
	/* RFC3261 10.3 step 1: "If not, and if the server also acts as a proxy server,
	 * the server SHOULD forward the request to the addressed domain" */
	if (!sip_registrar_serves(reg, &req->ruri))
		return ENOENT;
	memset(&w, 0, sizeof(w));
	w.reg = reg;
	w.req = req;
	w.from = from;
	w.now = now_us;
	rc = run_steps(&w);
	free(w.tent);
	free(w.written);
	if (rc != 0) {
		sip_msg_destroy(w.resp);
		return rc;
	}
	*resp = w.resp;
	return 0;
}
