#include <config.h>
#include "xlate.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dp-actions.h"
#include "dpif.h"
#include "mac-learning.h"
#include "ofp-actions.h"
#include "ofproto-private.h"
#include "openflow/openflow-common.h"
#include "osw/match.h"
#include "osw/meta-flow.h"
#include "osw/netlink.h"
#include "osw/bitmap.h"
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "osw/flow.h"
#include "osw/netdev.h"
#include "osw/ofpbuf.h"
#include "osw/packets.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "testlib.h"

/* A bridge for translation only: bundles, one port each (datapath port
 * number = OpenFlow port number), and a MAC table. */
#define MAX_BUNDLES 80

struct fixture {
    struct xbundle xbs[MAX_BUNDLES];
    const struct xbundle *ptrs[MAX_BUNDLES];
    unsigned long *bitmaps[3 * MAX_BUNDLES];
    size_t n_bitmaps;
    size_t n;
    struct mac_learning *ml;

    /* Dependencies the last translation recorded. */
    uint32_t deps[8];
    size_t n_deps;

    unsigned int vlan_limit;    /* For xlate_in; 0 unless a test sets
                                 * it. */

    /* Results of the last translation. */
    struct flow_wildcards wc;
    enum dp_drop_reason drop_reason;
    char *actions;
};

static struct fixture *
fixture_create(void)
{
    struct fixture *fx = xzalloc(sizeof *fx);
    fx->ml = mac_learning_create(0, 0, NULL, NULL);
    return fx;
}

static void
fixture_destroy(struct fixture *fx)
{
    for (size_t i = 0; i < fx->n_bitmaps; i++) {
        free(fx->bitmaps[i]);
    }
    mac_learning_destroy(fx->ml);
    free(fx->actions);
    free(fx);
}

/* Parses "10,20,30" into a VLAN bitmap owned by 'fx'; NULL for NULL. */
static unsigned long *
vlans(struct fixture *fx, const char *list)
{
    if (!list) {
        return NULL;
    }
    unsigned long *b = bitmap_allocate(VLAN_N_IDS);
    char *copy = xstrdup(list);
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        bitmap_set1(b, atoi(tok));
    }
    free(copy);
    fx->bitmaps[fx->n_bitmaps++] = b;
    return b;
}

struct bundle_opts {
    const char *trunks;
    const char *cvlans;
    enum port_priority_tags prio;
    uint16_t qinq;
    bool protected_;
};

/* Adds a bundle on port 'port' with 'mode' and 'tag' (-1: none). */
static struct xbundle *
add_bundle_opts(struct fixture *fx, uint32_t port, enum port_vlan_mode mode,
                int tag, const struct bundle_opts *o)
{
    struct ofproto_bundle_settings s = {
        .name = "p",
        .vlan = tag,
        .vlan_mode = mode,
        .trunks = vlans(fx, o->trunks),
        .cvlans = vlans(fx, o->cvlans),
        .priority_tags = o->prio,
        .qinq_ethtype = o->qinq,
        .protected_ = o->protected_,
    };
    struct xbundle *xb = &fx->xbs[fx->n];
    unsigned long *copy;

    xbundle_init_vlans(xb, &s, &copy);
    if (copy) {
        fx->bitmaps[fx->n_bitmaps++] = copy;
    }
    xb->name = "p";
    xb->odp_port = port;
    xb->ofp_port = port;
    fx->ptrs[fx->n++] = xb;
    return xb;
}

static struct xbundle *
add_bundle(struct fixture *fx, uint32_t port, enum port_vlan_mode mode,
           int tag, const char *trunks)
{
    struct bundle_opts o = { .trunks = trunks };
    return add_bundle_opts(fx, port, mode, tag, &o);
}

static struct xbundle *
bundle_of_port(struct fixture *fx, uint32_t port)
{
    for (size_t i = 0; i < fx->n; i++) {
        if (fx->xbs[i].odp_port == port) {
            return &fx->xbs[i];
        }
    }
    return NULL;
}

static struct eth_addr
mac(uint64_t x)
{
    return eth_addr_from_uint64(0x505400000000ULL | x);
}

/* A TCP/IPv4 flow from 'src' to 'dst' on 'in_port' with outer and inner
 * TCI 'tci0' and 'tci1' (0: no tag; include VLAN_CFI otherwise). */
static struct flow
make_flow(uint32_t in_port, struct eth_addr src, struct eth_addr dst,
          uint16_t tci0, uint16_t tci1)
{
    struct flow flow;

    memset(&flow, 0, sizeof flow);
    flow.in_port = in_port;
    flow.dl_src = src;
    flow.dl_dst = dst;
    flow.dl_type = htons(ETH_TYPE_IP);
    if (tci0) {
        flow.vlans[0].tpid = htons(ETH_TYPE_VLAN_8021Q);
        flow.vlans[0].tci = htons(tci0);
        if (tci1) {
            flow.vlans[1].tpid = htons(ETH_TYPE_VLAN_8021Q);
            flow.vlans[1].tci = htons(tci1);
        }
    }
    flow.nw_src = htonl(0x0a000001);
    flow.nw_dst = htonl(0x0a000002);
    flow.nw_proto = 6;
    flow.nw_ttl = 64;
    flow.tp_src = htons(1234);
    flow.tp_dst = htons(80);
    return flow;
}

#define TCI(VID, PCP) ((uint16_t) ((VID) | ((PCP) << 13) | VLAN_CFI))

static void
record_dep(uint32_t tag, void *fx_)
{
    struct fixture *fx = fx_;
    if (fx->n_deps < ARRAY_SIZE(fx->deps)) {
        fx->deps[fx->n_deps++] = tag;
    }
}

static bool
has_dep(const struct fixture *fx, uint16_t vlan, struct eth_addr m)
{
    uint32_t tag = mac_learning_tag(vlan, m);
    for (size_t i = 0; i < fx->n_deps; i++) {
        if (fx->deps[i] == tag) {
            return true;
        }
    }
    return false;
}

/* Translates 'flow' and returns the actions' text (owned by 'fx'). */
static const char *
xlate_flow(struct fixture *fx, const struct flow *flow)
{
    struct ofpbuf actions;
    struct xlate_out out;
    struct xlate_in in = {
        .flow = flow,
        .in_bundle = bundle_of_port(fx, flow->in_port),
        .bundles = fx->ptrs,
        .n_bundles = fx->n,
        .ml = fx->ml,
        .may_learn = true,
        .vlan_limit = fx->vlan_limit,
        .add_dep = record_dep,
        .add_dep_aux = fx,
    };

    ofpbuf_init(&actions, 64);
    flow_wildcards_init_catchall(&fx->wc);
    fx->n_deps = 0;
    xlate_out_init(&out, &actions, &fx->wc);
    CHECK_EQ(xlate_normal(&in, &out), 0);
    CHECK(dp_actions_validate(actions.data, actions.size));
    fx->drop_reason = out.drop_reason;

    struct ds s = DS_EMPTY_INITIALIZER;
    dp_actions_format(&s, actions.data, actions.size, NULL, NULL);
    free(fx->actions);
    fx->actions = ds_steal_cstr(&s);
    ofpbuf_uninit(&actions);
    return fx->actions;
}

static const char *
xlate(struct fixture *fx, uint32_t in_port, struct eth_addr src,
      struct eth_addr dst, uint16_t tci0, uint16_t tci1)
{
    struct flow flow = make_flow(in_port, src, dst, tci0, tci1);
    return xlate_flow(fx, &flow);
}

#define BCAST eth_addr_broadcast

/* The common topology: 1,2 access 10; 3 access 20; 4 trunk (all VLANs);
 * 5 trunk 20,30. */
static struct fixture *
basic_bridge(void)
{
    struct fixture *fx = fixture_create();
    add_bundle(fx, 1, PORT_VLAN_ACCESS, 10, NULL);
    add_bundle(fx, 2, PORT_VLAN_ACCESS, 10, NULL);
    add_bundle(fx, 3, PORT_VLAN_ACCESS, 20, NULL);
    add_bundle(fx, 4, PORT_VLAN_TRUNK, -1, NULL);
    add_bundle(fx, 5, PORT_VLAN_TRUNK, -1, "20,30");
    return fx;
}

OSW_TEST(access_flood_within_vlan)
{
    struct fixture *fx = basic_bridge();

    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, 0, 0),
                "2,push_vlan(vid=10,pcp=0),4");
    CHECK_EQ(fx->drop_reason, DP_DROP_N_REASONS);
    CHECK_STREQ(xlate(fx, 3, mac(3), BCAST, 0, 0),
                "push_vlan(vid=20,pcp=0),4,5");
    fixture_destroy(fx);
}

OSW_TEST(tagged_on_access_dropped)
{
    struct fixture *fx = basic_bridge();

    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, TCI(10, 0), 0),
                "drop(tagged_on_access)");
    CHECK_EQ(fx->drop_reason, DP_DROP_TAGGED_ON_ACCESS);
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, TCI(20, 0), 0),
                "drop(tagged_on_access)");
    /* Nothing learned from a dropped frame. */
    CHECK(mac_learning_lookup(fx->ml, 10, mac(1)) == NULL);
    /* The drop depends on in_port and the tag only. */
    CHECK_EQ(fx->wc.masks.in_port, UINT32_MAX);
    CHECK_EQ(ntohs(fx->wc.masks.vlans[0].tci), VLAN_VID_MASK | VLAN_CFI);
    CHECK(eth_addr_is_zero(fx->wc.masks.dl_src));
    CHECK(eth_addr_is_zero(fx->wc.masks.dl_dst));
    fixture_destroy(fx);
}

OSW_TEST(priority_tagged_on_access_allowed)
{
    struct fixture *fx = basic_bridge();

    /* VID 0 with PCP 3: in VLAN 10, and the PCP goes on. */
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, TCI(0, 3), 0),
                "pop_vlan,2,push_vlan(vid=10,pcp=3),4");
    CHECK(mac_learning_lookup(fx->ml, 10, mac(1)) == bundle_of_port(fx, 1));
    /* The pushed tag copies the PCP, so the megaflow matches it. */
    CHECK_EQ(ntohs(fx->wc.masks.vlans[0].tci),
             VLAN_VID_MASK | VLAN_CFI | VLAN_PCP_MASK);
    fixture_destroy(fx);
}

OSW_TEST(trunk_filtering)
{
    struct fixture *fx = basic_bridge();

    /* Port 5 trunks 20 and 30 only, so not VLAN 10 nor untagged. */
    CHECK_STREQ(xlate(fx, 5, mac(5), BCAST, TCI(10, 0), 0),
                "drop(vlan_ingress)");
    CHECK_STREQ(xlate(fx, 5, mac(5), BCAST, 0, 0), "drop(vlan_ingress)");
    CHECK_EQ(fx->drop_reason, DP_DROP_VLAN_INGRESS);
    CHECK_STREQ(xlate(fx, 5, mac(5), BCAST, TCI(30, 0), 0), "4");
    CHECK_STREQ(xlate(fx, 5, mac(5), BCAST, TCI(20, 2), 0),
                "4,pop_vlan,3");
    /* Untagged on an all-VLAN trunk is VLAN 0, which nobody else
     * carries here. */
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, 0, 0), "drop(no_output)");
    CHECK_EQ(fx->drop_reason, DP_DROP_NO_OUTPUT);
    fixture_destroy(fx);
}

