#include <config.h>
#include "ofproto.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "dp-actions.h"
#include "mac-learning.h"
#include "ofp-actions.h"
#include "ofproto-private.h"
#include "osw/bitmap.h"
#include "osw/coverage.h"
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "osw/flow.h"
#include "osw/hash.h"
#include "osw/match.h"
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
COVERAGE_DEFINE(ofproto_flow_mod);

/* How often the datapath's flows are dumped for statistics, idle
 * timeouts and for refreshing the MAC entries of traffic the cache
 * forwards. */
#define OFPROTO_DUMP_INTERVAL 1000      /* ms */

/* OFPRR_* reasons for flow-removed messages. */
#define OFPRR_IDLE_TIMEOUT 0
#define OFPRR_HARD_TIMEOUT 1
#define OFPRR_DELETE 2
#define OFPRR_GROUP_DELETE 3
#define OFPRR_METER_DELETE 4

/* OFPPR_* reasons for port status messages. */
#define OFPPR_ADD 0
#define OFPPR_DELETE 1
#define OFPPR_MODIFY 2

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* The datapath every bridge uses, from ofproto_init(). */
static struct dpif *ofproto_dpif;

/* Guards the two maps below and every bridge's ports, bundles, tables,
 * groups and meters (see ofproto-private.h). */
static pthread_rwlock_t ofproto_rwlock;

/* All bridges, by name. */
static struct hmap all_ofprotos = HMAP_INITIALIZER(&all_ofprotos);

/* Every bridge's ports, by datapath port number. */
static struct hmap all_odp_ports = HMAP_INITIALIZER(&all_odp_ports);

/* Rules, groups and group buckets by stats id (control thread only). */
struct stats_target {
    struct hmap_node node;
    uint64_t id;
    struct rule *rule;                  /* A rule, or NULL and: */
    uint64_t *n_packets;                /* ...a group's or bucket's. */
    uint64_t *n_bytes;
};
static struct hmap all_stats_targets = HMAP_INITIALIZER(&all_stats_targets);
static uint64_t next_stats_id = 1;

/* Open_vSwitch other_config:vlan-limit (xlate.h). */
static unsigned int ofproto_vlan_limit = 1;

static long long int next_dump;         /* time_msec() of the next dump. */
static long long int last_dump;         /* time_msec() of the last one. */
static uint64_t dump_seq;
/* struct flow_stats_entry by id. */
static struct hmap all_flow_stats = HMAP_INITIALIZER(&all_flow_stats);

static void ofproto_unixctl_init(void);
static int ofproto_upcall(struct dpif_upcall *, void *aux);
static void ofproto_dump_flows(void);
static void ofproto_revalidate(void);
static void forget_gone_flows(bool all);

/* Takes the configuration lock for writing. */
void
ofproto_wrlock(void)
{
    pthread_rwlock_wrlock(&ofproto_rwlock);
}

/* Takes the configuration lock for reading (forwarding threads). */
void
ofproto_rdlock(void)
{
    pthread_rwlock_rdlock(&ofproto_rwlock);
}

/* Releases the configuration lock. */
void
ofproto_unlock(void)
{
    pthread_rwlock_unlock(&ofproto_rwlock);
}

/* Returns the datapath given to ofproto_init(), or NULL. */
struct dpif *
ofproto_get_dpif(void)
{
    return ofproto_dpif;
}

/* Returns the VLAN limit NORMAL uses (ofproto_set_vlan_limit()). */
unsigned int
ofproto_get_vlan_limit(void)
{
    return ofproto_vlan_limit;
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
    dpif_register_userspace(dpif, xlate_userspace_cb, NULL);
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
        ofproto_revalidate();
    }
}

static void
ofproto_revalidate(void)
{
    if (ofproto_dpif) {
        dpif_revalidate_all(ofproto_dpif);
    }
}

/* Bumps 'ofproto''s table version and invalidates the datapath's cached
 * flows.  The caller made its change under the write lock and released
 * it. */
void
ofproto_bump_version_and_revalidate(struct ofproto *ofproto)
{
    ofproto_wrlock();
    ofproto->tables_version++;
    ofproto_unlock();
    ofproto_revalidate();
}

/* Statistics targets. */

/* Returns a fresh statistics id. */
uint64_t
ofproto_stats_id_alloc(void)
{
    return next_stats_id++;
}

static struct stats_target *
stats_target_find(uint64_t id)
{
    struct stats_target *st;

    HMAP_FOR_EACH_WITH_HASH (st, node, hash_uint64(id, 0), &all_stats_targets) {
        if (st->id == id) {
            return st;
        }
    }
    return NULL;
}

static void
stats_target_add(uint64_t id, struct rule *rule, uint64_t *n_packets,
                 uint64_t *n_bytes)
{
    struct stats_target *st = xmalloc(sizeof *st);
    st->id = id;
    st->rule = rule;
    st->n_packets = n_packets;
    st->n_bytes = n_bytes;
    hmap_insert(&all_stats_targets, &st->node, hash_uint64(id, 0));
}

static void
stats_target_remove(uint64_t id)
{
    struct stats_target *st = stats_target_find(id);
    if (st) {
        hmap_remove(&all_stats_targets, &st->node);
        free(st);
    }
}

/* Registers the counters of a group or bucket under 'stats_id' for
 * crediting (ofproto_stats_credit()). */
void
ofproto_stats_register(uint64_t stats_id, uint64_t *n_packets,
                       uint64_t *n_bytes)
{
    stats_target_remove(stats_id);
    stats_target_add(stats_id, NULL, n_packets, n_bytes);
}

/* Forgets 'stats_id'. */
void
ofproto_stats_unregister(uint64_t stats_id)
{
    stats_target_remove(stats_id);
}

/* Credits a megaflow's delta to the rule, group or bucket with
 * 'stats_id'. */
void
ofproto_stats_credit(uint64_t stats_id, uint64_t n_packets,
                     uint64_t n_bytes, long long int used)
{
    struct stats_target *st = stats_target_find(stats_id);
    if (!st) {
        return;
    }
    if (st->rule) {
        struct rule *rule = st->rule;
        if (!(rule->flags & OFPROTO_FF_NO_PKT_COUNTS)) {
            rule->n_packets += n_packets;
        }
        if (!(rule->flags & OFPROTO_FF_NO_BYT_COUNTS)) {
            rule->n_bytes += n_bytes;
        }
        if (used > rule->used) {
            rule->used = used;
        }
    } else {
        *st->n_packets += n_packets;
        *st->n_bytes += n_bytes;
    }
}

/* Rule actions. */

/* Returns a new action set holding a copy of 'ofpacts', with one
 * reference. */
struct rule_actions *
rule_actions_create(const struct ofpact *ofpacts, size_t ofpacts_len)
{
    struct rule_actions *actions = xmalloc(sizeof *actions
                                           + MAX(ofpacts_len, 1));
    atomic_init(&actions->ref_cnt, 1);
    actions->ofpacts_len = ofpacts_len;
    if (ofpacts_len) {
        memcpy(actions->ofpacts, ofpacts, ofpacts_len);
    }
    return actions;
}

/* Takes a reference to 'actions' and returns it. */
struct rule_actions *
rule_actions_ref(struct rule_actions *actions)
{
    if (actions) {
        atomic_fetch_add(&actions->ref_cnt, 1);
    }
    return actions;
}

/* Drops a reference to 'actions', freeing it with the last one. */
void
rule_actions_unref(struct rule_actions *actions)
{
    if (actions && atomic_fetch_sub(&actions->ref_cnt, 1) == 1) {
        free(actions);
    }
}

/* Rules. */

/* Takes a reference to 'rule'.  Any thread. */
void
ofproto_rule_ref(struct rule *rule)
{
    if (rule) {
        atomic_fetch_add(&rule->ref_cnt, 1);
    }
}

/* Drops a reference to 'rule', freeing it with the last one (it is then
 * out of its table already).  Any thread. */
