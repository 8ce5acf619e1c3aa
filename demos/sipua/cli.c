/* demos/sipua/cli.c - sipua's command line (see sipua.h for the options).
 *
 * Every mistake gets one line naming it and "(try --help)", and exit status 2, so
 * a lab handout can show what a typo looks like.  "--opt value" and "--opt=value"
 * are both accepted; an option given twice keeps its last value.
 */
#include "demos/sipua/sipua.h"

#include "net/addr.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: sipua --user NAME --password PW --server ADDR:PORT [options]\n"
	"\n"
	"Registers NAME at the server, places or answers one call with G.711 audio,\n"
	"hangs up, unregisters and prints a summary (RFC 3261, RFC 3264, RFC 3550).\n"
	"\n"
	"  --user NAME         account name (also the digest username)\n"
	"  --password PW       digest password\n"
	"  --server ADDR:PORT  registrar and outbound proxy (IP literal)\n"
	"  --domain NAME       domain of our address of record (default: the server's ADDR:PORT)\n"
	"  --listen ADDR:PORT  SIP address (default: the server's family, a free port; 0 = any)\n"
	"  --transport udp|tcp SIP transport to the server (default udp)\n"
	"  --call USER         call USER@domain (or a sip: URI)\n"
	"  --answer            wait for one call and answer it\n"
	"  --ring SECONDS      with --answer: ring this long before answering (default 0)\n"
	"  --duration SECONDS  hang up after this long (default 5 when calling;\n"
	"                      with --answer: until the peer hangs up)\n"
	"  --timeout SECONDS   give up a call not answered after this long (default 30)\n"
	"  --play FILE.wav     send this 8 kHz mono 16-bit WAV (looped)\n"
	"  --tone HZ           send a sine of HZ (default: silence)\n"
	"  --record FILE.wav   write the received audio\n"
	"  --codec pcmu|pcma   preferred codec (default pcmu)\n"
	"  --help              this text\n";

static const char usage_end[] =
	"\n"
	"Exit status: 0 if everything asked for happened, 1 otherwise (one line says why),\n"
	"2 for a bad command line.\n";

static int fail(FILE *err, const char *what, const char *arg)
{
	fprintf(err, "sipua: %s%s%s (try --help)\n", what, arg != NULL ? " " : "",
		arg != NULL ? arg : "");
	return 2;
}

/* Seconds: a finite number in [0, SIPUA_MAX_SECONDS]. */
static bool parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !isfinite(v) || v < 0 || v > SIPUA_MAX_SECONDS)
		return false;
	*out = v;
	return true;
}

static bool is_name(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s <= ' ' || *s == '@' || *s == ':' || *s == ';' || *s == '<' || *s == '>' ||
		    *s == '"' || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

/* Each option that takes a value: how its value is checked and where it goes. */
enum opt_kind { OPT_NAME, OPT_TEXT, OPT_ADDR, OPT_URI, OPT_TRANSPORT, OPT_CODEC, OPT_SECONDS,
		OPT_TONE, OPT_FILE };

struct opt_row {
	const char *name;          /* without "--" */
	enum opt_kind kind;
	size_t off;                /* offsetof the field in struct sipua_opts */
	const char *error;         /* the line when the value does not fit */
};

#define AT(field) offsetof(struct sipua_opts, field)

static const struct opt_row rows[] = {
	{ "user", OPT_NAME, AT(user), "--user needs a name without @ : ; < > or spaces, got" },
	{ "password", OPT_TEXT, AT(password), "--password is empty" },
	{ "server", OPT_ADDR, AT(server), "--server needs an IP address and port, got" },
	{ "listen", OPT_ADDR, AT(listen), "--listen needs an IP address and port, got" },
	{ "domain", OPT_URI, AT(domain), "--domain needs a host name, got" },
	{ "call", OPT_URI, AT(call), "--call needs a user name or sip: URI, got" },
	{ "transport", OPT_TRANSPORT, AT(transport), "--transport is udp or tcp, not" },
	{ "codec", OPT_CODEC, AT(codec), "--codec is pcmu or pcma, not" },
	{ "ring", OPT_SECONDS, AT(ring_s), "--ring needs seconds (0 to 86400), got" },
	{ "duration", OPT_SECONDS, AT(duration_s), "--duration needs seconds (0 to 86400), got" },
	{ "timeout", OPT_SECONDS, AT(timeout_s), "--timeout needs seconds (0 to 86400), got" },
	{ "tone", OPT_TONE, AT(tone_hz), "--tone needs a frequency above 0 and below 4000 Hz, got" },
	{ "play", OPT_FILE, AT(play), "--play needs a file name" },
	{ "record", OPT_FILE, AT(record), "--record needs a file name" },
};

static const struct opt_row *find_row(const char *name)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (strcmp(rows[i].name, name) == 0)
			return &rows[i];
	return NULL;
}

/* Checks a text value for the row's kind. */
static bool text_fits(const struct opt_row *r, const char *v)
{
	struct net_addr a;

	switch (r->kind) {
	case OPT_NAME:
		return is_name(v);
	case OPT_ADDR:
		return net_addr_parse(&a, v, SIP_DEFAULT_PORT) == 0;
	case OPT_URI:
		return *v != '\0' && strpbrk(v, " \t<>\"") == NULL;
	default:  /* a password, a file name */
		return *v != '\0';
	}
}

