# of-mod-tp-dst: the guide's rewrite.  "tcp,tp_dst=8080,actions=
# mod_tp_dst:80,NORMAL" (with the reverse rewrite for the answers) lets a
# client that connects to port 8080 reach a server listening on port 80.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

require_program osw-ofctl
require_program python3

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24
vm_ready a 10.1.0.2

mkdir -p "$TESTDIR/www"
echo "hello from port 80" > "$TESTDIR/www/index.html"
spawn ip netns exec "osw-$OSW_TAG-vm_b" \
    python3 -m http.server 80 --bind 10.1.0.2 --directory "$TESTDIR/www" \
    > "$TESTDIR/http.log" 2>&1
wait_until "vm_exec a python3 -c 'import socket; socket.create_connection((\"10.1.0.2\", 80), 1)' 2>/dev/null" 15

fetch() {
    vm_exec a python3 -c '
import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=3).read().decode().strip())
' "$1"
}

# Nothing listens on 8080 without the flows.
fetch http://10.1.0.2:8080/ >/dev/null 2>&1 && fail "8080 answered before the flows"

osw-ofctl add-flow "$br0" "tcp,tp_dst=8080,actions=mod_tp_dst:80,NORMAL"
osw-ofctl add-flow "$br0" "tcp,tp_src=80,actions=mod_tp_src:8080,NORMAL"
check_output "hello from port 80" fetch http://10.1.0.2:8080/

osw-ofctl dump-flows "$br0" | grep "tp_dst=8080" \
    | grep -q "actions=mod_tp_dst:80,NORMAL" || fail "flow not shown"
n=$(osw-ofctl dump-flows "$br0" | grep "tp_dst=8080" \
    | sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p')
[ "$n" -ge 3 ] || fail "tp_dst=8080 flow n_packets=$n"
switch_alive
