#!/bin/sh
# tests/tools/demo.sh - `make demo`: the A -> server -> B call of DESIGN.md on loopback.
#
# Starts sipserver (registrar + proxy, users alice and bob with passwords), B
# (`sipua --answer --tone 660`) and A (`sipua --call bob --tone 440 --duration 3`),
# each on a free port, runs the call, then prints the server's ladder and both media
# summaries.  Exits 0 only if every message of the expected ladder passed the server
# in order and each side heard the other's tone (within 2 Hz, SNR >= 30 dB).
#
#   STEP=1      step mode: every program explains each message and waits for Enter
#               (one terminal: the line prefixes say who speaks; the UAs use TCP so
#               that no retransmission interrupts the steps)
#   DEMO_DIR=D  keep the programs' output in D (default: a temporary directory)
#   DEMO_PCAP=F also write the server's capture to F
#
# Needs only a POSIX shell, awk and the programs `make all` built.

set -u

BIN=${SIPLAB_BIN:-build/bin}
STEP=${STEP:-}
DURATION=3
EXPECTED="B>S REGISTER|S>B 401|B>S REGISTER|S>B 200|A>S REGISTER|S>A 401|A>S REGISTER|S>A 200|\
A>S INVITE|S>A 407|A>S ACK|A>S INVITE|S>B INVITE|S>A 100|B>S 180|S>A 180|B>S 200|S>A 200|\
A>S ACK|S>B ACK|A>S BYE|S>B BYE|B>S 200|S>A 200"

if [ -n "${DEMO_DIR:-}" ]; then
	T=$DEMO_DIR
	mkdir -p "$T" || exit 1
	KEEP=1
else
	T=$(mktemp -d "${TMPDIR:-/tmp}/siplab-demo.XXXXXX") || exit 1
	KEEP=
fi

fail() {
	echo "make demo: FAILED: $*"
	STATUS=1
}

# In step mode the pauses eat the media time and let retransmission timers fire:
# what must hold then is only that every message of the ladder passed, in order.
media_fail() {
	if [ -n "$STEP" ]; then
		echo "make demo: note (step mode pauses the media): $*"
	else
		fail "$@"
	fi
}

# Stops whatever is still running, removes the temporary directory.
cleanup() {
	for p in server A B; do
		if [ -f "$T/$p.pid" ] && [ ! -f "$T/$p.rc" ]; then
			kill -TERM "$(cat "$T/$p.pid")" 2>/dev/null
		fi
	done
	[ -z "$KEEP" ] && rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

nap() { sleep 0.1 2>/dev/null || sleep 1; }

# start NAME PREFIX PROGRAM ARGS...: runs PROGRAM in the background, its output
# prefixed on the terminal and kept in $T/NAME.out, its pid in NAME.pid, its exit
# status in NAME.rc when it ends.
start() {
	name=$1 prefix=$2
	shift 2
	: > "$T/$name.out"
	(
		"$@" < "$STEP_IN" 2>&1 &
		echo $! > "$T/$name.pid"
		wait $!
		echo $? > "$T/$name.rc"
	) | {
		inside=
		while IFS= read -r line; do
			printf '%s\n' "$line" >> "$T/$name.out"
			# The ladder is shown once, unprefixed, at the end.
			case $line in
			"==== ladder of call"*) inside=1 ;;
			"==== end of ladder"*) inside= ; continue ;;
			esac
			[ -z "$inside" ] && [ -n "$line" ] && printf '%-9s %s\n' "$prefix" "$line"
		done
	} &
}

# wait_for FILE PATTERN SECONDS: until a line of FILE matches, or fail.
wait_for() {
	n=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		n=$((n + 1))
		if [ "$n" -gt $(($3 * 10)) ]; then
			return 1
		fi
		nap
	done
	return 0
}

# wait_exit NAME SECONDS (0: forever)
wait_exit() {
	n=0
	while [ ! -s "$T/$1.rc" ]; do
		n=$((n + 1))
		if [ "$2" -gt 0 ] && [ "$n" -gt $(($2 * 10)) ]; then
			return 1
		fi
		nap
	done
	return 0
}

STATUS=0
# Step mode waits for Enter only on a terminal: give the programs this one.
STEP_IN=/dev/null
if [ -n "$STEP" ] && [ -t 0 ] && [ -r /dev/tty ]; then
	STEP_IN=/dev/tty
fi
for b in sipserver sipua; do
	if [ ! -x "$BIN/$b" ]; then
		echo "make demo: $BIN/$b is missing (run make all)"
		exit 2
	fi
done
printf 'alice:wonderland\nbob:zanzibar\n' > "$T/users.txt"

QUIET=--quiet
UA_EXTRA=
SERVER_EXTRA=
LIMIT=60
if [ -n "$STEP" ]; then
	QUIET=
	UA_EXTRA="--step --transport tcp"
	SERVER_EXTRA="--step --t1 60000"
	LIMIT=0
fi
if [ -n "${DEMO_PCAP:-}" ]; then
	SERVER_EXTRA="$SERVER_EXTRA --pcap $DEMO_PCAP"
fi