void
ofproto_rule_unref(struct rule *rule)
{
    if (rule && atomic_fetch_sub(&rule->ref_cnt, 1) == 1) {
        rule_actions_unref(rule->actions);
        cls_rule_destroy(&rule->cr);
        free(rule);
    }
}

static struct rule *
rule_create(struct ofproto *ofproto, uint8_t table_id,
            const struct match *match, int priority,
            const struct ofpact *ofpacts, size_t ofpacts_len)
{
    struct rule *rule = xzalloc(sizeof *rule);
    long long int now = time_msec();

    cls_rule_init(&rule->cr, match, priority);
    rule->ofproto = ofproto;
    rule->table_id = table_id;
    atomic_init(&rule->ref_cnt, 1);
    rule->created = rule->modified = rule->used = now;
    rule->actions = rule_actions_create(ofpacts, ofpacts_len);
    rule->stats_id = ofproto_stats_id_alloc();
    osw_list_init(&rule->expirable);
    return rule;
}

static bool
rule_is_hidden(const struct rule *rule)
{
    return rule->cr.priority > OFPROTO_MAX_PRIORITY;
}

static bool
rule_has_timeout(const struct rule *rule)
{
    return rule->idle_timeout || rule->hard_timeout;
}

/* Makes 'rule' live: statistics, expiry.  Caller holds the write lock or
 * is about to publish 'rule' under it. */
static void
rule_activate(struct ofproto *ofproto, struct rule *rule)
{
    stats_target_add(rule->stats_id, rule, NULL, NULL);
    if (rule_has_timeout(rule)) {
        osw_list_push_back(&ofproto->expirable, &rule->expirable);
    }
}

/* Takes 'rule' out of everything but the classifier (which the caller
 * handles, see rules_remove()). */
static void
rule_deactivate(struct rule *rule)
{
    rule->removed = true;
    stats_target_remove(rule->stats_id);
    if (osw_list_is_linked(&rule->expirable)
        && !osw_list_is_empty(&rule->expirable)) {
        osw_list_remove(&rule->expirable);
    }
    osw_list_init(&rule->expirable);
}

/* A growable array of rules. */
struct rule_collection {
    struct rule **rules;
    size_t n, allocated;
};

static void
rule_collection_add(struct rule_collection *rc, struct rule *rule)
{
    if (rc->n >= rc->allocated) {
        rc->rules = x2nrealloc(rc->rules, &rc->allocated,
                               sizeof *rc->rules);
    }
    rc->rules[rc->n++] = rule;
}

/* Tables. */

static void
oftable_init(struct oftable *table)
{
    memset(table, 0, sizeof *table);
    classifier_init(&table->cls);
    table->max_flows = UINT_MAX;
    table->miss = OFPROTO_TABLE_MISS_DEFAULT;
    table->lookup_stats_id = ofproto_stats_id_alloc();
    ofproto_stats_register(table->lookup_stats_id, &table->n_lookups,
                           &table->n_lookup_bytes);
    table->matched_stats_id = ofproto_stats_id_alloc();
    ofproto_stats_register(table->matched_stats_id, &table->n_matched,
                           &table->n_matched_bytes);
}

static void
oftable_destroy(struct oftable *table)
{
    ofproto_stats_unregister(table->lookup_stats_id);
    ofproto_stats_unregister(table->matched_stats_id);
    classifier_destroy(&table->cls);
    free(table->name);
}

/* Selection of rules for modify, delete and stats. */
struct rule_criteria {
    uint8_t table_id;           /* 255: all. */
    const struct match *match;
    bool strict;
    int priority;               /* For 'strict'. */
    uint64_t cookie, cookie_mask;
    uint32_t out_port;
    uint32_t out_group;
    bool include_hidden;
};

static bool
rule_passes_filters(const struct rule *rule, const struct rule_criteria *c)
{
    const struct rule_actions *a = rule->actions;

    if (rule_is_hidden(rule) && !c->include_hidden) {
        return false;
    }
    if ((rule->cookie ^ c->cookie) & c->cookie_mask) {
        return false;
    }
    if (c->out_port != OFPROTO_OUT_PORT_ANY
        && c->out_port != OFPP_NONE
        && !ofpacts_output_to_port(a->ofpacts, a->ofpacts_len,
                                   c->out_port)) {
        return false;
    }
    if (c->out_group != OFPROTO_GROUP_ANY
        && !ofpacts_output_to_group(a->ofpacts, a->ofpacts_len,
                                    c->out_group)) {
        return false;
    }
    return true;
}

struct collect_aux {
    struct rule_collection *rc;
    const struct rule_criteria *c;
};

static void
collect_cb(const struct cls_rule *cr, void *aux_)
{
    struct collect_aux *aux = aux_;
    struct rule *rule = CONST_CAST(struct rule *, rule_from_cls_rule(cr));

    if (rule_passes_filters(rule, aux->c)) {
        rule_collection_add(aux->rc, rule);
    }
}

static void
collect_rules(const struct ofproto *ofproto, const struct rule_criteria *c,
              struct rule_collection *rc)
{
    for (int t = 0; t < OFPROTO_N_TABLES; t++) {
        if (c->table_id != OFPROTO_TABLE_ALL && c->table_id != t) {
            continue;
        }
        const struct classifier *cls = &ofproto->tables[t].cls;
        if (c->strict) {
            const struct cls_rule *cr = classifier_find_match_exactly(
                cls, c->match, c->priority, ofproto->tables_version);
            if (cr) {
                struct collect_aux aux = { rc, c };
                collect_cb(cr, &aux);
            }
        } else {
            struct collect_aux aux = { rc, c };
            classifier_for_each(cls, c->match, ofproto->tables_version,
                                collect_cb, &aux);
        }
    }
}

static int
compare_rules(const void *a_, const void *b_)
{
    const struct rule *a = *(const struct rule *const *) a_;
    const struct rule *b = *(const struct rule *const *) b_;

    if (a->table_id != b->table_id) {
        return a->table_id < b->table_id ? -1 : 1;
    }
    if (a->cr.priority != b->cr.priority) {
        return a->cr.priority > b->cr.priority ? -1 : 1;
    }
    return a->created < b->created ? -1 : a->created > b->created;
}

/* Collects the rules selected by the arguments for stats replies (see
 * ofproto-private.h). */
struct rule **
ofproto_collect_rules(struct ofproto *ofproto, uint8_t table_id,
                      const struct match *match, bool strict, int priority,
                      uint64_t cookie, uint64_t cookie_mask,
                      uint32_t out_port, uint32_t out_group, bool fresh,
                      size_t *n)
{
    struct match catchall;
    struct rule_collection rc = { NULL, 0, 0 };

    if (fresh) {
        ofproto_refresh_stats();
    }
    if (!match) {
        match_init_catchall(&catchall);
        match = &catchall;
    }
    struct rule_criteria c = {
        .table_id = table_id, .match = match, .strict = strict,
        .priority = priority, .cookie = cookie, .cookie_mask = cookie_mask,
        .out_port = out_port, .out_group = out_group,
    };
    collect_rules(ofproto, &c, &rc);
    if (rc.n > 1) {
        qsort(rc.rules, rc.n, sizeof *rc.rules, compare_rules);
    }
    *n = rc.n;
    return rc.rules;
}

/* Removes the rules in 'rc' from their tables in one version step, then
 * (outside the lock) revalidates, sends flow-removed messages with
 * 'reason' (negative: none) and drops the tables' references. */
