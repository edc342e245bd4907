/* Tests for datapath/dpif-netdev: the userspace datapath, with "dummy"
 * netdevs as ports and a test upcall callback in place of ofproto. */
#include <config.h>
#include "datapath/dpif.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "datapath/dp-actions.h"
#include "osw/coverage.h"
#include "osw/dp-packet.h"
#include "osw/flow.h"
#include "osw/netdev.h"
#include "osw/netlink.h"
#include "osw/ofpbuf.h"
#include "osw/smap.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "tests/testlib.h"

#define N_PORTS 3

/* What the test upcall callback does. */
struct upcall_cfg {
    const char *actions;        /* dp_actions_parse() syntax. */
    bool mask_dl_src;           /* Look at dl_src (else only dl_dst). */
    int n_tags;                 /* Tags to add: 1000, 1001, ... */
    bool no_cache;
    int error;                  /* Returned when nonzero. */
    bool malformed;             /* Produce a malformed action list. */
    bool xcache;                /* Attach a translation record. */
    unsigned int n_upcalls;     /* Atomic: how many calls. */
};

/* Translation records ("xcache") made and freed, atomic. */
static unsigned int n_xcache_made, n_xcache_freed;

static void
test_xcache_free(void *xcache)
{
    CHECK_EQ(*(int *) xcache, 42);
    free(xcache);
    __atomic_fetch_add(&n_xcache_freed, 1, __ATOMIC_SEQ_CST);
}

static struct dpif *dp;
static struct netdev *ports[N_PORTS];
static odp_port_t port_nos[N_PORTS];
static struct upcall_cfg cfg;

static int
test_upcall(struct dpif_upcall *up, void *aux)
{
    struct upcall_cfg *c = aux;

    __atomic_fetch_add(&c->n_upcalls, 1, __ATOMIC_SEQ_CST);
    for (int i = 0; i < c->n_tags; i++) {
        dpif_upcall_add_dep(dp, up, 1000 + i);
    }
    FLOW_WC_SET(up->wc, dl_dst);
    if (c->mask_dl_src) {
        FLOW_WC_SET(up->wc, dl_src);
    }
    up->no_cache = c->no_cache;
    if (c->xcache) {
        int *x = xmalloc(sizeof *x);
        *x = 42;
        up->xcache = x;
        up->xcache_free = test_xcache_free;
        __atomic_fetch_add(&n_xcache_made, 1, __ATOMIC_SEQ_CST);
    }
    if (c->error) {
        return c->error;
    }
    if (c->malformed) {
        nl_msg_put_u16(up->actions, OVS_ACTION_ATTR_OUTPUT, 2);
        return 0;
    }
    char *error = dp_actions_parse(c->actions, up->actions);
    CHECK(!error);
    return 0;
}

static unsigned int
n_upcalls(void)
{
    return __atomic_load_n(&cfg.n_upcalls, __ATOMIC_SEQ_CST);
}

/* Creates the datapath with 'n_threads' threads and N_PORTS dummy ports
 * (numbered 1, 2, 3), the upcall outputting to port 2. */
static void
setup(int n_threads)
{
    char name[32];

    netdev_init();
    memset(&cfg, 0, sizeof cfg);
    cfg.actions = "2";
    dp = dpif_create("osw-netdev");
    if (n_threads != 1) {
        struct smap sm = SMAP_INITIALIZER(&sm);
        smap_add_format(&sm, "n-forwarding-threads", "%d", n_threads);
        dpif_set_config(dp, &sm);
        smap_destroy(&sm);
    }
    dpif_register_upcall(dp, test_upcall, &cfg);
    for (int i = 0; i < N_PORTS; i++) {
        snprintf(name, sizeof name, "dpt%d", i + 1);
        CHECK_EQ(netdev_open(name, "dummy", NULL, &ports[i]), 0);
        CHECK_EQ(dpif_port_add(dp, ports[i], &port_nos[i]), 0);
        CHECK_EQ(port_nos[i], i + 1);
    }
}

static void
teardown(void)
{
    for (int i = 0; i < N_PORTS; i++) {
        if (ports[i]) {
            dpif_port_del(dp, port_nos[i]);
            netdev_close(ports[i]);
            ports[i] = NULL;
        }
    }
    dpif_destroy(dp);
    dp = NULL;
}

static struct flow
make_flow(uint64_t src, uint64_t dst)
{
    struct flow flow;
    memset(&flow, 0, sizeof flow);
    flow.dl_src = eth_addr_from_uint64(src);
    flow.dl_dst = eth_addr_from_uint64(dst);
    flow.dl_type = htons(ETH_TYPE_IP);
    flow.nw_src = htonl(0x0a000001);
    flow.nw_dst = htonl(0x0a000002);
    flow.nw_proto = IPPROTO_UDP;
    flow.nw_ttl = 64;
    flow.tp_src = htons(1);
    flow.tp_dst = htons(2);
    return flow;
}

/* Injects a frame for 'flow' with 'payload' bytes on port index 'in'. */
static void
inject(int in, uint64_t src, uint64_t dst, size_t payload)
{
    struct flow flow = make_flow(src, dst);
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);
    flow_compose(p, &flow, payload);
    CHECK_EQ(netdev_dummy_receive(ports[in], p), 0);
}

