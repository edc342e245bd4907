/* Tests for datapath/dp-cache: the megaflow cache. */
#include <config.h>
#include "datapath/dp-cache.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "osw/flow.h"
#include "osw/util.h"
#include "tests/testlib.h"

struct test_entry {
    struct dp_cache_entry entry;
    int id;
};

static struct flow
make_flow(uint32_t in_port, uint64_t src_mac, uint64_t dst_mac,
          ovs_be32 nw_src, ovs_be16 tp_dst)
{
    struct flow flow;
    memset(&flow, 0, sizeof flow);
    flow.in_port = in_port;
    flow.dl_src = eth_addr_from_uint64(src_mac);
    flow.dl_dst = eth_addr_from_uint64(dst_mac);
    flow.dl_type = htons(ETH_TYPE_IP);
    flow.nw_src = nw_src;
    flow.nw_proto = 6;
    flow.tp_dst = tp_dst;
    return flow;
}

/* Mask: in_port plus the L2 addresses. */
static struct flow_wildcards
l2_mask(void)
{
    struct flow_wildcards wc;
    flow_wildcards_init_catchall(&wc);
    FLOW_WC_SET(&wc, in_port);
    FLOW_WC_SET(&wc, dl_src);
    FLOW_WC_SET(&wc, dl_dst);
    return wc;
}

static struct test_entry *
new_entry(int id)
{
    struct test_entry *e = xzalloc(sizeof *e);
    e->id = id;
    return e;
}

static struct test_entry *
lookup(struct dp_cache *cache, const struct flow *flow)
{
    struct dp_cache_entry *e = dp_cache_lookup(cache, flow);
    return e ? CONTAINER_OF(e, struct test_entry, entry) : NULL;
}

/* Removes every entry, freeing them if 'free_them'. */
static void
remove_all__(struct dp_cache *cache, bool free_them)
{
    struct dp_cache_cursor cursor = DP_CACHE_CURSOR_INITIALIZER;
    struct dp_cache_entry *e;
    while ((e = dp_cache_next(cache, &cursor))) {
        dp_cache_remove(cache, e);
        if (free_them) {
            free(CONTAINER_OF(e, struct test_entry, entry));
        }
    }
}

static void
remove_all(struct dp_cache *cache)
{
    remove_all__(cache, true);
}

OSW_TEST(empty)
{
    struct dp_cache cache;
    struct flow flow = make_flow(1, 1, 2, 0, 0);

    dp_cache_init(&cache);
    CHECK(!dp_cache_lookup(&cache, &flow));
    CHECK_EQ(dp_cache_count(&cache), 0);
    CHECK_EQ(dp_cache_n_masks(&cache), 0);
    struct dp_cache_cursor cursor = DP_CACHE_CURSOR_INITIALIZER;
    CHECK(!dp_cache_next(&cache, &cursor));
    dp_cache_destroy(&cache);
}

OSW_TEST(insert_lookup_remove)
{
    struct dp_cache cache;
    struct flow_wildcards wc = l2_mask();
    struct flow flow = make_flow(1, 0x0a, 0x0b, htonl(0x0a000001),
                                 htons(80));
    struct test_entry *e = new_entry(1);

    dp_cache_init(&cache);
    CHECK(!dp_cache_insert(&cache, &e->entry, &flow, &wc));
    CHECK_EQ(dp_cache_count(&cache), 1);
    CHECK_EQ(dp_cache_n_masks(&cache), 1);

    /* The key is masked: nw_src and tp_dst are not in it. */
    CHECK_EQ(e->entry.key.nw_src, 0);
    CHECK_EQ(e->entry.key.tp_dst, 0);
    CHECK_EQ(e->entry.key.in_port, 1);
    CHECK(!memcmp(dp_cache_entry_mask(&e->entry), &wc, sizeof wc));

    /* Fields outside the mask do not matter... */
    CHECK(lookup(&cache, &flow) == e);
    struct flow other = make_flow(1, 0x0a, 0x0b, htonl(0x0a0000ff),
                                  htons(443));
    CHECK(lookup(&cache, &other) == e);
    /* ...fields inside do. */
    other = make_flow(2, 0x0a, 0x0b, htonl(0x0a000001), htons(80));
    CHECK(!lookup(&cache, &other));
    other = make_flow(1, 0x0c, 0x0b, htonl(0x0a000001), htons(80));
    CHECK(!lookup(&cache, &other));

    /* A second insert of the same masked key returns the first. */
    struct test_entry *dup = new_entry(2);
    CHECK(dp_cache_insert(&cache, &dup->entry, &other, &wc) == NULL);
    struct test_entry *dup2 = new_entry(3);
    struct flow same = make_flow(1, 0x0a, 0x0b, htonl(7), htons(7));
    CHECK(dp_cache_insert(&cache, &dup2->entry, &same, &wc) == &e->entry);
    CHECK_EQ(dp_cache_count(&cache), 2);
    free(dup2);

    dp_cache_remove(&cache, &e->entry);
    CHECK(!lookup(&cache, &flow));
    CHECK(lookup(&cache, &other) == dup);
    dp_cache_remove(&cache, &dup->entry);
    CHECK_EQ(dp_cache_count(&cache), 0);
    CHECK_EQ(dp_cache_n_masks(&cache), 0);
    free(e);
    free(dup);
    dp_cache_destroy(&cache);
}

