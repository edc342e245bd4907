/* fatal-signal: see include/osw/fatal-signal.h.
 *
 * The handler does the least it can: it stores the signal number and writes
 * a byte to a self-pipe whose read end every poll_block() watches.  The real
 * work (hooks, unlinking, re-raising) happens in fatal_signal_run(), outside
 * signal context, where it may take locks, allocate and log. */
#include <config.h>
#include "osw/fatal-signal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "osw/poll-loop.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(fatal_signal);

static const int fatal_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGALRM };

/* Signals whose handler we installed (not those left ignored). */
static sigset_t handled_signals;

/* Self-pipe: the handler writes to [1]; poll_block() watches [0]. */
static int signal_fds[2] = { -1, -1 };

/* The first fatal signal received and not yet handled, or 0. */
static volatile sig_atomic_t stored_sig_nr;

struct fatal_hook {
    void (*function)(void *aux);
    void *aux;
};

/* Recursive because hooks commonly call back into this module (a server
 * that closes its socket calls fatal_signal_unlink_file_now()). */
static pthread_mutex_t mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static struct fatal_hook *hooks;            /* Guarded by 'mutex'. */
static size_t n_hooks, allocated_hooks;
static char **files;                        /* Guarded by 'mutex'. */
static size_t n_files, allocated_files;
static bool cleaned_up;                     /* Hooks already ran? */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void
fatal_signal_handler(int sig_nr)
{
    int saved_errno = errno;

    if (stored_sig_nr) {
        /* Still cleaning up after an earlier signal (or nobody called
         * fatal_signal_run()): the sender insists, so die now.  'sig_nr'
         * is blocked inside its handler, so the raised signal is delivered,
         * with the default action, as soon as we return. */
        signal(sig_nr, SIG_DFL);
        raise(sig_nr);
    } else {
        stored_sig_nr = sig_nr;
        if (write(signal_fds[1], "", 1) < 0) {
            /* The pipe is full: poll_block() wakes up anyway. */
        }
    }
    errno = saved_errno;
}

static void
open_signal_pipe(void)
{
    if (pipe2(signal_fds, O_NONBLOCK | O_CLOEXEC)) {
        osw_fatal(errno, "could not create the fatal-signal pipe");
    }
}

static void
run_cleanup(void)
{
    pthread_mutex_lock(&mutex);
    if (!cleaned_up) {
        cleaned_up = true;
        /* Last registered, first run, as with atexit(): later modules may
         * depend on earlier ones. */
        for (size_t i = n_hooks; i-- > 0; ) {
            hooks[i].function(hooks[i].aux);
        }
        for (size_t i = 0; i < n_files; i++) {
            if (unlink(files[i]) && errno != ENOENT) {
                VLOG_WARN("could not unlink \"%s\" (%s)",
                          files[i], strerror(errno));
            }
        }
    }
    pthread_mutex_unlock(&mutex);
}

static void
fatal_signal_atexit_handler(void)
{
    run_cleanup();
}

static void
do_init(void)
{
    open_signal_pipe();

    sigemptyset(&handled_signals);
    for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++) {
        int sig_nr = fatal_signals[i];
        struct sigaction old;

        /* A daemon started under nohup (SIGHUP ignored) must stay immune
         * to the signal its starter meant it to ignore. */
        if (sigaction(sig_nr, NULL, &old)) {
            osw_fatal(errno, "sigaction(%d) failed", sig_nr);
        }
        if (old.sa_handler != SIG_IGN) {
            sigaddset(&handled_signals, sig_nr);
        }
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fatal_signal_handler;
    /* Block every fatal signal inside the handler, so a second one is only
     * delivered after 'stored_sig_nr' is set. */
    sa.sa_mask = handled_signals;
    sa.sa_flags = SA_RESTART;
    for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++) {
        int sig_nr = fatal_signals[i];
        if (sigismember(&handled_signals, sig_nr)
            && sigaction(sig_nr, &sa, NULL)) {
            osw_fatal(errno, "sigaction(%d) failed", sig_nr);
        }
    }

    atexit(fatal_signal_atexit_handler);
}

/* Installs the signal handlers and the exit handler.  Idempotent and
 * thread-safe; every other function here calls it. */
void
fatal_signal_init(void)
{
    pthread_once(&init_once, do_init);
}

/* Registers 'hook' to be called with 'aux' when the process exits normally
 * or is killed by a fatal signal.  Hooks run once, in reverse order of
 * registration, before registered files are unlinked. */
