/* xlate: translating a flow into datapath actions.
 *
 * A translation takes the flow of a packet that missed the datapath's
 * caches and produces (1) the datapath actions for it (Netlink attributes,
 * dp-actions.h) and (2) the megaflow mask: every bit of the flow that the
 * result depends on, and no other, so that one cached megaflow serves all
 * the packets that would translate the same way.  It also records the
 * invalidation tags of the MAC-table state it read (dpif.h,
 * "Invalidation") and the statistics ids of the rules and group buckets
 * it went through (struct xlate_cache), so that the datapath's megaflow
 * statistics can be credited to them.
 *
 * The OpenFlow pipeline (xlate_pipeline())
 * ========================================
 *
 * The flow enters table 0 (or runs a packet-out's actions), with in_port
 * converted to the OpenFlow port.  In each table the highest-priority
 * rule visible in the bridge's 'tables_version' wins (the classifier adds
 * the bits it looked at to the megaflow mask); its ofpacts run in order:
 * the meter instruction first (a datapath meter action), then the apply
 * actions, clear_actions, write_actions (into the action set),
 * write_metadata, and goto_table, which continues in a later table.  At
 * the end of the pipeline the action set runs in OpenFlow 1.3's order:
 * copy_ttl_in, pop_vlan, push_vlan, copy_ttl_out, dec_ttl, set fields,
 * set_queue, group (then output is ignored), output.
 *
 * resubmit(port,table) looks the flow up again (with in_port changed
 * for the lookup only) and runs the rule's actions, then carries on.
 * Nesting (resubmit and goto_table) is limited to XLATE_MAX_DEPTH levels
 * and XLATE_MAX_RESUBMITS in total; beyond, the translation stops and
 * the packet is dropped (DP_DROP_XLATE_LIMIT, "over max translation
 * depth" in a trace) unless it was already output.
 *
 * Table miss (no rule): dropped (DP_DROP_TABLE_MISS), except that when
 * connmgr_wants_packet_in_on_miss() a NO_MATCH packet-in goes to the
 * controllers that asked (the table's table_mod miss config CONTROLLER
 * always sends one, CONTINUE goes to the next table).
 *
 * Header changes are applied to the translation's copy of the flow and
 * reach the datapath actions only when something looks at the packet
 * (output, controller, NORMAL, a group bucket, the end), as the fewest
 * set/push/pop actions that turn the packet into the flow as it is then
 * ("commit").  Metadata, registers and tun_id are pipeline state only.
 *
 * Output: a port by OpenFlow number (not to the input port, which takes
 * IN_PORT; not to ports with NO_FWD or PORT_DOWN), IN_PORT, LOCAL, ALL
 * (every port but the input one), FLOOD (ALL without NO_FLOOD ports),
 * NORMAL (xlate_normal() below, on the flow as the actions left it),
 * TABLE (packet-out only: the pipeline from table 0), CONTROLLER (a
 * datapath userspace action whose userdata, struct xlate_userdata,
 * holds the packet-in's reason, max_len, controller id, table and
 * cookie: xlate_userspace_cb() decodes it and queues the packet-in).
 *
 * Groups: ALL runs every bucket on a copy of the state; SELECT one bucket
 * chosen by a weighted hash of the 5-tuple (those fields enter the
 * mask); INDIRECT its bucket; FAST_FAILOVER the first live bucket
 * (ofproto_bucket_is_alive()).
 *
 * dec_ttl with a TTL of 0 or 1 stops the actions and sends an
 * INVALID_TTL packet-in to the controller ids listed (default 0) when
 * some connection wants packet-ins, else drops (DP_DROP_INVALID_TTL).
 * set_queue/enqueue set skb_priority to the queue id + 1 (what tc's
 * classes expect; pop_queue restores the input's).
 *
 * Megaflow mask: the classifier's bits; the fields actions read (move
 * sources, the select-group hash's fields, the TTL for dec_ttl, the tags
 * NORMAL looks at) and those they set (a set action is emitted only when
 * the value changes, so the megaflow must pin the old value).
 *
 * How ofproto uses it
 * ===================
 *
 *   ofproto_init():  dpif_register_userspace(dpif, xlate_userspace_cb,
 *                    NULL); ofproto_trace_init();
 *   upcall:          xlate_out_init(&out, upcall->actions, upcall->wc);
 *                    struct xlate_cache *xc = xlate_cache_new();
 *                    struct xlate_in in = { .flow = upcall->flow,
 *                        .in_bundle, .bundles, .n_bundles, .ml,
 *                        .may_learn = true, .vlan_limit, .add_dep,
 *                        .add_dep_aux (as for NORMAL before),
 *                        .ofproto = the port's bridge, .xcache = xc };
 *                    xlate_pipeline(&in, &out);   (read lock held)
 *                    upcall->xcache = xc;
 *                    upcall->xcache_free = xlate_cache_free;
 *                    upcall->no_cache |= out.no_cache;
 *   flow dumps:      (dpif_flow_dump_stats()) for each id in
 *                    ((const struct xlate_cache *) flow->xcache)->ids:
 *                    ofproto_stats_credit(id, delta packets, delta
 *                    bytes, flow->stats.used).
 *   packet-out:      the same xlate_in with .flow's in_port the datapath
 *                    port of the packet-out's in_port (ODPP_NONE for
 *                    CONTROLLER/NONE), .ofpacts/.ofpacts_len the
 *                    packet-out's actions, .xcache its own; then
 *                    dpif_execute(dpif, packet, actions) with the packet's
 *                    in_port set the same way, and each xcache id
 *                    credited with the packet.
 *   meter_mod:       struct ofmeter's 'dp_meter_id' (nonzero) is the
 *                    datapath meter that a meter instruction runs.
 *   ofproto/list and "ofproto/trace FLOW" without a bridge name need
 *                    struct ofproto *ofproto_next(const struct ofproto *)
 *                    (NULL: the first bridge; after the last: NULL) from
 *                    ofproto.c; without it they answer an error.
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

struct ds;
struct dp_packet;
struct flow;
struct flow_wildcards;
struct mac_learning;
struct ofpbuf;
struct ofpact;

#define XLATE_MAX_DEPTH 64          /* Nested resubmit/goto_table. */
#define XLATE_MAX_RESUBMITS 4096    /* Lookups in one translation. */

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

    /* For xlate_pipeline() only (NORMAL-only callers leave them zero). */
    struct ofproto *ofproto;            /* The bridge (read lock held). */
    const struct ofpact *ofpacts;       /* Packet-out: run these instead
                                         * of table 0 ('flow->in_port' may
                                         * then be ODPP_NONE: from the
                                         * controller). */
    size_t ofpacts_len;
    struct xlate_cache *xcache;         /* Gets the stats ids used, or
                                         * NULL. */
    struct ds *trace;                   /* ofproto/trace's text, or NULL. */
};

