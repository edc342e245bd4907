/* Unit tests for lib/hash.c and include/osw/hash.h. */
#include <config.h>
#include "osw/hash.h"

#include <stdlib.h>
#include <string.h>
#include "testlib.h"

static int
compare_u32(const void *a_, const void *b_)
{
    uint32_t a = *(const uint32_t *) a_;
    uint32_t b = *(const uint32_t *) b_;
    return a < b ? -1 : a > b;
}

/* Returns the number of duplicate values among the 'n' in 'hashes', which
 * it sorts. */
static size_t
count_duplicates(uint32_t *hashes, size_t n)
{
    qsort(hashes, n, sizeof *hashes, compare_u32);
    size_t dups = 0;
    for (size_t i = 1; i < n; i++) {
        dups += hashes[i] == hashes[i - 1];
    }
    return dups;
}

static void
fill_bytes(uint8_t *buf, size_t n, unsigned int seed)
{
    srand(seed);
    for (size_t i = 0; i < n; i++) {
        buf[i] = rand();
    }
}

OSW_TEST(deterministic)
{
    uint8_t buf[100];
    fill_bytes(buf, sizeof buf, 1);
    for (uint32_t basis = 0; basis < 10; basis++) {
        CHECK_EQ(hash_bytes(buf, sizeof buf, basis),
                 hash_bytes(buf, sizeof buf, basis));
        CHECK_EQ(hash_int(12345, basis), hash_int(12345, basis));
        CHECK_EQ(hash_uint64(UINT64_C(0x123456789abcdef), basis),
                 hash_uint64(UINT64_C(0x123456789abcdef), basis));
        CHECK_EQ(hash_string("osw", basis),
                 hash_bytes("osw", 3, basis));
        CHECK_EQ(hash_pointer(buf, basis), hash_pointer(buf, basis));
    }

    /* Same bytes in different memory hash the same. */
    uint8_t copy[100];
    memcpy(copy, buf, sizeof buf);
    CHECK_EQ(hash_bytes(buf, sizeof buf, 7), hash_bytes(copy, sizeof copy, 7));
    char *s = xstrdup("a string on the heap");
    CHECK_EQ(hash_string(s, 0), hash_string("a string on the heap", 0));
    free(s);
}

OSW_TEST(basis_changes_result)
{
    uint8_t buf[37];
    fill_bytes(buf, sizeof buf, 2);
    for (uint32_t x = 0; x < 1000; x++) {
        CHECK(hash_int(x, 0) != hash_int(x, 1));
        CHECK(hash_int(x, x + 1) != hash_int(x, x + 2));
        CHECK(hash_uint64(x, 0) != hash_uint64(x, 1));
        CHECK(hash_bytes(buf, sizeof buf, x)
              != hash_bytes(buf, sizeof buf, x + 1));
    }
    CHECK(hash_string("", 0) != hash_string("", 1));
    CHECK(hash_bytes(NULL, 0, 0) != hash_bytes(NULL, 0, 1));

    /* Chaining: the order of the parts matters. */
    CHECK(hash_string("b", hash_string("a", 0))
          != hash_string("a", hash_string("b", 0)));
}

OSW_TEST(unaligned_data)
{
    /* The same bytes at every alignment hash the same. */
    uint8_t src[64];
    fill_bytes(src, sizeof src, 3);
    uint64_t storage[16];
    uint8_t *buf = (uint8_t *) storage;
    for (size_t len = 0; len <= sizeof src; len++) {
        uint32_t expected = hash_bytes(src, len, 99);
        for (size_t ofs = 0; ofs < 8; ofs++) {
            memcpy(buf + ofs, src, len);
            CHECK_EQ(hash_bytes(buf + ofs, len, 99), expected);
        }
    }
}

OSW_TEST(short_tails_distinct)
{
    /* Every prefix of a buffer hashes differently, including prefixes that
     * differ only by trailing zero bytes that the tail padding adds. */
    uint8_t buf[40];
    memset(buf, 0, sizeof buf);
    uint32_t hashes[41];
    for (size_t len = 0; len <= sizeof buf; len++) {
        hashes[len] = hash_bytes(buf, len, 0);
    }
    CHECK_EQ(count_duplicates(hashes, 41), 0);

    fill_bytes(buf, sizeof buf, 4);
    for (size_t len = 0; len <= sizeof buf; len++) {
        hashes[len] = hash_bytes(buf, len, 0);
    }
    CHECK_EQ(count_duplicates(hashes, 41), 0);

    /* Tail bytes are all hashed, not just whole words. */
    CHECK(hash_string("abcde", 0) != hash_string("abcdf", 0));
    CHECK(hash_string("abcdefg", 0) != hash_string("abcdefh", 0));
    CHECK(hash_string("a", 0) != hash_string("b", 0));
}

