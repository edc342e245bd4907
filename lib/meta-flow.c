#include <config.h>
#include "osw/meta-flow.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "osw/match.h"
#include "osw/util.h"

#define NXM_HDR(CLASS, FIELD, LEN) \
    (((uint32_t) (CLASS) << 16) | ((uint32_t) (FIELD) << 9) | (LEN))
#define NXM0(FIELD, LEN) NXM_HDR(0x0000, FIELD, LEN)
#define NXM1(FIELD, LEN) NXM_HDR(0x0001, FIELD, LEN)
#define OXM(FIELD, LEN) NXM_HDR(0x8000, FIELD, LEN)

#define NOT_REACHED() \
    osw_assert_failure(__FILE__, __LINE__, __func__, "not reached")
#define IP_FMT "%u.%u.%u.%u"
#define IP_ARGS(IP)                                     \
    (unsigned int) (ntohl(IP) >> 24),                   \
    (unsigned int) ((ntohl(IP) >> 16) & 0xff),          \
    (unsigned int) ((ntohl(IP) >> 8) & 0xff),           \
    (unsigned int) (ntohl(IP) & 0xff)

/* OpenFlow versions (wire numbers). */
#define V12 0x03
#define V13 0x04
#define V15 0x06

#define F(ID, NAME, EXTRA, BYTES, BITS, MASK, STR, PRE, WR, NXM, OXMH, V) \
    [ID] = { ID, NAME, EXTRA, BYTES, BITS, MASK, STR, PRE, WR, NXM, OXMH, V }

static const struct mf_field mf_fields[MFF_N_IDS] = {
    F(MFF_TUN_ID, "tun_id", "tunnel_id", 8, 64, MFM_FULLY,
      MFS_HEXADECIMAL, MFP_NONE, true, NXM1(16, 8), OXM(38, 8), V13),
    F(MFF_TUN_SRC, "tun_src", NULL, 4, 32, MFM_FULLY, MFS_IPV4, MFP_NONE,
      true, NXM1(31, 4), 0, 0),
    F(MFF_TUN_DST, "tun_dst", NULL, 4, 32, MFM_FULLY, MFS_IPV4, MFP_NONE,
      true, NXM1(32, 4), 0, 0),
    F(MFF_METADATA, "metadata", NULL, 8, 64, MFM_FULLY, MFS_HEXADECIMAL,
      MFP_NONE, true, 0, OXM(2, 8), V12),
    F(MFF_IN_PORT, "in_port", NULL, 2, 16, MFM_NONE, MFS_OFP_PORT,
      MFP_NONE, true, NXM0(0, 2), 0, 0),
    F(MFF_IN_PORT_OXM, "in_port_oxm", NULL, 4, 32, MFM_NONE,
      MFS_OFP_PORT_OXM, MFP_NONE, true, 0, OXM(0, 4), V12),
    F(MFF_IN_PHY_PORT, "in_phy_port", NULL, 4, 32, MFM_NONE,
      MFS_OFP_PORT_OXM, MFP_NONE, false, 0, OXM(1, 4), V12),
    F(MFF_SKB_PRIORITY, "skb_priority", NULL, 4, 32, MFM_NONE,
      MFS_HEXADECIMAL, MFP_NONE, true, 0, 0, 0),
    F(MFF_PKT_MARK, "pkt_mark", NULL, 4, 32, MFM_FULLY, MFS_HEXADECIMAL,
      MFP_NONE, true, NXM1(33, 4), 0, 0),
#define REG(N) F(MFF_REG##N, "reg" #N, NULL, 4, 32, MFM_FULLY, \
                 MFS_HEXADECIMAL, MFP_NONE, true, NXM1(N, 4), 0, 0)
    REG(0), REG(1), REG(2), REG(3), REG(4), REG(5), REG(6), REG(7),
#undef REG

    F(MFF_ETH_SRC, "eth_src", "dl_src", 6, 48, MFM_FULLY, MFS_ETHERNET,
      MFP_NONE, true, NXM0(2, 6), OXM(4, 6), V12),
    F(MFF_ETH_DST, "eth_dst", "dl_dst", 6, 48, MFM_FULLY, MFS_ETHERNET,
      MFP_NONE, true, NXM0(1, 6), OXM(3, 6), V12),
    F(MFF_ETH_TYPE, "eth_type", "dl_type", 2, 16, MFM_NONE,
      MFS_HEXADECIMAL, MFP_NONE, false, NXM0(3, 2), OXM(5, 2), V12),
    F(MFF_VLAN_TCI, "vlan_tci", NULL, 2, 16, MFM_FULLY, MFS_HEXADECIMAL,
      MFP_NONE, true, NXM0(4, 2), 0, 0),
    F(MFF_DL_VLAN, "dl_vlan", NULL, 2, 12, MFM_NONE, MFS_DECIMAL,
      MFP_NONE, true, 0, 0, 0),
    F(MFF_VLAN_VID, "vlan_vid", NULL, 2, 13, MFM_FULLY, MFS_DECIMAL,
      MFP_NONE, true, 0, OXM(6, 2), V12),
    F(MFF_DL_VLAN_PCP, "dl_vlan_pcp", NULL, 1, 3, MFM_NONE, MFS_DECIMAL,
      MFP_NONE, true, 0, 0, 0),
    F(MFF_VLAN_PCP, "vlan_pcp", NULL, 1, 3, MFM_NONE, MFS_DECIMAL,
      MFP_VLAN_VID, true, 0, OXM(7, 1), V12),

    /* As the OpenFlow 1.3 spec and Open vSwitch: not maskable; the
     * bottom-of-stack bit follows the stack and cannot be written. */
    F(MFF_MPLS_LABEL, "mpls_label", NULL, 4, 20, MFM_NONE, MFS_DECIMAL,
      MFP_MPLS, true, 0, OXM(34, 4), V12),
    F(MFF_MPLS_TC, "mpls_tc", NULL, 1, 3, MFM_NONE, MFS_DECIMAL, MFP_MPLS,
      true, 0, OXM(35, 1), V12),
    F(MFF_MPLS_BOS, "mpls_bos", NULL, 1, 1, MFM_NONE, MFS_DECIMAL,
      MFP_MPLS, false, 0, OXM(36, 1), V13),
    F(MFF_MPLS_TTL, "mpls_ttl", NULL, 1, 8, MFM_NONE, MFS_DECIMAL,
      MFP_MPLS, true, NXM1(30, 1), 0, 0),

    F(MFF_IPV4_SRC, "ip_src", "nw_src", 4, 32, MFM_FULLY, MFS_IPV4,
      MFP_IPV4, true, NXM0(7, 4), OXM(11, 4), V12),
    F(MFF_IPV4_DST, "ip_dst", "nw_dst", 4, 32, MFM_FULLY, MFS_IPV4,
      MFP_IPV4, true, NXM0(8, 4), OXM(12, 4), V12),
    F(MFF_IPV6_SRC, "ipv6_src", NULL, 16, 128, MFM_FULLY, MFS_IPV6,
      MFP_IPV6, true, NXM1(19, 16), OXM(26, 16), V12),
    F(MFF_IPV6_DST, "ipv6_dst", NULL, 16, 128, MFM_FULLY, MFS_IPV6,
      MFP_IPV6, true, NXM1(20, 16), OXM(27, 16), V12),
    F(MFF_IPV6_LABEL, "ipv6_label", NULL, 4, 20, MFM_FULLY,
      MFS_HEXADECIMAL, MFP_IPV6, true, NXM1(27, 4), OXM(28, 4), V12),
    F(MFF_IP_PROTO, "nw_proto", "ip_proto", 1, 8, MFM_NONE, MFS_DECIMAL,
      MFP_IP_ANY, false, NXM0(6, 1), OXM(10, 1), V12),
    F(MFF_IP_DSCP, "ip_dscp", NULL, 1, 6, MFM_NONE, MFS_DECIMAL,
      MFP_IP_ANY, true, 0, OXM(8, 1), V12),
    F(MFF_IP_DSCP_SHIFTED, "nw_tos", NULL, 1, 8, MFM_NONE, MFS_DECIMAL,
      MFP_IP_ANY, true, NXM0(5, 1), 0, 0),
    F(MFF_IP_ECN, "nw_ecn", "ip_ecn", 1, 2, MFM_NONE, MFS_DECIMAL,
      MFP_IP_ANY, true, NXM1(28, 1), OXM(9, 1), V12),
    F(MFF_IP_TTL, "nw_ttl", NULL, 1, 8, MFM_NONE, MFS_DECIMAL, MFP_IP_ANY,
      true, NXM1(29, 1), 0, 0),
    F(MFF_IP_FRAG, "ip_frag", "nw_frag", 1, 2, MFM_FULLY, MFS_FRAG,
      MFP_IP_ANY, false, NXM1(26, 1), 0, 0),
    F(MFF_ARP_OP, "arp_op", NULL, 2, 16, MFM_NONE, MFS_DECIMAL, MFP_ARP,
      true, NXM0(15, 2), OXM(21, 2), V12),
    F(MFF_ARP_SPA, "arp_spa", NULL, 4, 32, MFM_FULLY, MFS_IPV4, MFP_ARP,
      true, NXM0(16, 4), OXM(22, 4), V12),
    F(MFF_ARP_TPA, "arp_tpa", NULL, 4, 32, MFM_FULLY, MFS_IPV4, MFP_ARP,
      true, NXM0(17, 4), OXM(23, 4), V12),
    F(MFF_ARP_SHA, "arp_sha", NULL, 6, 48, MFM_FULLY, MFS_ETHERNET,
      MFP_ARP, true, NXM1(17, 6), OXM(24, 6), V12),
    F(MFF_ARP_THA, "arp_tha", NULL, 6, 48, MFM_FULLY, MFS_ETHERNET,
      MFP_ARP, true, NXM1(18, 6), OXM(25, 6), V12),

    F(MFF_TCP_SRC, "tcp_src", "tp_src", 2, 16, MFM_FULLY, MFS_DECIMAL,
      MFP_TCP, true, NXM0(9, 2), OXM(13, 2), V12),
    F(MFF_TCP_DST, "tcp_dst", "tp_dst", 2, 16, MFM_FULLY, MFS_DECIMAL,
      MFP_TCP, true, NXM0(10, 2), OXM(14, 2), V12),
    F(MFF_TCP_FLAGS, "tcp_flags", NULL, 2, 12, MFM_FULLY, MFS_TCP_FLAGS,
      MFP_TCP, false, NXM1(34, 2), OXM(42, 2), V15),
    F(MFF_UDP_SRC, "udp_src", NULL, 2, 16, MFM_FULLY, MFS_DECIMAL,
      MFP_UDP, true, NXM0(11, 2), OXM(15, 2), V12),
    F(MFF_UDP_DST, "udp_dst", NULL, 2, 16, MFM_FULLY, MFS_DECIMAL,
      MFP_UDP, true, NXM0(12, 2), OXM(16, 2), V12),
    F(MFF_SCTP_SRC, "sctp_src", NULL, 2, 16, MFM_FULLY, MFS_DECIMAL,
      MFP_SCTP, true, 0, OXM(17, 2), V12),
    F(MFF_SCTP_DST, "sctp_dst", NULL, 2, 16, MFM_FULLY, MFS_DECIMAL,
      MFP_SCTP, true, 0, OXM(18, 2), V12),
    F(MFF_ICMPV4_TYPE, "icmp_type", NULL, 1, 8, MFM_NONE, MFS_DECIMAL,
      MFP_ICMPV4, true, NXM0(13, 1), OXM(19, 1), V12),
    F(MFF_ICMPV4_CODE, "icmp_code", NULL, 1, 8, MFM_NONE, MFS_DECIMAL,
      MFP_ICMPV4, true, NXM0(14, 1), OXM(20, 1), V12),
    F(MFF_ICMPV6_TYPE, "icmpv6_type", NULL, 1, 8, MFM_NONE, MFS_DECIMAL,
      MFP_ICMPV6, true, NXM1(21, 1), OXM(29, 1), V12),
    F(MFF_ICMPV6_CODE, "icmpv6_code", NULL, 1, 8, MFM_NONE, MFS_DECIMAL,
      MFP_ICMPV6, true, NXM1(22, 1), OXM(30, 1), V12),
    F(MFF_ND_TARGET, "nd_target", NULL, 16, 128, MFM_FULLY, MFS_IPV6,
      MFP_ND, true, NXM1(23, 16), OXM(31, 16), V12),
    F(MFF_ND_SLL, "nd_sll", NULL, 6, 48, MFM_FULLY, MFS_ETHERNET,
      MFP_ND_SOLICIT, true, NXM1(24, 6), OXM(32, 6), V12),
    F(MFF_ND_TLL, "nd_tll", NULL, 6, 48, MFM_FULLY, MFS_ETHERNET,
      MFP_ND_ADVERT, true, NXM1(25, 6), OXM(33, 6), V12),
};
#undef F

