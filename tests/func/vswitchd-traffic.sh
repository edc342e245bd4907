# Traffic through osw-vswitchd while it is reconfigured: two "VMs"
# (namespaces on veth pairs) ping each other through br0 while other
# ports are added, changed and deleted and bridge settings change; no
# ping may be lost.  Then VLAN tags split them, and the local port (an
# internal device) reaches a VM over IP.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"
require_program ping

start_db
start_vswitchd

netns_add vm1
netns_add vm2
# veth pairs made right in their namespaces, so their names meet no
# other test's (the namespaces' deletion removes them).
vm_link() {
    ip link add "$1" netns "$VSW_NS" type veth peer name eth0 netns "$2"
    in_ns ip link set "$1" up
    ip -n "$2" link set eth0 up
}
vm_link vsw1 "$vm1"
vm_link vsw2 "$vm2"
ip -n "$vm1" addr add 10.9.0.1/24 dev eth0
ip -n "$vm2" addr add 10.9.0.2/24 dev eth0

vs add-br br0 -- add-port br0 vsw1 -- add-port br0 vsw2
ip netns exec "$vm1" ping -q -c 3 -i 0.2 -W 2 10.9.0.2 >/dev/null \
    || fail "no connectivity"

# 150 pings, 20 ms apart, while the configuration changes.
ip netns exec "$vm1" ping -q -c 150 -i 0.02 -W 1 10.9.0.2 > ping.out 2>&1 &
ping_pid=$!
for i in 1 2 3; do
    vs add-port br0 d$i -- set Interface d$i type=dummy
done
vs set Port d1 tag=10 -- set Port d2 trunks=1,2,3
vs add-port br0 int1 -- set Interface int1 type=internal
vs set Bridge br0 other_config:mac-aging-time=100
vs add-br br1 -- add-port br1 q1 -- set Interface q1 type=dummy
vs del-port br0 d1 -- del-port br0 d2 -- del-br br1
vs set Interface int1 mtu_request=1400
vs del-port br0 int1
wait "$ping_pid" || { cat ping.out >&2; fail "pings lost"; }
grep -q " 0% packet loss" ping.out || { cat ping.out >&2; fail "pings lost"; }

# Different VLANs: no more connectivity; the same VLAN: again.
vs set Port vsw1 tag=10 -- set Port vsw2 tag=20
check_fails ip netns exec "$vm1" ping -q -c 2 -i 0.2 -W 1 10.9.0.2 >/dev/null
vs set Port vsw2 tag=10
ip netns exec "$vm1" ping -q -c 3 -i 0.2 -W 2 10.9.0.2 >/dev/null \
    || fail "no connectivity within VLAN 10"

# The bridge's local port talks IP to a VM on an untagged port.
vs remove Port vsw1 tag 10
in_ns ip addr add 10.9.0.254/24 dev br0
in_ns ip link set br0 up
in_ns ping -q -c 3 -i 0.2 -W 2 10.9.0.1 >/dev/null \
    || fail "local port cannot reach vm1"
appctl fdb/show br0 | grep -q "$(in_ns cat /sys/class/net/br0/address)" \
    || fail "local port's MAC not learned: $(appctl fdb/show br0)"

# Statistics count the traffic.
rx_counted() {
    vsctl_get Interface vsw1 statistics | grep -q "rx_packets=[1-9]"
}
wait_until rx_counted 12
stop_vswitchd
