/* Tests for datapath/dp-actions: executing, formatting, parsing and
 * validating datapath action lists. */
#include <config.h>
#include "datapath/dp-actions.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "osw/flow.h"
#include "osw/netlink.h"
#include "osw/ofpbuf.h"
#include "osw/packets.h"
#include "osw/util.h"
#include "tests/csum-oracle.h"
#include "tests/testlib.h"

/* What the executor did. */
struct result {
    struct dp_packet *out[8];
    uint32_t out_port[8];
    int n_out;
    int n_drop;
    enum dp_drop_reason reason;
    int n_userspace;
};

static void
rec_output(void *r_, struct dp_packet *p, uint32_t port, bool owned)
{
    struct result *r = r_;
    CHECK(r->n_out < 8);
    r->out[r->n_out] = owned ? p : dp_packet_clone(p);
    r->out_port[r->n_out++] = port;
}

static void
rec_userspace(void *r_, const struct dp_packet *p OSW_UNUSED,
              const struct nlattr *a OSW_UNUSED)
{
    struct result *r = r_;
    r->n_userspace++;
}

static void
rec_drop(void *r_, const struct dp_packet *p OSW_UNUSED,
         enum dp_drop_reason reason)
{
    struct result *r = r_;
    r->n_drop++;
    r->reason = reason;
}

static const struct dp_actions_ops rec_ops = {
    rec_output, rec_userspace, rec_drop, NULL,
};

static void
result_free(struct result *r)
{
    for (int i = 0; i < r->n_out; i++) {
        dp_packet_delete(r->out[i]);
    }
}

/* Parses 's' into 'buf' (initialized here), checking it parses. */
static void
parse_ok(const char *s, struct ofpbuf *buf)
{
    ofpbuf_init(buf, 64);
    char *error = dp_actions_parse(s, buf);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "parse \"%s\": %s", s, error);
    }
    CHECK(dp_actions_validate(buf->data, buf->size));
}

static void
execute(struct dp_packet *p, const char *actions, struct result *r)
{
    struct ofpbuf buf;
    parse_ok(actions, &buf);
    memset(r, 0, sizeof *r);
    dp_actions_execute(p, buf.data, buf.size, &rec_ops, r);
    ofpbuf_uninit(&buf);
}

static struct flow
tcp4_flow(void)
{
    struct flow flow;
    memset(&flow, 0, sizeof flow);
    flow.dl_src = eth_addr_from_uint64(0x020000000001ull);
    flow.dl_dst = eth_addr_from_uint64(0x020000000002ull);
    flow.dl_type = htons(ETH_TYPE_IP);
    flow.nw_src = htonl(0x0a000001);
    flow.nw_dst = htonl(0x0a000002);
    flow.nw_proto = IPPROTO_TCP;
    flow.nw_ttl = 64;
    flow.tp_src = htons(1234);
    flow.tp_dst = htons(80);
    return flow;
}

static struct dp_packet *
compose(const struct flow *flow, size_t payload)
{
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);
    struct flow f;
    flow_compose(p, flow, payload);
    CHECK_EQ(flow_extract(p, &f), FLOW_EXTRACT_OK);
    return p;
}

/* A TCP/IPv4 frame with a 'payload'-byte payload and a partial checksum,
 * as a veth hands it over: the checksum field holds the pseudo-header
 * sum and the vnet header says where to finish it. */
static struct dp_packet *
compose_tcp4_partial(size_t payload)
{
    struct flow flow = tcp4_flow();
    struct dp_packet *p = compose(&flow, payload);
    uint8_t *l3 = dp_packet_l3(p);
    struct tcp_header *tcp = dp_packet_l4(p);
    uint32_t sum = oracle_csum_add(0, l3 + 12, 8) + IPPROTO_TCP
                   + dp_packet_l4_size(p);

    tcp->tcp_csum = htons(oracle_csum_fold(sum));
    p->has_vnet = true;
    memset(&p->vnet, 0, sizeof p->vnet);
    p->vnet.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    p->vnet.csum_start = p->l4_ofs;
    p->vnet.csum_offset = offsetof(struct tcp_header, tcp_csum);
    return p;
}

/* True if the IPv4 header checksum of 'p' is right. */
static bool
ip_csum_ok(const struct dp_packet *p)
{
    const uint8_t *ip = dp_packet_l3(p);
    return oracle_csum_fold(oracle_csum_add(0, ip, IP_IHL(ip[0]) * 4)) == 0xffff;
}

/* True if the L4 checksum (TCP, UDP, ICMPv6) of 'p' is right. */
static bool
l4_csum_ok(const struct dp_packet *p, uint8_t proto)
{
    const uint8_t *l3 = dp_packet_l3(p);
    const uint8_t *l4 = dp_packet_l4(p);
    size_t len = dp_packet_l4_size(p);
    uint32_t sum = 0;

    if (IP_VER(l3[0]) == 4) {
        sum = oracle_csum_add(sum, l3 + 12, 8);
    } else {
        sum = oracle_csum_add(sum, l3 + 8, 32);
    }
    sum += proto + len;
    sum = oracle_csum_add(sum, l4, len);
    return oracle_csum_fold(sum) == 0xffff;
}

OSW_TEST(output_steals_last)
{
    struct flow flow = tcp4_flow();
    struct dp_packet *p = compose(&flow, 10);
    struct result r;

    execute(p, "3", &r);
    CHECK_EQ(r.n_out, 1);
    CHECK(r.out[0] == p);           /* No copy for a single output. */
    CHECK_EQ(r.out_port[0], 3);
    CHECK_EQ(r.n_drop, 0);
    result_free(&r);
}

OSW_TEST(output_clones_before_changes)
{
    struct flow flow = tcp4_flow();
    struct dp_packet *p = compose(&flow, 10);
    uint32_t size = p->size;
    struct result r;

    execute(p, "1,push_vlan(vid=10,pcp=0),2,3", &r);
    CHECK_EQ(r.n_out, 3);
    CHECK(r.out[0] != p && r.out[1] != p);
    CHECK(r.out[2] == p);
    CHECK_EQ(r.out[0]->size, size);
    CHECK_EQ(r.out[1]->size, size + 4);
    CHECK_EQ(r.out[2]->size, size + 4);
    CHECK_EQ(r.out_port[0], 1);
    CHECK_EQ(r.out_port[1], 2);
    CHECK_EQ(r.out_port[2], 3);
    result_free(&r);
}

OSW_TEST(push_pop_vlan)
{
    struct flow flow = tcp4_flow();
    struct dp_packet *p = compose(&flow, 10);
    struct dp_packet *orig = dp_packet_clone(p);
    struct result r;

    execute(p, "push_vlan(vid=10,pcp=5),1", &r);
    CHECK_EQ(r.n_out, 1);
    const uint8_t *d = dp_packet_data(r.out[0]);
    CHECK_EQ(d[12], 0x81);
    CHECK_EQ(d[13], 0x00);
    CHECK_EQ((d[14] << 8) | d[15], (5 << 13) | 10);   /* CFI not sent. */
    CHECK_EQ((d[16] << 8) | d[17], ETH_TYPE_IP);
    CHECK_MEMEQ(d, dp_packet_data(orig), 12);
    /* The L3 offset moved with the frame. */
    CHECK_EQ(r.out[0]->l3_ofs, orig->l3_ofs + 4);

    /* 802.1ad outer tag, then pop both. */
    struct dp_packet *q = r.out[0];
    execute(q, "push_vlan(tpid=0x88a8,vid=20,pcp=0),1", &r);
    d = dp_packet_data(r.out[0]);
    CHECK_EQ((d[12] << 8) | d[13], 0x88a8);
    CHECK_EQ((d[14] << 8) | d[15], 20);
    CHECK_EQ((d[16] << 8) | d[17], 0x8100);

    q = r.out[0];
    execute(q, "pop_vlan,pop_vlan,7", &r);
    CHECK_EQ(r.n_out, 1);
    CHECK_EQ(r.out[0]->size, orig->size);
    CHECK_MEMEQ(dp_packet_data(r.out[0]), dp_packet_data(orig), orig->size);
    result_free(&r);
    dp_packet_delete(orig);
}

