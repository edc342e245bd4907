/* Classifier: tuple space search with staged lookup and prefix tries.
 *
 * Layout:
 *   - A subtable per distinct mask.  Its rules are 'struct cls_match'es
 *     that carry a copy of the masked values of the mask's nonzero words
 *     (so a lookup compares a short array, not the whole flow).  Rules
 *     with identical values form a chain ordered by priority, then by
 *     insertion; the chain's head sits in the subtable's open-addressing
 *     map, keyed by the hash of all values (a probe finds hash and head
 *     pointer in one slot).
 *   - For each stage but the last that the mask touches, a counting hash
 *     set of the cumulative hash of the values up to that stage, so a
 *     lookup can tell early that no rule agrees with the packet so far.
 *   - The subtables in an array sorted by the highest priority they
 *     hold, kept sorted by moving one subtable at a time when its maximum
 *     changes (a max-heap of priorities per subtable gives the new
 *     maximum in O(log n) when a rule goes).
 *   - One path-compressed binary trie per prefix field, holding the
 *     prefix of every rule whose subtable masks that field with a CIDR
 *     mask.  A lookup walks it once, lazily, and learns which prefix
 *     lengths occur on the packet's path and how many leading bits it
 *     had to look at to learn that.
 *   - A lookup hashes the packet for a few subtables ahead of the one it
 *     examines and prefetches the slots it will probe, so that with
 *     large tables the cache misses of consecutive subtables overlap. */
#include <config.h>
#include "classifier.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "osw/hash.h"
#include "osw/packets.h"
#include "osw/util.h"

typedef uint64_t __attribute__((may_alias)) cls_u64;

/* Stages, as word ranges of struct flow. */
#define CLS_N_STAGES 4
static const uint8_t stage_first_word[CLS_N_STAGES + 1] = {
    0, 9, 12, 22, FLOW_U64S
};
BUILD_ASSERT(offsetof(struct flow, dl_dst) == 9 * 8);
BUILD_ASSERT(offsetof(struct flow, nw_src) == 12 * 8);
BUILD_ASSERT(offsetof(struct flow, tp_src) == 22 * 8);
BUILD_ASSERT(FLOW_U64S == 23);

static int
stage_of_word(size_t word)
{
    int s = 0;

    while (word >= stage_first_word[s + 1]) {
        s++;
    }
    return s;
}

/* How many subtables ahead of the one it examines a lookup hashes the
 * packet and prefetches the memory it will probe. */
#define CLS_PREFETCH_AHEAD 4

/* Fields that may be tracked with a prefix trie. */
struct cls_prefix_field {
    enum mf_field_id id;
    uint16_t ofs;               /* Byte offset in struct flow. */
    uint8_t n_bits;             /* 32 or 128. */
};

static const struct cls_prefix_field prefix_fields[] = {
    { MFF_TUN_SRC, offsetof(struct flow, tun_src), 32 },
    { MFF_TUN_DST, offsetof(struct flow, tun_dst), 32 },
    { MFF_IPV4_SRC, offsetof(struct flow, nw_src), 32 },
    { MFF_IPV4_DST, offsetof(struct flow, nw_dst), 32 },
    { MFF_IPV6_SRC, offsetof(struct flow, ipv6_src), 128 },
    { MFF_IPV6_DST, offsetof(struct flow, ipv6_dst), 128 },
};

static const struct cls_prefix_field *
prefix_field_from_id(enum mf_field_id id)
{
    for (size_t i = 0; i < ARRAY_SIZE(prefix_fields); i++) {
        if (prefix_fields[i].id == id) {
            return &prefix_fields[i];
        }
    }
    return NULL;
}

/* An address as host-order 32-bit words, most significant first. */
struct cls_addr {
    uint32_t w[4];
};

static void
addr_load(const struct cls_prefix_field *f, const void *flow,
          struct cls_addr *a)
{
    const uint8_t *p = (const uint8_t *) flow + f->ofs;

    for (size_t i = 0; i < f->n_bits / 32u; i++) {
        ovs_be32 be;

        memcpy(&be, p + 4 * i, 4);
        a->w[i] = ntohl(be);
    }
}

/* A 32-bit value with its 'n' (0 to 32) leading bits set. */
static uint32_t
leading_ones(unsigned int n)
{
    return UINT64_C(0xffffffff00000000) >> n;
}

/* The 'n' bits (1 to 32) of 'a' from bit 'ofs' on, left-aligned. */
static uint32_t
addr_bits(const struct cls_addr *a, unsigned int ofs, unsigned int n)
{
    unsigned int w = ofs / 32, b = ofs % 32;
    uint32_t x = a->w[w] << b;

    if (b && b + n > 32) {
        x |= a->w[w + 1] >> (32 - b);
    }
    return x & leading_ones(n);
}

static unsigned int
addr_bit(const struct cls_addr *a, unsigned int ofs)
{
    return (a->w[ofs / 32] >> (31 - ofs % 32)) & 1;
}

/* Length of the CIDR prefix 'm' (0 for none), or -1 if it is not one. */
static int
addr_plen(const struct cls_addr *m, unsigned int n_bits)
{
    size_t n = n_bits / 32, i;
    int plen = 0;

    for (i = 0; i < n && m->w[i] == UINT32_MAX; i++) {
        plen += 32;
    }
    if (i < n) {
        uint32_t x = m->w[i];
        int ones = __builtin_clz(~x);

        if (ones < 32 && (uint32_t) (x << ones)) {
            return -1;
        }
        plen += ones;
        for (i++; i < n; i++) {
            if (m->w[i]) {
                return -1;
            }
        }
    }
    return plen;
}

/* Sets the 'n' leading bits of field 'f' in 'wc'. */
static void
wc_set_prefix(struct flow_wildcards *wc, const struct cls_prefix_field *f,
              unsigned int n)
{
    uint8_t *p = (uint8_t *) &wc->masks + f->ofs;

    for (unsigned int i = 0; i < f->n_bits / 32u && n > i * 32; i++) {
        unsigned int bits = MIN(32, n - i * 32);
        ovs_be32 be;

        memcpy(&be, p + 4 * i, 4);
        be |= htonl(leading_ones(bits));
        memcpy(p + 4 * i, &be, 4);
    }
}

/* Prefix tries. */

