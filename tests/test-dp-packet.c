/* Unit tests for lib/dp-packet.c and lib/dp-packet-gso.c. */
#include <config.h>
#include "osw/dp-packet.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "osw/flow.h"
#include "csum-oracle.h"
#include "testlib.h"

OSW_TEST(new_put_push)
{
    struct dp_packet *p = dp_packet_new(10, 4);

    CHECK_EQ(p->size, 0);
    CHECK_EQ(dp_packet_headroom(p), 4);
    CHECK_EQ(dp_packet_tailroom(p), 10);
    CHECK_EQ(p->source, DPBUF_MALLOC);
    CHECK_EQ(p->l3_ofs, DP_PACKET_OFS_NONE);
    CHECK(!p->has_vnet);

    memcpy(dp_packet_put_uninit(p, 3), "abc", 3);
    dp_packet_put(p, "defghijklmnop", 13);   /* Grows the tail. */
    CHECK_EQ(p->size, 16);
    CHECK_MEMEQ(dp_packet_data(p), "abcdefghijklmnop", 16);
    CHECK_EQ(dp_packet_headroom(p), 4);

    p->l3_ofs = 2;
    p->l4_ofs = 5;
    memcpy(dp_packet_push_uninit(p, 2), "XY", 2);
    CHECK_EQ(p->l3_ofs, 4);
    CHECK_EQ(p->l4_ofs, 7);
    CHECK_EQ(dp_packet_headroom(p), 2);
    memcpy(dp_packet_push_uninit(p, 3), "123", 3);   /* Grows the head. */
    CHECK_EQ(dp_packet_headroom(p), DP_PACKET_HEADROOM - 3);
    CHECK_EQ(p->size, 21);
    CHECK_MEMEQ(dp_packet_data(p), "123XYabcdefghijklmnop", 21);
    CHECK_EQ(*(char *) dp_packet_l3(p), 'c');
    CHECK_EQ(*(char *) dp_packet_l4(p), 'f');
    CHECK_EQ(dp_packet_l4_size(p), 21 - 10);

    dp_packet_set_size(p, 8);
    CHECK_EQ(p->l3_ofs, 7);
    CHECK_EQ(p->l4_ofs, DP_PACKET_OFS_NONE);
    CHECK_EQ(dp_packet_l4_size(p), 0);
    dp_packet_set_size(p, 1000);
    CHECK_EQ(p->size, 1000);
    CHECK_MEMEQ(dp_packet_data(p), "123XYabc", 8);

    dp_packet_prealloc_tailroom(p, 5000);
    CHECK(dp_packet_tailroom(p) >= 5000);
    dp_packet_prealloc_headroom(p, 300);
    CHECK(dp_packet_headroom(p) >= 300);
    CHECK_MEMEQ(dp_packet_data(p), "123XYabc", 8);
    dp_packet_reset_offsets(p);
    CHECK(!dp_packet_l3(p));
    CHECK(!dp_packet_l4(p));
    dp_packet_delete(p);
    dp_packet_delete(NULL);

    p = dp_packet_new(0, 0);
    dp_packet_put(p, "x", 1);
    CHECK_EQ(p->size, 1);
    dp_packet_delete(p);
}

OSW_TEST(clone_keeps_metadata)
{
    struct dp_packet *p = dp_packet_new_with_data("hello", 5);

    CHECK_EQ(dp_packet_headroom(p), DP_PACKET_HEADROOM);
    p->l3_ofs = 1;
    p->l4_ofs = 2;
    p->in_port = 9;
    p->skb_priority = 8;
    p->pkt_mark = 7;
    p->rss_hash = 6;
    p->rss_valid = true;
    p->has_vnet = true;
    p->vnet.gso_size = 1400;

    struct dp_packet *c = dp_packet_clone(p);
    CHECK(c->base != p->base);
    CHECK_EQ(c->source, DPBUF_MALLOC);
    CHECK_EQ(c->size, 5);
    CHECK_MEMEQ(dp_packet_data(c), "hello", 5);
    CHECK_EQ(c->l3_ofs, 1);
    CHECK_EQ(c->l4_ofs, 2);
    CHECK_EQ(c->in_port, 9);
    CHECK_EQ(c->skb_priority, 8);
    CHECK_EQ(c->pkt_mark, 7);
    CHECK_EQ(c->rss_hash, 6);
    CHECK(c->rss_valid);
    CHECK(c->has_vnet);
    CHECK_EQ(c->vnet.gso_size, 1400);
    dp_packet_delete(p);
    dp_packet_delete(c);
}

