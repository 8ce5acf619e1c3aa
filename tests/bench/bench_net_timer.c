/* tests/bench/bench_net_timer.c - the costs a busy SIP server pays in net/: timer
 * churn on a list of 10,000 armed timers (each transaction restarts and stops
 * timers), firing, and address parsing (every Via sent-by and received).
 */
#include "net/addr.h"
#include "net/rand.h"
#include "net/timer.h"
#include "tests/bench/bench.h"

#include <stdlib.h>

#define ARMED 10000   /* timers kept armed: thousands of live transactions */
#define BATCH 1000    /* timers started and fired per iteration of "timer_fire" */

static struct net_timer_list list;
static struct net_timer *timers;
static struct net_rand rnd;
static unsigned long fired;

static void on_fire(struct net_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	fired++;
}

static void setup_armed(void)
{
	timers = calloc(ARMED, sizeof(*timers));
	if (timers == NULL)
		abort();
	net_rand_seed(&rnd, 1);
	net_timer_list_init(&list, 0);
	for (size_t i = 0; i < ARMED; i++) {
		net_timer_init(&timers[i], on_fire, NULL);
		net_timer_start(&list, &timers[i], 1000000 + net_rand_below(&rnd, 32000000));
	}
}

static void teardown_armed(void)
{
	net_timer_list_fini(&list);
	free(timers);
}

/* One unit: restart one timer somewhere in the heap and stop/start another. */
static void run_churn(unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		struct net_timer *a = &timers[net_rand_below(&rnd, ARMED)];
		struct net_timer *b = &timers[net_rand_below(&rnd, ARMED)];

		net_timer_start(&list, a, 1000000 + net_rand_below(&rnd, 32000000));
		net_timer_stop(&list, b);
		net_timer_start(&list, b, 1000000 + net_rand_below(&rnd, 32000000));
	}
	bench_consume(&list, list.len);
}

/* BATCH extra timers started then fired by one advance, on top of ARMED others. */
static struct net_timer batch[BATCH];

static void run_fire(unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		uint64_t now = net_timer_list_now(&list);

		for (size_t k = 0; k < BATCH; k++) {
			net_timer_init(&batch[k], on_fire, NULL);
			net_timer_start(&list, &batch[k], net_rand_below(&rnd, 500));
		}
		net_timer_list_advance(&list, now + 500);
	}
	bench_consume(&list, fired);
}

static const char *const addrs[] = {
	"192.0.2.4:5060", "[2001:db8::9:1]:6050", "10.0.0.1", "[::1]", "2001:db8::10",
	"127.0.0.1:40000", "[2001:db8:::192.0.2.1]", "198.51.100.200:5061",
};

static void run_parse(unsigned long iters)
{
	struct net_addr a = { 0 };
	unsigned long sum = 0;

	for (unsigned long i = 0; i < iters; i++)
		for (size_t k = 0; k < sizeof(addrs) / sizeof(addrs[0]); k++)
			sum += net_addr_parse(&a, addrs[k], 5060) + a.port;
	bench_consume(&a, sum);
}

static const struct bench_case cases[] = {
	{ "timer_churn", "restart", 2, setup_armed, run_churn, teardown_armed },
	{ "timer_fire", "timer", BATCH, setup_armed, run_fire, teardown_armed },
	{ "addr_parse", "address", 8, NULL, run_parse, NULL },
	BENCH_END
};

int main(int argc, char **argv)
{
	return bench_main(argc, argv, cases);
}
