/* Unit tests for lib/flow.c: extraction, hashing, masks, formatting,
 * parsing and composing. */
#include <config.h>
#include "osw/flow.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "testlib.h"

#define MACS "eth(src=00:11:22:33:44:55,dst=66:77:88:99:aa:bb)"

/* Flows written as flow_format() prints an exact flow: each one goes
 * through parse -> compose -> extract -> format and must come back. */
static const char *const roundtrip_flows[] = {
    "in_port(1),"MACS",eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,"
    "proto=6,tos=0xb8,ttl=64,frag=no),tcp(src=1000,dst=80),"
    "tcp_flags(syn|ack)",
    "in_port(2),"MACS",eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,"
    "proto=6,tos=0,ttl=64,frag=no),tcp(src=1,dst=2),tcp_flags(0)",
    "in_port(3),"MACS",eth_type(0x0800),ipv4(src=192.168.1.1,"
    "dst=255.255.255.255,proto=17,tos=0,ttl=1,frag=no),"
    "udp(src=68,dst=67)",
    "in_port(4),"MACS",eth_type(0x0800),ipv4(src=1.2.3.4,dst=5.6.7.8,"
    "proto=132,tos=0,ttl=9,frag=no),sctp(src=5000,dst=6000)",
    "in_port(5),"MACS",eth_type(0x0800),ipv4(src=1.2.3.4,dst=5.6.7.8,"
    "proto=1,tos=0,ttl=64,frag=no),icmp(type=8,code=0)",
    "in_port(6),"MACS",eth_type(0x0800),ipv4(src=1.2.3.4,dst=5.6.7.8,"
    "proto=17,tos=0,ttl=64,frag=first),udp(src=1,dst=2)",
    "in_port(7),"MACS",eth_type(0x0800),ipv4(src=1.2.3.4,dst=5.6.7.8,"
    "proto=17,tos=0,ttl=64,frag=later)",
    "in_port(8),"MACS",eth_type(0x0800),ipv4(src=1.2.3.4,dst=5.6.7.8,"
    "proto=47,tos=0,ttl=64,frag=no)",
    "in_port(9),"MACS",eth_type(0x86dd),ipv6(src=2001:db8::1,"
    "dst=2001:db8::2,label=0x12345,proto=6,tclass=0x20,hlimit=64,"
    "frag=no),tcp(src=443,dst=50000),tcp_flags(fin|psh|ack)",
    "in_port(10),"MACS",eth_type(0x86dd),ipv6(src=fe80::1,dst=ff02::1,"
    "label=0,proto=17,tclass=0,hlimit=1,frag=first),udp(src=546,dst=547)",
    "in_port(11),"MACS",eth_type(0x86dd),ipv6(src=fe80::1,dst=ff02::1,"
    "label=0,proto=17,tclass=0,hlimit=1,frag=later)",
    "in_port(12),"MACS",eth_type(0x86dd),ipv6(src=fe80::1,"
    "dst=ff02::1:ff00:2,label=0,proto=58,tclass=0,hlimit=255,frag=no),"
    "icmpv6(type=135,code=0),nd(target=fe80::2,sll=00:11:22:33:44:55,"
    "tll=00:00:00:00:00:00)",
    "in_port(13),"MACS",eth_type(0x86dd),ipv6(src=fe80::2,dst=fe80::1,"
    "label=0,proto=58,tclass=0,hlimit=255,frag=no),"
    "icmpv6(type=136,code=0),nd(target=fe80::2,sll=00:00:00:00:00:00,"
    "tll=66:77:88:99:aa:bb)",
    "in_port(14),"MACS",eth_type(0x86dd),ipv6(src=::1,dst=::2,label=0,"
    "proto=58,tclass=0,hlimit=64,frag=no),icmpv6(type=128,code=0)",
    "in_port(15),"MACS",eth_type(0x0806),arp(sip=10.0.0.1,tip=10.0.0.2,"
    "op=1,sha=00:11:22:33:44:55,tha=00:00:00:00:00:00)",
    "in_port(16),"MACS",eth_type(0x8035),arp(sip=0.0.0.0,tip=0.0.0.0,"
    "op=3,sha=00:11:22:33:44:55,tha=00:11:22:33:44:55)",
    "in_port(17),"MACS",eth_type(0x8100),vlan(vid=10,pcp=3),"
    "encap(eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,"
    "tos=0,ttl=64,frag=no),udp(src=1,dst=2))",
    "in_port(18),"MACS",eth_type(0x88a8),vlan(vid=100,pcp=0),"
    "encap(eth_type(0x8100),vlan(vid=4095,pcp=7),encap(eth_type(0x0806),"
    "arp(sip=10.0.0.1,tip=10.0.0.2,op=2,sha=00:11:22:33:44:55,"
    "tha=66:77:88:99:aa:bb)))",
    "in_port(19),"MACS",eth_type(0x8100),vlan(vid=0,pcp=5),"
    "encap(eth_type(0x88cc))",
    "in_port(20),"MACS",eth_type(0x05ff)",
    "in_port(21),skb_mark(0x7),"MACS",eth_type(0x1234)",
    "in_port(22),"MACS",eth_type(0x8847),mpls(label=100,tc=3,ttl=64,bos=1)",
    "in_port(23),"MACS",eth_type(0x8100),vlan(vid=5,pcp=0),"
    "encap(eth_type(0x8848),mpls(label=1048575,tc=7,ttl=0,bos=0))",
};

static struct dp_packet *
compose(const char *s, size_t payload)
{
    struct flow_wildcards wc;
    struct flow flow;
    char *error = flow_parse(s, &flow, &wc);

    if (error) {
        osw_test_fail(__FILE__, __LINE__, "%s: %s", s, error);
    }
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);
    flow_compose(p, &flow, payload);
    return p;
}

static char *
format_exact(const struct flow *flow)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    flow_format(&s, flow, NULL, NULL, NULL);
    return ds_steal_cstr(&s);
}

