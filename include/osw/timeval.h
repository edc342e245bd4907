/* timeval: clocks.
 *
 * time_msec()/time_usec() read CLOCK_MONOTONIC: use them for timeouts and
 * intervals, never for timestamps shown to people.  time_wall_msec() reads
 * the wall clock, for logs and for status written to the database.
 * Thread-safe. */
#ifndef OSW_TIMEVAL_H
#define OSW_TIMEVAL_H 1

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define TIME_MIN INT64_MIN
#define TIME_MAX INT64_MAX

long long int time_msec(void);
long long int time_usec(void);
long long int time_wall_msec(void);
time_t time_now(void);          /* Monotonic seconds. */
time_t time_wall(void);         /* Wall-clock seconds. */

/* Formats wall-clock time 'when_msec' with strftime() 'format' in UTC (or
 * local time if 'utc' is false) into 'buf'.  "%.###" in the format becomes
 * milliseconds. */
size_t strftime_msec(char *buf, size_t size, const char *format,
                     long long int when_msec, int utc);

/* Returns 'a' + 'b', saturating at TIME_MIN/TIME_MAX instead of overflowing. */
long long int time_add_saturating(long long int a, long long int b);

#endif /* timeval.h */
