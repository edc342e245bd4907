#! /bin/bash
# dp-bench.sh: osw's userspace datapath against the Linux bridge and Open
# vSwitch's userspace datapath, on the same veth topology, in one run.
#
# Usage: dp-bench.sh --srcdir=DIR --builddir=DIR [--quick] [--only=TESTS]
#                    [--switches=LIST] [--duration=SECS] [--reps=N] [--keep]
#
#   --switches=LIST  comma- or space-separated, from: bridge (the Linux
#                    bridge), ovs-tso (Open vSwitch, datapath_type=netdev,
#                    userspace-tso-enable=true), ovs (the same without TSO),
#                    osw.  Default: all four.
#   --only=TESTS     comma-separated, from: tcp, rr, ping, idle, pps,
#                    pps-flows, pps-macs, pps-stack.  Default: all.
#   --quick          one repetition of shorter runs (2 s instead of 5 s,
#                    500 pings instead of 2000), to check that it all works.
#   --duration=SECS  length of each throughput/transaction run (default 5).
#   --reps=N         repetitions (default 3, 1 with --quick); every figure
#                    is the median; the switches' order alternates.
#   --keep           keep the work directory (daemon logs, raw outputs).
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
        -h|--help)
            sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'
            exit 0 ;;
        *) echo "$0: unknown argument $arg (try --help)" >&2; exit 1 ;;
    esac
done
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${builddir:-$PWD}

for s in $switches; do
    case $s in
        bridge|ovs-tso|ovs|osw) ;;
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

PKTGEN=$builddir/tests/bench/oswbench-pktgen
RR=$builddir/tests/bench/oswbench-rr
OSW_VSWITCHD=$builddir/vswitchd/osw-vswitchd
OSW_SERVER=$builddir/ovsdb/oswdb-server
OSW_TOOL=$builddir/ovsdb/oswdb-tool
OSW_VSCTL=$builddir/utilities/osw-vsctl
OSW_APPCTL=$builddir/utilities/osw-appctl
OSW_SCHEMA=$srcdir/vswitchd/vswitch.ovsschema
OVS_VSWITCHD=${OVS_VSWITCHD:-/usr/sbin/ovs-vswitchd}
OVS_SERVER=${OVS_SERVER:-/usr/sbin/ovsdb-server}
OVS_TOOL=${OVS_TOOL:-$(command -v ovsdb-tool || echo /usr/bin/ovsdb-tool)}
OVS_VSCTL=${OVS_VSCTL:-$(command -v ovs-vsctl || echo /usr/bin/ovs-vsctl)}
OVS_APPCTL=${OVS_APPCTL:-$(command -v ovs-appctl || echo /usr/bin/ovs-appctl)}
OVS_SCHEMA=${OVS_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}

need() {
    echo "dp-bench: $*" >&2
    exit 77
}
[ "$(id -u)" = 0 ] || need "needs root (network namespaces)"
for p in ip iperf3 ping timeout python3; do
    command -v $p >/dev/null || need "needs $p"
done
[ -x "$PKTGEN" ] && [ -x "$RR" ] \
    || { echo "dp-bench: build $PKTGEN and $RR first" >&2; exit 1; }

# Names: every namespace starts with "dpb<PID>-", so runs never collide.
# Interfaces live in those namespaces only (created there directly).
TAG=dpb$$
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dp-bench.XXXXXX") || exit 1
RESULTS=$WORK/results
NOTES=$WORK/notes
: >"$RESULTS"
: >"$NOTES"

my_pids=()                      # Every process we started, by PID.
my_netns=()                     # Every namespace we created.

# Kills 'pid' (one we started): TERM, then KILL after 5 s.
stop_pid() {
    local pid=$1 state
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do
        state=$(awk '{ sub(/.*\) /, ""); print $1 }' \
                    "/proc/$pid/stat" 2>/dev/null) || return 0
        [ -z "$state" ] || [ "$state" = Z ] && return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
}

stop_all_pids() {
    local pid
    for pid in "${my_pids[@]}"; do
        stop_pid "$pid"
    done
    my_pids=()
}

