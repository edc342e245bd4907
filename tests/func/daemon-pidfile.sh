# daemon-pidfile: --pidfile writes the daemon's pid (default name
# RUNDIR/PROGRAM.pid, relative names in RUNDIR, absolute names as given),
# a second instance with the same pidfile is refused with a clear message
# while the first keeps running, a stale pidfile (its daemon died without
# cleaning up) is taken over, and --overwrite-pidfile replaces a live one.

. "$srcdir/tests/lib.sh"

require_program oswtest-daemon
require_program osw-appctl

cd "$TESTDIR"

alive() {
    local state
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    case $state in Z*) return 1 ;; esac
}

# Default name, and the pidfile holds the daemon's pid.
oswtest-daemon --detach --pidfile --unixctl=first.ctl
daemon_started "$TESTDIR/oswtest-daemon.pid"
first=$(cat "$TESTDIR/oswtest-daemon.pid")
check_output "$first" osw-appctl -t first.ctl pid
[ "$(cat "$TESTDIR/oswtest-daemon.pid")" = "$first" ] \
    || fail "bad pidfile contents"

# A second instance is refused, with and without --detach, and says why.
for detach in --detach ""; do
    set +e
    oswtest-daemon $detach --pidfile --unixctl=second.ctl > out 2> err
    status=$?
    set -e
    [ $status -ne 0 ] || fail "second instance ($detach) was not refused"
    grep -q "oswtest-daemon.pid: already running as pid $first" err \
        || fail "unclear refusal message: $(cat err)"
    [ ! -e second.ctl ] || fail "refused instance left its socket"
done
# The first one is unharmed, and so is its pidfile.
alive "$first" || fail "first instance died"
check_output "$first" osw-appctl -t first.ctl pid
[ "$(cat "$TESTDIR/oswtest-daemon.pid")" = "$first" ] || fail "pidfile changed"
ls "$TESTDIR" | grep -q '\.tmp' && fail "temporary pidfile left behind"

# Killed without a chance to clean up: the pidfile is stale, and a new
# instance takes it over.
kill -KILL "$first"
wait_until "! alive $first"
forget_pid "$first"
[ -e "$TESTDIR/oswtest-daemon.pid" ] || fail "SIGKILL should leave the pidfile"
oswtest-daemon --detach --pidfile
daemon_started "$TESTDIR/oswtest-daemon.pid"
third=$(cat "$TESTDIR/oswtest-daemon.pid")
[ "$third" != "$first" ] || fail "stale pidfile not rewritten"
# osw-appctl finds the new daemon by name through the taken-over pidfile.
check_output "$third" osw-appctl -t oswtest-daemon pid

# --overwrite-pidfile takes over a live one; when the old daemon exits, it
# leaves the new daemon's pidfile alone.
oswtest-daemon --detach --pidfile --overwrite-pidfile
daemon_started "$TESTDIR/oswtest-daemon.pid"
fourth=$(cat "$TESTDIR/oswtest-daemon.pid")
[ "$fourth" != "$third" ] || fail "pidfile not overwritten"
osw-appctl -t "$TESTDIR/oswtest-daemon.$third.ctl" exit
wait_until "! alive $third"
forget_pid "$third"
[ "$(cat "$TESTDIR/oswtest-daemon.pid")" = "$fourth" ] \
    || fail "old daemon removed or changed the new daemon's pidfile"
check_output "$fourth" osw-appctl -t oswtest-daemon pid

# Relative names are in RUNDIR, absolute names as given.
mkdir elsewhere
(cd elsewhere && oswtest-daemon --detach --pidfile=rel.pid --unixctl=rel.ctl)
daemon_started "$TESTDIR/rel.pid"
[ ! -e elsewhere/rel.pid ] || fail "relative pidfile not put in RUNDIR"
oswtest-daemon --detach --pidfile="$TESTDIR/elsewhere/abs.pid" \
    --unixctl=abs.ctl
daemon_started "$TESTDIR/elsewhere/abs.pid"
abs=$(cat "$TESTDIR/elsewhere/abs.pid")
check_output "$abs" osw-appctl -t abs.ctl pid

# A pidfile nobody may create fails start-up with a message.
set +e
oswtest-daemon --detach --pidfile="$TESTDIR/missing/dir/x.pid" \
    --unixctl=x.ctl > out 2> err
status=$?
set -e
[ $status -ne 0 ] || fail "start-up with an uncreatable pidfile succeeded"
grep -q "missing/dir/x.pid" err \
    || fail "no message naming the pidfile: $(cat err)"
