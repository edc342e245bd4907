# of-barrier: osw-ofctl add-flow waits for the barrier reply; the very
# next packet after it must follow the new flow even though the previous
# pings left cached megaflows behind (osw revalidates before answering).

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

require_program osw-ofctl

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24
vm_ready a 10.1.0.2

for round in 1 2 3 4 5; do
    # Warm the caches.
    vm_ping a 10.1.0.2 3

    osw-ofctl add-flow "$br0" "priority=500,icmp,actions=drop"
    if vm_exec a ping -q -c 1 -W 1 10.1.0.2 >/dev/null; then
        fail "round $round: the ping right after the barrier got through"
    fi

    osw-ofctl del-flows "$br0" "icmp"
    vm_exec a ping -q -c 1 -W 2 10.1.0.2 >/dev/null \
        || fail "round $round: the ping right after the delete was dropped"
done
switch_alive
