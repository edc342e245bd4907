/* dp-packet-gso: checksum completion and software segmentation of frames
 * with virtio-net offload state (see include/osw/dp-packet.h).
 *
 * These run for every offloaded frame that leaves through a port without
 * a vnet header, so they read the headers once through the offsets flow
 * extraction stored and never trust a length from the vnet header that
 * the frame itself does not confirm. */
#include <config.h>
#include "osw/dp-packet.h"

#include <errno.h>
#include <string.h>

#define VNET_KNOWN_FLAGS (VIRTIO_NET_HDR_F_NEEDS_CSUM \
                          | VIRTIO_NET_HDR_F_DATA_VALID)

/* What a GSO frame looks like, as far as segmentation cares. */
struct gso_layout {
    size_t l3_ofs;              /* IP header. */
    size_t l4_ofs;              /* TCP or UDP header. */
    size_t hdr_len;             /* Through the end of the L4 header. */
    size_t end;                 /* End of the IP payload. */
    bool is_ipv6;
    uint8_t proto;              /* IPPROTO_TCP or IPPROTO_UDP. */
};

/* Returns the L4 protocol of the IPv6 packet at 'l3_ofs' in 'data' whose L4
 * header flow extraction found at 'l4_ofs', walking the extension headers
 * between them, or -1 if the chain does not end exactly there. */
static int
ipv6_l4_proto(const uint8_t *data, size_t l3_ofs, size_t l4_ofs)
{
    uint8_t nxt = data[l3_ofs + 6];
    size_t ofs = l3_ofs + IPV6_HEADER_LEN;

    while (ofs < l4_ofs) {
        size_t len;

        if (l4_ofs - ofs < 8) {
            return -1;
        }
        if (nxt == IPPROTO_HOPOPTS || nxt == IPPROTO_ROUTING
            || nxt == IPPROTO_DSTOPTS) {
            len = (data[ofs + 1] + 1) * 8;
        } else if (nxt == IPPROTO_AH) {
            len = (data[ofs + 1] + 2) * 4;
        } else {
            return -1;          /* Including fragments: no GSO for them. */
        }
        if (len > l4_ofs - ofs) {
            return -1;
        }
        nxt = data[ofs];
        ofs += len;
    }
    return ofs == l4_ofs ? nxt : -1;
}

/* Fills 'lay' for GSO frame 'p' and returns true, or returns false if the
 * frame's headers do not match its gso_type. */
static bool
gso_parse(const struct dp_packet *p, struct gso_layout *lay)
{
    const uint8_t *data = dp_packet_data(p);
    uint8_t type = p->vnet.gso_type & ~VIRTIO_NET_HDR_GSO_ECN;

    if (p->l3_ofs == DP_PACKET_OFS_NONE || p->l4_ofs == DP_PACKET_OFS_NONE
        || p->l4_ofs <= p->l3_ofs || p->l4_ofs > p->size) {
        return false;
    }
    lay->l3_ofs = p->l3_ofs;
    lay->l4_ofs = p->l4_ofs;

    if (p->l4_ofs - p->l3_ofs >= IP_HEADER_LEN
        && IP_VER(data[lay->l3_ofs]) == 4) {
        const uint8_t *ip = data + lay->l3_ofs;
        uint16_t frag_off;

        memcpy(&frag_off, ip + 6, 2);
        if (ntohs(frag_off) & (IP_MORE_FRAGMENTS | IP_FRAG_OFF_MASK)
            || IP_IHL(ip[0]) * 4 != p->l4_ofs - p->l3_ofs) {
            return false;
        }
        lay->is_ipv6 = false;
        lay->proto = ip[9];
        uint16_t tot_len;
        memcpy(&tot_len, ip + 2, 2);
        lay->end = lay->l3_ofs + ntohs(tot_len);
    } else if (p->l4_ofs - p->l3_ofs >= IPV6_HEADER_LEN
               && IP_VER(data[lay->l3_ofs]) == 6) {
        int proto = ipv6_l4_proto(data, lay->l3_ofs, lay->l4_ofs);
        uint16_t plen;

        if (proto < 0) {
            return false;
        }
        lay->is_ipv6 = true;
        lay->proto = proto;
        memcpy(&plen, data + lay->l3_ofs + 4, 2);
        lay->end = lay->l3_ofs + IPV6_HEADER_LEN + ntohs(plen);
    } else {
        return false;
    }
    if (lay->end > p->size || lay->end < lay->l4_ofs) {
        return false;
    }

    switch (type) {
    case VIRTIO_NET_HDR_GSO_TCPV4:
    case VIRTIO_NET_HDR_GSO_TCPV6:
        if (lay->proto != IPPROTO_TCP
            || lay->is_ipv6 != (type == VIRTIO_NET_HDR_GSO_TCPV6)
            || lay->end - lay->l4_ofs < TCP_HEADER_LEN) {
            return false;
        }
        lay->hdr_len = lay->l4_ofs + TCP_OFFSET(data[lay->l4_ofs + 12]
                                                << 8) * 4;
        if (lay->hdr_len < lay->l4_ofs + TCP_HEADER_LEN
            || lay->hdr_len > lay->end) {
            return false;
        }
        return true;
    case VIRTIO_NET_HDR_GSO_UDP_L4:
        if (lay->proto != IPPROTO_UDP
            || lay->end - lay->l4_ofs < UDP_HEADER_LEN) {
            return false;
        }
        lay->hdr_len = lay->l4_ofs + UDP_HEADER_LEN;
        return true;
    default:
        return false;
    }
}

