/* ofproto-private: the insides of a bridge, shared by ofproto.c,
 * ofproto-ofp.c, ofproto-group.c, xlate.c and ofproto-trace.c.
 *
 * Locking
 * =======
 *
 * One reader-writer lock ('ofproto_rwlock' in ofproto.c, taken with
 * ofproto_rdlock()/ofproto_wrlock()/ofproto_unlock() below) guards every
 * bridge's ports, bundles, flow tables, groups and meters, and the global
 * maps.  The control thread is the only writer, so it reads without the
 * lock; forwarding threads take it for reading once per upcall (never
 * per cached packet) and may read everything declared here while they
 * hold it.  Writers never call into the datapath while holding it (a
 * datapath call may wait for forwarding threads, which may be waiting
 * for the lock): every change is
 *
 *     ofproto_wrlock(); ...change...; ofproto->tables_version++;
 *     ofproto_unlock(); dpif_revalidate_all();
 *
 * so that when the OpenFlow request is answered (and before any barrier
 * reply) every packet received from then on is translated with the new
 * state: no stale megaflow survives a flow_mod, group_mod, meter_mod or
 * port_mod.
 *
 * Versions
 * ========
 *
 * Each table is a classifier (classifier.h) whose rules are visible in a
 * range of versions.  A translation looks rules up in
 * 'ofproto->tables_version'.  A flow_mod inserts its new rules in
 * version V+1 and makes the rules it replaces or deletes invisible from
 * V+1, then publishes V+1 by setting 'tables_version' (all under the
 * write lock), then removes the dead rules from the classifiers.  With
 * the lock held by readers for a whole translation this is belt and
 * braces: a lookup never sees half a change either way.
 *
 * Rules
 * =====
 *
 * A rule's match and priority never change while it is in a classifier;
 * its actions are a 'struct rule_actions' that a modify replaces as a
 * whole (the pointer is swapped under the write lock; the old set is
 * freed when its reference count drops to zero, so a reader that took a
 * reference may keep using it after unlocking).  A rule itself is
 * reference-counted (ofproto_rule_ref()/ofproto_rule_unref(), any
 * thread): the table holds one reference; anything else that keeps a
 * pointer beyond the read lock holds another.  A rule removed from its
 * table has 'removed' set and is never found again by lookups.
 *
 * Statistics: every rule (and every group bucket) has a 64-bit
 * 'stats_id', unique for the life of the process and never reused.  A
 * translation records the stats ids of the rules and group buckets it
 * went through in the upcall (dpif.h); ofproto_run() dumps the
 * megaflows once a second (dpif_flow_dump_stats(); stats requests dump
 * on demand) and folds each translation's delta since the previous dump
 * into those rules' and buckets' n_packets/n_bytes and 'used'
 * (ofproto_stats_credit()); a translation that ended (megaflow expired,
 * retranslated, flushed, or never cached) is reported once more with its
 * final counts, so every packet is credited exactly once.  A packet-out
 * credits its translation's ids at once.  Ids of rules that are gone
 * are simply ignored.
 *
 * Priorities above 65535 are hidden rules in table 0 (connmgr's
 * fail-open rule): never in OpenFlow flow statistics, never touched by
 * flow_mods, always consulted (bridge/dump-flows shows them, as Open
 * vSwitch's does).
 *
 * Packet-ins: a controller action becomes a datapath userspace action
 * (xlate); the datapath calls back in the forwarding thread, and the
 * callback (xlate's) hands the packet to ofproto_queue_packet_in(), which
 * copies it into a bounded, mutex-protected queue; ofproto_run() (control
 * thread) sends the queue through connmgr_send_packet_in(). */
#ifndef OFPROTO_PRIVATE_H
#define OFPROTO_PRIVATE_H 1

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include "classifier.h"
#include "ofp-actions.h"
#include "osw/flow.h"
#include "osw/hmap.h"
#include "osw/list.h"
#include "osw/match.h"
#include "osw/packets.h"
#include "ofproto.h"
#include "xlate.h"

struct connmgr;
struct dp_packet;

/* The configuration lock (see "Locking" above). */
void ofproto_rdlock(void);
void ofproto_wrlock(void);
void ofproto_unlock(void);