OSW_TEST(roundtrip_compose_extract_format)
{
    for (size_t i = 0; i < ARRAY_SIZE(roundtrip_flows); i++) {
        for (size_t payload = 0; payload < 100; payload += 37) {
            struct dp_packet *p = compose(roundtrip_flows[i], payload);
            struct flow flow;

            CHECK_EQ(flow_extract(p, &flow), FLOW_EXTRACT_OK);
            char *s = format_exact(&flow);
            CHECK_STREQ(s, roundtrip_flows[i]);
            free(s);
            dp_packet_delete(p);
        }
    }
}

OSW_TEST(parse_format_roundtrip_exact)
{
    for (size_t i = 0; i < ARRAY_SIZE(roundtrip_flows); i++) {
        struct flow_wildcards wc;
        struct flow flow;
        char *error = flow_parse(roundtrip_flows[i], &flow, &wc);
        CHECK(!error);
        struct ds s = DS_EMPTY_INITIALIZER;
        flow_format(&s, &flow, &wc, NULL, NULL);
        CHECK_STREQ(ds_cstr(&s), roundtrip_flows[i]);
        ds_destroy(&s);
    }
}

/* Every truncation of a composed frame is refused, never read beyond: the
 * frame is copied to a buffer of exactly that size, so valgrind and ASAN
 * see any overrun. */
OSW_TEST(truncations_refused)
{
    for (size_t i = 0; i < ARRAY_SIZE(roundtrip_flows); i++) {
        struct dp_packet *p = compose(roundtrip_flows[i], 20);
        struct flow flow;
        bool is_ip;

        CHECK_EQ(flow_extract(p, &flow), FLOW_EXTRACT_OK);
        is_ip = (flow.dl_type == htons(ETH_TYPE_IP)
                 || flow.dl_type == htons(ETH_TYPE_IPV6));
        for (size_t len = 0; len < p->size; len++) {
            void *copy = xmemdup(dp_packet_data(p), len ? len : 1);
            struct dp_packet q;
            enum flow_extract_error e;

            dp_packet_use_foreign(&q, copy, len, 0, len,
                                  DPBUF_FOREIGN_STATIC);
            e = flow_extract(&q, &flow);
            if (len < ETH_HEADER_LEN) {
                CHECK_EQ(e, FLOW_EXTRACT_RUNT);
            } else if (is_ip) {
                /* The IP length covers the whole frame. */
                CHECK(e != FLOW_EXTRACT_OK);
            }
            dp_packet_delete(&q);
            free(copy);
        }
        dp_packet_delete(p);
    }
}

static enum flow_extract_error
extract_bytes(const void *data, size_t size, struct flow *flow,
              struct dp_packet **pp)
{
    struct dp_packet *p = dp_packet_new_with_data(data, size);
    enum flow_extract_error e = flow_extract(p, flow);
    if (pp) {
        *pp = p;
    } else {
        dp_packet_delete(p);
    }
    return e;
}

static const uint8_t eth_hdr[12] = {
    0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
};

/* Returns a buffer with the MACs, then 'n' bytes of 'rest'. */
static uint8_t *
frame(const uint8_t *rest, size_t n)
{
    uint8_t *f = xmalloc(12 + n);
    memcpy(f, eth_hdr, 12);
    memcpy(f + 12, rest, n);
    return f;
}

OSW_TEST(runt_and_vlan_errors)
{
    struct flow flow;
    uint8_t buf[64];

    memset(buf, 0, sizeof buf);
    memcpy(buf, eth_hdr, 12);
    for (size_t len = 0; len < ETH_HEADER_LEN; len++) {
        CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_RUNT);
        if (len >= 12) {
            CHECK_EQ(flow.dl_dst.ea[0], 0x66);
            CHECK_EQ(flow.dl_src.ea[5], 0x55);
        }
    }
    CHECK_STREQ(flow_extract_error_to_string(FLOW_EXTRACT_RUNT),
                "runt frame");
    CHECK_STREQ(flow_extract_error_to_string(99), "unknown error");

    /* One tag cut short, then a second tag cut short. */
    static const uint8_t qinq[] = { 0x88, 0xa8, 0x20, 0x64, 0x81, 0x00,
                                    0xe0, 0x0a, 0x08, 0x00 };
    uint8_t *f = frame(qinq, sizeof qinq);
    for (size_t len = 14; len < 12 + sizeof qinq; len++) {
        enum flow_extract_error e = extract_bytes(f, len, &flow, NULL);
        CHECK_EQ(e, len < 22 ? FLOW_EXTRACT_BAD_VLAN : FLOW_EXTRACT_BAD_L3);
    }
    CHECK_EQ(extract_bytes(f, 18, &flow, NULL), FLOW_EXTRACT_BAD_VLAN);
    CHECK_EQ(flow.vlans[0].tpid, htons(0x88a8));
    CHECK_EQ(flow.vlans[0].tci, htons(0x3064));  /* DEI bit + CFI mark. */
    CHECK_EQ(extract_bytes(f, 22, &flow, NULL), FLOW_EXTRACT_BAD_L3);
    CHECK_EQ(flow.vlans[1].tci, htons(0xf00a));
    CHECK_EQ(flow.dl_type, htons(ETH_TYPE_IP));
    free(f);

    /* A third tag is not parsed: it shows as the dl_type. */
    static const uint8_t three[] = { 0x81, 0x00, 0x00, 0x01, 0x81, 0x00,
                                     0x00, 0x02, 0x81, 0x00, 0x00, 0x03,
                                     0x08, 0x00 };
    struct dp_packet *p;
    f = frame(three, sizeof three);
    CHECK_EQ(extract_bytes(f, 12 + sizeof three, &flow, &p),
             FLOW_EXTRACT_OK);
    CHECK_EQ(flow.dl_type, htons(ETH_TYPE_VLAN_8021Q));
    CHECK_EQ(flow.vlans[0].tci, htons(VLAN_CFI | 1));
    CHECK_EQ(flow.vlans[1].tci, htons(VLAN_CFI | 2));
    CHECK_EQ(p->l3_ofs, 22);
    CHECK_EQ(p->l4_ofs, DP_PACKET_OFS_NONE);
    dp_packet_delete(p);
    free(f);
}

