/* rtp/wav.c - RIFF/WAVE read and write for 16-bit mono 8 kHz PCM (see wav.h).
 *
 * Layout: "RIFF" <size> "WAVE", then chunks of <id:4> <size:4, little-endian> <data>,
 * each padded to an even length.  "fmt " says what the samples are; "data" holds them.
 *
 * Leaves out: other formats (refused with a message), RF64, cue/loop chunks.
 */
#include "rtp/wav.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FMT_PCM 1
#define FMT_FLOAT 3
#define FMT_ALAW 6
#define FMT_MULAW 7
#define FMT_EXTENSIBLE 0xFFFE

struct wav_fmt {
	unsigned tag;        /* format tag (the sub-format's, for EXTENSIBLE) */
	unsigned channels;
	uint32_t rate;       /* samples per second */
	unsigned block;      /* octets per sample frame */
	unsigned bits;       /* bits per sample */
};

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static int fail(int err, char *why, size_t why_len, const char *fmt, ...)
{
	if (why != NULL && why_len > 0) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(why, why_len, fmt, ap);
		va_end(ap);
	}
	return err;
}

static const char *format_name(unsigned tag)
{
	switch (tag) {
	case FMT_PCM: return "PCM";
	case FMT_FLOAT: return "IEEE float";
	case FMT_ALAW: return "A-law";
	case FMT_MULAW: return "mu-law";
	default: return "an unknown format";
	}
}

static int parse_fmt(const uint8_t *p, uint32_t size, struct wav_fmt *f, char *why,
		     size_t why_len)
{
	if (size < 16)
		return fail(EBADMSG, why, why_len, "WAV \"fmt \" chunk is %u octets, needs 16",
			    (unsigned)size);
	f->tag = le16(p);
	f->channels = le16(p + 2);
	f->rate = le32(p + 4);
	f->block = le16(p + 12);
	f->bits = le16(p + 14);
	/* WAVE_FORMAT_EXTENSIBLE: the real format is the first two octets of the GUID at
	 * offset 24 of the chunk. */
	if (f->tag == FMT_EXTENSIBLE) {
		if (size < 40)
			return fail(EBADMSG, why, why_len, "WAV extensible \"fmt \" chunk too short");
		f->tag = le16(p + 24);
	}
	if (f->tag != FMT_PCM || f->channels != 1 || f->rate != RTP_WAV_RATE || f->bits != 16)
		return fail(ENOTSUP, why, why_len,
			    "WAV is %u Hz, %u channel%s, %u-bit %s (format %u); siplab needs "
			    "8000 Hz, 1 channel, 16-bit PCM", (unsigned)f->rate, f->channels,
			    f->channels == 1 ? "" : "s", f->bits, format_name(f->tag), f->tag);
	if (f->block != 2)
		return fail(EBADMSG, why, why_len, "WAV block align is %u, 16-bit mono needs 2",
			    f->block);
	return 0;
}

static int copy_samples(const uint8_t *p, uint32_t size, int16_t **samples, size_t *n)
{
	*n = size / 2;
	*samples = NULL;
	if (*n == 0)
		return 0;
	*samples = malloc(*n * sizeof(int16_t));
	if (*samples == NULL)
		return ENOMEM;
	for (size_t i = 0; i < *n; i++)
		(*samples)[i] = (int16_t)le16(p + 2 * i);
	return 0;
}

int rtp_wav_parse(const uint8_t *buf, size_t len, int16_t **samples, size_t *n, char *why,
		  size_t why_len)
{
	struct wav_fmt f;
	bool have_fmt = false;
	size_t off = 12;

	*samples = NULL;
	*n = 0;
	if (len < 12 || memcmp(buf, "RIFF", 4) != 0 || memcmp(buf + 8, "WAVE", 4) != 0)
		return fail(EBADMSG, why, why_len, "not a WAV file (no RIFF/WAVE header)");
	while (len - off >= 8) {
		const uint8_t *id = buf + off;
		uint32_t size = le32(buf + off + 4);
		size_t avail = len - off - 8;

		if (memcmp(id, "data", 4) == 0) {
			if (!have_fmt)
				return fail(EBADMSG, why, why_len, "WAV \"data\" before \"fmt \"");
			/* DEVIATION: a data size past the end (streaming writers leave it at
			 * 0xFFFFFFFF) is cut to the octets present instead of refused. */
			return copy_samples(buf + off + 8, size < avail ? size : (uint32_t)avail,
					    samples, n);
		}
		if (size > avail)
			return fail(EBADMSG, why, why_len, "WAV chunk runs past the end of the file");
		if (memcmp(id, "fmt ", 4) == 0) {
			int rc = parse_fmt(buf + off + 8, size, &f, why, why_len);

			if (rc != 0)
				return rc;
			have_fmt = true;
		}
		off += 8 + (size_t)size + (size & 1);  /* chunks are padded to even sizes */
		if (off > len)
			break;
	}
	return fail(EBADMSG, why, why_len, have_fmt ? "WAV has no \"data\" chunk" :
		    "WAV has no \"fmt \" chunk");
}

