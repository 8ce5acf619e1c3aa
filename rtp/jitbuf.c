/* rtp/jitbuf.c - fixed-delay jitter buffer (see jitbuf.h).
 *
 * A ring of RTP_JITBUF_SLOTS frames.  play_slot holds the frame due next (timestamp
 * play_ts); the frame with timestamp play_ts + k * frame goes to slot play_slot + k.
 * All timestamp arithmetic is modulo 2^32, as RTP timestamps wrap (RFC 3550 §5.1).
 *
 * Leaves out: adaptive delay and better concealment (see jitbuf.h).
 */
#include "rtp/jitbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int rtp_jitbuf_init(struct rtp_jitbuf *jb, const struct rtp_jitbuf_config *cfg)
{
	memset(jb, 0, sizeof(*jb));
	if (cfg->frame_samples == 0 || cfg->frame_samples > RTP_JITBUF_MAX_FRAME ||
	    cfg->delay_frames >= RTP_JITBUF_SLOTS)
		return EINVAL;
	jb->cfg = *cfg;
	jb->pcm = calloc((size_t)RTP_JITBUF_SLOTS * cfg->frame_samples, sizeof(int16_t));
	jb->last = calloc(cfg->frame_samples, sizeof(int16_t));
	if (jb->pcm == NULL || jb->last == NULL) {
		rtp_jitbuf_fini(jb);
		return ENOMEM;
	}
	return 0;
}

void rtp_jitbuf_fini(struct rtp_jitbuf *jb)
{
	free(jb->pcm);
	free(jb->last);
	jb->pcm = NULL;
	jb->last = NULL;
}

/* (Re)starts the playout timeline on a frame with timestamp ts. */
static void restart(struct rtp_jitbuf *jb, uint32_t ts)
{
	memset(jb->slot_full, 0, sizeof(jb->slot_full));
	jb->started = true;
	jb->wait = jb->cfg.delay_frames;
	jb->play_ts = ts;
	jb->play_slot = 0;
	jb->repeats = 0;
}

static void store(struct rtp_jitbuf *jb, unsigned slot, uint32_t ts, const int16_t *pcm,
		  size_t n)
{
	int16_t *dst = jb->pcm + (size_t)slot * jb->cfg.frame_samples;
	size_t copy = n < jb->cfg.frame_samples ? n : jb->cfg.frame_samples;

	memcpy(dst, pcm, copy * sizeof(int16_t));
	memset(dst + copy, 0, (jb->cfg.frame_samples - copy) * sizeof(int16_t));
	jb->slot_ts[slot] = ts;
	jb->slot_full[slot] = true;
}

enum rtp_jitbuf_put_result rtp_jitbuf_put(struct rtp_jitbuf *jb, uint32_t ts,
					  const int16_t *pcm, size_t n)
{
	enum rtp_jitbuf_put_result result = RTP_JITBUF_STORED;
	int32_t delta;

	jb->stats.received++;
	if (!jb->started)
		restart(jb, ts);
	delta = (int32_t)(ts - jb->play_ts);
	/* More than a window away, either side: a new timeline (the sender restarted or
	 * jumped); holding on to the old one would drop every frame from now on. */
	if (delta / (int32_t)jb->cfg.frame_samples >= RTP_JITBUF_SLOTS ||
	    delta / (int32_t)jb->cfg.frame_samples <= -RTP_JITBUF_SLOTS) {
		jb->stats.resyncs++;
		restart(jb, ts);
		delta = 0;
		result = RTP_JITBUF_RESYNC;
	}
	if (delta < 0) {  /* its turn has come and gone */
		jb->stats.late++;
		return RTP_JITBUF_LATE;
	}
	unsigned slot = (jb->play_slot + (unsigned)delta / jb->cfg.frame_samples) % RTP_JITBUF_SLOTS;

	if (jb->slot_full[slot] && jb->slot_ts[slot] == ts) {
		jb->stats.duplicates++;
		return RTP_JITBUF_DUPLICATE;
	}
	store(jb, slot, ts, pcm, n);
	return result;
}

/* A missing frame: silence, or the last frame again for a few periods. */
static void conceal(struct rtp_jitbuf *jb, int16_t *out)
{
	size_t n = jb->cfg.frame_samples;

	jb->stats.concealed++;
	if (jb->cfg.conceal == RTP_JITBUF_CONCEAL_REPEAT && jb->repeats < RTP_JITBUF_MAX_REPEAT) {
		jb->repeats++;
		memcpy(out, jb->last, n * sizeof(int16_t));
		return;
	}
	memset(out, 0, n * sizeof(int16_t));
	memset(jb->last, 0, n * sizeof(int16_t));
}

enum rtp_jitbuf_frame rtp_jitbuf_get(struct rtp_jitbuf *jb, int16_t *out)
{
	size_t n = jb->cfg.frame_samples;
	enum rtp_jitbuf_frame kind = RTP_JITBUF_PLAYED;

	if (!jb->started || jb->wait > 0) {
		if (jb->started)
			jb->wait--;
		memset(out, 0, n * sizeof(int16_t));
		return RTP_JITBUF_IDLE;
	}
	unsigned slot = jb->play_slot;

	if (jb->slot_full[slot] && jb->slot_ts[slot] == jb->play_ts) {
		memcpy(out, jb->pcm + (size_t)slot * n, n * sizeof(int16_t));
		memcpy(jb->last, out, n * sizeof(int16_t));
		jb->repeats = 0;
		jb->stats.played++;
	} else {
		conceal(jb, out);
		kind = RTP_JITBUF_CONCEALED;
	}
	jb->slot_full[slot] = false;
	jb->play_slot = (slot + 1) % RTP_JITBUF_SLOTS;
	jb->play_ts += (uint32_t)n;
	return kind;
}
