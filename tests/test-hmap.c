/* Unit tests for lib/hmap.c and include/osw/hmap.h. */
#include <config.h>
#include "osw/hmap.h"

#include <stdlib.h>
#include <string.h>
#include "osw/hash.h"
#include "testlib.h"

struct element {
    int value;
    struct hmap_node node;
};

/* Hash functions of different quality, to exercise both spread-out maps and
 * long collision chains. */
static uint32_t
good_hash(int value)
{
    return hash_int(value, 0);
}

static uint32_t
constant_hash(int value OSW_UNUSED)
{
    return 0x12345678;
}

/* Distinct hashes that all land in bucket 0 until the map is huge. */
static uint32_t
same_bucket_hash(int value)
{
    return (uint32_t) value << 20;
}

static uint32_t
mod_hash(int value)
{
    return value % 7;
}

typedef uint32_t hash_func(int value);

static struct element *
make_elements(int n)
{
    struct element *e = xcalloc(n, sizeof *e);
    for (int i = 0; i < n; i++) {
        e[i].value = i;
    }
    return e;
}

static struct element *
find(const struct hmap *map, int value, hash_func *hash)
{
    struct element *e;
    HMAP_FOR_EACH_WITH_HASH (e, node, hash(value), map) {
        if (e->value == value) {
            return e;
        }
    }
    return NULL;
}

/* Checks that 'map' holds exactly the values for which 'present' is true
 * (among 'n'), each found by lookup and visited once by iteration. */
static void
check_map(const struct hmap *map, const bool *present, int n, hash_func *hash)
{
    int *seen = xcalloc(n, sizeof *seen);
    size_t count = 0;
    struct element *e;
    HMAP_FOR_EACH (e, node, map) {
        CHECK(e->value >= 0 && e->value < n);
        CHECK(present[e->value]);
        seen[e->value]++;
        CHECK_EQ(e->node.hash, hash(e->value));
        count++;
    }
    CHECK_EQ(count, hmap_count(map));
    CHECK_EQ(hmap_is_empty(map), count == 0);

    size_t n_present = 0;
    for (int i = 0; i < n; i++) {
        if (present[i]) {
            CHECK_EQ(seen[i], 1);
            CHECK(find(map, i, hash) != NULL);
            CHECK_EQ(find(map, i, hash)->value, i);
            n_present++;
        } else {
            CHECK(find(map, i, hash) == NULL);
        }
    }
    CHECK_EQ(n_present, count);
    free(seen);
}

OSW_TEST(empty)
{
    struct hmap map = HMAP_INITIALIZER(&map);
    CHECK_EQ(hmap_count(&map), 0);
    CHECK(hmap_is_empty(&map));
    CHECK(hmap_first(&map) == NULL);
    CHECK(hmap_first_with_hash(&map, 123) == NULL);

    struct element *e;
    int n = 0;
    HMAP_FOR_EACH (e, node, &map) {
        n++;
    }
    HMAP_FOR_EACH_SAFE (e, node, &map) {
        n++;
    }
    HMAP_FOR_EACH_POP (e, node, &map) {
        n++;
    }
    CHECK_EQ(n, 0);
    hmap_shrink(&map);
    hmap_clear(&map);
    hmap_destroy(&map);
    hmap_destroy(NULL);
}

static void
insert_find_remove(hash_func *hash, int n)
{
    struct element *elements = make_elements(n);
    bool *present = xcalloc(n, sizeof *present);
    struct hmap map;
    hmap_init(&map);

    for (int i = 0; i < n; i++) {
        hmap_insert(&map, &elements[i].node, hash(i));
        present[i] = true;
        CHECK_EQ(hmap_count(&map), i + 1);
        CHECK(find(&map, i, hash) == &elements[i]);
    }
    check_map(&map, present, n, hash);

    /* Remove the odd ones. */
    for (int i = 1; i < n; i += 2) {
        hmap_remove(&map, &elements[i].node);
        present[i] = false;
    }
    check_map(&map, present, n, hash);

    /* Put them back, then remove everything in a different order. */
    for (int i = 1; i < n; i += 2) {
        hmap_insert(&map, &elements[i].node, hash(i));
        present[i] = true;
    }
    check_map(&map, present, n, hash);
    for (int i = n - 1; i >= 0; i--) {
        hmap_remove(&map, &elements[i].node);
        present[i] = false;
    }
    check_map(&map, present, n, hash);
    CHECK(hmap_is_empty(&map));

    hmap_destroy(&map);
    free(present);
    free(elements);
}

