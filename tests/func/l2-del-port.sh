# l2-del-port: deleting a port (and adding another) while two other VMs
# exchange traffic does not disturb them: not a single ping between them
# is lost; the deleted VM is cut off.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24
vm_add c "$br0" 10.1.0.3/24
vm_add d "$br0" 10.1.0.4/24
vm_ready a 10.1.0.2
vm_ping c 10.1.0.4

# 60 pings at 50 ms intervals, a reconfiguration in the middle.
vm_exec a ping -q -c 60 -i 0.05 -W 1 10.1.0.2 > "$TESTDIR/ping.out" 2>&1 &
pinger=$!
_osw_pids+=("$pinger")
sleep 1
port_del "$br0" "$(vm_port c)"
vm_add e "$br0" 10.1.0.5/24
status=0
pkt_wait "$pinger" || status=$?
cat "$TESTDIR/ping.out"
grep -q " 0% packet loss" "$TESTDIR/ping.out" \
    || fail "pings between a and b were lost while another port changed"
[ $status = 0 ] || fail "ping failed"

vm_no_ping c 10.1.0.4
vm_ping d 10.1.0.5
vm_ping d 10.1.0.1
switch_alive
