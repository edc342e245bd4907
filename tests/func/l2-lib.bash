# Shared by the l2-*.sh scenario tests (sourced, not a test of its own):
# real frames between "VMs" (network namespaces on veth pairs, or a tap
# device played by oswtest-tapvm) switched by osw-vswitchd.  Needs lib.sh
# sourced first.
#
# The switch:
#   start_switch         a fresh database (oswdb-server on $TESTDIR/db.sock,
#                        made with oswdb-tool) and osw-vswitchd on it
#                        (started with spawn, runtime files
#                        $TESTDIR/osw-vswitchd.{pid,ctl,log}), both killed
#                        at exit
#   stop_vswitchd / start_vswitchd   stop (SIGTERM) or (re)start the daemon
#   switch_alive         fails the test unless the daemon runs and answers
#   vsctl ARG...         osw-vsctl on that database (waits until the daemon
#                        applied the change)
#   appctl ARG...        osw-appctl on the daemon's control socket (gives
#                        up after 20 s, so a hung daemon fails the test)
#   br_add NAME [PARENT VLAN]   bridge (or fake bridge) ${L2}NAME; the name
#                        is stored in variable NAME ("br_add br0" -> $br0)
#   port_add BR PORT [COLUMN=VALUE]...  add-port with Port settings
#   port_set PORT COLUMN=VALUE...       sets Port columns
#   port_del BR PORT
#   fdb_port BR MAC      the name of the port where BR learned MAC (any
#                        VLAN; fdb/show), empty if none
#   drop_count REASON    sets DROP_COUNT to the datapath-wide count of drop
#                        reason REASON (dpctl/drop-stats)
#   drop_grew REASON BEFORE MIN     that count grew by at least MIN
#   drop_at_least REASON N          true if it is at least N
#
# VMs: "vm_add NAME BR IP/LEN [PORT-SETTING]..." makes namespace
# osw-$OSW_TAG-vm_NAME with interface eth0 (MAC 02:12:00:00:00:NN, IPv6
# off so that no stray frames confuse the counts), whose veth peer
# ${L2}NAME becomes a port of BR (none if BR is "").  NAME: at most 3
# characters.  Then:
#   vm_exec NAME CMD...  runs CMD in the VM
#   vm_mac NAME, vm_ip NAME, vm_port NAME   print its MAC, IP and port
#   vm_ready NAME IP     waits (15 s at most) until NAME can ping IP
#   vm_ping NAME IP [COUNT]         COUNT (default 3) pings must answer
#   vm_no_ping NAME IP              not one of 3 pings may answer
#   tapvm_add NAME BR IP/LEN [PORT-SETTING]...  a VM behind tap ${L2}NAME,
#                        played by oswtest-tapvm (pid in TAPVM_PID; extra
#                        options in TAPVM_OPTS)
#   pkt_recv NAME OUT ARG...  starts "oswtest-pkt recv eth0 ARG..." in VM
#                        NAME in the background, output to file OUT, and
#                        waits until it listens; its pid in RECV_PID
#   pkt_wait PID         waits for it: 0 if it matched, 1 if timed out
#   pkt_send NAME ARG... oswtest-pkt send eth0 ARG... in VM NAME
#   pkt_exchange SENDER 'SEND-ARGS' VM...   SENDER sends while the VMs
#                        listen (for frames from SENDER of Ethertype
#                        0x88b5); then rx_count VM [PATTERN] counts what VM
#                        got and rx_expect VM N [PATTERN] checks it
#   wait_until_quiet CMD [SECS]     wait_until returning 1 on timeout
#
# Every name made here starts with $L2 (l2 and the shell's pid) or
# $OSW_TAG, so tests may run in parallel; interface names stay within 15
# characters.  Everything is deleted at exit, pass or fail.
#
# L2_BACKEND selects the switch: "osw" (default); "ovs", Open vSwitch's
# userspace datapath (datapath_type=netdev, userspace-tso-enable=true),
# the reference whose VLAN semantics osw must match, to check the tests
# themselves (its datapath is a tap named ovs-netdev, so only one test
# at a time: no -j); "linux", a Linux bridge (this kernel's has no VLAN
# filtering, so tests with VLAN settings are skipped there).  Checks of
# what only osw has (dpctl/drop-stats, aging below 15 s, dummy ports) are
# skipped on the others.

require_netns
require_program oswtest-pkt
require_program oswtest-tapvm

L2=l2$$
L2_BACKEND=${L2_BACKEND:-osw}
DB_SOCK=$TESTDIR/db.sock
VSWITCHD_PID=
declare -A _vm_ns=() _vm_mac=() _vm_ip=() _vm_port=()
_vm_count=0