delete_all_netns() {
    local ns
    for ns in "${my_netns[@]}"; do
        ip netns del "$ns" 2>/dev/null
    done
    my_netns=()
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_all_pids
    delete_all_netns
    if $keep; then
        echo "dp-bench: files kept in $WORK" >&2
    else
        rm -rf "$WORK"
        if [ $status -ne 0 ] && [ $status -ne 77 ]; then
            echo "dp-bench: rerun with --keep to keep the logs" >&2
        fi
    fi
    exit $status
}
trap cleanup EXIT
trap 'echo "dp-bench: interrupted" >&2; exit 130' INT TERM

fail() {
    echo "dp-bench: $*" >&2
    exit 1
}

log() {
    echo "  $*" >&2
}

# record SWITCH METRIC VALUE: VALUE is a number or "fail".
record() {
    echo "$1 $2 ${3:-fail}" >>"$RESULTS"
}

# note SWITCH TEXT: a line for the report (why a figure is missing).
note() {
    local sw=$1
    shift
    log "$sw: $*"
    echo "$sw: $*" >>"$NOTES"
}

# Background process started in namespace $1 (ip netns exec execs the
# command, so $! is the process itself); its PID goes to $bg_pid.
spawn_in() {
    local ns=$1
    shift
    ip netns exec "$ns" "$@" &
    bg_pid=$!
    my_pids+=("$bg_pid")
}

# Stops a process started by spawn_in and forgets it.
stop_spawned() {
    local pid=$1 i
    stop_pid "$pid"
    wait "$pid" 2>/dev/null
    for i in "${!my_pids[@]}"; do
        [ "${my_pids[i]}" = "$pid" ] && unset 'my_pids[i]'
    done
    my_pids=("${my_pids[@]}")
}

# ---------------------------------------------------------------------
# Topology.

IP_A=10.0.0.1
IP_B=10.0.0.2
IF_A=dpb-a                      # In namespace A: VM A's NIC.
IF_B=dpb-b                      # In namespace B: VM B's NIC.
SW_A=dpb-sa                     # In namespace S: the switch's port to A.
SW_B=dpb-sb                     # In namespace S: the switch's port to B.
BR=dpb-br                       # The bridge, in S.

# make_topology N: namespaces $NS_A, $NS_B, $NS_S for round N, veth pairs
# with default offloads, addresses, IPv6 off (no router solicitations or
# MLD reports mixed into the measurements), and an idle process in S whose
# /proc/PID/net/dev gives S's counters without a fork per read.
make_topology() {
    local n=$1 ns
    NS_A=$TAG-$n-a NS_B=$TAG-$n-b NS_S=$TAG-$n-s
    for ns in "$NS_A" "$NS_B" "$NS_S"; do
        ip netns add "$ns" || fail "cannot create namespace $ns"
        my_netns+=("$ns")
        ip netns exec "$ns" sh -c '
            echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6
            echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6' \
            2>/dev/null
        ip -n "$ns" link set lo up
    done
    ip link add "$IF_A" netns "$NS_A" type veth \
        peer name "$SW_A" netns "$NS_S" || fail "cannot create veth"
    ip link add "$IF_B" netns "$NS_B" type veth \
        peer name "$SW_B" netns "$NS_S" || fail "cannot create veth"
    ip -n "$NS_A" addr add $IP_A/24 dev "$IF_A"
    ip -n "$NS_B" addr add $IP_B/24 dev "$IF_B"
    ip -n "$NS_A" link set "$IF_A" up
    ip -n "$NS_B" link set "$IF_B" up
    ip -n "$NS_S" link set "$SW_A" up
    ip -n "$NS_S" link set "$SW_B" up
    MAC_B=$(ip netns exec "$NS_B" cat "/sys/class/net/$IF_B/address")
    spawn_in "$NS_S" sleep 100000
    ANCHOR_S=$bg_pid
}

destroy_topology() {
    stop_spawned "$ANCHOR_S"
    delete_all_netns
}

# ping_ok: true when A reaches B and back (one ping, 1 s timeout).
ping_ok() {
    ip netns exec "$NS_A" ping -c 1 -W 1 -q $IP_B >/dev/null 2>&1
}

# wait_ready [SECS]: waits until ping works, at most SECS (default 15).
wait_ready() {
    local limit=${1:-15} start=$SECONDS
    while ! ping_ok; do
        [ $((SECONDS - start)) -ge "$limit" ] && return 1
        sleep 0.2
    done
}