OSW_TEST(ethernet_8023_and_snap)
{
    struct flow flow;
    struct dp_packet *p;

    static const uint8_t llc[] = { 0x00, 0x26, 0x42, 0x42, 0x03, 0, 0, 0,
                                   0, 0, 0, 0 };
    uint8_t *f = frame(llc, sizeof llc);
    CHECK_EQ(extract_bytes(f, 12 + sizeof llc, &flow, &p), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.dl_type, htons(FLOW_DL_TYPE_NONE));
    CHECK_EQ(p->l3_ofs, DP_PACKET_OFS_NONE);
    dp_packet_delete(p);
    free(f);

    /* SNAP with OUI 0 carries an Ethernet type: ARP here (truncated). */
    static const uint8_t snap[] = { 0x00, 0x30, 0xaa, 0xaa, 0x03, 0, 0, 0,
                                    0x08, 0x06, 0, 1 };
    f = frame(snap, sizeof snap);
    CHECK_EQ(extract_bytes(f, 12 + sizeof snap, &flow, &p),
             FLOW_EXTRACT_BAD_L3);
    CHECK_EQ(flow.dl_type, htons(ETH_TYPE_ARP));
    CHECK_EQ(p->l3_ofs, 22);
    dp_packet_delete(p);
    free(f);

    /* SNAP with another OUI does not. */
    static const uint8_t snap2[] = { 0x00, 0x30, 0xaa, 0xaa, 0x03, 0, 0, 9,
                                     0x08, 0x06 };
    f = frame(snap2, sizeof snap2);
    CHECK_EQ(extract_bytes(f, 12 + sizeof snap2, &flow, NULL),
             FLOW_EXTRACT_OK);
    CHECK_EQ(flow.dl_type, htons(FLOW_DL_TYPE_NONE));
    free(f);
}

static const uint8_t ipv4_tcp[] = {
    0x08, 0x00,
    0x46, 0x10, 0x00, 0x2c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0, 0,
    10, 0, 0, 1, 10, 0, 0, 2,
    0x01, 0x01, 0x00, 0x00,                         /* IP option (NOP). */
    0x04, 0xd2, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0,
    0x50, 0x12, 0xff, 0xff, 0, 0, 0, 0,
};

OSW_TEST(ipv4_options_and_errors)
{
    uint8_t buf[sizeof ipv4_tcp + 12 + 20];
    struct dp_packet *p;
    struct flow flow;

    memcpy(buf, eth_hdr, 12);
    memcpy(buf + 12, ipv4_tcp, sizeof ipv4_tcp);
    size_t len = 12 + sizeof ipv4_tcp;

    CHECK_EQ(extract_bytes(buf, len, &flow, &p), FLOW_EXTRACT_OK);
    CHECK_EQ(p->l3_ofs, 14);
    CHECK_EQ(p->l4_ofs, 14 + 24);
    CHECK_EQ(flow.nw_src, htonl(0x0a000001));
    CHECK_EQ(flow.nw_dst, htonl(0x0a000002));
    CHECK_EQ(flow.nw_proto, IPPROTO_TCP);
    CHECK_EQ(flow.nw_tos, 0x10);
    CHECK_EQ(flow.nw_ttl, 64);
    CHECK_EQ(flow.nw_frag, 0);
    CHECK_EQ(flow.tp_src, htons(1234));
    CHECK_EQ(flow.tp_dst, htons(80));
    CHECK_EQ(flow.tcp_flags, htons(TCP_SYN | TCP_ACK));
    dp_packet_delete(p);

    /* Ethernet padding after the IP packet is ignored. */
    memset(buf + len, 0xee, 20);
    CHECK_EQ(extract_bytes(buf, len + 20, &flow, NULL), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.tp_dst, htons(80));

    /* Bad IHL values. */
    for (int ihl = 0; ihl < 5; ihl++) {
        buf[14] = 0x40 | ihl;
        CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_BAD_L3);
    }
    buf[14] = 0x4f;                 /* 60 bytes: more than tot_len. */
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_BAD_L3);
    buf[14] = 0x56;                 /* Version 5. */
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_BAD_L3);
    buf[14] = 0x46;

    /* tot_len beyond the frame, or shorter than the header. */
    buf[17] = 0x2d;
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_BAD_L3);
    buf[17] = 0x17;
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_BAD_L3);
    /* tot_len that cuts the TCP header. */
    buf[17] = 0x2b;
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_BAD_L4);
    CHECK_EQ(flow.nw_proto, IPPROTO_TCP);
    buf[17] = 0x2c;

    /* TCP data offsets below 5 or beyond the packet. */
    buf[14 + 24 + 12] = 0x40;
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_BAD_L4);
    buf[14 + 24 + 12] = 0x60;
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_BAD_L4);
    buf[14 + 24 + 12] = 0x50;

    /* A later fragment has no L4 fields, whatever follows. */
    buf[14 + 6] = 0x00;
    buf[14 + 7] = 0x10;
    CHECK_EQ(extract_bytes(buf, len, &flow, &p), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.nw_frag, FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER);
    CHECK_EQ(flow.tp_src, 0);
    CHECK_EQ(flow.tcp_flags, 0);
    CHECK_EQ(p->l4_ofs, DP_PACKET_OFS_NONE);
    dp_packet_delete(p);

    /* A first fragment has them. */
    buf[14 + 6] = 0x20;
    buf[14 + 7] = 0x00;
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.nw_frag, FLOW_NW_FRAG_ANY);
    CHECK_EQ(flow.tp_src, htons(1234));
}

