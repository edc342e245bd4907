# vsctl-completion: utilities/osw-vsctl.bash completes commands, options,
# and arguments by kind (bridges, ports, interfaces, tables, records,
# columns) from the database on the command line.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"

start_db
vs add-br br0 -- add-br br1 -- add-port br0 eth0 -- add-port br0 eth1

set +u
. "$srcdir/utilities/osw-vsctl.bash"
compopt() { :; }

# complete WORD...: the completions of the last word of
# "osw-vsctl --db=... WORD...", one per line, sorted.
complete_line() {
    COMP_WORDS=(osw-vsctl "--db=unix:$TESTDIR/osw.sock" "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _osw_vsctl
    printf '%s\n' "${COMPREPLY[@]}" | sort
}

check_output "add-aa-mapping
add-bond
add-bond-iface
add-br
add-port
add-zone-tp" complete_line add-
check_output "br0
br1" complete_line del-br ""
check_output "eth0
eth1" complete_line port-to-br e
check_output "br0
br1" complete_line add-port ""
check_output "" complete_line add-port br0 ""
check_output "Port" complete_line list Po
check_output "eth0
eth1" complete_line get Port e
check_output "tag=
trunks=" complete_line set Port eth0 t
check_output "secure
standalone" complete_line set-fail-mode br0 ""
check_output "--may-exist" complete_line --may
check_output "--no-wait" complete_line --no-wa
check_output "br0
br1" complete_line list-br -- del-br b
