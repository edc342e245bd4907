# vsctl-db: the database commands (list, find, get, set, add, remove,
# clear, create, destroy, wait-until, comment) with exact outputs: record
# naming (by name, through a bridge, ".", full or abbreviated uuid), table
# and column names by unique prefix, case-insensitively, with - and _
# interchangeable, values in ovs-vsctl's syntax, @name references.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"

start_db
vs add-br br0 -- add-port br0 p1 -- add-port br0 p2 tag=7

# list: "_uuid" first, then the columns in alphabetical order, 20-wide
# names; --columns picks and orders.
P1=$(vs get Port p1 _uuid)
vs list Port p1 > list.out
head -1 list.out | grep -qx "_uuid               : $P1" || fail "list: $(head -1 list.out)"
sed -n '2,$p' list.out | cut -d' ' -f1 > names
sort -c names || fail "list columns are not in alphabetical order"
grep -qx 'name                : p1' list.out || fail "list: no name line"
grep -qx 'tag                 : \[\]' list.out || fail "list: no empty tag"
check_output "name                : p2
tag                 : 7
_uuid               : $(vs get Port p2 _uuid)" \
    vs --columns=name,tag,_uuid list Port p2
check_output "name                : p1

name                : p2" vs --columns=name list Port p1 p2
expect_error 'no row "nope" in table Port' vs list Port p1 nope
check_output "name                : p1" vs --if-exists --columns=name list Port nope p1
expect_error "must specify at least one column name" vs --columns= list Port

# Names of tables and columns.
check_output "p2" vs get port p2 name
check_output "p2" vs get PORT p2 NAME
check_output "p2" vs get Po p2 na
check_output "[]" vs get Interface p1 mac-in-use
check_output "{}" vs get Open-vSwitch . other-config
expect_error '"F" matches multiple table names: Flow_Sample_Collector_Set, Flow_Table' vs list F
expect_error 'unknown table "Nope"' vs list Nope
expect_error 'Port contains more than one column whose name matches "t": tag, trunks' \
    vs get Port p1 t
expect_error 'Port does not contain a column whose name matches "nope"' \
    vs get Port p1 nope

# Record names.
BR0=$(vs get Bridge br0 _uuid)
check_output "br0" vs get Bridge "$BR0" name
check_output "br0" vs get Bridge "${BR0:0:8}" name
check_output "br0" vs get Bridge "$(echo "${BR0:0:4}" | tr a-f A-F)" name
expect_error "no row \"${BR0:0:3}\" in table Bridge" vs get Bridge "${BR0:0:3}" name
vs set-controller br0 tcp:127.0.0.1:6653 -- set-manager ptcp:6640
check_output '"tcp:127.0.0.1:6653"' vs get Controller br0 target
check_output '"ptcp:6640"' vs get Manager ptcp:6640 target
check_output "[$BR0]" vs get Open_vSwitch . bridges
expect_error 'no row "x" in table Open_vSwitch' vs get Open_vSwitch x bridges
vs create QoS type=a "external-ids:id=1" > /dev/null
check_output aaaa0000-0000-4000-8000-000000000001 \
    vs -- --id=aaaa0000-0000-4000-8000-000000000001 create QoS type=b
check_output aaaa0000-0000-4000-8000-000000000002 \
    vs -- --id=aaaa0000-0000-4000-8000-000000000002 create QoS type=c
check_output "b" vs get QoS aaaa0000-0000-4000-8000-000000000001 type
check_fails vs get QoS aaaa0000 type 2> err
grep -Eqx "osw-vsctl: QoS contains 2 or more rows whose UUIDs begin with aaaa0000: at least aaaa0000-0000-4000-8000-00000000000[12] and aaaa0000-0000-4000-8000-00000000000[12]" err \
    || fail "ambiguous uuid: $(cat err)"

# get.
check_output "[]
7" vs get Port p1 tag -- get Port p2 tag
vs set Port p1 other_config:a=1 other_config:b=x
check_output '"1"
x' vs get Port p1 other_config:a other_config:b
expect_error 'no key "c" in Port record "p1" column other_config' \
    vs get Port p1 other_config:c
check_output "" vs --if-exists get Port p1 other_config:c
check_output "" vs --if-exists get Port nope name
expect_error 'cannot specify key to get for non-map column tag' vs get Port p1 tag:x
expect_error '--if-exists and --id may not be specified together' \
    vs -- --if-exists --id=@x get Port p1
expect_error 'row id "x" does not begin with "@"' vs -- --id=x get Port p1

# set.
vs set Port p1 tag=3 trunks=1,2,3 'other_config={q=r, s="t u"}'
check_output '3
[1, 2, 3]
{q=r, s="t u"}' vs get Port p1 tag trunks other_config
vs set Port p1 other_config:q=z
check_output '{q=z, s="t u"}' vs get Port p1 other_config
vs set Bridge br0 flood_vlans=1-5
check_output "[1, 2, 3, 4, 5]" vs get Bridge br0 flood_vlans
expect_error 'cannot modify read-only column name in table Port' vs set Port p1 name=x
expect_error 'cannot specify key to set for non-map column tag' vs set Port p1 tag:x=1
expect_error '"x" is not a valid integer or range' vs set Port p1 tag=x
unchanged vs --if-exists set Port nope tag=1

