# ovsdb-idl-txn: IDL transactions against a real server: inserts that
# refer to each other (and read back from the replica right after the
# commit), a verify that fails with TRY_AGAIN after another client's change
# and succeeds on retry, partial map updates that combine with another
# client's, and the next_cfg/cur_cfg handshake between a configuration
# client and a daemon.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/ovsdb-idl-server.sh"

idl_require
cd "$TESTDIR"
idl_db_create
idl_server_start
idl_init_row
client() {
    test-ovsdb-idl --client "$IDL_REMOTE" "$@"
}

# Insert with references.
check_output "add-bridge: success
replica has the new bridge: yes
Bridge name=br0 ports=[p1,p2]
Open_vSwitch bridges=[br0]" client add-bridge br0 p1 p2
check_output "Interface name=p1
Interface name=p2
Port name=p1 interfaces=[p1]
Port name=p2 interfaces=[p2]" client dump Interface:name Port:name,interfaces
check_output "add-bridge: success
replica has the new bridge: yes
Bridge name=br0 ports=[p1,p2]
Bridge name=br1 ports=[]
Open_vSwitch bridges=[br0,br1]" client add-bridge br1

# Optimistic concurrency.
check_output "B: success
A: try again
A again: success
B sees: from-a" client verify-conflict
check_output '{"ovs_version":"from-a"}' idl_select Open_vSwitch ovs_version

# Partial map updates.
check_output 'B: success
A: success
Open_vSwitch external_ids={from-a="1", from-b="2", shared=a}
A delete: success
Open_vSwitch external_ids={from-a="1", shared=a2}' client map-concurrent

# next_cfg / cur_cfg: the daemon acknowledges each increment.
spawn test-ovsdb-idl --client "$IDL_REMOTE" cfg-daemon > daemon.out
wait_until "grep -qx ready daemon.out"
check_output "increment: success
next_cfg: 1
cur_cfg reached 1" client cfg-wait
check_output "increment: success
next_cfg: 2
cur_cfg reached 2" client cfg-wait
wait_until "grep -qx 'acked 2' daemon.out"
check_output '{"cur_cfg":2}' idl_select Open_vSwitch cur_cfg
