# oswdb-server-protocol: oswdb-server answers the OVSDB JSON-RPC methods
# (list_dbs, get_schema, transact, wait/cancel, lock/steal/unlock, monitor,
# monitor_cond, monitor_cond_since, monitor_cond_change, monitor_cancel,
# set_db_change_aware, get_server_id, echo, convert errors, unknown
# methods, malformed messages) exactly as Open vSwitch 3.1's ovsdb-server
# does.  The expected output below was recorded from ovsdb-server; when
# Open vSwitch is installed, the test also checks that ovsdb-server still
# gives it.  Uuids are normalized; the messages printed for one "?" are
# sorted (notifications from different monitors come in arbitrary order).

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_python

cat > script <<'EOF'
open a unix:SOCK
open b unix:SOCK
a {"method":"list_dbs","params":[],"id":1}
a {"method":"get_schema","params":["nope"],"id":2}
a {"method":"get_schema","params":[],"id":3}
a {"method":"get_schema","params":[5],"id":4}
a {"method":"bogus","params":[],"id":5}
a {"method":"echo","params":[1,"a",{"x":[true,null]}],"id":6}
a {"method":"get_server_id","params":[],"id":7}
a {"method":"transact","params":["nope",{"op":"select","table":"Bridge","where":[]}],"id":8}
a {"method":"transact","params":[],"id":9}
a {"method":"transact","params":["Open_vSwitch"],"id":10}
a {"method":"transact","params":["_Server",{"op":"insert","table":"Database","row":{"name":"x","model":"standalone"}}],"id":11}
a {"method":"transact","params":["_Server",{"op":"select","table":"Database","where":[["name","==","Open_vSwitch"]],"columns":["name","model","connected","leader","cid","sid","index"]}],"id":12}
a ?
a {"method":"lock","params":["l1"],"id":13}
a {"method":"lock","params":["l1"],"id":14}
a {"method":"lock","params":["1a"],"id":15}
a {"method":"lock","params":[],"id":16}
a {"method":"unlock","params":["b"],"id":17}
a ?
b {"method":"lock","params":["l1"],"id":100}
b ?
a {"method":"unlock","params":["l1"],"id":18}
a ?
b ?
a {"method":"steal","params":["l1"],"id":19}
a ?
b ?
b {"method":"steal","params":["l1"],"id":101}
b ?
a ?
a {"method":"lock","params":["l1"],"id":20}
a {"method":"unlock","params":["l1"],"id":21}
a {"method":"lock","params":["l1"],"id":22}
a ?
b {"method":"unlock","params":["l1"],"id":102}
b ?
a ?
a {"method":"set_db_change_aware","params":["x"],"id":23}
a {"method":"set_db_change_aware","params":[],"id":24}
a {"method":"monitor_cancel","params":["zz"],"id":25}
a {"method":"monitor_cancel","params":[],"id":26}
a {"method":"monitor_cond_change","params":["zz",null,{}],"id":27}
a {"method":"monitor_cond_change","params":["zz"],"id":28}
a {"method":"cancel","params":[99],"id":null}
a {"method":"cancel","params":[99],"id":29}
a ?
a {"method":"transact","params":["Open_vSwitch",{"op":"wait","table":"Open_vSwitch","where":[],"rows":[{"next_cfg":5}],"until":"==","columns":["next_cfg"]}],"id":30}
a {"method":"transact","params":["Open_vSwitch",{"op":"wait","table":"Open_vSwitch","where":[],"rows":[{"next_cfg":5}],"until":"==","columns":["next_cfg"]}],"id":30}
a ?
a {"method":"cancel","params":[30],"id":null}
a ?
a {"method":"transact","params":["Open_vSwitch",{"op":"wait","timeout":200,"table":"Bridge","where":[],"rows":[{"name":"x"}],"until":"==","columns":["name"]}],"id":31}
a ?1
a {"method":"monitor","params":["Open_vSwitch", null, {"Nope":{}}],"id":36}
a {"method":"monitor","params":["Open_vSwitch", null, []],"id":37}
a {"method":"monitor","params":["Open_vSwitch", null, {"Open_vSwitch":{"columns":["next_cfg"]}}],"id":38}
a {"method":"monitor","params":["Open_vSwitch", null, {"Open_vSwitch":{"columns":["next_cfg"]}}],"id":39}
a ?
a {"method":"monitor_cond_since","params":["Open_vSwitch", "m3", {"Open_vSwitch":{"columns":["next_cfg"]}}, "zz"],"id":40}
a {"method":"monitor_cond_since","params":["Open_vSwitch", "m3", {"Open_vSwitch":{"columns":["next_cfg"]}}, 5],"id":41}
a {"method":"monitor_cond_since","params":["Open_vSwitch", "m4", {"Open_vSwitch":{"columns":["next_cfg"]}}],"id":42}
a {"method":"monitor_cond_since","params":["Open_vSwitch", "m3", {"Open_vSwitch":{"columns":["next_cfg"]}}, "00000000-0000-0000-0000-000000000000"],"id":43}
a {"method":"monitor_cond","params":["Open_vSwitch", "c", {"Open_vSwitch":{"columns":["next_cfg","cur_cfg"],"where":[["next_cfg","==",5]]}}],"id":44}
a ?
b {"method":"transact","params":["Open_vSwitch",{"op":"insert","table":"Open_vSwitch","row":{"next_cfg":1}}],"id":103}
b ?1
a ?
b {"method":"transact","params":["Open_vSwitch",{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["next_cfg","+=",4]]}],"id":104}
b ?1
a ?
a {"method":"monitor_cond_change","params":["c","c2",{"Open_vSwitch":[{"where":[false]}]}],"id":45}
a {"method":"monitor_cond_change","params":["c2","c2",5],"id":46}
a {"method":"monitor_cond_change","params":["c2","m3",{"Open_vSwitch":[{"where":[true]}]}],"id":47}
a {"method":"monitor_cond_change","params":["c2","c2",{"Open_vSwitch":{"where":[true]}}],"id":48}
a {"method":"monitor_cond_change","params":[null,null,{"Open_vSwitch":[{"where":[]}]}],"id":49}
a ?
a {"method":"monitor_cancel","params":["m3"],"id":50}
a {"method":"monitor_cancel","params":[null],"id":51}
b {"method":"transact","params":["Open_vSwitch",{"op":"update","table":"Open_vSwitch","where":[],"row":{"cur_cfg":7}}],"id":105}
b ?1
a ?
a {"method":"set_db_change_aware","params":[true],"id":52}
a {"method":"transact","params":["Open_vSwitch",{"op":"wait","table":"Open_vSwitch","where":[],"rows":[{"next_cfg":6}],"until":"==","columns":["next_cfg"]}],"id":53}
a {"method":"cancel","params":[53],"id":null}
a ?
a {"method":"transact","params":["Open_vSwitch",{"op":"wait","table":"Open_vSwitch","where":[],"rows":[{"next_cfg":9}],"until":"==","columns":["next_cfg"]}],"id":54}
b {"method":"transact","params":["Open_vSwitch",{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["next_cfg","+=",4]]}],"id":106}
b ?1
a ?
a {"method":"transact","params":["Open_vSwitch",{"op":"assert","lock":"l1"}],"id":55}
a {"method":"convert","params":["Open_vSwitch"],"id":56}
a {"method":"convert","params":["nope", {}],"id":57}
a {"method":"convert","params":["Open_vSwitch",{"name":"X","version":"1.0.0","tables":{"T":{"columns":{"a":{"type":"integer"}}}}}],"id":58}
a ?
a {"method":"transact","params":"bad","id":59}
a ?
EOF

