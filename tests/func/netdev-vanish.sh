# netdev-vanish: a "system" device that goes down and up again keeps
# working; one that disappears under the forwarder is reported (receive
# fails with "No such device"), not spun on; one that does not exist
# cannot be opened.  A tap device deleted under its netdev is reported
# the same way.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/netdev-lib.bash"

netdev_two_vms
check_fails oswtest-netdev info "nd$$none" 2> "$TESTDIR/err"
grep -q "No such device" "$TESTDIR/err" \
    || fail "wrong error for a missing device: $(cat "$TESTDIR/err")"

start_forward "$va" "$vb"
ip netns exec "$a" ping -c 1 -W 2 10.55.0.2 > /dev/null || fail "no ping"

# Down is not gone: traffic resumes when the device comes back up, and
# the forwarder does not spin meanwhile.
ip link set "$va" down
sleep 1
ticks0=$(awk '{print $14 + $15}' "/proc/$FWD_PID/stat")
sleep 1
ticks1=$(awk '{print $14 + $15}' "/proc/$FWD_PID/stat")
[ $((ticks1 - ticks0)) -lt 20 ] || fail "forwarder spins while $va is down"
ip link set "$va" up
wait_until "ip netns exec $a ping -c 1 -W 1 10.55.0.2 > /dev/null" 10
process_alive "$FWD_PID" || fail "forwarder gave up on a device that was down"

ip link del "$va"
wait_until "! kill -0 $FWD_PID 2>/dev/null" 10
forget_pid "$FWD_PID"
grep -q "$va: receive failed: No such device" "$TESTDIR/forward.err" \
    || fail "vanished device not reported: $(cat "$TESTDIR/forward.err")"

# The same for a tap device the netdev created, deleted from outside.
t=nd$$t
start_forward "tap:$t" "$vb"
ip link del "$t"
wait_until "! kill -0 $FWD_PID 2>/dev/null" 10
forget_pid "$FWD_PID"
grep -q "$t: receive failed: No such device" "$TESTDIR/forward.err" \
    || fail "vanished tap not reported: $(cat "$TESTDIR/forward.err")"
