# oswdb-server-ssl: SSL remotes.  Keys and certificates given as files on
# the command line, or read from the database's SSL table
# (--private-key=db:Open_vSwitch,SSL,private_key ..., as ovs-ctl starts
# ovsdb-server) and set with "ovs-vsctl set-ssl"; a "pssl:" manager then
# accepts Open vSwitch's clients with certificates from the same CA and
# refuses others.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/stream-ssl-pki.bash"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_program ovs-vsctl
require_python

make_ca ca
make_ca other
make_cert server ca
make_cert client ca
make_cert intruder other

CLIENT="--private-key=client-key.pem --certificate=client-cert.pem \
        --ca-cert=ca-cert.pem"
VSCTL="ovs-vsctl --db=unix:$TESTDIR/db.sock --no-wait --timeout=10"

# Files on the command line.
make_db conf.db
port=$(free_tcp_port)
start_osw db conf.db --remote="pssl:$port:127.0.0.1" $(pki server) \
    --ca-cert=ca-cert.pem
$VSCTL init -- add-br br0
check_output br0 ovs-vsctl --db="ssl:127.0.0.1:$port" $CLIENT --no-wait \
    --timeout=10 list-br
if have_ovs; then
    check_output "Open_vSwitch
_Server" ovsdb-client $CLIENT list-dbs "ssl:127.0.0.1:$port"
fi
check_fails ovs-vsctl --db="ssl:127.0.0.1:$port" \
    --private-key=intruder-key.pem --certificate=intruder-cert.pem \
    --ca-cert=ca-cert.pem --no-wait --timeout=3 list-br 2> intruder.err
stop_server db

# Everything from the database: SSL table and Manager table.
start_osw db conf.db --remote=db:Open_vSwitch,Open_vSwitch,manager_options \
    --private-key=db:Open_vSwitch,SSL,private_key \
    --certificate=db:Open_vSwitch,SSL,certificate \
    --ca-cert=db:Open_vSwitch,SSL,ca_cert
$VSCTL set-ssl "$TESTDIR/server-key.pem" "$TESTDIR/server-cert.pem" \
    "$TESTDIR/ca-cert.pem"
port=$(free_tcp_port)
$VSCTL set-manager "pssl:$port:127.0.0.1"
wait_until "ovs-vsctl --db=ssl:127.0.0.1:$port $CLIENT --no-wait --timeout=3 list-br"
check_output br0 ovs-vsctl --db="ssl:127.0.0.1:$port" $CLIENT --no-wait \
    --timeout=10 list-br
ovs-vsctl --db="ssl:127.0.0.1:$port" $CLIENT --no-wait --timeout=10 \
    add-br br1
check_output "br0
br1" $VSCTL list-br
check_fails ovs-vsctl --db="ssl:127.0.0.1:$port" \
    --private-key=intruder-key.pem --certificate=intruder-cert.pem \
    --ca-cert=other-cert.pem --no-wait --timeout=3 list-br 2> intruder2.err
wait_until "$VSCTL get Manager . is_connected | grep -q false"
