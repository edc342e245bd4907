# Forwarding threads linger after traffic (other_config:forwarding-linger-
# us) and then go back to sleep: after a burst of frames, the daemon uses
# next to no CPU, whatever the linger, and 0 turns lingering off.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

start_db
start_vswitchd
vs add-br br0 \
    -- add-port br0 p1 -- set Interface p1 type=dummy \
    -- add-port br0 p2 -- set Interface p2 type=dummy

# The CPU time (clock ticks) of all osw-vswitchd threads.
cpu_ticks() {
    cat /proc/"$VSWITCHD_PID"/task/*/stat \
        | awk '{ sum += $14 + $15 } END { print sum }'
}

burst() {
    local i
    for i in $(seq ${1:-20}); do
        appctl netdev-dummy/receive p1 \
            "in_port(1),eth(src=00:00:00:00:00:01,dst=00:00:00:00:00:02),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no),udp(src=$i,dst=9)" \
            || fail "receive failed"
    done
}

for linger in 100000 100 0; do
    vs set Open_vSwitch . other_config:forwarding-linger-us=$linger
    burst
    # The longest linger is 0.1 s; then the threads must be asleep.
    sleep 0.5
    t0=$(cpu_ticks)
    sleep 2
    t1=$(cpu_ticks)
    echo "linger $linger: $((t1 - t0)) ticks in 2 s"
    # 2 s of one spinning core would be about 200 ticks.
    test $((t1 - t0)) -le 20 || fail "still busy after the linger ($linger)"
done
# With the longest linger, a thread does poll for about 0.1 s (10 ticks)
# after a frame; without lingering it goes straight back to sleep.
for linger in 100000 0; do
    vs set Open_vSwitch . other_config:forwarding-linger-us=$linger
    sleep 0.3
    t0=$(cpu_ticks)
    burst 1
    sleep 0.4
    t1=$(cpu_ticks)
    echo "linger $linger: $((t1 - t0)) ticks after one frame"
    if [ $linger = 0 ]; then
        test $((t1 - t0)) -le 3 || fail "busy without lingering"
    else
        test $((t1 - t0)) -ge 4 || fail "did not linger"
    fi
done

appctl dpctl/show | grep -q "lookups: hit:[0-9]* missed:[1-9]" \
    || fail "the frames were not processed"
