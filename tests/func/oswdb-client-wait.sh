# oswdb-client-wait: "wait" waits for the server to come up and for a
# database to be added, connected or removed.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/oswdb-client-lib.bash"

make_db conf.db

# Started before the server exists: retries until it is there.
spawn oswdb-client wait Open_vSwitch connected
waiter=$SPAWNED_PID
sleep 0.5
kill -0 "$waiter" || fail "wait returned before the server started"
start_ovsdb_server db conf.db
wait "$waiter" || fail "wait failed"
forget_pid "$waiter"

# Already true: returns at once.
oswdb-client wait "$DB" Open_vSwitch added
oswdb-client wait Open_vSwitch connected

# Never true: only the timeout ends it.
run_client osw oswdb-client -t 1 wait "$DB" Open_vSwitch removed
[ "$(cat osw.rc)" = 1 ] || fail "wait for an impossible state did not time out"
check_output "oswdb-client: timed out" cat osw.err.raw

# Databases that come and go (Open vSwitch's ovsdb-server can add and
# remove databases at run time).
if [ "$TEST_SERVER" = ovsdb-server ] && command -v ovs-appctl >/dev/null
then
    spawn oswdb-client wait "$DB" Open_vSwitch removed
    waiter=$SPAWNED_PID
    sleep 0.5
    kill -0 "$waiter" || fail "wait removed returned too early"
    ovs-appctl -t "$TESTDIR/db.ctl" ovsdb-server/remove-db Open_vSwitch
    wait "$waiter" || fail "wait removed failed"
    forget_pid "$waiter"

    spawn oswdb-client wait "$DB" Open_vSwitch added
    waiter=$SPAWNED_PID
    sleep 0.5
    kill -0 "$waiter" || fail "wait added returned while the database was gone"
    ovs-appctl -t "$TESTDIR/db.ctl" ovsdb-server/add-db "$TESTDIR/conf.db"
    wait "$waiter" || fail "wait added failed"
    forget_pid "$waiter"
fi

# Errors.
check_same wait Open_vSwitch bogus
check_same wait "$DB" Open_vSwitch
check_same wait "$DB" Open_vSwitch connected extra
