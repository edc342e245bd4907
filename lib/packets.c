/* packets: see include/osw/packets.h. */
#include <config.h>
#include "osw/packets.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sys/random.h>

#include "osw/dynamic-string.h"

static int
hexit_value(int c)
{
    return (c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1);
}

/* Parses 's', six groups of one or two hex digits separated by colons and
 * nothing else, into '*ea'.  Returns true on success; on failure '*ea' is
 * zero. */
bool
eth_addr_from_string(const char *s, struct eth_addr *ea)
{
    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        int hi = hexit_value(*s++);
        int lo;

        if (hi < 0) {
            goto error;
        }
        lo = hexit_value(*s);
        if (lo >= 0) {
            ea->ea[i] = hi << 4 | lo;
            s++;
        } else {
            ea->ea[i] = hi;
        }
        if (*s != (i == ETH_ADDR_LEN - 1 ? '\0' : ':')) {
            goto error;
        }
        s++;
    }
    return true;

error:
    *ea = eth_addr_zero;
    return false;
}

/* Returns a random Ethernet address with the locally administered bit set
 * and the multicast bit clear. */
struct eth_addr
eth_addr_random(void)
{
    struct eth_addr ea;
    size_t got = 0;

    while (got < sizeof ea.ea) {
        ssize_t n = getrandom(ea.ea + got, sizeof ea.ea - got, 0);
        if (n > 0) {
            got += n;
        } else if (n < 0 && errno != EINTR) {
            osw_fatal(errno, "getrandom failed");
        }
    }
    ea.ea[0] = (ea.ea[0] & ~1) | 2;
    return ea;
}

/* Parses the 'len' bytes at 's' as a number no larger than 'max' into
 * '*x', for sub-field 'key' of a label stack entry. */
static char *
mpls_parse_number(const char *key, const char *s, size_t len, uint32_t max,
                  uint32_t *x)
{
    char *copy = xmemdup0(s, len);
    unsigned long long int v;
    char *error = NULL;

    if (!str_to_ullong(copy, 0, &v)) {
        error = xasprintf("%s: bad value \"%s\"", key, copy);
    } else if (v > max) {
        error = xasprintf("%s: bad value \"%s\" (at most %"PRIu32")",
                          key, copy, max);
    } else {
        *x = v;
    }
    free(copy);
    return error;
}

/* The sub-fields of a label stack entry, in the order they are printed. */
struct mpls_subfield {
    const char *name;
    uint32_t mask;
    int shift;
};

static const struct mpls_subfield mpls_subfields[] = {
    { "label", MPLS_LABEL_MASK, MPLS_LABEL_SHIFT },
    { "tc", MPLS_TC_MASK, MPLS_TC_SHIFT },
    { "ttl", MPLS_TTL_MASK, MPLS_TTL_SHIFT },
    { "bos", MPLS_BOS_MASK, MPLS_BOS_SHIFT },
};

/* Parses 'value', "VALUE[/MASK]", as the label stack entry sub-field 'key'
 * ("label", "tc", "ttl" or "bos") and replaces that sub-field's bits in
 * '*lse' by VALUE and in '*mask' by MASK (the whole sub-field if there is
 * no "/MASK"), leaving the other bits alone.  VALUE is not masked: the
 * caller decides whether bits outside MASK matter.  On error, '*lse' and
 * '*mask' are unchanged. */
char *
mpls_lse_parse_subfield(const char *key, const char *value,
                        uint32_t *lse, uint32_t *mask)
{
    for (size_t i = 0; i < ARRAY_SIZE(mpls_subfields); i++) {
        const struct mpls_subfield *sub = &mpls_subfields[i];

        if (!strcmp(key, sub->name)) {
            uint32_t max = sub->mask >> sub->shift;
            const char *slash = strchr(value, '/');
            size_t len = slash ? (size_t) (slash - value) : strlen(value);
            uint32_t v, m = max;
            char *error = mpls_parse_number(key, value, len, max, &v);

            if (!error && slash) {
                error = mpls_parse_number(key, slash + 1, strlen(slash + 1),
                                          max, &m);
            }
            if (!error) {
                *lse = (*lse & ~sub->mask) | v << sub->shift;
                *mask = (*mask & ~sub->mask) | m << sub->shift;
            }
            return error;
        }
    }
    return xasprintf("unknown field \"%s\"", key);
}

/* Parses 's', comma-separated "KEY=VALUE[/MASK]" items as
 * mpls_lse_parse_subfield() takes them (any subset, in any order, a later
 * item overriding an earlier one; empty items are skipped), into a label
 * stack entry '*lse' and the mask '*mask' of the bits given.  Both are zero
 * for an empty 's' and unchanged on error. */
char *
mpls_lse_from_string(const char *s, uint32_t *lse, uint32_t *mask)
{
    char *copy = xstrdup(s);
    char *save = NULL;
    char *error = NULL;
    uint32_t v = 0, m = 0;

    for (char *kv = strtok_r(copy, ",", &save); kv && !error;
         kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');

        if (!eq) {
            error = xasprintf("\"%s\" is not KEY=VALUE", kv);
        } else {
            *eq = '\0';
            error = mpls_lse_parse_subfield(kv, eq + 1, &v, &m);
        }
    }
    free(copy);
    if (!error) {
        *lse = v;
        *mask = m;
    }
    return error;
}

