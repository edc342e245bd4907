# l2-vlan-dot1q-tunnel: ports with vlan_mode=dot1q-tunnel tag=100 push an
# 802.1ad service tag (TPID 0x88a8) over the customer's frame, tagged or
# not, toward trunks, and pop it toward tunnel ports; cvlans limits the
# customer VLANs a tunnel port carries.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
require_ovsdb "VLANs"

start_switch
# Open vSwitch parses one tag unless told more.
vsctl set Open_vSwitch . other_config:vlan-limit=2
br_add br0
vm_add q1 "$br0" 10.1.0.1/24 tag=100 vlan_mode=dot1q-tunnel
vm_add q2 "$br0" 10.1.0.2/24 tag=100 vlan_mode=dot1q-tunnel cvlans=10,20
vm_add t "$br0" 10.1.0.3/24 trunks=100
vm_add x "$br0" 10.1.0.4/24 trunks=10,20,30

pkt_path_ready q1 "--vlan 10" t

# Customer VLAN 10 from q1: to the trunk under service tag 100, to q2
# with only the customer tag; the trunk carrying VLANs 10, 20 and 30 sees
# nothing (the frame is in service VLAN 100).
pkt_exchange q1 "--vlan 10:4 --count 2" q2 t x
rx_expect t 2 "vlan=100,pcp=0,tpid=0x88a8 vlan2=10,pcp2=4 type"
rx_expect q2 2 "vlan=10,pcp=4 type"
rx_expect q2 0 "vlan2="
rx_expect x 0

# Untagged from q1: one service tag on the trunk; q2 does not carry
# customer VLAN 0 (its cvlans are 10 and 20).
pkt_exchange q1 "--count 2" q2 t x
rx_expect t 2 "vlan=100,pcp=0,tpid=0x88a8 type"
rx_expect q2 0
rx_expect x 0

# From the trunk, service VLAN 100 with customer VLAN 20: the service tag
# is popped toward both tunnel ports.
pkt_exchange t "--tpid 0x88a8 --vlan 100 --vlan 20 --count 2" q1 q2 x
rx_expect q1 2 "vlan=20,pcp=0 type"
rx_expect q1 0 "vlan2="
rx_expect q2 2 "vlan=20,pcp=0 type"
rx_expect x 0

# Customer VLAN 30 is not among q2's cvlans: dropped at q2.
pkt_exchange q2 "--vlan 30 --count 2" q1 t x
rx_expect q1 0
rx_expect t 0
rx_expect x 0
# ...but q1 carries every customer VLAN.
pkt_exchange q1 "--vlan 30 --count 2" q2 t x
rx_expect t 2 "vlan=100,pcp=0,tpid=0x88a8 vlan2=30,pcp2=0 type"
rx_expect q2 0
switch_alive
