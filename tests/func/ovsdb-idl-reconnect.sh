# ovsdb-idl-reconnect: an IDL survives server restarts.  With a standalone
# database the server keeps no transaction history, so monitor_cond_since
# finds nothing to resume from and the IDL reloads everything, changes
# made to the file while the server was down included.  With a clustered
# database (Open vSwitch's server only) the IDL resumes from its last
# transaction: no second full load.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/ovsdb-idl-server.sh"

idl_require
cd "$TESTDIR"
idl_db_create
idl_server_start
idl_init_row

set_next_cfg() {
    idl_transact "{\"op\": \"update\", \"table\": \"Open_vSwitch\",
                   \"where\": [], \"row\": {\"next_cfg\": $1}}" > /dev/null
}

spawn test-ovsdb-idl --client "$IDL_REMOTE" \
      follow "$TESTDIR/state" Open_vSwitch:next_cfg
FOLLOW_PID=$SPAWNED_PID
idl_state_is "synced=monitor_cond_since full_loads=1
Open_vSwitch next_cfg=0"
set_next_cfg 1
idl_state_is "synced=monitor_cond_since full_loads=1
Open_vSwitch next_cfg=1"

# Down, changed behind its back, up again.
idl_server_stop
idl_state_is "synced=no full_loads=1
Open_vSwitch next_cfg=1"
"$IDL_TOOL" transact "$IDL_DB" '["Open_vSwitch", {"op": "update",
    "table": "Open_vSwitch", "where": [], "row": {"next_cfg": 2}}]' \
    > /dev/null
idl_server_start
idl_state_is "synced=monitor_cond_since full_loads=2
Open_vSwitch next_cfg=2"
set_next_cfg 3
idl_state_is "synced=monitor_cond_since full_loads=2
Open_vSwitch next_cfg=3"
idl_server_stop
kill "$FOLLOW_PID"
forget_pid "$FOLLOW_PID"

# Clustered: the server keeps transaction ids, so the IDL resumes.
if ! idl_db_create clustered; then
    echo "$IDL_TOOL cannot create a clustered database: skipping that part"
    exit 0
fi
idl_server_start
wait_until "idl_init_row" 20
spawn test-ovsdb-idl --client "$IDL_REMOTE" \
      follow "$TESTDIR/state" Open_vSwitch:next_cfg
idl_state_is "synced=monitor_cond_since full_loads=1
Open_vSwitch next_cfg=0"
set_next_cfg 5
idl_state_is "synced=monitor_cond_since full_loads=1
Open_vSwitch next_cfg=5"

# A restart with nothing changed meanwhile: resumed, nothing reloaded.
idl_server_stop
idl_state_is "synced=no full_loads=1
Open_vSwitch next_cfg=5"
idl_server_start
idl_state_is "synced=monitor_cond_since full_loads=1
Open_vSwitch next_cfg=5"
wait_until "set_next_cfg 6" 20
idl_state_is "synced=monitor_cond_since full_loads=1
Open_vSwitch next_cfg=6"

# The server drops its clients and keeps running: resumed again.
# (ovsdb-server 3.1 resumes only from its latest transaction, so a change
# made while the IDL is away means a full load; the unit tests cover
# resuming with a diff.)
if [ "$IDL_SERVER" = ovsdb-server ] && command -v ovs-appctl >/dev/null; then
    ovs-appctl -t "$TESTDIR/server.ctl" ovsdb-server/reconnect
    idl_state_is "synced=no full_loads=1
Open_vSwitch next_cfg=6"
    idl_state_is "synced=monitor_cond_since full_loads=1
Open_vSwitch next_cfg=6"
    set_next_cfg 7
    idl_state_is "synced=monitor_cond_since full_loads=1
Open_vSwitch next_cfg=7"
fi
