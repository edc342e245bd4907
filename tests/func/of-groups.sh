# of-groups: groups under traffic.  VM a's ICMP goes through a group to
# VMs b and c: "all" copies it to both, "select" (a load balancer for
# UDP to a virtual address) spreads 5-tuples over them,
# "fast failover" to b while b's port is up and to c once osw-ofctl
# mod-port takes it down (or its link fails), and to b again once it is
# up.  Group
# statistics count the packets, per bucket.

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
        | sed -n "s/.*group_id=$1,.*[^:]packet_count=\([0-9]*\).*/\1/p"
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

# Select as a load balancer: UDP to the virtual address 10.1.0.100 goes
# to b or c, each bucket rewriting the destination MAC and IP (buckets
# are not checked against the flow's match, as in Open vSwitch).  Many
# 5-tuples spread over both; one 5-tuple always takes the same bucket.
to_b="mod_dl_dst:$(vm_mac b),mod_nw_dst:10.1.0.2,output:$pb"
to_c="mod_dl_dst:$(vm_mac c),mod_nw_dst:10.1.0.3,output:$pc"
osw-ofctl $OF13 add-group "$br0" \
    "group_id=2,type=select,bucket=weight:50,$to_b,bucket=weight:50,$to_c"
osw-ofctl $OF13 add-flow "$br0" \
    "priority=100,udp,in_port=$pa,nw_dst=10.1.0.100,actions=group:2"
vm_exec a ip neigh replace 10.1.0.100 lladdr 02:12:00:00:00:ff dev eth0

# UDP datagrams VM NAME received (delivered or refused for want of a
# socket), from its /proc/net/snmp.
udp_in() {
    vm_exec "$1" awk '/^Udp:/ { n++; if (n == 2) print $2 + $3 }' \
        /proc/net/snmp
}

# Buckets' packet counts of group $1, "N0 N1".
bucket_packets() {
    osw-ofctl $OF13 dump-group-stats "$br0" | grep "group_id=$1," \
        | grep -o 'bucket[01]:packet_count=[0-9]*' | sed 's/.*=//' \
        | tr '\n' ' '
}

# send_udp SPORT N: N datagrams from source port SPORT (0: a new port
# for each) to 10.1.0.100:9.
send_udp() {
    vm_exec a python3 -c '
import socket, sys
sport, n = int(sys.argv[1]), int(sys.argv[2])
s = None
for i in range(n):
    if s is None or not sport:
        if s:
            s.close()
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("10.1.0.1", sport))
    s.sendto(b"x" * 32, ("10.1.0.100", 9))
' "$1" "$2"
}

b0=$(udp_in b) c0=$(udp_in c)
send_udp 0 200
wait_until "[ \$((\$(udp_in b) + \$(udp_in c) - b0 - c0)) -ge 200 ]" 10 \
    || fail "select: not all 200 datagrams arrived"
nb=$(($(udp_in b) - b0)) nc=$(($(udp_in c) - c0))
[ "$nb" -gt 0 ] && [ "$nc" -gt 0 ] || fail "select: b got $nb, c got $nc"
[ "$nb" -lt 180 ] && [ "$nc" -lt 180 ] \
    || fail "select: no spreading (b $nb, c $nc of 200)"
wait_until "[ \"\$(group_packets 2)\" -ge 200 ]" 5
echo "select: b $nb, c $nc" >&2
read -r k0 k1 <<EOF_
$(bucket_packets 2)
EOF_
[ "$k0" -gt 0 ] && [ "$k1" -gt 0 ] && [ $((k0 + k1)) -eq 200 ] \
    || fail "select: bucket counts $k0 and $k1"
[ "$k0" -lt 180 ] && [ "$k1" -lt 180 ] \
    || fail "select: bucket counts $k0 and $k1 (no spreading)"

# Stable: each of a few fixed 5-tuples goes to one VM only.
for sport in 40001 40002 40003 40004; do
    b0=$(udp_in b) c0=$(udp_in c)
    send_udp $sport 20
    wait_until "[ \$((\$(udp_in b) + \$(udp_in c) - b0 - c0)) -ge 20 ]" 10 \
        || fail "select: port $sport: datagrams lost"
    nb=$(($(udp_in b) - b0)) nc=$(($(udp_in c) - c0))
    [ "$nb" -eq 0 ] || [ "$nc" -eq 0 ] \
        || fail "select: source port $sport split: b $nb, c $nc"
done

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
# Each bucket carried exactly its three requests.
wait_until "[ \"\$(bucket_packets 3)\" = '3 3 ' ]" 5 \
    || fail "ff: bucket counts $(bucket_packets 3), want 3 and 3"

# b's port back up: once its link runs again (LIVE; the veth's carrier
# follows the admin state a moment later), traffic returns to b.
osw-ofctl mod-port "$br0" "$(vm_port b)" up
b_state() {
    osw-ofctl $OF13 dump-ports-desc "$br0" | grep -A3 "^ $pb(" \
        | grep -q "state: *$1"
}
wait_until "b_state LIVE" 10 || fail "ff: b's port not LIVE once up"
b0=$(echos b)
vm_ping a 10.1.0.2 3
[ "$(echos b)" -ge $((b0 + 3)) ] || fail "ff: b got nothing once up again"
wait_until "[ \"\$(bucket_packets 3)\" = '6 3 ' ]" 5 \
    || fail "ff: bucket counts $(bucket_packets 3) once up, want 6 and 3"

# The same when b's link fails (its veth goes down) rather than by
# mod-port: the watched port is no longer live, c takes over.
ip link set "$(vm_port b)" down
wait_until "b_state LINK_DOWN" 10 \
    || fail "ff: b's port not LINK_DOWN:" \
            "$(osw-ofctl $OF13 dump-ports-desc "$br0")"
c0=$(rx_frames c)
vm_no_ping a 10.1.0.2
[ "$(rx_frames c)" -ge $((c0 + 3)) ] || fail "ff: no failover on link down"
ip link set "$(vm_port b)" up
wait_until "vm_exec a ping -q -c 1 -W 1 10.1.0.2" 15 \
    || fail "ff: b unreachable once its link is back"
switch_alive
