/* daemon: see include/osw/daemon.h.
 *
 * Process tree with --detach --monitor:
 *
 *     starter ──fork──> monitor ──fork──> daemon
 *     (waits, exits)    (restarts the      (writes the pidfile,
 *                        daemon on crash)   does the real work)
 *
 * Each fork goes through fork_and_wait_for_startup(): the parent blocks on
 * a pipe until the child calls daemonize_complete() (one byte arrives) or
 * dies (end of file), and in the second case exits with the child's
 * status, so whoever started us learns of a failed start-up.  The pidfile
 * holds the pid of the process doing the work, so that signals sent to it
 * reach the daemon; the monitor follows the daemon, not the other way
 * round. */
#include <config.h>
#include "osw/daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "osw/dirs.h"
#include "osw/fatal-signal.h"
#include "osw/poll-loop.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(daemon);

/* A daemon that crashes sooner than this after starting is in a crash
 * loop: the monitor waits before each further restart. */
#define MONITOR_QUICK_CRASH_MSEC 5000
#define MONITOR_MIN_BACKOFF_MSEC 500
#define MONITOR_MAX_BACKOFF_MSEC 16000

static bool detach;             /* --detach */
static bool chdir_ = true;      /* Not --no-chdir. */
static char *pidfile;           /* --pidfile, absolute, or NULL. */
static bool pidfile_in_rundir;  /* Named relative to RUNDIR? */
static bool overwrite_pidfile;  /* --overwrite-pidfile */
static bool monitor;            /* --monitor */

/* Write end of the pipe to the process waiting for our start-up, or -1. */
static int daemonize_fd = -1;
static bool completed;          /* daemonize_complete() was called. */

/* The pidfile we wrote: kept open to hold the lock, and identified by
 * device and inode so we only ever remove our own. */
static int pidfile_fd = -1;
static dev_t pidfile_dev;
static ino_t pidfile_ino;

/* Makes daemonize_start() fork into the background (see the header). */
void
set_detach(void)
{
    detach = true;
}

/* Returns true if --detach was given. */
bool
get_detach(void)
{
    return detach;
}

/* Makes a detached daemon keep its working directory instead of moving to
 * "/". */
void
set_no_chdir(void)
{
    chdir_ = false;
}

/* Makes daemonize_start() write a pidfile named 'name', taken relative to
 * the run directory unless absolute; NULL means RUNDIR/PROGRAM.pid. */
void
set_pidfile(const char *name)
{
    free(pidfile);
    pidfile_in_rundir = !name || name[0] != '/';
    pidfile = (name
               ? abs_file_name(osw_rundir(), name)
               : xasprintf("%s/%s.pid", osw_rundir(), program_name));
}

/* Returns the absolute name of the pidfile, or NULL without --pidfile. */
const char *
get_pidfile(void)
{
    return pidfile;
}

/* Makes daemonize_start() replace a pidfile even if a live process holds
 * it. */
void
ignore_existing_pidfile(void)
{
    overwrite_pidfile = true;
}

/* Makes daemonize_start() run a monitor process that restarts the daemon
 * when it crashes. */
void
daemon_set_monitor(void)
{
    monitor = true;
}

/* Describes wait() status 'status' for log messages.  Caller frees. */
static char *
describe_status(int status)
{
    if (WIFEXITED(status)) {
        return xasprintf("exit status %d", WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
        int sig_nr = WTERMSIG(status);
        return xasprintf("killed by signal %d (%s)%s", sig_nr,
                         strsignal(sig_nr),
                         WCOREDUMP(status) ? ", core dumped" : "");
    } else {
        return xasprintf("unknown status %#x", status);
    }
}

static pid_t
waitpid_eintr(pid_t pid, int *status, int options)
{
    pid_t retval;
    do {
        retval = waitpid(pid, status, options);
    } while (retval < 0 && errno == EINTR);
    return retval;
}

/* Exits the way a parent that must not clean up does: its files and hooks
 * belong to the child that carries on. */
static void OSW_NO_RETURN
exit_parent(int status)
{
    fflush(NULL);
    _exit(status);
}

/* Forks.  In the child, stores in '*fdp' the descriptor that
 * daemonize_complete() must write to, and returns 0.  In the parent, waits
 * until the child completes start-up and returns its pid; if the child dies
 * first, exits with the child's exit status (1 if a signal killed it). */
static pid_t
fork_and_wait_for_startup(int *fdp)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC)) {
        osw_fatal(errno, "pipe failed");
    }

    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        osw_fatal(errno, "fork failed");
    } else if (pid == 0) {
        close(fds[0]);
        *fdp = fds[1];
        return 0;
    }

    close(fds[1]);
    char c;
    ssize_t n;
    do {
        n = read(fds[0], &c, 1);
    } while (n < 0 && errno == EINTR);
    close(fds[0]);
    if (n == 1) {
        return pid;
    }

    int status;
    if (waitpid_eintr(pid, &status, 0) != pid) {
        osw_fatal(errno, "waiting for daemon process %ld failed", (long) pid);
    }
    if (WIFEXITED(status)) {
        /* The child has said why (e.g. "already running"), on stderr. */
        exit_parent(WEXITSTATUS(status));
    }
    char *s = describe_status(status);
    fprintf(stderr, "%s: daemon process %ld died during start-up, %s\n",
            program_name, (long) pid, s);
    free(s);
    exit_parent(1);
}

