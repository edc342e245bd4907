#include <config.h>
#include "ofproto.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "dp-actions.h"
#include "mac-learning.h"
#include "ofproto-private.h"
#include "osw/bitmap.h"
#include "osw/coverage.h"
#include "osw/dynamic-string.h"
#include "osw/flow.h"
#include "osw/hash.h"
#include "osw/netdev.h"
#include "osw/netlink.h"
#include "osw/ofpbuf.h"
#include "osw/poll-loop.h"
#include "osw/timeval.h"
#include "osw/unixctl.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "xlate.h"

VLOG_DEFINE_THIS_MODULE(ofproto);

COVERAGE_DEFINE(ofproto_upcall);
COVERAGE_DEFINE(ofproto_reconfigure);

/* How often the datapath's flows are dumped for statistics and for
 * refreshing the MAC entries of traffic the cache forwards. */
#define OFPROTO_DUMP_INTERVAL 1000      /* ms */

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* The datapath every bridge uses, from ofproto_init(). */
static struct dpif *ofproto_dpif;

/* Guards the two maps below and every bridge's ports, bundles and table
 * (see ofproto-private.h). */
static pthread_rwlock_t ofproto_rwlock;

/* All bridges, by name. */
static struct hmap all_ofprotos = HMAP_INITIALIZER(&all_ofprotos);

/* Every bridge's ports, by datapath port number. */
static struct hmap all_odp_ports = HMAP_INITIALIZER(&all_odp_ports);

/* Open_vSwitch other_config:vlan-limit (xlate.h). */
static unsigned int ofproto_vlan_limit = 1;

static long long int next_dump;         /* time_msec() of the next dump. */
static uint64_t dump_seq;

static void ofproto_unixctl_init(void);
static int ofproto_upcall(struct dpif_upcall *, void *aux);
static void ofproto_dump_flows(void);

static void
ofproto_wrlock(void)
{
    pthread_rwlock_wrlock(&ofproto_rwlock);
}

static void
ofproto_rdlock(void)
{
    pthread_rwlock_rdlock(&ofproto_rwlock);
}

static void
ofproto_unlock(void)
{
    pthread_rwlock_unlock(&ofproto_rwlock);
}

