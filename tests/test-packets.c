/* Unit tests for lib/packets.c and include/osw/packets.h. */
#include <config.h>
#include "osw/packets.h"

#include <arpa/inet.h>
#include <string.h>
#include "testlib.h"

OSW_TEST(eth_addr_parse)
{
    struct eth_addr ea;

    CHECK(eth_addr_from_string("00:11:22:33:44:55", &ea));
    CHECK_EQ(eth_addr_to_uint64(ea), 0x001122334455ULL);
    CHECK(eth_addr_from_string("AA:bb:Cc:dD:ee:FF", &ea));
    CHECK_EQ(eth_addr_to_uint64(ea), 0xaabbccddeeffULL);
    CHECK(eth_addr_from_string("1:2:3:4:5:6", &ea));
    CHECK_EQ(eth_addr_to_uint64(ea), 0x010203040506ULL);

    static const char *const bad[] = {
        "", "00:11:22:33:44", "00:11:22:33:44:55:66", "00:11:22:33:44:5g",
        "00-11-22-33-44-55", "001:11:22:33:44:55", "00:11:22:33:44:55 ",
        " 00:11:22:33:44:55", "00:11::33:44:55", ":::::", "00:11:22:33:44:",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        ea = eth_addr_broadcast;
        if (eth_addr_from_string(bad[i], &ea)) {
            osw_test_fail(__FILE__, __LINE__, "\"%s\" parsed", bad[i]);
        }
        CHECK(eth_addr_is_zero(ea));
    }
}

OSW_TEST(eth_addr_random_is_local_unicast)
{
    struct eth_addr a = eth_addr_random();
    struct eth_addr b = eth_addr_random();

    for (int i = 0; i < 100; i++) {
        struct eth_addr x = eth_addr_random();
        CHECK(!eth_addr_is_multicast(x));
        CHECK(x.ea[0] & 2);
        CHECK(!eth_addr_is_zero(x));
    }
    CHECK(!eth_addr_equals(a, b));
}

OSW_TEST(eth_addr_helpers)
{
    struct eth_addr stp = { { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 } };
    struct eth_addr lldp = { { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e } };
    struct eth_addr not_reserved = { { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x10 } };

    CHECK(eth_addr_is_reserved(stp));
    CHECK(eth_addr_is_reserved(lldp));
    CHECK(!eth_addr_is_reserved(not_reserved));
    CHECK(eth_addr_is_multicast(stp));
    CHECK(eth_addr_is_broadcast(eth_addr_broadcast));
    CHECK(eth_addr_is_multicast(eth_addr_broadcast));
    CHECK(!eth_addr_is_broadcast(stp));
    CHECK(eth_addr_equals(eth_addr_from_uint64(0x0180c200000eULL), lldp));
    CHECK_EQ(eth_addr_to_uint64(eth_addr_from_uint64(0xffffffffffffULL)),
             0xffffffffffffULL);
}

OSW_TEST(vlan_helpers)
{
    ovs_be16 tci = htons(0xb00a);   /* PCP 5, CFI, VID 10. */

    CHECK_EQ(vlan_tci_to_vid(tci), 10);
    CHECK_EQ(vlan_tci_to_pcp(tci), 5);
    CHECK(eth_type_vlan(htons(0x8100)));
    CHECK(eth_type_vlan(htons(0x88a8)));
    CHECK(!eth_type_vlan(htons(0x0800)));
    CHECK(!eth_type_vlan(htons(0x0081)));
    CHECK_EQ(ntohll(htonll(0x0102030405060708ULL)), 0x0102030405060708ULL);
    uint64_t be = htonll(0x0102030405060708ULL);
    CHECK_EQ(((uint8_t *) &be)[0], 1);
    CHECK_EQ(((uint8_t *) &be)[7], 8);
}

