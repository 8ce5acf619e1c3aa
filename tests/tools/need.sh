#!/bin/sh
# need.sh WHAT - make sure a tool the test targets use is here.
#
# When it is missing and we run as root on a machine with apt-get, install it (this is
# what a fresh Debian machine or CI needs).  Otherwise print the one command to run and
# fail.  SIPLAB_NO_INSTALL=1 forbids installing.
set -u
what=$1

case $what in
cunit)    pkg=libcunit1-dev ;;
valgrind) pkg=valgrind ;;
lcov)     pkg=lcov ;;
*) echo "need.sh: unknown tool '$what'" >&2; exit 2 ;;
esac

have() {
	case $what in
	cunit)
		printf '#include <CUnit/CUnit.h>\nint main(void){return CU_initialize_registry();}\n' |
			${CC:-cc} -x c - -o /dev/null -lcunit >/dev/null 2>&1 ;;
	valgrind) command -v valgrind >/dev/null 2>&1 ;;
	lcov)     command -v lcov >/dev/null 2>&1 && command -v genhtml >/dev/null 2>&1 ;;
	esac
}

have && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ -z "${SIPLAB_NO_INSTALL:-}" ]; then
	echo "siplab: $what is missing; installing it (apt-get install -y $pkg)"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null && apt-get install -y -qq "$pkg" >/dev/null
	have && exit 0
	echo "siplab: installing $pkg did not make $what usable" >&2
	exit 1
fi
echo "siplab: $what is missing. Install it with: sudo apt-get install -y $pkg" >&2
exit 1
