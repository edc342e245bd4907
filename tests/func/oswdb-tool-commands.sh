# oswdb-tool-commands: every oswdb-tool command, its output, its defaults
# and its errors (exit status 1 with a message; 2 for a "no" from the test
# commands), without Open vSwitch.

. "$srcdir/tests/lib.sh"

require_program oswdb-tool

cd "$TESTDIR"

cat > schema.ovsschema <<'EOF'
{"name": "Test", "version": "1.2.3", "cksum": "12345 678",
 "tables": {
   "T": {"isRoot": true,
         "columns": {"name": {"type": "string"},
                     "n": {"type": "integer"},
                     "s": {"type": {"key": "integer", "min": 0,
                                    "max": "unlimited"}},
                     "m": {"type": {"key": "string", "value": "string",
                                    "min": 0, "max": "unlimited"}},
                     "u": {"type": {"key": {"type": "uuid",
                                            "refTable": "U"},
                                    "min": 0, "max": 1}}}},
   "U": {"columns": {"k": {"type": "integer"}}}}}
EOF

# Masks the dates of "show-log" output.
mask_dates() {
    sed -E 's/^(record [0-9]+:) [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]{12}/\1 DATE/'
}

# --- Schema commands.
check_output Test oswdb-tool schema-name schema.ovsschema
check_output 1.2.3 oswdb-tool schema-version schema.ovsschema
check_output '12345 678' oswdb-tool schema-cksum schema.ovsschema

# --- create, and the database's schema.
oswdb-tool create db schema.ovsschema
check_output Test oswdb-tool db-name db
check_output 1.2.3 oswdb-tool db-version db
check_output '12345 678' oswdb-tool db-cksum db
check_output no oswdb-tool needs-conversion db schema.ovsschema
sed 's/1\.2\.3/1.3.0/' schema.ovsschema > new.ovsschema
check_output yes oswdb-tool needs-conversion db new.ovsschema
check_fails oswdb-tool create db schema.ovsschema 2> err
grep -q "I/O error: db: .*exists" err || fail "create over a file: $(cat err)"

# A schema without version or checksum prints blank lines.
echo '{"name": "Bare", "tables": {"T": {"columns": {"a": {"type": "integer"}}}}}' \
    > bare.ovsschema
check_output '' oswdb-tool schema-version bare.ovsschema
check_output '' oswdb-tool schema-cksum bare.ovsschema
oswdb-tool create bare.db bare.ovsschema
check_output '' oswdb-tool db-version bare.db

# --- transact and query.
check_output '[{"uuid":["uuid","11111111-2222-3333-4444-555555555555"]},{}]' \
    oswdb-tool transact db '["Test",
      {"op":"insert","table":"T","uuid":"11111111-2222-3333-4444-555555555555",
       "row":{"name":"one","n":1,"s":["set",[1,2]],"m":["map",[["a","b"]]]}},
      {"op":"comment","comment":"first"}]'
check_output '[{"count":1}]' oswdb-tool transact db '["Test",
      {"op":"mutate","table":"T","where":[],
       "mutations":[["s","insert",3],["m","insert",["map",[["c","d"]]]],
                    ["n","+=",41]]}]'
check_output '[{"rows":[{"m":["map",[["a","b"],["c","d"]]],"n":42,"name":"one","s":["set",[1,2,3]]}]}]' \
    oswdb-tool query db '["Test",{"op":"select","table":"T","where":[],
                                  "columns":["name","n","s","m"]}]'

# A query may change the database only in memory.
check_output '[{"count":1}]' oswdb-tool query db \
    '["Test",{"op":"delete","table":"T","where":[]}]'
check_output '[{"rows":[{"name":"one"}]}]' oswdb-tool query db \
    '["Test",{"op":"select","table":"T","where":[],"columns":["name"]}]'

# Errors inside the transaction are results, as in ovsdb-tool.
check_output '{"details":"database name expected as first parameter","error":"syntax error","syntax":"[\"Nope\"]"}' \
    oswdb-tool transact db '["Nope"]'
check_output '{"details":"array expected","error":"syntax error","syntax":"{}"}' \
    oswdb-tool query db '{}'
check_output '[]' oswdb-tool transact db '["Test"]'
out=$(oswdb-tool transact db '["Test",{"op":"insert","table":"T",
        "row":{"u":["uuid","99999999-2222-3333-4444-555555555555"]}}]')
echo "$out" | grep -q '"error":"referential integrity violation"' \
    || fail "unexpected: $out"