/* The datapath every bridge uses (ofproto_init()). */
struct dpif *ofproto_get_dpif(void);
/* Open_vSwitch other_config:vlan-limit, for translations (xlate_in). */
unsigned int ofproto_get_vlan_limit(void);

#define OFPROTO_N_TABLES 255    /* Tables 0..254; 255 means "all". */
#define OFPROTO_TABLE_ALL 255
#define OFPROTO_MAX_PRIORITY 65535      /* Above: hidden rules. */

/* Rule flags: OpenFlow's OFPFF_* bits (same values in every version). */
#define OFPROTO_FF_SEND_FLOW_REM  (1 << 0)
#define OFPROTO_FF_CHECK_OVERLAP  (1 << 1)
#define OFPROTO_FF_RESET_COUNTS   (1 << 2)
#define OFPROTO_FF_NO_PKT_COUNTS  (1 << 3)
#define OFPROTO_FF_NO_BYT_COUNTS  (1 << 4)

/* A rule's actions (instructions included), immutable once published. */
struct rule_actions {
    atomic_uint ref_cnt;
    size_t ofpacts_len;
    struct ofpact ofpacts[];    /* 'ofpacts_len' bytes of ofpacts. */
};

struct rule_actions *rule_actions_create(const struct ofpact *,
                                         size_t ofpacts_len);
struct rule_actions *rule_actions_ref(struct rule_actions *);
void rule_actions_unref(struct rule_actions *);

struct rule {
    struct cls_rule cr;         /* In 'ofproto->tables[table_id].cls'.
                                 * 'cr.match.flow.in_port' is the
                                 * OpenFlow port number. */
    struct ofproto *ofproto;
    uint8_t table_id;
    bool removed;               /* No longer in its table. */
    atomic_uint ref_cnt;

    uint64_t cookie;            /* Host order. */
    uint16_t flags;             /* OFPROTO_FF_*. */
    uint16_t idle_timeout;      /* Seconds, 0: none. */
    uint16_t hard_timeout;      /* Seconds, 0: none. */
    uint16_t importance;        /* OpenFlow 1.4+ (kept, unused). */

    long long int created;      /* time_msec() of the add. */
    long long int modified;     /* time_msec() of the add or last modify
                                 * (hard timeout counts from it). */
    long long int used;         /* time_msec() of the last packet (from
                                 * megaflow stats), or 'created'. */

    /* Swapped under the write lock; readers under the read lock may use
     * it directly, others take a reference. */
    struct rule_actions *actions;

    /* Statistics: sums of the megaflows translated through this rule
     * (see "Rules" above).  Control thread only. */
    uint64_t stats_id;
    uint64_t n_packets;
    uint64_t n_bytes;

    /* ofproto.c: expiry list, group/meter back references. */
    struct osw_list expirable;  /* In 'ofproto->expirable' if it has a
                                 * timeout, else empty (self-linked). */
};

static inline const struct rule *
rule_from_cls_rule(const struct cls_rule *cr)
{
    return cr ? CONTAINER_OF(cr, struct rule, cr) : NULL;
}

void ofproto_rule_ref(struct rule *);
void ofproto_rule_unref(struct rule *);

/* Table-miss behaviour configured with table_mod (OpenFlow 1.1-1.2
 * semantics; 1.3+ uses table-miss rules, and Open vSwitch's default,
 * OFPROTO_TABLE_MISS_DEFAULT, is "drop, except packet-ins for 1.0-1.2
 * connections that want them", see issue6 "Translation"). */
enum ofproto_table_miss {
    OFPROTO_TABLE_MISS_DEFAULT,
    OFPROTO_TABLE_MISS_CONTROLLER,
    OFPROTO_TABLE_MISS_CONTINUE,
    OFPROTO_TABLE_MISS_DROP,
};

struct oftable {
    struct classifier cls;
    char *name;                 /* NULL: default "table%d" in replies. */
    unsigned int max_flows;     /* UINT_MAX: unlimited. */
    uint32_t config;            /* As last set by table_mod (raw bits). */
    enum ofproto_table_miss miss;
    /* Packets looked up in the table, and those that matched a rule,
     * cached ones included: a translation records the two stats ids
     * (with its rules' ids) and the flow dumps credit them, like a
     * rule's n_packets.  The byte counts are only their sinks. */
    uint64_t n_lookups;
    uint64_t n_matched;
    uint64_t lookup_stats_id, matched_stats_id;
    uint64_t n_lookup_bytes, n_matched_bytes;
};