# S_counter IFACE FIELD: a counter from S's /proc/net/dev, read without
# forking: FIELD 2 is rx_packets, 10 tx_packets.
s_counter() {
    local ifname=$1 field=$2 line name
    local -a f
    while read -r line; do
        name=${line%%:*}
        if [ "$name" = "$ifname" ]; then
            read -r -a f <<<"${line#*:}"
            echo "${f[field - 1]}"
            return 0
        fi
    done <"/proc/$ANCHOR_S/net/dev"
    echo 0
}

# ---------------------------------------------------------------------
# Switches.  start_SWITCH sets $SWITCH_PID (the forwarding process, empty
# for the Linux bridge) and returns non-zero if the switch did not start.

SWITCH_PID=
DB_PID=

# daemon_pid PIDFILE: sets $daemon to the PID in PIDFILE, remembered for
# cleanup.
daemon_pid() {
    local pid=
    daemon=
    for _ in $(seq 50); do
        pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] && break
        sleep 0.1
    done
    [ -n "$pid" ] || return 1
    my_pids+=("$pid")
    daemon=$pid
}

start_bridge() {
    local ns=$NS_S
    SWITCH_PID=
    # A plain L2 bridge: no iptables calls for bridged frames (they are
    # on by default when br_netfilter is built in; no filtering host
    # bridge pays them for nothing), no STP.
    ip netns exec "$ns" sh -c '
        for f in /proc/sys/net/bridge/bridge-nf-call-*; do
            [ -e "$f" ] && echo 0 >"$f"
        done' 2>/dev/null
    ip -n "$ns" link add "$BR" type bridge || return 1
    ip -n "$ns" link set "$SW_A" master "$BR" || return 1
    ip -n "$ns" link set "$SW_B" master "$BR" || return 1
    ip -n "$ns" link set "$BR" up
}

# start_vswitch KIND DIR TSO: KIND "ovs" or "osw"; TSO "true" or "".
# Runs the database server and the switch daemon inside S, with every
# file in DIR, and adds the bridge and both ports.
start_vswitch() {
    local kind=$1 dir=$2 tso=$3 server tool vsctl vswitchd schema
    local env
    mkdir -p "$dir"
    if [ "$kind" = osw ]; then
        server=$OSW_SERVER tool=$OSW_TOOL vsctl=$OSW_VSCTL
        vswitchd=$OSW_VSWITCHD schema=$OSW_SCHEMA
        APPCTL="$OSW_APPCTL -T 5 -t $dir/vswitchd.ctl"
    else
        server=$OVS_SERVER tool=$OVS_TOOL vsctl=$OVS_VSCTL
        vswitchd=$OVS_VSWITCHD schema=$OVS_SCHEMA
        APPCTL="$OVS_APPCTL -T 5 -t $dir/vswitchd.ctl"
    fi
    SWITCH_DIR=$dir
    env="OVS_RUNDIR=$dir OVS_DBDIR=$dir OVS_LOGDIR=$dir OVS_SYSCONFDIR=$dir
         OSW_RUNDIR=$dir OSW_DBDIR=$dir OSW_LOGDIR=$dir"
    "$tool" create "$dir/conf.db" "$schema" >"$dir/tool.log" 2>&1 \
        || { log "$kind: $tool create failed"; return 1; }
    ip netns exec "$NS_S" env $env "$server" "$dir/conf.db" \
        --remote="punix:$dir/db.sock" --pidfile="$dir/db.pid" \
        --unixctl="$dir/db.ctl" --log-file="$dir/db.log" --detach \
        >"$dir/db.out" 2>&1 \
        || { log "$kind: $server did not start:"
             tail -5 "$dir/db.out" >&2
             return 1; }
    daemon_pid "$dir/db.pid" || return 1
    DB_PID=$daemon
    VSCTL="env $env $vsctl --db=unix:$dir/db.sock --timeout=20"
    $VSCTL --no-wait init >>"$dir/vsctl.log" 2>&1 \
        || { log "$kind: vsctl init failed"; return 1; }
    if [ -n "$tso" ]; then
        # Read when ovs-vswitchd starts (changing it later needs a
        # restart), so it goes in before the daemon runs.
        $VSCTL --no-wait set Open_vSwitch . \
            other_config:userspace-tso-enable=true >>"$dir/vsctl.log" 2>&1
    fi
    ip netns exec "$NS_S" env $env "$vswitchd" "unix:$dir/db.sock" \
        --pidfile="$dir/vswitchd.pid" --unixctl="$dir/vswitchd.ctl" \
        --log-file="$dir/vswitchd.log" --detach >"$dir/vswitchd.out" 2>&1 \
        || { log "$kind: $vswitchd did not start:"
             tail -5 "$dir/vswitchd.out" "$dir/vswitchd.log" >&2 2>/dev/null
             return 1; }
    daemon_pid "$dir/vswitchd.pid" || return 1
    SWITCH_PID=$daemon
    $VSCTL add-br "$BR" -- set bridge "$BR" datapath_type=netdev \
        -- add-port "$BR" "$SW_A" -- add-port "$BR" "$SW_B" \
        >>"$dir/vsctl.log" 2>&1 \
        || { log "$kind: add-br/add-port failed:"
             tail -5 "$dir/vsctl.log" >&2
             return 1; }
    ip -n "$NS_S" link set "$BR" up 2>/dev/null
    return 0
}

