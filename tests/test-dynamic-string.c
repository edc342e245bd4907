/* Unit tests for lib/dynamic-string.c. */
#include <config.h>
#include "osw/dynamic-string.h"

#include <stdlib.h>
#include <string.h>
#include "testlib.h"

/* Checks the invariants every ds satisfies. */
static void
check_ds(struct ds *ds, const char *expected)
{
    size_t len = strlen(expected);
    CHECK_EQ(ds->length, len);
    CHECK(ds->allocated >= ds->length);
    CHECK_STREQ(ds_cstr(ds), expected);
    CHECK_EQ(ds_cstr(ds)[ds->length], '\0');
}

OSW_TEST(empty)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    CHECK_EQ(s.length, 0);
    CHECK_EQ(ds_last(&s), EOF);
    CHECK_STREQ(ds_cstr_ro(&s), "");
    CHECK_STREQ(ds_cstr(&s), "");
    ds_destroy(&s);

    /* Operations on a never-allocated string. */
    ds_init(&s);
    ds_clear(&s);
    ds_truncate(&s, 0);
    ds_chomp(&s, 'x');
    CHECK_EQ(s.length, 0);
    ds_destroy(&s);

    ds_init(&s);
    ds_put_cstr(&s, "");
    check_ds(&s, "");
    ds_put_format(&s, "%s", "");
    check_ds(&s, "");
    ds_destroy(&s);
}

OSW_TEST(put_basics)
{
    struct ds s;
    ds_init(&s);
    ds_put_char(&s, 'a');
    ds_put_cstr(&s, "bcd");
    ds_put_buffer(&s, "efgh", 2);
    ds_put_char_multiple(&s, '-', 3);
    ds_put_char_multiple(&s, '+', 0);
    memcpy(ds_put_uninit(&s, 2), "xy", 2);
    check_ds(&s, "abcdef---xy");
    CHECK_EQ(ds_last(&s), 'y');
    ds_destroy(&s);
}

OSW_TEST(put_buffer_with_nul)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_buffer(&s, "a\0b", 3);
    CHECK_EQ(s.length, 3);
    CHECK(!memcmp(ds_cstr(&s), "a\0b", 4));
    ds_destroy(&s);
}

OSW_TEST(put_format_grows)
{
    /* Many appends, well past several KB, each crossing allocation
     * boundaries at different points. */
    struct ds s = DS_EMPTY_INITIALIZER;
    char *expected = xmalloc(200000);
    size_t n = 0;
    for (int i = 0; i < 5000; i++) {
        ds_put_format(&s, "%d:%s;", i, i % 2 ? "odd" : "even");
        n += sprintf(expected + n, "%d:%s;", i, i % 2 ? "odd" : "even");
        CHECK_EQ(s.length, n);
    }
    CHECK(n > 40000);
    check_ds(&s, expected);
    free(expected);
    ds_destroy(&s);
}

OSW_TEST(put_format_large_single)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&s, "start");
    ds_put_format(&s, "[%*s]", 65536, "end");
    CHECK_EQ(s.length, 5 + 65538);
    CHECK(!strncmp(ds_cstr(&s), "start[", 6));
    CHECK(!strcmp(ds_cstr(&s) + s.length - 4, "end]"));
    for (size_t i = 6; i < s.length - 4; i++) {
        CHECK_EQ(ds_cstr(&s)[i], ' ');
    }
    ds_destroy(&s);
}

OSW_TEST(put_format_exact_fit)
{
    /* Appends that exactly fill the allocation, or overflow it by one. */
    for (int extra = -2; extra <= 2; extra++) {
        struct ds s = DS_EMPTY_INITIALIZER;
        ds_put_cstr(&s, "abc");
        size_t room = s.allocated - s.length;
        size_t n = room + extra;
        char *filler = xmalloc(n + 1);
        memset(filler, 'z', n);
        filler[n] = '\0';
        ds_put_format(&s, "%s", filler);
        CHECK_EQ(s.length, 3 + n);
        CHECK(!strncmp(ds_cstr(&s), "abc", 3));
        CHECK(!strcmp(ds_cstr(&s) + 3, filler));
        free(filler);
        ds_destroy(&s);
    }
}

