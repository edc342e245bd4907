/* coverage: cheap named event counters for debugging ("coverage/show").
 *
 * A module defines a counter once with COVERAGE_DEFINE(name) at file
 * scope and bumps it with COVERAGE_INC(name) or COVERAGE_ADD(name, n)
 * from any thread: each thread counts in its own memory (no atomic
 * operation, no shared cache line), and the totals are summed when read.
 * "coverage/show" (registered by coverage_init()) prints, for every
 * counter that is not zero, its total and its rate over the last 5
 * seconds, minute and hour, as Open vSwitch's command does:
 *
 *   Event coverage, avg rate over last: 5 seconds, last minute, last hour:
 *   dp_upcall        12.0/sec     3.200/sec     0.0533/sec   total: 192
 *
 * coverage_run() (called from the main loop) takes the periodic
 * snapshots the rates come from. */
#ifndef OSW_COVERAGE_H
#define OSW_COVERAGE_H 1

#include <stdint.h>

struct ds;

struct coverage_counter {
    const char *name;
    /* Private. */
    unsigned int idx;
};

void coverage_counter_register(struct coverage_counter *);

/* The calling thread's array of slots (private to coverage.c, here only
 * so that counting is inline). */
extern __thread uint64_t *coverage_thread_slots;
extern __thread unsigned int coverage_thread_n_slots;
uint64_t *coverage_slot_slow(unsigned int idx);

/* The calling thread's slot for counter 'idx'. */
static inline uint64_t *coverage_slot(unsigned int idx)
{
    return (__builtin_expect(idx < coverage_thread_n_slots, 1)
            ? &coverage_thread_slots[idx] : coverage_slot_slow(idx));
}

#define COVERAGE_DEFINE(NAME)                                           \
    struct coverage_counter NAME##_coverage = { #NAME, 0 };             \
    static void NAME##_coverage_init(void) __attribute__((constructor)); \
    static void NAME##_coverage_init(void)                              \
    {                                                                   \
        coverage_counter_register(&NAME##_coverage);                    \
    }
#define COVERAGE_ADD(NAME, AMOUNT)                                      \
    do {                                                                \
        extern struct coverage_counter NAME##_coverage;                 \
        *coverage_slot(NAME##_coverage.idx) += (AMOUNT);                \
    } while (0)
#define COVERAGE_INC(NAME) COVERAGE_ADD(NAME, 1)

/* Registers "coverage/show" and "coverage/read-counter COUNTER" (the
 * total of one counter) with unixctl. */
void coverage_init(void);
/* Takes rate snapshots when due; cheap to call every loop. */
void coverage_run(void);
/* The same, with the monotonic time 'now' (msec) given: for tests. */
void coverage_run_at(long long int now);
/* The total of counter 'name' over all threads, or 0 if unknown. */
uint64_t coverage_get(const char *name);
/* Appends the "coverage/show" text to 'ds'. */
void coverage_format(struct ds *);

#endif /* coverage.h */
