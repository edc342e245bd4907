/* Unit tests for lib/packets.c and include/osw/packets.h. */
#include <config.h>
#include "osw/packets.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
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

/* Parses 's' with mpls_lse_from_string() and checks the result. */
static void
check_lse(int line, const char *s, uint32_t lse, uint32_t mask)
{
    uint32_t l = 0xdeadbeef, m = 0xdeadbeef;
    char *error = mpls_lse_from_string(s, &l, &m);

    if (error) {
        osw_test_fail(__FILE__, line, "\"%s\": %s", s, error);
        free(error);
    } else if (l != lse || m != mask) {
        osw_test_fail(__FILE__, line, "\"%s\": %#"PRIx32"/%#"PRIx32
                      ", want %#"PRIx32"/%#"PRIx32, s, l, m, lse, mask);
    }
}

/* Checks that 's' is refused with exactly 'want' and leaves the outputs
 * alone. */
static void
check_lse_error(int line, const char *s, const char *want)
{
    uint32_t l = 0x12345678, m = 0x9abcdef0;
    char *error = mpls_lse_from_string(s, &l, &m);

    if (!error) {
        osw_test_fail(__FILE__, line, "\"%s\" parsed", s);
    } else if (strcmp(error, want)) {
        osw_test_fail(__FILE__, line, "\"%s\": error \"%s\", want \"%s\"",
                      s, error, want);
    }
    if (l != 0x12345678 || m != 0x9abcdef0) {
        osw_test_fail(__FILE__, line, "\"%s\": outputs changed on error", s);
    }
    free(error);
}

/* Formats 'lse' under 'mask', checks the text, and checks that
 * mpls_lse_from_string() reads it back to the covered bits. */
static void
check_lse_format(int line, uint32_t lse, uint32_t mask, const char *want)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    mpls_lse_format(&s, lse, mask);
    if (strcmp(ds_cstr(&s), want)) {
        osw_test_fail(__FILE__, line, "%#"PRIx32"/%#"PRIx32": \"%s\", "
                      "want \"%s\"", lse, mask, ds_cstr(&s), want);
    } else {
        /* The parser keeps the whole value of each sub-field it reads. */
        static const uint32_t subs[] = {
            MPLS_LABEL_MASK, MPLS_TC_MASK, MPLS_TTL_MASK, MPLS_BOS_MASK,
        };
        uint32_t covered = 0;

        for (size_t i = 0; i < ARRAY_SIZE(subs); i++) {
            covered |= mask & subs[i] ? subs[i] : 0;
        }
        check_lse(line, want, lse & covered, mask);
    }
    ds_destroy(&s);
}

OSW_TEST(mpls_lse_format)
{
    check_lse_format(__LINE__, 0, 0, "");
    check_lse_format(__LINE__, (100 << 12) | (3 << 9) | (1 << 8) | 64,
                     UINT32_MAX, "label=100,tc=3,ttl=64,bos=1");
    check_lse_format(__LINE__, 0xfffff000, 0xfffff000, "label=1048575");
    check_lse_format(__LINE__, (5 << 12) | 9, 0xfffff00f,
                     "label=5,ttl=9/0xf");
    check_lse_format(__LINE__, 1 << 8, 1 << 8, "bos=1");
    check_lse_format(__LINE__, 2 << 9, 2 << 9, "tc=2/0x2");
    /* A partial mask prints the sub-field's whole value, as it is kept. */
    check_lse_format(__LINE__, 0x0001f000, 0x00010000, "label=31/0x10");
}

