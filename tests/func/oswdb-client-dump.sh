# oswdb-client-dump: "dump" prints every table, or some columns of one,
# exactly as Open vSwitch's ovsdb-client does, in every output format and
# cell format.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/oswdb-client-lib.bash"

make_db conf.db
start_ovsdb_server db conf.db

# An empty database first.
check_same dump
check_same -f csv dump "$DB" Open_vSwitch

# Tricky values: quotes, commas, "=", empty strings, strings that look like
# numbers, booleans and UUIDs, control characters, non-ASCII, a long
# value, sets and maps of several types, references.
long=$(printf 'x%.0s' $(seq 300))
txn '["Open_vSwitch",
  {"op":"insert","table":"Open_vSwitch","row":{
     "bridges":["set",[["named-uuid","br0"],["named-uuid","br1"]]],
     "external_ids":["map",[["w","a\u0001b\n\t\u00e9\u2028/\\\u007f\"x"],
                            ["e",""],["n","123"],["t","true"],
                            ["u","ac52a873-4433-4a15-b8da-fb7fb26990d2"],
                            ["comma,key","a,b"],["eq=key","c=d"],
                            ["long","'"$long"'"]]],
     "db_version":"1.2","system_type":"s p","cur_cfg":-7}},
  {"op":"insert","table":"Bridge","uuid-name":"br0","row":{
     "name":"br0","ports":["named-uuid","p0"],
     "external_ids":["map",[["a","b c"],["x,y","\"q\""]]],
     "flood_vlans":["set",[1,100,4095]],"stp_enable":true,
     "fail_mode":"secure","protocols":["set",["OpenFlow10","OpenFlow13"]]}},
  {"op":"insert","table":"Bridge","uuid-name":"br1","row":{
     "name":"br1 \u00e9\u00e9\u00e9","other_config":["map",[["k","v"]]]}},
  {"op":"insert","table":"Port","uuid-name":"p0","row":{
     "name":"p0","interfaces":["named-uuid","i0"],"tag":5,
     "trunks":["set",[10,20]],"bond_updelay":-1}},
  {"op":"insert","table":"Interface","uuid-name":"i0","row":{
     "name":"p0","type":"internal","mtu_request":1500,
     "options":["map",[["remote_ip","10.0.0.1"],["key","flow"]]],
     "ofport_request":7}},
  {"op":"insert","table":"Flow_Table","row":{"name":"t","flow_limit":10,
     "prefixes":["set",["ip_dst","ip_src"]]}},
  {"op":"insert","table":"QoS","uuid-name":"q","row":{"type":"linux-htb",
     "queues":["map",[[0,["named-uuid","q0"]],[1,["named-uuid","q1"]]]]}},
  {"op":"insert","table":"Queue","uuid-name":"q0","row":{"dscp":1,
     "other_config":["map",[["max-rate","1000000"]]]}},
  {"op":"insert","table":"Queue","uuid-name":"q1","row":{}},
  {"op":"insert","table":"Port","row":{"name":"p1","qos":["named-uuid","q"],
     "interfaces":["named-uuid","i1"]}},
  {"op":"insert","table":"Interface","uuid-name":"i1","row":{"name":"p1"}}]'

check_same dump
check_same dump "$DB"
check_same dump "$DB" Open_vSwitch
for format in table list csv html json; do
    check_same --format=$format dump
    check_same -f $format --no-headings dump "$DB" Open_vSwitch Bridge
    for data in string bare json; do
        check_same -f $format -d $data dump "$DB" Open_vSwitch Open_vSwitch
        check_same -f $format --data=$data dump Bridge name external_ids \
            ports flood_vlans protocols fail_mode
    done
done
check_same --bare dump
check_same --bare dump "$DB" Open_vSwitch Interface name ofport_request
check_same -f json --pretty dump
check_same --pretty -f json -d bare dump Port
check_same --pretty dump Port name
check_same --max-column-width=5 dump
check_same --max-column-width=12 -d json dump "$DB" Open_vSwitch Open_vSwitch
check_same -f list --max-column-width=3 dump Bridge
check_same dump QoS
check_same dump Queue _uuid dscp
check_same dump Bridge _version name

# Options may follow the command.
check_same dump -f csv Bridge name
check_same dump "$DB" --no-headings Open_vSwitch Bridge name

# Errors.
check_same dump NoSuchTable
check_same dump "$DB" Open_vSwitch Bridge no_such_column
check_same dump "$DB" Open_vSwitch Bridge name no_such_column
check_same dump "unix:$TESTDIR/nonexistent.sock"
