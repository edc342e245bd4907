# ovsdb-idl-lock: two IDL clients ask for the same lock: the first holds
# it and writes under it, the second waits (contended), a third that
# writes without holding it gets NOT_LOCKED, and when the holder goes away
# the waiting client gets the lock and writes.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/ovsdb-idl-server.sh"

idl_require
cd "$TESTDIR"
idl_db_create
idl_server_start
idl_init_row

spawn test-ovsdb-idl --client "$IDL_REMOTE" lock L > c1.out
C1=$SPAWNED_PID
wait_until "grep -qx 'locked write: success' c1.out"
check_output "has_lock=yes contended=no
locked write: success" cat c1.out

spawn test-ovsdb-idl --client "$IDL_REMOTE" lock L > c2.out
C2=$SPAWNED_PID
wait_until "grep -qx 'has_lock=no contended=yes' c2.out"

check_output "write: not locked" \
    test-ovsdb-idl --client "$IDL_REMOTE" lock-write L
check_output "{\"external_ids\":[\"map\",[[\"lock-holder\",\"$C1\"]]]}" \
    idl_select Open_vSwitch external_ids

kill "$C1"
forget_pid "$C1"
wait_until "grep -qx 'locked write: success' c2.out"
check_output "has_lock=no contended=yes
has_lock=yes contended=no
locked write: success" cat c2.out
check_output "{\"external_ids\":[\"map\",[[\"lock-holder\",\"$C2\"]]]}" \
    idl_select Open_vSwitch external_ids
