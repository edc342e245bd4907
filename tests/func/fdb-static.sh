# Static MAC entries (fdb/add, fdb/del) on a running osw-vswitchd, as in
# Open vSwitch 3.1: NORMAL forwards to them without learning, learning
# elsewhere does not move them, they never age and survive fdb/flush, and
# fdb/show and fdb/stats-show list them.  osw is stricter on input: a VLAN
# outside 0..4095 or a multicast MAC is an error (Open vSwitch stores
# them).

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

start_db
start_vswitchd

vs add-br br0 -- set Bridge br0 other_config:mac-aging-time=1 \
    -- add-port br0 p1 -- set Interface p1 type=dummy ofport_request=1 \
    -- add-port br0 p2 -- set Interface p2 type=dummy ofport_request=2 \
    -- add-port br0 p3 -- set Interface p3 type=dummy ofport_request=3

# The datapath port of OpenFlow port $1 (dpctl/show: "port N: NAME").
dp_port() {
    appctl dpctl/show | sed -n "s/^ *port \([0-9]*\): p$1\( .*\)*$/\1/p"
}
DP1=$(dp_port 1)
DP2=$(dp_port 2)
[ -n "$DP1" ] && [ -n "$DP2" ] || fail "no datapath ports"

M1=50:54:00:00:00:01
M2=50:54:00:00:00:02

# actions SRC DST: the datapath actions NORMAL gives a frame from p3.
actions() {
    appctl ofproto/trace br0 "in_port=3,dl_src=$1,dl_dst=$2" \
        | sed -n 's/^Datapath actions: //p'
}

check_output "" appctl fdb/add br0 p1 0 $M1
check_output "" appctl fdb/add br0 p2 10 $M2
check_output " port  VLAN  MAC                Age
    1     0  $M1  static
    2    10  $M2  static" appctl fdb/show br0
appctl fdb/stats-show br0 | grep -q "static MAC entries in the table : 2$" \
    || fail "static entries not counted: $(appctl fdb/stats-show br0)"

# Frames for M1 go to p1 only (no flooding, nothing learned for it).
check_output "$DP1" actions 50:54:00:00:00:99 $M1

# Learning M1 on p3 does not move it.
appctl netdev-dummy/receive p3 \
    "eth(src=$M1,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0800)" >/dev/null
check_output "$DP1" actions 50:54:00:00:00:99 $M1
appctl fdb/stats-show br0 | grep -q "port moved MAC entries  : 0$" \
    || fail "a static entry moved"

# A learned entry ages (mac-aging-time=1), static ones do not; fdb/flush
# keeps them.
appctl netdev-dummy/receive p3 \
    "eth(src=50:54:00:00:00:33,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0800)" \
    >/dev/null
wait_until "appctl fdb/show br0 | grep -q 50:54:00:00:00:33"
wait_until "! appctl fdb/show br0 | grep -q 50:54:00:00:00:33"
check_output "table successfully flushed" appctl fdb/flush br0
test "$(appctl fdb/show br0 | grep -c static)" = 2 || fail "flush removed"

# Moving a static entry says where it was.
check_output "Overriding already existing static entry on 1" \
    appctl fdb/add br0 p2 0 $M1
check_output "$DP2" actions 50:54:00:00:00:99 $M1

# fdb/del: static entries only.
check_output "" appctl fdb/del br0 0 $M1
check_fails appctl fdb/del br0 0 $M1 2>err.txt
grep -q "could not find static mac entry" err.txt || fail "del twice"

# Errors.
bad() {
    local want=$1
    shift
    appctl "$@" >/dev/null 2>err.txt && fail "appctl $* succeeded"
    grep -q "$want" err.txt || fail "appctl $*: $(cat err.txt)"
}
bad "no such bridge" fdb/add nosuch p1 0 $M1
bad "no such port" fdb/add br0 nosuch 0 $M1
bad "bad VLAN" fdb/add br0 p1 4096 $M1
bad "bad VLAN" fdb/add br0 p1 abc $M1
bad "bad VLAN" fdb/add br0 p1 -1 $M1
bad "bad MAC address" fdb/add br0 p1 0 zz
bad "multicast" fdb/add br0 p1 0 ff:ff:ff:ff:ff:ff
bad "multicast" fdb/add br0 p1 0 01:00:5e:00:00:01
bad "no such bridge" fdb/del nosuch 0 $M1
bad "bad VLAN" fdb/del br0 5000 $M1
bad "bad MAC address" fdb/del br0 0 zz
check_fails appctl fdb/add br0 p1 0 2>/dev/null

# The bridge's own port can hold one; deleting a port takes its entries.
check_output "" appctl fdb/add br0 br0 0 50:54:00:00:00:fe
appctl fdb/show br0 | grep -q "LOCAL     0  50:54:00:00:00:fe  static" \
    || fail "LOCAL static entry: $(appctl fdb/show br0)"
vs del-port br0 p2
! appctl fdb/show br0 | grep -q $M2 || fail "entry of a deleted port"
appctl fdb/stats-show br0 | grep -q "static MAC entries in the table : 1$" \
    || fail "static count after del-port"

stop_vswitchd
