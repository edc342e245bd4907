# Shared by the oswdb-client-*.sh functional tests (sourced, not a test of
# its own).  Needs lib.sh sourced first.  Changes to $TESTDIR.
#
# Each test runs Open vSwitch's ovsdb-client and our oswdb-client with the
# same arguments against the same server and wants the same output.  The
# server is Open vSwitch's ovsdb-server unless OSWDB_CLIENT_TEST_SERVER
# names another program with the same options (oswdb-server):
#
#     OSWDB_CLIENT_TEST_SERVER=oswdb-server tests/run-tests ... -k oswdb-client
#
# Known differences, which the tests avoid rather than hide: Open vSwitch
# prints some things in the order of its hash tables (the tables of
# list-tables and list-columns, the rows of one monitor update, the tables
# of "monitor ALL"), where oswdb-client uses schema order or sorts.

require_program ovsdb-client
require_program oswdb-client

cd "$TESTDIR"
export OVS_RUNDIR=$TESTDIR OVS_LOGDIR=$TESTDIR OVS_DBDIR=$TESTDIR

TEST_SERVER=${OSWDB_CLIENT_TEST_SERVER:-ovsdb-server}
require_program "$TEST_SERVER"

# The schema: the source tree's, or an installed Open vSwitch's.
VSWITCH_SCHEMA=$srcdir/vswitchd/vswitch.ovsschema
if [ ! -f "$VSWITCH_SCHEMA" ]; then
    VSWITCH_SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
fi
[ -f "$VSWITCH_SCHEMA" ] || skip "no vswitch.ovsschema"

# The default server of both clients.
DB=unix:$TESTDIR/db.sock

# make_db FILE [SCHEMA]: creates database FILE with Open vSwitch's
# ovsdb-tool or, without it, oswdb-tool.
make_db() {
    local file=$1 schema=${2:-$VSWITCH_SCHEMA}
    if command -v ovsdb-tool >/dev/null; then
        ovsdb-tool create "$file" "$schema"
    elif command -v oswdb-tool >/dev/null; then
        oswdb-tool create "$file" "$schema"
    else
        skip "needs ovsdb-tool or oswdb-tool"
    fi
}

# start_ovsdb_server NAME DBFILE...: starts the database server on the
# given files, with runtime files $TESTDIR/NAME.{pid,ctl,log} and remote
# punix:$TESTDIR/NAME.sock (NAME "db" makes it the clients' default
# server).  Its pid goes to $SERVER_PID.  Swap the server here.
start_ovsdb_server() {
    local name=$1
    shift
    "$TEST_SERVER" --detach --no-chdir --pidfile="$TESTDIR/$name.pid" \
        --unixctl="$TESTDIR/$name.ctl" --log-file="$TESTDIR/$name.log" \
        --remote=punix:"$TESTDIR/$name.sock" "$@" \
        || fail "$TEST_SERVER $name did not start"
    daemon_started "$TESTDIR/$name.pid"
    SERVER_PID=$(cat "$TESTDIR/$name.pid")
}

# stop_ovsdb_server NAME: stops server NAME and waits until it is gone.
stop_ovsdb_server() {
    local name=$1 pid
    pid=$(cat "$TESTDIR/$name.pid")
    kill -TERM "$pid"
    wait_until "! process_alive $pid"
    forget_pid "$pid"
}

# run_client NAME PROGRAM ARG...: runs PROGRAM with ARGs, leaving stdout in
# NAME.out, stderr in NAME.err (log lines dropped, program name made
# "ovsdb-client") and the exit status in NAME.rc.
run_client() {
    local name=$1 rc=0
    shift
    "$@" > "$name.out" 2> "$name.err.raw" || rc=$?
    echo "$rc" > "$name.rc"
    grep -v '|fatal_signal|' "$name.err.raw" \
        | sed 's/^oswdb-client:/ovsdb-client:/' > "$name.err" || :
}

# show_diff NAME: shows how ref.NAME and osw.NAME differ.
show_diff() {
    local f
    for f in out err rc; do
        diff -u "ref.$f" "osw.$f" >&2 || :
    done
}

# check_same ARG...: ovsdb-client and oswdb-client with ARGs must print the
# same on stdout and stderr and exit with the same status.
check_same() {
    run_client ref ovsdb-client "$@"
    run_client osw oswdb-client "$@"
    if ! cmp -s ref.out osw.out || ! cmp -s ref.err osw.err \
        || ! cmp -s ref.rc osw.rc; then
        echo "command: $*" >&2
        show_diff
        fail "oswdb-client differs from ovsdb-client"
    fi
}

# check_same_masked ARG...: like check_same, for output with fresh UUIDs
# (of rows inserted by the command itself), which must only have the same
# places.
check_same_masked() {
    local f
    run_client ref ovsdb-client "$@"
    run_client osw oswdb-client "$@"
    for f in ref osw; do
        sed -E 's/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/<uuid>/g' \
            "$f.out" > "$f.masked"
    done
    if ! cmp -s ref.masked osw.masked || ! cmp -s ref.err osw.err \
        || ! cmp -s ref.rc osw.rc; then
        echo "command: $*" >&2
        show_diff
        fail "oswdb-client differs from ovsdb-client"
    fi
}

# check_same_unordered ARG...: like check_same, but the lines after the
# first two (a table's headings) may come in any order.
check_same_unordered() {
    local f
    run_client ref ovsdb-client "$@"
    run_client osw oswdb-client "$@"
    for f in ref osw; do
        { head -n 2 "$f.out"; tail -n +3 "$f.out" | LC_ALL=C sort; } \
            > "$f.sorted"
    done
    if ! cmp -s ref.sorted osw.sorted || ! cmp -s ref.err osw.err \
        || ! cmp -s ref.rc osw.rc; then
        echo "command: $*" >&2
        diff -u ref.sorted osw.sorted >&2 || :
        show_diff
        fail "oswdb-client differs from ovsdb-client"
    fi
}

# check_fails_with MESSAGE ARG...: oswdb-client ARGs must fail with exactly
# MESSAGE on stderr (program name included) and nothing on stdout.
check_fails_with() {
    local expected=$1
    shift
    run_client osw oswdb-client "$@"
    [ "$(cat osw.rc)" != 0 ] || fail "oswdb-client $* should have failed"
    [ ! -s osw.out ] || fail "oswdb-client $* printed: $(cat osw.out)"
    if [ "$(cat osw.err.raw)" != "$expected" ]; then
        echo "command: oswdb-client $*" >&2
        diff -u <(printf '%s\n' "$expected") osw.err.raw >&2 || :
        fail "unexpected error message"
    fi
}

# txn TRANSACTION: runs TRANSACTION on the default server (with Open
# vSwitch's client, so that the data does not depend on ours).
txn() {
    ovsdb-client transact "$DB" "$1" > /dev/null
}