OSW_TEST(udp_icmp_truncated)
{
    static const uint8_t ipv4_hdr[] = {
        0x08, 0x00, 0x45, 0x00, 0x00, 0x00, 0, 0, 0, 0, 64, 0, 0, 0,
        1, 1, 1, 1, 2, 2, 2, 2,
    };
    static const uint8_t protos[] = { IPPROTO_UDP, IPPROTO_ICMP,
                                      IPPROTO_SCTP, IPPROTO_TCP };
    static const size_t min_lens[] = { 8, 8, 12, 20 };

    for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
        for (size_t l4_len = 0; l4_len <= 24; l4_len++) {
            uint8_t buf[12 + sizeof ipv4_hdr + 24];
            struct flow flow;

            memset(buf, 0, sizeof buf);
            memcpy(buf, eth_hdr, 12);
            memcpy(buf + 12, ipv4_hdr, sizeof ipv4_hdr);
            buf[12 + 4] = 0;
            buf[12 + 5] = 20 + l4_len;
            buf[12 + 11] = protos[i];
            buf[34] = 0x12;
            buf[35] = 0x34;
            buf[36] = 0x56;
            buf[37] = 0x78;
            if (protos[i] == IPPROTO_TCP) {
                buf[34 + 12] = 0x50;
            }
            enum flow_extract_error e = extract_bytes(buf, 34 + l4_len,
                                                      &flow, NULL);
            CHECK_EQ(e, l4_len < min_lens[i] ? FLOW_EXTRACT_BAD_L4
                     : FLOW_EXTRACT_OK);
            if (!e && protos[i] == IPPROTO_ICMP) {
                CHECK_EQ(flow.tp_src, htons(0x12));
                CHECK_EQ(flow.tp_dst, htons(0x34));
            } else if (!e) {
                CHECK_EQ(flow.tp_src, htons(0x1234));
                CHECK_EQ(flow.tp_dst, htons(0x5678));
            }
        }
    }
}

/* An IPv6 header with 'nxt' and 'plen', then 'ext' of 'n' bytes. */
static size_t
ipv6_frame(uint8_t *buf, uint8_t nxt, const uint8_t *ext, size_t n)
{
    memcpy(buf, eth_hdr, 12);
    buf[12] = 0x86;
    buf[13] = 0xdd;
    memset(buf + 14, 0, 40);
    buf[14] = 0x60;
    buf[18] = n >> 8;
    buf[19] = n;
    buf[20] = nxt;
    buf[21] = 64;
    buf[22] = 0xfe;
    buf[23] = 0x80;
    buf[37] = 1;
    buf[38] = 0xfe;
    buf[39] = 0x80;
    buf[53] = 2;
    if (n) {
        memcpy(buf + 54, ext, n);
    }
    return 54 + n;
}

OSW_TEST(ipv6_extension_headers)
{
    uint8_t buf[256];
    struct dp_packet *p;
    struct flow flow;

    /* Hop-by-hop (8), routing (16), destination options (8), UDP. */
    static const uint8_t chain[] = {
        IPPROTO_ROUTING, 0, 1, 4, 0, 0, 0, 0,
        IPPROTO_DSTOPTS, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        IPPROTO_UDP, 0, 1, 4, 0, 0, 0, 0,
        0x02, 0x22, 0x02, 0x23, 0x00, 0x08, 0, 0,
    };
    size_t len = ipv6_frame(buf, IPPROTO_HOPOPTS, chain, sizeof chain);
    CHECK_EQ(extract_bytes(buf, len, &flow, &p), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.nw_proto, IPPROTO_UDP);
    CHECK_EQ(flow.tp_src, htons(546));
    CHECK_EQ(flow.tp_dst, htons(547));
    CHECK_EQ(flow.nw_ttl, 64);
    CHECK_EQ(p->l3_ofs, 14);
    CHECK_EQ(p->l4_ofs, 54 + 32);
    CHECK_EQ(flow.ipv6_src.s6_addr[0], 0xfe);
    CHECK_EQ(flow.ipv6_dst.s6_addr[15], 2);
    dp_packet_delete(p);

    /* Each truncation of the chain is an L3 or L4 error. */
    for (size_t n = 0; n < sizeof chain; n++) {
        len = ipv6_frame(buf, IPPROTO_HOPOPTS, chain, n);
        CHECK_EQ(extract_bytes(buf, len, &flow, NULL),
                 n < 32 ? FLOW_EXTRACT_BAD_L3 : FLOW_EXTRACT_BAD_L4);
    }

    /* Payload length beyond the frame. */
    len = ipv6_frame(buf, IPPROTO_HOPOPTS, chain, sizeof chain);
    buf[19]++;
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_BAD_L3);
    /* Wrong version. */
    len = ipv6_frame(buf, IPPROTO_HOPOPTS, chain, sizeof chain);
    buf[14] = 0x40;
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_BAD_L3);
    /* Truncated fixed header. */
    for (size_t n = 14; n < 54; n++) {
        CHECK_EQ(extract_bytes(buf, n, &flow, NULL), FLOW_EXTRACT_BAD_L3);
    }

    /* Fragments: first (M set, offset 0) then later (offset 8). */
    static const uint8_t frag[] = {
        IPPROTO_TCP, 0, 0x00, 0x01, 0, 0, 0, 1,
        0x00, 0x50, 0x01, 0xbb, 0, 0, 0, 0, 0, 0, 0, 0, 0x50, 0x01, 0, 0,
        0, 0, 0, 0,
    };
    len = ipv6_frame(buf, IPPROTO_FRAGMENT, frag, sizeof frag);
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.nw_frag, FLOW_NW_FRAG_ANY);
    CHECK_EQ(flow.nw_proto, IPPROTO_TCP);
    CHECK_EQ(flow.tp_dst, htons(443));
    CHECK_EQ(flow.tcp_flags, htons(TCP_FIN));
    buf[54 + 3] = 0x08;
    CHECK_EQ(extract_bytes(buf, len, &flow, &p), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.nw_frag, FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER);
    CHECK_EQ(flow.nw_proto, IPPROTO_TCP);
    CHECK_EQ(flow.tp_dst, 0);
    CHECK_EQ(p->l4_ofs, DP_PACKET_OFS_NONE);
    dp_packet_delete(p);
    /* An "atomic" fragment header (offset 0, no M) is no fragment. */
    buf[54 + 3] = 0;
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.nw_frag, 0);
    CHECK_EQ(flow.tp_dst, htons(443));

    /* Traffic class and flow label. */
    len = ipv6_frame(buf, IPPROTO_NONE, NULL, 0);
    buf[14] = 0x6a;
    buf[15] = 0xbc;
    buf[16] = 0xde;
    buf[17] = 0xf1;
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.nw_tos, 0xab);
    CHECK_EQ(flow.ipv6_label, htonl(0xcdef1));
    CHECK_EQ(flow.nw_proto, IPPROTO_NONE);
}

