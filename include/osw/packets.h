/* packets: wire formats of the protocol headers the switch looks at, and
 * small helpers for Ethernet addresses and VLAN tags.
 *
 * All multi-byte fields of the header structs are in network byte order
 * (the ovs_be16/ovs_be32 typedefs document that; they are plain integers).
 * The structs are packed to their wire layout, but a header in a received
 * frame may be misaligned: read fields of a header found inside a packet
 * through get_16aligned_* / memcpy, or through the struct only when the
 * code knows the alignment (flow extraction copies what it needs).
 *
 * Header-only except for eth_addr_from_string(), eth_addr_random(), the
 * MPLS label stack entry parsers, the Internet checksum and CRC32c helpers
 * (packets.c).
 * Everything here is thread-safe. */
#ifndef OSW_PACKETS_H
#define OSW_PACKETS_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "osw/util.h"

typedef uint16_t ovs_be16;
typedef uint32_t ovs_be32;
typedef uint64_t ovs_be64;

struct ds;

static inline uint64_t ntohll(ovs_be64 x)
{
    return ntohl(1) == 1 ? x : __builtin_bswap64(x);
}
static inline ovs_be64 htonll(uint64_t x)
{
    return ntohll(x);
}

/* Ethernet. */
#define ETH_ADDR_LEN 6
#define ETH_HEADER_LEN 14
#define ETH_PAYLOAD_MIN 46
#define ETH_PAYLOAD_MAX 1500
#define ETH_TOTAL_MIN (ETH_HEADER_LEN + ETH_PAYLOAD_MIN)
#define ETH_TOTAL_MAX (ETH_HEADER_LEN + ETH_PAYLOAD_MAX)
#define ETH_TYPE_MIN 0x600      /* Below: an 802.3 length field. */

#define ETH_TYPE_IP    0x0800
#define ETH_TYPE_ARP   0x0806
#define ETH_TYPE_VLAN_8021Q  0x8100
#define ETH_TYPE_VLAN_8021AD 0x88a8
#define ETH_TYPE_IPV6  0x86dd
#define ETH_TYPE_LACP  0x8809
#define ETH_TYPE_RARP  0x8035
#define ETH_TYPE_MPLS  0x8847
#define ETH_TYPE_MPLS_MCAST 0x8848

static inline bool eth_type_mpls(ovs_be16 eth_type)
{
    return eth_type == htons(ETH_TYPE_MPLS)
           || eth_type == htons(ETH_TYPE_MPLS_MCAST);
}

/* An MPLS label stack entry (RFC 3032), host order after ntohl(). */
#define MPLS_HLEN 4
#define MPLS_LABEL_MASK 0xfffff000
#define MPLS_LABEL_SHIFT 12
#define MPLS_TC_MASK 0x00000e00
#define MPLS_TC_SHIFT 9
#define MPLS_BOS_MASK 0x00000100
#define MPLS_BOS_SHIFT 8
#define MPLS_TTL_MASK 0x000000ff
#define MPLS_TTL_SHIFT 0

/* The text form of a label stack entry's sub-fields, "label=L", "tc=T",
 * "ttl=N", "bos=B", each "VALUE[/MASK]" in C syntax (0x.., 0..), shared by
 * the flow key and datapath action parsers.  Values are host order.  Both
 * return NULL on success, else a malloc'd error message that names the
 * offending key or value. */
char *mpls_lse_parse_subfield(const char *key, const char *value,
                              uint32_t *lse, uint32_t *mask);
char *mpls_lse_from_string(const char *s, uint32_t *lse, uint32_t *mask);
void mpls_lse_format(struct ds *, uint32_t lse, uint32_t mask);

struct eth_addr {
    uint8_t ea[ETH_ADDR_LEN];
};

#define ETH_ADDR_FMT "%02x:%02x:%02x:%02x:%02x:%02x"
#define ETH_ADDR_ARGS(EA) \
    (EA).ea[0], (EA).ea[1], (EA).ea[2], (EA).ea[3], (EA).ea[4], (EA).ea[5]

