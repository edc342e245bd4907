# vsctl-libvirt: the exact command lines libvirt runs for
# <virtualport type='openvswitch'/> interfaces (src/util/virnetdevopenvswitch.c):
# attach with each VLAN shape, live VLAN change, queries, bandwidth (QoS,
# queues, policing) and its clean-up, detach.  libvirt relies on
# ovs-vsctl's unique prefixes ("trunk" for "trunks", "--no-heading" for
# "--no-headings"), on "--if-exists" making missing records harmless, and
# on the exact output formats it parses.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"

start_db
vs add-br br0

VM=11111111-2222-3333-4444-555555555555
IFID=8d1a3b5c-1234-4c1d-9f7e-0a1b2c3d4e5f

# attach NAME VLAN-ARGS...: libvirt's virNetDevOpenvswitchAddPort.
attach() {
    local name=$1
    shift
    vs --timeout=5 -- --may-exist add-port br0 "$name" "$@" \
        -- set Interface "$name" "external-ids:attached-mac=\"52:54:00:ce:51:53\"" \
        -- set Interface "$name" "external-ids:iface-id=\"$IFID\"" \
        -- set Interface "$name" "external-ids:vm-id=\"$VM\"" \
        -- set Interface "$name" external-ids:iface-status=active
}

attach vnet0 vlan_mode=native-tagged tag=10
attach vnet1 vlan_mode=native-untagged tag=10
attach vnet2 trunk=20,30
attach vnet3 tag=10
attach vnet4
# Attaching again (libvirtd restart) changes nothing.
db_dump osw > before.dump
attach vnet3 tag=10
db_dump osw > after.dump
compare_files before.dump after.dump

check_output "vnet0 10 [] native-tagged
vnet1 10 [] native-untagged
vnet2 [] [20, 30] []
vnet3 10 [] []
vnet4 [] [] []" bash -c "for p in vnet0 vnet1 vnet2 vnet3 vnet4; do
    echo \$(osw-vsctl --db=unix:$TESTDIR/osw.sock get Port \$p name tag trunks vlan_mode)
done"
check_output "{attached-mac=\"52:54:00:ce:51:53\", iface-id=\"$IFID\", iface-status=active, vm-id=\"$VM\"}" \
    vs get Interface vnet0 external_ids
check_output "br0" vs list-br
check_output "vnet0
vnet1
vnet2
vnet3
vnet4" vs list-ports br0

# Live VLAN change (virNetDevOpenvswitchUpdateVlan).
vs --timeout=5 -- --if-exists clear Port vnet0 tag \
    -- --if-exists clear Port vnet0 trunk \
    -- --if-exists clear Port vnet0 vlan_mode \
    -- --if-exists set Port vnet0 tag=20
check_output "20
[]
[]" vs get Port vnet0 tag trunks vlan_mode
vs --timeout=5 -- --if-exists clear Port vnet2 tag \
    -- --if-exists clear Port vnet2 trunk \
    -- --if-exists clear Port vnet2 vlan_mode \
    -- --if-exists set Port vnet2 trunk=40,50 vlan_mode=trunk
check_output "[]
[40, 50]
trunk" vs get Port vnet2 tag trunks vlan_mode
# ... on a port that is gone: nothing happens, no error.
unchanged vs --timeout=5 -- --if-exists clear Port nope tag \
    -- --if-exists clear Port nope trunk \
    -- --if-exists clear Port nope vlan_mode \
    -- --if-exists set Port nope tag=20

# Queries.
check_output br0 vs --timeout=5 iface-to-br vnet0
expect_error "no interface named vnet9" vs --timeout=5 iface-to-br vnet9
check_output vnet0 vs --timeout=5 --if-exists get Interface vnet0 name
check_output "" vs --timeout=5 --if-exists get Interface vnet9 name
check_output '["map",[]]' vs --timeout=5 --if-exists --format=list \
    --data=json --no-headings --columns=statistics list Interface vnet0
