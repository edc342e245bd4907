# l2-mac-move: a MAC address moves from one port to another (a VM
# migrated): the bridge learns it on the new port at the first frame
# from there, and traffic to it follows.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24
vm_add c "$br0" 10.1.0.3/24

vm_ready a 10.1.0.2
vm_ping b 10.1.0.1
check_output "$(vm_port a)" fdb_port "$br0" "$(vm_mac a)"

# "Migrate" a: its address and MAC now belong to c, and a is silent.
vm_exec a ip addr flush dev eth0
vm_exec a ip link set eth0 address 02:12:00:00:00:ee
vm_exec c ip addr flush dev eth0
vm_exec c ip link set eth0 address "$(vm_mac a)"
vm_exec c ip addr add 10.1.0.1/24 dev eth0
# A broadcast from c announces the move, as a hypervisor's gratuitous
# ARP would.
moved() {
    pkt_send c --count 1
    [ "$(fdb_port "$br0" "$(vm_mac a)")" = "$(vm_port c)" ]
}
wait_until moved 5

# Unicast to the moved MAC goes to c's port now, not a's.
pkt_recv a "$TESTDIR/a.out" --count 1 --timeout 2000 \
    --match "dst=$(vm_mac a)"
old=$RECV_PID
vm_ping b 10.1.0.1 5
if pkt_wait "$old"; then
    fail "a frame for the moved MAC still went to its old port"
fi
check_output "$(vm_port c)" fdb_port "$br0" "$(vm_mac a)"
switch_alive
