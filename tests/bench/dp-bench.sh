#! /bin/bash
# dp-bench.sh: osw's userspace datapath against the Linux bridge and Open
# vSwitch's userspace datapath, on the same veth topology, in one run.
#
# Usage: dp-bench.sh --srcdir=DIR --builddir=DIR [--quick] [--only=TESTS]
#                    [--switches=LIST] [--duration=SECS] [--reps=N] [--keep]
#                    [--osw-config=KEY=VALUE[,KEY=VALUE]...]
#
#   --switches=LIST  comma- or space-separated, from: bridge (the Linux
#                    bridge), ovs-tso (Open vSwitch, datapath_type=netdev,
#                    userspace-tso-enable=true), ovs (the same without TSO),
#                    osw.  Default: all four.  Also: tc-redirect, not a
#                    switch but a ceiling (a tc BPF program that sends
#                    every frame to the other port; needs clang).
#   --only=TESTS     comma-separated, from: tcp, rr, ping, idle, pps,
#                    pps-flows, pps-macs, pps-stack.  Default: all.
#   --quick          one repetition of shorter runs (2 s instead of 5 s,
#                    500 pings instead of 2000), to check that it all works.
#   --duration=SECS  length of each throughput/transaction run (default 5).
#   --reps=N         repetitions (default 3, 1 with --quick); every figure
#                    is the median; the switches' order alternates.
#   --keep           keep the work directory (daemon logs, raw outputs).
#   --osw-config=K=V,...  other_config settings of osw's Open_vSwitch row,
#                    written before osw-vswitchd starts (for instance
#                    forwarding-busy-poll=true); osw's defaults otherwise.
#
# Each switch in turn gets a fresh topology: three network namespaces,
# "VM" A and B and the switch's own S, and two veth pairs A<->S and B<->S
# with default offloads; the switch joins the two S ends (as "system"
# ports for Open vSwitch and osw).  Every daemon runs inside S, so
# nothing (tap devices, bridge ports) touches the host's namespace.  Only
# one switch runs at a time.  See tests/bench/README.md.
#
# Exit status: 0 when the benchmark ran (whatever the figures), 77 when
# something it needs is missing (root, iperf3, ...), 1 on failure.

# Bash features below (arrays, $EPOCHREALTIME): re-run under bash if
# started by another shell.
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
switches="bridge ovs-tso ovs osw"
only="tcp rr ping idle pps pps-flows pps-macs pps-stack"
ALL_TESTS=$only

for arg in "$@"; do
    case $arg in
        --srcdir=*) srcdir=${arg#*=} ;;
        --builddir=*) builddir=${arg#*=} ;;
        --quick) quick=true ;;
        --keep) keep=true ;;
        --duration=*) duration=${arg#*=} ;;
        --reps=*) reps=${arg#*=} ;;
        --switches=*) switches=${arg#*=}; switches=${switches//,/ } ;;
        --only=*) only=${arg#*=}; only=${only//,/ } ;;
        --osw-config=*) OSW_OTHER_CONFIG=${arg#*=}
                        OSW_OTHER_CONFIG=${OSW_OTHER_CONFIG//,/ } ;;
        -h|--help)
            sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'
            exit 0 ;;
        *) echo "$0: unknown argument $arg (try --help)" >&2; exit 1 ;;
    esac
done
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${builddir:-$PWD}

for s in $switches; do
    case $s in
        bridge|ovs-tso|ovs|osw|tc-redirect) ;;
        *) echo "dp-bench: unknown switch $s" >&2; exit 1 ;;
    esac
done
for t in $only; do
    case " $ALL_TESTS " in
        *" $t "*) ;;
        *) echo "dp-bench: unknown test $t (known: $ALL_TESTS)" >&2
           exit 1 ;;
    esac
done

if $quick; then
    duration=${duration:-2} n_ping=500 reps=${reps:-1}
else
    duration=${duration:-5} n_ping=2000 reps=${reps:-3}