/* The output. */
struct xlate_out {
    struct ofpbuf *actions;             /* Appended to. */
    struct flow_wildcards *wc;          /* Bits are added to it. */
    enum dp_drop_reason drop_reason;    /* Set when the packet is dropped
                                         * (also appended to 'actions' as
                                         * DP_ACTION_ATTR_DROP);
                                         * DP_DROP_N_REASONS otherwise. */
    size_t n_outputs;                   /* Output actions added
                                         * (userspace ones included). */
    bool no_cache;                      /* The result must not be cached
                                         * (too deep: the verdict may
                                         * depend on more than the mask
                                         * says). */
    struct flow final_flow;             /* xlate_pipeline(): the flow at
                                         * the end (for ofproto/trace). */
};

void xlate_out_init(struct xlate_out *, struct ofpbuf *actions,
                    struct flow_wildcards *wc);

/* Translates 'in' through the OpenFlow pipeline of 'in->ofproto' (see
 * above) into 'out'.  'in->flow->in_port' is the datapath port (the
 * translation converts it).  Caller holds the read lock.  Returns 0. */
int xlate_pipeline(const struct xlate_in *in, struct xlate_out *out);

/* The statistics ids (ofproto-private.h, "Rules") of the rules, groups
 * and group buckets a translation went through, each once, for
 * 'struct dpif_upcall''s 'xcache': the datapath keeps it with the
 * megaflow and flow dumps show it ('struct dpif_flow''s 'xcache'), so
 * the dumper credits each id with the megaflow's statistics. */
