# l2-host-filter: the bridge's own (internal) port filters as a NIC does.
# Flooded unicast for another MAC does not reach the host's stack through
# it (as with the Linux bridge's own device) and is counted ("otherhost"),
# while frames for its MAC, broadcasts, and everything while the device is
# promiscuous (an administrator's "promisc on", or a packet socket's
# membership as tcpdump takes it) do reach it.  The VMs see the flood
# either way.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

[ "$L2_BACKEND" != ovs ] || skip "Open vSwitch passes every frame to the host"

start_switch
br_add br0
ip link set "$br0" up
sysctl -qw "net.ipv6.conf.$br0.disable_ipv6=1" || :
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24
vm_ready a 10.1.0.2

BR_MAC=$(cat "/sys/class/net/$br0/address")
STRANGER=02:12:00:00:99:99
MATCH="src=$(vm_mac a),type=0x88b5"

# host_exchange 'SEND-ARGS' [--promisc]: A sends while B and a listener on
# the bridge's port (in the host's namespace; promiscuous with --promisc)
# listen; HOST_RX and B_RX get how many frames from A each received.
host_exchange() {
    local args=$1 opt=${2:-} host_pid
    rm -f "$TESTDIR/rx-host.out"
    # shellcheck disable=SC2086
    spawn oswtest-pkt recv "$br0" --count 0 --timeout 1500 --match "$MATCH" \
        $opt > "$TESTDIR/rx-host.out"
    host_pid=$SPAWNED_PID
    wait_until "grep -q ready '$TESTDIR/rx-host.out'"
    pkt_exchange a "$args" b
    pkt_wait "$host_pid" || fail "oswtest-pkt recv on $br0 failed"
    HOST_RX=$(grep -c '^dst=' "$TESTDIR/rx-host.out" || :)
    B_RX=$(rx_count b)
}

expect() {
    local what=$1 got=$2 want=$3
    [ "$got" = "$want" ] || fail "$what: got $got frames, expected $want"
}

# Unknown unicast: flooded to B, filtered before the host.
drop_count otherhost
before=$DROP_COUNT
host_exchange "--dst $STRANGER --count 10"
expect "B, unknown unicast" "$B_RX" 10
expect "host, unknown unicast" "$HOST_RX" 0
drop_grew otherhost "$before" 10

# For the bridge's own MAC, and broadcast: the host gets them.
host_exchange "--dst $BR_MAC --count 10"
expect "host, its own MAC" "$HOST_RX" 10
host_exchange "--dst ff:ff:ff:ff:ff:ff --count 10"
expect "host, broadcast" "$HOST_RX" 10
expect "B, broadcast" "$B_RX" 10

# A listener that asks for promiscuous mode sees the flood (tcpdump).
wait_for_host() {
    local i
    for i in $(seq 20); do
        host_exchange "--dst $STRANGER --count 1" "${1:-}"
        [ "$HOST_RX" = 0 ] || return 0
        sleep 0.1
    done
    fail "unknown unicast never reached the promiscuous host port"
}
wait_for_host --promisc
host_exchange "--dst $STRANGER --count 10" --promisc
expect "promiscuous listener, unknown unicast" "$HOST_RX" 10

# So does anyone while the administrator has the device promiscuous.
ip link set "$br0" promisc on
wait_for_host
host_exchange "--dst $STRANGER --count 10"
expect "host in promisc mode, unknown unicast" "$HOST_RX" 10

# And the filter comes back when promiscuity goes.
ip link set "$br0" promisc off
for i in $(seq 20); do
    host_exchange "--dst $STRANGER --count 5"
    [ "$HOST_RX" != 0 ] || break
done
expect "host after promisc off, unknown unicast" "$HOST_RX" 0

# A new MAC on the port is followed.
ip link set "$br0" address 02:12:00:00:77:77
for i in $(seq 20); do
    host_exchange "--dst 02:12:00:00:77:77 --count 5"
    [ "$HOST_RX" = 0 ] || break
done
expect "host, its new MAC" "$HOST_RX" 5
if [ "$L2_BACKEND" = osw ]; then
    # (A Linux bridge's first MAC was a port's, which stays local.)
    host_exchange "--dst $BR_MAC --count 5"
    expect "host, its old MAC" "$HOST_RX" 0
fi
switch_alive
