/* dp-actions: executing, validating, printing and parsing datapath action
 * lists (see dp-actions.h). */
#include <config.h>
#include "dp-actions.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dp-packet.h"
#include "osw/flow.h"
#include "osw/dynamic-string.h"
#include "osw/netlink.h"
#include "osw/ofpbuf.h"
#include "osw/packets.h"
#include "osw/util.h"

/* Checksums.
 *
 * One's complement sums do not depend on byte order, so the helpers work
 * on 16-bit words exactly as they sit in the frame. */

static uint16_t
csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

/* Returns checksum 'csum' (as stored: complemented) updated for a 16-bit
 * word that changed from 'old' to 'new' (RFC 1624, eqn. 3). */
static uint16_t
csum_update16(uint16_t csum, uint16_t old, uint16_t new)
{
    uint32_t sum = (uint16_t) ~csum;
    sum += (uint16_t) ~old;
    sum += new;
    return ~csum_fold(sum);
}

/* The same for 'n' bytes ('n' even) at 'old' replaced by 'new'. */
static uint16_t
csum_update_bytes(uint16_t csum, const void *old_, const void *new_,
                  size_t n)
{
    const uint8_t *old = old_, *new = new_;
    for (size_t i = 0; i + 1 < n; i += 2) {
        uint16_t o, w;
        memcpy(&o, old + i, 2);
        memcpy(&w, new + i, 2);
        if (o != w) {
            csum = csum_update16(csum, o, w);
        }
    }
    return csum;
}

static uint16_t
get_u16(const void *p)
{
    uint16_t x;
    memcpy(&x, p, 2);
    return x;
}

static void
put_u16(void *p, uint16_t x)
{
    memcpy(p, &x, 2);
}

static bool
packet_csum_partial(const struct dp_packet *p)
{
    return p->has_vnet && (p->vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM);
}

/* Where the L4 checksum of 'p' is, and whether it covers a pseudo header
 * ('proto' is the IP protocol of the L4 header).  NULL if none. */
static uint8_t *
l4_csum_field(const struct dp_packet *p, uint8_t proto, bool *is_udp)
{
    uint8_t *l4 = dp_packet_l4(p);
    size_t l4_size = dp_packet_l4_size(p);

    *is_udp = false;
    if (!l4) {
        return NULL;
    }
    if (proto == IPPROTO_TCP && l4_size >= TCP_HEADER_LEN) {
        return l4 + offsetof(struct tcp_header, tcp_csum);
    } else if (proto == IPPROTO_UDP && l4_size >= UDP_HEADER_LEN) {
        *is_udp = true;
        return l4 + offsetof(struct udp_header, udp_csum);
    } else if (proto == IPPROTO_ICMPV6 && l4_size >= ICMP_HEADER_LEN) {
        return l4 + offsetof(struct icmp_header, icmp_csum);
    }
    return NULL;
}

/* Updates the L4 checksum of 'p' for a change of 'n' bytes of the pseudo
 * header from 'old' to 'new'.  A partial checksum (the field holds the
 * uncomplemented pseudo-header sum that the egress completes) is updated
 * as such. */
static void
l4_pseudo_update(struct dp_packet *p, uint8_t proto, const void *old,
                 const void *new, size_t n)
{
    bool is_udp;
    uint8_t *field = l4_csum_field(p, proto, &is_udp);
    if (!field) {
        return;
    }

    uint16_t csum = get_u16(field);
    if (packet_csum_partial(p)) {
        csum = ~csum_update_bytes(~csum, old, new, n);
    } else if (is_udp && !csum) {
        return;                 /* UDP over IPv4 without a checksum. */
    } else {
        csum = csum_update_bytes(csum, old, new, n);
        if (is_udp && !csum) {
            csum = 0xffff;
        }
    }
    put_u16(field, csum);
}

/* Updates the L4 checksum of 'p' for 'n' bytes of the L4 header itself
 * (ports) that changed.  A partial checksum needs nothing: the egress
 * sums the header as it finds it. */
static void
l4_header_update(struct dp_packet *p, uint8_t proto, const void *old,
                 const void *new, size_t n)
{
    bool is_udp;
    uint8_t *field = l4_csum_field(p, proto, &is_udp);
    if (!field || packet_csum_partial(p)) {
        return;
    }
    uint16_t csum = get_u16(field);
    if (is_udp && !csum) {
        return;
    }
    csum = csum_update_bytes(csum, old, new, n);
    if (is_udp && !csum) {
        csum = 0xffff;
    }
    put_u16(field, csum);
}

/* Applies 'value' under 'mask' to the 'n' bytes at 'dst'. */
static void
apply_masked(uint8_t *dst, const void *value_, const void *mask_, size_t n)
{
    const uint8_t *value = value_, *mask = mask_;
    for (size_t i = 0; i < n; i++) {
        dst[i] = (dst[i] & ~mask[i]) | (value[i] & mask[i]);
    }
}

/* The IP protocol of 'p''s L4 header: walks IPv6 extension headers up to
 * the L4 offset flow extraction found. */
static uint8_t
ipv6_l4_proto(const struct dp_packet *p)
{
    const uint8_t *data = dp_packet_data(p);
    const struct ipv6_header *ip6 = dp_packet_l3(p);
    uint8_t nh = ip6->ip6_nxt;
    size_t ofs = p->l3_ofs + IPV6_HEADER_LEN;

    if (p->l4_ofs == DP_PACKET_OFS_NONE) {
        return 0;
    }
    while (ofs + 2 <= p->l4_ofs) {
        const uint8_t *h = data + ofs;
        size_t len = (nh == IPPROTO_FRAGMENT ? 8
                      : nh == IPPROTO_AH ? (h[1] + 2) * 4
                      : (h[1] + 1) * 8);
        nh = h[0];
        ofs += len;
    }
    return nh;
}

/* True if the L3 header of 'p' is of type 'eth_type'.  Flow extraction
 * (and push_mpls) leave the type in the 2 bytes before that header: an
 * L3 offset alone does not tell an IPv4 header from, say, an MPLS label
 * that happens to start with nibble 4. */
static bool
l3_is(const struct dp_packet *p, uint16_t eth_type)
{
    const uint8_t *l3 = dp_packet_l3(p);

    return (l3 && p->l3_ofs >= ETH_HEADER_LEN
            && get_u16(l3 - 2) == htons(eth_type));
}

static void
set_ethernet(struct dp_packet *p, const struct ovs_key_ethernet *key,
             const struct ovs_key_ethernet *mask)
{
    if (dp_packet_size(p) < ETH_HEADER_LEN) {
        return;
    }
    struct eth_header *eth = dp_packet_data(p);
    apply_masked(eth->eth_src.ea, key->eth_src, mask->eth_src, ETH_ADDR_LEN);
    apply_masked(eth->eth_dst.ea, key->eth_dst, mask->eth_dst, ETH_ADDR_LEN);
}

static void
set_ipv4(struct dp_packet *p, const struct ovs_key_ipv4 *key,
         const struct ovs_key_ipv4 *mask)
{
    uint8_t *ip = dp_packet_l3(p);
    if (!l3_is(p, ETH_TYPE_IP) || p->size - p->l3_ofs < IP_HEADER_LEN
        || IP_VER(ip[0]) != 4) {
        return;
    }

    struct ip_header old;
    memcpy(&old, ip, sizeof old);
    struct ip_header new = old;

    apply_masked((uint8_t *) &new.ip_src, &key->ipv4_src, &mask->ipv4_src, 4);
    apply_masked((uint8_t *) &new.ip_dst, &key->ipv4_dst, &mask->ipv4_dst, 4);
    apply_masked(&new.ip_tos, &key->ipv4_tos, &mask->ipv4_tos, 1);
    apply_masked(&new.ip_ttl, &key->ipv4_ttl, &mask->ipv4_ttl, 1);

    /* The header checksum covers all of it; the L4 checksum the
     * addresses (pseudo header). */
    new.ip_csum = csum_update_bytes(old.ip_csum, &old, &new, sizeof old);
    memcpy(ip, &new, sizeof new);
    l4_pseudo_update(p, old.ip_proto, &old.ip_src, &new.ip_src, 8);
}

