# osw-ofctl monitor prints what osw-vswitchd sends asynchronously (packet-ins
# from output:CONTROLLER, flow removals, port status); snoop attaches to
# RUNDIR/br0.snoop; ofp-parse and ofp-print print OpenFlow from a file or
# hex, including messages that do not decode.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"
require_program osw-ofctl

start_db
start_vswitchd
vs add-br br0 -- set bridge br0 fail_mode=secure
vs add-port br0 p1 -- set Interface p1 type=dummy ofport_request=1
wait_until "test -S '$TESTDIR/br0.mgmt'"

ofctl() {
    osw-ofctl --timeout=10 "$@"
}

# monitor, with miss_send_len 128: packet-ins (from a controller action
# and from a table miss), flow removals, port status.
spawn sh -c 'exec osw-ofctl monitor br0 128 > monitor.out 2> monitor.err'

# An ICMP echo request from 10.0.0.1 to 10.0.0.2 (46 bytes).  Sent until
# the monitor, which connects in the background, reports it.
pkt=505400000007505400000005080045000020000040004001b7530a0000010a000002
pkt=${pkt}08000a4b0001000100000000
wait_until "ofctl packet-out br0 'in_port=1,packet=$pkt,actions=controller' \
            && grep -q '^OFPT_PACKET_IN' monitor.out"
grep -Eq '^OFPT_PACKET_IN \(xid=0x[0-9a-f]+\): .*total_len=46 in_port=1 \(via (action|packet_out)\) data_len=46 \(unbuffered\)$' monitor.out \
    || fail "packet-in line: $(cat monitor.out)"
grep -q '^icmp,.*dl_src=50:54:00:00:00:05,dl_dst=50:54:00:00:00:07,nw_src=10.0.0.1,nw_dst=10.0.0.2' monitor.out \
    || fail "packet-in summary: $(cat monitor.out)"

# A table miss (the table is empty: fail_mode=secure, no controller
# flows) becomes a packet-in with reason no_match for this OpenFlow 1.0
# connection, as in Open vSwitch.
ofctl packet-out br0 "in_port=1,packet=$pkt,actions=table" \
    || fail "packet-out to TABLE"
wait_until "grep -q '(via no_match)' monitor.out" 5 \
    || fail "no table-miss packet-in: $(cat monitor.out)"
grep -Eq '^OFPT_PACKET_IN \(xid=0x[0-9a-f]+\): .*total_len=46 in_port=1 \(via no_match\) data_len=46 \(unbuffered\)$' monitor.out \
    || fail "table-miss packet-in line: $(cat monitor.out)"

ofctl add-flow br0 "priority=9,udp,send_flow_rem,actions=drop" || fail "add-flow"
ofctl del-flows br0 udp || fail "del-flows"
wait_until "grep -q '^OFPT_FLOW_REMOVED' monitor.out"
grep -Eq '^OFPT_FLOW_REMOVED \(xid=0x[0-9a-f]+\): priority=9,udp reason=delete( table_id=0)? duration[0-9.]+s idle0 pkts0 bytes0$' monitor.out \
    || fail "flow removed line: $(grep FLOW_REMOVED monitor.out)"

vs add-port br0 p2 -- set Interface p2 type=dummy ofport_request=2
wait_until "grep -q '^OFPT_PORT_STATUS' monitor.out"
grep -Eq '^OFPT_PORT_STATUS \(xid=0x[0-9a-f]+\): ADD: 2\(p2\): addr:' monitor.out \
    || fail "port status: $(grep -A2 PORT_STATUS monitor.out)"

# snoop attaches to br0.snoop: refused while the bridge has no
# controller, then it waits for controller traffic.
test -S "$TESTDIR/br0.snoop" || fail "no br0.snoop socket"
check_fails osw-ofctl --timeout=5 snoop br0 2>/dev/null
vs set-controller br0 tcp:127.0.0.1:1
rc=0
timeout 2 osw-ofctl snoop br0 > snoop.out 2>&1 || rc=$?
test $rc = 124 || fail "snoop ended early ($rc): $(cat snoop.out)"

# ofp-parse: messages back to back in a file; ofp-print: hex.
printf '\001\000\000\010\000\000\000\001\001\002\000\014\000\000\000\002abcd' \
    > msgs.bin
check_output "OFPT_HELLO (xid=0x1):
 version bitmap: 0x01
OFPT_ECHO_REQUEST (xid=0x2): 4 bytes of payload
00000000  61 62 63 64                                     |abcd            |" \
    osw-ofctl ofp-parse msgs.bin
check_output "OFPT_FEATURES_REQUEST (OF1.3) (xid=0x2):" \
    osw-ofctl ofp-print "04 05 0008 00000002"
check_output "***decode error: OFPBRC_BAD_TYPE***
00000000  01 fe 00 08 00 00 00 05-                        |........        |" \
    osw-ofctl ofp-print "01 fe 0008 00000005"
printf '\001\000\000' > short.bin
check_fails osw-ofctl ofp-parse short.bin 2>/dev/null

exit 0
