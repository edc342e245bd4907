# stream-tcp6: tcp: and ptcp: streams over IPv6: bracketed addresses in
# active and passive names, port 0, unbracketed passive addresses, and
# "[::]" listening.

. "$srcdir/tests/lib.sh"

require_program oswtest-stream
grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null || skip "no IPv6 loopback"
cd "$TESTDIR"

# expect_error FILE PATTERN: FILE must contain PATTERN.
expect_error() {
    grep -q -- "$2" "$1" || fail "expected \"$2\" in $1, got: $(cat "$1")"
}

start_listener() {
    local tag=$1 pstream=$2
    spawn oswtest-stream listen "$pstream" > "$tag.out" 2> "$tag.err"
    LISTENER_PID=$SPAWNED_PID
    wait_until "grep -q '^port ' $tag.out"
    PORT=$(awk '/^port /{print $2}' "$tag.out")
    [ "$PORT" -gt 0 ] || fail "bad port in $tag.out: $(cat "$tag.out")"
}

start_listener lo6 "ptcp:0:[::1]"
check_output "hello, six" oswtest-stream send "tcp:[::1]:$PORT" "hello, six"
# An IPv4 client does not reach an IPv6-only address.
check_fails oswtest-stream send "tcp:127.0.0.1:$PORT" "x" 2> v4.err

# Several clients at once.
pids=()
for i in $(seq 5); do
    oswtest-stream send "tcp:[::1]:$PORT" "client $i" > "c$i.out" &
    pids+=($!)
done
for pid in "${pids[@]}"; do
    wait "$pid" || fail "a client failed"
done
for i in $(seq 5); do
    check_output "client $i" cat "c$i.out"
done

# The address after the port needs no brackets in a passive name.
start_listener bare "ptcp:0:::1"
check_output "bare" oswtest-stream send "tcp:[::1]:$PORT" "bare"

# "[::]" listens on every IPv6 address.
start_listener any6 "ptcp:0:[::]"
check_output "any" oswtest-stream send "tcp:[::1]:$PORT" "any"

# An unbracketed IPv6 address is ambiguous in an active name.
check_fails oswtest-stream send "tcp:::1:$PORT" "x" 2> bad.err
expect_error bad.err "Invalid argument"