static void
set_ipv6(struct dp_packet *p, const struct ovs_key_ipv6 *key,
         const struct ovs_key_ipv6 *mask)
{
    uint8_t *ip = dp_packet_l3(p);
    if (!l3_is(p, ETH_TYPE_IPV6) || p->size - p->l3_ofs < IPV6_HEADER_LEN
        || IP_VER(ip[0]) != 6) {
        return;
    }

    struct ipv6_header old;
    memcpy(&old, ip, sizeof old);
    struct ipv6_header new = old;

    apply_masked((uint8_t *) &new.ip6_src, key->ipv6_src, mask->ipv6_src,
                 16);
    apply_masked((uint8_t *) &new.ip6_dst, key->ipv6_dst, mask->ipv6_dst,
                 16);
    apply_masked(&new.ip6_hlim, &key->ipv6_hlimit, &mask->ipv6_hlimit, 1);

    /* Version (4 bits), traffic class (8), flow label (20). */
    uint32_t flow = ntohl(new.ip6_flow);
    uint32_t label_mask = ntohl(mask->ipv6_label) & 0xfffff;
    flow = (flow & ~label_mask) | (ntohl(key->ipv6_label) & label_mask);
    uint32_t tc_mask = (uint32_t) mask->ipv6_tclass << 20;
    flow = (flow & ~tc_mask) | (((uint32_t) key->ipv6_tclass << 20)
                                & tc_mask);
    new.ip6_flow = htonl(flow);

    memcpy(ip, &new, sizeof new);
    l4_pseudo_update(p, ipv6_l4_proto(p), &old.ip6_src, &new.ip6_src, 32);
}

/* TCP and UDP ports sit at the same place in both headers. */
static void
set_ports(struct dp_packet *p, uint8_t proto, ovs_be16 src, ovs_be16 dst,
          ovs_be16 src_mask, ovs_be16 dst_mask)
{
    uint8_t *l4 = dp_packet_l4(p);
    size_t min = proto == IPPROTO_TCP ? TCP_HEADER_LEN : UDP_HEADER_LEN;
    if (!l4 || dp_packet_l4_size(p) < min) {
        return;
    }

    /* Only a packet whose L4 header really is 'proto'. */
    const uint8_t *l3 = dp_packet_l3(p);
    uint8_t l4_proto = IP_VER(l3[0]) == 4
                       ? ((const struct ip_header *) l3)->ip_proto
                       : ipv6_l4_proto(p);
    if (l4_proto != proto) {
        return;
    }

    ovs_be16 old[2] = { get_u16(l4), get_u16(l4 + 2) };
    ovs_be16 new[2] = { (old[0] & ~src_mask) | (src & src_mask),
                        (old[1] & ~dst_mask) | (dst & dst_mask) };
    put_u16(l4, new[0]);
    put_u16(l4 + 2, new[1]);
    l4_header_update(p, proto, old, new, sizeof old);
}

static uint32_t
sctp_crc(uint8_t *l4, size_t len)
{
    uint8_t saved[4];
    memcpy(saved, l4 + 8, 4);
    memset(l4 + 8, 0, 4);
    uint32_t crc = crc32c(l4, len);
    memcpy(l4 + 8, saved, 4);
    return crc;
}

/* SCTP ports.  The CRC32c is updated by the difference of the CRCs
 * before and after, so that a packet whose checksum was wrong stays
 * wrong (CRC32c is affine in the data). */
static void
set_sctp(struct dp_packet *p, const struct ovs_key_sctp *key,
         const struct ovs_key_sctp *mask)
{
    uint8_t *l4 = dp_packet_l4(p);
    const uint8_t *l3 = dp_packet_l3(p);
    size_t len = dp_packet_l4_size(p);
    if (!l4 || len < SCTP_HEADER_LEN) {
        return;
    }
    uint8_t l4_proto = (IP_VER(l3[0]) == 4
                        ? ((const struct ip_header *) l3)->ip_proto
                        : ipv6_l4_proto(p));
    if (l4_proto != IPPROTO_SCTP) {
        return;
    }

    uint32_t old_crc = sctp_crc(l4, len);
    ovs_be16 src = get_u16(l4), dst = get_u16(l4 + 2);
    put_u16(l4, (src & ~get_u16(&mask->sctp_src))
                | (get_u16(&key->sctp_src) & get_u16(&mask->sctp_src)));
    put_u16(l4 + 2, (dst & ~get_u16(&mask->sctp_dst))
                    | (get_u16(&key->sctp_dst) & get_u16(&mask->sctp_dst)));
    uint32_t new_crc = sctp_crc(l4, len);

    uint32_t stored = (l4[8] | (uint32_t) l4[9] << 8 | (uint32_t) l4[10] << 16
                       | (uint32_t) l4[11] << 24);
    stored ^= old_crc ^ new_crc;
    l4[8] = stored;
    l4[9] = stored >> 8;
    l4[10] = stored >> 16;
    l4[11] = stored >> 24;
}

static void
set_arp(struct dp_packet *p, const struct ovs_key_arp *key,
        const struct ovs_key_arp *mask)
{
    uint8_t *l3 = dp_packet_l3(p);
    if (!(l3_is(p, ETH_TYPE_ARP) || l3_is(p, ETH_TYPE_RARP))
        || p->size - p->l3_ofs < ARP_ETH_HEADER_LEN) {
        return;
    }
    struct arp_eth_header arp;
    memcpy(&arp, l3, sizeof arp);
    apply_masked((uint8_t *) &arp.ar_spa, &key->arp_sip, &mask->arp_sip, 4);
    apply_masked((uint8_t *) &arp.ar_tpa, &key->arp_tip, &mask->arp_tip, 4);
    apply_masked((uint8_t *) &arp.ar_op, &key->arp_op, &mask->arp_op, 2);
    apply_masked(arp.ar_sha.ea, key->arp_sha, mask->arp_sha, ETH_ADDR_LEN);
    apply_masked(arp.ar_tha.ea, key->arp_tha, mask->arp_tha, ETH_ADDR_LEN);
    memcpy(l3, &arp, sizeof arp);
}

/* ICMP and ICMPv6 type and code: the first two bytes of the header, which
 * the checksum covers as one 16-bit word. */
static void
set_icmp(struct dp_packet *p, uint8_t proto, const uint8_t *key,
         const uint8_t *mask)
{
    uint8_t *l4 = dp_packet_l4(p);
    const uint8_t *l3 = dp_packet_l3(p);
    if (!l4 || dp_packet_l4_size(p) < ICMP_HEADER_LEN) {
        return;
    }
    uint8_t l4_proto = (IP_VER(l3[0]) == 4
                        ? ((const struct ip_header *) l3)->ip_proto
                        : ipv6_l4_proto(p));
    if (l4_proto != proto) {
        return;
    }
    uint8_t old[2] = { l4[0], l4[1] };
    uint8_t new[2];
    new[0] = (old[0] & ~mask[0]) | (key[0] & mask[0]);
    new[1] = (old[1] & ~mask[1]) | (key[1] & mask[1]);
    l4[0] = new[0];
    l4[1] = new[1];
    if (proto == IPPROTO_ICMP || !packet_csum_partial(p)) {
        uint16_t csum = get_u16(l4 + 2);
        put_u16(l4 + 2, csum_update_bytes(csum, old, new, 2));
    }
}

/* Rewrites, under 'mask', the 6-byte link-layer address of every
 * 8-byte option of type 'opt_type' among the ND options of 'l4' (an
 * ICMPv6 NS or NA of 'len' bytes), stopping at the first malformed option
 * as flow extraction does.  Returns the checksum 'csum' updated for the
 * change. */
static uint16_t
set_nd_lladdr(uint8_t *l4, size_t len, uint8_t opt_type,
              const uint8_t *key, const uint8_t *mask, uint16_t csum)
{
    if (is_all_zeros(mask, ETH_ADDR_LEN)) {
        return csum;
    }
    for (size_t ofs = ND_MSG_LEN; len - ofs >= 2; ) {
        size_t opt_len = l4[ofs + 1] * 8;
        if (!opt_len || opt_len > len - ofs) {
            break;
        }
        if (opt_len == 8 && l4[ofs] == opt_type) {
            /* The address sits at an even offset within the message, so
             * the checksum update lines up with its 16-bit words. */
            uint8_t *addr = l4 + ofs + 2;
            uint8_t old[ETH_ADDR_LEN];
            memcpy(old, addr, ETH_ADDR_LEN);
            apply_masked(addr, key, mask, ETH_ADDR_LEN);
            csum = csum_update_bytes(csum, old, addr, ETH_ADDR_LEN);
        }
        ofs += opt_len;
    }
    return csum;
}

/* IPv6 Neighbor Discovery (RFC 4861): the target address of a neighbor
 * solicitation or advertisement, and the source/target link-layer address
 * options where the message has them (none is added).  The ICMPv6
 * checksum covers all of these but no pseudo-header field, which stays as
 * it is; a partial checksum needs nothing, the egress sums the message as
 * it finds it. */
static void
set_nd(struct dp_packet *p, const struct ovs_key_nd *key,
       const struct ovs_key_nd *mask)
{
    uint8_t *l4 = dp_packet_l4(p);
    const uint8_t *l3 = dp_packet_l3(p);
    size_t len = dp_packet_l4_size(p);
    if (!l4 || !l3 || len < ND_MSG_LEN || IP_VER(l3[0]) != 6
        || ipv6_l4_proto(p) != IPPROTO_ICMPV6
        || (l4[0] != ND_NEIGHBOR_SOLICIT && l4[0] != ND_NEIGHBOR_ADVERT)
        || l4[1]) {
        return;
    }

    uint16_t csum = get_u16(l4 + offsetof(struct icmp_header, icmp_csum));
    uint8_t *target = l4 + 8;
    uint8_t old[16];
    memcpy(old, target, sizeof old);
    apply_masked(target, key->nd_target, mask->nd_target, sizeof old);
    csum = csum_update_bytes(csum, old, target, sizeof old);
    csum = set_nd_lladdr(l4, len, ND_OPT_SOURCE_LINKADDR, key->nd_sll,
                         mask->nd_sll, csum);
    csum = set_nd_lladdr(l4, len, ND_OPT_TARGET_LINKADDR, key->nd_tll,
                         mask->nd_tll, csum);
    if (!packet_csum_partial(p)) {
        put_u16(l4 + offsetof(struct icmp_header, icmp_csum), csum);
    }
}

