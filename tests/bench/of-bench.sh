#! /bin/bash
# of-bench.sh: osw's OpenFlow side against Open vSwitch's userspace
# datapath, on the same veth topology, in one run.
#
# Usage: of-bench.sh --srcdir=DIR --builddir=DIR [--quick] [--only=TESTS]
#                    [--switches=LIST] [--duration=SECS] [--reps=N]
#                    [--flows=N] [--keep]
#
#   --switches=LIST  from: ovs (Open vSwitch, datapath_type=netdev), osw.
#                    Default: both.
#   --only=TESTS     comma-separated, from:
#                      add-flows     install N flows with "ofctl add-flows
#                                    FILE" (each switch's own ofctl) and
#                                    time it to the last barrier reply
#                      ctrl-install  the same N flows as flow_mods from a
#                                    controller (oswbench-ofctrl install)
#                      pps-10k       64-byte frames through a table of
#                                    10,000 wildcard rules; the traffic's
#                                    10,000 5-tuples hit 10,000 of them
#                      pps-100k      the same with 100,000 rules
#                      pin-loop      packet-in -> flow_mod + packet-out
#                                    with a controller (oswbench-ofctrl
#                                    loop), cbench-style: responses/s
#                    Default: all.
#   --flows=N        flows for add-flows and ctrl-install (default 100000)
#   --quick          one repetition of shorter runs.
#   --duration=SECS  length of each pps/pin-loop run (default 5).
#   --reps=N         repetitions (default 3, 1 with --quick); figures are
#                    medians; the switches' order alternates.
#   --keep           keep the work directory (daemon logs, raw outputs).
#
# The topology and the switch start-up are dp-bench.sh's (bench-lib.bash):
# namespaces A, B and S, veth pairs A<->S and B<->S joined by the switch
# in S, ports 1 (to A) and 2 (to B).  The flows:
#   rules "priority=100,udp,tp_src=P,actions=output:2" for P from 1024 on
#   (at most 64,000 of them), then, for bigger tables,
#   "priority=200,udp,nw_dst=10.9.X.Y,actions=drop" (a second subtable,
#   higher priority, never hit, which every lookup must still rule out);
#   the add-flows and ctrl-install tests use the same rules.
#
# Exit status: 0 when the benchmark ran, 77 when something it needs is
# missing, 1 on failure.

if [ -z "${BASH_VERSION:-}" ]; then
    exec bash "$0" "$@"
fi

set -u -o pipefail

srcdir=
builddir=
quick=false
keep=false
duration=
reps=
n_flows=100000
switches="ovs osw"
only="add-flows ctrl-install pps-10k pps-100k pin-loop"
ALL_TESTS=$only

for arg in "$@"; do
    case $arg in
        --srcdir=*) srcdir=${arg#*=} ;;
        --builddir=*) builddir=${arg#*=} ;;
        --quick) quick=true ;;
        --keep) keep=true ;;
        --duration=*) duration=${arg#*=} ;;
        --reps=*) reps=${arg#*=} ;;
        --flows=*) n_flows=${arg#*=} ;;
        --switches=*) switches=${arg#*=}; switches=${switches//,/ } ;;
        --only=*) only=${arg#*=}; only=${only//,/ } ;;
        -h|--help)
            sed -n '2,40p' "$0" | sed 's/^# \{0,1\}//'
            exit 0 ;;
        *) echo "$0: unknown argument $arg (try --help)" >&2; exit 1 ;;
    esac
done
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${builddir:-$PWD}

for s in $switches; do
    case $s in
        ovs|osw) ;;
        *) echo "of-bench: unknown switch $s" >&2; exit 1 ;;
    esac
done
for t in $only; do
    case " $ALL_TESTS " in
        *" $t "*) ;;
        *) echo "of-bench: unknown test $t (known: $ALL_TESTS)" >&2
           exit 1 ;;
    esac
done
case $n_flows in
    [1-9]*) ;;
    *) echo "of-bench: bad --flows=$n_flows" >&2; exit 1 ;;
esac

if $quick; then
    duration=${duration:-2} reps=${reps:-1}
else
    duration=${duration:-5} reps=${reps:-3}
fi
warmup=1

BENCH_NAME=of-bench
BENCH_TAG=ofb
# shellcheck source=tests/bench/bench-lib.bash
. "$srcdir/tests/bench/bench-lib.bash"

OFCTRL=$builddir/tests/bench/oswbench-ofctrl
OSW_OFCTL=$builddir/utilities/osw-ofctl
OVS_OFCTL=${OVS_OFCTL:-$(command -v ovs-ofctl || echo /usr/bin/ovs-ofctl)}

[ "$(id -u)" = 0 ] || need "needs root (network namespaces)"
for p in ip ping timeout python3; do
    command -v $p >/dev/null || need "needs $p"
