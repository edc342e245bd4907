# osw-ofctl's group and meter commands against osw-vswitchd (OpenFlow 1.3
# by default for these): add-group/add-groups, mod-group, del-groups,
# dump-groups [GROUP], dump-group-stats, dump-group-features, add-meter,
# mod-meter, del-meters, dump-meters, meter-stats, meter-features, and
# flows that use them.

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
# body CMD...: the command's output without its first (header) line.
body() {
    ofctl "$@" | sed 1d
}

ofctl add-group br0 "group_id=1,type=all,bucket=output:1,bucket=output:2" \
    || fail "add-group all"
ofctl add-group br0 "group_id=2,type=select,bucket=weight:10,watch_port:1,actions=output:1,bucket=weight:20,actions=output:2" \
    || fail "add-group select"
cat > groups.txt <<'GROUPS'
# fast failover and indirect
group_id=3,type=ff,bucket=watch_port:1,output:1,bucket=watch_port:2,output:2
group_id=4,type=indirect,bucket=actions=output:p2
GROUPS
ofctl add-groups br0 groups.txt || fail "add-groups"

ofctl dump-groups br0 | head -1 \
    | grep -Eq '^OFPST_GROUP_DESC reply \(OF1.3\) \(xid=0x[0-9a-f]+\):$' \
    || fail "dump-groups header"
check_output " group_id=1,type=all,bucket=actions=output:1,bucket=actions=output:2
 group_id=2,type=select,bucket=weight:10,watch_port:1,actions=output:1,bucket=weight:20,actions=output:2
 group_id=3,type=ff,bucket=watch_port:1,actions=output:1,bucket=watch_port:2,actions=output:2
 group_id=4,type=indirect,bucket=actions=output:2" \
    eval "body dump-groups br0 | sort"
check_output " group_id=2,type=select,bucket=weight:10,watch_port:1,actions=output:1,bucket=weight:20,actions=output:2" \
    body dump-groups br0 2

# Adding an existing group fails with the switch's error.
rc=0
out=$(ofctl add-group br0 "group_id=1,type=all" 2>&1) || rc=$?
test $rc = 1 || fail "add-group of an existing group: exit status $rc"
echo "$out" | grep -q '^OFPT_ERROR (OF1.3) (xid=0x[0-9a-f]*): OFPGMFC_GROUP_EXISTS$' \
    || fail "GROUP_EXISTS not reported: $out"

ofctl mod-group br0 "group_id=1,type=all,bucket=output:2" || fail "mod-group"
check_output " group_id=1,type=all,bucket=actions=output:2" \
    body dump-groups br0 1

out=$(ofctl dump-group-stats br0) || fail "dump-group-stats"
echo "$out" | grep -Eq '^ group_id=1,duration=[0-9.]+s,ref_count=0,packet_count=0,byte_count=0,bucket0:packet_count=0,byte_count=0$' \
    || fail "group stats: $out"
ofctl dump-group-features br0 | grep -q '^ Group table:$' \
    || fail "dump-group-features"

# A flow that uses a group counts as a reference.
ofctl -O OpenFlow13 add-flow br0 "priority=5,ip,actions=group:2" \
    || fail "add-flow group"
check_output " priority=5,ip actions=group:2" \
    ofctl -O OpenFlow13 dump-flows --no-stats br0

ofctl del-groups br0 group_id=3 || fail "del-groups 3"
test "$(body dump-groups br0 | grep -c group_id=3)" = 0 || fail "3 remains"
ofctl del-groups br0 || fail "del-groups"
check_output "" body dump-groups br0

# Groups need OpenFlow 1.3+.
check_fails ofctl -O OpenFlow10 dump-groups br0 2>/dev/null

# Meters.
ofctl add-meter br0 "meter=1,kbps,burst,stats,bands=type=drop,rate=1000,burst_size=100" \
    || fail "add-meter 1"
ofctl add-meter br0 "meter=2,pktps,bands=type=dscp_remark,rate=100,prec_level=1" \
    || fail "add-meter 2"
check_output "meter=1 kbps burst stats bands=
type=drop rate=1000 burst_size=100
meter=2 pktps bands=
type=dscp_remark rate=100 prec_level=1" body dump-meters br0
check_output "meter=2 pktps bands=
type=dscp_remark rate=100 prec_level=1" body dump-meters br0 meter=2

ofctl mod-meter br0 "meter=2,pktps,bands=type=drop,rate=50" || fail "mod-meter"
check_output "meter=2 pktps bands=
type=drop rate=50" body dump-meters br0 meter=2

out=$(ofctl meter-stats br0 meter=1) || fail "meter-stats"
echo "$out" | grep -Eq '^meter:1 flow_count:0 packet_in_count:0 byte_in_count:0 duration:[0-9.]+s bands:$' \
    || fail "meter-stats: $out"
echo "$out" | grep -q '^0: packet_count:0 byte_count:0$' \
    || fail "meter band stats: $out"
ofctl meter-features br0 | grep -Eq '^max_meter:[0-9]+ max_bands:[0-9]+ max_color:[0-9]+$' \
    || fail "meter-features"

ofctl -O OpenFlow13 add-flow br0 "priority=6,arp,actions=meter:1,output:2" \
    || fail "add-flow meter"
ofctl -O OpenFlow13 dump-flows --no-stats br0 arp \
    | grep -q 'actions=meter:1,output:2$' || fail "meter flow"

ofctl del-meters br0 meter=2 || fail "del-meters 2"
check_output "meter=1 kbps burst stats bands=
type=drop rate=1000 burst_size=100" body dump-meters br0
check_fails ofctl add-meter br0 "meter=3,kbps,bands=type=bogus,rate=1" \
    2>/dev/null

exit 0