/* MPLS. */

/* Offset in 'p' of the ethertype after the MAC addresses and VLAN tags,
 * or SIZE_MAX for a frame cut short there. */
static size_t
inner_type_ofs(const struct dp_packet *p)
{
    const uint8_t *data = dp_packet_data(p);
    size_t ofs = 2 * ETH_ADDR_LEN;

    for (;;) {
        if (p->size < ofs + 2) {
            return SIZE_MAX;
        }
        if (!eth_type_vlan(get_u16(data + ofs))) {
            return ofs;
        }
        ofs += VLAN_HEADER_LEN;
    }
}

/* The outermost MPLS label stack entry of 'p', or NULL if it has none. */
static uint8_t *
top_lse(struct dp_packet *p)
{
    size_t ofs = inner_type_ofs(p);
    uint8_t *data = dp_packet_data(p);

    if (ofs == SIZE_MAX || !eth_type_mpls(get_u16(data + ofs))
        || p->size < ofs + 2 + MPLS_HLEN) {
        return NULL;
    }
    return data + ofs + 2;
}

/* Inserts label stack entry 'lse' after the tags of 'p', which becomes of
 * type 'ethertype'.  The frame's checksum offload was completed: the
 * entry moves the L4 header away from where a NIC would look for it. */
static void
push_mpls(struct dp_packet *p, ovs_be32 lse, ovs_be16 ethertype)
{
    size_t ofs = inner_type_ofs(p);
    uint8_t *data;

    if (ofs == SIZE_MAX) {
        return;
    }
    dp_packet_csum_complete(p);
    data = dp_packet_push_uninit(p, MPLS_HLEN);
    memmove(data, data + MPLS_HLEN, ofs);
    put_u16(data + ofs, ethertype);
    memcpy(data + ofs + 2, &lse, MPLS_HLEN);
    p->l3_ofs = ofs + 2;
    p->l4_ofs = DP_PACKET_OFS_NONE;
    if (p->has_vnet) {
        p->vnet.flags = 0;
        p->vnet.hdr_len = 0;
        p->vnet.csum_start = p->vnet.csum_offset = 0;
    }
}

/* Removes the outermost label stack entry of 'p', if it has one, and
 * gives the frame type 'ethertype'. */
static void
pop_mpls(struct dp_packet *p, ovs_be16 ethertype)
{
    uint8_t *lse = top_lse(p);
    uint8_t *data = dp_packet_data(p);

    if (!lse) {
        return;
    }
    size_t ofs = lse - data - 2;
    put_u16(data + ofs, ethertype);
    memmove(data + MPLS_HLEN, data, ofs + 2);
    p->data_ofs += MPLS_HLEN;
    p->size -= MPLS_HLEN;

    /* Later actions may rewrite what the label carried: find its L3/L4
     * headers again. */
    struct flow flow;
    uint32_t in_port = p->in_port;
    flow_extract(p, &flow);
    p->in_port = in_port;
}

static void
set_mpls(struct dp_packet *p, const struct ovs_key_mpls *key,
         const struct ovs_key_mpls *mask)
{
    uint8_t *lse = top_lse(p);
    if (lse) {
        apply_masked(lse, &key->mpls_lse, &mask->mpls_lse, MPLS_HLEN);
    }
}

static void
execute_set_masked(struct dp_packet *p, const struct nlattr *a)
{
    const struct nlattr *key = nl_attr_get(a);
    const uint8_t *value = nl_attr_get(key);
    size_t half = nl_attr_get_size(key) / 2;
    const uint8_t *mask = value + half;

    switch (nl_attr_type(key)) {
    case OVS_KEY_ATTR_ETHERNET:
        set_ethernet(p, (const void *) value, (const void *) mask);
        break;
    case OVS_KEY_ATTR_IPV4:
        if (p->l3_ofs != DP_PACKET_OFS_NONE) {
            set_ipv4(p, (const void *) value, (const void *) mask);
        }
        break;
    case OVS_KEY_ATTR_IPV6:
        if (p->l3_ofs != DP_PACKET_OFS_NONE) {
            set_ipv6(p, (const void *) value, (const void *) mask);
        }
        break;
    case OVS_KEY_ATTR_ARP:
        set_arp(p, (const void *) value, (const void *) mask);
        break;
    case OVS_KEY_ATTR_SCTP:
        if (p->l3_ofs != DP_PACKET_OFS_NONE) {
            set_sctp(p, (const void *) value, (const void *) mask);
        }
        break;
    case OVS_KEY_ATTR_ICMP:
    case OVS_KEY_ATTR_ICMPV6:
        if (p->l3_ofs != DP_PACKET_OFS_NONE) {
            set_icmp(p, (nl_attr_type(key) == OVS_KEY_ATTR_ICMP
                         ? IPPROTO_ICMP : IPPROTO_ICMPV6), value, mask);
        }
        break;
    case OVS_KEY_ATTR_ND:
        if (p->l3_ofs != DP_PACKET_OFS_NONE) {
            set_nd(p, (const void *) value, (const void *) mask);
        }
        break;
    case OVS_KEY_ATTR_MPLS:
        set_mpls(p, (const void *) value, (const void *) mask);
        break;
    case OVS_KEY_ATTR_TCP:
    case OVS_KEY_ATTR_UDP: {
        const ovs_be16 *v = (const void *) value;
        const ovs_be16 *m = (const void *) mask;
        if (p->l3_ofs != DP_PACKET_OFS_NONE) {
            set_ports(p, (nl_attr_type(key) == OVS_KEY_ATTR_TCP
                          ? IPPROTO_TCP : IPPROTO_UDP),
                      get_u16(&v[0]), get_u16(&v[1]),
                      get_u16(&m[0]), get_u16(&m[1]));
        }
        break;
    }
    default:
        break;
    }
}

static void
execute_set(struct dp_packet *p, const struct nlattr *a)
{
    const struct nlattr *key = nl_attr_get(a);
    switch (nl_attr_type(key)) {
    case OVS_KEY_ATTR_PRIORITY:
        p->skb_priority = nl_attr_get_u32(key);
        break;
    case OVS_KEY_ATTR_SKB_MARK:
        p->pkt_mark = nl_attr_get_u32(key);
        break;
    default:
        break;
    }
}

struct segments {
    struct dp_packet **pkts;
    size_t n, allocated;
};

static void
collect_segment(struct dp_packet *seg, void *segs_)
{
    struct segments *segs = segs_;
    if (segs->n >= segs->allocated) {
        segs->pkts = x2nrealloc(segs->pkts, &segs->allocated,
                                sizeof *segs->pkts);
    }
    segs->pkts[segs->n++] = seg;
}

/* Runs 'actions' on each segment of GSO frame 'packet' (deleted): a label
 * pushed between the IP and Ethernet headers hides the headers a NIC or
 * the kernel would segment by. */
static void
execute_segmented(struct dp_packet *packet, const struct nlattr *actions,
                  size_t actions_len, const struct dp_actions_ops *ops,
                  void *aux)
{
    struct segments segs = { NULL, 0, 0 };

    if (dp_packet_gso_segment(packet, collect_segment, &segs)) {
        ops->drop(aux, packet, DP_DROP_GSO_FAILED);
    }
    dp_packet_delete(packet);
    for (size_t i = 0; i < segs.n; i++) {
        dp_actions_execute(segs.pkts[i], actions, actions_len, ops, aux);
    }
    free(segs.pkts);
}

