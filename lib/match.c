#include <config.h>
#include "osw/match.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "osw/hash.h"
#include "osw/util.h"

#define OFP_DEFAULT_PRIORITY 32768

/* Makes 'match' match every packet. */
void
match_init_catchall(struct match *match)
{
    memset(match, 0, sizeof *match);
}

/* Makes 'match' match exactly 'flow'. */
void
match_init_exact(struct match *match, const struct flow *flow)
{
    match->flow = *flow;
    flow_wildcards_init_exact(&match->wc);
    flow_zero_wildcards(&match->flow, &match->wc);
}

/* True if 'a' and 'b' match the same packets in the same way. */
bool
match_equal(const struct match *a, const struct match *b)
{
    return !memcmp(a, b, sizeof *a);
}

/* A hash of 'match' (flow and mask), chained from 'basis'. */
uint32_t
match_hash(const struct match *match, uint32_t basis)
{
    return hash_bytes(match, sizeof *match, basis);
}

/* True if 'flow' matches 'match'. */
bool
match_matches_flow(const struct match *match, const struct flow *flow)
{
    const uint64_t *m = (const uint64_t *) &match->flow;
    const uint64_t *w = (const uint64_t *) &match->wc.masks;
    const uint64_t *f = (const uint64_t *) flow;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        if ((m[i] ^ f[i]) & w[i]) {
            return false;
        }
    }
    return true;
}

/* True if every packet that 'b' matches also matches 'a'. */
bool
match_covers(const struct match *a, const struct match *b)
{
    const uint64_t *af = (const uint64_t *) &a->flow;
    const uint64_t *aw = (const uint64_t *) &a->wc.masks;
    const uint64_t *bf = (const uint64_t *) &b->flow;
    const uint64_t *bw = (const uint64_t *) &b->wc.masks;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        if ((aw[i] & ~bw[i]) || ((af[i] ^ bf[i]) & aw[i])) {
            return false;
        }
    }
    return true;
}

/* True if some packet could match both 'a' and 'b'. */
bool
match_overlaps(const struct match *a, const struct match *b)
{
    const uint64_t *af = (const uint64_t *) &a->flow;
    const uint64_t *aw = (const uint64_t *) &a->wc.masks;
    const uint64_t *bf = (const uint64_t *) &b->flow;
    const uint64_t *bw = (const uint64_t *) &b->wc.masks;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        if ((af[i] ^ bf[i]) & aw[i] & bw[i]) {
            return false;
        }
    }
    return true;
}

/* Matches OpenFlow port 'ofp_port' exactly. */
void
match_set_in_port(struct match *match, uint16_t ofp_port)
{
    match->flow.in_port = ofp_port;
    match->wc.masks.in_port = UINT32_MAX;
}

/* Matches Ethernet type 'dl_type' exactly. */
void
match_set_dl_type(struct match *match, ovs_be16 dl_type)
{
    match->flow.dl_type = dl_type;
    match->wc.masks.dl_type = UINT16_MAX;
}

/* Matches Ethernet source 'dl_src' exactly. */
void
match_set_dl_src(struct match *match, struct eth_addr dl_src)
{
    match->flow.dl_src = dl_src;
    match->wc.masks.dl_src = eth_addr_broadcast;
}

/* Matches Ethernet destination 'dl_dst' exactly. */
void
match_set_dl_dst(struct match *match, struct eth_addr dl_dst)
{
    match->flow.dl_dst = dl_dst;
    match->wc.masks.dl_dst = eth_addr_broadcast;
}

/* Matches IP protocol (or ARP opcode) 'nw_proto' exactly. */
void
match_set_nw_proto(struct match *match, uint8_t nw_proto)
{
    match->flow.nw_proto = nw_proto;
    match->wc.masks.nw_proto = UINT8_MAX;
}

/* Matches the bits of 'mask' of the IPv4 (or ARP) source against 'ip'. */
void
match_set_nw_src_masked(struct match *match, ovs_be32 ip, ovs_be32 mask)
{
    match->flow.nw_src = ip & mask;
    match->wc.masks.nw_src = mask;
}

/* Matches the bits of 'mask' of the IPv4 (or ARP) target against 'ip'. */
void
match_set_nw_dst_masked(struct match *match, ovs_be32 ip, ovs_be32 mask)
{
    match->flow.nw_dst = ip & mask;
    match->wc.masks.nw_dst = mask;
}

