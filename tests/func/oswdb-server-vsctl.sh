# oswdb-server-vsctl: Open vSwitch's ovs-vsctl works against oswdb-server
# exactly as against Open vSwitch's ovsdb-server: the same command
# sequence (bridges, ports, bonds, fake bridges, VLANs, controllers,
# mirrors, SSL, managers, errors) run against both servers, started on
# identical databases, prints the same output and exit statuses.  Uuids
# are normalized, and the nested lines of "show" sorted (it lists rows in
# uuid order, which differs between the two servers).

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_program ovs-vsctl
require_ovs
require_python

cat > commands <<'EOF'
init
add-br br0
add-port br0 p1 -- set Interface p1 type=internal
add-port br0 p2 tag=10 -- set Interface p2 ofport_request=5
add-bond br0 bond0 e1 e2 -- set Port bond0 bond_mode=balance-slb
set Port p1 tag=20 trunks=1,2,3
set Bridge br0 other_config:hwaddr=00:11:22:33:44:55 external_ids:x=y
add-br br1
add-br fake br0 30
set-controller br0 tcp:127.0.0.1:6653
set-fail-mode br0 secure
add-br br0
add-port br0 p1
del-br nope
--if-exists del-br nope
show
list-br
list-ports br0
list-ifaces br0
port-to-br p1
iface-to-br e1
br-to-vlan fake
br-to-parent fake
br-exists br1
br-exists nope
get Port p1 tag trunks
get Bridge br0 other_config:hwaddr fail_mode
list Bridge br0
list Port p1
--columns=name,tag find Port tag=20
--format=csv --columns=name,type --no-headings list Interface p1 e1 e2 br0 br1
-- --id=@m create Mirror name=m1 select_all=true -- add Bridge br0 mirrors @m
--columns=name,select_all list Mirror
clear Bridge br0 mirrors
--columns=name list Mirror
remove Port p1 trunks 2
add Port p1 trunks 7
get Port p1 trunks
set Interface p1 options:remote_ip=10.0.0.1 options:key=flow
get Interface p1 options
set Interface p1 mtu_request=1400
--format=json --columns=name,mtu_request list Interface p1
--format=table --columns=name,tag list Port p2
set Port p1 vlan_mode=bogus
set Port nope tag=1
get Port p1 nope
del-port br0 p2
del-br fake
del-br br1
wait-until Bridge br0 fail_mode=secure
-- set Open_vSwitch . external_ids:system-id=abc -- get Open_vSwitch . external_ids
--dry-run add-br br9
list-br
set-ssl /x/key.pem /x/cert.pem /x/ca.pem
get-ssl
del-ssl
get-ssl
set-manager tcp:127.0.0.1:1
get-manager
del-manager
get-manager
show
del-br br0
show
emer-reset
--columns=bridges list Open_vSwitch
EOF

cat > canon.py <<'EOF'
import sys
# Sorts, recursively, the indented lines under each line (ovs-vsctl "show"
# lists rows in uuid order, which differs between servers).
def parse(lines, i, indent):
    blocks = []
    while i < len(lines):
        line = lines[i]
        ind = len(line) - len(line.lstrip(' '))
        if ind < indent:
            break
        children, i = parse(lines, i + 1, ind + 1)
        blocks.append((line, children))
    return blocks, i
def emit(blocks, top):
    out = []
    for line, children in blocks:
        out.append(line)
        kids = [emit([b], False) for b in children]
        out.extend(l for k in sorted(kids) for l in k)
    return out
lines = sys.stdin.read().split('\n')
blocks, _ = parse(lines, 0, 0)
print('\n'.join(emit(blocks, True)))
EOF

# run_commands NAME: runs every command against server NAME.
run_commands() {
    local line
    while IFS= read -r line; do
        echo "### $line"
        eval "ovs-vsctl --db=unix:$TESTDIR/$1.sock --no-wait --timeout=10 \
              $line" 2>&1 && echo "rc=0" || echo "rc=$?"
    done < commands | normalize_uuids | python3 canon.py > "$1.out"
}

make_db osw.db
ovsdb-tool create ovs.db "$VSWITCH_SCHEMA"
start_osw osw osw.db
start_ovs ovs ovs.db
run_commands ovs
run_commands osw
compare_files ovs.out osw.out

# Sanity: the sequence did what it should.
grep -q '^ovs-vsctl: cannot create a bridge named br0 because a bridge' \
    osw.out || fail "duplicate bridge not refused"
[ "$(grep -c '^rc=0' osw.out)" -ge 50 ] || fail "too few commands succeeded"

# The file that oswdb-server wrote is one that ovsdb-tool reads, with the
# same contents.
stop_server osw
stop_server ovs
for db in osw ovs; do
    ovsdb-tool query "$db.db" \
        '["Open_vSwitch",{"op":"select","table":"Open_vSwitch","where":[],
          "columns":["external_ids","bridges"]}]' | normalize_uuids > "$db.q"
done
compare_files ovs.q osw.q
