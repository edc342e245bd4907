# daemon-monitor: with --monitor, a daemon that crashes (here: abort() on
# the "crash" command) is restarted, with a new pidfile and control socket,
# and each restart is logged; quick repeated crashes are restarted after a
# growing delay instead of in a tight loop; the monitor exits when the
# daemon exits normally or is terminated by SIGTERM.

. "$srcdir/tests/lib.sh"

require_program oswtest-daemon
require_program osw-appctl

cd "$TESTDIR"
log=$TESTDIR/oswtest-daemon.log
pidfile=$TESTDIR/oswtest-daemon.pid

alive() {
    local state
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    case $state in Z*) return 1 ;; esac
}

# new_daemon OLD_PID: waits until a daemon other than OLD_PID owns the
# pidfile and answers, and stores its pid in $new_pid (not printed: a
# command substitution's subshell could not register it for cleanup).
new_daemon() {
    local old=$1
    wait_until "[ -s $pidfile ] && [ \"\$(cat $pidfile)\" != $old ] \
                && osw-appctl -t oswtest-daemon pid" 20
    new_pid=$(cat "$pidfile")
    _osw_pids+=("$new_pid")
}

# No core files in the test directory, whatever the system's settings.
ulimit -c 0

oswtest-daemon --detach --monitor --pidfile --log-file
daemon_started "$pidfile"
pid1=$(cat "$pidfile")
# The pidfile names the daemon; its parent is the monitor.
monitor=$(ps -o ppid= -p "$pid1" | tr -d ' ')
_osw_pids+=("$monitor")
[ "$monitor" != 1 ] || fail "daemon has no monitor"
grep -q "monitoring pid $pid1" "$log" || fail "monitor did not log its start"
check_output "$pid1" osw-appctl -t oswtest-daemon pid

# Crash: the request gets no answer, then a new daemon takes over.
check_fails osw-appctl -T 10 -t oswtest-daemon crash
new_daemon "$pid1"
pid2=$new_pid
alive "$pid1" && fail "crashed daemon still alive"
forget_pid "$pid1"
alive "$monitor" || fail "monitor died"
[ "$(ps -o ppid= -p "$pid2" | tr -d ' ')" = "$monitor" ] \
    || fail "restarted daemon is not the monitor's child"
grep -q "pid $pid1 died, killed by signal 6 (Aborted).*restarting" "$log" \
    || fail "restart not logged: $(cat "$log")"
check_output "echo ok" osw-appctl -t oswtest-daemon echo echo ok
[ -S "$TESTDIR/oswtest-daemon.$pid2.ctl" ] || fail "no socket for new daemon"

# A second quick crash: restarted again, after a longer delay.
check_fails osw-appctl -T 10 -t oswtest-daemon crash
new_daemon "$pid2"
pid3=$new_pid
forget_pid "$pid2"
grep "pid $pid2 died" "$log" | grep -q "restarting in [0-9]* ms" \
    || fail "quick crash restarted without back-off: $(cat "$log")"
# restart_delay PID: the delay logged for PID's restart.
restart_delay() {
    sed -n "s/.*pid $1 died.*restarting in \([0-9]*\) ms.*/\1/p" "$log"
}
delay1=$(restart_delay "$pid1")
delay2=$(restart_delay "$pid2")
[ "${delay2:-0}" -gt "${delay1:-0}" ] \
    || fail "back-off did not grow ($delay1 ms, then $delay2 ms)"

# A normal exit ends the monitor too.
osw-appctl -t oswtest-daemon exit
wait_until "! alive $pid3"
wait_until "! alive $monitor"
grep -q "pid $pid3 died, exit status 0, exiting" "$log" \
    || fail "monitor did not log the daemon's exit"
[ ! -e "$pidfile" ] || fail "pidfile left behind"
forget_pid "$pid3"
forget_pid "$monitor"

# SIGTERM to the daemon also ends the monitor, without a restart.
oswtest-daemon --detach --monitor --pidfile --log-file
daemon_started "$pidfile"
pid4=$(cat "$pidfile")
monitor2=$(ps -o ppid= -p "$pid4" | tr -d ' ')
_osw_pids+=("$monitor2")
kill -TERM "$pid4"
wait_until "! alive $monitor2"
alive "$pid4" && fail "daemon survived SIGTERM"
grep -q "pid $pid4 died, killed by signal 15" "$log" \
    || fail "monitor did not log the SIGTERM"
[ ! -e "$pidfile" ] || fail "pidfile left behind after SIGTERM"
grep "pid $pid4 died" "$log" | grep -q restarting \
    && fail "monitor restarted a daemon stopped by SIGTERM"
forget_pid "$pid4"
forget_pid "$monitor2"