/* Matches L4 source port (ICMP type) 'tp_src' exactly. */
void
match_set_tp_src(struct match *match, ovs_be16 tp_src)
{
    match->flow.tp_src = tp_src;
    match->wc.masks.tp_src = UINT16_MAX;
}

/* Matches L4 destination port (ICMP code) 'tp_dst' exactly. */
void
match_set_tp_dst(struct match *match, ovs_be16 tp_dst)
{
    match->flow.tp_dst = tp_dst;
    match->wc.masks.tp_dst = UINT16_MAX;
}

/* Matches the bits of 'mask' of the OpenFlow metadata against 'value'. */
void
match_set_metadata_masked(struct match *match, ovs_be64 value, ovs_be64 mask)
{
    match->flow.metadata = value & mask;
    match->wc.masks.metadata = mask;
}

/* ---- Formatting, in ovs-ofctl's order and syntax. ---- */

static void
format_u32_masked(struct ds *s, const char *name, uint32_t value,
                  uint32_t mask)
{
    if (mask) {
        ds_put_format(s, "%s=%#"PRIx32, name, value);
        if (mask != UINT32_MAX) {
            ds_put_format(s, "/%#"PRIx32, mask);
        }
        ds_put_char(s, ',');
    }
}

static void
format_be64_masked(struct ds *s, const char *name, ovs_be64 value,
                   ovs_be64 mask)
{
    if (mask) {
        ds_put_format(s, "%s=%#"PRIx64, name, ntohll(value));
        if (mask != UINT64_MAX) {
            ds_put_format(s, "/%#"PRIx64, ntohll(mask));
        }
        ds_put_char(s, ',');
    }
}

static void
format_be16_masked(struct ds *s, const char *name, ovs_be16 value,
                   ovs_be16 mask)
{
    if (mask == UINT16_MAX) {
        ds_put_format(s, "%s=%"PRIu16",", name, ntohs(value));
    } else if (mask) {
        ds_put_format(s, "%s=0x%"PRIx16"/0x%"PRIx16",", name, ntohs(value),
                      ntohs(mask));
    }
}

static void
format_ip_masked(struct ds *s, const char *name, ovs_be32 ip, ovs_be32 mask)
{
    if (mask) {
        ds_put_format(s, "%s=", name);
        mf_format_ipv4(ip, &mask, s);
        ds_put_char(s, ',');
    }
}

static void
format_ipv6_masked(struct ds *s, const char *name, const struct in6_addr *a,
                   const struct in6_addr *mask)
{
    if (!is_all_zeros(mask, sizeof *mask)) {
        ds_put_format(s, "%s=", name);
        mf_format_ipv6(a, mask, s);
        ds_put_char(s, ',');
    }
}

static void
format_eth_masked(struct ds *s, const char *name, struct eth_addr eth,
                  struct eth_addr mask)
{
    if (!eth_addr_is_zero(mask)) {
        ds_put_format(s, "%s="ETH_ADDR_FMT, name, ETH_ADDR_ARGS(eth));
        if (!eth_addr_is_broadcast(mask)) {
            ds_put_format(s, "/"ETH_ADDR_FMT, ETH_ADDR_ARGS(mask));
        }
        ds_put_char(s, ',');
    }
}

/* Appends the protocol shorthand for 'match' if there is one.  Returns
 * true if it stands for dl_type; '*skip_proto' says whether it also
 * stands for nw_proto. */
static bool
format_shorthand(const struct match *match, struct ds *s, bool *skip_proto)
{
    const struct flow *f = &match->flow;
    const char *name = NULL;

    *skip_proto = false;
    if (!match->wc.masks.dl_type) {
        return false;
    }
    if (f->dl_type == htons(ETH_TYPE_IP)
        || f->dl_type == htons(ETH_TYPE_IPV6)) {
        bool v6 = f->dl_type == htons(ETH_TYPE_IPV6);
        if (match->wc.masks.nw_proto) {
            *skip_proto = true;
            switch (f->nw_proto) {
            case IPPROTO_ICMP: name = v6 ? NULL : "icmp"; break;
            case IPPROTO_ICMPV6: name = v6 ? "icmp6" : NULL; break;
            case IPPROTO_TCP: name = v6 ? "tcp6" : "tcp"; break;
            case IPPROTO_UDP: name = v6 ? "udp6" : "udp"; break;
            case IPPROTO_SCTP: name = v6 ? "sctp6" : "sctp"; break;
            default: break;
            }
        }
        if (!name) {
            *skip_proto = false;
            name = v6 ? "ipv6" : "ip";
        }
    } else if (f->dl_type == htons(ETH_TYPE_ARP)) {
        name = "arp";
    } else if (f->dl_type == htons(ETH_TYPE_RARP)) {
        name = "rarp";
    } else if (f->dl_type == htons(ETH_TYPE_MPLS)) {
        name = "mpls";
    } else if (f->dl_type == htons(ETH_TYPE_MPLS_MCAST)) {
        name = "mplsm";
    } else {
        return false;
    }
    ds_put_format(s, "%s,", name);
    return true;
}

