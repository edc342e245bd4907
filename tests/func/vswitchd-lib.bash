# Shared by the vswitchd-*.sh functional tests (sourced, not a test of its
# own).  Needs lib.sh sourced first.
#
# osw-vswitchd runs as root in a network namespace of its own ($VSW_NS),
# so the internal devices it creates (a bridge's local port is a tap
# device named like the bridge) never meet those of other tests running
# at the same time.  The database is oswdb-server on $TESTDIR/db.sock,
# the default socket of osw-vsctl and osw-vswitchd with OSW_RUNDIR set to
# $TESTDIR.
#
# Gives:
#   start_db             a fresh Open_vSwitch database with its one row
#   start_vswitchd [OPTION]...  osw-vswitchd in $VSW_NS, control socket
#                        $TESTDIR/osw-vswitchd.ctl, log osw-vswitchd.log
#   stop_vswitchd        asks it to exit and waits until it has
#   vs ARG...            osw-vsctl (waiting for osw-vswitchd, 10 s at most)
#   vsctl_get RECORD COLUMN...   osw-vsctl get, values only
#   appctl ARG...        osw-appctl on osw-vswitchd (at most 20 s: a hung
#                        daemon fails the test instead of hanging it)
#   in_ns CMD...         runs CMD in $VSW_NS (a function: to spawn a
#                        daemon, spawn "ip netns exec $VSW_NS" itself,
#                        so that the PID is the daemon's)

cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_netns
require_program osw-vswitchd
require_program osw-vsctl
netns_add VSW_NS

in_ns() {
    ip netns exec "$VSW_NS" "$@"
}

start_db() {
    make_db conf.db
    start_osw db conf.db
    osw-vsctl --no-wait init
}

start_vswitchd() {
    in_ns osw-vswitchd "unix:$TESTDIR/db.sock" --detach --no-chdir \
        --pidfile="$TESTDIR/osw-vswitchd.pid" \
        --unixctl="$TESTDIR/osw-vswitchd.ctl" \
        --log-file="$TESTDIR/osw-vswitchd.log" -vconsole:off "$@" \
        || fail "osw-vswitchd did not start"
    daemon_started "$TESTDIR/osw-vswitchd.pid"
    VSWITCHD_PID=$(cat "$TESTDIR/osw-vswitchd.pid")
}

stop_vswitchd() {
    local pid=$VSWITCHD_PID
    appctl exit "$@" || fail "exit failed"
    wait_until "! process_alive $pid"
    forget_pid "$pid"
    test ! -e "$TESTDIR/osw-vswitchd.pid" || fail "pidfile left behind"
}

vs() {
    osw-vsctl --timeout=10 "$@"
}

vsctl_get() {
    osw-vsctl --no-wait get "$@"
}

appctl() {
    osw-appctl --timeout=20 -t "$TESTDIR/osw-vswitchd.ctl" "$@"
}

# log_count PATTERN: how many lines of the osw-vswitchd log match.
log_count() {
    grep -c -- "$1" "$TESTDIR/osw-vswitchd.log" || :
}
