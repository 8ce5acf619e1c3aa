/* tests/fuzz/fuzz_rtp_wav.c - libFuzzer: any file offered as a WAV. */
#include "rtp/wav.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int16_t *samples = NULL;
	size_t n = 0;
	char why[128];

	if (rtp_wav_parse(data, size, &samples, &n, why, sizeof(why)) == 0 && n > 0 &&
	    samples == NULL)
		abort();
	free(samples);
	return 0;
}
