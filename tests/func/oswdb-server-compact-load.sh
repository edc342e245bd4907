# oswdb-server-compact-load: compacting the database while a writer
# commits thousands of transactions and monitor clients follow every
# change.  Four monitors ("monitor", "monitor_cond", "monitor_cond_since"
# that reconnects every 0.2 s and resumes from the transaction history,
# and a "monitor_cond" client that reads slowly, so that its updates
# coalesce) watch the QoS and Open_vSwitch tables while a writer runs a
# known schedule of transactions (every one increments next_cfg and
# inserts a row; some modify, mutate or delete older rows; some commit
# durably) and ovsdb-server/compact runs again and again.  Then
# (tests/func/oswdb-server-compact-client.py does the checking):
#   - after each update, each monitor's view is exactly the database after
#     the transaction whose number next_cfg shows, and next_cfg only
#     grows: no change lost, duplicated, reordered or split, whatever the
#     compactions did;
#   - each monitor's final view, the server, the file read by oswdb-tool
#     and by Open vSwitch's ovsdb-tool, and a server restarted on the file
#     all hold the state after the last transaction, with the same uuids;
#   - a last compaction shrinks the file to two records;
#   - the server logged no storage trouble.
#
# OSW_COMPACT_TXNS sets the number of transactions.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_python
require_program oswdb-tool
require_program osw-appctl

# The interpreter itself rather than a wrapper script such as pyenv's.
python=$(python3 -c 'import sys; print(sys.executable)')
HELPER="$python $srcdir/tests/func/oswdb-server-compact-client.py"
QUERY='["Open_vSwitch",
        {"op":"select","table":"QoS","where":[],
         "columns":["_uuid","type","external_ids","other_config"]},
        {"op":"select","table":"Open_vSwitch","where":[],
         "columns":["next_cfg"]}]'
n=${OSW_COMPACT_TXNS:-4000}
kinds="v1 v2 v3 slow"
started=$SECONDS

make_db conf.db
oswdb-tool transact conf.db \
    '["Open_vSwitch",{"op":"insert","table":"Open_vSwitch","row":{}}]' \
    > /dev/null
start_osw db conf.db
server=$SERVER_PID

declare -A monitor
for kind in $kinds; do
    spawn $HELPER monitor "$TESTDIR/db.sock" $kind $n mon-$kind.out \
        ready-$kind
    monitor[$kind]=$SPAWNED_PID
done
for kind in $kinds; do
    wait_until "test -e ready-$kind"
done

# Compacts again and again until the writer is nine tenths done.
compact_loop() {
    local count=0
    while [ ! -e stop-compacting ]; do
        osw-appctl -t "$TESTDIR/db.ctl" ovsdb-server/compact \
            || { echo "compaction $((count + 1)) failed" >&2; return 1; }
        count=$((count + 1))
        sleep 0.05
    done
    echo $count > n-compactions
}
spawn compact_loop
compactor=$SPAWNED_PID

$HELPER writer "$TESTDIR/db.sock" $n $((n * 9 / 10)) stop-compacting \
    || fail "the writer failed"
wait $compactor || fail "compacting under load failed"
forget_pid $compactor
n_compactions=$(cat n-compactions)
[ "$n_compactions" -ge 3 ] || fail "only $n_compactions compactions"

for kind in $kinds; do
    wait ${monitor[$kind]} || fail "monitor $kind failed"
    forget_pid ${monitor[$kind]}
done
for kind in $kinds; do
    $HELPER check-monitor mon-$kind.out $kind $n view-$kind
done
views=$(for kind in $kinds; do printf 'view-%s ' $kind; done)

# The server holds the final state, and the monitors' views match it.
$HELPER query "$TESTDIR/db.sock" server.json
$HELPER check-db server.json $n $views

# A last compaction leaves the schema and one snapshot record.
before=$(stat -c %s conf.db)
appctl db ovsdb-server/compact
after=$(stat -c %s conf.db)
[ "$after" -lt "$before" ] \
    || fail "compaction did not shrink the file: $before -> $after bytes"
check_output 2 sh -c "oswdb-tool show-log conf.db | grep -c '^record'"
$HELPER query "$TESTDIR/db.sock" server2.json
$HELPER check-db server2.json $n $views

# The file holds the final state, for oswdb-tool, ovsdb-tool and a new
# server.
appctl db exit
wait_until "! process_alive $server"
forget_pid $server
oswdb-tool query conf.db "$QUERY" > tool.json
$HELPER check-db tool.json $n $views
if have_ovs; then
    ovsdb-tool query conf.db "$QUERY" > ovs-tool.json
    $HELPER check-db ovs-tool.json $n $views
    check_output 2 sh -c "ovsdb-tool show-log conf.db | grep -c '^record'"
fi
start_osw db2 conf.db
$HELPER query "$TESTDIR/db2.sock" restarted.json
$HELPER check-db restarted.json $n $views
appctl db2 exit

# No storage trouble.
if grep -E '\|(ovsdb_file|ovsdb_log)\|(WARN|ERR)|\|ERR\|' db.log db2.log
then
    fail "the server logged trouble"
fi
[ "$(grep -c 'compacting Open_vSwitch database by user request' db.log)" \
  = $((n_compactions + 1)) ] || fail "compactions missing from the log"

echo "$n transactions with $n_compactions compactions under load and 4" \
     "monitors, all checked, in $((SECONDS - started)) s;" \
     "last compaction: $before -> $after bytes"
