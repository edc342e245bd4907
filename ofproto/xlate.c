#include <config.h>
#include "xlate.h"

#include <errno.h>
#include <linux/openvswitch.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "connmgr.h"
#include "dp-actions.h"
#include "mac-learning.h"
#include "ofp-actions.h"
#include "ofproto-private.h"
#include "openflow/openflow-common.h"
#include "osw/bitmap.h"
#include "osw/coverage.h"
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "osw/flow.h"
#include "osw/hash.h"
#include "osw/hmap.h"
#include "osw/match.h"
#include "osw/meta-flow.h"
#include "osw/netlink.h"
#include "osw/ofpbuf.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(xlate);

COVERAGE_DEFINE(xlate_normal);
COVERAGE_DEFINE(xlate_flood);

/* Tags during translation.
 *
 * A translation reads the frame's tags, decides which tags each output
 * wants, and turns the difference into pop/push actions.  Every bit it
 * reads must go into the megaflow mask, and nothing else should, so each
 * tag remembers where it came from: 'src' is the input level it is an
 * unchanged copy of (its TPID and VID are that tag's), 'pcp_src' the
 * input level its PCP comes from.  Reading a field through tag_*() marks
 * the wildcards only for fields that come from the frame.  Two copies of
 * the same input tag compare equal without reading anything, which keeps
 * PCP out of the mask when it just passes through. */

#define XLATE_MAX_TAGS (FLOW_MAX_VLAN_HEADERS + 1)

struct xtag {
    uint16_t tpid;
    uint16_t vid;
    uint8_t pcp;                /* 0..7. */
    int8_t src;                 /* Input level copied, or -1. */
    int8_t pcp_src;             /* Input level of 'pcp', or -1. */
};

struct xstack {
    struct xtag tags[XLATE_MAX_TAGS];   /* Outermost first. */
    int n;
};

struct xctx {
    const struct xlate_in *in;
    struct xlate_out *out;
    struct flow_wildcards *wc;
    struct xstack input;        /* The frame's tags as received. */
    struct xstack cur;          /* The frame's tags after the actions so
                                 * far. */
};

static void
mark_tci(struct xctx *ctx, int level, uint16_t bits)
{
    ctx->wc->masks.vlans[level].tci |= htons(bits);
}

static uint16_t
tag_vid(struct xctx *ctx, const struct xtag *t)
{
    if (t->src >= 0) {
        mark_tci(ctx, t->src, VLAN_VID_MASK | VLAN_CFI);
    }
    return t->vid;
}

static uint8_t
tag_pcp(struct xctx *ctx, const struct xtag *t)
{
    if (t->pcp_src >= 0) {
        mark_tci(ctx, t->pcp_src, VLAN_PCP_MASK | VLAN_CFI);
    }
    return t->pcp;
}

static uint16_t
tag_tpid(struct xctx *ctx, const struct xtag *t)
{
    if (t->src >= 0) {
        ctx->wc->masks.vlans[t->src].tpid = htons(0xffff);
    }
    return t->tpid;
}

static struct xtag
xtag_new(uint16_t tpid, uint16_t vid, uint8_t pcp, int pcp_src)
{
    struct xtag t = {
        .tpid = tpid, .vid = vid, .pcp = pcp, .src = -1, .pcp_src = pcp_src,
    };
    return t;
}

static void
xstack_push_front(struct xstack *s, struct xtag t)
{
    if (s->n == XLATE_MAX_TAGS) {
        s->n--;                 /* The innermost falls off, as in OVS. */
    }
    memmove(&s->tags[1], &s->tags[0], s->n * sizeof s->tags[0]);
    s->tags[0] = t;
    s->n++;
}

static void
xstack_pop_front(struct xstack *s)
{
    if (s->n) {
        s->n--;
        memmove(&s->tags[0], &s->tags[1], s->n * sizeof s->tags[0]);
    }
}

/* The VID at 'level' of 's', 0 if there is no tag there. */
static uint16_t
xstack_vid(struct xctx *ctx, const struct xstack *s, int level)
{
    return level < s->n ? tag_vid(ctx, &s->tags[level]) : 0;
}

static bool
xtag_equal(struct xctx *ctx, const struct xtag *a, const struct xtag *b)
{
    if (!(a->src >= 0 && a->src == b->src)
        && (tag_tpid(ctx, a) != tag_tpid(ctx, b)
            || tag_vid(ctx, a) != tag_vid(ctx, b))) {
        return false;
    }
    if (a->pcp_src >= 0 && a->pcp_src == b->pcp_src) {
        return true;
    }
    return tag_pcp(ctx, a) == tag_pcp(ctx, b);
}

static bool
xstack_equal(struct xctx *ctx, const struct xstack *a,
             const struct xstack *b)
{
    if (a->n != b->n) {
        return false;
    }
    for (int i = 0; i < a->n; i++) {
        if (!xtag_equal(ctx, &a->tags[i], &b->tags[i])) {
            return false;
        }
    }
    return true;
}

/* Reads the frame's tags.  The outer tag's VID and CFI bit are always
 * looked at (every NORMAL decision depends on the VLAN); the inner tag's
 * presence is, when there is an outer one. */
static void
xctx_read_input_tags(struct xctx *ctx)
{
    const struct flow *flow = ctx->in->flow;
    struct xstack *s = &ctx->input;

    unsigned int limit = ctx->in->vlan_limit;
    if (!limit || limit > FLOW_MAX_VLAN_HEADERS) {
        limit = FLOW_MAX_VLAN_HEADERS;
    }

    s->n = 0;
    mark_tci(ctx, 0, VLAN_VID_MASK | VLAN_CFI);
    for (int i = 0; i < (int) limit; i++) {
        ovs_be16 tci = flow->vlans[i].tci;
        if (i > 0) {
            mark_tci(ctx, i, VLAN_CFI);
        }
        if (!(tci & htons(VLAN_CFI))) {
            break;
        }
        struct xtag *t = &s->tags[s->n++];
        t->tpid = ntohs(flow->vlans[i].tpid);
        t->vid = vlan_tci_to_vid(tci);
        t->pcp = vlan_tci_to_pcp(tci);
        t->src = i;
        t->pcp_src = i;
    }
    ctx->cur = *s;
}

static bool
xbundle_trunks_vlan(const struct xbundle *xb, uint16_t vlan)
{
    return (xb->vlan_mode != PORT_VLAN_ACCESS
            && xb->vlan_mode != PORT_VLAN_DOT1Q_TUNNEL
            && (!xb->trunks || bitmap_is_set(xb->trunks, vlan)));
}

static bool
xbundle_allows_cvlan(const struct xbundle *xb, uint16_t vid)
{
    return !xb->cvlans || bitmap_is_set(xb->cvlans, vid);
}

/* Returns true if 'xb' carries 'vlan'. */
bool
xbundle_carries_vlan(const struct xbundle *xb, uint16_t vlan)
{
    return (xb->vlan == vlan && xb->vlan_mode != PORT_VLAN_TRUNK)
           || xbundle_trunks_vlan(xb, vlan);
}

/* Fills 'xb''s VLAN configuration from 'settings'. */
void
xbundle_init_vlans(struct xbundle *xb,
                   const struct ofproto_bundle_settings *settings,
                   unsigned long **trunks_copyp)
{
    enum port_vlan_mode mode = settings->vlan_mode;
    int vlan = settings->vlan;

    *trunks_copyp = NULL;
    if (mode == PORT_VLAN_IMPLICIT) {
        /* Open vSwitch: a tag makes an access port (trunks are then
         * ignored), no tag a trunk port. */
        mode = vlan >= 0 ? PORT_VLAN_ACCESS : PORT_VLAN_TRUNK;
    }
    xb->vlan_mode = mode;
    xb->vlan = (mode == PORT_VLAN_TRUNK ? -1
                : vlan >= 0 && vlan < VLAN_N_IDS ? vlan
                : 0);
    xb->trunks = NULL;
    xb->cvlans = NULL;
    xb->priority_tags = settings->priority_tags;
    xb->qinq_ethtype = (settings->qinq_ethtype ? settings->qinq_ethtype
                        : ETH_TYPE_VLAN_8021AD);
    xb->protected_ = settings->protected_;

    switch (mode) {
    case PORT_VLAN_TRUNK:
        xb->trunks = settings->trunks;
        break;

    case PORT_VLAN_NATIVE_TAGGED:
    case PORT_VLAN_NATIVE_UNTAGGED:
        if (xb->vlan != 0
            && (!settings->trunks
                || !bitmap_is_set(settings->trunks, xb->vlan)
                || bitmap_is_set(settings->trunks, 0))) {
            /* The native VLAN is always carried; VLAN 0 never is, since
             * untagged frames belong to the native VLAN. */
            unsigned long *trunks;
            if (settings->trunks) {
                trunks = bitmap_clone(settings->trunks, VLAN_N_IDS);
            } else {
                trunks = bitmap_allocate(VLAN_N_IDS);
                memset(trunks, 0xff,
                       BITMAP_N_LONGS(VLAN_N_IDS) * sizeof *trunks);
            }
            bitmap_set1(trunks, xb->vlan);
            bitmap_set0(trunks, 0);
            *trunks_copyp = trunks;
            xb->trunks = trunks;
        } else {
            xb->trunks = settings->trunks;
        }
        break;

    case PORT_VLAN_DOT1Q_TUNNEL:
        xb->cvlans = settings->cvlans;
        break;

    case PORT_VLAN_ACCESS:
    case PORT_VLAN_IMPLICIT:
    default:
        break;
    }
}

/* Whether 'xb' admits a frame whose outer VID is 'vid' (0: untagged). */
static enum dp_drop_reason
input_vid_check(const struct xbundle *xb, uint16_t vid)
{
    switch (xb->vlan_mode) {
    case PORT_VLAN_ACCESS:
        return vid ? DP_DROP_TAGGED_ON_ACCESS : DP_DROP_N_REASONS;

    case PORT_VLAN_NATIVE_TAGGED:
    case PORT_VLAN_NATIVE_UNTAGGED:
        if (!vid) {
            return DP_DROP_N_REASONS;
        }
        /* Fall through. */
    case PORT_VLAN_TRUNK:
        return (xbundle_trunks_vlan(xb, vid) ? DP_DROP_N_REASONS
                : DP_DROP_VLAN_INGRESS);

    case PORT_VLAN_DOT1Q_TUNNEL:
        return (xbundle_allows_cvlan(xb, vid) ? DP_DROP_N_REASONS
                : DP_DROP_VLAN_INGRESS);

    case PORT_VLAN_IMPLICIT:
    default:
        return DP_DROP_VLAN_INGRESS;
    }
}

/* The tag that an access or native port gives an untagged or
 * priority-tagged frame: the port's VLAN, keeping the frame's TPID and
 * PCP if it had a tag. */
static struct xtag
native_tag(struct xctx *ctx, const struct xbundle *xb)
{
    const struct xstack *in = &ctx->input;

    if (!in->n) {
        return xtag_new(ETH_TYPE_VLAN_8021Q, xb->vlan, 0, -1);
    }
    const struct xtag *in0 = &in->tags[0];
    if (in0->vid == xb->vlan) {
        /* Only with VLAN 0: the frame's own priority tag. */
        return *in0;
    }
    return xtag_new(tag_tpid(ctx, in0), xb->vlan, in0->pcp, 0);
}