static void
format_vlan(const struct match *match, struct ds *s)
{
    ovs_be16 tci = match->flow.vlans[0].tci;
    ovs_be16 mask = match->wc.masks.vlans[0].tci;
    ovs_be16 vid_mask = mask & htons(VLAN_VID_MASK);
    ovs_be16 pcp_mask = mask & htons(VLAN_PCP_MASK);

    if (!mask) {
        return;
    }
    if (mask & tci & htons(VLAN_CFI)
        && (!vid_mask || vid_mask == htons(VLAN_VID_MASK))
        && (!pcp_mask || pcp_mask == htons(VLAN_PCP_MASK))
        && (vid_mask || pcp_mask)) {
        if (vid_mask) {
            ds_put_format(s, "dl_vlan=%"PRIu16",", vlan_tci_to_vid(tci));
        }
        if (pcp_mask) {
            ds_put_format(s, "dl_vlan_pcp=%d,", vlan_tci_to_pcp(tci));
        }
    } else if (mask == UINT16_MAX) {
        ds_put_format(s, "vlan_tci=0x%04"PRIx16",", ntohs(tci));
    } else {
        ds_put_format(s, "vlan_tci=0x%04"PRIx16"/0x%04"PRIx16",",
                      ntohs(tci), ntohs(mask));
    }
}

static void
format_l3(const struct match *match, bool skip_proto, struct ds *s)
{
    const struct flow *f = &match->flow;
    const struct flow *m = &match->wc.masks;
    bool arp = (f->dl_type == htons(ETH_TYPE_ARP)
                || f->dl_type == htons(ETH_TYPE_RARP));

    if (f->dl_type == htons(ETH_TYPE_IPV6)) {
        format_ipv6_masked(s, "ipv6_src", &f->ipv6_src, &m->ipv6_src);
        format_ipv6_masked(s, "ipv6_dst", &f->ipv6_dst, &m->ipv6_dst);
        if (m->ipv6_label) {
            if (m->ipv6_label == htonl(0xfffff)) {
                ds_put_format(s, "ipv6_label=0x%05"PRIx32",",
                              ntohl(f->ipv6_label));
            } else {
                ds_put_format(s, "ipv6_label=0x%05"PRIx32"/0x%05"PRIx32",",
                              ntohl(f->ipv6_label), ntohl(m->ipv6_label));
            }
        }
    } else {
        format_ip_masked(s, arp ? "arp_spa" : "nw_src", f->nw_src,
                         m->nw_src);
        format_ip_masked(s, arp ? "arp_tpa" : "nw_dst", f->nw_dst,
                         m->nw_dst);
    }
    if (!skip_proto && m->nw_proto) {
        ds_put_format(s, "%s=%"PRIu8",", arp ? "arp_op" : "nw_proto",
                      f->nw_proto);
    }
    if (arp) {
        format_eth_masked(s, "arp_sha", f->arp_sha, m->arp_sha);
        format_eth_masked(s, "arp_tha", f->arp_tha, m->arp_tha);
    }
    if (m->nw_tos & IP_DSCP_MASK) {
        ds_put_format(s, "nw_tos=%d,", f->nw_tos & IP_DSCP_MASK);
    }
    if (m->nw_tos & IP_ECN_MASK) {
        ds_put_format(s, "nw_ecn=%d,", f->nw_tos & IP_ECN_MASK);
    }
    if (m->nw_ttl) {
        ds_put_format(s, "nw_ttl=%d,", f->nw_ttl);
    }
    switch (m->nw_frag & FLOW_NW_FRAG_MASK) {
    case FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER:
        ds_put_format(s, "nw_frag=%s,",
                      f->nw_frag & FLOW_NW_FRAG_ANY
                      ? (f->nw_frag & FLOW_NW_FRAG_LATER ? "later" : "first")
                      : (f->nw_frag & FLOW_NW_FRAG_LATER ? "<error>" : "no"));
        break;
    case FLOW_NW_FRAG_ANY:
        ds_put_format(s, "nw_frag=%s,",
                      f->nw_frag & FLOW_NW_FRAG_ANY ? "yes" : "no");
        break;
    case FLOW_NW_FRAG_LATER:
        ds_put_format(s, "nw_frag=%s,",
                      f->nw_frag & FLOW_NW_FRAG_LATER ? "later" : "not_later");
        break;
    }
}

