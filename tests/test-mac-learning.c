#include <config.h>
#include "mac-learning.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include "osw/packets.h"
#include "osw/util.h"
#include "testlib.h"

/* A clock the tests move by hand. */
static long long int fake_now = 1000000;

static long long int
fake_clock(void)
{
    return fake_now;
}

/* Records every tag bumped. */
struct bumps {
    uint32_t tags[64];
    size_t n;
};

static void
record_bump(uint32_t tag, void *bumps_)
{
    struct bumps *b = bumps_;
    if (b->n < ARRAY_SIZE(b->tags)) {
        b->tags[b->n] = tag;
    }
    b->n++;
}

static bool
bumped(const struct bumps *b, uint16_t vlan, struct eth_addr mac)
{
    uint32_t tag = mac_learning_tag(vlan, mac);
    for (size_t i = 0; i < b->n && i < ARRAY_SIZE(b->tags); i++) {
        if (b->tags[i] == tag) {
            return true;
        }
    }
    return false;
}

static struct eth_addr
mac(uint64_t x)
{
    return eth_addr_from_uint64(0x505400000000ULL | x);
}

/* Bundles are opaque pointers: any distinct addresses do. */
static int bundle_a, bundle_b, bundle_c;
#define A (&bundle_a)
#define B (&bundle_b)
#define C (&bundle_c)

static struct mac_learning *
new_table(unsigned int idle, size_t max, struct bumps *b)
{
    struct mac_learning *ml = mac_learning_create(idle, max,
                                                  b ? record_bump : NULL, b);
    mac_learning_set_clock(ml, fake_clock);
    return ml;
}

OSW_TEST(learn_and_lookup)
{
    struct bumps b = { .n = 0 };
    struct mac_learning *ml = new_table(0, 0, &b);

    CHECK(mac_learning_lookup(ml, 10, mac(1)) == NULL);
    CHECK_EQ(mac_learning_learn(ml, 10, mac(1), A), MAC_LEARNING_LEARNED);
    CHECK(mac_learning_lookup(ml, 10, mac(1)) == A);
    /* Per VLAN. */
    CHECK(mac_learning_lookup(ml, 20, mac(1)) == NULL);
    CHECK(mac_learning_lookup(ml, 10, mac(2)) == NULL);
    CHECK_EQ(mac_learning_learn(ml, 20, mac(1), B), MAC_LEARNING_LEARNED);
    CHECK(mac_learning_lookup(ml, 20, mac(1)) == B);
    CHECK(mac_learning_lookup(ml, 10, mac(1)) == A);

    /* Learning again only refreshes, without a bump. */
    size_t n_bumps = b.n;
    CHECK_EQ(mac_learning_learn(ml, 10, mac(1), A), MAC_LEARNING_REFRESHED);
    CHECK_EQ(b.n, n_bumps);

    struct mac_learning_stats st;
    mac_learning_get_stats(ml, &st);
    CHECK_EQ(st.n_entries, 2);
    CHECK_EQ(st.max_entries, MAC_LEARNING_DEFAULT_MAX);
    CHECK_EQ(st.n_static, 0);
    CHECK_EQ(st.n_learned, 2);
    CHECK_EQ(st.n_moved, 0);
    mac_learning_destroy(ml);
}

OSW_TEST(learning_bumps_tag)
{
    struct bumps b = { .n = 0 };
    struct mac_learning *ml = new_table(0, 0, &b);

    mac_learning_learn(ml, 5, mac(7), A);
    CHECK_EQ(b.n, 1);
    CHECK(bumped(&b, 5, mac(7)));
    CHECK(!bumped(&b, 6, mac(7)));
    mac_learning_destroy(ml);
}

OSW_TEST(tags_differ)
{
    CHECK(mac_learning_tag(1, mac(1)) != mac_learning_tag(2, mac(1)));
    CHECK(mac_learning_tag(1, mac(1)) != mac_learning_tag(1, mac(2)));
    CHECK_EQ(mac_learning_tag(1, mac(1)), mac_learning_tag(1, mac(1)));
}