/* The frame's tags inside the bridge, from the input bundle's point of
 * view: the outermost one is the VLAN. */
static void
input_translate(struct xctx *ctx, const struct xbundle *xb,
                struct xstack *x)
{
    const struct xstack *in = &ctx->input;
    uint16_t vid0 = in->n ? in->tags[0].vid : 0;

    *x = *in;
    switch (xb->vlan_mode) {
    case PORT_VLAN_ACCESS:
        /* Inner tags of a priority-tagged frame go, as in OVS. */
        x->n = 1;
        x->tags[0] = native_tag(ctx, xb);
        break;

    case PORT_VLAN_NATIVE_TAGGED:
    case PORT_VLAN_NATIVE_UNTAGGED:
        if (!vid0) {
            if (!x->n) {
                x->n = 1;
            }
            x->tags[0] = native_tag(ctx, xb);
        }
        break;

    case PORT_VLAN_DOT1Q_TUNNEL:
        xstack_push_front(x, xtag_new(xb->qinq_ethtype, xb->vlan, 0, -1));
        break;

    case PORT_VLAN_TRUNK:
    case PORT_VLAN_IMPLICIT:
    default:
        break;
    }
}

/* Whether a frame with tags 'x' in 'vlan' may be flooded to 'xb'. */
static bool
xbundle_includes(struct xctx *ctx, const struct xbundle *xb,
                 const struct xstack *x, uint16_t vlan)
{
    switch (xb->vlan_mode) {
    case PORT_VLAN_ACCESS:
        return vlan == xb->vlan && !xstack_vid(ctx, x, 1);

    case PORT_VLAN_TRUNK:
    case PORT_VLAN_NATIVE_TAGGED:
    case PORT_VLAN_NATIVE_UNTAGGED:
        return xbundle_trunks_vlan(xb, vlan);

    case PORT_VLAN_DOT1Q_TUNNEL:
        return (vlan == xb->vlan
                && xbundle_allows_cvlan(xb, xstack_vid(ctx, x, 1)));

    case PORT_VLAN_IMPLICIT:
    default:
        return false;
    }
}

/* The tags a frame with internal tags 'x' leaves 'xb' with. */
static void
output_translate(struct xctx *ctx, const struct xbundle *xb,
                 const struct xstack *x, struct xstack *out)
{
    *out = *x;
    switch (xb->vlan_mode) {
    case PORT_VLAN_ACCESS:
        out->n = 0;
        break;

    case PORT_VLAN_NATIVE_UNTAGGED:
        if (out->n && tag_vid(ctx, &out->tags[0]) == xb->vlan) {
            xstack_pop_front(out);
        }
        break;

    case PORT_VLAN_DOT1Q_TUNNEL:
        xstack_pop_front(out);
        break;

    case PORT_VLAN_TRUNK:
    case PORT_VLAN_NATIVE_TAGGED:
    case PORT_VLAN_IMPLICIT:
    default:
        break;
    }

    /* Priority tags, as Open vSwitch: the outermost tag exists on output
     * if its VID or PCP is not zero; with priority tags enabled, its PCP
     * is the received frame's outer PCP, and "always" keeps even an
     * all-zero tag. */
    if (!out->n) {
        xstack_push_front(out, xtag_new(ETH_TYPE_VLAN_8021Q, 0, 0, -1));
    }
    struct xtag *t0 = &out->tags[0];
    if (xb->priority_tags != PORT_PRIO_TAGS_NEVER) {
        const struct xstack *in = &ctx->input;
        if (t0->src >= 0 && t0->src != 0) {
            /* A copied tag whose PCP changes is no longer a copy. */
            t0->tpid = tag_tpid(ctx, t0);
            t0->vid = tag_vid(ctx, t0);
            t0->src = -1;
        }
        t0->pcp = in->n ? in->tags[0].pcp : 0;
        t0->pcp_src = in->n ? 0 : -1;
    }
    if (!tag_vid(ctx, t0)
        && xb->priority_tags != PORT_PRIO_TAGS_ALWAYS
        && !tag_pcp(ctx, t0)) {
        xstack_pop_front(out);
    }
}

static void
put_push_vlan(struct xctx *ctx, const struct xtag *t)
{
    struct ovs_action_push_vlan push;
    uint16_t tci = (tag_vid(ctx, t) | (tag_pcp(ctx, t) << VLAN_PCP_SHIFT)
                    | VLAN_CFI);

    push.vlan_tpid = htons(tag_tpid(ctx, t));
    push.vlan_tci = htons(tci);
    nl_msg_put_unspec(ctx->out->actions, OVS_ACTION_ATTR_PUSH_VLAN,
                      &push, sizeof push);
}

/* Emits the pops and pushes that turn the frame's current tags into
 * 'target': pops as few tags as needed for the rest to be the bottom of
 * 'target', then pushes the missing ones. */
static void
commit_tags(struct xctx *ctx, const struct xstack *target)
{
    struct xstack *cur = &ctx->cur;

    for (int pops = 0; pops <= cur->n; pops++) {
        int keep = cur->n - pops;
        if (keep > target->n) {
            continue;
        }
        int base = target->n - keep;
        bool match = true;
        for (int j = 0; j < keep && match; j++) {
            match = xtag_equal(ctx, &cur->tags[pops + j],
                               &target->tags[base + j]);
        }
        if (!match) {
            continue;
        }
        for (int i = 0; i < pops; i++) {
            nl_msg_put_flag(ctx->out->actions, OVS_ACTION_ATTR_POP_VLAN);
        }
        for (int i = base - 1; i >= 0; i--) {
            put_push_vlan(ctx, &target->tags[i]);
        }
        *cur = *target;
        return;
    }
}

struct xoutput {
    odp_port_t port;
    struct xstack tags;
    bool done;
};

static void
put_output(struct xctx *ctx, odp_port_t port)
{
    nl_msg_put_u32(ctx->out->actions, OVS_ACTION_ATTR_OUTPUT, port);
    ctx->out->n_outputs++;
}

/* Emits 'outs', grouped by the tags they want: first those that take the
 * frame as it is now, then each distinct set of tags once. */
static void
emit_outputs(struct xctx *ctx, struct xoutput *outs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (xstack_equal(ctx, &ctx->cur, &outs[i].tags)) {
            put_output(ctx, outs[i].port);
            outs[i].done = true;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (outs[i].done) {
            continue;
        }
        commit_tags(ctx, &outs[i].tags);
        for (size_t j = i; j < n; j++) {
            if (!outs[j].done && xstack_equal(ctx, &outs[i].tags,
                                              &outs[j].tags)) {
                put_output(ctx, outs[j].port);
                outs[j].done = true;
            }
        }
    }
}

static void
add_output(struct xctx *ctx, const struct xbundle *xb,
           const struct xstack *x, struct xoutput *outs, size_t *n)
{
    if (xb->odp_port == ODPP_NONE) {
        return;                 /* A bundle without a usable member. */
    }
    struct xoutput *o = &outs[(*n)++];
    o->port = xb->odp_port;
    o->done = false;
    output_translate(ctx, xb, x, &o->tags);
}

static void
add_dep(const struct xlate_in *in, uint16_t vlan, struct eth_addr mac)
{
    if (in->add_dep) {
        in->add_dep(mac_learning_tag(vlan, mac), in->add_dep_aux);
    }
}

/* Learns the source and finds the destination's bundle, recording the
 * dependencies inside the table's critical section so that a concurrent
 * change always invalidates what this translation caches.  The source's
 * tag is recorded after learning, so that the bump learning itself
 * causes does not invalidate this very translation. */
static const struct xbundle *
learn_and_lookup(const struct xlate_in *in, uint16_t vlan, bool *loopp)
{
    const struct flow *flow = in->flow;
    const struct xbundle *out = NULL;

    *loopp = false;
    if (!in->ml) {
        return NULL;
    }
    mac_learning_lock(in->ml);
    if (!eth_addr_is_multicast(flow->dl_src)) {
        if (in->may_learn) {
            *loopp = (mac_learning_learn__(
                          in->ml, vlan, flow->dl_src,
                          CONST_CAST(struct xbundle *, in->in_bundle))
                      == MAC_LEARNING_LOCKED);
        }
        add_dep(in, vlan, flow->dl_src);
        if (*loopp) {
            mac_learning_unlock(in->ml);
            return NULL;
        }
    }
    if (!eth_addr_is_multicast(flow->dl_dst)) {
        add_dep(in, vlan, flow->dl_dst);
        out = mac_learning_lookup__(in->ml, vlan, flow->dl_dst);
    }
    mac_learning_unlock(in->ml);
    return out;
}

static void
xlate_drop(struct xlate_out *out, enum dp_drop_reason reason)
{
    if (out->drop_reason == DP_DROP_N_REASONS) {
        out->drop_reason = reason;
    }
}

/* NORMAL.  If 'final' is nonnull, it gets the frame's tags as the
 * emitted actions leave them (n = -1: unchanged), for the pipeline's
 * later actions. */
static void
xlate_normal__(const struct xlate_in *in, struct xlate_out *out,
               struct xstack *final)
{
    const struct xbundle *in_xb = in->in_bundle;
    const struct flow *flow = in->flow;
    struct xctx ctx = { .in = in, .out = out, .wc = out->wc };

    COVERAGE_INC(xlate_normal);
    FLOW_WC_SET(out->wc, in_port);
    if (!in_xb) {
        xlate_drop(out, DP_DROP_NO_OUTPUT);
        return;
    }

    xctx_read_input_tags(&ctx);
    enum dp_drop_reason reason
        = input_vid_check(in_xb, ctx.input.n ? ctx.input.tags[0].vid : 0);
    if (reason != DP_DROP_N_REASONS) {
        xlate_drop(out, reason);
        return;
    }

    struct xstack x;
    input_translate(&ctx, in_xb, &x);
    uint16_t vlan = xstack_vid(&ctx, &x, 0);

    FLOW_WC_SET(out->wc, dl_dst);
    if (eth_addr_is_reserved(flow->dl_dst)) {
        xlate_drop(out, DP_DROP_RESERVED_MAC);
        return;
    }
    FLOW_WC_SET(out->wc, dl_src);

    bool loop;
    const struct xbundle *dst_xb = learn_and_lookup(in, vlan, &loop);
    if (loop) {
        xlate_drop(out, DP_DROP_LEARNING_LOOP);
        return;
    }

    struct xoutput outs_on_stack[32];
    struct xoutput *outs = outs_on_stack;
    size_t n_outs = 0;
    if (in->n_bundles > ARRAY_SIZE(outs_on_stack)) {
        outs = xmalloc(in->n_bundles * sizeof *outs);
    }