/* Names of the wire headers, for subfield syntax ("NXM_NX_REG0[]"). */
static const char *const mf_nxm_names[MFF_N_IDS] = {
    [MFF_TUN_ID] = "NXM_NX_TUN_ID",
    [MFF_TUN_SRC] = "NXM_NX_TUN_IPV4_SRC",
    [MFF_TUN_DST] = "NXM_NX_TUN_IPV4_DST",
    [MFF_IN_PORT] = "NXM_OF_IN_PORT",
    [MFF_PKT_MARK] = "NXM_NX_PKT_MARK",
    [MFF_REG0] = "NXM_NX_REG0", [MFF_REG1] = "NXM_NX_REG1",
    [MFF_REG2] = "NXM_NX_REG2", [MFF_REG3] = "NXM_NX_REG3",
    [MFF_REG4] = "NXM_NX_REG4", [MFF_REG5] = "NXM_NX_REG5",
    [MFF_REG6] = "NXM_NX_REG6", [MFF_REG7] = "NXM_NX_REG7",
    [MFF_ETH_SRC] = "NXM_OF_ETH_SRC",
    [MFF_ETH_DST] = "NXM_OF_ETH_DST",
    [MFF_ETH_TYPE] = "NXM_OF_ETH_TYPE",
    [MFF_VLAN_TCI] = "NXM_OF_VLAN_TCI",
    [MFF_MPLS_TTL] = "NXM_NX_MPLS_TTL",
    [MFF_IPV4_SRC] = "NXM_OF_IP_SRC",
    [MFF_IPV4_DST] = "NXM_OF_IP_DST",
    [MFF_IPV6_SRC] = "NXM_NX_IPV6_SRC",
    [MFF_IPV6_DST] = "NXM_NX_IPV6_DST",
    [MFF_IPV6_LABEL] = "NXM_NX_IPV6_LABEL",
    [MFF_IP_PROTO] = "NXM_OF_IP_PROTO",
    [MFF_IP_DSCP_SHIFTED] = "NXM_OF_IP_TOS",
    [MFF_IP_ECN] = "NXM_NX_IP_ECN",
    [MFF_IP_TTL] = "NXM_NX_IP_TTL",
    [MFF_IP_FRAG] = "NXM_NX_IP_FRAG",
    [MFF_ARP_OP] = "NXM_OF_ARP_OP",
    [MFF_ARP_SPA] = "NXM_OF_ARP_SPA",
    [MFF_ARP_TPA] = "NXM_OF_ARP_TPA",
    [MFF_ARP_SHA] = "NXM_NX_ARP_SHA",
    [MFF_ARP_THA] = "NXM_NX_ARP_THA",
    [MFF_TCP_SRC] = "NXM_OF_TCP_SRC",
    [MFF_TCP_DST] = "NXM_OF_TCP_DST",
    [MFF_TCP_FLAGS] = "NXM_NX_TCP_FLAGS",
    [MFF_UDP_SRC] = "NXM_OF_UDP_SRC",
    [MFF_UDP_DST] = "NXM_OF_UDP_DST",
    [MFF_ICMPV4_TYPE] = "NXM_OF_ICMP_TYPE",
    [MFF_ICMPV4_CODE] = "NXM_OF_ICMP_CODE",
    [MFF_ICMPV6_TYPE] = "NXM_NX_ICMPV6_TYPE",
    [MFF_ICMPV6_CODE] = "NXM_NX_ICMPV6_CODE",
    [MFF_ND_TARGET] = "NXM_NX_ND_TARGET",
    [MFF_ND_SLL] = "NXM_NX_ND_SLL",
    [MFF_ND_TLL] = "NXM_NX_ND_TLL",
};

