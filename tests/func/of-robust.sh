# Bad OpenFlow input never crashes osw-vswitchd: through the bridge's
# management socket (RUNDIR/br0.mgmt), after a valid hello, send every
# message of the ofp-msg fuzz corpus and a few thousand mutations of them
# (fixed seed, so a failure reproduces): corrupted bytes and fields,
# truncated and extended bodies, header lengths that disagree with the
# body, 0-length and 65535-length headers, wrong versions, several
# connections, some closed in the middle of a message.  Afterwards the
# daemon must be the same process, still answer dump-flows and
# osw-appctl, and its log must show no assertion or crash.
#
# To reproduce a failure: the script prints the seed and the index of the
# last message sent; OF_ROBUST_SEED and OF_ROBUST_COUNT change them.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"
require_program osw-ofctl
require_program python3

start_db
# A detached daemon's stderr is /dev/null: in a sanitizer build, have its
# reports written to files (an assertion failure aborts, which the
# liveness checks below see).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$TESTDIR/sanitizer" \
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$TESTDIR/sanitizer" \
    start_vswitchd
vs add-br br0 -- set bridge br0 fail_mode=secure
vs add-port br0 p1 -- set Interface p1 type=dummy ofport_request=1
vs add-port br0 p2 -- set Interface p2 type=dummy ofport_request=2
wait_until "test -S '$TESTDIR/br0.mgmt'"
pid=$VSWITCHD_PID

cat > "$TESTDIR/robust.py" <<'EOF'
import os
import random
import select
import socket
import struct
import sys
import time

sock_path, corpus_dir = sys.argv[1], sys.argv[2]
seed = int(os.environ.get("OF_ROBUST_SEED", "6"))
count = int(os.environ.get("OF_ROBUST_COUNT", "3000"))
rng = random.Random(seed)

corpus = []
for name in sorted(os.listdir(corpus_dir)):
    with open(os.path.join(corpus_dir, name), "rb") as f:
        data = f.read()
    if len(data) >= 8:
        corpus.append((name, data))
if not corpus:
    sys.exit("empty corpus")

VERSIONS = [0x01, 0x04, 0x05, 0x06]


def hello(version):
    """A hello with a version bitmap offering only 'version'."""
    elem = struct.pack("!HHI", 1, 8, 1 << version)
    return struct.pack("!BBHI", version, 0, 16, 1) + elem


class Conn:
    """One connection to the switch, negotiated at 'version'."""

    def __init__(self, version):
        self.version = version
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(sock_path)
        self.sock.sendall(hello(version))
        self.xid = 0x10000

    def drain(self, wait=0.0):
        """Reads whatever the switch sent; False once it has closed."""
        while True:
            r, _, _ = select.select([self.sock], [], [], wait)
            if not r:
                return True
            try:
                data = self.sock.recv(65536)
            except (ConnectionError, OSError):
                return False
            if not data:
                return False
            wait = 0

    def send(self, data):
        try:
            self.sock.sendall(data)
        except (ConnectionError, OSError, socket.timeout):
            return False
        return self.drain()

    def sync(self):
        """Echo round trip: True if the switch answered (the connection is
        alive and everything before has been handled)."""
        self.xid += 1
        echo = struct.pack("!BBHI", self.version, 2, 8, self.xid)
        try:
            self.sock.sendall(echo)
        except (ConnectionError, OSError, socket.timeout):
            return False
        buf = b""
        deadline = time.time() + 3
        while time.time() < deadline:
            r, _, _ = select.select([self.sock], [], [], 0.5)
            if not r:
                continue
            try:
                data = self.sock.recv(65536)
            except (ConnectionError, OSError):
                return False
            if not data:
                return False
            buf += data
            # Messages back to back: look for our echo reply.
            while len(buf) >= 8:
                ver, typ, length, xid = struct.unpack("!BBHI", buf[:8])
                if length < 8:
                    return False
                if len(buf) < length:
                    break
                if typ == 3 and xid == self.xid:
                    return True
                buf = buf[length:]
        return False

    def close(self):
        self.sock.close()


def fix_length(msg):
    return msg[:2] + struct.pack("!H", min(len(msg), 65535)) + msg[4:]


INTERESTING16 = [0, 1, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000,
                 0xfffe, 0xffff]


def mutate(data):
    msg = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        what = rng.randrange(8)
        if what == 0 and len(msg) > 8:           # Flip a bit.
            i = rng.randrange(8, len(msg))
            msg[i] ^= 1 << rng.randrange(8)
        elif what == 1 and len(msg) > 8:         # Random byte.
            msg[rng.randrange(8, len(msg))] = rng.randrange(256)
        elif what == 2 and len(msg) > 10:        # Interesting 16 bits.
            i = rng.randrange(8, len(msg) - 1)
            msg[i:i + 2] = struct.pack("!H", rng.choice(INTERESTING16))
        elif what == 3 and len(msg) > 12:        # Interesting 32 bits.
            i = rng.randrange(8, len(msg) - 3)
            msg[i:i + 4] = struct.pack("!I", rng.choice(
                [0, 0xffffffff, 0x80000000, 0xfffffff8, len(msg)]))
        elif what == 4 and len(msg) > 8:         # Truncate.
            del msg[rng.randrange(8, len(msg)):]
        elif what == 5:                          # Extend.
            n = rng.randrange(1, 40)
            msg += bytes(rng.randrange(256) for _ in range(n))
        elif what == 6:                          # Another type.
            msg[1] = rng.randrange(40)
        elif what == 7 and len(msg) > 16:        # Splice another message.
            other = rng.choice(corpus)[1]
            i = rng.randrange(8, len(msg))
            j = rng.randrange(8, max(9, len(other)))
            msg[i:] = other[j:]
    return bytes(msg[:65535])


