/* bitmap: fixed-size bit arrays in unsigned longs (VLAN sets and the
 * like).  Header-only; not thread-safe. */
#ifndef OSW_BITMAP_H
#define OSW_BITMAP_H 1

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include "osw/util.h"

#define BITMAP_ULONG_BITS (sizeof(unsigned long) * CHAR_BIT)
#define BITMAP_N_LONGS(N_BITS) DIV_ROUND_UP(N_BITS, BITMAP_ULONG_BITS)

static inline unsigned long *bitmap_allocate(size_t n_bits)
{
    return xzalloc(BITMAP_N_LONGS(n_bits) * sizeof(unsigned long));
}
static inline unsigned long *bitmap_clone(const unsigned long *b,
                                          size_t n_bits)
{
    return xmemdup(b, BITMAP_N_LONGS(n_bits) * sizeof(unsigned long));
}
static inline bool bitmap_is_set(const unsigned long *b, size_t i)
{
    return (b[i / BITMAP_ULONG_BITS] >> (i % BITMAP_ULONG_BITS)) & 1;
}
static inline void bitmap_set1(unsigned long *b, size_t i)
{
    b[i / BITMAP_ULONG_BITS] |= 1UL << (i % BITMAP_ULONG_BITS);
}
static inline void bitmap_set0(unsigned long *b, size_t i)
{
    b[i / BITMAP_ULONG_BITS] &= ~(1UL << (i % BITMAP_ULONG_BITS));
}
static inline bool bitmap_equal(const unsigned long *a,
                                const unsigned long *b, size_t n_bits)
{
    /* Bits past 'n_bits' in the last long must be zero in both. */
    return !memcmp(a, b, BITMAP_N_LONGS(n_bits) * sizeof(unsigned long));
}
static inline size_t bitmap_count1(const unsigned long *b, size_t n_bits)
{
    size_t n = 0;
    for (size_t i = 0; i < BITMAP_N_LONGS(n_bits); i++) {
        n += __builtin_popcountl(b[i]);
    }
    return n;
}
#define BITMAP_FOR_EACH_1(IDX, SIZE, BITMAP)                            \
    for (size_t IDX = 0; IDX < (SIZE); IDX++)                           \
        if (bitmap_is_set(BITMAP, IDX))

#endif /* bitmap.h */
