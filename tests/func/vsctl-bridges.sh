# vsctl-bridges: add-br (real and fake), del-br, list-br [--real|--fake],
# br-exists (exit 2), br-to-vlan, br-to-parent, br-set-external-id,
# br-get-external-id, with their errors and --may-exist/--if-exists.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"

start_db
vs add-br br0
vs add-br br1 -- add-br fake0 br0 10 -- add-br fake1 br0 11
check_output "br0
br1
fake0
fake1" vs list-br
check_output "br0
br1" vs -- --real list-br
check_output "br0
br1" vs --real list-br
check_output "fake0
fake1" vs -- --fake list-br
check_output "br0
br1
fake0
fake1" vs --real --fake list-br

# A real bridge is a Bridge with a local internal port of its name; a fake
# bridge is a tagged internal port of its parent, flagged fake_bridge.
check_output "br0
internal" vs get Port br0 name -- get Interface br0 type
check_output "true
10
internal" vs get Port fake0 fake_bridge tag -- get Interface fake0 type
vs --bare --columns=name find Port fake_bridge=true | grep . | sort > fakes
check_output "fake0
fake1" cat fakes

check_output "0
10
br0
br0" vs br-to-vlan br0 -- br-to-vlan fake0 -- br-to-parent br0 \
    -- br-to-parent fake0

vs br-exists br0
vs br-exists fake1
status=0
vs br-exists nope || status=$?
[ $status = 2 ] || fail "br-exists of a missing bridge gave $status, not 2"

# --may-exist.
unchanged vs --may-exist add-br br0
unchanged vs -- --may-exist add-br fake0 br0 10
expect_error '"--may-exist add-br fake0" but fake0 is a VLAN bridge for VLAN 10' \
    vs --may-exist add-br fake0
expect_error '"--may-exist add-br br1 br0 10" but br1 is not a VLAN bridge' \
    vs --may-exist add-br br1 br0 10
expect_error '"--may-exist add-br fake0 br1 10" but fake0 has the wrong parent br0' \
    vs --may-exist add-br fake0 br1 10
expect_error '"--may-exist add-br fake0 br0 12" but fake0 is a VLAN bridge for the wrong VLAN 10' \
    vs --may-exist add-br fake0 br0 12

# Errors.
expect_error "cannot create a bridge named br0 because a bridge named br0 already exists" \
    vs add-br br0
vs add-port br0 p1
expect_error "cannot create a bridge named p1 because a port named p1 already exists on bridge br0" \
    vs add-br p1
vs add-bond br0 bond0 e1 e2
expect_error "cannot create a bridge named e1 because an interface named e1 already exists on bridge br0" \
    vs add-br e1
expect_error "parent bridge br-nope does not exist" vs add-br f br-nope 5
expect_error "add-br: vlan must be between 0 and 4095" vs add-br f br0 4096
expect_error "add-br: vlan must be between 0 and 4095" vs add-br f br0 -1
expect_error "cannot create bridge with fake bridge as parent" \
    vs add-br f fake0 5
expect_error "'add-br' command takes exactly 1 or 3 arguments" vs add-br a b
expect_error "'add-br' command requires at least 1 arguments" vs add-br
expect_error "'add-br' command takes at most 3 arguments" vs add-br a b c d
expect_error "no bridge named nope" vs del-br nope
expect_error "no bridge named nope" vs br-to-vlan nope
expect_error "no bridge named nope" vs br-to-parent nope
unchanged vs --if-exists del-br nope

# External ids: a real bridge's in its Bridge row, a fake bridge's in its
# port, prefixed "fake-bridge-".
vs br-set-external-id br0 bridge-id "my bridge" -- br-set-external-id br0 a b
check_output "a=b
bridge-id=my bridge" vs br-get-external-id br0
check_output "my bridge" vs br-get-external-id br0 bridge-id
check_output "" vs br-get-external-id br0 nope
vs br-set-external-id br0 a
check_output "bridge-id=my bridge" vs br-get-external-id br0
vs br-set-external-id fake0 k v
check_output "k=v" vs br-get-external-id fake0
check_output "v" vs br-get-external-id fake0 k
check_output '{fake-bridge-k=v}' vs get Port fake0 external_ids
check_output '{bridge-id="my bridge"}' vs get Bridge br0 external_ids
expect_error "no bridge named nope" vs br-set-external-id nope a b

# Deleting a fake bridge takes its ports; a real one, everything on it.
vs add-port fake0 fp0 -- add-port fake1 fp1
check_output "fp0" vs list-ports fake0
vs del-br fake0
check_output "br0
br1
fake1" vs list-br
check_output "bond0
p1" vs list-ports br0
check_output "fp1" vs list-ports fake1
check_output "" vs --columns=name find Port name=fp0
vs del-br br0
check_output "br1" vs list-br
check_output "br1" vs --bare --columns=name list Port
check_output "br1" vs --bare --columns=name list Interface
check_output "br1" vs --bare --columns=name list Bridge
