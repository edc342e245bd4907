#include <config.h>
#include "mac-learning.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include "osw/coverage.h"
#include "osw/hash.h"
#include "osw/hmap.h"
#include "osw/list.h"
#include "osw/timeval.h"
#include "osw/util.h"

COVERAGE_DEFINE(mac_learning_learned);
COVERAGE_DEFINE(mac_learning_moved);
COVERAGE_DEFINE(mac_learning_expired);
COVERAGE_DEFINE(mac_learning_evicted);
COVERAGE_DEFINE(mac_learning_locked);

struct mac_entry {
    struct hmap_node hmap_node; /* In 'table', by mac_entry_hash(). */
    struct osw_list lru_node;   /* In 'lru', least recently used first,
                                 * or in 'statics'. */
    uint16_t vlan;
    struct eth_addr mac;
    void *bundle;
    long long int used;         /* Clock value of the last use. */
    bool is_static;             /* fdb/add: never ages, moves or goes. */

    /* Loop detection. */
    long long int flap_window;  /* Start of the current one-second window. */
    unsigned int n_flaps;       /* Moves within it. */
    long long int locked_until; /* Moves refused until then (0: never). */
};

struct mac_learning {
    pthread_mutex_t mutex;
    struct hmap table;
    struct osw_list lru;        /* Learned entries. */
    struct osw_list statics;    /* Static entries, in the order added. */
    size_t n_static;
    unsigned int idle_time;     /* Seconds. */
    size_t max_entries;
    long long int (*now)(void);
    mac_learning_bump_func *bump;
    void *bump_aux;

    uint64_t n_learned;
    uint64_t n_expired;
    uint64_t n_evicted;
    uint64_t n_moved;
    uint64_t n_locked;
    size_t n_locked_now;        /* Entries with a lock not yet lapsed. */

    /* Refreshes queued by mac_learning_refresh_queue(). */
    struct mac_refresh *queue;
    size_t n_queue, allocated_queue;
};

/* A queued refresh.  'seq' (the queueing order) breaks ties between equal
 * 'when's, so that a batch ends as the same calls one by one would. */
struct mac_refresh {
    long long int when;
    size_t seq;
    void *bundle;
    uint16_t vlan;
    struct eth_addr mac;
};

static uint32_t
mac_entry_hash(uint16_t vlan, struct eth_addr mac)
{
    return hash_uint64(eth_addr_to_uint64(mac) | (uint64_t) vlan << 48, 0);
}

uint32_t
mac_learning_tag(uint16_t vlan, struct eth_addr mac)
{
    /* A different basis from the table's hash, so that a tag slot
     * collision and a bucket collision are unrelated. */
    return hash_uint64(eth_addr_to_uint64(mac) | (uint64_t) vlan << 48,
                       0x6d61635f);
}

static unsigned int
normalize_idle_time(unsigned int idle_time)
{
    if (!idle_time) {
        return MAC_LEARNING_DEFAULT_IDLE_TIME;
    }
    return MIN(MAX(idle_time, MAC_LEARNING_MIN_IDLE_TIME),
               MAC_LEARNING_MAX_IDLE_TIME);
}

/* Creates an empty MAC table aging entries after 'idle_time' seconds,
 * holding at most 'max_entries', reporting changes to 'bump' with 'aux'. */
struct mac_learning *
mac_learning_create(unsigned int idle_time, size_t max_entries,
                    mac_learning_bump_func *bump, void *aux)
{
    struct mac_learning *ml = xzalloc(sizeof *ml);

    pthread_mutex_init(&ml->mutex, NULL);
    hmap_init(&ml->table);
    osw_list_init(&ml->lru);
    osw_list_init(&ml->statics);
    ml->idle_time = normalize_idle_time(idle_time);
    ml->max_entries = max_entries ? max_entries : MAC_LEARNING_DEFAULT_MAX;
    ml->now = time_msec;
    ml->bump = bump;
    ml->bump_aux = aux;
    return ml;
}