fi
case $reps in
    [1-9]|[1-9][0-9]) ;;
    *) echo "dp-bench: bad --reps=$reps" >&2; exit 1 ;;
esac
# Frames and transactions are counted after this warm-up (caches filled,
# MACs learned), while the sender keeps sending.
warmup=1

BENCH_NAME=dp-bench
BENCH_TAG=dpb
# shellcheck source=tests/bench/bench-lib.bash
. "$srcdir/tests/bench/bench-lib.bash"

[ "$(id -u)" = 0 ] || need "needs root (network namespaces)"
for p in ip iperf3 ping timeout python3; do
    command -v $p >/dev/null || need "needs $p"
done
[ -x "$PKTGEN" ] && [ -x "$RR" ] \
    || { echo "dp-bench: build $PKTGEN and $RR first" >&2; exit 1; }

bench_init

# Tests.  Each records its metrics for switch $1, "fail" when the switch
# did not carry the traffic.

# tcp: one iperf3 stream A -> B, default offloads.
test_tcp() {
    local sw=$1 out=$WORK/$n-$1.iperf3.json server_pid c0 c1 bytes
    spawn_in "$NS_B" iperf3 -s -1 -B $IP_B -p 5201 >/dev/null 2>&1
    server_pid=$bg_pid
    sleep 0.3
    c0=$(switch_cpu_ns)
    timeout $((duration + 15)) ip netns exec "$NS_A" \
        iperf3 -c $IP_B -p 5201 -t "$duration" -J --connect-timeout 3000 \
        >"$out" 2>&1
    c1=$(switch_cpu_ns)
    stop_spawned "$server_pid"
    python3 - "$out" <<'EOF' >"$out.kv"
import json, sys
err = ""
try:
    d = json.load(open(sys.argv[1]))
    err = d.get("error", "")
    end = d["end"]
    bps = end["sum_received"]["bits_per_second"]
    print("gbps %.2f" % (bps / 1e9))
    print("bytes %d" % end["sum_received"]["bytes"])
    print("retrans %d" % end["sum_sent"].get("retransmits", 0))
except Exception:
    print("gbps fail")
    print("retrans fail")
    print("error %s" % (err or "no result (killed after a timeout)"))
EOF
    if grep -q '^error' "$out.kv"; then
        note "$sw" "tcp: iperf3: $(sed -n 's/^error //p' "$out.kv")"
    fi
    record "$sw" tcp_gbps "$(awk '$1 == "gbps" { print $2 }' "$out.kv")"
    record "$sw" tcp_retrans "$(awk '$1 == "retrans" { print $2 }' \
                                    "$out.kv")"
    bytes=$(awk '$1 == "bytes" { print $2 }' "$out.kv")
    record "$sw" tcp_cpu_ms_gb "$(cpu_per 1e3 "$c0" "$c1" "${bytes:-0}")"
}

# rr: TCP 1-byte request/response, one in flight.
test_rr() {
    local sw=$1 out=$WORK/$n-$1.rr server_pid tps p99
    spawn_in "$NS_B" "$RR" server --port=5301 --bind=$IP_B
    server_pid=$bg_pid
    sleep 0.3
    timeout $((duration + 10)) ip netns exec "$NS_A" "$RR" client \
        --host=$IP_B --port=5301 --duration="$duration" >"$out" 2>&1
    stop_spawned "$server_pid"
    tps=$(awk '$1 == "tps" { print $2 }' "$out")
    if [ -z "$tps" ]; then
        note "$sw" "rr: $(grep -m1 oswbench-rr "$out" || echo 'no result')"
    fi
    p99=$(awk '$1 == "p99_us" { print $2 }' "$out")
    record "$sw" rr_tps "${tps:-fail}"
    record "$sw" rr_p99_us "${p99:-fail}"
}

