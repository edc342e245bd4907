/* meta-flow: the registry of matchable and settable fields.
 *
 * Every field that OpenFlow can match on or write (OXM, NXM, the OpenFlow
 * 1.0 match, the ovs-ofctl text syntax, set_field/load/move) is described
 * once here: its names, width, where it lives in 'struct flow', whether
 * it may be masked or written, which other fields it requires
 * (prerequisites), and its OXM/NXM codes.  The codecs (ofp-match.c,
 * ofp-actions.c) and the text syntax (match.c, ofp-parse.c) all work from
 * this table, so a field added here is supported everywhere at once.
 *
 * Values are held in network byte order in a 'union mf_value' of the
 * field's width ('n_bytes'); a field narrower than its bytes (VLAN VID:
 * 12 bits in 2 bytes, IP DSCP: 6 bits in 1) keeps its value in the low
 * bits ('n_bits').
 *
 * Field semantics follow Open vSwitch (so that ovs-ofctl's syntax and
 * output read the same):
 *   - MFF_VLAN_TCI is the whole outer TCI with VLAN_CFI meaning "tag
 *     present" (NXM_OF_VLAN_TCI); MFF_VLAN_VID is OXM's OFB_VLAN_VID,
 *     i.e. the 12-bit VID plus OFPVID_PRESENT (0x1000) for "tagged";
 *     MFF_DL_VLAN (dl_vlan) the 12-bit VID alone (matching it implies a
 *     tag); MFF_VLAN_PCP / MFF_DL_VLAN_PCP the 3-bit priority.
 *   - MFF_IP_DSCP is the DSCP in the low 6 bits (OXM IP_DSCP);
 *     MFF_IP_DSCP_SHIFTED ("nw_tos") the TOS byte with ECN masked off;
 *     MFF_IP_ECN the low 2 bits.
 *   - MFF_IN_PORT is a 16-bit OpenFlow port (NXM_OF_IN_PORT), MFF_IN_PORT_OXM
 *     the 32-bit OXM form (OpenFlow 1.1+ numbers 0xffffff00.. map to
 *     0xff00.., so 0xfffffff8.. are OFPP_IN_PORT..OFPP_NONE; see
 *     ofp-match.h).
 *   - ARP and ND fields share the flow's storage as flow.h explains.
 *
 * Thread-safety: the table is constant; everything here is pure. */
#ifndef OSW_META_FLOW_H
#define OSW_META_FLOW_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/flow.h"
#include "osw/packets.h"

struct ds;
struct match;

enum mf_field_id {
    /* Metadata. */
    MFF_TUN_ID,                 /* be64  tun_id, tunnel_id */
    MFF_TUN_SRC,                /* be32  tun_src */
    MFF_TUN_DST,                /* be32  tun_dst */
    MFF_METADATA,               /* be64  metadata */
    MFF_IN_PORT,                /* be16  in_port (NXM) */
    MFF_IN_PORT_OXM,            /* be32  in_port_oxm (OXM IN_PORT) */
    MFF_IN_PHY_PORT,            /* be32  in_phy_port (matches as in_port) */
    MFF_SKB_PRIORITY,           /* be32  skb_priority (not matchable) */
    MFF_PKT_MARK,               /* be32  pkt_mark */
    MFF_REG0, MFF_REG1, MFF_REG2, MFF_REG3,     /* be32  reg0..reg7 */
    MFF_REG4, MFF_REG5, MFF_REG6, MFF_REG7,

    /* L2. */
    MFF_ETH_SRC,                /* mac   eth_src, dl_src */
    MFF_ETH_DST,                /* mac   eth_dst, dl_dst */
    MFF_ETH_TYPE,               /* be16  eth_type, dl_type */
    MFF_VLAN_TCI,               /* be16  vlan_tci */
    MFF_DL_VLAN,                /* be16  dl_vlan (12 bits) */
    MFF_VLAN_VID,               /* be16  vlan_vid (13 bits, OXM) */
    MFF_DL_VLAN_PCP,            /* u8    dl_vlan_pcp */
    MFF_VLAN_PCP,               /* u8    vlan_pcp (OXM) */

    /* MPLS: the outermost label stack entry. */
    MFF_MPLS_LABEL,             /* be32  mpls_label (20 bits) */
    MFF_MPLS_TC,                /* u8    mpls_tc (3 bits) */
    MFF_MPLS_BOS,               /* u8    mpls_bos (1 bit, read-only) */
    MFF_MPLS_TTL,               /* u8    mpls_ttl (NXM only) */

