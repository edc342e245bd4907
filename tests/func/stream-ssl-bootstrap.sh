# stream-ssl-bootstrap: --bootstrap-ca-cert.  A client without a CA
# certificate trusts the server's CA on first contact, saves it, and from
# then on holds every server to it; a CA certificate that cannot be saved
# is not trusted; a listener cannot bootstrap.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/stream-ssl-pki.bash"

make_ca ca
make_ca other
make_cert server ca
make_cert client ca
make_cert impostor other

# The server sends its CA certificate along with its own.
start_listener server pssl:0:127.0.0.1 $(pki server) --ca-cert=ca-cert.pem \
    --peer-ca-cert=ca-cert.pem
SSL=ssl:127.0.0.1:$PORT

# First contact: the client saves the CA certificate and says so.
mkdir client
check_output "first contact" oswtest-stream $(pki client) \
    --bootstrap-ca-cert=client/ca.pem -vstream_ssl:console:info \
    send "$SSL" "first contact" 2> bootstrap.err
[ -f client/ca.pem ] || fail "CA certificate not saved"
cmp client/ca.pem ca-cert.pem || fail "saved CA certificate differs"
expect_error bootstrap.err "bootstrapped CA certificate"
expect_error bootstrap.err "SHA-256 fingerprint"
[ "$(ls client)" = ca.pem ] || fail "other files in client/: $(ls client)"

# Later contacts use the saved file.
check_output "again" oswtest-stream $(pki client) \
    --bootstrap-ca-cert=client/ca.pem send "$SSL" "again"
check_output "plain" oswtest-stream $(pki client) --ca-cert=client/ca.pem \
    send "$SSL" "plain"

# A server from another CA is now refused, even one that sends its CA.
start_listener impostor pssl:0:127.0.0.1 $(pki impostor) \
    --ca-cert=ca-cert.pem --peer-ca-cert=other-cert.pem
check_fails oswtest-stream $(pki client) --bootstrap-ca-cert=client/ca.pem \
    send "ssl:127.0.0.1:$PORT" "x" 2> to-impostor.err
expect_error to-impostor.err "peer certificate rejected"
cmp client/ca.pem ca-cert.pem || fail "saved CA certificate changed"

# A CA certificate that cannot be saved is not trusted.
check_fails oswtest-stream $(pki client) \
    --bootstrap-ca-cert=no-such-dir/ca.pem send "$SSL" "x" 2> nosave.err
expect_error nosave.err "could not save bootstrapped CA certificate"
[ ! -e no-such-dir ] || fail "no-such-dir appeared"

# A listener needs a CA certificate to check its clients with.
check_fails oswtest-stream $(pki server) --bootstrap-ca-cert=server-ca.pem \
    listen pssl:0:127.0.0.1 2> listener.err
expect_error listener.err "cannot bootstrap"
[ ! -e server-ca.pem ] || fail "listener created a CA file"