conn = None
n_reconnects = 0
n_sent = 0


def connect(version=None):
    global conn, n_reconnects
    if conn:
        conn.close()
    conn = Conn(version or rng.choice(VERSIONS))
    n_reconnects += 1


def check_alive(where):
    """The switch must still answer, on a fresh connection if this one
    was closed (bad framing closes a connection, and that is fine)."""
    if conn.sync():
        return
    connect()
    if not conn.sync():
        sys.exit("switch does not answer after %s" % where)


# 1. Every corpus message as is (length fixed) at every version.
for version in VERSIONS:
    connect(version)
    for i, (name, data) in enumerate(corpus):
        msg = fix_length(bytes([version]) + data[1:])
        n_sent += 1
        if not conn.send(msg):
            check_alive("corpus %s" % name)
        if i % 20 == 0:
            check_alive("corpus %s" % name)
check_alive("the corpus")

# 2. Mutations.
for i in range(count):
    name, data = rng.choice(corpus)
    msg = mutate(data)
    if rng.random() < 0.8:
        msg = bytes([conn.version]) + msg[1:]
    fixed = rng.random() < 0.85
    if fixed:
        msg = fix_length(msg)
    n_sent += 1
    if not conn.send(msg):
        check_alive("mutation %d of %s" % (i, name))
    elif not fixed:
        # The header length disagrees with what was sent: the switch now
        # reads the stream at a wrong place, or waits for bytes that will
        # never come.  Start afresh.
        connect()
    r = rng.random()
    if r < 0.02:
        connect()                       # A new connection now and then.
    elif r < 0.03:
        conn.send(msg[:rng.randrange(1, len(msg))])
        connect()                       # Closed in the middle of a message.
    if i % 100 == 99:
        check_alive("mutation %d of %s" % (i, name))
check_alive("the mutations")

# 3. Framing: 0-length and short headers, a 65535-byte header with a
#    short body then a close, a full 65535-byte message of junk, a
#    version nobody speaks, and messages before the hello.
for version in VERSIONS:
    for length in (0, 1, 7):
        connect(version)
        conn.send(struct.pack("!BBHI", version, 0x0e, length, 1))
        check_alive("header length %d" % length)
    connect(version)
    conn.send(struct.pack("!BBHI", version, 0x0e, 65535, 2) + b"\0" * 100)
    connect(version)
    junk = bytes(rng.randrange(256) for _ in range(65535 - 8))
    conn.send(struct.pack("!BBHI", version, 0x0e, 65535, 3) + junk)
    check_alive("a 65535-byte flow_mod")
    connect(version)
    conn.send(struct.pack("!BBHI", version, 0x12, 65535, 4) + junk)
    check_alive("a 65535-byte multipart request")
for version in (0x00, 0x02, 0x07, 0x7f, 0xff):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(sock_path)
    try:
        s.sendall(struct.pack("!BBHI", version, 0, 8, 1))
        s.sendall(struct.pack("!BBHI", version, 0x0e, 8, 2))
        s.recv(4096)
    except (ConnectionError, OSError, socket.timeout):
        pass
    s.close()
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(sock_path)
try:
    s.sendall(fix_length(corpus[0][1]))      # Not a hello first.
    s.recv(4096)
except (ConnectionError, OSError, socket.timeout):
    pass
s.close()

# 4. Several connections at once, interleaved.
conns = [Conn(rng.choice(VERSIONS)) for _ in range(8)]
for i in range(400):
    c = rng.choice(conns)
    name, data = rng.choice(corpus)
    msg = fix_length(bytes([c.version]) + mutate(data)[1:])
    if not c.send(msg):
        conns[conns.index(c)] = Conn(rng.choice(VERSIONS))
for c in conns:
    c.close()
connect(0x01)
check_alive("interleaved connections")
print("seed %d: %d messages sent, %d connections" % (seed, n_sent,
                                                     n_reconnects))
EOF

python3 "$TESTDIR/robust.py" "$TESTDIR/br0.mgmt" \
    "$srcdir/tests/fuzz/corpus/ofp-msg" || fail "robustness run failed"

# Still the same daemon, still working.
process_alive "$pid" || fail "osw-vswitchd died"
test "$(cat "$TESTDIR/osw-vswitchd.pid")" = "$pid" \
    || fail "osw-vswitchd was restarted"
osw-ofctl --timeout=10 dump-flows br0 > flows.out \
    || fail "dump-flows failed afterwards"
osw-ofctl --timeout=10 del-flows br0 || fail "del-flows failed afterwards"
check_output "" osw-ofctl --timeout=10 dump-flows --no-stats br0
osw-ofctl --timeout=10 add-flow br0 "priority=7,actions=drop" \
    || fail "add-flow failed afterwards"
check_output " priority=7 actions=drop" \
    osw-ofctl --timeout=10 dump-flows --no-stats br0
appctl version > /dev/null || fail "osw-appctl version failed"
bad='assertion|sanitizer|runtime error|segmentation fault|terminating with'
bad="$bad signal|backtrace|[|]EMER[|]"
if grep -Ei "$bad" "$TESTDIR/osw-vswitchd.log" > bad.log; then
    fail "osw-vswitchd log: $(head -5 bad.log)"
fi
for f in "$TESTDIR"/sanitizer.*; do
    test -e "$f" && fail "sanitizer report: $(head -20 "$f")"
done
exit 0
