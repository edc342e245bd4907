/* flow: see include/osw/flow.h. */
#include <config.h>
#include "osw/flow.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "osw/hash.h"

BUILD_ASSERT(offsetof(struct flow, dl_dst) == 9 * 8);
BUILD_ASSERT(offsetof(struct flow, nw_src) == 12 * 8);
BUILD_ASSERT(offsetof(struct flow, tp_src) == 22 * 8);

/* Word access to flows for hashing and masking. */
typedef uint64_t __attribute__((may_alias)) flow_u64;

static const char *const error_names[] = {
    [FLOW_EXTRACT_OK] = "ok",
    [FLOW_EXTRACT_RUNT] = "runt frame",
    [FLOW_EXTRACT_BAD_VLAN] = "truncated VLAN header",
    [FLOW_EXTRACT_BAD_L3] = "bad L3 header",
    [FLOW_EXTRACT_BAD_L4] = "bad L4 header",
};

/* Returns a short description of 'error'. */
const char *
flow_extract_error_to_string(enum flow_extract_error error)
{
    return ((unsigned int) error < ARRAY_SIZE(error_names)
            ? error_names[error] : "unknown error");
}

/* Flow extraction.
 *
 * Every parser gets the frame start 'data', the offset 'ofs' of its header
 * and 'end', the offset just past the bytes it may look at (the frame end,
 * or the end of the IP payload for L4 parsers), and checks lengths before
 * every read.  Multi-byte fields are copied with memcpy() because frames
 * need not be aligned. */

static inline ovs_be16
get_be16(const uint8_t *p)
{
    ovs_be16 x;
    memcpy(&x, p, sizeof x);
    return x;
}

static inline ovs_be32
get_be32(const uint8_t *p)
{
    ovs_be32 x;
    memcpy(&x, p, sizeof x);
    return x;
}

static bool
parse_icmpv6_nd(const uint8_t *data, size_t ofs, size_t end,
                struct flow *flow)
{
    memcpy(&flow->nd_target, data + ofs + 8, sizeof flow->nd_target);
    ofs += ND_MSG_LEN;
    while (end - ofs >= 2) {
        uint8_t type = data[ofs];
        size_t len = data[ofs + 1] * 8;

        if (!len || len > end - ofs) {
            return false;
        }
        if (len == 8 && type == ND_OPT_SOURCE_LINKADDR) {
            if (!eth_addr_is_zero(flow->arp_sha)) {
                return false;
            }
            memcpy(&flow->arp_sha, data + ofs + 2, ETH_ADDR_LEN);
        } else if (len == 8 && type == ND_OPT_TARGET_LINKADDR) {
            if (!eth_addr_is_zero(flow->arp_tha)) {
                return false;
            }
            memcpy(&flow->arp_tha, data + ofs + 2, ETH_ADDR_LEN);
        }
        ofs += len;
    }
    return true;
}

static enum flow_extract_error
parse_l4(const uint8_t *data, size_t ofs, size_t end, struct flow *flow,
         bool is_ipv6)
{
    size_t left = end - ofs;

    switch (flow->nw_proto) {
    case IPPROTO_TCP: {
        if (left < TCP_HEADER_LEN) {
            return FLOW_EXTRACT_BAD_L4;
        }
        uint16_t ctl = ntohs(get_be16(data + ofs + 12));
        size_t hlen = TCP_OFFSET(ctl) * 4;
        if (hlen < TCP_HEADER_LEN || hlen > left) {
            return FLOW_EXTRACT_BAD_L4;
        }
        flow->tp_src = get_be16(data + ofs);
        flow->tp_dst = get_be16(data + ofs + 2);
        flow->tcp_flags = htons(TCP_FLAGS(ctl));
        break;
    }
    case IPPROTO_UDP:
    case IPPROTO_SCTP:
        if (left < (flow->nw_proto == IPPROTO_UDP
                    ? UDP_HEADER_LEN : SCTP_HEADER_LEN)) {
            return FLOW_EXTRACT_BAD_L4;
        }
        flow->tp_src = get_be16(data + ofs);
        flow->tp_dst = get_be16(data + ofs + 2);
        break;
    case IPPROTO_ICMP:
        if (is_ipv6) {
            break;
        }
        if (left < ICMP_HEADER_LEN) {
            return FLOW_EXTRACT_BAD_L4;
        }
        flow->tp_src = htons(data[ofs]);
        flow->tp_dst = htons(data[ofs + 1]);
        break;
    case IPPROTO_ICMPV6:
        if (!is_ipv6) {
            break;
        }
        if (left < ICMP_HEADER_LEN) {
            return FLOW_EXTRACT_BAD_L4;
        }
        flow->tp_src = htons(data[ofs]);
        flow->tp_dst = htons(data[ofs + 1]);
        if ((data[ofs] == ND_NEIGHBOR_SOLICIT
             || data[ofs] == ND_NEIGHBOR_ADVERT) && !data[ofs + 1]) {
            if (left < ND_MSG_LEN) {
                return FLOW_EXTRACT_BAD_L4;
            }
            if (!parse_icmpv6_nd(data, ofs, end, flow)) {
                /* Malformed options: match on type and code only. */
                memset(&flow->nd_target, 0, sizeof flow->nd_target);
                flow->arp_sha = eth_addr_zero;
                flow->arp_tha = eth_addr_zero;
            }
        }
        break;
    default:
        break;
    }
    return FLOW_EXTRACT_OK;
}

static enum flow_extract_error
parse_ipv4(struct dp_packet *packet, const uint8_t *data, size_t ofs,
           size_t end, struct flow *flow)
{
    if (end - ofs < IP_HEADER_LEN) {
        return FLOW_EXTRACT_BAD_L3;
    }
    const uint8_t *ip = data + ofs;
    size_t ihl = IP_IHL(ip[0]) * 4;
    size_t tot_len = ntohs(get_be16(ip + 2));
    if (IP_VER(ip[0]) != 4 || ihl < IP_HEADER_LEN || tot_len < ihl
        || tot_len > end - ofs) {
        return FLOW_EXTRACT_BAD_L3;
    }

    flow->nw_tos = ip[1];
    flow->nw_ttl = ip[8];
    flow->nw_proto = ip[9];
    flow->nw_src = get_be32(ip + 12);
    flow->nw_dst = get_be32(ip + 16);

    uint16_t frag_off = ntohs(get_be16(ip + 6));
    if (frag_off & (IP_MORE_FRAGMENTS | IP_FRAG_OFF_MASK)) {
        flow->nw_frag = FLOW_NW_FRAG_ANY;
        if (frag_off & IP_FRAG_OFF_MASK) {
            flow->nw_frag |= FLOW_NW_FRAG_LATER;
            return FLOW_EXTRACT_OK;
        }
    }
    packet->l4_ofs = ofs + ihl;
    return parse_l4(data, ofs + ihl, ofs + tot_len, flow, false);
}