/* Registers the upcall callback on 'dpif' and the control commands. */
void
ofproto_init(struct dpif *dpif)
{
    static bool inited;

    if (!inited) {
        pthread_rwlockattr_t attr;

        inited = true;
        pthread_rwlockattr_init(&attr);
        /* Upcalls come in a steady stream; a configuration change must
         * not wait for a gap between them. */
        pthread_rwlockattr_setkind_np(
            &attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
        pthread_rwlock_init(&ofproto_rwlock, &attr);
        pthread_rwlockattr_destroy(&attr);
        ofproto_unixctl_init();
    }
    ofproto_dpif = dpif;
    dpif_register_upcall(dpif, ofproto_upcall, NULL);
}

/* Sets how many VLAN tags NORMAL looks at (Open_vSwitch
 * other_config:vlan-limit, default 1; 0: as many as flows hold). */
void
ofproto_set_vlan_limit(unsigned int limit)
{
    if (limit != ofproto_vlan_limit) {
        ofproto_wrlock();
        ofproto_vlan_limit = limit;
        ofproto_unlock();
        if (ofproto_dpif) {
            dpif_revalidate_all(ofproto_dpif);
        }
    }
}

/* Bridges. */

static void
ofproto_bump_tag(uint32_t tag, void *aux OSW_UNUSED)
{
    if (ofproto_dpif) {
        dpif_tag_bump(ofproto_dpif, tag);
    }
}

static void
oftable_init_normal(struct oftable *table)
{
    struct rule *rule = xzalloc(sizeof *rule);

    osw_list_init(&table->rules);
    rule->priority = 0;
    flow_wildcards_init_catchall(&rule->mask);
    rule->actions = xzalloc(sizeof *rule->actions);
    rule->actions[0].type = OFPACT_NORMAL;
    rule->n_actions = 1;
    rule->created = time_msec();
    osw_list_push_back(&table->rules, &rule->node);
}

static void
oftable_destroy(struct oftable *table)
{
    struct rule *rule;

    OSW_LIST_FOR_EACH_POP (rule, node, &table->rules) {
        free(rule->actions);
        free(rule);
    }
}

/* The rule that 'flow' hits in 'table', or NULL on a table miss. */
static struct rule *
oftable_lookup(const struct oftable *table, const struct flow *flow)
{
    struct rule *rule;

    OSW_LIST_FOR_EACH (rule, node, &table->rules) {
        if (flow_equal_except(flow, &rule->match, &rule->mask)) {
            return rule;
        }
    }
    return NULL;
}

static struct ofproto *
ofproto_lookup__(const char *name)
{
    struct ofproto *ofproto;

    HMAP_FOR_EACH_WITH_HASH (ofproto, node, hash_string(name, 0),
                             &all_ofprotos) {
        if (!strcmp(ofproto->name, name)) {
            return ofproto;
        }
    }
    return NULL;
}

/* Creates bridge 'name'; NULL if a bridge with that name exists. */
struct ofproto *
ofproto_create(const char *name)
{
    if (ofproto_lookup__(name)) {
        VLOG_WARN("bridge %s: already exists", name);
        return NULL;
    }

    struct ofproto *ofproto = xzalloc(sizeof *ofproto);
    ofproto->name = xstrdup(name);
    /* Locally administered, from the name, until vswitchd sets one. */
    ofproto->datapath_id = ((((uint64_t) hash_string(name, 0) << 16)
                             ^ hash_string(name, 1)) & 0xffffffffffffULL)
                           | 0x020000000000ULL;
    hmap_init(&ofproto->ports);
    hmap_init(&ofproto->bundles);
    hmap_init(&ofproto->flow_stats);
    ofproto->ml = mac_learning_create(0, 0, ofproto_bump_tag, NULL);
    oftable_init_normal(&ofproto->table);

    ofproto_wrlock();
    hmap_insert(&all_ofprotos, &ofproto->node, hash_string(name, 0));
    ofproto_unlock();
    return ofproto;
}

struct flow_stats_entry {
    struct hmap_node node;      /* In 'ofproto->flow_stats'. */
    struct flow key;
    struct flow_wildcards mask;
    unsigned int thread;
    uint64_t n_packets;         /* As of the last dump. */
    uint64_t n_bytes;
    uint64_t seq;               /* 'dump_seq' of the last dump seen in. */
};

static void ofbundle_destroy__(struct ofbundle *);
static void ofproto_reconfigure__(struct ofproto *);

/* Removes 'ofproto''s ports from the datapath and frees it. */
void
ofproto_destroy(struct ofproto *ofproto)
{
    if (!ofproto) {
        return;
    }

    /* Collect the statistics one last time?  Nobody could ask for them
     * afterwards, so no. */
    ofproto_wrlock();
    hmap_remove(&all_ofprotos, &ofproto->node);
    struct ofport *port;
    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        hmap_remove(&all_odp_ports, &port->odp_node);
    }
    ofproto_unlock();

    /* No translation can reach 'ofproto' now. */
    HMAP_FOR_EACH_POP (port, ofp_node, &ofproto->ports) {
        int error = dpif_port_del(ofproto_dpif, port->odp_port);
        if (error) {
            VLOG_WARN("bridge %s: removing port %"PRIu32" from the "
                      "datapath failed (%s)", ofproto->name, port->odp_port,
                      osw_strerror(error));
        }
        free(port);
    }
    dpif_revalidate_all(ofproto_dpif);

    struct ofbundle *bundle;
    HMAP_FOR_EACH_POP (bundle, node, &ofproto->bundles) {
        ofbundle_destroy__(bundle);
    }
    struct flow_stats_entry *fse;
    HMAP_FOR_EACH_POP (fse, node, &ofproto->flow_stats) {
        free(fse);
    }
    hmap_destroy(&ofproto->ports);
    hmap_destroy(&ofproto->bundles);
    hmap_destroy(&ofproto->flow_stats);
    mac_learning_destroy(ofproto->ml);
    oftable_destroy(&ofproto->table);
    free(ofproto->flood);
    free(ofproto->name);
    free(ofproto);
}

/* Returns 'ofproto''s name. */
const char *
ofproto_name(const struct ofproto *ofproto)
{
    return ofproto->name;
}

/* Finds bridge 'name'.  Control thread. */
struct ofproto *
ofproto_lookup(const char *name)
{
    return ofproto_lookup__(name);
}

