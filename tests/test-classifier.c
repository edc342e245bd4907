/* Unit tests for ofproto/classifier.c.
 *
 * The heart of it is a brute-force reference (a list scan by priority,
 * then insertion order, honouring versions) run against the classifier
 * with random overlapping rules and random packets.  Every lookup's
 * wildcards are checked for soundness: packets that agree with the
 * looked-up one on every bit of 'wc' must get the same rule.  Further
 * cases prove that staged lookup and prefix tries keep 'wc' narrow, and
 * two benchmarks print numbers (insertion of 100,000 rules, lookups per
 * second); they assert nothing about time.
 *
 * OSW_TEST_SEED=N changes the random seed; OSW_CLS_SMALL=1 (implied
 * under valgrind) shrinks the sizes. */
#include <config.h>
#include "classifier.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "osw/flow.h"
#include "osw/util.h"
#include "testlib.h"

typedef uint64_t __attribute__((may_alias)) test_u64;

/* Random numbers (xorshift64*), reproducible. */
static uint64_t rng_state;

static void
rng_init(uint64_t salt)
{
    const char *s = getenv("OSW_TEST_SEED");
    uint64_t seed = s ? strtoull(s, NULL, 0) : 0x5eed;

    rng_state = (seed ^ (salt * 0x9e3779b97f4a7c15ULL)) | 1;
}

static uint32_t
rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (rng_state * 0x2545f4914f6cdd1dULL) >> 32;
}

static uint32_t
rnd_n(uint32_t n)
{
    return rnd() % n;
}

static bool
small_run(void)
{
    const char *preload = getenv("LD_PRELOAD");

    return (getenv("OSW_CLS_SMALL")
            || (preload && strstr(preload, "vgpreload")));
}

static double
now_sec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Building matches and flows without lib/match.c. */

static void
mset(struct match *m, size_t ofs, const void *value, const void *mask,
     size_t len)
{
    uint8_t *f = (uint8_t *) &m->flow + ofs;
    uint8_t *w = (uint8_t *) &m->wc.masks + ofs;
    const uint8_t *v = value, *k = mask;

    for (size_t i = 0; i < len; i++) {
        w[i] = k[i];
        f[i] = v[i] & k[i];
    }
}

#define MSET(M, FIELD, VALUE, MASK)                                     \
    do {                                                                \
        __typeof__((M)->flow.FIELD) v__ = (VALUE), k__ = (MASK);        \
        mset(M, offsetof(struct flow, FIELD), &v__, &k__, sizeof v__);  \
    } while (0)

static ovs_be32
ip(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
    return htonl((uint32_t) a << 24 | b << 16 | c << 8 | d);
}

static ovs_be32
plen_mask(int plen)
{
    return htonl((uint32_t) (UINT64_C(0xffffffff00000000) >> plen));
}

static struct in6_addr
ip6(const char *s)
{
    struct in6_addr a;

    osw_assert(inet_pton(AF_INET6, s, &a) == 1);
    return a;
}

static struct in6_addr
plen6_mask(int plen)
{
    struct in6_addr m;

    memset(&m, 0, sizeof m);
    for (int i = 0; i < plen; i++) {
        m.s6_addr[i / 8] |= 0x80 >> (i % 8);
    }
    return m;
}

static struct eth_addr
mac(uint8_t last)
{
    struct eth_addr e = { { 0x02, 0, 0, 0, 0, last } };
    return e;
}

static const struct eth_addr mac_exact = { { 0xff, 0xff, 0xff, 0xff,
                                             0xff, 0xff } };

/* A rule with its reference bookkeeping. */
struct trule {
    struct cls_rule cr;
    uint64_t seq;               /* Insertion order. */
    bool in_cls;
    cls_version_t add, remove;  /* What the classifier should think. */
};

struct tref {
    struct trule **rules;
    size_t n, allocated;
    uint64_t next_seq;
};

static void
tref_init(struct tref *ref)
{
    memset(ref, 0, sizeof *ref);
}

static struct trule *
tref_new(struct tref *ref, const struct match *match, int priority)
{
    struct trule *r = xzalloc(sizeof *r);

    cls_rule_init(&r->cr, match, priority);
    if (ref->n >= ref->allocated) {
        ref->rules = x2nrealloc(ref->rules, &ref->allocated,
                                sizeof *ref->rules);
    }
    ref->rules[ref->n++] = r;
    return r;
}

static void
tref_insert(struct tref *ref, struct classifier *cls, struct trule *r,
            cls_version_t version)
{
    classifier_insert(cls, &r->cr, version);
    r->seq = ref->next_seq++;
    r->in_cls = true;
    r->add = version;
    r->remove = CLS_NOT_REMOVED_VERSION;
}

static void
tref_remove(struct classifier *cls, struct trule *r)
{
    classifier_remove(cls, &r->cr);
    r->in_cls = false;
}

/* Removes every rule still in 'cls' and frees them all. */
static void
tref_destroy(struct tref *ref, struct classifier *cls)
{
    for (size_t i = 0; i < ref->n; i++) {
        struct trule *r = ref->rules[i];

        if (r->in_cls) {
            tref_remove(cls, r);
        }
        cls_rule_destroy(&r->cr);
        free(r);
    }
    free(ref->rules);
    memset(ref, 0, sizeof *ref);
}

static bool
ref_visible(const struct trule *r, cls_version_t version)
{
    return r->in_cls && r->add <= version && version < r->remove;
}

static bool
ref_matches(const struct trule *r, const struct flow *flow)
{
    const test_u64 *rf = (const test_u64 *) &r->cr.match.flow;
    const test_u64 *rm = (const test_u64 *) &r->cr.match.wc.masks;
    const test_u64 *f = (const test_u64 *) flow;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        if ((rf[i] ^ f[i]) & rm[i]) {
            return false;
        }
    }
    return true;
}

static const struct cls_rule *
ref_lookup(const struct tref *ref, cls_version_t version,
           const struct flow *flow)
{
    const struct trule *best = NULL;

    for (size_t i = 0; i < ref->n; i++) {
        const struct trule *r = ref->rules[i];

        if (ref_visible(r, version) && ref_matches(r, flow)
            && (!best || r->cr.priority > best->cr.priority
                || (r->cr.priority == best->cr.priority
                    && r->seq < best->seq))) {
            best = r;
        }
    }
    return best ? &best->cr : NULL;
}

/* Union of the masks of the rules in 'cls'. */
static void
ref_mask_union(const struct tref *ref, struct flow_wildcards *u)
{
    flow_wildcards_init_catchall(u);
    for (size_t i = 0; i < ref->n; i++) {
        if (ref->rules[i]->in_cls) {
            flow_wildcards_or(u, &ref->rules[i]->cr.match.wc);
        }
    }
}

/* Random rules and packets over small domains, so that they overlap. */

enum tfield {
    TF_IN_PORT, TF_METADATA, TF_DL_DST, TF_VLAN, TF_DL_TYPE, TF_NW_SRC,
    TF_NW_DST, TF_NW_PROTO, TF_NW_TOS, TF_TP_SRC, TF_TP_DST, TF_IPV6_DST,
    TF_REG0,
};
#define F(X) (1u << TF_##X)

static const unsigned int patterns[] = {
    0,
    F(IN_PORT),
    F(DL_TYPE) | F(NW_DST),
    F(DL_TYPE) | F(NW_SRC) | F(NW_DST),
    F(DL_TYPE) | F(NW_PROTO) | F(TP_DST),
    F(DL_TYPE) | F(NW_PROTO) | F(NW_DST) | F(TP_DST),
    F(IN_PORT) | F(DL_DST),
    F(DL_DST) | F(NW_SRC),
    F(METADATA) | F(NW_DST) | F(TP_SRC),
    F(VLAN) | F(DL_TYPE) | F(NW_TOS),
    F(DL_TYPE) | F(IPV6_DST) | F(NW_PROTO),
    F(REG0) | F(TP_SRC) | F(TP_DST),
    F(IN_PORT) | F(NW_SRC) | F(NW_DST) | F(NW_PROTO) | F(TP_SRC)
    | F(TP_DST),
};

