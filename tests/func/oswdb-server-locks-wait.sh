# oswdb-server-locks-wait: locks between several ovsdb-client processes
# ("lock" waits in line, "steal" takes the lock and the owner is told
# "stolen", the lock goes back to whoever waits when its owner goes away,
# with "locked"), and transactions parked by "wait": one completed by
# another client's commit, one that times out.  The same script runs
# against Open vSwitch's ovsdb-server, when installed, with the same
# results.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_program ovsdb-client

cat > t.ovsschema <<'EOF'
{"name": "T", "version": "1.0.0",
 "tables": {"R": {"isRoot": true,
                  "columns": {"name": {"type": "string"},
                              "n": {"type": "integer"}}}}}
EOF

# has FILE TEXT: FILE contains the line TEXT.
has() {
    grep -qxF -- "$2" "$1"
}

run_checks() {
    local db=unix:$TESTDIR/$1.sock c1 c2 c3 w1

    # Locks.
    ovsdb-client lock "$db" mylock > l1.out 2>&1 &
    c1=$!
    _osw_pids+=("$c1")
    wait_until "has l1.out '{\"locked\":true}'"
    ovsdb-client lock "$db" mylock > l2.out 2>&1 &
    c2=$!
    _osw_pids+=("$c2")
    wait_until "has l2.out '{\"locked\":false}'"
    ovsdb-client steal "$db" mylock > l3.out 2>&1 &
    c3=$!
    _osw_pids+=("$c3")
    wait_until "has l3.out '{\"locked\":true}'"
    wait_until "has l1.out stolen"
    check_output '{"locked":true}
stolen
["mylock"]' cat l1.out
    # The thief goes away: the lock goes back to the first client, which
    # kept its place in line.
    kill "$c3"
    wait_until "has l1.out locked"
    ! has l2.out locked || fail "second client got the lock too early"
    # The owner goes away: the next in line gets it.
    kill "$c1"
    wait_until "has l2.out locked"
    kill "$c2"
    wait "$c1" "$c2" "$c3" 2>/dev/null || :

    # A wait that another client's commit satisfies.
    ovsdb-client transact "$db" \
        '["T",{"op":"wait","table":"R","where":[["name","==","x"]],
               "columns":["n"],"until":"==","rows":[{"n":7}]},
              {"op":"insert","table":"R","row":{"name":"done"}}]' \
        > w1.out 2>&1 &
    w1=$!
    sleep 0.3
    kill -0 "$w1" || fail "wait completed early: $(cat w1.out)"
    ovsdb-client transact "$db" \
        '["T",{"op":"insert","table":"R","row":{"name":"x","n":7}}]' \
        > /dev/null
    wait "$w1" || fail "waiting transaction failed: $(cat w1.out)"
    grep -q '^\[{},{"uuid":\["uuid","' w1.out || fail "$(cat w1.out)"

    # A wait that times out.
    ovsdb-client transact "$db" \
        '["T",{"op":"wait","timeout":200,"table":"R","where":[],
               "columns":["n"],"until":"==","rows":[{"n":8}]}]' > w2.out
    grep -q '"error":"timed out"' w2.out || fail "$(cat w2.out)"
}

make_db osw.db t.ovsschema
start_osw osw osw.db
run_checks osw

if have_ovs; then
    ovsdb-tool create ovs.db t.ovsschema
    start_ovs ovs ovs.db
    run_checks ovs
fi