case $L2_BACKEND in
    osw)
        require_program oswdb-server
        require_program oswdb-tool
        require_program osw-vsctl
        require_program osw-appctl
        require_program osw-vswitchd
        _vsctl=osw-vsctl _appctl=osw-appctl _vswitchd=osw-vswitchd
        ;;
    ovs)
        # Open vSwitch's userspace datapath as the reference.
        require_program ovsdb-server
        require_program ovs-vswitchd
        require_program ovs-vsctl
        _vsctl=ovs-vsctl _appctl=ovs-appctl _vswitchd=ovs-vswitchd
        export OVS_RUNDIR=$TESTDIR OVS_LOGDIR=$TESTDIR OVS_DBDIR=$TESTDIR
        ;;
    linux) ;;
    *) fail "L2_BACKEND must be osw, ovs or linux" ;;
esac

# require_osw [WHY]: skips the test unless the switch is osw.
require_osw() {
    [ "$L2_BACKEND" = osw ] || skip "needs osw ($*)"
}

# require_ovsdb [WHY]: skips the test on the Linux bridge.
require_ovsdb() {
    [ "$L2_BACKEND" != linux ] || skip "needs osw or ovs ($*)"
}

vsctl() {
    "$_vsctl" --db="unix:$DB_SOCK" --timeout=20 "$@"
}

# A daemon that stops answering fails the test instead of hanging it.
appctl() {
    timeout 20 "$_appctl" -t "$TESTDIR/$_vswitchd.ctl" "$@"
}

start_vswitchd() {
    rm -f "$TESTDIR/$_vswitchd.ctl"
    spawn "$_vswitchd" "unix:$DB_SOCK" \
        --pidfile="$TESTDIR/$_vswitchd.pid" \
        --unixctl="$TESTDIR/$_vswitchd.ctl" \
        --log-file="$TESTDIR/$_vswitchd.log"
    VSWITCHD_PID=$SPAWNED_PID
    wait_until "appctl version" 20
}

stop_vswitchd() {
    kill -TERM "$VSWITCHD_PID"
    wait_until "! process_alive $VSWITCHD_PID" 10
    forget_pid "$VSWITCHD_PID"
}

start_switch() {
    local schema=$srcdir/vswitchd/vswitch.ovsschema
    case $L2_BACKEND in
        osw)
            oswdb-tool create "$TESTDIR/conf.db" "$schema"
            oswdb-server --detach --no-chdir \
                --pidfile="$TESTDIR/dbserver.pid" \
                --unixctl="$TESTDIR/dbserver.ctl" \
                --log-file="$TESTDIR/dbserver.log" \
                --remote=punix:"$DB_SOCK" "$TESTDIR/conf.db" \
                || fail "oswdb-server did not start"
            ;;
        ovs)
            ovsdb-tool create "$TESTDIR/conf.db" \
                /usr/share/openvswitch/vswitch.ovsschema
            ovsdb-server --detach --no-chdir \
                --pidfile="$TESTDIR/dbserver.pid" \
                --unixctl="$TESTDIR/dbserver.ctl" \
                --log-file="$TESTDIR/dbserver.log" \
                --remote=punix:"$DB_SOCK" "$TESTDIR/conf.db" \
                || fail "ovsdb-server did not start"
            ;;
        linux) return 0 ;;
    esac
    daemon_started "$TESTDIR/dbserver.pid"
    "$_vsctl" --db="unix:$DB_SOCK" --no-wait init
    if [ "$L2_BACKEND" = ovs ]; then
        "$_vsctl" --db="unix:$DB_SOCK" --no-wait set Open_vSwitch . \
            other_config:userspace-tso-enable=true
        # Its datapath leaves a persistent tap "ovs-netdev" behind.
        link_created ovs-netdev
    fi
    start_vswitchd
}

switch_alive() {
    [ "$L2_BACKEND" != linux ] || return 0
    process_alive "$VSWITCHD_PID" || fail "the switch daemon died; see its log"
    appctl version >/dev/null || fail "the switch daemon does not answer"
}

