/* csum-oracle: an Internet checksum of the tests' own.
 *
 * Unit tests, fuzz targets and test tools check (or build) the checksums
 * that lib/packets.c's csum_*() compute, so they use this plain
 * big-endian 16-bit one's complement sum instead, which shares no code
 * with the library.  Header-only: fuzz targets and tools do not link the
 * test library. */
#ifndef CSUM_ORACLE_H
#define CSUM_ORACLE_H 1

#include <stddef.h>
#include <stdint.h>

/* Adds the 'n' bytes at 'data' (an odd last byte as the high half of a
 * 16-bit word) to the running sum 'sum'. */
static inline uint32_t
oracle_csum_add(uint32_t sum, const void *data, size_t n)
{
    const uint8_t *p = data;

    for (size_t i = 0; i + 1 < n; i += 2) {
        sum += (uint32_t) p[i] << 8 | p[i + 1];
    }
    if (n & 1) {
        sum += (uint32_t) p[n - 1] << 8;
    }
    return sum;
}

/* Folds 'sum' to 16 bits (0xffff for data whose checksum verifies). */
static inline uint16_t
oracle_csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

#endif /* csum-oracle.h */
