# osw-vswitchd on a database that has no Open_vSwitch row yet (as
# "oswdb-tool create" leaves it, before any osw-vsctl command): it waits
# for the row instead of failing, and configures the switch once it
# exists.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

make_db conf.db
start_osw db conf.db
spawn ip netns exec "$VSW_NS" osw-vswitchd "unix:$TESTDIR/db.sock" \
    --no-chdir \
    --pidfile="$TESTDIR/osw-vswitchd.pid" \
    --unixctl="$TESTDIR/osw-vswitchd.ctl" \
    --log-file="$TESTDIR/osw-vswitchd.log" -vconsole:off
wait_until "test -S $TESTDIR/osw-vswitchd.ctl"
pid=$(cat "$TESTDIR/osw-vswitchd.pid")
wait_until 'grep -q "replicating database Open_vSwitch" osw-vswitchd.log'
# Give it a few passes over the empty replica.
sleep 0.5
process_alive "$pid" || fail "osw-vswitchd died on an empty database"
appctl memory/show | grep -q "bridges:0 " || fail "memory/show"

osw-vsctl --no-wait init
vs add-br br0 -- add-port br0 p1 -- set Interface p1 type=dummy
check_output 1 vsctl_get Interface p1 ofport
process_alive "$pid" || fail "osw-vswitchd died"
