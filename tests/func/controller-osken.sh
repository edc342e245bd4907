# controller-osken: os-ken (controller-switch13.py, a simple_switch_13
# equivalent) runs a bridge over tcp: the switch connects (osw-vsctl show
# says is_connected: true, with the connection's status), hosts in two
# namespaces reach each other through the flows the controller installs
# (packet-in, packet-out, flow_mod), and those flows count the traffic.

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
vsctl set-controller "$br0" "tcp:127.0.0.1:$port"
wait_connected "$br0"
check_output "tcp:127.0.0.1:$port" vsctl get-controller "$br0"
status=$(vsctl --bare --columns=status list Controller)
echo "$status" | grep -q 'state=ACTIVE' || fail "controller status: $status"
echo "$status" | grep -q 'sec_since_connect=' \
    || fail "no sec_since_connect: $status"
check_output other vsctl --bare --columns=role list Controller

# The controller's table-miss flow replaced the NORMAL flow.
wait_until "ofctl dump-flows $br0 | grep -q 'actions=CONTROLLER:65535'"
ofctl dump-flows "$br0" | grep -q 'actions=NORMAL' \
    && fail "NORMAL flow still there: $(ofctl dump-flows "$br0")"

vm_ready a 10.1.0.2
vm_ping a 10.1.0.2 5
vm_ping b 10.1.0.1 5

# The learned flows carry the pings.
flows=$(ofctl dump-flows "$br0")
echo "$flows" | grep "priority=1,in_port=" | grep -q "dl_dst=$(vm_mac b)" \
    || fail "no flow to b: $flows"
echo "$flows" | grep "dl_dst=$(vm_mac b)" | grep -qv "n_packets=0," \
    || fail "flow to b counted nothing: $flows"

# Removing the controller brings back the learning switch.
vsctl del-controller "$br0"
wait_until "ofctl dump-flows $br0 | grep -q 'priority=0 actions=NORMAL'"
ofctl dump-flows "$br0" | grep -q CONTROLLER \
    && fail "controller flows survived del-controller"
vm_ping a 10.1.0.2 3
switch_alive
