# ovsdb-log-interop: osw's database log (ovsdb/log.c, driven through the
# helper modes of tests/test-ovsdb-log) and Open vSwitch's ovsdb-tool and
# ovsdb-server read each other's files, repair torn tails compatibly and
# refuse each other's locks.

. "$srcdir/tests/lib.sh"

require_program ovsdb-tool
require_program test-ovsdb-log

cd "$TESTDIR"
export OVS_RUNDIR=$TESTDIR OVS_LOGDIR=$TESTDIR OVS_DBDIR=$TESTDIR

cat > schema.ovsschema <<'EOF'
{"name": "Test", "version": "1.2.3",
 "tables": {"T": {"columns": {"name": {"type": "string"},
                              "n": {"type": "integer"}}}}}
EOF

select_names() {
    ovsdb-tool query "$1" \
        '["Test",{"op":"select","table":"T","where":[],"columns":["name"]}]' |
        grep -oE '"name":"([^"\\]|\\.)*"' | LC_ALL=C sort | tr '\n' ' '
}

# Their file, our reader.
ovsdb-tool create db schema.ovsschema
ovsdb-tool transact db '["Test",{"op":"insert","table":"T",
    "row":{"name":"a\nb \u00e9 \"q\"","n":1}}]' > /dev/null
ovsdb-tool transact db '["Test",{"op":"insert","table":"T",
    "row":{"name":"x","n":2}}]' > /dev/null
test-ovsdb-log --read db > records
[ "$(wc -l < records)" = 3 ] || fail "expected 3 records, got: $(cat records)"
head -1 records | grep -q '"name":"Test","version":"1.2.3"' \
    || fail "first record is not the schema"
grep -qF '"name":"a\nb é \"q\""' records || fail "string not read back"

# Re-serializing their records gives their file back, byte for byte.
mapfile -t recs < records
test-ovsdb-log --write copy.db "${recs[@]}"
cmp db copy.db || fail "rewritten file differs from ovsdb-tool's"

# Our appends, their reader (and then their appends, our reader).
test-ovsdb-log --write db \
    '{"_date":1795300000000,"T":{"5d2b8a3c-1f4e-4c6a-9b7d-0e8f1a2b3c4d":{"name":"ours","n":3}},"_is_diff":true}'
ovsdb-tool show-log db > show-log.txt || fail "ovsdb-tool cannot read our record"
grep -q '^record 3:' show-log.txt || fail "ovsdb-tool does not see record 3"
check_output '"name":"a\nb é \"q\"" "name":"ours" "name":"x" ' select_names db
ovsdb-tool transact db '["Test",{"op":"insert","table":"T",
    "row":{"name":"theirs","n":4}}]' > /dev/null
test-ovsdb-log --read db > records
[ "$(wc -l < records)" = 5 ] || fail "expected 5 records"

# A whole database written by us.
test-ovsdb-log --write ours.db "$(tr -d '\n' < schema.ovsschema)" \
    '{"_date":1,"T":{"0b7c1d1e-8e2b-4f4a-9c1e-2f5d9a3e4b6c":{"name":"only","n":7}}}'
check_output Test ovsdb-tool db-name ours.db
check_output 1.2.3 ovsdb-tool db-version ours.db
check_output '"name":"only" ' select_names ours.db
ovsdb-tool compact ours.db
check_output '"name":"only" ' select_names ours.db
test-ovsdb-log --read ours.db > /dev/null || fail "cannot read ovsdb-tool's compaction"

# Our compaction, their reader.
test-ovsdb-log --compact db
[ ! -e db.tmp ] || fail "db.tmp left behind"
check_output '"name":"a\nb é \"q\"" "name":"ours" "name":"theirs" "name":"x" ' \
    select_names db

# A torn tail: both refuse to read past it; our writer truncates it the
# way Open vSwitch does, after which ovsdb-tool reads the file cleanly.
cp db torn.db
good_size=$(stat -c %s torn.db)
printf 'OVSDB JSON 99 0123' >> torn.db
check_fails test-ovsdb-log --read torn.db > torn.out 2> torn.err
[ "$(wc -l < torn.out)" = 5 ] || fail "good records not read before the tail"
grep -q "record at offset $good_size: incomplete header" torn.err \
    || fail "unexpected error: $(cat torn.err)"
check_fails ovsdb-tool show-log torn.db > /dev/null 2>&1
test-ovsdb-log --write torn.db '{"_date":2,"T":{}}' 2> repair.err
grep -q "dropped 18 bytes from offset $good_size" repair.err \
    || fail "no truncation warning: $(cat repair.err)"
ovsdb-tool show-log torn.db > /dev/null || fail "ovsdb-tool cannot read repaired file"

# Clustered databases are recognised and refused, and left alone.
ovsdb-tool create-cluster cluster.db schema.ovsschema "unix:$TESTDIR/s1.raft"
cp cluster.db cluster.orig
check_fails test-ovsdb-log --read cluster.db 2> cluster.err
grep -q "clustered database" cluster.err || fail "$(cat cluster.err)"
check_fails test-ovsdb-log --write cluster.db '{}' 2> /dev/null
cmp cluster.db cluster.orig || fail "clustered file modified"

# Our lock keeps ovsdb-tool from writing, not from reading.
spawn test-ovsdb-log --hold db ready
holder=$SPAWNED_PID
wait_until "test -e ready"
[ -e .db.~lock~ ] || fail "lock file .db.~lock~ missing"
check_fails ovsdb-tool transact db '["Test"]' > /dev/null 2> tool.err
grep -qi lock tool.err || fail "unexpected ovsdb-tool error: $(cat tool.err)"
ovsdb-tool show-log db > /dev/null
kill "$holder"
wait "$holder" 2> /dev/null || :
forget_pid "$holder"
ovsdb-tool transact db '["Test"]' > /dev/null

# ovsdb-server's lock keeps us from writing, not from reading.
if command -v ovsdb-server > /dev/null; then
    spawn ovsdb-server db --remote="punix:$TESTDIR/db.sock" \
        --unixctl="$TESTDIR/ovsdb-server.ctl" --no-chdir \
        --log-file="$TESTDIR/ovsdb-server.log" -vconsole:off
    server=$SPAWNED_PID
    wait_until "test -S db.sock"
    check_fails test-ovsdb-log --write db '{"_date":3}' 2> ours.err
    grep -q "locked by another process (pid $server holds" ours.err \
        || fail "unexpected error: $(cat ours.err)"
    test-ovsdb-log --read db > /dev/null
    kill "$server"
    wait "$server" 2> /dev/null || :
    forget_pid "$server"
    test-ovsdb-log --write db '{"_date":3,"T":{}}'
    ovsdb-tool show-log db > /dev/null
fi

exit 0
