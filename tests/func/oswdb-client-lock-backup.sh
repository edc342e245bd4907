# oswdb-client-lock-backup: "lock", "steal" and "unlock" print the
# server's replies and notifications as ovsdb-client does; "backup" writes
# a database file that Open vSwitch's tools read and that restores the
# same contents.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/oswdb-client-lib.bash"

make_db conf.db
start_ovsdb_server db conf.db

# Locks.  A takes the lock, B waits for it, C steals it from A; when C
# goes, A (first in line again) gets it back, and B when A goes.
spawn oswdb-client lock "$DB" mylock > a.out 2> a.err
a_pid=$SPAWNED_PID
wait_until "grep -q locked a.out"
check_output '{"locked":true}' cat a.out

spawn ovsdb-client lock mylock > b.out 2> b.err
b_pid=$SPAWNED_PID
wait_until "grep -q locked b.out"

spawn oswdb-client steal mylock > c.out 2> c.err
c_pid=$SPAWNED_PID
wait_until "grep -q locked c.out"
wait_until "grep -q stolen a.out"
check_output '{"locked":true}' cat c.out

kill "$c_pid"
wait "$c_pid" || :
forget_pid "$c_pid"
wait_until "grep -qx locked a.out"
check_output '{"locked":true}
stolen
["mylock"]
locked
["mylock"]' cat a.out

kill "$a_pid"
wait "$a_pid" || :
forget_pid "$a_pid"
wait_until "grep -qx locked b.out"
check_output '{"locked":false}
locked
["mylock"]' cat b.out

# The same seen from our side: we wait, Open vSwitch's client steals.
spawn oswdb-client --pretty lock other > d.out 2> d.err
wait_until "grep -q locked d.out"
spawn ovsdb-client steal other > e.out 2> e.err
e_pid=$SPAWNED_PID
wait_until "grep -q stolen d.out"
kill "$e_pid"
wait "$e_pid" || :
forget_pid "$e_pid"
wait_until "grep -qx locked d.out"
check_output '{
  "locked": true}
stolen
[
  "other"]
locked
[
  "other"]' cat d.out

# "unlock" on a connection that holds nothing is an error from the
# server; ovsdb-client ignores it and waits forever, we report it.
run_client osw oswdb-client unlock "$DB" mylock
[ "$(cat osw.rc)" = 1 ] || fail "unlock did not fail"
grep -q "^oswdb-client: $DB: unlock request failed: {" osw.err.raw \
    || fail "unexpected unlock error: $(cat osw.err.raw)"

# A detached lock holder, stopped through unixctl.
oswdb-client --detach --no-chdir --pidfile="$TESTDIR/locker.pid" \
    lock third > third.out 2> third.err
daemon_started "$TESTDIR/locker.pid"
check_output '{"locked":true}' cat third.out
if command -v osw-appctl >/dev/null; then
    locker=$(cat "$TESTDIR/locker.pid")
    osw-appctl -t "$TESTDIR/oswdb-client.$locker.ctl" exit
    wait_until "! process_alive $locker"
fi

check_same lock
check_same steal "$DB" a b

# Backup.
long=$(printf 'x%.0s' $(seq 2000))
txn '["Open_vSwitch",
  {"op":"insert","table":"Open_vSwitch","row":{
     "bridges":["set",[["named-uuid","br0"],["named-uuid","br1"]]],
     "external_ids":["map",[["w","a\u0001b\n\t\u00e9\u2028/\\\u007f\"x"],
                            ["e",""],["long","'"$long"'"]]],
     "db_version":"1.2","cur_cfg":3,"next_cfg":4}},
  {"op":"insert","table":"Bridge","uuid-name":"br0","row":{
     "name":"br0","ports":["named-uuid","p0"],
     "external_ids":["map",[["a","b c"]]],"flood_vlans":["set",[1,2]],
     "datapath_id":"ephemeral, not backed up"}},
  {"op":"insert","table":"Bridge","uuid-name":"br1","row":{"name":"br1"}},
  {"op":"insert","table":"Port","uuid-name":"p0","row":{
     "name":"p0","interfaces":["named-uuid","i0"],"tag":5}},
  {"op":"insert","table":"Interface","uuid-name":"i0","row":{
     "name":"p0","type":"internal","ofport_request":7}},
  {"op":"insert","table":"Manager","row":{"target":"ptcp:6640"}}]'

oswdb-client backup > ours.db
ovsdb-client backup > theirs.db
oswdb-client backup "$DB" Open_vSwitch | cat > piped.db

ovsdb-tool show-log ours.db > show-log.txt \
    || fail "ovsdb-tool cannot read our backup"
[ "$(grep -c '^record' show-log.txt)" = 2 ] \
    || fail "expected 2 records: $(cat show-log.txt)"
grep -q '^record 0: "Open_vSwitch" schema' show-log.txt \
    || fail "no schema record: $(cat show-log.txt)"
grep -q '^record 1: .*"produced by "oswdb-client backup""' show-log.txt \
    || fail "no transaction record: $(cat show-log.txt)"
check_output "$(ovsdb-tool db-cksum theirs.db)" ovsdb-tool db-cksum ours.db
check_output "$(ovsdb-tool db-version theirs.db)" \
    ovsdb-tool db-version ours.db
ovsdb-tool show-log piped.db > /dev/null \
    || fail "ovsdb-tool cannot read the piped backup"
# No temporary files left behind.
[ -z "$(ls "${TMPDIR:-/tmp}" | grep '^oswdb-client\.' || :)" ] \
    || echo "note: oswdb-client.* directories in ${TMPDIR:-/tmp}" >&2

# The backups restore the same database, minus ephemeral columns.
ovsdb-client dump > original.txt
grep -q 'ephemeral, not backed up' original.txt \
    || fail "test data lacks the ephemeral value"
txn '["Open_vSwitch",{"op":"update","table":"Bridge","where":[],
  "row":{"datapath_id":["set",[]]}}]'
ovsdb-client dump > original-persistent.txt
start_ovsdb_server ours ours.db
oswdb-client dump "unix:$TESTDIR/ours.sock" > restored-ours.txt
start_ovsdb_server theirs theirs.db
oswdb-client dump "unix:$TESTDIR/theirs.sock" > restored-theirs.txt
cmp restored-ours.txt restored-theirs.txt \
    || { diff -u restored-theirs.txt restored-ours.txt >&2; \
         fail "our backup restores differently from theirs"; }
cmp original-persistent.txt restored-ours.txt \
    || { diff -u original-persistent.txt restored-ours.txt >&2; \
         fail "restored database differs"; }

# Errors.
check_same backup NoSuchDatabase
check_same backup "unix:$TESTDIR/nonexistent.sock"