/* Frees 'ml' and its entries. */
void
mac_learning_destroy(struct mac_learning *ml)
{
    if (!ml) {
        return;
    }
    struct mac_entry *e;
    HMAP_FOR_EACH_POP (e, hmap_node, &ml->table) {
        free(e);
    }
    hmap_destroy(&ml->table);
    pthread_mutex_destroy(&ml->mutex);
    free(ml->queue);
    free(ml);
}

/* Sets how many seconds an unused entry lives ('idle_time' 0: default). */
void
mac_learning_set_idle_time(struct mac_learning *ml, unsigned int idle_time)
{
    mac_learning_lock(ml);
    ml->idle_time = normalize_idle_time(idle_time);
    mac_learning_unlock(ml);
}

/* Returns the aging time in seconds. */
unsigned int
mac_learning_get_idle_time(const struct mac_learning *ml)
{
    return ml->idle_time;
}

/* Takes 'e' out of the table (the caller frees or reuses it). */
static void
mac_entry_unlink__(struct mac_learning *ml, struct mac_entry *e)
{
    if (e->locked_until) {
        ml->n_locked_now--;
    }
    if (e->is_static) {
        ml->n_static--;
    }
    hmap_remove(&ml->table, &e->hmap_node);
    osw_list_remove(&e->lru_node);
    if (ml->bump) {
        ml->bump(mac_learning_tag(e->vlan, e->mac), ml->bump_aux);
    }
}

static void
mac_entry_remove__(struct mac_learning *ml, struct mac_entry *e)
{
    mac_entry_unlink__(ml, e);
    free(e);
}

/* Evicts the least recently used learned entry (there must be one) and
 * returns it, unlinked.  Static entries are never evicted. */
static struct mac_entry *
evict_lru__(struct mac_learning *ml)
{
    struct mac_entry *e = CONTAINER_OF(osw_list_front(&ml->lru),
                                       struct mac_entry, lru_node);
    mac_entry_unlink__(ml, e);
    ml->n_evicted++;
    COVERAGE_INC(mac_learning_evicted);
    return e;
}

static size_t
evict_over_limit__(struct mac_learning *ml, size_t limit)
{
    size_t n = 0;

    while (hmap_count(&ml->table) > limit && !osw_list_is_empty(&ml->lru)) {
        free(evict_lru__(ml));
        n++;
    }
    return n;
}

/* Sets the table's size limit ('max_entries' 0: default), evicting the
 * least recently used entries beyond it. */
void
mac_learning_set_max_entries(struct mac_learning *ml, size_t max_entries)
{
    mac_learning_lock(ml);
    ml->max_entries = max_entries ? max_entries : MAC_LEARNING_DEFAULT_MAX;
    evict_over_limit__(ml, ml->max_entries);
    mac_learning_unlock(ml);
}

/* Makes 'ml' read time from 'now_msec'. */
void
mac_learning_set_clock(struct mac_learning *ml,
                       long long int (*now_msec)(void))
{
    ml->now = now_msec ? now_msec : time_msec;
}

/* Takes 'ml''s lock. */
void
mac_learning_lock(struct mac_learning *ml)
{
    pthread_mutex_lock(&ml->mutex);
}

/* Releases 'ml''s lock. */
void
mac_learning_unlock(struct mac_learning *ml)
{
    pthread_mutex_unlock(&ml->mutex);
}

static struct mac_entry *
mac_entry_find__(const struct mac_learning *ml, uint16_t vlan,
                 struct eth_addr mac)
{
    struct mac_entry *e;

    HMAP_FOR_EACH_WITH_HASH (e, hmap_node, mac_entry_hash(vlan, mac),
                             &ml->table) {
        if (e->vlan == vlan && eth_addr_equals(e->mac, mac)) {
            return e;
        }
    }
    return NULL;
}

static void
mac_entry_touch__(struct mac_learning *ml, struct mac_entry *e,
                  long long int when)
{
    e->used = when;
    osw_list_remove(&e->lru_node);
    osw_list_push_back(&ml->lru, &e->lru_node);
}

/* Counts a move of 'e' and returns true if 'e' is (now) locked by loop
 * detection, so that it must not move. */
