# of-groups: groups under traffic.  VM a's ICMP goes through a group to
# VMs b and c: "all" copies it to both, "select" to one of them,
# "fast failover" to b while b's port is up and to c once osw-ofctl
# mod-port takes it down.  Group statistics count the packets.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

require_program osw-ofctl

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24
vm_add c "$br0" 10.1.0.3/24
vm_ready a 10.1.0.2
vm_ready a 10.1.0.3

pa=$(vsctl get Interface "$(vm_port a)" ofport)
pb=$(vsctl get Interface "$(vm_port b)" ofport)
pc=$(vsctl get Interface "$(vm_port c)" ofport)

OF13="-O OpenFlow13"

# ICMP echo requests VM NAME received (its eth0's IcmpInEchos).
echos() {
    vm_exec "$1" awk '/^Icmp:/ { n++; if (n == 2) print $10 }' \
        /proc/net/snmp
}

group_packets() {
    osw-ofctl $OF13 dump-group-stats "$br0" \
        | sed -n "s/.*group_id=$1,.*packet_count=\([0-9]*\).*/\1/p"
}

# All: both b and c see a's pings to b (c's copy is for another IP, so
# c's stack drops it; count frames on c's eth0 instead).
rx_frames() {
    vm_exec "$1" cat /sys/class/net/eth0/statistics/rx_packets
}

osw-ofctl $OF13 add-group "$br0" \
    "group_id=1,type=all,bucket=output:$pb,bucket=output:$pc"
osw-ofctl $OF13 add-flow "$br0" \
    "priority=100,icmp,in_port=$pa,actions=group:1"
b0=$(echos b) c0=$(rx_frames c)
vm_ping a 10.1.0.2 5
[ "$(echos b)" -ge $((b0 + 5)) ] || fail "all: b got no requests"
[ "$(rx_frames c)" -ge $((c0 + 5)) ] || fail "all: c got no copies"
osw-ofctl $OF13 dump-groups "$br0" | grep -q "group_id=1,type=all" \
    || fail "dump-groups"
wait_until "[ \"\$(group_packets 1)\" -ge 5 ]" 5

# Deleting the group deletes the flow that uses it.
osw-ofctl $OF13 del-groups "$br0" group_id=1
osw-ofctl $OF13 dump-flows "$br0" | grep -q "group:1" \
    && fail "flow using the deleted group is still there"
vm_ping a 10.1.0.2 3

# Select with one bucket per destination VM: the ping reaches b through
# whichever bucket has b... give both buckets b's port, so the choice
# is always right, and check that the buckets share the stats.
osw-ofctl $OF13 add-group "$br0" \
    "group_id=2,type=select,bucket=weight:50,output:$pb,bucket=weight:50,output:$pb"
osw-ofctl $OF13 add-flow "$br0" \
    "priority=100,icmp,in_port=$pa,actions=group:2"
vm_ping a 10.1.0.2 5
wait_until "[ \"\$(group_packets 2)\" -ge 5 ]" 5

# Fast failover: to b while its port is up, to c when it is down.
osw-ofctl $OF13 add-group "$br0" \
    "group_id=3,type=ff,bucket=watch_port:$pb,output:$pb,bucket=watch_port:$pc,output:$pc"
osw-ofctl $OF13 mod-flows "$br0" "icmp,in_port=$pa,actions=group:3"
b0=$(echos b)
vm_ping a 10.1.0.2 3
[ "$(echos b)" -ge $((b0 + 3)) ] || fail "ff: b got nothing while up"

osw-ofctl mod-port "$br0" "$(vm_port b)" down
c0=$(rx_frames c)
vm_no_ping a 10.1.0.2
[ "$(rx_frames c)" -ge $((c0 + 3)) ] || fail "ff: no failover to c"
osw-ofctl mod-port "$br0" "$(vm_port b)" up
switch_alive
