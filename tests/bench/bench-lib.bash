# bench-lib.bash: what the switch benchmarks share (sourced by
# dp-bench.sh and of-bench.sh): the programs, process and namespace
# bookkeeping with cleanup on exit, the A-S-B veth topology, starting
# Open vSwitch or osw (database + switch daemon) inside S, and CPU-time
# accounting.
#
# The sourcing script sets BENCH_NAME (for messages), srcdir, builddir,
# and then calls bench_init, which makes $WORK, $RESULTS and $NOTES and
# installs the cleanup trap.

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
    echo "$BENCH_NAME: $*" >&2
    exit 77
}

# bench_init: names, work directory and the cleanup trap.
bench_init() {
    # Names: every namespace starts with TAG, so runs never collide.
    # Interfaces live in those namespaces only (created there directly).
    TAG=${BENCH_TAG:-b}$$
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/$BENCH_NAME.XXXXXX") || exit 1
    RESULTS=$WORK/results
    NOTES=$WORK/notes
    : >"$RESULTS"
    : >"$NOTES"
    trap cleanup EXIT
    trap 'echo "$BENCH_NAME: interrupted" >&2; exit 130' INT TERM
}

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
        echo "$BENCH_NAME: files kept in $WORK" >&2
    else
        rm -rf "$WORK"
        if [ $status -ne 0 ] && [ $status -ne 77 ]; then
            echo "$BENCH_NAME: rerun with --keep to keep the logs" >&2
        fi
    fi
    exit $status
}

fail() {
    echo "$BENCH_NAME: $*" >&2
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

# start_tc_redirect DIR: the two S ends joined by tc-redirect.bpf.c
# (one classifier per direction, compiled into DIR), for dp-bench's
# "tc-redirect" reference.  Needs clang with the BPF target and tc.
start_tc_redirect() {
    local dir=$1 ns=$NS_S from to ifindex
    SWITCH_PID=
    mkdir -p "$dir"
    for from in "$SW_A" "$SW_B"; do
        to=$SW_B
        [ "$from" = "$SW_B" ] && to=$SW_A
        ifindex=$(ip netns exec "$ns" cat "/sys/class/net/$to/ifindex") \
            || return 1
        clang -O2 -target bpf -I"/usr/include/$(gcc -print-multiarch)" \
            -DOUT_IFINDEX="$ifindex" -o "$dir/to-$to.o" \
            -c "$srcdir/tests/bench/tc-redirect.bpf.c" || return 1
        ip netns exec "$ns" tc qdisc add dev "$from" clsact || return 1
        ip netns exec "$ns" tc filter add dev "$from" ingress \
            bpf direct-action obj "$dir/to-$to.o" sec tc || return 1
    done
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
    local kv
    for kv in ${OSW_OTHER_CONFIG:-}; do
        [ "$kind" = osw ] || break
        $VSCTL --no-wait set Open_vSwitch . "other_config:$kv" \
            >>"$dir/vsctl.log" 2>&1 \
            || { log "osw: cannot set other_config:$kv"; return 1; }
    done
    ip netns exec "$NS_S" env $env "$vswitchd" "unix:$dir/db.sock" \
        --pidfile="$dir/vswitchd.pid" --unixctl="$dir/vswitchd.ctl" \
        --log-file="$dir/vswitchd.log" --detach >"$dir/vswitchd.out" 2>&1 \
        || { log "$kind: $vswitchd did not start:"
             tail -5 "$dir/vswitchd.out" "$dir/vswitchd.log" >&2 2>/dev/null
             return 1; }
    daemon_pid "$dir/vswitchd.pid" || return 1
    SWITCH_PID=$daemon
    # OpenFlow port numbers fixed (1 to A, 2 to B) for of-bench's flows.
    $VSCTL add-br "$BR" -- set bridge "$BR" datapath_type=netdev \
        -- add-port "$BR" "$SW_A" -- set Interface "$SW_A" ofport_request=1 \
        -- add-port "$BR" "$SW_B" -- set Interface "$SW_B" ofport_request=2 \
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
        tc-redirect) start_tc_redirect "$WORK/$2-tc-redirect" ;;
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
        tc-redirect) echo "tc BPF redirect (a wire), kernel $(uname -r)" ;;
        ovs*) "$OVS_VSWITCHD" --version 2>/dev/null | head -1 ;;
        osw) echo "osw-vswitchd from $builddir" ;;
    esac
}

# ---------------------------------------------------------------------
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

# Awk functions for the reports: num(x) (is x a figure?), median(list)
# (of the numbers in a space-separated list of samples; "fail" when at
# least half failed), fmt(x) (3 significant digits), ratio(a, b).
BENCH_AWK_FUNCS='
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
'
