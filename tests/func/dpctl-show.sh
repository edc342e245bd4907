# osw-dpctl and the dpctl/ commands on a running osw-vswitchd: show,
# dump-flows (plain, --names, -m), del-flows, cache-stats, with frames
# injected into dummy ports, and the front end's options and errors.

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

check_output "netdev@osw-netdev" dpctl dump-dps

out=$(dpctl show)
echo "$out" | head -4 | sed 's/hit:[0-9]*/hit:N/; s/missed:[0-9]*/missed:N/' \
    > show.head
check_output 'netdev@osw-netdev:
  lookups: hit:N missed:N lost:0
  flows: 0
  masks: hit:N total:0 hit/pkt:0.00' cat show.head
echo "$out" | grep -Eq '^  port [0-9]+: br0 \(internal\)$' \
    || fail "no local port in: $out"
p1=$(echo "$out" | sed -n 's/^  port \([0-9]*\): p1 (dummy)$/\1/p')
p2=$(echo "$out" | sed -n 's/^  port \([0-9]*\): p2 (dummy)$/\1/p')
[ -n "$p1" ] && [ -n "$p2" ] || fail "ports missing in: $out"

# The same frame twice: one miss, one hit, one cached flow.
frame="in_port($p1),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),"
frame+="eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,"
frame+="ttl=64,frag=no),udp(src=1,dst=2)"
appctl netdev-dummy/receive p1 "$frame" >/dev/null
appctl netdev-dummy/receive p1 "$frame" >/dev/null
wait_until 'dpctl show | grep -q "lookups: hit:1 missed:1 lost:0"'
dpctl show | grep -q "^  flows: 1$" || fail "$(dpctl show)"
dpctl show | grep -Eq "^  masks: hit:[0-9]+ total:1 hit/pkt:[0-9.]+$" \
    || fail "$(dpctl show)"

flows=$(dpctl dump-flows)
[ "$(echo "$flows" | wc -l)" = 1 ] || fail "expected one flow: $flows"
stats_re=', packets:2, bytes:[0-9]*, used:[0-9]*\.[0-9][0-9][0-9]s, actions:'
echo "$flows" | grep -q "^in_port($p1),.*$stats_re" \
    || fail "bad flow line: $flows"
dpctl --names dump-flows | grep -q "^in_port(p1),.*actions:.*p2" \
    || fail "no names: $(dpctl --names dump-flows)"
dpctl dump-flows --names | grep -q "^in_port(p1)" \
    || fail "options after the command"
dpctl -m dump-flows \
    | grep -q "^thread:0, in_port($p1),.*, mask(.*), packets:2" \
    || fail "-m: $(dpctl -m dump-flows)"
appctl dpctl/dump-flows | grep -q "packets:2" || fail "appctl dump-flows"

dpctl cache-stats | grep -q "^  thread 0: rxqs:[0-9]* emc-hit:1 " \
    || fail "cache-stats: $(dpctl cache-stats)"
dpctl -s show | grep -q "datapath drops:" || fail "-s show"

# del-flows empties the cache; the next frame is a miss again.
dpctl del-flows
check_output "" dpctl dump-flows
dpctl show | grep -q "^  flows: 0$" || fail "flows left: $(dpctl show)"
appctl netdev-dummy/receive p1 "$frame" >/dev/null
wait_until 'dpctl show | grep -q "lookups: hit:1 missed:2 lost:0"'

# The front end.
dpctl --help | grep -q "dump-flows" || fail "--help"
check_fails dpctl no-such-command 2>/dev/null
osw-dpctl --target="$TESTDIR/osw-vswitchd.ctl" -t 5 show >/dev/null \
    || fail "-t TIMEOUT"
status=0; dpctl show no-such-dp 2>err.txt || status=$?
[ $status = 2 ] || fail "exit status $status for an unknown datapath"
grep -q "no-such-dp: no such datapath" err.txt || fail "$(cat err.txt)"
status=0; dpctl dump-flows --bogus 2>/dev/null || status=$?
[ $status = 2 ] || fail "bad option: exit status $status"
status=0
OSW_RUNDIR=$TESTDIR osw-dpctl --target=nobody show 2>/dev/null || status=$?
[ $status = 1 ] || fail "unreachable daemon: exit status $status"

stop_vswitchd