OSW_TEST(multicast_never_learned)
{
    struct bumps b = { .n = 0 };
    struct mac_learning *ml = new_table(0, 0, &b);
    struct eth_addr mc = eth_addr_from_uint64(0x01005e000001ULL);

    CHECK_EQ(mac_learning_learn(ml, 0, mc, A), MAC_LEARNING_REFUSED);
    CHECK_EQ(mac_learning_learn(ml, 0, eth_addr_broadcast, A),
             MAC_LEARNING_REFUSED);
    CHECK(mac_learning_lookup(ml, 0, mc) == NULL);
    CHECK(mac_learning_lookup(ml, 0, eth_addr_broadcast) == NULL);
    CHECK_EQ(b.n, 0);

    struct mac_learning_stats st;
    mac_learning_get_stats(ml, &st);
    CHECK_EQ(st.n_entries, 0);
    CHECK_EQ(st.n_learned, 0);
    mac_learning_destroy(ml);
}

OSW_TEST(move_detected)
{
    struct bumps b = { .n = 0 };
    struct mac_learning *ml = new_table(0, 0, &b);

    mac_learning_learn(ml, 1, mac(1), A);
    b.n = 0;
    CHECK_EQ(mac_learning_learn(ml, 1, mac(1), B), MAC_LEARNING_MOVED);
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == B);
    CHECK_EQ(b.n, 1);
    CHECK(bumped(&b, 1, mac(1)));
    CHECK_EQ(mac_learning_learn(ml, 1, mac(1), A), MAC_LEARNING_MOVED);

    struct mac_learning_stats st;
    mac_learning_get_stats(ml, &st);
    CHECK_EQ(st.n_entries, 1);
    CHECK_EQ(st.n_learned, 1);
    CHECK_EQ(st.n_moved, 2);
    mac_learning_destroy(ml);
}

OSW_TEST(aging)
{
    struct bumps b = { .n = 0 };
    struct mac_learning *ml = new_table(60, 0, &b);

    CHECK_EQ(mac_learning_get_idle_time(ml), 60);
    CHECK_EQ(mac_learning_next_expiry(ml), LLONG_MAX);
    mac_learning_learn(ml, 1, mac(1), A);
    fake_now += 30 * 1000;
    mac_learning_learn(ml, 1, mac(2), A);
    CHECK_EQ(mac_learning_next_expiry(ml), fake_now + 30 * 1000);

    /* Not yet. */
    fake_now += 29 * 1000;
    CHECK_EQ(mac_learning_run(ml), 0);
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == A);

    /* mac(1) is 60 s old now; mac(2) 30 s. */
    fake_now += 1000;
    b.n = 0;
    CHECK_EQ(mac_learning_run(ml), 1);
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == NULL);
    CHECK(mac_learning_lookup(ml, 1, mac(2)) == A);
    CHECK_EQ(b.n, 1);
    CHECK(bumped(&b, 1, mac(1)));

    /* Using an entry keeps it alive. */
    mac_learning_learn(ml, 1, mac(2), A);
    fake_now += 59 * 1000;
    CHECK_EQ(mac_learning_run(ml), 0);
    fake_now += 1000;
    CHECK_EQ(mac_learning_run(ml), 1);

    struct mac_learning_stats st;
    mac_learning_get_stats(ml, &st);
    CHECK_EQ(st.n_entries, 0);
    CHECK_EQ(st.n_expired, 2);
    CHECK_EQ(st.n_evicted, 0);
    mac_learning_destroy(ml);
}

