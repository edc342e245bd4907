# netdev-lib.bash: shared setup for the netdev functional tests.
#
# netdev_two_vms: two namespaces $a and $b ("VMs"), each on a veth pair
# whose outer end ($va, $vb) stays in the test's namespace for
# oswtest-netdev to forward between: $a has 10.55.0.1/24 on $pa, $b has
# 10.55.0.2/24 on $pb.

require_netns
require_program oswtest-netdev

netdev_two_vms() {
    netns_add a
    netns_add b
    va=nd$$a; pa=nd$$pa
    vb=nd$$b; pb=nd$$pb
    veth_add "$va" "" "$pa" "$a"
    veth_add "$vb" "" "$pb" "$b"
    ip -n "$a" addr add 10.55.0.1/24 dev "$pa"
    ip -n "$b" addr add 10.55.0.2/24 dev "$pb"
}

# start_forward [--threads] DEV DEV: runs oswtest-netdev forward in the
# background until it is ready; its PID is in $FWD_PID, its output in
# $TESTDIR/forward.out.
start_forward() {
    spawn oswtest-netdev forward "$@" > "$TESTDIR/forward.out" \
        2> "$TESTDIR/forward.err"
    FWD_PID=$SPAWNED_PID
    wait_until "grep -q ready $TESTDIR/forward.out"
}

# stop_forward: stops the forwarder started last and shows its counters.
stop_forward() {
    kill -TERM "$FWD_PID"
    wait "$FWD_PID" || :
    forget_pid "$FWD_PID"
    cat "$TESTDIR/forward.out" "$TESTDIR/forward.err" >&2
}

# iperf_check NS_CLIENT NS_SERVER SERVER_IP MIN_GBPS [IPERF_ARGS...]: runs
# a 3-second iperf3 TCP test with default offloads and checks the rate and
# that retransmissions stay rare (a ring that overflows under 64 kB GSO
# bursts costs tens of thousands per second).
iperf_check() {
    local cns=$1 sns=$2 ip=$3 min=$4 json
    shift 4
    spawn ip netns exec "$sns" iperf3 -s -1 -p 5201
    local spid=$SPAWNED_PID
    wait_until "ip netns exec $sns ss -ltn | grep -q :5201"
    json=$TESTDIR/iperf-$RANDOM.json
    ip netns exec "$cns" iperf3 -c "$ip" -p 5201 -t 3 -J "$@" > "$json" \
        || fail "iperf3 failed: $(cat "$json")"
    wait "$spid" || :
    forget_pid "$spid"
    python3 - "$json" "$min" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
end = d["end"]
gbps = end["sum_received"]["bits_per_second"] / 1e9
sent = end["sum_sent"]
retr = sent.get("retransmits", 0)
segs = sent["bytes"] / 1448
print("iperf3: %.2f Gbit/s, %d retransmits (%.3f%% of segments)"
      % (gbps, retr, 100.0 * retr / segs), file=sys.stderr)
if gbps < float(sys.argv[2]):
    sys.exit("throughput %.2f Gbit/s below %s" % (gbps, sys.argv[2]))
if retr > 0.02 * segs:
    sys.exit("retransmission storm: %d" % retr)
PY
}
