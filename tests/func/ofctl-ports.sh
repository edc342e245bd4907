# osw-ofctl's switch and port commands against osw-vswitchd: show,
# dump-desc, dump-tables, dump-ports [PORT], dump-ports-desc [PORT],
# mod-port, queue-stats and packet-out (whose packets the port counters
# then show), in OpenFlow 1.0 and 1.3.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"
require_program osw-ofctl

start_db
start_vswitchd
vs add-br br0 -- set bridge br0 fail_mode=secure
vs add-port br0 p1 -- set Interface p1 type=dummy ofport_request=1
vs add-port br0 p2 -- set Interface p2 type=dummy ofport_request=2
wait_until "test -S '$TESTDIR/br0.mgmt'"

ofctl() {
    osw-ofctl --timeout=10 "$@"
}
# has TEXT REGEX: TEXT has a line matching REGEX (extended).
has() {
    echo "$1" | grep -Eq -- "$2" || fail "no line matching '$2' in:
$1"
}

# show: features with the ports (1.0), then the configuration.
out=$(ofctl show br0) || fail "show"
has "$out" '^OFPT_FEATURES_REPLY \(xid=0x[0-9a-f]+\): dpid:[0-9a-f]{16}$'
has "$out" '^n_tables:254, n_buffers:[0-9]+$'
has "$out" '^capabilities: FLOW_STATS TABLE_STATS PORT_STATS'
has "$out" '^actions: output enqueue set_vlan_vid'
has "$out" '^ 1\(p1\): addr:([0-9a-f]{2}:){5}[0-9a-f]{2}$'
has "$out" '^ 2\(p2\): addr:'
has "$out" '^ LOCAL\(br0\): addr:'
has "$out" '^     config:     '
has "$out" '^     speed: [0-9]+ Mbps now, [0-9]+ Mbps max$'
has "$out" '^OFPT_GET_CONFIG_REPLY \(xid=0x[0-9a-f]+\): frags=normal miss_send_len=[0-9]+$'
# Ports in number order, LOCAL last.
check_output " 1(p1)
 2(p2)
 LOCAL(br0)" eval "echo \"\$out\" | grep -Eo '^ [0-9A-Z]+\([a-z0-9]+\)'"

# 1.3: the ports come from a port description request.
out=$(ofctl -O OpenFlow13 show br0) || fail "show 1.3"
has "$out" '^OFPT_FEATURES_REPLY \(OF1.3\) \(xid=0x[0-9a-f]+\): dpid:'
has "$out" '^OFPST_PORT_DESC reply \(OF1.3\) \(xid=0x[0-9a-f]+\):$'
has "$out" '^OFPT_GET_CONFIG_REPLY \(OF1.3\)'

out=$(ofctl dump-desc br0) || fail "dump-desc"
has "$out" '^OFPST_DESC reply \(xid=0x[0-9a-f]+\):$'
has "$out" '^Manufacturer: '
has "$out" '^DP Description: '

out=$(ofctl dump-tables br0) || fail "dump-tables"
has "$out" '^OFPST_TABLE reply \(xid=0x[0-9a-f]+\):$'
# (Named tables are "ditto" one by one, unnamed ones as a range.)
has "$out" '^  table 0( \("[^"]*"\))?:$'
has "$out" '^    active=0, lookup=[0-9]+, matched=[0-9]+$'
has "$out" '^    max_entries=[0-9]+$'
has "$out" '^  (tables [0-9]+\.\.\.253|table 253 \("[^"]*"\)): ditto$'

# Port descriptions, all or one.
out=$(ofctl dump-ports-desc br0) || fail "dump-ports-desc"
has "$out" '^OFPST_PORT_DESC reply \(xid=0x[0-9a-f]+\):$'
test "$(echo "$out" | grep -c 'addr:')" = 3 || fail "3 ports: $out"
out=$(ofctl dump-ports-desc br0 p2) || fail "dump-ports-desc p2"
test "$(echo "$out" | grep -c 'addr:')" = 1 || fail "1 port: $out"
has "$out" '^ 2\(p2\): addr:'

# mod-port down/up shows in the description.
ofctl mod-port br0 p1 down || fail "mod-port down"
has "$(ofctl dump-ports-desc br0 1)" '^     config:     PORT_DOWN$'
ofctl mod-port br0 1 up || fail "mod-port up"
has "$(ofctl dump-ports-desc br0 1)" '^     config:     0$'
check_fails ofctl mod-port br0 p9 down 2>/dev/null
check_fails ofctl mod-port br0 p1 sideways 2>/dev/null

# Port statistics.
out=$(ofctl dump-ports br0) || fail "dump-ports"
has "$out" '^OFPST_PORT reply \(xid=0x[0-9a-f]+\): 3 ports$'
has "$out" '^  port  1: rx pkts=0, bytes=0, drop=[0-9?]+, errs=[0-9?]+, frame=[0-9?]+, over=[0-9?]+, crc=[0-9?]+$'
has "$out" '^           tx pkts=0, bytes=0, drop=[0-9?]+, errs=[0-9?]+, coll=[0-9?]+$'
has "$out" '^  port LOCAL: rx pkts='
out=$(ofctl -O OpenFlow13 dump-ports br0 2) || fail "dump-ports 2"
has "$out" '^OFPST_PORT reply \(OF1.3\) \(xid=0x[0-9a-f]+\): 1 ports$'
has "$out" '^  port  2: rx pkts='
has "$out" '^           duration=[0-9.]+s$'

has "$(ofctl queue-stats br0)" '^OFPST_QUEUE reply \(xid=0x[0-9a-f]+\): [0-9]+ queues$'

# packet-out, both syntaxes; the packets leave through the ports.
pkt=505400000007505400000005080045000054000040004001b7530a0000010a000002
pkt=${pkt}08000a4b0001000100000000
ofctl packet-out br0 "in_port=LOCAL,packet=$pkt,actions=output:1" \
    || fail "packet-out"
ofctl packet-out br0 LOCAL output:2 $pkt $pkt || fail "packet-out (old form)"
ofctl -O OpenFlow13 packet-out br0 "in_port=LOCAL packet=$pkt actions=output:p1" \
    || fail "packet-out 1.3 with a port name"
has "$(ofctl dump-ports br0 1)" '^           tx pkts=2, bytes=92,'
has "$(ofctl dump-ports br0 2)" '^           tx pkts=2, bytes=92,'
check_fails ofctl packet-out br0 "in_port=1,actions=output:2" 2>/dev/null

exit 0
