/* OpenFlow groups and meters of a bridge (ofproto-private.h).
 *
 * Groups live in 'ofproto->groups'.  A modify builds a whole new struct
 * ofgroup and swaps it in under the write lock, so translations, which
 * hold the read lock, see the old group or the new one.  Chaining (a
 * bucket whose actions use another group) is supported; a modify that
 * would make a group reach itself is refused with OFPGMFC_LOOP.
 *
 * Meters are datapath meters (dpif.h): each bridge's OpenFlow meter ids
 * map onto datapath meter ids unique in the shared datapath. */
#include <config.h>
#include "ofproto-private.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "dpif.h"
#include "ofp-actions.h"
#include "osw/bitmap.h"
#include "osw/hash.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(ofproto_group);

/* OFPP_ANY in both widths: "no watch port". */
#define WATCH_PORT_ANY16 0xffff
#define WATCH_PORT_ANY32 0xffffffffu

/* Groups. */

/* Returns the group 'group_id' of 'ofproto', or NULL. */
struct ofgroup *
ofproto_group_lookup(const struct ofproto *ofproto, uint32_t group_id)
{
    struct ofgroup *group;

    HMAP_FOR_EACH_WITH_HASH (group, node, hash_int(group_id, 0),
                             &ofproto->groups) {
        if (group->group_id == group_id) {
            return group;
        }
    }
    return NULL;
}

static bool
watch_port_is_any(uint32_t port)
{
    return port == WATCH_PORT_ANY16 || port == WATCH_PORT_ANY32;
}

/* How many watch-group visits one liveness question may make.  Depth alone
 * does not bound the work: a chain of groups whose buckets all watch the
 * next group is explored once per path, 2^depth times with two buckets
 * each, and a controller can build such a chain (or a cycle, by modifying
 * a watched group) to stall the forwarding threads.  Real configurations
 * are far below this; past it a bucket counts as dead. */
#define LIVENESS_BUDGET 1024

static bool bucket_is_alive__(const struct ofproto *,
                              const struct ofgroup_bucket *, int depth,
                              int *budget);

static bool
group_has_live_bucket(const struct ofproto *ofproto,
                      const struct ofgroup *group, int depth, int *budget)
{
    for (size_t i = 0; i < group->n_buckets; i++) {
        if (bucket_is_alive__(ofproto, &group->buckets[i], depth, budget)) {
            return true;
        }
    }
    return false;
}

static bool
bucket_is_alive__(const struct ofproto *ofproto,
                  const struct ofgroup_bucket *bucket, int depth,
                  int *budget)
{
    if (depth > 32) {
        return false;
    }
    if (!watch_port_is_any(bucket->watch_port)) {
        const struct ofport *port = ofproto_get_port(ofproto,
                                                     bucket->watch_port);
        if (!port || !(port->state & OFPROTO_PS_LIVE)
            || port->config & OFPROTO_PC_PORT_DOWN) {
            return false;
        }
    }
    if (bucket->watch_group != OFPROTO_GROUP_ANY) {
        if (--*budget < 0) {
            return false;
        }
        const struct ofgroup *group = ofproto_group_lookup(
            ofproto, bucket->watch_group);
        if (!group
            || !group_has_live_bucket(ofproto, group, depth + 1, budget)) {
            return false;
        }
    }
    return true;
}

/* True if 'bucket' may be used (fast failover): its watch port is live
 * and its watch group has a live bucket.  'depth' limits the recursion
 * through watch groups. */
bool
ofproto_bucket_is_alive(const struct ofproto *ofproto,
                        const struct ofgroup_bucket *bucket, int depth)
{
    int budget = LIVENESS_BUDGET;
    return bucket_is_alive__(ofproto, bucket, depth, &budget);
}

