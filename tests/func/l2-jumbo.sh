# l2-jumbo: VMs whose links all have MTU 9000 exchange 9000-byte IP
# packets (not fragmented) through the bridge; a VM with MTU 1500 on the
# same bridge still talks to them with ordinary packets.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

start_switch
br_add br0
vm_add a "" 10.1.0.1/24
vm_add b "" 10.1.0.2/24
vm_add c "$br0" 10.1.0.3/24
for v in a b; do
    ip link set "$(vm_port $v)" mtu 9000
    vm_exec "$v" ip link set eth0 mtu 9000
    port_add "$br0" "$(vm_port $v)"
done
vm_ready a "$(vm_ip b)"

vm_exec a ping -q -c 3 -i 0.2 -W 2 -M "do" -s 8972 "$(vm_ip b)" >/dev/null \
    || fail "9000-byte packets do not pass"
vm_exec b ping -q -c 3 -i 0.2 -W 2 -M "do" -s 8972 "$(vm_ip a)" >/dev/null \
    || fail "9000-byte packets do not pass back"
vm_ping c "$(vm_ip a)"
vm_ping b "$(vm_ip c)"
switch_alive