    if (dst_xb) {
        if (dst_xb == in_xb) {
            xlate_drop(out, DP_DROP_SAME_PORT);
        } else if (dst_xb->protected_ && in_xb->protected_) {
            xlate_drop(out, DP_DROP_NO_OUTPUT);
        } else {
            add_output(&ctx, dst_xb, &x, outs, &n_outs);
        }
    } else {
        COVERAGE_INC(xlate_flood);
        for (size_t i = 0; i < in->n_bundles; i++) {
            const struct xbundle *xb = in->bundles[i];
            if (xb != in_xb
                && !(xb->protected_ && in_xb->protected_)
                && xbundle_includes(&ctx, xb, &x, vlan)) {
                add_output(&ctx, xb, &x, outs, &n_outs);
            }
        }
    }
    emit_outputs(&ctx, outs, n_outs);
    if (final) {
        *final = ctx.cur;
    }
    if (!n_outs) {
        xlate_drop(out, DP_DROP_NO_OUTPUT);
    }
    if (outs != outs_on_stack) {
        free(outs);
    }
}

/* Ends a translation: a packet that goes nowhere says why. */
static void
xlate_finish(struct xlate_out *out)
{
    if (!out->n_outputs) {
        if (out->drop_reason == DP_DROP_N_REASONS) {
            out->drop_reason = DP_DROP_NO_OUTPUT;
        }
        nl_msg_put_u32(out->actions, DP_ACTION_ATTR_DROP, out->drop_reason);
    } else {
        out->drop_reason = DP_DROP_N_REASONS;
    }
}

/* Prepares 'out' to receive a translation into 'actions' and 'wc'. */
void
xlate_out_init(struct xlate_out *out, struct ofpbuf *actions,
               struct flow_wildcards *wc)
{
    out->actions = actions;
    out->wc = wc;
    out->drop_reason = DP_DROP_N_REASONS;
    out->n_outputs = 0;
    out->no_cache = false;
    memset(&out->final_flow, 0, sizeof out->final_flow);
}

/* Translates 'in' through NORMAL alone. */
int
xlate_normal(const struct xlate_in *in, struct xlate_out *out)
{
    xlate_normal__(in, out, NULL);
    xlate_finish(out);
    return 0;
}

/* Computes the VLAN of a frame with 'flow''s tags arriving on 'xb'. */
bool
xlate_input_vlan(const struct xbundle *xb, const struct flow *flow,
                 unsigned int vlan_limit, uint16_t *vlanp)
{
    struct flow_wildcards wc;
    struct xlate_in in = {
        .flow = flow, .in_bundle = xb, .vlan_limit = vlan_limit,
    };
    struct xlate_out out = { .wc = &wc };
    struct xctx ctx = { .in = &in, .out = &out, .wc = &wc };

    flow_wildcards_init_catchall(&wc);
    xctx_read_input_tags(&ctx);
    if (input_vid_check(xb, ctx.input.n ? ctx.input.tags[0].vid : 0)
        != DP_DROP_N_REASONS) {
        return false;
    }
    struct xstack x;
    input_translate(&ctx, xb, &x);
    *vlanp = x.n ? x.tags[0].vid : 0;
    return true;
}

/* The OpenFlow pipeline. */

/* Statistics ids. */

/* Returns a new, empty translation record. */
struct xlate_cache *
xlate_cache_new(void)
{
    struct xlate_cache *xcache = xmalloc(sizeof *xcache);

    xcache->n_ids = 0;
    xcache->allocated = ARRAY_SIZE(xcache->inline_ids);
    xcache->ids = xcache->inline_ids;
    return xcache;
}

/* Frees 'xcache_' (a struct xlate_cache *). */
void
xlate_cache_free(void *xcache_)
{
    struct xlate_cache *xcache = xcache_;
    if (xcache) {
        if (xcache->ids != xcache->inline_ids) {
            free(xcache->ids);
        }
        free(xcache);
    }
}

/* Adds 'id' to 'xcache' once. */
void
xlate_cache_add(struct xlate_cache *xcache, uint64_t id)
{
    if (!xcache || !id) {
        return;
    }
    for (size_t i = 0; i < xcache->n_ids; i++) {
        if (xcache->ids[i] == id) {
            return;
        }
    }
    if (xcache->n_ids >= xcache->allocated) {
        if (xcache->ids == xcache->inline_ids) {
            xcache->ids = xmemdup(xcache->inline_ids,
                                  sizeof xcache->inline_ids);
        }
        xcache->ids = x2nrealloc(xcache->ids, &xcache->allocated,
                                 sizeof *xcache->ids);
    }
    xcache->ids[xcache->n_ids++] = id;
}

/* Translation context. */

#define VLAN_SRC_NONE (-1)      /* A tag the actions made or changed. */

struct xctx_of {
    const struct xlate_in *xin;
    struct xlate_out *xout;
    struct ofproto *ofproto;
    struct flow_wildcards *wc;
    struct ofpbuf *odp;

    struct flow flow;           /* The pipeline's flow: OpenFlow in_port. */
    struct flow base;           /* The packet as the emitted actions leave
                                 * it. */
    /* For each tag of 'flow', the level of 'base' it is an unchanged copy
     * of, or VLAN_SRC_NONE. */
    int8_t vlan_src[FLOW_MAX_VLAN_HEADERS];

    ofp_port_t in_port;         /* The packet's OpenFlow input port. */
    uint32_t orig_skb_priority;
    uint8_t table_id;           /* Table of the rule running. */
    uint64_t cookie;            /* Its cookie (host order). */
    int depth;
    int n_resubmits;
    bool exit;                  /* Stop translating. */
    bool last_action;           /* The ofpact running is its list's last
                                 * (a resubmit there does not nest in a
                                 * trace, as in Open vSwitch's). */
    bool in_action_set;
    struct ofpbuf action_set;   /* Ofpacts written by write_actions. */

    /* MPLS.  The flow shows one label stack entry and nothing under it.
     * 'n_pushed' labels were pushed by the actions so far; 'inner' is the
     * packet as it was under the first of them (so a pop restores what
     * is known of it).  'l3_hidden': a pop_mpls of a label the packet
     * came with uncovered headers (IP, or another label) the flow does
     * not know: TTL actions on them are skipped. */
    int n_pushed;
    struct flow inner;
    bool inner_hidden;          /* 'l3_hidden' at the first push. */
    bool l3_hidden;

    struct ds *trace;
    int indent;                 /* Of action lines. */
    int rule_indent;            /* Of "N. rule" lines. */
};

static void xlate_ofpacts(struct xctx_of *, const struct ofpact *,
                          size_t len);
static void xlate_table(struct xctx_of *, uint8_t table_id,
                        bool resubmit);
static void emit_pop_mpls(struct xctx_of *, ovs_be16 ethertype);

static void
trace_line(struct xctx_of *ctx, const char *format, ...)
    OSW_PRINTF_FORMAT(2, 3);

static void
trace_line(struct xctx_of *ctx, const char *format, ...)
{
    if (ctx->trace) {
        va_list args;
        ds_put_char_multiple(ctx->trace, ' ', ctx->indent);
        va_start(args, format);
        ds_put_format_valist(ctx->trace, format, args);
        va_end(args);
        ds_put_char(ctx->trace, '\n');
    }
}

static void
trace_blank(struct xctx_of *ctx)
{
    if (ctx->trace) {
        ds_put_char(ctx->trace, '\n');
    }
}

static void
ctx_drop(struct xctx_of *ctx, enum dp_drop_reason reason)
{
    xlate_drop(ctx->xout, reason);
}

/* Committing header changes. */

static bool
vlan_tag_equal(struct xctx_of *ctx, int flow_level, int base_level)
{
    if (ctx->vlan_src[flow_level] != VLAN_SRC_NONE) {
        return ctx->vlan_src[flow_level] == base_level;
    }
    /* A changed tag equals the packet's only by value, which the megaflow
     * must then pin. */
    ctx->wc->masks.vlans[base_level].tci = htons(0xffff);
    ctx->wc->masks.vlans[base_level].tpid = htons(0xffff);
    return (ctx->flow.vlans[flow_level].qtag
            == ctx->base.vlans[base_level].qtag);
}

static int
n_tags(const struct flow *flow)
{
    int n = 0;
    while (n < FLOW_MAX_VLAN_HEADERS
           && flow->vlans[n].tci & htons(VLAN_CFI)) {
        n++;
    }
    return n;
}

static void
commit_vlans(struct xctx_of *ctx)
{
    int nb = n_tags(&ctx->base);
    int nf = n_tags(&ctx->flow);

    for (int pops = 0; pops <= nb; pops++) {
        int keep = nb - pops;
        if (keep > nf) {
            continue;
        }
        bool match = true;
        for (int j = 0; j < keep && match; j++) {
            match = vlan_tag_equal(ctx, nf - keep + j, pops + j);
        }
        if (!match) {
            continue;
        }
        for (int i = 0; i < pops; i++) {
            nl_msg_put_flag(ctx->odp, OVS_ACTION_ATTR_POP_VLAN);
        }
        for (int i = nf - keep - 1; i >= 0; i--) {
            struct ovs_action_push_vlan push;
            push.vlan_tpid = ctx->flow.vlans[i].tpid;
            push.vlan_tci = ctx->flow.vlans[i].tci | htons(VLAN_CFI);
            nl_msg_put_unspec(ctx->odp, OVS_ACTION_ATTR_PUSH_VLAN,
                              &push, sizeof push);
        }
        break;
    }
    memcpy(ctx->base.vlans, ctx->flow.vlans, sizeof ctx->base.vlans);
    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS; i++) {
        ctx->vlan_src[i] = i;
    }
}

static void *
put_set_masked(struct ofpbuf *odp, uint16_t key_type, size_t size)
{
    size_t ofs = nl_msg_start_nested(odp, OVS_ACTION_ATTR_SET_MASKED);
    void *p = nl_msg_put_unspec_uninit(odp, key_type, 2 * size);
    memset(p, 0, 2 * size);
    nl_msg_end_nested(odp, ofs);
    /* Still valid: nothing was appended after it. */
    return p;
}

#define DIFF(FIELD) \
    memcmp(&ctx->flow.FIELD, &ctx->base.FIELD, sizeof ctx->flow.FIELD)

static void
commit_ethernet(struct xctx_of *ctx)
{
    bool src = DIFF(dl_src), dst = DIFF(dl_dst);
    if (!src && !dst) {
        return;
    }
    struct ovs_key_ethernet *k = put_set_masked(
        ctx->odp, OVS_KEY_ATTR_ETHERNET, sizeof *k);
    struct ovs_key_ethernet *m = k + 1;
    if (src) {
        memcpy(k->eth_src, ctx->flow.dl_src.ea, ETH_ADDR_LEN);
        memset(m->eth_src, 0xff, ETH_ADDR_LEN);
    }
    if (dst) {
        memcpy(k->eth_dst, ctx->flow.dl_dst.ea, ETH_ADDR_LEN);
        memset(m->eth_dst, 0xff, ETH_ADDR_LEN);
    }
}