/* Calls 'cb' for each group id that 'ofpacts' use (nested ones too). */
static bool
ofpacts_groups_all(const struct ofpact *ofpacts, size_t len,
                   bool (*cb)(uint32_t group_id, void *aux), void *aux)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (a->type == OFPACT_GROUP) {
            if (!cb(((const struct ofpact_group *) a)->group_id, aux)) {
                return false;
            }
        } else if (a->type == OFPACT_WRITE_ACTIONS) {
            const struct ofpact_nest *on = (const struct ofpact_nest *) a;
            if (!ofpacts_groups_all(on->actions,
                                    ofpact_nest_get_action_len(on),
                                    cb, aux)) {
                return false;
            }
        }
    }
    return true;
}

struct reach_aux {
    const struct ofproto *ofproto;
    uint32_t target;
    int depth;
    enum ofperr error;
};

static bool group_reaches(struct reach_aux *, const struct ofgroup *);

static bool
reach_cb(uint32_t group_id, void *aux_)
{
    struct reach_aux *aux = aux_;

    if (group_id == aux->target) {
        aux->error = OFPERR_OFPGMFC_LOOP;
        return false;
    }
    const struct ofgroup *next = ofproto_group_lookup(aux->ofproto,
                                                      group_id);
    if (!next) {
        aux->error = OFPERR_OFPGMFC_CHAINED_GROUP;
        return false;
    }
    if (aux->depth > 32) {
        aux->error = OFPERR_OFPGMFC_LOOP;
        return false;
    }
    aux->depth++;
    bool ok = group_reaches(aux, next);
    aux->depth--;
    return ok;
}

/* False (with aux->error) if 'group''s buckets reach 'aux->target' or a
 * missing group. */
static bool
group_reaches(struct reach_aux *aux, const struct ofgroup *group)
{
    for (size_t i = 0; i < group->n_buckets; i++) {
        const struct ofgroup_bucket *b = &group->buckets[i];
        if (!ofpacts_groups_all(b->ofpacts, b->ofpacts_len, reach_cb,
                                aux)) {
            return false;
        }
    }
    return true;
}

static enum ofperr
check_buckets(const struct ofproto *ofproto,
              const struct ofproto_group_mod *gm)
{
    if (gm->type == OFGROUP_INDIRECT && gm->n_buckets != 1) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    for (size_t i = 0; i < gm->n_buckets; i++) {
        const struct ofgroup_bucket *b = &gm->buckets[i];

        if (gm->type == OFGROUP_INDIRECT && b->weight) {
            return OFPERR_OFPGMFC_WEIGHT_UNSUPPORTED;
        }
        if (gm->type == OFGROUP_FF && watch_port_is_any(b->watch_port)
            && b->watch_group == OFPROTO_GROUP_ANY) {
            return OFPERR_OFPGMFC_BAD_WATCH;
        }
        if (b->watch_group != OFPROTO_GROUP_ANY
            && (b->watch_group == gm->group_id
                || !ofproto_group_lookup(ofproto, b->watch_group))) {
            return OFPERR_OFPGMFC_BAD_WATCH;
        }
        /* No match: a bucket runs on whatever packet reaches the group,
         * so field prerequisites are checked when it runs. */
        enum ofperr error = ofpacts_check(b->ofpacts, b->ofpacts_len,
                                          NULL, ofproto->max_ports,
                                          0, OFPROTO_N_TABLES);
        if (error) {
            return error;
        }
        if (ofpacts_find(b->ofpacts, b->ofpacts_len, OFPACT_GOTO_TABLE)
            || ofpacts_find(b->ofpacts, b->ofpacts_len, OFPACT_METER)) {
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }
    }

    /* Chaining: every group used must exist, and none may lead back. */
    struct ofgroup probe = {
        .group_id = gm->group_id,
        .buckets = CONST_CAST(struct ofgroup_bucket *, gm->buckets),
        .n_buckets = gm->n_buckets,
    };
    struct reach_aux aux = { ofproto, gm->group_id, 0, 0 };
    if (!group_reaches(&aux, &probe)) {
        return aux.error == OFPERR_OFPGMFC_CHAINED_GROUP
               ? OFPERR_OFPBAC_BAD_OUT_GROUP : aux.error;
    }
    return 0;
}