/* Sets 'ofproto''s datapath id. */
void
ofproto_set_datapath_id(struct ofproto *ofproto, uint64_t dpid)
{
    ofproto->datapath_id = dpid;
}

/* Returns 'ofproto''s datapath id. */
uint64_t
ofproto_get_datapath_id(const struct ofproto *ofproto)
{
    return ofproto->datapath_id;
}

/* Applies the MAC table's aging time and size limit. */
void
ofproto_set_mac_table_config(struct ofproto *ofproto, unsigned int idle_time,
                             size_t max_entries)
{
    mac_learning_set_idle_time(ofproto->ml, idle_time);
    mac_learning_set_max_entries(ofproto->ml, max_entries);
}

/* Forgets every MAC 'ofproto' learned. */
void
ofproto_flush_macs(struct ofproto *ofproto)
{
    mac_learning_flush(ofproto->ml);
}

/* Returns the MAC table of 'ofproto' (for tests and tracing). */
struct mac_learning *
ofproto_get_mac_learning(const struct ofproto *ofproto)
{
    return ofproto->ml;
}

/* Housekeeping for 'ofproto': statistics and MAC refresh from the
 * datapath's flows (once a second, for all bridges), then MAC aging. */
void
ofproto_run(struct ofproto *ofproto)
{
    if (time_msec() >= next_dump) {
        ofproto_dump_flows();
    }
    mac_learning_run(ofproto->ml);
}

/* Arranges for poll_block() to wake when ofproto_run() has work. */
void
ofproto_wait(struct ofproto *ofproto)
{
    if (!hmap_is_empty(&ofproto->ports)) {
        poll_timer_wait_until(next_dump);
    }
    long long int expiry = mac_learning_next_expiry(ofproto->ml);
    if (expiry != LLONG_MAX) {
        poll_timer_wait_until(expiry);
    }
}

/* Ports. */

static struct ofport *
ofport_lookup(const struct ofproto *ofproto, ofp_port_t ofp_port)
{
    struct ofport *port;

    HMAP_FOR_EACH_WITH_HASH (port, ofp_node, hash_int(ofp_port, 0),
                             &ofproto->ports) {
        if (port->ofp_port == ofp_port) {
            return port;
        }
    }
    return NULL;
}

static struct ofport *
odp_port_lookup(odp_port_t odp_port)
{
    struct ofport *port;

    HMAP_FOR_EACH_WITH_HASH (port, odp_node, hash_int(odp_port, 0),
                             &all_odp_ports) {
        if (port->odp_port == odp_port) {
            return port;
        }
    }
    return NULL;
}

static bool
netdev_in_use(const struct netdev *netdev)
{
    struct ofport *port;

    HMAP_FOR_EACH (port, odp_node, &all_odp_ports) {
        if (port->netdev == netdev) {
            return true;
        }
    }
    return false;
}

static ofp_port_t
choose_ofp_port(const struct ofproto *ofproto, ofp_port_t requested)
{
    if (((requested >= 1 && requested < OFPP_MAX) || requested == OFPP_LOCAL)
        && !ofport_lookup(ofproto, requested)) {
        return requested;
    }
    for (ofp_port_t p = 1; p < OFPP_MAX; p++) {
        if (!ofport_lookup(ofproto, p)) {
            return p;
        }
    }
    return OFPP_NONE;
}

/* Adds 'netdev' to 'ofproto' as OpenFlow port 'requested' if free. */
int
ofproto_port_add(struct ofproto *ofproto, struct netdev *netdev,
                 ofp_port_t requested, ofp_port_t *ofp_portp)
{
    if (netdev_in_use(netdev)) {
        return EEXIST;
    }
    ofp_port_t ofp_port = choose_ofp_port(ofproto, requested);
    if (ofp_port == OFPP_NONE) {
        return EFBIG;
    }

    odp_port_t odp_port;
    int error = dpif_port_add(ofproto_dpif, netdev, &odp_port);
    if (error) {
        return error;
    }

    struct ofport *port = xzalloc(sizeof *port);
    port->ofproto = ofproto;
    port->netdev = netdev;
    port->ofp_port = ofp_port;
    port->odp_port = odp_port;

    ofproto_wrlock();
    hmap_insert(&ofproto->ports, &port->ofp_node, hash_int(ofp_port, 0));
    hmap_insert(&all_odp_ports, &port->odp_node, hash_int(odp_port, 0));
    ofproto_reconfigure__(ofproto);
    ofproto_unlock();

    /* Packets that arrived before the port was known were dropped, and
     * the drop may have been cached. */
    dpif_revalidate_all(ofproto_dpif);
    if (ofp_portp) {
        *ofp_portp = ofp_port;
    }
    return 0;
}

