#!/bin/sh
# tests/interop/interop_sipua_baresip.sh - baresip (Debian package baresip) as the
# other user agent of the demo call, both ways, through sipserver:
#   1. baresip is bob: registers with digest and answers (answermode=auto) with a
#      660 Hz sine; a sipua (alice, 440 Hz) calls it, hangs up after 3 s, and must
#      have heard 660 Hz (within 2 Hz, SNR >= 30 dB);
#   2. baresip is alice: calls a sipua (bob, 660 Hz) through the server with the 407
#      dance, talks 5 s and hangs up (baresip -t); the sipua must have heard 440 Hz;
#   3. as 1, with the sipua on TCP and baresip on UDP: the proxy bridges transports.
# baresip's decoded audio is kept by its sndfile module; it must hold more than a
# second.  Skips (exit 0) when baresip is not installed.
. "${SIPLAB_ROOT:-.}/tests/interop/lib.sh"

if ! command -v baresip > /dev/null 2>&1 || [ ! -d /usr/lib/baresip/modules ]; then
	echo "interop baresip: SKIPPED - baresip is not installed (apt-get install baresip-core)"
	exit 0
fi
X=$ROOT/tests/interop
users_file
echo "interop: $(baresip -h 2>&1 | sed -n 's/^\(baresip v[0-9.]*\).*/\1/p' | head -n 1) against sipua and sipserver"

# baresip_dir NAME PORT TONE ACCOUNT: a configuration directory $T/NAME.
baresip_dir() {
	d=$T/$1
	mkdir -p "$d"
	sed -e "s|@PORT@|$2|" -e "s|@RTP_LO@|$(($2 + 2))|" -e "s|@RTP_HI@|$(($2 + 8))|" \
		-e "s|@TONE@|$3|" -e "s|@DIR@|$d|" "$X/interop_sipua_baresip.conf" > "$d/config"
	echo "$4" > "$d/accounts"
	: > "$d/contacts"
}

# heard_by_baresip NAME: its decoded audio (8 kHz 16-bit WAV) lasts more than 1 s.
heard_by_baresip() {
	f=$(ls "$T/$1"/dump-*-dec.wav 2>/dev/null | head -n 1)
	[ -n "$f" ] && [ "$(wc -c < "$f")" -gt 16044 ] && echo yes || echo no
}

# 1 and 3: baresip answers.  $1: the sipua's transport.
baresip_answers() {
	proto=$1 port=$2
	start_sipserver "srv$proto" --users "$T/users.txt" --quiet || exit 1
	baresip_dir "bob$proto" "$port" 660 \
		"<sip:bob@$SERVER>;auth_pass=zanzibar;answermode=auto;regint=60"
	bg "bob$proto" baresip -f "$T/bob$proto" -t 15
	if ! wait_for "bob$proto" "200 OK" 10; then
		check "$proto: baresip registered at sipserver" no yes
		show "bob$proto" 20
		return
	fi
	bg "alice$proto" "$BIN/sipua" --user alice --password wonderland --server "$SERVER" \
		--transport "$proto" --call bob --tone 440 --duration 3 --quiet
	check "$proto: sipua called baresip (exit status)" "$(wait_rc "alice$proto" 30)" 0
	check "$proto: sipua heard baresip's 660 Hz" "$(heard "alice$proto" 660)" yes
	check "$proto: baresip established the call" \
		"$(grep -c "Call established" "$T/bob$proto.out")" 1
	check "$proto: baresip saw the BYE" "$(grep -c "terminated" "$T/bob$proto.out")" 1
	check "$proto: baresip decoded the sipua's audio" "$(heard_by_baresip "bob$proto")" yes
	stop "bob$proto"
	stop "srv$proto"
	l=$(ladder "srv$proto")
	case $l in
	*"A>S INVITE|S>A 407|A>S ACK|A>S INVITE|S>B INVITE|"*"B>S 200|S>A 200|A>S ACK|S>B ACK|A>S BYE|S>B BYE|B>S 200|S>A 200")
		check "$proto: the server's ladder of the call" ok ok ;;
	*)	check "$proto: the server's ladder of the call" "$l" "...INVITE 407 ACK INVITE ... BYE 200" ;;
	esac
	[ "$FAILED" -gt 0 ] && { show "alice$proto" 30; show "bob$proto" 30; }
}

# 2: baresip calls.
baresip_calls() {
	start_sipserver srv2 --users "$T/users.txt" --quiet || exit 1
	bg bob2 "$BIN/sipua" --user bob --password zanzibar --server "$SERVER" --answer \
		--tone 660 --quiet
	wait_for bob2 "^sipua: waiting for a call" 10 || { show bob2 20; return; }
	baresip_dir alice2 "$((PORT_BASE + 20))" 440 \
		"<sip:alice@$SERVER>;auth_pass=wonderland;regint=0"
	bg alice2 baresip -f "$T/alice2" -t 6 -e "/dial sip:bob@$SERVER"
	check "baresip caller: the sipua answered, heard the BYE (exit status)" "$(wait_rc bob2 30)" 0
	check "baresip caller: the sipua heard baresip's 440 Hz" "$(heard bob2 440)" yes
	check "baresip caller: baresip established the call" \
		"$(grep -c "Call established" "$T/alice2.out")" 1
	check "baresip caller: baresip decoded the sipua's audio" "$(heard_by_baresip alice2)" yes
	wait_rc alice2 15 > /dev/null
	stop srv2
	[ "$FAILED" -gt 0 ] && { show bob2 30; show alice2 30; }
}

baresip_answers udp "$PORT_BASE"
baresip_calls
baresip_answers tcp "$((PORT_BASE + 40))"
summary "interop baresip"
