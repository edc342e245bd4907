# controller-inband: a controller reachable only through the bridge
# itself.  The controller (osken-manager) runs in namespace "c", whose
# veth is a port of the bridge; the switch reaches it through the bridge's
# internal port, which has an address in c's subnet.  In secure fail mode
# the table is empty, so out-of-band (osw's default) the TCP connection
# never gets through; with connection_mode=in-band the switch's hidden
# flows (ARP, TCP to and from the controller, DHCP from the local port)
# let it connect, and bridge/dump-flows shows them.  Back to out-of-band,
# they go away; a bridge deleted while in-band goes cleanly.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
. "$srcdir/tests/func/controller-lib.bash"
require_osw "in-band hidden flows"

# A subnet of our own per run (the switch's side lives in the host's
# namespace).
net=172.31.$((RANDOM % 200 + 20))
start_switch
br_add br0
vm_add c "$br0" "$net.2/24"
port=$(free_tcp_port)

ip addr add "$net.1/24" dev "$br0" || fail "cannot address $br0"
ip link set "$br0" up

spawn ip netns exec "osw-$OSW_TAG-vm_c" osken-manager \
    --ofp-listen-host "$net.2" --ofp-tcp-listen-port "$port" \
    "$srcdir/tests/func/controller-switch13.py" > "$TESTDIR/osken.log" 2>&1
OSKEN_PID=$SPAWNED_PID
wait_until "vm_exec c ss -ltn | grep -q '$net.2:$port '" 20

hidden_flows() {
    appctl bridge/dump-flows "$br0"
}

# Out-of-band and secure: nothing passes, the controller never connects.
vsctl set-fail-mode "$br0" secure
vsctl set-controller "$br0" "tcp:$net.2:$port" -- \
    set Controller "$br0" inactivity_probe=5000 max_backoff=1000 \
    connection_mode=out-of-band
sleep 8
_controller_connected && fail "connected out-of-band in secure mode"
hidden_flows | grep -q "$net.2" \
    && fail "in-band flows while out-of-band: $(hidden_flows)"

# In-band: the hidden flows appear and the controller connects.
vsctl set Controller "$br0" connection_mode=in-band
wait_until "hidden_flows | grep -q 'nw_dst=$net.2'" 10 \
    || fail "no in-band flows: $(hidden_flows)"
wait_connected "$br0" 30
flows=$(hidden_flows)
echo "$flows" > "$TESTDIR/hidden-flows.txt"
mac=$(cat "/sys/class/net/$br0/address")
for pat in "tcp.*nw_dst=$net.2.*tp_dst=$port" \
           "tcp.*nw_src=$net.2.*tp_src=$port" \
           "arp.*arp_tpa=$net.2" "arp.*arp_spa=$net.2" \
           "arp.*dl_src=$mac" "arp.*dl_dst=$mac" \
           "udp.*in_port=LOCAL.*dl_src=$mac.*tp_src=68.*tp_dst=67" \
           "arp.*dl_src=$(vm_mac c)"; do
    echo "$flows" | grep -Eq "$pat" \
        || fail "no hidden flow like '$pat' in: $flows"
done
# The controller's flows are visible; ours are not.
ofctl dump-flows "$br0" | grep -q "$net.2" \
    && fail "in-band flows visible: $(ofctl dump-flows "$br0")"

# Back to out-of-band: the flows go, and so does the connection.
vsctl set Controller "$br0" connection_mode=out-of-band
wait_until "! hidden_flows | grep -q '$net.2'" 10 \
    || fail "in-band flows stayed: $(hidden_flows)"
wait_disconnected "$br0" 40

# A bridge deleted while in-band goes cleanly.
vsctl set Controller "$br0" connection_mode=in-band
wait_until "hidden_flows | grep -q 'nw_dst=$net.2'" 10 \
    || fail "no in-band flows again: $(hidden_flows)"
vsctl del-br "$br0"
switch_alive
