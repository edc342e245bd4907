# of-messages: the switch's answers to osw-ofctl's requests and its
# asynchronous messages, on a bridge with two VMs: features and port
# descriptions, description, port statistics (all and one port), port
# mod (with its port status message), queue statistics, aggregate,
# group and meter features, packet-out, and through "osw-ofctl monitor":
# packet-in from a controller action, flow removed by delete and by hard
# timeout.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

require_program osw-ofctl

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24
vm_ready a 10.1.0.2
vm_ping a 10.1.0.2 3

pa=$(vsctl get Interface "$(vm_port a)" ofport)
pb=$(vsctl get Interface "$(vm_port b)" ofport)

osw-ofctl show "$br0" > show.out
grep -q "n_tables:254, n_buffers:256" show.out \
    || { cat show.out >&2; fail "show: tables/buffers"; }
grep -q "FLOW_STATS TABLE_STATS PORT_STATS" show.out || fail "show: caps"
grep -q "^ $pa($(vm_port a)): addr:" show.out || fail "show: port a"
grep -q "^ LOCAL($br0): addr:" show.out || fail "show: LOCAL"

osw-ofctl dump-desc "$br0" > desc.out
grep -q "^Manufacturer: osw$" desc.out || fail "dump-desc"
grep -q "^Hardware: osw userspace switch$" desc.out || fail "dump-desc hw"

osw-ofctl -O OpenFlow13 dump-ports-desc "$br0" > pdesc.out
grep -A2 "^ $pa(" pdesc.out | grep -q "state: *LIVE" \
    || { cat pdesc.out >&2; fail "port a not LIVE"; }

# Port statistics count the pings (in both directions).
osw-ofctl dump-ports "$br0" > ports.out
grep -q "3 ports" ports.out || { cat ports.out >&2; fail "dump-ports"; }
rx=$(osw-ofctl dump-ports "$br0" "$pa" \
     | sed -n 's/.*port *[0-9]*: rx pkts=\([0-9]*\),.*/\1/p')
[ "${rx:-0}" -ge 3 ] || fail "port $pa rx pkts=$rx"
osw-ofctl dump-ports "$br0" 77 | grep -q "0 ports" \
    || fail "dump-ports of a missing port"
# Counters a veth (or the LOCAL tap) does not keep are 0, as Open vSwitch
# 3.1 reports them, never "?" (unavailable).
grep -q "frame=0, over=0, crc=0" ports.out \
    || { cat ports.out >&2; fail "dump-ports: frame/over/crc"; }
grep -q "coll=0" ports.out || { cat ports.out >&2; fail "dump-ports: coll"; }
grep -q "?" ports.out && { cat ports.out >&2; fail "dump-ports: '?'"; }

# Unnamed tables, as in Open vSwitch: table 1 shows its counters with
# "(same features)", then the run of identical ones is one "ditto" line
# (also with ovs-ofctl when it is installed).
for ofctl in osw-ofctl ovs-ofctl; do
    command -v $ofctl >/dev/null || continue
    $ofctl dump-tables "unix:$OSW_RUNDIR/$br0.mgmt" > tables.out \
        || fail "$ofctl dump-tables"
    grep -q "^  table 0:$" tables.out \
        || { cat tables.out >&2; fail "$ofctl: table 0 has a name"; }
    grep -q "^  table 1:$" tables.out \
        || { cat tables.out >&2; fail "$ofctl: table 1 has a name"; }
    grep -q "^  tables 2\.\.\.253: ditto$" tables.out \
        || { cat tables.out >&2; fail "$ofctl: no 'tables 2...253: ditto'"; }
done

# Queues: none configured; an unknown port is an error.
osw-ofctl queue-stats "$br0" | grep -q "0 queues" || fail "queue-stats"
check_fails osw-ofctl queue-stats "$br0" 77 2> qerr.out
grep -q OFPQOFC_BAD_PORT qerr.out || fail "queue-stats bad port"

osw-ofctl -O OpenFlow13 dump-aggregate "$br0" > agg.out
grep -q "flow_count=1" agg.out || { cat agg.out >&2; fail "aggregate"; }
osw-ofctl -O OpenFlow13 dump-group-features "$br0" | grep -q "fast failover" \
    || fail "group features"
osw-ofctl -O OpenFlow13 meter-features "$br0" \
    | grep -q "band_types: drop dscp_remark" || fail "meter features"

# Asynchronous messages.
spawn osw-ofctl monitor "$br0" 65534 > monitor.out 2>&1
wait_until "osw-ofctl dump-flows $br0 >/dev/null && sleep 0.5" 5

osw-ofctl add-flow "$br0" "priority=9,tcp,send_flow_rem,actions=drop"
osw-ofctl del-flows "$br0" tcp
osw-ofctl add-flow "$br0" \
    "priority=9,udp,hard_timeout=1,send_flow_rem,actions=drop"
osw-ofctl add-flow "$br0" "priority=8,icmp,actions=controller"
vm_exec a ping -q -c 1 -W 1 10.1.0.2 >/dev/null || :
osw-ofctl mod-port "$br0" "$(vm_port b)" no-flood
osw-ofctl dump-ports-desc "$br0" | grep -A1 "^ $pb(" | grep -q NO_FLOOD \
    || fail "mod-port no-flood not shown"

wait_until "grep -q 'reason=hard' monitor.out" 5 \
    || { cat monitor.out >&2; fail "no hard timeout flow removed"; }
grep -q "OFPT_FLOW_REMOVED.*priority=9,tcp reason=delete" monitor.out \
    || { cat monitor.out >&2; fail "no delete flow removed"; }
grep -q "OFPT_PACKET_IN.*in_port=$pa (via action)" monitor.out \
    || { cat monitor.out >&2; fail "no packet-in"; }
grep -q "OFPT_PORT_STATUS.*MOD: $pb(" monitor.out \
    || { cat monitor.out >&2; fail "no port status"; }

# Packet-out: a frame from the controller to port b arrives in b's
# namespace byte for byte (a packet socket on b's eth0 for its
# EtherType, so no other traffic can stand in for it).
frame=0212000000020212000000fe88b5000102030405060708090a0b0c0d0e0f
frame=${frame}101112131415161718191a1b1c1d1e1f2021222324252627282930
rx=$TESTDIR/pktout.rx
spawn ip netns exec "${_vm_ns[b]}" python3 -c '
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x88b5))
s.bind(("eth0", 0))
print("ready", flush=True)
print(s.recv(2048).hex(), flush=True)
' > "$rx" 2>&1
wait_until "grep -q ready $rx" 10 || fail "packet socket on b"
osw-ofctl packet-out "$br0" \
    "in_port=controller packet=$frame actions=output:$pb"
wait_until "[ \$(wc -l < $rx) -ge 2 ]" 5 \
    || fail "packet-out frame did not reach b"
[ "$(sed -n 2p "$rx")" = "$frame" ] \
    || fail "packet-out: b got $(sed -n 2p "$rx"), want $frame"
switch_alive