OSW_TEST(partial_mask)
{
    struct dp_cache cache;
    struct flow_wildcards wc;
    struct test_entry *e = new_entry(1);

    /* A /24 on nw_src. */
    flow_wildcards_init_catchall(&wc);
    FLOW_WC_SET(&wc, in_port);
    wc.masks.nw_src = htonl(0xffffff00);

    dp_cache_init(&cache);
    struct flow flow = make_flow(3, 1, 2, htonl(0xc0a80105), 0);
    CHECK(!dp_cache_insert(&cache, &e->entry, &flow, &wc));
    CHECK_EQ(e->entry.key.nw_src, htonl(0xc0a80100));

    struct flow other = make_flow(3, 9, 9, htonl(0xc0a801fe), 0);
    CHECK(lookup(&cache, &other) == e);
    other.nw_src = htonl(0xc0a80205);
    CHECK(!lookup(&cache, &other));

    remove_all(&cache);
    dp_cache_destroy(&cache);
}

OSW_TEST(many_masks)
{
    struct dp_cache cache;
    enum { N = 40 };
    struct test_entry *entries[N];

    dp_cache_init(&cache);
    /* Mask i matches in_port and the first i+1 bits of tp_dst... well,
     * distinct masks: prefix lengths 1..32 of nw_src, plus L2 masks with
     * different extra fields. */
    for (int i = 0; i < N; i++) {
        struct flow_wildcards wc;
        flow_wildcards_init_catchall(&wc);
        FLOW_WC_SET(&wc, in_port);
        if (i < 32) {
            wc.masks.nw_src = htonl(~0u << (31 - i));
        } else {
            FLOW_WC_SET(&wc, dl_src);
            wc.masks.tp_dst = htons(1u << (i - 32));
        }
        struct flow flow = make_flow(i, i, 0, htonl(0x80000000u >> 0),
                                     htons(0xffff));
        entries[i] = new_entry(i);
        CHECK(!dp_cache_insert(&cache, &entries[i]->entry, &flow, &wc));
    }
    CHECK_EQ(dp_cache_n_masks(&cache), N);
    CHECK_EQ(dp_cache_count(&cache), N);

    /* in_port tells them apart. */
    for (int i = 0; i < N; i++) {
        struct flow flow = make_flow(i, i, 0, htonl(0xffffffff),
                                     htons(0xffff));
        flow.nw_src = htonl(0x80000000u);
        CHECK(lookup(&cache, &flow) == entries[i]);
    }
    uint64_t probes = cache.n_probes;
    uint64_t lookups = cache.n_lookups;
    CHECK_EQ(lookups, N);
    CHECK(probes >= N && probes <= (uint64_t) N * N);

    /* Ranking puts the most hit subtable first: one probe for it. */
    struct flow hot = make_flow(N - 1, N - 1, 0, htonl(0x80000000u),
                                htons(0xffff));
    for (int i = 0; i < 100; i++) {
        CHECK(lookup(&cache, &hot) == entries[N - 1]);
    }
    dp_cache_rank(&cache);
    probes = cache.n_probes;
    CHECK(lookup(&cache, &hot) == entries[N - 1]);
    CHECK_EQ(cache.n_probes - probes, 1);

    /* Removing entries frees their subtables; lookups still work. */
    for (int i = 0; i < N; i += 2) {
        dp_cache_remove(&cache, &entries[i]->entry);
        free(entries[i]);
        entries[i] = NULL;
    }
    CHECK_EQ(dp_cache_n_masks(&cache), N / 2);
    for (int i = 0; i < N; i++) {
        struct flow flow = make_flow(i, i, 0, htonl(0x80000000u),
                                     htons(0xffff));
        CHECK(lookup(&cache, &flow) == entries[i]);
    }
    remove_all(&cache);
    CHECK_EQ(dp_cache_n_masks(&cache), 0);
    dp_cache_destroy(&cache);
}

