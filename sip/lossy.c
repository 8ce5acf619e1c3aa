/* sip/lossy.c - the lossy send wrapper for labs and tests (DESIGN.md).
 *
 * Leaves out: losses on TCP (see sip/lossy.h).
 */
#include "sip/lossy.h"

#include <string.h>

void sip_lossy_wrap(struct sip_lossy *l, struct sip_env *env, const struct sip_lossy_config *cfg)
{
	memset(l, 0, sizeof(*l));
	l->inner = env->send;
	l->inner_arg = env->send_arg;
	l->cfg = *cfg;
	if (l->cfg.percent > 100)
		l->cfg.percent = 100;
	net_rand_seed(&l->rand, cfg->seed);
	l->log = env->log;
	env->send = sip_lossy_send;
	env->send_arg = l;
}

/* Why message number n is dropped, or NULL when it is not. */
static const char *drop_reason(struct sip_lossy *l, uint64_t n)
{
	if (l->cfg.drop_nth != 0 && n == l->cfg.drop_nth)
		return "the Nth";
	if (l->cfg.drop_every != 0 && n % l->cfg.drop_every == 0)
		return "every Nth";
	/* Drawn for every message, so the pattern depends on the seed alone. */
	if (l->cfg.percent != 0 && net_rand_below(&l->rand, 100) < l->cfg.percent)
		return "random";
	return NULL;
}

int sip_lossy_send(void *arg, const struct sip_dest *dst, const char *data, size_t len,
		   struct sip_sent *sent)
{
	struct sip_lossy *l = arg;
	char line[96], to[NET_ADDR_STRLEN] = "?";
	const char *why;

	if (dst->proto != SIP_PROTO_UDP)
		return l->inner(l->inner_arg, dst, data, len, sent);
	l->count++;
	why = drop_reason(l, l->count);
	if (why == NULL)
		return l->inner(l->inner_arg, dst, data, len, sent);
	l->dropped++;
	sip_trace_first_line(data, len, line, sizeof(line));
	(void)net_addr_format(&dst->addr, to, sizeof(to));
	net_log_printf(&l->log, NET_LOG_INFO, "lossy", "[lossy] dropped #%llu (%s): %s to %s",
		       (unsigned long long)l->count, why, line, to);
	return 0;
}