OSW_TEST(idle_time_clamped)
{
    struct mac_learning *ml = new_table(0, 0, NULL);

    CHECK_EQ(mac_learning_get_idle_time(ml), 300);
    mac_learning_set_idle_time(ml, 2);
    CHECK_EQ(mac_learning_get_idle_time(ml), 2);
    mac_learning_set_idle_time(ml, 1);
    CHECK_EQ(mac_learning_get_idle_time(ml), MAC_LEARNING_MIN_IDLE_TIME);
    mac_learning_set_idle_time(ml, 100000);
    CHECK_EQ(mac_learning_get_idle_time(ml), MAC_LEARNING_MAX_IDLE_TIME);
    mac_learning_set_idle_time(ml, 0);
    CHECK_EQ(mac_learning_get_idle_time(ml), 300);
    mac_learning_set_idle_time(ml, 45);
    CHECK_EQ(mac_learning_get_idle_time(ml), 45);
    mac_learning_destroy(ml);
}

OSW_TEST(refresh_from_datapath)
{
    struct mac_learning *ml = new_table(60, 0, NULL);

    mac_learning_learn(ml, 1, mac(1), A);
    mac_learning_learn(ml, 1, mac(2), A);
    long long int t0 = fake_now;

    fake_now += 50 * 1000;
    /* Wrong bundle or unknown entry: nothing. */
    CHECK(!mac_learning_refresh(ml, 1, mac(1), B, fake_now));
    CHECK(!mac_learning_refresh(ml, 1, mac(3), A, fake_now));
    CHECK(!mac_learning_refresh(ml, 2, mac(1), A, fake_now));
    /* Older than the entry: nothing. */
    CHECK(!mac_learning_refresh(ml, 1, mac(1), A, t0 - 1));
    CHECK(mac_learning_refresh(ml, 1, mac(1), A, t0 + 40 * 1000));

    /* mac(2) expires at t0 + 60 s, mac(1) at t0 + 100 s. */
    CHECK_EQ(mac_learning_next_expiry(ml), t0 + 60 * 1000);
    fake_now = t0 + 60 * 1000;
    CHECK_EQ(mac_learning_run(ml), 1);
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == A);
    CHECK(mac_learning_lookup(ml, 1, mac(2)) == NULL);
    fake_now = t0 + 100 * 1000;
    CHECK_EQ(mac_learning_run(ml), 1);
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == NULL);
    mac_learning_destroy(ml);
}

OSW_TEST(refresh_keeps_lru_order)
{
    struct mac_learning *ml = new_table(60, 0, NULL);
    long long int t0 = fake_now;

    for (int i = 1; i <= 3; i++) {
        fake_now = t0 + i * 1000;
        mac_learning_learn(ml, 1, mac(i), A);
    }
    /* mac(3) used at t0+3s; refreshing mac(1) to t0+2.5s puts it
     * between mac(2) and mac(3). */
    CHECK(mac_learning_refresh(ml, 1, mac(1), A, t0 + 2500));

    struct mac_learning_entry *e;
    size_t n = mac_learning_dump(ml, &e);
    CHECK_EQ(n, 3);
    CHECK(eth_addr_equals(e[0].mac, mac(2)));
    CHECK(eth_addr_equals(e[1].mac, mac(1)));
    CHECK(eth_addr_equals(e[2].mac, mac(3)));
    free(e);
    mac_learning_destroy(ml);
}

/* A queued batch of refreshes ends exactly as the same refreshes one by
 * one: same entries, same LRU order, same times, same evictions after. */
