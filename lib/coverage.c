/* coverage: see include/osw/coverage.h.
 *
 * Each thread counts into its own array of slots, indexed by counter.  The
 * arrays of all live threads are on a list, protected by 'mutex' together
 * with the registry of counters; a thread takes the mutex only to create or
 * grow its array, never to count.  Readers sum under the mutex.  The counts
 * of a thread that exits are folded into 'dead_slots' so totals never go
 * backwards.  Reads of another thread's slot race with its increments; a
 * 64-bit aligned load is atomic on the machines we run on, and a count that
 * is one behind is fine for debugging output. */
#include <config.h>
#include "osw/coverage.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "osw/list.h"
#include "osw/timeval.h"
#include "osw/unixctl.h"
#include "osw/util.h"

/* Rates: one snapshot every COVERAGE_RUN_INTERVAL ms; a minute is
 * MIN_SLOTS of them, an hour HR_SLOTS minutes. */
#define COVERAGE_RUN_INTERVAL 5000
#define MIN_SLOTS 12
#define HR_SLOTS 60

struct thread_slots {
    struct osw_list node;       /* In 'all_threads'. */
    uint64_t *slots;
    unsigned int n;
};

/* Per-counter rate history, owned by the thread calling coverage_run(). */
struct counter_history {
    uint64_t last_total;
    uint64_t min_ring[MIN_SLOTS]; /* Deltas over 5 s each. */
    uint64_t hr_ring[HR_SLOTS];   /* Deltas over 1 min each. */
};

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static struct coverage_counter **counters;   /* Indexed by 'idx'. */
static unsigned int n_counters, allocated_counters;
static struct osw_list all_threads = OSW_LIST_INITIALIZER(&all_threads);
static uint64_t *dead_slots;                 /* Sum of exited threads. */
static unsigned int n_dead_slots;

static struct counter_history *history;      /* Main thread only. */
static unsigned int n_history;
static long long int next_run;
static unsigned int n_runs;

static __thread struct thread_slots *this_thread;
__thread uint64_t *coverage_thread_slots;
__thread unsigned int coverage_thread_n_slots;
static pthread_key_t thread_key;
static pthread_once_t thread_key_once = PTHREAD_ONCE_INIT;

/* Adds counter 'c' to the registry and gives it an index.  Called from the
 * constructors that COVERAGE_DEFINE emits. */
void
coverage_counter_register(struct coverage_counter *c)
{
    pthread_mutex_lock(&mutex);
    if (n_counters >= allocated_counters) {
        size_t n = allocated_counters;
        counters = x2nrealloc(counters, &n, sizeof *counters);
        allocated_counters = n;
    }
    c->idx = n_counters;
    counters[n_counters++] = c;
    pthread_mutex_unlock(&mutex);
}

/* Grows 'array' of '*n' slots to at least 'min_n', zeroing the new slots.
 * Called with 'mutex' held. */
static uint64_t *
grow_slots(uint64_t *array, unsigned int *n, unsigned int min_n)
{
    unsigned int new_n = MAX(min_n, MAX(*n * 2, 64));

    array = xrealloc(array, new_n * sizeof *array);
    memset(array + *n, 0, (new_n - *n) * sizeof *array);
    *n = new_n;
    return array;
}

static void
thread_exit_cb(void *ts_)
{
    struct thread_slots *ts = ts_;

    pthread_mutex_lock(&mutex);
    if (n_dead_slots < ts->n) {
        dead_slots = grow_slots(dead_slots, &n_dead_slots, ts->n);
    }
    for (unsigned int i = 0; i < ts->n; i++) {
        dead_slots[i] += ts->slots[i];
    }
    osw_list_remove(&ts->node);
    pthread_mutex_unlock(&mutex);

    free(ts->slots);
    free(ts);
    this_thread = NULL;
    coverage_thread_slots = NULL;
    coverage_thread_n_slots = 0;
}

static void
create_thread_key(void)
{
    if (pthread_key_create(&thread_key, thread_exit_cb)) {
        osw_fatal(0, "coverage: pthread_key_create failed");
    }
}

/* Returns the calling thread's slot for counter 'idx', creating or growing
 * the thread's array: coverage_slot() calls this the first time a thread
 * sees such an index. */
uint64_t *
coverage_slot_slow(unsigned int idx)
{
    struct thread_slots *ts = this_thread;

    if (!ts) {
        pthread_once(&thread_key_once, create_thread_key);
        ts = xzalloc(sizeof *ts);
        pthread_mutex_lock(&mutex);
        osw_list_push_back(&all_threads, &ts->node);
        pthread_mutex_unlock(&mutex);
        pthread_setspecific(thread_key, ts);
        this_thread = ts;
    }
    if (idx >= ts->n) {
        pthread_mutex_lock(&mutex);
        ts->slots = grow_slots(ts->slots, &ts->n,
                               MAX(idx + 1, n_counters));
        pthread_mutex_unlock(&mutex);
    }
    coverage_thread_slots = ts->slots;
    coverage_thread_n_slots = ts->n;
    return &ts->slots[idx];
}

/* Sums counter 'idx' over all threads.  Called with 'mutex' held. */
static uint64_t
total__(unsigned int idx)
{
    const struct thread_slots *ts;
    uint64_t sum = idx < n_dead_slots ? dead_slots[idx] : 0;

    OSW_LIST_FOR_EACH (ts, node, &all_threads) {
        if (idx < ts->n) {
            sum += ts->slots[idx];
        }
    }
    return sum;
}

/* Stores in '*sum' the total of the counter named 'name' over all threads
 * and returns true, or returns false if there is no such counter. */