static struct ofgroup *
group_create(const struct ofproto_group_mod *gm)
{
    struct ofgroup *group = xzalloc(sizeof *group);

    group->group_id = gm->group_id;
    group->type = gm->type;
    group->n_buckets = gm->n_buckets;
    group->buckets = xcalloc(MAX(gm->n_buckets, 1), sizeof *group->buckets);
    for (size_t i = 0; i < gm->n_buckets; i++) {
        struct ofgroup_bucket *b = &group->buckets[i];
        *b = gm->buckets[i];
        b->ofpacts = xmemdup(gm->buckets[i].ofpacts,
                             MAX(gm->buckets[i].ofpacts_len, 1));
        b->stats_id = ofproto_stats_id_alloc();
        b->n_packets = b->n_bytes = 0;
        if (gm->type != OFGROUP_SELECT) {
            /* Weights mean something only in select groups. */
            b->weight = 0;
        }
    }
    group->created = time_msec();
    group->stats_id = ofproto_stats_id_alloc();
    return group;
}

static void
group_register(struct ofgroup *group)
{
    ofproto_stats_register(group->stats_id, &group->n_packets,
                           &group->n_bytes);
    for (size_t i = 0; i < group->n_buckets; i++) {
        struct ofgroup_bucket *b = &group->buckets[i];
        ofproto_stats_register(b->stats_id, &b->n_packets, &b->n_bytes);
    }
}

static void
group_unregister(struct ofgroup *group)
{
    ofproto_stats_unregister(group->stats_id);
    for (size_t i = 0; i < group->n_buckets; i++) {
        ofproto_stats_unregister(group->buckets[i].stats_id);
    }
}

static void
group_free(struct ofgroup *group)
{
    if (group) {
        for (size_t i = 0; i < group->n_buckets; i++) {
            free(group->buckets[i].ofpacts);
        }
        free(group->buckets);
        free(group);
    }
}

static enum ofperr
group_add(struct ofproto *ofproto, const struct ofproto_group_mod *gm)
{
    if (ofproto_group_lookup(ofproto, gm->group_id)) {
        return OFPERR_OFPGMFC_GROUP_EXISTS;
    }
    enum ofperr error = check_buckets(ofproto, gm);
    if (error) {
        return error;
    }

    struct ofgroup *group = group_create(gm);
    group_register(group);
    ofproto_wrlock();
    hmap_insert(&ofproto->groups, &group->node, hash_int(group->group_id, 0));
    ofproto_unlock();
    /* A new group changes no existing translation (rules could not use
     * it yet), but a bucket's watch group may have been waiting for it. */
    ofproto_bump_version_and_revalidate(ofproto);
    return 0;
}

static enum ofperr
group_modify(struct ofproto *ofproto, const struct ofproto_group_mod *gm)
{
    struct ofgroup *old = ofproto_group_lookup(ofproto, gm->group_id);
    if (!old) {
        return OFPERR_OFPGMFC_UNKNOWN_GROUP;
    }
    enum ofperr error = check_buckets(ofproto, gm);
    if (error) {
        return error;
    }

    struct ofgroup *group = group_create(gm);
    /* The group's identity and counters carry over; the buckets are
     * new. */
    group->stats_id = old->stats_id;
    group->n_packets = old->n_packets;
    group->n_bytes = old->n_bytes;
    group->created = old->created;
    group_unregister(old);
    group_register(group);

    ofproto_wrlock();
    hmap_replace(&ofproto->groups, &old->node, &group->node);
    ofproto->tables_version++;
    ofproto_unlock();
    ofproto_bump_version_and_revalidate(ofproto);
    group_free(old);
    return 0;
}

static void
group_delete(struct ofproto *ofproto, struct ofgroup *group)
{
    /* OpenFlow: the flows that use the group go with it. */
    ofproto_delete_rules_using(ofproto, group->group_id, 0);

    group_unregister(group);
    ofproto_wrlock();
    hmap_remove(&ofproto->groups, &group->node);
    ofproto->tables_version++;
    ofproto_unlock();
    ofproto_bump_version_and_revalidate(ofproto);
    group_free(group);
}