# ping: N pings at 2 ms intervals; p50 and p99 of the round-trip times.
test_ping() {
    local sw=$1 out=$WORK/$n-$1.ping stats
    timeout $((n_ping / 100 + 20)) ip netns exec "$NS_A" \
        ping -c "$n_ping" -i 0.002 -W 1 $IP_B >"$out" 2>&1
    stats=$(sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' "$out" | sort -n \
            | awk -v want="$n_ping" '
                { v[NR] = $1 }
                END {
                    if (NR == 0) { print "fail fail 100"; exit }
                    p50 = v[int(NR * 0.50 + 0.999)]
                    p99 = v[int(NR * 0.99 + 0.999)]
                    printf "%.0f %.0f %.1f\n", p50 * 1000, p99 * 1000, \
                           100 * (want - NR) / want
                }')
    set -- $stats
    record "$sw" ping_p50_us "$1"
    record "$sw" ping_p99_us "$2"
    record "$sw" ping_loss_pct "$3"
}

# cpu_ticks PID: utime + stime of every thread of PID, in clock ticks.
cpu_ticks() {
    awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null
}

# idle: the switch process's CPU use over $duration s without traffic.
test_idle() {
    local sw=$1 t0 t1 c0 c1 hz
    if [ -z "$SWITCH_PID" ]; then
        record "$sw" idle_cpu_pct n/a
        return
    fi
    hz=$(getconf CLK_TCK)
    sleep 2                     # Let the last test's traffic drain.
    c0=$(cpu_ticks "$SWITCH_PID") t0=$(now)
    sleep "$duration"
    c1=$(cpu_ticks "$SWITCH_PID") t1=$(now)
    if [ -z "$c0" ] || [ -z "$c1" ]; then
        record "$sw" idle_cpu_pct fail
        return
    fi
    record "$sw" idle_cpu_pct "$(awk -v c=$((c1 - c0)) -v hz="$hz" \
        -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.2f", \
        100 * c / hz / (t1 - t0) }')"
}

test_pps() {
    test_pps_common "$1" pps
}

test_pps-flows() {
    test_pps_common "$1" pps_flows --flows=10000
}

test_pps-macs() {
    test_pps_common "$1" pps_macs --macs=10000
}

# 1 flow into B's own IP stack (see SINK_MAC), for reference.
test_pps-stack() {
    test_pps_common "$1" pps_stack
}

