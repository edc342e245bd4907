# appctl-target: osw-appctl finds a daemon by name (through its pidfile in
# OSW_RUNDIR), by socket path (absolute or relative to the current
# directory) and by a bare NAME.ctl (relative to OSW_RUNDIR); bad targets
# fail with clear messages and exit status 1; --timeout gives up on a
# daemon that does not answer.

. "$srcdir/tests/lib.sh"

require_program oswtest-daemon
require_program osw-appctl

cd "$TESTDIR"

# Daemon 1: default pidfile and socket.
oswtest-daemon --detach --pidfile
daemon_started "$TESTDIR/oswtest-daemon.pid"
pid=$(cat "$TESTDIR/oswtest-daemon.pid")
sock=$TESTDIR/oswtest-daemon.$pid.ctl

# Daemon 2: its own pidfile, a socket name relative to OSW_RUNDIR.
oswtest-daemon --detach --pidfile=other.pid --unixctl=custom.ctl
daemon_started "$TESTDIR/other.pid"
pid2=$(cat "$TESTDIR/other.pid")
[ -S "$TESTDIR/custom.ctl" ] || fail "no socket $TESTDIR/custom.ctl"

# By daemon name, long and short option.
check_output "$pid" osw-appctl -t oswtest-daemon pid
check_output "$pid" osw-appctl --target=oswtest-daemon pid
check_output "$pid" osw-appctl --target oswtest-daemon pid

# By socket path: absolute, relative with a '/', and NAME.ctl in RUNDIR.
check_output "$pid" osw-appctl -t "$sock" pid
check_output "$pid" osw-appctl -t "./oswtest-daemon.$pid.ctl" pid
check_output "$pid2" osw-appctl -t custom.ctl pid
check_output "$pid2" osw-appctl -t "$TESTDIR/custom.ctl" pid
mkdir sub
(cd sub && check_output "$pid2" osw-appctl -t ../custom.ctl pid)
# A NAME.ctl is looked up in OSW_RUNDIR even from elsewhere.
(cd / && check_output "$pid2" osw-appctl -t custom.ctl pid)

# Arguments that look like options belong to the command.
check_output "-x --y" osw-appctl -t oswtest-daemon echo -x --y

# expect_failure STATUS MESSAGE CMD...: CMD exits with STATUS and prints
# exactly MESSAGE on stderr.
expect_failure() {
    local want_status=$1 expected=$2 status
    shift 2
    set +e
    "$@" > out 2> err
    status=$?
    set -e
    [ $status -eq "$want_status" ] \
        || fail "$* exited with $status, not $want_status ($(cat err))"
    [ ! -s out ] || fail "$* printed on stdout: $(cat out)"
    [ "$(cat err)" = "$expected" ] \
        || fail "$*: expected '$expected', got '$(cat err)'"
}

# The default target is osw-vswitchd, which is not running here.
expect_failure 1 "osw-appctl: cannot read pidfile \"$TESTDIR/osw-vswitchd.pid\" (No such file or directory)" \
    osw-appctl version
expect_failure 1 "osw-appctl: cannot read pidfile \"$TESTDIR/nosuch.pid\" (No such file or directory)" \
    osw-appctl -t nosuch version

# A pidfile whose process is gone (nobody holds its lock).
echo 999999 > stale.pid
set +e
osw-appctl -t stale version > out 2> err
status=$?
set -e
[ $status -eq 1 ] || fail "stale pidfile: exit status $status"
grep -q "^osw-appctl: cannot read pidfile \"$TESTDIR/stale.pid\" (" err \
    || fail "stale pidfile: $(cat err)"

# Sockets that do not exist or nobody listens on.
expect_failure 1 "osw-appctl: cannot connect to \"$TESTDIR/nosuch.ctl\" (No such file or directory)" \
    osw-appctl -t "$TESTDIR/nosuch.ctl" version
expect_failure 1 "osw-appctl: cannot connect to \"$TESTDIR/nosuch.ctl\" (No such file or directory)" \
    osw-appctl -t nosuch.ctl version
touch notasocket.ctl
set +e
osw-appctl -t notasocket.ctl version > out 2> err
status=$?
set -e
[ $status -eq 1 ] || fail "plain file as socket: exit status $status"
grep -q "^osw-appctl: cannot connect to \"$TESTDIR/notasocket.ctl\" (" err \
    || fail "plain file as socket: $(cat err)"

# Usage errors.
expect_failure 1 "osw-appctl: at least one non-option argument is required (use --help for help)" \
    osw-appctl -t oswtest-daemon
expect_failure 1 "osw-appctl: value 0 on -T or --timeout is not a positive integer" \
    osw-appctl -T 0 version
set +e
osw-appctl --no-such-option version > out 2> err
status=$?
set -e
[ $status -eq 1 ] || fail "unknown option: exit status $status"

# --help and --version.
osw-appctl --help > out
grep -q -- "--target=TARGET" out || fail "--help lacks --target"
grep -q -- "--timeout=SECS" out || fail "--help lacks --timeout"
osw-appctl -h | cmp - out || fail "-h differs from --help"
osw-appctl --version | grep -qx "osw-appctl (osw) [0-9.]*" \
    || fail "--version: $(osw-appctl --version)"

# --timeout: a stopped daemon never answers.
kill -STOP "$pid"
on_exit "kill -CONT $pid"
start=$(date +%s)
expect_failure 1 "osw-appctl: timed out waiting for the daemon" \
    osw-appctl --timeout=1 -t oswtest-daemon version
[ $(($(date +%s) - start)) -lt 10 ] || fail "--timeout=1 took too long"
expect_failure 1 "osw-appctl: timed out waiting for the daemon" \
    osw-appctl -T 1 -t oswtest-daemon version
kill -CONT "$pid"
# It answers once it runs again, and a generous timeout does not hurt.
check_output "$pid" osw-appctl -T 30 -t oswtest-daemon pid

check_output "" osw-appctl -t oswtest-daemon exit
check_output "" osw-appctl -t custom.ctl exit
wait_until "! process_alive $pid && ! process_alive $pid2"
forget_pid "$pid"
forget_pid "$pid2"