/* Executes 'actions' on 'packet' (taken over). */
void
dp_actions_execute(struct dp_packet *packet,
                   const struct nlattr *actions, size_t actions_len,
                   const struct dp_actions_ops *ops, void *aux)
{
    enum dp_drop_reason reason = DP_DROP_NO_OUTPUT;
    bool sent = false;
    const struct nlattr *a;
    size_t left;

    NL_ATTR_FOR_EACH (a, left, actions, actions_len) {
        switch (nl_attr_type(a)) {
        case OVS_ACTION_ATTR_OUTPUT: {
            uint32_t port = nl_attr_get_u32(a);
            size_t rest = left - MIN(left, NLA_ALIGN(a->nla_len));
            const struct nlattr *next = nl_attr_next(a);
            bool last = (!rest
                         || (nl_attr_is_valid(next, rest)
                             && nl_attr_type(next) == DP_ACTION_ATTR_DROP));
            if (last) {
                ops->output(aux, packet, port, true);
                return;
            }
            ops->output(aux, packet, port, false);
            sent = true;
            break;
        }
        case OVS_ACTION_ATTR_PUSH_VLAN: {
            const struct ovs_action_push_vlan *vlan = nl_attr_get(a);
            dp_packet_push_vlan(packet, get_u16(&vlan->vlan_tpid),
                                get_u16(&vlan->vlan_tci) & ~htons(VLAN_CFI));
            break;
        }
        case OVS_ACTION_ATTR_POP_VLAN:
            dp_packet_pop_vlan(packet);
            break;
        case OVS_ACTION_ATTR_PUSH_MPLS: {
            const struct ovs_action_push_mpls *m = nl_attr_get(a);
            ovs_be32 lse;
            if (dp_packet_is_gso(packet)) {
                execute_segmented(packet, a, left, ops, aux);
                return;
            }
            memcpy(&lse, &m->mpls_lse, sizeof lse);
            push_mpls(packet, lse, get_u16(&m->mpls_ethertype));
            break;
        }
        case OVS_ACTION_ATTR_POP_MPLS:
            pop_mpls(packet, get_u16(nl_attr_get(a)));
            break;
        case OVS_ACTION_ATTR_SET:
            execute_set(packet, a);
            break;
        case OVS_ACTION_ATTR_SET_MASKED:
            execute_set_masked(packet, a);
            break;
        case OVS_ACTION_ATTR_USERSPACE:
            if (ops->userspace) {
                ops->userspace(aux, packet, a);
            }
            sent = true;
            break;
        case OVS_ACTION_ATTR_METER:
            if (ops->meter && !ops->meter(aux, packet, nl_attr_get_u32(a))) {
                /* Over the rate: what was already sent stays sent. */
                if (!sent) {
                    ops->drop(aux, packet, DP_DROP_POLICER);
                }
                dp_packet_delete(packet);
                return;
            }
            break;
        case DP_ACTION_ATTR_DROP:
            reason = nl_attr_get_u32(a);
            if (reason >= DP_DROP_N_REASONS) {
                reason = DP_DROP_NO_OUTPUT;
            }
            break;
        default:
            break;
        }
    }

    if (!sent) {
        ops->drop(aux, packet, reason);
    }
    dp_packet_delete(packet);
}

/* Returns true if 'actions' outputs to 'port'. */
bool
dp_actions_output_to(const struct nlattr *actions, size_t actions_len,
                     uint32_t port)
{
    const struct nlattr *a;
    size_t left;

    NL_ATTR_FOR_EACH (a, left, actions, actions_len) {
        if (nl_attr_type(a) == OVS_ACTION_ATTR_OUTPUT
            && nl_attr_get_size(a) == 4 && nl_attr_get_u32(a) == port) {
            return true;
        }
    }
    return false;
}

/* Validation. */

static size_t
set_masked_key_size(uint16_t type)
{
    switch (type) {
    case OVS_KEY_ATTR_ETHERNET:
        return sizeof(struct ovs_key_ethernet);
    case OVS_KEY_ATTR_IPV4:
        return sizeof(struct ovs_key_ipv4);
    case OVS_KEY_ATTR_IPV6:
        return sizeof(struct ovs_key_ipv6);
    case OVS_KEY_ATTR_TCP:
        return sizeof(struct ovs_key_tcp);
    case OVS_KEY_ATTR_UDP:
        return sizeof(struct ovs_key_udp);
    case OVS_KEY_ATTR_ARP:
        return sizeof(struct ovs_key_arp);
    case OVS_KEY_ATTR_SCTP:
        return sizeof(struct ovs_key_sctp);
    case OVS_KEY_ATTR_ICMP:
        return sizeof(struct ovs_key_icmp);
    case OVS_KEY_ATTR_ICMPV6:
        return sizeof(struct ovs_key_icmpv6);
    case OVS_KEY_ATTR_ND:
        return sizeof(struct ovs_key_nd);
    case OVS_KEY_ATTR_MPLS:
        return sizeof(struct ovs_key_mpls);
    default:
        return 0;
    }
}

/* A nested attribute that holds exactly one attribute: returns it. */
static const struct nlattr *
single_nested(const struct nlattr *a)
{
    const struct nlattr *inner = nl_attr_get(a);
    size_t len = nl_attr_get_size(a);
    if (!nl_attr_is_valid(inner, len) || NLA_ALIGN(inner->nla_len) < len) {
        return NULL;
    }
    return inner;
}

static bool
validate_set_masked(const struct nlattr *a)
{
    const struct nlattr *key = single_nested(a);
    if (!key) {
        return false;
    }
    size_t size = set_masked_key_size(nl_attr_type(key));
    if (!size || nl_attr_get_size(key) != 2 * size) {
        return false;
    }
    if (nl_attr_type(key) == OVS_KEY_ATTR_IPV4) {
        const struct ovs_key_ipv4 *mask
            = (const void *) ((const uint8_t *) nl_attr_get(key) + size);
        return !mask->ipv4_proto && !mask->ipv4_frag;
    } else if (nl_attr_type(key) == OVS_KEY_ATTR_IPV6) {
        const struct ovs_key_ipv6 *value = nl_attr_get(key);
        const struct ovs_key_ipv6 *mask
            = (const void *) ((const uint8_t *) nl_attr_get(key) + size);
        /* The flow label has 20 bits: a list with more could not be
         * printed so that it reads back (nor would the kernel take it). */
        return (!mask->ipv6_proto && !mask->ipv6_frag
                && !((value->ipv6_label | mask->ipv6_label)
                     & ~htonl(0xfffff)));
    }
    return true;
}

static bool
validate_set(const struct nlattr *a)
{
    const struct nlattr *key = single_nested(a);
    return (key
            && (nl_attr_type(key) == OVS_KEY_ATTR_PRIORITY
                || nl_attr_type(key) == OVS_KEY_ATTR_SKB_MARK)
            && nl_attr_get_size(key) == 4);
}

static bool
validate_userspace(const struct nlattr *a)
{
    const struct nlattr *u;
    size_t left;
    bool has_pid = false;

    if (!nl_attr_list_is_valid(nl_attr_get(a), nl_attr_get_size(a))) {
        return false;
    }
    NL_ATTR_FOR_EACH (u, left, nl_attr_get(a), nl_attr_get_size(a)) {
        switch (nl_attr_type(u)) {
        case OVS_USERSPACE_ATTR_PID:
            if (nl_attr_get_size(u) != 4) {
                return false;
            }
            has_pid = true;
            break;
        case OVS_USERSPACE_ATTR_USERDATA:
            break;
        case OVS_USERSPACE_ATTR_ACTIONS:
            if (nl_attr_get_size(u)) {
                return false;
            }
            break;
        default:
            return false;
        }
    }
    return has_pid;
}

/* Returns true if 'actions' is a well-formed list of known actions. */
bool
dp_actions_validate(const struct nlattr *actions, size_t actions_len)
{
    const struct nlattr *a;
    size_t left;

    if (!actions_len) {
        return true;
    }
    if (!actions || !nl_attr_list_is_valid(actions, actions_len)) {
        return false;
    }
    NL_ATTR_FOR_EACH_UNSAFE (a, left, actions, actions_len) {
        size_t size = nl_attr_get_size(a);
        switch (nl_attr_type(a)) {
        case OVS_ACTION_ATTR_OUTPUT:
            if (size != 4) {
                return false;
            }
            break;
        case OVS_ACTION_ATTR_PUSH_VLAN: {
            if (size != sizeof(struct ovs_action_push_vlan)) {
                return false;
            }
            const struct ovs_action_push_vlan *vlan = nl_attr_get(a);
            ovs_be16 tpid = get_u16(&vlan->vlan_tpid);
            if (!eth_type_vlan(tpid)
                || !(get_u16(&vlan->vlan_tci) & htons(VLAN_CFI))) {
                return false;
            }
            break;
        }
        case OVS_ACTION_ATTR_POP_VLAN:
            if (size) {
                return false;
            }
            break;
        case OVS_ACTION_ATTR_PUSH_MPLS: {
            if (size != sizeof(struct ovs_action_push_mpls)) {
                return false;
            }
            const struct ovs_action_push_mpls *m = nl_attr_get(a);
            if (!eth_type_mpls(get_u16(&m->mpls_ethertype))) {
                return false;
            }
            break;
        }
        case OVS_ACTION_ATTR_POP_MPLS:
            /* What the label carried may be anything but a VLAN tag. */
            if (size != 2 || eth_type_vlan(get_u16(nl_attr_get(a)))
                || ntohs(get_u16(nl_attr_get(a))) < ETH_TYPE_MIN) {
                return false;
            }
            break;
        case OVS_ACTION_ATTR_METER:
            if (size != 4) {
                return false;
            }
            break;
        case OVS_ACTION_ATTR_SET:
            if (!validate_set(a)) {
                return false;
            }
            break;
        case OVS_ACTION_ATTR_SET_MASKED:
            if (!validate_set_masked(a)) {
                return false;
            }
            break;
        case OVS_ACTION_ATTR_USERSPACE:
            if (!validate_userspace(a)) {
                return false;
            }
            break;
        case DP_ACTION_ATTR_DROP:
            if (size != 4 || nl_attr_get_u32(a) >= DP_DROP_N_REASONS
                || NLA_ALIGN(a->nla_len) != left) {
                return false;
            }
            break;
        default:
            return false;
        }
    }
    return true;
}

