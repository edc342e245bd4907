# dpif/show, dpif/dump-dps and dpif/dump-flows: Open vSwitch's per-bridge
# views of the one datapath all bridges share, in its format (ovs-appctl
# of Open vSwitch 3.1 with the netdev datapath): bridges and ports sorted
# by name, "NAME OFPORT/DPPORT: (TYPE)", and only a bridge's own flows.
# Then revalidator/wait and revalidator/purge.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

start_db
start_vswitchd
vs add-br br1 -- add-port br1 p3 -- set Interface p3 type=dummy \
    -- add-br br0 \
    -- add-port br0 p2 -- set Interface p2 type=dummy ofport_request=2 \
    -- add-port br0 p1 -- set Interface p1 type=dummy ofport_request=1

# The datapath port of port $1 (dpctl/show: "port N: NAME").
dp_port() {
    appctl dpctl/show | sed -n "s/^ *port \([0-9]*\): $1\( .*\)*$/\1/p"
}
for p in br0 br1 p1 p2 p3; do
    eval "DP_$p=\$(dp_port $p)"
done
[ -n "$DP_p1" ] && [ -n "$DP_p3" ] || fail "no datapath ports"

check_output "netdev@osw-netdev: hit:0 missed:0
  br0:
    br0 65534/$DP_br0: (internal)
    p1 1/$DP_p1: (dummy)
    p2 2/$DP_p2: (dummy)
  br1:
    br1 65534/$DP_br1: (internal)
    p3 1/$DP_p3: (dummy)" appctl dpif/show

check_output "netdev@br0
netdev@br1" appctl dpif/dump-dps

appctl netdev-dummy/receive p1 \
    "eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:09),eth_type(0x0800)" \
    >/dev/null
appctl netdev-dummy/receive p3 \
    "eth(src=50:54:00:00:00:03,dst=50:54:00:00:00:09),eth_type(0x0800)" \
    >/dev/null
wait_until "appctl dpif/show | grep -q 'missed:2$'"

# Each bridge shows only the flows of its own ports; "used" ticks.
dump() {
    appctl dpif/dump-flows "$@" | sed 's/used:[0-9.]*s/used:?/'
}
check_output "in_port($DP_p1),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:09), packets:1, bytes:34, used:?, actions:$DP_p2,$DP_br0" \
    dump br0
check_output "in_port(p3),eth(src=50:54:00:00:00:03,dst=50:54:00:00:00:09), packets:1, bytes:34, used:?, actions:br1" \
    dump --names br1
dump -m br1 | grep -q "^thread:0, in_port(p3),.*, mask(" \
    || fail "dump-flows -m: $(dump -m br1)"
test "$(appctl dpctl/dump-flows | wc -l)" = 2 || fail "dpctl/dump-flows"

# revalidator/wait credits the cache's counts to the rules;
# revalidator/purge empties the cache, the rules keeping their counts.
check_output "" appctl revalidator/wait
appctl bridge/dump-flows br0 | grep -q "n_packets=1, .*actions=NORMAL" \
    || fail "after revalidator/wait: $(appctl bridge/dump-flows br0)"
check_output "" appctl revalidator/purge
check_output "" appctl dpctl/dump-flows
appctl bridge/dump-flows br1 | grep -q "n_packets=1, .*actions=NORMAL" \
    || fail "after revalidator/purge: $(appctl bridge/dump-flows br1)"

# Errors.
check_fails appctl dpif/dump-flows 2>/dev/null
check_fails appctl dpif/dump-flows nosuch 2>/dev/null
check_fails appctl dpif/dump-flows --bogus br0 2>/dev/null
check_fails appctl dpif/dump-flows br0 br1 2>/dev/null
check_fails appctl dpif/show br0 2>/dev/null

stop_vswitchd
