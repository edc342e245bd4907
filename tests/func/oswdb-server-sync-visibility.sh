# oswdb-server-sync-visibility: no client learns of a durable transaction
# before it is on disk, not even through another client's request.  With
# group commit, a durable transaction commits in memory and its fdatasync
# comes at the end of the main-loop iteration; a select or a monitor
# request that another client sent in the same iteration sees the new
# data, and its reply must wait for the sync too: had it left before, a
# power failure during the sync could lose data that a client was shown
# (Open vSwitch's ovsdb-server, which syncs inside the commit, shows none).
# strace makes every fdatasync last a second, so that what leaves the
# server while it syncs is visible.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/oswdb-server-lib.bash"
require_python
require_program strace

make_db conf.db
spawn strace -f -qq -o /dev/null -e trace=fdatasync \
    -e inject=fdatasync:delay_exit=1000000 \
    oswdb-server conf.db --no-chdir --pidfile="$TESTDIR/db.pid" \
    --unixctl="$TESTDIR/db.ctl" --log-file="$TESTDIR/db.log" \
    --remote=punix:"$TESTDIR/db.sock"
tracer=$SPAWNED_PID
for i in $(seq 100); do
    if [ -S db.sock ] && [ -s db.pid ]; then
        break
    elif ! kill -0 $tracer 2>/dev/null; then
        skip "cannot run oswdb-server under strace"
    fi
    sleep 0.1
done
daemon_started db.pid

cat > client.py <<'EOF'
import json, select, socket, sys, time

def connect():
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    return s

def insert(name):
    return ['Open_vSwitch', {'op': 'insert', 'table': 'QoS',
                             'row': {'type': name}},
            {'op': 'commit', 'durable': True}]

# Connected first, so the server reads 'a' before 'b' in an iteration.
a = connect()
b = connect()
start = time.time()
a.sendall(json.dumps({'method': 'transact', 'id': 'T0',
                      'params': insert('t0')}).encode())
time.sleep(0.3)
# The server is syncing T0 now: these wait in the sockets and the server
# reads them all in its next iteration.
a.sendall(json.dumps({'method': 'transact', 'id': 'T1',
                      'params': insert('t1')}).encode())
b.sendall((json.dumps({'method': 'transact', 'id': 'R',
                       'params': ['Open_vSwitch',
                                  {'op': 'select', 'table': 'QoS',
                                   'where': [], 'columns': ['type']}]})
           + json.dumps({'method': 'monitor', 'id': 'M',
                         'params': ['Open_vSwitch', None,
                                    {'QoS': {'columns': ['type']}}]})
           ).encode())

times = {}
seen = []
bufs = {a: '', b: ''}
decoder = json.JSONDecoder()
while len(times) < 4 and time.time() - start < 20:
    ready, _, _ = select.select([a, b], [], [], 1)
    for s in ready:
        bufs[s] += s.recv(65536).decode()
        while bufs[s].strip():
            try:
                msg, end = decoder.raw_decode(bufs[s].lstrip())
            except ValueError:
                break
            bufs[s] = bufs[s].lstrip()[end:]
            times[msg['id']] = time.time() - start
            seen.append('%s after %.2f s: %s'
                        % (msg['id'], times[msg['id']],
                           json.dumps(msg['result'])))
            print(seen[-1])

if sorted(times) != ['M', 'R', 'T0', 'T1']:
    print('FAILED: some replies are missing')
    sys.exit(1)
if times['T0'] < 0.9:
    sys.exit(77)                # strace did not slow fdatasync down.
if sum('"t1"' in line for line in seen if line[0] in 'RM') != 2:
    # Then they did not run after T1 in its iteration; the test is moot.
    print('FAILED: the select and the monitor did not see t1')
    sys.exit(1)
for name in 'R', 'M':
    if times[name] < times['T1'] - 0.5:
        print('FAILED: %s showed t1 before it was on disk' % name)
        sys.exit(1)
EOF
status=0
python3 client.py "$TESTDIR/db.sock" || status=$?
case $status in
    0) ;;
    77) skip "strace did not slow fdatasync down" ;;
    *) fail "see above" ;;
esac
