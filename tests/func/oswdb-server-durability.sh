# oswdb-server-durability: what a client was told is committed survives
# the server being killed (kill -9) right after, with and without --sync
# and for "durable" commits; a torn tail left by a crash is dropped at
# restart and the good records before it are kept; a second server (ours
# or Open vSwitch's) cannot open a database file that a server is using;
# many clients at once all get their transactions through.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_program ovs-vsctl

VSCTL="ovs-vsctl --db=unix:$TESTDIR/db.sock --no-wait --timeout=10"

make_db conf.db
start_osw db conf.db
$VSCTL init

# Acknowledged, then killed at once: the data is there after a restart.
$VSCTL add-br br0
kill9_server db
start_osw db conf.db
check_output br0 $VSCTL list-br

# The same for a "durable" commit and with --sync.
if have_ovs; then
    ovsdb-client transact unix:"$TESTDIR/db.sock" \
        '["Open_vSwitch",{"op":"mutate","table":"Open_vSwitch","where":[],
          "mutations":[["next_cfg","+=",1]]},
         {"op":"commit","durable":true}]' > durable.out
    grep -q '"count":1' durable.out || fail "durable commit failed: $(cat durable.out)"
    kill9_server db
    start_osw db conf.db
    check_output 1 $VSCTL get Open_vSwitch . next_cfg
fi

kill9_server db
start_osw db conf.db --sync
$VSCTL add-br br1 -- set Bridge br1 external_ids:k=v
kill9_server db
start_osw db conf.db
check_output v $VSCTL get Bridge br1 external_ids:k

# A torn tail (the start of a record that a crash cut short) is dropped,
# with a warning; everything before it is kept and the server goes on
# writing after the last good record.
stop_server db
size=$(stat -c %s conf.db)
printf 'OVSDB JSON 512 0123456789012345678901234567890123456789\n{"Bridge":' \
    >> conf.db
start_osw db conf.db
check_output "br0
br1" $VSCTL list-br
$VSCTL add-br br2
check_output "br0
br1
br2" $VSCTL list-br
stop_server db
grep -qi 'trunc\|drop\|torn\|bad' db.log \
    || fail "no warning about the damaged tail in db.log"
[ "$(stat -c %s conf.db)" -gt "$size" ] || fail "nothing written after repair"
if have_ovs; then
    ovsdb-tool show-log conf.db > show-log.out \
        || fail "ovsdb-tool cannot read the repaired file"
    ovsdb-tool query conf.db \
        '["Open_vSwitch",{"op":"select","table":"Bridge","where":[],
          "columns":["name"]}]' | grep -o '"br[0-9]"' | sort > names
    check_output '"br0"
"br1"
"br2"' cat names
fi

start_osw db conf.db

# A second server on the same file is refused, and the first one keeps
# serving.
check_fails oswdb-server --no-chdir --pidfile="$TESTDIR/second.pid" \
    --unixctl="$TESTDIR/second.ctl" --remote=punix:"$TESTDIR/second.sock" \
    conf.db 2> second.err
grep -qi 'lock\|busy\|already' second.err \
    || fail "unexpected error from second server: $(cat second.err)"
if have_ovs; then
    check_fails ovsdb-server --no-chdir --pidfile="$TESTDIR/ovs.pid" \
        --unixctl="$TESTDIR/ovs.ctl" --remote=punix:"$TESTDIR/ovs.sock" \
        conf.db 2> ovs.err
fi
check_output "br0
br1
br2" $VSCTL list-br

# Many clients at once.
pids=()
for i in $(seq 20); do
    $VSCTL add-port br0 p$i > "c$i.out" 2>&1 &
    pids+=($!)
done
for pid in "${pids[@]}"; do
    wait "$pid" || fail "a concurrent client failed"
done
check_output 20 sh -c "$VSCTL list-ports br0 | wc -l"
kill9_server db
start_osw db conf.db
check_output 20 sh -c "$VSCTL list-ports br0 | wc -l"