OSW_TEST(every_bit_matters)
{
    /* Flipping any single input bit changes the hash. */
    uint8_t buf[23];
    fill_bytes(buf, sizeof buf, 5);
    for (size_t len = 1; len <= sizeof buf; len++) {
        uint32_t base = hash_bytes(buf, len, 0);
        for (size_t bit = 0; bit < len * 8; bit++) {
            buf[bit / 8] ^= 1u << (bit % 8);
            CHECK(hash_bytes(buf, len, 0) != base);
            buf[bit / 8] ^= 1u << (bit % 8);
        }
    }
    for (int bit = 0; bit < 64; bit++) {
        uint64_t x = UINT64_C(0x0123456789abcdef);
        CHECK(hash_uint64(x, 0) != hash_uint64(x ^ (UINT64_C(1) << bit), 0));
    }
}

OSW_TEST(avalanche)
{
    /* On average, flipping one input bit flips about half the output
     * bits. */
    long long int total = 0;
    int samples = 0;
    for (uint32_t x = 0; x < 2000; x++) {
        uint32_t h = hash_int(x * 2654435761u, 0);
        for (int bit = 0; bit < 32; bit++) {
            total += __builtin_popcount(h ^ hash_int((x * 2654435761u)
                                                     ^ (1u << bit), 0));
            samples++;
        }
    }
    double mean = (double) total / samples;
    CHECK(mean > 15.0 && mean < 17.0);
}

OSW_TEST(ints_do_not_collide)
{
    enum { N = 100000 };
    uint32_t *hashes = xmalloc(N * sizeof *hashes);

    /* Sequential ints: full hashes are all distinct. */
    for (uint32_t i = 0; i < N; i++) {
        hashes[i] = hash_int(i, 0);
    }
    CHECK_EQ(count_duplicates(hashes, N), 0);

    /* Ints that differ only in high bits, the worst case for a hash table
     * that uses the low bits. */
    for (uint32_t i = 0; i < N; i++) {
        hashes[i] = hash_int(i << 15, 0);
    }
    CHECK_EQ(count_duplicates(hashes, N), 0);
    free(hashes);
}

/* Checks that the low 'bits' bits of 'n' hashes spread like random values:
 * occupancy and the fullest bucket close to what chance gives. */
static void
check_low_bit_spread(const uint32_t *hashes, size_t n, int bits)
{
    size_t n_buckets = (size_t) 1 << bits;
    int *load = xcalloc(n_buckets, sizeof *load);
    for (size_t i = 0; i < n; i++) {
        load[hashes[i] & (n_buckets - 1)]++;
    }
    size_t used = 0;
    int max = 0;
    for (size_t i = 0; i < n_buckets; i++) {
        used += load[i] > 0;
        max = MAX(max, load[i]);
    }
    free(load);

    /* n == n_buckets: chance fills 1 - 1/e, about 63%, with a fullest
     * bucket of 6 or 7. */
    CHECK(used * 100 > n_buckets * 58);
    CHECK(max <= 10);
}

OSW_TEST(low_bits_spread)
{
    enum { BITS = 12, N = 1 << BITS };
    uint32_t *hashes = xmalloc(N * sizeof *hashes);

    for (uint32_t i = 0; i < N; i++) {
        hashes[i] = hash_int(i, 0);
    }
    check_low_bit_spread(hashes, N, BITS);

    for (uint32_t i = 0; i < N; i++) {
        hashes[i] = hash_int(i << 16, 0);
    }
    check_low_bit_spread(hashes, N, BITS);

    for (uint32_t i = 0; i < N; i++) {
        hashes[i] = hash_uint64((uint64_t) i << 32, 0);
    }
    check_low_bit_spread(hashes, N, BITS);

    /* Pointers to consecutive 64-byte objects. */
    for (uint32_t i = 0; i < N; i++) {
        hashes[i] = hash_pointer((char *) 0x10000 + 64 * (uintptr_t) i, 0);
    }
    check_low_bit_spread(hashes, N, BITS);

    /* Short strings like port names. */
    for (uint32_t i = 0; i < N; i++) {
        char name[16];
        snprintf(name, sizeof name, "eth%u", i);
        hashes[i] = hash_string(name, 0);
    }
    check_low_bit_spread(hashes, N, BITS);
    free(hashes);
}

OSW_TEST(rot)
{
    CHECK_EQ(hash_rot(1, 1), 2);
    CHECK_EQ(hash_rot(0x80000000, 1), 1);
    CHECK_EQ(hash_rot(0x12345678, 8), 0x34567812);
    CHECK_EQ(hash_rot(0x12345678, 31), 0x091a2b3c);
}

OSW_TEST_MAIN()
