/* timeval: see include/osw/timeval.h. */
#include <config.h>
#include "osw/timeval.h"

#include <stdlib.h>
#include <string.h>
#include "osw/util.h"

static long long int
clock_usec(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (long long int) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

long long int
time_usec(void)
{
    return clock_usec(CLOCK_MONOTONIC);
}

long long int
time_msec(void)
{
    return time_usec() / 1000;
}

long long int
time_wall_msec(void)
{
    return clock_usec(CLOCK_REALTIME) / 1000;
}

time_t
time_now(void)
{
    return time_usec() / 1000000;
}

time_t
time_wall(void)
{
    return time_wall_msec() / 1000;
}

/* Formats 'when_msec' into 'buf', replacing each "%.###" in 'format' with
 * the milliseconds, which strftime() cannot print. */
size_t
strftime_msec(char *buf, size_t size, const char *format,
              long long int when_msec, int utc)
{
    /* Floor division, so times before 1970 get the right milliseconds. */
    int msec = ((when_msec % 1000) + 1000) % 1000;
    time_t secs = (when_msec - msec) / 1000;
    struct tm tm;
    if (utc) {
        gmtime_r(&secs, &tm);
    } else {
        localtime_r(&secs, &tm);
    }

    /* Expand "%.###" to ".NNN" before strftime() sees the format. */
    char ms[8];
    snprintf(ms, sizeof ms, ".%03d", msec);
    size_t len = strlen(format);
    char *fmt = xmalloc(len * 2 + 1);
    char *p = fmt;
    for (const char *s = format; *s; ) {
        if (!strncmp(s, "%%", 2)) {
            /* A literal '%' stays for strftime() to unescape. */
            *p++ = *s++;
            *p++ = *s++;
        } else if (!strncmp(s, "%.###", 5)) {
            memcpy(p, ms, 4);
            p += 4;
            s += 5;
        } else {
            *p++ = *s++;
        }
    }
    *p = '\0';

    size_t n = size ? strftime(buf, size, fmt, &tm) : 0;
    if (!n && size) {
        buf[0] = '\0';
    }
    free(fmt);
    return n;
}

long long int
time_add_saturating(long long int a, long long int b)
{
    long long int sum;
    if (__builtin_add_overflow(a, b, &sum)) {
        return b > 0 ? TIME_MAX : TIME_MIN;
    }
    return sum;
}
