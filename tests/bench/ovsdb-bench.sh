#! /bin/bash
# ovsdb-bench.sh: osw's oswdb-server against Open vSwitch's ovsdb-server,
# on this machine, in this run, with the same client (ovsdb-bench).
#
# Usage: ovsdb-bench.sh --srcdir=DIR --builddir=DIR [--reps=N] [--quick]
#                       [--servers="osw ovs"] [--ports=N] [--keep]
#
# Each server gets a fresh database (the Open_vSwitch schema from
# $srcdir/vswitchd/vswitch.ovsschema) in a temporary directory, listens on
# a unix socket there and runs with the same options (no --sync-from etc.;
# durable transactions ask for their own fsync).  The servers run one
# after the other, never at once, in the order A B B A A B ... so that
# drifts in machine state hit both alike; the server is pinned to CPU 1
# and the client to CPU 0 when there are two CPUs or more.  Every figure
# is the median of its samples.  See tests/bench/README.md.
#
# Exit status: 0 when the benchmark ran, 77 when Open vSwitch's
# ovsdb-server is not installed, 1 on failure.

set -u -o pipefail

srcdir=
builddir=
reps=5
quick=false
servers="osw ovs"
ports=10000
keep=false

for arg in "$@"; do
    case $arg in
        --srcdir=*) srcdir=${arg#*=} ;;
        --builddir=*) builddir=${arg#*=} ;;
        --reps=*) reps=${arg#*=} ;;
        --quick) quick=true ;;
        --servers=*) servers=${arg#*=} ;;
        --ports=*) ports=${arg#*=} ;;
        --keep) keep=true ;;
        -h|--help)
            sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
            exit 0 ;;
        *) echo "$0: unknown argument $arg (try --help)" >&2; exit 1 ;;
    esac
done
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${builddir:-$PWD}

OVS_SERVER=${OVS_SERVER:-/usr/sbin/ovsdb-server}
OVS_TOOL=${OVS_TOOL:-$(command -v ovsdb-tool || echo /usr/bin/ovsdb-tool)}
OSW_SERVER=$builddir/ovsdb/oswdb-server
OSW_TOOL=$builddir/ovsdb/oswdb-tool
BENCH=$builddir/tests/bench/ovsdb-bench
SCHEMA=$srcdir/vswitchd/vswitch.ovsschema

if [ ! -x "$OVS_SERVER" ] || [ ! -x "$OVS_TOOL" ]; then
    echo "ovsdb-bench: Open vSwitch's ovsdb-server is needed for the" \
         "comparison; install package openvswitch-common" >&2
    exit 77
fi
[ -x "$BENCH" ] || { echo "ovsdb-bench: $BENCH not built" >&2; exit 1; }
[ -r "$SCHEMA" ] || { echo "ovsdb-bench: no schema $SCHEMA" >&2; exit 1; }
case " $servers " in
    *" osw "*)
        if ! "$OSW_SERVER" --help >/dev/null 2>&1; then
            echo "ovsdb-bench: $OSW_SERVER does not run" \
                 "(--servers=ovs measures Open vSwitch alone)" >&2
            exit 1
        fi ;;
esac

# Each transaction measurement runs for 'duration' seconds (after a
# warm-up of a quarter of that) or 'n_txn' transactions, whichever ends
# first; "monitor" runs 'n_mon' times per repetition.
if $quick; then
    reps=1 duration=0.3 n_mon=1
else
    duration=1 n_mon=2
fi
txn_args="--count=1000000 --duration=$duration"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ovsdb-bench.XXXXXX") || exit 1
server_pid=

stop_server() {
    local pid=$server_pid
    [ -n "$pid" ] || return 0
    server_pid=
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
}

cleanup() {
    local status=$?
    stop_server
    if $keep || { [ $status -ne 0 ] && [ $status -ne 77 ]; }; then
        echo "ovsdb-bench: files kept in $WORK" >&2
    else
        rm -rf "$WORK"
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "ovsdb-bench: $*" >&2
    exit 1
}

# CPU pinning: the server on one CPU, the client on another, so that
# neither steals the other's time slices.
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    server_cpu="taskset -c 1"
    client_cpu="taskset -c 0"
else
    server_cpu='' client_cpu=''
fi