static bool
coverage_lookup(const char *name, uint64_t *sum)
{
    bool found = false;

    pthread_mutex_lock(&mutex);
    for (unsigned int i = 0; i < n_counters; i++) {
        if (!strcmp(counters[i]->name, name)) {
            *sum = total__(i);
            found = true;
            break;
        }
    }
    pthread_mutex_unlock(&mutex);
    return found;
}

/* Returns the total of the counter named 'name' over all threads, 0 if no
 * such counter exists. */
uint64_t
coverage_get(const char *name)
{
    uint64_t sum = 0;

    coverage_lookup(name, &sum);
    return sum;
}

/* Fills 'totals' (n_counters entries) with every counter's total. */
static unsigned int
read_totals(uint64_t **totals)
{
    unsigned int n;

    pthread_mutex_lock(&mutex);
    n = n_counters;
    *totals = xmalloc((n ? n : 1) * sizeof **totals);
    for (unsigned int i = 0; i < n; i++) {
        (*totals)[i] = total__(i);
    }
    pthread_mutex_unlock(&mutex);
    return n;
}

static void
take_snapshot(void)
{
    uint64_t *totals;
    unsigned int n = read_totals(&totals);
    unsigned int min_idx = n_runs % MIN_SLOTS;

    if (n > n_history) {
        history = xrealloc(history, n * sizeof *history);
        memset(history + n_history, 0, (n - n_history) * sizeof *history);
        n_history = n;
    }
    for (unsigned int i = 0; i < n; i++) {
        struct counter_history *h = &history[i];

        h->min_ring[min_idx] = totals[i] - h->last_total;
        h->last_total = totals[i];
        if (min_idx == MIN_SLOTS - 1) {
            uint64_t minute = 0;
            for (int j = 0; j < MIN_SLOTS; j++) {
                minute += h->min_ring[j];
            }
            h->hr_ring[(n_runs / MIN_SLOTS) % HR_SLOTS] = minute;
        }
    }
    n_runs++;
    free(totals);
}

/* Takes a rate snapshot if one is due.  Called from the main loop. */
void
coverage_run(void)
{
    coverage_run_at(time_msec());
}

/* Takes a rate snapshot if one is due at time 'now'. */
void
coverage_run_at(long long int now)
{
    if (now >= next_run) {
        if (!next_run) {
            next_run = now;
        }
        take_snapshot();
        next_run += COVERAGE_RUN_INTERVAL;
        if (next_run <= now) {
            /* We slept through several intervals: count it as one. */
            next_run = now + COVERAGE_RUN_INTERVAL;
        }
    }
}

static int
compare_names(const void *a_, const void *b_)
{
    const struct coverage_counter *const *a = a_;
    const struct coverage_counter *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

static void
format_counter(struct ds *s, const struct coverage_counter *c,
               uint64_t total)
{
    double sec5 = 0, min = 0, hr = 0;

    if (c->idx < n_history && n_runs) {
        const struct counter_history *h = &history[c->idx];
        uint64_t min_sum = 0, hr_sum = 0;

        sec5 = h->min_ring[(n_runs - 1) % MIN_SLOTS] / 5.0;
        for (int j = 0; j < MIN_SLOTS; j++) {
            min_sum += h->min_ring[j];
        }
        for (int j = 0; j < HR_SLOTS; j++) {
            hr_sum += h->hr_ring[j];
        }
        min = min_sum / 60.0;
        hr = hr_sum / 3600.0;
    }
    ds_put_format(s, "%-24s %5.1f/sec %9.3f/sec %13.4f/sec   total: %"
                  PRIu64"\n", c->name, sec5, min, hr, total);
}

/* Appends to 's' the "coverage/show" output: each counter that is not zero
 * with its rates and total, sorted by name, then how many are zero. */
void
coverage_format(struct ds *s)
{
    struct coverage_counter **sorted;
    uint64_t *totals;
    unsigned int n, n_zero = 0;

    n = read_totals(&totals);
    sorted = xmalloc((n ? n : 1) * sizeof *sorted);
    pthread_mutex_lock(&mutex);
    memcpy(sorted, counters, n * sizeof *sorted);
    pthread_mutex_unlock(&mutex);
    qsort(sorted, n, sizeof *sorted, compare_names);

    ds_put_cstr(s, "Event coverage, avg rate over last: 5 seconds, "
                "last minute, last hour:\n");
    for (unsigned int i = 0; i < n; i++) {
        uint64_t total = totals[sorted[i]->idx];
        if (total) {
            format_counter(s, sorted[i], total);
        } else {
            n_zero++;
        }
    }
    ds_put_format(s, "%u events never hit\n", n_zero);
    free(sorted);
    free(totals);
}

static void
coverage_show_cb(struct unixctl_conn *conn, int argc OSW_UNUSED,
                 const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    coverage_format(&s);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

/* coverage/read-counter COUNTER: its total, as Open vSwitch prints it. */
static void
coverage_read_counter_cb(struct unixctl_conn *conn, int argc OSW_UNUSED,
                         const char *argv[], void *aux OSW_UNUSED)
{
    uint64_t sum;

    if (!coverage_lookup(argv[1], &sum)) {
        unixctl_command_reply_error(conn, "No such counter");
        return;
    }
    char *s = xasprintf("%"PRIu64, sum);
    unixctl_command_reply(conn, s);
    free(s);
}

/* Registers the "coverage/show" and "coverage/read-counter" commands. */
void
coverage_init(void)
{
    unixctl_command_register("coverage/show", "", 0, 0, coverage_show_cb,
                             NULL);
    unixctl_command_register("coverage/read-counter", "COUNTER", 1, 1,
                             coverage_read_counter_cb, NULL);
}