# run_switch N SWITCH: topology, switch, every test, teardown.
run_switch() {
    local n=$1 sw=$2 t
    log "$sw: $(switch_version "$sw")"
    make_topology "$n"
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
        if ! wait_ready 10; then
            note "$sw" "$t: A cannot ping B any more; skipped"
            continue
        fi
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

# ---------------------------------------------------------------------
# Main.

if [[ " $switches " == *" osw "* ]]; then
    if [ ! -x "$OSW_VSWITCHD" ] || [ ! -x "$OSW_SERVER" ] \
       || [ ! -x "$OSW_VSCTL" ]; then
        log "osw: $OSW_VSWITCHD, $OSW_SERVER or $OSW_VSCTL not built;" \
            "osw skipped"
        switches=${switches/osw/}
    fi
fi
if [[ " $switches " == *" tc-redirect "* ]] \
   && ! command -v clang >/dev/null; then
    log "tc-redirect: needs clang (package clang); skipped"
    switches=$(echo " $switches " | sed 's/ tc-redirect / /')
fi
if [[ " $switches " == *" ovs"* ]]; then
    for p in "$OVS_VSWITCHD" "$OVS_SERVER" "$OVS_TOOL" "$OVS_VSCTL"; do
        if [ ! -x "$p" ]; then
            log "Open vSwitch: $p missing (package openvswitch-switch);" \
                "ovs and ovs-tso skipped"
            switches=$(echo " $switches " | sed 's/ ovs-tso / /; s/ ovs / /')
            break
        fi
    done
fi

echo "dp-bench: switches: $switches; tests: $only; ${duration}s runs," \
     "$reps repetition(s); work dir $WORK"
echo "  machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
start=$SECONDS
n=0
for rep in $(seq "$reps"); do
    # A B C D, D C B A, ...: no switch always goes first.
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
echo "  load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------
# Report.

# Metric table: test|metric|unit|higher or lower is better|description.
METRICS="\
tcp|tcp_gbps|Gbit/s|higher|TCP, 1 stream, ${duration}s (iperf3)
tcp|tcp_retrans|segs|lower|TCP retransmissions in that run
tcp|tcp_cpu_ms_gb|ms/GB|lower|switch CPU time per GB received
rr|rr_tps|txn/s|higher|TCP 1-byte request/response
rr|rr_p99_us|us|lower|p99 transaction time
ping|ping_p50_us|us|lower|ping rtt p50 ($n_ping at 2 ms)
ping|ping_p99_us|us|lower|ping rtt p99
ping|ping_loss_pct|%|lower|ping loss
idle|idle_cpu_pct|%CPU|lower|switch process CPU, no traffic
pps|pps_mpps|Mpps|higher|64-byte frames forwarded, 1 flow
pps|pps_sent_mpps|Mpps|info|  offered by the sender
pps|pps_cpu_ns|ns/fr|lower|  switch CPU time per forwarded frame
pps-flows|pps_flows_mpps|Mpps|higher|forwarded, 10000 5-tuples
pps-flows|pps_flows_sent_mpps|Mpps|info|  offered by the sender
pps-flows|pps_flows_cpu_ns|ns/fr|lower|  switch CPU time per forwarded frame
pps-macs|pps_macs_mpps|Mpps|higher|forwarded, 10000 source MACs
pps-macs|pps_macs_sent_mpps|Mpps|info|  offered by the sender
pps-macs|pps_macs_cpu_ns|ns/fr|lower|  switch CPU time per forwarded frame
pps-stack|pps_stack_mpps|Mpps|higher|1 flow into VM B's IP stack
pps-stack|pps_stack_sent_mpps|Mpps|info|  offered by the sender
pps-stack|pps_stack_cpu_ns|ns/fr|lower|  switch CPU time per forwarded frame"

if [ -s "$NOTES" ]; then
    echo
    echo "notes:"
    sort -u "$NOTES" | sed 's/^/  /'
fi

# Medians over the repetitions; "fail" counts as a failed sample: a figure
# is a median of the numbers when at least half the samples are numbers,
# "fail" otherwise.
awk -v metrics="$METRICS" -v switches="$switches" -v only="$only" \
    -v elapsed="$elapsed" -v reps="$reps" "$BENCH_AWK_FUNCS"'
function col(name) {
    return name == "bridge" ? "Linux-br" : name == "ovs-tso" ? "OVS-TSO" : \
           name == "tc-redirect" ? "tc-redir" : \
           name == "ovs" ? "OVS-noTSO" : name
}
{ s[$1 SUBSEP $2] = s[$1 SUBSEP $2] " " $3 }
END {
    nsw = split(switches, sw, " ")
    nm = split(metrics, lines, "\n")
    has_osw = 0
    for (i = 1; i <= nsw; i++) {
        if (sw[i] == "osw" && s["osw" SUBSEP "ran"] != "") has_osw = 1
        for (j = 1; j <= nm; j++) {
            split(lines[j], f, "|")
            x = median(s[sw[i] SUBSEP f[2]])
            if (x == "" && s[sw[i] SUBSEP "ran"] == "") x = "fail"
            v[sw[i] SUBSEP f[2]] = x
        }
    }
    last = ""
    for (i = 1; i <= nm; i++) {
        split(lines[i], f, "|")
        if ((" " only " ") !~ (" " f[1] " ")) continue
        if (f[1] != last) {
            last = f[1]
            printf "\n== %s ==\n%-20s %-6s", f[1], "metric", "unit"
            for (j = 1; j <= nsw; j++) printf " %9s", col(sw[j])
            if (has_osw) {
                for (j = 1; j <= nsw; j++)
                    if (sw[j] != "osw") printf " %9s", "/" col(sw[j])
            }
            printf "  better\n"
        }
        printf "%-20s %-6s", f[2], f[3]
        for (j = 1; j <= nsw; j++) printf " %9s", fmt(v[sw[j] SUBSEP f[2]])
        if (has_osw) {
            for (j = 1; j <= nsw; j++)
                if (sw[j] != "osw")
                    printf " %9s", f[4] == "info" ? "" : \
                        ratio(v["osw" SUBSEP f[2]], v[sw[j] SUBSEP f[2]])
        }
        printf "  %-6s %s\n", f[4], f[5]
    }
    if (has_osw && nsw > 1)
        printf "\n/X columns: osw divided by X (above 1 is good for " \
               "\"higher\" metrics, below 1 for \"lower\" ones).\n"

    # Goals from the issue, against the better of the two OVS setups.
    printf "\n== summary: %s repetition(s), %d s ==\n", reps, elapsed
    if (!has_osw) printf "osw not measured, so no ratios; reference " \
                         "figures for the goals:\n"
    ngoal = split("tcp_gbps|ovs|2|TCP Gbit/s vs OVS (best of TSO/noTSO)|higher;" \
                  "tcp_gbps|bridge|0.6|TCP Gbit/s vs Linux bridge|higher;" \
                  "pps_mpps|ovs|2|Mpps, 1 flow, vs OVS|higher;" \
                  "pps_flows_mpps|ovs|2|Mpps, 10000 5-tuples, vs OVS|higher;" \
                  "pps_macs_mpps|ovs|3|Mpps, 10000 MACs, vs OVS|higher;" \
                  "rr_tps|ovs|2|TCP_RR txn/s vs OVS|higher;" \
                  "ping_p99_us|ovs|2|ping p99 us vs OVS (lower)|lower", \
                  goals, ";")
    for (g = 1; g <= ngoal; g++) {
        split(goals[g], f, "|")
        m = f[1]
        if (f[2] == "ovs") {
            a = v["ovs" SUBSEP m]; b = v["ovs-tso" SUBSEP m]
            if (!num(a)) ref = b
            else if (!num(b)) ref = a
            else if (f[5] == "higher") ref = (a + 0 > b + 0) ? a : b
            else ref = (a + 0 < b + 0) ? a : b
        } else {
            ref = v["bridge" SUBSEP m]
        }
        o = v["osw" SUBSEP m]
        if (!has_osw) {
            printf "  %-40s %s\n", f[4], fmt(ref)
            continue
        }
        if (!num(o) || !num(ref) || ref + 0 == 0) {
            printf "  %-40s osw %s, reference %s: no ratio\n", f[4], \
                   fmt(o), fmt(ref)
            continue
        }
        adv = f[5] == "higher" ? o / ref : (o + 0 > 0 ? ref / o : 0)
        printf "  %-40s osw %s, reference %s: %.2fx (goal %sx) %s\n", \
               f[4], fmt(o), fmt(ref), adv, f[3], \
               (adv >= f[3] ? "MET" : "not met")
    }
    # The ceiling: what the cheapest forwarding in the kernel reached, as a
    # multiple of the same references.
    wire = v["tc-redirect" SUBSEP "tcp_gbps"]
    if (num(wire)) {
        a = v["ovs" SUBSEP "tcp_gbps"]; b = v["ovs-tso" SUBSEP "tcp_gbps"]
        ref = !num(a) ? b : !num(b) ? a : (a + 0 > b + 0 ? a : b)
        if (num(ref) && ref + 0 > 0)
            printf "  %-40s %s Gbit/s = %.2fx OVS: the most a switch " \
                   "can reach here\n", "TCP through tc-redirect (a wire)", \
                   fmt(wire), wire / ref
    }
    if (has_osw && num(v["osw" SUBSEP "idle_cpu_pct"]))
        printf "  %-40s osw %s%% (goal: near zero) %s\n", \
               "idle switch CPU", v["osw" SUBSEP "idle_cpu_pct"], \
               (v["osw" SUBSEP "idle_cpu_pct"] < 1 ? "MET" : "not met")
}' "$RESULTS"
