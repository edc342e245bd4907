# vsctl-ports: list-ports, add-port (with column settings), add-bond
# (--fake-iface, settings), add-bond-iface, del-bond-iface, del-port
# ([BRIDGE], --if-exists, --with-iface), port-to-br, list-ifaces,
# iface-to-br, and their errors.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"

start_db
vs add-br br0 -- add-br br1 -- add-br fake0 br0 10

# add-port, with settings for the new Port row (unique prefixes, keys).
vs add-port br0 p1
vs add-port br0 p2 tag=5 trunk=1,2 other-config:x=y 'external_ids:"a b"="c d"'
check_output '5
[1, 2]
{x=y}
{"a b"="c d"}' vs get Port p2 tag trunks other_config external_ids
check_output "p1
p2" vs list-ports br0
check_output "" vs list-ports br1
check_output "br0
br0" vs port-to-br p1 -- iface-to-br p2
# A port on a fake bridge gets its VLAN.
vs add-port fake0 fp1
check_output "10
fake0
fake0" vs get Port fp1 tag -- port-to-br fp1 -- iface-to-br fp1
check_output "fp1" vs list-ports fake0
check_output "p1
p2" vs list-ports br0

# Bonds.
vs add-bond br0 bond0 e1 e2 bond_mode=balance-slb lacp=active
check_output "balance-slb
active
false" vs get Port bond0 bond_mode lacp bond_fake_iface
check_output "e1
e2
p1
p2" vs list-ifaces br0
check_output "br0" vs iface-to-br e1
expect_error "no port named e1" vs port-to-br e1
vs --fake-iface add-bond br1 bond1 e3 e4
check_output "true" vs get Port bond1 bond_fake_iface
expect_error "add-bond requires at least 2 interfaces, but only 1 were specified" \
    vs add-bond br0 b e9 x=y
vs add-bond-iface bond0 e5
check_output "e1
e2
e5
p1
p2" vs list-ifaces br0
unchanged vs --may-exist add-bond-iface bond0 e5
expect_error "cannot create an interface named e5 because an interface named e5 already exists on bridge br0" \
    vs add-bond-iface bond0 e5
expect_error '"--may-exist add-bond-iface bond1 e5" but e5 is actually attached to port bond0' \
    vs --may-exist add-bond-iface bond1 e5
vs del-bond-iface bond0 e5
vs del-bond-iface e2
check_output "[$(vs get Interface e1 _uuid)]" vs get Port bond0 interfaces
expect_error "cannot delete last interface from port bond0" vs del-bond-iface e1
expect_error "port bond1 does not have an interface e1" vs del-bond-iface bond1 e1
expect_error "no interface named e9" vs del-bond-iface e9
unchanged vs --if-exists del-bond-iface e9
expect_error "no port named nope" vs add-bond-iface nope e9

# --may-exist add-port and add-bond.
unchanged vs --may-exist add-port br0 p1
unchanged vs --may-exist add-bond br1 bond1 e4 e3
expect_error '"--may-exist add-port br1 p1" but p1 is actually attached to bridge br0' \
    vs --may-exist add-port br1 p1
expect_error '"--may-exist add-bond br1 bond1 e3 e9" but bond1 actually has interface(s) e3, e4' \
    vs --may-exist add-bond br1 bond1 e3 e9
expect_error '"--may-exist add-port br1 bond1" but bond1 actually has interface(s) e3, e4' \
    vs --may-exist add-port br1 bond1

# Errors.
expect_error "cannot create a port named p1 because a port named p1 already exists on bridge br0" \
    vs add-port br1 p1
expect_error "cannot create a port named br1 because a bridge named br1 already exists" \
    vs add-port br0 br1
expect_error "cannot create a port named e1 because an interface named e1 already exists on bridge br0" \
    vs add-port br1 e1
expect_error "cannot create an interface named p2 because a port named p2 already exists on bridge br0" \
    vs add-bond br1 b9 e8 p2
expect_error "no bridge named nope" vs add-port nope x
expect_error "no bridge named nope" vs list-ports nope
expect_error "no bridge named nope" vs list-ifaces nope
expect_error "no port named nope" vs port-to-br nope
expect_error "no port named br0" vs port-to-br br0
expect_error "no interface named nope" vs iface-to-br nope
expect_error "Port does not contain a column whose name matches \"nope\"" \
    vs add-port br0 p9 nope=1
expect_error "constraint violation: 5000 is not in the valid range 0 to 4095 (inclusive)" \
    vs add-port br0 p9 tag=5000
check_output "" vs --columns=name find Port name=p9

# del-port.
expect_error "no port named nope" vs del-port nope
unchanged vs --if-exists del-port nope
expect_error "bridge br1 does not have a port p1" vs del-port br1 p1
expect_error "bridge br0 does not have a port fp1 (although its child bridge fake0 does)" \
    vs del-port br0 fp1
expect_error "cannot delete port br0 because it is the local port for bridge br0 (deleting this port requires deleting the entire bridge)" \
    vs del-port br0
unchanged vs --if-exists del-port br0
vs del-port fake0 fp1
vs del-port br0 p2
vs del-port p1
check_output "bond0" vs list-ports br0
expect_error "no port named e1" vs del-port e1
expect_error "no port or interface named nope" vs --with-iface del-port nope
vs --with-iface del-port e1
check_output "" vs list-ports br0
vs --with-iface del-port e3
check_output "" vs list-ports br1
# The rows are gone with their last reference.
check_output "br0
br1
fake0" bash -c "osw-vsctl --db=unix:$TESTDIR/osw.sock --bare --columns=name list Port | grep . | sort"
check_output "br0
br1
fake0" bash -c "osw-vsctl --db=unix:$TESTDIR/osw.sock --bare --columns=name list Interface | grep . | sort"