/* Waits until 'cond' holds (up to 5 s). */
#define WAIT_FOR(COND)                                                  \
    do {                                                                \
        long long int deadline__ = time_msec() + 5000;                  \
        while (!(COND)) {                                               \
            if (time_msec() > deadline__) {                             \
                osw_test_fail(__FILE__, __LINE__,                       \
                              "timed out waiting for %s", #COND);       \
            }                                                           \
            usleep(1000);                                               \
        }                                                               \
    } while (0)

/* Takes every frame sent on port index 'i' so far; returns how many. */
static int
drain(int i)
{
    int n = 0;
    struct dp_packet *p;
    while ((p = netdev_dummy_pop_sent(ports[i]))) {
        dp_packet_delete(p);
        n++;
    }
    return n;
}

/* Waits until exactly 'n' more frames went out on port index 'i'. */
static int sent_so_far[N_PORTS];
static bool
got_sent(int i, int n)
{
    sent_so_far[i] += drain(i);
    if (sent_so_far[i] >= n) {
        sent_so_far[i] -= n;
        return true;
    }
    return false;
}

static struct dpif_dp_stats
stats(void)
{
    struct dpif_dp_stats s;
    dpif_get_stats(dp, &s);
    return s;
}

static uint64_t
drops(odp_port_t port, enum dp_drop_reason reason)
{
    uint64_t counts[DP_DROP_N_REASONS];
    CHECK_EQ(dpif_get_drop_stats(dp, port, counts), 0);
    return counts[reason];
}

static uint64_t
processed(void)
{
    struct dpif_dp_stats s = stats();
    return s.n_hit + s.n_missed;
}

struct dump_result {
    int n;
    struct dpif_flow last;
    uint64_t n_packets;
};

static void
dump_cb(const struct dpif_flow *f, void *r_)
{
    struct dump_result *r = r_;
    r->n++;
    r->last = *f;
    r->last.actions = NULL;
    r->n_packets += f->stats.n_packets;
}

static struct dump_result
dump(void)
{
    struct dump_result r;
    memset(&r, 0, sizeof r);
    dpif_flow_dump(dp, dump_cb, &r);
    return r;
}

OSW_TEST(create_destroy)
{
    netdev_init();
    struct dpif *d = dpif_create("osw-netdev");
    CHECK_STREQ(dpif_name(d), "osw-netdev");
    CHECK(dpif_next(NULL) == d);
    CHECK(!dpif_next(d));
    CHECK_EQ(dpif_n_threads(d), 1);
    CHECK_EQ(dpif_port_del(d, 1), ENOENT);
    CHECK(!dpif_port_name(d, 1));
    uint64_t counts[DP_DROP_N_REASONS];
    CHECK_EQ(dpif_get_drop_stats(d, 5, counts), ENOENT);
    CHECK_EQ(dpif_get_drop_stats(d, ODPP_NONE, counts), 0);
    dpif_destroy(d);
    CHECK(!dpif_next(NULL));
}

struct port_dump_ctx {
    int n;
    odp_port_t last;
    uint64_t runts;
};

static void
port_dump_cb(const struct dpif_port *port, void *ctx_)
{
    struct port_dump_ctx *ctx = ctx_;
    uint64_t counts[DP_DROP_N_REASONS];

    /* Other dpif calls are allowed from the callback. */
    CHECK_EQ(dpif_get_drop_stats(dp, port->port_no, counts), 0);
    CHECK_STREQ(dpif_port_name(dp, port->port_no), port->name);
    CHECK_STREQ(port->type, "dummy");
    CHECK(port->port_no > ctx->last);
    CHECK_EQ(port->mtu, 1500);
    ctx->last = port->port_no;
    ctx->runts += counts[DP_DROP_RUNT];
    ctx->n++;
}

OSW_TEST(port_dump)
{
    setup(1);
    struct dp_packet *p = dp_packet_new_with_data("\x01\x02", 2);
    CHECK_EQ(netdev_dummy_receive(ports[1], p), 0);
    WAIT_FOR(drops(2, DP_DROP_RUNT) == 1);

    struct port_dump_ctx ctx = { 0, 0, 0 };
    dpif_port_dump(dp, port_dump_cb, &ctx);
    CHECK_EQ(ctx.n, N_PORTS);
    CHECK_EQ(ctx.runts, 1);

    CHECK_EQ(dpif_port_del(dp, 2), 0);
    netdev_close(ports[1]);
    ports[1] = NULL;
    memset(&ctx, 0, sizeof ctx);
    dpif_port_dump(dp, port_dump_cb, &ctx);
    CHECK_EQ(ctx.n, N_PORTS - 1);
    CHECK_EQ(ctx.runts, 0);
    teardown();
}

OSW_TEST(forward_and_cache)
{
    setup(1);
    CHECK_STREQ(dpif_port_name(dp, 2), "dpt2");

    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_upcalls(), 1);
    CHECK_EQ(stats().n_missed, 1);
    CHECK_EQ(stats().n_flows, 1);
    CHECK_EQ(stats().n_masks, 1);

    /* The same flow again: an EMC hit, no upcall. */
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_upcalls(), 1);
    CHECK_EQ(stats().n_hit, 1);
    CHECK_EQ(stats().n_emc_hit, 1);

    /* Another source MAC: not in the mask, a megaflow hit. */
    inject(0, 0x0c, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_upcalls(), 1);
    CHECK_EQ(stats().n_hit, 2);
    CHECK_EQ(stats().n_emc_hit, 1);

    /* Another destination, another megaflow with the same mask. */
    inject(0, 0x0a, 0x0d, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_upcalls(), 2);
    CHECK_EQ(stats().n_flows, 2);
    CHECK_EQ(stats().n_masks, 1);

    /* From another port: in_port is always in the mask. */
    inject(2, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_upcalls(), 3);

    struct dump_result r = dump();
    CHECK_EQ(r.n, 3);
    CHECK_EQ(r.n_packets, 5);
    CHECK_EQ(r.last.mask.masks.in_port, UINT32_MAX);
    CHECK(eth_addr_is_zero(r.last.mask.masks.dl_src));
    CHECK_EQ(r.last.mask.masks.dl_dst.ea[0], 0xff);
    CHECK(r.last.stats.used);
    CHECK_EQ(drops(ODPP_NONE, DP_DROP_NO_OUTPUT), 0);
    teardown();
}