static void
commit_ipv4(struct xctx_of *ctx)
{
    bool src = DIFF(nw_src), dst = DIFF(nw_dst);
    bool tos = DIFF(nw_tos), ttl = DIFF(nw_ttl);
    if (!src && !dst && !tos && !ttl) {
        return;
    }
    struct ovs_key_ipv4 *k = put_set_masked(ctx->odp, OVS_KEY_ATTR_IPV4,
                                            sizeof *k);
    struct ovs_key_ipv4 *m = k + 1;
    if (src) {
        k->ipv4_src = ctx->flow.nw_src;
        m->ipv4_src = htonl(UINT32_MAX);
    }
    if (dst) {
        k->ipv4_dst = ctx->flow.nw_dst;
        m->ipv4_dst = htonl(UINT32_MAX);
    }
    if (tos) {
        k->ipv4_tos = ctx->flow.nw_tos;
        m->ipv4_tos = 0xff;
    }
    if (ttl) {
        k->ipv4_ttl = ctx->flow.nw_ttl;
        m->ipv4_ttl = 0xff;
    }
}

static void
commit_ipv6(struct xctx_of *ctx)
{
    bool src = DIFF(ipv6_src), dst = DIFF(ipv6_dst), label = DIFF(ipv6_label);
    bool tos = DIFF(nw_tos), ttl = DIFF(nw_ttl);
    if (!src && !dst && !label && !tos && !ttl) {
        return;
    }
    struct ovs_key_ipv6 *k = put_set_masked(ctx->odp, OVS_KEY_ATTR_IPV6,
                                            sizeof *k);
    struct ovs_key_ipv6 *m = k + 1;
    if (src) {
        memcpy(k->ipv6_src, &ctx->flow.ipv6_src, 16);
        memset(m->ipv6_src, 0xff, 16);
    }
    if (dst) {
        memcpy(k->ipv6_dst, &ctx->flow.ipv6_dst, 16);
        memset(m->ipv6_dst, 0xff, 16);
    }
    if (label) {
        k->ipv6_label = ctx->flow.ipv6_label;
        m->ipv6_label = htonl(0xfffff);
    }
    if (tos) {
        k->ipv6_tclass = ctx->flow.nw_tos;
        m->ipv6_tclass = 0xff;
    }
    if (ttl) {
        k->ipv6_hlimit = ctx->flow.nw_ttl;
        m->ipv6_hlimit = 0xff;
    }
}

static void
commit_arp(struct xctx_of *ctx)
{
    bool sip = DIFF(nw_src), tip = DIFF(nw_dst), op = DIFF(nw_proto);
    bool sha = DIFF(arp_sha), tha = DIFF(arp_tha);
    if (!sip && !tip && !op && !sha && !tha) {
        return;
    }
    struct ovs_key_arp *k = put_set_masked(ctx->odp, OVS_KEY_ATTR_ARP,
                                           sizeof *k);
    struct ovs_key_arp *m = k + 1;
    if (sip) {
        k->arp_sip = ctx->flow.nw_src;
        m->arp_sip = htonl(UINT32_MAX);
    }
    if (tip) {
        k->arp_tip = ctx->flow.nw_dst;
        m->arp_tip = htonl(UINT32_MAX);
    }
    if (op) {
        k->arp_op = htons(ctx->flow.nw_proto);
        m->arp_op = htons(UINT16_MAX);
    }
    if (sha) {
        memcpy(k->arp_sha, ctx->flow.arp_sha.ea, ETH_ADDR_LEN);
        memset(m->arp_sha, 0xff, ETH_ADDR_LEN);
    }
    if (tha) {
        memcpy(k->arp_tha, ctx->flow.arp_tha.ea, ETH_ADDR_LEN);
        memset(m->arp_tha, 0xff, ETH_ADDR_LEN);
    }
}

static void
commit_l4(struct xctx_of *ctx)
{
    bool src = DIFF(tp_src), dst = DIFF(tp_dst);
    uint8_t proto = ctx->flow.nw_proto;
    if ((!src && !dst) || ctx->flow.nw_frag & FLOW_NW_FRAG_LATER) {
        return;
    }
    if (proto == IPPROTO_TCP || proto == IPPROTO_UDP
        || proto == IPPROTO_SCTP) {
        ovs_be16 *k = put_set_masked(ctx->odp,
                                     (proto == IPPROTO_TCP ? OVS_KEY_ATTR_TCP
                                      : proto == IPPROTO_UDP
                                      ? OVS_KEY_ATTR_UDP
                                      : OVS_KEY_ATTR_SCTP), 4);
        ovs_be16 *m = k + 2;
        if (src) {
            k[0] = ctx->flow.tp_src;
            m[0] = htons(UINT16_MAX);
        }
        if (dst) {
            k[1] = ctx->flow.tp_dst;
            m[1] = htons(UINT16_MAX);
        }
    } else if (proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6) {
        uint8_t *k = put_set_masked(ctx->odp, (proto == IPPROTO_ICMP
                                               ? OVS_KEY_ATTR_ICMP
                                               : OVS_KEY_ATTR_ICMPV6), 2);
        uint8_t *m = k + 2;
        if (src) {
            k[0] = ntohs(ctx->flow.tp_src);
            m[0] = 0xff;
        }
        if (dst) {
            k[1] = ntohs(ctx->flow.tp_dst);
            m[1] = 0xff;
        }
    }
}

/* IPv6 Neighbor Discovery fields, on a neighbor solicitation or
 * advertisement (the only packets that have them; set_field's
 * prerequisites keep them zero elsewhere). */
static void
commit_nd(struct xctx_of *ctx)
{
    const struct flow *f = &ctx->flow;
    if (f->nw_proto != IPPROTO_ICMPV6 || f->nw_frag & FLOW_NW_FRAG_LATER
        || f->tp_dst
        || (f->tp_src != htons(ND_NEIGHBOR_SOLICIT)
            && f->tp_src != htons(ND_NEIGHBOR_ADVERT))) {
        return;
    }
    bool target = DIFF(nd_target), sll = DIFF(arp_sha), tll = DIFF(arp_tha);
    if (!target && !sll && !tll) {
        return;
    }
    struct ovs_key_nd *k = put_set_masked(ctx->odp, OVS_KEY_ATTR_ND,
                                          sizeof *k);
    struct ovs_key_nd *m = k + 1;
    if (target) {
        memcpy(k->nd_target, &f->nd_target, sizeof k->nd_target);
        memset(m->nd_target, 0xff, sizeof m->nd_target);
    }
    if (sll) {
        memcpy(k->nd_sll, f->arp_sha.ea, ETH_ADDR_LEN);
        memset(m->nd_sll, 0xff, ETH_ADDR_LEN);
    }
    if (tll) {
        memcpy(k->nd_tll, f->arp_tha.ea, ETH_ADDR_LEN);
        memset(m->nd_tll, 0xff, ETH_ADDR_LEN);
    }
}

static void
commit_u32(struct xctx_of *ctx, uint16_t key, uint32_t value)
{
    size_t ofs = nl_msg_start_nested(ctx->odp, OVS_ACTION_ATTR_SET);
    nl_msg_put_u32(ctx->odp, key, value);
    nl_msg_end_nested(ctx->odp, ofs);
}

static void
commit_mpls(struct xctx_of *ctx)
{
    static const uint32_t fields[] = {
        MPLS_LABEL_MASK, MPLS_TC_MASK, MPLS_BOS_MASK, MPLS_TTL_MASK,
    };
    uint32_t v = ntohl(ctx->flow.mpls_lse), b = ntohl(ctx->base.mpls_lse);
    uint32_t mask = 0;

    for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
        if ((v ^ b) & fields[i]) {
            mask |= fields[i];
        }
    }
    if (mask) {
        ovs_be32 *k = put_set_masked(ctx->odp, OVS_KEY_ATTR_MPLS,
                                     sizeof(struct ovs_key_mpls));
        k[0] = htonl(v & mask);
        k[1] = htonl(mask);
    }
}

/* Emits the actions that make the packet look like 'ctx->flow'. */
static void
xlate_commit(struct xctx_of *ctx)
{
    struct flow *f = &ctx->flow;

    commit_ethernet(ctx);
    commit_vlans(ctx);
    if (f->dl_type == htons(ETH_TYPE_IP)) {
        commit_ipv4(ctx);
        commit_l4(ctx);
    } else if (f->dl_type == htons(ETH_TYPE_IPV6)) {
        commit_ipv6(ctx);
        commit_l4(ctx);
        commit_nd(ctx);
    } else if (f->dl_type == htons(ETH_TYPE_ARP)
               || f->dl_type == htons(ETH_TYPE_RARP)) {
        commit_arp(ctx);
    } else if (eth_type_mpls(f->dl_type)) {
        commit_mpls(ctx);
    }
    if (f->skb_priority != ctx->base.skb_priority) {
        commit_u32(ctx, OVS_KEY_ATTR_PRIORITY, f->skb_priority);
    }
    if (f->pkt_mark != ctx->base.pkt_mark) {
        commit_u32(ctx, OVS_KEY_ATTR_SKB_MARK, f->pkt_mark);
    }
    uint32_t in_port = ctx->base.in_port;
    ctx->base = *f;
    ctx->base.in_port = in_port;
}

/* Output. */

static void
compose_output(struct xctx_of *ctx, odp_port_t odp_port)
{
    xlate_commit(ctx);
    nl_msg_put_u32(ctx->odp, OVS_ACTION_ATTR_OUTPUT, odp_port);
    ctx->xout->n_outputs++;
}

/* Outputs to OpenFlow port 'ofp_port' unless its configuration forbids. */
static void
output_to_port(struct xctx_of *ctx, ofp_port_t ofp_port, bool flood)
{
    const struct ofport *port = ofproto_get_port(ctx->ofproto, ofp_port);
    if (!port) {
        trace_line(ctx, " >> Nonexistent output port");
        ctx_drop(ctx, DP_DROP_NO_PORT);
        return;
    }
    if (port->config & (OFPROTO_PC_NO_FWD | OFPROTO_PC_PORT_DOWN)
        || (flood && port->config & OFPROTO_PC_NO_FLOOD)) {
        if (!flood) {
            trace_line(ctx, " >> %s port is down or no_fwd",
                       port->name ? port->name : "output");
            ctx_drop(ctx, DP_DROP_PORT_DOWN);
        }
        return;
    }
    compose_output(ctx, port->odp_port);
}

static int
compare_ofp_ports(const void *a_, const void *b_)
{
    const ofp_port_t *a = a_, *b = b_;
    return *a < *b ? -1 : *a > *b;
}

/* FLOOD and ALL: every port but the input one, in port order. */
static void
output_flood(struct xctx_of *ctx, bool flood)
{
    size_t n = hmap_count(&ctx->ofproto->ports), i = 0;
    ofp_port_t *ports = xmalloc(MAX(n, 1) * sizeof *ports);
    const struct ofport *port;

    HMAP_FOR_EACH (port, ofp_node, &ctx->ofproto->ports) {
        ports[i++] = port->ofp_port;
    }
    qsort(ports, n, sizeof *ports, compare_ofp_ports);
    for (i = 0; i < n; i++) {
        if (ports[i] != ctx->flow.in_port) {
            output_to_port(ctx, ports[i], flood);
        }
    }
    free(ports);
}

