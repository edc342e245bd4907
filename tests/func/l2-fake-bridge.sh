# l2-fake-bridge: "add-br br1 br0 10" makes br1 VLAN 10 of br0: a port
# added to br1 reaches br0's tag=10 port, not its tag=20 one, and its
# frames reach br0's trunk ports tagged 10.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
require_ovsdb "fake bridges"

start_switch
br_add br0
br_add br1 "$br0" 10
check_output "$br0" vsctl br-to-parent "$br1"
check_output 10 vsctl br-to-vlan "$br1"

vm_add f "$br1" 10.1.0.1/24
vm_add a "$br0" 10.1.0.2/24 tag=10
vm_add c "$br0" 10.1.0.3/24 tag=20
vm_add d "$br0" 10.1.0.4/24
check_output 10 vsctl get Port "$(vm_port f)" tag

vm_ready f 10.1.0.2
vm_ping a 10.1.0.1
vm_no_ping f 10.1.0.3

pkt_exchange f "--count 2" a c d
rx_expect a 2
rx_expect a 0 "vlan="
rx_expect c 0
rx_expect d 2 "vlan=10,pcp=0 type"
switch_alive
