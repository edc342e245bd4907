/* Fuzz target for datapath action lists: their text form, which
 * dpctl/dump-flows prints and dp_actions_parse() reads back (the tests
 * write action lists that way), and their binary form, Netlink attributes
 * that dp_actions_validate() checks before dp_actions_execute() runs them
 * (what a kernel datapath would refuse or take).
 *
 * Input: one selector byte, then the rest.  Bit 0 of the selector picks
 * the mode; bit 1 whether the first meter the packets meet passes (later
 * ones alternate).
 *   - 0, text: the rest, cut at its first NUL, is parsed.  A list that
 *     parses must validate, and print as text that parses back to the
 *     same bytes.
 *   - 1, binary: the rest is an action list, in a heap buffer of exactly
 *     its size, so any read beyond it is caught by the sanitizers.  A list
 *     that validates must print as text that parses back to the same
 *     actions.  "The same" is not byte for byte here, as the text does not
 *     keep what no action looks at: padding (after attributes and inside
 *     push_mpls's payload), the flag bits of attribute types, and the bits
 *     of a set()'s value outside its mask (a field with a zero mask is not
 *     printed at all).  Everything else must survive, userspace()'s pid,
 *     userdata and actions flag included.
 * Either way a valid list is then executed, after flow extraction, on
 * each of: an untagged TCP/IPv4 frame, a VLAN-tagged UDP/IPv6 frame, an
 * MPLS frame, an ARP frame, an ICMPv6 neighbor solicitation, TCP/IPv4
 * with a partial checksum, the same as a GSO frame, SCTP/IPv4, UDP/IPv4
 * without a checksum, and TCP/IPv6 behind a hop-by-hop header.  Meters
 * alternate pass and drop.  Checked:
 *   - each output and userspace frame is at least an Ethernet header and
 *     no longer than its input plus 4 bytes per push in the list, and a
 *     partial checksum (if any) lies within it;
 *   - an output's port is one the list outputs to (dp_actions_output_to());
 *   - a packet is output, handed to userspace or reported dropped; for a
 *     frame that is not GSO, reported dropped exactly when neither;
 *   - unless the list pushes or pops MPLS (which changes what the bytes
 *     mean), each output, completed as an egress would, has right IPv4,
 *     TCP, UDP, ICMP and ICMPv6 checksums, as every input frame has;
 *   - outputs handed over are freed at once, so any later use of them by
 *     the executor is caught; those not handed over are never freed here.
 * Nothing may crash, leak or read out of bounds. */
#include <config.h>

#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "datapath/dp-actions.h"
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "osw/flow.h"
#include "osw/netlink.h"
#include "osw/ofpbuf.h"
#include "osw/packets.h"
#include "osw/util.h"
#include "tests/csum-oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The frames every valid list runs on, built once. */
enum { N_FRAMES = 10 };
static struct dp_packet *frames[N_FRAMES];

static struct flow
base_flow(uint16_t dl_type)
{
    struct flow flow;

    memset(&flow, 0, sizeof flow);
    flow.in_port = 1;
    flow.dl_src = eth_addr_from_uint64(0x020000000001ull);
    flow.dl_dst = eth_addr_from_uint64(0x020000000002ull);
    flow.dl_type = htons(dl_type);
    flow.nw_ttl = 64;
    return flow;
}

static struct dp_packet *
compose(const struct flow *flow, size_t payload)
{
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);

    flow_compose(p, flow, payload);
    return p;
}

static struct dp_packet *
compose_ip4(uint8_t proto, size_t payload)
{
    struct flow flow = base_flow(ETH_TYPE_IP);

    flow.nw_src = htonl(0x0a000001);
    flow.nw_dst = htonl(0x0a000002);
    flow.nw_proto = proto;
    flow.tp_src = htons(1234);
    flow.tp_dst = htons(80);
    return compose(&flow, payload);
}

/* UDP over IPv4 without a checksum (0), which must stay so. */
static struct dp_packet *
compose_udp4_no_csum(void)
{
    struct dp_packet *p = compose_ip4(IPPROTO_UDP, 8);
    uint8_t *udp = dp_packet_l4(p);

    udp[6] = udp[7] = 0;
    return p;
}