static void
xlate_controller(struct xctx_of *ctx, uint8_t reason, uint16_t max_len,
                 uint16_t controller_id, uint32_t flags)
{
    const struct ofport *in = ofproto_get_port(ctx->ofproto, ctx->in_port);
    if (in && in->config & OFPROTO_PC_NO_PACKET_IN) {
        trace_line(ctx, " >> input port has no_packet_in");
        return;
    }

    struct xlate_userdata ud;
    memset(&ud, 0, sizeof ud);
    ud.magic = XLATE_USERDATA_MAGIC;
    ud.reason = reason;
    ud.table_id = ctx->table_id;
    ud.max_len = max_len;
    ud.controller_id = controller_id;
    ud.in_port = ctx->in_port;
    ud.flags = flags;
    ud.cookie = ctx->cookie;
    ud.ofproto = ctx->ofproto;
    ud.metadata = ntohll(ctx->flow.metadata);
    ud.tun_id = ntohll(ctx->flow.tun_id);
    memcpy(ud.regs, ctx->flow.regs, sizeof ud.regs);

    xlate_commit(ctx);
    size_t ofs = nl_msg_start_nested(ctx->odp, OVS_ACTION_ATTR_USERSPACE);
    nl_msg_put_u32(ctx->odp, OVS_USERSPACE_ATTR_PID, 0);
    nl_msg_put_unspec(ctx->odp, OVS_USERSPACE_ATTR_USERDATA, &ud, sizeof ud);
    nl_msg_end_nested(ctx->odp, ofs);
    ctx->xout->n_outputs++;
}

static void xlate_normal_in_pipeline(struct xctx_of *);

static void
xlate_output(struct xctx_of *ctx, ofp_port_t port, uint16_t max_len)
{
    switch (port) {
    case OFPP_IN_PORT:
        if (ctx->flow.in_port >= OFPP_MAX) {
            ctx_drop(ctx, DP_DROP_NO_PORT);
        } else {
            output_to_port(ctx, ctx->flow.in_port, false);
        }
        break;
    case OFPP_TABLE:
        if (ctx->xin->ofpacts && !ctx->in_action_set) {
            xlate_table(ctx, 0, false);
        } else {
            trace_line(ctx, " >> output:TABLE only from packet-out");
        }
        break;
    case OFPP_NORMAL:
        xlate_normal_in_pipeline(ctx);
        break;
    case OFPP_FLOOD:
    case OFPP_ALL:
        output_flood(ctx, port == OFPP_FLOOD);
        break;
    case OFPP_CONTROLLER:
        xlate_controller(ctx, OFPR_ACTION, max_len, 0, 0);
        break;
    case OFPP_NONE:
        break;
    default:
        if (port == ctx->flow.in_port) {
            /* OpenFlow: only IN_PORT may send a packet back. */
            trace_line(ctx, " >> skipping output to input port");
            ctx_drop(ctx, DP_DROP_SAME_PORT);
        } else {
            output_to_port(ctx, port, false);
        }
        break;
    }
}

/* Records in 'ctx->base' the tags NORMAL's actions left the packet with
 * ('final', in terms of the tags of 'ctx->flow', which NORMAL saw as its
 * input). */
static void
normal_final_tags(struct xctx_of *ctx, const struct xstack *final)
{
    int8_t base_src[FLOW_MAX_VLAN_HEADERS];

    memset(ctx->base.vlans, 0, sizeof ctx->base.vlans);
    for (int j = 0; j < FLOW_MAX_VLAN_HEADERS; j++) {
        base_src[j] = VLAN_SRC_NONE;
        if (j < final->n) {
            const struct xtag *t = &final->tags[j];
            ctx->base.vlans[j].tpid = htons(t->tpid);
            ctx->base.vlans[j].tci = htons(t->vid
                                           | (t->pcp << VLAN_PCP_SHIFT)
                                           | VLAN_CFI);
            if (t->src >= 0 && t->pcp_src == t->src) {
                base_src[j] = t->src;
            }
        }
    }
    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS; i++) {
        ctx->vlan_src[i] = VLAN_SRC_NONE;
        for (int j = 0; j < FLOW_MAX_VLAN_HEADERS; j++) {
            if (base_src[j] == i) {
                ctx->vlan_src[i] = j;
            }
        }
    }
}

/* NORMAL on the flow as the actions made it. */
static void
xlate_normal_in_pipeline(struct xctx_of *ctx)
{
    const struct xlate_in *xin = ctx->xin;
    struct flow flow = ctx->flow;

    xlate_commit(ctx);
    flow.in_port = ctx->base.in_port;

    const struct ofport *port = ofproto_get_port(ctx->ofproto,
                                                 ctx->flow.in_port);
    struct xlate_in in = *xin;
    in.flow = &flow;
    if (!in.in_bundle || ctx->flow.in_port != ctx->in_port) {
        in.in_bundle = port && port->bundle ? &port->bundle->xb : NULL;
    }
    size_t n_before = ctx->xout->n_outputs;
    struct xstack final;
    final.n = -1;
    xlate_normal__(&in, ctx->xout, &final);
    if (final.n >= 0) {
        normal_final_tags(ctx, &final);
    }
    if (ctx->trace && ctx->xout->n_outputs == n_before) {
        trace_line(ctx, " >> NORMAL: no output (%s)",
                   dp_drop_reason_name(ctx->xout->drop_reason));
    }
}

/* Groups. */

static void
xlate_bucket(struct xctx_of *ctx, const struct ofgroup_bucket *b)
{
    struct flow saved = ctx->flow;
    int8_t saved_src[FLOW_MAX_VLAN_HEADERS];
    memcpy(saved_src, ctx->vlan_src, sizeof saved_src);
    int saved_pushed = ctx->n_pushed;
    bool saved_hidden = ctx->l3_hidden;

    xlate_cache_add(ctx->xin->xcache, b->stats_id);
    ctx->indent += 4;
    trace_line(ctx, "bucket %"PRIu32, b->bucket_id);
    xlate_ofpacts(ctx, b->ofpacts, b->ofpacts_len);
    ctx->indent -= 4;

    /* Labels the bucket pushed come off again; a label it popped stays
     * popped (nothing tells what to put back under it). */
    while (ctx->n_pushed > saved_pushed) {
        emit_pop_mpls(ctx, (ctx->n_pushed > 1 ? htons(ETH_TYPE_MPLS)
                            : ctx->inner.dl_type));
    }
    if (ctx->base.dl_type != saved.dl_type) {
        trace_line(ctx, " >> bucket's pop_mpls stays for the next buckets");
    }
    ctx->l3_hidden = saved_hidden;

    /* Each bucket works on its own copy of the packet: what one changed,
     * the next commit undoes. */
    ctx->flow = saved;
    memcpy(ctx->vlan_src, saved_src, sizeof saved_src);
    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS; i++) {
        /* The packet's tags may have changed under the copy: a tag to put
         * back is one whose every bit the megaflow must know. */
        if (memcmp(&ctx->flow.vlans[i], &ctx->base.vlans[i],
                   sizeof ctx->flow.vlans[i])) {
            ctx->vlan_src[i] = VLAN_SRC_NONE;
            ctx->wc->masks.vlans[i].tci = htons(0xffff);
            ctx->wc->masks.vlans[i].tpid = htons(0xffff);
        } else {
            ctx->vlan_src[i] = i;
        }
    }
}

static void
mark_5tuple(struct xctx_of *ctx)
{
    const struct flow *f = &ctx->flow;
    struct flow_wildcards *wc = ctx->wc;

    FLOW_WC_SET(wc, dl_type);
    if (f->dl_type == htons(ETH_TYPE_IP)) {
        FLOW_WC_SET(wc, nw_src);
        FLOW_WC_SET(wc, nw_dst);
    } else if (f->dl_type == htons(ETH_TYPE_IPV6)) {
        FLOW_WC_SET(wc, ipv6_src);
        FLOW_WC_SET(wc, ipv6_dst);
    } else {
        FLOW_WC_SET(wc, dl_src);
        FLOW_WC_SET(wc, dl_dst);
        return;
    }
    FLOW_WC_SET(wc, nw_proto);
    FLOW_WC_SET(wc, nw_frag);
    if (!(f->nw_frag & FLOW_NW_FRAG_ANY)
        && (f->nw_proto == IPPROTO_TCP || f->nw_proto == IPPROTO_UDP
            || f->nw_proto == IPPROTO_SCTP)) {
        FLOW_WC_SET(wc, tp_src);
        FLOW_WC_SET(wc, tp_dst);
    }
}

static const struct ofgroup_bucket *
select_bucket(struct xctx_of *ctx, const struct ofgroup *g)
{
    uint64_t total = 0;
    for (size_t i = 0; i < g->n_buckets; i++) {
        if (ofproto_bucket_is_alive(ctx->ofproto, &g->buckets[i], 0)) {
            total += g->buckets[i].weight;
        }
    }
    if (!total) {
        return NULL;
    }
    mark_5tuple(ctx);
    uint64_t point = flow_hash_5tuple(&ctx->flow, 0) % total;
    for (size_t i = 0; i < g->n_buckets; i++) {
        const struct ofgroup_bucket *b = &g->buckets[i];
        if (!ofproto_bucket_is_alive(ctx->ofproto, b, 0)) {
            continue;
        }
        if (point < b->weight) {
            return b;
        }
        point -= b->weight;
    }
    return NULL;
}

static struct vlog_rate_limit depth_rl = VLOG_RATE_LIMIT_INIT(1, 5);

/* Enters a nested lookup (resubmit, group; 'nest' false for goto_table,
 * which only goes forward and so cannot loop: it counts towards the
 * total only). */
static bool
ctx_enter(struct xctx_of *ctx, bool nest)
{
    if ((nest && ctx->depth >= XLATE_MAX_DEPTH)
        || ctx->n_resubmits >= XLATE_MAX_RESUBMITS) {
        if (!ctx->exit) {
            trace_line(ctx, " >> over max translation depth %d",
                       XLATE_MAX_DEPTH);
            VLOG_WARN_RL(&depth_rl, "over max translation depth %d or %d "
                         "resubmits", XLATE_MAX_DEPTH, XLATE_MAX_RESUBMITS);
        }
        ctx->exit = true;
        ctx->xout->no_cache = true;
        ctx_drop(ctx, DP_DROP_XLATE_LIMIT);
        return false;
    }
    ctx->depth += nest;
    ctx->n_resubmits++;
    return true;
}