static ovs_be32
rnd_ipv4(void)
{
    static const uint8_t pool[][4] = {
        { 10, 0, 0, 1 }, { 10, 0, 1, 2 }, { 10, 1, 2, 3 }, { 10, 1, 2, 4 },
        { 10, 1, 3, 1 }, { 192, 168, 0, 1 }, { 192, 168, 1, 1 },
        { 172, 16, 0, 1 },
    };
    const uint8_t *p = pool[rnd_n(ARRAY_SIZE(pool))];

    return ip(p[0], p[1], p[2], p[3]);
}

static struct in6_addr
rnd_ipv6(void)
{
    static const char *const pool[] = {
        "2001:db8::1", "2001:db8::2", "2001:db8:1::1", "2001:db8:0:1::1",
        "fe80::1",
    };
    return ip6(pool[rnd_n(ARRAY_SIZE(pool))]);
}

static ovs_be16
rnd_port(void)
{
    static const uint16_t pool[] = { 80, 443, 1000 };
    return htons(pool[rnd_n(ARRAY_SIZE(pool))]);
}

static ovs_be16
rnd_tci(void)
{
    static const uint16_t pool[] = { 0, 0x1000 | 10, 0x1000 | 20 };
    return htons(pool[rnd_n(ARRAY_SIZE(pool))]);
}

static ovs_be16
rnd_dl_type(void)
{
    return htons(rnd_n(3) ? 0x0800 : 0x86dd);
}

static ovs_be32
rnd_ipv4_mask(void)
{
    static const int plens[] = { 8, 16, 24, 32 };

    if (!rnd_n(10)) {
        return htonl(0xff00ff00);       /* Not a prefix: no trie. */
    }
    return plen_mask(plens[rnd_n(ARRAY_SIZE(plens))]);
}

static void
random_match(struct match *m, unsigned int pattern)
{
    static const int plens6[] = { 16, 32, 64, 128 };

    memset(m, 0, sizeof *m);
    if (pattern & F(IN_PORT)) {
        MSET(m, in_port, 1 + rnd_n(3), UINT32_MAX);
    }
    if (pattern & F(METADATA)) {
        MSET(m, metadata, htonll(rnd_n(4)),
             rnd_n(2) ? htonll(UINT64_MAX) : htonll(3));
    }
    if (pattern & F(DL_DST)) {
        MSET(m, dl_dst, mac(1 + rnd_n(3)), mac_exact);
    }
    if (pattern & F(VLAN)) {
        MSET(m, vlans[0].tci, rnd_tci(), htons(0x1fff));
    }
    if (pattern & F(DL_TYPE)) {
        MSET(m, dl_type, rnd_dl_type(), htons(0xffff));
    }
    if (pattern & F(NW_SRC)) {
        MSET(m, nw_src, rnd_ipv4(), rnd_ipv4_mask());
    }
    if (pattern & F(NW_DST)) {
        MSET(m, nw_dst, rnd_ipv4(), rnd_ipv4_mask());
    }
    if (pattern & F(NW_PROTO)) {
        MSET(m, nw_proto, rnd_n(2) ? 6 : 17, 0xff);
    }
    if (pattern & F(NW_TOS)) {
        MSET(m, nw_tos, rnd_n(3) * 4, 0xfc);
    }
    if (pattern & F(TP_SRC)) {
        MSET(m, tp_src, rnd_port(), htons(0xffff));
    }
    if (pattern & F(TP_DST)) {
        MSET(m, tp_dst, rnd_port(), htons(0xffff));
    }
    if (pattern & F(IPV6_DST)) {
        MSET(m, ipv6_dst, rnd_ipv6(),
             plen6_mask(plens6[rnd_n(ARRAY_SIZE(plens6))]));
    }
    if (pattern & F(REG0)) {
        MSET(m, regs[0], rnd_n(4) * 0x0101, 0x0f0f);
    }
}

static ovs_be32
perturb_ipv4(ovs_be32 a)
{
    switch (rnd_n(4)) {
    case 0:
        return a ^ htonl(1u << rnd_n(32));
    case 1:
        return a ^ htonl(rnd_n(256));
    default:
        return a;
    }
}

static void
random_flow(struct flow *flow)
{
    memset(flow, 0, sizeof *flow);
    flow->in_port = 1 + rnd_n(4);
    flow->metadata = htonll(rnd_n(5));
    flow->dl_dst = mac(1 + rnd_n(4));
    flow->dl_src = mac(9);
    flow->vlans[0].tci = rnd_tci();
    flow->dl_type = rnd_dl_type();
    flow->nw_src = perturb_ipv4(rnd_ipv4());
    flow->nw_dst = perturb_ipv4(rnd_ipv4());
    flow->ipv6_dst = rnd_ipv6();
    if (!rnd_n(4)) {
        flow->ipv6_dst.s6_addr[rnd_n(16)] ^= 1 << rnd_n(8);
    }
    flow->nw_proto = rnd_n(3) ? 6 : 17;
    flow->nw_tos = rnd_n(4) * 4;
    flow->nw_ttl = 64;
    flow->tp_src = rnd_n(4) ? rnd_port() : htons(22);
    flow->tp_dst = rnd_n(4) ? rnd_port() : htons(22);
    flow->regs[0] = rnd();
}

/* 'out' = 'a' where 'wc' looks, 'b' elsewhere. */
static void
mix_flows(struct flow *out, const struct flow *a, const struct flow *b,
          const struct flow_wildcards *wc)
{
    const test_u64 *aw = (const test_u64 *) a;
    const test_u64 *bw = (const test_u64 *) b;
    const test_u64 *mw = (const test_u64 *) &wc->masks;
    test_u64 *ow = (test_u64 *) out;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        ow[i] = (aw[i] & mw[i]) | (bw[i] & ~mw[i]);
    }
}

static void
random_bytes(void *p_, size_t n)
{
    uint8_t *p = p_;

    for (size_t i = 0; i < n; i++) {
        p[i] = rnd();
    }
}

/* Looks 'flow' up in 'cls' and 'ref' in 'version' and checks that they
 * agree, that 'wc' stays within the rules' masks, and that packets
 * agreeing with 'flow' on 'wc' fare the same. */
static void
check_lookup(const struct classifier *cls, const struct tref *ref,
             cls_version_t version, const struct flow *flow,
             const struct flow_wildcards *mask_union)
{
    const struct cls_rule *expected = ref_lookup(ref, version, flow);
    struct flow_wildcards wc;
    const struct cls_rule *got;

    flow_wildcards_init_catchall(&wc);
    got = classifier_lookup(cls, version, flow, &wc);
    CHECK(got == expected);
    CHECK(classifier_lookup(cls, version, flow, NULL) == expected);

    if (mask_union) {
        const test_u64 *w = (const test_u64 *) &wc.masks;
        const test_u64 *u = (const test_u64 *) &mask_union->masks;

        for (size_t i = 0; i < FLOW_U64S; i++) {
            CHECK((w[i] & ~u[i]) == 0);
        }
    }

    for (int k = 0; k < 6; k++) {
        struct flow other, mixed;

        if (k < 4) {
            random_flow(&other);
        } else {
            random_bytes(&other, sizeof other);
        }
        mix_flows(&mixed, flow, &other, &wc);
        CHECK(ref_lookup(ref, version, &mixed) == expected);
        CHECK(classifier_lookup(cls, version, &mixed, NULL) == expected);
    }
}

static void
check_random_lookups(const struct classifier *cls, const struct tref *ref,
                     cls_version_t version, int n)
{
    struct flow_wildcards u;

    ref_mask_union(ref, &u);
    for (int i = 0; i < n; i++) {
        struct flow flow;

        random_flow(&flow);
        check_lookup(cls, ref, version, &flow, &u);
    }
}