OSW_TEST(mpls_lse_parse_good)
{
    /* Nothing given: nothing set. */
    check_lse(__LINE__, "", 0, 0);
    check_lse(__LINE__, ",", 0, 0);

    /* Each sub-field alone, at its limits, in the bases strtoull knows. */
    check_lse(__LINE__, "label=0", 0, MPLS_LABEL_MASK);
    check_lse(__LINE__, "label=100", 100 << 12, MPLS_LABEL_MASK);
    check_lse(__LINE__, "label=1048575", MPLS_LABEL_MASK, MPLS_LABEL_MASK);
    check_lse(__LINE__, "label=0xfffff", MPLS_LABEL_MASK, MPLS_LABEL_MASK);
    check_lse(__LINE__, "tc=7", MPLS_TC_MASK, MPLS_TC_MASK);
    check_lse(__LINE__, "tc=05", 5 << 9, MPLS_TC_MASK);      /* Octal. */
    check_lse_error(__LINE__, "tc=010", "tc: bad value \"010\" (at most 7)");
    check_lse(__LINE__, "ttl=255", 255, MPLS_TTL_MASK);
    check_lse(__LINE__, "ttl=0", 0, MPLS_TTL_MASK);
    check_lse(__LINE__, "bos=1", MPLS_BOS_MASK, MPLS_BOS_MASK);
    check_lse(__LINE__, "bos=0", 0, MPLS_BOS_MASK);

    /* Combinations, in any order, with and without masks. */
    check_lse(__LINE__, "label=100,tc=3,ttl=64,bos=1",
              100 << 12 | 3 << 9 | 1 << 8 | 64, 0xffffffff);
    check_lse(__LINE__, "bos=1,ttl=64,tc=3,label=100",
              100 << 12 | 3 << 9 | 1 << 8 | 64, 0xffffffff);
    check_lse(__LINE__, "label=5,ttl=9/0xf", 5 << 12 | 9, 0xfffff00f);
    check_lse(__LINE__, "label=5/0xff", 5 << 12, 0xff << 12);
    check_lse(__LINE__, "ttl=5/0", 5, 0);       /* VALUE is not masked. */
    check_lse(__LINE__, "tc=1/7,bos=1/1", 1 << 9 | 1 << 8,
              MPLS_TC_MASK | MPLS_BOS_MASK);

    /* A later item overrides an earlier one; empty items are skipped. */
    check_lse(__LINE__, "ttl=1,ttl=2", 2, MPLS_TTL_MASK);
    check_lse(__LINE__, "ttl=1/0xf,ttl=2", 2, MPLS_TTL_MASK);
    check_lse(__LINE__, ",label=1,,ttl=2,", 1 << 12 | 2,
              MPLS_LABEL_MASK | MPLS_TTL_MASK);

    /* One sub-field at a time keeps the others' bits. */
    uint32_t lse = 0xffffffff, mask = 0;
    char *error = mpls_lse_parse_subfield("tc", "2", &lse, &mask);
    CHECK(!error);
    CHECK_EQ(lse, 0xfffff5ff);
    CHECK_EQ(mask, MPLS_TC_MASK);
    error = mpls_lse_parse_subfield("label", "3/0x10", &lse, &mask);
    CHECK(!error);
    CHECK_EQ(lse, 0x000035ff);
    CHECK_EQ(mask, 0x00010e00);
}

OSW_TEST(mpls_lse_parse_errors)
{
    /* Unknown keys, and items that are not KEY=VALUE. */
    check_lse_error(__LINE__, "exp=1", "unknown field \"exp\"");
    check_lse_error(__LINE__, "Label=1", "unknown field \"Label\"");
    check_lse_error(__LINE__, " ttl=1", "unknown field \" ttl\"");
    check_lse_error(__LINE__, "=1", "unknown field \"\"");
    check_lse_error(__LINE__, "label=1,eth_type=0x8847",
                    "unknown field \"eth_type\"");
    check_lse_error(__LINE__, "ttl", "\"ttl\" is not KEY=VALUE");
    check_lse_error(__LINE__, "label=1,5", "\"5\" is not KEY=VALUE");

    /* Out of range, value or mask. */
    check_lse_error(__LINE__, "label=1048576",
                    "label: bad value \"1048576\" (at most 1048575)");
    check_lse_error(__LINE__, "tc=8", "tc: bad value \"8\" (at most 7)");
    check_lse_error(__LINE__, "ttl=256",
                    "ttl: bad value \"256\" (at most 255)");
    check_lse_error(__LINE__, "bos=2", "bos: bad value \"2\" (at most 1)");
    check_lse_error(__LINE__, "ttl=1/0x100",
                    "ttl: bad value \"0x100\" (at most 255)");
    check_lse_error(__LINE__, "label=99999999999999999999999",
                    "label: bad value \"99999999999999999999999\"");

    /* Garbage. */
    check_lse_error(__LINE__, "ttl=", "ttl: bad value \"\"");
    check_lse_error(__LINE__, "ttl=x", "ttl: bad value \"x\"");
    check_lse_error(__LINE__, "ttl=-1", "ttl: bad value \"-1\"");
    check_lse_error(__LINE__, "ttl=5 ", "ttl: bad value \"5 \"");
    check_lse_error(__LINE__, "ttl=08", "ttl: bad value \"08\"");
    check_lse_error(__LINE__, "ttl=1=2", "ttl: bad value \"1=2\"");
    check_lse_error(__LINE__, "ttl=1/", "ttl: bad value \"\"");
    check_lse_error(__LINE__, "ttl=1/2/3", "ttl: bad value \"2/3\"");
    check_lse_error(__LINE__, "ttl=/1", "ttl: bad value \"\"");

    /* An error after good items still leaves the outputs alone. */
    check_lse_error(__LINE__, "label=1,ttl=2,tc=9",
                    "tc: bad value \"9\" (at most 7)");

    /* The single sub-field parser leaves its outputs alone on error. */
    uint32_t lse = 1, mask = 2;
    char *error = mpls_lse_parse_subfield("ttl", "300", &lse, &mask);
    CHECK(error != NULL);
    free(error);
    error = mpls_lse_parse_subfield("ttl", "3/300", &lse, &mask);
    CHECK(error != NULL);
    free(error);
    error = mpls_lse_parse_subfield("bogus", "3", &lse, &mask);
    CHECK(error != NULL);
    free(error);
    CHECK_EQ(lse, 1);
    CHECK_EQ(mask, 2);
}

OSW_TEST_MAIN()