static bool
mac_entry_flapping__(struct mac_learning *ml, struct mac_entry *e,
                     long long int now)
{
    if (e->locked_until && now < e->locked_until) {
        return true;
    }
    if (now >= e->flap_window + 1000) {
        e->flap_window = now;
        e->n_flaps = 0;
    }
    if (++e->n_flaps <= MAC_LEARNING_FLAP_LIMIT) {
        return false;
    }
    if (!e->locked_until) {
        ml->n_locked_now++;
    }
    e->locked_until = now + MAC_LEARNING_LOCK_TIME * 1000;
    ml->n_locked++;
    COVERAGE_INC(mac_learning_locked);
    return true;
}

/* Lifts the locks that lapsed, bumping their tags so that the flows
 * translated as loop drops are translated again. */
static void
unlock_lapsed__(struct mac_learning *ml, long long int now)
{
    struct mac_entry *e;

    HMAP_FOR_EACH (e, hmap_node, &ml->table) {
        if (e->locked_until && now >= e->locked_until) {
            e->locked_until = 0;
            e->n_flaps = 0;
            ml->n_locked_now--;
            if (ml->bump) {
                ml->bump(mac_learning_tag(e->vlan, e->mac), ml->bump_aux);
            }
        }
    }
}

/* Adds a learned entry for 'mac' in 'vlan' on 'bundle', used at 'now',
 * making room if the table is full: a full table (constant churn when
 * more stations talk than it holds) reuses the entry it evicts.  Returns
 * NULL if the table is full of static entries.  No bump. */
static struct mac_entry *
mac_entry_insert__(struct mac_learning *ml, uint16_t vlan,
                   struct eth_addr mac, void *bundle, long long int now)
{
    struct mac_entry *e;

    evict_over_limit__(ml, ml->max_entries);
    if (hmap_count(&ml->table) >= ml->max_entries) {
        if (osw_list_is_empty(&ml->lru)) {
            return NULL;
        }
        e = evict_lru__(ml);
        memset(e, 0, sizeof *e);
    } else {
        e = xzalloc(sizeof *e);
    }
    e->vlan = vlan;
    e->mac = mac;
    e->bundle = bundle;
    e->used = now;
    hmap_insert(&ml->table, &e->hmap_node, mac_entry_hash(vlan, mac));
    osw_list_push_back(&ml->lru, &e->lru_node);
    return e;
}

/* Learns 'mac' in 'vlan' on 'bundle'.  Caller holds the lock. */
enum mac_learning_result
mac_learning_learn__(struct mac_learning *ml, uint16_t vlan,
                     struct eth_addr mac, void *bundle)
{
    if (eth_addr_is_multicast(mac)) {
        return MAC_LEARNING_REFUSED;
    }

    long long int now = ml->now();
    struct mac_entry *e = mac_entry_find__(ml, vlan, mac);
    if (e && e->is_static) {
        return (e->bundle == bundle ? MAC_LEARNING_REFRESHED
                : MAC_LEARNING_STATIC);
    }
    if (e) {
        if (e->bundle == bundle) {
            mac_entry_touch__(ml, e, now);
            return MAC_LEARNING_REFRESHED;
        }
        if (mac_entry_flapping__(ml, e, now)) {
            return MAC_LEARNING_LOCKED;
        }
        mac_entry_touch__(ml, e, now);
        e->bundle = bundle;
        ml->n_moved++;
        COVERAGE_INC(mac_learning_moved);
        if (ml->bump) {
            ml->bump(mac_learning_tag(vlan, mac), ml->bump_aux);
        }
        return MAC_LEARNING_MOVED;
    }

    e = mac_entry_insert__(ml, vlan, mac, bundle, now);
    if (!e) {
        return MAC_LEARNING_REFUSED;    /* Full of static entries. */
    }
    ml->n_learned++;
    COVERAGE_INC(mac_learning_learned);
    if (ml->bump) {
        ml->bump(mac_learning_tag(vlan, mac), ml->bump_aux);
    }
    return MAC_LEARNING_LEARNED;
}

