# appctl-ovs-compat: Open vSwitch's ovs-appctl speaks to an osw daemon's
# control socket (the unixctl wire protocol is the same), with the same
# results, errors and exit statuses as osw-appctl.

. "$srcdir/tests/lib.sh"

require_program oswtest-daemon
require_program osw-appctl
require_program ovs-appctl

cd "$TESTDIR"
export OVS_RUNDIR=$TESTDIR OVS_LOGDIR=$TESTDIR

oswtest-daemon --detach --pidfile --log-file
daemon_started "$TESTDIR/oswtest-daemon.pid"
pid=$(cat "$TESTDIR/oswtest-daemon.pid")
sock=$TESTDIR/oswtest-daemon.$pid.ctl

ovs-appctl -t "$sock" list-commands > ovs.out
osw-appctl -t "$sock" list-commands > osw.out
cmp ovs.out osw.out || fail "list-commands differs: $(diff ovs.out osw.out)"
grep -qx 'The available commands are:' ovs.out || fail "no header"
grep -q '^  vlog/set ' ovs.out || fail "no vlog/set in list-commands"

check_output "a b" ovs-appctl -t "$sock" echo a b
check_output "$pid" ovs-appctl -t "$sock" pid
check_output "oswtest-daemon (osw) $(osw-appctl --version | awk '{print $3}')" \
    ovs-appctl -t "$sock" version
ovs-appctl -t "$sock" vlog/list > ovs.out
osw-appctl -t "$sock" vlog/list > osw.out
cmp ovs.out osw.out || fail "vlog/list differs"

# Errors: exit status 2 and the daemon's message on stderr.
set +e
ovs-appctl -t "$sock" fail "it broke" > out 2> err
status=$?
set -e
[ $status -eq 2 ] || fail "ovs-appctl fail: exit status $status"
grep -q "^it broke" err || fail "ovs-appctl fail: $(cat err)"

set +e
ovs-appctl -t "$sock" nosuch > out 2> err
status=$?
set -e
[ $status -eq 2 ] || fail "ovs-appctl nosuch: exit status $status"
grep -qF '"nosuch" is not a valid command' err \
    || fail "ovs-appctl nosuch: $(cat err)"

# Runtime changes made with ovs-appctl take effect.
check_output "" ovs-appctl -t "$sock" vlog/set oswtest_daemon:file:dbg
ovs-appctl -t "$sock" log dbg "via ovs-appctl"
grep -q "|oswtest_daemon|DBG|via ovs-appctl\$" \
    "$TESTDIR/oswtest-daemon.log" || fail "dbg message not logged"

check_output "" ovs-appctl -t "$sock" exit
wait_until "! process_alive $pid"
forget_pid "$pid"
