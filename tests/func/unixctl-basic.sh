# unixctl-basic: a daemon's control socket answers osw-appctl: results,
# errors and their exit statuses, the built-in commands, many clients at
# once, and "exit" removing the socket and pidfile.

. "$srcdir/tests/lib.sh"

require_program oswtest-daemon
require_program osw-appctl

cd "$TESTDIR"
oswtest-daemon --detach --pidfile --log-file
daemon_started "$TESTDIR/oswtest-daemon.pid"
pid=$(cat "$TESTDIR/oswtest-daemon.pid")
sock=$TESTDIR/oswtest-daemon.$pid.ctl
[ -S "$sock" ] || fail "no control socket $sock"

appctl() {
    osw-appctl -t oswtest-daemon "$@"
}

# Results go to stdout, with a final newline.
check_output "a b  c" appctl echo a "b " c
check_output "$pid" appctl pid
[ "$(appctl echo x | od -An -c | tr -d ' \n')" = 'x\n' ] \
    || fail "result without a final newline"
# An empty result prints nothing at all.
[ -z "$(appctl echo | od -An -c)" ] || fail "empty result printed something"

# Built-ins.
version=$(osw-appctl --version | sed 's/^osw-appctl //')
check_output "oswtest-daemon $version" appctl version
appctl list-commands > commands
head -1 commands | grep -qx 'The available commands are:' \
    || fail "list-commands header"
for c in echo exit fail list-commands log pid version vlog/list \
         vlog/list-pattern vlog/reopen vlog/close vlog/set; do
    grep -q "^  $c\( \|\$\)" commands || fail "list-commands lacks $c"
done
grep -qx '  echo                    \[ARG...\]' commands \
    || fail "list-commands layout"
tail -n +2 commands | LC_ALL=C sort -c || fail "list-commands not sorted"

# Errors: the daemon's message on stderr, exit status 2.
expect_error() {
    local expected=$1 status
    shift
    set +e
    appctl "$@" > out 2> err
    status=$?
    set -e
    [ $status -eq 2 ] || fail "$* exited with $status, not 2"
    [ ! -s out ] || fail "$* printed on stdout: $(cat out)"
    head -1 err | grep -qxF "$expected" \
        || fail "$*: expected '$expected', got '$(cat err)'"
    grep -qxF "osw-appctl: oswtest-daemon: server returned an error" err \
        || fail "$*: no 'server returned an error' line"
}
expect_error 'it broke' fail 'it broke'
expect_error '"nosuch" is not a valid command (use "list-commands" to see a list of valid commands)' nosuch
expect_error '"fail" command requires at least 1 arguments' fail
expect_error '"pid" command takes at most 0 arguments' pid extra
expect_error '"log" command requires at least 2 arguments' log info

# Many clients at once.
for i in $(seq 20); do
    appctl echo "client $i" > "out.$i" &
done
wait
for i in $(seq 20); do
    check_output "client $i" cat "out.$i"
done

# Clients that connect and then say nothing, or only half a request, do
# not block the others.
if command -v python3 >/dev/null; then
    spawn python3 -c '
import socket, sys, time
a = socket.socket(socket.AF_UNIX); a.connect(sys.argv[1])
b = socket.socket(socket.AF_UNIX); b.connect(sys.argv[1])
b.sendall(b"{\"method\": \"echo\", \"par")
open(sys.argv[2], "w").close()
time.sleep(60)' "$sock" "$TESTDIR/idle-connected"
    wait_until "[ -e '$TESTDIR/idle-connected' ]"
    check_output "still served" appctl echo still served
fi

# "exit" answers, then the daemon goes away with its files.
check_output "" appctl exit
wait_until "! kill -0 $pid"
forget_pid "$pid"
[ ! -e "$sock" ] || fail "control socket left behind"
[ ! -e "$TESTDIR/oswtest-daemon.pid" ] || fail "pidfile left behind"
