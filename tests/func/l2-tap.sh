# l2-tap: a VM behind a tap device (the NIC played by oswtest-tapvm, as
# qemu would) and a namespace VM ping each other through the bridge.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
tapvm_add t "$br0" 10.1.0.9/24

vm_ready a 10.1.0.9
vm_ping a 10.1.0.9 5

# And from the tap VM's side, through a second tap VM with --ping.
spawn oswtest-tapvm "${L2}u" --mac 02:12:00:00:00:99 --ip 10.1.0.10 \
    --ping 10.1.0.1 --count 5 --timeout 15000 > "$TESTDIR/tapvm-u.out" 2>&1
pinger=$SPAWNED_PID
wait_until "grep -q ready '$TESTDIR/tapvm-u.out'"
port_add "$br0" "${L2}u"
status=0
pkt_wait "$pinger" || status=$?
cat "$TESTDIR/tapvm-u.out"
[ $status = 0 ] || fail "the tap VM's pings were not all answered"

check_output "$(vm_port t)" fdb_port "$br0" "$(vm_mac t)"
switch_alive
