#!/bin/sh
# tests/interop/sipp.sh - sipp (Debian package sip-tester) in a UA's seat against
# sipserver:
#   A: sipp_uac_auth.xml calls bob (a sipua answering with 660 Hz) with the 407 digest
#      dance, Record-Route, ACK and BYE along the route set;
#   B: sipp_register.xml registers bob with digest from port P, then sipp_uas.xml
#      answers on P the call a sipua (alice, 440 Hz) places through the server.
# The server's ladder must be the demo's call.  Skips (exit 0) without sipp.
. "${SIPLAB_ROOT:-.}/tests/interop/lib.sh"

if ! command -v sipp > /dev/null 2>&1; then
	echo "interop sipp: SKIPPED - sipp is not installed (apt-get install sip-tester)"
	exit 0
fi
X=$ROOT/tests/interop
CALL="A>S INVITE|S>A 407|A>S ACK|A>S INVITE|S>B INVITE|S>A 100|B>S 180|S>A 180|B>S 200|S>A 200|\
A>S ACK|S>B ACK|A>S BYE|S>B BYE|B>S 200|S>A 200"
REG_B="B>S REGISTER|S>B 401|B>S REGISTER|S>B 200"
REG_A="A>S REGISTER|S>A 401|A>S REGISTER|S>A 200"
users_file
echo "interop: sipp $(sipp -v 2>/dev/null | sed -n 's/.*SIPp \(v[0-9.]*\).*/\1/p' | head -n 1) against sipserver"

# Seat A.
start_sipserver s1 --users "$T/users.txt" --quiet || exit 1
bg b "$BIN/sipua" --user bob --password zanzibar --server "$SERVER" --answer --tone 660 --quiet
wait_for b "^sipua: waiting for a call" 10
bg sippa sipp "$SERVER" -sf "$X/sipp_uac_auth.xml" -s bob -au alice -ap wonderland -m 1 \
	-i 127.0.0.1 -p "$PORT_BASE" -mp $((PORT_BASE + 2)) -nostdin -timeout 30 -timeout_error
check "A: sipp's call with digest through sipserver (sipp exit status)" "$(wait_rc sippa 40)" 0
check "A: bob answered and hung up (exit status)" "$(wait_rc b 10)" 0
stop s1
check "A: the server's ladder" "$(ladder s1)" "$REG_B|$CALL"
[ "$FAILED" -gt 0 ] && { show s1 40; show b 10; show sippa 10; }

# Seat B.
start_sipserver s2 --users "$T/users.txt" --quiet || exit 1
P=$((PORT_BASE + 4))
bg sippreg sipp "$SERVER" -sf "$X/sipp_register.xml" -s bob -au bob -ap zanzibar -m 1 \
	-i 127.0.0.1 -p "$P" -nostdin -timeout 10 -timeout_error
check "B: sipp registered bob with digest (sipp exit status)" "$(wait_rc sippreg 15)" 0
bg sippb sipp -sf "$X/sipp_uas.xml" -m 1 -i 127.0.0.1 -p "$P" -mp $((PORT_BASE + 6)) \
	-nostdin -timeout 30 -timeout_error
nap; nap; nap  # sipp prints nothing when it is bound
bg a "$BIN/sipua" --user alice --password wonderland --server "$SERVER" --call bob \
	--tone 440 --duration 2 --quiet
check "B: alice's call to sipp (exit status)" "$(wait_rc a 30)" 0
check "B: sipp answered and saw the BYE (sipp exit status)" "$(wait_rc sippb 10)" 0
stop s2
check "B: the server's ladder" "$(ladder s2)" "$REG_B|$REG_A|$CALL"
[ "$FAILED" -gt 0 ] && { show s2 40; show a 10; show sippb 10; }
summary "interop sipp"