static enum flow_extract_error
parse_ipv6(struct dp_packet *packet, const uint8_t *data, size_t ofs,
           size_t end, struct flow *flow)
{
    if (end - ofs < IPV6_HEADER_LEN) {
        return FLOW_EXTRACT_BAD_L3;
    }
    const uint8_t *ip6 = data + ofs;
    uint32_t vtcfl = ntohl(get_be32(ip6));
    size_t plen = ntohs(get_be16(ip6 + 4));
    if (vtcfl >> 28 != 6 || plen > end - ofs - IPV6_HEADER_LEN) {
        return FLOW_EXTRACT_BAD_L3;
    }

    flow->ipv6_label = htonl(vtcfl & 0xfffff);
    flow->nw_tos = vtcfl >> 20;
    flow->nw_ttl = ip6[7];
    memcpy(&flow->ipv6_src, ip6 + 8, sizeof flow->ipv6_src);
    memcpy(&flow->ipv6_dst, ip6 + 24, sizeof flow->ipv6_dst);

    uint8_t nxt = ip6[6];
    end = ofs + IPV6_HEADER_LEN + plen;
    ofs += IPV6_HEADER_LEN;
    for (;;) {
        size_t left = end - ofs, len;

        if (nxt == IPPROTO_HOPOPTS || nxt == IPPROTO_ROUTING
            || nxt == IPPROTO_DSTOPTS || nxt == IPPROTO_AH) {
            if (left < 8) {
                flow->nw_proto = nxt;
                return FLOW_EXTRACT_BAD_L3;
            }
            len = (nxt == IPPROTO_AH
                   ? (data[ofs + 1] + 2) * 4 : (data[ofs + 1] + 1) * 8);
            if (len > left) {
                flow->nw_proto = nxt;
                return FLOW_EXTRACT_BAD_L3;
            }
            nxt = data[ofs];
            ofs += len;
        } else if (nxt == IPPROTO_FRAGMENT) {
            if (left < IPV6_FRAG_HEADER_LEN) {
                flow->nw_proto = nxt;
                return FLOW_EXTRACT_BAD_L3;
            }
            uint16_t offlg = ntohs(get_be16(data + ofs + 2));
            nxt = data[ofs];
            ofs += IPV6_FRAG_HEADER_LEN;
            if (offlg & (IPV6_FRAG_OFF_MASK | IPV6_FRAG_MORE)) {
                flow->nw_frag = FLOW_NW_FRAG_ANY;
                if (offlg & IPV6_FRAG_OFF_MASK) {
                    flow->nw_frag |= FLOW_NW_FRAG_LATER;
                    flow->nw_proto = nxt;
                    return FLOW_EXTRACT_OK;
                }
            }
        } else {
            break;
        }
    }
    flow->nw_proto = nxt;
    packet->l4_ofs = ofs;
    return parse_l4(data, ofs, end, flow, true);
}

static enum flow_extract_error
parse_arp(const uint8_t *data, size_t ofs, size_t end, struct flow *flow)
{
    if (end - ofs < ARP_ETH_HEADER_LEN) {
        return FLOW_EXTRACT_BAD_L3;
    }
    const uint8_t *arp = data + ofs;
    if (get_be16(arp) == htons(ARP_HTYPE_ETH)
        && get_be16(arp + 2) == htons(ETH_TYPE_IP)
        && arp[4] == ETH_ADDR_LEN && arp[5] == 4) {
        uint16_t op = ntohs(get_be16(arp + 6));
        flow->nw_proto = op <= 0xff ? op : 0;
        memcpy(&flow->arp_sha, arp + 8, ETH_ADDR_LEN);
        flow->nw_src = get_be32(arp + 14);
        memcpy(&flow->arp_tha, arp + 18, ETH_ADDR_LEN);
        flow->nw_dst = get_be32(arp + 24);
    }
    return FLOW_EXTRACT_OK;
}

/* Extracts the flow of 'packet' into 'flow' and sets the L3/L4 offsets
 * of 'packet'. */
enum flow_extract_error
flow_extract(struct dp_packet *packet, struct flow *flow)
{
    const uint8_t *data = dp_packet_data(packet);
    size_t size = dp_packet_size(packet);
    size_t ofs;
    ovs_be16 type;

    memset(flow, 0, sizeof *flow);
    flow->in_port = packet->in_port;
    flow->skb_priority = packet->skb_priority;
    flow->pkt_mark = packet->pkt_mark;
    dp_packet_reset_offsets(packet);

    if (OSW_UNLIKELY(size < ETH_HEADER_LEN)) {
        if (size >= 2 * ETH_ADDR_LEN) {
            memcpy(&flow->dl_dst, data, ETH_ADDR_LEN);
            memcpy(&flow->dl_src, data + ETH_ADDR_LEN, ETH_ADDR_LEN);
        }
        return FLOW_EXTRACT_RUNT;
    }
    memcpy(&flow->dl_dst, data, 2 * ETH_ADDR_LEN);  /* dl_dst, dl_src. */
    type = get_be16(data + 2 * ETH_ADDR_LEN);
    ofs = ETH_HEADER_LEN;

    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS && eth_type_vlan(type); i++) {
        if (OSW_UNLIKELY(size - ofs < VLAN_HEADER_LEN)) {
            return FLOW_EXTRACT_BAD_VLAN;
        }
        flow->vlans[i].tpid = type;
        flow->vlans[i].tci = get_be16(data + ofs) | htons(VLAN_CFI);
        type = get_be16(data + ofs + 2);
        ofs += VLAN_HEADER_LEN;
    }

    if (OSW_UNLIKELY(ntohs(type) < ETH_TYPE_MIN)) {
        /* 802.3: a length.  Only LLC+SNAP with OUI 0 carries a type. */
        static const uint8_t snap[6] = { 0xaa, 0xaa, 0x03, 0, 0, 0 };
        if (size - ofs >= LLC_SNAP_HEADER_LEN
            && !memcmp(data + ofs, snap, sizeof snap)
            && ntohs(get_be16(data + ofs + 6)) >= ETH_TYPE_MIN) {
            type = get_be16(data + ofs + 6);
            ofs += LLC_SNAP_HEADER_LEN;
        } else {
            flow->dl_type = htons(FLOW_DL_TYPE_NONE);
            return FLOW_EXTRACT_OK;
        }
    }
    flow->dl_type = type;
    packet->l3_ofs = ofs;

    switch (ntohs(type)) {
    case ETH_TYPE_IP:
        return parse_ipv4(packet, data, ofs, size, flow);
    case ETH_TYPE_IPV6:
        return parse_ipv6(packet, data, ofs, size, flow);
    case ETH_TYPE_ARP:
    case ETH_TYPE_RARP:
        return parse_arp(data, ofs, size, flow);
    case ETH_TYPE_MPLS:
    case ETH_TYPE_MPLS_MCAST:
        /* Only the outermost entry is visible; what it carries is not
         * parsed (it has no type field to say what it is). */
        if (OSW_UNLIKELY(size - ofs < MPLS_HLEN)) {
            return FLOW_EXTRACT_BAD_L3;
        }
        flow->mpls_lse = get_be32(data + ofs);
        return FLOW_EXTRACT_OK;
    default:
        return FLOW_EXTRACT_OK;
    }
}

/* Hashing and masks. */

/* Returns a hash of all of 'flow', with 'basis'. */
uint32_t
flow_hash(const struct flow *flow, uint32_t basis)
{
    const flow_u64 *w = (const flow_u64 *) flow;
    /* Four independent chains let the CPU overlap the multiplications:
     * one chain over 23 words costs about three times as much. */
    uint32_t h0 = basis, h1 = basis ^ 0x5bd1e995;
    uint32_t h2 = basis ^ 0x27d4eb2f, h3 = basis ^ 0x165667b1;
    size_t i;

    for (i = 0; i + 4 <= FLOW_U64S; i += 4) {
        h0 = hash_add64(h0, w[i]);
        h1 = hash_add64(h1, w[i + 1]);
        h2 = hash_add64(h2, w[i + 2]);
        h3 = hash_add64(h3, w[i + 3]);
    }
    for (; i < FLOW_U64S; i++) {
        h0 = hash_add64(h0, w[i]);
    }
    return hash_finish(hash_add(hash_add(hash_add(h0, h1), h2), h3),
                       sizeof *flow);
}

/* Returns a hash of the addresses, IP protocol and ports of 'flow' (the
 * MAC addresses and Ethernet type for non-IP frames), with 'basis'. */
uint32_t
flow_hash_5tuple(const struct flow *flow, uint32_t basis)
{
    uint32_t hash = basis;

    if (flow->dl_type == htons(ETH_TYPE_IP)) {
        hash = hash_add(hash, flow->nw_src);
        hash = hash_add(hash, flow->nw_dst);
    } else if (flow->dl_type == htons(ETH_TYPE_IPV6)) {
        const uint32_t *s = (const uint32_t *) &flow->ipv6_src;
        const uint32_t *d = (const uint32_t *) &flow->ipv6_dst;
        for (int i = 0; i < 4; i++) {
            hash = hash_add(hash, s[i]);
            hash = hash_add(hash, d[i]);
        }
    } else {
        hash = hash_add64(hash, eth_addr_to_uint64(flow->dl_src));
        hash = hash_add64(hash, eth_addr_to_uint64(flow->dl_dst));
        hash = hash_add(hash, flow->dl_type);
        return hash_finish(hash, 20);
    }
    hash = hash_add(hash, flow->nw_proto);
    if (!(flow->nw_frag & FLOW_NW_FRAG_ANY)
        && (flow->nw_proto == IPPROTO_TCP || flow->nw_proto == IPPROTO_UDP
            || flow->nw_proto == IPPROTO_SCTP)) {
        hash = hash_add(hash, (uint32_t) flow->tp_src << 16 | flow->tp_dst);
    }
    return hash_finish(hash, 42);
}

