#! /bin/bash
# vsctl-bench.sh: osw-vsctl with oswdb-server against Open vSwitch's
# ovs-vsctl with ovsdb-server, on this machine, in this run.
#
# Usage: vsctl-bench.sh --srcdir=DIR --builddir=DIR [--ports=N]
#                       [--show-ports=N] [--reps=N] [--quick] [--keep]
#
# Measures, for each pair (client and its own server, each on a fresh
# database in a temporary directory, --no-wait, over a unix socket):
#
#   one-by-one   N "add-port br0 pI" commands, one process each (default
#                N = 1,000), total time; and the time of one add-port on
#                the bridge once it has N ports (median of --reps runs);
#   one-txn      N add-ports in a single invocation ("add-port br0 p1 --
#                add-port br0 p2 -- ..."), on a fresh bridge;
#   show         "show" of a bridge with --show-ports ports (default
#                10,000), median of --reps runs.
#
# Every figure is printed for both, with the ratio Open vSwitch / osw
# (above 1: osw is faster).  The pairs run one after the other, never at
# once.  --quick divides the sizes by 5.  A benchmark, not a test: it
# fails only when something does not run.
#
# Exit status: 0 when the benchmark ran, 77 when Open vSwitch's ovs-vsctl
# or ovsdb-server is not installed, 1 on failure.

set -u -o pipefail

srcdir=
builddir=
ports=1000
show_ports=10000
reps=11
keep=false

for arg in "$@"; do
    case $arg in
        --srcdir=*) srcdir=${arg#*=} ;;
        --builddir=*) builddir=${arg#*=} ;;
        --ports=*) ports=${arg#*=} ;;
        --show-ports=*) show_ports=${arg#*=} ;;
        --reps=*) reps=${arg#*=} ;;
        --quick) ports=$((ports / 5)); show_ports=$((show_ports / 5)) ;;
        --keep) keep=true ;;
        -h|--help)
            sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'
            exit 0 ;;
        *) echo "$0: unknown argument $arg (try --help)" >&2; exit 1 ;;
    esac
done
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${builddir:-$PWD}

OVS_SERVER=${OVS_SERVER:-$(command -v ovsdb-server || echo /usr/sbin/ovsdb-server)}
OVS_TOOL=${OVS_TOOL:-$(command -v ovsdb-tool || echo /usr/bin/ovsdb-tool)}
OVS_VSCTL=${OVS_VSCTL:-$(command -v ovs-vsctl || echo /usr/bin/ovs-vsctl)}
OSW_SERVER=$builddir/ovsdb/oswdb-server
OSW_TOOL=$builddir/ovsdb/oswdb-tool
OSW_VSCTL=$builddir/utilities/osw-vsctl
SCHEMA=$srcdir/vswitchd/vswitch.ovsschema

for p in "$OVS_SERVER" "$OVS_TOOL" "$OVS_VSCTL"; do
    if [ ! -x "$p" ]; then
        echo "vsctl-bench: $p is needed for the comparison; install" \
             "package openvswitch-switch" >&2
        exit 77
    fi