echo "== siplab demo: alice (A) calls bob (B) through sipserver, all on 127.0.0.1 =="
# shellcheck disable=SC2086
start server "[server]" "$BIN/sipserver" --listen 127.0.0.1:0 --users "$T/users.txt" \
	$QUIET $SERVER_EXTRA
if ! wait_for "$T/server.out" "listening on" 10; then
	echo "make demo: sipserver did not start:"
	cat "$T/server.out"
	exit 1
fi
SERVER=$(sed -n 's/^sipserver: listening on \([^ ]*\) .*/\1/p' "$T/server.out" | head -n 1)

# shellcheck disable=SC2086
start B "[B bob]" "$BIN/sipua" --user bob --password zanzibar --server "$SERVER" \
	--answer --tone 660 $QUIET $UA_EXTRA
if ! wait_for "$T/B.out" "^sipua: waiting for a call" $([ -n "$STEP" ] && echo 3600 || echo 10); then
	fail "bob did not register"
	cat "$T/B.out"
	exit 1
fi
# shellcheck disable=SC2086
start A "[A alice]" "$BIN/sipua" --user alice --password wonderland --server "$SERVER" \
	--call bob --tone 440 --duration "$DURATION" $QUIET $UA_EXTRA

wait_exit A "$LIMIT" || fail "alice did not finish within $LIMIT s"
wait_exit B 10 || fail "bob did not finish after alice"
kill -TERM "$(cat "$T/server.pid")" 2>/dev/null
wait_exit server 10 || fail "sipserver did not stop on SIGTERM"
wait

echo
echo "== the ladder the server drew =="
sed -n '/^==== ladder of call/,/^==== end of ladder/p' "$T/server.out"
echo "== media =="
for p in A B; do
	grep -E '^sipua: (summary|media):' "$T/$p.out" | sed "s/^/$p: /"
done
echo

# The ladder, read back row by row: "A>S INVITE", "S>B 180", ...
GOT=$(sed -n '/^==== ladder of call/,/^==== end of ladder/p' "$T/server.out" | awk '
	substr($0, 10, 1) == "|" && substr($0, 44, 1) == "|" && substr($0, 78, 1) == "|" {
		for (g = 0; g < 2; g++) {
			gap = substr($0, g == 0 ? 11 : 45, 33)
			left = substr(gap, 1, 1) == "<"; right = substr(gap, 33, 1) == ">"
			if (!left && !right) continue
			label = substr(gap, 5); sub(/[ -].*/, "", label)
			if (g == 0) dir = right ? "A>S" : "S>A"; else dir = right ? "S>B" : "B>S"
			printf "%s%s %s", (n++ ? "|" : ""), dir, label
		}
	}')
# Is every row of $1 in $2, in order?
in_order() {
	awk -v want="$1" -v got="$2" 'BEGIN {
		nw = split(want, w, "|"); ng = split(got, g, "|"); j = 1
		for (i = 1; i <= ng && j <= nw; i++) if (g[i] == w[j]) j++
		exit j > nw ? 0 : 1
	}'
}
if [ "$GOT" = "$EXPECTED" ]; then
	echo "ok: the ladder is the expected one (24 messages)"
elif [ -n "$STEP" ] && in_order "$EXPECTED" "$GOT"; then
	echo "ok: every message of the expected ladder passed, in order (with retransmissions)"
else
	fail "the ladder differs from the expected one"
	echo "expected: $EXPECTED"
	echo "got:      $GOT"
fi

# check_tone WHO FILE HZ: the received audio is HZ within 2 Hz with SNR >= 30 dB.
check_tone() {
	line=$(grep '^sipua: media:' "$2")
	if echo "$line" | awk -v want="$3" '{
		f = ""; s = ""
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^rx-freq=/) { f = substr($i, 9); sub(/Hz$/, "", f) }
			if ($i ~ /^snr=/) { s = substr($i, 5); sub(/dB$/, "", s) }
		}
		ok = f != "" && f != "-" && s != "" && s != "-" && f - want <= 2 && want - f <= 2 && s + 0 >= 30
		exit ok ? 0 : 1
	}'; then
		echo "ok: $1 heard $3 Hz ($line)"
	else
		media_fail "$1 did not hear $3 Hz clearly: ${line:-no media line}"
	fi
}
check_tone "alice" "$T/A.out" 660
check_tone "bob" "$T/B.out" 440

for p in A B server; do
	rc=$(cat "$T/$p.rc" 2>/dev/null)
	if [ "$rc" != 0 ] && [ -n "$STEP" ] && [ "$p" != server ] && [ -n "$rc" ]; then
		media_fail "$p exited with status $rc"
		grep -v '^sipua: \(summary\|media\)' "$T/$p.out" | tail -n 2
	elif [ "$rc" != 0 ]; then
		fail "$p exited with status ${rc:-?}"
		grep -v '^sipua: \(summary\|media\)' "$T/$p.out" | tail -n 5
	fi
done

if [ "$STATUS" -eq 0 ] && [ -n "$STEP" ]; then
	echo "make demo: OK (step mode) - registered, called, hung up, unregistered"
elif [ "$STATUS" -eq 0 ]; then
	echo "make demo: OK - registered, called, talked, hung up, unregistered"
fi
exit "$STATUS"