/* Returns true if 'a' and 'b' are equal in every bit that 'wc' has set. */
bool
flow_equal_except(const struct flow *a, const struct flow *b,
                  const struct flow_wildcards *wc)
{
    const flow_u64 *aw = (const flow_u64 *) a;
    const flow_u64 *bw = (const flow_u64 *) b;
    const flow_u64 *mw = (const flow_u64 *) &wc->masks;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        if ((aw[i] ^ bw[i]) & mw[i]) {
            return false;
        }
    }
    return true;
}

/* Zeroes the bits of 'flow' that 'wc' does not have set. */
void
flow_zero_wildcards(struct flow *flow, const struct flow_wildcards *wc)
{
    flow_u64 *fw = (flow_u64 *) flow;
    const flow_u64 *mw = (const flow_u64 *) &wc->masks;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        fw[i] &= mw[i];
    }
}

/* Makes 'wc' look at nothing. */
void
flow_wildcards_init_catchall(struct flow_wildcards *wc)
{
    memset(&wc->masks, 0, sizeof wc->masks);
}

/* Makes 'wc' look at every bit. */
void
flow_wildcards_init_exact(struct flow_wildcards *wc)
{
    memset(&wc->masks, 0xff, sizeof wc->masks);
}

/* Returns true if 'wc' looks at nothing. */
bool
flow_wildcards_is_catchall(const struct flow_wildcards *wc)
{
    const flow_u64 *mw = (const flow_u64 *) &wc->masks;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        if (mw[i]) {
            return false;
        }
    }
    return true;
}

/* Adds to 'dst' every bit that 'src' looks at. */
void
flow_wildcards_or(struct flow_wildcards *dst,
                  const struct flow_wildcards *src)
{
    flow_u64 *dw = (flow_u64 *) &dst->masks;
    const flow_u64 *sw = (const flow_u64 *) &src->masks;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        dw[i] |= sw[i];
    }
}

/* Marks in 'wc' the fields that decide how the rest of 'flow' reads. */
void
flow_wildcards_unwildcard_l3_prereqs(struct flow_wildcards *wc,
                                     const struct flow *flow)
{
    FLOW_WC_SET(wc, dl_type);
    if (flow->dl_type == htons(ETH_TYPE_IP)
        || flow->dl_type == htons(ETH_TYPE_IPV6)) {
        FLOW_WC_SET(wc, nw_proto);
        wc->masks.nw_frag |= FLOW_NW_FRAG_MASK;
    }
}

/* Formatting. */

struct flow_fmt {
    struct ds *s;
    const struct flow *v;       /* The flow, masked. */
    const struct flow *m;       /* The mask. */
    bool exact;                 /* No mask was given. */
    size_t start;               /* Where the flow's text begins in 's'. */
    size_t attr_start;          /* Where the open attribute began. */
    bool attr_empty;            /* No subfield printed in it yet. */
};

static void
put_attr_sep(struct flow_fmt *f)
{
    if (f->s->length > f->start && ds_last(f->s) != '(') {
        ds_put_char(f->s, ',');
    }
}

/* Starts attribute 'name(' with subfields to follow. */
static void
attr_open(struct flow_fmt *f, const char *name)
{
    f->attr_start = f->s->length;
    put_attr_sep(f);
    ds_put_format(f->s, "%s(", name);
    f->attr_empty = true;
}

/* Closes the attribute, or removes it if no subfield was printed. */
static void
attr_close(struct flow_fmt *f)
{
    if (f->attr_empty) {
        ds_truncate(f->s, f->attr_start);
    } else {
        ds_put_char(f->s, ')');
    }
}

/* Starts subfield 'name=' if its mask of 'n' bytes at 'mask' is nonzero;
 * returns whether it did. */
static bool
sub_open(struct flow_fmt *f, const char *name, const void *mask, size_t n)
{
    if (is_all_zeros(mask, n)) {
        return false;
    }
    if (!f->attr_empty) {
        ds_put_char(f->s, ',');
    }
    f->attr_empty = false;
    ds_put_format(f->s, "%s=", name);
    return true;
}

static void
sub_uint(struct flow_fmt *f, const char *name, unsigned long long value,
         unsigned long long mask, unsigned long long all, bool hex)
{
    if (!mask) {
        return;
    }
    sub_open(f, name, &mask, sizeof mask);
    ds_put_format(f->s, hex ? "%#llx" : "%llu", value);
    if ((mask & all) != all) {
        ds_put_format(f->s, "/%#llx", mask);
    }
}

static void
sub_eth(struct flow_fmt *f, const char *name, struct eth_addr value,
        struct eth_addr mask)
{
    if (sub_open(f, name, &mask, sizeof mask)) {
        ds_put_format(f->s, ETH_ADDR_FMT, ETH_ADDR_ARGS(value));
        if (!eth_addr_is_broadcast(mask)) {
            ds_put_format(f->s, "/"ETH_ADDR_FMT, ETH_ADDR_ARGS(mask));
        }
    }
}

static void
sub_ip(struct flow_fmt *f, const char *name, ovs_be32 value, ovs_be32 mask)
{
    char buf[INET_ADDRSTRLEN];

    if (sub_open(f, name, &mask, sizeof mask)) {
        ds_put_cstr(f->s, inet_ntop(AF_INET, &value, buf, sizeof buf));
        if (mask != htonl(UINT32_MAX)) {
            ds_put_format(f->s, "/%s",
                          inet_ntop(AF_INET, &mask, buf, sizeof buf));
        }
    }
}

static void
sub_ipv6(struct flow_fmt *f, const char *name, const struct in6_addr *value,
         const struct in6_addr *mask)
{
    char buf[INET6_ADDRSTRLEN];

    if (sub_open(f, name, mask, sizeof *mask)) {
        ds_put_cstr(f->s, inet_ntop(AF_INET6, value, buf, sizeof buf));
        if (!is_all_ones(mask, sizeof *mask)) {
            ds_put_format(f->s, "/%s",
                          inet_ntop(AF_INET6, mask, buf, sizeof buf));
        }
    }
}

/* A single-valued attribute "name(value[/mask])". */
static void
attr_uint(struct flow_fmt *f, const char *name, unsigned long long value,
          unsigned long long mask, unsigned long long all, bool hex)
{
    if (!mask || (f->exact && !value)) {
        return;
    }
    put_attr_sep(f);
    ds_put_format(f->s, hex ? "%s(%#llx" : "%s(%llu", name, value);
    if (mask != all) {
        ds_put_format(f->s, "/%#llx", mask);
    }
    ds_put_char(f->s, ')');
}

static const char *
frag_name(uint8_t frag)
{
    return (!(frag & FLOW_NW_FRAG_ANY) ? "no"
            : frag & FLOW_NW_FRAG_LATER ? "later" : "first");
}

static void
sub_frag(struct flow_fmt *f)
{
    uint8_t mask = f->m->nw_frag & FLOW_NW_FRAG_MASK;

    if (mask) {
        sub_open(f, "frag", &mask, 1);
        ds_put_cstr(f->s, frag_name(f->v->nw_frag));
        if (mask != FLOW_NW_FRAG_MASK) {
            ds_put_format(f->s, "/%#x", mask);
        }
    }
}

static const char *const tcp_flag_names[] = {
    "fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns",
};