OSW_TEST(set_priority_mark)
{
    struct flow flow = tcp4_flow();
    struct dp_packet *p = compose(&flow, 0);
    struct result r;

    execute(p, "set(skb_priority(0x10001)),set(skb_mark(0x2a)),1", &r);
    CHECK_EQ(r.out[0]->skb_priority, 0x10001);
    CHECK_EQ(r.out[0]->pkt_mark, 42);
    result_free(&r);
}

OSW_TEST(set_eth)
{
    struct flow flow = tcp4_flow();
    struct dp_packet *p = compose(&flow, 0);
    struct result r;

    execute(p, "set(eth(src=0a:0b:0c:0d:0e:0f,dst=ff:ff:ff:00:00:00/"
            "ff:00:00:00:00:00)),1", &r);
    const struct eth_header *eth = dp_packet_data(r.out[0]);
    CHECK_EQ(eth_addr_to_uint64(eth->eth_src), 0x0a0b0c0d0e0full);
    /* Only the first byte of dst was under the mask. */
    CHECK_EQ(eth_addr_to_uint64(eth->eth_dst), 0xff0000000002ull);
    result_free(&r);
}

OSW_TEST(set_ipv4_checksums)
{
    struct flow flow = tcp4_flow();
    struct dp_packet *p = compose(&flow, 100);
    struct result r;

    CHECK(ip_csum_ok(p));
    CHECK(l4_csum_ok(p, IPPROTO_TCP));
    execute(p, "set(ipv4(src=192.168.7.9,dst=10.9.8.7,tos=0x20,ttl=3)),1",
            &r);
    struct dp_packet *q = r.out[0];
    const struct ip_header *ip = dp_packet_l3(q);
    CHECK_EQ(ip->ip_src, htonl(0xc0a80709));
    CHECK_EQ(ip->ip_dst, htonl(0x0a090807));
    CHECK_EQ(ip->ip_tos, 0x20);
    CHECK_EQ(ip->ip_ttl, 3);
    CHECK(ip_csum_ok(q));
    CHECK(l4_csum_ok(q, IPPROTO_TCP));

    /* Masked: only the low byte of dst. */
    execute(q, "set(ipv4(dst=0.0.0.99/0.0.0.255)),1", &r);
    ip = dp_packet_l3(r.out[0]);
    CHECK_EQ(ip->ip_dst, htonl(0x0a090863));
    CHECK(ip_csum_ok(r.out[0]));
    CHECK(l4_csum_ok(r.out[0], IPPROTO_TCP));
    result_free(&r);
}

OSW_TEST(set_udp_ports_and_zero_checksum)
{
    struct flow flow = tcp4_flow();
    flow.nw_proto = IPPROTO_UDP;
    struct dp_packet *p = compose(&flow, 30);
    struct result r;

    CHECK(l4_csum_ok(p, IPPROTO_UDP));
    execute(p, "set(udp(src=53,dst=5353)),set(ipv4(src=1.2.3.4)),1", &r);
    struct dp_packet *q = r.out[0];
    const struct udp_header *udp = dp_packet_l4(q);
    CHECK_EQ(ntohs(udp->udp_src), 53);
    CHECK_EQ(ntohs(udp->udp_dst), 5353);
    CHECK(l4_csum_ok(q, IPPROTO_UDP));

    /* A UDP checksum of zero ("none") stays zero. */
    struct udp_header *w = dp_packet_l4(q);
    w->udp_csum = 0;
    execute(q, "set(udp(dst=7)),set(ipv4(dst=4.3.2.1)),1", &r);
    udp = dp_packet_l4(r.out[0]);
    CHECK_EQ(udp->udp_csum, 0);
    CHECK_EQ(ntohs(udp->udp_dst), 7);
    CHECK(ip_csum_ok(r.out[0]));
    result_free(&r);
}

OSW_TEST(set_tcp_ports)
{
    struct flow flow = tcp4_flow();
    struct dp_packet *p = compose(&flow, 3);
    struct result r;

    execute(p, "set(tcp(src=1,dst=65535)),1", &r);
    const struct tcp_header *tcp = dp_packet_l4(r.out[0]);
    CHECK_EQ(ntohs(tcp->tcp_src), 1);
    CHECK_EQ(ntohs(tcp->tcp_dst), 65535);
    CHECK(l4_csum_ok(r.out[0], IPPROTO_TCP));

    /* set(udp) does nothing to a TCP packet. */
    struct dp_packet *q = r.out[0];
    execute(q, "set(udp(src=9)),1", &r);
    tcp = dp_packet_l4(r.out[0]);
    CHECK_EQ(ntohs(tcp->tcp_src), 1);
    result_free(&r);
}

OSW_TEST(set_ipv6_checksums)
{
    struct flow flow;
    memset(&flow, 0, sizeof flow);
    flow.dl_type = htons(ETH_TYPE_IPV6);
    inet_pton(AF_INET6, "fe80::1", &flow.ipv6_src);
    inet_pton(AF_INET6, "fe80::2", &flow.ipv6_dst);
    flow.nw_proto = IPPROTO_TCP;
    flow.nw_ttl = 64;
    flow.tp_src = htons(22);
    flow.tp_dst = htons(2222);
    struct dp_packet *p = compose(&flow, 50);
    struct result r;

    CHECK(l4_csum_ok(p, IPPROTO_TCP));
    execute(p, "set(ipv6(src=2001:db8::5,hlimit=9,tclass=0x10,"
            "label=0x12345)),1", &r);
    const struct ipv6_header *ip6 = dp_packet_l3(r.out[0]);
    struct in6_addr want;
    inet_pton(AF_INET6, "2001:db8::5", &want);
    CHECK_MEMEQ(&ip6->ip6_src, &want, 16);
    CHECK_EQ(ip6->ip6_hlim, 9);
    CHECK_EQ(ntohl(ip6->ip6_flow), 0x60000000u | (0x10 << 20) | 0x12345);
    CHECK(l4_csum_ok(r.out[0], IPPROTO_TCP));
    result_free(&r);
}

OSW_TEST(set_keeps_partial_checksum)
{
    struct dp_packet *p = compose_tcp4_partial(200);
    struct result r;

    execute(p, "set(ipv4(src=172.16.0.1)),set(tcp(dst=8080)),1", &r);
    struct dp_packet *q = r.out[0];
    CHECK(q->has_vnet);
    CHECK(q->vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM);
    CHECK(ip_csum_ok(q));
    dp_packet_csum_complete(q);
    CHECK(l4_csum_ok(q, IPPROTO_TCP));
    result_free(&r);
}