/* Checks v for the row's kind and stores it; false if it does not fit. */
static bool store(struct sipua_opts *o, const struct opt_row *r, const char *v)
{
	char *field = (char *)o + r->off;
	double d;

	if (r->kind == OPT_TRANSPORT) {
		if (strcmp(v, "udp") != 0 && strcmp(v, "tcp") != 0)
			return false;
		*(enum sip_proto *)(void *)field = v[0] == 'u' ? SIP_PROTO_UDP : SIP_PROTO_TCP;
	} else if (r->kind == OPT_CODEC) {
		if (strcmp(v, "pcmu") != 0 && strcmp(v, "pcma") != 0)
			return false;
		*(enum sip_app_codec *)(void *)field = v[3] == 'a' ? SIP_APP_PCMA : SIP_APP_PCMU;
	} else if (r->kind == OPT_SECONDS || r->kind == OPT_TONE) {
		if (!parse_seconds(v, &d) || (r->kind == OPT_TONE && (d <= 0 || d >= 4000)))
			return false;
		*(double *)(void *)field = d;
	} else {
		if (!text_fits(r, v))
			return false;
		*(const char **)(void *)field = v;
	}
	return true;
}

/* The value of an option that takes one. */
static int set_value(struct sipua_opts *o, const char *name, const char *v, FILE *err)
{
	const struct opt_row *r = find_row(name);

	if (r == NULL || store(o, r, v))
		return 0;
	/* "is empty" and "needs a file name" say it all; the others show the value. */
	return fail(err, r->error, r->kind == OPT_TEXT || r->kind == OPT_FILE ? NULL : v);
}

static bool takes_value(const char *name)
{
	return find_row(name) != NULL;
}

static int set_flag(struct sipua_opts *o, const char *name, const char *arg, FILE *err)
{
	if (strcmp(name, "answer") != 0)
		return fail(err, "unknown option", arg);
	o->answer = true;
	return 0;
}

/* Options that only make sense together, or not together. */
static int check(const struct sipua_opts *o, bool ring_given, FILE *err)
{
	if (o->user == NULL)
		return fail(err, "missing --user NAME", NULL);
	if (o->password == NULL)
		return fail(err, "missing --password PW", NULL);
	if (o->server == NULL)
		return fail(err, "missing --server ADDR:PORT", NULL);
	if (o->call != NULL && o->answer)
		return fail(err, "--call and --answer exclude each other", NULL);
	if (o->play != NULL && o->tone_hz >= 0)
		return fail(err, "--play and --tone exclude each other", NULL);
	if (ring_given && !o->answer)
		return fail(err, "--ring needs --answer", NULL);
	if (o->see.loss.percent > 0 && o->see.loss.drop_nth > 0)
		return fail(err, "--loss and --drop exclude each other", NULL);
	return 0;
}

static void defaults(struct sipua_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->transport = SIP_PROTO_UDP;
	o->codec = SIP_APP_PCMU;
	o->duration_s = -1;
	o->timeout_s = SIPUA_DEFAULT_TIMEOUT_S;
	o->tone_hz = -1;
	demo_see_options_default(&o->see, "sipua");
}

/* One of sipua's own options at argv[*i]: "--name VALUE", "--name=VALUE" or a flag;
 * *i moves past a value given separately. */
static int own_option(struct sipua_opts *o, int argc, char **argv, int *i, bool *ring_given,
		      FILE *err)
{
	const char *arg = argv[*i], *eq, *value;
	char name[32];
	size_t len;

	if (strncmp(arg, "--", 2) != 0)
		return fail(err, "unexpected argument", arg);
	eq = strchr(arg, '=');
	len = eq != NULL ? (size_t)(eq - arg - 2) : strlen(arg + 2);
	if (len == 0 || len >= sizeof(name))
		return fail(err, "unknown option", arg);
	memcpy(name, arg + 2, len);
	name[len] = '\0';
	if (!takes_value(name)) {
		if (eq != NULL && strcmp(name, "answer") == 0)
			return fail(err, "takes no value:", arg);
		return set_flag(o, name, arg, err);
	}
	value = eq != NULL ? eq + 1 : *i + 1 < argc ? argv[++*i] : NULL;
	if (value == NULL) {
		char why[64];

		snprintf(why, sizeof(why), "--%s needs a value", name);
		return fail(err, why, NULL);
	}
	if (strcmp(name, "ring") == 0)
		*ring_given = true;
	return set_value(o, name, value, err);
}

int sipua_parse(int argc, char **argv, struct sipua_opts *o, FILE *out, FILE *err)
{
	bool ring_given = false;

	defaults(o);
	for (int i = 1; i < argc; i++) {
		int rc;

		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, out);
			fputs(demo_see_usage, out);
			fputs(usage_end, out);
			return 1;
		}
		rc = demo_see_parse_option(&o->see, argc, argv, i);  /* the shared options */
		if (rc < 0)
			return 2;  /* it printed the line */
		if (rc > 0) {
			i += rc - 1;
			continue;
		}
		rc = own_option(o, argc, argv, &i, &ring_given, err);
		if (rc != 0)
			return rc;
	}
	return check(o, ring_given, err);
}