OSW_TEST(flow_stats_and_flush)
{
    setup(1);
    for (int i = 0; i < 10; i++) {
        inject(0, 0x0a, 0x0b, 100);
    }
    WAIT_FOR(got_sent(1, 10));
    struct dump_result r = dump();
    CHECK_EQ(r.n, 1);
    CHECK_EQ(r.last.stats.n_packets, 10);
    CHECK(r.last.stats.n_bytes >= 10 * 100);
    CHECK_EQ(r.last.key.in_port, 1);
    CHECK_EQ(r.last.thread, 0);

    dpif_flow_flush(dp);
    CHECK_EQ(dump().n, 0);
    CHECK_EQ(stats().n_flows, 0);
    inject(0, 0x0a, 0x0b, 100);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_upcalls(), 2);
    CHECK_EQ(dump().n, 1);
    teardown();
}

OSW_TEST(revalidate_all)
{
    setup(1);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_upcalls(), 1);

    /* After revalidation the next packet is translated anew, and the
     * new translation takes effect (output to port 3 now). */
    cfg.actions = "3";
    dpif_revalidate_all(dp);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(2, 1));
    CHECK_EQ(n_upcalls(), 2);
    CHECK_EQ(drain(1), 0);

    /* The entry was updated in place, but the new translation counts
     * from zero under a new id (the old counts belong to the old one). */
    struct dump_result r = dump();
    CHECK_EQ(r.n, 1);
    CHECK_EQ(r.last.stats.n_packets, 1);
    uint64_t id = r.last.id;
    CHECK(id != 0);

    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(2, 1));
    CHECK_EQ(n_upcalls(), 2);

    r = dump();
    CHECK_EQ(r.last.stats.n_packets, 2);
    CHECK_EQ(r.last.id, id);

    /* A mask change on retranslation: a new entry, which inherits
     * nothing. */
    cfg.mask_dl_src = true;
    dpif_revalidate_all(dp);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(2, 1));
    CHECK_EQ(n_upcalls(), 3);
    r = dump();
    CHECK_EQ(r.n, 1);
    CHECK_EQ(r.last.stats.n_packets, 1);
    CHECK(r.last.id != id);
    CHECK(!eth_addr_is_zero(r.last.mask.masks.dl_src));
    teardown();
}

OSW_TEST(tags)
{
    setup(1);
    cfg.n_tags = 2;             /* Tags 1000 and 1001. */
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_upcalls(), 1);

    /* An unrelated tag changes nothing. */
    dpif_tag_bump(dp, 5);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_upcalls(), 1);

    /* One the entry depends on makes it stale. */
    dpif_tag_bump(dp, 1001);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_upcalls(), 2);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_upcalls(), 2);

    /* A tag sharing the slot does too (rarely, by design). */
    dpif_tag_bump(dp, 1000 + DPIF_N_TAG_SLOTS);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_upcalls(), 3);
    teardown();
}

OSW_TEST(add_dep_limits)
{
    struct dpif_upcall up;
    netdev_init();
    dp = dpif_create("osw-netdev");
    memset(&up, 0, sizeof up);
    for (int i = 0; i < DPIF_MAX_DEPS; i++) {
        dpif_upcall_add_dep(dp, &up, 7 + i);
        dpif_upcall_add_dep(dp, &up, 7 + i);     /* Duplicates: once. */
    }
    CHECK_EQ(up.n_deps, DPIF_MAX_DEPS);
    CHECK(!up.too_many_deps);
    dpif_tag_bump(dp, 7);
    dpif_upcall_add_dep(dp, &up, 7);
    CHECK(!up.too_many_deps);
    dpif_upcall_add_dep(dp, &up, 99);
    CHECK(up.too_many_deps);
    CHECK_EQ(up.dep_gens[0], 0);
    dpif_destroy(dp);
}

OSW_TEST(too_many_deps_not_cached)
{
    setup(1);
    cfg.n_tags = DPIF_MAX_DEPS + 1;
    for (int i = 1; i <= 3; i++) {
        inject(0, 0x0a, 0x0b, 20);
        WAIT_FOR(got_sent(1, 1));
        CHECK_EQ(n_upcalls(), i);
    }
    CHECK_EQ(stats().n_flows, 0);
    teardown();
}

OSW_TEST(no_cache)
{
    setup(1);
    cfg.no_cache = true;
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_upcalls(), 2);
    CHECK_EQ(stats().n_flows, 0);
    teardown();
}