OSW_TEST(refresh_batch_equals_one_by_one)
{
    struct mac_learning *one = new_table(60, 64, NULL);
    struct mac_learning *batch = new_table(60, 64, NULL);
    long long int t0 = fake_now;
    uint32_t seed = 12345;

    for (int i = 0; i < 64; i++) {
        fake_now = t0 + i / 4;      /* Some entries share a time. */
        void *bundle = i % 5 ? A : B;
        mac_learning_learn(one, 1, mac(i), bundle);
        mac_learning_learn(batch, 1, mac(i), bundle);
    }
    bool refreshed[70] = { false };
    size_t n_one = 0;
    for (int i = 0; i < 200; i++) {
        seed = seed * 1103515245 + 12345;
        uint64_t m = (seed >> 8) % 70;      /* A few unknown MACs. */
        long long int when = t0 + (seed >> 20) % 24;   /* Some older. */
        void *bundle = (seed >> 4) % 7 ? A : B;
        if (mac_learning_refresh(one, 1, mac(m), bundle, when)
            && !refreshed[m]) {
            refreshed[m] = true;
            n_one++;
        }
        mac_learning_refresh_queue(batch, 1, mac(m), bundle, when);
    }
    CHECK(n_one > 0);
    CHECK_EQ(mac_learning_refresh_flush(batch), n_one);
    /* The queue is empty afterwards. */
    CHECK_EQ(mac_learning_refresh_flush(batch), 0);

    struct mac_learning_entry *e1, *e2;
    fake_now = t0 + 30 * 1000;
    size_t n1 = mac_learning_dump(one, &e1);
    size_t n2 = mac_learning_dump(batch, &e2);
    CHECK_EQ(n1, 64);
    CHECK_EQ(n2, 64);
    for (size_t i = 0; i < n1; i++) {
        CHECK(eth_addr_equals(e1[i].mac, e2[i].mac));
        CHECK(e1[i].bundle == e2[i].bundle);
    }
    free(e1);
    free(e2);

    /* Expiry follows the refreshed times: the same entries go when. */
    for (long long int t = t0 + 60 * 1000; t < t0 + 60 * 1000 + 30; t++) {
        fake_now = t;
        CHECK_EQ(mac_learning_next_expiry(one),
                 mac_learning_next_expiry(batch));
        CHECK_EQ(mac_learning_run(one), mac_learning_run(batch));
    }
    mac_learning_destroy(one);
    mac_learning_destroy(batch);
}

/* A refresh left queued is freed with the table. */
/* A flush with nothing queued, on a table that never queued anything
 * (no queue allocated: qsort() must not see it; UBSan builds check). */
OSW_TEST(refresh_flush_empty)
{
    struct mac_learning *ml = new_table(0, 0, NULL);

    CHECK_EQ(mac_learning_refresh_flush(ml), 0);
    mac_learning_learn(ml, 1, mac(1), A);
    CHECK_EQ(mac_learning_refresh_flush(ml), 0);
    mac_learning_destroy(ml);
}

OSW_TEST(refresh_queue_freed)
{
    struct mac_learning *ml = new_table(60, 0, NULL);

    mac_learning_learn(ml, 1, mac(1), A);
    for (int i = 0; i < 100; i++) {
        mac_learning_refresh_queue(ml, 1, mac(1), A, fake_now + i);
    }
    mac_learning_destroy(ml);
}

OSW_TEST(eviction_lru)
{
    struct bumps b = { .n = 0 };
    struct mac_learning *ml = new_table(0, 3, &b);

    for (int i = 1; i <= 3; i++) {
        fake_now += 1000;
        mac_learning_learn(ml, 1, mac(i), A);
    }
    /* Using mac(1) makes mac(2) the least recently used. */
    fake_now += 1000;
    mac_learning_learn(ml, 1, mac(1), A);
    b.n = 0;
    CHECK_EQ(mac_learning_learn(ml, 1, mac(4), B), MAC_LEARNING_LEARNED);
    CHECK(mac_learning_lookup(ml, 1, mac(2)) == NULL);
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == A);
    CHECK(mac_learning_lookup(ml, 1, mac(3)) == A);
    CHECK(mac_learning_lookup(ml, 1, mac(4)) == B);
    CHECK(bumped(&b, 1, mac(2)));
    CHECK(bumped(&b, 1, mac(4)));

    struct mac_learning_stats st;
    mac_learning_get_stats(ml, &st);
    CHECK_EQ(st.n_entries, 3);
    CHECK_EQ(st.max_entries, 3);
    CHECK_EQ(st.n_evicted, 1);
    CHECK_EQ(st.n_learned, 4);
    mac_learning_destroy(ml);
}

