#include <config.h>
#include "osw/daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "osw/fatal-signal.h"
#include "osw/poll-loop.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "testlib.h"

/* Daemon state is global and one-shot, so every daemonize_start() happens
 * in a forked child. */

static char *
tmp_file(const char *name)
{
    return xasprintf("%s/%s", osw_test_tmpdir(), name);
}

static void
write_file(const char *name, const char *contents)
{
    int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(!write_fully(fd, contents, strlen(contents)));
    close(fd);
}

static bool
file_exists(const char *name)
{
    struct stat s;
    return !stat(name, &s);
}

static long int
read_pid_from(const char *name)
{
    FILE *f = fopen(name, "r");
    long int pid = -1;
    if (f) {
        if (fscanf(f, "%ld", &pid) != 1) {
            pid = -1;
        }
        fclose(f);
    }
    return pid;
}

static int
wait_child(pid_t pid)
{
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    return status;
}

static bool
exited_with(int status, int code)
{
    return WIFEXITED(status) && WEXITSTATUS(status) == code;
}

/* A forked helper that runs 'body', tells the parent through a pipe that it
 * is ready, and then waits until the parent closes its end. */
struct helper {
    pid_t pid;
    int to_child;               /* Close to make the helper exit. */
};

/* The 'to_child' fds of running helpers.  A new helper must close them, or
 * its copy would keep an earlier helper from ever seeing end of file. */
static int helper_fds[8];
static size_t n_helper_fds;

static int helper_stop(struct helper *);

static void
helper_ready(int fd)
{
    CHECK(write(fd, "r", 1) == 1);
    close(fd);
}

static void
helper_wait_for_parent(int fd)
{
    char c;
    while (read(fd, &c, 1) > 0) {
        continue;
    }
}

/* Starts a helper that calls 'start(aux)', reports readiness and then
 * waits for helper_stop().  Returns false (and reaps it) if the helper
 * exits before becoming ready; '*status' then holds its status. */
static bool
helper_start(struct helper *h, void (*start)(void *), void *aux, int *status)
{
    int ready[2], stop[2];
    CHECK(!pipe(ready));
    CHECK(!pipe(stop));

    h->pid = fork();
    CHECK(h->pid >= 0);
    if (!h->pid) {
        close(ready[0]);
        close(stop[1]);
        for (size_t i = 0; i < n_helper_fds; i++) {
            close(helper_fds[i]);
        }
        start(aux);
        helper_ready(ready[1]);
        helper_wait_for_parent(stop[0]);
        exit(0);
    }
    close(ready[1]);
    close(stop[0]);
    h->to_child = stop[1];
    osw_assert(n_helper_fds < ARRAY_SIZE(helper_fds));
    helper_fds[n_helper_fds++] = h->to_child;

    char c;
    bool ok = read(ready[0], &c, 1) == 1;
    close(ready[0]);
    if (!ok) {
        *status = helper_stop(h);
    }
    return ok;
}

static int
helper_stop(struct helper *h)
{
    for (size_t i = 0; i < n_helper_fds; i++) {
        if (helper_fds[i] == h->to_child) {
            helper_fds[i] = helper_fds[--n_helper_fds];
            break;
        }
    }
    close(h->to_child);
    return wait_child(h->pid);
}

/* Helper body: locks 'aux' (a file that already has contents) the way a
 * daemon does, without going through daemon.c. */
static void
lock_file(void *name)
{
    int fd = open(name, O_RDWR);
    CHECK(fd >= 0);
    struct flock lck = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    CHECK(!fcntl(fd, F_SETLK, &lck));
    /* Leaked on purpose: the lock lives as long as the process. */
}

/* Helper body: becomes a daemon with pidfile 'aux'. */
static void
start_daemon(void *name)
{
    set_pidfile(name);
    daemonize_start();
    daemonize_complete();
}

static void
start_daemon_overwrite(void *name)
{
    ignore_existing_pidfile();
    start_daemon(name);
}

