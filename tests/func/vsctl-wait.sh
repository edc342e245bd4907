# vsctl-wait: without --no-wait, a command that changes the database bumps
# Open_vSwitch's next_cfg and returns once osw-vswitchd has copied it to
# cur_cfg.  Here a fake daemon (a shell loop) does the copying.  Without a
# daemon, --timeout gives exit status 65 (committed, not confirmed), with
# a note on stderr after a second saying that no osw-vswitchd seems to
# run.  Queries and transactions that change nothing never wait.  New
# interfaces that the daemon could not set up are reported.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"

start_db
W="osw-vsctl --db=unix:$TESTDIR/osw.sock"

# No daemon.
vs init
check_output "0
0" vs get Open_vSwitch . next_cfg cur_cfg
start=$(date +%s%N)
status=0
$W --timeout=2 add-br br0 2> err || status=$?
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
[ $status = 65 ] || fail "exit status $status, not 65"
[ $elapsed -ge 1900 ] && [ $elapsed -lt 10000 ] || fail "took ${elapsed} ms"
grep -q "osw-vsctl: waiting for osw-vswitchd to apply the change, but osw-vswitchd does not seem to be running" err \
    || fail "no note: $(cat err)"
grep -q "osw-vsctl: timed out after 2 seconds waiting for osw-vswitchd to apply the change (next_cfg 1, cur_cfg 0); the change was committed to the database" err \
    || fail "no timeout message: $(cat err)"
# ... but the change is in.
check_output "br0
1
0" vs list-br -- get Open_vSwitch . next_cfg cur_cfg

# Queries and empty transactions do not wait (nor bump next_cfg).
check_output br0 $W --timeout=1 list-br
$W --timeout=1 --may-exist add-br br0
$W --timeout=1 --if-exists del-br nope -- show > /dev/null
check_output 1 vs get Open_vSwitch . next_cfg

# The fake daemon: every 50 ms, gives new interfaces an OpenFlow port
# number and copies next_cfg to cur_cfg, after DELAY seconds each time.
fake_daemon() {
    local delay=$1 next cur iface
    while :; do
        next=$(vs get Open_vSwitch . next_cfg) || return
        cur=$(vs get Open_vSwitch . cur_cfg) || return
        if [ "$next" != "$cur" ]; then
            sleep "$delay"
            for iface in $(vs --bare --columns=name find Interface ofport=[]); do
                vs set Interface "$iface" ofport="$next" || return
            done
            vs set Open_vSwitch . cur_cfg="$next" || return
        fi
        sleep 0.05
    done
}
spawn fake_daemon 0
DAEMON=$SPAWNED_PID

$W --timeout=10 add-port br0 p1 2> err
[ ! -s err ] || fail "unexpected messages: $(cat err)"
check_output "2
2" vs get Open_vSwitch . next_cfg cur_cfg
$W --timeout=10 -- add-port br0 p2 -- set Port p2 tag=3
check_output "3
3" vs get Open_vSwitch . next_cfg cur_cfg
kill $DAEMON
forget_pid $DAEMON
wait $DAEMON 2>/dev/null || :

# A slow daemon with a live pidfile: no note, just waiting.
spawn fake_daemon 1.5
DAEMON=$SPAWNED_PID
echo $DAEMON > "$OSW_RUNDIR/osw-vswitchd.pid"
$W --timeout=20 add-port br0 p3 2> err
[ ! -s err ] || fail "unexpected messages: $(cat err)"
check_output "4
4" vs get Open_vSwitch . next_cfg cur_cfg
kill $DAEMON
forget_pid $DAEMON
wait $DAEMON 2>/dev/null || :
rm -f "$OSW_RUNDIR/osw-vswitchd.pid"

# A daemon that cannot set up a new interface reports it in its ofport
# and error columns; osw-vsctl passes that on.
bad_daemon() {
    local next cur
    while :; do
        next=$(vs get Open_vSwitch . next_cfg) || return
        cur=$(vs get Open_vSwitch . cur_cfg) || return
        if [ "$next" != "$cur" ]; then
            vs -- --if-exists set Interface bad ofport=-1 \
                'error="could not open network device bad (No such device)"' \
                -- set Open_vSwitch . cur_cfg="$next" || return
        fi
        sleep 0.05
    done
}
spawn bad_daemon
DAEMON=$SPAWNED_PID
$W --timeout=10 add-port br0 bad 2> err
check_output "osw-vsctl: Error detected while setting up 'bad': could not open network device bad (No such device).  See osw-vswitchd log for details.
osw-vsctl: The default log directory is \"$OSW_LOGDIR\"." cat err
kill $DAEMON
forget_pid $DAEMON
wait $DAEMON 2>/dev/null || :