/* Adds a random rule unless an identical one is already visible in
 * 'version'.  Returns it or NULL. */
static struct trule *
add_random_rule(struct tref *ref, struct classifier *cls,
                cls_version_t version, int max_priority)
{
    struct match m;
    struct cls_rule probe;
    struct trule *r;

    random_match(&m, patterns[rnd_n(ARRAY_SIZE(patterns))]);
    cls_rule_init(&probe, &m, rnd_n(max_priority + 1));
    for (size_t i = 0; i < ref->n; i++) {
        if (ref_visible(ref->rules[i], version)
            && cls_rule_equal(&ref->rules[i]->cr, &probe)) {
            CHECK(classifier_find_rule_exactly(cls, &probe, version)
                  == &ref->rules[i]->cr);
            return NULL;
        }
    }
    CHECK(!classifier_find_rule_exactly(cls, &probe, version));
    r = tref_new(ref, &m, probe.priority);
    tref_insert(ref, cls, r, version);
    return r;
}

static size_t
ref_count(const struct tref *ref)
{
    size_t n = 0;

    for (size_t i = 0; i < ref->n; i++) {
        n += ref->rules[i]->in_cls;
    }
    return n;
}

/* Test cases. */

OSW_TEST(empty)
{
    struct classifier cls;
    struct flow_wildcards wc;
    struct flow flow;

    classifier_init(&cls);
    CHECK(classifier_is_empty(&cls));
    CHECK_EQ(classifier_count(&cls), 0);
    CHECK_EQ(classifier_n_subtables(&cls), 0);
    rng_init(1);
    random_flow(&flow);
    flow_wildcards_init_catchall(&wc);
    CHECK(!classifier_lookup(&cls, 0, &flow, &wc));
    CHECK(flow_wildcards_is_catchall(&wc));
    classifier_destroy(&cls);
}

OSW_TEST(catchall_rule)
{
    struct classifier cls;
    struct flow_wildcards wc;
    struct cls_rule rule;
    struct match m;
    struct flow flow;

    classifier_init(&cls);
    memset(&m, 0, sizeof m);
    cls_rule_init(&rule, &m, 0);
    classifier_insert(&cls, &rule, 0);
    CHECK(!classifier_is_empty(&cls));
    CHECK_EQ(classifier_count(&cls), 1);
    CHECK_EQ(classifier_n_subtables(&cls), 1);
    rng_init(2);
    for (int i = 0; i < 10; i++) {
        random_flow(&flow);
        flow_wildcards_init_catchall(&wc);
        CHECK(classifier_lookup(&cls, 0, &flow, &wc) == &rule);
        CHECK(flow_wildcards_is_catchall(&wc));
    }
    classifier_remove(&cls, &rule);
    CHECK(!rule.cls_match);
    CHECK(classifier_is_empty(&cls));
    CHECK_EQ(classifier_n_subtables(&cls), 0);
    /* Removing twice is harmless. */
    classifier_remove(&cls, &rule);
    cls_rule_destroy(&rule);
    classifier_destroy(&cls);
}

OSW_TEST(rule_init_masks_value)
{
    struct cls_rule a, b;
    struct match m;

    memset(&m, 0, sizeof m);
    m.flow.nw_dst = ip(10, 1, 2, 3);
    m.wc.masks.nw_dst = plen_mask(8);
    cls_rule_init(&a, &m, 5);
    CHECK_EQ(ntohl(a.match.flow.nw_dst), 0x0a000000);
    m.flow.nw_dst = ip(10, 9, 9, 9);
    cls_rule_init(&b, &m, 5);
    CHECK(cls_rule_equal(&a, &b));
    b.priority = 6;
    CHECK(!cls_rule_equal(&a, &b));
    CHECK(!cls_rule_visible_in_version(&a, 0));
    cls_rule_destroy(&a);
    cls_rule_destroy(&b);
}

OSW_TEST(priorities_and_ties)
{
    struct classifier cls;
    struct cls_rule a5, b5, b10, c5;
    struct match m;
    struct flow flow;

    /* a5: in_port=1 (subtable A), priority 5, first in.
     * b5: tp_dst=80 (subtable B), priority 5.
     * b10: tp_dst=443 (subtable B), priority 10: B is visited first.
     * c5: catchall, priority 5, last in. */
    classifier_init(&cls);
    memset(&m, 0, sizeof m);
    MSET(&m, in_port, 1, UINT32_MAX);
    cls_rule_init(&a5, &m, 5);
    memset(&m, 0, sizeof m);
    MSET(&m, tp_dst, htons(80), htons(0xffff));
    cls_rule_init(&b5, &m, 5);
    MSET(&m, tp_dst, htons(443), htons(0xffff));
    cls_rule_init(&b10, &m, 10);
    memset(&m, 0, sizeof m);
    cls_rule_init(&c5, &m, 5);
    classifier_insert(&cls, &a5, 0);
    classifier_insert(&cls, &b5, 0);
    classifier_insert(&cls, &b10, 0);
    classifier_insert(&cls, &c5, 0);
    CHECK_EQ(classifier_n_subtables(&cls), 3);

    memset(&flow, 0, sizeof flow);
    flow.in_port = 1;
    flow.tp_dst = htons(80);
    CHECK(classifier_lookup(&cls, 0, &flow, NULL) == &a5);
    flow.tp_dst = htons(443);
    CHECK(classifier_lookup(&cls, 0, &flow, NULL) == &b10);
    flow.in_port = 2;
    flow.tp_dst = htons(80);
    CHECK(classifier_lookup(&cls, 0, &flow, NULL) == &b5);
    flow.tp_dst = htons(22);
    CHECK(classifier_lookup(&cls, 0, &flow, NULL) == &c5);

    /* With a5 gone, b5 (inserted before c5) wins the tie. */
    classifier_remove(&cls, &a5);
    flow.in_port = 1;
    flow.tp_dst = htons(80);
    CHECK(classifier_lookup(&cls, 0, &flow, NULL) == &b5);
    /* Removing b10 lowers B's maximum; ordering must follow. */
    classifier_remove(&cls, &b10);
    flow.tp_dst = htons(443);
    CHECK(classifier_lookup(&cls, 0, &flow, NULL) == &c5);
    classifier_remove(&cls, &b5);
    classifier_remove(&cls, &c5);
    CHECK(classifier_is_empty(&cls));
    classifier_destroy(&cls);
}

OSW_TEST(same_match_chain)
{
    struct classifier cls;
    struct cls_rule r[4];
    static const int prios[4] = { 3, 7, 5, 7 };
    struct match m;
    struct flow flow;

    classifier_init(&cls);
    memset(&m, 0, sizeof m);
    MSET(&m, nw_dst, ip(10, 0, 0, 1), UINT32_MAX);
    for (int i = 0; i < 4; i++) {
        cls_rule_init(&r[i], &m, prios[i]);
        classifier_insert(&cls, &r[i], 0);
    }
    CHECK_EQ(classifier_count(&cls), 4);
    CHECK_EQ(classifier_n_subtables(&cls), 1);
    memset(&flow, 0, sizeof flow);
    flow.nw_dst = ip(10, 0, 0, 1);
    CHECK(classifier_lookup(&cls, 0, &flow, NULL) == &r[1]);
    classifier_remove(&cls, &r[1]);
    CHECK(classifier_lookup(&cls, 0, &flow, NULL) == &r[3]);
    CHECK(classifier_find_match_exactly(&cls, &m, 7, 0) == &r[3]);
    CHECK(classifier_find_match_exactly(&cls, &m, 5, 0) == &r[2]);
    classifier_remove(&cls, &r[2]);
    CHECK(!classifier_find_match_exactly(&cls, &m, 5, 0));
    classifier_remove(&cls, &r[3]);
    CHECK(classifier_lookup(&cls, 0, &flow, NULL) == &r[0]);
    flow.nw_dst = ip(10, 0, 0, 2);
    CHECK(!classifier_lookup(&cls, 0, &flow, NULL));
    classifier_remove(&cls, &r[0]);
    CHECK_EQ(classifier_n_subtables(&cls), 0);
    classifier_destroy(&cls);
}

