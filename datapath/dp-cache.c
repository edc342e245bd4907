/* dp-cache: tuple space search over megaflows (see dp-cache.h). */
#include <config.h>
#include "dp-cache.h"

#include <stdlib.h>
#include <string.h>
#include "osw/hash.h"
#include "osw/util.h"

/* One subtable per distinct mask. */
struct dp_subtable {
    struct hmap entries;            /* Of dp_cache_entry, by masked hash. */
    struct flow_wildcards mask;
    uint32_t mask_hash;             /* Hash of 'mask', to find it. */
    unsigned int n_words;           /* Nonzero 64-bit words of 'mask'. */
    uint8_t words[FLOW_U64S];       /* Their indexes, ascending. */
    uint64_t hits;                  /* Since the last dp_cache_rank(). */
};

/* 'n_entries' and 'n_subtables' are read by other threads without a
 * lock: store them atomically (relaxed: plain stores on most CPUs). */
#define SET_COUNT(P, V) __atomic_store_n(P, V, __ATOMIC_RELAXED)

static inline const uint64_t *
flow_u64(const struct flow *flow)
{
    return (const uint64_t *) (const void *) flow;
}

/* Hash of 'flow' masked by 'st''s mask, over the mask's words only.  The
 * same function hashes an already-masked key. */
static inline uint32_t
subtable_hash(const struct dp_subtable *st, const struct flow *flow)
{
    const uint64_t *f = flow_u64(flow);
    const uint64_t *m = flow_u64(&st->mask.masks);
    uint32_t hash = 0;

    for (unsigned int i = 0; i < st->n_words; i++) {
        unsigned int w = st->words[i];
        hash = hash_add64(hash, f[w] & m[w]);
    }
    return hash_finish(hash, st->n_words * 8);
}

/* True if 'flow' masked by 'st''s mask equals 'key' (already masked). */
static inline bool
subtable_match(const struct dp_subtable *st, const struct flow *key,
               const struct flow *flow)
{
    const uint64_t *k = flow_u64(key);
    const uint64_t *f = flow_u64(flow);
    const uint64_t *m = flow_u64(&st->mask.masks);

    for (unsigned int i = 0; i < st->n_words; i++) {
        unsigned int w = st->words[i];
        if ((f[w] & m[w]) != k[w]) {
            return false;
        }
    }
    return true;
}

/* Initializes 'cache' as empty. */
void
dp_cache_init(struct dp_cache *cache)
{
    memset(cache, 0, sizeof *cache);
}

static void
subtable_destroy(struct dp_subtable *st)
{
    hmap_destroy(&st->entries);
    free(st);
}

/* Frees 'cache''s subtables (the entries are the caller's). */
void
dp_cache_destroy(struct dp_cache *cache)
{
    if (cache) {
        for (size_t i = 0; i < cache->n_subtables; i++) {
            subtable_destroy(cache->subtables[i]);
        }
        free(cache->subtables);
        memset(cache, 0, sizeof *cache);
    }
}

static struct dp_subtable *
find_subtable(const struct dp_cache *cache, const struct flow_wildcards *mask)
{
    for (size_t i = 0; i < cache->n_subtables; i++) {
        struct dp_subtable *st = cache->subtables[i];
        if (!memcmp(&st->mask, mask, sizeof *mask)) {
            return st;
        }
    }
    return NULL;
}

static struct dp_subtable *
create_subtable(struct dp_cache *cache, const struct flow_wildcards *mask)
{
    struct dp_subtable *st = xzalloc(sizeof *st);
    const uint64_t *m = flow_u64(&mask->masks);

    hmap_init(&st->entries);
    st->mask = *mask;
    for (unsigned int w = 0; w < FLOW_U64S; w++) {
        if (m[w]) {
            st->words[st->n_words++] = w;
        }
    }

    /* New subtables go last: the ones in use keep their place until the
     * next ranking. */
    if (cache->n_subtables >= cache->allocated) {
        cache->subtables = x2nrealloc(cache->subtables, &cache->allocated,
                                      sizeof *cache->subtables);
    }
    cache->subtables[cache->n_subtables] = st;
    SET_COUNT(&cache->n_subtables, cache->n_subtables + 1);
    return st;
}

/* Inserts 'entry' for 'flow' under 'mask'.  Returns NULL, or the entry
 * with the same mask and masked key that is already there (then 'entry'
 * is left out). */