static const char *const mf_oxm_names[MFF_N_IDS] = {
    [MFF_TUN_ID] = "OXM_OF_TUNNEL_ID",
    [MFF_METADATA] = "OXM_OF_METADATA",
    [MFF_IN_PORT_OXM] = "OXM_OF_IN_PORT",
    [MFF_IN_PHY_PORT] = "OXM_OF_IN_PHY_PORT",
    [MFF_ETH_SRC] = "OXM_OF_ETH_SRC",
    [MFF_ETH_DST] = "OXM_OF_ETH_DST",
    [MFF_ETH_TYPE] = "OXM_OF_ETH_TYPE",
    [MFF_VLAN_VID] = "OXM_OF_VLAN_VID",
    [MFF_VLAN_PCP] = "OXM_OF_VLAN_PCP",
    [MFF_MPLS_LABEL] = "OXM_OF_MPLS_LABEL",
    [MFF_MPLS_TC] = "OXM_OF_MPLS_TC",
    [MFF_MPLS_BOS] = "OXM_OF_MPLS_BOS",
    [MFF_IPV4_SRC] = "OXM_OF_IPV4_SRC",
    [MFF_IPV4_DST] = "OXM_OF_IPV4_DST",
    [MFF_IPV6_SRC] = "OXM_OF_IPV6_SRC",
    [MFF_IPV6_DST] = "OXM_OF_IPV6_DST",
    [MFF_IPV6_LABEL] = "OXM_OF_IPV6_FLABEL",
    [MFF_IP_PROTO] = "OXM_OF_IP_PROTO",
    [MFF_IP_DSCP] = "OXM_OF_IP_DSCP",
    [MFF_IP_ECN] = "OXM_OF_IP_ECN",
    [MFF_ARP_OP] = "OXM_OF_ARP_OP",
    [MFF_ARP_SPA] = "OXM_OF_ARP_SPA",
    [MFF_ARP_TPA] = "OXM_OF_ARP_TPA",
    [MFF_ARP_SHA] = "OXM_OF_ARP_SHA",
    [MFF_ARP_THA] = "OXM_OF_ARP_THA",
    [MFF_TCP_SRC] = "OXM_OF_TCP_SRC",
    [MFF_TCP_DST] = "OXM_OF_TCP_DST",
    [MFF_TCP_FLAGS] = "OXM_OF_TCP_FLAGS",
    [MFF_UDP_SRC] = "OXM_OF_UDP_SRC",
    [MFF_UDP_DST] = "OXM_OF_UDP_DST",
    [MFF_SCTP_SRC] = "OXM_OF_SCTP_SRC",
    [MFF_SCTP_DST] = "OXM_OF_SCTP_DST",
    [MFF_ICMPV4_TYPE] = "OXM_OF_ICMPV4_TYPE",
    [MFF_ICMPV4_CODE] = "OXM_OF_ICMPV4_CODE",
    [MFF_ICMPV6_TYPE] = "OXM_OF_ICMPV6_TYPE",
    [MFF_ICMPV6_CODE] = "OXM_OF_ICMPV6_CODE",
    [MFF_ND_TARGET] = "OXM_OF_IPV6_ND_TARGET",
    [MFF_ND_SLL] = "OXM_OF_IPV6_ND_SLL",
    [MFF_ND_TLL] = "OXM_OF_IPV6_ND_TLL",
};

/* Field lookup by (class, field) for the three classes with codes. */
static uint8_t nxm0_index[128], nxm1_index[128], oxm_index[128];

/* Names and aliases, sorted, for binary search (the flow parser looks up
 * every field of every flow it reads). */
struct mf_name {
    const char *name;
    const struct mf_field *mf;
};
static struct mf_name mf_names[2 * MFF_N_IDS];
static size_t n_mf_names;

static int
compare_names(const void *a_, const void *b_)
{
    const struct mf_name *a = a_;
    const struct mf_name *b = b_;
    return strcmp(a->name, b->name);
}

__attribute__((constructor)) static void
mf_init_indexes(void)
{
    for (int i = 0; i < MFF_N_IDS; i++) {
        mf_names[n_mf_names++] = (struct mf_name) { mf_fields[i].name,
                                                    &mf_fields[i] };
        if (mf_fields[i].extra_name) {
            mf_names[n_mf_names++] = (struct mf_name) {
                mf_fields[i].extra_name, &mf_fields[i] };
        }
    }
    qsort(mf_names, n_mf_names, sizeof *mf_names, compare_names);

    for (int i = 0; i < MFF_N_IDS; i++) {
        const struct mf_field *mf = &mf_fields[i];
        if (mf->nxm_header) {
            uint8_t *idx = (mf->nxm_header >> 16) ? nxm1_index : nxm0_index;
            idx[(mf->nxm_header >> 9) & 0x7f] = i + 1;
        }
        if (mf->oxm_header) {
            oxm_index[(mf->oxm_header >> 9) & 0x7f] = i + 1;
        }
    }
}

/* Returns the field with id 'id'. */
const struct mf_field *
mf_from_id(enum mf_field_id id)
{
    osw_assert((unsigned int) id < MFF_N_IDS);
    return &mf_fields[id];
}

/* Returns the field named 'name' (or an alias), or NULL. */
const struct mf_field *
mf_from_name(const char *name)
{
    return mf_from_name_len(name, strlen(name));
}

static bool
name_equals(const char *a, const char *b, size_t len)
{
    return a && !strncmp(a, b, len) && a[len] == '\0';
}

/* Returns the field whose name or alias is the 'len' bytes at 'name', or
 * NULL. */
