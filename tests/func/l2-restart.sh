# l2-restart: after osw-vswitchd restarts, the configuration comes back
# from the database (bridges, ports, VLANs) and traffic resumes within a
# second of the new daemon's start.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
require_ovsdb "a configuration database"

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24 tag=10
vm_add b "$br0" 10.1.0.2/24 tag=10
vm_add c "$br0" 10.1.0.3/24 tag=20
vm_ready a 10.1.0.2
vm_no_ping a 10.1.0.3

stop_vswitchd
vm_no_ping a 10.1.0.2

start=$(date +%s%N)
spawn "$_vswitchd" "unix:$DB_SOCK" --pidfile="$TESTDIR/$_vswitchd.pid" \
    --unixctl="$TESTDIR/$_vswitchd.ctl" --log-file="$TESTDIR/$_vswitchd.log"
VSWITCHD_PID=$SPAWNED_PID
until vm_exec a ping -c 1 -W 0.1 10.1.0.2 >/dev/null 2>&1; do
    elapsed=$((($(date +%s%N) - start) / 1000000))
    [ $elapsed -lt 10000 ] || fail "no traffic 10 s after the restart"
    process_alive "$VSWITCHD_PID" || fail "the switch died"
done
elapsed=$((($(date +%s%N) - start) / 1000000))
echo "traffic resumed $elapsed ms after the restart"
[ "$elapsed" -le "${L2_RESTART_MS:-1000}" ] \
    || fail "traffic resumed only after $elapsed ms"

# The VLANs came back too.
vm_ping b 10.1.0.1
vm_no_ping a 10.1.0.3
wait_until "appctl version" 5
switch_alive