OSW_TEST(insert_find_remove_good_hash)
{
    insert_find_remove(good_hash, 5000);
}

OSW_TEST(insert_find_remove_constant_hash)
{
    insert_find_remove(constant_hash, 300);
}

OSW_TEST(insert_find_remove_same_bucket)
{
    insert_find_remove(same_bucket_hash, 300);
}

OSW_TEST(insert_find_remove_mod_hash)
{
    insert_find_remove(mod_hash, 1000);
}

OSW_TEST(with_hash_filters_by_hash)
{
    /* Two hashes that share a bucket: iterating one must not show the
     * other. */
    struct element a[5], b[5];
    struct hmap map;
    hmap_init(&map);
    for (int i = 0; i < 5; i++) {
        a[i].value = i;
        b[i].value = 100 + i;
        hmap_insert(&map, &a[i].node, 0x100);
        hmap_insert(&map, &b[i].node, 0x200);
    }
    CHECK_EQ(map.mask & 0x300, 0);  /* Really the same bucket. */

    int n = 0;
    struct element *e;
    HMAP_FOR_EACH_WITH_HASH (e, node, 0x100, &map) {
        CHECK(e->value < 5);
        n++;
    }
    CHECK_EQ(n, 5);
    n = 0;
    for (struct hmap_node *node = hmap_first_with_hash(&map, 0x200); node;
         node = hmap_next_with_hash(node)) {
        CHECK_EQ(node->hash, 0x200);
        n++;
    }
    CHECK_EQ(n, 5);
    CHECK(hmap_first_with_hash(&map, 0x300) == NULL);
    hmap_destroy(&map);
}

OSW_TEST(iteration_visits_each_once)
{
    enum { N = 2000 };
    struct element *elements = make_elements(N);
    struct hmap map;
    hmap_init(&map);
    for (int n = 0; n < N; n++) {
        hmap_insert(&map, &elements[n].node, good_hash(n));
        if (n % 97 == 0 || n < 20) {
            /* Check at many sizes, including across resizes. */
            int *seen = xcalloc(n + 1, sizeof *seen);
            struct element *e;
            HMAP_FOR_EACH (e, node, &map) {
                seen[e->value]++;
            }
            for (int i = 0; i <= n; i++) {
                CHECK_EQ(seen[i], 1);
            }
            free(seen);
        }
    }
    hmap_destroy(&map);
    free(elements);
}

OSW_TEST(for_each_safe_removal)
{
    enum { N = 1000 };
    struct element *elements = make_elements(N);
    bool present[N];
    struct hmap map;
    hmap_init(&map);
    for (int i = 0; i < N; i++) {
        hmap_insert(&map, &elements[i].node, good_hash(i));
        present[i] = true;
    }

    /* Remove the multiples of 3 while iterating. */
    int visited = 0;
    struct element *e;
    HMAP_FOR_EACH_SAFE (e, node, &map) {
        visited++;
        if (e->value % 3 == 0) {
            hmap_remove(&map, &e->node);
            present[e->value] = false;
            /* Scribble on the removed node, as freeing it would. */
            memset(&e->node, 0xcc, sizeof e->node);
        }
    }
    CHECK_EQ(visited, N);
    CHECK(e == NULL);
    check_map(&map, present, N, good_hash);

    /* Now remove everything. */
    visited = 0;
    HMAP_FOR_EACH_SAFE (e, node, &map) {
        hmap_remove(&map, &e->node);
        present[e->value] = false;
        visited++;
    }
    CHECK_EQ(visited, N - (N + 2) / 3);
    CHECK(hmap_is_empty(&map));
    hmap_destroy(&map);
    free(elements);
}

