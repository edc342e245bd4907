# l2-vlan-native: vlan_mode native-untagged and native-tagged with tag=10
# (native VLAN 10, every VLAN trunked).  Untagged frames from either
# belong to VLAN 10; VLAN 10 leaves native-untagged untagged and
# native-tagged tagged; other VLANs leave both tagged.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
require_ovsdb "VLANs"

start_switch
br_add br0
vm_add n "$br0" 10.1.0.1/24 tag=10 vlan_mode=native-untagged
vm_add m "$br0" 10.1.0.2/24 tag=10 vlan_mode=native-tagged
vm_add a "$br0" 10.1.0.3/24 tag=10
vm_add c "$br0" 10.1.0.4/24 tag=20

# Untagged traffic of the native-untagged port is VLAN 10.
vm_ready n 10.1.0.3
vm_ping a 10.1.0.1

# Untagged from n: VLAN 10.
pkt_exchange n "--count 2" m a c
rx_expect a 2
rx_expect a 0 "vlan="
rx_expect m 2 "vlan=10,pcp=0 type"
rx_expect c 0

# VLAN 20 from n.
pkt_exchange n "--vlan 20:2 --count 2" m a c
rx_expect c 2
rx_expect c 0 "vlan="
rx_expect m 2 "vlan=20,pcp=2 type"
rx_expect a 0

# From the VLAN 10 access port: untagged on n, tagged on m.
pkt_exchange a "--count 2" n m c
rx_expect n 2
rx_expect n 0 "vlan="
rx_expect m 2 "vlan=10,pcp=0 type"
rx_expect c 0

# From the VLAN 20 access port: tagged on both.
pkt_exchange c "--count 2" n m a
rx_expect n 2 "vlan=20,pcp=0 type"
rx_expect m 2 "vlan=20,pcp=0 type"
rx_expect a 0

# From native-tagged m, untagged and tagged 10: both VLAN 10.
for args in "--count 2" "--vlan 10 --count 2"; do
    pkt_exchange m "$args" n a c
    rx_expect a 2
    rx_expect a 0 "vlan="
    rx_expect n 2
    rx_expect n 0 "vlan="
    rx_expect c 0
done
switch_alive