static const struct eth_addr eth_addr_zero = { { 0, 0, 0, 0, 0, 0 } };
static const struct eth_addr eth_addr_broadcast =
    { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

static inline bool eth_addr_equals(struct eth_addr a, struct eth_addr b)
{
    return !memcmp(a.ea, b.ea, ETH_ADDR_LEN);
}
static inline bool eth_addr_is_multicast(struct eth_addr a)
{
    return a.ea[0] & 1;
}
static inline bool eth_addr_is_broadcast(struct eth_addr a)
{
    return eth_addr_equals(a, eth_addr_broadcast);
}
static inline bool eth_addr_is_zero(struct eth_addr a)
{
    return eth_addr_equals(a, eth_addr_zero);
}
/* 802.1D reserved group addresses 01:80:c2:00:00:0x (STP, LACP, LLDP...),
 * which a bridge must not forward. */
static inline bool eth_addr_is_reserved(struct eth_addr a)
{
    return a.ea[0] == 0x01 && a.ea[1] == 0x80 && a.ea[2] == 0xc2
           && a.ea[3] == 0x00 && a.ea[4] == 0x00 && (a.ea[5] & 0xf0) == 0;
}
static inline uint64_t eth_addr_to_uint64(struct eth_addr a)
{
    return ((uint64_t) a.ea[0] << 40 | (uint64_t) a.ea[1] << 32
            | (uint64_t) a.ea[2] << 24 | (uint64_t) a.ea[3] << 16
            | (uint64_t) a.ea[4] << 8 | a.ea[5]);
}
static inline struct eth_addr eth_addr_from_uint64(uint64_t x)
{
    struct eth_addr a = { { x >> 40, x >> 32, x >> 24, x >> 16, x >> 8,
                            x } };
    return a;
}

/* Parses "xx:xx:xx:xx:xx:xx" into '*ea'; true on success. */
bool eth_addr_from_string(const char *, struct eth_addr *ea);
/* A random locally administered unicast address. */
struct eth_addr eth_addr_random(void);

struct eth_header {
    struct eth_addr eth_dst;
    struct eth_addr eth_src;
    ovs_be16 eth_type;
} __attribute__((packed));
BUILD_ASSERT(sizeof(struct eth_header) == ETH_HEADER_LEN);

/* 802.1Q / 802.1ad.  A TCI holds PCP (3 bits), CFI/DEI (1), VID (12). */
#define VLAN_HEADER_LEN 4
#define VLAN_VID_MASK 0x0fff
#define VLAN_VID_SHIFT 0
#define VLAN_PCP_MASK 0xe000
#define VLAN_PCP_SHIFT 13
#define VLAN_CFI 0x1000
#define VLAN_N_IDS 4096

struct vlan_header {
    ovs_be16 vlan_tci;
    ovs_be16 vlan_next_type;
} __attribute__((packed));

struct vlan_eth_header {
    struct eth_addr veth_dst;
    struct eth_addr veth_src;
    ovs_be16 veth_type;         /* The TPID. */
    ovs_be16 veth_tci;
    ovs_be16 veth_next_type;
} __attribute__((packed));
#define VLAN_ETH_HEADER_LEN (ETH_HEADER_LEN + VLAN_HEADER_LEN)

static inline bool eth_type_vlan(ovs_be16 eth_type)
{
    return eth_type == htons(ETH_TYPE_VLAN_8021Q)
           || eth_type == htons(ETH_TYPE_VLAN_8021AD);
}
static inline uint16_t vlan_tci_to_vid(ovs_be16 tci)
{
    return ntohs(tci) & VLAN_VID_MASK;
}
static inline int vlan_tci_to_pcp(ovs_be16 tci)
{
    return (ntohs(tci) & VLAN_PCP_MASK) >> VLAN_PCP_SHIFT;
}

/* ARP for IPv4 over Ethernet. */
#define ARP_HTYPE_ETH 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2
#define ARP_ETH_HEADER_LEN 28
struct arp_eth_header {
    ovs_be16 ar_hrd;
    ovs_be16 ar_pro;
    uint8_t ar_hln;
    uint8_t ar_pln;
    ovs_be16 ar_op;
    struct eth_addr ar_sha;
    ovs_be32 ar_spa;
    struct eth_addr ar_tha;
    ovs_be32 ar_tpa;
} __attribute__((packed));
BUILD_ASSERT(sizeof(struct arp_eth_header) == ARP_ETH_HEADER_LEN);

/* IPv4. */
#define IP_HEADER_LEN 20
#define IP_VER(IHL_VER) ((IHL_VER) >> 4)
#define IP_IHL(IHL_VER) ((IHL_VER) & 15)
#define IP_DSCP_MASK 0xfc
#define IP_ECN_MASK 0x03
#define IP_MORE_FRAGMENTS 0x2000
#define IP_FRAG_OFF_MASK 0x1fff
#define IP_DONT_FRAGMENT 0x4000

struct ip_header {
    uint8_t ip_ihl_ver;
    uint8_t ip_tos;
    ovs_be16 ip_tot_len;
    ovs_be16 ip_id;
    ovs_be16 ip_frag_off;
    uint8_t ip_ttl;
    uint8_t ip_proto;
    ovs_be16 ip_csum;
    ovs_be32 ip_src;
    ovs_be32 ip_dst;
} __attribute__((packed));
BUILD_ASSERT(sizeof(struct ip_header) == IP_HEADER_LEN);

/* IPv6 (fixed header; extension headers are walked by flow.c). */
#define IPV6_HEADER_LEN 40
struct ipv6_header {
    ovs_be32 ip6_flow;          /* Version, traffic class, flow label. */
    ovs_be16 ip6_plen;
    uint8_t ip6_nxt;
    uint8_t ip6_hlim;
    struct in6_addr ip6_src;
    struct in6_addr ip6_dst;
} __attribute__((packed));
BUILD_ASSERT(sizeof(struct ipv6_header) == IPV6_HEADER_LEN);

/* L4. */
#define TCP_HEADER_LEN 20
#define UDP_HEADER_LEN 8
#define ICMP_HEADER_LEN 8
#define SCTP_HEADER_LEN 12
#define TCP_FIN 0x001
#define TCP_SYN 0x002
#define TCP_RST 0x004
#define TCP_PSH 0x008
#define TCP_ACK 0x010
#define TCP_URG 0x020
#define TCP_FLAGS(TCP_CTL) ((TCP_CTL) & 0x0fff)
#define TCP_OFFSET(TCP_CTL) ((TCP_CTL) >> 12)

struct tcp_header {
    ovs_be16 tcp_src;
    ovs_be16 tcp_dst;
    ovs_be32 tcp_seq;
    ovs_be32 tcp_ack;
    ovs_be16 tcp_ctl;           /* Data offset (4 bits), flags (12). */
    ovs_be16 tcp_winsz;
    ovs_be16 tcp_csum;
    ovs_be16 tcp_urg;
} __attribute__((packed));
BUILD_ASSERT(sizeof(struct tcp_header) == TCP_HEADER_LEN);

struct udp_header {
    ovs_be16 udp_src;
    ovs_be16 udp_dst;
    ovs_be16 udp_len;
    ovs_be16 udp_csum;
} __attribute__((packed));
BUILD_ASSERT(sizeof(struct udp_header) == UDP_HEADER_LEN);

struct icmp_header {
    uint8_t icmp_type;
    uint8_t icmp_code;
    ovs_be16 icmp_csum;
    ovs_be32 icmp_rest;
} __attribute__((packed));

/* Internet checksums (RFC 1071).  A partial sum is a 32-bit accumulator
 * of 16-bit words in host order as they lie in memory, which makes the
 * result independent of byte order: store the finished value with
 * memcpy() or as an ovs_be16, without htons().
 *
 * csum_continue() may be called on several pieces in a row; every piece
 * but the last must have an even length. */
uint32_t csum_continue(uint32_t partial, const void *, size_t n);
/* Folds 'partial' and complements it: the value for a checksum field. */
uint16_t csum_finish(uint32_t partial);
/* The checksum of 'n' bytes at 'data'. */
static inline uint16_t csum(const void *data, size_t n)
{
    return csum_finish(csum_continue(0, data, n));
}
/* Sums of the TCP/UDP pseudo-headers for 'l4_len' bytes of 'proto' over
 * IPv4 header 'ip' or IPv6 addresses 'src'/'dst'. */
uint32_t packet_csum_pseudoheader(const struct ip_header *ip, uint8_t proto,
                                  size_t l4_len);
uint32_t packet_csum_pseudoheader6(const void *src, const void *dst,
                                   uint8_t proto, size_t l4_len);
/* CRC32c (RFC 3309) of 'n' bytes at 'data', as a number; SCTP stores it
 * in its checksum field least significant byte first. */
uint32_t crc32c(const void *data, size_t n);

/* IPv6 fragment header. */
#define IPV6_FRAG_HEADER_LEN 8
#define IPV6_FRAG_OFF_MASK 0xfff8
#define IPV6_FRAG_MORE 0x0001

/* ICMPv6 Neighbor Discovery. */
#define ND_NEIGHBOR_SOLICIT 135
#define ND_NEIGHBOR_ADVERT 136
#define ND_OPT_SOURCE_LINKADDR 1
#define ND_OPT_TARGET_LINKADDR 2
#define ND_MSG_LEN 24            /* ICMPv6 header, reserved, target. */

/* 802.2 LLC + SNAP header after an 802.3 length field. */
#define LLC_SNAP_HEADER_LEN 8
/* dl_type of a frame with an 802.3 length and no SNAP type (like Open
 * vSwitch's FLOW_DL_TYPE_NONE). */
#define FLOW_DL_TYPE_NONE 0x5ff

#define TCP_ECE 0x040
#define TCP_CWR 0x080

#endif /* packets.h */
