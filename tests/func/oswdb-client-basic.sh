# oswdb-client-basic: the schema commands, transact and query, argument
# parsing and errors give what Open vSwitch's ovsdb-client gives.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/oswdb-client-lib.bash"

make_db conf.db
cat > t.ovsschema <<'EOF'
{"name": "T", "version": "1.0.0", "cksum": "12345 678",
 "tables": {
   "T": {"columns": {
      "r": {"type": "real"},
      "rs": {"type": {"key": "real", "min": 0, "max": "unlimited"}},
      "i": {"type": {"key": {"type": "integer", "minInteger": -5,
                             "maxInteger": 5}}},
      "s": {"type": "string"},
      "e": {"type": {"key": {"type": "string", "enum": ["set", ["a", "b"]]},
                     "min": 0, "max": 1}},
      "u": {"type": {"key": "uuid", "min": 0, "max": 1}},
      "m": {"type": {"key": "string", "value": "integer",
                     "min": 0, "max": "unlimited"}}},
    "isRoot": true,
    "indexes": [["s"]]},
   "U": {"columns": {"t": {"type": {"key": {"type": "uuid",
                                            "refTable": "T",
                                            "refType": "weak"}}}},
         "maxRows": 3}}}
EOF
make_db t.db t.ovsschema
make_db t2.db t.ovsschema
start_ovsdb_server db conf.db t.db

# Schemas.
check_same list-dbs
check_same list-dbs "$DB"
check_same -f csv list-dbs "$DB"
check_same get-schema
check_same get-schema "$DB" Open_vSwitch
check_same get-schema --pretty "$DB" T
check_same get-schema "$DB" _Server
check_same get-schema-version "$DB" Open_vSwitch
check_same get-schema-version "$DB" T
check_same get-schema-cksum
check_same get-schema-cksum "$DB" T
check_same get-schema-cksum "$DB" _Server

# Open vSwitch lists tables and columns in hash order; osw in schema order.
check_same_unordered list-tables
check_same_unordered list-tables "$DB" T
check_same_unordered list-tables --bare "$DB" _Server
check_same_unordered list-columns "$DB" Open_vSwitch Bridge
check_same_unordered list-columns "$DB" T
check_same_unordered list-columns -d json "$DB" T U
check_same_unordered list-columns "$DB" Open_vSwitch
check_same list-columns "$DB" Open_vSwitch NoSuchTable

# Transactions: results are printed as JSON, keys sorted.
txn '["T",{"op":"insert","table":"T","uuid-name":"x","row":{"r":1.0,
    "rs":["set",[0.1,1e20,1.5e-7,3,123456789012345678,0.30000000000000004,
                 -0.0]],
    "i":-5,"s":"\u0001\u001a\u001f\u007f\u0080 \u00e9\u2028 \"q\" \\ /",
    "e":"a","m":["map",[["z",1],["a",2]]]}},
  {"op":"insert","table":"U","row":{"t":["named-uuid","x"]}}]'
check_same transact "$DB" '["T",{"op":"select","table":"T","where":[],
    "columns":["r","rs","i","s","e","u","m"]}]'
check_same transact '["T",{"op":"select","table":"U","where":[],
    "columns":["t"]}]'
check_same transact --pretty "$DB" '["T",{"op":"select","table":"T",
    "where":[],"columns":["r","rs","s","m","u"]},
    {"op":"select","table":"T","where":[["i","==",4]],"columns":[]},
    {"op":"comment","comment":"x"}]'
check_same transact "$DB" '["T",{"op":"select","table":"T","where":[],
    "columns":[]}]'
check_same transact '["Open_vSwitch"]'

# Operation errors are results, exit status 0.
check_same transact "$DB" '["T",{"op":"select","table":"Nope","where":[]}]'
check_same transact "$DB" '["T",{"op":"insert","table":"T","row":{"i":9}}]'
check_same transact "$DB" '["T",{"op":"insert","table":"T","row":{"e":"c"}}]'
check_same transact "$DB" '["T",{"op":"delete","table":"T","where":[]},
    {"op":"abort"}]'

# query: read-only, the abort's error left out.
check_same_masked query "$DB" '["T",{"op":"insert","table":"T",
    "row":{"s":"q"}}]'
check_same_masked query "$DB" '["T",{"op":"insert","table":"T",
    "row":{"s":"q"}},
    {"op":"select","table":"T","where":[["s","==","q"]]}]'
check_same query "$DB" '["T",{"op":"insert","table":"T","row":{"i":7}}]'
check_same query --pretty '["T",{"op":"select","table":"T","where":[],
    "columns":["i"]}]'
check_same transact "$DB" '["T",{"op":"select","table":"T",
    "where":[["s","==","q"]]}]'

# Request errors.
check_same transact "$DB" '["Nope",{"op":"select","table":"T","where":[]}]'
check_same transact "$DB" '[1]'
check_same transact "$DB" '{"op":"abort"}'
check_same query "$DB" '{}'

# Argument errors.
check_same
check_same frobnicate
check_same frobnicate "$DB"
check_same list-dbs "$DB" extra
check_same get-schema "$DB" NoSuchDatabase
check_same list-tables "$DB" T extra
check_same get-schema-version "$DB" a b c
check_same list-columns "$DB" T T T
check_same transact
check_same monitor
check_same lock "$DB" a b
check_same -f xml list-dbs
check_same --data=xml list-dbs
check_same -t 0 list-dbs
check_same --timeout=x list-dbs
check_same --no-such-option list-dbs

# A JSON syntax error: the wording of the parser's message differs.
msg='oswdb-client: "notjson": line 1, column 7: invalid token near'
check_fails_with "$msg 'notjson'" \
    transact "$DB" notjson
msg="oswdb-client: \"$DB\": line 1, column 4: invalid token near"
check_fails_with "$msg 'unix'" \
    transact "$DB"

# Connection failures.
check_same list-dbs "unix:$TESTDIR/nonexistent.sock"
check_same get-schema "unix:$TESTDIR/nonexistent.sock"
check_same list-dbs tcp:127.0.0.1:1
OSW_RUNDIR=$TESTDIR/nowhere OVS_RUNDIR=$TESTDIR/nowhere check_same list-dbs
msg="failed to connect to \"unix:$TESTDIR/nowhere/db.sock\""
check_fails_with "oswdb-client: $msg (No such file or directory)" \
    --no-headings list-tables "unix:$TESTDIR/nowhere/db.sock"

# A server with only one database of its own (besides _Server) makes that
# the default.
start_ovsdb_server t t2.db
check_same list-tables "unix:$TESTDIR/t.sock"
check_same get-schema-version "unix:$TESTDIR/t.sock"
check_same dump "unix:$TESTDIR/t.sock" T T i e
check_same dump "unix:$TESTDIR/t.sock" U
stop_ovsdb_server t

# Help and version.
oswdb-client --help > help.txt
grep -q '^  monitor-cond \[SERVER\] \[DATABASE\] CONDITION TABLE' help.txt \
    || fail "--help lacks monitor-cond"
grep -q -- '--format=FORMAT' help.txt || fail "--help lacks --format"
oswdb-client help > help2.txt
cmp help.txt help2.txt || fail "help command differs from --help"
oswdb-client -V | grep -q osw || fail "-V prints no version"