/* Formatting. */

/* Field printers for "set(...)": each prints "NAME=VALUE[/MASK]," unless
 * the mask is all zeros. */
static void
format_eth_field(struct ds *ds, const char *name, const uint8_t *v,
                 const uint8_t *m)
{
    if (is_all_zeros(m, ETH_ADDR_LEN)) {
        return;
    }
    ds_put_format(ds, "%s="ETH_ADDR_FMT, name,
                  v[0], v[1], v[2], v[3], v[4], v[5]);
    if (!is_all_ones(m, ETH_ADDR_LEN)) {
        ds_put_format(ds, "/"ETH_ADDR_FMT,
                      m[0], m[1], m[2], m[3], m[4], m[5]);
    }
    ds_put_char(ds, ',');
}

static void
format_ip_field(struct ds *ds, const char *name, int af, const void *v,
                const void *m)
{
    size_t n = af == AF_INET ? 4 : 16;
    char buf[INET6_ADDRSTRLEN];

    if (is_all_zeros(m, n)) {
        return;
    }
    inet_ntop(af, v, buf, sizeof buf);
    ds_put_format(ds, "%s=%s", name, buf);
    if (!is_all_ones(m, n)) {
        inet_ntop(af, m, buf, sizeof buf);
        ds_put_format(ds, "/%s", buf);
    }
    ds_put_char(ds, ',');
}

static void
format_int_field(struct ds *ds, const char *name, uint32_t v, uint32_t m,
                 uint32_t all, bool hex)
{
    if (!m) {
        return;
    }
    ds_put_format(ds, hex ? "%s=%#"PRIx32 : "%s=%"PRIu32, name, v);
    if (m != all) {
        ds_put_format(ds, "/%#"PRIx32, m);
    }
    ds_put_char(ds, ',');
}

static uint32_t
get_lse(const void *p)
{
    ovs_be32 x;
    memcpy(&x, p, sizeof x);
    return ntohl(x);
}

static void
format_set_masked(struct ds *ds, const struct nlattr *a)
{
    const struct nlattr *key = nl_attr_get(a);
    const uint8_t *value = nl_attr_get(key);
    const uint8_t *mask = value + nl_attr_get_size(key) / 2;
    size_t start;

    ds_put_cstr(ds, "set(");
    switch (nl_attr_type(key)) {
    case OVS_KEY_ATTR_ETHERNET: {
        const struct ovs_key_ethernet *v = (const void *) value;
        const struct ovs_key_ethernet *m = (const void *) mask;
        ds_put_cstr(ds, "eth(");
        start = ds->length;
        format_eth_field(ds, "src", v->eth_src, m->eth_src);
        format_eth_field(ds, "dst", v->eth_dst, m->eth_dst);
        break;
    }
    case OVS_KEY_ATTR_IPV4: {
        const struct ovs_key_ipv4 *v = (const void *) value;
        const struct ovs_key_ipv4 *m = (const void *) mask;
        ds_put_cstr(ds, "ipv4(");
        start = ds->length;
        format_ip_field(ds, "src", AF_INET, &v->ipv4_src, &m->ipv4_src);
        format_ip_field(ds, "dst", AF_INET, &v->ipv4_dst, &m->ipv4_dst);
        format_int_field(ds, "tos", v->ipv4_tos, m->ipv4_tos, 0xff, true);
        format_int_field(ds, "ttl", v->ipv4_ttl, m->ipv4_ttl, 0xff, false);
        break;
    }
    case OVS_KEY_ATTR_IPV6: {
        const struct ovs_key_ipv6 *v = (const void *) value;
        const struct ovs_key_ipv6 *m = (const void *) mask;
        ds_put_cstr(ds, "ipv6(");
        start = ds->length;
        format_ip_field(ds, "src", AF_INET6, v->ipv6_src, m->ipv6_src);
        format_ip_field(ds, "dst", AF_INET6, v->ipv6_dst, m->ipv6_dst);
        format_int_field(ds, "label", ntohl(v->ipv6_label),
                         ntohl(m->ipv6_label), 0xfffff, true);
        format_int_field(ds, "tclass", v->ipv6_tclass, m->ipv6_tclass, 0xff,
                         true);
        format_int_field(ds, "hlimit", v->ipv6_hlimit, m->ipv6_hlimit, 0xff,
                         false);
        break;
    }
    case OVS_KEY_ATTR_TCP:
    case OVS_KEY_ATTR_UDP:
    case OVS_KEY_ATTR_SCTP: {
        const ovs_be16 *v = (const void *) value;
        const ovs_be16 *m = (const void *) mask;
        ds_put_cstr(ds, (nl_attr_type(key) == OVS_KEY_ATTR_TCP ? "tcp("
                         : nl_attr_type(key) == OVS_KEY_ATTR_UDP ? "udp("
                         : "sctp("));
        start = ds->length;
        format_int_field(ds, "src", ntohs(get_u16(&v[0])),
                         ntohs(get_u16(&m[0])), 0xffff, false);
        format_int_field(ds, "dst", ntohs(get_u16(&v[1])),
                         ntohs(get_u16(&m[1])), 0xffff, false);
        break;
    }
    case OVS_KEY_ATTR_ARP: {
        const struct ovs_key_arp *v = (const void *) value;
        const struct ovs_key_arp *m = (const void *) mask;
        ds_put_cstr(ds, "arp(");
        start = ds->length;
        format_ip_field(ds, "sip", AF_INET, &v->arp_sip, &m->arp_sip);
        format_ip_field(ds, "tip", AF_INET, &v->arp_tip, &m->arp_tip);
        format_int_field(ds, "op", ntohs(get_u16(&v->arp_op)),
                         ntohs(get_u16(&m->arp_op)), 0xffff, false);
        format_eth_field(ds, "sha", v->arp_sha, m->arp_sha);
        format_eth_field(ds, "tha", v->arp_tha, m->arp_tha);
        break;
    }
    case OVS_KEY_ATTR_ICMP:
    case OVS_KEY_ATTR_ICMPV6:
        ds_put_cstr(ds, nl_attr_type(key) == OVS_KEY_ATTR_ICMP
                    ? "icmp(" : "icmpv6(");
        start = ds->length;
        format_int_field(ds, "type", value[0], mask[0], 0xff, false);
        format_int_field(ds, "code", value[1], mask[1], 0xff, false);
        break;
    case OVS_KEY_ATTR_MPLS:
        ds_put_cstr(ds, "mpls(");
        start = ds->length;
        mpls_lse_format(ds, get_lse(value), get_lse(mask));
        break;
    case OVS_KEY_ATTR_ND: {
        const struct ovs_key_nd *v = (const void *) value;
        const struct ovs_key_nd *m = (const void *) mask;
        ds_put_cstr(ds, "nd(");
        start = ds->length;
        format_ip_field(ds, "target", AF_INET6, v->nd_target, m->nd_target);
        format_eth_field(ds, "sll", v->nd_sll, m->nd_sll);
        format_eth_field(ds, "tll", v->nd_tll, m->nd_tll);
        break;
    }
    default:
        ds_put_format(ds, "key%u(", nl_attr_type(key));
        start = ds->length;
        break;
    }
    if (ds->length > start) {
        ds_chomp(ds, ',');
    }
    ds_put_cstr(ds, "))");
}

static void
format_userspace(struct ds *ds, const struct nlattr *a)
{
    const struct nlattr *u;
    size_t left;

    ds_put_cstr(ds, "userspace(");
    NL_ATTR_FOR_EACH (u, left, nl_attr_get(a), nl_attr_get_size(a)) {
        switch (nl_attr_type(u)) {
        case OVS_USERSPACE_ATTR_PID:
            ds_put_format(ds, "pid=%"PRIu32",", nl_attr_get_u32(u));
            break;
        case OVS_USERSPACE_ATTR_USERDATA: {
            const uint8_t *data = nl_attr_get(u);
            ds_put_cstr(ds, "userdata(");
            for (size_t i = 0; i < nl_attr_get_size(u); i++) {
                ds_put_format(ds, "%02x", data[i]);
            }
            ds_put_cstr(ds, "),");
            break;
        }
        case OVS_USERSPACE_ATTR_ACTIONS:
            ds_put_cstr(ds, "actions,");
            break;
        default:
            ds_put_format(ds, "attr%u,", nl_attr_type(u));
            break;
        }
    }
    ds_chomp(ds, ',');
    ds_put_char(ds, ')');
}