OSW_TEST(drop_reasons)
{
    struct flow flow = tcp4_flow();
    struct result r;

    /* An empty list. */
    struct dp_packet *p = compose(&flow, 0);
    memset(&r, 0, sizeof r);
    dp_actions_execute(p, NULL, 0, &rec_ops, &r);
    CHECK_EQ(r.n_drop, 1);
    CHECK_EQ(r.reason, DP_DROP_NO_OUTPUT);

    p = compose(&flow, 0);
    execute(p, "drop(vlan_ingress)", &r);
    CHECK_EQ(r.n_drop, 1);
    CHECK_EQ(r.reason, DP_DROP_VLAN_INGRESS);

    /* Output, then a drop reason: it was output, not dropped. */
    p = compose(&flow, 0);
    execute(p, "2,drop(same_port)", &r);
    CHECK_EQ(r.n_drop, 0);
    CHECK_EQ(r.n_out, 1);
    CHECK(r.out[0] == p);
    result_free(&r);

    /* Modified but never output. */
    p = compose(&flow, 0);
    execute(p, "push_vlan(vid=1,pcp=0)", &r);
    CHECK_EQ(r.n_drop, 1);
    CHECK_EQ(r.reason, DP_DROP_NO_OUTPUT);

    /* Userspace counts as handled. */
    p = compose(&flow, 0);
    execute(p, "userspace(pid=0)", &r);
    CHECK_EQ(r.n_drop, 0);
    CHECK_EQ(r.n_userspace, 1);
}

static void
check_round_trip(const char *s, const char *expected)
{
    struct ofpbuf buf;
    struct ds ds = DS_EMPTY_INITIALIZER;

    parse_ok(s, &buf);
    dp_actions_format(&ds, buf.data, buf.size, NULL, NULL);
    CHECK_STREQ(ds_cstr(&ds), expected ? expected : s);

    /* And back again, to the same bytes. */
    struct ofpbuf again;
    parse_ok(ds_cstr(&ds), &again);
    CHECK(ofpbuf_equal(&buf, &again));

    ofpbuf_uninit(&again);
    ofpbuf_uninit(&buf);
    ds_destroy(&ds);
}

OSW_TEST(format_parse_round_trip)
{
    check_round_trip("drop", NULL);
    check_round_trip("1", NULL);
    check_round_trip("1,2,3", NULL);
    check_round_trip("push_vlan(vid=10,pcp=0),2", NULL);
    check_round_trip("push_vlan(tpid=0x88a8,vid=4095,pcp=7),2", NULL);
    check_round_trip("pop_vlan,5,push_vlan(vid=7,pcp=1),6", NULL);
    check_round_trip("set(skb_priority(0x10001)),1", NULL);
    check_round_trip("set(skb_mark(0x5)),1", NULL);
    check_round_trip("set(eth(src=00:11:22:33:44:55,dst=aa:bb:cc:dd:ee:ff))"
                     ",1", NULL);
    check_round_trip("set(eth(dst=01:00:00:00:00:00/01:00:00:00:00:00))",
                     NULL);
    check_round_trip("set(ipv4(src=10.0.0.1,dst=10.0.0.0/255.255.255.0,"
                     "tos=0x10,ttl=63)),1", NULL);
    check_round_trip("set(ipv6(src=2001:db8::1,label=0x12345,tclass=0x4,"
                     "hlimit=1)),1", NULL);
    check_round_trip("set(tcp(src=80,dst=443)),1", NULL);
    check_round_trip("set(udp(dst=53/0xff00)),1", NULL);
    check_round_trip("userspace(pid=7,userdata(0102ff)),1", NULL);
    check_round_trip("1,drop(no_output)", NULL);
    check_round_trip("drop(tagged_on_access)", NULL);
    check_round_trip(" 1 , 2 ", "1,2");
    check_round_trip("push_vlan(vid=10)", "push_vlan(vid=10,pcp=0)");
    check_round_trip("meter(7),1", NULL);
    check_round_trip("set(sctp(src=1,dst=2)),1", NULL);
    check_round_trip("set(arp(sip=10.0.0.1,tip=10.0.0.2,op=2,"
                     "sha=00:11:22:33:44:55,tha=66:77:88:99:aa:bb)),1",
                     NULL);
    check_round_trip("set(arp(op=1)),1", NULL);
    check_round_trip("set(icmp(type=0,code=0)),1", NULL);
    check_round_trip("set(icmpv6(type=129)),1", NULL);
}

static const char *
test_port_name(uint32_t port, void *aux)
{
    static const char *names[] = { NULL, "eth0", "vm1", NULL };
    CHECK_STREQ(aux, "aux");
    return port < ARRAY_SIZE(names) ? names[port] : NULL;
}

OSW_TEST(format_port_names)
{
    struct ofpbuf buf;
    struct ds ds = DS_EMPTY_INITIALIZER;

    parse_ok("1,2,pop_vlan,3,push_vlan(vid=4,pcp=0),7", &buf);
    dp_actions_format(&ds, buf.data, buf.size, test_port_name, "aux");
    /* Ports without a name stay numbers. */
    CHECK_STREQ(ds_cstr(&ds), "eth0,vm1,pop_vlan,3,push_vlan(vid=4,pcp=0),7");
    ofpbuf_uninit(&buf);
    ds_destroy(&ds);
}

static void
check_parse_error(const char *s)
{
    struct ofpbuf buf;
    ofpbuf_init(&buf, 0);
    char *error = dp_actions_parse(s, &buf);
    if (!error) {
        osw_test_fail(__FILE__, __LINE__, "\"%s\" parsed", s);
    }
    free(error);
    ofpbuf_uninit(&buf);
}

OSW_TEST(parse_errors)
{
    check_parse_error("foo");
    check_parse_error("1,");
    check_parse_error("push_vlan(vid=4096)");
    check_parse_error("push_vlan(pcp=1)");
    check_parse_error("push_vlan(tpid=0x800,vid=1)");
    check_parse_error("set(ipv4(proto=6))");
    check_parse_error("set(ipv4(src=1.2.3))");
    check_parse_error("set(eth(src=zz:00:00:00:00:00))");
    check_parse_error("set(tcp(src=65536))");
    check_parse_error("set(foo(1))");
    check_parse_error("drop(no_such_reason)");
    check_parse_error("drop(runt),1");
    check_parse_error("push_vlan(vid=1");
    check_parse_error("1)");
    check_parse_error("99999999999");
    check_parse_error("userspace(userdata(01))");
}

/* What parses must be valid, and a push_vlan action's CFI bit (which
 * says there is a tag) is required. */
OSW_TEST(parse_rejects_push_vlan_cfi0)
{
    check_parse_error("push_vlan(vid=1,cfi=0)");
    check_round_trip("push_vlan(vid=1,cfi=1)", "push_vlan(vid=1,pcp=0)");
}

/* A set() whose mask is all zeros prints without fields, which reads
 * back; a field with a zero mask does not print, so its value must not
 * survive parsing either. */
OSW_TEST(format_parse_set_without_fields)
{
    check_round_trip("set(ipv4()),1", NULL);
    check_round_trip("set(tcp( )),1", "set(tcp()),1");
    check_round_trip("set(mpls()),1", NULL);
    check_round_trip("set(eth(src=00:11:22:33:44:55/00:00:00:00:00:00)),1",
                     "set(eth()),1");
    check_round_trip("set(ipv4(src=10.0.0.1/0.0.0.0,ttl=5/0,tos=4)),1",
                     "set(ipv4(tos=0x4)),1");
    check_parse_error("set(ipv4(,))");
}

/* True if set(ipv6(...)) with flow label 'label' under 'mask' (host
 * order) validates. */
static bool
ipv6_label_set_valid(uint32_t label, uint32_t mask)
{
    struct ovs_key_ipv6 kv[2];
    struct ofpbuf buf;

    memset(kv, 0, sizeof kv);
    kv[0].ipv6_label = htonl(label);
    kv[1].ipv6_label = htonl(mask);
    ofpbuf_init(&buf, 0);
    size_t ofs = nl_msg_start_nested(&buf, OVS_ACTION_ATTR_SET_MASKED);
    nl_msg_put_unspec(&buf, OVS_KEY_ATTR_IPV6, kv, sizeof kv);
    nl_msg_end_nested(&buf, ofs);
    bool valid = dp_actions_validate(buf.data, buf.size);
    ofpbuf_uninit(&buf);
    return valid;
}

