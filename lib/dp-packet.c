/* dp-packet: see include/osw/dp-packet.h. */
#include <config.h>
#include "osw/dp-packet.h"

#include <stdlib.h>
#include <string.h>

static void
dp_packet_init_metadata(struct dp_packet *p)
{
    p->l3_ofs = p->l4_ofs = DP_PACKET_OFS_NONE;
    p->in_port = 0;
    p->skb_priority = 0;
    p->pkt_mark = 0;
    p->rss_hash = 0;
    p->rss_valid = false;
    p->has_vnet = false;
    p->static_struct = false;
    memset(&p->vnet, 0, sizeof p->vnet);
}

/* Returns a new heap packet with 'headroom' bytes of headroom and room for
 * 'size' bytes of frame, empty. */
struct dp_packet *
dp_packet_new(size_t size, size_t headroom)
{
    struct dp_packet *p = xmalloc(sizeof *p);
    size_t allocated = size + headroom;

    osw_assert(allocated >= size && allocated <= UINT32_MAX);
    p->base = xmalloc(allocated ? allocated : 1);
    p->allocated = allocated;
    p->data_ofs = headroom;
    p->size = 0;
    p->source = DPBUF_MALLOC;
    dp_packet_init_metadata(p);
    return p;
}

/* Returns a new heap packet holding a copy of the 'size' bytes at 'data',
 * with DP_PACKET_HEADROOM bytes of headroom. */
struct dp_packet *
dp_packet_new_with_data(const void *data, size_t size)
{
    struct dp_packet *p = dp_packet_new(size, DP_PACKET_HEADROOM);

    if (size) {
        memcpy(dp_packet_data(p), data, size);
    }
    p->size = size;
    return p;
}

/* Returns a heap copy of 'p' with its metadata and offload state. */
struct dp_packet *
dp_packet_clone(const struct dp_packet *p)
{
    struct dp_packet *c = dp_packet_new_with_data(dp_packet_data(p),
                                                  p->size);

    c->l3_ofs = p->l3_ofs;
    c->l4_ofs = p->l4_ofs;
    c->in_port = p->in_port;
    c->skb_priority = p->skb_priority;
    c->pkt_mark = p->pkt_mark;
    c->rss_hash = p->rss_hash;
    c->rss_valid = p->rss_valid;
    c->has_vnet = p->has_vnet;
    c->vnet = p->vnet;
    return c;
}

/* Frees 'p''s buffer if it owns it and 'p' itself unless it is embedded in
 * someone else's memory. */
void
dp_packet_delete(struct dp_packet *p)
{
    if (p) {
        if (p->source == DPBUF_MALLOC) {
            free(p->base);
        }
        if (!p->static_struct && p->source != DPBUF_FOREIGN_STATIC) {
            free(p);
        } else if (p->source == DPBUF_MALLOC) {
            /* An embedded struct whose frame grew onto the heap: leave it
             * harmless in case it is deleted again before reuse. */
            p->base = NULL;
            p->allocated = p->data_ofs = p->size = 0;
            p->source = DPBUF_FOREIGN_STATIC;
        }
    }
}

/* Makes 'p' describe the 'size'-byte frame at 'base' + 'data_ofs' in
 * memory of 'allocated' bytes that 'p' does not own.  'source' is
 * DPBUF_FOREIGN (the struct is malloc'd) or DPBUF_FOREIGN_STATIC. */
void
dp_packet_use_foreign(struct dp_packet *p, void *base, uint32_t allocated,
                      uint32_t data_ofs, uint32_t size,
                      enum dp_packet_source source)
{
    osw_assert(source != DPBUF_MALLOC);
    osw_assert(data_ofs <= allocated && size <= allocated - data_ofs);
    p->base = base;
    p->allocated = allocated;
    p->data_ofs = data_ofs;
    p->size = size;
    p->source = source;
    dp_packet_init_metadata(p);
    p->static_struct = source == DPBUF_FOREIGN_STATIC;
}

/* Moves 'p''s frame into a new heap buffer with 'headroom' and 'tailroom'
 * around it. */
static void
dp_packet_resize(struct dp_packet *p, size_t headroom, size_t tailroom)
{
    size_t allocated = headroom + p->size + tailroom;
    char *base;

    osw_assert(allocated <= UINT32_MAX);
    base = xmalloc(allocated);
    memcpy(base + headroom, dp_packet_data(p), p->size);
    if (p->source == DPBUF_MALLOC) {
        free(p->base);
    }
    p->source = DPBUF_MALLOC;
    p->base = base;
    p->allocated = allocated;
    p->data_ofs = headroom;
}

/* Ensures at least 'size' bytes of headroom in 'p'. */
void
dp_packet_prealloc_headroom(struct dp_packet *p, size_t size)
{
    if (size > dp_packet_headroom(p)) {
        dp_packet_resize(p, MAX(size, DP_PACKET_HEADROOM),
                         dp_packet_tailroom(p));
    }
}

/* Ensures at least 'size' bytes of tailroom in 'p'. */
void
dp_packet_prealloc_tailroom(struct dp_packet *p, size_t size)
{
    if (size > dp_packet_tailroom(p)) {
        /* Doubling keeps a series of small appends linear. */
        dp_packet_resize(p, dp_packet_headroom(p), MAX(size, p->size));
    }
}