static void
format_tcp_flags(struct flow_fmt *f)
{
    uint16_t value = ntohs(f->v->tcp_flags);
    uint16_t mask = ntohs(f->m->tcp_flags) & 0x0fff;

    if (!mask) {
        return;
    }
    put_attr_sep(f);
    ds_put_cstr(f->s, "tcp_flags(");
    if (mask == 0x0fff) {
        bool first = true;
        for (size_t i = 0; i < ARRAY_SIZE(tcp_flag_names); i++) {
            if (value & (1u << i)) {
                ds_put_format(f->s, "%s%s", first ? "" : "|",
                              tcp_flag_names[i]);
                first = false;
            }
        }
        if (value >> ARRAY_SIZE(tcp_flag_names)) {
            ds_put_format(f->s, "%s%#x", first ? "" : "|",
                          value & ~((1u << ARRAY_SIZE(tcp_flag_names)) - 1));
            first = false;
        }
        if (first) {
            ds_put_char(f->s, '0');
        }
    } else {
        for (size_t i = 0; i < ARRAY_SIZE(tcp_flag_names); i++) {
            if (mask & (1u << i)) {
                ds_put_format(f->s, "%c%s", value & (1u << i) ? '+' : '-',
                              tcp_flag_names[i]);
            }
        }
        if (mask >> ARRAY_SIZE(tcp_flag_names)) {
            ds_put_format(f->s, "/%#x", mask);
        }
    }
    ds_put_char(f->s, ')');
}

static void
format_l4(struct flow_fmt *f, bool is_ipv6)
{
    const struct flow *v = f->v, *m = f->m;
    const char *name;

    switch (v->nw_proto) {
    case IPPROTO_TCP: name = "tcp"; break;
    case IPPROTO_UDP: name = "udp"; break;
    case IPPROTO_SCTP: name = "sctp"; break;
    case IPPROTO_ICMP: name = is_ipv6 ? NULL : "icmp"; break;
    case IPPROTO_ICMPV6: name = is_ipv6 ? "icmpv6" : NULL; break;
    default: name = NULL; break;
    }
    if (!name) {
        return;
    }

    bool icmp = v->nw_proto == IPPROTO_ICMP || v->nw_proto == IPPROTO_ICMPV6;
    attr_open(f, name);
    sub_uint(f, icmp ? "type" : "src", ntohs(v->tp_src), ntohs(m->tp_src),
             icmp ? 0xff : 0xffff, false);
    sub_uint(f, icmp ? "code" : "dst", ntohs(v->tp_dst), ntohs(m->tp_dst),
             icmp ? 0xff : 0xffff, false);
    attr_close(f);

    if (v->nw_proto == IPPROTO_TCP) {
        format_tcp_flags(f);
    } else if (v->nw_proto == IPPROTO_ICMPV6 && m->tp_src
               && (v->tp_src == htons(ND_NEIGHBOR_SOLICIT)
                   || v->tp_src == htons(ND_NEIGHBOR_ADVERT))) {
        attr_open(f, "nd");
        sub_ipv6(f, "target", &v->nd_target, &m->nd_target);
        sub_eth(f, "sll", v->arp_sha, m->arp_sha);
        sub_eth(f, "tll", v->arp_tha, m->arp_tha);
        attr_close(f);
    }
}

static void
format_l3(struct flow_fmt *f)
{
    const struct flow *v = f->v, *m = f->m;
    bool l4 = (m->nw_proto == 0xff
               && !(v->nw_frag & FLOW_NW_FRAG_LATER));

    if (m->dl_type != htons(0xffff)) {
        return;
    }
    if (v->dl_type == htons(ETH_TYPE_IP)) {
        attr_open(f, "ipv4");
        sub_ip(f, "src", v->nw_src, m->nw_src);
        sub_ip(f, "dst", v->nw_dst, m->nw_dst);
        sub_uint(f, "proto", v->nw_proto, m->nw_proto, 0xff, false);
        sub_uint(f, "tos", v->nw_tos, m->nw_tos, 0xff, true);
        sub_uint(f, "ttl", v->nw_ttl, m->nw_ttl, 0xff, false);
        sub_frag(f);
        attr_close(f);
        if (l4) {
            format_l4(f, false);
        }
    } else if (v->dl_type == htons(ETH_TYPE_IPV6)) {
        attr_open(f, "ipv6");
        sub_ipv6(f, "src", &v->ipv6_src, &m->ipv6_src);
        sub_ipv6(f, "dst", &v->ipv6_dst, &m->ipv6_dst);
        sub_uint(f, "label", ntohl(v->ipv6_label), ntohl(m->ipv6_label),
                 0xfffff, true);
        sub_uint(f, "proto", v->nw_proto, m->nw_proto, 0xff, false);
        sub_uint(f, "tclass", v->nw_tos, m->nw_tos, 0xff, true);
        sub_uint(f, "hlimit", v->nw_ttl, m->nw_ttl, 0xff, false);
        sub_frag(f);
        attr_close(f);
        if (l4) {
            format_l4(f, true);
        }
    } else if (v->dl_type == htons(ETH_TYPE_ARP)
               || v->dl_type == htons(ETH_TYPE_RARP)) {
        attr_open(f, "arp");
        sub_ip(f, "sip", v->nw_src, m->nw_src);
        sub_ip(f, "tip", v->nw_dst, m->nw_dst);
        sub_uint(f, "op", v->nw_proto, m->nw_proto, 0xff, false);
        sub_eth(f, "sha", v->arp_sha, m->arp_sha);
        sub_eth(f, "tha", v->arp_tha, m->arp_tha);
        attr_close(f);
    } else if (eth_type_mpls(v->dl_type) && m->mpls_lse) {
        put_attr_sep(f);
        ds_put_cstr(f->s, "mpls(");
        mpls_lse_format(f->s, ntohl(v->mpls_lse), ntohl(m->mpls_lse));
        ds_put_char(f->s, ')');
    }
}

static void
format_eth_type(struct flow_fmt *f, ovs_be16 value, ovs_be16 mask)
{
    if (mask) {
        put_attr_sep(f);
        ds_put_format(f->s, "eth_type(0x%04"PRIx16, ntohs(value));
        if (mask != htons(0xffff)) {
            ds_put_format(f->s, "/0x%04"PRIx16, ntohs(mask));
        }
        ds_put_char(f->s, ')');
    }
}

static void
format_vlan(struct flow_fmt *f, int i)
{
    uint16_t tci = ntohs(f->v->vlans[i].tci);
    uint16_t mask = ntohs(f->m->vlans[i].tci);

    put_attr_sep(f);
    f->attr_start = f->s->length;
    ds_put_cstr(f->s, "vlan(");
    f->attr_empty = true;
    sub_uint(f, "vid", tci & VLAN_VID_MASK, mask & VLAN_VID_MASK,
             VLAN_VID_MASK, false);
    sub_uint(f, "pcp", (tci & VLAN_PCP_MASK) >> VLAN_PCP_SHIFT,
             (mask & VLAN_PCP_MASK) >> VLAN_PCP_SHIFT, 7, false);
    if (mask & VLAN_CFI && !(tci & VLAN_CFI)) {
        sub_uint(f, "cfi", 0, 1, 1, false);
    }
    ds_put_char(f->s, ')');
}

