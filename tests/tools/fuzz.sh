#!/bin/sh
# fuzz.sh DIR SECONDS - run every libFuzzer binary in DIR for SECONDS.
#
# Seeds: tests/fuzz/NAME.seeds lists directories (one per line, relative to the
# repository root) whose files start the corpus.  The working corpus lives in
# build/fuzz/corpus/NAME.  Any crash, leak or sanitizer report fails the target.
set -eu
dir=$1
secs=$2
status=0
for bin in "$dir"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=${bin##*/}
	corpus=build/fuzz/corpus/$name
	mkdir -p "$corpus"
	if [ -f "tests/fuzz/$name.seeds" ]; then
		while read -r d; do
			[ -n "$d" ] && [ -d "$d" ] && find "$d" -type f -exec cp {} "$corpus/" \;
		done <"tests/fuzz/$name.seeds"
	fi
	echo "=== $name for ${secs}s"
	if ! "$bin" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix=build/fuzz/ \
		"$corpus" 2>build/fuzz/$name.log; then
		tail -40 build/fuzz/$name.log
		echo "fuzz: $name FAILED (artifact under build/fuzz/)"
		status=1
	else
		grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+.*DONE)' \
			build/fuzz/$name.log || true
	fi
done
exit $status
