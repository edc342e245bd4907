# fdb/show, fdb/stats-show, fdb/flush and bridge/dump-flows on a running
# osw-vswitchd, with frames injected on "dummy" ports: the formats of
# Open vSwitch's commands, learning per VLAN, moves, the local port, and
# the errors for unknown bridges.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

# A daemon that stops answering fails the test instead of hanging it.
appctl() {
    osw-appctl -T 10 -t "$TESTDIR/osw-vswitchd.ctl" "$@"
}

start_db
start_vswitchd

vs add-br br0 \
    -- add-port br0 p1 -- set Interface p1 type=dummy ofport_request=1 \
    -- set Port p1 tag=10 \
    -- add-port br0 p2 -- set Interface p2 type=dummy ofport_request=2 \
    -- set Port p2 tag=10 \
    -- add-port br0 p3 -- set Interface p3 type=dummy ofport_request=3

# recv PORT SRC DST [VLAN]: a UDP frame received on PORT.
IP4="ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no)"
recv() {
    local l3="eth_type(0x0800),$IP4,udp(src=1,dst=2)"
    if [ $# -ge 4 ]; then
        l3="eth_type(0x8100),vlan(vid=$4,pcp=0),encap($l3)"
    fi
    appctl netdev-dummy/receive "$1" "eth(src=$2,dst=$3),$l3" >/dev/null
}

# fdb/show with the ages replaced by "?" (they tick).
fdb_show() {
    appctl fdb/show "$1" | sed -E '2,$ s/ +[0-9]+$/  ?/'
}

M1=50:54:00:00:00:01
M2=50:54:00:00:00:02
M3=50:54:00:00:00:03
BC=ff:ff:ff:ff:ff:ff

check_output " port  VLAN  MAC                Age" appctl fdb/show br0

recv p1 $M1 $BC
wait_until "appctl fdb/show br0 | grep -q $M1"
recv p3 $M3 $M1 20
recv p3 $M2 $M1 10
wait_until "appctl fdb/show br0 | grep -q $M2"
check_output " port  VLAN  MAC                Age
    1    10  $M1  ?
    3    20  $M3  ?
    3    10  $M2  ?" fdb_show br0

check_output "Statistics for bridge \"br0\":
  Current/maximum MAC entries in the table: 3/8192
  Current static MAC entries in the table : 0
  Total number of learned MAC entries     : 3
  Total number of expired MAC entries     : 0
  Total number of evicted MAC entries     : 0
  Total number of port moved MAC entries  : 0" appctl fdb/stats-show br0

# $M2 moves to p2 (VLAN 10): counted, shown on port 2, last in LRU order.
recv p2 $M2 $BC
wait_until "appctl fdb/show br0 | grep -q '^    2 .*$M2'"
check_output " port  VLAN  MAC                Age
    1    10  $M1  ?
    3    20  $M3  ?
    2    10  $M2  ?" fdb_show br0
appctl fdb/stats-show br0 | grep -q "port moved MAC entries  : 1$" \
    || fail "move not counted"

# Every frame so far went through the one NORMAL rule.
appctl bridge/dump-flows br0 > flows.txt
grep -Eq '^duration=[0-9]+s, n_packets=4, n_bytes=[0-9]+, '\
'priority=0,actions=NORMAL$' flows.txt \
    || { cat flows.txt >&2; fail "bridge/dump-flows"; }
test "$(wc -l < flows.txt)" = 1 || fail "more than one flow"

# The local port is "LOCAL" (frames from the host's stack on br0).  No
# IPv6 on br0, and br0 down again afterwards, so that no later frame of
# the host's (neighbour discovery, ARP retries) is learned behind the
# checks below.
in_ns sysctl -qw net.ipv6.conf.br0.disable_ipv6=1
in_ns ip link set br0 up
in_ns ip addr add 10.77.0.1/24 dev br0
in_ns ping -c 1 -W 1 10.77.0.2 >/dev/null 2>&1 || :
BRMAC=$(in_ns cat /sys/class/net/br0/address)
wait_until "appctl fdb/show br0 | grep -q '^LOCAL     0  $BRMAC'"
in_ns ip link set br0 down

# Errors.
check_fails appctl fdb/show nosuchbr 2> err.txt
grep -q "no such bridge" err.txt || fail "fdb/show error"
check_fails appctl fdb/stats-show nosuchbr 2> err.txt
grep -q "no such bridge" err.txt || fail "fdb/stats-show error"
check_fails appctl fdb/flush nosuchbr 2> err.txt
grep -q "no such bridge" err.txt || fail "fdb/flush error"
check_fails appctl bridge/dump-flows nosuchbr 2> err.txt
grep -q "no such bridge" err.txt || fail "bridge/dump-flows error"

# Flushing one bridge, then all.
vs add-br br1 -- add-port br1 q1 -- set Interface q1 type=dummy
recv q1 $M1 $BC
wait_until "appctl fdb/show br1 | grep -q $M1"
check_output "table successfully flushed" appctl fdb/flush br0
check_output " port  VLAN  MAC                Age" appctl fdb/show br0
appctl fdb/show br1 | grep -q $M1 || fail "br1 flushed too"
check_output "table successfully flushed" appctl fdb/flush
check_output " port  VLAN  MAC                Age" appctl fdb/show br1
# Flushing forgets, but does not count as expiry.
appctl fdb/stats-show br0 | grep -q "MAC entries in the table: 0/8192" \
    || fail "entries left"
appctl fdb/stats-show br0 | grep -q "expired MAC entries     : 0$" \
    || fail "flush counted as expiry"

# After the flush, traffic to $M1 floods again and relearns.
recv p1 $M1 $BC
wait_until "appctl fdb/show br0 | grep -q $M1"
exit 0
