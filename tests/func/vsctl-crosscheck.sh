# vsctl-crosscheck: the same command sequence run through Open vSwitch's
# ovs-vsctl --no-wait against oswdb-server, and through osw-vsctl
# --no-wait against Open vSwitch's ovsdb-server, gives equal database
# contents (dumps compared with uuids normalized) and equal "show" and
# "list" outputs.  Client and server are crossed, so each osw program is
# checked against the other one's reference implementation.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"
require_ovs_vsctl

start_db osw          # oswdb-server, driven by ovs-vsctl
start_ovs_db ovs      # ovsdb-server, driven by osw-vsctl

cat > commands <<'COMMANDS'
init
add-br br0 -- set Bridge br0 fail_mode=secure other_config:hwaddr=00:11:22:33:44:55
add-br br1 -- set Bridge br1 datapath_type=netdev
add-port br0 eth0 -- set Interface eth0 type=internal mtu_request=9000
add-port br0 vnet0 tag=10 vlan_mode=native-untagged -- set Interface vnet0 external-ids:iface-id=abc 'external-ids:attached-mac="52:54:00:00:00:01"'
add-port br0 vnet1 trunk=20,30 -- set Interface vnet1 ingress_policing_rate=1000 ingress_policing_burst=100
add-bond br0 bond0 eth1 eth2 bond_mode=balance-slb lacp=active
add-bond-iface bond0 eth3
del-bond-iface bond0 eth1
add-br fake0 br0 100
add-port fake0 fvnet0
add-port br1 vx0 -- set Interface vx0 type=vxlan options:remote_ip=192.168.1.20 options:key=flow
add-port br1 gre0 -- set Interface gre0 type=gre options:remote_ip=10.0.0.2
add-port br1 patch-a -- set Interface patch-a type=patch options:peer=patch-b
add-port br1 patch-b -- set Interface patch-b type=patch options:peer=patch-a
set-controller br0 tcp:127.0.0.1:6653 ptcp:6654:127.0.0.1
set-controller br1 unix:/tmp/none
set-fail-mode br1 standalone
set-manager ptcp:6640:127.0.0.1
set-ssl /etc/key.pem /etc/cert.pem /etc/ca.pem
br-set-external-id br0 bridge-id br0-id
br-set-external-id fake0 vlan-id hundred
-- --id=@p get Port vnet0 -- --id=@o get Port vnet1 -- --id=@m create Mirror name=m0 select_src_port=@p select_dst_port=@p output_port=@o -- add Bridge br0 mirrors @m
set Port vnet1 qos=@q -- --id=@q create QoS type=linux-htb other-config:max-rate=1000000 queues:0=@q0 queues:1=@q1 -- --id=@q0 create Queue other-config:min-rate=100000 -- --id=@q1 create Queue other-config:max-rate=500000
-- --id=@nf create NetFlow targets=\"10.0.0.1:2055\" active_timeout=60 -- set Bridge br0 netflow=@nf
-- --id=@sf create sFlow targets=\"10.0.0.1:6343\" sampling=64 header=128 -- set Bridge br1 sflow=@sf
set Open_vSwitch . external_ids:system-id=host1 other_config:n-handler-threads=2
add Bridge br0 flood_vlans 5 6 7
remove Bridge br0 flood_vlans 6
set Interface eth0 options:x=1 -- remove Interface eth0 options x
del-port br0 eth0
add-port br0 eth0
--with-iface del-port eth3
add-bond br0 bond1 eth4 eth5
clear Port vnet0 vlan_mode
COMMANDS

# Queries, run through both clients against both servers at the end.
cat > queries <<'QUERIES'
show
list-br
list-ports br0
list-ports fake0
list-ifaces br0
br-to-parent fake0
br-to-vlan fake0
get-controller br0
get-manager
get-ssl
br-get-external-id br0
br-get-external-id fake0
--columns=name,tag,trunks,vlan_mode,bond_mode,lacp list Port
--columns=name,type,options,external_ids,mtu_request list Interface
--columns=name,fail_mode,datapath_type,flood_vlans,other_config list Bridge
--columns=name,select_all list Mirror
--columns=type,other_config list QoS
--columns=other_config list Queue
--columns=targets,active_timeout list NetFlow
--columns=targets,sampling,header list sFlow
--columns=external_ids,other_config list Open_vSwitch
QUERIES

write_canon
run_lines ovs-vsctl "$TESTDIR/osw.sock" commands | python3 canon.py > a.out
run_lines osw-vsctl "$TESTDIR/ovs.sock" commands | python3 canon.py > b.out
compare_files a.out b.out
if grep -q '^rc=[1-9]' a.out; then
    grep -B3 '^rc=[1-9]' a.out >&2
    fail "some commands failed"
fi

# Equal contents.
oswdb-client dump "unix:$TESTDIR/osw.sock" Open_vSwitch | normalize_uuids \
    | sort > osw.dump
ovsdb-client dump "unix:$TESTDIR/ovs.sock" Open_vSwitch | normalize_uuids \
    | sort > ovs.dump
compare_files ovs.dump osw.dump

# Equal show and list, whichever client reads whichever server.
for client in ovs-vsctl osw-vsctl; do
    for server in osw ovs; do
        run_lines $client "$TESTDIR/$server.sock" queries \
            | python3 canon.py > "q-$client-$server.out"
    done
done
compare_files q-ovs-vsctl-ovs.out q-osw-vsctl-ovs.out
compare_files q-ovs-vsctl-ovs.out q-ovs-vsctl-osw.out
compare_files q-ovs-vsctl-ovs.out q-osw-vsctl-osw.out
grep -q 'Port fvnet0' q-osw-vsctl-osw.out || fail "show lacks the fake bridge's port"