static void
rules_remove(struct ofproto *ofproto, struct rule_collection *rc,
             int reason)
{
    if (!rc->n) {
        return;
    }

    ofproto_wrlock();
    cls_version_t next = ofproto->tables_version + 1;
    for (size_t i = 0; i < rc->n; i++) {
        cls_rule_make_invisible_in_version(&rc->rules[i]->cr, next);
    }
    ofproto->tables_version = next;
    for (size_t i = 0; i < rc->n; i++) {
        struct rule *rule = rc->rules[i];
        classifier_remove(&ofproto->tables[rule->table_id].cls, &rule->cr);
        rule_deactivate(rule);
    }
    ofproto_unlock();
    ofproto_revalidate();

    for (size_t i = 0; i < rc->n; i++) {
        struct rule *rule = rc->rules[i];
        if (reason >= 0 && rule->flags & OFPROTO_FF_SEND_FLOW_REM) {
            ofproto_ofp_flow_removed(ofproto, rule, reason);
        }
        ofproto_rule_unref(rule);
    }
}

static bool
rules_want_flow_removed(const struct rule_collection *rc)
{
    for (size_t i = 0; i < rc->n; i++) {
        if (rc->rules[i]->flags & OFPROTO_FF_SEND_FLOW_REM) {
            return true;
        }
    }
    return false;
}

/* Flow mods. */

/* Checks that the groups and meters that 'ofpacts' use exist. */
static enum ofperr
check_references(const struct ofproto *ofproto, const struct ofpact *ofpacts,
                 size_t ofpacts_len)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        if (a->type == OFPACT_GROUP) {
            const struct ofpact_group *g = (const struct ofpact_group *) a;
            if (!ofproto_group_lookup(ofproto, g->group_id)) {
                return OFPERR_OFPBAC_BAD_OUT_GROUP;
            }
        } else if (a->type == OFPACT_METER) {
            const struct ofpact_meter *m = (const struct ofpact_meter *) a;
            if (!ofproto_meter_lookup(ofproto, m->meter_id)) {
                return OFPERR_OFPMMFC_UNKNOWN_METER;
            }
        } else if (a->type == OFPACT_WRITE_ACTIONS) {
            const struct ofpact_nest *on = (const struct ofpact_nest *) a;
            enum ofperr error = check_references(
                ofproto, on->actions, ofpact_nest_get_action_len(on));
            if (error) {
                return error;
            }
        }
    }
    return 0;
}

static enum ofperr
check_ofpacts(const struct ofproto *ofproto, const struct ofproto_fm *fm,
              uint8_t table_id)
{
    enum ofperr error = ofpacts_check(fm->ofpacts, fm->ofpacts_len,
                                      &fm->match, ofproto->max_ports,
                                      table_id, OFPROTO_N_TABLES);
    return error ? error : check_references(ofproto, fm->ofpacts,
                                            fm->ofpacts_len);
}

static enum ofperr
add_flow(struct ofproto *ofproto, const struct ofproto_fm *fm)
{
    uint8_t table_id = fm->table_id == OFPROTO_TABLE_ALL ? 0 : fm->table_id;
    struct oftable *table;

    if (table_id >= OFPROTO_N_TABLES) {
        return OFPERR_OFPBRC_BAD_TABLE_ID;
    }
    table = &ofproto->tables[table_id];

    enum ofperr error = check_ofpacts(ofproto, fm, table_id);
    if (error) {
        return error;
    }

    struct rule *rule = rule_create(ofproto, table_id, &fm->match,
                                    fm->priority, fm->ofpacts,
                                    fm->ofpacts_len);
    rule->cookie = fm->new_cookie == UINT64_MAX ? 0 : fm->new_cookie;
    rule->flags = fm->flags & (OFPROTO_FF_SEND_FLOW_REM
                               | OFPROTO_FF_NO_PKT_COUNTS
                               | OFPROTO_FF_NO_BYT_COUNTS
                               | OFPROTO_FF_RESET_COUNTS
                               | OFPROTO_FF_CHECK_OVERLAP);
    rule->idle_timeout = fm->idle_timeout;
    rule->hard_timeout = fm->hard_timeout;
    rule->importance = fm->importance;

    if (fm->flags & OFPROTO_FF_CHECK_OVERLAP
        && classifier_rule_overlaps(&table->cls, &rule->cr,
                                    ofproto->tables_version)) {
        ofproto_rule_unref(rule);
        return OFPERR_OFPFMFC_OVERLAP;
    }

    const struct cls_rule *old_cr = classifier_find_rule_exactly(
        &table->cls, &rule->cr, ofproto->tables_version);
    struct rule *old = CONST_CAST(struct rule *, rule_from_cls_rule(old_cr));
    if (!old && table->max_flows != UINT_MAX
        && classifier_count(&table->cls) >= table->max_flows) {
        ofproto_rule_unref(rule);
        return OFPERR_OFPFMFC_TABLE_FULL;
    }
    if (old && !(fm->flags & OFPROTO_FF_RESET_COUNTS)) {
        /* Open vSwitch keeps a replaced rule's counters. */
        rule->n_packets = old->n_packets;
        rule->n_bytes = old->n_bytes;
    }

    ofproto_wrlock();
    cls_version_t next = ofproto->tables_version + 1;
    if (old) {
        classifier_replace(&table->cls, &rule->cr, next);
    } else {
        classifier_insert(&table->cls, &rule->cr, next);
    }
    rule_activate(ofproto, rule);
    ofproto->tables_version = next;
    if (old) {
        classifier_remove(&table->cls, &old->cr);
        rule_deactivate(old);
    }
    ofproto_unlock();
    ofproto_revalidate();

    if (old) {
        ofproto_rule_unref(old);
    }
    return 0;
}

static enum ofperr
modify_flows(struct ofproto *ofproto, const struct ofproto_fm *fm)
{
    bool strict = fm->command == OFPROTO_FC_MODIFY_STRICT;
    struct rule_collection rc = { NULL, 0, 0 };
    struct rule_criteria c = {
        .table_id = fm->table_id, .match = &fm->match, .strict = strict,
        .priority = fm->priority, .cookie = fm->cookie,
        .cookie_mask = fm->cookie_mask,
        .out_port = OFPROTO_OUT_PORT_ANY, .out_group = OFPROTO_GROUP_ANY,
    };

    if (fm->table_id >= OFPROTO_N_TABLES
        && fm->table_id != OFPROTO_TABLE_ALL) {
        return OFPERR_OFPBRC_BAD_TABLE_ID;
    }
    collect_rules(ofproto, &c, &rc);
    if (!rc.n) {
        free(rc.rules);
        if (fm->modify_may_add && !fm->cookie_mask) {
            struct ofproto_fm add = *fm;
            add.command = OFPROTO_FC_ADD;
            if (!fm->modify_cookie || fm->new_cookie == UINT64_MAX) {
                /* OpenFlow 1.1+: the message's cookie, which filtered
                 * nothing (mask 0). */
                add.new_cookie = fm->cookie;
            }
            return add_flow(ofproto, &add);
        }
        return 0;
    }

    /* Check the new actions against every rule's match first: all or
     * nothing. */
    for (size_t i = 0; i < rc.n; i++) {
        struct rule *rule = rc.rules[i];
        enum ofperr error = ofpacts_check(fm->ofpacts, fm->ofpacts_len,
                                          &rule->cr.match,
                                          ofproto->max_ports,
                                          rule->table_id, OFPROTO_N_TABLES);
        if (!error && !i) {
            error = check_references(ofproto, fm->ofpacts, fm->ofpacts_len);
        }
        if (error) {
            free(rc.rules);
            return error;
        }
    }

    struct rule_actions **old = xcalloc(rc.n, sizeof *old);
    long long int now = time_msec();
    ofproto_wrlock();
    for (size_t i = 0; i < rc.n; i++) {
        struct rule *rule = rc.rules[i];
        old[i] = rule->actions;
        rule->actions = rule_actions_create(fm->ofpacts, fm->ofpacts_len);
        rule->modified = now;
        if (fm->modify_cookie && fm->new_cookie != UINT64_MAX) {
            rule->cookie = fm->new_cookie;
        }
        if (fm->flags & OFPROTO_FF_RESET_COUNTS) {
            rule->n_packets = rule->n_bytes = 0;
        }
    }
    ofproto->tables_version++;
    ofproto_unlock();
    ofproto_revalidate();

    for (size_t i = 0; i < rc.n; i++) {
        rule_actions_unref(old[i]);
    }
    free(old);
    free(rc.rules);
    return 0;
}