/* Appends the text form of 'actions' to 'ds'. */
void
dp_actions_format(struct ds *ds, const struct nlattr *actions,
                  size_t actions_len,
                  const char *(*port_name)(uint32_t port, void *aux),
                  void *aux)
{
    const struct nlattr *a;
    size_t left;

    if (!actions_len) {
        ds_put_cstr(ds, "drop");
        return;
    }
    NL_ATTR_FOR_EACH (a, left, actions, actions_len) {
        if (a != actions) {
            ds_put_char(ds, ',');
        }
        size_t size = nl_attr_get_size(a);
        switch (nl_attr_type(a)) {
        case OVS_ACTION_ATTR_OUTPUT: {
            uint32_t port = size == 4 ? nl_attr_get_u32(a) : UINT32_MAX;
            const char *name = port_name ? port_name(port, aux) : NULL;
            if (name) {
                ds_put_cstr(ds, name);
            } else {
                ds_put_format(ds, "%"PRIu32, port);
            }
            break;
        }
        case OVS_ACTION_ATTR_PUSH_VLAN: {
            const struct ovs_action_push_vlan *vlan = nl_attr_get(a);
            ovs_be16 tpid = get_u16(&vlan->vlan_tpid);
            ovs_be16 tci = get_u16(&vlan->vlan_tci);
            ds_put_cstr(ds, "push_vlan(");
            if (tpid != htons(ETH_TYPE_VLAN_8021Q)) {
                ds_put_format(ds, "tpid=%#"PRIx16",", ntohs(tpid));
            }
            ds_put_format(ds, "vid=%d,pcp=%d", vlan_tci_to_vid(tci),
                          vlan_tci_to_pcp(tci));
            if (!(tci & htons(VLAN_CFI))) {
                ds_put_cstr(ds, ",cfi=0");
            }
            ds_put_char(ds, ')');
            break;
        }
        case OVS_ACTION_ATTR_POP_VLAN:
            ds_put_cstr(ds, "pop_vlan");
            break;
        case OVS_ACTION_ATTR_PUSH_MPLS: {
            const struct ovs_action_push_mpls *m = nl_attr_get(a);
            ds_put_cstr(ds, "push_mpls(");
            mpls_lse_format(ds, get_lse(&m->mpls_lse), UINT32_MAX);
            ds_put_format(ds, ",eth_type=0x%"PRIx16")",
                          ntohs(get_u16(&m->mpls_ethertype)));
            break;
        }
        case OVS_ACTION_ATTR_POP_MPLS:
            ds_put_format(ds, "pop_mpls(eth_type=0x%"PRIx16")",
                          size == 2 ? ntohs(get_u16(nl_attr_get(a))) : 0);
            break;
        case OVS_ACTION_ATTR_METER:
            ds_put_format(ds, "meter(%"PRIu32")",
                          size == 4 ? nl_attr_get_u32(a) : 0);
            break;
        case OVS_ACTION_ATTR_SET: {
            const struct nlattr *key = single_nested(a);
            uint32_t v = (key && nl_attr_get_size(key) == 4
                          ? nl_attr_get_u32(key) : 0);
            if (key && nl_attr_type(key) == OVS_KEY_ATTR_PRIORITY) {
                ds_put_format(ds, "set(skb_priority(%#"PRIx32"))", v);
            } else if (key && nl_attr_type(key) == OVS_KEY_ATTR_SKB_MARK) {
                ds_put_format(ds, "set(skb_mark(%#"PRIx32"))", v);
            } else {
                ds_put_cstr(ds, "set(?)");
            }
            break;
        }
        case OVS_ACTION_ATTR_SET_MASKED:
            if (validate_set_masked(a)) {
                format_set_masked(ds, a);
            } else {
                ds_put_cstr(ds, "set(?)");
            }
            break;
        case OVS_ACTION_ATTR_USERSPACE:
            format_userspace(ds, a);
            break;
        case DP_ACTION_ATTR_DROP: {
            const char *name = (size == 4
                                ? dp_drop_reason_name(nl_attr_get_u32(a))
                                : NULL);
            ds_put_format(ds, "drop(%s)", name ? name : "?");
            break;
        }
        default:
            ds_put_format(ds, "action%u(len=%zu)", nl_attr_type(a), size);
            break;
        }
    }
}

/* Parsing. */

/* Splits 's' at commas that are not inside parentheses into a new array
 * of new strings (white space around items trimmed).  Returns NULL on
 * unbalanced parentheses. */
static char **
split_top(const char *s, size_t *n)
{
    char **items = NULL;
    size_t allocated = 0;
    int depth = 0;
    const char *start = s;

    *n = 0;
    for (const char *p = s; ; p++) {
        if (*p == '(') {
            depth++;
        } else if (*p == ')') {
            if (--depth < 0) {
                goto error;
            }
        } else if ((*p == ',' && !depth) || !*p) {
            const char *b = start, *e = p;
            while (b < e && isspace((unsigned char) *b)) {
                b++;
            }
            while (e > b && isspace((unsigned char) e[-1])) {
                e--;
            }
            if (*n >= allocated) {
                items = x2nrealloc(items, &allocated, sizeof *items);
            }
            items[(*n)++] = xmemdup0(b, e - b);
            start = p + 1;
            if (!*p) {
                break;
            }
        }
    }
    if (depth) {
        goto error;
    }
    return items;

error:
    for (size_t i = 0; i < *n; i++) {
        free(items[i]);
    }
    free(items);
    *n = 0;
    return NULL;
}

static void
free_items(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i]);
    }
    free(items);
}

/* If 'item' is "NAME(ARGS)", returns ARGS (in 'item', modified) and
 * true; else false. */
static bool
take_call(char *item, const char *name, char **args)
{
    size_t len = strlen(name);
    size_t n = strlen(item);
    if (!strncmp(item, name, len) && item[len] == '(' && n > len + 1
        && item[n - 1] == ')') {
        item[n - 1] = '\0';
        *args = item + len + 1;
        return true;
    }
    return false;
}

static bool
parse_uint(const char *s, uint32_t max, uint32_t *value)
{
    unsigned long long int x;
    if (!str_to_ullong(s, 0, &x) || x > max) {
        return false;
    }
    *value = x;
    return true;
}

/* Parses "VALUE[/MASK]" of a field of 'n' bytes with 'kind' 'e'thernet,
 * '4' IPv4, '6' IPv6, or 'u' integer no larger than 'max' (stored in
 * network order in 'n' bytes).  The mask defaults to all ones; with a
 * zero mask the value is zero. */
static char *
parse_field(const char *name, const char *text, char kind, uint32_t max,
            void *value, void *mask, size_t n)
{
    char *copy = xstrdup(text);
    char *slash = strchr(copy, '/');
    char *parts[2] = { copy, slash ? slash + 1 : NULL };
    void *dst[2] = { value, mask };
    char *error = NULL;

    if (slash) {
        *slash = '\0';
    }
    memset(mask, 0xff, n);
    for (int i = 0; i < 2 && parts[i]; i++) {
        bool ok;
        if (kind == 'e') {
            ok = eth_addr_from_string(parts[i], dst[i]);
        } else if (kind == '4') {
            ok = inet_pton(AF_INET, parts[i], dst[i]) == 1;
        } else if (kind == '6') {
            ok = inet_pton(AF_INET6, parts[i], dst[i]) == 1;
        } else {
            uint32_t x;
            ok = parse_uint(parts[i], max, &x);
            if (ok && n == 1) {
                *(uint8_t *) dst[i] = x;
            } else if (ok && n == 2) {
                put_u16(dst[i], htons(x));
            } else if (ok) {
                x = htonl(x);
                memcpy(dst[i], &x, 4);
            }
        }
        if (!ok) {
            error = xasprintf("%s: bad value \"%s\"", name, parts[i]);
            break;
        }
    }
    if (!error && kind == 'u' && !slash) {
        /* An integer field's full mask is its maximum. */
        uint32_t m = max;
        if (n == 1) {
            *(uint8_t *) mask = m;
        } else if (n == 2) {
            put_u16(mask, htons(m));
        } else {
            m = htonl(m);
            memcpy(mask, &m, 4);
        }
    }
    if (!error && is_all_zeros(mask, n)) {
        /* The field changes nothing and does not print: drop its value,
         * so that the list's text reads back to the same bytes. */
        memset(value, 0, n);
    }
    free(copy);
    return error;
}

/* Calls 'parse_kv' with the KEY and VALUE of each "KEY=VALUE" item of the
 * comma-separated 'args', stopping at the first error, which it returns.
 * Empty (or blank) 'args' has no items: a set() whose mask is all zeros
 * prints as "set(ipv4())". */
