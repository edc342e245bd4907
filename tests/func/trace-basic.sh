# ofproto/trace and ofproto/list on a bridge whose flows osw-ofctl
# installed: the text follows ovs-appctl ofproto/trace (Open vSwitch 3.1)
# line for line where the two agree by construction (flow, tables,
# rules, actions), and the megaflow and datapath actions are those the
# datapath would cache.

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
    osw-ofctl "$@" || fail "osw-ofctl $*"
}

# The datapath port of OpenFlow port $1 (dpctl/show: "port N: NAME").
dp_port() {
    appctl dpctl/show | sed -n "s/^ *port \([0-9]*\): p$1\( .*\)*$/\1/p"
}
DP2=$(dp_port 2)
DP3=$(dp_port 3)
[ -n "$DP2" ] && [ -n "$DP3" ] || fail "no datapath ports: $(appctl dpctl/show)"

ofctl del-flows br0
ofctl add-flow br0 "priority=500,icmp,actions=drop"
ofctl add-flow br0 "priority=100,tcp,tp_dst=8080,actions=mod_tp_dst:80,resubmit(,1)"
ofctl add-flow br0 "priority=0,actions=goto_table:2"
ofctl add-flow br0 "table=1,priority=0,cookie=0x5,actions=output:2"
ofctl add-flow br0 "table=2,priority=10,udp,actions=output:3,output:2"

# A rule that drops.
check_output 'Flow: icmp,in_port=1,vlan_tci=0x0000,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,nw_src=0.0.0.0,nw_dst=0.0.0.0,nw_tos=0,nw_ecn=0,nw_ttl=0,nw_frag=no,icmp_type=0,icmp_code=0

bridge("br0")
-------------
 0. icmp, priority 500
    drop

Final flow: unchanged' sh -c "osw-appctl --timeout=20 -t '$TESTDIR/osw-vswitchd.ctl' ofproto/trace br0 in_port=1,icmp | sed -n '1,/^Final/p'"
out=$(appctl ofproto/trace br0 in_port=1,icmp) || fail "trace failed"
echo "$out" | grep -qx 'Datapath actions: drop' || fail "icmp: $out"
echo "$out" | grep -q '^Megaflow: recirc_id=0,eth,icmp,in_port=1' \
    || fail "icmp megaflow: $out"

# A header change, a resubmit (nested), the final flow, one set action.
out=$(appctl ofproto/trace br0 in_port=1,tcp,nw_dst=10.0.0.2,tp_dst=8080) \
    || fail "trace failed"
expected=' 0. tcp,tp_dst=8080, priority 100
    mod_tp_dst:80
    resubmit(,1)
     1. priority 0, cookie 0x5
            output:2'
echo "$out" | grep -qF -- "$expected" || fail "tcp trace: $out"
echo "$out" | grep -q '^Final flow: tcp,in_port=1,.*,tp_dst=80,' \
    || fail "final flow: $out"
echo "$out" | grep -qx "Datapath actions: set(tcp(dst=80)),$DP2" \
    || fail "tcp actions: $out"
echo "$out" | grep -q '^Megaflow: .*tp_dst=8080' || fail "tcp megaflow: $out"

# goto_table, and a table miss.
out=$(appctl ofproto/trace br0 in_port=1,udp,tp_dst=53) || fail "trace"
echo "$out" | grep -qx " 2. udp, priority 10" || fail "udp: $out"
echo "$out" | grep -qx "Datapath actions: $DP3,$DP2" || fail "udp: $out"
out=$(appctl ofproto/trace br0 in_port=1,arp) || fail "trace"
echo "$out" | grep -qx " 2. No match." || fail "arp: $out"
echo "$out" | grep -qx "Datapath actions: drop" || fail "arp: $out"

# The datapath flow syntax, and a packet in hex (an ICMP echo from
# 10.0.0.1 to 10.0.0.2).
out=$(appctl ofproto/trace br0 \
      "in_port($(dp_port 1)),eth(src=00:00:00:00:00:01,dst=00:00:00:00:00:02),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2)") \
    || fail "datapath syntax trace"
echo "$out" | grep -q '^Flow: udp,in_port=1,' || fail "odp flow: $out"
echo "$out" | grep -qx "Datapath actions: $DP3,$DP2" || fail "odp: $out"
pkt=000000000002000000000001080045000054000040004001264a0a0000010a000002
pkt=${pkt}0800f7ff00000000$(printf '%0112d' 0)
out=$(appctl ofproto/trace br0 in_port=1 "$pkt") || fail "packet trace"
echo "$out" | grep -q '^Flow: icmp,in_port=1,.*nw_src=10.0.0.1,nw_dst=10.0.0.2,' \
    || fail "packet flow: $out"
echo "$out" | grep -qx ' 0. icmp, priority 500' || fail "packet: $out"

# The same packet, twice, from a pcap file.
if command -v python3 >/dev/null; then
    python3 - "$pkt" >"$TESTDIR/two.pcap" <<'PY'
import struct, sys
frame = bytes.fromhex(sys.argv[1])
out = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
for i in range(2):
    out += struct.pack("<IIII", i, 0, len(frame), len(frame)) + frame
sys.stdout.buffer.write(out)
PY
    out=$(appctl ofproto/trace br0 in_port=1 --pcap "$TESTDIR/two.pcap") \
        || fail "pcap trace"
    [ "$(echo "$out" | grep -c '^ 0. icmp, priority 500$')" = 2 ] \
        || fail "pcap: $out"
    check_fails appctl ofproto/trace br0 in_port=1 --pcap /nonexistent \
        2>/dev/null
fi

# Errors.
check_fails appctl ofproto/trace nobr in_port=1 2>/dev/null
check_fails appctl ofproto/trace br0 in_port=1,bogus=3 2>/dev/null
check_fails appctl ofproto/trace br0 in_port=99 2>/dev/null

# One bridge: its name may be left out.
appctl ofproto/trace in_port=1,icmp | grep -qx ' 0. icmp, priority 500' \
    || fail "trace without a bridge name"

# ofproto/list.
check_output br0 appctl ofproto/list
vs add-br br1
check_output "br0
br1" appctl ofproto/list
check_fails appctl ofproto/trace in_port=1,icmp 2>/dev/null
# A datapath flow names its bridge by its datapath in_port, as in Open
# vSwitch: no bridge name needed with two bridges.
vs add-port br1 q1 -- set Interface q1 type=dummy ofport_request=1
odp_eth="eth(src=00:00:00:00:00:01,dst=00:00:00:00:00:02),eth_type(0x0800)"
odp_ip="ipv4(src=10.0.0.1,dst=10.0.0.2,proto=1,tos=0,ttl=64,frag=no)"
out=$(appctl ofproto/trace "in_port($(dp_port 1)),$odp_eth,$odp_ip") \
    || fail "datapath flow trace without a bridge name"
echo "$out" | grep -qx 'bridge("br0")' || fail "not br0: $out"
echo "$out" | grep -qx ' 0. icmp, priority 500' || fail "not traced: $out"
q1=$(appctl dpctl/show | sed -n "s/^ *port \([0-9]*\): q1\( .*\)*$/\1/p")
out=$(appctl ofproto/trace "in_port($q1),$odp_eth,$odp_ip") \
    || fail "datapath flow trace on br1"
echo "$out" | grep -qx 'bridge("br1")' || fail "not br1: $out"
exit 0