OSW_TEST(foreign_in_place_then_heap)
{
    uint8_t ring[64];
    struct dp_packet *p = xmalloc(sizeof *p);

    memset(ring, 0, sizeof ring);
    memcpy(ring + 8, "frame-data", 10);
    dp_packet_use_foreign(p, ring, sizeof ring, 8, 10, DPBUF_FOREIGN);
    CHECK_EQ(p->source, DPBUF_FOREIGN);
    CHECK(!p->static_struct);

    /* Within the headroom: stays in the ring. */
    memcpy(dp_packet_push_uninit(p, 4), "HDR:", 4);
    CHECK(p->base == ring);
    CHECK_MEMEQ(ring + 4, "HDR:frame-data", 14);

    /* Beyond the tailroom: copied to the heap, the ring left alone. */
    dp_packet_put(p, "0123456789012345678901234567890123456789012345678", 49);
    CHECK_EQ(p->source, DPBUF_MALLOC);
    CHECK(p->base != ring);
    CHECK_MEMEQ(dp_packet_data(p), "HDR:frame-data0123", 18);
    CHECK_EQ(ring[4 + 14], 0);
    dp_packet_delete(p);     /* Frees the copy and the struct. */
}

OSW_TEST(foreign_static)
{
    uint8_t ring[32];
    struct dp_packet p;

    memcpy(ring, "abcdefghijklmnopqrstuvwxyz012345", 32);
    dp_packet_use_foreign(&p, ring, sizeof ring, 0, 20,
                          DPBUF_FOREIGN_STATIC);
    CHECK(p.static_struct);
    dp_packet_delete(&p);   /* Nothing to free; still usable. */
    CHECK(p.base == ring);

    /* Growing a static one: the buffer moves to the heap, and delete
     * frees only the buffer (valgrind would catch a free of '&p'). */
    memcpy(dp_packet_push_uninit(&p, 2), "!!", 2);
    CHECK_EQ(p.source, DPBUF_MALLOC);
    CHECK(p.static_struct);
    CHECK_MEMEQ(dp_packet_data(&p), "!!abcdefghijklmnopqrst", 22);
    dp_packet_delete(&p);
    dp_packet_delete(&p);   /* Twice is harmless. */

    /* Reuse after delete. */
    dp_packet_use_foreign(&p, ring, sizeof ring, 4, 4, DPBUF_FOREIGN_STATIC);
    CHECK_MEMEQ(dp_packet_data(&p), "efgh", 4);
    dp_packet_delete(&p);
}

OSW_TEST(batch)
{
    struct dp_packet_batch b;
    struct dp_packet *p;
    size_t n = 0;

    dp_packet_batch_init(&b);
    CHECK_EQ(b.count, 0);
    while (!dp_packet_batch_is_full(&b)) {
        dp_packet_batch_add(&b, dp_packet_new_with_data("x", 1));
    }
    CHECK_EQ(b.count, DP_BATCH_SIZE);
    DP_PACKET_BATCH_FOR_EACH (i, p, &b) {
        CHECK(p == b.packets[i]);
        n++;
    }
    CHECK_EQ(n, DP_BATCH_SIZE);
    dp_packet_batch_delete_all(&b);
    CHECK_EQ(b.count, 0);
}

/* Builds the frame that 'flow_s' describes with 'payload' bytes of
 * payload, filled with a pattern. */
static struct dp_packet *
make_frame(const char *flow_s, size_t payload)
{
    struct flow_wildcards wc;
    struct flow flow;
    char *error = flow_parse(flow_s, &flow, &wc);

    if (error) {
        osw_test_fail(__FILE__, __LINE__, "%s: %s", flow_s, error);
    }
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);
    flow_compose(p, &flow, payload);

    /* Fill the payload, then redo the checksums by recomposing over it
     * is not possible: compute the L4 checksum again below instead. */
    uint8_t *end = (uint8_t *) dp_packet_data(p) + p->size;
    for (size_t i = 0; i < payload; i++) {
        end[-(ptrdiff_t) payload + (ptrdiff_t) i] = i * 7 + 3;
    }
    CHECK_EQ(flow_extract(p, &flow), FLOW_EXTRACT_OK);
    return p;
}

/* Returns true if the L4 checksum of 'p' (TCP or UDP) verifies. */
static bool
l4_csum_ok(const struct dp_packet *p)
{
    const uint8_t *l3 = dp_packet_l3(p);
    const uint8_t *l4 = dp_packet_l4(p);
    size_t l4_len;
    uint32_t sum = 0;
    uint8_t proto;

    if ((l3[0] >> 4) == 4) {
        l4_len = (l3[2] << 8 | l3[3]) - (l4 - l3);
        proto = l3[9];
        sum = oracle_csum_add(sum, l3 + 12, 8);
    } else {
        l4_len = (l3[4] << 8 | l3[5]) - (l4 - l3 - 40);
        proto = l3[6] == IPPROTO_HOPOPTS ? l3[40] : l3[6];
        sum = oracle_csum_add(sum, l3 + 8, 32);
    }
    sum += proto + l4_len;
    sum = oracle_csum_add(sum, l4, l4_len);
    return oracle_csum_fold(sum) == 0xffff;
}