static char *
parse_kv_items(const char *args,
               char *(*parse_kv)(const char *key, const char *value,
                                 void *aux),
               void *aux)
{
    size_t n;
    char **items = split_top(args, &n);
    char *error = NULL;

    if (!items) {
        return xasprintf("unbalanced parentheses in \"%s\"", args);
    }
    if (n == 1 && !items[0][0]) {
        free_items(items, n);
        return NULL;
    }
    for (size_t i = 0; i < n && !error; i++) {
        char *eq = strchr(items[i], '=');
        if (!eq) {
            error = xasprintf("unknown field \"%s\"", items[i]);
        } else {
            *eq = '\0';
            error = parse_kv(items[i], eq + 1, aux);
        }
    }
    free_items(items, n);
    return error;
}

struct set_field {
    const char *name;
    char kind;
    uint32_t max;
    size_t offset;
    size_t size;
};

/* The fields of one set() key, and the buffers that parse_set_field() fills
 * in for them. */
struct set_fields {
    const struct set_field *fields;
    size_t n_fields;
    uint8_t *value;
    uint8_t *mask;
};

static char *
parse_set_field(const char *key, const char *text, void *sf_)
{
    const struct set_fields *sf = sf_;

    for (size_t i = 0; i < sf->n_fields; i++) {
        const struct set_field *f = &sf->fields[i];
        if (!strcmp(key, f->name)) {
            return parse_field(f->name, text, f->kind, f->max,
                               sf->value + f->offset, sf->mask + f->offset,
                               f->size);
        }
    }
    return xasprintf("unknown field \"%s\"", key);
}

#define FIELD(NAME, KIND, MAX, STRUCT, MEMBER)                          \
    { NAME, KIND, MAX, offsetof(struct STRUCT, MEMBER),                 \
      sizeof ((struct STRUCT *) 0)->MEMBER }

static const struct set_field eth_fields[] = {
    FIELD("src", 'e', 0, ovs_key_ethernet, eth_src),
    FIELD("dst", 'e', 0, ovs_key_ethernet, eth_dst),
};
static const struct set_field ipv4_fields[] = {
    FIELD("src", '4', 0, ovs_key_ipv4, ipv4_src),
    FIELD("dst", '4', 0, ovs_key_ipv4, ipv4_dst),
    FIELD("tos", 'u', 0xff, ovs_key_ipv4, ipv4_tos),
    FIELD("ttl", 'u', 0xff, ovs_key_ipv4, ipv4_ttl),
};
static const struct set_field ipv6_fields[] = {
    FIELD("src", '6', 0, ovs_key_ipv6, ipv6_src),
    FIELD("dst", '6', 0, ovs_key_ipv6, ipv6_dst),
    FIELD("label", 'u', 0xfffff, ovs_key_ipv6, ipv6_label),
    FIELD("tclass", 'u', 0xff, ovs_key_ipv6, ipv6_tclass),
    FIELD("hlimit", 'u', 0xff, ovs_key_ipv6, ipv6_hlimit),
};
static const struct set_field tcp_fields[] = {
    FIELD("src", 'u', 0xffff, ovs_key_tcp, tcp_src),
    FIELD("dst", 'u', 0xffff, ovs_key_tcp, tcp_dst),
};
static const struct set_field udp_fields[] = {
    FIELD("src", 'u', 0xffff, ovs_key_udp, udp_src),
    FIELD("dst", 'u', 0xffff, ovs_key_udp, udp_dst),
};

static const struct set_field sctp_fields[] = {
    FIELD("src", 'u', 0xffff, ovs_key_sctp, sctp_src),
    FIELD("dst", 'u', 0xffff, ovs_key_sctp, sctp_dst),
};
static const struct set_field arp_fields[] = {
    FIELD("sip", '4', 0, ovs_key_arp, arp_sip),
    FIELD("tip", '4', 0, ovs_key_arp, arp_tip),
    FIELD("op", 'u', 0xffff, ovs_key_arp, arp_op),
    FIELD("sha", 'e', 0, ovs_key_arp, arp_sha),
    FIELD("tha", 'e', 0, ovs_key_arp, arp_tha),
};
static const struct set_field icmp_fields[] = {
    FIELD("type", 'u', 0xff, ovs_key_icmp, icmp_type),
    FIELD("code", 'u', 0xff, ovs_key_icmp, icmp_code),
};
static const struct set_field icmpv6_fields[] = {
    FIELD("type", 'u', 0xff, ovs_key_icmpv6, icmpv6_type),
    FIELD("code", 'u', 0xff, ovs_key_icmpv6, icmpv6_code),
};

static const struct set_field nd_fields[] = {
    FIELD("target", '6', 0, ovs_key_nd, nd_target),
    FIELD("sll", 'e', 0, ovs_key_nd, nd_sll),
    FIELD("tll", 'e', 0, ovs_key_nd, nd_tll),
};

/* A label stack entry (and for push_mpls, its ethertype) being parsed. */
struct lse_parse {
    uint32_t lse, mask;
    uint32_t *ethertype;
};

static char *
parse_lse_item(const char *key, const char *value, void *lp_)
{
    struct lse_parse *lp = lp_;

    if (lp->ethertype && !strcmp(key, "eth_type")) {
        return (parse_uint(value, UINT16_MAX, lp->ethertype) ? NULL
                : xasprintf("bad eth_type \"%s\"", value));
    }
    return mpls_lse_parse_subfield(key, value, &lp->lse, &lp->mask);
}

/* Parses "label=,tc=,ttl=,bos=" (each "VALUE[/MASK]", any subset) and,
 * if 'ethertype' is nonnull, "eth_type=" into a label stack entry and its
 * mask (host order). */
static char *
parse_lse(const char *args, uint32_t *lse, uint32_t *mask,
          uint32_t *ethertype)
{
    struct lse_parse lp = { 0, 0, ethertype };
    char *error = parse_kv_items(args, parse_lse_item, &lp);

    *lse = lp.lse;
    *mask = lp.mask;
    return error;
}

static char *
parse_set(char *args, struct ofpbuf *actions)
{
    static const struct {
        const char *name;
        uint16_t type;
        const struct set_field *fields;
        size_t n_fields;
        size_t size;
    } keys[] = {
        { "eth", OVS_KEY_ATTR_ETHERNET, eth_fields, ARRAY_SIZE(eth_fields),
          sizeof(struct ovs_key_ethernet) },
        { "ipv4", OVS_KEY_ATTR_IPV4, ipv4_fields, ARRAY_SIZE(ipv4_fields),
          sizeof(struct ovs_key_ipv4) },
        { "ipv6", OVS_KEY_ATTR_IPV6, ipv6_fields, ARRAY_SIZE(ipv6_fields),
          sizeof(struct ovs_key_ipv6) },
        { "tcp", OVS_KEY_ATTR_TCP, tcp_fields, ARRAY_SIZE(tcp_fields),
          sizeof(struct ovs_key_tcp) },
        { "udp", OVS_KEY_ATTR_UDP, udp_fields, ARRAY_SIZE(udp_fields),
          sizeof(struct ovs_key_udp) },
        { "arp", OVS_KEY_ATTR_ARP, arp_fields, ARRAY_SIZE(arp_fields),
          sizeof(struct ovs_key_arp) },
        { "sctp", OVS_KEY_ATTR_SCTP, sctp_fields, ARRAY_SIZE(sctp_fields),
          sizeof(struct ovs_key_sctp) },
        { "icmpv6", OVS_KEY_ATTR_ICMPV6, icmpv6_fields,
          ARRAY_SIZE(icmpv6_fields), sizeof(struct ovs_key_icmpv6) },
        { "icmp", OVS_KEY_ATTR_ICMP, icmp_fields, ARRAY_SIZE(icmp_fields),
          sizeof(struct ovs_key_icmp) },
        { "nd", OVS_KEY_ATTR_ND, nd_fields, ARRAY_SIZE(nd_fields),
          sizeof(struct ovs_key_nd) },
    };
    char *inner;
    uint32_t x;

    if (take_call(args, "skb_priority", &inner)
        || take_call(args, "skb_mark", &inner)) {
        uint16_t type = (args[4] == 'p' ? OVS_KEY_ATTR_PRIORITY
                         : OVS_KEY_ATTR_SKB_MARK);
        if (!parse_uint(inner, UINT32_MAX, &x)) {
            return xasprintf("bad value \"%s\"", inner);
        }
        size_t ofs = nl_msg_start_nested(actions, OVS_ACTION_ATTR_SET);
        nl_msg_put_u32(actions, type, x);
        nl_msg_end_nested(actions, ofs);
        return NULL;
    }

    if (take_call(args, "mpls", &inner)) {
        uint32_t lse, mask;
        char *error = parse_lse(inner, &lse, &mask, NULL);
        if (error) {
            return error;
        }
        ovs_be32 kv[2] = { htonl(lse & mask), htonl(mask) };
        size_t ofs = nl_msg_start_nested(actions, OVS_ACTION_ATTR_SET_MASKED);
        nl_msg_put_unspec(actions, OVS_KEY_ATTR_MPLS, kv, sizeof kv);
        nl_msg_end_nested(actions, ofs);
        return NULL;
    }

    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        if (take_call(args, keys[i].name, &inner)) {
            /* Big enough for the largest key (IPv6). */
            uint8_t value[sizeof(struct ovs_key_ipv6)];
            uint8_t mask[sizeof(struct ovs_key_ipv6)];
            BUILD_ASSERT(sizeof value >= sizeof(struct ovs_key_nd));
            memset(value, 0, sizeof value);
            memset(mask, 0, sizeof mask);

            /* Only the fields given are set: start from an empty mask. */
            struct set_fields sf = { keys[i].fields, keys[i].n_fields,
                                     value, mask };
            char *error = parse_kv_items(inner, parse_set_field, &sf);
            if (error) {
                return error;
            }
            size_t ofs = nl_msg_start_nested(actions,
                                             OVS_ACTION_ATTR_SET_MASKED);
            uint8_t *p = nl_msg_put_unspec_uninit(actions, keys[i].type,
                                                  2 * keys[i].size);
            memcpy(p, value, keys[i].size);
            memcpy(p + keys[i].size, mask, keys[i].size);
            nl_msg_end_nested(actions, ofs);
            return NULL;
        }
    }
    return xasprintf("unknown set action \"%s\"", args);
}

