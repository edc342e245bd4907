# daemon-cleanup: a daemon killed by SIGTERM, SIGINT or SIGHUP removes its
# pidfile and control socket and dies of that signal; so does one stopped
# with "exit"; SIGKILL (no chance to clean up) leaves both behind.

. "$srcdir/tests/lib.sh"

require_program oswtest-daemon
require_program osw-appctl

cd "$TESTDIR"

alive() {
    local state
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    case $state in Z*) return 1 ;; esac
}

# start NAME: starts a detached daemon with pidfile NAME.pid, default
# socket; sets $pid and $sock.
start() {
    oswtest-daemon --detach --pidfile="$1.pid" --log-file="$TESTDIR/$1.log"
    daemon_started "$TESTDIR/$1.pid"
    pid=$(cat "$TESTDIR/$1.pid")
    sock=$TESTDIR/oswtest-daemon.$pid.ctl
    [ -S "$sock" ] || fail "no control socket $sock"
}

for sig in TERM INT HUP; do
    start "$sig"
    kill -"$sig" "$pid"
    wait_until "! alive $pid"
    forget_pid "$pid"
    [ ! -e "$TESTDIR/$sig.pid" ] || fail "SIG$sig left the pidfile"
    [ ! -e "$sock" ] || fail "SIG$sig left the control socket"
    grep -q "terminating with signal" "$TESTDIR/$sig.log" \
        || fail "SIG$sig not logged"
done

# In the foreground we can see the exit status: death by the signal
# itself, so a supervisor learns the real cause.
spawn oswtest-daemon --pidfile=fg.pid --unixctl=fg.ctl
fg=$SPAWNED_PID
wait_until "osw-appctl -t fg.ctl pid"
kill -TERM "$fg"
set +e
wait "$fg"
status=$?
set -e
forget_pid "$fg"
[ $status -eq $((128 + 15)) ] \
    || fail "exit status $status, not death by SIGTERM"
[ ! -e fg.pid ] || fail "foreground daemon left its pidfile"
[ ! -e fg.ctl ] || fail "foreground daemon left its socket"

# "exit" cleans up too.
start exit
osw-appctl -t "$sock" exit
wait_until "! alive $pid"
forget_pid "$pid"
[ ! -e "$TESTDIR/exit.pid" ] || fail "exit left the pidfile"
[ ! -e "$sock" ] || fail "exit left the control socket"

# SIGKILL cannot be caught: the files stay, and osw-appctl reports the
# daemon as gone instead of hanging.
start kill
kill -KILL "$pid"
wait_until "! alive $pid"
forget_pid "$pid"
[ -e "$TESTDIR/kill.pid" ] || fail "pidfile vanished after SIGKILL?"
check_fails osw-appctl -T 5 -t "$sock" pid