/* Puts the pseudo-header sum into 'p''s L4 checksum field and marks it
 * partial, as a veth or tap would hand it over. */
static void
make_partial(struct dp_packet *p, size_t csum_offset)
{
    const uint8_t *l3 = dp_packet_l3(p);
    uint8_t *l4 = dp_packet_l4(p);
    size_t l4_len = dp_packet_l4_size(p);
    uint32_t sum;

    if ((l3[0] >> 4) == 4) {
        sum = packet_csum_pseudoheader((const void *) l3, l3[9], l4_len);
    } else {
        sum = packet_csum_pseudoheader6(l3 + 8, l3 + 24,
                                        l3[6] == IPPROTO_HOPOPTS
                                        ? l3[40] : l3[6], l4_len);
    }
    /* The field holds the folded, uncomplemented pseudo-header sum. */
    uint16_t partial = ~csum_finish(sum);
    memcpy(l4 + csum_offset, &partial, 2);
    p->has_vnet = true;
    p->vnet.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    p->vnet.csum_start = p->l4_ofs;
    p->vnet.csum_offset = csum_offset;
}

/* Recomputes the full L4 checksum after make_frame() changed the
 * payload. */
static void
fix_csum(struct dp_packet *p, size_t csum_offset)
{
    make_partial(p, csum_offset);
    dp_packet_csum_complete(p);
    p->has_vnet = false;
    memset(&p->vnet, 0, sizeof p->vnet);
}

#define TCP4 "in_port(1),eth(src=00:11:22:33:44:55,dst=66:77:88:99:aa:bb)," \
    "eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6,tos=0," \
    "ttl=64,frag=no),tcp(src=1000,dst=80),tcp_flags(fin|psh|ack|cwr)"
#define TCP6 "in_port(1),eth(src=00:11:22:33:44:55,dst=66:77:88:99:aa:bb)," \
    "eth_type(0x86dd),ipv6(src=2001:db8::1,dst=2001:db8::2,label=0," \
    "proto=6,tclass=0,hlimit=64,frag=no),tcp(src=1000,dst=80)," \
    "tcp_flags(psh|ack)"
#define UDP4 "in_port(1),eth(src=00:11:22:33:44:55,dst=66:77:88:99:aa:bb)," \
    "eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0," \
    "ttl=64,frag=no),udp(src=1000,dst=53)"
#define UDP6 "in_port(1),eth(src=00:11:22:33:44:55,dst=66:77:88:99:aa:bb)," \
    "eth_type(0x86dd),ipv6(src=2001:db8::1,dst=2001:db8::2,label=0," \
    "proto=17,tclass=0,hlimit=64,frag=no),udp(src=1000,dst=53)"
#define TCP4_VLAN "in_port(1),eth(src=00:11:22:33:44:55," \
    "dst=66:77:88:99:aa:bb),eth_type(0x8100),vlan(vid=10,pcp=0)," \
    "encap(eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6," \
    "tos=0,ttl=64,frag=no),tcp(src=1000,dst=80),tcp_flags(ack))"
#define TCP6_QINQ "in_port(1),eth(src=00:11:22:33:44:55," \
    "dst=66:77:88:99:aa:bb),eth_type(0x88a8),vlan(vid=100,pcp=0)," \
    "encap(eth_type(0x8100),vlan(vid=10,pcp=0),encap(eth_type(0x86dd)," \
    "ipv6(src=2001:db8::1,dst=2001:db8::2,label=0,proto=6,tclass=0," \
    "hlimit=64,frag=no),tcp(src=1000,dst=80),tcp_flags(fin|ack)))"