OSW_TEST(trunk_to_access_and_trunk)
{
    struct fixture *fx = basic_bridge();

    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(20, 0), 0),
                "5,pop_vlan,3");
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(10, 0), 0),
                "pop_vlan,1,2");
    /* A VLAN nobody else carries. */
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(99, 0), 0),
                "drop(no_output)");
    fixture_destroy(fx);
}

OSW_TEST(untagged_trunks_vlan0)
{
    struct fixture *fx = fixture_create();

    add_bundle(fx, 1, PORT_VLAN_TRUNK, -1, NULL);
    add_bundle(fx, 2, PORT_VLAN_TRUNK, -1, "0,5");
    add_bundle(fx, 3, PORT_VLAN_TRUNK, -1, "5");
    add_bundle(fx, 4, PORT_VLAN_ACCESS, 0, NULL);
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, 0, 0), "2,4");
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, TCI(5, 0), 0), "2,3");
    fixture_destroy(fx);
}

OSW_TEST(native_untagged)
{
    struct fixture *fx = basic_bridge();
    add_bundle(fx, 6, PORT_VLAN_NATIVE_UNTAGGED, 10, "20");

    /* Untagged in: the native VLAN 10. */
    CHECK_STREQ(xlate(fx, 6, mac(6), BCAST, 0, 0),
                "1,2,push_vlan(vid=10,pcp=0),4");
    /* Priority-tagged in: native VLAN too. */
    CHECK_STREQ(xlate(fx, 6, mac(6), BCAST, TCI(0, 0), 0),
                "pop_vlan,1,2,push_vlan(vid=10,pcp=0),4");
    /* Tagged 20 (in trunks) and 10 (the native VLAN, always allowed). */
    CHECK_STREQ(xlate(fx, 6, mac(7), BCAST, TCI(20, 0), 0),
                "4,5,pop_vlan,3");
    CHECK_STREQ(xlate(fx, 6, mac(7), BCAST, TCI(10, 0), 0),
                "4,pop_vlan,1,2");
    /* Not in trunks. */
    CHECK_STREQ(xlate(fx, 6, mac(7), BCAST, TCI(30, 0), 0),
                "drop(vlan_ingress)");
    /* Out: native VLAN untagged, others tagged, others not at all. */
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(10, 0), 0),
                "pop_vlan,1,2,6");
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(20, 0), 0),
                "5,6,pop_vlan,3");
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(30, 0), 0), "5");
    fixture_destroy(fx);
}

OSW_TEST(native_tagged)
{
    struct fixture *fx = basic_bridge();
    add_bundle(fx, 7, PORT_VLAN_NATIVE_TAGGED, 10, NULL);

    CHECK_STREQ(xlate(fx, 7, mac(7), BCAST, 0, 0),
                "1,2,push_vlan(vid=10,pcp=0),4");
    /* Without trunks it carries every VLAN but 0. */
    CHECK_STREQ(xlate(fx, 7, mac(7), BCAST, TCI(99, 0), 0), "4");
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(10, 0), 0),
                "7,pop_vlan,1,2");
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(99, 0), 0), "7");
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, 0, 0), "drop(no_output)");
    fixture_destroy(fx);
}

OSW_TEST(implicit_modes)
{
    struct fixture *fx = fixture_create();
    /* A tag makes an access port even with trunks (as Open vSwitch). */
    struct xbundle *a = add_bundle(fx, 1, PORT_VLAN_IMPLICIT, 10, "20");
    struct xbundle *t = add_bundle(fx, 2, PORT_VLAN_IMPLICIT, -1, "10");
    struct xbundle *t2 = add_bundle(fx, 3, PORT_VLAN_TRUNK, 5, NULL);

    CHECK_EQ(a->vlan_mode, PORT_VLAN_ACCESS);
    CHECK_EQ(a->vlan, 10);
    CHECK(a->trunks == NULL);
    CHECK_EQ(t->vlan_mode, PORT_VLAN_TRUNK);
    CHECK_EQ(t->vlan, -1);
    CHECK(t->trunks && bitmap_is_set(t->trunks, 10));
    /* Trunk ports ignore 'tag'. */
    CHECK_EQ(t2->vlan, -1);
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, 0, 0),
                "push_vlan(vid=10,pcp=0),2,3");
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, TCI(20, 0), 0),
                "drop(tagged_on_access)");
    fixture_destroy(fx);
}

OSW_TEST(native_trunks_forced)
{
    struct fixture *fx = fixture_create();
    struct xbundle *n = add_bundle(fx, 1, PORT_VLAN_NATIVE_UNTAGGED, 10,
                                   "0,20");
    struct xbundle *m = add_bundle(fx, 2, PORT_VLAN_NATIVE_TAGGED, 10, NULL);
    struct xbundle *a = add_bundle(fx, 3, PORT_VLAN_ACCESS, -1, NULL);

    CHECK(bitmap_is_set(n->trunks, 10));
    CHECK(bitmap_is_set(n->trunks, 20));
    CHECK(!bitmap_is_set(n->trunks, 0));
    CHECK(!bitmap_is_set(n->trunks, 30));
    CHECK(bitmap_is_set(m->trunks, 4095));
    CHECK(!bitmap_is_set(m->trunks, 0));
    /* Access without a tag is VLAN 0. */
    CHECK_EQ(a->vlan, 0);
    CHECK(xbundle_carries_vlan(a, 0));
    CHECK(!xbundle_carries_vlan(a, 10));
    CHECK(xbundle_carries_vlan(n, 10));
    CHECK(!xbundle_carries_vlan(n, 30));
    fixture_destroy(fx);
}

OSW_TEST(dot1q_tunnel)
{
    struct fixture *fx = fixture_create();
    struct bundle_opts tun = { .cvlans = "5,7", .qinq = 0x88a8 };

    add_bundle(fx, 1, PORT_VLAN_TRUNK, -1, NULL);
    add_bundle_opts(fx, 2, PORT_VLAN_DOT1Q_TUNNEL, 100, &tun);
    add_bundle(fx, 3, PORT_VLAN_ACCESS, 100, NULL);

    /* Customer VLAN 5 gets the service tag; not to the access port,
     * which takes single-tagged frames only. */
    CHECK_STREQ(xlate(fx, 2, mac(2), BCAST, TCI(5, 3), 0),
                "push_vlan(tpid=0x88a8,vid=100,pcp=0),1");
    /* Customer VLANs outside cvlans, and untagged (0), are refused. */
    CHECK_STREQ(xlate(fx, 2, mac(2), BCAST, TCI(6, 0), 0),
                "drop(vlan_ingress)");
    CHECK_STREQ(xlate(fx, 2, mac(2), BCAST, 0, 0), "drop(vlan_ingress)");
    /* Double-tagged from the trunk: the service tag comes off. */
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, TCI(100, 0), TCI(7, 0)),
                "pop_vlan,2");
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, TCI(100, 0), TCI(8, 0)),
                "drop(no_output)");
    /* Single-tagged 100: customer VLAN 0 is not in cvlans. */
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, TCI(100, 0), 0),
                "pop_vlan,3");
    fixture_destroy(fx);
}

OSW_TEST(dot1q_tunnel_all_cvlans)
{
    struct fixture *fx = fixture_create();
    struct bundle_opts tun = { .qinq = 0x8100 };

    add_bundle(fx, 1, PORT_VLAN_TRUNK, -1, NULL);
    add_bundle_opts(fx, 2, PORT_VLAN_DOT1Q_TUNNEL, 100, &tun);
    add_bundle_opts(fx, 3, PORT_VLAN_DOT1Q_TUNNEL, 100, &tun);

    CHECK_STREQ(xlate(fx, 2, mac(2), BCAST, 0, 0),
                "3,push_vlan(vid=100,pcp=0),1");
    CHECK_STREQ(xlate(fx, 2, mac(2), BCAST, TCI(9, 1), 0),
                "3,push_vlan(vid=100,pcp=0),1");
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, TCI(100, 0), 0),
                "pop_vlan,2,3");
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, TCI(100, 0), TCI(9, 0)),
                "pop_vlan,2,3");
    /* The default outer TPID is 802.1ad. */
    struct ofproto_bundle_settings s = {
        .vlan = 3, .vlan_mode = PORT_VLAN_DOT1Q_TUNNEL,
    };
    struct xbundle xb;
    unsigned long *copy;
    xbundle_init_vlans(&xb, &s, &copy);
    CHECK_EQ(xb.qinq_ethtype, 0x88a8);
    CHECK(copy == NULL);
    fixture_destroy(fx);
}

OSW_TEST(priority_tags)
{
    struct fixture *fx = basic_bridge();
    struct bundle_opts ifnz = { .prio = PORT_PRIO_TAGS_IF_NONZERO };
    struct bundle_opts always = { .prio = PORT_PRIO_TAGS_ALWAYS };
    add_bundle_opts(fx, 8, PORT_VLAN_ACCESS, 10, &ifnz);
    add_bundle_opts(fx, 9, PORT_VLAN_ACCESS, 10, &always);

    /* PCP 5 from the trunk: the priority-tag ports get VID 0 PCP 5. */
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(10, 5), 0),
                "pop_vlan,1,2,push_vlan(vid=0,pcp=5),8,9");
    /* PCP 0: only "always" keeps a tag. */
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(10, 0), 0),
                "pop_vlan,1,2,8,push_vlan(vid=0,pcp=0),9");
    /* Untagged from an access port. */
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, 0, 0),
                "2,8,push_vlan(vid=10,pcp=0),4,pop_vlan,"
                "push_vlan(vid=0,pcp=0),9");
    fixture_destroy(fx);
}

OSW_TEST(pcp_kept_and_not_matched_when_copied)
{
    struct fixture *fx = basic_bridge();

    /* Trunk to trunk: the tag goes through untouched, PCP not looked
     * at. */
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(30, 6), 0), "5");
    CHECK_EQ(ntohs(fx->wc.masks.vlans[0].tci), VLAN_VID_MASK | VLAN_CFI);
    CHECK_EQ(fx->wc.masks.vlans[0].tpid, 0);
    fixture_destroy(fx);
}

OSW_TEST(learning_and_unicast)
{
    struct fixture *fx = basic_bridge();

    /* mac(1) on port 1 (VLAN 10) floods and is learned. */
    CHECK_STREQ(xlate(fx, 1, mac(1), mac(2), 0, 0),
                "2,push_vlan(vid=10,pcp=0),4");
    CHECK(mac_learning_lookup(fx->ml, 10, mac(1)) == bundle_of_port(fx, 1));
    /* The reply goes to port 1 only. */
    CHECK_STREQ(xlate(fx, 4, mac(2), mac(1), TCI(10, 0), 0),
                "pop_vlan,1");
    CHECK(mac_learning_lookup(fx->ml, 10, mac(2)) == bundle_of_port(fx, 4));
    /* And back, tagged on the trunk. */
    CHECK_STREQ(xlate(fx, 1, mac(1), mac(2), 0, 0),
                "push_vlan(vid=10,pcp=0),4");
    /* The same MAC in another VLAN is unknown there. */
    CHECK_STREQ(xlate(fx, 3, mac(3), mac(1), 0, 0),
                "push_vlan(vid=20,pcp=0),4,5");
    fixture_destroy(fx);
}

OSW_TEST(same_port_dropped)
{
    struct fixture *fx = basic_bridge();

    xlate(fx, 1, mac(1), BCAST, 0, 0);
    xlate(fx, 1, mac(2), BCAST, 0, 0);
    CHECK_STREQ(xlate(fx, 1, mac(2), mac(1), 0, 0), "drop(same_port)");
    CHECK_EQ(fx->drop_reason, DP_DROP_SAME_PORT);
    fixture_destroy(fx);
}

