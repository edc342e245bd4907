#! /usr/bin/env python3
# oswdb-server-ovsdbapp.py: drives a database server with OpenStack's
# ovsdbapp (python-ovs IDL underneath), for oswdb-server-ovsdbapp.sh.
#
# usage: oswdb-server-ovsdbapp.py ENDPOINT "RECONNECT-COMMAND" "VSCTL"
# RECONNECT-COMMAND makes the server drop every connection; VSCTL is an
# ovs-vsctl command line prefix for the same server.
import subprocess
import sys
import time

from ovsdbapp.backend.ovs_idl import connection
from ovsdbapp.schema.open_vswitch import impl_idl


class NoWaitTransaction(impl_idl.OvsVsctlTransaction):
    """ovs-vsctl-like transaction that does not wait for ovs-vswitchd to
    apply it (there is none here)."""
    def do_post_commit(self, txn):
        pass


class NoVswitchdIdl(impl_idl.OvsdbIdl):
    def create_transaction(self, check_error=False, log_errors=True, **kw):
        return NoWaitTransaction(self, self.ovsdb_connection,
                                 check_error=check_error,
                                 log_errors=log_errors)


def wait_for(what, predicate, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    sys.exit('timed out waiting for %s' % what)


def main():
    endpoint, reconnect, vsctl = sys.argv[1:4]
    idl = connection.OvsdbIdl.from_server(endpoint, 'Open_vSwitch')
    conn = connection.Connection(idl=idl, timeout=10)
    api = NoVswitchdIdl(conn)

    api.add_br('br-test').execute(check_error=True)
    assert api.br_exists('br-test').execute(check_error=True)
    api.add_port('br-test', 'p1').execute(check_error=True)
    api.db_set('Port', 'p1', ('tag', 5)).execute(check_error=True)
    with api.transaction(check_error=True) as txn:
        txn.add(api.add_port('br-test', 'p2'))
        txn.add(api.db_set('Interface', 'p2', ('type', 'internal')))
    print('bridges', sorted(api.list_br().execute(check_error=True)))
    print('ports', sorted(api.list_ports('br-test').execute(check_error=True)))
    print('tag', api.db_get('Port', 'p1', 'tag').execute(check_error=True))
    print('type', api.db_get('Interface', 'p2', 'type').execute(
        check_error=True))

    # Changes made by others reach the IDL's replica.
    subprocess.check_call(vsctl.split() + ['add-br', 'br-other'])
    wait_for('br-other', lambda: 'br-other' in api.list_br().execute())

    # The server drops the connection; the IDL reconnects (asking with
    # monitor_cond_since for what changed) and sees what changed while it
    # was away.
    subprocess.check_call(reconnect.split())
    subprocess.check_call(vsctl.split() + ['del-br', 'br-other'])
    wait_for('br-other gone',
             lambda: 'br-other' not in api.list_br().execute())
    api.del_port('p1').execute(check_error=True)
    print('ports', sorted(api.list_ports('br-test').execute(check_error=True)))
    api.del_br('br-test').execute(check_error=True)
    print('bridges', sorted(api.list_br().execute(check_error=True)))
    conn.stop()


if __name__ == '__main__':
    main()