/* Returns true if 'p''s vnet header makes sense for its frame. */
bool
dp_packet_vnet_valid(const struct dp_packet *p)
{
    const struct virtio_net_hdr *vnet = &p->vnet;

    if (!p->has_vnet) {
        return true;
    }
    if (vnet->flags & ~VNET_KNOWN_FLAGS) {
        return false;
    }
    if (vnet->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
        size_t start = vnet->csum_start;
        size_t ofs = vnet->csum_offset;
        if (start + ofs + 2 > p->size) {
            return false;
        }
    }
    if (vnet->gso_type == VIRTIO_NET_HDR_GSO_NONE) {
        return true;
    }

    uint8_t type = vnet->gso_type & ~VIRTIO_NET_HDR_GSO_ECN;
    struct gso_layout lay;
    if (!vnet->gso_size || !gso_parse(p, &lay)) {
        return false;
    }
    if ((vnet->gso_type & VIRTIO_NET_HDR_GSO_ECN)
        && type == VIRTIO_NET_HDR_GSO_UDP_L4) {
        return false;
    }
    if (vnet->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM
        && (vnet->csum_start != lay.l4_ofs
            || vnet->csum_offset != (lay.proto == IPPROTO_TCP ? 16 : 6))) {
        return false;
    }
    return true;
}

/* Returns true if 'p''s partial checksum is an SCTP CRC32c: a veth or
 * tap offloads SCTP's CRC through the same NEEDS_CSUM flag, with
 * csum_offset pointing at the SCTP checksum field. */
static bool
csum_is_sctp(const struct dp_packet *p)
{
    const uint8_t *data = dp_packet_data(p);
    size_t l3 = p->l3_ofs, l4 = p->l4_ofs;

    if (p->vnet.csum_offset != 8 || p->vnet.csum_start != l4
        || l3 == DP_PACKET_OFS_NONE || l4 == DP_PACKET_OFS_NONE
        || l4 <= l3 || l4 + SCTP_HEADER_LEN > p->size) {
        return false;
    }
    if (l4 - l3 >= IP_HEADER_LEN && IP_VER(data[l3]) == 4) {
        return data[l3 + 9] == IPPROTO_SCTP;
    } else if (l4 - l3 >= IPV6_HEADER_LEN && IP_VER(data[l3]) == 6) {
        return ipv6_l4_proto(data, l3, l4) == IPPROTO_SCTP;
    }
    return false;
}

/* Completes the checksum that 'p''s vnet header says is partial. */
void
dp_packet_csum_complete(struct dp_packet *p)
{
    struct virtio_net_hdr *vnet = &p->vnet;

    if (!p->has_vnet || !(vnet->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)) {
        return;
    }
    size_t start = vnet->csum_start;
    size_t field = start + vnet->csum_offset;
    if (OSW_UNLIKELY(csum_is_sctp(p))) {
        uint8_t *sctp = (uint8_t *) dp_packet_data(p) + start;

        memset(sctp + 8, 0, 4);
        uint32_t crc = crc32c(sctp, p->size - start);
        uint8_t le[4] = { crc, crc >> 8, crc >> 16, crc >> 24 };
        memcpy(sctp + 8, le, 4);
    } else if (field + 2 <= p->size) {
        uint8_t *data = dp_packet_data(p);
        uint16_t sum = csum(data + start, p->size - start);

        /* The field holds the pseudo-header sum already, so summing it
         * with the rest gives the final checksum.  A UDP checksum of 0
         * means "none", so it is sent as 0xffff. */
        if (!sum && vnet->csum_offset == 6) {
            sum = 0xffff;
        }
        memcpy(data + field, &sum, 2);
    }
    vnet->flags &= ~VIRTIO_NET_HDR_F_NEEDS_CSUM;
}