struct trie_node {
    uint32_t prefix;            /* Left-aligned; the first bit is the one
                                 * that selects this node in its parent. */
    unsigned int n_bits;        /* 1 to 32. */
    unsigned int n_rules;       /* Rules whose prefix ends here. */
    struct trie_node *edges[2];
};

struct cls_trie {
    const struct cls_prefix_field *field;
    struct trie_node *root[2];  /* By the first bit. */
};

/* What one lookup learned from a trie. */
struct trie_ctx {
    bool done;
    unsigned int maskbits;      /* Leading bits the walk looked at. */
    uint64_t plens[3];          /* Bit N: a prefix of length N matches. */
};

static unsigned int
common_bits(uint32_t a, uint32_t b, unsigned int n)
{
    uint32_t x = a ^ b;
    unsigned int eq = x ? __builtin_clz(x) : 32;

    return MIN(eq, n);
}

/* Splits '*edge' after its first 'eq' bits (0 < eq < n_bits). */
static void
trie_split(struct trie_node **edge, unsigned int eq)
{
    struct trie_node *node = *edge;
    struct trie_node *mid = xzalloc(sizeof *mid);

    mid->prefix = node->prefix & leading_ones(eq);
    mid->n_bits = eq;
    node->prefix <<= eq;
    node->n_bits -= eq;
    mid->edges[node->prefix >> 31] = node;
    *edge = mid;
}

static void
trie_insert(struct cls_trie *trie, const struct cls_addr *a,
            unsigned int plen)
{
    struct trie_node **edge = &trie->root[addr_bit(a, 0)];
    unsigned int ofs = 0;

    while (*edge) {
        struct trie_node *node = *edge;
        unsigned int n = MIN(node->n_bits, plen - ofs);
        unsigned int eq = common_bits(node->prefix, addr_bits(a, ofs, n), n);

        if (eq < node->n_bits) {
            trie_split(edge, eq);
            node = *edge;
        }
        ofs += node->n_bits;
        if (ofs == plen) {
            node->n_rules++;
            return;
        }
        edge = &node->edges[addr_bit(a, ofs)];
    }
    while (ofs < plen) {
        struct trie_node *node = xzalloc(sizeof *node);
        unsigned int n = MIN(32, plen - ofs);

        node->prefix = addr_bits(a, ofs, n);
        node->n_bits = n;
        *edge = node;
        ofs += n;
        if (ofs == plen) {
            node->n_rules = 1;
        } else {
            edge = &node->edges[addr_bit(a, ofs)];
        }
    }
}

/* Removes one rule with prefix 'a'/'plen', which must be in 'trie', and
 * frees or merges the nodes that no longer earn their keep. */
static void
trie_remove(struct cls_trie *trie, const struct cls_addr *a,
            unsigned int plen)
{
    struct trie_node **path[129];
    struct trie_node **edge = &trie->root[addr_bit(a, 0)];
    size_t depth = 0;
    unsigned int ofs = 0;

    for (;;) {
        struct trie_node *node = *edge;

        osw_assert(node && depth < ARRAY_SIZE(path));
        path[depth++] = edge;
        ofs += node->n_bits;
        if (ofs >= plen) {
            osw_assert(ofs == plen && node->n_rules > 0);
            node->n_rules--;
            break;
        }
        edge = &node->edges[addr_bit(a, ofs)];
    }

    while (depth > 0) {
        struct trie_node *node, *child;

        edge = path[--depth];
        node = *edge;
        if (node->n_rules || (node->edges[0] && node->edges[1])) {
            break;
        }
        child = node->edges[0] ? node->edges[0] : node->edges[1];
        if (!child) {
            free(node);
            *edge = NULL;
            continue;
        }
        if (node->n_bits + child->n_bits <= 32) {
            node->prefix |= child->prefix >> node->n_bits;
            node->n_bits += child->n_bits;
            node->n_rules = child->n_rules;
            node->edges[0] = child->edges[0];
            node->edges[1] = child->edges[1];
            free(child);
        }
        break;
    }
}

static void
trie_node_destroy(struct trie_node *node)
{
    while (node) {
        struct trie_node *next = node->edges[1];

        trie_node_destroy(node->edges[0]);
        free(node);
        node = next;
    }
}

static void
trie_destroy(struct cls_trie *trie)
{
    trie_node_destroy(trie->root[0]);
    trie_node_destroy(trie->root[1]);
    trie->root[0] = trie->root[1] = NULL;
}

/* Walks 'trie' along 'a', filling 'ctx'. */
static void
trie_lookup(const struct cls_trie *trie, const struct cls_addr *a,
            struct trie_ctx *ctx)
{
    unsigned int n_bits = trie->field->n_bits;
    const struct trie_node *node = trie->root[addr_bit(a, 0)];
    unsigned int ofs = 0;

    memset(ctx->plens, 0, sizeof ctx->plens);
    ctx->done = true;
    if (!node) {
        ctx->maskbits = 1;
        return;
    }
    for (;;) {
        unsigned int eq = common_bits(node->prefix,
                                      addr_bits(a, ofs, node->n_bits),
                                      node->n_bits);
        if (eq < node->n_bits) {
            ctx->maskbits = ofs + eq + 1;
            return;
        }
        ofs += node->n_bits;
        if (node->n_rules) {
            ctx->plens[ofs / 64] |= UINT64_C(1) << (ofs % 64);
        }
        if (ofs >= n_bits) {
            ctx->maskbits = n_bits;
            return;
        }
        node = node->edges[addr_bit(a, ofs)];
        if (!node) {
            ctx->maskbits = ofs + 1;
            return;
        }
    }
}

/* Counting hash set of 32-bit hashes (open addressing, linear probing).
 * A slot with count 0 is empty. */
struct cls_ccmap_slot {
    uint32_t hash;
    uint32_t count;
};

struct cls_ccmap {
    struct cls_ccmap_slot *slots;
    uint32_t mask;              /* Number of slots - 1 (slots nonnull). */
    uint32_t n;                 /* Nonempty slots. */
};

static void
ccmap_destroy(struct cls_ccmap *map)
{
    free(map->slots);
    memset(map, 0, sizeof *map);
}

static bool
ccmap_contains(const struct cls_ccmap *map, uint32_t hash)
{
    if (!map->slots) {
        return false;
    }
    for (uint32_t i = hash & map->mask; ; i = (i + 1) & map->mask) {
        const struct cls_ccmap_slot *slot = &map->slots[i];

        if (!slot->count) {
            return false;
        } else if (slot->hash == hash) {
            return true;
        }
    }
}

