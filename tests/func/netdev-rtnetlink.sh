# netdev-rtnetlink: link notifications and link changes over rtnetlink.
# "oswtest-netdev monitor" follows RTM_NEWLINK/RTM_DELLINK while a veth
# pair appears, has its MTU, MAC and state changed through the netdev
# ("hold ... --up --mtu --mac", which uses rtnetlink requests), and is
# deleted; each change must be reported with the right name, flags, MTU
# and address.

. "$srcdir/tests/lib.sh"
require_netns
require_program oswtest-netdev

x=nd$$x; y=nd$$y
spawn oswtest-netdev monitor --match=nd$$ > "$TESTDIR/mon.out"
wait_until "grep -q ready $TESTDIR/mon.out"

ip link add "$x" type veth peer name "$y"
link_created "$x"
wait_until "grep -q '^new $x down norun mtu=1500 ' $TESTDIR/mon.out"
wait_until "grep -q '^new $y down norun mtu=1500 ' $TESTDIR/mon.out"

spawn oswtest-netdev hold "$x" --up --mtu=2000 --mac=02:00:00:00:00:77 \
    > "$TESTDIR/hold.out" 2>&1
hpid=$SPAWNED_PID
wait_until "grep -q ready $TESTDIR/hold.out"
wait_until "grep -q '^new $x up .* mtu=2000 mac=02:00:00:00:00:77' $TESTDIR/mon.out"
check_output 2000 cat "/sys/class/net/$x/mtu"
check_output 02:00:00:00:00:77 cat "/sys/class/net/$x/address"
oswtest-netdev info "$x" > "$TESTDIR/info.out"
# (Carrier may flicker while the kernel's link watch settles.)
grep -q '^flags=up' "$TESTDIR/info.out" \
    || fail "bad flags: $(cat "$TESTDIR/info.out")"
grep -q '^mtu=2000$' "$TESTDIR/info.out" || fail "bad MTU"
grep -q '^mac=02:00:00:00:00:77$' "$TESTDIR/info.out" || fail "bad MAC"

# Carrier: once the peer is up too, the link runs.
ip link set "$y" up
wait_until "grep -q '^new $x up running ' $TESTDIR/mon.out"
oswtest-netdev info "$x" > "$TESTDIR/info.out"
grep -q '^flags=up,running' "$TESTDIR/info.out" \
    || fail "no carrier reported: $(cat "$TESTDIR/info.out")"

kill -TERM "$hpid"; wait "$hpid" || :; forget_pid "$hpid"
ip link del "$x"
wait_until "grep -q '^del $x$' $TESTDIR/mon.out"
wait_until "grep -q '^del $y$' $TESTDIR/mon.out"