OSW_TEST(shrinking_evicts)
{
    struct mac_learning *ml = new_table(0, 10, NULL);

    for (int i = 1; i <= 10; i++) {
        fake_now += 1000;
        mac_learning_learn(ml, 1, mac(i), A);
    }
    mac_learning_set_max_entries(ml, 4);

    struct mac_learning_stats st;
    mac_learning_get_stats(ml, &st);
    CHECK_EQ(st.n_entries, 4);
    CHECK_EQ(st.n_evicted, 6);
    for (int i = 1; i <= 6; i++) {
        CHECK(mac_learning_lookup(ml, 1, mac(i)) == NULL);
    }
    for (int i = 7; i <= 10; i++) {
        CHECK(mac_learning_lookup(ml, 1, mac(i)) == A);
    }
    /* 0 means the default. */
    mac_learning_set_max_entries(ml, 0);
    mac_learning_get_stats(ml, &st);
    CHECK_EQ(st.max_entries, MAC_LEARNING_DEFAULT_MAX);
    mac_learning_destroy(ml);
}

OSW_TEST(max_one_entry)
{
    struct mac_learning *ml = new_table(0, 1, NULL);

    mac_learning_learn(ml, 1, mac(1), A);
    mac_learning_learn(ml, 1, mac(2), A);
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == NULL);
    CHECK(mac_learning_lookup(ml, 1, mac(2)) == A);
    mac_learning_destroy(ml);
}

OSW_TEST(flush_all)
{
    struct bumps b = { .n = 0 };
    struct mac_learning *ml = new_table(0, 0, &b);

    mac_learning_learn(ml, 1, mac(1), A);
    mac_learning_learn(ml, 2, mac(2), B);
    b.n = 0;
    CHECK_EQ(mac_learning_flush(ml), 2);
    CHECK_EQ(b.n, 2);
    CHECK(bumped(&b, 1, mac(1)));
    CHECK(bumped(&b, 2, mac(2)));
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == NULL);
    CHECK_EQ(mac_learning_flush(ml), 0);

    /* Flushing is neither expiry nor eviction. */
    struct mac_learning_stats st;
    mac_learning_get_stats(ml, &st);
    CHECK_EQ(st.n_entries, 0);
    CHECK_EQ(st.n_expired, 0);
    CHECK_EQ(st.n_evicted, 0);
    CHECK_EQ(st.n_learned, 2);
    CHECK_EQ(mac_learning_next_expiry(ml), LLONG_MAX);
    mac_learning_destroy(ml);
}

OSW_TEST(flush_bundle)
{
    struct bumps b = { .n = 0 };
    struct mac_learning *ml = new_table(0, 0, &b);

    mac_learning_learn(ml, 1, mac(1), A);
    mac_learning_learn(ml, 1, mac(2), B);
    mac_learning_learn(ml, 2, mac(3), A);
    mac_learning_learn(ml, 2, mac(4), C);
    b.n = 0;
    CHECK_EQ(mac_learning_flush_bundle(ml, A), 2);
    CHECK_EQ(b.n, 2);
    CHECK(bumped(&b, 1, mac(1)));
    CHECK(bumped(&b, 2, mac(3)));
    CHECK(mac_learning_lookup(ml, 1, mac(2)) == B);
    CHECK(mac_learning_lookup(ml, 2, mac(4)) == C);
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == NULL);
    CHECK_EQ(mac_learning_flush_bundle(ml, A), 0);
    mac_learning_destroy(ml);
}

