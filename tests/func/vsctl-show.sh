# vsctl-show: "show" prints the layout of ovs-vsctl's: the Open_vSwitch
# row's uuid, its managers (with is_connected), each bridge with its
# controllers (with is_connected), fail_mode and datapath_type, each port
# with tag and trunks, each interface with type, options and error, and
# ovs_version.  Rows at one level come in uuid order, so the expected
# texts below are compared with nested lines sorted.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"
require_python

start_db
write_canon
show() {
    vs show | python3 canon.py
}

# An empty database: ovs-vsctl creates the Open_vSwitch row.
vs init
UUID=$(vs get Open_vSwitch . _uuid)
check_output "$UUID" vs show

vs add-br br0
check_output "<uuid>
    Bridge br0
        Port br0
            Interface br0
                type: internal" show

vs -- set Open_vSwitch . ovs_version=3.1.0 \
   -- set-manager ptcp:6640 "tcp:[::1]:6641" \
   -- set-controller br0 tcp:127.0.0.1:6653 \
   -- set-fail-mode br0 secure \
   -- set Bridge br0 datapath_type=netdev \
   -- add-port br0 "p 1" tag=10 trunks=1,2 vlan_mode=native-tagged \
   -- set Interface "p 1" type=vxlan options:remote_ip=10.0.0.1 options:key=5 \
   -- add-bond br0 bond0 e1 e2 \
   -- set Interface e1 'error="could not open network device e1 (No such device)"' \
   -- add-br fake br0 20 \
   -- add-port fake fp1 \
   -- add-br br1
vs set Controller br0 is_connected=true \
   -- set Manager ptcp:6640 is_connected=true
check_output '<uuid>
    Bridge br0
        Controller "tcp:127.0.0.1:6653"
            is_connected: true
        Port "p 1"
            Interface "p 1"
                options: {key="5", remote_ip="10.0.0.1"}
                type: vxlan
            tag: 10
            trunks: [1, 2]
        Port bond0
            Interface e1
                error: "could not open network device e1 (No such device)"
            Interface e2
        Port br0
            Interface br0
                type: internal
        Port fake
            Interface fake
                type: internal
            tag: 20
        Port fp1
            Interface fp1
            tag: 20
        datapath_type: netdev
        fail_mode: secure
    Bridge br1
        Port br1
            Interface br1
                type: internal
    Manager "ptcp:6640"
        is_connected: true
    Manager "tcp:[::1]:6641"
    ovs_version: "3.1.0"' show

# Within one row, the order is fixed: controllers, fail_mode,
# datapath_type, then ports; interfaces' type before options before
# error; ovs_version last.
vs show > raw
# before A B: the first line containing A comes before the first with B.
before() {
    local a b
    a=$(grep -n -m1 -F "$1" raw | cut -d: -f1)
    b=$(grep -n -m1 -F "$2" raw | cut -d: -f1)
    [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ] \
        || fail "\"$1\" should come before \"$2\" in show"
}
before 'Controller "tcp:127.0.0.1:6653"' 'fail_mode: secure'
before 'fail_mode: secure' 'datapath_type: netdev'
before 'datapath_type: netdev' 'Port "p 1"'
before 'type: vxlan' 'options: {key='
before 'Manager "ptcp:6640"' 'Bridge br0'
[ "$(tail -1 raw)" = '    ovs_version: "3.1.0"' ] || fail "ovs_version not last"
[ "$(head -1 raw)" = "$UUID" ] || fail "show does not start with the uuid"

# Open vSwitch's ovs-vsctl prints the same for the same database.
if have_ovs && command -v ovs-vsctl >/dev/null; then
    ovs-vsctl --db="unix:$TESTDIR/osw.sock" show | python3 canon.py > ovs.show
    show > osw.show
    compare_files ovs.show osw.show
fi