# osw-vswitchd fills in the statistics; here we do.
vs set Interface vnet0 statistics:collisions=0 statistics:rx_bytes=1500 \
    statistics:rx_packets=10 statistics:tx_bytes=3000 statistics:tx_packets=20
check_output '["map",[["collisions",0],["rx_bytes",1500],["rx_packets",10],["tx_bytes",3000],["tx_packets",20]]]' \
    vs --timeout=5 --if-exists --format=list --data=json --no-headings \
    --columns=statistics list Interface vnet0
check_output "" vs --timeout=5 --if-exists --format=list --data=json \
    --no-headings --columns=statistics list Interface vnet9

# Bandwidth (virNetDevOpenvswitchInterfaceSetQos).
find_queue() {
    vs --timeout=5 --no-heading --columns=_uuid find queue \
        "external-ids:vm-id=\"$VM\"" 'external-ids:ifname="vnet0"'
}
find_qos() {
    vs --timeout=5 --no-heading --columns=_uuid find qos \
        "external-ids:vm-id=\"$VM\"" 'external-ids:ifname="vnet0"'
}
check_output "" find_queue
check_output "" find_qos
vs --timeout=5 set port vnet0 qos=@qos1 "external-ids:vm-id=\"$VM\"" \
    'external-ids:ifname="vnet0"' \
    -- --id=@qos1 create qos type=linux-htb other_config:min-rate=160000000 \
    queues:0=@queue0 "external-ids:vm-id=\"$VM\"" 'external-ids:ifname="vnet0"' \
    -- --id=@queue0 create queue other_config:min-rate=160000000 \
    "external-ids:vm-id=\"$VM\"" 'external-ids:ifname="vnet0"' > created
[ "$(wc -l < created)" = 2 ] || fail "create should print two uuids"
vs --timeout=5 set Interface vnet0 ingress_policing_rate=40000
QUEUE=$(find_queue)
QOS=$(find_qos)
echo "$QUEUE" | grep -Eqx '[0-9a-f-]{36}' || fail "bad queue uuid '$QUEUE'"
echo "$QOS" | grep -Eqx '[0-9a-f-]{36}' || fail "bad qos uuid '$QOS'"
check_output "$QOS" vs get Port vnet0 qos
check_output "linux-htb
{min-rate=\"160000000\"}
{0=$QUEUE}" vs get QoS "$QOS" type other_config queues
check_output "{min-rate=\"160000000\"}" vs get Queue "$QUEUE" other_config
check_output "{ifname=vnet0, vm-id=\"$VM\"}" vs get Port vnet0 external_ids
check_output 40000 vs get Interface vnet0 ingress_policing_rate
# The QoS row is also known as "the QoS of port vnet0".
check_output linux-htb vs get QoS vnet0 type

# Clean-up (virNetDevOpenvswitchInterfaceClearQos).
vs --timeout=5 remove port vnet0 qos "$QOS"
vs --timeout=5 destroy qos "$QOS"
vs --timeout=5 destroy queue "$QUEUE"
vs --timeout=5 set Interface vnet0 ingress_policing_rate=0 \
    ingress_policing_burst=0
check_output "[]" vs get Port vnet0 qos
check_output "" vs list QoS
check_output "" vs list Queue
check_output "0
0" vs get Interface vnet0 ingress_policing_rate ingress_policing_burst

# Detach (virNetDevOpenvswitchRemovePort), twice: the second is harmless.
vs --timeout=5 -- --if-exists del-port vnet0
vs --timeout=5 -- --if-exists del-port vnet0
check_output "vnet1
vnet2
vnet3
vnet4" vs list-ports br0
expect_error 'no row "vnet0" in table Interface' vs list Interface vnet0
for p in vnet1 vnet2 vnet3 vnet4; do
    vs --timeout=5 -- --if-exists del-port "$p"
done
check_output "" vs list-ports br0
check_output "br0" vs list-ifaces br0 -- list-br
