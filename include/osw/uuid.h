/* uuid: RFC 4122 universally unique identifiers.
 *
 * osw generates random (version 4) UUIDs from the kernel's getrandom(),
 * and reads and writes them in the usual 8-4-4-4-12 hex form, which is also
 * how OVSDB (RFC 7047) writes them on the wire.
 *
 * All functions are thread-safe. */
#ifndef OSW_UUID_H
#define OSW_UUID_H 1

#include <stdbool.h>
#include <stdint.h>
#include "osw/hash.h"

struct uuid {
    uint32_t parts[4];
};

#define UUID_LEN 36
/* printf("%"UUID_FMT, UUID_ARGS(&uuid)) */
#define UUID_FMT "%08x-%04x-%04x-%04x-%04x%08x"
#define UUID_ARGS(UUID)                             \
    ((unsigned int) ((UUID)->parts[0])),            \
    ((unsigned int) ((UUID)->parts[1] >> 16)),      \
    ((unsigned int) ((UUID)->parts[1] & 0xffff)),   \
    ((unsigned int) ((UUID)->parts[2] >> 16)),      \
    ((unsigned int) ((UUID)->parts[2] & 0xffff)),   \
    ((unsigned int) ((UUID)->parts[3]))

static inline uint32_t
uuid_hash(const struct uuid *uuid)
{
    /* The bits are random: the first word is already a good hash. */
    return uuid->parts[0];
}

static inline bool
uuid_equals(const struct uuid *a, const struct uuid *b)
{
    return (a->parts[0] == b->parts[0] && a->parts[1] == b->parts[1]
            && a->parts[2] == b->parts[2] && a->parts[3] == b->parts[3]);
}

void uuid_zero(struct uuid *);
bool uuid_is_zero(const struct uuid *);
int uuid_compare_3way(const struct uuid *, const struct uuid *);
/* Fills 'uuid' with a random version 4 UUID. */
void uuid_generate(struct uuid *);
struct uuid uuid_random(void);
/* Parses 's' (exactly 36 characters, hex digits in either case, dashes in
 * the right places).  Returns false, leaving 'uuid' zero, on bad input. */
bool uuid_from_string(struct uuid *, const char *s);
/* Like uuid_from_string() for the first 'n' bytes of 's' (so 'n' must be
 * UUID_LEN; 's' need not be NUL-terminated). */
bool uuid_from_string_prefix(struct uuid *, const char *s, size_t n);
/* Writes the 36-character form and a NUL to 'buf'. */
void uuid_to_string(const struct uuid *, char buf[UUID_LEN + 1]);
/* True if 's' is a nonempty prefix of a UUID's text form: at most UUID_LEN
 * characters, each a hex digit (either case), or a dash where
 * uuid_from_string() wants one.  A complete UUID string qualifies.  Lets
 * command-line tools accept abbreviated record UUIDs; they should also
 * require a minimum length (e.g. 4) before treating 's' as one. */
bool uuid_is_partial_string(const char *s);

#endif /* uuid.h */