void
fatal_signal_add_hook(void (*hook)(void *aux), void *aux)
{
    fatal_signal_init();
    pthread_mutex_lock(&mutex);
    if (n_hooks >= allocated_hooks) {
        hooks = x2nrealloc(hooks, &allocated_hooks, sizeof *hooks);
    }
    hooks[n_hooks++] = (struct fatal_hook) { hook, aux };
    pthread_mutex_unlock(&mutex);
}

static size_t
find_file(const char *file_name)
{
    for (size_t i = 0; i < n_files; i++) {
        if (!strcmp(files[i], file_name)) {
            return i;
        }
    }
    return SIZE_MAX;
}

/* Makes 'file_name' be unlinked when the process exits or is killed by a
 * fatal signal.  Registering a name twice has no further effect. */
void
fatal_signal_add_file_to_unlink(const char *file_name)
{
    fatal_signal_init();
    pthread_mutex_lock(&mutex);
    if (find_file(file_name) == SIZE_MAX) {
        if (n_files >= allocated_files) {
            files = x2nrealloc(files, &allocated_files, sizeof *files);
        }
        files[n_files++] = xstrdup(file_name);
    }
    pthread_mutex_unlock(&mutex);
}

/* Forgets 'file_name', so that it is no longer unlinked at exit. */
void
fatal_signal_remove_file_to_unlink(const char *file_name)
{
    fatal_signal_init();
    pthread_mutex_lock(&mutex);
    size_t i = find_file(file_name);
    if (i != SIZE_MAX) {
        free(files[i]);
        files[i] = files[--n_files];
    }
    pthread_mutex_unlock(&mutex);
}

/* Forgets 'file_name' and unlinks it now.  Returns 0 or a positive errno
 * value (ENOENT if it did not exist), logging other failures. */
int
fatal_signal_unlink_file_now(const char *file_name)
{
    fatal_signal_remove_file_to_unlink(file_name);
    if (unlink(file_name)) {
        int error = errno;
        if (error != ENOENT) {
            VLOG_WARN("could not unlink \"%s\" (%s)",
                      file_name, strerror(error));
        }
        return error;
    }
    return 0;
}

/* Call after fork() in the process that must not clean up what was
 * registered before the fork (normally the child): forgets every hook and
 * file without running them, and gives this process a wake-up pipe of its
 * own, so that a signal to one process does not wake the other's loop. */
void
fatal_signal_fork(void)
{
    fatal_signal_init();

    /* The other process may have held the lock while forking; in this
     * process no other thread exists to release it. */
    pthread_mutex_t fresh = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
    mutex = fresh;

    for (size_t i = 0; i < n_files; i++) {
        free(files[i]);
    }
    free(files);
    files = NULL;
    n_files = allocated_files = 0;
    free(hooks);
    hooks = NULL;
    n_hooks = allocated_hooks = 0;
    cleaned_up = false;

    /* Keep the handler from writing to a half-replaced pipe. */
    sigset_t old;
    pthread_sigmask(SIG_BLOCK, &handled_signals, &old);
    poll_fd_closing(signal_fds[0]);
    close(signal_fds[0]);
    close(signal_fds[1]);
    open_signal_pipe();
    if (stored_sig_nr) {
        /* Delivered around the fork: this process dies of it too. */
        if (write(signal_fds[1], "", 1) < 0) {
            /* Cannot happen on an empty pipe. */
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* If a fatal signal arrived, runs the hooks, unlinks the registered files
 * and kills the process with the same signal.  poll_block() calls this;
 * anything that blocks for long outside poll_block() should too. */
void
fatal_signal_run(void)
{
    int sig_nr = stored_sig_nr;
    if (!sig_nr) {
        return;
    }

    fatal_signal_init();
    pthread_mutex_lock(&mutex);

    VLOG_INFO("terminating with signal %d (%s)", sig_nr, strsignal(sig_nr));

    /* From now on a second signal kills at once, as the header promises. */
    for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++) {
        if (sigismember(&handled_signals, fatal_signals[i])) {
            signal(fatal_signals[i], SIG_DFL);
        }
    }
    run_cleanup();

    /* Die of the signal, so the parent sees the real cause.  The calling
     * thread may block it; unblock so it cannot stay pending. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig_nr);
    raise(sig_nr);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    raise(sig_nr);
    _exit(128 + sig_nr);
}

/* Makes the next poll_block() wake up when a fatal signal arrives. */
void
fatal_signal_wait(void)
{
    fatal_signal_init();
    /* Owned: every poll_block() waits on it, and only fatal_signal_fork()
     * closes it. */
    poll_fd_wait_owned(signal_fds[0], POLLIN);
}
