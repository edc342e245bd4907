# vsctl-log: every transaction carries a comment with the command line
# ("osw-vsctl (invoked by PARENT): osw-vsctl ARGS", arguments quoted where
# needed), so that "oswdb-tool show-log" tells who changed what; the
# "comment" command's words show up there too.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"
require_program oswdb-tool

start_db
osw-vsctl --db="unix:$TESTDIR/osw.sock" --no-wait add-br br0 \
    -- add-port br0 "p 1" -- comment 'say "hi"'
vs list-br > /dev/null            # No change: no transaction, no record.
osw-vsctl --db="unix:$TESTDIR/osw.sock" --no-wait set Port "p 1" tag=5
stop_server osw

oswdb-tool show-log osw.db > log
sed -n 's/^record [0-9]*: [0-9-]* [0-9:.]* //p' log > comments
sed 's|(invoked by [^)]*bash)|(invoked by bash)|' comments > actual
cat > expected <<EXPECTED
"osw-vsctl (invoked by bash): osw-vsctl --db=unix:$TESTDIR/osw.sock --no-wait add-br br0 -- add-port br0 "p 1" -- comment "say \\"hi\\"""
"osw-vsctl (invoked by bash): osw-vsctl --db=unix:$TESTDIR/osw.sock --no-wait set Port "p 1" tag=5"
EXPECTED
compare_files expected actual
oswdb-tool show-log -m osw.db > details
grep -q 'table Port insert row "p 1"' details || fail "no details: $(cat details)"