OSW_TEST(for_each_pop)
{
    enum { N = 500 };
    struct hmap map = HMAP_INITIALIZER(&map);
    for (int i = 0; i < N; i++) {
        struct element *e = xmalloc(sizeof *e);
        e->value = i;
        hmap_insert(&map, &e->node, mod_hash(i));
    }

    int seen[N] = { 0 };
    int n = 0;
    struct element *e;
    HMAP_FOR_EACH_POP (e, node, &map) {
        seen[e->value]++;
        n++;
        CHECK_EQ(hmap_count(&map), N - n);
        free(e);                /* Freed at once: the map must not care. */
    }
    CHECK_EQ(n, N);
    for (int i = 0; i < N; i++) {
        CHECK_EQ(seen[i], 1);
    }
    CHECK(hmap_is_empty(&map));
    CHECK(hmap_first(&map) == NULL);
    hmap_destroy(&map);
}

/* Emptying a big map must not rescan emptied buckets on every pop: with
 * 200,000 elements a quadratic pop takes minutes, a linear one
 * milliseconds, so the test's time limit catches a regression. */
OSW_TEST(for_each_pop_large)
{
    enum { N = 200000 };
    struct element *elements = xcalloc(N, sizeof *elements);
    struct hmap map = HMAP_INITIALIZER(&map);
    for (int i = 0; i < N; i++) {
        elements[i].value = i;
        hmap_insert(&map, &elements[i].node, hash_int(i, 0));
    }

    long long int sum = 0;
    struct element *e;
    HMAP_FOR_EACH_POP (e, node, &map) {
        sum += e->value;
    }
    CHECK_EQ(sum, (long long int) N * (N - 1) / 2);
    CHECK(hmap_is_empty(&map));
    hmap_destroy(&map);
    free(elements);
}

OSW_TEST(reserve_and_shrink)
{
    enum { N = 1000 };
    struct element *elements = make_elements(N);
    bool present[N];
    struct hmap map;
    hmap_init(&map);

    /* After reserving, inserting that many does not resize. */
    hmap_reserve(&map, N);
    struct hmap_node **buckets = map.buckets;
    size_t mask = map.mask;
    CHECK(mask > 0);
    for (int i = 0; i < N; i++) {
        hmap_insert(&map, &elements[i].node, good_hash(i));
        present[i] = true;
    }
    CHECK(map.buckets == buckets);
    CHECK_EQ(map.mask, mask);

    /* Reserving less does not shrink. */
    hmap_reserve(&map, 10);
    CHECK_EQ(map.mask, mask);

    /* Removing does not shrink by itself; hmap_shrink() does. */
    for (int i = 10; i < N; i++) {
        hmap_remove(&map, &elements[i].node);
        present[i] = false;
    }
    CHECK_EQ(map.mask, mask);
    hmap_shrink(&map);
    CHECK(map.mask < mask);
    check_map(&map, present, N, good_hash);

    /* Shrinking an empty map goes back to the single bucket. */
    for (int i = 0; i < 10; i++) {
        hmap_remove(&map, &elements[i].node);
        present[i] = false;
    }
    hmap_shrink(&map);
    CHECK_EQ(map.mask, 0);
    CHECK(map.buckets == &map.one);
    check_map(&map, present, N, good_hash);

    /* And it still works afterward. */
    hmap_insert(&map, &elements[5].node, good_hash(5));
    present[5] = true;
    check_map(&map, present, N, good_hash);

    /* hmap_expand() grows a map filled with hmap_insert_fast(). */
    for (int i = 6; i < N; i++) {
        hmap_insert_fast(&map, &elements[i].node, good_hash(i));
        present[i] = true;
    }
    CHECK_EQ(map.mask, 0);
    check_map(&map, present, N, good_hash);
    hmap_expand(&map);
    CHECK(map.mask > 0);
    check_map(&map, present, N, good_hash);

    hmap_destroy(&map);
    free(elements);
}