struct dp_cache_entry *
dp_cache_insert(struct dp_cache *cache, struct dp_cache_entry *entry,
                const struct flow *flow, const struct flow_wildcards *mask)
{
    struct dp_subtable *st = find_subtable(cache, mask);
    if (!st) {
        st = create_subtable(cache, mask);
    }

    uint32_t hash = subtable_hash(st, flow);
    struct dp_cache_entry *old;
    HMAP_FOR_EACH_WITH_HASH (old, node, hash, &st->entries) {
        if (subtable_match(st, &old->key, flow)) {
            return old;
        }
    }

    entry->key = *flow;
    flow_zero_wildcards(&entry->key, mask);
    entry->subtable = st;
    hmap_insert(&st->entries, &entry->node, hash);
    SET_COUNT(&cache->n_entries, cache->n_entries + 1);
    return NULL;
}

/* Removes 'entry' from 'cache'; frees its subtable if that empties it. */
void
dp_cache_remove(struct dp_cache *cache, struct dp_cache_entry *entry)
{
    struct dp_subtable *st = entry->subtable;

    hmap_remove(&st->entries, &entry->node);
    entry->subtable = NULL;
    SET_COUNT(&cache->n_entries, cache->n_entries - 1);

    if (hmap_is_empty(&st->entries)) {
        for (size_t i = 0; i < cache->n_subtables; i++) {
            if (cache->subtables[i] == st) {
                memmove(&cache->subtables[i], &cache->subtables[i + 1],
                        (cache->n_subtables - i - 1)
                        * sizeof *cache->subtables);
                SET_COUNT(&cache->n_subtables, cache->n_subtables - 1);
                break;
            }
        }
        subtable_destroy(st);
    }
}

/* Returns the first entry, in subtable order, that matches 'flow'. */
struct dp_cache_entry *
dp_cache_lookup(struct dp_cache *cache, const struct flow *flow)
{
    cache->n_lookups++;
    for (size_t i = 0; i < cache->n_subtables; i++) {
        struct dp_subtable *st = cache->subtables[i];
        uint32_t hash = subtable_hash(st, flow);
        struct hmap_node *node;

        cache->n_probes++;
        for (node = hmap_first_with_hash(&st->entries, hash); node;
             node = hmap_next_with_hash(node)) {
            struct dp_cache_entry *e = CONTAINER_OF(node,
                                                    struct dp_cache_entry,
                                                    node);
            if (subtable_match(st, &e->key, flow)) {
                st->hits++;
                return e;
            }
        }
    }
    return NULL;
}

static int
compare_subtables(const void *a_, const void *b_)
{
    const struct dp_subtable *a = *(struct dp_subtable *const *) a_;
    const struct dp_subtable *b = *(struct dp_subtable *const *) b_;
    return a->hits > b->hits ? -1 : a->hits < b->hits;
}

/* Puts the most hit subtables first and restarts their hit counts. */
void
dp_cache_rank(struct dp_cache *cache)
{
    if (cache->n_subtables > 1) {
        /* A stable order among equals keeps lookups predictable; qsort
         * is not stable, but equal hit counts are rare and harmless. */
        qsort(cache->subtables, cache->n_subtables,
              sizeof *cache->subtables, compare_subtables);
    }
    for (size_t i = 0; i < cache->n_subtables; i++) {
        cache->subtables[i]->hits = 0;
    }
}

/* Returns the mask of 'entry'. */
const struct flow_wildcards *
dp_cache_entry_mask(const struct dp_cache_entry *entry)
{
    return &entry->subtable->mask;
}

/* Returns the next entry of 'cache' after 'cursor', or NULL at the end. */
struct dp_cache_entry *
dp_cache_next(const struct dp_cache *cache, struct dp_cache_cursor *cursor)
{
    if (!cursor->started) {
        cursor->started = true;
        cursor->subtable = 0;
        cursor->st = NULL;
        cursor->next = NULL;
    } else if (cursor->next) {
        goto found;
    } else if (cursor->subtable < cache->n_subtables
               && cache->subtables[cursor->subtable] == cursor->st) {
        /* Done with this subtable.  (If it is gone instead, its
         * successor slid into its slot: look at the same slot.) */
        cursor->subtable++;
    }

    for (;;) {
        if (cursor->subtable >= cache->n_subtables) {
            return NULL;
        }
        cursor->st = cache->subtables[cursor->subtable];
        cursor->next = hmap_first(&cursor->st->entries);
        if (cursor->next) {
            break;
        }
        cursor->subtable++;
    }

found:;
    struct hmap_node *node = cursor->next;
    cursor->next = hmap_next(&cursor->st->entries, node);
    return CONTAINER_OF(node, struct dp_cache_entry, node);
}