/* Port config and state bits: OpenFlow's OFPPC_* and OFPPS_* values
 * (the same bits in 1.0 and 1.3+ for the ones osw honours). */
#define OFPROTO_PC_PORT_DOWN     (1 << 0)
#define OFPROTO_PC_NO_RECV       (1 << 2)
#define OFPROTO_PC_NO_FLOOD      (1 << 4)       /* OpenFlow 1.0 only. */
#define OFPROTO_PC_NO_FWD        (1 << 5)
#define OFPROTO_PC_NO_PACKET_IN  (1 << 6)

#define OFPROTO_PS_LINK_DOWN     (1 << 0)
#define OFPROTO_PS_BLOCKED       (1 << 1)
#define OFPROTO_PS_LIVE          (1 << 2)

struct ofport {
    struct hmap_node ofp_node;  /* In 'ofproto->ports', by ofp_port. */
    struct hmap_node odp_node;  /* In the global map, by odp_port. */
    struct ofproto *ofproto;
    struct netdev *netdev;
    ofp_port_t ofp_port;
    odp_port_t odp_port;
    struct ofbundle *bundle;    /* The bundle it is a member of, or NULL. */

    /* OpenFlow view (features, port desc, port status).  'config' and
     * 'state' are read by translation: NO_FWD / PORT_DOWN ports get no
     * output, NO_FLOOD ports no flooding, NO_RECV ports drop input,
     * NO_PACKET_IN ports send no packet-ins; fast-failover buckets watch
     * 'state & OFPROTO_PS_LIVE'. */
    char *name;
    struct eth_addr hw_addr;
    uint32_t config;            /* OFPROTO_PC_*. */
    uint32_t state;             /* OFPROTO_PS_*. */
    uint32_t curr_speed;        /* kbps, 0 if unknown. */
    uint32_t max_speed;
    long long int created;      /* time_msec() of the add (port stats). */
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

/* Looks up a port of 'ofproto' by OpenFlow number (NULL if none).  Read
 * lock or control thread. */
struct ofport *ofproto_get_port(const struct ofproto *, ofp_port_t);

/* Groups (ofproto-group.c).  OpenFlow's OFPGT11_* values. */
enum ofgroup_type {
    OFGROUP_ALL = 0,
    OFGROUP_SELECT = 1,
    OFGROUP_INDIRECT = 2,
    OFGROUP_FF = 3,             /* Fast failover. */
};

#define OFPROTO_GROUP_ANY  0xffffffffu  /* OFPG_ANY: no watch group. */
#define OFPROTO_GROUP_ALL  0xfffffffcu  /* OFPG_ALL: every group. */
#define OFPROTO_GROUP_MAX  0xffffff00u  /* Highest real group id. */

struct ofgroup_bucket {
    uint16_t weight;            /* Select groups; 0 elsewhere. */
    uint32_t watch_port;        /* OFPP_ANY (0xffffffff) or a port. */
    uint32_t watch_group;       /* OFPROTO_GROUP_ANY or a group. */
    uint32_t bucket_id;         /* OpenFlow 1.5 ids; index otherwise. */
    struct ofpact *ofpacts;     /* Owned. */
    size_t ofpacts_len;
    uint64_t stats_id;          /* As a rule's. */
    uint64_t n_packets;
    uint64_t n_bytes;
};

/* A group.  Replaced as a whole by a modify (the new struct gets the old
 * one's statistics and references), so translation may use a group
 * while it holds the read lock without further care. */
struct ofgroup {
    struct hmap_node node;      /* In 'ofproto->groups', by group_id. */
    uint32_t group_id;
    enum ofgroup_type type;
    struct ofgroup_bucket *buckets;
    size_t n_buckets;
    long long int created;
    uint32_t n_rules;           /* Rules whose actions use this group. */
    uint64_t stats_id;          /* Whole-group packets (each translation
                                 * that runs the group records it). */
    uint64_t n_packets;
    uint64_t n_bytes;
};

/* The group 'group_id' of 'ofproto', or NULL.  Read lock or control
 * thread. */
struct ofgroup *ofproto_group_lookup(const struct ofproto *,
                                     uint32_t group_id);
/* True if 'bucket' of a fast-failover group may be used: its watch port
 * is live (ofport state) and its watch group has a live bucket. */
bool ofproto_bucket_is_alive(const struct ofproto *,
                             const struct ofgroup_bucket *, int depth);

/* Meters.  Configuration mirrors OpenFlow 1.3's meter_mod; the token
 * buckets themselves run in the datapath (dpif_meter_set(): the
 * translation emits a meter action with 'dp_meter_id' and the datapath
 * applies the bands).  ofproto keeps the configuration for meter-config
 * replies and reads the datapath's counters (dpif_meter_get_stats()) for
 * meter stats; the 'tokens'/'last_fill' fields below are unused then. */
#define OFPROTO_METER_KBPS   (1 << 0)
#define OFPROTO_METER_PKTPS  (1 << 1)
#define OFPROTO_METER_BURST  (1 << 2)
#define OFPROTO_METER_STATS  (1 << 3)

#define OFPROTO_METER_BAND_DROP         1
#define OFPROTO_METER_BAND_DSCP_REMARK  2

#define OFPROTO_METER_MAX     0xffff0000u  /* OFPM_MAX. */
#define OFPROTO_METER_ALL     0xffffffffu  /* OFPM_ALL. */
#define OFPROTO_MAX_BANDS     8

struct ofmeter_band {
    uint16_t type;              /* OFPROTO_METER_BAND_*. */
    uint8_t prec_level;         /* DSCP remark: drop precedence added. */
    uint32_t rate;              /* kbps or pktps per the meter's flags. */
    uint32_t burst_size;        /* kbits or packets; 0: default (rate). */