/* Random rules and packets against the reference, then random removal
 * with checks along the way. */
static void
random_vs_reference(uint64_t salt, int n_rules, int max_priority)
{
    struct classifier cls;
    struct tref ref;
    int n_lookups = small_run() ? 100 : 500;

    rng_init(salt);
    classifier_init(&cls);
    tref_init(&ref);
    for (int i = 0; i < n_rules; i++) {
        add_random_rule(&ref, &cls, 0, max_priority);
        if (i % (n_rules / 4 + 1) == 0) {
            check_random_lookups(&cls, &ref, 0, 20);
        }
    }
    CHECK_EQ(classifier_count(&cls), ref_count(&ref));
    check_random_lookups(&cls, &ref, 0, n_lookups);

    /* Remove in random order. */
    for (size_t left = ref.n; left > 0; left--) {
        size_t i = rnd_n(left);
        struct trule *tmp = ref.rules[i];

        ref.rules[i] = ref.rules[left - 1];
        ref.rules[left - 1] = tmp;
        if (tmp->in_cls) {
            tref_remove(&cls, tmp);
        }
        if (left % (ref.n / 8 + 1) == 0) {
            CHECK_EQ(classifier_count(&cls), ref_count(&ref));
            check_random_lookups(&cls, &ref, 0, 30);
        }
    }
    CHECK(classifier_is_empty(&cls));
    CHECK_EQ(classifier_n_subtables(&cls), 0);
    tref_destroy(&ref, &cls);
    classifier_destroy(&cls);
}

OSW_TEST(random_few_rules)
{
    for (int i = 0; i < 20; i++) {
        random_vs_reference(100 + i, 10, 3);
    }
}

OSW_TEST(random_many_rules)
{
    random_vs_reference(200, small_run() ? 300 : 2000, 10);
}

OSW_TEST(random_all_ties)
{
    random_vs_reference(300, small_run() ? 200 : 1000, 0);
}

OSW_TEST(random_ipv6_tries)
{
    static const enum mf_field_id fields[] = {
        MFF_IPV4_DST, MFF_IPV6_DST, MFF_IPV4_SRC
    };
    struct classifier cls;
    struct tref ref;

    rng_init(400);
    classifier_init(&cls);
    CHECK(classifier_set_prefix_fields(&cls, fields, ARRAY_SIZE(fields)));
    tref_init(&ref);
    for (int i = 0; i < (small_run() ? 200 : 1000); i++) {
        add_random_rule(&ref, &cls, 0, 6);
    }
    check_random_lookups(&cls, &ref, 0, small_run() ? 100 : 500);

    /* Changing the tracked fields with rules in place rebuilds the
     * tries; lookups stay right. */
    CHECK(classifier_set_prefix_fields(&cls, fields, 1));
    check_random_lookups(&cls, &ref, 0, 100);
    CHECK(classifier_set_prefix_fields(&cls, NULL, 0));
    check_random_lookups(&cls, &ref, 0, 100);
    CHECK(classifier_set_prefix_fields(&cls, fields + 1, 2));
    check_random_lookups(&cls, &ref, 0, 100);
    tref_destroy(&ref, &cls);
    classifier_destroy(&cls);
}

/* Random insertions, deletions, reverts, replacements and publications
 * of versions, checked in the published and the pending version. */
OSW_TEST(random_versions)
{
    struct classifier cls;
    struct tref ref;
    cls_version_t cur = 1;
    int n_ops = small_run() ? 400 : 3000;

    rng_init(500);
    classifier_init(&cls);
    tref_init(&ref);
    for (int i = 0; i < 40; i++) {
        add_random_rule(&ref, &cls, cur, 8);
    }
    for (int op = 0; op < n_ops; op++) {
        cls_version_t next = cur + 1;
        struct trule *r = ref.n ? ref.rules[rnd_n(ref.n)] : NULL;

        switch (rnd_n(6)) {
        case 0:
        case 1:
            add_random_rule(&ref, &cls, next, 8);
            break;
        case 2:
            /* Delete: hidden from the next version. */
            if (r && r->in_cls && r->remove == CLS_NOT_REMOVED_VERSION) {
                cls_rule_make_invisible_in_version(&r->cr, next);
                r->remove = next;
            }
            break;
        case 3:
            /* Revert a pending deletion, unless an identical rule took
             * its place meanwhile. */
            if (r && r->in_cls && r->remove == next
                && !classifier_find_rule_exactly(&cls, &r->cr, next)) {
                cls_rule_restore_visibility(&r->cr);
                r->remove = CLS_NOT_REMOVED_VERSION;
            }
            break;
        case 4:
            /* Replace a rule visible now and next. */
            if (r && ref_visible(r, cur) && ref_visible(r, next)) {
                struct trule *n = tref_new(&ref, &r->cr.match,
                                           r->cr.priority);
                const struct cls_rule *old;

                n->seq = ref.next_seq++;
                old = classifier_replace(&cls, &n->cr, next);
                CHECK(old == &r->cr);
                n->in_cls = true;
                n->add = next;
                n->remove = CLS_NOT_REMOVED_VERSION;
                r->remove = next;
                CHECK(classifier_find_rule_exactly(&cls, &r->cr, cur)
                      == &r->cr);
                CHECK(classifier_find_rule_exactly(&cls, &r->cr, next)
                      == &n->cr);
            }
            break;
        case 5:
            /* Publish, then drop what no version in use can see. */
            cur = next;
            for (size_t i = 0; i < ref.n; i++) {
                struct trule *x = ref.rules[i];

                if (x->in_cls && x->remove <= cur) {
                    tref_remove(&cls, x);
                }
            }
            break;
        }
        if (op % 10 == 0) {
            for (size_t i = 0; i < ref.n; i++) {
                const struct trule *x = ref.rules[i];

                CHECK(cls_rule_visible_in_version(&x->cr, cur)
                      == ref_visible(x, cur));
                CHECK(cls_rule_visible_in_version(&x->cr, next)
                      == ref_visible(x, next));
            }
            check_random_lookups(&cls, &ref, cur, 5);
            check_random_lookups(&cls, &ref, cur + 1, 5);
        }
        CHECK_EQ(classifier_count(&cls), ref_count(&ref));
    }
    tref_destroy(&ref, &cls);
    classifier_destroy(&cls);
}

OSW_TEST(version_visibility)
{
    struct classifier cls;
    struct cls_rule old, new;
    struct match m;
    struct flow flow;

    classifier_init(&cls);
    memset(&m, 0, sizeof m);
    MSET(&m, tp_dst, htons(80), htons(0xffff));
    cls_rule_init(&old, &m, 10);
    cls_rule_init(&new, &m, 10);
    classifier_insert(&cls, &old, 5);
    memset(&flow, 0, sizeof flow);
    flow.tp_dst = htons(80);
    CHECK(!classifier_lookup(&cls, 4, &flow, NULL));
    CHECK(classifier_lookup(&cls, 5, &flow, NULL) == &old);
    CHECK(classifier_lookup(&cls, CLS_MAX_VERSION - 1, &flow, NULL)
          == &old);

    CHECK(classifier_replace(&cls, &new, 7) == &old);
    CHECK(classifier_lookup(&cls, 6, &flow, NULL) == &old);
    CHECK(classifier_lookup(&cls, 7, &flow, NULL) == &new);
    CHECK(cls_rule_visible_in_version(&old, 6));
    CHECK(!cls_rule_visible_in_version(&old, 7));
    CHECK(!cls_rule_visible_in_version(&new, 6));

    /* Deleting 'new' from 9 on: version 8 still sees it. */
    cls_rule_make_invisible_in_version(&new, 9);
    CHECK(classifier_lookup(&cls, 8, &flow, NULL) == &new);
    CHECK(!classifier_lookup(&cls, 9, &flow, NULL));
    cls_rule_restore_visibility(&new);
    CHECK(classifier_lookup(&cls, 9, &flow, NULL) == &new);

    /* Replacing in a version where nothing identical is visible. */
    classifier_remove(&cls, &old);
    classifier_remove(&cls, &new);
    CHECK(!classifier_replace(&cls, &old, 3));
    CHECK(classifier_lookup(&cls, 3, &flow, NULL) == &old);
    classifier_remove(&cls, &old);
    cls_rule_destroy(&old);
    cls_rule_destroy(&new);
    classifier_destroy(&cls);
}