out=$(oswdb-tool transact db '["Test",{"op":"bogus"}]')
echo "$out" | grep -q '"error":"syntax error"' || fail "unexpected: $out"
check_fails oswdb-tool transact db '["Test",' 2> err
grep -q "oswdb-tool: .*line 1" err || fail "bad JSON: $(cat err)"
check_fails oswdb-tool query nonexistent '["Test"]' 2> err
grep -q "I/O error: nonexistent: .*No such file" err || fail "$(cat err)"

# --- show-log.
oswdb-tool transact db '["Test",{"op":"insert","table":"U","row":{"k":7},
    "uuid-name":"u"},{"op":"update","table":"T","where":[],
    "row":{"u":["named-uuid","u"],"name":"renamed"}}]' > /dev/null
oswdb-tool transact db '["Test",{"op":"update","table":"T","where":[],
    "row":{"u":["set",[]]}}]' > /dev/null
oswdb-tool show-log db | mask_dates > log0
cat > expected <<'EOF'
record 0: "Test" schema, version="1.2.3", cksum="12345 678"

record 1: DATE "first"
record 2: DATE
record 3: DATE
record 4: DATE
EOF
diff -u expected log0 || fail "show-log"

oswdb-tool show-log -m db | mask_dates > log1
grep -qx '  table T insert row "one" (11111111):' log1 || fail "$(cat log1)"
grep -qx '  table T row "one" (11111111) diff:' log1 || fail "$(cat log1)"
grep -qx '  table T row "renamed" (11111111) diff:' log1 || fail "$(cat log1)"
grep -qx '    delete row' log1 || fail "GC'd row not shown deleted"

# Members print in the order Open vSwitch's ovsdb-tool prints them (its
# hash order), not in file order.
oswdb-tool -m show-log -m db | mask_dates > log2
sed -n '/^record 1:/,/^$/p' log2 > rec1
cat > expected <<'EOF'
record 1: DATE "first"
  table T insert row "one" (11111111):
    m={a=b}
    name=one
    n=1
    s=[1, 2]

EOF
diff -u expected rec1 || fail "show-log -mm record 1"
sed -n '/^record 2:/,/^$/p' log2 > rec2
cat > expected <<'EOF'
record 2: DATE
  table T row "one" (11111111) diff:
    m={c=d}
    n=42
    s=[3]

EOF
diff -u expected rec2 || fail "show-log -mm record 2"

# --- compact, in place and to a new file.
before=$(oswdb-tool query db '["Test",{"op":"select","table":"T","where":[],"columns":["name","n","s","m"]}]')
oswdb-tool compact db copy.db
oswdb-tool compact db
for f in db copy.db; do
    check_output "$before" oswdb-tool query $f \
        '["Test",{"op":"select","table":"T","where":[],"columns":["name","n","s","m"]}]'
    oswdb-tool show-log $f | mask_dates > log
    [ "$(grep -c '^record' log)" = 2 ] || fail "$f: not compacted: $(cat log)"
    grep -q '^record 1: DATE "compacted by oswdb-tool ' log || fail "$(cat log)"
done
check_fails oswdb-tool compact db copy.db 2> err
grep -q "copy.db.*exists" err || fail "$(cat err)"

# --- convert, to a new file and in place.
cat > v2.ovsschema <<'EOF'
{"name": "Test", "version": "2.0.0",
 "tables": {
   "T": {"isRoot": true,
         "columns": {"name": {"type": "string"},
                     "n": {"type": "real"},
                     "extra": {"type": "string"}}}}}
EOF
oswdb-tool convert db v2.ovsschema converted.db
check_output 2.0.0 oswdb-tool db-version converted.db
check_output 1.2.3 oswdb-tool db-version db
check_output '[{"rows":[{"extra":"","n":42,"name":"renamed"}]}]' \
    oswdb-tool query converted.db \
    '["Test",{"op":"select","table":"T","where":[],"columns":["name","n","extra"]}]'
oswdb-tool convert db v2.ovsschema
check_output 2.0.0 oswdb-tool db-version db
check_output no oswdb-tool needs-conversion db v2.ovsschema
oswdb-tool show-log db | grep -q '"converted by oswdb-tool ' \
    || fail "no conversion comment"