done
[ -x "$PKTGEN" ] && [ -x "$OFCTRL" ] \
    || { echo "of-bench: build $PKTGEN and $OFCTRL first" >&2; exit 1; }

bench_init

# flows_file N: the rules described above, one per line.
flows_file() {
    local n=$1 f=$WORK/flows-$1.txt
    [ -s "$f" ] || python3 - "$n" >"$f" <<'EOF'
import sys
n = int(sys.argv[1])
out = []
for i in range(n):
    if i < 64000:
        out.append("priority=100,udp,tp_src=%d,actions=output:2" % (1024 + i))
    else:
        j = i - 64000
        out.append("priority=200,udp,nw_dst=10.9.%d.%d,actions=drop"
                   % (j // 256 % 256, j % 256))
print("\n".join(out))
EOF
    echo "$f"
}

# The switch's OpenFlow tool and management target.
ofctl() {
    if [ "$CUR_KIND" = osw ]; then
        timeout 600 "$OSW_OFCTL" "$1" "unix:$SWITCH_DIR/$BR.mgmt" "${@:2}"
    else
        timeout 600 "$OVS_OFCTL" "$1" "unix:$SWITCH_DIR/$BR.mgmt" "${@:2}"
    fi
}

# flow_count: the number of flows in the switch's tables.
flow_count() {
    ofctl dump-aggregate 2>/dev/null | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p'
}

# reset_flows: back to the single "priority=0 actions=NORMAL".
reset_flows() {
    ofctl del-flows >/dev/null 2>&1
    ofctl add-flow "priority=0,actions=NORMAL" >/dev/null 2>&1
}

test_add-flows() {
    local sw=$1 f t0 t1 count
    f=$(flows_file "$n_flows")
    reset_flows
    t0=$(now)
    if ! ofctl add-flows "$f" >"$WORK/$n-$sw.add-flows" 2>&1; then
        note "$sw" "add-flows: $(head -1 "$WORK/$n-$sw.add-flows")"
        record "$sw" addflows_per_s fail
        reset_flows
        return
    fi
    t1=$(now)
    count=$(flow_count)
    if [ "${count:-0}" -lt "$n_flows" ]; then
        note "$sw" "add-flows: only ${count:-no} flows in the table"
        record "$sw" addflows_per_s fail
    else
        record "$sw" addflows_per_s "$(awk -v n="$n_flows" -v t0="$t0" \
            -v t1="$t1" 'BEGIN { printf "%.0f", n / (t1 - t0) }')"
    fi
    reset_flows
}

# with_controller JOB OUT [OPTIONS]: runs oswbench-ofctrl JOB in S with
# the bridge connected to it, until it ends.
with_controller() {
    local job=$1 out=$2 pid port=6699
    shift 2
    spawn_in "$NS_S" "$OFCTRL" --port=$port "$@" "$job" >"$out" 2>&1
    pid=$bg_pid
    for _ in $(seq 50); do
        grep -q '^listening' "$out" && break
        sleep 0.1
    done
    $VSCTL set-controller "$BR" tcp:127.0.0.1:$port >/dev/null 2>&1
    CTRL_PID=$pid
}

end_controller() {
    for _ in $(seq 1200); do
        kill -0 "$CTRL_PID" 2>/dev/null || break
        sleep 0.1
    done
    stop_spawned "$CTRL_PID"
    $VSCTL del-controller "$BR" >/dev/null 2>&1
    sleep 0.5
    reset_flows
}

test_ctrl-install() {
    local sw=$1 out=$WORK/$n-$1.ctrl-install v
    with_controller install "$out" --flows="$n_flows"
    end_controller
    v=$(awk '$1 == "flows_per_s" { print $2 }' "$out")
    [ -n "$v" ] || note "$sw" "ctrl-install: $(tail -1 "$out")"
    record "$sw" ctrl_flows_per_s "${v:-fail}"
}

pps_through_rules() {
    local sw=$1 n_rules=$2 metric=$3 f count
    f=$(flows_file "$n_rules")
    ofctl del-flows >/dev/null 2>&1
    ofctl add-flows "$f" >/dev/null 2>&1
    count=$(flow_count)
    if [ "${count:-0}" -lt "$n_rules" ]; then
        note "$sw" "$metric: only ${count:-no} rules installed"
        record "$sw" "${metric}_mpps" fail
    else
        test_pps_common "$sw" "$metric" --flows=10000
    fi
    reset_flows
}

test_pps-10k() {
    pps_through_rules "$1" 10000 pps10k
}

test_pps-100k() {
    pps_through_rules "$1" 100000 pps100k
}

test_pin-loop() {
    local sw=$1 out=$WORK/$n-$1.pin-loop gen v
    with_controller loop "$out" --duration="$duration"
    # Fresh 5-tuples all along: every frame of a new one is a miss.
    ip netns exec "$NS_A" "$PKTGEN" --dst-mac="$MAC_B" --src-ip=$IP_A \
        --dst-ip=$IP_B --flows=60000 --duration=$((duration + 3)) \
        "$IF_A" >"$out.gen" 2>&1 &
    gen=$!
    my_pids+=("$gen")
    end_controller
    stop_spawned "$gen"
    v=$(awk '$1 == "responses_per_s" { print $2 }' "$out")
    [ -n "$v" ] || note "$sw" "pin-loop: $(tail -1 "$out")"
    record "$sw" pin_loop_per_s "${v:-fail}"
}

run_switch() {
    local n=$1 sw=$2 t
    log "$sw: $(switch_version "$sw")"
    make_topology "$n"
    CUR_KIND=$sw
    if ! start_switch "$sw" "$n"; then
        note "$sw" "did not start; its figures are marked failed"
        stop_switch
        destroy_topology
        return
    fi
    if ! wait_ready 20; then
        note "$sw" "A cannot ping B after 20 s; figures marked failed"
        stop_switch
        destroy_topology
        return
    fi
    record "$sw" ran 1
    for t in $ALL_TESTS; do
        case " $only " in *" $t "*) ;; *) continue ;; esac
        log "$sw: $t"
        "test_$t" "$sw"
    done
    if [ -n "$SWITCH_PID" ] && ! kill -0 "$SWITCH_PID" 2>/dev/null; then
        note "$sw" "the switch daemon died during the run!"
    fi
    diagnostics
    stop_switch
    destroy_topology
}