OSW_TEST(mac_move)
{
    struct fixture *fx = basic_bridge();

    xlate(fx, 1, mac(1), BCAST, 0, 0);
    CHECK_STREQ(xlate(fx, 4, mac(9), mac(1), TCI(10, 0), 0), "pop_vlan,1");
    /* mac(1) shows up on port 2. */
    xlate(fx, 2, mac(1), BCAST, 0, 0);
    CHECK(mac_learning_lookup(fx->ml, 10, mac(1)) == bundle_of_port(fx, 2));
    CHECK_STREQ(xlate(fx, 4, mac(9), mac(1), TCI(10, 0), 0), "pop_vlan,2");

    struct mac_learning_stats st;
    mac_learning_get_stats(fx->ml, &st);
    CHECK_EQ(st.n_moved, 1);
    fixture_destroy(fx);
}

OSW_TEST(learning_loop_dropped)
{
    struct fixture *fx = basic_bridge();

    /* mac(1) bounces between ports 1 and 2 until loop detection locks
     * it where it is; frames from it elsewhere are then dropped. */
    const char *acts = NULL;
    int i;
    for (i = 0; i < 200; i++) {
        acts = xlate(fx, 1 + i % 2, mac(1), BCAST, 0, 0);
        if (fx->drop_reason == DP_DROP_LEARNING_LOOP) {
            break;
        }
    }
    CHECK_STREQ(acts, "drop(learning_loop)");
    CHECK(has_dep(fx, 10, mac(1)));
    uint32_t locked_port = 1 + (i + 1) % 2;
    CHECK(mac_learning_lookup(fx->ml, 10, mac(1))
          == bundle_of_port(fx, locked_port));
    /* From where it is locked, it is forwarded. */
    CHECK_STREQ(xlate(fx, locked_port, mac(1), BCAST, 0, 0),
                locked_port == 1 ? "2,push_vlan(vid=10,pcp=0),4"
                : "1,push_vlan(vid=10,pcp=0),4");
    fixture_destroy(fx);
}

OSW_TEST(protected_ports)
{
    struct fixture *fx = fixture_create();
    struct bundle_opts prot = { .protected_ = true };

    add_bundle_opts(fx, 1, PORT_VLAN_ACCESS, 10, &prot);
    add_bundle_opts(fx, 2, PORT_VLAN_ACCESS, 10, &prot);
    add_bundle(fx, 3, PORT_VLAN_ACCESS, 10, NULL);

    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, 0, 0), "3");
    CHECK_STREQ(xlate(fx, 3, mac(3), BCAST, 0, 0), "1,2");
    CHECK_STREQ(xlate(fx, 2, mac(2), BCAST, 0, 0), "3");
    /* Known unicast between protected ports: dropped. */
    CHECK_STREQ(xlate(fx, 1, mac(1), mac(2), 0, 0), "drop(no_output)");
    CHECK_STREQ(xlate(fx, 1, mac(1), mac(3), 0, 0), "3");
    fixture_destroy(fx);
}

OSW_TEST(reserved_macs)
{
    struct fixture *fx = basic_bridge();

    CHECK_STREQ(xlate(fx, 1, mac(1), eth_addr_from_uint64(0x0180c2000000ULL),
                      0, 0), "drop(reserved_mac)");
    CHECK_EQ(fx->drop_reason, DP_DROP_RESERVED_MAC);
    CHECK_STREQ(xlate(fx, 1, mac(1), eth_addr_from_uint64(0x0180c200000eULL),
                      0, 0), "drop(reserved_mac)");
    /* Not learned either. */
    CHECK(mac_learning_lookup(fx->ml, 10, mac(1)) == NULL);
    /* 01:80:c2:00:00:10 is an ordinary multicast address. */
    CHECK_STREQ(xlate(fx, 1, mac(1), eth_addr_from_uint64(0x0180c2000010ULL),
                      0, 0), "2,push_vlan(vid=10,pcp=0),4");
    fixture_destroy(fx);
}

OSW_TEST(multicast_source_not_learned)
{
    struct fixture *fx = basic_bridge();
    struct eth_addr mc = eth_addr_from_uint64(0x01005e000001ULL);

    CHECK_STREQ(xlate(fx, 1, mc, BCAST, 0, 0), "2,push_vlan(vid=10,pcp=0),4");
    CHECK(mac_learning_lookup(fx->ml, 10, mc) == NULL);
    CHECK_EQ(fx->n_deps, 0);
    fixture_destroy(fx);
}

OSW_TEST(dependencies)
{
    struct fixture *fx = basic_bridge();

    xlate(fx, 1, mac(1), mac(2), 0, 0);
    CHECK_EQ(fx->n_deps, 2);
    CHECK(has_dep(fx, 10, mac(1)));
    CHECK(has_dep(fx, 10, mac(2)));
    /* Broadcast: only the source. */
    xlate(fx, 4, mac(4), BCAST, TCI(20, 0), 0);
    CHECK_EQ(fx->n_deps, 1);
    CHECK(has_dep(fx, 20, mac(4)));
    /* Drops before the MAC table: none. */
    xlate(fx, 1, mac(1), mac(2), TCI(5, 0), 0);
    CHECK_EQ(fx->n_deps, 0);
    fixture_destroy(fx);
}

OSW_TEST(wildcards_l2_only)
{
    struct fixture *fx = basic_bridge();

    xlate(fx, 1, mac(1), mac(2), 0, 0);
    const struct flow *m = &fx->wc.masks;
    CHECK_EQ(m->in_port, UINT32_MAX);
    CHECK(eth_addr_equals(m->dl_src, eth_addr_broadcast));
    CHECK(eth_addr_equals(m->dl_dst, eth_addr_broadcast));
    CHECK_EQ(ntohs(m->vlans[0].tci), VLAN_VID_MASK | VLAN_CFI);
    CHECK_EQ(m->vlans[1].tci, 0);
    CHECK_EQ(m->dl_type, 0);
    CHECK_EQ(m->nw_src, 0);
    CHECK_EQ(m->nw_dst, 0);
    CHECK_EQ(m->nw_proto, 0);
    CHECK_EQ(m->nw_ttl, 0);
    CHECK_EQ(m->tp_src, 0);
    CHECK_EQ(m->tp_dst, 0);
    CHECK_EQ(m->skb_priority, 0);
    CHECK_EQ(m->pkt_mark, 0);

    /* A tagged frame also looks at whether there is an inner tag. */
    xlate(fx, 4, mac(4), mac(2), TCI(10, 0), 0);
    CHECK_EQ(ntohs(m->vlans[1].tci), VLAN_CFI);
    fixture_destroy(fx);
}

OSW_TEST(many_5tuples_one_megaflow)
{
    struct fixture *fx = basic_bridge();
    struct flow first_key;
    struct flow_wildcards first_wc;
    char *first_actions = NULL;

    /* Both ends learned first, so every flow is unicast. */
    xlate(fx, 1, mac(1), BCAST, 0, 0);
    xlate(fx, 4, mac(2), BCAST, TCI(10, 0), 0);
    for (int i = 0; i < 10000; i++) {
        struct flow flow = make_flow(1, mac(1), mac(2), 0, 0);
        flow.nw_src = htonl(0x0a000000 | (i & 0xff));
        flow.nw_dst = htonl(0x0b000000 | (i >> 8));
        flow.tp_src = htons(1024 + i);
        flow.tp_dst = htons(80 + (i % 7));
        flow.nw_proto = i % 2 ? 6 : 17;
        const char *actions = xlate_flow(fx, &flow);
        flow_zero_wildcards(&flow, &fx->wc);
        if (!i) {
            first_key = flow;
            first_wc = fx->wc;
            first_actions = xstrdup(actions);
        } else {
            CHECK(flow_equal(&flow, &first_key));
            CHECK(!memcmp(&fx->wc, &first_wc, sizeof first_wc));
            CHECK_STREQ(actions, first_actions);
        }
    }
    CHECK_STREQ(first_actions, "push_vlan(vid=10,pcp=0),4");
    free(first_actions);
    fixture_destroy(fx);
}

OSW_TEST(no_bundle_dropped)
{
    struct fixture *fx = basic_bridge();

    CHECK_STREQ(xlate(fx, 42, mac(1), BCAST, 0, 0), "drop(no_output)");
    CHECK_EQ(fx->wc.masks.in_port, UINT32_MAX);
    CHECK(eth_addr_is_zero(fx->wc.masks.dl_src));
    fixture_destroy(fx);
}

OSW_TEST(bundle_without_port_skipped)
{
    struct fixture *fx = basic_bridge();
    struct xbundle *xb = add_bundle(fx, 6, PORT_VLAN_ACCESS, 10, NULL);
    xb->odp_port = ODPP_NONE;

    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, 0, 0),
                "2,push_vlan(vid=10,pcp=0),4");
    fixture_destroy(fx);
}

OSW_TEST(local_port_takes_part)
{
    struct fixture *fx = basic_bridge();
    struct xbundle *local = add_bundle(fx, 100, PORT_VLAN_TRUNK, -1, NULL);
    local->ofp_port = OFPP_LOCAL;

    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, 0, 0),
                "2,push_vlan(vid=10,pcp=0),4,100");
    CHECK_STREQ(xlate(fx, 100, mac(100), mac(1), TCI(10, 0), 0),
                "pop_vlan,1");
    fixture_destroy(fx);
}

OSW_TEST(double_tagged_not_to_access)
{
    struct fixture *fx = basic_bridge();

    /* VLAN 10 with an inner tag: trunks only. */
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(20, 0), TCI(3, 0)), "5");
    CHECK_EQ(ntohs(fx->wc.masks.vlans[1].tci), VLAN_VID_MASK | VLAN_CFI);
    fixture_destroy(fx);
}

OSW_TEST(vlan_limit_one)
{
    struct fixture *fx = basic_bridge();
    struct bundle_opts tun = { .cvlans = "5,7" };
    add_bundle_opts(fx, 6, PORT_VLAN_DOT1Q_TUNNEL, 20, &tun);

    /* Open vSwitch's default: the inner tag is payload, so a
     * double-tagged frame in VLAN 10 reaches the access ports with its
     * inner tag, and the inner tag is not in the megaflow. */
    fx->vlan_limit = 1;
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(10, 0), TCI(7, 0)),
                "pop_vlan,1,2");
    CHECK_EQ(fx->wc.masks.vlans[1].tci, 0);
    /* The tunnel port sees customer VLAN 0, not in its cvlans. */
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(20, 0), TCI(5, 0)),
                "5,pop_vlan,3");
    /* Its own ingress still filters on the (outer) customer tag. */
    CHECK_STREQ(xlate(fx, 6, mac(6), BCAST, TCI(5, 0), TCI(99, 0)),
                "push_vlan(tpid=0x88a8,vid=20,pcp=0),4,5");

    /* With two, the inner tag counts. */
    fx->vlan_limit = 2;
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(10, 0), TCI(7, 0)),
                "drop(no_output)");
    CHECK_STREQ(xlate(fx, 4, mac(4), BCAST, TCI(20, 0), TCI(5, 0)),
                "5,pop_vlan,6");
    fixture_destroy(fx);
}