# start_server NAME: starts server NAME ("osw" or "ovs") on a fresh
# database in $WORK/NAME; sets $server_pid and $remote.
start_server() {
    local name=$1 dir=$WORK/$1 server
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$name" = osw ]; then
        server=$OSW_SERVER
        # Files are compatible; prefer osw's own tool when it works.
        if [ -x "$OSW_TOOL" ] \
           && "$OSW_TOOL" create "$dir/conf.db" "$SCHEMA" 2>/dev/null; then
            :
        else
            rm -f "$dir/conf.db"
            "$OVS_TOOL" create "$dir/conf.db" "$SCHEMA" \
                || fail "cannot create $dir/conf.db"
        fi
    else
        server=$OVS_SERVER
        "$OVS_TOOL" create "$dir/conf.db" "$SCHEMA" \
            || fail "cannot create $dir/conf.db"
    fi

    OSW_RUNDIR=$dir OSW_LOGDIR=$dir OSW_DBDIR=$dir \
    OVS_RUNDIR=$dir OVS_LOGDIR=$dir OVS_DBDIR=$dir \
        $server_cpu "$server" "$dir/conf.db" --remote="punix:$dir/db.sock" \
        --pidfile="$dir/server.pid" --unixctl="$dir/server.ctl" \
        --log-file="$dir/server.log" --detach >/dev/null 2>"$dir/stderr" \
        || { cat "$dir/stderr" "$dir/server.log" >&2 2>/dev/null;
             fail "$server did not start"; }
    server_pid=$(cat "$dir/server.pid") || fail "no pidfile from $server"
    remote=unix:$dir/db.sock
    for _ in $(seq 50); do
        [ -S "$dir/db.sock" ] && return 0
        sleep 0.1
    done
    fail "$server did not create $dir/db.sock"
}

# proc_status FIELD: a field of the server's /proc status, in kB.
proc_status() {
    awk -v f="$1:" '$1 == f { print $2 }' "/proc/$server_pid/status"
}

record() {
    echo "$1 $2 $3" >>"$WORK/samples"
}