/* Makes 'mac' in 'vlan' a static entry on 'bundle'. */
int
mac_learning_add_static(struct mac_learning *ml, uint16_t vlan,
                        struct eth_addr mac, void *bundle, void **oldp)
{
    if (eth_addr_is_multicast(mac)) {
        return EINVAL;
    }

    mac_learning_lock(ml);
    struct mac_entry *e = mac_entry_find__(ml, vlan, mac);
    *oldp = e && e->is_static && e->bundle != bundle ? e->bundle : NULL;
    if (!e) {
        e = mac_entry_insert__(ml, vlan, mac, bundle, ml->now());
        if (!e) {
            mac_learning_unlock(ml);
            return ENOSPC;
        }
    }
    if (!e->is_static) {
        e->is_static = true;
        ml->n_static++;
        osw_list_remove(&e->lru_node);
        osw_list_push_back(&ml->statics, &e->lru_node);
    }
    if (e->locked_until) {
        e->locked_until = 0;
        ml->n_locked_now--;
    }
    e->bundle = bundle;
    e->used = ml->now();
    if (ml->bump) {
        ml->bump(mac_learning_tag(vlan, mac), ml->bump_aux);
    }
    mac_learning_unlock(ml);
    return 0;
}

/* Removes the static entry for 'mac' in 'vlan'. */
bool
mac_learning_del_static(struct mac_learning *ml, uint16_t vlan,
                        struct eth_addr mac)
{
    mac_learning_lock(ml);
    struct mac_entry *e = mac_entry_find__(ml, vlan, mac);
    bool found = e && e->is_static;
    if (found) {
        mac_entry_remove__(ml, e);
    }
    mac_learning_unlock(ml);
    return found;
}

/* Returns the bundle of 'mac' in 'vlan', or NULL.  Caller holds the
 * lock. */
void *
mac_learning_lookup__(const struct mac_learning *ml, uint16_t vlan,
                      struct eth_addr mac)
{
    if (eth_addr_is_multicast(mac)) {
        return NULL;
    }
    struct mac_entry *e = mac_entry_find__(ml, vlan, mac);
    return e ? e->bundle : NULL;
}

/* Learns 'mac' in 'vlan' on 'bundle', taking the lock. */
enum mac_learning_result
mac_learning_learn(struct mac_learning *ml, uint16_t vlan,
                   struct eth_addr mac, void *bundle)
{
    mac_learning_lock(ml);
    enum mac_learning_result result = mac_learning_learn__(ml, vlan, mac,
                                                           bundle);
    mac_learning_unlock(ml);
    return result;
}

/* Returns the bundle of 'mac' in 'vlan', or NULL, taking the lock. */
void *
mac_learning_lookup(struct mac_learning *ml, uint16_t vlan,
                    struct eth_addr mac)
{
    mac_learning_lock(ml);
    void *bundle = mac_learning_lookup__(ml, vlan, mac);
    mac_learning_unlock(ml);
    return bundle;
}

/* Takes the entry for 'r' out of the LRU list, marked used at 'r->when',
 * and appends it to 'moved', if it exists, is on 'r->bundle' and was last
 * used earlier. */
static void
refresh_detach__(struct mac_learning *ml, const struct mac_refresh *r,
                 struct osw_list *moved)
{
    struct mac_entry *e = mac_entry_find__(ml, r->vlan, r->mac);
    if (!e || e->is_static || e->bundle != r->bundle
        || e->used >= r->when) {
        return;
    }
    /* The entry may already be in 'moved' (two flows from one MAC): it
     * then moves to its end, 'moved' being in ascending 'when' order. */
    e->used = r->when;
    osw_list_remove(&e->lru_node);
    osw_list_push_back(moved, &e->lru_node);
}

/* Puts the entries of 'moved' (ascending 'used') back into the LRU list,
 * each after every entry used at the same time or earlier, in one walk
 * from the back: the list stays sorted by last use.  Returns how many
 * entries it put back. */