    /* Token bucket (used if the datapath has no meters of its own):
     * tokens in millibits or millipackets, refilled at 'rate'. */
    uint64_t tokens;
    long long int last_fill;    /* time_msec(). */

    uint64_t packet_count;      /* Packets and bytes over this band. */
    uint64_t byte_count;
};

struct ofmeter {
    struct hmap_node node;      /* In 'ofproto->meters', by meter_id. */
    uint32_t meter_id;          /* OpenFlow id (per bridge). */
    uint32_t dp_meter_id;       /* The datapath meter (dpif.h) that runs
                                 * it: what translation puts in the
                                 * meter action.  Unique in the
                                 * datapath, below DPIF_N_METERS. */
    uint16_t flags;             /* OFPROTO_METER_*. */
    struct ofmeter_band bands[OFPROTO_MAX_BANDS];
    size_t n_bands;
    long long int created;
    uint32_t flow_count;        /* Rules using it (filled for stats). */
    uint64_t packet_in_count;
    uint64_t byte_in_count;
};

struct ofmeter *ofproto_meter_lookup(const struct ofproto *,
                                     uint32_t meter_id);

/* Packet-ins waiting for the control thread. */
struct ofproto_packet_in {
    struct osw_list node;
    ofp_port_t in_port;         /* OpenFlow port. */
    uint8_t reason;             /* OFPR_* (0 no match, 1 action, ...). */
    uint8_t table_id;
    uint64_t cookie;            /* Of the rule, host order. */
    uint16_t max_len;           /* Bytes to send (65535: all). */
    uint16_t controller_id;
    bool miss;                  /* Implicit table miss. */
    struct flow flow;           /* Metadata and fields for the match. */
    void *packet;               /* Copy of the frame (owned). */
    size_t packet_len;
};

#define OFPROTO_MAX_PACKET_INS 1024     /* Queue bound; extras dropped. */

/* Queues a packet-in for 'ofproto' ('packet' of 'len' bytes is copied;
 * 'flow' is the flow of the packet as it was when the controller action
 * ran, in_port the datapath port or already the OpenFlow one when
 * 'in_port_is_ofp').  Any thread; never blocks for long. */
void ofproto_queue_packet_in(struct ofproto *, const void *packet,
                             size_t len, const struct flow *flow,
                             ofp_port_t in_port, uint8_t reason,
                             uint8_t table_id, uint64_t cookie,
                             uint16_t max_len, uint16_t controller_id);
/* The same for an implicit table miss (no rule matched; xlate's
 * XLATE_UD_MISS): each connection's miss_send_len applies instead of
 * 'max_len', and only connections below OpenFlow 1.3 get it (connmgr).
 * ofproto_queue_packet_in() is for controller actions, table-miss rules
 * included. */
void ofproto_queue_packet_in_miss(struct ofproto *, const void *packet,
                                  size_t len, const struct flow *flow,
                                  ofp_port_t in_port, uint8_t table_id);

/* Credits a megaflow's statistics delta to the rule or group bucket with
 * 'stats_id' (control thread, from the flow dump). */
void ofproto_stats_credit(uint64_t stats_id, uint64_t n_packets,
                          uint64_t n_bytes, long long int used);
/* A fresh stats id (never 0). */
uint64_t ofproto_stats_id_alloc(void);
/* Registers / forgets the counters of a group or bucket ('stats_id'). */
void ofproto_stats_register(uint64_t stats_id, uint64_t *n_packets,
                            uint64_t *n_bytes);
void ofproto_stats_unregister(uint64_t stats_id);

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

