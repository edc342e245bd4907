/* dp-actions: the datapath's action lists, executing and printing them.
 *
 * An action list is a sequence of Netlink attributes (netlink.h) with the
 * types and payloads of the Linux openvswitch module (<linux/
 * openvswitch.h>), so a kernel datapath could take the same lists:
 *
 *   OVS_ACTION_ATTR_OUTPUT     u32 datapath port: send a copy of the
 *                              packet as it is now.
 *   OVS_ACTION_ATTR_PUSH_VLAN  struct ovs_action_push_vlan: push an
 *                              outermost tag (vlan_tci must have VLAN_CFI
 *                              set, which is not sent on the wire).
 *   OVS_ACTION_ATTR_POP_VLAN   no payload: remove the outermost tag.
 *   OVS_ACTION_ATTR_PUSH_MPLS  struct ovs_action_push_mpls: insert a label
 *                              stack entry after the VLAN tags and make
 *                              the frame of the given MPLS ethertype.  A
 *                              partial checksum is completed first, and a
 *                              GSO frame is segmented first, each segment
 *                              then running the rest of the list (the
 *                              label hides the headers offloads need).
 *   OVS_ACTION_ATTR_POP_MPLS   be16 ethertype: remove the outermost label
 *                              stack entry (if the frame has one) and give
 *                              the frame that type.
 *   OVS_ACTION_ATTR_SET        one nested OVS_KEY_ATTR_PRIORITY (u32
 *                              skb priority) or OVS_KEY_ATTR_SKB_MARK.
 *   OVS_ACTION_ATTR_SET_MASKED one nested OVS_KEY_ATTR_ETHERNET, _IPV4,
 *                              _IPV6, _TCP, _UDP, _SCTP, _ARP, _ICMP,
 *                              _ICMPV6, _ND, _MPLS (the outermost label
 *                              stack entry) (value then mask); checksums
 *                              are updated (SCTP's CRC32c by its
 *                              difference, so a bad one stays bad).  ND
 *                              applies to ICMPv6 neighbor solicitations
 *                              and advertisements only: the target, and
 *                              the source/target link-layer address
 *                              options the message has (none is added).
 *   OVS_ACTION_ATTR_USERSPACE  nested OVS_USERSPACE_ATTR_*: hand the
 *                              packet, as the actions before it left it,
 *                              to the control plane (packet-in); the
 *                              USERDATA is the translation's (xlate.h).
 *   OVS_ACTION_ATTR_METER      u32 datapath meter id (dpif.h meters):
 *                              a packet over the meter's rate is dropped
 *                              (DP_DROP_POLICER) and the rest of the list
 *                              is not executed for it.
 *
 * plus one attribute of osw's own, outside the kernel's range:
 *
 *   DP_ACTION_ATTR_DROP        u32 enum dp_drop_reason: the packet is
 *                              dropped for this reason if it has not been
 *                              output by an earlier action; must be last.
 *
 * An empty list drops the packet (DP_DROP_NO_OUTPUT).
 *
 * Text form (dpctl/dump-flows, as ovs-dpctl prints it): outputs as port
 * numbers (or names), "push_vlan(vid=10,pcp=0)", "push_vlan(tpid=0x88a8,
 * vid=10,pcp=0)", "pop_vlan", "push_mpls(label=10,tc=0,ttl=64,bos=1,
 * eth_type=0x8847)", "pop_mpls(eth_type=0x800)",
 * "set(mpls(label=10,ttl=63))", "set(skb_priority(0x10001))",
 * "set(eth(src=..,dst=..))", "set(nd(target=..,sll=..,tll=..))",
 * "userspace(pid=0,...)", "drop" or
 * "drop(reason)", separated by commas. */
#ifndef DP_ACTIONS_H
#define DP_ACTIONS_H 1

#include <linux/openvswitch.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "drop-reasons.h"

struct dp_packet;
struct ds;
struct nlattr;
struct ofpbuf;

#define DP_ACTION_ATTR_DROP 0x3f00

/* Appends the text form of 'actions' to 'ds'; 'port_name' (nullable)
 * names ports. */
void dp_actions_format(struct ds *, const struct nlattr *actions,
                       size_t actions_len,
                       const char *(*port_name)(uint32_t port, void *aux),
                       void *aux);
/* Parses the text form (port numbers only) into 'actions'.  NULL or an
 * error message to free. */
char *dp_actions_parse(const char *s, struct ofpbuf *actions);
/* True if 'actions' is a well-formed list of known actions with payloads
 * of the right sizes. */
bool dp_actions_validate(const struct nlattr *actions, size_t actions_len);

/* Executing.
 *
 * dp_actions_execute() runs a (validated) action list on 'packet', whose
 * flow extraction has run (its L3/L4 offsets are used by SET_MASKED),
 * and takes the packet over.  Each OUTPUT hands a packet to
 * 'ops->output', which owns it from then on: the packet itself for the
 * last action of the list, a clone (dp_packet_clone()) for an output that
 * later actions may still change or output again.  A packet that no
 * OUTPUT (or USERSPACE) sent is reported to 'ops->drop' with its reason
 * (the DP_ACTION_ATTR_DROP reason, else DP_DROP_NO_OUTPUT) and deleted.
 *
 * Offloads: SET_MASKED keeps a partial checksum (vnet NEEDS_CSUM) right
 * by updating the pseudo-header sum the L4 checksum field holds; frames
 * are otherwise passed on with their vnet header as they are. */
struct dp_actions_ops {
    /* Sends 'packet' to datapath port 'port'.  With 'owned' the callee
     * takes 'packet' over; without, 'packet' stays the caller's (later
     * actions go on changing it) and the callee copies it if it sends it,
     * so that an output that drops the frame (a port gone, over its MTU,
     * filtered) costs no copy. */
    void (*output)(void *aux, struct dp_packet *packet, uint32_t port,
                   bool owned);
    /* Hands a copy of 'packet' to the control plane for USERSPACE action
     * 'action' ('packet' stays the caller's).  Nullable: then ignored. */
    void (*userspace)(void *aux, const struct dp_packet *packet,
                      const struct nlattr *action);
    /* Counts 'packet' as dropped for 'reason' (it is deleted after). */
    void (*drop)(void *aux, const struct dp_packet *packet,
                 enum dp_drop_reason reason);
    /* Runs 'packet' through datapath meter 'meter_id' (it may remark the
     * packet's DSCP).  False: the packet is over the rate and is dropped
     * (reported to 'drop' as DP_DROP_POLICER unless already output).
     * Nullable: then every packet passes. */
    bool (*meter)(void *aux, struct dp_packet *packet, uint32_t meter_id);
};
void dp_actions_execute(struct dp_packet *packet,
                        const struct nlattr *actions, size_t actions_len,
                        const struct dp_actions_ops *ops, void *aux);

/* True if 'actions' contains OUTPUT to 'port'. */
bool dp_actions_output_to(const struct nlattr *actions, size_t actions_len,
                          uint32_t port);

#endif /* dp-actions.h */
