#! /usr/bin/env python3
# oswdb-server-crash-client.py: the client and the checker of the
# oswdb-server-crash-rounds functional test (not a test of its own).
# Standard library only.
#
#   client SOCKET ACKS ROUND SEED EXPECTED READY
#       Connects to the server on unix socket SOCKET (retrying for a few
#       seconds) and checks that the database holds exactly the
#       transactions listed in file EXPECTED (ids, one per line: what
#       "check" found in the file before the server started), then creates
#       file READY and streams transactions into the Open_vSwitch database,
#       several in flight, until the connection drops.  Transaction K
#       inserts 1 to 3 QoS rows, each with "type" "rROUNDtK.J" and
#       external_ids {"txn": "rROUNDtK", "n": "<rows>"}, and adds 1 to
#       Open_vSwitch's next_cfg; about a third of them end with a durable
#       commit.  As soon as a success reply arrives, the transaction's id
#       ("rROUNDtK") is appended to ACKS, one per line (unbuffered).  Any
#       error reply is a failure (exit status 1).
#
#   damage FILE SEED OUT
#       Damages the end of database file FILE as a crash, a bad disk or a
#       stray write might: either truncates it by a random number of bytes
#       (possibly cutting through more than one record) or flips a random
#       byte in one of its last records.  Only transaction records after
#       the first data record (and after the last snapshot) are touched.
#       Writes to OUT (JSON) the transaction ids that only the damaged
#       records held, which may vanish, under "lost", and prints what it
#       did.  If the damage leaves a bad record (not a clean cut between
#       two records), also writes the offset of that record, where the
#       readers must report it, to OUT.warn.  Exits with status 3, without
#       touching the file, if it holds too few records to damage.
#
#   check FILE GOOD QUERY OVS-QUERY ACKS PREV LOST OUT
#       Verifies database file FILE after a crash (and perhaps damage):
#         - the file is parsed here, independently of osw (header, SHA-1,
#           JSON); its good records must end at offset GOOD, where osw's
#           reader reported a bad record, or at the end of the file if
#           GOOD is "-";
#         - QUERY is what "oswdb-tool query" printed for a select of QoS
#           "type" and "external_ids" and one of Open_vSwitch's "next_cfg":
#           it must show exactly the transactions of the good records, each
#           all or nothing (its "n" rows all there), and next_cfg must count
#           them (each added 1);
#         - OVS-QUERY, unless "-", is what Open vSwitch's "ovsdb-tool query"
#           printed for the same select: it must show the same;
#         - every transaction id in the files ACKS (comma-separated: the
#           acknowledgements of all rounds so far) is there, and so is
#           every one in PREV (the previous round's OUT), unless one of
#           LOST (comma-separated outputs of "damage", or "-") says that
#           damage allowed it to vanish.
#       Writes the present transaction ids to OUT, one per line, and prints
#       a summary line.
import hashlib
import json
import os
import random
import re
import select
import socket
import sys
import time

WINDOW = 8              # Transactions in flight.
RATE = 1000             # At most this many transactions per second.
TXN_RE = re.compile(r'^(r\d+t\d+)\.\d+$')


def fail(msg):
    sys.stderr.write('FAILED: %s\n' % msg)
    sys.exit(1)


def read_ids(path):
    with open(path) as f:
        return set(line.strip() for line in f if line.strip())


# The client.

class Conn(object):
    def __init__(self, path):
        deadline = time.time() + 10
        while True:
            self.sock = socket.socket(socket.AF_UNIX)
            try:
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.time() > deadline:
                    raise
                time.sleep(0.02)
        self.buf = ''
        self.decoder = json.JSONDecoder()

    def send(self, msg):
        """Returns False if the connection is gone."""
        try:
            self.sock.sendall(json.dumps(msg).encode())
            return True
        except (ConnectionResetError, BrokenPipeError):
            return False

    def receive(self, timeout):
        """Returns the messages that arrived (waiting up to 'timeout'
        seconds for the first), [] after the timeout, or None at the end
        of the connection."""
        deadline = time.time() + timeout
        while True:
            msgs = self._parse()
            if msgs:
                return msgs
            left = deadline - time.time()
            if left <= 0:
                return []
            ready, _, _ = select.select([self.sock], [], [], left)
            if not ready:
                return []
            try:
                data = self.sock.recv(1 << 20)
            except (ConnectionResetError, BrokenPipeError):
                data = b''
            if not data:
                return None
            self.buf += data.decode()

    def _parse(self):
        msgs = []
        pos = 0
        buf = self.buf
        while True:
            while pos < len(buf) and buf[pos].isspace():
                pos += 1
            if pos >= len(buf):
                self.buf = ''
                return msgs
            try:
                obj, pos = self.decoder.raw_decode(buf, pos)
            except ValueError:
                self.buf = buf[pos:]
                return msgs
            msgs.append(obj)