done
for p in "$OSW_SERVER" "$OSW_TOOL" "$OSW_VSCTL"; do
    [ -x "$p" ] || { echo "vsctl-bench: $p not built" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vsctl-bench.XXXXXX")
export OVS_RUNDIR=$WORK OVS_LOGDIR=$WORK OVS_DBDIR=$WORK
export OSW_RUNDIR=$WORK OSW_LOGDIR=$WORK OSW_DBDIR=$WORK
SERVER_PID=

cleanup() {
    stop_server
    if $keep; then
        echo "files kept in $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
    echo "vsctl-bench: $*" >&2
    exit 1
}

now_ns() {
    date +%s%N
}

# start_server osw|ovs: a fresh database and its server; sets $VSCTL.
start_server() {
    local kind=$1 server tool
    if [ $kind = osw ]; then
        server=$OSW_SERVER tool=$OSW_TOOL VSCTL=$OSW_VSCTL
    else
        server=$OVS_SERVER tool=$OVS_TOOL VSCTL=$OVS_VSCTL
    fi
    rm -f "$WORK/$kind.db" "$WORK/$kind.sock"
    "$tool" create "$WORK/$kind.db" "$SCHEMA" || die "$tool create failed"
    "$server" --detach --no-chdir --pidfile="$WORK/$kind.pid" \
        --unixctl="$WORK/$kind.ctl" --log-file="$WORK/$kind.log" \
        -vconsole:off --remote=punix:"$WORK/$kind.sock" "$WORK/$kind.db" \
        2> "$WORK/$kind.stderr" \
        || die "$server did not start"
    SERVER_PID=$(cat "$WORK/$kind.pid")
    DB=unix:$WORK/$kind.sock
}

stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null
        for _ in $(seq 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$SERVER_PID" 2>/dev/null
        SERVER_PID=
    fi
}

v() {
    "$VSCTL" --db="$DB" --no-wait "$@"
}

# median: the median of the numbers on stdin.
median() {
    sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

# add_ports FIRST LAST: adds ports pFIRST..pLAST to br0 in batches of 500
# (one invocation per batch), for building large bridges quickly.
add_ports() {
    local i=$1 last=$2 args
    while [ $i -le $last ]; do
        args=()
        for ((j = i; j <= last && j < i + 500; j++)); do
            args+=(-- add-port br0 "p$j")
        done
        v "${args[@]}" || die "adding ports failed"
        i=$j
    done
}

# ms NS: nanoseconds as milliseconds with one decimal.
ms() {
    awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e6 }'
}

declare -A result

bench_pair() {
    local kind=$1 start end i

    # One by one.
    start_server $kind
    v add-br br0 || die "$kind: add-br failed"
    start=$(now_ns)
    for ((i = 1; i <= ports; i++)); do
        v add-port br0 "p$i" || die "$kind: add-port p$i failed"
    done
    end=$(now_ns)
    result[$kind,one_by_one]=$((end - start))
    for ((i = 1; i <= reps; i++)); do
        start=$(now_ns)
        v add-port br0 "extra$i" || die "$kind: add-port extra$i failed"
        end=$(now_ns)
        echo $((end - start))
    done | median > "$WORK/last"
    result[$kind,at_n]=$(cat "$WORK/last")
    [ "$(v list-ports br0 | wc -l)" = $((ports + reps)) ] \
        || die "$kind: wrong number of ports"
    stop_server

    # One transaction.
    start_server $kind
    v add-br br0 || die "$kind: add-br failed"
    local args=()
    for ((i = 1; i <= ports; i++)); do
        args+=(-- add-port br0 "p$i")
    done
    start=$(now_ns)
    v "${args[@]}" || die "$kind: one-transaction add-port failed"
    end=$(now_ns)
    result[$kind,one_txn]=$((end - start))
    stop_server

    # Show on a big bridge (built with osw-vsctl, the faster way, whatever
    # the server).
    start_server $kind
    local client=$VSCTL
    VSCTL=$OSW_VSCTL
    v add-br br0 || die "$kind: add-br failed"
    add_ports 1 "$show_ports"
    VSCTL=$client
    v show > "$WORK/$kind.show" || die "$kind: show failed"
    [ "$(grep -c '^        Port ' "$WORK/$kind.show")" = $((show_ports + 1)) ] \
        || die "$kind: show lacks ports"
    for ((i = 1; i <= reps; i++)); do
        start=$(now_ns)
        v show > /dev/null || die "$kind: show failed"
        end=$(now_ns)
        echo $((end - start))
    done | median > "$WORK/show"
    result[$kind,show]=$(cat "$WORK/show")
    stop_server
}

echo "vsctl-bench: $ports ports one by one and in one transaction;" \
     "show with $show_ports ports; medians of $reps" >&2
for kind in osw ovs; do
    echo "vsctl-bench: running $kind..." >&2
    bench_pair $kind
done

printf '\n%-34s %12s %12s %9s\n' "benchmark" "osw (ms)" "ovs (ms)" "ovs/osw"
row() {
    local label=$1 key=$2
    printf '%-34s %12s %12s %9s\n' "$label" "$(ms ${result[osw,$key]})" \
        "$(ms ${result[ovs,$key]})" \
        "$(awk -v a="${result[ovs,$key]}" -v b="${result[osw,$key]}" \
           'BEGIN { printf "%.2f", a / b }')"
}
row "add-port x$ports, one at a time" one_by_one
row "add-port with $ports ports (each)" at_n
row "add-port x$ports, one transaction" one_txn
row "show, $show_ports ports" show
echo
echo "osw-vsctl $("$OSW_VSCTL" --version | head -1 | awk '{print $NF}')," \
     "$("$OVS_VSCTL" --version | head -1)"
