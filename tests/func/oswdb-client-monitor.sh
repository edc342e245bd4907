# oswdb-client-monitor: "monitor" and "monitor-cond" print the initial
# contents and every later change as Open vSwitch's ovsdb-client does, in
# every format; they can run detached and stop on "exit".
#
# Each update below changes at most one row per table: Open vSwitch
# prints the rows of one update in hash order (oswdb-client sorts them by
# UUID), so only single-row updates compare byte for byte.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/oswdb-client-lib.bash"

make_db conf.db
start_ovsdb_server db conf.db
txn '["Open_vSwitch",
  {"op":"insert","table":"Open_vSwitch","row":{
     "bridges":["named-uuid","br0"],
     "external_ids":["map",[["w","a\u0001b\n\t\u00e9/\\\"x"],["e",""]]]}},
  {"op":"insert","table":"Bridge","uuid-name":"br0","row":{
     "name":"br0","external_ids":["map",[["a","b c"],["x,y","\"q\""]]]}}]'

# start_monitors NAME ARG...: starts ovsdb-client and oswdb-client with
# ARGs, output in NAME.ref and NAME.osw, pids in NAME.pids.
monitors=()
start_monitors() {
    local name=$1
    shift
    spawn ovsdb-client "$@" > "$name.ref" 2> "$name.ref.err"
    echo "$SPAWNED_PID" > "$name.pids"
    spawn oswdb-client "$@" > "$name.osw" 2> "$name.osw.err"
    echo "$SPAWNED_PID" >> "$name.pids"
    monitors+=("$name")
}

start_monitors plain monitor "$DB" Open_vSwitch Bridge name,stp_enable \
    external_ids
start_monitors all_columns monitor Bridge
start_monitors cond monitor-cond "$DB" Open_vSwitch \
    '[["stp_enable","==",false]]' Bridge \
    name,stp_enable,external_ids,flood_vlans
start_monitors cond_all monitor-cond '[]' Bridge name,flood_vlans,fail_mode
start_monitors csv -f csv monitor Open_vSwitch Open_vSwitch
start_monitors csv_bare -f csv -d bare --no-headings monitor-cond \
    "$DB" '[]' Bridge
start_monitors json -f json monitor-cond '[]' Bridge name,external_ids,\
flood_vlans
start_monitors json_pretty -f json --pretty monitor Bridge name,ports
start_monitors html -f html monitor "$DB" Open_vSwitch Bridge \
    name,_uuid,ports
start_monitors list -f list -d bare monitor Open_vSwitch Bridge \
    'name,!initial' 'stp_enable,!delete'
start_monitors list_json -f list -d json monitor-cond '[]' Bridge \
    'name,flood_vlans,!modify'
start_monitors select monitor "$DB" Bridge 'name,!insert,!delete' 
start_monitors max --max-column-width=6 monitor Bridge name,external_ids
# Both tables change in each update below, one row each.
start_monitors all monitor "$DB" Open_vSwitch ALL
start_monitors all_list -f list monitor "$DB" Open_vSwitch ALL

# Every monitor must have printed its initial contents (if any) before
# the first change, or the changes would come as part of them.
for m in plain all_columns cond cond_all csv json json_pretty html list \
         list_json select max all all_list; do
    wait_until "[ -s $m.ref ] && [ -s $m.osw ]"
done
wait_until "grep -q br0 csv_bare.ref && grep -q br0 csv_bare.osw"

# seen N: true once the "all_columns" monitors (which see every change,
# since "_version" always changes) have printed N updates (initial
# contents included), to let each change arrive before the next.
seen() {
    [ "$(grep -c '^row ' all_columns.ref)" -ge "$1" ] \
        && [ "$(grep -c '^row ' all_columns.osw)" -ge "$1" ]
}

# Insert a bridge.
txn '["Open_vSwitch",
  {"op":"mutate","table":"Open_vSwitch","where":[],
   "mutations":[["bridges","insert",["named-uuid","b1"]]]},
  {"op":"insert","table":"Bridge","uuid-name":"b1","row":{"name":"br1",
   "external_ids":["map",[["a","1"],["b","2"]]],"flood_vlans":5}}]'
wait_until "seen 2"

# Modify one: scalars, a map with keys added, changed and removed, a set.
txn '["Open_vSwitch",{"op":"update","table":"Bridge",
  "where":[["name","==","br1"]],
  "row":{"external_ids":["map",[["b","3"],["c","4"]]],"stp_enable":true,
         "flood_vlans":["set",[1,2]],"fail_mode":"standalone"}}]'
wait_until "seen 3"

# And the other, which leaves the condition of "cond".
txn '["Open_vSwitch",{"op":"update","table":"Bridge",
  "where":[["name","==","br0"]],
  "row":{"stp_enable":true,"flood_vlans":["set",[7]],
         "external_ids":["map",[]]}}]'
wait_until "seen 4"

# A set column changed from one value to another: the update2 diff has
# two elements, more than the column allows; shown as JSON.
txn '["Open_vSwitch",{"op":"update","table":"Bridge",
  "where":[["name","==","br1"]],"row":{"fail_mode":"secure"}}]'