start_switch() {
    SWITCH_DIR='' APPCTL=''
    case $1 in
        bridge) start_bridge ;;
        ovs-tso) start_vswitch ovs "$WORK/$2-ovs-tso" true ;;
        ovs) start_vswitch ovs "$WORK/$2-ovs" "" ;;
        osw) start_vswitch osw "$WORK/$2-osw" "" ;;
    esac
}

# diagnostics: the switch's own view after the tests (datapath ports and
# their counters, cached flows, drop reasons, coverage), for --keep.
diagnostics() {
    local cmd out
    [ -n "$APPCTL" ] || return 0
    out=$SWITCH_DIR/diagnostics.txt
    for cmd in "dpctl/show -s" "dpctl/dump-flows" "dpctl/drop-stats" \
               "coverage/show" "memory/show"; do
        echo "### $cmd"
        # shellcheck disable=SC2086
        timeout 10 $APPCTL $cmd 2>&1 | head -200
    done >"$out"
}

# Daemons are stopped by their own PIDs; the namespace goes afterwards.
stop_switch() {
    local pid
    for pid in $SWITCH_PID $DB_PID; do
        stop_spawned "$pid"
    done
    SWITCH_PID='' DB_PID=''
}

switch_version() {
    case $1 in
        bridge) echo "Linux bridge, kernel $(uname -r)" ;;
        ovs*) "$OVS_VSWITCHD" --version 2>/dev/null | head -1 ;;
        osw) echo "osw-vswitchd from $builddir" ;;
    esac
}

# ---------------------------------------------------------------------
# Tests.  Each records its metrics for switch $1, "fail" when the switch
# did not carry the traffic.

now() {
    echo "$EPOCHREALTIME"
}