/* Removes OpenFlow port 'ofp_port' from 'ofproto' and the datapath. */
int
ofproto_port_del(struct ofproto *ofproto, ofp_port_t ofp_port)
{
    struct ofport *port = ofport_lookup(ofproto, ofp_port);
    if (!port) {
        return ENOENT;
    }

    ofproto_wrlock();
    hmap_remove(&ofproto->ports, &port->ofp_node);
    hmap_remove(&all_odp_ports, &port->odp_node);
    ofproto_reconfigure__(ofproto);
    if (port->bundle && port->bundle->xb.odp_port == ODPP_NONE) {
        /* Nothing left to send its MACs' frames to: flood instead. */
        mac_learning_flush_bundle(ofproto->ml, &port->bundle->xb);
    }
    ofproto_unlock();

    /* Outside the lock: this waits for the forwarding threads. */
    int error = dpif_port_del(ofproto_dpif, port->odp_port);
    dpif_revalidate_all(ofproto_dpif);
    free(port);
    return error == ENOENT ? 0 : error;
}

/* Returns the datapath port of 'ofp_port', or ODPP_NONE. */
odp_port_t
ofproto_port_to_odp(const struct ofproto *ofproto, ofp_port_t ofp_port)
{
    const struct ofport *port = ofport_lookup(ofproto, ofp_port);
    return port ? port->odp_port : ODPP_NONE;
}

/* Returns the OpenFlow port of datapath port 'odp_port' in 'ofproto', or
 * OFPP_NONE. */
ofp_port_t
ofproto_port_from_odp(const struct ofproto *ofproto, odp_port_t odp_port)
{
    const struct ofport *port = odp_port_lookup(odp_port);
    return port && port->ofproto == ofproto ? port->ofp_port : OFPP_NONE;
}

/* Bundles. */

static struct ofbundle *
ofbundle_lookup(const struct ofproto *ofproto, const void *key)
{
    struct ofbundle *bundle;

    HMAP_FOR_EACH_WITH_HASH (bundle, node, hash_pointer(key, 0),
                             &ofproto->bundles) {
        if (bundle->key == key) {
            return bundle;
        }
    }
    return NULL;
}

static void
ofbundle_destroy__(struct ofbundle *bundle)
{
    free(bundle->name);
    free(bundle->members);
    free(bundle->trunks);
    free(bundle->cvlans);
    free(bundle->eff_trunks);
    free(bundle);
}

static int
compare_xbundles(const void *a_, const void *b_)
{
    const struct xbundle *const *a = a_;
    const struct xbundle *const *b = b_;
    ofp_port_t pa = (*a)->ofp_port;
    ofp_port_t pb = (*b)->ofp_port;

    return pa < pb ? -1 : pa > pb;
}

/* Recomputes what depends on both ports and bundles: each port's
 * bundle, each bundle's output port, the flooding order.  Caller holds
 * the write lock. */
static void
ofproto_reconfigure__(struct ofproto *ofproto)
{
    struct ofport *port;
    struct ofbundle *bundle;

    COVERAGE_INC(ofproto_reconfigure);
    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        port->bundle = NULL;
    }

    free(ofproto->flood);
    ofproto->flood = xcalloc(MAX(hmap_count(&ofproto->bundles), 1),
                             sizeof *ofproto->flood);
    ofproto->n_flood = 0;
    HMAP_FOR_EACH (bundle, node, &ofproto->bundles) {
        bundle->xb.odp_port = ODPP_NONE;
        bundle->xb.ofp_port = OFPP_NONE;
        for (size_t i = 0; i < bundle->n_members; i++) {
            port = ofport_lookup(ofproto, bundle->members[i]);
            if (!port) {
                continue;
            }
            if (port->bundle && port->bundle != bundle) {
                VLOG_WARN_RL(&rl, "bridge %s: port %"PRIu16" is in bundles "
                             "%s and %s; using %s", ofproto->name,
                             port->ofp_port, port->bundle->name,
                             bundle->name, port->bundle->name);
                continue;
            }
            port->bundle = bundle;
            if (bundle->xb.odp_port == ODPP_NONE) {
                bundle->xb.odp_port = port->odp_port;
                bundle->xb.ofp_port = port->ofp_port;
            }
        }
        ofproto->flood[ofproto->n_flood++] = &bundle->xb;
    }
    qsort(ofproto->flood, ofproto->n_flood, sizeof *ofproto->flood,
          compare_xbundles);
}

