#!/bin/sh
# tests/interop/run.sh - `make interop`: every third-party peer from Debian in one seat
# of the demo call (every tests/interop/*.sh but lib.sh and this one).  A peer that is not installed is skipped with
# a message; the run fails if any check of an installed peer fails.
ROOT=${SIPLAB_ROOT:-.}
status=0
for t in "$ROOT"/tests/interop/*.sh; do
	case ${t##*/} in
	lib.sh | run.sh) continue ;;
	esac
	sh "$t" || status=1
done
if [ "$status" -eq 0 ]; then
	echo "make interop: OK"
else
	echo "make interop: FAILED"
fi
exit "$status"
