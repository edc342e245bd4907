#! /bin/sh
# install-deps.sh: installs what building osw needs on Debian 12, and with
# --test also what its test suite uses (valgrind, clang for fuzzing, the
# openssl command for certificates, and for interoperability tests the
# real clients: Open vSwitch's ovs-vsctl, ovsdb-client and ovsdb-server,
# python3-ovsdbapp).  Runs apt-get through sudo when not root.  Never
# starts Open vSwitch's services: the tests run their own copies.
set -e

packages="build-essential autoconf automake pkg-config
  libmnl-dev libnl-3-dev libnl-route-3-dev libssl-dev libjansson-dev
  libpcap-dev iproute2 openssl procps"
test_packages="valgrind clang libclang-rt-14-dev python3 socat strace
  iperf3 ethtool iputils-ping tcpdump sockperf
  openvswitch-common openvswitch-switch python3-openvswitch
  python3-ovsdbapp python3-os-ken"

case ${1:-} in
    --test) packages="$packages $test_packages" ;;
    "") ;;
    *) echo "usage: $0 [--test]" >&2; exit 2 ;;
esac

if [ "$(id -u)" = 0 ]; then
    sudo=
else
    sudo=sudo
fi

# Skip apt-get entirely when everything is there: it keeps repeated runs
# fast and works offline.
missing=
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
        || missing="$missing $p"
done
if [ -n "$missing" ]; then
    export DEBIAN_FRONTEND=noninteractive
    # Keep package scripts from starting services (Open vSwitch's) while
    # installing; policy-rc.d is Debian's switch for that.
    policy=/usr/sbin/policy-rc.d
    if [ ! -e $policy ]; then
        printf '#!/bin/sh\nexit 101\n' | $sudo tee $policy >/dev/null
        $sudo chmod +x $policy
        trap "$sudo rm -f $policy" EXIT
    fi
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends $missing
fi