OSW_TEST(drop_runt_and_bad_frames)
{
    setup(1);
    uint64_t before = coverage_get("drop_runt");

    struct dp_packet *p = dp_packet_new_with_data("\x01\x02\x03\x04", 4);
    CHECK_EQ(netdev_dummy_receive(ports[0], p), 0);
    /* A truncated IPv4 header. */
    struct flow flow = make_flow(1, 2);
    p = dp_packet_new(0, DP_PACKET_HEADROOM);
    flow_compose(p, &flow, 0);
    dp_packet_set_size(p, ETH_HEADER_LEN + 10);
    CHECK_EQ(netdev_dummy_receive(ports[0], p), 0);

    WAIT_FOR(drops(ODPP_NONE, DP_DROP_RUNT) == 1
             && drops(ODPP_NONE, DP_DROP_BAD_L3) == 1);
    CHECK_EQ(drops(1, DP_DROP_RUNT), 1);
    CHECK_EQ(drops(2, DP_DROP_RUNT), 0);
    CHECK_EQ(n_upcalls(), 0);
    CHECK_EQ(coverage_get("drop_runt") - before, 1);
    teardown();
}

OSW_TEST(drop_by_translation)
{
    setup(1);
    cfg.actions = "drop(vlan_ingress)";
    inject(0, 0x0a, 0x0b, 20);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(drops(1, DP_DROP_VLAN_INGRESS) == 2);
    CHECK_EQ(n_upcalls(), 1);       /* The drop is cached too. */
    CHECK_EQ(stats().n_flows, 1);

    /* Empty actions: no_output. */
    cfg.actions = "drop";
    dpif_revalidate_all(dp);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(drops(1, DP_DROP_NO_OUTPUT) == 1);
    CHECK_EQ(drops(ODPP_NONE, DP_DROP_VLAN_INGRESS), 2);
    teardown();
}

OSW_TEST(upcall_error)
{
    setup(1);
    cfg.error = EINVAL;
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(drops(1, DP_DROP_UPCALL_ERROR) == 1);
    CHECK_EQ(stats().n_lost, 1);
    CHECK_EQ(stats().n_flows, 0);

    /* No callback at all: every miss is dropped. */
    dpif_register_upcall(dp, NULL, NULL);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(drops(1, DP_DROP_UPCALL_ERROR) == 2);
    teardown();
}

OSW_TEST(malformed_upcall_actions)
{
    setup(1);
    cfg.malformed = true;
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(drops(1, DP_DROP_UPCALL_ERROR) == 1);
    CHECK_EQ(stats().n_lost, 1);
    CHECK_EQ(stats().n_flows, 0);

    /* Output back to the ingress port is the translation's business. */
    cfg.malformed = false;
    cfg.actions = "1";
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(0, 1));
    teardown();
}

OSW_TEST(flood_clones)
{
    setup(1);
    cfg.actions = "2,3";
    for (int i = 0; i < 5; i++) {
        inject(0, 0xff, 0xffffffffffffull, 40);
    }
    WAIT_FOR(got_sent(1, 5) && got_sent(2, 5));
    CHECK_EQ(n_upcalls(), 1);
    teardown();
}

OSW_TEST(port_del_removes_flows)
{
    setup(1);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    cfg.actions = "3";
    inject(0, 0x0a, 0x0c, 20);
    WAIT_FOR(got_sent(2, 1));
    CHECK_EQ(dump().n, 2);

    /* Flows that output to the port go with it. */
    CHECK_EQ(dpif_port_del(dp, 2), 0);
    CHECK_EQ(dpif_port_del(dp, 2), ENOENT);
    CHECK(!dpif_port_name(dp, 2));
    netdev_close(ports[1]);
    ports[1] = NULL;
    struct dump_result r = dump();
    CHECK_EQ(r.n, 1);
    CHECK_EQ(r.last.key.dl_dst.ea[5], 0x0c);

    /* A translation that still names it: no_port on the ingress. */
    cfg.actions = "2";
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(drops(1, DP_DROP_NO_PORT) == 1);
    CHECK_EQ(n_upcalls(), 3);

    /* Port numbers are not reused. */
    struct netdev *nd;
    odp_port_t no;
    CHECK_EQ(netdev_open("dpt9", "dummy", NULL, &nd), 0);
    CHECK_EQ(dpif_port_add(dp, nd, &no), 0);
    CHECK_EQ(no, 4);
    CHECK_EQ(dpif_port_del(dp, no), 0);
    netdev_close(nd);

    /* Deleted ports' drops still count in the total. */
    CHECK_EQ(drops(ODPP_NONE, DP_DROP_NO_PORT), 1);
    teardown();
}

OSW_TEST(port_del_under_traffic)
{
    setup(2);
    cfg.actions = "2,3";
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 50; i++) {
            inject(0, 0x0a + i, 0x0b, 20);
        }
        if (round == 10) {
            CHECK_EQ(dpif_port_del(dp, 3), 0);
            netdev_close(ports[2]);
            ports[2] = NULL;
        }
        drain(1);
    }
    WAIT_FOR(processed() == 1000);
    teardown();
}

OSW_TEST(mtu)
{
    setup(1);
    dpif_port_set_mtu(dp, 2, 100);
    inject(0, 0x0a, 0x0b, 200);
    WAIT_FOR(drops(2, DP_DROP_MTU) == 1);
    CHECK_EQ(drops(1, DP_DROP_MTU), 0);

    /* MTU + 14 goes out. */
    inject(0, 0x0a, 0x0b, 100 - 20 - 8);
    WAIT_FOR(got_sent(1, 1));
    dpif_port_set_mtu(dp, 2, 1500);
    inject(0, 0x0a, 0x0b, 200);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(drops(2, DP_DROP_MTU), 1);
    teardown();
}