/* The flow label has 20 bits; a list with more would print as text that
 * does not parse. */
OSW_TEST(validate_rejects_ipv6_label_beyond_20_bits)
{
    CHECK(ipv6_label_set_valid(0x12345, 0xfffff));
    CHECK(ipv6_label_set_valid(0, 0xf0000));
    CHECK(!ipv6_label_set_valid(0, 0x100000));
    CHECK(!ipv6_label_set_valid(0x100000, 0xfffff));
    CHECK(!ipv6_label_set_valid(0x80000000, 0));
}

/* pop_mpls parses only to ethertypes that validate: not a length, not a
 * VLAN tag. */
OSW_TEST(parse_rejects_pop_mpls_invalid_type)
{
    check_parse_error("pop_mpls(eth_type=0x8)");
    check_parse_error("pop_mpls(eth_type=0x5ff)");
    check_parse_error("pop_mpls(eth_type=0x8100)");
    check_parse_error("pop_mpls(eth_type=0x88a8)");
    check_round_trip("pop_mpls(eth_type=0x600)", NULL);
    check_round_trip("pop_mpls(eth_type=0x86dd)", NULL);
}

OSW_TEST(validate_rejects_malformed)
{
    struct ofpbuf buf;

    CHECK(dp_actions_validate(NULL, 0));

    /* Output with a 2-byte port. */
    ofpbuf_init(&buf, 0);
    nl_msg_put_u16(&buf, OVS_ACTION_ATTR_OUTPUT, 1);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);

    /* Unknown action type. */
    ofpbuf_init(&buf, 0);
    nl_msg_put_u32(&buf, 200, 1);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);

    /* Truncated attribute. */
    ofpbuf_init(&buf, 0);
    nl_msg_put_u32(&buf, OVS_ACTION_ATTR_OUTPUT, 1);
    CHECK(!dp_actions_validate(buf.data, buf.size - 2));
    CHECK(!dp_actions_validate(buf.data, 2));
    ofpbuf_uninit(&buf);

    /* Drop not last; drop with an unknown reason. */
    ofpbuf_init(&buf, 0);
    nl_msg_put_u32(&buf, DP_ACTION_ATTR_DROP, DP_DROP_RUNT);
    nl_msg_put_u32(&buf, OVS_ACTION_ATTR_OUTPUT, 1);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);
    ofpbuf_init(&buf, 0);
    nl_msg_put_u32(&buf, DP_ACTION_ATTR_DROP, DP_DROP_N_REASONS);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);

    /* push_vlan without CFI, with a bad TPID, or the wrong size. */
    struct ovs_action_push_vlan vlan = { htons(0x8100), htons(10) };
    ofpbuf_init(&buf, 0);
    nl_msg_put_unspec(&buf, OVS_ACTION_ATTR_PUSH_VLAN, &vlan, sizeof vlan);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);
    vlan.vlan_tci = htons(10 | VLAN_CFI);
    vlan.vlan_tpid = htons(0x0800);
    ofpbuf_init(&buf, 0);
    nl_msg_put_unspec(&buf, OVS_ACTION_ATTR_PUSH_VLAN, &vlan, sizeof vlan);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);
    ofpbuf_init(&buf, 0);
    nl_msg_put_unspec(&buf, OVS_ACTION_ATTR_PUSH_VLAN, &vlan, 2);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);

    /* pop_vlan with a payload. */
    ofpbuf_init(&buf, 0);
    nl_msg_put_u32(&buf, OVS_ACTION_ATTR_POP_VLAN, 0);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);

    /* set() with two keys, an unknown key, a short key. */
    ofpbuf_init(&buf, 0);
    size_t ofs = nl_msg_start_nested(&buf, OVS_ACTION_ATTR_SET);
    nl_msg_put_u32(&buf, OVS_KEY_ATTR_PRIORITY, 1);
    nl_msg_put_u32(&buf, OVS_KEY_ATTR_SKB_MARK, 1);
    nl_msg_end_nested(&buf, ofs);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);
    ofpbuf_init(&buf, 0);
    ofs = nl_msg_start_nested(&buf, OVS_ACTION_ATTR_SET);
    nl_msg_put_u32(&buf, OVS_KEY_ATTR_IN_PORT, 1);
    nl_msg_end_nested(&buf, ofs);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);
    ofpbuf_init(&buf, 0);
    ofs = nl_msg_start_nested(&buf, OVS_ACTION_ATTR_SET);
    nl_msg_put_u16(&buf, OVS_KEY_ATTR_PRIORITY, 1);
    nl_msg_end_nested(&buf, ofs);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);

    /* set_masked with a key of the wrong size, or masking proto. */
    ofpbuf_init(&buf, 0);
    ofs = nl_msg_start_nested(&buf, OVS_ACTION_ATTR_SET_MASKED);
    nl_msg_put_unspec_uninit(&buf, OVS_KEY_ATTR_ETHERNET, 12);
    nl_msg_end_nested(&buf, ofs);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);
    struct ovs_key_ipv4 v4[2];
    memset(v4, 0, sizeof v4);
    v4[1].ipv4_proto = 0xff;
    ofpbuf_init(&buf, 0);
    ofs = nl_msg_start_nested(&buf, OVS_ACTION_ATTR_SET_MASKED);
    nl_msg_put_unspec(&buf, OVS_KEY_ATTR_IPV4, v4, sizeof v4);
    nl_msg_end_nested(&buf, ofs);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);

    /* userspace without a pid. */
    ofpbuf_init(&buf, 0);
    ofs = nl_msg_start_nested(&buf, OVS_ACTION_ATTR_USERSPACE);
    nl_msg_put_unspec(&buf, OVS_USERSPACE_ATTR_USERDATA, "ab", 2);
    nl_msg_end_nested(&buf, ofs);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);
}

OSW_TEST(output_to)
{
    struct ofpbuf buf;
    parse_ok("push_vlan(vid=3,pcp=0),4,pop_vlan,9", &buf);
    CHECK(dp_actions_output_to(buf.data, buf.size, 4));
    CHECK(dp_actions_output_to(buf.data, buf.size, 9));
    CHECK(!dp_actions_output_to(buf.data, buf.size, 3));
    ofpbuf_uninit(&buf);
}

OSW_TEST(drop_reason_names)
{
    enum dp_drop_reason r;
    CHECK_STREQ(dp_drop_reason_name(DP_DROP_RUNT), "runt");
    CHECK_STREQ(dp_drop_reason_name(DP_DROP_PORT_DOWN), "port_down");
    CHECK(!dp_drop_reason_name(DP_DROP_N_REASONS));
    CHECK(!dp_drop_reason_description(DP_DROP_N_REASONS));
    CHECK(dp_drop_reason_from_name("mtu", &r) && r == DP_DROP_MTU);
    CHECK(!dp_drop_reason_from_name("nope", &r));
    for (int i = 0; i < DP_DROP_N_REASONS; i++) {
        CHECK(dp_drop_reason_description(i)[0]);
    }
}

/* Meter actions. */

struct meter_result {
    struct result r;
    int n_meter;
    uint32_t last_id;
    bool pass;
};

static void
mrec_output(void *r_, struct dp_packet *p, uint32_t port, bool owned)
{
    rec_output(&((struct meter_result *) r_)->r, p, port, owned);
}

static void
mrec_userspace(void *r_, const struct dp_packet *p, const struct nlattr *a)
{
    rec_userspace(&((struct meter_result *) r_)->r, p, a);
}

static void
mrec_drop(void *r_, const struct dp_packet *p, enum dp_drop_reason reason)
{
    rec_drop(&((struct meter_result *) r_)->r, p, reason);
}

