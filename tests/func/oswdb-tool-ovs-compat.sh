# oswdb-tool-ovs-compat: oswdb-tool and Open vSwitch's ovsdb-tool give the
# same output for the same file (show-log at every verbosity, the schema
# commands, query), and each reads, extends, compacts and converts what the
# other writes, including an Open_vSwitch conf.db.

. "$srcdir/tests/lib.sh"

require_program ovsdb-tool
require_program oswdb-tool
require_program sha1sum

cd "$TESTDIR"
export OVS_RUNDIR=$TESTDIR OVS_LOGDIR=$TESTDIR OVS_DBDIR=$TESTDIR

cat > schema.ovsschema <<'EOF'
{"name": "Test", "version": "1.2.3", "cksum": "12345 678",
 "tables": {
   "T": {"isRoot": true,
         "columns": {"name": {"type": "string"},
                     "n": {"type": "integer"},
                     "x": {"type": "real"},
                     "b": {"type": "boolean"},
                     "s": {"type": {"key": "integer", "min": 0,
                                    "max": "unlimited"}},
                     "two": {"type": {"key": "string", "min": 0,
                                      "max": 2}},
                     "m": {"type": {"key": "string", "value": "string",
                                    "min": 0, "max": "unlimited"}},
                     "kids": {"type": {"key": {"type": "uuid",
                                               "refTable": "K"},
                                       "min": 0, "max": "unlimited"}},
                     "peer": {"type": {"key": {"type": "uuid",
                                               "refTable": "T",
                                               "refType": "weak"},
                                       "min": 0, "max": 1}},
                     "eph": {"type": "integer", "ephemeral": true}}},
   "K": {"columns": {"k": {"type": "integer"},
                     "tags": {"type": {"key": "string", "min": 0,
                                       "max": "unlimited"}}}}}}
EOF

# The same transactions, for either tool.
TXNS=(
'["Test",{"op":"insert","table":"K","row":{"k":1,"tags":["set",["a","b"]]},"uuid-name":"k1"},
 {"op":"insert","table":"K","row":{"k":2},"uuid-name":"k2"},
 {"op":"insert","table":"T","uuid-name":"t1","row":{"name":"one","n":1,"x":0.1,"b":true,
  "s":["set",[1,2,3]],"two":["set",["p","q"]],"m":["map",[["a","1"],["b","2"]]],
  "kids":["set",[["named-uuid","k1"],["named-uuid","k2"]]],"eph":5}},
 {"op":"insert","table":"T","row":{"name":"two","peer":["named-uuid","t1"]}},
 {"op":"comment","comment":"first \"txn\""}]'
'["Test",{"op":"mutate","table":"T","where":[["name","==","one"]],
  "mutations":[["s","insert",["set",[4,5]]],["s","delete",1],
               ["m","insert",["map",[["c","3"]]]],["m","delete",["set",["a"]]],
               ["n","+=",41]]},
 {"op":"update","table":"T","where":[["name","==","one"]],
  "row":{"two":["set",["p","s"]],"x":-2.5e-7,"b":false,"m":["map",[["b","changed"],["c","3"]]]}}]'
'["Test",{"op":"update","table":"T","where":[["name","==","one"]],"row":{"kids":["set",[]],"name":"uno"}},
 {"op":"comment","comment":"line1\nline2"}]'
'["Test",{"op":"delete","table":"T","where":[["name","==","uno"]]}]'
'["Test",{"op":"update","table":"T","where":[],"row":{"eph":9}}]'
'["Test",{"op":"insert","table":"T","row":{"name":"three","x":1e300,"m":["map",[["k","v"]]]}},
 {"op":"insert","table":"T","row":{"name":"four"}},
 {"op":"insert","table":"K","row":{"k":9}}]'
)

# Runs every transaction of TXNS on $1, alternating tools: $2 and $3 name
# the tool for even and odd transactions.
run_txns() {
    local db=$1 even=$2 odd=$3 i=0 txn tool
    for txn in "${TXNS[@]}"; do
        if ((i % 2 == 0)); then tool=$even; else tool=$odd; fi
        "$tool" transact "$db" "$txn" > /dev/null
        i=$((i + 1))
    done
}

# Compares the output of "$@" run by both tools, byte for byte.
same_output() {
    local a b
    a=$(ovsdb-tool "$@" 2>&1) || fail "ovsdb-tool $*: $a"
    b=$(oswdb-tool "$@" 2>&1) || fail "oswdb-tool $*: $b"
    if [ "$a" != "$b" ]; then
        diff -u <(printf '%s\n' "$a") <(printf '%s\n' "$b") >&2 || :
        fail "outputs differ: $*"
    fi
}