static void
fix_segment(struct dp_packet *seg, const struct gso_layout *lay,
            size_t index, size_t n_segs, size_t payload_ofs,
            size_t payload_len)
{
    uint8_t *data = dp_packet_data(seg);
    size_t l4_len = lay->hdr_len - lay->l4_ofs + payload_len;
    uint32_t sum;

    if (lay->is_ipv6) {
        struct ipv6_header *ip6 = (void *) (data + lay->l3_ofs);
        ovs_be16 plen = htons(lay->hdr_len - lay->l3_ofs - IPV6_HEADER_LEN
                              + payload_len);
        memcpy(&ip6->ip6_plen, &plen, 2);
        sum = packet_csum_pseudoheader6((uint8_t *) ip6 + 8,
                                        (uint8_t *) ip6 + 24,
                                        lay->proto, l4_len);
    } else {
        struct ip_header *ip = (void *) (data + lay->l3_ofs);
        size_t ihl = lay->l4_ofs - lay->l3_ofs;
        ovs_be16 tot_len = htons(lay->hdr_len - lay->l3_ofs + payload_len);
        ovs_be16 id, zero = 0;

        memcpy(&ip->ip_tot_len, &tot_len, 2);
        memcpy(&id, &ip->ip_id, 2);
        id = htons(ntohs(id) + index);
        memcpy(&ip->ip_id, &id, 2);
        memcpy(&ip->ip_csum, &zero, 2);
        uint16_t ip_csum = csum(ip, ihl);
        memcpy(&ip->ip_csum, &ip_csum, 2);
        sum = packet_csum_pseudoheader(ip, lay->proto, l4_len);
    }

    uint8_t *l4 = data + lay->l4_ofs;
    uint16_t l4_csum;
    if (lay->proto == IPPROTO_TCP) {
        struct tcp_header *tcp = (void *) l4;
        ovs_be32 seq;
        ovs_be16 ctl;

        memcpy(&seq, &tcp->tcp_seq, 4);
        seq = htonl(ntohl(seq) + payload_ofs);
        memcpy(&tcp->tcp_seq, &seq, 4);
        memcpy(&ctl, &tcp->tcp_ctl, 2);
        if (index + 1 < n_segs) {
            ctl &= ~htons(TCP_FIN | TCP_PSH);
        }
        if (index > 0) {
            ctl &= ~htons(TCP_CWR);
        }
        memcpy(&tcp->tcp_ctl, &ctl, 2);
        memset(&tcp->tcp_csum, 0, 2);
        l4_csum = csum_finish(csum_continue(sum, l4, l4_len));
        memcpy(&tcp->tcp_csum, &l4_csum, 2);
    } else {
        struct udp_header *udp = (void *) l4;
        ovs_be16 udp_len = htons(l4_len);

        memcpy(&udp->udp_len, &udp_len, 2);
        memset(&udp->udp_csum, 0, 2);
        l4_csum = csum_finish(csum_continue(sum, l4, l4_len));
        if (!l4_csum) {
            l4_csum = 0xffff;
        }
        memcpy(&udp->udp_csum, &l4_csum, 2);
    }
}

/* Segments GSO frame 'p' into frames of at most gso_size payload bytes,
 * passing each to 'emit' with 'aux'. */
int
dp_packet_gso_segment(const struct dp_packet *p,
                      void (*emit)(struct dp_packet *seg, void *aux),
                      void *aux)
{
    struct gso_layout lay;

    if (!dp_packet_is_gso(p) || !p->vnet.gso_size || !gso_parse(p, &lay)) {
        return EINVAL;
    }

    const uint8_t *data = dp_packet_data(p);
    size_t payload = lay.end - lay.hdr_len;
    size_t mss = p->vnet.gso_size;
    size_t n_segs = payload ? DIV_ROUND_UP(payload, mss) : 1;

    for (size_t i = 0; i < n_segs; i++) {
        size_t ofs = i * mss;
        size_t len = MIN(mss, payload - ofs);
        struct dp_packet *seg = dp_packet_new(lay.hdr_len + len,
                                              DP_PACKET_HEADROOM);

        dp_packet_put(seg, data, lay.hdr_len);
        dp_packet_put(seg, data + lay.hdr_len + ofs, len);
        seg->l3_ofs = p->l3_ofs;
        seg->l4_ofs = p->l4_ofs;
        seg->in_port = p->in_port;
        seg->skb_priority = p->skb_priority;
        seg->pkt_mark = p->pkt_mark;
        seg->rss_hash = p->rss_hash;
        seg->rss_valid = p->rss_valid;
        fix_segment(seg, &lay, i, n_segs, ofs, len);
        emit(seg, aux);
    }
    return 0;
}
