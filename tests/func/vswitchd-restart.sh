# Restarting osw-vswitchd: the configuration comes back from the
# database, interfaces get the OpenFlow port numbers they had (the
# database remembers them), and the status is written again.  Also: a
# second osw-vswitchd on the same database stands by (the database lock)
# instead of fighting the first, and "exit --cleanup" removes the
# bridge's devices.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

start_db
start_vswitchd

vs add-br br0 -- set Bridge br0 other_config:datapath-id=0000000000000042
vs add-port br0 p1 -- set Interface p1 type=dummy
vs add-port br0 p2 -- set Interface p2 type=dummy
vs add-port br0 p3 -- set Interface p3 type=dummy
vs del-port br0 p1
vs add-port br0 p4 tag=10 -- set Interface p4 type=dummy
check_output 2 vsctl_get Interface p2 ofport
check_output 3 vsctl_get Interface p3 ofport
check_output 1 vsctl_get Interface p4 ofport

# A second daemon (other pidfile and control socket) finds the lock
# taken and changes nothing.
in_ns osw-vswitchd "unix:$TESTDIR/db.sock" --detach --no-chdir \
    --pidfile="$TESTDIR/second.pid" --unixctl="$TESTDIR/second.ctl" \
    --log-file="$TESTDIR/second.log" -vconsole:off
daemon_started "$TESTDIR/second.pid"
second=$(cat "$TESTDIR/second.pid")
wait_until "grep -q 'another osw-vswitchd process is running' second.log"
osw-appctl -t "$TESTDIR/second.ctl" memory/show | grep -q "bridges:0 " \
    || fail "the second daemon runs bridges"
osw-appctl -t "$TESTDIR/second.ctl" exit
wait_until "! process_alive $second"
forget_pid "$second"

# Restart: everything comes back with the same numbers, in the database
# and on the datapath.
stop_vswitchd
in_ns ip link show br0 >/dev/null 2>&1 && fail "br0 outlived osw-vswitchd"
start_vswitchd
vs --timeout=10 set Open_vSwitch . external_ids:restarted=1
appctl memory/show | grep -q "bridges:1 ports:4 interfaces:4 " \
    || fail "memory/show: $(appctl memory/show)"
check_output 2 vsctl_get Interface p2 ofport
check_output 3 vsctl_get Interface p3 ofport
check_output 1 vsctl_get Interface p4 ofport
check_output 65534 vsctl_get Interface br0 ofport
check_output '"0000000000000042"' vsctl_get Bridge br0 datapath_id
in_ns ip link show br0 >/dev/null || fail "br0 not recreated"

# A new port after the restart takes the lowest free number.
vs add-port br0 p5 -- set Interface p5 type=dummy
check_output 4 vsctl_get Interface p5 ofport

# exit --cleanup: the daemon goes, and with it the internal devices.
stop_vswitchd --cleanup
in_ns ip link show br0 >/dev/null 2>&1 && fail "br0 left behind"
grep -q "exiting (cleanup)" osw-vswitchd.log || fail "no cleanup in the log"