    /* L3. */
    MFF_IPV4_SRC,               /* be32  ip_src, nw_src */
    MFF_IPV4_DST,               /* be32  ip_dst, nw_dst */
    MFF_IPV6_SRC,               /* ipv6  ipv6_src */
    MFF_IPV6_DST,               /* ipv6  ipv6_dst */
    MFF_IPV6_LABEL,             /* be32  ipv6_label (20 bits) */
    MFF_IP_PROTO,               /* u8    nw_proto, ip_proto */
    MFF_IP_DSCP,                /* u8    ip_dscp (6 bits, OXM) */
    MFF_IP_DSCP_SHIFTED,        /* u8    nw_tos (DSCP << 2) */
    MFF_IP_ECN,                 /* u8    nw_ecn, ip_ecn (2 bits) */
    MFF_IP_TTL,                 /* u8    nw_ttl */
    MFF_IP_FRAG,                /* u8    ip_frag, nw_frag (2 bits) */
    MFF_ARP_OP,                 /* be16  arp_op */
    MFF_ARP_SPA,                /* be32  arp_spa */
    MFF_ARP_TPA,                /* be32  arp_tpa */
    MFF_ARP_SHA,                /* mac   arp_sha */
    MFF_ARP_THA,                /* mac   arp_tha */

    /* L4. */
    MFF_TCP_SRC,                /* be16  tcp_src, tp_src for TCP */
    MFF_TCP_DST,                /* be16  tcp_dst */
    MFF_TCP_FLAGS,              /* be16  tcp_flags (12 bits) */
    MFF_UDP_SRC,                /* be16  udp_src */
    MFF_UDP_DST,                /* be16  udp_dst */
    MFF_SCTP_SRC,               /* be16  sctp_src */
    MFF_SCTP_DST,               /* be16  sctp_dst */
    MFF_ICMPV4_TYPE,            /* u8    icmp_type */
    MFF_ICMPV4_CODE,            /* u8    icmp_code */
    MFF_ICMPV6_TYPE,            /* u8    icmpv6_type */
    MFF_ICMPV6_CODE,            /* u8    icmpv6_code */
    MFF_ND_TARGET,              /* ipv6  nd_target */
    MFF_ND_SLL,                 /* mac   nd_sll */
    MFF_ND_TLL,                 /* mac   nd_tll */

    MFF_N_IDS
};

/* What a field requires of the rest of the match before it may be
 * matched or set (OXM prerequisites). */
enum mf_prereqs {
    MFP_NONE,
    MFP_ARP,                    /* dl_type 0x0806 (or RARP 0x8035). */
    MFP_VLAN_VID,               /* A VLAN tag present. */
    MFP_MPLS,                   /* dl_type 0x8847 or 0x8848. */
    MFP_IPV4,
    MFP_IPV6,
    MFP_IP_ANY,                 /* IPv4 or IPv6. */
    MFP_TCP,                    /* IP and nw_proto 6 (TCP ports). */
    MFP_UDP,
    MFP_SCTP,
    MFP_ICMPV4,
    MFP_ICMPV6,
    MFP_ND,                     /* ICMPv6 type 135 or 136. */
    MFP_ND_SOLICIT,             /* ICMPv6 type 135. */
    MFP_ND_ADVERT,              /* ICMPv6 type 136. */
};

/* How a value is written in text. */
enum mf_string {
    MFS_DECIMAL,
    MFS_HEXADECIMAL,
    MFS_ETHERNET,
    MFS_IPV4,
    MFS_IPV6,
    MFS_OFP_PORT,               /* 16-bit port: number or name (LOCAL...). */
    MFS_OFP_PORT_OXM,           /* 32-bit port. */
    MFS_FRAG,                   /* no, yes, first, later, not_later. */
    MFS_TCP_FLAGS,              /* +syn-ack, or a number. */
};

enum mf_maskable {
    MFM_NONE,                   /* Exact or wildcarded only. */
    MFM_FULLY,                  /* Any bitwise mask. */
};

struct mf_field {
    enum mf_field_id id;
    const char *name;           /* Preferred name, e.g. "eth_src". */
    const char *extra_name;     /* Alias, e.g. "dl_src", or NULL. */
    unsigned int n_bytes;       /* Width of a value. */
    unsigned int n_bits;        /* Meaningful low bits. */
    enum mf_maskable maskable;
    enum mf_string string;
    enum mf_prereqs prereqs;
    bool writable;              /* May set_field/load/move write it? */

