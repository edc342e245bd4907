#! /usr/bin/env python3
# oswdb-server-compact-client.py: the clients and the checker of the
# oswdb-server-compact-load functional test (not a test of its own).
# Standard library only.
#
# The writer runs transactions 1..N on the Open_vSwitch database, each
# doing what schedule() says: it adds 1 to Open_vSwitch's next_cfg
# (so after transaction K, next_cfg is K), inserts QoS row "qK", and,
# depending on K, replaces the other_config of an older row, adds a key to
# or removes one from the external_ids of an older row, deletes an older
# row, and commits durably.  Model applies the same schedule in memory, so
# the state of the database after any transaction K is known exactly.
#
#   writer SOCKET N STOP-AT STOP-FILE
#       Runs the N transactions, 8 in flight, and checks every reply.
#       Creates STOP-FILE once transaction STOP-AT has been answered.
#
#   monitor SOCKET KIND N OUT READY
#       A monitor client.  KIND is "v1" ("monitor"), "v2" ("monitor_cond"),
#       "v3" ("monitor_cond_since", which also drops the connection every
#       0.2 s and reconnects with the last transaction id it saw, so that
#       it resumes from the server's transaction history) or "slow" (like
#       "v2", but reading 4 kB at a time with short sleeps between reads,
#       and twice not at all for 0.7 s, so that its updates pile up and
#       coalesce in the server).  Monitors QoS (type,
#       external_ids, other_config) and Open_vSwitch (next_cfg), creates
#       READY once it holds the initial contents, and writes every message
#       it receives to OUT as one JSON line (after a line for each
#       connection), until it has seen next_cfg N and then nothing for a
#       while.
#
#   check-monitor OUT KIND N VIEW
#       Replays what a monitor received, strictly: an insert of a row it
#       already has, a change to or deletion of a row it does not have, a
#       V1 "old" that does not match what it has, are errors.  After each
#       update, next_cfg must have grown (every transaction changes it), and
#       the view must equal the model's state after transaction next_cfg
#       exactly: so no change was missed, duplicated or reordered, and none
#       was shown without the rest of its transaction.  V3 transaction ids
#       must all differ.  At the end next_cfg must be N.  Writes the final
#       view (uuid -> row name) to VIEW and prints a summary.
#
#   query SOCKET OUT
#       Writes to OUT the result of the query that check-db wants.
#
#   check-db QUERY N [VIEW]...
#       QUERY is the output of a transaction (over JSON-RPC, or from
#       oswdb-tool / ovsdb-tool query) selecting QoS _uuid, type,
#       external_ids, other_config, then Open_vSwitch next_cfg: it must be
#       the model's state after transaction N, and its uuids those of
#       every monitor's final VIEW.
import json
import os
import random
import select
import socket
import sys
import time

WINDOW = 8
QOS_COLUMNS = ['type', 'external_ids', 'other_config']


def fail(msg):
    sys.stderr.write('FAILED: %s\n' % msg)
    sys.exit(1)


class Conn(object):
    def __init__(self, path, chunk=1 << 20):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        self.buf = ''
        self.decoder = json.JSONDecoder()
        self.chunk = chunk

    def send(self, msg):
        self.sock.sendall(json.dumps(msg).encode())

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
                data = self.sock.recv(self.chunk)
            except ConnectionResetError:
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

    def close(self):
        self.sock.close()


# The schedule and its model.

