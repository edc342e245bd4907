# netdev-internal: "internal" ports are tap devices the switch creates and
# owns: they appear with a random locally administered MAC, stay down
# until brought up, take MTU and MAC settings, carry the host's traffic
# (here: the host pings a namespace through the forwarder), and vanish
# when closed.  A name taken by another kind of device is refused.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/netdev-lib.bash"

netdev_two_vms
int=nd$$i

# Created down, with a random local MAC.
spawn oswtest-netdev hold "internal:$int" > "$TESTDIR/hold.out" 2>&1
hpid=$SPAWNED_PID
wait_until "grep -q ready $TESTDIR/hold.out"
info=$(ip -d link show "$int")
grep -q "tun type tap" <<< "$info" || fail "not a tap device: $info"
grep -q "state DOWN" <<< "$info" || fail "internal port is up: $info"
mac=$(cat "/sys/class/net/$int/address")
case $mac in
    ?[26ae]:*) ;;
    *) fail "MAC $mac is not locally administered unicast" ;;
esac
oswtest-netdev info "internal:$int" > "$TESTDIR/info.out" 2>&1 \
    && fail "opened an internal port twice"
kill -TERM "$hpid"; wait "$hpid" || :; forget_pid "$hpid"
wait_until "! ip link show $int"

# A veth's name is not ours to take.
check_fails oswtest-netdev hold "internal:$va"
ip link show "$va" > /dev/null || fail "$va was harmed"

# Up, MTU, MAC; the host's stack talks through it.
spawn oswtest-netdev hold "internal:$int" --up --mtu=9000 \
    --mac=02:55:00:00:00:09 > "$TESTDIR/hold.out" 2>&1
hpid=$SPAWNED_PID
wait_until "grep -q ready $TESTDIR/hold.out"
check_output 9000 cat "/sys/class/net/$int/mtu"
check_output 02:55:00:00:00:09 cat "/sys/class/net/$int/address"
kill -TERM "$hpid"; wait "$hpid" || :; forget_pid "$hpid"
wait_until "! ip link show $int"

# The forwarder owns the internal port here; bring it up from outside, as
# an administrator would.
start_forward "internal:$int" "$va"
ip link set "$int" up
ip addr add 10.55.0.9/24 dev "$int"
ip netns exec "$a" ping -c 3 -i 0.2 -W 2 10.55.0.9 > /dev/null \
    || fail "no ping between the host and $a"
oswtest-netdev info "$va" > "$TESTDIR/info.out" 2>&1
grep -q "type=system" "$TESTDIR/info.out"
grep -q "status:driver_name=veth" "$TESTDIR/info.out"
stop_forward 2> "$TESTDIR/counters"
grep -q "$int -> $va: [1-9][0-9]* frames" "$TESTDIR/counters" \
    || fail "nothing forwarded: $(cat "$TESTDIR/counters")"
wait_until "! ip link show $int"
