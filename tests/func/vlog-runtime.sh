# vlog-runtime: a running daemon's logging is controlled over unixctl:
# vlog/set changes levels and patterns (and vlog/list shows it), bad specs
# are refused without changing anything, vlog/reopen after the log file was
# moved (as logrotate does) creates a new file that receives the new lines,
# vlog/close stops file logging.  Messages are logged with the daemon's
# "log LEVEL MSG" command.

. "$srcdir/tests/lib.sh"

require_program oswtest-daemon
require_program osw-appctl

cd "$TESTDIR"

# -v on the command line sets the initial levels.
oswtest-daemon --detach --pidfile --log-file -vconsole:off \
    -voswtest_daemon:file:warn
daemon_started "$TESTDIR/oswtest-daemon.pid"
pid=$(cat "$TESTDIR/oswtest-daemon.pid")
log=$TESTDIR/oswtest-daemon.log     # OSW_LOGDIR/PROGRAM.log
[ -f "$log" ] || fail "no log file $log"

appctl() {
    osw-appctl -t oswtest-daemon "$@"
}

# row MODULE: the module's line of vlog/list, squeezed.
row() {
    appctl vlog/list | awk -v m="$1" '$1 == m { print $1, $2, $3, $4 }'
}

appctl vlog/list > list
head -2 list > header
printf '%s\n' "                 console    syslog    file" \
              "                 -------    ------    ------" | cmp - header \
    || fail "vlog/list header: $(cat header)"
check_output "oswtest_daemon OFF ERR WARN" row oswtest_daemon
check_output "unixctl OFF ERR INFO" row unixctl
tail -n +3 list | awk '{print $1}' | LC_ALL=C sort -c \
    || fail "vlog/list not sorted"

appctl log info "info before"
appctl log warn "warn before"
grep -q "|oswtest_daemon|WARN|warn before\$" "$log" || fail "warn not logged"
! grep -q "info before" "$log" || fail "info logged at file level warn"

# Raise the file level at runtime.
check_output "" appctl vlog/set oswtest_daemon:file:dbg
check_output "oswtest_daemon OFF ERR DBG" row oswtest_daemon
appctl log dbg "debug now"
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z\|[0-9]{5}\|oswtest_daemon\|DBG\|debug now$' \
    "$log" || fail "dbg line missing or malformed: $(tail -1 "$log")"

# Spaces work as separators, and several specs apply together.
check_output "" appctl vlog/set "unixctl syslog warn" ANY:file:info
check_output "unixctl OFF WARN INFO" row unixctl
check_output "oswtest_daemon OFF ERR INFO" row oswtest_daemon

# Bad specs: an error, and nothing changes.
expect_error() {
    local expected=$1 status
    shift
    set +e
    appctl "$@" > out 2> err
    status=$?
    set -e
    [ $status -eq 2 ] || fail "$* exited with $status, not 2"
    head -1 err | grep -qxF "$expected" \
        || fail "$*: expected '$expected', got '$(cat err)'"
}
expect_error "unknown module 'nosuch'" vlog/set nosuch:dbg
expect_error "unknown level 'loud'" vlog/set oswtest_daemon:file:loud
expect_error "unknown module 'nosuch'" vlog/set oswtest_daemon:file:dbg \
    nosuch
expect_error '"vlog/set" command requires at least 1 arguments' vlog/set
check_output "oswtest_daemon OFF ERR INFO" row oswtest_daemon

# Patterns.
check_output "" appctl vlog/set "PATTERN:file:%c: %p: %m"
appctl vlog/list-pattern | grep -qx 'file         %c: %p: %m' \
    || fail "vlog/list-pattern: $(appctl vlog/list-pattern)"
appctl log info "patterned"
check_output "oswtest_daemon: INFO: patterned" tail -1 "$log"
check_output "" appctl vlog/set PATTERN:file:%c\|%p\|%m

# logrotate: move the file; lines keep going to the moved file until
# vlog/reopen, which creates a new file under the old name.
mv "$log" "$log.1"
appctl log info "after move"
check_output "oswtest_daemon|INFO|after move" tail -1 "$log.1"
[ ! -e "$log" ] || fail "log file came back by itself"
check_output "" appctl vlog/reopen
[ -f "$log" ] || fail "vlog/reopen did not create $log"
appctl log info "after reopen"
check_output "oswtest_daemon|INFO|after reopen" tail -1 "$log"
! grep -q "after reopen" "$log.1" || fail "new line went to the old file"
grep -q "opened log file $log\$" "$log" || fail "no 'opened log file' line"
# Reopening the file in place is harmless.
check_output "" appctl vlog/reopen
appctl log info "same file"
check_output "oswtest_daemon|INFO|same file" tail -1 "$log"

# vlog/close stops file logging; reopen then has nothing to reopen.
check_output "" appctl vlog/close
appctl log err "after close"
! grep -q "after close" "$log" "$log.1" || fail "logged after vlog/close"
expect_error "Logging to file not configured" vlog/reopen

check_output "" appctl exit
wait_until "! kill -0 $pid"
forget_pid "$pid"

# A relative --log-file name survives --detach's chdir: reopen still finds
# it in the directory it was given in.
oswtest-daemon --detach --pidfile --log-file=rel.log -vconsole:off
daemon_started "$TESTDIR/oswtest-daemon.pid"
pid=$(cat "$TESTDIR/oswtest-daemon.pid")
[ -f "$TESTDIR/rel.log" ] || fail "no $TESTDIR/rel.log"
mv rel.log rel.log.1
check_output "" appctl vlog/reopen
appctl log info "relative"
grep -q "|oswtest_daemon|INFO|relative\$" "$TESTDIR/rel.log" \
    || fail "relative log file not reopened"
check_output "" appctl exit
wait_until "! kill -0 $pid"
forget_pid "$pid"

# Bad -v specs and unwritable log files stop the daemon at start-up.
set +e
timeout 10 oswtest-daemon --pidfile=bad.pid -vnosuch:dbg 2> err
status=$?
set -e
[ $status -eq 1 ] || fail "bad -v: exit status $status"
grep -qx "oswtest-daemon: unknown module 'nosuch'" err \
    || fail "bad -v: $(cat err)"
set +e
timeout 10 oswtest-daemon --pidfile=bad.pid --log-file="$TESTDIR/no/such/x.log" \
    -vconsole:off 2> err
status=$?
set -e
[ $status -eq 1 ] || fail "bad --log-file: exit status $status"
grep -qF "could not open log file \"$TESTDIR/no/such/x.log\"" err \
    || fail "bad --log-file: $(cat err)"
