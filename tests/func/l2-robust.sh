# l2-robust: malformed frames from a VM (802.1Q headers cut short,
# truncated IPv4, TCP and UDP headers, frames bigger than the egress MTU,
# and runts through a dummy port) are dropped and counted under their
# reason in dpctl/drop-stats; the daemon stays up and forwards good
# traffic afterwards.
#
# The kernel itself drops a frame whose first 802.1Q header is cut short
# (before any packet socket sees it), so those are sent double-tagged: the
# kernel takes the complete outer tag into metadata, the switch restores
# it and finds the inner one cut short.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"
require_program python3

start_switch
br_add br0
vm_add a "$br0" 10.1.0.1/24
vm_add b "$br0" 10.1.0.2/24
vm_add g "" 10.1.0.3/24
ip link set "$(vm_port g)" mtu 9000
vm_exec g ip link set eth0 mtu 9000
port_add "$br0" "$(vm_port g)"
vm_ready a 10.1.0.2
vm_ready g 10.1.0.2

bcast=ffffffffffff
src=$(vm_mac a)
src=${src//:/}
ip_hdr() {       # ip_hdr PROTO TOTAL-LENGTH: an IPv4 header, as hex
    local sum=$(( 0x4500 + $2 + 0x4000 + 0x4000 + $1 + 0x0a01 + 1 + 0x0a01 + 2 ))
    sum=$(( ~((sum & 0xffff) + (sum >> 16)) & 0xffff ))
    printf '4500%04x00004000 40%02x%04x 0a010001 0a010002' "$2" "$1" "$sum"
}

# robust_case REASON HEX...: each frame HEX, sent from a, reaches nobody
# and counts under REASON (osw); other switches only must survive it.
robust_case() {
    local reason=$1 before hex
    shift
    drop_count "$reason"
    before=$DROP_COUNT
    pkt_recv b "$TESTDIR/rx-b.out" --count 0 --timeout 1500 \
        --match "src=$(vm_mac a)"
    for hex in "$@"; do
        pkt_send a --hex "$hex"
    done
    pkt_wait "$RECV_PID"
    if [ "$L2_BACKEND" = osw ]; then
        rx_expect b 0
        drop_grew "$reason" "$before" $#
    fi
    switch_alive
}

robust_case bad_vlan \
    "$bcast $src 8100 000a 8100 0014" \
    "$bcast $src 88a8 0014 8100 000a" \
    "$bcast $src 8100 000a 8100 0014 08"
robust_case bad_l3 \
    "$bcast $src 0800 4500 0054 0000" \
    "$bcast $src 0800 $(ip_hdr 17 28 | sed 's/^45/42/') 00000000 00000000" \
    "$bcast $src 0800 $(ip_hdr 17 28 | sed 's/^45/4f/') 00000000 00000000" \
    "$bcast $src 8100 000a 0800 4500 00"
robust_case bad_l4 \
    "$bcast $src 0800 $(ip_hdr 6 28) 0001 0002 0000 0001" \
    "$bcast $src 0800 $(ip_hdr 17 24) 0001 0002" \
    "$bcast $src 8100 0014 0800 $(ip_hdr 6 30) 0001 0002 0000 0001 0000 0000 50"

# Giants: g's MTU is 9000, the other ports' 1500.  A frame of 1514 bytes
# passes to b; one of 4000 does not.
drop_count mtu
before=$DROP_COUNT
pkt_recv b "$TESTDIR/rx-b.out" --count 0 --timeout 1500 \
    --match "src=$(vm_mac g),type=0x88b5"
pkt_send g --dst "$(vm_mac b)" --len 1514
pkt_send g --dst "$(vm_mac b)" --len 4000 --count 3
pkt_send g --len 8000
pkt_wait "$RECV_PID"
rx_expect b 1
rx_expect b 1 "len=1514"
drop_grew mtu "$before" 4
switch_alive

# Runts (shorter than an Ethernet header) cannot come from a kernel
# device (AF_PACKET and tap writes refuse them), nor from
# netdev-dummy/receive; a dummy port reading a pcap file injects them.
if pkt_send a --hex "$bcast $src 08" 2>/dev/null; then
    echo "note: the kernel sent a 13-byte frame"
fi
if [ "$L2_BACKEND" = osw ]; then
    python3 - "$TESTDIR/runts.pcap" <<'PY'
import struct, sys
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for frame in (b'', b'\x01', bytes(5), bytes.fromhex('ffffffffffff02120000000108')):
        f.write(struct.pack('<IIII', 0, 0, len(frame), len(frame)) + frame)
PY
    drop_count runt
    before=$DROP_COUNT
    vsctl add-port "$br0" "${L2}d" -- set Interface "${L2}d" type=dummy \
        options:rxq_pcap="$TESTDIR/runts.pcap"
    wait_until "drop_at_least runt $((before + 3))" 5
    switch_alive
fi

# Good traffic still flows, both ways.
vm_ping a 10.1.0.2
vm_ping b 10.1.0.1
vm_ping g 10.1.0.1
switch_alive