static enum ofperr
delete_flows(struct ofproto *ofproto, const struct ofproto_fm *fm)
{
    struct rule_collection rc = { NULL, 0, 0 };
    struct rule_criteria c = {
        .table_id = fm->table_id, .match = &fm->match,
        .strict = fm->command == OFPROTO_FC_DELETE_STRICT,
        .priority = fm->priority, .cookie = fm->cookie,
        .cookie_mask = fm->cookie_mask, .out_port = fm->out_port,
        .out_group = fm->out_group,
    };

    if (fm->table_id >= OFPROTO_N_TABLES
        && fm->table_id != OFPROTO_TABLE_ALL) {
        return OFPERR_OFPBRC_BAD_TABLE_ID;
    }
    collect_rules(ofproto, &c, &rc);
    if (rules_want_flow_removed(&rc)) {
        /* Exact final counters in the flow-removed messages. */
        ofproto_refresh_stats();
    }
    rules_remove(ofproto, &rc, OFPRR_DELETE);
    free(rc.rules);
    return 0;
}

/* Applies flow table change 'fm' to 'ofproto'. */
enum ofperr
ofproto_flow_mod(struct ofproto *ofproto, const struct ofproto_fm *fm)
{
    COVERAGE_INC(ofproto_flow_mod);
    if (fm->priority > OFPROTO_MAX_PRIORITY || fm->priority < 0) {
        /* Hidden rules are connmgr's (ofproto_add_flow()). */
        return OFPERR_OFPFMFC_EPERM;
    }
    switch (fm->command) {
    case OFPROTO_FC_ADD:
        return add_flow(ofproto, fm);
    case OFPROTO_FC_MODIFY:
    case OFPROTO_FC_MODIFY_STRICT:
        return modify_flows(ofproto, fm);
    case OFPROTO_FC_DELETE:
    case OFPROTO_FC_DELETE_STRICT:
        return delete_flows(ofproto, fm);
    }
    return OFPERR_OFPFMFC_BAD_COMMAND;
}

struct using_aux {
    struct rule_collection *rc;
    uint32_t group_id;
    uint32_t meter_id;
};

static bool
ofpacts_use_meter(const struct ofpact *ofpacts, size_t len, uint32_t id)
{
    const struct ofpact_meter *m = (const struct ofpact_meter *)
        ofpacts_find(ofpacts, len, OFPACT_METER);
    return m && (id == OFPROTO_METER_ALL || m->meter_id == id);
}

static bool
ofpacts_use_group(const struct ofpact *ofpacts, size_t len, uint32_t id)
{
    const struct ofpact *a;

    if (id != OFPROTO_GROUP_ALL) {
        return ofpacts_output_to_group(ofpacts, len, id);
    }
    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (a->type == OFPACT_GROUP) {
            return true;
        } else if (a->type == OFPACT_WRITE_ACTIONS) {
            const struct ofpact_nest *on = (const struct ofpact_nest *) a;
            if (ofpacts_use_group(on->actions,
                                  ofpact_nest_get_action_len(on), id)) {
                return true;
            }
        }
    }
    return false;
}

static void
using_cb(const struct cls_rule *cr, void *aux_)
{
    struct using_aux *aux = aux_;
    struct rule *rule = CONST_CAST(struct rule *, rule_from_cls_rule(cr));
    const struct rule_actions *a = rule->actions;

    if ((aux->group_id
         && ofpacts_use_group(a->ofpacts, a->ofpacts_len, aux->group_id))
        || (aux->meter_id
            && ofpacts_use_meter(a->ofpacts, a->ofpacts_len,
                                 aux->meter_id))) {
        rule_collection_add(aux->rc, rule);
    }
}

static void
collect_rules_using(const struct ofproto *ofproto, uint32_t group_id,
                    uint32_t meter_id, struct rule_collection *rc)
{
    struct using_aux aux = { rc, group_id, meter_id };

    for (int t = 0; t < OFPROTO_N_TABLES; t++) {
        classifier_for_each(&ofproto->tables[t].cls, NULL,
                            ofproto->tables_version, using_cb, &aux);
    }
}

/* Deletes the rules that use group 'group_id' or meter 'meter_id'. */
void
ofproto_delete_rules_using(struct ofproto *ofproto, uint32_t group_id,
                           uint32_t meter_id)
{
    struct rule_collection rc = { NULL, 0, 0 };

    collect_rules_using(ofproto, group_id, meter_id, &rc);
    if (rules_want_flow_removed(&rc)) {
        ofproto_refresh_stats();
    }
    rules_remove(ofproto, &rc,
                 group_id ? OFPRR_GROUP_DELETE : OFPRR_METER_DELETE);
    free(rc.rules);
}

/* Counts the rules that use group 'group_id' or meter 'meter_id'. */
uint32_t
ofproto_count_rules_using(const struct ofproto *ofproto, uint32_t group_id,
                          uint32_t meter_id)
{
    struct rule_collection rc = { NULL, 0, 0 };

    collect_rules_using(ofproto, group_id, meter_id, &rc);
    free(rc.rules);
    return rc.n;
}

/* Timeouts. */

static void
ofproto_expire(struct ofproto *ofproto)
{
    struct rule_collection idle = { NULL, 0, 0 };
    struct rule_collection hard = { NULL, 0, 0 };
    long long int now = time_msec();
    struct rule *rule;

    if (now - last_dump > OFPROTO_DUMP_INTERVAL / 5) {
        /* Idle timeouts and flow-removed counters need fresh 'used' times
         * and statistics. */
        ofproto_dump_flows();
        now = time_msec();
    }

    OSW_LIST_FOR_EACH (rule, expirable, &ofproto->expirable) {
        if (rule->hard_timeout
            && now >= rule->modified + rule->hard_timeout * 1000LL) {
            rule_collection_add(&hard, rule);
        } else if (rule->idle_timeout
                   && now >= rule->used + rule->idle_timeout * 1000LL) {
            rule_collection_add(&idle, rule);
        }
    }
    rules_remove(ofproto, &hard, OFPRR_HARD_TIMEOUT);
    rules_remove(ofproto, &idle, OFPRR_IDLE_TIMEOUT);
    free(hard.rules);
    free(idle.rules);
}

static long long int
ofproto_next_expiry(const struct ofproto *ofproto)
{
    long long int next = LLONG_MAX;
    const struct rule *rule;

    OSW_LIST_FOR_EACH (rule, expirable, &ofproto->expirable) {
        if (rule->hard_timeout) {
            next = MIN(next, rule->modified + rule->hard_timeout * 1000LL);
        }
        if (rule->idle_timeout) {
            /* 'used' moves with the once-a-second dumps. */
            next = MIN(next, rule->used + rule->idle_timeout * 1000LL);
        }
    }
    return next;
}

/* Flush, add, delete (connmgr). */

static void
all_rules_cb(const struct cls_rule *cr, void *aux)
{
    rule_collection_add(aux, CONST_CAST(struct rule *,
                                        rule_from_cls_rule(cr)));
}

static void
ofproto_delete_all_rules(struct ofproto *ofproto)
{
    struct rule_collection rc = { NULL, 0, 0 };

    for (int t = 0; t < OFPROTO_N_TABLES; t++) {
        classifier_for_each(&ofproto->tables[t].cls, NULL,
                            ofproto->tables_version, all_rules_cb, &rc);
    }
    rules_remove(ofproto, &rc, -1);
    free(rc.rules);
}

/* Deletes every rule, then lets connmgr re-add its default flows. */
void
ofproto_flush_flows(struct ofproto *ofproto)
{
    ofproto_delete_all_rules(ofproto);
    ofproto_ofp_flushed(ofproto);
}

