# oswdb-tool-checksum: "checksum FILE" prints the schema checksum of a
# database or of a schema file, telling which one FILE is by its first
# bytes, and agrees with db-cksum and schema-cksum (and, if installed, with
# Open vSwitch's ovsdb-tool); errors exit with status 1 and a message.

. "$srcdir/tests/lib.sh"

require_program oswdb-tool

cd "$TESTDIR"

cat > schema.ovsschema <<'EOS'
{"name": "Test", "version": "1.2.3", "cksum": "12345 678",
 "tables": {"T": {"columns": {"name": {"type": "string"}}}}}
EOS
# Leading white space and no checksum at all.
printf '  \n{"name": "Bare", "tables": {}}\n' > bare.ovsschema

check_output '12345 678' oswdb-tool checksum schema.ovsschema
check_output '' oswdb-tool checksum bare.ovsschema

oswdb-tool create db schema.ovsschema
check_output '12345 678' oswdb-tool checksum db
oswdb-tool create bare.db bare.ovsschema
check_output '' oswdb-tool checksum bare.db

# The Open_vSwitch schema, as a file and inside a database, with the other
# commands' answers.
vs=$srcdir/vswitchd/vswitch.ovsschema
oswdb-tool create vs.db "$vs"
check_output "$(oswdb-tool schema-cksum "$vs")" oswdb-tool checksum "$vs"
check_output "$(oswdb-tool db-cksum vs.db)" oswdb-tool checksum vs.db
[ -n "$(oswdb-tool checksum vs.db)" ] || fail "no checksum for vs.db"

# Errors: a missing file, a file that is neither, a damaged database, no
# argument, two arguments.
check_status() {
    local expected=$1 status=0
    shift
    "$@" > out 2> err || status=$?
    [ "$status" = "$expected" ] \
        || fail "exit status $status, not $expected: $* ($(cat err))"
}
check_status 1 oswdb-tool checksum nonexistent
grep -q "nonexistent" err || fail "no file name in: $(cat err)"
echo 'not json' > junk
check_status 1 oswdb-tool checksum junk
[ -s err ] || fail "no message for junk"
printf 'OVSDB JSON 5 0000\n{}\n' > bad.db
check_status 1 oswdb-tool checksum bad.db
[ -s err ] || fail "no message for bad.db"
check_status 1 oswdb-tool checksum
check_status 1 oswdb-tool checksum db db

# --help and the manual list it.
oswdb-tool --help | grep -q "^  checksum FILE " || fail "not in --help"
oswdb-tool list-commands | grep -q "^  checksum " \
    || fail "not in list-commands"
grep -q 'fBchecksum' "$srcdir/ovsdb/oswdb-tool.1" || fail "not in the manual"

if command -v ovsdb-tool > /dev/null; then
    ovsdb-tool create ovs.db "$vs"
    check_output "$(ovsdb-tool db-cksum ovs.db)" oswdb-tool checksum ovs.db
    check_output "$(ovsdb-tool schema-cksum "$vs")" oswdb-tool checksum "$vs"
fi
