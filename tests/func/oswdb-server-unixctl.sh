# oswdb-server-unixctl: the runtime commands: ovsdb-server/list-dbs,
# ovsdb-server/compact (the file shrinks to a snapshot, the data stays),
# ovsdb-server/add-db and remove-db, memory/show, ovsdb-server/reconnect,
# exit (which removes the pidfile and the sockets); the errors use
# ovsdb-server's wording.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_program ovs-vsctl

VSCTL="ovs-vsctl --db=unix:$TESTDIR/db.sock --no-wait --timeout=10"

make_db conf.db
start_osw db conf.db
pid=$SERVER_PID
check_output "Open_vSwitch
_Server" appctl db ovsdb-server/list-dbs

# Compaction.
$VSCTL init -- add-br br0
for i in $(seq 50); do
    $VSCTL set Bridge br0 external_ids:n=$i
done
before=$(stat -c %s conf.db)
appctl db ovsdb-server/compact
after=$(stat -c %s conf.db)
[ "$after" -lt "$before" ] || fail "compaction did not shrink $before -> $after"
check_output '"50"' $VSCTL get Bridge br0 external_ids:n
$VSCTL set Bridge br0 external_ids:n=51
appctl db ovsdb-server/compact Open_vSwitch
check_fails appctl db ovsdb-server/compact nope 2> compact.err
grep -q "no database by that name" compact.err || fail "$(cat compact.err)"
if have_ovs; then
    check_output 2 sh -c "ovsdb-tool show-log conf.db | grep -c '^record'"
fi

# Adding and removing databases.
cat > extra.ovsschema <<'EOF'
{"name": "Extra", "version": "1.0.0",
 "tables": {"T": {"columns": {"x": {"type": "integer"}}}}}
EOF
make_db extra.db extra.ovsschema
appctl db ovsdb-server/add-db "$TESTDIR/extra.db"
check_output "Extra
Open_vSwitch
_Server" appctl db ovsdb-server/list-dbs
check_fails appctl db ovsdb-server/add-db "$TESTDIR/extra.db" 2> add.err
check_fails appctl db ovsdb-server/add-db "$TESTDIR/none.db" 2> add2.err
grep -q "none.db" add2.err || fail "$(cat add2.err)"
if have_ovs; then
    check_output "Extra
Open_vSwitch
_Server" ovsdb-client list-dbs unix:"$TESTDIR/db.sock"
fi
appctl db ovsdb-server/remove-db Extra
check_output "Open_vSwitch
_Server" appctl db ovsdb-server/list-dbs
check_fails appctl db ovsdb-server/remove-db Extra 2> remove.err
grep -q "Failed to find the database." remove.err || fail "$(cat remove.err)"
check_fails appctl db ovsdb-server/remove-db _Server 2> remove2.err
# The removed database's file is free again: another server may take it.
start_osw extra extra.db
stop_server extra

# memory/show and reconnect.
appctl db memory/show > memory.out
for key in atoms cells monitors sessions triggers backlog; do
    grep -q "$key:[0-9]" memory.out || fail "no $key in $(cat memory.out)"
done
appctl db ovsdb-server/reconnect
check_output br0 $VSCTL list-br

# exit cleans up.
appctl db exit
wait_until "! kill -0 $pid"
forget_pid "$pid"
[ ! -e db.pid ] || fail "pidfile left behind"
[ ! -e db.sock ] || fail "socket left behind"
[ ! -e db.ctl ] || fail "control socket left behind"
