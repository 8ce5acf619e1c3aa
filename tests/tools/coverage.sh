#!/bin/sh
# coverage.sh DIR - turn the .gcda files of DIR/tree into an lcov report.
#
# COVERAGE_MIN ("net/=90 sip/=90 ...") names the line coverage each folder must reach;
# a folder below its minimum fails the target (the issues' "done when" bars).
# Writes DIR/lcov.info and DIR/html/index.html, then prints lines and functions
# covered per top-level folder (sip/, sdp/, rtp/, net/, demos/).  Test code is left out
# of the figures: coverage measures the stack, not its tests.
set -eu
dir=$1
root=$(pwd)
lcov -q --capture --directory "$dir/tree/obj" --base-directory "$root" \
	--output-file "$dir/all.info" --rc lcov_branch_coverage=0 >/dev/null 2>&1 ||
	lcov -q --capture --directory "$dir/tree/obj" --output-file "$dir/all.info"
lcov -q --extract "$dir/all.info" "$root/sip/*" "$root/sdp/*" "$root/rtp/*" "$root/net/*" \
	"$root/demos/*" --output-file "$dir/lcov.info" >/dev/null
genhtml -q --output-directory "$dir/html" --title siplab "$dir/lcov.info" >/dev/null
echo
echo "coverage (report: $dir/html/index.html)"
awk -v root="$root/" '
/^SF:/ { f = substr($0, 4); sub(root, "", f); split(f, p, "/"); d = p[1] "/" }
/^LF:/ { lf[d] += substr($0, 4); LF += substr($0, 4) }
/^LH:/ { lh[d] += substr($0, 4); LH += substr($0, 4) }
/^FNF:/ { ff[d] += substr($0, 5); FF += substr($0, 5) }
/^FNH:/ { fh[d] += substr($0, 5); FH += substr($0, 5) }
function pct(a, b) { return b ? sprintf("%5.1f%%", 100 * a / b) : "   n/a" }
END {
	printf "  %-8s %8s %14s %10s %14s\n", "folder", "lines", "", "functions", ""
	n = split("net/ sip/ sdp/ rtp/ demos/", order, " ")
	for (i = 1; i <= n; i++) { d = order[i]; if (!(d in lf)) continue
		printf "  %-8s %s %6d/%-7d %s %6d/%-7d\n", d, pct(lh[d], lf[d]), lh[d], lf[d], pct(fh[d], ff[d]), fh[d], ff[d] }
	printf "  %-8s %s %6d/%-7d %s %6d/%-7d\n", "total", pct(LH, LF), LH, LF, pct(FH, FF), FH, FF
	n = split(min, rule, " "); bad = 0
	for (i = 1; i <= n; i++) { split(rule[i], kv, "="); d = kv[1]
		if (!(d in lf) || lf[d] == 0) continue
		if (100 * lh[d] / lf[d] < kv[2]) { printf "coverage: %s is below its minimum of %s%% of lines\n", d, kv[2]; bad = 1 } }
	exit bad
}' min="${COVERAGE_MIN:-}" "$dir/lcov.info"