static unsigned long *
vlan_bitmap_clone(const unsigned long *b)
{
    return b ? bitmap_clone(b, VLAN_N_IDS) : NULL;
}

static bool
vlan_bitmap_equal(const unsigned long *a, const unsigned long *b)
{
    return (!a && !b) || (a && b && bitmap_equal(a, b, VLAN_N_IDS));
}

/* True if a bundle going from 'old' to 'new' needs its learned MACs
 * forgotten: they were learned in VLANs it may no longer carry. */
static bool
xbundle_vlans_changed(const struct xbundle *old, const struct xbundle *new)
{
    return (old->vlan_mode != new->vlan_mode
            || old->vlan != new->vlan
            || !vlan_bitmap_equal(old->trunks, new->trunks)
            || !vlan_bitmap_equal(old->cvlans, new->cvlans)
            || old->qinq_ethtype != new->qinq_ethtype);
}

/* Creates or updates the bundle 'key' of 'ofproto' from 's'. */
int
ofproto_bundle_register(struct ofproto *ofproto, void *key,
                        const struct ofproto_bundle_settings *s)
{
    if (s->vlan_mode > PORT_VLAN_DOT1Q_TUNNEL
        || s->priority_tags > PORT_PRIO_TAGS_ALWAYS) {
        return EINVAL;
    }

    /* Build the new configuration outside the lock. */
    struct ofproto_bundle_settings copy = *s;
    unsigned long *trunks = vlan_bitmap_clone(s->trunks);
    unsigned long *cvlans = vlan_bitmap_clone(s->cvlans);
    unsigned long *eff_trunks;
    struct xbundle xb;

    copy.trunks = trunks;
    copy.cvlans = cvlans;
    memset(&xb, 0, sizeof xb);
    xbundle_init_vlans(&xb, &copy, &eff_trunks);

    ofproto_wrlock();
    struct ofbundle *bundle = ofbundle_lookup(ofproto, key);
    bool flush = false;
    if (!bundle) {
        bundle = xzalloc(sizeof *bundle);
        bundle->ofproto = ofproto;
        bundle->key = key;
        hmap_insert(&ofproto->bundles, &bundle->node, hash_pointer(key, 0));
    } else {
        flush = xbundle_vlans_changed(&bundle->xb, &xb);
        free(bundle->name);
        free(bundle->members);
        free(bundle->trunks);
        free(bundle->cvlans);
        free(bundle->eff_trunks);
    }
    bundle->name = xstrdup(s->name ? s->name : "");
    bundle->members = xmemdup(s->members,
                              MAX(s->n_members, 1) * sizeof *s->members);
    bundle->n_members = s->n_members;
    bundle->trunks = trunks;
    bundle->cvlans = cvlans;
    bundle->eff_trunks = eff_trunks;
    xb.name = bundle->name;
    bundle->xb = xb;
    ofproto_reconfigure__(ofproto);
    if (flush || bundle->xb.odp_port == ODPP_NONE) {
        /* Inside the lock: no translation may still hold a pointer it
         * read from these entries. */
        mac_learning_flush_bundle(ofproto->ml, &bundle->xb);
    }
    ofproto_unlock();

    dpif_revalidate_all(ofproto_dpif);
    return 0;
}

/* Removes bundle 'key' from 'ofproto' and the MACs learned on it. */
void
ofproto_bundle_unregister(struct ofproto *ofproto, void *key)
{
    ofproto_wrlock();
    struct ofbundle *bundle = ofbundle_lookup(ofproto, key);
    if (bundle) {
        hmap_remove(&ofproto->bundles, &bundle->node);
        ofproto_reconfigure__(ofproto);
        mac_learning_flush_bundle(ofproto->ml, &bundle->xb);
        ofbundle_destroy__(bundle);
    }
    ofproto_unlock();

    if (bundle) {
        dpif_revalidate_all(ofproto_dpif);
    }
}

/* Upcalls. */