OSW_TEST(execute)
{
    setup(1);
    struct ofpbuf actions;
    struct flow flow = make_flow(1, 2);
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);

    flow_compose(p, &flow, 10);
    ofpbuf_init(&actions, 0);
    CHECK(!dp_actions_parse("push_vlan(vid=5,pcp=0),3,pop_vlan,1",
                            &actions));
    CHECK_EQ(dpif_execute(dp, p, actions.data, actions.size), 0);
    struct dp_packet *s = netdev_dummy_pop_sent(ports[2]);
    CHECK(s);
    CHECK_EQ(((uint8_t *) dp_packet_data(s))[12], 0x81);
    dp_packet_delete(s);
    s = netdev_dummy_pop_sent(ports[0]);
    CHECK(s);
    CHECK_EQ(((uint8_t *) dp_packet_data(s))[12], 0x08);
    dp_packet_delete(s);

    /* Malformed actions are refused. */
    p = dp_packet_new(0, DP_PACKET_HEADROOM);
    flow_compose(p, &flow, 10);
    CHECK_EQ(dpif_execute(dp, p, actions.data, 3), EINVAL);

    /* Drops from the control thread count too. */
    p = dp_packet_new(0, DP_PACKET_HEADROOM);
    flow_compose(p, &flow, 10);
    CHECK_EQ(dpif_execute(dp, p, NULL, 0), 0);
    CHECK_EQ(drops(ODPP_NONE, DP_DROP_NO_OUTPUT), 1);
    ofpbuf_uninit(&actions);
    teardown();
}

OSW_TEST(several_threads)
{
    setup(3);
    CHECK_EQ(dpif_n_threads(dp), 3);
    cfg.actions = "2";
    for (int i = 0; i < 100; i++) {
        inject(0, 0x0a, 0x0b, 20);
        inject(2, 0x0a, 0x0b, 20);
    }
    WAIT_FOR(got_sent(1, 200));

    /* Each port's queue is on its own thread: each made its own flow. */
    struct dump_result r = dump();
    CHECK_EQ(r.n, 2);
    int busy = 0;
    for (unsigned int i = 0; i < dpif_n_threads(dp); i++) {
        struct dpif_thread_stats ts;
        CHECK(dpif_get_thread_stats(dp, i, &ts));
        CHECK_EQ(ts.id, i);
        CHECK_EQ(ts.n_rxqs, 1);
        busy += ts.n_flows > 0;
    }
    CHECK_EQ(busy, 2);

    /* Fewer threads: counters survive, traffic still flows. */
    struct smap sm = SMAP_INITIALIZER(&sm);
    smap_replace(&sm, "n-forwarding-threads", "1");
    dpif_set_config(dp, &sm);
    smap_destroy(&sm);
    CHECK_EQ(dpif_n_threads(dp), 1);
    CHECK_EQ(processed(), 200);
    inject(2, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    struct dpif_thread_stats ts;
    CHECK(dpif_get_thread_stats(dp, 0, &ts));
    CHECK_EQ(ts.n_rxqs, 3);
    CHECK(!dpif_get_thread_stats(dp, 1, &ts));
    teardown();
}

OSW_TEST(max_idle)
{
    setup(1);
    struct smap sm = SMAP_INITIALIZER(&sm);
    smap_replace(&sm, "max-idle", "100");
    dpif_set_config(dp, &sm);
    smap_destroy(&sm);

    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(stats().n_flows, 1);
    /* Swept within a second or so of going idle. */
    WAIT_FOR(stats().n_flows == 0);
    teardown();
}

OSW_TEST(flow_limit)
{
    setup(1);
    struct smap sm = SMAP_INITIALIZER(&sm);
    smap_replace(&sm, "flow-limit", "2");
    dpif_set_config(dp, &sm);
    smap_destroy(&sm);

    for (int i = 0; i < 5; i++) {
        inject(0, 0x0a, 0x100 + i, 20);
    }
    WAIT_FOR(got_sent(1, 5));
    CHECK_EQ(stats().n_flows, 2);
    CHECK_EQ(n_upcalls(), 5);
    teardown();
}

OSW_TEST(many_macs_one_mask)
{
    setup(1);
    cfg.mask_dl_src = true;
    enum { N = 2000 };
    for (int i = 0; i < N; i++) {
        inject(0, 0x020000000000ull + i, 0x0b, 20);
        if (i % 256 == 255) {
            WAIT_FOR(processed() == (uint64_t) i + 1);
            drain(1);
        }
    }
    WAIT_FOR(processed() == N);
    CHECK_EQ(stats().n_flows, N);
    CHECK_EQ(stats().n_masks, 1);
    for (int i = 0; i < N; i++) {
        inject(0, 0x020000000000ull + i, 0x0b, 20);
        if (i % 256 == 255) {
            WAIT_FOR(processed() == (uint64_t) N + i + 1);
            drain(1);
        }
    }
    WAIT_FOR(processed() == 2 * N);
    CHECK_EQ(n_upcalls(), N);
    struct dpif_thread_stats ts;
    CHECK(dpif_get_thread_stats(dp, 0, &ts));
    /* One subtable: one probe per megaflow lookup. */
    CHECK(ts.n_probes <= ts.n_lookups && ts.n_probes + 1 >= ts.n_lookups);
    teardown();
}

/* Userspace actions. */

struct userspace_seen {
    unsigned int n;             /* Atomic. */
    uint32_t in_port;
    ovs_be16 tp_dst;
    uint8_t data[8];
    size_t len;
    uint32_t size;
};
static struct userspace_seen us_seen;

static void
test_userspace(const struct dp_packet *p, const struct flow *flow,
               const void *userdata, size_t len, void *aux)
{
    CHECK(aux == &us_seen);
    us_seen.in_port = flow->in_port;
    us_seen.tp_dst = flow->tp_dst;
    us_seen.len = len;
    us_seen.size = dp_packet_size(p);
    if (len) {
        memcpy(us_seen.data, userdata, MIN(len, sizeof us_seen.data));
    } else {
        CHECK(userdata == NULL);
    }
    __atomic_fetch_add(&us_seen.n, 1, __ATOMIC_SEQ_CST);
}

static unsigned int
n_userspace(void)
{
    return __atomic_load_n(&us_seen.n, __ATOMIC_SEQ_CST);
}

OSW_TEST(userspace_callback)
{
    setup(1);
    memset(&us_seen, 0, sizeof us_seen);
    dpif_register_userspace(dp, test_userspace, &us_seen);

    /* The callback sees the packet as the earlier actions left it. */
    cfg.actions = "set(udp(dst=99)),userspace(pid=0,userdata(0102a0)),2";
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    WAIT_FOR(n_userspace() == 1);
    CHECK_EQ(us_seen.in_port, 1);
    CHECK_EQ(ntohs(us_seen.tp_dst), 99);
    CHECK_EQ(us_seen.len, 3);
    CHECK_EQ(us_seen.data[0], 0x01);
    CHECK_EQ(us_seen.data[2], 0xa0);

    /* Cached: the second packet runs it too. */
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    WAIT_FOR(n_userspace() == 2);
    CHECK_EQ(stats().n_hit, 1);

    /* A packet that only goes to userspace is no drop. */
    cfg.actions = "userspace(pid=0)";
    dpif_revalidate_all(dp);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(n_userspace() == 3);
    CHECK_EQ(us_seen.len, 0);
    CHECK_EQ(drops(ODPP_NONE, DP_DROP_NO_OUTPUT), 0);

    /* Unregistered: nothing is called. */
    dpif_register_userspace(dp, NULL, NULL);
    dpif_revalidate_all(dp);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(processed() == 4);
    CHECK_EQ(n_userspace(), 3);
    teardown();
}

OSW_TEST(userspace_from_execute)
{
    setup(1);
    memset(&us_seen, 0, sizeof us_seen);
    dpif_register_userspace(dp, test_userspace, &us_seen);

    struct ofpbuf actions;
    struct flow flow = make_flow(1, 2);
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);
    flow_compose(p, &flow, 10);
    p->in_port = 3;
    ofpbuf_init(&actions, 0);
    CHECK(!dp_actions_parse("push_vlan(vid=5,pcp=0),"
                            "userspace(pid=0,userdata(ff))", &actions));
    uint32_t size = dp_packet_size(p);
    CHECK_EQ(dpif_execute(dp, p, actions.data, actions.size), 0);
    /* Synchronous: done when dpif_execute() returns. */
    CHECK_EQ(n_userspace(), 1);
    CHECK_EQ(us_seen.in_port, 3);
    CHECK_EQ(us_seen.size, size + 4);
    CHECK_EQ(us_seen.data[0], 0xff);
    ofpbuf_uninit(&actions);
    teardown();
}

