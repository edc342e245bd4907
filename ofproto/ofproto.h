/* ofproto: a bridge as an OpenFlow switch.
 *
 * An ofproto owns a bridge's ports (OpenFlow port numbers mapped to
 * datapath ports), its bundles (the Port table's rows: one or more
 * member interfaces with a VLAN configuration), its MAC learning table,
 * its 255 OpenFlow flow tables, groups and meters, and its connection
 * manager (connmgr.h: controllers and the management socket).  It
 * answers the datapath's upcalls for its ports by translating a packet's
 * flow through its tables into datapath actions and a megaflow mask
 * (xlate.h).  A bridge without controllers in standalone mode starts with
 * the single rule "priority=0 actions=NORMAL", and NORMAL is the
 * MAC-learning, VLAN-aware switch of Open vSwitch's normal mode.
 *
 * The bridges share one datapath (dpif.h): ofproto_init() registers the
 * upcall callback, which finds the bridge by the packet's input port.
 *
 * Threads.  Configuration calls come from the control thread.  The
 * upcall callback runs in forwarding threads, concurrently: it reads the
 * configuration under a read lock taken once per upcall (never per
 * cached packet), and learns MACs under the MAC table's own lock.
 * Configuration changes take the write lock and then invalidate the
 * cached flows they may affect (dpif_revalidate_all()), so no cached
 * flow outlives a change.  MAC learning changes invalidate only the
 * flows that depended on that (VLAN, MAC) (dpif tags).
 *
 * Control commands registered by ofproto_init(): fdb/show BRIDGE,
 * fdb/flush [BRIDGE], fdb/stats-show BRIDGE, fdb/stats-clear [BRIDGE],
 * bridge/dump-flows BRIDGE, in the formats of Open vSwitch's; an unknown
 * bridge is "no such bridge".  bridge/dump-flows shows every table's
 * rules, hidden ones included, with the statistics summed over the
 * datapath megaflows translated through each rule (dumped once a second
 * by ofproto_run() and on demand), kept when the megaflows expire.
 *
 * MAC aging and cached flows: traffic the datapath forwards from its
 * caches never reaches translation, so ofproto_run() refreshes the MAC
 * entries of the source addresses of megaflows used since the last dump;
 * an active MAC does not expire. */
#ifndef OFPROTO_H
#define OFPROTO_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dpif.h"
#include "ofp-errors.h"

struct connmgr;
struct ds;
struct match;
struct netdev;
struct ofconn;
struct ofp_header;
struct ofpact;
struct ofproto;

/* OpenFlow port numbers, 16-bit as in OpenFlow 1.0 (1.3's 32-bit reserved
 * numbers map onto these). */
typedef uint16_t ofp_port_t;
#define OFPP_MAX    0xff00      /* Highest number a physical port gets. */
#define OFPP_IN_PORT 0xfff8
#define OFPP_TABLE  0xfff9
#define OFPP_NORMAL 0xfffa
#define OFPP_FLOOD  0xfffb
#define OFPP_ALL    0xfffc
#define OFPP_CONTROLLER 0xfffd
#define OFPP_LOCAL  0xfffe      /* The bridge's own internal port. */
#define OFPP_NONE   0xffff

/* Registers the upcall callback on 'dpif' (the datapath every bridge
 * uses) and the control commands.  Call once, before ofproto_create(). */
void ofproto_init(struct dpif *dpif);

/* How many VLAN tags NORMAL looks at: Open_vSwitch other_config:vlan-limit
 * (absent: 1, as Open vSwitch; 0: as many as the datapath parses, 2).
 * With 1 an inner tag is payload.  Invalidates cached flows on change. */
void ofproto_set_vlan_limit(unsigned int limit);

/* Creates bridge 'name' on the datapath given to ofproto_init().  Its
 * datapath id defaults to one derived from 'name' until
 * ofproto_set_datapath_id(). */
struct ofproto *ofproto_create(const char *name);
/* Removes the bridge's ports from the datapath and frees it. */
void ofproto_destroy(struct ofproto *);
const char *ofproto_name(const struct ofproto *);
/* Finds a bridge by name. */
struct ofproto *ofproto_lookup(const char *name);
/* Iterates over the bridges in name order: ofproto_next(NULL) is the
 * first, NULL follows the last. */
struct ofproto *ofproto_next(const struct ofproto *prev);

/* Housekeeping: MAC aging, statistics.  Control thread. */
void ofproto_run(struct ofproto *);
void ofproto_wait(struct ofproto *);

void ofproto_set_datapath_id(struct ofproto *, uint64_t dpid);
uint64_t ofproto_get_datapath_id(const struct ofproto *);
/* MAC learning: entries unused for 'idle_time' seconds expire (Bridge
 * other_config:mac-aging-time, default 300); at most 'max_entries'
 * (mac-table-size, default 8192), the least recently used evicted. */
void ofproto_set_mac_table_config(struct ofproto *, unsigned int idle_time,
                                  size_t max_entries);
/* Forgets every learned MAC (and invalidates the flows that used them). */
void ofproto_flush_macs(struct ofproto *);

/* The texts of the control commands, appended to 's' (for tests and for
 * other front ends): fdb/show, fdb/stats-show, bridge/dump-flows.  The
 * last one first dumps the datapath's flows for fresh statistics. */
