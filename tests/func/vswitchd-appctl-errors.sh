# osw-vswitchd's control commands with bad arguments: each fails with a
# message on stderr and a nonzero status, and the daemon goes on (a
# control socket is outside input too).

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

start_db
start_vswitchd
vs add-br br0 -- add-port br0 p1 -- set Interface p1 type=dummy \
    ofport_request=1

# bad CMD [ARG]...: fails, says something, and the daemon still answers.
bad() {
    appctl "$@" >out.txt 2>err.txt && fail "appctl $* succeeded: $(cat out.txt)"
    test -s err.txt || fail "appctl $*: no error message"
    process_alive "$VSWITCHD_PID" || fail "osw-vswitchd died after: $*"
    appctl version >/dev/null || fail "osw-vswitchd does not answer after: $*"
}

long=$(printf 'x%.0s' $(seq 1 5000))
for cmd in fdb/show fdb/stats-show bridge/dump-flows; do
    bad $cmd nosuchbr
    bad $cmd "$long"
    bad $cmd br0 extra
done
bad fdb/flush nosuchbr
bad fdb/stats-clear nosuchbr
bad dpctl/show nosuchdp
bad dpctl/show -x
bad dpctl/show -s nosuchdp
bad dpctl/dump-flows nosuchdp
bad dpctl/del-flows nosuchdp
bad dpctl/drop-stats nosuchport
bad dpctl/cache-stats nosuchdp
bad ofproto/trace
bad ofproto/trace nosuchbr in_port=1
bad ofproto/trace br0 "in_port=1,nw_src=999.1.1.1"
bad ofproto/trace br0 "bogus_field=1"
bad ofproto/trace br0 "in_port(1),eth(src=zz)"
bad ofproto/trace br0 in_port=1 "$long"
bad netdev-dummy/receive
bad netdev-dummy/receive nosuchport 00
bad netdev-dummy/receive p1 "zz"
bad netdev-dummy/receive p1 "0"
bad netdev-dummy/receive p1 "in_port(1),eth(src=zz)"
bad netdev-dummy/receive p1 "$long"
bad vlog/set bogus:module:level
bad vlog/set ANY:nosuchdest:dbg
bad memory/show extra
bad coverage/show extra
bad nosuch/command
bad exit --bogus

# A runt is refused by the command, not fatal to the daemon.
appctl netdev-dummy/receive p1 "$(printf '%02x' $(seq 1 13))" >/dev/null \
    || :
process_alive "$VSWITCHD_PID" || fail "osw-vswitchd died on a runt"

stop_vswitchd
