# osw-ofctl against a running osw-vswitchd over the bridge's management
# socket (RUNDIR/br0.mgmt): add-flow, dump-flows (plain, --no-stats,
# --sort/--rsort, --names, filters), dump-aggregate, mod-flows,
# del-flows (--strict), add-flows from a file, replace-flows and
# diff-flows, in OpenFlow 1.0 (with NXM when needed) and 1.3.

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
# flows BRIDGE [OPTION]...: the flows without statistics, sorted.
flows() {
    ofctl dump-flows --no-stats "$@" | sort
}

# A secure bridge starts empty.
check_output "" flows br0

ofctl add-flow br0 "priority=500,icmp,actions=drop" || fail "add-flow"
ofctl add-flow br0 "tcp,tp_dst=8080,idle_timeout=60,actions=mod_tp_dst:80,NORMAL" \
    || fail "add-flow tcp"
ofctl add-flow br0 "in_port=p1,dl_src=00:11:22:33:44:55,actions=output:p2" \
    || fail "add-flow with port names"
check_output " idle_timeout=60, tcp,tp_dst=8080 actions=mod_tp_dst:80,NORMAL
 in_port=1,dl_src=00:11:22:33:44:55 actions=output:2
 priority=500,icmp actions=drop" flows br0

# The plain form: one NXST_FLOW reply with statistics.
out=$(ofctl dump-flows br0) || fail "dump-flows"
echo "$out" | head -1 | grep -Eq '^NXST_FLOW reply \(xid=0x[0-9a-f]+\):$' \
    || fail "dump-flows header: $out"
echo "$out" | grep -Eq '^ cookie=0x0, duration=[0-9.]+s, table=0, n_packets=0, n_bytes=0, idle_age=[0-9]+, priority=500,icmp actions=drop$' \
    || fail "dump-flows line: $out"

# OpenFlow 1.3.
out=$(ofctl -O OpenFlow13 dump-flows br0) || fail "dump-flows 1.3"
echo "$out" | head -1 | grep -Eq '^OFPST_FLOW reply \(OF1.3\) \(xid=0x[0-9a-f]+\):$' \
    || fail "dump-flows 1.3 header: $out"
echo "$out" | grep -q 'actions=set_field:80->tcp_dst,NORMAL$' \
    || fail "dump-flows 1.3 actions: $out"

# OpenFlow 1.5 (OFPMP_FLOW_DESC) prints as ovs-ofctl prints it.
out=$(ofctl -O OpenFlow15 dump-flows br0) || fail "dump-flows 1.5"
echo "$out" | head -1 | grep -Eq '^OFPST_FLOW reply \(OF1.5\) \(xid=0x[0-9a-f]+\):$' \
    || fail "dump-flows 1.5 header: $out"

# A table that does not exist is a table error in every version (1.0
# through the table_id extension; 1.3 modify may not name "all tables").
ofctl add-flow br0 "table=254,priority=5,actions=drop" 2>err.out \
    && fail "add-flow to table 254 succeeded"
grep -q 'BAD_TABLE_ID' err.out || fail "table 254 error: $(cat err.out)"

# Filters, names, sorting.
check_output " priority=500,icmp actions=drop" flows br0 icmp
check_output " in_port=p1,dl_src=00:11:22:33:44:55 actions=output:p2" \
    flows br0 --names in_port=p1
check_output " priority=500,icmp actions=drop
 idle_timeout=60, tcp,tp_dst=8080 actions=mod_tp_dst:80,NORMAL
 in_port=1,dl_src=00:11:22:33:44:55 actions=output:2" \
    ofctl dump-flows --no-stats --sort br0
check_output " idle_timeout=60, tcp,tp_dst=8080 actions=mod_tp_dst:80,NORMAL
 in_port=1,dl_src=00:11:22:33:44:55 actions=output:2
 priority=500,icmp actions=drop" \
    ofctl dump-flows --no-stats --rsort=priority br0

ofctl dump-aggregate br0 | grep -Eq '^NXST_AGGREGATE reply \(xid=0x[0-9a-f]+\): packet_count=0 byte_count=0 flow_count=3$' \
    || fail "dump-aggregate: $(ofctl dump-aggregate br0)"