static struct dp_packet *
compose_vlan_udp6(void)
{
    struct flow flow = base_flow(ETH_TYPE_IPV6);

    flow.vlans[0].tci = htons(VLAN_CFI | 10);
    inet_pton(AF_INET6, "2001:db8::1", &flow.ipv6_src);
    inet_pton(AF_INET6, "2001:db8::2", &flow.ipv6_dst);
    flow.ipv6_label = htonl(0x12345);
    flow.nw_proto = IPPROTO_UDP;
    flow.tp_src = htons(5353);
    flow.tp_dst = htons(53);
    return compose(&flow, 16);
}

/* TCP over IPv6 behind a hop-by-hop options header, which is left out of
 * the pseudo header, so the TCP checksum stays right. */
static struct dp_packet *
compose_tcp6_hbh(void)
{
    static const uint8_t hbh[8] = { IPPROTO_TCP, 0, 1, 4, 0, 0, 0, 0 };
    struct flow flow = base_flow(ETH_TYPE_IPV6);

    inet_pton(AF_INET6, "2001:db8::1", &flow.ipv6_src);
    inet_pton(AF_INET6, "2001:db8::2", &flow.ipv6_dst);
    flow.nw_proto = IPPROTO_TCP;
    flow.tp_src = htons(22);
    flow.tp_dst = htons(40000);
    struct dp_packet *tcp6 = compose(&flow, 10);

    size_t hdrs = tcp6->l3_ofs + IPV6_HEADER_LEN;
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);
    dp_packet_put(p, dp_packet_data(tcp6), hdrs);
    dp_packet_put(p, hbh, sizeof hbh);
    dp_packet_put(p, (uint8_t *) dp_packet_data(tcp6) + hdrs,
                  tcp6->size - hdrs);
    dp_packet_delete(tcp6);

    uint8_t *ip6 = (uint8_t *) dp_packet_data(p) + hdrs - IPV6_HEADER_LEN;
    size_t plen = (ip6[4] << 8 | ip6[5]) + sizeof hbh;
    ip6[4] = plen >> 8;
    ip6[5] = plen;
    ip6[6] = IPPROTO_HOPOPTS;
    return p;
}

static struct dp_packet *
compose_mpls(void)
{
    struct flow flow = base_flow(ETH_TYPE_MPLS);

    flow.mpls_lse = htonl(100 << MPLS_LABEL_SHIFT | MPLS_BOS_MASK | 64);
    return compose(&flow, 40);
}

static struct dp_packet *
compose_arp(void)
{
    struct flow flow = base_flow(ETH_TYPE_ARP);

    flow.nw_proto = 1;          /* ARP request. */
    flow.nw_src = htonl(0x0a000001);
    flow.nw_dst = htonl(0x0a000002);
    flow.arp_sha = flow.dl_src;
    return compose(&flow, 0);
}

static struct dp_packet *
compose_nd(void)
{
    struct flow flow = base_flow(ETH_TYPE_IPV6);

    inet_pton(AF_INET6, "fe80::1", &flow.ipv6_src);
    inet_pton(AF_INET6, "ff02::1:ff00:99", &flow.ipv6_dst);
    inet_pton(AF_INET6, "fe80::99", &flow.nd_target);
    flow.nw_proto = IPPROTO_ICMPV6;
    flow.nw_ttl = 255;
    flow.tp_src = htons(ND_NEIGHBOR_SOLICIT);
    flow.arp_sha = flow.dl_src;
    return compose(&flow, 0);
}

/* A TCP/IPv4 frame with the partial checksum a VM hands over with it:
 * the checksum field holds the pseudo-header sum, which the vnet header
 * says to finish. */
static struct dp_packet *
compose_tcp4_partial(size_t payload)
{
    struct dp_packet *p = compose_ip4(IPPROTO_TCP, payload);
    const uint8_t *ip = dp_packet_l3(p);
    uint8_t *tcp = dp_packet_l4(p);
    uint16_t sum = oracle_csum_fold(oracle_csum_add(IPPROTO_TCP + dp_packet_l4_size(p), ip + 12,
                              8));

    tcp[16] = sum >> 8;
    tcp[17] = sum;
    p->has_vnet = true;
    memset(&p->vnet, 0, sizeof p->vnet);
    p->vnet.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    p->vnet.csum_start = p->l4_ofs;
    p->vnet.csum_offset = 16;
    return p;
}

/* The same as a super-frame of three segments. */
static struct dp_packet *
compose_tcp4_gso(void)
{
    struct dp_packet *p = compose_tcp4_partial(1200);

    p->vnet.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
    p->vnet.gso_size = 400;
    p->vnet.hdr_len = p->l4_ofs + TCP_HEADER_LEN;
    osw_assert(dp_packet_vnet_valid(p));
    return p;
}