OSW_TEST(csum_complete)
{
    static const struct {
        const char *flow;
        size_t csum_offset;
    } cases[] = {
        { TCP4, 16 }, { TCP6, 16 }, { UDP4, 6 }, { UDP6, 6 },
        { TCP4_VLAN, 16 }, { TCP6_QINQ, 16 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        for (size_t payload = 0; payload < 1500; payload += 333) {
            struct dp_packet *p = make_frame(cases[i].flow, payload);
            fix_csum(p, cases[i].csum_offset);
            CHECK(l4_csum_ok(p));
            uint8_t *l4 = dp_packet_l4(p);
            uint16_t good;
            memcpy(&good, l4 + cases[i].csum_offset, 2);

            make_partial(p, cases[i].csum_offset);
            CHECK(!l4_csum_ok(p) || payload == 0);
            CHECK(dp_packet_vnet_valid(p));
            dp_packet_csum_complete(p);
            CHECK(l4_csum_ok(p));
            CHECK_EQ(p->vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM, 0);
            uint16_t got;
            memcpy(&got, l4 + cases[i].csum_offset, 2);
            CHECK_EQ(got, good);

            /* Idempotent once done. */
            dp_packet_csum_complete(p);
            memcpy(&got, l4 + cases[i].csum_offset, 2);
            CHECK_EQ(got, good);
            dp_packet_delete(p);
        }
    }

    /* No vnet header: nothing happens. */
    struct dp_packet *p = make_frame(TCP4, 10);
    struct dp_packet *c = dp_packet_clone(p);
    dp_packet_csum_complete(p);
    CHECK_MEMEQ(dp_packet_data(p), dp_packet_data(c), p->size);
    dp_packet_delete(p);
    dp_packet_delete(c);
}

OSW_TEST(csum_complete_sctp)
{
    static const char *const flows[] = {
        "eth(src=00:11:22:33:44:55,dst=66:77:88:99:aa:bb),eth_type(0x0800),"
        "ipv4(src=1.2.3.4,dst=5.6.7.8,proto=132,tos=0,ttl=64,frag=no),"
        "sctp(src=5000,dst=6000)",
        "eth(src=00:11:22:33:44:55,dst=66:77:88:99:aa:bb),eth_type(0x8100),"
        "vlan(vid=3),encap(eth_type(0x86dd),ipv6(src=::1,dst=::2,label=0,"
        "proto=132,tclass=0,hlimit=64,frag=no),sctp(src=1,dst=2))",
    };

    for (size_t i = 0; i < ARRAY_SIZE(flows); i++) {
        struct dp_packet *p = make_frame(flows[i], 301);
        uint8_t *sctp = dp_packet_l4(p);
        size_t len = dp_packet_l4_size(p);

        /* What the kernel hands over: checksum field zero, CRC to do. */
        memset(sctp + 8, 0, 4);
        uint32_t crc = crc32c(sctp, len);
        memset(sctp + 8, 0xaa, 4);
        p->has_vnet = true;
        p->vnet.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
        p->vnet.csum_start = p->l4_ofs;
        p->vnet.csum_offset = 8;
        CHECK(dp_packet_vnet_valid(p));
        dp_packet_csum_complete(p);
        CHECK_EQ(p->vnet.flags, 0);
        CHECK_EQ(sctp[8] | sctp[9] << 8 | sctp[10] << 16
                 | (uint32_t) sctp[11] << 24, crc);
        dp_packet_delete(p);
    }
}

OSW_TEST(push_pop_vlan_keeps_offloads)
{
    struct dp_packet *p = make_frame(TCP4, 100);
    fix_csum(p, 16);
    struct dp_packet *orig = dp_packet_clone(p);

    make_partial(p, 16);
    p->vnet.hdr_len = 54;
    CHECK_EQ(p->l3_ofs, 14);
    CHECK_EQ(p->l4_ofs, 34);

    dp_packet_push_vlan(p, htons(ETH_TYPE_VLAN_8021Q), htons(0x2005));
    CHECK_EQ(p->size, orig->size + 4);
    CHECK_EQ(p->l3_ofs, 18);
    CHECK_EQ(p->l4_ofs, 38);
    CHECK_EQ(p->vnet.csum_start, 38);
    CHECK_EQ(p->vnet.hdr_len, 58);
    const uint8_t *d = dp_packet_data(p);
    CHECK_MEMEQ(d, dp_packet_data(orig), 12);
    CHECK_EQ(d[12], 0x81);
    CHECK_EQ(d[13], 0x00);
    CHECK_EQ(d[14], 0x20);
    CHECK_EQ(d[15], 0x05);
    CHECK_EQ(d[16], 0x08);

    /* A second, outer tag. */
    dp_packet_push_vlan(p, htons(ETH_TYPE_VLAN_8021AD), htons(100));
    CHECK_EQ(p->l4_ofs, 42);
    CHECK_EQ(p->vnet.csum_start, 42);
    struct flow flow;
    CHECK_EQ(flow_extract(p, &flow), FLOW_EXTRACT_OK);
    CHECK_EQ(flow.vlans[0].tpid, htons(ETH_TYPE_VLAN_8021AD));
    CHECK_EQ(flow.vlans[0].tci, htons(VLAN_CFI | 100));
    CHECK_EQ(flow.vlans[1].tci, htons(VLAN_CFI | 0x2005));
    CHECK_EQ(p->l4_ofs, 42);

    /* Completing the checksum in the tagged frame works. */
    CHECK(dp_packet_vnet_valid(p));
    struct dp_packet *tagged = dp_packet_clone(p);
    dp_packet_csum_complete(tagged);
    CHECK(l4_csum_ok(tagged));
    dp_packet_delete(tagged);

    dp_packet_pop_vlan(p);
    dp_packet_pop_vlan(p);
    CHECK_EQ(p->size, orig->size);
    CHECK_EQ(p->l3_ofs, 14);
    CHECK_EQ(p->l4_ofs, 34);
    CHECK_EQ(p->vnet.csum_start, 34);
    CHECK_EQ(p->vnet.hdr_len, 54);
    dp_packet_csum_complete(p);
    CHECK_MEMEQ(dp_packet_data(p), dp_packet_data(orig), p->size);

    /* Untagged or short: pop does nothing. */
    dp_packet_pop_vlan(p);
    CHECK_EQ(p->size, orig->size);
    dp_packet_set_size(p, 17);
    ((uint8_t *) dp_packet_data(p))[12] = 0x81;
    ((uint8_t *) dp_packet_data(p))[13] = 0x00;
    dp_packet_pop_vlan(p);
    CHECK_EQ(p->size, 17);
    dp_packet_set_size(p, 11);
    dp_packet_push_vlan(p, htons(ETH_TYPE_VLAN_8021Q), 0);
    CHECK_EQ(p->size, 11);
    dp_packet_delete(p);
    dp_packet_delete(orig);
}

OSW_TEST(push_vlan_foreign_ring)
{
    uint8_t ring[2048];
    struct dp_packet *src = make_frame(UDP4, 50);
    struct dp_packet p;

    memset(ring, 0, sizeof ring);
    memcpy(ring + 64, dp_packet_data(src), src->size);
    dp_packet_use_foreign(&p, ring, sizeof ring, 64, src->size,
                          DPBUF_FOREIGN_STATIC);
    dp_packet_push_vlan(&p, htons(ETH_TYPE_VLAN_8021Q), htons(7));
    CHECK(p.base == ring);            /* In place, in the headroom. */
    CHECK_EQ(p.data_ofs, 60);
    CHECK_EQ(ring[60 + 15], 7);
    dp_packet_delete(&p);

    /* No headroom: goes to the heap. */
    memcpy(ring, dp_packet_data(src), src->size);
    dp_packet_use_foreign(&p, ring, src->size, 0, src->size,
                          DPBUF_FOREIGN_STATIC);
    dp_packet_push_vlan(&p, htons(ETH_TYPE_VLAN_8021Q), htons(7));
    CHECK(p.base != ring);
    CHECK_EQ(p.source, DPBUF_MALLOC);
    CHECK_EQ(((uint8_t *) dp_packet_data(&p))[15], 7);
    dp_packet_delete(&p);
    dp_packet_delete(src);
}

/* GSO. */

struct seg_collector {
    struct dp_packet *segs[1024];
    size_t n;
};

static void
collect(struct dp_packet *seg, void *aux)
{
    struct seg_collector *c = aux;
    osw_assert(c->n < ARRAY_SIZE(c->segs));
    c->segs[c->n++] = seg;
}

static void
free_segs(struct seg_collector *c)
{
    for (size_t i = 0; i < c->n; i++) {
        dp_packet_delete(c->segs[i]);
    }
    c->n = 0;
}

static uint32_t
get32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static uint16_t
get16(const uint8_t *p)
{
    return p[0] << 8 | p[1];
}

/* Segments 'flow_s' with 'payload' bytes at 'mss' per segment and checks
 * everything about the result. */
static void
check_gso(const char *flow_s, size_t payload, size_t mss, uint8_t gso_type)
{
    struct dp_packet *p = make_frame(flow_s, payload);
    bool tcp = (gso_type & ~VIRTIO_NET_HDR_GSO_ECN)
               != VIRTIO_NET_HDR_GSO_UDP_L4;
    size_t csum_offset = tcp ? 16 : 6;
    const uint8_t *d = dp_packet_data(p);
    size_t l3 = p->l3_ofs, l4 = p->l4_ofs;
    bool v4 = (d[l3] >> 4) == 4;
    size_t hdr_len = l4 + (tcp ? (d[l4 + 12] >> 4) * 4 : 8);
    uint32_t seq0 = tcp ? get32(d + l4 + 4) : 0;
    uint16_t id0 = v4 ? get16(d + l3 + 4) : 0;
    uint8_t flags0 = tcp ? d[l4 + 13] : 0;

    make_partial(p, csum_offset);
    p->vnet.gso_type = gso_type;
    p->vnet.gso_size = mss;
    p->vnet.hdr_len = hdr_len;
    CHECK(dp_packet_vnet_valid(p));
    struct dp_packet *before = dp_packet_clone(p);

    struct seg_collector c = { .n = 0 };
    CHECK_EQ(dp_packet_gso_segment(p, collect, &c), 0);
    CHECK_MEMEQ(dp_packet_data(p), dp_packet_data(before), p->size);
    CHECK_EQ(c.n, payload ? DIV_ROUND_UP(payload, mss) : 1);

    uint8_t *reassembled = xmalloc(payload + 1);
    size_t got = 0;
    for (size_t i = 0; i < c.n; i++) {
        struct dp_packet *s = c.segs[i];
        const uint8_t *sd = dp_packet_data(s);
        size_t seg_payload = s->size - hdr_len;
        bool last = i + 1 == c.n;

        CHECK_EQ(s->source, DPBUF_MALLOC);
        CHECK(!s->has_vnet);
        CHECK_EQ(s->in_port, p->in_port);
        CHECK_EQ(s->l3_ofs, l3);
        CHECK_EQ(s->l4_ofs, l4);
        CHECK_EQ(seg_payload, last ? payload - i * mss : mss);
        CHECK_MEMEQ(sd, d, l3);             /* L2 and tags copied. */
        if (v4) {
            CHECK_EQ(get16(sd + l3 + 2), s->size - l3);
            CHECK_EQ(get16(sd + l3 + 4), (uint16_t) (id0 + i));
            CHECK_EQ(oracle_csum_fold(oracle_csum_add(0, sd + l3, l4 - l3)), 0xffff);
        } else {
            CHECK_EQ(get16(sd + l3 + 4), s->size - l3 - 40);
        }
        if (tcp) {
            uint8_t flags = sd[l4 + 13];
            CHECK_EQ(get32(sd + l4 + 4), seq0 + i * mss);
            CHECK_EQ(flags & (TCP_FIN | TCP_PSH),
                     last ? flags0 & (TCP_FIN | TCP_PSH) : 0);
            CHECK_EQ(flags & TCP_CWR, i ? 0 : flags0 & TCP_CWR);
            CHECK_EQ(flags & TCP_ACK, flags0 & TCP_ACK);
        } else {
            CHECK_EQ(get16(sd + l4 + 4), s->size - l4);
        }
        CHECK(l4_csum_ok(s));
        struct flow flow;
        CHECK_EQ(flow_extract(s, &flow), FLOW_EXTRACT_OK);
        memcpy(reassembled + got, sd + hdr_len, seg_payload);
        got += seg_payload;
    }
    CHECK_EQ(got, payload);
    CHECK_MEMEQ(reassembled, d + hdr_len, payload);
    free(reassembled);
    free_segs(&c);
    dp_packet_delete(before);
    dp_packet_delete(p);
}

OSW_TEST(gso_tcpv4)
{
    check_gso(TCP4, 10000, 1448, VIRTIO_NET_HDR_GSO_TCPV4);
    check_gso(TCP4, 1448 * 3, 1448, VIRTIO_NET_HDR_GSO_TCPV4);
    check_gso(TCP4, 65000, 1448, VIRTIO_NET_HDR_GSO_TCPV4);
    check_gso(TCP4, 1, 1448, VIRTIO_NET_HDR_GSO_TCPV4);
    check_gso(TCP4, 0, 1448, VIRTIO_NET_HDR_GSO_TCPV4);
    check_gso(TCP4, 999, 1, VIRTIO_NET_HDR_GSO_TCPV4 | 0) ;
    check_gso(TCP4_VLAN, 5000, 1000, VIRTIO_NET_HDR_GSO_TCPV4);
}

OSW_TEST(gso_tcpv6_ecn)
{
    check_gso(TCP6, 10000, 1428, VIRTIO_NET_HDR_GSO_TCPV6);
    check_gso(TCP6, 20000, 1428,
              VIRTIO_NET_HDR_GSO_TCPV6 | VIRTIO_NET_HDR_GSO_ECN);
    check_gso(TCP6_QINQ, 9000, 1400, VIRTIO_NET_HDR_GSO_TCPV6);
}

OSW_TEST(gso_udp_l4)
{
    check_gso(UDP4, 10000, 1472, VIRTIO_NET_HDR_GSO_UDP_L4);
    check_gso(UDP6, 4000, 1000, VIRTIO_NET_HDR_GSO_UDP_L4);
    check_gso(UDP6, 4001, 1000, VIRTIO_NET_HDR_GSO_UDP_L4);
}

OSW_TEST(gso_with_ipv4_options)
{
    /* An IPv4 header with 4 bytes of options (IHL 6). */
    struct dp_packet *p = make_frame(TCP4, 3000);
    uint8_t *d = dp_packet_data(p);
    struct dp_packet *q = dp_packet_new(0, DP_PACKET_HEADROOM);

    dp_packet_put(q, d, 34);
    static const uint8_t nops[4] = { 1, 1, 1, 0 };
    dp_packet_put(q, nops, 4);
    dp_packet_put(q, d + 34, p->size - 34);
    uint8_t *qd = dp_packet_data(q);
    qd[14] = 0x46;
    uint16_t tot = p->size - 14 + 4;
    qd[16] = tot >> 8;
    qd[17] = tot;
    struct flow flow;
    CHECK_EQ(flow_extract(q, &flow), FLOW_EXTRACT_OK);
    CHECK_EQ(q->l4_ofs, 38);
    make_partial(q, 16);
    q->vnet.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
    q->vnet.gso_size = 1000;
    CHECK(dp_packet_vnet_valid(q));
    struct seg_collector c = { .n = 0 };
    CHECK_EQ(dp_packet_gso_segment(q, collect, &c), 0);
    CHECK_EQ(c.n, 3);
    for (size_t i = 0; i < c.n; i++) {
        const uint8_t *sd = dp_packet_data(c.segs[i]);
        CHECK_EQ(oracle_csum_fold(oracle_csum_add(0, sd + 14, 24)), 0xffff);
        CHECK_MEMEQ(sd + 34, nops, 4);
        CHECK(l4_csum_ok(c.segs[i]));
    }
    free_segs(&c);
    dp_packet_delete(q);
    dp_packet_delete(p);
}

static bool
valid_with(const char *flow_s, void (*mutate)(struct dp_packet *))
{
    struct dp_packet *p = make_frame(flow_s, 3000);
    bool tcp = strstr(flow_s, "proto=6") != NULL;
    bool v6 = strstr(flow_s, "ipv6") != NULL;

    make_partial(p, tcp ? 16 : 6);
    p->vnet.gso_type = (!tcp ? VIRTIO_NET_HDR_GSO_UDP_L4
                        : v6 ? VIRTIO_NET_HDR_GSO_TCPV6
                        : VIRTIO_NET_HDR_GSO_TCPV4);
    p->vnet.gso_size = 1000;
    mutate(p);
    bool valid = dp_packet_vnet_valid(p);

    /* Segmentation refuses exactly what validation refuses, as far as the
     * GSO fields go. */
    struct seg_collector c = { .n = 0 };
    int error = dp_packet_gso_segment(p, collect, &c);
    if (error) {
        CHECK_EQ(error, EINVAL);
        CHECK_EQ(c.n, 0);
    }
    free_segs(&c);
    dp_packet_delete(p);
    return valid;
}

static void m_none(struct dp_packet *p) { (void) p; }
static void m_flags(struct dp_packet *p) { p->vnet.flags |= 0x80; }
static void m_data_valid(struct dp_packet *p)
{
    p->vnet.flags |= VIRTIO_NET_HDR_F_DATA_VALID;
}
static void m_csum_start(struct dp_packet *p)
{
    p->vnet.csum_start = p->size - 1;
}
static void m_csum_start_huge(struct dp_packet *p)
{
    p->vnet.csum_start = 65535;
    p->vnet.csum_offset = 65535;
}
static void m_csum_start_gso(struct dp_packet *p) { p->vnet.csum_start--; }
static void m_csum_offset(struct dp_packet *p) { p->vnet.csum_offset = 2; }
static void m_gso_size(struct dp_packet *p) { p->vnet.gso_size = 0; }
static void m_gso_ufo(struct dp_packet *p)
{
    p->vnet.gso_type = VIRTIO_NET_HDR_GSO_UDP;
}
static void m_gso_unknown(struct dp_packet *p) { p->vnet.gso_type = 9; }
static void m_gso_v6(struct dp_packet *p)
{
    p->vnet.gso_type = VIRTIO_NET_HDR_GSO_TCPV6;
}
static void m_gso_v4(struct dp_packet *p)
{
    p->vnet.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
}
static void m_gso_udp(struct dp_packet *p)
{
    p->vnet.gso_type = VIRTIO_NET_HDR_GSO_UDP_L4;
}
static void m_ecn(struct dp_packet *p)
{
    p->vnet.gso_type |= VIRTIO_NET_HDR_GSO_ECN;
}
static void m_no_offsets(struct dp_packet *p) { dp_packet_reset_offsets(p); }
static void m_no_csum(struct dp_packet *p) { p->vnet.flags = 0; }
static void m_fragment(struct dp_packet *p)
{
    ((uint8_t *) dp_packet_l3(p))[6] |= 0x20;
}
static void m_tcp_doff(struct dp_packet *p)
{
    ((uint8_t *) dp_packet_l4(p))[12] = 0x40;
}
static void m_not_gso(struct dp_packet *p)
{
    p->vnet.gso_type = VIRTIO_NET_HDR_GSO_NONE;
}

OSW_TEST(vnet_validation)
{
    CHECK(valid_with(TCP4, m_none));
    CHECK(valid_with(TCP6, m_none));
    CHECK(valid_with(UDP4, m_none));
    CHECK(valid_with(UDP6, m_none));
    CHECK(valid_with(TCP4_VLAN, m_none));
    CHECK(valid_with(TCP6_QINQ, m_none));
    CHECK(valid_with(TCP4, m_data_valid));
    CHECK(valid_with(TCP6, m_ecn));
    CHECK(valid_with(TCP4, m_no_csum));
    CHECK(valid_with(TCP4, m_not_gso));

    CHECK(!valid_with(TCP4, m_flags));
    CHECK(!valid_with(TCP4, m_csum_start));
    CHECK(!valid_with(TCP4, m_csum_start_huge));
    CHECK(!valid_with(TCP4, m_csum_start_gso));
    CHECK(!valid_with(TCP4, m_csum_offset));
    CHECK(!valid_with(UDP4, m_csum_offset));
    CHECK(!valid_with(TCP4, m_gso_size));
    CHECK(!valid_with(UDP4, m_gso_ufo));
    CHECK(!valid_with(TCP4, m_gso_unknown));
    CHECK(!valid_with(TCP4, m_gso_v6));
    CHECK(!valid_with(TCP6, m_gso_v4));
    CHECK(!valid_with(TCP4, m_gso_udp));
    CHECK(!valid_with(UDP4, m_gso_v4));
    /* Every GSO type on every frame it does not describe. */
    CHECK(!valid_with(UDP4, m_gso_v6));
    CHECK(!valid_with(UDP6, m_gso_v4));
    CHECK(!valid_with(UDP6, m_gso_v6));
    CHECK(!valid_with(TCP6, m_gso_udp));
    CHECK(!valid_with(UDP6, m_gso_ufo));
    CHECK(!valid_with(TCP4, m_gso_ufo));
    CHECK(!valid_with(UDP6, m_ecn));
    CHECK(!valid_with(TCP4, m_no_offsets));
    CHECK(!valid_with(TCP4, m_fragment));
    CHECK(!valid_with(TCP4, m_tcp_doff));

    /* No vnet header at all: valid. */
    struct dp_packet *p = dp_packet_new_with_data("x", 1);
    CHECK(dp_packet_vnet_valid(p));
    /* Not GSO: segmenting is refused. */
    struct seg_collector c = { .n = 0 };
    CHECK_EQ(dp_packet_gso_segment(p, collect, &c), EINVAL);
    dp_packet_delete(p);

    /* Non-GSO frame with a partial checksum beyond the frame. */
    p = make_frame(UDP4, 10);
    make_partial(p, 6);
    p->vnet.csum_offset = p->size;
    CHECK(!dp_packet_vnet_valid(p));
    dp_packet_delete(p);
}

OSW_TEST(gso_ignores_bytes_after_ip)
{
    /* Ethernet padding or junk after the IP packet stays out of the
     * segments. */
    struct dp_packet *p = make_frame(TCP4, 2500);
    struct flow flow;

    memset(dp_packet_put_uninit(p, 7), 0xee, 7);
    CHECK_EQ(flow_extract(p, &flow), FLOW_EXTRACT_OK);
    make_partial(p, 16);
    p->vnet.csum_offset = 16;
    p->vnet.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
    p->vnet.gso_size = 1448;
    CHECK(dp_packet_vnet_valid(p));
    struct seg_collector c = { .n = 0 };
    CHECK_EQ(dp_packet_gso_segment(p, collect, &c), 0);
    CHECK_EQ(c.n, 2);
    CHECK_EQ(c.segs[0]->size, 54 + 1448);
    CHECK_EQ(c.segs[1]->size, 54 + 2500 - 1448);
    CHECK(l4_csum_ok(c.segs[0]));
    CHECK(l4_csum_ok(c.segs[1]));
    free_segs(&c);
    dp_packet_delete(p);
}

OSW_TEST(gso_ipv6_extension_headers)
{
    /* TCPv6 with a hop-by-hop header between IPv6 and TCP. */
    struct dp_packet *p = make_frame(TCP6, 4000);
    uint8_t *d = dp_packet_data(p);
    struct dp_packet *q = dp_packet_new(0, DP_PACKET_HEADROOM);
    static const uint8_t hbh[8] = { IPPROTO_TCP, 0, 1, 4, 0, 0, 0, 0 };

    dp_packet_put(q, d, 54);
    dp_packet_put(q, hbh, 8);
    dp_packet_put(q, d + 54, p->size - 54);
    uint8_t *qd = dp_packet_data(q);
    qd[14 + 6] = IPPROTO_HOPOPTS;
    uint16_t plen = get16(qd + 18) + 8;
    qd[18] = plen >> 8;
    qd[19] = plen;
    struct flow flow;
    CHECK_EQ(flow_extract(q, &flow), FLOW_EXTRACT_OK);
    CHECK_EQ(q->l4_ofs, 62);
    make_partial(q, 16);
    q->vnet.gso_type = VIRTIO_NET_HDR_GSO_TCPV6;
    q->vnet.gso_size = 1500;
    CHECK(dp_packet_vnet_valid(q));
    struct seg_collector c = { .n = 0 };
    CHECK_EQ(dp_packet_gso_segment(q, collect, &c), 0);
    CHECK_EQ(c.n, 3);
    for (size_t i = 0; i < c.n; i++) {
        CHECK(l4_csum_ok(c.segs[i]));
        CHECK_EQ(get16((uint8_t *) dp_packet_data(c.segs[i]) + 18),
                 c.segs[i]->size - 54);
    }
    free_segs(&c);
    dp_packet_delete(q);
    dp_packet_delete(p);
}
OSW_TEST_MAIN()