/* Appends to 's' the sub-fields of label stack entry 'lse' that 'mask'
 * covers (any part of), "label=L,tc=T,ttl=N,bos=B" in the form
 * mpls_lse_from_string() reads back, each with "/MASK" where only part of
 * it is covered.  Appends nothing if 'mask' is zero. */
void
mpls_lse_format(struct ds *s, uint32_t lse, uint32_t mask)
{
    const char *sep = "";

    for (size_t i = 0; i < ARRAY_SIZE(mpls_subfields); i++) {
        const struct mpls_subfield *sub = &mpls_subfields[i];
        uint32_t all = sub->mask >> sub->shift;
        uint32_t m = (mask & sub->mask) >> sub->shift;

        if (m) {
            ds_put_format(s, "%s%s=%"PRIu32, sep, sub->name,
                          (lse & sub->mask) >> sub->shift);
            if (m != all) {
                ds_put_format(s, "/%#"PRIx32, m);
            }
            sep = ",";
        }
    }
}

/* Adds the 'n' bytes at 'data' to the checksum accumulator 'partial' and
 * returns the new accumulator.  Only the last piece of a checksummed area
 * may have an odd length. */
uint32_t
csum_continue(uint32_t partial, const void *data, size_t n)
{
    const uint8_t *p = data;
    uint64_t sum = partial;

    /* 32-bit loads into a 64-bit accumulator cannot overflow for any frame
     * size we handle; folding at the end gives the 16-bit sum. */
    while (n >= 16) {
        uint32_t w[4];
        memcpy(w, p, sizeof w);
        sum += (uint64_t) w[0] + w[1] + w[2] + w[3];
        p += 16;
        n -= 16;
    }
    while (n >= 4) {
        uint32_t w;
        memcpy(&w, p, sizeof w);
        sum += w;
        p += 4;
        n -= 4;
    }
    if (n >= 2) {
        uint16_t w;
        memcpy(&w, p, sizeof w);
        sum += w;
        p += 2;
        n -= 2;
    }
    if (n) {
        uint16_t w = 0;
        memcpy(&w, p, 1);
        sum += w;
    }
    while (sum >> 32) {
        sum = (sum & 0xffffffff) + (sum >> 32);
    }
    /* Keep headroom for callers that add more words: fold to 17 bits. */
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

/* Returns the checksum field value for accumulator 'partial'. */
uint16_t
csum_finish(uint32_t partial)
{
    while (partial >> 16) {
        partial = (partial & 0xffff) + (partial >> 16);
    }
    return ~partial & 0xffff;
}

/* Returns the accumulator of the IPv4 pseudo-header for an L4 segment of
 * 'l4_len' bytes of 'proto' under 'ip'. */
uint32_t
packet_csum_pseudoheader(const struct ip_header *ip, uint8_t proto,
                         size_t l4_len)
{
    ovs_be16 tail[2] = { htons(proto), htons(l4_len) };
    uint32_t sum;

    sum = csum_continue(0, &ip->ip_src, 4);
    sum = csum_continue(sum, &ip->ip_dst, 4);
    return csum_continue(sum, tail, sizeof tail);
}

/* Returns the accumulator of the IPv6 pseudo-header for an L4 segment of
 * 'l4_len' bytes of 'proto' from 'src' to 'dst' (16-byte addresses, any
 * alignment). */
uint32_t
packet_csum_pseudoheader6(const void *src, const void *dst, uint8_t proto,
                          size_t l4_len)
{
    ovs_be32 tail[2] = { htonl(l4_len), htonl(proto) };
    uint32_t sum;

    sum = csum_continue(0, src, sizeof(struct in6_addr));
    sum = csum_continue(sum, dst, sizeof(struct in6_addr));
    return csum_continue(sum, tail, sizeof tail);
}

static uint32_t crc32c_table[256];

static void crc32c_init(void) __attribute__((constructor));
static void
crc32c_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = c & 1 ? (c >> 1) ^ 0x82f63b78 : c >> 1;
        }
        crc32c_table[i] = c;
    }
}

static uint32_t
crc32c_sw(uint32_t crc, const uint8_t *p, size_t n)
{
    while (n--) {
        crc = crc32c_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    }
    return crc;
}

#if defined(__x86_64__)
/* The SSE4.2 crc32 instruction computes exactly CRC32c, 8 bytes at a
 * time: an order of magnitude faster than the table. */
__attribute__((target("sse4.2")))
static uint32_t
crc32c_sse42(uint32_t crc, const uint8_t *p, size_t n)
{
    uint64_t c = crc;

    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        c = __builtin_ia32_crc32di(c, w);
        p += 8;
        n -= 8;
    }
    crc = c;
    while (n--) {
        crc = __builtin_ia32_crc32qi(crc, *p++);
    }
    return crc;
}
#endif

/* Returns the CRC32c of the 'n' bytes at 'data'. */
uint32_t
crc32c(const void *data, size_t n)
{
#if defined(__x86_64__)
    if (__builtin_cpu_supports("sse4.2")) {
        return ~crc32c_sse42(0xffffffff, data, n);
    }
#endif
    return ~crc32c_sw(0xffffffff, data, n);
}
