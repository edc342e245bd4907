# controller-osken-tester: os-ken's OpenFlow switch test tool
# (os_ken/tests/switch/tester.py, from Debian's python3-os-ken) checks a
# bridge as its "target switch" with the test files in
# tests/func/osken-tester/ (os-ken's JSON test format: flows, groups and
# meters to install, frames to send, frames or packet-ins to expect).  A
# second bridge is the "tester switch": it sends the frames into the target
# and reports what comes out.  Target port N is wired to tester port N by
# a veth pair (N = 1, 2, 3).  Both bridges speak OpenFlow 1.3 to the tool
# in secure fail mode; every test must end "OK".

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
. "$srcdir/tests/func/controller-lib.bash"
require_ovsdb "OpenFlow controllers"
tester=/usr/lib/python3/dist-packages/os_ken/tests/switch/tester.py
[ -f "$tester" ] || skip "needs os-ken's switch tester ($tester)"

start_switch
br_add tgt
br_add tst
vsctl set Bridge "$tgt" other_config:datapath-id=0000000000000001 \
    protocols=OpenFlow13 fail_mode=secure \
    -- set Bridge "$tst" other_config:datapath-id=0000000000000002 \
    protocols=OpenFlow13 fail_mode=secure
for n in 1 2 3; do
    veth_add "${L2}g$n" "" "${L2}t$n" ""
    vsctl add-port "$tgt" "${L2}g$n" -- set Interface "${L2}g$n" \
        ofport_request=$n \
        -- add-port "$tst" "${L2}t$n" -- set Interface "${L2}t$n" \
        ofport_request=$n
done

port=$(free_tcp_port)
log=$TESTDIR/tester.log
spawn osken-manager --ofp-listen-host 127.0.0.1 --ofp-tcp-listen-port "$port" \
    --test-switch-target 0000000000000001 \
    --test-switch-tester 0000000000000002 \
    --test-switch-dir "$srcdir/tests/func/osken-tester" \
    "$tester" > "$log" 2>&1
OSKEN_PID=$SPAWNED_PID
wait_until "ss -ltn | grep -q '127.0.0.1:$port '" 20
vsctl set-controller "$tgt" "tcp:127.0.0.1:$port" \
    -- set-controller "$tst" "tcp:127.0.0.1:$port"

# The tool runs every test, prints a report ending "OK(N) / ERROR(M)"
# and stops itself.
wait_until "grep -q -E '^OK\([0-9]+\) / ERROR\([0-9]+\)' '$log'" 900
sed -n '/Test start/,$p' "$log"
summary=$(grep -E '^OK\([0-9]+\) / ERROR\([0-9]+\)' "$log")
n_ok=$(echo "$summary" | sed -E 's/^OK\(([0-9]+)\).*/\1/')
n_err=$(echo "$summary" | sed -E 's/.*ERROR\(([0-9]+)\)$/\1/')
n_files=$(ls "$srcdir"/tests/func/osken-tester/*.json | wc -l)
[ "$n_err" = 0 ] || fail "os-ken's tester: $summary"
[ "$n_ok" -ge "$n_files" ] || fail "only $n_ok tests ran for $n_files files"
switch_alive