def schedule(k):
    """Returns the operations of transaction 'k' (from 1), without the
    database name, and whether it commits durably."""
    ops = [{'op': 'mutate', 'table': 'Open_vSwitch', 'where': [],
            'mutations': [['next_cfg', '+=', 1]]},
           {'op': 'insert', 'table': 'QoS',
            'row': {'type': 'q%d' % k,
                    'external_ids': ['map', [['seq', str(k)]]]}}]
    if k % 3 == 0:
        ops.append({'op': 'update', 'table': 'QoS',
                    'where': [['type', '==', 'q%d' % (k // 2)]],
                    'row': {'other_config': ['map', [['m', str(k)],
                                                     ['p', str(k % 2)]]]}})
    if k % 5 == 0:
        ops.append({'op': 'mutate', 'table': 'QoS',
                    'where': [['type', '==', 'q%d' % (k // 3)]],
                    'mutations': [['external_ids', 'insert',
                                   ['map', [['k%d' % k, 'v']]]]]})
    if k % 11 == 0:
        ops.append({'op': 'mutate', 'table': 'QoS',
                    'where': [['type', '==', 'q%d' % (k // 5)]],
                    'mutations': [['external_ids', 'delete',
                                   ['set', ['seq']]]]})
    if k % 7 == 0 and k > 40:
        ops.append({'op': 'delete', 'table': 'QoS',
                    'where': [['type', '==', 'q%d' % (k - 40)]]})
    return ops, k % 4 == 0


class Model(object):
    """The database as the schedule leaves it: QoS rows by name, each a
    (external_ids, other_config) pair of dicts; and next_cfg."""

    def __init__(self):
        self.rows = {}
        self.k = 0

    def advance(self, k):
        """Applies transactions up to 'k'; returns the names of the rows
        that they touched."""
        touched = set()
        while self.k < k:
            self.k += 1
            touched |= self._apply(self.k)
        return touched

    def _apply(self, k):
        rows = self.rows
        name = 'q%d' % k
        rows[name] = ({'seq': str(k)}, {})
        touched = {name}
        if k % 3 == 0 and 'q%d' % (k // 2) in rows:
            target = 'q%d' % (k // 2)
            rows[target] = (rows[target][0], {'m': str(k), 'p': str(k % 2)})
            touched.add(target)
        if k % 5 == 0 and 'q%d' % (k // 3) in rows:
            target = 'q%d' % (k // 3)
            ext = dict(rows[target][0])
            ext.setdefault('k%d' % k, 'v')
            rows[target] = (ext, rows[target][1])
            touched.add(target)
        if k % 11 == 0 and 'q%d' % (k // 5) in rows:
            target = 'q%d' % (k // 5)
            ext = dict(rows[target][0])
            ext.pop('seq', None)
            rows[target] = (ext, rows[target][1])
            touched.add(target)
        if k % 7 == 0 and k > 40 and 'q%d' % (k - 40) in rows:
            del rows['q%d' % (k - 40)]
            touched.add('q%d' % (k - 40))
        return touched


# The writer.

def run_writer(sock_path, n, stop_at, stop_file):
    conn = Conn(sock_path)
    in_flight = {}
    k = 1
    n_durable = 0
    start = time.time()
    while k <= n or in_flight:
        while k <= n and len(in_flight) < WINDOW:
            ops, durable = schedule(k)
            if durable:
                ops.append({'op': 'commit', 'durable': True})
                n_durable += 1
            conn.send({'method': 'transact', 'id': k,
                       'params': ['Open_vSwitch'] + ops})
            in_flight[k] = len(ops)
            k += 1
        msgs = conn.receive(30)
        if msgs is None:
            fail('writer: the server closed the connection')
        if not msgs:
            fail('writer: no reply within 30 s')
        for m in msgs:
            if m.get('method') == 'echo':
                conn.send({'id': m['id'], 'result': m['params'],
                           'error': None})
                continue
            txn = m.get('id')
            if txn not in in_flight:
                fail('writer: unexpected message %s' % json.dumps(m))
            n_ops = in_flight.pop(txn)
            result = m.get('result')
            if (m.get('error') is not None or not isinstance(result, list)
                    or len(result) != n_ops
                    or any('error' in r for r in result)
                    or result[0].get('count') != 1):
                fail('writer: transaction %d failed: %s'
                     % (txn, json.dumps(m)))
            if txn == stop_at:
                open(stop_file, 'w').close()
    elapsed = time.time() - start
    print('writer: %d transactions (%d durable) in %.1f s, %.0f per second'
          % (n, n_durable, elapsed, n / elapsed))


# The monitors.

def monitor_request(kind, last_txnid):
    requests = {'QoS': {'columns': QOS_COLUMNS},
                'Open_vSwitch': {'columns': ['next_cfg']}}
    if kind == 'v1':
        return {'method': 'monitor', 'id': 'mon',
                'params': ['Open_vSwitch', 'm', requests]}
    elif kind == 'v3':
        return {'method': 'monitor_cond_since', 'id': 'mon',
                'params': ['Open_vSwitch', 'm', requests, last_txnid]}
    else:
        return {'method': 'monitor_cond', 'id': 'mon',
                'params': ['Open_vSwitch', 'm', requests]}


def last_next_cfg(updates, current):
    """The next_cfg that 'updates' (any version) shows, or 'current'."""
    for row in (updates or {}).get('Open_vSwitch', {}).values():
        for key in ('new', 'initial', 'insert', 'modify'):
            if isinstance(row.get(key), dict) and 'next_cfg' in row[key]:
                current = row[key]['next_cfg']
    return current


def run_monitor(sock_path, kind, n, out_path, ready_path):
    out = open(out_path, 'w')
    rng = random.Random(os.getpid())
    zero = '00000000-0000-0000-0000-000000000000'
    last_txnid = zero
    next_cfg = None
    n_connections = 0
    quiet_since = None
    deadline = time.time() + 120
    conn = None
    stalls = [n // 4, n // 2] if kind == 'slow' else []
    while time.time() < deadline:
        if conn is None:
            conn = Conn(sock_path, 4096 if kind == 'slow' else 1 << 20)
            n_connections += 1
            out.write(json.dumps({'connection': n_connections}) + '\n')
            conn.send(monitor_request(kind, last_txnid))
            reconnect_at = time.time() + 0.2
        msgs = conn.receive(0.1)
        if msgs is None:
            fail('monitor %s: the server closed the connection' % kind)
        for m in msgs:
            out.write(json.dumps(m, separators=(',', ':')) + '\n')
            if m.get('id') == 'mon':
                if m.get('error') is not None:
                    fail('monitor %s: %s' % (kind, json.dumps(m)))
                result = m['result']
                if kind == 'v3':
                    last_txnid = result[1]
                    result = result[2]
                next_cfg = last_next_cfg(result, next_cfg)
                if not os.path.exists(ready_path):
                    open(ready_path, 'w').close()
            elif m.get('method') in ('update', 'update2'):
                next_cfg = last_next_cfg(m['params'][1], next_cfg)
            elif m.get('method') == 'update3':
                last_txnid = m['params'][1]
                next_cfg = last_next_cfg(m['params'][2], next_cfg)
            elif m.get('method') == 'echo':
                conn.send({'id': m['id'], 'result': m['params'],
                           'error': None})
        if msgs:
            quiet_since = None
        elif next_cfg == n:
            # Done; anything that still comes is a duplicate.
            if quiet_since is None:
                quiet_since = time.time()
            elif time.time() - quiet_since > 0.5:
                break
        if kind == 'slow':
            if stalls and next_cfg is not None and next_cfg >= stalls[0]:
                # Stop reading for a while: the socket fills up, and the
                # server must hold the changes back and coalesce them.
                stalls.pop(0)
                time.sleep(0.7)
            time.sleep(rng.uniform(0, 0.004))
        elif kind == 'v3' and time.time() > reconnect_at and next_cfg != n:
            conn.close()
            conn = None
    else:
        fail('monitor %s: timed out at next_cfg %s' % (kind, next_cfg))
    out.close()


# The checks.

def datum_to_py(value):
    """Converts an OVSDB JSON value (atom, set, map) to a Python value: a
    dict for a map, a sorted list for a set, else the atom."""
    if isinstance(value, list) and value[0] == 'map':
        return dict((k, v) for k, v in value[1])
    if isinstance(value, list) and value[0] == 'set':
        return sorted(value[1])
    return value


def apply_map_diff(old, diff):
    """Applies an update2 map diff: a pair whose key is absent is added,
    one equal to the current pair removed, another value replaces it."""
    new = dict(old)
    for k, v in diff.items():
        if k not in new:
            new[k] = v
        elif new[k] == v:
            del new[k]
        else:
            new[k] = v
    return new


DEFAULTS = {'QoS': {'type': '', 'external_ids': {}, 'other_config': {}},
            'Open_vSwitch': {'next_cfg': 0}}


class View(object):
    """A monitor client's copy of the monitored tables."""

    def __init__(self, kind):
        self.kind = kind
        self.tables = {'QoS': {}, 'Open_vSwitch': {}}
        self.touched = set()

    def reset(self):
        self.tables = {'QoS': {}, 'Open_vSwitch': {}}

    def full_row(self, table, row):
        full = dict(DEFAULTS[table])
        for col, value in row.items():
            if col not in full:
                fail('unexpected column %s in %s' % (col, json.dumps(row)))
            full[col] = datum_to_py(value)
        return full

    def apply(self, updates, initial=False):
        self.touched = set()
        for table, rows in updates.items():
            if table not in self.tables:
                fail('unexpected table %s' % table)
            for uuid, change in rows.items():
                self._apply_row(table, uuid, change, initial)

    def _apply_row(self, table, uuid, change, initial):
        rows = self.tables[table]
        have = rows.get(uuid)
        if have and table == 'QoS':
            self.touched.add(have['type'])
        where = '%s row %s: %s' % (table, uuid, json.dumps(change))
        if self.kind == 'v1':
            if 'new' in change and 'old' not in change:
                if have:
                    fail('insert of a row already there: %s' % where)
                rows[uuid] = self.full_row(table, change['new'])
            elif 'new' in change:
                if not have:
                    fail('modify of a row not there: %s' % where)
                for col, value in change['old'].items():
                    if have[col] != datum_to_py(value):
                        fail('"old" %s does not match %s: %s'
                             % (col, have[col], where))
                rows[uuid] = self.full_row(table, change['new'])
            else:
                if not have:
                    fail('delete of a row not there: %s' % where)
                if self.full_row(table, change['old']) != have:
                    fail('"old" does not match %s: %s' % (have, where))
                del rows[uuid]
        else:
            kinds = list(change)
            if len(kinds) != 1:
                fail('bad row update: %s' % where)
            op = kinds[0]
            if op == 'initial' and not initial:
                fail('"initial" in a notification: %s' % where)
            if op in ('initial', 'insert'):
                if have:
                    fail('insert of a row already there: %s' % where)
                rows[uuid] = self.full_row(table, change[op])
            elif op == 'modify':
                if not have:
                    fail('modify of a row not there: %s' % where)
                new = dict(have)
                for col, value in change[op].items():
                    value = datum_to_py(value)
                    if isinstance(DEFAULTS[table].get(col), dict):
                        new[col] = apply_map_diff(have[col], value)
                    else:
                        new[col] = value
                rows[uuid] = new
            elif op == 'delete':
                if not have:
                    fail('delete of a row not there: %s' % where)
                del rows[uuid]
            else:
                fail('bad row update: %s' % where)
        if uuid in rows and table == 'QoS':
            self.touched.add(rows[uuid]['type'])

    def next_cfg(self):
        ovs = list(self.tables['Open_vSwitch'].values())
        if len(ovs) != 1:
            fail('%d Open_vSwitch rows in the view' % len(ovs))
        return ovs[0]['next_cfg']

    def by_name(self):
        names = {}
        for uuid, row in self.tables['QoS'].items():
            if row['type'] in names:
                fail('two rows named %s' % row['type'])
            names[row['type']] = uuid
        return names


def compare_rows(view, model, names, which):
    """Compares the rows 'names' of 'view' with 'model'."""
    by_name = view.by_name()
    for name in names:
        want = model.rows.get(name)
        uuid = by_name.get(name)
        got = view.tables['QoS'][uuid] if uuid else None
        if want is None and got is None:
            continue
        if (want is None or got is None or got['external_ids'] != want[0]
                or got['other_config'] != want[1]):
            fail('%s: after transaction %d, row %s is %s, expected %s'
                 % (which, model.k, name, got, want))
    if len(by_name) != len(model.rows):
        fail('%s: after transaction %d, %d rows, expected %d'
             % (which, model.k, len(by_name), len(model.rows)))


def run_check_monitor(out_path, kind, n, view_path):
    view = View(kind)
    model = Model()
    prev = None
    n_updates = n_connections = n_resumed = 0
    txnids = set()
    last_txnid = None
    ever = set()
    with open(out_path) as f:
        lines = [json.loads(line) for line in f]
    for i, msg in enumerate(lines):
        which = '%s (message %d)' % (kind, i + 1)
        if 'connection' in msg:
            n_connections += 1
            continue
        if msg.get('method') == 'echo':
            continue
        full = False
        same_txnid = False
        if msg.get('id') == 'mon':
            result = msg['result']
            if kind == 'v3':
                found, txnid, result = result
                # The id of the last transaction seen is fine again if
                # nothing happened since (checked below).
                if txnid in txnids and txnid != last_txnid:
                    fail('%s: transaction id %s again' % (which, txnid))
                same_txnid = txnid == last_txnid
                txnids.add(txnid)
                last_txnid = txnid
            if kind == 'v3' and found:
                n_resumed += 1
                view.apply(result)
            else:
                view.reset()
                view.apply(result, initial=True)
                full = True
        elif msg.get('method') in ('update', 'update2', 'update3'):
            n_updates += 1
            params = msg['params']
            if kind == 'v3':
                if params[1] in txnids:
                    fail('%s: transaction id %s again' % (which, params[1]))
                txnids.add(params[1])
                last_txnid = params[1]
            view.apply(params[-1])
        else:
            fail('%s: unexpected message %s' % (which, json.dumps(msg)))

        k = view.next_cfg()
        if prev is not None and k < prev:
            fail('%s: next_cfg went back from %d to %d' % (which, prev, k))
        if prev is not None and k == prev and 'method' in msg:
            # Every transaction changes next_cfg.
            fail('%s: an update that shows no transaction' % which)
        if same_txnid and k != prev:
            fail('%s: transactions %d to %d have the id of %d'
                 % (which, prev + 1, k, prev))
        touched = model.advance(k) | view.touched
        compare_rows(view, model, set(model.rows) if full else touched,
                     which)
        ever |= set(view.by_name())
        prev = k
    if prev != n:
        fail('%s: the last next_cfg seen is %s, not %d' % (kind, prev, n))
    compare_rows(view, model, set(model.rows), kind)
    n_inserted = n
    unseen = n_inserted - len(ever)
    with open(view_path, 'w') as f:
        json.dump(dict((u, r['type']) for u, r in view.tables['QoS'].items()),
                  f)
    print('monitor %s: %d updates over %d connection(s)%s; after each, the '
          'view was the database after transaction next_cfg (%d '
          'transactions; %d rows inserted and deleted again between two '
          'updates, never seen)'
          % (kind, n_updates, n_connections,
             ' (%d resumed from history)' % n_resumed if kind == 'v3'
             else '', n, unseen))


def run_check_db(query_path, n, view_paths):
    with open(query_path) as f:
        result = json.load(f)
    if isinstance(result, dict):
        result = result['result']
    if any('error' in r for r in result):
        fail('%s: %s' % (query_path, json.dumps(result)[:500]))
    model = Model()
    model.advance(n)
    rows = {}
    uuids = {}
    for row in result[0]['rows']:
        rows[row['type']] = (datum_to_py(row['external_ids']),
                             datum_to_py(row['other_config']))
        uuids[row['_uuid'][1]] = row['type']
    next_cfg = result[1]['rows'][0]['next_cfg']
    if rows != model.rows or next_cfg != n:
        diff = sorted(name for name in set(rows) | set(model.rows)
                      if rows.get(name) != model.rows.get(name))
        fail('%s: not the expected final state (next_cfg %d, %d rows, '
             'expected %d); rows that differ: %s'
             % (query_path, next_cfg, len(rows), len(model.rows),
                diff[:20]))
    for path in view_paths:
        with open(path) as f:
            if json.load(f) != uuids:
                fail('the final view in %s differs from %s'
                     % (path, query_path))


def run_query(sock_path, out_path):
    conn = Conn(sock_path)
    conn.send({'method': 'transact', 'id': 'q',
               'params': ['Open_vSwitch',
                          {'op': 'select', 'table': 'QoS', 'where': [],
                           'columns': ['_uuid'] + QOS_COLUMNS},
                          {'op': 'select', 'table': 'Open_vSwitch',
                           'where': [], 'columns': ['next_cfg']}]})
    while True:
        msgs = conn.receive(30)
        if not msgs:
            fail('query: no reply')
        for m in msgs:
            if m.get('id') == 'q':
                with open(out_path, 'w') as f:
                    json.dump(m['result'], f)
                return


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ''
    args = sys.argv[2:]
    if cmd == 'writer' and len(args) == 4:
        run_writer(args[0], int(args[1]), int(args[2]), args[3])
    elif cmd == 'monitor' and len(args) == 5:
        run_monitor(args[0], args[1], int(args[2]), args[3], args[4])
    elif cmd == 'check-monitor' and len(args) == 4:
        run_check_monitor(args[0], args[1], int(args[2]), args[3])
    elif cmd == 'query' and len(args) == 2:
        run_query(args[0], args[1])
    elif cmd == 'check-db' and len(args) >= 2:
        run_check_db(args[0], int(args[1]), args[2:])
    else:
        sys.stderr.write('usage: see the comment at the top of %s\n'
                         % sys.argv[0])
        sys.exit(2)


if __name__ == '__main__':
    main()
