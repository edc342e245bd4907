# vsctl-ssl: osw-vsctl reaches an "ssl:" database with --private-key,
# --certificate and --ca-cert (-p, -c, -C), or trusting the server's CA
# on first use with --bootstrap-ca-cert; a client without a certificate
# signed by the server's CA is refused.  Also over TCP.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/stream-ssl-pki.bash"
. "$srcdir/tests/func/vsctl-lib.bash"

make_ca ca
make_ca other
make_cert server ca
make_cert client ca
make_cert intruder other

make_db conf.db
port=$(free_tcp_port)
tport=$(free_tcp_port)
start_osw osw conf.db --remote="pssl:$port:127.0.0.1" $(pki server) \
    --ca-cert=ca-cert.pem --remote="ptcp:$tport:127.0.0.1"

vs add-br br0
check_output br0 osw-vsctl --db="ssl:127.0.0.1:$port" \
    --private-key=client-key.pem --certificate=client-cert.pem \
    --ca-cert=ca-cert.pem --no-wait --timeout=10 list-br
osw-vsctl --db="ssl:127.0.0.1:$port" -p client-key.pem -c client-cert.pem \
    -C ca-cert.pem --no-wait --timeout=10 add-br br1
check_output "br0
br1" vs list-br

# Bootstrap: the CA certificate file does not exist yet; the server's CA
# is trusted and saved.
osw-vsctl --db="ssl:127.0.0.1:$port" -p client-key.pem -c client-cert.pem \
    --bootstrap-ca-cert="$TESTDIR/boot-ca.pem" --no-wait --timeout=10 \
    list-br > boot.out 2> boot.err || :
wait_until "test -s $TESTDIR/boot-ca.pem"
check_output "br0
br1" osw-vsctl --db="ssl:127.0.0.1:$port" -p client-key.pem \
    -c client-cert.pem -C "$TESTDIR/boot-ca.pem" --no-wait --timeout=10 list-br

# Refused: a certificate from another CA.
check_fails osw-vsctl --db="ssl:127.0.0.1:$port" \
    --private-key=intruder-key.pem --certificate=intruder-cert.pem \
    --ca-cert=ca-cert.pem --no-wait --timeout=3 list-br 2> intruder.err
grep -q "database connection failed\|timeout expired" intruder.err \
    || fail "intruder: $(cat intruder.err)"

# TCP.
check_output "br0
br1" osw-vsctl --db="tcp:127.0.0.1:$tport" --no-wait --timeout=10 list-br
