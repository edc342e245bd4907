# The MAC table's size limit (Bridge other_config:mac-table-size, least
# recently used entries evicted), and forwarding decisions that follow the
# table, seen in the datapath's cached flows: flooding within the VLAN,
# unicast once learned, back to flooding after a flush.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

# A daemon that stops answering fails the test instead of hanging it.
appctl() {
    osw-appctl -T 10 -t "$TESTDIR/osw-vswitchd.ctl" "$@"
}

start_db
start_vswitchd

vs add-br br0 -- set Bridge br0 other_config:mac-table-size=3 \
    -- add-port br0 p1 -- set Interface p1 type=dummy ofport_request=1 \
    -- set Port p1 tag=10 \
    -- add-port br0 p2 -- set Interface p2 type=dummy ofport_request=2 \
    -- set Port p2 tag=10 \
    -- add-port br0 p3 -- set Interface p3 type=dummy ofport_request=3 \
    -- set Port p3 tag=20 \
    -- add-port br0 p4 -- set Interface p4 type=dummy ofport_request=4 \
    -- set Port p4 trunks=10,20

IP4="ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no)"
recv() {
    local l3="eth_type(0x0800),$IP4,udp(src=1,dst=2)"
    if [ $# -ge 4 ]; then
        l3="eth_type(0x8100),vlan(vid=$4,pcp=0),encap($l3)"
    fi
    appctl netdev-dummy/receive "$1" "eth(src=$2,dst=$3),$l3" >/dev/null
}

BC=ff:ff:ff:ff:ff:ff
for i in 1 2 3 4 5; do
    recv p1 50:54:00:00:00:0$i $BC
    wait_until "appctl fdb/show br0 | grep -q 50:54:00:00:00:0$i"
done
appctl fdb/show br0 > fdb.txt
test "$(grep -c 50:54 fdb.txt)" = 3 \
    || { cat fdb.txt >&2; fail "not 3 entries"; }
for i in 3 4 5; do
    grep -q "50:54:00:00:00:0$i" fdb.txt || fail "entry $i evicted"
done
appctl fdb/stats-show br0 > stats.txt
grep -q "MAC entries in the table: 3/3$" stats.txt \
    || { cat stats.txt >&2; fail "size"; }
grep -q "evicted MAC entries     : 2$" stats.txt || fail "evictions"
grep -q "learned MAC entries     : 5$" stats.txt || fail "learned"

# A larger limit keeps more.
vs set Bridge br0 other_config:mac-table-size=100
recv p1 50:54:00:00:00:01 $BC
recv p1 50:54:00:00:00:02 $BC
wait_until "test \$(appctl fdb/show br0 | grep -c 50:54) = 5"

# Forwarding decisions, as the datapath caches them.
# flow_actions SRC DST: the actions of the cached flow from SRC to DST.
# Datapath port numbers are replaced by port names.
flow_actions() {
    local acts map
    acts=$(appctl dpctl/dump-flows | grep "eth(src=$1,dst=$2)" \
           | sed 's/.*actions://' | head -1)
    map=$(appctl dpctl/show \
          | sed -n 's/^  port \([0-9]*\): \([^ ]*\).*/\1 \2/p')
    echo "$acts" | tr , '\n' | while read -r a; do
        name=$(echo "$map" | awk -v n="$a" '$1 == n {print $2}')
        echo "${name:-$a}"
    done | paste -sd,
}
appctl dpctl/del-flows >/dev/null
appctl fdb/flush br0 >/dev/null
M7=50:54:00:00:00:07
M8=50:54:00:00:00:08
# Unknown destination: flooded within VLAN 10 (p2 untagged, p4 tagged),
# never to p3 (VLAN 20).
recv p1 $M7 $M8
wait_until "test -n \"\$(flow_actions $M7 $M8)\""
acts=$(flow_actions $M7 $M8)
case ,$acts, in
    *,p3,*) fail "flooded to VLAN 20: $acts" ;;
esac
case ,$acts, in
    *,p2,push_vlan*) ;;
    *) fail "not flooded to p2 untagged: $acts" ;;
esac
# The local port br0 is a trunk too.
check_output "p2,push_vlan(vid=10,pcp=0),p4,br0" flow_actions $M7 $M8

# $M8 answers from the trunk: $M7 is known, so unicast to p1, untagged.
recv p4 $M8 $M7 10
wait_until "test -n \"\$(flow_actions $M8 $M7)\""
check_output "pop_vlan,p1" flow_actions $M8 $M7
# ...and now $M7 -> $M8 is re-translated to the trunk only.
recv p1 $M7 $M8
wait_until "test \"\$(flow_actions $M7 $M8)\" = 'push_vlan(vid=10,pcp=0),p4'"

# Frames tagged on an access port are dropped and counted.
recv p1 $M7 $M8 10
wait_until "appctl coverage/show | grep -q drop_tagged_on_access"
exit 0
