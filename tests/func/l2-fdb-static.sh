# l2-fdb-static: a static MAC entry (fdb/add) steers real frames.  Frames
# for a MAC nobody has sent from yet are flooded to every VM; with a
# static entry they go to its port only, even when the MAC then shows up
# as a source on another port (learning does not move a static entry);
# after fdb/del the flooding comes back.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

[ "$L2_BACKEND" != linux ] || skip "fdb/add is an osw and Open vSwitch command"

start_switch
br_add br0
vm_add a "$br0" 10.3.0.1/24
vm_add b "$br0" 10.3.0.2/24
vm_add c "$br0" 10.3.0.3/24
vm_ready a 10.3.0.2
vm_ready a 10.3.0.3

GHOST=02:12:00:00:77:77     # a station that has never sent a frame

# Unknown unicast: flooded to B and C.
pkt_exchange a "--dst $GHOST --count 10" b c
rx_expect b 10
rx_expect c 10

# A static entry on B's port: B only.
appctl fdb/add "$br0" "$(vm_port b)" 0 $GHOST
appctl fdb/show "$br0" | grep -q " 0  $GHOST  static$" \
    || fail "no static entry: $(appctl fdb/show "$br0")"
pkt_exchange a "--dst $GHOST --count 10" b c
rx_expect b 10
rx_expect c 0

# The MAC sends from C: still B only (a learned entry would move to C).
pkt_send c --src $GHOST --dst ff:ff:ff:ff:ff:ff --count 3
pkt_exchange a "--dst $GHOST --count 10" b c
rx_expect b 10
rx_expect c 0
[ "$(fdb_port "$br0" $GHOST)" = "$(vm_port b)" ] \
    || fail "static entry moved: $(appctl fdb/show "$br0")"

# fdb/flush keeps it; fdb/del removes it, and the MAC is learned again.
appctl fdb/flush "$br0" >/dev/null
pkt_exchange a "--dst $GHOST --count 10" b c
rx_expect c 0
appctl fdb/del "$br0" 0 $GHOST
pkt_send c --src $GHOST --dst ff:ff:ff:ff:ff:ff --count 1
wait_until "[ \"\$(fdb_port $br0 $GHOST)\" = $(vm_port c) ]"
pkt_exchange a "--dst $GHOST --count 10" b c
rx_expect b 0
rx_expect c 10

switch_alive