static void
xlate_group(struct xctx_of *ctx, uint32_t group_id)
{
    const struct ofgroup *g = ofproto_group_lookup(ctx->ofproto, group_id);
    if (!g) {
        trace_line(ctx, " >> no group %"PRIu32, group_id);
        ctx_drop(ctx, DP_DROP_NO_OUTPUT);
        return;
    }
    if (!ctx_enter(ctx, true)) {
        return;
    }
    xlate_cache_add(ctx->xin->xcache, g->stats_id);

    const struct ofgroup_bucket *b = NULL;
    switch (g->type) {
    case OFGROUP_ALL:
        for (size_t i = 0; i < g->n_buckets && !ctx->exit; i++) {
            xlate_bucket(ctx, &g->buckets[i]);
        }
        break;
    case OFGROUP_INDIRECT:
        b = g->n_buckets ? &g->buckets[0] : NULL;
        break;
    case OFGROUP_SELECT:
        b = select_bucket(ctx, g);
        break;
    case OFGROUP_FF:
        for (size_t i = 0; i < g->n_buckets; i++) {
            if (ofproto_bucket_is_alive(ctx->ofproto, &g->buckets[i], 0)) {
                b = &g->buckets[i];
                break;
            }
        }
        break;
    default:
        break;
    }
    if (b) {
        xlate_bucket(ctx, b);
    } else if (g->type != OFGROUP_ALL) {
        trace_line(ctx, " >> no live bucket");
    }
    ctx->depth--;
}

/* Header changes. */

static bool
is_ip(const struct flow *f)
{
    return f->dl_type == htons(ETH_TYPE_IP)
           || f->dl_type == htons(ETH_TYPE_IPV6);
}

static void
push_vlan(struct xctx_of *ctx, ovs_be16 tpid)
{
    struct flow *f = &ctx->flow;
    union flow_vlan_hdr tag;

    /* The new tag copies the VID and PCP of the one it covers (OpenFlow
     * 1.3), which the megaflow must then know. */
    ctx->wc->masks.vlans[0].tci |= htons(VLAN_CFI);
    if (f->vlans[0].tci & htons(VLAN_CFI)) {
        ctx->wc->masks.vlans[0].tci = htons(0xffff);
        tag.tci = f->vlans[0].tci;
    } else {
        tag.tci = htons(VLAN_CFI);
    }
    tag.tpid = tpid;
    f->vlans[1] = f->vlans[0];
    f->vlans[0] = tag;
    ctx->vlan_src[1] = ctx->vlan_src[0];
    ctx->vlan_src[0] = VLAN_SRC_NONE;
}

static void
pop_vlan(struct xctx_of *ctx)
{
    struct flow *f = &ctx->flow;

    ctx->wc->masks.vlans[0].tci |= htons(VLAN_CFI);
    if (f->vlans[0].tci & htons(VLAN_CFI)) {
        f->vlans[0] = f->vlans[1];
        memset(&f->vlans[1], 0, sizeof f->vlans[1]);
        ctx->vlan_src[0] = ctx->vlan_src[1];
        /* Whatever was under the second tag is not in the flow. */
        ctx->vlan_src[1] = VLAN_SRC_NONE;
    }
}

/* Zeroes what 'f' knows beyond L2, as for an MPLS packet. */
static void
clear_l3(struct flow *f)
{
    size_t ofs = offsetof(struct flow, nw_src);
    memset((char *) f + ofs, 0, offsetof(struct flow, mpls_lse) - ofs);
}

/* Makes both the flow and the committed packet 'dl_type' with label stack
 * entry 'lse' and what is beyond L2 taken from 'l3' (NULL: unknown). */
static void
set_l2_5(struct xctx_of *ctx, ovs_be16 dl_type, ovs_be32 lse,
         const struct flow *l3)
{
    struct flow *flows[2] = { &ctx->flow, &ctx->base };

    for (int i = 0; i < 2; i++) {
        struct flow *f = flows[i];
        size_t ofs = offsetof(struct flow, nw_src);
        if (l3) {
            memcpy((char *) f + ofs, (const char *) l3 + ofs,
                   offsetof(struct flow, mpls_lse) - ofs);
        } else {
            clear_l3(f);
        }
        f->dl_type = dl_type;
        f->mpls_lse = lse;
    }
}

/* push_mpls, OpenFlow 1.3's way: the new entry copies the label, TC and
 * TTL of the one it covers; on another packet it has label 0, TC 0, the
 * IP TTL (else 0) and the bottom-of-stack bit. */
static void
xlate_push_mpls(struct xctx_of *ctx, ovs_be16 ethertype)
{
    struct flow *f = &ctx->flow;
    uint32_t lse;

    FLOW_WC_SET(ctx->wc, dl_type);
    if (eth_type_mpls(f->dl_type)) {
        ctx->wc->masks.mpls_lse |= htonl(MPLS_LABEL_MASK | MPLS_TC_MASK
                                         | MPLS_TTL_MASK);
        lse = ntohl(f->mpls_lse) & ~MPLS_BOS_MASK;
        if (ctx->l3_hidden) {
            trace_line(ctx, " >> push_mpls: the label under the popped "
                       "one unknown: what is set of it copied");
        }
    } else {
        lse = MPLS_BOS_MASK;
        if (is_ip(f) && ctx->l3_hidden) {
            trace_line(ctx, " >> push_mpls: TTL under the popped label "
                       "unknown: 0");
        } else if (is_ip(f)) {
            FLOW_WC_SET(ctx->wc, nw_ttl);
            lse |= f->nw_ttl;
        }
    }

    /* Changes to the headers the label covers go in first. */
    xlate_commit(ctx);
    if (!ctx->n_pushed++) {
        ctx->inner = ctx->base;
        ctx->inner_hidden = ctx->l3_hidden;
    }
    struct ovs_action_push_mpls push;
    memset(&push, 0, sizeof push);  /* The padding goes in the flow key. */
    push.mpls_lse = htonl(lse);
    push.mpls_ethertype = ethertype;
    nl_msg_put_unspec(ctx->odp, OVS_ACTION_ATTR_PUSH_MPLS, &push,
                      sizeof push);
    set_l2_5(ctx, ethertype, htonl(lse), NULL);
}

/* Emits a pop_mpls to 'ethertype' and updates the flows.  The label under
 * a popped one is known only if the actions pushed both. */
static void
emit_pop_mpls(struct xctx_of *ctx, ovs_be16 ethertype)
{
    nl_msg_put_unspec(ctx->odp, OVS_ACTION_ATTR_POP_MPLS, &ethertype,
                      sizeof ethertype);
    if (ctx->n_pushed > 0 && !--ctx->n_pushed
        && ethertype == ctx->inner.dl_type) {
        set_l2_5(ctx, ethertype, ctx->inner.mpls_lse, &ctx->inner);
        ctx->l3_hidden = ctx->inner_hidden;
    } else {
        set_l2_5(ctx, ethertype, 0, NULL);
        ctx->l3_hidden = true;
    }
}

static void
xlate_pop_mpls(struct xctx_of *ctx, ovs_be16 ethertype)
{
    FLOW_WC_SET(ctx->wc, dl_type);
    if (!eth_type_mpls(ctx->flow.dl_type)) {
        trace_line(ctx, " >> pop_mpls on a packet without MPLS: skipped");
        return;
    }
    xlate_commit(ctx);
    emit_pop_mpls(ctx, ethertype);
}

static void
set_mpls_ttl(struct xctx_of *ctx, uint8_t ttl)
{
    struct flow *f = &ctx->flow;

    ctx->wc->masks.mpls_lse |= htonl(MPLS_TTL_MASK);
    f->mpls_lse = (f->mpls_lse & ~htonl(MPLS_TTL_MASK)) | htonl(ttl);
}

/* Returns false if the packet must go no further. */
static bool
xlate_dec_mpls_ttl(struct xctx_of *ctx)
{
    struct flow *f = &ctx->flow;

    FLOW_WC_SET(ctx->wc, dl_type);
    if (!eth_type_mpls(f->dl_type)) {
        return true;
    }
    if (ctx->l3_hidden) {
        trace_line(ctx, " >> dec_mpls_ttl: the label under the popped one "
                   "unknown: skipped");
        return true;
    }
    ctx->wc->masks.mpls_lse |= htonl(MPLS_TTL_MASK);
    uint8_t ttl = ntohl(f->mpls_lse) & MPLS_TTL_MASK;
    if (ttl > 1) {
        set_mpls_ttl(ctx, ttl - 1);
        return true;
    }
    trace_line(ctx, " >> MPLS TTL expired: packet-in (invalid_ttl)");
    xlate_controller(ctx, OFPR_INVALID_TTL, UINT16_MAX, 0, 0);
    ctx_drop(ctx, DP_DROP_INVALID_TTL);
    return false;
}

/* copy_ttl_out: the TTL of the header under the outermost label to the
 * label.  Known only when that header is an IP header the actions pushed
 * the label onto (the label then got that TTL, unless changed since). */
static void
xlate_copy_ttl_out(struct xctx_of *ctx)
{
    FLOW_WC_SET(ctx->wc, dl_type);
    if (!eth_type_mpls(ctx->flow.dl_type)) {
        return;
    }
    if (ctx->n_pushed == 1 && is_ip(&ctx->inner)) {
        set_mpls_ttl(ctx, ctx->inner.nw_ttl);
    } else {
        trace_line(ctx, " >> copy_ttl_out: TTL under the label unknown");
    }
}

static bool
field_is_pipeline_only(enum mf_field_id id)
{
    return (id == MFF_METADATA || id == MFF_TUN_ID || id == MFF_TUN_SRC
            || id == MFF_TUN_DST || (id >= MFF_REG0 && id <= MFF_REG7));
}

static bool
field_is_vlan(enum mf_field_id id)
{
    return (id == MFF_VLAN_TCI || id == MFF_DL_VLAN || id == MFF_VLAN_VID
            || id == MFF_DL_VLAN_PCP || id == MFF_VLAN_PCP);
}

/* mod_tp_src/mod_tp_dst that no match resolved (in a group bucket) stay
 * on the TCP fields and mean "the L4 port, whatever the protocol": the
 * field of the packet's own protocol.  For protocols without ports the
 * TCP field is kept, and its unmet prerequisites skip the action. */
static const struct mf_field *
resolve_l4_port(const struct mf_field *mf, const struct flow *f)
{
    bool src = mf->id == MFF_TCP_SRC;

    if ((mf->id != MFF_TCP_SRC && mf->id != MFF_TCP_DST)
        || (f->dl_type != htons(ETH_TYPE_IP)
            && f->dl_type != htons(ETH_TYPE_IPV6))) {
        return mf;
    }
    if (f->nw_proto == IPPROTO_UDP) {
        return mf_from_id(src ? MFF_UDP_SRC : MFF_UDP_DST);
    } else if (f->nw_proto == IPPROTO_SCTP) {
        return mf_from_id(src ? MFF_SCTP_SRC : MFF_SCTP_DST);
    }
    return mf;
}

