#include <config.h>
#include "xlate.h"

#include <errno.h>
#include <linux/openvswitch.h>
#include <stdlib.h>
#include <string.h>
#include "dp-actions.h"
#include "mac-learning.h"
#include "ofproto-private.h"
#include "osw/bitmap.h"
#include "osw/coverage.h"
#include "osw/flow.h"
#include "osw/netlink.h"
#include "osw/ofpbuf.h"
#include "osw/util.h"

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

static void
xlate_normal__(const struct xlate_in *in, struct xlate_out *out)
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
}

/* Translates 'in' through NORMAL alone. */
int
xlate_normal(const struct xlate_in *in, struct xlate_out *out)
{
    xlate_normal__(in, out);
    xlate_finish(out);
    return 0;
}

/* Translates 'in' through the 'n' actions 'acts'. */
int
xlate_actions(const struct xlate_in *in, const struct ofpact *acts,
              size_t n, struct xlate_out *out)
{
    if (!n) {
        xlate_drop(out, DP_DROP_FLOW_ACTION);
    }
    for (size_t i = 0; i < n; i++) {
        switch (acts[i].type) {
        case OFPACT_NORMAL:
            xlate_normal__(in, out);
            break;
        default:
            return EINVAL;
        }
    }
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