# Compares what both tools read from database file $1: show-log, the
# schema commands and a select of each row (one query per row, since the
# tools list rows in different orders; "_version" differs by design).
same_contents() {
    local db=$1 table cols uuid
    same_output show-log "$db"
    same_output show-log -m "$db"
    same_output -m -m show-log "$db"
    same_output db-name "$db"
    same_output db-version "$db"
    same_output db-cksum "$db"
    for table in T K; do
        if [ $table = T ]; then
            cols='["_uuid","name","n","x","b","s","two","m","kids","peer","eph"]'
        else
            cols='["_uuid","k","tags"]'
        fi
        same_output query "$db" \
            "[\"Test\",{\"op\":\"select\",\"table\":\"$table\",\"where\":[],\"columns\":[]}]"
        for uuid in $(oswdb-tool query "$db" \
                "[\"Test\",{\"op\":\"select\",\"table\":\"$table\",\"where\":[],\"columns\":[\"_uuid\"]}]" \
                | grep -oE '[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}'); do
            same_output query "$db" \
                "[\"Test\",{\"op\":\"select\",\"table\":\"$table\",\"where\":[[\"_uuid\",\"==\",[\"uuid\",\"$uuid\"]]],\"columns\":$cols}]"
        done
    done
}

# Appends a record with body $2 (one line of JSON) to file $1.
add_record() {
    local body=$2$'\n' len sha
    len=$(printf '%s' "$body" | wc -c)
    sha=$(printf '%s' "$body" | sha1sum | cut -d' ' -f1)
    printf 'OVSDB JSON %d %s\n%s' "$len" "$sha" "$body" >> "$1"
}

same_output schema-name schema.ovsschema
same_output schema-version schema.ovsschema
same_output schema-cksum schema.ovsschema

# --- Written by Open vSwitch, read by both.
ovsdb-tool create ovs.db schema.ovsschema
run_txns ovs.db ovsdb-tool ovsdb-tool
same_contents ovs.db
same_output needs-conversion ovs.db schema.ovsschema

# --- Written by osw, read by both.
oswdb-tool create osw.db schema.ovsschema
run_txns osw.db oswdb-tool oswdb-tool
same_contents osw.db
grep -q '"_is_diff":true' osw.db || fail "osw wrote no diff records"

# The two files hold the same data (modulo uuids): same rows by name.
names() {
    "$1" query "$2" '["Test",{"op":"select","table":"T","where":[],"columns":["name","n","x","b","s","two","m"]}]' |
        grep -oE '\{[^{}]*"name":"[^"]*"[^{}]*\}' | LC_ALL=C sort
}
[ "$(names ovsdb-tool ovs.db)" = "$(names ovsdb-tool osw.db)" ] \
    || fail "the tools' transactions gave different data"

# --- Both tools writing the same file in turn.
oswdb-tool create mixed.db schema.ovsschema
run_txns mixed.db ovsdb-tool oswdb-tool
same_contents mixed.db
cp mixed.db mixed2.db
run_txns mixed2.db oswdb-tool ovsdb-tool
same_contents mixed2.db

# --- Compaction, either way.
cp osw.db osw-ovscompact.db
ovsdb-tool compact osw-ovscompact.db
same_contents osw-ovscompact.db
cp ovs.db ovs-oswcompact.db
oswdb-tool compact ovs-oswcompact.db
same_contents ovs-oswcompact.db
oswdb-tool compact mixed2.db mixed2-copy.db
same_contents mixed2-copy.db
oswdb-tool transact ovs-oswcompact.db "${TXNS[1]}" > /dev/null
ovsdb-tool transact ovs-oswcompact.db "${TXNS[5]}" > /dev/null
same_contents ovs-oswcompact.db

# --- Conversion (where every value fits, both tools agree).
sed -e 's/1\.2\.3/1.3.0/' \
    -e 's/"n": {"type": "integer"}/"n": {"type": "real"}, "new": {"type": "string"}/' \
    -e 's/"b": {"type": "boolean"},//' schema.ovsschema > v2.ovsschema
same_output needs-conversion ovs.db v2.ovsschema
ovsdb-tool convert ovs.db v2.ovsschema ovs-conv.db
oswdb-tool convert ovs.db v2.ovsschema osw-conv.db
cp ovs.db osw-conv-inplace.db
oswdb-tool convert osw-conv-inplace.db v2.ovsschema
for db in osw-conv.db osw-conv-inplace.db; do
    for uuid in $(ovsdb-tool query ovs-conv.db \
            '["Test",{"op":"select","table":"T","where":[],"columns":["_uuid"]}]' \
            | grep -oE '[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}'); do
        q="[\"Test\",{\"op\":\"select\",\"table\":\"T\",\"where\":[[\"_uuid\",\"==\",[\"uuid\",\"$uuid\"]]],\"columns\":[\"name\",\"n\",\"new\",\"s\",\"m\",\"kids\",\"peer\"]}]"
        check_output "$(ovsdb-tool query ovs-conv.db "$q")" ovsdb-tool query $db "$q"
    done
    same_contents $db
    check_output 1.3.0 ovsdb-tool db-version $db
done