static void
init_frames(void)
{
    if (!frames[0]) {
        frames[0] = compose_ip4(IPPROTO_TCP, 20);
        frames[1] = compose_vlan_udp6();
        frames[2] = compose_mpls();
        frames[3] = compose_arp();
        frames[4] = compose_nd();
        frames[5] = compose_tcp4_partial(30);
        frames[6] = compose_tcp4_gso();
        frames[7] = compose_ip4(IPPROTO_SCTP, 12);
        frames[8] = compose_udp4_no_csum();
        frames[9] = compose_tcp6_hbh();
    }
}

/* What one packet's run through the executor did, and its bounds. */
struct run {
    const struct nlattr *actions;
    size_t actions_len;
    size_t max_size;            /* Input length plus 4 bytes per push. */
    bool check_csums;           /* No MPLS push or pop in the list. */
    unsigned int n_meter;       /* Meter calls; odd ones drop. */
    int n_output, n_userspace, n_drop;
};

static void
check_frame(const struct run *run, const struct dp_packet *p)
{
    osw_assert(p->size >= ETH_HEADER_LEN);
    osw_assert(p->size <= run->max_size);
    if (p->has_vnet && (p->vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)) {
        osw_assert(p->vnet.csum_start + p->vnet.csum_offset + 2 <= p->size);
    }
}

/* Asserts that the IPv4 header checksum and the TCP, UDP, ICMP or ICMPv6
 * checksum of 'p' are right, as they were in every input frame and as
 * set() keeps them. */
static void
check_checksums(struct dp_packet *p)
{
    struct flow flow;
    const uint8_t *l3;
    uint32_t sum;
    size_t l4_len;

    if (flow_extract(p, &flow) != FLOW_EXTRACT_OK || flow.nw_frag
        || !(l3 = dp_packet_l3(p))) {
        return;
    }
    if (flow.dl_type == htons(ETH_TYPE_IP)) {
        size_t ihl = IP_IHL(l3[0]) * 4;
        osw_assert(oracle_csum_fold(oracle_csum_add(0, l3, ihl)) == 0xffff);
        l4_len = (l3[2] << 8 | l3[3]) - ihl;
        sum = oracle_csum_add(0, l3 + 12, 8);
    } else if (flow.dl_type == htons(ETH_TYPE_IPV6)
               && p->l4_ofs != DP_PACKET_OFS_NONE) {
        l4_len = (IPV6_HEADER_LEN + (l3[4] << 8 | l3[5])
                  - (p->l4_ofs - p->l3_ofs));
        sum = oracle_csum_add(0, l3 + 8, 32);
    } else {
        return;
    }

    const uint8_t *l4 = dp_packet_l4(p);
    if (!l4 || l4_len > dp_packet_l4_size(p)) {
        return;
    }
    sum += flow.nw_proto + l4_len;
    switch (flow.nw_proto) {
    case IPPROTO_UDP:
        if (flow.dl_type == htons(ETH_TYPE_IP) && !l4[6] && !l4[7]) {
            break;
        }
        /* fall through */
    case IPPROTO_TCP:
    case IPPROTO_ICMPV6:
        osw_assert(oracle_csum_fold(oracle_csum_add(sum, l4, l4_len)) == 0xffff);
        break;
    case IPPROTO_ICMP:
        osw_assert(oracle_csum_fold(oracle_csum_add(0, l4, l4_len)) == 0xffff);
        break;
    default:
        break;
    }
}

static void
run_output(void *run_, struct dp_packet *p, uint32_t port, bool owned)
{
    struct run *run = run_;

    check_frame(run, p);
    osw_assert(dp_actions_output_to(run->actions, run->actions_len, port));
    run->n_output++;
    if (owned || run->check_csums) {
        /* What an egress without offloads does with it. */
        struct dp_packet *copy = owned ? p : dp_packet_clone(p);
        dp_packet_csum_complete(copy);
        if (run->check_csums) {
            check_checksums(copy);
        }
        dp_packet_delete(copy);
    }
}

static void
run_userspace(void *run_, const struct dp_packet *p, const struct nlattr *a)
{
    struct run *run = run_;

    check_frame(run, p);
    osw_assert(nl_attr_type(a) == OVS_ACTION_ATTR_USERSPACE);
    run->n_userspace++;
}

