# netdev-vlan: VLAN tags survive AF_PACKET.  The kernel moves a received
# 802.1Q or 802.1ad tag into metadata; the "system" netdev must put it
# back.  Tagged frames are sent with a raw socket from namespace $a; they
# are checked as oswtest-netdev receives them (recv), and after crossing
# oswtest-netdev forward, on a raw socket in $b with PACKET_AUXDATA (the
# veth there strips the tag into metadata again).

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/netdev-lib.bash"

netdev_two_vms

cat > "$TESTDIR/raw.py" <<'PY'
import socket, struct, sys, time
SOL_PACKET, PACKET_AUXDATA = 263, 8
TP_STATUS_VLAN_VALID, TP_STATUS_VLAN_TPID_VALID = 0x10, 0x40

def frame(tpid, tci, n):
    dst = bytes.fromhex("020000000002"); src = bytes.fromhex("020000000001")
    payload = bytes([n]) * 60
    return dst + src + struct.pack("!HHH", tpid, tci, 0x88b5) + payload

if sys.argv[1] == "send":
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((sys.argv[2], 0))
    for i, spec in enumerate(sys.argv[3:]):
        tpid, tci = (int(x, 16) for x in spec.split(":"))
        s.send(frame(tpid, tci, i))
else:
    # recv IFNAME N: prints TPID:TCI of the first N frames with type
    # 0x88b5 (after restoring the tag from the auxiliary data).
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.bind((sys.argv[2], 0))
    s.settimeout(5)
    print("ready", flush=True)
    got = 0
    while got < int(sys.argv[3]):
        data, anc, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(20))
        tag = None
        for level, typ, cdata in anc:
            if level == SOL_PACKET and typ == PACKET_AUXDATA:
                (status, _, _, _, _, tci, tpid) = struct.unpack("IIIHHHH", cdata[:20])
                if status & TP_STATUS_VLAN_VALID:
                    if not status & TP_STATUS_VLAN_TPID_VALID or not tpid:
                        tpid = 0x8100
                    tag = (tpid, tci)
        if tag:
            data = data[:12] + struct.pack("!HH", *tag) + data[12:]
        if len(data) < 18 or data[:6] != bytes.fromhex("020000000002"):
            continue
        (tpid, tci, etype) = struct.unpack("!HHH", data[12:18])
        if etype != 0x88b5:
            continue
        print("%04x:%04x" % (tpid, tci), flush=True)
        got += 1
PY

cat > "$TESTDIR/vnet.py" <<'PY'
# Sends a tagged and an untagged UDP frame of N payload bytes with a
# partial checksum (virtio-net header, NEEDS_CSUM) out of IFNAME.
import socket, struct, sys
SOL_PACKET, PACKET_VNET_HDR = 263, 15
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
s.bind((sys.argv[1], 0))
payload = b"x" * int(sys.argv[2])
udp = struct.pack("!HHHH", 1, 2, 8 + len(payload), 0x1234) + payload
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                 bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
macs = bytes.fromhex("020000000002020000000001")
for tag, start in ((struct.pack("!HH", 0x8100, 10), 38), (b"", 34)):
    vnet = struct.pack("=BBHHHH", 1, 0, 0, 0, start, 6)
    s.send(vnet + macs + tag + struct.pack("!H", 0x0800) + ip + udp)
PY

send() {
    ip netns exec "$a" python3 "$TESTDIR/raw.py" send "$pa" "$@"
}

# 1. What the netdev hands over: the tag back in the frame.
spawn oswtest-netdev recv --count=3 --timeout=10 --type=88b5 "$va" > "$TESTDIR/recv.out"
rpid=$SPAWNED_PID
wait_until "grep -q ready $TESTDIR/recv.out"
send 8100:a00a 8100:0014 88a8:0fff
wait "$rpid" || fail "oswtest-netdev recv got too little: $(cat "$TESTDIR/recv.out")"
forget_pid "$rpid"
tags=$(grep -v ready "$TESTDIR/recv.out" | cut -c25-32)
check_output "8100a00a
81000014
88a80fff" echo "$tags"

# 2. Through the forwarder, end to end.
start_forward "$va" "$vb"
spawn ip netns exec "$b" python3 "$TESTDIR/raw.py" recv "$pb" 3 \
    > "$TESTDIR/b.out"
bpid=$SPAWNED_PID
wait_until "grep -q ready $TESTDIR/b.out"
send 8100:a00a 8100:0014 88a8:2fff
wait "$bpid" || fail "tagged frames missing in $b: $(cat "$TESTDIR/b.out")"
forget_pid "$bpid"
check_output "ready
8100:a00a
8100:0014
88a8:2fff" cat "$TESTDIR/b.out"
stop_forward

# 3. A restored tag moves the partial checksum's start with the frame, in
# a ring slot and on the copy path of frames bigger than a slot.
for size in 100 3000; do
    ip link set "$va" mtu 9000
    ip -n "$a" link set "$pa" mtu 9000
    spawn oswtest-netdev recv --count=2 --timeout=10 --type=0800 "$va" \
        > "$TESTDIR/recv.out"
    rpid=$SPAWNED_PID
    wait_until "grep -q ready $TESTDIR/recv.out"
    ip netns exec "$a" python3 "$TESTDIR/vnet.py" "$pa" $size
    wait "$rpid" || fail "frames missing: $(cat "$TESTDIR/recv.out")"
    forget_pid "$rpid"
    check_output "8100000a0800 vnet(flags=1,gso_type=0,gso_size=0,csum_start=38,csum_offset=6)
0800 vnet(flags=1,gso_type=0,gso_size=0,csum_start=34,csum_offset=6)" \
        sed -n 's/^.\{24\}\(8100000a0800\|0800\).* \(vnet.*\)/\1 \2/p' \
        "$TESTDIR/recv.out"
done
