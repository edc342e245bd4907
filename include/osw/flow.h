/* flow: the flow key of a packet, its extraction, and wildcard masks.
 *
 * 'struct flow' holds every header field and metadata field that a flow
 * table can match on, in a fixed layout of FLOW_U64S 64-bit words.  The
 * datapath's caches work on it word by word: a megaflow is a flow plus a
 * mask ('struct flow_wildcards', same layout, 1-bits = looked at), and a
 * lookup compares only the words the mask touches.  Fields that do not
 * apply to a packet are zero (the TCP ports of an ARP frame, say), so two
 * packets with the same headers always yield byte-identical flows; the
 * padding is zero too.
 *
 * Conventions (those of Open vSwitch, so the formats read the same):
 *   - in_port is the datapath port in the datapath, and the OpenFlow
 *     port in ofproto's tables (translation converts).
 *   - vlans[0] is the outermost tag; 'tci' has VLAN_CFI set when the tag
 *     is present (so tci 0 means "no tag", and a priority-tagged frame,
 *     VID 0, still shows CFI); 'tpid' is 0x8100 or 0x88a8.
 *   - ARP: nw_src/nw_dst are the sender/target IP, nw_proto the low byte
 *     of the opcode, arp_sha/arp_tha the hardware addresses.
 *   - IPv6 ND: nd_target, and arp_sha/arp_tha hold the source/target
 *     link-layer address options.
 *   - ICMP/ICMPv6: tp_src is the type, tp_dst the code (network order,
 *     in the low byte).
 *   - MPLS (dl_type 0x8847/0x8848): mpls_lse is the outermost label
 *     stack entry as on the wire; L3/L4 fields stay zero.
 *   - nw_frag: FLOW_NW_FRAG_ANY for any fragment, plus FLOW_NW_FRAG_LATER
 *     for non-first ones (which have no L4 fields).
 *
 * Everything here is thread-safe (pure functions). */
#ifndef OSW_FLOW_H
#define OSW_FLOW_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/packets.h"

struct dp_packet;
struct ds;

#define FLOW_MAX_VLAN_HEADERS 2
#define FLOW_N_REGS 8

union flow_vlan_hdr {
    ovs_be32 qtag;
    struct {
        ovs_be16 tpid;
        ovs_be16 tci;
    };
};

#define FLOW_NW_FRAG_ANY   (1 << 0)
#define FLOW_NW_FRAG_LATER (1 << 1)
#define FLOW_NW_FRAG_MASK  (FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER)

struct flow {
    /* Metadata (words 0-8). */
    ovs_be64 tun_id;
    ovs_be32 tun_src;
    ovs_be32 tun_dst;
    ovs_be64 metadata;          /* OpenFlow metadata. */
    uint32_t regs[FLOW_N_REGS]; /* Nicira registers. */
    uint32_t skb_priority;
    uint32_t pkt_mark;
    uint32_t in_port;
    uint32_t recirc_id;

    /* L2 (words 9-11). */
    struct eth_addr dl_dst;
    struct eth_addr dl_src;
    ovs_be16 dl_type;           /* Innermost, after all tags. */
    uint8_t pad1[2];
    union flow_vlan_hdr vlans[FLOW_MAX_VLAN_HEADERS];

    /* L3 (words 12-21). */
    ovs_be32 nw_src;
    ovs_be32 nw_dst;
    struct in6_addr ipv6_src;
    struct in6_addr ipv6_dst;
    ovs_be32 ipv6_label;
    uint8_t nw_frag;
    uint8_t nw_tos;             /* DSCP and ECN. */
    uint8_t nw_ttl;
    uint8_t nw_proto;
    struct in6_addr nd_target;
    struct eth_addr arp_sha;
    struct eth_addr arp_tha;
    ovs_be16 tcp_flags;
    uint8_t pad2[2];

    /* L4 and MPLS (word 22).  An MPLS frame has no parsed L3/L4, so its
     * label stack entry shares the word of the ports. */
    ovs_be16 tp_src;
    ovs_be16 tp_dst;
    ovs_be32 mpls_lse;          /* Outermost MPLS label stack entry. */
};
#define FLOW_U64S (sizeof(struct flow) / sizeof(uint64_t))
BUILD_ASSERT(sizeof(struct flow) % sizeof(uint64_t) == 0);
BUILD_ASSERT(sizeof(struct flow) == 184);

/* A mask over a flow: 1-bits are the bits that matter. */
struct flow_wildcards {
    struct flow masks;
};

/* Why flow_extract() refused a frame (the datapath counts the frame as
 * dropped under that reason). */
enum flow_extract_error {
    FLOW_EXTRACT_OK = 0,
    FLOW_EXTRACT_RUNT,          /* Shorter than an Ethernet header. */
    FLOW_EXTRACT_BAD_VLAN,      /* A tag cut short. */
    FLOW_EXTRACT_BAD_L3,        /* IPv4/IPv6/ARP header cut short or
                                 * inconsistent (IHL < 5, lengths). */
    FLOW_EXTRACT_BAD_L4,        /* TCP/UDP/SCTP/ICMP header cut short. */
};
const char *flow_extract_error_to_string(enum flow_extract_error);