OSW_TEST(priority_tag_vlan0_through_trunks)
{
    struct fixture *fx = fixture_create();

    add_bundle(fx, 1, PORT_VLAN_TRUNK, -1, NULL);
    add_bundle(fx, 2, PORT_VLAN_TRUNK, -1, NULL);
    add_bundle(fx, 3, PORT_VLAN_ACCESS, 0, NULL);
    /* PCP 5 keeps the VID 0 tag on a trunk; the access port strips. */
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, TCI(0, 5), 0), "2,pop_vlan,3");
    /* An all-zero tag is not sent. */
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, TCI(0, 0), 0), "pop_vlan,2,3");
    CHECK_STREQ(xlate(fx, 3, mac(3), BCAST, 0, 0), "1,2");
    fixture_destroy(fx);
}

OSW_TEST(many_bundles_flood)
{
    struct fixture *fx = fixture_create();
    struct ds expected = DS_EMPTY_INITIALIZER;

    for (uint32_t p = 1; p <= 70; p++) {
        add_bundle(fx, p, PORT_VLAN_ACCESS, 10, NULL);
        if (p > 1) {
            ds_put_format(&expected, "%s%"PRIu32, p > 2 ? "," : "", p);
        }
    }
    CHECK_STREQ(xlate(fx, 1, mac(1), BCAST, 0, 0), ds_cstr(&expected));
    ds_destroy(&expected);
    fixture_destroy(fx);
}

OSW_TEST(xlate_input_vlan)
{
    struct fixture *fx = basic_bridge();
    struct xbundle *tun;
    struct bundle_opts o = { .cvlans = "5" };
    uint16_t vlan;

    tun = add_bundle_opts(fx, 6, PORT_VLAN_DOT1Q_TUNNEL, 100, &o);
    struct flow f = make_flow(1, mac(1), BCAST, 0, 0);
    CHECK(xlate_input_vlan(bundle_of_port(fx, 1), &f, 0, &vlan));
    CHECK_EQ(vlan, 10);
    f = make_flow(4, mac(1), BCAST, TCI(33, 0), 0);
    CHECK(xlate_input_vlan(bundle_of_port(fx, 4), &f, 0, &vlan));
    CHECK_EQ(vlan, 33);
    CHECK(!xlate_input_vlan(bundle_of_port(fx, 5), &f, 0, &vlan));
    CHECK(!xlate_input_vlan(bundle_of_port(fx, 1), &f, 0, &vlan));
    f = make_flow(6, mac(1), BCAST, TCI(5, 0), 0);
    CHECK(xlate_input_vlan(tun, &f, 0, &vlan));
    CHECK_EQ(vlan, 100);
    fixture_destroy(fx);
}

OSW_TEST(qinq_8021ad_input_tpid_kept_on_access_retag)
{
    struct fixture *fx = basic_bridge();
    struct flow flow = make_flow(1, mac(1), BCAST, TCI(0, 2), 0);

    /* A priority tag with TPID 0x88a8 on an access port: the VLAN's tag
     * keeps that TPID, as Open vSwitch does. */
    flow.vlans[0].tpid = htons(ETH_TYPE_VLAN_8021AD);
    CHECK_STREQ(xlate_flow(fx, &flow),
                "pop_vlan,2,push_vlan(tpid=0x88a8,vid=10,pcp=2),4");
    CHECK_EQ(fx->wc.masks.vlans[0].tpid, htons(0xffff));
    fixture_destroy(fx);
}

/* ofproto with the userspace datapath and "dummy" ports. */

#define N_DPORTS 4

struct bridge_fx {
    struct dpif *dpif;
    struct ofproto *ofproto;
    struct netdev *netdevs[N_DPORTS];
    ofp_port_t ofp_ports[N_DPORTS];
    int keys[N_DPORTS];         /* Bundle keys: their addresses. */
};

/* Creates bridge "br0" with dummy ports NAME1..NAME4 as OpenFlow ports
 * 1..4 in bundles of the same names, with 'modes' and 'tags'. */
static void
bridge_setup(struct bridge_fx *b, const char *prefix,
             const enum port_vlan_mode modes[N_DPORTS],
             const int tags[N_DPORTS])
{
    memset(b, 0, sizeof *b);
    netdev_init();
    b->dpif = dpif_create("osw-netdev");
    ofproto_init(b->dpif);
    b->ofproto = ofproto_create("br0");
    CHECK(b->ofproto != NULL);
    for (int i = 0; i < N_DPORTS; i++) {
        char name[32];
        snprintf(name, sizeof name, "%s%d", prefix, i + 1);
        CHECK_EQ(netdev_open(name, "dummy", NULL, &b->netdevs[i]), 0);
        CHECK_EQ(ofproto_port_add(b->ofproto, b->netdevs[i], i + 1,
                                  &b->ofp_ports[i]), 0);
        CHECK_EQ(b->ofp_ports[i], i + 1);

        struct ofproto_bundle_settings s = {
            .name = name,
            .members = &b->ofp_ports[i],
            .n_members = 1,
            .vlan = tags[i],
            .vlan_mode = modes[i],
        };
        CHECK_EQ(ofproto_bundle_register(b->ofproto, &b->keys[i], &s), 0);
    }
}

static void
bridge_teardown(struct bridge_fx *b)
{
    ofproto_destroy(b->ofproto);
    for (int i = 0; i < N_DPORTS; i++) {
        if (b->netdevs[i]) {
            netdev_close(b->netdevs[i]);
        }
    }
    dpif_destroy(b->dpif);
}

static void
inject_frame(struct bridge_fx *b, int i, struct eth_addr src,
             struct eth_addr dst, uint16_t tci)
{
    struct flow flow = make_flow(0, src, dst, tci, 0);
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);
    flow_compose(p, &flow, 20);
    CHECK_EQ(netdev_dummy_receive(b->netdevs[i], p), 0);
}

/* Waits up to 2 s for a frame sent on port index 'i'; stores its outer
 * TCI (0 if untagged) and source MAC.  False if none came. */
static bool
wait_sent(struct bridge_fx *b, int i, uint16_t *tcip, struct eth_addr *srcp)
{
    long long int deadline = time_msec() + 2000;
    for (;;) {
        struct dp_packet *p = netdev_dummy_pop_sent(b->netdevs[i]);
        if (p) {
            struct flow flow;
            flow_extract(p, &flow);
            *tcip = ntohs(flow.vlans[0].tci);
            if (srcp) {
                *srcp = flow.dl_src;
            }
            dp_packet_delete(p);
            return true;
        }
        if (time_msec() > deadline) {
            return false;
        }
        usleep(1000);
    }
}

/* True if nothing is sent on port index 'i' within 'ms'. */
static bool
quiet(struct bridge_fx *b, int i, int ms)
{
    usleep(ms * 1000);
    struct dp_packet *p = netdev_dummy_pop_sent(b->netdevs[i]);
    if (p) {
        dp_packet_delete(p);
        return false;
    }
    return true;
}

static const enum port_vlan_mode basic_modes[N_DPORTS] = {
    PORT_VLAN_ACCESS, PORT_VLAN_ACCESS, PORT_VLAN_TRUNK, PORT_VLAN_ACCESS,
};
static const int basic_tags[N_DPORTS] = { 10, 10, -1, 20 };

OSW_TEST(ofproto_ports)
{
    netdev_init();
    struct dpif *dpif = dpif_create("osw-netdev");
    ofproto_init(dpif);
    struct ofproto *br = ofproto_create("br0");
    struct netdev *a, *b, *c;
    ofp_port_t pa, pb, pc;

    CHECK(ofproto_create("br0") == NULL);
    CHECK(ofproto_lookup("br0") == br);
    CHECK(ofproto_lookup("br1") == NULL);
    CHECK_STREQ(ofproto_name(br), "br0");
    CHECK(ofproto_get_datapath_id(br) != 0);
    CHECK(ofproto_get_datapath_id(br) < (1ULL << 48));
    ofproto_set_datapath_id(br, 0x1234);
    CHECK_EQ(ofproto_get_datapath_id(br), 0x1234);

    CHECK_EQ(netdev_open("opa", "dummy", NULL, &a), 0);
    CHECK_EQ(netdev_open("opb", "dummy", NULL, &b), 0);
    CHECK_EQ(netdev_open("opc", "dummy", NULL, &c), 0);
    CHECK_EQ(ofproto_port_add(br, a, 5, &pa), 0);
    CHECK_EQ(pa, 5);
    CHECK_EQ(ofproto_port_add(br, a, 6, &pb), EEXIST);
    /* 5 is taken: the lowest free number. */
    CHECK_EQ(ofproto_port_add(br, b, 5, &pb), 0);
    CHECK_EQ(pb, 1);
    CHECK_EQ(ofproto_port_add(br, c, OFPP_LOCAL, &pc), 0);
    CHECK_EQ(pc, OFPP_LOCAL);

    odp_port_t oa = ofproto_port_to_odp(br, 5);
    CHECK(oa != ODPP_NONE);
    CHECK(ofproto_port_to_odp(br, 1) != oa);
    CHECK_EQ(ofproto_port_to_odp(br, 7), ODPP_NONE);
    CHECK_EQ(ofproto_port_from_odp(br, oa), 5);
    CHECK_EQ(ofproto_port_from_odp(br, 999), OFPP_NONE);

    CHECK_EQ(ofproto_port_del(br, 5), 0);
    CHECK_EQ(ofproto_port_del(br, 5), ENOENT);
    CHECK_EQ(ofproto_port_to_odp(br, 5), ODPP_NONE);
    /* Now free again. */
    CHECK_EQ(ofproto_port_add(br, a, 0, &pa), 0);
    CHECK_EQ(pa, 2);

    ofproto_destroy(br);
    CHECK(ofproto_lookup("br0") == NULL);
    netdev_close(a);
    netdev_close(b);
    netdev_close(c);
    dpif_destroy(dpif);
}

OSW_TEST(ofproto_forwarding)
{
    struct bridge_fx b;
    uint16_t tci;
    struct eth_addr src;

    bridge_setup(&b, "fw", basic_modes, basic_tags);

    /* Broadcast from access port 1 (VLAN 10): port 2 untagged, trunk 3
     * tagged, not port 4 (VLAN 20). */
    inject_frame(&b, 0, mac(1), BCAST, 0);
    CHECK(wait_sent(&b, 1, &tci, &src));
    CHECK_EQ(tci, 0);
    CHECK(eth_addr_equals(src, mac(1)));
    CHECK(wait_sent(&b, 2, &tci, NULL));
    CHECK_EQ(tci, TCI(10, 0));
    CHECK(quiet(&b, 3, 50));
    CHECK(quiet(&b, 0, 0));

    /* The reply from the trunk goes to port 1 only. */
    inject_frame(&b, 2, mac(3), mac(1), TCI(10, 0));
    CHECK(wait_sent(&b, 0, &tci, &src));
    CHECK_EQ(tci, 0);
    CHECK(eth_addr_equals(src, mac(3)));
    CHECK(quiet(&b, 1, 50));

    struct ds s = DS_EMPTY_INITIALIZER;
    ofproto_format_fdb(b.ofproto, &s);
    CHECK_STREQ(ds_cstr(&s),
                " port  VLAN  MAC                Age\n"
                "    1    10  50:54:00:00:00:01    0\n"
                "    3    10  50:54:00:00:00:03    0\n");
    ds_clear(&s);
    ofproto_format_fdb_stats(b.ofproto, &s);
    CHECK_STREQ(ds_cstr(&s),
                "Statistics for bridge \"br0\":\n"
                "  Current/maximum MAC entries in the table: 2/8192\n"
                "  Current static MAC entries in the table : 0\n"
                "  Total number of learned MAC entries     : 2\n"
                "  Total number of expired MAC entries     : 0\n"
                "  Total number of evicted MAC entries     : 0\n"
                "  Total number of port moved MAC entries  : 0\n");
    ds_clear(&s);
    ofproto_format_flows(b.ofproto, &s);
    CHECK(strstr(ds_cstr(&s), "duration=0s, n_packets=2, n_bytes="));
    CHECK(strstr(ds_cstr(&s), ", priority=0,actions=NORMAL\n"));

    /* Statistics survive the megaflows. */
    dpif_flow_flush(b.dpif);
    ds_clear(&s);
    ofproto_format_flows(b.ofproto, &s);
    CHECK(strstr(ds_cstr(&s), "n_packets=2,"));
    ds_destroy(&s);
    bridge_teardown(&b);
}

