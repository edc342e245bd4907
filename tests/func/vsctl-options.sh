# vsctl-options: the global options (--db and its default, --no-wait,
# --timeout, --retry, --dry-run, --oneline, -v, --version, --help,
# --commands, --options), command options given before the first command
# or after "--", unique prefixes of long options, and "--" chaining of
# commands into one transaction.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"

# --db defaults to unix:$OSW_RUNDIR/db.sock.
make_db conf.db
oswdb-server --detach --no-chdir --pidfile="$TESTDIR/db.pid" \
    --unixctl="$TESTDIR/db.ctl" --log-file="$TESTDIR/db.log" \
    --remote=punix:"$TESTDIR/db.sock" conf.db
daemon_started "$TESTDIR/db.pid"
osw-vsctl --no-wait add-br br0
check_output br0 osw-vsctl list-br
check_output br0 osw-vsctl --db="unix:$TESTDIR/db.sock" list-br

# Connection errors.
expect_error "unix:$TESTDIR/nope.sock: database connection failed (No such file or directory)" \
    osw-vsctl --db="unix:$TESTDIR/nope.sock" list-br
expect_error "value x on -t or --timeout is invalid" osw-vsctl --timeout=x list-br

# --retry: keeps trying until the server is there.
make_db late.db
( sleep 1
  oswdb-server --detach --no-chdir --pidfile="$TESTDIR/late.pid" \
      --log-file="$TESTDIR/late.log" --unixctl="$TESTDIR/late.ctl" \
      --remote=punix:"$TESTDIR/late.sock" late.db ) &
check_output "" osw-vsctl --db="unix:$TESTDIR/late.sock" --retry --timeout=20 --no-wait \
    list-br
wait
daemon_started "$TESTDIR/late.pid"
# --timeout bounds --retry.
status=0
osw-vsctl --db="unix:$TESTDIR/never.sock" --retry --timeout=1 list-br \
    2> err || status=$?
[ $status = 1 ] || fail "--retry --timeout=1 gave status $status"
grep -q "timeout expired" err || fail "no timeout message: $(cat err)"

D="osw-vsctl --no-wait"

# --dry-run: everything is checked, nothing is committed.
db_dump db > before.dump
$D --dry-run add-br br1 -- add-port br1 p1 -- set Port p1 tag=5
db_dump db > after.dump
compare_files before.dump after.dump
check_output br0 $D list-br
expect_error "cannot create a bridge named br0 because a bridge named br0 already exists" \
    $D --dry-run add-br br0

# "--" chains commands into one transaction: all or nothing.
$D add-br br1 -- add-port br1 p1 -- set Port p1 tag=5 -- add-port br1 p2
check_output "p1
p2
5" $D list-ports br1 -- get Port p1 tag
db_dump db > before.dump
expect_error "no bridge named nope" $D add-port br1 p3 -- add-port nope p4
db_dump db > after.dump
compare_files before.dump after.dump
# Empty commands between "--"s are skipped; a command line needs one.
check_output "br0
br1
br0
br1" $D list-br -- -- list-br --
expect_error "missing command name (use --help for help)" $D
expect_error "missing command name (use --help for help)" $D --
expect_error "missing command name (use --help for help)" $D -- --if-exists
expect_error "unknown command 'nope'; use --help for help" $D nope

# --oneline: one line per command, "\n" and "\\" escaped, empty line for
# no output.
check_output 'br0\nbr1
p1\np2


x\\y' $D --oneline list-br -- list-ports br1 -- set Port p1 tag=6 \
    -- br-set-external-id br1 k 'x\y' -- br-get-external-id br1 k
$D --oneline list-br -- set Port p1 tag=6 > one
[ "$(wc -l < one)" = 2 ] || fail "--oneline: $(cat one)"
[ "$(tail -1 one)" = "" ] || fail "--oneline: no empty line"

# Command options: before the first command (global position), after
# "--", and their errors.
$D --may-exist add-br br0
$D -- --may-exist add-br br0
$D --if-exists del-br nope
expect_error "'del-br' command has no '--may-exist' option" $D --may-exist del-br x
expect_error "'list-br' command has no '--columns' option" $D --columns=name list-br
expect_error "'--may-exist' option specified multiple times" \
    $D --may-exist -- --may-exist add-br x
expect_error "missing argument to '--id' option on 'get' command" \
    $D -- --id get Port p1
expect_error "'--if-exists' option on 'get' does not accept an argument" \
    $D -- --if-exists=5 get Port p1
expect_error "'list-br' command takes at most 0 arguments (note that options must precede command names and follow a \"--\" argument)" \
    $D list-br --real
expect_error "'list-br' command takes at most 0 arguments" $D list-br x
expect_error "'add-br' command requires at least 1 arguments" $D add-br
status=0
$D --bogus list-br 2> err || status=$?
[ $status = 1 ] && grep -q "unrecognized option '--bogus'" err \
    || fail "unknown option: status $status, $(cat err)"

# Unique prefixes of long options, as getopt_long() accepts them (libvirt
# writes --no-heading).
check_output "p1" $D --no-heading --column=name --form=table list Port p1
check_output "p1" $D --no-head --col=name --bare list Port p1
check_output "br0
br1" $D --time=5 --no-w list-br
check_output "p1" $D --if-ex --colu=name --data=bare --no-headings list Port p1 nope

# -v and logging options.
$D -vjsonrpc:console:dbg list-br 2> log > /dev/null
grep -q 'jsonrpc|DBG|.*monitor' log || fail "-v did not enable debug logging"
$D -v list-br 2> log > /dev/null
[ -s log ] || fail "-v printed nothing"
$D --log-file="$TESTDIR/vsctl.log" -vfile:dbg list-br > /dev/null
[ -s vsctl.log ] || fail "--log-file wrote nothing"
$D --no-syslog list-br > /dev/null

# Information.
osw-vsctl --version > version
grep -q "^osw-vsctl (osw) " version || fail "--version: $(cat version)"
grep -qx "DB Schema 8.3.1" version || fail "--version: $(cat version)"
osw-vsctl --help > help
for word in "add-br BRIDGE" "add-bond BRIDGE PORT IFACE" "wait-until TBL REC" \
            "--db=DATABASE" "--no-wait" "--format=FORMAT" "Port:" \
            'via "qos" of Port with matching "name"'; do
    grep -qF -- "$word" help || fail "--help lacks $word"
done
osw-vsctl --commands > commands
grep -qx '\[--may-exist\] ,add-port,!BRIDGE !NEW-PORT \*COLUMN?:KEY=VALUE' commands \
    || fail "--commands: $(grep add-port commands)"
grep -qx '\[--if-exists\] \[--columns=\] ,list,!TABLE \*RECORD' commands \
    || fail "--commands: $(grep ',list,' commands)"
[ "$(grep -c , commands)" -ge 45 ] || fail "--commands lists too few"
osw-vsctl --options > options
for o in --db=ARG --no-wait --dry-run --oneline --timeout=ARG "-t ARG" \
         --retry --format=ARG --data=ARG --no-headings --pretty --bare \
         --private-key=ARG --bootstrap-ca-cert=ARG --verbose=ARG; do
    grep -qx -- "$o" options || fail "--options lacks $o"
done