/* Fills 'flow' from the frame in 'packet' and its metadata (in_port,
 * skb_priority, pkt_mark; tunnel fields zero), and sets 'packet''s L3 and
 * L4 offsets.  Walks up to two VLAN tags, IPv4 (with options), IPv6
 * (with extension headers), ARP, TCP/UDP/SCTP/ICMP/ICMPv6 (ND).  Returns
 * FLOW_EXTRACT_OK, or why the frame is malformed; even then 'flow' holds
 * what could be read. */
enum flow_extract_error flow_extract(struct dp_packet *packet,
                                     struct flow *flow);

/* Hash of the whole flow, for exact-match lookups. */
uint32_t flow_hash(const struct flow *, uint32_t basis);
/* A 5-tuple style hash (addresses, protocol, ports; symmetric is not
 * needed) for spreading flows over queues and select groups. */
uint32_t flow_hash_5tuple(const struct flow *, uint32_t basis);
static inline bool flow_equal(const struct flow *a, const struct flow *b)
{
    return !memcmp(a, b, sizeof *a);
}
/* True if 'a' and 'b' agree on every bit of 'wc'. */
bool flow_equal_except(const struct flow *a, const struct flow *b,
                       const struct flow_wildcards *wc);
/* Clears the bits of 'flow' that 'wc' does not look at. */
void flow_zero_wildcards(struct flow *flow, const struct flow_wildcards *wc);

void flow_wildcards_init_catchall(struct flow_wildcards *);
void flow_wildcards_init_exact(struct flow_wildcards *);
bool flow_wildcards_is_catchall(const struct flow_wildcards *);
/* dst |= src. */
void flow_wildcards_or(struct flow_wildcards *dst,
                       const struct flow_wildcards *src);
/* Sets in 'wc' the bits a translation must look at whenever it reads
 * anything beyond L2: dl_type, and for IP nw_proto and nw_frag. */
void flow_wildcards_unwildcard_l3_prereqs(struct flow_wildcards *wc,
                                          const struct flow *flow);
/* Marks the whole of field F of 'wc' as looked at. */
#define FLOW_WC_SET(WC, FIELD) \
    memset(&(WC)->masks.FIELD, 0xff, sizeof (WC)->masks.FIELD)

/* Formats 'flow' masked by 'wc' (NULL: exact) in the datapath flow syntax
 * that ovs-dpctl prints, omitting fully wildcarded fields and printing
 * partial masks as VALUE/MASK:
 *   in_port(2),eth(src=..,dst=..),eth_type(0x8100),vlan(vid=10,pcp=0),
 *   encap(eth_type(0x0800),ipv4(src=..,dst=..,proto=6,tos=0,ttl=64,
 *   frag=no),tcp(src=80,dst=1024),tcp_flags(syn|ack))
 * Order: recirc_id, skb_priority, tunnel(tun_id=,src=,dst=), in_port,
 * skb_mark, metadata, reg0..reg7, eth, then per VLAN tag eth_type(TPID),
 * vlan(vid=,pcp=[,cfi=0]),encap(...), then eth_type, ipv4(src,dst,proto,
 * tos,ttl,frag) / ipv6(src,dst,label,proto,tclass,hlimit,frag) /
 * arp(sip,tip,op,sha,tha) / mpls(label,tc,ttl,bos), then
 * tcp/udp/sctp(src,dst), icmp/icmpv6(type, code), tcp_flags (exact:
 * "syn|ack", "0" for none; masked: "+syn-ack"), nd(target,sll,tll).
 * L3 fields print only with an exact dl_type mask, L4 ones only with an
 * exact nw_proto mask and not for later fragments.
 * A VLAN tag prints when 'flow' has it and 'wc' looks at any bit of it,
 * with its TPID even if the mask ignores that.  With 'wc' NULL, metadata
 * fields (all but in_port) print only when nonzero.  'port_name', if nonnull, names datapath ports
 * ("in_port(vm1)"); it may return NULL for the number. */
void flow_format(struct ds *, const struct flow *flow,
                 const struct flow_wildcards *wc,
                 const char *(*port_name)(uint32_t port, void *aux),
                 void *aux);
/* Parses that syntax back (port numbers only).  Fields not given are
 * zero and wildcarded, except that, as in Open vSwitch, an eth_type()
 * not followed by vlan() matches exactly "no (further) VLAN tag": the
 * vlans[] entry at that depth gets an exact mask.  Returns NULL or an
 * error message to free. */
char *flow_parse(const char *s, struct flow *flow,
                 struct flow_wildcards *wc) OSW_WARN_UNUSED_RESULT;
/* Builds a frame from 'flow' into 'packet' (empty, DPBUF_MALLOC): the
 * headers the flow describes, valid lengths and checksums, and
 * 'payload_len' bytes of zeros after the L4 header (or L3 for protocols
 * without ports; none after an ND message, whose options come last).
 * Sets the packet's L3/L4 offsets and its in_port, skb_priority and
 * pkt_mark from the flow.  A VLAN tag is written for each vlans[] entry
 * with VLAN_CFI or a tpid; the CFI bit itself is not put on the wire.
 * For tests and netdev-dummy/receive. */
void flow_compose(struct dp_packet *packet, const struct flow *flow,
                  size_t payload_len);

#endif /* flow.h */