# switch_cpu_ns: CPU time the switch daemon has used so far, in ns (sum
# over its threads of the first field of schedstat); empty for the Linux
# bridge.  Unlike rates, CPU time per frame or per byte barely depends on
# what else the machine is doing.
switch_cpu_ns() {
    local f v total=0
    [ -n "$SWITCH_PID" ] || return 0
    for f in /proc/"$SWITCH_PID"/task/*/schedstat; do
        read -r v _ <"$f" 2>/dev/null && total=$((total + v))
    done
    echo $total
}

# cpu_per UNITS_PER_NS C0 C1 AMOUNT: (C1 - C0) / AMOUNT * UNITS_PER_NS, or
# n/a without a switch process, or fail when AMOUNT is 0 or unknown.
cpu_per() {
    if [ -z "$2" ]; then
        echo n/a
        return
    fi
    awk -v k="$1" -v c0="$2" -v c1="$3" -v n="$4" 'BEGIN {
        if (n + 0 <= 0) print "fail"; else printf "%.1f", (c1 - c0) * k / n
    }'
}

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

# pps NAME [PKTGEN OPTIONS]: 64-byte frames A -> B as fast as the sender
# goes; frames delivered to B are counted on the switch's port to B
# (tx_packets of S's end = rx_packets of B's), after the warm-up.
# The frames go to SINK_MAC, a station that VM B announces once: every
# switch learns it on its port to B and forwards there, and B's kernel
# drops the frames at once as addressed to another host.  Sending them to
# B's own address would make B's IP stack handle each one (a UDP lookup,
# an ICMP error attempt), and with a userspace switch that work runs in
# the switch thread's transmit call (veth hands the frame to B's stack
# in the sender's context), so the figure would measure B's kernel more
# than the switch (about half the rate here, for every userspace switch).
SINK_MAC=02:00:5e:00:53:99

announce_sink() {
    ip netns exec "$NS_B" python3 -c '
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
src = bytes.fromhex(sys.argv[2].replace(":", ""))
for _ in range(3):
    s.send(b"\xff" * 6 + src + b"\x88\xb5" + bytes(46))
' "$IF_B" "$SINK_MAC"
    sleep 0.2
}

test_pps_common() {
    local sw=$1 metric=$2 out=$WORK/$n-$1.$2 pid r0 r1 t0 t1 sent fwd
    local c0 c1 dst_mac=$SINK_MAC
    shift 2
    if [ "$metric" = pps_stack ]; then
        dst_mac=$MAC_B
    else
        announce_sink
    fi
    ip netns exec "$NS_A" "$PKTGEN" --dst-mac="$dst_mac" --src-ip=$IP_A \
        --dst-ip=$IP_B --duration=$((duration + warmup + 1)) "$@" "$IF_A" \
        >"$out" 2>&1 &
    pid=$!
    my_pids+=("$pid")
    sleep "$warmup"
    r0=$(s_counter "$SW_B" 10) t0=$(now) c0=$(switch_cpu_ns)
    sleep "$duration"
    r1=$(s_counter "$SW_B" 10) t1=$(now) c1=$(switch_cpu_ns)
    # The sender stops by itself one second later.
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    stop_spawned "$pid"
    sent=$(awk '$1 == "sent_pps" { printf "%.3f", $2 / 1e6 }' "$out")
    [ -n "$sent" ] || note "$sw" "$metric: $(head -1 "$out")"
    fwd=$(awk -v n=$((r1 - r0)) -v t0="$t0" -v t1="$t1" \
              'BEGIN { printf "%.3f", n / (t1 - t0) / 1e6 }')
    record "$sw" "${metric}_mpps" "$fwd"
    record "$sw" "${metric}_sent_mpps" "${sent:-fail}"
    record "$sw" "${metric}_cpu_ns" "$(cpu_per 1 "$c0" "$c1" $((r1 - r0)))"
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
    -v elapsed="$elapsed" -v reps="$reps" '
function num(x) { return x ~ /^[0-9]+(\.[0-9]*)?$/ }
function median(list,    n, v, i, j, t, k, bad) {
    n = split(list, v, " ")
    k = 0; bad = 0
    for (i = 1; i <= n; i++) {
        if (num(v[i])) w[++k] = v[i] + 0
        else bad++
    }
    if (n == 0) return ""
    if (k == 0 || bad > k) {
        for (i = 1; i <= n; i++) if (!num(v[i])) return v[i]
    }
    for (i = 2; i <= k; i++) {
        for (j = i; j > 1 && w[j - 1] > w[j]; j--) {
            t = w[j]; w[j] = w[j - 1]; w[j - 1] = t
        }
    }
    return k % 2 ? w[(k + 1) / 2] : (w[k / 2] + w[k / 2 + 1]) / 2
}
function fmt(x) {
    if (x == "") return "-"
    if (!num(x)) return x
    x += 0
    if (x >= 100) return sprintf("%.0f", x)
    if (x >= 10) return sprintf(x == int(x) ? "%.0f" : "%.1f", x)
    return sprintf("%.3g", x)
}
function ratio(a, b) {
    if (!num(a) || !num(b)) return "-"
    if (b + 0 == 0) return a + 0 == 0 ? "-" : "inf"
    return sprintf(a / b < 0.1 ? "%.2g" : "%.2f", a / b)
}
function col(name) {
    return name == "bridge" ? "Linux-br" : name == "ovs-tso" ? "OVS-TSO" : \
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
    if (has_osw && num(v["osw" SUBSEP "idle_cpu_pct"]))
        printf "  %-40s osw %s%% (goal: near zero) %s\n", \
               "idle switch CPU", v["osw" SUBSEP "idle_cpu_pct"], \
               (v["osw" SUBSEP "idle_cpu_pct"] < 1 ? "MET" : "not met")
}' "$RESULTS"
