#include <config.h>
#include "osw/poll-loop.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "testlib.h"

/* A poll_block() that should return "at once" must do so well before this;
 * generous, because the test machine may be busy. */
#define QUICK_MSEC 1000

/* A timer no test should ever reach. */
#define LONG_MSEC 10000

static void
make_pipe(int fds[2])
{
    CHECK(!pipe(fds));
}

static void
close_pipe(int fds[2])
{
    close(fds[0]);
    close(fds[1]);
}

/* Runs one poll_block() and returns how long it slept, in ms. */
static long long int
timed_block(void)
{
    long long int start = time_msec();
    poll_block();
    return time_msec() - start;
}

/* Registers a timer 'msec' from now, runs one poll_block() and returns true
 * if nothing woke it before the timer.  Time is measured from the
 * registration: under valgrind a lot may pass before the block starts. */
static bool
sleeps_until_timer(long long int msec)
{
    long long int start = time_msec();
    poll_timer_wait(msec);
    poll_block();
    return time_msec() - start >= msec;
}

static bool
fd_is_readable(int fd)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

OSW_TEST(readable_fd_wakes)
{
    int fds[2];
    make_pipe(fds);
    CHECK(write(fds[1], "x", 1) == 1);

    poll_fd_wait(fds[0], POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close_pipe(fds);
}

OSW_TEST(unready_fd_sleeps_until_timer)
{
    int fds[2];
    make_pipe(fds);

    poll_fd_wait(fds[0], POLLIN);
    CHECK(sleeps_until_timer(100));
    close_pipe(fds);
}

OSW_TEST(writable_fd_wakes)
{
    int fds[2];
    make_pipe(fds);
    poll_fd_wait(fds[1], POLLOUT);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close_pipe(fds);
}

/* Another thread makes the pipe readable while we sleep. */
static void *
write_later(void *fd_)
{
    int fd = *(int *) fd_;
    osw_msleep(100);
    if (write(fd, "y", 1) != 1) {
        abort();
    }
    return NULL;
}

OSW_TEST(fd_becomes_readable_while_blocked)
{
    int fds[2];
    make_pipe(fds);

    pthread_t thread;
    CHECK(!pthread_create(&thread, NULL, write_later, &fds[1]));
    poll_fd_wait(fds[0], POLLIN);
    poll_timer_wait(LONG_MSEC);
    long long int elapsed = timed_block();
    CHECK(elapsed >= 50);
    CHECK(elapsed < LONG_MSEC / 2);
    CHECK(fd_is_readable(fds[0]));
    pthread_join(thread, NULL);
    close_pipe(fds);
}

OSW_TEST(hangup_wakes_even_without_events)
{
    int fds[2];
    CHECK(!socketpair(AF_UNIX, SOCK_STREAM, 0, fds));
    close(fds[1]);

    /* Events 0: only errors and hang-ups, which must still wake us. */
    poll_fd_wait(fds[0], 0);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close(fds[0]);
}

OSW_TEST(pipe_writer_closed_wakes_reader)
{
    int fds[2];
    make_pipe(fds);
    close(fds[1]);
    poll_fd_wait(fds[0], POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close(fds[0]);
}

OSW_TEST(error_wakes_writer)
{
    int fds[2];
    make_pipe(fds);
    /* Make the pipe full so POLLOUT alone would not wake us. */
    CHECK(!set_nonblocking(fds[1]));
    char buf[4096] = { 0 };
    while (write(fds[1], buf, sizeof buf) > 0) {
        continue;
    }
    poll_fd_wait(fds[1], POLLOUT);
    CHECK(sleeps_until_timer(100));

    /* Closing the reader is an error condition for the writer. */
    close(fds[0]);
    poll_fd_wait(fds[1], POLLOUT);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close(fds[1]);
}

OSW_TEST(timer_not_early)
{
    for (int i = 0; i < 5; i++) {
        long long int start = time_msec();
        poll_timer_wait(30);
        poll_block();
        CHECK(time_msec() - start >= 30);
    }
}

OSW_TEST(earliest_timer_wins)
{
    long long int start = time_msec();
    poll_timer_wait(300);
    poll_timer_wait(100);
    poll_timer_wait(200);
    poll_block();
    long long int elapsed = time_msec() - start;
    CHECK(elapsed >= 100);
    CHECK(elapsed < 300);
}

OSW_TEST(timers_fire_in_order)
{
    long long int start = time_msec();
    long long int deadlines[3] = { start + 150, start + 50, start + 100 };
    bool fired[3] = { false, false, false };
    int order[3];
    int n_fired = 0;
    int n_spurious = 0;

    while (n_fired < 3) {
        for (int i = 0; i < 3; i++) {
            if (!fired[i]) {
                poll_timer_wait_until(deadlines[i]);
            }
        }
        poll_block();

        long long int now = time_msec();
        bool any = false;
        for (int i = 0; i < 3; i++) {
            if (!fired[i] && now >= deadlines[i]) {
                fired[i] = true;
                order[n_fired++] = i;
                any = true;
            }
        }
        /* Woken with nothing due means a timer fired early. */
        n_spurious += !any;
        CHECK(now - start < LONG_MSEC);
    }
    CHECK_EQ(n_spurious, 0);
    CHECK_EQ(order[0], 1);
    CHECK_EQ(order[1], 2);
    CHECK_EQ(order[2], 0);
}

OSW_TEST(timer_until_in_the_past_is_immediate)
{
    poll_timer_wait_until(time_msec() - 1000);
    CHECK(timed_block() < QUICK_MSEC);
    poll_timer_wait_until(LLONG_MIN);
    CHECK(timed_block() < QUICK_MSEC);
}

OSW_TEST(huge_timer_does_not_overflow)
{
    int fds[2];
    make_pipe(fds);
    CHECK(write(fds[1], "x", 1) == 1);
    /* Saturates instead of wrapping into the past. */
    poll_timer_wait(LLONG_MAX);
    poll_timer_wait_until(LLONG_MAX - 1);
    poll_fd_wait(fds[0], POLLIN);
    CHECK(timed_block() < QUICK_MSEC);
    close_pipe(fds);
}

OSW_TEST(immediate_wake)
{
    poll_timer_wait(LONG_MSEC);
    poll_immediate_wake();
    CHECK(timed_block() < QUICK_MSEC);
}

OSW_TEST(zero_and_negative_timers_are_immediate)
{
    poll_timer_wait(0);
    CHECK(timed_block() < QUICK_MSEC);
    poll_timer_wait(-5);
    CHECK(timed_block() < QUICK_MSEC);
}

OSW_TEST(registrations_cleared_after_block)
{
    int fds[2];
    make_pipe(fds);
    CHECK(write(fds[1], "x", 1) == 1);

    poll_immediate_wake();
    poll_fd_wait(fds[0], POLLIN);
    CHECK(timed_block() < QUICK_MSEC);

    /* Neither the immediate wake nor the still-readable fd carries over. */
    CHECK(sleeps_until_timer(100));

    /* Nor does a timer. */
    poll_timer_wait(1);
    poll_block();
    poll_immediate_wake();
    poll_block();
    poll_fd_wait(fds[1], 0);
    CHECK(sleeps_until_timer(100));
    close_pipe(fds);
}

OSW_TEST(same_fd_registered_twice)
{
    int fds[2];
    CHECK(!socketpair(AF_UNIX, SOCK_STREAM, 0, fds));

    /* Not readable, but writable: the OR of both must wake us. */
    poll_fd_wait(fds[0], POLLIN);
    poll_fd_wait(fds[0], POLLOUT);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);

    /* Twice with the same events: one registration, sleeps normally. */
    poll_fd_wait(fds[0], POLLIN);
    poll_fd_wait(fds[0], POLLIN);
    CHECK(sleeps_until_timer(100));

    CHECK(write(fds[1], "x", 1) == 1);
    poll_fd_wait(fds[0], POLLIN);
    poll_fd_wait(fds[0], POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close_pipe(fds);
}

OSW_TEST(events_change_between_iterations)
{
    int fds[2];
    CHECK(!socketpair(AF_UNIX, SOCK_STREAM, 0, fds));

    poll_fd_wait(fds[0], POLLOUT);
    CHECK(timed_block() < QUICK_MSEC);

    /* Same fd, now only POLLIN: the kernel's set must be modified, or the
     * still-writable socket would wake us. */
    poll_fd_wait(fds[0], POLLIN);
    CHECK(sleeps_until_timer(100));

    poll_fd_wait(fds[0], POLLIN | POLLOUT);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close_pipe(fds);
}

OSW_TEST(fd_dropped_between_iterations)
{
    int a[2], b[2];
    make_pipe(a);
    make_pipe(b);
    CHECK(write(a[1], "x", 1) == 1);

    poll_fd_wait(a[0], POLLIN);
    poll_fd_wait(b[0], POLLIN);
    CHECK(timed_block() < QUICK_MSEC);

    /* a[0] is still readable but no longer registered. */
    poll_fd_wait(b[0], POLLIN);
    CHECK(sleeps_until_timer(100));
    close_pipe(a);
    close_pipe(b);
}

OSW_TEST(fd_closed_and_reused)
{
    int a[2], b[2];
    make_pipe(a);
    poll_fd_wait(a[0], POLLIN);
    poll_timer_wait(1);
    poll_block();

    /* The kernel dropped a[0]'s registration when we closed it; the new
     * pipe gets the same numbers, which poll_block() must register anew. */
    int old_fd = a[0];
    close_pipe(a);
    make_pipe(b);
    CHECK_EQ(b[0], old_fd);

    poll_fd_wait(b[0], POLLIN);
    CHECK(sleeps_until_timer(100));

    CHECK(write(b[1], "x", 1) == 1);
    poll_fd_wait(b[0], POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close_pipe(b);
}

OSW_TEST(fd_closed_and_reused_while_old_file_lives)
{
    int a[2], b[2];
    make_pipe(a);
    /* Keep a[0]'s file open under another number, and readable, so its
     * epoll registration survives the close as a ghost under the old
     * number. */
    int keep = dup(a[0]);
    CHECK(keep >= 0);
    CHECK(write(a[1], "x", 1) == 1);
    poll_fd_wait(a[0], POLLIN);
    CHECK(timed_block() < QUICK_MSEC);

    int old_fd = a[0];
    close(a[0]);
    make_pipe(b);
    CHECK_EQ(b[0], old_fd);

    /* The readable ghost wakes us once; then the loop must have rid itself
     * of it and sleep for the whole timer instead of spinning. */
    long long int start = time_msec();
    int n_wakeups = 0;
    while (time_msec() - start < 200) {
        poll_fd_wait(b[0], POLLIN);
        poll_timer_wait_until(start + 200);
        poll_block();
        n_wakeups++;
        CHECK(n_wakeups <= 3);
    }
    CHECK_EQ(n_wakeups, 2);

    /* And the new file still works. */
    CHECK(write(b[1], "z", 1) == 1);
    poll_fd_wait(b[0], POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);

    close(keep);
    close(a[1]);
    close_pipe(b);
}

OSW_TEST(closed_fd_does_not_hang)
{
    /* A number far from those the loop itself opens (its epoll instance,
     * the fatal-signal pipe), so it stays closed. */
    int fd = 1000;
    CHECK(fcntl(fd, F_GETFD) < 0);

    /* poll() would report POLLNVAL: we must not sleep forever either. */
    poll_fd_wait(fd, POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);

    /* An fd registered fine last time and closed since. */
    int fds[2];
    make_pipe(fds);
    CHECK(dup2(fds[0], fd) == fd);
    poll_fd_wait(fd, POLLIN);
    poll_timer_wait(1);
    poll_block();
    close(fd);
    poll_fd_wait(fd, POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close_pipe(fds);
}

OSW_TEST(regular_file_is_always_ready)
{
    char *name = xasprintf("%s/file", osw_test_tmpdir());
    int fd = open(name, O_CREAT | O_RDWR, 0644);
    CHECK(fd >= 0);

    /* epoll refuses regular files; poll() says they are always ready. */
    poll_fd_wait(fd, POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close(fd);
    free(name);
}

OSW_TEST(many_fds)
{
    enum { N = 200 };
    int fds[N][2];
    for (int i = 0; i < N; i++) {
        make_pipe(fds[i]);
    }

    poll_fd_wait(fds[N - 1][0], POLLIN);
    for (int i = 0; i < N; i++) {
        poll_fd_wait(fds[i][0], POLLIN);
    }
    CHECK(sleeps_until_timer(50));

    CHECK(write(fds[N / 2][1], "x", 1) == 1);
    for (int i = N; i-- > 0; ) {
        poll_fd_wait(fds[i][0], POLLIN);
    }
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);

    for (int i = 0; i < N; i++) {
        close_pipe(fds[i]);
    }
}

/* Owned fds: registrations kept across iterations. */

OSW_TEST(owned_fd_kept_across_iterations)
{
    int a[2];
    make_pipe(a);

    /* Registered and left alone for a few iterations, it must still wake
     * us once it becomes readable. */
    for (int i = 0; i < 3; i++) {
        poll_fd_wait_owned(a[0], POLLIN);
        CHECK(sleeps_until_timer(20));
    }
    CHECK(write(a[1], "x", 1) == 1);
    poll_fd_wait_owned(a[0], POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);

    /* Its events may change: now for writing (always possible). */
    poll_fd_wait_owned(a[1], POLLOUT);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    poll_fd_closing(a[0]);
    poll_fd_closing(a[1]);
    close_pipe(a);
}

OSW_TEST(owned_fd_closed_and_reused)
{
    int a[2], b[2];
    make_pipe(a);
    poll_fd_wait_owned(a[0], POLLIN);
    CHECK(sleeps_until_timer(1));

    int old_fd = a[0];
    poll_fd_closing(a[0]);
    close_pipe(a);
    make_pipe(b);
    CHECK_EQ(b[0], old_fd);

    /* Same number, same events: the new file must be registered anew. */
    poll_fd_wait_owned(b[0], POLLIN);
    CHECK(sleeps_until_timer(50));
    CHECK(write(b[1], "x", 1) == 1);
    poll_fd_wait_owned(b[0], POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close_pipe(b);
}

OSW_TEST(owned_fd_closed_while_old_file_lives)
{
    int a[2], b[2];
    make_pipe(a);
    int keep = dup(a[0]);
    CHECK(keep >= 0);
    CHECK(write(a[1], "x", 1) == 1);
    poll_fd_wait_owned(a[0], POLLIN);
    CHECK(timed_block() < QUICK_MSEC);

    /* poll_fd_closing() removes the registration while it still can, so
     * the readable old file cannot wake us even once. */
    int old_fd = a[0];
    poll_fd_closing(a[0]);
    close(a[0]);
    make_pipe(b);
    CHECK_EQ(b[0], old_fd);
    poll_fd_wait_owned(b[0], POLLIN);
    CHECK(sleeps_until_timer(100));

    CHECK(write(b[1], "z", 1) == 1);
    poll_fd_wait_owned(b[0], POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close(keep);
    close(a[1]);
    close_pipe(b);
}

struct closer_arg {
    int fds[2];                 /* Closed by the thread, then reopened. */
};

static void *
closer_main(void *arg_)
{
    struct closer_arg *arg = arg_;
    int old_fd = arg->fds[0];

    poll_fd_closing(arg->fds[0]);
    close_pipe(arg->fds);
    make_pipe(arg->fds);
    CHECK_EQ(arg->fds[0], old_fd);
    return NULL;
}

OSW_TEST(owned_fd_closed_by_another_thread)
{
    struct closer_arg arg;
    make_pipe(arg.fds);
    poll_fd_wait_owned(arg.fds[0], POLLIN);
    CHECK(sleeps_until_timer(1));

    /* Another thread closes it and gets the same number for a new pipe:
     * our next poll_block() must notice, though the close happened
     * elsewhere. */
    pthread_t t;
    CHECK(!pthread_create(&t, NULL, closer_main, &arg));
    pthread_join(t, NULL);

    CHECK(write(arg.fds[1], "x", 1) == 1);
    poll_fd_wait_owned(arg.fds[0], POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close_pipe(arg.fds);
}

OSW_TEST(idle_hints)
{
    int a[2];
    make_pipe(a);

    /* Nothing known before any poll_block() saw the fd. */
    CHECK(!poll_fd_is_idle(a[0], POLLIN));

    poll_fd_wait_owned(a[0], POLLIN);
    CHECK(sleeps_until_timer(10));
    CHECK(poll_fd_is_idle(a[0], POLLIN));
    /* Not waited for, so not known. */
    CHECK(!poll_fd_is_idle(a[0], POLLOUT));
    CHECK(!poll_fd_is_idle(a[1], POLLIN));

    /* Data that arrives now is seen by the next poll_block(), which must
     * return at once; the hint changes only there. */
    CHECK(write(a[1], "xy", 2) == 2);
    CHECK(poll_fd_is_idle(a[0], POLLIN));
    poll_fd_wait_owned(a[0], POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    CHECK(!poll_fd_is_idle(a[0], POLLIN));

    /* A reader that took everything says so. */
    char buf[8];
    CHECK(read(a[0], buf, sizeof buf) == 2);
    poll_fd_drained(a[0]);
    CHECK(poll_fd_is_idle(a[0], POLLIN));

    /* A hang-up is never idle, drained or not. */
    poll_fd_closing(a[1]);
    close(a[1]);
    poll_fd_wait_owned(a[0], POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    poll_fd_drained(a[0]);
    CHECK(!poll_fd_is_idle(a[0], POLLIN));

    /* Closing forgets. */
    poll_fd_closing(a[0]);
    CHECK(!poll_fd_is_idle(a[0], POLLIN));
    close(a[0]);
}

/* Per-thread independence. */
struct thread_arg {
    int fd;                     /* Readable fd to wait on, or -1. */
    long long int timer;        /* Timer to register. */
    long long int elapsed;      /* Output: how long poll_block() slept. */
    pthread_barrier_t *barrier;
};

static void *
thread_main(void *arg_)
{
    struct thread_arg *arg = arg_;

    if (arg->fd >= 0) {
        poll_fd_wait(arg->fd, POLLIN);
    } else {
        poll_immediate_wake();
    }
    /* Both threads have registered before either blocks. */
    pthread_barrier_wait(arg->barrier);
    if (arg->fd < 0) {
        /* Registered an immediate wake, then forgot it by blocking here
         * once; the next one must sleep. */
        poll_block();
    }
    poll_timer_wait(arg->timer);
    arg->elapsed = timed_block();
    return NULL;
}

OSW_TEST(threads_are_independent)
{
    int ready[2], idle[2];
    make_pipe(ready);
    make_pipe(idle);
    CHECK(write(ready[1], "x", 1) == 1);

    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, 3);

    /* Thread A's readable fd must not wake thread B, which waits on an
     * idle pipe; B's registrations must not wake A. */
    struct thread_arg a = { ready[0], LONG_MSEC, 0, &barrier };
    struct thread_arg b = { idle[0], 200, 0, &barrier };
    pthread_t ta, tb;
    CHECK(!pthread_create(&ta, NULL, thread_main, &a));
    CHECK(!pthread_create(&tb, NULL, thread_main, &b));

    /* This thread registers an immediate wake it never blocks on: that
     * must not leak into the others either. */
    poll_immediate_wake();
    pthread_barrier_wait(&barrier);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);

    CHECK(a.elapsed < QUICK_MSEC);
    CHECK(b.elapsed >= 200);

    /* Now a thread that registered an immediate wake and cleared it. */
    pthread_barrier_t barrier2;
    pthread_barrier_init(&barrier2, NULL, 2);
    struct thread_arg c = { -1, 100, 0, &barrier2 };
    pthread_t tc;
    CHECK(!pthread_create(&tc, NULL, thread_main, &c));
    pthread_barrier_wait(&barrier2);
    pthread_join(tc, NULL);
    CHECK(c.elapsed >= 100);

    /* Ours is still pending. */
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);

    pthread_barrier_destroy(&barrier);
    pthread_barrier_destroy(&barrier2);
    close_pipe(ready);
    close_pipe(idle);
}

OSW_TEST(fork_child_gets_own_epoll)
{
    int mine[2], childs[2];
    make_pipe(mine);
    make_pipe(childs);
    CHECK(write(childs[1], "x", 1) == 1);

    /* Our epoll set holds 'mine' when we fork. */
    poll_fd_wait(mine[0], POLLIN);
    poll_timer_wait(1);
    poll_block();

    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        /* Were the instance shared, these would remove 'mine' from the
         * parent's set and add a readable fd to it. */
        for (int i = 0; i < 3; i++) {
            poll_fd_wait(childs[0], POLLIN);
            poll_block();
        }
        _exit(0);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && !WEXITSTATUS(status));

    long long int start = time_msec();
    int n_wakeups = 0;
    while (time_msec() - start < 100) {
        poll_fd_wait(mine[0], POLLIN);
        poll_timer_wait_until(start + 100);
        poll_block();
        n_wakeups++;
    }
    CHECK_EQ(n_wakeups, 1);

    CHECK(write(mine[1], "x", 1) == 1);
    poll_fd_wait(mine[0], POLLIN);
    poll_timer_wait(LONG_MSEC);
    CHECK(timed_block() < QUICK_MSEC);
    close_pipe(mine);
    close_pipe(childs);
}

/* Sends stderr (the console log) to a file and returns its name. */
static char *
capture_stderr(void)
{
    char *name = xasprintf("%s/stderr", osw_test_tmpdir());
    int fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(dup2(fd, STDERR_FILENO) == STDERR_FILENO);
    close(fd);
    return name;
}

/* Returns the contents of 'name'.  Caller frees. */
static char *
slurp(const char *name)
{
    FILE *f = fopen(name, "r");
    CHECK(f != NULL);
    char *buf = xzalloc(65536);
    size_t n = fread(buf, 1, 65535, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

OSW_TEST(debug_log_names_the_waker)
{
    char *name = capture_stderr();
    char *error = vlog_set_levels_from_string("poll_loop:console:dbg");
    CHECK(!error);

    int fds[2];
    make_pipe(fds);
    CHECK(write(fds[1], "x", 1) == 1);
    poll_fd_wait(fds[0], POLLIN);
    poll_block();

    poll_immediate_wake();
    poll_block();

    poll_timer_wait(1);
    poll_block();

    char *log = slurp(name);
    /* The source file name may be absolute or relative: match around
     * it. */
    char *fd_part = xasprintf("wakeup due to [IN] on fd %d at ", fds[0]);
    CHECK(strstr(log, fd_part));
    CHECK(strstr(log, "test-poll-loop.c:"));
    CHECK(strstr(log, "wakeup due to immediate wake at "));
    CHECK(strstr(log, "-ms timeout at "));
    CHECK(strstr(log, "|poll_loop|DBG|"));
    free(fd_part);
    free(log);
    free(name);
    close_pipe(fds);
}

OSW_TEST(busy_loop_warning)
{
    char *name = capture_stderr();

    /* A sleeping iteration resets the count. */
    for (int i = 0; i < 900; i++) {
        poll_immediate_wake();
        poll_block();
    }
    poll_timer_wait(5);
    poll_block();
    for (int i = 0; i < 900; i++) {
        poll_immediate_wake();
        poll_block();
    }
    char *log = slurp(name);
    CHECK(!strstr(log, "in a row"));
    free(log);

    /* A ready fd is work, not spinning, however long it stays ready. */
    int fds[2];
    CHECK(!pipe(fds));
    CHECK_EQ(write(fds[1], "x", 1), 1);
    for (int i = 0; i < 1500; i++) {
        poll_fd_wait(fds[0], POLLIN);
        poll_immediate_wake();
        poll_block();
    }
    log = slurp(name);
    CHECK(!strstr(log, "in a row"));
    free(log);
    close(fds[0]);
    close(fds[1]);

    for (int i = 0; i < 1000; i++) {
        poll_immediate_wake();
        poll_block();
    }
    log = slurp(name);
    CHECK(strstr(log, "|poll_loop|WARN|woke up 1000 times in a row with "
                 "nothing to do; last wakeup at "));
    CHECK(strstr(log, "test-poll-loop.c:"));
    free(log);
    free(name);
}

OSW_TEST_MAIN()