/* "tcp,tp_dst=80" rules only: a UDP packet's wildcards leave the ports
 * alone, while a TCP packet to another port must look at tp_dst. */
OSW_TEST(staged_l4_stays_wild)
{
    struct classifier cls;
    struct cls_rule r80, r443;
    struct flow_wildcards wc;
    struct match m;
    struct flow flow;

    classifier_init(&cls);
    memset(&m, 0, sizeof m);
    MSET(&m, dl_type, htons(0x0800), htons(0xffff));
    MSET(&m, nw_proto, 6, 0xff);
    MSET(&m, tp_dst, htons(80), htons(0xffff));
    cls_rule_init(&r80, &m, 100);
    MSET(&m, tp_dst, htons(443), htons(0xffff));
    cls_rule_init(&r443, &m, 100);
    classifier_insert(&cls, &r80, 0);
    classifier_insert(&cls, &r443, 0);

    memset(&flow, 0, sizeof flow);
    flow.in_port = 3;
    flow.dl_type = htons(0x0800);
    flow.nw_src = ip(1, 2, 3, 4);
    flow.nw_dst = ip(5, 6, 7, 8);
    flow.nw_proto = 17;
    flow.tp_src = htons(5000);
    flow.tp_dst = htons(80);
    flow_wildcards_init_catchall(&wc);
    CHECK(!classifier_lookup(&cls, 0, &flow, &wc));
    CHECK_EQ(wc.masks.tp_dst, 0);
    CHECK_EQ(wc.masks.tp_src, 0);
    CHECK_EQ(wc.masks.nw_proto, 0xff);
    CHECK_EQ(wc.masks.dl_type, htons(0xffff));
    CHECK_EQ(wc.masks.nw_dst, 0);
    CHECK_EQ(wc.masks.in_port, 0);

    /* An ARP packet stops at the first stage (L2 dl_type is in the L2
     * stage here, the first one the mask has). */
    flow.dl_type = htons(0x0806);
    flow.nw_proto = 1;
    flow_wildcards_init_catchall(&wc);
    CHECK(!classifier_lookup(&cls, 0, &flow, &wc));
    CHECK_EQ(wc.masks.dl_type, htons(0xffff));
    CHECK_EQ(wc.masks.nw_proto, 0);
    CHECK_EQ(wc.masks.tp_dst, 0);

    flow.dl_type = htons(0x0800);
    flow.nw_proto = 6;
    flow.tp_dst = htons(22);
    flow_wildcards_init_catchall(&wc);
    CHECK(!classifier_lookup(&cls, 0, &flow, &wc));
    CHECK_EQ(wc.masks.tp_dst, htons(0xffff));
    flow.tp_dst = htons(443);
    flow_wildcards_init_catchall(&wc);
    CHECK(classifier_lookup(&cls, 0, &flow, &wc) == &r443);
    CHECK_EQ(wc.masks.tp_dst, htons(0xffff));
    CHECK_EQ(wc.masks.tp_src, 0);

    classifier_remove(&cls, &r80);
    classifier_remove(&cls, &r443);
    classifier_destroy(&cls);
}

/* in_port=1 with an L4 field: a packet from another port looks at
 * in_port only. */
OSW_TEST(staged_metadata_miss)
{
    struct classifier cls;
    struct cls_rule r;
    struct flow_wildcards wc;
    struct match m;
    struct flow flow;

    classifier_init(&cls);
    memset(&m, 0, sizeof m);
    MSET(&m, in_port, 1, UINT32_MAX);
    MSET(&m, dl_dst, mac(1), mac_exact);
    MSET(&m, nw_src, ip(10, 0, 0, 0), plen_mask(8));
    MSET(&m, tp_src, htons(80), htons(0xffff));
    cls_rule_init(&r, &m, 1);
    classifier_insert(&cls, &r, 0);

    memset(&flow, 0, sizeof flow);
    flow.in_port = 2;
    flow.dl_dst = mac(1);
    flow.nw_src = ip(10, 0, 0, 1);
    flow.tp_src = htons(80);
    flow_wildcards_init_catchall(&wc);
    CHECK(!classifier_lookup(&cls, 0, &flow, &wc));
    CHECK_EQ(wc.masks.in_port, UINT32_MAX);
    CHECK(eth_addr_equals(wc.masks.dl_dst, eth_addr_zero));
    CHECK_EQ(wc.masks.nw_src, 0);
    CHECK_EQ(wc.masks.tp_src, 0);

    /* Right port, wrong MAC: L2 looked at, L3/L4 not. */
    flow.in_port = 1;
    flow.dl_dst = mac(2);
    flow_wildcards_init_catchall(&wc);
    CHECK(!classifier_lookup(&cls, 0, &flow, &wc));
    CHECK(eth_addr_equals(wc.masks.dl_dst, mac_exact));
    CHECK_EQ(wc.masks.nw_src, 0);
    CHECK_EQ(wc.masks.tp_src, 0);

    /* Everything right but the address: the trie rules it out with the
     * first bit (192 vs 10). */
    flow.dl_dst = mac(1);
    flow.nw_src = ip(192, 168, 0, 1);
    flow_wildcards_init_catchall(&wc);
    CHECK(!classifier_lookup(&cls, 0, &flow, &wc));
    CHECK_EQ(ntohl(wc.masks.nw_src), 0x80000000);
    CHECK_EQ(wc.masks.tp_src, 0);

    flow.nw_src = ip(10, 9, 9, 9);
    flow_wildcards_init_catchall(&wc);
    CHECK(classifier_lookup(&cls, 0, &flow, &wc) == &r);
    CHECK_EQ(wc.masks.nw_src, plen_mask(8));
    CHECK_EQ(wc.masks.tp_src, htons(0xffff));
    classifier_remove(&cls, &r);
    classifier_destroy(&cls);
}

/* Rules on 10.0.0.0/8 and 10.1.2.3/32: other addresses unwildcard only
 * the leading bits needed. */
