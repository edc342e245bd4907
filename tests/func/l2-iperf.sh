# l2-iperf: one TCP stream (iperf3) between two VMs with their default
# offloads (TSO, checksum offload) completes and goes faster than
# 1 Gbit/s.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
require_program iperf3
require_program python3

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24
vm_ready a 10.1.0.2

vm_exec b iperf3 -s -1 -B 10.1.0.2 > "$TESTDIR/iperf-server.log" 2>&1 &
server=$!
_osw_pids+=("$server")
wait_until "vm_exec b ss -ltn | grep -q ':5201'"
vm_exec a timeout 25 iperf3 -J -c 10.1.0.2 -t 3 > "$TESTDIR/iperf.json" \
    || fail "iperf3 client failed: $(tail -5 "$TESTDIR/iperf.json")"
bps=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(int(d["end"]["sum_received"]["bits_per_second"]))' "$TESTDIR/iperf.json")
retr=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d["end"]["sum_sent"].get("retransmits", 0))' "$TESTDIR/iperf.json")
echo "TCP throughput: $((bps / 1000000)) Mbit/s, $retr retransmissions"
[ "$bps" -gt 1000000000 ] || fail "only $((bps / 1000000)) Mbit/s"
switch_alive