const struct mf_field *
mf_from_name_len(const char *name, size_t len)
{
    size_t lo = 0, hi = n_mf_names;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *candidate = mf_names[mid].name;
        int cmp = strncmp(name, candidate, len);

        if (!cmp && candidate[len]) {
            cmp = -1;           /* 'name' is a prefix of 'candidate'. */
        }
        if (!cmp) {
            return mf_names[mid].mf;
        } else if (cmp < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return NULL;
}

/* Returns the field whose NXM or OXM header name ("NXM_NX_REG0",
 * "OXM_OF_IP_DSCP") is the 'len' bytes at 'name', or NULL. */
const struct mf_field *
mf_from_wire_name_len(const char *name, size_t len)
{
    for (int i = 0; i < MFF_N_IDS; i++) {
        if (name_equals(mf_nxm_names[i], name, len)
            || name_equals(mf_oxm_names[i], name, len)) {
            return &mf_fields[i];
        }
    }
    return NULL;
}

/* Returns the name under which subfields of 'mf' are printed: its NXM
 * name, else its OXM name, else its field name. */
const char *
mf_wire_name(const struct mf_field *mf)
{
    return (mf_nxm_names[mf->id] ? mf_nxm_names[mf->id]
            : mf_oxm_names[mf->id] ? mf_oxm_names[mf->id]
            : mf->name);
}

/* Returns the field that NXM/OXM 'header' names (class and field only),
 * or NULL. */
const struct mf_field *
mf_from_nxm_header(uint32_t header)
{
    unsigned int class = header >> 16;
    unsigned int field = (header >> 9) & 0x7f;
    uint8_t idx = (class == 0x0000 ? nxm0_index[field]
                   : class == 0x0001 ? nxm1_index[field]
                   : class == 0x8000 ? oxm_index[field]
                   : 0);
    return idx ? &mf_fields[idx - 1] : NULL;
}

/* Returns the header of 'mf' for NXM matches and actions. */
uint32_t
mf_nxm_header(const struct mf_field *mf)
{
    return mf->nxm_header ? mf->nxm_header : mf->oxm_header;
}

/* Returns the header of 'mf' for OXM in OpenFlow 'version'. */
uint32_t
mf_oxm_header(const struct mf_field *mf, uint8_t version)
{
    if (mf->oxm_header && version >= mf->oxm_version) {
        return mf->oxm_header;
    }
    return mf->nxm_header;
}

/* Ports: OpenFlow 1.1+ 32-bit numbers vs. the 16-bit ones of a flow. */
static uint32_t
port_to_ofp11(uint16_t port)
{
    return port >= 0xff00 ? (uint32_t) port + 0xffff0000u : port;
}

static bool
port_from_ofp11(uint32_t port, uint16_t *portp)
{
    if (port < 0xff00) {
        *portp = port;
        return true;
    } else if (port >= 0xffffff00u) {
        *portp = port - 0xffff0000u;
        return true;
    }
    *portp = 0xffff;
    return false;
}

/* All-ones over 'mf''s meaningful bits, in value layout. */
static void
mf_bits(const struct mf_field *mf, union mf_value *bits)
{
    memset(bits, 0, sizeof *bits);
    if (mf->id == MFF_IP_DSCP_SHIFTED) {
        bits->u8 = IP_DSCP_MASK;
        return;
    } else if (mf->id == MFF_ARP_OP) {
        /* The flow keeps only the opcode's low byte. */
        bits->be16 = htons(0xff);
        return;
    }
    unsigned int full = mf->n_bits / 8;
    unsigned int rest = mf->n_bits % 8;
    memset(&bits->bytes[mf->n_bytes - full], 0xff, full);
    if (rest) {
        bits->bytes[mf->n_bytes - full - 1] = (1u << rest) - 1;
    }
}

static bool
value_within(const struct mf_field *mf, const union mf_value *v)
{
    union mf_value bits;
    mf_bits(mf, &bits);
    for (unsigned int i = 0; i < mf->n_bytes; i++) {
        if (v->bytes[i] & ~bits.bytes[i]) {
            return false;
        }
    }
    return true;
}

/* True if 'mask' covers every meaningful bit of 'mf'. */
bool
mf_mask_is_exact(const struct mf_field *mf, const union mf_value *mask)
{
    union mf_value bits;
    mf_bits(mf, &bits);
    for (unsigned int i = 0; i < mf->n_bytes; i++) {
        if ((mask->bytes[i] & bits.bytes[i]) != bits.bytes[i]) {
            return false;
        }
    }
    return true;
}

static bool
mask_is_zero(const struct mf_field *mf, const union mf_value *mask)
{
    union mf_value bits;
    mf_bits(mf, &bits);
    for (unsigned int i = 0; i < mf->n_bytes; i++) {
        if (mask->bytes[i] & bits.bytes[i]) {
            return false;
        }
    }
    return true;
}

/* Reads the bits of 'mf' from 'f' (a flow or a mask) without any
 * conversion beyond placing them in value layout. */
static void
get_raw(const struct mf_field *mf, const struct flow *f, union mf_value *v)
{
    memset(v, 0, sizeof *v);
    switch (mf->id) {
    case MFF_TUN_ID: v->be64 = f->tun_id; break;
    case MFF_TUN_SRC: v->be32 = f->tun_src; break;
    case MFF_TUN_DST: v->be32 = f->tun_dst; break;
    case MFF_METADATA: v->be64 = f->metadata; break;
    case MFF_IN_PORT: v->be16 = htons(f->in_port); break;
    case MFF_IN_PORT_OXM:
    case MFF_IN_PHY_PORT:
        v->be32 = htonl(port_to_ofp11(f->in_port));
        break;
    case MFF_SKB_PRIORITY: v->be32 = htonl(f->skb_priority); break;
    case MFF_PKT_MARK: v->be32 = htonl(f->pkt_mark); break;
    case MFF_REG0: case MFF_REG1: case MFF_REG2: case MFF_REG3:
    case MFF_REG4: case MFF_REG5: case MFF_REG6: case MFF_REG7:
        v->be32 = htonl(f->regs[mf->id - MFF_REG0]);
        break;
    case MFF_ETH_SRC: v->mac = f->dl_src; break;
    case MFF_ETH_DST: v->mac = f->dl_dst; break;
    case MFF_ETH_TYPE: v->be16 = f->dl_type; break;
    case MFF_VLAN_TCI: v->be16 = f->vlans[0].tci; break;
    case MFF_DL_VLAN: v->be16 = f->vlans[0].tci & htons(VLAN_VID_MASK); break;
    case MFF_VLAN_VID:
        v->be16 = f->vlans[0].tci & htons(VLAN_VID_MASK | VLAN_CFI);
        break;
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        v->u8 = vlan_tci_to_pcp(f->vlans[0].tci);
        break;
    case MFF_MPLS_LABEL:
        v->be32 = htonl((ntohl(f->mpls_lse) & MPLS_LABEL_MASK)
                        >> MPLS_LABEL_SHIFT);
        break;
    case MFF_MPLS_TC:
        v->u8 = (ntohl(f->mpls_lse) & MPLS_TC_MASK) >> MPLS_TC_SHIFT;
        break;
    case MFF_MPLS_BOS:
        v->u8 = (ntohl(f->mpls_lse) & MPLS_BOS_MASK) >> MPLS_BOS_SHIFT;
        break;
    case MFF_MPLS_TTL: v->u8 = ntohl(f->mpls_lse) & MPLS_TTL_MASK; break;
    case MFF_IPV4_SRC: case MFF_ARP_SPA: v->be32 = f->nw_src; break;
    case MFF_IPV4_DST: case MFF_ARP_TPA: v->be32 = f->nw_dst; break;
    case MFF_IPV6_SRC: v->ipv6 = f->ipv6_src; break;
    case MFF_IPV6_DST: v->ipv6 = f->ipv6_dst; break;
    case MFF_IPV6_LABEL: v->be32 = f->ipv6_label; break;
    case MFF_IP_PROTO: v->u8 = f->nw_proto; break;
    case MFF_IP_DSCP: v->u8 = f->nw_tos >> 2; break;
    case MFF_IP_DSCP_SHIFTED: v->u8 = f->nw_tos & IP_DSCP_MASK; break;
    case MFF_IP_ECN: v->u8 = f->nw_tos & IP_ECN_MASK; break;
    case MFF_IP_TTL: v->u8 = f->nw_ttl; break;
    case MFF_IP_FRAG: v->u8 = f->nw_frag & FLOW_NW_FRAG_MASK; break;
    case MFF_ARP_OP: v->be16 = htons(f->nw_proto); break;
    case MFF_ARP_SHA: case MFF_ND_SLL: v->mac = f->arp_sha; break;
    case MFF_ARP_THA: case MFF_ND_TLL: v->mac = f->arp_tha; break;
    case MFF_TCP_SRC: case MFF_UDP_SRC: case MFF_SCTP_SRC:
        v->be16 = f->tp_src;
        break;
    case MFF_TCP_DST: case MFF_UDP_DST: case MFF_SCTP_DST:
        v->be16 = f->tp_dst;
        break;
    case MFF_TCP_FLAGS: v->be16 = f->tcp_flags & htons(0x0fff); break;
    case MFF_ICMPV4_TYPE: case MFF_ICMPV6_TYPE:
        v->u8 = ntohs(f->tp_src);
        break;
    case MFF_ICMPV4_CODE: case MFF_ICMPV6_CODE:
        v->u8 = ntohs(f->tp_dst);
        break;
    case MFF_ND_TARGET: v->ipv6 = f->nd_target; break;
    case MFF_N_IDS: default: NOT_REACHED();
    }
}

/* Replaces the bits 'mask' of 'f''s MPLS label stack entry by 'x' shifted
 * left by 'shift'. */
static void
set_lse_bits(struct flow *f, uint32_t x, uint32_t mask, int shift)
{
    uint32_t lse = ntohl(f->mpls_lse);

    f->mpls_lse = htonl((lse & ~mask) | ((x << shift) & mask));
}

/* Writes 'v' into the bits of 'mf' in 'f', leaving other bits alone.
 * 'is_mask': 'f' is a mask (port numbers then are not converted). */
static void
set_raw(const struct mf_field *mf, const union mf_value *v, struct flow *f,
        bool is_mask)
{
    uint16_t port;

    switch (mf->id) {
    case MFF_TUN_ID: f->tun_id = v->be64; break;
    case MFF_TUN_SRC: f->tun_src = v->be32; break;
    case MFF_TUN_DST: f->tun_dst = v->be32; break;
    case MFF_METADATA: f->metadata = v->be64; break;
    case MFF_IN_PORT:
        f->in_port = is_mask ? (v->be16 ? UINT32_MAX : 0) : ntohs(v->be16);
        break;
    case MFF_IN_PORT_OXM:
    case MFF_IN_PHY_PORT:
        if (is_mask) {
            f->in_port = v->be32 ? UINT32_MAX : 0;
        } else {
            port_from_ofp11(ntohl(v->be32), &port);
            f->in_port = port;
        }
        break;
    case MFF_SKB_PRIORITY: f->skb_priority = ntohl(v->be32); break;
    case MFF_PKT_MARK: f->pkt_mark = ntohl(v->be32); break;
    case MFF_REG0: case MFF_REG1: case MFF_REG2: case MFF_REG3:
    case MFF_REG4: case MFF_REG5: case MFF_REG6: case MFF_REG7:
        f->regs[mf->id - MFF_REG0] = ntohl(v->be32);
        break;
    case MFF_ETH_SRC: f->dl_src = v->mac; break;
    case MFF_ETH_DST: f->dl_dst = v->mac; break;
    case MFF_ETH_TYPE: f->dl_type = v->be16; break;
    case MFF_VLAN_TCI: f->vlans[0].tci = v->be16; break;
    case MFF_DL_VLAN:
        f->vlans[0].tci = ((f->vlans[0].tci & ~htons(VLAN_VID_MASK))
                           | (v->be16 & htons(VLAN_VID_MASK)));
        break;
    case MFF_VLAN_VID:
        f->vlans[0].tci = ((f->vlans[0].tci
                            & ~htons(VLAN_VID_MASK | VLAN_CFI))
                           | (v->be16 & htons(VLAN_VID_MASK | VLAN_CFI)));
        break;
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        f->vlans[0].tci = ((f->vlans[0].tci & ~htons(VLAN_PCP_MASK))
                           | htons((v->u8 & 7) << VLAN_PCP_SHIFT));
        break;
    case MFF_MPLS_LABEL:
        set_lse_bits(f, ntohl(v->be32), MPLS_LABEL_MASK, MPLS_LABEL_SHIFT);
        break;
    case MFF_MPLS_TC:
        set_lse_bits(f, v->u8, MPLS_TC_MASK, MPLS_TC_SHIFT);
        break;
    case MFF_MPLS_BOS:
        set_lse_bits(f, v->u8, MPLS_BOS_MASK, MPLS_BOS_SHIFT);
        break;
    case MFF_MPLS_TTL:
        set_lse_bits(f, v->u8, MPLS_TTL_MASK, MPLS_TTL_SHIFT);
        break;
    case MFF_IPV4_SRC: case MFF_ARP_SPA: f->nw_src = v->be32; break;
    case MFF_IPV4_DST: case MFF_ARP_TPA: f->nw_dst = v->be32; break;
    case MFF_IPV6_SRC: f->ipv6_src = v->ipv6; break;
    case MFF_IPV6_DST: f->ipv6_dst = v->ipv6; break;
    case MFF_IPV6_LABEL: f->ipv6_label = v->be32 & htonl(0xfffff); break;
    case MFF_IP_PROTO: f->nw_proto = v->u8; break;
    case MFF_IP_DSCP:
        f->nw_tos = (f->nw_tos & IP_ECN_MASK) | ((v->u8 << 2) & 0xfc);
        break;
    case MFF_IP_DSCP_SHIFTED:
        f->nw_tos = (f->nw_tos & IP_ECN_MASK) | (v->u8 & IP_DSCP_MASK);
        break;
    case MFF_IP_ECN:
        f->nw_tos = (f->nw_tos & IP_DSCP_MASK) | (v->u8 & IP_ECN_MASK);
        break;
    case MFF_IP_TTL: f->nw_ttl = v->u8; break;
    case MFF_IP_FRAG: f->nw_frag = v->u8 & FLOW_NW_FRAG_MASK; break;
    case MFF_ARP_OP: f->nw_proto = ntohs(v->be16); break;
    case MFF_ARP_SHA: case MFF_ND_SLL: f->arp_sha = v->mac; break;
    case MFF_ARP_THA: case MFF_ND_TLL: f->arp_tha = v->mac; break;
    case MFF_TCP_SRC: case MFF_UDP_SRC: case MFF_SCTP_SRC:
        f->tp_src = v->be16;
        break;
    case MFF_TCP_DST: case MFF_UDP_DST: case MFF_SCTP_DST:
        f->tp_dst = v->be16;
        break;
    case MFF_TCP_FLAGS: f->tcp_flags = v->be16 & htons(0x0fff); break;
    case MFF_ICMPV4_TYPE: case MFF_ICMPV6_TYPE:
        /* As Open vSwitch: an ICMP type or code masks the whole port. */
        f->tp_src = is_mask ? (v->u8 ? UINT16_MAX : 0) : htons(v->u8);
        break;
    case MFF_ICMPV4_CODE: case MFF_ICMPV6_CODE:
        f->tp_dst = is_mask ? (v->u8 ? UINT16_MAX : 0) : htons(v->u8);
        break;
    case MFF_ND_TARGET: f->nd_target = v->ipv6; break;
    case MFF_N_IDS: default: NOT_REACHED();
    }
}

/* Stores field 'mf' of 'flow' in 'value'. */
void
mf_get_value(const struct mf_field *mf, const struct flow *flow,
             union mf_value *value)
{
    get_raw(mf, flow, value);
}

static bool
mf_is_vlan_subfield(const struct mf_field *mf)
{
    return (mf->id == MFF_DL_VLAN || mf->id == MFF_DL_VLAN_PCP
            || mf->id == MFF_VLAN_PCP);
}

/* Sets field 'mf' of 'flow' to 'value', as set_field/load do to a
 * packet: writing a VID or PCP also marks the tag present. */
void
mf_set_flow_value(const struct mf_field *mf, const union mf_value *value,
                  struct flow *flow)
{
    set_raw(mf, value, flow, false);
    if (mf_is_vlan_subfield(mf) || mf->id == MFF_VLAN_VID) {
        flow->vlans[0].tci |= htons(VLAN_CFI);
    }
}

/* Sets the bits of field 'mf' of 'flow' that 'mask' selects to those of
 * 'value'. */
void
mf_set_flow_value_masked(const struct mf_field *mf,
                         const union mf_value *value,
                         const union mf_value *mask, struct flow *flow)
{
    union mf_value v;

    get_raw(mf, flow, &v);
    for (unsigned int i = 0; i < mf->n_bytes; i++) {
        v.bytes[i] = (v.bytes[i] & ~mask->bytes[i])
                     | (value->bytes[i] & mask->bytes[i]);
    }
    mf_set_flow_value(mf, &v, flow);
}

/* Makes 'match' match 'mf' exactly against 'value'. */
void
mf_set_value(const struct mf_field *mf, const union mf_value *value,
             struct match *match)
{
    mf_set(mf, value, NULL, match);
}

/* Makes 'match' match the bits of 'mf' in 'mask' (NULL: all) against
 * 'value'. */
void
mf_set(const struct mf_field *mf, const union mf_value *value,
       const union mf_value *mask, struct match *match)
{
    union mf_value m, v;

    mf_bits(mf, &m);
    if (mask && !mf_mask_is_exact(mf, mask)) {
        if (mask_is_zero(mf, mask)) {
            mf_set_wild(mf, match);
            return;
        }
        if (mf->maskable != MFM_NONE) {
            for (unsigned int i = 0; i < mf->n_bytes; i++) {
                m.bytes[i] &= mask->bytes[i];
            }
        }
    }
    memset(&v, 0, sizeof v);
    for (unsigned int i = 0; i < mf->n_bytes; i++) {
        v.bytes[i] = value->bytes[i] & m.bytes[i];
    }
    if (mf->id == MFF_IN_PORT_OXM || mf->id == MFF_IN_PHY_PORT) {
        v = *value;
    }
    set_raw(mf, &v, &match->flow, false);
    set_raw(mf, &m, &match->wc.masks, true);
    if (mf_is_vlan_subfield(mf)) {
        match->flow.vlans[0].tci |= htons(VLAN_CFI);
        match->wc.masks.vlans[0].tci |= htons(VLAN_CFI);
    }
}

/* Stops 'match' from matching on 'mf'. */
void
mf_set_wild(const struct mf_field *mf, struct match *match)
{
    union mf_value zero;

    memset(&zero, 0, sizeof zero);
    set_raw(mf, &zero, &match->wc.masks, true);
    set_raw(mf, &zero, &match->flow, false);
    if (mf_is_vlan_subfield(mf)
        && !(match->wc.masks.vlans[0].tci
             & htons(VLAN_VID_MASK | VLAN_PCP_MASK))) {
        match->wc.masks.vlans[0].tci = 0;
        match->flow.vlans[0].tci = 0;
    }
}

/* Stores the value and mask of 'mf' in 'match' (mask zero: wildcarded). */
void
mf_get(const struct mf_field *mf, const struct match *match,
       union mf_value *value, union mf_value *mask)
{
    get_raw(mf, &match->flow, value);
    get_raw(mf, &match->wc.masks, mask);
    if (mf->id == MFF_IN_PORT_OXM || mf->id == MFF_IN_PHY_PORT) {
        mask->be32 = match->wc.masks.in_port ? UINT32_MAX : 0;
    } else if (mf->id == MFF_IN_PORT) {
        mask->be16 = match->wc.masks.in_port ? UINT16_MAX : 0;
    }
}

/* True if 'wc' ignores every bit of 'mf'. */
bool
mf_is_all_wild(const struct mf_field *mf, const struct flow_wildcards *wc)
{
    union mf_value mask;

    get_raw(mf, &wc->masks, &mask);
    return mask_is_zero(mf, &mask);
}

/* True if 'value' is a valid value for 'mf'. */
bool
mf_is_value_valid(const struct mf_field *mf, const union mf_value *value)
{
    uint16_t port;

    switch (mf->id) {
    case MFF_IN_PORT_OXM:
    case MFF_IN_PHY_PORT:
        return port_from_ofp11(ntohl(value->be32), &port);
    case MFF_ARP_OP:
        return !(value->be16 & htons(0xff00));
    default:
        return value_within(mf, value);
    }
}

/* True if 'mask' is a valid mask for 'mf'. */
bool
mf_is_mask_valid(const struct mf_field *mf, const union mf_value *mask)
{
    if (is_all_zeros(mask, mf->n_bytes) || is_all_ones(mask, mf->n_bytes)) {
        return true;
    }
    return mf->maskable == MFM_FULLY && value_within(mf, mask);
}

static bool
is_ip_any(const struct flow *flow)
{
    return (flow->dl_type == htons(ETH_TYPE_IP)
            || flow->dl_type == htons(ETH_TYPE_IPV6));
}

static bool
is_l4(const struct flow *flow, uint8_t proto)
{
    return is_ip_any(flow) && flow->nw_proto == proto;
}

/* True if 'flow' satisfies 'prereqs'. */
static bool
prereqs_ok(enum mf_prereqs prereqs, const struct flow *flow)
{
    switch (prereqs) {
    case MFP_NONE:
        return true;
    case MFP_ARP:
        return (flow->dl_type == htons(ETH_TYPE_ARP)
                || flow->dl_type == htons(ETH_TYPE_RARP));
    case MFP_VLAN_VID:
        return (flow->vlans[0].tci & htons(VLAN_CFI)) != 0;
    case MFP_MPLS:
        return eth_type_mpls(flow->dl_type);
    case MFP_IPV4:
        return flow->dl_type == htons(ETH_TYPE_IP);
    case MFP_IPV6:
        return flow->dl_type == htons(ETH_TYPE_IPV6);
    case MFP_IP_ANY:
        return is_ip_any(flow);
    case MFP_TCP:
        return is_l4(flow, IPPROTO_TCP);
    case MFP_UDP:
        return is_l4(flow, IPPROTO_UDP);
    case MFP_SCTP:
        return is_l4(flow, IPPROTO_SCTP);
    case MFP_ICMPV4:
        return (flow->dl_type == htons(ETH_TYPE_IP)
                && flow->nw_proto == IPPROTO_ICMP);
    case MFP_ICMPV6:
        return (flow->dl_type == htons(ETH_TYPE_IPV6)
                && flow->nw_proto == IPPROTO_ICMPV6);
    case MFP_ND:
        return (prereqs_ok(MFP_ICMPV6, flow) && !flow->tp_dst
                && (flow->tp_src == htons(135) || flow->tp_src == htons(136)));
    case MFP_ND_SOLICIT:
        return (prereqs_ok(MFP_ICMPV6, flow) && !flow->tp_dst
                && flow->tp_src == htons(135));
    case MFP_ND_ADVERT:
        return (prereqs_ok(MFP_ICMPV6, flow) && !flow->tp_dst
                && flow->tp_src == htons(136));
    default:
        NOT_REACHED();
    }
}

/* True if 'flow' (a match's values) satisfies 'mf''s prerequisites. */
bool
mf_are_prereqs_ok(const struct mf_field *mf, const struct flow *flow)
{
    return prereqs_ok(mf->prereqs, flow);
}

/* Marks in 'wc' the bits of 'mf' and of the fields its prerequisites
 * look at. */
void
mf_mask_field_and_prereqs(const struct mf_field *mf,
                          struct flow_wildcards *wc)
{
    union mf_value bits;

    mf_bits(mf, &bits);
    set_raw(mf, &bits, &wc->masks, true);
    switch (mf->prereqs) {
    case MFP_ND: case MFP_ND_SOLICIT: case MFP_ND_ADVERT:
        FLOW_WC_SET(wc, tp_src);
        FLOW_WC_SET(wc, tp_dst);
        /* fall through */
    case MFP_TCP: case MFP_UDP: case MFP_SCTP:
    case MFP_ICMPV4: case MFP_ICMPV6:
        FLOW_WC_SET(wc, nw_proto);
        /* fall through */
    case MFP_ARP: case MFP_IPV4: case MFP_IPV6: case MFP_IP_ANY:
    case MFP_MPLS:
        FLOW_WC_SET(wc, dl_type);
        break;
    case MFP_VLAN_VID:
        wc->masks.vlans[0].tci |= htons(VLAN_CFI);
        break;
    case MFP_NONE:
    default:
        break;
    }
}

/* ---- Text. ---- */

struct port_name {
    uint16_t port;
    const char *name;
};

static const struct port_name port_names[] = {
    { 0xfff8, "IN_PORT" },
    { 0xfff9, "TABLE" },
    { 0xfffa, "NORMAL" },
    { 0xfffb, "FLOOD" },
    { 0xfffc, "ALL" },
    { 0xfffd, "CONTROLLER" },
    { 0xfffe, "LOCAL" },
    { 0xffff, "ANY" },
    { 0xffff, "NONE" },
};

/* Parses port 's' (a decimal number or reserved name, as ovs-ofctl) into
 * '*port'. */
bool
mf_parse_port(const char *s, uint32_t (*port_by_name)(const char *, void *),
              void *aux, uint16_t *port)
{
    unsigned long long int n;

    for (size_t i = 0; i < ARRAY_SIZE(port_names); i++) {
        if (!strcasecmp(s, port_names[i].name)) {
            *port = port_names[i].port;
            return true;
        }
    }
    if (isdigit((unsigned char) s[0]) && str_to_ullong(s, 10, &n)) {
        if (n <= 0xffff) {
            *port = n;
            return true;
        }
        return n <= UINT32_MAX && port_from_ofp11(n, port);
    }
    if (port_by_name) {
        uint32_t p = port_by_name(s, aux);
        if (p != UINT32_MAX && p <= 0xffff) {
            *port = p;
            return true;
        }
    }
    return false;
}

/* Appends 'port' by name if it is reserved or 'port_name' names it. */
void
mf_format_port(uint16_t port,
               const char *(*port_name)(uint32_t port, void *aux),
               void *aux, struct ds *s)
{
    for (size_t i = 0; i < ARRAY_SIZE(port_names); i++) {
        if (port_names[i].port == port) {
            ds_put_cstr(s, port_names[i].name);
            return;
        }
    }
    const char *name = port_name ? port_name(port, aux) : NULL;
    if (name) {
        ds_put_cstr(s, name);
    } else {
        ds_put_format(s, "%"PRIu16, port);
    }
}

static const char *const tcp_flag_names[12] = {
    "fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns",
    "[200]", "[400]", "[800]",
};

/* Name of TCP flag bit 'bit' (a single bit within 0xfff). */
const char *
mf_tcp_flag_to_string(uint16_t bit)
{
    for (int i = 0; i < 12; i++) {
        if (bit == 1u << i) {
            return tcp_flag_names[i];
        }
    }
    return NULL;
}

static char *
parse_tcp_flags(const char *s, union mf_value *value, union mf_value *mask)
{
    uint16_t v = 0, m = 0;

    if (*s != '+' && *s != '-') {
        return xasprintf("%s: TCP flags must be +flag-flag... or a "
                         "number", s);
    }
    while (*s) {
        char sign = *s++;
        size_t len = strcspn(s, "+-");
        int bit = -1;

        if (sign != '+' && sign != '-') {
            return xasprintf("%s: expected + or -", s - 1);
        }
        for (int i = 0; i < 12; i++) {
            if (strlen(tcp_flag_names[i]) == len
                && !strncmp(tcp_flag_names[i], s, len)) {
                bit = i;
            }
        }
        if (bit < 0) {
            return xasprintf("%.*s: unknown TCP flag", (int) len, s);
        }
        if (m & (1u << bit)) {
            return xasprintf("%.*s: TCP flag given twice", (int) len, s);
        }
        m |= 1u << bit;
        if (sign == '+') {
            v |= 1u << bit;
        }
        s += len;
    }
    value->be16 = htons(v);
    mask->be16 = htons(m);
    return NULL;
}

/* Parses "syn|ack" (exact flags) into 'value' and 'mask'. */
static char *
parse_tcp_flag_names(const char *s, union mf_value *value,
                     union mf_value *mask)
{
    uint16_t v = 0;

    while (*s) {
        size_t len = strcspn(s, "|");
        int bit = -1;

        for (int i = 0; i < 12; i++) {
            if (strlen(tcp_flag_names[i]) == len
                && !strncmp(tcp_flag_names[i], s, len)) {
                bit = i;
            }
        }
        if (bit < 0) {
            return xasprintf("%.*s: unknown TCP flag", (int) len, s);
        }
        v |= 1u << bit;
        s += len;
        if (*s == '|') {
            s++;
        }
    }
    value->be16 = htons(v);
    mask->be16 = htons(0x0fff);
    return NULL;
}

static char *
parse_frag(const char *s, union mf_value *value, union mf_value *mask)
{
    static const struct {
        const char *name;
        uint8_t value, mask;
    } frags[] = {
        { "no", 0, FLOW_NW_FRAG_ANY },
        { "yes", FLOW_NW_FRAG_ANY, FLOW_NW_FRAG_ANY },
        { "first", FLOW_NW_FRAG_ANY, FLOW_NW_FRAG_MASK },
        { "later", FLOW_NW_FRAG_MASK, FLOW_NW_FRAG_MASK },
        { "not_later", 0, FLOW_NW_FRAG_LATER },
    };
    for (size_t i = 0; i < ARRAY_SIZE(frags); i++) {
        if (!strcmp(s, frags[i].name)) {
            value->u8 = frags[i].value;
            mask->u8 = frags[i].mask;
            return NULL;
        }
    }
    return xasprintf("%s: unknown fragment type (valid types are \"no\", "
                     "\"yes\", \"first\", \"later\", \"not_later\")", s);
}

/* Parses an integer of 'n_bytes' bytes (up to 8) into big-endian 'dst'. */
static bool
parse_int(const char *s, unsigned int n_bytes, uint8_t *dst)
{
    unsigned long long int n;

    if (s[0] == '-' || isspace((unsigned char) s[0])
        || !str_to_ullong(s, 0, &n)) {
        return false;
    }
    if (n_bytes < 8 && n >> (n_bytes * 8)) {
        return false;
    }
    for (int i = n_bytes - 1; i >= 0; i--) {
        dst[i] = n;
        n >>= 8;
    }
    return true;
}

static bool
parse_ipv4_mask(const char *s, ovs_be32 *mask)
{
    struct in_addr a;
    int plen;

    if (strchr(s, '.')) {
        if (inet_pton(AF_INET, s, &a) != 1) {
            return false;
        }
        *mask = a.s_addr;
        return true;
    }
    if (!str_to_int(s, 10, &plen) || plen < 0 || plen > 32) {
        return false;
    }
    *mask = plen ? htonl(UINT32_MAX << (32 - plen)) : 0;
    return true;
}

static bool
parse_ipv6_mask(const char *s, struct in6_addr *mask)
{
    int plen;

    if (strchr(s, ':')) {
        return inet_pton(AF_INET6, s, mask) == 1;
    }
    if (!str_to_int(s, 10, &plen) || plen < 0 || plen > 128) {
        return false;
    }
    memset(mask, 0, sizeof *mask);
    for (int i = 0; i < plen; i++) {
        mask->s6_addr[i / 8] |= 0x80 >> (i % 8);
    }
    return true;
}

static char *
int_error(const struct mf_field *mf, const char *s)
{
    unsigned long long int n;

    if (str_to_ullong(s, 0, &n) || (strlen(s) > 2 && s[0] == '0'
                                     && (s[1] == 'x' || s[1] == 'X'))) {
        return xasprintf("%s: value too large for %u-byte field %s",
                         s, mf->n_bytes, mf->name);
    }
    return xasprintf("%s: invalid value for field %s", s, mf->name);
}

/* Parses the value part 'v' (and mask part 'm', NULL if none). */
static char *
parse_value_mask(const struct mf_field *mf, const char *v, const char *m,
                 uint32_t (*port_by_name)(const char *, void *), void *aux,
                 union mf_value *value, union mf_value *mask)
{
    struct in_addr a;
    uint16_t port;

    switch (mf->string) {
    case MFS_DECIMAL:
    case MFS_HEXADECIMAL:
        if (!parse_int(v, mf->n_bytes, value->bytes)) {
            return int_error(mf, v);
        }
        if (m && !parse_int(m, mf->n_bytes, mask->bytes)) {
            return int_error(mf, m);
        }
        break;
    case MFS_ETHERNET:
        if (!eth_addr_from_string(v, &value->mac)) {
            return xasprintf("%s: invalid Ethernet address", v);
        }
        if (m && !eth_addr_from_string(m, &mask->mac)) {
            return xasprintf("%s: invalid Ethernet address mask", m);
        }
        break;
    case MFS_IPV4:
        if (inet_pton(AF_INET, v, &a) != 1) {
            return xasprintf("%s: invalid IP address", v);
        }
        value->be32 = a.s_addr;
        if (m && !parse_ipv4_mask(m, &mask->be32)) {
            return xasprintf("%s: invalid IP mask", m);
        }
        break;
    case MFS_IPV6:
        if (inet_pton(AF_INET6, v, &value->ipv6) != 1) {
            return xasprintf("%s: invalid IPv6 address", v);
        }
        if (m && !parse_ipv6_mask(m, &mask->ipv6)) {
            return xasprintf("%s: invalid IPv6 mask", m);
        }
        break;
    case MFS_OFP_PORT:
    case MFS_OFP_PORT_OXM:
        if (m) {
            return xasprintf("%s/%s: invalid or unknown port for %s",
                             v, m, mf->name);
        }
        if (!mf_parse_port(v, port_by_name, aux, &port)) {
            return xasprintf("%s: invalid or unknown port for %s",
                             v, mf->name);
        }
        if (mf->string == MFS_OFP_PORT) {
            value->be16 = htons(port);
        } else {
            value->be32 = htonl(port_to_ofp11(port));
        }
        break;
    case MFS_FRAG:
        if (m) {
            return xasprintf("%s: field may not be masked", mf->name);
        }
        return parse_frag(v, value, mask);
    case MFS_TCP_FLAGS:
        if (!m && (*v == '+' || *v == '-')) {
            return parse_tcp_flags(v, value, mask);
        }
        if (!m && isalpha((unsigned char) *v)) {
            return parse_tcp_flag_names(v, value, mask);
        }
        if (!parse_int(v, 2, value->bytes)
            || (m && !parse_int(m, 2, mask->bytes))) {
            return int_error(mf, m && parse_int(v, 2, value->bytes) ? m : v);
        }
        if ((value->be16 | (m ? mask->be16 : 0)) & htons(0xf000)) {
            return xasprintf("%s: unknown TCP flag(s)", v);
        }
        break;
    default:
        NOT_REACHED();
    }
    return NULL;
}

/* Parses 's' ("VALUE" or "VALUE/MASK") as a value of 'mf' into 'value'
 * and 'mask'.  Returns NULL or an error message to free. */
char *
mf_parse(const struct mf_field *mf, const char *s,
         uint32_t (*port_by_name)(const char *name, void *aux),
         void *aux, union mf_value *value, union mf_value *mask)
{
    char *copy = xstrdup(s);
    char *slash = (mf->string == MFS_TCP_FLAGS && (*s == '+' || *s == '-')
                   ? NULL : strchr(copy, '/'));
    char *error;

    memset(value, 0, sizeof *value);
    memset(mask, 0xff, sizeof *mask);
    memset(&mask->bytes[mf->n_bytes], 0, sizeof *mask - mf->n_bytes);
    if (slash) {
        *slash = '\0';
        memset(mask, 0, sizeof *mask);
    }
    error = parse_value_mask(mf, copy, slash ? slash + 1 : NULL,
                             port_by_name, aux, value, mask);
    free(copy);
    if (error) {
        return error;
    }
    if (!mf_is_value_valid(mf, value)
        && mf->id != MFF_IN_PORT_OXM && mf->id != MFF_IN_PHY_PORT) {
        /* As ovs-ofctl: bits beyond a narrow field are dropped. */
        union mf_value bits;
        mf_bits(mf, &bits);
        for (unsigned int i = 0; i < mf->n_bytes; i++) {
            value->bytes[i] &= bits.bytes[i];
        }
    }
    if (!mf_is_mask_valid(mf, mask)) {
        return xasprintf("%s: invalid mask for field %s (it cannot be "
                         "masked, or has bits outside the field)",
                         s, mf->name);
    }
    for (unsigned int i = 0; i < mf->n_bytes; i++) {
        value->bytes[i] &= mask->bytes[i];
    }
    return NULL;
}

/* Parses 's' as an exact value of 'mf'. */
char *
mf_parse_value(const struct mf_field *mf, const char *s,
               union mf_value *value)
{
    union mf_value mask;
    char *error = mf_parse(mf, s, NULL, NULL, value, &mask);

    if (!error && !is_all_ones(&mask, mf->n_bytes)
        && !mf_mask_is_exact(mf, &mask)) {
        error = xasprintf("%s: value may not be masked", s);
    }
    return error;
}

/* Appends the 'n' bytes at 'p' as a hex number without leading zeros, or
 * "0" (no "0x") when they are all zero, as ovs-ofctl does. */
static void
format_hex(const uint8_t *p, unsigned int n, struct ds *s)
{
    while (n > 1 && !*p) {
        p++;
        n--;
    }
    if (n == 1 && !*p) {
        ds_put_char(s, '0');
        return;
    }
    ds_put_format(s, "0x%x", *p);
    for (unsigned int i = 1; i < n; i++) {
        ds_put_format(s, "%02x", p[i]);
    }
}

static void
format_ipv6(const struct in6_addr *a, struct ds *s)
{
    char buf[INET6_ADDRSTRLEN];

    inet_ntop(AF_INET6, a, buf, sizeof buf);
    ds_put_cstr(s, buf);
}

/* Appends IPv4 'ip' with '/mask' (as a prefix length when CIDR) unless
 * 'mask' is NULL or all-ones. */
void
mf_format_ipv4(ovs_be32 ip, const ovs_be32 *mask, struct ds *s)
{
    ds_put_format(s, IP_FMT, IP_ARGS(ip));
    if (mask && *mask != UINT32_MAX) {
        uint32_t m = ntohl(*mask);
        if (((~m) & ((~m) + 1)) == 0) {
            ds_put_format(s, "/%d", __builtin_popcount(m));
        } else {
            ds_put_format(s, "/"IP_FMT, IP_ARGS(*mask));
        }
    }
}

/* Appends IPv6 'a' with '/mask' (prefix length when CIDR) unless 'mask' is
 * NULL or all-ones. */
void
mf_format_ipv6(const struct in6_addr *a, const struct in6_addr *mask,
               struct ds *s)
{
    format_ipv6(a, s);
    if (mask && !is_all_ones(mask, sizeof *mask)) {
        int plen = 0;
        bool cidr = true;
        for (int i = 0; i < 128; i++) {
            bool bit = mask->s6_addr[i / 8] & (0x80 >> (i % 8));
            if (bit && plen != i) {
                cidr = false;
            } else if (bit) {
                plen++;
            }
        }
        if (cidr) {
            ds_put_format(s, "/%d", plen);
        } else {
            ds_put_char(s, '/');
            format_ipv6(mask, s);
        }
    }
}

static void
format_frag(uint8_t value, uint8_t mask, struct ds *s)
{
    switch (mask & FLOW_NW_FRAG_MASK) {
    case FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER:
        ds_put_cstr(s, (value & FLOW_NW_FRAG_ANY
                        ? (value & FLOW_NW_FRAG_LATER ? "later" : "first")
                        : (value & FLOW_NW_FRAG_LATER ? "<error>" : "no")));
        break;
    case FLOW_NW_FRAG_ANY:
        ds_put_cstr(s, value & FLOW_NW_FRAG_ANY ? "yes" : "no");
        break;
    case FLOW_NW_FRAG_LATER:
        ds_put_cstr(s, value & FLOW_NW_FRAG_LATER ? "later" : "not_later");
        break;
    default:
        ds_put_cstr(s, "0/0");
        break;
    }
}

/* Appends TCP flags 'flags' under 'mask' (12 bits) as ovs-ofctl does:
 * "syn|ack" when exact, "+syn-ack" for a partial mask. */
void
mf_format_tcp_flags(uint16_t flags, uint16_t mask, struct ds *s)
{
    mask &= 0x0fff;
    flags &= mask;
    if (mask == 0x0fff) {
        if (!flags) {
            ds_put_cstr(s, "0");
            return;
        }
        for (int i = 0; i < 12; i++) {
            if (flags & (1u << i)) {
                ds_put_cstr(s, tcp_flag_names[i]);
                ds_put_char(s, '|');
            }
        }
        ds_chomp(s, '|');
    } else if (!mask) {
        ds_put_cstr(s, "0/0");
    } else {
        for (int i = 0; i < 12; i++) {
            if (mask & (1u << i)) {
                ds_put_format(s, "%c%s", flags & (1u << i) ? '+' : '-',
                              tcp_flag_names[i]);
            }
        }
    }
}

/* Appends 'value' (and '/mask' unless NULL or all-ones) in 'mf''s
 * syntax. */
void
mf_format(const struct mf_field *mf, const union mf_value *value,
          const union mf_value *mask,
          const char *(*port_name)(uint32_t port, void *aux),
          void *aux, struct ds *s)
{
    uint16_t port;

    if (mask && (is_all_ones(mask, mf->n_bytes) || mf_mask_is_exact(mf, mask))
        && mf->string != MFS_FRAG && mf->string != MFS_TCP_FLAGS) {
        mask = NULL;
    }
    switch (mf->string) {
    case MFS_OFP_PORT_OXM:
        if (!mask) {
            port_from_ofp11(ntohl(value->be32), &port);
            mf_format_port(port, port_name, aux, s);
            break;
        }
        /* fall through */
    case MFS_OFP_PORT:
        if (!mask) {
            mf_format_port(ntohs(value->be16), port_name, aux, s);
            break;
        }
        /* fall through */
    case MFS_DECIMAL:
    case MFS_HEXADECIMAL:
        if (mf->string == MFS_DECIMAL && mf->n_bytes <= 8) {
            unsigned long long int n = 0;
            for (unsigned int i = 0; i < mf->n_bytes; i++) {
                n = (n << 8) | value->bytes[i];
            }
            ds_put_format(s, "%llu", n);
        } else {
            format_hex(value->bytes, mf->n_bytes, s);
        }
        if (mask) {
            ds_put_char(s, '/');
            format_hex(mask->bytes, mf->n_bytes, s);
        }
        break;
    case MFS_ETHERNET:
        ds_put_format(s, ETH_ADDR_FMT, ETH_ADDR_ARGS(value->mac));
        if (mask) {
            ds_put_format(s, "/"ETH_ADDR_FMT, ETH_ADDR_ARGS(mask->mac));
        }
        break;
    case MFS_IPV4:
        mf_format_ipv4(value->be32, mask ? &mask->be32 : NULL, s);
        break;
    case MFS_IPV6:
        mf_format_ipv6(&value->ipv6, mask ? &mask->ipv6 : NULL, s);
        break;
    case MFS_FRAG:
        format_frag(value->u8, mask ? mask->u8 : FLOW_NW_FRAG_MASK, s);
        break;
    case MFS_TCP_FLAGS:
        mf_format_tcp_flags(ntohs(value->be16),
                            mask ? ntohs(mask->be16) : 0x0fff, s);
        break;
    default:
        NOT_REACHED();
    }
}

/* ---- Subfields. ---- */

/* Parses a subfield at '*sp' into 'sf'. */
char *
mf_parse_subfield(struct mf_subfield *sf, const char **sp)
{
    const char *s = *sp;
    size_t name_len = strcspn(s, "[");
    const struct mf_field *mf;
    unsigned int start, end;
    int n = 0;

    if (!s[name_len]) {
        return xasprintf("%s: missing [ looking for field name", s);
    }
    mf = mf_from_name_len(s, name_len);
    if (!mf) {
        mf = mf_from_wire_name_len(s, name_len);
    }
    if (!mf) {
        return xasprintf("%.*s: unknown field", (int) name_len, s);
    }
    s += name_len;
    if (!strncmp(s, "[]", 2)) {
        start = 0;
        end = mf->n_bits - 1;
        s += 2;
    } else if (sscanf(s, "[%u..%u]%n", &start, &end, &n) == 2 && n) {
        s += n;
    } else if (sscanf(s, "[%u]%n", &start, &n) == 1 && n) {
        end = start;
        s += n;
    } else {
        return xasprintf("%s: syntax error expecting [] or [<bit>] or "
                         "[<start>..<end>]", *sp);
    }
    if (start > end) {
        return xasprintf("%s: starting bit %u is after ending bit %u",
                         *sp, start, end);
    } else if (end >= mf->n_bits) {
        return xasprintf("%s: ending bit %u exceeds field %s's %u bits",
                         *sp, end, mf->name, mf->n_bits);
    }
    sf->field = mf;
    sf->ofs = start;
    sf->n_bits = end - start + 1;
    *sp = s;
    return NULL;
}

/* Appends 'sf' as "NXM_NX_REG0[0..15]" (the name ovs-ofctl prints). */
void
mf_format_subfield(const struct mf_subfield *sf, struct ds *s)
{
    ds_put_cstr(s, mf_wire_name(sf->field));
    if (sf->ofs == 0 && sf->n_bits == sf->field->n_bits) {
        ds_put_cstr(s, "[]");
    } else if (sf->n_bits == 1) {
        ds_put_format(s, "[%u]", sf->ofs);
    } else {
        ds_put_format(s, "[%u..%u]", sf->ofs, sf->ofs + sf->n_bits - 1);
    }
}

/* Returns the bits of 'sf' in 'flow' (at most 64 of them). */
uint64_t
mf_get_subfield(const struct mf_subfield *sf, const struct flow *flow)
{
    union mf_value v;
    uint64_t x = 0;

    mf_get_value(sf->field, flow, &v);
    bitwise_copy(&v, sf->field->n_bytes, sf->ofs, &x, sizeof x, 0,
                 MIN(sf->n_bits, 64));
    return ntohll(x);
}

/* Writes into 'flow' the bits of 'sf' from 'value', which is in the
 * field's layout (the bits sit at their position within the field). */
void
mf_write_subfield_flow(const struct mf_subfield *sf,
                       const union mf_value *value, struct flow *flow)
{
    union mf_value mask;

    memset(&mask, 0, sizeof mask);
    bitwise_one(&mask, sf->field->n_bytes, sf->ofs, sf->n_bits);
    mf_set_flow_value_masked(sf->field, value, &mask, flow);
}

/* Sets 'n_bits' bits at 'ofs' (from the least significant end) of the
 * 'len'-byte big-endian string 'p'. */
void
bitwise_one(void *p_, unsigned int len, unsigned int ofs,
            unsigned int n_bits)
{
    uint8_t *p = p_;

    for (unsigned int i = ofs; i < ofs + n_bits; i++) {
        p[len - 1 - i / 8] |= 1u << (i % 8);
    }
}

/* Copies 'n_bits' bits from 'src' at 'src_ofs' to 'dst' at 'dst_ofs'. */
void
bitwise_copy(const void *src_, unsigned int src_len, unsigned int src_ofs,
             void *dst_, unsigned int dst_len, unsigned int dst_ofs,
             unsigned int n_bits)
{
    const uint8_t *src = src_;
    uint8_t *dst = dst_;

    for (unsigned int i = 0; i < n_bits; i++) {
        unsigned int sb = src_ofs + i, db = dst_ofs + i;
        uint8_t bit = (src[src_len - 1 - sb / 8] >> (sb % 8)) & 1;
        uint8_t *d = &dst[dst_len - 1 - db / 8];

        *d = (*d & ~(1u << (db % 8))) | (bit << (db % 8));
    }
}