static bool
mrec_meter(void *r_, struct dp_packet *p OSW_UNUSED, uint32_t id)
{
    struct meter_result *r = r_;
    r->n_meter++;
    r->last_id = id;
    return r->pass;
}

static const struct dp_actions_ops meter_ops = {
    .output = mrec_output, .userspace = mrec_userspace, .drop = mrec_drop,
    .meter = mrec_meter,
};

static void
meter_execute(const char *actions, bool pass, struct meter_result *r)
{
    struct flow flow = tcp4_flow();
    struct ofpbuf buf;
    parse_ok(actions, &buf);
    memset(r, 0, sizeof *r);
    r->pass = pass;
    dp_actions_execute(compose(&flow, 10), buf.data, buf.size, &meter_ops,
                       r);
    ofpbuf_uninit(&buf);
}

OSW_TEST(meter_pass_and_drop)
{
    struct meter_result r;

    meter_execute("meter(9),1", true, &r);
    CHECK_EQ(r.n_meter, 1);
    CHECK_EQ(r.last_id, 9);
    CHECK_EQ(r.r.n_out, 1);
    CHECK_EQ(r.r.n_drop, 0);
    result_free(&r.r);

    /* Over the rate: nothing after the meter runs; a policer drop. */
    meter_execute("meter(9),1", false, &r);
    CHECK_EQ(r.r.n_out, 0);
    CHECK_EQ(r.r.n_drop, 1);
    CHECK_EQ(r.r.reason, DP_DROP_POLICER);
    result_free(&r.r);

    /* What went out before the meter stays out, and is no drop. */
    meter_execute("2,meter(9),1", false, &r);
    CHECK_EQ(r.r.n_out, 1);
    CHECK_EQ(r.r.out_port[0], 2);
    CHECK_EQ(r.r.n_drop, 0);
    result_free(&r.r);

    /* Without a meter callback every packet passes. */
    struct result rr;
    struct flow flow = tcp4_flow();
    execute(compose(&flow, 10), "meter(1),3", &rr);
    CHECK_EQ(rr.n_out, 1);
    result_free(&rr);
}

OSW_TEST(set_arp)
{
    struct flow flow;
    memset(&flow, 0, sizeof flow);
    flow.dl_src = eth_addr_from_uint64(0x020000000001ull);
    flow.dl_dst = eth_addr_broadcast;
    flow.dl_type = htons(ETH_TYPE_ARP);
    flow.nw_src = htonl(0x0a000001);
    flow.nw_dst = htonl(0x0a000002);
    flow.nw_proto = 1;
    flow.arp_sha = flow.dl_src;

    struct result r;
    execute(compose(&flow, 0), "set(arp(tip=10.0.0.9,op=2,"
            "tha=00:00:00:00:00:07)),1", &r);
    CHECK_EQ(r.n_out, 1);
    struct flow f;
    CHECK_EQ(flow_extract(r.out[0], &f), FLOW_EXTRACT_OK);
    CHECK_EQ(ntohl(f.nw_src), 0x0a000001);
    CHECK_EQ(ntohl(f.nw_dst), 0x0a000009);
    CHECK_EQ(f.nw_proto, 2);
    CHECK(eth_addr_equals(f.arp_sha, flow.dl_src));
    CHECK_EQ(eth_addr_to_uint64(f.arp_tha), 7);
    result_free(&r);
}

/* Runs 'actions' on a frame from 'flow' and checks that it comes out
 * unchanged. */
static void
check_unchanged(const struct flow *flow, const char *actions)
{
    struct dp_packet *p = compose(flow, 40);
    size_t size = dp_packet_size(p);
    uint8_t *orig = xmemdup(dp_packet_data(p), size);
    struct result r;

    execute(p, actions, &r);
    CHECK_EQ(r.n_out, 1);
    CHECK_EQ(dp_packet_size(r.out[0]), size);
    CHECK(!memcmp(dp_packet_data(r.out[0]), orig, size));
    free(orig);
    result_free(&r);
}

/* A set() of an L3 header leaves frames of another ethertype alone, even
 * where the bytes at the L3 offset look like that header. */
OSW_TEST(set_l3_needs_its_ethertype)
{
    struct flow flow = tcp4_flow();
    check_unchanged(&flow, "set(arp(sip=1.2.3.4,op=2)),1");
    flow.vlans[0].tci = htons(VLAN_CFI | 5);
    check_unchanged(&flow, "set(arp(tha=00:00:00:00:00:07)),1");

    /* MPLS labels whose first nibble is an IP version. */
    memset(&flow, 0, sizeof flow);
    flow.dl_type = htons(ETH_TYPE_MPLS);
    flow.mpls_lse = htonl(0x45000 << MPLS_LABEL_SHIFT | MPLS_BOS_MASK | 64);
    check_unchanged(&flow, "set(ipv4(src=1.2.3.4,ttl=9)),1");
    check_unchanged(&flow, "set(arp(op=2)),1");
    flow.mpls_lse = htonl(0x60000 << MPLS_LABEL_SHIFT | MPLS_BOS_MASK | 64);
    check_unchanged(&flow, "set(ipv6(src=::1,hlimit=9)),1");
}

OSW_TEST(set_icmp_type_code)
{
    struct flow flow = tcp4_flow();
    flow.nw_proto = IPPROTO_ICMP;
    flow.tp_src = htons(8);     /* Echo request. */
    flow.tp_dst = htons(0);

    struct result r;
    execute(compose(&flow, 16), "set(icmp(type=0,code=3)),1", &r);
    CHECK_EQ(r.n_out, 1);
    struct flow f;
    CHECK_EQ(flow_extract(r.out[0], &f), FLOW_EXTRACT_OK);
    CHECK_EQ(ntohs(f.tp_src), 0);
    CHECK_EQ(ntohs(f.tp_dst), 3);
    const uint8_t *l4 = dp_packet_l4(r.out[0]);
    CHECK_EQ(oracle_csum_fold(oracle_csum_add(0, l4, dp_packet_l4_size(r.out[0]))), 0xffff);
    result_free(&r);

    /* A TCP packet is left alone by an ICMP set. */
    flow = tcp4_flow();
    execute(compose(&flow, 0), "set(icmp(type=3)),1", &r);
    CHECK_EQ(flow_extract(r.out[0], &f), FLOW_EXTRACT_OK);
    CHECK_EQ(ntohs(f.tp_src), 1234);
    result_free(&r);
}

static uint32_t
sctp_stored_crc(const uint8_t *l4)
{
    return (l4[8] | (uint32_t) l4[9] << 8 | (uint32_t) l4[10] << 16
            | (uint32_t) l4[11] << 24);
}

static uint32_t
sctp_computed_crc(const struct dp_packet *p)
{
    size_t len = dp_packet_l4_size(p);
    uint8_t *copy = xmemdup(dp_packet_l4(p), len);
    memset(copy + 8, 0, 4);
    uint32_t crc = crc32c(copy, len);
    free(copy);
    return crc;
}

OSW_TEST(set_sctp_ports)
{
    struct flow flow = tcp4_flow();
    flow.nw_proto = IPPROTO_SCTP;

    struct result r;
    struct dp_packet *p = compose(&flow, 20);
    CHECK_EQ(sctp_stored_crc(dp_packet_l4(p)), sctp_computed_crc(p));
    execute(p, "set(sctp(src=7,dst=9)),1", &r);
    CHECK_EQ(r.n_out, 1);
    struct flow f;
    CHECK_EQ(flow_extract(r.out[0], &f), FLOW_EXTRACT_OK);
    CHECK_EQ(ntohs(f.tp_src), 7);
    CHECK_EQ(ntohs(f.tp_dst), 9);
    CHECK_EQ(sctp_stored_crc(dp_packet_l4(r.out[0])),
             sctp_computed_crc(r.out[0]));
    result_free(&r);

    /* A wrong CRC stays wrong by the same amount. */
    p = compose(&flow, 20);
    ((uint8_t *) dp_packet_l4(p))[8] ^= 0x5a;
    execute(p, "set(sctp(dst=10)),1", &r);
    CHECK_EQ(sctp_stored_crc(dp_packet_l4(r.out[0]))
             ^ sctp_computed_crc(r.out[0]), 0x5a);
    result_free(&r);
}