# mod-flows changes actions of every match; --strict only the exact one
# (in OpenFlow 1.0 a modify that matches nothing adds the flow).
ofctl mod-flows br0 "icmp,actions=output:1" || fail "mod-flows"
check_output " priority=500,icmp actions=output:1" flows br0 icmp
ofctl mod-flows --strict br0 "priority=500,icmp,actions=drop" \
    || fail "mod-flows --strict exact"
check_output " priority=500,icmp actions=drop" flows br0 icmp
# In OpenFlow 1.3 mod-flows without table= changes table 0.
ofctl -O OpenFlow13 mod-flows br0 "icmp,actions=output:2" \
    || fail "mod-flows 1.3"
check_output " priority=500,icmp actions=output:2" flows br0 icmp
ofctl -O OpenFlow13 mod-flows --strict br0 "priority=500,icmp,actions=drop" \
    || fail "mod-flows --strict 1.3"
check_output " priority=500,icmp actions=drop" flows br0 icmp

# Cookies: set, then select by value/mask.
ofctl add-flow br0 "cookie=0x1234,priority=7,udp,actions=drop" \
    || fail "add-flow cookie"
check_output " cookie=0x1234, priority=7,udp actions=drop" \
    flows br0 cookie=0x1234/-1
ofctl del-flows br0 "cookie=0x1200/0xff00" || fail "del-flows cookie"
check_output "" flows br0 udp

# del-flows --strict leaves the others.
ofctl del-flows --strict br0 "icmp" || fail "del-flows --strict"
check_output " priority=500,icmp actions=drop" flows br0 icmp
ofctl del-flows --strict br0 "priority=500,icmp" || fail "del-flows strict"
check_output "" flows br0 icmp

# NXM-only matches go through NXT_SET_FLOW_FORMAT.
ofctl add-flow br0 "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,reg0=5,actions=drop" \
    || fail "add-flow NXM"
check_output " reg0=0x5,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=drop" \
    flows br0 reg0=5

# Other tables need the table_id extension.
ofctl add-flow br0 "table=3,priority=9,actions=drop" || fail "add-flow table"
check_output " table=3, priority=9 actions=drop" flows br0 table=3

# Errors: bad syntax fails before connecting; the switch's refusals are
# printed and fail.
check_fails ofctl add-flow br0 "in_port=1" 2>/dev/null
check_fails ofctl add-flow br0 "priority=70000,actions=drop" 2>/dev/null
check_fails ofctl add-flow nosuchbridge "actions=drop" 2>/dev/null

# del-flows without a match empties every table.
ofctl del-flows br0 || fail "del-flows"
check_output "" flows br0

# add-flows from a file (and stdin), with comments and commands.
cat > flows.txt <<'FLOWS'
# comment
priority=10,in_port=1,actions=output:2

priority=10,in_port=2,actions=output:1
table=1,priority=5,ip,nw_src=10.0.0.0/8,actions=drop
FLOWS
ofctl add-flows br0 flows.txt || fail "add-flows"
check_output " priority=10,in_port=1 actions=output:2
 priority=10,in_port=2 actions=output:1
 table=1, priority=5,ip,nw_src=10.0.0.0/8 actions=drop" flows br0
echo "delete_strict priority=10,in_port=2" | ofctl add-flows br0 - \
    || fail "add-flows -"
check_output " priority=10,in_port=1 actions=output:2
 table=1, priority=5,ip,nw_src=10.0.0.0/8 actions=drop" flows br0

# diff-flows: switch against file.
rc=0
ofctl diff-flows br0 flows.txt > diff.out || rc=$?
test $rc = 2 || fail "diff-flows should exit 2 on a difference, not $rc"
check_output "+priority=10,in_port=2 actions=output:1" cat diff.out

# replace-flows makes the switch's flows those of the file.
cat > new.txt <<'FLOWS'
priority=10,in_port=1,actions=output:2
priority=20,arp,actions=NORMAL
FLOWS
ofctl replace-flows br0 new.txt || fail "replace-flows"
check_output " priority=10,in_port=1 actions=output:2
 priority=20,arp actions=NORMAL" flows br0
ofctl diff-flows br0 new.txt || fail "diff-flows after replace-flows"
ofctl diff-flows new.txt new.txt || fail "diff-flows file file"

exit 0
