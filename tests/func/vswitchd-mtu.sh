# MTUs: Interface mtu_request is applied to the device and shown in mtu;
# internal interfaces without mtu_request follow the smallest MTU of the
# bridge's other interfaces, as in Open vSwitch; the mtu column follows
# changes made behind the switch's back.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

start_db
start_vswitchd

in_ns ip link add vswa type veth peer name vswa-peer
in_ns ip link add vswb type veth peer name vswb-peer
vs add-br br0 -- add-port br0 vswa -- add-port br0 vswb \
    -- add-port br0 int1 -- set Interface int1 type=internal
check_output 1500 vsctl_get Interface vswa mtu
check_output 1500 vsctl_get Interface br0 mtu

vs set Interface vswa mtu_request=1400
check_output 1400 vsctl_get Interface vswa mtu
check_output 1400 in_ns cat /sys/class/net/vswa/mtu
# The internal ports follow the smallest MTU; vswb keeps its own.
wait_until 'test "$(in_ns cat /sys/class/net/br0/mtu)" = 1400'
wait_until 'test "$(in_ns cat /sys/class/net/int1/mtu)" = 1400'
wait_until 'test "$(vsctl_get Interface br0 mtu)" = 1400'
check_output 1500 vsctl_get Interface vswb mtu

# An explicit request on an internal port wins.
vs set Interface int1 mtu_request=9000
wait_until 'test "$(in_ns cat /sys/class/net/int1/mtu)" = 9000'
check_output 9000 vsctl_get Interface int1 mtu
check_output 1400 vsctl_get Interface br0 mtu

# Jumbo frames on the veths: raising both lifts the local port too.
in_ns ip link set vswb-peer mtu 9000
in_ns ip link set vswa-peer mtu 9000
vs set Interface vswa mtu_request=9000 -- set Interface vswb mtu_request=9000
check_output 9000 vsctl_get Interface vswa mtu
wait_until 'test "$(in_ns cat /sys/class/net/br0/mtu)" = 9000'
wait_until 'test "$(vsctl_get Interface br0 mtu)" = 9000'

# A change made with ip(8) shows in the database.
vs remove Interface vswb mtu_request 9000
in_ns ip link set vswb mtu 2000
wait_until 'test "$(vsctl_get Interface vswb mtu)" = 2000'
wait_until 'test "$(in_ns cat /sys/class/net/br0/mtu)" = 2000'
stop_vswitchd