static void
upcall_add_dep(uint32_t tag, void *upcall_)
{
    struct dpif_upcall *upcall = upcall_;
    dpif_upcall_add_dep(ofproto_dpif, upcall, tag);
}

/* Translates 'upcall' for the bridge that owns its input port. */
static int
ofproto_upcall(struct dpif_upcall *upcall, void *aux OSW_UNUSED)
{
    struct xlate_out out;
    int error = 0;

    COVERAGE_INC(ofproto_upcall);
    xlate_out_init(&out, upcall->actions, upcall->wc);
    FLOW_WC_SET(upcall->wc, in_port);

    ofproto_rdlock();
    const struct ofport *port = odp_port_lookup(upcall->flow->in_port);
    if (!port) {
        /* Being added or removed: do not cache the verdict. */
        upcall->no_cache = true;
        nl_msg_put_u32(upcall->actions, DP_ACTION_ATTR_DROP,
                       DP_DROP_NO_PORT);
        ofproto_unlock();
        return 0;
    }

    struct ofproto *ofproto = port->ofproto;
    const struct rule *rule = oftable_lookup(&ofproto->table, upcall->flow);
    if (rule) {
        struct xlate_in in = {
            .flow = upcall->flow,
            .in_bundle = port->bundle ? &port->bundle->xb : NULL,
            .bundles = ofproto->flood,
            .n_bundles = ofproto->n_flood,
            .ml = ofproto->ml,
            .may_learn = true,
            .vlan_limit = ofproto_vlan_limit,
            .add_dep = upcall_add_dep,
            .add_dep_aux = upcall,
        };
        error = xlate_actions(&in, rule->actions, rule->n_actions, &out);
    } else {
        nl_msg_put_u32(upcall->actions, DP_ACTION_ATTR_DROP,
                       DP_DROP_TABLE_MISS);
    }
    ofproto_unlock();
    return error;
}

/* Flow statistics and MAC refresh. */

static uint32_t
flow_stats_hash(const struct dpif_flow *f)
{
    uint32_t hash = flow_hash(&f->key, f->thread);
    return hash_bytes(&f->mask, sizeof f->mask, hash);
}

static struct flow_stats_entry *
flow_stats_find(const struct ofproto *ofproto, const struct dpif_flow *f,
                uint32_t hash)
{
    struct flow_stats_entry *fse;

    HMAP_FOR_EACH_WITH_HASH (fse, node, hash, &ofproto->flow_stats) {
        if (fse->thread == f->thread && flow_equal(&fse->key, &f->key)
            && !memcmp(&fse->mask, &f->mask, sizeof fse->mask)) {
            return fse;
        }
    }
    return NULL;
}

/* Adds what 'f' forwarded since the last dump to the rule's counters. */
static void
account_flow(struct ofproto *ofproto, const struct dpif_flow *f)
{
    uint32_t hash = flow_stats_hash(f);
    struct flow_stats_entry *fse = flow_stats_find(ofproto, f, hash);
    uint64_t d_packets, d_bytes;

    if (!fse) {
        fse = xzalloc(sizeof *fse);
        fse->key = f->key;
        fse->mask = f->mask;
        fse->thread = f->thread;
        hmap_insert(&ofproto->flow_stats, &fse->node, hash);
    }
    if (f->stats.n_packets >= fse->n_packets) {
        d_packets = f->stats.n_packets - fse->n_packets;
        d_bytes = f->stats.n_bytes - fse->n_bytes;
    } else {
        /* A new megaflow in the same place. */
        d_packets = f->stats.n_packets;
        d_bytes = f->stats.n_bytes;
    }
    fse->n_packets = f->stats.n_packets;
    fse->n_bytes = f->stats.n_bytes;
    fse->seq = dump_seq;

    /* With one table and one rule, every megaflow went through it. */
    struct rule *rule = CONTAINER_OF(osw_list_front(&ofproto->table.rules),
                                     struct rule, node);
    rule->n_packets += d_packets;
    rule->n_bytes += d_bytes;
}

/* Keeps the source MAC of a flow that the cache forwards from aging. */
static void
refresh_mac(struct ofproto *ofproto, const struct ofport *port,
            const struct dpif_flow *f)
{
    uint16_t vlan;

    if (!f->stats.used || !port->bundle
        || !eth_addr_equals(f->mask.masks.dl_src, eth_addr_broadcast)
        || !xlate_input_vlan(&port->bundle->xb, &f->key,
                             ofproto_vlan_limit, &vlan)) {
        return;
    }
    mac_learning_refresh(ofproto->ml, vlan, f->key.dl_src,
                         &port->bundle->xb, f->stats.used);
}

