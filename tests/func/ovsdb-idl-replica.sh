# ovsdb-idl-replica: an IDL replica follows the changes another client
# makes with plain transactions (insert with references, map mutations,
# scalar updates, deletion with garbage collection of unreferenced rows),
# with the schema fetched from the server or given; a conditional monitor
# holds only the matching rows, and follows a row in and out of its
# condition.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/ovsdb-idl-server.sh"

idl_require
cd "$TESTDIR"
idl_db_create
idl_server_start
idl_init_row

SPECS="Open_vSwitch:bridges,external_ids,next_cfg
       Bridge:name,ports,external_ids Port:name,interfaces Interface:name"
spawn test-ovsdb-idl --client "$IDL_REMOTE" follow "$TESTDIR/state" $SPECS
spawn test-ovsdb-idl --client "$IDL_REMOTE" --schema="$IDL_SCHEMA" \
      follow "$TESTDIR/state2" $SPECS
spawn test-ovsdb-idl --client "$IDL_REMOTE" \
      --cond='Bridge:[["external_ids", "includes",
                       ["map", [["watch", "yes"]]]]]' \
      follow "$TESTDIR/state3" Bridge:name,external_ids

idl_state_is "synced=monitor_cond_since full_loads=1
Open_vSwitch bridges=[] external_ids={} next_cfg=0"
idl_state_is "synced=monitor_cond_since full_loads=1" "$TESTDIR/state3"

# A bridge, its port and interface, referring to each other by name.
idl_transact '
  {"op": "insert", "table": "Interface", "row": {"name": "p0"},
   "uuid-name": "i0"},
  {"op": "insert", "table": "Port", "uuid-name": "p0",
   "row": {"name": "p0", "interfaces": ["named-uuid", "i0"]}},
  {"op": "insert", "table": "Bridge", "uuid-name": "b0",
   "row": {"name": "br0", "ports": ["named-uuid", "p0"]}},
  {"op": "mutate", "table": "Open_vSwitch", "where": [],
   "mutations": [["bridges", "insert", ["set", [["named-uuid", "b0"]]]]]}
' > /dev/null
EXPECTED="synced=monitor_cond_since full_loads=1
Open_vSwitch bridges=[br0] external_ids={} next_cfg=0
Bridge name=br0 ports=[p0] external_ids={}
Port name=p0 interfaces=[p0]
Interface name=p0"
idl_state_is "$EXPECTED"
idl_state_is "$EXPECTED" "$TESTDIR/state2"
idl_state_is "synced=monitor_cond_since full_loads=1" "$TESTDIR/state3"

# Map mutations, scalar updates.
idl_transact '
  {"op": "mutate", "table": "Bridge", "where": [["name", "==", "br0"]],
   "mutations": [["external_ids", "insert", ["map", [["k1", "v1"],
                                                      ["k2", "v2"]]]]]},
  {"op": "update", "table": "Open_vSwitch", "where": [],
   "row": {"next_cfg": 3, "external_ids": ["map", [["system-id", "x"]]]}}
' > /dev/null
idl_state_is "synced=monitor_cond_since full_loads=1
Open_vSwitch bridges=[br0] external_ids={system-id=x} next_cfg=3
Bridge name=br0 ports=[p0] external_ids={k1=v1, k2=v2}
Port name=p0 interfaces=[p0]
Interface name=p0"
idl_transact '
  {"op": "mutate", "table": "Bridge", "where": [["name", "==", "br0"]],
   "mutations": [["external_ids", "delete", ["set", ["k1"]]]]}
' > /dev/null

# A second bridge, which the conditional monitor sees, until a change takes
# it out of the condition.
idl_transact '
  {"op": "insert", "table": "Bridge", "uuid-name": "b1",
   "row": {"name": "br1", "external_ids": ["map", [["watch", "yes"]]]}},
  {"op": "mutate", "table": "Open_vSwitch", "where": [],
   "mutations": [["bridges", "insert", ["set", [["named-uuid", "b1"]]]]]}
' > /dev/null
idl_state_is "synced=monitor_cond_since full_loads=1
Open_vSwitch bridges=[br0,br1] external_ids={system-id=x} next_cfg=3
Bridge name=br0 ports=[p0] external_ids={k2=v2}
Bridge name=br1 ports=[] external_ids={watch=yes}
Port name=p0 interfaces=[p0]
Interface name=p0"
idl_state_is "synced=monitor_cond_since full_loads=1
Bridge name=br1 external_ids={watch=yes}" "$TESTDIR/state3"
idl_transact '
  {"op": "update", "table": "Bridge", "where": [["name", "==", "br1"]],
   "row": {"external_ids": ["map", [["watch", "no"]]]}}
' > /dev/null
idl_state_is "synced=monitor_cond_since full_loads=1" "$TESTDIR/state3"

# Unreferenced, the bridges are collected by the server, with their ports
# and interfaces.
idl_transact '
  {"op": "update", "table": "Open_vSwitch", "where": [],
   "row": {"bridges": ["set", []]}}
' > /dev/null
EXPECTED="synced=monitor_cond_since full_loads=1
Open_vSwitch bridges=[] external_ids={system-id=x} next_cfg=3"
idl_state_is "$EXPECTED"
idl_state_is "$EXPECTED" "$TESTDIR/state2"

# One-shot dump.
check_output "Open_vSwitch next_cfg=3" \
    test-ovsdb-idl --client "$IDL_REMOTE" dump Open_vSwitch:next_cfg
