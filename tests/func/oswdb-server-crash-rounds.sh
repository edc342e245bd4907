# oswdb-server-crash-rounds: a transaction that the server acknowledged
# survives the server being killed (kill -9) at any moment.  For many
# rounds, oswdb-server runs on one database file while a client streams
# transactions at it (several in flight, some with durable commits, some
# rounds with --sync, some with compactions requested all the time) and
# notes every transaction whose success reply it got; after a random delay
# the server is killed.  Then (tests/func/oswdb-server-crash-client.py
# "check" does most of it):
#   - the file reads the same with oswdb-tool and with Open vSwitch's
#     ovsdb-tool, and its good records (parsed by the checker itself) hold
#     exactly what the query shows;
#   - every acknowledged transaction and everything there before is there,
#     each transaction whole (all its rows, and the counter that each one
#     increments agrees);
#   - in some rounds the end of the file is damaged on purpose (truncated
#     by a random number of bytes, or a byte flipped in one of its last
#     records): then exactly the records before the damage are kept, the
#     readers and the restarted server say where in their logs, and only
#     the transactions held by the damaged records may vanish;
#   - the restarted server holds what the file held (the next round's
#     client checks before it starts).
# A last round stops the server cleanly: the whole file must then be good,
# for oswdb-tool and for Open vSwitch's ovsdb-tool.
#
# OSW_CRASH_SEED repeats a run; OSW_CRASH_ROUNDS sets the number of rounds.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_python
require_program oswdb-tool
require_program osw-appctl

# The interpreter itself rather than a wrapper script (pyenv's shims take
# a quarter of a second to start, and this test runs python often).
python=$(python3 -c 'import sys; print(sys.executable)')
CLIENT="$python $srcdir/tests/func/oswdb-server-crash-client.py"
QUERY='["Open_vSwitch",
        {"op":"select","table":"QoS","where":[],
         "columns":["type","external_ids"]},
        {"op":"select","table":"Open_vSwitch","where":[],
         "columns":["next_cfg"]}]'
rounds=${OSW_CRASH_ROUNDS:-24}
seed=${OSW_CRASH_SEED:-$(( ($$ + $(date +%s)) % 32768 ))}
echo "seed $seed (OSW_CRASH_SEED=$seed repeats the choices of this run)"
RANDOM=$seed
started=$SECONDS

make_db conf.db
oswdb-tool transact conf.db \
    '["Open_vSwitch",{"op":"insert","table":"Open_vSwitch","row":{}}]' \
    > /dev/null
: > present.0
all_acks=
all_damage=
n_damaged=0
n_compacting=0
n_sync=0
n_interrupted=0
tmp=
expect_warning=
expect_drop=

# start_round ROUND OPTION...: starts the server on the file, checks its
# log if the file was damaged, and starts the client, which checks what
# the server holds before it streams.  The server's pid is in $server,
# the client's in $client.
start_round() {
    local round=$1
    shift
    start_osw r$round conf.db "$@"
    server=$SERVER_PID
    if [ -n "$expect_warning" ]; then
        grep -q "record at offset $expect_warning" r$round.log \
            || fail "round $round: no warning about the damage at offset" \
                    "$expect_warning in the log: $(cat r$round.log)"
        expect_drop=$expect_warning
        expect_warning=
    fi
    spawn $CLIENT client "$TESTDIR/r$round.sock" acks.$round $round \
        $((seed * 1000 + round)) present.$((round - 1)) ready.$round
    client=$SPAWNED_PID
    all_acks=$all_acks${all_acks:+,}acks.$round
    wait_until "test -e ready.$round"
}

# running PID: true if process PID exists and is not a zombie.  (A killed
# daemon stays a zombie until its new parent, init, reaps it, which may
# take a while; a zombie holds no files or locks any more.)
running() {
    local state
    state=$(sed 's/.*) //' /proc/$1/stat 2>/dev/null) || return 1
    case $state in
        Z*|X*|'') return 1 ;;
        *) return 0 ;;
    esac
}

# kill9 ROUND: kills round ROUND's server with SIGKILL.
kill9() {
    local pid
    pid=$(cat r$1.pid)
    kill -9 "$pid"
    wait_until "! running $pid"
    forget_pid "$pid"
}