/* Appends 'flow' masked by 'wc' to 's' in datapath flow syntax. */
void
flow_format(struct ds *s, const struct flow *flow,
            const struct flow_wildcards *wc,
            const char *(*port_name)(uint32_t port, void *aux), void *aux)
{
    struct flow_wildcards exact;
    struct flow v = *flow;
    struct flow_fmt f;
    int n_tags = 0;

    if (!wc) {
        flow_wildcards_init_exact(&exact);
        wc = &exact;
    }
    flow_zero_wildcards(&v, wc);
    f.s = s;
    f.v = &v;
    f.m = &wc->masks;
    f.exact = wc == &exact;
    f.start = s->length;

    attr_uint(&f, "recirc_id", v.recirc_id, f.m->recirc_id, UINT32_MAX,
              false);
    attr_uint(&f, "skb_priority", v.skb_priority, f.m->skb_priority,
              UINT32_MAX, true);
    attr_open(&f, "tunnel");
    sub_uint(&f, "tun_id", ntohll(v.tun_id), ntohll(f.m->tun_id),
             UINT64_MAX, true);
    sub_ip(&f, "src", v.tun_src, f.m->tun_src);
    sub_ip(&f, "dst", v.tun_dst, f.m->tun_dst);
    if (f.exact && !v.tun_id && !v.tun_src && !v.tun_dst) {
        f.attr_empty = true;
    }
    attr_close(&f);
    if (f.m->in_port) {
        const char *name = port_name ? port_name(v.in_port, aux) : NULL;
        put_attr_sep(&f);
        if (name) {
            ds_put_format(s, "in_port(%s)", name);
        } else {
            ds_put_format(s, "in_port(%"PRIu32")", v.in_port);
        }
    }
    attr_uint(&f, "skb_mark", v.pkt_mark, f.m->pkt_mark, UINT32_MAX, true);
    attr_uint(&f, "metadata", ntohll(v.metadata), ntohll(f.m->metadata),
              UINT64_MAX, true);
    for (int i = 0; i < FLOW_N_REGS; i++) {
        char name[8];
        snprintf(name, sizeof name, "reg%d", i);
        attr_uint(&f, name, v.regs[i], f.m->regs[i], UINT32_MAX, true);
    }

    attr_open(&f, "eth");
    sub_eth(&f, "src", v.dl_src, f.m->dl_src);
    sub_eth(&f, "dst", v.dl_dst, f.m->dl_dst);
    attr_close(&f);

    /* A tag prints if the frame has it and the mask looks at any of it.
     * Its TPID prints even when the mask ignores it, as ovs-dpctl shows
     * it: "eth_type(0x8100),vlan(vid=10),encap(...)". */
    while (n_tags < FLOW_MAX_VLAN_HEADERS) {
        const union flow_vlan_hdr *fv = &flow->vlans[n_tags];
        const union flow_vlan_hdr *mv = &f.m->vlans[n_tags];

        if (!mv->qtag || !(fv->tci & htons(VLAN_CFI) || fv->tpid)) {
            break;
        }
        format_eth_type(&f, fv->tpid ? fv->tpid : htons(ETH_TYPE_VLAN_8021Q),
                        mv->tpid ? mv->tpid : htons(0xffff));
        format_vlan(&f, n_tags);
        put_attr_sep(&f);
        ds_put_cstr(s, "encap(");
        n_tags++;
    }
    format_eth_type(&f, v.dl_type, f.m->dl_type);
    format_l3(&f);
    for (int i = 0; i < n_tags; i++) {
        ds_put_char(s, ')');
    }
}

/* Parsing. */

enum field_kind {
    FK_U8,
    FK_BE16,
    FK_BE16_8,                  /* A byte in a be16 (ICMP type, code). */
    FK_BE32,
    FK_U32,
    FK_BE64,
    FK_ETH,
    FK_IPV4,
    FK_IPV6,
};

struct flow_parser {
    struct flow *flow;
    struct flow *mask;
};

static char *
parse_number(const char *s, unsigned long long max, unsigned long long *x)
{
    if (!str_to_ullong(s, 0, x) || *x > max) {
        return xasprintf("%s: bad number (at most %#llx)", s, max);
    }
    return NULL;
}

/* Parses 's' as a value of 'kind' into 'dst'. */
static char *
parse_value(enum field_kind kind, const char *s, void *dst)
{
    unsigned long long x;
    char *error;

    switch (kind) {
    case FK_U8:
    case FK_BE16:
    case FK_BE16_8:
    case FK_BE32:
    case FK_U32:
    case FK_BE64: {
        static const unsigned long long maxes[] = {
            [FK_U8] = UINT8_MAX, [FK_BE16] = UINT16_MAX,
            [FK_BE16_8] = UINT8_MAX,
            [FK_BE32] = UINT32_MAX, [FK_U32] = UINT32_MAX,
            [FK_BE64] = UINT64_MAX,
        };
        error = parse_number(s, maxes[kind], &x);
        if (error) {
            return error;
        }
        if (kind == FK_U8) {
            *(uint8_t *) dst = x;
        } else if (kind == FK_BE16 || kind == FK_BE16_8) {
            ovs_be16 v = htons(x);
            memcpy(dst, &v, sizeof v);
        } else if (kind == FK_BE32) {
            ovs_be32 v = htonl(x);
            memcpy(dst, &v, sizeof v);
        } else if (kind == FK_U32) {
            uint32_t v = x;
            memcpy(dst, &v, sizeof v);
        } else {
            ovs_be64 v = htonll(x);
            memcpy(dst, &v, sizeof v);
        }
        return NULL;
    }
    case FK_ETH:
        return (eth_addr_from_string(s, dst) ? NULL
                : xasprintf("%s: bad Ethernet address", s));
    case FK_IPV4:
        return (inet_pton(AF_INET, s, dst) == 1 ? NULL
                : xasprintf("%s: bad IPv4 address", s));
    case FK_IPV6:
        return (inet_pton(AF_INET6, s, dst) == 1 ? NULL
                : xasprintf("%s: bad IPv6 address", s));
    }
    return xstrdup("bad field kind");
}

static size_t
field_kind_size(enum field_kind kind)
{
    switch (kind) {
    case FK_U8: return 1;
    case FK_BE16: case FK_BE16_8: return 2;
    case FK_BE32: case FK_U32: case FK_IPV4: return 4;
    case FK_BE64: return 8;
    case FK_ETH: return ETH_ADDR_LEN;
    case FK_IPV6: return 16;
    }
    return 0;
}

/* Parses "VALUE[/MASK]" in 's' (modified) into the field at byte offset
 * 'ofs' of the flow and the mask; a missing mask means exact. */
static char *
parse_field(struct flow_parser *p, enum field_kind kind, size_t ofs, char *s)
{
    size_t size = field_kind_size(kind);
    char *slash = strchr(s, '/');
    char *error;

    if (slash) {
        *slash = '\0';
    }
    error = parse_value(kind, s, (char *) p->flow + ofs);
    if (!error) {
        if (slash) {
            error = parse_value(kind, slash + 1, (char *) p->mask + ofs);
        } else {
            memset((char *) p->mask + ofs, 0xff, size);
        }
    }
    return error;
}

struct subfield {
    const char *name;
    enum field_kind kind;
    size_t ofs;
};

#define SUB(NAME, KIND, FIELD) { NAME, KIND, offsetof(struct flow, FIELD) }

static char *
parse_subfields(struct flow_parser *p, const char *attr, char *args,
                const struct subfield *subs, size_t n_subs)
{
    char *save = NULL;

    for (char *kv = strtok_r(args, ",", &save); kv;
         kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        size_t i;

        if (!eq) {
            return xasprintf("%s: \"%s\" is not KEY=VALUE", attr, kv);
        }
        *eq = '\0';
        for (i = 0; i < n_subs; i++) {
            if (!strcmp(kv, subs[i].name)) {
                break;
            }
        }
        if (i >= n_subs) {
            return xasprintf("%s: unknown field \"%s\"", attr, kv);
        }
        char *error = parse_field(p, subs[i].kind, subs[i].ofs, eq + 1);
        if (error) {
            char *msg = xasprintf("%s(%s): %s", attr, kv, error);
            free(error);
            return msg;
        }
    }
    return NULL;
}

static char *
parse_frag(struct flow_parser *p, char *value)
{
    char *slash = strchr(value, '/');
    unsigned long long mask = FLOW_NW_FRAG_MASK;

    if (slash) {
        *slash = '\0';
        char *error = parse_number(slash + 1, FLOW_NW_FRAG_MASK, &mask);
        if (error) {
            return error;
        }
    }
    if (!strcmp(value, "no")) {
        p->flow->nw_frag = 0;
    } else if (!strcmp(value, "first")) {
        p->flow->nw_frag = FLOW_NW_FRAG_ANY;
    } else if (!strcmp(value, "later")) {
        p->flow->nw_frag = FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER;
    } else {
        return xasprintf("frag=%s: expected no, first or later", value);
    }
    p->mask->nw_frag = mask;
    return NULL;
}