static struct cls_ccmap_slot *
ccmap_find_slot(struct cls_ccmap *map, uint32_t hash)
{
    for (uint32_t i = hash & map->mask; ; i = (i + 1) & map->mask) {
        struct cls_ccmap_slot *slot = &map->slots[i];

        if (!slot->count || slot->hash == hash) {
            return slot;
        }
    }
}

static void
ccmap_resize(struct cls_ccmap *map, uint32_t n_slots)
{
    struct cls_ccmap old = *map;

    map->slots = xcalloc(n_slots, sizeof *map->slots);
    map->mask = n_slots - 1;
    for (uint32_t i = 0; old.slots && i <= old.mask; i++) {
        if (old.slots[i].count) {
            *ccmap_find_slot(map, old.slots[i].hash) = old.slots[i];
        }
    }
    free(old.slots);
}

static void
ccmap_inc(struct cls_ccmap *map, uint32_t hash)
{
    struct cls_ccmap_slot *slot;

    if (!map->slots || (map->n + 1) * 2 > map->mask + 1) {
        ccmap_resize(map, map->slots ? (map->mask + 1) * 2 : 8);
    }
    slot = ccmap_find_slot(map, hash);
    if (!slot->count) {
        slot->hash = hash;
        map->n++;
    }
    slot->count++;
}

static void
ccmap_dec(struct cls_ccmap *map, uint32_t hash)
{
    struct cls_ccmap_slot *slot = ccmap_find_slot(map, hash);
    uint32_t i, j;

    osw_assert(slot->count);
    if (--slot->count) {
        return;
    }
    map->n--;

    /* Backward-shift deletion keeps every probe sequence unbroken. */
    i = slot - map->slots;
    for (j = (i + 1) & map->mask; map->slots[j].count;
         j = (j + 1) & map->mask) {
        uint32_t home = map->slots[j].hash & map->mask;

        /* Move j into the hole at i unless its home lies in (i, j]. */
        bool stays = i <= j ? (home > i && home <= j)
                            : (home > i || home <= j);
        if (!stays) {
            map->slots[i] = map->slots[j];
            map->slots[j].count = 0;
            i = j;
        }
    }
    if (!map->n) {
        ccmap_destroy(map);
    }
}

/* Chain heads of a subtable by the hash of their values (open addressing,
 * linear probing; a slot with a null 'head' is empty; several slots may
 * hold the same hash).  A probe reads the hash and the head in one place,
 * without the extra indirection of a bucket array. */
struct cls_headmap_slot {
    uint32_t hash;
    struct cls_match *head;
};

struct cls_headmap {
    struct cls_headmap_slot *slots;
    uint32_t mask;              /* Number of slots - 1 (slots nonnull). */
    uint32_t n;
};

static void
headmap_destroy(struct cls_headmap *map)
{
    free(map->slots);
    memset(map, 0, sizeof *map);
}

static struct cls_headmap_slot *
headmap_empty_slot(struct cls_headmap *map, uint32_t hash)
{
    uint32_t i = hash & map->mask;

    while (map->slots[i].head) {
        i = (i + 1) & map->mask;
    }
    return &map->slots[i];
}

static void
headmap_insert(struct cls_headmap *map, uint32_t hash,
               struct cls_match *head)
{
    struct cls_headmap_slot *slot;

    if (!map->slots || (map->n + 1) * 2 > map->mask + 1) {
        struct cls_headmap old = *map;
        uint32_t n_slots = map->slots ? (map->mask + 1) * 2 : 8;

        map->slots = xcalloc(n_slots, sizeof *map->slots);
        map->mask = n_slots - 1;
        for (uint32_t i = 0; old.slots && i <= old.mask; i++) {
            if (old.slots[i].head) {
                *headmap_empty_slot(map, old.slots[i].hash) = old.slots[i];
            }
        }
        free(old.slots);
    }
    slot = headmap_empty_slot(map, hash);
    slot->hash = hash;
    slot->head = head;
    map->n++;
}

/* The slot of 'head', which 'map' holds under 'hash'. */
static struct cls_headmap_slot *
headmap_find_slot(struct cls_headmap *map, uint32_t hash,
                  const struct cls_match *head)
{
    uint32_t i = hash & map->mask;

    while (map->slots[i].head != head) {
        osw_assert(map->slots[i].head);
        i = (i + 1) & map->mask;
    }
    return &map->slots[i];
}

static void
headmap_remove(struct cls_headmap *map, uint32_t hash,
               const struct cls_match *head)
{
    uint32_t i = headmap_find_slot(map, hash, head) - map->slots;

    map->n--;
    /* Backward-shift deletion, as in ccmap_dec(). */
    for (uint32_t j = (i + 1) & map->mask; map->slots[j].head;
         j = (j + 1) & map->mask) {
        uint32_t home = map->slots[j].hash & map->mask;
        bool stays = i <= j ? (home > i && home <= j)
                            : (home > i || home <= j);
        if (!stays) {
            map->slots[i] = map->slots[j];
            i = j;
        }
    }
    map->slots[i].head = NULL;
    if (!map->n) {
        headmap_destroy(map);
    }
}

/* The next head at or after slot '*i', advancing '*i' past it, or NULL. */
static struct cls_match *
headmap_next(const struct cls_headmap *map, size_t *i)
{
    for (; map->slots && *i <= map->mask; (*i)++) {
        if (map->slots[*i].head) {
            return map->slots[(*i)++].head;
        }
    }
    return NULL;
}

/* Priorities of a subtable: counts in a hash map, distinct values in a
 * max-heap. */
struct cls_prio {
    struct hmap_node node;
    int priority;
    unsigned int count;
    size_t heap_idx;
};

struct cls_prio_set {
    struct hmap map;
    struct cls_prio **heap;
    size_t n, allocated;
};

static void
prio_set_init(struct cls_prio_set *set)
{
    hmap_init(&set->map);
    set->heap = NULL;
    set->n = set->allocated = 0;
}

static void
prio_set_destroy(struct cls_prio_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->heap[i]);
    }
    free(set->heap);
    hmap_destroy(&set->map);
}

static struct cls_prio *
prio_set_find(const struct cls_prio_set *set, int priority)
{
    struct cls_prio *p;

    HMAP_FOR_EACH_WITH_HASH (p, node, hash_int(priority, 0), &set->map) {
        if (p->priority == priority) {
            return p;
        }
    }
    return NULL;
}