    /* Wire codes: NXM/OXM header (class << 16 | field << 9 | len) for
     * exact values, or 0 if the field has none of that kind.  The masked
     * header is the same with the has-mask bit (1 << 8) and twice the
     * length.  'oxm_version' is the first OpenFlow version (0x03 = 1.2
     * ... as ofp-msgs.h's enum ofp_version) whose OXM set has it. */
    uint32_t nxm_header;        /* NXM_OF_* / NXM_NX_* (class 0/1). */
    uint32_t oxm_header;        /* OXM_OF_* (class 0x8000), or 0. */
    uint8_t oxm_version;
};

/* Field values, network byte order, in the first 'n_bytes'. */
union mf_value {
    uint8_t u8;
    ovs_be16 be16;
    ovs_be32 be32;
    ovs_be64 be64;
    struct eth_addr mac;
    struct in6_addr ipv6;
    uint8_t bytes[16];
};

/* A bit range of a field (NXM move/load "reg0[0..15]"). */
struct mf_subfield {
    const struct mf_field *field;
    unsigned int ofs;           /* Lowest bit. */
    unsigned int n_bits;
};

const struct mf_field *mf_from_id(enum mf_field_id);
/* Looks up by name or alias (case-sensitive, as ovs-ofctl), NULL if
 * none.  'name' need not be null-terminated when 'len' is given. */
const struct mf_field *mf_from_name(const char *name);
const struct mf_field *mf_from_name_len(const char *name, size_t len);
/* Looks up by NXM or OXM header (with or without the has-mask bit and
 * whatever length the header claims: callers check the length). */
const struct mf_field *mf_from_nxm_header(uint32_t header);

/* The header to use for 'mf' in an NXM match or NXAST action (its NXM
 * header, else its OXM one: Open vSwitch accepts OXM headers in NXM), and
 * in an OXM match or action of OpenFlow 'version' (0x03 = 1.2...: its OXM
 * header if that version has it, else its NXM header).  0 if none.  TCP
 * flags before 1.5 need an experimenter OXM: see ofp-match.h's
 * nx_put_header(). */
uint32_t mf_nxm_header(const struct mf_field *);
uint32_t mf_oxm_header(const struct mf_field *, uint8_t version);

/* Looks up by NXM/OXM header name ("NXM_NX_REG0", "OXM_OF_IP_DSCP"). */
const struct mf_field *mf_from_wire_name_len(const char *name, size_t len);
/* The name ovs-ofctl prints for subfields of 'mf': its NXM name, else its
 * OXM name, else mf->name. */
const char *mf_wire_name(const struct mf_field *);

/* Reads/writes field 'mf' of 'flow'. */
void mf_get_value(const struct mf_field *, const struct flow *,
                  union mf_value *);
void mf_set_flow_value(const struct mf_field *, const union mf_value *,
                       struct flow *);
/* Like mf_set_flow_value() but only the bits of 'mask' (load/set_field
 * with a mask). */
void mf_set_flow_value_masked(const struct mf_field *,
                              const union mf_value *value,
                              const union mf_value *mask, struct flow *);

/* Match manipulation: exact, masked, or wildcarded.  A zero mask
 * wildcards; mf_set() on a field with MFM_NONE ignores masks other than
 * all-ones (callers validate with mf_is_mask_valid() first). */
void mf_set_value(const struct mf_field *, const union mf_value *,
                  struct match *);
void mf_set(const struct mf_field *, const union mf_value *value,
            const union mf_value *mask, struct match *);
void mf_set_wild(const struct mf_field *, struct match *);
/* The field's value and mask in 'match' (mask zero = wildcarded). */
void mf_get(const struct mf_field *, const struct match *,
            union mf_value *value, union mf_value *mask);
bool mf_is_all_wild(const struct mf_field *, const struct flow_wildcards *);

/* Validity: a value fits 'n_bits'; a mask is all-ones, zero, or (for
 * MFM_FULLY) anything within 'n_bits'. */
bool mf_is_value_valid(const struct mf_field *, const union mf_value *);
bool mf_is_mask_valid(const struct mf_field *, const union mf_value *);
/* True if 'mask' has every one of 'mf''s 'n_bits' bits (an exact match;
 * bits beyond them do not matter). */