OSW_TEST(hundred_thousand_flows)
{
    enum { N = 100000 };
    struct dp_cache cache;
    struct flow_wildcards wc = l2_mask();
    struct test_entry *entries = xcalloc(N, sizeof *entries);

    dp_cache_init(&cache);
    for (int i = 0; i < N; i++) {
        struct flow flow = make_flow(1, 0x020000000000ull + i, 0x0b,
                                     htonl(i), htons(i));
        entries[i].id = i;
        CHECK(!dp_cache_insert(&cache, &entries[i].entry, &flow, &wc));
    }
    CHECK_EQ(dp_cache_count(&cache), N);
    CHECK_EQ(dp_cache_n_masks(&cache), 1);

    uint64_t probes = cache.n_probes;
    for (int i = 0; i < N; i++) {
        struct flow flow = make_flow(1, 0x020000000000ull + i, 0x0b,
                                     htonl(12345), htons(1));
        struct test_entry *e = lookup(&cache, &flow);
        CHECK(e && e->id == i);
    }
    /* One mask: exactly one probe per lookup. */
    CHECK_EQ(cache.n_probes - probes, N);

    struct flow miss = make_flow(1, 0x030000000000ull, 0x0b, 0, 0);
    CHECK(!lookup(&cache, &miss));

    /* Iteration sees each entry once, also while removing. */
    struct dp_cache_cursor cursor = DP_CACHE_CURSOR_INITIALIZER;
    struct dp_cache_entry *e;
    size_t n = 0;
    char *seen = xzalloc(N);
    while ((e = dp_cache_next(&cache, &cursor))) {
        int id = CONTAINER_OF(e, struct test_entry, entry)->id;
        CHECK(!seen[id]);
        seen[id] = 1;
        if (id % 2) {
            dp_cache_remove(&cache, e);
        }
        n++;
    }
    CHECK_EQ(n, N);
    CHECK_EQ(dp_cache_count(&cache), N / 2);
    free(seen);

    remove_all__(&cache, false);
    CHECK_EQ(dp_cache_count(&cache), 0);
    dp_cache_destroy(&cache);
    free(entries);
}

OSW_TEST(iterate_remove_across_subtables)
{
    struct dp_cache cache;
    struct test_entry *entries[6];

    dp_cache_init(&cache);
    /* Three masks, two entries each. */
    for (int i = 0; i < 6; i++) {
        struct flow_wildcards wc;
        flow_wildcards_init_catchall(&wc);
        FLOW_WC_SET(&wc, in_port);
        wc.masks.tp_dst = htons(1u << (i / 2));
        struct flow flow = make_flow(i, 0, 0, 0, 0);
        entries[i] = new_entry(i);
        CHECK(!dp_cache_insert(&cache, &entries[i]->entry, &flow, &wc));
    }
    CHECK_EQ(dp_cache_n_masks(&cache), 3);

    /* Removing everything while iterating also drops the subtables out
     * from under the cursor. */
    struct dp_cache_cursor cursor = DP_CACHE_CURSOR_INITIALIZER;
    struct dp_cache_entry *e;
    int n = 0;
    while ((e = dp_cache_next(&cache, &cursor))) {
        dp_cache_remove(&cache, e);
        free(CONTAINER_OF(e, struct test_entry, entry));
        n++;
    }
    CHECK_EQ(n, 6);
    CHECK_EQ(dp_cache_n_masks(&cache), 0);
    dp_cache_destroy(&cache);
}

OSW_TEST(stale_detection)
{
    uint32_t *slots = xcalloc(DPIF_N_TAG_SLOTS, sizeof *slots);
    struct dp_cache_entry e;

    memset(&e, 0, sizeof e);
    e.gen = 5;
    CHECK(!dp_cache_entry_is_stale(&e, 5, slots));
    CHECK(dp_cache_entry_is_stale(&e, 6, slots));

    /* Tags: the slot's generation as recorded. */
    uint32_t tag = 0x12345678;
    slots[tag % DPIF_N_TAG_SLOTS] = 3;
    e.n_deps = 1;
    e.dep_tags[0] = tag;
    e.dep_gens[0] = 3;
    CHECK(!dp_cache_entry_is_stale(&e, 5, slots));
    slots[tag % DPIF_N_TAG_SLOTS]++;
    CHECK(dp_cache_entry_is_stale(&e, 5, slots));
    e.dep_gens[0] = 4;
    CHECK(!dp_cache_entry_is_stale(&e, 5, slots));

    /* Another tag in another slot does not matter. */
    slots[(tag + 1) % DPIF_N_TAG_SLOTS] += 10;
    CHECK(!dp_cache_entry_is_stale(&e, 5, slots));

    /* Every dependency is checked. */
    e.n_deps = DPIF_MAX_DEPS;
    for (int i = 1; i < DPIF_MAX_DEPS; i++) {
        e.dep_tags[i] = tag + 100 + i;
        e.dep_gens[i] = slots[(tag + 100 + i) % DPIF_N_TAG_SLOTS];
    }
    CHECK(!dp_cache_entry_is_stale(&e, 5, slots));
    slots[(tag + 100 + DPIF_MAX_DEPS - 1) % DPIF_N_TAG_SLOTS]++;
    CHECK(dp_cache_entry_is_stale(&e, 5, slots));
    free(slots);
}

OSW_TEST_MAIN()
