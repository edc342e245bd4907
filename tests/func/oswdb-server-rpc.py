#! /usr/bin/env python3
# oswdb-server-rpc.py: a scriptable raw JSON-RPC client for the oswdb-server
# functional tests (not a test of its own).
#
# usage: oswdb-server-rpc.py [--normalize] [--sort] [--timeout=SECS] < SCRIPT
#
# Each line of SCRIPT is one of:
#   open NAME TARGET       connect NAME to unix:PATH or tcp:HOST:PORT
#   close NAME             close NAME's connection
#   NAME {JSON}            send the JSON message on NAME
#   NAME ?                 print what NAME received within the timeout
#   NAME ?N                wait until NAME received N messages, print them
#   sleep SECS
#   mark PATH              create file PATH (to tell a test script where
#                          we are)
#   waitfile PATH          wait (up to 60 s) until file PATH exists
#   # comment
# Every message received is printed as "NAME: JSON" (keys sorted, compact),
# or "NAME: <EOF>" when the server closes the connection.  With
# --normalize, uuids become "<uuid>" and the "result": null member of error
# replies is dropped, so that the output of two servers can be compared;
# with --sort, the messages printed by one "?" line are sorted (the order
# of notifications from different monitors is arbitrary).
import json
import os
import re
import socket
import sys
import time

UUID_RE = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                     r'[0-9a-f]{12}')


class Conn(object):
    def __init__(self, target):
        if target.startswith('unix:'):
            self.sock = socket.socket(socket.AF_UNIX)
            self.sock.connect(target[5:])
        elif target.startswith('tcp:'):
            host, port = target[4:].rsplit(':', 1)
            self.sock = socket.create_connection((host, int(port)))
        else:
            raise ValueError('bad target %s' % target)
        self.buf = ''
        self.eof = False
        self.decoder = json.JSONDecoder()

    def send(self, text):
        self.sock.sendall(text.encode())

    def receive(self, timeout, count=None):
        """Returns the messages received within 'timeout' seconds, or as
        soon as 'count' arrived."""
        msgs = []
        deadline = time.time() + timeout
        while not self.eof:
            msgs += self._parse()
            if count is not None and len(msgs) >= count:
                break
            left = deadline - time.time()
            if left <= 0:
                break
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                data = b''
            if not data:
                self.eof = True
                msgs += self._parse()
                msgs.append(None)
                break
            self.buf += data.decode()
        return msgs

    def _parse(self):
        msgs = []
        while True:
            text = self.buf.lstrip()
            if not text:
                self.buf = ''
                return msgs
            try:
                obj, end = self.decoder.raw_decode(text)
            except ValueError:
                self.buf = text
                return msgs
            msgs.append(obj)
            self.buf = text[end:]


def format_msg(name, msg, normalize):
    if msg is None:
        return '%s: <EOF>' % name
    if normalize and isinstance(msg, dict):
        if msg.get('error') is not None and msg.get('result', 0) is None:
            del msg['result']
    text = json.dumps(msg, sort_keys=True, separators=(',', ':'))
    if normalize:
        text = UUID_RE.sub('<uuid>', text)
    return '%s: %s' % (name, text)


def main():
    normalize = False
    sort = False
    timeout = 0.5
    for arg in sys.argv[1:]:
        if arg == '--normalize':
            normalize = True
        elif arg == '--sort':
            sort = True
        elif arg.startswith('--timeout='):
            timeout = float(arg.split('=', 1)[1])
        else:
            sys.stderr.write('unknown argument %s\n' % arg)
            sys.exit(2)

    conns = {}
    for line in sys.stdin:
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        word, _, rest = line.partition(' ')
        rest = rest.strip()
        if word == 'open':
            name, target = rest.split()
            conns[name] = Conn(target)
        elif word == 'close':
            conns.pop(rest).sock.close()
        elif word == 'sleep':
            time.sleep(float(rest))
        elif word == 'mark':
            open(rest, 'w').close()
        elif word == 'waitfile':
            deadline = time.time() + 60
            while not os.path.exists(rest) and time.time() < deadline:
                time.sleep(0.05)
        elif rest.startswith('?'):
            count = int(rest[1:]) if len(rest) > 1 else None
            wait = timeout if count is None else 10.0
            lines = [format_msg(word, msg, normalize)
                     for msg in conns[word].receive(wait, count)]
            for text in sorted(lines) if sort else lines:
                print(text)
            sys.stdout.flush()
        else:
            conns[word].send(rest)


if __name__ == '__main__':
    main()
