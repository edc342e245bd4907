/* Unit tests for lib/uuid.c. */
#include <config.h>
#include "osw/uuid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

#define GOOD_UUID "01234567-89ab-cdef-0123-456789abcdef"

static int
version_of(const struct uuid *uuid)
{
    return (uuid->parts[1] >> 12) & 0xf;
}

static int
variant_bits_of(const struct uuid *uuid)
{
    return uuid->parts[2] >> 30;
}

static int
compare_uuids(const void *a, const void *b)
{
    return uuid_compare_3way(a, b);
}

OSW_TEST(generate_sets_version_and_variant)
{
    for (int i = 0; i < 1000; i++) {
        struct uuid uuid;
        uuid_generate(&uuid);
        CHECK_EQ(version_of(&uuid), 4);
        CHECK_EQ(variant_bits_of(&uuid), 2);
        CHECK(!uuid_is_zero(&uuid));

        char s[UUID_LEN + 1];
        uuid_to_string(&uuid, s);
        CHECK_EQ(s[14], '4');
        CHECK(strchr("89ab", s[19]) != NULL);
    }
}

OSW_TEST(generate_is_random)
{
    enum { N = 2000 };
    struct uuid *uuids = xmalloc(N * sizeof *uuids);
    for (int i = 0; i < N; i++) {
        uuids[i] = uuid_random();
    }
    qsort(uuids, N, sizeof *uuids, compare_uuids);
    for (int i = 1; i < N; i++) {
        CHECK(!uuid_equals(&uuids[i - 1], &uuids[i]));
    }

    /* Every bit outside version and variant should vary: with 2000 samples
     * a fixed bit would be a broken generator. */
    uint32_t ones[4] = { 0, 0, 0, 0 };
    uint32_t zeros[4] = { 0, 0, 0, 0 };
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < 4; j++) {
            ones[j] |= uuids[i].parts[j];
            zeros[j] |= ~uuids[i].parts[j];
        }
    }
    CHECK_EQ(ones[0] & zeros[0], 0xffffffff);
    CHECK_EQ(ones[1] & zeros[1], 0xffff0fff);
    CHECK_EQ(ones[2] & zeros[2], 0x3fffffff);
    CHECK_EQ(ones[3] & zeros[3], 0xffffffff);
    free(uuids);
}

OSW_TEST(parse_known_value)
{
    struct uuid uuid;
    CHECK(uuid_from_string(&uuid, GOOD_UUID));
    CHECK_EQ(uuid.parts[0], 0x01234567);
    CHECK_EQ(uuid.parts[1], 0x89abcdef);
    CHECK_EQ(uuid.parts[2], 0x01234567);
    CHECK_EQ(uuid.parts[3], 0x89abcdef);

    char s[UUID_LEN + 1];
    uuid_to_string(&uuid, s);
    CHECK_STREQ(s, GOOD_UUID);
}

OSW_TEST(parse_accepts_either_case)
{
    struct uuid lower, upper, mixed;
    CHECK(uuid_from_string(&lower, "abcdefab-cdef-abcd-efab-cdefabcdefab"));
    CHECK(uuid_from_string(&upper, "ABCDEFAB-CDEF-ABCD-EFAB-CDEFABCDEFAB"));
    CHECK(uuid_from_string(&mixed, "aBcDeFaB-CdEf-AbCd-EfAb-cDeFaBcDeFaB"));
    CHECK(uuid_equals(&lower, &upper));
    CHECK(uuid_equals(&lower, &mixed));

    /* Output is always lowercase. */
    char s[UUID_LEN + 1];
    uuid_to_string(&upper, s);
    CHECK_STREQ(s, "abcdefab-cdef-abcd-efab-cdefabcdefab");
}

/* uuid_to_string() formats by hand: check it digit for digit on values
 * that exercise every nibble position, the extremes, and against the
 * printf form on random ones. */