/* Translation records. */

static unsigned int
xcache_live(void)
{
    return (__atomic_load_n(&n_xcache_made, __ATOMIC_SEQ_CST)
            - __atomic_load_n(&n_xcache_freed, __ATOMIC_SEQ_CST));
}

static void
dump_xcache_cb(const struct dpif_flow *f, void *n_)
{
    int *n = n_;
    CHECK(f->xcache);
    CHECK_EQ(*(const int *) f->xcache, 42);
    (*n)++;
}

OSW_TEST(xcache_lifetime)
{
    setup(1);
    cfg.xcache = true;

    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(xcache_live(), 1);
    int n = 0;
    dpif_flow_dump(dp, dump_xcache_cb, &n);
    CHECK_EQ(n, 1);

    /* A retranslation replaces the record; the old one stays with the
     * counts it has not reported until the statistics dump. */
    dpif_revalidate_all(dp);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(n_xcache_made, 2);
    CHECK_EQ(xcache_live(), 2);
    n = 0;
    dpif_flow_dump_stats(dp, dump_xcache_cb, &n);
    CHECK_EQ(n, 2);
    CHECK_EQ(xcache_live(), 1);

    /* Not cached: kept for its one packet until the statistics dump. */
    cfg.no_cache = true;
    inject(0, 0x0c, 0x0d, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(xcache_live(), 2);
    n = 0;
    dpif_flow_dump_stats(dp, dump_xcache_cb, &n);
    CHECK_EQ(n, 2);
    CHECK_EQ(xcache_live(), 1);

    /* Freed at once on a translation error (nothing to count). */
    cfg.no_cache = false;
    cfg.error = EINVAL;
    inject(0, 0x0e, 0x0f, 20);
    WAIT_FOR(processed() == 4);
    WAIT_FOR(xcache_live() == 1);

    /* The megaflow's death frees it, having reported all its counts. */
    dpif_flow_flush(dp);
    CHECK_EQ(xcache_live(), 0);

    /* Unreported counts keep it until the statistics dump. */
    cfg.error = 0;
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    dpif_flow_flush(dp);
    CHECK_EQ(xcache_live(), 1);
    teardown();
}

/* What a statistics dumper has credited: per id, the last count seen. */
struct credit {
    uint64_t ids[64];
    uint64_t seen[64];
    size_t n;
    uint64_t credited;          /* Packets. */
    int n_dead, n_live;
};

static void
credit_cb(const struct dpif_flow *f, void *c_)
{
    struct credit *c = c_;
    size_t i;

    CHECK(f->xcache);
    for (i = 0; i < c->n && c->ids[i] != f->id; i++) {
        continue;
    }
    if (i == c->n) {
        CHECK(c->n < ARRAY_SIZE(c->ids));
        c->ids[c->n] = f->id;
        c->seen[c->n++] = 0;
    }
    CHECK(f->stats.n_packets >= c->seen[i]);
    c->credited += f->stats.n_packets - c->seen[i];
    c->seen[i] = f->stats.n_packets;
    if (f->dead) {
        c->n_dead++;
        /* Never seen again. */
        c->ids[i] = 0;
    } else {
        c->n_live++;
    }
}

/* Every packet is reported exactly once through dpif_flow_dump_stats(),
 * across retranslations in place, mask changes, uncached executions,
 * flushes and expiry. */
OSW_TEST(stats_reported_once)
{
    struct credit c;

    memset(&c, 0, sizeof c);
    setup(1);
    cfg.xcache = true;
    for (int i = 0; i < 3; i++) {
        inject(0, 0x0a, 0x0b, 20);
    }
    WAIT_FOR(got_sent(1, 3));
    dpif_flow_dump_stats(dp, credit_cb, &c);
    CHECK_EQ(c.credited, 3);
    CHECK_EQ(c.n_live, 1);
    CHECK_EQ(c.n_dead, 0);

    /* Retranslated in place after two more packets. */
    inject(0, 0x0a, 0x0b, 20);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 2));
    dpif_revalidate_all(dp);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    c.n_live = c.n_dead = 0;
    dpif_flow_dump_stats(dp, credit_cb, &c);
    CHECK_EQ(c.credited, 6);
    CHECK_EQ(c.n_live, 1);
    CHECK_EQ(c.n_dead, 1);

    /* A mask change: a new megaflow that inherits nothing. */
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    cfg.mask_dl_src = true;
    dpif_revalidate_all(dp);
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    struct dump_result r = dump();
    CHECK_EQ(r.n, 1);
    CHECK_EQ(r.last.stats.n_packets, 1);
    c.n_live = c.n_dead = 0;
    dpif_flow_dump_stats(dp, credit_cb, &c);
    CHECK_EQ(c.credited, 8);
    CHECK_EQ(c.n_dead, 1);

    /* Two dumps in a row report nothing twice. */
    dpif_flow_dump_stats(dp, credit_cb, &c);
    CHECK_EQ(c.credited, 8);

    /* Uncached executions. */
    cfg.no_cache = true;
    inject(0, 0x0c, 0x0d, 20);
    inject(0, 0x0c, 0x0d, 20);
    WAIT_FOR(got_sent(1, 2));
    cfg.no_cache = false;

    /* A flush with unreported counts. */
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    dpif_flow_flush(dp);
    dpif_flow_dump_stats(dp, credit_cb, &c);
    CHECK_EQ(c.credited, 11);
    CHECK_EQ(xcache_live(), 0);
    teardown();
}