OSW_TEST(read_pidfile_missing)
{
    char *name = tmp_file("none.pid");
    CHECK_EQ(read_pidfile(name), -ENOENT);
    free(name);
}

OSW_TEST(read_pidfile_stale)
{
    char *name = tmp_file("stale.pid");
    /* Our own pid, even: without a lock it proves nothing. */
    char *s = xasprintf("%ld\n", (long) getpid());
    write_file(name, s);
    CHECK_EQ(read_pidfile(name), -ESRCH);
    free(s);
    free(name);
}

/* Helper body: writes its own pid into 'aux' and locks it. */
static void
write_pid_and_lock(void *name)
{
    char *s = xasprintf("%ld\n", (long) getpid());
    write_file(name, s);
    free(s);
    lock_file(name);
}

OSW_TEST(read_pidfile_live)
{
    char *name = tmp_file("live.pid");
    struct helper h;
    int status;
    CHECK(helper_start(&h, write_pid_and_lock, name, &status));
    CHECK_EQ(read_pidfile(name), h.pid);

    CHECK(exited_with(helper_stop(&h), 0));
    /* Its writer is gone: stale. */
    CHECK_EQ(read_pidfile(name), -ESRCH);
    free(name);
}

OSW_TEST(read_pidfile_garbage)
{
    static const char *contents[] = {
        "", "garbage\n", "12abc\n", "-5\n", "0\n", "99999999999999999999\n",
    };
    char *name = tmp_file("bad.pid");

    for (size_t i = 0; i < ARRAY_SIZE(contents); i++) {
        struct helper h;
        int status;
        write_file(name, contents[i]);
        CHECK(helper_start(&h, lock_file, name, &status));
        CHECK_EQ(read_pidfile(name), -EINVAL);
        CHECK(exited_with(helper_stop(&h), 0));
    }
    free(name);
}

OSW_TEST(read_pidfile_wrong_pid)
{
    /* Locked by one process but naming another: not to be trusted. */
    char *name = tmp_file("wrong.pid");
    write_file(name, "1\n");
    struct helper h;
    int status;
    CHECK(helper_start(&h, lock_file, name, &status));
    CHECK_EQ(read_pidfile(name), -EINVAL);
    CHECK(exited_with(helper_stop(&h), 0));
    free(name);
}

OSW_TEST(pidfile_names)
{
    setenv("OSW_RUNDIR", "/run/x", 1);
    CHECK(get_pidfile() == NULL);
    set_pidfile(NULL);
    CHECK_STREQ(get_pidfile(), "/run/x/test-daemon.pid");
    set_pidfile("other.pid");
    CHECK_STREQ(get_pidfile(), "/run/x/other.pid");
    set_pidfile("/abs/name.pid");
    CHECK_STREQ(get_pidfile(), "/abs/name.pid");
}

OSW_TEST(pidfile_created_locked_and_removed)
{
    char *name = tmp_file("d.pid");
    struct helper h;
    int status;
    CHECK(helper_start(&h, start_daemon, name, &status));

    CHECK_EQ(read_pid_from(name), h.pid);
    CHECK_EQ(read_pidfile(name), h.pid);

    CHECK(exited_with(helper_stop(&h), 0));
    CHECK(!file_exists(name));
    free(name);
}

OSW_TEST(pidfile_readable_by_owner)
{
    char *name = tmp_file("own.pid");
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        start_daemon(name);
        CHECK_STREQ(get_pidfile(), name);
        /* F_GETLK does not see our own lock: must still say "alive". */
        CHECK_EQ(read_pidfile(name), getpid());
        free(name);
        exit(0);
    }
    CHECK(exited_with(wait_child(pid), 0));
    free(name);
}