static void
run_drop(void *run_, const struct dp_packet *p,
         enum dp_drop_reason reason)
{
    struct run *run = run_;

    osw_assert(p->size >= ETH_HEADER_LEN);
    osw_assert(reason < DP_DROP_N_REASONS);
    run->n_drop++;
}

static bool
run_meter(void *run_, struct dp_packet *p, uint32_t meter_id OSW_UNUSED)
{
    struct run *run = run_;

    check_frame(run, p);
    return !(run->n_meter++ & 1);
}

static const struct dp_actions_ops run_ops = {
    run_output, run_userspace, run_drop, run_meter,
};

/* Runs 'actions' (valid) on each frame. */
static void
execute_all(const struct nlattr *actions, size_t actions_len, bool drop_first)
{
    const struct nlattr *a;
    size_t left;
    size_t n_push = 0;
    bool mpls = false;

    NL_ATTR_FOR_EACH (a, left, actions, actions_len) {
        uint16_t type = nl_attr_type(a);
        if (type == OVS_ACTION_ATTR_PUSH_VLAN
            || type == OVS_ACTION_ATTR_PUSH_MPLS) {
            n_push++;
        }
        if (type == OVS_ACTION_ATTR_PUSH_MPLS
            || type == OVS_ACTION_ATTR_POP_MPLS) {
            mpls = true;
        }
    }

    init_frames();
    for (int i = 0; i < N_FRAMES; i++) {
        struct dp_packet *p = dp_packet_clone(frames[i]);
        bool gso = dp_packet_is_gso(p);
        struct flow flow;
        struct run run = {
            .actions = actions,
            .actions_len = actions_len,
            .max_size = p->size + 4 * n_push,
            .check_csums = !mpls,
            .n_meter = drop_first,
        };

        flow_extract(p, &flow);
        dp_actions_execute(p, actions, actions_len, &run_ops, &run);
        osw_assert(run.n_output + run.n_userspace + run.n_drop > 0);
        if (!gso) {
            osw_assert(run.n_drop == (run.n_output + run.n_userspace
                                      ? 0 : 1));
        }
    }
}

/* Names port 1 only: names are printed, not parsed. */
static const char *
port_name(uint32_t port, void *aux OSW_UNUSED)
{
    return port == 1 ? "eth0" : NULL;
}

/* Prints 'actions' (valid) and parses the text back into 'again'
 * (initialized here); a text that does not parse is a bug. */
static void
format_and_parse(const struct nlattr *actions, size_t actions_len,
                 struct ds *text, struct ofpbuf *again)
{
    ds_init(text);
    dp_actions_format(text, actions, actions_len, port_name, NULL);
    ds_clear(text);
    dp_actions_format(text, actions, actions_len, NULL, NULL);
    ofpbuf_init(again, 0);
    char *error = dp_actions_parse(ds_cstr(text), again);
    if (error) {
        fprintf(stderr, "a valid list printed as \"%s\", which does not "
                "parse: %s\n", ds_cstr(text), error);
        abort();
    }
    if (!dp_actions_validate(again->data, again->size)) {
        fprintf(stderr, "\"%s\" parsed into an invalid list\n",
                ds_cstr(text));
        abort();
    }
}

static bool
same_payload(const struct nlattr *a, const struct nlattr *b)
{
    return (nl_attr_get_size(a) == nl_attr_get_size(b)
            && !memcmp(nl_attr_get(a), nl_attr_get(b), nl_attr_get_size(a)));
}

/* set(): the same key type, and the same mask and value under it. */
static bool
same_set_masked(const struct nlattr *a, const struct nlattr *b)
{
    const struct nlattr *ka = nl_attr_get(a);
    const struct nlattr *kb = nl_attr_get(b);

    if (nl_attr_type(ka) != nl_attr_type(kb)
        || nl_attr_get_size(ka) != nl_attr_get_size(kb)) {
        return false;
    }
    size_t half = nl_attr_get_size(ka) / 2;
    const uint8_t *va = nl_attr_get(ka), *ma = va + half;
    const uint8_t *vb = nl_attr_get(kb), *mb = vb + half;
    for (size_t i = 0; i < half; i++) {
        if (ma[i] != mb[i] || (va[i] & ma[i]) != (vb[i] & mb[i])) {
            return false;
        }
    }
    return true;
}