OSW_TEST(validate_meter_and_new_sets)
{
    struct ofpbuf buf;
    ofpbuf_init(&buf, 64);
    nl_msg_put_u16(&buf, OVS_ACTION_ATTR_METER, 1);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_clear(&buf);

    /* An ARP set of the wrong size. */
    size_t ofs = nl_msg_start_nested(&buf, OVS_ACTION_ATTR_SET_MASKED);
    uint8_t zeros[10] = { 0 };
    nl_msg_put_unspec(&buf, OVS_KEY_ATTR_ARP, zeros, sizeof zeros);
    nl_msg_end_nested(&buf, ofs);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_clear(&buf);

    char *error = dp_actions_parse("meter(x)", &buf);
    CHECK(error != NULL);
    free(error);
    ofpbuf_uninit(&buf);
}

/* An ICMPv6 neighbor solicitation ('type' 135) or advertisement (136)
 * from fe80::1 for target fe80::99, with the link-layer address options
 * that 'sll'/'tll' give (0: none). */
static struct flow
nd_flow(uint8_t type, uint64_t sll, uint64_t tll)
{
    struct flow flow;
    memset(&flow, 0, sizeof flow);
    flow.dl_src = eth_addr_from_uint64(0x020000000001ull);
    flow.dl_dst = eth_addr_from_uint64(0x333300000001ull);
    flow.dl_type = htons(ETH_TYPE_IPV6);
    inet_pton(AF_INET6, "fe80::1", &flow.ipv6_src);
    inet_pton(AF_INET6, "ff02::1:ff00:99", &flow.ipv6_dst);
    flow.nw_proto = IPPROTO_ICMPV6;
    flow.nw_ttl = 255;
    flow.tp_src = htons(type);
    inet_pton(AF_INET6, "fe80::99", &flow.nd_target);
    if (sll) {
        flow.arp_sha = eth_addr_from_uint64(sll);
    }
    if (tll) {
        flow.arp_tha = eth_addr_from_uint64(tll);
    }
    return flow;
}

/* Runs 'actions' on a frame built from 'flow', checks that it comes out
 * once with its length and a right ICMPv6 checksum, and stores what flow
 * extraction then reads in 'out'. */
static void
execute_nd(const struct flow *flow, const char *actions, struct flow *out)
{
    struct dp_packet *p = compose(flow, 0);
    size_t size = dp_packet_size(p);
    struct result r;

    CHECK(l4_csum_ok(p, IPPROTO_ICMPV6));
    execute(p, actions, &r);
    CHECK_EQ(r.n_out, 1);
    CHECK_EQ(dp_packet_size(r.out[0]), size);
    CHECK(l4_csum_ok(r.out[0], IPPROTO_ICMPV6));
    CHECK_EQ(flow_extract(r.out[0], out), FLOW_EXTRACT_OK);
    result_free(&r);
}

OSW_TEST(set_nd_solicit)
{
    struct flow flow = nd_flow(ND_NEIGHBOR_SOLICIT, 0x020000000001ull, 0);
    struct flow f;
    struct in6_addr want;

    /* Target and SLL rewritten; no TLL option is added. */
    execute_nd(&flow, "set(nd(target=2001:db8::7,sll=00:11:22:33:44:55,"
               "tll=66:77:88:99:aa:bb)),1", &f);
    inet_pton(AF_INET6, "2001:db8::7", &want);
    CHECK_MEMEQ(&f.nd_target, &want, 16);
    CHECK_EQ(eth_addr_to_uint64(f.arp_sha), 0x001122334455ull);
    CHECK(eth_addr_is_zero(f.arp_tha));
    CHECK_EQ(ntohs(f.tp_src), ND_NEIGHBOR_SOLICIT);
    CHECK_MEMEQ(&f.ipv6_src, &flow.ipv6_src, 16);

    /* Only what the mask covers changes. */
    execute_nd(&flow, "set(nd(target=2001:db8::7/ffff:ffff::)),1", &f);
    inet_pton(AF_INET6, "2001:db8::99", &want);
    CHECK_MEMEQ(&f.nd_target, &want, 16);
    CHECK_EQ(eth_addr_to_uint64(f.arp_sha), 0x020000000001ull);

    /* Together with an IPv6 address change (pseudo-header). */
    execute_nd(&flow, "set(ipv6(src=fe80::5)),set(nd(sll=00:00:00:00:00:05))"
               ",1", &f);
    inet_pton(AF_INET6, "fe80::5", &want);
    CHECK_MEMEQ(&f.ipv6_src, &want, 16);
    CHECK_EQ(eth_addr_to_uint64(f.arp_sha), 5);
    CHECK_MEMEQ(&f.nd_target, &flow.nd_target, 16);
}

OSW_TEST(set_nd_advert)
{
    struct flow flow = nd_flow(ND_NEIGHBOR_ADVERT, 0, 0x020000000099ull);
    struct flow f;
    struct in6_addr want;

    /* Target and TLL rewritten; no SLL option is added. */
    execute_nd(&flow, "set(nd(target=fe80::1234,sll=00:11:22:33:44:55,"
               "tll=66:77:88:99:aa:bb)),1", &f);
    inet_pton(AF_INET6, "fe80::1234", &want);
    CHECK_MEMEQ(&f.nd_target, &want, 16);
    CHECK(eth_addr_is_zero(f.arp_sha));
    CHECK_EQ(eth_addr_to_uint64(f.arp_tha), 0x66778899aabbull);
    CHECK_EQ(ntohs(f.tp_src), ND_NEIGHBOR_ADVERT);

    /* Both options present: both rewritten, partly by mask. */
    flow = nd_flow(ND_NEIGHBOR_ADVERT, 0x020000000001ull, 0x020000000099ull);
    execute_nd(&flow, "set(nd(sll=00:00:00:00:00:ab/00:00:00:00:00:ff,"
               "tll=0a:00:00:00:00:00/ff:00:00:00:00:00)),1", &f);
    CHECK_EQ(eth_addr_to_uint64(f.arp_sha), 0x0200000000abull);
    CHECK_EQ(eth_addr_to_uint64(f.arp_tha), 0x0a0000000099ull);
    CHECK_MEMEQ(&f.nd_target, &flow.nd_target, 16);
}

