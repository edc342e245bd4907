/* poll-loop: the event loop of a single-threaded daemon.
 *
 * A daemon's main loop is a cycle of three steps:
 *
 *     for (;;) {
 *         module_run();     // do whatever work is possible now
 *         module_wait();    // register what should wake us next
 *         poll_block();     // sleep until one of those happens
 *     }
 *
 * The *_wait() step of each module calls poll_fd_wait() for every fd it
 * wants to read or write, poll_timer_wait() for its next deadline, and
 * poll_immediate_wake() if it has more work right away.  poll_block() then
 * sleeps (with epoll) until an fd is ready, a timer expires or an immediate
 * wake-up was requested, and forgets every registration: each iteration
 * registers afresh, so no module can leave a stale wake-up behind.
 *
 * poll_block() never reports which event happened: modules find out by
 * trying their non-blocking operations again in the next _run().
 *
 * The state is per thread: each thread that calls poll_block() has its own
 * registrations and epoll instance.  Registration functions must be called
 * from the thread that will block.  After fork() the child gets an epoll
 * instance of its own on its next poll_block().
 *
 * An fd may be registered several times (its events are ORed) and may be
 * closed and its number reused between iterations.  As with poll(), a
 * regular file counts as always ready, and a closed fd wakes the loop at
 * once (with a rate-limited warning) instead of being silently ignored.
 * A pending fatal signal (see fatal-signal.h) always wakes poll_block(),
 * which then handles it.
 *
 * 'where' arguments (filled in by the macros) name the source location that
 * asked for the wake-up; "poll_loop" debug logging reports which one woke
 * the loop, and a warning (rate-limited) names the last one when the loop
 * wakes 1000 times in a row for nothing (an immediate wake-up or expired
 * timer with no fd ready), to find busy loops.  A 'where'
 * must outlive the iteration (the macros pass string literals). */
#ifndef OSW_POLL_LOOP_H
#define OSW_POLL_LOOP_H 1

#include <poll.h>

#define OSW_SOURCE_LOCATOR __FILE__ ":" OSW_STRINGIZE(__LINE__)
#define OSW_STRINGIZE(ARG) OSW_STRINGIZE2(ARG)
#define OSW_STRINGIZE2(ARG) #ARG

/* Wakes the next poll_block() when 'fd' has any of 'events' (POLLIN,
 * POLLOUT, POLLPRI, POLLRDHUP; errors and hang-ups always wake it, so 0
 * waits for those alone). */
#define poll_fd_wait(FD, EVENTS) \
    poll_fd_wait_at(FD, EVENTS, OSW_SOURCE_LOCATOR)
/* Wakes the next poll_block() after 'msec' milliseconds (0 or less: at
 * once). */
#define poll_timer_wait(MSEC) \
    poll_timer_wait_at(MSEC, OSW_SOURCE_LOCATOR)
/* Wakes the next poll_block() at monotonic time 'when' (see time_msec()). */
#define poll_timer_wait_until(WHEN) \
    poll_timer_wait_until_at(WHEN, OSW_SOURCE_LOCATOR)
/* Makes the next poll_block() return at once. */
#define poll_immediate_wake() \
    poll_immediate_wake_at(OSW_SOURCE_LOCATOR)

void poll_fd_wait_at(int fd, short int events, const char *where);
void poll_timer_wait_at(long long int msec, const char *where);
void poll_timer_wait_until_at(long long int when, const char *where);
void poll_immediate_wake_at(const char *where);

/* Sleeps until a registered event happens, then clears all registrations. */
void poll_block(void);

#endif /* poll-loop.h */