OSW_TEST(dump_in_lru_order_with_age)
{
    struct mac_learning *ml = new_table(0, 0, NULL);

    mac_learning_learn(ml, 1, mac(1), A);
    fake_now += 5000;
    mac_learning_learn(ml, 7, mac(2), B);
    fake_now += 2500;

    struct mac_learning_entry *e;
    size_t n = mac_learning_dump(ml, &e);
    CHECK_EQ(n, 2);
    CHECK(e[0].bundle == A);
    CHECK_EQ(e[0].vlan, 1);
    CHECK(eth_addr_equals(e[0].mac, mac(1)));
    CHECK_EQ(e[0].age, 7);
    CHECK(e[1].bundle == B);
    CHECK_EQ(e[1].vlan, 7);
    CHECK_EQ(e[1].age, 2);
    free(e);

    mac_learning_flush(ml);
    n = mac_learning_dump(ml, &e);
    CHECK_EQ(n, 0);
    free(e);
    mac_learning_destroy(ml);
}

/* A static entry takes over a learned one, is not moved by learning
 * elsewhere, never ages, is not refreshed by the datapath, survives a
 * flush and goes with mac_learning_del_static() or its bundle. */
OSW_TEST(static_entries)
{
    struct bumps b = { .n = 0 };
    struct mac_learning *ml = new_table(10, 0, &b);
    void *old = A;

    mac_learning_learn(ml, 1, mac(1), A);
    b.n = 0;
    CHECK_EQ(mac_learning_add_static(ml, 1, mac(1), B, &old), 0);
    CHECK(old == NULL);         /* It replaced a learned entry. */
    CHECK(bumped(&b, 1, mac(1)));
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == B);
    CHECK_EQ(mac_learning_add_static(ml, 1, mac(2), A, &old), 0);
    CHECK(old == NULL);

    /* Learning on another bundle does not move it; on its own it is
     * nothing new. */
    CHECK_EQ(mac_learning_learn(ml, 1, mac(1), A), MAC_LEARNING_STATIC);
    CHECK_EQ(mac_learning_learn(ml, 1, mac(1), B), MAC_LEARNING_REFRESHED);
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == B);
    CHECK(!mac_learning_refresh(ml, 1, mac(1), B, fake_now + 1));

    /* Never ages; a learned entry beside it does. */
    mac_learning_learn(ml, 1, mac(3), C);
    fake_now += 3600 * 1000;
    CHECK_EQ(mac_learning_run(ml), 1);
    CHECK(mac_learning_lookup(ml, 1, mac(3)) == NULL);
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == B);
    CHECK_EQ(mac_learning_next_expiry(ml), LLONG_MAX);

    /* Moving a static entry says where it was. */
    CHECK_EQ(mac_learning_add_static(ml, 1, mac(1), C, &old), 0);
    CHECK(old == B);
    CHECK_EQ(mac_learning_add_static(ml, 1, mac(1), C, &old), 0);
    CHECK(old == NULL);

    struct mac_learning_stats st;
    mac_learning_get_stats(ml, &st);
    CHECK_EQ(st.n_static, 2);
    CHECK_EQ(st.n_entries, 2);

    /* Dumped after the learned entries, marked static. */
    mac_learning_learn(ml, 5, mac(4), A);
    struct mac_learning_entry *e;
    size_t n = mac_learning_dump(ml, &e);
    CHECK_EQ(n, 3);
    CHECK(!e[0].is_static && eth_addr_equals(e[0].mac, mac(4)));
    CHECK(e[1].is_static && eth_addr_equals(e[1].mac, mac(1)));
    CHECK(e[1].bundle == C);
    CHECK(e[2].is_static && eth_addr_equals(e[2].mac, mac(2)));
    free(e);

    /* A flush keeps them. */
    CHECK_EQ(mac_learning_flush(ml), 1);
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == C);

    /* Deleting: only static entries, once. */
    mac_learning_learn(ml, 5, mac(4), A);
    CHECK(!mac_learning_del_static(ml, 5, mac(4)));
    CHECK(mac_learning_lookup(ml, 5, mac(4)) == A);
    b.n = 0;
    CHECK(mac_learning_del_static(ml, 1, mac(1)));
    CHECK(bumped(&b, 1, mac(1)));
    CHECK(!mac_learning_del_static(ml, 1, mac(1)));
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == NULL);

    /* A bundle that goes takes its static entries along. */
    CHECK_EQ(mac_learning_flush_bundle(ml, A), 2);
    mac_learning_get_stats(ml, &st);
    CHECK_EQ(st.n_static, 0);
    CHECK_EQ(st.n_entries, 0);

    /* Multicast addresses are never looked up: refused. */
    CHECK_EQ(mac_learning_add_static(ml, 1, eth_addr_broadcast, A, &old),
             EINVAL);
    mac_learning_destroy(ml);
}

