/* rtp/wav.h - WAV files of telephone audio: 16-bit PCM, mono, 8000 Hz.
 *
 * Implements the RIFF/WAVE container (Microsoft/IBM Multimedia Programming Interface
 * 1.0, 1991) as far as a G.711 call needs it: reading a "fmt " chunk with format 1 (PCM)
 * or WAVE_FORMAT_EXTENSIBLE with a PCM sub-format, skipping other chunks (LIST, fact,
 * ...), reading the "data" chunk; writing the canonical 44-octet header.  Anything else
 * (another rate, stereo, 8/24-bit, float, A-law/μ-law WAV) is refused with a message
 * naming what was found, e.g. "WAV is 44100 Hz, 2 channels, 16-bit PCM; siplab needs
 * 8000 Hz, 1 channel, 16-bit PCM".
 *
 * Parsing works on a memory buffer; the file functions read or write a whole file.
 *
 * Leaves out: resampling and channel mixing (refused instead), RF64, cue/loop chunks.
 */
#ifndef RTP_WAV_H
#define RTP_WAV_H

#include <stddef.h>
#include <stdint.h>

#define RTP_WAV_RATE 8000
#define RTP_WAV_HEADER_SIZE 44
#define RTP_WAV_MAX_FILE (64u << 20)  /* 64 MiB: over an hour of 8 kHz audio */

/* Parses a WAV image.  On success returns 0 and a malloc'd array of *n samples in
 * *samples (the caller frees it; NULL when n is 0).  Errors: EBADMSG (not a well-formed
 * RIFF/WAVE), ENOTSUP (a WAV of another format), ENOMEM.  On error `why` (if not NULL)
 * gets a one-line explanation, truncated to why_len. */
int rtp_wav_parse(const uint8_t *buf, size_t len, int16_t **samples, size_t *n, char *why,
		  size_t why_len);

/* Octets rtp_wav_write needs for n samples. */
size_t rtp_wav_size(size_t n);

/* Writes a 44-octet header and the samples (little-endian).  0, ENOBUFS, or EINVAL if
 * the data would not fit the 32-bit RIFF sizes. */
int rtp_wav_write(const int16_t *samples, size_t n, uint8_t *out, size_t cap, size_t *len);

/* Whole-file versions: errno values from the system (ENOENT, EACCES...), EFBIG above
 * RTP_WAV_MAX_FILE, or those of rtp_wav_parse / rtp_wav_write. */
int rtp_wav_read_file(const char *path, int16_t **samples, size_t *n, char *why,
		      size_t why_len);
int rtp_wav_write_file(const char *path, const int16_t *samples, size_t n);

#endif
