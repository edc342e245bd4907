# of-drop-icmp: the guide's first flow.  "priority=500,icmp,actions=drop"
# added with osw-ofctl stops ping between two VMs at once, its n_packets
# grows with the dropped pings, and deleting it lets ping through again;
# ARP and other traffic keep going through the default NORMAL flow.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

require_program osw-ofctl

# n_packets of the flow whose dump-flows line contains $2 on bridge $1.
flow_packets() {
    osw-ofctl dump-flows "$1" | grep -F "$2" \
        | sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p' | head -n 1
}

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24

vm_ready a 10.1.0.2
vm_ping a 10.1.0.2 3

# A bridge without controllers starts with Open vSwitch's default flow.
osw-ofctl dump-flows "$br0" > flows.out
grep -q "priority=0 actions=NORMAL" flows.out \
    || { cat flows.out >&2; fail "no default NORMAL flow"; }

osw-ofctl add-flow "$br0" "priority=500,icmp,actions=drop"
vm_no_ping a 10.1.0.2
# Exactly the three dropped pings, although the ping before left a
# cached megaflow (with its counts) for the same packets.
n=$(flow_packets "$br0" "priority=500,icmp")
[ "$n" = 3 ] \
    || { osw-ofctl dump-flows "$br0" >&2; fail "icmp n_packets=$n, want 3"; }

# ARP still goes through NORMAL while ICMP is dropped.
vm_exec a ip neigh flush dev eth0
vm_exec a ping -q -c 1 -W 1 10.1.0.2 >/dev/null 2>&1 || :
vm_exec a ip neigh show 10.1.0.2 | grep -q 02:12:00:00:00:02 \
    || fail "ARP did not resolve while ICMP was dropped"

# More drops, more packets.
vm_no_ping a 10.1.0.2
n2=$(flow_packets "$br0" "priority=500,icmp")
[ "$n2" = 7 ] || fail "icmp n_packets $n -> $n2, want 7 (1 + 3 more)"

osw-ofctl del-flows "$br0" "icmp"
vm_ping a 10.1.0.2 3
osw-ofctl dump-flows "$br0" | grep -q "icmp" && fail "icmp flow still there"
switch_alive