OSW_TEST(ofproto_tagged_on_access_counted)
{
    struct bridge_fx b;

    bridge_setup(&b, "ta", basic_modes, basic_tags);
    inject_frame(&b, 0, mac(1), BCAST, TCI(10, 0));
    long long int deadline = time_msec() + 2000;
    uint64_t counts[DP_DROP_N_REASONS];
    do {
        usleep(1000);
        CHECK_EQ(dpif_get_drop_stats(b.dpif, ODPP_NONE, counts), 0);
    } while (!counts[DP_DROP_TAGGED_ON_ACCESS] && time_msec() < deadline);
    CHECK_EQ(counts[DP_DROP_TAGGED_ON_ACCESS], 1);
    CHECK(quiet(&b, 1, 20));
    CHECK(quiet(&b, 2, 0));
    bridge_teardown(&b);
}

OSW_TEST(ofproto_mac_move_invalidates)
{
    struct bridge_fx b;
    uint16_t tci;

    bridge_setup(&b, "mv", basic_modes, basic_tags);

    /* Learn mac(1) on port 1; frames to it from the trunk go there, and
     * a megaflow caches that. */
    inject_frame(&b, 0, mac(1), BCAST, 0);
    CHECK(wait_sent(&b, 1, &tci, NULL));
    CHECK(wait_sent(&b, 2, &tci, NULL));
    for (int i = 0; i < 3; i++) {
        inject_frame(&b, 2, mac(3), mac(1), TCI(10, 0));
        CHECK(wait_sent(&b, 0, &tci, NULL));
    }
    CHECK(quiet(&b, 1, 20));

    /* mac(1) moves to port 2: the cached flow must not send to port 1
     * any more. */
    inject_frame(&b, 1, mac(1), BCAST, 0);
    CHECK(wait_sent(&b, 0, &tci, NULL));      /* The broadcast itself. */
    inject_frame(&b, 2, mac(3), mac(1), TCI(10, 0));
    CHECK(wait_sent(&b, 1, &tci, NULL));
    CHECK_EQ(tci, 0);
    CHECK(quiet(&b, 0, 50));

    struct ds s = DS_EMPTY_INITIALIZER;
    ofproto_format_fdb_stats(b.ofproto, &s);
    CHECK(strstr(ds_cstr(&s), "port moved MAC entries  : 1\n"));
    ds_destroy(&s);

    /* Flushing: flooded again. */
    ofproto_flush_macs(b.ofproto);
    inject_frame(&b, 2, mac(3), mac(1), TCI(10, 0));
    CHECK(wait_sent(&b, 0, &tci, NULL));
    CHECK(wait_sent(&b, 1, &tci, NULL));
    bridge_teardown(&b);
}

OSW_TEST(ofproto_bundle_changes)
{
    struct bridge_fx b;
    uint16_t tci;

    bridge_setup(&b, "bc", basic_modes, basic_tags);
    inject_frame(&b, 0, mac(1), BCAST, 0);
    CHECK(wait_sent(&b, 1, &tci, NULL));
    CHECK(wait_sent(&b, 2, &tci, NULL));

    /* Port 2 moves to VLAN 20: the same frame now reaches only the
     * trunk (the cached flow is revalidated). */
    struct ofproto_bundle_settings s = {
        .name = "bc2", .members = &b.ofp_ports[1], .n_members = 1,
        .vlan = 20, .vlan_mode = PORT_VLAN_ACCESS,
    };
    CHECK_EQ(ofproto_bundle_register(b.ofproto, &b.keys[1], &s), 0);
    inject_frame(&b, 0, mac(1), BCAST, 0);
    CHECK(wait_sent(&b, 2, &tci, NULL));
    CHECK_EQ(tci, TCI(10, 0));
    CHECK(quiet(&b, 1, 50));
    /* ...and VLAN 20 frames reach it with port 4. */
    inject_frame(&b, 2, mac(3), BCAST, TCI(20, 0));
    CHECK(wait_sent(&b, 1, &tci, NULL));
    CHECK(wait_sent(&b, 3, &tci, NULL));

    /* Without a bundle, port 1 forwards nothing, and its MACs go. */
    ofproto_bundle_unregister(b.ofproto, &b.keys[0]);
    ofproto_bundle_unregister(b.ofproto, &b.keys[0]);
    inject_frame(&b, 0, mac(1), BCAST, 0);
    CHECK(quiet(&b, 2, 50));
    struct ds d = DS_EMPTY_INITIALIZER;
    ofproto_format_fdb(b.ofproto, &d);
    CHECK(!strstr(ds_cstr(&d), "50:54:00:00:00:01"));
    ds_destroy(&d);
    bridge_teardown(&b);
}

OSW_TEST(ofproto_two_bridges_isolated)
{
    struct bridge_fx b;
    struct netdev *other;
    ofp_port_t op;
    uint16_t tci;

    bridge_setup(&b, "tb", basic_modes, basic_tags);
    struct ofproto *br1 = ofproto_create("br1");
    CHECK_EQ(netdev_open("tbx", "dummy", NULL, &other), 0);
    CHECK_EQ(ofproto_port_add(br1, other, 1, &op), 0);
    CHECK_EQ(op, 1);
    struct ofproto_bundle_settings s = {
        .name = "tbx", .members = &op, .n_members = 1,
        .vlan = 10, .vlan_mode = PORT_VLAN_ACCESS,
    };
    int key;
    CHECK_EQ(ofproto_bundle_register(br1, &key, &s), 0);

    inject_frame(&b, 0, mac(1), BCAST, 0);
    CHECK(wait_sent(&b, 1, &tci, NULL));
    struct dp_packet *p;
    usleep(20000);
    CHECK((p = netdev_dummy_pop_sent(other)) == NULL);

    struct ds d = DS_EMPTY_INITIALIZER;
    ofproto_format_fdb(br1, &d);
    CHECK_STREQ(ds_cstr(&d), " port  VLAN  MAC                Age\n");
    ds_destroy(&d);

    ofproto_destroy(br1);
    netdev_close(other);
    bridge_teardown(&b);
}

OSW_TEST(ofproto_local_port_fdb)
{
    struct bridge_fx b;
    struct netdev *local;
    ofp_port_t lp;
    uint16_t tci;

    bridge_setup(&b, "lp", basic_modes, basic_tags);
    CHECK_EQ(netdev_open("lpbr", "dummy", NULL, &local), 0);
    CHECK_EQ(ofproto_port_add(b.ofproto, local, OFPP_LOCAL, &lp), 0);
    struct ofproto_bundle_settings s = {
        .name = "lpbr", .members = &lp, .n_members = 1,
        .vlan = -1, .vlan_mode = PORT_VLAN_IMPLICIT,
    };
    int key;
    CHECK_EQ(ofproto_bundle_register(b.ofproto, &key, &s), 0);

    struct flow flow = make_flow(0, mac(0x77), BCAST, 0, 0);
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);
    flow_compose(p, &flow, 20);
    CHECK_EQ(netdev_dummy_receive(local, p), 0);
    CHECK(wait_sent(&b, 2, &tci, NULL));        /* Trunk: VLAN 0. */
    CHECK_EQ(tci, 0);

    struct ds d = DS_EMPTY_INITIALIZER;
    ofproto_format_fdb(b.ofproto, &d);
    CHECK_STREQ(ds_cstr(&d),
                " port  VLAN  MAC                Age\n"
                "LOCAL     0  50:54:00:00:00:77    0\n");
    ds_destroy(&d);
    bridge_teardown(&b);
    netdev_close(local);
}

OSW_TEST(ofproto_mac_table_config)
{
    struct bridge_fx b;
    uint16_t tci;

    bridge_setup(&b, "mc", basic_modes, basic_tags);
    ofproto_set_mac_table_config(b.ofproto, 30, 2);
    for (int i = 1; i <= 3; i++) {
        inject_frame(&b, 0, mac(i), BCAST, 0);
        CHECK(wait_sent(&b, 1, &tci, NULL));
    }
    struct ds d = DS_EMPTY_INITIALIZER;
    ofproto_format_fdb_stats(b.ofproto, &d);
    CHECK(strstr(ds_cstr(&d), "table: 2/2\n"));
    CHECK(strstr(ds_cstr(&d), "evicted MAC entries     : 1\n"));
    ds_destroy(&d);
    CHECK_EQ(mac_learning_get_idle_time(ofproto_get_mac_learning(b.ofproto)),
             30);
    ofproto_run(b.ofproto);
    ofproto_wait(b.ofproto);
    bridge_teardown(&b);
}

/* The OpenFlow pipeline (xlate_pipeline()) on a real bridge. */

/* Parses 'match_s' (ovs-ofctl syntax, "" for all) into 'match'. */
static void
parse_match(const char *match_s, struct match *match)
{
    char *copy = xstrdup(match_s);
    char *save = NULL;

    match_init_catchall(match);
    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (eq) {
            *eq = '\0';
        }
        char *error = match_parse_field(match, tok, eq ? eq + 1 : NULL,
                                        NULL, NULL);
        if (error) {
            osw_test_fail(__FILE__, __LINE__, "%s: %s", match_s, error);
        }
    }
    free(copy);
}

/* Adds "table=TABLE,priority=PRIORITY,MATCH actions=ACTIONS". */
static void
add_flow(struct bridge_fx *b, int table, int priority, const char *match_s,
         const char *actions_s, uint64_t cookie)
{
    struct ofpbuf ofpacts;
    ofpbuf_init(&ofpacts, 64);
    char *error = ofpacts_parse(actions_s, &ofpacts, NULL, NULL);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "%s: %s", actions_s, error);
    }

    struct ofproto_fm fm;
    memset(&fm, 0, sizeof fm);
    fm.command = OFPROTO_FC_ADD;
    parse_match(match_s, &fm.match);
    fm.priority = priority;
    fm.table_id = table;
    fm.new_cookie = cookie;
    fm.out_port = OFPROTO_OUT_PORT_ANY;
    fm.out_group = OFPROTO_GROUP_ANY;
    fm.ofpacts = ofpacts.data;
    fm.ofpacts_len = ofpacts.size;
    CHECK_EQ(ofproto_flow_mod(b->ofproto, &fm), 0);
    ofpbuf_uninit(&ofpacts);
}

/* A bridge with ports 1..4 (trunks) and no flows at all. */
static void
pipeline_setup(struct bridge_fx *b, const char *prefix)
{
    static const enum port_vlan_mode modes[N_DPORTS] = {
        PORT_VLAN_TRUNK, PORT_VLAN_TRUNK, PORT_VLAN_TRUNK, PORT_VLAN_TRUNK,
    };
    static const int tags[N_DPORTS] = { -1, -1, -1, -1 };
    struct match all;

    bridge_setup(b, prefix, modes, tags);
    match_init_catchall(&all);
    ofproto_delete_flow(b->ofproto, &all, 0);
}

