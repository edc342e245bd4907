#include <config.h>
#include "osw/fatal-signal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "osw/poll-loop.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "testlib.h"

/* Every case forks: fatal signals kill the process that receives them, and
 * the parent checks what was left behind. */

static char *
tmp_file(const char *name)
{
    return xasprintf("%s/%s", osw_test_tmpdir(), name);
}

static void
create_file(const char *name)
{
    int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    close(fd);
}

static bool
file_exists(const char *name)
{
    struct stat s;
    return !stat(name, &s);
}

/* Returns the contents of 'name' (at most 63 bytes) as a string, "" if it
 * does not exist.  Caller frees. */
static char *
read_file(const char *name)
{
    char buf[64];
    ssize_t n = 0;
    int fd = open(name, O_RDONLY);
    if (fd >= 0) {
        n = read(fd, buf, sizeof buf - 1);
        close(fd);
    }
    return xmemdup0(buf, n > 0 ? n : 0);
}

/* Hook: appends the string 'aux' to the marker file.  A static buffer, so
 * children that exit() need not free it before the hook runs. */
static char marker[4096];

static void
init_marker(void)
{
    snprintf(marker, sizeof marker, "%s/marker", osw_test_tmpdir());
}

static void
append_marker(void *aux)
{
    const char *s = aux;
    int fd = open(marker, O_CREAT | O_WRONLY | O_APPEND, 0644);
    if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t) strlen(s)) {
        abort();
    }
    close(fd);
}

/* Runs the poll loop until something ends the process. */
static void OSW_NO_RETURN
loop_forever(void)
{
    long long int deadline = time_msec() + 10000;
    while (time_msec() < deadline) {
        poll_timer_wait_until(deadline);
        poll_block();
    }
    _exit(99);
}

static int
wait_child(pid_t pid)
{
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    return status;
}

static bool
killed_by(int status, int sig_nr)
{
    return WIFSIGNALED(status) && WTERMSIG(status) == sig_nr;
}

/* A child that registers 'file' and two hooks, then kills itself with
 * 'sig_nr' and enters the poll loop. */
static void
check_signal_cleans_up(int sig_nr)
{
    char *file = tmp_file("file");
    init_marker();
    create_file(file);

    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        fatal_signal_add_file_to_unlink(file);
        fatal_signal_add_hook(append_marker, "1");
        fatal_signal_add_hook(append_marker, "2");
        kill(getpid(), sig_nr);
        loop_forever();
    }

    int status = wait_child(pid);
    CHECK(killed_by(status, sig_nr));
    CHECK(!file_exists(file));

    /* Hooks ran once each (not again at exit), last registered first. */
    char *s = read_file(marker);
    CHECK_STREQ(s, "21");
    free(s);
    free(file);
}

OSW_TEST(sigterm_cleans_up_and_reraises)
{
    check_signal_cleans_up(SIGTERM);
}

OSW_TEST(sigint_cleans_up_and_reraises)
{
    check_signal_cleans_up(SIGINT);
}

OSW_TEST(sighup_cleans_up_and_reraises)
{
    check_signal_cleans_up(SIGHUP);
}

OSW_TEST(sigalrm_cleans_up_and_reraises)
{
    check_signal_cleans_up(SIGALRM);
}

OSW_TEST(signal_wakes_blocked_loop)
{
    char *file = tmp_file("file");
    create_file(file);
    int fds[2];
    CHECK(!pipe(fds));

    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        fatal_signal_add_file_to_unlink(file);
        close(fds[0]);
        /* Tell the parent we are about to sleep for a long time. */
        CHECK(write(fds[1], "x", 1) == 1);
        loop_forever();
    }

    close(fds[1]);
    char c;
    CHECK(read(fds[0], &c, 1) == 1);
    osw_msleep(50);
    long long int start = time_msec();
    CHECK(!kill(pid, SIGTERM));
    int status = wait_child(pid);
    CHECK(time_msec() - start < 5000);
    CHECK(killed_by(status, SIGTERM));
    CHECK(!file_exists(file));
    close(fds[0]);
    free(file);
}

OSW_TEST(exit_cleans_up)
{
    char *file = tmp_file("file");
    init_marker();
    create_file(file);

    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        fatal_signal_add_hook(append_marker, "a");
        fatal_signal_add_file_to_unlink(file);
        fatal_signal_add_hook(append_marker, "b");
        free(file);
        exit(3);
    }

    int status = wait_child(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3);
    CHECK(!file_exists(file));
    char *s = read_file(marker);
    CHECK_STREQ(s, "ba");
    free(s);
    free(file);
}

