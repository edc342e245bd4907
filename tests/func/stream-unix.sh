# stream-unix: unix: and punix: streams between processes: echo through
# absolute, relative (to OSW_RUNDIR) and over-long socket paths, several
# clients at once, stale sockets replaced, live ones left alone, and the
# socket removed when the listener is killed.

. "$srcdir/tests/lib.sh"

require_program oswtest-stream
cd "$TESTDIR"

# expect_error FILE PATTERN: FILE must contain PATTERN.
expect_error() {
    grep -q -- "$2" "$1" || fail "expected \"$2\" in $1, got: $(cat "$1")"
}

# start_listener TAG PSTREAM: starts an echo server, waits for it to be
# ready; its PID is in $LISTENER_PID.
start_listener() {
    local tag=$1 pstream=$2
    spawn oswtest-stream listen "$pstream" > "$tag.out" 2> "$tag.err"
    LISTENER_PID=$SPAWNED_PID
    wait_until "grep -q '^port ' $tag.out"
}

# Absolute path.
start_listener abs "punix:$TESTDIR/abs.sock"
[ -S abs.sock ] || fail "no socket file"
SOCK=unix:$TESTDIR/abs.sock
check_output "hello, world" oswtest-stream send "$SOCK" "hello, world"
check_output "port 0" cat abs.out

# Several clients at once, each gets its own text back.
pids=()
for i in 1 2 3 4 5 6 7 8; do
    oswtest-stream send "unix:$TESTDIR/abs.sock" "client $i" > "c$i.out" &
    pids+=($!)
done
for pid in "${pids[@]}"; do
    wait "$pid" || fail "a client failed"
done
for i in 1 2 3 4 5 6 7 8; do
    check_output "client $i" cat "c$i.out"
done

# A live listener is not taken over.
check_fails oswtest-stream listen "punix:$TESTDIR/abs.sock" 2> second.err
expect_error second.err "Address already in use"
check_output "still here" oswtest-stream send "$SOCK" "still here"

# Killed cleanly: the socket goes away with the process.
kill -TERM "$LISTENER_PID"
wait_until "! [ -e abs.sock ]"
forget_pid "$LISTENER_PID"

# Killed hard: the stale socket stays behind, and a new listener replaces it.
start_listener stale "punix:$TESTDIR/stale.sock"
kill -KILL "$LISTENER_PID"
wait "$LISTENER_PID" 2>/dev/null || :
forget_pid "$LISTENER_PID"
[ -S stale.sock ] || fail "stale socket vanished"
check_fails oswtest-stream send "unix:$TESTDIR/stale.sock" "x" 2> refused.err
expect_error refused.err "Connection refused"
start_listener stale2 "punix:$TESTDIR/stale.sock"
check_output "revived" oswtest-stream send "unix:$TESTDIR/stale.sock" "revived"

# A relative name is relative to the run directory, not the current one.
mkdir elsewhere
cd elsewhere
start_listener rel punix:rel.sock
cd "$TESTDIR"
[ -S rel.sock ] || fail "relative socket not in OSW_RUNDIR"
[ ! -e elsewhere/rel.sock ] || fail "relative socket in the current directory"
cd elsewhere
check_output "relative" oswtest-stream send unix:rel.sock "relative"
cd "$TESTDIR"

# Paths longer than a sockaddr_un holds.
long=$TESTDIR
while [ ${#long} -lt 150 ]; do
    long=$long/a-long-directory-name
done
mkdir -p "$long"
start_listener long "punix:$long/long.sock"
check_output "long path" oswtest-stream send "unix:$long/long.sock" "long path"

# Nobody there.
check_fails oswtest-stream send "unix:$TESTDIR/nobody.sock" "x" 2> missing.err
expect_error missing.err "No such file or directory"