size_t rtp_wav_size(size_t n)
{
	return RTP_WAV_HEADER_SIZE + 2 * n;
}

int rtp_wav_write(const int16_t *samples, size_t n, uint8_t *out, size_t cap, size_t *len)
{
	if (n > (UINT32_MAX - RTP_WAV_HEADER_SIZE) / 2)
		return EINVAL;
	if (cap < rtp_wav_size(n))
		return ENOBUFS;
	uint32_t data = (uint32_t)(2 * n);

	memcpy(out, "RIFF", 4);
	put32(out + 4, 36 + data);
	memcpy(out + 8, "WAVEfmt ", 8);
	put32(out + 16, 16);
	put16(out + 20, FMT_PCM);
	put16(out + 22, 1);                     /* channels */
	put32(out + 24, RTP_WAV_RATE);
	put32(out + 28, RTP_WAV_RATE * 2);      /* byte rate */
	put16(out + 32, 2);                     /* block align */
	put16(out + 34, 16);                    /* bits per sample */
	memcpy(out + 36, "data", 4);
	put32(out + 40, data);
	for (size_t i = 0; i < n; i++)
		put16(out + RTP_WAV_HEADER_SIZE + 2 * i, (uint16_t)samples[i]);
	*len = rtp_wav_size(n);
	return 0;
}

/* Reads a whole file into a malloc'd buffer. */
static int slurp(const char *path, uint8_t **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	int rc = 0;

	*buf = NULL;
	if (f == NULL)
		return errno != 0 ? errno : EIO;
	if (fseek(f, 0, SEEK_END) != 0) {
		fclose(f);
		return EIO;
	}
	long size = ftell(f);

	if (size < 0 || (unsigned long)size > RTP_WAV_MAX_FILE)
		rc = size < 0 ? EIO : EFBIG;
	else if ((*buf = malloc((size_t)size + 1)) == NULL)
		rc = ENOMEM;
	else if (fseek(f, 0, SEEK_SET) != 0 || fread(*buf, 1, (size_t)size, f) != (size_t)size)
		rc = EIO;
	fclose(f);
	if (rc != 0) {
		free(*buf);
		*buf = NULL;
	}
	*len = rc == 0 ? (size_t)size : 0;
	return rc;
}

int rtp_wav_read_file(const char *path, int16_t **samples, size_t *n, char *why,
		      size_t why_len)
{
	uint8_t *buf;
	size_t len;
	int rc = slurp(path, &buf, &len);

	*samples = NULL;
	*n = 0;
	if (rc != 0)
		return fail(rc, why, why_len, "%s: %s", path, strerror(rc));
	rc = rtp_wav_parse(buf, len, samples, n, why, why_len);
	free(buf);
	return rc;
}

int rtp_wav_write_file(const char *path, const int16_t *samples, size_t n)
{
	size_t size = rtp_wav_size(n), len = 0;
	uint8_t *buf = malloc(size);
	int rc;

	if (buf == NULL)
		return ENOMEM;
	rc = rtp_wav_write(samples, n, buf, size, &len);
	if (rc == 0) {
		FILE *f = fopen(path, "wb");

		if (f == NULL)
			rc = errno != 0 ? errno : EIO;
		else if (fwrite(buf, 1, len, f) != len)
			rc = EIO;
		if (f != NULL && fclose(f) != 0 && rc == 0)
			rc = EIO;
	}
	free(buf);
	return rc;
}