/* Parses the subfields of ipv4(...) or ipv6(...), handling "frag=". */
static char *
parse_ip(struct flow_parser *p, const char *attr, char *args,
         const struct subfield *subs, size_t n_subs)
{
    char *frag = strstr(args, "frag=");

    if (frag && (frag == args || frag[-1] == ',')) {
        char *end = strchr(frag, ',');
        char *value = xmemdup0(frag + 5, end ? (size_t) (end - frag - 5)
                               : strlen(frag + 5));
        char *error = parse_frag(p, value);
        free(value);
        if (error) {
            return error;
        }
        /* Cut "frag=..." out of 'args'. */
        if (end) {
            memmove(frag, end + 1, strlen(end + 1) + 1);
        } else {
            *(frag == args ? frag : frag - 1) = '\0';
        }
    }
    return parse_subfields(p, attr, args, subs, n_subs);
}

static char *
parse_tcp_flags(struct flow_parser *p, char *args)
{
    uint16_t value = 0, mask = 0;

    if (args[0] == '+' || args[0] == '-') {
        char *s = args;
        while (*s) {
            bool set = *s++ == '+';
            size_t len = strcspn(s, "+-");
            size_t i;

            for (i = 0; i < ARRAY_SIZE(tcp_flag_names); i++) {
                if (strlen(tcp_flag_names[i]) == len
                    && !strncmp(s, tcp_flag_names[i], len)) {
                    break;
                }
            }
            if (i >= ARRAY_SIZE(tcp_flag_names)) {
                return xasprintf("tcp_flags: unknown flag in \"%s\"", args);
            }
            mask |= 1u << i;
            value |= set ? 1u << i : 0;
            s += len;
        }
    } else {
        char *save = NULL;
        mask = 0x0fff;
        for (char *name = strtok_r(args, "|", &save); name;
             name = strtok_r(NULL, "|", &save)) {
            unsigned long long x;
            size_t i;

            for (i = 0; i < ARRAY_SIZE(tcp_flag_names); i++) {
                if (!strcmp(name, tcp_flag_names[i])) {
                    break;
                }
            }
            if (i < ARRAY_SIZE(tcp_flag_names)) {
                value |= 1u << i;
            } else if (str_to_ullong(name, 0, &x) && x <= 0x0fff) {
                value |= x;
            } else {
                return xasprintf("tcp_flags: unknown flag \"%s\"", name);
            }
        }
    }
    p->flow->tcp_flags = htons(value);
    p->mask->tcp_flags = htons(mask);
    return NULL;
}

static char *
parse_vlan(struct flow_parser *p, int depth, ovs_be16 tpid, char *args)
{
    static const char *const names[] = { "vid", "pcp", "cfi" };
    union flow_vlan_hdr *v = &p->flow->vlans[depth];
    union flow_vlan_hdr *m = &p->mask->vlans[depth];
    uint16_t tci = VLAN_CFI, tci_mask = VLAN_CFI;
    char *save = NULL;

    for (char *kv = strtok_r(args, ",", &save); kv;
         kv = strtok_r(NULL, ",", &save)) {
        static const uint16_t maxes[] = { VLAN_VID_MASK, 7, 1 };
        static const int shifts[] = { VLAN_VID_SHIFT, VLAN_PCP_SHIFT, 12 };
        char *eq = strchr(kv, '=');
        unsigned long long x, xm;
        size_t i;

        if (!eq) {
            return xasprintf("vlan: \"%s\" is not KEY=VALUE", kv);
        }
        *eq = '\0';
        for (i = 0; i < ARRAY_SIZE(names); i++) {
            if (!strcmp(kv, names[i])) {
                break;
            }
        }
        if (i >= ARRAY_SIZE(names)) {
            return xasprintf("vlan: unknown field \"%s\"", kv);
        }
        char *slash = strchr(eq + 1, '/');
        if (slash) {
            *slash = '\0';
        }
        char *error = parse_number(eq + 1, maxes[i], &x);
        if (!error && slash) {
            error = parse_number(slash + 1, maxes[i], &xm);
        } else {
            xm = maxes[i];
        }
        if (error) {
            return error;
        }
        tci = (tci & ~(maxes[i] << shifts[i])) | x << shifts[i];
        tci_mask = (tci_mask & ~(maxes[i] << shifts[i])) | xm << shifts[i];
    }
    v->tpid = tpid;
    m->tpid = htons(0xffff);
    v->tci = htons(tci);
    m->tci = htons(tci_mask);
    return NULL;
}

/* Finds the end of the attribute argument list that starts at 's' (just
 * after its '('): the matching ')'.  Returns NULL if unbalanced. */
static char *
find_close_paren(char *s)
{
    int depth = 1;

    for (; *s; s++) {
        if (*s == '(') {
            depth++;
        } else if (*s == ')' && !--depth) {
            return s;
        }
    }
    return NULL;
}

static char *parse_list(struct flow_parser *, char *s, int depth);

/* An L4 attribute 'name' ("tcp", "icmp", ...) must follow an ipv4() or
 * ipv6() that gave its protocol exactly: otherwise its fields would mean
 * something else (ICMP type and code live where the ports do). */
