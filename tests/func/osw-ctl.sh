# osw-ctl: "start" creates the database and starts oswdb-server, which
# then serves the Open_vSwitch row; "status" reports it; a second "start"
# leaves it alone; "stop" stops it and removes its pidfile.

. "$srcdir/tests/lib.sh"
export OSW_PKGDATADIR=$srcdir/vswitchd

on_exit 'osw-ctl stop >/dev/null 2>&1'
osw-ctl start
test -f "$TESTDIR/conf.db" || fail "no database created"
daemon_started "$TESTDIR/oswdb-server.pid"

status=$(osw-ctl status) || fail "status failed"
echo "$status" | grep -q "^oswdb-server is running with pid [0-9]*$" \
    || fail "status does not report the server: $status"
check_output "1" sh -c "oswdb-client dump unix:$TESTDIR/db.sock \
    Open_vSwitch Open_vSwitch _uuid | tail -n +4 | grep -c ."

# Starting again neither restarts the server nor adds a second row.
pid=$(cat "$TESTDIR/oswdb-server.pid")
out=$(osw-ctl start)
echo "$out" | grep -q "already running" || fail "second start not noticed"
check_output "$pid" cat "$TESTDIR/oswdb-server.pid"
check_output "1" sh -c "oswdb-client dump unix:$TESTDIR/db.sock \
    Open_vSwitch Open_vSwitch _uuid | tail -n +4 | grep -c ."

osw-ctl stop
test ! -e "$TESTDIR/oswdb-server.pid" || fail "pidfile left behind"
if osw-ctl status >/dev/null; then
    fail "status says running after stop"
fi

# Unknown commands and options are refused.
check_fails osw-ctl frobnicate
check_fails osw-ctl --bogus start