static char *
parse_push_vlan(const char *args, struct ofpbuf *actions)
{
    uint32_t tpid = ETH_TYPE_VLAN_8021Q, vid = 0, pcp = 0, cfi = 1;
    bool has_vid = false;
    size_t n;
    char **items = split_top(args, &n);
    char *error = NULL;

    for (size_t i = 0; i < n && !error; i++) {
        char *eq = strchr(items[i], '=');
        uint32_t *dst = NULL, max = 0;
        if (eq) {
            *eq = '\0';
            if (!strcmp(items[i], "tpid")) {
                dst = &tpid, max = 0xffff;
            } else if (!strcmp(items[i], "vid")) {
                dst = &vid, max = VLAN_VID_MASK, has_vid = true;
            } else if (!strcmp(items[i], "pcp")) {
                dst = &pcp, max = 7;
            } else if (!strcmp(items[i], "cfi")) {
                dst = &cfi, max = 1;
            }
        }
        if (!dst) {
            error = xasprintf("push_vlan: unknown field \"%s\"", items[i]);
        } else if (!parse_uint(eq + 1, max, dst)) {
            error = xasprintf("push_vlan: bad %s \"%s\"", items[i], eq + 1);
        }
    }
    free_items(items, n);
    if (!error && !has_vid) {
        error = xstrdup("push_vlan: vid required");
    }
    if (!error && !cfi) {
        /* The tag pushed has CFI 0 anyway: in the action, the bit says
         * that there is a tag, and a list without it is not valid. */
        error = xstrdup("push_vlan: cfi must be 1");
    }
    if (!error && !eth_type_vlan(htons(tpid))) {
        error = xasprintf("push_vlan: bad tpid %#"PRIx32, tpid);
    }
    if (!error) {
        struct ovs_action_push_vlan vlan;
        put_u16(&vlan.vlan_tpid, htons(tpid));
        put_u16(&vlan.vlan_tci, htons(vid | pcp << VLAN_PCP_SHIFT
                                      | (cfi ? VLAN_CFI : 0)));
        nl_msg_put_unspec(actions, OVS_ACTION_ATTR_PUSH_VLAN, &vlan,
                          sizeof vlan);
    }
    return error;
}

static char *
parse_userspace(const char *args, struct ofpbuf *actions)
{
    size_t n;
    char **items = split_top(args, &n);
    char *error = NULL;
    size_t ofs = nl_msg_start_nested(actions, OVS_ACTION_ATTR_USERSPACE);
    bool has_pid = false;

    for (size_t i = 0; i < n && !error; i++) {
        char *inner;
        uint32_t pid;
        if (!strncmp(items[i], "pid=", 4)) {
            if (!parse_uint(items[i] + 4, UINT32_MAX, &pid)) {
                error = xasprintf("userspace: bad pid \"%s\"", items[i] + 4);
            } else {
                nl_msg_put_u32(actions, OVS_USERSPACE_ATTR_PID, pid);
                has_pid = true;
            }
        } else if (take_call(items[i], "userdata", &inner)) {
            struct ofpbuf data;
            ofpbuf_init(&data, 0);
            if (*ofpbuf_put_hex(&data, inner, NULL)) {
                error = xasprintf("userspace: bad userdata \"%s\"", inner);
            } else {
                nl_msg_put_unspec(actions, OVS_USERSPACE_ATTR_USERDATA,
                                  data.data, data.size);
            }
            ofpbuf_uninit(&data);
        } else if (!strcmp(items[i], "actions")) {
            nl_msg_put_flag(actions, OVS_USERSPACE_ATTR_ACTIONS);
        } else {
            error = xasprintf("userspace: unknown field \"%s\"", items[i]);
        }
    }
    free_items(items, n);
    if (!error && !has_pid) {
        error = xstrdup("userspace: pid required");
    }
    nl_msg_end_nested(actions, ofs);
    return error;
}

static char *
parse_action(char *item, bool last, struct ofpbuf *actions)
{
    char *args;
    uint32_t port;

    if (isdigit((unsigned char) item[0])) {
        if (!parse_uint(item, UINT32_MAX, &port)) {
            return xasprintf("bad port number \"%s\"", item);
        }
        nl_msg_put_u32(actions, OVS_ACTION_ATTR_OUTPUT, port);
    } else if (!strcmp(item, "pop_vlan")) {
        nl_msg_put_flag(actions, OVS_ACTION_ATTR_POP_VLAN);
    } else if (take_call(item, "push_vlan", &args)) {
        return parse_push_vlan(args, actions);
    } else if (take_call(item, "push_mpls", &args)) {
        uint32_t lse, mask, ethertype = ETH_TYPE_MPLS;
        char *error = parse_lse(args, &lse, &mask, &ethertype);
        if (error) {
            char *msg = xasprintf("push_mpls: %s", error);
            free(error);
            return msg;
        }
        if (!eth_type_mpls(htons(ethertype))) {
            return xasprintf("push_mpls: bad eth_type %#"PRIx32, ethertype);
        }
        struct ovs_action_push_mpls m;
        ovs_be32 be_lse = htonl(lse);
        memset(&m, 0, sizeof m);
        memcpy(&m.mpls_lse, &be_lse, sizeof be_lse);
        put_u16(&m.mpls_ethertype, htons(ethertype));
        nl_msg_put_unspec(actions, OVS_ACTION_ATTR_PUSH_MPLS, &m, sizeof m);
    } else if (take_call(item, "pop_mpls", &args)) {
        uint32_t ethertype;
        if (strncmp(args, "eth_type=", 9)
            || !parse_uint(args + 9, UINT16_MAX, &ethertype)) {
            return xasprintf("pop_mpls: bad argument \"%s\"", args);
        }
        /* As dp_actions_validate() requires. */
        if (ethertype < ETH_TYPE_MIN || eth_type_vlan(htons(ethertype))) {
            return xasprintf("pop_mpls: bad eth_type %#"PRIx32, ethertype);
        }
        ovs_be16 et = htons(ethertype);
        nl_msg_put_unspec(actions, OVS_ACTION_ATTR_POP_MPLS, &et, sizeof et);
    } else if (take_call(item, "set", &args)) {
        return parse_set(args, actions);
    } else if (take_call(item, "userspace", &args)) {
        return parse_userspace(args, actions);
    } else if (take_call(item, "meter", &args)) {
        uint32_t id;
        if (!parse_uint(args, UINT32_MAX, &id)) {
            return xasprintf("bad meter id \"%s\"", args);
        }
        nl_msg_put_u32(actions, OVS_ACTION_ATTR_METER, id);
    } else if (take_call(item, "drop", &args)) {
        enum dp_drop_reason reason;
        if (!last) {
            return xstrdup("drop must be the last action");
        }
        if (!dp_drop_reason_from_name(args, &reason)) {
            return xasprintf("unknown drop reason \"%s\"", args);
        }
        nl_msg_put_u32(actions, DP_ACTION_ATTR_DROP, reason);
    } else {
        return xasprintf("unknown action \"%s\"", item);
    }
    return NULL;
}

/* Parses 's' into 'actions'.  Returns NULL or an error message that the
 * caller frees (then 'actions' holds whatever was parsed before). */
char *
dp_actions_parse(const char *s, struct ofpbuf *actions)
{
    size_t n;
    char **items = split_top(s, &n);
    char *error = NULL;

    if (!items) {
        return xasprintf("unbalanced parentheses in \"%s\"", s);
    }
    if (n == 1 && !strcmp(items[0], "drop")) {
        /* An empty list. */
    } else {
        for (size_t i = 0; i < n && !error; i++) {
            if (!items[i][0]) {
                error = xstrdup("empty action");
            } else {
                error = parse_action(items[i], i == n - 1, actions);
            }
        }
    }
    free_items(items, n);
    return error;
}
