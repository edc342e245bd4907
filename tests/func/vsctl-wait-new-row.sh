# vsctl-wait-new-row: on a database without an Open_vSwitch row, a command
# that waits for osw-vswitchd creates the row and bumps its next_cfg in
# the same transaction.  The server knows the new row only by its
# "named-uuid", which the increment must use (the IDL used to send the
# row's temporary uuid, and the transaction failed).  Checked against
# oswdb-server and, if installed, Open vSwitch's ovsdb-server.  No daemon
# runs, so osw-vsctl times out with status 65 after committing.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"

# check_new_row SOCKET: add-br on the empty database behind SOCKET.
check_new_row() {
    local db="unix:$TESTDIR/$1.sock" status=0
    osw-vsctl --db="$db" --timeout=1 add-br br0 2> err || status=$?
    [ $status = 65 ] || fail "$1: exit status $status, not 65: $(cat err)"
    grep -q "(next_cfg 1, cur_cfg 0); the change was committed" err \
        || fail "$1: no timeout message: $(cat err)"
    check_output "br0
1
0" osw-vsctl --db="$db" --no-wait list-br -- \
        get Open_vSwitch . next_cfg cur_cfg
}

start_db
check_new_row osw

if have_ovs; then
    start_ovs_db
    check_new_row ovs
fi
