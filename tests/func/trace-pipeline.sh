# ofproto/trace through groups, meters and controller actions installed
# with osw-ofctl (OpenFlow 1.3), and the statistics of real packets
# (netdev-dummy/receive) credited to every rule a megaflow went through.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"
require_program osw-ofctl
require_program osw-appctl

start_db
start_vswitchd

vs add-br br0
for i in 1 2 3; do
    vs add-port br0 p$i -- set Interface p$i type=dummy ofport_request=$i
done

ofctl() {
    osw-ofctl -O OpenFlow13 "$@" || fail "osw-ofctl $*"
}

dp_port() {
    appctl dpctl/show | sed -n "s/^ *port \([0-9]*\): p$1\( .*\)*$/\1/p"
}
DP2=$(dp_port 2)
DP3=$(dp_port 3)
[ -n "$DP2" ] && [ -n "$DP3" ] || fail "no datapath ports"

ofctl del-flows br0
ofctl add-group br0 "group_id=1,type=all,bucket=output:2,bucket=output:3"
ofctl add-group br0 \
    "group_id=2,type=select,bucket=weight:1,output:2,bucket=weight:1,output:3"
ofctl add-meter br0 "meter=1,pktps,bands=type=drop,rate=10"
ofctl add-flow br0 "table=0,priority=10,in_port=1,udp,actions=group:1"
ofctl add-flow br0 "table=0,priority=10,in_port=1,tcp,actions=group:2"
ofctl add-flow br0 "table=0,priority=10,in_port=2,actions=meter:1,output:3"
ofctl add-flow br0 \
    "table=0,priority=10,in_port=3,actions=controller(max_len=64),goto_table:1"
ofctl add-flow br0 "table=1,priority=0,actions=output:1"

# An ALL group: both buckets.
out=$(appctl ofproto/trace br0 in_port=1,udp) || fail "trace"
echo "$out" | grep -qx '    group:1' || fail "group line: $out"
echo "$out" | grep -qx "Datapath actions: $DP2,$DP3" || fail "all: $out"

# A select group: one bucket, and the 5-tuple in the megaflow.
out=$(appctl ofproto/trace br0 in_port=1,tcp,tp_dst=80) || fail "trace"
echo "$out" | grep -Eqx "Datapath actions: ($DP2|$DP3)" || fail "select: $out"
echo "$out" | grep -q '^Megaflow: .*tp_dst=80' || fail "select mask: $out"

# A meter: a datapath meter action first.
out=$(appctl ofproto/trace br0 in_port=2,udp) || fail "trace"
echo "$out" | grep -Eqx "Datapath actions: meter\([0-9]+\),$DP3" \
    || fail "meter: $out"

# A controller action: a userspace action, then goto_table goes on.
out=$(appctl ofproto/trace br0 in_port=3,udp) || fail "trace"
echo "$out" | grep -q '^Datapath actions: userspace(pid=0,userdata(' \
    || fail "controller: $out"
echo "$out" | grep -qx ' 1. priority 0' || fail "goto_table: $out"

# Real packets: a UDP frame from p1, five times.  The rule and the group
# count them.
pkt=00000000000200000000000108004500001c000000004011f9cf0a0000010a000002
pkt=${pkt}0001000200080000
for i in 1 2 3 4 5; do
    appctl netdev-dummy/receive p1 "$pkt" >/dev/null \
        || fail "netdev-dummy/receive"
done
for i in $(seq 50); do
    osw-ofctl -O OpenFlow13 dump-flows br0 | grep -q 'n_packets=5,.*udp' \
        && break
    sleep 0.2
done
osw-ofctl -O OpenFlow13 dump-flows br0 | grep -q 'n_packets=5,.*udp' \
    || fail "rule stats: $(osw-ofctl -O OpenFlow13 dump-flows br0;
                           appctl dpctl/show; appctl dpctl/dump-flows)"
exit 0