OSW_TEST(to_string_exact)
{
    static const struct {
        uint32_t parts[4];
        const char *text;
    } cases[] = {
        { { 0, 0, 0, 0 }, "00000000-0000-0000-0000-000000000000" },
        { { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff },
          "ffffffff-ffff-ffff-ffff-ffffffffffff" },
        { { 0x00000001, 0x00020003, 0x00040005, 0x00000006 },
          "00000001-0002-0003-0004-000500000006" },
        { { 0x10000000, 0x20003000, 0x40005000, 0x60000000 },
          "10000000-2000-3000-4000-500060000000" },
        { { 0xdeadbeef, 0xfeedface, 0x8badf00d, 0xc0ffee42 },
          "deadbeef-feed-face-8bad-f00dc0ffee42" },
        { { 0x0a1b2c3d, 0x4e5f6a7b, 0x8c9dae0f, 0x12345678 },
          "0a1b2c3d-4e5f-6a7b-8c9d-ae0f12345678" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct uuid uuid;
        memcpy(uuid.parts, cases[i].parts, sizeof uuid.parts);

        char s[UUID_LEN + 2];
        memset(s, 'x', sizeof s);
        uuid_to_string(&uuid, s);
        CHECK_STREQ(s, cases[i].text);
        CHECK_EQ(s[UUID_LEN + 1], 'x');
    }

    for (int i = 0; i < 200; i++) {
        struct uuid uuid = uuid_random();
        char s[UUID_LEN + 1], expected[UUID_LEN + 1];
        uuid_to_string(&uuid, s);
        snprintf(expected, sizeof expected, UUID_FMT, UUID_ARGS(&uuid));
        CHECK_STREQ(s, expected);
    }
}

OSW_TEST(round_trip)
{
    for (int i = 0; i < 500; i++) {
        struct uuid a = uuid_random();
        char s[UUID_LEN + 1];
        memset(s, 'x', sizeof s);
        uuid_to_string(&a, s);
        CHECK_EQ(strlen(s), UUID_LEN);
        for (int j = 0; j < UUID_LEN; j++) {
            if (j == 8 || j == 13 || j == 18 || j == 23) {
                CHECK_EQ(s[j], '-');
            } else {
                CHECK(strchr("0123456789abcdef", s[j]) != NULL);
            }
        }

        struct uuid b;
        CHECK(uuid_from_string(&b, s));
        CHECK(uuid_equals(&a, &b));
        CHECK_EQ(uuid_compare_3way(&a, &b), 0);

        /* UUID_FMT agrees with uuid_to_string(). */
        char *t = xasprintf(UUID_FMT, UUID_ARGS(&a));
        CHECK_STREQ(s, t);
        free(t);
    }
}

OSW_TEST(zero)
{
    struct uuid uuid = uuid_random();
    CHECK(!uuid_is_zero(&uuid));
    uuid_zero(&uuid);
    CHECK(uuid_is_zero(&uuid));
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(uuid.parts[i], 0);
    }

    char s[UUID_LEN + 1];
    uuid_to_string(&uuid, s);
    CHECK_STREQ(s, "00000000-0000-0000-0000-000000000000");

    /* A UUID with a single bit set anywhere is not zero. */
    for (int i = 0; i < 4; i++) {
        uuid_zero(&uuid);
        uuid.parts[i] = 0x80000000;
        CHECK(!uuid_is_zero(&uuid));
    }
}

/* Checks that 's' is rejected and leaves the output zero. */
static void
check_bad(const char *s)
{
    struct uuid uuid = uuid_random();
    if (uuid_from_string(&uuid, s)) {
        osw_test_fail(__FILE__, __LINE__, "accepted bad UUID \"%s\"", s);
    }
    CHECK(uuid_is_zero(&uuid));
}

OSW_TEST(bad_length_rejected)
{
    check_bad("");
    check_bad("0");
    check_bad("01234567-89ab-cdef-0123-456789abcde");      /* 35 */
    check_bad("01234567-89ab-cdef-0123-456789abcdef0");    /* 37 */
    check_bad("01234567-89ab-cdef-0123-456789abcdef ");    /* Trailing. */
    check_bad(" 01234567-89ab-cdef-0123-456789abcdef");    /* Leading. */
    check_bad("0123456789abcdef0123456789abcdef");          /* No dashes. */
    check_bad("{01234567-89ab-cdef-0123-456789abcdef}");
}