# --- A diff with more elements than its column may hold, which Open
# vSwitch 3.1 writes but then cannot read ({p,q} to {r,s} in a column of at
# most 2 elements): osw reads it as meant, and writes such a change as
# full values, which both read.
for tool in ovsdb-tool oswdb-tool; do
    cp ovs.db big-diff-$tool.db
    $tool transact big-diff-$tool.db '["Test",{"op":"update","table":"T",
        "where":[["name","==","two"]],"row":{"two":["set",["p","q"]]}}]' \
        > /dev/null
    $tool transact big-diff-$tool.db '["Test",{"op":"update","table":"T",
        "where":[["name","==","two"]],"row":{"two":["set",["r","s"]]}}]' \
        > /dev/null
    check_output '[{"rows":[{"two":["set",["r","s"]]}]}]' \
        oswdb-tool query big-diff-$tool.db \
        '["Test",{"op":"select","table":"T","where":[["name","==","two"]],"columns":["two"]}]'
done
same_contents big-diff-oswdb-tool.db

# --- Records that only show-log reads: old dates in seconds, a table and
# a column the schema does not have, a diff too big to be a value, a row
# that is neither an object nor null.
cp ovs.db odd.db
add_record odd.db '{"_date":1500000000,"_comment":"seconds"}'
add_record odd.db '{"_date":1500000000123,"Nope":{"aaaaaaaa-0000-0000-0000-000000000001":{"x":[1,{"b":2,"a":"\u0001"}]}},"_comment":"no such table"}'
add_record odd.db '{"_is_diff":true,"T":{"aaaaaaaa-0000-0000-0000-000000000002":{"two":["set",["a","b","c"]],"zz":0.5,"name":"odd name"},"aaaaaaaa-0000-0000-0000-000000000003":7}}'
add_record odd.db '{"T":{"aaaaaaaa-0000-0000-0000-000000000002":{"name":"renamed"}},"K":[]}'
add_record odd.db '{"T":{"aaaaaaaa-0000-0000-0000-000000000002":null}}'
same_output show-log odd.db
same_output show-log -m odd.db
same_output show-log -mm odd.db

# --- An Open_vSwitch database made by ovsdb-tool opens in osw, and back.
vs=$srcdir/vswitchd/vswitch.ovsschema
same_output schema-version "$vs"
same_output schema-cksum "$vs"
ovsdb-tool create conf.db "$vs"
ovsdb-tool transact conf.db '["Open_vSwitch",
  {"op":"insert","table":"Open_vSwitch","row":{"bridges":["named-uuid","br"]}},
  {"op":"insert","table":"Bridge","uuid-name":"br","row":{"name":"br0",
     "ports":["named-uuid","p"],"other_config":["map",[["hwaddr","00:11:22:33:44:55"]]]}},
  {"op":"insert","table":"Port","uuid-name":"p","row":{"name":"br0",
     "interfaces":["named-uuid","i"],"tag":10}},
  {"op":"insert","table":"Interface","uuid-name":"i","row":{"name":"br0","type":"internal"}}]' \
    > /dev/null
same_output needs-conversion conf.db "$vs"
same_output show-log -mm conf.db
oswdb-tool transact conf.db '["Open_vSwitch",
  {"op":"mutate","table":"Open_vSwitch","where":[],
   "mutations":[["external_ids","insert",["map",[["system-id","osw"]]]],
                ["next_cfg","+=",1]]},
  {"op":"update","table":"Port","where":[["name","==","br0"]],"row":{"tag":["set",[]],"trunks":["set",[1,2,3]]}}]' \
    > /dev/null
for t in Open_vSwitch Bridge Port Interface; do
    same_output query conf.db "[\"Open_vSwitch\",{\"op\":\"select\",\"table\":\"$t\",\"where\":[],\"columns\":[\"_uuid\",\"external_ids\"]}]"
done
check_output '[{"rows":[{"name":"br0","tag":["set",[]],"trunks":["set",[1,2,3]]}]}]' \
    ovsdb-tool query conf.db '["Open_vSwitch",{"op":"select","table":"Port","where":[],"columns":["name","tag","trunks"]}]'
same_output show-log -mm conf.db

# --- Open vSwitch's server on an osw file, then osw on the result.
if command -v ovsdb-server > /dev/null && command -v ovs-vsctl > /dev/null; then
    oswdb-tool compact conf.db
    spawn ovsdb-server conf.db --remote="punix:$TESTDIR/db.sock" \
        --unixctl="$TESTDIR/ovsdb-server.ctl" --no-chdir \
        --log-file="$TESTDIR/ovsdb-server.log" -vconsole:off
    server=$SPAWNED_PID
    wait_until "test -S db.sock"
    vsctl="ovs-vsctl --db=unix:$TESTDIR/db.sock --no-wait --timeout=10"
    check_output br0 $vsctl list-br
    $vsctl add-port br0 p1 -- set port p1 tag=5 -- add-br br1 \
        -- set bridge br1 external-ids:owner=test
    $vsctl del-port br0 p1 -- add-bond br1 bond0 a b c
    kill "$server"
    wait "$server" 2> /dev/null || :
    forget_pid "$server"
    same_output show-log -mm conf.db
    check_output "$(printf 'br0\nbr1')" \
        sh -c "oswdb-tool query conf.db '[\"Open_vSwitch\",{\"op\":\"select\",\"table\":\"Bridge\",\"where\":[],\"columns\":[\"name\"]}]' | grep -oE 'br[0-9]' | sort"
    oswdb-tool compact conf.db
    same_output show-log -mm conf.db
fi

exit 0
