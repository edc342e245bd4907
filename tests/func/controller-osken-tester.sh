# controller-osken-tester: os-ken's OpenFlow switch test tool
# (os_ken/tests/switch/tester.py, from Debian's python3-os-ken) checks a
# bridge as its "target switch" with the test files in
# tests/func/osken-tester/ (os-ken's JSON test format: flows, groups and
# meters to install, frames to send, frames or packet-ins to expect).  A
# second bridge is the "tester switch": it sends the frames into the target
# and reports what comes out.  Target port N is wired to tester port N by
# a veth pair (N = 1, 2, 3).  Both bridges speak OpenFlow 1.3 to the tool
# in secure fail mode; every test must end "OK".  The test files are
# written by tests/func/osken-tester/generate.py.
#
# For development: OSKEN_TESTER_DIR names another directory (or one file)
# of test files; OSKEN_TESTER_TARGET / OSKEN_TESTER_TESTER the OpenFlow
# versions of the two bridges (openflow13 or openflow14: the tool itself
# fails with a 1.5 target, which it asks for 1.3's meter config stats, and
# with a 1.5 tester, whose packet-outs it builds with 1.3's in_port);
# OSKEN_TESTER_VERBOSE=1 logs the frames sent and received.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
. "$srcdir/tests/func/controller-lib.bash"
require_ovsdb "OpenFlow controllers"
tester=/usr/lib/python3/dist-packages/os_ken/tests/switch/tester.py
[ -f "$tester" ] || skip "needs os-ken's switch tester ($tester)"
dir=${OSKEN_TESTER_DIR:-$srcdir/tests/func/osken-tester}
tgt_ver=${OSKEN_TESTER_TARGET:-openflow13}
tst_ver=${OSKEN_TESTER_TESTER:-openflow13}

# "openflow14" -> "OpenFlow14", as the Bridge's protocols column spells it.
bridge_protocol() {
    echo "OpenFlow${1#openflow}"
}

start_switch
br_add tgt
br_add tst
vsctl set Bridge "$tgt" other_config:datapath-id=0000000000000001 \
    protocols="$(bridge_protocol "$tgt_ver")" fail_mode=secure \
    -- set Bridge "$tst" other_config:datapath-id=0000000000000002 \
    protocols="$(bridge_protocol "$tst_ver")" fail_mode=secure
# The veths carry nothing but the tool's frames: with IPv6 on, the
# kernel would send router solicitations and MLD reports through them,
# which the target's flows count in the table statistics that the
# table-miss checks read.
for n in 1 2 3; do
    ip link add "${L2}g$n" type veth peer name "${L2}t$n"
    link_created "${L2}g$n"
    for dev in "${L2}g$n" "${L2}t$n"; do
        sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=1"
        ip link set "$dev" up
    done
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
    --test-switch-dir "$dir" \
    --test-switch-target-version "$tgt_ver" \
    --test-switch-tester-version "$tst_ver" \
    ${OSKEN_TESTER_VERBOSE:+--verbose} "$tester" > "$log" 2>&1
OSKEN_PID=$SPAWNED_PID
wait_until "ss -ltn | grep -q '127.0.0.1:$port '" 20
vsctl set-controller "$tgt" "tcp:127.0.0.1:$port" \
    -- set-controller "$tst" "tcp:127.0.0.1:$port"

# The tool runs every test, prints a report ending "OK(N) / ERROR(M)"
# and stops itself.  An exception in its test thread (a 1.3 meter
# instruction in a test file for a 1.5 target; with a 1.5 target any flow
# test, since the tool asks for 1.3's meter config stats class) leaves a
# traceback and no report, and the tool running.
wait_until "grep -q -E '^OK\([0-9]+\) / ERROR\([0-9]+\)|Traceback' '$log' \
            || ! process_alive $OSKEN_PID" 900
sed -n '/Test start/,$p' "$log"
summary=$(grep -E '^OK\([0-9]+\) / ERROR\([0-9]+\)' "$log") \
    || { tail -20 "$log"; fail "os-ken's tester stopped without a report"; }
n_ok=$(echo "$summary" | sed -E 's/^OK\(([0-9]+)\).*/\1/')
n_err=$(echo "$summary" | sed -E 's/.*ERROR\(([0-9]+)\)$/\1/')
if [ -d "$dir" ]; then
    n_files=$(ls "$dir"/*.json | wc -l)
else
    n_files=1
fi
if [ "$n_err" != 0 ]; then
    appctl dpctl/show || true
    appctl coverage/show || true
    fail "os-ken's tester: $summary"
fi
[ "$n_ok" -ge "$n_files" ] || fail "only $n_ok tests ran for $n_files files"
switch_alive