/* userspace(): the same attributes, in the same order. */
static bool
same_userspace(const struct nlattr *a, const struct nlattr *b)
{
    const struct nlattr *ua, *ub = nl_attr_get(b);
    size_t left_a, left_b = nl_attr_get_size(b);

    NL_ATTR_FOR_EACH (ua, left_a, nl_attr_get(a), nl_attr_get_size(a)) {
        if (!nl_attr_is_valid(ub, left_b)
            || nl_attr_type(ua) != nl_attr_type(ub)
            || !same_payload(ua, ub)) {
            return false;
        }
        left_b -= MIN(left_b, NLA_ALIGN(ub->nla_len));
        ub = nl_attr_next(ub);
    }
    return !nl_attr_is_valid(ub, left_b);
}

static bool
same_action(const struct nlattr *a, const struct nlattr *b)
{
    if (nl_attr_type(a) != nl_attr_type(b)) {
        return false;
    }
    switch (nl_attr_type(a)) {
    case OVS_ACTION_ATTR_SET: {
        const struct nlattr *ka = nl_attr_get(a);
        const struct nlattr *kb = nl_attr_get(b);
        return nl_attr_type(ka) == nl_attr_type(kb) && same_payload(ka, kb);
    }
    case OVS_ACTION_ATTR_SET_MASKED:
        return same_set_masked(a, b);
    case OVS_ACTION_ATTR_USERSPACE:
        return same_userspace(a, b);
    case OVS_ACTION_ATTR_PUSH_MPLS: {
        const struct ovs_action_push_mpls *ma = nl_attr_get(a);
        const struct ovs_action_push_mpls *mb = nl_attr_get(b);
        return (!memcmp(&ma->mpls_lse, &mb->mpls_lse, sizeof ma->mpls_lse)
                && !memcmp(&ma->mpls_ethertype, &mb->mpls_ethertype,
                           sizeof ma->mpls_ethertype));
    }
    default:
        return same_payload(a, b);
    }
}

/* True if valid lists 'a' and 'b' do the same, as the text keeps it. */
static bool
same_actions(const struct nlattr *a, size_t a_len,
             const struct nlattr *b, size_t b_len)
{
    const struct nlattr *x, *y = b;
    size_t left_x, left_y = b_len;

    NL_ATTR_FOR_EACH (x, left_x, a, a_len) {
        if (!nl_attr_is_valid(y, left_y) || !same_action(x, y)) {
            return false;
        }
        left_y -= MIN(left_y, NLA_ALIGN(y->nla_len));
        y = nl_attr_next(y);
    }
    return !nl_attr_is_valid(y, left_y);
}

static void
fuzz_text(const uint8_t *data, size_t size, bool drop_first)
{
    char *s = xmemdup0((const char *) data, size);
    struct ofpbuf actions;

    ofpbuf_init(&actions, 0);
    char *error = dp_actions_parse(s, &actions);
    if (error) {
        free(error);
        goto out;
    }
    if (!dp_actions_validate(actions.data, actions.size)) {
        fprintf(stderr, "\"%s\" parsed into an invalid list\n", s);
        abort();
    }

    struct ds text;
    struct ofpbuf again;
    format_and_parse(actions.data, actions.size, &text, &again);
    if (!ofpbuf_equal(&actions, &again)) {
        fprintf(stderr, "\"%s\" printed as \"%s\", which parses to "
                "other bytes\n", s, ds_cstr(&text));
        abort();
    }
    ds_destroy(&text);
    ofpbuf_uninit(&again);

    execute_all(actions.data, actions.size, drop_first);
out:
    ofpbuf_uninit(&actions);
    free(s);
}

static void
fuzz_binary(const uint8_t *data, size_t size, bool drop_first)
{
    struct nlattr *actions = xmemdup(data, size);

    if (dp_actions_validate(actions, size)) {
        struct ds text;
        struct ofpbuf again;
        format_and_parse(actions, size, &text, &again);
        if (!same_actions(actions, size, again.data, again.size)) {
            fprintf(stderr, "a valid list printed as \"%s\", which parses "
                    "to other actions\n", ds_cstr(&text));
            abort();
        }
        ds_destroy(&text);
        ofpbuf_uninit(&again);

        execute_all(actions, size, drop_first);
    }
    free(actions);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) {
        return 0;
    }
    bool drop_first = data[0] & 2;
    if (data[0] & 1) {
        fuzz_binary(data + 1, size - 1, drop_first);
    } else {
        fuzz_text(data + 1, size - 1, drop_first);
    }
    return 0;
}