static size_t
refresh_merge__(struct mac_learning *ml, struct osw_list *moved)
{
    struct osw_list *pos = ml->lru.prev;
    size_t n = 0;

    while (!osw_list_is_empty(moved)) {
        struct mac_entry *e = CONTAINER_OF(osw_list_back(moved),
                                           struct mac_entry, lru_node);
        osw_list_remove(&e->lru_node);
        while (pos != &ml->lru
               && CONTAINER_OF(pos, struct mac_entry, lru_node)->used
                  > e->used) {
            pos = pos->prev;
        }
        osw_list_insert(pos->next, &e->lru_node);
        n++;
    }
    return n;
}

/* Marks ('vlan', 'mac') on 'bundle' used at 'when', if it is there. */
bool
mac_learning_refresh(struct mac_learning *ml, uint16_t vlan,
                     struct eth_addr mac, void *bundle, long long int when)
{
    struct mac_refresh r = { .when = when, .bundle = bundle,
                             .vlan = vlan, .mac = mac };
    struct osw_list moved;

    osw_list_init(&moved);
    mac_learning_lock(ml);
    refresh_detach__(ml, &r, &moved);
    bool refreshed = refresh_merge__(ml, &moved) > 0;
    mac_learning_unlock(ml);
    return refreshed;
}

/* Queues a refresh of ('vlan', 'mac') on 'bundle' at 'when' for the next
 * mac_learning_refresh_flush(). */
void
mac_learning_refresh_queue(struct mac_learning *ml, uint16_t vlan,
                           struct eth_addr mac, void *bundle,
                           long long int when)
{
    mac_learning_lock(ml);
    if (ml->n_queue >= ml->allocated_queue) {
        ml->queue = x2nrealloc(ml->queue, &ml->allocated_queue,
                               sizeof *ml->queue);
    }
    ml->queue[ml->n_queue] = (struct mac_refresh) {
        .when = when, .seq = ml->n_queue, .bundle = bundle,
        .vlan = vlan, .mac = mac,
    };
    ml->n_queue++;
    mac_learning_unlock(ml);
}