if [[ " $switches " == *" osw "* ]]; then
    for p in "$OSW_VSWITCHD" "$OSW_SERVER" "$OSW_VSCTL" "$OSW_OFCTL"; do
        if [ ! -x "$p" ]; then
            log "osw: $p not built; osw skipped"
            switches=${switches/osw/}
            break
        fi
    done
fi
if [[ " $switches " == *" ovs "* ]]; then
    for p in "$OVS_VSWITCHD" "$OVS_SERVER" "$OVS_TOOL" "$OVS_VSCTL" \
             "$OVS_OFCTL"; do
        if [ ! -x "$p" ]; then
            log "Open vSwitch: $p missing (openvswitch-switch); ovs skipped"
            switches=${switches/ovs/}
            break
        fi
    done
fi

echo "of-bench: switches: $switches; tests: $only; $n_flows flows," \
     "${duration}s runs, $reps repetition(s); work dir $WORK"
echo "  machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
start=$SECONDS
n=0
for rep in $(seq "$reps"); do
    order=$switches
    if [ $((rep % 2)) -eq 0 ]; then
        order=$(echo $switches \
                | awk '{ for (i = NF; i > 0; i--) printf "%s ", $i }')
    fi
    for sw in $order; do
        n=$((n + 1))
        log "repetition $rep/$reps"
        run_switch $n "$sw"
    done
done
elapsed=$((SECONDS - start))

METRICS="\
add-flows|addflows_per_s|flows/s|higher|$n_flows flows by ofctl add-flows
ctrl-install|ctrl_flows_per_s|flows/s|higher|$n_flows flow_mods from a controller
pps-10k|pps10k_mpps|Mpps|higher|64-byte frames, 10000 wildcard rules
pps-10k|pps10k_cpu_ns|ns/fr|lower|  switch CPU time per forwarded frame
pps-100k|pps100k_mpps|Mpps|higher|64-byte frames, 100000 wildcard rules
pps-100k|pps100k_cpu_ns|ns/fr|lower|  switch CPU time per forwarded frame
pin-loop|pin_loop_per_s|resp/s|higher|packet-in -> flow_mod+packet-out"

if [ -s "$NOTES" ]; then
    echo
    echo "notes:"
    sort -u "$NOTES" | sed 's/^/  /'
fi

awk -v metrics="$METRICS" -v switches="$switches" -v only="$only" \
    -v elapsed="$elapsed" -v reps="$reps" "$BENCH_AWK_FUNCS"'
{ s[$1 SUBSEP $2] = s[$1 SUBSEP $2] " " $3 }
END {
    nm = split(metrics, lines, "\n")
    printf "\n%-18s %-7s %10s %10s %8s  better\n", "metric", "unit", \
           "osw", "OVS", "osw/OVS"
    for (i = 1; i <= nm; i++) {
        split(lines[i], f, "|")
        if ((" " only " ") !~ (" " f[1] " ")) continue
        o = median(s["osw" SUBSEP f[2]])
        r = median(s["ovs" SUBSEP f[2]])
        printf "%-18s %-7s %10s %10s %8s  %-6s %s\n", f[2], f[3], fmt(o), \
               fmt(r), ratio(o, r), f[4], f[5]
    }
    printf "\n== summary: %s repetition(s), %d s; goal: osw ahead of " \
           "Open vSwitch on each (osw/OVS above 1, below 1 for ns/fr) ==\n", \
           reps, elapsed
}' "$RESULTS"
