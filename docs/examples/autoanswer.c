/* docs/examples/autoanswer.c - register, answer every call with 200, print "Call
 * connected": the C twin of the pjsua2 sample (sip/app.h; RFC 3261 §10, §13.3.1.4).
 *     autoanswer PROXY USER PASSWORD DOMAIN LISTEN
 *     autoanswer 127.0.0.1:5060 bob zanzibar example.com 127.0.0.1:5070
 * Registers sip:USER@DOMAIN at sip:DOMAIN through the outbound proxy PROXY (digest with
 * USER/PASSWORD); received audio goes nowhere.  Ctrl-C unregisters and exits. */
#include "demos/common/stack.h"
#include "sip/app.h"

#include <stdio.h>

#define USAGE "usage: autoanswer PROXY USER PASSWORD DOMAIN LISTEN"

static void on_reg_state(void *arg, struct sip_app *app, enum sip_reg_state state, int status,
			 const char *reason)
{
	(void)app;
	printf("Registration %s %d %s\n", sip_reg_state_name(state), status, reason);
	if (state == SIP_REG_NONE)  /* unregistered at the end: the loop may stop */
		demo_stack_stop(arg);
}

static void on_incoming_call(void *arg, struct sip_app_call *call, const char *from)
{
	(void)arg;
	printf("Incoming call from %s\n", from);
	sip_app_answer(call, 200);  /* the API makes the SDP answer */
}

static void on_call_state(void *arg, struct sip_app_call *call, enum sip_call_state state,
			  int status, const char *reason)
{
	(void)arg;
	(void)call;
	if (state == SIP_CALL_CONFIRMED)
		printf("Call connected\n");
	else if (state == SIP_CALL_DISCONNECTED)
		printf("Call disconnected: %d %s\n", status, reason);
}

static const struct sip_app_handler handler = { on_reg_state, on_incoming_call, on_call_state,
						 NULL, NULL, NULL };

int main(int argc, char **argv)
{
	char id[256], registrar[256], proxy[256];
	struct demo_stack st;
	struct sip_app *app = NULL;
	uint16_t rtp = 0;

	if (argc != 6) {
		fprintf(stderr, "autoanswer: expected 5 arguments, got %d\n%s\n", argc - 1, USAGE);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);  /* each line out at once, for whoever watches */
	snprintf(id, sizeof(id), "sip:%s@%s", argv[2], argv[4]);
	snprintf(registrar, sizeof(registrar), "sip:%s", argv[4]);
	snprintf(proxy, sizeof(proxy), "sip:%s", argv[1]);
	if (demo_stack_open(&st, argv[5], false) != 0 || demo_media_open(&st, &rtp) != 0) {
		fprintf(stderr, "%s\n", USAGE);
		return 2;
	}
	struct sip_app_config cfg = { .media_addr = demo_stack_ip(&st), .media_port = rtp, .h = handler };
	struct sip_app_account acc = { .id = id, .registrar = registrar, .proxy = proxy,
				       .username = argv[2], .password = argv[3] };

	cfg.h.arg = &st;
	if (sip_app_create(&app, st.tp, &cfg, &acc) != 0) {
		fprintf(stderr, "autoanswer: bad account or proxy address\n%s\n", USAGE);
		demo_stack_close(&st);
		return 2;
	}
	demo_stack_catch_signals(&st);
	demo_stack_run(&st, DEMO_FOREVER);
	if (sip_app_unregister(app) == 0)
		demo_stack_run(&st, 5000000);  /* until Expires: 0 is answered, 5 s at most */
	sip_app_destroy(app);
	demo_stack_close(&st);
	return 0;
}