void ofproto_format_fdb(const struct ofproto *, struct ds *s);
void ofproto_format_fdb_stats(const struct ofproto *, struct ds *s);
void ofproto_format_flows(struct ofproto *, struct ds *s);

/* OpenFlow.
 *
 * A bridge has 255 flow tables (0..254) of rules, groups and meters, and
 * a connection manager (connmgr.h) created with it that owns its
 * controller connections and its management socket.  Every change
 * bumps the tables' version and invalidates the datapath's cached flows
 * before the request is answered, so a barrier reply is exact. */

/* Handles OpenFlow message 'oh' (already validated framing) that arrived
 * on 'ofconn' of 'ofproto''s connection manager: replies through
 * ofconn_send_reply()/ofconn_send_replies().  Returns 0 or the error for
 * connmgr to send back as OFPT_ERROR (OFPBRC_BAD_TYPE for types ofproto
 * does not handle).  Control thread. */
enum ofperr ofproto_handle_openflow(struct ofproto *, struct ofconn *,
                                    const struct ofp_header *oh);

/* Deletes every rule of every table, hidden ones included (no
 * flow-removed messages), then calls connmgr_flushed() which re-adds the
 * default flows that apply (e.g. "priority=0 actions=NORMAL" for a bridge
 * without controllers in standalone mode). */
void ofproto_flush_flows(struct ofproto *);
/* Adds (or replaces) the rule 'match' at 'priority' in table 0 with
 * 'ofpacts'.  'priority' above 65535 makes a hidden rule. */
void ofproto_add_flow(struct ofproto *, const struct match *, int priority,
                      const struct ofpact *ofpacts, size_t ofpacts_len);
/* Deletes the rule exactly 'match' at 'priority' in table 0; false if
 * there was none. */
bool ofproto_delete_flow(struct ofproto *, const struct match *,
                         int priority);
struct connmgr *ofproto_get_connmgr(const struct ofproto *);

/* Ports. */

/* Adds 'netdev' (the caller keeps it open until ofproto_port_del()) to
 * the bridge and the datapath.  The OpenFlow port number is 'requested'
 * if that is free (Interface ofport_request; OFPP_LOCAL for the bridge's
 * own internal port), otherwise the lowest free number from 1.  Stores
 * it in '*ofp_portp'.  0 or errno (EEXIST: 'netdev' already added). */
int ofproto_port_add(struct ofproto *, struct netdev *netdev,
                     ofp_port_t requested, ofp_port_t *ofp_portp);
/* Removes a port.  When this returns the datapath no longer uses its
 * netdev.  ENOENT if unknown. */
int ofproto_port_del(struct ofproto *, ofp_port_t);
/* The datapath port of 'ofp_port', or ODPP_NONE. */
odp_port_t ofproto_port_to_odp(const struct ofproto *, ofp_port_t);
/* The OpenFlow port of datapath port 'odp_port' if it belongs to this
 * bridge, else OFPP_NONE. */
ofp_port_t ofproto_port_from_odp(const struct ofproto *, odp_port_t);

/* The bridge's MAC table (mac-learning.h), for tests and tracing. */
struct mac_learning *ofproto_get_mac_learning(const struct ofproto *);

/* Bundles: the Port rows. */

enum port_vlan_mode {
    PORT_VLAN_IMPLICIT,         /* vlan_mode empty: access if 'vlan' is
                                 * set (any trunks are then ignored, as
                                 * Open vSwitch does: vswitchd warns
                                 * "ignoring trunks in favor of implicit
                                 * vlan"), trunk if no 'vlan'. */
    PORT_VLAN_ACCESS,
    PORT_VLAN_TRUNK,
    PORT_VLAN_NATIVE_TAGGED,
    PORT_VLAN_NATIVE_UNTAGGED,
    PORT_VLAN_DOT1Q_TUNNEL,
};

enum port_priority_tags {
    PORT_PRIO_TAGS_NEVER,       /* Default. */
    PORT_PRIO_TAGS_IF_NONZERO,  /* "if-nonzero" (or "true"). */
    PORT_PRIO_TAGS_ALWAYS,
};

struct ofproto_bundle_settings {
    const char *name;           /* The Port's name. */
    const ofp_port_t *members;  /* Its interfaces' OpenFlow ports. */
    size_t n_members;
    int vlan;                   /* 'tag' (0..4095), or -1 if none. */
    enum port_vlan_mode vlan_mode;
    /* Bitmaps of VLAN_N_IDS bits (bitmap.h), or NULL: 'trunks' NULL
     * means every VLAN, 'cvlans' NULL every customer VLAN. */
    const unsigned long *trunks;
    const unsigned long *cvlans;
    enum port_priority_tags priority_tags;
    uint16_t qinq_ethtype;      /* dot1q-tunnel outer TPID (0x8100 or
                                 * 0x88a8, other_config:qinq-ethtype). */
    bool protected_;            /* Port.protected: no forwarding between
                                 * two protected bundles. */
};

/* Creates or updates the bundle identified by 'key' (the caller's
 * pointer, e.g. its Port struct).  'settings' is copied.  Invalidates the
 * cached flows the change may affect. */
int ofproto_bundle_register(struct ofproto *, void *key,
                            const struct ofproto_bundle_settings *);
/* Removes the bundle 'key' (its ports stay; they just stop forwarding
 * through NORMAL) and forgets MACs learned on it. */
void ofproto_bundle_unregister(struct ofproto *, void *key);

#endif /* ofproto.h */
