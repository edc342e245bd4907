# netdev-forward: two "VMs" (namespaces on veth pairs) joined by
# oswtest-netdev forward over "system" ports (AF_PACKET rings with vnet
# headers): ping, then TCP with default offloads both ways at a sane rate
# without a retransmission storm, then the same with one thread per
# direction; the forwarder's counters show no drops.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/netdev-lib.bash"
require_program iperf3

netdev_two_vms
start_forward "$va" "$vb"

ip netns exec "$a" ping -c 3 -i 0.2 -W 2 10.55.0.2 > /dev/null \
    || fail "no ping through the forwarder"
# GSO frames of 64 kB: the copy path of the receive ring.
iperf_check "$a" "$b" 10.55.0.2 1
iperf_check "$a" "$b" 10.55.0.2 1 -R
# Big pings: IP fragments and jumbo-sized ICMP.
ip netns exec "$a" ping -c 2 -s 8000 -W 2 10.55.0.2 > /dev/null \
    || fail "no fragmented ping"
stop_forward 2> "$TESTDIR/counters"
grep -q "$va -> $vb: [1-9][0-9]* frames" "$TESTDIR/counters" \
    || fail "no frames counted: $(cat "$TESTDIR/counters")"
grep -q "$va: rx_dropped=0 rx_errors=0" "$TESTDIR/counters" \
    || fail "receive drops: $(cat "$TESTDIR/counters")"

start_forward --threads "$va" "$vb"
ip netns exec "$a" ping -c 3 -i 0.2 -W 2 10.55.0.2 > /dev/null \
    || fail "no ping through the threaded forwarder"
iperf_check "$b" "$a" 10.55.0.1 1
stop_forward

# Jumbo frames: MTU 9000 on both sides, frames bigger than a ring slot.
for l in "$va" "$vb"; do ip link set "$l" mtu 9000; done
ip -n "$a" link set "$pa" mtu 9000
ip -n "$b" link set "$pb" mtu 9000
start_forward "$va" "$vb"
ip netns exec "$a" ping -c 2 -s 8900 -M do -W 2 10.55.0.2 > /dev/null \
    || fail "no jumbo ping"
stop_forward