/* Retired records of a thread that stops are still reported. */
OSW_TEST(stats_survive_thread_stop)
{
    struct credit c;

    memset(&c, 0, sizeof c);
    setup(2);
    cfg.xcache = true;
    cfg.actions = "3";
    inject(0, 0x0a, 0x0b, 20);
    inject(1, 0x0c, 0x0d, 20);
    WAIT_FOR(got_sent(2, 2));

    struct smap sm = SMAP_INITIALIZER(&sm);
    smap_add_format(&sm, "n-forwarding-threads", "%d", 1);
    dpif_set_config(dp, &sm);
    smap_destroy(&sm);
    dpif_flow_dump_stats(dp, credit_cb, &c);
    CHECK_EQ(c.credited, 2);
    teardown();
    CHECK_EQ(xcache_live(), 0);
}

OSW_TEST(xcache_freed_with_datapath)
{
    setup(1);
    cfg.xcache = true;
    inject(0, 0x0a, 0x0b, 20);
    WAIT_FOR(got_sent(1, 1));
    CHECK_EQ(xcache_live(), 1);
    teardown();
    CHECK_EQ(xcache_live(), 0);
}

/* Meters. */

static struct dp_packet *
meter_packet(size_t payload)
{
    struct flow flow = make_flow(1, 2);
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);
    flow_compose(p, &flow, payload);
    return p;
}

OSW_TEST(meter_pktps)
{
    dp = dpif_create("osw-netdev");
    struct dpif_meter_band band = {
        .type = DPIF_METER_BAND_DROP, .rate = 10, .burst_size = 5,
    };
    struct dpif_meter_config mc = {
        .flags = DPIF_METER_PKTPS | DPIF_METER_BURST,
        .n_bands = 1, .bands = &band,
    };
    CHECK_EQ(dpif_meter_set(dp, 7, &mc), 0);

    struct dp_packet *p = meter_packet(100);
    long long int t = time_usec() + 1000000;
    /* The bucket starts full: the burst passes, then the rate limits. */
    int passed = 0;
    for (int i = 0; i < 8; i++) {
        passed += dpif_meter_apply(dp, 7, p, t);
    }
    CHECK_EQ(passed, 5);
    /* 100 ms at 10 packets/s: one more token. */
    t += 100000;
    CHECK(dpif_meter_apply(dp, 7, p, t));
    CHECK(!dpif_meter_apply(dp, 7, p, t));
    /* A long pause refills only up to the burst. */
    t += 100 * 1000000LL;
    passed = 0;
    for (int i = 0; i < 20; i++) {
        passed += dpif_meter_apply(dp, 7, p, t);
    }
    CHECK_EQ(passed, 5);

    struct dpif_meter_stats st;
    CHECK_EQ(dpif_meter_get_stats(dp, 7, &st), 0);
    CHECK_EQ(st.packet_in_count, 30);
    CHECK_EQ(st.byte_in_count, 30 * dp_packet_size(p));
    CHECK_EQ(st.n_bands, 1);
    CHECK_EQ(st.bands[0].packet_count, 30 - 11);

    /* Unknown meters pass everything. */
    CHECK(dpif_meter_apply(dp, 8, p, t));
    CHECK_EQ(dpif_meter_get_stats(dp, 8, &st), ENOENT);
    CHECK_EQ(dpif_meter_del(dp, 8), ENOENT);
    CHECK_EQ(dpif_meter_del(dp, 7), 0);
    CHECK(dpif_meter_apply(dp, 7, p, t));

    dp_packet_delete(p);
    dpif_destroy(dp);
}

