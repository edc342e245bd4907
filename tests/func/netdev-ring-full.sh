# netdev-ring-full: frames the kernel drops because a "system" port's
# receive ring is full (here: the switch is stopped while a VM sends more
# frames than the ring holds) are counted under rx_ring in
# dpctl/drop-stats, on that port, so that no dropped frame goes
# unexplained; a ring that was merely full is not taken for a stuck one
# (no rebuild), and the port forwards afterwards.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
require_osw "dpctl/drop-stats"

start_switch
br_add br0
vm_add a "$br0" 10.2.0.1/24
vm_add b "$br0" 10.2.0.2/24
vm_ready a 10.2.0.2

drop_count rx_ring
[ "$DROP_COUNT" = 0 ] || fail "rx_ring drops before the test: $DROP_COUNT"

# The ring holds 4096 frames: 6000 frames while the switch sleeps lose at
# least 1904 (a few more if other frames came in meanwhile).
on_exit "kill -CONT $VSWITCHD_PID 2>/dev/null"
kill -STOP "$VSWITCHD_PID"
pkt_send a --dst "$(vm_mac b)" --count 6000 --len 60 \
    || { kill -CONT "$VSWITCHD_PID"; fail "oswtest-pkt send failed"; }
kill -CONT "$VSWITCHD_PID"

# The forwarding thread reads the kernel's counters about once a second.
wait_until "drop_at_least rx_ring 1904" 10
drop_count rx_ring
[ "$DROP_COUNT" -le 6000 ] || fail "rx_ring counted $DROP_COUNT of 6000 frames"
appctl dpctl/drop-stats "${L2}a" > "$TESTDIR/port-a.out"
cat "$TESTDIR/port-a.out"
grep -Eq "^ +rx_ring +$DROP_COUNT  receive ring full" "$TESTDIR/port-a.out" \
    || fail "rx_ring drops not counted on ${L2}a"
appctl dpctl/drop-stats "${L2}b" | grep -Eq '^ +rx_ring +0 ' \
    || fail "rx_ring drops counted on ${L2}b"

if grep -q "receive ring stuck" "$TESTDIR/osw-vswitchd.log"; then
    fail "a full ring was taken for a stuck one"
fi
switch_alive
vm_ping a 10.2.0.2