/* The MPLS fields, in ovs-ofctl's order and decimal. */
static void
format_mpls(const struct match *match, struct ds *s)
{
    uint32_t lse = ntohl(match->flow.mpls_lse);
    uint32_t mask = ntohl(match->wc.masks.mpls_lse);

    if (mask & MPLS_LABEL_MASK) {
        ds_put_format(s, "mpls_label=%"PRIu32",",
                      (lse & MPLS_LABEL_MASK) >> MPLS_LABEL_SHIFT);
    }
    if (mask & MPLS_TC_MASK) {
        ds_put_format(s, "mpls_tc=%"PRIu32",",
                      (lse & MPLS_TC_MASK) >> MPLS_TC_SHIFT);
    }
    if (mask & MPLS_TTL_MASK) {
        ds_put_format(s, "mpls_ttl=%"PRIu32",", lse & MPLS_TTL_MASK);
    }
    if (mask & MPLS_BOS_MASK) {
        ds_put_format(s, "mpls_bos=%"PRIu32",",
                      (lse & MPLS_BOS_MASK) >> MPLS_BOS_SHIFT);
    }
}

static void
format_l4(const struct match *match, struct ds *s)
{
    const struct flow *f = &match->flow;
    const struct flow *m = &match->wc.masks;

    if (f->dl_type == htons(ETH_TYPE_IP) && f->nw_proto == IPPROTO_ICMP) {
        format_be16_masked(s, "icmp_type", f->tp_src, m->tp_src);
        format_be16_masked(s, "icmp_code", f->tp_dst, m->tp_dst);
    } else if (f->dl_type == htons(ETH_TYPE_IPV6)
               && f->nw_proto == IPPROTO_ICMPV6) {
        format_be16_masked(s, "icmp_type", f->tp_src, m->tp_src);
        format_be16_masked(s, "icmp_code", f->tp_dst, m->tp_dst);
        format_ipv6_masked(s, "nd_target", &f->nd_target, &m->nd_target);
        format_eth_masked(s, "nd_sll", f->arp_sha, m->arp_sha);
        format_eth_masked(s, "nd_tll", f->arp_tha, m->arp_tha);
    } else {
        format_be16_masked(s, "tp_src", f->tp_src, m->tp_src);
        format_be16_masked(s, "tp_dst", f->tp_dst, m->tp_dst);
    }
    if ((f->dl_type == htons(ETH_TYPE_IP)
         || f->dl_type == htons(ETH_TYPE_IPV6))
        && f->nw_proto == IPPROTO_TCP && (m->tcp_flags & htons(0x0fff))) {
        ds_put_cstr(s, "tcp_flags=");
        mf_format_tcp_flags(ntohs(f->tcp_flags), ntohs(m->tcp_flags), s);
        ds_put_char(s, ',');
    }
}

/* Appends 'match' (and 'priority' unless default or -1) in ovs-ofctl's
 * syntax. */
