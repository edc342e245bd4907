# Devices that come and go: a port added before its device exists (a VM
# started after add-port) is attached as soon as the device appears; a
# device that vanishes is reported in error/link_state without touching
# the other ports, and comes back with the same OpenFlow port number.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

start_db
start_vswitchd

vs add-br br0
# An existing veth, and one that does not exist yet.
in_ns ip link add vswa type veth peer name vswa-peer
in_ns ip link set vswa up
in_ns ip link set vswa-peer up
vs add-port br0 vswa
vs add-port br0 vswb 2>/dev/null
check_output 1 vsctl_get Interface vswa ofport
check_output -1 vsctl_get Interface vswb ofport
check_output '"could not open network device vswb (No such device)"' \
    vsctl_get Interface vswb error

# The device appears: attached without any database change.
cfg=$(vsctl_get Open_vSwitch . next_cfg)
in_ns ip link add vswb type veth peer name vswb-peer
in_ns ip link set vswb-peer up
in_ns ip link set vswb up
wait_until 'test "$(vsctl_get Interface vswb ofport)" = 2'
wait_until 'test "$(vsctl_get Interface vswb error)" = "[]"'
wait_until 'test "$(vsctl_get Interface vswb link_state)" = up'
check_output "$cfg" vsctl_get Open_vSwitch . next_cfg
mac=$(in_ns cat /sys/class/net/vswb/address)
check_output "\"$mac\"" vsctl_get Interface vswb mac_in_use
check_output "$(in_ns cat /sys/class/net/vswb/ifindex)" \
    vsctl_get Interface vswb ifindex

# It vanishes: error and link state say so; vswa is untouched.
added_a=$(log_count "added interface vswa")
in_ns ip link del vswb
wait_until 'test "$(vsctl_get Interface vswb ofport)" = -1'
check_output '"could not open network device vswb (No such device)"' \
    vsctl_get Interface vswb error
check_output down vsctl_get Interface vswb link_state
check_output 1 vsctl_get Interface vswa ofport
check_output "[]" vsctl_get Interface vswa error

# It comes back and keeps its port number, even with another port added
# meanwhile (which takes the lowest free number, 3, not 2).
vs add-port br0 p3 -- set Interface p3 type=dummy
check_output 3 vsctl_get Interface p3 ofport
in_ns ip link add vswb type veth peer name vswb-peer
in_ns ip link set vswb up
wait_until 'test "$(vsctl_get Interface vswb ofport)" = 2'
wait_until 'test "$(vsctl_get Interface vswb error)" = "[]"'

# Replaced at once by another device of the same name: the new one is
# attached (with its own ifindex and MAC), same port number.
old=$(in_ns cat /sys/class/net/vswb/ifindex)
in_ns ip link del vswb
in_ns ip link add vswb type veth peer name vswb-peer
in_ns ip link set vswb up
new=$(in_ns cat /sys/class/net/vswb/ifindex)
test "$old" != "$new" || fail "same ifindex"
wait_until "test \"\$(vsctl_get Interface vswb ifindex)\" = $new"
check_output 2 vsctl_get Interface vswb ofport
check_output "[]" vsctl_get Interface vswb error
check_output "\"$(in_ns cat /sys/class/net/vswb/address)\"" \
    vsctl_get Interface vswb mac_in_use

# Renamed away, it is gone too; renamed back, it returns.
in_ns ip link set vswb down
in_ns ip link set vswb name vswc
wait_until 'test "$(vsctl_get Interface vswb ofport)" = -1'
in_ns ip link set vswc name vswb
in_ns ip link set vswb up
wait_until 'test "$(vsctl_get Interface vswb ofport)" = 2'

# Moving a device to another namespace makes it vanish too.
netns_add other
in_ns ip link set vswb netns "$other"
wait_until 'test "$(vsctl_get Interface vswb ofport)" = -1'

# Through all this, vswa was never re-added.
check_output "$added_a" log_count "added interface vswa"
check_output 1 vsctl_get Interface vswa ofport
stop_vswitchd
