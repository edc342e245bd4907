# The README's "First steps" work when pasted: every ```sh block of that
# section runs, in order, with "set -e", after "osw-ctl start", in a
# private network and mount namespace (so its bridge, veths, namespaces
# and the 192.0.2.0/24 addresses meet nothing else) with the run,
# database and log directories in $TESTDIR.

. "$srcdir/tests/lib.sh"
require_netns
require_program unshare
require_program ping
require_program osw-vswitchd
export OSW_PKGDATADIR=$srcdir/vswitchd

awk '/^## First steps/ { on = 1; next }
     on && /^## / { exit }
     on && /^```sh$/ { code = 1; next }
     on && /^```$/ { code = 0; next }
     code { print }' "$srcdir/README.md" > steps.sh
test -s steps.sh || fail "no First steps in the README"
grep -q "osw-vsctl add-br" steps.sh || fail "First steps lack add-br"

cat > run.sh <<'EOF'
set -e
mount --make-rprivate /
mkdir -p /run/netns
mount -t tmpfs osw-readme /run/netns
ip link set lo up
trap 'osw-ctl stop >/dev/null 2>&1 || :' EXIT
osw-ctl start
set -x
. ./steps.sh
EOF
timeout 180 unshare --mount --net bash run.sh > run.out 2>&1 \
    || { cat run.out >&2; fail "the First steps failed"; }

# Spot checks of what the steps printed.
grep -q "3 packets transmitted, 3 received" run.out \
    || fail "no successful ping"
grep -q "no reply: different VLANs" run.out || fail "VLANs did not split"
grep -q "^LOCAL" run.out || fail "fdb/show did not show the local port"
grep -q "in_port(" run.out || fail "dpctl/dump-flows showed no flow"
grep -q "no reply: icmp dropped" run.out || fail "the icmp flow did not drop"
grep -q "n_packets=1, .*priority=500,icmp actions=drop" run.out \
    || fail "dump-flows did not count the dropped ping"
grep -q "^Datapath actions: drop" run.out || fail "no trace of the drop"
test ! -e "$TESTDIR/osw-vswitchd.pid" || fail "osw-vswitchd left running"
