/* demos/common/rtp_engine.h - the media of one call on real sockets: G.711 RTP out
 * every 20 ms, RTP in through the statistics and a jitter buffer, RTCP both ways.
 *
 * The rtp/ layer builds and parses packets and keeps statistics, but owns no socket
 * and reads no clock (DESIGN.md).  This module is the program side of it, for sipua:
 *   - an RTP socket on an even port and the RTCP socket on port + 1 (RFC 3550 §11);
 *   - sending: one 20 ms frame per tick of a timer on the loop's timer list, tick k
 *     due at start + k x 20 ms (scheduled from the start time, not from "now", so
 *     the stream never drifts); the audio is a tone, a WAV file (looped) or silence,
 *     encoded with the negotiated law (RFC 3551 §4.5.14);
 *   - receiving: rtp_session_on_rtp (RFC 3550 A.1 checks, A.3 loss, A.8 jitter),
 *     G.711 decode, the jitter buffer (rtp/jitbuf.h), played out one frame per tick
 *     into the recording (what --record writes and what is measured);
 *   - RTCP: a compound SR/RR + SDES when rtp_session_rtcp_due says (RFC 3550 §6.3),
 *     and a BYE when the call ends (§6.6);
 *   - a tap that sees every RTP and RTCP datagram in and out (for --pcap).
 *
 * Packets arriving before the engine is started are kept (up to DEMO_RTP_EARLY of
 * them) and fed in at the start: an offerer "MUST be prepared to receive media" once
 * the offer is out (RFC 3264 §5) but only knows the codec from the answer.
 *
 * Leaves out: DTMF sending, several streams, SRTP, symmetric-RTP latching (we send
 * to the SDP address), adaptive jitter buffering.
 */
#ifndef DEMOS_COMMON_RTP_ENGINE_H
#define DEMOS_COMMON_RTP_ENGINE_H

#include "net/addr.h"
#include "net/log.h"
#include "net/loop.h"
#include "net/rand.h"
#include "rtp/g711.h"
#include "rtp/session.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEMO_RTP_FRAME 160              /* samples per packet: 20 ms at 8 kHz */
#define DEMO_RTP_FRAME_US 20000u        /* one tick */
#define DEMO_RTP_JITTER_FRAMES 3        /* playout delay: 60 ms */
#define DEMO_RTP_EARLY 32               /* datagrams kept before the start */
#define DEMO_RTP_MAX_RECORD (8000u * 3600u)  /* samples recorded at most: one hour */
#define DEMO_RTP_STALL_US 200000u       /* a tick this late skips the frames missed */
#define DEMO_RTP_TONE_DBFS (-10.0)      /* level of --tone: loud, far from clipping */
#define DEMO_RTP_MEASURE_SKIP 800       /* samples ignored at the start (100 ms) */
#define DEMO_RTP_MEASURE_MAX 4000       /* samples measured at most (0.5 s) */

enum demo_rtp_source {
	DEMO_RTP_SILENCE,  /* zeros (still sent: the peer sees a stream) */
	DEMO_RTP_TONE,     /* a sine of tone_hz */
	DEMO_RTP_WAV       /* the samples given, looped */
};

/* Every datagram in or out; `rtcp` says which socket.  Borrowed for the call. */
typedef void (*demo_rtp_tap_cb)(void *arg, bool out, bool rtcp, const struct net_addr *src,
				const struct net_addr *dst, const uint8_t *data, size_t len);

struct demo_rtp_config {
	enum demo_rtp_source source;
	double tone_hz;               /* DEMO_RTP_TONE */
	const int16_t *wav;           /* DEMO_RTP_WAV: borrowed, must outlive the engine */
	size_t wav_n;                 /* samples in wav (> 0) */
	double rtcp_min_interval;     /* s; 0: RFC 3550 §6.2's reduced minimum */
	const char *cname;            /* SDES CNAME ("alice@127.0.0.1"), copied */
	struct net_log log;           /* copied; warnings about bad packets */
	demo_rtp_tap_cb tap;          /* may be NULL */
	void *tap_arg;
};

/* What the engine did, for the summary. */
struct demo_rtp_stats {
	struct rtp_session_stats s;   /* RTP/RTCP counters (rtp/session.h) */
	uint32_t early;               /* datagrams kept before the start */
	uint32_t skipped;             /* frames not sent because the loop stalled */
	uint32_t played, concealed;   /* jitter buffer frames */
	uint32_t late;                /* arrived after their playout time */
	size_t recorded;              /* samples in the recording */
	double rtcp_min_interval;     /* s, the minimum in force */
};

/* The received audio, measured (rtp/measure.h) over its middle half second. */
struct demo_rtp_measure {
	bool valid;                   /* false: too little audio, or silence */
	double freq_hz;               /* dominant frequency */
	double level_dbfs;            /* RMS level */
	double snr_db;                /* against a tone at freq_hz */
	size_t samples;               /* how many were measured */
};

struct demo_rtp;

/* Opens RTP on an even free port of `ip` (its port is ignored) and RTCP on the port
 * above, both watched on `loop`.  `rand` (SSRC, sequence, RTCP intervals) and `loop`
 * must outlive the engine.  Returns 0, EINVAL, ENOMEM or a socket errno. */
int demo_rtp_open(struct demo_rtp **out, struct net_loop *loop, struct net_rand *rand,
		  const struct net_addr *ip, const struct demo_rtp_config *cfg);

/* Stops everything (without a BYE) and closes the sockets.  NULL is ignored. */
void demo_rtp_close(struct demo_rtp *m);

/* The RTP port (RTCP is port + 1). */
uint16_t demo_rtp_port(const struct demo_rtp *m);

/* Starts the session towards `remote` (RTP; RTCP goes to its port + 1) with `law`:
 * the first frame leaves now, and the kept early datagrams are processed.
 * `send` false receives only (the peer asked recvonly/inactive, or we hold).
 * Returns 0, EALREADY, EINVAL or ENOMEM. */
int demo_rtp_start(struct demo_rtp *m, enum rtp_g711_law law, const struct net_addr *remote,
		   bool send);

/* Changes the direction or the destination in a running session (a re-INVITE). */
void demo_rtp_update(struct demo_rtp *m, const struct net_addr *remote, bool send);

/* Ends the session: an RTCP BYE to the peer (RFC 3550 §6.6), timers stopped.  The
 * statistics and the recording stay.  Nothing happens if not started. */
void demo_rtp_stop(struct demo_rtp *m, const char *reason);

bool demo_rtp_started(const struct demo_rtp *m);
void demo_rtp_get_stats(const struct demo_rtp *m, struct demo_rtp_stats *st);

/* The played-out audio since the stream began (borrowed, valid until close). */
const int16_t *demo_rtp_recording(const struct demo_rtp *m, size_t *n);

/* Measures the recording (see struct demo_rtp_measure). */
void demo_rtp_measure(const struct demo_rtp *m, struct demo_rtp_measure *out);

#endif