static void
heap_put(struct cls_prio_set *set, size_t i, struct cls_prio *p)
{
    set->heap[i] = p;
    p->heap_idx = i;
}

static void
heap_sift_up(struct cls_prio_set *set, size_t i)
{
    struct cls_prio *p = set->heap[i];

    while (i > 0 && set->heap[(i - 1) / 2]->priority < p->priority) {
        heap_put(set, i, set->heap[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    heap_put(set, i, p);
}

static void
heap_sift_down(struct cls_prio_set *set, size_t i)
{
    struct cls_prio *p = set->heap[i];

    for (;;) {
        size_t c = 2 * i + 1;

        if (c >= set->n) {
            break;
        }
        if (c + 1 < set->n
            && set->heap[c + 1]->priority > set->heap[c]->priority) {
            c++;
        }
        if (set->heap[c]->priority <= p->priority) {
            break;
        }
        heap_put(set, i, set->heap[c]);
        i = c;
    }
    heap_put(set, i, p);
}

static void
prio_set_add(struct cls_prio_set *set, int priority)
{
    struct cls_prio *p = prio_set_find(set, priority);

    if (p) {
        p->count++;
        return;
    }
    p = xmalloc(sizeof *p);
    p->priority = priority;
    p->count = 1;
    hmap_insert(&set->map, &p->node, hash_int(priority, 0));
    if (set->n >= set->allocated) {
        set->heap = x2nrealloc(set->heap, &set->allocated,
                               sizeof *set->heap);
    }
    heap_put(set, set->n++, p);
    heap_sift_up(set, p->heap_idx);
}

static void
prio_set_remove(struct cls_prio_set *set, int priority)
{
    struct cls_prio *p = prio_set_find(set, priority);
    struct cls_prio *last;

    osw_assert(p);
    if (--p->count) {
        return;
    }
    last = set->heap[--set->n];
    if (last != p) {
        size_t i = p->heap_idx;

        heap_put(set, i, last);
        heap_sift_up(set, i);
        heap_sift_down(set, last->heap_idx);
    }
    hmap_remove(&set->map, &p->node);
    free(p);
}

static int
prio_set_max(const struct cls_prio_set *set)
{
    return set->n ? set->heap[0]->priority : INT_MIN;
}

/* Subtables and rules. */

struct cls_subtable {
    /* Read by every lookup: kept together at the front. */
    int max_priority;           /* INT_MIN while empty. */
    uint8_t n_words;
    uint8_t n_stages;
    uint8_t stage_end[CLS_N_STAGES];    /* Index in 'words' after stage. */
    uint8_t stage_tries[CLS_N_STAGES];  /* Tries to consult before hashing
                                         * each stage (bitmap). */
    uint8_t trie_plen[CLS_MAX_PREFIX_FIELDS];   /* 0: not consulted. */
    uint8_t words[FLOW_U64S];   /* The mask's nonzero words, in order. */
    uint64_t maskw[FLOW_U64S];  /* Mask of each of 'words'. */

    /* Per stage but the last, the cumulative hashes of the values of the
     * chains up to that stage's end, so that a miss usually costs one
     * probe of a compact array. */
    struct cls_ccmap stage_index[CLS_N_STAGES - 1];
    struct cls_headmap heads;   /* Chain heads, by hash of all values. */

    uint8_t stage_real[CLS_N_STAGES];   /* 0 (metadata) ... 3 (L4). */
    size_t sorted_idx;          /* Position in cls_impl's 'sorted'. */
    size_t n_rules;
    struct cls_prio_set prios;
    struct hmap_node node;      /* In cls_impl's 'subtables'. */
    struct flow_wildcards mask;
};

struct cls_match {
    struct cls_match *next;     /* Next in chain: identical values, lower
                                 * priority or inserted later. */
    const struct cls_rule *rule;
    struct cls_subtable *subtable;
    int priority;
    uint64_t seq;               /* Insertion order, for ties. */
    cls_version_t add_version;
    cls_version_t remove_version;
    uint64_t vals[];            /* Masked values of subtable's 'words'. */
};

struct cls_impl {
    struct hmap subtables;      /* By mask hash. */
    struct cls_subtable **sorted;       /* By max_priority, descending. */
    size_t n_sorted, allocated_sorted;
    size_t n_rules;
    uint64_t next_seq;
    struct cls_trie tries[CLS_MAX_PREFIX_FIELDS];
    size_t n_tries;
};

/* Iterates 'HEAD' over the chain heads of subtable 'ST' (usable inside
 * an HMAP_FOR_EACH over subtables). */
#define SUBTABLE_FOR_EACH_HEAD(HEAD, ST)                                \
    for (size_t hi__ = 0; ((HEAD) = headmap_next(&(ST)->heads, &hi__)); )

static bool
cls_match_visible(const struct cls_match *m, cls_version_t version)
{
    return m->add_version <= version && version < m->remove_version;
}

/* Does 'a' go before 'b' (wins against it)? */
static bool
cls_match_before(const struct cls_match *a, const struct cls_match *b)
{
    return (a->priority > b->priority
            || (a->priority == b->priority && a->seq < b->seq));
}

static uint32_t
mask_hash(const struct flow_wildcards *mask)
{
    const cls_u64 *mw = (const cls_u64 *) &mask->masks;
    uint32_t hash = 0;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        hash = hash_add64(hash, mw[i]);
    }
    return hash_finish(hash, FLOW_U64S);
}

/* Stores in 'vals' the values of 'flow' under 'st''s mask and in
 * 'hashes' the cumulative hash at the end of each stage.  Returns the
 * hash of all values (the key of the 'heads' map). */
static uint32_t
subtable_hash_flow(const struct cls_subtable *st, const struct flow *flow,
                   uint64_t vals[], uint32_t hashes[])
{
    const cls_u64 *fw = (const cls_u64 *) flow;
    uint32_t basis = 0, hash = hash_finish(0, 0);
    size_t i = 0;

    for (size_t s = 0; s < st->n_stages; s++) {
        for (; i < st->stage_end[s]; i++) {
            vals[i] = fw[st->words[i]] & st->maskw[i];
            basis = hash_add64(basis, vals[i]);
        }
        hash = hash_finish(basis, i);
        hashes[s] = hash;
    }
    return hash;
}

static struct cls_match *
subtable_find_chain(const struct cls_subtable *st, const uint64_t vals[],
                    uint32_t hash)
{
    const struct cls_headmap *map = &st->heads;

    if (!map->slots) {
        return NULL;
    }
    for (uint32_t i = hash & map->mask; map->slots[i].head;
         i = (i + 1) & map->mask) {
        struct cls_match *head = map->slots[i].head;

        if (map->slots[i].hash == hash
            && !memcmp(vals, head->vals, st->n_words * sizeof vals[0])) {
            return head;
        }
    }
    return NULL;
}

static struct cls_subtable *
find_subtable(const struct cls_impl *impl, const struct flow_wildcards *mask)
{
    struct cls_subtable *st;

    HMAP_FOR_EACH_WITH_HASH (st, node, mask_hash(mask), &impl->subtables) {
        if (!memcmp(&st->mask, mask, sizeof *mask)) {
            return st;
        }
    }
    return NULL;
}

/* Sets 'st''s trie fields from the classifier's current tries. */
static void
subtable_init_tries(const struct cls_impl *impl, struct cls_subtable *st)
{
    memset(st->stage_tries, 0, sizeof st->stage_tries);
    memset(st->trie_plen, 0, sizeof st->trie_plen);
    for (size_t t = 0; t < impl->n_tries; t++) {
        const struct cls_prefix_field *f = impl->tries[t].field;
        struct cls_addr m;
        int plen;

        addr_load(f, &st->mask.masks, &m);
        plen = addr_plen(&m, f->n_bits);
        if (plen <= 0) {
            continue;
        }
        st->trie_plen[t] = plen;
        for (size_t s = 0; s < st->n_stages; s++) {
            if (st->stage_real[s] == stage_of_word(f->ofs / 8)) {
                st->stage_tries[s] |= 1u << t;
            }
        }
    }
}

/* Moves 'st' within the sorted array after its 'max_priority' changed. */
static void
subtable_reposition(struct cls_impl *impl, struct cls_subtable *st)
{
    size_t i = st->sorted_idx;

    while (i > 0 && impl->sorted[i - 1]->max_priority < st->max_priority) {
        impl->sorted[i] = impl->sorted[i - 1];
        impl->sorted[i]->sorted_idx = i;
        i--;
    }
    while (i + 1 < impl->n_sorted
           && impl->sorted[i + 1]->max_priority > st->max_priority) {
        impl->sorted[i] = impl->sorted[i + 1];
        impl->sorted[i]->sorted_idx = i;
        i++;
    }
    impl->sorted[i] = st;
    st->sorted_idx = i;
}

static struct cls_subtable *
subtable_create(struct cls_impl *impl, const struct flow_wildcards *mask)
{
    struct cls_subtable *st = xzalloc(sizeof *st);
    const cls_u64 *mw = (const cls_u64 *) &mask->masks;

    st->mask = *mask;
    st->max_priority = INT_MIN;
    prio_set_init(&st->prios);
    for (int s = 0; s < CLS_N_STAGES; s++) {
        size_t start = st->n_words;

        for (size_t w = stage_first_word[s]; w < stage_first_word[s + 1];
             w++) {
            if (mw[w]) {
                st->words[st->n_words] = w;
                st->maskw[st->n_words] = mw[w];
                st->n_words++;
            }
        }
        if (st->n_words > start) {
            st->stage_end[st->n_stages] = st->n_words;
            st->stage_real[st->n_stages] = s;
            st->n_stages++;
        }
    }
    subtable_init_tries(impl, st);

    hmap_insert(&impl->subtables, &st->node, mask_hash(mask));
    if (impl->n_sorted >= impl->allocated_sorted) {
        impl->sorted = x2nrealloc(impl->sorted, &impl->allocated_sorted,
                                  sizeof *impl->sorted);
    }
    st->sorted_idx = impl->n_sorted;
    impl->sorted[impl->n_sorted++] = st;
    return st;
}

/* Frees 'st' and the cls_matches still in it. */
static void
subtable_free(struct cls_subtable *st)
{
    struct cls_match *head;

    SUBTABLE_FOR_EACH_HEAD (head, st) {
        while (head) {
            struct cls_match *next = head->next;

            free(head);
            head = next;
        }
    }
    for (size_t s = 0; s + 1 < CLS_N_STAGES; s++) {
        ccmap_destroy(&st->stage_index[s]);
    }
    prio_set_destroy(&st->prios);
    headmap_destroy(&st->heads);
    free(st);
}

static void
subtable_destroy(struct cls_impl *impl, struct cls_subtable *st)
{
    for (size_t i = st->sorted_idx + 1; i < impl->n_sorted; i++) {
        impl->sorted[i - 1] = impl->sorted[i];
        impl->sorted[i - 1]->sorted_idx = i - 1;
    }
    impl->n_sorted--;
    hmap_remove(&impl->subtables, &st->node);
    subtable_free(st);
}

/* Adds or removes the prefixes of 'm' in every trie its subtable uses. */
static void
cls_match_update_tries(struct cls_impl *impl, const struct cls_match *m,
                       bool add)
{
    const struct cls_subtable *st = m->subtable;

    for (size_t t = 0; t < impl->n_tries; t++) {
        if (st->trie_plen[t]) {
            struct cls_addr a;

            addr_load(impl->tries[t].field, &m->rule->match.flow, &a);
            if (add) {
                trie_insert(&impl->tries[t], &a, st->trie_plen[t]);
            } else {
                trie_remove(&impl->tries[t], &a, st->trie_plen[t]);
            }
        }
    }
}

static void
subtable_update_max(struct cls_impl *impl, struct cls_subtable *st)
{
    int max = prio_set_max(&st->prios);

    if (max != st->max_priority) {
        st->max_priority = max;
        subtable_reposition(impl, st);
    }
}

static struct cls_match *
classifier_insert__(struct cls_impl *impl, const struct cls_rule *rule,
                    cls_version_t version)
{
    struct cls_subtable *st = find_subtable(impl, &rule->match.wc);
    uint32_t hashes[CLS_N_STAGES], hash;
    struct cls_match *m, *head;

    osw_assert(!rule->cls_match);
    if (!st) {
        st = subtable_create(impl, &rule->match.wc);
    }
    m = xmalloc(sizeof *m + st->n_words * sizeof m->vals[0]);
    m->rule = rule;
    m->subtable = st;
    m->priority = rule->priority;
    m->seq = impl->next_seq++;
    m->add_version = version;
    m->remove_version = CLS_NOT_REMOVED_VERSION;
    m->next = NULL;
    hash = subtable_hash_flow(st, &rule->match.flow, m->vals, hashes);

    head = subtable_find_chain(st, m->vals, hash);
    if (!head) {
        headmap_insert(&st->heads, hash, m);
        for (size_t s = 0; s + 1 < st->n_stages; s++) {
            ccmap_inc(&st->stage_index[s], hashes[s]);
        }
    } else if (cls_match_before(m, head)) {
        m->next = head;
        headmap_find_slot(&st->heads, hash, head)->head = m;
    } else {
        struct cls_match *prev = head;

        while (prev->next && !cls_match_before(m, prev->next)) {
            prev = prev->next;
        }
        m->next = prev->next;
        prev->next = m;
    }
    CONST_CAST(struct cls_rule *, rule)->cls_match = m;
    st->n_rules++;
    impl->n_rules++;
    cls_match_update_tries(impl, m, true);
    prio_set_add(&st->prios, m->priority);
    subtable_update_max(impl, st);
    return m;
}

/* Adds to 'wc' (if nonnull) the mask of the first 'n' of 'st''s words. */
static void
subtable_unwildcard(const struct cls_subtable *st, size_t n,
                    struct flow_wildcards *wc)
{
    if (wc) {
        cls_u64 *ww = (cls_u64 *) &wc->masks;

        for (size_t k = 0; k < n; k++) {
            ww[st->words[k]] |= st->maskw[k];
        }
    }
}

/* Computes into 'hashes' the stage hashes of 'flow' in 'st' and
 * prefetches the slots of the stage indexes that a lookup will probe, so
 * that the memory latency of several subtables overlaps. */
static void
subtable_prefetch(const struct cls_subtable *st, const struct flow *flow,
                  uint32_t hashes[])
{
    uint64_t vals[FLOW_U64S];

    uint32_t hash = subtable_hash_flow(st, flow, vals, hashes);

    for (size_t s = 0; s + 1 < st->n_stages; s++) {
        const struct cls_ccmap *map = &st->stage_index[s];

        if (map->slots) {
            __builtin_prefetch(&map->slots[hashes[s] & map->mask]);
        }
    }
    if (st->heads.slots) {
        __builtin_prefetch(&st->heads.slots[hash & st->heads.mask]);
    }
}

/* Looks in 'st' for the best rule visible in 'version' matching 'flow',
 * whose stage hashes are 'hashes' (from subtable_prefetch()), consulting
 * the tries in 'ctx' as it reaches their stages, and adds to 'wc' the
 * bits it looked at. */
static const struct cls_match *
subtable_lookup(const struct cls_impl *impl, const struct cls_subtable *st,
                cls_version_t version, const struct flow *flow,
                const uint32_t hashes[], struct trie_ctx ctx[],
                struct flow_wildcards *wc)
{
    const cls_u64 *fw = (const cls_u64 *) flow;
    uint64_t vals[FLOW_U64S];
    uint32_t hash = hash_finish(0, 0);
    const struct cls_match *m;

    for (size_t s = 0; s < st->n_stages; s++) {
        for (unsigned int tries = st->stage_tries[s]; tries;
             tries &= tries - 1) {
            int t = __builtin_ctz(tries);
            const struct cls_trie *trie = &impl->tries[t];
            unsigned int plen = st->trie_plen[t];

            if (!ctx[t].done) {
                struct cls_addr a;

                addr_load(trie->field, flow, &a);
                trie_lookup(trie, &a, &ctx[t]);
            }
            if (!((ctx[t].plens[plen / 64] >> (plen % 64)) & 1)) {
                /* No rule anywhere has a prefix of this length that
                 * agrees with the packet's first 'plen' bits, and the
                 * packets that share those bits (or the bits the walk
                 * read, whichever is fewer) fare the same. */
                if (wc) {
                    wc_set_prefix(wc, trie->field,
                                  MIN(plen, ctx[t].maskbits));
                }
                return NULL;
            }
        }
        hash = hashes[s];
        if (s + 1 < st->n_stages
            && !ccmap_contains(&st->stage_index[s], hash)) {
            /* No rule agrees with the packet up to here: the words
             * looked at so far explain the miss. */
            subtable_unwildcard(st, st->stage_end[s], wc);
            return NULL;
        }
    }

    subtable_unwildcard(st, st->n_words, wc);
    for (size_t i = 0; i < st->n_words; i++) {
        vals[i] = fw[st->words[i]] & st->maskw[i];
    }
    for (m = subtable_find_chain(st, vals, hash); m; m = m->next) {
        if (cls_match_visible(m, version)) {
            return m;
        }
    }
    return NULL;
}

static void
classifier_remove__(struct cls_impl *impl, struct cls_match *m)
{
    struct cls_subtable *st = m->subtable;
    uint32_t hashes[CLS_N_STAGES], hash;
    uint64_t vals[FLOW_U64S];
    struct cls_match *head;

    hash = subtable_hash_flow(st, &m->rule->match.flow, vals, hashes);
    head = subtable_find_chain(st, m->vals, hash);
    osw_assert(head);
    if (head == m) {
        if (m->next) {
            headmap_find_slot(&st->heads, hash, m)->head = m->next;
        } else {
            headmap_remove(&st->heads, hash, m);
            for (size_t s = 0; s + 1 < st->n_stages; s++) {
                ccmap_dec(&st->stage_index[s], hashes[s]);
            }
        }
    } else {
        struct cls_match *prev = head;

        while (prev->next != m) {
            prev = prev->next;
            osw_assert(prev);
        }
        prev->next = m->next;
    }
    cls_match_update_tries(impl, m, false);
    prio_set_remove(&st->prios, m->priority);
    CONST_CAST(struct cls_rule *, m->rule)->cls_match = NULL;
    impl->n_rules--;
    if (!--st->n_rules) {
        subtable_destroy(impl, st);
    } else {
        subtable_update_max(impl, st);
    }
    free(m);
}

static const struct cls_match *
find_match_exactly(const struct cls_impl *impl, const struct match *match,
                   int priority, cls_version_t version)
{
    const struct cls_subtable *st = find_subtable(impl, &match->wc);
    uint64_t vals[FLOW_U64S];
    uint32_t hashes[CLS_N_STAGES];
    const struct cls_match *m;

    if (!st) {
        return NULL;
    }
    m = subtable_find_chain(st, vals,
                            subtable_hash_flow(st, &match->flow, vals,
                                               hashes));
    for (; m; m = m->next) {
        if (m->priority == priority && cls_match_visible(m, version)) {
            return m;
        }
    }
    return NULL;
}

/* Public functions: rules. */

/* Initializes 'rule' with 'match' (bits outside the mask are cleared)
 * and 'priority', not in any classifier. */
void
cls_rule_init(struct cls_rule *rule, const struct match *match,
              int priority)
{
    rule->match = *match;
    flow_zero_wildcards(&rule->match.flow, &rule->match.wc);
    rule->priority = priority;
    rule->cls_match = NULL;
}

/* Releases 'rule', which must not be in a classifier. */
void
cls_rule_destroy(struct cls_rule *rule)
{
    osw_assert(!rule->cls_match);
}

/* True if 'a' and 'b' have the same match and priority. */
bool
cls_rule_equal(const struct cls_rule *a, const struct cls_rule *b)
{
    return (a->priority == b->priority
            && !memcmp(&a->match, &b->match, sizeof a->match));
}

/* True if 'rule' is in a classifier and visible in 'version'. */
bool
cls_rule_visible_in_version(const struct cls_rule *rule,
                            cls_version_t version)
{
    return rule->cls_match && cls_match_visible(rule->cls_match, version);
}

/* Makes 'rule' (in a classifier) invisible from 'version' on. */
void
cls_rule_make_invisible_in_version(const struct cls_rule *rule,
                                   cls_version_t version)
{
    osw_assert(rule->cls_match);
    rule->cls_match->remove_version = version;
}

/* Makes 'rule' (in a classifier) visible again in every version from the
 * one it was added in. */
void
cls_rule_restore_visibility(const struct cls_rule *rule)
{
    osw_assert(rule->cls_match);
    rule->cls_match->remove_version = CLS_NOT_REMOVED_VERSION;
}

/* Public functions: classifier. */

/* Initializes 'cls' empty, tracking nw_src and nw_dst with tries. */
void
classifier_init(struct classifier *cls)
{
    static const enum mf_field_id defaults[] = { MFF_IPV4_SRC,
                                                 MFF_IPV4_DST };
    struct cls_impl *impl = xzalloc(sizeof *impl);

    hmap_init(&impl->subtables);
    cls->impl = impl;
    classifier_set_prefix_fields(cls, defaults, ARRAY_SIZE(defaults));
}

/* Frees 'cls''s memory.  Any rule still in it is dropped without being
 * touched (its owner may have freed it already). */
void
classifier_destroy(struct classifier *cls)
{
    struct cls_impl *impl = cls->impl;
    struct cls_subtable *st;

    if (!impl) {
        return;
    }
    HMAP_FOR_EACH_POP (st, node, &impl->subtables) {
        subtable_free(st);
    }
    hmap_destroy(&impl->subtables);
    for (size_t t = 0; t < impl->n_tries; t++) {
        trie_destroy(&impl->tries[t]);
    }
    free(impl->sorted);
    free(impl);
    cls->impl = NULL;
}

/* Tracks the 'n' fields 'ids' with prefix tries, rebuilding them from
 * the rules in 'cls'.  Accepted fields: tun_src, tun_dst, nw_src, nw_dst,
 * ipv6_src, ipv6_dst, each at most once.  Returns false, and changes
 * nothing, if a field is not one of those or 'n' is too large. */
bool
classifier_set_prefix_fields(struct classifier *cls,
                             const enum mf_field_id *ids, size_t n)
{
    struct cls_impl *impl = cls->impl;
    const struct cls_prefix_field *fields[CLS_MAX_PREFIX_FIELDS];
    struct cls_subtable *st;
    bool same;

    if (n > CLS_MAX_PREFIX_FIELDS) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        fields[i] = prefix_field_from_id(ids[i]);
        if (!fields[i]) {
            return false;
        }
        for (size_t j = 0; j < i; j++) {
            if (fields[j] == fields[i]) {
                return false;
            }
        }
    }

    same = n == impl->n_tries;
    for (size_t i = 0; same && i < n; i++) {
        same = impl->tries[i].field == fields[i];
    }
    if (same) {
        return true;
    }

    for (size_t t = 0; t < impl->n_tries; t++) {
        trie_destroy(&impl->tries[t]);
    }
    memset(impl->tries, 0, sizeof impl->tries);
    for (size_t t = 0; t < n; t++) {
        impl->tries[t].field = fields[t];
    }
    impl->n_tries = n;
    HMAP_FOR_EACH (st, node, &impl->subtables) {
        const struct cls_match *head;

        subtable_init_tries(impl, st);
        SUBTABLE_FOR_EACH_HEAD (head, st) {
            for (const struct cls_match *m = head; m; m = m->next) {
                cls_match_update_tries(impl, m, true);
            }
        }
    }
    return true;
}

/* Inserts 'rule' into 'cls', visible from 'version' on. */
void
classifier_insert(struct classifier *cls, const struct cls_rule *rule,
                  cls_version_t version)
{
    classifier_insert__(cls->impl, rule, version);
}

/* Inserts 'rule', visible from 'version' on, and makes the rule with the
 * same match and priority visible in 'version', if any, invisible from
 * 'version' on.  Returns that rule (still in 'cls': the caller removes
 * it once 'version' is published), or NULL. */
const struct cls_rule *
classifier_replace(struct classifier *cls, const struct cls_rule *rule,
                   cls_version_t version)
{
    const struct cls_match *old = find_match_exactly(cls->impl, &rule->match,
                                                     rule->priority,
                                                     version);
    if (old) {
        cls_rule_make_invisible_in_version(old->rule, version);
    }
    classifier_insert__(cls->impl, rule, version);
    return old ? old->rule : NULL;
}

/* Removes 'rule' from 'cls' for good.  Does nothing if 'rule' is in no
 * classifier. */
void
classifier_remove(struct classifier *cls, const struct cls_rule *rule)
{
    if (rule->cls_match) {
        osw_assert(rule->cls_match->rule == rule);
        classifier_remove__(cls->impl, rule->cls_match);
    }
}

/* Returns the best rule in 'cls' for 'flow' in 'version', adding to 'wc'
 * (if nonnull) the bits looked at. */
const struct cls_rule *
classifier_lookup(const struct classifier *cls, cls_version_t version,
                  const struct flow *flow, struct flow_wildcards *wc)
{
    const struct cls_impl *impl = cls->impl;
    struct trie_ctx ctx[CLS_MAX_PREFIX_FIELDS];
    uint32_t ahead[CLS_PREFETCH_AHEAD][CLS_N_STAGES];
    const struct cls_match *best = NULL;
    size_t n = impl->n_sorted;

    for (size_t t = 0; t < impl->n_tries; t++) {
        ctx[t].done = false;
    }
    for (size_t i = 0; i < MIN(n, CLS_PREFETCH_AHEAD); i++) {
        subtable_prefetch(impl->sorted[i], flow, ahead[i]);
    }
    for (size_t i = 0; i < n; i++) {
        const struct cls_subtable *st = impl->sorted[i];
        uint32_t hashes[CLS_N_STAGES];
        const struct cls_match *m;

        /* Ties go to the older rule, which may sit in a later subtable,
         * so only a strictly lower maximum ends the search. */
        if (best && st->max_priority < best->priority) {
            break;
        }
        memcpy(hashes, ahead[i % CLS_PREFETCH_AHEAD], sizeof hashes);
        if (i + CLS_PREFETCH_AHEAD < n) {
            subtable_prefetch(impl->sorted[i + CLS_PREFETCH_AHEAD], flow,
                              ahead[i % CLS_PREFETCH_AHEAD]);
        }
        m = subtable_lookup(impl, st, version, flow, hashes, ctx, wc);
        if (m && (!best || cls_match_before(m, best))) {
            best = m;
        }
    }
    return best ? best->rule : NULL;
}

/* Returns the rule in 'cls' visible in 'version' with the match and
 * priority of 'target', or NULL. */
const struct cls_rule *
classifier_find_rule_exactly(const struct classifier *cls,
                             const struct cls_rule *target,
                             cls_version_t version)
{
    return classifier_find_match_exactly(cls, &target->match,
                                         target->priority, version);
}

/* Returns the rule in 'cls' visible in 'version' with 'match' (compared
 * under its mask) and 'priority', or NULL. */
const struct cls_rule *
classifier_find_match_exactly(const struct classifier *cls,
                              const struct match *match, int priority,
                              cls_version_t version)
{
    const struct cls_match *m = find_match_exactly(cls->impl, match,
                                                   priority, version);
    return m ? m->rule : NULL;
}

/* True if some packet matches both 'a' and the rule with 'b_flow' under
 * 'b_mask'. */
static bool
masks_overlap(const struct match *a, const struct flow *b_flow,
              const struct flow_wildcards *b_mask)
{
    const cls_u64 *af = (const cls_u64 *) &a->flow;
    const cls_u64 *am = (const cls_u64 *) &a->wc.masks;
    const cls_u64 *bf = (const cls_u64 *) b_flow;
    const cls_u64 *bm = (const cls_u64 *) &b_mask->masks;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        if ((af[i] ^ bf[i]) & am[i] & bm[i]) {
            return false;
        }
    }
    return true;
}

