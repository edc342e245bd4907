# controller-ssl: the same as controller-osken over ssl: the switch's key,
# certificate and CA come from the SSL table (osw-vsctl set-ssl), the
# controller's from os-ken's --ctl-privkey/--ctl-cert/--ca-certs; both
# sides check the peer's certificate against the CA: the switch refuses
# a controller whose certificate another CA signed.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
. "$srcdir/tests/func/controller-lib.bash"
require_ovsdb "OpenFlow controllers"
cd "$TESTDIR"
. "$srcdir/tests/func/stream-ssl-pki.bash"

make_ca ca
make_cert switch ca
make_cert controller ca

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24

vsctl set-ssl "$TESTDIR/switch-key.pem" "$TESTDIR/switch-cert.pem" \
    "$TESTDIR/ca-cert.pem"

# An impostor: a controller whose certificate another CA signed (it
# trusts the switch's CA itself, so only the switch's check can refuse
# it).  The switch tries, and never counts it as connected.
make_ca rogue
make_cert impostor rogue
rport=$(free_tcp_port)
start_osken "$rport" --ofp-ssl-listen-port "$rport" \
    --ctl-privkey "$TESTDIR/impostor-key.pem" \
    --ctl-cert "$TESTDIR/impostor-cert.pem" \
    --ca-certs "$TESTDIR/ca-cert.pem"
vsctl set-controller "$br0" "ssl:127.0.0.1:$rport"
if [ "$L2_BACKEND" = ovs ]; then
    sleep 4
else
    wait_until "grep -q 'ssl:127.0.0.1:$rport: peer certificate rejected' \
        $TESTDIR/osw-vswitchd.log" 10 \
        || fail "the switch did not refuse the impostor's certificate"
    sleep 2
fi
_controller_connected \
    && fail "connected to a controller with a rogue certificate: $(vsctl show)"
ofctl dump-flows "$br0" | grep -q 'CONTROLLER' \
    && fail "the impostor installed flows: $(ofctl dump-flows "$br0")"
stop_osken

# With a key and certificate, os-ken listens for SSL only.
port=$(free_tcp_port)
start_osken "$port" --ofp-ssl-listen-port "$port" \
    --ctl-privkey "$TESTDIR/controller-key.pem" \
    --ctl-cert "$TESTDIR/controller-cert.pem" \
    --ca-certs "$TESTDIR/ca-cert.pem"

vsctl set-controller "$br0" "ssl:127.0.0.1:$port"
wait_connected "$br0"
vsctl show | grep -q "ssl:127.0.0.1:$port" || fail "$(vsctl show)"

vm_ready a 10.1.0.2
vm_ping a 10.1.0.2 5
vm_ping b 10.1.0.1 5
wait_until "ofctl dump-flows $br0 | grep -q 'priority=1,in_port='"
switch_alive