OSW_TEST(set_nd_other_packets_untouched)
{
    /* An ICMPv6 echo request and a TCP/IPv6 segment are not ND. */
    struct flow flow = nd_flow(128, 0, 0);
    memset(&flow.nd_target, 0, sizeof flow.nd_target);
    struct dp_packet *p = compose(&flow, 24);
    struct dp_packet *copy = dp_packet_clone(p);
    struct result r;

    execute(p, "set(nd(target=2001:db8::7,sll=00:11:22:33:44:55)),1", &r);
    CHECK_EQ(r.n_out, 1);
    CHECK_EQ(dp_packet_size(r.out[0]), dp_packet_size(copy));
    CHECK_MEMEQ(dp_packet_data(r.out[0]), dp_packet_data(copy),
                dp_packet_size(copy));
    result_free(&r);
    dp_packet_delete(copy);

    flow.nw_proto = IPPROTO_TCP;
    flow.tp_src = htons(22);
    flow.tp_dst = htons(2222);
    p = compose(&flow, 24);
    copy = dp_packet_clone(p);
    execute(p, "set(nd(target=2001:db8::7)),1", &r);
    CHECK_MEMEQ(dp_packet_data(r.out[0]), dp_packet_data(copy),
                dp_packet_size(copy));
    result_free(&r);
    dp_packet_delete(copy);

    /* An NS whose code is not 0 is not one flow extraction reads. */
    flow = nd_flow(ND_NEIGHBOR_SOLICIT, 0x020000000001ull, 0);
    p = compose(&flow, 0);
    uint8_t *l4 = dp_packet_l4(p);
    l4[1] = 1;
    copy = dp_packet_clone(p);
    execute(p, "set(nd(target=2001:db8::7)),1", &r);
    CHECK_MEMEQ(dp_packet_data(r.out[0]), dp_packet_data(copy),
                dp_packet_size(copy));
    result_free(&r);
    dp_packet_delete(copy);
}

OSW_TEST(set_nd_malformed_options)
{
    /* An option of length 0 ends the walk: the target still changes,
     * the malformed option does not. */
    struct flow flow = nd_flow(ND_NEIGHBOR_SOLICIT, 0x020000000001ull, 0);
    struct dp_packet *p = compose(&flow, 0);
    uint8_t *l4 = dp_packet_l4(p);
    const uint8_t *l3 = dp_packet_l3(p);
    uint8_t *opt = l4 + ND_MSG_LEN;
    uint16_t csum;

    /* Make the SLL option length 0 and fix the checksum up. */
    opt[1] = 0;
    memset(l4 + 2, 0, 2);
    csum = htons((uint16_t) ~oracle_csum_fold(oracle_csum_add(0, l3 + 8, 32)
                                  + IPPROTO_ICMPV6 + dp_packet_l4_size(p)
                                  + oracle_csum_add(0, l4,
                                              dp_packet_l4_size(p))));
    memcpy(l4 + 2, &csum, 2);
    CHECK(l4_csum_ok(p, IPPROTO_ICMPV6));

    struct result r;
    execute(p, "set(nd(target=2001:db8::7,sll=00:11:22:33:44:55)),1", &r);
    CHECK_EQ(r.n_out, 1);
    CHECK(l4_csum_ok(r.out[0], IPPROTO_ICMPV6));
    l4 = dp_packet_l4(r.out[0]);
    struct in6_addr want;
    inet_pton(AF_INET6, "2001:db8::7", &want);
    CHECK_MEMEQ(l4 + 8, &want, 16);
    struct eth_addr sll;
    memcpy(&sll, l4 + ND_MSG_LEN + 2, ETH_ADDR_LEN);
    CHECK_EQ(eth_addr_to_uint64(sll), 0x020000000001ull);
    result_free(&r);
}

OSW_TEST(set_nd_keeps_partial_checksum)
{
    /* With a partial checksum the field holds the pseudo-header sum,
     * which an ND rewrite does not touch. */
    struct flow flow = nd_flow(ND_NEIGHBOR_ADVERT, 0, 0x020000000099ull);
    struct dp_packet *p = compose(&flow, 0);
    uint8_t *l3 = dp_packet_l3(p);
    uint8_t *l4 = dp_packet_l4(p);
    uint32_t sum = oracle_csum_add(0, l3 + 8, 32) + IPPROTO_ICMPV6
                   + dp_packet_l4_size(p);
    ovs_be16 partial = htons(oracle_csum_fold(sum));
    memcpy(l4 + 2, &partial, 2);
    p->has_vnet = true;
    memset(&p->vnet, 0, sizeof p->vnet);
    p->vnet.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    p->vnet.csum_start = p->l4_ofs;
    p->vnet.csum_offset = offsetof(struct icmp_header, icmp_csum);

    struct result r;
    execute(p, "set(nd(target=fe80::7,tll=00:00:00:00:00:07)),1", &r);
    struct dp_packet *q = r.out[0];
    l4 = dp_packet_l4(q);
    CHECK_MEMEQ(l4 + 2, &partial, 2);
    CHECK_EQ(l4[ND_MSG_LEN + 7], 7);
    dp_packet_csum_complete(q);
    CHECK(l4_csum_ok(q, IPPROTO_ICMPV6));
    result_free(&r);
}

OSW_TEST(set_nd_format_parse_validate)
{
    check_round_trip("set(nd(target=fe80::1,sll=00:11:22:33:44:55,"
                     "tll=66:77:88:99:aa:bb)),1", NULL);
    check_round_trip("set(nd(target=fe80::1/ffff::)),1", NULL);
    check_round_trip("set(nd(tll=00:00:00:00:00:01)),1", NULL);

    struct ofpbuf buf;
    ofpbuf_init(&buf, 64);
    char *error = dp_actions_parse("set(nd(sha=00:11:22:33:44:55))", &buf);
    CHECK(error != NULL);
    free(error);
    ofpbuf_clear(&buf);
    error = dp_actions_parse("set(nd(target=10.0.0.1))", &buf);
    CHECK(error != NULL);
    free(error);
    ofpbuf_clear(&buf);

    /* An ND set of the wrong size. */
    size_t ofs = nl_msg_start_nested(&buf, OVS_ACTION_ATTR_SET_MASKED);
    uint8_t zeros[2 * sizeof(struct ovs_key_nd) - 2] = { 0 };
    nl_msg_put_unspec(&buf, OVS_KEY_ATTR_ND, zeros, sizeof zeros);
    nl_msg_end_nested(&buf, ofs);
    CHECK(!dp_actions_validate(buf.data, buf.size));
    ofpbuf_uninit(&buf);
}

/* ---- MPLS. ---- */

/* The label stack entry after 'p''s MAC addresses and 'n_tags' tags. */
static uint32_t
lse_at(const struct dp_packet *p, int n_tags, uint16_t *ethertype)
{
    const uint8_t *d = dp_packet_data(p);
    size_t ofs = 12 + 4 * n_tags;
    uint32_t lse;

    *ethertype = d[ofs] << 8 | d[ofs + 1];
    memcpy(&lse, d + ofs + 2, 4);
    return ntohl(lse);
}

