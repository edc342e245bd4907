# vsctl-compare-libvirt: libvirt's command lines (see vsctl-libvirt.sh)
# through osw-vsctl on oswdb-server and through Open vSwitch's ovs-vsctl
# on ovsdb-server: the same outputs, statuses and final contents.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"
require_ovs_vsctl

start_db osw
start_ovs_db ovs

cat > commands <<'COMMANDS'
add-br br0
--timeout=5 -- --may-exist add-port br0 vnet0 vlan_mode=native-tagged tag=10 -- set Interface vnet0 'external-ids:attached-mac="52:54:00:ce:51:53"' -- set Interface vnet0 'external-ids:iface-id="8d1a3b5c-1234-4c1d-9f7e-0a1b2c3d4e5f"' -- set Interface vnet0 'external-ids:vm-id="11111111-2222-3333-4444-555555555555"' -- set Interface vnet0 external-ids:iface-status=active
--timeout=5 -- --may-exist add-port br0 vnet1 vlan_mode=native-untagged tag=10 -- set Interface vnet1 'external-ids:attached-mac="52:54:00:ce:51:54"' -- set Interface vnet1 'external-ids:iface-id="8d1a3b5c-1234-4c1d-9f7e-0a1b2c3d4e60"' -- set Interface vnet1 'external-ids:vm-id="11111111-2222-3333-4444-555555555555"' -- set Interface vnet1 external-ids:iface-status=active
--timeout=5 -- --may-exist add-port br0 vnet2 trunk=20,30 -- set Interface vnet2 'external-ids:attached-mac="52:54:00:ce:51:55"' -- set Interface vnet2 'external-ids:iface-id="8d1a3b5c-1234-4c1d-9f7e-0a1b2c3d4e61"' -- set Interface vnet2 'external-ids:vm-id="11111111-2222-3333-4444-555555555555"' -- set Interface vnet2 external-ids:iface-status=active
--timeout=5 -- --may-exist add-port br0 vnet3 tag=10 -- set Interface vnet3 'external-ids:attached-mac="52:54:00:ce:51:56"' -- set Interface vnet3 'external-ids:iface-id="8d1a3b5c-1234-4c1d-9f7e-0a1b2c3d4e62"' -- set Interface vnet3 'external-ids:vm-id="11111111-2222-3333-4444-555555555555"' -- set Interface vnet3 external-ids:iface-status=active
--timeout=5 -- --may-exist add-port br0 vnet3 tag=10 -- set Interface vnet3 external-ids:iface-status=active
--columns=name,tag,trunks,vlan_mode list Port vnet0 vnet1 vnet2 vnet3
--columns=name,external_ids list Interface vnet0
--timeout=5 -- --if-exists clear Port vnet0 tag -- --if-exists clear Port vnet0 trunk -- --if-exists clear Port vnet0 vlan_mode -- --if-exists set Port vnet0 tag=20
--timeout=5 -- --if-exists clear Port nope tag -- --if-exists clear Port nope trunk -- --if-exists clear Port nope vlan_mode -- --if-exists set Port nope tag=20
--columns=name,tag,trunks,vlan_mode list Port vnet0
--timeout=5 iface-to-br vnet0
--timeout=5 iface-to-br nope
--timeout=5 --if-exists --format=list --data=json --no-headings --columns=statistics list Interface vnet0
--timeout=5 --if-exists --format=list --data=json --no-headings --columns=statistics list Interface nope
set Interface vnet0 statistics:rx_bytes=100 statistics:collisions=0 statistics:tx_packets=3
--timeout=5 --if-exists --format=list --data=json --no-headings --columns=statistics list Interface vnet0
--timeout=5 --if-exists get Interface vnet0 name
--timeout=5 --if-exists get Interface nope name
--timeout=5 --no-heading --columns=_uuid find queue 'external-ids:vm-id="11111111-2222-3333-4444-555555555555"' 'external-ids:ifname="vnet0"'
--timeout=5 --no-heading --columns=_uuid find qos 'external-ids:vm-id="11111111-2222-3333-4444-555555555555"' 'external-ids:ifname="vnet0"'
--timeout=5 set port vnet0 qos=@qos1 'external-ids:vm-id="11111111-2222-3333-4444-555555555555"' 'external-ids:ifname="vnet0"' -- --id=@qos1 create qos type=linux-htb other_config:min-rate=160000000 queues:0=@queue0 'external-ids:vm-id="11111111-2222-3333-4444-555555555555"' 'external-ids:ifname="vnet0"' -- --id=@queue0 create queue other_config:min-rate=160000000 'external-ids:vm-id="11111111-2222-3333-4444-555555555555"' 'external-ids:ifname="vnet0"'
--timeout=5 --no-heading --columns=_uuid find queue 'external-ids:vm-id="11111111-2222-3333-4444-555555555555"' 'external-ids:ifname="vnet0"'
--timeout=5 --no-heading --columns=_uuid find qos 'external-ids:vm-id="11111111-2222-3333-4444-555555555555"' 'external-ids:ifname="vnet0"'
--timeout=5 set Interface vnet0 ingress_policing_rate=40000
--columns=qos,external_ids list Port vnet0
--columns=type,other_config,external_ids list QoS
--columns=other_config,external_ids list Queue
--timeout=5 set Interface vnet0 ingress_policing_rate=0 ingress_policing_burst=0
--columns=ingress_policing_rate,ingress_policing_burst list Interface vnet0
--timeout=5 -- --if-exists del-port vnet0
--timeout=5 -- --if-exists del-port vnet0
--timeout=5 -- --if-exists del-port vnet1 -- --if-exists del-port vnet2 -- --if-exists del-port vnet3
list-ports br0
COMMANDS

compare_with_ovs commands
if grep -q '^rc=[1-9]' osw.out; then
    [ "$(grep -c '^rc=[1-9]' osw.out)" = 1 ] \
        || fail "only iface-to-br nope should fail"
fi