static char *
check_l4_proto(const struct flow_parser *p, const char *name)
{
    static const struct {
        const char *name;
        uint8_t proto;
    } protos[] = {
        { "tcp", IPPROTO_TCP }, { "udp", IPPROTO_UDP },
        { "sctp", IPPROTO_SCTP }, { "icmp", IPPROTO_ICMP },
        { "icmpv6", IPPROTO_ICMPV6 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
        if (!strcmp(name, protos[i].name)) {
            if (p->mask->nw_proto != 0xff
                || p->flow->nw_proto != protos[i].proto) {
                return xasprintf("%s: needs an earlier ipv4() or ipv6() "
                                 "with proto=%d", name, protos[i].proto);
            }
            return NULL;
        }
    }
    return NULL;
}

/* Parses the "label=,tc=,ttl=,bos=" of mpls(...) in 'args', each
 * "VALUE[/MASK]", into the bits of mpls_lse. */
static char *
parse_mpls(struct flow_parser *p, char *args)
{
    uint32_t lse, mask;
    char *error = mpls_lse_from_string(args, &lse, &mask);

    if (error) {
        char *msg = xasprintf("mpls: %s", error);
        free(error);
        return msg;
    }
    p->flow->mpls_lse = htonl(lse & mask);
    p->mask->mpls_lse = htonl(mask);
    return NULL;
}

static char *
parse_attr(struct flow_parser *p, const char *name, char *args, int depth,
           bool *have_type, ovs_be16 *type, ovs_be16 *type_mask,
           bool *have_vlan)
{
    static const struct subfield eth_subs[] = {
        SUB("src", FK_ETH, dl_src), SUB("dst", FK_ETH, dl_dst),
    };
    static const struct subfield ipv4_subs[] = {
        SUB("src", FK_IPV4, nw_src), SUB("dst", FK_IPV4, nw_dst),
        SUB("proto", FK_U8, nw_proto), SUB("tos", FK_U8, nw_tos),
        SUB("ttl", FK_U8, nw_ttl),
    };
    static const struct subfield ipv6_subs[] = {
        SUB("src", FK_IPV6, ipv6_src), SUB("dst", FK_IPV6, ipv6_dst),
        SUB("label", FK_BE32, ipv6_label), SUB("proto", FK_U8, nw_proto),
        SUB("tclass", FK_U8, nw_tos), SUB("hlimit", FK_U8, nw_ttl),
    };
    static const struct subfield arp_subs[] = {
        SUB("sip", FK_IPV4, nw_src), SUB("tip", FK_IPV4, nw_dst),
        SUB("op", FK_U8, nw_proto), SUB("sha", FK_ETH, arp_sha),
        SUB("tha", FK_ETH, arp_tha),
    };
    static const struct subfield ports_subs[] = {
        SUB("src", FK_BE16, tp_src), SUB("dst", FK_BE16, tp_dst),
    };
    static const struct subfield icmp_subs[] = {
        SUB("type", FK_BE16_8, tp_src), SUB("code", FK_BE16_8, tp_dst),
    };
    static const struct subfield nd_subs[] = {
        SUB("target", FK_IPV6, nd_target), SUB("sll", FK_ETH, arp_sha),
        SUB("tll", FK_ETH, arp_tha),
    };
    static const struct subfield tunnel_subs[] = {
        SUB("tun_id", FK_BE64, tun_id), SUB("src", FK_IPV4, tun_src),
        SUB("dst", FK_IPV4, tun_dst),
    };
    static const struct subfield single[] = {
        SUB("in_port", FK_U32, in_port),
        SUB("recirc_id", FK_U32, recirc_id),
        SUB("skb_priority", FK_U32, skb_priority),
        SUB("skb_mark", FK_U32, pkt_mark),
        SUB("metadata", FK_BE64, metadata),
    };
#define PARSE_SUBS(SUBS) parse_subfields(p, name, args, SUBS, ARRAY_SIZE(SUBS))

    for (size_t i = 0; i < ARRAY_SIZE(single); i++) {
        if (!strcmp(name, single[i].name)) {
            return parse_field(p, single[i].kind, single[i].ofs, args);
        }
    }
    if (!strncmp(name, "reg", 3) && name[3] >= '0'
        && name[3] < '0' + FLOW_N_REGS && !name[4]) {
        return parse_field(p, FK_U32, offsetof(struct flow, regs)
                           + (name[3] - '0') * sizeof(uint32_t), args);
    } else if (!strcmp(name, "tunnel")) {
        return PARSE_SUBS(tunnel_subs);
    } else if (!strcmp(name, "eth")) {
        return PARSE_SUBS(eth_subs);
    } else if (!strcmp(name, "eth_type")) {
        struct flow tmp_flow, tmp_mask;
        struct flow_parser tmp = { &tmp_flow, &tmp_mask };
        char *error = parse_field(&tmp, FK_BE16,
                                  offsetof(struct flow, dl_type), args);
        if (error) {
            return error;
        }
        *have_type = true;
        *type = tmp_flow.dl_type;
        *type_mask = tmp_mask.dl_type;
        return NULL;
    } else if (!strcmp(name, "vlan")) {
        if (depth >= FLOW_MAX_VLAN_HEADERS || *have_vlan) {
            return xstrdup("vlan: too many VLAN headers");
        }
        *have_vlan = true;
        return parse_vlan(p, depth,
                          *have_type ? *type : htons(ETH_TYPE_VLAN_8021Q),
                          args);
    } else if (!strcmp(name, "encap")) {
        if (!*have_vlan) {
            return xstrdup("encap: without vlan");
        }
        return parse_list(p, args, depth + 1);
    } else if (!strcmp(name, "ipv4")) {
        return parse_ip(p, name, args, ipv4_subs, ARRAY_SIZE(ipv4_subs));
    } else if (!strcmp(name, "ipv6")) {
        char *error = parse_ip(p, name, args, ipv6_subs,
                               ARRAY_SIZE(ipv6_subs));
        p->mask->ipv6_label &= htonl(0xfffff);
        return error;
    } else if (!strcmp(name, "arp")) {
        return PARSE_SUBS(arp_subs);
    } else if (!strcmp(name, "mpls")) {
        return parse_mpls(p, args);
    } else if (!strcmp(name, "tcp") || !strcmp(name, "udp")
               || !strcmp(name, "sctp")) {
        char *error = check_l4_proto(p, name);
        return error ? error : PARSE_SUBS(ports_subs);
    } else if (!strcmp(name, "icmp") || !strcmp(name, "icmpv6")) {
        char *error = check_l4_proto(p, name);
        return error ? error : PARSE_SUBS(icmp_subs);
    } else if (!strcmp(name, "tcp_flags")) {
        return parse_tcp_flags(p, args);
    } else if (!strcmp(name, "nd")) {
        return PARSE_SUBS(nd_subs);
    }
    return xasprintf("unknown attribute \"%s\"", name);
#undef PARSE_SUBS
}

/* Parses a comma-separated list of attributes in 's' (modified), the
 * contents of 'depth' encap()s. */
static char *
parse_list(struct flow_parser *p, char *s, int depth)
{
    bool have_type = false, have_vlan = false;
    ovs_be16 type = 0, type_mask = 0;

    while (*s) {
        while (isspace((unsigned char) *s)) {
            s++;
        }
        if (!*s) {
            break;
        }
        size_t name_len = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");
        if (!name_len || s[name_len] != '(') {
            return xasprintf("syntax error at \"%s\"", s);
        }
        char *args = s + name_len + 1;
        char *close = find_close_paren(args);
        if (!close) {
            return xasprintf("unbalanced parentheses at \"%s\"", s);
        }
        s[name_len] = '\0';
        *close = '\0';
        char *error = parse_attr(p, s, args, depth, &have_type, &type,
                                 &type_mask, &have_vlan);
        if (error) {
            return error;
        }
        s = close + 1;
        while (isspace((unsigned char) *s)) {
            s++;
        }
        if (*s == ',') {
            s++;
        } else if (*s) {
            return xasprintf("expected \",\" at \"%s\"", s);
        }
    }

    if (!have_vlan && have_type) {
        p->flow->dl_type = type;
        p->mask->dl_type = type_mask;
        if (depth < FLOW_MAX_VLAN_HEADERS) {
            /* As in Open vSwitch: an eth_type without a vlan() means the
             * frame has no (further) tag. */
            p->flow->vlans[depth].qtag = 0;
            p->mask->vlans[depth].qtag = UINT32_MAX;
        }
    }
    return NULL;
}

/* Parses 's' in flow_format()'s syntax into 'flow' and 'wc'. */
char *
flow_parse(const char *s, struct flow *flow, struct flow_wildcards *wc)
{
    struct flow_parser p = { flow, &wc->masks };
    char *copy = xstrdup(s);
    char *error;

    memset(flow, 0, sizeof *flow);
    flow_wildcards_init_catchall(wc);
    error = parse_list(&p, copy, 0);
    free(copy);
    if (!error) {
        flow_zero_wildcards(flow, wc);
    }
    return error;
}

/* Composing frames. */

static void
put_be16(struct dp_packet *p, ovs_be16 x)
{
    dp_packet_put(p, &x, sizeof x);
}

static void
compose_l4(struct dp_packet *packet, const struct flow *flow,
           size_t payload_len)
{
    size_t l4_ofs = packet->size;
    uint8_t *l4;

    packet->l4_ofs = l4_ofs;
    switch (flow->nw_proto) {
    case IPPROTO_TCP: {
        struct tcp_header tcp = {
            .tcp_src = flow->tp_src,
            .tcp_dst = flow->tp_dst,
            .tcp_ctl = htons(5 << 12 | (ntohs(flow->tcp_flags) & 0x0fff)),
            .tcp_winsz = htons(65535),
        };
        dp_packet_put(packet, &tcp, sizeof tcp);
        break;
    }
    case IPPROTO_UDP: {
        struct udp_header udp = {
            .udp_src = flow->tp_src,
            .udp_dst = flow->tp_dst,
            .udp_len = htons(UDP_HEADER_LEN + payload_len),
        };
        dp_packet_put(packet, &udp, sizeof udp);
        break;
    }
    case IPPROTO_SCTP: {
        uint8_t sctp[SCTP_HEADER_LEN] = { 0 };
        memcpy(sctp, &flow->tp_src, 2);
        memcpy(sctp + 2, &flow->tp_dst, 2);
        dp_packet_put(packet, sctp, sizeof sctp);
        break;
    }
    case IPPROTO_ICMP:
    case IPPROTO_ICMPV6: {
        uint8_t icmp[ICMP_HEADER_LEN] = { ntohs(flow->tp_src),
                                          ntohs(flow->tp_dst) };
        dp_packet_put(packet, icmp, sizeof icmp);
        if (flow->nw_proto == IPPROTO_ICMPV6 && !flow->tp_dst
            && (flow->tp_src == htons(ND_NEIGHBOR_SOLICIT)
                || flow->tp_src == htons(ND_NEIGHBOR_ADVERT))) {
            dp_packet_put(packet, &flow->nd_target, 16);
            if (!eth_addr_is_zero(flow->arp_sha)) {
                uint8_t opt[2] = { ND_OPT_SOURCE_LINKADDR, 1 };
                dp_packet_put(packet, opt, 2);
                dp_packet_put(packet, &flow->arp_sha, ETH_ADDR_LEN);
            }
            if (!eth_addr_is_zero(flow->arp_tha)) {
                uint8_t opt[2] = { ND_OPT_TARGET_LINKADDR, 1 };
                dp_packet_put(packet, opt, 2);
                dp_packet_put(packet, &flow->arp_tha, ETH_ADDR_LEN);
            }
            /* Zeros after the options would read as a bad option. */
            payload_len = 0;
        }
        break;
    }
    default:
        break;
    }
    l4 = dp_packet_put_uninit(packet, payload_len);
    memset(l4, 0, payload_len);
}

/* Fills in the L4 checksum of 'packet' built by flow_compose(). */
static void
compose_l4_csum(struct dp_packet *packet, const struct flow *flow,
                bool is_ipv6)
{
    uint8_t *l3 = dp_packet_l3(packet);
    uint8_t *l4 = dp_packet_l4(packet);
    size_t l4_len = dp_packet_l4_size(packet);
    size_t csum_ofs;
    uint32_t sum;

    switch (flow->nw_proto) {
    case IPPROTO_TCP: csum_ofs = 16; break;
    case IPPROTO_UDP: csum_ofs = 6; break;
    case IPPROTO_ICMP: csum_ofs = 2; break;
    case IPPROTO_ICMPV6: csum_ofs = 2; break;
    case IPPROTO_SCTP: {
        uint32_t crc = crc32c(l4, l4_len);
        uint8_t le[4] = { crc, crc >> 8, crc >> 16, crc >> 24 };
        memcpy(l4 + 8, le, 4);
        return;
    }
    default:
        return;
    }
    if (flow->nw_proto == IPPROTO_ICMP) {
        sum = 0;
    } else if (is_ipv6) {
        sum = packet_csum_pseudoheader6(l3 + 8, l3 + 24, flow->nw_proto,
                                        l4_len);
    } else {
        sum = packet_csum_pseudoheader((const struct ip_header *) l3,
                                       flow->nw_proto, l4_len);
    }
    uint16_t c = csum_finish(csum_continue(sum, l4, l4_len));
    if (!c && flow->nw_proto == IPPROTO_UDP) {
        c = 0xffff;
    }
    memcpy(l4 + csum_ofs, &c, 2);
}

static void
compose_ipv4(struct dp_packet *packet, const struct flow *flow,
             size_t payload_len)
{
    size_t l3_ofs = packet->size;
    bool later = flow->nw_frag & FLOW_NW_FRAG_LATER;
    struct ip_header ip = {
        .ip_ihl_ver = 4 << 4 | 5,
        .ip_tos = flow->nw_tos,
        .ip_ttl = flow->nw_ttl,
        .ip_proto = flow->nw_proto,
        .ip_src = flow->nw_src,
        .ip_dst = flow->nw_dst,
    };

    if (flow->nw_frag & FLOW_NW_FRAG_ANY) {
        ip.ip_frag_off = htons(later ? 100 : IP_MORE_FRAGMENTS);
    }
    packet->l3_ofs = l3_ofs;
    dp_packet_put(packet, &ip, sizeof ip);
    if (later) {
        memset(dp_packet_put_uninit(packet, payload_len), 0, payload_len);
    } else {
        compose_l4(packet, flow, payload_len);
    }

    struct ip_header *iph = dp_packet_l3(packet);
    ovs_be16 tot_len = htons(packet->size - l3_ofs);
    memcpy(&iph->ip_tot_len, &tot_len, 2);
    uint16_t c = csum(iph, IP_HEADER_LEN);
    memcpy(&iph->ip_csum, &c, 2);
    if (!later) {
        compose_l4_csum(packet, flow, false);
    }
}

static void
compose_ipv6(struct dp_packet *packet, const struct flow *flow,
             size_t payload_len)
{
    size_t l3_ofs = packet->size;
    bool frag = flow->nw_frag & FLOW_NW_FRAG_ANY;
    bool later = flow->nw_frag & FLOW_NW_FRAG_LATER;
    struct ipv6_header ip6 = {
        .ip6_flow = htonl(6u << 28 | (uint32_t) flow->nw_tos << 20
                          | (ntohl(flow->ipv6_label) & 0xfffff)),
        .ip6_nxt = frag ? IPPROTO_FRAGMENT : flow->nw_proto,
        .ip6_hlim = flow->nw_ttl,
        .ip6_src = flow->ipv6_src,
        .ip6_dst = flow->ipv6_dst,
    };

    packet->l3_ofs = l3_ofs;
    dp_packet_put(packet, &ip6, sizeof ip6);
    if (frag) {
        uint8_t fh[IPV6_FRAG_HEADER_LEN] = { flow->nw_proto };
        ovs_be16 offlg = htons(later ? 100 * 8 : IPV6_FRAG_MORE);
        memcpy(fh + 2, &offlg, 2);
        dp_packet_put(packet, fh, sizeof fh);
    }
    if (later) {
        memset(dp_packet_put_uninit(packet, payload_len), 0, payload_len);
    } else {
        compose_l4(packet, flow, payload_len);
    }

    ovs_be16 plen = htons(packet->size - l3_ofs - IPV6_HEADER_LEN);
    memcpy((uint8_t *) dp_packet_l3(packet) + 4, &plen, 2);
    if (!later) {
        compose_l4_csum(packet, flow, true);
    }
}

/* Builds into empty 'packet' a frame with the headers 'flow' describes and
 * 'payload_len' bytes of zeros after them. */
void
flow_compose(struct dp_packet *packet, const struct flow *flow,
             size_t payload_len)
{
    packet->in_port = flow->in_port;
    packet->skb_priority = flow->skb_priority;
    packet->pkt_mark = flow->pkt_mark;
    dp_packet_reset_offsets(packet);

    dp_packet_put(packet, &flow->dl_dst, ETH_ADDR_LEN);
    dp_packet_put(packet, &flow->dl_src, ETH_ADDR_LEN);
    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS; i++) {
        const union flow_vlan_hdr *v = &flow->vlans[i];
        if (!(v->tci & htons(VLAN_CFI)) && !v->tpid) {
            break;
        }
        put_be16(packet, v->tpid ? v->tpid : htons(ETH_TYPE_VLAN_8021Q));
        put_be16(packet, v->tci & ~htons(VLAN_CFI));
    }

    if (ntohs(flow->dl_type) < ETH_TYPE_MIN) {
        put_be16(packet, htons(MIN(payload_len, ETH_PAYLOAD_MAX)));
        memset(dp_packet_put_uninit(packet, payload_len), 0, payload_len);
        return;
    }
    put_be16(packet, flow->dl_type);

    switch (ntohs(flow->dl_type)) {
    case ETH_TYPE_IP:
        compose_ipv4(packet, flow, payload_len);
        break;
    case ETH_TYPE_IPV6:
        compose_ipv6(packet, flow, payload_len);
        break;
    case ETH_TYPE_ARP:
    case ETH_TYPE_RARP: {
        struct arp_eth_header arp = {
            .ar_hrd = htons(ARP_HTYPE_ETH),
            .ar_pro = htons(ETH_TYPE_IP),
            .ar_hln = ETH_ADDR_LEN,
            .ar_pln = 4,
            .ar_op = htons(flow->nw_proto),
            .ar_sha = flow->arp_sha,
            .ar_spa = flow->nw_src,
            .ar_tha = flow->arp_tha,
            .ar_tpa = flow->nw_dst,
        };
        packet->l3_ofs = packet->size;
        dp_packet_put(packet, &arp, sizeof arp);
        memset(dp_packet_put_uninit(packet, payload_len), 0, payload_len);
        break;
    }
    case ETH_TYPE_MPLS:
    case ETH_TYPE_MPLS_MCAST:
        packet->l3_ofs = packet->size;
        dp_packet_put(packet, &flow->mpls_lse, MPLS_HLEN);
        memset(dp_packet_put_uninit(packet, payload_len), 0, payload_len);
        break;
    default:
        packet->l3_ofs = packet->size;
        memset(dp_packet_put_uninit(packet, payload_len), 0, payload_len);
        break;
    }
}