OSW_TEST(push_pop_mpls)
{
    struct flow flow = tcp4_flow();
    struct dp_packet *p = compose(&flow, 30);
    size_t size = dp_packet_size(p);
    uint8_t *orig = xmemdup(dp_packet_data(p), size);
    struct result r;
    uint16_t type;

    execute(p, "push_mpls(label=100,tc=3,ttl=64,bos=1,eth_type=0x8847),1,"
            "push_mpls(label=7,tc=0,ttl=9,bos=0,eth_type=0x8848),2,"
            "set(mpls(label=8,ttl=10)),3,"
            "pop_mpls(eth_type=0x8847),4,pop_mpls(eth_type=0x800),5", &r);
    CHECK_EQ(r.n_out, 5);
    CHECK_EQ(dp_packet_size(r.out[0]), size + 4);
    CHECK_EQ(lse_at(r.out[0], 0, &type), (100 << 12) | (3 << 9) | 0x100 | 64);
    CHECK_EQ(type, 0x8847);
    CHECK(!memcmp((uint8_t *) dp_packet_data(r.out[0]) + 18, orig + 14,
                  size - 14));
    CHECK_EQ(dp_packet_size(r.out[1]), size + 8);
    CHECK_EQ(lse_at(r.out[1], 0, &type), (7 << 12) | 9);
    CHECK_EQ(type, 0x8848);
    CHECK_EQ(lse_at(r.out[2], 0, &type), (8 << 12) | 10);
    CHECK_EQ(lse_at(r.out[3], 0, &type), (100 << 12) | (3 << 9) | 0x100 | 64);
    CHECK_EQ(type, 0x8847);
    CHECK_EQ(dp_packet_size(r.out[4]), size);
    CHECK(!memcmp(dp_packet_data(r.out[4]), orig, size));
    free(orig);
    result_free(&r);

    /* After VLAN tags; pop on a frame without MPLS does nothing; a pop
     * finds the IP header again for what follows. */
    flow = tcp4_flow();
    flow.vlans[0].tci = htons(VLAN_CFI | 10);
    p = compose(&flow, 10);
    size = dp_packet_size(p);
    execute(p, "pop_mpls(eth_type=0x800),1,"
            "push_mpls(label=1,tc=0,ttl=5,bos=1,eth_type=0x8847),2,"
            "pop_mpls(eth_type=0x800),set(ipv4(ttl=7)),set(tcp(dst=99)),3",
            &r);
    CHECK_EQ(dp_packet_size(r.out[0]), size);
    CHECK_EQ(lse_at(r.out[1], 1, &type), (1 << 12) | 0x100 | 5);
    CHECK_EQ(type, 0x8847);
    CHECK_EQ(((const uint8_t *) dp_packet_data(r.out[1]))[12], 0x81);
    CHECK_EQ(dp_packet_size(r.out[2]), size);
    CHECK_EQ(((const uint8_t *) dp_packet_l3(r.out[2]))[8], 7);
    CHECK(ip_csum_ok(r.out[2]));
    CHECK(l4_csum_ok(r.out[2], IPPROTO_TCP));
    CHECK_EQ(ntohs(((const struct tcp_header *) dp_packet_l4(r.out[2]))
                   ->tcp_dst), 99);
    result_free(&r);

    /* set(mpls) on a frame without a label does nothing. */
    flow = tcp4_flow();
    p = compose(&flow, 10);
    size = dp_packet_size(p);
    orig = xmemdup(dp_packet_data(p), size);
    execute(p, "set(mpls(label=3)),1", &r);
    CHECK(!memcmp(dp_packet_data(r.out[0]), orig, size));
    free(orig);
    result_free(&r);
}

/* A partial checksum is completed before the label hides the L4 header
 * (a NIC would no longer find it). */
OSW_TEST(push_mpls_completes_partial_checksum)
{
    struct dp_packet *p = compose_tcp4_partial(200);
    struct result r;


    execute(p, "push_mpls(label=5,tc=0,ttl=64,bos=1,eth_type=0x8847),1", &r);
    struct dp_packet *q = r.out[0];
    CHECK(!(q->has_vnet && q->vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM));
    execute(q, "pop_mpls(eth_type=0x800),1", &r);
    CHECK(l4_csum_ok(r.out[0], IPPROTO_TCP));
    result_free(&r);
}

/* A GSO frame is segmented first; each segment runs the rest. */
OSW_TEST(push_mpls_segments_gso)
{
    struct dp_packet *p = compose_tcp4_partial(3000);
    struct result r;

    p->vnet.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
    p->vnet.gso_size = 1000;
    p->vnet.hdr_len = p->l4_ofs + 20;
    CHECK(dp_packet_vnet_valid(p));

    execute(p, "push_mpls(label=5,tc=0,ttl=64,bos=1,eth_type=0x8847),1",
            &r);
    CHECK_EQ(r.n_out, 3);
    CHECK_EQ(r.n_drop, 0);
    for (int i = 0; i < r.n_out; i++) {
        uint16_t type;
        struct dp_packet *q = r.out[i];
        CHECK(!dp_packet_is_gso(q));
        CHECK_EQ(lse_at(q, 0, &type), (5 << 12) | 0x100 | 64);
        CHECK_EQ(dp_packet_size(q), 14 + 4 + 20 + 20 + 1000);
        r.out[i] = NULL;

        struct result r2;
        execute(q, "pop_mpls(eth_type=0x800),1", &r2);
        CHECK(ip_csum_ok(r2.out[0]));
        CHECK(l4_csum_ok(r2.out[0], IPPROTO_TCP));
        result_free(&r2);
    }
    r.n_out = 0;
}

OSW_TEST(mpls_format_parse_validate)
{
    check_round_trip("push_mpls(label=100,tc=3,ttl=64,bos=1,eth_type=0x8847)"
                     ",pop_mpls(eth_type=0x800),1", NULL);
    check_round_trip("push_mpls(label=1048575,tc=7,ttl=255,bos=0,"
                     "eth_type=0x8848)", NULL);
    check_round_trip("set(mpls(label=5,tc=1,ttl=2,bos=1)),1", NULL);
    check_round_trip("set(mpls(ttl=9)),1", NULL);
    check_round_trip("set(mpls(label=5/0xff)),1", NULL);
    check_round_trip("push_mpls(label=5,eth_type=0x8847)",
                     "push_mpls(label=5,tc=0,ttl=0,bos=0,eth_type=0x8847)");
    check_parse_error("push_mpls(label=5,eth_type=0x800)");
    check_parse_error("push_mpls(label=1048576)");
    check_parse_error("push_mpls(exp=1)");
    check_parse_error("pop_mpls");
    check_parse_error("pop_mpls(0x800)");
    check_parse_error("set(mpls(tc=8))");
    check_parse_error("set(mpls(bogus=1))");
    check_parse_error("set(mpls(eth_type=0x8847))");
    check_parse_error("push_mpls(ttl=1/0x100,eth_type=0x8847)");
    check_parse_error("push_mpls(label=1,eth_type=0x10000)");

    /* A repeated sub-field: the last one wins, as in the flow key. */
    check_round_trip("set(mpls(ttl=1,ttl=2)),1", "set(mpls(ttl=2)),1");
    check_round_trip("push_mpls(ttl=1,ttl=6,eth_type=0x8847)",
                     "push_mpls(label=0,tc=0,ttl=6,bos=0,eth_type=0x8847)");

    /* Sizes and ethertypes. */
    struct ofpbuf b;
    struct ovs_action_push_mpls m;
    ovs_be16 et;

    memset(&m, 0, sizeof m);
    m.mpls_ethertype = htons(0x0800);
    ofpbuf_init(&b, 0);
    nl_msg_put_unspec(&b, OVS_ACTION_ATTR_PUSH_MPLS, &m, sizeof m);
    CHECK(!dp_actions_validate(b.data, b.size));
    ofpbuf_clear(&b);
    nl_msg_put_unspec(&b, OVS_ACTION_ATTR_PUSH_MPLS, &m, 4);
    CHECK(!dp_actions_validate(b.data, b.size));
    ofpbuf_clear(&b);
    et = htons(0x8100);
    nl_msg_put_unspec(&b, OVS_ACTION_ATTR_POP_MPLS, &et, sizeof et);
    CHECK(!dp_actions_validate(b.data, b.size));
    ofpbuf_clear(&b);
    nl_msg_put_unspec(&b, OVS_ACTION_ATTR_POP_MPLS, &et, 1);
    CHECK(!dp_actions_validate(b.data, b.size));
    ofpbuf_clear(&b);
    et = htons(0x86dd);
    nl_msg_put_unspec(&b, OVS_ACTION_ATTR_POP_MPLS, &et, sizeof et);
    CHECK(dp_actions_validate(b.data, b.size));
    ofpbuf_clear(&b);
    size_t ofs = nl_msg_start_nested(&b, OVS_ACTION_ATTR_SET_MASKED);
    nl_msg_put_unspec(&b, OVS_KEY_ATTR_MPLS, &m, 4);
    nl_msg_end_nested(&b, ofs);
    CHECK(!dp_actions_validate(b.data, b.size));
    ofpbuf_uninit(&b);
}

OSW_TEST_MAIN()
