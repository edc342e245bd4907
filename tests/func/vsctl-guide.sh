# vsctl-guide: the examples of Open vSwitch's guides and ovs-vsctl(8)
# (mirroring, QoS, policing, tunnels, VLANs, bonding, sFlow, NetFlow,
# IPFIX, STP, flow tables, patch ports) work as written, with the results
# the guides describe; when Open vSwitch is installed, also with the same
# outputs and contents as its ovs-vsctl.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"

start_db osw

cat > commands <<'COMMANDS'
add-br br0
add-port br0 eth0
add-port br0 eth1
add-port br0 p1
add-port br0 tap0
-- --id=@m create mirror name=M1 -- add bridge br0 mirrors @m
-- --id=@p get port p1 -- set mirror M1 select_src_port=@p select_dst_port=@p
-- --id=@p get port tap0 -- set mirror M1 output-port=@p
set mirror M1 select-all=true
--columns=name,select_all,select_src_port,output_port list Mirror
set port eth1 qos=@newqos -- --id=@newqos create qos type=linux-htb queues=0=@q0 -- --id=@q0 create queue other-config:min-rate=2000000 other-config:max-rate=2000000
--columns=type,queues list qos
--columns=other_config list queue
set port eth0 qos=@newqos -- --id=@newqos create qos type=linux-htb other-config:max-rate=1000000000 queues=0=@q0,1=@q1 -- --id=@q0 create queue other-config:min-rate=100000000 other-config:max-rate=100000000 -- --id=@q1 create queue other-config:min-rate=500000000
get qos eth0 other_config
clear Port eth1 qos -- clear Port eth0 qos
--all destroy QoS -- --all destroy Queue
list QoS
list Queue
set interface eth1 ingress_policing_rate=20000
set interface eth1 ingress_policing_burst=2000
get interface eth1 ingress_policing_rate ingress_policing_burst
add-port br0 vxlan1 -- set interface vxlan1 type=vxlan options:remote_ip=192.168.1.20
add-port br0 gre0 -- set interface gre0 type=gre options:remote_ip=1.2.3.4
add-port br0 patch0 -- set interface patch0 type=patch options:peer=patch1
get interface vxlan1 type options
add-port br0 tap1 tag=1
set port eth0 trunks=20,30
set port tap0 vlan_mode=native-untagged tag=2 trunks=2,3,4
--format=table --column=name,vlan_mode list port tap0
--format=table --column=name,tag,trunks list port tap0 tap1 eth0
add-bond br0 bond0 eth2 eth3 bond_mode=balance-slb
set port bond0 lacp=active
get port bond0 bond_mode lacp
-- --id=@sflow create sflow agent=eth1 target=\"10.0.0.1:6343\" header=128 sampling=64 polling=10 -- set bridge br0 sflow=@sflow
--columns=agent,targets,header,sampling,polling list sflow
-- set Bridge br0 netflow=@nf -- --id=@nf create NetFlow targets=\"192.168.0.34:5566\" active-timeout=30
--columns=targets,active_timeout list netflow
-- set Bridge br0 ipfix=@i -- --id=@i create IPFIX targets=\"192.168.0.34:4739\" obs_domain_id=123 obs_point_id=456 cache_active_timeout=60 cache_max_flows=13
--columns=targets,obs_domain_id,obs_point_id list ipfix
get NetFlow br0 active_timeout
get IPFIX br0 obs_domain_id
clear Bridge br0 sflow netflow ipfix
set Bridge br0 stp_enable=true other_config:stp-priority=0x7800
get Bridge br0 stp_enable other_config:stp-priority
set-controller br0 tcp:192.168.1.10:6653
set bridge br0 protocols=OpenFlow10,OpenFlow13
get bridge br0 protocols
-- --id=@ft create Flow_Table flow_limit=100 overflow_policy=evict groups='"NXM_OF_IN_PORT[]"' -- set Bridge br0 flow_tables:0=@ft
--columns=flow_limit,overflow_policy,groups list Flow_Table
clear bridge br0 mirrors
list mirror
show
COMMANDS

if have_ovs && command -v ovs-vsctl >/dev/null && command -v python3 >/dev/null
then
    start_ovs_db ovs
    compare_with_ovs commands
else
    run_lines osw-vsctl "$TESTDIR/osw.sock" commands > osw.out
fi
if grep -q '^rc=[1-9]' osw.out; then
    grep -B3 '^rc=[1-9]' osw.out >&2
    fail "a guide example failed"
fi

# What the guides say should come out.
check_output "[]" vs get Bridge br0 mirrors
check_output "20000
2000" vs get interface eth1 ingress_policing_rate ingress_policing_burst
check_output "vxlan
{remote_ip=\"192.168.1.20\"}" vs get interface vxlan1 type options
check_output "name vlan_mode
---- ---------------
tap0 native-untagged" \
    vs --format=table --column=name,vlan_mode list port tap0
check_output "balance-slb
active" vs get port bond0 bond_mode lacp
check_output "[]
[]
[]" vs get Bridge br0 sflow netflow ipfix
check_output 'true
"0x7800"' vs get Bridge br0 stp_enable other_config:stp-priority
check_output '[OpenFlow10, OpenFlow13]' vs get bridge br0 protocols
check_output '100
evict
NXM_OF_IN_PORT[]' \
    vs --bare --columns=flow_limit,overflow_policy,groups list Flow_Table
check_output '100 evict ["NXM_OF_IN_PORT[]"]' vs --format=table \
    --no-headings --columns=flow_limit,overflow_policy,groups list Flow_Table
check_output "" vs list QoS -- list Queue