    /* OpenFlow. */
    struct oftable tables[OFPROTO_N_TABLES];
    cls_version_t tables_version;       /* What translations look up. */
    struct osw_list expirable;  /* Rules with idle or hard timeouts. */
    struct hmap groups;         /* Of "struct ofgroup", by group_id. */
    struct hmap meters;         /* Of "struct ofmeter", by meter_id. */
    struct connmgr *connmgr;
    uint16_t max_ports;         /* For ofpacts_check(). */

    /* Packet-ins from the forwarding threads (ofproto_queue_packet_in). */
    pthread_mutex_t pin_mutex;
    struct osw_list pins;       /* Of "struct ofproto_packet_in". */
    size_t n_pins;
    uint64_t n_pins_dropped;    /* Over the bound. */
    int pin_fd;                 /* eventfd: the queue became nonempty. */
};

/* Flow table changes (ofproto.c).  A decoded flow_mod, independent of
 * the codec's struct so that tests and connmgr's internal rules can use
 * it too. */
enum ofproto_fm_command {
    OFPROTO_FC_ADD = 0,         /* OpenFlow's OFPFC_* values. */
    OFPROTO_FC_MODIFY = 1,
    OFPROTO_FC_MODIFY_STRICT = 2,
    OFPROTO_FC_DELETE = 3,
    OFPROTO_FC_DELETE_STRICT = 4,
};

#define OFPROTO_OUT_PORT_ANY  0xffffffffu   /* No out_port filter. */

struct ofproto_fm {
    enum ofproto_fm_command command;
    struct match match;         /* in_port: OpenFlow port. */
    int priority;
    uint8_t table_id;           /* 255: table 0 for adds, all tables for
                                 * modify and delete. */
    uint64_t cookie;            /* Filter for modify/delete, with... */
    uint64_t cookie_mask;       /* ...this mask (0: no filter). */
    uint64_t new_cookie;        /* For add; for modify if
                                 * 'modify_cookie'. */
    bool modify_cookie;
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint16_t importance;
    uint16_t flags;             /* OFPROTO_FF_*. */
    uint32_t out_port;          /* OFPROTO_OUT_PORT_ANY or a port. */
    uint32_t out_group;         /* OFPROTO_GROUP_ANY or a group. */
    const struct ofpact *ofpacts;
    size_t ofpacts_len;
    bool modify_may_add;        /* A modify that matches nothing adds
                                 * (Open vSwitch, every version) unless
                                 * the cookie mask filters. */
};

/* Applies 'fm' to 'ofproto': checks it, changes the tables under the
 * write lock with a version bump, revalidates the datapath and sends the
 * flow-removed messages for deleted rules.  0 or an OFPERR_*. */
enum ofperr ofproto_flow_mod(struct ofproto *, const struct ofproto_fm *);

/* Rules for stats requests: every rule (hidden ones excluded) in table
 * 'table_id' (255: all) covered by 'match' (or exactly it at 'priority'
 * when 'strict'), passing the cookie, out_port and out_group filters.
 * Returns a malloc'd array of '*n' rules (no references taken; valid
 * until the next change), sorted by table then descending priority.
 * Refreshes statistics from the datapath first when 'fresh'. */
struct rule **ofproto_collect_rules(struct ofproto *, uint8_t table_id,
                                    const struct match *, bool strict,
                                    int priority, uint64_t cookie,
                                    uint64_t cookie_mask, uint32_t out_port,
                                    uint32_t out_group, bool fresh,
                                    size_t *n);