void
match_format(const struct match *match, int priority, struct ds *s,
             const char *(*port_name)(uint32_t port, void *aux), void *aux)
{
    const struct flow *f = &match->flow;
    const struct flow *m = &match->wc.masks;
    size_t start = s->length;
    bool skip_type, skip_proto;

    if (priority >= 0 && priority != OFP_DEFAULT_PRIORITY) {
        ds_put_format(s, "priority=%d,", priority);
    }
    format_u32_masked(s, "pkt_mark", f->pkt_mark, m->pkt_mark);
    if (m->skb_priority) {
        ds_put_format(s, "skb_priority=%#"PRIx32",", f->skb_priority);
    }
    skip_type = format_shorthand(match, s, &skip_proto);
    for (int i = 0; i < FLOW_N_REGS; i++) {
        char name[16];
        snprintf(name, sizeof name, "reg%d", i);
        format_u32_masked(s, name, f->regs[i], m->regs[i]);
    }
    format_be64_masked(s, "tun_id", f->tun_id, m->tun_id);
    format_ip_masked(s, "tun_src", f->tun_src, m->tun_src);
    format_ip_masked(s, "tun_dst", f->tun_dst, m->tun_dst);
    format_be64_masked(s, "metadata", f->metadata, m->metadata);
    if (m->in_port) {
        ds_put_cstr(s, "in_port=");
        mf_format_port(f->in_port, port_name, aux, s);
        ds_put_char(s, ',');
    }
    format_vlan(match, s);
    format_eth_masked(s, "dl_src", f->dl_src, m->dl_src);
    format_eth_masked(s, "dl_dst", f->dl_dst, m->dl_dst);
    if (!skip_type && m->dl_type) {
        ds_put_format(s, "dl_type=0x%04"PRIx16",", ntohs(f->dl_type));
    }
    format_mpls(match, s);
    format_l3(match, skip_proto, s);
    format_l4(match, s);
    if (s->length > start) {
        ds_chomp(s, ',');
    }
}

/* Returns 'match' formatted as match_format() does, to free. */
char *
match_to_string(const struct match *match, int priority)
{
    struct ds s;

    ds_init(&s);
    match_format(match, priority, &s, NULL, NULL);
    return ds_steal_cstr(&s);
}

/* ---- Parsing. ---- */

struct shorthand {
    const char *name;
    uint16_t dl_type;
    int nw_proto;               /* -1: none. */
};

static const struct shorthand shorthands[] = {
    { "ip", ETH_TYPE_IP, -1 },
    { "ipv4", ETH_TYPE_IP, -1 },
    { "icmp", ETH_TYPE_IP, IPPROTO_ICMP },
    { "tcp", ETH_TYPE_IP, IPPROTO_TCP },
    { "udp", ETH_TYPE_IP, IPPROTO_UDP },
    { "sctp", ETH_TYPE_IP, IPPROTO_SCTP },
    { "ipv6", ETH_TYPE_IPV6, -1 },
    { "ip6", ETH_TYPE_IPV6, -1 },
    { "icmp6", ETH_TYPE_IPV6, IPPROTO_ICMPV6 },
    { "tcp6", ETH_TYPE_IPV6, IPPROTO_TCP },
    { "udp6", ETH_TYPE_IPV6, IPPROTO_UDP },
    { "sctp6", ETH_TYPE_IPV6, IPPROTO_SCTP },
    { "arp", ETH_TYPE_ARP, -1 },
    { "rarp", ETH_TYPE_RARP, -1 },
    { "mpls", ETH_TYPE_MPLS, -1 },
    { "mplsm", ETH_TYPE_MPLS_MCAST, -1 },
};

/* Parses "NAME[=VALUE]" into 'match'. */
char *
match_parse_field(struct match *match, const char *name, const char *value,
                  uint32_t (*port_by_name)(const char *, void *), void *aux)
{
    const struct mf_field *mf;
    union mf_value v, m;
    char *error;

    for (size_t i = 0; i < ARRAY_SIZE(shorthands); i++) {
        if (!strcmp(name, shorthands[i].name)) {
            if (value && *value) {
                return xasprintf("%s: protocol shorthand takes no value",
                                 name);
            }
            match_set_dl_type(match, htons(shorthands[i].dl_type));
            if (shorthands[i].nw_proto >= 0) {
                match_set_nw_proto(match, shorthands[i].nw_proto);
            }
            return NULL;
        }
    }

    mf = mf_from_name(name);
    if (!mf) {
        return xasprintf("unknown keyword %s", name);
    }
    if (!value || !*value) {
        /* ovs-ofctl accepts a field without a value and ignores it. */
        return NULL;
    }
    if (mf->id == MFF_SKB_PRIORITY) {
        return xasprintf("%s: field may not be matched", name);
    }
    if (mf->id == MFF_DL_VLAN) {
        unsigned long long int n;
        if (str_to_ullong(value, 0, &n) && n == 0xffff) {
            /* OpenFlow 1.0's OFP_VLAN_NONE: no tag at all. */
            match->flow.vlans[0].tci = 0;
            match->wc.masks.vlans[0].tci = UINT16_MAX;
            return NULL;
        }
    }
    error = mf_parse(mf, value, port_by_name, aux, &v, &m);
    if (error) {
        return error;
    }
    mf_set(mf, &v, &m, match);
    return NULL;
}