OSW_TEST(swap)
{
    enum { N = 100 };
    struct element *elements = make_elements(N);
    bool in_a[N], in_b[N];
    struct hmap a, b;
    hmap_init(&a);
    hmap_init(&b);

    /* 'a' big (heap buckets), 'b' with one element (its own bucket). */
    for (int i = 0; i < N - 1; i++) {
        hmap_insert(&a, &elements[i].node, good_hash(i));
        in_a[i] = true;
        in_b[i] = false;
    }
    hmap_insert(&b, &elements[N - 1].node, good_hash(N - 1));
    in_a[N - 1] = false;
    in_b[N - 1] = true;
    CHECK_EQ(b.mask, 0);

    hmap_swap(&a, &b);
    check_map(&a, in_b, N, good_hash);
    check_map(&b, in_a, N, good_hash);
    CHECK(a.buckets == &a.one);

    /* Both still work. */
    hmap_remove(&a, &elements[N - 1].node);
    hmap_insert(&b, &elements[N - 1].node, good_hash(N - 1));
    in_b[N - 1] = false;
    in_a[N - 1] = true;
    check_map(&a, in_b, N, good_hash);
    check_map(&b, in_a, N, good_hash);

    hmap_swap(&a, &b);
    check_map(&a, in_a, N, good_hash);
    hmap_destroy(&a);
    hmap_destroy(&b);
    free(elements);
}

static void
check_moved(int n)
{
    struct element *elements = make_elements(n);
    bool *present = xcalloc(n + 1, sizeof *present);
    struct hmap *src = xmalloc(sizeof *src);
    hmap_init(src);
    for (int i = 0; i < n; i++) {
        hmap_insert(src, &elements[i].node, good_hash(i));
        present[i] = true;
    }

    struct hmap dst;
    hmap_moved(&dst, src);
    /* 'src' is gone: nothing may point into it any more. */
    memset(src, 0xcc, sizeof *src);
    free(src);

    check_map(&dst, present, n, good_hash);
    if (!dst.mask) {
        CHECK(dst.buckets == &dst.one);
    }
    hmap_destroy(&dst);
    free(present);
    free(elements);
}

OSW_TEST(moved)
{
    check_moved(0);
    check_moved(1);
    check_moved(2);
    check_moved(1000);

    /* The OVS idiom: copy the struct, then fix it in place. */
    struct element e = { .value = 0 };
    struct hmap a, b;
    hmap_init(&a);
    hmap_insert(&a, &e.node, good_hash(0));
    memcpy(&b, &a, sizeof b);
    memset(&a, 0xcc, sizeof a);
    hmap_moved(&b, &b);
    bool present[1] = { true };
    check_map(&b, present, 1, good_hash);
    hmap_destroy(&b);
}

OSW_TEST(replace)
{
    enum { N = 50 };
    struct element *elements = make_elements(N);
    struct hmap map;
    hmap_init(&map);
    for (int i = 0; i < N; i++) {
        hmap_insert(&map, &elements[i].node, mod_hash(i));
    }

    /* Replace element 14 (hash 0, in a chain) with a new one. */
    struct element replacement = { .value = 14 };
    hmap_replace(&map, &elements[14].node, &replacement.node);
    CHECK_EQ(hmap_count(&map), N);
    CHECK(find(&map, 14, mod_hash) == &replacement);
    CHECK_EQ(replacement.node.hash, mod_hash(14));

    int n = 0;
    struct element *e;
    HMAP_FOR_EACH (e, node, &map) {
        CHECK(e != &elements[14]);
        n++;
    }
    CHECK_EQ(n, N);

    /* Every other element with the same hash is still there. */
    for (int i = 0; i < N; i++) {
        CHECK(find(&map, i, mod_hash) != NULL);
    }
    hmap_remove(&map, &replacement.node);
    CHECK(find(&map, 14, mod_hash) == NULL);
    CHECK_EQ(hmap_count(&map), N - 1);
    hmap_destroy(&map);
    free(elements);
}

