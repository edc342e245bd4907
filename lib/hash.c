/* hash: see include/osw/hash.h. */
#include <config.h>
#include "osw/hash.h"

uint32_t
hash_bytes(const void *data_, size_t n, uint32_t basis)
{
    const uint8_t *data = data_;
    uint32_t hash = basis;
    size_t i;

    for (i = 0; i + 4 <= n; i += 4) {
        uint32_t word;
        memcpy(&word, data + i, 4);
        hash = hash_add(hash, word);
    }
    if (i < n) {
        uint32_t tail = 0;
        memcpy(&tail, data + i, n - i);
        hash = hash_add(hash, tail);
    }
    return hash_finish(hash, n);
}
