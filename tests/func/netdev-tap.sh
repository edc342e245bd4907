# netdev-tap: a "tap" port driven from userspace.  oswtest-netdev creates
# tap device $t and forwards between its fd and veth $va; the kernel side
# of the tap moves into namespace $b, which plays a VM behind it.  Ping
# and TCP with default offloads both ways (GSO frames cross the tap fd
# with their vnet headers); the tap's counters are from the switch
# port's view.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/netdev-lib.bash"
require_program iperf3

netdev_two_vms
ip -n "$b" link set "$pb" down
t=nd$$t

start_forward "$va" "tap:$t"
ip link set "$t" netns "$b"
ip -n "$b" addr add 10.55.0.3/24 dev "$t"
ip -n "$b" link set "$t" up

ip netns exec "$a" ping -c 3 -i 0.2 -W 2 10.55.0.3 > /dev/null \
    || fail "no ping through the tap"
iperf_check "$a" "$b" 10.55.0.3 1
iperf_check "$a" "$b" 10.55.0.3 1 -R
stop_forward 2> "$TESTDIR/counters"
grep -q "$t -> $va: [1-9][0-9]* frames" "$TESTDIR/counters" \
    || fail "nothing came from the tap: $(cat "$TESTDIR/counters")"
# The tap's counters are from the switch port's view: it received (from
# the VM) at least what went on to $va, and sent at least what came from
# $va (less what the tap refused before it was up).
python3 - "$TESTDIR/counters" "$t" "$va" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def n(pattern):
    m = re.search(pattern, text)
    if not m:
        sys.exit("no match for %s in:\n%s" % (pattern, text))
    return int(m.group(1))
t, va = sys.argv[2], sys.argv[3]
from_tap = n(r"%s -> %s: (\d+) frames" % (t, va))
to_tap = n(r"%s -> %s: (\d+) frames" % (va, t))
to_tap -= n(r"%s -> %s: .* (\d+) dropped" % (va, t))
rx = n(r"%s: .*rx_packets=(\d+)" % t)
tx = n(r"%s: .*tx_packets=(\d+)" % t)
if rx < from_tap or tx < to_tap:
    sys.exit("tap counters rx=%d tx=%d, forwarded %d from and %d to it"
             % (rx, tx, from_tap, to_tap))
PY
# Closing the netdev deleted the tap device, in whichever namespace.
wait_until "! ip -n $b link show $t"