def txn_ops(txn_id, n_rows, durable):
    ops = ['Open_vSwitch']
    for j in range(n_rows):
        ops.append({'op': 'insert', 'table': 'QoS',
                    'row': {'type': '%s.%d' % (txn_id, j),
                            'external_ids': ['map', [['txn', txn_id],
                                                     ['n', str(n_rows)]]]}})
    ops.append({'op': 'mutate', 'table': 'Open_vSwitch', 'where': [],
                'mutations': [['next_cfg', '+=', 1]]})
    if durable:
        ops.append({'op': 'commit', 'durable': True})
    return ops


def check_txn_reply(txn_id, reply, n_rows):
    if reply.get('error') is not None:
        fail('%s: error reply %s' % (txn_id, json.dumps(reply)))
    result = reply.get('result')
    if not isinstance(result, list) or len(result) < n_rows + 1:
        fail('%s: bad reply %s' % (txn_id, json.dumps(reply)))
    for r in result:
        if isinstance(r, dict) and 'error' in r:
            fail('%s: failed: %s' % (txn_id, json.dumps(reply)))
    if result[n_rows].get('count') != 1:
        fail('%s: next_cfg not mutated: %s' % (txn_id, json.dumps(reply)))


def probe(conn, expected_path):
    """Checks that the server holds the transactions in 'expected_path'."""
    conn.send({'method': 'transact', 'id': 'probe',
               'params': ['Open_vSwitch',
                          {'op': 'select', 'table': 'QoS', 'where': [],
                           'columns': ['type']},
                          {'op': 'select', 'table': 'Open_vSwitch',
                           'where': [], 'columns': ['next_cfg']}]})
    reply = None
    while reply is None:
        msgs = conn.receive(20)
        if not msgs:
            fail('no reply to the probe')
        for m in msgs:
            if m.get('id') == 'probe':
                reply = m
    res = reply['result']
    txns = set()
    for r in res[0]['rows']:
        txns.add(TXN_RE.match(r['type']).group(1))
    next_cfg = res[1]['rows'][0]['next_cfg']
    expected = read_ids(expected_path)
    if txns != expected or next_cfg != len(expected):
        fail('after the restart the server holds %d transactions (next_cfg '
             '%d), but the file held %d' % (len(txns), next_cfg,
                                            len(expected)))