static void
xlate_set_field(struct xctx_of *ctx, const struct ofpact_set_field *sf)
{
    const struct mf_field *mf = sf->field;
    struct flow *f = &ctx->flow;

    if (!mf) {
        return;
    }
    if (sf->flavor == OFPACT_SF_MOD) {
        mf = resolve_l4_port(mf, f);
    }
    if (field_is_vlan(mf->id) && !(f->vlans[0].tci & htons(VLAN_CFI))) {
        ctx->wc->masks.vlans[0].tci |= htons(VLAN_CFI);
        if (sf->flavor == OFPACT_SF_MOD) {
            /* mod_vlan_vid/mod_vlan_pcp (OpenFlow 1.0) add a tag. */
            push_vlan(ctx, htons(ETH_TYPE_VLAN_8021Q));
        } else if (mf->id != MFF_VLAN_TCI) {
            trace_line(ctx, " >> set_field on VLAN without a tag "
                       "skipped");
            return;
        }
    }
    if (!mf_are_prereqs_ok(mf, f)) {
        mf_mask_field_and_prereqs(mf, ctx->wc);
        trace_line(ctx, " >> %s: prerequisites not met, skipped",
                   mf->name);
        return;
    }
    if (!field_is_pipeline_only(mf->id)) {
        mf_mask_field_and_prereqs(mf, ctx->wc);
    }
    mf_set_flow_value_masked(mf, &sf->value, &sf->mask, f);
    if (field_is_vlan(mf->id)) {
        ctx->vlan_src[0] = VLAN_SRC_NONE;
        if (!(f->vlans[0].tci & htons(VLAN_CFI))) {
            /* vlan_tci=0: the tag is gone. */
            f->vlans[0] = f->vlans[1];
            memset(&f->vlans[1], 0, sizeof f->vlans[1]);
            ctx->vlan_src[0] = ctx->vlan_src[1];
            ctx->vlan_src[1] = VLAN_SRC_NONE;
        }
    }
}

static void
xlate_reg_move(struct xctx_of *ctx, const struct ofpact_reg_move *move)
{
    const struct mf_field *src = move->src.field, *dst = move->dst.field;
    union mf_value sv, dv;

    if (!src || !dst) {
        return;
    }
    if (!mf_are_prereqs_ok(src, &ctx->flow)
        || !mf_are_prereqs_ok(dst, &ctx->flow)) {
        mf_mask_field_and_prereqs(src, ctx->wc);
        mf_mask_field_and_prereqs(dst, ctx->wc);
        return;
    }
    if (!field_is_pipeline_only(src->id)) {
        mf_mask_field_and_prereqs(src, ctx->wc);
    }
    if (!field_is_pipeline_only(dst->id)) {
        mf_mask_field_and_prereqs(dst, ctx->wc);
    }
    mf_get_value(src, &ctx->flow, &sv);
    mf_get_value(dst, &ctx->flow, &dv);
    bitwise_copy(&sv, src->n_bytes, move->src.ofs, &dv, dst->n_bytes,
                 move->dst.ofs, move->src.n_bits);
    mf_set_flow_value(dst, &dv, &ctx->flow);
    if (field_is_vlan(dst->id)) {
        ctx->vlan_src[0] = VLAN_SRC_NONE;
    }
}

/* Returns false if the packet must go no further. */
static bool
xlate_dec_ttl(struct xctx_of *ctx, const struct ofpact_dec_ttl *dt)
{
    struct flow *f = &ctx->flow;

    FLOW_WC_SET(ctx->wc, dl_type);
    if (!is_ip(f)) {
        return true;
    }
    if (ctx->l3_hidden) {
        trace_line(ctx, " >> dec_ttl: TTL under the popped label unknown: "
                   "skipped");
        return true;
    }
    FLOW_WC_SET(ctx->wc, nw_ttl);
    if (f->nw_ttl > 1) {
        f->nw_ttl--;
        return true;
    }

    trace_line(ctx, " >> TTL expired: packet-in (invalid_ttl) or drop");
    if (!dt->n_controller_ids) {
        xlate_controller(ctx, OFPR_INVALID_TTL, UINT16_MAX, 0, 0);
    }
    for (size_t i = 0; i < dt->n_controller_ids; i++) {
        xlate_controller(ctx, OFPR_INVALID_TTL, UINT16_MAX,
                         dt->controller_ids[i], 0);
    }
    ctx_drop(ctx, DP_DROP_INVALID_TTL);
    return false;
}

static void
xlate_meter(struct xctx_of *ctx, uint32_t meter_id)
{
    const struct ofmeter *m = ofproto_meter_lookup(ctx->ofproto, meter_id);
    if (!m) {
        trace_line(ctx, " >> no meter %"PRIu32, meter_id);
    } else if (m->dp_meter_id) {
        nl_msg_put_u32(ctx->odp, OVS_ACTION_ATTR_METER, m->dp_meter_id);
    }
}

/* Action set. */

/* The slot an ofpact takes in the action set: a written action replaces
 * the one in the same slot. */
static int
action_set_slot(const struct ofpact *a)
{
    switch (a->type) {
    case OFPACT_OUTPUT:
    case OFPACT_CONTROLLER:
    case OFPACT_ENQUEUE:
        return 1000;
    case OFPACT_SET_FIELD: {
        const struct ofpact_set_field *sf = (const void *) a;
        return 2000 + (sf->field ? (int) sf->field->id : 0);
    }
    default:
        return a->type;
    }
}

static void
write_actions(struct xctx_of *ctx, const struct ofpact_nest *on)
{
    const struct ofpact *nested = on->actions;
    size_t nested_len = ofpact_nest_get_action_len(on);
    struct ofpbuf new;
    const struct ofpact *a, *b;

    ofpbuf_init(&new, ctx->action_set.size + nested_len);
    OFPACT_FOR_EACH (a, ctx->action_set.data, ctx->action_set.size) {
        bool replaced = false;
        OFPACT_FOR_EACH (b, nested, nested_len) {
            if (action_set_slot(a) == action_set_slot(b)) {
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            ofpbuf_put(&new, a, OFPACT_ALIGN(a->len));
        }
    }
    OFPACT_FOR_EACH (b, nested, nested_len) {
        ofpbuf_put(&new, b, OFPACT_ALIGN(b->len));
    }
    ofpbuf_uninit(&ctx->action_set);
    ctx->action_set = new;
}

/* Runs the action set in OpenFlow 1.3's order. */
static void
execute_action_set(struct xctx_of *ctx)
{
    static const uint8_t order[] = {
        OFPACT_COPY_TTL_IN, OFPACT_STRIP_VLAN, OFPACT_POP_MPLS,
        OFPACT_PUSH_MPLS, OFPACT_PUSH_VLAN, OFPACT_COPY_TTL_OUT,
        OFPACT_DEC_TTL, OFPACT_DEC_MPLS_TTL, OFPACT_SET_MPLS_TTL,
        OFPACT_SET_FIELD, OFPACT_SET_IP_TTL, OFPACT_REG_MOVE,
        OFPACT_SET_QUEUE,
        OFPACT_POP_QUEUE, OFPACT_GROUP, OFPACT_OUTPUT,
    };
    const struct ofpact *a;
    bool has_group = false;

    if (!ctx->action_set.size) {
        return;
    }
    trace_blank(ctx);
    trace_line(ctx, "Action set:");
    OFPACT_FOR_EACH (a, ctx->action_set.data, ctx->action_set.size) {
        has_group |= a->type == OFPACT_GROUP;
    }
    ctx->in_action_set = true;
    for (size_t i = 0; i < ARRAY_SIZE(order) && !ctx->exit; i++) {
        OFPACT_FOR_EACH (a, ctx->action_set.data, ctx->action_set.size) {
            uint8_t type = a->type;
            if (type == OFPACT_CONTROLLER || type == OFPACT_ENQUEUE) {
                type = OFPACT_OUTPUT;
            }
            if (type != order[i] || (type == OFPACT_OUTPUT && has_group)) {
                continue;
            }
            xlate_ofpacts(ctx, a, OFPACT_ALIGN(a->len));
            if (ctx->exit) {
                break;
            }
        }
    }
    ctx->in_action_set = false;
}

/* Running ofpacts. */

static void
trace_ofpact(struct xctx_of *ctx, const struct ofpact *a)
{
    if (ctx->trace) {
        struct ds s = DS_EMPTY_INITIALIZER;
        ofpacts_format(a, OFPACT_ALIGN(a->len), NULL, NULL, &s);
        trace_line(ctx, "%s", ds_cstr(&s));
        ds_destroy(&s);
    }
}

static void
xlate_resubmit(struct xctx_of *ctx, const struct ofpact_resubmit *r)
{
    uint32_t old_in_port = ctx->flow.in_port;
    uint8_t old_table = ctx->table_id;
    uint64_t old_cookie = ctx->cookie;
    uint8_t table = r->table_id == 255 ? ctx->table_id : r->table_id;

    if (r->in_port != OFPP_IN_PORT) {
        ctx->flow.in_port = r->in_port;
    }
    xlate_table(ctx, table, true);
    if (r->in_port != OFPP_IN_PORT) {
        ctx->flow.in_port = old_in_port;
    }
    ctx->table_id = old_table;
    ctx->cookie = old_cookie;
}

static void
xlate_one(struct xctx_of *ctx, const struct ofpact *a, uint8_t *goto_table)
{
    struct flow *f = &ctx->flow;

    switch ((enum ofpact_type) a->type) {
    case OFPACT_OUTPUT: {
        const struct ofpact_output *o = (const void *) a;
        xlate_output(ctx, o->port, o->max_len);
        break;
    }
    case OFPACT_CONTROLLER: {
        const struct ofpact_controller *c = (const void *) a;
        xlate_controller(ctx, c->reason, c->max_len, c->controller_id, 0);
        break;
    }
    case OFPACT_ENQUEUE: {
        const struct ofpact_enqueue *e = (const void *) a;
        uint32_t prio = f->skb_priority;
        FLOW_WC_SET(ctx->wc, skb_priority);
        f->skb_priority = e->queue + 1;
        xlate_output(ctx, e->port, 0);
        f->skb_priority = prio;
        break;
    }
    case OFPACT_GROUP:
        xlate_group(ctx, ((const struct ofpact_group *) a)->group_id);
        break;
    case OFPACT_RESUBMIT:
        xlate_resubmit(ctx, (const void *) a);
        break;
    case OFPACT_SET_FIELD:
        xlate_set_field(ctx, (const void *) a);
        break;
    case OFPACT_REG_MOVE:
        xlate_reg_move(ctx, (const void *) a);
        break;
    case OFPACT_PUSH_VLAN:
        push_vlan(ctx, ((const struct ofpact_push_vlan *) a)->ethertype);
        break;
    case OFPACT_STRIP_VLAN:
        pop_vlan(ctx);
        break;
    case OFPACT_DEC_TTL:
        if (!xlate_dec_ttl(ctx, (const void *) a)) {
            ctx->exit = true;
        }
        break;
    case OFPACT_SET_IP_TTL:
        FLOW_WC_SET(ctx->wc, dl_type);
        if (is_ip(f)) {
            FLOW_WC_SET(ctx->wc, nw_ttl);
            f->nw_ttl = ((const struct ofpact_ip_ttl *) a)->ttl;
        }
        break;
    case OFPACT_COPY_TTL_IN:
        /* Writing a header under the label would take a pop and a push;
         * not done. */
        if (eth_type_mpls(f->dl_type)) {
            trace_line(ctx, " >> copy_ttl_in: not supported, skipped");
        }
        break;
    case OFPACT_COPY_TTL_OUT:
        xlate_copy_ttl_out(ctx);
        break;
    case OFPACT_PUSH_MPLS:
        xlate_push_mpls(ctx, ((const struct ofpact_ethertype *) a)
                        ->ethertype);
        break;
    case OFPACT_POP_MPLS:
        xlate_pop_mpls(ctx, ((const struct ofpact_ethertype *) a)
                       ->ethertype);
        break;
    case OFPACT_SET_MPLS_TTL:
        FLOW_WC_SET(ctx->wc, dl_type);
        if (eth_type_mpls(f->dl_type)) {
            set_mpls_ttl(ctx, ((const struct ofpact_ip_ttl *) a)->ttl);
        }
        break;
    case OFPACT_DEC_MPLS_TTL:
        if (!xlate_dec_mpls_ttl(ctx)) {
            ctx->exit = true;
        }
        break;
    case OFPACT_SET_QUEUE:
        FLOW_WC_SET(ctx->wc, skb_priority);
        f->skb_priority = ((const struct ofpact_queue *) a)->queue_id + 1;
        break;
    case OFPACT_POP_QUEUE:
        FLOW_WC_SET(ctx->wc, skb_priority);
        f->skb_priority = ctx->orig_skb_priority;
        break;
    case OFPACT_NOTE:
        break;
    case OFPACT_METER:
        /* Done first, see xlate_ofpacts(). */
        break;
    case OFPACT_CLEAR_ACTIONS:
        ofpbuf_clear(&ctx->action_set);
        break;
    case OFPACT_WRITE_ACTIONS:
        write_actions(ctx, (const void *) a);
        break;
    case OFPACT_WRITE_METADATA: {
        const struct ofpact_metadata *md = (const void *) a;
        f->metadata = (f->metadata & ~md->mask) | (md->metadata & md->mask);
        break;
    }
    case OFPACT_GOTO_TABLE:
        *goto_table = ((const struct ofpact_goto_table *) a)->table_id;
        break;
    case OFPACT_N_TYPES:
    default:
        break;
    }
}

/* Runs 'ofpacts': the meter instruction first, the others in order, then
 * goto_table. */
static void
xlate_ofpacts(struct xctx_of *ctx, const struct ofpact *ofpacts,
              size_t ofpacts_len)
{
    const struct ofpact *a;
    uint8_t goto_table = 255;

    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        if (a->type == OFPACT_METER) {
            trace_ofpact(ctx, a);
            xlate_meter(ctx, ((const struct ofpact_meter *) a)->meter_id);
        }
    }
    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        if (ctx->exit) {
            break;
        }
        if (a->type != OFPACT_METER) {
            trace_ofpact(ctx, a);
            ctx->last_action = (ofpact_next(a)
                                >= ofpact_end(ofpacts, ofpacts_len));
            xlate_one(ctx, a, &goto_table);
        }
    }
    if (goto_table != 255 && !ctx->exit) {
        xlate_table(ctx, goto_table, false);
    }
}

