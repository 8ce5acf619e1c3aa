#!/bin/sh
# bench.sh DIR - run every benchmark in DIR: wall clock, then instructions per unit.
#
# Instructions come from callgrind: each case is run with --iters 0 and --iters N and
# the difference is divided by N * units_per_iter, which cancels set-up cost.  The
# count is repeatable for the same binary and input, unlike the wall clock.
set -eu
dir=$1
N=${BENCH_CALLGRIND_ITERS:-200}

ir() { # bin case iters -> total instructions
	f=$(mktemp)
	valgrind --tool=callgrind --callgrind-out-file="$f" "$1" --only "$2" --iters "$3" \
		>/dev/null 2>&1
	awk '/^summary:/ { print $2 }' "$f"
	rm -f "$f"
}

for bin in "$dir"/bench_*; do
	[ -x "$bin" ] || continue
	echo "=== ${bin##*/}: wall clock (this machine, now)"
	"$bin"
	if command -v valgrind >/dev/null 2>&1; then
		echo "=== ${bin##*/}: instructions per unit (callgrind, repeatable)"
		"$bin" --list | while read -r name unit per; do
			a=$(ir "$bin" "$name" 0)
			b=$(ir "$bin" "$name" "$N")
			awk -v a="$a" -v b="$b" -v n="$N" -v per="$per" -v name="$name" -v unit="$unit" \
				'BEGIN { printf "%-24s %12.1f instructions/%s\n", name, (b - a) / (n * per), unit }'
		done
	else
		echo "(valgrind missing: no instruction counts)"
	fi
done