OSW_TEST(meter_kbps_and_bands)
{
    dp = dpif_create("osw-netdev");
    /* 80 kbit/s = 10,000 bytes/s, burst 80 kbit = 10,000 bytes. */
    struct dpif_meter_band bands[2] = {
        { .type = DPIF_METER_BAND_DSCP_REMARK, .rate = 40,
          .burst_size = 40, .prec_level = 1 },
        { .type = DPIF_METER_BAND_DROP, .rate = 80, .burst_size = 80 },
    };
    struct dpif_meter_config mc = {
        .flags = DPIF_METER_KBPS | DPIF_METER_BURST,
        .n_bands = 2, .bands = bands,
    };
    CHECK_EQ(dpif_meter_set(dp, 1, &mc), 0);

    struct dp_packet *p = meter_packet(1000 - 42);
    CHECK_EQ(dp_packet_size(p), 1000);
    long long int t = time_usec() + 1000000;
    int passed = 0, remarked = 0;
    for (int i = 0; i < 12; i++) {
        struct dp_packet *q = dp_packet_clone(p);
        struct flow f;
        flow_extract(q, &f);
        if (dpif_meter_apply(dp, 1, q, t)) {
            passed++;
            const uint8_t *ip = dp_packet_l3(q);
            if (ip[1] != 0) {
                /* DSCP 0 -> drop precedence 1: DSCP 2, TOS 8. */
                CHECK_EQ(ip[1], 0x08);
                /* The header checksum still verifies. */
                CHECK_EQ(csum(ip, IP_HEADER_LEN), 0);
                remarked++;
            }
        }
        dp_packet_delete(q);
    }
    /* 5 fit both buckets, 5 more only the drop band's (remarked), then
     * both are empty: the drop band, the higher rate, applies. */
    CHECK_EQ(passed, 10);
    CHECK_EQ(remarked, 5);

    struct dpif_meter_stats st;
    CHECK_EQ(dpif_meter_get_stats(dp, 1, &st), 0);
    CHECK_EQ(st.bands[0].packet_count, 5);
    CHECK_EQ(st.bands[1].packet_count, 2);

    /* Modifying keeps the counters and refills. */
    CHECK_EQ(dpif_meter_set(dp, 1, &mc), 0);
    CHECK_EQ(dpif_meter_get_stats(dp, 1, &st), 0);
    CHECK_EQ(st.bands[1].packet_count, 2);
    CHECK(dpif_meter_apply(dp, 1, p, t));

    dp_packet_delete(p);
    dpif_destroy(dp);
}

OSW_TEST(meter_bad_config)
{
    dp = dpif_create("osw-netdev");
    struct dpif_meter_band band = { .type = DPIF_METER_BAND_DROP,
                                    .rate = 0 };
    struct dpif_meter_config mc = { .n_bands = 1, .bands = &band };
    CHECK_EQ(dpif_meter_set(dp, 1, &mc), EINVAL);
    band.rate = 10;
    CHECK_EQ(dpif_meter_set(dp, DPIF_N_METERS, &mc), EINVAL);
    mc.n_bands = DPIF_METER_MAX_BANDS + 1;
    CHECK_EQ(dpif_meter_set(dp, 1, &mc), EINVAL);
    mc.n_bands = 0;
    /* No bands: a meter that only counts. */
    CHECK_EQ(dpif_meter_set(dp, 1, &mc), 0);
    struct dp_packet *p = meter_packet(10);
    CHECK(dpif_meter_apply(dp, 1, p, time_usec()));
    dp_packet_delete(p);
    dpif_destroy(dp);
}

OSW_TEST(meter_action)
{
    setup(1);
    struct dpif_meter_band band = {
        .type = DPIF_METER_BAND_DROP, .rate = 1, .burst_size = 2,
    };
    struct dpif_meter_config mc = {
        .flags = DPIF_METER_PKTPS | DPIF_METER_BURST,
        .n_bands = 1, .bands = &band,
    };
    CHECK_EQ(dpif_meter_set(dp, 3, &mc), 0);
    cfg.actions = "meter(3),2";
    for (int i = 0; i < 5; i++) {
        inject(0, 0x0a, 0x0b, 20);
    }
    WAIT_FOR(processed() == 5);
    /* At 1 packet/s the five come within a second: the burst passes. */
    WAIT_FOR(got_sent(1, 2));
    CHECK_EQ(drain(1), 0);
    CHECK_EQ(drops(1, DP_DROP_POLICER), 3);
    teardown();
}

OSW_TEST_MAIN()