/* Tells the process waiting on 'fd' that start-up is complete. */
static void
notify_startup(int fd)
{
    if (fd >= 0) {
        int error = write_fully(fd, "", 1);
        if (error) {
            VLOG_FATAL("pipe write to waiting parent failed (%s)",
                       osw_strerror(error));
        }
        close(fd);
    }
}

static bool
is_crash_signal(int sig_nr)
{
    return (sig_nr == SIGSEGV || sig_nr == SIGABRT || sig_nr == SIGBUS
            || sig_nr == SIGFPE || sig_nr == SIGILL);
}

/* Opens a descriptor that becomes readable when child 'pid' exits, or
 * returns -1 where the kernel lacks pidfd_open(). */
static int
open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
    int fd = syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) {
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        return fd;
    }
#endif
    return -1;
}

/* Waits for child 'pid' to exit and returns its wait status.  Runs the
 * poll loop meanwhile, so that a fatal signal still ends the monitor. */
static int
monitor_wait(pid_t pid)
{
    int pidfd = open_pidfd(pid);
    int status;

    for (;;) {
        pid_t retval = waitpid_eintr(pid, &status, WNOHANG);
        if (retval == pid) {
            break;
        } else if (retval < 0) {
            VLOG_FATAL("waitpid for daemon %ld failed (%s)",
                       (long) pid, strerror(errno));
        }
        if (pidfd >= 0) {
            poll_fd_wait(pidfd, POLLIN);
        } else {
            poll_timer_wait(100);
        }
        poll_block();
    }
    if (pidfd >= 0) {
        close(pidfd);
    }
    return status;
}