bool mf_mask_is_exact(const struct mf_field *, const union mf_value *mask);
/* Are 'mf''s prerequisites satisfied by 'flow' (the match's values)? */
bool mf_are_prereqs_ok(const struct mf_field *, const struct flow *);
/* Adds to 'wc' the bits that 'mf''s prerequisites look at (for
 * set_field/move translation). */
void mf_mask_field_and_prereqs(const struct mf_field *,
                               struct flow_wildcards *wc);

/* Text.  mf_parse() reads "VALUE" or "VALUE/MASK" in the field's syntax
 * (ports by number or reserved name: LOCAL, IN_PORT, CONTROLLER...;
 * 'port_by_name' (may be NULL) resolves other names).  Returns NULL or a
 * malloc'd error message. */
char *mf_parse(const struct mf_field *, const char *s,
               uint32_t (*port_by_name)(const char *name, void *aux),
               void *aux, union mf_value *value,
               union mf_value *mask) OSW_WARN_UNUSED_RESULT;
char *mf_parse_value(const struct mf_field *, const char *s,
                     union mf_value *value) OSW_WARN_UNUSED_RESULT;
/* Appends 'value' (and '/mask' unless NULL or all-ones) in the field's
 * syntax.  'port_name' (may be NULL) names ports. */
void mf_format(const struct mf_field *, const union mf_value *value,
               const union mf_value *mask,
               const char *(*port_name)(uint32_t port, void *aux),
               void *aux, struct ds *);

/* Helpers for the text syntax of other modules (ofp-parse, ofp-print).
 * Ports: reserved names IN_PORT, TABLE, NORMAL, FLOOD, ALL, CONTROLLER,
 * LOCAL, ANY (NONE also parses), decimal numbers up to 65535 (and the
 * 32-bit OpenFlow 1.1 numbers 0xffffff00.., mapped onto 0xff00..), then
 * 'port_by_name' (may be NULL; returns UINT32_MAX if unknown). */
bool mf_parse_port(const char *s,
                   uint32_t (*port_by_name)(const char *, void *),
                   void *aux, uint16_t *port);
void mf_format_port(uint16_t port,
                    const char *(*port_name)(uint32_t port, void *aux),
                    void *aux, struct ds *);
/* "10.0.0.0/24" style ('mask' NULL or all-ones: no mask; CIDR masks as a
 * prefix length, others dotted). */
void mf_format_ipv4(ovs_be32 ip, const ovs_be32 *mask, struct ds *);
void mf_format_ipv6(const struct in6_addr *, const struct in6_addr *mask,
                    struct ds *);
/* TCP flags as ovs-ofctl prints them: "syn|ack" (mask 0xfff), "+syn-ack"
 * (partial mask), "0" (none). */
void mf_format_tcp_flags(uint16_t flags, uint16_t mask, struct ds *);
/* "fin", "syn", ... "ns", "[200]"..., for one bit of 0xfff; else NULL. */
const char *mf_tcp_flag_to_string(uint16_t bit);

/* Subfields: "reg0[]", "reg0[5]", "reg0[0..15]", "NXM_NX_REG0[0..15]",
 * "eth_src[]".  '*sp' advances past what was parsed. */
char *mf_parse_subfield(struct mf_subfield *, const char **sp)
    OSW_WARN_UNUSED_RESULT;
void mf_format_subfield(const struct mf_subfield *, struct ds *);
/* Reads/writes 'sf''s bits of 'flow' as an integer / into a value with
 * the rest of the field unchanged.  mf_write_subfield_flow()'s 'value' is
 * in the field's layout: the bits sit at their place within the field
 * (as a load's value and mask do). */
uint64_t mf_get_subfield(const struct mf_subfield *, const struct flow *);
void mf_write_subfield_flow(const struct mf_subfield *,
                            const union mf_value *, struct flow *);
/* Copies 'n_bits' from 'src' at 'src_ofs' into 'dst' at 'dst_ofs' (bit
 * offsets counted from the least significant bit of big-endian byte
 * strings of 'src_len' and 'dst_len' bytes). */
void bitwise_copy(const void *src, unsigned int src_len,
                  unsigned int src_ofs, void *dst, unsigned int dst_len,
                  unsigned int dst_ofs, unsigned int n_bits);
/* Sets 'n_bits' bits at 'ofs' (same numbering) of 'len'-byte 'dst'. */
void bitwise_one(void *dst, unsigned int len, unsigned int ofs,
                 unsigned int n_bits);

#endif /* meta-flow.h */