def run_client(sock_path, acks_path, round_no, seed, expected_path,
               ready_path):
    rng = random.Random(seed)
    conn = Conn(sock_path)
    probe(conn, expected_path)
    acks = os.open(acks_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    open(ready_path, 'w').close()

    in_flight = {}              # Request id -> (txn id, number of rows).
    next_k = 0
    n_acked = n_durable = 0
    start = time.time()
    while True:
        # Keep the database from growing so fast that the test's rounds
        # (each reads all of it several times) get slow.
        ahead = next_k / RATE - (time.time() - start)
        if ahead > 0:
            time.sleep(ahead)
        while len(in_flight) < WINDOW:
            txn_id = 'r%dt%d' % (round_no, next_k)
            n_rows = rng.randint(1, 3)
            durable = rng.random() < 0.3
            if not conn.send({'method': 'transact', 'id': next_k,
                              'params': txn_ops(txn_id, n_rows, durable)}):
                break
            n_durable += durable
            in_flight[next_k] = (txn_id, n_rows)
            next_k += 1
        msgs = conn.receive(30)
        if msgs is None:
            break
        if not msgs:
            fail('no reply within 30 s')
        for m in msgs:
            if m.get('method') == 'echo':
                conn.send({'id': m['id'], 'result': m['params'],
                           'error': None})
                continue
            if m.get('id') not in in_flight:
                fail('unexpected message %s' % json.dumps(m))
            txn_id, n_rows = in_flight.pop(m['id'])
            check_txn_reply(txn_id, m, n_rows)
            os.write(acks, (txn_id + '\n').encode())
            n_acked += 1
    os.close(acks)
    print('round %d: %d transactions sent (%d durable), %d acknowledged, '
          '%d in flight when the server went away'
          % (round_no, next_k, n_durable, n_acked, len(in_flight)))


# Database files, parsed independently of osw.

def read_records(path):
    """Returns (records, good_end, size): the good records as (offset,
    end, json), where the good part ends, the file's size."""
    with open(path, 'rb') as f:
        data = f.read()
    records = []
    pos = 0
    while pos < len(data):
        nl = data.find(b'\n', pos)
        if nl < 0:
            break
        m = re.match(rb'^OVSDB JSON (\d+) ([0-9a-fA-F]{40})$', data[pos:nl])
        if not m:
            break
        length = int(m.group(1))
        body = data[nl + 1:nl + 1 + length]
        if len(body) != length or length == 0:
            break
        if hashlib.sha1(body).hexdigest() != m.group(2).decode().lower():
            break
        try:
            obj = json.loads(body)
        except ValueError:
            break
        if not isinstance(obj, dict):
            break
        records.append((pos, nl + 1 + length, obj))
        pos = nl + 1 + length
    return records, pos, len(data)


def record_txns(record):
    """The transaction ids whose QoS rows 'record' inserts."""
    txns = set()
    qos = record.get('QoS')
    if isinstance(qos, dict):
        for row in qos.values():
            if isinstance(row, dict) and 'type' in row:
                m = TXN_RE.match(row['type'])
                if m:
                    txns.add(m.group(1))
    return txns


def run_damage(path, seed, out_path):
    rng = random.Random(seed)
    records, good_end, size = read_records(path)
    if good_end != size:
        # The crash itself tore the tail; damage what comes before it.
        with open(path, 'r+b') as f:
            f.truncate(good_end)
        print('(cut a torn tail of %d bytes first)' % (size - good_end))
        size = good_end

    # Record 0 is the schema, record 1 the first data record (with the
    # Open_vSwitch row) or a snapshot; snapshots stay intact too.
    first = 2
    for i, (_, _, rec) in enumerate(records):
        if 'compact' in str(rec.get('_comment', '')):
            first = max(first, i + 1)
    if len(records) - first < 1:
        print('too few records to damage')
        sys.exit(3)
    victims = min(3, len(records) - first)

    if rng.random() < 0.5:
        lo = records[len(records) - victims][0]
        cut = rng.randint(lo + 1, size - 1)
        with open(path, 'r+b') as f:
            f.truncate(cut)
        damage_at = cut
        what = ('cut %d bytes off the end (%d -> %d bytes)'
                % (size - cut, size, cut))
    else:
        # Mostly the last record, sometimes one before it.
        i = len(records) - 1 - min(int(rng.expovariate(1.5)), victims - 1)
        start, end, _ = records[i]
        pos = rng.randrange(start, end)
        with open(path, 'r+b') as f:
            f.seek(pos)
            byte = f.read(1)[0]
            f.seek(pos)
            f.write(bytes([byte ^ rng.randint(1, 255)]))
        damage_at = pos
        what = ('flipped the byte at offset %d, in record %d of %d'
                % (pos, i, len(records)))

    # Every record from the damaged one on is dropped, even good ones that
    # follow a flipped byte.
    intact = set()
    damaged = set()
    for start, end, rec in records:
        (intact if end <= damage_at else damaged).update(record_txns(rec))
    lost = sorted(damaged - intact)
    with open(out_path, 'w') as f:
        json.dump({'lost': lost}, f)
    bad = [start for start, end, _ in records if end > damage_at]
    if damage_at not in [end for _, end, _ in records]:
        with open(out_path + '.warn', 'w') as f:
            f.write('%d\n' % bad[0])
    print('%s: the %d transaction(s) in the damaged records may vanish'
          % (what, len(lost)))


# The check.

def parse_query(path, who):
    with open(path) as f:
        result = json.load(f)
    if (not isinstance(result, list) or len(result) != 2
            or any('error' in r for r in result)):
        fail('%s: bad query result %s' % (who, json.dumps(result)[:500]))
    ovs = result[1]['rows']
    if len(ovs) != 1:
        fail('%s: expected one Open_vSwitch row, got %s'
             % (who, json.dumps(ovs)))
    return result[0]['rows'], ovs[0]['next_cfg']


def check_rows(rows, next_cfg):
    """Checks the QoS rows and next_cfg of a query; returns the present
    transaction ids."""
    counts = {}
    expected_n = {}
    types = set()
    for row in rows:
        if row['type'] in types:
            fail('duplicate row %s' % row['type'])
        types.add(row['type'])
        m = TXN_RE.match(row['type'])
        if not m:
            fail('unexpected row %s' % json.dumps(row))
        assert row['external_ids'][0] == 'map'
        ext = dict(row['external_ids'][1])
        txn = m.group(1)
        if ext.get('txn') != txn:
            fail('row %s: bad external_ids %s' % (row['type'], ext))
        counts[txn] = counts.get(txn, 0) + 1
        expected_n[txn] = int(ext['n'])
    for txn, n in counts.items():
        if n != expected_n[txn]:
            fail('transaction %s is partly there: %d of %d rows'
                 % (txn, n, expected_n[txn]))
    present = set(counts)
    if next_cfg != len(present):
        fail('next_cfg is %d but %d transactions are there'
             % (next_cfg, len(present)))
    return present


def run_check(path, good, query_path, ovs_query_path, acks_paths, prev_path,
              lost_paths, out_path):
    records, good_end, size = read_records(path)
    want_end = size if good == '-' else int(good)
    if good_end != want_end:
        fail('the good records end at offset %d, but oswdb-tool says %s'
             % (good_end, 'the file is good' if good == '-'
                else 'they end at %s' % good))
    in_file = set()
    for _, _, rec in records:
        in_file |= record_txns(rec)

    rows, next_cfg = parse_query(query_path, 'oswdb-tool')
    present = check_rows(rows, next_cfg)
    if in_file != present:
        fail('the file\'s good records hold %d transactions, the query '
             'shows %d (only in the file: %s; only in the query: %s)'
             % (len(in_file), len(present), sorted(in_file - present)[:5],
                sorted(present - in_file)[:5]))
    if ovs_query_path != '-':
        ovs_rows, ovs_next_cfg = parse_query(ovs_query_path, 'ovsdb-tool')
        if (sorted(r['type'] for r in ovs_rows)
                != sorted(r['type'] for r in rows)
                or ovs_next_cfg != next_cfg):
            fail('ovsdb-tool and oswdb-tool read the file differently')

    lost_ok = set()
    for p in lost_paths.split(','):
        if p != '-':
            with open(p) as f:
                lost_ok |= set(json.load(f)['lost'])
    acks = set()
    for p in acks_paths.split(','):
        acks |= read_ids(p)
    missing = acks - present - lost_ok
    if missing:
        fail('%d acknowledged transaction(s) missing, e.g. %s'
             % (len(missing), sorted(missing)[:10]))
    vanished = read_ids(prev_path) - present - lost_ok
    if vanished:
        fail('%d transaction(s) present before vanished, e.g. %s'
             % (len(vanished), sorted(vanished)[:10]))

    with open(out_path, 'w') as f:
        for txn in sorted(present):
            f.write(txn + '\n')
    tail = ('' if good_end == size
            else ', then a bad tail of %d bytes' % (size - good_end))
    print('verified: %d transactions (%d rows) in %d records%s; all %d '
          'acknowledged so far are there except %d in damaged records'
          % (len(present), len(rows), len(records), tail, len(acks),
             len(acks & lost_ok - present)))


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ''
    args = sys.argv[2:]
    if cmd == 'client' and len(args) == 6:
        run_client(args[0], args[1], int(args[2]), int(args[3]), args[4],
                   args[5])
    elif cmd == 'damage' and len(args) == 3:
        run_damage(args[0], int(args[1]), args[2])
    elif cmd == 'check' and len(args) == 8:
        run_check(*args)
    else:
        sys.stderr.write('usage: see the comment at the top of %s\n'
                         % sys.argv[0])
        sys.exit(2)


if __name__ == '__main__':
    main()
