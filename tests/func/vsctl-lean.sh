# vsctl-lean: osw-vsctl reads only what its commands need.  Adding a port
# to a bridge with many ports fetches the bridges' names and the rows
# named like the new port, not the other ports; a generic command on a
# named record fetches that record.  When the lean replica cannot answer
# (the name exists, a fake bridge is involved), osw-vsctl falls back to a
# full replica and gives the same answers and messages as ever.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"

start_db
args=(add-br br0)
for i in $(seq 1 300); do
    args+=(-- add-port br0 "port$i")
done
vs "${args[@]}"
[ "$(vs list-ports br0 | wc -l)" = 300 ] || fail "300 ports expected"

# dbg_vs ARG...: vs with the JSON-RPC traffic logged to "log".
dbg_vs() {
    vs -vjsonrpc:console:dbg "$@" 2> log
}

dbg_vs add-port br0 new1
grep -q '"where"' log || fail "no condition in the monitor request"
if grep -q 'port17' log; then
    fail "add-port fetched other ports"
fi
check_output br0 vs port-to-br new1

dbg_vs set Interface port5 external_ids:x=y -- get Port port5 name > /dev/null
if grep -q 'port17' log; then
    fail "set/get fetched other rows"
fi
check_output '{x=y}' vs get Interface port5 external_ids

dbg_vs --may-exist add-port br0 vnet0 tag=10 \
    -- set Interface vnet0 'external-ids:iface-id="x"' \
    -- set Interface vnet0 external-ids:iface-status=active
if grep -q 'port17' log; then
    fail "libvirt's add-port fetched other rows"
fi
check_output '{iface-id=x, iface-status=active}
10' vs get Interface vnet0 external_ids -- get Port vnet0 tag

# Fallbacks: a name that exists, --may-exist on an existing port, a fake
# bridge.
expect_error "cannot create a port named port7 because a port named port7 already exists on bridge br0" \
    vs add-port br0 port7
expect_error "cannot create an interface named port8 because a port named port8 already exists on bridge br0" \
    vs add-bond br0 b port9x port8
unchanged vs --may-exist add-port br0 port7
# (--may-exist ignores the settings of an existing port.)
unchanged vs --may-exist add-port br0 port7 tag=1
vs add-br br1 -- add-br fake0 br0 5
expect_error '"--may-exist add-port br1 port7" but port7 is actually attached to bridge br0' \
    vs --may-exist add-port br1 port7
vs add-port fake0 fp0
check_output "5
fake0" vs get Port fp0 tag -- port-to-br fp0
check_output "br0
br1
fake0" vs list-br
check_output "0
5" vs br-to-vlan br1 -- br-to-vlan fake0
vs del-br fake0
check_output "br0
br1" vs list-br
check_output "" vs --columns=name find Port name=fp0

# The full picture is right after all this.
check_output 302 bash -c "osw-vsctl --db=unix:$TESTDIR/osw.sock list-ports br0 | wc -l"
