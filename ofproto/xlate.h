/* xlate: translating a flow into datapath actions.
 *
 * A translation takes the flow of a packet that missed the datapath's
 * caches and produces (1) the datapath actions for it (Netlink attributes,
 * dp-actions.h) and (2) the megaflow mask: every bit of the flow that the
 * result depends on, and no other, so that one cached megaflow serves all
 * the packets that would translate the same way.  It also records the
 * invalidation tags of the MAC-table state it read (dpif.h,
 * "Invalidation").
 *
 * The flow goes through the bridge's flow table (ofproto-private.h): for
 * now its only rule is "priority=0 actions=NORMAL", and xlate_actions()
 * runs that rule's actions.  NORMAL is xlate_normal(): the MAC-learning,
 * VLAN-aware switch of Open vSwitch's normal mode.
 *
 * NORMAL, step by step, exactly as Open vSwitch:
 *
 *   1. The input bundle's vlan_mode decides whether the frame may enter
 *      and in which VLAN it is:
 *        access          untagged or priority-tagged (VID 0) frames only
 *                        (others DP_DROP_TAGGED_ON_ACCESS); VLAN 'vlan'.
 *        trunk           VLAN = the outer VID (0 untagged), which must be
 *                        in 'trunks' (NULL: all).
 *        native-*        untagged and VID 0 frames are in the native VLAN
 *                        'vlan'; tagged ones must be in 'trunks' (which
 *                        always includes the native VLAN and never 0).
 *        dot1q-tunnel    every frame gets an outer tag 'vlan' with TPID
 *                        'qinq_ethtype'; the customer VID (0 untagged)
 *                        must be in 'cvlans' (NULL: all).
 *      A frame in a VLAN the port does not carry: DP_DROP_VLAN_INGRESS.
 *   2. Reserved 802.1D destinations (01:80:c2:00:00:0x): dropped,
 *      DP_DROP_RESERVED_MAC.
 *   3. The source MAC is learned in the VLAN on the input bundle (not a
 *      multicast source).  A MAC that loop detection locked on another
 *      bundle (mac-learning.h): DP_DROP_LEARNING_LOOP.
 *   4. A known unicast destination goes to its bundle (DP_DROP_SAME_PORT
 *      if that is the input bundle); anything else is flooded to every
 *      other bundle that carries the VLAN, except from a protected bundle
 *      to another protected one.  No output at all: DP_DROP_NO_OUTPUT.
 *   5. Per output, the output bundle's mode decides the tags: access
 *      strips them, trunk and native-tagged keep the VLAN's tag,
 *      native-untagged strips the native VLAN's tag, dot1q-tunnel pops
 *      the outer one.  A tag with VID 0 is sent only as priority_tags
 *      says (never: omitted; if-nonzero: when PCP is not 0; always).  PCP
 *      is kept.  Outputs that want the same tags are grouped so that the
 *      actions push and pop as little as possible.
 *
 * Tags: with 'vlan_limit' 1 (Open vSwitch's default) only the outer tag
 * counts and anything inside it is payload; with 2 (or 0) the inner tag
 * is seen too (double-tagged frames then never go to access ports, and
 * reach dot1q-tunnel ports when the inner VID is in their cvlans).
 *
 * Wildcards: in_port, dl_src and dl_dst (when the translation got as far
 * as learning), the outer VLAN tag's VID and CFI bit, its TPID and PCP
 * only when they are copied into a pushed tag or decide whether a
 * priority tag is sent, and the inner tag only as far as it is looked at.
 * Never L3 or L4: all the TCP connections between two hosts share one
 * megaflow.
 *
 * Thread-safety: xlate_*() may run in several threads at once; the
 * caller keeps the bundles it passes unchanged during the call (ofproto
 * holds its configuration read lock), and the MAC table has its own
 * lock. */
#ifndef XLATE_H
#define XLATE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dpif.h"
#include "drop-reasons.h"
#include "ofproto.h"