wait_until "seen 5"

# A row enters the condition of "cond" again.
txn '["Open_vSwitch",{"op":"update","table":"Bridge",
  "where":[["name","==","br1"]],"row":{"stp_enable":false}}]'
wait_until "seen 6"

# Delete one, then the other.
br1=$(ovsdb-client -f csv -d bare --no-headings dump Bridge _uuid name \
      | sed -n 's/,br1$//p')
[ -n "$br1" ] || fail "cannot find br1"
txn '["Open_vSwitch",
  {"op":"mutate","table":"Open_vSwitch","where":[],
   "mutations":[["bridges","delete",["uuid","'"$br1"'"]]]}]'
wait_until "seen 7"
txn '["Open_vSwitch",
  {"op":"update","table":"Open_vSwitch","where":[],
   "row":{"bridges":["set",[]]}}]'
wait_until "seen 8"

# Stopping the server ends every monitor once it has printed everything
# before: now the outputs are complete.
stop_ovsdb_server db
for m in "${monitors[@]}"; do
    for pid in $(cat "$m.pids"); do
        wait "$pid" || :
        forget_pid "$pid"
    done
done

for m in "${monitors[@]}"; do
    for f in "$m.ref.err" "$m.osw.err"; do
        grep -v '|fatal_signal|' "$f" \
            | sed 's/^oswdb-client:/ovsdb-client:/' > "$f.clean" || :
    done
    if ! cmp -s "$m.ref" "$m.osw" \
        || ! cmp -s "$m.ref.err.clean" "$m.osw.err.clean"; then
        diff -u "$m.ref" "$m.osw" >&2 || :
        diff -u "$m.ref.err.clean" "$m.osw.err.clean" >&2 || :
        fail "monitor $m: oswdb-client differs from ovsdb-client"
    fi
done
grep -q 'receive failed (End of file)' all_columns.osw.err \
    || fail "no end-of-connection message"

# Detached, with timestamps, stopped through unixctl.
start_ovsdb_server db conf.db
txn '["Open_vSwitch",{"op":"update","table":"Open_vSwitch","where":[],
  "row":{"cur_cfg":1}}]'
oswdb-client --detach --no-chdir --pidfile="$TESTDIR/client.pid" \
    --timestamp monitor Open_vSwitch Open_vSwitch cur_cfg > detached.out \
    2> detached.err || fail "detached monitor failed: $(cat detached.err)"
daemon_started "$TESTDIR/client.pid"
client_pid=$(cat "$TESTDIR/client.pid")
# The initial contents are there as soon as the command returns.
grep -q '^[0-9a-f-]* initial 1$' detached.out \
    || fail "detached monitor printed no initial contents: $(cat detached.out)"
txn '["Open_vSwitch",{"op":"update","table":"Open_vSwitch","where":[],
  "row":{"cur_cfg":2}}]'
wait_until "grep -q '^ *new    2$' detached.out"
time_re='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}$'
sed -n 1p detached.out | grep -Eq "$time_re" \
    || fail "bad timestamp line: $(sed -n 1p detached.out)"
[ "$(grep -c '^[0-9]\{4\}-' detached.out)" = 2 ] \
    || fail "expected two timestamps: $(cat detached.out)"
ctl=$TESTDIR/oswdb-client.$client_pid.ctl
[ -S "$ctl" ] || fail "no control socket $ctl"
if command -v osw-appctl >/dev/null; then
    osw-appctl -t "$ctl" oswdb-client/block
    osw-appctl -t "$ctl" oswdb-client/unblock
    osw-appctl -t "$ctl" exit
    wait_until "! process_alive $client_pid"
    [ ! -e "$TESTDIR/client.pid" ] || fail "pidfile left behind"
    [ ! -e "$ctl" ] || fail "control socket left behind"
fi

# Argument errors.
check_same monitor-cond '[]' Bridge name stp_enable
check_same monitor "$DB" Open_vSwitch NoSuchTable
check_same monitor "$DB" Open_vSwitch Bridge no_such_column
check_same monitor Bridge name,name
check_same monitor Bridge name '!initial'
check_same monitor Bridge name,!bad
check_same monitor-cond "$DB" Open_vSwitch '[]' NoSuchTable
check_same monitor-cond '[]' ALL
check_same monitor-cond '[]' Bridge no_such_column
msg='CONDITION must be a JSON array of conditions, e.g.'
check_fails_with "oswdb-client: $msg '[[\"name\",\"==\",\"br0\"]]'" \
    monitor-cond '{}' Bridge
# A condition the server refuses (the error's wording is the server's).
run_client osw oswdb-client monitor-cond '[["nope","==",1]]' Bridge name
[ "$(cat osw.rc)" = 1 ] || fail "monitor with a bad condition did not fail"
grep -q "^oswdb-client: $DB: monitor request failed: {.*nope" osw.err.raw \
    || fail "unexpected error: $(cat osw.err.raw)"
