# l2-vlan-access: four VMs on access ports tag=10,10,20,20.  VMs in the
# same VLAN reach each other; across VLANs they do not, and a broadcast
# is flooded only within its VLAN, untagged.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
require_ovsdb "VLANs"

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24 tag=10
vm_add b "$br0" 10.1.0.2/24 tag=10
vm_add c "$br0" 10.1.0.3/24 tag=20
vm_add d "$br0" 10.1.0.4/24 tag=20

vm_ready a 10.1.0.2
vm_ping a 10.1.0.2
vm_ping c 10.1.0.4
vm_ping d 10.1.0.3
vm_no_ping a 10.1.0.3
vm_no_ping b 10.1.0.4
vm_no_ping c 10.1.0.1

# Flood containment: a broadcast from a reaches b only; one from d
# reaches c only.  Each receiver waits for 3 frames from each sender.
for v in a b c d; do
    pkt_recv "$v" "$TESTDIR/$v.out" --count 0 --timeout 2500 \
        --match type=0x88b5
    eval "recv_$v=\$RECV_PID"
done
pkt_send a --count 3 --interval 10
pkt_send d --count 3 --interval 10
for v in a b c d; do
    eval "pkt_wait \$recv_$v"
done
src_a="src=$(vm_mac a)" src_d="src=$(vm_mac d)"
[ "$(grep -c "$src_a" "$TESTDIR/b.out")" = 3 ] || fail "b missed a's broadcasts"
[ "$(grep -c "$src_d" "$TESTDIR/c.out")" = 3 ] || fail "c missed d's broadcasts"
grep -q "$src_d" "$TESTDIR/a.out" "$TESTDIR/b.out" \
    && fail "d's broadcast left VLAN 20"
grep -q "$src_a" "$TESTDIR/c.out" "$TESTDIR/d.out" \
    && fail "a's broadcast left VLAN 10"
grep -q "vlan=" "$TESTDIR/b.out" "$TESTDIR/c.out" \
    && fail "a frame reached an access port tagged"
grep -q "$src_a" "$TESTDIR/a.out" && fail "a's broadcast came back to a"
switch_alive
