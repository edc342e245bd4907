/* dp-cache: a forwarding thread's megaflow cache (tuple space search).
 *
 * A megaflow is a flow key plus a mask (struct flow_wildcards) saying
 * which bits of a packet's flow the translation looked at: every packet
 * whose flow agrees with the key on the masked bits gets the same
 * actions.  The cache keeps one subtable per distinct mask; a subtable is
 * a hash table of the entries with that mask, keyed by a hash of the
 * masked flow over only the 64-bit words the mask touches.  A lookup
 * probes each subtable once (one hash over a few words, one bucket
 * walk), in order of recent hit counts (dp_cache_rank()), so the usual
 * case is one probe however many megaflows there are.  Many megaflows
 * with few masks is cheap (10,000 source MACs, one subtable); many masks
 * is what costs.
 *
 * Megaflows may overlap (two masks both matching a flow); a lookup
 * returns the first match in subtable order.  The translations that
 * produce them make overlapping entries agree, so that is harmless.
 *
 * Entries are embedded by the caller (struct dp_cache_entry inside its
 * own struct) and owned by it: the cache neither allocates nor frees
 * them.  Subtables are the cache's.
 *
 * Staleness.  An entry records the datapath generation and the (tag,
 * generation) pairs its translation depended on (see "Invalidation" in
 * dpif.h); dp_cache_entry_is_stale() compares them with the current
 * values with plain loads.
 *
 * Not thread-safe: a cache belongs to one forwarding thread (others may
 * read the counters, racily). */
#ifndef DP_CACHE_H
#define DP_CACHE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/flow.h"
#include "osw/hmap.h"
#include "dpif.h"

struct dp_subtable;

struct dp_cache_entry {
    struct hmap_node node;          /* In its subtable. */
    struct dp_subtable *subtable;   /* NULL while not in a cache. */

    /* Dependencies (see dpif.h "Invalidation"). */
    uint64_t gen;                   /* Datapath generation. */
    unsigned int n_deps;
    uint32_t dep_tags[DPIF_MAX_DEPS];
    uint32_t dep_gens[DPIF_MAX_DEPS];

    struct flow key;                /* Masked by the subtable's mask. */
};

struct dp_cache {
    struct dp_subtable **subtables; /* In lookup order. */
    size_t n_subtables;
    size_t allocated;
    size_t n_entries;

    /* Counters (the owner writes, anyone may read). */
    uint64_t n_lookups;             /* Calls to dp_cache_lookup(). */
    uint64_t n_probes;              /* Subtables probed by them. */
};

void dp_cache_init(struct dp_cache *);
/* Frees the subtables.  The caller must have removed (or stopped caring
 * about) the entries. */
void dp_cache_destroy(struct dp_cache *);

/* Inserts 'entry' with key 'flow' masked by 'mask'.  Returns NULL, or an
 * entry already in the cache with the same mask and masked key: then
 * 'entry' is not inserted. */
struct dp_cache_entry *dp_cache_insert(struct dp_cache *,
                                       struct dp_cache_entry *entry,
                                       const struct flow *flow,
                                       const struct flow_wildcards *mask);
/* Removes 'entry', which must be in the cache. */
void dp_cache_remove(struct dp_cache *, struct dp_cache_entry *entry);
/* Returns the first entry that matches 'flow', or NULL. */
struct dp_cache_entry *dp_cache_lookup(struct dp_cache *,
                                       const struct flow *flow);
/* Reorders the subtables by their hits since the last call, most hit
 * first.  Call now and then (every second or so). */
void dp_cache_rank(struct dp_cache *);

static inline size_t dp_cache_count(const struct dp_cache *c)
{
    return c->n_entries;
}
static inline size_t dp_cache_n_masks(const struct dp_cache *c)
{
    return c->n_subtables;
}
/* The mask of 'entry' (which is in a cache). */
const struct flow_wildcards *dp_cache_entry_mask(
    const struct dp_cache_entry *);

/* Iteration: removing the entry just returned is allowed, nothing else
 * may change the cache meanwhile. */
struct dp_cache_cursor {
    size_t subtable;                /* Index in 'subtables'. */
    const struct dp_subtable *st;   /* The subtable at that index. */
    struct hmap_node *next;         /* Next node in 'st', or NULL. */
    bool started;
};
#define DP_CACHE_CURSOR_INITIALIZER { 0, NULL, NULL, false }
struct dp_cache_entry *dp_cache_next(const struct dp_cache *,
                                     struct dp_cache_cursor *);

/* True if 'entry' depends on state that changed since it was made:
 * datapath generation 'gen', tag slot generations 'tag_slots' (an array
 * of DPIF_N_TAG_SLOTS counters that other threads bump atomically). */
static inline bool
dp_cache_entry_is_stale(const struct dp_cache_entry *entry, uint64_t gen,
                        const uint32_t *tag_slots)
{
    if (entry->gen != gen) {
        return true;
    }
    for (unsigned int i = 0; i < entry->n_deps; i++) {
        uint32_t slot = entry->dep_tags[i] % DPIF_N_TAG_SLOTS;
        if (__atomic_load_n(&tag_slots[slot], __ATOMIC_RELAXED)
            != entry->dep_gens[i]) {
            return true;
        }
    }
    return false;
}

#endif /* dp-cache.h */
