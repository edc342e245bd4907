# ovsdb-file-damage: what osw does with damaged database files.  A torn
# tail is dropped (the records before it are the database) at the next
# write; a record that cannot be applied stops every write with a clear
# error and leaves the file alone, while the read-only commands still show
# the good part and "compact DB DST" rescues it.  When Open vSwitch's
# ovsdb-tool is installed, it must agree on the repaired files.

. "$srcdir/tests/lib.sh"

require_program oswdb-tool
require_program sha1sum

cd "$TESTDIR"

cat > schema.ovsschema <<'EOF'
{"name": "Test", "version": "1.0.0",
 "tables": {"T": {"columns": {"name": {"type": "string"},
                              "n": {"type": "integer"}}}}}
EOF

# Appends a record with body $2 (one line of JSON) to file $1.
add_record() {
    local body=$2$'\n' len sha
    len=$(printf '%s' "$body" | wc -c)
    sha=$(printf '%s' "$body" | sha1sum | cut -d' ' -f1)
    printf 'OVSDB JSON %d %s\n%s' "$len" "$sha" "$body" >> "$1"
}

names() {
    oswdb-tool query "$1" \
        '["Test",{"op":"select","table":"T","where":[],"columns":["name"]}]' |
        grep -oE '"name":"[^"]*"' | LC_ALL=C sort | tr '\n' ' '
}

insert() {
    oswdb-tool transact "$1" "[\"Test\",{\"op\":\"insert\",\"table\":\"T\",
        \"row\":{\"name\":\"$2\"}}]" > /dev/null
}

have_ovs=false
command -v ovsdb-tool > /dev/null && have_ovs=true

# --- A torn tail.
oswdb-tool create db schema.ovsschema
insert db a
insert db b
good_size=$(stat -c %s db)
printf 'OVSDB JSON 200 0123456789abcdef0123456789abcdef01234567\n{"T":{' >> db
torn_size=$(stat -c %s db)
check_output '"name":"a" "name":"b" ' names db
oswdb-tool query db '["Test"]' 2> err > /dev/null
grep -q "record at offset $good_size" err \
    || fail "no warning about the tail: $(cat err)"
oswdb-tool show-log db > log 2> err && fail "show-log read past the tail"
grep -c '^record' log | grep -qx 3 || fail "show-log: $(cat log)"
[ "$(stat -c %s db)" = "$torn_size" ] || fail "a read changed the file"

insert db c 2> err
grep -q "dropped .* bytes from offset $good_size" err \
    || fail "no truncation warning: $(cat err)"
check_output '"name":"a" "name":"b" "name":"c" ' names db
oswdb-tool show-log db > /dev/null
if $have_ovs; then
    ovsdb-tool show-log db > /dev/null || fail "ovsdb-tool cannot read it"
fi

# --- A corrupt record in the middle: it and everything after it are
# dropped, like a tail (and as Open vSwitch does).
oswdb-tool create mid.db schema.ovsschema
insert mid.db a
insert mid.db bbbbbbbbbb
insert mid.db c
sed -i 's/bbbbbbbbbb/bbbbbXbbbb/' mid.db
check_output '"name":"a" ' names mid.db 2> /dev/null
insert mid.db d 2> /dev/null
check_output '"name":"a" "name":"d" ' names mid.db
if $have_ovs; then
    ovsdb-tool query mid.db '["Test",{"op":"select","table":"T","where":[],"columns":["name"]}]' \
        | grep -q '"d"' || fail "ovsdb-tool disagrees"
fi

# --- A good record that cannot be applied.
for bad in \
    '{"T":{"aaaaaaaa-0000-0000-0000-000000000001":{"nope":1}}}' \
    '{"T":{"aaaaaaaa-0000-0000-0000-000000000009":null}}' \
    '{"Nope":{}}' \
    '{"T":{"aaaaaaaa-0000-0000-0000-000000000002":{"n":"text"}}}'
do
    rm -f bad.db rescued.db
    oswdb-tool create bad.db schema.ovsschema
    add_record bad.db '{"T":{"aaaaaaaa-0000-0000-0000-000000000001":{"name":"good"}}}'
    add_record bad.db "$bad"
    add_record bad.db '{"T":{"aaaaaaaa-0000-0000-0000-000000000003":{"name":"after"}}}'
    cp bad.db bad.orig

    # Writers refuse, naming the record, and change nothing.
    check_fails oswdb-tool transact bad.db '["Test"]' 2> err > /dev/null
    grep -q "bad.db: record 2 (at offset [0-9]*) cannot be applied" err \
        || fail "$bad: $(cat err)"
    check_fails oswdb-tool compact bad.db 2> /dev/null
    check_fails oswdb-tool convert bad.db schema.ovsschema 2> /dev/null
    cmp bad.db bad.orig || fail "$bad: file changed"

    # Readers show the good part, with a warning.
    check_output '"name":"good" ' names bad.db 2> err
    grep -q "warning: .*record 2" err || fail "$bad: no warning: $(cat err)"
    oswdb-tool show-log bad.db | grep -c '^record' | grep -qx 4 \
        || fail "$bad: show-log"
    check_output Test oswdb-tool db-name bad.db

    # "compact DB DST" rescues the good part into a new file.
    oswdb-tool compact bad.db rescued.db 2> /dev/null
    check_output '"name":"good" ' names rescued.db
    insert rescued.db new
    check_output '"name":"good" "name":"new" ' names rescued.db
    cmp bad.db bad.orig || fail "$bad: file changed"
done

# --- A file that is not a database is refused, and left alone.
echo "just some text" > text.db
cp text.db text.orig
check_fails oswdb-tool transact text.db '["Test"]' 2> err
grep -q "text.db" err || fail "$(cat err)"
cmp text.db text.orig || fail "text.db changed"
: > empty.db
check_fails oswdb-tool query empty.db '["Test"]' 2> err
grep -q "no schema" err || fail "$(cat err)"

# --- A database locked by another writer.
if command -v ovsdb-server > /dev/null; then
    export OVS_RUNDIR=$TESTDIR OVS_LOGDIR=$TESTDIR OVS_DBDIR=$TESTDIR
    spawn ovsdb-server db --remote="punix:$TESTDIR/db.sock" \
        --unixctl="$TESTDIR/ovsdb-server.ctl" --no-chdir \
        --log-file="$TESTDIR/ovsdb-server.log" -vconsole:off
    server=$SPAWNED_PID
    wait_until "test -S db.sock"
    check_fails oswdb-tool transact db '["Test"]' 2> err
    grep -q "locked" err || fail "$(cat err)"
    check_fails oswdb-tool compact db 2> err
    grep -q "locked" err || fail "$(cat err)"
    check_output '"name":"a" "name":"b" "name":"c" ' names db
    kill "$server"
    wait "$server" 2> /dev/null || :
    forget_pid "$server"
fi

exit 0
