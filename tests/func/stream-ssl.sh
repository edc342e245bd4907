# stream-ssl: ssl: and pssl: streams between processes: a client and a
# server with certificates from the same CA talk; certificates from another
# CA are refused in both directions; a client without a certificate cannot
# start; protocol versions must overlap.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/stream-ssl-pki.bash"

make_ca ca
make_ca other
make_cert server ca
make_cert client ca
make_cert intruder other

start_listener server pssl:0:127.0.0.1 $(pki server) --ca-cert=ca-cert.pem
SSL=ssl:127.0.0.1:$PORT

# A pair works, in both directions.
check_output "hello, tls" oswtest-stream $(pki client) --ca-cert=ca-cert.pem \
    send "$SSL" "hello, tls"

# Several clients at once.
pids=()
for i in $(seq 5); do
    oswtest-stream $(pki client) --ca-cert=ca-cert.pem \
        send "$SSL" "client $i" > "c$i.out" &
    pids+=($!)
done
for pid in "${pids[@]}"; do
    wait "$pid" || fail "a client failed"
done
for i in $(seq 5); do
    check_output "client $i" cat "c$i.out"
done

# A client whose certificate another CA signed is refused by the server.
check_fails oswtest-stream $(pki intruder) --ca-cert=ca-cert.pem \
    send "$SSL" "let me in" > intruder.out 2> intruder.err
[ ! -s intruder.out ] || fail "intruder got an answer: $(cat intruder.out)"
wait_until "grep -q 'peer certificate rejected.*CN=intruder' server.err"

# A client that trusts only another CA refuses the server.
check_fails oswtest-stream $(pki client) --ca-cert=other-cert.pem \
    send "$SSL" "x" 2> distrust.err
expect_error distrust.err "connection failed"
expect_error distrust.err "peer certificate rejected"

# No certificate, no SSL.
check_fails oswtest-stream --ca-cert=ca-cert.pem send "$SSL" "x" 2> nocert.err
expect_error nocert.err "Protocol not available"
expect_error nocert.err "private key must be configured"

# A missing file is reported as such.
check_fails oswtest-stream $(pki client) --ca-cert=missing.pem \
    send "$SSL" "x" 2> missing.err
expect_error missing.err "missing.pem: could not open CA certificate file"

# The server still serves.
check_output "still here" oswtest-stream $(pki client) \
    --ca-cert=ca-cert.pem send "$SSL" "still here"

# Protocol versions: a TLSv1.3-only server and a TLSv1.2-only client have
# nothing in common; a TLSv1.2 client talks to the default server.
check_output "tls 1.2" oswtest-stream $(pki client) --ca-cert=ca-cert.pem \
    --ssl-protocols=TLSv1.2 send "$SSL" "tls 1.2"
start_listener tls13 pssl:0:127.0.0.1 $(pki server) --ca-cert=ca-cert.pem \
    --ssl-protocols=TLSv1.3
check_fails oswtest-stream $(pki client) --ca-cert=ca-cert.pem \
    --ssl-protocols=TLSv1.2 send "ssl:127.0.0.1:$PORT" "x" 2> proto.err
expect_error proto.err "connection failed"
check_output "tls 1.3" oswtest-stream $(pki client) --ca-cert=ca-cert.pem \
    --ssl-protocols=TLSv1.3 send "ssl:127.0.0.1:$PORT" "tls 1.3"

# Cipher lists (for TLSv1.2) are passed to OpenSSL.
check_output "cipher" oswtest-stream $(pki client) --ca-cert=ca-cert.pem \
    --ssl-protocols=TLSv1.2 --ssl-ciphers=ECDHE-ECDSA-AES128-GCM-SHA256 \
    send "$SSL" "cipher"

# IPv6, if there is any.
if grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null; then
    start_listener six "pssl:0:[::1]" $(pki server) --ca-cert=ca-cert.pem
    check_output "six" oswtest-stream $(pki client) --ca-cert=ca-cert.pem \
        send "ssl:[::1]:$PORT" "six"
fi