/* Sleeps 'msec' milliseconds in the poll loop (so fatal signals work). */
static void
monitor_sleep(long long int msec)
{
    long long int deadline = time_add_saturating(time_msec(), msec);
    while (time_msec() < deadline) {
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

/* Returns the delay before the next restart, given the previous one and
 * how long the daemon that just crashed ran. */
static long long int
monitor_backoff(long long int backoff, long long int ran_msec)
{
    if (ran_msec >= MONITOR_QUICK_CRASH_MSEC) {
        return 0;
    }
    return (backoff
            ? MIN(backoff * 2, MONITOR_MAX_BACKOFF_MSEC)
            : MONITOR_MIN_BACKOFF_MSEC);
}

/* Runs the monitor: waits for daemon 'daemon_pid' and restarts it when a
 * crash kills it.  Returns only in a newly forked daemon process; the
 * monitor itself exits when the daemon exits or is killed by anything
 * other than a crash. */
static void
monitor_daemon(pid_t daemon_pid)
{
    long long int started = time_msec();
    long long int backoff = 0;

    /* What was registered before the fork is the daemon's to clean up. */
    fatal_signal_fork();

    for (;;) {
        VLOG_INFO("monitoring pid %ld", (long) daemon_pid);
        int status = monitor_wait(daemon_pid);
        char *s = describe_status(status);

        if (!WIFSIGNALED(status) || !is_crash_signal(WTERMSIG(status))) {
            VLOG_INFO("pid %ld died, %s, exiting", (long) daemon_pid, s);
            free(s);
            exit(WIFEXITED(status) ? WEXITSTATUS(status) : 0);
        }

        backoff = monitor_backoff(backoff, time_msec() - started);
        if (backoff) {
            VLOG_ERR("pid %ld died, %s, restarting in %lld ms",
                     (long) daemon_pid, s, backoff);
            monitor_sleep(backoff);
        } else {
            VLOG_ERR("pid %ld died, %s, restarting", (long) daemon_pid, s);
        }
        free(s);

        fflush(NULL);
        started = time_msec();
        daemon_pid = fork();
        if (daemon_pid < 0) {
            VLOG_FATAL("fork failed (%s)", strerror(errno));
        } else if (daemon_pid == 0) {
            return;
        }
        fatal_signal_fork();
    }
}

/* Unlinks the pidfile at exit, unless someone (--overwrite-pidfile) has
 * replaced it with their own since. */
static void
unlink_pidfile(void *aux OSW_UNUSED)
{
    struct stat s;
    if (pidfile && !stat(pidfile, &s)
        && s.st_dev == pidfile_dev && s.st_ino == pidfile_ino) {
        unlink(pidfile);
    }
}

/* Creates the pidfile: written and locked under a temporary name, then
 * renamed into place, so a reader never sees a partial or unlocked file.
 * Exits with a message if another live process holds the pidfile. */
static void
make_pidfile(void)
{
    if (pidfile_in_rundir) {
        /* Our own directory, which may be on a tmpfs that was empty at
         * boot: create it.  An absolute name's directory is the user's
         * business. */
        int error = osw_mkdir_p(osw_rundir());
        if (error) {
            VLOG_WARN("%s: could not create directory (%s)",
                      osw_rundir(), osw_strerror(error));
        }
    }

    char *tmpfile = xasprintf("%s.tmp%ld", pidfile, (long) getpid());
    fatal_signal_add_file_to_unlink(tmpfile);

    int fd = open(tmpfile, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) {
        VLOG_FATAL("%s: create failed (%s)", tmpfile, strerror(errno));
    }

    struct flock lck = {
        .l_type = F_WRLCK,
        .l_whence = SEEK_SET,
    };
    if (fcntl(fd, F_SETLK, &lck)) {
        VLOG_FATAL("%s: fcntl(F_SETLK) failed (%s)",
                   tmpfile, strerror(errno));
    }

    if (!overwrite_pidfile) {
        pid_t pid = read_pidfile(pidfile);
        if (pid > 0) {
            fatal_signal_unlink_file_now(tmpfile);
            VLOG_FATAL("%s: already running as pid %ld, aborting "
                       "(use --overwrite-pidfile to replace it)",
                       pidfile, (long) pid);
        }
    }

    char *s = xasprintf("%ld\n", (long) getpid());
    int error = write_fully(fd, s, strlen(s));
    free(s);
    if (error) {
        VLOG_FATAL("%s: write failed (%s)", tmpfile, osw_strerror(error));
    }

    struct stat st;
    if (fstat(fd, &st)) {
        VLOG_FATAL("%s: fstat failed (%s)", tmpfile, strerror(errno));
    }
    pidfile_dev = st.st_dev;
    pidfile_ino = st.st_ino;

    if (rename(tmpfile, pidfile)) {
        VLOG_FATAL("failed to rename \"%s\" to \"%s\" (%s)",
                   tmpfile, pidfile, strerror(errno));
    }
    fatal_signal_remove_file_to_unlink(tmpfile);
    free(tmpfile);

    fatal_signal_add_hook(unlink_pidfile, NULL);

    /* Keep 'fd' open: closing any descriptor for the file would drop the
     * lock that tells readers we are alive. */
    if (pidfile_fd >= 0) {
        close(pidfile_fd);
    }
    pidfile_fd = fd;
}

/* Points stdin, stdout and stderr at /dev/null, so a detached daemon holds
 * no terminal and writes to no closed pipe. */
static void
close_standard_fds(void)
{
    int fd = open("/dev/null", O_RDWR);
    if (fd < 0) {
        VLOG_ERR("could not open /dev/null (%s)", strerror(errno));
        return;
    }
    for (int i = 0; i < 3; i++) {
        if (fd != i) {
            dup2(fd, i);
        }
    }
    if (fd > 2) {
        close(fd);
    }
}

/* Does what the options ask for before the daemon opens its sockets: forks
 * into the background (--detach), starts the monitor (--monitor) and
 * writes the pidfile (--pidfile).  On failure, exits with a message. */
void
daemonize_start(void)
{
    if (detach) {
        if (fork_and_wait_for_startup(&daemonize_fd) > 0) {
            exit_parent(0);
        }
        /* Leave the starter's session, so its terminal's hang-ups and job
         * control signals no longer reach us. */
        if (setsid() < 0) {
            VLOG_FATAL("setsid failed (%s)", strerror(errno));
        }
    }

    if (monitor) {
        int starter_fd = daemonize_fd;
        pid_t daemon_pid = fork_and_wait_for_startup(&daemonize_fd);
        if (daemon_pid > 0) {
            notify_startup(starter_fd);
            daemonize_fd = -1;
            if (detach) {
                if (chdir_ && chdir("/")) {
                    VLOG_WARN("chdir(\"/\") failed (%s)", strerror(errno));
                }
                close_standard_fds();
            }
            monitor_daemon(daemon_pid);
            /* Returns only in a restarted daemon process. */
        } else if (starter_fd >= 0) {
            /* Only the monitor talks to the starter. */
            close(starter_fd);
        }
    }

    if (pidfile) {
        make_pidfile();
    }
}

/* Tells whoever waits for our start-up (the starter with --detach, the
 * monitor with --monitor) that we are ready, and with --detach moves to
 * "/" and lets go of the standard descriptors.  Call once the daemon's
 * sockets are open; later calls do nothing. */
void
daemonize_complete(void)
{
    if (completed) {
        return;
    }
    completed = true;

    notify_startup(daemonize_fd);
    daemonize_fd = -1;

    if (detach) {
        if (chdir_ && chdir("/")) {
            VLOG_WARN("chdir(\"/\") failed (%s)", strerror(errno));
        }
        close_standard_fds();
    }
}

/* Daemonizes at once, for programs with nothing to set up in between. */
void
daemonize(void)
{
    daemonize_start();
    daemonize_complete();
}

/* Prints the daemon options for --help. */
void
daemon_usage(void)
{
    printf("\nDaemon options:\n"
           "  --detach                run in background as daemon\n"
           "  --no-chdir              do not chdir to '/'\n"
           "  --pidfile[=FILE]        create pidfile (default: %s/%s.pid)\n"
           "  --overwrite-pidfile     with --pidfile, start even if already "
           "running\n"
           "  --monitor               restart the daemon when it crashes\n",
           osw_rundir(), program_name);
}

/* Parses the pid in the file open on 'fd'.  Returns it, or a negative
 * errno value. */
static pid_t
parse_pidfile(const char *name, int fd)
{
    char buf[32];
    ssize_t n;
    do {
        n = pread(fd, buf, sizeof buf - 1, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        int error = errno;
        VLOG_WARN("%s: read failed (%s)", name, strerror(error));
        return -error;
    }
    buf[n] = '\0';

    char *end;
    errno = 0;
    long int pid = strtol(buf, &end, 10);
    if (errno || end == buf || pid <= 0 || pid > INT_MAX
        || (*end && *end != '\n')) {
        VLOG_WARN("%s: does not contain a pid", name);
        return -EINVAL;
    }
    return pid;
}

/* Returns the pid in 'name' if a live process holds the pidfile's lock
 * (that is, the daemon that wrote it still runs).  Otherwise returns a
 * negative errno value: -ENOENT if there is no such file, -ESRCH if it is
 * stale (its writer died), -EINVAL if it is garbage, others for I/O
 * errors. */
pid_t
read_pidfile(const char *name)
{
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int error = errno;
        if (error != ENOENT) {
            VLOG_WARN("%s: open failed (%s)", name, strerror(error));
        }
        return -error;
    }

    pid_t retval;
    struct stat s;
    if (pidfile_fd >= 0 && !fstat(fd, &s)
        && s.st_dev == pidfile_dev && s.st_ino == pidfile_ino) {
        /* Our own: F_GETLK never reports a lock we hold. */
        retval = getpid();
        goto out;
    }

    struct flock lck = {
        .l_type = F_WRLCK,
        .l_whence = SEEK_SET,
    };
    if (fcntl(fd, F_GETLK, &lck)) {
        retval = -errno;
        VLOG_WARN("%s: fcntl(F_GETLK) failed (%s)", name, strerror(errno));
        goto out;
    }
    if (lck.l_type == F_UNLCK) {
        retval = -ESRCH;
        goto out;
    }

    retval = parse_pidfile(name, fd);
    if (retval > 0 && lck.l_pid && lck.l_pid != retval) {
        /* l_pid is 0 when the holder is in another pid namespace; then
         * only the contents can tell. */
        VLOG_WARN("%s: locked by pid %ld but contains pid %ld",
                  name, (long) lck.l_pid, (long) retval);
        retval = -EINVAL;
    }

out:
    close(fd);
    return retval;
}
