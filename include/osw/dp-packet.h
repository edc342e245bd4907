/* dp-packet: a packet in the datapath, and batches of them.
 *
 * A dp_packet is a frame (from the Ethernet header on) in a buffer with
 * headroom, so that a VLAN tag can be pushed or restored without copying
 * the frame, plus the metadata the datapath carries with it: the input
 * port, the offsets of the L3 and L4 headers that flow extraction found,
 * and the offload state of the frame as a virtio-net header ('vnet').
 *
 * Offloads.  Frames from veth and tap devices may carry a partial
 * checksum (VIRTIO_NET_HDR_F_NEEDS_CSUM: the L4 checksum field holds only
 * the pseudo-header sum, to be completed over csum_start..end and stored
 * at csum_start + csum_offset) and may be GSO super-frames (gso_type
 * TCPV4/TCPV6/UDP with gso_size: one frame of up to 64 kB standing for
 * many MTU-sized segments).  'has_vnet' says 'vnet' describes the frame;
 * a frame without it is a plain, complete frame.  Fields of 'vnet' are in
 * host byte order (native virtio endianness, which is what AF_PACKET and
 * tap use by default).  An egress that takes a vnet header gets the
 * frame as is; others get dp_packet_csum_complete()d frames or, for GSO,
 * the segments from dp_packet_gso_segment().
 *
 * Ownership.  DPBUF_MALLOC packets own their buffer.  DPBUF_FOREIGN
 * packets point into memory someone else owns, typically an AF_PACKET
 * receive ring: they stay valid only until the next receive on the same
 * queue (netdev.h), and the datapath sends or copies them before that.
 * Deleting a foreign packet frees the struct only (or nothing, for
 * structs embedded in a netdev's array: 'source' DPBUF_FOREIGN_STATIC).
 * Growing a foreign packet beyond its headroom or tailroom copies it to
 * the heap (it becomes DPBUF_MALLOC).  A DPBUF_FOREIGN_STATIC struct
 * remembers in 'static_struct' that it is not the packet's to free, even
 * after it became DPBUF_MALLOC, so dp_packet_delete() then frees only the
 * buffer: always dp_packet_delete() a packet when done, whatever its
 * source, or a grown one leaks its buffer.
 *
 * Not thread-safe: a packet belongs to one thread at a time. */
#ifndef OSW_DP_PACKET_H
#define OSW_DP_PACKET_H 1

#include <linux/virtio_net.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/packets.h"
#include "osw/util.h"

/* UDP segmentation offload (USO): older kernel headers lack it. */
#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4 5
#endif

enum dp_packet_source {
    DPBUF_MALLOC,               /* 'base' from malloc(), freed with it. */
    DPBUF_FOREIGN,              /* 'base' owned elsewhere; struct malloc'd. */
    DPBUF_FOREIGN_STATIC,       /* Neither 'base' nor struct owned. */
};

#define DP_PACKET_OFS_NONE UINT16_MAX
/* Headroom given to packets the switch allocates: room for two VLAN tags
 * and a tunnel header later on. */
#define DP_PACKET_HEADROOM 128

struct dp_packet {
    void *base;                 /* Start of the buffer. */
    uint32_t allocated;         /* Bytes at 'base'. */
    uint32_t data_ofs;          /* Frame starts at base + data_ofs. */
    uint32_t size;              /* Frame length in bytes. */
    uint16_t l3_ofs;            /* From the frame start, or OFS_NONE. */
    uint16_t l4_ofs;            /* From the frame start, or OFS_NONE. */
    uint32_t in_port;           /* Datapath port the frame came from. */
    uint32_t skb_priority;      /* QoS queue selection (tc priority). */
    uint32_t pkt_mark;
    uint32_t rss_hash;          /* Valid if 'rss_valid'. */
    bool rss_valid;
    bool has_vnet;              /* 'vnet' describes offloads. */
    bool static_struct;         /* Struct not freed by dp_packet_delete(). */
    enum dp_packet_source source;
    struct virtio_net_hdr vnet; /* Host byte order. */
};

/* Construction and destruction. */

/* A new packet with 'headroom' and room for 'size' bytes of frame (size 0
 * initially). */
struct dp_packet *dp_packet_new(size_t size, size_t headroom);
/* A new packet holding a copy of 'data', with DP_PACKET_HEADROOM. */
struct dp_packet *dp_packet_new_with_data(const void *data, size_t size);
/* A deep copy of 'p' (frame, metadata, vnet), always DPBUF_MALLOC. */
struct dp_packet *dp_packet_clone(const struct dp_packet *p);
/* Frees 'p' as its 'source' says.  NULL is allowed. */
void dp_packet_delete(struct dp_packet *p);
/* Initializes 'p' (caller's struct) to describe a frame of 'size' bytes
 * at 'base' + 'data_ofs' in foreign memory of 'allocated' bytes; metadata
 * is cleared. */
void dp_packet_use_foreign(struct dp_packet *p, void *base,
                           uint32_t allocated, uint32_t data_ofs,
                           uint32_t size, enum dp_packet_source source);

