# oswdb-server-convert: "ovsdb-client convert" changes the schema of a
# database online: the data stays, the file holds the new schema (so a
# restart keeps it), the _Server database shows it, clients that said
# set_db_change_aware see their monitors canceled ("monitor_canceled")
# and parked transactions canceled, other clients are disconnected, and a
# schema for another database is refused.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_program ovsdb-client
require_program ovs-vsctl
require_python

VSCTL="ovs-vsctl --db=unix:$TESTDIR/db.sock --no-wait --timeout=10"

python3 - "$VSWITCH_SCHEMA" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
s['version'] = '8.3.2'
s['tables']['Bridge']['columns']['osw_test'] = {
    'type': {'key': 'string', 'min': 0, 'max': 1}}
json.dump(s, open('new.ovsschema', 'w'))
s['name'] = 'Other'
json.dump(s, open('other.ovsschema', 'w'))
EOF

make_db conf.db
start_osw db conf.db
$VSCTL init -- add-br br0 -- set Bridge br0 external_ids:k=v

# A change-aware client with a monitor and a parked transaction, and a
# client that is not change-aware.
cat > clients.script <<EOF
open aware unix:$TESTDIR/db.sock
open plain unix:$TESTDIR/db.sock
aware {"method":"set_db_change_aware","params":[true],"id":1}
aware {"method":"monitor_cond","params":["Open_vSwitch","m",{"Bridge":{"columns":["name"]}}],"id":2}
aware {"method":"transact","params":["Open_vSwitch",{"op":"wait","table":"Bridge","where":[],"columns":["name"],"until":"==","rows":[]}],"id":3}
aware ?2
plain {"method":"monitor","params":["Open_vSwitch","p",{"Bridge":{"columns":["name"]}}],"id":1}
plain ?1
mark $TESTDIR/ready
waitfile $TESTDIR/converted
aware ?2
plain ?1
EOF
$RPC --normalize < clients.script > clients.out &
clients=$!
wait_until "test -e ready" 30
ovsdb-client convert unix:"$TESTDIR/db.sock" new.ovsschema
touch converted
wait "$clients" || fail "client script failed"
check_output 'aware: {"error":null,"id":1,"result":{}}
aware: {"error":null,"id":2,"result":{"Bridge":{"<uuid>":{"initial":{"name":"br0"}}}}}
plain: {"error":null,"id":1,"result":{"Bridge":{"<uuid>":{"new":{"name":"br0"}}}}}
aware: {"id":null,"method":"monitor_canceled","params":["m"]}
aware: {"error":"canceled","id":3}
plain: <EOF>' cat clients.out

# The data is there, under the new schema.
check_output 8.3.2 ovsdb-client get-schema-version unix:"$TESTDIR/db.sock"
check_output br0 $VSCTL list-br
check_output v $VSCTL get Bridge br0 external_ids:k
# (ovs-vsctl knows only its own schema's columns.)
get_osw_test() {
    ovsdb-client transact unix:"$TESTDIR/db.sock" \
        '["Open_vSwitch",{"op":"select","table":"Bridge","where":[],
                          "columns":["osw_test"]}]'
}
ovsdb-client transact unix:"$TESTDIR/db.sock" \
    '["Open_vSwitch",{"op":"update","table":"Bridge","where":[],
                      "row":{"osw_test":"hello"}}]' > /dev/null
check_output '[{"rows":[{"osw_test":"hello"}]}]' get_osw_test
ovsdb-client transact unix:"$TESTDIR/db.sock" \
    '["_Server",{"op":"select","table":"Database",
                 "where":[["name","==","Open_vSwitch"]],
                 "columns":["schema"]}]' > server.out
grep -q '8\.3\.2' server.out || fail "_Server shows the old schema"

# Converting to another database's schema is refused.  (ovsdb-client 3.1
# crashes when asked to, so talk JSON-RPC directly.)
{
    echo "open c unix:$TESTDIR/db.sock"
    echo "c {\"method\":\"convert\",\"params\":[\"Open_vSwitch\",$(cat other.ovsschema)],\"id\":1}"
    echo "c ?1"
} | $RPC --normalize > other.out
check_output 'c: {"error":{"details":"new schema name (Other) does not match database name (Open_vSwitch)","error":"invalid parameters"},"id":1}' cat other.out

# A restart keeps the new schema.
stop_server db
if have_ovs; then
    check_output 8.3.2 ovsdb-tool db-version conf.db
fi
start_osw db conf.db
check_output '[{"rows":[{"osw_test":"hello"}]}]' get_osw_test

# Converting back drops the column.
ovsdb-client convert unix:"$TESTDIR/db.sock" "$VSWITCH_SCHEMA"
check_output 8.3.1 ovsdb-client get-schema-version unix:"$TESTDIR/db.sock"
check_output v $VSCTL get Bridge br0 external_ids:k