static void
shift_offsets(struct dp_packet *p, int delta)
{
    if (p->l3_ofs != DP_PACKET_OFS_NONE) {
        p->l3_ofs += delta;
    }
    if (p->l4_ofs != DP_PACKET_OFS_NONE) {
        p->l4_ofs += delta;
    }
}

/* Prepends 'size' uninitialized bytes to 'p''s frame and returns the new
 * frame start.  The L3/L4 offsets follow their headers. */
void *
dp_packet_push_uninit(struct dp_packet *p, size_t size)
{
    dp_packet_prealloc_headroom(p, size);
    p->data_ofs -= size;
    p->size += size;
    shift_offsets(p, size);
    return dp_packet_data(p);
}

/* Appends 'size' uninitialized bytes to 'p''s frame and returns them. */
void *
dp_packet_put_uninit(struct dp_packet *p, size_t size)
{
    void *tail;

    dp_packet_prealloc_tailroom(p, size);
    tail = (char *) dp_packet_data(p) + p->size;
    p->size += size;
    return tail;
}

/* Appends a copy of the 'size' bytes at 'data' to 'p' and returns where
 * they went. */
void *
dp_packet_put(struct dp_packet *p, const void *data, size_t size)
{
    void *dst = dp_packet_put_uninit(p, size);
    if (size) {
        memcpy(dst, data, size);
    }
    return dst;
}

/* Sets the frame length of 'p' to 'size' bytes, growing the buffer if
 * needed (new bytes are uninitialized).  L3/L4 offsets past the new end
 * are cleared. */
void
dp_packet_set_size(struct dp_packet *p, uint32_t size)
{
    if (size > p->size) {
        dp_packet_prealloc_tailroom(p, size - p->size);
    }
    p->size = size;
    if (p->l3_ofs != DP_PACKET_OFS_NONE && p->l3_ofs > size) {
        p->l3_ofs = DP_PACKET_OFS_NONE;
    }
    if (p->l4_ofs != DP_PACKET_OFS_NONE && p->l4_ofs > size) {
        p->l4_ofs = DP_PACKET_OFS_NONE;
    }
}

static void
adjust_vnet(struct dp_packet *p, int delta)
{
    if (p->has_vnet) {
        if (p->vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
            p->vnet.csum_start += delta;
        }
        if (p->vnet.hdr_len) {
            p->vnet.hdr_len += delta;
        }
    }
}

/* Inserts a VLAN tag with 'tpid' and 'tci' right after the MAC addresses
 * of 'p'.  A frame too short to have MAC addresses is left alone. */
void
dp_packet_push_vlan(struct dp_packet *p, ovs_be16 tpid, ovs_be16 tci)
{
    char *data;

    if (OSW_UNLIKELY(p->size < 2 * ETH_ADDR_LEN)) {
        return;
    }
    data = dp_packet_push_uninit(p, VLAN_HEADER_LEN);
    memmove(data, data + VLAN_HEADER_LEN, 2 * ETH_ADDR_LEN);
    memcpy(data + 2 * ETH_ADDR_LEN, &tpid, sizeof tpid);
    memcpy(data + 2 * ETH_ADDR_LEN + 2, &tci, sizeof tci);
    adjust_vnet(p, VLAN_HEADER_LEN);
}

/* Removes the outermost VLAN tag of 'p', if it has a whole one. */
void
dp_packet_pop_vlan(struct dp_packet *p)
{
    char *data = dp_packet_data(p);
    ovs_be16 type;

    if (p->size < VLAN_ETH_HEADER_LEN) {
        return;
    }
    memcpy(&type, data + 2 * ETH_ADDR_LEN, sizeof type);
    if (!eth_type_vlan(type)) {
        return;
    }
    memmove(data + VLAN_HEADER_LEN, data, 2 * ETH_ADDR_LEN);
    p->data_ofs += VLAN_HEADER_LEN;
    p->size -= VLAN_HEADER_LEN;
    if (p->l3_ofs != DP_PACKET_OFS_NONE) {
        p->l3_ofs = (p->l3_ofs >= ETH_HEADER_LEN + VLAN_HEADER_LEN
                     ? p->l3_ofs - VLAN_HEADER_LEN : DP_PACKET_OFS_NONE);
    }
    if (p->l4_ofs != DP_PACKET_OFS_NONE) {
        p->l4_ofs = (p->l4_ofs >= ETH_HEADER_LEN + VLAN_HEADER_LEN
                     ? p->l4_ofs - VLAN_HEADER_LEN : DP_PACKET_OFS_NONE);
    }
    if (p->has_vnet) {
        if ((p->vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
            && p->vnet.csum_start >= VLAN_HEADER_LEN) {
            p->vnet.csum_start -= VLAN_HEADER_LEN;
        }
        if (p->vnet.hdr_len >= VLAN_HEADER_LEN) {
            p->vnet.hdr_len -= VLAN_HEADER_LEN;
        }
    }
}

/* Deletes every packet in 'b' and empties it. */
void
dp_packet_batch_delete_all(struct dp_packet_batch *b)
{
    for (size_t i = 0; i < b->count; i++) {
        dp_packet_delete(b->packets[i]);
    }
    b->count = 0;
}
