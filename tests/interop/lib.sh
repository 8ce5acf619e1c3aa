# tests/interop/lib.sh - helpers the interop scripts source (POSIX sh).
#
# Every program runs in the background with its output in $T/NAME.out, its pid in
# $T/NAME.pid and its exit status in $T/NAME.rc; waits are bounded; everything still
# running is killed on exit.  Ports: ours bind port 0 and print it; a third-party peer
# gets a port derived from our pid (PORT_BASE), different per script run.

BIN=${SIPLAB_BIN:-build/bin}
ROOT=${SIPLAB_ROOT:-.}
T=$(mktemp -d "${TMPDIR:-/tmp}/siplab-interop.XXXXXX") || exit 1
PORT_BASE=$((20000 + ($$ % 2000) * 10))
FAILED=0
PASSED=0

cleanup() {
	for f in "$T"/*.pid; do
		[ -f "$f" ] || continue
		n=${f%.pid}
		[ -f "$n.rc" ] || kill -TERM "$(cat "$f")" 2>/dev/null
	done
	sleep 0.2 2>/dev/null
	for f in "$T"/*.pid; do
		[ -f "$f" ] || continue
		n=${f%.pid}
		[ -f "$n.rc" ] || kill -KILL "$(cat "$f")" 2>/dev/null
	done
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

nap() { sleep 0.1 2>/dev/null || sleep 1; }

# bg NAME PROGRAM ARGS...
bg() {
	name=$1
	shift
	rm -f "$T/$name.rc"
	( "$@" > "$T/$name.out" 2>&1 < /dev/null & echo $! > "$T/$name.pid"; wait $!; echo $? > "$T/$name.rc" ) &
	while [ ! -s "$T/$name.pid" ]; do nap; done
}

# wait_for NAME PATTERN SECONDS
wait_for() {
	n=0
	while ! grep -q "$2" "$T/$1.out" 2>/dev/null; do
		n=$((n + 1))
		[ "$n" -gt $(($3 * 10)) ] && return 1
		[ -s "$T/$1.rc" ] && ! grep -q "$2" "$T/$1.out" && return 1
		nap
	done
	return 0
}

# wait_rc NAME SECONDS: prints the exit status (or "timeout")
wait_rc() {
	n=0
	while [ ! -s "$T/$1.rc" ]; do
		n=$((n + 1))
		if [ "$n" -gt $(($2 * 10)) ]; then
			kill -KILL "$(cat "$T/$1.pid")" 2>/dev/null
			echo timeout
			return
		fi
		nap
	done
	cat "$T/$1.rc"
}

stop() {
	kill -TERM "$(cat "$T/$1.pid")" 2>/dev/null
	wait_rc "$1" 10 > /dev/null
}

check() {
	if [ "$2" = "$3" ]; then
		echo "  ok   $1"
		PASSED=$((PASSED + 1))
	else
		echo "  FAIL $1: expected $3, got $2"
		FAILED=$((FAILED + 1))
	fi
}

show() {
	echo "  ---- $1"
	sed 's/^/  | /' "$T/$1.out" | tail -n "${2:-40}"
}

# The server's ladder read back: "A>S INVITE|S>A 407|..."
ladder() {
	sed -n '/^==== ladder of call/,/^==== end of ladder/p' "$T/$1.out" | awk '
	substr($0, 10, 1) == "|" && substr($0, 44, 1) == "|" && substr($0, 78, 1) == "|" {
		for (g = 0; g < 2; g++) {
			gap = substr($0, g == 0 ? 11 : 45, 33)
			left = substr(gap, 1, 1) == "<"; right = substr(gap, 33, 1) == ">"
			if (!left && !right) continue
			label = substr(gap, 5); sub(/[ -].*/, "", label)
			if (g == 0) dir = right ? "A>S" : "S>A"; else dir = right ? "S>B" : "B>S"
			printf "%s%s %s", (n++ ? "|" : ""), dir, label
		}
	}'
}

# heard NAME HZ: the sipua's media line shows HZ within 2 Hz and SNR >= 30 dB.
heard() {
	grep '^sipua: media:' "$T/$1.out" | awk -v want="$2" '{
		f = ""; s = ""
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^rx-freq=/) { f = substr($i, 9); sub(/Hz$/, "", f) }
			if ($i ~ /^snr=/) { s = substr($i, 5); sub(/dB$/, "", s) }
		}
		ok = f != "" && f != "-" && f - want <= 2 && want - f <= 2 && s + 0 >= 30
		print ok ? "yes" : "no"
	}'
}

users_file() {
	printf 'alice:wonderland\nbob:zanzibar\n' > "$T/users.txt"
}

# start_sipserver NAME ARGS...: on a free port; sets SERVER=127.0.0.1:PORT
start_sipserver() {
	name=$1
	shift
	bg "$name" "$BIN/sipserver" --listen 127.0.0.1:0 "$@"
	wait_for "$name" "listening on" 10 || { show "$name"; return 1; }
	SERVER=$(sed -n 's/^sipserver: listening on \([^ ]*\) .*/\1/p' "$T/$name.out" | head -n 1)
}

summary() {
	echo "$1: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
