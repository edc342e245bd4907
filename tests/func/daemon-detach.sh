# daemon-detach: --detach returns only once the daemon is up (its pidfile
# and control socket exist and it answers), the daemon runs in its own
# session in "/" with stdio on /dev/null, --no-chdir keeps the working
# directory, a failed start-up makes the starting command fail with the
# daemon's message and status, and "exit" stops it cleanly.

. "$srcdir/tests/lib.sh"

require_program oswtest-daemon
require_program osw-appctl

cd "$TESTDIR"

# alive PID: true while PID runs (a zombie waiting for a reaper is dead).
alive() {
    local state
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    case $state in Z*) return 1 ;; esac
}

# without_inherited_fds CMD...: runs CMD with only stdin, stdout and
# stderr open, so that the fds it ends up with are its own.
without_inherited_fds() {
    (
        for fd in $(ls /proc/$BASHPID/fd); do
            if [ "$fd" -gt 2 ]; then
                eval "exec $fd>&-"
            fi
        done
        exec "$@"
    )
}

# The starter exits 0 only when the daemon has completed start-up: no
# waiting or retrying needed before using it.
without_inherited_fds oswtest-daemon --detach --pidfile --log-file
daemon_started "$TESTDIR/oswtest-daemon.pid"
pid=$(cat "$TESTDIR/oswtest-daemon.pid")
[ -S "$TESTDIR/oswtest-daemon.$pid.ctl" ] || fail "no control socket"
check_output "$pid" osw-appctl -t oswtest-daemon pid
check_output "hello world" osw-appctl -t oswtest-daemon echo hello world

# Detached: its own session, "/" as working directory, stdio on /dev/null.
[ "$(ps -o sid= -p "$pid" | tr -d ' ')" = "$pid" ] \
    || fail "not a session leader"
[ "$(readlink "/proc/$pid/cwd")" = / ] || fail "did not chdir to /"
for fd in 0 1 2; do
    [ "$(readlink "/proc/$pid/fd/$fd")" = /dev/null ] \
        || fail "fd $fd is $(readlink "/proc/$pid/fd/$fd"), not /dev/null"
done
# No stray descriptors left from the start-up handshake: only stdio, the
# log file, the pidfile, the control socket, the epoll instance and the
# fatal-signal pipe (both ends; a lone pipe end would be a leak).
fds=$(ls -l "/proc/$pid/fd")
n_fds=$(ls "/proc/$pid/fd" | wc -l)
[ "$n_fds" -le 9 ] || fail "daemon has $n_fds open fds: $fds"
lone_pipes=$(readlink /proc/$pid/fd/* | grep '^pipe:' | sort | uniq -u)
[ -z "$lone_pipes" ] || fail "stray pipe ends $lone_pipes: $fds"

# --no-chdir keeps the working directory.
mkdir work
(cd work && oswtest-daemon --detach --no-chdir --pidfile=nochdir.pid \
     --unixctl=nochdir.ctl)
daemon_started "$TESTDIR/nochdir.pid"
pid2=$(cat "$TESTDIR/nochdir.pid")
[ "$(readlink "/proc/$pid2/cwd")" = "$TESTDIR/work" ] \
    || fail "--no-chdir did not keep the working directory"
osw-appctl -t nochdir.ctl exit
wait_until "! alive $pid2"
[ ! -e "$TESTDIR/nochdir.pid" ] || fail "pidfile left behind after exit"
[ ! -e "$TESTDIR/nochdir.ctl" ] || fail "socket left behind after exit"
forget_pid "$pid2"

# A daemon that fails during start-up (here: cannot create its control
# socket) makes the starter fail with the daemon's own message and status,
# and leaves no pidfile behind.
set +e
oswtest-daemon --detach --pidfile=bad.pid \
    --unixctl="$TESTDIR/no/such/dir/x.ctl" > out 2> err
status=$?
set -e
[ $status -eq 1 ] || fail "failed start-up exited with $status, not 1"
grep -q "could not create unixctl server" err || fail "no message: $(cat err)"
[ ! -e "$TESTDIR/bad.pid" ] || fail "failed daemon left its pidfile"

# Unknown options fail before forking.
check_fails oswtest-daemon --detach --no-such-option

# "exit" stops the first daemon cleanly: status 0 (not observable for a
# detached process), pidfile and socket removed, log says so.
osw-appctl -t oswtest-daemon exit
wait_until "! alive $pid"
forget_pid "$pid"
[ ! -e "$TESTDIR/oswtest-daemon.pid" ] || fail "pidfile left behind"
[ ! -e "$TESTDIR/oswtest-daemon.$pid.ctl" ] || fail "socket left behind"
grep -q "exiting on request" "$TESTDIR/oswtest-daemon.log" \
    || fail "no exit message in the log"

# Without --detach, the same program runs in the foreground and exits 0
# on "exit".
spawn oswtest-daemon --unixctl=fg.ctl
fg=$SPAWNED_PID
wait_until "osw-appctl -t fg.ctl pid"
check_output "$fg" osw-appctl -t fg.ctl pid
osw-appctl -t fg.ctl exit
wait "$fg"
forget_pid "$fg"