# add, remove, clear.
vs add Port p1 trunks 4 5-6
check_output "[1, 2, 3, 4, 5, 6]" vs get Port p1 trunks
vs remove Port p1 trunks 2 4-5
check_output "[1, 3, 6]" vs get Port p1 trunks
vs add Port p1 other_config a=b c=d q=y
check_output '{a=b, c=d, q=y, s="t u"}' vs get Port p1 other_config
vs remove Port p1 other_config a c=x s
check_output '{c=d, q=y}' vs get Port p1 other_config
vs remove Port p1 other_config c=d
check_output '{q=y}' vs get Port p1 other_config
vs clear Port p1 trunks other_config tag
check_output "[]
{}
[]" vs get Port p1 trunks other_config tag
expect_error '"clear" operation cannot be applied to column interfaces of table Port, which is not allowed to be empty' \
    vs clear Port p1 interfaces
expect_error '"add" operation would put 2 values in column tag of table Port but the maximum number is 1' \
    vs add Port p2 tag 8
expect_error '"remove" operation would put 0 values in column interfaces of table Port but the minimum number is 1' \
    vs remove Port p1 interfaces "$(vs get Interface p1 _uuid)"

# create, references, destroy.
vs -- --id=@m create Mirror name=m1 select_all=true -- add Bridge br0 mirrors @m > created
grep -Eqx '[0-9a-f-]{36}' created || fail "create printed $(cat created)"
check_output "$(cat created)" vs get Mirror m1 _uuid
# A reference before the row is created.
vs -- add Bridge br0 mirrors @m2 -- --id=@m2 create Mirror name=m2 > /dev/null
check_output "m1
m2" bash -c "osw-vsctl --db=unix:$TESTDIR/osw.sock --bare --columns=name list Mirror | grep . | sort"
expect_error 'row id "@nope" is referenced but never created (e.g. with "-- --id=@nope create ...")' \
    vs add Bridge br0 mirrors @nope
expect_error 'row id "@m" may only be specified on one --id option' \
    vs -- --id=@m create Mirror name=x -- --id=@m create Mirror name=y
vs -- --id=@p get Port p2 -- set Mirror m1 output_port=@p
check_output "$(vs get Port p2 _uuid)" vs get Mirror m1 output_port
# Rows of non-root tables go with their last reference; "destroy" does
# not touch them.
unchanged vs destroy Mirror m2
vs remove Bridge br0 mirrors "$(vs get Mirror m2 _uuid)"
check_output "m1" vs --bare --columns=name list Mirror
# Root tables: destroy by name, --if-exists, --all.
vs destroy QoS aaaa0000-0000-4000-8000-000000000001
expect_error 'no row "aaaa0000-0000-4000-8000-000000000001" in table QoS' \
    vs destroy QoS aaaa0000-0000-4000-8000-000000000001
unchanged vs --if-exists destroy QoS aaaa0000-0000-4000-8000-000000000001
expect_error '--all and records argument should not be specified together' \
    vs --all destroy QoS aaaa
vs -- --all destroy QoS
check_output "" vs list QoS

# find.
vs set Port p1 tag=7 other_config:mtu=1500
check_output "p1
p2" bash -c "osw-vsctl --db=unix:$TESTDIR/osw.sock --bare --columns=name find Port tag=7 | grep . | sort"
check_output "p1" vs --bare --columns=name find Port tag=7 other_config:mtu=1500
check_output "p2" vs --bare --columns=name find Port tag=7 'other_config:mtu{!=}1500'
check_output "" vs --bare --columns=name find Port 'other_config:mtu!=1500'
check_output "br0" vs --bare --columns=name find Port 'tag{=}[]'
check_output "br0" vs --bare --columns=name find Port 'tag<7'
check_output "p1
p2" bash -c "osw-vsctl --db=unix:$TESTDIR/osw.sock --bare --columns=name find Port 'tag{>=}7' | grep . | sort"
expect_error 'tag: argument does not end in "=", "!=", "<", ">", "<=", ">=", "{=}", "{!=}", "{<}", "{>}", "{<=}", "{>=}", "{in}", or "{not-in}" followed by a value.' \
    vs find Port tag

# wait-until: at once when true; otherwise until another client makes it
# true.
vs wait-until Port p1 tag=7
vs wait-until Bridge br0
( sleep 0.5; osw-vsctl --db="unix:$TESTDIR/osw.sock" --no-wait add-br br9 ) &
vs --timeout=10 wait-until Bridge br9 -- get Bridge br9 name > waited
wait
check_output br9 cat waited
( sleep 0.5; osw-vsctl --db="unix:$TESTDIR/osw.sock" --no-wait set Port p1 tag=8 ) &
vs --timeout=10 wait-until Port p1 tag=8
wait

# comment: no effect on the database.
unchanged vs comment hello world