OSW_TEST(second_instance_refused)
{
    char *name = tmp_file("d.pid");
    struct helper first, second;
    int status;
    CHECK(helper_start(&first, start_daemon, name, &status));

    CHECK(!helper_start(&second, start_daemon, name, &status));
    CHECK(exited_with(status, 1));

    /* The first one's pidfile is untouched, and no temporary is left. */
    CHECK_EQ(read_pidfile(name), first.pid);
    char *tmp = xasprintf("%s.tmp%ld", name, (long) second.pid);
    CHECK(!file_exists(tmp));
    free(tmp);

    CHECK(exited_with(helper_stop(&first), 0));
    free(name);
}

OSW_TEST(overwrite_pidfile)
{
    char *name = tmp_file("d.pid");
    struct helper first, second;
    int status;
    CHECK(helper_start(&first, start_daemon, name, &status));
    CHECK(helper_start(&second, start_daemon_overwrite, name, &status));
    CHECK_EQ(read_pidfile(name), second.pid);

    /* The first one exits: it must not remove the second one's file. */
    CHECK(exited_with(helper_stop(&first), 0));
    CHECK_EQ(read_pidfile(name), second.pid);

    CHECK(exited_with(helper_stop(&second), 0));
    CHECK(!file_exists(name));
    free(name);
}

OSW_TEST(stale_pidfile_taken_over)
{
    char *name = tmp_file("d.pid");
    write_file(name, "1\n");
    CHECK_EQ(read_pidfile(name), -ESRCH);

    struct helper h;
    int status;
    CHECK(helper_start(&h, start_daemon, name, &status));
    CHECK_EQ(read_pidfile(name), h.pid);
    CHECK(exited_with(helper_stop(&h), 0));
    free(name);
}

OSW_TEST(missing_rundir_is_created)
{
    /* /var/run is a tmpfs: after a reboot our directory is gone. */
    char *rundir = tmp_file("new/run");
    setenv("OSW_RUNDIR", rundir, 1);
    struct helper h;
    int status;
    CHECK(helper_start(&h, start_daemon, NULL, &status));

    char *name = xasprintf("%s/test-daemon.pid", rundir);
    CHECK_EQ(read_pidfile(name), h.pid);
    CHECK(exited_with(helper_stop(&h), 0));
    CHECK(!file_exists(name));
    free(name);
    free(rundir);
}

OSW_TEST(pidfile_in_missing_directory_fails)
{
    char *name = tmp_file("no/such/dir/d.pid");
    struct helper h;
    int status;
    CHECK(!helper_start(&h, start_daemon, name, &status));
    CHECK(exited_with(status, 1));
    free(name);
}

OSW_TEST(sigterm_removes_pidfile)
{
    char *name = tmp_file("d.pid");
    int fds[2];
    CHECK(!pipe(fds));
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        close(fds[0]);
        start_daemon(name);
        helper_ready(fds[1]);
        for (;;) {
            poll_block();
        }
    }
    close(fds[1]);
    char c;
    CHECK(read(fds[0], &c, 1) == 1);
    close(fds[0]);
    CHECK(file_exists(name));

    CHECK(!kill(pid, SIGTERM));
    int status = wait_child(pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    CHECK(!file_exists(name));
    free(name);
}

OSW_TEST(complete_without_detach_keeps_cwd)
{
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        CHECK(!chdir(osw_test_tmpdir()));
        CHECK(!get_detach());
        daemonize();
        daemonize_complete();
        char *cwd = getcwd(NULL, 0);
        CHECK(cwd && !strcmp(cwd, osw_test_tmpdir()));
        free(cwd);
        exit(0);
    }
    CHECK(exited_with(wait_child(pid), 0));
}