OSW_TEST(checksums)
{
    /* The example from RFC 1071, section 3. */
    static const uint8_t rfc[] = { 0x00, 0x01, 0xf2, 0x03,
                                   0xf4, 0xf5, 0xf6, 0xf7 };
    uint16_t c = csum(rfc, sizeof rfc);
    uint8_t bytes[2];
    memcpy(bytes, &c, 2);
    CHECK_EQ(bytes[0], 0x22);
    CHECK_EQ(bytes[1], 0x0d);

    /* A real IPv4 header (checksum 0xb861). */
    uint8_t ip[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00,
                       0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01,
                       0xc0, 0xa8, 0x00, 0xc7 };
    c = csum(ip, sizeof ip);
    memcpy(ip + 10, &c, 2);
    CHECK_EQ(ip[10], 0xb8);
    CHECK_EQ(ip[11], 0x61);
    CHECK_EQ(csum(ip, sizeof ip), 0);

    /* Odd lengths pad with a zero byte. */
    static const uint8_t odd[3] = { 0x12, 0x34, 0x56 };
    static const uint8_t even[4] = { 0x12, 0x34, 0x56, 0x00 };
    CHECK_EQ(csum(odd, 3), csum(even, 4));
    CHECK_EQ(csum(NULL, 0), 0xffff);

    /* Pieces give the same result as the whole, for every split. */
    uint8_t big[3001];
    for (size_t i = 0; i < sizeof big; i++) {
        big[i] = i * 131 + 7;
    }
    uint16_t whole = csum(big, sizeof big);
    for (size_t split = 0; split < sizeof big; split += 2) {
        uint32_t s = csum_continue(0, big, split);
        s = csum_continue(s, big + split, sizeof big - split);
        CHECK_EQ(csum_finish(s), whole);
    }
    /* All 0xff bytes: the accumulator must not overflow. */
    uint8_t ones[65536];
    memset(ones, 0xff, sizeof ones);
    CHECK_EQ(csum(ones, sizeof ones), 0);
}

OSW_TEST(pseudo_headers)
{
    struct ip_header ip = {
        .ip_src = htonl(0x0a000001), .ip_dst = htonl(0x0a000002),
    };
    /* 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 0x0006 + 0x0014 = 0x141d. */
    uint32_t s = packet_csum_pseudoheader(&ip, 6, 20);
    uint16_t c = csum_finish(s);
    uint8_t b[2];
    memcpy(b, &c, 2);
    CHECK_EQ(b[0] << 8 | b[1], 0xffff - 0x141d);

    struct in6_addr src, dst;
    inet_pton(AF_INET6, "2001:db8::1", &src);
    inet_pton(AF_INET6, "2001:db8::2", &dst);
    /* 2*0x2001 + 2*0x0db8 + 1 + 2 + 17 + 8. */
    s = packet_csum_pseudoheader6(&src, &dst, 17, 8);
    c = csum_finish(s);
    memcpy(b, &c, 2);
    uint32_t expect = 2 * 0x2001 + 2 * 0x0db8 + 1 + 2 + 17 + 8;
    CHECK_EQ(b[0] << 8 | b[1], 0xffff - expect);
}

OSW_TEST(crc32c_vectors)
{
    /* The standard check value, and RFC 3720's 32 bytes of zeros. */
    CHECK_EQ(crc32c("123456789", 9), 0xe3069283);
    uint8_t zeros[32] = { 0 };
    CHECK_EQ(crc32c(zeros, sizeof zeros), 0x8a9136aa);
    CHECK_EQ(crc32c(NULL, 0), 0);

    /* Against a bit-at-a-time implementation, every length and
     * alignment. */
    uint8_t buf[300];
    for (size_t i = 0; i < sizeof buf; i++) {
        buf[i] = i * 37 + 11;
    }
    for (size_t ofs = 0; ofs < 8; ofs++) {
        for (size_t n = 0; n + ofs <= sizeof buf; n += 7) {
            uint32_t crc = 0xffffffff;
            for (size_t i = 0; i < n; i++) {
                crc ^= buf[ofs + i];
                for (int k = 0; k < 8; k++) {
                    crc = crc & 1 ? (crc >> 1) ^ 0x82f63b78 : crc >> 1;
                }
            }
            CHECK_EQ(crc32c(buf + ofs, n), ~crc);
        }
    }
}
OSW_TEST_MAIN()