OSW_TEST(icmpv6_nd_options)
{
    uint8_t buf[256];
    struct flow flow;
    uint8_t nd[24 + 16 + 8];

    memset(nd, 0, sizeof nd);
    nd[0] = ND_NEIGHBOR_SOLICIT;
    nd[8] = 0xfe;
    nd[8 + 15] = 9;
    /* An unknown option (16 bytes) then SLL. */
    nd[24] = 14;
    nd[25] = 2;
    nd[40] = ND_OPT_SOURCE_LINKADDR;
    nd[41] = 1;
    memcpy(nd + 42, eth_hdr, 6);

    size_t len = ipv6_frame(buf, IPPROTO_ICMPV6, nd, sizeof nd);
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.tp_src, htons(ND_NEIGHBOR_SOLICIT));
    CHECK_EQ(flow.nd_target.s6_addr[0], 0xfe);
    CHECK_EQ(flow.nd_target.s6_addr[15], 9);
    CHECK(eth_addr_equals(flow.arp_sha, *(struct eth_addr *) eth_hdr));
    CHECK(eth_addr_is_zero(flow.arp_tha));

    /* Target link-layer address instead. */
    nd[0] = ND_NEIGHBOR_ADVERT;
    nd[40] = ND_OPT_TARGET_LINKADDR;
    len = ipv6_frame(buf, IPPROTO_ICMPV6, nd, sizeof nd);
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_OK);
    CHECK(eth_addr_is_zero(flow.arp_sha));
    CHECK(eth_addr_equals(flow.arp_tha, *(struct eth_addr *) eth_hdr));

    /* A zero-length option makes the ND fields unusable, not the frame. */
    nd[41] = 0;
    len = ipv6_frame(buf, IPPROTO_ICMPV6, nd, sizeof nd);
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.tp_src, htons(ND_NEIGHBOR_ADVERT));
    CHECK_EQ(flow.nd_target.s6_addr[0], 0);
    CHECK(eth_addr_is_zero(flow.arp_tha));
    /* An option longer than what is left: the same. */
    nd[41] = 2;
    len = ipv6_frame(buf, IPPROTO_ICMPV6, nd, sizeof nd);
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.nd_target.s6_addr[0], 0);

    /* Truncated ND message: an error. */
    for (size_t n = 0; n < 24; n++) {
        len = ipv6_frame(buf, IPPROTO_ICMPV6, nd, n);
        CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_BAD_L4);
    }
    /* Nonzero code: not ND, no target. */
    nd[1] = 1;
    len = ipv6_frame(buf, IPPROTO_ICMPV6, nd, 8);
    CHECK_EQ(extract_bytes(buf, len, &flow, NULL), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.tp_dst, htons(1));
}

OSW_TEST(arp)
{
    static const uint8_t arp[] = {
        0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x02,
        1, 2, 3, 4, 5, 6, 10, 0, 0, 1, 7, 8, 9, 10, 11, 12, 10, 0, 0, 2,
    };
    struct flow flow;
    uint8_t *f = frame(arp, sizeof arp);

    CHECK_EQ(extract_bytes(f, 12 + sizeof arp, &flow, NULL),
             FLOW_EXTRACT_OK);
    CHECK_EQ(flow.nw_proto, ARP_OP_REPLY);
    CHECK_EQ(flow.nw_src, htonl(0x0a000001));
    CHECK_EQ(flow.nw_dst, htonl(0x0a000002));
    CHECK_EQ(flow.arp_sha.ea[0], 1);
    CHECK_EQ(flow.arp_tha.ea[5], 12);
    for (size_t n = 14; n < 12 + sizeof arp; n++) {
        CHECK_EQ(extract_bytes(f, n, &flow, NULL), FLOW_EXTRACT_BAD_L3);
    }
    /* Not Ethernet/IPv4: fields left zero. */
    f[12 + 7] = 8;
    CHECK_EQ(extract_bytes(f, 12 + sizeof arp, &flow, NULL),
             FLOW_EXTRACT_OK);
    CHECK_EQ(flow.nw_src, 0);
    CHECK_EQ(flow.nw_proto, 0);
    CHECK_EQ(flow.dl_type, htons(ETH_TYPE_ARP));
    /* Opcode above 255: nw_proto 0. */
    f[12 + 7] = 4;
    f[12 + 8] = 1;
    CHECK_EQ(extract_bytes(f, 12 + sizeof arp, &flow, NULL),
             FLOW_EXTRACT_OK);
    CHECK_EQ(flow.nw_proto, 0);
    CHECK_EQ(flow.nw_src, htonl(0x0a000001));
    free(f);
}

OSW_TEST(metadata_and_determinism)
{
    struct dp_packet *p = compose(roundtrip_flows[0], 10);
    struct flow a, b;

    p->in_port = 77;
    p->skb_priority = 3;
    p->pkt_mark = 0xabc;
    memset(&a, 0x5a, sizeof a);     /* Garbage must not survive. */
    CHECK_EQ(flow_extract(p, &a), FLOW_EXTRACT_OK);
    CHECK_EQ(a.in_port, 77);
    CHECK_EQ(a.skb_priority, 3);
    CHECK_EQ(a.pkt_mark, 0xabc);
    CHECK_EQ(a.tun_id, 0);
    CHECK_EQ(a.recirc_id, 0);
    CHECK(!memcmp(a.pad1, "\0\0", 2));
    memset(&b, 0xa5, sizeof b);
    CHECK_EQ(flow_extract(p, &b), FLOW_EXTRACT_OK);
    CHECK(flow_equal(&a, &b));
    CHECK_EQ(flow_hash(&a, 0), flow_hash(&b, 0));
    dp_packet_delete(p);
}