/* Adds or replaces the rule 'match' at 'priority' in table 0. */
void
ofproto_add_flow(struct ofproto *ofproto, const struct match *match,
                 int priority, const struct ofpact *ofpacts,
                 size_t ofpacts_len)
{
    struct oftable *table = &ofproto->tables[0];
    const struct rule *old = rule_from_cls_rule(
        classifier_find_match_exactly(&table->cls, match, priority,
                                      ofproto->tables_version));
    const struct rule_actions *a = old ? old->actions : NULL;

    if (a && ofpacts_equal(a->ofpacts, a->ofpacts_len,
                           ofpacts, ofpacts_len)) {
        return;
    }

    struct ofproto_fm fm = {
        .command = OFPROTO_FC_ADD, .match = *match, .priority = priority,
        .table_id = 0, .out_port = OFPROTO_OUT_PORT_ANY,
        .out_group = OFPROTO_GROUP_ANY, .ofpacts = ofpacts,
        .ofpacts_len = ofpacts_len,
    };
    /* Bypasses ofproto_flow_mod()'s priority check on purpose. */
    enum ofperr error = add_flow(ofproto, &fm);
    if (error) {
        VLOG_WARN_RL(&rl, "bridge %s: adding internal flow failed (%s)",
                     ofproto->name, ofperr_get_name(error));
    }
}

/* Deletes the rule exactly 'match' at 'priority' in table 0. */
bool
ofproto_delete_flow(struct ofproto *ofproto, const struct match *match,
                    int priority)
{
    struct rule *rule = CONST_CAST(struct rule *, rule_from_cls_rule(
        classifier_find_match_exactly(&ofproto->tables[0].cls, match,
                                      priority, ofproto->tables_version)));
    if (!rule) {
        return false;
    }

    struct rule_collection rc = { NULL, 0, 0 };
    rule_collection_add(&rc, rule);
    rules_remove(ofproto, &rc, -1);
    free(rc.rules);
    return true;
}

/* Returns 'ofproto''s connection manager. */
struct connmgr *
ofproto_get_connmgr(const struct ofproto *ofproto)
{
    return ofproto->connmgr;
}

/* Packet-ins. */

static void queue_packet_in(struct ofproto *, const void *packet,
                            size_t len, const struct flow *,
                            ofp_port_t in_port, uint8_t reason,
                            uint8_t table_id, uint64_t cookie,
                            uint16_t max_len, uint16_t controller_id,
                            bool miss);

/* Queues a packet-in for a controller action (see ofproto-private.h).
 * Any thread. */
void
ofproto_queue_packet_in(struct ofproto *ofproto, const void *packet,
                        size_t len, const struct flow *flow,
                        ofp_port_t in_port, uint8_t reason,
                        uint8_t table_id, uint64_t cookie,
                        uint16_t max_len, uint16_t controller_id)
{
    queue_packet_in(ofproto, packet, len, flow, in_port, reason, table_id,
                    cookie, max_len, controller_id, false);
}

/* Queues a packet-in for an implicit table miss.  Any thread. */
void
ofproto_queue_packet_in_miss(struct ofproto *ofproto, const void *packet,
                             size_t len, const struct flow *flow,
                             ofp_port_t in_port, uint8_t table_id)
{
    queue_packet_in(ofproto, packet, len, flow, in_port, 0 /* NO_MATCH */,
                    table_id, UINT64_MAX, UINT16_MAX, 0, true);
}

static void
queue_packet_in(struct ofproto *ofproto, const void *packet, size_t len,
                const struct flow *flow, ofp_port_t in_port, uint8_t reason,
                uint8_t table_id, uint64_t cookie, uint16_t max_len,
                uint16_t controller_id, bool miss)
{
    struct ofproto_packet_in *pin;

    pthread_mutex_lock(&ofproto->pin_mutex);
    if (ofproto->n_pins >= OFPROTO_MAX_PACKET_INS) {
        ofproto->n_pins_dropped++;
        pthread_mutex_unlock(&ofproto->pin_mutex);
        return;
    }
    ofproto->n_pins++;
    pthread_mutex_unlock(&ofproto->pin_mutex);

    pin = xzalloc(sizeof *pin);
    pin->in_port = in_port;
    pin->reason = reason;
    pin->table_id = table_id;
    pin->cookie = cookie;
    pin->max_len = max_len;
    pin->controller_id = controller_id;
    pin->miss = miss;
    if (flow) {
        pin->flow = *flow;
    }
    pin->flow.in_port = in_port;
    pin->packet = xmemdup(packet, MAX(len, 1));
    pin->packet_len = len;

    pthread_mutex_lock(&ofproto->pin_mutex);
    bool was_empty = osw_list_is_empty(&ofproto->pins);
    osw_list_push_back(&ofproto->pins, &pin->node);
    pthread_mutex_unlock(&ofproto->pin_mutex);
    if (was_empty && ofproto->pin_fd >= 0) {
        /* Wakes the control thread (ofproto_wait() polls it). */
        uint64_t one = 1;
        ssize_t n = write(ofproto->pin_fd, &one, sizeof one);
        (void) n;
    }
}

