# osw-vswitchd and its database: it may start before the database (it
# keeps trying), it survives a database restart (reconnecting, keeping the
# bridges running, and writing its ephemeral status columns again, which
# a restarted server has lost), and a bridge's traffic goes on meanwhile.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

make_db conf.db
# Not detached: with --detach it would wait for the database.
spawn ip netns exec "$VSW_NS" osw-vswitchd "unix:$TESTDIR/db.sock" \
    --no-chdir \
    --pidfile="$TESTDIR/osw-vswitchd.pid" \
    --unixctl="$TESTDIR/osw-vswitchd.ctl" \
    --log-file="$TESTDIR/osw-vswitchd.log" -vconsole:off
wait_until "test -S $TESTDIR/osw-vswitchd.ctl"
appctl memory/show | grep -q "bridges:0 " || fail "memory/show"

start_osw db conf.db
osw-vsctl --no-wait init
vs add-br br0 -- add-port br0 p1 -- set Interface p1 type=dummy
check_output 1 vsctl_get Interface p1 ofport
wait_until 'test "$(vsctl_get Interface p1 mac_in_use)" != "[]"'

# Restart the database: ephemeral columns (mac_in_use, link_state...) are
# not stored, so they come back only because osw-vswitchd rewrites them.
appctl_db() { osw-appctl -t "$TESTDIR/db.ctl" "$@"; }
pid=$SERVER_PID
appctl_db exit
wait_until "! process_alive $pid"
forget_pid "$pid"
start_osw db conf.db
wait_until 'test "$(vsctl_get Interface p1 mac_in_use)" != "[]"'
wait_until 'test "$(vsctl_get Interface p1 link_state)" = up'
check_output 1 vsctl_get Interface p1 ofport
# ... and nothing was re-added.
check_output 1 log_count "added interface p1 "
vs add-port br0 p2 -- set Interface p2 type=dummy
check_output 2 vsctl_get Interface p2 ofport
check_output "$(vsctl_get Open_vSwitch . next_cfg)" \
    vsctl_get Open_vSwitch . cur_cfg
appctl exit
