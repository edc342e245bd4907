# l2-robust-vnet: a VM behind a tap device with a virtio-net header
# (IFF_VNET_HDR) sends frames whose offload header is bogus (TCP
# segmentation asked of a UDP packet, tiny segment sizes, checksum
# offsets that do not fit, UDP fragmentation offload).  Each one is
# refused by the kernel (the tap's write fails), or dropped by the switch
# and counted (bad_vnet, gso_failed, or rx_ring when the kernel dropped it
# before the switch could receive it), or reaches the other VM only as a
# valid frame: the kernel turns a "GSO" frame whose payload fits in one
# segment into a plain frame, which is then right to forward.  The good
# frame sent after each bogus one is always forwarded: the port's
# receive path never dies (a UFO frame stalls a TPACKET_V2 ring through a
# kernel bug; the switch notices and rebuilds the ring).  A frame with a
# valid partial checksum is delivered; the daemon stays up and forwards.

. "$srcdir/tests/lib.sh"
. "$srcdir/tests/func/l2-lib.bash"

start_switch
br_add br0
vm_add b "$br0" 10.1.0.2/24
dst=$(vm_mac b)
dst=${dst//:/}
tmac=02:12:00:00:00:0f

# udp_frame SPORT [CSUM]: a 60-byte UDP frame to b, 10.1.0.9 -> 10.1.0.2
# port 5678, 18 bytes of payload, checksum field CSUM (default 0: none).
ip_csum=$(( 0x4500 + 0x002e + 0x4000 + 0x4011 + 0x0a01 + 0x0009 + 0x0a01 + 2 ))
ip_csum=$(printf '%04x' $(( ~((ip_csum & 0xffff) + (ip_csum >> 16)) & 0xffff )))
udp_frame() {
    printf '%s%s0800' "$dst" "${tmac//:/}"
    printf '4500002e000040004011%s0a0100090a010002' "$ip_csum"
    printf '%04x162e001a%s' "$1" "${2:-0000}"
    printf '78%.0s' $(seq 18)
}
# The UDP pseudo-header sum (not complemented), which is what a sender
# that leaves the checksum to offload puts in the checksum field.
pseudo=$(( 0x0a01 + 0x0009 + 0x0a01 + 0x0002 + 17 + 0x1a ))
pseudo=$(printf '%04x' $(( (pseudo & 0xffff) + (pseudo >> 16) )))

# Virtio-net headers, little-endian: flags, gso_type, hdr_len, gso_size,
# csum_start, csum_offset.  Each bogus frame (sport 1000 + i) is followed
# by a good one (sport 1100 + i), which must get through.
bogus=(
    "0100 0000 0000 c800 0600"  # checksum start beyond the frame
    "0001 3600 6400 0000 0000"  # TCPv4 segmentation of a UDP packet
    "0101 2a00 0400 2200 1000"  # the same with a TCP checksum, 4-byte MSS
    "0004 3600 6400 0000 0000"  # TCPv6 segmentation of an IPv4 packet
    "0104 2a00 0400 2200 1000"  # the same with a TCP checksum, 4-byte MSS
    "0100 2a00 0000 2200 2000"  # checksum offset beyond the frame
    "0103 2a00 0400 2200 0600"  # UDP fragmentation (UFO) into 4-byte pieces
    "0003 2a00 0400 0000 0000"  # UFO again, without checksum offload
)
args=(--vnet --step)
for i in "${!bogus[@]}"; do
    hdr=${bogus[i]}
    args+=(--inject-vnet "${hdr// /}:$(udp_frame $((1000 + i)))")
    args+=(--inject "$(udp_frame $((1100 + i)))")
done
# A valid partial checksum, left to the switch to complete.
n_last=$((2 * ${#bogus[@]}))
args+=(--inject-vnet "01000000000022000600:$(udp_frame 1099 "$pseudo")")

spawn oswtest-tapvm "${L2}t" --mac "$tmac" --ip 10.1.0.9 "${args[@]}" \
    > "$TESTDIR/tapvm.out" 2>&1
tapvm=$SPAWNED_PID
wait_until "grep -q ready '$TESTDIR/tapvm.out'"
port_add "$br0" "${L2}t"
vm_ready b 10.1.0.9

# inject N: writes the tap VM's next frame, which must be number N.
inject() {
    kill -USR1 "$tapvm"
    wait_until "grep -q '^inject $1:' '$TESTDIR/tapvm.out'" 5
}

# Sets OSW_DROPS to what osw counted for frames like these: bad_vnet +
# gso_failed + rx_ring (0 on the other switches).
osw_drops() {
    local r
    OSW_DROPS=0
    for r in bad_vnet gso_failed rx_ring; do
        drop_count $r
        OSW_DROPS=$((OSW_DROPS + DROP_COUNT))
    done
}
osw_drops_above() {
    osw_drops
    [ "$OSW_DROPS" -gt "$1" ]
}
# seen SPORT: b received the frame from source port SPORT.
seen() {
    grep -q "sport=$1 " "$TESTDIR/rx-b.out"
}

pkt_recv b "$TESTDIR/rx-b.out" --count 0 --timeout 120000 --match dport=5678
receiver=$RECV_PID
n_refused=0 n_counted=0 n_delivered=0
for i in "${!bogus[@]}"; do
    desc="bogus header $i (${bogus[i]})"
    osw_drops
    before=$OSW_DROPS
    inject $((2 * i))
    if ! grep -q "^inject $((2 * i)): ok" "$TESTDIR/tapvm.out"; then
        echo "$desc: refused by the kernel"
        n_refused=$((n_refused + 1))
    elif [ "$L2_BACKEND" != osw ]; then
        # Nothing to count on: give it time to arrive.
        wait_until_quiet "seen $((1000 + i))" 2 || :
        echo "$desc: accepted by the kernel"
    elif wait_until_quiet "seen $((1000 + i)) || osw_drops_above $before" 5
    then
        # osw learns of frames the kernel dropped (rx_ring) about once a
        # second, and repairs a stuck ring at the same time.
        osw_drops
        if [ "$OSW_DROPS" -gt "$before" ]; then
            echo "$desc: dropped by osw and counted ($before -> $OSW_DROPS)"
            n_counted=$((n_counted + 1))
        else
            echo "$desc: delivered"
            n_delivered=$((n_delivered + 1))
        fi
    else
        cat "$TESTDIR/rx-b.out" "$TESTDIR/drop-stats.out" >&2
        fail "$desc: accepted by the kernel, but neither delivered" \
             "nor counted as dropped"
    fi
    line=$(grep "sport=$((1000 + i)) " "$TESTDIR/rx-b.out" || :)
    if [ -n "$line" ]; then
        echo "    $line"
        if [ "$L2_BACKEND" = osw ] \
           && ! echo "$line" | grep -Eq 'l4csum=(ok|none)$'; then
            fail "$desc: delivered as an invalid frame: $line"
        fi
    fi

    inject $((2 * i + 1))
    switch_alive
    if ! wait_until_quiet "seen $((1100 + i))" 3; then
        cat "$TESTDIR/rx-b.out" >&2
        [ "$L2_BACKEND" != osw ] || appctl dpctl/drop-stats "${L2}t" >&2 || :
        fail "after $desc, a good frame from the same tap was not" \
             "forwarded (its receive path stalled?)"
    fi
done
inject "$n_last"
wait_until_quiet "seen 1099" 3 || :
kill "$receiver"
wait "$receiver" 2>/dev/null || :
forget_pid "$receiver"
cat "$TESTDIR/rx-b.out"
echo "of ${#bogus[@]} bogus headers, the kernel refused $n_refused;" \
     "osw dropped and counted $n_counted; $n_delivered were delivered" \
     "as valid frames"

rx_expect b 1 "sport=1099 dport=5678 l4csum=\(ok\|partial\)"
# Every good frame once, and nothing else but the bogus ones.
for i in "${!bogus[@]}"; do
    rx_expect b 1 "sport=$((1100 + i)) "
done
if [ "$L2_BACKEND" = osw ]; then
    # A stuck ring (if this kernel has the bug) was rebuilt, with a
    # warning naming the port.
    if grep -q "${L2}t: receive ring stuck" "$TESTDIR/osw-vswitchd.log"; then
        echo "the port's receive ring was rebuilt"
        appctl dpctl/drop-stats "${L2}t" | grep -E '^ +rx_ring +[1-9]' \
            || fail "ring rebuilt but no rx_ring drops on ${L2}t"
    fi
fi

# Still alive and forwarding, both ways.
switch_alive
vm_ping b 10.1.0.9 5
spawn oswtest-tapvm "${L2}u" --vnet --ip 10.1.0.10 --ping 10.1.0.2 \
    --count 3 > "$TESTDIR/tapvm-u.out" 2>&1
pinger=$SPAWNED_PID
wait_until "grep -q ready '$TESTDIR/tapvm-u.out'"
port_add "$br0" "${L2}u"
pkt_wait "$pinger" || fail "a second tap VM's pings were not answered"
switch_alive