# br_add NAME [PARENT VLAN]: creates bridge ${L2}NAME (a fake bridge of
# PARENT's on VLAN if given) and stores that name in variable NAME.
br_add() {
    local var=$1 name=$L2$1
    printf -v "$var" '%s' "$name"
    if [ "$L2_BACKEND" != linux ]; then
        link_created "$name"
        if [ $# -ge 3 ]; then
            vsctl add-br "$name" "$2" "$3"
        elif [ "$L2_BACKEND" = ovs ]; then
            vsctl add-br "$name" -- set Bridge "$name" datapath_type=netdev
        else
            vsctl add-br "$name"
        fi
        return 0
    fi
    [ $# -lt 3 ] || skip "fake bridges need osw or ovs"
    ip link add "$name" type bridge forward_delay 0
    link_created "$name"
    ip link set "$name" up
}

port_add() {
    local br=$1 port=$2
    shift 2
    if [ "$L2_BACKEND" != linux ]; then
        if [ $# -gt 0 ]; then
            vsctl add-port "$br" "$port" -- set Port "$port" "$@"
        else
            vsctl add-port "$br" "$port"
        fi
    else
        # This kernel's bridge has no VLAN filtering.
        [ $# = 0 ] || skip "port settings need osw or ovs"
        ip link set "$port" master "$br"
    fi
}

port_set() {
    local port=$1
    shift
    [ "$L2_BACKEND" != linux ] || skip "port settings need osw or ovs"
    vsctl set Port "$port" "$@"
}

port_del() {
    if [ "$L2_BACKEND" != linux ]; then
        vsctl del-port "$1" "$2"
    else
        ip link set "$2" nomaster
    fi
}

# fdb_port BR MAC: the port name BR learned MAC on (empty if none).
fdb_port() {
    local br=$1 mac=$2 ofport
    if [ "$L2_BACKEND" != linux ]; then
        ofport=$(appctl fdb/show "$br" | awk -v mac="$mac" \
                 'tolower($3) == mac { print $1; exit }')
        [ -n "$ofport" ] || return 0
        if [ "$ofport" = LOCAL ]; then
            echo "$br"
        else
            vsctl --bare --columns=name find Interface "ofport=$ofport"
        fi
    else
        bridge fdb show br "$br" | awk -v mac="$mac" \
            '$1 == mac && $4 != "permanent" && $3 != "'"$br"'" { print $3; exit }'
    fi
}

# drop_count REASON: sets DROP_COUNT to the datapath-wide count of drop
# reason REASON in dpctl/drop-stats (0 on the other switches).
# (L2_DROPS=coverage reads the drop_REASON coverage counters instead.)
drop_count() {
    DROP_COUNT=0
    [ "$L2_BACKEND" = osw ] || return 0
    if [ "${L2_DROPS:-}" = coverage ]; then
        appctl coverage/show > "$TESTDIR/drop-stats.out" \
            || fail "coverage/show failed"
        DROP_COUNT=$(awk -v c="drop_$1" \
                     '$1 == c { print $NF; f = 1; exit } END { if (!f) print 0 }' \
                     "$TESTDIR/drop-stats.out")
        return 0
    fi
    appctl dpctl/drop-stats > "$TESTDIR/drop-stats.out" \
        || fail "dpctl/drop-stats failed"
    DROP_COUNT=$(awk -v r="$1" '$1 == r { print $2; exit }' \
                 "$TESTDIR/drop-stats.out")
    [ -n "$DROP_COUNT" ] || fail "dpctl/drop-stats does not show $1"
}

# vm_add NAME BR IP/LEN [PORT-SETTING]...
vm_add() {
    local name=$1 br=$2 addr=$3 port=$L2$1 peer=$L2$1v mac ns
    shift 3
    _vm_count=$((_vm_count + 1))
    mac=$(printf '02:12:00:00:00:%02x' "$_vm_count")
    netns_add "vm_$name"
    ns=osw-$OSW_TAG-vm_$name
    ip link add "$port" type veth peer name "$peer"
    link_created "$port"
    sysctl -qw "net.ipv6.conf.$port.disable_ipv6=1" || :
    ip link set "$peer" netns "$ns"
    ip -n "$ns" link set "$peer" name eth0
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.eth0.disable_ipv6=1 \
        >/dev/null || :
    ip -n "$ns" link set eth0 address "$mac"
    ip -n "$ns" addr add "$addr" dev eth0
    ip -n "$ns" link set eth0 up
    ip link set "$port" up
    _vm_ns[$name]=$ns
    _vm_mac[$name]=$mac
    _vm_ip[$name]=${addr%/*}
    _vm_port[$name]=$port
    [ -z "$br" ] || port_add "$br" "$port" "$@"
}

vm_exec() {
    local name=$1
    shift
    ip netns exec "${_vm_ns[$name]}" "$@"
}

vm_mac() { echo "${_vm_mac[$1]}"; }
vm_ip() { echo "${_vm_ip[$1]}"; }
vm_port() { echo "${_vm_port[$1]}"; }

vm_ping() {
    local name=$1 ip=$2 count=${3:-3}
    vm_exec "$name" ping -q -c "$count" -i 0.2 -W 2 "$ip" >/dev/null \
        || fail "$name cannot ping $ip"
}

vm_no_ping() {
    local name=$1 ip=$2
    if vm_exec "$name" ping -q -c 3 -i 0.2 -W 1 "$ip" >/dev/null; then
        fail "$name can ping $ip"
    fi
}

# tapvm_add NAME BR IP/LEN [PORT-SETTING]...: a VM behind tap ${L2}NAME.
tapvm_add() {
    local name=$1 br=$2 addr=$3 tap=$L2$1 mac
    shift 3
    _vm_count=$((_vm_count + 1))
    mac=$(printf '02:12:00:00:00:%02x' "$_vm_count")
    # shellcheck disable=SC2086
    spawn oswtest-tapvm "$tap" --mac "$mac" --ip "${addr%/*}" \
        ${TAPVM_OPTS:-} > "$TESTDIR/tapvm-$name.out" 2>&1
    TAPVM_PID=$SPAWNED_PID
    wait_until "grep -q ready '$TESTDIR/tapvm-$name.out'"
    _vm_mac[$name]=$mac
    _vm_ip[$name]=${addr%/*}
    _vm_port[$name]=$tap
    sysctl -qw "net.ipv6.conf.$tap.disable_ipv6=1" || :
    [ -z "$br" ] || port_add "$br" "$tap" "$@"
}

pkt_recv() {
    local name=$1 out=$2
    shift 2
    rm -f "$out"
    spawn ip netns exec "${_vm_ns[$name]}" oswtest-pkt recv eth0 "$@" \
        > "$out"
    RECV_PID=$SPAWNED_PID
    wait_until "grep -q ready '$out'"
}

pkt_wait() {
    local status=0
    wait "$1" || status=$?
    forget_pid "$1"
    return $status
}

pkt_send() {
    local name=$1
    shift
    vm_exec "$name" oswtest-pkt send eth0 "$@"
}

# vm_ready NAME IP: waits until NAME can ping IP through the switch.
vm_ready() {
    wait_until "vm_exec $1 ping -c 1 -W 1 $2" 15
}

# pkt_exchange SENDER 'SEND-ARGS' VM...: has VM SENDER send frames
# ("oswtest-pkt send" with SEND-ARGS, default Ethertype 0x88b5) while each
# VM listens; rx_count VM [PATTERN] then counts the frames from SENDER that
# VM received (matching grep PATTERN if given).
pkt_exchange() {
    local sender=$1 args=$2 v p pids=()
    shift 2
    for v in "$@"; do
        pkt_recv "$v" "$TESTDIR/rx-$v.out" --count 0 \
            --timeout "${RX_MS:-2000}" \
            --match "src=$(vm_mac "$sender"),type=0x88b5"
        pids+=("$RECV_PID")
    done
    # shellcheck disable=SC2086
    pkt_send "$sender" $args
    for p in "${pids[@]}"; do
        pkt_wait "$p" || fail "oswtest-pkt recv failed"
    done
}

rx_count() {
    grep '^dst=' "$TESTDIR/rx-$1.out" | grep -c -- "${2:-.}" || :
}

# rx_expect VM N [PATTERN]: VM received exactly N frames (matching).
rx_expect() {
    local n
    n=$(rx_count "$1" "${3:-}")
    if [ "$n" != "$2" ]; then
        sed 's/^/    /' "$TESTDIR/rx-$1.out" >&2
        fail "$1 received $n frames${3:+ matching '$3'}, expected $2"
    fi
}

# drop_grew REASON BEFORE MIN: the count of REASON grew by at least MIN
# since it was BEFORE (osw only; a no-op on the other switches).
drop_grew() {
    local reason=$1 before=$2 min=$3
    [ "$L2_BACKEND" = osw ] || return 0
    drop_count "$reason"
    if [ $((DROP_COUNT - before)) -lt "$min" ]; then
        cat "$TESTDIR/drop-stats.out" >&2
        fail "drop count '$reason' went from $before to $DROP_COUNT, expected +$min"
    fi
}

# drop_at_least REASON N: true if the count of REASON is at least N (for
# wait_until).
drop_at_least() {
    drop_count "$1"
    [ "$DROP_COUNT" -ge "$2" ]
}

# wait_until_quiet CMD [TIMEOUT]: like wait_until, but returns 1 on timeout
# instead of failing the test.
wait_until_quiet() {
    local cmd=$1 limit=${2:-10} i
    for i in $(seq $((limit * 10))); do
        if eval "$cmd" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# pkt_path_ready SENDER 'SEND-ARGS' RECEIVER: waits (10 s at most) until
# a frame SENDER sends reaches RECEIVER, for setups without two VMs that
# can ping each other.
pkt_path_ready() {
    local i
    for i in $(seq 10); do
        RX_MS=500 pkt_exchange "$1" "$2 --count 1" "$3"
        [ "$(rx_count "$3")" = 0 ] || return 0
    done
    fail "frames from $1 do not reach $3"
}