OSW_TEST(prefix_ipv4_narrow)
{
    struct classifier cls;
    struct cls_rule r8, r32;
    struct flow_wildcards wc;
    struct match m;
    struct flow flow;

    classifier_init(&cls);
    memset(&m, 0, sizeof m);
    MSET(&m, dl_type, htons(0x0800), htons(0xffff));
    MSET(&m, nw_dst, ip(10, 0, 0, 0), plen_mask(8));
    cls_rule_init(&r8, &m, 10);
    MSET(&m, nw_dst, ip(10, 1, 2, 3), plen_mask(32));
    cls_rule_init(&r32, &m, 20);
    classifier_insert(&cls, &r8, 0);
    classifier_insert(&cls, &r32, 0);

    memset(&flow, 0, sizeof flow);
    flow.dl_type = htons(0x0800);
    flow.nw_dst = ip(192, 168, 0, 1);
    flow_wildcards_init_catchall(&wc);
    CHECK(!classifier_lookup(&cls, 0, &flow, &wc));
    CHECK_EQ(ntohl(wc.masks.nw_dst), 0x80000000);

    /* 11.0.0.0 differs from 10 in the 8th bit. */
    flow.nw_dst = ip(11, 0, 0, 0);
    flow_wildcards_init_catchall(&wc);
    CHECK(!classifier_lookup(&cls, 0, &flow, &wc));
    CHECK_EQ(ntohl(wc.masks.nw_dst), 0xff000000);

    /* 10.2.0.0: the /8 matches; the /32 is ruled out after 15 bits. */
    flow.nw_dst = ip(10, 2, 0, 0);
    flow_wildcards_init_catchall(&wc);
    CHECK(classifier_lookup(&cls, 0, &flow, &wc) == &r8);
    CHECK_EQ(ntohl(wc.masks.nw_dst), 0xfffe0000);

    flow.nw_dst = ip(10, 1, 2, 3);
    flow_wildcards_init_catchall(&wc);
    CHECK(classifier_lookup(&cls, 0, &flow, &wc) == &r32);
    CHECK_EQ(wc.masks.nw_dst, UINT32_MAX);

    /* 10.1.2.2: the /32 is ruled out only by the last bit. */
    flow.nw_dst = ip(10, 1, 2, 2);
    flow_wildcards_init_catchall(&wc);
    CHECK(classifier_lookup(&cls, 0, &flow, &wc) == &r8);
    CHECK_EQ(wc.masks.nw_dst, UINT32_MAX);

    /* Without tries the same lookup must look at all 32 bits. */
    CHECK(classifier_set_prefix_fields(&cls, NULL, 0));
    flow.nw_dst = ip(192, 168, 0, 1);
    flow_wildcards_init_catchall(&wc);
    CHECK(!classifier_lookup(&cls, 0, &flow, &wc));
    CHECK_EQ(wc.masks.nw_dst, UINT32_MAX);

    classifier_remove(&cls, &r8);
    classifier_remove(&cls, &r32);
    classifier_destroy(&cls);
}

OSW_TEST(prefix_ipv6_narrow)
{
    static const enum mf_field_id fields[] = { MFF_IPV6_DST };
    struct classifier cls;
    struct cls_rule r64, r128;
    struct flow_wildcards wc;
    struct match m;
    struct flow flow;
    struct in6_addr expect;

    classifier_init(&cls);
    CHECK(classifier_set_prefix_fields(&cls, fields, 1));
    memset(&m, 0, sizeof m);
    MSET(&m, dl_type, htons(0x86dd), htons(0xffff));
    MSET(&m, ipv6_dst, ip6("2001:db8:0:1::"), plen6_mask(64));
    cls_rule_init(&r64, &m, 10);
    MSET(&m, ipv6_dst, ip6("2001:db8:0:1::99"), plen6_mask(128));
    cls_rule_init(&r128, &m, 20);
    classifier_insert(&cls, &r64, 0);
    classifier_insert(&cls, &r128, 0);

    memset(&flow, 0, sizeof flow);
    flow.dl_type = htons(0x86dd);
    flow.ipv6_dst = ip6("fe80::1");
    flow_wildcards_init_catchall(&wc);
    CHECK(!classifier_lookup(&cls, 0, &flow, &wc));
    expect = plen6_mask(1);
    CHECK_MEMEQ(&wc.masks.ipv6_dst, &expect, sizeof expect);

    /* 2001:db8:0:1::5 matches the /64; the /128 goes after 121 bits
     * (::5 and ::99 first differ in bit 120 of 0..127). */
    flow.ipv6_dst = ip6("2001:db8:0:1::5");
    flow_wildcards_init_catchall(&wc);
    CHECK(classifier_lookup(&cls, 0, &flow, &wc) == &r64);
    expect = plen6_mask(121);
    CHECK_MEMEQ(&wc.masks.ipv6_dst, &expect, sizeof expect);

    flow.ipv6_dst = ip6("2001:db8:0:1::99");
    CHECK(classifier_lookup(&cls, 0, &flow, NULL) == &r128);
    classifier_remove(&cls, &r64);
    classifier_remove(&cls, &r128);
    classifier_destroy(&cls);
}

/* A mask that is not a prefix gets no trie help but stays correct. */
OSW_TEST(non_prefix_mask)
{
    struct classifier cls;
    struct cls_rule r;
    struct flow_wildcards wc;
    struct match m;
    struct flow flow;

    classifier_init(&cls);
    memset(&m, 0, sizeof m);
    MSET(&m, nw_dst, ip(10, 0, 1, 0), htonl(0xff00ff00));
    cls_rule_init(&r, &m, 1);
    classifier_insert(&cls, &r, 0);
    memset(&flow, 0, sizeof flow);
    flow.nw_dst = ip(10, 77, 1, 77);
    CHECK(classifier_lookup(&cls, 0, &flow, NULL) == &r);
    flow.nw_dst = ip(192, 0, 1, 0);
    flow_wildcards_init_catchall(&wc);
    CHECK(!classifier_lookup(&cls, 0, &flow, &wc));
    CHECK_EQ(ntohl(wc.masks.nw_dst), 0xff00ff00);
    classifier_remove(&cls, &r);
    classifier_destroy(&cls);
}

OSW_TEST(prefix_fields_invalid)
{
    struct classifier cls;
    enum mf_field_id bad[] = { MFF_TCP_DST };
    enum mf_field_id dup[] = { MFF_IPV4_SRC, MFF_IPV4_SRC };
    enum mf_field_id four[] = { MFF_IPV4_SRC, MFF_IPV4_DST, MFF_IPV6_SRC,
                                MFF_IPV6_DST };
    enum mf_field_id ok[] = { MFF_TUN_DST, MFF_IPV6_SRC, MFF_IPV4_DST };

    classifier_init(&cls);
    CHECK(!classifier_set_prefix_fields(&cls, bad, 1));
    CHECK(!classifier_set_prefix_fields(&cls, dup, 2));
    CHECK(!classifier_set_prefix_fields(&cls, four, 4));
    CHECK(classifier_set_prefix_fields(&cls, ok, 3));
    CHECK(classifier_set_prefix_fields(&cls, ok, 3));
    CHECK(classifier_set_prefix_fields(&cls, four, 2));
    classifier_destroy(&cls);
}

/* A tunnel-address trie works in the metadata stage. */
OSW_TEST(prefix_tun_dst)
{
    enum mf_field_id fields[] = { MFF_TUN_DST };
    struct classifier cls;
    struct cls_rule r;
    struct flow_wildcards wc;
    struct match m;
    struct flow flow;

    classifier_init(&cls);
    CHECK(classifier_set_prefix_fields(&cls, fields, 1));
    memset(&m, 0, sizeof m);
    MSET(&m, tun_dst, ip(10, 0, 0, 0), plen_mask(16));
    MSET(&m, tp_dst, htons(80), htons(0xffff));
    cls_rule_init(&r, &m, 1);
    classifier_insert(&cls, &r, 0);
    memset(&flow, 0, sizeof flow);
    flow.tun_dst = ip(128, 0, 0, 0);
    flow.tp_dst = htons(80);
    flow_wildcards_init_catchall(&wc);
    CHECK(!classifier_lookup(&cls, 0, &flow, &wc));
    CHECK_EQ(ntohl(wc.masks.tun_dst), 0x80000000);
    CHECK_EQ(wc.masks.tp_dst, 0);
    flow.tun_dst = ip(10, 0, 200, 1);
    CHECK(classifier_lookup(&cls, 0, &flow, NULL) == &r);
    classifier_remove(&cls, &r);
    classifier_destroy(&cls);
}

