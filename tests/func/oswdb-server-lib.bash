# Shared by the oswdb-server-*.sh functional tests (sourced, not a test of
# its own).  Needs lib.sh sourced first and the current directory
# $TESTDIR.  Open vSwitch's programs, when installed, serve as the
# reference: their runtime files go to $TESTDIR too.

require_program oswdb-server
export OVS_RUNDIR=$TESTDIR OVS_LOGDIR=$TESTDIR OVS_DBDIR=$TESTDIR

VSWITCH_SCHEMA=$srcdir/vswitchd/vswitch.ovsschema
RPC="python3 $srcdir/tests/func/oswdb-server-rpc.py"

# have_ovs: true if Open vSwitch's database programs are installed.
have_ovs() {
    command -v ovsdb-server >/dev/null && command -v ovsdb-tool >/dev/null \
        && command -v ovsdb-client >/dev/null
}

require_ovs() {
    have_ovs || skip "needs Open vSwitch's ovsdb-server, ovsdb-tool, ovsdb-client"
}

require_python() {
    command -v python3 >/dev/null || skip "needs python3"
}

# make_db FILE [SCHEMA]: creates database FILE (default schema: the
# Open_vSwitch one) with oswdb-tool, or with Open vSwitch's ovsdb-tool
# while oswdb-tool cannot (the files are the same format).
make_db() {
    local file=$1 schema=${2:-$VSWITCH_SCHEMA}
    if oswdb-tool create "$file" "$schema" >/dev/null 2>&1 && [ -s "$file" ]
    then
        return 0
    fi
    rm -f "$file"
    command -v ovsdb-tool >/dev/null || skip "cannot create a database file"
    ovsdb-tool create "$file" "$schema"
}

# start_osw NAME [DBFILE|OPTION]...: starts oswdb-server with runtime files
# $TESTDIR/NAME.{pid,ctl,log} and remote punix:$TESTDIR/NAME.sock; its pid
# goes to $SERVER_PID.
start_osw() {
    local name=$1
    shift
    oswdb-server --detach --no-chdir --pidfile="$TESTDIR/$name.pid" \
        --unixctl="$TESTDIR/$name.ctl" --log-file="$TESTDIR/$name.log" \
        --remote=punix:"$TESTDIR/$name.sock" "$@" \
        || fail "oswdb-server $name did not start"
    daemon_started "$TESTDIR/$name.pid"
    SERVER_PID=$(cat "$TESTDIR/$name.pid")
}

# start_ovs NAME [DBFILE|OPTION]...: the same with Open vSwitch's
# ovsdb-server.
start_ovs() {
    local name=$1
    shift
    ovsdb-server --detach --no-chdir --pidfile="$TESTDIR/$name.pid" \
        --unixctl="$TESTDIR/$name.ctl" --log-file="$TESTDIR/$name.log" \
        --remote=punix:"$TESTDIR/$name.sock" "$@" \
        || fail "ovsdb-server $name did not start"
    daemon_started "$TESTDIR/$name.pid"
    SERVER_PID=$(cat "$TESTDIR/$name.pid")
}

# appctl NAME COMMAND...: runs a unixctl command on server NAME.
appctl() {
    local name=$1
    shift
    if command -v osw-appctl >/dev/null; then
        osw-appctl -t "$TESTDIR/$name.ctl" "$@"
    else
        ovs-appctl -t "$TESTDIR/$name.ctl" "$@"
    fi
}

# stop_server NAME: asks server NAME to exit and waits until it has.
stop_server() {
    local name=$1 pid
    pid=$(cat "$TESTDIR/$name.pid")
    appctl "$name" exit || kill "$pid"
    wait_until "! process_alive $pid"
    forget_pid "$pid"
}

# kill9_server NAME: kills server NAME with SIGKILL (no cleanup at all).
kill9_server() {
    local name=$1 pid
    pid=$(cat "$TESTDIR/$name.pid")
    kill -9 "$pid"
    wait_until "! process_alive $pid"
    forget_pid "$pid"
}

# normalize_uuids: replaces every uuid on stdin with <uuid>.
normalize_uuids() {
    sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<uuid>/g'
}

# free_tcp_port: prints a TCP port on 127.0.0.1 that nobody listens on.
free_tcp_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# compare_files EXPECTED ACTUAL: fails with a diff unless they are equal.
compare_files() {
    if ! cmp -s "$1" "$2"; then
        diff -u "$1" "$2" >&2 || :
        fail "$2 differs from $1"
    fi
}
