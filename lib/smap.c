/* smap: see include/osw/smap.h. */
#include <config.h>
#include "osw/smap.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "osw/hash.h"

/* Initializes 'smap' as an empty map. */
void
smap_init(struct smap *smap)
{
    hmap_init(&smap->map);
}

/* Frees 'smap' and every key and value it holds. */
void
smap_destroy(struct smap *smap)
{
    if (smap) {
        smap_clear(smap);
        hmap_destroy(&smap->map);
    }
}

/* Removes and frees every node of 'smap', keeping the map usable. */
void
smap_clear(struct smap *smap)
{
    struct smap_node *node;

    HMAP_FOR_EACH_POP (node, node, &smap->map) {
        free(node->key);
        free(node->value);
        free(node);
    }
}

static struct smap_node *
smap_find__(const struct smap *smap, const char *key, uint32_t hash)
{
    struct smap_node *node;

    HMAP_FOR_EACH_WITH_HASH (node, node, hash, &smap->map) {
        if (!strcmp(node->key, key)) {
            return node;
        }
    }
    return NULL;
}

/* Takes ownership of 'value'. */
static void
smap_replace_nocopy(struct smap *smap, const char *key, char *value)
{
    uint32_t hash = hash_string(key, 0);
    struct smap_node *node = smap_find__(smap, key, hash);

    if (node) {
        free(node->value);
        node->value = value;
    } else {
        node = xmalloc(sizeof *node);
        node->key = xstrdup(key);
        node->value = value;
        hmap_insert(&smap->map, &node->node, hash);
    }
}

/* Initializes 'dst' as a copy of 'src'. */
void
smap_clone(struct smap *dst, const struct smap *src)
{
    const struct smap_node *node;

    smap_init(dst);
    hmap_reserve(&dst->map, smap_count(src));
    SMAP_FOR_EACH (node, src) {
        smap_replace(dst, node->key, node->value);
    }
}

/* Sets 'key' to a copy of 'value' in 'smap', replacing any old value. */
void
smap_replace(struct smap *smap, const char *key, const char *value)
{
    smap_replace_nocopy(smap, key, xstrdup(value));
}

/* Sets 'key' to the printf-style 'format' result in 'smap'. */
void
smap_add_format(struct smap *smap, const char *key, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    char *value = xvasprintf(format, args);
    va_end(args);
    smap_replace_nocopy(smap, key, value);
}

/* Removes 'key' from 'smap', returning true if it was present. */
bool
smap_remove(struct smap *smap, const char *key)
{
    struct smap_node *node = smap_find__(smap, key, hash_string(key, 0));

    if (!node) {
        return false;
    }
    hmap_remove(&smap->map, &node->node);
    free(node->key);
    free(node->value);
    free(node);
    return true;
}

/* Returns the value of 'key' in 'smap', or NULL. */
const char *
smap_get(const struct smap *smap, const char *key)
{
    const struct smap_node *node = smap_find__(smap, key,
                                               hash_string(key, 0));
    return node ? node->value : NULL;
}

/* Returns the value of 'key' in 'smap', or 'def' if absent. */
const char *
smap_get_def(const struct smap *smap, const char *key, const char *def)
{
    const char *value = smap_get(smap, key);
    return value ? value : def;
}

/* Returns true for "true", false for "false", otherwise 'def'. */
bool
smap_get_bool(const struct smap *smap, const char *key, bool def)
{
    const char *value = smap_get(smap, key);

    if (value && !strcasecmp(value, "true")) {
        return true;
    } else if (value && !strcasecmp(value, "false")) {
        return false;
    }
    return def;
}

/* Returns 'key''s value as a decimal int, or 'def' if absent or not a
 * whole valid int. */
int
smap_get_int(const struct smap *smap, const char *key, int def)
{
    const char *value = smap_get(smap, key);
    int x;

    return value && str_to_int(value, 10, &x) ? x : def;
}

/* Returns 'key''s value as a decimal unsigned long long, or 'def' if
 * absent, negative or not a whole valid number. */
unsigned long long
smap_get_ullong(const struct smap *smap, const char *key,
                unsigned long long def)
{
    const char *value = smap_get(smap, key);
    unsigned long long int x;

    return value && str_to_ullong(value, 10, &x) ? x : def;
}

/* Returns the number of keys in 'smap'. */
size_t
smap_count(const struct smap *smap)
{
    return hmap_count(&smap->map);
}

/* Returns true if 'smap' has no keys. */
bool
smap_is_empty(const struct smap *smap)
{
    return hmap_is_empty(&smap->map);
}

/* Returns true if 'a' and 'b' hold the same keys with the same values. */
bool
smap_equal(const struct smap *a, const struct smap *b)
{
    const struct smap_node *node;

    if (smap_count(a) != smap_count(b)) {
        return false;
    }
    SMAP_FOR_EACH (node, a) {
        const char *value = smap_get(b, node->key);
        if (!value || strcmp(value, node->value)) {
            return false;
        }
    }
    return true;
}

static int
compare_nodes_by_key(const void *a_, const void *b_)
{
    const struct smap_node *const *a = a_;
    const struct smap_node *const *b = b_;
    return strcmp((*a)->key, (*b)->key);
}

/* Returns a new array of pointers to 'smap''s nodes sorted by key (NULL
 * for an empty map).  The caller frees the array only. */
const struct smap_node **
smap_sort(const struct smap *smap)
{
    size_t n = smap_count(smap);
    const struct smap_node **nodes;
    const struct smap_node *node;
    size_t i = 0;

    if (!n) {
        return NULL;
    }
    nodes = xmalloc(n * sizeof *nodes);
    SMAP_FOR_EACH (node, smap) {
        nodes[i++] = node;
    }
    qsort(nodes, n, sizeof *nodes, compare_nodes_by_key);
    return nodes;
}
