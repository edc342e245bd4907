# l2-aging: with other_config:mac-aging-time=2, a learned MAC that stays
# silent is forgotten after about 2 seconds (well within 5), and is
# learned again at its next frame.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
# Open vSwitch raises aging times below 15 s to 15 s.
require_osw "aging times below 15 s"

start_switch
br_add br0
vsctl set Bridge "$br0" other_config:mac-aging-time=2
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24
vm_ready a 10.1.0.2

# One frame from a, then silence.
pkt_send a --count 1
start=$(date +%s%N)
check_output "$(vm_port a)" fdb_port "$br0" "$(vm_mac a)"
sleep 1
check_output "$(vm_port a)" fdb_port "$br0" "$(vm_mac a)"
wait_until "[ -z \"\$(fdb_port $br0 $(vm_mac a))\" ]" 5
elapsed=$((($(date +%s%N) - start) / 1000000))
echo "a's entry aged out after $elapsed ms"
[ "$elapsed" -ge 1500 ] || fail "aged out too early ($elapsed ms)"

# Traffic still works (flooded, then learned again).
vm_ping b 10.1.0.1
check_output "$(vm_port a)" fdb_port "$br0" "$(vm_mac a)"
switch_alive
