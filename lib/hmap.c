/* hmap: see include/osw/hmap.h. */
#include <config.h>
#include "osw/hmap.h"

#include <stdlib.h>
#include <string.h>

void
hmap_init(struct hmap *hmap)
{
    hmap->buckets = &hmap->one;
    hmap->one = NULL;
    hmap->mask = 0;
    hmap->n = 0;
}

void
hmap_destroy(struct hmap *hmap)
{
    if (hmap && hmap->buckets != &hmap->one) {
        free(hmap->buckets);
    }
}

void
hmap_clear(struct hmap *hmap)
{
    if (hmap->n > 0) {
        hmap->n = 0;
        memset(hmap->buckets, 0, (hmap->mask + 1) * sizeof *hmap->buckets);
    }
}

void
hmap_swap(struct hmap *a, struct hmap *b)
{
    struct hmap tmp = *a;
    *a = *b;
    *b = tmp;
    hmap_moved(a, a);
    hmap_moved(b, b);
}

void
hmap_moved(struct hmap *dst, struct hmap *src)
{
    if (src != dst) {
        *dst = *src;
    }
    if (!dst->mask) {
        dst->buckets = &dst->one;
    }
}

static void
resize(struct hmap *hmap, size_t new_mask)
{
    struct hmap tmp;

    tmp.mask = new_mask;
    tmp.n = 0;
    if (new_mask) {
        tmp.buckets = xcalloc(new_mask + 1, sizeof *tmp.buckets);
    } else {
        tmp.buckets = &tmp.one;
        tmp.one = NULL;
    }
    for (size_t i = 0; i <= hmap->mask; i++) {
        struct hmap_node *node, *next;
        for (node = hmap->buckets[i]; node; node = next) {
            next = node->next;
            hmap_insert_fast(&tmp, node, node->hash);
        }
    }
    hmap_destroy(hmap);
    hmap->buckets = tmp.buckets;
    hmap->one = tmp.one;
    hmap->mask = tmp.mask;
    hmap_moved(hmap, hmap);
}

/* Smallest power-of-two-minus-one mask giving at most two nodes a bucket. */
static size_t
calc_mask(size_t capacity)
{
    size_t mask = capacity / 2;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
#if SIZE_MAX > UINT32_MAX
    mask |= mask >> 32;
#endif
    /* Keep at least 8 buckets once we leave the single-bucket state, so that
     * tiny maps do not resize on every insertion. */
    return mask ? mask | 7 : 0;
}

void
hmap_expand(struct hmap *hmap)
{
    size_t new_mask = calc_mask(hmap->n);
    if (new_mask > hmap->mask) {
        resize(hmap, new_mask);
    }
}

void
hmap_shrink(struct hmap *hmap)
{
    size_t new_mask = calc_mask(hmap->n);
    if (new_mask < hmap->mask) {
        resize(hmap, new_mask);
    }
}

void
hmap_reserve(struct hmap *hmap, size_t n)
{
    size_t new_mask = calc_mask(n);
    if (new_mask > hmap->mask) {
        resize(hmap, new_mask);
    }
}

void
hmap_replace(struct hmap *hmap, const struct hmap_node *old_node,
             struct hmap_node *new_node)
{
    struct hmap_node **bucket = &hmap->buckets[old_node->hash & hmap->mask];
    while (*bucket != old_node) {
        bucket = &(*bucket)->next;
    }
    *bucket = new_node;
    new_node->hash = old_node->hash;
    new_node->next = old_node->next;
}

static struct hmap_node *
first_from_bucket(const struct hmap *hmap, size_t start)
{
    for (size_t i = start; i <= hmap->mask; i++) {
        if (hmap->buckets[i]) {
            return hmap->buckets[i];
        }
    }
    return NULL;
}

struct hmap_node *
hmap_first(const struct hmap *hmap)
{
    return first_from_bucket(hmap, 0);
}

struct hmap_node *
hmap_next(const struct hmap *hmap, const struct hmap_node *node)
{
    return (node->next
            ? node->next
            : first_from_bucket(hmap, (node->hash & hmap->mask) + 1));
}

struct hmap_node *
hmap_pop_next(struct hmap *hmap, struct hmap_pop_cursor *cursor)
{
    for (; cursor->bucket <= hmap->mask; cursor->bucket++) {
        struct hmap_node *node = hmap->buckets[cursor->bucket];
        if (node) {
            hmap->buckets[cursor->bucket] = node->next;
            hmap->n--;
            cursor->node = node;
            return node;
        }
    }
    cursor->node = NULL;
    return NULL;
}

struct hmap_node *
hmap_pop(struct hmap *hmap)
{
    for (size_t i = 0; i <= hmap->mask; i++) {
        struct hmap_node *node = hmap->buckets[i];
        if (node) {
            hmap->buckets[i] = node->next;
            hmap->n--;
            return node;
        }
    }
    osw_assert(!"hmap_pop() on an empty map");
    return NULL;
}