/* Static entries count towards the limit but are never evicted: a table
 * full of them refuses to learn, and shrinking it evicts learned entries
 * only. */
OSW_TEST(static_entries_and_limit)
{
    struct mac_learning *ml = new_table(0, 3, NULL);
    void *old;

    mac_learning_learn(ml, 1, mac(10), A);
    CHECK_EQ(mac_learning_add_static(ml, 1, mac(1), A, &old), 0);
    CHECK_EQ(mac_learning_add_static(ml, 1, mac(2), A, &old), 0);
    /* Full: the third static entry evicts the learned one. */
    CHECK_EQ(mac_learning_add_static(ml, 1, mac(3), A, &old), 0);
    CHECK(mac_learning_lookup(ml, 1, mac(10)) == NULL);
    CHECK_EQ(mac_learning_add_static(ml, 1, mac(4), A, &old), ENOSPC);
    CHECK_EQ(mac_learning_learn(ml, 1, mac(11), B), MAC_LEARNING_REFUSED);
    CHECK(mac_learning_lookup(ml, 1, mac(11)) == NULL);

    mac_learning_set_max_entries(ml, 1);
    CHECK_EQ(mac_learning_run(ml), 0);
    for (int i = 1; i <= 3; i++) {
        CHECK(mac_learning_lookup(ml, 1, mac(i)) == A);
    }
    mac_learning_set_max_entries(ml, 4);
    CHECK_EQ(mac_learning_learn(ml, 1, mac(11), B), MAC_LEARNING_LEARNED);
    mac_learning_destroy(ml);
}

OSW_TEST(clear_stats)
{
    struct mac_learning *ml = new_table(0, 1, NULL);

    mac_learning_learn(ml, 1, mac(1), A);
    mac_learning_learn(ml, 1, mac(1), B);
    mac_learning_learn(ml, 1, mac(2), B);
    struct mac_learning_stats st;
    mac_learning_get_stats(ml, &st);
    CHECK_EQ(st.n_learned, 2);
    CHECK_EQ(st.n_moved, 1);
    CHECK_EQ(st.n_evicted, 1);
    mac_learning_clear_stats(ml);
    mac_learning_get_stats(ml, &st);
    CHECK_EQ(st.n_learned, 0);
    CHECK_EQ(st.n_moved, 0);
    CHECK_EQ(st.n_evicted, 0);
    CHECK_EQ(st.n_entries, 1);
    mac_learning_destroy(ml);
}

