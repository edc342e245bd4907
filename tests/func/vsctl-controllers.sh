# vsctl-controllers: get/del/set-controller (--inactivity-probe),
# get/del/set-fail-mode, get/del/set-manager, get/del/set-ssl
# (--bootstrap), the Auto Attach mappings and emer-reset.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"

start_db
vs add-br br0 -- add-br br1 -- add-br fake0 br0 10

# Controllers: one Controller row per target, listed sorted.
vs set-controller br0 tcp:127.0.0.1:6653 ptcp:6654 "unix:/tmp/a b"
check_output "ptcp:6654
tcp:127.0.0.1:6653
unix:/tmp/a b" vs get-controller br0
check_output "ptcp:6654
tcp:127.0.0.1:6653
unix:/tmp/a b" vs get-controller fake0
check_output "" vs get-controller br1
check_output 3 bash -c "osw-vsctl --db=unix:$TESTDIR/osw.sock --bare --columns=target list Controller | grep -c ."
vs --inactivity-probe=5000 set-controller br0 tcp:10.0.0.1:6653
check_output "tcp:10.0.0.1:6653" vs get-controller br0
check_output '5000' vs get Controller br0 inactivity_probe
# The replaced controllers are gone from the database.
check_output 1 bash -c "osw-vsctl --db=unix:$TESTDIR/osw.sock --bare --columns=target list Controller | grep -c ."
expect_error "fake0 is a fake bridge" vs set-controller fake0 tcp:1.2.3.4
expect_error "fake0 is a fake bridge" vs del-controller fake0
expect_error "no bridge named nope" vs get-controller nope
vs del-controller br0
check_output "" vs get-controller br0
check_output "" vs list Controller

# Fail modes.
check_output "" vs get-fail-mode br0
vs set-fail-mode br0 secure
check_output "secure
secure" vs get-fail-mode br0 -- get-fail-mode fake0
vs set-fail-mode br0 standalone
check_output "standalone" vs get-fail-mode br0
expect_error 'fail-mode must be "standalone" or "secure"' vs set-fail-mode br0 open
expect_error "fake0 is a fake bridge" vs set-fail-mode fake0 secure
expect_error "fake0 is a fake bridge" vs del-fail-mode fake0
vs del-fail-mode br0
check_output "" vs get-fail-mode br0
check_output "[]" vs get Bridge br0 fail_mode

# Managers.
check_output "" vs get-manager
vs set-manager ptcp:6640 "tcp:10.0.0.2:6640"
check_output "ptcp:6640
tcp:10.0.0.2:6640" vs get-manager
vs --inactivity-probe=30000 set-manager ptcp:6641
check_output "ptcp:6641" vs get-manager
check_output 30000 vs get Manager ptcp:6641 inactivity_probe
# The same target again replaces the row (Manager targets are unique).
vs set-manager ptcp:6641
check_output "[]" vs get Manager ptcp:6641 inactivity_probe
vs del-manager
check_output "" vs get-manager
check_output "" vs list Manager

# SSL.
check_output "" vs get-ssl
vs set-ssl /etc/osw/key.pem /etc/osw/cert.pem /etc/osw/ca.pem
check_output "Private key: /etc/osw/key.pem
Certificate: /etc/osw/cert.pem
CA Certificate: /etc/osw/ca.pem
Bootstrap: false" vs get-ssl
vs --bootstrap set-ssl /k /c /ca
check_output "Private key: /k
Certificate: /c
CA Certificate: /ca
Bootstrap: true" vs get-ssl
check_output '"/k"' vs get SSL . private_key
check_output 1 bash -c "osw-vsctl --db=unix:$TESTDIR/osw.sock --bare --columns=private_key list SSL | grep -c ."
vs del-ssl
check_output "" vs get-ssl
check_output "" vs list SSL

# Auto Attach.
check_output "" vs get-aa-mapping br0
vs add-aa-mapping br0 100 10 -- add-aa-mapping br0 200 20
check_output "100 10
200 20" vs get-aa-mapping br0
check_output "100 10
200 20" vs get-aa-mapping fake0
vs del-aa-mapping br0 100 11
check_output "100 10
200 20" vs get-aa-mapping br0
vs del-aa-mapping br0 100 10
check_output "200 20" vs get-aa-mapping br0

# emer-reset: controllers, managers, SSL, mirrors, NetFlow, sFlow, IPFIX,
# fail modes and tuning gone; bridges, ports, interfaces and the bridges'
# hwaddr stay.
vs -- set-controller br0 tcp:1.2.3.4 -- set-manager ptcp:6640 \
   -- set-ssl /k /c /ca -- set-fail-mode br0 secure \
   -- set Bridge br0 other_config:hwaddr=00:11:22:33:44:55 other_config:x=y \
      flood_vlans=5 \
   -- add-port br0 p1 other_config:a=b \
   -- set Interface p1 ingress_policing_rate=100 ingress_policing_burst=10 \
   -- --id=@m create Mirror name=m -- add Bridge br0 mirrors @m \
   -- --id=@n create NetFlow targets=\"1.2.3.4:5\" -- set Bridge br0 netflow=@n \
   -- --id=@s create sFlow targets=\"1.2.3.4:6\" -- set Bridge br1 sflow=@s \
   -- --id=@i create IPFIX targets=\"1.2.3.4:7\" -- set Bridge br1 ipfix=@i
vs emer-reset
for t in Controller Manager SSL Mirror NetFlow sFlow IPFIX; do
    check_output "" vs list $t
done
check_output '[]
{hwaddr="00:11:22:33:44:55"}
[]
[]' vs get Bridge br0 fail_mode other_config flood_vlans mirrors
check_output '{}
0
0' vs get Port p1 other_config -- get Interface p1 ingress_policing_rate \
    ingress_policing_burst
check_output "br0
br1
fake0" vs list-br
check_output "p1" vs list-ports br0
