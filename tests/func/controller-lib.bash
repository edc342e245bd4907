# Shared by the controller-*.sh tests (sourced, not a test of its own):
# a real OpenFlow controller, osken-manager (python3-os-ken) running
# controller-switch13.py (an equivalent of os-ken's simple_switch_13,
# which Debian does not ship), runs a bridge built with l2-lib.bash.
# Needs lib.sh and l2-lib.bash sourced first.
#
#   free_tcp_port          a TCP port on 127.0.0.1 that nobody listens on
#   start_osken PORT [OPTION]...   osken-manager with controller-switch13.py
#                          listening for OpenFlow on 127.0.0.1:PORT (more
#                          options, e.g. SSL, appended); pid in OSKEN_PID,
#                          output in $TESTDIR/osken-N.log
#   stop_osken             kills it (SIGTERM, then it is forgotten)
#   wait_connected BR [SECS]       until "vsctl show" says is_connected:
#                          true for BR's controller
#   wait_disconnected BR [SECS]    until no controller is connected
#   ofctl ARG...           osw-ofctl (or ovs-ofctl for L2_BACKEND=ovs)
#
# The controller learns MACs and installs priority-1 flows matching
# in_port, dl_src and dl_dst, plus a table-miss flow (priority 0,
# actions=CONTROLLER:65535) when a switch connects.

require_program osken-manager
require_program python3

_osken_n=0
OSKEN_PID=

free_tcp_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

start_osken() {
    local port=$1
    shift
    _osken_n=$((_osken_n + 1))
    spawn osken-manager --ofp-listen-host 127.0.0.1 \
        --ofp-tcp-listen-port "$port" "$@" \
        "$srcdir/tests/func/controller-switch13.py" \
        > "$TESTDIR/osken-$_osken_n.log" 2>&1
    OSKEN_PID=$SPAWNED_PID
    wait_until "ss -ltn | grep -q '127.0.0.1:$port '" 20
}

stop_osken() {
    kill -TERM "$OSKEN_PID"
    wait_until "! process_alive $OSKEN_PID" 10
    forget_pid "$OSKEN_PID"
    OSKEN_PID=
}

_controller_connected() {
    vsctl --columns=is_connected list Controller | grep -q true
}

wait_connected() {
    wait_until "_controller_connected" "${2:-30}"
    vsctl show | grep -q "is_connected: true" \
        || fail "vsctl show does not say is_connected: true"
}

wait_disconnected() {
    wait_until "! _controller_connected" "${2:-30}"
}

ofctl() {
    if [ "$L2_BACKEND" = ovs ]; then
        timeout 20 ovs-ofctl "$@"
    else
        timeout 20 osw-ofctl "$@"
    fi
}