static void
dump_flow_cb(const struct dpif_flow *f, void *aux OSW_UNUSED)
{
    const struct ofport *port = odp_port_lookup(f->key.in_port);
    if (port) {
        account_flow(port->ofproto, f);
        refresh_mac(port->ofproto, port, f);
    }
}

/* Megaflows gone since the last dump keep what they counted in their
 * rules; only their tracking entries go. */
static void
forget_gone_flows(struct ofproto *ofproto)
{
    struct flow_stats_entry *fse;

    HMAP_FOR_EACH_SAFE (fse, node, &ofproto->flow_stats) {
        if (fse->seq != dump_seq) {
            hmap_remove(&ofproto->flow_stats, &fse->node);
            free(fse);
        }
    }
}

/* Dumps the datapath's flows: accounts their statistics to the rules and
 * refreshes the MACs they learned.  Control thread (which alone changes
 * the configuration, so it reads it without the lock). */
static void
ofproto_dump_flows(void)
{
    if (!ofproto_dpif || hmap_is_empty(&all_ofprotos)) {
        next_dump = time_msec() + OFPROTO_DUMP_INTERVAL;
        return;
    }

    dump_seq++;
    dpif_flow_dump(ofproto_dpif, dump_flow_cb, NULL);

    struct ofproto *ofproto;
    HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
        forget_gone_flows(ofproto);
    }
    next_dump = time_msec() + OFPROTO_DUMP_INTERVAL;
}

/* Control commands. */

static struct ofproto *
ofproto_from_arg(struct unixctl_conn *conn, const char *name)
{
    struct ofproto *ofproto = ofproto_lookup__(name);
    if (!ofproto) {
        unixctl_command_reply_error(conn, "no such bridge");
    }
    return ofproto;
}

/* Appends 'ofproto''s MAC table to 's' as fdb/show prints it. */
void
ofproto_format_fdb(const struct ofproto *ofproto, struct ds *s)
{
    struct mac_learning_entry *entries;
    size_t n = mac_learning_dump(ofproto->ml, &entries);

    ds_put_cstr(s, " port  VLAN  MAC                Age\n");
    for (size_t i = 0; i < n; i++) {
        const struct xbundle *xb = entries[i].bundle;
        char port[16];

        if (xb->ofp_port == OFPP_LOCAL) {
            snprintf(port, sizeof port, "LOCAL");
        } else {
            snprintf(port, sizeof port, "%"PRIu16, xb->ofp_port);
        }
        ds_put_format(s, "%5s  %4"PRIu16"  "ETH_ADDR_FMT"  %3u\n",
                      port, entries[i].vlan, ETH_ADDR_ARGS(entries[i].mac),
                      entries[i].age);
    }
    free(entries);
}

static void
ofproto_unixctl_fdb_show(struct unixctl_conn *conn, int argc OSW_UNUSED,
                         const char *argv[], void *aux OSW_UNUSED)
{
    struct ofproto *ofproto = ofproto_from_arg(conn, argv[1]);
    if (ofproto) {
        struct ds s = DS_EMPTY_INITIALIZER;
        ofproto_format_fdb(ofproto, &s);
        unixctl_command_reply(conn, ds_cstr(&s));
        ds_destroy(&s);
    }
}

static void
ofproto_unixctl_fdb_flush(struct unixctl_conn *conn, int argc,
                          const char *argv[], void *aux OSW_UNUSED)
{
    if (argc > 1) {
        struct ofproto *ofproto = ofproto_from_arg(conn, argv[1]);
        if (!ofproto) {
            return;
        }
        ofproto_flush_macs(ofproto);
    } else {
        struct ofproto *ofproto;
        HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
            ofproto_flush_macs(ofproto);
        }
    }
    unixctl_command_reply(conn, "table successfully flushed");
}

/* Appends 'ofproto''s MAC table statistics to 's' as fdb/stats-show
 * prints them. */