OSW_TEST(find_exactly)
{
    struct classifier cls;
    struct cls_rule a, b, probe;
    struct match m, m2;

    classifier_init(&cls);
    memset(&m, 0, sizeof m);
    MSET(&m, in_port, 4, UINT32_MAX);
    MSET(&m, nw_src, ip(10, 1, 0, 0), plen_mask(16));
    cls_rule_init(&a, &m, 100);
    classifier_insert(&cls, &a, 2);
    CHECK(classifier_find_rule_exactly(&cls, &a, 2) == &a);
    CHECK(!classifier_find_rule_exactly(&cls, &a, 1));
    CHECK(classifier_find_match_exactly(&cls, &m, 100, 2) == &a);
    CHECK(!classifier_find_match_exactly(&cls, &m, 99, 2));

    /* Bits outside the mask do not matter. */
    m2 = m;
    m2.flow.nw_src = ip(10, 1, 99, 99);
    CHECK(classifier_find_match_exactly(&cls, &m2, 100, 2) == &a);
    /* A different mask does. */
    m2.wc.masks.nw_src = plen_mask(24);
    CHECK(!classifier_find_match_exactly(&cls, &m2, 100, 2));
    /* A different value does. */
    m2 = m;
    m2.flow.in_port = 5;
    cls_rule_init(&probe, &m2, 100);
    CHECK(!classifier_find_rule_exactly(&cls, &probe, 2));

    cls_rule_init(&b, &m, 200);
    classifier_insert(&cls, &b, 2);
    CHECK(classifier_find_rule_exactly(&cls, &b, 2) == &b);
    CHECK(classifier_find_rule_exactly(&cls, &a, 2) == &a);
    cls_rule_make_invisible_in_version(&a, 3);
    CHECK(classifier_find_rule_exactly(&cls, &a, 2) == &a);
    CHECK(!classifier_find_rule_exactly(&cls, &a, 3));
    classifier_remove(&cls, &a);
    classifier_remove(&cls, &b);
    CHECK(!classifier_find_rule_exactly(&cls, &b, 2));
    classifier_destroy(&cls);
}

OSW_TEST(overlaps)
{
    struct classifier cls;
    struct cls_rule a, t1, t2, t3, t4;
    struct match m;

    classifier_init(&cls);
    memset(&m, 0, sizeof m);
    MSET(&m, nw_dst, ip(10, 0, 0, 0), plen_mask(8));
    MSET(&m, tp_dst, htons(80), htons(0xffff));
    cls_rule_init(&a, &m, 50);
    classifier_insert(&cls, &a, 0);
    CHECK(!classifier_rule_overlaps(&cls, &a, 0));

    /* Same priority, 10.1.0.0/16 and any port: overlaps. */
    memset(&m, 0, sizeof m);
    MSET(&m, nw_dst, ip(10, 1, 0, 0), plen_mask(16));
    cls_rule_init(&t1, &m, 50);
    CHECK(classifier_rule_overlaps(&cls, &t1, 0));
    /* Other priority: no. */
    cls_rule_init(&t2, &m, 51);
    CHECK(!classifier_rule_overlaps(&cls, &t2, 0));
    /* Disjoint address: no. */
    memset(&m, 0, sizeof m);
    MSET(&m, nw_dst, ip(11, 1, 0, 0), plen_mask(16));
    cls_rule_init(&t3, &m, 50);
    CHECK(!classifier_rule_overlaps(&cls, &t3, 0));
    /* Same address, other port: no. */
    memset(&m, 0, sizeof m);
    MSET(&m, nw_dst, ip(10, 0, 0, 0), plen_mask(8));
    MSET(&m, tp_dst, htons(81), htons(0xffff));
    cls_rule_init(&t4, &m, 50);
    CHECK(!classifier_rule_overlaps(&cls, &t4, 0));
    /* Invisible rules do not count. */
    cls_rule_make_invisible_in_version(&a, 1);
    CHECK(classifier_rule_overlaps(&cls, &t1, 0));
    CHECK(!classifier_rule_overlaps(&cls, &t1, 1));
    classifier_remove(&cls, &a);
    classifier_destroy(&cls);
}

struct collect {
    const struct cls_rule *rules[64];
    size_t n;
};

static void
collect_cb(const struct cls_rule *rule, void *c_)
{
    struct collect *c = c_;

    osw_assert(c->n < ARRAY_SIZE(c->rules));
    c->rules[c->n++] = rule;
}

static bool
collected(const struct collect *c, const struct cls_rule *rule)
{
    for (size_t i = 0; i < c->n; i++) {
        if (c->rules[i] == rule) {
            return true;
        }
    }
    return false;
}

OSW_TEST(for_each_target)
{
    struct classifier cls;
    struct cls_rule r[5];
    struct collect c;
    struct match m, target;

    classifier_init(&cls);
    /* r0: nw_dst=10.0.0.0/8; r1: 10.1.0.0/16,tp_dst=80;
     * r2: 10.1.2.3/32; r3: 192.168.0.0/16; r4: catchall. */
    memset(&m, 0, sizeof m);
    MSET(&m, nw_dst, ip(10, 0, 0, 0), plen_mask(8));
    cls_rule_init(&r[0], &m, 1);
    MSET(&m, nw_dst, ip(10, 1, 0, 0), plen_mask(16));
    MSET(&m, tp_dst, htons(80), htons(0xffff));
    cls_rule_init(&r[1], &m, 2);
    memset(&m, 0, sizeof m);
    MSET(&m, nw_dst, ip(10, 1, 2, 3), plen_mask(32));
    cls_rule_init(&r[2], &m, 3);
    MSET(&m, nw_dst, ip(192, 168, 0, 0), plen_mask(16));
    cls_rule_init(&r[3], &m, 4);
    memset(&m, 0, sizeof m);
    cls_rule_init(&r[4], &m, 5);
    for (int i = 0; i < 5; i++) {
        classifier_insert(&cls, &r[i], 0);
    }

    memset(&c, 0, sizeof c);
    classifier_for_each(&cls, NULL, 0, collect_cb, &c);
    CHECK_EQ(c.n, 5);

    /* Target 10.0.0.0/8 covers r0, r1, r2. */
    memset(&target, 0, sizeof target);
    MSET(&target, nw_dst, ip(10, 0, 0, 0), plen_mask(8));
    memset(&c, 0, sizeof c);
    classifier_for_each(&cls, &target, 0, collect_cb, &c);
    CHECK_EQ(c.n, 3);
    CHECK(collected(&c, &r[0]) && collected(&c, &r[1])
          && collected(&c, &r[2]));

    /* Target 10.1.0.0/16 covers r1 and r2 but not the wider r0. */
    memset(&target, 0, sizeof target);
    MSET(&target, nw_dst, ip(10, 1, 0, 0), plen_mask(16));
    memset(&c, 0, sizeof c);
    classifier_for_each(&cls, &target, 0, collect_cb, &c);
    CHECK_EQ(c.n, 2);
    CHECK(collected(&c, &r[1]) && collected(&c, &r[2]));

    /* Target tp_dst=80 covers r1 only. */
    memset(&target, 0, sizeof target);
    MSET(&target, tp_dst, htons(80), htons(0xffff));
    memset(&c, 0, sizeof c);
    classifier_for_each(&cls, &target, 0, collect_cb, &c);
    CHECK_EQ(c.n, 1);
    CHECK(c.rules[0] == &r[1]);

    /* An empty target covers everything; invisible rules are left out. */
    memset(&target, 0, sizeof target);
    cls_rule_make_invisible_in_version(&r[2], 1);
    memset(&c, 0, sizeof c);
    classifier_for_each(&cls, &target, 1, collect_cb, &c);
    CHECK_EQ(c.n, 4);
    CHECK(!collected(&c, &r[2]));
    memset(&c, 0, sizeof c);
    classifier_for_each(&cls, &target, 0, collect_cb, &c);
    CHECK_EQ(c.n, 5);

    for (int i = 0; i < 5; i++) {
        classifier_remove(&cls, &r[i]);
    }
    classifier_destroy(&cls);
}

/* Removing rules of a subtable from the highest priority down keeps its
 * place in the order right at every step. */
