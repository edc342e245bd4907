# of-timeouts: hard_timeout removes a flow after its time even while it is
# used; idle_timeout keeps a flow while traffic hits it (through the
# datapath's cached megaflows) and removes it once the traffic stops.

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

# Hard timeout: the drop flow goes after 2 s, and ping works again.
osw-ofctl add-flow "$br0" "priority=500,icmp,hard_timeout=2,actions=drop"
has_flow "hard_timeout=2" || fail "hard_timeout flow missing"
vm_no_ping a 10.1.0.2
wait_until "! has_flow hard_timeout=2" 6
vm_ping a 10.1.0.2 3

# Idle timeout: kept alive by a steady ping, removed after it stops.
osw-ofctl add-flow "$br0" "priority=500,icmp,idle_timeout=2,actions=NORMAL"
vm_exec a ping -q -c 20 -i 0.2 10.1.0.2 >/dev/null \
    || fail "ping through the idle_timeout flow failed"
has_flow "idle_timeout=2" || fail "idle flow expired while in use"
n=$(osw-ofctl dump-flows "$br0" | grep "idle_timeout=2" \
    | sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p')
[ "$n" -ge 20 ] || fail "idle flow n_packets=$n, want >= 20"
wait_until "! has_flow idle_timeout=2" 6
switch_alive