OSW_TEST(clear)
{
    enum { N = 100 };
    struct element *elements = make_elements(N);
    bool present[N];
    struct hmap map;
    hmap_init(&map);
    for (int i = 0; i < N; i++) {
        hmap_insert(&map, &elements[i].node, good_hash(i));
        present[i] = false;
    }
    hmap_clear(&map);
    check_map(&map, present, N, good_hash);
    for (int i = 0; i < N; i += 3) {
        hmap_insert(&map, &elements[i].node, good_hash(i));
        present[i] = true;
    }
    check_map(&map, present, N, good_hash);
    hmap_destroy(&map);
    free(elements);
}

OSW_TEST(first_next_pop)
{
    struct element a = { .value = 1 }, b = { .value = 2 };
    struct hmap map;
    hmap_init(&map);
    hmap_insert(&map, &a.node, good_hash(1));
    hmap_insert(&map, &b.node, good_hash(2));

    struct hmap_node *first = hmap_first(&map);
    struct hmap_node *second = hmap_next(&map, first);
    CHECK(first && second && first != second);
    CHECK(hmap_next(&map, second) == NULL);

    struct hmap_node *popped = hmap_pop(&map);
    CHECK(popped == &a.node || popped == &b.node);
    CHECK_EQ(hmap_count(&map), 1);
    struct hmap_node *left = hmap_first(&map);
    CHECK(left != popped);
    CHECK(hmap_pop(&map) == left);
    CHECK(hmap_is_empty(&map));
    hmap_destroy(&map);
}

OSW_TEST(null_node)
{
    struct element e;
    hmap_node_nullify(&e.node);
    CHECK(hmap_node_is_null(&e.node));

    struct hmap map;
    hmap_init(&map);
    hmap_insert(&map, &e.node, 7);
    CHECK(!hmap_node_is_null(&e.node));
    hmap_remove(&map, &e.node);
    hmap_node_nullify(&e.node);
    CHECK(hmap_node_is_null(&e.node));
    hmap_destroy(&map);
}

/* Random operations compared against a plain array of flags. */
static void
randomized(hash_func *hash, unsigned int seed)
{
    enum { N = 400 };
    struct element *elements = make_elements(N);
    bool present[N] = { false };
    struct hmap map;
    hmap_init(&map);
    srand(seed);

    for (int step = 0; step < 20000; step++) {
        int i = rand() % N;
        switch (rand() % 8) {
        case 0: case 1: case 2:
            if (!present[i]) {
                hmap_insert(&map, &elements[i].node, hash(i));
                present[i] = true;
            }
            break;
        case 3: case 4:
            if (present[i]) {
                hmap_remove(&map, &elements[i].node);
                present[i] = false;
            }
            break;
        case 5:
            CHECK_EQ(find(&map, i, hash) != NULL, present[i]);
            break;
        case 6:
            if (rand() % 20 == 0) {
                hmap_shrink(&map);
            } else if (rand() % 20 == 0) {
                hmap_reserve(&map, rand() % 1000);
            }
            break;
        case 7:
            if (rand() % 200 == 0) {
                struct element *e;
                HMAP_FOR_EACH_POP (e, node, &map) {
                    present[e->value] = false;
                }
            }
            break;
        }
        if (step % 500 == 0) {
            check_map(&map, present, N, hash);
        }
    }
    check_map(&map, present, N, hash);
    hmap_destroy(&map);
    free(elements);
}

OSW_TEST(randomized_good_hash)
{
    randomized(good_hash, 1);
}

OSW_TEST(randomized_mod_hash)
{
    randomized(mod_hash, 2);
}

OSW_TEST(randomized_same_bucket)
{
    randomized(same_bucket_hash, 3);
}

OSW_TEST_MAIN()