OSW_TEST(hashes)
{
    struct flow a, b;
    struct flow_wildcards wc;

    CHECK(!flow_parse(roundtrip_flows[0], &a, &wc));
    b = a;
    CHECK_EQ(flow_hash(&a, 1), flow_hash(&b, 1));
    CHECK(flow_hash(&a, 1) != flow_hash(&a, 2));
    b.tp_dst = htons(81);
    CHECK(flow_hash(&a, 1) != flow_hash(&b, 1));
    CHECK(flow_hash_5tuple(&a, 1) != flow_hash_5tuple(&b, 1));

    /* The 5-tuple hash ignores MACs and ports of fragments. */
    b = a;
    b.dl_src.ea[0] ^= 2;
    b.in_port++;
    CHECK(flow_hash(&a, 0) != flow_hash(&b, 0));
    CHECK_EQ(flow_hash_5tuple(&a, 0), flow_hash_5tuple(&b, 0));
    b.nw_src ^= htonl(1);
    CHECK(flow_hash_5tuple(&a, 0) != flow_hash_5tuple(&b, 0));

    /* IPv6 addresses count. */
    CHECK(!flow_parse(roundtrip_flows[8], &a, &wc));
    b = a;
    b.ipv6_dst.s6_addr[15] ^= 1;
    CHECK(flow_hash_5tuple(&a, 0) != flow_hash_5tuple(&b, 0));

    /* Non-IP: MACs count. */
    CHECK(!flow_parse(roundtrip_flows[19], &a, &wc));
    b = a;
    b.dl_dst.ea[5] ^= 1;
    CHECK(flow_hash_5tuple(&a, 0) != flow_hash_5tuple(&b, 0));

    /* Many distinct flows, few collisions. */
    uint32_t hashes[1000];
    size_t dups = 0;
    for (int i = 0; i < 1000; i++) {
        a.nw_src = htonl(i);
        hashes[i] = flow_hash(&a, 0);
        for (int j = 0; j < i; j++) {
            dups += hashes[j] == hashes[i];
        }
    }
    CHECK(dups <= 1);
}

OSW_TEST(wildcards)
{
    struct flow_wildcards wc, wc2;
    struct flow a, b;

    CHECK(!flow_parse(roundtrip_flows[0], &a, &wc));
    b = a;
    flow_wildcards_init_catchall(&wc);
    CHECK(flow_wildcards_is_catchall(&wc));
    b.nw_dst = htonl(99);
    CHECK(flow_equal_except(&a, &b, &wc));
    FLOW_WC_SET(&wc, nw_src);
    CHECK(!flow_wildcards_is_catchall(&wc));
    CHECK(flow_equal_except(&a, &b, &wc));
    FLOW_WC_SET(&wc, nw_dst);
    CHECK(!flow_equal_except(&a, &b, &wc));

    /* Partial mask: only the high byte of nw_dst. */
    flow_wildcards_init_catchall(&wc);
    wc.masks.nw_dst = htonl(0xff000000);
    b.nw_dst = a.nw_dst ^ htonl(0xff);
    CHECK(flow_equal_except(&a, &b, &wc));
    b.nw_dst = a.nw_dst ^ htonl(0x01000000);
    CHECK(!flow_equal_except(&a, &b, &wc));

    /* zero_wildcards. */
    b = a;
    flow_zero_wildcards(&b, &wc);
    CHECK_EQ(b.nw_dst, htonl(0x0a000000));
    CHECK_EQ(b.nw_src, 0);
    CHECK(eth_addr_is_zero(b.dl_src));
    CHECK_EQ(b.in_port, 0);

    /* exact and or. */
    flow_wildcards_init_exact(&wc2);
    CHECK(!flow_equal_except(&a, &b, &wc2));
    b = a;
    CHECK(flow_equal_except(&a, &b, &wc2));
    flow_wildcards_init_catchall(&wc2);
    FLOW_WC_SET(&wc2, tp_dst);
    flow_wildcards_or(&wc, &wc2);
    CHECK_EQ(wc.masks.tp_dst, 0xffff);
    CHECK_EQ(wc.masks.nw_dst, htonl(0xff000000));
    CHECK_EQ(wc.masks.tp_src, 0);

    /* L3 prerequisites. */
    flow_wildcards_init_catchall(&wc);
    flow_wildcards_unwildcard_l3_prereqs(&wc, &a);
    CHECK_EQ(wc.masks.dl_type, 0xffff);
    CHECK_EQ(wc.masks.nw_proto, 0xff);
    CHECK_EQ(wc.masks.nw_frag, FLOW_NW_FRAG_MASK);
    CHECK(!flow_parse(roundtrip_flows[14], &a, &wc2));  /* ARP. */
    flow_wildcards_init_catchall(&wc);
    flow_wildcards_unwildcard_l3_prereqs(&wc, &a);
    CHECK_EQ(wc.masks.dl_type, 0xffff);
    CHECK_EQ(wc.masks.nw_proto, 0);
}

static const char *
name_port(uint32_t port, void *aux)
{
    CHECK_STREQ(aux, "aux");
    return port == 1 ? "vm1" : NULL;
}

OSW_TEST(format_masked)
{
    static const char *const masked[] = {
        "in_port(1),eth(dst=66:77:88:99:aa:bb),eth_type(0x0800),"
        "ipv4(src=10.0.0.0/255.255.255.0,proto=6,frag=no),"
        "tcp(dst=20480/0xff00)",
        "recirc_id(0),in_port(3),eth(src=00:11:22:33:44:55,"
        "dst=01:00:00:00:00:00/01:00:00:00:00:00)",
        "eth_type(0x8100),vlan(vid=10,pcp=0),encap(eth_type(0x0800),"
        "ipv4(proto=17,frag=no),udp(src=53))",
        "eth_type(0x8100),vlan(vid=10),encap()",
        "eth_type(0x0800),ipv4(frag=first/0x1)",
        "eth_type(0x0800),ipv4(proto=6,frag=no),tcp_flags(+syn-ack)",
        "eth_type(0x86dd),ipv6(src=2001:db8::/ffff:ffff::,label=0x5,"
        "proto=58),icmpv6(type=135),nd(target=::1)",
        "skb_priority(0x5),tunnel(tun_id=0x1234,dst=1.2.3.4),"
        "skb_mark(0x1/0xff),metadata(0xf),reg3(0x2)",
        "",
    };

    for (size_t i = 0; i < ARRAY_SIZE(masked); i++) {
        struct flow_wildcards wc;
        struct flow flow;
        char *error = flow_parse(masked[i], &flow, &wc);
        if (error) {
            osw_test_fail(__FILE__, __LINE__, "%s: %s", masked[i], error);
        }
        struct ds s = DS_EMPTY_INITIALIZER;
        ds_put_cstr(&s, "flow: ");
        flow_format(&s, &flow, &wc, NULL, NULL);
        char *expected = xasprintf("flow: %s", masked[i]);
        CHECK_STREQ(ds_cstr(&s), expected);
        free(expected);
        ds_destroy(&s);
    }
}

