# Open vSwitch's own ovs-ofctl against osw-vswitchd's management socket
# (unix:RUNDIR/br0.mgmt): it can add, modify and delete flows, groups and
# meters, and osw-ofctl and ovs-ofctl print the same output for the same
# switch (transaction ids and running times aside).

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"
require_program osw-ofctl
require_program ovs-ofctl

start_db
start_vswitchd
vs add-br br0 -- set bridge br0 fail_mode=secure
vs add-port br0 p1 -- set Interface p1 type=dummy ofport_request=1
vs add-port br0 p2 -- set Interface p2 type=dummy ofport_request=2
wait_until "test -S '$TESTDIR/br0.mgmt'"
SW=unix:$TESTDIR/br0.mgmt

ovs() {
    ovs-ofctl --timeout=10 "$@"
}
osw() {
    osw-ofctl --timeout=10 "$@"
}
# normalize: transaction ids and times vary from run to run.
normalize() {
    sed -E -e 's/xid=0x[0-9a-f]+/xid=X/g' \
        -e 's/duration(=|:)[0-9.]+s/duration\1Xs/g' \
        -e 's/idle_age=[0-9]+/idle_age=X/g' \
        -e 's/hard_age=[0-9]+/hard_age=X/g'
}
# same ARGS...: "ovs-ofctl ARGS SW" and "osw-ofctl ARGS br0" print the same.
same() {
    local a b
    a=$(ovs "$@" "$SW" | normalize) || fail "ovs-ofctl $* failed"
    b=$(osw "$@" br0 | normalize) || fail "osw-ofctl $* failed"
    if [ "$a" != "$b" ]; then
        diff -u <(echo "$a") <(echo "$b") >&2
        fail "ovs-ofctl and osw-ofctl differ for: $*"
    fi
}

# Flows written by ovs-ofctl, read by both.
ovs add-flow "$SW" "priority=500,icmp,actions=drop" || fail "add-flow icmp"
ovs add-flow "$SW" "tcp,tp_dst=8080,idle_timeout=60,actions=mod_tp_dst:80,NORMAL" \
    || fail "add-flow tcp"
ovs add-flow "$SW" "cookie=0x5,in_port=1,dl_src=00:11:22:33:44:55,actions=output:2,controller:100" \
    || fail "add-flow in_port"
ovs add-flow "$SW" "table=2,priority=7,ip,nw_src=10.0.0.0/8,actions=resubmit(,3)" \
    || fail "add-flow table 2"
ovs add-flow "$SW" "reg0=5,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=drop" \
    || fail "add-flow NXM"

check_output " cookie=0x5, in_port=1,dl_src=00:11:22:33:44:55 actions=output:2,CONTROLLER:100
 idle_timeout=60, tcp,tp_dst=8080 actions=mod_tp_dst:80,NORMAL
 priority=500,icmp actions=drop
 reg0=0x5,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=drop
 table=2, priority=7,ip,nw_src=10.0.0.0/8 actions=resubmit(,3)" \
    eval "ovs dump-flows --no-stats '$SW' | sort"

# MPLS matches and actions, in Nicira (1.0) and OpenFlow 1.3 encodings.
ovs add-flow "$SW" "table=3,ip,actions=push_mpls:0x8847,set_mpls_label:10,set_mpls_tc:1,set_mpls_ttl:9,output:1" \
    || fail "add-flow push_mpls"
ovs -O OpenFlow13 add-flow "$SW" "table=3,mpls,mpls_label=5,mpls_tc=2,mpls_bos=1,actions=dec_mpls_ttl,set_field:7->mpls_label,pop_mpls:0x0800,output:2" \
    || fail "add-flow pop_mpls"
ovs -O OpenFlow13 add-flow "$SW" "table=3,mplsm,mpls_ttl=3,actions=push_mpls:0x8848,output:2" \
    || fail "add-flow mplsm"
check_output " table=3, ip actions=push_mpls:0x8847,set_mpls_label(10),set_mpls_tc(1),set_mpls_ttl(9),output:1
 table=3, mpls,mpls_label=5,mpls_tc=2,mpls_bos=1 actions=dec_mpls_ttl,load:0x7->OXM_OF_MPLS_LABEL[],pop_mpls:0x0800,output:2
 table=3, mplsm,mpls_ttl=3 actions=push_mpls:0x8848,output:2" \
    eval "ovs dump-flows --no-stats '$SW' table=3 | sort"
same dump-flows --no-stats
same -O OpenFlow13 dump-flows --no-stats
osw add-flow br0 "table=4,mpls,mpls_label=6,actions=push_mpls:0x8847,set_mpls_label:11,output:2" \
    || fail "osw add-flow mpls"
check_output " table=4, mpls,mpls_label=6 actions=push_mpls:0x8847,set_mpls_label(11),output:2" \
    ovs dump-flows --no-stats "$SW" table=4
ovs del-flows "$SW" table=3 || fail "del-flows table 3"
ovs del-flows "$SW" table=4 || fail "del-flows table 4"

same dump-flows
same dump-flows --no-stats
same dump-flows --no-stats --sort
same dump-flows --no-stats --rsort=priority
same dump-flows --no-stats --sort=in_port --rsort=tp_dst
same -O OpenFlow13 dump-flows
same dump-aggregate
same -O OpenFlow13 dump-aggregate

# Flows written by osw-ofctl, read by ovs-ofctl.
osw mod-flows br0 "icmp,actions=output:1" || fail "mod-flows"
check_output " priority=500,icmp actions=output:1" \
    ovs dump-flows --no-stats "$SW" icmp
osw del-flows br0 "cookie=0x5/-1" || fail "del-flows cookie"
ovs del-flows --strict "$SW" "priority=500,icmp" || fail "ovs del-flows"
same dump-flows --no-stats

# Ports.
same dump-ports
same dump-ports-desc
same -O OpenFlow13 dump-ports-desc
same show
same -O OpenFlow13 show
same -O OpenFlow14 show
same dump-desc
same dump-tables
same -O OpenFlow13 dump-tables
# Table features: what osw supports, in ovs-ofctl's folded format.
same -O OpenFlow13 dump-table-features
same -O OpenFlow14 dump-table-features
same -O OpenFlow15 dump-table-features
same queue-stats
same -O OpenFlow14 dump-ports

# Groups and meters (OpenFlow 1.3).
ovs -O OpenFlow13 add-group "$SW" "group_id=1,type=select,bucket=weight:10,actions=output:1,bucket=weight:20,actions=output:2" \
    || fail "ovs add-group"
osw add-group br0 "group_id=2,type=all,bucket=output:1,bucket=output:2" \
    || fail "osw add-group"
same -O OpenFlow13 dump-groups
same -O OpenFlow13 dump-group-stats
same -O OpenFlow13 dump-group-features
ovs -O OpenFlow13 add-meter "$SW" "meter=1,kbps,burst,stats,bands=type=drop,rate=1000,burst_size=100" \
    || fail "ovs add-meter"
same -O OpenFlow13 dump-meters
same -O OpenFlow13 meter-stats
same -O OpenFlow13 meter-features

exit 0