/* Deletes every rule that outputs to group 'group_id' (reason
 * OFPRR_GROUP_DELETE; OFPROTO_GROUP_ALL: to any group) or uses meter
 * 'meter_id' (OFPRR_METER_DELETE; OFPROTO_METER_ALL: any meter); pass
 * the other as 0.  Caller holds no lock; revalidates. */
void ofproto_delete_rules_using(struct ofproto *, uint32_t group_id,
                                uint32_t meter_id);
/* Number of rules whose actions use group 'group_id' / meter 'meter_id'. */
uint32_t ofproto_count_rules_using(const struct ofproto *,
                                   uint32_t group_id, uint32_t meter_id);

/* Dumps the datapath's megaflows now and credits their statistics. */
void ofproto_refresh_stats(void);

/* Bumps 'ofproto''s table version and revalidates the datapath, after a
 * change made under the write lock (which the caller has released). */
void ofproto_bump_version_and_revalidate(struct ofproto *);

/* Port mod: applies 'config' under 'mask' (OFPROTO_PC_* bits) to
 * 'port'; PORT_DOWN takes the netdev down or up.  Revalidates and sends
 * a port status.  Control thread. */
void ofproto_port_set_config(struct ofproto *, struct ofport *,
                             uint32_t config, uint32_t mask);

/* ofproto-ofp.c: the OpenFlow side of the bridge (connmgr glue).  Each
 * is a no-op while the bridge has no connmgr. */
void ofproto_ofp_init(struct ofproto *);        /* Creates the connmgr. */
void ofproto_ofp_destroy(struct ofproto *);
void ofproto_ofp_run(struct ofproto *);
void ofproto_ofp_wait(struct ofproto *);
void ofproto_ofp_flushed(struct ofproto *);
/* Flow removed for 'rule' (OFPRR_* 'reason'), if it asked for one. */
void ofproto_ofp_flow_removed(struct ofproto *, const struct rule *,
                              uint8_t reason);
/* Port status (OFPPR_ADD 0, DELETE 1, MODIFY 2) for 'port'. */
void ofproto_ofp_port_status(struct ofproto *, const struct ofport *,
                             uint8_t reason);
void ofproto_ofp_packet_in(struct ofproto *,
                           const struct ofproto_packet_in *);

/* Groups and meters (ofproto-group.c).  Decoded group_mod and
 * meter_mod, independent of the codec's structs. */
enum ofproto_group_command {
    OFPROTO_GC_ADD = 0,         /* OFPGC_* values. */
    OFPROTO_GC_MODIFY = 1,
    OFPROTO_GC_DELETE = 2,
};

struct ofproto_group_mod {
    enum ofproto_group_command command;
    enum ofgroup_type type;
    uint32_t group_id;
    const struct ofgroup_bucket *buckets;       /* Copied (ofpacts too);
                                                 * stats fields ignored. */
    size_t n_buckets;
};

/* Applies 'gm': 0 or an OFPERR_* (OFPGMFC_*).  Deleting a group deletes
 * the rules that use it.  Revalidates.  Control thread. */
enum ofperr ofproto_group_mod(struct ofproto *,
                              const struct ofproto_group_mod *);

enum ofproto_meter_command {
    OFPROTO_MC_ADD = 0,         /* OFPMC_* values. */
    OFPROTO_MC_MODIFY = 1,
    OFPROTO_MC_DELETE = 2,
};

struct ofproto_meter_mod {
    enum ofproto_meter_command command;
    uint16_t flags;             /* OFPROTO_METER_*. */
    uint32_t meter_id;
    size_t n_bands;
    struct ofmeter_band bands[OFPROTO_MAX_BANDS];  /* type, prec_level,
                                                    * rate, burst_size. */
};

/* Applies 'mm': 0 or an OFPERR_* (OFPMMFC_*).  Deleting a meter deletes
 * the rules that use it.  Control thread. */
enum ofperr ofproto_meter_mod(struct ofproto *,
                              const struct ofproto_meter_mod *);
/* Fills the live counters of 'meter' (from the datapath). */
void ofproto_meter_get_stats(const struct ofproto *, struct ofmeter *);

void ofproto_groups_destroy(struct ofproto *);
void ofproto_meters_destroy(struct ofproto *);

#endif /* ofproto-private.h */