static void OSW_PRINTF_FORMAT(2, 3)
put_via_valist(struct ds *ds, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    ds_put_format_valist(ds, format, args);
    va_end(args);
}

OSW_TEST(put_format_valist)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    put_via_valist(&s, "%s-%d", "x", 5);
    put_via_valist(&s, "%0*d", 3000, 7);
    CHECK_EQ(s.length, 3 + 3000);
    CHECK(!strncmp(ds_cstr(&s), "x-5000", 6));
    CHECK_EQ(ds_last(&s), '7');
    ds_destroy(&s);
}

OSW_TEST(many_chars)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    for (int i = 0; i < 100000; i++) {
        ds_put_char(&s, 'a' + i % 26);
    }
    CHECK_EQ(s.length, 100000);
    for (int i = 0; i < 100000; i++) {
        CHECK_EQ(s.string[i], 'a' + i % 26);
    }
    ds_destroy(&s);
}

OSW_TEST(truncate)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&s, "hello world");
    ds_truncate(&s, 5);
    check_ds(&s, "hello");
    ds_truncate(&s, 100);       /* Longer: no change. */
    check_ds(&s, "hello");
    ds_truncate(&s, 5);
    check_ds(&s, "hello");
    ds_truncate(&s, 0);
    check_ds(&s, "");
    ds_put_cstr(&s, "again");
    check_ds(&s, "again");
    ds_destroy(&s);
}

OSW_TEST(chomp_and_last)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&s, "line\n\n");
    ds_chomp(&s, '\n');
    check_ds(&s, "line\n");     /* Only one removed. */
    ds_chomp(&s, '\n');
    check_ds(&s, "line");
    ds_chomp(&s, '\n');
    check_ds(&s, "line");       /* Not there: no change. */
    ds_chomp(&s, 'e');
    check_ds(&s, "lin");
    CHECK_EQ(ds_last(&s), 'n');

    ds_clear(&s);
    ds_put_char(&s, (char) 0xff);
    CHECK_EQ(ds_last(&s), 0xff);    /* Not sign-extended into EOF. */
    ds_chomp(&s, 0xff);
    CHECK_EQ(s.length, 0);
    CHECK_EQ(ds_last(&s), EOF);
    ds_chomp(&s, 'x');
    check_ds(&s, "");
    ds_destroy(&s);
}

OSW_TEST(steal_cstr)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_format(&s, "%s %d", "value", 42);
    char *str = ds_steal_cstr(&s);
    CHECK_STREQ(str, "value 42");
    CHECK_EQ(s.length, 0);
    CHECK(s.string == NULL);
    free(str);

    /* 's' is empty and reusable; destroying it frees nothing stolen. */
    ds_put_cstr(&s, "next");
    check_ds(&s, "next");
    ds_destroy(&s);

    /* Stealing a never-allocated string yields "", to be freed. */
    ds_init(&s);
    str = ds_steal_cstr(&s);
    CHECK_STREQ(str, "");
    free(str);
    ds_destroy(&s);
}

OSW_TEST(clear_keeps_allocation)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_char_multiple(&s, 'x', 1000);
    size_t allocated = s.allocated;
    char *string = s.string;
    ds_clear(&s);
    check_ds(&s, "");
    CHECK_EQ(s.allocated, allocated);
    ds_put_char_multiple(&s, 'y', 1000);
    CHECK(s.string == string);
    ds_destroy(&s);
}

OSW_TEST(reserve)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_reserve(&s, 5000);
    CHECK(s.allocated >= 5000);
    CHECK_EQ(s.length, 0);
    char *string = s.string;
    ds_put_char_multiple(&s, 'q', 5000);
    CHECK(s.string == string);
    ds_destroy(&s);
}

OSW_TEST(swap)
{
    struct ds a = DS_EMPTY_INITIALIZER, b = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&a, "first");
    ds_swap(&a, &b);
    check_ds(&a, "");
    check_ds(&b, "first");
    ds_put_cstr(&a, "second");
    ds_swap(&a, &b);
    check_ds(&a, "first");
    check_ds(&b, "second");
    ds_destroy(&a);
    ds_destroy(&b);
}

OSW_TEST(put_hex)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_hex(&s, "\x00\x01\xab\xff\x7f", 5);
    check_ds(&s, "0001abff7f");
    ds_put_hex(&s, "", 0);
    check_ds(&s, "0001abff7f");
    ds_destroy(&s);
}