struct xlate_cache {
    size_t n_ids;
    size_t allocated;
    uint64_t *ids;              /* 'inline_ids' until more are needed. */
    uint64_t inline_ids[4];     /* A table credits its lookups, its matches
                                 * and its rule: one table's translation
                                 * is then one allocation. */
};

struct xlate_cache *xlate_cache_new(void);
/* Frees 'xcache' (a struct xlate_cache *; NULL is fine).  The type fits
 * 'struct dpif_upcall''s 'xcache_free'. */
void xlate_cache_free(void *xcache);
/* Adds 'id' (0 is ignored) unless present. */
void xlate_cache_add(struct xlate_cache *, uint64_t id);

/* The USERDATA of the userspace actions that translation emits for
 * packet-ins.  Host byte order: it never leaves the process. */
#define XLATE_USERDATA_MAGIC 0x6f737770u        /* "oswp" */
#define XLATE_UD_MISS 0x1       /* Implicit table miss: the connections'
                                 * miss_send_len applies (connmgr's
                                 * max_len -1). */
struct xlate_userdata {
    uint32_t magic;             /* XLATE_USERDATA_MAGIC. */
    uint8_t reason;             /* OFPR_*. */
    uint8_t table_id;
    uint16_t max_len;           /* Controller action's max_len. */
    uint16_t controller_id;
    uint16_t in_port;           /* OpenFlow input port (OFPP_CONTROLLER
                                 * for a packet-out's packet). */
    uint32_t flags;             /* XLATE_UD_*. */
    uint64_t cookie;            /* The rule's, host order (all ones for
                                 * a packet-out). */
    struct ofproto *ofproto;    /* Valid while a megaflow can run it:
                                 * a bridge's megaflows are invalidated
                                 * and its ports gone before it is
                                 * freed, and a stale megaflow is always
                                 * retranslated before it runs. */
    uint64_t metadata;          /* Pipeline fields the packet does not
                                 * carry, for the packet-in's match. */
    uint64_t tun_id;
    uint32_t regs[FLOW_N_REGS];
};

/* Decodes 'len' bytes at 'data' into '*ud'.  False if they are not a
 * well-formed struct xlate_userdata. */
bool xlate_userdata_decode(const void *data, size_t len,
                           struct xlate_userdata *ud);

/* The datapath's userspace callback (dpif_register_userspace(), with
 * 'aux' unused): decodes the userdata, rebuilds the flow (OpenFlow
 * in_port, pipeline metadata) and queues the packet-in with
 * ofproto_queue_packet_in(), the in_port argument being the OpenFlow
 * port.  An implicit table miss (XLATE_UD_MISS) is queued with reason
 * OFPR_NO_MATCH, cookie UINT64_MAX and max_len UINT16_MAX: ofproto then
 * passes max_len -1 to connmgr_send_packet_in() (each connection's
 * miss_send_len).  Any thread. */
void xlate_userspace_cb(const struct dp_packet *packet,
                        const struct flow *flow, const void *userdata,
                        size_t len, void *aux);

/* Registers "ofproto/trace" and "ofproto/list" (ofproto-trace.c).
 * Idempotent; ofproto_init() calls it. */
void ofproto_trace_init(void);

/* Translates 'in' through NORMAL into 'out'.  Returns 0 (drops are not
 * errors). */
int xlate_normal(const struct xlate_in *in, struct xlate_out *out);


/* The VLAN that a frame with 'flow' (its tags) arriving on 'xb' belongs
 * to, in '*vlanp'.  False if 'xb' does not admit it.  No wildcards.
 * 'vlan_limit' as in struct xlate_in. */
bool xlate_input_vlan(const struct xbundle *xb, const struct flow *flow,
                      unsigned int vlan_limit, uint16_t *vlanp);

#endif /* xlate.h */
