# of-meters: a meter under traffic.  A 2 packets/s drop meter on VM a's
# ICMP lets a few of a fast ping's packets through and drops the rest;
# meter-stats counts exactly the packets that entered and the dropped
# ones; deleting the meter deletes its flow.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

require_program osw-ofctl

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24
vm_ready a 10.1.0.2

OF13="-O OpenFlow13"
pa=$(vsctl get Interface "$(vm_port a)" ofport)

osw-ofctl $OF13 add-meter "$br0" "meter=1,pktps,burst,bands=type=drop,rate=2,burst_size=2"
osw-ofctl $OF13 dump-meters "$br0" | grep -q "meter=1" || fail "dump-meters"
osw-ofctl $OF13 add-flow "$br0" \
    "priority=100,icmp,in_port=$pa,actions=meter:1,NORMAL"

out=$(vm_exec a ping -q -c 40 -i 0.02 -W 1 10.1.0.2 2>&1 || :)
received=$(echo "$out" | sed -n 's/.* \([0-9]*\) received.*/\1/p')
[ -n "$received" ] || fail "ping output: $out"
[ "$received" -ge 1 ] && [ "$received" -le 15 ] \
    || fail "meter let $received of 40 pings through"

# meter-stats: all 40 requests entered the meter through its one flow,
# and its drop band counts exactly those that got no answer.
meter_in= band_drops= stats=$TESTDIR/stats.out
meter_counts() {
    osw-ofctl $OF13 meter-stats "$br0" > "$stats"
    meter_in=$(sed -n \
        's/.*meter:1 flow_count:1 packet_in_count:\([0-9]*\) .*/\1/p' \
        "$stats")
    band_drops=$(sed -n 's/^ *0: packet_count:\([0-9]*\) .*/\1/p' "$stats")
    [ "$meter_in" = 40 ] && [ "$band_drops" = $((40 - received)) ]
}
wait_until meter_counts 5 || {
    cat "$stats" >&2
    fail "meter-stats: in $meter_in (want 40), band drops $band_drops" \
         "(want $((40 - received)))"
}

osw-ofctl $OF13 del-meters "$br0" meter=1
osw-ofctl $OF13 dump-flows "$br0" | grep -q "meter:1" \
    && fail "flow using the deleted meter is still there"
vm_ping a 10.1.0.2 5
switch_alive