# check_drop: after a round that began on a damaged file, checks that its
# first write cut the damaged tail off, and said so.  (Not for rounds that
# compact: a compaction before the first write replaces the file instead.)
check_drop() {
    if [ -n "$expect_drop" ] && [ -s acks.$round ]; then
        grep -q "dropped [0-9]* bytes from offset $expect_drop" r$round.log \
            || fail "round $round: no word of the bytes dropped at offset" \
                    "$expect_drop: $(cat r$round.log)"
    fi
    expect_drop=
}

# end_client: waits for the client, which stops when the server is gone.
end_client() {
    wait $client || fail "round $round: the client failed"
    forget_pid $client
}

# verify ROUND: checks the file after round ROUND.
verify() {
    local round=$1 good=- ovs_query=-
    oswdb-tool query conf.db "$QUERY" > query.$round 2> query.$round.err \
        || fail "round $round: oswdb-tool query failed:" \
                "$(cat query.$round.err)"
    if [ -s query.$round.err ]; then
        # A bad tail: the reader must say where the good part ends.
        good=$(sed -n 's/.*: record at offset \([0-9]*\): .*/\1/p' \
                   query.$round.err)
        [ -n "$good" ] || fail "round $round: $(cat query.$round.err)"
        check_fails oswdb-tool show-log conf.db > /dev/null 2>&1
        head -c "$good" conf.db > good.db
    else
        oswdb-tool show-log conf.db > /dev/null \
            || fail "round $round: oswdb-tool show-log failed"
        cp conf.db good.db
    fi
    if have_ovs; then
        # Open vSwitch's reader refuses a bad tail: give it the good part.
        ovsdb-tool query good.db "$QUERY" > ovs-query.$round \
            || fail "round $round: ovsdb-tool cannot read the file"
        ovs_query=ovs-query.$round
    fi
    rm good.db
    $CLIENT check conf.db "$good" query.$round $ovs_query "$all_acks" \
        present.$((round - 1)) "${all_damage:--}" present.$round
}

for round in $(seq "$rounds"); do
    opts=()
    if [ $((RANDOM % 4)) = 0 ]; then
        opts+=(--sync)
        n_sync=$((n_sync + 1))
    fi
    start_round $round "${opts[@]}"

    # Compactions one after another, so that some kills hit one.
    compactor=
    if [ $((RANDOM % 3)) = 0 ]; then
        n_compacting=$((n_compacting + 1))
        spawn bash -c "while osw-appctl -t '$TESTDIR/r$round.ctl' \
            ovsdb-server/compact > /dev/null 2>&1; do sleep 0.03; done"
        compactor=$SPAWNED_PID
    fi

    sleep "$(printf '0.%03d' $((50 + RANDOM % 451)))"
    kill9 $round
    # A compaction that the kill interrupted leaves its temporary file
    # (which the next compaction replaces).
    if [ -e conf.db.tmp ] && [ "$(stat -c '%i %Y %s' conf.db.tmp)" != "$tmp" ]
    then
        tmp=$(stat -c '%i %Y %s' conf.db.tmp)
        n_interrupted=$((n_interrupted + 1))
    fi
    end_client
    if [ -n "$compactor" ]; then
        wait $compactor || :
        forget_pid $compactor
        expect_drop=
    else
        check_drop
    fi

    if [ $((RANDOM % 3)) = 0 ]; then
        status=0
        $CLIENT damage conf.db $((seed * 1000 + round)) damage.$round \
            || status=$?
        case $status in
            0)
                all_damage=$all_damage${all_damage:+,}damage.$round
                n_damaged=$((n_damaged + 1))
                if [ -e damage.$round.warn ]; then
                    expect_warning=$(cat damage.$round.warn)
                fi
                ;;
            3) ;;
            *) fail "round $round: damaging the file failed" ;;
        esac
    fi
    verify $round
done

# A last round, ended cleanly.
round=$((rounds + 1))
start_round $round
sleep 0.2
appctl r$round exit
wait_until "! running $server"
forget_pid $server
end_client
check_drop
verify $round
[ ! -s query.$round.err ] || fail "bad tail after a clean stop"
if have_ovs; then
    ovsdb-tool show-log conf.db > /dev/null \
        || fail "ovsdb-tool show-log cannot read the file"
fi

echo "$rounds crash rounds and a clean one in $((SECONDS - started)) s" \
     "($n_sync with --sync, $n_compacting compacting, of which" \
     "$n_interrupted killed in the middle of a compaction, $n_damaged" \
     "with damage): $(cat acks.* | wc -l) transactions acknowledged, each" \
     "verified after every later round;" \
     "$(wc -l < present.$round) transactions in the final database"