/* The fields whose storage a match can use, by the prerequisites that
 * storage needs (fields sharing storage are tried in turn: tp_src is
 * valid for TCP, UDP, SCTP or, as icmp_type, ICMP). */
static bool
any_prereqs_ok(const struct match *match, const enum mf_field_id *ids,
               size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (mf_are_prereqs_ok(mf_from_id(ids[i]), &match->flow)) {
            return true;
        }
    }
    return false;
}

/* Returns NULL if every field 'match' matches has its prerequisites,
 * otherwise an error message naming the first that does not. */
char *
match_check_prereqs(const struct match *match)
{
    static const enum mf_field_id src_ids[] = {
        MFF_IPV4_SRC, MFF_ARP_SPA,
    };
    static const enum mf_field_id proto_ids[] = {
        MFF_IP_PROTO, MFF_ARP_OP,
    };
    static const enum mf_field_id tp_src_ids[] = {
        MFF_TCP_SRC, MFF_UDP_SRC, MFF_SCTP_SRC, MFF_ICMPV4_TYPE,
        MFF_ICMPV6_TYPE,
    };
    static const enum mf_field_id tp_dst_ids[] = {
        MFF_TCP_DST, MFF_UDP_DST, MFF_SCTP_DST, MFF_ICMPV4_CODE,
        MFF_ICMPV6_CODE,
    };
    static const enum mf_field_id sha_ids[] = { MFF_ARP_SHA, MFF_ND_SLL };
    static const enum mf_field_id tha_ids[] = { MFF_ARP_THA, MFF_ND_TLL };
    static const struct {
        const char *name;
        const enum mf_field_id *ids;
        size_t n;
        const char *needs;
    } groups[] = {
        { "nw_src", src_ids, 2, "ip or arp" },
        { "nw_dst", src_ids, 2, "ip or arp" },
        { "nw_proto", proto_ids, 2, "ip, ipv6 or arp" },
        { "tp_src", tp_src_ids, 5, "tcp, udp, sctp, icmp or icmp6" },
        { "tp_dst", tp_dst_ids, 5, "tcp, udp, sctp, icmp or icmp6" },
        { "arp_sha", sha_ids, 2, "arp, or icmp6 neighbor solicitation" },
        { "arp_tha", tha_ids, 2, "arp, or icmp6 neighbor advertisement" },
    };
    const struct flow *m = &match->wc.masks;
    const bool used[] = {
        m->nw_src != 0, m->nw_dst != 0, m->nw_proto != 0, m->tp_src != 0,
        m->tp_dst != 0, !eth_addr_is_zero(m->arp_sha),
        !eth_addr_is_zero(m->arp_tha),
    };

    for (size_t i = 0; i < ARRAY_SIZE(groups); i++) {
        if (used[i] && !any_prereqs_ok(match, groups[i].ids, groups[i].n)) {
            return xasprintf("%s requires %s", groups[i].name,
                             groups[i].needs);
        }
    }

    /* Fields with storage of their own. */
    static const enum mf_field_id own[] = {
        MFF_VLAN_PCP, MFF_IPV6_SRC, MFF_IPV6_DST, MFF_IPV6_LABEL,
        MFF_IP_DSCP, MFF_IP_ECN, MFF_IP_TTL, MFF_IP_FRAG, MFF_TCP_FLAGS,
        MFF_ND_TARGET, MFF_MPLS_LABEL, MFF_MPLS_TC, MFF_MPLS_BOS,
        MFF_MPLS_TTL,
    };
    for (size_t i = 0; i < ARRAY_SIZE(own); i++) {
        const struct mf_field *mf = mf_from_id(own[i]);
        if (own[i] == MFF_VLAN_PCP) {
            /* dl_vlan_pcp implies a tag, so the VID prerequisite of the
             * OXM field is always met by a match that has it. */
            continue;
        }
        if (!mf_is_all_wild(mf, &match->wc)
            && !mf_are_prereqs_ok(mf, &match->flow)) {
            return xasprintf("%s requires %s", mf->name,
                             mf->prereqs == MFP_IPV6 ? "ipv6"
                             : mf->prereqs == MFP_TCP ? "tcp or tcp6"
                             : mf->prereqs == MFP_ND
                             ? "icmp6 with icmp_type 135 or 136"
                             : mf->prereqs == MFP_MPLS ? "mpls or mplsm"
                             : "ip or ipv6");
        }
    }
    return NULL;
}
