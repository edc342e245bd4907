# MAC aging (Bridge other_config:mac-aging-time; osw takes times below
# Open vSwitch's lower bound of 15 s as they are): an idle MAC expires
# and is counted, while a MAC whose frames the datapath's cache keeps
# forwarding (no new translation) stays learned.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

appctl() {
    osw-appctl -T 10 -t "$TESTDIR/osw-vswitchd.ctl" "$@"
}

start_db
start_vswitchd

vs add-br br0 -- set Bridge br0 other_config:mac-aging-time=4 \
    -- add-port br0 p1 -- set Interface p1 type=dummy ofport_request=1 \
    -- add-port br0 p2 -- set Interface p2 type=dummy ofport_request=2

IP4="ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no)"
recv() {
    appctl netdev-dummy/receive "$1" \
        "eth(src=$2,dst=$3),eth_type(0x0800),$IP4,udp(src=1,dst=2)" \
        >/dev/null
}

IDLE=50:54:00:00:00:01
BUSY=50:54:00:00:00:02
BC=ff:ff:ff:ff:ff:ff

recv p1 $IDLE $BC
start=$(date +%s%N)
recv p2 $BUSY $BC
wait_until "appctl fdb/show br0 | grep -q $BUSY"
appctl fdb/show br0 | grep -q $IDLE || fail "not learned"

# $BUSY sends the same frame every half second: after the first one,
# every frame hits the cached megaflow.
busy_loop() {
    while :; do
        recv p2 $BUSY $BC
        sleep 0.5
    done
}
spawn busy_loop

# $IDLE expires after 4 s (with some slack); $BUSY does not, even after
# several aging periods.
wait_until "! appctl fdb/show br0 | grep -q $IDLE" 15
elapsed=$((($(date +%s%N) - start) / 1000000))
[ "$elapsed" -ge 3000 ] || fail "expired after only $elapsed ms"
sleep 6
appctl fdb/show br0 | grep -q "^    2     0  $BUSY" \
    || { appctl fdb/show br0 >&2; fail "busy MAC expired"; }
age=$(appctl fdb/show br0 | awk -v m=$BUSY '$3 == m {print $4}')
[ "$age" -le 2 ] || fail "busy MAC not refreshed (age $age)"
appctl fdb/stats-show br0 | grep -q "expired MAC entries     : 1$" \
    || { appctl fdb/stats-show br0 >&2; fail "expiry not counted"; }

# The limit applies at once when changed.
vs set Bridge br0 other_config:mac-aging-time=300
recv p1 $IDLE $BC
wait_until "appctl fdb/show br0 | grep -q $IDLE"
sleep 5
appctl fdb/show br0 | grep -q $IDLE || fail "expired despite 300 s"
exit 0