static int
compare_refreshes(const void *a_, const void *b_)
{
    const struct mac_refresh *a = a_;
    const struct mac_refresh *b = b_;

    if (a->when != b->when) {
        return a->when < b->when ? -1 : 1;
    }
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Applies the queued refreshes.  The result is that of calling
 * mac_learning_refresh() for each in queueing order, but where each call
 * walks the LRU list from the back past the entries used after its
 * 'when' (all of them, when a flow dump refreshes every active MAC
 * with times from the last second), the batch sorts the refreshes and
 * merges them into the list in one walk.  Returns how many entries were
 * refreshed (an entry refreshed by several counts once). */
size_t
mac_learning_refresh_flush(struct mac_learning *ml)
{
    struct osw_list moved;

    osw_list_init(&moved);
    mac_learning_lock(ml);
    if (ml->n_queue > 1) {
        /* (qsort() must not see the null 'queue' of an empty table.) */
        qsort(ml->queue, ml->n_queue, sizeof *ml->queue, compare_refreshes);
    }
    for (size_t i = 0; i < ml->n_queue; i++) {
        refresh_detach__(ml, &ml->queue[i], &moved);
    }
    size_t n = refresh_merge__(ml, &moved);
    ml->n_queue = 0;
    mac_learning_unlock(ml);
    return n;
}

static long long int
expiry_of__(const struct mac_learning *ml, const struct mac_entry *e)
{
    return e->used + (long long int) ml->idle_time * 1000;
}

/* Expires idle entries and trims the table to its limit. */
size_t
mac_learning_run(struct mac_learning *ml)
{
    size_t n = 0;

    mac_learning_lock(ml);
    long long int now = ml->now();
    while (!osw_list_is_empty(&ml->lru)) {
        struct mac_entry *e = CONTAINER_OF(osw_list_front(&ml->lru),
                                           struct mac_entry, lru_node);
        if (now < expiry_of__(ml, e)) {
            break;
        }
        mac_entry_remove__(ml, e);
        ml->n_expired++;
        COVERAGE_INC(mac_learning_expired);
        n++;
    }
    n += evict_over_limit__(ml, ml->max_entries);
    if (ml->n_locked_now) {
        unlock_lapsed__(ml, now);
    }
    mac_learning_unlock(ml);
    return n;
}

/* Returns when the oldest entry expires, or LLONG_MAX. */
long long int
mac_learning_next_expiry(struct mac_learning *ml)
{
    long long int when = LLONG_MAX;

    mac_learning_lock(ml);
    if (!osw_list_is_empty(&ml->lru)) {
        when = expiry_of__(ml, CONTAINER_OF(osw_list_front(&ml->lru),
                                            struct mac_entry, lru_node));
    }
    if (ml->n_locked_now) {
        /* Locks are rare and short: check again within a second. */
        when = MIN(when, ml->now() + 1000);
    }
    mac_learning_unlock(ml);
    return when;
}

/* Removes every learned entry of 'ml'. */
size_t
mac_learning_flush(struct mac_learning *ml)
{
    size_t n = 0;

    mac_learning_lock(ml);
    struct mac_entry *e, *next;
    OSW_LIST_FOR_EACH_SAFE (e, next, lru_node, &ml->lru) {
        mac_entry_remove__(ml, e);
        n++;
    }
    mac_learning_unlock(ml);
    return n;
}

/* Removes the entries of 'ml' on 'bundle', static ones too. */
size_t
mac_learning_flush_bundle(struct mac_learning *ml, void *bundle)
{
    size_t n = 0;

    mac_learning_lock(ml);
    struct mac_entry *e;
    HMAP_FOR_EACH_SAFE (e, hmap_node, &ml->table) {
        if (e->bundle == bundle) {
            mac_entry_remove__(ml, e);
            n++;
        }
    }
    mac_learning_unlock(ml);
    return n;
}

/* Fills 'stats' with 'ml''s counters. */
void
mac_learning_get_stats(struct mac_learning *ml,
                       struct mac_learning_stats *stats)
{
    mac_learning_lock(ml);
    stats->n_entries = hmap_count(&ml->table);
    stats->max_entries = ml->max_entries;
    stats->n_static = ml->n_static;
    stats->n_learned = ml->n_learned;
    stats->n_expired = ml->n_expired;
    stats->n_evicted = ml->n_evicted;
    stats->n_moved = ml->n_moved;
    stats->n_locked = ml->n_locked;
    mac_learning_unlock(ml);
}

/* Zeroes 'ml''s learned, expired, evicted and moved totals. */
void
mac_learning_clear_stats(struct mac_learning *ml)
{
    mac_learning_lock(ml);
    ml->n_learned = ml->n_expired = ml->n_evicted = ml->n_moved = 0;
    ml->n_locked = 0;
    mac_learning_unlock(ml);
}

static void
dump_list__(const struct mac_learning *ml, const struct osw_list *list,
            struct mac_learning_entry *entries, size_t *ip)
{
    long long int now = ml->now();
    const struct mac_entry *e;

    OSW_LIST_FOR_EACH (e, lru_node, list) {
        entries[*ip] = (struct mac_learning_entry) {
            .bundle = e->bundle,
            .vlan = e->vlan,
            .mac = e->mac,
            .age = now > e->used ? (now - e->used) / 1000 : 0,
            .is_static = e->is_static,
        };
        (*ip)++;
    }
}

/* Copies 'ml''s learned entries, least recently used first, then its
 * static entries, to '*entriesp'. */
size_t
mac_learning_dump(struct mac_learning *ml,
                  struct mac_learning_entry **entriesp)
{
    mac_learning_lock(ml);
    size_t n = hmap_count(&ml->table);
    struct mac_learning_entry *entries = xcalloc(MAX(n, 1), sizeof *entries);
    size_t i = 0;
    dump_list__(ml, &ml->lru, entries, &i);
    dump_list__(ml, &ml->statics, entries, &i);
    mac_learning_unlock(ml);

    *entriesp = entries;
    return n;
}