OSW_TEST(bad_char_rejected)
{
    /* Every hex position, one at a time, with a non-hex character. */
    static const char bad_chars[] = "gG-x :+\x7f\x80";
    for (int i = 0; i < UUID_LEN; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            continue;
        }
        for (const char *c = bad_chars; *c; c++) {
            char s[] = GOOD_UUID;
            s[i] = *c;
            check_bad(s);
        }
    }
}

OSW_TEST(misplaced_dashes_rejected)
{
    static const int dashes[] = { 8, 13, 18, 23 };
    for (int i = 0; i < 4; i++) {
        /* Dash replaced by a hex digit. */
        char s[] = GOOD_UUID;
        s[dashes[i]] = 'a';
        check_bad(s);

        /* Dash moved one place left or right. */
        char left[] = GOOD_UUID;
        left[dashes[i]] = left[dashes[i] - 1];
        left[dashes[i] - 1] = '-';
        check_bad(left);

        char right[] = GOOD_UUID;
        right[dashes[i]] = right[dashes[i] + 1];
        right[dashes[i] + 1] = '-';
        check_bad(right);

        /* Dash replaced by another separator. */
        char other[] = GOOD_UUID;
        other[dashes[i]] = '_';
        check_bad(other);
    }
    check_bad("0123456-789ab-cdef-0123-456789abcdef");
    check_bad("01234567-89ab-cdef-0123-456789ab-cde");
    check_bad("--------------------------------------");
}

OSW_TEST(parse_prefix)
{
    /* Not NUL-terminated after the UUID. */
    char buf[64];
    memcpy(buf, GOOD_UUID, UUID_LEN);
    memset(buf + UUID_LEN, 'z', sizeof buf - UUID_LEN);

    struct uuid a, b;
    CHECK(uuid_from_string_prefix(&a, buf, UUID_LEN));
    CHECK(uuid_from_string(&b, GOOD_UUID));
    CHECK(uuid_equals(&a, &b));

    CHECK(!uuid_from_string_prefix(&a, buf, UUID_LEN - 1));
    CHECK(uuid_is_zero(&a));
    CHECK(!uuid_from_string_prefix(&a, buf, UUID_LEN + 1));
    CHECK(!uuid_from_string_prefix(&a, buf, 0));

    /* A UUID followed by more text, e.g. inside a longer token. */
    const char *s = GOOD_UUID ",rest";
    CHECK(uuid_from_string_prefix(&a, s, UUID_LEN));
    CHECK(uuid_equals(&a, &b));
    CHECK(!uuid_from_string(&a, s));
}

OSW_TEST(compare_3way_orders_like_strings)
{
    enum { N = 300 };
    struct uuid uuids[N];
    for (int i = 0; i < N; i++) {
        uuids[i] = uuid_random();
    }
    /* Force some UUIDs that differ only in later words. */
    uuids[1] = uuids[0];
    uuids[1].parts[3]++;
    uuids[2] = uuids[0];
    uuids[2].parts[2] ^= 1;
    uuids[3] = uuids[0];
    uuids[3].parts[1] ^= 0x100;

    for (int i = 0; i < N; i++) {
        char si[UUID_LEN + 1];
        uuid_to_string(&uuids[i], si);
        for (int j = 0; j < N; j++) {
            char sj[UUID_LEN + 1];
            uuid_to_string(&uuids[j], sj);
            int cmp = uuid_compare_3way(&uuids[i], &uuids[j]);
            int scmp = strcmp(si, sj);
            CHECK_EQ(cmp < 0, scmp < 0);
            CHECK_EQ(cmp > 0, scmp > 0);
            CHECK_EQ(cmp == 0, i == j || uuid_equals(&uuids[i], &uuids[j]));
            CHECK_EQ(cmp, -uuid_compare_3way(&uuids[j], &uuids[i]));
        }
    }
}

