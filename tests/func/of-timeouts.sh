# of-timeouts: hard_timeout removes a flow after its time even while it is
# used; idle_timeout keeps a flow while traffic hits it (through the
# datapath's cached megaflows) and removes it once the traffic stops.
# Both removals reach a controller ("osw-ofctl monitor") as flow-removed
# messages with the right reason and the flow's final packet count.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

require_program osw-ofctl

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24
vm_ready a 10.1.0.2

has_flow() {
    osw-ofctl dump-flows "$br0" | grep -q -- "$1"
}

# A controller that sees the flow-removed messages.  The monitor connects
# in the background: a probe flow is added and deleted until its removal
# shows, so the monitor is surely listening before the real checks.  (A
# miss_send_len, as with Open vSwitch: a service connection gets no
# asynchronous messages without one.)
mon=$TESTDIR/monitor.out
spawn sh -c "exec osw-ofctl monitor $br0 65534 > $mon 2> $mon.err"
wait_until "osw-ofctl add-flow $br0 'priority=7,arp,arp_tpa=10.9.9.9,\
send_flow_rem,actions=drop' && osw-ofctl del-flows $br0 \
'arp,arp_tpa=10.9.9.9' && grep -q 'reason=delete' $mon" 10 \
    || { cat "$mon" "$mon.err" >&2; fail "monitor not listening"; }

# flow_removed REASON: the monitor's flow-removed line for the ICMP flow
# with that reason.
flow_removed() {
    grep "^OFPT_FLOW_REMOVED.*priority=500,icmp reason=$1 " "$mon"
}

# Hard timeout: the drop flow goes after 2 s, and ping works again.
osw-ofctl add-flow "$br0" \
    "priority=500,icmp,hard_timeout=2,send_flow_rem,actions=drop"
has_flow "hard_timeout=2" || fail "hard_timeout flow missing"
vm_no_ping a 10.1.0.2
wait_until "! has_flow hard_timeout=2" 6
wait_until "flow_removed hard" 5 \
    || { cat "$mon" >&2; fail "no flow-removed for the hard timeout"; }
# The three dropped pings, exactly.
flow_removed hard | grep -q " pkts3 " \
    || { cat "$mon" >&2; fail "hard: flow-removed packet count"; }
vm_ping a 10.1.0.2 3

# Idle timeout: kept alive by a steady ping, removed after it stops.
osw-ofctl add-flow "$br0" \
    "priority=500,icmp,idle_timeout=2,send_flow_rem,actions=NORMAL"
vm_exec a ping -q -c 20 -i 0.2 10.1.0.2 >/dev/null \
    || fail "ping through the idle_timeout flow failed"
has_flow "idle_timeout=2" || fail "idle flow expired while in use"
n=$(osw-ofctl dump-flows "$br0" | grep "idle_timeout=2" \
    | sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p')
[ "$n" -ge 20 ] || fail "idle flow n_packets=$n, want >= 20"
flow_removed idle && fail "idle flow-removed while the flow was in use"
wait_until "! has_flow idle_timeout=2" 6
wait_until "flow_removed idle" 5 \
    || { cat "$mon" >&2; fail "no flow-removed for the idle timeout"; }
m=$(flow_removed idle | sed -n 's/.* idle2 pkts\([0-9]*\) .*/\1/p')
[ "$m" = "$n" ] \
    || { cat "$mon" >&2; fail "idle: flow-removed pkts=$m, want $n"; }
vm_ping a 10.1.0.2 3
switch_alive
