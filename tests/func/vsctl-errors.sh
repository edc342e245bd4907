# vsctl-errors: every mistake (no such bridge, port, interface, table,
# column or record; bad value, type, key or option; name clash; a port on
# another bridge; unknown command) prints exactly one line on stderr,
# "osw-vsctl: ...", exits with status 1 and changes nothing, even when
# earlier commands of the same invocation were fine.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"

start_db
vs add-br br0 -- add-br br1 -- add-port br0 p1 -- add-bond br0 bond0 e1 e2 \
   -- add-br fake0 br0 5

cat > bad <<'BAD'
add-br x -- add-br br0
add-br x -- add-br p1
add-br x -- add-br e1
add-port br0 x -- add-port br1 p1
add-port br0 x -- add-port br1 e2
add-port br0 x -- add-port nope y
add-port br0 x -- add-port br0 y tag=4096
add-port br0 x -- add-port br0 y nope=1
add-port br0 x -- add-port br0 y t=1
add-port br0 x -- --may-exist add-port br1 p1
add-bond br0 x a b -- add-bond br0 y c d e=f
add-bond-iface bond0 e3 -- add-bond-iface bond0 p1
del-bond-iface e1 -- del-bond-iface e2
del-port p1 -- del-port nope
del-port p1 -- del-port br1 bond0
del-port p1 -- del-port br0
del-br br1 -- del-br nope
del-br br1 -- br-to-vlan nope
set-controller br0 tcp:1.1.1.1 -- set-controller fake0 tcp:1.1.1.1
set-fail-mode br0 secure -- set-fail-mode br0 bogus
set Port p1 tag=1 -- set Port p1 tag=x
set Port p1 tag=1 -- set Port p1 name=x
set Port p1 tag=1 -- set Port p1 vlan_mode=bogus
set Port p1 tag=1 -- set Port p1 tag:x=1
set Port p1 tag=1 -- set Port nope tag=1
set Port p1 tag=1 -- set Nope p1 tag=1
set Port p1 tag=1 -- set Port p1 'other_config:"a'
set Port p1 tag=1 -- set Port p1 trunks=1,1
set Port p1 tag=1 -- set Port p1 trunks=1-5000
set Port p1 tag=1 -- set Bridge br0 fail_mode=open
set Port p1 tag=1 -- get Port p1 other_config:x
set Port p1 tag=1 -- add Port p1 tag 2
set Port p1 tag=1 -- remove Port p1 interfaces [interfaces]
set Port p1 tag=1 -- clear Port p1 interfaces
set Port p1 tag=1 -- create QoS nope=1
set Port p1 tag=1 -- --id=x create QoS type=a
set Port p1 tag=1 -- set Port p1 qos=@nope
set Port p1 tag=1 -- --all destroy QoS x
set Port p1 tag=1 -- find Port tag
set Port p1 tag=1 -- --columns=nope list Port
set Port p1 tag=1 -- list Port nope
set Port p1 tag=1 -- wait-until Port p1 tag=x
set Port p1 tag=1 -- nope
set Port p1 tag=1 -- list-br x
set Port p1 tag=1 -- --if-exists add-br x
set Port p1 tag=1 -- add-br a b
set Port p1 tag=1 -- --if-exists,--id=@x get Port p1 name
set Port p1 tag=1 -- get Port p1 other_config:
set Port p1 tag=1 -- get Port p1 other_config:x=y
set Port p1 tag=1 -- get Port p1 name:
set Port p1 tag=1 -- set Port p1 other_config:x=
set Port p1 tag=1 -- find Port name!=
BAD

# The interfaces of p1, for the "remove" line.
IFACES=$(vs get Port p1 interfaces | tr -d '[]')
sed -i "s/\[interfaces\]/$IFACES/" bad

db_dump osw > before.dump
n=0
while IFS= read -r line; do
    n=$((n + 1))
    status=0
    eval "osw-vsctl --db=unix:$TESTDIR/osw.sock --no-wait $line" \
        > out 2> err || status=$?
    [ $status = 1 ] || fail "\"$line\": exit status $status"
    [ ! -s out ] || fail "\"$line\": output $(cat out)"
    [ "$(wc -l < err)" = 1 ] || fail "\"$line\": stderr $(cat err)"
    grep -q '^osw-vsctl: ' err || fail "\"$line\": stderr $(cat err)"
    db_dump osw > after.dump
    cmp -s before.dump after.dump || fail "\"$line\" changed the database"
done < bad
[ $n -ge 49 ] || fail "only $n lines"

# A few messages word for word.
expect_error "cannot create a port named p1 because a port named p1 already exists on bridge br0" \
    vs add-port br1 p1
expect_error "cannot create an interface named e2 because an interface named e2 already exists on bridge br0" \
    vs add-bond br1 b x e2
expect_error "1,1: set contains duplicate value" vs set Port p1 trunks=1,1
expect_error 'constraint violation: bogus is not one of the allowed values ([access, dot1q-tunnel, native-tagged, native-untagged, trunk])' \
    vs set Port p1 vlan_mode=bogus
expect_error '"a: quoted string extends past end of argument' \
    vs set Port p1 'other_config:"a'
expect_error 'x\: backslash at end of argument' vs set Port p1 'other_config:x\'
expect_error 'other_config: argument does not end in "=" followed by a value.' \
    vs set Port p1 other_config
# An empty key, an operator in "get", an operator without a value: as
# ovs-vsctl 3.1 words them.
expect_error 'An empty string is not valid as input; use "" to represent the empty string' \
    vs get Port p1 other_config:
expect_error 'other_config:x=y: trailing garbage "=y" in argument' \
    vs get Port p1 other_config:x=y
expect_error 'cannot specify key to get for non-map column name' \
    vs get Port p1 name:
expect_error 'other_config:x=: argument does not end in "=" followed by a value.' \
    vs set Port p1 other_config:x=
# (fuzz-ctl) Options that "get" has, run together, are not an option.
expect_error "'get' command has no '--if-exists,--id' option" \
    vs -- --if-exists,--id=@x get Port p1 name
