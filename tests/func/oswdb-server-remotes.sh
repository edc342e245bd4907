# oswdb-server-remotes: remotes configured from the database
# (--remote=db:Open_vSwitch,Open_vSwitch,manager_options, as ovs-ctl
# starts ovsdb-server) follow every commit: "ovs-vsctl set-manager
# ptcp:PORT" opens a TCP port at once and "del-manager" closes it; an
# active "tcp:" manager connects out to a listening client; the status of
# each remote is written back to its Manager row (bound_port,
# is_connected).  Remotes from a column of strings work too, and the
# unixctl commands add-remote, remove-remote and list-remotes.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_program ovs-vsctl
require_python

VSCTL="ovs-vsctl --db=unix:$TESTDIR/db.sock --no-wait --timeout=10"

make_db conf.db
start_osw db conf.db --remote=db:Open_vSwitch,Open_vSwitch,manager_options
$VSCTL init

# A passive manager opens a port as soon as it is committed.
port=$(free_tcp_port)
$VSCTL set-manager "ptcp:$port:127.0.0.1"
check_output "" ovs-vsctl --db="tcp:127.0.0.1:$port" --no-wait --timeout=10 \
    list-br
$VSCTL add-br br0
check_output br0 ovs-vsctl --db="tcp:127.0.0.1:$port" --no-wait --timeout=10 \
    list-br
wait_until "$VSCTL get Manager . status:bound_port | grep -qx '\"$port\"'"

# Port 0 picks a free port, which the status reports.
$VSCTL set-manager ptcp:0:127.0.0.1
wait_until "$VSCTL get Manager . status:bound_port"
bound=$($VSCTL get Manager . status:bound_port | tr -d '"')
[ "$bound" -gt 0 ] || fail "bad bound_port $bound"
check_output br0 ovs-vsctl --db="tcp:127.0.0.1:$bound" --no-wait \
    --timeout=10 list-br
# The old port is closed.
check_fails ovs-vsctl --db="tcp:127.0.0.1:$port" --no-wait --timeout=2 \
    list-br 2>/dev/null

# Removing the manager closes its port.
$VSCTL del-manager
wait_until "! python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", $bound))'"

# An active manager: the server connects out to a client that listens.
if have_ovs; then
    port=$(free_tcp_port)
    ovsdb-client list-dbs "ptcp:$port:127.0.0.1" > passive.out 2> passive.err &
    client=$!
    sleep 0.3
    $VSCTL set-manager "tcp:127.0.0.1:$port" -- \
        set Manager . inactivity_probe=30000 max_backoff=1000
    wait_until "! process_alive $client"
    wait $client || fail "passive ovsdb-client failed: $(cat passive.out)"
    check_output "Open_vSwitch
_Server" cat passive.out
    $VSCTL del-manager
fi

# unixctl: add-remote, list-remotes, remove-remote.
appctl db ovsdb-server/add-remote punix:"$TESTDIR/extra.sock"
check_output "db:Open_vSwitch,Open_vSwitch,manager_options
punix:$TESTDIR/db.sock
punix:$TESTDIR/extra.sock" appctl db ovsdb-server/list-remotes
wait_until "test -S $TESTDIR/extra.sock"
check_output br0 ovs-vsctl --db=unix:"$TESTDIR/extra.sock" --no-wait list-br
appctl db ovsdb-server/remove-remote punix:"$TESTDIR/extra.sock"
wait_until "test ! -e $TESTDIR/extra.sock"
check_fails appctl db ovsdb-server/remove-remote punix:"$TESTDIR/extra.sock" \
    2> remove.err
grep -q "no such remote" remove.err || fail "$(cat remove.err)"
check_fails appctl db ovsdb-server/add-remote "bogus:xyz" 2> add.err
stop_server db

# Remotes from a column of strings, in another database.
cat > remotes.ovsschema <<'EOF'
{"name": "Remotes", "version": "1.0.0",
 "tables": {"Config": {"columns": {"targets": {"type": {"key": "string",
                                                "min": 0,
                                                "max": "unlimited"}}}}}}
EOF
make_db remotes.db remotes.ovsschema
start_osw db conf.db remotes.db --remote=db:Remotes,Config,targets
wait_until "test -S $TESTDIR/db.sock"
ovs-vsctl --db=unix:"$TESTDIR/db.sock" --no-wait list-br > /dev/null
echo "open c unix:$TESTDIR/db.sock
c {\"method\":\"transact\",\"params\":[\"Remotes\",{\"op\":\"insert\",\"table\":\"Config\",\"row\":{\"targets\":[\"set\",[\"punix:$TESTDIR/s1.sock\",\"punix:$TESTDIR/s2.sock\"]]}}],\"id\":1}
c ?1" | $RPC > insert.out
grep -q '"uuid"' insert.out || fail "insert failed: $(cat insert.out)"
wait_until "test -S $TESTDIR/s1.sock && test -S $TESTDIR/s2.sock"
check_output br0 ovs-vsctl --db=unix:"$TESTDIR/s2.sock" --no-wait list-br
