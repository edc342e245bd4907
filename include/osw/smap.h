/* smap: a map from strings to strings (an "other_config" or "options"
 * column, a netdev's configuration or status).
 *
 * Keys are unique; the map owns copies of its keys and values.  Order of
 * iteration is unspecified; smap_sort() gives a sorted array for stable
 * output.  Not thread-safe. */
#ifndef OSW_SMAP_H
#define OSW_SMAP_H 1

#include <stdbool.h>
#include <stddef.h>
#include "osw/hmap.h"
#include "osw/util.h"

struct smap {
    struct hmap map;            /* Of struct smap_node. */
};

struct smap_node {
    struct hmap_node node;
    char *key;
    char *value;
};

#define SMAP_INITIALIZER(SMAP) { HMAP_INITIALIZER(&(SMAP)->map) }
#define SMAP_FOR_EACH(NODE, SMAP) \
    HMAP_FOR_EACH (NODE, node, &(SMAP)->map)

void smap_init(struct smap *);
void smap_destroy(struct smap *);
void smap_clear(struct smap *);
void smap_clone(struct smap *dst, const struct smap *src);
/* Sets 'key' to 'value', replacing any value. */
void smap_replace(struct smap *, const char *key, const char *value);
void smap_add_format(struct smap *, const char *key, const char *format,
                     ...) OSW_PRINTF_FORMAT(3, 4);
/* Removes 'key'; true if it was there. */
bool smap_remove(struct smap *, const char *key);
/* The value of 'key' or NULL / 'def'. */
const char *smap_get(const struct smap *, const char *key);
const char *smap_get_def(const struct smap *, const char *key,
                         const char *def);
/* "true"/"false" (else 'def'), an int (else 'def'), an unsigned long long
 * (else 'def'). */
bool smap_get_bool(const struct smap *, const char *key, bool def);
int smap_get_int(const struct smap *, const char *key, int def);
unsigned long long smap_get_ullong(const struct smap *, const char *key,
                                   unsigned long long def);
size_t smap_count(const struct smap *);
bool smap_is_empty(const struct smap *);
bool smap_equal(const struct smap *, const struct smap *);
/* Nodes sorted by key, in a new array of smap_count() pointers (caller
 * frees the array, not the nodes). */
const struct smap_node **smap_sort(const struct smap *);

#endif /* smap.h */
