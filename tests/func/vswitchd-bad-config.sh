# Bad configuration in the database never takes osw-vswitchd down: every
# odd value a user or a management system can write (other_config numbers
# that are not numbers or out of range, unknown interface types, device
# names the kernel refuses, an interface in two bridges, options on the
# wrong type) is reported or ignored with a log line, and the ports that
# are configured right keep forwarding.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/vswitchd-lib.bash"

start_db
start_vswitchd

vs add-br br0 \
    -- add-port br0 p1 -- set Interface p1 type=dummy ofport_request=1 \
    -- add-port br0 p2 -- set Interface p2 type=dummy ofport_request=2

# alive: the daemon answers and has applied the database's last change.
alive() {
    process_alive "$VSWITCHD_PID" || fail "osw-vswitchd died after: $*"
    appctl version >/dev/null || fail "osw-vswitchd does not answer: $*"
    check_output "$(vsctl_get Open_vSwitch . next_cfg)" \
        vsctl_get Open_vSwitch . cur_cfg
}

# forwards: a frame from p1 to a MAC learned on p2 leaves on p2 only.
n=0
forwards() {
    n=$((n + 1))
    local mac2
    mac2=$(printf "00:00:00:00:02:%02x" $((n % 256)))
    appctl netdev-dummy/receive p2 \
        "in_port(2),eth(src=$mac2,dst=00:00:00:00:01:01),eth_type(0x0800)" \
        >/dev/null || fail "receive on p2 ($*)"
    appctl netdev-dummy/receive p1 \
        "in_port(1),eth(src=00:00:00:00:01:01,dst=$mac2),eth_type(0x0800)" \
        >/dev/null || fail "receive on p1 ($*)"
    appctl fdb/show br0 | grep -q "$mac2" \
        || fail "br0 stopped learning after: $*"
}

forwards "the start"

# One interface in two ports and one port in two bridges: the database
# allows both (the references are strong), a switch cannot.  Three other
# bridges make both references, so that (bridges come in the order of
# their random uuids) one of them most likely comes before br0.
p1_uuid=$(osw-vsctl --no-wait get Interface p1 _uuid)
p2_port=$(osw-vsctl --no-wait get Port p2 _uuid)
for i in 1 2 3; do
    vs add-br br$i
    osw-vsctl --no-wait -- --id=@p create Port name=dup$i \
        interfaces="$p1_uuid" -- add Bridge br$i ports @p \
        -- add Bridge br$i ports "$p2_port" >/dev/null
    alive "an interface in two ports, a port in two bridges (br$i)"
done
# Both stay where they run, and the log says so (early in this test: the
# warnings are rate-limited).
forwards "shared ports and interfaces"
test "$(log_count 'interface p1 is in more than one port; using p1')" -ge 1 \
    || fail "no warning about interface p1"
test "$(log_count 'port p2 is in more than one bridge; using br0')" -ge 1 \
    || fail "no warning about port p2"
check_output 1 vsctl_get Interface p1 ofport
check_output '[]' vsctl_get Interface p1 error
vs del-br br1 -- del-br br2 -- del-br br3
alive "the bad references removed"
forwards "the bad references removed"

# Bridge other_config numbers that are not numbers, negative, huge.
for key in mac-aging-time mac-table-size datapath-id hwaddr; do
    for value in abc -1 0 99999999999999999999999 1.5 "" 0x10; do
        vs set Bridge br0 "other_config:$key=\"$value\""
        alive "Bridge other_config:$key=$value"
    done
    vs remove Bridge br0 other_config "$key"
done
forwards "Bridge other_config"

# Open_vSwitch other_config, the datapath's settings.
for key in n-forwarding-threads forwarding-linger-us \
           forwarding-busy-poll flow-limit max-idle vlan-limit \
           stats-update-interval; do
    for value in abc -1 0 100000 99999999999999999999999 true ""; do
        vs set Open_vSwitch . "other_config:$key=\"$value\""
        alive "Open_vSwitch other_config:$key=$value"
    done
    vs remove Open_vSwitch . other_config "$key"
done
forwards "Open_vSwitch other_config"

# Interfaces: unknown types, names the kernel refuses, bad MTU requests,
# options that do not apply, an ofport_request already taken.
vs add-port br0 q1 -- set Interface q1 type=nosuchtype
alive "type=nosuchtype"
vsctl_get Interface q1 error | grep -q . || fail "no error for nosuchtype"
vs add-port br0 averyveryverylongname0
alive "a 22-character device name"
vs add-port br0 'bad/name'
alive "a name with a slash"
vs add-port br0 q2 -- set Interface q2 type=dummy mtu_request=1 \
    options:remote_ip=1.2.3.4 options:bogus=1 ofport_request=1
alive "mtu_request=1, stray options, a taken ofport_request"
check_output 1 vsctl_get Interface p1 ofport
vs set Interface q2 mtu_request=1000000
alive "mtu_request=1000000"
vs set Interface q2 type=internal
alive "dummy changed to internal"
vs set Interface q2 type=tap
alive "internal changed to tap"
vs set Interface p2 other_config:foo=bar external_ids:x=y
alive "other_config on an interface"
forwards "bad interfaces"

# Ports: VLAN settings that contradict each other.
vs set Port p2 vlan_mode=access trunks=1,2
vs set Port p2 vlan_mode=trunk tag=5 -- clear Port p2 trunks
vs set Port p2 vlan_mode=dot1q-tunnel cvlans=5
vs clear Port p2 vlan_mode tag trunks cvlans
alive "VLAN settings"
forwards "VLAN settings"

# Controllers and managers with targets that cannot work.
for target in nosuch:x tcp:999.1.1.1:6653 tcp:1.2.3.4:99999 "tcp:[::1" \
              ptcp:99999 ssl:1.2.3.4:6653 punix:/nonexistent/dir/sock "" \
              unix:; do
    vs set-controller br0 "$target"
    alive "controller target \"$target\""
done
vs del-controller br0
for target in nosuch:x ptcp:99999 "punix:/nonexistent/x" "tcp:"; do
    osw-vsctl --no-wait set-manager "$target"
    vs set Open_vSwitch . external_ids:x=y
    alive "manager target \"$target\""
done
osw-vsctl --no-wait del-manager
# Versions osw does not speak (the schema allows them).
vs set Bridge br0 protocols=OpenFlow11,OpenFlow12
alive "protocols=OpenFlow11,OpenFlow12"
vs clear Bridge br0 protocols
forwards "controllers and managers"

stop_vswitchd
