# l2-ping: two VMs on one bridge ping each other, and the bridge learns
# each VM's MAC on its own port.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24

vm_ready a 10.1.0.2
vm_ping a 10.1.0.2 5
vm_ping b 10.1.0.1 5

check_output "$(vm_port a)" fdb_port "$br0" "$(vm_mac a)"
check_output "$(vm_port b)" fdb_port "$br0" "$(vm_mac b)"
switch_alive
