#!/bin/sh
# lint.sh - the rules a reviewer would otherwise check by hand.
#
#  1. Banned in the library (sip/ sdp/ rtp/ net/): strcpy, strcat, sprintf, vsprintf,
#     strtok, atoi, atol, gets, and printing (printf, puts, fprintf): the library logs
#     through its hook (STYLE.md §5).
#  2. Layer rules (DESIGN.md): net/ includes only net/; sdp/ and rtp/ include net/ and
#     themselves; sip/ never includes rtp/ or demos/.  No library file includes demos/.
#  3. Test names: every TH_TEST is test_rfcNNNN_<section>_<behaviour>, test_g711_... or
#     test_impl_... (reports read these names).
#  4. cppcheck on every C file, warnings are errors.
set -u
status=0
fail() { echo "lint: $*"; status=1; }

lib_files=$(find net sip sdp rtp -name '*.[ch]' 2>/dev/null | sort)

# 1. banned functions (comments are stripped crudely: whole-line // and /* ... */ lines)
for f in $lib_files; do
	sed -e 's://.*$::' -e 's:/\*.*\*/::g' "$f" |
		grep -nE '(^|[^A-Za-z0-9_.>])(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets|printf|puts|fprintf|fputs)[[:space:]]*\(' |
		while IFS= read -r line; do echo "lint: $f:$line: banned in the library"; done
done | tee /tmp/lint.$$ | head -50
[ -s /tmp/lint.$$ ] && status=1
rm -f /tmp/lint.$$

# 2. layer include rules
check_layer() { # folder allowed-regex
	for f in $(find "$1" -name '*.[ch]' 2>/dev/null | sort); do
		grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
			sed -E 's/^([0-9]+):.*"([^"]*)".*/\1 \2/' |
			while read -r n inc; do
				echo "$inc" | grep -qE "$2" || echo "lint: $f:$n: $1/ may not include \"$inc\""
			done
	done
}
{
	check_layer net '^net/'
	check_layer sdp '^(sdp|net)/'
	check_layer rtp '^(rtp|net)/'
	check_layer sip '^(sip|sdp|net)/'
} | tee /tmp/lint.$$ | head -50
[ -s /tmp/lint.$$ ] && status=1
rm -f /tmp/lint.$$

# 3. test names
bad=$(grep -rhoE 'TH_TEST\([A-Za-z0-9_]+\)' tests --exclude-dir=support 2>/dev/null | sed -E 's/TH_TEST\((.*)\)/\1/' |
	grep -vE '^test_(rfc[0-9]+_[0-9a-z]+(_[0-9]+)*_[a-z0-9_]+|g711_[a-z0-9_]+|impl_[a-z0-9_]+)$')
if [ -n "$bad" ]; then
	for t in $bad; do fail "test name '$t' is not test_rfcNNNN_<section>_<behaviour>, test_g711_... or test_impl_..."; done
fi

# 4. cppcheck
if command -v cppcheck >/dev/null 2>&1; then
	out=$(cppcheck --quiet --std=c11 --enable=warning,style,performance,portability \
		--inline-suppr --suppress=missingIncludeSystem --suppress=unusedFunction \
		--suppress=constParameterCallback --error-exitcode=1 -I. \
		-D__GNUC__ net sip sdp rtp demos tests docs/examples 2>&1)
	[ $? -eq 0 ] || { echo "$out"; fail "cppcheck reported the above"; }
else
	echo "lint: cppcheck missing, skipped (apt-get install -y cppcheck)"
fi

[ $status -eq 0 ] && echo "lint: clean"
exit $status