OSW_TEST(remove_file_to_unlink)
{
    char *keep = tmp_file("keep");
    char *gone = tmp_file("gone");
    create_file(keep);
    create_file(gone);

    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        fatal_signal_add_file_to_unlink(keep);
        fatal_signal_add_file_to_unlink(gone);
        /* Twice is the same as once: one removal forgets it. */
        fatal_signal_add_file_to_unlink(keep);
        fatal_signal_remove_file_to_unlink(keep);
        /* Removing an unknown name is harmless. */
        fatal_signal_remove_file_to_unlink("/nonexistent");
        raise(SIGTERM);
        loop_forever();
    }

    CHECK(killed_by(wait_child(pid), SIGTERM));
    CHECK(file_exists(keep));
    CHECK(!file_exists(gone));
    free(keep);
    free(gone);
}

OSW_TEST(unlink_file_now)
{
    char *file = tmp_file("file");
    create_file(file);

    fatal_signal_add_file_to_unlink(file);
    CHECK_EQ(fatal_signal_unlink_file_now(file), 0);
    CHECK(!file_exists(file));
    CHECK_EQ(fatal_signal_unlink_file_now(file), ENOENT);

    /* Forgotten: a new file by that name survives our exit. */
    create_file(file);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        free(file);
        exit(0);
    }
    CHECK(WIFEXITED(wait_child(pid)));
    CHECK(file_exists(file));
    free(file);
}

/* A hook that calls back into the module while it cleans up. */
static void
unlink_hook(void *file)
{
    fatal_signal_unlink_file_now(file);
    fatal_signal_add_file_to_unlink("/nonexistent/late");
}

OSW_TEST(hook_may_call_module)
{
    char *file = tmp_file("file");
    create_file(file);

    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        fatal_signal_add_hook(unlink_hook, file);
        raise(SIGTERM);
        loop_forever();
    }
    CHECK(killed_by(wait_child(pid), SIGTERM));
    CHECK(!file_exists(file));
    free(file);
}

OSW_TEST(fork_forgets_parents_files)
{
    char *parents = tmp_file("parents");
    char *childs = tmp_file("childs");
    init_marker();
    create_file(parents);
    create_file(childs);

    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        /* The process under test: registers, then forks a child. */
        fatal_signal_add_file_to_unlink(parents);
        fatal_signal_add_hook(append_marker, "p");

        pid_t child = fork();
        CHECK(child >= 0);
        if (!child) {
            fatal_signal_fork();
            fatal_signal_add_file_to_unlink(childs);
            raise(SIGTERM);
            loop_forever();
        }
        CHECK(killed_by(wait_child(child), SIGTERM));
        CHECK(file_exists(parents));
        CHECK(!file_exists(childs));
        char *s = read_file(marker);
        CHECK_STREQ(s, "");
        free(s);

        /* The child's signal went to its own pipe, not ours: we sleep. */
        long long int start = time_msec();
        poll_timer_wait(100);
        poll_block();
        CHECK(time_msec() - start >= 100);
        free(parents);
        free(childs);
        exit(0);
    }

    int status = wait_child(pid);
    CHECK(WIFEXITED(status) && !WEXITSTATUS(status));
    CHECK(!file_exists(parents));
    char *s = read_file(marker);
    CHECK_STREQ(s, "p");
    free(s);
    free(parents);
    free(childs);
}

OSW_TEST(second_signal_kills_at_once)
{
    char *file = tmp_file("file");
    init_marker();
    create_file(file);

    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        fatal_signal_add_file_to_unlink(file);
        fatal_signal_add_hook(append_marker, "x");
        /* Nobody runs the poll loop between the two signals. */
        raise(SIGTERM);
        raise(SIGINT);
        _exit(99);
    }

    CHECK(killed_by(wait_child(pid), SIGINT));
    /* Killed outright, without cleaning up. */
    CHECK(file_exists(file));
    char *s = read_file(marker);
    CHECK_STREQ(s, "");
    free(s);
    free(file);
}

OSW_TEST(ignored_signal_stays_ignored)
{
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        /* As under nohup. */
        signal(SIGHUP, SIG_IGN);
        fatal_signal_init();
        raise(SIGHUP);
        poll_timer_wait(20);
        poll_block();
        exit(7);
    }
    int status = wait_child(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
}

OSW_TEST(run_without_signal_does_nothing)
{
    fatal_signal_init();
    fatal_signal_init();
    fatal_signal_run();
    long long int start = time_msec();
    fatal_signal_wait();
    poll_timer_wait(50);
    poll_block();
    CHECK(time_msec() - start >= 50);
}

OSW_TEST_MAIN()