struct presult {
    char *actions;              /* Datapath actions, text. */
    struct ofpbuf odp;          /* And raw. */
    struct flow_wildcards wc;
    struct xlate_out out;
    struct xlate_cache *xc;
};

static void
presult_destroy(struct presult *r)
{
    free(r->actions);
    ofpbuf_uninit(&r->odp);
    xlate_cache_free(r->xc);
}

/* Translates 'flow' (in_port: OpenFlow port = datapath port here). */
static const char *
run_pipeline(struct bridge_fx *b, const struct flow *flow,
             const struct ofpact *ofpacts, size_t ofpacts_len,
             struct presult *r)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    ofpbuf_init(&r->odp, 64);
    flow_wildcards_init_catchall(&r->wc);
    xlate_out_init(&r->out, &r->odp, &r->wc);
    r->xc = xlate_cache_new();

    ofproto_rdlock();
    const struct ofport *port = ofproto_get_port(b->ofproto, flow->in_port);
    struct xlate_in in = {
        .flow = flow,
        .in_bundle = port && port->bundle ? &port->bundle->xb : NULL,
        .bundles = b->ofproto->flood,
        .n_bundles = b->ofproto->n_flood,
        .ml = b->ofproto->ml,
        .may_learn = false,
        .vlan_limit = 1,
        .ofproto = b->ofproto,
        .ofpacts = ofpacts,
        .ofpacts_len = ofpacts_len,
        .xcache = r->xc,
    };
    CHECK_EQ(xlate_pipeline(&in, &r->out), 0);
    ofproto_unlock();

    CHECK(dp_actions_validate(r->odp.data, r->odp.size));
    dp_actions_format(&s, r->odp.data, r->odp.size, NULL, NULL);
    r->actions = ds_steal_cstr(&s);
    return r->actions;
}

static struct flow
tcp_flow(uint32_t in_port, uint16_t tp_dst)
{
    struct flow flow = make_flow(in_port, mac(1), mac(2), 0, 0);
    flow.dl_type = htons(ETH_TYPE_IP);
    flow.nw_src = htonl(0x0a000001);
    flow.nw_dst = htonl(0x0a000002);
    flow.nw_proto = IPPROTO_TCP;
    flow.nw_ttl = 64;
    flow.tp_src = htons(1234);
    flow.tp_dst = htons(tp_dst);
    return flow;
}

OSW_TEST(pipeline_default_normal)
{
    struct bridge_fx b;
    struct presult r;

    bridge_setup(&b, "pn", basic_modes, basic_tags);
    struct flow flow = make_flow(1, mac(1), BCAST, 0, 0);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "2,push_vlan(vid=10,pcp=0),3");
    CHECK_EQ(r.out.n_outputs, 2);
    /* The NORMAL rule's stats id was recorded, with table 0's lookup and
     * matched ids. */
    CHECK_EQ(r.xc->n_ids, 3);
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_set_then_normal)
{
    struct bridge_fx b;
    struct presult r;

    /* The guide's flow: rewrite the port, then switch normally (access
     * ports 1, 2 in VLAN 10, trunk 3, access 4 in VLAN 20). */
    bridge_setup(&b, "sn", basic_modes, basic_tags);
    add_flow(&b, 0, 100, "tcp,tp_dst=8080", "mod_tp_dst:80,NORMAL", 0);
    struct flow flow = tcp_flow(1, 8080);
    flow.dl_dst = BCAST;
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(tcp(dst=80)),2,push_vlan(vid=10,pcp=0),3");
    CHECK_EQ(r.xc->n_ids, 3);
    presult_destroy(&r);

    /* Other traffic: the default NORMAL rule. */
    flow = tcp_flow(1, 22);
    flow.dl_dst = BCAST;
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "2,push_vlan(vid=10,pcp=0),3");
    presult_destroy(&r);

    /* NORMAL, then more actions: the tags NORMAL pushed are taken off
     * again only when a later output needs the packet as it was. */
    add_flow(&b, 0, 100, "udp", "NORMAL,output:4", 0);
    flow = tcp_flow(1, 53);
    flow.nw_proto = IPPROTO_UDP;
    flow.dl_dst = BCAST;
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "2,push_vlan(vid=10,pcp=0),3,pop_vlan,4");
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_table_miss)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "pm");
    struct flow flow = tcp_flow(1, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "drop(table_miss)");
    /* Only table 0's lookup id: the flow dumps count a cached miss's
     * packets as lookups (and not as matches) there. */
    CHECK_EQ(r.xc->n_ids, 1);
    CHECK_EQ(r.xc->ids[0], b.ofproto->tables[0].lookup_stats_id);
    presult_destroy(&r);

    /* A rule without actions: drop for a reason of its own. */
    add_flow(&b, 0, 10, "", "drop", 0);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "drop(flow_action)");
    CHECK_EQ(r.xc->n_ids, 3);
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_goto_table_and_wildcards)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "pg");
    add_flow(&b, 0, 10, "in_port=1", "goto_table:3", 1);
    add_flow(&b, 3, 100, "tcp,tp_dst=80", "output:2", 2);
    add_flow(&b, 3, 1, "", "output:4", 3);

    struct flow flow = tcp_flow(1, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "2");
    /* Two rules, and the lookup and matched ids of tables 0 and 3. */
    CHECK_EQ(r.xc->n_ids, 6);
    CHECK_EQ(r.wc.masks.tp_dst, htons(0xffff));
    presult_destroy(&r);

    /* UDP: the classifier need not look at the ports. */
    flow.nw_proto = IPPROTO_UDP;
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "4");
    CHECK_EQ(r.wc.masks.tp_dst, 0);
    CHECK_EQ(r.wc.masks.tp_src, 0);
    CHECK_EQ(r.wc.masks.nw_src, 0);
    CHECK_EQ(r.wc.masks.dl_src.ea[0], 0);
    CHECK_EQ(r.wc.masks.in_port, UINT32_MAX);
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_resubmit_and_loops)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "pr");
    add_flow(&b, 0, 10, "in_port=1", "resubmit(,1),output:3", 0);
    add_flow(&b, 1, 10, "", "output:2", 0);
    add_flow(&b, 0, 10, "in_port=2", "resubmit(4,0)", 0);
    add_flow(&b, 0, 10, "in_port=4", "output:1", 0);
    add_flow(&b, 0, 10, "in_port=3", "resubmit(,5)", 0);
    add_flow(&b, 5, 10, "", "resubmit(,5)", 0);

    struct flow flow = tcp_flow(1, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "2,3");
    presult_destroy(&r);

    /* resubmit with another in_port: the lookup sees port 4, and output
     * to port 1 is fine since the packet came from 2. */
    flow = tcp_flow(2, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "1");
    presult_destroy(&r);

    /* An endless loop stops at the depth limit, uncached. */
    flow = tcp_flow(3, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "drop(xlate_limit)");
    CHECK(r.out.no_cache);
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_action_set)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "pa");
    /* The last write to a slot wins; apply actions run at once; the set
     * runs at the end in OpenFlow's order (set_field before output). */
    add_flow(&b, 0, 10, "in_port=1",
             "output:4,write_actions(output:3),goto_table:1", 0);
    add_flow(&b, 1, 10, "tcp",
             "write_actions(output:2,mod_tp_dst:8080)", 0);
    struct flow flow = tcp_flow(1, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "4,set(tcp(dst=8080)),2");
    presult_destroy(&r);

    /* clear_actions empties it. */
    add_flow(&b, 1, 20, "tcp,tp_dst=81", "clear_actions", 0);
    flow.tp_dst = htons(81);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "4");
    presult_destroy(&r);

    /* write_metadata reaches the next table's match. */
    add_flow(&b, 0, 10, "in_port=2", "write_metadata:0x5/0xff,goto_table:2",
             0);
    add_flow(&b, 2, 10, "metadata=0x5", "output:3", 0);
    add_flow(&b, 2, 5, "", "output:4", 0);
    flow = tcp_flow(2, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "3");
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_set_field_committed_once)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "ps");
    add_flow(&b, 0, 10, "tcp",
             "mod_nw_dst:10.0.0.9,mod_tp_dst:8080,output:2,output:3,"
             "mod_dl_src:00:00:00:00:00:aa,output:4", 0);
    struct flow flow = tcp_flow(1, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(ipv4(dst=10.0.0.9)),set(tcp(dst=8080)),2,3,"
                "set(eth(src=00:00:00:00:00:aa)),4");
    /* Fields set are pinned (an unchanged value emits no action). */
    CHECK_EQ(r.wc.masks.nw_dst, htonl(UINT32_MAX));
    CHECK_EQ(r.wc.masks.tp_dst, htons(0xffff));
    CHECK_EQ(r.wc.masks.nw_src, 0);
    CHECK_EQ(ntohs(r.out.final_flow.tp_dst), 8080);
    CHECK_EQ(r.out.final_flow.in_port, 1);
    presult_destroy(&r);

    /* Setting a field to the value it has emits nothing. */
    flow.nw_dst = htonl(0x0a000009);
    flow.tp_dst = htons(8080);
    flow.dl_src = eth_addr_from_uint64(0xaa);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "2,3,4");
    presult_destroy(&r);

    /* Registers are pipeline state only. */
    add_flow(&b, 0, 20, "udp", "load:0x7->NXM_NX_REG1[],resubmit(,1)", 0);
    add_flow(&b, 1, 10, "reg1=7", "output:2", 0);
    flow = tcp_flow(1, 80);
    flow.nw_proto = IPPROTO_UDP;
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "2");
    /* Registers are zero in every packet the datapath sees: the
     * megaflow need not mention them. */
    CHECK_EQ(r.wc.masks.regs[1], 0);
    presult_destroy(&r);
    bridge_teardown(&b);
}

/* An ICMPv6 neighbor solicitation ('type' 135) or advertisement (136)
 * for fe80::99 with source link-layer address option mac(1). */
static struct flow
nd_flow(uint32_t in_port, uint8_t type)
{
    struct flow flow = make_flow(in_port, mac(1), mac(2), 0, 0);
    flow.dl_type = htons(ETH_TYPE_IPV6);
    flow.nw_src = flow.nw_dst = 0;
    inet_pton(AF_INET6, "fe80::1", &flow.ipv6_src);
    inet_pton(AF_INET6, "ff02::1:ff00:99", &flow.ipv6_dst);
    flow.nw_proto = IPPROTO_ICMPV6;
    flow.nw_ttl = 255;
    flow.tp_src = htons(type);
    flow.tp_dst = 0;
    inet_pton(AF_INET6, "fe80::99", &flow.nd_target);
    flow.arp_sha = mac(1);
    return flow;
}