OSW_TEST(hex_dump_ascii)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_hex_dump(&s, "0123456789abcdefXYZ\n", 20, 0, true);
    check_ds(&s,
             "00000000  30 31 32 33 34 35 36 37-38 39 61 62 63 64 65 66 "
             "|0123456789abcdef|\n"
             "00000010  58 59 5a 0a                                     "
             "|XYZ.            |\n");
    ds_destroy(&s);
}

OSW_TEST(hex_dump_no_ascii)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_hex_dump(&s, "0123456789abcdefXYZ\n", 20, 0, false);
    check_ds(&s,
             "00000000  30 31 32 33 34 35 36 37-38 39 61 62 63 64 65 66\n"
             "00000010  58 59 5a 0a\n");
    ds_destroy(&s);
}

OSW_TEST(hex_dump_unaligned_offset)
{
    /* The first line starts mid-way, at its place in a 16-byte row. */
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_hex_dump(&s, "ABCDE", 5, 0x13, true);
    check_ds(&s,
             "00000010           41 42 43 44 45-                        "
             "|   ABCDE        |\n");
    ds_clear(&s);

    /* Spanning into the next row. */
    ds_put_hex_dump(&s, "ABCDEFGH", 8, 0x1c, false);
    check_ds(&s,
             "00000010                                      "
             "41 42 43 44\n"
             "00000020  45 46 47 48\n");
    ds_destroy(&s);
}

OSW_TEST(hex_dump_unprintable)
{
    static const uint8_t bytes[] = {
        0x00, 0x1f, 0x20, 0x41, 0x7e, 0x7f, 0x80, 0xff,
        0x09, 0x0a, 0x0d, 0x61, 0x7b, 0x7d, 0x2e, 0x7c,
    };
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_hex_dump(&s, bytes, sizeof bytes, 0x12345670, true);
    check_ds(&s,
             "12345670  00 1f 20 41 7e 7f 80 ff-09 0a 0d 61 7b 7d 2e 7c "
             "|.. A~......a{}.||\n");
    ds_destroy(&s);
}

OSW_TEST(hex_dump_appends)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&s, "prefix\n");
    ds_put_hex_dump(&s, "", 0, 0, true);
    check_ds(&s, "prefix\n");   /* Nothing for no bytes. */
    ds_put_hex_dump(&s, "\x01", 1, 0, false);
    check_ds(&s, "prefix\n00000000  01\n");
    ds_destroy(&s);
}

OSW_TEST(hex_dump_long)
{
    /* 100 lines: each starts with the right offset. */
    uint8_t buf[1600];
    for (size_t i = 0; i < sizeof buf; i++) {
        buf[i] = i;
    }
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_hex_dump(&s, buf, sizeof buf, 0, true);
    const char *p = ds_cstr(&s);
    for (int line = 0; line < 100; line++) {
        char want[16];
        snprintf(want, sizeof want, "%08x  %02x",
                 line * 16, (line * 16) & 0xff);
        CHECK(!strncmp(p, want, strlen(want)));
        p = strchr(p, '\n');
        CHECK(p != NULL);
        p++;
    }
    CHECK_EQ(*p, '\0');
    ds_destroy(&s);
}

OSW_TEST(get_line)
{
    char *name = xasprintf("%s/lines", osw_test_tmpdir());
    FILE *f = fopen(name, "w");
    CHECK(f != NULL);
    fputs("one\ntwo\n\nthree", f);
    fclose(f);

    f = fopen(name, "r");
    CHECK(f != NULL);
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&s, "old contents");
    CHECK_EQ(ds_get_line(&s, f), 0);
    check_ds(&s, "one");        /* Replaced, not appended. */
    CHECK_EQ(ds_get_line(&s, f), 0);
    check_ds(&s, "two");
    CHECK_EQ(ds_get_line(&s, f), 0);
    check_ds(&s, "");
    CHECK_EQ(ds_get_line(&s, f), 0);
    check_ds(&s, "three");
    CHECK_EQ(ds_get_line(&s, f), EOF);
    CHECK_EQ(s.length, 0);
    fclose(f);
    ds_destroy(&s);
    free(name);
}

OSW_TEST_MAIN()