static void
group_delete_all(struct ofproto *ofproto)
{
    struct ofgroup *group;

    if (hmap_is_empty(&ofproto->groups)) {
        return;
    }
    ofproto_delete_rules_using(ofproto, OFPROTO_GROUP_ALL, 0);
    ofproto_wrlock();
    HMAP_FOR_EACH_POP (group, node, &ofproto->groups) {
        group_unregister(group);
        group_free(group);
    }
    ofproto->tables_version++;
    ofproto_unlock();
    ofproto_bump_version_and_revalidate(ofproto);
}

/* Applies group_mod 'gm' to 'ofproto'. */
enum ofperr
ofproto_group_mod(struct ofproto *ofproto, const struct ofproto_group_mod *gm)
{
    switch (gm->command) {
    case OFPROTO_GC_ADD:
    case OFPROTO_GC_MODIFY:
        if (gm->group_id > OFPROTO_GROUP_MAX) {
            return OFPERR_OFPGMFC_INVALID_GROUP;
        }
        if (gm->type > OFGROUP_FF) {
            return OFPERR_OFPGMFC_BAD_TYPE;
        }
        return (gm->command == OFPROTO_GC_ADD
                ? group_add(ofproto, gm) : group_modify(ofproto, gm));

    case OFPROTO_GC_DELETE:
        if (gm->group_id == OFPROTO_GROUP_ALL) {
            group_delete_all(ofproto);
        } else {
            struct ofgroup *group = ofproto_group_lookup(ofproto,
                                                         gm->group_id);
            if (group) {
                group_delete(ofproto, group);
            }
        }
        return 0;
    }
    return OFPERR_OFPGMFC_BAD_COMMAND;
}

/* Frees every group of 'ofproto' (which is being destroyed). */
void
ofproto_groups_destroy(struct ofproto *ofproto)
{
    struct ofgroup *group;

    HMAP_FOR_EACH_POP (group, node, &ofproto->groups) {
        group_unregister(group);
        group_free(group);
    }
}

/* Meters. */

/* Datapath meter ids in use, shared by every bridge. */
static unsigned long *dp_meter_ids;

static uint32_t
dp_meter_id_alloc(void)
{
    if (!dp_meter_ids) {
        dp_meter_ids = bitmap_allocate(DPIF_N_METERS);
        bitmap_set1(dp_meter_ids, 0);   /* Never hand out 0. */
    }
    for (uint32_t id = 1; id < DPIF_N_METERS; id++) {
        if (!bitmap_is_set(dp_meter_ids, id)) {
            bitmap_set1(dp_meter_ids, id);
            return id;
        }
    }
    return 0;
}

static void
dp_meter_id_free(uint32_t id)
{
    if (dp_meter_ids && id) {
        bitmap_set0(dp_meter_ids, id);
    }
}

/* Returns the meter 'meter_id' of 'ofproto', or NULL. */
struct ofmeter *
ofproto_meter_lookup(const struct ofproto *ofproto, uint32_t meter_id)
{
    struct ofmeter *meter;

    HMAP_FOR_EACH_WITH_HASH (meter, node, hash_int(meter_id, 0),
                             &ofproto->meters) {
        if (meter->meter_id == meter_id) {
            return meter;
        }
    }
    return NULL;
}

