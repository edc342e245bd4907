# Every dropped packet is counted under a reason, per port and in total:
# dpctl/drop-stats (through osw-dpctl), and coverage/show's drop_<reason>
# counters.  Truncated headers and a frame too big for the egress MTU are
# injected into dummy ports.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"
require_program osw-dpctl

dpctl() {
    osw-dpctl --timeout=20 --target="$TESTDIR/osw-vswitchd.ctl" "$@"
}

start_db
start_vswitchd
vs add-br br0 \
    -- add-port br0 p1 -- set Interface p1 type=dummy \
    -- add-port br0 p2 -- set Interface p2 type=dummy
wait_until 'dpctl show | grep -q "p2 (dummy)"'

# Nothing dropped yet: every reason listed with its description.
out=$(dpctl drop-stats)
echo "$out" | grep -q "^netdev@osw-netdev: total 0$" || fail "$out"
for r in runt bad_vlan bad_l3 bad_l4 mtu tx_full no_output; do
    echo "$out" | grep -Eq "^    $r +0  ." || fail "no $r in: $out"
done

# A cut-short VLAN tag and two truncated IPv4 headers on p1 (runts do
# not get through netdev-dummy/receive; the unit tests cover them).
appctl netdev-dummy/receive p1 '50540000000250540000000181000001' >/dev/null
appctl netdev-dummy/receive p1 '5054000000025054000000010800450000' \
    >/dev/null
appctl netdev-dummy/receive p1 \
    '505400000002505400000001080045000054000040004001' >/dev/null
wait_until 'dpctl drop-stats | grep -q "^netdev@osw-netdev: total 3$"'
out=$(dpctl drop-stats)
echo "$out" | grep -Eq "^    bad_vlan +1  802.1Q header cut short" \
    || fail "$out"
echo "$out" | grep -Eq "^    bad_l3 +2  " || fail "$out"
echo "$out" | grep -q "^  port [0-9]*: p1: total 3$" || fail "$out"
echo "$out" | grep -q "^  port [0-9]*: p2: total 0$" || fail "$out"

# One port: every reason, that port's counts.
out=$(dpctl drop-stats p1)
echo "$out" | grep -q "^  port [0-9]*: p1: total 3$" || fail "$out"
[ "$(echo "$out" | grep -c '^    ')" -ge 20 ] || fail "not every reason: $out"
dpctl drop-stats p2 | grep -Eq "^    bad_l3 +0  " || fail "p2"
# With a port, the device's own drop counters too.
dpctl drop-stats p1 | grep -Eq "^    device: rx_dropped:([0-9]+|\?) " \
    || fail "no device line: $(dpctl drop-stats p1)"
status=0; dpctl drop-stats nosuch 2>err.txt || status=$?
[ $status = 2 ] || fail "unknown port: exit status $status"
grep -q "nosuch: no such port" err.txt || fail "$(cat err.txt)"

# Coverage has them too.
appctl coverage/show | grep -q "drop_bad_l3 .*total: 2" \
    || fail "coverage: $(appctl coverage/show)"
check_output 2 appctl coverage/read-counter drop_bad_l3
check_fails appctl coverage/read-counter no_such_counter 2>/dev/null

# A frame too big for the egress MTU counts on the egress port.
vs set Interface p2 mtu_request=100
wait_until 'dpctl show | grep -q "p2 (dummy)"'
big=$(python3 -c '
import struct
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
payload = bytes(200)
udp = struct.pack("!HHHH", 1, 2, 8 + len(payload), 0) + payload
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                 bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
eth = bytes.fromhex("505400000002505400000001") + b"\x08\x00"
print((eth + ip + udp).hex())')
appctl netdev-dummy/receive p1 "$big" >/dev/null
wait_until 'dpctl drop-stats p2 | grep -Eq "^    mtu +1  "'
dpctl drop-stats p1 | grep -Eq "^    mtu +0  " || fail "mtu counted on p1"

stop_vswitchd
