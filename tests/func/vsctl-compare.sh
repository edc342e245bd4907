# vsctl-compare: osw-vsctl on oswdb-server against Open vSwitch's ovs-vsctl
# on ovsdb-server, command by command: the same outputs (uuids and
# program names normalized), the same error messages and exit statuses,
# and the same database contents at the end.  Covers every command and
# most options, good and bad uses.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"
require_ovs_vsctl

start_db osw
start_ovs_db ovs

cat > commands <<'COMMANDS'
show
init
show
add-br br0
add-br br0
--may-exist add-br br0
--may-exist add-br br0 br0 5
add-br p1
add-port br0 p1
add-port br1 p1
add-port nobr x
add-port br0 p1
--may-exist add-port br0 p1
--may-exist add-port br0 p1 -- --may-exist add-bond br0 p1 p1 p9
del-br nope
del-port nope
add-br br1
del-port br1 p1
add-br f2 nope 10
add-br f2 br0 5000
add-br f2 br0 -1
add-br fake br0 20
--may-exist add-br fake br0 20
--may-exist add-br fake br0 21
--may-exist add-br fake br1 20
--may-exist add-br fake
--may-exist add-br br1 br0 20
add-br f2 fake 10
add-br f3 br0 x
add-br a b
br-to-vlan nope
br-to-vlan fake
br-to-vlan br0
br-to-parent fake
br-to-parent br0
port-to-br nope
iface-to-br nope
list-ports nope
add-bond br0 b2 e9
add-bond br0 b2 e9 x=y
add-bond br0 b2 e1 e3
add-bond br0 b2 e1 e2 tag=7
add-bond br0 b3 e1 e4
--may-exist add-bond br0 b2 e1 e2
--may-exist add-bond br0 b2 e1 e9
--fake-iface add-bond br0 b4 e5 e6 lacp=active
get Port b4 bond_fake_iface lacp
add-bond-iface nope e5
add-bond-iface b2 e7
add-bond-iface b2 e7
--may-exist add-bond-iface b2 e7
--may-exist add-bond-iface p1 e7
del-bond-iface nope
del-bond-iface p1
del-bond-iface b2 e7
del-bond-iface p1 e1
--if-exists del-bond-iface e99
list-ifaces br0
get Port p1 nope
get Port nope tag
get Nope x y
get F x y
get P p1 tag
get Port p1 tag:x
get Port p1 other_config:x
--if-exists get Port p1 other_config:x
get Port p1 ""
set Port p1 tag=x
set Port p1 tag=5000
set Port p1 vlan_mode=bogus
set Port p1 name=z
set Port p1 other_config
set Port p1 other_config:
set Port p1 t=1
set Port p1 tr=1
set Port p1 'other_config:"a b"=c'
set Port p1 'other_config:a\=b=c'
set Port p1 'other_config:"a'
set Port p1 'other_config:x\'
set Port p1 other_config:true=yes other_config:y=true other_config:z=1,2
get Port p1 other_config other_config:y other_config:z other_config:true
set Port p1 'other_config={q=r}'
get port p1 other_config
clear Open_vSwitch . ovs_version
clear Port p1 name
clear Port p1 interfaces
bogus
add-br
add-br a b c d
list-br extra -x
--if-exists add-br x
--may-exist del-br x
--may-exist --may-exist add-br x
-- --may-exist --may-exist add-br x
--may-exist -- --may-exist add-br x
-- --id get Port p1
-- --if-exists=5 get Port p1
list Port nope
--if-exists list Port nope
create Port
create Port name=x
-- --id=m create Port name=x
-- --id=@m create Port name=x
set Port p1 qos=@q
set-fail-mode br0 bogus
remove Port p1 tag 99
remove Port p1 name p1
add Port p1 tag 5
add Bridge br0 flood_vlans 1-10
get Bridge br0 flood_vlans
remove Bridge br0 flood_vlans 2-4 7
get Bridge br0 flood_vlans
add Bridge br0 other_config a=b c=d
add Bridge br0 other_config a=x
get Bridge br0 other_config
remove Bridge br0 other_config a c=x
get Bridge br0 other_config
remove Bridge br0 other_config c=d
get Bridge br0 other_config
find Port nope=1
find Port tag~1
find Port tag
destroy Port
--all destroy Port p1
destroy Port p1
get Open_vSwitch x bridges
get Interface p1 ofport:x
br-set-external-id nope a b
br-set-external-id br0 a b
br-set-external-id br0 c d
br-get-external-id br0
br-get-external-id br0 a
br-get-external-id br0 zz
br-set-external-id br0 a
br-get-external-id br0
br-set-external-id fake k v
br-get-external-id fake
br-get-external-id fake k
get port fake external_ids
del-controller nope
get-fail-mode nope
get-fail-mode fake
set-fail-mode fake standalone
set-fail-mode br0 standalone
get-fail-mode fake
del-fail-mode fake
del-fail-mode br0
get-fail-mode br0
list-br
list-br --real
--real list-br
--fake list-br
--real --fake list-br
list-ports br0
list-ports fake
list-ifaces br0
list-ifaces fake
add-port fake fp1
list-ports fake
port-to-br fp1
iface-to-br fp1
get port fp1 tag
add-port fake fp2 tag=99
port-to-br fp2
list-ports br0
del-port br0 fp1
del-port fake fp1
del-port br0 br0
--if-exists del-port br0
del-port fake
del-port e1
--with-iface del-port e1
--with-iface del-port nope
--if-exists --with-iface del-port nope
show
set-controller br0 tcp:1.2.3.4:6653 ptcp:6654
get-controller br0
get-controller fake
set-controller fake tcp:1.1.1.1
del-controller fake
--inactivity-probe=5000 set-controller br0 tcp:9.9.9.9
--columns=target,inactivity_probe list Controller
--inactivity-probe=x set-controller br0 tcp:9.9.9.9
del-controller br0
get-controller br0
set-manager ptcp:6640 tcp:1.2.3.4:6640
get-manager
set-manager ptcp:6640
get-manager
--inactivity-probe=3000 set-manager ptcp:6641
--columns=target,inactivity_probe list Manager
del-manager
get-manager
set-ssl /a/key /a/cert /a/ca
get-ssl
--bootstrap set-ssl /b/key /b/cert /b/ca
get-ssl
list SSL
get SSL . private_key
del-ssl
get-ssl
add-aa-mapping br0 100 10
add-aa-mapping br0 200 20
get-aa-mapping br0
del-aa-mapping br0 100 11
del-aa-mapping br0 100 10
get-aa-mapping fake
--oneline list-br -- list-ports br0 -- get port fake tag -- br-to-vlan fake
--oneline br-set-external-id br0 a 'x\y' -- br-get-external-id br0
--dry-run add-br br9
list-br
comment hello world -- list-br
--columns=name,tag list Port p1 fake
--columns=name,tag --format=table list Port p1 fake
--columns=name,tag --format=csv list Port p1
--columns=name,tag --format=json list Port p1
--columns=name,tag --format=json --pretty list Port p1
--columns=name,tag --format=html list Port p1
--columns=name,tag --format=table --no-headings list Port p1 fake
--columns=name,tag --format=list --no-headings list Port p1 fake
--columns=name,tag --bare list Port p1 fake
--columns=name,trunks,other_config --data=json list Port p1
--columns=name,trunks,other_config --data=bare list Port p1
--columns=_uuid,NAME,Other-Config list Port p1
--columns=nope list Port p1
--columns= list Port p1
--columns=name, list Port p1
--columns=name --format=table list Port p1 -- --columns=tag list Port fake
--columns=name,tag find Port tag=20
--columns=name find Port 'tag!=20'
--columns=name find Port 'tag<21'
--columns=name find Port 'tag>5'
--columns=name find Port 'tag>=20'
--columns=name find Port 'tag{>=}20'
--columns=name find Port 'tag{<=}20'
--columns=name find Port 'tag{in}20'
--columns=name find Port 'tag{not-in}20'
--columns=name find Port 'tag=[]'
--columns=name find Port tag=[] name=p1
set Port p1 other_config:mtu=1500 other_config:x=y
--columns=name find Port other_config:mtu=1500
--columns=name find Port other_config:mtu!=1500
--columns=name find Port other_config:mtu{!=}1500
--columns=name find Port 'other_config{>=}mtu=1500'
--columns=name find Port 'other_config:nope{not-in}a'
--columns=_uuid,name --bare find Interface name=e2
get Port p1 _uuid name tag
--if-exists get Port nope name
--id=@x get Port p1
-- --id=@x --if-exists get Port p1
-- --id=@p get port p1 -- --id=@m create mirror name=M1 select_src_port=@p select_dst_port=@p -- add bridge br0 mirrors @m
--columns=name,select_src_port list Mirror
list Mirror M1
set Bridge br0 mirrors=[]
list Mirror
set port p1 qos=@newqos -- --id=@newqos create qos type=linux-htb queues=0=@q0 -- --id=@q0 create queue other-config:min-rate=2000000 other-config:max-rate=2000000
--columns=type,queues list QoS
get qos p1 type
clear Port p1 qos
-- --all destroy QoS -- --all destroy Queue
list QoS
-- --id=@br get Bridge br0 -- create Flow_Sample_Collector_Set id=5 bridge=@br
get Flow_Sample_Collector_Set 5 id
wait-until Bridge br0 fail_mode=[]
emer-reset
show
list Flow_Sample_Collector_Set
del-br fake
del-br br0
show
COMMANDS

compare_with_ovs commands

# Sanity: the sequence did what it should.
grep -q 'cannot create a bridge named br0 because a bridge named br0 already exists' \
    osw.out || fail "duplicate bridge not refused"
[ "$(grep -c '^rc=0' osw.out)" -ge 150 ] || fail "too few commands succeeded"