static enum ofperr
check_meter_mod(const struct ofproto_meter_mod *mm)
{
    uint16_t units = mm->flags & (OFPROTO_METER_KBPS | OFPROTO_METER_PKTPS);

    if (mm->flags & ~(OFPROTO_METER_KBPS | OFPROTO_METER_PKTPS
                      | OFPROTO_METER_BURST | OFPROTO_METER_STATS)
        || units == (OFPROTO_METER_KBPS | OFPROTO_METER_PKTPS)) {
        return OFPERR_OFPMMFC_BAD_FLAGS;
    }
    if (mm->n_bands > OFPROTO_MAX_BANDS
        || mm->n_bands > DPIF_METER_MAX_BANDS) {
        return OFPERR_OFPMMFC_OUT_OF_BANDS;
    }
    for (size_t i = 0; i < mm->n_bands; i++) {
        const struct ofmeter_band *b = &mm->bands[i];
        if (b->type != OFPROTO_METER_BAND_DROP
            && b->type != OFPROTO_METER_BAND_DSCP_REMARK) {
            return OFPERR_OFPMMFC_BAD_BAND;
        }
        if (!b->rate) {
            return OFPERR_OFPMMFC_BAD_RATE;
        }
        if (b->type == OFPROTO_METER_BAND_DSCP_REMARK
            && b->prec_level > 63) {
            return OFPERR_OFPMMFC_BAD_BAND_VALUE;
        }
    }
    return 0;
}

static int
meter_install(const struct ofmeter *meter)
{
    struct dpif_meter_band bands[DPIF_METER_MAX_BANDS];
    struct dpif *dpif = ofproto_get_dpif();

    if (!dpif) {
        return 0;
    }
    for (size_t i = 0; i < meter->n_bands; i++) {
        const struct ofmeter_band *b = &meter->bands[i];
        bands[i].type = (b->type == OFPROTO_METER_BAND_DROP
                         ? DPIF_METER_BAND_DROP
                         : DPIF_METER_BAND_DSCP_REMARK);
        bands[i].rate = b->rate;
        bands[i].burst_size = (meter->flags & OFPROTO_METER_BURST
                               ? b->burst_size : 0);
        bands[i].prec_level = b->prec_level;
    }
    uint32_t flags = 0;
    flags |= meter->flags & OFPROTO_METER_KBPS ? DPIF_METER_KBPS : 0;
    flags |= meter->flags & OFPROTO_METER_PKTPS ? DPIF_METER_PKTPS : 0;
    flags |= meter->flags & OFPROTO_METER_BURST ? DPIF_METER_BURST : 0;
    flags |= meter->flags & OFPROTO_METER_STATS ? DPIF_METER_STATS : 0;
    struct dpif_meter_config cfg = {
        .flags = flags, .n_bands = meter->n_bands, .bands = bands,
    };
    return dpif_meter_set(dpif, meter->dp_meter_id, &cfg);
}

static void
meter_set_config(struct ofmeter *meter, const struct ofproto_meter_mod *mm)
{
    /* Kept as the controller gave them, for meter config replies to
     * echo (os-ken's switch tester compares them): the datapath takes
     * neither unit flag as kbps, as Open vSwitch does. */
    meter->flags = mm->flags;
    meter->n_bands = mm->n_bands;
    for (size_t i = 0; i < mm->n_bands; i++) {
        meter->bands[i] = mm->bands[i];
        meter->bands[i].packet_count = meter->bands[i].byte_count = 0;
        meter->bands[i].tokens = 0;
        meter->bands[i].last_fill = 0;
    }
}

static enum ofperr
meter_add(struct ofproto *ofproto, const struct ofproto_meter_mod *mm)
{
    if (ofproto_meter_lookup(ofproto, mm->meter_id)) {
        return OFPERR_OFPMMFC_METER_EXISTS;
    }
    uint32_t dp_id = dp_meter_id_alloc();
    if (!dp_id) {
        return OFPERR_OFPMMFC_OUT_OF_METERS;
    }

    struct ofmeter *meter = xzalloc(sizeof *meter);
    meter->meter_id = mm->meter_id;
    meter->dp_meter_id = dp_id;
    meter->created = time_msec();
    meter_set_config(meter, mm);
    if (meter_install(meter)) {
        dp_meter_id_free(dp_id);
        free(meter);
        return OFPERR_OFPMMFC_INVALID_METER;
    }

    ofproto_wrlock();
    hmap_insert(&ofproto->meters, &meter->node, hash_int(mm->meter_id, 0));
    ofproto_unlock();
    ofproto_bump_version_and_revalidate(ofproto);
    return 0;
}