OSW_TEST(format_details)
{
    struct flow_wildcards wc;
    struct flow flow;
    struct ds s = DS_EMPTY_INITIALIZER;

    /* Port names, when the callback knows them. */
    CHECK(!flow_parse("in_port(1),eth_type(0x1234)", &flow, &wc));
    flow_format(&s, &flow, &wc, name_port, "aux");
    CHECK_STREQ(ds_cstr(&s), "in_port(vm1),eth_type(0x1234)");
    ds_clear(&s);
    flow.in_port = 2;
    flow_format(&s, &flow, &wc, name_port, "aux");
    CHECK_STREQ(ds_cstr(&s), "in_port(2),eth_type(0x1234)");
    ds_clear(&s);

    /* eth_type without vlan() means "no tag": the parser matches the
     * absence of a tag. */
    CHECK_EQ(wc.masks.vlans[0].qtag, UINT32_MAX);
    CHECK_EQ(flow.vlans[0].qtag, 0);

    /* Values under zero mask bits are not printed. */
    CHECK(!flow_parse("eth_type(0x0800),ipv4(src=10.1.2.3/255.0.0.0)",
                      &flow, &wc));
    CHECK_EQ(flow.nw_src, htonl(0x0a000000));
    flow.nw_dst = htonl(5);
    flow_format(&s, &flow, &wc, NULL, NULL);
    CHECK_STREQ(ds_cstr(&s), "eth_type(0x0800),ipv4(src=10.0.0.0/255.0.0.0)");
    ds_clear(&s);

    /* A tag whose TPID the mask ignores still shows its TPID; a mask on
     * the VID alone still shows the tag. */
    CHECK(!flow_parse(roundtrip_flows[17], &flow, &wc));  /* QinQ. */
    flow_wildcards_init_catchall(&wc);
    wc.masks.vlans[0].tci = htons(VLAN_VID_MASK);
    wc.masks.vlans[1].tci = htons(VLAN_VID_MASK | VLAN_CFI);
    FLOW_WC_SET(&wc, dl_type);
    flow_format(&s, &flow, &wc, NULL, NULL);
    CHECK_STREQ(ds_cstr(&s), "eth_type(0x88a8),vlan(vid=100),"
                "encap(eth_type(0x8100),vlan(vid=4095),"
                "encap(eth_type(0x0806)))");
    ds_clear(&s);
    /* A mask that ignores the outer tag hides both. */
    wc.masks.vlans[0].qtag = 0;
    flow_format(&s, &flow, &wc, NULL, NULL);
    CHECK_STREQ(ds_cstr(&s), "eth_type(0x0806)");
    ds_clear(&s);

    /* Unnamed TCP flag bits and the cfi=0 case. */
    memset(&flow, 0, sizeof flow);
    flow_wildcards_init_exact(&wc);
    flow.dl_type = htons(ETH_TYPE_IP);
    flow.nw_proto = IPPROTO_TCP;
    flow.tcp_flags = htons(0x802);
    flow.vlans[0].tpid = htons(ETH_TYPE_VLAN_8021Q);
    flow.vlans[0].tci = htons(5);
    flow_format(&s, &flow, NULL, NULL, NULL);
    CHECK_STREQ(ds_cstr(&s),
                "in_port(0),eth(src=00:00:00:00:00:00,dst=00:00:00:00:00:00),"
                "eth_type(0x8100),vlan(vid=5,pcp=0,cfi=0),"
                "encap(eth_type(0x0800),ipv4(src=0.0.0.0,dst=0.0.0.0,proto=6,"
                "tos=0,ttl=0,frag=no),tcp(src=0,dst=0),tcp_flags(syn|0x800))");
    ds_destroy(&s);
}

OSW_TEST(parse_errors)
{
    static const char *const bad[] = {
        "foo(1)",
        "in_port(x)",
        "in_port(4294967296)",
        "in_port(1",
        "in_port 1",
        "in_port(1)x",
        "eth(src=00:11:22:33:44)",
        "eth(src=00:11:22:33:44:55:66)",
        "eth(source=00:11:22:33:44:55)",
        "eth(src)",
        "eth_type(0x10000)",
        "ipv4(src=1.2.3)",
        "ipv4(frag=maybe)",
        "ipv4(frag=no/0x4)",
        "ipv6(src=1::2::3)",
        "encap(eth_type(0x0800))",
        "eth_type(0x8100),vlan(vid=4096)",
        "eth_type(0x8100),vlan(pcp=8)",
        "eth_type(0x8100),vlan(vid=1),vlan(vid=2)",
        ("eth_type(0x8100),vlan(vid=1),encap(eth_type(0x8100),vlan(vid=2),"
         "encap(eth_type(0x8100),vlan(vid=3)))"),
        "tcp_flags(syn|bogus)",
        "tcp_flags(+syn-bogus)",
        "icmp(type=256)",
        "reg8(1)",
        /* L4 fields must follow an L3 header with their protocol. */
        "tcp(src=80,dst=1024)",
        "eth_type(0x0800),ipv4(proto=1),tcp(src=80,dst=1024)",
        "eth_type(0x0800),ipv4(proto=6/0xf),tcp(src=80)",
        "eth_type(0x86dd),ipv6(proto=17),icmpv6(type=135)",
    };

    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        struct flow_wildcards wc;
        struct flow flow;
        char *error = flow_parse(bad[i], &flow, &wc);
        if (!error) {
            osw_test_fail(__FILE__, __LINE__, "\"%s\" parsed", bad[i]);
        }
        free(error);
    }
}