# server_cpu_ns: CPU time the server has used so far, in nanoseconds
# (the sum over its threads of the first field of schedstat).
server_cpu_ns() {
    local f v total=0
    for f in /proc/"$server_pid"/task/*/schedstat; do
        read -r v _ <"$f" 2>/dev/null && total=$((total + v))
    done
    echo $total
}

# settle: waits (at most 3 s) until the server has been idle for 100 ms,
# so that work a measurement leaves behind (freeing what a departed
# client held, say) is charged to it and does not slow down the next one.
settle() {
    local a b
    a=$(server_cpu_ns)
    for _ in $(seq 30); do
        sleep 0.1
        b=$(server_cpu_ns)
        [ $((b - a)) -lt 2000000 ] && return 0
        a=$b
    done
}

# bench NAME METRIC KEY ARGS...: runs ovsdb-bench ARGS, takes the value of
# output line KEY and records it as a sample of METRIC for server NAME.
# Also records the server's CPU time as METRIC.cpu, until the server is
# idle again: per transaction (us) for "txn", in all (ms) otherwise.  CPU
# time barely depends on what else the machine is doing, unlike
# throughput and latency.
bench() {
    local name=$1 metric=$2 key=$3 out value cpu0 cpu1 n
    shift 3
    settle
    cpu0=$(server_cpu_ns)
    out=$($client_cpu "$BENCH" "$@") \
        || fail "$name: ovsdb-bench $* failed"
    settle
    cpu1=$(server_cpu_ns)
    value=$(awk -v k="$key" '$1 == k { print $2 }' <<<"$out")
    [ -n "$value" ] || fail "$name: no $key from ovsdb-bench $*"
    record "$name" "$metric" "$value"

    n=$(awk '$1 == "txn_total_count" { print $2 }' <<<"$out")
    record "$name" "$metric.cpu" "$(awk -v d=$((cpu1 - cpu0)) -v n="$n" \
        'BEGIN { printf "%.3f", n ? d / 1e3 / n : d / 1e6 }')"
}

# run_once NAME: one repetition of every measurement on server NAME.
run_once() {
    local name=$1
    start_server "$name"
    "$BENCH" init "$remote" || fail "$name: init failed"

    bench "$name" txn_seq txn_per_sec txn "$remote" $txn_args
    bench "$name" txn_pipe64 txn_per_sec txn "$remote" $txn_args \
        --inflight=64
    bench "$name" txn_conn64 txn_per_sec txn "$remote" $txn_args \
        --clients=64
    bench "$name" txn_seq_durable txn_per_sec txn "$remote" \
        $txn_args --durable
    bench "$name" txn_pipe64_durable txn_per_sec txn "$remote" \
        $txn_args --inflight=64 --durable
    bench "$name" txn_conn64_durable txn_per_sec txn "$remote" \
        $txn_args --clients=64 --durable
    bench "$name" txn_mutate_seq txn_per_sec txn "$remote" \
        $txn_args --op=mutate

    bench "$name" load_ms load_ms load "$remote" --ports=$ports
    record "$name" rss_after_load_kb "$(proc_status VmRSS)"

    bench "$name" txn_seq_big txn_per_sec txn "$remote" $txn_args
    for _ in $(seq $n_mon); do
        bench "$name" monitor_cond_ms monitor_ms monitor "$remote" \
            --method=monitor_cond
        bench "$name" monitor_ms monitor_ms monitor "$remote" \
            --method=monitor
    done
    record "$name" peak_rss_kb "$(proc_status VmHWM)"
    stop_server
}

# Metric table: name, unit, "higher" or "lower" is better, description.
METRICS="\
txn_seq|txn/s|higher|1 client, 1 in flight
txn_pipe64|txn/s|higher|1 client, 64 in flight
txn_conn64|txn/s|higher|64 clients, 1 in flight each
txn_seq_durable|txn/s|higher|durable, 1 client, 1 in flight
txn_pipe64_durable|txn/s|higher|durable, 1 client, 64 in flight
txn_conn64_durable|txn/s|higher|durable, 64 clients, 1 in flight
txn_mutate_seq|txn/s|higher|next_cfg += 1, 1 in flight
load_ms|ms|lower|1 txn: bridge with $ports ports+ifaces
rss_after_load_kb|kB|lower|server VmRSS after the load
txn_seq_big|txn/s|higher|1 in flight, db with $ports ports
monitor_cond_ms|ms|lower|monitor_cond, all of the db
monitor_ms|ms|lower|monitor (RFC 7047), all of the db
peak_rss_kb|kB|lower|server VmHWM at the end"

echo "ovsdb-bench: $reps repetition(s), $ports ports; work dir $WORK"
echo "  machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  osw: $OSW_SERVER"
echo "  ovs: $OVS_SERVER ($("$OVS_SERVER" --version | head -1))"
start=$(date +%s)
: >"$WORK/samples"
for rep in $(seq "$reps"); do
    # A B, B A, A B, ...: neither server always goes first.
    order=$servers
    if [ $((rep % 2)) -eq 0 ]; then
        order=$(echo $servers \
                | awk '{ for (i = NF; i > 0; i--) printf "%s ", $i }')
    fi
    for name in $order; do
        echo "  repetition $rep/$reps: $name" >&2
        run_once "$name"
    done
done
elapsed=$(( $(date +%s) - start ))
echo "  load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" \
     "(figures from a busy machine are noisy)"

# The table: medians, osw/ovs ratios, and which way is better.
awk -v metrics="$METRICS" -v servers="$servers" -v elapsed="$elapsed" '
function median(list,    n, v, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) {
        for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
            t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
        }
    }
    if (n == 0) return ""
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function fmt(x) {
    if (x == "") return "-"
    return x >= 100 ? sprintf("%.0f", x) : sprintf("%.1f", x)
}
{ samples[$1 SUBSEP $2] = samples[$1 SUBSEP $2] " " $3 }
END {
    n = split(metrics, lines, "\n")
    printf "\n%-20s %-6s %12s %12s %8s  %-7s %s\n", "metric", "unit", \
           "osw", "ovsdb-server", "osw/ovs", "better", "what"
    better = worse = 0; logsum = 0; nlog = 0
    for (i = 1; i <= n; i++) {
        split(lines[i], f, "|")
        a = median(samples["osw" SUBSEP f[1]])
        b = median(samples["ovs" SUBSEP f[1]])
        ratio = (a != "" && b != "" && b > 0) ? a / b : ""
        verdict = ""
        if (ratio != "") {
            # "advantage" > 1 means osw is better, whichever way is up.
            adv = f[3] == "higher" ? ratio : (ratio > 0 ? 1 / ratio : 0)
            if (adv > 0) { logsum += log(adv); nlog++ }
            if (adv >= 1.05) { better++; verdict = "osw better" }
            else if (adv <= 0.95) { worse++; verdict = "osw WORSE" }
            else verdict = "even"
        }
        printf "%-20s %-6s %12s %12s %8s  %-7s %s%s\n", f[1], f[2], \
               fmt(a), fmt(b), ratio == "" ? "-" : sprintf("%.2f", ratio), \
               f[3], f[4], verdict == "" ? "" : "  [" verdict "]"
    }
    printf "\nratio = osw / ovsdb-server: above 1 is good for \"higher\" " \
           "metrics, below 1 for \"lower\" ones.\n"

    printf "\nServer CPU time (lower is better; steadier than the " \
           "figures above on a busy machine):\n"
    printf "%-20s %-6s %12s %12s %8s\n", "metric", "unit", "osw", \
           "ovsdb-server", "osw/ovs"
    for (i = 1; i <= n; i++) {
        split(lines[i], f, "|")
        a = median(samples["osw" SUBSEP f[1] ".cpu"])
        b = median(samples["ovs" SUBSEP f[1] ".cpu"])
        if (a == "" && b == "") continue
        printf "%-20s %-6s %12s %12s %8s\n", f[1], \
               f[2] == "txn/s" ? "us/txn" : "ms", fmt(a), fmt(b), \
               (a != "" && b > 0) ? sprintf("%.2f", a / b) : "-"
    }
    if (nlog) {
        printf "summary: osw better on %d, worse on %d, within 5%% on %d " \
               "of %d metrics; geometric mean advantage %.2fx " \
               "(>1: osw ahead); %d s\n", better, worse, \
               nlog - better - worse, nlog, exp(logsum / nlog), elapsed
    } else {
        printf "summary: one server only, no ratios; %d s\n", elapsed
    }
}' "$WORK/samples"
