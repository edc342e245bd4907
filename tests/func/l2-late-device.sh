# l2-late-device: a port added before its device exists (a VM started
# after add-port) reports the missing device in its Interface's error,
# then attaches as soon as the device appears, and traffic flows.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
require_ovsdb "ports without devices"

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
port_add "$br0" "${L2}b"
wait_until "[ \"\$(vsctl get Interface ${L2}b error)\" != '[]' ]" 5
echo "error before the device exists: $(vsctl get Interface "${L2}b" error)"

# The "VM" starts now: its veth appears.
vm_add b "" 10.1.0.2/24
vm_ready a 10.1.0.2
vm_ping a 10.1.0.2
vm_ping b 10.1.0.1
check_output "[]" vsctl get Interface "${L2}b" error
switch_alive