OSW_TEST(priority_removal_order)
{
    int n = small_run() ? 500 : 5000;
    struct cls_rule *rules = xcalloc(n, sizeof *rules);
    struct cls_rule mid;
    struct classifier cls;
    struct match m;
    struct flow flow;

    classifier_init(&cls);
    for (int i = 0; i < n; i++) {
        memset(&m, 0, sizeof m);
        MSET(&m, regs[1], i, UINT32_MAX);
        cls_rule_init(&rules[i], &m, i);
        classifier_insert(&cls, &rules[i], 0);
    }
    /* A competitor in another subtable, in the middle. */
    memset(&m, 0, sizeof m);
    MSET(&m, tp_dst, htons(80), htons(0xffff));
    cls_rule_init(&mid, &m, n / 2);
    classifier_insert(&cls, &mid, 0);

    memset(&flow, 0, sizeof flow);
    flow.tp_dst = htons(80);
    for (int i = n - 1; i >= 0; i--) {
        flow.regs[1] = i;
        CHECK(classifier_lookup(&cls, 0, &flow, NULL)
              == (i > n / 2 ? &rules[i] : i == n / 2 ? &rules[i] : &mid));
        classifier_remove(&cls, &rules[i]);
    }
    CHECK_EQ(classifier_count(&cls), 1);
    classifier_remove(&cls, &mid);
    free(rules);
    classifier_destroy(&cls);
}

/* classifier_destroy() with rules left frees its own memory and does
 * not touch the rules. */
OSW_TEST(destroy_with_rules)
{
    struct classifier cls;
    struct tref ref;

    rng_init(600);
    classifier_init(&cls);
    tref_init(&ref);
    for (int i = 0; i < 100; i++) {
        add_random_rule(&ref, &cls, 0, 5);
    }
    classifier_destroy(&cls);
    for (size_t i = 0; i < ref.n; i++) {
        free(ref.rules[i]);
    }
    free(ref.rules);
}

/* Benchmarks: numbers printed, nothing timed is asserted. */

/* Builds the match of rule 'i' of 'n_masks' kinds (up to 300) for the
 * benchmarks.  Kinds differ in nw_dst prefix length (/8 to /32), tp_dst or
 * not, nw_src /32 or /24, and in_port or dl_src or neither. */
static void
bench_match(struct match *m, uint32_t i, uint32_t n_masks)
{
    uint32_t kind = i % n_masks, k = i / n_masks;

    memset(m, 0, sizeof *m);
    MSET(m, dl_type, htons(0x0800), htons(0xffff));
    MSET(m, nw_dst, htonl(0x0a000000 | ((k * 2654435761u) >> 8)),
         plen_mask(8 + kind % 25));
    MSET(m, nw_src, htonl(0x0b000000 | (k & 0xffffff)),
         plen_mask((kind / 50) % 2 ? 24 : 32));
    if ((kind / 25) % 2) {
        MSET(m, nw_proto, 6, 0xff);
        MSET(m, tp_dst, htons(k % 1024), htons(0xffff));
    }
    if (kind / 100 == 1) {
        MSET(m, in_port, 1 + k % 4, UINT32_MAX);
    } else if (kind / 100 == 2) {
        MSET(m, dl_src, mac(k % 8), mac_exact);
    }
}

OSW_TEST(bench_insert_100k)
{
    uint32_t n = small_run() ? 5000 : 100000;
    struct cls_rule *rules = xmalloc(n * sizeof *rules);
    struct classifier cls;
    double t0, t1, t2;

    classifier_init(&cls);
    for (uint32_t i = 0; i < n; i++) {
        struct match m;

        bench_match(&m, i, 100);
        cls_rule_init(&rules[i], &m, i % 1000);
    }
    t0 = now_sec();
    for (uint32_t i = 0; i < n; i++) {
        classifier_insert(&cls, &rules[i], 0);
    }
    t1 = now_sec();
    CHECK_EQ(classifier_count(&cls), n);
    CHECK_EQ(classifier_n_subtables(&cls), 100);
    for (uint32_t i = 0; i < n; i += n / 100) {
        const struct cls_rule *found;

        found = classifier_find_rule_exactly(&cls, &rules[i], 0);
        CHECK(found && cls_rule_equal(found, &rules[i]));
    }
    t2 = now_sec();
    for (uint32_t i = 0; i < n; i++) {
        classifier_remove(&cls, &rules[i]);
    }
    printf("insert %"PRIu32" rules (100 subtables): %.1f ms "
           "(%.0f rules/s); remove all: %.1f ms\n",
           n, (t1 - t0) * 1e3, n / (t1 - t0), (now_sec() - t2) * 1e3);
    CHECK(classifier_is_empty(&cls));
    free(rules);
    classifier_destroy(&cls);
}

static void
bench_lookups(uint32_t n_masks, uint32_t n_rules)
{
    struct cls_rule *rules = xmalloc(n_rules * sizeof *rules);
    uint32_t n_flows = 1024;
    uint32_t n_lookups = small_run() ? 2000 : MAX(20000, 2000000 / n_masks);
    struct flow *flows = xmalloc(n_flows * sizeof *flows);
    struct classifier cls;
    double t0, t_wc, t_nowc;
    size_t hits = 0;

    classifier_init(&cls);
    for (uint32_t i = 0; i < n_rules; i++) {
        struct match m;

        bench_match(&m, i, n_masks);
        cls_rule_init(&rules[i], &m, rnd_n(100));
        classifier_insert(&cls, &rules[i], 0);
    }
    /* Half the packets are taken from rules (hits), half random. */
    for (uint32_t i = 0; i < n_flows; i++) {
        const struct match *m = &rules[rnd_n(n_rules)].match;

        flows[i] = m->flow;
        flows[i].nw_dst |= htonl(rnd()) & ~m->wc.masks.nw_dst;
        flows[i].nw_src |= htonl(rnd()) & ~m->wc.masks.nw_src;
        flows[i].in_port = 1 + rnd_n(4);
        flows[i].dl_src = mac(rnd_n(8));
        flows[i].nw_proto = 6;
        flows[i].tp_src = htons(1234);
        if (i & 1) {
            flows[i].nw_src = htonl(rnd());
            flows[i].tp_dst = htons(rnd_n(2048));
        }
    }
    t0 = now_sec();
    for (uint32_t i = 0; i < n_lookups; i++) {
        struct flow_wildcards wc;

        flow_wildcards_init_catchall(&wc);
        hits += classifier_lookup(&cls, 0, &flows[i % n_flows], &wc) != NULL;
    }
    t_wc = now_sec() - t0;
    t0 = now_sec();
    for (uint32_t i = 0; i < n_lookups; i++) {
        hits += classifier_lookup(&cls, 0, &flows[i % n_flows], NULL) != NULL;
    }
    t_nowc = now_sec() - t0;
    printf("%3"PRIu32" subtables, %6"PRIu32" rules: %.2f Mlookups/s with wc "
           "(%.0f ns), %.2f M/s without (%.0f ns); %.0f%% hits\n",
           n_masks, n_rules, n_lookups / t_wc / 1e6, t_wc / n_lookups * 1e9,
           n_lookups / t_nowc / 1e6, t_nowc / n_lookups * 1e9,
           100.0 * hits / (2.0 * n_lookups));
    CHECK(hits > 0);
    for (uint32_t i = 0; i < n_rules; i++) {
        classifier_remove(&cls, &rules[i]);
    }
    free(rules);
    free(flows);
    classifier_destroy(&cls);
}

OSW_TEST(bench_lookup)
{
    bool small = small_run();

    rng_init(700);
    bench_lookups(1, small ? 100 : 1000);
    bench_lookups(10, small ? 1000 : 10000);
    bench_lookups(100, 1000);
    bench_lookups(100, small ? 2000 : 100000);
    if (!small) {
        bench_lookups(300, 100000);
    }
}

OSW_TEST_MAIN()
