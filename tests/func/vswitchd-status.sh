# osw-vswitchd writes its status back: Interface ofport (ofport_request
# honoured, 65534 for the bridge's own port, -1 with a clear error for a
# missing device), mac_in_use, mtu, admin/link state, statistics; Bridge
# datapath_id and datapath_version; Open_vSwitch versions, types and
# cur_cfg, so that osw-vsctl without --no-wait returns once the change is
# in force.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

# The command line.
osw-vswitchd --help | grep -q -- "--unixctl=SOCKET" || fail "--help"
osw-vswitchd --help | grep -q "unix:$TESTDIR/db.sock" \
    || fail "--help does not give the default database"
osw-vswitchd --version | grep -q "^osw-vswitchd (osw) " || fail "--version"
check_fails osw-vswitchd --bogus 2>/dev/null
check_fails osw-vswitchd unix:a unix:b 2>/dev/null

start_db
start_vswitchd

# cur_cfg follows next_cfg: these return only once applied.
vs add-br br0
vs add-port br0 p1 -- set Interface p1 type=dummy ofport_request=7
vs add-port br0 p2 -- set Interface p2 type=dummy
check_output "$(vsctl_get Open_vSwitch . next_cfg)" \
    vsctl_get Open_vSwitch . cur_cfg

check_output 7 vsctl_get Interface p1 ofport
check_output 1 vsctl_get Interface p2 ofport
check_output 65534 vsctl_get Interface br0 ofport
check_output "[]" vsctl_get Interface p1 error
mac_re='^"([0-9a-f]{2}:){5}[0-9a-f]{2}"$'
vsctl_get Interface p1 mac_in_use | grep -Eq "$mac_re" \
    || fail "mac_in_use: $(vsctl_get Interface p1 mac_in_use)"
check_output 1500 vsctl_get Interface p1 mtu
check_output up vsctl_get Interface p1 admin_state

# The local port is a tap device in the namespace, with the bridge's MAC.
in_ns ip link show br0 >/dev/null || fail "no br0 device"
mac=$(in_ns cat /sys/class/net/br0/address)
check_output "\"$mac\"" vsctl_get Interface br0 mac_in_use
check_output "$(in_ns cat /sys/class/net/br0/ifindex)" \
    vsctl_get Interface br0 ifindex

# A missing device: ofport -1 and Open vSwitch's wording.  osw-vsctl
# reports it too (and still succeeds: the change is in the database).
vs add-port br0 nosuch0 2> err.txt || fail "add-port failed"
grep -q "could not open network device nosuch0 (No such device)" err.txt \
    || fail "osw-vsctl did not report the error: $(cat err.txt)"
check_output -1 vsctl_get Interface nosuch0 ofport
check_output '"could not open network device nosuch0 (No such device)"' \
    vsctl_get Interface nosuch0 error
check_output down vsctl_get Interface nosuch0 link_state
# ... and the other ports are untouched.
check_output 7 vsctl_get Interface p1 ofport

# Bridge and Open_vSwitch columns.
vsctl_get Bridge br0 datapath_id | grep -Eq '^"[0-9a-f]{16}"$' \
    || fail "datapath_id: $(vsctl_get Bridge br0 datapath_id)"
check_output '"<built-in>"' vsctl_get Bridge br0 datapath_version
version=$(osw-vswitchd --version | sed -n 's/.* \([0-9][^ ]*\)$/\1/p' \
    | head -1)
check_output "\"$version\"" vsctl_get Open_vSwitch . ovs_version
schema_version=$(sed -n 's/^ *"version": "\([^"]*\)".*/\1/p' \
    "$VSWITCH_SCHEMA" | head -1)
check_output "\"$schema_version\"" vsctl_get Open_vSwitch . db_version
check_output "[netdev, system]" vsctl_get Open_vSwitch . datapath_types
types=$(vsctl_get Open_vSwitch . iface_types)
for t in dummy internal system tap; do
    case $types in *"$t"*) ;; *) fail "iface_types lacks $t: $types" ;; esac
done
if [ -r /etc/os-release ]; then
    id=$(. /etc/os-release && echo "$ID")
    vsctl_get Open_vSwitch . system_type | grep -q "$id" \
        || fail "system_type: $(vsctl_get Open_vSwitch . system_type)"
fi

# other_config:datapath-id is honoured; a bad one is ignored.
vs set Bridge br0 other_config:datapath-id=00000000000000ab
check_output '"00000000000000ab"' vsctl_get Bridge br0 datapath_id
vs set Bridge br0 other_config:datapath-id=xyz
vsctl_get Bridge br0 datapath_id | grep -Eq '^"[0-9a-f]{16}"$' \
    || fail "datapath_id after a bad datapath-id"
test "$(vsctl_get Bridge br0 datapath_id)" != '"00000000000000ab"' \
    || fail "bad datapath-id kept the old one"
# other_config:hwaddr gives the bridge's MAC and datapath id.
vs remove Bridge br0 other_config datapath-id \
    -- set Bridge br0 other_config:hwaddr=00:11:22:33:44:55
check_output '"0000001122334455"' vsctl_get Bridge br0 datapath_id
br0_mac() { in_ns cat /sys/class/net/br0/address; }
wait_until 'test "$(br0_mac)" = 00:11:22:33:44:55'

# datapath_type: "", "netdev" and "system" all run on the userspace
# datapath; "system" warns once that there is no kernel datapath.
vs set Bridge br0 datapath_type=system
vs add-br br9 -- set Bridge br9 datapath_type=system
vs set Bridge br9 datapath_type=netdev
check_output 1 log_count "kernel datapath is not available"
check_output 7 vsctl_get Interface p1 ofport
check_output 65534 vsctl_get Interface br9 ofport
vs del-br br9

# A type osw does not have: a clear error, nothing else disturbed.
vs add-port br0 tun0 -- set Interface tun0 type=vxlan \
    options:remote_ip=192.0.2.9 2>/dev/null
check_output -1 vsctl_get Interface tun0 ofport
vsctl_get Interface tun0 error | grep -q "could not open network device tun0" \
    || fail "tun0 error: $(vsctl_get Interface tun0 error)"
vs del-port tun0

# Statistics appear (at once for a new interface, then every 5 s).
wait_until "vsctl_get Interface p1 statistics | grep -q rx_packets"
vsctl_get Interface p1 statistics | grep -q "tx_dropped=" \
    || fail "no tx_dropped: $(vsctl_get Interface p1 statistics)"

# Keys another client writes to these maps are left alone (partial
# updates), through a full status pass (every 5 s).
vs set Interface p1 status:owner=other statistics:custom=42
sleep 6
vsctl_get Interface p1 status | grep -q "owner=other" \
    || fail "status key lost: $(vsctl_get Interface p1 status)"
vsctl_get Interface p1 statistics | grep -q "custom=42" \
    || fail "statistics key lost: $(vsctl_get Interface p1 statistics)"
vsctl_get Interface p1 statistics | grep -q "rx_packets=" \
    || fail "statistics: $(vsctl_get Interface p1 statistics)"

# del-port: the interface leaves the bridge.
vs del-port br0 p2
appctl memory/show | grep -q "interfaces:3 " \
    || fail "memory/show: $(appctl memory/show)"
check_fails vsctl_get Interface p2 ofport 2>/dev/null
check_output 7 vsctl_get Interface p1 ofport

# del-br removes the bridge and its local device.
vs del-br br0
wait_until "! in_ns ip link show br0"
appctl memory/show | grep -q "bridges:0 " \
    || fail "memory/show: $(appctl memory/show)"
stop_vswitchd
