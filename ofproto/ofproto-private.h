/* ofproto-private: the insides of a bridge, shared by ofproto.c and
 * xlate.c.
 *
 * Locking.  One reader-writer lock ('ofproto_rwlock' in ofproto.c)
 * guards every bridge's ports, bundles and flow table, and the global
 * maps.  The control thread is the only writer, so it reads without the
 * lock; forwarding threads take it for reading once per upcall.  Writers
 * never call into the datapath while holding it (a datapath call may wait
 * for forwarding threads, which may be waiting for the lock).
 *
 * Flow tables.  A bridge has one table (OpenFlow table 0) holding rules
 * in priority order.  Until the OpenFlow issue, the table holds exactly
 * one rule, "priority=0 actions=NORMAL", and translation runs the
 * highest-priority rule whose match covers the flow; a classifier will
 * replace the list scan without changing the rest.  A rule's statistics
 * are the sums of the datapath megaflows translated through it, gathered
 * from flow dumps (rule_stats in ofproto.c). */
#ifndef OFPROTO_PRIVATE_H
#define OFPROTO_PRIVATE_H 1

#include <stdint.h>
#include "osw/flow.h"
#include "osw/hmap.h"
#include "osw/list.h"
#include "ofproto.h"
#include "xlate.h"

/* OpenFlow actions as translation sees them ("ofpacts"). */
enum ofpact_type {
    OFPACT_NORMAL,              /* Output to OFPP_NORMAL. */
};

struct ofpact {
    enum ofpact_type type;
};

struct rule {
    struct osw_list node;       /* In 'table->rules', by priority. */
    uint16_t priority;
    struct flow match;          /* Masked by 'mask'. */
    struct flow_wildcards mask; /* Catch-all for the NORMAL rule. */
    struct ofpact *actions;
    size_t n_actions;
    long long int created;      /* time_msec(). */

    /* Statistics of megaflows that expired or were deleted, plus those
     * alive at the last dump (rule_stats_* in ofproto.c). */
    uint64_t n_packets;
    uint64_t n_bytes;
};

struct oftable {
    struct osw_list rules;      /* Highest priority first. */
};

struct ofport {
    struct hmap_node ofp_node;  /* In 'ofproto->ports', by ofp_port. */
    struct hmap_node odp_node;  /* In the global map, by odp_port. */
    struct ofproto *ofproto;
    struct netdev *netdev;
    ofp_port_t ofp_port;
    odp_port_t odp_port;
    struct ofbundle *bundle;    /* The bundle it is a member of, or NULL. */
};

struct ofbundle {
    struct hmap_node node;      /* In 'ofproto->bundles', by key. */
    struct ofproto *ofproto;
    void *key;
    char *name;
    ofp_port_t *members;
    size_t n_members;
    unsigned long *trunks;      /* Copies of the settings' bitmaps. */
    unsigned long *cvlans;
    unsigned long *eff_trunks;  /* Native modes' effective trunks. */
    struct xbundle xb;          /* What translation uses. */
};

struct ofproto {
    struct hmap_node node;      /* In 'all_ofprotos', by name. */
    char *name;
    uint64_t datapath_id;
    struct hmap ports;          /* Of "struct ofport", by ofp_port. */
    struct hmap bundles;        /* Of "struct ofbundle", by key. */
    /* The bundles' xbundles in flooding order (by OpenFlow port). */
    const struct xbundle **flood;
    size_t n_flood;
    struct mac_learning *ml;
    struct oftable table;
    struct hmap flow_stats;     /* Megaflows seen by the last dump. */
};

#endif /* ofproto-private.h */
