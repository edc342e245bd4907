# ovsdb-idl-server: the database server that the ovsdb-idl functional tests
# run against, and a check of it.
#
# The other tests/func/ovsdb-idl-*.sh source this file for its functions;
# run on its own (as func/ovsdb-idl-server), it checks them: a fresh
# database with its Open_vSwitch row, a server that answers, and data that
# survives a restart.
#
# The server is Open vSwitch's ovsdb-server (the test is skipped if it is
# not installed).  OSW_IDL_SERVER=oswdb-server runs everything against
# osw's own server from the build tree instead; the database tool follows
# (ovsdb-tool or oswdb-tool).  Both take the same options.  The client used
# to change the database behind the IDL's back is ovsdb-client if
# installed, else oswdb-client.

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    . "$srcdir/tests/lib.sh"
fi

IDL_SERVER=${OSW_IDL_SERVER:-ovsdb-server}
case $IDL_SERVER in
    oswdb-server) IDL_TOOL=oswdb-tool ;;
    *) IDL_TOOL=ovsdb-tool ;;
esac
if command -v ovsdb-client >/dev/null; then
    IDL_CLIENT=ovsdb-client
else
    IDL_CLIENT=oswdb-client
fi
IDL_DB=$TESTDIR/db
IDL_REMOTE=unix:$TESTDIR/db.sock
IDL_SCHEMA=$srcdir/vswitchd/vswitch.ovsschema

# idl_require: skips the test unless the server, its tool, the client and
# the test program are there.
idl_require() {
    require_program "$IDL_SERVER"
    require_program "$IDL_TOOL"
    require_program "$IDL_CLIENT"
    require_program test-ovsdb-idl
}

# idl_db_create [clustered]: creates $IDL_DB from the Open_vSwitch schema
# (a one-server cluster with "clustered"; only Open vSwitch's tool can).
idl_db_create() {
    rm -f "$IDL_DB"
    if [ "${1-}" = clustered ]; then
        "$IDL_TOOL" create-cluster "$IDL_DB" "$IDL_SCHEMA" \
                    "unix:$TESTDIR/raft.sock" 2>/dev/null
    else
        "$IDL_TOOL" create "$IDL_DB" "$IDL_SCHEMA"
    fi
}

# idl_server_start: starts the server on $IDL_DB, listening on
# $IDL_REMOTE, and waits until it answers.  Its PID is in
# $IDL_SERVER_PID.  This is the one place that knows how to start it.
idl_server_start() {
    rm -f "$TESTDIR/db.sock"
    spawn "$IDL_SERVER" --remote="p$IDL_REMOTE" --no-chdir \
          --unixctl="$TESTDIR/server.ctl" \
          --log-file="$TESTDIR/server.log" "$IDL_DB" \
          2>>"$TESTDIR/server.stderr"
    IDL_SERVER_PID=$SPAWNED_PID
    wait_until "$IDL_CLIENT list-dbs $IDL_REMOTE | grep -qx Open_vSwitch" 20
}

# idl_server_stop: stops the server started by idl_server_start.
idl_server_stop() {
    kill -TERM "$IDL_SERVER_PID"
    wait "$IDL_SERVER_PID" 2>/dev/null || :
    forget_pid "$IDL_SERVER_PID"
}

# idl_transact JSON: runs transaction JSON (the operations, without the
# database name) through the client; prints the reply, and returns
# nonzero if an operation failed.
idl_transact() {
    local reply
    reply=$("$IDL_CLIENT" transact "$IDL_REMOTE" "[\"Open_vSwitch\", $1]") \
        || return 1
    printf '%s\n' "$reply"
    case $reply in
        *'"error"'*) echo "transaction failed: $reply" >&2; return 1 ;;
    esac
}

# idl_init_row: inserts the Open_vSwitch row, as osw-ctl would.
idl_init_row() {
    idl_transact '{"op": "insert", "table": "Open_vSwitch", "row": {}}' \
        > /dev/null
}

# idl_select TABLE COLUMN: prints COLUMN of every row of TABLE, one per
# line, as JSON.
idl_select() {
    idl_transact "{\"op\": \"select\", \"table\": \"$1\", \"where\": [],
                   \"columns\": [\"$2\"]}" \
        | sed 's/.*"rows":\[\(.*\)\]}\]$/\1/'
}

# idl_state_is TEXT: waits until the file $TESTDIR/state (written by
# "test-ovsdb-idl --client ... follow") holds TEXT, else fails with a diff.
idl_state_is() {
    local file=${2:-$TESTDIR/state} i
    printf '%s\n' "$1" > "$TESTDIR/expected"
    for i in $(seq 150); do
        if cmp -s "$TESTDIR/expected" "$file"; then
            return 0
        fi
        sleep 0.1
    done
    diff -u "$TESTDIR/expected" "$file" >&2 || :
    fail "replica in $file did not reach the expected state"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    return 0
fi

# The check of the functions above.
idl_require
idl_db_create
idl_server_start
idl_init_row
idl_transact '{"op": "update", "table": "Open_vSwitch", "where": [],
               "row": {"next_cfg": 7}}' > /dev/null
check_output '{"next_cfg":7}' idl_select Open_vSwitch next_cfg
idl_server_stop
idl_server_start
check_output '{"next_cfg":7}' idl_select Open_vSwitch next_cfg
idl_server_stop