cat > expected <<'EOF'
a: {"error":"unknown method","id":5}
a: {"error":null,"id":1,"result":["Open_vSwitch","_Server"]}
a: {"error":null,"id":10,"result":[]}
a: {"error":null,"id":11,"result":[{"details":"insert operation not allowed on table in reserved database _Server","error":"not allowed"}]}
a: {"error":null,"id":12,"result":[{"rows":[{"cid":["set",[]],"connected":true,"index":["set",[]],"leader":true,"model":"standalone","name":"Open_vSwitch","sid":["set",[]]}]}]}
a: {"error":null,"id":6,"result":[1,"a",{"x":[true,null]}]}
a: {"error":null,"id":7,"result":"<uuid>"}
a: {"error":{"details":"get_schema request params must begin with <db-name>","error":"syntax error","syntax":"[5]"},"id":4}
a: {"error":{"details":"get_schema request params must begin with <db-name>","error":"syntax error","syntax":"[]"},"id":3}
a: {"error":{"details":"get_schema request specifies unknown database nope","error":"unknown database","syntax":"[\"nope\"]"},"id":2}
a: {"error":{"details":"transact request params must begin with <db-name>","error":"syntax error","syntax":"[]"},"id":9}
a: {"error":{"details":"transact request specifies unknown database nope","error":"unknown database","syntax":"[\"nope\",{\"op\":\"select\",\"table\":\"Bridge\",\"where\":[]}]"},"id":8}
a: {"error":null,"id":13,"result":{"locked":true}}
a: {"error":{"details":"lock request params must be <id>","error":"syntax error","syntax":"[\"1a\"]"},"id":15}
a: {"error":{"details":"lock request params must be <id>","error":"syntax error","syntax":"[]"},"id":16}
a: {"error":{"details":"must issue \"unlock\" before new \"lock\"","error":"syntax error","syntax":"[\"l1\"]"},"id":14}
a: {"error":{"details":"unlock: \"unlock\" without \"lock\" or \"steal\"","error":"syntax error","syntax":"[\"b\"]"},"id":17}
b: {"error":null,"id":100,"result":{"locked":false}}
a: {"error":null,"id":18,"result":{}}
b: {"id":null,"method":"locked","params":["l1"]}
a: {"error":null,"id":19,"result":{"locked":true}}
b: {"id":null,"method":"stolen","params":["l1"]}
b: {"error":{"details":"must issue \"unlock\" before new \"steal\"","error":"syntax error","syntax":"[\"l1\"]"},"id":101}
a: {"error":null,"id":21,"result":{}}
a: {"error":null,"id":22,"result":{"locked":false}}
a: {"error":{"details":"must issue \"unlock\" before new \"lock\"","error":"syntax error","syntax":"[\"l1\"]"},"id":20}
b: {"error":null,"id":102,"result":{}}
b: {"id":null,"method":"locked","params":["l1"]}
a: {"id":null,"method":"locked","params":["l1"]}
a: {"error":"invalid parameters","id":26}
a: {"error":"unknown method","id":29}
a: {"error":"unknown monitor","id":25}
a: {"error":{"details":"invalid parameters","error":"syntax error","syntax":"[\"zz\"]"},"id":28}
a: {"error":{"details":"set_db_change_aware: true or false parameter expected","error":"syntax error","syntax":"[\"x\"]"},"id":23}
a: {"error":{"details":"set_db_change_aware: true or false parameter expected","error":"syntax error","syntax":"[]"},"id":24}
a: {"error":{"details":"unknown monitor session","error":"syntax error","syntax":"\"zz\""},"id":27}
a: {"error":{"details":"transact: duplicate request ID","error":"syntax error","syntax":"[\"Open_vSwitch\",{\"columns\":[\"next_cfg\"],\"op\":\"wait\",\"rows\":[{\"next_cfg\":5}],\"table\":\"Open_vSwitch\",\"until\":\"==\",\"where\":[]}]"},"id":30}
a: {"error":null,"id":31,"result":[{"details":"\"wait\" timed out after N ms","error":"timed out"}]}
a: {"error":null,"id":38,"result":{}}
a: {"error":{"details":"duplicate monitor ID","error":"syntax error","syntax":"null"},"id":39}
a: {"error":{"details":"monitor-requests must be object","error":"syntax error","syntax":"[]"},"id":37}
a: {"error":{"details":"no table named Nope","error":"syntax error"},"id":36}
a: {"error":null,"id":43,"result":[false,"<uuid>",{}]}
a: {"error":null,"id":44,"result":{}}
a: {"error":{"details":"invalid parameters","error":"syntax error","syntax":"[\"Open_vSwitch\",\"m4\",{\"Open_vSwitch\":{\"columns\":[\"next_cfg\"]}}]"},"id":42}
a: {"error":{"details":"last-txn-id must be UUID format.","error":"syntax error","syntax":"\"zz\""},"id":40}
a: {"error":{"details":"last-txn-id must be string","error":"syntax error","syntax":"5"},"id":41}
b: {"error":null,"id":103,"result":[{"uuid":["uuid","<uuid>"]}]}
a: {"id":null,"method":"update","params":[null,{"Open_vSwitch":{"<uuid>":{"new":{"next_cfg":1}}}}]}
a: {"id":null,"method":"update3","params":["m3","<uuid>",{"Open_vSwitch":{"<uuid>":{"insert":{"next_cfg":1}}}}]}
b: {"error":null,"id":104,"result":[{"count":1}]}
a: {"id":null,"method":"update","params":[null,{"Open_vSwitch":{"<uuid>":{"new":{"next_cfg":5},"old":{"next_cfg":1}}}}]}
a: {"id":null,"method":"update2","params":["c",{"Open_vSwitch":{"<uuid>":{"insert":{"next_cfg":5}}}}]}
a: {"id":null,"method":"update3","params":["m3","<uuid>",{"Open_vSwitch":{"<uuid>":{"modify":{"next_cfg":5}}}}]}
a: {"error":null,"id":45,"result":{}}
a: {"error":null,"id":49,"result":{}}
a: {"error":{"details":"duplicate monitor ID","error":"syntax error","syntax":"\"m3\""},"id":47}
a: {"error":{"details":"monitor-cond-change-requests must be object","error":"syntax error"},"id":46}
a: {"error":{"details":"table Open_vSwitch no monitor-cond-change JSON array","error":"syntax error"},"id":48}
a: {"id":null,"method":"update2","params":["c2",{"Open_vSwitch":{"<uuid>":{"delete":null}}}]}
b: {"error":null,"id":105,"result":[{"count":1}]}
a: {"error":null,"id":50,"result":{}}
a: {"error":null,"id":51,"result":{}}
a: {"error":"canceled","id":53}
a: {"error":null,"id":52,"result":{}}
b: {"error":null,"id":106,"result":[{"count":1}]}
a: {"error":null,"id":54,"result":[{}]}
a: {"error":null,"id":55,"result":[{}]}
a: {"error":{"details":"array expected","error":"syntax error","syntax":"[\"Open_vSwitch\"]"},"id":56}
a: {"error":{"details":"convert request specifies unknown database nope","error":"unknown database","syntax":"[\"nope\",{}]"},"id":57}
a: {"error":{"details":"new schema name (X) does not match database name (Open_vSwitch)","error":"invalid parameters"},"id":58}
a: <EOF>
EOF

# run_script NAME: runs the script against server NAME.
run_script() {
    sed "s,SOCK,$TESTDIR/$1.sock," script \
        | $RPC --normalize --sort --timeout=0.3 \
        | sed 's/after [0-9]* ms/after N ms/' > "$1.out"
}

make_db osw.db
start_osw osw osw.db
run_script osw
compare_files expected osw.out
# The server survived the malformed message that ended the script.
check_output '["Open_vSwitch","_Server"]' sh -c \
    "echo 'open a unix:$TESTDIR/osw.sock
a {\"method\":\"list_dbs\",\"params\":[],\"id\":1}
a ?1' | $RPC | sed -n 's/^a: .*\"result\":\(.*\)}\$/\1/p'"

if have_ovs; then
    cp "$VSWITCH_SCHEMA" ovs.ovsschema
    ovsdb-tool create ovs.db ovs.ovsschema
    start_ovs ovs ovs.db
    run_script ovs
    compare_files expected ovs.out
fi