static enum ofperr
meter_modify(struct ofproto *ofproto, const struct ofproto_meter_mod *mm)
{
    struct ofmeter *meter = ofproto_meter_lookup(ofproto, mm->meter_id);
    if (!meter) {
        return OFPERR_OFPMMFC_UNKNOWN_METER;
    }

    ofproto_wrlock();
    meter_set_config(meter, mm);
    ofproto_unlock();
    if (meter_install(meter)) {
        return OFPERR_OFPMMFC_INVALID_METER;
    }
    ofproto_bump_version_and_revalidate(ofproto);
    return 0;
}

static void
meter_free(struct ofmeter *meter)
{
    struct dpif *dpif = ofproto_get_dpif();

    if (dpif) {
        dpif_meter_del(dpif, meter->dp_meter_id);
    }
    dp_meter_id_free(meter->dp_meter_id);
    free(meter);
}

static void
meter_delete(struct ofproto *ofproto, struct ofmeter *meter)
{
    ofproto_delete_rules_using(ofproto, 0, meter->meter_id);
    ofproto_wrlock();
    hmap_remove(&ofproto->meters, &meter->node);
    ofproto_unlock();
    ofproto_bump_version_and_revalidate(ofproto);
    /* Outside the lock: dpif_meter_del() waits for forwarding threads. */
    meter_free(meter);
}

/* Applies meter_mod 'mm' to 'ofproto'. */
enum ofperr
ofproto_meter_mod(struct ofproto *ofproto, const struct ofproto_meter_mod *mm)
{
    enum ofperr error;

    switch (mm->command) {
    case OFPROTO_MC_ADD:
    case OFPROTO_MC_MODIFY:
        if (!mm->meter_id || mm->meter_id > OFPROTO_METER_MAX) {
            return OFPERR_OFPMMFC_INVALID_METER;
        }
        error = check_meter_mod(mm);
        if (error) {
            return error;
        }
        return (mm->command == OFPROTO_MC_ADD
                ? meter_add(ofproto, mm) : meter_modify(ofproto, mm));

    case OFPROTO_MC_DELETE:
        if (mm->meter_id == OFPROTO_METER_ALL) {
            struct ofmeter *meter;
            HMAP_FOR_EACH_SAFE (meter, node, &ofproto->meters) {
                meter_delete(ofproto, meter);
            }
        } else {
            struct ofmeter *meter = ofproto_meter_lookup(ofproto,
                                                         mm->meter_id);
            if (meter) {
                meter_delete(ofproto, meter);
            }
        }
        return 0;
    }
    return OFPERR_OFPMMFC_BAD_COMMAND;
}

/* Fills 'meter''s counters from the datapath and its flow count. */
void
ofproto_meter_get_stats(const struct ofproto *ofproto,
                        struct ofmeter *meter)
{
    struct dpif *dpif = ofproto_get_dpif();
    struct dpif_meter_stats stats;

    meter->flow_count = ofproto_count_rules_using(ofproto, 0,
                                                  meter->meter_id);
    if (dpif && !dpif_meter_get_stats(dpif, meter->dp_meter_id, &stats)) {
        meter->packet_in_count = stats.packet_in_count;
        meter->byte_in_count = stats.byte_in_count;
        for (size_t i = 0; i < meter->n_bands && i < stats.n_bands; i++) {
            meter->bands[i].packet_count = stats.bands[i].packet_count;
            meter->bands[i].byte_count = stats.bands[i].byte_count;
        }
    }
}

/* Frees every meter of 'ofproto' (which is being destroyed). */
void
ofproto_meters_destroy(struct ofproto *ofproto)
{
    struct ofmeter *meter;

    HMAP_FOR_EACH_POP (meter, node, &ofproto->meters) {
        meter_free(meter);
    }
}
