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
 * trying their non-blocking operations again in the next _run().  (A module
 * with many mostly idle fds may ask poll_fd_is_idle() first, to skip the
 * attempts that would fail with EAGAIN; see below.)
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
#include <stdbool.h>

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

/* Like poll_fd_wait(), for an fd whose owner promises to call
 * poll_fd_closing() just before it closes the fd.  poll_block() can then
 * keep the kernel's registration from one iteration to the next, instead
 * of re-asserting it in every iteration (a system call per fd) in case the
 * fd was closed and its number reused behind its back. */
#define poll_fd_wait_owned(FD, EVENTS) \
    poll_fd_wait_owned_at(FD, EVENTS, OSW_SOURCE_LOCATOR)

void poll_fd_wait_at(int fd, short int events, const char *where);
void poll_fd_wait_owned_at(int fd, short int events, const char *where);
void poll_fd_closing(int fd);

/* Hints that spare a read or accept that would fail with EAGAIN.
 * poll_fd_is_idle() says true only if this thread's last poll_block()
 * waited on the fd for those events and the kernel reported none of them
 * (or poll_fd_drained() was called since).  The answer changes only in
 * poll_block(): data that arrives after it (even from this very thread, on
 * the other end of a socket pair) is seen once the next poll_block()
 * returns, at once since the fd is then ready.  So a caller that trusts it
 * must go through poll_block(), with the fd registered, before it tries
 * again, as an event loop does anyway; a program that writes and reads
 * both ends of a connection within one iteration should not trust it. */
bool poll_fd_is_idle(int fd, short int events);
void poll_fd_drained(int fd);
void poll_timer_wait_at(long long int msec, const char *where);
void poll_timer_wait_until_at(long long int when, const char *where);
void poll_immediate_wake_at(const char *where);

/* Sleeps until a registered event happens, then clears all registrations. */
void poll_block(void);

#endif /* poll-loop.h */
