/* Unit tests for lib/timeval.c. */
#include <config.h>
#include "osw/timeval.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "testlib.h"

/* 2023-11-14 22:13:20 UTC. */
#define T0_SEC 1700000000LL

OSW_TEST(monotonic_non_decreasing)
{
    long long int last_msec = time_msec();
    long long int last_usec = time_usec();
    for (int i = 0; i < 200000; i++) {
        long long int msec = time_msec();
        long long int usec = time_usec();
        CHECK(msec >= last_msec);
        CHECK(usec >= last_usec);
        last_msec = msec;
        last_usec = usec;
    }
    CHECK(last_msec > 0);
}

OSW_TEST(usec_msec_agree)
{
    for (int i = 0; i < 1000; i++) {
        long long int m1 = time_msec();
        long long int u = time_usec();
        long long int m2 = time_msec();
        CHECK(m1 <= u / 1000);
        CHECK(u / 1000 <= m2);

        time_t s1 = time_now();
        long long int m3 = time_msec();
        time_t s2 = time_now();
        CHECK(s1 <= m3 / 1000);
        CHECK(m3 / 1000 <= s2);
    }
}

OSW_TEST(clocks_advance)
{
    long long int m0 = time_msec();
    long long int u0 = time_usec();
    long long int w0 = time_wall_msec();
    osw_msleep(50);
    long long int m1 = time_msec();
    long long int u1 = time_usec();
    long long int w1 = time_wall_msec();
    CHECK(m1 - m0 >= 50);
    CHECK(m1 - m0 < 10000);
    CHECK(u1 - u0 >= 50000);
    /* The wall clock may be stepped, but not usually by much. */
    CHECK(w1 - w0 >= 0 && w1 - w0 < 10000);
}

OSW_TEST(wall_clock_is_wall_clock)
{
    time_t before = time(NULL);
    time_t wall = time_wall();
    long long int wall_msec = time_wall_msec();
    time_t after = time(NULL);
    CHECK(before <= wall && wall <= after);
    CHECK(before <= wall_msec / 1000 && wall_msec / 1000 <= after);
    /* Sanity: after 2020. */
    CHECK(wall > 1577836800);
}

OSW_TEST(strftime_msec_utc)
{
    char buf[64];
    size_t n = strftime_msec(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%.###Z",
                             T0_SEC * 1000 + 123, 1);
    CHECK_STREQ(buf, "2023-11-14T22:13:20.123Z");
    CHECK_EQ(n, strlen(buf));

    /* Milliseconds keep their leading zeros. */
    strftime_msec(buf, sizeof buf, "%H:%M:%S%.###", T0_SEC * 1000 + 7, 1);
    CHECK_STREQ(buf, "22:13:20.007");
    strftime_msec(buf, sizeof buf, "%H:%M:%S%.###", T0_SEC * 1000 + 999, 1);
    CHECK_STREQ(buf, "22:13:20.999");

    strftime_msec(buf, sizeof buf, "%Y-%m-%d %H:%M:%S%.###", 0, 1);
    CHECK_STREQ(buf, "1970-01-01 00:00:00.000");
}

OSW_TEST(strftime_msec_formats)
{
    char buf[64];

    /* Without "%.###" it is plain strftime(). */
    strftime_msec(buf, sizeof buf, "%Y|%j", T0_SEC * 1000 + 500, 1);
    CHECK_STREQ(buf, "2023|318");

    /* Several occurrences, and text around them. */
    strftime_msec(buf, sizeof buf, "[%.###][%S%.###]", T0_SEC * 1000 + 42, 1);
    CHECK_STREQ(buf, "[.042][20.042]");

    /* "%.###" alone. */
    size_t n = strftime_msec(buf, sizeof buf, "%.###", 1234, 1);
    CHECK_STREQ(buf, ".234");
    CHECK_EQ(n, 4);
}