static void
ofproto_send_packet_ins(struct ofproto *ofproto)
{
    struct osw_list pins;
    uint64_t count;

    if (ofproto->pin_fd >= 0) {
        ssize_t n = read(ofproto->pin_fd, &count, sizeof count);
        (void) n;
    }
    osw_list_init(&pins);
    pthread_mutex_lock(&ofproto->pin_mutex);
    osw_list_splice_back(&pins, &ofproto->pins);
    pthread_mutex_unlock(&ofproto->pin_mutex);

    struct ofproto_packet_in *pin;
    size_t n = 0;
    OSW_LIST_FOR_EACH_POP (pin, node, &pins) {
        ofproto_ofp_packet_in(ofproto, pin);
        free(pin->packet);
        free(pin);
        n++;
    }
    if (n) {
        pthread_mutex_lock(&ofproto->pin_mutex);
        ofproto->n_pins -= n;
        pthread_mutex_unlock(&ofproto->pin_mutex);
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
    ofproto->ml = mac_learning_create(0, 0, ofproto_bump_tag, NULL);
    for (int i = 0; i < OFPROTO_N_TABLES; i++) {
        oftable_init(&ofproto->tables[i]);
    }
    ofproto->tables_version = CLS_MIN_VERSION;
    osw_list_init(&ofproto->expirable);
    hmap_init(&ofproto->groups);
    hmap_init(&ofproto->meters);
    ofproto->max_ports = OFPP_MAX;
    pthread_mutex_init(&ofproto->pin_mutex, NULL);
    osw_list_init(&ofproto->pins);
    ofproto->pin_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

    ofproto_wrlock();
    hmap_insert(&all_ofprotos, &ofproto->node, hash_string(name, 0));
    ofproto_unlock();

    ofproto_ofp_init(ofproto);
    ofproto_flush_flows(ofproto);
    return ofproto;
}

/* A datapath translation (megaflow id) seen live by a statistics dump. */
struct flow_stats_entry {
    struct hmap_node node;      /* In 'all_flow_stats'. */
    uint64_t id;                /* struct dpif_flow's 'id'. */
    uint64_t n_packets;         /* As of the last dump. */
    uint64_t n_bytes;
    long long int used;
    uint64_t seq;               /* 'dump_seq' of the last dump seen in. */
};

static void ofbundle_destroy__(struct ofbundle *);
static void ofproto_reconfigure__(struct ofproto *);
static void ofport_free(struct ofport *);

/* Removes 'ofproto''s ports from the datapath and frees it. */
void
ofproto_destroy(struct ofproto *ofproto)
{
    if (!ofproto) {
        return;
    }

    ofproto_ofp_destroy(ofproto);

    ofproto_wrlock();
    hmap_remove(&all_ofprotos, &ofproto->node);
    struct ofport *port;
    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        hmap_remove(&all_odp_ports, &port->odp_node);
    }
    ofproto_unlock();
    if (hmap_is_empty(&all_ofprotos)) {
        /* No dump will run: nothing left to credit. */
        forget_gone_flows(true);
    }

    /* No translation can reach 'ofproto' now. */
    HMAP_FOR_EACH_POP (port, ofp_node, &ofproto->ports) {
        int error = dpif_port_del(ofproto_dpif, port->odp_port);
        if (error) {
            VLOG_WARN("bridge %s: removing port %"PRIu32" from the "
                      "datapath failed (%s)", ofproto->name, port->odp_port,
                      osw_strerror(error));
        }
        ofport_free(port);
    }
    ofproto_revalidate();

    ofproto_delete_all_rules(ofproto);
    for (int i = 0; i < OFPROTO_N_TABLES; i++) {
        oftable_destroy(&ofproto->tables[i]);
    }
    ofproto_groups_destroy(ofproto);
    ofproto_meters_destroy(ofproto);
    hmap_destroy(&ofproto->groups);
    hmap_destroy(&ofproto->meters);

    struct ofproto_packet_in *pin;
    OSW_LIST_FOR_EACH_POP (pin, node, &ofproto->pins) {
        free(pin->packet);
        free(pin);
    }
    pthread_mutex_destroy(&ofproto->pin_mutex);
    if (ofproto->pin_fd >= 0) {
        close(ofproto->pin_fd);
    }

    struct ofbundle *bundle;
    HMAP_FOR_EACH_POP (bundle, node, &ofproto->bundles) {
        ofbundle_destroy__(bundle);
    }
    hmap_destroy(&ofproto->ports);
    hmap_destroy(&ofproto->bundles);
    mac_learning_destroy(ofproto->ml);
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

/* Returns the bridge whose name follows 'prev''s in strcmp() order (the
 * first bridge if 'prev' is NULL), or NULL after the last.  Control
 * thread. */
struct ofproto *
ofproto_next(const struct ofproto *prev)
{
    struct ofproto *best = NULL;
    struct ofproto *ofproto;

    HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
        if ((!prev || strcmp(ofproto->name, prev->name) > 0)
            && (!best || strcmp(ofproto->name, best->name) < 0)) {
            best = ofproto;
        }
    }
    return best;
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

static void ofproto_update_port_states(struct ofproto *);

/* Housekeeping for 'ofproto': statistics and MAC refresh from the
 * datapath's flows (once a second, for all bridges), timeouts, port
 * states, packet-ins, MAC aging and the controller connections. */
void
ofproto_run(struct ofproto *ofproto)
{
    if (time_msec() >= next_dump) {
        ofproto_dump_flows();
        ofproto_update_port_states(ofproto);
    }
    if (!osw_list_is_empty(&ofproto->expirable)
        && time_msec() >= ofproto_next_expiry(ofproto)) {
        ofproto_expire(ofproto);
    }
    ofproto_send_packet_ins(ofproto);
    mac_learning_run(ofproto->ml);
    ofproto_ofp_run(ofproto);
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
    if (!osw_list_is_empty(&ofproto->expirable)) {
        poll_timer_wait_until(ofproto_next_expiry(ofproto));
    }
    if (ofproto->pin_fd >= 0) {
        poll_fd_wait(ofproto->pin_fd, POLLIN);
    }
    ofproto_ofp_wait(ofproto);
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

/* Returns the port 'ofp_port' of 'ofproto', or NULL. */
struct ofport *
ofproto_get_port(const struct ofproto *ofproto, ofp_port_t ofp_port)
{
    return ofport_lookup(ofproto, ofp_port);
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

/* The OpenFlow state bits of 'netdev' now, and its speed. */
static uint32_t
netdev_ofp_state(const struct netdev *netdev, uint32_t *speedp)
{
    enum netdev_flags flags = 0;
    uint64_t mbps = 0;
    uint32_t state;

    if (netdev_get_flags(netdev, &flags)) {
        flags = NETDEV_UP | NETDEV_RUNNING;
    }
    state = (flags & NETDEV_RUNNING && flags & NETDEV_UP
             ? OFPROTO_PS_LIVE : OFPROTO_PS_LINK_DOWN);
    if (speedp) {
        *speedp = (!netdev_get_speed(netdev, &mbps) && mbps
                   ? MIN(mbps * 1000, UINT32_MAX) : 0);
    }
    return state;
}

static void
ofport_init_ofp(struct ofport *port)
{
    enum netdev_flags flags = NETDEV_UP;

    port->name = xstrdup(netdev_get_name(port->netdev));
    if (netdev_get_etheraddr(port->netdev, &port->hw_addr)) {
        memset(&port->hw_addr, 0, sizeof port->hw_addr);
    }
    netdev_get_flags(port->netdev, &flags);
    port->config = flags & NETDEV_UP ? 0 : OFPROTO_PC_PORT_DOWN;
    port->state = netdev_ofp_state(port->netdev, &port->curr_speed);
    port->max_speed = port->curr_speed;
    port->created = time_msec();
}

static void
ofport_free(struct ofport *port)
{
    if (port) {
        free(port->name);
        free(port);
    }
}

/* Link changes: port status messages, and translations (fast failover
 * watch ports) see the new state. */
static void
ofproto_update_port_states(struct ofproto *ofproto)
{
    struct ofport *port;
    bool changed = false;

    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        uint32_t speed;
        uint32_t state = netdev_ofp_state(port->netdev, &speed);
        if (state != port->state || speed != port->curr_speed) {
            ofproto_wrlock();
            port->state = state;
            port->curr_speed = speed;
            ofproto_unlock();
            ofproto_ofp_port_status(ofproto, port, OFPPR_MODIFY);
            changed = true;
        }
    }
    if (changed) {
        ofproto_bump_version_and_revalidate(ofproto);
    }
}

/* Applies port mod 'config' under 'mask' to 'port'. */
void
ofproto_port_set_config(struct ofproto *ofproto, struct ofport *port,
                        uint32_t config, uint32_t mask)
{
    uint32_t new = (port->config & ~mask) | (config & mask);

    if (new == port->config) {
        return;
    }
    if ((new ^ port->config) & OFPROTO_PC_PORT_DOWN) {
        int error = (new & OFPROTO_PC_PORT_DOWN
                     ? netdev_update_flags(port->netdev, 0, NETDEV_UP)
                     : netdev_update_flags(port->netdev, NETDEV_UP, 0));
        if (error) {
            VLOG_WARN_RL(&rl, "bridge %s: port %s: setting link %s "
                         "failed (%s)", ofproto->name, port->name,
                         new & OFPROTO_PC_PORT_DOWN ? "down" : "up",
                         osw_strerror(error));
        }
    }
    ofproto_wrlock();
    port->config = new;
    port->state = netdev_ofp_state(port->netdev, &port->curr_speed);
    ofproto->tables_version++;
    ofproto_unlock();
    ofproto_revalidate();
    ofproto_ofp_port_status(ofproto, port, OFPPR_MODIFY);
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
    ofport_init_ofp(port);

    ofproto_wrlock();
    hmap_insert(&ofproto->ports, &port->ofp_node, hash_int(ofp_port, 0));
    hmap_insert(&all_odp_ports, &port->odp_node, hash_int(odp_port, 0));
    ofproto_reconfigure__(ofproto);
    ofproto->tables_version++;
    ofproto_unlock();

    /* Packets that arrived before the port was known were dropped, and
     * the drop may have been cached. */
    ofproto_revalidate();
    ofproto_ofp_port_status(ofproto, port, OFPPR_ADD);
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
    ofproto->tables_version++;
    ofproto_unlock();

    /* Outside the lock: this waits for the forwarding threads. */
    int error = dpif_port_del(ofproto_dpif, port->odp_port);
    ofproto_revalidate();
    ofproto_ofp_port_status(ofproto, port, OFPPR_DELETE);
    ofport_free(port);
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

    ofproto_revalidate();
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
        ofproto_revalidate();
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
    struct xlate_cache *xcache = xlate_cache_new();
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
        .ofproto = ofproto,
        .xcache = xcache,
    };
    error = xlate_pipeline(&in, &out);
    ofproto_unlock();

    if (out.no_cache) {
        upcall->no_cache = true;
    }
    upcall->xcache = xcache;
    upcall->xcache_free = xlate_cache_free;
    return error;
}

/* Flow statistics and MAC refresh. */

static struct flow_stats_entry *
flow_stats_find(uint64_t id)
{
    struct flow_stats_entry *fse;

    HMAP_FOR_EACH_WITH_HASH (fse, node, hash_uint64(id, 0),
                             &all_flow_stats) {
        if (fse->id == id) {
            return fse;
        }
    }
    return NULL;
}

static void
credit_ids(const uint64_t *ids, size_t n_ids, uint64_t d_packets,
           uint64_t d_bytes, long long int used)
{
    for (size_t i = 0; i < n_ids; i++) {
        ofproto_stats_credit(ids[i], d_packets, d_bytes, used);
    }
}

/* Adds what translation 'f->id' forwarded since the last dump to the
 * counters of the rules and buckets it went through.  A dead one is
 * reported once with its final counts (see dpif_flow_dump_stats()). */
static void
account_flow(const struct dpif_flow *f)
{
    struct flow_stats_entry *fse = flow_stats_find(f->id);
    const struct xlate_cache *xcache = f->xcache;
    uint64_t base_packets = fse ? fse->n_packets : 0;
    uint64_t base_bytes = fse ? fse->n_bytes : 0;
    long long int base_used = fse ? fse->used : 0;

    if (f->dead) {
        if (fse) {
            hmap_remove(&all_flow_stats, &fse->node);
            free(fse);
        }
    } else {
        if (!fse) {
            fse = xzalloc(sizeof *fse);
            fse->id = f->id;
            hmap_insert(&all_flow_stats, &fse->node, hash_uint64(f->id, 0));
        }
        fse->n_packets = f->stats.n_packets;
        fse->n_bytes = f->stats.n_bytes;
        fse->used = f->stats.used;
        fse->seq = dump_seq;
    }

    uint64_t d_packets = f->stats.n_packets - base_packets;
    uint64_t d_bytes = f->stats.n_bytes - base_bytes;
    bool used = f->stats.used && f->stats.used != base_used;
    if (xcache && (d_packets || used)) {
        credit_ids(xcache->ids, xcache->n_ids, d_packets, d_bytes,
                   used ? f->stats.used : 0);
    }
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
    mac_learning_refresh_queue(ofproto->ml, vlan, f->key.dl_src,
                               &port->bundle->xb, f->stats.used);
}

static void
dump_flow_cb(const struct dpif_flow *f, void *aux OSW_UNUSED)
{
    account_flow(f);
    if (!f->dead) {
        const struct ofport *port = odp_port_lookup(f->key.in_port);
        if (port) {
            refresh_mac(port->ofproto, port, f);
        }
    }
}

/* Translations that ended with everything already reported are not
 * reported dead: their tracking entries go when a dump misses them. */
static void
forget_gone_flows(bool all)
{
    struct flow_stats_entry *fse;

    HMAP_FOR_EACH_SAFE (fse, node, &all_flow_stats) {
        if (all || fse->seq != dump_seq) {
            hmap_remove(&all_flow_stats, &fse->node);
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
    dpif_flow_dump_stats(ofproto_dpif, dump_flow_cb, NULL);
    struct ofproto *ofproto;
    HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
        mac_learning_refresh_flush(ofproto->ml);
    }
    last_dump = time_msec();
    forget_gone_flows(false);
    next_dump = time_msec() + OFPROTO_DUMP_INTERVAL;
}

/* Dumps the datapath's megaflows now and credits their statistics. */
void
ofproto_refresh_stats(void)
{
    ofproto_dump_flows();
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
        ds_put_format(s, "%5s  %4"PRIu16"  "ETH_ADDR_FMT"  ",
                      port, entries[i].vlan, ETH_ADDR_ARGS(entries[i].mac));
        if (entries[i].is_static) {
            ds_put_cstr(s, "static\n");
        } else {
            ds_put_format(s, "%3u\n", entries[i].age);
        }
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

/* The BRIDGE, VLAN and MAC arguments of fdb/add and fdb/del: returns the
 * bridge, or NULL after replying with an error if an argument is bad. */
static struct ofproto *
parse_fdb_args(struct unixctl_conn *conn, const char *br,
               const char *vlan_s, const char *mac_s,
               uint16_t *vlan, struct eth_addr *mac)
{
    struct ofproto *ofproto = ofproto_from_arg(conn, br);
    unsigned int v;

    if (!ofproto) {
        return NULL;
    }
    if (!str_to_uint(vlan_s, 10, &v) || v > 4095) {
        unixctl_command_reply_error(conn, "bad VLAN (0 to 4095 expected)");
        return NULL;
    }
    if (!eth_addr_from_string(mac_s, mac)) {
        unixctl_command_reply_error(conn, "bad MAC address");
        return NULL;
    }
    *vlan = v;
    return ofproto;
}

/* The bundle of 'ofproto' that port or interface 'name' names, or NULL. */
static struct ofbundle *
ofbundle_by_name(struct ofproto *ofproto, const char *name)
{
    struct ofbundle *bundle;
    struct ofport *port;

    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        if (port->bundle && !strcmp(port->name, name)) {
            return port->bundle;
        }
    }
    HMAP_FOR_EACH (bundle, node, &ofproto->bundles) {
        if (!strcmp(bundle->name, name)) {
            return bundle;
        }
    }
    return NULL;
}

/* fdb/add BRIDGE PORT VLAN MAC, as in Open vSwitch, stricter: a VLAN
 * outside 0..4095 or a multicast MAC is an error. */
static void
ofproto_unixctl_fdb_add(struct unixctl_conn *conn, int argc OSW_UNUSED,
                        const char *argv[], void *aux OSW_UNUSED)
{
    struct eth_addr mac;
    uint16_t vlan;
    struct ofproto *ofproto = parse_fdb_args(conn, argv[1], argv[3],
                                             argv[4], &vlan, &mac);
    if (!ofproto) {
        return;
    }
    struct ofbundle *bundle = ofbundle_by_name(ofproto, argv[2]);
    if (!bundle) {
        unixctl_command_reply_error(conn, "no such port");
        return;
    }

    void *old;
    int error = mac_learning_add_static(ofproto->ml, vlan, mac,
                                        &bundle->xb, &old);
    if (error) {
        unixctl_command_reply_error(
            conn, (error == EINVAL
                   ? "a multicast address cannot be a static entry"
                   : "the MAC table is full of static entries"));
    } else if (old) {
        const struct xbundle *xb = old;
        char *msg = xasprintf("Overriding already existing static entry "
                              "on %"PRIu16, xb->ofp_port);
        unixctl_command_reply(conn, msg);
        free(msg);
    } else {
        unixctl_command_reply(conn, NULL);
    }
}

/* fdb/del BRIDGE VLAN MAC. */
static void
ofproto_unixctl_fdb_del(struct unixctl_conn *conn, int argc OSW_UNUSED,
                        const char *argv[], void *aux OSW_UNUSED)
{
    struct eth_addr mac;
    uint16_t vlan;
    struct ofproto *ofproto = parse_fdb_args(conn, argv[1], argv[2],
                                             argv[3], &vlan, &mac);
    if (!ofproto) {
        return;
    }
    if (mac_learning_del_static(ofproto->ml, vlan, mac)) {
        unixctl_command_reply(conn, NULL);
    } else {
        unixctl_command_reply_error(conn, "could not find static mac entry");
    }
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

/* Appends 'rule' as Open vSwitch's bridge/dump-flows prints it. */
static void
format_rule(const struct ofproto *ofproto, const struct rule *rule,
            long long int now, struct ds *s)
{
    const struct rule_actions *a = rule->actions;

    if (rule->table_id) {
        ds_put_format(s, "table_id=%"PRIu8", ", rule->table_id);
    }
    ds_put_format(s, "duration=%llds, n_packets=%"PRIu64", "
                  "n_bytes=%"PRIu64", ", (now - rule->created) / 1000,
                  rule->n_packets, rule->n_bytes);
    if (rule->cr.priority != 32768) {
        /* Open vSwitch prints the priority even when the match is
         * empty, and the default one not at all. */
        ds_put_format(s, "priority=%d", rule->cr.priority);
        struct match catchall;
        match_init_catchall(&catchall);
        if (!match_equal(&catchall, &rule->cr.match)) {
            ds_put_char(s, ',');
        }
    }
    match_format(&rule->cr.match, -1, s, NULL, NULL);
    ds_put_cstr(s, ",actions=");
    ofpacts_format(a->ofpacts, a->ofpacts_len, NULL, NULL, s);
    ds_put_char(s, '\n');
    (void) ofproto;
}

/* Appends 'ofproto''s flow tables (hidden rules too) to 's' as
 * bridge/dump-flows prints them, with statistics as of now. */
void
ofproto_format_flows(struct ofproto *ofproto, struct ds *s)
{
    struct rule_collection rc = { NULL, 0, 0 };

    /* Fresh numbers: what the cache forwarded up to now. */
    ofproto_dump_flows();
    for (int t = 0; t < OFPROTO_N_TABLES; t++) {
        classifier_for_each(&ofproto->tables[t].cls, NULL,
                            ofproto->tables_version, all_rules_cb, &rc);
    }
    if (rc.n > 1) {
        qsort(rc.rules, rc.n, sizeof *rc.rules, compare_rules);
    }

    long long int now = time_msec();
    for (size_t i = 0; i < rc.n; i++) {
        format_rule(ofproto, rc.rules[i], now, s);
    }
    free(rc.rules);
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

/* dpif/show, dpif/dump-dps, dpif/dump-flows: Open vSwitch's per-bridge
 * views of the datapath that all bridges share. */

static int
compare_ofports_by_name(const void *a_, const void *b_)
{
    const struct ofport *const *a = a_;
    const struct ofport *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

static void
ofproto_unixctl_dpif_show(struct unixctl_conn *conn, int argc OSW_UNUSED,
                          const char *argv[] OSW_UNUSED,
                          void *aux OSW_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    if (ofproto_dpif) {
        struct dpif_dp_stats st;
        dpif_get_stats(ofproto_dpif, &st);
        ds_put_format(&s, "netdev@%s: hit:%"PRIu64" missed:%"PRIu64"\n",
                      dpif_name(ofproto_dpif), st.n_hit, st.n_missed);
    }
    for (const struct ofproto *ofproto = ofproto_next(NULL); ofproto;
         ofproto = ofproto_next(ofproto)) {
        size_t n = hmap_count(&ofproto->ports), i = 0;
        struct ofport **ports = xcalloc(MAX(n, 1), sizeof *ports);
        struct ofport *port;

        HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
            ports[i++] = port;
        }
        qsort(ports, n, sizeof *ports, compare_ofports_by_name);
        ds_put_format(&s, "  %s:\n", ofproto->name);
        for (i = 0; i < n; i++) {
            ds_put_format(&s, "    %s %"PRIu16"/%"PRIu32": (%s)\n",
                          ports[i]->name, ports[i]->ofp_port,
                          ports[i]->odp_port,
                          netdev_get_type(ports[i]->netdev));
        }
        free(ports);
    }
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

static void
ofproto_unixctl_dpif_dump_dps(struct unixctl_conn *conn,
                              int argc OSW_UNUSED,
                              const char *argv[] OSW_UNUSED,
                              void *aux OSW_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    for (const struct ofproto *ofproto = ofproto_next(NULL); ofproto;
         ofproto = ofproto_next(ofproto)) {
        ds_put_format(&s, "netdev@%s\n", ofproto->name);
    }
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

/* True if datapath port 'in_port' belongs to bridge 'ofproto_'. */
static bool
in_port_is_bridges(uint32_t in_port, void *ofproto_)
{
    const struct ofport *port = odp_port_lookup(in_port);
    return port && port->ofproto == ofproto_;
}

/* dpif/dump-flows [-m] [--names | --no-names] BRIDGE: the cached flows
 * whose input port is on BRIDGE. */
static void
ofproto_unixctl_dpif_dump_flows(struct unixctl_conn *conn, int argc,
                                const char *argv[], void *aux OSW_UNUSED)
{
    struct dpctl_opts opts;
    char *error = dpctl_parse_opts(argc, argv, &opts);

    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
        return;
    }
    if (!opts.arg) {
        unixctl_command_reply_error(conn, "a bridge name is required");
        return;
    }
    struct ofproto *ofproto = ofproto_from_arg(conn, opts.arg);
    if (!ofproto) {
        return;
    }
    opts.names |= opts.more;    /* As Open vSwitch's -m. */

    struct ds s = DS_EMPTY_INITIALIZER;
    if (ofproto_dpif) {
        /* The port map changes only in this (the control) thread. */
        dpctl_format_flows(&s, ofproto_dpif, &opts, in_port_is_bridges,
                           ofproto);
    }
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

/* revalidator/wait and revalidator/purge, which Open vSwitch's users and
 * test scripts run before they read flow statistics or to start from an
 * empty cache.  osw revalidates cached flows at their next hit, so a
 * "round" is a dump that credits what the cache forwarded to the rules
 * and refreshes the MACs it learned. */
static void
ofproto_unixctl_revalidator_wait(struct unixctl_conn *conn,
                                 int argc OSW_UNUSED,
                                 const char *argv[] OSW_UNUSED,
                                 void *aux OSW_UNUSED)
{
    ofproto_dump_flows();
    unixctl_command_reply(conn, NULL);
}

static void
ofproto_unixctl_revalidator_purge(struct unixctl_conn *conn,
                                  int argc OSW_UNUSED,
                                  const char *argv[] OSW_UNUSED,
                                  void *aux OSW_UNUSED)
{
    /* Credit first: the flows' counts would go with them. */
    ofproto_dump_flows();
    if (ofproto_dpif) {
        dpif_flow_flush(ofproto_dpif);
    }
    unixctl_command_reply(conn, NULL);
}

static void
ofproto_unixctl_init(void)
{
    unixctl_command_register("fdb/show", "bridge", 1, 1,
                             ofproto_unixctl_fdb_show, NULL);
    unixctl_command_register("fdb/flush", "[bridge]", 0, 1,
                             ofproto_unixctl_fdb_flush, NULL);
    unixctl_command_register("fdb/add", "bridge port vlan mac", 4, 4,
                             ofproto_unixctl_fdb_add, NULL);
    unixctl_command_register("fdb/del", "bridge vlan mac", 3, 3,
                             ofproto_unixctl_fdb_del, NULL);
    unixctl_command_register("fdb/stats-show", "bridge", 1, 1,
                             ofproto_unixctl_fdb_stats_show, NULL);
    unixctl_command_register("fdb/stats-clear", "[bridge]", 0, 1,
                             ofproto_unixctl_fdb_stats_clear, NULL);
    unixctl_command_register("bridge/dump-flows", "bridge", 1, 1,
                             ofproto_unixctl_dump_flows, NULL);
    unixctl_command_register("revalidator/wait", "", 0, 0,
                             ofproto_unixctl_revalidator_wait, NULL);
    unixctl_command_register("revalidator/purge", "", 0, 0,
                             ofproto_unixctl_revalidator_purge, NULL);
    unixctl_command_register("dpif/show", "", 0, 0,
                             ofproto_unixctl_dpif_show, NULL);
    unixctl_command_register("dpif/dump-dps", "", 0, 0,
                             ofproto_unixctl_dpif_dump_dps, NULL);
    unixctl_command_register("dpif/dump-flows",
                             "[-m] [--names | --no-names] bridge", 1, 3,
                             ofproto_unixctl_dpif_dump_flows, NULL);
    ofproto_trace_init();
}
