#!/bin/sh
# tests/interop/kamailio.sh - Kamailio (Debian package kamailio) in the server's seat:
# two sipua, bob answering with 660 Hz and alice calling with 440 Hz, register at
# Kamailio (tests/interop/kamailio.cfg: usrloc + registrar, no authentication), call
# through it over UDP and then TCP, talk, hang up, unregister.  Skips (exit 0) when
# kamailio is not installed.
. "${SIPLAB_ROOT:-.}/tests/interop/lib.sh"

if ! command -v kamailio > /dev/null 2>&1; then
	echo "interop kamailio: SKIPPED - kamailio is not installed (apt-get install kamailio)"
	exit 0
fi
MODS=$(dirname "$(find /usr/lib -name tm.so -path '*kamailio/modules*' 2>/dev/null | head -n 1)")

call_through_kamailio() {
	proto=$1 port=$2
	bg "kam$proto" kamailio -f "$ROOT/tests/interop/kamailio.cfg" -L "$MODS" \
		-l "udp:127.0.0.1:$port" -l "tcp:127.0.0.1:$port" -DD -E -n 1 -Y "$T" -P "$T/kam$proto.pidfile"
	if ! wait_for "kam$proto" "INFO: <core> \[core/tcp_main.c\|probe_max_receive_buffer" 10; then
		show "kam$proto" 20
		check "kamailio starts on port $port" no yes
		return
	fi
	# Kamailio says nothing when its TCP listener is up: bob retries his registration.
	tries=0
	while [ "$tries" -lt 20 ]; do
		bg b "$BIN/sipua" --user bob --password zanzibar --server "127.0.0.1:$port" \
			--transport "$proto" --answer --tone 660 --quiet
		wait_for b "^sipua: waiting for a call" 10 && break
		wait_rc b 5 > /dev/null
		tries=$((tries + 1))
		nap
	done
	bg a "$BIN/sipua" --user alice --password wonderland --server "127.0.0.1:$port" \
		--transport "$proto" --call bob --tone 440 --duration 2 --quiet
	check "$proto: alice's call through Kamailio (exit status)" "$(wait_rc a 30)" 0
	check "$proto: bob answered and hung up (exit status)" "$(wait_rc b 10)" 0
	check "$proto: alice heard bob's 660 Hz" "$(heard a 660)" yes
	check "$proto: bob heard alice's 440 Hz" "$(heard b 440)" yes
	[ "$FAILED" -gt 0 ] && { show a 15; show b 15; }
	stop "kam$proto"
	for m in INVITE ACK BYE; do
		check "$proto: Kamailio routed alice's $m" \
			"$(grep -c "kamailio: $m sip:bob@" "$T/kam$proto.out" | awk '{print ($1 > 0) ? "yes" : "no"}')" yes
	done
}

echo "interop: two sipua through Kamailio $(kamailio -v 2>/dev/null | sed -n 's/^version: kamailio \([^ ]*\).*/\1/p')"
[ -z "${ONLY_TCP:-}" ] && call_through_kamailio udp "$PORT_BASE"
call_through_kamailio tcp $((PORT_BASE + 1))
summary "interop kamailio"
