# oswdb-server-client: Open vSwitch's ovsdb-client works against
# oswdb-server as against ovsdb-server: list-dbs, get-schema (byte for
# byte), get-schema-version/-cksum, list-tables, list-columns, wait,
# dump, transact, query, backup, restore, needs-conversion give the same
# output (uuids and dates normalized; the order in which ovsdb-client
# lists tables and columns depends on hash tables, so those are sorted);
# "monitor --detach" follows changes into a file.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_program ovsdb-client
require_program ovs-vsctl

run_client() {
    local D=unix:$TESTDIR/$1.sock
    {
        ovsdb-client list-dbs $D
        ovsdb-client get-schema $D
        ovsdb-client get-schema $D _Server
        ovsdb-client get-schema-version $D
        ovsdb-client get-schema-cksum $D _Server
        ovsdb-client list-tables $D | sort
        ovsdb-client list-columns $D Open_vSwitch Bridge | sort
        ovsdb-client wait $D Open_vSwitch connected
        echo "waited"
        ovs-vsctl --db=$D --no-wait init -- add-br br0 \
            -- set bridge br0 external_ids:a=b
        ovsdb-client dump $D Open_vSwitch Bridge name external_ids
        ovsdb-client --format=csv dump $D Open_vSwitch Port name
        ovsdb-client --format=json transact $D \
            '["Open_vSwitch",{"op":"select","table":"Bridge","where":[],
              "columns":["name"]}]'
        ovsdb-client query $D \
            '["Open_vSwitch",{"op":"insert","table":"Bridge",
              "row":{"name":"q"}}]'
        ovsdb-client transact $D \
            '["Open_vSwitch",{"op":"insert","table":"Bridge",
              "row":{"name":"q","flood_vlans":5000}}]'
        ovsdb-client backup $D > $1.backup
        echo "backup=$?"
        ovsdb-tool show-log $1.backup
        ovsdb-client --force restore $D < $1.backup
        echo "restore=$?"
        ovsdb-client dump $D Open_vSwitch Bridge name
        ovsdb-client needs-conversion $D "$VSWITCH_SCHEMA"
    } 2>&1 | normalize_uuids \
        | sed -e "s,$TESTDIR/$1.sock,SOCK,g" \
              -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9][ T][0-9:.]*Z\?/DATE/g' \
        > "$1.out"
}

make_db osw.db
start_osw osw osw.db
run_client osw
grep -qx "waited" osw.out || fail "ovsdb-client wait failed"
grep -q "backup=0" osw.out || fail "backup failed"
grep -q "restore=0" osw.out || fail "restore failed"

if have_ovs; then
    ovsdb-tool create ovs.db "$VSWITCH_SCHEMA"
    start_ovs ovs ovs.db
    run_client ovs
    compare_files ovs.out osw.out
fi

# monitor --detach, into a file.
D=unix:$TESTDIR/osw.sock
ovsdb-client --detach --no-chdir --pidfile="$TESTDIR/monitor.pid" \
    monitor "$D" Open_vSwitch Bridge name,fail_mode > monitor.out
daemon_started monitor.pid
wait_until "grep -q initial monitor.out"
ovs-vsctl --db="$D" --no-wait add-br br1 -- set-fail-mode br1 secure
ovs-vsctl --db="$D" --no-wait set-fail-mode br1 standalone
ovs-vsctl --db="$D" --no-wait del-br br1
wait_until "grep -q 'delete.*br1' monitor.out"
grep -q 'insert.*br1.*secure' monitor.out || fail "$(cat monitor.out)"
grep -q 'old.*secure' monitor.out || fail "$(cat monitor.out)"
grep -q 'new.*br1.*standalone' monitor.out || fail "$(cat monitor.out)"
