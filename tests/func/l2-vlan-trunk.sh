# l2-vlan-trunk: a trunk port (trunks=20,30,40) sends and receives tagged
# frames: VLAN 20 from the trunk reaches the tag=20 access VM untagged and
# the access VM's frames reach the trunk tagged 20; a trunk-to-trunk frame
# keeps its PCP; VLAN 50 and untagged frames on the trunk, and tagged
# frames on an access port, are dropped and counted.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
require_ovsdb "VLANs"

start_switch
br_add br0
vm_add t "$br0" 10.1.0.1/24 trunks=20,30,40
vm_add u "$br0" 10.1.0.2/24 trunks=30
vm_add c "$br0" 10.1.0.3/24 tag=20
vm_add a "$br0" 10.1.0.4/24 tag=10
vm_add a2 "$br0" 10.1.0.5/24 tag=10
vm_ready a 10.1.0.5

# Tagged VLAN 20 from the trunk: to the tag=20 VM only, untagged.
pkt_exchange t "--vlan 20:3 --count 3" u c a
rx_expect c 0 "vlan="
rx_expect c 3
rx_expect u 0
rx_expect a 0

# From the access VM: to the trunk, tagged 20.
pkt_exchange c "--count 3" t u a
rx_expect t 3 "vlan=20,pcp=0 type"
rx_expect u 0
rx_expect a 0

# Trunk to trunk in VLAN 30: the PCP stays.
pkt_exchange t "--vlan 30:5 --count 2" u c a
rx_expect u 2 "vlan=30,pcp=5 type"
rx_expect c 0

# VLAN 50 is not in the trunk's list, and untagged frames are not
# accepted there (VLAN 0 is not listed either): dropped, counted.
drop_count vlan_ingress
before=$DROP_COUNT
pkt_exchange t "--vlan 50 --count 4" u c a
pkt_exchange t "--count 2" u c a
rx_expect u 0
rx_expect c 0
rx_expect a 0
drop_grew vlan_ingress "$before" 6

# A tagged frame on an access port is dropped (and counted).
drop_count tagged_on_access
before=$DROP_COUNT
pkt_exchange c "--vlan 20 --count 3" t u a
pkt_exchange a "--vlan 10 --count 2" t a2
rx_expect t 0
rx_expect a2 0
drop_grew tagged_on_access "$before" 5
switch_alive