static void
trace_rule(struct xctx_of *ctx, uint8_t table_id, const struct rule *rule)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    ds_put_char_multiple(ctx->trace, ' ', ctx->rule_indent);
    ds_put_format(ctx->trace, "%2d. ", table_id);
    match_format(&rule->cr.match, -1, &s, NULL, NULL);
    if (s.length) {
        ds_put_format(ctx->trace, "%s, ", ds_cstr(&s));
    }
    ds_put_format(ctx->trace, "priority %d", rule->cr.priority);
    if (rule->cookie) {
        ds_put_format(ctx->trace, ", cookie %#"PRIx64, rule->cookie);
    }
    ds_put_char(ctx->trace, '\n');
    ds_destroy(&s);
}

static void
xlate_miss(struct xctx_of *ctx, uint8_t table_id, bool resubmit)
{
    const struct oftable *t = &ctx->ofproto->tables[table_id];

    if (ctx->trace) {
        ds_put_char_multiple(ctx->trace, ' ', ctx->rule_indent);
        ds_put_format(ctx->trace, "%2d. No match.\n", table_id);
    }
    if (resubmit) {
        return;
    }
    switch (t->miss) {
    case OFPROTO_TABLE_MISS_CONTINUE:
        if (table_id + 1 < OFPROTO_N_TABLES) {
            xlate_table(ctx, table_id + 1, false);
            return;
        }
        break;
    case OFPROTO_TABLE_MISS_CONTROLLER:
        trace_line(ctx, " >> table miss: packet-in");
        ctx->cookie = UINT64_MAX;
        xlate_controller(ctx, OFPR_NO_MATCH, UINT16_MAX, 0, XLATE_UD_MISS);
        return;
    case OFPROTO_TABLE_MISS_DEFAULT:
        if (ctx->ofproto->connmgr
            && connmgr_wants_packet_in_on_miss(ctx->ofproto->connmgr)) {
            trace_line(ctx, " >> table miss: packet-in to OpenFlow "
                       "1.0-1.2 controllers");
            ctx->cookie = UINT64_MAX;
            xlate_controller(ctx, OFPR_NO_MATCH, UINT16_MAX, 0,
                             XLATE_UD_MISS);
            return;
        }
        break;
    case OFPROTO_TABLE_MISS_DROP:
    default:
        break;
    }
    trace_line(ctx, "drop");
    ctx_drop(ctx, DP_DROP_TABLE_MISS);
}

/* Looks the flow up in 'table_id' and runs the rule found. */
static void
xlate_table(struct xctx_of *ctx, uint8_t table_id, bool resubmit)
{
    if (table_id >= OFPROTO_N_TABLES || ctx->exit) {
        return;
    }
    if (!ctx_enter(ctx, resubmit)) {
        return;
    }

    /* A resubmitted table's lines nest under the action, as in Open
     * vSwitch's traces. */
    int saved_indent = ctx->indent, saved_rule_indent = ctx->rule_indent;
    if (resubmit && !ctx->last_action) {
        ctx->rule_indent = ctx->indent;
        ctx->indent += 8;
    }

    struct oftable *t = &ctx->ofproto->tables[table_id];
    const struct cls_rule *cr = classifier_lookup(
        &t->cls, ctx->ofproto->tables_version, &ctx->flow, ctx->wc);
    const struct rule *rule = rule_from_cls_rule(cr);
    /* Counted per packet, as the rules are: see struct oftable. */
    xlate_cache_add(ctx->xin->xcache, t->lookup_stats_id);
    if (rule) {
        xlate_cache_add(ctx->xin->xcache, t->matched_stats_id);
    }

    if (!rule) {
        xlate_miss(ctx, table_id, resubmit);
    } else {
        if (ctx->trace) {
            trace_rule(ctx, table_id, rule);
        }
        xlate_cache_add(ctx->xin->xcache, rule->stats_id);
        ctx->table_id = table_id;
        ctx->cookie = rule->cookie;
        const struct rule_actions *acts = rule->actions;
        if (!acts->ofpacts_len) {
            trace_line(ctx, "drop");
            ctx_drop(ctx, DP_DROP_FLOW_ACTION);
        }
        xlate_ofpacts(ctx, acts->ofpacts, acts->ofpacts_len);
    }
    ctx->indent = saved_indent;
    ctx->rule_indent = saved_rule_indent;
    ctx->depth -= resubmit;
}

/* Translates 'xin' through 'xin->ofproto''s pipeline. */
int
xlate_pipeline(const struct xlate_in *xin, struct xlate_out *xout)
{
    struct xctx_of ctx;
    struct ofproto *ofproto = xin->ofproto;

    memset(&ctx, 0, sizeof ctx);
    ctx.xin = xin;
    ctx.xout = xout;
    ctx.ofproto = ofproto;
    ctx.wc = xout->wc;
    ctx.odp = xout->actions;
    ctx.flow = *xin->flow;
    ctx.base = *xin->flow;
    ctx.trace = xin->trace;
    ctx.indent = 4;
    ctx.orig_skb_priority = xin->flow->skb_priority;
    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS; i++) {
        ctx.vlan_src[i] = i;
    }
    ofpbuf_init(&ctx.action_set, 0);
    FLOW_WC_SET(ctx.wc, in_port);

    /* The pipeline sees OpenFlow ports. */
    odp_port_t odp_in = xin->flow->in_port;
    ofp_port_t in_port = (odp_in == ODPP_NONE || odp_in == 0
                          ? OFPP_CONTROLLER
                          : ofproto_port_from_odp(ofproto, odp_in));
    if (in_port == OFPP_NONE) {
        in_port = OFPP_CONTROLLER;
    }
    ctx.in_port = in_port;
    ctx.flow.in_port = in_port;
    ctx.cookie = xin->ofpacts ? UINT64_MAX : 0;

    const struct ofport *port = ofproto_get_port(ofproto, in_port);
    if (!xin->ofpacts && port && port->config & OFPROTO_PC_NO_RECV) {
        trace_line(&ctx, " >> input port has no_recv: dropped");
        ctx_drop(&ctx, DP_DROP_NO_RECV);
    } else if (xin->ofpacts) {
        xlate_ofpacts(&ctx, xin->ofpacts, xin->ofpacts_len);
    } else {
        xlate_table(&ctx, 0, false);
    }
    if (!ctx.exit) {
        execute_action_set(&ctx);
    }

    /* Metadata and registers start at zero in every upcall: what the
     * pipeline looked at there says nothing about the packet. */
    memset(&ctx.wc->masks.metadata, 0, sizeof ctx.wc->masks.metadata);
    memset(ctx.wc->masks.regs, 0, sizeof ctx.wc->masks.regs);

    xout->final_flow = ctx.flow;
    ofpbuf_uninit(&ctx.action_set);
    xlate_finish(xout);
    return 0;
}

/* Packet-ins. */

/* Decodes userdata. */
bool
xlate_userdata_decode(const void *data, size_t len,
                      struct xlate_userdata *ud)
{
    if (!data || len != sizeof *ud) {
        return false;
    }
    memcpy(ud, data, sizeof *ud);
    return ud->magic == XLATE_USERDATA_MAGIC && ud->ofproto;
}

/* The datapath's userspace callback: queues a packet-in. */
void
xlate_userspace_cb(const struct dp_packet *packet, const struct flow *flow_,
                   const void *userdata, size_t len, void *aux OSW_UNUSED)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    struct xlate_userdata ud;

    if (!xlate_userdata_decode(userdata, len, &ud)) {
        VLOG_WARN_RL(&rl, "userspace action with unknown userdata "
                     "(%zu bytes)", len);
        return;
    }

    struct flow flow = *flow_;
    flow.in_port = ud.in_port;
    flow.metadata = htonll(ud.metadata);
    flow.tun_id = htonll(ud.tun_id);
    memcpy(flow.regs, ud.regs, sizeof flow.regs);
    if (ud.flags & XLATE_UD_MISS) {
        ofproto_queue_packet_in_miss(ud.ofproto, dp_packet_data(packet),
                                     dp_packet_size(packet), &flow,
                                     ud.in_port, ud.table_id);
    } else {
        ofproto_queue_packet_in(ud.ofproto, dp_packet_data(packet),
                                dp_packet_size(packet), &flow, ud.in_port,
                                ud.reason, ud.table_id, ud.cookie,
                                ud.max_len, ud.controller_id);
    }
}