# --- Defaults: $OSW_DBDIR/conf.db and $OSW_PKGDATADIR/vswitch.ovsschema.
mkdir pkgdata
cp "$srcdir/vswitchd/vswitch.ovsschema" pkgdata/
export OSW_PKGDATADIR=$TESTDIR/pkgdata
oswdb-tool create
[ -f "$OSW_DBDIR/conf.db" ] || fail "no default conf.db"
check_output Open_vSwitch oswdb-tool db-name
check_output Open_vSwitch oswdb-tool schema-name
check_output "$(oswdb-tool schema-version)" oswdb-tool db-version
check_output no oswdb-tool needs-conversion
check_output '[{"count":0}]' oswdb-tool transact \
    '["Open_vSwitch",{"op":"delete","table":"Bridge","where":[]}]'
check_output '[{"rows":[]}]' oswdb-tool query \
    '["Open_vSwitch",{"op":"select","table":"Bridge","where":[]}]'
oswdb-tool compact
oswdb-tool show-log > /dev/null

# --- Test commands.
oswdb-tool db-is-standalone db
check_fails oswdb-tool db-is-clustered db
set +e
oswdb-tool db-is-clustered db; st=$?
oswdb-tool db-is-standalone nonexistent 2> /dev/null; st2=$?
oswdb-tool compare-versions 1.2.3 '<' 1.10.0; st3=$?
oswdb-tool compare-versions 1.2.3 '>=' 1.10.0; st4=$?
oswdb-tool compare-versions 1.2 '<' 1.10.0 2> /dev/null; st5=$?
oswdb-tool compare-versions 1.2.3 '<>' 1.10.0 2> /dev/null; st6=$?
set -e
[ "$st $st2 $st3 $st4 $st5 $st6" = "2 1 0 2 1 1" ] \
    || fail "exit codes: $st $st2 $st3 $st4 $st5 $st6"
for op in '<' '<=' '==' '>=' '>' '!='; do
    oswdb-tool compare-versions 3.0.0 "$op" 3.0.0 && r=0 || r=$?
    case "$op:$r" in
        '<:2'|'<=:0'|'==:0'|'>=:0'|'>:2'|'!=:2') ;;
        *) fail "compare-versions 3.0.0 $op 3.0.0 exited $r" ;;
    esac
done

# A clustered database (the header is all that matters).
printf 'OVSDB CLUSTER 2 0123456789012345678901234567890123456789\n{}\n' \
    > cluster.db
oswdb-tool db-is-clustered cluster.db
check_fails oswdb-tool db-is-standalone cluster.db
check_fails oswdb-tool show-log cluster.db 2> err
grep -q "standalone databases only" err || fail "$(cat err)"
check_fails oswdb-tool query cluster.db '["Test"]' 2> err
grep -qi "cluster" err || fail "$(cat err)"
for cmd in "create-cluster a b c" "join-cluster a b c d" "db-cid a" \
           "db-sid a" "db-local-address a" "cluster-to-standalone a b" \
           "check-cluster a"; do
    check_fails oswdb-tool $cmd 2> err
    grep -q "standalone databases only" err || fail "$cmd: $(cat err)"
done

# --- Usage errors.
check_fails oswdb-tool 2> err
grep -q "missing command name" err || fail "$(cat err)"
check_fails oswdb-tool frobnicate 2> err
grep -q "unknown command 'frobnicate'" err || fail "$(cat err)"
check_fails oswdb-tool db-name a b 2> err
grep -q "'db-name' command takes at most 1 arguments" err || fail "$(cat err)"
check_fails oswdb-tool query 2> err
grep -q "'query' command requires at least 1 arguments" err \
    || fail "$(cat err)"
check_fails oswdb-tool --frob db-name 2> /dev/null
check_fails oswdb-tool schema-name nonexistent.ovsschema 2> err
grep -q "nonexistent.ovsschema" err || fail "$(cat err)"
echo '{"name": "Bad"}' > bad.ovsschema
check_fails oswdb-tool create bad.db bad.ovsschema 2> err
[ ! -e bad.db ] || fail "bad.db created from a bad schema"
echo 'not json' > junk.db
check_fails oswdb-tool db-name junk.db 2> err
grep -q "junk.db" err || fail "$(cat err)"
oswdb-tool --help | grep -q "show-log" || fail "--help"
oswdb-tool -V | grep -q "0\.\|osw" || fail "-V"
oswdb-tool list-commands | grep -q "^  transact " || fail "list-commands"
if [ -w /dev/full ]; then
    check_fails oswdb-tool show-log db > /dev/full 2> err
    grep -q "write error" err || fail "$(cat err)"
fi

exit 0