/* Access. */
static inline void *dp_packet_data(const struct dp_packet *p)
{
    return (char *) p->base + p->data_ofs;
}
static inline uint32_t dp_packet_size(const struct dp_packet *p)
{
    return p->size;
}
static inline size_t dp_packet_headroom(const struct dp_packet *p)
{
    return p->data_ofs;
}
static inline size_t dp_packet_tailroom(const struct dp_packet *p)
{
    return p->allocated - p->data_ofs - p->size;
}
static inline void *dp_packet_l3(const struct dp_packet *p)
{
    return p->l3_ofs == DP_PACKET_OFS_NONE
           ? NULL : (char *) dp_packet_data(p) + p->l3_ofs;
}
static inline void *dp_packet_l4(const struct dp_packet *p)
{
    return p->l4_ofs == DP_PACKET_OFS_NONE
           ? NULL : (char *) dp_packet_data(p) + p->l4_ofs;
}
/* Bytes from the L4 header to the end of the frame (0 if none). */
static inline size_t dp_packet_l4_size(const struct dp_packet *p)
{
    return p->l4_ofs == DP_PACKET_OFS_NONE ? 0 : p->size - p->l4_ofs;
}
static inline void dp_packet_reset_offsets(struct dp_packet *p)
{
    p->l3_ofs = p->l4_ofs = DP_PACKET_OFS_NONE;
}
static inline bool dp_packet_is_gso(const struct dp_packet *p)
{
    return p->has_vnet && p->vnet.gso_type != VIRTIO_NET_HDR_GSO_NONE;
}

/* Changing the frame.  These keep 'l3_ofs'/'l4_ofs' pointing at the same
 * bytes (push and pull shift them) and may reallocate (see Ownership). */
void dp_packet_prealloc_headroom(struct dp_packet *, size_t);
void dp_packet_prealloc_tailroom(struct dp_packet *, size_t);
void *dp_packet_push_uninit(struct dp_packet *, size_t);
void *dp_packet_put_uninit(struct dp_packet *, size_t);
void *dp_packet_put(struct dp_packet *, const void *, size_t);
void dp_packet_set_size(struct dp_packet *, uint32_t);

/* Inserts an 802.1Q/802.1ad tag with 'tpid' and 'tci' (network order)
 * after the MAC addresses, as the new outermost tag.  The vnet header's
 * csum_start and hdr_len move with the frame. */
void dp_packet_push_vlan(struct dp_packet *, ovs_be16 tpid, ovs_be16 tci);
/* Removes the outermost VLAN tag, if the frame has one. */
void dp_packet_pop_vlan(struct dp_packet *);

/* Offloads (dp-packet-gso.c). */

/* True if 'p''s vnet header is consistent with its frame: known flags
 * (NEEDS_CSUM, DATA_VALID) and gso_type (NONE, TCPV4, TCPV6, UDP_L4, the
 * ECN bit with TCP only; the old UFO type UDP is refused), csum_start +
 * csum_offset + 2 within the frame, and for GSO: gso_size nonzero, the
 * GSO type matching the frame's L3/L4 headers (IPv4/IPv6 version, TCP or
 * UDP, not a fragment, whole L4 header within the IP length), and with
 * NEEDS_CSUM, csum_start at the L4 header and csum_offset 16 (TCP) or 6
 * (UDP).  hdr_len is not checked (nothing relies on it).  Always true
 * without 'has_vnet'.  Flow extraction must have run (the L3/L4 offsets
 * are used).  A frame failing this is dropped as "bad vnet header". */
bool dp_packet_vnet_valid(const struct dp_packet *p);
/* Fills in the partial checksum that VIRTIO_NET_HDR_F_NEEDS_CSUM asks for
 * (summing from csum_start to the end of the frame, the field holding the
 * pseudo-header sum; or, for SCTP, whose CRC32c the kernel offloads the
 * same way, the CRC over the SCTP packet) and clears the flag.  No effect on other frames.  A
 * GSO frame keeps its GSO state (its segments get full checksums from
 * dp_packet_gso_segment() anyway).  Writes into the frame, also for a
 * foreign one. */
void dp_packet_csum_complete(struct dp_packet *p);
/* Splits GSO frame 'p' into complete frames of at most gso_size payload
 * bytes each, with IP lengths, ids, TCP sequence numbers and flags, and
 * checksums fixed, and calls 'emit' with each new DPBUF_MALLOC segment
 * (which 'emit' then owns), in order.  Returns 0, or EINVAL for a frame
 * whose headers do not allow segmentation ('p' unchanged, nothing
 * emitted).  'p' itself is left as it was.  Segments copy the headers
 * up to the end of the TCP/UDP header (L2 with its VLAN tags too), carry
 * 'p''s in_port, skb_priority, pkt_mark, RSS hash and L3/L4 offsets, and
 * have no vnet header.  The IP length ends the payload (trailing bytes
 * after it are dropped).  IPv4 ids increase by one per segment (TCP and
 * UDP); TCP sequence numbers advance by the payload; FIN and PSH stay
 * only on the last segment, CWR only on the first. */
int dp_packet_gso_segment(const struct dp_packet *p,
                          void (*emit)(struct dp_packet *seg, void *aux),
                          void *aux);

/* Batches: what a receive returns and a send takes. */
#define DP_BATCH_SIZE 32
struct dp_packet_batch {
    size_t count;
    struct dp_packet *packets[DP_BATCH_SIZE];
};

static inline void dp_packet_batch_init(struct dp_packet_batch *b)
{
    b->count = 0;
}
static inline bool dp_packet_batch_is_full(const struct dp_packet_batch *b)
{
    return b->count >= DP_BATCH_SIZE;
}
/* Appends 'p'; the batch must not be full. */
static inline void dp_packet_batch_add(struct dp_packet_batch *b,
                                       struct dp_packet *p)
{
    b->packets[b->count++] = p;
}
#define DP_PACKET_BATCH_FOR_EACH(IDX, PACKET, BATCH)                    \
    for (size_t IDX = 0; IDX < (BATCH)->count                           \
             && ((PACKET) = (BATCH)->packets[IDX], true); IDX++)
/* Deletes every packet of 'b' and empties it. */
void dp_packet_batch_delete_all(struct dp_packet_batch *b);

#endif /* dp-packet.h */