/* True if a rule other than 'target', visible in 'version', with the
 * same priority, matches some packet that 'target' matches. */
bool
classifier_rule_overlaps(const struct classifier *cls,
                         const struct cls_rule *target,
                         cls_version_t version)
{
    const struct cls_impl *impl = cls->impl;
    const struct cls_subtable *st;

    HMAP_FOR_EACH (st, node, &impl->subtables) {
        const struct cls_match *head;

        if (!prio_set_find(&st->prios, target->priority)) {
            continue;
        }
        SUBTABLE_FOR_EACH_HEAD (head, st) {
            if (!masks_overlap(&target->match, &head->rule->match.flow,
                               &st->mask)) {
                continue;
            }
            for (const struct cls_match *m = head; m; m = m->next) {
                if (m->priority == target->priority && m->rule != target
                    && cls_match_visible(m, version)) {
                    return true;
                }
            }
        }
    }
    return false;
}

/* True if 'cls' holds no rules. */
bool
classifier_is_empty(const struct classifier *cls)
{
    return !cls->impl->n_rules;
}

/* Number of rules in 'cls', in any version. */
size_t
classifier_count(const struct classifier *cls)
{
    return cls->impl->n_rules;
}

/* Number of distinct masks among 'cls''s rules. */
size_t
classifier_n_subtables(const struct classifier *cls)
{
    return hmap_count(&cls->impl->subtables);
}

