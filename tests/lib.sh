# lib.sh: shared helpers for functional tests (tests/func/*.sh).
#
# A functional test is a bash script that sources this file first:
#
#     . "$srcdir/tests/lib.sh"
#
# and then runs commands; any failing command fails the test (set -e).
# It gets:
#   - $TESTDIR, a fresh temporary directory, also OSW_RUNDIR, OSW_DBDIR and
#     OSW_LOGDIR, so daemons started here never touch the system's files;
#   - PATH with the build tree's programs first;
#   - cleanup on exit, pass or fail: every process started through
#     spawn/daemon_started is killed by its own PID, every namespace and
#     link made through netns_add/veth_add is deleted, then $TESTDIR is
#     removed (kept on failure, for its logs).
# Exit status 77 means skipped (skip "reason").

set -e -u -o pipefail

: "${srcdir:?srcdir must be set (run through tests/run-tests)}"
: "${builddir:=$srcdir}"

TESTDIR=$(mktemp -d "${TMPDIR:-/tmp}/osw-func.XXXXXX")
export OSW_RUNDIR=$TESTDIR OSW_DBDIR=$TESTDIR OSW_LOGDIR=$TESTDIR
export PATH="$builddir/utilities:$builddir/ovsdb:$builddir/vswitchd:$builddir/tests:$PATH"
# Unique per test run, so tests can run in parallel.
OSW_TAG=t$$

_osw_pids=()
_osw_netns=()
_osw_links=()
_osw_cleanups=()

# Runs 'cmd' at cleanup, before processes are killed.
on_exit() {
    _osw_cleanups+=("$1")
}

# True if process $1 runs.  A zombie does not count: it holds no files or
# locks any more, and the namespace's init may reap it late.
process_alive() {
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ]
}

_osw_cleanup() {
    local status=$? pid i
    set +e
    for ((i = ${#_osw_cleanups[@]} - 1; i >= 0; i--)); do
        eval "${_osw_cleanups[i]}"
    done
    for pid in "${_osw_pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null
    done
    for pid in "${_osw_pids[@]}"; do
        for i in $(seq 50); do
            process_alive "$pid" || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null
    done
    for i in "${_osw_links[@]}"; do
        ip link del "$i" 2>/dev/null
    done
    for i in "${_osw_netns[@]}"; do
        ip netns del "$i" 2>/dev/null
    done
    if [ $status -eq 0 ] || [ $status -eq 77 ]; then
        rm -rf "$TESTDIR"
    else
        echo "test failed (status $status); files kept in $TESTDIR" >&2
    fi
    exit $status
}
trap _osw_cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "FAILED: $*" >&2
    exit 1
}

skip() {
    echo "skipped: $*" >&2
    exit 77
}

require_root() {
    [ "$(id -u)" = 0 ] || skip "needs root"
}

require_netns() {
    require_root
    command -v ip >/dev/null || skip "needs iproute2"
    local probe="osw-probe-$OSW_TAG"
    ip netns add "$probe" 2>/dev/null || skip "cannot create network namespaces"
    ip netns del "$probe"
}

require_program() {
    command -v "$1" >/dev/null || skip "needs $1"
}

# Starts "$@" in the background and remembers its PID for cleanup.  The PID
# is in $SPAWNED_PID.
spawn() {
    "$@" &
    SPAWNED_PID=$!
    _osw_pids+=("$SPAWNED_PID")
}

# Remembers the daemon whose pidfile is $1 (after --detach).
daemon_started() {
    local pidfile=$1 pid
    pid=$(cat "$pidfile") || fail "no pidfile $pidfile"
    _osw_pids+=("$pid")
}

# Forgets PID $1 (it was stopped on purpose).
forget_pid() {
    local pid=$1 i
    for i in "${!_osw_pids[@]}"; do
        [ "${_osw_pids[i]}" = "$pid" ] && unset '_osw_pids[i]'
    done
    _osw_pids=("${_osw_pids[@]}")
}

# Creates namespace "osw-$OSW_TAG-$1" and stores its name in variable $1
# (so "netns_add a" makes $a usable as "ip netns exec $a ...").
netns_add() {
    local var=$1 name="osw-$OSW_TAG-$1"
    ip netns add "$name"
    _osw_netns+=("$name")
    ip -n "$name" link set lo up
    printf -v "$var" '%s' "$name"
}

# veth_add A [NS_A] B [NS_B]: creates a veth pair named A and B (put in
# namespaces NS_A/NS_B if given, "" for the current one) and brings both
# up.  Names must be at most 15 characters; include $OSW_TAG for
# uniqueness in parallel runs.
veth_add() {
    local a=$1 ns_a=$2 b=$3 ns_b=$4
    ip link add "$a" type veth peer name "$b"
    _osw_links+=("$a")
    if [ -n "$ns_a" ]; then ip link set "$a" netns "$ns_a"; fi
    if [ -n "$ns_b" ]; then ip link set "$b" netns "$ns_b"; fi
    ip ${ns_a:+-n "$ns_a"} link set "$a" up
    ip ${ns_b:+-n "$ns_b"} link set "$b" up
}

# Registers a link made by other means for deletion at cleanup.
link_created() {
    _osw_links+=("$1")
}

# wait_until CMD [TIMEOUT_SECS]: retries CMD every 0.1 s until it succeeds.
wait_until() {
    local cmd=$1 limit=${2:-10} i
    for i in $(seq $((limit * 10))); do
        if eval "$cmd" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    fail "timed out after ${limit}s waiting for: $cmd"
}

# check_output EXPECTED CMD...: runs CMD and compares its stdout to EXPECTED.
check_output() {
    local expected=$1 actual
    shift
    actual=$("$@") || fail "command failed: $*"
    if [ "$actual" != "$expected" ]; then
        echo "command: $*" >&2
        diff -u <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") >&2 || :
        fail "unexpected output"
    fi
}

# check_fails CMD...: CMD must exit non-zero.
check_fails() {
    if "$@"; then
        fail "command should have failed: $*"
    fi
}