/* --detach: the starter returns only when the daemon is up. */
OSW_TEST(detach)
{
    char *name = tmp_file("d.pid");
    char *cwd_file = tmp_file("cwd");
    pid_t starter = fork();
    CHECK(starter >= 0);
    if (!starter) {
        set_detach();
        CHECK(get_detach());
        start_daemon(name);
        /* Now the daemon: in "/", with stdio on /dev/null, in a new
         * session. */
        char *cwd = getcwd(NULL, 0);
        char *s = xasprintf("%s %d %d\n", cwd, getsid(0) == getpid(),
                            isatty(0));
        write_file(cwd_file, s);
        free(s);
        free(cwd);
        for (;;) {
            poll_block();
        }
    }
    /* The starter exits 0 once the daemon completed start-up, by which
     * time the pidfile exists. */
    CHECK(exited_with(wait_child(starter), 0));
    long int pid = read_pidfile(name);
    CHECK(pid > 0);
    CHECK(pid != starter);

    long long int deadline = time_msec() + 5000;
    while (!file_exists(cwd_file) && time_msec() < deadline) {
        osw_msleep(10);
    }
    FILE *f = fopen(cwd_file, "r");
    CHECK(f != NULL);
    char line[256];
    CHECK(fgets(line, sizeof line, f) != NULL);
    fclose(f);
    CHECK_STREQ(line, "/ 1 0\n");

    /* Not our child: wait for the pidfile to go away. */
    CHECK(!kill(pid, SIGTERM));
    while (file_exists(name) && time_msec() < deadline) {
        osw_msleep(10);
    }
    CHECK(!file_exists(name));
    free(cwd_file);
    free(name);
}

/* The starter reports a daemon that fails during start-up. */
OSW_TEST(detach_startup_failure)
{
    pid_t starter = fork();
    CHECK(starter >= 0);
    if (!starter) {
        set_detach();
        daemonize_start();
        exit(42);
    }
    CHECK(exited_with(wait_child(starter), 42));

    starter = fork();
    CHECK(starter >= 0);
    if (!starter) {
        set_detach();
        daemonize_start();
        signal(SIGABRT, SIG_DFL);
        abort();
    }
    CHECK(exited_with(wait_child(starter), 1));
}

/* --monitor without --detach: the test's child becomes the monitor. */
static void OSW_NO_RETURN
monitored_daemon(const char *runs, void (*die)(int run))
{
    daemon_set_monitor();
    daemonize_start();
    daemonize_complete();

    /* Count the runs in a file. */
    int fd = open(runs, O_CREAT | O_WRONLY | O_APPEND, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "x", 1) == 1);
    close(fd);
    struct stat s;
    CHECK(!stat(runs, &s));
    die(s.st_size);
    abort();
}

static void
crash_twice_then_exit(int run)
{
    if (run <= 2) {
        signal(SIGSEGV, SIG_DFL);
        raise(SIGSEGV);
    }
    exit(5);
}

OSW_TEST(monitor_restarts_after_crash)
{
    char *runs = tmp_file("runs");
    long long int start = time_msec();
    pid_t monitor = fork();
    CHECK(monitor >= 0);
    if (!monitor) {
        monitored_daemon(runs, crash_twice_then_exit);
    }
    /* Two quick crashes: 500 ms then 1000 ms of back-off. */
    int status = wait_child(monitor);
    CHECK(exited_with(status, 5));
    CHECK(time_msec() - start >= 1500);

    struct stat s;
    CHECK(!stat(runs, &s));
    CHECK_EQ(s.st_size, 3);
    free(runs);
}

static void
die_of_sigterm(int run OSW_UNUSED)
{
    signal(SIGTERM, SIG_DFL);
    raise(SIGTERM);
}

OSW_TEST(monitor_exits_when_daemon_terminated)
{
    char *runs = tmp_file("runs");
    pid_t monitor = fork();
    CHECK(monitor >= 0);
    if (!monitor) {
        monitored_daemon(runs, die_of_sigterm);
    }
    CHECK(exited_with(wait_child(monitor), 0));
    struct stat s;
    CHECK(!stat(runs, &s));
    CHECK_EQ(s.st_size, 1);
    free(runs);
}

OSW_TEST(monitor_startup_failure)
{
    pid_t monitor = fork();
    CHECK(monitor >= 0);
    if (!monitor) {
        daemon_set_monitor();
        daemonize_start();
        /* Fails before daemonize_complete(): no restart, same status. */
        exit(9);
    }
    CHECK(exited_with(wait_child(monitor), 9));
}

OSW_TEST_MAIN()