/* True if the values 'flow' agree with 'target' on 'target''s mask. */
static bool
covered_by(const struct match *target, const struct flow *flow)
{
    const cls_u64 *tf = (const cls_u64 *) &target->flow;
    const cls_u64 *tm = (const cls_u64 *) &target->wc.masks;
    const cls_u64 *f = (const cls_u64 *) flow;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        if ((tf[i] ^ f[i]) & tm[i]) {
            return false;
        }
    }
    return true;
}

/* True if every bit of 'inner' is in 'outer'. */
static bool
mask_includes(const struct flow_wildcards *outer,
              const struct flow_wildcards *inner)
{
    const cls_u64 *o = (const cls_u64 *) &outer->masks;
    const cls_u64 *in = (const cls_u64 *) &inner->masks;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        if (in[i] & ~o[i]) {
            return false;
        }
    }
    return true;
}

/* Calls 'cb' for each rule visible in 'version' that 'target' covers
 * (all rules when 'target' is NULL). */
void
classifier_for_each(const struct classifier *cls,
                    const struct match *target, cls_version_t version,
                    void (*cb)(const struct cls_rule *, void *aux),
                    void *aux)
{
    const struct cls_impl *impl = cls->impl;
    const struct cls_subtable *st;

    HMAP_FOR_EACH (st, node, &impl->subtables) {
        const struct cls_match *head;

        /* A rule is covered only if its mask has every bit of the
         * target's (and agrees on them). */
        if (target && !mask_includes(&st->mask, &target->wc)) {
            continue;
        }
        SUBTABLE_FOR_EACH_HEAD (head, st) {
            if (target && !covered_by(target, &head->rule->match.flow)) {
                continue;
            }
            for (const struct cls_match *m = head; m; m = m->next) {
                if (cls_match_visible(m, version)) {
                    cb(m->rule, aux);
                }
            }
        }
    }
}