OSW_TEST(pipeline_set_field_nd)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "pn");
    add_flow(&b, 0, 10, "in_port=1,icmp6,icmp_type=135,icmp_code=0",
             "set_field:fe80::1->nd_target,output:2", 0);
    add_flow(&b, 0, 10, "in_port=2,icmp6,icmp_type=135,icmp_code=0",
             "set_field:00:00:00:00:00:aa->nd_sll,"
             "set_field:fe80::2->nd_target,output:3", 0);
    add_flow(&b, 0, 10, "in_port=3,icmp6,icmp_type=136,icmp_code=0",
             "set_field:00:00:00:00:00:bb->nd_tll,output:4,"
             "set_field:fe80::3->nd_target,output:1", 0);

    struct flow flow = nd_flow(1, 135);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(nd(target=fe80::1)),2");
    /* The field and its prerequisites are pinned. */
    CHECK(is_all_ones(&r.wc.masks.nd_target, 16));
    CHECK_EQ(r.wc.masks.tp_src, htons(0xffff));
    CHECK_EQ(r.wc.masks.tp_dst, htons(0xffff));
    CHECK_EQ(r.wc.masks.nw_proto, 0xff);
    CHECK(eth_addr_is_zero(r.wc.masks.arp_sha));
    struct in6_addr want;
    inet_pton(AF_INET6, "fe80::1", &want);
    CHECK(!memcmp(&r.out.final_flow.nd_target, &want, 16));
    presult_destroy(&r);

    /* Already that target: nothing to emit. */
    flow.nd_target = want;
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "2");
    presult_destroy(&r);

    /* Several ND fields go in one action. */
    flow = nd_flow(2, 135);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(nd(target=fe80::2,sll=00:00:00:00:00:aa)),3");
    presult_destroy(&r);

    /* Committed once per change, before each output. */
    flow = nd_flow(3, 136);
    flow.arp_sha = eth_addr_zero;
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(nd(tll=00:00:00:00:00:bb)),4,"
                "set(nd(target=fe80::3)),1");
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_vlans)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "pv");
    add_flow(&b, 0, 10, "in_port=1",
             "push_vlan:0x8100,set_field:4106->vlan_vid,output:2", 0);
    add_flow(&b, 0, 10, "in_port=2", "strip_vlan,output:3", 0);
    add_flow(&b, 0, 10, "in_port=3", "mod_vlan_vid:20,output:4", 0);
    add_flow(&b, 0, 10, "in_port=4",
             "mod_vlan_pcp:5,output:1,strip_vlan,output:2", 0);

    struct flow flow = tcp_flow(1, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "push_vlan(vid=10,pcp=0),2");
    presult_destroy(&r);

    flow = tcp_flow(2, 80);
    flow.vlans[0].tpid = htons(ETH_TYPE_VLAN_8021Q);
    flow.vlans[0].tci = htons(TCI(7, 3));
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "pop_vlan,3");
    presult_destroy(&r);

    /* mod_vlan_vid on an untagged packet adds a tag. */
    flow = tcp_flow(3, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "push_vlan(vid=20,pcp=0),4");
    presult_destroy(&r);
    /* ...and on a tagged one rewrites it (pop, push), keeping PCP. */
    flow.vlans[0].tpid = htons(ETH_TYPE_VLAN_8021Q);
    flow.vlans[0].tci = htons(TCI(7, 3));
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "pop_vlan,push_vlan(vid=20,pcp=3),4");
    presult_destroy(&r);

    flow = tcp_flow(4, 80);
    flow.vlans[0].tpid = htons(ETH_TYPE_VLAN_8021Q);
    flow.vlans[0].tci = htons(TCI(7, 0));
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "pop_vlan,push_vlan(vid=7,pcp=5),1,pop_vlan,2");
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_output_ports)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "po");
    add_flow(&b, 0, 10, "in_port=1", "output:1", 0);
    add_flow(&b, 0, 10, "in_port=2", "IN_PORT", 0);
    add_flow(&b, 0, 10, "in_port=3", "ALL", 0);
    add_flow(&b, 0, 10, "in_port=4", "FLOOD", 0);

    /* Output to the input port without IN_PORT: dropped. */
    struct flow flow = tcp_flow(1, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "drop(same_port)");
    presult_destroy(&r);
    flow = tcp_flow(2, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "2");
    presult_destroy(&r);
    flow = tcp_flow(3, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "1,2,4");
    presult_destroy(&r);
    flow = tcp_flow(4, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "1,2,3");
    presult_destroy(&r);

    /* A packet-out's actions, with output:TABLE going through table 0. */
    struct ofpbuf ofpacts;
    ofpbuf_init(&ofpacts, 64);
    CHECK(!ofpacts_parse("output:3,TABLE", &ofpacts, NULL, NULL));
    flow = tcp_flow(ODPP_NONE, 80);
    flow.in_port = 1;
    CHECK_STREQ(run_pipeline(&b, &flow, ofpacts.data, ofpacts.size, &r),
                "3");
    presult_destroy(&r);
    ofpbuf_uninit(&ofpacts);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_controller_userdata)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "pc");
    add_flow(&b, 0, 10, "tcp", "controller(max_len=128,id=5),output:2",
             0xabcd);
    struct flow flow = tcp_flow(1, 80);
    run_pipeline(&b, &flow, NULL, 0, &r);

    const struct nlattr *a = r.odp.data;
    CHECK_EQ(nl_attr_type(a), OVS_ACTION_ATTR_USERSPACE);
    const struct nlattr *u;
    size_t left;
    bool found = false;
    NL_ATTR_FOR_EACH (u, left, nl_attr_get(a), nl_attr_get_size(a)) {
        if (nl_attr_type(u) == OVS_USERSPACE_ATTR_USERDATA) {
            struct xlate_userdata ud;
            CHECK(xlate_userdata_decode(nl_attr_get(u), nl_attr_get_size(u),
                                        &ud));
            CHECK_EQ(ud.reason, OFPR_ACTION);
            CHECK_EQ(ud.max_len, 128);
            CHECK_EQ(ud.controller_id, 5);
            CHECK_EQ(ud.table_id, 0);
            CHECK_EQ(ud.cookie, 0xabcd);
            CHECK_EQ(ud.in_port, 1);
            CHECK(ud.ofproto == b.ofproto);
            found = true;
        }
    }
    CHECK(found);
    CHECK_EQ(r.out.n_outputs, 2);
    presult_destroy(&r);

    /* Malformed userdata is refused. */
    struct xlate_userdata ud;
    uint8_t junk[sizeof ud];
    memset(junk, 0, sizeof junk);
    CHECK(!xlate_userdata_decode(junk, sizeof junk, &ud));
    CHECK(!xlate_userdata_decode(junk, 3, &ud));
    CHECK(!xlate_userdata_decode(NULL, 0, &ud));
    bridge_teardown(&b);
}

OSW_TEST(pipeline_dec_ttl)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "pt");
    add_flow(&b, 0, 10, "ip", "dec_ttl,output:2", 0);
    struct flow flow = tcp_flow(1, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(ipv4(ttl=63)),2");
    CHECK_EQ(r.wc.masks.nw_ttl, 0xff);
    presult_destroy(&r);

    /* TTL 1: an INVALID_TTL packet-in, and no output. */
    flow.nw_ttl = 1;
    run_pipeline(&b, &flow, NULL, 0, &r);
    CHECK_EQ(nl_attr_type(r.odp.data), OVS_ACTION_ATTR_USERSPACE);
    CHECK(!dp_actions_output_to(r.odp.data, r.odp.size, 2));
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_queue)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "pq");
    add_flow(&b, 0, 10, "", "set_queue:3,output:2,pop_queue,output:3", 0);
    struct flow flow = tcp_flow(1, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(skb_priority(0x4)),2,set(skb_priority(0)),3");
    presult_destroy(&r);
    bridge_teardown(&b);
}

/* Adds group 'id' of 'type' whose buckets run the ';'-separated action
 * lists of 'buckets_s' with 'weights' (NULL: 0) and 'watch' ports (NULL:
 * none). */
static void
add_group(struct bridge_fx *b, uint32_t id, enum ofgroup_type type,
          const char *buckets_s, const uint16_t *weights,
          const uint32_t *watch)
{
    struct ofgroup_bucket buckets[8];
    struct ofpbuf ofpacts[8];
    size_t n = 0;
    char *copy = xstrdup(buckets_s);
    char *save = NULL;

    memset(buckets, 0, sizeof buckets);
    for (char *tok = strtok_r(copy, ";", &save); tok;
         tok = strtok_r(NULL, ";", &save)) {
        ofpbuf_init(&ofpacts[n], 64);
        CHECK(!ofpacts_parse(tok, &ofpacts[n], NULL, NULL));
        buckets[n].ofpacts = ofpacts[n].data;
        buckets[n].ofpacts_len = ofpacts[n].size;
        buckets[n].weight = weights ? weights[n] : 0;
        buckets[n].watch_port = watch ? watch[n] : 0xffffffff;
        buckets[n].watch_group = OFPROTO_GROUP_ANY;
        buckets[n].bucket_id = n;
        n++;
    }
    struct ofproto_group_mod gm = {
        .command = OFPROTO_GC_ADD, .type = type, .group_id = id,
        .buckets = buckets, .n_buckets = n,
    };
    CHECK_EQ(ofproto_group_mod(b->ofproto, &gm), 0);
    for (size_t i = 0; i < n; i++) {
        ofpbuf_uninit(&ofpacts[i]);
    }
    free(copy);
}

OSW_TEST(pipeline_group_all_and_indirect)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "ga");
    /* Each bucket of an ALL group works on its own copy: the second
     * bucket's packet has the original source MAC again. */
    add_group(&b, 1, OFGROUP_ALL,
              "mod_dl_src:00:00:00:00:00:99,output:2;output:3", NULL, NULL);
    add_group(&b, 2, OFGROUP_INDIRECT, "output:4", NULL, NULL);
    add_flow(&b, 0, 10, "in_port=1", "group:1,output:4", 0);
    add_flow(&b, 0, 10, "in_port=2", "group:2", 0);

    struct flow flow = tcp_flow(1, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(eth(src=00:00:00:00:00:99)),2,"
                "set(eth(src=50:54:00:00:00:01)),3,4");
    /* Rule, group and both buckets, and table 0's two ids. */
    CHECK_EQ(r.xc->n_ids, 6);
    presult_destroy(&r);

    flow = tcp_flow(2, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), "4");
    CHECK_EQ(r.xc->n_ids, 5);
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_group_select)
{
    struct bridge_fx b;
    struct presult r;
    static const uint16_t weights[3] = { 1, 0, 3 };

    pipeline_setup(&b, "gs");
    add_group(&b, 5, OFGROUP_SELECT, "output:2;output:3;output:4",
              weights, NULL);
    add_flow(&b, 0, 10, "", "group:5", 0);

    int hits[3] = { 0, 0, 0 };
    for (int i = 0; i < 400; i++) {
        struct flow flow = tcp_flow(1, 1000 + i);
        const char *a = run_pipeline(&b, &flow, NULL, 0, &r);
        CHECK(strlen(a) == 1);
        hits[a[0] - '2']++;
        /* The hash's fields are in the megaflow. */
        CHECK_EQ(r.wc.masks.tp_dst, htons(0xffff));
        CHECK_EQ(r.wc.masks.nw_src, htonl(UINT32_MAX));
        presult_destroy(&r);
    }
    /* Weight 0 never; the rest about 1:3. */
    CHECK_EQ(hits[1], 0);
    CHECK(hits[0] > 50 && hits[0] < 150);
    CHECK(hits[2] > 250);

    /* The same flow always picks the same bucket. */
    struct flow flow = tcp_flow(1, 7);
    char *first = xstrdup(run_pipeline(&b, &flow, NULL, 0, &r));
    presult_destroy(&r);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), first);
    presult_destroy(&r);
    free(first);
    bridge_teardown(&b);
}

/* A bucket's mod_tp_dst (no match to resolve it against) rewrites the
 * L4 port of whatever protocol the packet has, or nothing: a load
 * balancer's bucket. */