OSW_TEST(parse_l4_with_its_protocol)
{
    struct flow_wildcards wc;
    struct flow flow;
    char *error = flow_parse("eth_type(0x0800),ipv4(proto=6),"
                             "tcp(src=80,dst=1024)", &flow, &wc);
    CHECK(!error);
    free(error);
    CHECK_EQ(flow.nw_proto, IPPROTO_TCP);
    CHECK_EQ(ntohs(flow.tp_src), 80);
    CHECK_EQ(ntohs(flow.tp_dst), 1024);
}

OSW_TEST(compose_checksums)
{
    /* Compose, then verify every checksum by summing over it. */
    for (size_t i = 0; i < ARRAY_SIZE(roundtrip_flows); i++) {
        struct dp_packet *p = compose(roundtrip_flows[i], 33);
        struct flow flow;

        CHECK_EQ(flow_extract(p, &flow), FLOW_EXTRACT_OK);
        const uint8_t *l3 = dp_packet_l3(p);
        const uint8_t *l4 = dp_packet_l4(p);
        size_t l4_len = dp_packet_l4_size(p);
        if (flow.dl_type == htons(ETH_TYPE_IP)) {
            CHECK_EQ(csum(l3, 20), 0);
            CHECK_EQ(l3[0], 0x45);
        }
        if (!l4 || flow.nw_frag & FLOW_NW_FRAG_LATER) {
            dp_packet_delete(p);
            continue;
        }
        uint32_t sum = 0;
        bool v6 = flow.dl_type == htons(ETH_TYPE_IPV6);
        if (flow.nw_proto == IPPROTO_SCTP) {
            uint8_t copy[256];
            memcpy(copy, l4, l4_len);
            memset(copy + 8, 0, 4);
            uint32_t crc = crc32c(copy, l4_len);
            CHECK_EQ(l4[8] | l4[9] << 8 | l4[10] << 16
                     | (uint32_t) l4[11] << 24, crc);
        } else if (flow.nw_proto == IPPROTO_TCP
                   || flow.nw_proto == IPPROTO_UDP
                   || flow.nw_proto == IPPROTO_ICMPV6) {
            sum = (v6 ? packet_csum_pseudoheader6(l3 + 8, l3 + 24,
                                                  flow.nw_proto, l4_len)
                   : packet_csum_pseudoheader((const void *) l3,
                                              flow.nw_proto, l4_len));
            CHECK_EQ(csum_finish(csum_continue(sum, l4, l4_len)), 0);
        } else if (flow.nw_proto == IPPROTO_ICMP) {
            CHECK_EQ(csum(l4, l4_len), 0);
        }
        dp_packet_delete(p);
    }
}

OSW_TEST(compose_sets_offsets_and_metadata)
{
    struct dp_packet *p = compose(roundtrip_flows[16], 10);  /* VLAN UDP. */

    CHECK_EQ(p->in_port, 17);
    CHECK_EQ(p->l3_ofs, 18);
    CHECK_EQ(p->l4_ofs, 38);
    CHECK_EQ(p->size, 18 + 20 + 8 + 10);
    const uint8_t *d = dp_packet_data(p);
    CHECK_EQ(d[12], 0x81);
    CHECK_EQ(d[14], 0x60);  /* PCP 3, no CFI on the wire. */
    CHECK_EQ(d[15], 10);
    dp_packet_delete(p);
}
OSW_TEST(mpls_extract_and_masks)
{
    /* A label stack of two: only the outer entry shows, the IPv4 packet
     * under it is not parsed. */
    static const uint8_t frame[] = {
        0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0x00, 0x11, 0x22, 0x33, 0x44,
        0x55, 0x88, 0x47,
        0x00, 0x06, 0x4a, 0x3f,         /* label 100, tc 5, bos 0, ttl 63 */
        0x00, 0x00, 0x71, 0x40,         /* label 7, bos 1, ttl 64 */
        0x45, 0x00, 0x00, 0x14, 0, 0, 0, 0, 64, 6, 0, 0,
        10, 0, 0, 1, 10, 0, 0, 2,
    };
    struct dp_packet *p = dp_packet_new(0, 0);
    struct flow flow;

    dp_packet_put(p, frame, sizeof frame);
    CHECK_EQ(flow_extract(p, &flow), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.dl_type, htons(ETH_TYPE_MPLS));
    CHECK_EQ(ntohl(flow.mpls_lse), 0x00064a3f);
    CHECK_EQ(flow.nw_src, 0);
    CHECK_EQ(flow.nw_proto, 0);
    CHECK_EQ(p->l3_ofs, 14);
    char *s = format_exact(&flow);
    CHECK(strstr(s, "eth_type(0x8847),mpls(label=100,tc=5,ttl=63,bos=0)")
          != NULL);
    free(s);

    /* Cut inside the label. */
    dp_packet_set_size(p, 16);
    CHECK_EQ(flow_extract(p, &flow), FLOW_EXTRACT_BAD_L3);
    dp_packet_delete(p);

    /* Partial masks print and parse back. */
    struct flow_wildcards wc;
    char *error = flow_parse("eth_type(0x8847),mpls(label=5,ttl=9/0xf)",
                             &flow, &wc);
    CHECK(!error);
    free(error);
    CHECK_EQ(ntohl(flow.mpls_lse), (5 << 12) | 9);
    CHECK_EQ(ntohl(wc.masks.mpls_lse), 0xfffff00f);
    struct ds d = DS_EMPTY_INITIALIZER;
    flow_format(&d, &flow, &wc, NULL, NULL);
    CHECK_STREQ(ds_cstr(&d), "eth_type(0x8847),mpls(label=5,ttl=9/0xf)");
    ds_destroy(&d);

    error = flow_parse("eth_type(0x8847),mpls(label=1048576)", &flow, &wc);
    CHECK(error != NULL);
    free(error);
    error = flow_parse("eth_type(0x8847),mpls(exp=1)", &flow, &wc);
    CHECK(error != NULL);
    free(error);
}

OSW_TEST_MAIN()
