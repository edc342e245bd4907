# Shared by the vsctl-*.sh functional tests (sourced, not a test of its
# own).  Needs lib.sh sourced first and the current directory $TESTDIR.
#
# Gives:
#   start_db [NAME]      a fresh Open_vSwitch database served by oswdb-server
#                        on $TESTDIR/NAME.sock (default NAME "osw")
#   vs ARG...            osw-vsctl --no-wait on that database
#   start_ovs_db [NAME]  the same with Open vSwitch's ovsdb-server (default
#                        NAME "ovs"), and ovsvs ARG... for its ovs-vsctl
#   expect_error MSG CMD...   CMD fails, printing exactly "osw-vsctl: MSG"
#   db_dump NAME         the database's contents, uuids normalized, sorted
#   compare_with_ovs FILE   runs each line of FILE (osw-vsctl arguments)
#                        through osw-vsctl on oswdb-server and through
#                        ovs-vsctl on ovsdb-server, and compares outputs,
#                        exit statuses and the final contents

. "$srcdir/tests/func/oswdb-server-lib.bash"
require_program osw-vsctl

start_db() {
    local name=${1:-osw}
    make_db "$name.db"
    start_osw "$name" "$name.db"
}

vs() {
    osw-vsctl --db="unix:$TESTDIR/osw.sock" --no-wait --timeout=20 "$@"
}

require_ovs_vsctl() {
    require_ovs
    require_program ovs-vsctl
    require_python
}

start_ovs_db() {
    local name=${1:-ovs}
    ovsdb-tool create "$name.db" "$VSWITCH_SCHEMA"
    start_ovs "$name" "$name.db"
}

ovsvs() {
    ovs-vsctl --db="unix:$TESTDIR/ovs.sock" --no-wait --timeout=20 "$@"
}

# expect_error MSG CMD...: CMD must fail (status 1) with exactly
# "osw-vsctl: MSG" on stderr and nothing on stdout.
expect_error() {
    local msg=$1 status=0
    shift
    "$@" > err.out 2> err.err || status=$?
    if [ "$status" != 1 ]; then
        cat err.out err.err >&2
        fail "expected exit status 1, got $status: $*"
    fi
    if [ -s err.out ]; then
        cat err.out >&2
        fail "unexpected output on stdout: $*"
    fi
    if [ "$(cat err.err)" != "osw-vsctl: $msg" ]; then
        diff -u <(echo "osw-vsctl: $msg") err.err >&2 || :
        fail "unexpected error message: $*"
    fi
}

# db_dump NAME: the contents of server NAME, uuids replaced, sorted.
db_dump() {
    oswdb-client dump "unix:$TESTDIR/$1.sock" Open_vSwitch \
        | normalize_uuids | sort
}

# unchanged CMD...: CMD must leave the database exactly as it was.
unchanged() {
    db_dump osw > before.dump
    "$@" || :
    db_dump osw > after.dump
    compare_files before.dump after.dump
}

# The canonical form of a run's output, for comparing osw-vsctl with
# ovs-vsctl: uuids and program names normalized, log lines without
# timestamp and module, the nested lines of "show" sorted (it lists rows
# in uuid order) and the lines of "list"/"find" sorted (rows come in hash
# order).
write_canon() {
    cat > canon.py <<'EOF'
import re, sys
UUID = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')
def parse(lines, i, indent):
    blocks = []
    while i < len(lines):
        line = lines[i]
        ind = len(line) - len(line.lstrip(' '))
        if ind < indent:
            break
        children, i = parse(lines, i + 1, ind + 1)
        blocks.append((line, children))
    return blocks, i
def emit(blocks):
    out = []
    for line, children in blocks:
        out.append(line)
        kids = [emit([b]) for b in children]
        out.extend(l for k in sorted(kids) for l in k)
    return out
text = sys.stdin.read()
text = UUID.sub('<uuid>', text)
text = re.sub(r'ovs-vsctl|osw-vsctl', 'VSCTL', text)
text = re.sub(r'(?m)^[0-9TZ:.-]+\|[0-9]+\|[a-z_]+\|', '', text)
out = []
for sec in re.split(r'(?m)^(?=### )', text):
    lines = sec.split('\n')
    if re.search(r'\b(list|find)\b', lines[0]):
        out.append('\n'.join([lines[0]] + sorted(l for l in lines[1:] if l)))
    else:
        blocks, _ = parse(lines, 0, 0)
        out.append('\n'.join(emit(blocks)))
print('\n'.join(out))
EOF
}

# run_lines PROGRAM SOCKET FILE: runs each line of FILE as arguments of
# PROGRAM (through eval, so quotes work), printing each command, its output
# and its exit status.
run_lines() {
    local prog=$1 sock=$2 file=$3 line
    while IFS= read -r line; do
        echo "### $line"
        if eval "$prog --db=unix:$sock --no-wait --timeout=20 $line" 2>&1
        then
            echo "rc=0"
        else
            echo "rc=$?"
        fi
    done < "$file"
}

compare_with_ovs() {
    local file=$1
    write_canon
    run_lines osw-vsctl "$TESTDIR/osw.sock" "$file" | python3 canon.py \
        > osw.out
    run_lines ovs-vsctl "$TESTDIR/ovs.sock" "$file" | python3 canon.py \
        > ovs.out
    compare_files ovs.out osw.out
    db_dump osw > osw.dump
    ovsdb-client dump "unix:$TESTDIR/ovs.sock" Open_vSwitch | normalize_uuids \
        | sort > ovs.dump
    compare_files ovs.dump osw.dump
}