void
ofproto_format_fdb_stats(const struct ofproto *ofproto, struct ds *s)
{
    struct mac_learning_stats st;

    mac_learning_get_stats(ofproto->ml, &st);
    ds_put_format(s, "Statistics for bridge \"%s\":\n", ofproto->name);
    ds_put_format(s, "  Current/maximum MAC entries in the table: "
                  "%zu/%zu\n", st.n_entries, st.max_entries);
    ds_put_format(s, "  Current static MAC entries in the table : %zu\n",
                  st.n_static);
    ds_put_format(s, "  Total number of learned MAC entries     : "
                  "%"PRIu64"\n", st.n_learned);
    ds_put_format(s, "  Total number of expired MAC entries     : "
                  "%"PRIu64"\n", st.n_expired);
    ds_put_format(s, "  Total number of evicted MAC entries     : "
                  "%"PRIu64"\n", st.n_evicted);
    ds_put_format(s, "  Total number of port moved MAC entries  : "
                  "%"PRIu64"\n", st.n_moved);
}

static void
ofproto_unixctl_fdb_stats_show(struct unixctl_conn *conn,
                               int argc OSW_UNUSED, const char *argv[],
                               void *aux OSW_UNUSED)
{
    struct ofproto *ofproto = ofproto_from_arg(conn, argv[1]);
    if (ofproto) {
        struct ds s = DS_EMPTY_INITIALIZER;
        ofproto_format_fdb_stats(ofproto, &s);
        unixctl_command_reply(conn, ds_cstr(&s));
        ds_destroy(&s);
    }
}

static void
ofproto_unixctl_fdb_stats_clear(struct unixctl_conn *conn, int argc,
                                const char *argv[], void *aux OSW_UNUSED)
{
    if (argc > 1) {
        struct ofproto *ofproto = ofproto_from_arg(conn, argv[1]);
        if (!ofproto) {
            return;
        }
        mac_learning_clear_stats(ofproto->ml);
        unixctl_command_reply(conn, "statistics successfully cleared");
    } else {
        struct ofproto *ofproto;
        HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
            mac_learning_clear_stats(ofproto->ml);
        }
        unixctl_command_reply(conn, "statistics successfully cleared");
    }
}

/* Appends 'ofproto''s flow table to 's' as bridge/dump-flows prints it,
 * with statistics as of now. */
void
ofproto_format_flows(struct ofproto *ofproto, struct ds *s)
{
    /* Fresh numbers: what the cache forwarded up to now. */
    ofproto_dump_flows();

    long long int now = time_msec();
    const struct rule *rule;
    OSW_LIST_FOR_EACH (rule, node, &ofproto->table.rules) {
        ds_put_format(s, "duration=%llds, n_packets=%"PRIu64", "
                      "n_bytes=%"PRIu64", priority=%"PRIu16",",
                      (now - rule->created) / 1000, rule->n_packets,
                      rule->n_bytes, rule->priority);
        ds_put_cstr(s, "actions=");
        for (size_t i = 0; i < rule->n_actions; i++) {
            if (i) {
                ds_put_char(s, ',');
            }
            switch (rule->actions[i].type) {
            case OFPACT_NORMAL:
                ds_put_cstr(s, "NORMAL");
                break;
            }
        }
        ds_put_char(s, '\n');
    }
}

static void
ofproto_unixctl_dump_flows(struct unixctl_conn *conn, int argc OSW_UNUSED,
                           const char *argv[], void *aux OSW_UNUSED)
{
    struct ofproto *ofproto = ofproto_from_arg(conn, argv[1]);
    if (ofproto) {
        struct ds s = DS_EMPTY_INITIALIZER;
        ofproto_format_flows(ofproto, &s);
        unixctl_command_reply(conn, ds_cstr(&s));
        ds_destroy(&s);
    }
}

static void
ofproto_unixctl_init(void)
{
    unixctl_command_register("fdb/show", "bridge", 1, 1,
                             ofproto_unixctl_fdb_show, NULL);
    unixctl_command_register("fdb/flush", "[bridge]", 0, 1,
                             ofproto_unixctl_fdb_flush, NULL);
    unixctl_command_register("fdb/stats-show", "bridge", 1, 1,
                             ofproto_unixctl_fdb_stats_show, NULL);
    unixctl_command_register("fdb/stats-clear", "[bridge]", 0, 1,
                             ofproto_unixctl_fdb_stats_clear, NULL);
    unixctl_command_register("bridge/dump-flows", "bridge", 1, 1,
                             ofproto_unixctl_dump_flows, NULL);
}
