# Reconfiguration is incremental: a change to one port re-registers only
# that port's bundle, adding or deleting a port reopens no other
# interface, and bridge-wide settings reopen nothing.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

start_db
start_vswitchd -vfile:bridge:dbg

in_ns ip link add vswa type veth peer name vswa-peer
vs add-br br0 -- add-port br0 vswa \
    -- add-port br0 p1 -- set Interface p1 type=dummy \
    -- add-port br0 p2 -- set Interface p2 type=dummy
for i in vswa p1 p2 br0; do
    check_output 1 log_count "added interface $i "
    check_output 1 log_count "port $i: bundle registered"
done

# Port settings: only that bundle.
vs set Port p1 tag=10
check_output 1 log_count "port p1: bundle updated"
vs set Port p2 trunks=20,30 vlan_mode=trunk
check_output 1 log_count "port p2: bundle updated"
vs set Port p1 vlan_mode=native-untagged trunks=20 \
    other_config:priority-tags=always
check_output 2 log_count "port p1: bundle updated"
vs set Port vswa vlan_mode=dot1q-tunnel tag=100 cvlans=10,20 \
    other_config:qinq-ethtype=802.1q
check_output 1 log_count "port vswa: bundle updated"
vs set Port p2 protected=true
check_output 2 log_count "port p2: bundle updated"
check_output 0 log_count "port br0: bundle updated"

# A change that means nothing to a port's bundle updates nothing.
vs set Port p2 external_ids:foo=bar
check_output 2 log_count "port p2: bundle updated"

# Adding and deleting ports and bridge-wide settings reopen nothing.
vs add-port br0 p3 -- set Interface p3 type=dummy
vs del-port br0 p3
vs set Bridge br0 other_config:mac-aging-time=60 \
    other_config:mac-table-size=1000
vs set Open_vSwitch . other_config:n-forwarding-threads=2
vs add-br br1 -- add-port br1 q1 -- set Interface q1 type=dummy
vs del-br br1
for i in vswa p1 p2 br0; do
    check_output 1 log_count "added interface $i "
    check_output 0 log_count "deleted interface $i "
done
check_output 1 log_count "port p1: bundle registered"

# Moving an interface's type reopens that one only.
vs set Interface p2 type=internal
check_output 1 log_count "deleted interface p2 "
check_output 2 log_count "added interface p2 "
in_ns ip link show p2 >/dev/null || fail "p2 is not an internal device"
check_output 1 log_count "added interface p1 "

# ofport_request moves a port to its new number and keeps its device.
vs set Interface p1 ofport_request=99
check_output 99 vsctl_get Interface p1 ofport
check_output 0 log_count "could not"
stop_vswitchd