OSW_TEST(compare_3way_specific)
{
    struct uuid a, b;
    CHECK(uuid_from_string(&a, "00000000-0000-0000-0000-000000000001"));
    CHECK(uuid_from_string(&b, "00000000-0000-0000-0000-000000000002"));
    CHECK(uuid_compare_3way(&a, &b) < 0);
    CHECK(uuid_compare_3way(&b, &a) > 0);
    CHECK_EQ(uuid_compare_3way(&a, &a), 0);

    /* The first word is the most significant, and words are unsigned. */
    CHECK(uuid_from_string(&a, "80000000-0000-0000-0000-000000000000"));
    CHECK(uuid_from_string(&b, "7fffffff-ffff-ffff-ffff-ffffffffffff"));
    CHECK(uuid_compare_3way(&a, &b) > 0);
    CHECK(uuid_from_string(&a, "00000000-ffff-0000-0000-000000000000"));
    CHECK(uuid_from_string(&b, "00000001-0000-0000-0000-000000000000"));
    CHECK(uuid_compare_3way(&a, &b) < 0);
}

OSW_TEST(hash_and_equals)
{
    struct uuid a = uuid_random();
    struct uuid b = a;
    CHECK(uuid_equals(&a, &b));
    CHECK_EQ(uuid_hash(&a), uuid_hash(&b));
    CHECK_EQ(uuid_hash(&a), a.parts[0]);
    for (int i = 0; i < 4; i++) {
        b = a;
        b.parts[i] ^= 0x10;
        CHECK(!uuid_equals(&a, &b));
    }
}

OSW_TEST(partial_string)
{
    CHECK(uuid_is_partial_string("0"));
    CHECK(uuid_is_partial_string("0123"));
    CHECK(uuid_is_partial_string("0123abcd"));
    CHECK(uuid_is_partial_string("0123ABCD-"));
    CHECK(uuid_is_partial_string("0123abcd-4"));
    CHECK(uuid_is_partial_string("0123abcd-4567-89"));
    CHECK(uuid_is_partial_string(GOOD_UUID));
    CHECK(uuid_is_partial_string("01234567-89AB-CDEF-0123-456789ABCDEF"));

    CHECK(!uuid_is_partial_string(""));
    CHECK(!uuid_is_partial_string("br0"));
    CHECK(!uuid_is_partial_string("0123abcdx"));
    CHECK(!uuid_is_partial_string("0123abcde"));       /* Needs a dash. */
    CHECK(!uuid_is_partial_string("0123-"));           /* Dash too early. */
    CHECK(!uuid_is_partial_string("-"));
    CHECK(!uuid_is_partial_string(" 0123"));
    CHECK(!uuid_is_partial_string(GOOD_UUID "0"));
    CHECK(!uuid_is_partial_string(GOOD_UUID "-"));
}

/* A child of fork() must not repeat its parent's UUIDs: the generator's
 * state is copied by fork(), so the child has to reseed. */
OSW_TEST(fork_child_differs)
{
    struct uuid before;
    uuid_generate(&before);         /* Seed the parent's generator. */

    int fds[2];
    CHECK(!pipe(fds));
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        struct uuid child = uuid_random();
        _exit(write(fds[1], &child, sizeof child) == sizeof child ? 0 : 1);
    }
    struct uuid parent = uuid_random();
    struct uuid child;
    CHECK_EQ(read(fds[0], &child, sizeof child), sizeof child);
    int status;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFEXITED(status) && !WEXITSTATUS(status));
    CHECK(!uuid_equals(&parent, &child));
    close(fds[0]);
    close(fds[1]);
}

/* Many UUIDs in a row are distinct and carry the version 4 bits. */
OSW_TEST(many_distinct)
{
    enum { N = 10000 };
    struct uuid *uuids = xmalloc(N * sizeof *uuids);
    for (int i = 0; i < N; i++) {
        uuid_generate(&uuids[i]);
        CHECK_EQ((uuids[i].parts[1] >> 12) & 0xf, 4);
        CHECK_EQ(uuids[i].parts[2] >> 30, 2);
    }
    qsort(uuids, N, sizeof *uuids,
          (int (*)(const void *, const void *)) uuid_compare_3way);
    for (int i = 1; i < N; i++) {
        CHECK(!uuid_equals(&uuids[i - 1], &uuids[i]));
    }
    free(uuids);
}

OSW_TEST_MAIN()
