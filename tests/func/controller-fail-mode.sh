# controller-fail-mode: what the bridge does when its controller goes
# away.  standalone (the default): once no controller has been connected
# for a while (3 inactivity probes), the bridge "fails open" and acts as
# a learning switch (MACs are learned again) through a hidden flow that
# dump-flows does not show; when the controller comes back the hidden
# flow goes and learning stops.  secure: the controller's flows stay, the
# bridge never learns on its own, and a bridge without any controller
# has an empty flow table.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
. "$srcdir/tests/func/controller-lib.bash"
require_ovsdb "OpenFlow controllers"

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24
port=$(free_tcp_port)

start_osken "$port"
vsctl set-controller "$br0" "tcp:127.0.0.1:$port" -- \
    set Controller "$br0" inactivity_probe=5000 max_backoff=1000
wait_connected "$br0"
vm_ready a 10.1.0.2
vm_ping a 10.1.0.2 3
appctl fdb/flush "$br0"
vm_ping a 10.1.0.2 3
check_output "" fdb_port "$br0" "$(vm_mac a)"

# Standalone: the controller dies; after 3 probe intervals the bridge
# learns MACs again (NORMAL), without showing a flow for it.
stop_osken
wait_disconnected "$br0"
wait_until "vm_exec a ping -c1 -W1 10.1.0.2 >/dev/null; \
    [ -n \"\$(fdb_port $br0 $(vm_mac a))\" ]" 60
ofctl dump-flows "$br0" | grep -q 'NORMAL' \
    && fail "the fail-open flow is visible: $(ofctl dump-flows "$br0")"
vm_ping b 10.1.0.1 3

# The controller comes back: no more learning.
start_osken "$port"
wait_connected "$br0"
sleep 2
appctl fdb/flush "$br0"
vm_ping a 10.1.0.2 3
vm_ping b 10.1.0.1 3
check_output "" fdb_port "$br0" "$(vm_mac a)"
check_output "" fdb_port "$br0" "$(vm_mac b)"

# Secure: the controller dies again; its flows keep forwarding, and
# nothing is learned however long we wait.
vsctl set-fail-mode "$br0" secure
check_output secure vsctl get-fail-mode "$br0"
stop_osken
wait_disconnected "$br0"
sleep 20
vm_ping a 10.1.0.2 3
check_output "" fdb_port "$br0" "$(vm_mac a)"
ofctl dump-flows "$br0" | grep -q 'priority=1,in_port=' \
    || fail "secure mode lost the controller's flows"

# Secure without any controller: an empty table, nothing passes.
vsctl del-controller "$br0"
no_flows() {
    ! ofctl dump-flows "$br0" | grep -q 'priority='
}
wait_until no_flows
vm_no_ping a 10.1.0.2
check_output "" fdb_port "$br0" "$(vm_mac a)"
# Back to standalone: the learning switch returns.
vsctl del-fail-mode "$br0"
vm_ready a 10.1.0.2
switch_alive
