/* uuid: see include/osw/uuid.h. */
#include <config.h>
#include "osw/uuid.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include "osw/util.h"

/* Offsets of the dashes in the 36-character form. */
static bool
is_dash_position(size_t i)
{
    return i == 8 || i == 13 || i == 18 || i == 23;
}

static int
hexit_value(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    } else if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* True if 'c' may appear at offset 'i' of a UUID string. */
static bool
uuid_char_ok(size_t i, int c)
{
    return is_dash_position(i) ? c == '-' : hexit_value(c) >= 0;
}

/* Fills 'buf' with 'n' random bytes, or dies: a UUID that is not random is
 * not unique, and nothing sensible can be done without one. */
static void
get_random_bytes(void *buf_, size_t n)
{
    char *buf = buf_;
    size_t done = 0;

    while (done < n) {
        ssize_t retval = getrandom(buf + done, n - done, 0);
        if (retval > 0) {
            done += retval;
        } else if (retval < 0 && errno == ENOSYS) {
            break;
        } else if (retval < 0 && errno != EINTR) {
            osw_fatal(errno, "getrandom failed");
        }
    }
    if (done < n) {
        /* Kernels older than 3.17 lack getrandom(). */
        int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            osw_fatal(errno, "/dev/urandom: open failed");
        }
        int error = read_fully(fd, buf + done, n - done, NULL);
        if (error) {
            osw_fatal(error, "/dev/urandom: read failed");
        }
        close(fd);
    }
}

/* Sets 'uuid' to all-zero bits, the "nil" UUID. */
void
uuid_zero(struct uuid *uuid)
{
    memset(uuid, 0, sizeof *uuid);
}

/* Returns true if 'uuid' is the all-zero UUID. */
bool
uuid_is_zero(const struct uuid *uuid)
{
    return !(uuid->parts[0] | uuid->parts[1] | uuid->parts[2]
             | uuid->parts[3]);
}

/* Returns negative, zero or positive as 'a' sorts before, equal to or after
 * 'b'.  The order is that of the string forms (compared as hex digits), so
 * sorted output reads naturally. */
int
uuid_compare_3way(const struct uuid *a, const struct uuid *b)
{
    for (size_t i = 0; i < ARRAY_SIZE(a->parts); i++) {
        if (a->parts[i] != b->parts[i]) {
            return a->parts[i] < b->parts[i] ? -1 : 1;
        }
    }
    return 0;
}

/* Fills 'uuid' with a random version 4 (RFC 4122 section 4.4) UUID. */
/* A per-thread xoshiro256** generator, seeded from the kernel.  A system
 * call per UUID showed in the database server's profile (two UUIDs per
 * transaction); UUIDs need to be unique, not secret, and 256 bits of
 * kernel-seeded state give that.  A forked child must reseed, or it would
 * repeat its parent's sequence: an atfork handler clears the forking
 * thread's state (the child has no other threads).  Not getpid(), which
 * glibc no longer caches: it would put a system call back on every UUID. */
struct uuid_prng {
    uint64_t s[4];
    bool seeded;
};
static __thread struct uuid_prng prng;

static void
prng_forget_in_child(void)
{
    prng.seeded = false;
}

static void
prng_register_atfork(void)
{
    pthread_atfork(NULL, NULL, prng_forget_in_child);
}

static inline uint64_t
rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t
prng_next(void)
{
    if (OSW_UNLIKELY(!prng.seeded)) {
        static pthread_once_t once = PTHREAD_ONCE_INIT;
        pthread_once(&once, prng_register_atfork);
        do {
            get_random_bytes(prng.s, sizeof prng.s);
        } while (!(prng.s[0] | prng.s[1] | prng.s[2] | prng.s[3]));
        prng.seeded = true;
    }

    uint64_t *s = prng.s;
    uint64_t result = rotl64(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return result;
}

void
uuid_generate(struct uuid *uuid)
{
    uint64_t hi = prng_next();
    uint64_t lo = prng_next();
    uuid->parts[0] = hi >> 32;
    uuid->parts[1] = hi;
    uuid->parts[2] = lo >> 32;
    uuid->parts[3] = lo;

    /* The 13th hex digit (top nibble of the third group) is the version. */
    uuid->parts[1] = (uuid->parts[1] & ~UINT32_C(0xf000)) | 0x4000;

    /* The top two bits of the fourth group are the variant, binary 10. */
    uuid->parts[2] = (uuid->parts[2] & UINT32_C(0x3fffffff)) | 0x80000000;
}

/* Returns a new random version 4 UUID. */
struct uuid
uuid_random(void)
{
    struct uuid uuid;
    uuid_generate(&uuid);
    return uuid;
}

/* Parses the first 'n' bytes of 's', which must be exactly UUID_LEN
 * characters of UUID text, into 'uuid'.  Returns false, with 'uuid' zeroed,
 * otherwise. */
bool
uuid_from_string_prefix(struct uuid *uuid, const char *s, size_t n)
{
    uuid_zero(uuid);
    if (n != UUID_LEN) {
        return false;
    }

    struct uuid parsed;
    uuid_zero(&parsed);
    int digit = 0;
    for (size_t i = 0; i < UUID_LEN; i++) {
        if (!uuid_char_ok(i, s[i])) {
            return false;
        }
        if (!is_dash_position(i)) {
            /* 32 hex digits fill the four words, 8 digits each. */
            uint32_t *word = &parsed.parts[digit / 8];
            *word = (*word << 4) | hexit_value(s[i]);
            digit++;
        }
    }
    *uuid = parsed;
    return true;
}

/* Parses 's', a NUL-terminated 36-character UUID string, into 'uuid'.
 * Returns false, with 'uuid' zeroed, if 's' is not one. */
bool
uuid_from_string(struct uuid *uuid, const char *s)
{
    /* strnlen() so that an overlong string is not scanned to its end. */
    return uuid_from_string_prefix(uuid, s, strnlen(s, UUID_LEN + 1));
}

/* Writes the 8 hex digits of 'word', most significant first, to 'out'. */
static void
put_hex32(char *out, uint32_t word)
{
    static const char digits[] = "0123456789abcdef";

    for (int i = 7; i >= 0; i--) {
        out[i] = digits[word & 0xf];
        word >>= 4;
    }
}

/* Writes 'uuid' in 8-4-4-4-12 lowercase form, plus a NUL, to 'buf'.
 *
 * Not snprintf(UUID_FMT): the database server writes a UUID or two per row
 * it sends or logs, and the format parser showed in its profile.  The four
 * words become 32 digits first, then are copied around the dashes, so that
 * each word is converted whole even where a dash splits it. */
void
uuid_to_string(const struct uuid *uuid, char buf[UUID_LEN + 1])
{
    char hex[32];

    for (size_t i = 0; i < ARRAY_SIZE(uuid->parts); i++) {
        put_hex32(&hex[i * 8], uuid->parts[i]);
    }
    memcpy(buf, hex, 8);
    buf[8] = '-';
    memcpy(&buf[9], &hex[8], 4);
    buf[13] = '-';
    memcpy(&buf[14], &hex[12], 4);
    buf[18] = '-';
    memcpy(&buf[19], &hex[16], 4);
    buf[23] = '-';
    memcpy(&buf[24], &hex[20], 12);
    buf[UUID_LEN] = '\0';
}

/* Returns true if 's' is a nonempty prefix of a UUID's text form. */
bool
uuid_is_partial_string(const char *s)
{
    size_t i;

    for (i = 0; s[i]; i++) {
        if (i >= UUID_LEN || !uuid_char_ok(i, s[i])) {
            return false;
        }
    }
    return i > 0;
}
