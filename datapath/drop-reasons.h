/* drop-reasons: why the datapath dropped a packet.
 *
 * Every packet that enters the datapath and leaves through no port is
 * counted under exactly one of these, so "where did my packet go" always
 * has an answer (dpctl/drop-stats, coverage/show).  Translation names its
 * reason with a DP_ACTION_ATTR_DROP action (dp-actions.h).  So are the
 * frames a port's device dropped before the datapath could receive them
 * (RX_RING: the kernel found the receive ring full, or could not hand a
 * frame over), counted on that port as the forwarding thread learns of
 * them (netdev_rxq_check(), about once a second).
 *
 * DP_DROP_REASONS lists each reason once: its enum name, its short name
 * (in dpctl/drop-stats and as coverage counter "drop_<name>") and what it
 * means. */
#ifndef DROP_REASONS_H
#define DROP_REASONS_H 1

#include <stdbool.h>

#define DP_DROP_REASONS                                                 \
    R(RX_RING, "rx_ring",                                               \
      "receive ring full or frame refused by the kernel")               \
    R(RUNT, "runt", "frame shorter than an Ethernet header")            \
    R(BAD_VLAN, "bad_vlan", "802.1Q header cut short")                  \
    R(BAD_L3, "bad_l3", "IPv4/IPv6/ARP header cut short or invalid")    \
    R(BAD_L4, "bad_l4", "TCP/UDP/SCTP/ICMP header cut short")           \
    R(BAD_VNET, "bad_vnet", "inconsistent offload (vnet) header")       \
    R(VLAN_INGRESS, "vlan_ingress",                                     \
      "VLAN not carried by the ingress port")                           \
    R(TAGGED_ON_ACCESS, "tagged_on_access",                             \
      "tagged frame on an access port")                                 \
    R(RESERVED_MAC, "reserved_mac",                                     \
      "destination is a reserved 802.1D group address (STP, LACP)")     \
    R(SAME_PORT, "same_port",                                           \
      "destination learned on the ingress port")                        \
    R(LEARNING_LOOP, "learning_loop",                                   \
      "source MAC moving too often (loop suspected)")                   \
    R(NO_OUTPUT, "no_output", "no port to send to (empty flood set)")   \
    R(FLOW_ACTION, "flow_action", "an OpenFlow rule's drop action")     \
    R(TABLE_MISS, "table_miss", "no OpenFlow rule matched")             \
    R(UPCALL_ERROR, "upcall_error", "translation failed")               \
    R(NO_PORT, "no_port", "output port no longer exists")               \
    R(MTU, "mtu", "larger than the egress port's MTU")                  \
    R(TX_FULL, "tx_full", "egress device queue full")                   \
    R(TX_ERROR, "tx_error", "egress device error")                      \
    R(GSO_FAILED, "gso_failed", "GSO frame could not be segmented")     \
    R(POLICER, "policer", "ingress policer or meter")                   \
    R(PORT_DOWN, "port_down", "egress port administratively down")     \
    R(OTHERHOST, "otherhost",                                           \
      "unicast to another MAC, for a host port not promiscuous")       \
    R(XLATE_LIMIT, "xlate_limit",                                       \
      "over max translation depth or resubmits (OpenFlow loop?)")      \
    R(INVALID_TTL, "invalid_ttl", "dec_ttl on a TTL of 0 or 1")        \
    R(NO_RECV, "no_recv", "input port configured with no_recv")

enum dp_drop_reason {
#define R(ENUM, NAME, DESC) DP_DROP_##ENUM,
    DP_DROP_REASONS
#undef R
    DP_DROP_N_REASONS
};

/* "runt", "bad_vlan", ...; NULL for an out-of-range value. */
const char *dp_drop_reason_name(enum dp_drop_reason);
/* The one-line description. */
const char *dp_drop_reason_description(enum dp_drop_reason);
/* Parses a short name; true on success. */
bool dp_drop_reason_from_name(const char *, enum dp_drop_reason *);
/* Adds 'n' to coverage counter "drop_<name>" of 'reason' (the calling
 * thread's slot: cheap, any thread). */
void dp_drop_coverage_add(enum dp_drop_reason, unsigned int n);

#endif /* drop-reasons.h */
