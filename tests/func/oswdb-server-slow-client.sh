# oswdb-server-slow-client: a client that asks for monitors and then never
# reads cannot make the server's memory grow without bound: while another
# client commits many transactions, the server stops sending to it, keeps
# its pending changes coalesced, and once its unsent output plus pending
# updates exceed --backlog-limit, disconnects it with a warning.  The
# server's resident memory stays bounded and other clients are served
# throughout.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_python

cat > big.ovsschema <<'EOF'
{"name": "Big", "version": "1.0.0",
 "tables": {"T": {"isRoot": true,
                  "columns": {"a": {"type": "string"},
                              "b": {"type": "string"},
                              "n": {"type": "integer"}}}}}
EOF
make_db big.db big.ovsschema
start_osw db big.db --backlog-limit=1000000
pid=$SERVER_PID

rss_kb() {
    awk '/^VmRSS:/ {print $2}' /proc/$pid/status
}

# The slow client: ten monitors, then it sleeps without reading, and at the
# end reports whether the server closed the connection.
cat > slow.py <<EOF
import socket, time, json
s = socket.socket(socket.AF_UNIX)
s.connect("$TESTDIR/db.sock")
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
for i in range(10):
    cols = [["a"], ["b"], ["n"], ["a", "b"], ["a", "n"], ["b", "n"],
            ["a", "b", "n"], ["_version"], ["a", "_version"],
            ["b", "_version"]][i]
    s.sendall(json.dumps({"method": "monitor_cond", "id": i,
                          "params": ["Big", "m%d" % i,
                                     {"T": {"columns": cols}}]}).encode())
open("$TESTDIR/slow.ready", "w").close()
while True:
    try:
        open("$TESTDIR/slow.stop").close()
        break
    except IOError:
        time.sleep(0.1)
s.setblocking(False)
eof = False
deadline = time.time() + 10
while time.time() < deadline:
    try:
        data = s.recv(1 << 20)
        if not data:
            eof = True
            break
    except BlockingIOError:
        time.sleep(0.05)
    except ConnectionResetError:
        eof = True
        break
print("eof" if eof else "open")
EOF
python3 slow.py > slow.out &
slow=$!
wait_until "test -e slow.ready"
rss_before=$(rss_kb)

# The writer: 300 transactions of 10 rows with 2 kB strings each (6 MB).
long=$(printf 'x%.0s' $(seq 2000))
{
    echo "open w unix:$TESTDIR/db.sock"
    for i in $(seq 300); do
        ops=""
        for j in $(seq 10); do
            ops="$ops,{\"op\":\"insert\",\"table\":\"T\",\"row\":{\"a\":\"$i-$j-$long\",\"b\":\"$long\",\"n\":$i}}"
        done
        echo "w {\"method\":\"transact\",\"params\":[\"Big\"$ops],\"id\":$i}"
        echo "w ?1"
    done
} > writer.script
$RPC < writer.script > writer.out
[ "$(grep -c '"uuid"' writer.out)" = 300 ] \
    || fail "writer: $(grep -v '"uuid"' writer.out | head -3)"

touch slow.stop
wait "$slow" || fail "slow client script failed"
check_output eof cat slow.out
grep -q "disconnecting slow client" db.log \
    || fail "no slow-client warning in db.log"

# 6 MB of data; the slow client's ten monitors would hold 60 MB of pending
# changes and unsent updates without the limit.
rss_after=$(rss_kb)
growth=$((rss_after - rss_before))
echo "RSS before ${rss_before} kB, after ${rss_after} kB"
if ldd "$(command -v oswdb-server)" 2>/dev/null | grep -q libasan; then
    # AddressSanitizer keeps freed memory in quarantine: RSS says nothing.
    echo "AddressSanitizer build: not checking RSS"
else
    [ "$growth" -lt 40000 ] || fail "server grew by $growth kB"
fi

# Still serving.
echo "open c unix:$TESTDIR/db.sock
c {\"method\":\"transact\",\"params\":[\"Big\",{\"op\":\"select\",\"table\":\"T\",\"where\":[[\"n\",\"==\",300]],\"columns\":[\"a\"]}],\"id\":1}
c ?1" | $RPC > check.out
[ "$(grep -o '"a":"300-' check.out | wc -l)" = 10 ] || fail "$(cat check.out)"
appctl db memory/show
