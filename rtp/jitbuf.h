/* rtp/jitbuf.h - a small fixed-delay jitter buffer for decoded audio frames.
 *
 * RFC 3550 §6.4.1 measures jitter; a receiver must also absorb it.  This buffer holds
 * frames by RTP timestamp and plays them out at a fixed delay: the owner calls
 * rtp_jitbuf_get() once per frame period (20 ms), and frame k of the stream comes out
 * `delay_frames` periods after the first packet arrived.  So a packet may arrive up to
 * delay_frames x 20 ms later than the first one's spacing predicts and still play.
 *
 * It reorders (slots are indexed by timestamp), drops what arrives after its playout
 * time (late), ignores duplicates, and conceals gaps with silence or by repeating the
 * last frame (RFC 3551 §4.1: a receiver "should be prepared to handle periods when no
 * data is present").  Counters tell what happened.  Timestamps are what place a frame,
 * not sequence numbers, so suppressed silence and interleaved DTMF packets leave no
 * false gaps.
 *
 * Leaves out: adaptive delay, time stretching, packet loss concealment better than
 * repetition (e.g. G.711 Appendix I).
 */
#ifndef RTP_JITBUF_H
#define RTP_JITBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RTP_JITBUF_SLOTS 64         /* frames held: 1.28 s at 20 ms */
#define RTP_JITBUF_MAX_FRAME 1600   /* samples per frame (200 ms at 8 kHz) */
#define RTP_JITBUF_MAX_REPEAT 3     /* repeat-last conceals at most this many frames in a row */

enum rtp_jitbuf_conceal {
	RTP_JITBUF_CONCEAL_SILENCE,  /* a gap plays as zeros */
	RTP_JITBUF_CONCEAL_REPEAT    /* a gap repeats the last frame, then goes silent */
};

struct rtp_jitbuf_config {
	unsigned frame_samples;      /* samples (= timestamp units) per frame: 160 */
	unsigned delay_frames;       /* fixed playout delay, in frames (3 = 60 ms) */
	enum rtp_jitbuf_conceal conceal;
};

/* What rtp_jitbuf_put did with a frame. */
enum rtp_jitbuf_put_result {
	RTP_JITBUF_STORED,
	RTP_JITBUF_DUPLICATE,        /* that timestamp is already waiting */
	RTP_JITBUF_LATE,             /* its playout time has passed: dropped */
	RTP_JITBUF_RESYNC            /* far outside the window: buffer restarted on it */
};

/* What rtp_jitbuf_get produced. */
enum rtp_jitbuf_frame {
	RTP_JITBUF_IDLE,             /* no stream yet, or the initial delay: silence */
	RTP_JITBUF_PLAYED,           /* the frame that was due */
	RTP_JITBUF_CONCEALED         /* it was missing: silence or the last frame again */
};

struct rtp_jitbuf_stats {
	uint32_t received;           /* frames offered to put */
	uint32_t played;             /* frames played as received */
	uint32_t late;               /* dropped: arrived after their playout time */
	uint32_t duplicates;         /* dropped: already held */
	uint32_t concealed;          /* frames due but missing */
	uint32_t resyncs;            /* restarts on a frame far outside the window */
};

struct rtp_jitbuf {
	struct rtp_jitbuf_config cfg;
	int16_t *pcm;                /* owned: RTP_JITBUF_SLOTS x frame_samples */
	int16_t *last;               /* owned: the last frame output (for repeat) */
	uint32_t slot_ts[RTP_JITBUF_SLOTS];   /* timestamp held by each slot */
	bool slot_full[RTP_JITBUF_SLOTS];
	bool started;                /* a first frame has arrived */
	unsigned wait;               /* periods left before playout starts */
	uint32_t play_ts;            /* timestamp of the next frame to play */
	unsigned play_slot;          /* slot of play_ts */
	unsigned repeats;            /* consecutive repeat-concealed frames */
	struct rtp_jitbuf_stats stats;
};

/* 0, EINVAL (frame_samples 0 or too large, delay >= slots) or ENOMEM. */
int rtp_jitbuf_init(struct rtp_jitbuf *jb, const struct rtp_jitbuf_config *cfg);
void rtp_jitbuf_fini(struct rtp_jitbuf *jb);

/* Offers one decoded frame of `n` samples (n must be frame_samples; shorter frames are
 * zero-padded, longer ones cut) with its RTP timestamp. */
enum rtp_jitbuf_put_result rtp_jitbuf_put(struct rtp_jitbuf *jb, uint32_t ts,
					  const int16_t *pcm, size_t n);

/* One frame period has passed: writes frame_samples samples into out. */
enum rtp_jitbuf_frame rtp_jitbuf_get(struct rtp_jitbuf *jb, int16_t *out);

#endif