OSW_TEST(pipeline_group_bucket_l4_port_any_protocol)
{
    struct bridge_fx b;
    struct presult r;

    static const uint16_t weight[1] = { 1 };

    pipeline_setup(&b, "gl");
    add_group(&b, 3, OFGROUP_SELECT,
              "mod_nw_dst:10.0.0.9,mod_tp_dst:8080,output:2", weight, NULL);
    add_flow(&b, 0, 10, "", "group:3", 0);

    struct flow flow = tcp_flow(1, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(ipv4(dst=10.0.0.9)),set(tcp(dst=8080)),2");
    presult_destroy(&r);

    flow.nw_proto = IPPROTO_UDP;
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(ipv4(dst=10.0.0.9)),set(udp(dst=8080)),2");
    presult_destroy(&r);

    flow.nw_proto = IPPROTO_SCTP;
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(ipv4(dst=10.0.0.9)),set(sctp(dst=8080)),2");
    presult_destroy(&r);

    /* ICMP has no ports: only the address changes, and the verdict
     * depends on the protocol, so the megaflow matches it. */
    flow.nw_proto = IPPROTO_ICMP;
    flow.tp_src = flow.tp_dst = htons(0);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(ipv4(dst=10.0.0.9)),2");
    CHECK_EQ(r.wc.masks.nw_proto, 0xff);
    presult_destroy(&r);

    /* mod_tp_src likewise. */
    add_group(&b, 4, OFGROUP_INDIRECT, "mod_tp_src:53,output:3", NULL,
              NULL);
    add_flow(&b, 0, 20, "in_port=2", "group:4", 0);
    flow = tcp_flow(2, 80);
    flow.nw_proto = IPPROTO_UDP;
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(udp(src=53)),3");
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_group_fast_failover)
{
    struct bridge_fx b;
    struct presult r;
    static const uint32_t watch[2] = { 2, 3 };

    pipeline_setup(&b, "gf");
    add_group(&b, 9, OFGROUP_FF, "output:2;output:3", NULL, watch);
    add_flow(&b, 0, 10, "", "group:9", 0);

    struct flow flow = tcp_flow(1, 80);
    const char *a = run_pipeline(&b, &flow, NULL, 0, &r);
    /* Port 2 is live if its dummy device is up. */
    struct ofport *p2 = ofproto_get_port(b.ofproto, 2);
    CHECK(p2 != NULL);
    if (p2->state & OFPROTO_PS_LIVE) {
        CHECK_STREQ(a, "2");
    }
    presult_destroy(&r);

    /* Port 2 down: the next bucket. */
    ofproto_port_set_config(b.ofproto, p2, OFPROTO_PC_PORT_DOWN,
                            OFPROTO_PC_PORT_DOWN);
    a = run_pipeline(&b, &flow, NULL, 0, &r);
    struct ofport *p3 = ofproto_get_port(b.ofproto, 3);
    if (p3->state & OFPROTO_PS_LIVE) {
        CHECK_STREQ(a, "3");
    }
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_meter)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "mt");
    struct ofproto_meter_mod mm = {
        .command = OFPROTO_MC_ADD, .flags = OFPROTO_METER_PKTPS,
        .meter_id = 3, .n_bands = 1,
    };
    mm.bands[0].type = OFPROTO_METER_BAND_DROP;
    mm.bands[0].rate = 100;
    CHECK_EQ(ofproto_meter_mod(b.ofproto, &mm), 0);
    add_flow(&b, 0, 10, "", "meter:3,output:2", 0);

    struct ofmeter *m = ofproto_meter_lookup(b.ofproto, 3);
    CHECK(m && m->dp_meter_id);
    struct flow flow = tcp_flow(1, 80);
    char expected[64];
    snprintf(expected, sizeof expected, "meter(%"PRIu32"),2",
             m->dp_meter_id);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r), expected);
    presult_destroy(&r);

    /* The datapath has it. */
    struct dpif_meter_stats st;
    CHECK_EQ(dpif_meter_get_stats(b.dpif, m->dp_meter_id, &st), 0);
    bridge_teardown(&b);
}

static struct flow
mpls_flow(uint32_t in_port, uint32_t lse)
{
    struct flow flow = make_flow(in_port, mac(1), mac(2), 0, 0);
    flow.dl_type = htons(ETH_TYPE_MPLS);
    flow.mpls_lse = htonl(lse);
    return flow;
}

OSW_TEST(pipeline_mpls_push_pop)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "m1");
    /* On IP: label 0, TC 0, the IP TTL, bottom of stack; a later
     * set_field on the label changes the pushed entry. */
    add_flow(&b, 0, 10, "in_port=1,ip",
             "mod_nw_tos:8,push_mpls:0x8847,set_field:100->mpls_label,"
             "output:2", 0);
    struct flow flow = tcp_flow(1, 80);
    flow.nw_ttl = 33;
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(ipv4(tos=0x8)),"
                "push_mpls(label=0,tc=0,ttl=33,bos=1,eth_type=0x8847),"
                "set(mpls(label=100)),2");
    CHECK_EQ(r.wc.masks.nw_ttl, 0xff);
    CHECK_EQ(r.out.final_flow.dl_type, htons(ETH_TYPE_MPLS));
    CHECK_EQ(r.out.final_flow.nw_src, 0);
    presult_destroy(&r);

    /* On MPLS: label, TC and TTL copied, not the BOS bit. */
    add_flow(&b, 0, 10, "in_port=3,mpls",
             "push_mpls:0x8848,output:2", 0);
    flow = mpls_flow(3, (77 << 12) | (5 << 9) | 0x100 | 9);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "push_mpls(label=77,tc=5,ttl=9,bos=0,eth_type=0x8848),2");
    CHECK_EQ(ntohl(r.wc.masks.mpls_lse), 0xfffffeff);
    presult_destroy(&r);

    /* Pop to IP: the IP TTL under an ingress label is unknown, so
     * dec_ttl is skipped; popping what was pushed brings back what is
     * known. */
    add_flow(&b, 0, 10, "in_port=4,mpls",
             "pop_mpls:0x0800,set_field:10.0.0.9->ip_dst,dec_ttl,output:2",
             0);
    flow = mpls_flow(4, (77 << 12) | 0x100 | 9);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "pop_mpls(eth_type=0x800),set(ipv4(dst=10.0.0.9)),2");
    presult_destroy(&r);
    add_flow(&b, 0, 10, "in_port=2,ip",
             "push_mpls:0x8847,pop_mpls:0x0800,dec_ttl,output:3", 0);
    flow = tcp_flow(2, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "push_mpls(label=0,tc=0,ttl=64,bos=1,eth_type=0x8847),"
                "pop_mpls(eth_type=0x800),set(ipv4(ttl=63)),3");
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(pipeline_mpls_ttl)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "m2");
    add_flow(&b, 0, 10, "in_port=1,mpls", "dec_mpls_ttl,output:2", 0);
    add_flow(&b, 0, 10, "in_port=2,mpls",
             "set_mpls_ttl:200,set_mpls_tc:6,output:3", 0);
    add_flow(&b, 0, 10, "in_port=3,ip",
             "push_mpls:0x8847,set_mpls_ttl:5,copy_ttl_out,output:1", 0);

    struct flow flow = mpls_flow(1, (5 << 12) | 0x100 | 10);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(mpls(ttl=9)),2");
    CHECK_EQ(ntohl(r.wc.masks.mpls_lse) & 0xff, 0xff);
    presult_destroy(&r);

    /* TTL 1 and 0: an INVALID_TTL packet-in, no output. */
    for (uint32_t ttl = 0; ttl < 2; ttl++) {
        flow = mpls_flow(1, (5 << 12) | 0x100 | ttl);
        run_pipeline(&b, &flow, NULL, 0, &r);
        CHECK_EQ(nl_attr_type(r.odp.data), OVS_ACTION_ATTR_USERSPACE);
        CHECK(!dp_actions_output_to(r.odp.data, r.odp.size, 2));
        presult_destroy(&r);
    }

    flow = mpls_flow(2, (5 << 12) | 0x100 | 10);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "set(mpls(tc=6,ttl=200)),3");
    presult_destroy(&r);

    /* copy_ttl_out: the IP TTL under a label pushed here. */
    flow = tcp_flow(3, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "push_mpls(label=0,tc=0,ttl=64,bos=1,eth_type=0x8847),1");
    presult_destroy(&r);

    /* The label under a popped one is unknown: no TTL to decrement (not
     * a packet-in for a TTL of 0). */
    add_flow(&b, 0, 10, "in_port=4,mpls",
             "pop_mpls:0x8847,dec_mpls_ttl,set_mpls_tc:1,output:2", 0);
    flow = mpls_flow(4, (5 << 12) | 10);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "pop_mpls(eth_type=0x8847),set(mpls(tc=1)),2");
    presult_destroy(&r);
    bridge_teardown(&b);
}

/* Labels a bucket pushes come off for the next bucket. */
OSW_TEST(pipeline_mpls_group_buckets)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "m3");
    add_group(&b, 1, OFGROUP_ALL,
              "push_mpls:0x8847,set_mpls_label:9,output:2;output:3",
              NULL, NULL);
    add_flow(&b, 0, 10, "in_port=1", "group:1", 0);
    struct flow flow = tcp_flow(1, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "push_mpls(label=0,tc=0,ttl=64,bos=1,eth_type=0x8847),"
                "set(mpls(label=9)),2,pop_mpls(eth_type=0x800),3");
    presult_destroy(&r);
    bridge_teardown(&b);
}

/* The action set runs pop_mpls and push_mpls before the TTL and
 * set_field actions (OpenFlow 1.3, 5.10). */
OSW_TEST(pipeline_mpls_action_set_order)
{
    struct bridge_fx b;
    struct presult r;

    pipeline_setup(&b, "m4");
    add_flow(&b, 0, 10, "in_port=1,ip",
             "write_actions(output:2,push_mpls:0x8847,"
             "set_field:3->mpls_label,dec_mpls_ttl)", 0);
    add_flow(&b, 0, 10, "in_port=2,mpls",
             "write_actions(output:3,pop_mpls:0x0800,"
             "set_field:10.0.0.9->ip_dst)", 0);
    struct flow flow = tcp_flow(1, 80);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "push_mpls(label=0,tc=0,ttl=64,bos=1,eth_type=0x8847),"
                "set(mpls(label=3,ttl=63)),2");
    presult_destroy(&r);
    flow = mpls_flow(2, (5 << 12) | 0x100 | 10);
    CHECK_STREQ(run_pipeline(&b, &flow, NULL, 0, &r),
                "pop_mpls(eth_type=0x800),set(ipv4(dst=10.0.0.9)),3");
    presult_destroy(&r);
    bridge_teardown(&b);
}

OSW_TEST(xlate_cache_ids)
{
    struct xlate_cache *xc = xlate_cache_new();
    xlate_cache_add(xc, 5);
    xlate_cache_add(xc, 0);
    xlate_cache_add(xc, 7);
    xlate_cache_add(xc, 5);
    CHECK_EQ(xc->n_ids, 2);
    CHECK_EQ(xc->ids[0], 5);
    CHECK_EQ(xc->ids[1], 7);
    for (int i = 0; i < 100; i++) {
        xlate_cache_add(xc, 100 + i);
    }
    CHECK_EQ(xc->n_ids, 102);
    xlate_cache_add(NULL, 3);
    xlate_cache_free(xc);
    xlate_cache_free(NULL);
}

OSW_TEST_MAIN()
