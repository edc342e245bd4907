# Shared by the stream-ssl*.sh functional tests (sourced, not a test of its
# own): makes certificates with the openssl command and starts SSL echo
# servers.  Needs lib.sh sourced first and the current directory $TESTDIR.

require_program openssl
require_program oswtest-stream

# make_ca NAME: a self-signed CA, NAME-cert.pem and NAME-key.pem.
make_ca() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
        -nodes -days 2 -subj "/CN=$1" -keyout "$1-key.pem" \
        -out "$1-cert.pem" -addext basicConstraints=critical,CA:TRUE \
        >> openssl.log 2>&1 || fail "openssl could not make CA $1"
}

# make_cert NAME CA: a key and a certificate with CN NAME signed by CA.
make_cert() {
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -subj "/CN=$1" -keyout "$1-key.pem" -out "$1-req.pem" \
        >> openssl.log 2>&1 || fail "openssl could not make request $1"
    openssl x509 -req -in "$1-req.pem" -CA "$2-cert.pem" \
        -CAkey "$2-key.pem" -CAcreateserial -days 2 -out "$1-cert.pem" \
        >> openssl.log 2>&1 || fail "openssl could not sign $1"
}

# pki NAME: the key and certificate options for NAME.
pki() {
    echo "--private-key=$1-key.pem --certificate=$1-cert.pem"
}

# start_listener TAG PSTREAM OPTION...: starts an echo server with the
# given options and waits until it prints its port, which goes into $PORT.
start_listener() {
    local tag=$1 pstream=$2
    shift 2
    spawn oswtest-stream "$@" listen "$pstream" > "$tag.out" 2> "$tag.err"
    LISTENER_PID=$SPAWNED_PID
    wait_until "grep -q '^port ' $tag.out"
    PORT=$(awk '/^port /{print $2}' "$tag.out")
    [ "$PORT" -gt 0 ] || fail "bad port in $tag.out: $(cat "$tag.out")"
}

# expect_error FILE PATTERN: FILE must contain PATTERN.
expect_error() {
    grep -q -- "$2" "$1" || fail "expected \"$2\" in $1, got: $(cat "$1")"
}