OSW_TEST(strftime_msec_small_buffer)
{
    char buf[8];
    memset(buf, 'x', sizeof buf);
    size_t n = strftime_msec(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%.###",
                             T0_SEC * 1000, 1);
    CHECK_EQ(n, 0);
    CHECK_EQ(buf[0], '\0');

    /* Exactly enough room, counting the terminator. */
    char fit[13];
    n = strftime_msec(fit, sizeof fit, "%H:%M:%S%.###", T0_SEC * 1000, 1);
    CHECK_EQ(n, 12);
    CHECK_STREQ(fit, "22:13:20.000");

    /* Zero-size buffer: nothing written. */
    n = strftime_msec(buf, 0, "%Y", T0_SEC * 1000, 1);
    CHECK_EQ(n, 0);
}

OSW_TEST(strftime_msec_local)
{
    /* A fixed zone without daylight saving: five hours behind UTC. */
    CHECK_EQ(setenv("TZ", "EST5", 1), 0);
    tzset();

    char buf[64];
    strftime_msec(buf, sizeof buf, "%Y-%m-%d %H:%M:%S%.### %Z",
                  T0_SEC * 1000 + 321, 0);
    CHECK_STREQ(buf, "2023-11-14 17:13:20.321 EST");

    /* The utc flag ignores TZ. */
    strftime_msec(buf, sizeof buf, "%H:%M:%S%.###", T0_SEC * 1000 + 321, 1);
    CHECK_STREQ(buf, "22:13:20.321");
}

OSW_TEST(strftime_msec_before_epoch)
{
    char buf[64];
    strftime_msec(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%.###", -1, 1);
    CHECK_STREQ(buf, "1969-12-31T23:59:59.999");
}

OSW_TEST(strftime_msec_literal_percent)
{
    char buf[64];
    strftime_msec(buf, sizeof buf, "%%.###|%S%.###", 1500, 1);
    CHECK_STREQ(buf, "%.###|01.500");
}

OSW_TEST(add_saturating)
{
    CHECK_EQ(time_add_saturating(1, 2), 3);
    CHECK_EQ(time_add_saturating(-5, 3), -2);
    CHECK_EQ(time_add_saturating(0, 0), 0);

    /* At the limits. */
    CHECK_EQ(time_add_saturating(TIME_MAX, 0), TIME_MAX);
    CHECK_EQ(time_add_saturating(TIME_MAX - 5, 5), TIME_MAX);
    CHECK_EQ(time_add_saturating(TIME_MAX - 5, 4), TIME_MAX - 1);
    CHECK_EQ(time_add_saturating(TIME_MIN + 5, -5), TIME_MIN);
    CHECK_EQ(time_add_saturating(TIME_MIN + 5, -4), TIME_MIN + 1);

    /* Past the limits: saturates instead of wrapping. */
    CHECK_EQ(time_add_saturating(TIME_MAX, 1), TIME_MAX);
    CHECK_EQ(time_add_saturating(TIME_MAX - 5, 6), TIME_MAX);
    CHECK_EQ(time_add_saturating(TIME_MAX, TIME_MAX), TIME_MAX);
    CHECK_EQ(time_add_saturating(1, TIME_MAX), TIME_MAX);
    CHECK_EQ(time_add_saturating(TIME_MIN, -1), TIME_MIN);
    CHECK_EQ(time_add_saturating(TIME_MIN, TIME_MIN), TIME_MIN);
    CHECK_EQ(time_add_saturating(-1, TIME_MIN), TIME_MIN);

    /* Opposite signs never overflow. */
    CHECK_EQ(time_add_saturating(TIME_MAX, TIME_MIN), -1);
    CHECK_EQ(time_add_saturating(TIME_MIN, TIME_MAX), -1);

    /* The usual use: a deadline "forever" from now. */
    CHECK_EQ(time_add_saturating(time_msec(), TIME_MAX), TIME_MAX);
    long long int now = time_msec();
    CHECK_EQ(time_add_saturating(now, 1000), now + 1000);
}

OSW_TEST_MAIN()
