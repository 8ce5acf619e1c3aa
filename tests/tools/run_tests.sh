#!/bin/sh
# run_tests.sh FILTER BIN... - run CUnit test binaries and total their summaries.
#
# Each binary prints its own CUnit report (suites are RFC sections, tests are named
# after the sentence they check).  At the end one line gives the totals.  Exit status
# is 1 if any binary failed, crashed, or (with SIPLAB_VALGRIND=1) valgrind found an
# error or a leak.
set -u
filter=$1
shift

bins=0 failed_bins="" tests=0 tfail=0 asserts=0 afail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for bin in "$@"; do
	bins=$((bins + 1))
	echo "=== ${bin#*/bin/tests/}"
	if [ -n "${SIPLAB_VALGRIND:-}" ]; then
		valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
			--error-exitcode=1 "$bin" $filter >"$out" 2>&1
	else
		"$bin" $filter >"$out" 2>&1
	fi
	rc=$?
	cat "$out"
	[ $rc -eq 0 ] || failed_bins="$failed_bins ${bin##*/}(exit $rc)"
	# CUnit's summary rows: "tests   Total Ran Passed Failed Inactive"
	set -- $(awk '$1 == "tests" { t = $3; tf = $5 } $1 == "asserts" { a = $3; af = $5 }
		END { print t + 0, tf + 0, a + 0, af + 0 }' "$out") "$@"
	tests=$((tests + $1)) tfail=$((tfail + $2)) asserts=$((asserts + $3)) afail=$((afail + $4))
	shift 4
done

mode="tests"
[ -n "${SIPLAB_VALGRIND:-}" ] && mode="tests under valgrind"
echo
echo "siplab: $bins binaries, $tests $mode, $asserts asserts; $tfail tests failed, $afail asserts failed"
if [ -n "$failed_bins" ]; then
	echo "siplab: FAILED:$failed_bins"
	exit 1
fi
exit 0