struct flow;
struct flow_wildcards;
struct mac_learning;
struct ofpbuf;
struct ofpact;

/* A bundle as translation sees it: a Port's VLAN configuration with the
 * implicit mode resolved and the trunks bitmap made effective. */
struct xbundle {
    const char *name;
    odp_port_t odp_port;        /* Where output goes (its first member
                                 * that is a port), or ODPP_NONE. */
    ofp_port_t ofp_port;        /* That member's OpenFlow number. */
    int vlan;                   /* 'tag', or -1. */
    enum port_vlan_mode vlan_mode;      /* Never PORT_VLAN_IMPLICIT. */
    const unsigned long *trunks;        /* NULL: every VLAN. */
    const unsigned long *cvlans;        /* NULL: every customer VLAN. */
    enum port_priority_tags priority_tags;
    uint16_t qinq_ethtype;
    bool protected_;
};

/* Fills 'xb''s VLAN fields from 'settings' as Open vSwitch does: resolves
 * the implicit mode and, for the native modes, forces the native VLAN
 * into the trunks and VLAN 0 out of them.  Trunk bitmaps that need
 * changing are cloned into '*trunks_copyp' (the caller frees it; NULL if
 * none was needed); 'xb->trunks' and 'xb->cvlans' otherwise point into
 * 'settings', so the caller copies those first. */
void xbundle_init_vlans(struct xbundle *xb,
                        const struct ofproto_bundle_settings *settings,
                        unsigned long **trunks_copyp);

/* True if 'xb' carries 'vlan' (for output). */
bool xbundle_carries_vlan(const struct xbundle *xb, uint16_t vlan);

/* The input to one translation. */
struct xlate_in {
    const struct flow *flow;            /* in_port: the datapath port. */
    const struct xbundle *in_bundle;    /* NULL: the port has none. */
    const struct xbundle *const *bundles;   /* The bridge's bundles, in
                                             * flooding order. */
    size_t n_bundles;
    struct mac_learning *ml;            /* The bridge's MAC table. */
    bool may_learn;                     /* False for a dry run (trace). */
    unsigned int vlan_limit;            /* Tags looked at (Open_vSwitch
                                         * other_config:vlan-limit): 1
                                         * makes a second tag payload, as
                                         * Open vSwitch's default; 0 means
                                         * as many as the flow holds. */

    /* Records a dependency on a MAC table tag (dpif_upcall_add_dep()), or
     * NULL. */
    void (*add_dep)(uint32_t tag, void *aux);
    void *add_dep_aux;
};

/* The output. */
struct xlate_out {
    struct ofpbuf *actions;             /* Appended to. */
    struct flow_wildcards *wc;          /* Bits are added to it. */
    enum dp_drop_reason drop_reason;    /* Set when the packet is dropped
                                         * (also appended to 'actions' as
                                         * DP_ACTION_ATTR_DROP);
                                         * DP_DROP_N_REASONS otherwise. */
    size_t n_outputs;                   /* Output actions added. */
};

void xlate_out_init(struct xlate_out *, struct ofpbuf *actions,
                    struct flow_wildcards *wc);

/* Translates 'in' through NORMAL into 'out'.  Returns 0 (drops are not
 * errors). */
int xlate_normal(const struct xlate_in *in, struct xlate_out *out);

/* Runs the 'n' OpenFlow-level actions 'acts' (a rule's) for 'in'. */
int xlate_actions(const struct xlate_in *in, const struct ofpact *acts,
                  size_t n, struct xlate_out *out);

/* The VLAN that a frame with 'flow' (its tags) arriving on 'xb' belongs
 * to, in '*vlanp'.  False if 'xb' does not admit it.  No wildcards.
 * 'vlan_limit' as in struct xlate_in. */
bool xlate_input_vlan(const struct xbundle *xb, const struct flow *flow,
                      unsigned int vlan_limit, uint16_t *vlanp);

#endif /* xlate.h */
