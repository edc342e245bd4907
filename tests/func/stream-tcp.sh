# stream-tcp: tcp: and ptcp: streams between processes over IPv4: port 0
# and the bound port, echo with several clients at once, default listening
# address, host names, refused connections, ports in use and bad names.

. "$srcdir/tests/lib.sh"

require_program oswtest-stream
cd "$TESTDIR"

# expect_error FILE PATTERN: FILE must contain PATTERN.
expect_error() {
    grep -q -- "$2" "$1" || fail "expected \"$2\" in $1, got: $(cat "$1")"
}

# start_listener TAG PSTREAM: starts an echo server and waits until it
# prints its port, which goes into $PORT; its PID is in $LISTENER_PID.
start_listener() {
    local tag=$1 pstream=$2
    spawn oswtest-stream listen "$pstream" > "$tag.out" 2> "$tag.err"
    LISTENER_PID=$SPAWNED_PID
    wait_until "grep -q '^port ' $tag.out"
    PORT=$(awk '/^port /{print $2}' "$tag.out")
    [ "$PORT" -gt 0 ] || fail "bad port in $tag.out: $(cat "$tag.out")"
}

start_listener lo ptcp:0:127.0.0.1
check_output "hello, world" \
    oswtest-stream send "tcp:127.0.0.1:$PORT" "hello, world"

# Several clients at once.
pids=()
for i in $(seq 10); do
    oswtest-stream send "tcp:127.0.0.1:$PORT" "client $i" > "c$i.out" &
    pids+=($!)
done
for pid in "${pids[@]}"; do
    wait "$pid" || fail "a client failed"
done
for i in $(seq 10); do
    check_output "client $i" cat "c$i.out"
done

# A port in use cannot be taken.
check_fails oswtest-stream listen "ptcp:$PORT:127.0.0.1" 2> inuse.err
expect_error inuse.err "Address already in use"

# Once the listener is gone, connecting is refused.
kill -TERM "$LISTENER_PID"
wait "$LISTENER_PID" 2>/dev/null || :
forget_pid "$LISTENER_PID"
check_fails oswtest-stream send "tcp:127.0.0.1:$PORT" "x" 2> refused.err
expect_error refused.err "Connection refused"

# Without an address, ptcp listens on every IPv4 address.
start_listener any ptcp:0
check_output "any" oswtest-stream send "tcp:127.0.0.1:$PORT" "any"

# Host names are resolved.  Listen wherever "localhost" may lead: on "[::]"
# (which takes IPv4 too) if the machine has IPv6 loopback.
if grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null \
   && [ "$(cat /proc/sys/net/ipv6/bindv6only 2>/dev/null)" = 0 ]; then
    start_listener dual "ptcp:0:[::]"
else
    start_listener dual ptcp:0
fi
check_output "by name" oswtest-stream send "tcp:localhost:$PORT" "by name"

# Bad names.
check_fails oswtest-stream send tcp:127.0.0.1 "x" 2> noport.err
expect_error noport.err "Invalid argument"
check_fails oswtest-stream send tcp:127.0.0.1:99999 "x" 2> badport.err
expect_error badport.err "Invalid argument"
check_fails oswtest-stream send bogus:127.0.0.1:1 "x" 2> bogus.err
expect_error bogus.err "Address family not supported"
check_fails oswtest-stream listen ptcp: 2> nolport.err
expect_error nolport.err "Invalid argument"
