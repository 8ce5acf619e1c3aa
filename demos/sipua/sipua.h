/* demos/sipua/sipua.h - the user agent program: A or B of the demo call.
 *
 *   sipua --user NAME --password PW --server ADDR:PORT [--domain NAME]
 *         [--listen ADDR:PORT] [--transport udp|tcp]
 *         [--call USER | --answer [--ring SECONDS]] [--duration SECONDS]
 *         [--play FILE.wav | --tone HZ] [--record FILE.wav] [--codec pcmu|pcma]
 *         [--step] [--pcap FILE] [--log FILE]
 *         [--timeout SECONDS] [--quiet] [--loss PCT[:SEED]] [--drop N] [--t1 MS]
 *
 * It registers (digest, RFC 3261 §10.2, §22) through the server, places or answers one
 * call through the application API (sip/app.h), streams G.711 RTP of a tone, a WAV
 * file or silence while recording what it receives (demos/common/rtp_engine.h), hangs
 * up after --duration (or when the peer does), unregisters and prints a summary.
 *
 * OUTPUT CONTRACT (tests/tools/demo.sh and tests/demos parse it; keep it stable).
 * The program's own lines on stdout start with "sipua: " (the annotated protocol log
 * of demos/common/see.h is indented between them; --quiet leaves it out), one event
 * per line, in this order:
 *     sipua: listening on 127.0.0.1:40312 (udp, tcp)
 *     sipua: rtp on 127.0.0.1:40000 (rtcp 40001)
 *     sipua: registered as sip:bob@127.0.0.1:5060
 *     sipua: waiting for a call                       (--answer)
 *     sipua: calling sip:bob@127.0.0.1:5060           (--call)
 *     sipua: incoming call from <sip:alice@...>;tag=..  (--answer)
 *     sipua: call ringing                              (a 180 seen or sent)
 *     sipua: call confirmed
 *     sipua: media PCMU to 127.0.0.1:40002 (sendrecv)
 *     sipua: receiving RTP from 127.0.0.1:40002        (the first packet)
 *     sipua: hanging up after 5.0 s                    (or: sipua: peer hung up)
 *     sipua: call ended: 200 OK
 *     sipua: unregistered
 *     sipua: summary: call=confirmed state=Disconnected status=200 codec=PCMU
 *            rtp-sent=250 rtp-received=249 rtp-lost=0 jitter=0.04ms rtcp-sent=2
 *            rtcp-received=2 rtcp-min=4.5s                         (one line)
 *     sipua: media: rx-freq=660.0Hz rx-level=-10.0dBFS snr=38.2dB measured=4000
 *            recorded=4.96s                                        (one line)
 * Keys never change order; a value that does not exist is "-" (rx-freq=- when no
 * audio or only silence arrived; codec=- when no call was set up).
 * Exit status: 0 when everything asked for happened (registered, call confirmed,
 * RTP received when the peer was to send and the call lasted SIPUA_RTP_GRACE_US or
 * more, hung up cleanly, unregistered); 1 with one
 * line on stderr naming the first thing that did not, e.g.
 *     sipua: registration failed: 401 Unauthorized
 *     sipua: call failed: 480 Temporarily Unavailable
 *     sipua: call failed: no answer within 30 s
 *     sipua: no RTP received from 127.0.0.1:40000
 * 2 for a bad command line: "sipua: unknown option --foo (try --help)".
 */
#ifndef DEMOS_SIPUA_SIPUA_H
#define DEMOS_SIPUA_SIPUA_H

#include "demos/common/see.h"
#include "sip/app.h"
#include "sip/trace.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define SIPUA_DEFAULT_DURATION_S 5.0   /* a caller's call, when --duration is not given */
#define SIPUA_DEFAULT_TIMEOUT_S 30.0   /* an unanswered call is given up after this */
#define SIPUA_MAX_SECONDS 86400.0      /* longest --duration, --ring, --timeout */
#define SIPUA_RTP_GRACE_US 1000000u    /* a call this long must have received RTP */
#define SIPUA_TEXT_MAX 256             /* bytes of a URI or address we build */

struct sipua_opts {
	const char *user, *password;   /* account (digest username = user) */
	const char *server;            /* "127.0.0.1:5060": registrar and outbound proxy */
	const char *domain;            /* NULL: the server's address */
	const char *listen;            /* NULL: the server's family, a free port */
	enum sip_proto transport;
	const char *call;              /* user (or sip: URI) to call, NULL: none */
	bool answer;                   /* wait for one call and answer it */
	double ring_s;                 /* --answer: 180 first, 200 after this */
	double duration_s;             /* < 0: not given */
	double timeout_s;              /* give up an unanswered call */
	const char *play;              /* WAV file to send, NULL: none */
	double tone_hz;                /* < 0: none */
	const char *record;            /* WAV file to write, NULL: none */
	enum sip_app_codec codec;
	struct demo_see_options see;   /* --quiet --step --log --pcap --drop --loss --t1 */
};

/* Parses argv.  Returns 0 (run), 1 (--help was printed: exit 0) or 2 (an error line
 * was printed to `err`: exit 2). */
int sipua_parse(int argc, char **argv, struct sipua_opts *o, FILE *out, FILE *err);

/* Runs the whole program with parsed options; returns the exit status. */
int sipua_run(const struct sipua_opts *o);

#endif
