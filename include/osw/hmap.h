/* hmap: intrusive hash map.
 *
 * Elements embed a 'struct hmap_node' and are found by a 32-bit hash that
 * the caller computes (see hash.h).  The map stores only nodes: it neither
 * allocates nor frees elements, and several elements may share a hash, so a
 * lookup iterates the nodes with a given hash and compares keys itself:
 *
 *     struct thing *t;
 *     HMAP_FOR_EACH_WITH_HASH (t, node, hash_string(name, 0), &things) {
 *         if (!strcmp(t->name, name)) { return t; }
 *     }
 *
 * The bucket array is a power of two and grows (hmap_insert) or shrinks
 * (hmap_remove does not shrink; call hmap_shrink) to keep about one node per
 * bucket, so operations are O(1) on average.  Iteration order is
 * unspecified and changes when the map is resized.
 *
 * Not thread-safe: callers serialize access. */
#ifndef OSW_HMAP_H
#define OSW_HMAP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/util.h"

struct hmap_node {
    uint32_t hash;
    struct hmap_node *next;     /* Next node in the same bucket. */
};

struct hmap {
    struct hmap_node **buckets; /* 'mask' + 1 buckets. */
    struct hmap_node *one;      /* The only bucket while 'mask' is 0. */
    size_t mask;
    size_t n;
};

#define HMAP_INITIALIZER(HMAP) { &(HMAP)->one, NULL, 0, 0 }

void hmap_init(struct hmap *);
/* Frees the bucket array; the elements are the caller's to free first. */
void hmap_destroy(struct hmap *);
/* Removes every node without freeing anything. */
void hmap_clear(struct hmap *);
void hmap_swap(struct hmap *, struct hmap *);
/* Moves the contents of 'src' into 'dst', which must be uninitialized or
 * destroyed; leaves 'src' uninitialized. */
void hmap_moved(struct hmap *dst, struct hmap *src);

static inline size_t hmap_count(const struct hmap *hmap) { return hmap->n; }
static inline bool hmap_is_empty(const struct hmap *hmap) { return !hmap->n; }

/* Resizes the bucket array for the current count, growing or shrinking. */
void hmap_expand(struct hmap *);
void hmap_shrink(struct hmap *);
/* Makes room for 'n' nodes without further resizing. */
void hmap_reserve(struct hmap *, size_t n);

static inline void
hmap_insert_fast(struct hmap *hmap, struct hmap_node *node, uint32_t hash)
{
    struct hmap_node **bucket = &hmap->buckets[hash & hmap->mask];
    node->hash = hash;
    node->next = *bucket;
    *bucket = node;
    hmap->n++;
}

/* Inserts 'node' with 'hash', growing the map when it gets crowded. */
static inline void
hmap_insert(struct hmap *hmap, struct hmap_node *node, uint32_t hash)
{
    hmap_insert_fast(hmap, node, hash);
    if (hmap->n / 2 > hmap->mask) {
        hmap_expand(hmap);
    }
}

/* Removes 'node', which must be in 'hmap'. */
static inline void
hmap_remove(struct hmap *hmap, struct hmap_node *node)
{
    struct hmap_node **bucket = &hmap->buckets[node->hash & hmap->mask];
    while (*bucket != node) {
        bucket = &(*bucket)->next;
    }
    *bucket = node->next;
    hmap->n--;
}

/* Puts 'new_node' in the place of 'old_node', which has the same hash. */
void hmap_replace(struct hmap *, const struct hmap_node *old_node,
                  struct hmap_node *new_node);

/* First node with 'hash' in the bucket chain starting at 'node', or NULL. */
static inline struct hmap_node *
hmap_next_with_hash__(const struct hmap_node *node, uint32_t hash)
{
    while (node && node->hash != hash) {
        node = node->next;
    }
    return (struct hmap_node *) node;
}

static inline struct hmap_node *
hmap_first_with_hash(const struct hmap *hmap, uint32_t hash)
{
    return hmap_next_with_hash__(hmap->buckets[hash & hmap->mask], hash);
}

static inline struct hmap_node *
hmap_next_with_hash(const struct hmap_node *node)
{
    return hmap_next_with_hash__(node->next, node->hash);
}

/* First node in 'hmap' in iteration order, or NULL when empty. */
struct hmap_node *hmap_first(const struct hmap *);
/* The node after 'node' in iteration order, or NULL at the end. */
struct hmap_node *hmap_next(const struct hmap *, const struct hmap_node *);

/* Removes and returns an arbitrary node; 'hmap' must not be empty.  Scans
 * from the first bucket: to empty a whole map, use HMAP_FOR_EACH_POP,
 * which remembers where it stopped and so runs in linear time. */
struct hmap_node *hmap_pop(struct hmap *);

/* Where HMAP_FOR_EACH_POP has got to. */
struct hmap_pop_cursor {
    size_t bucket;              /* Buckets before this one are empty. */
    struct hmap_node *node;     /* The node just removed. */
};
/* Removes the next node at or after 'cursor->bucket', storing it in
 * 'cursor->node' and returning it, or returns NULL if none is left. */
struct hmap_node *hmap_pop_next(struct hmap *, struct hmap_pop_cursor *);

/* A node that is in no map: hmap_node_is_null() is true for it. */
static inline void hmap_node_nullify(struct hmap_node *node)
{
    node->hash = 0;
    node->next = (struct hmap_node *) (uintptr_t) 1;
}
static inline bool hmap_node_is_null(const struct hmap_node *node)
{
    return node->next == (struct hmap_node *) (uintptr_t) 1;
}

/* Iterates 'NODE', a pointer to the element type, over the elements whose
 * member 'MEMBER' has hash 'HASH'. */
#define HMAP_FOR_EACH_WITH_HASH(NODE, MEMBER, HASH, HMAP)               \
    for (struct hmap_node *node__ = hmap_first_with_hash(HMAP, HASH);   \
         node__ ? ASSIGN_CONTAINER(NODE, node__, MEMBER) : ((NODE) = NULL, 0); \
         node__ = hmap_next_with_hash(node__))

/* Iterates over every element.  The map must not change during the loop,
 * except through HMAP_FOR_EACH_SAFE, which allows removing 'NODE'. */
#define HMAP_FOR_EACH(NODE, MEMBER, HMAP)                               \
    for (struct hmap_node *node__ = hmap_first(HMAP);                   \
         node__ ? ASSIGN_CONTAINER(NODE, node__, MEMBER) : ((NODE) = NULL, 0); \
         node__ = hmap_next(HMAP, node__))

#define HMAP_FOR_EACH_SAFE(NODE, MEMBER, HMAP)                          \
    for (struct hmap_node *node__ = hmap_first(HMAP), *next__;          \
         (node__                                                        \
          ? (next__ = hmap_next(HMAP, node__),                          \
             ASSIGN_CONTAINER(NODE, node__, MEMBER))                    \
          : ((NODE) = NULL, 0));                                        \
         node__ = next__)

/* Removes elements one at a time until 'HMAP' is empty, in linear time.
 * The loop body must not insert into 'HMAP'. */
#define HMAP_FOR_EACH_POP(NODE, MEMBER, HMAP)                           \
    for (struct hmap_pop_cursor cursor__ = { 0, NULL };                 \
         (hmap_pop_next(HMAP, &cursor__)                                \
          ? ASSIGN_CONTAINER(NODE, cursor__.node, MEMBER) : 0); )

#endif /* hmap.h */
