# oswdb-server-ovsdbapp: OpenStack's ovsdbapp (python-ovs IDL: _Server
# monitoring, monitor_cond_since, change-aware reconnection) creates a
# bridge and ports, reads them back, sees other clients' changes, and
# catches up after the server drops its connection.  The same script runs
# against Open vSwitch's ovsdb-server, when installed.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_program ovs-vsctl

# ovsdbapp is usually installed for the system's python.
PY=
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import ovsdbapp' 2>/dev/null
    then
        PY=$p
        break
    fi
done
[ -n "$PY" ] || skip "needs python3-ovsdbapp"

expected='bridges [\x27br-test\x27]
ports [\x27p1\x27, \x27p2\x27]
tag 5
type internal
ports [\x27p2\x27]
bridges []'
expected=$(printf "$expected")

run_script() {
    local name=$1
    ovs-vsctl --db=unix:"$TESTDIR/$name.sock" --no-wait init
    timeout 60 "$PY" "$srcdir/tests/func/oswdb-server-ovsdbapp.py" \
        unix:"$TESTDIR/$name.sock" \
        "$(command -v ovs-appctl || command -v osw-appctl) -t $TESTDIR/$name.ctl ovsdb-server/reconnect" \
        "ovs-vsctl --db=unix:$TESTDIR/$name.sock --no-wait --timeout=10" \
        > "$name.out" 2> "$name.err" \
        || fail "ovsdbapp script failed against $name: $(tail -5 "$name.err")"
    check_output "$expected" cat "$name.out"
}

make_db osw.db
start_osw osw osw.db
run_script osw
# The IDL came back with monitor_cond_since after the forced reconnection.
grep -q "disconnecting" osw.log || fail "no forced disconnection in osw.log"

if have_ovs; then
    ovsdb-tool create ovs.db "$VSWITCH_SCHEMA"
    start_ovs ovs ovs.db
    run_script ovs
fi