OSW_TEST(loop_lock)
{
    struct bumps b = { .n = 0 };
    struct mac_learning *ml = new_table(0, 0, &b);

    /* A MAC bouncing between two bundles faster than the limit. */
    mac_learning_learn(ml, 1, mac(1), A);
    enum mac_learning_result r = MAC_LEARNING_MOVED;
    int moves = 0;
    for (int i = 0; i < 100 && r != MAC_LEARNING_LOCKED; i++) {
        fake_now += 5;
        r = mac_learning_learn(ml, 1, mac(1), i % 2 ? A : B);
        moves += r == MAC_LEARNING_MOVED;
    }
    CHECK_EQ(r, MAC_LEARNING_LOCKED);
    CHECK_EQ(moves, MAC_LEARNING_FLAP_LIMIT);
    void *where = mac_learning_lookup(ml, 1, mac(1));
    void *other = where == A ? B : A;
    /* Locked: refreshing where it is works, moving does not. */
    CHECK_EQ(mac_learning_learn(ml, 1, mac(1), where),
             MAC_LEARNING_REFRESHED);
    CHECK_EQ(mac_learning_learn(ml, 1, mac(1), other), MAC_LEARNING_LOCKED);
    CHECK(mac_learning_lookup(ml, 1, mac(1)) == where);
    /* Other MACs are unaffected. */
    mac_learning_learn(ml, 1, mac(2), A);
    CHECK_EQ(mac_learning_learn(ml, 1, mac(2), B), MAC_LEARNING_MOVED);

    struct mac_learning_stats st;
    mac_learning_get_stats(ml, &st);
    CHECK_EQ(st.n_locked, 1);
    CHECK(mac_learning_next_expiry(ml) <= fake_now + 1000);

    /* The lock lapses, with a bump, and the MAC may move again. */
    fake_now += MAC_LEARNING_LOCK_TIME * 1000;
    b.n = 0;
    CHECK_EQ(mac_learning_run(ml), 0);
    CHECK(bumped(&b, 1, mac(1)));
    CHECK_EQ(mac_learning_learn(ml, 1, mac(1), other), MAC_LEARNING_MOVED);
    mac_learning_destroy(ml);
}

OSW_TEST(slow_moves_never_lock)
{
    struct mac_learning *ml = new_table(0, 0, NULL);

    mac_learning_learn(ml, 1, mac(1), A);
    for (int i = 0; i < 500; i++) {
        fake_now += 100;        /* Ten moves a second. */
        CHECK_EQ(mac_learning_learn(ml, 1, mac(1), i % 2 ? A : B),
                 MAC_LEARNING_MOVED);
    }
    mac_learning_destroy(ml);
}

OSW_TEST(no_bump_callback)
{
    struct mac_learning *ml = mac_learning_create(0, 0, NULL, NULL);

    mac_learning_learn(ml, 1, mac(1), A);
    mac_learning_learn(ml, 1, mac(1), B);
    CHECK_EQ(mac_learning_flush(ml), 1);
    mac_learning_destroy(ml);
    mac_learning_destroy(NULL);
}

/* Several threads learning and looking up while another ages and
 * flushes: no crash, and the table stays within its limit. */
struct thread_arg {
    struct mac_learning *ml;
    int id;
};

static void *
learner(void *arg_)
{
    struct thread_arg *arg = arg_;
    for (int i = 0; i < 20000; i++) {
        uint16_t vlan = i % 4;
        struct eth_addr m = mac((uint64_t) (i % 500) << 8 | arg->id);
        mac_learning_learn(arg->ml, vlan, m, arg->id & 1 ? A : B);
        mac_learning_lookup(arg->ml, vlan, mac(i % 700));
    }
    return NULL;
}

OSW_TEST(threads)
{
    struct mac_learning *ml = mac_learning_create(0, 1000, NULL, NULL);
    pthread_t threads[4];
    struct thread_arg args[4];

    for (int i = 0; i < 4; i++) {
        args[i].ml = ml;
        args[i].id = i;
        pthread_create(&threads[i], NULL, learner, &args[i]);
    }
    for (int i = 0; i < 200; i++) {
        mac_learning_run(ml);
        if (i % 50 == 0) {
            mac_learning_flush(ml);
        }
        struct mac_learning_entry *e;
        mac_learning_dump(ml, &e);
        free(e);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
    }
    struct mac_learning_stats st;
    mac_learning_get_stats(ml, &st);
    CHECK(st.n_entries <= 1000);
    CHECK(st.n_learned >= st.n_entries);
    mac_learning_destroy(ml);
}

OSW_TEST_MAIN()
